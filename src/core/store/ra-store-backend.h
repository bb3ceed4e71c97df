/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The seam between RaStore and the database that holds a project.
 *
 * RaStore (ra-store*.c) keeps what holds for any database: the public API
 * and its checks, the validation of values, one transaction + audit row +
 * undo record per edit, undo and redo, the ::changed signal, import and
 * export through GDAL and the sample projects.  A backend keeps the SQL
 * dialect: it opens, checks and migrates a project, runs transactions,
 * reads records (into the plain structs the descriptors below describe),
 * writes rows, snapshots rows as JSON, and keeps the audit log, the undo
 * stack and the app's saved views and layouts.  Nothing here names SQL.
 *
 * The SpatiaLite file is the one backend (ra-store-sqlite*.c,
 * ra-store-schema.c, ra-undo.c).  A PostgreSQL + PostGIS backend is a
 * second RaStoreBackend (ra-store-pg*.c, built with libpq); ra_store_open
 * picks one by the project's name (a file, or a "postgresql://" URI) and
 * no caller changes. */

#include <math.h>
#include <gdal.h>
#include "ra-store.h"

G_BEGIN_DECLS

/* ---- the tables the store edits -------------------------------------- */

typedef enum {
  RA_STORE_COL_TEXT,
  RA_STORE_COL_INT,
  RA_STORE_COL_REAL,
} RaStoreColType;

typedef struct {
  const char     *name;
  RaStoreColType  type;
} RaStoreColumn;

/* A table whose rows are edited, snapshotted for undo, imported or
 * exported.  Its names are the only identifiers a backend puts into its
 * statements' text (ra-store-tables.c). */
typedef struct {
  const char          *name;
  const char          *geom_type;   /* NULL: no geometry column "geom" */
  const RaStoreColumn *columns;     /* without id and geom; name NULL ends */
  gboolean             importable;
} RaStoreTable;

/* ---- values ------------------------------------------------------------ */

typedef enum {
  RA_STORE_VALUE_NULL,
  RA_STORE_VALUE_TEXT,
  RA_STORE_VALUE_INT,
  RA_STORE_VALUE_REAL,
  RA_STORE_VALUE_BLOB,
} RaStoreValueType;

/* A value for a column or a parameter; borrows what it points to. */
typedef struct {
  RaStoreValueType  type;
  const char       *text;
  gint64            i;
  double            d;
  GBytes           *blob;
} RaStoreValue;

#define RA_STORE_VALUE_INIT { RA_STORE_VALUE_NULL, NULL, 0, 0.0, NULL }

/* NULL text is SQL NULL. */
static inline RaStoreValue
ra_store_value_text (const char *text)
{
  RaStoreValue v = RA_STORE_VALUE_INIT;

  v.type = text != NULL ? RA_STORE_VALUE_TEXT : RA_STORE_VALUE_NULL;
  v.text = text;
  return v;
}

static inline RaStoreValue
ra_store_value_int (gint64 i)
{
  RaStoreValue v = RA_STORE_VALUE_INIT;

  v.type = RA_STORE_VALUE_INT;
  v.i = i;
  return v;
}

/* NAN is SQL NULL. */
static inline RaStoreValue
ra_store_value_real (double d)
{
  RaStoreValue v = RA_STORE_VALUE_INIT;

  v.type = isnan (d) ? RA_STORE_VALUE_NULL : RA_STORE_VALUE_REAL;
  v.d = d;
  return v;
}

static inline RaStoreValue
ra_store_value_blob (GBytes *blob)
{
  RaStoreValue v = RA_STORE_VALUE_INIT;

  v.type = blob != NULL ? RA_STORE_VALUE_BLOB : RA_STORE_VALUE_NULL;
  v.blob = blob;
  return v;
}

/* How a row's geometry is given to a write: left out of the statement,
 * as WKT or as WKB (in EPSG:4490, cast to the column's type). */
typedef enum {
  RA_STORE_GEOM_NONE,
  RA_STORE_GEOM_WKT,
  RA_STORE_GEOM_WKB,
} RaStoreGeomInput;

/* ---- records: one table-driven row mapper ------------------------------ */

/* How a column of a query's result is read into a field of a record.
 * NULL reads as 0 for the number types (as SQLite reads it), as NAN for
 * DOUBLE_OR_NAN and as NULL for TEXT and BLOB; an empty BLOB reads NULL. */
typedef enum {
  RA_STORE_FIELD_INT64,          /* gint64 */
  RA_STORE_FIELD_INT,            /* int */
  RA_STORE_FIELD_BOOL,           /* gboolean: non-zero */
  RA_STORE_FIELD_DOUBLE,         /* double */
  RA_STORE_FIELD_DOUBLE_OR_NAN,  /* double */
  RA_STORE_FIELD_TEXT,           /* char *, owned */
  RA_STORE_FIELD_BLOB,           /* GBytes *, owned */
} RaStoreFieldType;

typedef struct {
  const char       *name;     /* the column of the result, in order */
  RaStoreFieldType  type;
  gsize             offset;   /* G_STRUCT_OFFSET of the field in the record */
} RaStoreField;

/* A record type: a plain struct of size bytes, read column by column in
 * the order of fields (a query's columns carry the fields' names) and
 * freed by free_record (whose work is ra_store_record_free). */
typedef struct {
  gsize               size;
  const RaStoreField *fields;
  guint               n_fields;
  GDestroyNotify      free_record;
} RaStoreRecordDesc;

#define RA_STORE_RECORD_DESC(Type, fields, free_func) \
  { sizeof (Type), fields, G_N_ELEMENTS (fields), (GDestroyNotify) (free_func) }

/* Frees the owned fields (TEXT, BLOB) of rec and rec itself. */
void     ra_store_record_free   (const RaStoreRecordDesc *desc,
                                 gpointer                 rec);

/* A change another connection committed (poll_changes). */
typedef struct {
  char   *table;    /* owned; a table of the project */
  gint64  row_id;   /* 0: any row of the table */
} RaStoreChange;

/* What a backend can be asked to read; params as listed. */
typedef enum {
  RA_STORE_QUERY_PROJECTS,         /* plan order */
  RA_STORE_QUERY_PROJECT,          /* id (INT) */
  RA_STORE_QUERY_COUNTIES,         /* by adcode */
  RA_STORE_QUERY_INDICATORS,       /* origin (TEXT or NULL = all) */
  RA_STORE_QUERY_AUDIT,            /* table (TEXT or NULL), row id (INT, 0 = all) */
  RA_STORE_QUERY_PIPELINES,        /* by id */
  RA_STORE_QUERY_PLANTS,           /* kind (TEXT or NULL) */
  RA_STORE_QUERY_BUILT_UP_AREAS,   /* by id */
  RA_STORE_QUERY_PLAN_METRICS,     /* metric (TEXT or NULL) */
  RA_STORE_QUERY_PIPE_UNIT_COSTS,  /* by DN */
  RA_STORE_QUERY_PIPE_UNIT_COST,   /* dn_mm (REAL) */
  RA_STORE_QUERY_BOOKMARKS,        /* in the order saved */
  RA_STORE_QUERY_APP_LAYERS,       /* the map's added layers, by position */
  /* the water balance (ra-store-water.h) */
  RA_STORE_QUERY_WATER_USERS,      /* by id */
  RA_STORE_QUERY_USER_DEMAND,      /* year (INT, 0 = all) */
  RA_STORE_QUERY_PLANT_SUPPLY,     /* year (INT, 0 = all) */
  RA_STORE_QUERY_PLANT_DETAILS,    /* by id */
  RA_STORE_QUERY_ALLOCATIONS,      /* year (INT, 0 = all) */
  RA_STORE_QUERY_LEDGER,           /* plant id (INT, 0 = all) */
} RaStoreQuery;

/* One change of the undo stack (ra-undo.c). */
typedef struct {
  gint64  id;
  gint64  group_id;
  char   *label;
  char   *table_name;
  gint64  row_id;
  char   *before_json;   /* nullable: the row did not exist */
  char   *after_json;    /* nullable: the row was deleted */
} RaUndoChange;

void     ra_undo_change_free    (RaUndoChange *change);

/* ---- the backend ------------------------------------------------------- */

/* A backend's open project; opaque to RaStore. */
typedef struct _RaStoreDb RaStoreDb;

typedef enum {
  RA_STORE_RECONNECT_PENDING,   /* under way: call again */
  RA_STORE_RECONNECT_DONE,      /* connected (again) */
  RA_STORE_RECONNECT_FAILED,    /* this attempt failed (error set): call again later */
} RaStoreReconnect;
/* An insert statement made once and run for many rows. */
typedef struct _RaStoreInsert RaStoreInsert;

/* Every function runs on the thread that opened the project.  Errors are
 * RA_STORE_ERROR without the project's name (RaStore adds it where the
 * public API says so); "what" says what was being done. */
typedef struct {
  const char *name;

  /* ---- the connection */
  /* Opens (with RA_STORE_OPEN_CREATE creates) the project at path, checks
   * its structure and brings its schema to RA_STORE_SCHEMA_VERSION (see
   * ra_store_open); *read_only_reason (transfer full) is set when it is
   * view-only.  password (nullable) is one the user typed for a server
   * (ra_store_open_with_password); it is never stored. */
  RaStoreDb    *(*open)              (const char        *path,
                                      const char        *password,
                                      RaStoreOpenFlags   flags,
                                      char             **read_only_reason,
                                      GError           **error);
  void          (*close)             (RaStoreDb *db);
  /* (transfer none) (nullable) the backend's own handle (SpatiaLite: the
   * sqlite3 connection), for ra_store_get_db. */
  gpointer      (*get_handle)        (RaStoreDb *db);
  void          (*set_busy_timeout)  (RaStoreDb *db, int milliseconds);
  /* TRUE once after another connection committed a change; appends to
   * changes (RaStoreChange) the rows it knows changed, nothing when it
   * cannot tell which (then anything may have). */
  gboolean      (*poll_changes)      (RaStoreDb *db, GArray *changes);
  /* How often the app should call poll_changes, in milliseconds. */
  guint         poll_interval_ms;
  /* FALSE while the connection to a server is lost (a file: always TRUE). */
  gboolean      (*connected)         (RaStoreDb *db);
  /* One step of reconnecting that does not block: RA_STORE_RECONNECT_*. */
  RaStoreReconnect (*reconnect_step) (RaStoreDb *db, GError **error);
  char         *(*check_integrity)   (RaStoreDb *db, GError **error);
  /* Writes a consistent copy to dest_path (which does not exist). */
  gboolean      (*save_copy)         (RaStoreDb *db, const char *dest_path, GError **error);
  /* Everything committed into the project itself (no journal beside it). */
  gboolean      (*flush)             (RaStoreDb *db, GError **error);
  /* After a failed change: says "the disk is full" instead of its symptom. */
  void          (*explain_disk_full) (RaStoreDb *db, GError **error, const char *what);
  /* How GDAL opens the project: a name for ra-source, and a read-only
   * dataset (transfer full) for the export. */
  const char   *(*gdal_name)         (RaStoreDb *db);
  /* (transfer full) (nullable) the password the connection was opened
   * with, for a second connection (ra_store_open_reader); the caller wipes
   * it.  NULL (or no function): none. */
  char         *(*dup_password)      (RaStoreDb *db);
  GDALDatasetH  (*gdal_open)         (RaStoreDb *db, GError **error);

  /* ---- transactions (one at a time; the write lock taken at begin) */
  gboolean      (*begin)             (RaStoreDb *db, GError **error);
  /* Rolls back when the commit fails. */
  gboolean      (*commit)            (RaStoreDb *db, GError **error);
  void          (*rollback)          (RaStoreDb *db);

  /* ---- reading */
  /* Returns: (transfer full) (element-type desc) (nullable) */
  GPtrArray    *(*query)             (RaStoreDb               *db,
                                      RaStoreQuery             query,
                                      const RaStoreRecordDesc *desc,
                                      const RaStoreValue      *params,
                                      GError                 **error);
  gint64        (*count_rows)        (RaStoreDb *db, const RaStoreTable *table, GError **error);
  /* 1 when a row of table has a geometry the map can draw (as
   * RaProjectRecord's has_geometry tests it), 0 when none has, -1 on error;
   * stops at the first. */
  int           (*has_geometry)      (RaStoreDb *db, const RaStoreTable *table, GError **error);
  /* Appends to ids (element-type gint64) the ids of the rows of table
   * whose columns equal values (n of each; a NULL value matches NULL), by
   * increasing id. */
  gboolean      (*find_ids)          (RaStoreDb *db, const RaStoreTable *table, guint n,
                                      const RaStoreColumn * const *columns,
                                      const RaStoreValue *values, GArray *ids, GError **error);
  /* The geometry of a row in EPSG:4490: WKT, or WKB (every bit kept);
   * NULL without error when the row or its geometry is missing. */
  char         *(*geometry_wkt)      (RaStoreDb *db, const RaStoreTable *table, gint64 id,
                                      GError **error);
  GBytes       *(*geometry_wkb)      (RaStoreDb *db, const RaStoreTable *table, gint64 id,
                                      GError **error);
  /* Appends an RaGeometryProblem for every unreadable geometry of table. */
  gboolean      (*scan_geometries)   (RaStoreDb *db, const RaStoreTable *table,
                                      GPtrArray *problems, GError **error);
  gboolean      (*county_exists)     (RaStoreDb *db, const char *adcode);
  /* A value of the meta table, NULL when absent. */
  char         *(*dup_meta)          (RaStoreDb *db, const char *key);
  /* The row id of a key of the meta table, 0 when absent. */
  gint64        (*meta_row_id)       (RaStoreDb *db, const char *key);

  /* ---- writing rows (inside a transaction) */
  RaStoreInsert *(*insert_prepare)   (RaStoreDb                  *db,
                                      const RaStoreTable         *table,
                                      guint                       n_columns,
                                      const RaStoreColumn * const *columns,
                                      RaStoreGeomInput            geom,
                                      GError                    **error);
  /* values: one per column, then the geometry's (unless GEOM_NONE).
   * Returns the new row's id, 0 on error; with row_rejected (optional) a
   * failure that is the row's (a constraint) sets it and the error is
   * RA_STORE_ERROR_INVALID_VALUE with the database's message, while one
   * that is the project's (I/O, lock, disk full) is reported with what. */
  gint64        (*insert_run)        (RaStoreInsert       *insert,
                                      const RaStoreValue  *values,
                                      const char          *what,
                                      gboolean            *row_rejected,
                                      GError             **error);
  void          (*insert_free)       (RaStoreInsert *insert);
  /* Sets columns (and, geom non-NULL, the geometry: WKT or NULL) of a row. */
  gboolean      (*update_row)        (RaStoreDb                  *db,
                                      const RaStoreTable         *table,
                                      gint64                      id,
                                      guint                       n_columns,
                                      const RaStoreColumn * const *columns,
                                      const RaStoreValue         *values,
                                      const RaStoreValue         *geom,
                                      const char                 *what,
                                      GError                    **error);
  gboolean      (*delete_row)        (RaStoreDb *db, const RaStoreTable *table, gint64 id,
                                      const char *what, GError **error);
  /* WKT that parses, is valid and fits the table's geometry column. */
  gboolean      (*check_geometry)    (RaStoreDb *db, const RaStoreTable *table,
                                      const char *wkt, GError **error);
  /* The sort key after the last project's. */
  gboolean      (*next_sort_key)     (RaStoreDb *db, gint64 *sort_key, GError **error);
  /* A copy of a row of projects (the table), its name followed by
   * name_suffix; the new id, 0 (RA_STORE_ERROR_NOT_FOUND) when there is no
   * such project. */
  gint64        (*duplicate_project) (RaStoreDb *db, const RaStoreTable *projects, gint64 id,
                                      const char *name_suffix, GError **error);
  gboolean      (*set_meta)          (RaStoreDb *db, const char *key, const char *value,
                                      GError **error);

  /* ---- history (inside the change's transaction) */
  /* The whole row as a JSON object (geometry lossless); NULL when the row
   * does not exist.  *ok is FALSE on an error. */
  char         *(*snapshot_row)      (RaStoreDb *db, const RaStoreTable *table, gint64 id,
                                      gboolean *ok, GError **error);
  /* Makes the row look like the snapshot (json NULL: deletes it). */
  gboolean      (*restore_row)       (RaStoreDb *db, const RaStoreTable *table, gint64 id,
                                      const char *json, GError **error);
  /* The row's version (row_version, schema 5; *version 0 when the row
   * does not exist), the row locked against other writers until the
   * transaction ends (the file: by its write lock; a server: FOR UPDATE). */
  gboolean      (*lock_row_version)  (RaStoreDb *db, const RaStoreTable *table, gint64 id,
                                      gint64 *version, GError **error);
  /* Raises the row's version to version (a copy keeps the versions of
   * the rows it copies); a version not above the row's changes nothing. */
  gboolean      (*raise_row_version) (RaStoreDb *db, const RaStoreTable *table, gint64 id,
                                      gint64 version, GError **error);
  /* An audit row, at now by the current user; row_id 0: none. */
  gboolean      (*write_audit)       (RaStoreDb *db, const char *table, gint64 row_id,
                                      const char *action, const char *before_json,
                                      const char *after_json, GError **error);
  /* The audit row of an import: source, layer and number of rows. */
  gboolean      (*write_import_audit) (RaStoreDb *db, const char *table, const char *source,
                                       const char *layer, guint n_rows, GError **error);
  /* The undo stack, as ra-undo.h says. */
  gint64        (*undo_push)         (RaStoreDb *db, gint64 group_id, const char *label,
                                      const char *table, gint64 row_id,
                                      const char *before_json, const char *after_json,
                                      GError **error);
  GPtrArray    *(*undo_peek)         (RaStoreDb *db, gboolean redo, GError **error);
  gboolean      (*undo_mark_group)   (RaStoreDb *db, gint64 group_id, gboolean undone,
                                      GError **error);
  gboolean      (*undo_can)          (RaStoreDb *db, gboolean redo);
  char         *(*undo_dup_label)    (RaStoreDb *db, gboolean redo);

  /* ---- the sample's plan tables (inside a transaction) */
  /* A city-level target: sets use or rate (the other NAN) of the city's
   * target_min row of the year, adding the row if it has none. */
  gboolean      (*merge_city_target) (RaStoreDb *db, const char *adcode, const char *area_zh,
                                      int year, double reclaimed_use, double reclaimed_rate_pct,
                                      const char *what, GError **error);
  /* A plant at the seat of every county that has one, named after the
   * county followed by name_suffix, flagged approximate, with note. */
  gboolean      (*place_county_plants) (RaStoreDb *db, const char *name_suffix,
                                        const char *note, GError **error);
  /* The city's adcode: the first four digits of the counties', then 00
   * (*adcode NULL without counties). */
  gboolean      (*dup_city_adcode)   (RaStoreDb *db, char **adcode, GError **error);

  /* ---- saved views and print layouts (no audit, no undo; each call
   * one transaction; bookmarks are read with RA_STORE_QUERY_BOOKMARKS) */
  /* Replaces same-named bookmarks; *last_id (optional) is the last one's.
   * A name that is not there is no error: *found says whether it was. */
  gboolean      (*save_bookmarks)    (RaStoreDb *db, GPtrArray *bookmarks, gint64 *last_id,
                                      GError **error);
  gboolean      (*delete_bookmark)   (RaStoreDb *db, const char *name, gboolean *found,
                                      GError **error);
  gboolean      (*save_layout)       (RaStoreDb *db, const char *name, const char *text,
                                      GError **error);
  /* *text (transfer full) NULL for a layout stored without text. */
  gboolean      (*load_layout)       (RaStoreDb *db, const char *name, char **text,
                                      gsize *length, gboolean *found, GError **error);
  GStrv         (*list_layouts)      (RaStoreDb *db, GError **error);
  /* Replaces every added map layer (RaAppLayer) with layers. */
  gboolean      (*save_app_layers)   (RaStoreDb *db, GPtrArray *layers, GError **error);
  gboolean      (*delete_layout)     (RaStoreDb *db, const char *name, gboolean *found,
                                      GError **error);

  /* ---- who may do what (NULL in a backend without roles: whoever may
   * write the project edits all of it); see ra-store.h */
  gboolean      (*can_edit_county)   (RaStoreDb *db, const char *adcode);
  gboolean      (*setup_roles)       (RaStoreDb *db, GError **error);
  gboolean      (*grant_role)        (RaStoreDb *db, const char *login, RaStoreRole role,
                                      const char * const *adcodes, GError **error);
} RaStoreBackend;

/* The SpatiaLite backend (ra-store-sqlite.c). */
extern const RaStoreBackend ra_store_sqlite_backend;
#ifdef HAVE_LIBPQ
/* The PostgreSQL + PostGIS backend (ra-store-pg.c), for server names
 * (ra_store_is_server_name). */
extern const RaStoreBackend ra_store_pg_backend;
#endif

G_END_DECLS
