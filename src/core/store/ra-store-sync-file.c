/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The bookkeeping of a pulled project file (issue 19, working offline):
 * where it came from, the base snapshot of every row it took and the
 * conflicts its last push left, in tables of the file (see
 * ra-store-sync-private.h).  SQLite only: a pulled copy is always a file. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ra-undo.h"
#include "ra-store-sync-private.h"

void
ra_sync_base_free (RaSyncBase *base)
{
  if (base == NULL)
    return;
  g_free (base->server_json);
  g_free (base->file_json);
  g_free (base);
}

static gboolean
exec (sqlite3 *db, const char *sql, GError **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return ra_sqlite_set_error (error, db, rc, _("writing the offline copy's records"));
  return TRUE;
}

static sqlite3_stmt *
prepare (sqlite3 *db, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      ra_sqlite_set_error (error, db, rc, _("reading the offline copy's records"));
      return NULL;
    }
  return stmt;
}

static gboolean
step_done (sqlite3 *db, sqlite3_stmt *stmt, GError **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    return ra_sqlite_set_error (error, db, rc, _("writing the offline copy's records"));
  return TRUE;
}

static void
bind_text (sqlite3_stmt *stmt, int i, const char *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, i, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, i);
}

static char *
column_text (sqlite3_stmt *stmt, int i)
{
  const unsigned char *text = sqlite3_column_text (stmt, i);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

gboolean
ra_sync_file_prepare (sqlite3 *db, gboolean reset, GError **error)
{
  if (!exec (db,
             "CREATE TABLE IF NOT EXISTS sync_origin ("
             "  key TEXT PRIMARY KEY, value TEXT);"
             "CREATE TABLE IF NOT EXISTS sync_base ("
             "  table_name TEXT NOT NULL, row_id INTEGER NOT NULL,"
             "  server_json TEXT, file_json TEXT,"
             "  PRIMARY KEY (table_name, row_id));"
             "CREATE TABLE IF NOT EXISTS sync_conflicts ("
             "  id INTEGER PRIMARY KEY, table_name TEXT NOT NULL, row_id INTEGER NOT NULL,"
             "  label TEXT, field TEXT NOT NULL, base_value TEXT, file_value TEXT,"
             "  server_value TEXT, server_user TEXT, server_at TEXT);",
             error))
    return FALSE;
  if (reset)
    return exec (db, "DELETE FROM sync_origin; DELETE FROM sync_base; DELETE FROM sync_conflicts;",
                 error);
  return TRUE;
}

gboolean
ra_sync_file_has_origin (sqlite3 *db)
{
  g_autofree char *server = ra_sync_file_get_origin (db, "server_identity");

  return server != NULL;
}

gboolean
ra_sync_file_set_origin (sqlite3 *db, const char *key, const char *value, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = prepare (db, "INSERT INTO sync_origin (key, value) VALUES (?1, ?2)"
                      " ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  bind_text (stmt, 2, value);
  return step_done (db, stmt, error);
}

char *
ra_sync_file_get_origin (sqlite3 *db, const char *key)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  /* A file that was never pulled has no such table: no origin. */
  if (sqlite3_prepare_v2 (db, "SELECT value FROM sync_origin WHERE key = ?1", -1, &stmt,
                          NULL) != SQLITE_OK)
    return NULL;
  bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return column_text (stmt, 0);
}

gboolean
ra_sync_file_put_base (sqlite3 *db, const char *table, gint64 row_id,
                       const char *server_json, const char *file_json, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = prepare (db, "INSERT INTO sync_base (table_name, row_id, server_json, file_json)"
                      " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (table_name, row_id) DO UPDATE"
                      " SET server_json = excluded.server_json, file_json = excluded.file_json",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, table);
  sqlite3_bind_int64 (stmt, 2, row_id);
  bind_text (stmt, 3, server_json);
  bind_text (stmt, 4, file_json);
  return step_done (db, stmt, error);
}

gboolean
ra_sync_file_drop_base (sqlite3 *db, const char *table, gint64 row_id, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = prepare (db, "DELETE FROM sync_base WHERE table_name = ?1 AND row_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, table);
  sqlite3_bind_int64 (stmt, 2, row_id);
  return step_done (db, stmt, error);
}

GHashTable *
ra_sync_file_load_base (sqlite3 *db, const char *table, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) bases = NULL;
  int rc;

  stmt = prepare (db, "SELECT row_id, server_json, file_json FROM sync_base"
                      " WHERE table_name = ?1 ORDER BY row_id", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, table);
  bases = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                 (GDestroyNotify) ra_sync_base_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RaSyncBase *base = g_new0 (RaSyncBase, 1);
      gint64 *id = g_new (gint64, 1);

      *id = sqlite3_column_int64 (stmt, 0);
      base->server_json = column_text (stmt, 1);
      base->file_json = column_text (stmt, 2);
      g_hash_table_insert (bases, id, base);
    }
  if (rc != SQLITE_DONE)
    {
      ra_sqlite_set_error (error, db, rc, _("reading the offline copy's records"));
      return NULL;
    }
  return g_steal_pointer (&bases);
}

gboolean
ra_sync_file_save_conflicts (sqlite3 *db, GPtrArray *conflicts, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!exec (db, "DELETE FROM sync_conflicts", error))
    return FALSE;
  stmt = prepare (db, "INSERT INTO sync_conflicts (table_name, row_id, label, field,"
                      " base_value, file_value, server_value, server_user, server_at)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < conflicts->len; i++)
    {
      const RaSyncConflict *c = g_ptr_array_index (conflicts, i);

      sqlite3_reset (stmt);
      bind_text (stmt, 1, c->table_name);
      sqlite3_bind_int64 (stmt, 2, c->row_id);
      bind_text (stmt, 3, c->label);
      bind_text (stmt, 4, c->field);
      bind_text (stmt, 5, c->base_value);
      bind_text (stmt, 6, c->file_value);
      bind_text (stmt, 7, c->server_value);
      bind_text (stmt, 8, c->server_user);
      bind_text (stmt, 9, c->server_at);
      if (!step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

GPtrArray *
ra_sync_file_load_conflicts (sqlite3 *db, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) ra_sync_conflict_free);
  if (!ra_sync_file_has_origin (db))
    return g_steal_pointer (&list);
  stmt = prepare (db, "SELECT table_name, row_id, label, field, base_value, file_value,"
                      " server_value, server_user, server_at FROM sync_conflicts ORDER BY id",
                  error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RaSyncConflict *c = g_new0 (RaSyncConflict, 1);

      c->table_name = column_text (stmt, 0);
      c->row_id = sqlite3_column_int64 (stmt, 1);
      c->label = column_text (stmt, 2);
      c->field = column_text (stmt, 3);
      c->base_value = column_text (stmt, 4);
      c->file_value = column_text (stmt, 5);
      c->server_value = column_text (stmt, 6);
      c->server_user = column_text (stmt, 7);
      c->server_at = column_text (stmt, 8);
      g_ptr_array_add (list, c);
    }
  if (rc != SQLITE_DONE)
    {
      ra_sqlite_set_error (error, db, rc, _("reading the offline copy's records"));
      return NULL;
    }
  return g_steal_pointer (&list);
}
