/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The app's saved views (bookmarks, table app_views) and print layouts
 * (table app_layouts) in a SpatiaLite project: each save one transaction
 * of its own, without audit or undo (they are the app's, not the plan's).
 * Bookmarks are read through RA_STORE_QUERY_BOOKMARKS. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-store-sqlite.h"
#include "ra-views.h"

static gboolean
exec (RaStoreDb *db, const char *sql, GError **error)
{
  return ra_store_sqlite_exec (db, sql, sql, error);
}

static gboolean
begin (RaStoreDb *db, GError **error)
{
  return exec (db, "BEGIN IMMEDIATE", error);
}

static gboolean
commit_or_rollback (RaStoreDb *db, gboolean ok, GError **error)
{
  if (ok)
    {
      if (exec (db, "COMMIT", error))
        return TRUE;
    }
  sqlite3_exec (db->sqlite, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* Runs a statement that changes rows of name; *found says whether any. */
static gboolean
step_named (RaStoreDb *db, const char *sql, const char *name, const char *what,
            gboolean *found, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = ra_store_sqlite_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    return ra_sqlite_set_error (error, db->sqlite, rc, what);
  if (found != NULL)
    *found = sqlite3_changes (db->sqlite) > 0;
  return TRUE;
}

/* ---- bookmarks ---------------------------------------------------------- */

static gint64
save_bookmark_locked (RaStoreDb *db, const RaBookmark *b, GError **error)
{
  g_autoptr(sqlite3_stmt) ins = NULL;
  int rc;

  if (!step_named (db, "DELETE FROM app_views WHERE name = ?1", b->name,
                   _("saving a bookmark"), NULL, error))
    return 0;
  ins = ra_store_sqlite_prepare (db, "INSERT INTO app_views (name, crs, center_x, center_y,"
                                     " scale, rotation) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (ins == NULL)
    return 0;
  sqlite3_bind_text (ins, 1, b->name, -1, SQLITE_TRANSIENT);
  if (b->crs != NULL)
    sqlite3_bind_text (ins, 2, b->crs, -1, SQLITE_TRANSIENT);
  sqlite3_bind_double (ins, 3, b->centre_x);
  sqlite3_bind_double (ins, 4, b->centre_y);
  sqlite3_bind_double (ins, 5, b->scale_denominator);
  sqlite3_bind_double (ins, 6, isfinite (b->rotation_deg) ? b->rotation_deg : 0.0);
  if ((rc = sqlite3_step (ins)) != SQLITE_DONE)
    {
      ra_sqlite_set_error (error, db->sqlite, rc, _("saving a bookmark"));
      return 0;
    }
  return sqlite3_last_insert_rowid (db->sqlite);
}

gboolean
ra_store_sqlite_save_bookmarks (RaStoreDb *db, GPtrArray *bookmarks, gint64 *last_id,
                                GError **error)
{
  gboolean ok = TRUE;
  gint64 id = 0;

  if (!begin (db, error))
    return FALSE;
  for (guint i = 0; i < bookmarks->len && ok; i++)
    ok = (id = save_bookmark_locked (db, g_ptr_array_index (bookmarks, i), error)) > 0;
  if (!commit_or_rollback (db, ok, ok ? error : NULL))
    return FALSE;
  if (last_id != NULL)
    *last_id = id;
  return TRUE;
}

gboolean
ra_store_sqlite_delete_bookmark (RaStoreDb *db, const char *name, gboolean *found,
                                 GError **error)
{
  return step_named (db, "DELETE FROM app_views WHERE name = ?1", name,
                     _("deleting a bookmark"), found, error);
}

/* ---- layouts ------------------------------------------------------------ */

gboolean
ra_store_sqlite_save_layout (RaStoreDb *db, const char *name, const char *text, GError **error)
{
  g_autoptr(sqlite3_stmt) upd = NULL;
  g_autoptr(sqlite3_stmt) ins = NULL;
  gboolean ok = FALSE;
  int rc;

  if (!begin (db, error))
    return FALSE;
  upd = ra_store_sqlite_prepare (db, "UPDATE app_layouts SET definition_json = ?2 WHERE name = ?1",
                                 error);
  if (upd != NULL)
    {
      sqlite3_bind_text (upd, 1, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (upd, 2, text, -1, SQLITE_TRANSIENT);
      if ((rc = sqlite3_step (upd)) != SQLITE_DONE)
        ra_sqlite_set_error (error, db->sqlite, rc, _("saving a layout"));
      else if (sqlite3_changes (db->sqlite) > 0)
        ok = TRUE;
      else if ((ins = ra_store_sqlite_prepare (db, "INSERT INTO app_layouts (name, definition_json)"
                                                   " VALUES (?1, ?2)", error)) != NULL)
        {
          sqlite3_bind_text (ins, 1, name, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (ins, 2, text, -1, SQLITE_TRANSIENT);
          if ((rc = sqlite3_step (ins)) != SQLITE_DONE)
            ra_sqlite_set_error (error, db->sqlite, rc, _("saving a layout"));
          else
            ok = TRUE;
        }
    }
  return commit_or_rollback (db, ok, ok ? error : NULL);
}

gboolean
ra_store_sqlite_load_layout (RaStoreDb *db, const char *name, char **text, gsize *length,
                             gboolean *found, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *value;
  int rc;

  *text = NULL;
  *length = 0;
  *found = FALSE;
  stmt = ra_store_sqlite_prepare (db, "SELECT definition_json FROM app_layouts WHERE name = ?1"
                                      " ORDER BY id LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return ra_sqlite_set_error (error, db->sqlite, rc, _("reading a layout"));
  *found = TRUE;
  /* The text as stored, to its last byte (a damaged one may hold NULs). */
  value = (const char *) sqlite3_column_text (stmt, 0);
  *length = (gsize) sqlite3_column_bytes (stmt, 0);
  if (value != NULL)
    {
      *text = g_malloc (*length + 1);
      memcpy (*text, value, *length);
      (*text)[*length] = '\0';
    }
  return TRUE;
}

GStrv
ra_store_sqlite_list_layouts (RaStoreDb *db, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc;

  stmt = ra_store_sqlite_prepare (db, "SELECT name FROM app_layouts ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      ra_sqlite_set_error (error, db->sqlite, rc, _("reading layouts"));
      return NULL;
    }
  return g_strv_builder_end (builder);
}

gboolean
ra_store_sqlite_delete_layout (RaStoreDb *db, const char *name, gboolean *found,
                               GError **error)
{
  return step_named (db, "DELETE FROM app_layouts WHERE name = ?1", name,
                     _("deleting a layout"), found, error);
}

/* ---- the map's added layers ------------------------------------------- */

gboolean
ra_store_sqlite_save_app_layers (RaStoreDb *db, GPtrArray *layers, GError **error)
{
  g_autoptr(sqlite3_stmt) del = NULL;
  g_autoptr(sqlite3_stmt) ins = NULL;
  gboolean ok = TRUE;
  int rc;

  if (!begin (db, error))
    return FALSE;
  del = ra_store_sqlite_prepare (db, "DELETE FROM app_layers", error);
  ins = ra_store_sqlite_prepare (db, "INSERT INTO app_layers (position, name, source, layer,"
                                     " visible, opacity, style_json)"
                                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  ok = del != NULL && ins != NULL;
  if (ok && (rc = sqlite3_step (del)) != SQLITE_DONE)
    ok = ra_sqlite_set_error (error, db->sqlite, rc, _("saving the map's layers"));
  for (guint i = 0; ok && i < layers->len; i++)
    {
      const RaAppLayer *l = g_ptr_array_index (layers, i);

      sqlite3_reset (ins);
      sqlite3_clear_bindings (ins);
      sqlite3_bind_int (ins, 1, l->position);
      sqlite3_bind_text (ins, 2, l->name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (ins, 3, l->source, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (ins, 4, l->layer, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (ins, 5, l->visible ? 1 : 0);
      sqlite3_bind_double (ins, 6, isfinite (l->opacity) ? CLAMP (l->opacity, 0.0, 1.0) : 1.0);
      sqlite3_bind_text (ins, 7, l->style_json, -1, SQLITE_TRANSIENT);
      if ((rc = sqlite3_step (ins)) != SQLITE_DONE)
        ok = ra_sqlite_set_error (error, db->sqlite, rc, _("saving the map's layers"));
    }
  return commit_or_rollback (db, ok, ok ? error : NULL) && ok;
}
