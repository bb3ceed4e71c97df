/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading a SpatiaLite project: the one row mapper (a result row into a
 * record by its descriptor), the query behind each RaStoreQuery, and the
 * other reads the store needs (counts, a row's geometry, the geometry
 * scan, meta values). */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-store-schema.h"
#include "ra-store-sqlite.h"

/* ---- the row mapper ---------------------------------------------------- */

/* The query's columns must be the descriptor's fields, in order: each
 * is an alias or a column of that name (which SQLite matches without
 * regard to case, so a project may spell it otherwise). */
static void
check_columns (sqlite3_stmt *stmt, const RaStoreRecordDesc *desc)
{
  g_assert ((guint) sqlite3_column_count (stmt) == desc->n_fields);
  for (guint i = 0; i < desc->n_fields; i++)
    {
      const char *name = sqlite3_column_name (stmt, (int) i);

      g_assert (name == NULL || g_ascii_strcasecmp (name, desc->fields[i].name) == 0);
    }
}

gpointer
ra_store_sqlite_read_record (sqlite3_stmt *stmt, const RaStoreRecordDesc *desc)
{
  guint8 *rec = g_malloc0 (desc->size);

  for (guint i = 0; i < desc->n_fields; i++)
    {
      const RaStoreField *f = &desc->fields[i];
      gpointer field = rec + f->offset;
      int col = (int) i;

      switch (f->type)
        {
        case RA_STORE_FIELD_INT64:
          *(gint64 *) field = sqlite3_column_int64 (stmt, col);
          break;
        case RA_STORE_FIELD_INT:
          *(int *) field = sqlite3_column_int (stmt, col);
          break;
        case RA_STORE_FIELD_BOOL:
          *(gboolean *) field = sqlite3_column_int (stmt, col) != 0;
          break;
        case RA_STORE_FIELD_DOUBLE:
          *(double *) field = sqlite3_column_double (stmt, col);
          break;
        case RA_STORE_FIELD_DOUBLE_OR_NAN:
          *(double *) field = sqlite3_column_type (stmt, col) == SQLITE_NULL
                              ? NAN : sqlite3_column_double (stmt, col);
          break;
        case RA_STORE_FIELD_TEXT:
          *(char **) field = ra_store_sqlite_dup_text (stmt, col);
          break;
        case RA_STORE_FIELD_BLOB:
          {
            const void *data = sqlite3_column_blob (stmt, col);
            int size = sqlite3_column_bytes (stmt, col);

            *(GBytes **) field = data != NULL && size > 0 ? g_bytes_new (data, size) : NULL;
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return rec;
}

GPtrArray *
ra_store_sqlite_collect (sqlite3                 *sqlite,
                         sqlite3_stmt            *stmt,
                         const RaStoreRecordDesc *desc,
                         const char              *what,
                         GError                 **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (desc->free_record);
  int rc;

  check_columns (stmt, desc);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, ra_store_sqlite_read_record (stmt, desc));
  if (rc != SQLITE_DONE)
    {
      ra_sqlite_set_error (error, sqlite, rc, what);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/* ---- the queries -------------------------------------------------------- */

#define PROJECT_SELECT \
  "SELECT p.id, p.code, p.name, p.adcode, c.name_zh AS county_name, p.source, p.status," \
  " p.batch, p.in_service_year, p.investment_total, p.investment_2024_2025, p.start," \
  " p.prep_stage, p.owner, p.scope, p.cap_industry, p.cap_agriculture, p.cap_ecological," \
  " p.cap_urban_nonpotable, p.cap_total, p.pipeline_km, p.storage_m3," \
  " p.treatment_m3_per_day, p.notes," \
  " coalesce (GeometryType (p.geom) = 'MULTIPOLYGON' AND ST_SRID (p.geom) = 4490, 0)" \
  " AS has_geometry, p.plant_id, p.row_version, p.sort_key" \
  " FROM projects_v AS p LEFT JOIN counties AS c ON c.adcode = p.adcode"

#define PIPE_UNIT_COST_SELECT \
  "SELECT id, dn_mm, cost_wan_per_km, note IS 'default' AS is_default FROM pipe_unit_costs"

static const struct {
  RaStoreQuery  query;
  const char   *sql;
  guint         n_params;
  const char   *what;   /* N_() */
} queries[] = {
  { RA_STORE_QUERY_PROJECTS, PROJECT_SELECT " ORDER BY p.batch, p.sort_key, p.id", 0,
    N_("reading projects") },
  { RA_STORE_QUERY_PROJECT, PROJECT_SELECT " WHERE p.id = ?1", 1, N_("reading a project") },
  { RA_STORE_QUERY_COUNTIES,
    "SELECT id, adcode, name_zh, name_en, seat_lon, seat_lat FROM counties ORDER BY adcode", 0,
    N_("reading counties") },
  { RA_STORE_QUERY_INDICATORS,
    "SELECT adcode, area_zh, year, kind, origin, nonconventional_use, reclaimed_use, mine_use,"
    " reclaimed_rate_pct, treated_wastewater FROM indicators WHERE ?1 IS NULL OR origin = ?1"
    " ORDER BY id", 1, N_("reading indicators") },
  { RA_STORE_QUERY_AUDIT,
    "SELECT id, at, user, table_name, row_id, action, before_json, after_json FROM audit"
    " WHERE (?1 IS NULL OR table_name = ?1) AND (?2 = 0 OR row_id = ?2) ORDER BY id", 2,
    N_("reading the audit log") },
  { RA_STORE_QUERY_PIPELINES,
    "SELECT p.id, p.project_id, p.name, p.dn_mm, p.material, p.status,"
    " pr.source AS project_source, AsBinary (p.geom) AS wkb, p.row_version"
    " FROM pipelines p LEFT JOIN projects pr ON pr.id = p.project_id ORDER BY p.id", 0,
    N_("reading pipelines") },
  { RA_STORE_QUERY_PLANTS,
    "SELECT id, name, adcode, kind, capacity_m3_per_day, location_approx,"
    " X (geom) AS lon, Y (geom) AS lat, row_version FROM plants"
    " WHERE ?1 IS NULL OR kind = ?1 ORDER BY id", 1,
    N_("reading plants") },
  { RA_STORE_QUERY_BUILT_UP_AREAS,
    "SELECT id, adcode, name, AsBinary (geom) AS wkb, row_version FROM built_up_areas"
    " ORDER BY id", 0,
    N_("reading built-up areas") },
  { RA_STORE_QUERY_PLAN_METRICS,
    "SELECT adcode, area_zh, year, metric, value, unit, note FROM plan_metrics"
    " WHERE ?1 IS NULL OR metric = ?1 ORDER BY metric, year, id", 1,
    N_("reading plan metrics") },
  { RA_STORE_QUERY_PIPE_UNIT_COSTS, PIPE_UNIT_COST_SELECT " ORDER BY dn_mm", 0,
    N_("reading pipeline unit costs") },
  { RA_STORE_QUERY_PIPE_UNIT_COST, PIPE_UNIT_COST_SELECT " WHERE dn_mm = ?1", 1,
    N_("reading pipeline unit costs") },
  { RA_STORE_QUERY_BOOKMARKS,
    "SELECT id, name, crs, center_x, center_y, scale, rotation FROM app_views ORDER BY id", 0,
    N_("reading bookmarks") },
  { RA_STORE_QUERY_APP_LAYERS,
    "SELECT id, position, name, source, layer, visible, opacity, style_json FROM app_layers"
    " ORDER BY position, id", 0, N_("reading the map's layers") },
  { RA_STORE_QUERY_WATER_USERS,
    "SELECT id, name, adcode, sector, use_category, quality_standard, source_now, able, why_not,"
    " key_user, location_approx, demand_illustrative, notes, X (geom) AS lon, Y (geom) AS lat,"
    " row_version FROM water_users ORDER BY id", 0, N_("reading water users") },
  { RA_STORE_QUERY_USER_DEMAND,
    "SELECT user_id, year, volume FROM user_demand WHERE ?1 = 0 OR year = ?1"
    " ORDER BY user_id, year", 1, N_("reading water demand") },
  { RA_STORE_QUERY_PLANT_SUPPLY,
    "SELECT plant_id, year, treated, committed_discharge FROM plant_supply"
    " WHERE ?1 = 0 OR year = ?1 ORDER BY plant_id, year", 1, N_("reading plant supply") },
  { RA_STORE_QUERY_PLANT_DETAILS,
    "SELECT id, name, adcode, kind, capacity_m3_per_day, effluent_standard, meets_standards,"
    " location_approx, capacity_illustrative, X (geom) AS lon, Y (geom) AS lat, row_version"
    " FROM plants ORDER BY id", 0, N_("reading plants") },
  { RA_STORE_QUERY_ALLOCATIONS,
    "SELECT id, user_id, plant_id, year, volume, origin, via_pipeline_ids FROM allocations"
    " WHERE ?1 = 0 OR year = ?1 ORDER BY year, user_id, plant_id", 1,
    N_("reading allocations") },
  { RA_STORE_QUERY_LEDGER,
    "SELECT id, plant_id, month, inflow, treated, reused_industry, reused_agriculture,"
    " reused_ecological, reused_urban_nonpotable, discharged, destination, quality, source_file"
    " FROM ledger WHERE ?1 = 0 OR plant_id = ?1 ORDER BY plant_id, month", 1,
    N_("reading the ledger") },
};

GPtrArray *
ra_store_sqlite_query (RaStoreDb               *db,
                       RaStoreQuery             query,
                       const RaStoreRecordDesc *desc,
                       const RaStoreValue      *params,
                       GError                 **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert ((guint) query < G_N_ELEMENTS (queries) && queries[query].query == query);
  stmt = ra_store_sqlite_prepare (db, queries[query].sql, error);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < queries[query].n_params; i++)
    ra_store_sqlite_bind (stmt, (int) i + 1, &params[i]);
  return ra_store_sqlite_collect (db->sqlite, stmt, desc, _(queries[query].what), error);
}

/* ---- other reads -------------------------------------------------------- */

gint64
ra_store_sqlite_count_rows (RaStoreDb *db, const RaStoreTable *table, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", table->name);
  int rc;

  stmt = ra_store_sqlite_prepare (db, sql, error);
  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      ra_sqlite_set_error (error, db->sqlite, rc, _("counting rows"));
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

int
ra_store_sqlite_has_geometry (RaStoreDb *db, const RaStoreTable *table, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  /* The test of RaProjectRecord's has_geometry: the table's type, SRID
   * 4490 (a blob of another kind is no geometry the map draws). */
  g_autofree char *sql = g_strdup_printf ("SELECT EXISTS (SELECT 1 FROM \"%s\""
                                          " WHERE GeometryType (geom) = '%s'"
                                          " AND ST_SRID (geom) = 4490)",
                                          table->name, table->geom_type);
  int rc;

  stmt = ra_store_sqlite_prepare (db, sql, error);
  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      ra_sqlite_set_error (error, db->sqlite, rc, _("reading geometries"));
      return -1;
    }
  return sqlite3_column_int (stmt, 0) != 0;
}

gboolean
ra_store_sqlite_find_ids (RaStoreDb *db, const RaStoreTable *table, guint n,
                          const RaStoreColumn * const *columns, const RaStoreValue *values,
                          GArray *ids, GError **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_string_printf (sql, "SELECT id FROM \"%s\"", table->name);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (sql, "%s\"%s\" IS ?%u", i > 0 ? " AND " : " WHERE ",
                            columns[i]->name, i + 1);
  g_string_append (sql, " ORDER BY id");
  stmt = ra_store_sqlite_prepare (db, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    ra_store_sqlite_bind (stmt, (int) i + 1, &values[i]);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    return ra_sqlite_set_error (error, db->sqlite, rc, _("reading a row"));
  return TRUE;
}

/* The geometry of a row through fn (AsWKT, AsBinary); NULL when there is
 * no such row, and FALSE on an error. */
static gboolean
step_geometry (RaStoreDb *db, const RaStoreTable *table, gint64 id, const char *fn,
               sqlite3_stmt **out, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT %s (geom) FROM \"%s\" WHERE id = ?1", fn,
                                          table->name);
  int rc;

  *out = NULL;
  stmt = ra_store_sqlite_prepare_row (db, sql, id, error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = g_steal_pointer (&stmt);
  else if (rc != SQLITE_DONE)
    return ra_sqlite_set_error (error, db->sqlite, rc, _("reading a geometry"));
  return TRUE;
}

char *
ra_store_sqlite_geometry_wkt (RaStoreDb *db, const RaStoreTable *table, gint64 id,
                              GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!step_geometry (db, table, id, "AsWKT", &stmt, error) || stmt == NULL)
    return NULL;
  return ra_store_sqlite_dup_text (stmt, 0);
}

GBytes *
ra_store_sqlite_geometry_wkb (RaStoreDb *db, const RaStoreTable *table, gint64 id,
                              GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  /* WKB keeps every bit of the doubles; WKT text would round them. */
  if (!step_geometry (db, table, id, "AsBinary", &stmt, error) || stmt == NULL ||
      sqlite3_column_type (stmt, 0) != SQLITE_BLOB)
    return NULL;
  return g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
}

gboolean
ra_store_sqlite_scan_geometries (RaStoreDb *db, const RaStoreTable *table,
                                 GPtrArray *problems, GError **error)
{
  return ra_store_schema_scan_geometries (db->sqlite, table->name, table->geom_type,
                                          RA_STORE_SRID, problems, error);
}

gboolean
ra_store_sqlite_county_exists (RaStoreDb *db, const char *adcode)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db->sqlite, "SELECT 1 FROM counties WHERE adcode = ?1",
                          -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_text (stmt, 1, adcode, -1, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* The row of key in meta, stepped; NULL when there is none. */
static sqlite3_stmt *
step_meta (RaStoreDb *db, const char *column, const char *key)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM meta WHERE key = ?1", column);

  if (sqlite3_prepare_v2 (db->sqlite, sql, -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_steal_pointer (&stmt);
}

char *
ra_store_sqlite_dup_meta (RaStoreDb *db, const char *key)
{
  g_autoptr(sqlite3_stmt) stmt = step_meta (db, "value", key);

  return stmt != NULL ? ra_store_sqlite_dup_text (stmt, 0) : NULL;
}

gint64
ra_store_sqlite_meta_row_id (RaStoreDb *db, const char *key)
{
  g_autoptr(sqlite3_stmt) stmt = step_meta (db, "id", key);

  return stmt != NULL ? sqlite3_column_int64 (stmt, 0) : 0;
}
