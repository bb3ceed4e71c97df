/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ledger window: plant and year chosen in the header bar, the core's
 * chart drawn in a GtkDrawingArea, and the import with its report. */
#include "config.h"

#include <glib/gi18n.h>

#include "ra-file-chooser.h"
#include "ra-ledger.h"
#include "ra-ledger-view.h"
#include "ra-message-dialog.h"
#include "ra-store-water.h"

struct _RaLedgerView
{
  AdwWindow       parent_instance;

  /* template widgets */
  GtkDropDown    *plant_dropdown;
  GtkDropDown    *year_dropdown;
  GtkButton      *import_button;
  GtkStack       *stack;
  GtkDrawingArea *chart_area;

  /* owned */
  RaStore        *store;
  GSettings      *settings;      /* (nullable) */
  GPtrArray      *rows;          /* (element-type RaLedgerRecord) every plant */
  RaLedgerPlants *plants;
  GArray         *plant_ids;     /* gint64, as in plant_dropdown */
  GArray         *years;         /* int, as in year_dropdown */
  GPtrArray      *report;        /* (nullable) (element-type utf8) */
  gint64          plant_id;
  int             year;
  gboolean        filling;       /* the dropdowns are being refilled */
};

G_DEFINE_FINAL_TYPE (RaLedgerView, ra_ledger_view, ADW_TYPE_WINDOW)

static void
fill_years (RaLedgerView *self)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  int keep = self->year;
  guint selected = GTK_INVALID_LIST_POSITION;

  g_clear_pointer (&self->years, g_array_unref);
  self->years = self->rows != NULL ? ra_ledger_list_years (self->rows, self->plant_id)
                                   : g_array_new (FALSE, FALSE, sizeof (int));
  for (guint i = 0; i < self->years->len; i++)
    {
      int y = g_array_index (self->years, int, i);
      g_autofree char *text = g_strdup_printf ("%d", y);

      gtk_string_list_append (list, text);
      if (y == keep)
        selected = i;
    }
  /* The latest year unless the one shown is still there. */
  if (selected == GTK_INVALID_LIST_POSITION && self->years->len > 0)
    selected = self->years->len - 1;
  self->year = selected != GTK_INVALID_LIST_POSITION ? g_array_index (self->years, int, selected) : 0;
  self->filling = TRUE;
  gtk_drop_down_set_model (self->year_dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (self->year_dropdown, selected);
  self->filling = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->year_dropdown), self->years->len > 0);
}

/* Reads the ledger and the plants again and refills the dropdowns,
 * keeping the plant and year shown when they are still there. */
static void
reload (RaLedgerView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  guint selected = GTK_INVALID_LIST_POSITION;

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->plants, ra_ledger_plants_free);
  g_clear_pointer (&self->plant_ids, g_array_unref);
  self->plant_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  self->rows = ra_store_list_ledger (self->store, 0, &error);
  if (self->rows != NULL)
    self->plants = ra_ledger_plants_new_from_store (self->store, &error);
  if (self->rows == NULL || self->plants == NULL)
    {
      if (g_error_matches (error, RA_STORE_ERROR, RA_STORE_ERROR_CONNECTION_LOST))
        g_message ("ledger: %s", error->message);   /* the window's banner says it */
      else
        g_warning ("ledger: %s", error->message);
      g_clear_pointer (&self->rows, g_ptr_array_unref);
    }
  /* Rows come by plant, then month. */
  for (guint i = 0; self->rows != NULL && i < self->rows->len; i++)
    {
      const RaLedgerRecord *r = g_ptr_array_index (self->rows, i);
      const char *name;

      if (self->plant_ids->len > 0 &&
          g_array_index (self->plant_ids, gint64, self->plant_ids->len - 1) == r->plant_id)
        continue;
      name = ra_ledger_plants_get_name (self->plants, r->plant_id);
      if (r->plant_id == self->plant_id)
        selected = self->plant_ids->len;
      g_array_append_val (self->plant_ids, r->plant_id);
      gtk_string_list_append (list, name != NULL ? name : "?");
    }
  if (selected == GTK_INVALID_LIST_POSITION && self->plant_ids->len > 0)
    selected = 0;
  self->plant_id = selected != GTK_INVALID_LIST_POSITION
                   ? g_array_index (self->plant_ids, gint64, selected) : 0;
  self->filling = TRUE;
  gtk_drop_down_set_model (self->plant_dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (self->plant_dropdown, selected);
  self->filling = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->plant_dropdown), self->plant_ids->len > 0);
  fill_years (self);

  gtk_stack_set_visible_child_name (self->stack, self->plant_id > 0 ? "chart" : "empty");
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), !ra_store_is_read_only (self->store));
  gtk_widget_queue_draw (GTK_WIDGET (self->chart_area));
}

static void
draw_chart (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  RaLedgerView *self = user_data;
  cairo_rectangle_t rect = { 0, 0, width, height };

  if (self->rows == NULL || self->plant_id <= 0 || self->year == 0)
    return;
  ra_ledger_draw_chart (cr, &rect, self->rows, self->plant_id,
                        ra_ledger_plants_get_name (self->plants, self->plant_id), self->year);
}

static void
plant_changed_cb (RaLedgerView *self)
{
  guint i = gtk_drop_down_get_selected (self->plant_dropdown);

  if (self->filling || self->plant_ids == NULL || i >= self->plant_ids->len)
    return;
  self->plant_id = g_array_index (self->plant_ids, gint64, i);
  fill_years (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->chart_area));
}

static void
year_changed_cb (RaLedgerView *self)
{
  guint i = gtk_drop_down_get_selected (self->year_dropdown);

  if (self->filling || self->years == NULL || i >= self->years->len)
    return;
  self->year = g_array_index (self->years, int, i);
  gtk_widget_queue_draw (GTK_WIDGET (self->chart_area));
}

static void
store_changed_cb (RaLedgerView *self, const char *table)
{
  /* The ledger, or the plants whose names it shows. */
  if (table == NULL || g_strcmp0 (table, "ledger") == 0 || g_strcmp0 (table, "plants") == 0)
    reload (self);
}

/* Import --------------------------------------------------------------------- */

static void
show_report (RaLedgerView *self, const char *heading, const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  if (self->report != NULL && self->report->len > 0)
    ra_message_dialog_add_lines (ADW_MESSAGE_DIALOG (dialog), self->report);
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
ra_ledger_view_import (RaLedgerView *self, const char *path)
{
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  RaLedgerReadOptions opts;
  guint n = 0;
  gboolean ok;

  g_return_val_if_fail (RA_IS_LEDGER_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  ra_ledger_read_options_init (&opts);
  ok = ra_ledger_import (self->store, path, &opts, &n, &issues, &error);
  g_clear_pointer (&self->report, g_ptr_array_unref);
  self->report = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; issues != NULL && i < issues->len; i++)
    g_ptr_array_add (self->report,
                     g_strdup (((RaLedgerIssue *) g_ptr_array_index (issues, i))->message));
  if (!ok)
    {
      show_report (self, _("Ledger Not Imported"), error->message);
      return FALSE;
    }
  if (self->report->len > 0)
    {
      body = g_strdup_printf (ngettext ("%u row imported, with warnings.",
                                        "%u rows imported, with warnings.", n), n);
      show_report (self, _("Ledger Imported"), body);
    }
  return TRUE;
}

static void
chooser_response_cb (GtkNativeDialog *dialog, int response, gpointer user_data)
{
  RaLedgerView *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        ra_ledger_view_import (self, path);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
import_clicked_cb (RaLedgerView *self)
{
  static const char * const tables[] = { "csv", "xlsx", "ods", NULL };
  GtkFileChooser *chooser = ra_file_chooser_new (GTK_WINDOW (self), self->settings,
                                                 _("Import Ledger"), GTK_FILE_CHOOSER_ACTION_OPEN,
                                                 _("_Import"));

  ra_file_chooser_add_filter (chooser, _("Ledger tables (CSV, XLSX, ODS)"), tables);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Accessors ------------------------------------------------------------------- */

gint64
ra_ledger_view_get_plant (RaLedgerView *self)
{
  g_return_val_if_fail (RA_IS_LEDGER_VIEW (self), 0);
  return self->plant_id;
}

int
ra_ledger_view_get_year (RaLedgerView *self)
{
  g_return_val_if_fail (RA_IS_LEDGER_VIEW (self), 0);
  return self->year;
}

GPtrArray *
ra_ledger_view_get_report (RaLedgerView *self)
{
  g_return_val_if_fail (RA_IS_LEDGER_VIEW (self), NULL);
  return self->report;
}

/* Class ------------------------------------------------------------------------ */

static void
ra_ledger_view_dispose (GObject *object)
{
  RaLedgerView *self = RA_LEDGER_VIEW (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->plants, ra_ledger_plants_free);
  g_clear_pointer (&self->plant_ids, g_array_unref);
  g_clear_pointer (&self->years, g_array_unref);
  g_clear_pointer (&self->report, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), RA_TYPE_LEDGER_VIEW);

  G_OBJECT_CLASS (ra_ledger_view_parent_class)->dispose (object);
}

static void
ra_ledger_view_class_init (RaLedgerViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ra_ledger_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/reclaimatlas/ReclaimAtlas/ra-ledger-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RaLedgerView, plant_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RaLedgerView, year_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RaLedgerView, import_button);
  gtk_widget_class_bind_template_child (widget_class, RaLedgerView, stack);
  gtk_widget_class_bind_template_child (widget_class, RaLedgerView, chart_area);
  gtk_widget_class_bind_template_callback (widget_class, plant_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, year_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, import_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ra_ledger_view_init (RaLedgerView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->chart_area, draw_chart, self, NULL);
}

RaLedgerView *
ra_ledger_view_new (GtkWindow *parent, RaStore *store, GSettings *settings)
{
  RaLedgerView *self;

  g_return_val_if_fail (RA_IS_STORE (store), NULL);

  self = g_object_new (RA_TYPE_LEDGER_VIEW, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->settings = settings != NULL ? g_object_ref (settings) : NULL;
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  reload (self);
  return self;
}
