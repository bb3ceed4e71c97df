/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <unistd.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <sqlite3.h>

#include "store-test-util.h"

static char *tmpdir;
static guint counter;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        g_chmod (child, 0644);
        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

static void
cleanup (void)
{
  if (tmpdir != NULL && g_getenv ("RA_TEST_KEEP") == NULL)
    remove_tree (tmpdir);
}

const char *
st_tmpdir (void)
{
  if (tmpdir == NULL)
    {
      g_autoptr(GError) error = NULL;

      tmpdir = g_dir_make_tmp ("ra-store-XXXXXX", &error);
      g_assert_no_error (error);
      atexit (cleanup);
    }
  return tmpdir;
}

char *
st_tmp_path (const char *suffix)
{
  return g_strdup_printf ("%s/f%u%s", st_tmpdir (), ++counter, suffix);
}

gboolean
st_backend_is_pg (void)
{
  return g_strcmp0 (g_getenv ("RA_STORE_BACKEND"), "pg") == 0;
}

/* A new database of the test cluster (pg-cluster.sh) holding a copy of
 * the project file master; its URI. */
static char *
copy_to_server (const char *master)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("st%u_%d", ++counter, (int) getpid ());
  g_autofree char *psql = g_build_filename (g_getenv ("RA_PG_BINDIR"), "psql", NULL);
  g_autofree char *sql = g_strdup_printf ("CREATE DATABASE %s", name);
  const char *argv[] = { psql, "-qAt", "-d", "ra_test", "-c", sql, NULL };
  g_autoptr(RaStore) file = NULL;
  g_autoptr(RaStore) server = NULL;
  char *uri;

  g_assert_nonnull (g_getenv ("RA_PG_BINDIR"));
  g_free (st_run (argv));
  uri = g_strdup_printf ("postgresql:///%s?host=%s&port=%s&user=%s", name,
                         g_getenv ("PGHOST"), g_getenv ("PGPORT"), g_getenv ("PGUSER"));
  file = ra_store_open (master, RA_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  server = ra_store_open (uri, RA_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (ra_store_copy_project (file, server, NULL, &error));
  g_assert_no_error (error);
  return uri;
}

char *
st_copy_sample (const char *name)
{
  static GHashTable *built;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) src = NULL;
  g_autoptr(GFile) dst = NULL;
  const char *master;
  char *path;

  if (built == NULL)
    built = g_hash_table_new (g_str_hash, g_str_equal);
  master = g_hash_table_lookup (built, name);
  if (master == NULL)
    {
      char *p = g_strdup_printf ("%s/master-%s.sqlite", st_tmpdir (), name);

      g_assert_true (ra_store_build_sample (p, name, &error));
      g_assert_no_error (error);
      g_hash_table_insert (built, g_strdup (name), p);
      master = p;
    }
  if (st_backend_is_pg ())
    return copy_to_server (master);
  path = st_tmp_path (".sqlite");
  src = g_file_new_for_path (master);
  dst = g_file_new_for_path (path);
  g_assert_true (g_file_copy (src, dst, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return path;
}

RaStore *
st_open (const char *path)
{
  g_autoptr(GError) error = NULL;
  RaStore *store = ra_store_open (path, RA_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_false (ra_store_is_read_only (store));
  return store;
}

char *
st_run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
  return out;
}

gint64
st_raw_int (const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &st, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (st, 0);
  sqlite3_finalize (st);
  sqlite3_close (db);
  return value;
}
