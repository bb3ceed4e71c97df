/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "layout-test-util.h"

static char *tmp_root;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
cleanup_tmp (void)
{
  if (tmp_root != NULL && g_getenv ("RA_KEEP_TMP") == NULL)
    remove_tree (tmp_root);
}

char *
lt_tmp_dir (void)
{
  static guint counter;

  if (tmp_root == NULL)
    {
      tmp_root = g_dir_make_tmp ("ra-layout-XXXXXX", NULL);
      g_assert_nonnull (tmp_root);
      atexit (cleanup_tmp);
    }
  {
    g_autofree char *name = g_strdup_printf ("t%u", ++counter);
    char *dir = g_build_filename (tmp_root, name, NULL);
    g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
    return dir;
  }
}

const char *
lt_sample_project (void)
{
  static char *path;

  if (path == NULL)
    {
      g_autofree char *dir = lt_tmp_dir ();
      g_autoptr(GError) error = NULL;

      path = g_build_filename (dir, "zhangye.sqlite", NULL);
      g_assert_true (ra_store_build_sample (path, "zhangye", &error));
      g_assert_no_error (error);
    }
  return path;
}

void
lt_sample_context (RaLayoutContext *ctx)
{
  static RaMapSnapshot *snap;
  static char *name;
  static GStrv schematic;

  if (snap == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RaStore) store = ra_store_open (lt_sample_project (), RA_STORE_OPEN_READ_ONLY,
                                                &error);
      g_autoptr(RaMap) map = NULL;

      g_assert_no_error (error);
      map = ra_export_build_project_map (store, 0, &schematic, &error);
      g_assert_no_error (error);
      snap = ra_map_snapshot_new (map);
      name = ra_store_dup_project_name (store);
    }
  memset (ctx, 0, sizeof *ctx);
  ctx->snapshot = snap;
  ctx->project_name = name;
  ctx->schematic_layers = (const char * const *) schematic;
}
