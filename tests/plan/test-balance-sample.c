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

/* An able user put 0.2 km north of a straight pipeline 甘州区污水处理厂 ->
 * 河西硅业 (100.415096 38.944662 -> 100.5 38.9; its midpoint 100.457548
 * 38.922331, inserted here: the sample's own route runs along its
 * illustrative network, over 0.9 km away), with a demand and no
 * allocation, is found. */
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


/* ---- the illustrative network (pipelines.csv, "示意管网") ---------------- */

/* A point's key: the exact coordinates, so "snapped" means equal, not
 * near. */
static char *
point_key (double lon, double lat)
{
  return g_strdup_printf ("%.17g %.17g", lon, lat);
}

static guint
uf_root (GArray *parent, guint i)
{
  while (g_array_index (parent, guint, i) != i)
    i = g_array_index (parent, guint, i);
  return i;
}

/* The network's node of key, made on first sight. */
static guint
node_of (GHashTable *nodes, GArray *parent, const char *key)
{
  gpointer v;
  guint n;

  if (g_hash_table_lookup_extended (nodes, key, NULL, &v))
    return GPOINTER_TO_UINT (v);
  n = parent->len;
  g_array_append_val (parent, n);
  g_hash_table_insert (nodes, g_strdup (key), GUINT_TO_POINTER (n));
  return n;
}

/* The networks of 甘州区 and 民乐县: each pipe end sits exactly on a plant,
 * a user or the ends of other pipes of the network (a junction), and each
 * is drawn from its upstream end; the pipes
 * of each plant form a tree (no loop: every pipe joins two parts not yet
 * joined) holding that one plant; no other pipeline leaves those plants.
 * The users they reach are those of water_users.csv the straight lines
 * served, and the water balance routes each along the tree: 河西硅业 from
 * 甘州区's plant through the east trunk's two stretches and its branch. */
static void
test_illustrative_network (void)
{
  g_autoptr(RaStore) store = pt_open_sample ("zhangye");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pipes = ra_store_list_pipelines (store, &error);
  g_autoptr(GPtrArray) users = ra_store_list_water_users (store, &error);
  g_autoptr(GPtrArray) plants = ra_store_list_plant_details (store, &error);
  g_autoptr(GHashTable) nodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) ends = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) plant_at = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) user_at = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) reached_ends = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) parent = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GHashTable) network_ids = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GString) reached = g_string_new (NULL);
  const char *network_plants[] = { "甘州区污水处理厂", "民乐县污水处理厂" };
  guint n_network = 0;
  RaBalance *b;
  RaBalanceProposal *greedy;

  g_assert_no_error (error);
  for (guint i = 0; i < plants->len; i++)
    {
      RaPlantDetailRecord *p = plants->pdata[i];
      g_autoptr(RaGeometry) g = ra_store_get_geometry (store, "plants", p->id, NULL);

      g_assert_nonnull (g);
      g_hash_table_insert (plant_at, point_key (g->xy[0], g->xy[1]), p->name);
    }
  for (guint i = 0; i < users->len; i++)
    {
      RaWaterUserRecord *u = users->pdata[i];

      g_hash_table_insert (user_at, point_key (u->lon, u->lat), u->name);
    }

  /* Count the ends at each point first. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < pipes->len; i++)
      {
        RaPipelineRecord *rec = pipes->pdata[i];
        g_autoptr(RaGeometry) g = ra_store_get_geometry (store, "pipelines", rec->id, NULL);
        gboolean network = strstr (rec->name, "示意管网") != NULL;
        g_autofree char *a = NULL, *z = NULL;
        guint n;

        g_assert_nonnull (g);
        g_assert_cmpuint (g->n_parts, ==, 1);
        n = g->parts[1];
        a = point_key (g->xy[0], g->xy[1]);
        z = point_key (g->xy[2 * n - 2], g->xy[2 * n - 1]);
        if (pass == 0)
          {
            if (network)
              {
                g_hash_table_insert (ends, g_strdup (a), GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (ends, a)) + 1));
                g_hash_table_insert (ends, g_strdup (z), GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (ends, z)) + 1));
                g_hash_table_add (network_ids, &rec->id);
                n_network++;
                /* marked illustrative, with a DN and a material */
                g_assert_nonnull (strstr (rec->name, "示意"));
                g_assert_cmpfloat (rec->dn_mm, >=, 200);
                g_assert_nonnull (rec->material);
              }
            continue;
          }
        if (!network)
          {
            /* No straight line left at a networked plant: it would close a loop. */
            for (guint k = 0; k < G_N_ELEMENTS (network_plants); k++)
              {
                g_assert_cmpstr (g_hash_table_lookup (plant_at, a), !=, network_plants[k]);
                g_assert_cmpstr (g_hash_table_lookup (plant_at, z), !=, network_plants[k]);
              }
            continue;
          }
        /* Drawn in the direction of flow, trunks before their branches:
         * each pipe starts at its plant or where an earlier one ends. */
        g_assert_true (g_hash_table_contains (plant_at, a) || g_hash_table_contains (reached_ends, a));
        g_hash_table_add (reached_ends, g_strdup (z));
        for (guint e = 0; e < 2; e++)
          {
            const char *key = e == 0 ? a : z;

            g_assert_true (g_hash_table_contains (plant_at, key) || g_hash_table_contains (user_at, key)
                           || GPOINTER_TO_UINT (g_hash_table_lookup (ends, key)) >= 2);
          }
        {
          guint ra = uf_root (parent, node_of (nodes, parent, a));
          guint rz = uf_root (parent, node_of (nodes, parent, z));

          g_assert_cmpuint (ra, !=, rz);   /* a loop */
          g_array_index (parent, guint, MAX (ra, rz)) = MIN (ra, rz);
        }
      }
  g_assert_cmpuint (n_network, ==, 11);

  /* One plant per tree, and the users each reaches. */
  for (guint k = 0; k < G_N_ELEMENTS (network_plants); k++)
    {
      GHashTableIter it;
      gpointer key, value;
      guint root = G_MAXUINT, n_plants = 0;

      g_hash_table_iter_init (&it, plant_at);
      while (g_hash_table_iter_next (&it, &key, &value))
        if (g_str_equal (value, network_plants[k]))
          {
            g_assert_true (g_hash_table_contains (nodes, key));
            root = uf_root (parent, GPOINTER_TO_UINT (g_hash_table_lookup (nodes, key)));
          }
      g_assert_cmpuint (root, !=, G_MAXUINT);
      g_hash_table_iter_init (&it, plant_at);
      while (g_hash_table_iter_next (&it, &key, &value))
        if (g_hash_table_contains (nodes, key)
            && uf_root (parent, GPOINTER_TO_UINT (g_hash_table_lookup (nodes, key))) == root)
          n_plants++;
      g_assert_cmpuint (n_plants, ==, 1);
      g_string_append_printf (reached, "%s:", network_plants[k]);
      for (guint i = 0; i < users->len; i++)
        {
          RaWaterUserRecord *u = users->pdata[i];
          g_autofree char *ukey = point_key (u->lon, u->lat);

          if (g_hash_table_contains (nodes, ukey)
              && uf_root (parent, GPOINTER_TO_UINT (g_hash_table_lookup (nodes, ukey))) == root)
            g_string_append_printf (reached, " %s", u->name);
        }
      g_string_append_c (reached, ';');
    }
  g_assert_cmpstr (reached->str, ==,
                   "甘州区污水处理厂: 甘电投张掖发电厂 河西硅业 张掖国家湿地公园生态补水 "
                   "甘州区城区园林绿化 甘州区城区道路清扫与环卫;"
                   "民乐县污水处理厂: 民乐县城区园林绿化 民乐生态工业园区;");

  /* The balance: on the network (reach 0), and routed along the tree. */
  b = sample_balance (store, 2030);
  g_assert_cmpfloat (user_named (b, "河西硅业")->reach_km, ==, 0);
  g_assert_cmpfloat (user_named (b, "民乐生态工业园区")->reach_km, ==, 0);
  greedy = ra_balance_propose_greedy (b);
  for (guint i = 0; i < greedy->allocations->len; i++)
    {
      RaAllocationRecord *a = greedy->allocations->pdata[i];
      const RaBalanceUser *u = NULL;
      GArray *all = ra_balance_get_users (b);
      g_auto(GStrv) ids = NULL;

      for (guint k = 0; k < all->len; k++)
        if (g_array_index (all, RaBalanceUser, k).id == a->user_id)
          u = &g_array_index (all, RaBalanceUser, k);
      g_assert_nonnull (u);
      if (strstr (reached->str, u->name) == NULL)
        continue;
      g_assert_nonnull (a->via_pipeline_ids);
      ids = g_strsplit (a->via_pipeline_ids, ",", -1);
      for (guint k = 0; ids[k] != NULL; k++)
        {
          gint64 id = g_ascii_strtoll (ids[k], NULL, 10);

          g_assert_true (g_hash_table_contains (network_ids, &id));
        }
      if (g_str_equal (u->name, "河西硅业"))
        {
          g_assert_cmpuint (g_strv_length (ids), ==, 3);
          for (guint k = 0; k < pipes->len; k++)
            {
              RaPipelineRecord *rec = pipes->pdata[k];
              const char *want[] = { "东干管一段", "东干管二段", "经开区支管" };

              for (guint j = 0; j < 3; j++)
                if (g_ascii_strtoll (ids[j], NULL, 10) == rec->id)
                  g_assert_nonnull (strstr (rec->name, want[j]));
            }
        }
    }
  ra_balance_proposal_free (greedy);
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
  g_test_add_func ("/balance/sample/illustrative-network", test_illustrative_network);
  g_test_add_func ("/balance/sample/cli-json", test_cli_json);
  g_test_add_func ("/balance/sample/cli-propose", test_cli_propose);
  g_test_add_func ("/balance/sample/table", test_table);
  g_test_add_func ("/balance/sample/expansion", test_expansion);
  return g_test_run ();
}
