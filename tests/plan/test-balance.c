/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The water balance engine on hand-built inputs: supply derivation, the
 * graph (snapping, tees, routes), the optimum against the greedy baseline,
 * binding limits, findings and the JSON.  Expected numbers are worked out
 * by hand in the comments. */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "balance-test-util.h"

/* GRS80 at 39°N: N = a / sqrt (1 - e² sin² φ) = 6386605 m; one degree of
 * longitude = N cos φ π / 180 = 86.628 km. */
#define KM_PER_DEG_LON_39 86.628

static const RaBalancePlant *
plant_by_id (RaBalance *b, gint64 id)
{
  GArray *plants = ra_balance_get_plants (b);

  for (guint i = 0; i < plants->len; i++)
    if (g_array_index (plants, RaBalancePlant, i).id == id)
      return &g_array_index (plants, RaBalancePlant, i);
  return NULL;
}

static const RaBalanceUser *
user_by_id (RaBalance *b, gint64 id)
{
  GArray *users = ra_balance_get_users (b);

  for (guint i = 0; i < users->len; i++)
    if (g_array_index (users, RaBalanceUser, i).id == id)
      return &g_array_index (users, RaBalanceUser, i);
  return NULL;
}

static const RaBalanceCounty *
county_by_adcode (RaBalance *b, const char *adcode)
{
  GArray *counties = ra_balance_get_counties (b);

  for (guint i = 0; i < counties->len; i++)
    if (g_str_equal (g_array_index (counties, RaBalanceCounty, i).adcode, adcode))
      return &g_array_index (counties, RaBalanceCounty, i);
  return NULL;
}

static guint
count_code (GListModel *findings, const char *code, RaPlanFinding **first)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (findings); i++)
    {
      g_autoptr(RaPlanFinding) f = g_list_model_get_item (findings, i);

      if (g_str_equal (ra_plan_finding_get_code (f), code))
        {
          if (n == 0 && first != NULL)
            *first = f;   /* the list holds a reference */
          n++;
        }
    }
  return n;
}

static double
proposal_volume (RaBalanceProposal *p, gint64 user_id, gint64 plant_id)
{
  double sum = 0;

  for (guint i = 0; i < p->allocations->len; i++)
    {
      RaAllocationRecord *a = g_ptr_array_index (p->allocations, i);

      if (a->user_id == user_id && a->plant_id == plant_id)
        sum += a->volume;
    }
  return sum;
}

/* ------------------------------------------------------------------ */

/* Supply: given figures, the county fallback shared by capacity, the
 * capacity cap, committed discharge, mine-water stations on their own. */
static void
test_supply (void)
{
  RaBalanceInput *in = bt_input_new (2030);
  RaBalance *b;
  const RaBalancePlant *p;

  bt_add_plant (in, 1, "W1", "620702", "wwtp", 100000, NULL, 100.0, 39.0);
  bt_add_plant (in, 2, "W2", "620721", "wwtp", 5000, NULL, 99.6, 38.8);
  bt_add_plant (in, 3, "W3", "620721", "wwtp", 15000, NULL, 99.7, 38.8);
  bt_add_plant (in, 4, "W4", "620721", "wwtp", 1000, NULL, 99.8, 38.8);
  bt_add_plant (in, 5, "W5", "620723", "wwtp", 1000, NULL, 100.1, 39.1);
  bt_add_plant (in, 6, "M1", "620725", "mine_water_station", 3000, NULL, 101.0, 38.6);
  bt_add_plant (in, 7, "I1", "620725", "intake", NAN, NULL, 101.0, 38.7);
  bt_add_supply (in, 4, 20, 5);
  bt_set_county_treated (in, "620702", 1700 / 0.58);
  bt_set_county_treated (in, "620721", 100);
  bt_set_county_treated (in, "620723", 50);
  bt_set_county_treated (in, "620725", 999);
  b = ra_balance_new_from_input (in, NULL);

  /* intake points give no water */
  g_assert_cmpuint (ra_balance_get_plants (b)->len, ==, 6);
  /* W1: 1700 / 0.58 = 2931.03 < 100000 x 365 / 10^4 = 3650 */
  p = plant_by_id (b, 1);
  g_assert_cmpint (p->origin, ==, RA_BALANCE_SUPPLY_FROM_COUNTY);
  g_assert_cmpfloat_with_epsilon (p->capacity, 3650, 1e-9);
  g_assert_cmpfloat_with_epsilon (p->available, 2931.0344827586, 1e-6);
  /* 620721: 100 less W4's given 20 = 80, shared 5000 : 15000 -> 20 and 60;
   * W4: 20 - 5 committed = 15 */
  g_assert_cmpfloat_with_epsilon (plant_by_id (b, 2)->available, 20, 1e-9);
  g_assert_cmpfloat_with_epsilon (plant_by_id (b, 3)->available, 60, 1e-9);
  p = plant_by_id (b, 4);
  g_assert_cmpint (p->origin, ==, RA_BALANCE_SUPPLY_GIVEN);
  g_assert_cmpfloat_with_epsilon (p->available, 15, 1e-9);
  g_assert_cmpfloat_with_epsilon (county_by_adcode (b, "620721")->supply, 95, 1e-9);
  /* W5: 50 capped by 1000 x 365 / 10^4 = 36.5 */
  g_assert_cmpfloat_with_epsilon (plant_by_id (b, 5)->available, 36.5, 1e-9);
  /* a mine-water station has only its own figures */
  p = plant_by_id (b, 6);
  g_assert_cmpint (p->origin, ==, RA_BALANCE_SUPPLY_UNKNOWN);
  g_assert_true (isnan (p->available));
  ra_balance_free (b);
}

/* User A (first priority) is in reach of P1 (0.86 km) and P2 (3.47 km),
 * user B (second priority) only of P1 (1.73 km; P2 is 6.06 km away).
 * Each plant has 100, each user needs 100.  Greedy: A takes P1's 100
 * (nearest), B gets nothing: served 100, weighted 6 x 100 = 600.
 * Optimum: A <- P2 100, B <- P1 100: served 200, weighted 600 + 5 x 100
 * = 1100; new pipe 0.04 + 0.02 degrees = 0.06 x 86.628 = 5.198 km at
 * 100 x 10^4 yuan/km = 519.8. */
static void
test_optimum_beats_greedy (void)
{
  RaBalanceInput *in = bt_input_new (2030);
  RaBalance *b;
  RaBalanceProposal *opt, *greedy;

  bt_add_plant (in, 1, "P1", "620702", "wwtp", 10000, "SL368-2006;GB/T 18920-2020", 100.00, 39.0);
  bt_add_plant (in, 2, "P2", "620702", "wwtp", 10000, "SL368-2006;GB/T 18920-2020", 100.05, 39.0);
  bt_add_supply (in, 1, 100, NAN);
  bt_add_supply (in, 2, 100, NAN);
  bt_add_user (in, 11, "A", "620702", "high_water_industry", "industry", "yes", 100, 100.01, 39.0);
  bt_add_user (in, 12, "B", "620702", "urban_nonpotable", "urban_nonpotable", "yes", 100, 99.98, 39.0);
  bt_add_unit_cost (in, 300, 100);
  b = ra_balance_new_from_input (in, NULL);

  greedy = ra_balance_propose_greedy (b);
  opt = ra_balance_propose (b, NULL);
  g_assert_cmpfloat_with_epsilon (greedy->served, 100, 1e-6);
  g_assert_cmpfloat_with_epsilon (greedy->served_weighted, 600, 1e-6);
  g_assert_cmpfloat_with_epsilon (proposal_volume (greedy, 11, 1), 100, 1e-6);
  g_assert_cmpfloat_with_epsilon (opt->served, 200, 1e-6);
  g_assert_cmpfloat_with_epsilon (opt->served_weighted, 1100, 1e-6);
  g_assert_cmpfloat (opt->served_weighted, >, greedy->served_weighted);
  g_assert_cmpfloat_with_epsilon (proposal_volume (opt, 11, 2), 100, 1e-6);
  g_assert_cmpfloat_with_epsilon (proposal_volume (opt, 12, 1), 100, 1e-6);
  g_assert_cmpfloat (fabs (opt->new_pipe_km - 0.06 * KM_PER_DEG_LON_39), <, 0.005 * 5.198);
  g_assert_cmpfloat (fabs (opt->cost_wan - 100 * 0.06 * KM_PER_DEG_LON_39), <, 0.005 * 519.8);
  g_assert_cmpint (user_by_id (b, 11)->limit, ==, RA_BALANCE_LIMIT_NONE);
  g_assert_cmpint (user_by_id (b, 12)->limit, ==, RA_BALANCE_LIMIT_NONE);
  for (guint i = 0; i < opt->allocations->len; i++)
    g_assert_cmpstr (((RaAllocationRecord *) g_ptr_array_index (opt->allocations, i))->origin, ==, "proposal");
  ra_balance_proposal_free (opt);
  ra_balance_proposal_free (greedy);
  ra_balance_free (b);
}

/* Every limit, each from the model:
 * D needs SL368-2006 (industry), its only plant P3 meets GB/T 18921-2019: quality;
 * E is 110 km from everything: no plant in reach; F is not able;
 * G sits at the end of an 8.7 km DN100 pipeline from P4 (nothing within
 * 5 km straight): the pipe carries 1 m/s x π x 0.05² m² x 86400 x 365
 * / 10^4 = 24.768 of its 100: pipe capacity;
 * H needs 50, its plant P5 has 30: supply. */
static void
test_limits (void)
{
  RaBalanceInput *in = bt_input_new (2030);
  RaBalance *b;
  RaBalanceProposal *opt;
  const double line[] = { 101.0, 39.0, 101.1, 39.0 };
  g_autofree char *json = NULL;
  gboolean routed = FALSE;

  bt_add_plant (in, 3, "P3", "620702", "wetland", 10000, "GB/T 18921-2019", 100.5, 39.0);
  bt_add_plant (in, 4, "P4", "620702", "wwtp", 100000, "SL368-2006", 101.0, 39.0);
  bt_add_plant (in, 5, "P5", "620702", "wwtp", 10000, "SL368-2006", 102.0, 39.0);
  bt_add_supply (in, 3, 500, NAN);
  bt_add_supply (in, 4, 1000, NAN);
  bt_add_supply (in, 5, 30, NAN);
  bt_add_user (in, 21, "D", "620702", "other_industry", "industry", "yes", 10, 100.51, 39.0);
  bt_add_user (in, 22, "E", "620702", "agriculture", "farmland", "yes", 10, 100.0, 40.0);
  bt_add_user (in, 23, "F", "620702", "agriculture", "farmland", "no", 10, 100.51, 39.001);
  bt_add_user (in, 24, "G", "620702", "high_water_industry", "industry", "yes", 100, 101.1, 39.0);
  bt_add_user (in, 25, "H", "620702", "other_industry", "industry", "yes", 50, 102.01, 39.0);
  bt_add_pipeline (in, 41, "L41", 100, line, 2);
  b = ra_balance_new_from_input (in, NULL);

  opt = ra_balance_propose (b, NULL);
  g_assert_cmpint (user_by_id (b, 21)->limit, ==, RA_BALANCE_LIMIT_QUALITY);
  g_assert_cmpint (user_by_id (b, 22)->limit, ==, RA_BALANCE_LIMIT_NO_PLANT_IN_REACH);
  g_assert_cmpint (user_by_id (b, 23)->limit, ==, RA_BALANCE_LIMIT_NOT_ABLE);
  g_assert_cmpint (user_by_id (b, 24)->limit, ==, RA_BALANCE_LIMIT_PIPE_CAPACITY);
  g_assert_cmpint (user_by_id (b, 25)->limit, ==, RA_BALANCE_LIMIT_SUPPLY);
  g_assert_cmpfloat_with_epsilon (proposal_volume (opt, 24, 4), G_PI * 0.05 * 0.05 * 86400 * 365 / 1e4, 1e-6);
  g_assert_cmpfloat_with_epsilon (proposal_volume (opt, 25, 5), 30, 1e-6);
  for (guint i = 0; i < opt->allocations->len; i++)
    {
      RaAllocationRecord *a = g_ptr_array_index (opt->allocations, i);

      if (a->user_id == 24)
        {
          g_assert_cmpstr (a->via_pipeline_ids, ==, "41");
          routed = TRUE;
        }
    }
  g_assert_true (routed);
  /* G reaches P4 along the pipeline only: it sits on it (0 km away) */
  g_assert_cmpfloat_with_epsilon (user_by_id (b, 24)->reach_km, 0, 1e-9);
  g_assert_cmpint (user_by_id (b, 24)->nearest_plant_id, ==, 4);
  g_assert_cmpint (user_by_id (b, 22)->nearest_plant_id, ==, 0);
  g_assert_cmpstr (ra_balance_limit_to_key (RA_BALANCE_LIMIT_PIPE_CAPACITY), ==, "pipe_capacity");
  json = ra_balance_to_json (b, "x.sqlite");
  g_assert_nonnull (strstr (json, "\"limit\": \"quality\""));
  ra_balance_proposal_free (opt);
  ra_balance_free (b);
}

/* A tee: pipeline 52 starts in the middle of pipeline 51 (no vertex
 * there).  The user at 52's far end is 4.33 km east and 8.9 km north of
 * the plant (straight: 9.9 km, out of reach), so it is served along
 * 51 then 52: route 0.05 x 86.628 = 4.331 km + 0.08 x 111.0 = 8.88 km. */
static void
test_tee_route (void)
{
  RaBalanceInput *in = bt_input_new (2030);
  RaBalance *b;
  RaBalanceProposal *opt;
  const double l51[] = { 103.0, 39.0, 103.1, 39.0 };
  const double l52[] = { 103.05, 39.0, 103.05, 39.08 };
  RaAllocationRecord *a;
  g_autoptr(GListModel) findings = NULL;

  bt_add_plant (in, 1, "P", "620702", "wwtp", 10000, NULL, 103.0, 39.0);
  bt_add_supply (in, 1, 100, NAN);
  bt_add_user (in, 1, "U", "620702", "urban_nonpotable", "urban_nonpotable", "yes", 10, 103.05, 39.08);
  bt_add_pipeline (in, 51, "L51", 600, l51, 2);
  bt_add_pipeline (in, 52, "L52", 300, l52, 2);
  b = ra_balance_new_from_input (in, NULL);
  opt = ra_balance_propose (b, NULL);
  g_assert_cmpuint (opt->allocations->len, ==, 1);
  a = g_ptr_array_index (opt->allocations, 0);
  g_assert_cmpstr (a->via_pipeline_ids, ==, "51,52");
  g_assert_cmpfloat_with_epsilon (a->volume, 10, 1e-9);
  g_assert_cmpfloat_with_epsilon (opt->new_pipe_km, 0, 1e-12);
  /* 51's far end (103.1) joins nothing: one free end, an info */
  findings = ra_balance_check (b);
  {
    RaPlanFinding *f = NULL;

    g_assert_cmpuint (count_code (findings, "pipeline-unconnected", &f), ==, 1);
    g_assert_cmpint (ra_plan_finding_get_severity (f), ==, RA_PLAN_SEVERITY_INFO);
    g_assert_nonnull (strstr (ra_plan_finding_get_message (f), "L51"));
  }
  ra_balance_proposal_free (opt);
  ra_balance_free (b);
}

/* Findings: U1 (able, 40 needed) lies 0.001 x 86.6 = 0.087 km past the
 * end of pipeline 7 with no allocation; U2 (landscape: GB/T 18921-2019)
 * gets 150 from P1, which has 100 and meets only SL368-2006, against a
 * demand of 200; pipeline 8 lies alone 430 km away. */
static void
test_checks (void)
{
  RaBalanceInput *in = bt_input_new (2030);
  RaBalance *b;
  const double l7[] = { 100.0, 39.0, 100.03, 39.0 };
  const double l8[] = { 105.0, 39.0, 105.01, 39.0 };
  g_autoptr(GListModel) findings = NULL;
  RaPlanFinding *f = NULL;

  bt_add_plant (in, 1, "P1", "620702", "wwtp", 10000, "SL368-2006", 100.0, 39.0);
  bt_add_supply (in, 1, 100, NAN);
  bt_add_user (in, 1, "U1", "620702", "high_water_industry", "industry", "yes", 40, 100.031, 39.0);
  bt_add_user (in, 2, "U2", "620702", "landscape_ecological", "landscape", "yes", 200, 100.03, 39.0);
  bt_add_user (in, 3, "U3", "620702", "agriculture", "farmland", "no", 40, 100.031, 39.001);
  bt_add_allocation (in, 1, 2, 1, 150);
  bt_add_pipeline (in, 7, "L7", 400, l7, 2);
  bt_add_pipeline (in, 8, "L8", 400, l8, 2);
  b = ra_balance_new_from_input (in, NULL);
  findings = ra_balance_check (b);

  g_assert_cmpuint (count_code (findings, "user-unallocated", &f), ==, 1);
  g_assert_nonnull (strstr (ra_plan_finding_get_message (f), "U1"));
  g_assert_cmpfloat (ra_plan_finding_find_value (f, "demand for"), ==, 40);
  g_assert_cmpuint (count_code (findings, "plant-over-allocated", &f), ==, 1);
  g_assert_cmpint (ra_plan_finding_get_severity (f), ==, RA_PLAN_SEVERITY_ERROR);
  g_assert_cmpfloat (ra_plan_finding_find_value (f, "the allocations for"), ==, 150);
  g_assert_cmpfloat (ra_plan_finding_find_value (f, "supply for"), ==, 100);
  g_assert_cmpuint (count_code (findings, "quality-mismatch", &f), ==, 1);
  g_assert_nonnull (strstr (ra_plan_finding_get_message (f), "GB/T 18921-2019"));
  g_assert_nonnull (strstr (ra_plan_finding_get_message (f), "P1"));
  g_assert_cmpuint (count_code (findings, "allocation-below-demand", &f), ==, 1);
  g_assert_cmpfloat (ra_plan_finding_find_value (f, "demand for"), ==, 200);
  g_assert_cmpuint (count_code (findings, "pipeline-unconnected", &f), ==, 1);
  g_assert_cmpint (ra_plan_finding_get_severity (f), ==, RA_PLAN_SEVERITY_WARNING);
  g_assert_nonnull (strstr (ra_plan_finding_get_message (f), "L8"));
  /* the most severe first */
  {
    g_autoptr(RaPlanFinding) first = g_list_model_get_item (findings, 0);

    g_assert_cmpint (ra_plan_finding_get_severity (first), ==, RA_PLAN_SEVERITY_ERROR);
  }
  /* balances: P1 allocated 150; U2 unmet 200 - 150 = 50; county demand
   * counts able users only: 40 + 200 = 240, unmet 40 + 50 = 90 */
  g_assert_cmpfloat (plant_by_id (b, 1)->allocated, ==, 150);
  g_assert_cmpfloat (user_by_id (b, 2)->unmet, ==, 50);
  g_assert_cmpfloat (county_by_adcode (b, "620702")->demand, ==, 240);
  g_assert_cmpfloat (county_by_adcode (b, "620702")->unmet, ==, 90);
  ra_balance_free (b);
}

static void
test_json (void)
{
  RaBalanceInput *in = bt_input_new (2025);
  RaBalance *b;
  g_autofree char *json = NULL;
  g_autofree char *pjson = NULL;
  RaBalanceProposal *opt;

  bt_add_plant (in, 1, "厂\"1\"", "620702", "wwtp", 10000, "SL368-2006", 100.0, 39.0);
  bt_add_supply (in, 1, 100, NAN);
  bt_add_user (in, 1, "用户", "620702", "high_water_industry", "industry", "yes", 40, 100.01, 39.0);
  b = ra_balance_new_from_input (in, NULL);
  json = ra_balance_to_json (b, "p.sqlite");
  g_assert_true (g_utf8_validate (json, -1, NULL));
  g_assert_nonnull (strstr (json, "\"year\": 2025"));
  g_assert_nonnull (strstr (json, "\"name\": \"厂\\\"1\\\"\""));
  g_assert_nonnull (strstr (json, "\"origin\": \"given\""));
  g_assert_nonnull (strstr (json, "\"counties\": ["));
  g_assert_nonnull (strstr (json, "\"users\": ["));
  g_assert_nonnull (strstr (json, "\"allocations\": []"));
  g_assert_nonnull (strstr (json, "\"code\": \"user-unallocated\""));
  opt = ra_balance_propose (b, NULL);
  pjson = ra_balance_proposal_to_json (opt);
  g_assert_nonnull (strstr (pjson, "\"served\": 40"));
  ra_balance_proposal_free (opt);
  ra_balance_free (b);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/balance/supply", test_supply);
  g_test_add_func ("/balance/optimum-beats-greedy", test_optimum_beats_greedy);
  g_test_add_func ("/balance/limits", test_limits);
  g_test_add_func ("/balance/tee-route", test_tee_route);
  g_test_add_func ("/balance/checks", test_checks);
  g_test_add_func ("/balance/json", test_json);
  return g_test_run ();
}
