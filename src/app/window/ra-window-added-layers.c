/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The files added to a project's map (a basemap, a DEM, another county's
 * roads) belong to the project: they are kept in it (app_layers) when the
 * map changes and come back when it opens, in their order, with their
 * visibility and opacity.  A file that cannot be opened any more is said
 * once and kept in the list, so it comes back when the file does. */
#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "ra-basemap.h"
#include "ra-layer-setup.h"
#include "ra-thematic.h"
#include "ra-thematic-balance.h"
#include "ra-views.h"
#include "ra-window-private.h"

#define SAVE_DELAY_MS 400

struct _RaWindowAddedLayers
{
  GPtrArray    *pending;      /* RaAppLayer* still to restore, in order */
  GPtrArray    *missing;      /* RaAppLayer* that could not be opened */
  GCancellable *cancellable;  /* the restore of the current store */
  gboolean      restoring;
  guint         save_source;
  char         *last_saved;   /* what was saved or read last, as text */
};

static void restore_next (RaWindow *self);

/* A layer the user added: not the project's tables, not built from them. */
static gboolean
is_added (RaWindow *self, RaLayer *layer)
{
  const char *path = ra_layer_get_source_path (layer);
  RaStore *store = ra_project_session_get_store (self->session);

  return path != NULL && (store == NULL || g_strcmp0 (path, ra_store_get_path (store)) != 0)
         && !ra_project_session_has_layer (self->session, layer)
         && ra_thematic_layer_role (layer) == NULL
         && ra_thematic_balance_layer_role (layer) == NULL;
}

static char *
describe (GPtrArray *records)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < records->len; i++)
    {
      const RaAppLayer *l = g_ptr_array_index (records, i);

      g_string_append_printf (text, "%s\x1f%s\x1f%s\x1f%d\x1f%.3f\x1f%s\x1e", l->name,
                              l->source, l->layer != NULL ? l->layer : "", l->visible,
                              l->opacity, l->style_json != NULL ? l->style_json : "");
    }
  return g_string_free (text, FALSE);
}

/* The map's added layers, bottom first, then those missing. */
static GPtrArray *
collect (RaWindow *self, RaStore *store)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) ra_app_layer_free);
  RaWindowAddedLayers *al = self->added_layers;

  for (guint i = ra_map_get_n_layers (self->map); i-- > 0;)
    {
      RaLayer *layer = ra_map_get_layer (self->map, i);
      RaAppLayer *l;

      if (!is_added (self, layer))
        continue;
      l = g_new0 (RaAppLayer, 1);
      l->name = g_strdup (ra_layer_get_name (layer));
      l->source = _ra_window_raster_basemap_source (layer) != NULL
                  ? g_strdup (_ra_window_raster_basemap_source (layer))
                  : ra_store_app_layer_source_to_stored (store, ra_layer_get_source_path (layer));
      l->layer = g_strdup (ra_layer_get_source_layer_name (layer));
      l->visible = ra_layer_get_visible (layer);
      l->opacity = ra_layer_get_opacity (layer);
      l->style_json = _ra_window_raster_style_json (layer);
      g_ptr_array_add (records, l);
    }
  for (guint i = 0; i < al->missing->len; i++)
    {
      const RaAppLayer *m = g_ptr_array_index (al->missing, i);
      RaAppLayer *l = g_new0 (RaAppLayer, 1);

      *l = *m;
      l->name = g_strdup (m->name);
      l->source = g_strdup (m->source);
      l->layer = g_strdup (m->layer);
      l->style_json = g_strdup (m->style_json);
      g_ptr_array_add (records, l);
    }
  return records;
}

static gboolean
save_cb (gpointer user_data)
{
  RaWindow *self = RA_WINDOW (user_data);
  RaWindowAddedLayers *al = self->added_layers;
  RaStore *store = ra_project_session_get_store (self->session);
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  al->save_source = 0;
  if (store == NULL || ra_store_is_read_only (store) || al->restoring)
    return G_SOURCE_REMOVE;
  records = collect (self, store);
  text = describe (records);
  if (g_strcmp0 (text, al->last_saved) == 0)
    return G_SOURCE_REMOVE;
  if (!ra_store_save_app_layers (store, records, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The map's layers were not kept in the project: %s"),
                                                  error->message);

      ra_window_show_message (self, message);
      return G_SOURCE_REMOVE;
    }
  g_free (al->last_saved);
  al->last_saved = g_steal_pointer (&text);
  return G_SOURCE_REMOVE;
}

static void
map_changed_cb (RaWindow *self)
{
  RaWindowAddedLayers *al = self->added_layers;

  if (al == NULL || al->restoring || ra_project_session_get_store (self->session) == NULL)
    return;
  if (al->save_source != 0)
    g_source_remove (al->save_source);
  al->save_source = g_timeout_add (SAVE_DELAY_MS, save_cb, self);
}

/* Restore ------------------------------------------------------------------ */

static void
restore_finished (RaWindow *self)
{
  /* Saved only if it differs from what was read (a layer added meanwhile,
   * one that could not come back stays listed). */
  self->added_layers->restoring = FALSE;
  map_changed_cb (self);
}

static void
keep_missing (RaWindow *self, RaAppLayer *record, const char *why)
{
  g_autofree char *message = g_strdup_printf (_("The map layer “%s” (%s) could not be opened: %s"),
                                              record->name != NULL ? record->name : "",
                                              record->source, why);

  ra_window_show_message (self, message);
  g_ptr_array_add (self->added_layers->missing, record);
}

typedef struct {
  RaWindow   *self;
  RaAppLayer *record;
} RestoreData;

static void
restore_done_cb (GObject *object, GAsyncResult *res, gpointer user_data)
{
  RestoreData *data = user_data;
  g_autoptr(RaWindow) self = data->self;
  RaAppLayer *record = data->record;
  g_autoptr(RaSourceResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_free (data);
  result = ra_source_load_finish (res, &error);
  if (self->map == NULL || self->added_layers == NULL
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || g_error_matches (error, RA_ERROR, RA_ERROR_CANCELLED))
    {
      ra_app_layer_free (record);
      return;
    }
  if (result == NULL || result->layers == NULL || result->layers->len == 0)
    keep_missing (self, record, error != NULL ? error->message
                                : result != NULL && result->errors != NULL && result->errors->len > 0
                                ? ((GError *) g_ptr_array_index (result->errors, 0))->message
                                : _("no such layer"));
  else
    {
      for (guint i = 0; i < result->layers->len; i++)
        {
          RaLayer *layer = g_ptr_array_index (result->layers, i);
          g_autoptr(GError) add_error = NULL;

          if (record->name != NULL && *record->name != '\0')
            ra_layer_set_name (layer, record->name);
          ra_layer_set_visible (layer, record->visible);
          ra_layer_set_opacity (layer, record->opacity);
          ra_layer_setup_default_labels (layer);
          if (!ra_map_add_layer (self->map, layer, &add_error))
            ra_window_show_message (self, add_error->message);
        }
      ra_app_layer_free (record);
    }
  restore_next (self);
}

static void
restore_raster_done_cb (GObject *object, GAsyncResult *res, gpointer user_data)
{
  RestoreData *data = user_data;
  g_autoptr(RaWindow) self = data->self;
  RaAppLayer *record = data->record;
  g_autoptr(GError) error = NULL;
  g_autoptr(RaLayer) layer = NULL;

  g_free (data);
  layer = _ra_window_raster_open_finish (self, res, &error);
  if (self->map == NULL || self->added_layers == NULL
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      ra_app_layer_free (record);
      return;
    }
  if (layer == NULL)
    keep_missing (self, record, error->message);
  else
    {
      g_autoptr(GError) add_error = NULL;

      if (record->name != NULL && *record->name != '\0')
        ra_layer_set_name (layer, record->name);
      ra_layer_set_visible (layer, record->visible);
      ra_layer_set_opacity (layer, record->opacity);
      /* Kept bottom first: each comes on top of those before it. */
      if (!ra_map_add_layer (self->map, layer, &add_error))
        ra_window_show_message (self, add_error->message);
      else
        {
          guint n = ra_map_get_n_layers (self->map), to = 0;

          /* Under the project's layers, above the rasters restored before. */
          while (to + 1 < n && !is_added (self, ra_map_get_layer (self->map, to + 1)))
            to++;
          if (to > 0)
            ra_map_move_layer (self->map, 0, to);
        }
      ra_app_layer_free (record);
    }
  restore_next (self);
}

static void
restore_next (RaWindow *self)
{
  RaWindowAddedLayers *al = self->added_layers;
  RaStore *store = ra_project_session_get_store (self->session);
  RaAppLayer *record;
  g_autofree char *path = NULL;
  RestoreData *data;
  const char *names[2] = { NULL, NULL };
  gboolean is_raster;
  int shading;

  if (store == NULL || al->pending->len == 0)
    {
      restore_finished (self);
      return;
    }
  record = g_ptr_array_steal_index (al->pending, 0);
  if (record->source == NULL || *record->source == '\0')
    {
      ra_app_layer_free (record);
      restore_next (self);
      return;
    }
  path = ra_store_app_layer_source_to_path (store, record->source);
  if (!g_file_test (path, G_FILE_TEST_EXISTS) && strchr (record->source, ':') == NULL)
    {
      keep_missing (self, record, _("the file is not there"));
      restore_next (self);
      return;
    }
  data = g_new0 (RestoreData, 1);
  data->self = g_object_ref (self);
  data->record = record;
  shading = _ra_window_raster_shading_from_record (record, &is_raster);
  if (ra_basemap_is_source (record->source))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *connection = _ra_window_basemap_connection (self, record->source, &error);

      if (connection == NULL)
        {
          g_free (data);
          g_object_unref (self);
          keep_missing (self, record, error->message);
          restore_next (self);
          return;
        }
      _ra_window_raster_open_async (self, connection, shading, record->source, al->cancellable,
                                    restore_raster_done_cb, data);
      return;
    }
  if (is_raster)
    {
      _ra_window_raster_open_async (self, path, shading, NULL, al->cancellable,
                                    restore_raster_done_cb, data);
      return;
    }
  names[0] = record->layer;
  ra_source_load_async (path, record->layer != NULL ? names : NULL, ra_map_get_crs (self->map),
                        al->cancellable, restore_done_cb, data);
}

static void
layers_loaded_cb (RaWindow *self, gboolean first)
{
  RaWindowAddedLayers *al = self->added_layers;
  RaStore *store = ra_project_session_get_store (self->session);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;

  if (al == NULL || !first || store == NULL)
    return;
  records = ra_store_list_app_layers (store, &error);
  if (records == NULL)
    {
      ra_window_show_message (self, error->message);
      return;
    }
  al->restoring = TRUE;
  g_free (al->last_saved);
  al->last_saved = describe (records);
  g_ptr_array_set_size (al->pending, 0);
  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (al->pending, g_ptr_array_index (records, i));
  g_ptr_array_set_free_func (records, NULL);
  restore_next (self);
}

static void
store_set_cb (RaWindow *self)
{
  RaWindowAddedLayers *al = self->added_layers;

  if (al == NULL)
    return;
  g_cancellable_cancel (al->cancellable);
  g_clear_object (&al->cancellable);
  al->cancellable = g_cancellable_new ();
  g_clear_handle_id (&al->save_source, g_source_remove);
  g_ptr_array_set_size (al->pending, 0);
  g_ptr_array_set_size (al->missing, 0);
  g_clear_pointer (&al->last_saved, g_free);
  /* Until the tables are on the map nothing is saved over the list. */
  al->restoring = TRUE;
}

gboolean
_ra_window_added_layers_restoring (RaWindow *self)
{
  return self->added_layers != NULL && self->added_layers->restoring;
}

void
_ra_window_added_layers_save_now (RaWindow *self)
{
  RaWindowAddedLayers *al = self->added_layers;

  if (al != NULL && al->save_source != 0)
    {
      g_source_remove (al->save_source);
      save_cb (self);
    }
}

void
_ra_window_added_layers_init (RaWindow *self)
{
  RaWindowAddedLayers *al = self->added_layers = g_new0 (RaWindowAddedLayers, 1);

  al->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) ra_app_layer_free);
  al->missing = g_ptr_array_new_with_free_func ((GDestroyNotify) ra_app_layer_free);
  al->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->map, "changed", G_CALLBACK (map_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::store", G_CALLBACK (store_set_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "layers-loaded", G_CALLBACK (layers_loaded_cb), self,
                           G_CONNECT_SWAPPED);
}

void
_ra_window_added_layers_dispose (RaWindow *self)
{
  RaWindowAddedLayers *al = self->added_layers;

  if (al == NULL)
    return;
  /* A change made just before closing is kept. */
  _ra_window_added_layers_save_now (self);
  if (self->map != NULL)
    g_signal_handlers_disconnect_by_func (self->map, map_changed_cb, self);
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->session, store_set_cb, self);
      g_signal_handlers_disconnect_by_func (self->session, layers_loaded_cb, self);
    }
  g_cancellable_cancel (al->cancellable);
  g_clear_object (&al->cancellable);
  g_clear_pointer (&al->pending, g_ptr_array_unref);
  g_clear_pointer (&al->missing, g_ptr_array_unref);
  g_clear_pointer (&al->last_saved, g_free);
  g_clear_pointer (&self->added_layers, g_free);
}
