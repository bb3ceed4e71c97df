/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The water balance's graph: pipelines (GEOS reads their WKB) snapped at
 * their vertices to each other, to plants and to users within snap_m
 * (RaIndex over vertices and segments); a shortest-path tree from each
 * plant along the network (geodesic segment lengths, PROJ's geod) bounded
 * by max_route_km; each user's candidate plants: through the network it
 * touches or reaches by a new straight connection up to reach_km, or
 * straight to a plant within reach_km. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-balance-private.h"
#include "ra-index.h"
#include "ra-network-private.h"

/* Metres per degree of latitude on the mean sphere (R = 6371008.8 m): good
 * for snapping and reach decisions at city scale; reported lengths are
 * geodesic. */
#define M_PER_DEG 111195.08

typedef struct {
  guint  a, b;       /* nodes */
  double km;
  int    pipe;       /* pipeline index, -1: a snap link */
} Edge;

typedef struct {
  guint  node;
  double dist;
  int    pred;       /* global tree entry, -1 at the root */
  int    pipe;       /* pipeline of the edge from pred */
  guint  plant;
} TreeEntry;

typedef struct {
  RaBalance *self;
  double     snap_m;
  /* vertices (lon/lat pairs) and the segments between them */
  GArray    *xy;            /* double */
  GArray    *seg_a, *seg_b; /* guint vertex */
  GArray    *seg_pipe;      /* guint */
  GArray    *seg_km;        /* double */
  GArray    *ends;          /* guint vertex: the ends of every part */
  GArray    *end_pipe;      /* guint */
  guint      n_vertices;
  guint     *vnode;         /* vertex -> node */
  guint      n_vnodes;
  guint      n_nodes;       /* + one per plant */
  guint     *node_segs;     /* segments incident to a node */
  gboolean  *node_attached; /* a plant, user or pipeline end joins it */
  RaIndex   *vertex_index;
  RaIndex   *seg_index;
  RaIndex   *plant_index;
  GArray    *edges;         /* Edge */
  guint     *adj_first, *adj;   /* CSR of edge indices */
  guint     *comp;          /* node -> component */
  GArray    *tree;          /* TreeEntry, plant after plant */
  guint     *node_first, *node_entries;   /* node -> tree entries (CSR) */
} Builder;

/* ------------------------------------------------------------------ */
/* Distances                                                           */

static double
dist_m (double lon0, double lat0, double lon1, double lat1)
{
  double kx = M_PER_DEG * cos (lat0 * G_PI / 180.0);
  double dx = (lon1 - lon0) * kx, dy = (lat1 - lat0) * M_PER_DEG;

  return sqrt (dx * dx + dy * dy);
}

/* Distance from (lon, lat) to the segment a-b in metres; t (out) is the
 * position of the nearest point along it (0 at a, 1 at b). */
static double
seg_dist_m (double lon, double lat, const double *a, const double *b, double *t)
{
  double kx = M_PER_DEG * cos (lat * G_PI / 180.0);
  double ax = (a[0] - lon) * kx, ay = (a[1] - lat) * M_PER_DEG;
  double bx = (b[0] - lon) * kx, by = (b[1] - lat) * M_PER_DEG;
  double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy, s = 0;
  double px, py;

  if (len2 > 0)
    s = CLAMP (-(ax * dx + ay * dy) / len2, 0.0, 1.0);
  px = ax + s * dx;
  py = ay + s * dy;
  *t = s;
  return sqrt (px * px + py * py);
}

static RaBBox
box_around (double lon, double lat, double r_m)
{
  double dlat = r_m / M_PER_DEG;
  double dlon = r_m / (M_PER_DEG * MAX (0.01, cos (lat * G_PI / 180.0)));

  return (RaBBox) { lon - dlon, lat - dlat, lon + dlon, lat + dlat };
}

static double
geodesic_km (double lon0, double lat0, double lon1, double lat1)
{
  double xy[4] = { lon0, lat0, lon1, lat1 };

  return ra_geodesic_length_m (xy, 2) / 1000.0;
}

double
_ra_balance_pipe_capacity (double dn_mm, double velocity_m_s)
{
  double r = dn_mm / 2000.0;

  if (!isfinite (dn_mm) || dn_mm <= 0 || !isfinite (velocity_m_s) || velocity_m_s <= 0)
    return NAN;
  /* m3/s x 86400 s x 365 d / 10^4 */
  return velocity_m_s * G_PI * r * r * 86400.0 * 365.0 / 1e4;
}

/* ------------------------------------------------------------------ */
/* Union-find                                                          */

static guint
uf_find (guint *parent, guint i)
{
  while (parent[i] != i)
    {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
  return i;
}

static void
uf_union (guint *parent, guint a, guint b)
{
  a = uf_find (parent, a);
  b = uf_find (parent, b);
  if (a != b)
    parent[MAX (a, b)] = MIN (a, b);
}

/* ------------------------------------------------------------------ */
/* Reading the pipelines                                               */

static void
add_line (Builder *b, Geo *geo, const GEOSGeometry *line, guint pipe)
{
  guint n;
  g_autofree double *coords = geo_coords (geo, line, &n);
  guint first = b->xy->len / 2;

  if (coords == NULL || n < 2)
    return;
  g_array_append_vals (b->xy, coords, 2 * n);
  for (guint i = 0; i + 1 < n; i++)
    {
      guint va = first + i, vb = first + i + 1;
      double km = ra_geodesic_length_m (coords + 2 * i, 2) / 1000.0;

      g_array_append_val (b->seg_a, va);
      g_array_append_val (b->seg_b, vb);
      g_array_append_val (b->seg_pipe, pipe);
      g_array_append_val (b->seg_km, km);
    }
  {
    guint last = first + n - 1;

    g_array_append_val (b->ends, first);
    g_array_append_val (b->end_pipe, pipe);
    g_array_append_val (b->ends, last);
    g_array_append_val (b->end_pipe, pipe);
  }
}

static void
read_pipelines (Builder *b, RaBalanceGraph *g)
{
  GPtrArray *pipes = b->self->input->pipelines;
  Geo geo;

  geo_init (&geo);
  for (guint i = 0; pipes != NULL && i < pipes->len; i++)
    {
      RaPipelineRecord *rec = g_ptr_array_index (pipes, i);
      GEOSGeometry *gg = geo_from_wkb (&geo, rec->wkb);
      guint ends_before = b->ends->len;

      g->pipe_capacity[i] = _ra_balance_pipe_capacity (rec->dn_mm, b->self->options.design_velocity_m_s);
      if (gg == NULL)
        continue;
      switch (GEOSGeomTypeId_r (geo.ctx, gg))
        {
        case GEOS_LINESTRING:
          add_line (b, &geo, gg, i);
          break;
        case GEOS_MULTILINESTRING:
          for (int k = 0; k < GEOSGetNumGeometries_r (geo.ctx, gg); k++)
            add_line (b, &geo, GEOSGetGeometryN_r (geo.ctx, gg, k), i);
          break;
        default:
          break;
        }
      g->pipe_has_geometry[i] = b->ends->len > ends_before;
      g->pipe_n_ends[i] = MIN (255, b->ends->len - ends_before);
      geo_destroy (&geo, gg);
    }
  geo_clear (&geo);
  b->n_vertices = b->xy->len / 2;
}

static const double *
vxy (Builder *b, guint v)
{
  return &g_array_index (b->xy, double, 2 * v);
}

/* Vertices within snap_m are one node. */
static void
cluster_vertices (Builder *b)
{
  g_autofree RaBBox *boxes = g_new (RaBBox, MAX (1, b->n_vertices));
  g_autofree guint *parent = g_new (guint, MAX (1, b->n_vertices));
  g_autofree guint *compact = g_new (guint, MAX (1, b->n_vertices));
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < b->n_vertices; i++)
    {
      const double *p = vxy (b, i);

      boxes[i] = (RaBBox) { p[0], p[1], p[0], p[1] };
      parent[i] = i;
    }
  b->vertex_index = ra_index_new (boxes, b->n_vertices);
  for (guint i = 0; i < b->n_vertices; i++)
    {
      const double *p = vxy (b, i);
      RaBBox q = box_around (p[0], p[1], b->snap_m);

      g_array_set_size (hits, 0);
      ra_index_query (b->vertex_index, &q, hits);
      for (guint k = 0; k < hits->len; k++)
        {
          guint j = g_array_index (hits, guint, k);
          const double *o = vxy (b, j);

          if (j > i && dist_m (p[0], p[1], o[0], o[1]) <= b->snap_m)
            uf_union (parent, i, j);
        }
    }
  b->vnode = g_new (guint, MAX (1, b->n_vertices));
  b->n_vnodes = 0;
  for (guint i = 0; i < b->n_vertices; i++)
    {
      guint r = uf_find (parent, i);

      if (r == i)
        compact[i] = b->n_vnodes++;
      b->vnode[i] = compact[r];
    }
}

static guint
seg_node_a (Builder *b, guint s)
{
  return b->vnode[g_array_index (b->seg_a, guint, s)];
}

static guint
seg_node_b (Builder *b, guint s)
{
  return b->vnode[g_array_index (b->seg_b, guint, s)];
}

static void
add_edge (Builder *b, guint na, guint nb, double km, int pipe)
{
  Edge e = { na, nb, km, pipe };

  g_array_append_val (b->edges, e);
}

static void
build_segment_index (Builder *b)
{
  guint n = b->seg_a->len;
  g_autofree RaBBox *boxes = g_new (RaBBox, MAX (1, n));

  for (guint s = 0; s < n; s++)
    {
      const double *p = vxy (b, g_array_index (b->seg_a, guint, s));
      const double *q = vxy (b, g_array_index (b->seg_b, guint, s));

      boxes[s] = (RaBBox) { MIN (p[0], q[0]), MIN (p[1], q[1]), MAX (p[0], q[0]), MAX (p[1], q[1]) };
      add_edge (b, seg_node_a (b, s), seg_node_b (b, s), g_array_index (b->seg_km, double, s),
                (int) g_array_index (b->seg_pipe, guint, s));
      if (seg_node_a (b, s) != seg_node_b (b, s))
        {
          b->node_segs[seg_node_a (b, s)]++;
          b->node_segs[seg_node_b (b, s)]++;
        }
    }
  b->seg_index = ra_index_new (boxes, n);
}

/* The nearest segment within r_m of (lon, lat), skipping those that touch
 * node skip (G_MAXUINT: none); G_MAXUINT if none.  d_m and t (out). */
static guint
nearest_segment (Builder *b, double lon, double lat, double r_m, guint skip,
                 GArray *hits, double *d_m, double *t)
{
  RaBBox q = box_around (lon, lat, r_m);
  guint best = G_MAXUINT;

  *d_m = INFINITY;
  g_array_set_size (hits, 0);
  ra_index_query (b->seg_index, &q, hits);
  for (guint k = 0; k < hits->len; k++)
    {
      guint s = g_array_index (hits, guint, k);
      double tt, d;

      if (skip != G_MAXUINT && (seg_node_a (b, s) == skip || seg_node_b (b, s) == skip))
        continue;
      d = seg_dist_m (lon, lat, vxy (b, g_array_index (b->seg_a, guint, s)),
                      vxy (b, g_array_index (b->seg_b, guint, s)), &tt);
      if (d <= r_m && d < *d_m)
        {
          *d_m = d;
          *t = tt;
          best = s;
        }
    }
  return best;
}

/* The nearest vertex node within snap_m, G_MAXUINT if none. */
static guint
nearest_vnode (Builder *b, double lon, double lat, GArray *hits)
{
  RaBBox q = box_around (lon, lat, b->snap_m);
  double best_d = INFINITY;
  guint best = G_MAXUINT;

  g_array_set_size (hits, 0);
  ra_index_query (b->vertex_index, &q, hits);
  for (guint k = 0; k < hits->len; k++)
    {
      guint v = g_array_index (hits, guint, k);
      const double *p = vxy (b, v);
      double d = dist_m (lon, lat, p[0], p[1]);

      if (d <= b->snap_m && d < best_d)
        {
          best_d = d;
          best = b->vnode[v];
        }
    }
  return best;
}

/* Pipeline ends that touch another pipeline between its vertices. */
static void
snap_tee_junctions (Builder *b, GArray *hits)
{
  for (guint i = 0; i < b->ends->len; i++)
    {
      guint v = g_array_index (b->ends, guint, i);
      const double *p = vxy (b, v);
      double d, t;
      guint s = nearest_segment (b, p[0], p[1], b->snap_m, b->vnode[v], hits, &d, &t);

      if (s == G_MAXUINT)
        continue;
      add_edge (b, b->vnode[v], seg_node_a (b, s), t * g_array_index (b->seg_km, double, s),
                (int) g_array_index (b->seg_pipe, guint, s));
      add_edge (b, b->vnode[v], seg_node_b (b, s), (1 - t) * g_array_index (b->seg_km, double, s),
                (int) g_array_index (b->seg_pipe, guint, s));
      b->node_attached[b->vnode[v]] = TRUE;
    }
}

/* Plants join the node they sit on, else the segment they sit on. */
static void
snap_plants (Builder *b, GArray *hits)
{
  GArray *plants = b->self->plants;
  g_autofree RaBBox *boxes = g_new (RaBBox, MAX (1, plants->len));

  for (guint i = 0; i < plants->len; i++)
    {
      RaPlantDetailRecord *rec = g_ptr_array_index (b->self->plant_records, i);
      guint node = b->n_vnodes + i, vn, s;
      double d, t;

      if (!isfinite (rec->lon) || !isfinite (rec->lat))
        {
          boxes[i] = RA_BBOX_EMPTY;
          continue;
        }
      boxes[i] = (RaBBox) { rec->lon, rec->lat, rec->lon, rec->lat };
      vn = nearest_vnode (b, rec->lon, rec->lat, hits);
      if (vn != G_MAXUINT)
        {
          add_edge (b, node, vn, 0, -1);
          b->node_attached[vn] = TRUE;
          continue;
        }
      s = nearest_segment (b, rec->lon, rec->lat, b->snap_m, G_MAXUINT, hits, &d, &t);
      if (s != G_MAXUINT)
        {
          add_edge (b, node, seg_node_a (b, s), t * g_array_index (b->seg_km, double, s),
                    (int) g_array_index (b->seg_pipe, guint, s));
          add_edge (b, node, seg_node_b (b, s), (1 - t) * g_array_index (b->seg_km, double, s),
                    (int) g_array_index (b->seg_pipe, guint, s));
        }
    }
  b->plant_index = ra_index_new (boxes, plants->len);
}

static void
build_adjacency_and_components (Builder *b)
{
  guint n = b->n_nodes;
  g_autofree guint *parent = g_new (guint, MAX (1, n));
  g_autofree guint *fill = g_new0 (guint, MAX (1, n));
  g_autofree guint *compact = g_new (guint, MAX (1, n));
  guint n_comp = 0;

  b->adj_first = g_new0 (guint, n + 1);
  for (guint i = 0; i < n; i++)
    parent[i] = i;
  for (guint e = 0; e < b->edges->len; e++)
    {
      Edge *ed = &g_array_index (b->edges, Edge, e);

      b->adj_first[ed->a + 1]++;
      b->adj_first[ed->b + 1]++;
      uf_union (parent, ed->a, ed->b);
    }
  for (guint i = 0; i < n; i++)
    b->adj_first[i + 1] += b->adj_first[i];
  b->adj = g_new (guint, MAX (1, b->adj_first[n]));
  for (guint e = 0; e < b->edges->len; e++)
    {
      Edge *ed = &g_array_index (b->edges, Edge, e);

      b->adj[b->adj_first[ed->a] + fill[ed->a]++] = e;
      b->adj[b->adj_first[ed->b] + fill[ed->b]++] = e;
    }
  b->comp = g_new (guint, MAX (1, n));
  for (guint i = 0; i < n; i++)
    {
      guint r = uf_find (parent, i);

      if (r == i)
        compact[i] = n_comp++;
      b->comp[i] = compact[r];
    }
}

/* ------------------------------------------------------------------ */
/* Shortest-path trees from the plants                                 */

typedef struct {
  double dist;
  guint  entry;      /* tree entry */
} HeapItem;

static void
heap_push (GArray *heap, HeapItem item)
{
  guint i;

  g_array_append_val (heap, item);
  i = heap->len - 1;
  while (i > 0)
    {
      guint parent = (i - 1) / 2;
      HeapItem *h = (HeapItem *) (gpointer) heap->data;

      if (h[parent].dist <= h[i].dist)
        break;
      HeapItem tmp = h[parent];
      h[parent] = h[i];
      h[i] = tmp;
      i = parent;
    }
}

static HeapItem
heap_pop (GArray *heap)
{
  HeapItem *h = (HeapItem *) (gpointer) heap->data;
  HeapItem top = h[0];
  guint i = 0, n;

  h[0] = h[heap->len - 1];
  g_array_set_size (heap, heap->len - 1);
  n = heap->len;
  h = (HeapItem *) (gpointer) heap->data;
  for (;;)
    {
      guint l = 2 * i + 1, r = l + 1, m = i;

      if (l < n && h[l].dist < h[m].dist)
        m = l;
      if (r < n && h[r].dist < h[m].dist)
        m = r;
      if (m == i)
        break;
      HeapItem tmp = h[m];
      h[m] = h[i];
      h[i] = tmp;
      i = m;
    }
  return top;
}

static void
grow_trees (Builder *b)
{
  guint n = b->n_nodes;
  g_autofree int *entry_of = g_new (int, MAX (1, n));
  g_autofree gboolean *done = g_new0 (gboolean, MAX (1, n));
  g_autoptr(GArray) touched = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) heap = g_array_new (FALSE, FALSE, sizeof (HeapItem));
  g_autofree guint *fill = NULL;
  double max_km = b->self->options.max_route_km;

  for (guint i = 0; i < n; i++)
    entry_of[i] = -1;
  b->tree = g_array_new (FALSE, FALSE, sizeof (TreeEntry));
  for (guint p = 0; p < b->self->plants->len; p++)
    {
      guint root = b->n_vnodes + p;
      TreeEntry te = { root, 0, -1, -1, p };

      if (b->adj_first[root] == b->adj_first[root + 1])
        continue;   /* on no pipeline */
      entry_of[root] = b->tree->len;
      g_array_append_val (touched, root);
      g_array_append_val (b->tree, te);
      heap_push (heap, (HeapItem) { 0, b->tree->len - 1 });
      while (heap->len > 0)
        {
          HeapItem it = heap_pop (heap);
          TreeEntry cur = g_array_index (b->tree, TreeEntry, it.entry);

          if (done[cur.node] || it.dist > cur.dist)
            continue;
          done[cur.node] = TRUE;
          for (guint k = b->adj_first[cur.node]; k < b->adj_first[cur.node + 1]; k++)
            {
              Edge *ed = &g_array_index (b->edges, Edge, b->adj[k]);
              guint other = ed->a == cur.node ? ed->b : ed->a;
              double d = cur.dist + ed->km;

              /* Another plant is a source, not a pipe to pass through. */
              if (done[other] || d > max_km || (other >= b->n_vnodes && other != root))
                continue;
              if (entry_of[other] < 0)
                {
                  TreeEntry ne = { other, d, (int) it.entry, ed->pipe, p };

                  entry_of[other] = b->tree->len;
                  g_array_append_val (touched, other);
                  g_array_append_val (b->tree, ne);
                  heap_push (heap, (HeapItem) { d, b->tree->len - 1 });
                }
              else
                {
                  TreeEntry *oe = &g_array_index (b->tree, TreeEntry, entry_of[other]);

                  if (d < oe->dist)
                    {
                      oe->dist = d;
                      oe->pred = (int) it.entry;
                      oe->pipe = ed->pipe;
                      heap_push (heap, (HeapItem) { d, (guint) entry_of[other] });
                    }
                }
            }
        }
      for (guint k = 0; k < touched->len; k++)
        {
          guint t = g_array_index (touched, guint, k);

          entry_of[t] = -1;
          done[t] = FALSE;
        }
      g_array_set_size (touched, 0);
    }

  /* node -> the entries of every tree that reaches it */
  b->node_first = g_new0 (guint, n + 1);
  for (guint e = 0; e < b->tree->len; e++)
    b->node_first[g_array_index (b->tree, TreeEntry, e).node + 1]++;
  for (guint i = 0; i < n; i++)
    b->node_first[i + 1] += b->node_first[i];
  b->node_entries = g_new (guint, MAX (1, b->tree->len));
  fill = g_new0 (guint, MAX (1, n));
  for (guint e = 0; e < b->tree->len; e++)
    {
      guint node = g_array_index (b->tree, TreeEntry, e).node;

      b->node_entries[b->node_first[node] + fill[node]++] = e;
    }
}

static guint
entry_plant (Builder *b, guint e)
{
  return g_array_index (b->tree, TreeEntry, e).plant;
}

/* ------------------------------------------------------------------ */
/* Candidates                                                          */

typedef struct {
  guint  node;
  double extra_km;   /* from the node to where the user joins */
  int    pipe;       /* the pipeline of that stretch, -1 none */
  double new_km;
  guint  conn;
} Entry;

typedef struct {
  RaBalanceCandidate c;
  int    tree_entry;   /* -1: straight to the plant */
  int    entry_pipe;
} Cand;

static void
offer (GArray *cands, guint user, guint plant, double new_km, double route_km, guint conn,
       int tree_entry, int entry_pipe)
{
  for (guint i = 0; i < cands->len; i++)
    {
      Cand *c = &g_array_index (cands, Cand, i);

      if (c->c.plant != plant)
        continue;
      /* The least new pipe first, then the shortest route. */
      if (new_km < c->c.new_km - 1e-9
          || (fabs (new_km - c->c.new_km) <= 1e-9 && route_km < c->c.route_km))
        {
          c->c.new_km = new_km;
          c->c.route_km = route_km;
          c->c.conn = conn;
          c->tree_entry = tree_entry;
          c->entry_pipe = entry_pipe;
        }
      return;
    }
  {
    Cand c = { { user, plant, new_km, route_km, 0, conn, FALSE, 0, 0 }, tree_entry, entry_pipe };

    g_array_append_val (cands, c);
  }
}

static void
route_of (Builder *b, const Cand *c, GArray *route_pipes, RaBalanceCandidate *out)
{
  g_autoptr(GArray) rev = g_array_new (FALSE, FALSE, sizeof (guint));

  out->route_first = route_pipes->len;
  out->route_len = 0;
  if (c->tree_entry < 0)
    return;
  if (c->entry_pipe >= 0)
    {
      guint p = (guint) c->entry_pipe;

      g_array_append_val (rev, p);
    }
  for (int e = c->tree_entry; e >= 0; e = g_array_index (b->tree, TreeEntry, e).pred)
    {
      int pipe = g_array_index (b->tree, TreeEntry, e).pipe;
      gboolean seen = FALSE;

      if (pipe < 0)
        continue;
      for (guint k = 0; k < rev->len && !seen; k++)
        seen = g_array_index (rev, guint, k) == (guint) pipe;
      if (!seen)
        {
          guint p = (guint) pipe;

          g_array_append_val (rev, p);
        }
    }
  /* plant to user */
  for (guint k = rev->len; k > 0; k--)
    g_array_append_val (route_pipes, g_array_index (rev, guint, k - 1));
  out->route_len = rev->len;
}

static int
compare_cand (gconstpointer a, gconstpointer b)
{
  const Cand *x = a, *y = b;
  double dx = x->c.new_km + x->c.route_km, dy = y->c.new_km + y->c.route_km;

  if (dx != dy)
    return dx < dy ? -1 : 1;
  return (int) x->c.plant - (int) y->c.plant;
}

static void
user_candidates (Builder *b, RaBalanceGraph *g, guint u, GArray *hits, GArray *hits2,
                 GArray *cands, GArray *entries)
{
  RaBalance *self = b->self;
  RaBalanceUser *user = &g_array_index (self->users, RaBalanceUser, u);
  RaWaterUserRecord *rec = g_ptr_array_index (self->user_records, u);
  double reach_m = self->options.reach_km * 1000.0, lon = rec->lon, lat = rec->lat;
  double nearest_m = INFINITY;
  guint vn;

  g_array_set_size (cands, 0);
  g_array_set_size (entries, 0);
  if (!isfinite (lon) || !isfinite (lat))
    return;

  /* On the network: the node it sits on, else the segment. */
  vn = b->n_vnodes > 0 ? nearest_vnode (b, lon, lat, hits) : G_MAXUINT;
  if (vn != G_MAXUINT)
    {
      Entry e = { vn, 0, -1, 0, 0 };

      g_array_append_val (entries, e);
      b->node_attached[vn] = TRUE;
      nearest_m = 0;
    }
  else if (b->seg_a->len > 0)
    {
      RaBBox q = box_around (lon, lat, reach_m);
      /* per component: the nearest segment */
      g_autoptr(GHashTable) best = g_hash_table_new (NULL, NULL);

      g_array_set_size (hits2, 0);
      ra_index_query (b->seg_index, &q, hits2);
      for (guint k = 0; k < hits2->len; k++)
        {
          guint s = g_array_index (hits2, guint, k), comp = b->comp[seg_node_a (b, s)];
          double t, d = seg_dist_m (lon, lat, vxy (b, g_array_index (b->seg_a, guint, s)),
                                    vxy (b, g_array_index (b->seg_b, guint, s)), &t);
          gpointer old;

          if (d > reach_m)
            continue;
          nearest_m = MIN (nearest_m, d);
          old = g_hash_table_lookup (best, GUINT_TO_POINTER (comp + 1));
          if (old != NULL)
            {
              guint os = GPOINTER_TO_UINT (old) - 1;
              double ot, od = seg_dist_m (lon, lat, vxy (b, g_array_index (b->seg_a, guint, os)),
                                          vxy (b, g_array_index (b->seg_b, guint, os)), &ot);

              if (od <= d)
                continue;
            }
          g_hash_table_insert (best, GUINT_TO_POINTER (comp + 1), GUINT_TO_POINTER (s + 1));
        }
      {
        GHashTableIter iter;
        gpointer key, value;

        g_hash_table_iter_init (&iter, best);
        while (g_hash_table_iter_next (&iter, &key, &value))
          {
            guint s = GPOINTER_TO_UINT (value) - 1;
            const double *pa = vxy (b, g_array_index (b->seg_a, guint, s));
            const double *pb = vxy (b, g_array_index (b->seg_b, guint, s));
            double t, d = seg_dist_m (lon, lat, pa, pb, &t);
            double km = g_array_index (b->seg_km, double, s);
            double new_km = 0;
            guint conn = 0;

            if (d > b->snap_m)
              {
                new_km = geodesic_km (lon, lat, pa[0] + t * (pb[0] - pa[0]), pa[1] + t * (pb[1] - pa[1]));
                conn = GPOINTER_TO_UINT (key);
              }
            {
              Entry ea = { seg_node_a (b, s), t * km, (int) g_array_index (b->seg_pipe, guint, s), new_km, conn };
              Entry eb = { seg_node_b (b, s), (1 - t) * km, (int) g_array_index (b->seg_pipe, guint, s), new_km, conn };

              g_array_append_val (entries, ea);
              g_array_append_val (entries, eb);
            }
          }
      }
    }

  for (guint k = 0; k < entries->len; k++)
    {
      Entry *e = &g_array_index (entries, Entry, k);

      for (guint j = b->node_first[e->node]; j < b->node_first[e->node + 1]; j++)
        {
          guint te = b->node_entries[j];
          double route = g_array_index (b->tree, TreeEntry, te).dist + e->extra_km;

          offer (cands, u, entry_plant (b, te), e->new_km, route, e->conn, (int) te,
                 e->extra_km > 0 ? e->pipe : -1);
        }
    }

  /* Straight to a plant within reach. */
  {
    RaBBox q = box_around (lon, lat, reach_m);

    g_array_set_size (hits, 0);
    ra_index_query (b->plant_index, &q, hits);
    for (guint k = 0; k < hits->len; k++)
      {
        guint p = g_array_index (hits, guint, k);
        RaPlantDetailRecord *prec = g_ptr_array_index (self->plant_records, p);
        double d = dist_m (lon, lat, prec->lon, prec->lat);

        if (d > reach_m)
          continue;
        nearest_m = MIN (nearest_m, d);
        if (d <= b->snap_m)
          offer (cands, u, p, 0, 0, 0, -1, -1);
        else
          offer (cands, u, p, geodesic_km (lon, lat, prec->lon, prec->lat), 0,
                 G_MAXUINT - p, -1, -1);
      }
  }
  user->reach_km = isfinite (nearest_m) ? nearest_m / 1000.0 : NAN;

  g_array_sort (cands, compare_cand);
  for (guint k = 0; k < cands->len; k++)
    {
      Cand *c = &g_array_index (cands, Cand, k);
      RaBalancePlant *plant = &g_array_index (self->plants, RaBalancePlant, c->c.plant);

      c->c.compatible = _ra_balance_plant_meets (plant->meets_standards, user->standard);
      c->c.cost_wan = c->c.new_km > 0 && isfinite (self->new_pipe_cost_wan_per_km)
                      ? c->c.new_km * self->new_pipe_cost_wan_per_km : 0;
      route_of (b, c, g->route_pipes, &c->c);
      g_array_append_val (g->candidates, c->c);
    }
}

/* ------------------------------------------------------------------ */

RaBalanceGraph *
_ra_balance_graph_build (RaBalance *self)
{
  RaBalanceGraph *g = g_new0 (RaBalanceGraph, 1);
  guint n_pipes = self->input->pipelines != NULL ? self->input->pipelines->len : 0;
  gint64 t0 = g_get_monotonic_time ();
  Builder b = { 0 };
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) hits2 = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) cands = g_array_new (FALSE, FALSE, sizeof (Cand));
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));

  g->n_pipes = n_pipes;
  g->pipe_capacity = g_new (double, MAX (1, n_pipes));
  g->pipe_free_ends = g_new0 (guint8, MAX (1, n_pipes));
  g->pipe_n_ends = g_new0 (guint8, MAX (1, n_pipes));
  g->pipe_has_geometry = g_new0 (gboolean, MAX (1, n_pipes));
  g->candidates = g_array_new (FALSE, FALSE, sizeof (RaBalanceCandidate));
  g->route_pipes = g_array_new (FALSE, FALSE, sizeof (guint));
  g->user_first = g_new0 (guint, self->users->len + 1);

  b.self = self;
  b.snap_m = self->options.snap_m;
  b.xy = g_array_new (FALSE, FALSE, sizeof (double));
  b.seg_a = g_array_new (FALSE, FALSE, sizeof (guint));
  b.seg_b = g_array_new (FALSE, FALSE, sizeof (guint));
  b.seg_pipe = g_array_new (FALSE, FALSE, sizeof (guint));
  b.seg_km = g_array_new (FALSE, FALSE, sizeof (double));
  b.ends = g_array_new (FALSE, FALSE, sizeof (guint));
  b.end_pipe = g_array_new (FALSE, FALSE, sizeof (guint));
  b.edges = g_array_new (FALSE, FALSE, sizeof (Edge));

  read_pipelines (&b, g);
  cluster_vertices (&b);
  b.n_nodes = b.n_vnodes + self->plants->len;
  b.node_segs = g_new0 (guint, MAX (1, b.n_nodes));
  b.node_attached = g_new0 (gboolean, MAX (1, b.n_nodes));
  build_segment_index (&b);
  snap_tee_junctions (&b, hits);
  snap_plants (&b, hits);
  build_adjacency_and_components (&b);
  grow_trees (&b);

  for (guint u = 0; u < self->users->len; u++)
    {
      user_candidates (&b, g, u, hits, hits2, cands, entries);
      g->user_first[u + 1] = g->candidates->len;
    }

  /* An end connects when another segment, a plant, a user or a tee joins
   * its node. */
  for (guint i = 0; i < b.ends->len; i++)
    {
      guint node = b.vnode[g_array_index (b.ends, guint, i)];
      guint pipe = g_array_index (b.end_pipe, guint, i);

      if (b.node_segs[node] <= 1 && !b.node_attached[node])
        g->pipe_free_ends[pipe] = MIN (255, g->pipe_free_ends[pipe] + 1);
    }

  g_array_unref (b.xy);
  g_array_unref (b.seg_a);
  g_array_unref (b.seg_b);
  g_array_unref (b.seg_pipe);
  g_array_unref (b.seg_km);
  g_array_unref (b.ends);
  g_array_unref (b.end_pipe);
  g_array_unref (b.edges);
  g_array_unref (b.tree);
  g_free (b.vnode);
  g_free (b.node_segs);
  g_free (b.node_attached);
  g_free (b.adj_first);
  g_free (b.adj);
  g_free (b.comp);
  g_free (b.node_first);
  g_free (b.node_entries);
  g_clear_pointer (&b.vertex_index, ra_index_free);
  g_clear_pointer (&b.seg_index, ra_index_free);
  g_clear_pointer (&b.plant_index, ra_index_free);
  g->seconds = (g_get_monotonic_time () - t0) / 1e6;
  return g;
}

void
_ra_balance_graph_free (RaBalanceGraph *g)
{
  if (g == NULL)
    return;
  g_free (g->pipe_capacity);
  g_free (g->pipe_free_ends);
  g_free (g->pipe_n_ends);
  g_free (g->pipe_has_geometry);
  g_array_unref (g->candidates);
  g_array_unref (g->route_pipes);
  g_free (g->user_first);
  g_free (g);
}

char *
_ra_balance_route_ids (RaBalance *self, const RaBalanceCandidate *c)
{
  GString *s = g_string_new (NULL);

  for (guint k = 0; k < c->route_len; k++)
    {
      guint pipe = g_array_index (self->graph->route_pipes, guint, c->route_first + k);
      RaPipelineRecord *rec = g_ptr_array_index (self->input->pipelines, pipe);

      if (s->len > 0)
        g_string_append_c (s, ',');
      g_string_append_printf (s, "%" G_GINT64_FORMAT, rec->id);
    }
  if (s->len == 0)
    {
      g_string_free (s, TRUE);
      return NULL;
    }
  return g_string_free (s, FALSE);
}
