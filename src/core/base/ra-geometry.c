/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ra-geometry.h"
#include "ra-packed-private.h"

/* CGCS2000 uses the GRS80 ellipsoid; WGS84 differs by < 0.1 mm in b. */

void
ra_bbox_init_empty (RaBBox *bbox)
{
  g_return_if_fail (bbox != NULL);
  *bbox = RA_BBOX_EMPTY;
}

gboolean
ra_bbox_is_empty (const RaBBox *bbox)
{
  g_return_val_if_fail (bbox != NULL, TRUE);
  return !(bbox->x0 <= bbox->x1 && bbox->y0 <= bbox->y1);
}

void
ra_bbox_add_point (RaBBox *bbox, double x, double y)
{
  if (x < bbox->x0) bbox->x0 = x;
  if (x > bbox->x1) bbox->x1 = x;
  if (y < bbox->y0) bbox->y0 = y;
  if (y > bbox->y1) bbox->y1 = y;
}

void
ra_bbox_union (RaBBox *bbox, const RaBBox *other)
{
  g_return_if_fail (bbox != NULL && other != NULL);
  if (ra_bbox_is_empty (other))
    return;
  bbox->x0 = MIN (bbox->x0, other->x0);
  bbox->y0 = MIN (bbox->y0, other->y0);
  bbox->x1 = MAX (bbox->x1, other->x1);
  bbox->y1 = MAX (bbox->y1, other->y1);
}

gboolean
ra_bbox_intersects (const RaBBox *a, const RaBBox *b)
{
  /* Empty boxes have x0 > x1, so they never intersect anything. */
  return a->x0 <= b->x1 && a->x1 >= b->x0 &&
         a->y0 <= b->y1 && a->y1 >= b->y0 &&
         a->x0 <= a->x1 && b->x0 <= b->x1 &&
         a->y0 <= a->y1 && b->y0 <= b->y1;
}

gboolean
ra_bbox_contains_point (const RaBBox *bbox, double x, double y)
{
  return x >= bbox->x0 && x <= bbox->x1 && y >= bbox->y0 && y <= bbox->y1;
}

static void unpack_into (const RaGeometry *geom, double *xy);

/**
 * ra_geometry_new:
 * Returns: (transfer full) a geometry with room for n_points and n_parts;
 * parts[0] = 0 and parts[n_parts] = n_points, the rest is for the caller.
 */
RaGeometry *
ra_geometry_new (RaGeomKind kind, guint n_points, guint n_parts)
{
  RaGeometry *geom = ra_geometry_new_uninit (kind, n_points, n_parts);

  memset (geom->xy, 0, 2 * sizeof (double) * MAX (n_points, 1));
  memset (geom->parts, 0, sizeof (guint) * n_parts);
  return geom;
}

/**
 * ra_geometry_new_uninit:
 * ra_geometry_new whose coordinates and part starts are not zeroed, for a
 * caller that writes every one before it is read (a reader filling
 * millions of vertices).
 * Returns: (transfer full)
 */
RaGeometry *
ra_geometry_new_uninit (RaGeomKind kind, guint n_points, guint n_parts)
{
  RaGeometry *geom = g_new0 (RaGeometry, 1);

  geom->kind = kind;
  geom->n_points = n_points;
  geom->n_parts = n_parts;
  geom->xy = g_new (double, 2 * (gsize) MAX (n_points, 1));
  geom->parts = g_new (guint, n_parts + 1);
  geom->parts[n_parts] = n_points;
  geom->bbox = RA_BBOX_EMPTY;
  return geom;
}

/** ra_geometry_copy: Returns: (transfer full) a deep copy. */
RaGeometry *
ra_geometry_copy (const RaGeometry *geom)
{
  RaGeometry *copy;

  g_return_val_if_fail (geom != NULL, NULL);

  copy = g_new (RaGeometry, 1);
  *copy = *geom;
  copy->packed = NULL;
  if (geom->packed != NULL)
    {
      copy->xy = g_new (double, 2 * (gsize) MAX (geom->n_points, 1));
      unpack_into (geom, copy->xy);
    }
  else
    copy->xy = g_memdup2 (geom->xy, sizeof (double) * 2 * MAX (geom->n_points, 1));
  copy->parts = g_memdup2 (geom->parts, sizeof (guint) * (geom->n_parts + 1));
  return copy;
}

void
ra_geometry_free (RaGeometry *geom)
{
  if (geom == NULL)
    return;
  g_free (geom->xy);
  g_free (geom->parts);
  g_free (geom->packed);
  g_free (geom);
}

static RaBBox
bbox_of (const double *xy, guint n_points)
{
  RaBBox b = RA_BBOX_EMPTY;

  for (guint i = 0; i < n_points; i++)
    {
      double x = xy[2 * i], y = xy[2 * i + 1];

      if (isfinite (x) && isfinite (y) && fabs (x) < HUGE_VAL && fabs (y) < HUGE_VAL)
        ra_bbox_add_point (&b, x, y);
    }
  return b;
}

/* Non-finite coordinates (failed transforms are HUGE_VAL) are left out. */
void
ra_geometry_update_bbox (RaGeometry *geom)
{
  RaCoordScratch scratch = RA_COORD_SCRATCH_INIT;

  g_return_if_fail (geom != NULL);

  geom->bbox = bbox_of (ra_geometry_coords (geom, &scratch), geom->n_points);
  ra_coord_scratch_clear (&scratch);
}

/* ---- packed coordinates (layout in ra-packed-private.h) ----------------- */

static inline guint8 *
put_varint (guint8 *p, gint64 value)
{
  guint64 v = ((guint64) value << 1) ^ (guint64) (value >> 63);

  while (v >= 0x80)
    {
      *p++ = (guint8) (v | 0x80);
      v >>= 7;
    }
  *p++ = (guint8) v;
  return p;
}

static void
unpack_into (const RaGeometry *geom, double *xy)
{
  const RaPacked *pk = geom->packed;
  const guint8 *p = pk->bytes;
  const double ox = pk->ox, oy = pk->oy, q = pk->q;
  gint64 gx = 0, gy = 0;

  for (guint i = 0; i < geom->n_points; i++)
    {
      gint64 d;

      p = ra_packed_get_varint (p, &d);
      gx += d;
      p = ra_packed_get_varint (p, &d);
      gy += d;
      xy[2 * i] = ox + q * (double) gx;
      xy[2 * i + 1] = oy + q * (double) gy;
    }
}

/**
 * ra_geometry_coords:
 * Returns: (transfer none) 2 * n_points coordinates.
 */
const double *
ra_geometry_coords (const RaGeometry *geom, RaCoordScratch *scratch)
{
  g_return_val_if_fail (geom != NULL && scratch != NULL, NULL);

  if (geom->packed == NULL)
    return geom->xy;
  if (scratch->capacity < MAX (geom->n_points, 1))
    {
      scratch->capacity = MAX (MAX (geom->n_points, 1), 2 * scratch->capacity);
      g_free (scratch->xy);
      scratch->xy = g_new (double, 2 * scratch->capacity);
    }
  unpack_into (geom, scratch->xy);
  return scratch->xy;
}

void
ra_coord_scratch_clear (RaCoordScratch *scratch)
{
  g_clear_pointer (&scratch->xy, g_free);
  scratch->capacity = 0;
}

double
ra_pack_grid_step (const RaBBox *extent)
{
  double span;
  int e;

  g_return_val_if_fail (extent != NULL, 0.0);
  if (ra_bbox_is_empty (extent))
    return 0.0;
  span = MAX (MAX (extent->x1 - extent->x0, extent->y1 - extent->y0),
              MAX (MAX (fabs (extent->x0), fabs (extent->x1)), MAX (fabs (extent->y0), fabs (extent->y1))) * 1e-6);
  if (!(span > 0.0) || !isfinite (span))
    return 0.0;
  frexp (span, &e);
  return ldexp (1.0, e - 30);
}

gboolean
ra_geometry_is_packed (const RaGeometry *geom)
{
  g_return_val_if_fail (geom != NULL, FALSE);
  return geom->packed != NULL;
}

gsize
ra_geometry_heap_size (const RaGeometry *geom)
{
  g_return_val_if_fail (geom != NULL, 0);
  return sizeof (RaGeometry) + sizeof (guint) * (geom->n_parts + 1) +
         (geom->packed != NULL ? sizeof (RaPacked) + geom->packed->n_bytes
                               : sizeof (double) * 2 * MAX (geom->n_points, 1));
}

#define BLOCK_ALIGN(n) (((n) + 7) & ~(gsize) 7)

static gsize
block_size_of (const RaGeometry *g)
{
  return BLOCK_ALIGN (sizeof (RaGeometry)) + BLOCK_ALIGN (sizeof (guint) * (g->n_parts + 1)) +
         (g->packed != NULL ? BLOCK_ALIGN (sizeof (RaPacked) + g->packed->n_bytes)
                            : sizeof (double) * 2 * (gsize) MAX (g->n_points, 1));
}

gpointer
ra_geometry_move_to_block (RaGeometry **geoms, guint n)
{
  gsize total = 0;
  guint8 *block, *p;

  g_return_val_if_fail (geoms != NULL || n == 0, NULL);

  for (guint i = 0; i < n; i++)
    if (geoms[i] != NULL)
      total += block_size_of (geoms[i]);
  if (total == 0)
    return NULL;
  block = p = g_malloc (total);
  for (guint i = 0; i < n; i++)
    {
      RaGeometry *g = geoms[i], *out;
      gsize sz;

      if (g == NULL)
        continue;
      out = (RaGeometry *) (gpointer) p;
      *out = *g;
      p += BLOCK_ALIGN (sizeof (RaGeometry));
      sz = sizeof (guint) * (g->n_parts + 1);
      out->parts = memcpy (p, g->parts, sz);
      p += BLOCK_ALIGN (sz);
      if (g->packed != NULL)
        {
          sz = sizeof (RaPacked) + g->packed->n_bytes;
          out->packed = memcpy (p, g->packed, sz);
          p += BLOCK_ALIGN (sz);
        }
      else
        {
          sz = sizeof (double) * 2 * (gsize) MAX (g->n_points, 1);
          out->xy = memcpy (p, g->xy, sz);
          p += sz;
        }
      ra_geometry_free (g);
      geoms[i] = out;
    }
  g_assert ((gsize) (p - block) == total);
  return block;
}

void
ra_geometry_pack (RaGeometry *geom, double ox, double oy, double q)
{
  /* Grid coordinates stay well inside what a double holds exactly. */
  const double limit = 4e15;
  guint8 *buf, *p;
  gint64 px = 0, py = 0;
  gsize n;
  RaPacked *pk;

  g_return_if_fail (geom != NULL);
  if (geom->packed != NULL || geom->n_points < 4 || !(q > 0.0) || !isfinite (ox) || !isfinite (oy))
    return;
  buf = p = g_malloc (20 * (gsize) geom->n_points);
  for (guint i = 0; i < geom->n_points; i++)
    {
      double fx = (geom->xy[2 * i] - ox) / q, fy = (geom->xy[2 * i + 1] - oy) / q;
      gint64 gx, gy;

      /* A failed transform (HUGE_VAL) or a far outlier: kept as doubles. */
      if (!(fabs (fx) < limit) || !(fabs (fy) < limit))
        {
          g_free (buf);
          return;
        }
      gx = (gint64) llround (fx);
      gy = (gint64) llround (fy);
      p = put_varint (p, gx - px);
      p = put_varint (p, gy - py);
      px = gx;
      py = gy;
    }
  n = (gsize) (p - buf);
  if (sizeof (RaPacked) + n >= sizeof (double) * 2 * geom->n_points)
    {
      g_free (buf);
      return;
    }
  pk = g_malloc (sizeof (RaPacked) + n);
  pk->ox = ox;
  pk->oy = oy;
  pk->q = q;
  pk->n_bytes = (guint) n;
  memcpy (pk->bytes, buf, n);
  g_free (buf);
  geom->packed = pk;
  /* The bbox of what is now stored (it moves by at most q / 2). */
  unpack_into (geom, geom->xy);
  geom->bbox = bbox_of (geom->xy, geom->n_points);
  g_clear_pointer (&geom->xy, g_free);
}

/* Signed shoelace area and centroid of one ring (implicitly closed). */
static double
ring_area_centroid (const double *xy, guint n, double *cx, double *cy)
{
  double a = 0, sx = 0, sy = 0;
  double ox, oy;

  if (n < 3)
    {
      *cx = n > 0 ? xy[0] : 0;
      *cy = n > 0 ? xy[1] : 0;
      return 0;
    }
  /* Relative to the first vertex, to keep precision with projected metres. */
  ox = xy[0];
  oy = xy[1];
  for (guint i = 0; i < n; i++)
    {
      guint j = (i + 1) % n;
      double x0 = xy[2 * i] - ox, y0 = xy[2 * i + 1] - oy;
      double x1 = xy[2 * j] - ox, y1 = xy[2 * j + 1] - oy;
      double c = x0 * y1 - x1 * y0;

      a += c;
      sx += (x0 + x1) * c;
      sy += (y0 + y1) * c;
    }
  a *= 0.5;
  if (a == 0)
    {
      *cx = xy[0];
      *cy = xy[1];
      return 0;
    }
  *cx = ox + sx / (6 * a);
  *cy = oy + sy / (6 * a);
  return a;
}

/* Even-odd crossing test of one ring. */
static gboolean
ring_contains (const double *xy, guint n, double x, double y)
{
  gboolean inside = FALSE;

  for (guint i = 0, j = n - 1; i < n; j = i++)
    {
      double xi = xy[2 * i], yi = xy[2 * i + 1];
      double xj = xy[2 * j], yj = xy[2 * j + 1];

      if ((yi > y) != (yj > y) &&
          x < (xj - xi) * (y - yi) / (yj - yi) + xi)
        inside = !inside;
    }
  return inside;
}

static gboolean
contains_xy (const RaGeometry *geom, const double *xy, double x, double y)
{
  gboolean inside = FALSE;

  if (geom->kind != RA_GEOM_POLYGON || !ra_bbox_contains_point (&geom->bbox, x, y))
    return FALSE;
  for (guint p = 0; p < geom->n_parts; p++)
    {
      guint s = geom->parts[p], e = geom->parts[p + 1];

      if (e - s >= 3 && ring_contains (xy + 2 * s, e - s, x, y))
        inside = !inside;
    }
  return inside;
}

gboolean
ra_geometry_contains_point (const RaGeometry *geom, double x, double y)
{
  RaCoordScratch scratch = RA_COORD_SCRATCH_INIT;
  gboolean inside;

  g_return_val_if_fail (geom != NULL, FALSE);

  if (geom->kind != RA_GEOM_POLYGON || !ra_bbox_contains_point (&geom->bbox, x, y))
    return FALSE;
  inside = contains_xy (geom, ra_geometry_coords (geom, &scratch), x, y);
  ra_coord_scratch_clear (&scratch);
  return inside;
}

static int
cmp_double (const void *a, const void *b)
{
  double da = *(const double *) a, db = *(const double *) b;
  return (da > db) - (da < db);
}

/* The midpoint of the widest inside span on the horizontal line at y that
 * lies within ring `part`; FALSE if none. */
static gboolean
widest_span_at (const RaGeometry *geom, const double *gxy, guint part, double y, GArray *xs,
                double *best_x, double *best_w)
{
  const double *rxy = gxy + 2 * geom->parts[part];
  guint rn = geom->parts[part + 1] - geom->parts[part];
  gboolean found = FALSE;

  g_array_set_size (xs, 0);
  for (guint p = 0; p < geom->n_parts; p++)
    {
      guint s = geom->parts[p], n = geom->parts[p + 1] - s;
      const double *xy = gxy + 2 * s;

      for (guint i = 0, j = n - 1; n >= 3 && i < n; j = i++)
        {
          double xi = xy[2 * i], yi = xy[2 * i + 1];
          double xj = xy[2 * j], yj = xy[2 * j + 1];

          if ((yi > y) != (yj > y))
            {
              double xc = (xj - xi) * (y - yi) / (yj - yi) + xi;
              g_array_append_val (xs, xc);
            }
        }
    }
  if (xs->len < 2)
    return FALSE;
  qsort (xs->data, xs->len, sizeof (double), cmp_double);
  for (guint i = 0; i + 1 < xs->len; i += 2)
    {
      double a = g_array_index (xs, double, i), b = g_array_index (xs, double, i + 1);
      double mid = (a + b) / 2;

      if (b - a > *best_w && ring_contains (rxy, rn, mid, y))
        {
          *best_w = b - a;
          *best_x = mid;
          found = TRUE;
        }
    }
  return found;
}

static double
seg_dist2 (double px, double py, double ax, double ay, double bx, double by)
{
  double dx = bx - ax, dy = by - ay;
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;

  t = CLAMP (t, 0.0, 1.0);
  dx = ax + t * dx - px;
  dy = ay + t * dy - py;
  return dx * dx + dy * dy;
}

/**
 * ra_geometry_label_point:
 * Returns: FALSE for an empty geometry.
 */
static gboolean label_point_xy (const RaGeometry *geom, const double *xy, double *x, double *y);

gboolean
ra_geometry_label_point (const RaGeometry *geom, double *x, double *y)
{
  RaCoordScratch scratch = RA_COORD_SCRATCH_INIT;
  gboolean ok;

  g_return_val_if_fail (geom != NULL, FALSE);

  if (geom->n_points == 0 || geom->n_parts == 0)
    return FALSE;
  ok = label_point_xy (geom, ra_geometry_coords (geom, &scratch), x, y);
  ra_coord_scratch_clear (&scratch);
  return ok;
}

static gboolean
label_point_xy (const RaGeometry *geom, const double *gxy, double *x, double *y)
{

  switch (geom->kind)
    {
    case RA_GEOM_POLYGON:
      {
        guint best = 0;
        double best_a = -1, cx = 0, cy = 0, sx = 0, bw = 0;
        g_autoptr(GArray) xs = NULL;

        for (guint p = 0; p < geom->n_parts; p++)
          {
            double px, py;
            double a = fabs (ring_area_centroid (gxy + 2 * geom->parts[p],
                                                 geom->parts[p + 1] - geom->parts[p],
                                                 &px, &py));
            if (a > best_a)
              {
                best_a = a;
                best = p;
                cx = px;
                cy = py;
              }
          }
        if (contains_xy (geom, gxy, cx, cy))
          {
            *x = cx;
            *y = cy;
            return TRUE;
          }
        /* Concave or holed: scan a few horizontal lines through the largest
         * ring and take the middle of the widest inside span. */
        {
          const double *rxy = gxy + 2 * geom->parts[best];
          guint rn = geom->parts[best + 1] - geom->parts[best];
          RaBBox rb = RA_BBOX_EMPTY;
          double by = cy;
          static const double fractions[] = { 0.5, 0.3, 0.7, 0.4, 0.6, 0.2, 0.8, 0.1, 0.9 };

          for (guint i = 0; i < rn; i++)
            ra_bbox_add_point (&rb, rxy[2 * i], rxy[2 * i + 1]);
          xs = g_array_new (FALSE, FALSE, sizeof (double));
          if (!widest_span_at (geom, gxy, best, cy, xs, &sx, &bw))
            bw = 0;
          for (guint k = 0; k < G_N_ELEMENTS (fractions); k++)
            {
              double ty = rb.y0 + fractions[k] * (rb.y1 - rb.y0);
              if (widest_span_at (geom, gxy, best, ty, xs, &sx, &bw))
                by = ty;
            }
          if (bw > 0)
            {
              *x = sx;
              *y = by;
              return TRUE;
            }
        }
        *x = gxy[2 * geom->parts[best]];
        *y = gxy[2 * geom->parts[best] + 1];
        return TRUE;
      }
    case RA_GEOM_LINE:
      {
        guint best = 0;
        double best_len = -1;

        for (guint p = 0; p < geom->n_parts; p++)
          {
            double len = 0;

            for (guint i = geom->parts[p] + 1; i < geom->parts[p + 1]; i++)
              len += hypot (gxy[2 * i] - gxy[2 * i - 2],
                            gxy[2 * i + 1] - gxy[2 * i - 1]);
            if (len > best_len)
              {
                best_len = len;
                best = p;
              }
          }
        {
          guint mid = (geom->parts[best] + geom->parts[best + 1] - 1) / 2;
          *x = gxy[2 * mid];
          *y = gxy[2 * mid + 1];
        }
        return TRUE;
      }
    case RA_GEOM_POINT:
    case RA_GEOM_NONE:
    default:
      *x = gxy[0];
      *y = gxy[1];
      return TRUE;
    }
}

static double distance_xy (const RaGeometry *geom, const double *xy, double x, double y);

double
ra_geometry_distance (const RaGeometry *geom, double x, double y)
{
  RaCoordScratch scratch = RA_COORD_SCRATCH_INIT;
  double d;

  g_return_val_if_fail (geom != NULL, G_MAXDOUBLE);

  d = distance_xy (geom, ra_geometry_coords (geom, &scratch), x, y);
  ra_coord_scratch_clear (&scratch);
  return d;
}

static double
distance_xy (const RaGeometry *geom, const double *gxy, double x, double y)
{
  double best = G_MAXDOUBLE;

  if (geom->kind == RA_GEOM_POLYGON && contains_xy (geom, gxy, x, y))
    return 0;

  for (guint p = 0; p < geom->n_parts; p++)
    {
      guint s = geom->parts[p], e = geom->parts[p + 1];

      if (e == s)
        continue;
      if (geom->kind == RA_GEOM_POINT || e - s == 1)
        {
          for (guint i = s; i < e; i++)
            {
              double dx = gxy[2 * i] - x, dy = gxy[2 * i + 1] - y;
              best = MIN (best, dx * dx + dy * dy);
            }
          continue;
        }
      for (guint i = s + 1; i < e; i++)
        best = MIN (best, seg_dist2 (x, y, gxy[2 * i - 2], gxy[2 * i - 1],
                                     gxy[2 * i], gxy[2 * i + 1]));
      if (geom->kind == RA_GEOM_POLYGON)
        best = MIN (best, seg_dist2 (x, y, gxy[2 * e - 2], gxy[2 * e - 1],
                                     gxy[2 * s], gxy[2 * s + 1]));
    }
  return best == G_MAXDOUBLE ? G_MAXDOUBLE : sqrt (best);
}

/* The pixel rule from src into xy/parts (which may be src's own arrays):
 * a vertex within tol in x and in y of the last one kept is dropped, except
 * the first and the last of each part.  Returns the vertices kept. */
static guint
thin_into (const RaGeometry *src, const double *sxy, double *xy, guint *parts, double tol)
{
  guint w = 0;

  for (guint p = 0; p < src->n_parts; p++)
    {
      guint a = src->parts[p], b = src->parts[p + 1];
      double lx = 0, ly = 0;

      parts[p] = w;
      for (guint i = a; i < b; i++)
        {
          double x = sxy[2 * i], y = sxy[2 * i + 1];

          if (i > a && i + 1 < b && fabs (x - lx) < tol && fabs (y - ly) < tol)
            continue;
          xy[2 * w] = lx = x;
          xy[2 * w + 1] = ly = y;
          w++;
        }
    }
  parts[src->n_parts] = w;
  return w;
}

/**
 * ra_geometry_thin:
 * @tol: in the geometry's units; <= 0 keeps every vertex
 *
 * The renderer's pixel rule applied ahead of drawing, in place (the
 * coordinate array shrinks to what is kept).  Points are left as they are.
 * The bbox is not updated (it changes by less than tol).
 */
void
ra_geometry_thin (RaGeometry *geom, double tol)
{
  guint n;

  g_return_if_fail (geom != NULL);
  if (geom->kind == RA_GEOM_POINT || !(tol > 0.0))
    return;
  if (geom->packed != NULL)
    {
      geom->xy = g_new (double, 2 * (gsize) MAX (geom->n_points, 1));
      unpack_into (geom, geom->xy);
      g_clear_pointer (&geom->packed, g_free);
    }
  n = thin_into (geom, geom->xy, geom->xy, geom->parts, tol);
  if (n < geom->n_points)
    geom->xy = g_renew (double, geom->xy, 2 * (gsize) MAX (n, 1));
  geom->n_points = n;
}

/**
 * ra_geometry_thin_copy:
 * Returns: (transfer full) a copy of geom thinned as ra_geometry_thin does.
 */
RaGeometry *
ra_geometry_thin_copy (const RaGeometry *geom, double tol)
{
  RaGeometry *out;
  guint n;

  g_return_val_if_fail (geom != NULL, NULL);
  if (geom->kind == RA_GEOM_POINT || !(tol > 0.0))
    return ra_geometry_copy (geom);
  /* Thinned into a scratch array, then copied at its size: shrinking a
   * full-size array in place would leave the rest of it behind as a hole
   * in the heap (a simplified copy of a big layer as big as the layer). */
  {
    double stack[2 * 256];
    double *scratch = geom->n_points <= 256 ? stack : g_new (double, 2 * (gsize) geom->n_points);
    RaCoordScratch coords = RA_COORD_SCRATCH_INIT;

    out = g_new0 (RaGeometry, 1);
    out->kind = geom->kind;
    out->n_parts = geom->n_parts;
    out->parts = g_new (guint, geom->n_parts + 1);
    out->bbox = geom->bbox;
    n = thin_into (geom, ra_geometry_coords (geom, &coords), scratch, out->parts, tol);
    out->n_points = n;
    out->xy = g_memdup2 (scratch, sizeof (double) * 2 * MAX (n, 1));
    if (scratch != stack)
      g_free (scratch);
    ra_coord_scratch_clear (&coords);
  }
  return out;
}
