/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Core-internal: what ra-store-sync.c needs from the other files.
 *
 * ra-store-sync-file.c keeps the bookkeeping of a pulled project file in
 * three tables of the file itself (a file is always SpatiaLite; the server
 * never holds them): sync_origin (key, value), sync_base (table_name,
 * row_id, server_json, file_json: the row as each side's snapshot_row wrote
 * it when the two last agreed) and sync_conflicts (the conflicts its last
 * push left).  Each function runs inside the caller's transaction of the
 * file.  ra-store-sync-pg.c says which server a project is on. */

#include <sqlite3.h>
#include "ra-store-private.h"
#include "ra-store-sync.h"

G_BEGIN_DECLS

typedef struct {
  char *server_json;   /* nullable */
  char *file_json;     /* nullable */
} RaSyncBase;

void        ra_sync_base_free            (RaSyncBase *base);

/* Makes the tables when missing; with reset, empties them. */
gboolean    ra_sync_file_prepare         (sqlite3 *db, gboolean reset, GError **error);
/* FALSE (no error) when the file has no sync tables. */
gboolean    ra_sync_file_has_origin      (sqlite3 *db);
gboolean    ra_sync_file_set_origin      (sqlite3 *db, const char *key, const char *value,
                                          GError **error);
/* (transfer full) (nullable) */
char       *ra_sync_file_get_origin      (sqlite3 *db, const char *key);
gboolean    ra_sync_file_put_base        (sqlite3 *db, const char *table, gint64 row_id,
                                          const char *server_json, const char *file_json,
                                          GError **error);
gboolean    ra_sync_file_drop_base       (sqlite3 *db, const char *table, gint64 row_id,
                                          GError **error);
/* Returns: (transfer full) row id (gint64 *) → RaSyncBase; NULL on error */
GHashTable *ra_sync_file_load_base       (sqlite3 *db, const char *table, GError **error);
/* Replaces the conflicts written into the file. */
gboolean    ra_sync_file_save_conflicts  (sqlite3 *db, GPtrArray *conflicts, GError **error);
/* Returns: (transfer full) (element-type RaSyncConflict) (nullable) */
GPtrArray  *ra_sync_file_load_conflicts  (sqlite3 *db, GError **error);

/* ra-store-copy.c: the tables a whole copy takes, parents first, and the
 * emptying of one table of a project. */
GPtrArray  *ra_store_copy_tables         (void);
gboolean    ra_store_copy_clear_table    (RaStore *to, const RaStoreTable *table, GError **error);

/* ra-store-sync-pg.c: "system identifier/database" of a server project,
 * the same however it is named; NULL (error set) when it is no server. */
char       *ra_sync_server_identity      (RaStore *server, GError **error);
/* Makes the server's open transaction see one snapshot throughout (a
 * concurrent edit of a row it writes fails the push instead of being
 * overwritten). */
gboolean    ra_sync_server_isolate       (RaStore *server, GError **error);

G_END_DECLS
