/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading a server project: the query behind each RaStoreQuery (the
 * file's, in PostgreSQL's words: NULLs sort first and text bytewise, as in
 * SQLite, so both backends list rows in one order) and the other reads the
 * store needs. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-store-pg.h"

#define PROJECT_SELECT \
  "SELECT p.id, p.code, p.name, p.adcode, c.name_zh AS county_name, p.source, p.status," \
  " p.batch, p.in_service_year, p.investment_total, p.investment_2024_2025, p.start," \
  " p.prep_stage, p.owner, p.scope, p.cap_industry, p.cap_agriculture, p.cap_ecological," \
  " p.cap_urban_nonpotable, p.cap_total, p.pipeline_km, p.storage_m3," \
  " p.treatment_m3_per_day, p.notes," \
  /* The column is geometry(MultiPolygon, 4490): the server keeps every \
   * other type and SRID out, so a geometry there is one the file's test \
   * (type and SRID) accepts; IS NOT NULL reads no geometry at all. */ \
  " p.geom IS NOT NULL AS has_geometry, p.plant_id, p.row_version, p.sort_key" \
  " FROM projects_v AS p LEFT JOIN counties AS c ON c.adcode = p.adcode"

#define PIPE_UNIT_COST_SELECT \
  "SELECT id, dn_mm, cost_wan_per_km, note IS NOT DISTINCT FROM 'default' AS is_default" \
  " FROM pipe_unit_costs"

static const struct {
  RaStoreQuery  query;
  const char   *sql;
  guint         n_params;
  const char   *what;   /* N_() */
} queries[] = {
  { RA_STORE_QUERY_PROJECTS,
    PROJECT_SELECT " ORDER BY p.batch COLLATE \"C\" NULLS FIRST, p.sort_key, p.id", 0,
    N_("reading projects") },
  { RA_STORE_QUERY_PROJECT, PROJECT_SELECT " WHERE p.id = $1::bigint", 1,
    N_("reading a project") },
  { RA_STORE_QUERY_COUNTIES,
    "SELECT id, adcode, name_zh, name_en, seat_lon, seat_lat FROM counties"
    " ORDER BY adcode COLLATE \"C\"", 0, N_("reading counties") },
  { RA_STORE_QUERY_INDICATORS,
    "SELECT adcode, area_zh, year, kind, origin, nonconventional_use, reclaimed_use, mine_use,"
    " reclaimed_rate_pct, treated_wastewater FROM indicators"
    " WHERE $1::text IS NULL OR origin = $1::text ORDER BY id", 1, N_("reading indicators") },
  { RA_STORE_QUERY_AUDIT,
    "SELECT id, at, \"user\", table_name, row_id, action, before_json, after_json FROM audit"
    " WHERE ($1::text IS NULL OR table_name = $1::text)"
    " AND ($2::bigint = 0 OR row_id = $2::bigint) ORDER BY id", 2,
    N_("reading the audit log") },
  { RA_STORE_QUERY_PIPELINES,
    "SELECT p.id, p.project_id, p.name, p.dn_mm, p.material, p.status,"
    " pr.source AS project_source, ST_AsBinary (p.geom) AS wkb, p.row_version"
    " FROM pipelines p LEFT JOIN projects pr ON pr.id = p.project_id ORDER BY p.id", 0,
    N_("reading pipelines") },
  { RA_STORE_QUERY_PLANTS,
    "SELECT id, name, adcode, kind, capacity_m3_per_day, location_approx,"
    " ST_X (geom) AS lon, ST_Y (geom) AS lat, row_version FROM plants"
    " WHERE $1::text IS NULL OR kind = $1::text ORDER BY id", 1, N_("reading plants") },
  { RA_STORE_QUERY_BUILT_UP_AREAS,
    "SELECT id, adcode, name, ST_AsBinary (geom) AS wkb, row_version FROM built_up_areas"
    " ORDER BY id", 0,
    N_("reading built-up areas") },
  { RA_STORE_QUERY_PLAN_METRICS,
    "SELECT adcode, area_zh, year, metric, value, unit, note FROM plan_metrics"
    " WHERE $1::text IS NULL OR metric = $1::text"
    " ORDER BY metric COLLATE \"C\", year NULLS FIRST, id", 1, N_("reading plan metrics") },
  { RA_STORE_QUERY_PIPE_UNIT_COSTS, PIPE_UNIT_COST_SELECT " ORDER BY dn_mm", 0,
    N_("reading pipeline unit costs") },
  { RA_STORE_QUERY_PIPE_UNIT_COST, PIPE_UNIT_COST_SELECT " WHERE dn_mm = $1::float8", 1,
    N_("reading pipeline unit costs") },
  { RA_STORE_QUERY_BOOKMARKS,
    "SELECT id, name, crs, center_x, center_y, scale, rotation FROM app_views ORDER BY id", 0,
    N_("reading bookmarks") },
  { RA_STORE_QUERY_APP_LAYERS,
    "SELECT id, position, name, source, layer, visible, opacity, style_json FROM app_layers"
    " ORDER BY position, id", 0, N_("reading the map's layers") },
  { RA_STORE_QUERY_WATER_USERS,
    "SELECT id, name, adcode, sector, use_category, quality_standard, source_now, able, why_not,"
    " key_user, location_approx, demand_illustrative, notes, ST_X (geom) AS lon,"
    " ST_Y (geom) AS lat, row_version FROM water_users ORDER BY id", 0, N_("reading water users") },
  { RA_STORE_QUERY_USER_DEMAND,
    "SELECT user_id, year, volume FROM user_demand WHERE $1::bigint = 0 OR year = $1::bigint"
    " ORDER BY user_id, year", 1, N_("reading water demand") },
  { RA_STORE_QUERY_PLANT_SUPPLY,
    "SELECT plant_id, year, treated, committed_discharge FROM plant_supply"
    " WHERE $1::bigint = 0 OR year = $1::bigint ORDER BY plant_id, year", 1,
    N_("reading plant supply") },
  { RA_STORE_QUERY_PLANT_DETAILS,
    "SELECT id, name, adcode, kind, capacity_m3_per_day, effluent_standard, meets_standards,"
    " location_approx, capacity_illustrative, ST_X (geom) AS lon, ST_Y (geom) AS lat,"
    " row_version FROM plants ORDER BY id", 0, N_("reading plants") },
  { RA_STORE_QUERY_ALLOCATIONS,
    "SELECT id, user_id, plant_id, year, volume, origin, via_pipeline_ids FROM allocations"
    " WHERE $1::bigint = 0 OR year = $1::bigint ORDER BY year, user_id, plant_id", 1,
    N_("reading allocations") },
  { RA_STORE_QUERY_LEDGER,
    "SELECT id, plant_id, month, inflow, treated, reused_industry, reused_agriculture,"
    " reused_ecological, reused_urban_nonpotable, discharged, destination, quality, source_file"
    " FROM ledger WHERE $1::bigint = 0 OR plant_id = $1::bigint"
    " ORDER BY plant_id, month COLLATE \"C\"", 1, N_("reading the ledger") },
};

GPtrArray *
ra_store_pg_query (RaStoreDb               *db,
                   RaStoreQuery             query,
                   const RaStoreRecordDesc *desc,
                   const RaStoreValue      *params,
                   GError                 **error)
{
  g_autoptr(PGresult) res = NULL;

  g_assert ((guint) query < G_N_ELEMENTS (queries) && queries[query].query == query);
  res = ra_store_pg_exec (db, queries[query].sql, queries[query].n_params, params,
                          _(queries[query].what), error);
  if (res == NULL)
    return NULL;
  return ra_store_pg_collect (res, desc);
}

gint64
ra_store_pg_count_rows (RaStoreDb *db, const RaStoreTable *table, GError **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", table->name);
  g_autoptr(PGresult) res = ra_store_pg_exec (db, sql, 0, NULL, _("counting rows"), error);

  return res != NULL ? ra_store_pg_get_int64 (res, 0, 0) : -1;
}

int
ra_store_pg_has_geometry (RaStoreDb *db, const RaStoreTable *table, GError **error)
{
  /* The column is typed (type and SRID): any geometry in it is drawable. */
  g_autofree char *sql = g_strdup_printf ("SELECT EXISTS (SELECT 1 FROM \"%s\""
                                          " WHERE geom IS NOT NULL)", table->name);
  g_autoptr(PGresult) res = ra_store_pg_exec (db, sql, 0, NULL, _("reading geometries"), error);

  return res != NULL ? ra_store_pg_get_int64 (res, 0, 0) != 0 : -1;
}

gboolean
ra_store_pg_find_ids (RaStoreDb *db, const RaStoreTable *table, guint n,
                      const RaStoreColumn * const *columns, const RaStoreValue *values,
                      GArray *ids, GError **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(PGresult) res = NULL;

  g_string_printf (sql, "SELECT id FROM \"%s\"", table->name);
  for (guint i = 0; i < n; i++)
    {
      /* The parameter's type is the column's (a NULL has none of its own). */
      g_string_append_printf (sql, "%s\"%s\" IS NOT DISTINCT FROM $%u::%s",
                              i > 0 ? " AND " : " WHERE ", columns[i]->name, i + 1,
                              columns[i]->type == RA_STORE_COL_TEXT ? "text"
                              : columns[i]->type == RA_STORE_COL_INT ? "bigint" : "float8");
    }
  g_string_append (sql, " ORDER BY id");
  res = ra_store_pg_exec (db, sql->str, n, values, _("reading a row"), error);
  if (res == NULL)
    return FALSE;
  for (int r = 0; r < PQntuples (res); r++)
    {
      gint64 id = ra_store_pg_get_int64 (res, r, 0);

      g_array_append_val (ids, id);
    }
  return TRUE;
}

static PGresult *
geometry_of (RaStoreDb *db, const RaStoreTable *table, gint64 id, const char *fn,
             GError **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s (geom) FROM \"%s\" WHERE id = $1::bigint",
                                          fn, table->name);
  RaStoreValue v = ra_store_value_int (id);

  return ra_store_pg_exec (db, sql, 1, &v, _("reading a geometry"), error);
}

char *
ra_store_pg_geometry_wkt (RaStoreDb *db, const RaStoreTable *table, gint64 id, GError **error)
{
  g_autoptr(PGresult) res = geometry_of (db, table, id, "ST_AsText", error);

  return res != NULL ? ra_store_pg_dup_text (res, 0, 0) : NULL;
}

GBytes *
ra_store_pg_geometry_wkb (RaStoreDb *db, const RaStoreTable *table, gint64 id, GError **error)
{
  /* The WKB as it is (a binary result): no hex text to undo. */
  g_autofree char *sql = g_strdup_printf ("SELECT ST_AsBinary (geom) FROM \"%s\""
                                          " WHERE id = $1::bigint", table->name);
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  const char *values[1] = { id_text };
  g_autoptr(PGresult) res = NULL;
  int size;

  res = PQexecParams (db->conn, sql, 1, NULL, values, NULL, NULL, 1);
  if (res == NULL || PQresultStatus (res) != PGRES_TUPLES_OK)
    {
      ra_store_pg_set_error (error, db, res, _("reading a geometry"));
      return NULL;
    }
  if (PQntuples (res) == 0 || PQgetisnull (res, 0, 0) || (size = PQgetlength (res, 0, 0)) <= 0)
    return NULL;
  return g_bytes_new (PQgetvalue (res, 0, 0), (gsize) size);
}

gboolean
ra_store_pg_scan_geometries (RaStoreDb *db, const RaStoreTable *table, GPtrArray *problems,
                             GError **error)
{
  /* A typed PostGIS column holds only geometries of its type and SRID:
   * nothing unreadable can be stored in it. */
  return TRUE;
}

gboolean
ra_store_pg_county_exists (RaStoreDb *db, const char *adcode)
{
  RaStoreValue v = ra_store_value_text (adcode);
  g_autoptr(PGresult) res = ra_store_pg_exec (db, "SELECT 1 FROM counties WHERE adcode = $1::text",
                                              1, &v, "", NULL);

  return res != NULL && PQntuples (res) > 0;
}

char *
ra_store_pg_dup_meta (RaStoreDb *db, const char *key)
{
  RaStoreValue v = ra_store_value_text (key);
  g_autoptr(PGresult) res = ra_store_pg_exec (db, "SELECT value FROM meta WHERE key = $1::text",
                                              1, &v, "", NULL);

  return res != NULL ? ra_store_pg_dup_text (res, 0, 0) : NULL;
}

gint64
ra_store_pg_meta_row_id (RaStoreDb *db, const char *key)
{
  RaStoreValue v = ra_store_value_text (key);
  g_autoptr(PGresult) res = ra_store_pg_exec (db, "SELECT id FROM meta WHERE key = $1::text",
                                              1, &v, "", NULL);

  return res != NULL ? ra_store_pg_get_int64 (res, 0, 0) : 0;
}
