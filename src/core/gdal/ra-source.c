/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The public entry of reading GDAL vector sources: listing layers, loading
 * one (in its source CRS, for a view, with a chosen text encoding) and
 * loading a whole source in a worker thread for the app.  Opening is in
 * ra-source-open.c, reading a layer in ra-source-reader.c, text decoding
 * in ra-source-text.c. */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-autocleanups.h"
#include "ra-encoding.h"
#include "ra-error.h"
#include "ra-map.h"
#include "ra-paths.h"
#include "ra-source.h"
#include "ra-source-private.h"

void
ra_source_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      GDALAllRegister ();
      g_once_init_leave (&done, 1);
    }
}

/**
 * ra_source_list_layers:
 * Returns: (transfer full) (nullable) NULL-terminated layer names.
 */
char **
ra_source_list_layers (const char *path, GError **error)
{
  g_auto(GDALDatasetH) ds = NULL;
  g_autoptr(GStrvBuilder) names = NULL;
  int n;

  g_return_val_if_fail (path != NULL, NULL);

  ds = ra_source_open_dataset (path, NULL, NULL, error);
  if (ds == NULL)
    return NULL;
  names = g_strv_builder_new ();
  n = GDALDatasetGetLayerCount (ds);
  for (int i = 0; i < n; i++)
    {
      OGRLayerH layer = GDALDatasetGetLayer (ds, i);
      if (layer != NULL)
        g_strv_builder_add (names, OGR_L_GetName (layer));
    }
  return g_strv_builder_end (names);
}

/* An encoding chosen by the user that iconv does not know is refused. */
static gboolean
check_encoding (const char *path, const char *encoding, GError **error)
{
  if (encoding == NULL || *encoding == '\0' || ra_encoding_is_known (encoding))
    return TRUE;
  {
    g_autofree char *display = ra_path_display_name (path);

    g_set_error (error, RA_ERROR, RA_ERROR_UNSUPPORTED,
                 _("%s: unknown text encoding “%s” (try GB18030, BIG5, UTF-8 or ISO-8859-1)"),
                 display, encoding);
  }
  return FALSE;
}

/**
 * ra_source_load_layer:
 * Returns: (transfer full) (nullable) the layer in its source CRS.
 */
RaLayer *
ra_source_load_layer (const char    *path,
                      const char    *layer_name,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return ra_source_load_layer_encoded (path, layer_name, NULL, RA_SOURCE_LOAD_DEFAULT,
                                       NULL, 0.0, cancellable, error);
}

/**
 * ra_source_load_layer_with_flags:
 * @flags: RA_SOURCE_LOAD_NO_ATTRIBUTES: declare the fields but read no
 *   values (GDAL skips parsing them; every value is NULL), for drawing only
 * Returns: (transfer full) (nullable) the layer in its source CRS.
 */
RaLayer *
ra_source_load_layer_with_flags (const char         *path,
                                 const char         *layer_name,
                                 RaSourceLoadFlags   flags,
                                 GCancellable       *cancellable,
                                 GError            **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return ra_source_load_layer_encoded (path, layer_name, NULL, flags, NULL, 0.0,
                                       cancellable, error);
}

/**
 * ra_source_load_layer_for_view:
 * @crs: (nullable): the CRS of the one view the layer is loaded for
 * @resolution: that view's @crs units per pixel; 0: no view
 *
 * ra_source_load_layer_with_flags for a single render: a layer already in
 * @crs keeps, as it is read, only the vertices half a pixel or more apart
 * (the renderer's own rule), so it is fit for that view and coarser ones
 * only.  Other layers load in full (their reprojection thins them, see
 * ra_layer_set_draw_resolution).
 */
RaLayer *
ra_source_load_layer_for_view (const char         *path,
                               const char         *layer_name,
                               RaSourceLoadFlags   flags,
                               RaCrs              *crs,
                               double              resolution,
                               GCancellable       *cancellable,
                               GError            **error)
{
  return ra_source_load_layer_encoded (path, layer_name, NULL, flags, crs, resolution,
                                       cancellable, error);
}

/**
 * ra_source_load_layer_encoded:
 * @encoding: (nullable): the character set of the attribute text (an
 *   iconv name such as "BIG5"), overriding the file's declaration and the
 *   detection; NULL: declared or detected
 *
 * ra_source_load_layer_for_view with the text encoding chosen by the user.
 */
RaLayer *
ra_source_load_layer_encoded (const char         *path,
                              const char         *layer_name,
                              const char         *encoding,
                              RaSourceLoadFlags   flags,
                              RaCrs              *crs,
                              double              resolution,
                              GCancellable       *cancellable,
                              GError            **error)
{
  g_auto(GDALDatasetH) ds = NULL;
  g_autofree char *crs_problem = NULL;
  RaSourceView view = { crs, resolution };

  g_return_val_if_fail (path != NULL, NULL);

  if (!check_encoding (path, encoding, error))
    return NULL;
  ds = ra_source_open_dataset (path, NULL, &crs_problem, error);
  if (ds == NULL)
    return NULL;
  return ra_source_read_layer (ds, path, layer_name,
                               (flags & RA_SOURCE_LOAD_NO_ATTRIBUTES) != 0,
                               crs != NULL && resolution > 0.0 ? &view : NULL,
                               encoding, crs_problem, cancellable, error);
}

/* ---- async -------------------------------------------------------------- */

void
ra_source_result_free (RaSourceResult *result)
{
  if (result == NULL)
    return;
  g_free (result->path);
  g_clear_pointer (&result->layers, g_ptr_array_unref);
  g_clear_pointer (&result->errors, g_ptr_array_unref);
  g_free (result);
}

typedef struct {
  char   *path;
  GStrv   layer_names;   /* nullable */
  RaCrs  *map_crs;       /* nullable */
  char   *encoding;      /* nullable */
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->path);
  g_strfreev (data->layer_names);
  g_clear_pointer (&data->map_crs, ra_crs_unref);
  g_free (data->encoding);
  g_free (data);
}

/* Layers with more vertices than this open with a quick first view. */
#define RA_FIRST_VIEW_MIN_POINTS 300000
/* The first view's detail: the whole layer in a view this many pixels
 * wide (more than a full-screen map window). */
#define RA_FIRST_VIEW_PX 2560.0

/* A big layer for the app: reprojected first at the detail of a view of
 * the whole layer (a fraction of the vertices through PROJ), refined to
 * full detail afterwards (ra_layer_refine), then kept as one copy. */
static void
prepare_first_view (RaLayer *layer, RaCrs *map_crs)
{
  g_autoptr(RaLayerData) data = ra_layer_dup_data (layer);
  g_autoptr(RaTransform) t = NULL;
  RaCrs *source_crs = ra_layer_get_source_crs (layer);
  guint64 n_points = 0;
  RaBBox box;

  if (ra_bbox_is_empty (&data->extent))
    return;
  if (ra_layer_get_kind (layer) == RA_GEOM_POINT)
    return;   /* points are not thinned or packed: nothing to gain */
  for (guint i = 0; i < data->n_features; i++)
    if (data->geoms[i] != NULL)
      n_points += data->geoms[i]->n_points;
  if (n_points < RA_FIRST_VIEW_MIN_POINTS)
    return;
  /* Only big layers: a small one keeps its source copy, which a CRS
   * assigned by hand or repeated map CRS changes then start from.  A big
   * one in the map CRS already is packed here (no reprojection to wait
   * for); drop the reference first so the unpacked copy can go. */
  g_clear_pointer (&data, ra_layer_data_unref);
  if (source_crs == NULL || ra_crs_equal (source_crs, map_crs))
    {
      /* No reprojection: drawn as read at once, packed by the refine
       * worker with a simplified copy for views of the whole layer (the
       * draw resolution hint). */
      if (ra_layer_set_map_crs (layer, map_crs, NULL))
        {
          data = ra_layer_dup_data (layer);
          ra_layer_set_draw_resolution (layer, map_crs,
                                        MAX (data->extent.x1 - data->extent.x0,
                                             data->extent.y1 - data->extent.y0) / RA_FIRST_VIEW_PX);
          g_clear_pointer (&data, ra_layer_data_unref);
          ra_layer_set_compact (layer, TRUE);
        }
      return;
    }
  ra_layer_set_compact (layer, TRUE);
  data = ra_layer_dup_data (layer);
  t = ra_transform_new (source_crs, map_crs, NULL);
  if (t != NULL && ra_transform_bbox (t, &data->extent, &box) && !ra_bbox_is_empty (&box))
    ra_layer_set_draw_resolution (layer, map_crs,
                                  MAX (box.x1 - box.x0, box.y1 - box.y0) / RA_FIRST_VIEW_PX);
}

static void
load_thread (GTask *task, gpointer source_object, gpointer task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_auto(GDALDatasetH) ds = NULL;
  g_autoptr(RaSourceResult) result = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(RaCrs) map_crs = data->map_crs != NULL ? ra_crs_ref (data->map_crs) : NULL;
  g_autofree char *crs_problem = NULL;
  GError *error = NULL;

  if (!check_encoding (data->path, data->encoding, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  ds = ra_source_open_dataset (data->path, NULL, &crs_problem, &error);
  if (ds == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (data->layer_names != NULL)
    names = g_strdupv (data->layer_names);
  else
    {
      int n = GDALDatasetGetLayerCount (ds);
      names = g_new0 (char *, n + 1);
      for (int i = 0; i < n; i++)
        names[i] = g_strdup (OGR_L_GetName (GDALDatasetGetLayer (ds, i)));
    }

  result = g_new0 (RaSourceResult, 1);
  result->path = g_strdup (data->path);
  result->layers = g_ptr_array_new_with_free_func (g_object_unref);
  result->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(RaLayer) layer = NULL;
      GError *lerr = NULL;

      if (g_task_return_error_if_cancelled (task))
        return;
      layer = ra_source_read_layer (ds, data->path, names[i], FALSE, NULL, data->encoding,
                                    crs_problem, cancellable, &lerr);
      /* For an empty map: the CRS it will take from its first layer. */
      if (layer != NULL && map_crs == NULL)
        map_crs = ra_map_suggest_crs_for_layer (layer);
      if (layer != NULL && map_crs != NULL)
        {
          prepare_first_view (layer, map_crs);
          if (!ra_layer_set_map_crs (layer, map_crs, &lerr))
            g_clear_object (&layer);
        }
      if (layer != NULL)
        g_ptr_array_add (result->layers, g_steal_pointer (&layer));
      else
        {
          /* Name the layer (after the file name) when it is not named yet. */
          if (lerr != NULL && strstr (lerr->message, names[i]) == NULL)
            {
              g_autofree char *display = ra_path_display_name (data->path);
              g_autofree char *head = g_strconcat (display, ": ", NULL);
              const char *rest = g_str_has_prefix (lerr->message, head)
                                 ? lerr->message + strlen (head) : lerr->message;
              char *msg = g_strdup_printf (_("%s: layer “%s”: %s"), display, names[i], rest);

              g_free (lerr->message);
              lerr->message = msg;
            }
          if (lerr != NULL)
            g_ptr_array_add (result->errors, lerr);
        }
    }
  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) ra_source_result_free);
}

void
ra_source_load_async (const char          *path,
                      const char * const  *layer_names,
                      RaCrs               *map_crs,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  ra_source_load_encoded_async (path, layer_names, map_crs, NULL, cancellable, callback, user_data);
}

/**
 * ra_source_load_encoded_async:
 * @encoding: (nullable): see ra_source_load_layer_encoded
 *
 * ra_source_load_async with the text encoding chosen by the user; finish
 * with ra_source_load_finish.
 */
void
ra_source_load_encoded_async (const char          *path,
                              const char * const  *layer_names,
                              RaCrs               *map_crs,
                              const char          *encoding,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (path != NULL);

  data = g_new0 (LoadData, 1);
  data->path = g_strdup (path);
  data->layer_names = layer_names != NULL ? g_strdupv ((char **) layer_names) : NULL;
  data->map_crs = map_crs != NULL ? ra_crs_ref (map_crs) : NULL;
  data->encoding = g_strdup (encoding);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ra_source_load_encoded_async);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * ra_source_load_finish:
 * Returns: (transfer full) (nullable) the result; NULL when the path could
 * not be opened at all (or the load was cancelled).
 */
RaSourceResult *
ra_source_load_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ra_source_load_encoded_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
