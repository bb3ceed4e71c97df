/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reclaim-atlas-cli sample | import | table, called as the dispatcher will
 * call them; failures checked in subprocesses for their one-line stderr. */
#include "config.h"

#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "ra-core.h"
#include "ra-store.h"
#include "ra-cli-project.h"
#include "store-test-util.h"

typedef int (*CmdFunc) (int argc, char **argv);

/* args: NULL-terminated, without argv[0]. */
static int
run_cmd (CmdFunc func, const char *cmd, const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  int status, saved, null_fd;
  char **copy;

  g_ptr_array_add (argv, g_strdup_printf ("reclaim-atlas-cli %s", cmd));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);
  /* GOptionContext rearranges argv: hand it a shallow copy. */
  copy = g_memdup2 (argv->pdata, argv->len * sizeof (char *));
  /* The commands' stdout report would break the TAP stream: mute it. */
  fflush (stdout);
  saved = dup (STDOUT_FILENO);
  null_fd = open ("/dev/null", O_WRONLY);
  dup2 (null_fd, STDOUT_FILENO);
  status = func ((int) argv->len - 1, copy);
  fflush (stdout);
  dup2 (saved, STDOUT_FILENO);
  close (saved);
  close (null_fd);
  g_free (copy);
  return status;
}

static char *
fixture (const char *name)
{
  return g_build_filename (g_getenv ("RA_TEST_DATA"), name, NULL);
}

static void
test_sample (void)
{
  g_autofree char *out = st_tmp_path (".sqlite");
  const char *args[] = { "zhangye", out, NULL };
  g_autoptr(RaStore) store = NULL;

  g_assert_cmpint (run_cmd (ra_cli_cmd_sample, "sample", args), ==, 0);
  store = st_open (out);
  g_assert_cmpint (ra_store_count_rows (store, "projects", NULL), ==, 18);
  /* 6 county plants + the mine-water station of plants.csv (schema 3). */
  g_assert_cmpint (ra_store_count_rows (store, "plants", NULL), ==, 7);
}

static void
test_sample_errors (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *out = st_tmp_path (".sqlite");
      const char *args[] = { "atlantis", out, NULL };

      exit (run_cmd (ra_cli_cmd_sample, "sample", args));
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("reclaim-atlas-cli: *.sqlite: unknown sample “atlantis”*\n");

}

static void
test_sample_usage (void)
{
  const char *args[] = { "zhangye", NULL };

  g_assert_cmpint (run_cmd (ra_cli_cmd_sample, "sample", args), ==, 2);
}

static void
test_table (void)
{
  g_autofree char *project = st_copy_sample ("zhangye");
  static const char * const exts[] = { ".csv", ".xlsx", ".ods" };

  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    for (int appendix = 1; appendix <= 2; appendix++)
      {
        g_autofree char *out = st_tmp_path (exts[i]);
        g_autofree char *n = g_strdup_printf ("%d", appendix);
        const char *args[] = { project, "--appendix", n, "--out", out, NULL };

        g_assert_cmpint (run_cmd (ra_cli_cmd_table, "table", args), ==, 0);
        g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
        if (i == 0 && appendix == 2)
          {
            g_autofree char *text = NULL;

            g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
            g_assert_nonnull (strstr (text, ",23912,"));
            g_assert_nonnull (strstr (text, ",34844,"));
            g_assert_nonnull (strstr (text, ",78589,"));
          }
      }
}

static void
test_table_errors (void)
{
  g_autofree char *project = NULL;
  g_autofree char *out = NULL;

  if (g_test_subprocess ())
    {
      const char *args[] = { "/nonexistent/p.sqlite", "--appendix", "2", "--out", "/tmp/x.csv", NULL };
      exit (run_cmd (ra_cli_cmd_table, "table", args));
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("reclaim-atlas-cli: /nonexistent/p.sqlite: file not found\n");

  project = st_copy_sample ("zhangye");
  out = st_tmp_path (".csv");
  {
    const char *args[] = { project, "--appendix", "3", "--out", out, NULL };
    g_assert_cmpint (run_cmd (ra_cli_cmd_table, "table", args), ==, 2);
  }
  {
    const char *args[] = { project, "--appendix", "2", NULL };
    g_assert_cmpint (run_cmd (ra_cli_cmd_table, "table", args), ==, 2);
  }
}

static void
test_import (void)
{
  g_autofree char *project = st_copy_sample ("zhangye");
  g_autofree char *gk = fixture ("counties-gk.shp");
  const char *args[] = { project, gk, "--into", "built_up_areas", "--map", "name_zh=name", NULL };
  g_autoptr(RaStore) store = NULL;

  g_assert_cmpint (run_cmd (ra_cli_cmd_import, "import", args), ==, 0);
  store = st_open (project);
  g_assert_cmpint (ra_store_count_rows (store, "built_up_areas", NULL), ==, 6);
}

static void
test_import_rejected (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *project = st_copy_sample ("zhangye");
      g_autofree char *bad = fixture ("invalid.geojson");
      const char *args[] = { project, bad, "--into", "footprints", NULL };

      exit (run_cmd (ra_cli_cmd_import, "import", args));
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*reclaim-atlas-cli: *invalid.geojson: row 1 (feature 0): invalid geometry*\n"
                             "*reclaim-atlas-cli: *invalid.geojson: import rejected, nothing was written*\n");
}

static void
test_import_usage (void)
{
  g_autofree char *project = st_copy_sample ("zhangye");
  g_autofree char *gk = fixture ("counties-gk.shp");

  {
    const char *args[] = { project, gk, NULL };
    g_assert_cmpint (run_cmd (ra_cli_cmd_import, "import", args), ==, 2);
  }
  {
    const char *args[] = { project, gk, "--into", "plants", "--map", "nonsense", NULL };
    g_assert_cmpint (run_cmd (ra_cli_cmd_import, "import", args), ==, 2);
  }
  {
    const char *args[] = { project, gk, "--into", "projects", NULL };
    g_assert_cmpint (run_cmd (ra_cli_cmd_import, "import", args), ==, 1);
  }
}

int
main (int argc, char **argv)
{
  /* As the CLI's main does: messages go out in the locale's (UTF-8) charset. */
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();

  g_test_add_func ("/store/cli/sample", test_sample);
  g_test_add_func ("/store/cli/sample-errors", test_sample_errors);
  g_test_add_func ("/store/cli/sample-usage", test_sample_usage);
  g_test_add_func ("/store/cli/table", test_table);
  g_test_add_func ("/store/cli/table-errors", test_table_errors);
  g_test_add_func ("/store/cli/import", test_import);
  g_test_add_func ("/store/cli/import-rejected", test_import_rejected);
  g_test_add_func ("/store/cli/import-usage", test_import_usage);
  return g_test_run ();
}
