/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The PostgreSQL + PostGIS backend of the store (issue 19): its connection
 * (a "postgresql://" URI, a "postgres://" one or libpq's "key=value" words,
 * e.g. "service=bureau"; passwords only from libpq's own sources:
 * ~/.pgpass, PGPASSWORD, a service file, never from settings), its
 * transactions, the statement helper its other files share and the backend
 * table that RaStore calls (ra-store-backend.h).  The schema is in
 * ra-store-pg-schema.c, reading in ra-store-pg-read.c, writing in
 * ra-store-pg-write.c, undo and saved views in ra-store-pg-history.c.
 *
 * Every commit notifies the channel RA_STORE_PG_CHANNEL, which every open
 * project listens to: ra_store_poll_external_changes sees other
 * connections' edits.
 *
 * Who may do what (roles, row-level security) is in ra-store-pg-security.c.
 *
 * Not yet (later stages of issue 19): optimistic concurrency (a row
 * version), reconnecting after a dropped connection, a file copy of a
 * server project (save_copy; `pull` does it). */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <cpl_conv.h>

#include "ra-gdal-write.h"
#include "ra-paths.h"
#include "ra-store.h"
#include "ra-store-pg.h"

#define DEFAULT_LOCK_TIMEOUT_MS 5000

/* ---- errors ------------------------------------------------------------- */

gboolean
ra_store_pg_not_supported (GError **error, const char *what)
{
  g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_FAILED,
               /* TRANSLATORS: %s says what, e.g. "saving a copy" */
               _("%s is not supported on a PostgreSQL project yet"), what);
  return FALSE;
}

/* libpq's message on one line, without its "ERROR:" prefix. */
static char *
clean_message (const char *msg)
{
  g_autofree char *copy = g_strdup (msg != NULL ? msg : "");
  char *text = g_strstrip (copy);

  if (g_str_has_prefix (text, "ERROR:"))
    text = g_strstrip (text + strlen ("ERROR:"));
  g_strdelimit (text, "\r\n", ' ');
  return g_strdup (text);
}

gboolean
ra_store_pg_set_error (GError **error, RaStoreDb *db, PGresult *res, const char *what)
{
  const char *state = res != NULL ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;
  g_autofree char *msg = clean_message (res != NULL && *PQresultErrorMessage (res) != '\0'
                                        ? PQresultErrorMessage (res)
                                        : PQerrorMessage (db->conn));

  g_strlcpy (db->last_sqlstate, state != NULL ? state : "", sizeof db->last_sqlstate);

  if (db->resetting || PQstatus (db->conn) != CONNECTION_OK ||
      (state != NULL && g_str_has_prefix (state, "08")))
    g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_CONNECTION_LOST,
                 _("the connection to the database server was lost; nothing was saved (%s: %s)"),
                 what, msg);
  else if (g_strcmp0 (state, "25006") == 0)
    /* read_only_sql_transaction */
    g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_READ_ONLY,
                 _("the database refused the change (%s: %s)"), what, msg);
  else if (g_strcmp0 (state, "42501") == 0)
    /* insufficient_privilege: GRANTs, row-level security */
    g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_PERMITTED,
                 _("the database refused the change (%s: %s)"), what, msg);
  else if (g_strcmp0 (state, "55P03") == 0 || g_strcmp0 (state, "40P01") == 0 ||
           g_strcmp0 (state, "40001") == 0)
    /* lock_not_available, deadlock_detected, serialization_failure */
    g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_BUSY,
                 _("project is busy: another program is writing to it, try again (%s)"),
                 what);
  else
    g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_FAILED, "%s: %s", what, msg);
  return FALSE;
}

/* ---- statements ---------------------------------------------------------- */

PGresult *
ra_store_pg_exec (RaStoreDb           *db,
                  const char          *sql,
                  guint                n,
                  const RaStoreValue  *params,
                  const char          *what,
                  GError             **error)
{
  g_autofree const char **values = g_new0 (const char *, n + 1);
  g_autofree int *lengths = g_new0 (int, n + 1);
  g_autofree int *formats = g_new0 (int, n + 1);
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  PGresult *res;
  ExecStatusType status;

  /* Reconnecting (a half-made connection takes no statements) or lost. */
  if (db->resetting || PQstatus (db->conn) != CONNECTION_OK)
    {
      ra_store_pg_set_error (error, db, NULL, what);
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    {
      const RaStoreValue *v = &params[i];
      char *text = NULL;

      switch (v->type)
        {
        case RA_STORE_VALUE_TEXT:
          values[i] = v->text;
          break;
        case RA_STORE_VALUE_INT:
          text = g_strdup_printf ("%" G_GINT64_FORMAT, v->i);
          break;
        case RA_STORE_VALUE_REAL:
          /* 17 significant digits: every bit of the double. */
          text = g_malloc (G_ASCII_DTOSTR_BUF_SIZE);
          g_ascii_dtostr (text, G_ASCII_DTOSTR_BUF_SIZE, v->d);
          break;
        case RA_STORE_VALUE_BLOB:
          {
            gsize size = 0;

            values[i] = g_bytes_get_data (v->blob, &size);
            lengths[i] = (int) size;
            formats[i] = 1;   /* binary: bytea as it is */
          }
          break;
        case RA_STORE_VALUE_NULL:
        default:
          values[i] = NULL;
          break;
        }
      if (text != NULL)
        {
          g_ptr_array_add (owned, text);
          values[i] = text;
        }
    }
  res = PQexecParams (db->conn, sql, (int) n, NULL, values, lengths, formats, 0);
  status = res != NULL ? PQresultStatus (res) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      ra_store_pg_set_error (error, db, res, what);
      g_clear_pointer (&res, PQclear);
    }
  return res;
}

gboolean
ra_store_pg_run (RaStoreDb *db, const char *sql, guint n, const RaStoreValue *params,
                 const char *what, GError **error)
{
  g_autoptr(PGresult) res = ra_store_pg_exec (db, sql, n, params, what, error);

  return res != NULL;
}

char *
ra_store_pg_dup_text (PGresult *res, int row, int col)
{
  if (row >= PQntuples (res) || PQgetisnull (res, row, col))
    return NULL;
  return g_strdup (PQgetvalue (res, row, col));
}

gint64
ra_store_pg_get_int64 (PGresult *res, int row, int col)
{
  const char *v;

  if (row >= PQntuples (res) || PQgetisnull (res, row, col))
    return 0;
  v = PQgetvalue (res, row, col);
  if (strcmp (v, "t") == 0)
    return 1;
  if (strcmp (v, "f") == 0)
    return 0;
  return g_ascii_strtoll (v, NULL, 10);
}

char *
ra_store_pg_geom_expression (const RaStoreTable *table, RaStoreValueType type, guint param)
{
  const char *multi = g_str_has_prefix (table->geom_type, "MULTI") ? "ST_Multi" : "";

  if (type == RA_STORE_VALUE_BLOB)
    return g_strdup_printf ("%s (ST_GeomFromWKB ($%u::bytea, 4490))", multi, param);
  return g_strdup_printf ("%s (ST_GeomFromText ($%u::text, 4490))", multi, param);
}

/* ---- the row mapper ------------------------------------------------------ */

gpointer
ra_store_pg_read_record (PGresult *res, int row, const RaStoreRecordDesc *desc)
{
  guint8 *rec = g_malloc0 (desc->size);

  for (guint i = 0; i < desc->n_fields; i++)
    {
      const RaStoreField *f = &desc->fields[i];
      gpointer field = rec + f->offset;
      int col = (int) i;
      gboolean null = PQgetisnull (res, row, col);
      const char *v = PQgetvalue (res, row, col);

      switch (f->type)
        {
        case RA_STORE_FIELD_INT64:
          *(gint64 *) field = ra_store_pg_get_int64 (res, row, col);
          break;
        case RA_STORE_FIELD_INT:
          *(int *) field = (int) ra_store_pg_get_int64 (res, row, col);
          break;
        case RA_STORE_FIELD_BOOL:
          *(gboolean *) field = ra_store_pg_get_int64 (res, row, col) != 0;
          break;
        case RA_STORE_FIELD_DOUBLE:
          *(double *) field = null ? 0.0 : g_ascii_strtod (v, NULL);
          break;
        case RA_STORE_FIELD_DOUBLE_OR_NAN:
          *(double *) field = null ? NAN : g_ascii_strtod (v, NULL);
          break;
        case RA_STORE_FIELD_TEXT:
          *(char **) field = null ? NULL : g_strdup (v);
          break;
        case RA_STORE_FIELD_BLOB:
          {
            size_t size = 0;
            unsigned char *data = null ? NULL : PQunescapeBytea ((const unsigned char *) v, &size);

            *(GBytes **) field = data != NULL && size > 0 ? g_bytes_new (data, size) : NULL;
            PQfreemem (data);
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return rec;
}

GPtrArray *
ra_store_pg_collect (PGresult *res, const RaStoreRecordDesc *desc)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (desc->free_record);
  int n = PQntuples (res);

  /* The query's columns are the descriptor's fields, in order. */
  g_assert ((guint) PQnfields (res) == desc->n_fields);
  for (guint i = 0; i < desc->n_fields; i++)
    g_assert (g_ascii_strcasecmp (PQfname (res, (int) i), desc->fields[i].name) == 0);
  for (int r = 0; r < n; r++)
    g_ptr_array_add (rows, ra_store_pg_read_record (res, r, desc));
  return rows;
}

/* ---- transactions -------------------------------------------------------- */

gboolean
ra_store_pg_begin (RaStoreDb *db, GError **error)
{
  g_assert (!db->in_transaction);
  if (!ra_store_pg_run (db, "BEGIN", 0, NULL, _("starting a change"), error))
    return FALSE;
  db->in_transaction = TRUE;
  return TRUE;
}

void
ra_store_pg_rollback (RaStoreDb *db)
{
  if (db->in_transaction)
    {
      /* (A lost connection's transaction is rolled back by the server.) */
      if (!db->resetting && PQstatus (db->conn) == CONNECTION_OK)
        PQclear (PQexec (db->conn, "ROLLBACK"));
      db->in_transaction = FALSE;
    }
}

gboolean
ra_store_pg_commit (RaStoreDb *db, GError **error)
{
  g_autoptr(PGresult) res = NULL;

  /* The triggers' notifications (schema step 6) go out at COMMIT to every
   * other open project (pg_poll_changes). */
  res = ra_store_pg_exec (db, "COMMIT", 0, NULL, _("saving the change"), error);

  if (res == NULL)
    {
      ra_store_pg_rollback (db);
      return FALSE;
    }
  db->in_transaction = FALSE;
  /* COMMIT of a transaction that failed earlier "succeeds" as ROLLBACK. */
  if (strcmp (PQcmdStatus (res), "COMMIT") != 0)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_FAILED,
                   _("the change was not saved: the server rolled it back"));
      return FALSE;
    }
  return TRUE;
}

/* ---- opening ------------------------------------------------------------- */

static void
silent_notices (void *arg, const char *message)
{
  /* PostGIS's and the server's NOTICEs ("…does not exist, skipping") are
   * not the user's business; errors come back with their results. */
}

/* A libpq keyword value quoted for a "key=value" connection string. */
static void
append_quoted (GString *out, const char *key, const char *value)
{
  g_string_append_printf (out, "%s%s='", out->len > 3 ? " " : "", key);
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\'');
}

static void
pg_close (RaStoreDb *db)
{
  if (db == NULL)
    return;
  if (db->conn != NULL)
    {
      ra_store_pg_rollback (db);
      PQfinish (db->conn);
    }
  if (db->gdal_name != NULL)
    memset (db->gdal_name, 0, strlen (db->gdal_name));   /* may hold a password */
  g_free (db->gdal_name);
  g_free (db);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaStoreDb, pg_close)

/* libpq's message about a connection, with a password it was given
 * replaced (libpq does not print passwords; this is a second lock). */
static char *
connection_message (PGconn *conn, const char *password)
{
  g_autofree char *msg = clean_message (PQerrorMessage (conn));

  if (password != NULL && *password != '\0')
    {
      g_auto(GStrv) parts = g_strsplit (msg, password, -1);

      g_free (msg);
      msg = g_strjoinv ("***", parts);
    }
  return g_steal_pointer (&msg);
}

/* What every connection (and every reconnection) sets up: the session's
 * settings and the notifications of other connections' commits. */
static gboolean
session_setup (RaStoreDb *db, GError **error)
{
  g_autofree char *timeout = g_strdup_printf ("%d", db->lock_timeout_ms);
  RaStoreValue v = ra_store_value_text (timeout);

  PQsetNoticeProcessor (db->conn, silent_notices, NULL);
  PQsetClientEncoding (db->conn, "UTF8");
  db->in_transaction = FALSE;
  /* Shortest exact text for doubles (every bit, as SQLite keeps them). */
  return ra_store_pg_run (db, "SET extra_float_digits = 1", 0, NULL, _("opening"), error) &&
         ra_store_pg_run (db, "SELECT set_config ('lock_timeout', $1, false)", 1, &v,
                          _("opening"), error) &&
         ra_store_pg_run (db, "LISTEN " RA_STORE_PG_CHANNEL, 0, NULL, _("opening"), error) &&
         (!db->read_only ||
          ra_store_pg_run (db, "SET default_transaction_read_only = on", 0, NULL,
                           _("opening"), error));
}

static RaStoreDb *
pg_open (const char        *name,
         const char        *password_given,
         RaStoreOpenFlags   flags,
         char             **read_only_reason,
         GError           **error)
{
  /* A server that does not answer fails after 10 s instead of hanging;
   * the name's own connect_timeout (expanded from dbname) wins. */
  /* Later words win over the name's own: a password typed by the user.
   * TCP keepalives notice a dropped network within about 15 s. */
  const char * const keys[] = { "connect_timeout", "fallback_application_name", "keepalives_idle",
                                "keepalives_interval", "keepalives_count", "dbname",
                                password_given != NULL ? "password" : NULL, NULL };
  const char * const values[] = { "10", "reclaim-atlas", "5", "2", "5", name, password_given,
                                  NULL };
  g_autoptr(RaStoreDb) db = g_new0 (RaStoreDb, 1);
  g_autoptr(GString) gdal = g_string_new ("PG:");
  g_autofree char *reason = NULL;
  g_autofree char *password = NULL;
  PQconninfoOption *options;
  char *parse_error = NULL;
  int version;

  options = PQconninfoParse (name, &parse_error);
  if (options == NULL)
    {
      /* libpq's message may quote the string, password and all. */
      PQfreemem (parse_error);
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND,
                   _("not a valid PostgreSQL connection string or URI"));
      return NULL;
    }
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    if (o->val != NULL && *o->val != '\0')
      {
        append_quoted (gdal, o->keyword, o->val);
        if (strcmp (o->keyword, "password") == 0)
          password = g_strdup (o->val);
      }
  PQconninfoFree (options);
  if (password_given != NULL)
    append_quoted (gdal, "password", password_given);
  db->gdal_name = g_string_free (g_steal_pointer (&gdal), FALSE);
  /* GDAL reads a view's rows (projects_v) without a primary key to take
   * their FIDs from: name the column, as the tables' keys are named, so a
   * view's features keep their ids.  Process-wide, unless set already. */
  if (CPLGetConfigOption ("PGSQL_OGR_FID", NULL) == NULL)
    CPLSetConfigOption ("PGSQL_OGR_FID", "id");

  if (password == NULL && password_given != NULL)
    password = g_strdup (password_given);
  db->conn = PQconnectdbParams (keys, values, 1);
  if (db->conn == NULL || PQstatus (db->conn) != CONNECTION_OK)
    {
      g_autofree char *msg = db->conn != NULL ? connection_message (db->conn, password)
                                              : g_strdup ("out of memory");
      /* No password at hand, or a wrong one: the app asks for it. */
      gboolean needs = db->conn != NULL && (PQconnectionNeedsPassword (db->conn) ||
                                            PQconnectionUsedPassword (db->conn));

      g_set_error (error, RA_STORE_ERROR,
                   needs ? RA_STORE_ERROR_NEEDS_PASSWORD : RA_STORE_ERROR_NOT_FOUND,
                   _("cannot connect to the database server: %s"), msg);
      if (password != NULL)
        memset (password, 0, strlen (password));
      return NULL;
    }
  if (password != NULL)
    memset (password, 0, strlen (password));
  db->lock_timeout_ms = DEFAULT_LOCK_TIMEOUT_MS;
  if (flags & RA_STORE_OPEN_READ_ONLY)
    {
      reason = g_strdup (_("opened view-only on request"));
      db->read_only = TRUE;
    }
  if (!session_setup (db, error))
    return NULL;

  version = ra_store_pg_schema_version (db, error);
  if (version < 0)
    return NULL;
  if (version > RA_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_TOO_NEW,
                   _("the project was saved by a newer version of Reclaim Atlas "
                     "(schema %d, this version knows up to %d); update the program to open it"),
                   version, RA_STORE_SCHEMA_VERSION);
      return NULL;
    }
  if (version == 0 && !(flags & RA_STORE_OPEN_CREATE))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_A_PROJECT,
                   _("not a Reclaim Atlas project (an empty database; "
                     "reclaim-atlas-cli serve-init makes one)"));
      return NULL;
    }
  if (version > 0 && !ra_store_pg_schema_check (db, error))
    return NULL;
  if (version < RA_STORE_SCHEMA_VERSION)
    {
      if (db->read_only)
        {
          g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_READ_ONLY,
                       _("the project needs an upgrade but is view-only: %s"), reason);
          return NULL;
        }
      if (!ra_store_pg_schema_migrate (db, version, error))
        return NULL;
    }
  /* A role that may not write (a viewer) opens view-only, saying so. */
  if (!db->read_only && (reason = ra_store_pg_dup_view_only_reason (db)) != NULL)
    db->read_only = TRUE;
  *read_only_reason = g_steal_pointer (&reason);
  return g_steal_pointer (&db);
}

/* ---- the connection ------------------------------------------------------ */

static gpointer
pg_get_handle (RaStoreDb *db)
{
  return db->conn;
}

static void
pg_set_busy_timeout (RaStoreDb *db, int milliseconds)
{
  db->lock_timeout_ms = milliseconds;
  g_autofree char *timeout = g_strdup_printf ("%d", milliseconds);
  RaStoreValue v = ra_store_value_text (timeout);

  ra_store_pg_run (db, "SELECT set_config ('lock_timeout', $1, false)", 1, &v, "", NULL);
}

/* "table:id,id,…" or "table:*" (schema step 6) into changes; FALSE for a
 * payload that says neither. */
static gboolean
parse_payload (const char *payload, GArray *changes)
{
  const char *colon = strchr (payload, ':');
  g_autofree char *table = NULL;
  g_auto(GStrv) ids = NULL;
  guint first = changes->len;

  if (colon == NULL || colon == payload)
    return FALSE;
  table = g_strndup (payload, colon - payload);
  if (strcmp (colon + 1, "*") == 0)
    {
      RaStoreChange c = { g_steal_pointer (&table), 0 };

      g_array_append_val (changes, c);
      return TRUE;
    }
  ids = g_strsplit (colon + 1, ",", -1);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      gint64 id = 0;
      RaStoreChange c;

      if (!g_ascii_string_to_signed (ids[i], 10, 1, G_MAXINT64, &id, NULL))
        {
          for (guint k = first; k < changes->len; k++)
            g_free (g_array_index (changes, RaStoreChange, k).table);
          g_array_set_size (changes, first);
          return FALSE;
        }
      c.table = g_strdup (table);
      c.row_id = id;
      g_array_append_val (changes, c);
    }
  return first < changes->len;
}

/* Other connections' commits arrive as notifications on the channel, one
 * per statement naming its table and rows (schema step 6's triggers);
 * one's own are not changes.  A notification of another form (an older
 * program's empty one) leaves changes empty: anything may have changed. */
static gboolean
pg_poll_changes (RaStoreDb *db, GArray *changes)
{
  int self = PQbackendPID (db->conn);
  gboolean changed = FALSE, known = TRUE;
  guint first = changes->len;
  PGnotify *notify;

  if (db->in_transaction || db->resetting || PQstatus (db->conn) != CONNECTION_OK)
    return FALSE;
  /* An empty statement: the server hands over, before it answers, every
   * notification of a commit made before it. */
  PQclear (PQexec (db->conn, ""));
  PQconsumeInput (db->conn);
  while ((notify = PQnotifies (db->conn)) != NULL)
    {
      if (notify->be_pid != self)
        {
          changed = TRUE;
          if (known && !parse_payload (notify->extra, changes))
            known = FALSE;
        }
      PQfreemem (notify);
    }
  if (!known)
    {
      for (guint k = first; k < changes->len; k++)
        g_free (g_array_index (changes, RaStoreChange, k).table);
      g_array_set_size (changes, first);
    }
  return changed;
}

static gboolean
pg_connected (RaStoreDb *db)
{
  return !db->resetting && PQstatus (db->conn) == CONNECTION_OK;
}

#define RECONNECT_TIMEOUT_US (10 * G_USEC_PER_SEC)

/* libpq's non-blocking reset (PQresetStart, PQresetPoll), one step a call,
 * with the same parameters (and password) the project was opened with. */
static RaStoreReconnect
pg_reconnect_step (RaStoreDb *db, GError **error)
{
  PostgresPollingStatusType status;

  if (!db->resetting)
    {
      if (PQstatus (db->conn) == CONNECTION_OK)
        return RA_STORE_RECONNECT_DONE;
      if (!PQresetStart (db->conn))
        {
          g_autofree char *msg = connection_message (db->conn, NULL);

          g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_CONNECTION_LOST,
                       _("cannot connect to the database server: %s"), msg);
          return RA_STORE_RECONNECT_FAILED;
        }
      db->resetting = TRUE;
      db->reset_started = g_get_monotonic_time ();
    }
  status = PQresetPoll (db->conn);
  if (status == PGRES_POLLING_OK)
    {
      db->resetting = FALSE;
      if (!session_setup (db, error))
        {
          if (error != NULL && *error != NULL)
            (*error)->code = RA_STORE_ERROR_CONNECTION_LOST;
          return RA_STORE_RECONNECT_FAILED;
        }
      return RA_STORE_RECONNECT_DONE;
    }
  if (status == PGRES_POLLING_FAILED)
    {
      g_autofree char *msg = connection_message (db->conn, NULL);

      db->resetting = FALSE;
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_CONNECTION_LOST,
                   _("cannot connect to the database server: %s"), msg);
      return RA_STORE_RECONNECT_FAILED;
    }
  if (g_get_monotonic_time () - db->reset_started > RECONNECT_TIMEOUT_US)
    {
      db->resetting = FALSE;
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_CONNECTION_LOST,
                   _("the database server does not answer"));
      return RA_STORE_RECONNECT_FAILED;
    }
  return RA_STORE_RECONNECT_PENDING;
}

static char *
pg_check_integrity (RaStoreDb *db, GError **error)
{
  /* The server keeps its own pages; what can be checked here is that it
   * answers and the project's tables are all there. */
  if (!ra_store_pg_schema_check (db, error))
    return NULL;
  return g_strdup ("ok");
}

static gboolean
pg_save_copy (RaStoreDb *db, const char *dest_path, GError **error)
{
  return ra_store_pg_not_supported (error, _("saving a copy (use reclaim-atlas-cli pull)"));
}

static gboolean
pg_flush (RaStoreDb *db, GError **error)
{
  /* Every change is committed on the server: nothing to write here. */
  return TRUE;
}

static void
pg_explain_disk_full (RaStoreDb *db, GError **error, const char *what)
{
}

static const char *
pg_gdal_name (RaStoreDb *db)
{
  return db->gdal_name;
}

static char *
pg_dup_password (RaStoreDb *db)
{
  /* libpq's own copy (typed, from the name, ~/.pgpass): what a second
   * connection of the same user needs; NULL when it used none. */
  const char *pass = db->conn != NULL && PQconnectionUsedPassword (db->conn) ? PQpass (db->conn)
                                                                              : NULL;

  return pass != NULL && *pass != '\0' ? g_strdup (pass) : NULL;
}

static GDALDatasetH
pg_gdal_open (RaStoreDb *db, GError **error)
{
  const char *allowed[] = { "PostgreSQL", NULL };
  g_autofree char *why = NULL;
  GDALDatasetH ds = ra_gdal_open_vector (db->gdal_name, allowed, &why);

  if (ds == NULL)
    g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_FAILED,
                 _("opening the project with GDAL: %s"), why != NULL ? why : "");
  return ds;
}

const RaStoreBackend ra_store_pg_backend = {
  .name = "PostgreSQL",

  .open = pg_open,
  .close = pg_close,
  .get_handle = pg_get_handle,
  .set_busy_timeout = pg_set_busy_timeout,
  .poll_changes = pg_poll_changes,
  .poll_interval_ms = 250,
  .connected = pg_connected,
  .reconnect_step = pg_reconnect_step,
  .check_integrity = pg_check_integrity,
  .save_copy = pg_save_copy,
  .flush = pg_flush,
  .explain_disk_full = pg_explain_disk_full,
  .gdal_name = pg_gdal_name,
  .dup_password = pg_dup_password,
  .gdal_open = pg_gdal_open,

  .begin = ra_store_pg_begin,
  .commit = ra_store_pg_commit,
  .rollback = ra_store_pg_rollback,

  .query = ra_store_pg_query,
  .count_rows = ra_store_pg_count_rows,
  .has_geometry = ra_store_pg_has_geometry,
  .find_ids = ra_store_pg_find_ids,
  .geometry_wkt = ra_store_pg_geometry_wkt,
  .geometry_wkb = ra_store_pg_geometry_wkb,
  .scan_geometries = ra_store_pg_scan_geometries,
  .county_exists = ra_store_pg_county_exists,
  .dup_meta = ra_store_pg_dup_meta,
  .meta_row_id = ra_store_pg_meta_row_id,

  .insert_prepare = ra_store_pg_insert_prepare,
  .insert_run = ra_store_pg_insert_run,
  .insert_free = ra_store_pg_insert_free,
  .update_row = ra_store_pg_update_row,
  .delete_row = ra_store_pg_delete_row,
  .check_geometry = ra_store_pg_check_geometry,
  .next_sort_key = ra_store_pg_next_sort_key,
  .duplicate_project = ra_store_pg_duplicate_project,
  .set_meta = ra_store_pg_set_meta,

  .snapshot_row = ra_store_pg_snapshot_row,
  .restore_row = ra_store_pg_restore_row,
  .lock_row_version = ra_store_pg_lock_row_version,
  .raise_row_version = ra_store_pg_raise_row_version,
  .write_audit = ra_store_pg_write_audit,
  .write_import_audit = ra_store_pg_write_import_audit,
  .undo_push = ra_store_pg_undo_push,
  .undo_peek = ra_store_pg_undo_peek,
  .undo_mark_group = ra_store_pg_undo_mark_group,
  .undo_can = ra_store_pg_undo_can,
  .undo_dup_label = ra_store_pg_undo_dup_label,

  .merge_city_target = ra_store_pg_merge_city_target,
  .place_county_plants = ra_store_pg_place_county_plants,
  .dup_city_adcode = ra_store_pg_dup_city_adcode,

  .save_bookmarks = ra_store_pg_save_bookmarks,
  .delete_bookmark = ra_store_pg_delete_bookmark,
  .save_layout = ra_store_pg_save_layout,
  .load_layout = ra_store_pg_load_layout,
  .list_layouts = ra_store_pg_list_layouts,
  .save_app_layers = ra_store_pg_save_app_layers,
  .delete_layout = ra_store_pg_delete_layout,

  .can_edit_county = ra_store_pg_can_edit_county,
  .setup_roles = ra_store_pg_setup_roles,
  .grant_role = ra_store_pg_grant_role,
};
