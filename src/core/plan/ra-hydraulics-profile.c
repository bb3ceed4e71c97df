/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The profile of the route from a node's source to the node, for the
 * profile chart (ra-profile-chart.h): the ground sampled along each pipe,
 * the pipe's crown at the cover depth under it, the grade line falling
 * along each pipe with its head loss, the source's pump head, the users and
 * junctions on the way, the air valves. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-error.h"
#include "ra-hydraulics-private.h"

static char *
node_label (const RaHydraulicsNode *n)
{
  return n->name != NULL && *n->name != '\0' ? g_strdup_printf ("%s %s", n->id, n->name)
                                             : g_strdup (n->id);
}

/**
 * ra_hydraulics_profile:
 * Returns: (transfer full) (nullable)
 */
RaProfileChartData *
ra_hydraulics_profile (RaHydraulics *h, const char *node_id, GError **error)
{
  g_autoptr(GArray) route = g_array_new (FALSE, FALSE, sizeof (guint));
  RaProfileChartData *data;
  const RaHydraulicsNode *target, *source;
  const RaHydraulicsSource *src;
  g_autofree char *title = NULL, *subtitle = NULL, *src_label = NULL;
  double offset = 0;
  int idx;

  g_return_val_if_fail (h != NULL, NULL);
  g_return_val_if_fail (node_id != NULL, NULL);

  idx = ra_hydraulics_find_node (h, node_id);
  if (idx < 0)
    {
      g_set_error (error, RA_ERROR, RA_ERROR_NOT_FOUND,
                   _("no node “%s” in the network (ids as in `hydraulics`: S…, U…, J…)"), node_id);
      return NULL;
    }
  target = &g_array_index (h->nodes, RaHydraulicsNode, idx);
  if (target->upstream_pipe < 0)
    {
      g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                   _("“%s” is a source: a profile runs from a source to a user or junction downstream of it"),
                   node_id);
      return NULL;
    }
  src = &g_array_index (h->sources, RaHydraulicsSource, target->source);
  source = &g_array_index (h->nodes, RaHydraulicsNode, src->node);
  for (int n = idx; g_array_index (h->nodes, RaHydraulicsNode, n).upstream_pipe >= 0;)
    {
      guint p = (guint) g_array_index (h->nodes, RaHydraulicsNode, n).upstream_pipe;

      g_array_prepend_val (route, p);
      n = (int) g_array_index (h->pipes, RaHydraulicsPipe, p).from;
    }

  {
    g_autofree char *a = node_label (source), *b = node_label (target);

    /* TRANSLATORS: profile title: from the source to the node */
    title = g_strdup_printf (_("%s → %s"), a, b);
  }
  subtitle = g_strdup_printf (_("%d · design flow %.1f L/s at the source · pump head %.1f m · %s"),
                              h->year, src->flow_lps, src->pump_head_m,
                              h->options.formula == RA_HYDRAULICS_DARCY_WEISBACH
                              ? _("Darcy–Weisbach") : _("Hazen–Williams"));
  data = ra_profile_chart_data_new (title, subtitle);
  data->residual_m = h->options.residual_m;
  data->flat_ground = h->flat_ground;
  src_label = node_label (source);
  ra_profile_chart_data_add_mark (data, RA_PROFILE_MARK_SOURCE, 0, src->pump_head_m, src_label);

  for (guint r = 0; r < route->len; r++)
    {
      guint pi = g_array_index (route, guint, r);
      const RaHydraulicsPipe *p = &g_array_index (h->pipes, RaHydraulicsPipe, pi);
      const RaHydraulicsNode *from = &g_array_index (h->nodes, RaHydraulicsNode, p->from);
      const RaHydraulicsNode *to = &g_array_index (h->nodes, RaHydraulicsNode, p->to);
      g_autofree char *to_label = node_label (to);

      for (guint k = r > 0 ? 1 : 0; k < p->n_samples; k++)
        {
          const RaHydraulicsSample *s = &g_array_index (h->samples, RaHydraulicsSample, p->first_sample + k);
          double f = p->length_m > 0 ? s->chainage_m / p->length_m : 0;

          ra_profile_chart_data_add_sample (data, offset + s->chainage_m, s->ground_m,
                                            s->ground_m - h->options.cover_m,
                                            from->head_m + f * (to->head_m - from->head_m));
        }
      for (guint a = 0; a < h->air_valves->len; a++)
        {
          const RaHydraulicsSample *s = &g_array_index (h->air_valves, RaHydraulicsSample, a);

          if (s->pipe == pi)
            ra_profile_chart_data_add_mark (data, RA_PROFILE_MARK_AIR_VALVE, offset + s->chainage_m,
                                            s->ground_m, NULL);
        }
      offset += p->length_m;
      if (to->kind == RA_HYDRAULICS_NODE_USER)
        ra_profile_chart_data_add_mark (data, RA_PROFILE_MARK_USER, offset, to->pressure_m, to_label);
      else if (r + 1 < route->len)
        ra_profile_chart_data_add_mark (data, RA_PROFILE_MARK_JUNCTION, offset, 0, to_label);
    }
  return data;
}
