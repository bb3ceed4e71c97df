/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A server project's undo stack (table app_undo, as in the file, with the
 * role that made each change: undo undoes one's own edits only, as many
 * editors share the table) and the app's saved views, layouts and map
 * layers (each save one transaction of its own, without audit or undo). */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-store-pg.h"
#include "ra-views.h"

/* ---- the undo stack ------------------------------------------------------ */

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

gint64
ra_store_pg_undo_push (RaStoreDb *db, gint64 group_id, const char *label, const char *table,
                       gint64 row_id, const char *before_json, const char *after_json,
                       GError **error)
{
  RaStoreValue params[] = {
    ra_store_value_int (group_id), ra_store_value_text (label), ra_store_value_text (table),
    ra_store_value_int (row_id), ra_store_value_text (before_json),
    ra_store_value_text (after_json),
  };
  g_autoptr(PGresult) res = NULL;
  gint64 id;

  /* A new change makes one's undone changes unreachable. */
  if (group_id == 0 &&
      !ra_store_pg_run (db, "DELETE FROM app_undo WHERE undone = 1 AND role = current_user",
                        0, NULL, _("clearing the redo history"), error))
    return 0;
  /* group 0 becomes the row's own id */
  res = ra_store_pg_exec (db, "INSERT INTO app_undo (group_id, label, table_name, row_id,"
                              " before_json, after_json, undone, role)"
                              " VALUES ($1::bigint, $2::text, $3::text, $4::bigint, $5::text,"
                              " $6::text, 0, current_user) RETURNING id",
                          G_N_ELEMENTS (params), params, _("recording the undo step"), error);
  if (res == NULL)
    return 0;
  id = ra_store_pg_get_int64 (res, 0, 0);
  if (group_id == 0)
    {
      RaStoreValue v = ra_store_value_int (id);

      if (!ra_store_pg_run (db, "UPDATE app_undo SET group_id = $1::bigint WHERE id = $1::bigint",
                            1, &v, _("recording the undo step"), error))
        return 0;
      group_id = id;
    }
  return group_id;
}

/* The group on top of one's undo stack (newest not undone) or redo stack
 * (oldest undone); 0 if none. */
static gint64
top_group (RaStoreDb *db, gboolean redo)
{
  g_autoptr(PGresult) res = NULL;

  res = ra_store_pg_exec (db, redo
                              ? "SELECT group_id FROM app_undo WHERE undone = 1"
                                " AND role = current_user ORDER BY id ASC LIMIT 1"
                              : "SELECT group_id FROM app_undo WHERE undone = 0"
                                " AND role = current_user ORDER BY id DESC LIMIT 1",
                          0, NULL, "", NULL);
  return res != NULL ? ra_store_pg_get_int64 (res, 0, 0) : 0;
}

GPtrArray *
ra_store_pg_undo_peek (RaStoreDb *db, gboolean redo, GError **error)
{
  g_autoptr(PGresult) res = NULL;
  gint64 group = top_group (db, redo);
  RaStoreValue v = ra_store_value_int (group);

  if (group == 0)
    return g_ptr_array_new_with_free_func (change_desc.free_record);
  /* Undo reverts a group newest first; redo replays it oldest first. */
  res = ra_store_pg_exec (db, redo
                              ? "SELECT id, group_id, label, table_name, row_id, before_json,"
                                " after_json FROM app_undo WHERE group_id = $1::bigint ORDER BY id ASC"
                              : "SELECT id, group_id, label, table_name, row_id, before_json,"
                                " after_json FROM app_undo WHERE group_id = $1::bigint ORDER BY id DESC",
                          1, &v, _("reading the undo history"), error);
  if (res == NULL)
    return NULL;
  return ra_store_pg_collect (res, &change_desc);
}

gboolean
ra_store_pg_undo_mark_group (RaStoreDb *db, gint64 group_id, gboolean undone, GError **error)
{
  RaStoreValue params[] = { ra_store_value_int (group_id), ra_store_value_int (undone ? 1 : 0) };

  return ra_store_pg_run (db, "UPDATE app_undo SET undone = $2::bigint WHERE group_id = $1::bigint",
                          2, params, _("updating the undo history"), error);
}

gboolean
ra_store_pg_undo_can (RaStoreDb *db, gboolean redo)
{
  return top_group (db, redo) != 0;
}

char *
ra_store_pg_undo_dup_label (RaStoreDb *db, gboolean redo)
{
  gint64 group = top_group (db, redo);
  RaStoreValue v = ra_store_value_int (group);
  g_autoptr(PGresult) res = NULL;

  if (group == 0)
    return NULL;
  res = ra_store_pg_exec (db, "SELECT label FROM app_undo WHERE id = $1::bigint", 1, &v, "", NULL);
  return res != NULL ? ra_store_pg_dup_text (res, 0, 0) : NULL;
}

/* ---- saved views, layouts and map layers ------------------------------- */

static gboolean
end_change (RaStoreDb *db, gboolean ok, GError **error)
{
  if (ok)
    return ra_store_pg_commit (db, error);
  ra_store_pg_rollback (db);
  return FALSE;
}

/* Runs a statement about the rows named name; *found says whether any. */
static gboolean
run_named (RaStoreDb *db, const char *sql, const char *name, const char *what,
           gboolean *found, GError **error)
{
  RaStoreValue v = ra_store_value_text (name);
  g_autoptr(PGresult) res = ra_store_pg_exec (db, sql, 1, &v, what, error);

  if (res == NULL)
    return FALSE;
  if (found != NULL)
    *found = g_ascii_strtoll (PQcmdTuples (res), NULL, 10) > 0;
  return TRUE;
}

gboolean
ra_store_pg_save_bookmarks (RaStoreDb *db, GPtrArray *bookmarks, gint64 *last_id,
                            GError **error)
{
  gboolean ok = TRUE;
  gint64 id = 0;

  if (!ra_store_pg_begin (db, error))
    return FALSE;
  for (guint i = 0; i < bookmarks->len && ok; i++)
    {
      const RaBookmark *b = g_ptr_array_index (bookmarks, i);
      RaStoreValue params[] = {
        ra_store_value_text (b->name), ra_store_value_text (b->crs),
        ra_store_value_real (b->centre_x), ra_store_value_real (b->centre_y),
        ra_store_value_real (b->scale_denominator),
        ra_store_value_real (isfinite (b->rotation_deg) ? b->rotation_deg : 0.0),
      };
      g_autoptr(PGresult) res = NULL;

      ok = run_named (db, "DELETE FROM app_views WHERE name = $1::text", b->name,
                      _("saving a bookmark"), NULL, error);
      if (ok)
        res = ra_store_pg_exec (db, "INSERT INTO app_views (name, crs, center_x, center_y,"
                                    " scale, rotation) VALUES ($1::text, $2::text, $3::float8,"
                                    " $4::float8, $5::float8, $6::float8) RETURNING id",
                                G_N_ELEMENTS (params), params, _("saving a bookmark"), error);
      ok = res != NULL;
      if (ok)
        id = ra_store_pg_get_int64 (res, 0, 0);
    }
  if (!end_change (db, ok, ok ? error : NULL))
    return FALSE;
  if (last_id != NULL)
    *last_id = id;
  return TRUE;
}

gboolean
ra_store_pg_delete_bookmark (RaStoreDb *db, const char *name, gboolean *found, GError **error)
{
  return run_named (db, "DELETE FROM app_views WHERE name = $1::text", name,
                    _("deleting a bookmark"), found, error);
}

gboolean
ra_store_pg_save_layout (RaStoreDb *db, const char *name, const char *text, GError **error)
{
  RaStoreValue params[] = { ra_store_value_text (name), ra_store_value_text (text) };
  g_autoptr(PGresult) upd = NULL;
  gboolean ok;

  if (!ra_store_pg_begin (db, error))
    return FALSE;
  upd = ra_store_pg_exec (db, "UPDATE app_layouts SET definition_json = $2::text"
                              " WHERE name = $1::text", 2, params, _("saving a layout"), error);
  ok = upd != NULL;
  if (ok && g_ascii_strtoll (PQcmdTuples (upd), NULL, 10) == 0)
    ok = ra_store_pg_run (db, "INSERT INTO app_layouts (name, definition_json)"
                              " VALUES ($1::text, $2::text)", 2, params, _("saving a layout"),
                          error);
  return end_change (db, ok, ok ? error : NULL);
}

gboolean
ra_store_pg_load_layout (RaStoreDb *db, const char *name, char **text, gsize *length,
                         gboolean *found, GError **error)
{
  RaStoreValue v = ra_store_value_text (name);
  g_autoptr(PGresult) res = NULL;

  *text = NULL;
  *length = 0;
  *found = FALSE;
  res = ra_store_pg_exec (db, "SELECT definition_json FROM app_layouts WHERE name = $1::text"
                              " ORDER BY id LIMIT 1", 1, &v, _("reading a layout"), error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    return TRUE;
  *found = TRUE;
  *text = ra_store_pg_dup_text (res, 0, 0);
  *length = *text != NULL ? strlen (*text) : 0;
  return TRUE;
}

GStrv
ra_store_pg_list_layouts (RaStoreDb *db, GError **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(PGresult) res = ra_store_pg_exec (db, "SELECT name FROM app_layouts ORDER BY id",
                                              0, NULL, _("reading layouts"), error);

  if (res == NULL)
    return NULL;
  for (int r = 0; r < PQntuples (res); r++)
    g_strv_builder_add (builder, PQgetvalue (res, r, 0));
  return g_strv_builder_end (builder);
}

gboolean
ra_store_pg_delete_layout (RaStoreDb *db, const char *name, gboolean *found, GError **error)
{
  return run_named (db, "DELETE FROM app_layouts WHERE name = $1::text", name,
                    _("deleting a layout"), found, error);
}

gboolean
ra_store_pg_save_app_layers (RaStoreDb *db, GPtrArray *layers, GError **error)
{
  gboolean ok;

  if (!ra_store_pg_begin (db, error))
    return FALSE;
  ok = ra_store_pg_run (db, "DELETE FROM app_layers", 0, NULL, _("saving the map's layers"),
                        error);
  for (guint i = 0; ok && i < layers->len; i++)
    {
      const RaAppLayer *l = g_ptr_array_index (layers, i);
      RaStoreValue params[] = {
        ra_store_value_int (l->position), ra_store_value_text (l->name),
        ra_store_value_text (l->source), ra_store_value_text (l->layer),
        ra_store_value_int (l->visible ? 1 : 0),
        ra_store_value_real (isfinite (l->opacity) ? CLAMP (l->opacity, 0.0, 1.0) : 1.0),
        ra_store_value_text (l->style_json),
      };

      ok = ra_store_pg_run (db, "INSERT INTO app_layers (position, name, source, layer, visible,"
                                " opacity, style_json) VALUES ($1::bigint, $2::text, $3::text,"
                                " $4::text, $5::bigint, $6::float8, $7::text)",
                            G_N_ELEMENTS (params), params, _("saving the map's layers"), error);
    }
  return end_change (db, ok, ok ? error : NULL) && ok;
}
