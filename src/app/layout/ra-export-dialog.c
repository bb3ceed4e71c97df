/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ra-export-dialog.h"
#include "ra-ledger.h"
#include "ra-plan.h"

/* The format row's entries, in order. */
static const struct {
  RaExportFormat format;
  double         dpi;
  const char    *suffix;
} formats[] = {
  { RA_EXPORT_FORMAT_PDF, 0, ".pdf" },
  { RA_EXPORT_FORMAT_SVG, 0, ".svg" },
  { RA_EXPORT_FORMAT_PNG, 150, ".png" },
  { RA_EXPORT_FORMAT_PNG, 300, ".png" },
  { RA_EXPORT_FORMAT_PNG, 600, ".png" },
};

struct _RaExportDialog
{
  AdwWindow         parent_instance;

  /* template widgets */
  GtkWidget        *options_group;
  AdwComboRow      *format_row;
  GtkSwitch        *atlas_switch;
  GtkProgressBar   *progress_bar;
  GtkLabel         *status_label;
  GtkButton        *cancel_button;
  GtkButton        *export_button;

  /* owned */
  RaLayout         *layout;
  RaLayoutContext  *ctx;
  char             *suggested_name;
  GCancellable     *cancellable;     /* non-NULL while running */
  GError           *error;
  GStrv             files;
  RaStore          *store;           /* (nullable) the atlas's county pages */
  GPtrArray        *county_panels;   /* (nullable) of the running atlas */
  GPtrArray        *ledger_pages;
  GPtrArray        *profile_pages;
  guint             n_progress;
  double            fraction;
};

G_DEFINE_FINAL_TYPE (RaExportDialog, ra_export_dialog, ADW_TYPE_WINDOW)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

gboolean
ra_export_dialog_is_running (RaExportDialog *self)
{
  g_return_val_if_fail (RA_IS_EXPORT_DIALOG (self), FALSE);
  return self->cancellable != NULL;
}

guint
ra_export_dialog_get_n_progress (RaExportDialog *self)
{
  g_return_val_if_fail (RA_IS_EXPORT_DIALOG (self), 0);
  return self->n_progress;
}

double
ra_export_dialog_get_fraction (RaExportDialog *self)
{
  g_return_val_if_fail (RA_IS_EXPORT_DIALOG (self), 0);
  return self->fraction;
}

const GError *
ra_export_dialog_get_error (RaExportDialog *self)
{
  g_return_val_if_fail (RA_IS_EXPORT_DIALOG (self), NULL);
  return self->error;
}

const char * const *
ra_export_dialog_get_files (RaExportDialog *self)
{
  g_return_val_if_fail (RA_IS_EXPORT_DIALOG (self), NULL);
  return (const char * const *) self->files;
}

static void
set_running (RaExportDialog *self, gboolean running)
{
  gtk_widget_set_sensitive (self->options_group, !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), !running);
  gtk_button_set_label (self->cancel_button, running || self->files == NULL ? _("_Cancel")
                                                                             : _("_Close"));
  if (running)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
      gtk_progress_bar_set_text (self->progress_bar, _("Starting…"));
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
    }
}

static void
progress_cb (double fraction, guint page, guint n_pages, gpointer user_data)
{
  RaExportDialog *self = user_data;
  g_autofree char *text = NULL;

  self->n_progress++;
  self->fraction = fraction;
  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
  if (n_pages > 1)
    /* Translators: export progress, "page 3 of 6". */
    text = g_strdup_printf (_("Page %u of %u"), MIN (page + 1, n_pages), n_pages);
  else
    text = g_strdup_printf ("%.0f %%", 100.0 * CLAMP (fraction, 0.0, 1.0));
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
export_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(RaExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) files = ra_export_layout_finish (result, &error);
  g_autofree char *text = NULL;

  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);
  g_clear_pointer (&self->files, g_strfreev);

  if (files == NULL)
    {
      gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

      text = cancelled ? g_strdup (_("Export cancelled; no file was left behind."))
                       : g_strdup (error->message);
      gtk_progress_bar_set_text (self->progress_bar, cancelled ? _("Cancelled") : _("Failed"));
      self->error = g_steal_pointer (&error);
    }
  else
    {
      guint n = g_strv_length (files);
      g_autofree char *display = ra_path_display_name (files[0]);

      gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
      gtk_progress_bar_set_text (self->progress_bar, _("Done"));
      if (n == 1)
        text = g_strdup_printf (_("Saved to %s"), display);
      else
        text = g_strdup_printf (ngettext ("%u file saved, the first %s",
                                          "%u files saved, the first %s", n), n, display);
      self->files = g_steal_pointer (&files);
    }
  gtk_label_set_text (self->status_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
  set_running (self, FALSE);
  g_signal_emit (self, signals[FINISHED], 0, self->files != NULL);
}

void
ra_export_dialog_start (RaExportDialog *self, const char *path, RaExportFormat format,
                        double dpi, gboolean atlas)
{
  RaExportOptions opts;

  g_return_if_fail (RA_IS_EXPORT_DIALOG (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (!ra_export_dialog_is_running (self));

  g_clear_error (&self->error);
  g_clear_pointer (&self->files, g_strfreev);
  self->n_progress = 0;
  self->fraction = 0;
  self->cancellable = g_cancellable_new ();

  ra_export_options_init (&opts);
  opts.format = format;
  opts.dpi = dpi;
  opts.atlas = atlas;
  g_clear_pointer (&self->county_panels, g_ptr_array_unref);
  g_clear_pointer (&self->ledger_pages, g_ptr_array_unref);
  g_clear_pointer (&self->profile_pages, g_ptr_array_unref);
  if (atlas && self->store != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RaPlan) plan = ra_plan_new_from_store (self->store, &error);

      /* Without a plan (or ledger) the pages are the maps alone. */
      if (plan != NULL && self->ctx->year > 0)
        self->county_panels = ra_export_county_panels (plan, self->ctx->year);
      else if (error != NULL)
        g_message ("atlas without county figures: %s", error->message);
      self->ledger_pages = ra_ledger_atlas_pages (self->store, 0, NULL);
      self->profile_pages = ra_export_atlas_profiles (self->store, self->ctx->year, NULL);
    }
  /* Held here until the export is done (it runs in a thread). */
  opts.county_panels = self->county_panels;
  opts.ledger_pages = self->ledger_pages;
  opts.profile_pages = self->profile_pages;
  opts.progress = progress_cb;
  opts.progress_data = self;
  set_running (self, TRUE);
  ra_export_layout_async (self->layout, self->ctx, &opts, path, self->cancellable,
                          export_done_cb, g_object_ref (self));
}

void
ra_export_dialog_set_store (RaExportDialog *self, RaStore *store)
{
  g_return_if_fail (RA_IS_EXPORT_DIALOG (self));
  g_return_if_fail (store == NULL || RA_IS_STORE (store));

  g_set_object (&self->store, store);
}

void
ra_export_dialog_cancel (RaExportDialog *self)
{
  g_return_if_fail (RA_IS_EXPORT_DIALOG (self));

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      gtk_progress_bar_set_text (self->progress_bar, _("Cancelling…"));
    }
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
cancel_clicked_cb (RaExportDialog *self)
{
  ra_export_dialog_cancel (self);
}

static void
cancel_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ra_export_dialog_cancel (RA_EXPORT_DIALOG (widget));
}

static void
chooser_response_cb (GtkNativeDialog *native, int response, RaExportDialog *self)
{
  guint index = adw_combo_row_get_selected (self->format_row);

  if (response == GTK_RESPONSE_ACCEPT && index < G_N_ELEMENTS (formats))
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        {
          g_autofree char *with_suffix = NULL;

          /* The format is the one chosen here, whatever the name says. */
          if (!g_str_has_suffix (path, formats[index].suffix))
            with_suffix = g_strconcat (path, formats[index].suffix, NULL);
          ra_export_dialog_start (self, with_suffix != NULL ? with_suffix : path,
                                  formats[index].format, formats[index].dpi,
                                  gtk_switch_get_active (self->atlas_switch));
        }
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
export_clicked_cb (RaExportDialog *self)
{
  guint index = adw_combo_row_get_selected (self->format_row);
  GtkFileChooserNative *native;
  g_autofree char *name = NULL;

  if (index >= G_N_ELEMENTS (formats))
    return;
  native = gtk_file_chooser_native_new (_("Export Map"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  name = g_strconcat (self->suggested_name != NULL ? self->suggested_name : _("map"),
                      formats[index].suffix, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  g_signal_connect_object (native, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static gboolean
ra_export_dialog_close_request (GtkWindow *window)
{
  RaExportDialog *self = RA_EXPORT_DIALOG (window);

  /* Closing mid-export cancels it; its files are removed. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (ra_export_dialog_parent_class)->close_request (window);
}

static void
ra_export_dialog_dispose (GObject *object)
{
  RaExportDialog *self = RA_EXPORT_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RA_TYPE_EXPORT_DIALOG);
  G_OBJECT_CLASS (ra_export_dialog_parent_class)->dispose (object);
}

static void
ra_export_dialog_finalize (GObject *object)
{
  RaExportDialog *self = RA_EXPORT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->layout, ra_layout_free);
  g_clear_pointer (&self->ctx, ra_layout_context_free);
  g_clear_pointer (&self->suggested_name, g_free);
  g_clear_error (&self->error);
  g_clear_pointer (&self->files, g_strfreev);
  g_clear_object (&self->store);
  g_clear_pointer (&self->county_panels, g_ptr_array_unref);
  g_clear_pointer (&self->ledger_pages, g_ptr_array_unref);
  g_clear_pointer (&self->profile_pages, g_ptr_array_unref);
  G_OBJECT_CLASS (ra_export_dialog_parent_class)->finalize (object);
}

static void
ra_export_dialog_class_init (RaExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ra_export_dialog_dispose;
  object_class->finalize = ra_export_dialog_finalize;
  window_class->close_request = ra_export_dialog_close_request;

  /* (gboolean ok) after every export, cancelled or not. */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/reclaimatlas/ReclaimAtlas/ra-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RaExportDialog, options_group);
  gtk_widget_class_bind_template_child (widget_class, RaExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, RaExportDialog, atlas_switch);
  gtk_widget_class_bind_template_child (widget_class, RaExportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, RaExportDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, RaExportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, RaExportDialog, export_button);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);

  gtk_widget_class_install_action (widget_class, "export.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "export.cancel", NULL);
}

static void
ra_export_dialog_init (RaExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

RaExportDialog *
ra_export_dialog_new (GtkWindow             *parent,
                      const RaLayout        *layout,
                      const RaLayoutContext *ctx,
                      const char            *suggested_name)
{
  RaExportDialog *self;

  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (ctx != NULL, NULL);

  self = g_object_new (RA_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  self->layout = ra_layout_copy (layout);
  self->ctx = ra_layout_context_copy (ctx);
  self->suggested_name = g_strdup (suggested_name);
  return self;
}
