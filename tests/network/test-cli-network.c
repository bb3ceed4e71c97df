/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reclaim-atlas-cli network, called in-process: text output in a
 * subprocess test, JSON by running this program as the command
 * (--run-network) and parsing its output back with python3's json. */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <sqlite3.h>
#include <gio/gio.h>

#include "network-test-util.h"
#include "ra-cli-network.h"

static char *project;
static char *self_exe;
/* Quotes, a backslash, a control character and Chinese: JSON escaping. */
static const char project_name[] = "忻州 \"网络\" \\ test\n\t\001end";

static int
run_network (const char *a1, const char *a2, const char *a3)
{
  char *argv[] = { (char *) "reclaim-atlas-cli network", (char *) a1, (char *) a2,
                   (char *) a3, NULL };
  int argc = 1;

  while (argc < 4 && argv[argc] != NULL)
    argc++;
  return ra_cli_cmd_network (argc, argv);
}

static void
test_human (void)
{
  if (g_test_subprocess ())
    exit (run_network (project, "--year=2025", NULL));
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*Year compared: 2025*");
  g_test_trap_assert_stdout ("*Pipelines: 4, 5.000 km, estimated cost at least 450.0 ×10⁴ yuan (2 not priced)*");
  g_test_trap_assert_stdout ("*P01 Reclaimed main: 2 pipelines, 3.600 km, at least 300.0 ×10⁴ yuan (1 not priced)*");
  g_test_trap_assert_stdout ("*(no project): 1 pipeline, 0.400 km*");
  g_test_trap_assert_stdout ("*short: 0.400 km, no DN*");
  g_test_trap_assert_stdout ("*inner: 1.600 km, no unit cost for DN350*");
  g_test_trap_assert_stdout ("*Density targets: 2024 ≥ 0.5, 2025 ≥ 0.7, 2027 ≥ 0.8 km/km² (default)*");
  g_test_trap_assert_stdout ("*Density square*area 4.000 km², pipeline 3.000 km, density 0.750 km/km²; target 2025 ≥ 0.7: met*");
  g_test_trap_assert_stdout ("*Two intakes*2 intake points, largest spacing 1000 m (maximum 1500 m): met*"
                             "farthest point 2500 m from an intake*");
  g_test_trap_assert_stderr ("");
}

static void
test_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *json_path = nt_tmp_path (".json");
  g_autofree char *py_out = NULL;
  g_autofree char *python3 = NULL;
  int status = 0;
  const char *argv[] = { self_exe, "--run-network", project, "--json", "--year", "2027", NULL };
  /* Independent of the code under test: python's json parser and the
   * figures the hand-made geometry must give. */
  const char *check =
    "import json, sys\n"
    "d = json.load(open(sys.argv[1], encoding='utf-8'))\n"
    "assert d['project'] == sys.argv[2], repr(d['project'])\n"
    "assert d['year'] == 2027\n"
    "assert d['totals']['pipelines'] == 4 and d['totals']['unpriced'] == 2\n"
    "assert abs(d['totals']['length_km'] - 5.0) < 5e-3\n"
    "a = {x['name']: x for x in d['built_up_areas']}\n"
    "sq = a['Density square']\n"
    "assert abs(sq['density_km_per_km2'] - 0.75) < 0.75 * 5e-3\n"
    "assert sq['target_year'] == 2027 and sq['target_km_per_km2'] == 0.8\n"
    "assert sq['meets_density'] is False and sq['intakes'] == 0\n"
    "assert sq['max_uncovered_distance_m'] is None and sq['farthest_point'] is None\n"
    "t = a['Two intakes']\n"
    "assert abs(t['max_intake_spacing_m'] - 1000) < 1 and t['meets_spacing'] is True\n"
    "assert abs(t['max_uncovered_distance_m'] - 2500) < 3\n"
    "assert t['uncovered_wkt'].startswith('POLYGON')\n"
    "p = {x['name']: x for x in d['pipelines']}\n"
    "assert p['short']['dn_mm'] is None and p['short']['cost_wan'] is None\n"
    "assert p['short']['flags'] == ['no_dn'] and p['short']['project_id'] is None\n"
    "assert p['inner']['flags'] == ['no_unit_cost']\n"
    "assert 'not_reclaimed' in p['mine']['flags']\n"
    "assert abs(p['cross']['cost_wan'] - p['cross']['length_m'] / 1000 * 150) < 1e-3\n"
    "assert [x['source'] for x in d['density_targets']] == ['default'] * 3\n"
    "assert d['intake_spacing_max_km'] == 1.5\n"
    "print('ok')\n";

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_file_set_contents (json_path, out, -1, &error));

  python3 = g_find_program_in_path ("python3");
  if (python3 == NULL)
    {
      g_test_skip ("python3 is not installed: the JSON is not parsed back");
      return;
    }
  {
    const char *py[] = { "python3", "-c", check, json_path, project_name, NULL };
    g_autofree char *py_err = NULL;

    g_assert_true (g_spawn_sync (NULL, (char **) py, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &py_out, &py_err, &status, &error));
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, NULL))
      g_error ("JSON check failed: %s\n%s", py_err, out);
    g_assert_cmpstr (py_out, ==, "ok\n");
  }
}

static void
raw_exec (const char *path, const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_upgrades_v1 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strconcat (project, "-v1.sqlite", NULL);
  g_autoptr(GFile) src = g_file_new_for_path (project);
  g_autoptr(GFile) dst = g_file_new_for_path (path);

  /* An old project (version 1: no unit-cost table) is upgraded and analysed. */
  g_assert_true (g_file_copy (src, dst, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  raw_exec (path, /* schema 5 -> 4 */ "DROP TRIGGER meta_row_version;DROP TRIGGER counties_row_version;DROP TRIGGER plants_row_version;DROP TRIGGER projects_row_version;DROP TRIGGER pipelines_row_version;DROP TRIGGER footprints_row_version;DROP TRIGGER built_up_areas_row_version;DROP TRIGGER pipe_unit_costs_row_version;DROP TRIGGER water_users_row_version;DROP TRIGGER user_demand_row_version;DROP TRIGGER plant_supply_row_version;DROP TRIGGER allocations_row_version;DROP TRIGGER ledger_row_version;DROP VIEW projects_v;ALTER TABLE meta DROP COLUMN row_version;ALTER TABLE counties DROP COLUMN row_version;ALTER TABLE plants DROP COLUMN row_version;ALTER TABLE projects DROP COLUMN row_version;ALTER TABLE pipelines DROP COLUMN row_version;ALTER TABLE footprints DROP COLUMN row_version;ALTER TABLE built_up_areas DROP COLUMN row_version;ALTER TABLE pipe_unit_costs DROP COLUMN row_version;ALTER TABLE water_users DROP COLUMN row_version;ALTER TABLE user_demand DROP COLUMN row_version;ALTER TABLE plant_supply DROP COLUMN row_version;ALTER TABLE allocations DROP COLUMN row_version;ALTER TABLE ledger DROP COLUMN row_version;CREATE VIEW projects_v AS SELECT id, code, name, adcode, source, status, batch,  in_service_year, investment_total, investment_2024_2025, start, prep_stage,  owner, scope, cap_industry, cap_agriculture, cap_ecological,  cap_urban_nonpotable, CASE WHEN coalesce (cap_industry, cap_agriculture,  cap_ecological, cap_urban_nonpotable) IS NULL THEN NULL  ELSE coalesce (cap_industry, 0) + coalesce (cap_agriculture, 0)  + coalesce (cap_ecological, 0) + coalesce (cap_urban_nonpotable, 0)  END AS cap_total, pipeline_km, storage_m3, treatment_m3_per_day, notes,  sort_key, geom, plant_id FROM projects;" /* schema 4 -> 1 */ "DROP VIEW projects_v; DROP INDEX projects_plant; ALTER TABLE projects DROP COLUMN plant_id; CREATE VIEW projects_v AS SELECT id, code, name, adcode, source, status, batch, in_service_year, investment_total, investment_2024_2025, start, prep_stage, owner, scope, cap_industry, cap_agriculture, cap_ecological, cap_urban_nonpotable, CASE WHEN coalesce (cap_industry, cap_agriculture, cap_ecological, cap_urban_nonpotable) IS NULL THEN NULL ELSE coalesce (cap_industry, 0) + coalesce (cap_agriculture, 0) + coalesce (cap_ecological, 0) + coalesce (cap_urban_nonpotable, 0) END AS cap_total, pipeline_km, storage_m3, treatment_m3_per_day, notes, sort_key, geom FROM projects; " "DROP TABLE ledger; DROP TABLE allocations; DROP TABLE plant_supply; DROP TABLE user_demand; DROP TABLE idx_water_users_geom; DROP TABLE water_users; DELETE FROM geometry_columns_auth WHERE f_table_name = 'water_users'; DELETE FROM geometry_columns_statistics WHERE f_table_name = 'water_users'; DELETE FROM geometry_columns_field_infos WHERE f_table_name = 'water_users'; DELETE FROM geometry_columns_time WHERE f_table_name = 'water_users'; DELETE FROM geometry_columns WHERE f_table_name = 'water_users'; ALTER TABLE plants DROP COLUMN effluent_standard; ALTER TABLE plants DROP COLUMN meets_standards; ALTER TABLE plants DROP COLUMN capacity_illustrative; " "DROP TABLE pipe_unit_costs; PRAGMA user_version = 1;");
  if (g_test_subprocess ())
    exit (run_network (path, NULL, NULL));
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*Built-up areas: 4*");
  g_test_trap_assert_stdout ("*2 pipelines are priced with default unit costs*");
}

static void
test_missing_file (void)
{
  if (g_test_subprocess ())
    exit (run_network ("/nonexistent/p.sqlite", NULL, NULL));
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("reclaim-atlas-cli: /nonexistent/p.sqlite: *\n");
  g_test_trap_assert_stdout ("");
}

static void
test_not_a_project (void)
{
  g_autofree char *path = g_strconcat (project, "-junk.sqlite", NULL);

  g_assert_true (g_file_set_contents (path, "not sqlite", -1, NULL));
  if (g_test_subprocess ())
    exit (run_network (path, NULL, NULL));
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("reclaim-atlas-cli: *junk.sqlite: *");
}

static void
test_usage (void)
{
  if (g_test_subprocess ())
    exit (run_network (NULL, NULL, NULL));
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("reclaim-atlas-cli: network: expected one project file\n");
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  /* This program doubles as the command for the JSON test. */
  if (argc > 1 && strcmp (argv[1], "--run-network") == 0)
    {
      ra_core_init ();
      argv[1] = (char *) "reclaim-atlas-cli network";
      return ra_cli_cmd_network (argc - 1, argv + 1);
    }

  g_test_init (&argc, &argv, NULL);
  ra_core_init ();
  self_exe = g_file_read_link ("/proc/self/exe", NULL);
  if (self_exe == NULL)
    self_exe = g_strdup (argv[0]);
  /* Built once in the parent; the subprocesses reuse the path. */
  project = g_strdup (g_getenv ("RA_NETWORK_TEST_PROJECT"));
  if (project == NULL)
    {
      g_autoptr(RaStore) store = NULL;
      g_autoptr(GError) error = NULL;

      project = nt_fixture_copy ();
      store = nt_open (project);
      g_assert_true (ra_store_set_project_name (store, project_name, &error));
      g_assert_no_error (error);
      ra_store_close (store);
      g_setenv ("RA_NETWORK_TEST_PROJECT", project, TRUE);
    }

  g_test_add_func ("/cli/network/human", test_human);
  g_test_add_func ("/cli/network/json", test_json);
  g_test_add_func ("/cli/network/upgrades-v1", test_upgrades_v1);
  g_test_add_func ("/cli/network/missing-file", test_missing_file);
  g_test_add_func ("/cli/network/not-a-project", test_not_a_project);
  g_test_add_func ("/cli/network/usage", test_usage);
  return g_test_run ();
}
