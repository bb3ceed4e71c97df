/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ra-crs-dialog.h"

/* The CRS dialog: the text is parsed as it is typed (the CRS it names is
 * shown under it), suggestions fill it in, Apply hands the CRS on. */

struct _RaCrsDialog
{
  AdwWindow        parent_instance;

  /* template widgets */
  AdwWindowTitle  *window_title;
  AdwPreferencesGroup *entry_group;
  AdwEntryRow     *entry_row;
  GtkLabel        *error_label;
  GtkLabel        *name_label;
  AdwPreferencesGroup *suggestions_group;
  GtkListBox      *suggestions_list;
  GtkButton       *apply_button;

  /* owned */
  gboolean         error_shown;
};

G_DEFINE_FINAL_TYPE (RaCrsDialog, ra_crs_dialog, ADW_TYPE_WINDOW)

enum {
  APPLY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
ra_crs_dialog_show_error (RaCrsDialog *self, const char *message)
{
  g_return_if_fail (RA_IS_CRS_DIALOG (self));

  self->error_shown = message != NULL;
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (message != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->entry_row), "error");
      gtk_widget_set_visible (GTK_WIDGET (self->name_label), FALSE);
      gtk_widget_grab_focus (GTK_WIDGET (self->entry_row));
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->entry_row), "error");
}

gboolean
ra_crs_dialog_apply (RaCrsDialog *self)
{
  g_autoptr(RaCrs) crs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (RA_IS_CRS_DIALOG (self), FALSE);

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry_row))));
  if (*text == '\0')
    {
      ra_crs_dialog_show_error (self, _("Enter a CRS, for example EPSG:4490."));
      return FALSE;
    }
  crs = ra_crs_new_from_user_input (text, &error);
  if (crs == NULL)
    {
      ra_crs_dialog_show_error (self, error->message);
      return FALSE;
    }

  ra_crs_dialog_show_error (self, NULL);
  g_signal_emit (self, signals[APPLY], 0, crs);
  if (self->error_shown)
    return FALSE;
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
apply_clicked_cb (RaCrsDialog *self)
{
  ra_crs_dialog_apply (self);
}

static void
cancel_clicked_cb (RaCrsDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
entry_changed_cb (RaCrsDialog *self)
{
  g_autoptr(RaCrs) crs = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry_row));

  if (self->error_shown)
    ra_crs_dialog_show_error (self, NULL);

  /* Name what the user typed as soon as PROJ knows it; errors wait for Apply. */
  if (text != NULL && *text != '\0')
    crs = ra_crs_new_from_user_input (text, NULL);
  gtk_label_set_text (self->name_label, crs != NULL ? ra_crs_get_name (crs) : "");
  gtk_widget_set_visible (GTK_WIDGET (self->name_label), crs != NULL);
}

static void
suggestion_activated_cb (RaCrsDialog *self, GtkListBoxRow *row)
{
  const char *text = g_object_get_data (G_OBJECT (row), "crs-text");

  if (text != NULL)
    ra_crs_dialog_set_text (self, text);
}

void
ra_crs_dialog_set_text (RaCrsDialog *self, const char *text)
{
  g_return_if_fail (RA_IS_CRS_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->entry_row), text != NULL ? text : "");
}

void
ra_crs_dialog_add_suggestion (RaCrsDialog *self, const char *text, const char *title)
{
  GtkWidget *row;

  g_return_if_fail (RA_IS_CRS_DIALOG (self));
  g_return_if_fail (text != NULL);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL ? title : text);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "crs-text", g_strdup (text), g_free);
  gtk_list_box_append (self->suggestions_list, row);
  gtk_widget_set_visible (GTK_WIDGET (self->suggestions_group), TRUE);
}

static void
ra_crs_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RA_TYPE_CRS_DIALOG);
  G_OBJECT_CLASS (ra_crs_dialog_parent_class)->dispose (object);
}

static void
ra_crs_dialog_class_init (RaCrsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ra_crs_dialog_dispose;

  signals[APPLY] =
    g_signal_new ("apply", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, RA_TYPE_CRS);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/reclaimatlas/ReclaimAtlas/ra-crs-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RaCrsDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, RaCrsDialog, entry_group);
  gtk_widget_class_bind_template_child (widget_class, RaCrsDialog, entry_row);
  gtk_widget_class_bind_template_child (widget_class, RaCrsDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, RaCrsDialog, name_label);
  gtk_widget_class_bind_template_child (widget_class, RaCrsDialog, suggestions_group);
  gtk_widget_class_bind_template_child (widget_class, RaCrsDialog, suggestions_list);
  gtk_widget_class_bind_template_child (widget_class, RaCrsDialog, apply_button);
  gtk_widget_class_bind_template_callback (widget_class, apply_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, suggestion_activated_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ra_crs_dialog_init (RaCrsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

RaCrsDialog *
ra_crs_dialog_new (GtkWindow  *parent,
                   const char *title,
                   const char *description,
                   RaCrs      *current)
{
  RaCrsDialog *self = g_object_new (RA_TYPE_CRS_DIALOG,
                                    "transient-for", parent,
                                    "modal", TRUE,
                                    "title", title,
                                    NULL);

  adw_window_title_set_title (self->window_title, title);
  adw_preferences_group_set_description (self->entry_group, description);
  if (current != NULL)
    ra_crs_dialog_set_text (self, ra_crs_get_auth_id (current) != NULL ?
                                  ra_crs_get_auth_id (current) :
                                  ra_crs_get_definition (current));
  return self;
}
