/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The water balance of the Zhangye sample read from the project file, the
 * checks on it, `balance` and `table --allocation`.  Expected figures are
 * worked out by hand from the CSVs of data/samples/zhangye in the comments. */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "plan-test-util.h"
#include "ra-balance.h"
#include "ra-plan-check.h"
#include "ra-cli-balance.h"
#include "ra-thematic-balance.h"

static char *project;

static const RaBalancePlant *
plant_named (RaBalance *b, const char *name)
{
  GArray *plants = ra_balance_get_plants (b);

  for (guint i = 0; i < plants->len; i++)
    if (g_strcmp0 (g_array_index (plants, RaBalancePlant, i).name, name) == 0)
      return &g_array_index (plants, RaBalancePlant, i);
  return NULL;
}

static const RaBalanceUser *
user_named (RaBalance *b, const char *name)
{
  GArray *users = ra_balance_get_users (b);

  for (guint i = 0; i < users->len; i++)
    if (g_strcmp0 (g_array_index (users, RaBalanceUser, i).name, name) == 0)
      return &g_array_index (users, RaBalanceUser, i);
  return NULL;
}

static RaPlanFinding *
find_finding (GListModel *findings, const char *code, const char *text)
{
  for (guint i = 0; i < g_list_model_get_n_items (findings); i++)
    {
      g_autoptr(RaPlanFinding) f = g_list_model_get_item (findings, i);

      if (g_str_equal (ra_plan_finding_get_code (f), code)
          && (text == NULL || strstr (ra_plan_finding_get_message (f), text) != NULL))
        return f;   /* the list keeps a reference */
    }
  return NULL;
}

/* The sample's water users, demand, supply and allocations come with the
 * store's sample builder (store-water); until they do, the tests that
 * need them say so and skip. */
static gboolean
sample_lacks_water (void)
{
  g_autoptr(RaStore) store = pt_open_sample ("zhangye");
  g_autoptr(GPtrArray) users = ra_store_list_water_users (store, NULL);
  g_autoptr(GPtrArray) allocs = ra_store_list_allocations (store, 2030, NULL);

  if (users != NULL && users->len > 0 && allocs != NULL && allocs->len > 0)
    return FALSE;
  g_test_skip ("the sample project has no water users or allocations yet");
  return TRUE;
}

static RaBalance *
sample_balance (RaStore *store, int year)
{
  g_autoptr(GError) error = NULL;
  RaBalance *b = ra_balance_new_from_store (store, year, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (b);
  return b;
}

/* 2030, from the CSVs:
 * 甘州区污水处理厂: allocations.csv 2030 540 + 130 + 700 + 220 + 80 = 1670;
 *   no treated volume in plants.csv, so the county's: targets.csv 620702
 *   2030 reclaimed 1700 at 58 % -> 1700 / 0.58 = 2931.03, under its
 *   capacity 100000 x 365 / 10^4 = 3650.
 * 肃南 (620721): 90 / 0.64 = 140.625 (capacity 5000 x 365 / 10^4 = 182.5),
 *   allocated 60.
 * 山丹县花草滩煤矿矿井水处理站: its own treated_2030 100 (capacity 3000 x
 *   365 / 10^4 = 109.5), allocated 90.
 * Every plant's allocation is within what it has: 临泽 320 + 180 = 500 <=
 * 500 / 0.84 = 595.2; 高台 340 + 180 = 520 <= 520 / 0.85 = 611.8; 山丹 480
 * <= 480 / 0.60 = 800; 民乐 290 + 130 = 420 <= 420 / 0.70 = 600. */
static void
test_plants_2030 (void)
{
  g_autoptr(RaStore) store = NULL;
  RaBalance *b;
  GArray *plants;
  const RaBalancePlant *p;

  if (sample_lacks_water ())
    return;
  store = pt_open_sample ("zhangye");
  b = sample_balance (store, 2030);
  plants = ra_balance_get_plants (b);

  p = plant_named (b, "甘州区污水处理厂");
  g_assert_nonnull (p);
  g_assert_cmpfloat_with_epsilon (p->allocated, 1670, 1e-9);
  g_assert_cmpfloat_with_epsilon (p->capacity, 3650, 1e-9);
  g_assert_cmpfloat_with_epsilon (p->available, 1700 / 0.58, 1e-6);
  g_assert_cmpint (p->origin, ==, RA_BALANCE_SUPPLY_FROM_COUNTY);
  p = plant_named (b, "肃南裕固族自治县污水处理厂");
  g_assert_cmpfloat_with_epsilon (p->available, 90 / 0.64, 1e-6);
  g_assert_cmpfloat_with_epsilon (p->allocated, 60, 1e-9);
  p = plant_named (b, "山丹县花草滩煤矿矿井水处理站");
  g_assert_cmpint (p->origin, ==, RA_BALANCE_SUPPLY_GIVEN);
  g_assert_cmpfloat_with_epsilon (p->available, 100, 1e-9);
  g_assert_cmpfloat_with_epsilon (p->allocated, 90, 1e-9);
  g_assert_cmpuint (plants->len, ==, 7);
  for (guint i = 0; i < plants->len; i++)
    {
      p = &g_array_index (plants, RaBalancePlant, i);
      g_assert_cmpfloat (p->allocated, <=, p->available + 1e-9);
    }
  ra_balance_free (b);
}

/* 2024: ledger_2024.csv has all 12 months of 甘州区污水处理厂; its 处理量
 * column 234.0 + 216.1 + 240.2 + 240.0 + 254.2 + 252.0 + 265.1 + 266.6 +
 * 249.0 + 251.1 + 234.0 + 238.7 = 2941.0 is the plant's treated volume of
 * 2024 (origin ledger), not the county's share.  2023 has no ledger: the
 * county's again. */
static void
test_ledger_year (void)
{
  g_autoptr(RaStore) store = NULL;
  RaBalance *b;
  const RaBalancePlant *p;

  if (sample_lacks_water ())
    return;
  store = pt_open_sample ("zhangye");
  b = sample_balance (store, 2024);
  p = plant_named (b, "甘州区污水处理厂");
  g_assert_nonnull (p);
  g_assert_cmpint (p->origin, ==, RA_BALANCE_SUPPLY_FROM_LEDGER);
  g_assert_cmpfloat_with_epsilon (p->treated, 2941.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (p->available, 2941.0, 1e-6);
  ra_balance_free (b);

  b = sample_balance (store, 2023);
  p = plant_named (b, "甘州区污水处理厂");
  g_assert_cmpint (p->origin, ==, RA_BALANCE_SUPPLY_FROM_COUNTY);
  ra_balance_free (b);
}

/* The users layer's title names the year's demand only when there is
 * some: water_users.csv has demand columns 2023, 2025, 2030, 2035. */
static void
test_users_layer_title (void)
{
  g_autoptr(RaStore) store = pt_open_sample ("zhangye");
  g_autoptr(GPtrArray) users = ra_store_list_water_users (store, NULL);
  g_autoptr(GPtrArray) demand = ra_store_list_user_demand (store, 0, NULL);
  g_autoptr(RaLayer) y2030 = ra_thematic_balance_users_layer (users, demand, NULL, 2030, 1000);
  g_autoptr(RaLayer) y2024 = ra_thematic_balance_users_layer (users, demand, NULL, 2024, 1000);

  g_assert_nonnull (strstr (ra_layer_get_name (y2030), "demand 2030"));
  g_assert_nonnull (strstr (ra_layer_get_name (y2024), "no demand figures for 2024"));
}

/* 肃南县大河工业园区 (industry: SL368-2006) has no allocation; its only
 * plant in reach, 肃南's, meets GB/T 25499-2010, GB/T 18921-2019 and
 * GB 5084-2021 only (plants.csv).  A proposal names quality as its limit;
 * allocating it by hand is a mismatch. */
static void
test_quality (void)
{
  g_autoptr(RaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) findings = NULL;
  RaBalance *b;
  RaBalanceProposal *opt, *greedy;
  const RaBalanceUser *u;
  gint64 user_id, plant_id;
  RaPlanFinding *f;

  if (sample_lacks_water ())
    return;
  store = pt_open_sample ("zhangye");
  b = sample_balance (store, 2030);
  u = user_named (b, "肃南县大河工业园区");

  g_assert_nonnull (u);
  g_assert_cmpstr (u->standard, ==, "SL368-2006");
  user_id = u->id;
  plant_id = plant_named (b, "肃南裕固族自治县污水处理厂")->id;
  greedy = ra_balance_propose_greedy (b);
  opt = ra_balance_propose (b, &error);
  g_assert_no_error (error);
  g_assert_cmpint (user_named (b, "肃南县大河工业园区")->limit, ==, RA_BALANCE_LIMIT_QUALITY);
  g_assert_cmpint (user_named (b, "甘州区乌江镇农田灌溉")->limit, ==, RA_BALANCE_LIMIT_NOT_ABLE);
  g_assert_cmpfloat (opt->served_weighted, >=, greedy->served_weighted - 1e-6);
  ra_balance_proposal_free (opt);
  ra_balance_proposal_free (greedy);
  /* Unallocated, and the check says why: its only plant in reach (肃南,
   * meets_standards without SL368-2006 in plants.csv) cannot serve it. */
  {
    g_autoptr(GListModel) before = ra_balance_check (b);

    f = find_finding (before, "user-unallocated", "肃南县大河工业园区");
    g_assert_nonnull (f);
    g_assert_nonnull (strstr (ra_plan_finding_get_message (f), "meets its standard SL368-2006"));
    f = find_finding (before, "user-unallocated", "昆仑生化");
    g_assert_nonnull (f);
    g_assert_null (strstr (ra_plan_finding_get_message (f), "meets its standard"));
  }
  ra_balance_free (b);

  g_assert_true (ra_store_set_allocation (store, user_id, plant_id, 2030, 30, NULL, &error));
  g_assert_no_error (error);
  b = sample_balance (store, 2030);
  findings = ra_balance_check (b);
  f = find_finding (findings, "quality-mismatch", "肃南县大河工业园区");
  g_assert_nonnull (f);
  g_assert_nonnull (strstr (ra_plan_finding_get_message (f), "SL368-2006"));
  g_assert_cmpint (ra_plan_finding_get_severity (f), ==, RA_PLAN_SEVERITY_ERROR);
  ra_balance_free (b);
}

/* An able user put 0.2 km north of the 甘州区污水处理厂—河西硅业 pipeline
 * (pipelines.csv: 100.415096 38.944662 -> 100.5 38.9; its midpoint
 * 100.457548 38.922331), with a demand and no allocation, is found.  The
 * pipeline is inserted too (a second copy if the sample has it: the same
 * line). */
static void
test_unallocated_near_pipeline (void)
{
  g_autoptr(RaStore) store = pt_open_sample ("zhangye");
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GListModel) findings = NULL;
  RaBalance *b;
  RaPlanFinding *f;
  gint64 id;

  g_assert_cmpint (ra_store_insert_pipeline (store, 0, "测试管线",
                                             "LINESTRING (100.415096 38.944662, 100.5 38.9)",
                                             &error), >, 0);
  g_assert_no_error (error);
  g_hash_table_insert (fields, (gpointer) "name", (gpointer) "测试新建企业");
  g_hash_table_insert (fields, (gpointer) "adcode", (gpointer) "620702");
  g_hash_table_insert (fields, (gpointer) "sector", (gpointer) "other_industry");
  g_hash_table_insert (fields, (gpointer) "use_category", (gpointer) "industry");
  g_hash_table_insert (fields, (gpointer) "able", (gpointer) "yes");
  id = ra_store_insert_feature (store, "water_users", fields, "POINT (100.457548 38.924131)", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_true (ra_store_set_user_demand (store, id, 2030, 12, &error));
  b = sample_balance (store, 2030);
  findings = ra_balance_check (b);
  f = find_finding (findings, "user-unallocated", "测试新建企业");
  g_assert_nonnull (f);
  /* 0.0018 degrees of latitude = 0.2 km north of the midpoint; the line
   * runs south-east, so the nearest point is a little closer */
  g_assert_cmpfloat (user_named (b, "测试新建企业")->reach_km, <, 0.201);
  g_assert_cmpfloat (user_named (b, "测试新建企业")->reach_km, >, 0.1);
  g_assert_cmpfloat (ra_plan_finding_find_value (f, "demand for"), ==, 12);
  ra_balance_free (b);
}

static int
run_balance (const char *a1, const char *a2, const char *a3, const char *a4)
{
  char *argv[] = { (char *) "reclaim-atlas-cli balance", (char *) a1, (char *) a2,
                   (char *) a3, (char *) a4, NULL };
  int argc = 1;

  while (argv[argc] != NULL)
    argc++;
  return ra_cli_cmd_balance (argc, argv);
}

static void
test_cli_json (void)
{
  if (!g_test_subprocess () && sample_lacks_water ())
    return;
  if (g_test_subprocess ())
    exit (run_balance (project, "--year", "2030", "--json"));
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("{*\"year\": 2030*\"plants\": [*\"name\": \"甘州区污水处理厂\"*\"allocated\": 1670*"
                             "\"counties\": [*\"users\": [*\"allocations\": [*\"findings\": [*}*");
  g_test_trap_assert_stderr ("");
}

static void
test_cli_propose (void)
{
  if (!g_test_subprocess () && sample_lacks_water ())
    return;
  if (g_test_subprocess ())
    exit (run_balance (project, "--year", "2030", "--propose"));
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*甘州区污水处理厂*1670.0*肃南县大河工业园区*GLPK*");
}

/* ---- plants expanded by projects --------------------------------------- */

static gint64
plant_id_named (RaStore *store, const char *name)
{
  g_autoptr(GPtrArray) plants = ra_store_list_plant_details (store, NULL);

  for (guint i = 0; plants != NULL && i < plants->len; i++)
    if (g_strcmp0 (((RaPlantDetailRecord *) plants->pdata[i])->name, name) == 0)
      return ((RaPlantDetailRecord *) plants->pdata[i])->id;
  g_error ("no plant %s", name);
  return 0;
}

static void
expand_plant (RaStore *store, const char *code, gint64 plant_id)
{
  g_autoptr(GPtrArray) projects = ra_store_list_projects (store, NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GValue) v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_INT64);
  g_value_set_int64 (&v, plant_id);
  for (guint i = 0; i < projects->len; i++)
    {
      RaProjectRecord *p = g_ptr_array_index (projects, i);

      if (g_strcmp0 (p->code, code) == 0)
        {
          g_assert_true (ra_store_update_project (store, p->id, "plant_id", &v, &error));
          g_assert_no_error (error);
          return;
        }
    }
  g_error ("no project %s", code);
}

/* 临泽县污水处理厂 (plants.csv: 20000 m³/d) expanded by P01 (projects.csv:
 * 2024, under construction -> in service 2025, treatment 10000 m³/d) and
 * P13 (2026-2030 -> 2030, 10000 m³/d).  Capacity, 10^4 m³/a:
 *   2024: 20000 x 365 / 10^4 = 730 (design);
 *   2025..2029: (20000 + 10000) x 365 / 10^4 = 1095;
 *   2030: (20000 + 10000 + 10000) x 365 / 10^4 = 1460.
 * With a given treated volume of 800 in 2024 and 2025 (no committed
 * discharge), available = min (800, capacity): 730 in 2024, 800 in 2025. */
static const struct { int year; double capacity; guint n_expansions; } expansion_years[] = {
  { 2024, 730, 0 }, { 2025, 1095, 1 }, { 2029, 1095, 1 }, { 2030, 1460, 2 },
};

static void
test_expansion (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = NULL;
  const char *path = g_getenv ("RA_BALANCE_EXPANSION_PROJECT");
  gint64 plant;

  if (g_test_subprocess ())
    {
      g_assert_nonnull (path);
      exit (run_balance (path, "--year", g_getenv ("RA_BALANCE_EXPANSION_YEAR"),
                         g_getenv ("RA_BALANCE_EXPANSION_JSON")));
    }
  store = pt_open_sample ("zhangye");
  plant = plant_id_named (store, "临泽县污水处理厂");
  expand_plant (store, "P01", plant);
  expand_plant (store, "P13", plant);
  /* Another plant's project changes nothing here. */
  expand_plant (store, "P02", plant_id_named (store, "山丹县污水处理厂"));
  g_assert_true (ra_store_set_plant_supply (store, plant, 2024, 800, NAN, &error));
  g_assert_true (ra_store_set_plant_supply (store, plant, 2025, 800, NAN, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (expansion_years); i++)
    {
      RaBalance *b = sample_balance (store, expansion_years[i].year);
      const RaBalancePlant *p = plant_named (b, "临泽县污水处理厂");
      GArray *expansions = ra_balance_get_expansions (b);

      g_assert_nonnull (p);
      g_assert_cmpfloat_with_epsilon (p->design_capacity, 730, 1e-9);
      g_assert_cmpfloat_with_epsilon (p->capacity, expansion_years[i].capacity, 1e-9);
      g_assert_cmpuint (p->n_expansions, ==, expansion_years[i].n_expansions);
      for (guint k = 0; k < p->n_expansions; k++)
        {
          const RaBalanceExpansion *e = &g_array_index (expansions, RaBalanceExpansion,
                                                        p->first_expansion + k);

          g_assert_cmpint (e->plant_id, ==, plant);
          g_assert_cmpstr (e->code, ==, k == 0 ? "P01" : "P13");
          g_assert_cmpint (e->in_service_year, ==, k == 0 ? 2025 : 2030);
          g_assert_cmpfloat (e->treatment_m3_per_day, ==, 10000);
        }
      if (expansion_years[i].year == 2024)
        g_assert_cmpfloat_with_epsilon (p->available, 730, 1e-9);
      if (expansion_years[i].year == 2025)
        g_assert_cmpfloat_with_epsilon (p->available, 800, 1e-9);
      /* 山丹县污水处理厂: 25000 m³/d + P02's 20000 from 2025. */
      p = plant_named (b, "山丹县污水处理厂");
      g_assert_cmpfloat_with_epsilon (p->capacity,
                                      (expansion_years[i].year >= 2025 ? 45000 : 25000) * 0.0365,
                                      1e-9);
      ra_balance_free (b);
    }

  /* balance says which projects raised it: in JSON and in text. */
  g_setenv ("RA_BALANCE_EXPANSION_PROJECT", ra_store_get_path (store), TRUE);
  g_setenv ("RA_BALANCE_EXPANSION_YEAR", "2030", TRUE);
  g_setenv ("RA_BALANCE_EXPANSION_JSON", "--json", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*\"name\": \"临泽县污水处理厂\"*\"capacity\": 1460,*"
                             "\"design_capacity\": 730, \"expansions\": [{\"project_id\": *"
                             "\"code\": \"P01\"*\"in_service_year\": 2025, "
                             "\"treatment_m3_per_day\": 10000, \"capacity\": 365}, {*"
                             "\"code\": \"P13\"*\"in_service_year\": 2030*");
  g_setenv ("RA_BALANCE_EXPANSION_YEAR", "2025", TRUE);
  g_unsetenv ("RA_BALANCE_EXPANSION_JSON");
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*临泽县污水处理厂  1095.0  800.0  800.0*"
                             "    + P01 *: +365.0 (10000 m³/d) from 2025\n*");
}

/* allocations.csv has 14 rows for 2030 (甘州 5, 临泽 2, 高台 2, 山丹 1,
 * 煤矿 1, 民乐 2, 肃南 1). */
static void
test_table (void)
{
  g_autofree char *out = g_build_filename (pt_tmpdir (), "allocation-2030.csv", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  if (sample_lacks_water ())
    return;

  g_assert_cmpint (ra_cli_balance_write_table (project, 2030, out), ==, 0);
  g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    if (*g_strstrip (lines[i]) != '\0')
      n++;
  g_assert_cmpuint (n, ==, 14);
  g_assert_nonnull (strstr (text, "甘电投张掖发电厂"));
  g_assert_nonnull (strstr (text, "540"));
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();
  project = g_strdup (g_getenv ("RA_BALANCE_TEST_PROJECT"));
  if (project == NULL)
    {
      project = pt_sample_copy ("zhangye");
      g_setenv ("RA_BALANCE_TEST_PROJECT", project, TRUE);
    }
  g_test_add_func ("/balance/sample/plants-2030", test_plants_2030);
  g_test_add_func ("/balance/sample/ledger-year", test_ledger_year);
  g_test_add_func ("/balance/sample/users-layer-title", test_users_layer_title);
  g_test_add_func ("/balance/sample/quality", test_quality);
  g_test_add_func ("/balance/sample/unallocated-near-pipeline", test_unallocated_near_pipeline);
  g_test_add_func ("/balance/sample/cli-json", test_cli_json);
  g_test_add_func ("/balance/sample/cli-propose", test_cli_propose);
  g_test_add_func ("/balance/sample/table", test_table);
  g_test_add_func ("/balance/sample/expansion", test_expansion);
  return g_test_run ();
}
