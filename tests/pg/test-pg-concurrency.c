/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Many editors on one server project (issue 19), on the throwaway cluster
 * of pg-cluster.sh: row versions moved on by psql's edits too, undo
 * refused over such an edit, 8 clients × 500 edits on overlapping rows
 * (every acknowledged edit present, conflicts reported, no deadlock), and
 * the server killed with SIGKILL 50 times while a client writes (nothing
 * acknowledged lost, no row without its audit and undo rows or the
 * reverse).  Runs with RA_STORE_BACKEND=pg: st_copy_sample hands out a new
 * database holding the Zhangye sample. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>
#include <libpq-fe.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "ra-store.h"
#include "store-test-util.h"

/* ---- the server behind the store's back ------------------------------------ */

static char *
database_of (const char *uri)
{
  const char *start = strstr (uri, ":///") + 4;

  return g_strndup (start, strcspn (start, "?"));
}

static PGconn *
connect_uri (const char *uri)
{
  g_autofree char *name = database_of (uri);
  const char * const keys[] = { "dbname", NULL };
  const char * const values[] = { name, NULL };
  PGconn *conn = PQconnectdbParams (keys, values, 0);

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  return conn;
}

static PGresult *
sql (PGconn *conn, const char *text)
{
  PGresult *res = PQexec (conn, text);

  if (PQresultStatus (res) != PGRES_TUPLES_OK && PQresultStatus (res) != PGRES_COMMAND_OK)
    g_error ("%s: %s", text, PQresultErrorMessage (res));
  return res;
}

static gint64
sql_int (PGconn *conn, const char *text)
{
  PGresult *res = sql (conn, text);
  gint64 v = PQntuples (res) > 0 ? g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10) : -1;

  PQclear (res);
  return v;
}

/* The value of "notes" in a snapshot, NULL when none (test values hold
 * no quote or backslash). */
static char *
notes_of (const char *json)
{
  const char *p = json != NULL ? strstr (json, "\"notes\":\"") : NULL;

  if (p == NULL)
    return NULL;
  p += strlen ("\"notes\":\"");
  return g_strndup (p, strcspn (p, "\""));
}

/* The ids of the first n projects, by id. */
static GArray *
project_ids (RaStore *store, guint n)
{
  g_autoptr(GPtrArray) projects = ra_store_list_projects (store, NULL);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_assert_nonnull (projects);
  for (guint i = 0; i < projects->len && ids->len < n; i++)
    g_array_append_val (ids, ((RaProjectRecord *) projects->pdata[i])->id);
  g_assert_cmpuint (ids->len, ==, n);
  return ids;
}

static gboolean
save_notes (RaStore *store, gint64 id, gint64 version, const char *text, gint64 *new_version,
            RaStoreConflict **conflict, GError **error)
{
  const char *field = "notes";
  GValue v = G_VALUE_INIT;
  gboolean ok;

  g_value_init (&v, G_TYPE_STRING);
  g_value_set_string (&v, text);
  ok = version > 0
       ? ra_store_update_project_fields_at (store, id, version, 1, &field, &v, NULL, NULL,
                                            new_version, conflict, error)
       : ra_store_update_project_fields (store, id, 1, &field, &v, NULL, error);
  g_value_unset (&v);
  return ok;
}

/* ---- psql's edits ---------------------------------------------------------- */

/* An UPDATE by another program moves the version on (the trigger); undo
 * over it is refused and writes nothing; a push keeps the versions. */
static void
test_psql_edit (void)
{
  g_autofree char *uri = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (uri);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = project_ids (store, 1);
  gint64 id = g_array_index (ids, gint64, 0);
  g_autoptr(RaProjectRecord) rec = ra_store_get_project (store, id, NULL);
  g_autoptr(RaProjectRecord) now = NULL;
  g_autofree char *update = NULL;
  PGconn *conn = connect_uri (uri);
  gint64 audit_before;

  g_assert_true (save_notes (store, id, rec->row_version, "mine", NULL, NULL, &error));
  g_assert_no_error (error);
  update = g_strdup_printf ("UPDATE projects SET notes = 'from psql' WHERE id = %" G_GINT64_FORMAT,
                            id);
  PQclear (sql (conn, update));
  g_assert_cmpint (ra_store_get_row_version (store, "projects", id, NULL), ==,
                   rec->row_version + 2);
  /* An UPDATE that sets the version back is moved on all the same. */
  PQclear (sql (conn, "UPDATE plants SET row_version = 1"));
  g_assert_cmpint (sql_int (conn, "SELECT min (row_version) FROM plants"), >=, 2);

  audit_before = sql_int (conn, "SELECT count(*) FROM audit");
  g_assert_false (ra_store_undo (store, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_CONFLICT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "someone else"));
  g_clear_error (&error);
  now = ra_store_get_project (store, id, NULL);
  g_assert_cmpstr (now->notes, ==, "from psql");
  g_assert_cmpint (sql_int (conn, "SELECT count(*) FROM audit"), ==, audit_before);
  g_assert_true (ra_store_can_undo (store));
  PQfinish (conn);
}

/* ---- 8 clients × 500 edits ------------------------------------------------- */

#define N_CLIENTS 8
#define N_EDITS 500
#define N_ROWS 12

typedef struct {
  gint64 row;
  gint64 version;   /* the version the save left */
  char  *value;
} Ack;

typedef struct {
  const char *uri;
  const GArray *ids;
  guint       client;
  GArray     *acks;        /* Ack */
  guint       conflicts;
  guint       kept_mine;
  char       *failure;
} Client;

static gpointer
client_run (gpointer data)
{
  Client *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = ra_store_open (c->uri, RA_STORE_OPEN_DEFAULT, &error);
  GRand *rand = g_rand_new_with_seed (c->client * 7919 + 1);

  if (store == NULL)
    {
      c->failure = g_strdup (error->message);
      g_rand_free (rand);
      return NULL;
    }
  for (guint i = 0; i < N_EDITS && c->failure == NULL; i++)
    {
      /* Rows overlap: every client edits every row, some more than others. */
      gint64 id = g_array_index (c->ids, gint64, g_rand_int_range (rand, 0, N_ROWS));
      g_autoptr(RaProjectRecord) rec = ra_store_get_project (store, id, &error);
      g_autoptr(RaStoreConflict) conflict = NULL;
      g_autofree char *value = g_strdup_printf ("c%u-e%u", c->client, i);
      gint64 version = 0;
      gboolean ok;

      if (rec == NULL)
        {
          c->failure = g_strdup (error->message);
          break;
        }
      ok = save_notes (store, id, rec->row_version, value, &version, &conflict, &error);
      while (!ok && g_error_matches (error, RA_STORE_ERROR, RA_STORE_ERROR_CONFLICT))
        {
          RaStoreConflict *again = NULL;

          /* Both values reported: theirs is what the row holds now. */
          if (conflict == NULL || conflict->their_version <= rec->row_version ||
              g_strcmp0 (ra_store_conflict_find_field (conflict, "notes")->mine, value) != 0)
            {
              c->failure = g_strdup ("a conflict without its values");
              break;
            }
          c->conflicts++;
          g_clear_error (&error);
          ok = ra_store_conflict_keep_mine (store, conflict, &version, &again, &error);
          g_clear_pointer (&conflict, ra_store_conflict_free);
          conflict = again;
          if (ok)
            c->kept_mine++;
        }
      if (!ok && c->failure == NULL)
        c->failure = g_strdup (error->message);
      if (ok)
        {
          Ack ack = { id, version, g_steal_pointer (&value) };

          g_array_append_val (c->acks, ack);
        }
    }
  g_rand_free (rand);
  return NULL;
}

static void
test_many_clients (void)
{
  g_autofree char *uri = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (uri);
  g_autoptr(GArray) ids = project_ids (store, N_ROWS);
  g_autoptr(GHashTable) acked = g_hash_table_new (g_str_hash, g_str_equal);   /* value -> Ack */
  g_autoptr(GHashTable) last = g_hash_table_new (g_int64_hash, g_int64_equal); /* row -> Ack */
  g_autoptr(GHashTable) versions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Client clients[N_CLIENTS];
  GThread *threads[N_CLIENTS];
  PGconn *conn = connect_uri (uri);
  PGresult *res;
  guint n_acks = 0, n_conflicts = 0, n_audited = 0;
  gint64 t0 = g_get_monotonic_time ();

  /* No statement may wait for ever: a deadlock fails the test instead of
   * hanging it. */
  {
    g_autofree char *db = database_of (uri);
    g_autofree char *alter = g_strdup_printf ("ALTER DATABASE %s SET lock_timeout = '20s'", db);

    PQclear (sql (conn, alter));
  }
  for (guint c = 0; c < N_CLIENTS; c++)
    {
      clients[c] = (Client) { uri, ids, c, g_array_new (FALSE, FALSE, sizeof (Ack)), 0, 0, NULL };
      threads[c] = g_thread_new ("client", client_run, &clients[c]);
    }
  for (guint c = 0; c < N_CLIENTS; c++)
    g_thread_join (threads[c]);
  g_test_message ("%u clients × %u edits in %.1f s", N_CLIENTS, N_EDITS,
                  (g_get_monotonic_time () - t0) / 1e6);

  for (guint c = 0; c < N_CLIENTS; c++)
    {
      if (clients[c].failure != NULL)
        g_error ("client %u: %s", c, clients[c].failure);
      g_assert_cmpuint (clients[c].acks->len, ==, N_EDITS);
      n_conflicts += clients[c].conflicts;
      for (guint i = 0; i < clients[c].acks->len; i++)
        {
          Ack *a = &g_array_index (clients[c].acks, Ack, i);
          Ack *l = g_hash_table_lookup (last, &a->row);
          char *key = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, a->row,
                                       a->version);

          /* No two acknowledged saves left a row at the same version: no
           * save went over another unseen. */
          if (!g_hash_table_add (versions, key))
            g_error ("row %" G_GINT64_FORMAT " version %" G_GINT64_FORMAT " acknowledged twice",
                     a->row, a->version);
          g_hash_table_insert (acked, a->value, a);
          if (l == NULL || a->version > l->version)
            g_hash_table_insert (last, &a->row, a);
          n_acks++;
        }
    }
  g_test_message ("%u acknowledged edits, %u conflicts reported", n_acks, n_conflicts);
  g_assert_cmpuint (n_acks, ==, N_CLIENTS * N_EDITS);
  g_assert_cmpuint (n_conflicts, >, 0);

  /* Audit rows = acknowledged edits, one each. */
  res = sql (conn, "SELECT after_json FROM audit WHERE table_name = 'projects'"
                   " AND action = 'update' AND after_json LIKE '%\"notes\":\"c%-e%'");
  for (int r = 0; r < PQntuples (res); r++)
    {
      g_autofree char *value = notes_of (PQgetvalue (res, r, 0));

      g_assert_nonnull (g_hash_table_lookup (acked, value));
      n_audited++;
    }
  PQclear (res);
  g_assert_cmpuint (n_audited, ==, n_acks);

  /* Every row holds the value of its last acknowledged save, at its version. */
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      Ack *l = g_hash_table_lookup (last, &id);
      g_autoptr(RaProjectRecord) rec = ra_store_get_project (store, id, NULL);

      if (l == NULL)
        continue;
      g_assert_cmpstr (rec->notes, ==, l->value);
      g_assert_cmpint (rec->row_version, ==, l->version);
    }
  PQfinish (conn);
  for (guint c = 0; c < N_CLIENTS; c++)
    {
      for (guint i = 0; i < clients[c].acks->len; i++)
        g_free (g_array_index (clients[c].acks, Ack, i).value);
      g_array_unref (clients[c].acks);
    }
}

/* ---- the server killed ------------------------------------------------------ */

#define N_KILLS 50

typedef struct {
  const char  *uri;
  const GArray *ids;
  gint         stop;          /* atomic */
  gint         acked_since;   /* atomic: acknowledged edits since the last kill */
  GMutex       lock;
  GHashTable  *attempted;     /* value -> row (gint64 *) */
  GPtrArray   *acks;          /* Ack * */
  guint        failures;
} Writer;

static gpointer
writer_run (gpointer data)
{
  Writer *w = data;
  g_autoptr(RaStore) store = NULL;
  guint seq = 0;

  while (!g_atomic_int_get (&w->stop))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *value = NULL;
      gint64 *row;
      gboolean ok;

      if (store == NULL)
        {
          store = ra_store_open (w->uri, RA_STORE_OPEN_DEFAULT, NULL);
          if (store == NULL)
            {
              g_usleep (10000);   /* the server is down: try again */
              continue;
            }
        }
      row = g_new (gint64, 1);
      *row = g_array_index (w->ids, gint64, seq % w->ids->len);
      value = g_strdup_printf ("k-%u", seq++);
      g_mutex_lock (&w->lock);
      g_hash_table_insert (w->attempted, g_strdup (value), row);
      g_mutex_unlock (&w->lock);
      ok = save_notes (store, *row, 0, value, NULL, NULL, &error);
      if (ok)
        {
          Ack *ack = g_new0 (Ack, 1);

          ack->row = *row;
          ack->value = g_steal_pointer (&value);
          g_mutex_lock (&w->lock);
          g_ptr_array_add (w->acks, ack);
          g_mutex_unlock (&w->lock);
          g_atomic_int_inc (&w->acked_since);
        }
      else
        {
          /* The connection is gone (or the server is recovering): open
           * the project again. */
          w->failures++;
          g_clear_object (&store);
        }
    }
  return NULL;
}

static int
postmaster_pid (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("RA_PG_DATA"), "postmaster.pid", NULL);
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  return atoi (text);
}

/* SIGKILL for the server and every process of it, as a crash would stop
 * them; returns once they are all gone. */
static void
kill_server (void)
{
  int pid = postmaster_pid ();
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  g_assert_cmpint (pid, >, 0);
  g_array_append_val (pids, pid);
  /* The children first, while they are still the postmaster's. */
  while ((name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *stat_path = g_build_filename ("/proc", name, "stat", NULL);
      g_autofree char *stat = NULL;
      const char *after;
      int child = atoi (name), ppid = 0;

      if (child <= 0 || !g_file_get_contents (stat_path, &stat, NULL, NULL))
        continue;
      after = strrchr (stat, ')');
      if (after != NULL && sscanf (after + 2, "%*c %d", &ppid) == 1 && ppid == pid)
        g_array_append_val (pids, child);
    }
  for (guint i = 0; i < pids->len; i++)
    kill (g_array_index (pids, int, i), SIGKILL);
  for (guint i = 0; i < pids->len; i++)
    {
      int p = g_array_index (pids, int, i);
      g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", p);

      /* Gone, or a zombie waiting for its (new) parent. */
      for (int tries = 0; tries < 500; tries++)
        {
          g_autofree char *stat = NULL;
          const char *after;

          if (!g_file_get_contents (stat_path, &stat, NULL, NULL))
            break;
          after = strrchr (stat, ')');
          if (after != NULL && after[2] == 'Z')
            break;
          g_usleep (2000);
        }
    }
  /* A dead postmaster may stay a zombie for a while here (its parent is
   * whatever adopted it and reaps late): its lock files then name a pid
   * that still "exists".  It is dead; a crashed machine would not have
   * kept the file's pid alive either. */
  {
    g_autofree char *lock = g_build_filename (g_getenv ("RA_PG_DATA"), "postmaster.pid", NULL);

    g_autofree char *socket_lock = g_strdup_printf ("%s/.s.PGSQL.%s.lock", g_getenv ("PGHOST"),
                                                    g_getenv ("PGPORT"));

    g_unlink (lock);
    g_unlink (socket_lock);
  }
}

static void
start_server (void)
{
  const char *argv[] = { g_getenv ("RA_PG_START"), NULL };
  g_autoptr(GError) error = NULL;
  int status = -1;

  for (int tries = 0; tries < 20; tries++)
    {
      g_autofree char *err = NULL;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                                   NULL, NULL, &err, &status, &error));
      if (g_spawn_check_wait_status (status, NULL))
        return;
      {
        g_autofree char *log_path = g_build_filename (g_getenv ("RA_PG_DATA"), "..", "log",
                                                      "server.log", NULL);
        g_autofree char *log = NULL;
        gsize len = 0;

        g_file_get_contents (log_path, &log, &len, NULL);
        g_test_message ("starting the server again failed, retrying: %s\n%s", err,
                        log != NULL && len > 1500 ? log + len - 1500 : log);
      }
      g_usleep (200000);
    }
  g_error ("the server does not start again");
}

static void
test_server_killed (void)
{
  g_autofree char *uri = NULL;
  g_autoptr(RaStore) store = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GHashTable) audited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) undone = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Writer w = { 0 };
  GThread *thread;
  GRand *rand = g_rand_new_with_seed (42);
  PGconn *conn;
  PGresult *res;
  gint64 t0;

  if (g_getenv ("RA_PG_DATA") == NULL || g_getenv ("RA_PG_START") == NULL)
    {
      g_test_skip ("needs pg-cluster.sh's RA_PG_DATA and RA_PG_START");
      return;
    }
  uri = st_copy_sample ("zhangye");
  store = st_open (uri);
  ids = project_ids (store, 8);
  g_clear_object (&store);
  /* An acknowledged commit is on disk (in the OS's cache, which a killed
   * server does not lose): the cluster's synchronous_commit=off would
   * lose the last ones by design. */
  conn = connect_uri (uri);
  {
    /* A database's setting outranks the server's command line. */
    g_autofree char *db = database_of (uri);
    g_autofree char *alter = g_strdup_printf ("ALTER DATABASE %s SET synchronous_commit = on", db);

    PQclear (sql (conn, alter));
  }
  PQfinish (conn);

  w.uri = uri;
  w.ids = ids;
  g_mutex_init (&w.lock);
  w.attempted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  w.acks = g_ptr_array_new ();
  t0 = g_get_monotonic_time ();
  thread = g_thread_new ("writer", writer_run, &w);
  for (guint round = 0; round < N_KILLS; round++)
    {
      /* Kill while the writer is at work: after some acknowledged edits,
       * at a random moment (mostly inside a transaction: each edit is
       * several statements). */
      while (g_atomic_int_get (&w.acked_since) < 2)
        g_usleep (1000);
      g_usleep (g_rand_int_range (rand, 0, 15000));
      kill_server ();
      g_atomic_int_set (&w.acked_since, 0);
      start_server ();
    }
  while (g_atomic_int_get (&w.acked_since) < 2)
    g_usleep (1000);
  g_atomic_int_set (&w.stop, 1);
  g_thread_join (thread);
  g_test_message ("%d kills in %.1f s: %u edits acknowledged, %u failed with the server",
                  N_KILLS, (g_get_monotonic_time () - t0) / 1e6, w.acks->len, w.failures);
  g_assert_cmpuint (w.failures, >=, N_KILLS / 2);

  /* After the last restart: every acknowledged edit is there; a row, its
   * audit row and its undo record are there together or not at all. */
  conn = connect_uri (uri);
  res = sql (conn, "SELECT after_json FROM audit WHERE table_name = 'projects'"
                   " AND after_json LIKE '%\"notes\":\"k-%'");
  for (int r = 0; r < PQntuples (res); r++)
    {
      char *value = notes_of (PQgetvalue (res, r, 0));

      g_assert_nonnull (g_hash_table_lookup (w.attempted, value));
      g_assert_true (g_hash_table_add (audited, value));
    }
  PQclear (res);
  res = sql (conn, "SELECT after_json FROM app_undo WHERE table_name = 'projects'"
                   " AND after_json LIKE '%\"notes\":\"k-%'");
  for (int r = 0; r < PQntuples (res); r++)
    {
      char *value = notes_of (PQgetvalue (res, r, 0));

      g_assert_true (g_hash_table_contains (audited, value));
      g_assert_true (g_hash_table_add (undone, value));
    }
  PQclear (res);
  g_assert_cmpuint (g_hash_table_size (undone), ==, g_hash_table_size (audited));
  for (guint i = 0; i < w.acks->len; i++)
    {
      Ack *a = g_ptr_array_index (w.acks, i);

      if (!g_hash_table_contains (audited, a->value))
        g_error ("acknowledged edit %s is lost", a->value);
    }
  g_assert_cmpuint (g_hash_table_size (audited), >=, w.acks->len);
  /* Each row holds an audited value: its last acknowledged one, or a
   * later one whose COMMIT the server made before it died unseen. */
  res = sql (conn, "SELECT id, notes FROM projects WHERE notes LIKE 'k-%'");
  g_assert_cmpint (PQntuples (res), ==, (int) ids->len);
  for (int r = 0; r < PQntuples (res); r++)
    {
      const char *notes = PQgetvalue (res, r, 1);
      gint64 id = g_ascii_strtoll (PQgetvalue (res, r, 0), NULL, 10);
      guint last_seq = 0, seq = (guint) g_ascii_strtoull (notes + 2, NULL, 10);

      g_assert_true (g_hash_table_contains (audited, notes));
      for (guint i = 0; i < w.acks->len; i++)
        {
          Ack *a = g_ptr_array_index (w.acks, i);

          if (a->row == id)
            last_seq = (guint) g_ascii_strtoull (a->value + 2, NULL, 10);
        }
      g_assert_cmpuint (seq, >=, last_seq);
    }
  PQclear (res);
  PQfinish (conn);

  for (guint i = 0; i < w.acks->len; i++)
    {
      Ack *a = g_ptr_array_index (w.acks, i);

      g_free (a->value);
      g_free (a);
    }
  g_ptr_array_unref (w.acks);
  g_hash_table_unref (w.attempted);
  g_mutex_clear (&w.lock);
  g_rand_free (rand);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pg/concurrency/psql-edit", test_psql_edit);
  g_test_add_func ("/pg/concurrency/8-clients-500-edits", test_many_clients);
  g_test_add_func ("/pg/concurrency/server-killed-50-times", test_server_killed);
  return g_test_run ();
}
