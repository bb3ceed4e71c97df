/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's records and how they are read: one descriptor per record
 * type (its fields, their types and offsets) that the backend's row mapper
 * reads into and ra_store_record_free frees, and the public reading API
 * (projects, counties, indicators, counts, a row's geometry, geometries
 * that cannot be read). */
#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-gdal-geometry.h"
#include "ra-store-private.h"

/* ---- descriptors ------------------------------------------------------- */

#define FIELD(Type, name, kind) { #name, RA_STORE_FIELD_##kind, G_STRUCT_OFFSET (Type, name) }

static const RaStoreField project_fields[] = {
  FIELD (RaProjectRecord, id, INT64),
  FIELD (RaProjectRecord, code, TEXT),
  FIELD (RaProjectRecord, name, TEXT),
  FIELD (RaProjectRecord, adcode, TEXT),
  FIELD (RaProjectRecord, county_name, TEXT),
  FIELD (RaProjectRecord, source, TEXT),
  FIELD (RaProjectRecord, status, TEXT),
  FIELD (RaProjectRecord, batch, TEXT),
  FIELD (RaProjectRecord, in_service_year, INT),
  FIELD (RaProjectRecord, investment_total, DOUBLE_OR_NAN),
  FIELD (RaProjectRecord, investment_2024_2025, DOUBLE_OR_NAN),
  FIELD (RaProjectRecord, start, TEXT),
  FIELD (RaProjectRecord, prep_stage, TEXT),
  FIELD (RaProjectRecord, owner, TEXT),
  FIELD (RaProjectRecord, scope, TEXT),
  FIELD (RaProjectRecord, cap_industry, DOUBLE_OR_NAN),
  FIELD (RaProjectRecord, cap_agriculture, DOUBLE_OR_NAN),
  FIELD (RaProjectRecord, cap_ecological, DOUBLE_OR_NAN),
  FIELD (RaProjectRecord, cap_urban_nonpotable, DOUBLE_OR_NAN),
  FIELD (RaProjectRecord, cap_total, DOUBLE_OR_NAN),
  FIELD (RaProjectRecord, pipeline_km, DOUBLE_OR_NAN),
  FIELD (RaProjectRecord, storage_m3, DOUBLE_OR_NAN),
  FIELD (RaProjectRecord, treatment_m3_per_day, DOUBLE_OR_NAN),
  FIELD (RaProjectRecord, notes, TEXT),
  FIELD (RaProjectRecord, has_geometry, BOOL),
  FIELD (RaProjectRecord, plant_id, INT64),
  FIELD (RaProjectRecord, row_version, INT64),
  FIELD (RaProjectRecord, sort_key, INT64),
};

static const RaStoreField county_fields[] = {
  FIELD (RaCountyRecord, id, INT64),
  FIELD (RaCountyRecord, adcode, TEXT),
  FIELD (RaCountyRecord, name_zh, TEXT),
  FIELD (RaCountyRecord, name_en, TEXT),
  FIELD (RaCountyRecord, seat_lon, DOUBLE_OR_NAN),
  FIELD (RaCountyRecord, seat_lat, DOUBLE_OR_NAN),
};

static const RaStoreField indicator_fields[] = {
  FIELD (RaIndicatorRecord, adcode, TEXT),
  FIELD (RaIndicatorRecord, area_zh, TEXT),
  FIELD (RaIndicatorRecord, year, INT),
  FIELD (RaIndicatorRecord, kind, TEXT),
  FIELD (RaIndicatorRecord, origin, TEXT),
  FIELD (RaIndicatorRecord, nonconventional_use, DOUBLE_OR_NAN),
  FIELD (RaIndicatorRecord, reclaimed_use, DOUBLE_OR_NAN),
  FIELD (RaIndicatorRecord, mine_use, DOUBLE_OR_NAN),
  FIELD (RaIndicatorRecord, reclaimed_rate_pct, DOUBLE_OR_NAN),
  FIELD (RaIndicatorRecord, treated_wastewater, DOUBLE_OR_NAN),
};

static const RaStoreField audit_fields[] = {
  FIELD (RaAuditRecord, id, INT64),
  FIELD (RaAuditRecord, at, TEXT),
  FIELD (RaAuditRecord, user, TEXT),
  FIELD (RaAuditRecord, table_name, TEXT),
  FIELD (RaAuditRecord, row_id, INT64),
  FIELD (RaAuditRecord, action, TEXT),
  FIELD (RaAuditRecord, before_json, TEXT),
  FIELD (RaAuditRecord, after_json, TEXT),
};

static const RaStoreField pipeline_fields[] = {
  FIELD (RaPipelineRecord, id, INT64),
  FIELD (RaPipelineRecord, project_id, INT64),
  FIELD (RaPipelineRecord, name, TEXT),
  FIELD (RaPipelineRecord, dn_mm, DOUBLE_OR_NAN),
  FIELD (RaPipelineRecord, material, TEXT),
  FIELD (RaPipelineRecord, status, TEXT),
  FIELD (RaPipelineRecord, project_source, TEXT),
  FIELD (RaPipelineRecord, wkb, BLOB),
  FIELD (RaPipelineRecord, row_version, INT64),
};

static const RaStoreField plant_fields[] = {
  FIELD (RaPlantRecord, id, INT64),
  FIELD (RaPlantRecord, name, TEXT),
  FIELD (RaPlantRecord, adcode, TEXT),
  FIELD (RaPlantRecord, kind, TEXT),
  FIELD (RaPlantRecord, capacity_m3_per_day, DOUBLE_OR_NAN),
  FIELD (RaPlantRecord, location_approx, BOOL),
  FIELD (RaPlantRecord, lon, DOUBLE_OR_NAN),
  FIELD (RaPlantRecord, lat, DOUBLE_OR_NAN),
  FIELD (RaPlantRecord, row_version, INT64),
};

static const RaStoreField built_up_area_fields[] = {
  FIELD (RaBuiltUpAreaRecord, id, INT64),
  FIELD (RaBuiltUpAreaRecord, adcode, TEXT),
  FIELD (RaBuiltUpAreaRecord, name, TEXT),
  FIELD (RaBuiltUpAreaRecord, wkb, BLOB),
  FIELD (RaBuiltUpAreaRecord, row_version, INT64),
};

static const RaStoreField plan_metric_fields[] = {
  FIELD (RaPlanMetricRecord, adcode, TEXT),
  FIELD (RaPlanMetricRecord, area_zh, TEXT),
  FIELD (RaPlanMetricRecord, year, INT),
  FIELD (RaPlanMetricRecord, metric, TEXT),
  FIELD (RaPlanMetricRecord, value, DOUBLE_OR_NAN),
  FIELD (RaPlanMetricRecord, unit, TEXT),
  FIELD (RaPlanMetricRecord, note, TEXT),
};

static const RaStoreField pipe_unit_cost_fields[] = {
  FIELD (RaPipeUnitCost, id, INT64),
  FIELD (RaPipeUnitCost, dn_mm, DOUBLE),
  FIELD (RaPipeUnitCost, cost_wan_per_km, DOUBLE),
  FIELD (RaPipeUnitCost, is_default, BOOL),
};

static const RaStoreField geometry_problem_fields[] = {
  FIELD (RaGeometryProblem, table, TEXT),
  FIELD (RaGeometryProblem, id, INT64),
  FIELD (RaGeometryProblem, problem, TEXT),
};

const RaStoreRecordDesc ra_store_project_desc =
  RA_STORE_RECORD_DESC (RaProjectRecord, project_fields, ra_project_record_free);
const RaStoreRecordDesc ra_store_county_desc =
  RA_STORE_RECORD_DESC (RaCountyRecord, county_fields, ra_county_record_free);
const RaStoreRecordDesc ra_store_indicator_desc =
  RA_STORE_RECORD_DESC (RaIndicatorRecord, indicator_fields, ra_indicator_record_free);
const RaStoreRecordDesc ra_store_audit_desc =
  RA_STORE_RECORD_DESC (RaAuditRecord, audit_fields, ra_audit_record_free);
const RaStoreRecordDesc ra_store_pipeline_desc =
  RA_STORE_RECORD_DESC (RaPipelineRecord, pipeline_fields, ra_pipeline_record_free);
const RaStoreRecordDesc ra_store_plant_desc =
  RA_STORE_RECORD_DESC (RaPlantRecord, plant_fields, ra_plant_record_free);
const RaStoreRecordDesc ra_store_built_up_area_desc =
  RA_STORE_RECORD_DESC (RaBuiltUpAreaRecord, built_up_area_fields, ra_built_up_area_record_free);
const RaStoreRecordDesc ra_store_plan_metric_desc =
  RA_STORE_RECORD_DESC (RaPlanMetricRecord, plan_metric_fields, ra_plan_metric_record_free);
const RaStoreRecordDesc ra_store_pipe_unit_cost_desc =
  RA_STORE_RECORD_DESC (RaPipeUnitCost, pipe_unit_cost_fields, g_free);
static const RaStoreRecordDesc geometry_problem_desc =
  RA_STORE_RECORD_DESC (RaGeometryProblem, geometry_problem_fields, ra_geometry_problem_free);

void
ra_store_record_free (const RaStoreRecordDesc *desc, gpointer rec)
{
  if (rec == NULL)
    return;
  for (guint i = 0; i < desc->n_fields; i++)
    {
      gpointer field = (guint8 *) rec + desc->fields[i].offset;

      if (desc->fields[i].type == RA_STORE_FIELD_TEXT)
        g_free (*(char **) field);
      else if (desc->fields[i].type == RA_STORE_FIELD_BLOB)
        g_clear_pointer ((GBytes **) field, g_bytes_unref);
    }
  g_free (rec);
}

void
ra_project_record_free (RaProjectRecord *rec)
{
  ra_store_record_free (&ra_store_project_desc, rec);
}

void
ra_county_record_free (RaCountyRecord *rec)
{
  ra_store_record_free (&ra_store_county_desc, rec);
}

void
ra_indicator_record_free (RaIndicatorRecord *rec)
{
  ra_store_record_free (&ra_store_indicator_desc, rec);
}

void
ra_audit_record_free (RaAuditRecord *rec)
{
  ra_store_record_free (&ra_store_audit_desc, rec);
}

void
ra_pipeline_record_free (RaPipelineRecord *rec)
{
  ra_store_record_free (&ra_store_pipeline_desc, rec);
}

void
ra_plant_record_free (RaPlantRecord *rec)
{
  ra_store_record_free (&ra_store_plant_desc, rec);
}

void
ra_built_up_area_record_free (RaBuiltUpAreaRecord *rec)
{
  ra_store_record_free (&ra_store_built_up_area_desc, rec);
}

void
ra_plan_metric_record_free (RaPlanMetricRecord *rec)
{
  ra_store_record_free (&ra_store_plan_metric_desc, rec);
}

void
ra_geometry_problem_free (RaGeometryProblem *problem)
{
  ra_store_record_free (&geometry_problem_desc, problem);
}

/* ---- reading ----------------------------------------------------------- */

GPtrArray *
ra_store_query (RaStore                 *self,
                RaStoreQuery             query,
                const RaStoreRecordDesc *desc,
                const RaStoreValue      *params,
                GError                 **error)
{
  if (!ra_store_check_open (self, error))
    return NULL;
  return self->backend->query (self->db, query, desc, params, error);
}

GPtrArray *
ra_store_list_projects (RaStore *self, GError **error)
{
  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  return ra_store_query (self, RA_STORE_QUERY_PROJECTS, &ra_store_project_desc, NULL, error);
}

RaProjectRecord *
ra_store_get_project (RaStore *self, gint64 id, GError **error)
{
  RaStoreValue param = ra_store_value_int (id);
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  rows = ra_store_query (self, RA_STORE_QUERY_PROJECT, &ra_store_project_desc, &param, error);
  if (rows == NULL)
    return NULL;
  if (rows->len == 0)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND,
                   _("no project with id %" PRId64), id);
      return NULL;
    }
  return g_ptr_array_steal_index (rows, 0);
}

GPtrArray *
ra_store_list_counties (RaStore *self, GError **error)
{
  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  return ra_store_query (self, RA_STORE_QUERY_COUNTIES, &ra_store_county_desc, NULL, error);
}

GPtrArray *
ra_store_list_indicators (RaStore *self, const char *origin, GError **error)
{
  RaStoreValue param = ra_store_value_text (origin);

  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  return ra_store_query (self, RA_STORE_QUERY_INDICATORS, &ra_store_indicator_desc, &param,
                         error);
}

gint64
ra_store_count_rows (RaStore *self, const char *table, GError **error)
{
  const RaStoreTable *desc;

  g_return_val_if_fail (RA_IS_STORE (self), -1);
  if (!ra_store_check_open (self, error) || (desc = ra_store_lookup_table (table, error)) == NULL)
    return -1;
  return self->backend->count_rows (self->db, desc, error);
}

int
ra_store_has_geometry (RaStore *self, const char *table, GError **error)
{
  const RaStoreTable *desc;

  g_return_val_if_fail (RA_IS_STORE (self), -1);
  if (!ra_store_check_open (self, error) || (desc = ra_store_lookup_table (table, error)) == NULL)
    return -1;
  if (desc->geom_type == NULL)
    return 0;
  return self->backend->has_geometry (self->db, desc, error);
}

char *
ra_store_get_geometry_wkt (RaStore *self, const char *table, gint64 id, GError **error)
{
  const RaStoreTable *desc;

  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  if (!ra_store_check_open (self, error) || (desc = ra_store_lookup_table (table, error)) == NULL)
    return NULL;
  if (desc->geom_type == NULL)
    return NULL;
  return self->backend->geometry_wkt (self->db, desc, id, error);
}

RaGeometry *
ra_store_get_geometry (RaStore *self, const char *table, gint64 id, GError **error)
{
  g_autoptr(GBytes) wkb = NULL;
  const RaStoreTable *desc;
  RaGeomKind kind;

  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  if (!ra_store_check_open (self, error) || (desc = ra_store_lookup_table (table, error)) == NULL)
    return NULL;
  if (desc->geom_type == NULL)
    return NULL;
  wkb = self->backend->geometry_wkb (self->db, desc, id, error);
  if (wkb == NULL)
    return NULL;
  kind = strcmp (desc->geom_type, "POINT") == 0 ? RA_GEOM_POINT
       : strcmp (desc->geom_type, "MULTILINESTRING") == 0 ? RA_GEOM_LINE : RA_GEOM_POLYGON;
  return ra_gdal_geometry_from_wkb (g_bytes_get_data (wkb, NULL), g_bytes_get_size (wkb), kind);
}

/* ---- geometries that cannot be read ------------------------------------ */

GPtrArray *
ra_store_list_unreadable_geometries (RaStore *self, const char *table, GError **error)
{
  g_autoptr(GPtrArray) problems = NULL;
  const RaStoreTable *only = NULL;
  const RaStoreTable *tables;
  guint n_tables;

  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  if (!ra_store_check_open (self, error))
    return NULL;
  if (table != NULL && (only = ra_store_lookup_table (table, error)) == NULL)
    return NULL;
  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) ra_geometry_problem_free);
  tables = ra_store_tables (&n_tables);
  for (guint i = 0; i < n_tables; i++)
    {
      if (tables[i].geom_type == NULL || (only != NULL && only != &tables[i]))
        continue;
      if (!self->backend->scan_geometries (self->db, &tables[i], problems, error))
        return NULL;
    }
  return g_steal_pointer (&problems);
}

GPtrArray *
ra_store_describe_geometry_problems (GPtrArray *problems, guint max_ids)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) done = g_hash_table_new (g_direct_hash, g_direct_equal);

  g_return_val_if_fail (problems != NULL, NULL);

  /* One line per table and problem, in the order first met. */
  for (guint i = 0; i < problems->len; i++)
    {
      const RaGeometryProblem *first = g_ptr_array_index (problems, i);
      g_autoptr(GString) ids = NULL;
      guint n = 0;

      if (g_hash_table_contains (done, first))
        continue;
      ids = g_string_new (NULL);
      for (guint j = i; j < problems->len; j++)
        {
          const RaGeometryProblem *p = g_ptr_array_index (problems, j);

          if (g_strcmp0 (p->table, first->table) != 0 || g_strcmp0 (p->problem, first->problem) != 0)
            continue;
          g_hash_table_add (done, (gpointer) p);
          if (n < max_ids)
            g_string_append_printf (ids, "%s%" PRId64, n > 0 ? ", " : "", p->id);
          n++;
        }
      if (n > max_ids)
        /* TRANSLATORS: the end of a list of row ids that was cut */
        g_string_append_printf (ids, _(" … (%u more)"), n - max_ids);
      g_ptr_array_add (lines,
                       /* TRANSLATORS: table name, count, the row ids, the problem */
                       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "table “%s”: %u geometry cannot be read and is left out (id %s): %s",
                                                     "table “%s”: %u geometries cannot be read and are left out (id %s): %s",
                                                     n),
                                        first->table, n, ids->str, first->problem));
    }
  return g_steal_pointer (&lines);
}
