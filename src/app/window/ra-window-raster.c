/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Raster layers in the window (issue 18): a GeoTIFF, VRT, MBTiles or tiled
 * GeoPackage opened through Add Data or kept in the project is opened in a
 * worker (with its DEM hillshade made there too, the first time), and goes
 * under the vector layers.  Its shading is kept in the project's list of
 * added layers as style_json {"kind":"raster","shading":"hillshade"}. */
#include "config.h"

#include <glib/gi18n.h>

#include "ra-basemap.h"
#include "ra-raster.h"
#include "ra-views.h"
#include "ra-window-private.h"

typedef struct {
  char *path;
  int   shading;    /* RaRasterShading, or -1: hillshade for a DEM */
  char *basemap;    /* the basemap source path is the connection of */
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->path);
  g_free (data->basemap);
  g_free (data);
}

#define BASEMAP_KEY "ra-basemap-source"

/* The basemap source ("tianditu:vec_w"...) a layer was opened from: what
 * the project keeps instead of its connection (which holds the key).
 * (nullable) */
const char *
_ra_window_raster_basemap_source (RaLayer *layer)
{
  return g_object_get_data (G_OBJECT (layer), BASEMAP_KEY);
}

static void
open_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  OpenData *data = task_data;
  GError *error = NULL;
  g_autoptr(RaRaster) raster = ra_raster_open (data->path, &error);
  RaLayer *layer;
  int shading = data->shading;

  if (raster == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (data->basemap != NULL && ra_basemap_attribution (data->basemap) != NULL)
    ra_raster_set_attribution (raster, ra_basemap_attribution (data->basemap));
  layer = ra_raster_new_layer (raster);
  if (data->basemap != NULL)
    {
      g_autofree char *name = ra_basemap_display_name (data->basemap);

      ra_layer_set_name (layer, name);
      g_object_set_data_full (G_OBJECT (layer), BASEMAP_KEY, g_strdup (data->basemap), g_free);
    }
  if (shading < 0)
    shading = ra_raster_is_elevation (raster) ? RA_RASTER_SHADE_HILLSHADE : RA_RASTER_SHADE_NONE;
  if (shading != RA_RASTER_SHADE_NONE && !g_cancellable_is_cancelled (cancellable)
      && !ra_raster_set_shading (raster, shading, &error))
    {
      /* The raster still shows, as grey values; the layer says why. */
      g_autofree char *text = g_strdup_printf (_("No hillshade: %s"), error->message);

      ra_layer_add_warning (layer, text);
      g_clear_error (&error);
    }
  g_task_return_pointer (task, layer, g_object_unref);
}

/* Opens path as a raster layer in a worker; shading -1 gives a DEM its
 * hillshade and any other raster none. */
void
_ra_window_raster_open_async (RaWindow            *self,
                              const char          *path,
                              int                  shading,
                              const char          *basemap,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  OpenData *data = g_new0 (OpenData, 1);

  data->path = g_strdup (path);
  data->shading = shading;
  data->basemap = g_strdup (basemap);
  g_task_set_source_tag (task, _ra_window_raster_open_async);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (task, open_thread);
}

/* Returns: (transfer full) (nullable) the layer, or NULL with the error. */
RaLayer *
_ra_window_raster_open_finish (RaWindow *self, GAsyncResult *res, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (res, self), NULL);
  return g_task_propagate_pointer (G_TASK (res), error);
}

/* Adds a raster layer under the vector layers: just above the topmost
 * raster already on the map (a DEM over an image added before, a label
 * layer over its base), or at the bottom. */
gboolean
_ra_window_raster_add (RaWindow *self, RaLayer *layer, GError **error)
{
  guint n, to;

  if (!ra_map_add_layer (self->map, layer, error))
    return FALSE;
  n = ra_map_get_n_layers (self->map);
  to = n - 1;
  for (guint i = 1; i < n; i++)
    if (ra_layer_get_raster (ra_map_get_layer (self->map, i)) != NULL)
      {
        to = i - 1;
        break;
      }
  if (to != 0)
    ra_map_move_layer (self->map, 0, to);
  return TRUE;
}

/* What the project keeps of a raster layer beside its path: its shading.
 * (transfer full) (nullable: not a raster) */
char *
_ra_window_raster_style_json (RaLayer *layer)
{
  GObject *raster = ra_layer_get_raster (layer);

  if (raster == NULL)
    return NULL;
  return ra_app_layer_raster_style (
    ra_raster_shading_to_key (ra_raster_get_shading (RA_RASTER (raster))));
}

/* The shading kept for a layer; -1 when unset or not a raster's.
 * *is_raster tells whether it was one. */
int
_ra_window_raster_shading_from_record (const RaAppLayer *record, gboolean *is_raster)
{
  g_autofree char *key = NULL;

  *is_raster = ra_app_layer_is_raster (record, &key);
  return ra_raster_shading_from_key (key);
}
