/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Core-internal: what the files of the PostgreSQL + PostGIS backend share
 * (issue 19): its connection, the statement helper every statement goes
 * through (PQexecParams: every value a parameter; the only names in SQL
 * text are the store's own tables and columns, ra-store-tables.c), the row
 * mapper and the functions each file gives to the backend table in
 * ra-store-pg.c.  Compiled only when libpq was found (HAVE_LIBPQ). */

#include <libpq-fe.h>
#include "ra-store-backend.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

/* The LISTEN/NOTIFY channel of a project's commits. */
#define RA_STORE_PG_CHANNEL "reclaim_atlas_changes"
/* A statement changing more rows notifies "table:*" (schema step 6): the
 * payload stays far below the server's 8,000 bytes. */
#define RA_STORE_PG_NOTIFY_MAX_IDS 100

struct _RaStoreDb {
  /* owned */
  PGconn   *conn;
  char     *gdal_name;        /* "PG:" + the connection's keywords, for GDAL */
  gboolean  in_transaction;
  gboolean  read_only;
  int       lock_timeout_ms;
  gboolean  resetting;        /* PQresetStart done, PQresetPoll under way */
  gint64    reset_started;    /* g_get_monotonic_time at PQresetStart */
  char      last_sqlstate[6];  /* of the last failed statement */
};

/* ---- ra-store-pg.c: helpers -------------------------------------------- */

/* Runs sql with params (n of them; a BLOB is sent as binary bytea); the
 * result when it is PGRES_COMMAND_OK or PGRES_TUPLES_OK, else NULL with
 * error saying what (a refused privilege: RA_STORE_ERROR_READ_ONLY; a
 * lost connection says so).
 * Returns: (transfer full) (nullable) */
PGresult     *ra_store_pg_exec            (RaStoreDb           *db,
                                           const char          *sql,
                                           guint                n,
                                           const RaStoreValue  *params,
                                           const char          *what,
                                           GError             **error);
/* ra_store_pg_exec, the result dropped. */
gboolean      ra_store_pg_run             (RaStoreDb           *db,
                                           const char          *sql,
                                           guint                n,
                                           const RaStoreValue  *params,
                                           const char          *what,
                                           GError             **error);
/* Sets error from a failed result (or the connection when res is NULL);
 * returns FALSE. */
gboolean      ra_store_pg_set_error       (GError   **error,
                                           RaStoreDb *db,
                                           PGresult  *res,
                                           const char *what);
/* (transfer full) (nullable) a text value, NULL for SQL NULL. */
char         *ra_store_pg_dup_text        (PGresult *res, int row, int col);
gint64        ra_store_pg_get_int64       (PGresult *res, int row, int col);
/* The SQL that makes a geometry parameter $param fit the table's column. */
char         *ra_store_pg_geom_expression (const RaStoreTable *table, RaStoreValueType type,
                                           guint param);

/* The row mapper: row of res as a record of desc.  Returns: (transfer full) */
gpointer      ra_store_pg_read_record     (PGresult *res, int row, const RaStoreRecordDesc *desc);
/* Every row of res, one record each.
 * Returns: (transfer full) (element-type desc) */
GPtrArray    *ra_store_pg_collect         (PGresult *res, const RaStoreRecordDesc *desc);

gboolean      ra_store_pg_begin           (RaStoreDb *db, GError **error);
gboolean      ra_store_pg_commit          (RaStoreDb *db, GError **error);
void          ra_store_pg_rollback        (RaStoreDb *db);

/* "… is not supported on a PostgreSQL project yet"; returns FALSE. */
gboolean      ra_store_pg_not_supported   (GError **error, const char *what);

/* ---- ra-store-pg-schema.c ---------------------------------------------- */

/* The schema's version, 0 for an empty database, -1 (error set) for a
 * database that is not a project. */
int           ra_store_pg_schema_version  (RaStoreDb *db, GError **error);
gboolean      ra_store_pg_schema_migrate  (RaStoreDb *db, int from, GError **error);
/* Every table the program reads is there. */
gboolean      ra_store_pg_schema_check    (RaStoreDb *db, GError **error);

/* ---- ra-store-pg-security.c: who may do what ----------------------------- */

gboolean      ra_store_pg_setup_roles     (RaStoreDb *db, GError **error);
gboolean      ra_store_pg_grant_role      (RaStoreDb *db, const char *login, RaStoreRole role,
                                           const char * const *adcodes, GError **error);
gboolean      ra_store_pg_can_edit_county (RaStoreDb *db, const char *adcode);
/* (transfer full) (nullable) why the role may only read the project. */
char         *ra_store_pg_dup_view_only_reason (RaStoreDb *db);
/* The server's roles refused a change of row_id of table (0: a new row;
 * new_values: the change would take the row out of the user's counties):
 * replaces *error with RA_STORE_ERROR_NOT_PERMITTED saying who may edit
 * what, rolling back first a transaction the refusal aborted.  FALSE. */
gboolean      ra_store_pg_refused         (RaStoreDb *db, const char *table, gint64 row_id,
                                           gboolean new_values, GError **error);
/* After an UPDATE or DELETE of row_id (res): TRUE when it touched the
 * row, or (deleting) the row is not there; a row that is there but was
 * not touched was hidden by row-level security: ra_store_pg_refused.  An
 * UPDATE of no row: RA_STORE_ERROR_NOT_FOUND. */
gboolean      ra_store_pg_check_touched   (RaStoreDb *db, PGresult *res,
                                           const RaStoreTable *table, gint64 row_id,
                                           gboolean deleting, GError **error);

/* ---- ra-store-pg-read.c ------------------------------------------------ */

GPtrArray    *ra_store_pg_query           (RaStoreDb *db, RaStoreQuery query,
                                           const RaStoreRecordDesc *desc,
                                           const RaStoreValue *params, GError **error);
gint64        ra_store_pg_count_rows      (RaStoreDb *db, const RaStoreTable *table, GError **error);
int           ra_store_pg_has_geometry    (RaStoreDb *db, const RaStoreTable *table, GError **error);
gboolean      ra_store_pg_find_ids        (RaStoreDb *db, const RaStoreTable *table, guint n,
                                           const RaStoreColumn * const *columns,
                                           const RaStoreValue *values, GArray *ids,
                                           GError **error);
char         *ra_store_pg_geometry_wkt    (RaStoreDb *db, const RaStoreTable *table, gint64 id,
                                           GError **error);
GBytes       *ra_store_pg_geometry_wkb    (RaStoreDb *db, const RaStoreTable *table, gint64 id,
                                           GError **error);
gboolean      ra_store_pg_scan_geometries (RaStoreDb *db, const RaStoreTable *table,
                                           GPtrArray *problems, GError **error);
gboolean      ra_store_pg_county_exists   (RaStoreDb *db, const char *adcode);
char         *ra_store_pg_dup_meta        (RaStoreDb *db, const char *key);
gint64        ra_store_pg_meta_row_id     (RaStoreDb *db, const char *key);

/* ---- ra-store-pg-write.c ----------------------------------------------- */

RaStoreInsert *ra_store_pg_insert_prepare (RaStoreDb *db, const RaStoreTable *table,
                                           guint n_columns,
                                           const RaStoreColumn * const *columns,
                                           RaStoreGeomInput geom, GError **error);
gint64        ra_store_pg_insert_run      (RaStoreInsert *insert, const RaStoreValue *values,
                                           const char *what, gboolean *row_rejected,
                                           GError **error);
void          ra_store_pg_insert_free     (RaStoreInsert *insert);
gboolean      ra_store_pg_update_row      (RaStoreDb *db, const RaStoreTable *table, gint64 id,
                                           guint n_columns, const RaStoreColumn * const *columns,
                                           const RaStoreValue *values, const RaStoreValue *geom,
                                           const char *what, GError **error);
gboolean      ra_store_pg_delete_row      (RaStoreDb *db, const RaStoreTable *table, gint64 id,
                                           const char *what, GError **error);
gboolean      ra_store_pg_check_geometry  (RaStoreDb *db, const RaStoreTable *table,
                                           const char *wkt, GError **error);
gboolean      ra_store_pg_next_sort_key   (RaStoreDb *db, gint64 *sort_key, GError **error);
gint64        ra_store_pg_duplicate_project (RaStoreDb *db, const RaStoreTable *projects,
                                             gint64 id, const char *name_suffix,
                                             GError **error);
gboolean      ra_store_pg_set_meta        (RaStoreDb *db, const char *key, const char *value,
                                           GError **error);
char         *ra_store_pg_snapshot_row    (RaStoreDb *db, const RaStoreTable *table, gint64 id,
                                           gboolean *ok, GError **error);
gboolean      ra_store_pg_restore_row     (RaStoreDb *db, const RaStoreTable *table, gint64 id,
                                           const char *json, GError **error);
gboolean      ra_store_pg_lock_row_version (RaStoreDb *db, const RaStoreTable *table,
                                         gint64 id, gint64 *version, GError **error);
gboolean      ra_store_pg_raise_row_version (RaStoreDb *db, const RaStoreTable *table,
                                          gint64 id, gint64 version, GError **error);
gboolean      ra_store_pg_write_audit     (RaStoreDb *db, const char *table, gint64 row_id,
                                           const char *action, const char *before_json,
                                           const char *after_json, GError **error);
gboolean      ra_store_pg_write_import_audit (RaStoreDb *db, const char *table,
                                              const char *source, const char *layer,
                                              guint n_rows, GError **error);
gboolean      ra_store_pg_merge_city_target (RaStoreDb *db, const char *adcode,
                                             const char *area_zh, int year,
                                             double reclaimed_use, double reclaimed_rate_pct,
                                             const char *what, GError **error);
gboolean      ra_store_pg_place_county_plants (RaStoreDb *db, const char *name_suffix,
                                               const char *note, GError **error);
gboolean      ra_store_pg_dup_city_adcode (RaStoreDb *db, char **adcode, GError **error);

/* ---- ra-store-pg-history.c: the undo stack, saved views and layouts ---- */

gint64        ra_store_pg_undo_push       (RaStoreDb *db, gint64 group_id, const char *label,
                                           const char *table, gint64 row_id,
                                           const char *before_json, const char *after_json,
                                           GError **error);
GPtrArray    *ra_store_pg_undo_peek       (RaStoreDb *db, gboolean redo, GError **error);
gboolean      ra_store_pg_undo_mark_group (RaStoreDb *db, gint64 group_id, gboolean undone,
                                           GError **error);
gboolean      ra_store_pg_undo_can        (RaStoreDb *db, gboolean redo);
char         *ra_store_pg_undo_dup_label  (RaStoreDb *db, gboolean redo);
gboolean      ra_store_pg_save_bookmarks  (RaStoreDb *db, GPtrArray *bookmarks, gint64 *last_id,
                                           GError **error);
gboolean      ra_store_pg_delete_bookmark (RaStoreDb *db, const char *name, gboolean *found,
                                           GError **error);
gboolean      ra_store_pg_save_layout     (RaStoreDb *db, const char *name, const char *text,
                                           GError **error);
gboolean      ra_store_pg_load_layout     (RaStoreDb *db, const char *name, char **text,
                                           gsize *length, gboolean *found, GError **error);
GStrv         ra_store_pg_list_layouts    (RaStoreDb *db, GError **error);
gboolean      ra_store_pg_save_app_layers (RaStoreDb *db, GPtrArray *layers, GError **error);
gboolean      ra_store_pg_delete_layout   (RaStoreDb *db, const char *name, gboolean *found,
                                           GError **error);

G_END_DECLS
