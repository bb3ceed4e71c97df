/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SpatiaLite backend's undo stack (table app_undo) and its one way of
 * turning SQLite's failures into RA_STORE_ERRORs. */
#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>

#include "ra-store.h"
#include "ra-store-sqlite.h"
#include "ra-undo.h"

struct _RaUndo {
  /* borrowed */
  sqlite3 *db;
};

/* The errno of the write that failed.  The connection's copy is often lost
 * by the time the error is reported (0 after a COMMIT whose WAL write
 * failed: SQLite reads errno only after rolling back), but each file keeps
 * its own; the WAL's (or rollback journal's) first, then the project
 * file's (checkpoints).  A file's copy is that of its last failure, however
 * old, so it is read only when SQLite says a write failed. */
static gboolean
is_write_error (int extended)
{
  switch (extended)
    {
    case SQLITE_IOERR_WRITE:
    case SQLITE_IOERR_FSYNC:
    case SQLITE_IOERR_DIR_FSYNC:
    case SQLITE_IOERR_TRUNCATE:
    case SQLITE_IOERR_SHMSIZE:
    case SQLITE_IOERR:   /* a COMMIT's failed WAL write is reported plain */
      return TRUE;
    default:
      return FALSE;
    }
}

static int
sqlite_write_errno (sqlite3 *db, int extended)
{
  sqlite3_file *file = NULL;
  int err = sqlite3_system_errno (db);

  if (err != 0)
    return err;
  if (!is_write_error (extended))
    return 0;
  if (sqlite3_file_control (db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &file) == SQLITE_OK &&
      file != NULL && file->pMethods != NULL &&
      file->pMethods->xFileControl (file, SQLITE_FCNTL_LAST_ERRNO, &err) == SQLITE_OK &&
      err != 0)
    return err;
  err = 0;
  if (sqlite3_file_control (db, "main", SQLITE_FCNTL_LAST_ERRNO, &err) == SQLITE_OK)
    return err;
  return 0;
}

gboolean
ra_sqlite_set_error (GError    **error,
                     sqlite3    *db,
                     int         rc,
                     const char *what)
{
  int primary = rc & 0xff;
  const char *msg = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);
  int extended = db != NULL && (rc & ~0xff) == 0 ? sqlite3_extended_errcode (db) : rc;
  int sys_errno = primary == SQLITE_IOERR && db != NULL ? sqlite_write_errno (db, extended) : 0;

  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_BUSY,
                 _("project is busy: another program is writing to it, try again (%s)"),
                 what);
  else if (primary == SQLITE_READONLY)
    g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_READ_ONLY,
                 _("project is read-only (%s)"), what);
  else if (primary == SQLITE_FULL ||
           (primary == SQLITE_IOERR &&
            (sys_errno == ENOSPC || sys_errno == EFBIG || sys_errno == EDQUOT)))
    /* SQLite says "disk I/O error" for a file at its size limit (EFBIG). */
    g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_FAILED,
                 _("the change was not saved: the disk is full or the project file may not grow (%s)"),
                 what);
  else if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT)
    g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_A_PROJECT,
                 _("not a project file or damaged (%s: %s)"), what, msg);
  else
    g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_FAILED,
                 "%s: %s", what, msg);
  return FALSE;
}

RaUndo *
ra_undo_new (sqlite3 *db)
{
  RaUndo *undo = g_new0 (RaUndo, 1);

  undo->db = db;
  return undo;
}

void
ra_undo_free (RaUndo *undo)
{
  g_free (undo);
}

static const RaStoreField change_fields[] = {
  { "id", RA_STORE_FIELD_INT64, G_STRUCT_OFFSET (RaUndoChange, id) },
  { "group_id", RA_STORE_FIELD_INT64, G_STRUCT_OFFSET (RaUndoChange, group_id) },
  { "label", RA_STORE_FIELD_TEXT, G_STRUCT_OFFSET (RaUndoChange, label) },
  { "table_name", RA_STORE_FIELD_TEXT, G_STRUCT_OFFSET (RaUndoChange, table_name) },
  { "row_id", RA_STORE_FIELD_INT64, G_STRUCT_OFFSET (RaUndoChange, row_id) },
  { "before_json", RA_STORE_FIELD_TEXT, G_STRUCT_OFFSET (RaUndoChange, before_json) },
  { "after_json", RA_STORE_FIELD_TEXT, G_STRUCT_OFFSET (RaUndoChange, after_json) },
};

static const RaStoreRecordDesc change_desc =
  RA_STORE_RECORD_DESC (RaUndoChange, change_fields, ra_undo_change_free);

void
ra_undo_change_free (RaUndoChange *change)
{
  ra_store_record_free (&change_desc, change);
}

gint64
ra_undo_push (RaUndo      *undo,
              gint64       group_id,
              const char  *label,
              const char  *table_name,
              gint64       row_id,
              const char  *before_json,
              const char  *after_json,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 id;
  int rc;

  g_return_val_if_fail (undo != NULL, 0);
  g_return_val_if_fail (table_name != NULL, 0);

  if (group_id == 0)
    {
      /* A new change makes the undone changes unreachable. */
      rc = sqlite3_exec (undo->db, "DELETE FROM app_undo WHERE undone = 1", NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        return ra_sqlite_set_error (error, undo->db, rc, _("clearing the redo history"));
    }

  rc = sqlite3_prepare_v2 (undo->db,
                           "INSERT INTO app_undo (group_id, label, table_name, row_id,"
                           " before_json, after_json, undone)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0)",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return ra_sqlite_set_error (error, undo->db, rc, _("recording the undo step"));
  /* group 0 is rewritten to the row's own id just below */
  sqlite3_bind_int64 (stmt, 1, group_id);
  sqlite3_bind_text (stmt, 2, label, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, table_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, row_id);
  sqlite3_bind_text (stmt, 5, before_json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, after_json, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return ra_sqlite_set_error (error, undo->db, rc, _("recording the undo step"));
  id = sqlite3_last_insert_rowid (undo->db);

  if (group_id == 0)
    {
      g_autoptr(sqlite3_stmt) fix = NULL;

      rc = sqlite3_prepare_v2 (undo->db, "UPDATE app_undo SET group_id = ?1 WHERE id = ?1",
                               -1, &fix, NULL);
      if (rc == SQLITE_OK)
        {
          sqlite3_bind_int64 (fix, 1, id);
          rc = sqlite3_step (fix);
        }
      if (rc != SQLITE_DONE)
        return ra_sqlite_set_error (error, undo->db, rc, _("recording the undo step"));
      group_id = id;
    }
  return group_id;
}

/* The group on top of the undo stack (newest not undone) or of the redo
 * stack (oldest undone); 0 if none. */
static gint64
top_group (RaUndo *undo, gboolean redo)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *sql = redo
    ? "SELECT group_id FROM app_undo WHERE undone = 1 ORDER BY id ASC LIMIT 1"
    : "SELECT group_id FROM app_undo WHERE undone = 0 ORDER BY id DESC LIMIT 1";

  if (sqlite3_prepare_v2 (undo->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  return 0;
}

GPtrArray *
ra_undo_peek (RaUndo *undo, gboolean redo, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 group;
  int rc;

  g_return_val_if_fail (undo != NULL, NULL);

  group = top_group (undo, redo);
  if (group == 0)
    return g_ptr_array_new_with_free_func (change_desc.free_record);

  /* Undo reverts a group newest first; redo replays it oldest first. */
  rc = sqlite3_prepare_v2 (undo->db,
                           redo
                           ? "SELECT id, group_id, label, table_name, row_id, before_json, after_json"
                             " FROM app_undo WHERE group_id = ?1 ORDER BY id ASC"
                           : "SELECT id, group_id, label, table_name, row_id, before_json, after_json"
                             " FROM app_undo WHERE group_id = ?1 ORDER BY id DESC",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      ra_sqlite_set_error (error, undo->db, rc, _("reading the undo history"));
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, group);
  return ra_store_sqlite_collect (undo->db, stmt, &change_desc, _("reading the undo history"),
                                  error);
}

gboolean
ra_undo_mark_group (RaUndo *undo, gint64 group_id, gboolean undone, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (undo->db, "UPDATE app_undo SET undone = ?2 WHERE group_id = ?1",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, group_id);
      sqlite3_bind_int (stmt, 2, undone ? 1 : 0);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    return ra_sqlite_set_error (error, undo->db, rc, _("updating the undo history"));
  return TRUE;
}

gboolean
ra_undo_can (RaUndo *undo, gboolean redo)
{
  g_return_val_if_fail (undo != NULL, FALSE);
  return top_group (undo, redo) != 0;
}

char *
ra_undo_dup_label (RaUndo *undo, gboolean redo)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 group;

  g_return_val_if_fail (undo != NULL, NULL);
  group = top_group (undo, redo);
  if (group == 0)
    return NULL;
  if (sqlite3_prepare_v2 (undo->db, "SELECT label FROM app_undo WHERE id = ?1",
                          -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, group);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return ra_store_sqlite_dup_text (stmt, 0);
  return NULL;
}
