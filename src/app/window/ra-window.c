/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#ifdef HAVE_MALLOC_TRIM
#include <malloc.h>
#endif

#include <math.h>
#include <glib/gi18n.h>

#include "ra-crs-dialog.h"
#include "ra-resources.h"
#include "ra-window-private.h"

#define MAX_LAYERS_WITHOUT_CHOOSER 3
#define MAX_RECENT_FILES 10


G_DEFINE_FINAL_TYPE (RaWindow, ra_window, ADW_TYPE_APPLICATION_WINDOW)

/* Messages ---------------------------------------------------------------- */

void
ra_window_show_message (RaWindow *self, const char *message)
{
  g_autofree char *markup = NULL;
  AdwToast *toast;

  g_return_if_fail (RA_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  g_debug ("Message: %s", message);
  /* Toast titles are Pango markup; file names may contain '&' or '<'. */
  markup = g_markup_escape_text (message, -1);
  toast = adw_toast_new (markup);
  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  self->message_count++;
  g_free (self->last_message);
  self->last_message = g_strdup (message);
}

guint
ra_window_get_message_count (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), 0);
  return self->message_count;
}

const char *
ra_window_get_last_message (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return self->last_message;
}

guint
ra_window_get_pending_loads (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), 0);
  return self->pending_loads;
}

RaMap *
ra_window_get_map (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return self->map;
}

RaMapView *
ra_window_get_map_view (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return self->map_view;
}

RaLayerPanel *
ra_window_get_layer_panel (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return self->layer_panel;
}

/* State display ------------------------------------------------------------ */

void
_ra_window_update_content (RaWindow *self)
{
  guint n = ra_map_get_n_layers (self->map);

  /* The spinner shows every load; only files being opened can be stopped
   * (the project's own tables always load whole). */
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_load_button), self->pending_loads > 0);
  gtk_spinner_set_spinning (self->loading_spinner, self->pending_loads > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-load", self->file_loads > 0);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->cancel_load_button),
                               self->file_loads > 0 ? _("Loading data… (click to stop)")
                                                    : _("Loading the project…"));

  gtk_stack_set_visible_child_name (self->content_stack,
                                    n == 0 && self->pending_loads == 0 ? "empty" : "map");
  gtk_widget_set_visible (self->status_box, n > 0 && !self->presenting);
  _ra_window_update_title (self);
}

static char *
format_grouped (double value)
{
  g_autofree char *digits = g_strdup_printf ("%.0f", fabs (value));
  GString *out = g_string_new (value < 0 ? "-" : "");
  size_t len = strlen (digits);

  for (size_t i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

static void
update_scale (RaWindow *self)
{
  RaCrs *crs = ra_map_get_crs (self->map);
  const RaView *view = ra_map_view_get_view (self->map_view);

  if (crs != NULL && ra_map_view_has_view (self->map_view))
    {
      g_autofree char *n = format_grouped (ra_view_scale_denominator (view, crs));
      g_autofree char *text = g_strdup_printf ("1:%s", n);

      gtk_label_set_text (self->scale_label, text);
    }
  else
    gtk_label_set_text (self->scale_label, "");
  gtk_widget_queue_draw (GTK_WIDGET (self->scalebar_area));
}

static void
update_crs (RaWindow *self)
{
  RaCrs *crs = ra_map_get_crs (self->map);

  if (crs == NULL)
    {
      gtk_button_set_label (self->crs_button, _("No CRS"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->crs_button), _("Set Map CRS…"));
    }
  else
    {
      g_autofree char *tooltip = g_strdup_printf (_("Map CRS: %s\nClick to change"),
                                                  ra_crs_get_name (crs));

      gtk_button_set_label (self->crs_button,
                            ra_crs_get_auth_id (crs) != NULL ? ra_crs_get_auth_id (crs)
                                                             : ra_crs_get_name (crs));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->crs_button), tooltip);
    }

  if (self->to_lonlat_src != crs)
    {
      g_clear_pointer (&self->to_lonlat, ra_transform_free);
      g_clear_pointer (&self->to_lonlat_src, ra_crs_unref);
      if (crs != NULL && self->lonlat_crs != NULL)
        {
          self->to_lonlat = ra_transform_new (crs, self->lonlat_crs, NULL);
          self->to_lonlat_src = ra_crs_ref (crs);
        }
    }
}

static void
map_changed_cb (RaWindow *self)
{
  update_crs (self);
  update_scale (self);
  _ra_window_update_content (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-full",
                                 ra_map_get_n_layers (self->map) > 0);
}

static void
view_changed_cb (RaWindow *self)
{
  update_scale (self);
}

static void
cursor_moved_cb (RaWindow *self, double x, double y)
{
  RaCrs *crs = ra_map_get_crs (self->map);
  g_autofree char *xy = NULL;
  double lon = x, lat = y;

  if (crs == NULL)
    return;

  if (ra_crs_is_geographic (crs))
    xy = g_strdup_printf ("x %.6f  y %.6f", x, y);
  else
    xy = g_strdup_printf ("X %.1f  Y %.1f", x, y);
  gtk_label_set_text (self->xy_label, xy);

  if (self->to_lonlat != NULL && ra_transform_point (self->to_lonlat, &lon, &lat) &&
      isfinite (lon) && isfinite (lat))
    {
      g_autofree char *ll = g_strdup_printf ("%.5f°%s  %.5f°%s",
                                             fabs (lon), lon >= 0 ? _("E") : _("W"),
                                             fabs (lat), lat >= 0 ? _("N") : _("S"));
      gtk_label_set_text (self->lonlat_label, ll);
    }
  else
    gtk_label_set_text (self->lonlat_label, "");
}

static void
cursor_left_cb (RaWindow *self)
{
  gtk_label_set_text (self->lonlat_label, "");
  gtk_label_set_text (self->xy_label, "");
}

static void
selection_changed_cb (RaWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-selection",
                                 ra_map_view_get_selected_layer (self->map_view) != NULL);
  _ra_window_project_map_selection_changed (self);
}

static void
draw_scalebar (GtkDrawingArea *area,
               cairo_t        *cr,
               int             width,
               int             height,
               gpointer        user_data)
{
  RaWindow *self = user_data;
  RaCrs *crs = ra_map_get_crs (self->map);

  if (crs == NULL || !ra_map_view_has_view (self->map_view))
    return;
  ra_renderer_draw_scalebar (cr, ra_map_view_get_view (self->map_view), crs,
                             6, height - 5, width - 12);
}

static void
zoom_to_layer_cb (RaWindow *self, RaLayer *layer)
{
  ra_map_view_zoom_to_layer (self->map_view, layer);
}

static void
panel_message_cb (RaWindow *self, const char *message)
{
  ra_window_show_message (self, message);
}

/* Loading ---------------------------------------------------------------- */

/* Puts path first in the GSettings list key (at most max entries) and
 * its folder in last-folder.  GSettings holds UTF-8 only: a path in other
 * bytes (a GBK file name) is not remembered. */
void
_ra_window_remember_path (RaWindow *self, const char *key, guint max, const char *path)
{
  g_auto(GStrv) recent = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autofree char *folder = NULL;
  g_auto(GStrv) updated = NULL;
  guint n = 1;

  if (!g_utf8_validate (path, -1, NULL))
    return;
  recent = g_settings_get_strv (self->settings, key);
  builder = g_strv_builder_new ();
  folder = g_path_get_dirname (path);
  g_strv_builder_add (builder, path);
  for (guint i = 0; recent[i] != NULL && n < max; i++)
    if (g_strcmp0 (recent[i], path) != 0)
      {
        g_strv_builder_add (builder, recent[i]);
        n++;
      }
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, key, (const char * const *) updated);
  g_settings_set_string (self->settings, "last-folder", folder);
}

void
_ra_window_load_finished (RaWindow *self)
{
  g_assert (self->pending_loads > 0);
  self->pending_loads--;
  _ra_window_update_content (self);
}

/* The end of opening a file (ra_window_open_path). */
static void
file_load_finished (RaWindow *self)
{
  g_assert (self->file_loads > 0);
  self->file_loads--;
  _ra_window_load_finished (self);
}

char *
_ra_window_join_warnings (GPtrArray *warnings)
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

/* Names on the map are what planners look for first; the core decides
 * which field that is (the CLI uses the same rule). */
void
_ra_window_apply_default_labels (RaLayer *layer)
{
  const RaStyle *style = ra_layer_get_style (layer);
  const char *field;

  if (style == NULL || style->label_field != NULL)
    return;
  field = ra_layer_guess_label_field (layer);
  if (field != NULL)
    {
      g_autoptr(RaStyle) labelled = ra_style_copy (style);

      ra_style_set_label_field (labelled, field);
      ra_layer_set_style (layer, labelled);
    }
}

/* Big layers open with a quick first view (ra-source.c); their full
 * detail is reprojected here in a worker, and each is redrawn when done. */
static void
refine_thread (GTask *task, gpointer source_object, gpointer task_data,
               GCancellable *cancellable)
{
  GPtrArray *layers = task_data;
  GPtrArray *changed = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < layers->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      RaLayer *layer = g_ptr_array_index (layers, i);

      if (ra_layer_refine (layer, NULL))
        g_ptr_array_add (changed, g_object_ref (layer));
    }
#ifdef HAVE_MALLOC_TRIM
  /* The dropped source copies were many mid-sized blocks: give their pages
   * back to the system rather than keep them in malloc's free lists. */
  if (changed->len > 0)
    malloc_trim (0);
#endif
  g_task_return_pointer (task, changed, (GDestroyNotify) g_ptr_array_unref);
}

static void
refine_done_cb (GObject *object, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GPtrArray) changed = g_task_propagate_pointer (G_TASK (res), NULL);

  for (guint i = 0; changed != NULL && i < changed->len; i++)
    ra_layer_emit_changed (g_ptr_array_index (changed, i));
}

void
_ra_window_refine_layers (RaWindow *self, GPtrArray *layers)
{
  g_autoptr(GPtrArray) todo = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GTask) task = NULL;

  for (guint i = 0; i < layers->len; i++)
    if (ra_layer_needs_refine (g_ptr_array_index (layers, i)))
      g_ptr_array_add (todo, g_object_ref (g_ptr_array_index (layers, i)));
  if (todo->len == 0)
    return;
  task = g_task_new (NULL, self->cancellable, refine_done_cb, NULL);
  g_task_set_task_data (task, g_steal_pointer (&todo), (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, refine_thread);
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

      _ra_window_apply_default_labels (layer);
      if (!ra_map_add_layer (self->map, layer, &add_error))
        {
          ra_window_show_message (self, add_error->message);
          continue;
        }
      added++;

      warnings = ra_layer_get_warnings (layer);
      if (warnings != NULL && warnings->len > 0)
        {
          g_autofree char *joined = _ra_window_join_warnings (warnings);
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
      _ra_window_refine_layers (self, result->layers);
    }
}

static void
start_load (RaWindow *self, const char *path, const char * const *layer_names)
{
  ra_source_load_async (path, layer_names, ra_map_get_crs (self->map), self->load_cancellable,
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
  GtkWidget *dialog, *scrolled, *list_box;
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
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list_box);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);

  data = g_new0 (ChooserData, 1);
  data->self = g_object_ref (self);
  data->path = g_strdup (path);
  data->names = g_strdupv (names);
  data->list_box = list_box;
  g_signal_connect_data (dialog, "response", G_CALLBACK (chooser_response_cb), data,
                         chooser_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
list_layers_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GError *error = NULL;
  char **names = ra_source_list_layers (task_data, &error);

  if (names == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, names, (GDestroyNotify) g_strfreev);
}

static void
list_layers_done_cb (GObject      *object,
                     GAsyncResult *res,
                     gpointer      user_data)
{
  RaWindow *self = RA_WINDOW (object);
  const char *path = g_task_get_task_data (G_TASK (res));
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = g_task_propagate_pointer (G_TASK (res), &error);

  if (self->map == NULL)
    return;

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
      return;
    }

  if (g_strv_length (names) > MAX_LAYERS_WITHOUT_CHOOSER)
    show_layer_chooser (self, path, names);
  else
    start_load (self, path, NULL);
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

  self->pending_loads++;
  self->file_loads++;
  _ra_window_update_content (self);

  /* Even listing layers opens the file, which can be slow (network shares,
   * big GeoPackages): do it off the main thread too. */
  task = g_task_new (self, self->load_cancellable, list_layers_done_cb, NULL);
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

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
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

      if (path == NULL)
        {
          g_autofree char *uri = g_file_get_uri (files[i]);
          g_autofree char *text = g_strdup_printf (_("%s: only local files can be opened"), uri);

          ra_window_show_message (self, text);
          continue;
        }
      ra_window_open_path (self, path);
    }
}

/* Open dialog ------------------------------------------------------------- */

void
_ra_window_add_file_filter (GtkFileChooser *chooser, const char *name,
                            const char * const *suffixes)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; suffixes[i] != NULL; i++)
    gtk_file_filter_add_suffix (filter, suffixes[i]);
  gtk_file_chooser_add_filter (chooser, filter);
}

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
                                      "sqlite", "db", "gml", "tab", "mif", "fgb", "csv", NULL };
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
  g_autofree char *folder = NULL;
  GtkFileChooserNative *native;
  GtkFileChooser *chooser;

  g_return_if_fail (RA_IS_WINDOW (self));

  native = gtk_file_chooser_native_new (_("Open Data"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"), _("_Cancel"));
  chooser = GTK_FILE_CHOOSER (native);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_select_multiple (chooser, TRUE);

  _ra_window_add_file_filter (chooser, _("All supported vector data"), all);
  _ra_window_add_file_filter (chooser, _("Shapefile"), shp);
  _ra_window_add_file_filter (chooser, _("GeoJSON"), geojson);
  _ra_window_add_file_filter (chooser, _("GeoPackage"), gpkg);
  _ra_window_add_file_filter (chooser, _("KML/KMZ"), kml);
  _ra_window_add_file_filter (chooser, _("DXF drawing"), dxf);
  _ra_window_add_file_filter (chooser, _("SpatiaLite/SQLite"), sqlite);
  _ra_window_add_file_filter (chooser, _("GML"), gml);
  _ra_window_add_file_filter (chooser, _("MapInfo"), mapinfo);
  _ra_window_add_file_filter (chooser, _("FlatGeobuf"), fgb);
  _ra_window_add_file_filter (chooser, _("CSV"), csv);
  any = gtk_file_filter_new ();
  gtk_file_filter_set_name (any, _("All files"));
  gtk_file_filter_add_pattern (any, "*");
  gtk_file_chooser_add_filter (chooser, any);

  folder = g_settings_get_string (self->settings, "last-folder");
  if (folder != NULL && *folder != '\0' && g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) dir = g_file_new_for_path (folder);
      gtk_file_chooser_set_current_folder (chooser, dir, NULL);
    }

  g_signal_connect_object (native, "response", G_CALLBACK (open_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* Map CRS dialog ----------------------------------------------------------- */

static void
map_crs_apply_cb (RaCrsDialog *dialog, RaCrs *crs, RaWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!ra_map_set_crs (self->map, crs, &error))
    ra_crs_dialog_show_error (dialog, error->message);
}

void
ra_window_show_crs_dialog (RaWindow *self)
{
  RaCrsDialog *dialog;
  RaCrs *crs;

  g_return_if_fail (RA_IS_WINDOW (self));

  crs = ra_map_get_crs (self->map);
  dialog = ra_crs_dialog_new (GTK_WINDOW (self), _("Map CRS"),
                              _("The coordinate reference system the map is drawn in. "
                                "Layers are reprojected to it."),
                              crs);

  /* Offer the Gauss-Kruger zone of what is on screen first. */
  if (crs != NULL && self->to_lonlat != NULL && ra_map_view_has_view (self->map_view))
    {
      const RaView *view = ra_map_view_get_view (self->map_view);
      double lon = view->cx, lat = view->cy;
      int epsg;

      if (ra_transform_point (self->to_lonlat, &lon, &lat) &&
          (epsg = ra_crs_gk_zone_epsg_for_lon (lon)) > 0)
        {
          g_autofree char *code = g_strdup_printf ("EPSG:%d", epsg);
          g_autoptr(RaCrs) zone = ra_crs_new_from_epsg (epsg, NULL);
          g_autofree char *title = g_strdup_printf (_("%s (suited to the current view)"),
                                                    zone != NULL ? ra_crs_get_name (zone) : code);

          ra_crs_dialog_add_suggestion (dialog, code, title);
        }
    }
  ra_crs_dialog_add_suggestion (dialog, "EPSG:4490", _("CGCS2000 (longitude/latitude)"));
  ra_crs_dialog_add_suggestion (dialog, "EPSG:4326", _("WGS 84 (longitude/latitude)"));
  ra_crs_dialog_add_suggestion (dialog, "EPSG:3857", _("Web Mercator"));

  g_signal_connect_object (dialog, "apply", G_CALLBACK (map_crs_apply_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Drag and drop ----------------------------------------------------------- */

static gboolean
drop_cb (GtkDropTarget *target, const GValue *value, double x, double y, RaWindow *self)
{
  GdkFileList *list;
  GSList *files;
  g_autoptr(GPtrArray) array = g_ptr_array_new ();

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  list = g_value_get_boxed (value);
  files = gdk_file_list_get_files (list);
  for (GSList *l = files; l != NULL; l = l->next)
    g_ptr_array_add (array, l->data);
  ra_window_open_files (self, (GFile **) array->pdata, array->len);
  g_slist_free (files);
  return array->len > 0;
}

/* Actions ----------------------------------------------------------------- */

static void
open_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ra_window_show_open_dialog (RA_WINDOW (widget));
}

static void
set_crs_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ra_window_show_crs_dialog (RA_WINDOW (widget));
}

static void
zoom_full_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ra_map_view_zoom_to_extent (RA_WINDOW (widget)->map_view);
}

static void
zoom_selection_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ra_map_view_zoom_to_selection (RA_WINDOW (widget)->map_view);
}

static void
toggle_sidebar_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaWindow *self = RA_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

/* GObject ---------------------------------------------------------------- */

static gboolean
ra_window_close_request (GtkWindow *window)
{
  RaWindow *self = RA_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  return GTK_WINDOW_CLASS (ra_window_parent_class)->close_request (window);
}

static void
ra_window_dispose (GObject *object)
{
  RaWindow *self = RA_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->load_cancellable);
  _ra_window_project_dispose (self);
  _ra_window_plan_dispose (self);
  _ra_window_meeting_dispose (self);
  _ra_window_sketch_dispose (self);
  if (self->map != NULL)
    g_signal_handlers_disconnect_by_func (self->map, map_changed_cb, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), RA_TYPE_WINDOW);
  g_clear_object (&self->map);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->to_lonlat, ra_transform_free);
  g_clear_pointer (&self->to_lonlat_src, ra_crs_unref);
  g_clear_pointer (&self->lonlat_crs, ra_crs_unref);
  g_clear_pointer (&self->last_message, g_free);

  G_OBJECT_CLASS (ra_window_parent_class)->dispose (object);
}

static void
ra_window_class_init (RaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  /* Referencing the resource keeps it (and its constructor) in the link
   * of a static library. */
  (void) ra_get_resource ();

  object_class->dispose = ra_window_dispose;
  window_class->close_request = ra_window_close_request;

  g_type_ensure (RA_TYPE_MAP_VIEW);
  g_type_ensure (RA_TYPE_LAYER_PANEL);
  g_type_ensure (RA_TYPE_INVENTORY_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/reclaimatlas/ReclaimAtlas/ra-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RaWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RaWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, RaWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, RaWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, RaWindow, layer_panel);
  gtk_widget_class_bind_template_child (widget_class, RaWindow, map_view);
  gtk_widget_class_bind_template_child (widget_class, RaWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, RaWindow, cancel_load_button);
  gtk_widget_class_bind_template_child (widget_class, RaWindow, lonlat_label);
  gtk_widget_class_bind_template_child (widget_class, RaWindow, xy_label);
  gtk_widget_class_bind_template_child (widget_class, RaWindow, scale_label);
  gtk_widget_class_bind_template_child (widget_class, RaWindow, scalebar_area);
  gtk_widget_class_bind_template_child (widget_class, RaWindow, crs_button);
  gtk_widget_class_bind_template_child (widget_class, RaWindow, status_box);
  gtk_widget_class_bind_template_child (widget_class, RaWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, RaWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, RaWindow, content_paned);
  gtk_widget_class_bind_template_child (widget_class, RaWindow, inventory_view);
  gtk_widget_class_bind_template_child (widget_class, RaWindow, undo_button);
  gtk_widget_class_bind_template_child (widget_class, RaWindow, redo_button);
  gtk_widget_class_bind_template_child (widget_class, RaWindow, recent_menu);
  gtk_widget_class_bind_template_callback (widget_class, view_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, cursor_moved_cb);
  gtk_widget_class_bind_template_callback (widget_class, cursor_left_cb);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, zoom_to_layer_cb);
  gtk_widget_class_bind_template_callback (widget_class, panel_message_cb);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-load", NULL, cancel_load_action);
  gtk_widget_class_install_action (widget_class, "win.set-crs", NULL, set_crs_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-full", NULL, zoom_full_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-selection", NULL, zoom_selection_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL, toggle_sidebar_action);

  _ra_window_project_class_init (widget_class);
  _ra_window_plan_class_init (widget_class);
  _ra_window_meeting_class_init (widget_class);
  _ra_window_sketch_class_init (widget_class);
}

static void
ra_window_init (RaWindow *self)
{
  g_autoptr(GAction) labels_action = NULL;
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->load_cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);
  self->lonlat_crs = ra_crs_new_from_epsg (4326, NULL);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  labels_action = g_settings_create_action (self->settings, "show-labels");
  g_action_map_add_action (G_ACTION_MAP (self), labels_action);
  g_settings_bind (self->settings, "show-labels", self->map_view, "show-labels",
                   G_SETTINGS_BIND_GET);

  self->map = ra_map_new ();
  g_signal_connect_object (self->map, "changed", G_CALLBACK (map_changed_cb), self,
                           G_CONNECT_SWAPPED);
  ra_map_view_set_map (self->map_view, self->map);
  ra_layer_panel_set_map (self->layer_panel, self->map);

  gtk_drawing_area_set_draw_func (self->scalebar_area, draw_scalebar, self, NULL);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->content_stack), GTK_EVENT_CONTROLLER (drop));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-selection", FALSE);
  _ra_window_project_init (self);
  _ra_window_plan_init (self);
  _ra_window_meeting_init (self);
  _ra_window_sketch_init (self);
  map_changed_cb (self);
}

RaWindow *
ra_window_new (AdwApplication *app)
{
  return g_object_new (RA_TYPE_WINDOW, "application", app, NULL);
}
