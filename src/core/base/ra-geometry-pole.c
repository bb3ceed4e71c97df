/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The pole of inaccessibility of a polygon (the centre of its largest
 * inscribed circle, GEOS's GEOSMaximumInscribedCircle_r): where a polygon's
 * label sits inside it with the most room.  Computed once per geometry and
 * kept in a process-wide cache keyed by the coordinates, so the thematic
 * map's counties, rebuilt for every year with the same boundaries, and
 * every redraw reuse it. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <geos_c.h>

#include "ra-geometry.h"

/* Entries kept before the cache starts afresh (a few MB at most). */
#define POLE_CACHE_MAX 65536

typedef struct {
  guint64 hash;
  guint   n_points;
  guint   n_parts;
  RaBBox  bbox;
} PoleKey;

typedef struct {
  double x, y, radius;
} PoleValue;

static GMutex pole_lock;
static GHashTable *pole_cache;   /* PoleKey* -> PoleValue* */

static guint
pole_key_hash (gconstpointer p)
{
  const PoleKey *k = p;

  return (guint) (k->hash ^ (k->hash >> 32));
}

static gboolean
pole_key_equal (gconstpointer pa, gconstpointer pb)
{
  const PoleKey *a = pa, *b = pb;

  return a->hash == b->hash && a->n_points == b->n_points && a->n_parts == b->n_parts &&
         memcmp (&a->bbox, &b->bbox, sizeof a->bbox) == 0;
}

/* FNV-1a over the coordinates and the part starts. */
static guint64
coords_hash (const RaGeometry *geom, const double *xy)
{
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);
  const guchar *bytes = (const guchar *) xy;
  gsize n = (gsize) geom->n_points * 2 * sizeof (double);

  for (gsize i = 0; i < n; i++)
    {
      h ^= bytes[i];
      h *= G_GUINT64_CONSTANT (0x100000001b3);
    }
  bytes = (const guchar *) geom->parts;
  n = (gsize) (geom->n_parts + 1) * sizeof (guint);
  for (gsize i = 0; i < n; i++)
    {
      h ^= bytes[i];
      h *= G_GUINT64_CONSTANT (0x100000001b3);
    }
  return h;
}

static void
geos_quiet (const char *message, void *user_data)
{
}

/* The rings of geom as closed GEOS line strings, NULL when none has three
 * points. */
static GEOSGeometry *
rings_as_lines (GEOSContextHandle_t ctx, const RaGeometry *geom, const double *xy)
{
  g_autofree GEOSGeometry **lines = g_new0 (GEOSGeometry *, geom->n_parts);
  guint n_lines = 0;

  for (guint p = 0; p < geom->n_parts; p++)
    {
      guint first = geom->parts[p], n = geom->parts[p + 1] - first;
      gboolean closed;
      GEOSCoordSequence *seq;

      if (n < 3)
        continue;
      closed = xy[2 * first] == xy[2 * (first + n - 1)] &&
               xy[2 * first + 1] == xy[2 * (first + n - 1) + 1];
      if (closed && n < 4)
        continue;
      seq = GEOSCoordSeq_create_r (ctx, n + (closed ? 0 : 1), 2);
      for (guint i = 0; i < n; i++)
        GEOSCoordSeq_setXY_r (ctx, seq, i, xy[2 * (first + i)], xy[2 * (first + i) + 1]);
      if (!closed)
        GEOSCoordSeq_setXY_r (ctx, seq, n, xy[2 * first], xy[2 * first + 1]);
      lines[n_lines] = GEOSGeom_createLineString_r (ctx, seq);
      if (lines[n_lines] != NULL)
        n_lines++;
    }
  if (n_lines == 0)
    return NULL;
  return GEOSGeom_createCollection_r (ctx, GEOS_MULTILINESTRING, lines, n_lines);
}

/* GEOS's maximum inscribed circle of the area the rings enclose (holes
 * and several parts as an even-odd fill has them, via GEOSBuildArea). */
static gboolean
compute_pole (const RaGeometry *geom, const double *xy, PoleValue *out)
{
  GEOSContextHandle_t ctx = GEOS_init_r ();
  GEOSGeometry *lines, *area = NULL, *circle = NULL;
  double size = MAX (geom->bbox.x1 - geom->bbox.x0, geom->bbox.y1 - geom->bbox.y0);
  gboolean ok = FALSE;

  GEOSContext_setErrorMessageHandler_r (ctx, geos_quiet, NULL);
  GEOSContext_setNoticeMessageHandler_r (ctx, geos_quiet, NULL);
  lines = rings_as_lines (ctx, geom, xy);
  if (lines != NULL)
    area = GEOSBuildArea_r (ctx, lines);
  if (area != NULL && GEOSisEmpty_r (ctx, area) == 0 && size > 0)
    /* A thousandth of the polygon's size: far below a label's size at any
     * scale the whole polygon is seen at. */
    circle = GEOSMaximumInscribedCircle_r (ctx, area, size / 1000.0);
  if (circle != NULL && GEOSGetNumCoordinates_r (ctx, circle) >= 2)
    {
      const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r (ctx, circle);
      double x0, y0, x1, y1;

      if (seq != NULL && GEOSCoordSeq_getXY_r (ctx, seq, 0, &x0, &y0) &&
          GEOSCoordSeq_getXY_r (ctx, seq, 1, &x1, &y1) && isfinite (x0) && isfinite (y0))
        {
          out->x = x0;
          out->y = y0;
          out->radius = hypot (x1 - x0, y1 - y0);
          ok = TRUE;
        }
    }
  if (circle != NULL)
    GEOSGeom_destroy_r (ctx, circle);
  if (area != NULL)
    GEOSGeom_destroy_r (ctx, area);
  if (lines != NULL)
    GEOSGeom_destroy_r (ctx, lines);
  GEOS_finish_r (ctx);
  return ok;
}

/**
 * ra_geometry_pole_of_inaccessibility:
 * @geom: a polygon geometry (other kinds: their label point, radius 0)
 * @x: (out): centre of the largest inscribed circle, map units
 * @y: (out):
 * @radius: (out) (optional): its radius, map units
 *
 * Thread-safe; the result is cached per geometry (by its coordinates).
 * Falls back to ra_geometry_label_point (radius 0) when GEOS finds no
 * area (degenerate rings).
 *
 * Returns: FALSE for an empty geometry.
 */
gboolean
ra_geometry_pole_of_inaccessibility (const RaGeometry *geom, double *x, double *y,
                                     double *radius)
{
  RaCoordScratch scratch = RA_COORD_SCRATCH_INIT;
  const double *xy;
  PoleKey key;
  PoleValue value = { 0 };
  const PoleValue *hit;
  gboolean found = FALSE;

  g_return_val_if_fail (geom != NULL, FALSE);

  if (radius != NULL)
    *radius = 0.0;
  if (geom->n_points == 0 || geom->n_parts == 0)
    return FALSE;
  if (geom->kind != RA_GEOM_POLYGON)
    return ra_geometry_label_point (geom, x, y);

  xy = ra_geometry_coords (geom, &scratch);
  key.hash = coords_hash (geom, xy);
  key.n_points = geom->n_points;
  key.n_parts = geom->n_parts;
  key.bbox = geom->bbox;

  g_mutex_lock (&pole_lock);
  if (pole_cache != NULL && (hit = g_hash_table_lookup (pole_cache, &key)) != NULL)
    {
      value = *hit;
      found = TRUE;
    }
  g_mutex_unlock (&pole_lock);

  if (!found)
    {
      /* Outside the lock: two threads may both compute it, harmlessly. */
      if (!compute_pole (geom, xy, &value))
        {
          value.radius = 0.0;
          if (!ra_geometry_label_point (geom, &value.x, &value.y))
            {
              ra_coord_scratch_clear (&scratch);
              return FALSE;
            }
        }
      g_mutex_lock (&pole_lock);
      if (pole_cache == NULL || g_hash_table_size (pole_cache) >= POLE_CACHE_MAX)
        {
          g_clear_pointer (&pole_cache, g_hash_table_unref);
          pole_cache = g_hash_table_new_full (pole_key_hash, pole_key_equal, g_free, g_free);
        }
      g_hash_table_replace (pole_cache, g_memdup2 (&key, sizeof key),
                            g_memdup2 (&value, sizeof value));
      g_mutex_unlock (&pole_lock);
    }
  ra_coord_scratch_clear (&scratch);
  *x = value.x;
  *y = value.y;
  if (radius != NULL)
    *radius = value.radius;
  return TRUE;
}

/* For tests: how many poles the cache holds. */
guint
ra_geometry_pole_cache_size (void)
{
  guint n;

  g_mutex_lock (&pole_lock);
  n = pole_cache != NULL ? g_hash_table_size (pole_cache) : 0;
  g_mutex_unlock (&pole_lock);
  return n;
}
