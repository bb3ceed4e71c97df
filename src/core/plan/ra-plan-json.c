/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The plan's indicators with their provenance as JSON
 * (reclaim-atlas-cli indicators --json). */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ra-json.h"
#include "ra-plan-json.h"

static void
json_year (GString *s, int year)
{
  if (year > 0)
    g_string_append_printf (s, "%d", year);
  else
    g_string_append (s, "null");
}

/* {"value": v, "provenance": "key"} without the closing brace. */
static void
open_figure (GString *s, const char *key, double value, RaPlanProvenance provenance)
{
  g_string_append_printf (s, "\"%s\": {\"value\": ", key);
  ra_json_number (s, value);
  g_string_append (s, ", \"provenance\": ");
  ra_json_string (s, ra_plan_provenance_to_key (provenance));
}

static void
append_area (GString *s, const RaPlanFigures *f)
{
  g_string_append (s, "{\"adcode\": ");
  ra_json_string (s, f->adcode);
  g_string_append (s, ", \"name\": ");
  ra_json_string (s, f->name);
  g_string_append_printf (s, ", \"is_city\": %s, \"status\": ", f->is_city ? "true" : "false");
  ra_json_string (s, ra_plan_status_to_key (f->status));
  g_string_append (s, ",\n         ");
  open_figure (s, "use", f->reclaimed_use, f->use_provenance);
  g_string_append (s, "}, ");
  open_figure (s, "mine_use", f->mine_use, f->use_provenance);
  g_string_append (s, "},\n         ");
  open_figure (s, "treated_wastewater", f->treated_wastewater, f->treated_provenance);
  g_string_append (s, ", \"from_year\": ");
  json_year (s, f->treated_from_year);
  g_string_append (s, ", \"to_year\": ");
  json_year (s, f->treated_to_year);
  g_string_append (s, "},\n         ");
  /* A conflict is never a value: the figure goes apart. */
  open_figure (s, "rate_pct", f->reuse_rate_pct, f->rate_provenance);
  g_string_append (s, ", \"conflict_value\": ");
  ra_json_number (s, f->conflict_rate_pct);
  g_string_append (s, "},\n         \"target\": {\"year\": ");
  json_year (s, f->target_year);
  g_string_append (s, ", \"use\": ");
  ra_json_number (s, f->target_reclaimed_use);
  g_string_append (s, ", \"rate_pct\": ");
  ra_json_number (s, f->target_rate_pct);
  g_string_append (s, ", \"provenance\": ");
  ra_json_string (s, ra_plan_provenance_to_key (f->target_year > 0 ? RA_PLAN_PROVENANCE_GIVEN
                                                                 : RA_PLAN_PROVENANCE_NONE));
  g_string_append (s, "}, \"gap\": {\"use\": ");
  ra_json_number (s, f->gap_use);
  g_string_append (s, ", \"rate_pts\": ");
  ra_json_number (s, f->gap_rate_pts);
  g_string_append (s, "}}");
}

/**
 * ra_plan_indicators_to_json:
 * @year: a year of the plan, or 0 for every year
 * @project_path: (nullable)
 * Returns: (transfer full)
 */
char *
ra_plan_indicators_to_json (RaPlan *plan, int year, const char *project_path)
{
  g_autoptr(GString) s = g_string_new ("{\n  \"project\": ");
  const char * const *counties;
  const char *city;
  const int *years;
  guint n_years;
  gboolean first_year = TRUE;

  g_return_val_if_fail (RA_IS_PLAN (plan), NULL);

  counties = ra_plan_get_county_adcodes (plan);
  city = ra_plan_get_city_adcode (plan);
  years = ra_plan_get_years (plan, &n_years);
  ra_json_string (s, project_path);
  g_string_append (s, ",\n  \"baseline_year\": ");
  json_year (s, ra_plan_get_baseline_year (plan));
  g_string_append_printf (s, ",\n  \"horizon_year\": %d,\n  \"years\": [",
                          n_years > 0 ? MAX (years[n_years - 1], RA_PLAN_HORIZON_YEAR)
                                      : RA_PLAN_HORIZON_YEAR);
  for (guint y = 0; y < n_years; y++)
    {
      g_autofree char *note = NULL;
      gboolean first_area = TRUE;

      if (year != 0 && years[y] != year)
        continue;
      note = ra_plan_dup_year_note (plan, years[y]);
      g_string_append (s, first_year ? "\n    {" : ",\n    {");
      first_year = FALSE;
      g_string_append_printf (s, "\"year\": %d, \"own_data\": %s, \"note\": ", years[y],
                              ra_plan_year_has_own_data (plan, years[y]) ? "true" : "false");
      ra_json_string (s, note);
      g_string_append (s, ",\n     \"areas\": [");
      for (guint c = 0; ; c++)
        {
          const char *adcode = counties[c] != NULL ? counties[c] : city;
          const RaPlanFigures *f = adcode != NULL ? ra_plan_get_figures (plan, adcode, years[y]) : NULL;

          if (f != NULL)
            {
              g_string_append (s, first_area ? "\n        " : ",\n        ");
              first_area = FALSE;
              append_area (s, f);
            }
          if (counties[c] == NULL)
            break;
        }
      g_string_append (s, "]}");
    }
  g_string_append (s, "\n  ]\n}\n");
  return g_string_free (g_steal_pointer (&s), FALSE);
}
