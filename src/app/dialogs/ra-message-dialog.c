/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ra-message-dialog.h"

/* One shape for the lists in message dialogs, so the window's layer
 * chooser and findings and the import report look and scroll alike. */

void
ra_message_dialog_set_scrolled_child (AdwMessageDialog *dialog, GtkWidget *child)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), child);
  adw_message_dialog_set_extra_child (dialog, scrolled);
}

void
ra_message_dialog_add_lines (AdwMessageDialog *dialog, GPtrArray *lines)
{
  GString *text = g_string_new (NULL);
  g_autofree char *joined = NULL;
  GtkWidget *label;

  for (guint i = 0; lines != NULL && i < lines->len; i++)
    {
      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, g_ptr_array_index (lines, i));
    }
  joined = g_string_free (text, FALSE);

  label = gtk_label_new (joined);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  ra_message_dialog_set_scrolled_child (dialog, label);
}
