/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The PostGIS schema of a server project: the same versioned steps as the
 * SpatiaLite file's (ra-store-schema.c), each one transaction, the version
 * kept in the table schema_version; real geometry columns
 * (geometry(MultiPolygon, 4490) …) with GiST indexes, so QGIS, ogr2ogr and
 * the bureau's other tools read the tables directly.
 *
 * Types follow the file's: INTEGER is bigint, REAL double precision; ids
 * are bigserial.  Text sorts as the file sorts it (COLLATE "C" in the
 * queries), whatever the server's locale. */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-store.h"
#include "ra-store-pg.h"

/* Never edit a released step; append a new one.  Step i takes the schema
 * from version i to i + 1, like the file's. */

/* Step 5 for one table (a literal name of the store's own). */
#define ROW_VERSION(t) \
  "ALTER TABLE " t " ADD COLUMN row_version bigint NOT NULL DEFAULT 1;" \
  "CREATE TRIGGER " t "_row_version BEFORE UPDATE ON " t " FOR EACH ROW" \
  "  EXECUTE FUNCTION ra_bump_row_version ();"
/* Step 6 for one table: a notification per statement naming its rows. */
#define NOTIFY_ROWS(t) \
  "CREATE TRIGGER " t "_notify_insert AFTER INSERT ON " t " REFERENCING NEW TABLE AS ra_new" \
  "  FOR EACH STATEMENT EXECUTE FUNCTION ra_notify_rows ();" \
  "CREATE TRIGGER " t "_notify_update AFTER UPDATE ON " t " REFERENCING NEW TABLE AS ra_new" \
  "  FOR EACH STATEMENT EXECUTE FUNCTION ra_notify_rows ();" \
  "CREATE TRIGGER " t "_notify_delete AFTER DELETE ON " t " REFERENCING OLD TABLE AS ra_old" \
  "  FOR EACH STATEMENT EXECUTE FUNCTION ra_notify_rows ();" \
  "CREATE TRIGGER " t "_notify_truncate AFTER TRUNCATE ON " t \
  "  FOR EACH STATEMENT EXECUTE FUNCTION ra_notify_rows ();"
static const char * const migrations[] = {
  /* 0 -> 1 */
  "CREATE EXTENSION IF NOT EXISTS postgis;"
  "CREATE TABLE schema_version (version integer NOT NULL, application text NOT NULL);"
  "INSERT INTO schema_version VALUES (0, 'Reclaim Atlas');"
  "CREATE TABLE meta (id bigserial PRIMARY KEY, key text NOT NULL UNIQUE, value text);"
  "CREATE TABLE counties (id bigserial PRIMARY KEY, adcode text NOT NULL UNIQUE,"
  "  name_zh text NOT NULL, name_en text, seat_lon double precision,"
  "  seat_lat double precision, geom geometry(MultiPolygon, 4490));"
  "CREATE INDEX counties_geom ON counties USING gist (geom);"
  "CREATE TABLE indicators (id bigserial PRIMARY KEY, adcode text NOT NULL, area_zh text,"
  "  year bigint NOT NULL, kind text NOT NULL CHECK (kind IN ('actual', 'target_min')),"
  "  origin text NOT NULL DEFAULT 'targets',"
  "  reclaimed_use double precision, mine_use double precision,"
  "  nonconventional_use double precision, reclaimed_rate_pct double precision,"
  "  treated_wastewater double precision, binding bigint, note text,"
  "  UNIQUE (adcode, year, kind, origin));"
  "CREATE TABLE plan_metrics (id bigserial PRIMARY KEY, adcode text, area_zh text,"
  "  year bigint, metric text NOT NULL, value double precision, unit text, note text);"
  "CREATE TABLE plants (id bigserial PRIMARY KEY, name text NOT NULL,"
  "  adcode text REFERENCES counties (adcode) ON UPDATE CASCADE,"
  "  kind text NOT NULL DEFAULT 'wwtp' CHECK (kind IN ('wwtp', 'reclaimed_plant', 'wetland',"
  "    'mine_water_station', 'intake', 'storage')),"
  "  capacity_m3_per_day double precision CHECK (capacity_m3_per_day >= 0),"
  "  location_approx bigint NOT NULL DEFAULT 0, notes text, geom geometry(Point, 4490));"
  "CREATE INDEX plants_geom ON plants USING gist (geom);"
  "CREATE TABLE projects (id bigserial PRIMARY KEY, code text, name text NOT NULL,"
  "  adcode text REFERENCES counties (adcode) ON UPDATE CASCADE,"
  "  source text NOT NULL DEFAULT 'reclaimed' CHECK (source IN ('reclaimed', 'mine')),"
  "  status text NOT NULL DEFAULT 'proposed'"
  "    CHECK (status IN ('under_construction', 'proposed', 'in_service')),"
  "  batch text, in_service_year bigint CHECK (in_service_year BETWEEN 2023 AND 2035),"
  "  investment_total double precision CHECK (investment_total >= 0),"
  "  investment_2024_2025 double precision CHECK (investment_2024_2025 >= 0),"
  "  start text, prep_stage text, owner text, scope text,"
  "  cap_industry double precision CHECK (cap_industry >= 0),"
  "  cap_agriculture double precision CHECK (cap_agriculture >= 0),"
  "  cap_ecological double precision CHECK (cap_ecological >= 0),"
  "  cap_urban_nonpotable double precision CHECK (cap_urban_nonpotable >= 0),"
  "  pipeline_km double precision CHECK (pipeline_km >= 0),"
  "  storage_m3 double precision CHECK (storage_m3 >= 0),"
  "  treatment_m3_per_day double precision CHECK (treatment_m3_per_day >= 0),"
  "  notes text, sort_key bigint NOT NULL DEFAULT 0, geom geometry(MultiPolygon, 4490));"
  "CREATE INDEX projects_geom ON projects USING gist (geom);"
  /* cap_total is derived here and only here. */
  "CREATE VIEW projects_v AS SELECT id, code, name, adcode, source, status, batch,"
  "  in_service_year, investment_total, investment_2024_2025, start, prep_stage, owner, scope,"
  "  cap_industry, cap_agriculture, cap_ecological, cap_urban_nonpotable,"
  "  CASE WHEN coalesce (cap_industry, cap_agriculture, cap_ecological, cap_urban_nonpotable)"
  "    IS NULL THEN NULL ELSE coalesce (cap_industry, 0) + coalesce (cap_agriculture, 0)"
  "    + coalesce (cap_ecological, 0) + coalesce (cap_urban_nonpotable, 0) END AS cap_total,"
  "  pipeline_km, storage_m3, treatment_m3_per_day, notes, sort_key, geom FROM projects;"
  "CREATE TABLE pipelines (id bigserial PRIMARY KEY,"
  "  project_id bigint REFERENCES projects (id) ON DELETE SET NULL,"
  "  name text, dn_mm double precision CHECK (dn_mm >= 0), material text, status text,"
  "  notes text, geom geometry(MultiLineString, 4490));"
  "CREATE INDEX pipelines_geom ON pipelines USING gist (geom);"
  "CREATE TABLE footprints (id bigserial PRIMARY KEY,"
  "  project_id bigint REFERENCES projects (id) ON DELETE SET NULL,"
  "  name text, notes text, geom geometry(MultiPolygon, 4490));"
  "CREATE INDEX footprints_geom ON footprints USING gist (geom);"
  "CREATE TABLE built_up_areas (id bigserial PRIMARY KEY, adcode text, name text, notes text,"
  "  geom geometry(MultiPolygon, 4490));"
  "CREATE INDEX built_up_areas_geom ON built_up_areas USING gist (geom);"
  /* "user": the database role that made the change. */
  "CREATE TABLE audit (id bigserial PRIMARY KEY, at text NOT NULL, \"user\" text,"
  "  table_name text NOT NULL, row_id bigint, action text NOT NULL,"
  "  before_json text, after_json text);"
  "CREATE INDEX audit_row ON audit (table_name, row_id);"
  /* role: undo undoes one's own edits only (many editors share the table). */
  "CREATE TABLE app_undo (id bigserial PRIMARY KEY, group_id bigint NOT NULL, label text,"
  "  table_name text NOT NULL, row_id bigint NOT NULL, before_json text, after_json text,"
  "  undone bigint NOT NULL DEFAULT 0, role text NOT NULL DEFAULT current_user);"
  "CREATE INDEX app_undo_group ON app_undo (group_id);"
  "CREATE INDEX app_undo_role ON app_undo (role, undone, id);"
  "CREATE TABLE app_layers (id bigserial PRIMARY KEY, position bigint NOT NULL DEFAULT 0,"
  "  name text, source text, layer text, visible bigint NOT NULL DEFAULT 1,"
  "  opacity double precision NOT NULL DEFAULT 1, style_json text);"
  "CREATE TABLE app_views (id bigserial PRIMARY KEY, name text NOT NULL, crs text,"
  "  center_x double precision, center_y double precision, scale double precision,"
  "  rotation double precision NOT NULL DEFAULT 0);"
  "CREATE TABLE app_layouts (id bigserial PRIMARY KEY, name text NOT NULL,"
  "  definition_json text);"
  "INSERT INTO meta (key, value) VALUES ('project_name', ''), ('created_by', 'Reclaim Atlas');",
  /* 1 -> 2: unit costs of pipelines by nominal diameter (ra-network);
   * the same placeholder defaults as the file's. */
  "CREATE TABLE pipe_unit_costs (id bigserial PRIMARY KEY,"
  "  dn_mm double precision NOT NULL UNIQUE CHECK (dn_mm > 0),"
  "  cost_wan_per_km double precision NOT NULL CHECK (cost_wan_per_km >= 0), note text);"
  "INSERT INTO pipe_unit_costs (dn_mm, cost_wan_per_km, note) VALUES"
  "  (100, 60, 'default'), (150, 80, 'default'), (200, 100, 'default'),"
  "  (300, 150, 'default'), (400, 200, 'default'), (500, 260, 'default'),"
  "  (600, 320, 'default'), (800, 450, 'default'), (1000, 600, 'default'),"
  "  (1200, 780, 'default');",
  /* 2 -> 3: the water balance (ra-store-water.h). */
  "ALTER TABLE plants ADD COLUMN effluent_standard text;"
  "ALTER TABLE plants ADD COLUMN meets_standards text;"
  "ALTER TABLE plants ADD COLUMN capacity_illustrative bigint DEFAULT 0;"
  "CREATE TABLE water_users (id bigserial PRIMARY KEY, name text NOT NULL,"
  "  adcode text REFERENCES counties (adcode) ON UPDATE CASCADE,"
  "  sector text CHECK (sector IN ('high_water_industry', 'urban_nonpotable', 'coal_mining',"
  "    'landscape_ecological', 'agriculture', 'other_industry')),"
  "  use_category text CHECK (use_category IN ('industry', 'urban_nonpotable',"
  "    'green_irrigation', 'landscape', 'farmland')),"
  "  quality_standard text,"
  "  source_now text CHECK (source_now IN ('groundwater', 'surface', 'tap', 'reclaimed', 'mine')),"
  "  able text CHECK (able IN ('yes', 'no')), why_not text,"
  "  key_user text CHECK (key_user IN ('key', 'new_project')),"
  "  location_approx bigint DEFAULT 0, demand_illustrative bigint DEFAULT 0, notes text,"
  "  geom geometry(Point, 4490));"
  "CREATE INDEX water_users_geom ON water_users USING gist (geom);"
  "CREATE TABLE user_demand (id bigserial PRIMARY KEY,"
  "  user_id bigint NOT NULL REFERENCES water_users (id) ON DELETE CASCADE,"
  "  year bigint NOT NULL CHECK (year BETWEEN 2000 AND 2100),"
  "  volume double precision NOT NULL CHECK (volume >= 0), UNIQUE (user_id, year));"
  "CREATE TABLE plant_supply (id bigserial PRIMARY KEY,"
  "  plant_id bigint NOT NULL REFERENCES plants (id) ON DELETE CASCADE,"
  "  year bigint NOT NULL CHECK (year BETWEEN 2000 AND 2100),"
  "  treated double precision CHECK (treated >= 0),"
  "  committed_discharge double precision CHECK (committed_discharge >= 0),"
  "  UNIQUE (plant_id, year));"
  "CREATE TABLE allocations (id bigserial PRIMARY KEY,"
  "  user_id bigint NOT NULL REFERENCES water_users (id) ON DELETE CASCADE,"
  "  plant_id bigint NOT NULL REFERENCES plants (id) ON DELETE CASCADE,"
  "  year bigint NOT NULL CHECK (year BETWEEN 2000 AND 2100),"
  "  volume double precision NOT NULL CHECK (volume > 0),"
  "  origin text NOT NULL DEFAULT 'hand' CHECK (origin IN ('hand', 'proposal')),"
  "  via_pipeline_ids text, UNIQUE (user_id, plant_id, year));"
  "CREATE INDEX allocations_plant ON allocations (plant_id);"
  "CREATE TABLE ledger (id bigserial PRIMARY KEY,"
  "  plant_id bigint NOT NULL REFERENCES plants (id) ON DELETE CASCADE,"
  "  month text NOT NULL CHECK (month ~ '^[0-9]{4}-[01][0-9]$'"
  "    AND substr (month, 6, 2) BETWEEN '01' AND '12'),"
  "  inflow double precision CHECK (inflow >= 0), treated double precision CHECK (treated >= 0),"
  "  reused_industry double precision CHECK (reused_industry >= 0),"
  "  reused_agriculture double precision CHECK (reused_agriculture >= 0),"
  "  reused_ecological double precision CHECK (reused_ecological >= 0),"
  "  reused_urban_nonpotable double precision CHECK (reused_urban_nonpotable >= 0),"
  "  discharged double precision CHECK (discharged >= 0), destination text, quality text,"
  "  source_file text, UNIQUE (plant_id, month));",
  /* 3 -> 4: the plant a project expands (issue 16). */
  "ALTER TABLE projects ADD COLUMN plant_id bigint REFERENCES plants (id) ON DELETE SET NULL;"
  "CREATE INDEX projects_plant ON projects (plant_id);"
  "DROP VIEW projects_v;"
  "CREATE VIEW projects_v AS SELECT id, code, name, adcode, source, status, batch,"
  "  in_service_year, investment_total, investment_2024_2025, start, prep_stage, owner, scope,"
  "  cap_industry, cap_agriculture, cap_ecological, cap_urban_nonpotable,"
  "  CASE WHEN coalesce (cap_industry, cap_agriculture, cap_ecological, cap_urban_nonpotable)"
  "    IS NULL THEN NULL ELSE coalesce (cap_industry, 0) + coalesce (cap_agriculture, 0)"
  "    + coalesce (cap_ecological, 0) + coalesce (cap_urban_nonpotable, 0) END AS cap_total,"
  "  pipeline_km, storage_m3, treatment_m3_per_day, notes, sort_key, geom, plant_id"
  "  FROM projects;",
  /* 4 -> 5: row versions (issue 19, optimistic concurrency), as in the
   * file: row_version on every table the store edits, 1 for a new row,
   * bumped by a trigger on every UPDATE (this program's, QGIS's, psql's)
   * that does not raise it itself (a copy keeps its rows' versions);
   * projects_v carries it. */
  "CREATE FUNCTION ra_bump_row_version () RETURNS trigger LANGUAGE plpgsql AS"
  "  $$BEGIN IF NEW.row_version IS NULL OR NEW.row_version <= OLD.row_version THEN"
  "    NEW.row_version := OLD.row_version + 1; END IF; RETURN NEW; END$$;"
  ROW_VERSION ("meta")
  ROW_VERSION ("counties")
  ROW_VERSION ("plants")
  ROW_VERSION ("projects")
  ROW_VERSION ("pipelines")
  ROW_VERSION ("footprints")
  ROW_VERSION ("built_up_areas")
  ROW_VERSION ("pipe_unit_costs")
  ROW_VERSION ("water_users")
  ROW_VERSION ("user_demand")
  ROW_VERSION ("plant_supply")
  ROW_VERSION ("allocations")
  ROW_VERSION ("ledger")
  "DROP VIEW projects_v;"
  "CREATE VIEW projects_v AS SELECT id, code, name, adcode, source, status, batch,"
  "  in_service_year, investment_total, investment_2024_2025, start, prep_stage, owner, scope,"
  "  cap_industry, cap_agriculture, cap_ecological, cap_urban_nonpotable,"
  "  CASE WHEN coalesce (cap_industry, cap_agriculture, cap_ecological, cap_urban_nonpotable)"
  "    IS NULL THEN NULL ELSE coalesce (cap_industry, 0) + coalesce (cap_agriculture, 0)"
  "    + coalesce (cap_ecological, 0) + coalesce (cap_urban_nonpotable, 0) END AS cap_total,"
  "  pipeline_km, storage_m3, treatment_m3_per_day, notes, sort_key, geom, plant_id,"
  "  row_version FROM projects;",
  /* 5 -> 6: what changed, for the other open projects (issue 19): every
   * statement on a table of the project (audit and app_undo apart: each
   * edit writes them, nobody else shows them) notifies the channel the
   * store LISTENs on with "table:id,id,…", or "table:*" for more than
   * RA_STORE_PG_NOTIFY_MAX_IDS rows or a TRUNCATE.  A trigger, so edits
   * from QGIS, ogr2ogr and psql arrive as well as this program's; the
   * server delivers them at COMMIT, and not at all after a ROLLBACK.
   * (The file's step 6 changes nothing: a file has no listeners.) */
  "CREATE FUNCTION ra_notify_rows () RETURNS trigger LANGUAGE plpgsql AS $$"
  "DECLARE n bigint; ids text;"
  "BEGIN"
  "  IF TG_OP = 'TRUNCATE' THEN"
  "    n := " G_STRINGIFY (RA_STORE_PG_NOTIFY_MAX_IDS) " + 1;"
  "  ELSIF TG_OP = 'DELETE' THEN"
  "    SELECT count(*), string_agg (id::text, ',') INTO n, ids FROM"
  "      (SELECT id FROM ra_old LIMIT " G_STRINGIFY (RA_STORE_PG_NOTIFY_MAX_IDS) " + 1) AS s;"
  "  ELSE"
  "    SELECT count(*), string_agg (id::text, ',') INTO n, ids FROM"
  "      (SELECT id FROM ra_new LIMIT " G_STRINGIFY (RA_STORE_PG_NOTIFY_MAX_IDS) " + 1) AS s;"
  "  END IF;"
  "  IF n > " G_STRINGIFY (RA_STORE_PG_NOTIFY_MAX_IDS) " THEN"
  "    PERFORM pg_notify ('" RA_STORE_PG_CHANNEL "', TG_TABLE_NAME || ':*');"
  "  ELSIF n > 0 THEN"
  "    PERFORM pg_notify ('" RA_STORE_PG_CHANNEL "', TG_TABLE_NAME || ':' || ids);"
  "  END IF;"
  "  RETURN NULL;"
  "END$$;"
  NOTIFY_ROWS ("meta")
  NOTIFY_ROWS ("counties")
  NOTIFY_ROWS ("indicators")
  NOTIFY_ROWS ("plan_metrics")
  NOTIFY_ROWS ("plants")
  NOTIFY_ROWS ("projects")
  NOTIFY_ROWS ("pipelines")
  NOTIFY_ROWS ("footprints")
  NOTIFY_ROWS ("built_up_areas")
  NOTIFY_ROWS ("app_layers")
  NOTIFY_ROWS ("app_views")
  NOTIFY_ROWS ("app_layouts")
  NOTIFY_ROWS ("pipe_unit_costs")
  NOTIFY_ROWS ("water_users")
  NOTIFY_ROWS ("user_demand")
  NOTIFY_ROWS ("plant_supply")
  NOTIFY_ROWS ("allocations")
  NOTIFY_ROWS ("ledger"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == RA_STORE_SCHEMA_VERSION);

/* Tables of the current schema (search_path's first), PostGIS's own
 * spatial_ref_sys apart. */
int
ra_store_pg_schema_version (RaStoreDb *db, GError **error)
{
  g_autoptr(PGresult) res = NULL;
  g_autoptr(PGresult) tables = NULL;
  g_autoptr(PGresult) version = NULL;

  res = ra_store_pg_exec (db, "SELECT to_regclass ('schema_version') IS NOT NULL", 0, NULL,
                          _("reading the project’s version"), error);
  if (res == NULL)
    return -1;
  if (ra_store_pg_get_int64 (res, 0, 0))
    {
      version = ra_store_pg_exec (db, "SELECT version FROM schema_version"
                                      " WHERE application = 'Reclaim Atlas'", 0, NULL,
                                  _("reading the project’s version"), error);
      if (version == NULL)
        return -1;
      if (PQntuples (version) != 1)
        {
          g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_DAMAGED,
                       _("the project’s version is missing (table schema_version)"));
          return -1;
        }
      return (int) ra_store_pg_get_int64 (version, 0, 0);
    }
  tables = ra_store_pg_exec (db, "SELECT count(*) FROM pg_catalog.pg_tables"
                                 " WHERE schemaname = current_schema ()"
                                 " AND tablename <> 'spatial_ref_sys'", 0, NULL,
                             _("reading the project’s version"), error);
  if (tables == NULL)
    return -1;
  if (ra_store_pg_get_int64 (tables, 0, 0) > 0)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_A_PROJECT,
                   _("not a Reclaim Atlas project (a database with other tables)"));
      return -1;
    }
  return 0;
}

gboolean
ra_store_pg_schema_migrate (RaStoreDb *db, int from, GError **error)
{
  g_autofree char *what = NULL;
  RaStoreValue version = ra_store_value_int (RA_STORE_SCHEMA_VERSION);

  what = g_strdup (from == 0 ? _("creating the project") : _("upgrading the project"));
  if (!ra_store_pg_begin (db, error))
    return FALSE;
  /* Two programs upgrading one database at once: the second waits, then
   * finds the work done (the version is read again under the lock). */
  if (!ra_store_pg_run (db, "SELECT pg_advisory_xact_lock (hashtext ('reclaim-atlas schema'))",
                        0, NULL, what, error))
    goto fail;
  if (from > 0)
    {
      int now = ra_store_pg_schema_version (db, error);

      if (now < 0)
        goto fail;
      from = now;
    }
  for (int v = from; v < RA_STORE_SCHEMA_VERSION; v++)
    {
      g_autoptr(PGresult) res = NULL;

      g_free (what);
      what = g_strdup_printf (_("upgrading the project to version %d"), v + 1);
      /* The steps are the program's own constant text, no values: PQexec
       * runs one step's statements together, inside our transaction. */
      res = PQexec (db->conn, migrations[v]);
      if (PQresultStatus (res) != PGRES_COMMAND_OK && PQresultStatus (res) != PGRES_TUPLES_OK)
        {
          ra_store_pg_set_error (error, db, res, what);
          goto fail;
        }
    }
  if (!ra_store_pg_run (db, "UPDATE schema_version SET version = $1::integer", 1, &version,
                        what, error) ||
      !ra_store_pg_commit (db, error))
    goto fail;
  return TRUE;

fail:
  ra_store_pg_rollback (db);
  return FALSE;
}

gboolean
ra_store_pg_schema_check (RaStoreDb *db, GError **error)
{
  static const char * const required[] = {
    "meta", "counties", "indicators", "plan_metrics", "plants", "projects", "projects_v",
    "pipelines", "footprints", "built_up_areas", "audit", "app_undo", "app_views",
    "app_layouts", "app_layers", "pipe_unit_costs", "water_users", "user_demand",
    "plant_supply", "allocations", "ledger",
  };
  g_autoptr(GString) missing = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      RaStoreValue name = ra_store_value_text (required[i]);
      g_autoptr(PGresult) res = ra_store_pg_exec (db, "SELECT to_regclass ($1::text) IS NOT NULL",
                                                  1, &name, _("checking the project’s tables"),
                                                  error);

      if (res == NULL)
        return FALSE;
      if (!ra_store_pg_get_int64 (res, 0, 0))
        g_string_append_printf (missing, "%s%s", missing->len > 0 ? ", " : "", required[i]);
    }
  if (missing->len > 0)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_DAMAGED,
                   _("the project is damaged: table missing (%s)"), missing->str);
      return FALSE;
    }
  return TRUE;
}
