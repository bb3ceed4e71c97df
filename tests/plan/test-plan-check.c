/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ra-plan-check: the findings the issue asks for, with their numbers. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "plan-test-util.h"
#include "ra-plan-check.h"

/* (transfer full) findings with code (and adcode / year when given). */
static GPtrArray *
find (GListModel *findings, const char *code, const char *adcode, int year)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (findings); i++)
    {
      g_autoptr(RaPlanFinding) f = g_list_model_get_item (findings, i);

      if (g_strcmp0 (ra_plan_finding_get_code (f), code) == 0 &&
          (adcode == NULL || g_strcmp0 (ra_plan_finding_get_adcode (f), adcode) == 0) &&
          (year == 0 || ra_plan_finding_get_year (f) == year))
        g_ptr_array_add (out, g_object_ref (f));
    }
  return out;
}

static gboolean
has_number (RaPlanFinding *f, double value)
{
  guint n;
  const RaPlanNumber *numbers = ra_plan_finding_get_numbers (f, &n);

  for (guint i = 0; i < n; i++)
    if (fabs (numbers[i].value - value) < 1e-9)
      return TRUE;
  return FALSE;
}

static GListModel *
check_sample (const char *name, RaStore **store_out, RaPlan **plan_out)
{
  RaStore *store = pt_open_sample (name);
  RaPlan *plan = pt_plan (store);
  GListModel *findings = ra_plan_check_run (plan, store);

  g_assert_true (g_list_model_get_item_type (findings) == RA_TYPE_PLAN_FINDING);
  if (store_out)
    *store_out = store;
  else
    g_object_unref (store);
  if (plan_out)
    *plan_out = plan;
  else
    g_object_unref (plan);
  return findings;
}

/* The three 2023 city rates: 51 (appendix table 1), 50.7 (history), 50.5
 * (plan text). */
static void
test_city_rates (void)
{
  g_autoptr(GListModel) findings = check_sample ("zhangye", NULL, NULL);
  g_autoptr(GPtrArray) hits = find (findings, "rate-sources", "620700", 2023);
  g_autoptr(GPtrArray) county_hits = find (findings, "rate-sources", "620702", 0);
  RaPlanFinding *f;

  g_assert_cmpuint (hits->len, ==, 1);
  f = g_ptr_array_index (hits, 0);
  g_assert_cmpint (ra_plan_finding_get_severity (f), ==, RA_PLAN_SEVERITY_WARNING);
  g_assert_cmpfloat (ra_plan_finding_find_value (f, "appendix table 1"), ==, 51);
  g_assert_cmpfloat (ra_plan_finding_find_value (f, "history"), ==, 50.7);
  g_assert_cmpfloat (ra_plan_finding_find_value (f, "plan text"), ==, 50.5);
  g_assert_nonnull (strstr (ra_plan_finding_get_message (f), "张掖市"));
  /* County rates rounded in table 1 (48.3 -> 48) are not flagged. */
  g_assert_cmpuint (county_hits->len, ==, 0);
}

/* Target increase vs the capacity of the projects due, derived from the
 * CSVs for every county and target year. */
static void
test_target_vs_projects (void)
{
  g_autoptr(GListModel) findings = check_sample ("zhangye", NULL, NULL);
  g_autoptr(GPtrArray) targets = pt_read_sample_csv ("zhangye", "targets.csv");
  g_autoptr(GPtrArray) projects = pt_read_sample_csv ("zhangye", "projects.csv");
  guint n_expected = 0;

  for (guint i = 0; i < targets->len; i++)
    {
      GHashTable *t = g_ptr_array_index (targets, i);
      const char *adcode = g_hash_table_lookup (t, "adcode");
      int year = atoi (g_hash_table_lookup (t, "year"));
      double base = NAN, added = 0, increase;
      g_autoptr(GPtrArray) hits = NULL;
      gboolean city = g_str_equal (adcode, "620700");

      if (!g_str_equal (g_hash_table_lookup (t, "kind"), "target_min"))
        continue;
      for (guint j = 0; j < targets->len; j++)
        {
          GHashTable *a = g_ptr_array_index (targets, j);

          if (g_str_equal (g_hash_table_lookup (a, "adcode"), adcode) &&
              g_str_equal (g_hash_table_lookup (a, "kind"), "actual"))
            base = pt_num (a, "reclaimed_use");
        }
      for (guint p = 0; p < projects->len; p++)
        {
          GHashTable *row = g_ptr_array_index (projects, p);

          if ((city || g_str_equal (g_hash_table_lookup (row, "county_adcode"), adcode)) &&
              g_str_equal (g_hash_table_lookup (row, "source"), "reclaimed") &&
              pt_due_year (row) <= year)
            added += pt_num (row, "cap_total");
        }
      increase = pt_num (t, "reclaimed_use") - base;
      hits = find (findings, "target-vs-projects", adcode, year);
      /* Reclaimed-water findings only (mine water has its own). */
      for (guint h = hits->len; h-- > 0;)
        if (strstr (ra_plan_finding_get_message (g_ptr_array_index (hits, h)), "mine") != NULL)
          g_ptr_array_remove_index (hits, h);
      if (fabs (increase - added) < 0.5)
        {
          g_assert_cmpuint (hits->len, ==, 0);
          continue;
        }
      n_expected++;
      g_assert_cmpuint (hits->len, ==, 1);
      g_assert_cmpfloat (ra_plan_finding_find_value (g_ptr_array_index (hits, 0), NULL), ==, increase);
      g_assert_true (has_number (g_ptr_array_index (hits, 0), added));
    }
  g_assert_cmpuint (n_expected, >=, 2);

  /* The two the issue names. */
  {
    g_autoptr(GPtrArray) linze = find (findings, "target-vs-projects", "620723", 2025);
    g_autoptr(GPtrArray) shandan = find (findings, "target-vs-projects", "620725", 2025);
    RaPlanFinding *s = NULL;

    g_assert_cmpuint (linze->len, ==, 1);
    g_assert_true (has_number (g_ptr_array_index (linze, 0), 60));
    g_assert_true (has_number (g_ptr_array_index (linze, 0), 86));
    for (guint i = 0; i < shandan->len; i++)
      if (has_number (g_ptr_array_index (shandan, i), 252))
        s = g_ptr_array_index (shandan, i);
    g_assert_nonnull (s);
    g_assert_true (has_number (s, 280));
    g_assert_cmpint (ra_plan_finding_get_severity (s), ==, RA_PLAN_SEVERITY_INFO);
  }
}

/* Appendix table 2: batch subtotals from the rows equal the plan's
 * published subtotals (23912/272, 34844/475, 78589/612). */
static void
test_appendix2 (void)
{
  g_autoptr(GListModel) findings = check_sample ("zhangye", NULL, NULL);
  g_autoptr(GPtrArray) hits = find (findings, "appendix2-subtotal", NULL, 0);
  g_autoptr(GPtrArray) projects = pt_read_sample_csv ("zhangye", "projects.csv");
  static const struct { const char *batch; double inv, cap; } published[] = {
    { "2024", 23912, 272 }, { "2025", 34844, 475 }, { "2026-2030", 78589, 612 },
  };

  g_assert_cmpuint (hits->len, ==, 3);
  for (guint b = 0; b < G_N_ELEMENTS (published); b++)
    {
      RaPlanFinding *f = g_ptr_array_index (hits, b);
      double inv = 0, cap = 0;

      for (guint p = 0; p < projects->len; p++)
        {
          GHashTable *row = g_ptr_array_index (projects, p);

          if (g_str_equal (g_hash_table_lookup (row, "batch"), published[b].batch))
            {
              if (isfinite (pt_num (row, "investment_total")))
                inv += pt_num (row, "investment_total");
              cap += pt_num (row, "cap_total");
            }
        }
      g_assert_cmpfloat (inv, ==, published[b].inv);
      g_assert_cmpfloat (cap, ==, published[b].cap);
      g_assert_nonnull (strstr (ra_plan_finding_get_message (f), published[b].batch));
      g_assert_cmpint (ra_plan_finding_get_severity (f), ==, RA_PLAN_SEVERITY_INFO);
      g_assert_cmpfloat (ra_plan_finding_find_value (f, "projects of batch"), ==, inv);
      g_assert_true (has_number (f, cap));
      g_assert_cmpfloat (ra_plan_finding_find_value (f, "附表2"), ==, published[b].inv);
    }
}

static void
test_no_geometry (void)
{
  g_autoptr(GListModel) findings = check_sample ("zhangye", NULL, NULL);
  g_autoptr(GPtrArray) hits = find (findings, "project-no-geometry", NULL, 0);
  guint n;

  g_assert_cmpuint (hits->len, ==, 1);
  ra_plan_finding_get_numbers (g_ptr_array_index (hits, 0), &n);
  g_assert_cmpuint (n, ==, 18);
  g_assert_nonnull (strstr (ra_plan_finding_get_message (g_ptr_array_index (hits, 0)), "P18"));
}

/* The city row against the sum of its counties: consistent on the
 * sample; a changed county target is found, with the numbers. */
static void
test_city_row (void)
{
  g_autoptr(RaStore) store = pt_open_sample ("zhangye");
  g_autoptr(GError) error = NULL;
  g_autoptr(RaPlanInput) input = ra_plan_input_load (store, &error);
  g_autoptr(RaPlan) plan = NULL;
  g_autoptr(GListModel) findings = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  RaIndicatorRecord *linze = NULL;

  g_assert_no_error (error);
  plan = ra_plan_new (input);
  findings = ra_plan_check_run (plan, NULL);
  hits = find (findings, "city-row-vs-counties", NULL, 0);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_object (&plan);
  g_clear_object (&findings);
  g_clear_pointer (&hits, g_ptr_array_unref);

  for (guint i = 0; i < input->indicators->len; i++)
    {
      RaIndicatorRecord *r = g_ptr_array_index (input->indicators, i);

      if (g_str_equal (r->adcode, "620723") && r->year == 2025 &&
          g_str_equal (r->kind, "target_min"))
        linze = r;
    }
  g_assert_nonnull (linze);
  linze->reclaimed_use = 450;
  plan = ra_plan_new (input);
  findings = ra_plan_check_run (plan, NULL);
  hits = find (findings, "city-row-vs-counties", "620700", 2025);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (ra_plan_finding_get_severity (g_ptr_array_index (hits, 0)), ==,
                   RA_PLAN_SEVERITY_ERROR);
  g_assert_true (has_number (g_ptr_array_index (hits, 0), 3213));
  g_assert_true (has_number (g_ptr_array_index (hits, 0), 3223));
  /* Errors come first. */
  {
    g_autoptr(RaPlanFinding) first = g_list_model_get_item (findings, 0);

    g_assert_cmpint (ra_plan_finding_get_severity (first), ==, RA_PLAN_SEVERITY_ERROR);
  }
}

static void
test_json (void)
{
  g_autoptr(RaStore) store = pt_open_sample ("zhangye");
  g_autoptr(GError) error = NULL;
  g_autoptr(RaPlanInput) input = ra_plan_input_load (store, &error);
  g_autoptr(RaPlan) plan = NULL;
  g_autoptr(GListModel) findings = NULL;
  g_autofree char *json = NULL;
  RaProjectRecord *p = g_ptr_array_index (input->projects, 0);

  /* A code that needs escaping. */
  g_free (p->code);
  p->code = g_strdup ("P\"1\\\n\t");
  plan = ra_plan_new (input);
  findings = ra_plan_check_run (plan, store);
  json = ra_plan_check_to_json (findings, "a \"b\".sqlite");
  g_assert_nonnull (strstr (json, "\"project\": \"a \\\"b\\\".sqlite\""));
  g_assert_nonnull (strstr (json, "P\\\"1\\\\\\n\\t"));
  g_assert_null (strstr (json, "\n\t"));
  g_assert_nonnull (strstr (json, "\"code\": \"rate-sources\""));
  g_assert_nonnull (strstr (json, "\"value\": 50.5"));
  g_assert_nonnull (strstr (json, "\"counts\": {"));
  g_assert_true (g_utf8_validate (json, -1, NULL));
}

/* Xinzhou: its own findings, none of them errors. */
static void
test_xinzhou (void)
{
  g_autoptr(GListModel) findings = check_sample ("xinzhou", NULL, NULL);
  g_autoptr(GPtrArray) no_base = find (findings, "no-baseline", NULL, 0);
  g_autoptr(GPtrArray) city_only = find (findings, "city-targets-only", NULL, 0);
  g_autoptr(GPtrArray) subtotal = find (findings, "appendix2-subtotal", NULL, 0);

  g_assert_cmpuint (g_list_model_get_n_items (findings), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (findings); i++)
    {
      g_autoptr(RaPlanFinding) f = g_list_model_get_item (findings, i);

      g_assert_cmpint (ra_plan_finding_get_severity (f), !=, RA_PLAN_SEVERITY_ERROR);
    }
  g_assert_cmpuint (no_base->len, ==, 1);
  g_assert_cmpuint (city_only->len, ==, 1);
  g_assert_true (has_number (g_ptr_array_index (city_only, 0), 2300));
  g_assert_cmpuint (subtotal->len, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();

  g_test_add_func ("/plan-check/rate-sources/city-2023", test_city_rates);
  g_test_add_func ("/plan-check/target-vs-projects", test_target_vs_projects);
  g_test_add_func ("/plan-check/appendix2/subtotals", test_appendix2);
  g_test_add_func ("/plan-check/projects/no-geometry", test_no_geometry);
  g_test_add_func ("/plan-check/city-row", test_city_row);
  g_test_add_func ("/plan-check/json", test_json);
  g_test_add_func ("/plan-check/xinzhou", test_xinzhou);
  return g_test_run ();
}
