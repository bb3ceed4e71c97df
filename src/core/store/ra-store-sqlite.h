/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Core-internal: what the files of the SpatiaLite backend share (its
 * connection, statement helpers and the row mapper) and the functions
 * each of them gives to the backend table in ra-store-sqlite.c.  Every
 * statement is parameterised; the only names put into SQL text are those
 * of the store's own tables and columns (ra-store-tables.c). */

#include <sqlite3.h>
#include "ra-store-backend.h"
#include "ra-undo.h"

G_BEGIN_DECLS

struct _RaStoreDb {
  /* owned */
  char     *path;
  sqlite3  *sqlite;
  void     *spatialite_cache;
  RaUndo   *undo;
  int       data_version;
  gboolean  in_transaction;
};

/* ---- ra-store-sqlite.c: helpers --------------------------------------- */

/* (transfer full) (nullable) "preparing a query" on failure. */
sqlite3_stmt *ra_store_sqlite_prepare     (RaStoreDb *db, const char *sql, GError **error);
/* ra_store_sqlite_prepare with ?1 bound to a row's id. */
sqlite3_stmt *ra_store_sqlite_prepare_row (RaStoreDb *db, const char *sql, gint64 id,
                                           GError **error);
/* Steps a statement that returns no row; a failure said with what. */
gboolean      ra_store_sqlite_step_done   (RaStoreDb *db, sqlite3_stmt *stmt, const char *what,
                                           GError **error);
gboolean      ra_store_sqlite_exec        (RaStoreDb *db, const char *sql, const char *what,
                                           GError **error);
/* One integer from a PRAGMA; -1 on error. */
int           ra_store_sqlite_pragma_int  (RaStoreDb *db, const char *sql);
void          ra_store_sqlite_bind        (sqlite3_stmt *stmt, int idx, const RaStoreValue *value);
/* (transfer full) (nullable) */
char         *ra_store_sqlite_dup_text    (sqlite3_stmt *stmt, int col);
/* The cast that makes a geometry fit the table's column. */
const char   *ra_store_sqlite_geom_cast   (const RaStoreTable *table);

/* The row mapper: the current row of stmt as a record of desc (its
 * columns carry the names of desc's fields, in order).
 * Returns: (transfer full) */
gpointer      ra_store_sqlite_read_record (sqlite3_stmt *stmt, const RaStoreRecordDesc *desc);
/* Steps stmt to its end, one record per row.  NULL with error (saying
 * what was being read) when a step fails.
 * Returns: (transfer full) (element-type desc) (nullable) */
GPtrArray    *ra_store_sqlite_collect     (sqlite3                 *sqlite,
                                           sqlite3_stmt            *stmt,
                                           const RaStoreRecordDesc *desc,
                                           const char              *what,
                                           GError                 **error);

gboolean      ra_store_sqlite_begin       (RaStoreDb *db, GError **error);
gboolean      ra_store_sqlite_commit      (RaStoreDb *db, GError **error);
void          ra_store_sqlite_rollback    (RaStoreDb *db);
void          ra_store_sqlite_explain_disk_full (RaStoreDb *db, GError **error, const char *what);

/* ---- ra-store-sqlite-read.c ------------------------------------------- */

GPtrArray    *ra_store_sqlite_query       (RaStoreDb *db, RaStoreQuery query,
                                           const RaStoreRecordDesc *desc,
                                           const RaStoreValue *params, GError **error);
gint64        ra_store_sqlite_count_rows  (RaStoreDb *db, const RaStoreTable *table, GError **error);
int           ra_store_sqlite_has_geometry (RaStoreDb *db, const RaStoreTable *table, GError **error);
gboolean      ra_store_sqlite_find_ids    (RaStoreDb *db, const RaStoreTable *table, guint n,
                                           const RaStoreColumn * const *columns,
                                           const RaStoreValue *values, GArray *ids,
                                           GError **error);
char         *ra_store_sqlite_geometry_wkt (RaStoreDb *db, const RaStoreTable *table, gint64 id,
                                            GError **error);
GBytes       *ra_store_sqlite_geometry_wkb (RaStoreDb *db, const RaStoreTable *table, gint64 id,
                                            GError **error);
gboolean      ra_store_sqlite_scan_geometries (RaStoreDb *db, const RaStoreTable *table,
                                               GPtrArray *problems, GError **error);
gboolean      ra_store_sqlite_county_exists (RaStoreDb *db, const char *adcode);
char         *ra_store_sqlite_dup_meta    (RaStoreDb *db, const char *key);
gint64        ra_store_sqlite_meta_row_id (RaStoreDb *db, const char *key);

/* ---- ra-store-sqlite-write.c ------------------------------------------ */

RaStoreInsert *ra_store_sqlite_insert_prepare (RaStoreDb *db, const RaStoreTable *table,
                                               guint n_columns,
                                               const RaStoreColumn * const *columns,
                                               RaStoreGeomInput geom, GError **error);
gint64        ra_store_sqlite_insert_run  (RaStoreInsert *insert, const RaStoreValue *values,
                                           const char *what, gboolean *row_rejected,
                                           GError **error);
void          ra_store_sqlite_insert_free (RaStoreInsert *insert);
gboolean      ra_store_sqlite_update_row  (RaStoreDb *db, const RaStoreTable *table, gint64 id,
                                           guint n_columns, const RaStoreColumn * const *columns,
                                           const RaStoreValue *values, const RaStoreValue *geom,
                                           const char *what, GError **error);
gboolean      ra_store_sqlite_delete_row  (RaStoreDb *db, const RaStoreTable *table, gint64 id,
                                           const char *what, GError **error);
gboolean      ra_store_sqlite_check_geometry (RaStoreDb *db, const RaStoreTable *table,
                                              const char *wkt, GError **error);
gboolean      ra_store_sqlite_next_sort_key (RaStoreDb *db, gint64 *sort_key, GError **error);
gint64        ra_store_sqlite_duplicate_project (RaStoreDb *db, const RaStoreTable *projects,
                                                 gint64 id, const char *name_suffix,
                                                 GError **error);
gboolean      ra_store_sqlite_set_meta    (RaStoreDb *db, const char *key, const char *value,
                                           GError **error);
char         *ra_store_sqlite_snapshot_row (RaStoreDb *db, const RaStoreTable *table, gint64 id,
                                            gboolean *ok, GError **error);
gboolean      ra_store_sqlite_restore_row (RaStoreDb *db, const RaStoreTable *table, gint64 id,
                                           const char *json, GError **error);
gboolean      ra_store_sqlite_lock_row_version (RaStoreDb *db, const RaStoreTable *table,
                                         gint64 id, gint64 *version, GError **error);
gboolean      ra_store_sqlite_raise_row_version (RaStoreDb *db, const RaStoreTable *table,
                                          gint64 id, gint64 version, GError **error);
gboolean      ra_store_sqlite_write_audit (RaStoreDb *db, const char *table, gint64 row_id,
                                           const char *action, const char *before_json,
                                           const char *after_json, GError **error);
gboolean      ra_store_sqlite_write_import_audit (RaStoreDb *db, const char *table,
                                                  const char *source, const char *layer,
                                                  guint n_rows, GError **error);
gboolean      ra_store_sqlite_merge_city_target (RaStoreDb *db, const char *adcode,
                                                 const char *area_zh, int year,
                                                 double reclaimed_use,
                                                 double reclaimed_rate_pct,
                                                 const char *what, GError **error);
gboolean      ra_store_sqlite_place_county_plants (RaStoreDb *db, const char *name_suffix,
                                                   const char *note, GError **error);
gboolean      ra_store_sqlite_dup_city_adcode (RaStoreDb *db, char **adcode, GError **error);

/* ---- ra-store-sqlite-views.c ------------------------------------------ */

gboolean      ra_store_sqlite_save_bookmarks (RaStoreDb *db, GPtrArray *bookmarks,
                                              gint64 *last_id, GError **error);
gboolean      ra_store_sqlite_delete_bookmark (RaStoreDb *db, const char *name,
                                               gboolean *found, GError **error);
gboolean      ra_store_sqlite_save_layout (RaStoreDb *db, const char *name, const char *text,
                                           GError **error);
gboolean      ra_store_sqlite_load_layout (RaStoreDb *db, const char *name, char **text,
                                           gsize *length, gboolean *found, GError **error);
GStrv         ra_store_sqlite_list_layouts (RaStoreDb *db, GError **error);
gboolean      ra_store_sqlite_save_app_layers (RaStoreDb *db, GPtrArray *layers, GError **error);
gboolean      ra_store_sqlite_delete_layout (RaStoreDb *db, const char *name, gboolean *found,
                                             GError **error);

G_END_DECLS
