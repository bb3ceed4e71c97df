/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A layer's features streamed for one view (see ra-source-stream.h): OGR
 * reads one feature at a time with every attribute field ignored and, when
 * the view shows part of the layer, a spatial filter on it; each geometry
 * is converted (ra-gdal-geometry), thinned to half a pixel in the source
 * CRS, transformed in one batch per feature into the map CRS and handed
 * out until the next one replaces it.  Nothing of the layer is kept. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <cpl_conv.h>

#include "ra-autocleanups.h"
#include "ra-error.h"
#include "ra-gdal-crs.h"
#include "ra-gdal-error.h"
#include "ra-gdal-geometry.h"
#include "ra-paths.h"
#include "ra-source-private.h"
#include "ra-source-stream.h"

/* As ra-source-reader.c: coordinates beyond these are no place on Earth. */
#define RA_MAX_LON 540.0
#define RA_MAX_LAT 91.0
#define RA_MAX_PROJECTED 1e13

struct _RaSourceStream {
  GDALDatasetH   ds;
  OGRLayerH      layer;
  char          *name;
  char          *display;
  char          *crs_problem;
  RaCrs         *crs;          /* (nullable) the source's */
  RaTransform   *t;            /* (nullable) source to map CRS; NULL: as is */
  RaGeomKind     kind;
  double         thin_tol;     /* source units */
  double         max_x, max_y;
  RaGeometry    *current;      /* owned: the last handed out */
  RaGdalCapture  cap;
  gboolean       capturing;
  gboolean       done;
  GIntBig        expected;
  guint          n_read, n_damaged, n_invalid, n_out_of_range;
  GPtrArray     *warnings;
  char          *organize;     /* the thread's OGR_ORGANIZE_POLYGONS before */
  gboolean       organize_set;
  /* Read ahead by a second thread (ra_source_stream_set_prefetch): batches
   * of geometries handed over through a short queue. */
  gboolean       prefetch;
  GThread       *thread;
  GMutex         lock;
  GCond          cond;
  GQueue         batches;      /* GPtrArray* of RaGeometry* (owned) */
  gboolean       producer_done;
  gboolean       stop;
  GPtrArray     *batch;        /* the one being handed out */
  guint          batch_i;
  GQueue         spent;        /* batches drawn, freed by the reading thread */
};

/* Batches the reading thread fills: this many vertices or features each,
 * and at most RA_STREAM_QUEUE of them waiting (a few MB at most). */
#define RA_STREAM_BATCH_VERTICES 32768
#define RA_STREAM_BATCH_FEATURES 512
#define RA_STREAM_QUEUE 4

static void restore_organize (RaSourceStream *s);

/* Frees a batch of the reading thread and the geometries left in it. */
static void
free_batch (GPtrArray *batch)
{
  for (guint i = 0; i < batch->len; i++)
    ra_geometry_free (g_ptr_array_index (batch, i));
  g_ptr_array_unref (batch);
}

/* The largest number of map units per source unit over box (sampled on a
 * grid, as the reprojection of a layer does), 0 if it cannot be found. */
static double
max_map_scale (RaTransform *t, const RaBBox *box)
{
  enum { N = 7 };
  double w = box->x1 - box->x0, h = box->y1 - box->y0;
  double d = MAX (w, h) * 1e-6, scale = 0.0;

  if (!(d > 0.0))
    return 0.0;
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++)
      {
        double x = box->x0 + w * i / (N - 1), y = box->y0 + h * j / (N - 1);
        double pts[6] = { x, y, x + d, y, x, y + d };

        if (ra_transform_points (t, pts, 3) != 0)
          continue;
        scale = MAX (scale, hypot (pts[2] - pts[0], pts[3] - pts[1]) / d);
        scale = MAX (scale, hypot (pts[4] - pts[0], pts[5] - pts[1]) / d);
      }
  return isfinite (scale) ? scale : 0.0;
}

/* Every attribute field ignored: GDAL then parses none. */
static void
ignore_all_fields (OGRLayerH layer)
{
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn (layer);
  int n = OGR_FD_GetFieldCount (defn);
  g_autofree const char **names = g_new0 (const char *, n + 2);
  int k = 0;

  for (int i = 0; i < n; i++)
    names[k++] = OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, i));
  names[k++] = "OGR_STYLE";
  OGR_L_SetIgnoredFields (layer, names);
}

RaSourceStream *
ra_source_stream_open (const char   *path,
                       const char   *layer_name,
                       RaCrs        *map_crs,
                       const RaBBox *bbox,
                       double        resolution,
                       GError      **error)
{
  g_autoptr(RaSourceStream) s = NULL;
  OGRSpatialReferenceH srs;
  OGREnvelope env;
  RaBBox layer_box = RA_BBOX_EMPTY, source_box = RA_BBOX_EMPTY;
  gboolean have_extent;

  g_return_val_if_fail (path != NULL, NULL);

  s = g_new0 (RaSourceStream, 1);
  g_mutex_init (&s->lock);
  g_cond_init (&s->cond);
  g_queue_init (&s->batches);
  g_queue_init (&s->spent);
  s->display = ra_path_display_name (path);
  s->max_x = s->max_y = RA_MAX_PROJECTED;
  s->ds = ra_source_open_dataset (path, NULL, &s->crs_problem, error);
  if (s->ds == NULL)
    return NULL;
  s->layer = layer_name != NULL ? GDALDatasetGetLayerByName (s->ds, layer_name)
                                : GDALDatasetGetLayer (s->ds, 0);
  if (s->layer == NULL)
    {
      g_set_error (error, RA_ERROR, RA_ERROR_NOT_FOUND,
                   _("%s: there is no layer named “%s”"), s->display,
                   layer_name != NULL ? layer_name : "");
      return NULL;
    }
  s->name = ra_path_display_name (OGR_L_GetName (s->layer));
  s->kind = ra_gdal_kind_of_type (OGR_L_GetGeomType (s->layer));
  s->expected = OGR_L_GetFeatureCount (s->layer, FALSE);
  srs = OGR_L_GetSpatialRef (s->layer);
  if (srs != NULL && s->crs_problem == NULL)
    s->crs = ra_gdal_crs_from_ogr (srs, RA_GDAL_CRS_FIND_MATCHES);
  if (s->crs != NULL && ra_crs_is_geographic (s->crs))
    {
      s->max_x = RA_MAX_LON;
      s->max_y = RA_MAX_LAT;
    }
  if (s->crs != NULL && map_crs != NULL && !ra_crs_equal (s->crs, map_crs))
    {
      s->t = ra_transform_new (s->crs, map_crs, error);
      if (s->t == NULL)
        return NULL;
      if (ra_transform_is_identity (s->t))
        g_clear_pointer (&s->t, ra_transform_free);
    }

  have_extent = OGR_L_GetExtent (s->layer, &env, FALSE) == OGRERR_NONE;
  if (have_extent)
    layer_box = (RaBBox) { env.MinX, env.MinY, env.MaxX, env.MaxY };
  /* The view in the source CRS: a spatial filter when it leaves part of
   * the layer out, and the box the thinning tolerance is measured on. */
  if (bbox != NULL)
    {
      if (s->t == NULL)
        source_box = *bbox;
      else
        {
          g_autoptr(RaTransform) back = ra_transform_new (map_crs, s->crs, NULL);

          if (back == NULL || !ra_transform_bbox (back, bbox, &source_box))
            source_box = RA_BBOX_EMPTY;
        }
      if (!ra_bbox_is_empty (&source_box) && have_extent &&
          (source_box.x0 > layer_box.x0 || source_box.y0 > layer_box.y0 ||
           source_box.x1 < layer_box.x1 || source_box.y1 < layer_box.y1))
        OGR_L_SetSpatialFilterRect (s->layer, source_box.x0, source_box.y0,
                                    source_box.x1, source_box.y1);
    }
  if (resolution > 0.0 && map_crs != NULL && s->crs != NULL)
    {
      /* Half a pixel in the source CRS, as the in-memory reader thins
       * for one view (ra_source_load_layer_for_view) and the reprojection
       * before PROJ (ra_layer_set_draw_resolution): the same vertices
       * reach the renderer, so the pictures are the same.  (The renderer's
       * own level of detail alone would do, 6 % less CPU for the counties,
       * but moves 1.6 % of the pixels of their outlines by a fraction.) */
      if (s->t == NULL)
        s->thin_tol = 0.5 * resolution;
      else
        {
          /* Over the whole layer, as its reprojection measures it
           * (_ra_layer_reproject): the same tolerance, the same vertices. */
          double scale;

          scale = have_extent ? max_map_scale (s->t, &layer_box) : 0.0;
          if (scale > 0.0)
            s->thin_tol = 0.5 * resolution / scale;
        }
    }
  ignore_all_fields (s->layer);
  OGR_L_ResetReading (s->layer);
  /* GDAL's complaints about damaged features are counted, not printed. */
  ra_gdal_capture_begin (&s->cap, RA_GDAL_CAPTURE_FAILURES);
  s->capturing = TRUE;
  return g_steal_pointer (&s);
}

void
ra_source_stream_free (RaSourceStream *s)
{
  if (s == NULL)
    return;
  if (s->thread != NULL)
    {
      g_mutex_lock (&s->lock);
      s->stop = TRUE;
      g_cond_broadcast (&s->cond);
      g_mutex_unlock (&s->lock);
      g_thread_join (s->thread);
    }
  if (s->prefetch)
    s->current = NULL;     /* in s->batch */
  g_clear_pointer (&s->batch, free_batch);
  while (!g_queue_is_empty (&s->batches))
    free_batch (g_queue_pop_head (&s->batches));
  while (!g_queue_is_empty (&s->spent))
    free_batch (g_queue_pop_head (&s->spent));
  if (s->capturing)
    ra_gdal_capture_end (&s->cap);
  restore_organize (s);
  g_mutex_clear (&s->lock);
  g_cond_clear (&s->cond);
  g_clear_pointer (&s->current, ra_geometry_free);
  g_clear_pointer (&s->t, ra_transform_free);
  g_clear_pointer (&s->crs, ra_crs_unref);
  g_clear_pointer (&s->ds, GDALClose);
  g_clear_pointer (&s->warnings, g_ptr_array_unref);
  g_free (s->name);
  g_free (s->display);
  g_free (s->crs_problem);
  g_free (s);
}

RaGeomKind
ra_source_stream_get_kind (RaSourceStream *s)
{
  g_return_val_if_fail (s != NULL, RA_GEOM_NONE);
  return s->kind;
}

const char *
ra_source_stream_get_name (RaSourceStream *s)
{
  g_return_val_if_fail (s != NULL, NULL);
  return s->name;
}

/* The warnings, as the in-memory reader words them. */
static void
finish (RaSourceStream *s)
{
  guint n_expected;

  s->done = TRUE;
  s->warnings = g_ptr_array_new_with_free_func (g_free);
  n_expected = s->expected >= 0 ? (guint) MAX (s->expected, (GIntBig) s->n_read) : s->n_read;
  if (s->n_damaged > 0)
    {
      g_autofree char *cause = ra_gdal_cause_suffix (s->cap.first_failure);

      g_ptr_array_add (s->warnings,
                       g_strdup_printf (_("damaged: only %u of %u features could be read%s"),
                                        s->n_read - MIN (s->n_damaged, s->n_read), n_expected, cause));
    }
  if (s->n_invalid > 0)
    g_ptr_array_add (s->warnings,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%u feature has invalid geometry (non-finite coordinates or rings with fewer than 3 points); it is not drawn",
                                                   "%u features have invalid geometry (non-finite coordinates or rings with fewer than 3 points); they are not drawn",
                                                   s->n_invalid),
                                      s->n_invalid));
  if (s->n_out_of_range > 0)
    {
      gboolean geographic = s->crs != NULL && ra_crs_is_geographic (s->crs);
      g_autofree char *range = geographic
        ? g_strdup_printf (_("longitude beyond ±%g° or latitude beyond ±%g°"), RA_MAX_LON, RA_MAX_LAT)
        : g_strdup_printf (_("beyond ±%g map units"), RA_MAX_PROJECTED);

      g_ptr_array_add (s->warnings,
                       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "%u feature has coordinates no place on Earth has (%s, such as 1e308); it is not drawn",
                                                     "%u features have coordinates no place on Earth has (%s, such as 1e308); they are not drawn",
                                                     s->n_out_of_range),
                                        s->n_out_of_range, range));
    }
  if (s->crs_problem != NULL)
    g_ptr_array_add (s->warnings,
                     g_strdup_printf (_("%s: shown without a CRS; assign one if you know it"),
                                      s->crs_problem));
  ra_gdal_capture_end (&s->cap);
  s->capturing = FALSE;
}

/* Reads up to the next feature that has a geometry; NULL after the last
 * (then the warnings are made).  Returns: (transfer full) */
static RaGeometry *
read_one (RaSourceStream *s)
{
  while (!s->done)
    {
      g_auto(OGRFeatureH) f = NULL;
      guint failures_before = s->cap.n_failures;
      RaGdalGeomStatus status = RA_GDAL_GEOM_EMPTY;
      OGRGeometryH og;
      RaGeometry *geom;

      f = OGR_L_GetNextFeature (s->layer);
      if (f == NULL)
        {
          finish (s);
          break;
        }
      s->n_read++;
      if (s->cap.n_failures > failures_before)
        s->n_damaged++;
      og = OGR_F_GetGeometryRef (f);
      if (og == NULL)
        continue;
      geom = ra_gdal_geometry_convert (og, s->thin_tol, s->max_x, s->max_y, &status);
      if (status == RA_GDAL_GEOM_INVALID)
        s->n_invalid++;
      else if (status == RA_GDAL_GEOM_OUT_OF_RANGE)
        s->n_out_of_range++;
      if (geom == NULL)
        continue;
      if (s->t != NULL)
        {
          /* One batch per feature: PROJ's per-call cost is paid once. */
          ra_transform_points (s->t, geom->xy, geom->n_points);
          ra_geometry_update_bbox (geom);
        }
      return geom;
    }
  return NULL;
}

static void
set_organize (RaSourceStream *s)
{
  /* A shapefile's rings need not be sorted into polygons (outer rings and
   * their holes, OGR's organizePolygons: 3 % of the counties' render): the
   * renderer fills every ring of a feature with the even-odd rule.  GDAL
   * reads it in the thread that reads the features. */
  s->organize = g_strdup (CPLGetThreadLocalConfigOption ("OGR_ORGANIZE_POLYGONS", NULL));
  CPLSetThreadLocalConfigOption ("OGR_ORGANIZE_POLYGONS", "SKIP");
  s->organize_set = TRUE;
}

static void
restore_organize (RaSourceStream *s)
{
  if (!s->organize_set)
    return;
  CPLSetThreadLocalConfigOption ("OGR_ORGANIZE_POLYGONS", s->organize);
  g_clear_pointer (&s->organize, g_free);
  s->organize_set = FALSE;
}

static gpointer
prefetch_run (gpointer data)
{
  RaSourceStream *s = data;
  GPtrArray *batch = g_ptr_array_new ();
  gsize n_vertices = 0;
  GQueue spent;

  /* GDAL's error handlers and config options are per thread. */
  ra_gdal_capture_begin (&s->cap, RA_GDAL_CAPTURE_FAILURES);
  s->capturing = TRUE;
  set_organize (s);
  for (;;)
    {
      RaGeometry *geom = read_one (s);
      gboolean stop;

      if (geom != NULL)
        {
          g_ptr_array_add (batch, geom);
          n_vertices += geom->n_points;
          if (n_vertices < RA_STREAM_BATCH_VERTICES && batch->len < RA_STREAM_BATCH_FEATURES)
            continue;
        }
      g_mutex_lock (&s->lock);
      while (!s->stop && g_queue_get_length (&s->batches) >= RA_STREAM_QUEUE)
        g_cond_wait (&s->cond, &s->lock);
      stop = s->stop;
      if (!stop && batch->len > 0)
        {
          g_queue_push_tail (&s->batches, batch);
          batch = g_ptr_array_new ();
          g_cond_broadcast (&s->cond);
        }
      spent = s->spent;
      g_queue_init (&s->spent);
      g_mutex_unlock (&s->lock);
      /* Freed by the thread that allocated them: glibc frees into another
       * thread's arena under its lock (12 % more CPU for the 200 k lines
       * when the drawing thread freed them). */
      while (!g_queue_is_empty (&spent))
        free_batch (g_queue_pop_head (&spent));
      n_vertices = 0;
      if (geom == NULL || stop)
        break;
    }
  free_batch (batch);
  restore_organize (s);
  if (s->capturing)
    {
      ra_gdal_capture_end (&s->cap);
      s->capturing = FALSE;
    }
  g_mutex_lock (&s->lock);
  s->producer_done = TRUE;
  g_cond_broadcast (&s->cond);
  g_mutex_unlock (&s->lock);
  return NULL;
}

/**
 * ra_source_stream_set_prefetch:
 *
 * Reads ahead in a second thread from the first ra_source_stream_next on:
 * reading, converting and transforming overlap with the caller's drawing.
 * Call before the first ra_source_stream_next.
 */
void
ra_source_stream_set_prefetch (RaSourceStream *s, gboolean prefetch)
{
  g_return_if_fail (s != NULL);
  g_return_if_fail (s->thread == NULL);
  s->prefetch = prefetch;
}

const RaGeometry *
ra_source_stream_next (RaSourceStream *s)
{
  g_return_val_if_fail (s != NULL, NULL);

  if (s->prefetch)
    s->current = NULL;     /* still in its batch */
  else
    g_clear_pointer (&s->current, ra_geometry_free);
  if (!s->prefetch)
    {
      if (!s->organize_set && !s->done)
        set_organize (s);
      s->current = read_one (s);
      if (s->current == NULL)
        restore_organize (s);
      return s->current;
    }
  if (s->thread == NULL && !s->producer_done)
    {
      /* The reading thread captures GDAL's messages itself. */
      if (s->capturing)
        {
          ra_gdal_capture_end (&s->cap);
          memset (&s->cap, 0, sizeof s->cap);
          s->capturing = FALSE;
        }
      s->thread = g_thread_new ("ra-source-stream", prefetch_run, s);
    }
  while (s->batch == NULL || s->batch_i >= s->batch->len)
    {
      g_mutex_lock (&s->lock);
      if (s->batch != NULL)
        g_queue_push_tail (&s->spent, g_steal_pointer (&s->batch));
      while (g_queue_is_empty (&s->batches) && !s->producer_done)
        g_cond_wait (&s->cond, &s->lock);
      s->batch = g_queue_pop_head (&s->batches);
      g_cond_broadcast (&s->cond);
      g_mutex_unlock (&s->lock);
      s->batch_i = 0;
      if (s->batch == NULL)
        return NULL;
    }
  s->current = g_ptr_array_index (s->batch, s->batch_i++);
  return s->current;
}

GPtrArray *
ra_source_stream_get_warnings (RaSourceStream *s)
{
  g_return_val_if_fail (s != NULL, NULL);
  return s->warnings;
}
