/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reclaim-atlas-cli check, called in-process (stdout/stderr captured by a
 * subprocess test). */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "plan-test-util.h"
#include "ra-cli-plan.h"

static char *project;

static int
run_check (const char *a1, const char *a2)
{
  char *argv[] = { (char *) "reclaim-atlas-cli check", (char *) a1, (char *) a2, NULL };

  return ra_cli_cmd_check (a2 ? 3 : 2, argv);
}

static void
test_human (void)
{
  if (g_test_subprocess ())
    exit (run_check (project, NULL));
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*rate-sources*50.5*");
  g_test_trap_assert_stdout ("*target-vs-projects*临泽县 2025*60*86*");
  g_test_trap_assert_stdout ("*appendix2-subtotal*23912*272*");
  g_test_trap_assert_stdout ("*project-no-geometry*");
  g_test_trap_assert_stderr ("");
}

static void
test_json (void)
{
  if (g_test_subprocess ())
    exit (run_check (project, "--json"));
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("{*\"findings\": [*\"code\": \"appendix2-subtotal\"*\"counts\": {*}*");
}

static void
test_missing_file (void)
{
  if (g_test_subprocess ())
    exit (run_check ("/nonexistent/p.sqlite", NULL));
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("reclaim-atlas-cli: /nonexistent/p.sqlite: *\n");
  g_test_trap_assert_stdout ("");
}

static void
test_not_a_project (void)
{
  g_autofree char *path = g_build_filename (pt_tmpdir (), "junk.sqlite", NULL);

  g_assert_true (g_file_set_contents (path, "not sqlite", -1, NULL));
  if (g_test_subprocess ())
    exit (run_check (path, NULL));
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("reclaim-atlas-cli: *junk.sqlite: *");
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();
  /* Built once in the parent; the subprocesses reuse the path. */
  project = g_strdup (g_getenv ("RA_PLAN_TEST_PROJECT"));
  if (project == NULL)
    {
      project = pt_sample_copy ("zhangye");
      g_setenv ("RA_PLAN_TEST_PROJECT", project, TRUE);
    }

  g_test_add_func ("/cli/check/human", test_human);
  g_test_add_func ("/cli/check/json", test_json);
  g_test_add_func ("/cli/check/missing-file", test_missing_file);
  g_test_add_func ("/cli/check/not-a-project", test_not_a_project);
  return g_test_run ();
}
