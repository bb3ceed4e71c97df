/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A layer into the map CRS: reprojection (two threads for big layers),
 * thinning to the draw resolution, packing into one block, and the
 * refinement of a first coarse view to full detail. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-threads.h"
#include "ra-error.h"
#include "ra-layer-private.h"

#define RA_PARALLEL_REPROJECT_MIN_POINTS 200000

/* The largest number of map units per source unit over the layer's extent
 * (sampled on a grid), so a source tolerance of tol / scale is at most tol
 * in the map anywhere; 0 if it cannot be found. */
static double
max_map_scale (RaTransform *t, const RaBBox *extent)
{
  enum { N = 7 };
  double w = extent->x1 - extent->x0, h = extent->y1 - extent->y0;
  double d = MAX (w, h) * 1e-6, scale = 0.0;

  if (!(d > 0.0))
    return 0.0;
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++)
      {
        double x = extent->x0 + w * i / (N - 1), y = extent->y0 + h * j / (N - 1);
        double pts[6] = { x, y, x + d, y, x, y + d };

        if (ra_transform_points (t, pts, 3) != 0)
          continue;
        scale = MAX (scale, hypot (pts[2] - pts[0], pts[3] - pts[1]) / d);
        scale = MAX (scale, hypot (pts[4] - pts[0], pts[5] - pts[1]) / d);
      }
  return isfinite (scale) ? scale : 0.0;
}

typedef struct {
  RaLayerData  *src;
  RaGeometry  **geoms;
  guint         first, last;   /* features [first, last) */
  double        tol;           /* source units; 0: keep every vertex */
  RaTransform  *t;             /* (nullable) NULL: make one (this thread's) */
  const RaCrs  *source_crs, *map_crs;
  double        ox, oy, q;     /* q > 0: pack each geometry on this grid */
  gboolean      failed;
} ReprojectJob;

static gpointer
reproject_run (gpointer data)
{
  ReprojectJob *job = data;
  g_autoptr(RaTransform) own = NULL;
  RaTransform *t = job->t;

  /* PROJ objects are per thread: the second thread makes its own. */
  if (t == NULL)
    {
      own = ra_transform_new (job->source_crs, job->map_crs, NULL);
      if (own == NULL)
        {
          job->failed = TRUE;
          return NULL;
        }
      t = own;
    }
  for (guint i = job->first; i < job->last; i++)
    {
      RaGeometry *g;

      if (job->src->geoms[i] == NULL)
        continue;
      g = job->geoms[i] = ra_geometry_thin_copy (job->src->geoms[i], job->tol);
      ra_transform_points (t, g->xy, g->n_points);
      ra_geometry_update_bbox (g);
      /* Packed at once: the doubles of a big layer never all exist. */
      if (job->q > 0.0)
        ra_geometry_pack (g, job->ox, job->oy, job->q);
    }
  return NULL;
}

typedef struct {
  RaGeometry **geoms;
  guint        first, last;
  double       ox, oy, q;
} PackJob;

static gpointer
pack_run (gpointer data)
{
  PackJob *job = data;

  for (guint i = job->first; i < job->last; i++)
    if (job->geoms[i] != NULL)
      ra_geometry_pack (job->geoms[i], job->ox, job->oy, job->q);
  return NULL;
}

/* Packs n geometries on one grid over their extent (two threads for big
 * layers). */
static void
pack_geoms (RaGeometry **geoms, guint n, guint64 n_points)
{
  RaBBox extent = RA_BBOX_EMPTY;
  PackJob jobs[2];
  double q;

  for (guint i = 0; i < n; i++)
    if (geoms[i] != NULL)
      ra_bbox_union (&extent, &geoms[i]->bbox);
  q = ra_pack_grid_step (&extent);
  if (!(q > 0.0))
    return;
  jobs[0] = (PackJob) { geoms, 0, n, extent.x0, extent.y0, q };
  if (n_points >= RA_PARALLEL_REPROJECT_MIN_POINTS && ra_get_n_threads () >= 2 && n >= 2)
    {
      GThread *helper;

      jobs[1] = jobs[0];
      jobs[0].last = jobs[1].first = n / 2;
      helper = g_thread_new ("ra-pack", pack_run, &jobs[1]);
      pack_run (&jobs[0]);
      g_thread_join (helper);
    }
  else
    pack_run (&jobs[0]);
}

/* Builds map-CRS data from the source data; NULL on error.  With
 * draw_resolution > 0 (map units per pixel of the coarsest view drawn)
 * vertices closer than half a pixel are dropped in the source CRS before
 * reprojecting, as QGIS simplifies before it reprojects: PROJ then sees a
 * fraction of the vertices (all China's counties into EPSG:3857: 0.84 s
 * for 6.9 M vertices otherwise). */
RaLayerData *
_ra_layer_reproject (RaLayer *self, RaLayerData *src, RaCrs *source_crs, RaCrs *map_crs,
                     double draw_resolution, gboolean pack, GError **error)
{
  g_autoptr(RaTransform) t = NULL;
  g_autoptr(RaTransform) helper_t = NULL;
  RaGeometry **geoms;
  ReprojectJob jobs[2];
  guint64 n_points = 0;
  double tol = 0.0, ox = 0.0, oy = 0.0, q = 0.0;
  guint n_jobs = 1;
  RaBBox box;

  if (source_crs == NULL || map_crs == NULL || ra_crs_equal (source_crs, map_crs))
    return ra_layer_data_ref (src);

  t = ra_transform_new (source_crs, map_crs, error);
  if (t == NULL)
    return NULL;
  if (ra_transform_is_identity (t))
    return ra_layer_data_ref (src);

  if (draw_resolution > 0.0 && !ra_bbox_is_empty (&src->extent))
    {
      double scale = max_map_scale (t, &src->extent);

      if (scale > 0.0)
        tol = 0.5 * draw_resolution / scale;
    }
  for (guint i = 0; i < src->n_features; i++)
    if (src->geoms[i] != NULL)
      n_points += src->geoms[i]->n_points;
  if (n_points >= RA_PARALLEL_REPROJECT_MIN_POINTS && ra_get_n_threads () >= 2)
    n_jobs = 2;

  /* The packing grid from the extent in the map CRS. */
  if (pack && tol == 0.0 && ra_transform_bbox (t, &src->extent, &box))
    {
      q = ra_pack_grid_step (&box);
      ox = box.x0;
      oy = box.y0;
    }
  geoms = g_new0 (RaGeometry *, MAX (src->n_features, 1));
  for (guint j = 0; j < n_jobs; j++)
    {
      jobs[j] = (ReprojectJob) { src, geoms, 0, src->n_features, tol, j == 0 ? t : NULL,
                                 source_crs, map_crs, ox, oy, q, FALSE };
    }
  if (n_jobs == 2)
    {
      /* Split at half the vertices. */
      guint64 acc = 0;
      guint split = 0;
      GThread *helper;

      while (split < src->n_features && acc < n_points / 2)
        {
          if (src->geoms[split] != NULL)
            acc += src->geoms[split]->n_points;
          split++;
        }
      jobs[0].last = split;
      jobs[1].first = split;
      /* The second thread's transform: a clone (a new lookup of the
       * operation costs 30-100 ms). */
      helper_t = ra_transform_copy (t);
      jobs[1].t = helper_t;
      helper = g_thread_new ("ra-reproject", reproject_run, &jobs[1]);
      reproject_run (&jobs[0]);
      g_thread_join (helper);
      if (jobs[1].failed)
        {
          /* No second transform: finish with this thread's. */
          jobs[1].t = t;
          reproject_run (&jobs[1]);
        }
    }
  else
    reproject_run (&jobs[0]);
  /* A compact layer at full detail: the coordinates packed on a grid of
   * 2^-30 of the extent, a third of the memory of doubles. */
  if (pack && tol == 0.0)
    {
      RaLayerData *data;
      gpointer block;

      if (!(q > 0.0))
        pack_geoms (geoms, src->n_features, n_points);
      /* One block in feature order: the renderer reads it sequentially
       * (separate allocations cost a cache miss or two per feature). */
      block = ra_geometry_move_to_block (geoms, src->n_features);
      data = _ra_layer_data_new (src->kind, geoms, src->n_features, src->attrs);
      data->geom_block = block;
      return data;
    }
  return _ra_layer_data_new (src->kind, geoms, src->n_features, src->attrs);
}

/**
 * ra_layer_set_draw_resolution:
 * @map_crs: (nullable): the CRS resolution is in; NULL clears the hint
 * @resolution: map units per device pixel of the most detailed view this
 *   layer will be drawn at; 0 clears the hint
 *
 * A hint for one-off renders (the command line's render and export): later
 * reprojections into @map_crs drop, in the source CRS and before
 * transforming, the vertices closer than half a pixel to the previous kept
 * one.  The map data then holds fewer vertices than the source; it looks
 * the same at @resolution and coarser.  Does not reproject by itself.
 */
void
ra_layer_set_draw_resolution (RaLayer *self, RaCrs *map_crs, double resolution)
{
  g_return_if_fail (RA_IS_LAYER (self));

  g_mutex_lock (&self->mutex);
  g_clear_pointer (&self->draw_crs, ra_crs_unref);
  self->draw_resolution = 0.0;
  if (map_crs != NULL && resolution > 0.0 && isfinite (resolution))
    {
      self->draw_crs = ra_crs_ref (map_crs);
      self->draw_resolution = resolution;
    }
  g_mutex_unlock (&self->mutex);
}

/* Called with the mutex held. */
static double
draw_resolution_for_locked (RaLayer *self, RaCrs *map_crs)
{
  if (self->draw_crs == NULL || map_crs == NULL || !ra_crs_equal (self->draw_crs, map_crs))
    return 0.0;
  return self->draw_resolution;
}

/**
 * ra_layer_set_map_crs:
 * @map_crs: (nullable): NULL keeps the source coordinates
 *
 * May run in a worker thread.  It does not emit ::changed; the map (or the
 * caller) signals the redraw.
 */
gboolean
ra_layer_set_map_crs (RaLayer *self, RaCrs *map_crs, GError **error)
{
  g_autoptr(RaLayerData) src = NULL;
  g_autoptr(RaCrs) from_crs = NULL;
  g_autoptr(RaCrs) source_crs = NULL;
  RaLayerData *fresh, *old, *dropped;
  gboolean have_source, compact;
  double resolution;

  g_return_val_if_fail (RA_IS_LAYER (self), FALSE);

  g_mutex_lock (&self->mutex);
  compact = self->compact;
  src = _ra_layer_origin_locked (self, &from_crs);
  have_source = self->source_data != NULL;
  source_crs = self->source_crs != NULL ? ra_crs_ref (self->source_crs) : NULL;
  /* Without the source copy only full detail is left to work from. */
  resolution = have_source ? draw_resolution_for_locked (self, map_crs) : 0.0;
  /* Already there (the load worker reprojected it for this map). */
  if (map_crs != NULL && self->map_crs != NULL && ra_crs_equal (self->map_crs, map_crs) &&
      self->data_resolution == resolution)
    {
      g_mutex_unlock (&self->mutex);
      return TRUE;
    }
  g_mutex_unlock (&self->mutex);

  if (map_crs == NULL && !have_source)
    /* Back to the source coordinates, which a compact layer dropped. */
    fresh = _ra_layer_reproject (self, src, from_crs, source_crs, 0.0, compact, error);
  else
    fresh = _ra_layer_reproject (self, src, from_crs, map_crs, resolution, compact, error);
  if (fresh == NULL)
    return FALSE;

  g_mutex_lock (&self->mutex);
  old = self->data;
  self->data = fresh;
  /* Drawn as read (no transform): nothing was simplified. */
  self->data_resolution = fresh == src ? 0.0 : resolution;
  if (map_crs != NULL)
    ra_crs_ref (map_crs);
  g_clear_pointer (&self->map_crs, ra_crs_unref);
  self->map_crs = map_crs;
  if (map_crs == NULL && self->source_data == NULL)
    self->source_data = ra_layer_data_ref (fresh);
  dropped = _ra_layer_drop_source_locked (self);
  g_mutex_unlock (&self->mutex);

  /* A render thread may still hold old; the last unref frees it. */
  g_clear_pointer (&old, ra_layer_data_unref);
  g_clear_pointer (&dropped, ra_layer_data_unref);
  return TRUE;
}

static guint64
count_points (const RaLayerData *data)
{
  guint64 n = 0;

  for (guint i = 0; i < data->n_features; i++)
    if (data->geoms[i] != NULL)
      n += data->geoms[i]->n_points;
  return n;
}

/**
 * ra_layer_set_compact:
 *
 * Keeps only one copy of the coordinates, in the map CRS, once they are
 * reprojected at full detail: half the memory of a big layer.  The source
 * coordinates come back through PROJ's inverse when they are needed again
 * (a CRS assigned by hand, the map without a CRS); a change of the map CRS
 * reprojects from the map coordinates.  That copy is packed on a grid
 * (ra_geometry_pack, in one block): a third of the memory again.  A layer
 * already in its map CRS (drawn as read) is packed by ra_layer_refine.
 */
/* Called with the mutex held: a compact layer drawn as read (no
 * reprojection) whose one copy is not packed yet. */
static gboolean
pack_pending_locked (RaLayer *self)
{
  return self->compact && self->source_data != NULL && self->data == self->source_data &&
         self->source_data->geom_block == NULL && self->data_resolution <= 0.0 &&
         self->map_crs != NULL &&
         (self->source_crs == NULL || ra_crs_equal (self->source_crs, self->map_crs));
}

/* Packs the one copy of a layer drawn as read (in a worker: ra_layer_refine),
 * with a simplified copy for coarse views when a first-view hint says how
 * coarse.  TRUE if the map data changed. */
static gboolean
pack_drawn_as_read (RaLayer *self)
{
  RaLayerData *same = NULL, *packed;
  RaGeometry **geoms;
  double coarse_resolution, q;
  gboolean swapped = FALSE;

  g_mutex_lock (&self->mutex);
  if (pack_pending_locked (self))
    {
      same = ra_layer_data_ref (self->source_data);
      coarse_resolution = draw_resolution_for_locked (self, self->map_crs);
    }
  g_mutex_unlock (&self->mutex);
  if (same == NULL)
    return FALSE;

  /* Copied and packed one by one: never a second copy in doubles. */
  geoms = g_new0 (RaGeometry *, MAX (same->n_features, 1));
  q = ra_pack_grid_step (&same->extent);
  for (guint i = 0; i < same->n_features; i++)
    if (same->geoms[i] != NULL)
      {
        geoms[i] = ra_geometry_copy (same->geoms[i]);
        ra_geometry_pack (geoms[i], same->extent.x0, same->extent.y0, q);
      }
  {
    gpointer block = ra_geometry_move_to_block (geoms, same->n_features);

    packed = _ra_layer_data_new (same->kind, geoms, same->n_features, same->attrs);
    packed->geom_block = block;
  }
  /* The level of detail for coarse views, as a reprojected big layer keeps
   * its first view. */
  if (coarse_resolution > 0.0)
    {
      RaGeometry **thin = g_new0 (RaGeometry *, MAX (same->n_features, 1));
      RaLayerData *coarse;

      for (guint i = 0; i < same->n_features; i++)
        if (same->geoms[i] != NULL)
          thin[i] = ra_geometry_thin_copy (same->geoms[i], 0.5 * coarse_resolution);
      coarse = _ra_layer_data_new (same->kind, thin, same->n_features, same->attrs);
      if (count_points (coarse) < count_points (same) / 4)
        {
          packed->coarse = coarse;
          packed->coarse_resolution = coarse_resolution;
        }
      else
        ra_layer_data_unref (coarse);
    }

  g_mutex_lock (&self->mutex);
  if (self->source_data == same && self->data == same && pack_pending_locked (self))
    {
      /* The layer's two references move to the packed copy. */
      self->source_data = ra_layer_data_ref (packed);
      self->data = g_steal_pointer (&packed);
      g_clear_pointer (&self->draw_crs, ra_crs_unref);
      self->draw_resolution = 0.0;
      swapped = TRUE;
    }
  g_mutex_unlock (&self->mutex);
  g_clear_pointer (&packed, ra_layer_data_unref);
  if (swapped)
    {
      ra_layer_data_unref (same);
      ra_layer_data_unref (same);
    }
  ra_layer_data_unref (same);
  return swapped;
}

void
ra_layer_set_compact (RaLayer *self, gboolean compact)
{
  RaLayerData *dropped;

  g_return_if_fail (RA_IS_LAYER (self));

  g_mutex_lock (&self->mutex);
  self->compact = !!compact;
  _ra_layer_finish_build_locked (self);
  dropped = _ra_layer_drop_source_locked (self);
  g_mutex_unlock (&self->mutex);
  g_clear_pointer (&dropped, ra_layer_data_unref);
}

/**
 * ra_layer_needs_refine:
 *
 * Whether the map data was simplified by a draw resolution hint and
 * ra_layer_refine would bring the full detail.
 */
gboolean
ra_layer_needs_refine (RaLayer *self)
{
  gboolean needs;

  g_return_val_if_fail (RA_IS_LAYER (self), FALSE);
  g_mutex_lock (&self->mutex);
  needs = (self->data_resolution > 0.0 && self->map_crs != NULL && self->source_data != NULL) ||
          pack_pending_locked (self);
  g_mutex_unlock (&self->mutex);
  return needs;
}

/**
 * ra_layer_refine:
 *
 * Reprojects at full detail a layer whose map data was simplified for a
 * quick first view (ra_layer_set_draw_resolution), and clears the hint.
 * Runs in a worker; does not emit ::changed (call ra_layer_emit_changed
 * on the main thread).  Work that a map CRS change overtook is dropped.
 *
 * Returns: TRUE if the map data changed.
 */
static gboolean refine_detail (RaLayer *self, GError **error);

gboolean
ra_layer_refine (RaLayer *self, GError **error)
{
  GError *local_error = NULL;
  gboolean changed;

  g_return_val_if_fail (RA_IS_LAYER (self), FALSE);

  changed = refine_detail (self, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  /* A compact layer drawn as read: packed (and given its coarse copy). */
  if (pack_drawn_as_read (self))
    changed = TRUE;
  return changed;
}

static gboolean
refine_detail (RaLayer *self, GError **error)
{
  g_autoptr(RaLayerData) src = NULL;
  g_autoptr(RaCrs) source_crs = NULL;
  g_autoptr(RaCrs) map_crs = NULL;
  RaLayerData *fresh, *old = NULL, *dropped = NULL;
  gboolean changed = FALSE, compact;

  g_return_val_if_fail (RA_IS_LAYER (self), FALSE);

  g_mutex_lock (&self->mutex);
  _ra_layer_finish_build_locked (self);
  compact = self->compact;
  if (self->data_resolution <= 0.0 || self->map_crs == NULL || self->source_data == NULL)
    {
      g_mutex_unlock (&self->mutex);
      return FALSE;
    }
  src = ra_layer_data_ref (self->source_data);
  source_crs = self->source_crs != NULL ? ra_crs_ref (self->source_crs) : NULL;
  map_crs = ra_crs_ref (self->map_crs);
  g_mutex_unlock (&self->mutex);

  fresh = _ra_layer_reproject (self, src, source_crs, map_crs, 0.0, compact, error);
  if (fresh == NULL)
    return FALSE;

  g_mutex_lock (&self->mutex);
  if (self->data_resolution > 0.0 && self->source_data == src && self->map_crs != NULL &&
      ra_crs_equal (self->map_crs, map_crs))
    {
      /* The first view stays, for views as coarse as it, when it is a
       * real saving (long lines of evenly spaced vertices hardly thin). */
      if (fresh != self->data && fresh != src &&
          count_points (self->data) < count_points (fresh) / 4)
        {
          fresh->coarse = self->data;
          fresh->coarse_resolution = self->data_resolution;
        }
      else
        old = self->data;
      self->data = fresh;
      self->data_resolution = 0.0;
      g_clear_pointer (&self->draw_crs, ra_crs_unref);
      self->draw_resolution = 0.0;
      dropped = _ra_layer_drop_source_locked (self);
      changed = TRUE;
    }
  else
    old = fresh;
  g_mutex_unlock (&self->mutex);

  g_clear_pointer (&old, ra_layer_data_unref);
  g_clear_pointer (&dropped, ra_layer_data_unref);
  return changed;
}
