/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `reclaim-atlas-cli hydraulics` run as a program on a generated branched
 * network of more than 200 pipes (two plants, tees, users along branches)
 * over a synthetic DEM: text, JSON, the EPANET file, the profile figure,
 * bad options; then EPANET 2.2 itself (node + the npm package epanet-js in
 * tests/epanet) solves the exported .inp and its heads and flows must agree
 * with ours within 0.1 m and 0.5 %, node by node and pipe by pipe.  The
 * EPANET part is skipped, saying why, only when node or the package is
 * missing (`npm ci` in tests/epanet; bootstrap.sh test does it). */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hydraulics-test-util.h"

static char *tmpdir, *project, *dem, *inp, *json_path;
static guint n_users;

#define LON0 100.3
#define LAT0 38.95

static double
terrain (double lon, double lat, gpointer data)
{
  double x = (lon - LON0) * 86500, y = (lat - LAT0) * 111195;

  (void) data;
  /* rising 0.4 % eastwards, rolling hills of 8 m */
  return 1450 + 0.004 * x + 8 * sin (x / 900) * cos (y / 700);
}

static int
run_cli (char **out, char **err, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  va_list args;
  const char *a;
  int status = -1;

  g_ptr_array_add (argv, (gpointer) RA_TEST_CLI);
  g_ptr_array_add (argv, (gpointer) "hydraulics");
  va_start (args, err);
  while ((a = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  /* What a run before left in them goes. */
  g_clear_pointer (out, g_free);
  g_clear_pointer (err, g_free);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  return g_spawn_check_wait_status (status, NULL) ? 0 : WEXITSTATUS (status);
}

static guint
count (const char *text, const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
test_json_and_inp (void)
{
  g_autofree char *out = NULL, *err = NULL, *text = NULL;

  g_assert_cmpint (run_cli (&out, &err, project, "--year", "2030", "--json", "--inp", inp,
                            "--dem", dem, NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_file_set_contents (json_path, out, -1, NULL));
  g_assert_cmpuint (count (out, "\"pipeline_id\""), >=, 200);
  g_assert_cmpuint (count (out, "\"kind\": \"user\""), ==, n_users);
  g_assert_cmpuint (count (out, "\"kind\": \"source\""), ==, 2);
  g_assert_nonnull (strstr (out, "\"flat_ground\": false"));
  g_assert_true (g_file_get_contents (inp, &text, NULL, NULL));
  g_assert_cmpuint (count (text, "\tOpen\t"), ==, count (out, "\"pipeline_id\""));
  g_assert_nonnull (strstr (text, "[COORDINATES]"));
}

static void
test_text (void)
{
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run_cli (&out, &err, project, "--year", "2030", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "ground taken as flat (no DEM)"));
  g_assert_nonnull (strstr (out, "Pipes: id, from, to, length m, flow L/s, DN"));
  g_assert_nonnull (strstr (out, "\n  P1  S1  J1  401.0  "));
  g_assert_nonnull (strstr (out, "\n  P2.1  J1  U1  "));
  g_free (out);
  out = NULL;
  g_assert_cmpint (run_cli (&out, &err, project, "--year", "2030", "--dem", dem, "--formula", "dw", NULL), ==, 0);
  g_assert_null (strstr (out, "ground taken as flat"));
  g_assert_nonnull (strstr (out, "Darcy–Weisbach"));
}

static void
test_profile_and_errors (void)
{
  g_autofree char *out = NULL, *err = NULL, *svg = g_build_filename (tmpdir, "profile.svg", NULL);
  g_autofree char *text = NULL;

  g_assert_cmpint (run_cli (&out, &err, project, "--year", "2030", "--dem", dem, "--profile", "U60",
                            "--profile-out", svg, NULL), ==, 0);
  g_assert_true (g_file_get_contents (svg, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "<svg"));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&out, &err, project, "--profile", "U60", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--profile-out"));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&out, &err, project, "--profile", "X1", "--profile-out", svg, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "“X1”"));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&out, &err, project, "--formula", "manning", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&out, &err, "/nonexistent.sqlite", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "nonexistent.sqlite"));
}

static double
json_number (const char *text, const char *key)
{
  g_autofree char *k = g_strdup_printf ("\"%s\":", key);
  const char *p = strstr (text, k);

  g_assert_nonnull (p);
  return g_ascii_strtod (p + strlen (k), NULL);
}

static void
test_epanet (void)
{
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *pkg = g_build_filename (RA_EPANET_DIR, "node_modules", "epanet-js", "package.json", NULL);
  g_autofree char *script = g_build_filename (RA_EPANET_DIR, "run-epanet.mjs", NULL);
  g_autofree char *out = NULL, *err = NULL, *ours = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { NULL, NULL, NULL, NULL, NULL };
  int status;

  if (node == NULL)
    {
      g_test_skip ("node is not installed: EPANET (epanet-js) cannot check the heads and flows");
      return;
    }
  if (!g_file_test (pkg, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("epanet-js is not installed (run `npm ci` in tests/epanet): EPANET cannot check the heads and flows");
      return;
    }
  g_assert_true (g_file_get_contents (json_path, &ours, NULL, NULL));
  argv[0] = node;
  argv[1] = script;
  argv[2] = inp;
  argv[3] = json_path;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                               &status, &error));
  g_assert_no_error (error);
  g_test_message ("EPANET: %s%s", out, err);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* EPANET compared every node and pipe we have, and found no difference
   * over 0.1 m of head or 0.5 % of flow */
  g_assert_cmpfloat (json_number (out, "nodes"), ==, count (ours, "\"kind\": "));
  g_assert_cmpfloat (json_number (out, "pipes"), ==, count (ours, "\"pipeline_id\""));
  g_assert_cmpfloat (json_number (out, "pipes"), >=, 200);
  g_assert_cmpfloat (json_number (out, "pumps"), ==, 2);
  g_assert_cmpfloat (json_number (out, "max_head_diff"), <=, 0.1);
  g_assert_cmpfloat (json_number (out, "max_flow_diff_rel"), <=, 0.005);
  g_assert_nonnull (strstr (out, "\"failures\":[]"));
}

/* The Zhangye sample: flat ground said; EPANET agrees there too. */
static void
test_sample (void)
{
  g_autofree char *sample = g_build_filename (tmpdir, "zhangye.sqlite", NULL);
  g_autofree char *sinp = g_build_filename (tmpdir, "zhangye.inp", NULL);
  g_autofree char *sjson = g_build_filename (tmpdir, "zhangye.json", NULL);
  g_autofree char *out = NULL, *err = NULL, *node = g_find_program_in_path ("node");
  g_autofree char *pkg = g_build_filename (RA_EPANET_DIR, "node_modules", "epanet-js", "package.json", NULL);
  g_autofree char *script = g_build_filename (RA_EPANET_DIR, "run-epanet.mjs", NULL);
  const char *sample_argv[] = { RA_TEST_CLI, "sample", "zhangye", sample, NULL };
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) sample_argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpint (run_cli (&out, &err, sample, "--year", "2030", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "ground taken as flat (no DEM)"));
  g_assert_nonnull (strstr (out, "甘州区污水处理厂"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, sample, "--year", "2030", "--json", "--inp", sinp, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"flat_ground\": true"));
  g_assert_true (g_file_set_contents (sjson, out, -1, NULL));
  if (node != NULL && g_file_test (pkg, G_FILE_TEST_EXISTS))
    {
      const char *argv[] = { node, script, sinp, sjson, NULL };

      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                                   &status, NULL));
      g_test_message ("EPANET on the sample: %s%s", out, err);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_nonnull (strstr (out, "\"failures\":[]"));
    }
}

int
main (int argc, char **argv)
{
  g_autoptr(RaStore) store = NULL;
  guint n1, n2;
  int status;

  g_test_init (&argc, &argv, NULL);
  ra_core_init ();
  tmpdir = g_dir_make_tmp ("ra-cli-hydraulics-XXXXXX", NULL);
  project = g_build_filename (tmpdir, "comb.sqlite", NULL);
  dem = g_build_filename (tmpdir, "terrain.tif", NULL);
  inp = g_build_filename (tmpdir, "comb.inp", NULL);
  json_path = g_build_filename (tmpdir, "comb.json", NULL);
  /* two combs of 30 trunk pipelines: 210 pipes, 120 users */
  store = ht_project_new (project);
  ht_build_comb (store, "North plant", LON0, LAT0, 30, &n1);
  ht_build_comb (store, "South plant", LON0, LAT0 - 0.03, 30, &n2);
  n_users = n1 + n2;
  g_clear_object (&store);
  ht_write_dem (dem, LON0 - 0.01, LAT0 - 0.04, LON0 + 0.16, LAT0 + 0.02, 20, terrain, NULL);

  g_test_add_func ("/cli-hydraulics/json-and-inp", test_json_and_inp);
  g_test_add_func ("/cli-hydraulics/text", test_text);
  g_test_add_func ("/cli-hydraulics/profile-and-errors", test_profile_and_errors);
  g_test_add_func ("/cli-hydraulics/epanet-agrees", test_epanet);
  g_test_add_func ("/cli-hydraulics/zhangye-sample", test_sample);
  status = g_test_run ();
  if (g_getenv ("RA_TEST_KEEP") == NULL)
    {
      g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);

      if (system (cmd) != 0)
        g_printerr ("could not remove %s\n", tmpdir);
    }
  return status;
}
