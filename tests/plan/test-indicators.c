/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Credible projections: treated wastewater by county and year and where
 * each figure comes from, no reuse rate over 100 % shown as a value, the
 * per-period plan check, and `reclaim-atlas-cli indicators --json`.
 * Expected numbers are worked out by hand from
 * data/samples/zhangye/targets.csv (arithmetic in the comments) or from
 * inputs built here. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "plan-test-util.h"
#include "ra-plan-check.h"
#include "ra-plan-json.h"
#include "ra-thematic.h"

#define ZHANGYE_CITY "620700"
#define SUNAN        "620721"

/* ------------------------------------------------------------------ */
/* The sample                                                          */

/* No county or the city, in any year 2023..2035, has a rate over 100 %
 * as a value, nor a conflict at all. */
static void
test_sample_no_rate_over_100 (void)
{
  g_autoptr(RaStore) store = pt_open_sample ("zhangye");
  g_autoptr(RaPlan) plan = pt_plan (store);
  const char * const *counties = ra_plan_get_county_adcodes (plan);
  guint n;
  const int *years = ra_plan_get_years (plan, &n);
  guint checked = 0;

  g_assert_cmpint (years[0], ==, 2023);
  g_assert_cmpint (years[n - 1], ==, RA_PLAN_HORIZON_YEAR);
  for (int y = 2023; y <= 2035; y++)
    for (guint c = 0; ; c++)
      {
        const char *adcode = counties[c] != NULL ? counties[c] : ZHANGYE_CITY;
        const RaPlanFigures *f = ra_plan_get_figures (plan, adcode, y);

        g_assert_nonnull (f);
        g_assert_true (isfinite (f->reuse_rate_pct));
        g_assert_cmpfloat (f->reuse_rate_pct, <=, 100.0);
        g_assert_cmpfloat (f->reuse_rate_pct, >, 0.0);
        g_assert_cmpint (f->status, !=, RA_PLAN_STATUS_CONFLICT);
        g_assert_cmpint (f->rate_provenance, !=, RA_PLAN_PROVENANCE_CONFLICT);
        g_assert_true (isnan (f->conflict_rate_pct));
        g_assert_cmpint (f->treated_provenance, !=, RA_PLAN_PROVENANCE_NONE);
        checked++;
        if (counties[c] == NULL)
          break;
      }
  g_assert_cmpuint (checked, ==, 13 * 7);
}

/* 2025 and 2030: treated wastewater = target use ÷ target rate of the
 * plan's own row (targets.csv). */
static void
test_target_years_derived (void)
{
  g_autoptr(RaStore) store = pt_open_sample ("zhangye");
  g_autoptr(RaPlan) plan = pt_plan (store);
  g_autoptr(GPtrArray) targets = pt_read_sample_csv ("zhangye", "targets.csv");
  const RaPlanFigures *f;
  guint checked = 0;

  for (guint i = 0; i < targets->len; i++)
    {
      GHashTable *t = g_ptr_array_index (targets, i);
      const char *adcode = g_hash_table_lookup (t, "adcode");
      int year = atoi (g_hash_table_lookup (t, "year"));

      if (!g_str_equal (g_hash_table_lookup (t, "kind"), "target_min") ||
          g_str_equal (adcode, ZHANGYE_CITY))
        continue;
      f = ra_plan_get_figures (plan, adcode, year);
      g_assert_nonnull (f);
      g_assert_cmpfloat_with_epsilon (f->treated_wastewater,
                                      pt_num (t, "reclaimed_use") / (pt_num (t, "reclaimed_rate_pct") / 100.0),
                                      1e-9);
      g_assert_cmpint (f->treated_provenance, ==, RA_PLAN_PROVENANCE_DERIVED_FROM_TARGETS);
      checked++;
    }
  g_assert_cmpuint (checked, ==, 12);

  /* 肃南 2030: 90 / 0.64 = 140.625; projected use 45 (2023) + 22 (P04,
   * 2024 under construction -> 2025) + 36 (P17) + 16 (P18, 2026-2030 ->
   * 2030) = 119; rate 119 / 140.625 = 84.622 %. */
  f = ra_plan_get_figures (plan, SUNAN, 2030);
  g_assert_cmpfloat_with_epsilon (f->treated_wastewater, 140.625, 1e-9);
  g_assert_cmpfloat (f->reclaimed_use, ==, 119);
  g_assert_cmpfloat_with_epsilon (f->reuse_rate_pct, 119 / 140.625 * 100, 1e-9);
  g_assert_cmpint (f->use_provenance, ==, RA_PLAN_PROVENANCE_PROJECTED);
  g_assert_cmpint (f->rate_provenance, ==, RA_PLAN_PROVENANCE_PROJECTED);
  /* 民乐 2030: 420 / 0.70 = 600; use 186 + 74 + 90 + 40 + 30 = 420: 70 %,
   * where holding 2023's 186 / 0.527 = 352.9 gave 119 %. */
  f = ra_plan_get_figures (plan, "620722", 2030);
  g_assert_cmpfloat_with_epsilon (f->treated_wastewater, 600, 1e-9);
  g_assert_cmpfloat_with_epsilon (f->reuse_rate_pct, 70, 1e-9);
}

/* 2024 lies between 2023 (actual use / rate, history.csv's more precise
 * rate where it gives one) and 2025 (target use / target rate); 2026-2029
 * between 2025 and 2030; 2031-2035 hold 2030's figure. */
static void
test_interpolated_and_held (void)
{
  g_autoptr(RaStore) store = pt_open_sample ("zhangye");
  g_autoptr(RaPlan) plan = pt_plan (store);
  const RaPlanFigures *f;
  double t2023, t2025, t2030;
  int from, to;
  g_autofree char *note = NULL;

  /* 肃南: 2023 = 45 / 0.464 = 96.983; 2025 = 67 / 0.57 = 117.544;
   * 2024 = (96.983 + 117.544) / 2 = 107.263; use 2024 = 45 (nothing in
   * service before 2025): rate 41.95 %. */
  t2023 = 45 / 0.464;
  t2025 = 67 / 0.57;
  t2030 = 90 / 0.64;
  g_assert_cmpfloat_with_epsilon (pt_treated_2023 (SUNAN), t2023, 1e-9);
  f = ra_plan_get_figures (plan, SUNAN, 2023);
  g_assert_cmpfloat_with_epsilon (f->treated_wastewater, t2023, 1e-9);
  g_assert_cmpint (f->treated_provenance, ==, RA_PLAN_PROVENANCE_DERIVED_FROM_ACTUALS);
  g_assert_cmpint (f->rate_provenance, ==, RA_PLAN_PROVENANCE_GIVEN);
  g_assert_cmpint (f->use_provenance, ==, RA_PLAN_PROVENANCE_GIVEN);
  f = ra_plan_get_figures (plan, SUNAN, 2024);
  g_assert_cmpfloat_with_epsilon (f->treated_wastewater, (t2023 + t2025) / 2, 1e-9);
  g_assert_cmpint (f->treated_provenance, ==, RA_PLAN_PROVENANCE_INTERPOLATED);
  g_assert_cmpint (f->treated_from_year, ==, 2023);
  g_assert_cmpint (f->treated_to_year, ==, 2025);
  g_assert_cmpfloat (f->reclaimed_use, ==, 45);
  g_assert_cmpfloat_with_epsilon (f->reuse_rate_pct, 45 / ((t2023 + t2025) / 2) * 100, 1e-9);
  /* 2027: 2025 + (2030 - 2025) * 2 / 5. */
  f = ra_plan_get_figures (plan, SUNAN, 2027);
  g_assert_cmpfloat_with_epsilon (f->treated_wastewater, t2025 + (t2030 - t2025) * 2 / 5, 1e-9);
  g_assert_cmpint (f->treated_provenance, ==, RA_PLAN_PROVENANCE_INTERPOLATED);
  for (int y = 2031; y <= 2035; y++)
    {
      f = ra_plan_get_figures (plan, SUNAN, y);
      g_assert_cmpfloat_with_epsilon (f->treated_wastewater, t2030, 1e-9);
      g_assert_cmpint (f->treated_provenance, ==, RA_PLAN_PROVENANCE_HELD);
      g_assert_cmpint (f->treated_from_year, ==, 2030);
    }

  /* The city: 2024 is interpolated in every county. */
  g_assert_cmpint (ra_plan_get_year_provenance (plan, 2024, &from, &to), ==,
                   RA_PLAN_PROVENANCE_INTERPOLATED);
  g_assert_cmpint (from, ==, 2023);
  g_assert_cmpint (to, ==, 2025);
  g_assert_false (ra_plan_year_has_own_data (plan, 2024));
  g_assert_true (ra_plan_year_has_own_data (plan, 2025));
  g_assert_true (ra_plan_year_has_own_data (plan, 2023));
  note = ra_plan_dup_year_note (plan, 2024);
  g_assert_cmpstr (note, ==, "no data for 2024: figures interpolated between 2023 and 2025; "
                   "except 甘州区 (from the ledger)");
  g_clear_pointer (&note, g_free);
  note = ra_plan_dup_year_note (plan, 2033);
  g_assert_cmpstr (note, ==, "no data for 2033: treated wastewater held at its 2030 figure");
  g_clear_pointer (&note, g_free);
  g_assert_null (ra_plan_dup_year_note (plan, 2030));
}

/* A year the plants' ledgers cover (12 months of every wastewater plant of
 * the county) is an actual year: 甘州区 2024 from
 * data/samples/zhangye/ledger_2024.csv, summed by hand: 处理量 of the 12
 * months = 2941.0; 工业+农业+生态+城市杂用回用量 = 332 + 60 + 930 + 120 =
 * 1442.0; rate 1442 / 2941 = 49.03 %.  The other counties keep their
 * interpolated 2024. */
static void
test_ledger_year (void)
{
  g_autoptr(RaStore) store = pt_open_sample ("zhangye");
  g_autoptr(RaPlan) plan = pt_plan (store);
  const RaPlanFigures *f = ra_plan_get_figures (plan, "620702", 2024);

  g_assert_nonnull (f);
  g_assert_cmpfloat_with_epsilon (f->treated_wastewater, 2941.0, 1e-6);
  g_assert_cmpint (f->treated_provenance, ==, RA_PLAN_PROVENANCE_FROM_LEDGER);
  g_assert_cmpfloat_with_epsilon (f->reclaimed_use, 1442.0, 1e-6);
  g_assert_cmpint (f->use_provenance, ==, RA_PLAN_PROVENANCE_FROM_LEDGER);
  g_assert_cmpfloat_with_epsilon (f->reuse_rate_pct, 1442.0 / 2941.0 * 100, 1e-6);
  g_assert_cmpint (f->rate_provenance, ==, RA_PLAN_PROVENANCE_FROM_LEDGER);
  f = ra_plan_get_figures (plan, SUNAN, 2024);
  g_assert_cmpint (f->treated_provenance, ==, RA_PLAN_PROVENANCE_INTERPOLATED);
  g_assert_cmpint (f->use_provenance, ==, RA_PLAN_PROVENANCE_PROJECTED);
  /* 2025 has no ledger: projected again from the baseline. */
  f = ra_plan_get_figures (plan, "620702", 2025);
  g_assert_cmpint (f->use_provenance, ==, RA_PLAN_PROVENANCE_PROJECTED);
}

/* The CLI: `indicators SAMPLE --json` over every year, and a year outside
 * the plan. */
static void
test_cli_json (void)
{
  g_autofree char *project = pt_sample_copy ("zhangye");
  const char *argv[] = { RA_TEST_CLI, "indicators", project, "--json", NULL };
  const char *bad[] = { RA_TEST_CLI, "indicators", project, "--year", "2040", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) rate_re = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  int status;
  guint n_rates = 0, n_null = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (err, ==, "");

  rate_re = g_regex_new ("\"rate_pct\": \\{\"value\": ([^,]+), \"provenance\": \"([a-z_]+)\"",
                         0, 0, NULL);
  g_regex_match (rate_re, out, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *value = g_match_info_fetch (match, 1);
      g_autofree char *provenance = g_match_info_fetch (match, 2);

      if (g_str_equal (value, "null"))
        n_null++;
      else
        g_assert_cmpfloat (g_ascii_strtod (value, NULL), <=, 100.0);
      g_assert_cmpstr (provenance, !=, "conflict");
      n_rates++;
      g_match_info_next (match, NULL);
    }
  /* 13 years (2023..2035) x (6 counties + the city). */
  g_assert_cmpuint (n_rates, ==, 13 * 7);
  g_assert_cmpuint (n_null, ==, 0);
  g_assert_nonnull (strstr (out, "\"year\": 2024, \"own_data\": false, \"note\": \"no data for 2024: figures interpolated between 2023 and 2025; except 甘州区 (from the ledger)\""));
  /* 肃南 2030: 90 / 0.64 = 140.625, derived from the targets. */
  g_assert_nonnull (strstr (out, "\"treated_wastewater\": {\"value\": 140.625, \"provenance\": \"derived_from_targets\""));
  g_assert_nonnull (strstr (out, "\"provenance\": \"interpolated\", \"from_year\": 2023, \"to_year\": 2025"));
  g_assert_nonnull (strstr (out, "\"provenance\": \"held\", \"from_year\": 2030"));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_true (g_spawn_sync (NULL, (char **) bad, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_str_has_prefix (err, "reclaim-atlas-cli: "));
  {
    g_autofree char *base = g_path_get_basename (project);

    g_assert_nonnull (strstr (err, base));
  }
  g_assert_nonnull (strstr (err, "2040"));
  g_assert_cmpint (strchr (err, '\n') - err, ==, (int) strlen (err) - 1);
}

/* ------------------------------------------------------------------ */
/* Hand-built inputs                                                   */

static RaPlanInput *
input_new (void)
{
  RaPlanInput *input = g_new0 (RaPlanInput, 1);
  RaCountyRecord *county = g_new0 (RaCountyRecord, 1);

  input->counties = g_ptr_array_new_with_free_func (g_free);
  input->indicators = g_ptr_array_new_with_free_func (g_free);
  input->projects = g_ptr_array_new_with_free_func (g_free);
  input->plants = g_ptr_array_new_with_free_func (g_free);
  input->plant_supply = g_ptr_array_new_with_free_func (g_free);
  input->ledger = g_ptr_array_new_with_free_func (g_free);
  county->adcode = (char *) "990101";
  county->name_zh = (char *) "甲县";
  county->seat_lon = county->seat_lat = NAN;
  g_ptr_array_add (input->counties, county);
  return input;
}

static void
add_indicator (RaPlanInput *input, int year, const char *kind, double use, double rate_pct)
{
  RaIndicatorRecord *rec = g_new0 (RaIndicatorRecord, 1);

  rec->adcode = (char *) "990101";
  rec->area_zh = (char *) "甲县";
  rec->year = year;
  rec->kind = (char *) kind;
  rec->origin = (char *) "targets";
  rec->reclaimed_use = use;
  rec->mine_use = NAN;
  rec->nonconventional_use = use;
  rec->reclaimed_rate_pct = rate_pct;
  rec->treated_wastewater = NAN;
  g_ptr_array_add (input->indicators, rec);
}

static void
add_project (RaPlanInput *input, const char *code, const char *batch, double cap)
{
  RaProjectRecord *p = g_new0 (RaProjectRecord, 1);

  p->id = input->projects->len + 1;
  p->code = (char *) code;
  p->adcode = (char *) "990101";
  p->source = (char *) "reclaimed";
  p->status = (char *) "proposed";
  p->batch = (char *) batch;
  p->cap_industry = p->cap_agriculture = p->cap_urban_nonpotable = NAN;
  p->cap_ecological = cap;
  p->cap_total = cap;
  p->investment_total = 1000;
  g_ptr_array_add (input->projects, p);
}

static GPtrArray *
find (GListModel *findings, const char *code, int year)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (findings); i++)
    {
      g_autoptr(RaPlanFinding) f = g_list_model_get_item (findings, i);

      if (g_strcmp0 (ra_plan_finding_get_code (f), code) == 0 &&
          g_strcmp0 (ra_plan_finding_get_adcode (f), "990101") == 0 &&
          (year == 0 || ra_plan_finding_get_year (f) == year))
        g_ptr_array_add (out, g_object_ref (f));
    }
  return out;
}

/* Use 50 at 50 % in 2023 (treated 100); target 2025: 60 at 60 % (treated
 * 60 / 0.6 = 100); a 2025 project of 80: projected use 130 > 100. */
static void
test_conflict (void)
{
  g_autoptr(RaPlanInput) input = input_new ();
  g_autoptr(RaPlan) plan = NULL;
  g_autoptr(GListModel) findings = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autofree char *label = NULL, *json = NULL;
  const RaPlanFigures *f;
  RaPlanFinding *finding;

  add_indicator (input, 2023, "actual", 50, 50);
  add_indicator (input, 2025, "target_min", 60, 60);
  add_project (input, "Q1", "2025", 80);
  plan = ra_plan_new (input);

  f = ra_plan_get_figures (plan, "990101", 2025);
  g_assert_cmpfloat (f->reclaimed_use, ==, 130);
  g_assert_cmpfloat_with_epsilon (f->treated_wastewater, 100, 1e-9);
  g_assert_cmpint (f->status, ==, RA_PLAN_STATUS_CONFLICT);
  g_assert_true (isnan (f->reuse_rate_pct));
  g_assert_cmpfloat_with_epsilon (f->conflict_rate_pct, 130, 1e-9);
  g_assert_cmpint (f->rate_provenance, ==, RA_PLAN_PROVENANCE_CONFLICT);
  g_assert_true (isnan (f->gap_rate_pts));
  g_assert_cmpfloat (f->gap_use, ==, 130 - 60);
  /* Held after 2025 at 100: the conflict stays, whatever the target. */
  g_assert_cmpint (ra_plan_get_figures (plan, "990101", 2030)->status, ==, RA_PLAN_STATUS_CONFLICT);
  label = ra_thematic_format_label (f);
  g_assert_cmpstr (label, ==, "甲县: data conflict");

  findings = ra_plan_check_run (plan, NULL);
  conflicts = find (findings, "rate-conflict", 0);
  g_assert_cmpuint (conflicts->len, ==, 1);
  finding = g_ptr_array_index (conflicts, 0);
  g_assert_cmpint (ra_plan_finding_get_year (finding), ==, 2025);
  g_assert_cmpint (ra_plan_finding_get_severity (finding), ==, RA_PLAN_SEVERITY_ERROR);
  g_assert_nonnull (strstr (ra_plan_finding_get_message (finding), "2025–2035"));
  g_assert_nonnull (strstr (ra_plan_finding_get_message (finding), "130"));
  g_assert_nonnull (strstr (ra_plan_finding_get_message (finding), "100"));
  /* The numbers, each with where it comes from. */
  g_assert_cmpfloat (ra_plan_finding_find_value (finding, "Q1"), ==, 130);
  g_assert_cmpfloat (ra_plan_finding_find_value (finding, " 2023 actual, "), ==, 50);
  g_assert_cmpfloat (ra_plan_finding_find_value (finding, "target use ÷ target rate: 60 ÷ 60%"), ==, 100);

  json = ra_plan_indicators_to_json (plan, 2025, NULL);
  g_assert_nonnull (strstr (json, "\"rate_pct\": {\"value\": null, \"provenance\": \"conflict\", \"conflict_value\": 130}"));
}

/* Cumulatively covered, one period not: use 100 in 2023, targets 200
 * (2025) and 300 (2030); projects 180 in 2025 and 30 in 2030.  By 2030
 * the projects add 210 >= 300 - 100 = 200; 2025 -> 2030 the target rises
 * by 100 but only 30 enter service. */
static void
test_period_check (void)
{
  g_autoptr(RaPlanInput) input = input_new ();
  g_autoptr(RaPlan) plan = NULL;
  g_autoptr(GListModel) findings = NULL;
  g_autoptr(GPtrArray) periods = NULL;
  g_autoptr(GPtrArray) cumulative = NULL;
  RaPlanFinding *f;

  add_indicator (input, 2023, "actual", 100, 50);
  add_indicator (input, 2025, "target_min", 200, 50);
  add_indicator (input, 2030, "target_min", 300, 50);
  add_project (input, "Q1", "2025", 180);
  add_project (input, "Q2", "2026-2030", 30);
  plan = ra_plan_new (input);
  findings = ra_plan_check_run (plan, NULL);

  /* The cumulative check passes for 2030 (only an info: more than needed). */
  cumulative = find (findings, "target-vs-projects", 2030);
  for (guint i = 0; i < cumulative->len; i++)
    g_assert_cmpint (ra_plan_finding_get_severity (g_ptr_array_index (cumulative, i)), ==,
                     RA_PLAN_SEVERITY_INFO);
  g_assert_cmpint (ra_plan_get_figures (plan, "990101", 2030)->status, ==, RA_PLAN_STATUS_MET);

  periods = find (findings, "period-increment-uncovered", 0);
  g_assert_cmpuint (periods->len, ==, 1);
  f = g_ptr_array_index (periods, 0);
  g_assert_cmpint (ra_plan_finding_get_year (f), ==, 2030);
  g_assert_cmpint (ra_plan_finding_get_severity (f), ==, RA_PLAN_SEVERITY_WARNING);
  g_assert_nonnull (strstr (ra_plan_finding_get_message (f), "2025→2030"));
  g_assert_cmpfloat (ra_plan_finding_find_value (f, "computed"), ==, 100);
  g_assert_cmpfloat (ra_plan_finding_find_value (f, "projects Q2"), ==, 30);
  g_assert_cmpfloat (ra_plan_finding_find_value (f, "2025 target, "), ==, 200);
  g_assert_cmpfloat (ra_plan_finding_find_value (f, "2030 target, "), ==, 300);
}

/* Plant figures override the derivation: the county's wwtp and wetland
 * (not its mine-water station) in 2025 give 300 + 100 = 400 where the
 * target gives 60 / 0.6 = 100; 2030 has supply for one plant only, but 12
 * ledger months of both (10 each): 240; 2024 lies between 2023 (50 / 0.5
 * = 100) and 2025 (400): 250. */
static void
test_plants_override (void)
{
  g_autoptr(RaPlanInput) input = input_new ();
  g_autoptr(RaPlan) plan = NULL;
  static const char * const kinds[] = { "wwtp", "wetland", "mine_water_station" };
  const RaPlanFigures *f;

  add_indicator (input, 2023, "actual", 50, 50);
  add_indicator (input, 2025, "target_min", 60, 60);
  add_indicator (input, 2030, "target_min", 70, 60);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      RaPlantRecord *p = g_new0 (RaPlantRecord, 1);

      p->id = i + 1;
      p->adcode = (char *) "990101";
      p->kind = (char *) kinds[i];
      g_ptr_array_add (input->plants, p);
    }
  {
    static const struct { gint64 plant; int year; double treated; } supply[] = {
      { 1, 2025, 300 }, { 2, 2025, 100 }, { 3, 2025, 50 }, { 1, 2030, 500 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (supply); i++)
      {
        RaPlantSupplyRecord *s = g_new0 (RaPlantSupplyRecord, 1);

        s->plant_id = supply[i].plant;
        s->year = supply[i].year;
        s->treated = supply[i].treated;
        s->committed_discharge = NAN;
        g_ptr_array_add (input->plant_supply, s);
      }
  }
  for (gint64 plant = 1; plant <= 2; plant++)
    for (int m = 1; m <= 12; m++)
      {
        RaLedgerRecord *l = g_new0 (RaLedgerRecord, 1);
        static char months[12][8];

        g_snprintf (months[m - 1], sizeof months[m - 1], "2030-%02d", m);
        l->plant_id = plant;
        l->month = months[m - 1];
        l->treated = 10;
        l->inflow = l->discharged = NAN;
        g_ptr_array_add (input->ledger, l);
      }
  plan = ra_plan_new (input);

  f = ra_plan_get_figures (plan, "990101", 2025);
  g_assert_cmpfloat (f->treated_wastewater, ==, 400);
  g_assert_cmpint (f->treated_provenance, ==, RA_PLAN_PROVENANCE_FROM_PLANTS);
  /* Use 50 in 2025: 12.5 %. */
  g_assert_cmpfloat_with_epsilon (f->reuse_rate_pct, 12.5, 1e-9);
  f = ra_plan_get_figures (plan, "990101", 2030);
  g_assert_cmpfloat (f->treated_wastewater, ==, 240);
  g_assert_cmpint (f->treated_provenance, ==, RA_PLAN_PROVENANCE_FROM_LEDGER);
  f = ra_plan_get_figures (plan, "990101", 2024);
  g_assert_cmpfloat_with_epsilon (f->treated_wastewater, 250, 1e-9);
  g_assert_cmpint (f->treated_provenance, ==, RA_PLAN_PROVENANCE_INTERPOLATED);
  /* 2027: 400 + (240 - 400) * 2 / 5 = 336. */
  g_assert_cmpfloat_with_epsilon (ra_plan_get_figures (plan, "990101", 2027)->treated_wastewater,
                                  336, 1e-9);
}

/* Only the baseline known: later years are not held at it. */
static void
test_never_held_at_baseline (void)
{
  g_autoptr(RaPlanInput) input = input_new ();
  g_autoptr(RaPlan) plan = NULL;
  const RaPlanFigures *f;

  add_indicator (input, 2023, "actual", 50, 50);
  add_project (input, "Q1", "2025", 80);
  plan = ra_plan_new (input);
  f = ra_plan_get_figures (plan, "990101", 2025);
  g_assert_cmpfloat (f->reclaimed_use, ==, 130);
  g_assert_true (isnan (f->treated_wastewater));
  g_assert_cmpint (f->treated_provenance, ==, RA_PLAN_PROVENANCE_NONE);
  g_assert_true (isnan (f->reuse_rate_pct));
  g_assert_cmpint (f->status, !=, RA_PLAN_STATUS_CONFLICT);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();

  g_test_add_func ("/plan/indicators/sample/no-rate-over-100", test_sample_no_rate_over_100);
  g_test_add_func ("/plan/indicators/sample/target-years-derived", test_target_years_derived);
  g_test_add_func ("/plan/indicators/sample/interpolated-and-held", test_interpolated_and_held);
  g_test_add_func ("/plan/indicators/sample/ledger-year", test_ledger_year);
  g_test_add_func ("/plan/indicators/cli/json", test_cli_json);
  g_test_add_func ("/plan/indicators/conflict", test_conflict);
  g_test_add_func ("/plan/indicators/never-held-at-baseline", test_never_held_at_baseline);
  g_test_add_func ("/plan/indicators/plants-override", test_plants_override);
  g_test_add_func ("/plan/check/per-period", test_period_check);
  return g_test_run ();
}
