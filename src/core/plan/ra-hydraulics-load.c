/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The network the hydraulics solves, from the water balance's input: each
 * pipeline's parts cut at the stations where another pipeline's end, a
 * plant or a water user joins it (ra-hydraulics-snap.c), the cut pieces the
 * pipes, the joined stations the nodes; loops and networks fed by two plants
 * refused, every pipe oriented from its network's one source; the users'
 * demands from the year's allocations. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-error.h"
#include "ra-hydraulics-private.h"

/* ------------------------------------------------------------------ */
/* Nodes and pipes                                                     */

typedef struct {
  RaHydraulics *h;
  RaSnap      *b;
  GHashTable   *node_of_root;   /* station root -> node index + 1 */
  GArray       *node_plant;     /* int plant record per node, -1 */
  guint         n_junctions;
} Net;

static guint
node_for (Net *net, guint station)
{
  guint root = _ra_snap_find (net->b, station);
  guint idx = GPOINTER_TO_UINT (g_hash_table_lookup (net->node_of_root, GUINT_TO_POINTER (root + 1)));
  const RaSnapStation *s = &g_array_index (net->b->stations, RaSnapStation, station);
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
  RaSnap *b = net->b;
  RaHydraulics *h = net->h;
  g_autofree guint *order = _ra_snap_sorted_stations (b);
  g_autofree guint *pieces = g_new0 (guint, MAX (1, b->in->pipelines->len));
  g_autofree guint *piece_no = g_new0 (guint, MAX (1, b->in->pipelines->len));
  guint n = b->stations->len, i = 0;

  /* two passes: count the pieces of each pipeline (for their ids), then cut */
  for (int pass = 0; pass < 2; pass++)
    for (i = 0; i < n;)
      {
        guint line = g_array_index (b->stations, RaSnapStation, order[i]).line, j = i;
        const RaSnapLine *l = &g_array_index (b->lines, RaSnapLine, line);
        RaPipelineRecord *rec = g_ptr_array_index (b->in->pipelines, l->pipeline);

        while (j < n && g_array_index (b->stations, RaSnapStation, order[j]).line == line)
          j++;
        for (guint k = i; k + 1 < j; k++)
          {
            const RaSnapStation *s0 = &g_array_index (b->stations, RaSnapStation, order[k]);
            const RaSnapStation *s1 = &g_array_index (b->stations, RaSnapStation, order[k + 1]);
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
              g_array_append_vals (h->coords, _ra_snap_vertex (b, l->first + v), 2);
            g_array_append_vals (h->coords, &s1->lon, 1);
            g_array_append_vals (h->coords, &s1->lat, 1);
            geom.n = h->coords->len / 2 - geom.first;
            pipe.pipeline_id = rec->id;
            pipe.name = _ra_hydraulics_intern (h, rec->name);
            pipe.given_dn_mm = rec->dn_mm;
            pipe.typed_flow_lps = NAN;
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
  RaSnap *b = net->b;
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

static guint
node_root (guint *parent, guint i)
{
  while (parent[i] != i)
    {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
  return i;
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
  guint n_plants = net->b->in->plants->len;
  g_autofree int *plant_node = g_new (int, MAX (1, n_plants));
  g_autofree guint *parent = g_new (guint, MAX (1, nn));

  for (guint i = 0; i < nn; i++)
    parent[i] = i;
  for (guint p = 0; p < np; p++)
    {
      RaHydraulicsPipe *pipe = &g_array_index (h->pipes, RaHydraulicsPipe, p);

      if (node_root (parent, pipe->from) == node_root (parent, pipe->to))
        {
          g_autofree char *label = _ra_hydraulics_pipe_label (h, p);

          g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                       _("%s closes a loop: looped networks are not solved yet (a global-gradient solver is needed); open the loop or split the network"),
                       label);
          return FALSE;
        }
      parent[node_root (parent, pipe->from)] = node_root (parent, pipe->to);
      adj_first[pipe->from + 1]++;
      adj_first[pipe->to + 1]++;
    }
  for (guint i = 0; i < n_plants; i++)
    plant_node[i] = -1;
  for (guint i = 0; i < nn; i++)
    {
      uf[i] = node_root (parent, i);
      comp_source[i] = -1;
      adj_first[i + 1] += adj_first[i];
    }
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
  /* sources in the order of the plants (by id), then breadth first from each */
  for (guint i = 0; i < nn; i++)
    if (g_array_index (net->node_plant, int, i) >= 0)
      plant_node[g_array_index (net->node_plant, int, i)] = (int) i;
  for (guint pi = 0; pi < n_plants; pi++)
    {
      int plant = plant_node[pi] >= 0 ? (int) pi : -1;
      guint i = plant_node[pi] >= 0 ? (guint) plant_node[pi] : 0;
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
  RaSnap b;
  Net net = { h, &b, node_of_root, NULL, 0 };
  gboolean ok;

  _ra_snap_build (&b, input, h->options.snap_m);
  net.node_plant = g_array_new (FALSE, FALSE, sizeof (int));
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

  _ra_snap_clear (&b);
  g_array_unref (net.node_plant);
  if (!ok)
    {
      ra_hydraulics_free (h);
      return NULL;
    }
  h->load_s = (g_get_monotonic_time () - t0) / 1e6;
  return h;
}
