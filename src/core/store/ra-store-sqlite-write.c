/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writing a SpatiaLite project, inside the transaction RaStore began:
 * rows inserted, updated and deleted (geometries through SpatiaLite's
 * GeomFromText / GeomFromWKB, cast to the column's type), WKT checked with
 * GEOS, rows snapshotted and restored as JSON for undo, audit rows, meta
 * values and the few statements only the sample makes. */
#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-store-sqlite.h"

/* ---- inserts ----------------------------------------------------------- */

struct _RaStoreInsert {
  /* borrowed */
  RaStoreDb    *db;
  /* owned */
  sqlite3_stmt *stmt;
  guint         n_values;
};

/* The SQL that makes a bound geometry fit the table's column. */
static char *
geom_expression (const RaStoreTable *table, gboolean wkb, guint param)
{
  return g_strdup_printf ("%s (%s (?%u, 4490))", ra_store_sqlite_geom_cast (table),
                          wkb ? "GeomFromWKB" : "GeomFromText", param);
}

RaStoreInsert *
ra_store_sqlite_insert_prepare (RaStoreDb                  *db,
                                const RaStoreTable         *table,
                                guint                       n_columns,
                                const RaStoreColumn * const *columns,
                                RaStoreGeomInput            geom,
                                GError                    **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GString) values = g_string_new (NULL);
  RaStoreInsert *insert;
  sqlite3_stmt *stmt;

  g_string_printf (sql, "INSERT INTO \"%s\" (", table->name);
  for (guint i = 0; i < n_columns; i++)
    {
      g_string_append_printf (sql, "%s\"%s\"", i > 0 ? ", " : "", columns[i]->name);
      g_string_append_printf (values, "%s?%u", i > 0 ? ", " : "", i + 1);
    }
  if (geom != RA_STORE_GEOM_NONE)
    {
      g_autofree char *expr = geom_expression (table, geom == RA_STORE_GEOM_WKB, n_columns + 1);

      g_string_append_printf (sql, "%sgeom", n_columns > 0 ? ", " : "");
      g_string_append_printf (values, "%s%s", n_columns > 0 ? ", " : "", expr);
    }
  g_string_append_printf (sql, ") VALUES (%s)", values->str);

  stmt = ra_store_sqlite_prepare (db, sql->str, error);
  if (stmt == NULL)
    return NULL;
  insert = g_new0 (RaStoreInsert, 1);
  insert->db = db;
  insert->stmt = stmt;
  insert->n_values = n_columns + (geom != RA_STORE_GEOM_NONE ? 1 : 0);
  return insert;
}

/* A failure that is the project's, not the row's: a full disk, a lock or
 * a damaged file. */
static gboolean
is_project_failure (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_READONLY:
    case SQLITE_NOMEM:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_CANTOPEN:
      return TRUE;
    default:
      return FALSE;
    }
}

gint64
ra_store_sqlite_insert_run (RaStoreInsert       *insert,
                            const RaStoreValue  *values,
                            const char          *what,
                            gboolean            *row_rejected,
                            GError             **error)
{
  sqlite3 *sqlite = insert->db->sqlite;
  int rc;

  sqlite3_reset (insert->stmt);
  sqlite3_clear_bindings (insert->stmt);
  for (guint i = 0; i < insert->n_values; i++)
    ra_store_sqlite_bind (insert->stmt, (int) i + 1, &values[i]);
  rc = sqlite3_step (insert->stmt);
  if (rc != SQLITE_DONE)
    {
      if (row_rejected != NULL && !is_project_failure (rc))
        {
          *row_rejected = TRUE;
          g_set_error_literal (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                               sqlite3_errmsg (sqlite));
          return 0;
        }
      ra_sqlite_set_error (error, sqlite, rc, what);
      return 0;
    }
  return sqlite3_last_insert_rowid (sqlite);
}

void
ra_store_sqlite_insert_free (RaStoreInsert *insert)
{
  if (insert == NULL)
    return;
  sqlite3_finalize (insert->stmt);
  g_free (insert);
}

/* ---- updates and deletes ------------------------------------------------- */

gboolean
ra_store_sqlite_update_row (RaStoreDb                  *db,
                            const RaStoreTable         *table,
                            gint64                      id,
                            guint                       n_columns,
                            const RaStoreColumn * const *columns,
                            const RaStoreValue         *values,
                            const RaStoreValue         *geom,
                            const char                 *what,
                            GError                    **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint n = n_columns;

  g_string_printf (sql, "UPDATE \"%s\" SET ", table->name);
  for (guint i = 0; i < n_columns; i++)
    g_string_append_printf (sql, "%s\"%s\" = ?%u", i > 0 ? ", " : "", columns[i]->name, i + 1);
  if (geom != NULL)
    {
      g_autofree char *expr = geom_expression (table, geom->type == RA_STORE_VALUE_BLOB, ++n);

      g_string_append_printf (sql, "%sgeom = %s", n_columns > 0 ? ", " : "", expr);
    }
  g_string_append_printf (sql, " WHERE id = ?%u", n + 1);

  stmt = ra_store_sqlite_prepare (db, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n_columns; i++)
    ra_store_sqlite_bind (stmt, (int) i + 1, &values[i]);
  if (geom != NULL)
    ra_store_sqlite_bind (stmt, (int) n, geom);
  sqlite3_bind_int64 (stmt, (int) n + 1, id);
  return ra_store_sqlite_step_done (db, stmt, what, error);
}

gboolean
ra_store_sqlite_delete_row (RaStoreDb *db, const RaStoreTable *table, gint64 id,
                            const char *what, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("DELETE FROM \"%s\" WHERE id = ?1", table->name);

  stmt = ra_store_sqlite_prepare_row (db, sql, id, error);
  return stmt != NULL && ra_store_sqlite_step_done (db, stmt, what, error);
}

/* Checks WKT in SQL: parses, validates with GEOS and fits the column. */
gboolean
ra_store_sqlite_check_geometry (RaStoreDb *db, const RaStoreTable *table, const char *wkt,
                                GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;

  sql = g_strdup_printf ("SELECT g IS NOT NULL, ST_IsValid (g), IsValidReason (g),"
                         " %s (g) IS NOT NULL"
                         " FROM (SELECT GeomFromText (?1, 4490) AS g)",
                         ra_store_sqlite_geom_cast (table));
  stmt = ra_store_sqlite_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, wkt, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_int (stmt, 0) == 0)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                   _("the geometry cannot be read (WKT expected)"));
      return FALSE;
    }
  if (sqlite3_column_int (stmt, 1) != 1)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                   _("invalid geometry: %s"), (const char *) sqlite3_column_text (stmt, 2));
      return FALSE;
    }
  if (sqlite3_column_int (stmt, 3) == 0)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                   _("this geometry type does not fit %s (%s expected)"),
                   table->name, table->geom_type);
      return FALSE;
    }
  return TRUE;
}

gboolean
ra_store_sqlite_next_sort_key (RaStoreDb *db, gint64 *sort_key, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = ra_store_sqlite_prepare (db, "SELECT coalesce (max (sort_key), 0) + 1 FROM projects",
                                  error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return ra_sqlite_set_error (error, db->sqlite, rc, _("reading projects"));
  *sort_key = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

gint64
ra_store_sqlite_duplicate_project (RaStoreDb *db, const RaStoreTable *projects, gint64 id,
                                   const char *name_suffix, GError **error)
{
  g_autoptr(GString) sql = g_string_new ("INSERT INTO projects (");
  g_autoptr(GString) select = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  for (const RaStoreColumn *c = projects->columns; c->name != NULL; c++)
    {
      g_string_append_printf (sql, "\"%s\", ", c->name);
      if (strcmp (c->name, "name") == 0)
        g_string_append (select, "name || ?2, ");
      else if (strcmp (c->name, "sort_key") == 0)
        g_string_append (select, "sort_key, ");
      else
        g_string_append_printf (select, "\"%s\", ", c->name);
    }
  g_string_append_printf (sql, "geom) SELECT %sgeom FROM projects WHERE id = ?1", select->str);
  stmt = ra_store_sqlite_prepare (db, sql->str, error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, name_suffix, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE || sqlite3_changes (db->sqlite) != 1)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND,
                   _("no project with id %" PRId64), id);
      return 0;
    }
  return sqlite3_last_insert_rowid (db->sqlite);
}

gboolean
ra_store_sqlite_set_meta (RaStoreDb *db, const char *key, const char *value, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ra_store_sqlite_prepare (db, "INSERT INTO meta (key, value) VALUES (?1, ?2)"
                                      " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  return ra_store_sqlite_step_done (db, stmt, key, error);
}

/* ---- snapshots (undo and audit) ---------------------------------------- */

/* The whole row as a JSON object (geometry as hex EWKB, doubles to their
 * last bit: lossless), built by SQLite's json_object so every value is
 * escaped correctly. */
char *
ra_store_sqlite_snapshot_row (RaStoreDb *db, const RaStoreTable *table, gint64 row_id,
                              gboolean *ok, GError **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT json_object ('id', id");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  *ok = FALSE;
  for (const RaStoreColumn *c = table->columns; c->name != NULL; c++)
    if (c->type == RA_STORE_COL_REAL)
      /* json_object writes a double with 15 digits, which loses bits:
       * 17 where 15 would not read back the same value. */
      g_string_append_printf (sql, ", '%s', CASE WHEN typeof (\"%s\") = 'real' THEN json ("
                              "CASE WHEN CAST (printf ('%%!.15g', \"%s\") AS REAL) = \"%s\""
                              " THEN printf ('%%!.15g', \"%s\") ELSE printf ('%%!.17g', \"%s\") END)"
                              " ELSE \"%s\" END",
                              c->name, c->name, c->name, c->name, c->name, c->name, c->name);
    else
      g_string_append_printf (sql, ", '%s', \"%s\"", c->name, c->name);
  if (table->geom_type != NULL)
    g_string_append (sql, ", 'geom', AsEWKB (geom)");
  g_string_append_printf (sql, ") FROM \"%s\" WHERE id = ?1", table->name);

  stmt = ra_store_sqlite_prepare_row (db, sql->str, row_id, error);
  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *ok = TRUE;
      return ra_store_sqlite_dup_text (stmt, 0);
    }
  if (rc == SQLITE_DONE)
    {
      *ok = TRUE;
      return NULL;
    }
  ra_sqlite_set_error (error, db->sqlite, rc, _("reading a row"));
  return NULL;
}

/* Deletes the row (json NULL) or inserts / overwrites every column from
 * the JSON object. */
gboolean
ra_store_sqlite_restore_row (RaStoreDb *db, const RaStoreTable *table, gint64 row_id,
                             const char *json, GError **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (json == NULL)
    g_string_printf (sql, "DELETE FROM \"%s\" WHERE id = ?1", table->name);
  else
    {
      g_autoptr(GString) values = g_string_new ("?1");
      g_autoptr(GString) update = g_string_new (NULL);

      g_string_printf (sql, "INSERT INTO \"%s\" (id", table->name);
      for (const RaStoreColumn *c = table->columns; c->name != NULL; c++)
        {
          g_string_append_printf (sql, ", \"%s\"", c->name);
          g_string_append_printf (values, ", json_extract (?2, '$.%s')", c->name);
          g_string_append_printf (update, "%s\"%s\" = excluded.\"%s\"",
                                  update->len > 0 ? ", " : "", c->name, c->name);
        }
      if (table->geom_type != NULL)
        {
          g_string_append (sql, ", geom");
          /* EWKB does not keep "multi" for a single part: cast back. */
          g_string_append_printf (values, ", %s (GeomFromEWKB (json_extract (?2, '$.geom')))",
                                  ra_store_sqlite_geom_cast (table));
          g_string_append (update, ", geom = excluded.geom");
        }
      g_string_append_printf (sql, ") VALUES (%s) ON CONFLICT (id) DO UPDATE SET %s",
                              values->str, update->str);
    }

  stmt = ra_store_sqlite_prepare_row (db, sql->str, row_id, error);
  if (stmt == NULL)
    return FALSE;
  if (json != NULL)
    sqlite3_bind_text (stmt, 2, json, -1, SQLITE_TRANSIENT);
  return ra_store_sqlite_step_done (db, stmt, _("restoring a row"), error);
}

/* ---- the audit log -------------------------------------------------------- */

gboolean
ra_store_sqlite_write_audit (RaStoreDb *db, const char *table, gint64 row_id,
                             const char *action, const char *before_json,
                             const char *after_json, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *at = g_date_time_format_iso8601 (now);
  RaStoreValue before = ra_store_value_text (before_json);
  RaStoreValue after = ra_store_value_text (after_json);

  stmt = ra_store_sqlite_prepare (db,
                                  "INSERT INTO audit (at, user, table_name, row_id, action,"
                                  " before_json, after_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, g_get_user_name (), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, table, -1, SQLITE_TRANSIENT);
  if (row_id != 0)
    sqlite3_bind_int64 (stmt, 4, row_id);
  else
    sqlite3_bind_null (stmt, 4);
  sqlite3_bind_text (stmt, 5, action, -1, SQLITE_TRANSIENT);
  ra_store_sqlite_bind (stmt, 6, &before);
  ra_store_sqlite_bind (stmt, 7, &after);
  return ra_store_sqlite_step_done (db, stmt, _("writing the audit log"), error);
}

gboolean
ra_store_sqlite_write_import_audit (RaStoreDb *db, const char *table, const char *source,
                                    const char *layer, guint n_rows, GError **error)
{
  g_autoptr(sqlite3_stmt) js = NULL;
  g_autofree char *summary = NULL;
  int rc;

  js = ra_store_sqlite_prepare (db, "SELECT json_object ('source', ?1, 'layer', ?2,"
                                    " 'rows', ?3)", error);
  if (js == NULL)
    return FALSE;
  sqlite3_bind_text (js, 1, source, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (js, 2, layer, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (js, 3, (int) n_rows);
  rc = sqlite3_step (js);
  if (rc != SQLITE_ROW)
    return ra_sqlite_set_error (error, db->sqlite, rc, _("writing the audit log"));
  summary = ra_store_sqlite_dup_text (js, 0);
  return ra_store_sqlite_write_audit (db, table, 0, "import", NULL, summary, error);
}

/* ---- the sample's plan tables ---------------------------------------------- */

gboolean
ra_store_sqlite_merge_city_target (RaStoreDb *db, const char *adcode, const char *area_zh,
                                   int year, double reclaimed_use, double reclaimed_rate_pct,
                                   const char *what, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  RaStoreValue values[] = {
    ra_store_value_text (adcode), ra_store_value_text (area_zh), ra_store_value_int (year),
    ra_store_value_real (reclaimed_use), ra_store_value_real (reclaimed_rate_pct),
  };

  stmt = ra_store_sqlite_prepare (db, "INSERT INTO indicators (adcode, area_zh, year, kind, origin,"
                                      " reclaimed_use, reclaimed_rate_pct)"
                                      " VALUES (?1, ?2, ?3, 'target_min', 'targets', ?4, ?5)"
                                      " ON CONFLICT (adcode, year, kind, origin) DO UPDATE SET"
                                      " reclaimed_use = coalesce (excluded.reclaimed_use, reclaimed_use),"
                                      " reclaimed_rate_pct = coalesce (excluded.reclaimed_rate_pct, reclaimed_rate_pct)",
                                  error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    ra_store_sqlite_bind (stmt, (int) i + 1, &values[i]);
  return ra_store_sqlite_step_done (db, stmt, what, error);
}

gboolean
ra_store_sqlite_place_county_plants (RaStoreDb *db, const char *name_suffix, const char *note,
                                     GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = ra_store_sqlite_prepare (db, "INSERT INTO plants (name, adcode, kind, location_approx, notes, geom)"
                                      " SELECT name_zh || ?1, adcode, 'wwtp', 1, ?2,"
                                      "  MakePoint (seat_lon, seat_lat, 4490)"
                                      " FROM counties WHERE seat_lon IS NOT NULL ORDER BY adcode",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name_suffix, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, note, -1, SQLITE_TRANSIENT);
  return ra_store_sqlite_step_done (db, stmt, _("placing the plants"), error);
}

gboolean
ra_store_sqlite_dup_city_adcode (RaStoreDb *db, char **adcode, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  *adcode = NULL;
  stmt = ra_store_sqlite_prepare (db, "SELECT substr (min (adcode), 1, 4) || '00' FROM counties",
                                  error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return ra_sqlite_set_error (error, db->sqlite, rc, _("reading counties"));
  *adcode = ra_store_sqlite_dup_text (stmt, 0);
  return TRUE;
}

/* ---- row versions ------------------------------------------------------------ */

/* Inside a change the file's write lock (BEGIN IMMEDIATE) already keeps
 * every other writer out: reading the version is enough. */
gboolean
ra_store_sqlite_lock_row_version (RaStoreDb *db, const RaStoreTable *table, gint64 id,
                                  gint64 *version, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT row_version FROM \"%s\" WHERE id = ?1",
                                          table->name);
  int rc;

  *version = 0;
  stmt = ra_store_sqlite_prepare_row (db, sql, id, error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *version = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    return ra_sqlite_set_error (error, db->sqlite, rc, _("reading a row"));
  return TRUE;
}

/* The trigger leaves a version the statement raises alone. */
gboolean
ra_store_sqlite_raise_row_version (RaStoreDb *db, const RaStoreTable *table, gint64 id,
                                   gint64 version, GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("UPDATE \"%s\" SET row_version = ?2"
                                          " WHERE id = ?1 AND row_version < ?2", table->name);

  stmt = ra_store_sqlite_prepare_row (db, sql, id, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 2, version);
  return ra_store_sqlite_step_done (db, stmt, _("restoring a row"), error);
}
