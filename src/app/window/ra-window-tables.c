/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ra-file-chooser.h"
#include "ra-import-dialog.h"
#include "ra-ledger-view.h"
#include "ra-message-dialog.h"
#include "ra-tables.h"
#include "ra-window-private.h"

/* Tables and layers out of the project (the plan's appendix tables as
 * XLSX, ODS or CSV; a table as GIS data) and data into it (the import
 * dialog).  What the writers found wrong is listed in a dialog. */

static void
update_actions (RaWindow *self)
{
  RaStore *store = ra_window_get_store (self);
  gboolean writable = store != NULL && !ra_store_is_read_only (store);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-table", store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-layer", store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-ledger", store != NULL);
}

/* Tables and layers out ----------------------------------------------------- */

static void
show_list_dialog (RaWindow *self, const char *heading, const char *body, GPtrArray *lines)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  ra_message_dialog_add_lines (ADW_MESSAGE_DIALOG (dialog), lines);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
export_table_chosen (RaWindow *self, const char *chosen, const char *target)
{
  static const char * const suffixes[] = { ".csv", ".xlsx", ".ods", NULL };
  g_autofree char *path = ra_file_chooser_with_suffix (chosen, suffixes, ".xlsx");
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *display = g_filename_display_basename (path);
  g_autofree char *text = NULL;
  int appendix = atoi (target);

  if (ra_window_get_store (self) == NULL)
    return;
  if (!ra_tables_write_appendix (ra_window_get_store (self), appendix, path, &findings, &error))
    {
      ra_window_show_message (self, error->message);
      return;
    }
  text = g_strdup_printf (_("Appendix table %d written to %s"), appendix, display);
  if (findings != NULL && findings->len > 0)
    show_list_dialog (self, text,
                      _("The project's source tables disagree in places; the table was written "
                        "from the project's values:"),
                      findings);
  else
    ra_window_show_message (self, text);
}

static void
export_table_action (GtkWidget *widget, const char *name, GVariant *param)
{
  static const char * const all[] = { "xlsx", "ods", "csv", NULL };
  static const char * const xlsx[] = { "xlsx", NULL };
  static const char * const ods[] = { "ods", NULL };
  static const char * const csv[] = { "csv", NULL };
  RaWindow *self = RA_WINDOW (widget);
  const char *target = g_variant_get_string (param, NULL);
  g_autofree char *title = g_strdup_printf (_("Export Appendix Table %s"), target);
  g_autofree char *suggested = g_strdup_printf ("appendix%s.xlsx", target);
  GtkFileChooser *chooser;

  if (ra_window_get_store (self) == NULL ||
      (g_strcmp0 (target, "1") != 0 && g_strcmp0 (target, "2") != 0))
    return;
  chooser = _ra_window_new_chooser (self, title, GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                    suggested, export_table_chosen, target);
  ra_file_chooser_add_filter (chooser, _("Tables (XLSX, ODS, CSV)"), all);
  ra_file_chooser_add_filter (chooser, _("Excel workbook (XLSX)"), xlsx);
  ra_file_chooser_add_filter (chooser, _("OpenDocument spreadsheet (ODS)"), ods);
  ra_file_chooser_add_filter (chooser, _("Comma-separated values (CSV)"), csv);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_layer_chosen (RaWindow *self, const char *chosen, const char *table)
{
  static const char * const suffixes[] = { ".shp", ".gpkg", ".geojson", ".kml", ".dxf", NULL };
  g_autofree char *path = ra_file_chooser_with_suffix (chosen, suffixes, ".gpkg");
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *display = g_filename_display_basename (path);
  g_autofree char *text = NULL;

  if (ra_window_get_store (self) == NULL || !_ra_window_make_room (self, path))
    return;
  if (!ra_store_export_layer (ra_window_get_store (self), table, path, &warnings, &error))
    {
      ra_window_show_message (self, error->message);
      return;
    }
  text = g_strdup_printf (_("“%s” exported to %s"), ra_project_table_label (table), display);
  if (warnings != NULL && warnings->len > 0)
    show_list_dialog (self, text, _("Check these before handing the file on:"), warnings);
  else
    ra_window_show_message (self, text);
}

static void
export_layer_action (GtkWidget *widget, const char *name, GVariant *param)
{
  static const char * const all[] = { "gpkg", "shp", "geojson", "kml", "dxf", NULL };
  static const char * const gpkg[] = { "gpkg", NULL };
  static const char * const shp[] = { "shp", NULL };
  static const char * const geojson[] = { "geojson", NULL };
  static const char * const kml[] = { "kml", NULL };
  static const char * const dxf[] = { "dxf", NULL };
  RaWindow *self = RA_WINDOW (widget);
  const char *table = g_variant_get_string (param, NULL);
  g_autofree char *title = NULL;
  g_autofree char *suggested = g_strdup_printf ("%s.gpkg", table);
  GtkFileChooser *chooser;

  if (ra_window_get_store (self) == NULL || !ra_project_table_is_layer (table))
    return;
  title = g_strdup_printf (_("Export “%s”"), ra_project_table_label (table));
  chooser = _ra_window_new_chooser (self, title, GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                    suggested, export_layer_chosen, table);
  ra_file_chooser_add_filter (chooser, _("GIS data (GeoPackage, Shapefile, GeoJSON, KML, DXF)"), all);
  ra_file_chooser_add_filter (chooser, _("GeoPackage"), gpkg);
  ra_file_chooser_add_filter (chooser, _("Shapefile"), shp);
  ra_file_chooser_add_filter (chooser, _("GeoJSON"), geojson);
  ra_file_chooser_add_filter (chooser, _("KML"), kml);
  ra_file_chooser_add_filter (chooser, _("DXF drawing"), dxf);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Import ------------------------------------------------------------------ */

static void
import_done_cb (RaImportDialog *dialog, guint n_imported, const char *table, RaWindow *self)
{
  g_autofree char *text = g_strdup_printf (ngettext ("%u feature imported into “%s”",
                                                     "%u features imported into “%s”",
                                                     n_imported),
                                           n_imported, ra_project_table_label (table));
  ra_window_show_message (self, text);
}

static void
import_chosen (RaWindow *self, const char *path, const char *target)
{
  RaImportDialog *dialog;

  if (!_ra_window_check_writable (self))
    return;
  dialog = ra_import_dialog_new (GTK_WINDOW (self), ra_window_get_store (self), path);
  g_signal_connect_object (dialog, "imported", G_CALLBACK (import_done_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
import_action (GtkWidget *widget, const char *name, GVariant *param)
{
  static const char * const all[] = { "shp", "geojson", "json", "gpkg", "kml", "dxf", "gml",
                                      "tab", "mif", "fgb", "csv", "sqlite", NULL };
  RaWindow *self = RA_WINDOW (widget);
  GtkFileChooser *chooser;

  if (!_ra_window_check_writable (self))
    return;
  chooser = _ra_window_new_chooser (self, _("Import into Project"),
                                    GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), NULL,
                                    import_chosen, NULL);
  ra_file_chooser_add_filter (chooser, _("All supported vector data"), all);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The facility ledger (台账): its chart and its import, in a window. */
static void
show_ledger_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaWindow *self = RA_WINDOW (widget);
  RaStore *store = ra_window_get_store (self);

  if (store != NULL)
    gtk_window_present (GTK_WINDOW (ra_ledger_view_new (GTK_WINDOW (self), store, self->settings)));
}

/* Setup ------------------------------------------------------------------- */

void
_ra_window_tables_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.export-table", "s", export_table_action);
  gtk_widget_class_install_action (widget_class, "win.export-layer", "s", export_layer_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.show-ledger", NULL, show_ledger_action);
}

void
_ra_window_tables_init (RaWindow *self)
{
  g_signal_connect_object (self->session, "notify::store", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "store-changed", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "connection-changed", G_CALLBACK (update_actions),
                           self, G_CONNECT_SWAPPED);
  update_actions (self);
}
