/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The tables the store edits, snapshots for undo, imports into and
 * exports, with their columns and geometry types: the logical schema every
 * backend shares (the SpatiaLite one is made by ra-store-schema.c).  Their
 * names are the only identifiers a backend puts into SQL text. */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-store-private.h"

static const RaStoreColumn meta_columns[] = {
  { "key", RA_STORE_COL_TEXT }, { "value", RA_STORE_COL_TEXT }, { NULL, 0 },
};
static const RaStoreColumn counties_columns[] = {
  { "adcode", RA_STORE_COL_TEXT }, { "name_zh", RA_STORE_COL_TEXT },
  { "name_en", RA_STORE_COL_TEXT }, { "seat_lon", RA_STORE_COL_REAL },
  { "seat_lat", RA_STORE_COL_REAL }, { NULL, 0 },
};
static const RaStoreColumn plants_columns[] = {
  { "name", RA_STORE_COL_TEXT }, { "adcode", RA_STORE_COL_TEXT }, { "kind", RA_STORE_COL_TEXT },
  { "capacity_m3_per_day", RA_STORE_COL_REAL }, { "location_approx", RA_STORE_COL_INT },
  { "notes", RA_STORE_COL_TEXT },
  /* schema 3 */
  { "effluent_standard", RA_STORE_COL_TEXT }, { "meets_standards", RA_STORE_COL_TEXT },
  { "capacity_illustrative", RA_STORE_COL_INT }, { NULL, 0 },
};
static const RaStoreColumn projects_columns[] = {
  { "code", RA_STORE_COL_TEXT }, { "name", RA_STORE_COL_TEXT }, { "adcode", RA_STORE_COL_TEXT },
  { "source", RA_STORE_COL_TEXT }, { "status", RA_STORE_COL_TEXT },
  { "batch", RA_STORE_COL_TEXT }, { "in_service_year", RA_STORE_COL_INT },
  { "investment_total", RA_STORE_COL_REAL }, { "investment_2024_2025", RA_STORE_COL_REAL },
  { "start", RA_STORE_COL_TEXT }, { "prep_stage", RA_STORE_COL_TEXT },
  { "owner", RA_STORE_COL_TEXT }, { "scope", RA_STORE_COL_TEXT },
  { "cap_industry", RA_STORE_COL_REAL }, { "cap_agriculture", RA_STORE_COL_REAL },
  { "cap_ecological", RA_STORE_COL_REAL }, { "cap_urban_nonpotable", RA_STORE_COL_REAL },
  { "pipeline_km", RA_STORE_COL_REAL }, { "storage_m3", RA_STORE_COL_REAL },
  { "treatment_m3_per_day", RA_STORE_COL_REAL }, { "notes", RA_STORE_COL_TEXT },
  { "sort_key", RA_STORE_COL_INT },
  /* schema 4: the plant it expands */
  { "plant_id", RA_STORE_COL_INT }, { NULL, 0 },
};
static const RaStoreColumn pipelines_columns[] = {
  { "project_id", RA_STORE_COL_INT }, { "name", RA_STORE_COL_TEXT },
  { "dn_mm", RA_STORE_COL_REAL }, { "material", RA_STORE_COL_TEXT },
  { "status", RA_STORE_COL_TEXT }, { "notes", RA_STORE_COL_TEXT }, { NULL, 0 },
};
static const RaStoreColumn footprints_columns[] = {
  { "project_id", RA_STORE_COL_INT }, { "name", RA_STORE_COL_TEXT },
  { "notes", RA_STORE_COL_TEXT }, { NULL, 0 },
};
static const RaStoreColumn built_up_columns[] = {
  { "adcode", RA_STORE_COL_TEXT }, { "name", RA_STORE_COL_TEXT },
  { "notes", RA_STORE_COL_TEXT }, { NULL, 0 },
};
static const RaStoreColumn pipe_unit_costs_columns[] = {
  { "dn_mm", RA_STORE_COL_REAL }, { "cost_wan_per_km", RA_STORE_COL_REAL },
  { "note", RA_STORE_COL_TEXT }, { NULL, 0 },
};

/* The water balance (schema 3, ra-store-water.h). */
static const RaStoreColumn water_users_columns[] = {
  { "name", RA_STORE_COL_TEXT }, { "adcode", RA_STORE_COL_TEXT },
  { "sector", RA_STORE_COL_TEXT }, { "use_category", RA_STORE_COL_TEXT },
  { "quality_standard", RA_STORE_COL_TEXT }, { "source_now", RA_STORE_COL_TEXT },
  { "able", RA_STORE_COL_TEXT }, { "why_not", RA_STORE_COL_TEXT },
  { "key_user", RA_STORE_COL_TEXT }, { "location_approx", RA_STORE_COL_INT },
  { "demand_illustrative", RA_STORE_COL_INT }, { "notes", RA_STORE_COL_TEXT }, { NULL, 0 },
};
static const RaStoreColumn user_demand_columns[] = {
  { "user_id", RA_STORE_COL_INT }, { "year", RA_STORE_COL_INT },
  { "volume", RA_STORE_COL_REAL }, { NULL, 0 },
};
static const RaStoreColumn plant_supply_columns[] = {
  { "plant_id", RA_STORE_COL_INT }, { "year", RA_STORE_COL_INT },
  { "treated", RA_STORE_COL_REAL }, { "committed_discharge", RA_STORE_COL_REAL }, { NULL, 0 },
};
static const RaStoreColumn allocations_columns[] = {
  { "user_id", RA_STORE_COL_INT }, { "plant_id", RA_STORE_COL_INT },
  { "year", RA_STORE_COL_INT }, { "volume", RA_STORE_COL_REAL },
  { "origin", RA_STORE_COL_TEXT }, { "via_pipeline_ids", RA_STORE_COL_TEXT }, { NULL, 0 },
};
static const RaStoreColumn ledger_columns[] = {
  { "plant_id", RA_STORE_COL_INT }, { "month", RA_STORE_COL_TEXT },
  { "inflow", RA_STORE_COL_REAL }, { "treated", RA_STORE_COL_REAL },
  { "reused_industry", RA_STORE_COL_REAL }, { "reused_agriculture", RA_STORE_COL_REAL },
  { "reused_ecological", RA_STORE_COL_REAL }, { "reused_urban_nonpotable", RA_STORE_COL_REAL },
  { "discharged", RA_STORE_COL_REAL }, { "destination", RA_STORE_COL_TEXT },
  { "quality", RA_STORE_COL_TEXT }, { "source_file", RA_STORE_COL_TEXT }, { NULL, 0 },
};

static const RaStoreTable tables[] = {
  { "meta", NULL, meta_columns, FALSE },
  { "counties", "MULTIPOLYGON", counties_columns, TRUE },
  { "plants", "POINT", plants_columns, TRUE },
  { "projects", "MULTIPOLYGON", projects_columns, FALSE },
  { "pipelines", "MULTILINESTRING", pipelines_columns, TRUE },
  { "footprints", "MULTIPOLYGON", footprints_columns, TRUE },
  { "built_up_areas", "MULTIPOLYGON", built_up_columns, TRUE },
  { "pipe_unit_costs", NULL, pipe_unit_costs_columns, FALSE },
  { "water_users", "POINT", water_users_columns, TRUE },
  { "user_demand", NULL, user_demand_columns, FALSE },
  { "plant_supply", NULL, plant_supply_columns, FALSE },
  { "allocations", NULL, allocations_columns, FALSE },
  { "ledger", NULL, ledger_columns, FALSE },
};

/* The plan tables a sample fills; never edited, undone or exported. */
static const RaStoreColumn indicators_columns[] = {
  { "adcode", RA_STORE_COL_TEXT }, { "area_zh", RA_STORE_COL_TEXT },
  { "year", RA_STORE_COL_INT }, { "kind", RA_STORE_COL_TEXT }, { "origin", RA_STORE_COL_TEXT },
  { "nonconventional_use", RA_STORE_COL_REAL }, { "reclaimed_use", RA_STORE_COL_REAL },
  { "mine_use", RA_STORE_COL_REAL }, { "reclaimed_rate_pct", RA_STORE_COL_REAL },
  { "binding", RA_STORE_COL_INT }, { "note", RA_STORE_COL_TEXT }, { NULL, 0 },
};
static const RaStoreColumn plan_metrics_columns[] = {
  { "adcode", RA_STORE_COL_TEXT }, { "area_zh", RA_STORE_COL_TEXT },
  { "year", RA_STORE_COL_INT }, { "metric", RA_STORE_COL_TEXT }, { "value", RA_STORE_COL_REAL },
  { "unit", RA_STORE_COL_TEXT }, { "note", RA_STORE_COL_TEXT }, { NULL, 0 },
};

const RaStoreTable ra_store_indicators_table = {
  "indicators", NULL, indicators_columns, FALSE,
};
const RaStoreTable ra_store_plan_metrics_table = {
  "plan_metrics", NULL, plan_metrics_columns, FALSE,
};

const RaStoreTable *
ra_store_tables (guint *n_tables)
{
  *n_tables = G_N_ELEMENTS (tables);
  return tables;
}

const RaStoreTable *
ra_store_find_table (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (tables); i++)
    if (strcmp (tables[i].name, name) == 0)
      return &tables[i];
  return NULL;
}

const RaStoreColumn *
ra_store_find_column (const RaStoreTable *table, const char *name)
{
  for (const RaStoreColumn *c = table->columns; c->name != NULL; c++)
    if (g_strcmp0 (c->name, name) == 0)
      return c;
  return NULL;
}

const RaStoreTable *
ra_store_lookup_table (const char *table, GError **error)
{
  const RaStoreTable *desc = ra_store_find_table (table);

  if (desc == NULL || strcmp (table, "meta") == 0)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND,
                   _("no project table named “%s”"), table ? table : "");
      return NULL;
    }
  return desc;
}

const RaStoreTable *
ra_store_lookup_feature_table (const char *table, GError **error)
{
  static const char * const editable[] = { "plants", "pipelines", "footprints",
                                           "built_up_areas", "water_users", NULL };

  if (table == NULL || !g_strv_contains (editable, table))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND,
                   _("features cannot be added to “%s”"), table ? table : "");
      return NULL;
    }
  return ra_store_find_table (table);
}

/* The rows that belong to a row of table and go with it when it is
 * deleted (the schema's ON DELETE CASCADE, made explicit so that the
 * deletion of each is recorded and undone with the row's), and the rows
 * that only refer to it (ON DELETE SET NULL, made explicit likewise: the
 * reference comes back with the row on undo). */
static const RaStoreDependent dependents[] = {
  { "water_users", "user_demand", "user_id", FALSE },
  { "water_users", "allocations", "user_id", FALSE },
  { "plants", "plant_supply", "plant_id", FALSE },
  { "plants", "allocations", "plant_id", FALSE },
  { "plants", "ledger", "plant_id", FALSE },
  { "plants", "projects", "plant_id", TRUE },
  { "projects", "pipelines", "project_id", TRUE },
  { "projects", "footprints", "project_id", TRUE },
};

const RaStoreDependent *
ra_store_table_dependents (const RaStoreTable *table, guint *n_dependents)
{
  const RaStoreDependent *first = NULL;
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (dependents); i++)
    if (strcmp (dependents[i].parent, table->name) == 0)
      {
        if (first == NULL)
          first = &dependents[i];
        n++;
      }
  *n_dependents = n;
  return first;
}
