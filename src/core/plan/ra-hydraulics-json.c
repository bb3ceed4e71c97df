/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `hydraulics --json`: the options, the sources with their pump heads, the
 * nodes and pipes under the ids of the .inp (keys id, head, flow,
 * elevation, demand, velocity, diameter, length, headloss...), the air
 * valves, the low-pressure stretches and the messages. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-json.h"
#include "ra-hydraulics-private.h"

static void
knum (GString *out, const char *k, double v, gboolean first)
{
  ra_json_key (out, k, first);
  ra_json_number (out, v);
}

static void
kstr (GString *out, const char *k, const char *v, gboolean first)
{
  ra_json_key (out, k, first);
  ra_json_string (out, v);
}

static const char *
kind_key (RaHydraulicsNodeKind kind)
{
  switch (kind)
    {
    case RA_HYDRAULICS_NODE_SOURCE: return "source";
    case RA_HYDRAULICS_NODE_USER: return "user";
    case RA_HYDRAULICS_NODE_JUNCTION:
    default: return "junction";
    }
}

static void
point (GString *out, RaHydraulics *h, const RaHydraulicsSample *s)
{
  g_string_append (out, "{");
  kstr (out, "pipe", g_array_index (h->pipes, RaHydraulicsPipe, s->pipe).id, TRUE);
  knum (out, "chainage", s->chainage_m, FALSE);
  knum (out, "lon", s->lon, FALSE);
  knum (out, "lat", s->lat, FALSE);
  knum (out, "elevation", s->ground_m, FALSE);
  g_string_append (out, "}");
}

char *
ra_hydraulics_to_json (RaHydraulics *h)
{
  GString *out = g_string_new (NULL);
  const RaHydraulicsOptions *o;

  g_return_val_if_fail (h != NULL, NULL);
  o = &h->options;
  g_string_append (out, "{\n  ");
  knum (out, "year", h->year, TRUE);
  g_string_append (out, ",\n  \"units\": {\"flow\": \"L/s\", \"head\": \"m\", \"length\": \"m\", \"diameter\": \"mm\", \"velocity\": \"m/s\"}");
  g_string_append (out, ",\n  \"options\": {");
  kstr (out, "formula", o->formula == RA_HYDRAULICS_DARCY_WEISBACH ? "dw" : "hw", TRUE);
  knum (out, "daily_peak_factor", o->daily_peak_factor, FALSE);
  knum (out, "hourly_peak_factor", o->hourly_peak_factor, FALSE);
  knum (out, "velocity_min", o->velocity_min_m_s, FALSE);
  knum (out, "velocity_max", o->velocity_max_m_s, FALSE);
  knum (out, "minor_loss_factor", o->minor_loss_factor, FALSE);
  knum (out, "residual", o->residual_m, FALSE);
  kstr (out, "material", ra_pipe_material_to_key (o->material), FALSE);
  knum (out, "cover", o->cover_m, FALSE);
  knum (out, "snap", o->snap_m, FALSE);
  g_string_append (out, "},\n  ");
  ra_json_key (out, "flat_ground", TRUE);
  g_string_append (out, h->flat_ground ? "true" : "false");
  g_string_append (out, ",\n  \"sources\": [");
  for (guint i = 0; i < h->sources->len; i++)
    {
      const RaHydraulicsSource *s = &g_array_index (h->sources, RaHydraulicsSource, i);
      gboolean pump = s->pump_head_m > 0 && s->flow_lps > 0;
      g_autofree char *res = g_strdup_printf ("R%" G_GINT64_FORMAT, s->plant_id);
      g_autofree char *pu = g_strdup_printf ("PU%" G_GINT64_FORMAT, s->plant_id);

      g_string_append (out, i > 0 ? ",\n    {" : "\n    {");
      kstr (out, "id", g_array_index (h->nodes, RaHydraulicsNode, s->node).id, TRUE);
      knum (out, "plant_id", s->plant_id, FALSE);
      kstr (out, "name", s->name, FALSE);
      knum (out, "flow", s->flow_lps, FALSE);
      knum (out, "pump_head", s->pump_head_m, FALSE);
      kstr (out, "reservoir", pump ? res : NULL, FALSE);
      kstr (out, "pump", pump ? pu : NULL, FALSE);
      kstr (out, "worst_node", g_array_index (h->nodes, RaHydraulicsNode, s->worst_node).id, FALSE);
      g_string_append (out, "}");
    }
  g_string_append (out, "\n  ],\n  \"nodes\": [");
  for (guint i = 0; i < h->nodes->len; i++)
    {
      const RaHydraulicsNode *n = &g_array_index (h->nodes, RaHydraulicsNode, i);

      g_string_append (out, i > 0 ? ",\n    {" : "\n    {");
      kstr (out, "id", n->id, TRUE);
      kstr (out, "kind", kind_key (n->kind), FALSE);
      kstr (out, "name", n->name, FALSE);
      knum (out, "lon", n->lon, FALSE);
      knum (out, "lat", n->lat, FALSE);
      knum (out, "elevation", n->elevation_m, FALSE);
      knum (out, "demand", n->demand_lps, FALSE);
      knum (out, "demand_avg", n->demand_avg_lps, FALSE);
      knum (out, "head", n->head_m, FALSE);
      knum (out, "pressure", n->pressure_m, FALSE);
      g_string_append (out, "}");
    }
  g_string_append (out, "\n  ],\n  \"pipes\": [");
  for (guint i = 0; i < h->pipes->len; i++)
    {
      const RaHydraulicsPipe *p = &g_array_index (h->pipes, RaHydraulicsPipe, i);

      g_string_append (out, i > 0 ? ",\n    {" : "\n    {");
      kstr (out, "id", p->id, TRUE);
      knum (out, "pipeline_id", p->pipeline_id, FALSE);
      kstr (out, "from", g_array_index (h->nodes, RaHydraulicsNode, p->from).id, FALSE);
      kstr (out, "to", g_array_index (h->nodes, RaHydraulicsNode, p->to).id, FALSE);
      knum (out, "length", p->length_m, FALSE);
      knum (out, "flow", p->flow_lps, FALSE);
      knum (out, "flow_avg", p->flow_avg_lps, FALSE);
      kstr (out, "material", ra_pipe_material_to_key (p->material), FALSE);
      knum (out, "dn", p->dn_mm, FALSE);
      knum (out, "diameter", p->inner_mm, FALSE);
      knum (out, "given_dn", p->given_dn_mm, FALSE);
      knum (out, "typed_flow", p->typed_flow_lps, FALSE);
      knum (out, "velocity", p->velocity_m_s, FALSE);
      knum (out, "roughness", p->roughness, FALSE);
      knum (out, "minor_loss", p->minor_k, FALSE);
      knum (out, "headloss", p->headloss_m, FALSE);
      g_string_append (out, "}");
    }
  g_string_append (out, "\n  ],\n  \"air_valves\": [");
  for (guint i = 0; i < h->air_valves->len; i++)
    {
      g_string_append (out, i > 0 ? ",\n    " : "\n    ");
      point (out, h, &g_array_index (h->air_valves, RaHydraulicsSample, i));
    }
  g_string_append (out, "\n  ],\n  \"low_pressure\": [");
  for (guint i = 0; i + 1 < h->low_pressure->len; i += 2)
    {
      g_string_append (out, i > 0 ? ",\n    [" : "\n    [");
      point (out, h, &g_array_index (h->low_pressure, RaHydraulicsSample, i));
      g_string_append (out, ", ");
      point (out, h, &g_array_index (h->low_pressure, RaHydraulicsSample, i + 1));
      g_string_append (out, "]");
    }
  g_string_append (out, "\n  ],\n  \"messages\": [");
  for (guint i = 0; i < h->messages->len; i++)
    {
      g_string_append (out, i > 0 ? ",\n    " : "\n    ");
      ra_json_string (out, g_ptr_array_index (h->messages, i));
    }
  g_string_append (out, "\n  ]\n}\n");
  return g_string_free (out, FALSE);
}
