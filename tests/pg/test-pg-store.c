/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store on a PostgreSQL + PostGIS project (issue 19), on the throwaway
 * cluster of pg-cluster.sh (RA_PG_URI, PGHOST, PGPORT, PGUSER): opening and
 * its refusals, records read as from the file, an edit as one transaction
 * with its audit row by the database role, undo and redo, a refused edit
 * that leaves nothing behind, features with geometry, view-only,
 * passwords kept out of names, and who may do what: a county editor, a
 * viewer and a city planner connected as themselves (login roles that do
 * not own the tables, so row-level security applies to them). */
#include "config.h"

#include <string.h>
#include <libpq-fe.h>
#include <glib.h>

#include "ra-core.h"
#include "ra-paths.h"
#include "ra-store.h"
#include "store-test-util.h"

/* ---- the cluster ----------------------------------------------------------- */

/* A direct connection to database name, for what the tests check on the
 * server behind the store's back. */
static PGconn *
connect_db (const char *name)
{
  const char * const keys[] = { "dbname", NULL };
  const char * const values[] = { name, NULL };
  PGconn *conn = PQconnectdbParams (keys, values, 0);

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  return conn;
}

static char *
sql_text (PGconn *conn, const char *sql)
{
  PGresult *res = PQexec (conn, sql);
  char *text;

  if (PQresultStatus (res) != PGRES_TUPLES_OK && PQresultStatus (res) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (res));
  text = PQresultStatus (res) == PGRES_TUPLES_OK && PQntuples (res) > 0 && !PQgetisnull (res, 0, 0)
         ? g_strdup (PQgetvalue (res, 0, 0)) : NULL;
  PQclear (res);
  return text;
}

static gint64
sql_int (PGconn *conn, const char *sql)
{
  g_autofree char *text = sql_text (conn, sql);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : -1;
}

/* A new, empty database of the cluster; its URI. */
static char *
new_database (void)
{
  static guint counter;
  g_autofree char *name = g_strdup_printf ("t%u_%d", ++counter, (int) getpid ());
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s", name);
  PGconn *conn = connect_db ("ra_test");

  g_free (sql_text (conn, create));
  PQfinish (conn);
  return g_strdup_printf ("postgresql:///%s?host=%s&port=%s&user=%s", name,
                          g_getenv ("PGHOST"), g_getenv ("PGPORT"), g_getenv ("PGUSER"));
}

static char *
database_of (const char *uri)
{
  const char *start = strstr (uri, ":///") + 4;

  return g_strndup (start, strcspn (start, "?"));
}

/* A server project holding the Zhangye sample (pushed); its URI. */
static char *
new_zhangye (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) file = ra_store_open (path, RA_STORE_OPEN_READ_ONLY, &error);
  char *uri = new_database ();
  g_autoptr(RaStore) server = NULL;
  guint n = 0;

  g_assert_no_error (error);
  server = ra_store_open (uri, RA_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (ra_store_copy_project (file, server, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, >, 100);
  return uri;
}

/* ---- tests ----------------------------------------------------------------- */

static void
test_open_refusals (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *empty = new_database ();
  g_autofree char *other = new_database ();
  g_autofree char *other_db = database_of (other);
  g_autofree char *newer = new_zhangye ();
  g_autofree char *newer_db = database_of (newer);
  RaStore *store;
  PGconn *conn;

  store = ra_store_open (empty, RA_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_A_PROJECT);
  g_assert_nonnull (strstr (error->message, "serve-init"));
  g_clear_error (&error);

  conn = connect_db (other_db);
  g_free (sql_text (conn, "CREATE TABLE someone_elses (id integer)"));
  PQfinish (conn);
  store = ra_store_open (other, RA_STORE_OPEN_CREATE, &error);
  g_assert_null (store);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_A_PROJECT);
  g_clear_error (&error);

  conn = connect_db (newer_db);
  g_free (sql_text (conn, "UPDATE schema_version SET version = 99"));
  PQfinish (conn);
  store = ra_store_open (newer, RA_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_TOO_NEW);
}

static void
test_read_as_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autofree char *uri = new_zhangye ();
  g_autoptr(RaStore) file = ra_store_open (path, RA_STORE_OPEN_READ_ONLY, &error);
  g_autoptr(RaStore) server = ra_store_open (uri, RA_STORE_OPEN_READ_ONLY, &error);
  g_autoptr(GPtrArray) fp = NULL;
  g_autoptr(GPtrArray) sp = NULL;
  g_autoptr(GPtrArray) fc = NULL;
  g_autoptr(GPtrArray) sc = NULL;
  g_autoptr(RaLayer) layer = NULL;
  g_autofree char *name = NULL;

  g_assert_no_error (error);
  g_assert_true (ra_store_is_read_only (server));
  name = ra_store_dup_project_name (server);
  g_assert_cmpstr (name, ==, "张掖市非常规水源利用规划（示例）");

  fp = ra_store_list_projects (file, &error);
  sp = ra_store_list_projects (server, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fp->len, ==, sp->len);
  for (guint i = 0; i < fp->len; i++)
    {
      RaProjectRecord *a = g_ptr_array_index (fp, i);
      RaProjectRecord *b = g_ptr_array_index (sp, i);

      g_assert_cmpint (a->id, ==, b->id);
      g_assert_cmpstr (a->code, ==, b->code);
      g_assert_cmpstr (a->name, ==, b->name);
      g_assert_cmpstr (a->county_name, ==, b->county_name);
      g_assert_cmpstr (a->notes, ==, b->notes);
    }
  fc = ra_store_list_counties (file, &error);
  sc = ra_store_list_counties (server, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fc->len, ==, sc->len);

  /* Geometries to the last bit. */
  for (gint64 id = 1; id <= (gint64) fc->len; id++)
    {
      g_autoptr(RaGeometry) a = ra_store_get_geometry (file, "counties", id, &error);
      g_autoptr(RaGeometry) b = ra_store_get_geometry (server, "counties", id, &error);

      g_assert_no_error (error);
      g_assert_nonnull (a);
      g_assert_nonnull (b);
      g_assert_cmpuint (a->n_points, ==, b->n_points);
      g_assert_cmpuint (a->n_parts, ==, b->n_parts);
      g_assert_cmpmem (a->xy, 2 * a->n_points * sizeof (double),
                       b->xy, 2 * b->n_points * sizeof (double));
    }

  /* Layers through GDAL's PostgreSQL driver, as the map loads them. */
  layer = ra_store_load_layer (server, "counties", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (layer);
  g_assert_cmpuint (ra_layer_get_n_features (layer), ==, fc->len);
}

static void
set_notes (RaStore *store, gint64 id, const char *text, GError **error)
{
  GValue v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_STRING);
  g_value_set_string (&v, text);
  ra_store_update_project (store, id, "notes", &v, error);
  g_value_unset (&v);
}

static void
test_edit_one_transaction (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = new_zhangye ();
  g_autofree char *db = database_of (uri);
  g_autoptr(RaStore) store = ra_store_open (uri, RA_STORE_OPEN_DEFAULT, &error);
  g_autoptr(GPtrArray) audit = NULL;
  PGconn *conn = connect_db (db);
  RaAuditRecord *last;
  gint64 audit_before = sql_int (conn, "SELECT count(*) FROM audit");
  gint64 row_xid, audit_xid, undo_xid;
  g_autofree char *notes = NULL;

  g_assert_no_error (error);
  set_notes (store, 1, "西干渠沿线 · edited on the server", &error);
  g_assert_no_error (error);

  notes = sql_text (conn, "SELECT notes FROM projects WHERE id = 1");
  g_assert_cmpstr (notes, ==, "西干渠沿线 · edited on the server");
  g_assert_cmpint (sql_int (conn, "SELECT count(*) FROM audit"), ==, audit_before + 1);

  /* The row, its audit row and its undo record were written by one
   * transaction: the same xmin. */
  row_xid = sql_int (conn, "SELECT xmin::text::bigint FROM projects WHERE id = 1");
  audit_xid = sql_int (conn, "SELECT xmin::text::bigint FROM audit ORDER BY id DESC LIMIT 1");
  undo_xid = sql_int (conn, "SELECT xmin::text::bigint FROM app_undo ORDER BY id DESC LIMIT 1");
  g_assert_cmpint (row_xid, ==, audit_xid);
  g_assert_cmpint (row_xid, ==, undo_xid);

  /* The audit row names the database role. */
  audit = ra_store_list_audit (store, "projects", 1, &error);
  g_assert_no_error (error);
  last = g_ptr_array_index (audit, audit->len - 1);
  g_assert_cmpstr (last->user, ==, g_getenv ("PGUSER"));
  g_assert_cmpstr (last->action, ==, "update");
  g_assert_nonnull (strstr (last->after_json, "edited on the server"));

  /* Undo and redo, each one more audited change. */
  g_assert_true (ra_store_can_undo (store));
  g_assert_true (ra_store_undo (store, &error));
  g_assert_no_error (error);
  g_free (notes);
  notes = sql_text (conn, "SELECT notes FROM projects WHERE id = 1");
  g_assert_cmpstr (notes, !=, "西干渠沿线 · edited on the server");
  g_assert_true (ra_store_can_redo (store));
  g_assert_true (ra_store_redo (store, &error));
  g_assert_no_error (error);
  g_free (notes);
  notes = sql_text (conn, "SELECT notes FROM projects WHERE id = 1");
  g_assert_cmpstr (notes, ==, "西干渠沿线 · edited on the server");
  g_assert_cmpint (sql_int (conn, "SELECT count(*) FROM audit"), ==, audit_before + 3);
  PQfinish (conn);
}

static void
test_refused_edit_leaves_nothing (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = new_zhangye ();
  g_autofree char *db = database_of (uri);
  g_autoptr(RaStore) store = ra_store_open (uri, RA_STORE_OPEN_DEFAULT, &error);
  PGconn *conn = connect_db (db);
  g_autofree char *notes_before = sql_text (conn, "SELECT notes FROM projects WHERE id = 2");
  g_autofree char *notes = NULL;
  gint64 audit_before = sql_int (conn, "SELECT count(*) FROM audit");
  gint64 undo_before = sql_int (conn, "SELECT count(*) FROM app_undo");

  g_assert_no_error (error);
  /* The server refuses the audit row (a trigger standing in for a rule of
   * the database): the row's change must go with it. */
  g_free (sql_text (conn, "CREATE FUNCTION refuse () RETURNS trigger LANGUAGE plpgsql AS"
                          " $$ BEGIN IF NEW.after_json LIKE '%REFUSE-ME%' THEN"
                          " RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$"));
  g_free (sql_text (conn, "CREATE TRIGGER refuse BEFORE INSERT ON audit FOR EACH ROW"
                          " EXECUTE FUNCTION refuse ()"));
  set_notes (store, 2, "REFUSE-ME", &error);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "refused by the test"));
  g_clear_error (&error);

  notes = sql_text (conn, "SELECT notes FROM projects WHERE id = 2");
  g_assert_cmpstr (notes, ==, notes_before);
  g_assert_cmpint (sql_int (conn, "SELECT count(*) FROM audit"), ==, audit_before);
  g_assert_cmpint (sql_int (conn, "SELECT count(*) FROM app_undo"), ==, undo_before);

  /* The connection goes on working. */
  set_notes (store, 2, "accepted", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (conn, "SELECT count(*) FROM audit"), ==, audit_before + 1);
  PQfinish (conn);
}

static void
test_feature_insert_undo (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = new_zhangye ();
  g_autoptr(RaStore) store = ra_store_open (uri, RA_STORE_OPEN_DEFAULT, &error);
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *wkt = NULL;
  gint64 n_plants, id, pipe;

  g_assert_no_error (error);
  n_plants = ra_store_count_rows (store, "plants", &error);
  g_hash_table_insert (fields, "name", "测试再生水厂");
  g_hash_table_insert (fields, "capacity_m3_per_day", "20000");
  id = ra_store_insert_feature (store, "plants", fields, "POINT (100.45 38.93)", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (ra_store_count_rows (store, "plants", NULL), ==, n_plants + 1);
  wkt = ra_store_get_geometry_wkt (store, "plants", id, &error);
  g_assert_cmpstr (wkt, ==, "POINT(100.45 38.93)");

  /* A single line string goes into the multi column. */
  pipe = ra_store_insert_pipeline (store, 0, "测试管线", "LINESTRING (100.4 38.9, 100.5 38.95)",
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpint (pipe, >, 0);
  g_free (wkt);
  wkt = ra_store_get_geometry_wkt (store, "pipelines", pipe, &error);
  g_assert_true (g_str_has_prefix (wkt, "MULTILINESTRING"));

  /* A geometry of the wrong kind is refused with the reason. */
  g_assert_false (ra_store_set_geometry_wkt (store, "plants", id,
                                             "LINESTRING (100 38, 101 39)", &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (ra_store_set_geometry_wkt (store, "plants", id, "POINT (100", &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  g_assert_true (ra_store_undo (store, &error));   /* the pipeline */
  g_assert_true (ra_store_undo (store, &error));   /* the plant */
  g_assert_no_error (error);
  g_assert_cmpint (ra_store_count_rows (store, "plants", NULL), ==, n_plants);
  g_assert_true (ra_store_redo (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ra_store_count_rows (store, "plants", NULL), ==, n_plants + 1);
  g_free (wkt);
  wkt = ra_store_get_geometry_wkt (store, "plants", id, &error);
  g_assert_cmpstr (wkt, ==, "POINT(100.45 38.93)");

  /* Deleted with its dependents, and a new row gets a new id. */
  g_assert_true (ra_store_delete_row (store, "plants", id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ra_store_insert_feature (store, "plants", fields, NULL, &error), >, id);
  g_assert_no_error (error);
}

static void
test_read_only (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = new_zhangye ();
  g_autoptr(RaStore) store = ra_store_open (uri, RA_STORE_OPEN_READ_ONLY, &error);

  g_assert_no_error (error);
  set_notes (store, 1, "no", &error);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_READ_ONLY);
}

static void
test_save_a_copy (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = new_zhangye ();
  g_autoptr(RaStore) store = ra_store_open (uri, RA_STORE_OPEN_DEFAULT, &error);
  g_autofree char *dest = st_tmp_path (".sqlite");

  g_autoptr(RaStore) copy = NULL;
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;

  g_assert_no_error (error);
  /* Save a Copy: a project file holding every row. */
  g_assert_true (ra_store_save_copy (store, dest, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (dest, G_FILE_TEST_IS_REGULAR));
  g_assert_false (ra_store_save_copy (store, dest, &error));   /* never over a file */
  g_assert_nonnull (error);
  g_clear_error (&error);
  copy = ra_store_open (dest, RA_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  a = ra_store_list_projects (store, &error);
  b = ra_store_list_projects (copy, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (a->len, ==, b->len);
  g_assert_cmpuint (a->len, ==, 18);
  /* Nothing else in the store reaches for an SQLite handle. */
  g_assert_null (ra_store_get_db (store));
}

static void
test_connection_lost (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = new_zhangye ();
  g_autofree char *db = database_of (uri);
  g_autoptr(RaStore) store = ra_store_open (uri, RA_STORE_OPEN_DEFAULT, &error);
  g_autoptr(GPtrArray) projects = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *notes = NULL;
  PGconn *conn = connect_db (db);

  g_assert_no_error (error);
  /* The server ends the store's session (an administrator, a restart). */
  sql = g_strdup_printf ("SELECT count(pg_terminate_backend (pid)) FROM pg_stat_activity"
                         " WHERE datname = '%s' AND application_name = 'reclaim-atlas'", db);
  g_assert_cmpint (sql_int (conn, sql), ==, 1);

  set_notes (store, 1, "after the connection was lost", &error);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_CONNECTION_LOST);
  g_assert_nonnull (strstr (error->message, "connection to the database server was lost"));
  g_clear_error (&error);
  /* Reads fail with a message too; nothing crashes, nothing was saved. */
  projects = ra_store_list_projects (store, &error);
  g_assert_null (projects);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (ra_store_can_undo (store));
  notes = sql_text (conn, "SELECT notes FROM projects WHERE id = 1");
  g_assert_cmpstr (notes, !=, "after the connection was lost");
  PQfinish (conn);
}

static void
count_signal (gpointer counter)
{
  (*(guint *) counter)++;
}

static void
count_changed (RaStore *store, const char *table, gint64 row_id, gpointer counter)
{
  if (table == NULL)
    (*(guint *) counter)++;
}

/* Calls ra_store_try_reconnect every 20 ms for up to seconds; its result. */
static gboolean
reconnect_within (RaStore *store, double seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    {
      if (ra_store_try_reconnect (store, NULL))
        return TRUE;
      g_usleep (20000);
    }
  return FALSE;
}

/* The connection drops: the project turns view-only (saying why), edits
 * are refused as lost, nothing is saved; while the server refuses
 * connections it stays so; then it reconnects on its own, reloads, hears
 * other editors again and takes edits. */
static void
test_reconnect (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = new_zhangye ();
  g_autofree char *db = database_of (uri);
  g_autoptr(RaStore) store = ra_store_open (uri, RA_STORE_OPEN_DEFAULT, &error);
  g_autoptr(RaStore) other = NULL;
  g_autofree char *terminate = NULL;
  g_autofree char *forbid = NULL;
  g_autofree char *allow = NULL;
  g_autofree char *notes = NULL;
  guint n_connection = 0, n_reload = 0;
  PGconn *admin = connect_db ("postgres");

  g_assert_no_error (error);
  g_assert_true (ra_store_is_connected (store));
  g_assert_cmpuint (ra_store_get_poll_interval (store), <=, 1000);
  g_signal_connect_swapped (store, "connection-changed", G_CALLBACK (count_signal),
                            &n_connection);
  g_signal_connect (store, "changed", G_CALLBACK (count_changed), &n_reload);

  terminate = g_strdup_printf ("SELECT count(pg_terminate_backend (pid)) FROM pg_stat_activity"
                               " WHERE datname = '%s' AND application_name = 'reclaim-atlas'",
                               db);
  forbid = g_strdup_printf ("ALTER DATABASE %s ALLOW_CONNECTIONS false", db);
  allow = g_strdup_printf ("ALTER DATABASE %s ALLOW_CONNECTIONS true", db);
  g_free (sql_text (admin, forbid));
  g_assert_cmpint (sql_int (admin, terminate), ==, 1);

  /* The app's timer notices. */
  g_assert_false (ra_store_poll_external_changes (store));
  g_assert_false (ra_store_is_connected (store));
  g_assert_cmpuint (n_connection, ==, 1);
  g_assert_true (ra_store_is_read_only (store));
  g_assert_nonnull (strstr (ra_store_get_read_only_reason (store), "connection"));
  set_notes (store, 1, "while disconnected", &error);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_CONNECTION_LOST);
  g_clear_error (&error);

  /* The server refuses connections: no reconnecting yet, said why. */
  g_assert_false (reconnect_within (store, 0.5));
  for (guint i = 0; i < 100 && error == NULL; i++, g_usleep (20000))
    g_assert_false (ra_store_try_reconnect (store, &error));
  /* A failed attempt says why. */
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_CONNECTION_LOST);
  g_test_message ("while refused: %s", error->message);
  g_clear_error (&error);
  g_assert_false (ra_store_is_connected (store));
  g_assert_cmpuint (n_connection, ==, 1);

  g_free (sql_text (admin, allow));
  g_assert_true (reconnect_within (store, 5));
  g_assert_true (ra_store_is_connected (store));
  g_assert_false (ra_store_is_read_only (store));
  g_assert_cmpuint (n_connection, ==, 2);
  g_assert_cmpuint (n_reload, >=, 1);

  /* Edits go through again, and other editors are heard again (LISTEN). */
  set_notes (store, 1, "after reconnecting", &error);
  g_assert_no_error (error);
  other = ra_store_open (uri, RA_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  set_notes (other, 2, "from another editor", &error);
  g_assert_no_error (error);
  g_assert_true (ra_store_poll_external_changes (store));
  notes = sql_text (admin, "SELECT 1");
  PQfinish (admin);
  {
    PGconn *conn = connect_db (db);
    g_autofree char *saved = sql_text (conn, "SELECT notes FROM projects WHERE id = 1");

    g_assert_cmpstr (saved, ==, "after reconnecting");
    PQfinish (conn);
  }
}

/* A server that asks for a password: the store says so with its own code
 * (the app then asks), a wrong one too, and the right one typed opens. */
/* ---- notifications naming the rows ---------------------------------------- */

typedef struct {
  GPtrArray *heard;            /* "table:id" strings, "table:0" for a whole table */
} Heard;

static void
heard_changed (RaStore *store, const char *table, gint64 row_id, Heard *h)
{
  g_ptr_array_add (h->heard, g_strdup_printf ("%s:%" G_GINT64_FORMAT,
                                              table != NULL ? table : "(any)", row_id));
}

static char *
heard_text (Heard *h)
{
  char *text;

  g_ptr_array_add (h->heard, NULL);
  text = g_strjoinv (" ", (char **) h->heard->pdata);
  g_ptr_array_set_size (h->heard, 0);
  return text;
}

/* Another client's commits (plain SQL through libpq, as psql, QGIS or
 * ogr2ogr make them) arrive as ::changed naming the table and the rows
 * (schema step 6's statement triggers): one row, two rows, another table,
 * a statement of more than RA_STORE_PG_NOTIFY_MAX_IDS rows (the whole
 * table), a delete; a rolled-back edit tells nothing, nor does one's own
 * edit twice. */
static void
test_notify_names_rows (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = new_zhangye ();
  g_autofree char *db = database_of (uri);
  g_autoptr(RaStore) store = ra_store_open (uri, RA_STORE_OPEN_DEFAULT, &error);
  PGconn *conn = connect_db (db);
  Heard h = { g_ptr_array_new_with_free_func (g_free) };
  g_autofree char *text = NULL;
  gint64 plant = 0;

  g_assert_no_error (error);
  g_signal_connect (store, "changed", G_CALLBACK (heard_changed), &h);
  g_assert_false (ra_store_poll_external_changes (store));

  g_free (sql_text (conn, "UPDATE projects SET notes = 'psql' WHERE id = 3"));
  g_assert_true (ra_store_poll_external_changes (store));
  text = heard_text (&h);
  g_assert_cmpstr (text, ==, "projects:3");

  g_free (sql_text (conn, "UPDATE projects SET notes = 'psql' WHERE id IN (5, 2)"));
  g_assert_true (ra_store_poll_external_changes (store));
  g_free (text);
  text = heard_text (&h);
  g_assert_cmpstr (text, ==, "projects:2 projects:5");

  plant = sql_int (conn, "SELECT min(id) FROM plants");
  g_assert_cmpint (plant, >, 0);
  g_free (sql_text (conn, "UPDATE plants SET name = name || ' ' WHERE id = (SELECT min(id) FROM plants)"));
  g_assert_true (ra_store_poll_external_changes (store));
  g_free (text);
  text = heard_text (&h);
  {
    g_autofree char *want = g_strdup_printf ("plants:%" G_GINT64_FORMAT, plant);

    g_assert_cmpstr (text, ==, want);
  }

  /* 150 rows in one statement: more than the payload names. */
  g_free (sql_text (conn, "INSERT INTO projects (name, notes) SELECT 'bulk ' || i, 'bulk'"
                          " FROM generate_series (1, 150) AS i"));
  g_assert_true (ra_store_poll_external_changes (store));
  g_free (text);
  text = heard_text (&h);
  g_assert_cmpstr (text, ==, "projects:0");
  {
    g_autoptr(GPtrArray) all = ra_store_list_projects (store, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (all->len, ==, 18 + 150);
  }

  /* A few rows deleted: named. */
  g_free (sql_text (conn, "DELETE FROM projects WHERE name IN ('bulk 1', 'bulk 2')"));
  g_assert_true (ra_store_poll_external_changes (store));
  g_free (text);
  text = heard_text (&h);
  g_assert_cmpint (strlen (text), >, strlen ("projects:1"));
  g_assert_true (g_str_has_prefix (text, "projects:"));
  g_assert_null (strstr (text, "projects:0"));
  g_assert_nonnull (strchr (text, ' '));

  /* Rolled back: nothing. */
  g_free (sql_text (conn, "BEGIN"));
  g_free (sql_text (conn, "UPDATE projects SET notes = 'never' WHERE id = 4"));
  g_free (sql_text (conn, "ROLLBACK"));
  g_assert_false (ra_store_poll_external_changes (store));
  g_assert_cmpuint (h.heard->len, ==, 0);

  /* One's own edit: ::changed once, from the edit, not again from the
   * notification. */
  set_notes (store, 6, "own edit", &error);
  g_assert_no_error (error);
  g_free (text);
  text = heard_text (&h);
  g_assert_cmpstr (text, ==, "projects:6");
  g_assert_false (ra_store_poll_external_changes (store));
  g_assert_cmpuint (h.heard->len, ==, 0);

  g_signal_handlers_disconnect_by_data (store, &h);
  g_ptr_array_unref (h.heard);
  PQfinish (conn);
}

static void
test_password_typed (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_strdup_printf ("postgresql:///ra_test?host=%s&port=%s&user=ra_password",
                                          g_getenv ("PGHOST"), g_getenv ("PGPORT"));
  g_autoptr(RaStore) store = NULL;

  g_unsetenv ("PGPASSWORD");
  store = ra_store_open (uri, RA_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NEEDS_PASSWORD);
  g_clear_error (&error);

  store = ra_store_open_with_password (uri, "wrong-secret", RA_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NEEDS_PASSWORD);
  g_assert_null (strstr (error->message, "wrong-secret"));
  g_assert_nonnull (strstr (error->message, "password authentication failed"));
  g_clear_error (&error);

  /* Past the password: ra_test holds no project. */
  store = ra_store_open_with_password (uri, "right-secret", RA_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_nonnull (error);
  g_assert_true (error->code != RA_STORE_ERROR_NEEDS_PASSWORD);
  g_assert_null (strstr (error->message, "right-secret"));
}

static void
test_passwords_kept_out (void)
{
  static const struct { const char *name, *shown; } cases[] = {
    { "postgresql://planner:s3cret@db.example.cn:5432/zhangye",
      "postgresql://planner:***@db.example.cn:5432/zhangye" },
    { "postgres://planner:s3cret@db/zy?sslmode=require",
      "postgres://planner:***@db/zy?sslmode=require" },
    { "postgresql:///zy?host=/run/pg&password=s3cret&user=p",
      "postgresql:///zy?host=/run/pg&password=***&user=p" },
    { "service=bureau password='s3 cret' user=p", "service=bureau password=*** user=p" },
    { "service=bureau password=s3cret", "service=bureau password=***" },
    { "postgresql://planner@db/zy", "postgresql://planner@db/zy" },
    { "/home/planner/规划.sqlite", "/home/planner/规划.sqlite" },
  };
  g_autoptr(GError) error = NULL;
  RaStore *store;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = ra_path_display_name (cases[i].name);

      g_assert_cmpstr (shown, ==, cases[i].shown);
    }
  /* The store's errors name the project without its password. */
  store = ra_store_open ("postgresql://planner:s3cret@127.0.0.1:1/zy", RA_STORE_OPEN_DEFAULT,
                         &error);
  g_assert_null (store);
  g_assert_nonnull (error);
  g_assert_null (strstr (error->message, "s3cret"));
  g_assert_nonnull (strstr (error->message, "cannot connect to the database server"));
}

/* ---- who may do what ------------------------------------------------------ */

/* Zhangye: 甘州区 620702 has projects 5, 10, 11, 12 (10 with pipelines 14
 * and 15) and plant 1; 民乐县 620722 has projects 3, 9, 15, 16 (3 with
 * pipeline 18) and plant 3. */
#define OWN_PROJECT 10
#define OTHER_PROJECT 3

static void
ensure_login_role (PGconn *conn, const char *name)
{
  g_autofree char *sql = g_strdup_printf ("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles"
                                          " WHERE rolname = '%s') THEN CREATE ROLE %s LOGIN;"
                                          " END IF; END $$", name, name);

  g_free (sql_text (conn, sql));
}

/* The URI of database db for the login role user (trusted locally). */
static char *
uri_as (const char *db, const char *user)
{
  return g_strdup_printf ("postgresql:///%s?host=%s&port=%s&user=%s", db,
                          g_getenv ("PGHOST"), g_getenv ("PGPORT"), user);
}

/* A server project holding the sample, with its roles set up by the
 * owner and ed_ganzhou (county editor of 甘州区), viewer1 and planner1
 * granted; its database name. */
static char *
new_secured_zhangye (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = new_zhangye ();
  char *db = database_of (uri);
  g_autoptr(RaStore) owner = ra_store_open (uri, RA_STORE_OPEN_DEFAULT, &error);
  const char * const ganzhou[] = { "620702", NULL };
  PGconn *conn = connect_db (db);

  g_assert_no_error (error);
  g_assert_true (ra_store_setup_roles (owner, &error));
  g_assert_no_error (error);
  /* Again: nothing changes, nothing fails. */
  g_assert_true (ra_store_setup_roles (owner, &error));
  g_assert_no_error (error);
  ensure_login_role (conn, "ed_ganzhou");
  ensure_login_role (conn, "viewer1");
  ensure_login_role (conn, "planner1");
  PQfinish (conn);
  g_assert_true (ra_store_grant_role (owner, "ed_ganzhou", RA_STORE_ROLE_COUNTY_EDITOR, ganzhou,
                                      &error));
  g_assert_true (ra_store_grant_role (owner, "viewer1", RA_STORE_ROLE_VIEWER, NULL, &error));
  g_assert_true (ra_store_grant_role (owner, "planner1", RA_STORE_ROLE_CITY_PLANNER, NULL,
                                      &error));
  g_assert_no_error (error);
  return db;
}

/* Row, audit log and undo history as they are now. */
typedef struct {
  char   *project;
  gint64  n_projects;
  gint64  n_plants;
  gint64  n_audit;
  gint64  n_undo;
} Snapshot;

static void
take_snapshot (PGconn *conn, Snapshot *snap)
{
  snap->project = sql_text (conn, "SELECT row_to_json (p)::text FROM projects p"
                                  " WHERE id = " G_STRINGIFY (OTHER_PROJECT));
  snap->n_projects = sql_int (conn, "SELECT count(*) FROM projects");
  snap->n_plants = sql_int (conn, "SELECT count(*) FROM plants");
  snap->n_audit = sql_int (conn, "SELECT count(*) FROM audit");
  snap->n_undo = sql_int (conn, "SELECT count(*) FROM app_undo");
}

static void
assert_unchanged (PGconn *conn, const Snapshot *before)
{
  Snapshot now;

  take_snapshot (conn, &now);
  g_assert_cmpstr (now.project, ==, before->project);
  g_assert_cmpint (now.n_projects, ==, before->n_projects);
  g_assert_cmpint (now.n_plants, ==, before->n_plants);
  g_assert_cmpint (now.n_audit, ==, before->n_audit);
  g_assert_cmpint (now.n_undo, ==, before->n_undo);
  g_free (now.project);
}

/* A refusal in words: who may edit what, and whose row it is. */
static void
assert_refused (GError **error, const char *expected)
{
  g_assert_error (*error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_PERMITTED);
  if (expected != NULL && strstr ((*error)->message, expected) == NULL)
    g_error ("“%s” does not say “%s”", (*error)->message, expected);
  g_clear_error (error);
}

static void
test_county_editor_own_county (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = new_secured_zhangye ();
  g_autofree char *uri = uri_as (db, "ed_ganzhou");
  g_autoptr(RaStore) store = ra_store_open (uri, RA_STORE_OPEN_DEFAULT, &error);
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) audit = NULL;
  g_autofree char *notes = NULL;
  PGconn *conn = connect_db (db);
  RaAuditRecord *last;
  gint64 id;

  g_assert_no_error (error);
  g_assert_false (ra_store_is_read_only (store));
  g_assert_true (ra_store_can_edit_county (store, "620702"));
  g_assert_false (ra_store_can_edit_county (store, "620722"));
  g_assert_false (ra_store_can_edit_county (store, NULL));

  set_notes (store, OWN_PROJECT, "甘州区 edits its own", &error);
  g_assert_no_error (error);
  notes = sql_text (conn, "SELECT notes FROM projects WHERE id = " G_STRINGIFY (OWN_PROJECT));
  g_assert_cmpstr (notes, ==, "甘州区 edits its own");
  /* The audit's user is the editor's role, stamped by the server. */
  audit = ra_store_list_audit (store, "projects", OWN_PROJECT, &error);
  g_assert_no_error (error);
  last = g_ptr_array_index (audit, audit->len - 1);
  g_assert_cmpstr (last->user, ==, "ed_ganzhou");

  /* A pipeline of its project, a new plant of its county, and undo. */
  g_hash_table_insert (fields, "material", "PE");
  g_assert_true (ra_store_update_feature (store, "pipelines", 14, fields, &error));
  g_assert_no_error (error);
  g_hash_table_remove_all (fields);
  g_hash_table_insert (fields, "name", "甘州区新建再生水厂");
  g_hash_table_insert (fields, "adcode", "620702");
  id = ra_store_insert_feature (store, "plants", fields, "POINT (100.45 38.93)", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_true (ra_store_undo (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ra_store_count_rows (store, "plants", NULL), ==,
                   sql_int (conn, "SELECT count(*) FROM plants"));

  /* Its own project deleted, its pipelines unlinked, all undone. */
  g_assert_true (ra_store_delete_project (store, OWN_PROJECT, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (conn, "SELECT count(*) FROM projects WHERE id = "
                                  G_STRINGIFY (OWN_PROJECT)), ==, 0);
  g_assert_true (ra_store_undo (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (conn, "SELECT count(*) FROM pipelines WHERE project_id = "
                                  G_STRINGIFY (OWN_PROJECT)), ==, 2);
  PQfinish (conn);
}

static void
test_county_editor_other_county (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = new_secured_zhangye ();
  g_autofree char *uri = uri_as (db, "ed_ganzhou");
  g_autoptr(RaStore) store = ra_store_open (uri, RA_STORE_OPEN_DEFAULT, &error);
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  PGconn *conn = connect_db (db);
  Snapshot before;
  GValue v = G_VALUE_INIT;

  g_assert_no_error (error);
  take_snapshot (conn, &before);

  /* An edit of another county's project: the server hides the row from
   * the UPDATE (no error there); the store says so and keeps nothing. */
  set_notes (store, OTHER_PROJECT, "not mine", &error);
  assert_refused (&error, "“ed_ganzhou” may edit only rows of 甘州区 (620702)");
  set_notes (store, OTHER_PROJECT, "not mine", &error);
  assert_refused (&error, "row 3 of projects belongs to 民乐县 (620722)");
  assert_unchanged (conn, &before);
  g_assert_false (ra_store_can_undo (store));

  /* A new project of another county: the server refuses the row. */
  g_assert_cmpint (ra_store_insert_project (store, "X-1", "民乐县的新项目", "620722", &error), ==, 0);
  assert_refused (&error, "new row of projects");
  /* Deleting it, or taking one's own project into another county. */
  g_assert_false (ra_store_delete_project (store, OTHER_PROJECT, &error));
  assert_refused (&error, "民乐县 (620722)");
  g_value_init (&v, G_TYPE_STRING);
  g_value_set_string (&v, "620722");
  g_assert_false (ra_store_update_project (store, OWN_PROJECT, "adcode", &v, &error));
  g_value_unset (&v);
  assert_refused (&error, "out of those counties");
  /* Child rows go with their parent's county: a pipeline of 民乐县's
   * project; a plant of 民乐县 added or deleted. */
  g_hash_table_insert (fields, "material", "PE");
  g_assert_false (ra_store_update_feature (store, "pipelines", 18, fields, &error));
  assert_refused (&error, "row 18 of pipelines belongs to 民乐县 (620722)");
  g_hash_table_remove_all (fields);
  g_hash_table_insert (fields, "name", "民乐县新建再生水厂");
  g_hash_table_insert (fields, "adcode", "620722");
  g_assert_cmpint (ra_store_insert_feature (store, "plants", fields, "POINT (100.8 38.4)",
                                            &error), ==, 0);
  assert_refused (&error, "甘州区 (620702)");
  g_assert_false (ra_store_delete_row (store, "plants", 3, &error));
  /* (its allocations, which go first, are 民乐县's too) */
  assert_refused (&error, "belongs to 民乐县 (620722)");
  /* The project-wide tables are the city planners'. */
  g_assert_false (ra_store_set_project_name (store, "改名", &error));
  assert_refused (&error, "only city planners");
  assert_unchanged (conn, &before);

  /* The connection goes on: its own county's rows still save. */
  set_notes (store, OWN_PROJECT, "still works", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (conn, "SELECT count(*) FROM audit"), ==, before.n_audit + 1);
  g_free (before.project);
  PQfinish (conn);
}

static void
test_viewer_reads_only (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = new_secured_zhangye ();
  g_autofree char *uri = uri_as (db, "viewer1");
  g_autoptr(RaStore) store = ra_store_open (uri, RA_STORE_OPEN_DEFAULT, &error);
  g_autoptr(GPtrArray) projects = NULL;

  g_assert_no_error (error);
  projects = ra_store_list_projects (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (projects->len, ==, 18);
  g_assert_true (ra_store_is_read_only (store));
  g_assert_nonnull (strstr (ra_store_get_read_only_reason (store), "“viewer1” may only read"));
  g_assert_false (ra_store_can_edit_county (store, "620702"));
  set_notes (store, OWN_PROJECT, "no", &error);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_READ_ONLY);
}

static void
test_planner_edits_all (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = new_secured_zhangye ();
  g_autofree char *uri = uri_as (db, "planner1");
  g_autoptr(RaStore) store = ra_store_open (uri, RA_STORE_OPEN_DEFAULT, &error);
  g_autofree char *name = NULL;
  PGconn *conn = connect_db (db);

  g_assert_no_error (error);
  g_assert_true (ra_store_can_edit_county (store, "620702"));
  g_assert_true (ra_store_can_edit_county (store, "620722"));
  g_assert_true (ra_store_can_edit_county (store, NULL));
  set_notes (store, OWN_PROJECT, "city", &error);
  set_notes (store, OTHER_PROJECT, "city", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (conn, "SELECT count(*) FROM projects WHERE notes = 'city'"), ==, 2);
  g_assert_true (ra_store_set_project_name (store, "张掖市规划（市局）", &error));
  g_assert_no_error (error);
  name = ra_store_dup_project_name (store);
  g_assert_cmpstr (name, ==, "张掖市规划（市局）");
  g_assert_cmpint (ra_store_insert_project (store, "X-2", "民乐县的新项目", "620722", &error), >, 0);
  g_assert_no_error (error);
  /* Undo is one's own: the planner's, not the editor's. */
  g_assert_true (ra_store_undo (store, &error));
  g_assert_no_error (error);

  /* Regranted as a county editor: the planner's rights are gone. */
  {
    g_autofree char *owner_uri = uri_as (db, g_getenv ("PGUSER"));
    g_autoptr(RaStore) owner = ra_store_open (owner_uri, RA_STORE_OPEN_DEFAULT, &error);
    const char * const minle[] = { "620722", NULL };

    g_assert_no_error (error);
    g_assert_true (ra_store_grant_role (owner, "planner1", RA_STORE_ROLE_COUNTY_EDITOR, minle,
                                        &error));
    g_assert_no_error (error);
    g_assert_false (ra_store_can_edit_county (store, "620702"));
    g_assert_true (ra_store_can_edit_county (store, "620722"));
    set_notes (store, OWN_PROJECT, "no longer", &error);
    assert_refused (&error, "民乐县 (620722)");
    g_assert_false (ra_store_grant_role (owner, "nobody_like_this", RA_STORE_ROLE_VIEWER, NULL,
                                         &error));
    g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "CREATE ROLE"));
    g_clear_error (&error);
    g_assert_false (ra_store_grant_role (owner, "planner1", RA_STORE_ROLE_COUNTY_EDITOR,
                                         (const char * const[]) { "999999", NULL }, &error));
    g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE);
  }
  PQfinish (conn);
}

static void
test_file_has_no_roles (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = NULL;

  /* st_copy_sample gives a file here (no RA_STORE_BACKEND=pg). */
  store = ra_store_open (path, RA_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (ra_store_can_edit_county (store, "620722"));
  g_assert_true (ra_store_can_edit_county (store, NULL));
  g_assert_false (ra_store_setup_roles (store, &error));
  g_assert_nonnull (strstr (error->message, "roles live on a PostgreSQL server"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();

  g_test_add_func ("/pg/store/passwords-kept-out", test_passwords_kept_out);
  /* The rest needs the test cluster (run through tests/pg/pg-cluster.sh). */
  if (g_getenv ("RA_PG_URI") == NULL)
    return g_test_run ();
  g_test_add_func ("/pg/store/open-refusals", test_open_refusals);
  g_test_add_func ("/pg/store/read-as-file", test_read_as_file);
  g_test_add_func ("/pg/store/edit-one-transaction", test_edit_one_transaction);
  g_test_add_func ("/pg/store/refused-edit-leaves-nothing", test_refused_edit_leaves_nothing);
  g_test_add_func ("/pg/store/feature-insert-undo", test_feature_insert_undo);
  g_test_add_func ("/pg/store/read-only", test_read_only);
  g_test_add_func ("/pg/store/save-a-copy", test_save_a_copy);
  g_test_add_func ("/pg/store/connection-lost", test_connection_lost);
  g_test_add_func ("/pg/store/reconnect", test_reconnect);
  g_test_add_func ("/pg/store/password-typed", test_password_typed);
  g_test_add_func ("/pg/store/notify-names-rows", test_notify_names_rows);
  g_test_add_func ("/pg/roles/county-editor-own-county", test_county_editor_own_county);
  g_test_add_func ("/pg/roles/county-editor-other-county", test_county_editor_other_county);
  g_test_add_func ("/pg/roles/viewer-reads-only", test_viewer_reads_only);
  g_test_add_func ("/pg/roles/planner-edits-all", test_planner_edits_all);
  g_test_add_func ("/pg/roles/file-has-no-roles", test_file_has_no_roles);
  return g_test_run ();
}
