/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The network the hydraulics solves, from the water balance's input: each
 * pipeline's parts cut where another pipeline's end, a plant or a water user
 * joins it (within snap_m: at a vertex, else on a segment), the cut pieces
 * the pipes, the joints the nodes; loops and networks fed by two plants
 * refused, every pipe oriented from its network's one source; the users'
 * demands from the year's allocations. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-error.h"
#include "ra-hydraulics-private.h"
#include "ra-index.h"
#include "ra-network-private.h"

#define M_PER_DEG 111195.08

typedef struct {
  guint pipeline;     /* index into input->pipelines */
  guint first, n;     /* vertices in xy */
} Line;

typedef struct {
  guint  line;
  guint  seg;         /* segment of the line; t along it */
  double t;
  double lon, lat;
} Station;

typedef struct {
  RaBalanceInput *in;
  double          snap_m;
  GArray         *xy;          /* double pairs */
  GArray         *lines;       /* Line */
  GArray         *vline;       /* guint: vertex -> line */
  GArray         *stations;    /* Station */
  GArray         *parent;      /* guint union-find over stations */
  GArray         *end_station; /* guint: 2 per line */
  RaIndex        *vindex;
  RaIndex        *sindex;
  GArray         *seg_line, *seg_k;   /* guint: global segment -> line, k */
  GArray         *plant_station;      /* int per plant record, -1 none */
  GArray         *user_station;       /* int per user record, -1 none */
} Builder;

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

static const double *
vxy (Builder *b, guint v)
{
  return &g_array_index (b->xy, double, 2 * v);
}

static guint
uf_find (Builder *b, guint i)
{
  guint *p = (guint *) (gpointer) b->parent->data;

  while (p[i] != i)
    {
      p[i] = p[p[i]];
      i = p[i];
    }
  return i;
}

static void
uf_union (Builder *b, guint i, guint j)
{
  guint *p;

  i = uf_find (b, i);
  j = uf_find (b, j);
  p = (guint *) (gpointer) b->parent->data;
  if (i != j)
    p[MAX (i, j)] = MIN (i, j);
}

static guint
add_station (Builder *b, guint line, guint seg, double t)
{
  const Line *l = &g_array_index (b->lines, Line, line);
  const double *p = vxy (b, l->first + seg), *q = vxy (b, l->first + seg + 1);
  Station s = { line, seg, t, p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]) };
  guint idx = b->stations->len;

  g_array_append_val (b->stations, s);
  g_array_append_val (b->parent, idx);
  return idx;
}

/* The station at vertex k of line (its end stations at the ends). */
static guint
station_at_vertex (Builder *b, guint line, guint k)
{
  const Line *l = &g_array_index (b->lines, Line, line);

  if (k == 0)
    return g_array_index (b->end_station, guint, 2 * line);
  if (k == l->n - 1)
    return g_array_index (b->end_station, guint, 2 * line + 1);
  return add_station (b, line, k, 0);
}

static void
read_lines (Builder *b)
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
          Line line = { i, b->xy->len / 2, 0 };

          /* drop repeated points: a zero-length segment has no direction */
          for (guint v = 0; c != NULL && v < n; v++)
            {
              if (line.n > 0 && c[2 * v] == vxy (b, line.first + line.n - 1)[0]
                  && c[2 * v + 1] == vxy (b, line.first + line.n - 1)[1])
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
build_indexes (Builder *b)
{
  guint nv = b->xy->len / 2;
  g_autofree RaBBox *vboxes = g_new (RaBBox, MAX (1, nv));
  g_autoptr(GArray) sboxes = g_array_new (FALSE, FALSE, sizeof (RaBBox));

  g_array_set_size (b->vline, nv);
  for (guint li = 0; li < b->lines->len; li++)
    {
      const Line *l = &g_array_index (b->lines, Line, li);

      for (guint k = 0; k < l->n; k++)
        {
          const double *p = vxy (b, l->first + k);

          vboxes[l->first + k] = (RaBBox) { p[0], p[1], p[0], p[1] };
          g_array_index (b->vline, guint, l->first + k) = li;
          if (k + 1 < l->n)
            {
              const double *q = vxy (b, l->first + k + 1);
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
join_point (Builder *b, double lon, double lat, guint skip, GArray *hits)
{
  RaBBox q = box_around (lon, lat, b->snap_m);
  double best_d = INFINITY, best_t = 0;
  guint best = G_MAXUINT;

  g_array_set_size (hits, 0);
  ra_index_query (b->vindex, &q, hits);
  for (guint k = 0; k < hits->len; k++)
    {
      guint v = g_array_index (hits, guint, k);
      const double *p = vxy (b, v);
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

      return (int) station_at_vertex (b, li, best - g_array_index (b->lines, Line, li).first);
    }
  g_array_set_size (hits, 0);
  ra_index_query (b->sindex, &q, hits);
  for (guint k = 0; k < hits->len; k++)
    {
      guint s = g_array_index (hits, guint, k), li = g_array_index (b->seg_line, guint, s);
      guint sk = g_array_index (b->seg_k, guint, s);
      const Line *l = &g_array_index (b->lines, Line, li);
      double t, d;

      if (li == skip)
        continue;
      d = seg_dist_m (lon, lat, vxy (b, l->first + sk), vxy (b, l->first + sk + 1), &t);
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
snap_everything (Builder *b)
{
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n_ends = b->end_station->len;

  for (guint i = 0; i < n_ends; i++)
    {
      guint e = g_array_index (b->end_station, guint, i);
      Station s = g_array_index (b->stations, Station, e);
      int j = join_point (b, s.lon, s.lat, s.line, hits);

      if (j >= 0)
        uf_union (b, e, (guint) j);
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
  Builder *b = data;
  const Station *x = &g_array_index (b->stations, Station, *(const guint *) a);
  const Station *y = &g_array_index (b->stations, Station, *(const guint *) c);
  double px = x->seg + x->t, py = y->seg + y->t;

  if (x->line != y->line)
    return x->line < y->line ? -1 : 1;
  if (px != py)
    return px < py ? -1 : 1;
  return *(const guint *) a < *(const guint *) c ? -1 : 1;
}

/* ------------------------------------------------------------------ */
/* Nodes and pipes                                                     */

typedef struct {
  RaHydraulics *h;
  Builder      *b;
  GHashTable   *node_of_root;   /* station root -> node index + 1 */
  GArray       *node_plant;     /* int plant record per node, -1 */
  guint         n_junctions;
} Net;

static guint
node_for (Net *net, guint station)
{
  guint root = uf_find (net->b, station);
  guint idx = GPOINTER_TO_UINT (g_hash_table_lookup (net->node_of_root, GUINT_TO_POINTER (root + 1)));
  const Station *s = &g_array_index (net->b->stations, Station, station);
  RaHydraulicsNode node = { 0 };
  int none = -1;

  if (idx > 0)
    return idx - 1;
  node.kind = RA_HYDRAULICS_NODE_JUNCTION;
  node.lon = s->lon;
  node.lat = s->lat;
  node.upstream_pipe = -1;
  node.head_m = node.pressure_m = NAN;
  g_array_append_val (net->h->nodes, node);
  g_array_append_val (net->node_plant, none);
  idx = net->h->nodes->len;
  g_hash_table_insert (net->node_of_root, GUINT_TO_POINTER (root + 1), GUINT_TO_POINTER (idx));
  return idx - 1;
}

static void
cut_lines (Net *net)
{
  Builder *b = net->b;
  RaHydraulics *h = net->h;
  g_autofree guint *order = g_new (guint, MAX (1, b->stations->len));
  g_autofree guint *pieces = g_new0 (guint, MAX (1, b->in->pipelines->len));
  g_autofree guint *piece_no = g_new0 (guint, MAX (1, b->in->pipelines->len));
  guint n = b->stations->len, i = 0;

  for (guint k = 0; k < n; k++)
    order[k] = k;
  g_qsort_with_data (order, n, sizeof (guint), compare_station_pos, b);
  /* stations at one position of a line are one point */
  for (guint k = 1; k < n; k++)
    {
      const Station *x = &g_array_index (b->stations, Station, order[k - 1]);
      const Station *y = &g_array_index (b->stations, Station, order[k]);

      if (x->line == y->line && x->seg + x->t == y->seg + y->t)
        uf_union (b, order[k - 1], order[k]);
    }
  /* two passes: count the pieces of each pipeline (for their ids), then cut */
  for (int pass = 0; pass < 2; pass++)
    for (i = 0; i < n;)
      {
        guint line = g_array_index (b->stations, Station, order[i]).line, j = i;
        const Line *l = &g_array_index (b->lines, Line, line);
        RaPipelineRecord *rec = g_ptr_array_index (b->in->pipelines, l->pipeline);

        while (j < n && g_array_index (b->stations, Station, order[j]).line == line)
          j++;
        for (guint k = i; k + 1 < j; k++)
          {
            const Station *s0 = &g_array_index (b->stations, Station, order[k]);
            const Station *s1 = &g_array_index (b->stations, Station, order[k + 1]);
            RaHydraulicsPipe pipe = { 0 };
            RaHydraulicsGeom geom = { h->coords->len / 2, 0 };

            if (s0->seg + s0->t == s1->seg + s1->t)
              continue;
            if (pass == 0)
              {
                pieces[l->pipeline]++;
                continue;
              }
            g_array_append_vals (h->coords, &s0->lon, 1);
            g_array_append_vals (h->coords, &s0->lat, 1);
            /* the vertices strictly between the two stations */
            for (guint v = s0->seg + 1; (double) v < s1->seg + s1->t; v++)
              g_array_append_vals (h->coords, vxy (b, l->first + v), 2);
            g_array_append_vals (h->coords, &s1->lon, 1);
            g_array_append_vals (h->coords, &s1->lat, 1);
            geom.n = h->coords->len / 2 - geom.first;
            pipe.pipeline_id = rec->id;
            pipe.name = _ra_hydraulics_intern (h, rec->name);
            pipe.given_dn_mm = rec->dn_mm;
            pipe.material = ra_pipe_material_parse (rec->material, h->options.material);
            pipe.from = node_for (net, order[k]);
            pipe.to = node_for (net, order[k + 1]);
            pipe.length_m = ra_geodesic_length_m (&g_array_index (h->coords, double, 2 * geom.first), geom.n);
            {
              g_autofree char *id = pieces[l->pipeline] > 1
                ? g_strdup_printf ("P%" G_GINT64_FORMAT ".%u", rec->id, ++piece_no[l->pipeline])
                : g_strdup_printf ("P%" G_GINT64_FORMAT, rec->id);

              pipe.id = _ra_hydraulics_intern (h, id);
            }
            g_array_append_val (h->pipes, pipe);
            g_array_append_val (h->geoms, geom);
          }
        i = j;
      }
}

/* The year's allocated volume (10^4 m3/a) by plant id and by user id. */
static void
sum_allocations (RaBalanceInput *in, GHashTable *by_plant, GHashTable *by_user)
{
  for (guint i = 0; i < in->allocations->len; i++)
    {
      RaAllocationRecord *a = g_ptr_array_index (in->allocations, i);
      double *v;

      if (!isfinite (a->volume))
        continue;
      if ((v = g_hash_table_lookup (by_plant, &a->plant_id)) == NULL)
        g_hash_table_insert (by_plant, g_memdup2 (&a->plant_id, sizeof (gint64)), v = g_new0 (double, 1));
      *v += a->volume;
      if ((v = g_hash_table_lookup (by_user, &a->user_id)) == NULL)
        g_hash_table_insert (by_user, g_memdup2 (&a->user_id, sizeof (gint64)), v = g_new0 (double, 1));
      *v += a->volume;
    }
}

static double
lookup_volume (GHashTable *table, gint64 id)
{
  double *v = g_hash_table_lookup (table, &id);

  return v != NULL ? *v : 0;
}

static char *
plant_label (RaPlantDetailRecord *p)
{
  return g_strdup_printf ("“%s”", p->name != NULL ? p->name : "?");
}

/* Plants and users become the nodes they join. */
static void
place_plants_and_users (Net *net)
{
  RaHydraulics *h = net->h;
  Builder *b = net->b;
  g_autoptr(GHashTable) by_plant = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) by_user = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  sum_allocations (b->in, by_plant, by_user);
  for (guint i = 0; i < b->in->plants->len; i++)
    {
      RaPlantDetailRecord *p = g_ptr_array_index (b->in->plants, i);
      int st = g_array_index (b->plant_station, int, i);
      guint node;

      if (st < 0 || !(lookup_volume (by_plant, p->id) > 0))
        continue;
      node = node_for (net, (guint) st);
      if (g_array_index (net->node_plant, int, node) >= 0)
        {
          _ra_hydraulics_message (h, _("plant “%s” sits where plant “%s” joins the network: it is left out"),
                                  p->name, ((RaPlantDetailRecord *) g_ptr_array_index (b->in->plants,
                                            g_array_index (net->node_plant, int, node)))->name);
          continue;
        }
      g_array_index (net->node_plant, int, node) = (int) i;
    }
  for (guint i = 0; i < b->in->users->len; i++)
    {
      RaWaterUserRecord *u = g_ptr_array_index (b->in->users, i);
      int st = g_array_index (b->user_station, int, i);
      double volume = lookup_volume (by_user, u->id);
      RaHydraulicsNode *node;

      if (st < 0)
        {
          if (volume > 0)
            _ra_hydraulics_message (h, _("user “%s” is not within %.0f m of a pipeline: its allocation of %.1f×10⁴ m³/a is left out"),
                                    u->name, h->options.snap_m, volume);
          continue;
        }
      node = &g_array_index (h->nodes, RaHydraulicsNode, node_for (net, (guint) st));
      if (node->kind != RA_HYDRAULICS_NODE_USER)
        {
          g_autofree char *id = g_strdup_printf ("U%" G_GINT64_FORMAT, u->id);

          node->kind = RA_HYDRAULICS_NODE_USER;
          node->id = _ra_hydraulics_intern (h, id);
          node->record_id = u->id;
          node->name = _ra_hydraulics_intern (h, u->name);
          node->lon = u->lon;
          node->lat = u->lat;
        }
      node->demand_avg_lps += ra_hydraulics_wan_m3_a_to_lps (volume);
    }
}

/* Loops, components and their sources; orientation from the source. */
static gboolean
orient (Net *net, GError **error)
{
  RaHydraulics *h = net->h;
  guint nn = h->nodes->len, np = h->pipes->len;
  g_autofree guint *uf = g_new (guint, MAX (1, nn));
  g_autofree guint *adj_first = g_new0 (guint, nn + 1);
  g_autofree guint *adj = g_new (guint, MAX (1, 2 * np));
  g_autofree guint *fill = g_new0 (guint, MAX (1, nn));
  g_autofree int *comp_source = g_new (int, MAX (1, nn));
  g_autofree gboolean *seen = g_new0 (gboolean, MAX (1, nn));
  Builder fake = { 0 };

  fake.parent = g_array_sized_new (FALSE, FALSE, sizeof (guint), nn);
  for (guint i = 0; i < nn; i++)
    g_array_append_val (fake.parent, i);
  for (guint p = 0; p < np; p++)
    {
      RaHydraulicsPipe *pipe = &g_array_index (h->pipes, RaHydraulicsPipe, p);

      if (uf_find (&fake, pipe->from) == uf_find (&fake, pipe->to))
        {
          g_autofree char *label = _ra_hydraulics_pipe_label (h, p);

          g_array_unref (fake.parent);
          g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                       _("%s closes a loop: looped networks are not solved yet (a global-gradient solver is needed); open the loop or split the network"),
                       label);
          return FALSE;
        }
      uf_union (&fake, pipe->from, pipe->to);
      adj_first[pipe->from + 1]++;
      adj_first[pipe->to + 1]++;
    }
  for (guint i = 0; i < nn; i++)
    {
      uf[i] = uf_find (&fake, i);
      comp_source[i] = -1;
      adj_first[i + 1] += adj_first[i];
    }
  g_array_unref (fake.parent);
  for (guint p = 0; p < np; p++)
    {
      RaHydraulicsPipe *pipe = &g_array_index (h->pipes, RaHydraulicsPipe, p);

      adj[adj_first[pipe->from] + fill[pipe->from]++] = p;
      adj[adj_first[pipe->to] + fill[pipe->to]++] = p;
    }
  /* one source per component */
  for (guint i = 0; i < nn; i++)
    {
      int plant = g_array_index (net->node_plant, int, i);

      if (plant < 0)
        continue;
      if (comp_source[uf[i]] >= 0)
        {
          RaPlantDetailRecord *a = g_ptr_array_index (net->b->in->plants,
                                                      g_array_index (net->node_plant, int, comp_source[uf[i]]));
          RaPlantDetailRecord *c = g_ptr_array_index (net->b->in->plants, plant);
          g_autofree char *la = plant_label (a), *lc = plant_label (c);
          g_autofree char *pl = _ra_hydraulics_pipe_label (h, adj[adj_first[i]]);

          g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                       _("plants %s and %s are joined by the pipelines (%s is one of them): a network fed by two plants is not solved yet; split it"),
                       la, lc, pl);
          return FALSE;
        }
      comp_source[uf[i]] = (int) i;
    }
  for (guint p = 0; p < np; p++)
    {
      RaHydraulicsPipe *pipe = &g_array_index (h->pipes, RaHydraulicsPipe, p);

      if (comp_source[uf[pipe->from]] < 0)
        {
          g_autofree char *label = _ra_hydraulics_pipe_label (h, p);

          g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                       _("%s is not connected to a plant that supplies water in %d (nothing within %.0f m of it leads to one)"),
                       label, h->year, h->options.snap_m);
          return FALSE;
        }
    }
  /* sources, then breadth first from each */
  for (guint i = 0; i < nn; i++)
    {
      int plant = g_array_index (net->node_plant, int, i);
      RaPlantDetailRecord *rec;
      RaHydraulicsSource src = { 0 };
      RaHydraulicsNode *node = &g_array_index (h->nodes, RaHydraulicsNode, i);
      g_autofree char *id = NULL;
      guint head;

      if (plant < 0)
        continue;
      rec = g_ptr_array_index (net->b->in->plants, plant);
      id = g_strdup_printf ("S%" G_GINT64_FORMAT, rec->id);
      if (node->kind == RA_HYDRAULICS_NODE_USER)
        _ra_hydraulics_message (h, _("user “%s” sits at plant “%s”: it is served there, without a pipe"),
                                node->name, rec->name);
      node->kind = RA_HYDRAULICS_NODE_SOURCE;
      node->id = _ra_hydraulics_intern (h, id);
      node->record_id = rec->id;
      node->name = _ra_hydraulics_intern (h, rec->name);
      node->lon = rec->lon;
      node->lat = rec->lat;
      node->demand_avg_lps = 0;
      node->source = h->sources->len;
      src.plant_id = rec->id;
      src.name = node->name;
      src.node = i;
      g_array_append_val (h->sources, src);

      head = h->order->len;
      g_array_append_val (h->order, i);
      seen[i] = TRUE;
      for (; head < h->order->len; head++)
        {
          guint at = g_array_index (h->order, guint, head);

          for (guint k = adj_first[at]; k < adj_first[at + 1]; k++)
            {
              RaHydraulicsPipe *pipe = &g_array_index (h->pipes, RaHydraulicsPipe, adj[k]);
              guint other = pipe->from == at ? pipe->to : pipe->from;
              RaHydraulicsNode *on;

              if (seen[other])
                continue;
              seen[other] = TRUE;
              if (pipe->from != at)
                {
                  /* turn the pipe and its polyline to run with the flow */
                  RaHydraulicsGeom *g = &g_array_index (h->geoms, RaHydraulicsGeom, adj[k]);
                  double *c = &g_array_index (h->coords, double, 2 * g->first);

                  for (guint a = 0, z = g->n - 1; a < z; a++, z--)
                    {
                      double x = c[2 * a], y = c[2 * a + 1];

                      c[2 * a] = c[2 * z];
                      c[2 * a + 1] = c[2 * z + 1];
                      c[2 * z] = x;
                      c[2 * z + 1] = y;
                    }
                  pipe->to = pipe->from;
                  pipe->from = at;
                }
              on = &g_array_index (h->nodes, RaHydraulicsNode, other);
              on->upstream_pipe = (int) adj[k];
              on->source = h->sources->len - 1;
              g_array_append_val (h->order, other);
            }
        }
    }
  return TRUE;
}

RaHydraulics *
_ra_hydraulics_new_from_input (RaBalanceInput *input, const RaHydraulicsOptions *options,
                               GError **error)
{
  g_autoptr(GHashTable) node_of_root = g_hash_table_new (NULL, NULL);
  RaHydraulics *h = _ra_hydraulics_new (input->year, options);
  gint64 t0 = g_get_monotonic_time ();
  Builder b = { 0 };
  Net net = { h, &b, node_of_root, NULL, 0 };
  gboolean ok;

  b.in = input;
  b.snap_m = h->options.snap_m;
  b.xy = g_array_new (FALSE, FALSE, sizeof (double));
  b.lines = g_array_new (FALSE, FALSE, sizeof (Line));
  b.vline = g_array_new (FALSE, FALSE, sizeof (guint));
  b.stations = g_array_new (FALSE, FALSE, sizeof (Station));
  b.parent = g_array_new (FALSE, FALSE, sizeof (guint));
  b.end_station = g_array_new (FALSE, FALSE, sizeof (guint));
  b.seg_line = g_array_new (FALSE, FALSE, sizeof (guint));
  b.seg_k = g_array_new (FALSE, FALSE, sizeof (guint));
  b.plant_station = g_array_new (FALSE, FALSE, sizeof (int));
  b.user_station = g_array_new (FALSE, FALSE, sizeof (int));
  net.node_plant = g_array_new (FALSE, FALSE, sizeof (int));

  read_lines (&b);
  build_indexes (&b);
  snap_everything (&b);
  cut_lines (&net);
  place_plants_and_users (&net);
  /* junction ids in the order the nodes were made */
  for (guint i = 0; i < h->nodes->len; i++)
    {
      RaHydraulicsNode *node = &g_array_index (h->nodes, RaHydraulicsNode, i);

      if (node->id == NULL && g_array_index (net.node_plant, int, i) < 0)
        {
          g_autofree char *id = g_strdup_printf ("J%u", ++net.n_junctions);

          node->id = _ra_hydraulics_intern (h, id);
        }
    }
  ok = orient (&net, error);

  g_array_unref (b.xy);
  g_array_unref (b.lines);
  g_array_unref (b.vline);
  g_array_unref (b.stations);
  g_array_unref (b.parent);
  g_array_unref (b.end_station);
  g_array_unref (b.seg_line);
  g_array_unref (b.seg_k);
  g_array_unref (b.plant_station);
  g_array_unref (b.user_station);
  g_array_unref (net.node_plant);
  g_clear_pointer (&b.vindex, ra_index_free);
  g_clear_pointer (&b.sindex, ra_index_free);
  if (!ok)
    {
      ra_hydraulics_free (h);
      return NULL;
    }
  h->load_s = (g_get_monotonic_time () - t0) / 1e6;
  return h;
}
