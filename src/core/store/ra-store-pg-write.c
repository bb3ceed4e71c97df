/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writing a server project, inside the transaction RaStore began: rows
 * inserted, updated and deleted (geometries through PostGIS, made to fit
 * the column's type), WKT checked, rows snapshotted and restored as JSON
 * for undo (geometry as hex EWKB, as the file keeps it), audit rows by the
 * database role, meta values and the statements only the sample makes.
 *
 * A statement that fails aborts a PostgreSQL transaction; where a caller
 * goes on after a rejected row (an import), the row runs inside a
 * savepoint so the rest of the change stays. */
#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-store-pg.h"

static const char *
column_cast (const RaStoreColumn *c)
{
  switch (c->type)
    {
    case RA_STORE_COL_INT:
      return "bigint";
    case RA_STORE_COL_REAL:
      return "float8";
    case RA_STORE_COL_TEXT:
    default:
      return "text";
    }
}

/* ---- inserts ----------------------------------------------------------- */

struct _RaStoreInsert {
  /* borrowed */
  RaStoreDb        *db;
  const char       *table;       /* its name, for a refusal's message */
  /* owned */
  char             *sql_text;    /* geometry (if any) as WKT */
  char             *sql_wkb;     /* geometry as WKB */
  guint             n_values;
};

static char *
insert_sql (const RaStoreTable *table, guint n_columns, const RaStoreColumn * const *columns,
            RaStoreGeomInput geom, RaStoreValueType geom_type)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GString) values = g_string_new (NULL);

  g_string_printf (sql, "INSERT INTO \"%s\" (", table->name);
  for (guint i = 0; i < n_columns; i++)
    {
      g_string_append_printf (sql, "%s\"%s\"", i > 0 ? ", " : "", columns[i]->name);
      g_string_append_printf (values, "%s$%u::%s", i > 0 ? ", " : "", i + 1,
                              column_cast (columns[i]));
    }
  if (geom != RA_STORE_GEOM_NONE)
    {
      g_autofree char *expr = ra_store_pg_geom_expression (table, geom_type, n_columns + 1);

      g_string_append_printf (sql, "%sgeom", n_columns > 0 ? ", " : "");
      g_string_append_printf (values, "%s%s", n_columns > 0 ? ", " : "", expr);
    }
  if (n_columns == 0 && geom == RA_STORE_GEOM_NONE)
    g_string_printf (sql, "INSERT INTO \"%s\" DEFAULT VALUES RETURNING id", table->name);
  else
    g_string_append_printf (sql, ") VALUES (%s) RETURNING id", values->str);
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

RaStoreInsert *
ra_store_pg_insert_prepare (RaStoreDb                  *db,
                            const RaStoreTable         *table,
                            guint                       n_columns,
                            const RaStoreColumn * const *columns,
                            RaStoreGeomInput            geom,
                            GError                    **error)
{
  RaStoreInsert *insert = g_new0 (RaStoreInsert, 1);

  insert->db = db;
  insert->table = table->name;
  insert->sql_text = insert_sql (table, n_columns, columns, geom, RA_STORE_VALUE_TEXT);
  insert->sql_wkb = insert_sql (table, n_columns, columns, geom, RA_STORE_VALUE_BLOB);
  insert->n_values = n_columns + (geom != RA_STORE_GEOM_NONE ? 1 : 0);
  return insert;
}

gint64
ra_store_pg_insert_run (RaStoreInsert       *insert,
                        const RaStoreValue  *values,
                        const char          *what,
                        gboolean            *row_rejected,
                        GError             **error)
{
  RaStoreDb *db = insert->db;
  gboolean wkb = insert->n_values > 0 && values[insert->n_values - 1].type == RA_STORE_VALUE_BLOB;
  gboolean savepoint = row_rejected != NULL && db->in_transaction;
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GError) local = NULL;

  if (savepoint && !ra_store_pg_run (db, "SAVEPOINT ra_row", 0, NULL, what, error))
    return 0;
  res = ra_store_pg_exec (db, wkb ? insert->sql_wkb : insert->sql_text, insert->n_values, values,
                          what, &local);
  if (res == NULL)
    {
      gboolean rejected = row_rejected != NULL && PQstatus (db->conn) == CONNECTION_OK &&
                          (g_str_has_prefix (db->last_sqlstate, "22") ||
                           g_str_has_prefix (db->last_sqlstate, "23"));

      if (savepoint)
        ra_store_pg_run (db, "ROLLBACK TO SAVEPOINT ra_row", 0, NULL, what, NULL);
      if (strcmp (db->last_sqlstate, "42501") == 0)
        {
          /* Not the row's fault but the user's rights: the whole change
           * stops, saying who may edit what. */
          g_propagate_error (error, g_steal_pointer (&local));
          return ra_store_pg_refused (db, insert->table, 0, FALSE, error), 0;
        }
      if (rejected)
        {
          /* The server's own words about the row, without "what". */
          const char *msg = local->message;
          const char *colon = strstr (msg, ": ");

          *row_rejected = TRUE;
          g_set_error_literal (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                               colon != NULL ? colon + 2 : msg);
          return 0;
        }
      g_propagate_error (error, g_steal_pointer (&local));
      return 0;
    }
  if (savepoint && !ra_store_pg_run (db, "RELEASE SAVEPOINT ra_row", 0, NULL, what, error))
    return 0;
  return ra_store_pg_get_int64 (res, 0, 0);
}

void
ra_store_pg_insert_free (RaStoreInsert *insert)
{
  if (insert == NULL)
    return;
  g_free (insert->sql_text);
  g_free (insert->sql_wkb);
  g_free (insert);
}

/* ---- updates and deletes ------------------------------------------------- */

gboolean
ra_store_pg_update_row (RaStoreDb                  *db,
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
  g_autofree RaStoreValue *params = g_new0 (RaStoreValue, n_columns + 2);
  g_autoptr(PGresult) res = NULL;
  guint n = n_columns;

  g_string_printf (sql, "UPDATE \"%s\" SET ", table->name);
  for (guint i = 0; i < n_columns; i++)
    {
      g_string_append_printf (sql, "%s\"%s\" = $%u::%s", i > 0 ? ", " : "", columns[i]->name,
                              i + 1, column_cast (columns[i]));
      params[i] = values[i];
    }
  if (geom != NULL)
    {
      g_autofree char *expr = ra_store_pg_geom_expression (table, geom->type, ++n);

      g_string_append_printf (sql, "%sgeom = %s", n_columns > 0 ? ", " : "", expr);
      params[n - 1] = *geom;
    }
  g_string_append_printf (sql, " WHERE id = $%u::bigint", n + 1);
  params[n] = ra_store_value_int (id);
  res = ra_store_pg_exec (db, sql->str, n + 1, params, what, error);
  if (res == NULL)
    return strcmp (db->last_sqlstate, "42501") == 0
           ? ra_store_pg_refused (db, table->name, id, TRUE, error) : FALSE;
  return ra_store_pg_check_touched (db, res, table, id, FALSE, error);
}

gboolean
ra_store_pg_delete_row (RaStoreDb *db, const RaStoreTable *table, gint64 id,
                        const char *what, GError **error)
{
  g_autofree char *sql = g_strdup_printf ("DELETE FROM \"%s\" WHERE id = $1::bigint",
                                          table->name);
  RaStoreValue v = ra_store_value_int (id);
  g_autoptr(PGresult) res = ra_store_pg_exec (db, sql, 1, &v, what, error);

  if (res == NULL)
    return strcmp (db->last_sqlstate, "42501") == 0
           ? ra_store_pg_refused (db, table->name, id, FALSE, error) : FALSE;
  return ra_store_pg_check_touched (db, res, table, id, TRUE, error);
}

/* Checks WKT on the server: parses, is valid and fits the column.  A WKT
 * that does not parse fails the statement, so inside a change it runs in
 * a savepoint. */
gboolean
ra_store_pg_check_geometry (RaStoreDb *db, const RaStoreTable *table, const char *wkt,
                            GError **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(PGresult) res = NULL;
  RaStoreValue v = ra_store_value_text (wkt);
  gboolean savepoint = db->in_transaction;
  const char *multi = g_str_has_prefix (table->geom_type, "MULTI") ? "ST_Multi" : "";

  sql = g_strdup_printf ("SELECT ST_IsValid (g), ST_IsValidReason (g),"
                         " GeometryType (%s (g)) = $2::text"
                         " FROM (SELECT ST_GeomFromText ($1::text, 4490) AS g) AS q", multi);
  if (savepoint && !ra_store_pg_run (db, "SAVEPOINT ra_check", 0, NULL, "", error))
    return FALSE;
  {
    RaStoreValue params[2] = { v, ra_store_value_text (table->geom_type) };

    res = ra_store_pg_exec (db, sql, 2, params, "", NULL);
  }
  if (savepoint)
    ra_store_pg_run (db, res != NULL ? "RELEASE SAVEPOINT ra_check"
                                     : "ROLLBACK TO SAVEPOINT ra_check", 0, NULL, "", NULL);
  if (res == NULL || PQntuples (res) != 1 || PQgetisnull (res, 0, 0))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                   _("the geometry cannot be read (WKT expected)"));
      return FALSE;
    }
  if (!ra_store_pg_get_int64 (res, 0, 0))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                   _("invalid geometry: %s"), PQgetvalue (res, 0, 1));
      return FALSE;
    }
  if (!ra_store_pg_get_int64 (res, 0, 2))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                   _("this geometry type does not fit %s (%s expected)"),
                   table->name, table->geom_type);
      return FALSE;
    }
  return TRUE;
}

gboolean
ra_store_pg_next_sort_key (RaStoreDb *db, gint64 *sort_key, GError **error)
{
  g_autoptr(PGresult) res = ra_store_pg_exec (db, "SELECT coalesce (max (sort_key), 0) + 1"
                                                  " FROM projects", 0, NULL,
                                              _("reading projects"), error);

  if (res == NULL)
    return FALSE;
  *sort_key = ra_store_pg_get_int64 (res, 0, 0);
  return TRUE;
}

gint64
ra_store_pg_duplicate_project (RaStoreDb *db, const RaStoreTable *projects, gint64 id,
                               const char *name_suffix, GError **error)
{
  g_autoptr(GString) sql = g_string_new ("INSERT INTO projects (");
  g_autoptr(GString) select = g_string_new (NULL);
  g_autoptr(PGresult) res = NULL;
  RaStoreValue params[2] = { ra_store_value_int (id), ra_store_value_text (name_suffix) };

  for (const RaStoreColumn *c = projects->columns; c->name != NULL; c++)
    {
      g_string_append_printf (sql, "\"%s\", ", c->name);
      if (strcmp (c->name, "name") == 0)
        g_string_append (select, "name || $2::text, ");
      else
        g_string_append_printf (select, "\"%s\", ", c->name);
    }
  g_string_append_printf (sql, "geom) SELECT %sgeom FROM projects WHERE id = $1::bigint"
                               " RETURNING id", select->str);
  res = ra_store_pg_exec (db, sql->str, 2, params, _("copying a project"), error);
  if (res == NULL)
    {
      if (strcmp (db->last_sqlstate, "42501") == 0)
        ra_store_pg_refused (db, projects->name, 0, FALSE, error);
      return 0;
    }
  if (PQntuples (res) != 1)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND,
                   _("no project with id %" PRId64), id);
      return 0;
    }
  return ra_store_pg_get_int64 (res, 0, 0);
}

gboolean
ra_store_pg_set_meta (RaStoreDb *db, const char *key, const char *value, GError **error)
{
  RaStoreValue params[2] = { ra_store_value_text (key), ra_store_value_text (value) };

  if (!ra_store_pg_run (db, "INSERT INTO meta (key, value) VALUES ($1::text, $2::text)"
                            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        2, params, key, error))
    return strcmp (db->last_sqlstate, "42501") == 0
           ? ra_store_pg_refused (db, "meta", 0, FALSE, error) : FALSE;
  return TRUE;
}

/* ---- snapshots (undo and audit) ---------------------------------------- */

/* JSON text of a string, escaped as SQLite's json_object escapes it. */
static void
append_json_string (GString *out, const char *text)
{
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) text; *p != '\0'; p++)
    switch (*p)
      {
      case '"': g_string_append (out, "\\\""); break;
      case '\\': g_string_append (out, "\\\\"); break;
      case '\b': g_string_append (out, "\\b"); break;
      case '\f': g_string_append (out, "\\f"); break;
      case '\n': g_string_append (out, "\\n"); break;
      case '\r': g_string_append (out, "\\r"); break;
      case '\t': g_string_append (out, "\\t"); break;
      default:
        if (*p < 0x20)
          g_string_append_printf (out, "\\u%04x", *p);
        else
          g_string_append_c (out, (char) *p);
      }
  g_string_append_c (out, '"');
}

/* A double as the server wrote it (shortest exact text), in the file's
 * JSON form: a whole number keeps ".0"; what JSON cannot hold is null. */
static void
append_json_real (GString *out, const char *text)
{
  if (strpbrk (text, "nN") != NULL)   /* NaN, Infinity */
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append (out, text);
  if (strpbrk (text, ".eE") == NULL)
    g_string_append (out, ".0");
}

/* The whole row as a compact JSON object in the form the file's snapshots
 * have ({"id":1,"name":"…","geom":"0106…"}, geometry as hex EWKB), built
 * here from the row's typed columns so both backends write one form. */
char *
ra_store_pg_snapshot_row (RaStoreDb *db, const RaStoreTable *table, gint64 row_id,
                          gboolean *ok, GError **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT id");
  g_autoptr(GString) json = NULL;
  g_autoptr(PGresult) res = NULL;
  RaStoreValue v = ra_store_value_int (row_id);
  int col = 1;

  *ok = FALSE;
  for (const RaStoreColumn *c = table->columns; c->name != NULL; c++)
    g_string_append_printf (sql, ", \"%s\"", c->name);
  if (table->geom_type != NULL)
    g_string_append (sql, ", upper (encode (ST_AsEWKB (geom), 'hex'))");
  g_string_append_printf (sql, " FROM \"%s\" WHERE id = $1::bigint", table->name);

  res = ra_store_pg_exec (db, sql->str, 1, &v, _("reading a row"), error);
  if (res == NULL)
    return NULL;
  *ok = TRUE;
  if (PQntuples (res) == 0)
    return NULL;
  json = g_string_new ("{\"id\":");
  g_string_append (json, PQgetvalue (res, 0, 0));
  for (const RaStoreColumn *c = table->columns; c->name != NULL; c++, col++)
    {
      const char *value = PQgetvalue (res, 0, col);

      g_string_append_printf (json, ",\"%s\":", c->name);
      if (PQgetisnull (res, 0, col))
        g_string_append (json, "null");
      else if (c->type == RA_STORE_COL_TEXT)
        append_json_string (json, value);
      else if (c->type == RA_STORE_COL_REAL)
        append_json_real (json, value);
      else
        g_string_append (json, value);
    }
  if (table->geom_type != NULL)
    {
      g_string_append (json, ",\"geom\":");
      if (PQgetisnull (res, 0, col))
        g_string_append (json, "null");
      else
        append_json_string (json, PQgetvalue (res, 0, col));
    }
  g_string_append_c (json, '}');
  return g_string_free (g_steal_pointer (&json), FALSE);
}

/* Deletes the row (json NULL) or inserts / overwrites every column from
 * the JSON object; an id beyond the table's sequence moves it on, so the
 * next new row does not collide with a restored one. */
gboolean
ra_store_pg_restore_row (RaStoreDb *db, const RaStoreTable *table, gint64 row_id,
                         const char *json, GError **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  RaStoreValue params[2] = { ra_store_value_int (row_id), ra_store_value_text (json) };
  RaStoreValue name = ra_store_value_text (table->name);

  if (json == NULL)
    return ra_store_pg_delete_row (db, table, row_id, _("restoring a row"), error);
  else
    {
      g_autoptr(GString) values = g_string_new ("$1::bigint");
      g_autoptr(GString) update = g_string_new (NULL);

      g_string_printf (sql, "INSERT INTO \"%s\" (id", table->name);
      for (const RaStoreColumn *c = table->columns; c->name != NULL; c++)
        {
          g_string_append_printf (sql, ", \"%s\"", c->name);
          g_string_append_printf (values, ", ($2::json ->> '%s')::%s", c->name, column_cast (c));
          g_string_append_printf (update, "%s\"%s\" = excluded.\"%s\"",
                                  update->len > 0 ? ", " : "", c->name, c->name);
        }
      if (table->geom_type != NULL)
        {
          const char *multi = g_str_has_prefix (table->geom_type, "MULTI") ? "ST_Multi" : "";

          g_string_append (sql, ", geom");
          /* EWKB does not keep "multi" for a single part: cast back. */
          g_string_append_printf (values, ", %s (ST_GeomFromEWKB (decode ($2::json ->> 'geom',"
                                          " 'hex')))", multi);
          g_string_append (update, ", geom = excluded.geom");
        }
      g_string_append_printf (sql, ") VALUES (%s) ON CONFLICT (id) DO UPDATE SET %s",
                              values->str, update->len > 0 ? update->str : "id = excluded.id");
    }
  if (!ra_store_pg_run (db, sql->str, 2, params, _("restoring a row"), error))
    return strcmp (db->last_sqlstate, "42501") == 0
           ? ra_store_pg_refused (db, table->name, row_id, FALSE, error) : FALSE;
  return ra_store_pg_run (db, "SELECT setval (s, greatest ($2::bigint, coalesce"
                              " (pg_sequence_last_value (s), 1)))"
                              " FROM (SELECT pg_get_serial_sequence ($1::text, 'id')::regclass"
                              " AS s) AS q WHERE s IS NOT NULL",
                          2, (RaStoreValue[]) { name, ra_store_value_int (row_id) },
                          _("restoring a row"), error);
}

/* ---- the audit log -------------------------------------------------------- */

gboolean
ra_store_pg_write_audit (RaStoreDb *db, const char *table, gint64 row_id,
                         const char *action, const char *before_json,
                         const char *after_json, GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *at = g_date_time_format_iso8601 (now);
  RaStoreValue params[] = {
    ra_store_value_text (at), ra_store_value_text (table),
    row_id != 0 ? ra_store_value_int (row_id) : ra_store_value_text (NULL),
    ra_store_value_text (action), ra_store_value_text (before_json),
    ra_store_value_text (after_json),
  };

  /* The user is the database role: the server says who made the change. */
  return ra_store_pg_run (db, "INSERT INTO audit (at, \"user\", table_name, row_id, action,"
                              " before_json, after_json) VALUES ($1::text, current_user,"
                              " $2::text, $3::bigint, $4::text, $5::text, $6::text)",
                          G_N_ELEMENTS (params), params, _("writing the audit log"), error);
}

gboolean
ra_store_pg_write_import_audit (RaStoreDb *db, const char *table, const char *source,
                                const char *layer, guint n_rows, GError **error)
{
  g_autoptr(GString) summary = g_string_new ("{\"source\":");

  /* The file's form: {"source":…,"layer":…,"rows":N}. */
  if (source != NULL)
    append_json_string (summary, source);
  else
    g_string_append (summary, "null");
  g_string_append (summary, ",\"layer\":");
  if (layer != NULL)
    append_json_string (summary, layer);
  else
    g_string_append (summary, "null");
  g_string_append_printf (summary, ",\"rows\":%u}", n_rows);
  return ra_store_pg_write_audit (db, table, 0, "import", NULL, summary->str, error);
}

/* ---- the sample's plan tables ---------------------------------------------- */

gboolean
ra_store_pg_merge_city_target (RaStoreDb *db, const char *adcode, const char *area_zh,
                               int year, double reclaimed_use, double reclaimed_rate_pct,
                               const char *what, GError **error)
{
  RaStoreValue values[] = {
    ra_store_value_text (adcode), ra_store_value_text (area_zh), ra_store_value_int (year),
    ra_store_value_real (reclaimed_use), ra_store_value_real (reclaimed_rate_pct),
  };

  return ra_store_pg_run (db, "INSERT INTO indicators AS i (adcode, area_zh, year, kind, origin,"
                              " reclaimed_use, reclaimed_rate_pct)"
                              " VALUES ($1::text, $2::text, $3::bigint, 'target_min', 'targets',"
                              " $4::float8, $5::float8)"
                              " ON CONFLICT (adcode, year, kind, origin) DO UPDATE SET"
                              " reclaimed_use = coalesce (excluded.reclaimed_use, i.reclaimed_use),"
                              " reclaimed_rate_pct = coalesce (excluded.reclaimed_rate_pct,"
                              " i.reclaimed_rate_pct)",
                          G_N_ELEMENTS (values), values, what, error);
}

gboolean
ra_store_pg_place_county_plants (RaStoreDb *db, const char *name_suffix, const char *note,
                                 GError **error)
{
  RaStoreValue params[] = { ra_store_value_text (name_suffix), ra_store_value_text (note) };

  return ra_store_pg_run (db, "INSERT INTO plants (name, adcode, kind, location_approx, notes, geom)"
                              " SELECT name_zh || $1::text, adcode, 'wwtp', 1, $2::text,"
                              "  ST_SetSRID (ST_MakePoint (seat_lon, seat_lat), 4490)"
                              " FROM counties WHERE seat_lon IS NOT NULL"
                              " ORDER BY adcode COLLATE \"C\"",
                          G_N_ELEMENTS (params), params, _("placing the plants"), error);
}

gboolean
ra_store_pg_dup_city_adcode (RaStoreDb *db, char **adcode, GError **error)
{
  g_autoptr(PGresult) res = NULL;

  *adcode = NULL;
  res = ra_store_pg_exec (db, "SELECT substr (min (adcode COLLATE \"C\"), 1, 4) || '00'"
                              " FROM counties", 0, NULL, _("reading counties"), error);
  if (res == NULL)
    return FALSE;
  *adcode = ra_store_pg_dup_text (res, 0, 0);
  return TRUE;
}

/* ---- row versions ------------------------------------------------------------ */

/* FOR UPDATE: a concurrent change of the row is waited for (and then its
 * version read), and none can start before this transaction ends, so the
 * version compared is the one the UPDATE that follows changes. */
gboolean
ra_store_pg_lock_row_version (RaStoreDb *db, const RaStoreTable *table, gint64 id,
                              gint64 *version, GError **error)
{
  /* Outside a change (a form reading the version) nothing is locked: a
   * view-only connection may not lock. */
  g_autofree char *sql = g_strdup_printf ("SELECT row_version FROM \"%s\" WHERE id = $1::bigint%s",
                                          table->name, db->in_transaction ? " FOR UPDATE" : "");
  g_autoptr(PGresult) res = NULL;
  RaStoreValue v = ra_store_value_int (id);

  *version = 0;
  res = ra_store_pg_exec (db, sql, 1, &v, _("reading a row"), error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    *version = ra_store_pg_get_int64 (res, 0, 0);
  else if (db->in_transaction)
    {
      /* Not there to lock, but maybe there to read: a row the roles
       * (row-level security) keep from this user's changes, not a row
       * someone deleted. */
      g_autofree char *seen = g_strdup_printf ("SELECT 1 FROM \"%s\" WHERE id = $1::bigint",
                                               table->name);
      g_autoptr(PGresult) visible = ra_store_pg_exec (db, seen, 1, &v, _("reading a row"), error);

      if (visible == NULL)
        return FALSE;
      if (PQntuples (visible) > 0)
        return ra_store_pg_refused (db, table->name, id, FALSE, error);
    }
  return TRUE;
}

/* The trigger leaves a version the statement raises alone. */
gboolean
ra_store_pg_raise_row_version (RaStoreDb *db, const RaStoreTable *table, gint64 id,
                               gint64 version, GError **error)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE \"%s\" SET row_version = $2::bigint"
                                          " WHERE id = $1::bigint AND row_version < $2::bigint",
                                          table->name);
  RaStoreValue params[] = { ra_store_value_int (id), ra_store_value_int (version) };

  return ra_store_pg_run (db, sql, 2, params, _("restoring a row"), error);
}
