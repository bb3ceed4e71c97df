/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include "ra-geometry.h"
#include "ra-source.h"

G_BEGIN_DECLS

/* The project file: one SpatiaLite database holding counties, indicators,
 * plants, projects, pipelines, footprints, built-up areas, the audit log, the
 * persistent undo history and the app's own layer list, views and layouts.
 *
 * Every edit is one transaction (BEGIN IMMEDIATE ... COMMIT) that writes the
 * row, an audit row and an undo record; the edit functions return TRUE only
 * after COMMIT succeeded, with synchronous=FULL, so an acknowledged edit
 * survives a killed process.  All SQL lives behind the store's backend
 * (ra-store-backend.h; SpatiaLite: ra-store-sqlite*.c, ra-store-schema.c,
 * ra-undo.c); callers see typed records and GErrors, and load the
 * project's tables as layers through ra_store_load_layer. */

#define RA_STORE_ERROR (ra_store_error_quark ())

typedef enum {
  RA_STORE_ERROR_FAILED,
  RA_STORE_ERROR_NOT_FOUND,       /* file, row or table missing */
  RA_STORE_ERROR_NOT_A_PROJECT,   /* not SQLite, or not a Reclaim Atlas project */
  RA_STORE_ERROR_TOO_NEW,         /* schema newer than this program knows */
  RA_STORE_ERROR_READ_ONLY,       /* opened view-only: edits refused */
  RA_STORE_ERROR_BUSY,            /* another program holds the write lock */
  RA_STORE_ERROR_INVALID_VALUE,   /* validation failed; message names the field */
  RA_STORE_ERROR_IMPORT,          /* import rejected as a whole; see report */
  RA_STORE_ERROR_EXPORT,
  RA_STORE_ERROR_NOTHING_TO_UNDO,
  RA_STORE_ERROR_DAMAGED,         /* a Reclaim Atlas project with a table, column,
                                   * geometry registration, spatial index or schema
                                   * version missing or wrong; the message names it */
  RA_STORE_ERROR_CONNECTION_LOST, /* the server's connection dropped: nothing saved;
                                   * ra_store_try_reconnect brings it back */
  RA_STORE_ERROR_NEEDS_PASSWORD,  /* the server asks for a password (none given, or
                                   * a wrong one): ra_store_open_with_password */
  RA_STORE_ERROR_CONFLICT,        /* the row changed (or went) since it was read: nothing
                                   * was written; see RaStoreConflict */
  RA_STORE_ERROR_NOT_PERMITTED,   /* the server's roles refused the edit (a PostgreSQL
                                   * project: GRANTs, row-level security); the message
                                   * says who may edit what (ra_store_can_edit_county) */
} RaStoreError;

GQuark ra_store_error_quark (void);

#define RA_STORE_SCHEMA_VERSION 6
#define RA_STORE_SRID 4490          /* CGCS2000 geographic, lon/lat */

typedef enum {
  RA_STORE_OPEN_DEFAULT   = 0,
  RA_STORE_OPEN_CREATE    = 1 << 0,  /* create an empty project if missing */
  RA_STORE_OPEN_READ_ONLY = 1 << 1,  /* view-only even if writable */
} RaStoreOpenFlags;

/* ---- typed records (plain structs, owned by the GPtrArray that holds them) */

/* Numbers that are SQL NULL read as NAN (use isnan()); years as 0. */
typedef struct {
  gint64  id;
  char   *code;
  char   *name;
  char   *adcode;
  char   *county_name;     /* from counties, NULL if the adcode is unknown */
  char   *source;          /* reclaimed | mine */
  char   *status;          /* under_construction | proposed | in_service */
  char   *batch;           /* "2024", "2025", "2026-2030" */
  int     in_service_year; /* 0 = not set (default from the batch) */
  double  investment_total;       /* 10^4 yuan */
  double  investment_2024_2025;
  char   *start;
  char   *prep_stage;
  char   *owner;
  char   *scope;
  double  cap_industry;           /* 10^4 m3/a */
  double  cap_agriculture;
  double  cap_ecological;
  double  cap_urban_nonpotable;
  double  cap_total;              /* derived: sum of the parts, never stored */
  double  pipeline_km;
  double  storage_m3;
  double  treatment_m3_per_day;
  char   *notes;
  gboolean has_geometry;
  gint64  plant_id;        /* the plant it expands (schema 4); 0 = none */
  gint64  row_version;     /* the row's version when read (schema 5): name it when
                            * saving (ra_store_update_project_fields_at) */
  gint64  sort_key;        /* the plan's order within the batch (then by id) */
} RaProjectRecord;

typedef struct {
  gint64  id;
  char   *adcode;
  char   *name_zh;
  char   *name_en;
  double  seat_lon;
  double  seat_lat;
} RaCountyRecord;

/* One row of indicators; kind is "actual" or "target_min"; origin names the
 * source table ("targets" = appendix table 1, "history", "xinzhou"). */
typedef struct {
  char   *adcode;
  char   *area_zh;
  int     year;
  char   *kind;
  char   *origin;
  double  nonconventional_use;
  double  reclaimed_use;
  double  mine_use;
  double  reclaimed_rate_pct;
  double  treated_wastewater;
} RaIndicatorRecord;

typedef struct {
  gint64  id;
  char   *at;              /* ISO 8601 with offset */
  char   *user;
  char   *table_name;
  gint64  row_id;
  char   *action;          /* insert | update | delete | geometry | import | undo | redo | meta */
  char   *before_json;     /* nullable */
  char   *after_json;      /* nullable */
} RaAuditRecord;

#define RA_TYPE_STORE (ra_store_get_type ())
G_DECLARE_FINAL_TYPE (RaStore, ra_store, RA, STORE, GObject)

/* ---- opening ---------------------------------------------------------- */

/* Opens (or with RA_STORE_OPEN_CREATE creates) a project file and migrates
 * its schema to RA_STORE_SCHEMA_VERSION.  A read-only or locked file opens
 * view-only: see ra_store_is_read_only.  A file whose schema is newer than
 * this program is refused (RA_STORE_ERROR_TOO_NEW).  Before anything is
 * written the project's structure is checked (cheaply: no table is scanned):
 * every table and view the program reads with the columns it reads, the
 * registration of each geometry column in geometry_columns (type, SRID) and
 * its spatial index, and the schema version; a project that fails is
 * refused with RA_STORE_ERROR_DAMAGED, the message naming the file and the
 * damage ("FILE: the project is damaged: table “plants” is missing").
 * Geometries that cannot be read do not stop the opening: see
 * ra_store_list_unreadable_geometries.
 * Returns: (transfer full) (nullable) */
RaStore    *ra_store_open               (const char       *path,
                                         RaStoreOpenFlags  flags,
                                         GError          **error);
/* ra_store_open for a server project with a password the user typed
 * (NULL: libpq's own sources, ~/.pgpass, PGPASSWORD, a service file).  The
 * password is handed to libpq and kept by nothing else.
 * Returns: (transfer full) (nullable) */
RaStore    *ra_store_open_with_password (const char       *name,
                                         const char       *password,
                                         RaStoreOpenFlags  flags,
                                         GError          **error);
/* Opening the same project a second time in a worker thread (a read that
 * should not hold up the store's own thread, e.g. the inventory's first
 * fill): ra_store_reopen_new on the store's thread, ra_store_reopen_open
 * in the worker (a view-only store with its own connection, the same user
 * and password), ra_store_reopen_free after. */
typedef struct _RaStoreReopen RaStoreReopen;
RaStoreReopen *ra_store_reopen_new      (RaStore *self);
RaStore       *ra_store_reopen_open     (RaStoreReopen *reopen, GError **error);
void           ra_store_reopen_free     (RaStoreReopen *reopen);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaStoreReopen, ra_store_reopen_free)
/* TRUE when name is a PostgreSQL project ("postgresql://…", "postgres://…",
 * "service=…"), opened by the PostGIS backend when built with libpq. */
gboolean    ra_store_is_server_name     (const char *name);
/* Copies every row of from (plan tables, audit log, saved views, layouts,
 * map layers; ids kept; not the undo history) into to, replacing what it
 * held, in one transaction of to (ra-store-copy.c): `push` and `pull`. */
gboolean    ra_store_copy_project       (RaStore  *from,
                                         RaStore  *to,
                                         guint    *n_rows,
                                         GError  **error);
/* Closes the connection (also done on finalize); later calls fail. */
void        ra_store_close              (RaStore *self);
const char *ra_store_get_path           (RaStore *self);
/* (transfer none) (nullable) the SQLite connection of a SpatiaLite
 * project, for tests that damage one on purpose; nothing else runs SQL on
 * the project. */
struct sqlite3;
struct sqlite3 *ra_store_get_db         (RaStore *self);
gboolean    ra_store_is_read_only       (RaStore *self);
/* (nullable) translated reason why the project is view-only. */
const char *ra_store_get_read_only_reason (RaStore *self);

/* ---- who may do what (a server project's roles and row-level security,
 * issue 19; docs/postgis.md "Who may do what") */

/* The group roles of a server project (cluster-wide: ra_city_planner,
 * ra_county_editor, ra_viewer); a login role is a member of one. */
typedef enum {
  RA_STORE_ROLE_NONE,           /* none of the three: no rights on the project */
  RA_STORE_ROLE_VIEWER,         /* reads everything, writes nothing */
  RA_STORE_ROLE_COUNTY_EDITOR,  /* edits the rows of its counties, reads the rest */
  RA_STORE_ROLE_CITY_PLANNER,   /* edits everything */
} RaStoreRole;

/* Whether the user may edit the rows of county adcode (NULL: rows of no
 * county and the project-wide tables: counties, settings, unit costs,
 * bookmarks, layouts, map layers), so the app can grey out what the server
 * would refuse.  FALSE on a view-only project; a project file: TRUE. */
gboolean    ra_store_can_edit_county    (RaStore *self, const char *adcode);
/* Makes (again: nothing changes) the group roles, the table
 * editor_counties, the GRANTs and the row-level security policies of a
 * server project (reclaim-atlas-cli serve-init).  When the role may not
 * create roles, the error says what an administrator must run.  A project
 * file: RA_STORE_ERROR_FAILED ("roles live on a server"). */
gboolean    ra_store_setup_roles        (RaStore *self, GError **error);
/* Makes the existing login role login a member of role's group only (the
 * other two revoked); for RA_STORE_ROLE_COUNTY_EDITOR adcodes (non-empty,
 * counties of the project) are the counties it edits, otherwise ignored.
 * One transaction with an audit row (table editor_counties). */
gboolean    ra_store_grant_role         (RaStore            *self,
                                         const char         *login,
                                         RaStoreRole         role,
                                         const char * const *adcodes,
                                         GError            **error);
/* Returns: (transfer full) the project's name (meta table), never NULL. */
char       *ra_store_dup_project_name   (RaStore *self);
gboolean    ra_store_set_project_name   (RaStore *self, const char *name, GError **error);
/* Project settings (stored in the file, e.g. "balance.reach_km"): the text,
 * NULL when never set; a number or fallback; set (NULL/blank clears) as
 * one undoable, audited edit. */
char       *ra_store_dup_setting        (RaStore *self, const char *key);
double      ra_store_get_setting_number (RaStore *self, const char *key, double fallback);
gboolean    ra_store_set_setting        (RaStore *self, const char *key, const char *value,
                                         GError **error);
/* Writes a consistent copy of the project to dest_path (must not exist). */
gboolean    ra_store_save_copy          (RaStore *self, const char *dest_path, GError **error);
/* How long a write waits for another program's transaction (default 5000 ms). */
void        ra_store_set_busy_timeout   (RaStore *self, int milliseconds);
/* Call on a timer (every ra_store_get_poll_interval ms): when another
 * connection committed since the last call, emits ::changed and returns
 * TRUE.  A server names what changed: ::changed (table, row_id) once for
 * each row another editor (this program, QGIS, psql …) inserted, updated or
 * deleted, or (table, 0) for a table changed in bulk; a file cannot tell,
 * and emits ::changed (NULL, 0).  It also notices a server's connection dropping: then
 * ::connection-changed is emitted and the project is view-only (edits fail
 * with RA_STORE_ERROR_CONNECTION_LOST) until ra_store_try_reconnect
 * succeeds. */
gboolean    ra_store_poll_external_changes (RaStore *self);
/* 2000 for a file, 250 for a server (other editors' changes within 1 s). */
guint       ra_store_get_poll_interval  (RaStore *self);
/* FALSE while a server's connection is lost; a file is always connected. */
gboolean    ra_store_is_connected       (RaStore *self);
/* While not connected, call on a timer: one step of reconnecting that does
 * not block (a server that does not answer gives up after 10 s and the next
 * call starts again).  TRUE once connected again: then ::connection-changed
 * and ::changed (NULL, 0) (everything may have changed meanwhile) are
 * emitted.  error (nullable) says why the last attempt failed. */
gboolean    ra_store_try_reconnect      (RaStore *self, GError **error);
/* "ok", or the first problem PRAGMA integrity_check reports.
 * Returns: (transfer full) */
char       *ra_store_check_integrity    (RaStore *self, GError **error);

/* Builds a sample project ("zhangye" or "xinzhou") at path (must not exist)
 * from the data directory: counties, plan tables imported with GDAL's CSV
 * driver, and for Zhangye the six county wastewater treatment plants placed
 * at the county seats and flagged as approximate (location_approx = 1),
 * then the water balance (ra-store-water.h) from plants.csv (capacities,
 * effluent, the mine-water station: 7 plants), water_users.csv (17 users
 * and their demand), pipelines.csv (15 schematic lines) and
 * allocations.csv, all marked illustrative or approximate.
 * Built as path.part and renamed at the end; on failure nothing is left
 * behind (no .part, -wal or -shm) and the error names path (a full disk is
 * said as such). */
gboolean    ra_store_build_sample       (const char *path, const char *name, GError **error);

/* ---- the project's tables as layers ------------------------------------ */

/* Loads a table of the project (counties, plants, projects, pipelines,
 * footprints, built_up_areas) as a layer in EPSG:4490, as
 * ra_source_load_layer would; the one way in for a module that draws or
 * measures one.  Returns: (transfer full) (nullable) */
RaLayer    *ra_store_load_layer         (RaStore       *self,
                                         const char    *table,
                                         GCancellable  *cancellable,
                                         GError       **error);
/* ra_source_load_async for tables (NULL-terminated) of the project, with
 * the same semantics (map_crs nullable; fails as a whole only when the
 * project cannot be opened); finish with ra_store_load_layers_finish. */
void        ra_store_load_layers_async  (RaStore             *self,
                                         const char * const  *tables,
                                         RaCrs               *map_crs,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* Returns: (transfer full) (nullable) */
RaSourceResult *ra_store_load_layers_finish (RaStore       *self,
                                             GAsyncResult  *result,
                                             GError       **error);

/* ---- reading ---------------------------------------------------------- */

/* Element type RaProjectRecord, in plan order (batch, then code).
 * Returns: (transfer full) (element-type RaProjectRecord) (nullable) */
GPtrArray  *ra_store_list_projects      (RaStore *self, GError **error);
/* Returns: (transfer full) (nullable) free with ra_project_record_free */
RaProjectRecord *ra_store_get_project   (RaStore *self, gint64 id, GError **error);
/* Returns: (transfer full) (element-type RaCountyRecord) (nullable) */
GPtrArray  *ra_store_list_counties      (RaStore *self, GError **error);
/* origin NULL = every origin.  In the source's order (the plan's).
 * Returns: (transfer full) (element-type RaIndicatorRecord) (nullable) */
GPtrArray  *ra_store_list_indicators    (RaStore *self, const char *origin, GError **error);
/* table NULL = all tables; row_id 0 = all rows.  Oldest first.
 * Returns: (transfer full) (element-type RaAuditRecord) (nullable) */
GPtrArray  *ra_store_list_audit         (RaStore *self, const char *table, gint64 row_id,
                                         GError **error);
/* (transfer full) (nullable) the adcode of the county whose boundary
 * contains lon/lat (EPSG:4490); NULL when none does (or on error). */
char       *ra_store_find_county_at     (RaStore *self, double lon, double lat, GError **error);
/* Number of rows in a project table (counties, plants, projects, ...); -1 on error. */
gint64      ra_store_count_rows         (RaStore *self, const char *table, GError **error);
/* 1 when a row of table has a geometry the map can draw (a project's
 * has_geometry), 0 when none has, -1 on error; cheaper than listing the
 * rows: it stops at the first. */
int         ra_store_has_geometry       (RaStore *self, const char *table, GError **error);
/* (transfer full) (nullable) geometry as WKT in EPSG:4490, NULL if none. */
char       *ra_store_get_geometry_wkt   (RaStore *self, const char *table, gint64 id,
                                         GError **error);

/* A row whose geometry value cannot be used as a geometry of its table:
 * text, a number, bytes that are not a SpatiaLite geometry or a damaged
 * (cut short) one, another geometry type or another SRID than the
 * column's.  Readers leave such geometries out (as if NULL). */
typedef struct {
  char   *table;
  gint64  id;
  char   *problem;         /* translated, e.g. "text instead of a geometry" */
} RaGeometryProblem;

/* Every row of table (NULL = every table with a geometry column) whose
 * geometry cannot be read, by table then id.  Scans the tables (one parse
 * of each geometry): for `check` and for warnings, not for every open.
 * Returns: (transfer full) (element-type RaGeometryProblem) (nullable) */
GPtrArray  *ra_store_list_unreadable_geometries (RaStore *self, const char *table,
                                                 GError **error);
/* One translated line per table and problem, naming the rows, e.g.
 * "table “counties”: 2 geometries cannot be read and are left out (id 3, 5):
 * text instead of a geometry"; at most max_ids ids are listed per line.
 * Returns: (transfer full) (element-type utf8) */
GPtrArray  *ra_store_describe_geometry_problems (GPtrArray *problems, guint max_ids);
void        ra_geometry_problem_free    (RaGeometryProblem *problem);

/* The geometry of a row as flat EPSG:4490 lon/lat coordinates, bit-exact
 * (read as WKB): one part per line string or ring, rings without their
 * closing point.  NULL when the row has no geometry.
 * Returns: (transfer full) (nullable) */
RaGeometry *ra_store_get_geometry       (RaStore *self, const char *table, gint64 id,
                                         GError **error);

void        ra_project_record_free      (RaProjectRecord *rec);
void        ra_county_record_free       (RaCountyRecord *rec);
void        ra_indicator_record_free    (RaIndicatorRecord *rec);
void        ra_audit_record_free        (RaAuditRecord *rec);

/* ---- editing (each call = one transaction + audit row + undo record) ---- */

/* Project fields the editor may set (NULL-terminated, static). */
const char * const *ra_store_project_fields (void);
/* Checks a value for a project field without writing.  Text fields take
 * G_TYPE_STRING; number fields take a string, int, int64 or double; an
 * empty string or an unset GValue (G_TYPE_INVALID) means "no value".  The
 * error message names the field (RA_STORE_ERROR_INVALID_VALUE). */
gboolean    ra_store_validate_project_value (RaStore *self, const char *field,
                                             const GValue *value, GError **error);
gboolean    ra_store_update_project     (RaStore *self, gint64 id, const char *field,
                                         const GValue *value, GError **error);
/* Several fields of one project as one edit (one transaction and undo
 * step); on RA_STORE_ERROR_INVALID_VALUE *failed is the field at fault. */
gboolean    ra_store_update_project_fields (RaStore            *self,
                                            gint64              id,
                                            guint               n,
                                            const char * const *fields,
                                            const GValue       *values,
                                            guint              *failed,
                                            GError            **error);
/* Returns the new id, 0 on error.  adcode may be NULL. */
gint64      ra_store_insert_project     (RaStore *self, const char *code, const char *name,
                                         const char *adcode, GError **error);
gint64      ra_store_duplicate_project  (RaStore *self, gint64 id, GError **error);
gboolean    ra_store_delete_project     (RaStore *self, gint64 id, GError **error);
/* Sets (wkt non-NULL) or clears the geometry of a row of projects, plants,
 * pipelines, footprints, counties or built_up_areas.  wkt is in EPSG:4490
 * lon/lat; single geometries are promoted to the column's multi type.
 * Invalid geometries are refused. */
gboolean    ra_store_set_geometry_wkt   (RaStore *self, const char *table, gint64 id,
                                         const char *wkt, GError **error);
/* Inserts a pipeline (project_id 0 = none); returns the id or 0. */
gint64      ra_store_insert_pipeline    (RaStore *self, gint64 project_id, const char *name,
                                         const char *wkt, GError **error);
/* Inserts a row of plants, pipelines, footprints, built_up_areas or
 * water_users (ra-store-water.h; key columns checked) with its
 * geometry (wkt in EPSG:4490 lon/lat, nullable).  fields (nullable) maps
 * column names to their values as text (char* -> char*; NULL or blank =
 * SQL NULL; numbers must parse completely; a plant needs a name).  One
 * transaction + audit row + undo record.  Returns the new id, 0 on error. */
gint64      ra_store_insert_feature     (RaStore *self, const char *table, GHashTable *fields,
                                         const char *wkt, GError **error);
/* Sets attribute columns of a row of those tables (same rules as
 * ra_store_insert_feature), e.g. a pipeline's dn_mm, material, status. */
gboolean    ra_store_update_feature     (RaStore *self, const char *table, gint64 id,
                                         GHashTable *fields, GError **error);
/* Deletes a row of any project table except counties referenced by projects;
 * a water user's demand and allocations, a plant's supply, allocations and
 * ledger go with it, in the same undo step. */
gboolean    ra_store_delete_row         (RaStore *self, const char *table, gint64 id,
                                         GError **error);


/* ---- optimistic concurrency: saving at the version read (schema 5) ---------
 *
 * Every table the store edits has a row_version (1 for a new row), bumped
 * by the database itself (a trigger) on every UPDATE — by this program,
 * QGIS or psql alike.  The records carry the version they were read at.
 * A save that names that version ("…_at") locks the row, and writes only
 * if the row is still at that version; otherwise nothing is written, the
 * call fails with RA_STORE_ERROR_CONFLICT and *conflict describes the row
 * as it is now.  The caller shows both values and lets the user choose:
 * ra_store_conflict_keep_mine (save again over their version: one more
 * audited transaction) or ra_store_conflict_take_theirs (nothing written).
 * The unchecked calls (ra_store_update_project_fields, …) still write
 * whatever the row holds. */

/* One field of a conflicting save; every value as text (numbers in the C
 * locale, shortest exact form), NULL for no value. */
typedef struct {
  char *name;         /* the column (project field) */
  char *value_read;   /* (nullable) as the user saw it: the read_values given to the save,
                       * NULL when not given */
  char *mine;         /* (nullable) what the save would have written */
  char *theirs;       /* (nullable) what the row holds now (NULL too when it was deleted) */
} RaStoreConflictField;

typedef struct {
  char      *table;
  gint64     row_id;
  gint64     read_version;    /* the version the save named */
  gint64     their_version;   /* the row's version now; 0 when the row was deleted */
  char      *their_user;      /* (nullable) who made the row what it is now (the audit
                               * log's user); NULL when that was outside the program
                               * (QGIS, psql: no audit row) */
  char      *their_at;        /* (nullable) when (ISO 8601 with offset) */
  gboolean   is_delete;       /* the refused save was a delete */
  GPtrArray *fields;          /* (element-type RaStoreConflictField) the save's fields, in
                               * the order given (a delete: every column of the row) */
} RaStoreConflict;

#define RA_TYPE_STORE_CONFLICT (ra_store_conflict_get_type ())
GType            ra_store_conflict_get_type (void) G_GNUC_CONST;
/* Returns: (transfer full) */
RaStoreConflict *ra_store_conflict_copy     (const RaStoreConflict *conflict);
void             ra_store_conflict_free     (RaStoreConflict *conflict);
/* (transfer none) (nullable) the field named name. */
const RaStoreConflictField *ra_store_conflict_find_field (const RaStoreConflict *conflict,
                                                          const char            *name);

/* The version a row of a project table is at now (>= 1); 0 with
 * RA_STORE_ERROR_NOT_FOUND when there is no such row.  For a form that
 * shows a row it did not read as a record (the attribute form). */
gint64      ra_store_get_row_version    (RaStore *self, const char *table, gint64 id,
                                         GError **error);

/* ra_store_update_project_fields, applied only if the project is still at
 * read_version (RaProjectRecord.row_version).  read_values (nullable,
 * array of n) are the values the user saw, for the conflict's value_read.
 * new_version (out, optional): the row's version after the save.
 * On RA_STORE_ERROR_CONFLICT, *conflict (transfer full) describes it. */
gboolean    ra_store_update_project_fields_at (RaStore            *self,
                                               gint64              id,
                                               gint64              read_version,
                                               guint               n,
                                               const char * const *fields,
                                               const GValue       *values,
                                               const GValue       *read_values,
                                               guint              *failed,
                                               gint64             *new_version,
                                               RaStoreConflict   **conflict,
                                               GError            **error);
/* ra_store_update_feature at read_version; read_fields (nullable) maps
 * columns to the text the form showed, for the conflict's value_read. */
gboolean    ra_store_update_feature_at  (RaStore          *self,
                                         const char       *table,
                                         gint64            id,
                                         gint64            read_version,
                                         GHashTable       *fields,
                                         GHashTable       *read_fields,
                                         gint64           *new_version,
                                         RaStoreConflict **conflict,
                                         GError          **error);
/* ra_store_delete_row (or, for "projects", ra_store_delete_project) only
 * if the row is still at read_version: a delete of a row changed
 * meanwhile is a conflict (is_delete, every column listed). */
gboolean    ra_store_delete_row_at      (RaStore          *self,
                                         const char       *table,
                                         gint64            id,
                                         gint64            read_version,
                                         RaStoreConflict **conflict,
                                         GError          **error);
/* Keep mine: makes the refused save again (the same fields and values,
 * or the delete) at conflict->their_version, as one more transaction with
 * its audit row and undo step.  If the row changed yet again meanwhile,
 * fails with RA_STORE_ERROR_CONFLICT and a new *new_conflict; a row
 * deleted meanwhile gives RA_STORE_ERROR_NOT_FOUND.  new_version (out,
 * optional) as above. */
gboolean    ra_store_conflict_keep_mine (RaStore                *self,
                                         const RaStoreConflict  *conflict,
                                         gint64                 *new_version,
                                         RaStoreConflict       **new_conflict,
                                         GError                **error);
/* Take theirs: writes nothing; emits ::changed (table, row_id) so open
 * views show the row as it is now. */
void        ra_store_conflict_take_theirs (RaStore               *self,
                                           const RaStoreConflict *conflict);

/* ---- undo / redo (persisted in the file: survives restarts) ----------- */

/* Undo and redo refuse (RA_STORE_ERROR_CONFLICT, nothing written, the
 * step stays on the stack) when a row of the step was changed since by
 * someone else (another editor, QGIS, psql): the message names the table,
 * the row and, when audited, who changed it. */
gboolean    ra_store_can_undo           (RaStore *self);
gboolean    ra_store_can_redo           (RaStore *self);
/* (transfer full) (nullable) label of the change undo/redo would revert. */
char       *ra_store_dup_undo_label     (RaStore *self);
char       *ra_store_dup_redo_label     (RaStore *self);
gboolean    ra_store_undo               (RaStore *self, GError **error);
gboolean    ra_store_redo               (RaStore *self, GError **error);

/* ---- import / export -------------------------------------------------- */

/* Imports every feature of a GDAL layer (layer_name NULL = the first) into
 * target_table (plants, pipelines, footprints, counties, built_up_areas,
 * water_users: fields named demand_YYYY, or mapped to such a name, become
 * the user's demand of year YYYY in the same undo step),
 * reprojected to EPSG:4490.  field_map (nullable, source name -> target
 * column) renames fields, a field mapped to "" is ignored; unmapped source
 * fields whose name is a target column are taken as is, others ignored.  All or nothing: on any bad row
 * (wrong columns, non-numeric values, missing CRS, invalid or wrong-type
 * geometry) nothing is written, the error says how many rows are bad and
 * report (nullable out) lists one message per problem, naming the row.
 * One undo step reverts a whole import.  Returns the number of rows via
 * n_imported (nullable).  The error starts with the name of the file at
 * fault: the data file (cannot be read, rows rejected) or the project
 * (busy, view-only, disk full). */
gboolean    ra_store_import_layer       (RaStore     *self,
                                         const char  *path,
                                         const char  *layer_name,
                                         const char  *target_table,
                                         GHashTable  *field_map,
                                         guint       *n_imported,
                                         GPtrArray  **report,
                                         GError     **error);
/* ra_store_import_layer with the text encoding of the attributes chosen
 * by the user (an iconv name; NULL: declared or detected, see ra-source.h). */
gboolean    ra_store_import_layer_encoded (RaStore     *self,
                                           const char  *path,
                                           const char  *layer_name,
                                           const char  *encoding,
                                           const char  *target_table,
                                           GHashTable  *field_map,
                                           guint       *n_imported,
                                           GPtrArray  **report,
                                           GError     **error);
/* Exports a table (projects include the derived cap_total) through GDAL,
 * the driver chosen by the extension: .shp .gpkg .geojson .kml .dxf.
 * Shapefiles always get a .cpg (UTF-8); field names that do not fit the
 * DBF's 10 bytes are listed in warnings (nullable out, transfer full) with
 * the name they got. */
gboolean    ra_store_export_layer       (RaStore     *self,
                                         const char  *table,
                                         const char  *out_path,
                                         GPtrArray  **warnings,
                                         GError     **error);

/* Signals: ::changed (const char *table, gint64 row_id) after every committed
 * change; row_id 0 when a whole table changed (import, undo of an import, a
 * bulk change on the server); table NULL and row_id 0 when another
 * connection changed the file (see ra_store_poll_external_changes). */

/* ---- network inventory (pipelines, plants, built-up areas, unit costs) -- */

/* A pipeline with its geometry as ISO WKB (EPSG:4490 lon/lat, MULTILINESTRING).
 * project_source is the source of its project ("reclaimed" | "mine"), NULL
 * without a project. */
typedef struct {
  gint64  id;
  gint64  project_id;      /* 0 = none */
  char   *name;
  double  dn_mm;           /* NAN when not set */
  char   *material;
  char   *status;
  char   *project_source;
  GBytes *wkb;             /* nullable: no geometry */
  gint64  row_version;     /* when read (schema 5) */
} RaPipelineRecord;

/* A plant or point (intake, storage...); lon/lat NAN without geometry. */
typedef struct {
  gint64  id;
  char   *name;
  char   *adcode;
  char   *kind;            /* wwtp | reclaimed_plant | wetland | mine_water_station | intake | storage */
  double  capacity_m3_per_day;
  gboolean location_approx;
  double  lon;
  double  lat;
  gint64  row_version;     /* when read (schema 5) */
} RaPlantRecord;

/* A built-up area with its geometry as ISO WKB (EPSG:4490, MULTIPOLYGON). */
typedef struct {
  gint64  id;
  char   *adcode;
  char   *name;
  GBytes *wkb;             /* nullable: no geometry */
  gint64  row_version;     /* when read (schema 5) */
} RaBuiltUpAreaRecord;

/* One row of plan_metrics: city-level targets such as Xinzhou's
 * pipeline_density_min (km/km2) or intake_spacing_max (km). */
typedef struct {
  char   *adcode;
  char   *area_zh;
  int     year;
  char   *metric;
  double  value;
  char   *unit;
  char   *note;
} RaPlanMetricRecord;

/* Unit cost of pipeline by nominal diameter, in 10^4 yuan per km. */
typedef struct {
  gint64  id;
  double  dn_mm;
  double  cost_wan_per_km;
  gboolean is_default;     /* still the seeded placeholder, never edited */
} RaPipeUnitCost;

/* Ordered by id.
 * Returns: (transfer full) (element-type RaPipelineRecord) (nullable) */
GPtrArray  *ra_store_list_pipelines     (RaStore *self, GError **error);
/* kind NULL = every kind.  Ordered by id.
 * Returns: (transfer full) (element-type RaPlantRecord) (nullable) */
GPtrArray  *ra_store_list_plants        (RaStore *self, const char *kind, GError **error);
/* Returns: (transfer full) (element-type RaBuiltUpAreaRecord) (nullable) */
GPtrArray  *ra_store_list_built_up_areas (RaStore *self, GError **error);
/* metric NULL = every metric.  Ordered by metric, then year.
 * Returns: (transfer full) (element-type RaPlanMetricRecord) (nullable) */
GPtrArray  *ra_store_list_plan_metrics  (RaStore *self, const char *metric, GError **error);
/* The unit-cost table, by increasing DN.
 * Returns: (transfer full) (element-type RaPipeUnitCost) (nullable) */
GArray     *ra_store_list_pipe_unit_costs (RaStore *self, GError **error);
/* Sets the unit cost (10^4 yuan/km, >= 0) of a DN (> 0), adding the row if
 * the DN has none.  One transaction + audit row + undo record. */
gboolean    ra_store_set_pipe_unit_cost (RaStore *self, double dn_mm, double cost_wan_per_km,
                                         GError **error);
/* Removes the unit cost of a DN (RA_STORE_ERROR_NOT_FOUND if it has none). */
gboolean    ra_store_remove_pipe_unit_cost (RaStore *self, double dn_mm, GError **error);

void        ra_pipeline_record_free     (RaPipelineRecord *rec);
void        ra_plant_record_free        (RaPlantRecord *rec);
void        ra_built_up_area_record_free (RaBuiltUpAreaRecord *rec);
void        ra_plan_metric_record_free  (RaPlanMetricRecord *rec);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaProjectRecord, ra_project_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaStoreConflict, ra_store_conflict_free)

G_END_DECLS
