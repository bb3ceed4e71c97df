/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The water balance written out: `balance --json` (plants, counties,
 * users, allocations, findings) and a proposal. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-balance-private.h"

static void
json_string (GString *out, const char *s)
{
  if (s == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) s; *p; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');
}

static void
json_number (GString *out, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (v))
    g_string_append (out, "null");
  else
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.10g", v));
}

static void
json_key (GString *out, const char *key, gboolean first)
{
  if (!first)
    g_string_append (out, ", ");
  json_string (out, key);
  g_string_append (out, ": ");
}

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
      json_key (out, "user_id", TRUE);
      g_string_append_printf (out, "%" G_GINT64_FORMAT, a->user_id);
      json_key (out, "plant_id", FALSE);
      g_string_append_printf (out, "%" G_GINT64_FORMAT, a->plant_id);
      json_key (out, "volume", FALSE);
      json_number (out, a->volume);
      json_key (out, "origin", FALSE);
      json_string (out, a->origin);
      json_key (out, "via_pipeline_ids", FALSE);
      json_string (out, a->via_pipeline_ids);
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
      json_key (out, "severity", TRUE);
      json_string (out, ra_plan_severity_to_key (ra_plan_finding_get_severity (f)));
      json_key (out, "code", FALSE);
      json_string (out, ra_plan_finding_get_code (f));
      json_key (out, "adcode", FALSE);
      json_string (out, ra_plan_finding_get_adcode (f));
      json_key (out, "message", FALSE);
      json_string (out, ra_plan_finding_get_message (f));
      json_key (out, "numbers", FALSE);
      g_string_append_c (out, '[');
      for (guint k = 0; k < n_numbers; k++)
        {
          g_string_append (out, k ? ", {" : "{");
          json_key (out, "label", TRUE);
          json_string (out, numbers[k].label);
          json_key (out, "value", FALSE);
          json_number (out, numbers[k].value);
          json_key (out, "source", FALSE);
          json_string (out, numbers[k].source);
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

  json_key (out, "project", TRUE);
  json_string (out, project_path);
  g_string_append_printf (out, ",\n  \"year\": %d,\n  \"plants\": [", self->year);
  for (guint i = 0; i < self->plants->len; i++)
    {
      const RaBalancePlant *p = &g_array_index (self->plants, RaBalancePlant, i);

      g_string_append (out, i ? ",\n    {" : "\n    {");
      json_key (out, "id", TRUE);
      g_string_append_printf (out, "%" G_GINT64_FORMAT, p->id);
      json_key (out, "name", FALSE);
      json_string (out, p->name);
      json_key (out, "adcode", FALSE);
      json_string (out, p->adcode);
      json_key (out, "capacity", FALSE);
      json_number (out, p->capacity);
      json_key (out, "treated", FALSE);
      json_number (out, p->treated);
      json_key (out, "committed", FALSE);
      json_number (out, p->committed);
      json_key (out, "available", FALSE);
      json_number (out, p->available);
      json_key (out, "allocated", FALSE);
      json_number (out, p->allocated);
      json_key (out, "origin", FALSE);
      json_string (out, origin_key (p->origin));
      json_key (out, "meets_standards", FALSE);
      json_string (out, p->meets_standards);
      json_key (out, "design_capacity", FALSE);
      json_number (out, p->design_capacity);
      /* The projects that raised capacity above the design capacity. */
      json_key (out, "expansions", FALSE);
      g_string_append_c (out, '[');
      for (guint k = 0; k < p->n_expansions; k++)
        {
          const RaBalanceExpansion *e = &g_array_index (self->expansions, RaBalanceExpansion,
                                                        p->first_expansion + k);

          g_string_append (out, k ? ", {" : "{");
          json_key (out, "project_id", TRUE);
          g_string_append_printf (out, "%" G_GINT64_FORMAT, e->project_id);
          json_key (out, "code", FALSE);
          json_string (out, e->code);
          json_key (out, "name", FALSE);
          json_string (out, e->name);
          json_key (out, "in_service_year", FALSE);
          g_string_append_printf (out, "%d", e->in_service_year);
          json_key (out, "treatment_m3_per_day", FALSE);
          json_number (out, e->treatment_m3_per_day);
          json_key (out, "capacity", FALSE);
          json_number (out, e->treatment_m3_per_day * 365.0 / 1e4);
          g_string_append_c (out, '}');
        }
      g_string_append (out, "]}");
    }
  g_string_append (out, self->plants->len ? "\n  ],\n  \"counties\": [" : "],\n  \"counties\": [");
  for (guint i = 0; i < self->counties->len; i++)
    {
      const RaBalanceCounty *c = &g_array_index (self->counties, RaBalanceCounty, i);

      g_string_append (out, i ? ",\n    {" : "\n    {");
      json_key (out, "adcode", TRUE);
      json_string (out, c->adcode);
      json_key (out, "name", FALSE);
      json_string (out, c->name);
      json_key (out, "supply", FALSE);
      json_number (out, c->supply);
      json_key (out, "demand", FALSE);
      json_number (out, c->demand);
      json_key (out, "allocated", FALSE);
      json_number (out, c->allocated);
      json_key (out, "unmet", FALSE);
      json_number (out, c->unmet);
      g_string_append_c (out, '}');
    }
  g_string_append (out, self->counties->len ? "\n  ],\n  \"users\": [" : "],\n  \"users\": [");
  for (guint i = 0; i < self->users->len; i++)
    {
      const RaBalanceUser *u = &g_array_index (self->users, RaBalanceUser, i);

      g_string_append (out, i ? ",\n    {" : "\n    {");
      json_key (out, "id", TRUE);
      g_string_append_printf (out, "%" G_GINT64_FORMAT, u->id);
      json_key (out, "name", FALSE);
      json_string (out, u->name);
      json_key (out, "adcode", FALSE);
      json_string (out, u->adcode);
      json_key (out, "sector", FALSE);
      json_string (out, u->sector);
      json_key (out, "use_category", FALSE);
      json_string (out, u->use_category);
      json_key (out, "standard", FALSE);
      json_string (out, u->standard);
      json_key (out, "able", FALSE);
      g_string_append (out, u->able ? "true" : "false");
      json_key (out, "demand", FALSE);
      json_number (out, u->demand);
      json_key (out, "allocated", FALSE);
      json_number (out, u->allocated);
      json_key (out, "unmet", FALSE);
      json_number (out, u->unmet);
      json_key (out, "limit", FALSE);
      json_string (out, ra_balance_limit_to_key (u->limit));
      json_key (out, "nearest_plant_id", FALSE);
      if (u->nearest_plant_id > 0)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, u->nearest_plant_id);
      else
        g_string_append (out, "null");
      json_key (out, "reach_km", FALSE);
      json_number (out, u->reach_km);
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
  json_key (out, "served", TRUE);
  json_number (out, proposal->served);
  json_key (out, "served_weighted", FALSE);
  json_number (out, proposal->served_weighted);
  json_key (out, "new_pipe_km", FALSE);
  json_number (out, proposal->new_pipe_km);
  json_key (out, "cost_wan", FALSE);
  json_number (out, proposal->cost_wan);
  json_key (out, "seconds", FALSE);
  json_number (out, proposal->seconds);
  json_key (out, "allocations", FALSE);
  append_allocations (out, proposal->allocations);
  g_string_append_c (out, '}');
  return g_string_free (g_steal_pointer (&out), FALSE);
}
