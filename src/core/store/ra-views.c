/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "ra-error.h"
#include "ra-map.h"
#include "ra-source.h"
#include "ra-undo.h"
#include "ra-views.h"

#define BOOKMARK_WIDTH_PX 1600
#define BOOKMARK_HEIGHT_PX 1000

G_DEFINE_BOXED_TYPE (RaBookmark, ra_bookmark, ra_bookmark_copy, ra_bookmark_free)

RaBookmark *
ra_bookmark_new (const char *name, const char *crs, double centre_x, double centre_y,
                 double scale_denominator)
{
  RaBookmark *b = g_new0 (RaBookmark, 1);

  b->name = g_strdup (name != NULL ? name : "");
  b->crs = g_strdup (crs);
  b->centre_x = centre_x;
  b->centre_y = centre_y;
  b->scale_denominator = scale_denominator;
  return b;
}

RaBookmark *
ra_bookmark_copy (const RaBookmark *bookmark)
{
  RaBookmark *b;

  g_return_val_if_fail (bookmark != NULL, NULL);
  b = g_memdup2 (bookmark, sizeof *bookmark);
  b->name = g_strdup (bookmark->name);
  b->crs = g_strdup (bookmark->crs);
  return b;
}

void
ra_bookmark_free (RaBookmark *bookmark)
{
  if (bookmark == NULL)
    return;
  g_free (bookmark->name);
  g_free (bookmark->crs);
  g_free (bookmark);
}

gboolean
ra_bookmark_apply (const RaBookmark *bookmark, RaView *view, RaCrs *map_crs, GError **error)
{
  double x, y;

  g_return_val_if_fail (bookmark != NULL, FALSE);
  g_return_val_if_fail (view != NULL, FALSE);

  x = bookmark->centre_x;
  y = bookmark->centre_y;
  if (map_crs != NULL && bookmark->crs != NULL && *bookmark->crs != '\0')
    {
      g_autoptr(RaCrs) crs = ra_crs_new_from_user_input (bookmark->crs, error);
      g_autoptr(RaTransform) t = NULL;

      if (crs == NULL)
        return FALSE;
      t = ra_transform_new (crs, map_crs, error);
      if (t == NULL)
        return FALSE;
      if (!ra_transform_point (t, &x, &y))
        {
          g_set_error (error, RA_ERROR, RA_ERROR_CRS,
                       _("Bookmark “%s” lies outside the map CRS"), bookmark->name);
          return FALSE;
        }
    }
  if (!isfinite (x) || !isfinite (y) || !(bookmark->scale_denominator > 0.0))
    {
      g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                   _("Bookmark “%s” is damaged"), bookmark->name);
      return FALSE;
    }
  view->cx = x;
  view->cy = y;
  if (!(view->resolution > 0.0))
    view->resolution = 1.0;
  ra_view_set_scale_denominator (view, map_crs, bookmark->scale_denominator);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* SQL helpers                                                         */

static sqlite3 *
get_db (RaStore *store, gboolean for_write, GError **error)
{
  sqlite3 *db = ra_store_get_db (store);

  if (db == NULL)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_FAILED, _("The project is closed"));
      return NULL;
    }
  if (for_write && ra_store_is_read_only (store))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_READ_ONLY,
                   _("The project is open view-only"));
      return NULL;
    }
  return db;
}

static sqlite3_stmt *
prepare (sqlite3 *db, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      ra_sqlite_set_error (error, db, rc, _("preparing a query"));
      return NULL;
    }
  return stmt;
}

static gboolean
exec (sqlite3 *db, const char *sql, GError **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return ra_sqlite_set_error (error, db, rc, sql);
  return TRUE;
}

static gboolean
begin (sqlite3 *db, GError **error)
{
  return exec (db, "BEGIN IMMEDIATE", error);
}

static gboolean
commit_or_rollback (sqlite3 *db, gboolean ok, GError **error)
{
  if (ok)
    {
      if (exec (db, "COMMIT", error))
        return TRUE;
    }
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static const char *
column_text (sqlite3_stmt *stmt, int col)
{
  return (const char *) sqlite3_column_text (stmt, col);
}

static double
column_double (sqlite3_stmt *stmt, int col)
{
  return sqlite3_column_type (stmt, col) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, col);
}

/* ------------------------------------------------------------------ */
/* Bookmarks                                                           */

GPtrArray *
ra_views_list_bookmarks (RaStore *store, GError **error)
{
  sqlite3 *db;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) ra_bookmark_free);
  int rc;

  g_return_val_if_fail (RA_IS_STORE (store), NULL);

  if ((db = get_db (store, FALSE, error)) == NULL)
    return NULL;
  stmt = prepare (db, "SELECT id, name, crs, center_x, center_y, scale, rotation"
                      " FROM app_views ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RaBookmark *b = ra_bookmark_new (column_text (stmt, 1), column_text (stmt, 2),
                                       column_double (stmt, 3), column_double (stmt, 4),
                                       column_double (stmt, 5));
      b->id = sqlite3_column_int64 (stmt, 0);
      b->rotation_deg = column_double (stmt, 6);
      g_ptr_array_add (list, b);
    }
  if (rc != SQLITE_DONE)
    {
      ra_sqlite_set_error (error, db, rc, _("reading bookmarks"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

static gint64
save_bookmark_locked (sqlite3 *db, const RaBookmark *b, GError **error)
{
  g_autoptr(sqlite3_stmt) del = NULL;
  g_autoptr(sqlite3_stmt) ins = NULL;
  int rc;

  del = prepare (db, "DELETE FROM app_views WHERE name = ?1", error);
  if (del == NULL)
    return 0;
  sqlite3_bind_text (del, 1, b->name, -1, SQLITE_TRANSIENT);
  if ((rc = sqlite3_step (del)) != SQLITE_DONE)
    {
      ra_sqlite_set_error (error, db, rc, _("saving a bookmark"));
      return 0;
    }
  ins = prepare (db, "INSERT INTO app_views (name, crs, center_x, center_y, scale, rotation)"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
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
      ra_sqlite_set_error (error, db, rc, _("saving a bookmark"));
      return 0;
    }
  return sqlite3_last_insert_rowid (db);
}

static gboolean
valid_bookmark (const RaBookmark *b, GError **error)
{
  if (b->name == NULL || *b->name == '\0' || !g_utf8_validate (b->name, -1, NULL) ||
      !isfinite (b->centre_x) || !isfinite (b->centre_y) || !(b->scale_denominator > 0.0) ||
      !isfinite (b->scale_denominator))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                   _("A bookmark needs a name, a centre and a scale"));
      return FALSE;
    }
  return TRUE;
}

gint64
ra_views_save_bookmark (RaStore *store, const RaBookmark *bookmark, GError **error)
{
  sqlite3 *db;
  gint64 id;

  g_return_val_if_fail (RA_IS_STORE (store), 0);
  g_return_val_if_fail (bookmark != NULL, 0);

  if (!valid_bookmark (bookmark, error) || (db = get_db (store, TRUE, error)) == NULL ||
      !begin (db, error))
    return 0;
  id = save_bookmark_locked (db, bookmark, error);
  if (!commit_or_rollback (db, id > 0, id > 0 ? error : NULL))
    return 0;
  return id;
}

gboolean
ra_views_delete_bookmark (RaStore *store, const char *name, GError **error)
{
  sqlite3 *db;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (RA_IS_STORE (store), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if ((db = get_db (store, TRUE, error)) == NULL)
    return FALSE;
  stmt = prepare (db, "DELETE FROM app_views WHERE name = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    return ra_sqlite_set_error (error, db, rc, _("deleting a bookmark"));
  if (sqlite3_changes (db) == 0)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND, _("No bookmark “%s”"), name);
      return FALSE;
    }
  return TRUE;
}

int
ra_views_create_county_bookmarks (RaStore *store, RaCrs *map_crs, GError **error)
{
  g_autoptr(RaLayer) layer = NULL;
  g_autoptr(RaCrs) crs = NULL;
  g_autoptr(RaLayerData) data = NULL;
  g_autoptr(GPtrArray) bookmarks = g_ptr_array_new_with_free_func ((GDestroyNotify) ra_bookmark_free);
  g_autofree char *crs_text = NULL;
  sqlite3 *db;
  int f_name, f_code;
  gboolean ok = TRUE;

  g_return_val_if_fail (RA_IS_STORE (store), -1);

  if ((db = get_db (store, TRUE, error)) == NULL)
    return -1;
  layer = ra_source_load_layer (ra_store_get_path (store), "counties", NULL, error);
  if (layer == NULL)
    return -1;
  crs = map_crs != NULL ? ra_crs_ref (map_crs) : ra_map_suggest_crs_for_layer (layer);
  if (crs == NULL || !ra_layer_set_map_crs (layer, crs, error))
    {
      if (crs == NULL)
        g_set_error (error, RA_ERROR, RA_ERROR_CRS, _("The counties have no CRS"));
      return -1;
    }
  crs_text = g_strdup (ra_crs_get_auth_id (crs) != NULL ? ra_crs_get_auth_id (crs)
                                                        : ra_crs_get_definition (crs));
  data = ra_layer_dup_data (layer);
  f_name = ra_attr_table_field_index (data->attrs, "name_zh");
  f_code = ra_attr_table_field_index (data->attrs, "adcode");
  for (guint i = 0; i < data->n_features && i < data->attrs->n_features; i++)
    {
      const char *name = f_name >= 0 ? ra_attr_table_get (data->attrs, i, f_name) : NULL;
      RaView view;
      RaBookmark *b;

      if (data->geoms[i] == NULL)
        continue;
      if (name == NULL || *name == '\0')
        name = f_code >= 0 ? ra_attr_table_get (data->attrs, i, f_code) : NULL;
      if (name == NULL || *name == '\0')
        continue;
      ra_view_init (&view, BOOKMARK_WIDTH_PX, BOOKMARK_HEIGHT_PX);
      view.dpi = 96.0;
      ra_view_fit_bbox (&view, &data->geoms[i]->bbox, 40.0);
      b = ra_bookmark_new (name, crs_text, view.cx, view.cy, ra_view_scale_denominator (&view, crs));
      /* The feature index, to sort by adcode below (so PgUp/PgDn walk
       * the counties in order); not saved. */
      b->id = i;
      g_ptr_array_add (bookmarks, b);
    }
  if (f_code >= 0)
    {
      /* Insertion order = adcode order. */
      for (guint a = 0; a < bookmarks->len; a++)
        for (guint c = a + 1; c < bookmarks->len; c++)
          {
            RaBookmark *ba = g_ptr_array_index (bookmarks, a);
            RaBookmark *bc = g_ptr_array_index (bookmarks, c);
            if (g_strcmp0 (ra_attr_table_get (data->attrs, (guint) ba->id, f_code),
                           ra_attr_table_get (data->attrs, (guint) bc->id, f_code)) > 0)
              {
                g_ptr_array_index (bookmarks, a) = bc;
                g_ptr_array_index (bookmarks, c) = ba;
              }
          }
    }

  if (!begin (db, error))
    return -1;
  for (guint i = 0; i < bookmarks->len && ok; i++)
    ok = save_bookmark_locked (db, g_ptr_array_index (bookmarks, i), error) > 0;
  if (!commit_or_rollback (db, ok, ok ? error : NULL))
    return -1;
  return (int) bookmarks->len;
}

/* ------------------------------------------------------------------ */
/* Layouts                                                             */

gboolean
ra_views_save_layout (RaStore *store, const RaLayout *layout, GError **error)
{
  sqlite3 *db;
  g_autofree char *text = NULL;
  g_autoptr(sqlite3_stmt) upd = NULL;
  g_autoptr(sqlite3_stmt) ins = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (RA_IS_STORE (store), FALSE);
  g_return_val_if_fail (layout != NULL, FALSE);

  if (layout->name == NULL || *layout->name == '\0')
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                   _("A layout needs a name"));
      return FALSE;
    }
  if ((db = get_db (store, TRUE, error)) == NULL)
    return FALSE;
  text = ra_layout_to_string (layout);
  if (!begin (db, error))
    return FALSE;

  upd = prepare (db, "UPDATE app_layouts SET definition_json = ?2 WHERE name = ?1", error);
  if (upd != NULL)
    {
      sqlite3_bind_text (upd, 1, layout->name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (upd, 2, text, -1, SQLITE_TRANSIENT);
      if ((rc = sqlite3_step (upd)) != SQLITE_DONE)
        ra_sqlite_set_error (error, db, rc, _("saving a layout"));
      else if (sqlite3_changes (db) > 0)
        ok = TRUE;
      else if ((ins = prepare (db, "INSERT INTO app_layouts (name, definition_json)"
                                   " VALUES (?1, ?2)", error)) != NULL)
        {
          sqlite3_bind_text (ins, 1, layout->name, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (ins, 2, text, -1, SQLITE_TRANSIENT);
          if ((rc = sqlite3_step (ins)) != SQLITE_DONE)
            ra_sqlite_set_error (error, db, rc, _("saving a layout"));
          else
            ok = TRUE;
        }
    }
  return commit_or_rollback (db, ok, ok ? error : NULL);
}

RaLayout *
ra_views_load_layout (RaStore *store, const char *name, GError **error)
{
  sqlite3 *db;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  RaLayout *layout;
  int rc;

  g_return_val_if_fail (RA_IS_STORE (store), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if ((db = get_db (store, FALSE, error)) == NULL)
    return NULL;
  stmt = prepare (db, "SELECT definition_json FROM app_layouts WHERE name = ?1"
                      " ORDER BY id LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND, _("No layout “%s”"), name);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      ra_sqlite_set_error (error, db, rc, _("reading a layout"));
      return NULL;
    }
  layout = ra_layout_new_from_string ((const char *) sqlite3_column_text (stmt, 0),
                                      sqlite3_column_bytes (stmt, 0), error);
  if (layout != NULL)
    {
      /* The row's name is the layout's name. */
      g_free (layout->name);
      layout->name = g_strdup (name);
    }
  return layout;
}

GStrv
ra_views_list_layouts (RaStore *store, GError **error)
{
  sqlite3 *db;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc;

  g_return_val_if_fail (RA_IS_STORE (store), NULL);

  if ((db = get_db (store, FALSE, error)) == NULL)
    return NULL;
  stmt = prepare (db, "SELECT name FROM app_layouts ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      ra_sqlite_set_error (error, db, rc, _("reading layouts"));
      return NULL;
    }
  return g_strv_builder_end (builder);
}

gboolean
ra_views_delete_layout (RaStore *store, const char *name, GError **error)
{
  sqlite3 *db;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (RA_IS_STORE (store), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if ((db = get_db (store, TRUE, error)) == NULL)
    return FALSE;
  stmt = prepare (db, "DELETE FROM app_layouts WHERE name = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    return ra_sqlite_set_error (error, db, rc, _("deleting a layout"));
  if (sqlite3_changes (db) == 0)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND, _("No layout “%s”"), name);
      return FALSE;
    }
  return TRUE;
}

char *
ra_views_dup_sample_name (RaStore *store)
{
  sqlite3 *db;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (RA_IS_STORE (store), NULL);

  if ((db = get_db (store, FALSE, NULL)) == NULL)
    return NULL;
  stmt = prepare (db, "SELECT value FROM meta WHERE key = ?1", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, "sample", -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && column_text (stmt, 0) != NULL &&
      *column_text (stmt, 0) != '\0')
    return g_strdup (column_text (stmt, 0));
  return NULL;
}

RaLayout *
ra_views_new_default_layout (RaStore *store, RaPageSize page, gboolean landscape)
{
  g_autofree char *sample = NULL;
  g_autofree char *note = NULL;

  g_return_val_if_fail (RA_IS_STORE (store), NULL);

  sample = ra_views_dup_sample_name (store);
  note = ra_layout_default_source_note (sample);
  return ra_layout_new_default (page, landscape, note);
}
