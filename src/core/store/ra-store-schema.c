/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SpatiaLite schema of a project file: the migrations that create and
 * upgrade it, what a project file must hold, checked at open (issue 14: a
 * damaged project must be refused with the damage named, never read as if
 * it were whole), and the scan for geometry values that cannot be read.
 *
 * Names of tables and columns are bound as parameters (sqlite_master,
 * pragma_table_info, geometry_columns); the only name put into SQL text is
 * a table of the store's own, in the geometry scan. */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-store.h"
#include "ra-store-schema.h"
#include "ra-store-sqlite.h"

/* ---- migrations ------------------------------------------------------- */

/* Each migration takes the schema from version i to i + 1, inside one
 * transaction.  Never edit a released migration; append a new one. */

/* Step 5 for one table (a literal name of the store's own). */
#define ROW_VERSION(t) \
  "ALTER TABLE " t " ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;" \
  "CREATE TRIGGER " t "_row_version AFTER UPDATE ON " t " FOR EACH ROW" \
  "  WHEN NEW.row_version <= OLD.row_version" \
  "  BEGIN UPDATE " t " SET row_version = OLD.row_version + 1 WHERE id = NEW.id; END;"
static const char * const migrations[] = {
  /* 0 -> 1 */
  /* InitSpatialMetaData(0): no transaction of its own, ours wraps it. */
  "SELECT InitSpatialMetaData(0);"
  "CREATE TABLE meta (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, value TEXT);"
  "CREATE TABLE counties (id INTEGER PRIMARY KEY, adcode TEXT NOT NULL UNIQUE,"
  "  name_zh TEXT NOT NULL, name_en TEXT, seat_lon REAL, seat_lat REAL);"
  "SELECT AddGeometryColumn('counties', 'geom', 4490, 'MULTIPOLYGON', 'XY');"
  "SELECT CreateSpatialIndex('counties', 'geom');"
  "CREATE TABLE indicators (id INTEGER PRIMARY KEY, adcode TEXT NOT NULL, area_zh TEXT,"
  "  year INTEGER NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('actual', 'target_min')),"
  "  origin TEXT NOT NULL DEFAULT 'targets',"
  "  reclaimed_use REAL, mine_use REAL, nonconventional_use REAL,"
  "  reclaimed_rate_pct REAL, treated_wastewater REAL, binding INTEGER, note TEXT,"
  "  UNIQUE (adcode, year, kind, origin));"
  "CREATE TABLE plan_metrics (id INTEGER PRIMARY KEY, adcode TEXT, area_zh TEXT,"
  "  year INTEGER, metric TEXT NOT NULL, value REAL, unit TEXT, note TEXT);"
  "CREATE TABLE plants (id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
  "  adcode TEXT REFERENCES counties (adcode) ON UPDATE CASCADE,"
  "  kind TEXT NOT NULL DEFAULT 'wwtp' CHECK (kind IN ('wwtp', 'reclaimed_plant', 'wetland',"
  "    'mine_water_station', 'intake', 'storage')),"
  "  capacity_m3_per_day REAL CHECK (capacity_m3_per_day >= 0),"
  "  location_approx INTEGER NOT NULL DEFAULT 0, notes TEXT);"
  "SELECT AddGeometryColumn('plants', 'geom', 4490, 'POINT', 'XY');"
  "SELECT CreateSpatialIndex('plants', 'geom');"
  "CREATE TABLE projects (id INTEGER PRIMARY KEY, code TEXT, name TEXT NOT NULL,"
  "  adcode TEXT REFERENCES counties (adcode) ON UPDATE CASCADE,"
  "  source TEXT NOT NULL DEFAULT 'reclaimed' CHECK (source IN ('reclaimed', 'mine')),"
  "  status TEXT NOT NULL DEFAULT 'proposed'"
  "    CHECK (status IN ('under_construction', 'proposed', 'in_service')),"
  "  batch TEXT, in_service_year INTEGER CHECK (in_service_year BETWEEN 2023 AND 2035),"
  "  investment_total REAL CHECK (investment_total >= 0),"
  "  investment_2024_2025 REAL CHECK (investment_2024_2025 >= 0),"
  "  start TEXT, prep_stage TEXT, owner TEXT, scope TEXT,"
  "  cap_industry REAL CHECK (cap_industry >= 0),"
  "  cap_agriculture REAL CHECK (cap_agriculture >= 0),"
  "  cap_ecological REAL CHECK (cap_ecological >= 0),"
  "  cap_urban_nonpotable REAL CHECK (cap_urban_nonpotable >= 0),"
  "  pipeline_km REAL CHECK (pipeline_km >= 0), storage_m3 REAL CHECK (storage_m3 >= 0),"
  "  treatment_m3_per_day REAL CHECK (treatment_m3_per_day >= 0),"
  "  notes TEXT, sort_key INTEGER NOT NULL DEFAULT 0);"
  "SELECT AddGeometryColumn('projects', 'geom', 4490, 'MULTIPOLYGON', 'XY');"
  "SELECT CreateSpatialIndex('projects', 'geom');"
  /* cap_total is derived here and only here. */
  "CREATE VIEW projects_v AS SELECT id, code, name, adcode, source, status, batch,"
  "  in_service_year, investment_total, investment_2024_2025, start, prep_stage, owner, scope,"
  "  cap_industry, cap_agriculture, cap_ecological, cap_urban_nonpotable,"
  "  CASE WHEN coalesce (cap_industry, cap_agriculture, cap_ecological, cap_urban_nonpotable)"
  "    IS NULL THEN NULL ELSE coalesce (cap_industry, 0) + coalesce (cap_agriculture, 0)"
  "    + coalesce (cap_ecological, 0) + coalesce (cap_urban_nonpotable, 0) END AS cap_total,"
  "  pipeline_km, storage_m3, treatment_m3_per_day, notes, sort_key, geom FROM projects;"
  "INSERT INTO views_geometry_columns (view_name, view_geometry, view_rowid,"
  "  f_table_name, f_geometry_column, read_only)"
  "  VALUES ('projects_v', 'geom', 'id', 'projects', 'geom', 1);"
  "CREATE TABLE pipelines (id INTEGER PRIMARY KEY,"
  "  project_id INTEGER REFERENCES projects (id) ON DELETE SET NULL,"
  "  name TEXT, dn_mm REAL CHECK (dn_mm >= 0), material TEXT, status TEXT, notes TEXT);"
  "SELECT AddGeometryColumn('pipelines', 'geom', 4490, 'MULTILINESTRING', 'XY');"
  "SELECT CreateSpatialIndex('pipelines', 'geom');"
  "CREATE TABLE footprints (id INTEGER PRIMARY KEY,"
  "  project_id INTEGER REFERENCES projects (id) ON DELETE SET NULL,"
  "  name TEXT, notes TEXT);"
  "SELECT AddGeometryColumn('footprints', 'geom', 4490, 'MULTIPOLYGON', 'XY');"
  "SELECT CreateSpatialIndex('footprints', 'geom');"
  "CREATE TABLE built_up_areas (id INTEGER PRIMARY KEY, adcode TEXT, name TEXT, notes TEXT);"
  "SELECT AddGeometryColumn('built_up_areas', 'geom', 4490, 'MULTIPOLYGON', 'XY');"
  "SELECT CreateSpatialIndex('built_up_areas', 'geom');"
  "CREATE TABLE audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL, user TEXT,"
  "  table_name TEXT NOT NULL, row_id INTEGER, action TEXT NOT NULL,"
  "  before_json TEXT, after_json TEXT);"
  "CREATE INDEX audit_row ON audit (table_name, row_id);"
  "CREATE TABLE app_undo (id INTEGER PRIMARY KEY, group_id INTEGER NOT NULL, label TEXT,"
  "  table_name TEXT NOT NULL, row_id INTEGER NOT NULL, before_json TEXT, after_json TEXT,"
  "  undone INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX app_undo_group ON app_undo (group_id);"
  "CREATE TABLE app_layers (id INTEGER PRIMARY KEY, position INTEGER NOT NULL DEFAULT 0,"
  "  name TEXT, source TEXT, layer TEXT, visible INTEGER NOT NULL DEFAULT 1,"
  "  opacity REAL NOT NULL DEFAULT 1, style_json TEXT);"
  "CREATE TABLE app_views (id INTEGER PRIMARY KEY, name TEXT NOT NULL, crs TEXT,"
  "  center_x REAL, center_y REAL, scale REAL, rotation REAL NOT NULL DEFAULT 0);"
  "CREATE TABLE app_layouts (id INTEGER PRIMARY KEY, name TEXT NOT NULL, definition_json TEXT);"
  "INSERT INTO meta (key, value) VALUES ('project_name', ''), ('created_by', 'Reclaim Atlas');",
  /* 1 -> 2: unit costs of pipelines by nominal diameter (ra-network). */
  "CREATE TABLE pipe_unit_costs (id INTEGER PRIMARY KEY,"
  "  dn_mm REAL NOT NULL UNIQUE CHECK (dn_mm > 0),"
  "  cost_wan_per_km REAL NOT NULL CHECK (cost_wan_per_km >= 0), note TEXT);"
  /* DEFAULTS, to be edited by the user: rough placeholders in 10^4 yuan per
   * km for a ductile-iron main laid in an urban trench, only so that a new
   * project shows an order of magnitude.  note = 'default' marks a row that
   * was never edited; every edit clears it. */
  "INSERT INTO pipe_unit_costs (dn_mm, cost_wan_per_km, note) VALUES"
  "  (100, 60, 'default'), (150, 80, 'default'), (200, 100, 'default'),"
  "  (300, 150, 'default'), (400, 200, 'default'), (500, 260, 'default'),"
  "  (600, 320, 'default'), (800, 450, 'default'), (1000, 600, 'default'),"
  "  (1200, 780, 'default');",
  /* 2 -> 3: the water balance (ra-store-water.h): water users and their
   * demand, plant supply by year, allocations (点对点配置), the facility
   * ledger (台账) and the plants' effluent.  The key lists are those of
   * ra-water-keys.c (rules 第十二条, 第十三条; opinions 002). */
  "ALTER TABLE plants ADD COLUMN effluent_standard TEXT;"
  "ALTER TABLE plants ADD COLUMN meets_standards TEXT;"
  /* Nullable: an undo snapshot taken before version 3 has no value for it. */
  "ALTER TABLE plants ADD COLUMN capacity_illustrative INTEGER DEFAULT 0;"
  "CREATE TABLE water_users (id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
  "  adcode TEXT REFERENCES counties (adcode) ON UPDATE CASCADE,"
  "  sector TEXT CHECK (sector IN ('high_water_industry', 'urban_nonpotable', 'coal_mining',"
  "    'landscape_ecological', 'agriculture', 'other_industry')),"
  "  use_category TEXT CHECK (use_category IN ('industry', 'urban_nonpotable',"
  "    'green_irrigation', 'landscape', 'farmland')),"
  "  quality_standard TEXT,"
  "  source_now TEXT CHECK (source_now IN ('groundwater', 'surface', 'tap', 'reclaimed', 'mine')),"
  "  able TEXT CHECK (able IN ('yes', 'no')), why_not TEXT,"
  "  key_user TEXT CHECK (key_user IN ('key', 'new_project')),"
  "  location_approx INTEGER DEFAULT 0, demand_illustrative INTEGER DEFAULT 0, notes TEXT);"
  "SELECT AddGeometryColumn('water_users', 'geom', 4490, 'POINT', 'XY');"
  "SELECT CreateSpatialIndex('water_users', 'geom');"
  "CREATE TABLE user_demand (id INTEGER PRIMARY KEY,"
  "  user_id INTEGER NOT NULL REFERENCES water_users (id) ON DELETE CASCADE,"
  "  year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),"
  "  volume REAL NOT NULL CHECK (volume >= 0), UNIQUE (user_id, year));"
  "CREATE TABLE plant_supply (id INTEGER PRIMARY KEY,"
  "  plant_id INTEGER NOT NULL REFERENCES plants (id) ON DELETE CASCADE,"
  "  year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),"
  "  treated REAL CHECK (treated >= 0),"
  "  committed_discharge REAL CHECK (committed_discharge >= 0), UNIQUE (plant_id, year));"
  "CREATE TABLE allocations (id INTEGER PRIMARY KEY,"
  "  user_id INTEGER NOT NULL REFERENCES water_users (id) ON DELETE CASCADE,"
  "  plant_id INTEGER NOT NULL REFERENCES plants (id) ON DELETE CASCADE,"
  "  year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),"
  "  volume REAL NOT NULL CHECK (volume > 0),"
  "  origin TEXT NOT NULL DEFAULT 'hand' CHECK (origin IN ('hand', 'proposal')),"
  "  via_pipeline_ids TEXT, UNIQUE (user_id, plant_id, year));"
  "CREATE INDEX allocations_plant ON allocations (plant_id);"
  "CREATE TABLE ledger (id INTEGER PRIMARY KEY,"
  "  plant_id INTEGER NOT NULL REFERENCES plants (id) ON DELETE CASCADE,"
  "  month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'"
  "    AND substr (month, 6, 2) BETWEEN '01' AND '12'),"
  "  inflow REAL CHECK (inflow >= 0), treated REAL CHECK (treated >= 0),"
  "  reused_industry REAL CHECK (reused_industry >= 0),"
  "  reused_agriculture REAL CHECK (reused_agriculture >= 0),"
  "  reused_ecological REAL CHECK (reused_ecological >= 0),"
  "  reused_urban_nonpotable REAL CHECK (reused_urban_nonpotable >= 0),"
  "  discharged REAL CHECK (discharged >= 0), destination TEXT, quality TEXT, source_file TEXT,"
  "  UNIQUE (plant_id, month));",
  /* 3 -> 4: the plant a project expands (issue 16): its treatment_m3_per_day
   * adds to the plant's design capacity from the project's in-service year
   * (ra-balance).  projects_v is recreated to carry it; its registration in
   * views_geometry_columns is keyed by name and stays. */
  "ALTER TABLE projects ADD COLUMN plant_id INTEGER REFERENCES plants (id) ON DELETE SET NULL;"
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
  /* 4 -> 5: row versions (issue 19, optimistic concurrency): every table
   * the store edits gets row_version, 1 for a new row, bumped by a trigger
   * on every UPDATE — by this program, QGIS or the spatialite shell alike
   * — that does not raise it itself (a copy keeps its rows' versions; the
   * WHEN also keeps the trigger's own UPDATE from firing it again, even
   * with recursive_triggers on).  projects_v carries it for the records. */
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
  /* 5 -> 6: the server's notifications of changed rows (issue 19,
   * ra-store-pg-schema.c); a file has no listeners (other programs on it
   * are seen by PRAGMA data_version), so nothing changes here. */
  "SELECT 1;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == RA_STORE_SCHEMA_VERSION);

/* Whether a file at version is, for this program, the current schema: every
 * step after it changes nothing in a file (step 6).  Such a file opens
 * view-only without the upgrade it cannot make. */
gboolean
ra_store_schema_file_is_current (int version)
{
  if (version < 1 || version > RA_STORE_SCHEMA_VERSION)
    return FALSE;
  for (int v = version; v < RA_STORE_SCHEMA_VERSION; v++)
    if (strcmp (migrations[v], "SELECT 1;") != 0)
      return FALSE;
  return TRUE;
}

gboolean
ra_store_schema_migrate (RaStoreDb *db, int from, GError **error)
{
  g_autofree char *set_version = NULL;
  g_autofree char *what = NULL;

  /* Everything in memory until COMMIT: a full disk then fails the COMMIT
   * with SQLite's own error, instead of failing SpatiaLite's statements
   * half-way inside InitSpatialMetaData (which prints them on stderr and
   * returns 0, leaving a schema without geometry_columns).  The pager
   * takes the flag only outside a transaction. */
  sqlite3_exec (db->sqlite, "PRAGMA cache_spill = OFF", NULL, NULL, NULL);
  if (!ra_store_sqlite_begin (db, error))
    {
      sqlite3_exec (db->sqlite, "PRAGMA cache_spill = ON", NULL, NULL, NULL);
      return FALSE;
    }
  for (int v = from; v < RA_STORE_SCHEMA_VERSION; v++)
    {
      g_free (what);
      what = g_strdup_printf (_("upgrading the project to version %d"), v + 1);
      if (!ra_store_sqlite_exec (db, migrations[v], what, error))
        goto fail;
    }
  /* PRAGMA takes no parameters; the value is our own integer constant. */
  set_version = g_strdup_printf ("PRAGMA user_version = %d; PRAGMA application_id = %d;",
                                 RA_STORE_SCHEMA_VERSION, RA_STORE_APPLICATION_ID);
  g_free (what);
  what = g_strdup (from == 0 ? _("creating the project") : _("upgrading the project"));
  if (!ra_store_sqlite_exec (db, set_version, what, error) || !ra_store_sqlite_commit (db, error))
    goto fail;
  sqlite3_exec (db->sqlite, "PRAGMA cache_spill = ON", NULL, NULL, NULL);
  return TRUE;

fail:
  ra_store_sqlite_explain_disk_full (db, error, what);
  ra_store_sqlite_rollback (db);
  sqlite3_exec (db->sqlite, "PRAGMA cache_spill = ON", NULL, NULL, NULL);
  return FALSE;
}

/* ---- the structure a project must have --------------------------------- */

/* At most this many problems are named in one message. */
#define MAX_PROBLEMS 4

typedef struct {
  const char         *name;
  gboolean            is_view;
  int                 since_version;
  const char         *geom_type;     /* NULL: no geometry column "geom" */
  int                 geom_code;     /* its geometry_columns.geometry_type */
  const char * const *columns;       /* the columns the program reads */
} SchemaObject;

#define COLUMNS(...) (const char * const[]) { __VA_ARGS__, NULL }

/* Every table and view the program reads or writes, with the columns it
 * uses, at the schema version that introduced it.  (app_layers is created
 * by migration 1 but nothing reads it yet: not required.) */
static const SchemaObject schema[] = {
  { "meta", FALSE, 1, NULL, 0, COLUMNS ("id", "key", "value") },
  { "counties", FALSE, 1, "MULTIPOLYGON", 6,
    COLUMNS ("id", "adcode", "name_zh", "name_en", "seat_lon", "seat_lat", "geom") },
  { "indicators", FALSE, 1, NULL, 0,
    COLUMNS ("id", "adcode", "area_zh", "year", "kind", "origin", "reclaimed_use", "mine_use",
             "nonconventional_use", "reclaimed_rate_pct", "treated_wastewater", "binding", "note") },
  { "plan_metrics", FALSE, 1, NULL, 0,
    COLUMNS ("id", "adcode", "area_zh", "year", "metric", "value", "unit", "note") },
  { "plants", FALSE, 1, "POINT", 1,
    COLUMNS ("id", "name", "adcode", "kind", "capacity_m3_per_day", "location_approx", "notes",
             "geom") },
  { "projects", FALSE, 1, "MULTIPOLYGON", 6,
    COLUMNS ("id", "code", "name", "adcode", "source", "status", "batch", "in_service_year",
             "investment_total", "investment_2024_2025", "start", "prep_stage", "owner", "scope",
             "cap_industry", "cap_agriculture", "cap_ecological", "cap_urban_nonpotable",
             "pipeline_km", "storage_m3", "treatment_m3_per_day", "notes", "sort_key", "geom") },
  { "projects_v", TRUE, 1, NULL, 0,
    COLUMNS ("id", "code", "name", "adcode", "source", "status", "batch", "in_service_year",
             "investment_total", "investment_2024_2025", "start", "prep_stage", "owner", "scope",
             "cap_industry", "cap_agriculture", "cap_ecological", "cap_urban_nonpotable",
             "cap_total", "pipeline_km", "storage_m3", "treatment_m3_per_day", "notes",
             "sort_key", "geom") },
  { "pipelines", FALSE, 1, "MULTILINESTRING", 5,
    COLUMNS ("id", "project_id", "name", "dn_mm", "material", "status", "notes", "geom") },
  { "footprints", FALSE, 1, "MULTIPOLYGON", 6,
    COLUMNS ("id", "project_id", "name", "notes", "geom") },
  { "built_up_areas", FALSE, 1, "MULTIPOLYGON", 6,
    COLUMNS ("id", "adcode", "name", "notes", "geom") },
  { "audit", FALSE, 1, NULL, 0,
    COLUMNS ("id", "at", "user", "table_name", "row_id", "action", "before_json", "after_json") },
  { "app_undo", FALSE, 1, NULL, 0,
    COLUMNS ("id", "group_id", "label", "table_name", "row_id", "before_json", "after_json",
             "undone") },
  { "app_views", FALSE, 1, NULL, 0,
    COLUMNS ("id", "name", "crs", "center_x", "center_y", "scale", "rotation") },
  { "app_layouts", FALSE, 1, NULL, 0, COLUMNS ("id", "name", "definition_json") },
  { "pipe_unit_costs", FALSE, 2, NULL, 0, COLUMNS ("id", "dn_mm", "cost_wan_per_km", "note") },
  /* The water balance (schema 3); plants' columns of that version apart. */
  { "plants", FALSE, 3, NULL, 0,
    COLUMNS ("effluent_standard", "meets_standards", "capacity_illustrative") },
  { "water_users", FALSE, 3, "POINT", 1,
    COLUMNS ("id", "name", "adcode", "sector", "use_category", "quality_standard", "source_now",
             "able", "why_not", "key_user", "location_approx", "demand_illustrative", "notes",
             "geom") },
  { "user_demand", FALSE, 3, NULL, 0, COLUMNS ("id", "user_id", "year", "volume") },
  { "plant_supply", FALSE, 3, NULL, 0,
    COLUMNS ("id", "plant_id", "year", "treated", "committed_discharge") },
  { "allocations", FALSE, 3, NULL, 0,
    COLUMNS ("id", "user_id", "plant_id", "year", "volume", "origin", "via_pipeline_ids") },
  { "ledger", FALSE, 3, NULL, 0,
    COLUMNS ("id", "plant_id", "month", "inflow", "treated", "reused_industry",
             "reused_agriculture", "reused_ecological", "reused_urban_nonpotable", "discharged",
             "destination", "quality", "source_file") },
  /* The plant a project expands (schema 4). */
  { "projects", FALSE, 4, NULL, 0, COLUMNS ("plant_id") },
  { "projects_v", TRUE, 4, NULL, 0, COLUMNS ("plant_id") },
  /* Row versions (schema 5). */
  { "meta", FALSE, 5, NULL, 0, COLUMNS ("row_version") },
  { "counties", FALSE, 5, NULL, 0, COLUMNS ("row_version") },
  { "plants", FALSE, 5, NULL, 0, COLUMNS ("row_version") },
  { "projects", FALSE, 5, NULL, 0, COLUMNS ("row_version") },
  { "pipelines", FALSE, 5, NULL, 0, COLUMNS ("row_version") },
  { "footprints", FALSE, 5, NULL, 0, COLUMNS ("row_version") },
  { "built_up_areas", FALSE, 5, NULL, 0, COLUMNS ("row_version") },
  { "pipe_unit_costs", FALSE, 5, NULL, 0, COLUMNS ("row_version") },
  { "water_users", FALSE, 5, NULL, 0, COLUMNS ("row_version") },
  { "user_demand", FALSE, 5, NULL, 0, COLUMNS ("row_version") },
  { "plant_supply", FALSE, 5, NULL, 0, COLUMNS ("row_version") },
  { "allocations", FALSE, 5, NULL, 0, COLUMNS ("row_version") },
  { "ledger", FALSE, 5, NULL, 0, COLUMNS ("row_version") },
  { "projects_v", TRUE, 5, NULL, 0, COLUMNS ("row_version") },
  /* SpatiaLite's own, read by the check below (and by GDAL, QGIS...). */
  { "geometry_columns", FALSE, 1, NULL, 0,
    COLUMNS ("f_table_name", "f_geometry_column", "geometry_type", "coord_dimension", "srid",
             "spatial_index_enabled") },
};

static void
add_problem (GPtrArray *problems, char *text /* transfer full */)
{
  g_ptr_array_add (problems, text);
}

/* "table" or "view" as sqlite_master says, NULL when name is neither. */
static gboolean
object_type (sqlite3 *db, const char *name, char **type, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  *type = NULL;
  rc = sqlite3_prepare_v2 (db, "SELECT type FROM sqlite_master"
                               " WHERE type IN ('table', 'view') AND name = ?1 COLLATE NOCASE",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return ra_sqlite_set_error (error, db, rc, _("checking the project’s tables"));
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *type = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    return ra_sqlite_set_error (error, db, rc, _("checking the project’s tables"));
  return TRUE;
}

/* The lower-cased column names of a table or view, NULL with *why set when
 * a view cannot be compiled (it names what is gone). */
static GHashTable *
column_names (sqlite3 *db, const char *name, char **why)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "SELECT name FROM pragma_table_info (?1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *column = (const char *) sqlite3_column_text (stmt, 0);

          if (column != NULL)
            g_hash_table_add (names, g_utf8_strdown (column, -1));
        }
    }
  if (rc != SQLITE_DONE)
    {
      *why = g_strdup (sqlite3_errmsg (db));
      return NULL;
    }
  return g_steal_pointer (&names);
}

/* Name of a geometry_columns.geometry_type code (1000s: Z, M, ZM). */
static char *
geometry_type_name (int code)
{
  static const char * const names[] = {
    "GEOMETRY", "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING",
    "MULTIPOLYGON", "GEOMETRYCOLLECTION",
  };
  static const char * const dims[] = { "", " Z", " M", " ZM" };
  int base = code % 1000, dim = code / 1000;

  if (code < 0 || base >= (int) G_N_ELEMENTS (names) || dim >= (int) G_N_ELEMENTS (dims))
    return g_strdup_printf ("%d", code);
  return g_strconcat (names[base], dims[dim], NULL);
}

/* The geometry column of obj as geometry_columns registers it. */
static gboolean
check_geometry_column (sqlite3 *db, const SchemaObject *obj, GPtrArray *problems,
                       GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *index_name = NULL;
  g_autofree char *index_type = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "SELECT geometry_type, srid, spatial_index_enabled"
                               " FROM geometry_columns"
                               " WHERE lower (f_table_name) = lower (?1)"
                               " AND lower (f_geometry_column) = 'geom'", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return ra_sqlite_set_error (error, db, rc, _("checking the geometry columns"));
  sqlite3_bind_text (stmt, 1, obj->name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      add_problem (problems,
                   g_strdup_printf (_("the geometry column “geom” of table “%s” is not registered in geometry_columns"),
                                    obj->name));
      return TRUE;
    }
  if (rc != SQLITE_ROW)
    return ra_sqlite_set_error (error, db, rc, _("checking the geometry columns"));

  /* The current metadata layout keeps a code, the legacy one a name. */
  if (sqlite3_column_type (stmt, 0) == SQLITE_INTEGER)
    {
      int code = sqlite3_column_int (stmt, 0);

      if (code != obj->geom_code)
        {
          g_autofree char *name = geometry_type_name (code);

          add_problem (problems,
                       g_strdup_printf (_("the geometry column of table “%s” is registered as %s, not %s"),
                                        obj->name, name, obj->geom_type));
        }
    }
  else
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);

      if (name == NULL || g_ascii_strcasecmp (name, obj->geom_type) != 0)
        add_problem (problems,
                     g_strdup_printf (_("the geometry column of table “%s” is registered as %s, not %s"),
                                      obj->name, name != NULL ? name : "NULL", obj->geom_type));
    }
  if (sqlite3_column_type (stmt, 1) != SQLITE_INTEGER ||
      sqlite3_column_int (stmt, 1) != RA_STORE_SRID)
    add_problem (problems,
                 g_strdup_printf (_("the geometry column of table “%s” is registered with SRID %s, not %d"),
                                  obj->name,
                                  sqlite3_column_text (stmt, 1) != NULL
                                  ? (const char *) sqlite3_column_text (stmt, 1) : "NULL",
                                  RA_STORE_SRID));

  /* SpatiaLite's triggers keep an enabled index up to date: without its
   * table every edit of the layer would fail. */
  if (sqlite3_column_int (stmt, 2) == 1)
    {
      index_name = g_strdup_printf ("idx_%s_geom", obj->name);
      if (!object_type (db, index_name, &index_type, error))
        return FALSE;
      if (g_strcmp0 (index_type, "table") != 0)
        add_problem (problems,
                     g_strdup_printf (_("the spatial index of table “%s” is missing"), obj->name));
    }
  return TRUE;
}

void
ra_store_schema_set_version_error (GError **error, int version)
{
  g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_DAMAGED,
               _("the project is damaged: its schema version %d is unknown (versions 1 to %d exist)"),
               version, RA_STORE_SCHEMA_VERSION);
}

gboolean
ra_store_schema_check (sqlite3 *db, int version, GError **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) text = NULL;
  gboolean have_geometry_columns = FALSE;

  g_return_val_if_fail (db != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (schema); i++)
    {
      const SchemaObject *obj = &schema[i];
      g_autoptr(GHashTable) columns = NULL;
      g_autofree char *type = NULL;
      g_autofree char *why = NULL;

      if (obj->since_version > version)
        continue;
      if (!object_type (db, obj->name, &type, error))
        return FALSE;
      if (type == NULL)
        {
          /* A table with columns of a later version has a second entry:
           * one problem for it. */
          gboolean said = FALSE;

          for (guint j = 0; j < i; j++)
            if (strcmp (schema[j].name, obj->name) == 0 && schema[j].since_version <= version)
              said = TRUE;
          if (said)
            continue;
          add_problem (problems, g_strdup_printf (obj->is_view ? _("view “%s” is missing")
                                                               : _("table “%s” is missing"),
                                                  obj->name));
          continue;
        }
      if (obj->is_view != (strcmp (type, "view") == 0))
        {
          add_problem (problems, g_strdup_printf (obj->is_view ? _("“%s” is a table, not a view")
                                                               : _("“%s” is a view, not a table"),
                                                  obj->name));
          continue;
        }
      columns = column_names (db, obj->name, &why);
      if (columns == NULL)
        {
          add_problem (problems, g_strdup_printf (_("view “%s” cannot be read (%s)"),
                                                  obj->name, why));
          continue;
        }
      for (const char * const *c = obj->columns; *c != NULL; c++)
        if (!g_hash_table_contains (columns, *c))
          add_problem (problems, g_strdup_printf (obj->is_view ? _("column “%s” of view “%s” is missing")
                                                               : _("column “%s” of table “%s” is missing"),
                                                  *c, obj->name));
      if (strcmp (obj->name, "geometry_columns") == 0)
        have_geometry_columns = TRUE;
    }

  /* Registrations, once geometry_columns itself is whole. */
  for (guint i = 0; have_geometry_columns && i < G_N_ELEMENTS (schema); i++)
    if (schema[i].geom_type != NULL && schema[i].since_version <= version &&
        !check_geometry_column (db, &schema[i], problems, error))
      return FALSE;

  if (problems->len == 0)
    return TRUE;
  text = g_string_new (NULL);
  for (guint i = 0; i < problems->len && i < MAX_PROBLEMS; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "; " : "",
                            (const char *) g_ptr_array_index (problems, i));
  if (problems->len > MAX_PROBLEMS)
    /* TRANSLATORS: after the first problems of a damaged project */
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "; and %u more problem",
                                               "; and %u more problems",
                                               problems->len - MAX_PROBLEMS),
                            problems->len - MAX_PROBLEMS);
  g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_DAMAGED,
               _("the project is damaged: %s"), text->str);
  return FALSE;
}

/* ---- geometries that cannot be read ------------------------------------ */

static RaGeometryProblem *
problem_new (const char *table, gint64 id, char *problem /* transfer full */)
{
  RaGeometryProblem *p = g_new0 (RaGeometryProblem, 1);

  p->table = g_strdup (table);
  p->id = id;
  p->problem = problem;
  return p;
}

/* Why a value that SpatiaLite does not parse is not a geometry. */
static char *
unparsed_problem (sqlite3_stmt *stmt)
{
  const char *kind = (const char *) sqlite3_column_text (stmt, 1);   /* typeof (geom) */
  const guint8 *head;

  if (g_strcmp0 (kind, "text") == 0)
    return g_strdup (_("text instead of a geometry"));
  if (g_strcmp0 (kind, "integer") == 0 || g_strcmp0 (kind, "real") == 0)
    return g_strdup (_("a number instead of a geometry"));
  head = sqlite3_column_blob (stmt, 3);
  /* START 0x00, then the byte order (0x80 | for a TinyPoint). */
  if (head != NULL && sqlite3_column_bytes (stmt, 3) >= 2 && head[0] == 0x00 &&
      (head[1] & 0x7f) <= 1)
    return g_strdup (_("a damaged SpatiaLite geometry (cut short or overwritten)"));
  return g_strdup (_("bytes that are not a SpatiaLite geometry"));
}

gboolean
ra_store_schema_scan_geometries (sqlite3    *db,
                                 const char *table,
                                 const char *geom_type,
                                 int         srid,
                                 GPtrArray  *problems,
                                 GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  int rc;

  g_return_val_if_fail (db != NULL && table != NULL && geom_type != NULL, FALSE);

  /* One parse per geometry (GeometryType); the SRID is read from the
   * blob's header (bytes 2-5, in the byte order of byte 1). */
  sql = g_strdup_printf ("SELECT id, typeof (geom), GeometryType (geom), substr (geom, 1, 6)"
                         " FROM \"%s\" WHERE geom IS NOT NULL ORDER BY id", table);
  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return ra_sqlite_set_error (error, db, rc, _("reading geometries"));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *type = (const char *) sqlite3_column_text (stmt, 2);
      const guint8 *head;
      guint32 found_srid;

      if (type == NULL)
        {
          g_ptr_array_add (problems, problem_new (table, id, unparsed_problem (stmt)));
          continue;
        }
      if (g_ascii_strcasecmp (type, geom_type) != 0)
        {
          g_ptr_array_add (problems,
                           problem_new (table, id,
                                        /* TRANSLATORS: geometry types, e.g. "a POINT where a MULTIPOLYGON is expected" */
                                        g_strdup_printf (_("a %s where a %s is expected"),
                                                         type, geom_type)));
          continue;
        }
      head = sqlite3_column_blob (stmt, 3);
      if (head == NULL || sqlite3_column_bytes (stmt, 3) < 6)
        continue;
      found_srid = (head[1] & 0x01)
        ? (guint32) head[2] | (guint32) head[3] << 8 | (guint32) head[4] << 16 | (guint32) head[5] << 24
        : (guint32) head[5] | (guint32) head[4] << 8 | (guint32) head[3] << 16 | (guint32) head[2] << 24;
      if ((gint32) found_srid != srid)
        g_ptr_array_add (problems,
                         problem_new (table, id,
                                      g_strdup_printf (_("SRID %d where %d is expected"),
                                                       (int) (gint32) found_srid, srid)));
    }
  if (rc != SQLITE_DONE)
    return ra_sqlite_set_error (error, db, rc, _("reading geometries"));
  return TRUE;
}
