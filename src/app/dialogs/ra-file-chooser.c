/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ra-file-chooser.h"

/* Every chooser of the main window (open data, new and open project, save
 * a copy, export tables and layers, import) starts where the last file was
 * opened or saved; the window remembers that folder with each file. */

GtkFileChooser *
ra_file_chooser_new (GtkWindow *parent, GSettings *settings, const char *title,
                     GtkFileChooserAction action, const char *accept)
{
  GtkFileChooserNative *native;
  g_autofree char *folder = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  native = gtk_file_chooser_native_new (title, parent, action, accept, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  folder = g_settings_get_string (settings, "last-folder");
  if (folder != NULL && *folder != '\0' && g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) dir = g_file_new_for_path (folder);
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), dir, NULL);
    }
  return GTK_FILE_CHOOSER (native);
}

void
ra_file_chooser_add_filter (GtkFileChooser *chooser, const char *name,
                            const char * const *suffixes)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; suffixes[i] != NULL; i++)
    gtk_file_filter_add_suffix (filter, suffixes[i]);
  gtk_file_chooser_add_filter (chooser, filter);
}

char *
ra_file_chooser_with_suffix (const char *path, const char * const *suffixes, const char *fallback)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  for (guint i = 0; suffixes[i] != NULL; i++)
    if (g_str_has_suffix (lower, suffixes[i]))
      return g_strdup (path);
  return g_strconcat (path, fallback, NULL);
}
