/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The water balance written out: `balance --json` (plants, counties,
 * users, allocations, findings) and a proposal. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-json.h"
#include "ra-balance-private.h"

static const char *
origin_key (RaBalanceSupplyOrigin origin)
{
  switch (origin)
    {
    case RA_BALANCE_SUPPLY_GIVEN: return "given";
    case RA_BALANCE_SUPPLY_FROM_COUNTY: return "from_county";
    case RA_BALANCE_SUPPLY_FROM_LEDGER: return "from_ledger";
    case RA_BALANCE_SUPPLY_UNKNOWN:
    default: return "unknown";
    }
}

static void
append_allocations (GString *out, GPtrArray *allocs)
{
  g_string_append_c (out, '[');
  for (guint i = 0; allocs != NULL && i < allocs->len; i++)
    {
      RaAllocationRecord *a = g_ptr_array_index (allocs, i);

      g_string_append (out, i ? ",\n    {" : "\n    {");
      ra_json_key (out, "user_id", TRUE);
      g_string_append_printf (out, "%" G_GINT64_FORMAT, a->user_id);
      ra_json_key (out, "plant_id", FALSE);
      g_string_append_printf (out, "%" G_GINT64_FORMAT, a->plant_id);
      ra_json_key (out, "volume", FALSE);
      ra_json_number (out, a->volume);
      ra_json_key (out, "origin", FALSE);
      ra_json_string (out, a->origin);
      ra_json_key (out, "via_pipeline_ids", FALSE);
      ra_json_string (out, a->via_pipeline_ids);
      g_string_append_c (out, '}');
    }
  g_string_append (out, allocs != NULL && allocs->len > 0 ? "\n  ]" : "]");
}

static void
append_findings (GString *out, GListModel *findings)
{
  guint n = g_list_model_get_n_items (findings);

  g_string_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RaPlanFinding) f = g_list_model_get_item (findings, i);
      guint n_numbers;
      const RaPlanNumber *numbers = ra_plan_finding_get_numbers (f, &n_numbers);

      g_string_append (out, i ? ",\n    {" : "\n    {");
      ra_json_key (out, "severity", TRUE);
      ra_json_string (out, ra_plan_severity_to_key (ra_plan_finding_get_severity (f)));
      ra_json_key (out, "code", FALSE);
      ra_json_string (out, ra_plan_finding_get_code (f));
      ra_json_key (out, "adcode", FALSE);
      ra_json_string (out, ra_plan_finding_get_adcode (f));
      ra_json_key (out, "message", FALSE);
      ra_json_string (out, ra_plan_finding_get_message (f));
      ra_json_key (out, "numbers", FALSE);
      g_string_append_c (out, '[');
      for (guint k = 0; k < n_numbers; k++)
        {
          g_string_append (out, k ? ", {" : "{");
          ra_json_key (out, "label", TRUE);
          ra_json_string (out, numbers[k].label);
          ra_json_key (out, "value", FALSE);
          ra_json_number (out, numbers[k].value);
          ra_json_key (out, "source", FALSE);
          ra_json_string (out, numbers[k].source);
          g_string_append_c (out, '}');
        }
      g_string_append (out, "]}");
    }
  g_string_append (out, n > 0 ? "\n  ]" : "]");
}

/**
 * ra_balance_to_json:
 * @project_path: (nullable)
 * Returns: (transfer full)
 */
char *
ra_balance_to_json (RaBalance *self, const char *project_path)
{
  g_autoptr(GString) out = g_string_new ("{\n  ");
  g_autoptr(GListModel) findings = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  ra_json_key (out, "project", TRUE);
  ra_json_string (out, project_path);
  g_string_append_printf (out, ",\n  \"year\": %d,\n  \"plants\": [", self->year);
  for (guint i = 0; i < self->plants->len; i++)
    {
      const RaBalancePlant *p = &g_array_index (self->plants, RaBalancePlant, i);

      g_string_append (out, i ? ",\n    {" : "\n    {");
      ra_json_key (out, "id", TRUE);
      g_string_append_printf (out, "%" G_GINT64_FORMAT, p->id);
      ra_json_key (out, "name", FALSE);
      ra_json_string (out, p->name);
      ra_json_key (out, "adcode", FALSE);
      ra_json_string (out, p->adcode);
      ra_json_key (out, "capacity", FALSE);
      ra_json_number (out, p->capacity);
      ra_json_key (out, "treated", FALSE);
      ra_json_number (out, p->treated);
      ra_json_key (out, "committed", FALSE);
      ra_json_number (out, p->committed);
      ra_json_key (out, "available", FALSE);
      ra_json_number (out, p->available);
      ra_json_key (out, "allocated", FALSE);
      ra_json_number (out, p->allocated);
      ra_json_key (out, "origin", FALSE);
      ra_json_string (out, origin_key (p->origin));
      ra_json_key (out, "meets_standards", FALSE);
      ra_json_string (out, p->meets_standards);
      ra_json_key (out, "design_capacity", FALSE);
      ra_json_number (out, p->design_capacity);
      /* The projects that raised capacity above the design capacity. */
      ra_json_key (out, "expansions", FALSE);
      g_string_append_c (out, '[');
      for (guint k = 0; k < p->n_expansions; k++)
        {
          const RaBalanceExpansion *e = &g_array_index (self->expansions, RaBalanceExpansion,
                                                        p->first_expansion + k);

          g_string_append (out, k ? ", {" : "{");
          ra_json_key (out, "project_id", TRUE);
          g_string_append_printf (out, "%" G_GINT64_FORMAT, e->project_id);
          ra_json_key (out, "code", FALSE);
          ra_json_string (out, e->code);
          ra_json_key (out, "name", FALSE);
          ra_json_string (out, e->name);
          ra_json_key (out, "in_service_year", FALSE);
          g_string_append_printf (out, "%d", e->in_service_year);
          ra_json_key (out, "treatment_m3_per_day", FALSE);
          ra_json_number (out, e->treatment_m3_per_day);
          ra_json_key (out, "capacity", FALSE);
          ra_json_number (out, e->treatment_m3_per_day * 365.0 / 1e4);
          g_string_append_c (out, '}');
        }
      g_string_append (out, "]}");
    }
  g_string_append (out, self->plants->len ? "\n  ],\n  \"counties\": [" : "],\n  \"counties\": [");
  for (guint i = 0; i < self->counties->len; i++)
    {
      const RaBalanceCounty *c = &g_array_index (self->counties, RaBalanceCounty, i);

      g_string_append (out, i ? ",\n    {" : "\n    {");
      ra_json_key (out, "adcode", TRUE);
      ra_json_string (out, c->adcode);
      ra_json_key (out, "name", FALSE);
      ra_json_string (out, c->name);
      ra_json_key (out, "supply", FALSE);
      ra_json_number (out, c->supply);
      ra_json_key (out, "demand", FALSE);
      ra_json_number (out, c->demand);
      ra_json_key (out, "allocated", FALSE);
      ra_json_number (out, c->allocated);
      ra_json_key (out, "unmet", FALSE);
      ra_json_number (out, c->unmet);
      g_string_append_c (out, '}');
    }
  g_string_append (out, self->counties->len ? "\n  ],\n  \"users\": [" : "],\n  \"users\": [");
  for (guint i = 0; i < self->users->len; i++)
    {
      const RaBalanceUser *u = &g_array_index (self->users, RaBalanceUser, i);

      g_string_append (out, i ? ",\n    {" : "\n    {");
      ra_json_key (out, "id", TRUE);
      g_string_append_printf (out, "%" G_GINT64_FORMAT, u->id);
      ra_json_key (out, "name", FALSE);
      ra_json_string (out, u->name);
      ra_json_key (out, "adcode", FALSE);
      ra_json_string (out, u->adcode);
      ra_json_key (out, "sector", FALSE);
      ra_json_string (out, u->sector);
      ra_json_key (out, "use_category", FALSE);
      ra_json_string (out, u->use_category);
      ra_json_key (out, "standard", FALSE);
      ra_json_string (out, u->standard);
      ra_json_key (out, "able", FALSE);
      g_string_append (out, u->able ? "true" : "false");
      ra_json_key (out, "demand", FALSE);
      ra_json_number (out, u->demand);
      ra_json_key (out, "allocated", FALSE);
      ra_json_number (out, u->allocated);
      ra_json_key (out, "unmet", FALSE);
      ra_json_number (out, u->unmet);
      ra_json_key (out, "limit", FALSE);
      ra_json_string (out, ra_balance_limit_to_key (u->limit));
      ra_json_key (out, "nearest_plant_id", FALSE);
      if (u->nearest_plant_id > 0)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, u->nearest_plant_id);
      else
        g_string_append (out, "null");
      ra_json_key (out, "reach_km", FALSE);
      ra_json_number (out, u->reach_km);
      g_string_append_c (out, '}');
    }
  g_string_append (out, self->users->len ? "\n  ],\n  \"allocations\": " : "],\n  \"allocations\": ");
  append_allocations (out, self->input->allocations);
  g_string_append (out, ",\n  \"findings\": ");
  findings = ra_balance_check (self);
  append_findings (out, findings);
  g_string_append (out, "\n}\n");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * ra_balance_proposal_to_json:
 * Returns: (transfer full) one JSON object
 */
char *
ra_balance_proposal_to_json (const RaBalanceProposal *proposal)
{
  g_autoptr(GString) out = g_string_new ("{");

  g_return_val_if_fail (proposal != NULL, NULL);
  ra_json_key (out, "served", TRUE);
  ra_json_number (out, proposal->served);
  ra_json_key (out, "served_weighted", FALSE);
  ra_json_number (out, proposal->served_weighted);
  ra_json_key (out, "new_pipe_km", FALSE);
  ra_json_number (out, proposal->new_pipe_km);
  ra_json_key (out, "cost_wan", FALSE);
  ra_json_number (out, proposal->cost_wan);
  ra_json_key (out, "seconds", FALSE);
  ra_json_number (out, proposal->seconds);
  ra_json_key (out, "allocations", FALSE);
  append_allocations (out, proposal->allocations);
  g_string_append_c (out, '}');
  return g_string_free (g_steal_pointer (&out), FALSE);
}
