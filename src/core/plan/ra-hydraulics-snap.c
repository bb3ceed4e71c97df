/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where things join the pipelines, for the hydraulics: each pipeline's
 * parts (repeated points dropped), a station at both ends of each part, and
 * one wherever another part's end, a plant or a water user comes within
 * snap_m of it: at the nearest vertex, else at the nearest point of a
 * segment (RaIndex over vertices and segments; distances on the mean
 * sphere, good for snapping at city scale).  Stations that join are one
 * set (union-find); the loader (ra-hydraulics-load.c) cuts the parts at
 * them into pipes and makes each set a node. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ra-hydraulics-private.h"
#include "ra-network-private.h"

#define M_PER_DEG 111195.08

static double
dist_m (double lon0, double lat0, double lon1, double lat1)
{
  double kx = M_PER_DEG * cos (lat0 * G_PI / 180.0);
  double dx = (lon1 - lon0) * kx, dy = (lat1 - lat0) * M_PER_DEG;

  return sqrt (dx * dx + dy * dy);
}

static double
seg_dist_m (double lon, double lat, const double *a, const double *b, double *t)
{
  double kx = M_PER_DEG * cos (lat * G_PI / 180.0);
  double ax = (a[0] - lon) * kx, ay = (a[1] - lat) * M_PER_DEG;
  double bx = (b[0] - lon) * kx, by = (b[1] - lat) * M_PER_DEG;
  double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy, s = 0;

  if (len2 > 0)
    s = CLAMP (-(ax * dx + ay * dy) / len2, 0.0, 1.0);
  *t = s;
  return hypot (ax + s * dx, ay + s * dy);
}

static RaBBox
box_around (double lon, double lat, double r_m)
{
  double dlat = r_m / M_PER_DEG;
  double dlon = r_m / (M_PER_DEG * MAX (0.01, cos (lat * G_PI / 180.0)));

  return (RaBBox) { lon - dlon, lat - dlat, lon + dlon, lat + dlat };
}

const double *
_ra_snap_vertex (RaSnap *b, guint v)
{
  return &g_array_index (b->xy, double, 2 * v);
}

guint
_ra_snap_find (RaSnap *b, guint i)
{
  guint *p = (guint *) (gpointer) b->parent->data;

  while (p[i] != i)
    {
      p[i] = p[p[i]];
      i = p[i];
    }
  return i;
}

void
_ra_snap_union (RaSnap *b, guint i, guint j)
{
  guint *p;

  i = _ra_snap_find (b, i);
  j = _ra_snap_find (b, j);
  p = (guint *) (gpointer) b->parent->data;
  if (i != j)
    p[MAX (i, j)] = MIN (i, j);
}

static guint
add_station (RaSnap *b, guint line, guint seg, double t)
{
  const RaSnapLine *l = &g_array_index (b->lines, RaSnapLine, line);
  const double *p = _ra_snap_vertex (b, l->first + seg), *q = _ra_snap_vertex (b, l->first + seg + 1);
  RaSnapStation s = { line, seg, t, p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]) };
  guint idx = b->stations->len;

  g_array_append_val (b->stations, s);
  g_array_append_val (b->parent, idx);
  return idx;
}

/* The station at vertex k of line (its end stations at the ends). */
static guint
station_at_vertex (RaSnap *b, guint line, guint k)
{
  const RaSnapLine *l = &g_array_index (b->lines, RaSnapLine, line);

  if (k == 0)
    return g_array_index (b->end_station, guint, 2 * line);
  if (k == l->n - 1)
    return g_array_index (b->end_station, guint, 2 * line + 1);
  return add_station (b, line, k, 0);
}

static void
read_lines (RaSnap *b)
{
  GPtrArray *pipes = b->in->pipelines;
  Geo geo;

  geo_init (&geo);
  for (guint i = 0; pipes != NULL && i < pipes->len; i++)
    {
      RaPipelineRecord *rec = g_ptr_array_index (pipes, i);
      GEOSGeometry *gg = rec->wkb != NULL ? geo_from_wkb (&geo, rec->wkb) : NULL;
      int n_parts;

      if (gg == NULL)
        continue;
      n_parts = GEOSGeomTypeId_r (geo.ctx, gg) == GEOS_LINESTRING ? 1 : GEOSGetNumGeometries_r (geo.ctx, gg);
      for (int k = 0; k < n_parts; k++)
        {
          const GEOSGeometry *part = n_parts == 1 && GEOSGeomTypeId_r (geo.ctx, gg) == GEOS_LINESTRING
                                     ? gg : GEOSGetGeometryN_r (geo.ctx, gg, k);
          guint n = 0;
          g_autofree double *c = GEOSGeomTypeId_r (geo.ctx, part) == GEOS_LINESTRING
                                 ? geo_coords (&geo, part, &n) : NULL;
          RaSnapLine line = { i, b->xy->len / 2, 0 };

          /* drop repeated points: a zero-length segment has no direction */
          for (guint v = 0; c != NULL && v < n; v++)
            {
              if (line.n > 0 && c[2 * v] == _ra_snap_vertex (b, line.first + line.n - 1)[0]
                  && c[2 * v + 1] == _ra_snap_vertex (b, line.first + line.n - 1)[1])
                continue;
              g_array_append_vals (b->xy, c + 2 * v, 2);
              line.n++;
            }
          if (line.n < 2)
            {
              g_array_set_size (b->xy, 2 * line.first);
              continue;
            }
          g_array_append_val (b->lines, line);
        }
      geo_destroy (&geo, gg);
    }
  geo_clear (&geo);
}

static void
build_indexes (RaSnap *b)
{
  guint nv = b->xy->len / 2;
  g_autofree RaBBox *vboxes = g_new (RaBBox, MAX (1, nv));
  g_autoptr(GArray) sboxes = g_array_new (FALSE, FALSE, sizeof (RaBBox));

  g_array_set_size (b->vline, nv);
  for (guint li = 0; li < b->lines->len; li++)
    {
      const RaSnapLine *l = &g_array_index (b->lines, RaSnapLine, li);

      for (guint k = 0; k < l->n; k++)
        {
          const double *p = _ra_snap_vertex (b, l->first + k);

          vboxes[l->first + k] = (RaBBox) { p[0], p[1], p[0], p[1] };
          g_array_index (b->vline, guint, l->first + k) = li;
          if (k + 1 < l->n)
            {
              const double *q = _ra_snap_vertex (b, l->first + k + 1);
              RaBBox box = { MIN (p[0], q[0]), MIN (p[1], q[1]), MAX (p[0], q[0]), MAX (p[1], q[1]) };

              g_array_append_val (sboxes, box);
              g_array_append_val (b->seg_line, li);
              g_array_append_val (b->seg_k, k);
            }
        }
      {
        guint s0 = add_station (b, li, 0, 0), s1 = add_station (b, li, l->n - 2, 1);

        g_array_append_val (b->end_station, s0);
        g_array_append_val (b->end_station, s1);
      }
    }
  b->vindex = ra_index_new (vboxes, nv);
  b->sindex = ra_index_new ((RaBBox *) (gpointer) sboxes->data, sboxes->len);
}

/* The station where a point joins the network (skipping line skip,
 * G_MAXUINT none): the nearest vertex within snap_m, else the nearest
 * point of a segment; -1 when nothing is that near. */
static int
join_point (RaSnap *b, double lon, double lat, guint skip, GArray *hits)
{
  RaBBox q = box_around (lon, lat, b->snap_m);
  double best_d = INFINITY, best_t = 0;
  guint best = G_MAXUINT;

  g_array_set_size (hits, 0);
  ra_index_query (b->vindex, &q, hits);
  for (guint k = 0; k < hits->len; k++)
    {
      guint v = g_array_index (hits, guint, k);
      const double *p = _ra_snap_vertex (b, v);
      double d = dist_m (lon, lat, p[0], p[1]);

      if (g_array_index (b->vline, guint, v) != skip && d <= b->snap_m && d < best_d)
        {
          best_d = d;
          best = v;
        }
    }
  if (best != G_MAXUINT)
    {
      guint li = g_array_index (b->vline, guint, best);

      return (int) station_at_vertex (b, li, best - g_array_index (b->lines, RaSnapLine, li).first);
    }
  g_array_set_size (hits, 0);
  ra_index_query (b->sindex, &q, hits);
  for (guint k = 0; k < hits->len; k++)
    {
      guint s = g_array_index (hits, guint, k), li = g_array_index (b->seg_line, guint, s);
      guint sk = g_array_index (b->seg_k, guint, s);
      const RaSnapLine *l = &g_array_index (b->lines, RaSnapLine, li);
      double t, d;

      if (li == skip)
        continue;
      d = seg_dist_m (lon, lat, _ra_snap_vertex (b, l->first + sk), _ra_snap_vertex (b, l->first + sk + 1), &t);
      if (d <= b->snap_m && d < best_d)
        {
          best_d = d;
          best = s;
          best_t = t;
        }
    }
  if (best == G_MAXUINT)
    return -1;
  {
    guint li = g_array_index (b->seg_line, guint, best), sk = g_array_index (b->seg_k, guint, best);

    if (best_t <= 0)
      return (int) station_at_vertex (b, li, sk);
    if (best_t >= 1)
      return (int) station_at_vertex (b, li, sk + 1);
    return (int) add_station (b, li, sk, best_t);
  }
}

static void
snap_everything (RaSnap *b)
{
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n_ends = b->end_station->len;

  for (guint i = 0; i < n_ends; i++)
    {
      guint e = g_array_index (b->end_station, guint, i);
      RaSnapStation s = g_array_index (b->stations, RaSnapStation, e);
      int j = join_point (b, s.lon, s.lat, s.line, hits);

      if (j >= 0)
        _ra_snap_union (b, e, (guint) j);
    }
  g_array_set_size (b->plant_station, b->in->plants->len);
  for (guint i = 0; i < b->in->plants->len; i++)
    {
      RaPlantDetailRecord *p = g_ptr_array_index (b->in->plants, i);

      g_array_index (b->plant_station, int, i) =
        _ra_balance_is_supply_kind (p->kind) && isfinite (p->lon) && isfinite (p->lat)
        ? join_point (b, p->lon, p->lat, G_MAXUINT, hits) : -1;
    }
  g_array_set_size (b->user_station, b->in->users->len);
  for (guint i = 0; i < b->in->users->len; i++)
    {
      RaWaterUserRecord *u = g_ptr_array_index (b->in->users, i);

      g_array_index (b->user_station, int, i) =
        isfinite (u->lon) && isfinite (u->lat) ? join_point (b, u->lon, u->lat, G_MAXUINT, hits) : -1;
    }
}

static int
compare_station_pos (gconstpointer a, gconstpointer c, gpointer data)
{
  RaSnap *b = data;
  const RaSnapStation *x = &g_array_index (b->stations, RaSnapStation, *(const guint *) a);
  const RaSnapStation *y = &g_array_index (b->stations, RaSnapStation, *(const guint *) c);
  double px = x->seg + x->t, py = y->seg + y->t;

  if (x->line != y->line)
    return x->line < y->line ? -1 : 1;
  if (px != py)
    return px < py ? -1 : 1;
  return *(const guint *) a < *(const guint *) c ? -1 : 1;
}

/* ------------------------------------------------------------------ */

void
_ra_snap_build (RaSnap *b, RaBalanceInput *in, double snap_m)
{
  memset (b, 0, sizeof *b);
  b->in = in;
  b->snap_m = snap_m;
  b->xy = g_array_new (FALSE, FALSE, sizeof (double));
  b->lines = g_array_new (FALSE, FALSE, sizeof (RaSnapLine));
  b->vline = g_array_new (FALSE, FALSE, sizeof (guint));
  b->stations = g_array_new (FALSE, FALSE, sizeof (RaSnapStation));
  b->parent = g_array_new (FALSE, FALSE, sizeof (guint));
  b->end_station = g_array_new (FALSE, FALSE, sizeof (guint));
  b->seg_line = g_array_new (FALSE, FALSE, sizeof (guint));
  b->seg_k = g_array_new (FALSE, FALSE, sizeof (guint));
  b->plant_station = g_array_new (FALSE, FALSE, sizeof (int));
  b->user_station = g_array_new (FALSE, FALSE, sizeof (int));
  read_lines (b);
  build_indexes (b);
  snap_everything (b);
}

void
_ra_snap_clear (RaSnap *b)
{
  g_clear_pointer (&b->xy, g_array_unref);
  g_clear_pointer (&b->lines, g_array_unref);
  g_clear_pointer (&b->vline, g_array_unref);
  g_clear_pointer (&b->stations, g_array_unref);
  g_clear_pointer (&b->parent, g_array_unref);
  g_clear_pointer (&b->end_station, g_array_unref);
  g_clear_pointer (&b->seg_line, g_array_unref);
  g_clear_pointer (&b->seg_k, g_array_unref);
  g_clear_pointer (&b->plant_station, g_array_unref);
  g_clear_pointer (&b->user_station, g_array_unref);
  g_clear_pointer (&b->vindex, ra_index_free);
  g_clear_pointer (&b->sindex, ra_index_free);
}

guint *
_ra_snap_sorted_stations (RaSnap *b)
{
  guint n = b->stations->len;
  guint *order = g_new (guint, MAX (1, n));

  for (guint k = 0; k < n; k++)
    order[k] = k;
  g_qsort_with_data (order, n, sizeof (guint), compare_station_pos, b);
  /* stations at one position of a line are one point */
  for (guint k = 1; k < n; k++)
    {
      const RaSnapStation *x = &g_array_index (b->stations, RaSnapStation, order[k - 1]);
      const RaSnapStation *y = &g_array_index (b->stations, RaSnapStation, order[k]);

      if (x->line == y->line && x->seg + x->t == y->seg + y->t)
        _ra_snap_union (b, order[k - 1], order[k]);
    }
  return order;
}
