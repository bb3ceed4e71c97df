/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The network report as JSON (reclaim-atlas-cli network --json). */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-json.h"
#include "ra-network.h"
#include "ra-network-private.h"


static void
json_number (GString *s, double value, const char *format)
{
  g_autofree char *text = _ra_network_format_number (value, format);

  g_string_append (s, text != NULL ? text : "null");
}

static void
json_key (GString *s, const char *key)
{
  ra_json_string (s, key);
  g_string_append (s, ": ");
}

static void
json_id (GString *s, gint64 id)
{
  if (id == 0)
    g_string_append (s, "null");
  else
    g_string_append_printf (s, "%" G_GINT64_FORMAT, id);
}

static void
json_flags (GString *s, RaNetworkPipeFlags flags)
{
  static const struct { RaNetworkPipeFlags flag; const char *key; } keys[] = {
    { RA_NETWORK_PIPE_NO_GEOMETRY, "no_geometry" },
    { RA_NETWORK_PIPE_NO_DN, "no_dn" },
    { RA_NETWORK_PIPE_NO_UNIT_COST, "no_unit_cost" },
    { RA_NETWORK_PIPE_DEFAULT_COST, "default_unit_cost" },
    { RA_NETWORK_PIPE_NOT_RECLAIMED, "not_reclaimed" },
  };
  gboolean first = TRUE;

  g_string_append_c (s, '[');
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (flags & keys[i].flag)
      {
        if (!first)
          g_string_append (s, ", ");
        ra_json_string (s, keys[i].key);
        first = FALSE;
      }
  g_string_append_c (s, ']');
}

/**
 * ra_network_report_to_json:
 * Returns: (transfer full): UTF-8 JSON text ending in a newline
 */
char *
ra_network_report_to_json (const RaNetworkReport *report, const char *project_name)
{
  GString *s = g_string_new ("{\n");

  g_return_val_if_fail (report != NULL, NULL);

  g_string_append (s, "  ");
  json_key (s, "project");
  ra_json_string (s, project_name);
  g_string_append_printf (s, ",\n  \"year\": %d,\n", report->year);

  g_string_append (s, "  \"totals\": {\"pipelines\": ");
  g_string_append_printf (s, "%u, \"length_km\": ", report->pipelines->len);
  json_number (s, report->total_length_m / 1000.0, "%.6f");
  g_string_append (s, ", \"cost_wan\": ");
  json_number (s, report->total_cost_wan, "%.4f");
  g_string_append_printf (s, ", \"unpriced\": %u, \"default_unit_costs\": %u, \"intakes\": %u},\n",
                          report->n_unpriced, report->n_default_costs, report->n_intakes);

  g_string_append (s, "  \"pipelines\": [");
  for (guint i = 0; i < report->pipelines->len; i++)
    {
      const RaNetworkPipeline *p = g_ptr_array_index (report->pipelines, i);

      g_string_append_printf (s, "%s\n    {\"id\": %" G_GINT64_FORMAT ", \"project_id\": ",
                              i > 0 ? "," : "", p->pipeline_id);
      json_id (s, p->project_id);
      g_string_append (s, ", \"name\": ");
      ra_json_string (s, p->name);
      g_string_append (s, ", \"dn_mm\": ");
      json_number (s, p->dn_mm, "%.6g");
      g_string_append (s, ", \"length_m\": ");
      json_number (s, p->length_m, "%.3f");
      g_string_append (s, ", \"unit_cost_wan_per_km\": ");
      json_number (s, p->unit_cost_wan_per_km, "%.4f");
      g_string_append (s, ", \"cost_wan\": ");
      json_number (s, p->cost_wan, "%.4f");
      g_string_append (s, ", \"flags\": ");
      json_flags (s, p->flags);
      g_string_append_c (s, '}');
    }
  g_string_append (s, report->pipelines->len > 0 ? "\n  ],\n" : "],\n");

  g_string_append (s, "  \"projects\": [");
  for (guint i = 0; i < report->projects->len; i++)
    {
      const RaNetworkProject *p = g_ptr_array_index (report->projects, i);

      g_string_append_printf (s, "%s\n    {\"id\": ", i > 0 ? "," : "");
      json_id (s, p->project_id);
      g_string_append (s, ", \"code\": ");
      ra_json_string (s, p->code);
      g_string_append (s, ", \"name\": ");
      ra_json_string (s, p->name);
      g_string_append_printf (s, ", \"pipelines\": %u, \"length_km\": ", p->n_pipelines);
      json_number (s, p->length_m / 1000.0, "%.6f");
      g_string_append (s, ", \"cost_wan\": ");
      json_number (s, p->cost_wan, "%.4f");
      g_string_append_printf (s, ", \"unpriced\": %u}", p->n_unpriced);
    }
  g_string_append (s, report->projects->len > 0 ? "\n  ],\n" : "],\n");

  g_string_append (s, "  \"density_targets\": [");
  for (guint i = 0; i < report->density_targets->len; i++)
    {
      const RaNetworkTarget *t = &g_array_index (report->density_targets, RaNetworkTarget, i);

      g_string_append_printf (s, "%s{\"year\": %d, \"km_per_km2\": ", i > 0 ? ", " : "", t->year);
      json_number (s, t->km_per_km2, "%.4g");
      g_string_append_printf (s, ", \"source\": \"%s\"}", t->from_project ? "project" : "default");
    }
  g_string_append (s, "],\n  \"intake_spacing_max_km\": ");
  json_number (s, report->intake_spacing_max_m / 1000.0, "%.4g");
  g_string_append_printf (s, ",\n  \"intake_spacing_source\": \"%s\",\n",
                          report->intake_spacing_from_project ? "project" : "default");

  g_string_append (s, "  \"built_up_areas\": [");
  for (guint i = 0; i < report->areas->len; i++)
    {
      const RaNetworkArea *a = g_ptr_array_index (report->areas, i);

      g_string_append_printf (s, "%s\n    {\"id\": %" G_GINT64_FORMAT ", \"name\": ",
                              i > 0 ? "," : "", a->area_id);
      ra_json_string (s, a->name);
      g_string_append (s, ", \"adcode\": ");
      ra_json_string (s, a->adcode);
      g_string_append (s, ", \"area_km2\": ");
      json_number (s, a->area_km2, "%.6f");
      g_string_append (s, ", \"pipeline_km\": ");
      json_number (s, a->pipeline_km, "%.6f");
      g_string_append (s, ", \"density_km_per_km2\": ");
      json_number (s, a->density_km_per_km2, "%.6f");
      g_string_append (s, ", \"target_year\": ");
      if (a->target_year > 0)
        g_string_append_printf (s, "%d", a->target_year);
      else
        g_string_append (s, "null");
      g_string_append (s, ", \"target_km_per_km2\": ");
      json_number (s, a->target_km_per_km2, "%.4g");
      g_string_append_printf (s, ", \"meets_density\": %s", a->meets_density ? "true" : "false");
      g_string_append_printf (s, ",\n     \"intakes\": %u, \"max_intake_spacing_m\": ", a->n_intakes);
      json_number (s, a->max_intake_spacing_m, "%.1f");
      g_string_append (s, ", \"max_uncovered_distance_m\": ");
      json_number (s, a->max_uncovered_distance_m, "%.1f");
      g_string_append (s, ", \"farthest_point\": ");
      if (isfinite (a->farthest_lon))
        {
          g_string_append_c (s, '[');
          json_number (s, a->farthest_lon, "%.7f");
          g_string_append (s, ", ");
          json_number (s, a->farthest_lat, "%.7f");
          g_string_append_c (s, ']');
        }
      else
        g_string_append (s, "null");
      g_string_append (s, ", \"coverage_radius_m\": ");
      json_number (s, a->coverage_radius_m, "%.1f");
      g_string_append (s, ", \"uncovered_km2\": ");
      json_number (s, a->uncovered_km2, "%.6f");
      g_string_append_printf (s, ", \"meets_spacing\": %s, \"gk_epsg\": ",
                              a->meets_spacing ? "true" : "false");
      if (a->gk_epsg > 0)
        g_string_append_printf (s, "%d", a->gk_epsg);
      else
        g_string_append (s, "null");
      g_string_append (s, ",\n     \"uncovered_wkt\": ");
      ra_json_string (s, a->uncovered_wkt);
      g_string_append_c (s, '}');
    }
  g_string_append (s, report->areas->len > 0 ? "\n  ],\n" : "],\n");

  g_string_append (s, "  \"warnings\": [");
  for (guint i = 0; i < report->warnings->len; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      ra_json_string (s, g_ptr_array_index (report->warnings, i));
    }
  g_string_append (s, "]\n}\n");
  return g_string_free (s, FALSE);
}

