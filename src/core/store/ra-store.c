/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <sys/statvfs.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <spatialite.h>

#include "ra-autocleanups.h"
#include "ra-crs.h"
#include "ra-paths.h"
#include "ra-encoding.h"
#include "ra-gdal-error.h"
#include "ra-gdal-features.h"
#include "ra-gdal-geometry.h"
#include "ra-gdal-write.h"
#include "ra-source.h"
#include "ra-store.h"
#include "ra-store-schema.h"
#include "ra-undo.h"

G_DEFINE_QUARK (ra-store-error-quark, ra_store_error)

/* 'RAAT': lets `file` and other tools tell a project from any SQLite file. */
#define RA_STORE_APPLICATION_ID 0x52414154
#define DEFAULT_BUSY_TIMEOUT_MS 5000

/* ---- schema ----------------------------------------------------------- */

/* Each migration takes the schema from version i to i + 1, inside one
 * transaction.  Never edit a released migration; append a new one. */
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
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == RA_STORE_SCHEMA_VERSION);

typedef enum {
  COL_TEXT,
  COL_INT,
  COL_REAL,
} ColType;

typedef struct {
  const char *name;
  ColType     type;
} ColumnDesc;

/* Tables whose rows are edited, snapshotted for undo, imported or exported.
 * Column names here are the only identifiers ever put into SQL text. */
typedef struct {
  const char       *name;
  const char       *geom_type;   /* NULL: no geometry column */
  const ColumnDesc *columns;     /* without id and geom; name NULL ends */
  gboolean          importable;
} TableDesc;

static const ColumnDesc meta_columns[] = {
  { "key", COL_TEXT }, { "value", COL_TEXT }, { NULL, 0 },
};
static const ColumnDesc counties_columns[] = {
  { "adcode", COL_TEXT }, { "name_zh", COL_TEXT }, { "name_en", COL_TEXT },
  { "seat_lon", COL_REAL }, { "seat_lat", COL_REAL }, { NULL, 0 },
};
static const ColumnDesc plants_columns[] = {
  { "name", COL_TEXT }, { "adcode", COL_TEXT }, { "kind", COL_TEXT },
  { "capacity_m3_per_day", COL_REAL }, { "location_approx", COL_INT }, { "notes", COL_TEXT },
  { NULL, 0 },
};
static const ColumnDesc projects_columns[] = {
  { "code", COL_TEXT }, { "name", COL_TEXT }, { "adcode", COL_TEXT },
  { "source", COL_TEXT }, { "status", COL_TEXT }, { "batch", COL_TEXT },
  { "in_service_year", COL_INT }, { "investment_total", COL_REAL },
  { "investment_2024_2025", COL_REAL }, { "start", COL_TEXT }, { "prep_stage", COL_TEXT },
  { "owner", COL_TEXT }, { "scope", COL_TEXT }, { "cap_industry", COL_REAL },
  { "cap_agriculture", COL_REAL }, { "cap_ecological", COL_REAL },
  { "cap_urban_nonpotable", COL_REAL }, { "pipeline_km", COL_REAL },
  { "storage_m3", COL_REAL }, { "treatment_m3_per_day", COL_REAL }, { "notes", COL_TEXT },
  { "sort_key", COL_INT }, { NULL, 0 },
};
static const ColumnDesc pipelines_columns[] = {
  { "project_id", COL_INT }, { "name", COL_TEXT }, { "dn_mm", COL_REAL },
  { "material", COL_TEXT }, { "status", COL_TEXT }, { "notes", COL_TEXT }, { NULL, 0 },
};
static const ColumnDesc footprints_columns[] = {
  { "project_id", COL_INT }, { "name", COL_TEXT }, { "notes", COL_TEXT }, { NULL, 0 },
};
static const ColumnDesc built_up_columns[] = {
  { "adcode", COL_TEXT }, { "name", COL_TEXT }, { "notes", COL_TEXT }, { NULL, 0 },
};
static const ColumnDesc pipe_unit_costs_columns[] = {
  { "dn_mm", COL_REAL }, { "cost_wan_per_km", COL_REAL }, { "note", COL_TEXT }, { NULL, 0 },
};

static const TableDesc tables[] = {
  { "meta", NULL, meta_columns, FALSE },
  { "counties", "MULTIPOLYGON", counties_columns, TRUE },
  { "plants", "POINT", plants_columns, TRUE },
  { "projects", "MULTIPOLYGON", projects_columns, FALSE },
  { "pipelines", "MULTILINESTRING", pipelines_columns, TRUE },
  { "footprints", "MULTIPOLYGON", footprints_columns, TRUE },
  { "built_up_areas", "MULTIPOLYGON", built_up_columns, TRUE },
  { "pipe_unit_costs", NULL, pipe_unit_costs_columns, FALSE },
};

static const TableDesc *
find_table (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (tables); i++)
    if (strcmp (tables[i].name, name) == 0)
      return &tables[i];
  return NULL;
}

static const ColumnDesc *
find_column (const TableDesc *table, const char *name)
{
  for (const ColumnDesc *c = table->columns; c->name != NULL; c++)
    if (g_strcmp0 (c->name, name) == 0)
      return c;
  return NULL;
}

/* Cast that makes a geometry fit the column type (NULL if it cannot). */
static const char *
geom_cast (const TableDesc *table)
{
  if (g_strcmp0 (table->geom_type, "POINT") == 0)
    return "CastToPoint";
  if (g_strcmp0 (table->geom_type, "MULTILINESTRING") == 0)
    return "CastToMultiLinestring";
  return "CastToMultiPolygon";
}

/* ---- the object -------------------------------------------------------- */

struct _RaStore {
  GObject parent_instance;

  /* owned */
  char    *path;
  char    *named_path;         /* the file errors name (a sample's final name, not its .part) */
  sqlite3 *db;
  void    *spatialite_cache;
  RaUndo  *undo;
  char    *read_only_reason;   /* NULL: writable */
  int      data_version;
  gboolean in_transaction;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RaStore, ra_store, G_TYPE_OBJECT)

static void
ra_store_finalize (GObject *object)
{
  RaStore *self = RA_STORE (object);

  ra_store_close (self);
  g_free (self->path);
  g_free (self->named_path);
  g_free (self->read_only_reason);
  G_OBJECT_CLASS (ra_store_parent_class)->finalize (object);
}

static void
ra_store_class_init (RaStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ra_store_finalize;

  /**
   * RaStore::changed:
   * @table: (nullable): the table that changed, NULL for "reload everything"
   * @row_id: the row, 0 for many rows
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT64);
}

static void
ra_store_init (RaStore *self)
{
}

/* ---- small SQL helpers ------------------------------------------------- */

static gboolean
check_open (RaStore *self, GError **error)
{
  if (self->db == NULL)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_FAILED,
                   _("the project is closed"));
      return FALSE;
    }
  return TRUE;
}

static sqlite3_stmt *
prepare (RaStore *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      ra_sqlite_set_error (error, self->db, rc, _("preparing a query"));
      return NULL;
    }
  return stmt;
}

static gboolean
exec_sql (RaStore *self, const char *sql, const char *what, GError **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return ra_sqlite_set_error (error, self->db, rc, what);
  return TRUE;
}

static char *
column_dup_text (sqlite3_stmt *stmt, int col)
{
  const unsigned char *text = sqlite3_column_text (stmt, col);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

static double
column_double_or_nan (sqlite3_stmt *stmt, int col)
{
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return NAN;
  return sqlite3_column_double (stmt, col);
}

static void
bind_text_or_null (sqlite3_stmt *stmt, int idx, const char *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, idx);
  else
    sqlite3_bind_text (stmt, idx, text, -1, SQLITE_TRANSIENT);
}

static void
bind_double_or_null (sqlite3_stmt *stmt, int idx, double value)
{
  if (isnan (value))
    sqlite3_bind_null (stmt, idx);
  else
    sqlite3_bind_double (stmt, idx, value);
}

static int
pragma_int (RaStore *self, const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return sqlite3_column_int (stmt, 0);
  return -1;
}

/* ---- transactions ------------------------------------------------------ */

static gboolean
check_writable (RaStore *self, GError **error)
{
  if (!check_open (self, error))
    return FALSE;
  if (self->read_only_reason != NULL)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_READ_ONLY,
                   _("the project is open view-only: %s"), self->read_only_reason);
      return FALSE;
    }
  return TRUE;
}

/* BEGIN IMMEDIATE takes the write lock up front, so a busy file fails here
 * (after busy_timeout) rather than half-way through an edit. */
static gboolean
tx_begin (RaStore *self, GError **error)
{
  int rc;

  if (!check_writable (self, error))
    return FALSE;
  g_assert (!self->in_transaction);
  rc = sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return ra_sqlite_set_error (error, self->db, rc, _("starting a change"));
  self->in_transaction = TRUE;
  return TRUE;
}

static void
tx_rollback (RaStore *self)
{
  if (self->in_transaction)
    {
      if (!sqlite3_get_autocommit (self->db))
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      self->in_transaction = FALSE;
    }
}

static gboolean
tx_commit (RaStore *self, GError **error)
{
  int rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      ra_sqlite_set_error (error, self->db, rc, _("saving the change"));
      tx_rollback (self);
      return FALSE;
    }
  self->in_transaction = FALSE;
  /* Our own commits must not look like another program's. */
  self->data_version = pragma_int (self, "PRAGMA data_version");
  return TRUE;
}

static void
emit_changed (RaStore *self, const char *table, gint64 row_id)
{
  g_signal_emit (self, signals[CHANGED], 0, table, row_id);
}

/* ---- snapshots (undo and audit) ---------------------------------------- */

/* The whole row as a JSON object (geometry as hex EWKB, lossless), built by
 * SQLite's json_object so every value is escaped correctly; NULL when the
 * row does not exist.  *ok is FALSE on a database error. */
static char *
snapshot_row (RaStore *self, const TableDesc *table, gint64 row_id, GError **error,
              gboolean *ok)
{
  g_autoptr(GString) sql = g_string_new ("SELECT json_object ('id', id");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  *ok = FALSE;
  for (const ColumnDesc *c = table->columns; c->name != NULL; c++)
    g_string_append_printf (sql, ", '%s', \"%s\"", c->name, c->name);
  if (table->geom_type != NULL)
    g_string_append (sql, ", 'geom', AsEWKB (geom)");
  g_string_append_printf (sql, ") FROM \"%s\" WHERE id = ?1", table->name);

  stmt = prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, row_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *ok = TRUE;
      return column_dup_text (stmt, 0);
    }
  if (rc == SQLITE_DONE)
    {
      *ok = TRUE;
      return NULL;
    }
  ra_sqlite_set_error (error, self->db, rc, _("reading a row"));
  return NULL;
}

/* Makes the row look like the snapshot: deletes it (json NULL) or inserts /
 * overwrites every column from the JSON object. */
static gboolean
apply_snapshot (RaStore *self, const TableDesc *table, gint64 row_id, const char *json,
                GError **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (json == NULL)
    g_string_printf (sql, "DELETE FROM \"%s\" WHERE id = ?1", table->name);
  else
    {
      g_autoptr(GString) values = g_string_new ("?1");
      g_autoptr(GString) update = g_string_new (NULL);

      g_string_printf (sql, "INSERT INTO \"%s\" (id", table->name);
      for (const ColumnDesc *c = table->columns; c->name != NULL; c++)
        {
          g_string_append_printf (sql, ", \"%s\"", c->name);
          g_string_append_printf (values, ", json_extract (?2, '$.%s')", c->name);
          g_string_append_printf (update, "%s\"%s\" = excluded.\"%s\"",
                                  update->len > 0 ? ", " : "", c->name, c->name);
        }
      if (table->geom_type != NULL)
        {
          g_string_append (sql, ", geom");
          /* EWKB does not keep "multi" for a single part: cast back. */
          g_string_append_printf (values, ", %s (GeomFromEWKB (json_extract (?2, '$.geom')))",
                                  geom_cast (table));
          g_string_append (update, ", geom = excluded.geom");
        }
      g_string_append_printf (sql, ") VALUES (%s) ON CONFLICT (id) DO UPDATE SET %s",
                              values->str, update->str);
    }

  stmt = prepare (self, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row_id);
  if (json != NULL)
    sqlite3_bind_text (stmt, 2, json, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return ra_sqlite_set_error (error, self->db, rc, _("restoring a row"));
  return TRUE;
}

static gboolean
write_audit (RaStore *self, const char *table, gint64 row_id, const char *action,
             const char *before_json, const char *after_json, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *at = g_date_time_format_iso8601 (now);
  int rc;

  stmt = prepare (self,
                  "INSERT INTO audit (at, user, table_name, row_id, action, before_json, after_json)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, g_get_user_name (), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, table, -1, SQLITE_TRANSIENT);
  if (row_id != 0)
    sqlite3_bind_int64 (stmt, 4, row_id);
  else
    sqlite3_bind_null (stmt, 4);
  sqlite3_bind_text (stmt, 5, action, -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 6, before_json);
  bind_text_or_null (stmt, 7, after_json);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return ra_sqlite_set_error (error, self->db, rc, _("writing the audit log"));
  return TRUE;
}

/* Audit row + undo record for a row that changed from before to after. */
static gboolean
record_change (RaStore *self, gint64 *group, const char *label, const TableDesc *table,
               gint64 row_id, const char *action, const char *before, const char *after,
               GError **error)
{
  gint64 g;

  if (!write_audit (self, table->name, row_id, action, before, after, error))
    return FALSE;
  g = ra_undo_push (self->undo, group != NULL ? *group : 0, label, table->name, row_id,
                    before, after, error);
  if (g == 0)
    return FALSE;
  if (group != NULL)
    *group = g;
  return TRUE;
}

/* One edit of one row as a transaction: snapshot, run the statement
 * prepared by the caller (already bound), snapshot again, audit, undo,
 * commit.  stmt must change exactly that row. */
static gboolean
run_row_edit (RaStore *self, const TableDesc *table, gint64 row_id, sqlite3_stmt *stmt,
              const char *action, const char *label, GError **error)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gboolean ok;
  int rc;

  before = snapshot_row (self, table, row_id, error, &ok);
  if (!ok)
    return FALSE;
  if (before == NULL)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND,
                   _("%s: no row with id %" PRId64), table->name, row_id);
      return FALSE;
    }
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return ra_sqlite_set_error (error, self->db, rc, label);
  after = snapshot_row (self, table, row_id, error, &ok);
  if (!ok)
    return FALSE;
  return record_change (self, NULL, label, table, row_id, action, before, after, error);
}

/* ---- opening ----------------------------------------------------------- */

static gboolean
file_is_read_only (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return FALSE;
  /* Checking the mode bits too: access() says yes to root for 0444 files,
   * and a planner who set a file read-only means it. */
  if ((st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0)
    return TRUE;
  return g_access (path, W_OK) != 0;
}

static gboolean
dir_is_read_only (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  return g_access (dir, W_OK) != 0;
}

/* The errno of a write the disk refused (ENOSPC, EFBIG, EDQUOT), 0 when
 * the files of the connection show none.  Consulted only after a failure
 * of a freshly begun change (migration, sample), where an old errno of the
 * file cannot be mistaken for this one: SpatiaLite's functions report
 * their own failures as a plain 0, without SQLite's error code. */
static int
disk_full_errno (RaStore *self)
{
  sqlite3_file *file = NULL;
  int err = 0;

  if (sqlite3_file_control (self->db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &file) == SQLITE_OK &&
      file != NULL && file->pMethods != NULL &&
      file->pMethods->xFileControl (file, SQLITE_FCNTL_LAST_ERRNO, &err) == SQLITE_OK &&
      (err == ENOSPC || err == EFBIG || err == EDQUOT))
    return err;
  err = 0;
  if (sqlite3_file_control (self->db, "main", SQLITE_FCNTL_LAST_ERRNO, &err) == SQLITE_OK &&
      (err == ENOSPC || err == EFBIG || err == EDQUOT))
    return err;
  /* A write that never reached the file: the disk's own word. */
  {
    g_autofree char *dir = g_path_get_dirname (self->path);
    struct statvfs st;

    if (statvfs (dir, &st) == 0 && (guint64) st.f_bavail * st.f_frsize < 64 * 1024)
      return ENOSPC;
  }
  return 0;
}

/* After a change that failed: when the disk is full, say that instead of
 * the symptom (SpatiaLite's "no such table: main.geometry_columns"). */
static void
explain_disk_full (RaStore *self, GError **error, const char *what)
{
  if (error == NULL || *error == NULL ||
      !g_error_matches (*error, RA_STORE_ERROR, RA_STORE_ERROR_FAILED) ||
      disk_full_errno (self) == 0)
    return;
  g_clear_error (error);
  g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_FAILED,
               _("the change was not saved: the disk is full or the project file may not grow (%s)"),
               what);
}

static gboolean
migrate (RaStore *self, int from, GError **error)
{
  g_autofree char *set_version = NULL;
  g_autofree char *what = NULL;

  /* Everything in memory until COMMIT: a full disk then fails the COMMIT
   * with SQLite's own error, instead of failing SpatiaLite's statements
   * half-way inside InitSpatialMetaData (which prints them on stderr and
   * returns 0, leaving a schema without geometry_columns).  The pager
   * takes the flag only outside a transaction. */
  sqlite3_exec (self->db, "PRAGMA cache_spill = OFF", NULL, NULL, NULL);
  if (!tx_begin (self, error))
    {
      sqlite3_exec (self->db, "PRAGMA cache_spill = ON", NULL, NULL, NULL);
      return FALSE;
    }
  for (int v = from; v < RA_STORE_SCHEMA_VERSION; v++)
    {
      g_free (what);
      what = g_strdup_printf (_("upgrading the project to version %d"), v + 1);
      if (!exec_sql (self, migrations[v], what, error))
        goto fail;
    }
  /* PRAGMA takes no parameters; the value is our own integer constant. */
  set_version = g_strdup_printf ("PRAGMA user_version = %d; PRAGMA application_id = %d;",
                                 RA_STORE_SCHEMA_VERSION, RA_STORE_APPLICATION_ID);
  g_free (what);
  what = g_strdup (from == 0 ? _("creating the project") : _("upgrading the project"));
  if (!exec_sql (self, set_version, what, error) || !tx_commit (self, error))
    goto fail;
  sqlite3_exec (self->db, "PRAGMA cache_spill = ON", NULL, NULL, NULL);
  return TRUE;

fail:
  explain_disk_full (self, error, what);
  tx_rollback (self);
  sqlite3_exec (self->db, "PRAGMA cache_spill = ON", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
open_connection (RaStore *self, gboolean read_only, gboolean create, GError **error)
{
  int flags = read_only ? SQLITE_OPEN_READONLY
                        : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  int rc;

  rc = sqlite3_open_v2 (self->path, &self->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      ra_sqlite_set_error (error, self->db, rc, _("opening"));
      g_clear_pointer (&self->db, sqlite3_close);
      return FALSE;
    }
  self->spatialite_cache = spatialite_alloc_connection ();
  spatialite_init_ex (self->db, self->spatialite_cache, 0);
  sqlite3_busy_timeout (self->db, DEFAULT_BUSY_TIMEOUT_MS);
  sqlite3_exec (self->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
  return TRUE;
}

static void
close_connection (RaStore *self)
{
  g_clear_pointer (&self->undo, ra_undo_free);
  if (self->db != NULL)
    {
      tx_rollback (self);
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  if (self->spatialite_cache != NULL)
    {
      spatialite_cleanup_ex (self->spatialite_cache);
      self->spatialite_cache = NULL;
    }
}

static gboolean
prefix_error (GError **error, const char *path)
{
  if (error != NULL && *error != NULL)
    {
      g_autofree char *display = ra_path_display_name (path);

      g_prefix_error (error, "%s: ", display);
    }
  return FALSE;
}

/* One integer from a PRAGMA or query; the SQLite result code (SQLITE_ROW
 * when *value was read): a negative user_version is a value, not an error. */
static int
query_int (RaStore *self, const char *sql, int *value)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  *value = 0;
  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return rc;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *value = sqlite3_column_int (stmt, 0);
  return rc;
}

/* Opens path; errors name named_path (the same file but for a sample built
 * under a temporary name). */
static RaStore *
store_open (const char        *path,
            const char        *named_path,
            RaStoreOpenFlags   flags,
            GError           **error)
{
  g_autoptr(RaStore) self = NULL;
  gboolean exists, read_only;
  int version, n_tables, app_id, rc;

  ra_source_init ();
  self = g_object_new (RA_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->named_path = g_strdup (named_path);

  exists = g_file_test (path, G_FILE_TEST_EXISTS);
  if (!exists && !(flags & RA_STORE_OPEN_CREATE))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND, _("file not found"));
      prefix_error (error, named_path);
      return NULL;
    }
  /* SQLite would block forever reading a FIFO, and a folder is no project. */
  if (exists && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_A_PROJECT,
                   _("not a project file (not a regular file)"));
      prefix_error (error, named_path);
      return NULL;
    }
  /* SQLite takes an empty file for an empty database and would turn it into
   * a project; only "create" may do that. */
  if (exists && !(flags & RA_STORE_OPEN_CREATE))
    {
      GStatBuf st;

      if (g_stat (path, &st) == 0 && st.st_size == 0)
        {
          g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_A_PROJECT,
                       _("not a project file (the file is empty)"));
          prefix_error (error, named_path);
          return NULL;
        }
    }

  if (flags & RA_STORE_OPEN_READ_ONLY)
    self->read_only_reason = g_strdup (_("opened view-only on request"));
  else if (exists && file_is_read_only (path))
    self->read_only_reason = g_strdup (_("the file is read-only"));
  else if (dir_is_read_only (path))
    self->read_only_reason = g_strdup (_("the folder holding the file is read-only"));
  read_only = self->read_only_reason != NULL;

  if (!exists && read_only)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_READ_ONLY,
                   _("cannot create a project here: %s"), self->read_only_reason);
      prefix_error (error, named_path);
      return NULL;
    }

  if (!open_connection (self, read_only, !exists, error))
    return prefix_error (error, named_path), NULL;

  rc = query_int (self, "PRAGMA user_version", &version);
  if (rc == SQLITE_ROW)
    rc = query_int (self, "SELECT count(*) FROM sqlite_master", &n_tables);
  if (rc == SQLITE_ROW)
    rc = query_int (self, "PRAGMA application_id", &app_id);
  if (rc != SQLITE_ROW)
    {
      rc = sqlite3_errcode (self->db);
      if ((rc & 0xff) == SQLITE_BUSY && !read_only)
        g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_BUSY,
                     _("project is busy: another program has locked it"));
      else
        g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_A_PROJECT,
                     _("not a project file (%s)"), sqlite3_errmsg (self->db));
      return prefix_error (error, named_path), NULL;
    }
  if (version > RA_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_TOO_NEW,
                   _("the project was saved by a newer version of Reclaim Atlas "
                     "(schema %d, this version knows up to %d); update the program to open it"),
                   version, RA_STORE_SCHEMA_VERSION);
      return prefix_error (error, named_path), NULL;
    }
  /* Migrations are transactional, so version 0 with tables is not ours...
   * unless the file says it is (our application id): then the version was
   * lost, and guessing it could run a migration over a newer schema. */
  if (version < 0 || (version == 0 && n_tables > 0 && app_id == RA_STORE_APPLICATION_ID))
    {
      ra_store_schema_set_version_error (error, version);
      return prefix_error (error, named_path), NULL;
    }
  if (version == 0 && n_tables > 0)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_A_PROJECT,
                   _("not a Reclaim Atlas project (an SQLite database with other tables)"));
      return prefix_error (error, named_path), NULL;
    }
  /* An empty database is made a project only on request: opening someone's
   * new SQLite file must not write our schema into it. */
  if (version == 0 && exists && !(flags & RA_STORE_OPEN_CREATE))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_A_PROJECT,
                   _("not a Reclaim Atlas project (an empty SQLite database)"));
      return prefix_error (error, named_path), NULL;
    }
  /* Before anything is written (WAL mode, migrations): a damaged project
   * is refused as it is. */
  if (version > 0 && !ra_store_schema_check (self->db, version, error))
    return prefix_error (error, named_path), NULL;

  if (!read_only)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;

      /* WAL: readers never block the writer; synchronous = FULL: an edit
       * acknowledged after COMMIT is on disk, even on power loss. */
      rc = sqlite3_prepare_v2 (self->db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        {
          if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
            {
              /* Another program holds the file exclusively: view it only. */
              g_clear_pointer (&stmt, sqlite3_finalize);
              close_connection (self);
              self->read_only_reason = g_strdup (_("another program has locked the file"));
              read_only = TRUE;
              if (!open_connection (self, TRUE, FALSE, error))
                return prefix_error (error, named_path), NULL;
            }
          else
            {
              ra_sqlite_set_error (error, self->db, rc, _("switching to WAL mode"));
              explain_disk_full (self, error, _("switching to WAL mode"));
              return prefix_error (error, named_path), NULL;
            }
        }
      if (!read_only)
        sqlite3_exec (self->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
    }

  if (version < RA_STORE_SCHEMA_VERSION)
    {
      if (read_only)
        {
          g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_READ_ONLY,
                       _("the project needs an upgrade but is view-only: %s"),
                       self->read_only_reason);
          return prefix_error (error, named_path), NULL;
        }
      if (!migrate (self, version, error))
        return prefix_error (error, named_path), NULL;
    }

  self->undo = ra_undo_new (self->db);
  self->data_version = pragma_int (self, "PRAGMA data_version");
  return g_steal_pointer (&self);
}

RaStore *
ra_store_open (const char       *path,
               RaStoreOpenFlags  flags,
               GError          **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return store_open (path, path, flags, error);
}

void
ra_store_close (RaStore *self)
{
  g_return_if_fail (RA_IS_STORE (self));
  close_connection (self);
}

const char *
ra_store_get_path (RaStore *self)
{
  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  return self->path;
}

/**
 * ra_store_get_db:
 *
 * For core modules that keep their own app_* tables (views, layouts):
 * parameterised statements only, on the thread that opened the store.
 *
 * Returns: (transfer none) (nullable): the SQLite connection, NULL once closed
 */
sqlite3 *
ra_store_get_db (RaStore *self)
{
  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  return self->db;
}

gboolean
ra_store_is_read_only (RaStore *self)
{
  g_return_val_if_fail (RA_IS_STORE (self), TRUE);
  return self->read_only_reason != NULL;
}

const char *
ra_store_get_read_only_reason (RaStore *self)
{
  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  return self->read_only_reason;
}

void
ra_store_set_busy_timeout (RaStore *self, int milliseconds)
{
  g_return_if_fail (RA_IS_STORE (self));
  if (self->db != NULL)
    sqlite3_busy_timeout (self->db, MAX (milliseconds, 0));
}

gboolean
ra_store_poll_external_changes (RaStore *self)
{
  int version;

  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  if (self->db == NULL)
    return FALSE;
  version = pragma_int (self, "PRAGMA data_version");
  if (version < 0 || version == self->data_version)
    return FALSE;
  self->data_version = version;
  emit_changed (self, NULL, 0);
  return TRUE;
}

char *
ra_store_check_integrity (RaStore *self, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  if (!check_open (self, error))
    return NULL;
  stmt = prepare (self, "PRAGMA integrity_check", error);
  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      ra_sqlite_set_error (error, self->db, rc, _("checking integrity"));
      return NULL;
    }
  return column_dup_text (stmt, 0);
}

gboolean
ra_store_save_copy (RaStore *self, const char *dest_path, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);
  if (!check_open (self, error))
    return FALSE;
  if (g_file_test (dest_path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *display = ra_path_display_name (dest_path);

      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_FAILED,
                   _("%s: file exists; choose another name"), display);
      return FALSE;
    }
  /* VACUUM INTO writes a consistent, compacted snapshot, even while this
   * or another connection keeps editing. */
  stmt = prepare (self, "VACUUM INTO ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, dest_path, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      ra_sqlite_set_error (error, self->db, rc, _("saving a copy"));
      return prefix_error (error, dest_path);
    }
  return TRUE;
}

/* ---- project name (meta) ----------------------------------------------- */

char *
ra_store_dup_project_name (RaStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  char *name = NULL;

  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  if (self->db != NULL &&
      sqlite3_prepare_v2 (self->db, "SELECT value FROM meta WHERE key = 'project_name'",
                          -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    name = column_dup_text (stmt, 0);
  if (name == NULL || *name == '\0')
    {
      g_free (name);
      name = g_path_get_basename (self->path);
    }
  return name;
}

static gint64
meta_row_id (RaStore *self, const char *key)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, "SELECT id FROM meta WHERE key = ?1", -1, &stmt, NULL) != SQLITE_OK)
    return 0;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  return 0;
}

gboolean
ra_store_set_project_name (RaStore *self, const char *name, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 row_id;

  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!tx_begin (self, error))
    return FALSE;
  row_id = meta_row_id (self, "project_name");
  stmt = prepare (self, "UPDATE meta SET value = ?1 WHERE id = ?2", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, row_id);
  if (!run_row_edit (self, find_table ("meta"), row_id, stmt, "update",
                     _("Rename project"), error))
    goto fail;
  if (!tx_commit (self, error))
    return FALSE;
  emit_changed (self, "meta", row_id);
  return TRUE;

fail:
  tx_rollback (self);
  return FALSE;
}

/* ---- reading ----------------------------------------------------------- */

void
ra_project_record_free (RaProjectRecord *rec)
{
  if (rec == NULL)
    return;
  g_free (rec->code);
  g_free (rec->name);
  g_free (rec->adcode);
  g_free (rec->county_name);
  g_free (rec->source);
  g_free (rec->status);
  g_free (rec->batch);
  g_free (rec->start);
  g_free (rec->prep_stage);
  g_free (rec->owner);
  g_free (rec->scope);
  g_free (rec->notes);
  g_free (rec);
}

void
ra_county_record_free (RaCountyRecord *rec)
{
  if (rec == NULL)
    return;
  g_free (rec->adcode);
  g_free (rec->name_zh);
  g_free (rec->name_en);
  g_free (rec);
}

void
ra_indicator_record_free (RaIndicatorRecord *rec)
{
  if (rec == NULL)
    return;
  g_free (rec->adcode);
  g_free (rec->area_zh);
  g_free (rec->kind);
  g_free (rec->origin);
  g_free (rec);
}

void
ra_audit_record_free (RaAuditRecord *rec)
{
  if (rec == NULL)
    return;
  g_free (rec->at);
  g_free (rec->user);
  g_free (rec->table_name);
  g_free (rec->action);
  g_free (rec->before_json);
  g_free (rec->after_json);
  g_free (rec);
}

#define PROJECT_SELECT \
  "SELECT p.id, p.code, p.name, p.adcode, c.name_zh, p.source, p.status, p.batch," \
  " p.in_service_year, p.investment_total, p.investment_2024_2025, p.start, p.prep_stage," \
  " p.owner, p.scope, p.cap_industry, p.cap_agriculture, p.cap_ecological," \
  " p.cap_urban_nonpotable, p.cap_total, p.pipeline_km, p.storage_m3," \
  " p.treatment_m3_per_day, p.notes," \
  " coalesce (GeometryType (p.geom) = 'MULTIPOLYGON' AND ST_SRID (p.geom) = 4490, 0)" \
  " FROM projects_v AS p LEFT JOIN counties AS c ON c.adcode = p.adcode"

static RaProjectRecord *
project_from_row (sqlite3_stmt *stmt)
{
  RaProjectRecord *rec = g_new0 (RaProjectRecord, 1);

  rec->id = sqlite3_column_int64 (stmt, 0);
  rec->code = column_dup_text (stmt, 1);
  rec->name = column_dup_text (stmt, 2);
  rec->adcode = column_dup_text (stmt, 3);
  rec->county_name = column_dup_text (stmt, 4);
  rec->source = column_dup_text (stmt, 5);
  rec->status = column_dup_text (stmt, 6);
  rec->batch = column_dup_text (stmt, 7);
  rec->in_service_year = sqlite3_column_int (stmt, 8);
  rec->investment_total = column_double_or_nan (stmt, 9);
  rec->investment_2024_2025 = column_double_or_nan (stmt, 10);
  rec->start = column_dup_text (stmt, 11);
  rec->prep_stage = column_dup_text (stmt, 12);
  rec->owner = column_dup_text (stmt, 13);
  rec->scope = column_dup_text (stmt, 14);
  rec->cap_industry = column_double_or_nan (stmt, 15);
  rec->cap_agriculture = column_double_or_nan (stmt, 16);
  rec->cap_ecological = column_double_or_nan (stmt, 17);
  rec->cap_urban_nonpotable = column_double_or_nan (stmt, 18);
  rec->cap_total = column_double_or_nan (stmt, 19);
  rec->pipeline_km = column_double_or_nan (stmt, 20);
  rec->storage_m3 = column_double_or_nan (stmt, 21);
  rec->treatment_m3_per_day = column_double_or_nan (stmt, 22);
  rec->notes = column_dup_text (stmt, 23);
  rec->has_geometry = sqlite3_column_int (stmt, 24) != 0;
  return rec;
}

static GBytes *
column_dup_blob (sqlite3_stmt *stmt, int col)
{
  const void *data = sqlite3_column_blob (stmt, col);
  int size = sqlite3_column_bytes (stmt, col);

  return data != NULL && size > 0 ? g_bytes_new (data, size) : NULL;
}

/* Turns one result row into a record; owned by the caller. */
typedef gpointer (*RowReader) (sqlite3_stmt *stmt);

/* Steps a prepared statement to its end, one record per row.  NULL with
 * error (saying what was being read) when a step fails. */
static GPtrArray *
collect_rows (RaStore *self, sqlite3_stmt *stmt, RowReader read_row,
              GDestroyNotify free_row, const char *what, GError **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_row);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, read_row (stmt));
  if (rc != SQLITE_DONE)
    {
      ra_sqlite_set_error (error, self->db, rc, what);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static RaCountyRecord *
county_from_row (sqlite3_stmt *stmt)
{
  RaCountyRecord *rec = g_new0 (RaCountyRecord, 1);

  rec->id = sqlite3_column_int64 (stmt, 0);
  rec->adcode = column_dup_text (stmt, 1);
  rec->name_zh = column_dup_text (stmt, 2);
  rec->name_en = column_dup_text (stmt, 3);
  rec->seat_lon = column_double_or_nan (stmt, 4);
  rec->seat_lat = column_double_or_nan (stmt, 5);

  return rec;
}

static RaIndicatorRecord *
indicator_from_row (sqlite3_stmt *stmt)
{
  RaIndicatorRecord *rec = g_new0 (RaIndicatorRecord, 1);

  rec->adcode = column_dup_text (stmt, 0);
  rec->area_zh = column_dup_text (stmt, 1);
  rec->year = sqlite3_column_int (stmt, 2);
  rec->kind = column_dup_text (stmt, 3);
  rec->origin = column_dup_text (stmt, 4);
  rec->nonconventional_use = column_double_or_nan (stmt, 5);
  rec->reclaimed_use = column_double_or_nan (stmt, 6);
  rec->mine_use = column_double_or_nan (stmt, 7);
  rec->reclaimed_rate_pct = column_double_or_nan (stmt, 8);
  rec->treated_wastewater = column_double_or_nan (stmt, 9);

  return rec;
}

static RaAuditRecord *
audit_from_row (sqlite3_stmt *stmt)
{
  RaAuditRecord *rec = g_new0 (RaAuditRecord, 1);

  rec->id = sqlite3_column_int64 (stmt, 0);
  rec->at = column_dup_text (stmt, 1);
  rec->user = column_dup_text (stmt, 2);
  rec->table_name = column_dup_text (stmt, 3);
  rec->row_id = sqlite3_column_int64 (stmt, 4);
  rec->action = column_dup_text (stmt, 5);
  rec->before_json = column_dup_text (stmt, 6);
  rec->after_json = column_dup_text (stmt, 7);

  return rec;
}

static RaPipelineRecord *
pipeline_from_row (sqlite3_stmt *stmt)
{
  RaPipelineRecord *rec = g_new0 (RaPipelineRecord, 1);

  rec->id = sqlite3_column_int64 (stmt, 0);
  rec->project_id = sqlite3_column_int64 (stmt, 1);
  rec->name = column_dup_text (stmt, 2);
  rec->dn_mm = column_double_or_nan (stmt, 3);
  rec->material = column_dup_text (stmt, 4);
  rec->status = column_dup_text (stmt, 5);
  rec->project_source = column_dup_text (stmt, 6);
  rec->wkb = column_dup_blob (stmt, 7);

  return rec;
}

static RaPlantRecord *
plant_from_row (sqlite3_stmt *stmt)
{
  RaPlantRecord *rec = g_new0 (RaPlantRecord, 1);

  rec->id = sqlite3_column_int64 (stmt, 0);
  rec->name = column_dup_text (stmt, 1);
  rec->adcode = column_dup_text (stmt, 2);
  rec->kind = column_dup_text (stmt, 3);
  rec->capacity_m3_per_day = column_double_or_nan (stmt, 4);
  rec->location_approx = sqlite3_column_int (stmt, 5) != 0;
  rec->lon = column_double_or_nan (stmt, 6);
  rec->lat = column_double_or_nan (stmt, 7);

  return rec;
}

static RaBuiltUpAreaRecord *
built_up_area_from_row (sqlite3_stmt *stmt)
{
  RaBuiltUpAreaRecord *rec = g_new0 (RaBuiltUpAreaRecord, 1);

  rec->id = sqlite3_column_int64 (stmt, 0);
  rec->adcode = column_dup_text (stmt, 1);
  rec->name = column_dup_text (stmt, 2);
  rec->wkb = column_dup_blob (stmt, 3);

  return rec;
}

static RaPlanMetricRecord *
plan_metric_from_row (sqlite3_stmt *stmt)
{
  RaPlanMetricRecord *rec = g_new0 (RaPlanMetricRecord, 1);

  rec->adcode = column_dup_text (stmt, 0);
  rec->area_zh = column_dup_text (stmt, 1);
  rec->year = sqlite3_column_int (stmt, 2);
  rec->metric = column_dup_text (stmt, 3);
  rec->value = column_double_or_nan (stmt, 4);
  rec->unit = column_dup_text (stmt, 5);
  rec->note = column_dup_text (stmt, 6);

  return rec;
}

GPtrArray *
ra_store_list_projects (RaStore *self, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  if (!check_open (self, error))
    return NULL;
  stmt = prepare (self, PROJECT_SELECT " ORDER BY p.batch, p.sort_key, p.id", error);
  if (stmt == NULL)
    return NULL;
  return collect_rows (self, stmt, (RowReader) project_from_row,
                       (GDestroyNotify) ra_project_record_free,
                       _("reading projects"), error);
}

RaProjectRecord *
ra_store_get_project (RaStore *self, gint64 id, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  if (!check_open (self, error))
    return NULL;
  stmt = prepare (self, PROJECT_SELECT " WHERE p.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return project_from_row (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND,
                 _("no project with id %" PRId64), id);
  else
    ra_sqlite_set_error (error, self->db, rc, _("reading a project"));
  return NULL;
}

GPtrArray *
ra_store_list_counties (RaStore *self, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  if (!check_open (self, error))
    return NULL;
  stmt = prepare (self, "SELECT id, adcode, name_zh, name_en, seat_lon, seat_lat"
                        " FROM counties ORDER BY adcode", error);
  if (stmt == NULL)
    return NULL;
  return collect_rows (self, stmt, (RowReader) county_from_row,
                       (GDestroyNotify) ra_county_record_free,
                       _("reading counties"), error);
}

GPtrArray *
ra_store_list_indicators (RaStore *self, const char *origin, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  if (!check_open (self, error))
    return NULL;
  stmt = prepare (self, "SELECT adcode, area_zh, year, kind, origin, nonconventional_use,"
                        " reclaimed_use, mine_use, reclaimed_rate_pct, treated_wastewater"
                        " FROM indicators WHERE ?1 IS NULL OR origin = ?1"
                        " ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  bind_text_or_null (stmt, 1, origin);
  return collect_rows (self, stmt, (RowReader) indicator_from_row,
                       (GDestroyNotify) ra_indicator_record_free,
                       _("reading indicators"), error);
}

GPtrArray *
ra_store_list_audit (RaStore *self, const char *table, gint64 row_id, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  if (!check_open (self, error))
    return NULL;
  stmt = prepare (self, "SELECT id, at, user, table_name, row_id, action, before_json, after_json"
                        " FROM audit WHERE (?1 IS NULL OR table_name = ?1)"
                        " AND (?2 = 0 OR row_id = ?2) ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  bind_text_or_null (stmt, 1, table);
  sqlite3_bind_int64 (stmt, 2, row_id);
  return collect_rows (self, stmt, (RowReader) audit_from_row,
                       (GDestroyNotify) ra_audit_record_free,
                       _("reading the audit log"), error);
}

static const TableDesc *
lookup_table (const char *table, GError **error)
{
  const TableDesc *desc = find_table (table);

  if (desc == NULL || strcmp (table, "meta") == 0)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND,
                   _("no project table named “%s”"), table ? table : "");
      return NULL;
    }
  return desc;
}

gint64
ra_store_count_rows (RaStore *self, const char *table, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  const TableDesc *desc;
  int rc;

  g_return_val_if_fail (RA_IS_STORE (self), -1);
  if (!check_open (self, error) || (desc = lookup_table (table, error)) == NULL)
    return -1;
  sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", desc->name);
  stmt = prepare (self, sql, error);
  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      ra_sqlite_set_error (error, self->db, rc, _("counting rows"));
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

char *
ra_store_get_geometry_wkt (RaStore *self, const char *table, gint64 id, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  const TableDesc *desc;
  int rc;

  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  if (!check_open (self, error) || (desc = lookup_table (table, error)) == NULL)
    return NULL;
  if (desc->geom_type == NULL)
    return NULL;
  sql = g_strdup_printf ("SELECT AsWKT (geom) FROM \"%s\" WHERE id = ?1", desc->name);
  stmt = prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return column_dup_text (stmt, 0);
  if (rc != SQLITE_DONE)
    ra_sqlite_set_error (error, self->db, rc, _("reading a geometry"));
  return NULL;
}

/* ---- validation -------------------------------------------------------- */

typedef enum {
  FIELD_TEXT,
  FIELD_REQUIRED_TEXT,
  FIELD_COUNTY,
  FIELD_SOURCE,
  FIELD_STATUS,
  FIELD_YEAR,
  FIELD_AMOUNT,      /* non-negative number */
} FieldKind;

typedef struct {
  const char *name;
  FieldKind   kind;
  const char *label;   /* N_() */
} FieldDesc;

static const FieldDesc project_fields[] = {
  { "code", FIELD_TEXT, N_("Code") },
  { "name", FIELD_REQUIRED_TEXT, N_("Project name") },
  { "adcode", FIELD_COUNTY, N_("County") },
  { "source", FIELD_SOURCE, N_("Water source") },
  { "status", FIELD_STATUS, N_("Status") },
  { "batch", FIELD_REQUIRED_TEXT, N_("Batch") },
  { "in_service_year", FIELD_YEAR, N_("In-service year") },
  { "investment_total", FIELD_AMOUNT, N_("Total investment (10⁴ yuan)") },
  { "investment_2024_2025", FIELD_AMOUNT, N_("Investment 2024–2025 (10⁴ yuan)") },
  { "start", FIELD_TEXT, N_("Start") },
  { "prep_stage", FIELD_TEXT, N_("Preparation stage") },
  { "owner", FIELD_TEXT, N_("Responsible unit") },
  { "scope", FIELD_TEXT, N_("Scope of works") },
  { "cap_industry", FIELD_AMOUNT, N_("Capacity for industry (10⁴ m³/a)") },
  { "cap_agriculture", FIELD_AMOUNT, N_("Capacity for agriculture (10⁴ m³/a)") },
  { "cap_ecological", FIELD_AMOUNT, N_("Capacity for ecology (10⁴ m³/a)") },
  { "cap_urban_nonpotable", FIELD_AMOUNT, N_("Capacity for urban non-potable use (10⁴ m³/a)") },
  { "pipeline_km", FIELD_AMOUNT, N_("Pipelines (km)") },
  { "storage_m3", FIELD_AMOUNT, N_("Storage (m³)") },
  { "treatment_m3_per_day", FIELD_AMOUNT, N_("Treatment (m³/d)") },
  { "notes", FIELD_TEXT, N_("Notes") },
};

#define YEAR_MIN 2023
#define YEAR_MAX 2035

const char * const *
ra_store_project_fields (void)
{
  static const char *names[G_N_ELEMENTS (project_fields) + 1];

  if (names[0] == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (project_fields); i++)
      names[i] = project_fields[i].name;
  return names;
}

static const FieldDesc *
find_project_field (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (project_fields); i++)
    if (strcmp (project_fields[i].name, name) == 0)
      return &project_fields[i];
  return NULL;
}

typedef struct {
  gboolean is_null;
  char    *text;      /* text fields */
  double   number;    /* number fields */
} FieldValue;

static void
field_value_clear (FieldValue *v)
{
  g_clear_pointer (&v->text, g_free);
}

/* Parses a number written by a planner: leading/trailing blanks allowed,
 * nothing else. */
static gboolean
parse_number (const char *text, double *out)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *end = NULL;
  double v;

  if (*copy == '\0')
    return FALSE;
  errno = 0;
  v = g_ascii_strtod (copy, &end);
  if (errno != 0 || end == copy || *end != '\0' || !isfinite (v))
    return FALSE;
  *out = v;
  return TRUE;
}

/* The stored text keeps its spaces; only the check ignores them. */
static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static gboolean
county_exists (RaStore *self, const char *adcode)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, "SELECT 1 FROM counties WHERE adcode = ?1",
                          -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_text (stmt, 1, adcode, -1, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

static gboolean
invalid (GError **error, const FieldDesc *f, const char *problem)
{
  g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
               "%s: %s", _(f->label), problem);
  return FALSE;
}

static gboolean
normalize_value (RaStore *self, const FieldDesc *f, const GValue *value, FieldValue *out,
                 GError **error)
{
  g_autofree char *text = NULL;
  gboolean have_number = FALSE;
  double number = 0;

  memset (out, 0, sizeof *out);

  if (value == NULL || !G_IS_VALUE (value))
    text = NULL;
  else if (G_VALUE_HOLDS_STRING (value))
    text = g_strdup (g_value_get_string (value));
  else if (G_VALUE_HOLDS_DOUBLE (value))
    number = g_value_get_double (value), have_number = TRUE;
  else if (G_VALUE_HOLDS_INT (value))
    number = g_value_get_int (value), have_number = TRUE;
  else if (G_VALUE_HOLDS_INT64 (value))
    number = (double) g_value_get_int64 (value), have_number = TRUE;
  else if (G_VALUE_HOLDS_UINT (value))
    number = g_value_get_uint (value), have_number = TRUE;
  else
    return invalid (error, f, _("unsupported value type"));

  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    return invalid (error, f, _("the text is not valid UTF-8"));

  if (f->kind == FIELD_AMOUNT || f->kind == FIELD_YEAR)
    {
      if (!have_number && !is_blank (text))
        {
          if (!parse_number (text, &number))
            return invalid (error, f, _("must be a number"));
          have_number = TRUE;
        }
      if (!have_number)
        {
          out->is_null = TRUE;
          return TRUE;
        }
      if (!isfinite (number))
        return invalid (error, f, _("must be a number"));
      if (f->kind == FIELD_AMOUNT && number < 0)
        return invalid (error, f, _("must not be negative"));
      if (f->kind == FIELD_YEAR)
        {
          if (number != floor (number))
            return invalid (error, f, _("must be a whole year"));
          if (number < YEAR_MIN || number > YEAR_MAX)
            {
              g_autofree char *msg = g_strdup_printf (_("must be between %d and %d"),
                                                      YEAR_MIN, YEAR_MAX);
              return invalid (error, f, msg);
            }
        }
      out->number = number;
      return TRUE;
    }

  if (have_number)
    return invalid (error, f, _("expects text"));

  switch (f->kind)
    {
    case FIELD_TEXT:
      if (text == NULL)
        out->is_null = TRUE;
      out->text = g_steal_pointer (&text);
      return TRUE;
    case FIELD_REQUIRED_TEXT:
      if (is_blank (text))
        return invalid (error, f, _("must not be empty"));
      out->text = g_steal_pointer (&text);
      return TRUE;
    case FIELD_COUNTY:
      if (text == NULL || *text == '\0')
        {
          out->is_null = TRUE;
          return TRUE;
        }
      if (!county_exists (self, text))
        {
          g_autofree char *msg = g_strdup_printf (_("no county with code “%s” in this project"), text);
          return invalid (error, f, msg);
        }
      out->text = g_steal_pointer (&text);
      return TRUE;
    case FIELD_SOURCE:
      if (g_strcmp0 (text, "reclaimed") != 0 && g_strcmp0 (text, "mine") != 0)
        return invalid (error, f, _("must be “reclaimed” or “mine”"));
      out->text = g_steal_pointer (&text);
      return TRUE;
    case FIELD_STATUS:
      if (g_strcmp0 (text, "under_construction") != 0 && g_strcmp0 (text, "proposed") != 0 &&
          g_strcmp0 (text, "in_service") != 0)
        return invalid (error, f, _("must be “under_construction”, “proposed” or “in_service”"));
      out->text = g_steal_pointer (&text);
      return TRUE;
    case FIELD_YEAR:
    case FIELD_AMOUNT:
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

gboolean
ra_store_validate_project_value (RaStore *self, const char *field, const GValue *value,
                                 GError **error)
{
  const FieldDesc *f;
  FieldValue v;
  gboolean ok;

  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  if (!check_open (self, error))
    return FALSE;
  f = find_project_field (field);
  if (f == NULL)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                   _("projects have no field “%s”"), field ? field : "");
      return FALSE;
    }
  ok = normalize_value (self, f, value, &v, error);
  field_value_clear (&v);
  return ok;
}

/* ---- editing ----------------------------------------------------------- */

gboolean
ra_store_update_project (RaStore *self, gint64 id, const char *field, const GValue *value,
                         GError **error)
{
  return ra_store_update_project_fields (self, id, 1, &field, value, NULL, error);
}

/**
 * ra_store_update_project_fields:
 * @fields: (array length=n): field names
 * @values: (array length=n): their new values
 * @failed: (out) (optional): the index of the field a RA_STORE_ERROR_INVALID_VALUE is about
 *
 * Sets several fields of one project as one edit: one transaction, one
 * undo step and one audit row; all of them or none.
 */
gboolean
ra_store_update_project_fields (RaStore            *self,
                                gint64              id,
                                guint               n,
                                const char * const *fields,
                                const GValue       *values,
                                guint              *failed,
                                GError            **error)
{
  const TableDesc *table = find_table ("projects");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *label = NULL;
  const FieldDesc *first = NULL;
  gboolean ok;

  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  g_return_val_if_fail (n > 0 && fields != NULL && values != NULL, FALSE);

  if (!check_writable (self, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (find_project_field (fields[i]) == NULL)
      {
        if (failed != NULL)
          *failed = i;
        g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                     _("projects have no field “%s”"), fields[i] ? fields[i] : "");
        return FALSE;
      }
  if (!tx_begin (self, error))
    return FALSE;
  before = snapshot_row (self, table, id, error, &ok);
  if (!ok)
    goto fail;
  if (before == NULL)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND,
                   _("%s: no row with id %" PRId64), table->name, id);
      goto fail;
    }
  for (guint i = 0; i < n; i++)
    {
      const FieldDesc *f = find_project_field (fields[i]);
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autofree char *sql = NULL;
      FieldValue v = { 0 };
      int rc;

      if (first == NULL)
        first = f;
      /* Validate inside the transaction: the county list cannot change under us. */
      if (!normalize_value (self, f, &values[i], &v, error))
        {
          if (failed != NULL)
            *failed = i;
          goto fail;
        }
      /* f->name comes from the static field table, never from the caller. */
      sql = g_strdup_printf ("UPDATE projects SET \"%s\" = ?1 WHERE id = ?2", f->name);
      stmt = prepare (self, sql, error);
      if (stmt == NULL)
        {
          field_value_clear (&v);
          goto fail;
        }
      if (v.is_null)
        sqlite3_bind_null (stmt, 1);
      else if (f->kind == FIELD_YEAR)
        sqlite3_bind_int64 (stmt, 1, (gint64) v.number);
      else if (f->kind == FIELD_AMOUNT)
        sqlite3_bind_double (stmt, 1, v.number);
      else
        sqlite3_bind_text (stmt, 1, v.text, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, id);
      rc = sqlite3_step (stmt);
      field_value_clear (&v);
      if (rc != SQLITE_DONE)
        {
          ra_sqlite_set_error (error, self->db, rc, _("saving the change"));
          goto fail;
        }
    }
  after = snapshot_row (self, table, id, error, &ok);
  if (!ok)
    goto fail;
  label = n == 1 ? g_strdup_printf (_("Edit %s"), _(first->label)) : g_strdup (_("Edit project"));
  if (!record_change (self, NULL, label, table, id, "update", before, after, error))
    goto fail;
  if (!tx_commit (self, error))
    return FALSE;
  emit_changed (self, "projects", id);
  return TRUE;

fail:
  tx_rollback (self);
  return FALSE;
}

/* Inserts a row built by stmt (already bound), then records it. */
static gint64
run_row_insert (RaStore *self, const TableDesc *table, sqlite3_stmt *stmt, const char *label,
                gint64 *group, GError **error)
{
  g_autofree char *after = NULL;
  gboolean ok;
  gint64 id;
  int rc;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      ra_sqlite_set_error (error, self->db, rc, label);
      return 0;
    }
  id = sqlite3_last_insert_rowid (self->db);
  after = snapshot_row (self, table, id, error, &ok);
  if (!ok)
    return 0;
  if (!record_change (self, group, label, table, id, "insert", NULL, after, error))
    return 0;
  return id;
}

gint64
ra_store_insert_project (RaStore *self, const char *code, const char *name,
                         const char *adcode, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const FieldDesc *fname = find_project_field ("name");
  const FieldDesc *fcounty = find_project_field ("adcode");
  FieldValue v = { 0 };
  GValue gv = G_VALUE_INIT;
  gint64 id;

  g_return_val_if_fail (RA_IS_STORE (self), 0);

  if (!tx_begin (self, error))
    return 0;
  g_value_init (&gv, G_TYPE_STRING);
  g_value_set_string (&gv, name);
  if (!normalize_value (self, fname, &gv, &v, error))
    goto fail;
  field_value_clear (&v);
  g_value_set_string (&gv, adcode);
  if (!normalize_value (self, fcounty, &gv, &v, error))
    goto fail;
  field_value_clear (&v);

  stmt = prepare (self, "INSERT INTO projects (code, name, adcode, batch, sort_key)"
                        " VALUES (?1, ?2, ?3, '2026-2030',"
                        " (SELECT coalesce (max (sort_key), 0) + 1 FROM projects))", error);
  if (stmt == NULL)
    goto fail;
  bind_text_or_null (stmt, 1, code);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 3, adcode != NULL && *adcode != '\0' ? adcode : NULL);
  id = run_row_insert (self, find_table ("projects"), stmt, _("Add project"), NULL, error);
  if (id == 0 || !tx_commit (self, error))
    goto fail;
  g_value_unset (&gv);
  emit_changed (self, "projects", id);
  return id;

fail:
  g_value_unset (&gv);
  field_value_clear (&v);
  tx_rollback (self);
  return 0;
}

gint64
ra_store_duplicate_project (RaStore *self, gint64 id, GError **error)
{
  g_autoptr(GString) sql = g_string_new ("INSERT INTO projects (");
  g_autoptr(GString) select = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 new_id;

  g_return_val_if_fail (RA_IS_STORE (self), 0);

  if (!tx_begin (self, error))
    return 0;
  for (const ColumnDesc *c = projects_columns; c->name != NULL; c++)
    {
      g_string_append_printf (sql, "\"%s\", ", c->name);
      if (strcmp (c->name, "name") == 0)
        g_string_append (select, "name || ?2, ");
      else if (strcmp (c->name, "sort_key") == 0)
        g_string_append (select, "sort_key, ");
      else
        g_string_append_printf (select, "\"%s\", ", c->name);
    }
  g_string_append_printf (sql, "geom) SELECT %sgeom FROM projects WHERE id = ?1", select->str);
  stmt = prepare (self, sql->str, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, _(" (copy)"), -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE || sqlite3_changes (self->db) != 1)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND,
                   _("no project with id %" PRId64), id);
      goto fail;
    }
  {
    g_autofree char *after = NULL;
    gboolean ok;

    new_id = sqlite3_last_insert_rowid (self->db);
    after = snapshot_row (self, find_table ("projects"), new_id, error, &ok);
    if (!ok || !record_change (self, NULL, _("Duplicate project"), find_table ("projects"),
                               new_id, "insert", NULL, after, error))
      goto fail;
  }
  if (!tx_commit (self, error))
    return 0;
  emit_changed (self, "projects", new_id);
  return new_id;

fail:
  tx_rollback (self);
  return 0;
}

static gboolean
delete_row (RaStore *self, const TableDesc *table, gint64 id, const char *label, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *before = NULL;
  gboolean ok;
  int rc;

  if (!tx_begin (self, error))
    return FALSE;
  before = snapshot_row (self, table, id, error, &ok);
  if (!ok)
    goto fail;
  if (before == NULL)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND,
                   _("%s: no row with id %" PRId64), table->name, id);
      goto fail;
    }
  sql = g_strdup_printf ("DELETE FROM \"%s\" WHERE id = ?1", table->name);
  stmt = prepare (self, sql, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      ra_sqlite_set_error (error, self->db, rc, label);
      goto fail;
    }
  if (!record_change (self, NULL, label, table, id, "delete", before, NULL, error))
    goto fail;
  if (!tx_commit (self, error))
    return FALSE;
  emit_changed (self, table->name, id);
  return TRUE;

fail:
  tx_rollback (self);
  return FALSE;
}

gboolean
ra_store_delete_project (RaStore *self, gint64 id, GError **error)
{
  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  if (!check_writable (self, error))
    return FALSE;
  return delete_row (self, find_table ("projects"), id, _("Delete project"), error);
}

gboolean
ra_store_delete_row (RaStore *self, const char *table, gint64 id, GError **error)
{
  const TableDesc *desc;
  g_autofree char *label = NULL;

  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  if (!check_writable (self, error) || (desc = lookup_table (table, error)) == NULL)
    return FALSE;
  label = g_strdup_printf (_("Delete from %s"), desc->name);
  return delete_row (self, desc, id, label, error);
}

/* Checks WKT in SQL: parses, validates with GEOS and fits the column. */
static gboolean
check_wkt (RaStore *self, const TableDesc *table, const char *wkt, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;

  sql = g_strdup_printf ("SELECT g IS NOT NULL, ST_IsValid (g), IsValidReason (g),"
                         " %s (g) IS NOT NULL"
                         " FROM (SELECT GeomFromText (?1, 4490) AS g)", geom_cast (table));
  stmt = prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, wkt, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_int (stmt, 0) == 0)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                   _("the geometry cannot be read (WKT expected)"));
      return FALSE;
    }
  if (sqlite3_column_int (stmt, 1) != 1)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                   _("invalid geometry: %s"), (const char *) sqlite3_column_text (stmt, 2));
      return FALSE;
    }
  if (sqlite3_column_int (stmt, 3) == 0)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                   _("this geometry type does not fit %s (%s expected)"),
                   table->name, table->geom_type);
      return FALSE;
    }
  return TRUE;
}

gboolean
ra_store_set_geometry_wkt (RaStore *self, const char *table, gint64 id, const char *wkt,
                           GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  const TableDesc *desc;

  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  if (!check_writable (self, error) || (desc = lookup_table (table, error)) == NULL)
    return FALSE;
  if (desc->geom_type == NULL)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                   _("%s has no geometry"), desc->name);
      return FALSE;
    }
  if (!tx_begin (self, error))
    return FALSE;
  if (wkt != NULL && !check_wkt (self, desc, wkt, error))
    goto fail;
  sql = g_strdup_printf ("UPDATE \"%s\" SET geom = %s (GeomFromText (?1, 4490)) WHERE id = ?2",
                         desc->name, geom_cast (desc));
  stmt = prepare (self, sql, error);
  if (stmt == NULL)
    goto fail;
  bind_text_or_null (stmt, 1, wkt);
  sqlite3_bind_int64 (stmt, 2, id);
  if (!run_row_edit (self, desc, id, stmt, "geometry",
                     wkt != NULL ? _("Edit geometry") : _("Remove geometry"), error))
    goto fail;
  if (!tx_commit (self, error))
    return FALSE;
  emit_changed (self, desc->name, id);
  return TRUE;

fail:
  tx_rollback (self);
  return FALSE;
}

gint64
ra_store_insert_pipeline (RaStore *self, gint64 project_id, const char *name, const char *wkt,
                          GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const TableDesc *desc = find_table ("pipelines");
  gint64 id;

  g_return_val_if_fail (RA_IS_STORE (self), 0);
  if (!tx_begin (self, error))
    return 0;
  if (wkt != NULL && !check_wkt (self, desc, wkt, error))
    goto fail;
  stmt = prepare (self, "INSERT INTO pipelines (project_id, name, geom)"
                        " VALUES (?1, ?2, CastToMultiLinestring (GeomFromText (?3, 4490)))", error);
  if (stmt == NULL)
    goto fail;
  if (project_id != 0)
    sqlite3_bind_int64 (stmt, 1, project_id);
  else
    sqlite3_bind_null (stmt, 1);
  bind_text_or_null (stmt, 2, name);
  bind_text_or_null (stmt, 3, wkt);
  id = run_row_insert (self, desc, stmt, _("Add pipeline"), NULL, error);
  if (id == 0 || !tx_commit (self, error))
    goto fail;
  emit_changed (self, "pipelines", id);
  return id;

fail:
  tx_rollback (self);
  return 0;
}

/* ---- features (sketch tools) ------------------------------------------- */

/* Tables a sketch may add rows to and whose attributes it may set. */
static const TableDesc *
lookup_feature_table (const char *table, GError **error)
{
  static const char * const editable[] = { "plants", "pipelines", "footprints",
                                           "built_up_areas", NULL };

  if (table == NULL || !g_strv_contains (editable, table))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND,
                   _("features cannot be added to “%s”"), table ? table : "");
      return NULL;
    }
  return find_table (table);
}

/* Binds a column value given as text: NULL or blank is SQL NULL, numbers
 * must parse completely.  The error names the column. */
static gboolean
bind_column_text (sqlite3_stmt *stmt, int idx, const TableDesc *table, const ColumnDesc *col,
                  const char *text, GError **error)
{
  double number;

  if (is_blank (text))
    {
      sqlite3_bind_null (stmt, idx);
      return TRUE;
    }
  if (col->type == COL_TEXT)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (text));
      sqlite3_bind_text (stmt, idx, stripped, -1, SQLITE_TRANSIENT);
      return TRUE;
    }
  if (!parse_number (text, &number) || (col->type == COL_INT && number != floor (number)))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                   _("%s.%s: “%s” is not a number"), table->name, col->name, text);
      return FALSE;
    }
  if (col->type == COL_INT)
    sqlite3_bind_int64 (stmt, idx, (gint64) number);
  else
    sqlite3_bind_double (stmt, idx, number);
  return TRUE;
}

/* Collects the columns of fields (checked against the table) in a stable
 * order.  Returns: (transfer container) (element-type ColumnDesc) */
static GPtrArray *
feature_columns (const TableDesc *table, GHashTable *fields, GError **error)
{
  g_autoptr(GPtrArray) cols = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  if (fields == NULL)
    return g_steal_pointer (&cols);
  g_hash_table_iter_init (&iter, fields);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (find_column (table, key) == NULL)
      {
        g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                     _("%s has no field “%s”"), table->name, (const char *) key);
        return NULL;
      }
  for (const ColumnDesc *c = table->columns; c->name != NULL; c++)
    if (g_hash_table_contains (fields, c->name))
      g_ptr_array_add (cols, (gpointer) c);
  return g_steal_pointer (&cols);
}

static const char *
feature_label (const TableDesc *table, gboolean insert)
{
  if (strcmp (table->name, "plants") == 0)
    return insert ? _("Add point") : _("Edit point");
  if (strcmp (table->name, "pipelines") == 0)
    return insert ? _("Add pipeline") : _("Edit pipeline");
  if (strcmp (table->name, "footprints") == 0)
    return insert ? _("Add project footprint") : _("Edit project footprint");
  return insert ? _("Add built-up area") : _("Edit built-up area");
}

gint64
ra_store_insert_feature (RaStore *self, const char *table, GHashTable *fields, const char *wkt,
                         GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) cols = NULL;
  g_autoptr(GString) sql = NULL;
  g_autoptr(GString) values = NULL;
  const TableDesc *desc;
  gint64 id;

  g_return_val_if_fail (RA_IS_STORE (self), 0);
  if (!check_writable (self, error) || (desc = lookup_feature_table (table, error)) == NULL)
    return 0;
  if ((cols = feature_columns (desc, fields, error)) == NULL)
    return 0;
  if (strcmp (desc->name, "plants") == 0 &&
      (fields == NULL || is_blank (g_hash_table_lookup (fields, "name"))))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                   _("%s.%s: a value is required"), desc->name, "name");
      return 0;
    }

  sql = g_string_new (NULL);
  values = g_string_new (NULL);
  g_string_printf (sql, "INSERT INTO \"%s\" (", desc->name);
  for (guint i = 0; i < cols->len; i++)
    {
      const ColumnDesc *c = g_ptr_array_index (cols, i);
      g_string_append_printf (sql, "\"%s\", ", c->name);
      g_string_append_printf (values, "?%u, ", i + 1);
    }
  g_string_append_printf (sql, "geom) VALUES (%s%s (GeomFromText (?%u, 4490)))",
                          values->str, geom_cast (desc), cols->len + 1);

  if (!tx_begin (self, error))
    return 0;
  if (wkt != NULL && !check_wkt (self, desc, wkt, error))
    goto fail;
  stmt = prepare (self, sql->str, error);
  if (stmt == NULL)
    goto fail;
  for (guint i = 0; i < cols->len; i++)
    {
      const ColumnDesc *c = g_ptr_array_index (cols, i);
      if (!bind_column_text (stmt, i + 1, desc, c, g_hash_table_lookup (fields, c->name), error))
        goto fail;
    }
  bind_text_or_null (stmt, cols->len + 1, wkt);
  id = run_row_insert (self, desc, stmt, feature_label (desc, TRUE), NULL, error);
  if (id == 0 || !tx_commit (self, error))
    goto fail;
  emit_changed (self, desc->name, id);
  return id;

fail:
  tx_rollback (self);
  return 0;
}

gboolean
ra_store_update_feature (RaStore *self, const char *table, gint64 id, GHashTable *fields,
                         GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) cols = NULL;
  g_autoptr(GString) sql = NULL;
  const TableDesc *desc;

  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  if (!check_writable (self, error) || (desc = lookup_feature_table (table, error)) == NULL)
    return FALSE;
  if ((cols = feature_columns (desc, fields, error)) == NULL)
    return FALSE;
  if (cols->len == 0)
    return TRUE;

  sql = g_string_new (NULL);
  g_string_printf (sql, "UPDATE \"%s\" SET ", desc->name);
  for (guint i = 0; i < cols->len; i++)
    g_string_append_printf (sql, "%s\"%s\" = ?%u", i > 0 ? ", " : "",
                            ((const ColumnDesc *) g_ptr_array_index (cols, i))->name, i + 1);
  g_string_append_printf (sql, " WHERE id = ?%u", cols->len + 1);

  if (!tx_begin (self, error))
    return FALSE;
  stmt = prepare (self, sql->str, error);
  if (stmt == NULL)
    goto fail;
  for (guint i = 0; i < cols->len; i++)
    {
      const ColumnDesc *c = g_ptr_array_index (cols, i);
      if (!bind_column_text (stmt, i + 1, desc, c, g_hash_table_lookup (fields, c->name), error))
        goto fail;
    }
  sqlite3_bind_int64 (stmt, cols->len + 1, id);
  if (!run_row_edit (self, desc, id, stmt, "update", feature_label (desc, FALSE), error))
    goto fail;
  if (!tx_commit (self, error))
    return FALSE;
  emit_changed (self, desc->name, id);
  return TRUE;

fail:
  tx_rollback (self);
  return FALSE;
}

RaGeometry *
ra_store_get_geometry (RaStore *self, const char *table, gint64 id, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  const TableDesc *desc;
  RaGeomKind kind;
  int rc;

  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  if (!check_open (self, error) || (desc = lookup_table (table, error)) == NULL)
    return NULL;
  if (desc->geom_type == NULL)
    return NULL;
  /* WKB keeps every bit of the doubles; WKT text would round them. */
  sql = g_strdup_printf ("SELECT AsBinary (geom) FROM \"%s\" WHERE id = ?1", desc->name);
  stmt = prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        ra_sqlite_set_error (error, self->db, rc, _("reading a geometry"));
      return NULL;
    }
  if (sqlite3_column_type (stmt, 0) != SQLITE_BLOB)
    return NULL;
  kind = strcmp (desc->geom_type, "POINT") == 0 ? RA_GEOM_POINT
       : strcmp (desc->geom_type, "MULTILINESTRING") == 0 ? RA_GEOM_LINE : RA_GEOM_POLYGON;
  return ra_gdal_geometry_from_wkb (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0),
                                    kind);
}

/* ---- geometries that cannot be read ------------------------------------ */

void
ra_geometry_problem_free (RaGeometryProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->table);
  g_free (problem->problem);
  g_free (problem);
}

GPtrArray *
ra_store_list_unreadable_geometries (RaStore *self, const char *table, GError **error)
{
  g_autoptr(GPtrArray) problems = NULL;
  const TableDesc *only = NULL;

  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  if (!check_open (self, error))
    return NULL;
  if (table != NULL && (only = lookup_table (table, error)) == NULL)
    return NULL;
  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) ra_geometry_problem_free);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      if (tables[i].geom_type == NULL || (only != NULL && only != &tables[i]))
        continue;
      if (!ra_store_schema_scan_geometries (self->db, tables[i].name, tables[i].geom_type,
                                            RA_STORE_SRID, problems, error))
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

/* ---- undo / redo ------------------------------------------------------- */

gboolean
ra_store_can_undo (RaStore *self)
{
  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  return self->undo != NULL && self->read_only_reason == NULL && ra_undo_can (self->undo, FALSE);
}

gboolean
ra_store_can_redo (RaStore *self)
{
  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  return self->undo != NULL && self->read_only_reason == NULL && ra_undo_can (self->undo, TRUE);
}

char *
ra_store_dup_undo_label (RaStore *self)
{
  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  return self->undo != NULL ? ra_undo_dup_label (self->undo, FALSE) : NULL;
}

char *
ra_store_dup_redo_label (RaStore *self)
{
  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  return self->undo != NULL ? ra_undo_dup_label (self->undo, TRUE) : NULL;
}

static gboolean
undo_or_redo (RaStore *self, gboolean redo, GError **error)
{
  g_autoptr(GPtrArray) changes = NULL;
  const char *action = redo ? "redo" : "undo";
  const char *table_changed = NULL;
  gint64 row_changed = 0;

  if (!tx_begin (self, error))
    return FALSE;
  changes = ra_undo_peek (self->undo, redo, error);
  if (changes == NULL)
    goto fail;
  if (changes->len == 0)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOTHING_TO_UNDO,
                   redo ? _("nothing to redo") : _("nothing to undo"));
      goto fail;
    }
  for (guint i = 0; i < changes->len; i++)
    {
      RaUndoChange *change = g_ptr_array_index (changes, i);
      const TableDesc *desc = find_table (change->table_name);
      const char *target = redo ? change->after_json : change->before_json;
      g_autofree char *current = NULL;
      gboolean ok;

      if (desc == NULL)
        {
          g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_FAILED,
                       _("the undo history names an unknown table “%s”"), change->table_name);
          goto fail;
        }
      current = snapshot_row (self, desc, change->row_id, error, &ok);
      if (!ok || !apply_snapshot (self, desc, change->row_id, target, error) ||
          !write_audit (self, desc->name, change->row_id, action, current, target, error))
        goto fail;
      if (i == 0)
        table_changed = desc->name, row_changed = change->row_id;
      else if (g_strcmp0 (table_changed, desc->name) != 0)
        table_changed = NULL, row_changed = 0;
      else
        row_changed = 0;
    }
  if (!ra_undo_mark_group (self->undo, ((RaUndoChange *) g_ptr_array_index (changes, 0))->group_id,
                           !redo, error))
    goto fail;
  if (!tx_commit (self, error))
    return FALSE;
  emit_changed (self, table_changed, row_changed);
  return TRUE;

fail:
  tx_rollback (self);
  return FALSE;
}

gboolean
ra_store_undo (RaStore *self, GError **error)
{
  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  if (!check_writable (self, error))
    return FALSE;
  return undo_or_redo (self, FALSE, error);
}

gboolean
ra_store_redo (RaStore *self, GError **error)
{
  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  if (!check_writable (self, error))
    return FALSE;
  return undo_or_redo (self, TRUE, error);
}

/* ---- import ----------------------------------------------------------- */

typedef struct {
  const ColumnDesc *column;
  int               source_index;
  const char       *source_name;
} ImportColumn;

static void
add_problem (GPtrArray *report, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
add_problem (GPtrArray *report, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (report, g_strdup_vprintf (format, args));
  va_end (args);
}

static gboolean
import_layer (RaStore     *self,
              const char  *path,
              const char  *layer_name,
              const char  *encoding,
              const TableDesc *desc,
              GHashTable  *field_map,
              gboolean     record_undo,
              guint       *n_imported,
              GPtrArray   *report,
              GError     **error)
{
  g_autofree char *display = ra_path_display_name (path);
  g_autoptr(RaGdalFeatures) features = NULL;
  g_autoptr(GArray) columns = g_array_new (FALSE, FALSE, sizeof (ImportColumn));
  g_autoptr(RaCrs) src_crs = NULL;
  g_autoptr(RaCrs) dst_crs = NULL;
  g_autoptr(RaTransform) transform = NULL;
  g_autoptr(GString) sql = NULL;
  g_autoptr(GString) values = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *crs_problem = NULL;
  const RaSourceText *text;
  GError *local = NULL;
  gint64 group = 0;
  guint row = 0, n_ok = 0;
  int rc;

  ra_source_init ();
  /* A FIFO or device would block GDAL's first read forever. */
  if (g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (path, G_FILE_TEST_IS_REGULAR) &&
      !g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_IMPORT,
                   _("%s: not a regular file or folder (a pipe or device cannot be read as data)"), display);
      return FALSE;
    }
  if (encoding != NULL && *encoding != '\0' && !ra_encoding_is_known (encoding))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_IMPORT,
                   _("%s: unknown text encoding “%s” (try GB18030, BIG5, UTF-8 or ISO-8859-1)"),
                   display, encoding);
      return FALSE;
    }
  features = ra_gdal_features_open (path, layer_name, encoding, &crs_problem, &local);
  if (features == NULL)
    return ra_gdal_propagate_error (error, local, RA_STORE_ERROR, RA_STORE_ERROR_IMPORT);
  text = ra_gdal_features_get_text (features);

  /* Columns: mapping first, then same-named fields. */
  if (field_map != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, field_map);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          int idx = ra_gdal_features_get_field_index (features, key);
          const ColumnDesc *col = find_column (desc, value);

          if (idx < 0)
            add_problem (report, _("%s: the mapping names a field “%s” the layer does not have"),
                         display, (const char *) key);
          if (col == NULL || strcmp (col->name, "sort_key") == 0)
            add_problem (report, _("%s: the mapping targets a column “%s” that %s does not have"),
                         display, (const char *) value, desc->name);
          if (idx >= 0 && col != NULL)
            {
              ImportColumn ic = { col, idx, key };
              g_array_append_val (columns, ic);
            }
        }
    }
  for (guint i = 0; i < ra_gdal_features_get_n_fields (features); i++)
    {
      const char *fname = ra_gdal_features_get_field_name (features, i);
      const ColumnDesc *col = find_column (desc, fname);
      gboolean taken = FALSE;

      if (col == NULL || (field_map != NULL && g_hash_table_contains (field_map, fname)))
        continue;
      for (guint j = 0; j < columns->len; j++)
        if (g_array_index (columns, ImportColumn, j).column == col)
          taken = TRUE;
      if (!taken)
        {
          ImportColumn ic = { col, i, fname };
          g_array_append_val (columns, ic);
        }
    }

  /* Required columns. */
  {
    const char *required = NULL;

    if (desc == find_table ("counties"))
      required = "adcode";
    else if (desc == find_table ("plants"))
      required = "name";
    if (required != NULL)
      {
        gboolean found = FALSE;

        for (guint j = 0; j < columns->len; j++)
          if (strcmp (g_array_index (columns, ImportColumn, j).column->name, required) == 0)
            found = TRUE;
        if (!found)
          add_problem (report, _("%s: no field for the required column “%s” of %s (map one with src=%s)"),
                       display, required, desc->name, required);
      }
    if (desc == find_table ("counties"))
      {
        gboolean found = FALSE;

        for (guint j = 0; j < columns->len; j++)
          if (strcmp (g_array_index (columns, ImportColumn, j).column->name, "name_zh") == 0)
            found = TRUE;
        if (!found)
          add_problem (report, _("%s: no field for the required column “%s” of %s (map one with src=%s)"),
                       display, "name_zh", desc->name, "name_zh");
      }
  }

  if (crs_problem != NULL)
    add_problem (report, _("%s: %s; assign a known CRS (a .prj, or EPSG:n in the file) before importing"),
                 display, crs_problem);
  else if (!ra_gdal_features_has_crs (features))
    add_problem (report, _("%s: the layer has no coordinate reference system (add a .prj or assign one before importing)"),
                 display);
  else
    {
      g_autoptr(GError) local = NULL;

      src_crs = ra_gdal_features_dup_crs (features, RA_GDAL_CRS_DEFAULT);
      dst_crs = ra_crs_new_from_epsg (RA_STORE_SRID, &local);
      if (src_crs != NULL && dst_crs != NULL)
        transform = ra_transform_new (src_crs, dst_crs, &local);
      if (transform == NULL)
        add_problem (report, _("%s: cannot reproject to CGCS2000 (EPSG:4490): %s"), display,
                     local ? local->message : _("unknown CRS"));
    }
  if (report->len > 0)
    goto rejected;

  sql = g_string_new (NULL);
  values = g_string_new (NULL);
  g_string_printf (sql, "INSERT INTO \"%s\" (", desc->name);
  for (guint j = 0; j < columns->len; j++)
    {
      g_string_append_printf (sql, "\"%s\", ", g_array_index (columns, ImportColumn, j).column->name);
      g_string_append_printf (values, "?%u, ", j + 1);
    }
  g_string_append_printf (sql, "geom) VALUES (%s%s (GeomFromWKB (?%u, 4490)))",
                          values->str, geom_cast (desc), columns->len + 1);

  /* From here a failure is the project's (busy, full disk...): named so. */
  if (!tx_begin (self, error))
    return prefix_error (error, self->named_path);
  stmt = prepare (self, sql->str, error);
  if (stmt == NULL)
    goto fail;

  ra_gdal_features_rewind (features);
  while (ra_gdal_features_next (features))
    {
      OGRGeometryH geom = ra_gdal_features_get_geometry (features);
      g_autofree char *row_name = NULL;
      g_autoptr(GBytes) wkb = NULL;
      g_autofree char *reason = NULL;
      gboolean row_ok = TRUE;

      row++;
      row_name = g_strdup_printf (_("%s: row %u (feature %" PRId64 ")"), display, row,
                                  ra_gdal_features_get_fid (features));
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);

      for (guint j = 0; j < columns->len; j++)
        {
          ImportColumn *ic = &g_array_index (columns, ImportColumn, j);
          const char *value = ra_gdal_features_get_value (features, ic->source_index);
          double number;

          if (value == NULL)
            continue;
          if (ic->column->type == COL_TEXT)
            {
              guint n_failed = 0;
              g_autofree char *decoded = text->raw
                ? ra_source_decode_text (text->charset, value, NULL, &n_failed) : NULL;

              if (text->raw && n_failed > 0)
                {
                  add_problem (report, _("%s: field “%s” is not valid %s text (choose the encoding)"),
                               row_name, ic->source_name, ra_encoding_display_name (text->charset));
                  row_ok = FALSE;
                }
              else if (!text->raw && !g_utf8_validate (value, -1, NULL))
                {
                  add_problem (report, _("%s: field “%s” is not valid UTF-8 text"),
                               row_name, ic->source_name);
                  row_ok = FALSE;
                }
              else
                sqlite3_bind_text (stmt, j + 1, decoded != NULL ? decoded : value, -1,
                                   SQLITE_TRANSIENT);
            }
          else if (!parse_number (value, &number))
            {
              g_autofree char *shown = g_utf8_make_valid (value, -1);

              add_problem (report, _("%s: field “%s” is not a number: “%s”"),
                           row_name, ic->source_name, shown);
              row_ok = FALSE;
            }
          else if (ic->column->type == COL_INT)
            sqlite3_bind_int64 (stmt, j + 1, (gint64) number);
          else
            sqlite3_bind_double (stmt, j + 1, number);
        }

      if (ra_gdal_geometry_is_empty (geom))
        {
          add_problem (report, _("%s: no geometry"), row_name);
          row_ok = FALSE;
        }
      else if (!ra_gdal_geometry_fits (geom, desc->geom_type))
        {
          add_problem (report, _("%s: a %s cannot go into %s (%s expected)"), row_name,
                       ra_gdal_geometry_type_name (geom), desc->name, desc->geom_type);
          row_ok = FALSE;
        }
      else if (!ra_gdal_geometry_is_valid (geom, &reason))
        {
          add_problem (report, _("%s: invalid geometry (%s)"), row_name, reason);
          row_ok = FALSE;
        }
      /* The store is lon/lat (EPSG:4490). */
      else if ((wkb = ra_gdal_geometry_reproject_wkb (geom, transform, 180.0, 90.0)) == NULL)
        {
          add_problem (report, _("%s: coordinates cannot be reprojected to EPSG:4490 or fall outside longitude ±180°, latitude ±90°"),
                       row_name);
          row_ok = FALSE;
        }
      else
        sqlite3_bind_blob (stmt, columns->len + 1, g_bytes_get_data (wkb, NULL),
                           g_bytes_get_size (wkb), SQLITE_TRANSIENT);

      /* Keep checking every row so the report names all of them. */
      if (!row_ok || report->len > 0)
        continue;

      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        {
          int primary = rc & 0xff;

          /* A full disk, a lock or a damaged file is no fault of the row:
           * stop and say what happened. */
          if (primary == SQLITE_IOERR || primary == SQLITE_FULL || primary == SQLITE_BUSY ||
              primary == SQLITE_LOCKED || primary == SQLITE_READONLY || primary == SQLITE_NOMEM ||
              primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB || primary == SQLITE_CANTOPEN)
            {
              ra_sqlite_set_error (error, self->db, rc, _("saving the change"));
              goto fail;
            }
          add_problem (report, "%s: %s", row_name, sqlite3_errmsg (self->db));
          continue;
        }
      if (record_undo)
        {
          gint64 id = sqlite3_last_insert_rowid (self->db);
          g_autofree char *after = NULL;
          gboolean ok;

          after = snapshot_row (self, desc, id, error, &ok);
          if (!ok)
            goto fail;
          /* One audit row for the whole import (below), one undo group. */
          group = ra_undo_push (self->undo, group, _("Import"), desc->name, id, NULL, after, error);
          if (group == 0)
            goto fail;
        }
      n_ok++;
    }

  if (report->len > 0)
    {
      tx_rollback (self);
      goto rejected;
    }
  if (row == 0)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_IMPORT,
                   _("%s: the layer has no features"), display);
      tx_rollback (self);
      return FALSE;
    }
  {
    g_autofree char *summary = NULL;
    g_autoptr(sqlite3_stmt) js = prepare (self, "SELECT json_object ('source', ?1, 'layer', ?2,"
                                                " 'rows', ?3)", error);

    if (js == NULL)
      goto fail;
    sqlite3_bind_text (js, 1, path, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (js, 2, ra_gdal_features_get_layer_name (features), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int (js, 3, (int) n_ok);
    rc = sqlite3_step (js);
    if (rc != SQLITE_ROW)
      {
        ra_sqlite_set_error (error, self->db, rc, _("writing the audit log"));
        goto fail;
      }
    summary = column_dup_text (js, 0);
    if (!write_audit (self, desc->name, 0, "import", NULL, summary, error))
      goto fail;
  }
  if (!tx_commit (self, error))
    return prefix_error (error, self->named_path);
  if (n_imported != NULL)
    *n_imported = n_ok;
  emit_changed (self, desc->name, 0);
  return TRUE;

rejected:
  g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_IMPORT,
               g_dngettext (GETTEXT_PACKAGE,
                            "%s: import rejected, nothing was written: %u problem (first: %s)",
                            "%s: import rejected, nothing was written: %u problems (first: %s)",
                            report->len),
               display, report->len, (const char *) g_ptr_array_index (report, 0));
  return FALSE;

fail:
  tx_rollback (self);
  return prefix_error (error, self->named_path);
}

gboolean
ra_store_import_layer (RaStore     *self,
                       const char  *path,
                       const char  *layer_name,
                       const char  *target_table,
                       GHashTable  *field_map,
                       guint       *n_imported,
                       GPtrArray  **report,
                       GError     **error)
{
  return ra_store_import_layer_encoded (self, path, layer_name, NULL, target_table, field_map,
                                        n_imported, report, error);
}

gboolean
ra_store_import_layer_encoded (RaStore     *self,
                               const char  *path,
                               const char  *layer_name,
                               const char  *encoding,
                               const char  *target_table,
                               GHashTable  *field_map,
                               guint       *n_imported,
                               GPtrArray  **report,
                               GError     **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  const TableDesc *desc;
  gboolean ok;

  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (n_imported != NULL)
    *n_imported = 0;
  if (!check_writable (self, error))
    return prefix_error (error, self->named_path);
  desc = find_table (target_table);
  if (desc == NULL || !desc->importable)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_IMPORT,
                   _("cannot import into “%s”: choose plants, pipelines, footprints, counties or built_up_areas"),
                   target_table ? target_table : "");
      return prefix_error (error, self->named_path);
    }
  ok = import_layer (self, path, layer_name, encoding, desc, field_map, TRUE, n_imported, problems, error);
  if (report != NULL)
    *report = g_steal_pointer (&problems);
  return ok;
}

/* ---- export ----------------------------------------------------------- */

gboolean
ra_store_export_layer (RaStore     *self,
                       const char  *table,
                       const char  *out_path,
                       GPtrArray  **warnings,
                       GError     **error)
{
  g_autofree char *display = NULL;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_auto(GDALDatasetH) src = NULL;
  g_autofree char *why = NULL;
  const char *allowed[] = { "SQLite", NULL };
  const char *driver_name;
  const TableDesc *desc;
  GError *local = NULL;

  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_path != NULL, FALSE);

  display = ra_path_display_name (out_path);
  if (!check_open (self, error) || (desc = lookup_table (table, error)) == NULL)
    return FALSE;
  driver_name = ra_gdal_vector_driver_for_path (out_path);
  if (driver_name == NULL)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_EXPORT,
                   _("%s: unknown format; use .shp, .gpkg, .geojson, .kml or .dxf"), display);
      return FALSE;
    }
  if (g_file_test (out_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_EXPORT,
                   _("%s: file exists; choose another name"), display);
      return FALSE;
    }

  src = ra_gdal_open_vector (self->path, allowed, &why);
  if (src == NULL)
    return ra_sqlite_set_error (error, NULL, SQLITE_CANTOPEN, why);
  /* projects: the view, so the derived cap_total goes out too. */
  if (!ra_gdal_copy_layer (src, self->path,
                           strcmp (desc->name, "projects") == 0 ? "projects_v" : desc->name,
                           out_path, driver_name, desc->name, notes, &local))
    return ra_gdal_propagate_error (error, local, RA_STORE_ERROR, RA_STORE_ERROR_EXPORT);
  if (warnings != NULL)
    *warnings = g_steal_pointer (&notes);
  return TRUE;
}

/* ---- sample projects --------------------------------------------------- */

/* The first layer of a CSV table of the sample, read as it is. */
static RaGdalFeatures *
open_csv (const char *path, GError **error)
{
  GError *local = NULL;
  RaGdalFeatures *features = ra_gdal_features_open_csv (path, &local);

  if (features == NULL)
    ra_gdal_propagate_error (error, local, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND);
  return features;
}

static const char *
csv_get (RaGdalFeatures *f, const char *name)
{
  return ra_gdal_features_get_value_by_name (f, name);
}

/* NAN for blank; FALSE for text that is not a number. */
static gboolean
csv_number (RaGdalFeatures *f, const char *name, double *out, const char *path, GError **error)
{
  const char *text = csv_get (f, name);

  *out = NAN;
  if (text == NULL)
    return TRUE;
  if (!parse_number (text, out))
    {
      g_autofree char *display = ra_path_display_name (path);
      /* The cell's bytes may be anything; the message must be UTF-8. */
      g_autofree char *shown = g_utf8_make_valid (text, -1);

      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_IMPORT,
                   _("%s: row %" PRId64 ": “%s” is not a number in column %s"),
                   display, ra_gdal_features_get_fid (f), shown, name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_targets (RaStore *self, const char *path, GError **error)
{
  g_autoptr(RaGdalFeatures) f = open_csv (path, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (f == NULL)
    return FALSE;
  stmt = prepare (self, "INSERT INTO indicators (adcode, area_zh, year, kind, origin,"
                        " nonconventional_use, reclaimed_use, mine_use, reclaimed_rate_pct, binding)"
                        " VALUES (?1, ?2, ?3, ?4, 'targets', ?5, ?6, ?7, ?8, ?9)", error);
  if (stmt == NULL)
    return FALSE;
  while (ra_gdal_features_next (f))
    {
      double nc, rec, mine, rate;
      const char *year = csv_get (f, "year");
      int rc;

      if (!csv_number (f, "nonconventional_use", &nc, path, error) ||
          !csv_number (f, "reclaimed_use", &rec, path, error) ||
          !csv_number (f, "mine_use", &mine, path, error) ||
          !csv_number (f, "reclaimed_rate_pct", &rate, path, error))
        return FALSE;
      sqlite3_reset (stmt);
      bind_text_or_null (stmt, 1, csv_get (f, "adcode"));
      bind_text_or_null (stmt, 2, csv_get (f, "county_zh"));
      sqlite3_bind_int (stmt, 3, year ? (int) g_ascii_strtoll (year, NULL, 10) : 0);
      bind_text_or_null (stmt, 4, csv_get (f, "kind"));
      bind_double_or_null (stmt, 5, nc);
      bind_double_or_null (stmt, 6, rec);
      bind_double_or_null (stmt, 7, mine);
      bind_double_or_null (stmt, 8, rate);
      sqlite3_bind_int (stmt, 9, g_strcmp0 (csv_get (f, "binding"), "yes") == 0);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        return ra_sqlite_set_error (error, self->db, rc, path);
    }
  return TRUE;
}

static gboolean
load_history (RaStore *self, const char *path, GError **error)
{
  g_autoptr(RaGdalFeatures) f = open_csv (path, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) metric = NULL;

  if (f == NULL)
    return FALSE;
  stmt = prepare (self, "INSERT INTO indicators (adcode, area_zh, year, kind, origin,"
                        " reclaimed_use, reclaimed_rate_pct, note)"
                        " VALUES (?1, ?2, ?3, 'actual', 'history', ?4, ?5, ?6)", error);
  metric = prepare (self, "INSERT INTO plan_metrics (adcode, area_zh, year, metric, note)"
                          " VALUES (?1, ?2, ?3, 'history_note', ?4)", error);
  if (stmt == NULL || metric == NULL)
    return FALSE;
  while (ra_gdal_features_next (f))
    {
      const char *year = csv_get (f, "year");
      double use, rate;
      sqlite3_stmt *target;
      int rc;

      if (!csv_number (f, "reclaimed_use", &use, path, error) ||
          !csv_number (f, "reclaimed_rate_pct", &rate, path, error))
        return FALSE;
      /* A row with no figures is a note (the mine-water remark), kept as such. */
      target = (isnan (use) && isnan (rate)) ? metric : stmt;
      sqlite3_reset (target);
      bind_text_or_null (target, 1, csv_get (f, "adcode"));
      bind_text_or_null (target, 2, csv_get (f, "area_zh"));
      sqlite3_bind_int (target, 3, year ? (int) g_ascii_strtoll (year, NULL, 10) : 0);
      if (target == stmt)
        {
          bind_double_or_null (stmt, 4, use);
          bind_double_or_null (stmt, 5, rate);
          bind_text_or_null (stmt, 6, csv_get (f, "note"));
        }
      else
        bind_text_or_null (metric, 4, csv_get (f, "note"));
      rc = sqlite3_step (target);
      if (rc != SQLITE_DONE)
        return ra_sqlite_set_error (error, self->db, rc, path);
    }
  return TRUE;
}

static gboolean
load_projects (RaStore *self, const char *path, GError **error)
{
  static const struct { const char *csv, *column; } text_cols[] = {
    { "id", "code" }, { "name_zh", "name" }, { "county_adcode", "adcode" },
    { "source", "source" }, { "status", "status" }, { "batch", "batch" },
    { "start", "start" }, { "prep_stage", "prep_stage" }, { "owner_zh", "owner" },
    { "scope_zh", "scope" },
  };
  static const char * const number_cols[] = {
    "investment_total", "investment_2024_2025", "cap_industry", "cap_agriculture",
    "cap_ecological", "cap_urban_nonpotable", "pipeline_km", "storage_m3",
    "treatment_m3_per_day",
  };
  g_autoptr(RaGdalFeatures) f = open_csv (path, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) sql = g_string_new ("INSERT INTO projects (sort_key");
  g_autoptr(GString) values = g_string_new ("?1");
  int n = 1, sort_key = 0;

  if (f == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (text_cols); i++)
    {
      g_string_append_printf (sql, ", %s", text_cols[i].column);
      g_string_append_printf (values, ", ?%d", ++n);
    }
  for (guint i = 0; i < G_N_ELEMENTS (number_cols); i++)
    {
      g_string_append_printf (sql, ", %s", number_cols[i]);
      g_string_append_printf (values, ", ?%d", ++n);
    }
  g_string_append_printf (sql, ") VALUES (%s)", values->str);
  stmt = prepare (self, sql->str, error);
  if (stmt == NULL)
    return FALSE;

  while (ra_gdal_features_next (f))
    {
      double parts = 0, listed;
      int idx = 1, rc;

      sqlite3_reset (stmt);
      sqlite3_bind_int (stmt, idx++, ++sort_key);
      for (guint i = 0; i < G_N_ELEMENTS (text_cols); i++)
        bind_text_or_null (stmt, idx++, csv_get (f, text_cols[i].csv));
      for (guint i = 0; i < G_N_ELEMENTS (number_cols); i++)
        {
          double v;

          if (!csv_number (f, number_cols[i], &v, path, error))
            return FALSE;
          if (g_str_has_prefix (number_cols[i], "cap_") && !isnan (v))
            parts += v;
          bind_double_or_null (stmt, idx++, v);
        }
      /* cap_total is derived; the file's own total must agree with the parts. */
      if (!csv_number (f, "cap_total", &listed, path, error))
        return FALSE;
      if (!isnan (listed) && fabs (listed - parts) > 1e-9)
        {
          g_autofree char *display = ra_path_display_name (path);

          g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_IMPORT,
                       _("%s: project %s: cap_total %g differs from the sum of its parts %g"),
                       display, csv_get (f, "id"), listed, parts);
          return FALSE;
        }
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        {
          g_autofree char *what = g_strdup_printf ("%s: %s", path, csv_get (f, "id"));
          return ra_sqlite_set_error (error, self->db, rc, what);
        }
    }
  return TRUE;
}

/* Xinzhou's targets are city-level metrics: all go to plan_metrics, use and
 * rate also to indicators. */
static gboolean
load_city_metrics (RaStore *self, const char *path, const char *city_adcode, GError **error)
{
  g_autoptr(RaGdalFeatures) f = open_csv (path, error);
  g_autoptr(sqlite3_stmt) metric = NULL;
  g_autoptr(sqlite3_stmt) indicator = NULL;

  if (f == NULL)
    return FALSE;
  metric = prepare (self, "INSERT INTO plan_metrics (adcode, area_zh, year, metric, value, unit, note)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  /* metric names come from our own fixed list below */
  indicator = prepare (self, "INSERT INTO indicators (adcode, area_zh, year, kind, origin,"
                             " reclaimed_use, reclaimed_rate_pct)"
                             " VALUES (?1, ?2, ?3, 'target_min', 'targets', ?4, ?5)"
                             " ON CONFLICT (adcode, year, kind, origin) DO UPDATE SET"
                             " reclaimed_use = coalesce (excluded.reclaimed_use, reclaimed_use),"
                             " reclaimed_rate_pct = coalesce (excluded.reclaimed_rate_pct, reclaimed_rate_pct)",
                     error);
  if (metric == NULL || indicator == NULL)
    return FALSE;
  while (ra_gdal_features_next (f))
    {
      const char *year_text = csv_get (f, "year");
      const char *name = csv_get (f, "metric");
      int year = year_text ? (int) g_ascii_strtoll (year_text, NULL, 10) : 0;
      double value;
      int rc;

      if (!csv_number (f, "value", &value, path, error))
        return FALSE;
      sqlite3_reset (metric);
      sqlite3_bind_text (metric, 1, city_adcode, -1, SQLITE_TRANSIENT);
      bind_text_or_null (metric, 2, csv_get (f, "area_zh"));
      sqlite3_bind_int (metric, 3, year);
      bind_text_or_null (metric, 4, name);
      bind_double_or_null (metric, 5, value);
      bind_text_or_null (metric, 6, csv_get (f, "unit"));
      bind_text_or_null (metric, 7, csv_get (f, "note"));
      rc = sqlite3_step (metric);
      if (rc != SQLITE_DONE)
        return ra_sqlite_set_error (error, self->db, rc, path);

      if (g_strcmp0 (name, "reclaimed_use") == 0 || g_strcmp0 (name, "reclaimed_rate_pct") == 0)
        {
          gboolean is_use = g_strcmp0 (name, "reclaimed_use") == 0;

          sqlite3_reset (indicator);
          sqlite3_clear_bindings (indicator);
          sqlite3_bind_text (indicator, 1, city_adcode, -1, SQLITE_TRANSIENT);
          bind_text_or_null (indicator, 2, csv_get (f, "area_zh"));
          sqlite3_bind_int (indicator, 3, year);
          bind_double_or_null (indicator, is_use ? 4 : 5, value);
          rc = sqlite3_step (indicator);
          if (rc != SQLITE_DONE)
            return ra_sqlite_set_error (error, self->db, rc, path);
        }
    }
  return TRUE;
}

/* The plan names the county wastewater treatment plants but gives no
 * coordinates: they are put at the county seats and flagged approximate. */
static gboolean
place_county_plants (RaStore *self, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare (self, "INSERT INTO plants (name, adcode, kind, location_approx, notes, geom)"
                        " SELECT name_zh || ?1, adcode, 'wwtp', 1, ?2,"
                        "  MakePoint (seat_lon, seat_lat, 4490)"
                        " FROM counties WHERE seat_lon IS NOT NULL ORDER BY adcode", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, "污水处理厂", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, "示意位置：县城驻地，非实测坐标 (schematic: county seat, not surveyed)",
                     -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return ra_sqlite_set_error (error, self->db, rc, _("placing the plants"));
  return TRUE;
}

static gboolean
set_meta (RaStore *self, const char *key, const char *value, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "INSERT INTO meta (key, value) VALUES (?1, ?2)"
                                                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                          error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return ra_sqlite_set_error (error, self->db, rc, key);
  return TRUE;
}

/* Removes what a sample build left beside path: the file, its WAL, shared
 * memory and rollback journal. */
static void
remove_partial (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
}

gboolean
ra_store_build_sample (const char *path, const char *name, GError **error)
{
  g_autoptr(RaStore) store = NULL;
  g_autoptr(GPtrArray) report = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = NULL;
  g_autofree char *counties = NULL;
  g_autofree char *part = NULL;
  g_autofree char *display = NULL;
  gboolean zhangye;
  int rc;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = ra_path_display_name (path);
  zhangye = g_strcmp0 (name, "zhangye") == 0;
  if (!zhangye && g_strcmp0 (name, "xinzhou") != 0)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND,
                   _("unknown sample “%s” (choose zhangye or xinzhou)"), name ? name : "");
      return FALSE;
    }
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_FAILED,
                   _("%s: file exists; choose another name"), display);
      return FALSE;
    }
  dir = g_build_filename (ra_paths_get_data_dir (), "samples", name, NULL);
  counties = g_build_filename (dir, "counties.geojson", NULL);

  /* Built beside the target and renamed at the end: never a half sample.
   * Errors name the target, the file the user asked for. */
  part = g_strconcat (path, ".part", NULL);
  remove_partial (part);
  store = store_open (part, path, RA_STORE_OPEN_CREATE, error);
  if (store == NULL)
    goto fail;

  if (!import_layer (store, counties, NULL, NULL, find_table ("counties"), NULL, FALSE, NULL,
                     report, error))
    goto fail;

  if (!tx_begin (store, error))
    goto fail;
  if (!set_meta (store, "project_name",
                 zhangye ? "张掖市非常规水源利用规划（示例）" : "忻州市城市再生水利用（示例）", error) ||
      !set_meta (store, "sample", name, error))
    goto fail_tx;
  if (zhangye)
    {
      g_autofree char *targets = g_build_filename (dir, "targets.csv", NULL);
      g_autofree char *history = g_build_filename (dir, "history.csv", NULL);
      g_autofree char *projects = g_build_filename (dir, "projects.csv", NULL);

      if (!load_targets (store, targets, error) || !load_history (store, history, error) ||
          !load_projects (store, projects, error) || !place_county_plants (store, error))
        goto fail_tx;
    }
  else
    {
      g_autofree char *targets = g_build_filename (dir, "targets.csv", NULL);
      g_autofree char *city = NULL;
      g_autoptr(sqlite3_stmt) stmt = prepare (store, "SELECT substr (min (adcode), 1, 4) || '00'"
                                                     " FROM counties", error);

      if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
        goto fail_tx;
      city = column_dup_text (stmt, 0);
      if (!load_city_metrics (store, targets, city, error))
        goto fail_tx;
    }
  if (!write_audit (store, "meta", 0, "sample", NULL, NULL, error) ||
      !tx_commit (store, error))
    goto fail;
  /* The whole sample into the file itself, checked: closing would
   * checkpoint too, but silently, and a WAL left over after a failed
   * checkpoint would stay behind under the temporary name. */
  rc = sqlite3_wal_checkpoint_v2 (store->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      ra_sqlite_set_error (error, store->db, rc, _("writing the project file"));
      goto fail;
    }
  g_clear_object (&store);

  if (g_rename (part, path) != 0)
    {
      int saved = errno;

      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_FAILED,
                   _("%s: cannot be written (%s)"), display, g_strerror (saved));
      remove_partial (part);
      return FALSE;
    }
  return TRUE;

fail_tx:
  tx_rollback (store);
fail:
  if (store != NULL)
    explain_disk_full (store, error, _("building the sample"));
  g_clear_object (&store);
  remove_partial (part);
  if (error != NULL && *error != NULL && !g_str_has_prefix ((*error)->message, display))
    prefix_error (error, path);
  return FALSE;
}

/* ---- network inventory (ra-network) ------------------------------------- */

void
ra_pipeline_record_free (RaPipelineRecord *rec)
{
  if (rec == NULL)
    return;
  g_free (rec->name);
  g_free (rec->material);
  g_free (rec->status);
  g_free (rec->project_source);
  g_clear_pointer (&rec->wkb, g_bytes_unref);
  g_free (rec);
}

void
ra_plant_record_free (RaPlantRecord *rec)
{
  if (rec == NULL)
    return;
  g_free (rec->name);
  g_free (rec->adcode);
  g_free (rec->kind);
  g_free (rec);
}

void
ra_built_up_area_record_free (RaBuiltUpAreaRecord *rec)
{
  if (rec == NULL)
    return;
  g_free (rec->adcode);
  g_free (rec->name);
  g_clear_pointer (&rec->wkb, g_bytes_unref);
  g_free (rec);
}

void
ra_plan_metric_record_free (RaPlanMetricRecord *rec)
{
  if (rec == NULL)
    return;
  g_free (rec->adcode);
  g_free (rec->area_zh);
  g_free (rec->metric);
  g_free (rec->unit);
  g_free (rec->note);
  g_free (rec);
}

GPtrArray *
ra_store_list_pipelines (RaStore *self, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  if (!check_open (self, error))
    return NULL;
  stmt = prepare (self, "SELECT p.id, p.project_id, p.name, p.dn_mm, p.material, p.status,"
                        " pr.source, AsBinary (p.geom)"
                        " FROM pipelines p LEFT JOIN projects pr ON pr.id = p.project_id"
                        " ORDER BY p.id", error);
  if (stmt == NULL)
    return NULL;
  return collect_rows (self, stmt, (RowReader) pipeline_from_row,
                       (GDestroyNotify) ra_pipeline_record_free,
                       _("reading pipelines"), error);
}

GPtrArray *
ra_store_list_plants (RaStore *self, const char *kind, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  if (!check_open (self, error))
    return NULL;
  stmt = prepare (self, "SELECT id, name, adcode, kind, capacity_m3_per_day, location_approx,"
                        " X (geom), Y (geom) FROM plants WHERE ?1 IS NULL OR kind = ?1"
                        " ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  bind_text_or_null (stmt, 1, kind);
  return collect_rows (self, stmt, (RowReader) plant_from_row,
                       (GDestroyNotify) ra_plant_record_free,
                       _("reading plants"), error);
}

GPtrArray *
ra_store_list_built_up_areas (RaStore *self, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  if (!check_open (self, error))
    return NULL;
  stmt = prepare (self, "SELECT id, adcode, name, AsBinary (geom) FROM built_up_areas"
                        " ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  return collect_rows (self, stmt, (RowReader) built_up_area_from_row,
                       (GDestroyNotify) ra_built_up_area_record_free,
                       _("reading built-up areas"), error);
}

GPtrArray *
ra_store_list_plan_metrics (RaStore *self, const char *metric, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  if (!check_open (self, error))
    return NULL;
  stmt = prepare (self, "SELECT adcode, area_zh, year, metric, value, unit, note FROM plan_metrics"
                        " WHERE ?1 IS NULL OR metric = ?1 ORDER BY metric, year, id", error);
  if (stmt == NULL)
    return NULL;
  bind_text_or_null (stmt, 1, metric);
  return collect_rows (self, stmt, (RowReader) plan_metric_from_row,
                       (GDestroyNotify) ra_plan_metric_record_free,
                       _("reading plan metrics"), error);
}

GArray *
ra_store_list_pipe_unit_costs (RaStore *self, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) rows = NULL;
  int rc;

  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  if (!check_open (self, error))
    return NULL;
  stmt = prepare (self, "SELECT id, dn_mm, cost_wan_per_km, note IS 'default'"
                        " FROM pipe_unit_costs ORDER BY dn_mm", error);
  if (stmt == NULL)
    return NULL;
  rows = g_array_new (FALSE, TRUE, sizeof (RaPipeUnitCost));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RaPipeUnitCost cost = {
        .id = sqlite3_column_int64 (stmt, 0),
        .dn_mm = sqlite3_column_double (stmt, 1),
        .cost_wan_per_km = sqlite3_column_double (stmt, 2),
        .is_default = sqlite3_column_int (stmt, 3) != 0,
      };

      g_array_append_val (rows, cost);
    }
  if (rc != SQLITE_DONE)
    {
      ra_sqlite_set_error (error, self->db, rc, _("reading pipeline unit costs"));
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/* Row id of a DN's unit cost, 0 if none, -1 on error. */
static gint64
pipe_unit_cost_id (RaStore *self, double dn_mm, double *cost, gboolean *is_default,
                   GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare (self, "SELECT id, cost_wan_per_km, note IS 'default' FROM pipe_unit_costs"
                        " WHERE dn_mm = ?1", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_double (stmt, 1, dn_mm);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (cost != NULL)
        *cost = sqlite3_column_double (stmt, 1);
      if (is_default != NULL)
        *is_default = sqlite3_column_int (stmt, 2) != 0;
      return sqlite3_column_int64 (stmt, 0);
    }
  if (rc != SQLITE_DONE)
    {
      ra_sqlite_set_error (error, self->db, rc, _("reading pipeline unit costs"));
      return -1;
    }
  return 0;
}

gboolean
ra_store_set_pipe_unit_cost (RaStore *self, double dn_mm, double cost_wan_per_km,
                             GError **error)
{
  const TableDesc *desc = find_table ("pipe_unit_costs");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *label = NULL;
  gboolean is_default = FALSE;
  double old_cost = NAN;
  gint64 id;

  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  if (!(isfinite (dn_mm) && dn_mm > 0))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                   _("DN: a positive diameter in mm is required"));
      return FALSE;
    }
  if (!(isfinite (cost_wan_per_km) && cost_wan_per_km >= 0))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                   _("Unit cost: a number of at least 0 (10⁴ yuan/km) is required"));
      return FALSE;
    }
  if (!tx_begin (self, error))
    return FALSE;
  id = pipe_unit_cost_id (self, dn_mm, &old_cost, &is_default, error);
  if (id < 0)
    goto fail;
  /* An unchanged, already confirmed value is not an edit. */
  if (id > 0 && old_cost == cost_wan_per_km && !is_default)
    {
      tx_rollback (self);
      return TRUE;
    }
  /* TRANSLATORS: undo label; %g is a pipe diameter in mm, e.g. "DN300" */
  label = g_strdup_printf (_("Set unit cost of DN%g"), dn_mm);
  if (id > 0)
    {
      stmt = prepare (self, "UPDATE pipe_unit_costs SET cost_wan_per_km = ?1, note = NULL"
                            " WHERE id = ?2", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_double (stmt, 1, cost_wan_per_km);
      sqlite3_bind_int64 (stmt, 2, id);
      if (!run_row_edit (self, desc, id, stmt, "update", label, error))
        goto fail;
    }
  else
    {
      stmt = prepare (self, "INSERT INTO pipe_unit_costs (dn_mm, cost_wan_per_km) VALUES (?1, ?2)",
                      error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_double (stmt, 1, dn_mm);
      sqlite3_bind_double (stmt, 2, cost_wan_per_km);
      id = run_row_insert (self, desc, stmt, label, NULL, error);
      if (id == 0)
        goto fail;
    }
  if (!tx_commit (self, error))
    return FALSE;
  emit_changed (self, desc->name, id);
  return TRUE;

fail:
  tx_rollback (self);
  return FALSE;
}

gboolean
ra_store_remove_pipe_unit_cost (RaStore *self, double dn_mm, GError **error)
{
  g_autofree char *label = NULL;
  gint64 id;

  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  if (!check_writable (self, error))
    return FALSE;
  id = pipe_unit_cost_id (self, dn_mm, NULL, NULL, error);
  if (id < 0)
    return FALSE;
  if (id == 0)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND,
                   _("no unit cost for DN%g"), dn_mm);
      return FALSE;
    }
  /* TRANSLATORS: undo label; %g is a pipe diameter in mm */
  label = g_strdup_printf (_("Remove unit cost of DN%g"), dn_mm);
  return delete_row (self, find_table ("pipe_unit_costs"), id, label, error);
}
