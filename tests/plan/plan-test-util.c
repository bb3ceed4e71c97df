/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "plan-test-util.h"

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
pt_tmpdir (void)
{
  if (tmpdir == NULL)
    {
      g_autoptr(GError) error = NULL;

      tmpdir = g_dir_make_tmp ("ra-plan-XXXXXX", &error);
      g_assert_no_error (error);
      atexit (cleanup);
    }
  return tmpdir;
}

char *
pt_sample_copy (const char *name)
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
      char *p = g_strdup_printf ("%s/master-%s.sqlite", pt_tmpdir (), name);

      g_assert_true (ra_store_build_sample (p, name, &error));
      g_assert_no_error (error);
      g_hash_table_insert (built, g_strdup (name), p);
      master = p;
    }
  path = g_strdup_printf ("%s/copy%u.sqlite", pt_tmpdir (), ++counter);
  src = g_file_new_for_path (master);
  dst = g_file_new_for_path (path);
  g_assert_true (g_file_copy (src, dst, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return path;
}

RaStore *
pt_open_sample (const char *name)
{
  g_autofree char *path = pt_sample_copy (name);
  g_autoptr(GError) error = NULL;
  RaStore *store = ra_store_open (path, RA_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

RaPlan *
pt_plan (RaStore *store)
{
  g_autoptr(GError) error = NULL;
  RaPlan *plan = ra_plan_new_from_store (store, &error);

  g_assert_no_error (error);
  g_assert_nonnull (plan);
  return plan;
}

GPtrArray *
pt_read_sample_csv (const char *sample, const char *file)
{
  const char *datadir = g_getenv ("RA_DATADIR");
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) header = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);

  g_assert_nonnull (datadir);
  path = g_build_filename (datadir, "samples", sample, file, NULL);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  g_strchomp (lines[0]);
  header = g_strsplit (lines[0], ",", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cells = NULL;
      GHashTable *row;

      g_strchomp (lines[i]);
      if (lines[i][0] == '\0')
        continue;
      cells = g_strsplit (lines[i], ",", -1);
      g_assert_cmpuint (g_strv_length (cells), ==, g_strv_length (header));
      row = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      for (guint c = 0; header[c] != NULL; c++)
        g_hash_table_insert (row, g_strdup (header[c]), g_strdup (cells[c]));
      g_ptr_array_add (rows, row);
    }
  return rows;
}

double
pt_num (GHashTable *row, const char *column)
{
  const char *text = g_hash_table_lookup (row, column);

  g_assert_nonnull (text);
  if (*text == '\0')
    return NAN;
  return g_ascii_strtod (text, NULL);
}

int
pt_due_year (GHashTable *row)
{
  const char *batch = g_hash_table_lookup (row, "batch");
  const char *status = g_hash_table_lookup (row, "status");

  if (g_strcmp0 (batch, "2024") == 0 && g_strcmp0 (status, "under_construction") == 0)
    return 2025;
  if (g_strcmp0 (batch, "2025") == 0 && g_strcmp0 (status, "proposed") == 0)
    return 2025;
  if (g_strcmp0 (batch, "2026-2030") == 0 && g_strcmp0 (status, "proposed") == 0)
    return 2030;
  g_assert_not_reached ();
  return 0;
}

double
pt_treated_2023 (const char *adcode)
{
  g_autoptr(GPtrArray) targets = pt_read_sample_csv ("zhangye", "targets.csv");
  g_autoptr(GPtrArray) history = pt_read_sample_csv ("zhangye", "history.csv");
  double use = NAN, rate = NAN;

  for (guint i = 0; i < targets->len; i++)
    {
      GHashTable *r = g_ptr_array_index (targets, i);

      if (g_str_equal (g_hash_table_lookup (r, "adcode"), adcode) &&
          g_str_equal (g_hash_table_lookup (r, "year"), "2023"))
        {
          use = pt_num (r, "reclaimed_use");
          rate = pt_num (r, "reclaimed_rate_pct");
        }
    }
  for (guint i = 0; i < history->len; i++)
    {
      GHashTable *r = g_ptr_array_index (history, i);

      if (g_str_equal (g_hash_table_lookup (r, "adcode"), adcode) &&
          g_str_equal (g_hash_table_lookup (r, "year"), "2023") &&
          pt_num (r, "reclaimed_use") == use && isfinite (pt_num (r, "reclaimed_rate_pct")))
        rate = pt_num (r, "reclaimed_rate_pct");
    }
  return use / (rate / 100.0);
}
