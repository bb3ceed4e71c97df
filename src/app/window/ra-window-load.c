/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ra-file-chooser.h"
#include "ra-layer-setup.h"
#include "ra-message-dialog.h"
#include "ra-raster.h"
#include "ra-window-private.h"

/* Opening data files as layers (Open, file arguments, drops): the layers
 * of a file are listed in a worker, a file with many asks which to add,
 * and they are read and reprojected in a worker; the stop button cancels
 * the files being opened (the project's own tables always load whole).
 * A project file opens as the project instead (ra-window-project.c). */

#define MAX_LAYERS_WITHOUT_CHOOSER 3
#define MAX_RECENT_FILES 10

struct _RaWindowLoad
{
  /* template widgets */
  GtkSpinner   *loading_spinner;
  GtkButton    *cancel_load_button;

  /* owned */
  GCancellable *cancellable;     /* files being opened (the stop button) */
  guint         file_loads;      /* of the window's pending loads: files */
};

void
_ra_window_load_update (RaWindow *self)
{
  RaWindowLoad *ld = self->load;

  /* The spinner shows every load; only files being opened can be stopped
   * (the project's own tables always load whole). */
  gtk_widget_set_visible (GTK_WIDGET (ld->cancel_load_button), self->pending_loads > 0);
  gtk_spinner_set_spinning (ld->loading_spinner, self->pending_loads > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-load", ld->file_loads > 0);
  gtk_widget_set_tooltip_text (GTK_WIDGET (ld->cancel_load_button),
                               ld->file_loads > 0 ? _("Loading data… (click to stop)")
                                                  : _("Loading the project…"));
}

/* Loading ---------------------------------------------------------------- */

static void
file_load_finished (RaWindow *self)
{
  g_assert (self->load->file_loads > 0);
  self->load->file_loads--;
  _ra_window_load_finished (self);
}

static char *
join_warnings (GPtrArray *warnings)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < warnings->len; i++)
    {
      if (i > 0)
        g_string_append (text, "; ");
      g_string_append (text, g_ptr_array_index (warnings, i));
    }
  return g_string_free (text, FALSE);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(RaWindow) self = user_data;
  g_autoptr(RaSourceResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean was_empty;
  guint added = 0;

  result = ra_source_load_finish (res, &error);
  if (self->map == NULL)
    return;   /* window already closed */
  file_load_finished (self);

  if (result == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, RA_ERROR, RA_ERROR_CANCELLED))
        ra_window_show_message (self, error->message);
      return;
    }

  was_empty = ra_map_get_n_layers (self->map) == 0;
  for (guint i = 0; result->layers != NULL && i < result->layers->len; i++)
    {
      RaLayer *layer = g_ptr_array_index (result->layers, i);
      g_autoptr(GError) add_error = NULL;
      GPtrArray *warnings;

      ra_layer_setup_default_labels (layer);
      if (!ra_map_add_layer (self->map, layer, &add_error))
        {
          ra_window_show_message (self, add_error->message);
          continue;
        }
      added++;

      warnings = ra_layer_get_warnings (layer);
      if (warnings != NULL && warnings->len > 0)
        {
          g_autofree char *joined = join_warnings (warnings);
          g_autofree char *text = g_strdup_printf (_("“%s”: %s"), ra_layer_get_name (layer),
                                                   joined);
          ra_window_show_message (self, text);
        }
    }

  for (guint i = 0; result->errors != NULL && i < result->errors->len; i++)
    {
      GError *layer_error = g_ptr_array_index (result->errors, i);
      ra_window_show_message (self, layer_error->message);
    }

  if (added > 0)
    {
      _ra_window_remember_path (self, "recent-files", MAX_RECENT_FILES, result->path);
      ra_layer_panel_select (self->layer_panel, 0);
      if (was_empty)
        ra_map_view_zoom_to_extent (self->map_view);
      ra_layer_setup_refine_async (result->layers, self->cancellable);
    }
}

static void
start_load (RaWindow *self, const char *path, const char * const *layer_names)
{
  ra_source_load_async (path, layer_names, ra_map_get_crs (self->map), self->load->cancellable,
                        load_done_cb, g_object_ref (self));
}

typedef struct {
  RaWindow  *self;
  char      *path;
  GtkWidget *list_box;
  char     **names;
} ChooserData;

static void
chooser_data_free (gpointer user_data, GClosure *closure)
{
  ChooserData *data = user_data;

  g_clear_object (&data->self);
  g_free (data->path);
  g_strfreev (data->names);
  g_free (data);
}

static void
chooser_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     ChooserData      *data)
{
  RaWindow *self = data->self;
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();

  if (g_strcmp0 (response, "add") == 0)
    {
      for (guint i = 0; data->names[i] != NULL; i++)
        {
          GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (data->list_box), i);
          GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "check");

          if (gtk_check_button_get_active (check))
            g_ptr_array_add (chosen, data->names[i]);
        }
    }

  if (chosen->len == 0)
    {
      file_load_finished (self);
      return;
    }
  g_ptr_array_add (chosen, NULL);
  start_load (self, data->path, (const char * const *) chosen->pdata);
}

static void
show_layer_chooser (RaWindow *self, const char *path, char **names)
{
  g_autofree char *basename = g_filename_display_basename (path);
  g_autofree char *body = NULL;
  GtkWidget *dialog, *list_box;
  ChooserData *data;
  guint n = g_strv_length (names);

  body = g_strdup_printf (ngettext ("“%s” contains %u layer. Choose the layers to add.",
                                    "“%s” contains %u layers. Choose the layers to add.", n),
                          basename, n);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Add Layers"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "add", _("_Add Layers"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  list_box = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list_box), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list_box, "boxed-list");
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), names[i]);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_object_set_data (G_OBJECT (row), "check", check);
      gtk_list_box_append (GTK_LIST_BOX (list_box), row);
    }
  ra_message_dialog_set_scrolled_child (ADW_MESSAGE_DIALOG (dialog), list_box);

  data = g_new0 (ChooserData, 1);
  data->self = g_object_ref (self);
  data->path = g_strdup (path);
  data->names = g_strdupv (names);
  data->list_box = list_box;
  g_signal_connect_data (dialog, "response", G_CALLBACK (chooser_response_cb), data,
                         chooser_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* What listing found: a raster, or the file's vector layers. */
typedef struct {
  gboolean   raster;
  char     **names;
} Listing;

static void
listing_free (Listing *listing)
{
  g_strfreev (listing->names);
  g_free (listing);
}

static void
list_layers_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GError *error = NULL;
  Listing *listing = g_new0 (Listing, 1);

  listing->raster = ra_raster_path_is_raster (task_data);
  if (!listing->raster)
    {
      listing->names = ra_source_list_layers (task_data, &error);
      if (listing->names == NULL)
        {
          listing_free (listing);
          g_task_return_error (task, error);
          return;
        }
    }
  g_task_return_pointer (task, listing, (GDestroyNotify) listing_free);
}

static void
raster_opened_cb (GObject *object, GAsyncResult *res, gpointer user_data)
{
  RaWindow *self = RA_WINDOW (object);
  g_autofree char *path = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RaLayer) layer = _ra_window_raster_open_finish (self, res, &error);
  gboolean was_empty;

  if (self->map == NULL)
    return;
  file_load_finished (self);
  if (layer == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ra_window_show_message (self, error->message);
      return;
    }
  was_empty = ra_map_get_n_layers (self->map) == 0;
  if (!_ra_window_raster_add (self, layer, &error))
    {
      ra_window_show_message (self, error->message);
      return;
    }
  _ra_window_remember_path (self, "recent-files", MAX_RECENT_FILES, path);
  ra_layer_panel_select (self->layer_panel, ra_map_find_layer (self->map, layer));
  if (was_empty)
    ra_map_view_zoom_to_extent (self->map_view);
  if (ra_layer_get_warnings (layer) != NULL && ra_layer_get_warnings (layer)->len > 0)
    {
      g_autofree char *joined = join_warnings (ra_layer_get_warnings (layer));
      g_autofree char *text = g_strdup_printf (_("“%s”: %s"), ra_layer_get_name (layer), joined);

      ra_window_show_message (self, text);
    }
}

static void
list_layers_done_cb (GObject      *object,
                     GAsyncResult *res,
                     gpointer      user_data)
{
  RaWindow *self = RA_WINDOW (object);
  const char *path = g_task_get_task_data (G_TASK (res));
  g_autoptr(GError) error = NULL;
  Listing *listing = g_task_propagate_pointer (G_TASK (res), &error);
  char **names = listing != NULL ? listing->names : NULL;

  if (self->map == NULL)
    {
      g_clear_pointer (&listing, listing_free);
      return;
    }

  if (listing != NULL && listing->raster)
    {
      listing_free (listing);
      _ra_window_raster_open_async (self, path, -1, NULL, self->load->cancellable, raster_opened_cb,
                                    g_strdup (path));
      return;
    }
  if (names == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ra_window_show_message (self, error->message);
      file_load_finished (self);
      return;
    }
  if (names[0] == NULL)
    {
      g_autofree char *basename = g_filename_display_basename (path);
      g_autofree char *text = g_strdup_printf (_("%s: no vector layers found"), basename);

      ra_window_show_message (self, text);
      file_load_finished (self);
      listing_free (listing);
      return;
    }

  if (g_strv_length (names) > MAX_LAYERS_WITHOUT_CHOOSER)
    show_layer_chooser (self, path, names);
  else
    start_load (self, path, NULL);
  listing_free (listing);
}

void
ra_window_open_path (RaWindow *self, const char *path)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RA_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  /* A project file opens as the project, not as a set of layers. */
  if (_ra_window_try_open_project (self, path))
    return;

  self->load->file_loads++;
  _ra_window_load_started (self);

  /* Even listing layers opens the file, which can be slow (network shares,
   * big GeoPackages): do it off the main thread too. */
  task = g_task_new (self, self->load->cancellable, list_layers_done_cb, NULL);
  g_task_set_source_tag (task, ra_window_open_path);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, list_layers_thread);
}

/**
 * ra_window_cancel_loads:
 *
 * Stops the files being opened (reading stops within a few hundred
 * features; nothing of them is added).  The project's own layers go on.
 */
void
ra_window_cancel_loads (RaWindow *self)
{
  g_return_if_fail (RA_IS_WINDOW (self));

  g_cancellable_cancel (self->load->cancellable);
  g_clear_object (&self->load->cancellable);
  self->load->cancellable = g_cancellable_new ();
}

static void
cancel_load_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ra_window_cancel_loads (RA_WINDOW (widget));
}

void
ra_window_open_files (RaWindow *self, GFile **files, guint n_files)
{
  g_return_if_fail (RA_IS_WINDOW (self));

  for (guint i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);
      g_autofree char *base = path != NULL ? g_path_get_basename (path) : NULL;

      /* A server project's name on the command line: "service=NAME" looks
       * like a file in the current folder, an address like a URI. */
      if (base != NULL && ra_store_is_server_name (base) &&
          !g_file_test (path, G_FILE_TEST_EXISTS))
        {
          ra_window_open_project (self, base);
          continue;
        }
      if (path == NULL)
        {
          g_autofree char *uri = g_file_get_uri (files[i]);

          if (ra_store_is_server_name (uri))
            {
              ra_window_open_project (self, uri);
              continue;
            }
          g_autofree char *text = g_strdup_printf (_("%s: only local files can be opened"), uri);

          ra_window_show_message (self, text);
          continue;
        }
      ra_window_open_path (self, path);
    }
}

/* Open dialog ------------------------------------------------------------- */

static void
open_response_cb (GtkNativeDialog *native, int response, RaWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (native));
      guint n = g_list_model_get_n_items (files);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          ra_window_open_files (self, &file, 1);
        }
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

void
ra_window_show_open_dialog (RaWindow *self)
{
  static const char * const all[] = { "shp", "geojson", "json", "gpkg", "kml", "kmz", "dxf",
                                      "sqlite", "db", "gml", "tab", "mif", "fgb", "csv",
                                      "tif", "tiff", "vrt", "mbtiles", "img", "jp2", NULL };
  static const char * const raster[] = { "tif", "tiff", "vrt", "mbtiles", "gpkg", "img", "jp2",
                                         NULL };
  static const char * const shp[] = { "shp", NULL };
  static const char * const geojson[] = { "geojson", "json", NULL };
  static const char * const gpkg[] = { "gpkg", NULL };
  static const char * const kml[] = { "kml", "kmz", NULL };
  static const char * const dxf[] = { "dxf", NULL };
  static const char * const sqlite[] = { "sqlite", "db", NULL };
  static const char * const gml[] = { "gml", NULL };
  static const char * const mapinfo[] = { "tab", "mif", NULL };
  static const char * const fgb[] = { "fgb", NULL };
  static const char * const csv[] = { "csv", NULL };
  g_autoptr(GtkFileFilter) any = NULL;
  GtkFileChooser *chooser;

  g_return_if_fail (RA_IS_WINDOW (self));

  chooser = ra_file_chooser_new (GTK_WINDOW (self), self->settings, _("Open Data"),
                                 GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"));
  gtk_file_chooser_set_select_multiple (chooser, TRUE);

  ra_file_chooser_add_filter (chooser, _("All supported data"), all);
  ra_file_chooser_add_filter (chooser, _("Shapefile"), shp);
  ra_file_chooser_add_filter (chooser, _("GeoJSON"), geojson);
  ra_file_chooser_add_filter (chooser, _("GeoPackage"), gpkg);
  ra_file_chooser_add_filter (chooser, _("KML/KMZ"), kml);
  ra_file_chooser_add_filter (chooser, _("DXF drawing"), dxf);
  ra_file_chooser_add_filter (chooser, _("SpatiaLite/SQLite"), sqlite);
  ra_file_chooser_add_filter (chooser, _("GML"), gml);
  ra_file_chooser_add_filter (chooser, _("MapInfo"), mapinfo);
  ra_file_chooser_add_filter (chooser, _("FlatGeobuf"), fgb);
  ra_file_chooser_add_filter (chooser, _("CSV"), csv);
  ra_file_chooser_add_filter (chooser, _("Raster (GeoTIFF, VRT, MBTiles, tiles)"), raster);
  any = gtk_file_filter_new ();
  gtk_file_filter_set_name (any, _("All files"));
  gtk_file_filter_add_pattern (any, "*");
  gtk_file_chooser_add_filter (chooser, any);

  g_signal_connect_object (chooser, "response", G_CALLBACK (open_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ra_window_show_open_dialog (RA_WINDOW (widget));
}

/* Setup ------------------------------------------------------------------- */

void
_ra_window_load_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child_full (widget_class, "loading_spinner", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "cancel_load_button", FALSE, 0);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-load", NULL, cancel_load_action);
}

void
_ra_window_load_init (RaWindow *self)
{
  RaWindowLoad *ld = self->load = g_new0 (RaWindowLoad, 1);

  ld->loading_spinner = GTK_SPINNER (_ra_window_template_child (self, "loading_spinner"));
  ld->cancel_load_button = GTK_BUTTON (_ra_window_template_child (self, "cancel_load_button"));
  ld->cancellable = g_cancellable_new ();
}

void
_ra_window_load_dispose (RaWindow *self)
{
  RaWindowLoad *ld = self->load;

  if (ld == NULL)
    return;
  g_cancellable_cancel (ld->cancellable);
  g_clear_object (&ld->cancellable);
}
