/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fault injection on the project file.
 *
 * SIGKILL: a helper (hardening-killer) repeats imports, sketch saves or
 * exports and acknowledges each on stdout; it is killed at a random moment
 * (20..250 ms after start: while opening, mid-transaction, mid-export).
 * After each kill the project must pass PRAGMA integrity_check and hold
 * every acknowledged edit.  RA_KILL_TRIALS sets the trials per kind (the
 * unit test runs a few; tests/hardening/kill-trials.sh runs 1000 in all).
 *
 * Disk full: a child limited by RLIMIT_FSIZE (as a full disk or quota does)
 * tries one large edit: it must fail with a clear message, the store must
 * keep answering, and the file must stay valid without the edit. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <sqlite3.h>

#include "ra-core.h"
#include "ra-store.h"

static char *tmpdir;
static char *sample;

static char *
fresh_project (const char *name)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmpdir, name, NULL);
  g_autofree char *contents = NULL;
  gsize len;

  if (sample == NULL)
    {
      sample = g_build_filename (tmpdir, "sample.sqlite", NULL);
      g_assert_true (ra_store_build_sample (sample, "zhangye", &error));
      g_assert_no_error (error);
    }
  g_assert_true (g_file_get_contents (sample, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (path, contents, len, NULL));
  return path;
}

/* Names "kill-N" found by sql (first column), as a set of N+1. */
static GHashTable *
kill_marks (const char *path, const char *sql)
{
  GHashTable *set = g_hash_table_new (g_direct_hash, g_direct_equal);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);
      const char *mark = text ? strstr (text, "kill-") : NULL;

      if (mark != NULL)
        g_hash_table_add (set, GUINT_TO_POINTER ((guint) g_ascii_strtoull (mark + 5, NULL, 10) + 1));
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return set;
}

static gint64
count_sql (const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static void
run_kill_trials (const char *mode)
{
  g_autofree char *name = g_strdup_printf ("kill-%s.sqlite", mode);
  g_autofree char *path = fresh_project (name);
  g_autofree char *work = g_build_filename (tmpdir, mode, NULL);
  const char *trials_env = g_getenv ("RA_KILL_TRIALS");
  guint trials = trials_env ? (guint) g_ascii_strtoull (trials_env, NULL, 10) : 8;
  g_autoptr(GHashTable) acked = g_hash_table_new (g_direct_hash, g_direct_equal);
  GRand *rand = g_rand_new ();
  guint next_seq = 0, total_acked = 0, acked_odd = 0, killed_mid = 0;
  gint64 started = g_get_monotonic_time ();

  g_assert_cmpint (g_mkdir_with_parents (work, 0700), ==, 0);
  for (guint trial = 0; trial < trials; trial++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *start = g_strdup_printf ("%u", next_seq);
      const char *argv[] = { RA_HARDENING_KILLER, mode, path, work, start, NULL };
      g_autoptr(GString) out = g_string_new (NULL);
      g_autoptr(GArray) trial_acked = g_array_new (FALSE, FALSE, sizeof (guint));
      GPid pid;
      int out_fd, status;
      gint64 deadline;
      char buf[4096];
      ssize_t n;

      g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                               NULL, NULL, &pid, NULL, &out_fd, NULL, &error));
      g_assert_no_error (error);
      /* Even trials: kill 20..250 ms after the start (often while it opens
       * the project).  Odd trials: 20..250 ms after its first acknowledged
       * edit, so the kill lands in the loop even on a loaded machine. */
      {
        gint64 delay = g_rand_int_range (rand, 20, 250) * 1000;
        gint64 now = g_get_monotonic_time ();
        gint64 give_up = now + 20 * G_USEC_PER_SEC;

        deadline = trial % 2 == 0 ? now + delay : G_MAXINT64;
        g_assert_true (g_unix_set_fd_nonblocking (out_fd, TRUE, NULL));
        while ((now = g_get_monotonic_time ()) < deadline && now < give_up)
          {
            while ((n = read (out_fd, buf, sizeof buf)) > 0)
              g_string_append_len (out, buf, n);
            if (deadline == G_MAXINT64 && strchr (out->str, '\n') != NULL)
              deadline = now + delay;
            g_usleep (2000);
          }
      }
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      /* It must have been running (not exited on an error of its own). */
      if (!(WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL))
        g_error ("%s trial %u: the helper stopped by itself (status %d)", mode, trial, status);
      g_assert_true (g_unix_set_fd_nonblocking (out_fd, FALSE, NULL));
      while ((n = read (out_fd, buf, sizeof buf)) > 0)
        g_string_append_len (out, buf, n);
      close (out_fd);
      g_spawn_close_pid (pid);

      {
        g_auto(GStrv) lines = g_strsplit (out->str, "\n", -1);
        guint n_lines = g_strv_length (lines);

        for (guint i = 0; i + 1 < n_lines; i++)
          {
            guint seq = (guint) g_ascii_strtoull (lines[i], NULL, 10);

            g_hash_table_add (acked, GUINT_TO_POINTER (seq + 1));
            g_array_append_val (trial_acked, seq);
            next_seq = MAX (next_seq, seq + 1);
            total_acked++;
            if (seq % 2 == 1)
              acked_odd++;
          }
        if (n_lines > 1)
          killed_mid++;
      }
      next_seq += 1;   /* the killed edit may or may not have committed */

      {
        g_autoptr(RaStore) store = ra_store_open (path, RA_STORE_OPEN_DEFAULT, &error);
        g_autofree char *integrity = NULL;
        g_autoptr(GHashTable) present = NULL;
        GHashTableIter iter;
        gpointer key;

        g_assert_no_error (error);
        integrity = ra_store_check_integrity (store, &error);
        g_assert_no_error (error);
        if (g_strcmp0 (integrity, "ok") != 0)
          g_error ("%s trial %u: integrity_check: %s", mode, trial, integrity);
        g_clear_object (&store);

        if (g_str_equal (mode, "import"))
          present = kill_marks (path, "SELECT name FROM built_up_areas WHERE name LIKE 'kill-%'");
        else if (g_str_equal (mode, "sketch"))
          present = kill_marks (path, "SELECT name FROM pipelines WHERE name LIKE 'kill-%'");
        else
          present = kill_marks (path, "SELECT after_json FROM audit WHERE after_json LIKE '%\"notes\":\"kill-%'");

        g_hash_table_iter_init (&iter, acked);
        while (g_hash_table_iter_next (&iter, &key, NULL))
          {
            guint seq = GPOINTER_TO_UINT (key) - 1;

            if (g_str_equal (mode, "sketch") && seq % 2 == 1)
              continue;
            if (!g_hash_table_contains (present, key))
              g_error ("%s trial %u: acknowledged edit %u is missing", mode, trial, seq);
          }
        if (g_str_equal (mode, "sketch"))
          {
            gint64 geometry_rows = count_sql (path, "SELECT count(*) FROM audit WHERE action = 'geometry'"
                                                    " AND table_name = 'projects'");
            if (geometry_rows < (gint64) acked_odd)
              g_error ("sketch trial %u: %u footprint saves acknowledged, %" G_GINT64_FORMAT " recorded",
                       trial, acked_odd, geometry_rows);
          }
        if (g_str_equal (mode, "export"))
          {
            /* Every acknowledged export is a complete file. */
            for (guint i = 0; i < trial_acked->len; i++)
              {
                guint seq = g_array_index (trial_acked, guint, i);
                g_autofree char *file = g_strdup_printf ("%s/out-%u.geojson", work, seq);
                g_autoptr(RaLayer) layer = ra_source_load_layer (file, NULL, NULL, &error);

                if (layer == NULL)
                  g_error ("export trial %u: acknowledged export %u unreadable: %s", trial, seq,
                           error->message);
                g_assert_cmpuint (ra_layer_get_n_features (layer), >, 0);
              }
          }
      }
      /* Keep the folder small: inputs and outputs of this trial go. */
      {
        g_autoptr(GDir) dir = g_dir_open (work, 0, NULL);
        const char *entry;

        while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
          {
            g_autofree char *file = g_build_filename (work, entry, NULL);
            g_unlink (file);
          }
      }
    }
  g_test_message ("%s: %u trials in %.1f s, %u acknowledged edits (%u trials killed after at least one), "
                  "integrity ok and all present",
                  mode, trials, (g_get_monotonic_time () - started) / 1e6, total_acked, killed_mid);
  printf ("# kill-%s: trials=%u acknowledged=%u integrity_failures=0 missing=0\n", mode, trials, total_acked);
  g_assert_cmpuint (total_acked, >, 0);
  g_rand_free (rand);
}

static void
test_kill_import (void)
{
  run_kill_trials ("import");
}

static void
test_kill_sketch (void)
{
  run_kill_trials ("sketch");
}

static void
test_kill_export (void)
{
  run_kill_trials ("export");
}

/* ---- disk full ---------------------------------------------------------- */

static void
test_disk_full (void)
{
  g_autofree char *path = fresh_project ("disk-full.sqlite");
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  GStatBuf st;
  int pipe_fds[2];
  pid_t pid;
  int status;
  char buf[4096];
  ssize_t n;
  GString *out = g_string_new (NULL);

  /* WAL exists from the start, as in the app. */
  {
    g_autoptr(RaStore) store = ra_store_open (path, RA_STORE_OPEN_DEFAULT, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (pipe (pipe_fds), ==, 0);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      /* Any file may grow to 256 KiB beyond the project's size: the 4 MB
       * edit cannot fit, as on a full disk.  SIGXFSZ would kill the
       * process; ignored, write() fails with EFBIG instead. */
      struct rlimit lim = { st.st_size + 256 * 1024, st.st_size + 256 * 1024 };
      char size[32];
      const char *argv[] = { RA_HARDENING_KILLER, "bigedit", path, size, NULL };

      signal (SIGXFSZ, SIG_IGN);
      setrlimit (RLIMIT_FSIZE, &lim);
      g_snprintf (size, sizeof size, "%d", 4 * 1024 * 1024);
      dup2 (pipe_fds[1], 1);
      close (pipe_fds[0]);
      execv (argv[0], (char **) argv);
      _exit (127);
    }
  close (pipe_fds[1]);
  while ((n = read (pipe_fds[0], buf, sizeof buf)) > 0)
    g_string_append_len (out, buf, n);
  close (pipe_fds[0]);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_test_message ("disk full: %s", out->str);
  printf ("# disk-full: %s", out->str);
  g_assert_true (WIFEXITED (status));
  /* 3: the edit failed and the store still answered afterwards. */
  g_assert_cmpint (WEXITSTATUS (status), ==, 3);
  g_assert_true (g_str_has_prefix (out->str, "error: "));
  /* The message says what happened, in words a planner understands. */
  if (strstr (out->str, "disk") == NULL && strstr (out->str, "space") == NULL &&
      strstr (out->str, "full") == NULL)
    g_error ("disk full: unclear message: %s", out->str);

  {
    g_autoptr(RaStore) store = ra_store_open (path, RA_STORE_OPEN_DEFAULT, &error);
    g_autofree char *integrity = NULL;
    g_autoptr(GPtrArray) projects = NULL;
    GValue v = G_VALUE_INIT;
    RaProjectRecord *p;

    g_assert_no_error (error);
    integrity = ra_store_check_integrity (store, &error);
    g_assert_cmpstr (integrity, ==, "ok");
    projects = ra_store_list_projects (store, &error);
    g_assert_no_error (error);
    p = g_ptr_array_index (projects, 0);
    g_assert_true (p->notes == NULL || strlen (p->notes) < 1024 * 1024);
    /* With space again, the same kind of edit works. */
    g_value_init (&v, G_TYPE_STRING);
    g_value_set_string (&v, "after the disk was full");
    g_assert_true (ra_store_update_project (store, p->id, "notes", &v, &error));
    g_assert_no_error (error);
    g_value_unset (&v);
  }
  g_string_free (out, TRUE);
  (void) before;
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  ra_core_init ();
  tmpdir = g_dir_make_tmp ("ra-kill-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/hardening/kill/import", test_kill_import);
  g_test_add_func ("/hardening/kill/sketch", test_kill_sketch);
  g_test_add_func ("/hardening/kill/export", test_kill_export);
  g_test_add_func ("/hardening/disk-full/edit", test_disk_full);
  status = g_test_run ();

  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
    if (system (cmd) != 0)
      g_printerr ("could not remove %s\n", tmpdir);
  }
  return status;
}
