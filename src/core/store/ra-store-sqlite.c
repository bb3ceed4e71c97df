/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SpatiaLite backend of the store: its connection (opening a project
 * file with every check a damaged, foreign, locked or read-only file needs,
 * WAL and synchronous = FULL, migrations), its transactions, the statement
 * helpers its other files share, and the backend table that RaStore calls
 * (ra-store-backend.h).  Reading and writing rows are in
 * ra-store-sqlite-read.c and ra-store-sqlite-write.c, saved views and
 * layouts in ra-store-sqlite-views.c, the schema in ra-store-schema.c and
 * the undo stack in ra-undo.c. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <sys/statvfs.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <spatialite.h>

#include "ra-gdal-write.h"
#include "ra-paths.h"
#include "ra-store-schema.h"
#include "ra-store-sqlite.h"

#define DEFAULT_BUSY_TIMEOUT_MS 5000

/* ---- statement helpers ------------------------------------------------- */

sqlite3_stmt *
ra_store_sqlite_prepare (RaStoreDb *db, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db->sqlite, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      ra_sqlite_set_error (error, db->sqlite, rc, _("preparing a query"));
      return NULL;
    }
  return stmt;
}

sqlite3_stmt *
ra_store_sqlite_prepare_row (RaStoreDb *db, const char *sql, gint64 id, GError **error)
{
  sqlite3_stmt *stmt = ra_store_sqlite_prepare (db, sql, error);

  if (stmt != NULL)
    sqlite3_bind_int64 (stmt, 1, id);
  return stmt;
}

gboolean
ra_store_sqlite_step_done (RaStoreDb *db, sqlite3_stmt *stmt, const char *what, GError **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    return ra_sqlite_set_error (error, db->sqlite, rc, what);
  return TRUE;
}

gboolean
ra_store_sqlite_exec (RaStoreDb *db, const char *sql, const char *what, GError **error)
{
  int rc = sqlite3_exec (db->sqlite, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return ra_sqlite_set_error (error, db->sqlite, rc, what);
  return TRUE;
}

int
ra_store_sqlite_pragma_int (RaStoreDb *db, const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db->sqlite, sql, -1, &stmt, NULL) != SQLITE_OK)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return sqlite3_column_int (stmt, 0);
  return -1;
}

void
ra_store_sqlite_bind (sqlite3_stmt *stmt, int idx, const RaStoreValue *value)
{
  switch (value->type)
    {
    case RA_STORE_VALUE_TEXT:
      sqlite3_bind_text (stmt, idx, value->text, -1, SQLITE_TRANSIENT);
      break;
    case RA_STORE_VALUE_INT:
      sqlite3_bind_int64 (stmt, idx, value->i);
      break;
    case RA_STORE_VALUE_REAL:
      sqlite3_bind_double (stmt, idx, value->d);
      break;
    case RA_STORE_VALUE_BLOB:
      sqlite3_bind_blob (stmt, idx, g_bytes_get_data (value->blob, NULL),
                         (int) g_bytes_get_size (value->blob), SQLITE_TRANSIENT);
      break;
    case RA_STORE_VALUE_NULL:
    default:
      sqlite3_bind_null (stmt, idx);
      break;
    }
}

char *
ra_store_sqlite_dup_text (sqlite3_stmt *stmt, int col)
{
  const unsigned char *text = sqlite3_column_text (stmt, col);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

const char *
ra_store_sqlite_geom_cast (const RaStoreTable *table)
{
  if (g_strcmp0 (table->geom_type, "POINT") == 0)
    return "CastToPoint";
  if (g_strcmp0 (table->geom_type, "MULTILINESTRING") == 0)
    return "CastToMultiLinestring";
  return "CastToMultiPolygon";
}

/* ---- transactions ------------------------------------------------------ */

/* BEGIN IMMEDIATE takes the write lock up front, so a busy file fails here
 * (after busy_timeout) rather than half-way through an edit. */
gboolean
ra_store_sqlite_begin (RaStoreDb *db, GError **error)
{
  int rc;

  g_assert (!db->in_transaction);
  rc = sqlite3_exec (db->sqlite, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return ra_sqlite_set_error (error, db->sqlite, rc, _("starting a change"));
  db->in_transaction = TRUE;
  return TRUE;
}

void
ra_store_sqlite_rollback (RaStoreDb *db)
{
  if (db->in_transaction)
    {
      if (!sqlite3_get_autocommit (db->sqlite))
        sqlite3_exec (db->sqlite, "ROLLBACK", NULL, NULL, NULL);
      db->in_transaction = FALSE;
    }
}

gboolean
ra_store_sqlite_commit (RaStoreDb *db, GError **error)
{
  int rc = sqlite3_exec (db->sqlite, "COMMIT", NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      ra_sqlite_set_error (error, db->sqlite, rc, _("saving the change"));
      ra_store_sqlite_rollback (db);
      return FALSE;
    }
  db->in_transaction = FALSE;
  /* Our own commits must not look like another program's. */
  db->data_version = ra_store_sqlite_pragma_int (db, "PRAGMA data_version");
  return TRUE;
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
disk_full_errno (RaStoreDb *db)
{
  sqlite3_file *file = NULL;
  int err = 0;

  if (sqlite3_file_control (db->sqlite, "main", SQLITE_FCNTL_JOURNAL_POINTER, &file) == SQLITE_OK &&
      file != NULL && file->pMethods != NULL &&
      file->pMethods->xFileControl (file, SQLITE_FCNTL_LAST_ERRNO, &err) == SQLITE_OK &&
      (err == ENOSPC || err == EFBIG || err == EDQUOT))
    return err;
  err = 0;
  if (sqlite3_file_control (db->sqlite, "main", SQLITE_FCNTL_LAST_ERRNO, &err) == SQLITE_OK &&
      (err == ENOSPC || err == EFBIG || err == EDQUOT))
    return err;
  /* A write that never reached the file: the disk's own word. */
  {
    g_autofree char *dir = g_path_get_dirname (db->path);
    struct statvfs st;

    if (statvfs (dir, &st) == 0 && (guint64) st.f_bavail * st.f_frsize < 64 * 1024)
      return ENOSPC;
  }
  return 0;
}

/* After a change that failed: when the disk is full, say that instead of
 * the symptom (SpatiaLite's "no such table: main.geometry_columns"). */
void
ra_store_sqlite_explain_disk_full (RaStoreDb *db, GError **error, const char *what)
{
  if (error == NULL || *error == NULL ||
      !g_error_matches (*error, RA_STORE_ERROR, RA_STORE_ERROR_FAILED) ||
      disk_full_errno (db) == 0)
    return;
  g_clear_error (error);
  g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_FAILED,
               _("the change was not saved: the disk is full or the project file may not grow (%s)"),
               what);
}

static gboolean
open_connection (RaStoreDb *db, gboolean read_only, gboolean create, GError **error)
{
  int flags = read_only ? SQLITE_OPEN_READONLY
                        : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  int rc;

  rc = sqlite3_open_v2 (db->path, &db->sqlite, flags | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      ra_sqlite_set_error (error, db->sqlite, rc, _("opening"));
      g_clear_pointer (&db->sqlite, sqlite3_close);
      return FALSE;
    }
  db->spatialite_cache = spatialite_alloc_connection ();
  spatialite_init_ex (db->sqlite, db->spatialite_cache, 0);
  sqlite3_busy_timeout (db->sqlite, DEFAULT_BUSY_TIMEOUT_MS);
  sqlite3_exec (db->sqlite, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
  return TRUE;
}

static void
close_connection (RaStoreDb *db)
{
  g_clear_pointer (&db->undo, ra_undo_free);
  if (db->sqlite != NULL)
    {
      ra_store_sqlite_rollback (db);
      sqlite3_close_v2 (db->sqlite);
      db->sqlite = NULL;
    }
  if (db->spatialite_cache != NULL)
    {
      spatialite_cleanup_ex (db->spatialite_cache);
      db->spatialite_cache = NULL;
    }
}

static void
sqlite_close (RaStoreDb *db)
{
  if (db == NULL)
    return;
  close_connection (db);
  g_free (db->path);
  g_free (db);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaStoreDb, sqlite_close)

/* One integer from a PRAGMA or query; the SQLite result code (SQLITE_ROW
 * when *value was read): a negative user_version is a value, not an error. */
static int
query_int (RaStoreDb *db, const char *sql, int *value)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  *value = 0;
  rc = sqlite3_prepare_v2 (db->sqlite, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return rc;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *value = sqlite3_column_int (stmt, 0);
  return rc;
}

static RaStoreDb *
sqlite_open (const char        *path,
             const char        *password,
             RaStoreOpenFlags   flags,
             char             **read_only_reason,
             GError           **error)
{
  g_autoptr(RaStoreDb) db = g_new0 (RaStoreDb, 1);
  g_autofree char *reason = NULL;
  gboolean exists, read_only;
  int version, n_tables, app_id, rc;

  db->path = g_strdup (path);
  exists = g_file_test (path, G_FILE_TEST_EXISTS);
  if (!exists && !(flags & RA_STORE_OPEN_CREATE))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND, _("file not found"));
      return NULL;
    }
  /* SQLite would block forever reading a FIFO, and a folder is no project. */
  if (exists && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_A_PROJECT,
                   _("not a project file (not a regular file)"));
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
          return NULL;
        }
    }

  if (flags & RA_STORE_OPEN_READ_ONLY)
    reason = g_strdup (_("opened view-only on request"));
  else if (exists && file_is_read_only (path))
    reason = g_strdup (_("the file is read-only"));
  else if (dir_is_read_only (path))
    reason = g_strdup (_("the folder holding the file is read-only"));
  read_only = reason != NULL;

  if (!exists && read_only)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_READ_ONLY,
                   _("cannot create a project here: %s"), reason);
      return NULL;
    }

  if (!open_connection (db, read_only, !exists, error))
    return NULL;

  rc = query_int (db, "PRAGMA user_version", &version);
  if (rc == SQLITE_ROW)
    rc = query_int (db, "SELECT count(*) FROM sqlite_master", &n_tables);
  if (rc == SQLITE_ROW)
    rc = query_int (db, "PRAGMA application_id", &app_id);
  if (rc != SQLITE_ROW)
    {
      rc = sqlite3_errcode (db->sqlite);
      if ((rc & 0xff) == SQLITE_BUSY && !read_only)
        g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_BUSY,
                     _("project is busy: another program has locked it"));
      else
        g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_A_PROJECT,
                     _("not a project file (%s)"), sqlite3_errmsg (db->sqlite));
      return NULL;
    }
  if (version > RA_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_TOO_NEW,
                   _("the project was saved by a newer version of Reclaim Atlas "
                     "(schema %d, this version knows up to %d); update the program to open it"),
                   version, RA_STORE_SCHEMA_VERSION);
      return NULL;
    }
  /* Migrations are transactional, so version 0 with tables is not ours...
   * unless the file says it is (our application id): then the version was
   * lost, and guessing it could run a migration over a newer schema. */
  if (version < 0 || (version == 0 && n_tables > 0 && app_id == RA_STORE_APPLICATION_ID))
    {
      ra_store_schema_set_version_error (error, version);
      return NULL;
    }
  if (version == 0 && n_tables > 0)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_A_PROJECT,
                   _("not a Reclaim Atlas project (an SQLite database with other tables)"));
      return NULL;
    }
  /* An empty database is made a project only on request: opening someone's
   * new SQLite file must not write our schema into it. */
  if (version == 0 && exists && !(flags & RA_STORE_OPEN_CREATE))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_A_PROJECT,
                   _("not a Reclaim Atlas project (an empty SQLite database)"));
      return NULL;
    }
  /* Before anything is written (WAL mode, migrations): a damaged project
   * is refused as it is. */
  if (version > 0 && !ra_store_schema_check (db->sqlite, version, error))
    return NULL;

  if (!read_only)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;

      /* WAL: readers never block the writer; synchronous = FULL: an edit
       * acknowledged after COMMIT is on disk, even on power loss. */
      rc = sqlite3_prepare_v2 (db->sqlite, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        {
          if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
            {
              /* Another program holds the file exclusively: view it only. */
              g_clear_pointer (&stmt, sqlite3_finalize);
              close_connection (db);
              reason = g_strdup (_("another program has locked the file"));
              read_only = TRUE;
              if (!open_connection (db, TRUE, FALSE, error))
                return NULL;
            }
          else
            {
              ra_sqlite_set_error (error, db->sqlite, rc, _("switching to WAL mode"));
              ra_store_sqlite_explain_disk_full (db, error, _("switching to WAL mode"));
              return NULL;
            }
        }
      if (!read_only)
        sqlite3_exec (db->sqlite, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
    }

  if (version < RA_STORE_SCHEMA_VERSION && !(read_only && ra_store_schema_file_is_current (version)))
    {
      if (read_only)
        {
          g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_READ_ONLY,
                       _("the project needs an upgrade but is view-only: %s"), reason);
          return NULL;
        }
      if (!ra_store_schema_migrate (db, version, error))
        return NULL;
    }

  db->undo = ra_undo_new (db->sqlite);
  db->data_version = ra_store_sqlite_pragma_int (db, "PRAGMA data_version");
  *read_only_reason = g_steal_pointer (&reason);
  return g_steal_pointer (&db);
}

/* ---- the connection ---------------------------------------------------- */

static gpointer
sqlite_get_handle (RaStoreDb *db)
{
  return db->sqlite;
}

static void
sqlite_set_busy_timeout (RaStoreDb *db, int milliseconds)
{
  sqlite3_busy_timeout (db->sqlite, milliseconds);
}

/* Which rows changed the file cannot tell: changes stays empty. */
static gboolean
sqlite_poll_changes (RaStoreDb *db, GArray *changes)
{
  int version = ra_store_sqlite_pragma_int (db, "PRAGMA data_version");

  if (version < 0 || version == db->data_version)
    return FALSE;
  db->data_version = version;
  return TRUE;
}

static gboolean
sqlite_connected (RaStoreDb *db)
{
  return TRUE;
}

static RaStoreReconnect
sqlite_reconnect_step (RaStoreDb *db, GError **error)
{
  return RA_STORE_RECONNECT_DONE;
}

static char *
sqlite_check_integrity (RaStoreDb *db, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = ra_store_sqlite_prepare (db, "PRAGMA integrity_check", error);
  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      ra_sqlite_set_error (error, db->sqlite, rc, _("checking integrity"));
      return NULL;
    }
  return ra_store_sqlite_dup_text (stmt, 0);
}

static gboolean
sqlite_save_copy (RaStoreDb *db, const char *dest_path, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  /* VACUUM INTO writes a consistent, compacted snapshot, even while this
   * or another connection keeps editing. */
  stmt = ra_store_sqlite_prepare (db, "VACUUM INTO ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, dest_path, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      g_autofree char *display = ra_path_display_name (dest_path);

      ra_sqlite_set_error (error, db->sqlite, rc, _("saving a copy"));
      g_prefix_error (error, "%s: ", display);
      return FALSE;
    }
  return TRUE;
}

static gboolean
sqlite_flush (RaStoreDb *db, GError **error)
{
  /* Checked: closing would checkpoint too, but silently, and a WAL left
   * over after a failed checkpoint would stay behind the file. */
  int rc = sqlite3_wal_checkpoint_v2 (db->sqlite, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);

  if (rc != SQLITE_OK)
    return ra_sqlite_set_error (error, db->sqlite, rc, _("writing the project file"));
  return TRUE;
}

static const char *
sqlite_gdal_name (RaStoreDb *db)
{
  return db->path;
}

static GDALDatasetH
sqlite_gdal_open (RaStoreDb *db, GError **error)
{
  const char *allowed[] = { "SQLite", NULL };
  g_autofree char *why = NULL;
  GDALDatasetH ds = ra_gdal_open_vector (db->path, allowed, &why);

  if (ds == NULL)
    ra_sqlite_set_error (error, NULL, SQLITE_CANTOPEN, why);
  return ds;
}

/* ---- undo stack (ra-undo.c) --------------------------------------------- */

static gint64
sqlite_undo_push (RaStoreDb *db, gint64 group_id, const char *label, const char *table,
                  gint64 row_id, const char *before_json, const char *after_json,
                  GError **error)
{
  return ra_undo_push (db->undo, group_id, label, table, row_id, before_json, after_json, error);
}

static GPtrArray *
sqlite_undo_peek (RaStoreDb *db, gboolean redo, GError **error)
{
  return ra_undo_peek (db->undo, redo, error);
}

static gboolean
sqlite_undo_mark_group (RaStoreDb *db, gint64 group_id, gboolean undone, GError **error)
{
  return ra_undo_mark_group (db->undo, group_id, undone, error);
}

static gboolean
sqlite_undo_can (RaStoreDb *db, gboolean redo)
{
  return db->undo != NULL && ra_undo_can (db->undo, redo);
}

static char *
sqlite_undo_dup_label (RaStoreDb *db, gboolean redo)
{
  return db->undo != NULL ? ra_undo_dup_label (db->undo, redo) : NULL;
}

const RaStoreBackend ra_store_sqlite_backend = {
  .name = "SpatiaLite",

  .open = sqlite_open,
  .close = sqlite_close,
  .get_handle = sqlite_get_handle,
  .set_busy_timeout = sqlite_set_busy_timeout,
  .poll_changes = sqlite_poll_changes,
  .poll_interval_ms = 2000,
  .connected = sqlite_connected,
  .reconnect_step = sqlite_reconnect_step,
  .check_integrity = sqlite_check_integrity,
  .save_copy = sqlite_save_copy,
  .flush = sqlite_flush,
  .explain_disk_full = ra_store_sqlite_explain_disk_full,
  .gdal_name = sqlite_gdal_name,
  .gdal_open = sqlite_gdal_open,

  .begin = ra_store_sqlite_begin,
  .commit = ra_store_sqlite_commit,
  .rollback = ra_store_sqlite_rollback,

  .query = ra_store_sqlite_query,
  .count_rows = ra_store_sqlite_count_rows,
  .has_geometry = ra_store_sqlite_has_geometry,
  .find_ids = ra_store_sqlite_find_ids,
  .geometry_wkt = ra_store_sqlite_geometry_wkt,
  .geometry_wkb = ra_store_sqlite_geometry_wkb,
  .scan_geometries = ra_store_sqlite_scan_geometries,
  .county_exists = ra_store_sqlite_county_exists,
  .dup_meta = ra_store_sqlite_dup_meta,
  .meta_row_id = ra_store_sqlite_meta_row_id,

  .insert_prepare = ra_store_sqlite_insert_prepare,
  .insert_run = ra_store_sqlite_insert_run,
  .insert_free = ra_store_sqlite_insert_free,
  .update_row = ra_store_sqlite_update_row,
  .delete_row = ra_store_sqlite_delete_row,
  .check_geometry = ra_store_sqlite_check_geometry,
  .next_sort_key = ra_store_sqlite_next_sort_key,
  .duplicate_project = ra_store_sqlite_duplicate_project,
  .set_meta = ra_store_sqlite_set_meta,

  .snapshot_row = ra_store_sqlite_snapshot_row,
  .restore_row = ra_store_sqlite_restore_row,
  .lock_row_version = ra_store_sqlite_lock_row_version,
  .raise_row_version = ra_store_sqlite_raise_row_version,
  .write_audit = ra_store_sqlite_write_audit,
  .write_import_audit = ra_store_sqlite_write_import_audit,
  .undo_push = sqlite_undo_push,
  .undo_peek = sqlite_undo_peek,
  .undo_mark_group = sqlite_undo_mark_group,
  .undo_can = sqlite_undo_can,
  .undo_dup_label = sqlite_undo_dup_label,

  .merge_city_target = ra_store_sqlite_merge_city_target,
  .place_county_plants = ra_store_sqlite_place_county_plants,
  .dup_city_adcode = ra_store_sqlite_dup_city_adcode,

  .save_bookmarks = ra_store_sqlite_save_bookmarks,
  .delete_bookmark = ra_store_sqlite_delete_bookmark,
  .save_layout = ra_store_sqlite_save_layout,
  .load_layout = ra_store_sqlite_load_layout,
  .list_layouts = ra_store_sqlite_list_layouts,
  .save_app_layers = ra_store_sqlite_save_app_layers,
  .delete_layout = ra_store_sqlite_delete_layout,
};
