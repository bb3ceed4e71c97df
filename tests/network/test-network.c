/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ra-network on hand-made geometries whose answers are known, and the
 * store's unit-cost table (migration, edits, undo/redo, audit). */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>
#include <sqlite3.h>

#include "network-test-util.h"

#define assert_rel(value, expected, rel) \
  G_STMT_START { \
    double v_ = (value), e_ = (expected); \
    if (!(fabs (v_ - e_) <= (rel) * fabs (e_))) \
      g_error ("%s = %.9g, expected %.9g within %.3g %%", #value, v_, e_, (rel) * 100); \
  } G_STMT_END

static char *fixture;

static RaNetworkReport *
analyze (const char *path, int year)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = nt_open (path);
  RaNetworkReport *report = ra_network_analyze (store, year, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

/* Distance in metres between two lon/lat points by PROJ's geod program,
 * independent of the code under test; NAN when geod is missing. */
static double
geod_distance_m (double lon1, double lat1, double lon2, double lat2)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *in_path = nt_tmp_path (".txt");
  g_autofree char *input = NULL;
  g_autofree char *out = NULL;
  g_autofree char *cmd = NULL;
  g_autofree char *geod = NULL;
  g_auto(GStrv) fields = NULL;
  char b[4][G_ASCII_DTOSTR_BUF_SIZE];
  int status = 0;

  geod = g_find_program_in_path ("geod");
  if (geod == NULL)
    return NAN;
  input = g_strdup_printf ("%s %s %s %s\n",
                           g_ascii_formatd (b[0], sizeof b[0], "%.12f", lat1),
                           g_ascii_formatd (b[1], sizeof b[1], "%.12f", lon1),
                           g_ascii_formatd (b[2], sizeof b[2], "%.12f", lat2),
                           g_ascii_formatd (b[3], sizeof b[3], "%.12f", lon2));
  g_assert_true (g_file_set_contents (in_path, input, -1, &error));
  cmd = g_strdup_printf ("geod -I +ellps=GRS80 %s", in_path);
  g_assert_true (g_spawn_command_line_sync (cmd, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_strstrip (out);
  fields = g_strsplit_set (out, " \t", -1);
  /* az12 az21 distance */
  for (int i = (int) g_strv_length (fields) - 1; i >= 0; i--)
    if (*fields[i] != '\0')
      return g_ascii_strtod (fields[i], NULL);
  return NAN;
}

/* ---- measuring while drawing --------------------------------------------- */

static void
test_measure_line_vs_geod (void)
{
  double xy[6];
  double expected;

  nt_gk_to_lonlat (500000, 4250000, &xy[0], &xy[1]);
  nt_gk_to_lonlat (503000, 4254000, &xy[2], &xy[3]);
  nt_gk_to_lonlat (503000, 4256000, &xy[4], &xy[5]);
  expected = geod_distance_m (xy[0], xy[1], xy[2], xy[3]) +
             geod_distance_m (xy[2], xy[3], xy[4], xy[5]);
  if (isnan (expected))
    {
      g_test_skip ("PROJ's geod program is not installed");
      return;
    }
  /* Within 1 mm of geod; and near the GK nominal 5 km + 2 km. */
  g_assert_cmpfloat_with_epsilon (ra_network_measure_line_km (xy, 3) * 1000.0, expected, 1e-3);
  assert_rel (ra_network_measure_line_km (xy, 3), 7.0, 1e-4);
  g_assert_cmpfloat (ra_network_measure_line_km (xy, 1), ==, 0);
  g_assert_cmpfloat (ra_network_measure_line_km (NULL, 0), ==, 0);
}

static void
test_measure_polygon (void)
{
  double ring[8], km2 = 0, mu = 0;

  /* 1 km square: 1 km² = 1500 亩. */
  nt_gk_to_lonlat (500000, 4250000, &ring[0], &ring[1]);
  nt_gk_to_lonlat (501000, 4250000, &ring[2], &ring[3]);
  nt_gk_to_lonlat (501000, 4251000, &ring[4], &ring[5]);
  nt_gk_to_lonlat (500000, 4251000, &ring[6], &ring[7]);
  assert_rel (ra_network_measure_polygon (ring, 4, &km2, &mu), 1.0, 1e-4);
  assert_rel (km2, 1.0, 1e-4);
  assert_rel (mu, 1500.0, 1e-4);
  assert_rel (RA_NETWORK_M2_PER_MU, 666.6667, 1e-6);
  g_assert_cmpfloat (ra_network_measure_polygon (ring, 2, NULL, NULL), ==, 0);
}

static void
test_measure_format (void)
{
  g_autofree char *m = ra_network_format_length (0.85);
  g_autofree char *km = ra_network_format_length (1.2344);
  g_autofree char *area = ra_network_format_area (0.25);

  g_assert_cmpstr (m, ==, "850.0 m");
  g_assert_cmpstr (km, ==, "1.23 km");
  g_assert_cmpstr (area, ==, "0.25 km² · 375.0 mu");
}

/* ---- lengths and costs --------------------------------------------------------- */

static void
test_lengths (void)
{
  g_autoptr(RaNetworkReport) report = analyze (fixture, 2025);
  const RaNetworkPipeline *cross = nt_pipeline (report, "cross");
  double a[4], expected;

  g_assert_cmpuint (report->pipelines->len, ==, 4);
  assert_rel (cross->length_m, 2000.0, 1e-4);
  assert_rel (nt_pipeline (report, "inner")->length_m, 1600.0, 1e-4);
  assert_rel (nt_pipeline (report, "short")->length_m, 400.0, 1e-4);
  assert_rel (nt_pipeline (report, "mine")->length_m, 1000.0, 1e-4);
  assert_rel (report->total_length_m, 5000.0, 1e-4);

  nt_gk_to_lonlat (499000, 4251000, &a[0], &a[1]);
  nt_gk_to_lonlat (501000, 4251000, &a[2], &a[3]);
  expected = geod_distance_m (a[0], a[1], a[2], a[3]);
  if (isnan (expected))
    g_test_message ("geod not installed: stored length not compared with geod");
  else
    g_assert_cmpfloat_with_epsilon (cross->length_m, expected, 1e-3);
}

static void
test_costs (void)
{
  g_autoptr(RaNetworkReport) report = analyze (fixture, 2025);
  const RaNetworkPipeline *cross = nt_pipeline (report, "cross");
  const RaNetworkPipeline *inner = nt_pipeline (report, "inner");
  const RaNetworkPipeline *shortp = nt_pipeline (report, "short");
  const RaNetworkPipeline *mine = nt_pipeline (report, "mine");
  const RaNetworkProject *p01, *none;

  /* DN300 has a seeded default of 150 (10^4 yuan/km). */
  g_assert_cmpfloat (cross->unit_cost_wan_per_km, ==, 150);
  g_assert_cmpfloat_with_epsilon (cross->cost_wan, cross->length_m / 1000.0 * 150, 1e-9);
  g_assert_true (cross->flags & RA_NETWORK_PIPE_DEFAULT_COST);
  /* DN350 has no unit cost, "short" no DN: flagged, never guessed. */
  g_assert_true (isnan (inner->cost_wan));
  g_assert_true (inner->flags & RA_NETWORK_PIPE_NO_UNIT_COST);
  g_assert_true (isnan (shortp->cost_wan));
  g_assert_true (isnan (shortp->dn_mm));
  g_assert_true (shortp->flags & RA_NETWORK_PIPE_NO_DN);
  g_assert_true (mine->flags & RA_NETWORK_PIPE_NOT_RECLAIMED);
  g_assert_cmpuint (report->n_unpriced, ==, 2);
  g_assert_cmpfloat_with_epsilon (report->total_cost_wan, cross->cost_wan + mine->cost_wan, 1e-9);

  /* Per project: P01 (cross + inner), M01 (mine), then no project (short). */
  g_assert_cmpuint (report->projects->len, ==, 3);
  p01 = g_ptr_array_index (report->projects, 0);
  g_assert_cmpstr (p01->code, ==, "P01");
  g_assert_cmpuint (p01->n_pipelines, ==, 2);
  g_assert_cmpuint (p01->n_unpriced, ==, 1);
  g_assert_cmpfloat_with_epsilon (p01->length_m, cross->length_m + inner->length_m, 1e-6);
  g_assert_cmpfloat_with_epsilon (p01->cost_wan, cross->cost_wan, 1e-9);
  none = g_ptr_array_index (report->projects, 2);
  g_assert_cmpint (none->project_id, ==, 0);
  g_assert_true (none == ra_network_report_find_project (report, 0));
  g_assert_cmpuint (none->n_unpriced, ==, 1);
}

static void
test_costs_after_edit (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = nt_fixture_copy ();
  g_autoptr(RaNetworkReport) report = NULL;
  const RaNetworkPipeline *inner, *cross;

  {
    g_autoptr(RaStore) store = nt_open (path);

    g_assert_true (ra_store_set_pipe_unit_cost (store, 350, 170, &error));
    g_assert_no_error (error);
    g_assert_true (ra_store_set_pipe_unit_cost (store, 300, 140.5, &error));
    g_assert_no_error (error);
  }
  report = analyze (path, 2025);
  inner = nt_pipeline (report, "inner");
  cross = nt_pipeline (report, "cross");
  g_assert_cmpfloat_with_epsilon (inner->cost_wan, inner->length_m / 1000.0 * 170, 1e-9);
  g_assert_cmpint (inner->flags & (RA_NETWORK_PIPE_NO_UNIT_COST | RA_NETWORK_PIPE_DEFAULT_COST), ==, 0);
  g_assert_cmpfloat_with_epsilon (cross->cost_wan, cross->length_m / 1000.0 * 140.5, 1e-9);
  g_assert_cmpint (cross->flags & RA_NETWORK_PIPE_DEFAULT_COST, ==, 0);
  g_assert_cmpuint (report->n_unpriced, ==, 1);
  g_assert_cmpuint (report->n_default_costs, ==, 0);
}

/* ---- density ----------------------------------------------------------------- */

static void
test_density_square (void)
{
  g_autoptr(RaNetworkReport) report = analyze (fixture, 2025);
  const RaNetworkArea *a = nt_area (report, "Density square");

  assert_rel (a->area_km2, 4.0, 1e-4);
  /* 1 km of "cross" + 1.6 km "inner" + 0.4 km "short"; "mine" is not reclaimed water. */
  assert_rel (a->pipeline_km, 3.0, 5e-3);
  assert_rel (a->density_km_per_km2, 0.75, 5e-3);
  /* No plan_metrics in this project: the built-in rules. */
  g_assert_cmpuint (report->density_targets->len, ==, 3);
  g_assert_false (g_array_index (report->density_targets, RaNetworkTarget, 0).from_project);
  g_assert_cmpint (a->target_year, ==, 2025);
  g_assert_cmpfloat (a->target_km_per_km2, ==, 0.7);
  g_assert_true (a->meets_density);
  /* Areas without pipelines. */
  g_assert_cmpfloat (nt_area (report, "One intake")->pipeline_km, ==, 0);
  g_assert_false (nt_area (report, "One intake")->meets_density);
}

static void
test_density_targets_by_year (void)
{
  g_autoptr(RaNetworkReport) r2024 = analyze (fixture, 2024);
  g_autoptr(RaNetworkReport) r2026 = analyze (fixture, 2026);
  g_autoptr(RaNetworkReport) r2030 = analyze (fixture, 2030);
  g_autoptr(RaNetworkReport) r2020 = analyze (fixture, 2020);

  g_assert_cmpfloat (nt_area (r2024, "Density square")->target_km_per_km2, ==, 0.5);
  g_assert_cmpfloat (nt_area (r2026, "Density square")->target_km_per_km2, ==, 0.7);
  g_assert_cmpint (nt_area (r2026, "Density square")->target_year, ==, 2025);
  g_assert_cmpfloat (nt_area (r2030, "Density square")->target_km_per_km2, ==, 0.8);
  g_assert_false (nt_area (r2030, "Density square")->meets_density);
  g_assert_cmpfloat (nt_area (r2020, "Density square")->target_km_per_km2, ==, 0.5);
  g_assert_cmpfloat (ra_network_default_density_target (2025), ==, 0.7);
  g_assert_cmpfloat (ra_network_default_density_target (2028), ==, 0.8);
}

static void
test_density_project_targets (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = nt_tmp_path (".sqlite");
  g_autoptr(RaNetworkReport) report = NULL;
  const RaNetworkTarget *t;

  /* Xinzhou's sample carries the rules in its plan_metrics. */
  g_assert_true (ra_store_build_sample (path, "xinzhou", &error));
  g_assert_no_error (error);
  report = analyze (path, 2025);
  g_assert_cmpuint (report->density_targets->len, ==, 3);
  t = &g_array_index (report->density_targets, RaNetworkTarget, 2);
  g_assert_true (t->from_project);
  g_assert_cmpint (t->year, ==, 2027);
  g_assert_cmpfloat (t->km_per_km2, ==, 0.8);
  g_assert_true (report->intake_spacing_from_project);
  g_assert_cmpfloat (report->intake_spacing_max_m, ==, 1500);
  g_assert_cmpuint (report->pipelines->len, ==, 0);
  g_assert_cmpuint (report->areas->len, ==, 0);
}

/* ---- intake coverage ------------------------------------------------------------ */

static void
test_coverage_two_intakes (void)
{
  g_autoptr(RaNetworkReport) report = analyze (fixture, 2025);
  const RaNetworkArea *a = nt_area (report, "Two intakes");
  double r = 0.75, d = 1.0, lens, covered;

  g_assert_cmpfloat (report->intake_spacing_max_m, ==, 1500);
  g_assert_false (report->intake_spacing_from_project);
  g_assert_cmpuint (report->n_intakes, ==, 5);
  /* The intake outside the area does not count. */
  g_assert_cmpuint (a->n_intakes, ==, 2);
  g_assert_cmpint (a->gk_epsg, ==, NT_GK_EPSG);
  assert_rel (a->max_intake_spacing_m, 1000.0, 1e-4);
  g_assert_true (a->meets_spacing);
  /* Every corner is 2500 m from its nearest intake. */
  assert_rel (a->max_uncovered_distance_m, 2500.0, 1e-3);
  g_assert_true (isfinite (a->farthest_lon) && isfinite (a->farthest_lat));
  g_assert_cmpfloat (a->coverage_radius_m, ==, 750);
  /* Two overlapping circles of r = 0.75 km, 1 km apart, inside the area:
   * union = 2 pi r² - lens. */
  lens = 2 * r * r * acos (d / (2 * r)) - d / 2 * sqrt (4 * r * r - d * d);
  covered = 2 * G_PI * r * r - lens;
  assert_rel (a->area_km2 - a->uncovered_km2, covered, 1e-2);
  assert_rel (a->uncovered_km2, 16.0 - covered, 1e-2);
  g_assert_nonnull (a->uncovered_wkt);
  g_assert_true (g_str_has_prefix (a->uncovered_wkt, "POLYGON") ||
                 g_str_has_prefix (a->uncovered_wkt, "MULTIPOLYGON"));
  g_assert_nonnull (a->uncovered);
  /* Two rings: the area with one hole (the union of the circles). */
  g_assert_cmpuint (a->uncovered->n_parts, ==, 2);
}

static void
test_coverage_collinear_duplicate (void)
{
  g_autofree char *path = nt_fixture_copy ();
  g_autoptr(RaNetworkReport) report = NULL;
  const RaNetworkArea *a;
  /* A third intake on the same line, and one on top of I1. */
  const double more[] = { 503500, 4262000, 501500, 4262000 };

  nt_add_intakes (path, more, 2);
  report = analyze (path, 2025);
  a = nt_area (report, "Two intakes");
  g_assert_cmpuint (a->n_intakes, ==, 4);
  assert_rel (a->max_intake_spacing_m, 1000.0, 1e-4);
  /* The western corners stay 2500 m from I1; the eastern ones are now
   * sqrt (0.5² + 2²) km from the new intake. */
  assert_rel (a->max_uncovered_distance_m, 2500.0, 1e-3);
  g_assert_cmpuint (report->warnings->len, ==, 0);
}

static void
test_coverage_one_intake (void)
{
  g_autoptr(RaNetworkReport) report = analyze (fixture, 2025);
  const RaNetworkArea *a = nt_area (report, "One intake");

  g_assert_cmpuint (a->n_intakes, ==, 1);
  g_assert_true (isnan (a->max_intake_spacing_m));
  /* The corners, sqrt (2) km from the centre. */
  assert_rel (a->max_uncovered_distance_m, 1000.0 * G_SQRT2, 1e-3);
  assert_rel (a->uncovered_km2, 4.0 - G_PI * 0.75 * 0.75, 1e-2);
  g_assert_false (a->meets_spacing);
  /* The farthest point is a corner of the square. */
  {
    const double corners[][2] = { { 506000, 4250000 }, { 508000, 4250000 },
                                  { 508000, 4252000 }, { 506000, 4252000 } };
    gboolean at_corner = FALSE;

    for (guint i = 0; i < G_N_ELEMENTS (corners); i++)
      {
        double xy[4] = { a->farthest_lon, a->farthest_lat, 0, 0 };

        nt_gk_to_lonlat (corners[i][0], corners[i][1], &xy[2], &xy[3]);
        at_corner |= ra_geodesic_length_m (xy, 2) < 2.0;
      }
    g_assert_true (at_corner);
  }
}

static void
test_coverage_no_intake (void)
{
  g_autoptr(RaNetworkReport) report = analyze (fixture, 2025);
  const RaNetworkArea *a = nt_area (report, "Density square");

  /* The wastewater plant inside is not an intake point. */
  g_assert_cmpuint (a->n_intakes, ==, 0);
  g_assert_true (isnan (a->max_uncovered_distance_m));
  g_assert_true (isnan (a->max_intake_spacing_m));
  g_assert_cmpfloat (a->uncovered_km2, ==, a->area_km2);
  g_assert_nonnull (a->uncovered_wkt);
  g_assert_false (a->meets_spacing);
}

static void
test_coverage_concave (void)
{
  g_autoptr(RaNetworkReport) report = analyze (fixture, 2025);
  const RaNetworkArea *a = nt_area (report, "L shape");

  /* The farthest point lies in the area (not in the missing quadrant,
   * whose corner would be 4243 m away): sqrt (3² + 1²) km. */
  g_assert_cmpuint (a->n_intakes, ==, 1);
  assert_rel (a->max_uncovered_distance_m, 1000.0 * sqrt (10.0), 1e-3);
  assert_rel (a->area_km2, 12.0, 1e-4);
  assert_rel (a->uncovered_km2, 12.0 - G_PI * 0.75 * 0.75, 1e-2);
}

static void
test_uncovered_layer (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RaNetworkReport) report = analyze (fixture, 2025);
  g_autoptr(RaLayer) layer = ra_network_report_new_uncovered_layer (report);
  g_autoptr(RaCrs) crs = ra_crs_new_from_epsg (4490, &error);
  g_autoptr(RaLayerData) data = NULL;
  RaAttrTable *attrs;
  int name_field;

  g_assert_true (ra_layer_set_map_crs (layer, crs, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ra_layer_get_kind (layer), ==, RA_GEOM_POLYGON);
  /* Every area has uncovered land. */
  g_assert_cmpuint (ra_layer_get_n_features (layer), ==, 4);
  data = ra_layer_dup_data (layer);
  attrs = data->attrs;
  name_field = ra_attr_table_field_index (attrs, "name");
  g_assert_cmpint (name_field, >=, 0);
  g_assert_cmpstr (ra_attr_table_get (attrs, 1, name_field), ==, "Two intakes");
  g_assert_false (ra_bbox_is_empty (&data->extent));
}

static void
analyze_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  RaNetworkReport **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = ra_network_analyze_finish (RA_STORE (source), result, &error);
  g_assert_no_error (error);
}

static void
test_async (void)
{
  g_autoptr(RaStore) store = nt_open (fixture);
  g_autoptr(RaNetworkReport) sync = analyze (fixture, 2025);
  g_autoptr(RaNetworkReport) report = NULL;

  ra_network_analyze_async (store, 2025, NULL, analyze_done, &report);
  while (report == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (report->areas->len, ==, sync->areas->len);
  g_assert_cmpfloat (report->total_length_m, ==, sync->total_length_m);
  g_assert_cmpfloat (nt_area (report, "Two intakes")->uncovered_km2, ==,
                     nt_area (sync, "Two intakes")->uncovered_km2);
}

/* ---- the store's unit-cost table ---------------------------------------------------- */

static void
test_unit_costs_defaults (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = nt_new_project ();
  g_autoptr(RaStore) store = nt_open (path);
  g_autoptr(GArray) costs = ra_store_list_pipe_unit_costs (store, &error);
  double last = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (costs->len, ==, 10);
  for (guint i = 0; i < costs->len; i++)
    {
      const RaPipeUnitCost *c = &g_array_index (costs, RaPipeUnitCost, i);

      g_assert_true (c->is_default);
      g_assert_cmpfloat (c->dn_mm, >, last);
      g_assert_cmpfloat (c->cost_wan_per_km, >, 0);
      last = c->dn_mm;
    }
}

static double
cost_of (RaStore *store, double dn, gboolean *is_default)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) costs = ra_store_list_pipe_unit_costs (store, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < costs->len; i++)
    {
      const RaPipeUnitCost *c = &g_array_index (costs, RaPipeUnitCost, i);

      if (c->dn_mm == dn)
        {
          if (is_default != NULL)
            *is_default = c->is_default;
          return c->cost_wan_per_km;
        }
    }
  return NAN;
}

static guint
count_audit (RaStore *store, const char *action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = ra_store_list_audit (store, "pipe_unit_costs", 0, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    n += g_strcmp0 (((RaAuditRecord *) g_ptr_array_index (rows, i))->action, action) == 0;
  return n;
}

static void
on_changed (RaStore *store, const char *table, gint64 row_id, gpointer user_data)
{
  if (g_strcmp0 (table, "pipe_unit_costs") == 0)
    (*(guint *) user_data)++;
}

static void
test_unit_costs_edit_undo (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = nt_new_project ();
  g_autoptr(RaStore) store = nt_open (path);
  g_autoptr(GPtrArray) audit = NULL;
  g_autofree char *label = NULL;
  RaAuditRecord *last;
  gboolean is_default = FALSE;
  guint n_changed = 0;

  g_signal_connect (store, "changed", G_CALLBACK (on_changed), &n_changed);

  /* Update a seeded row. */
  g_assert_true (ra_store_set_pipe_unit_cost (store, 300, 200, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (cost_of (store, 300, &is_default), ==, 200);
  g_assert_false (is_default);
  g_assert_cmpuint (n_changed, ==, 1);
  g_assert_cmpuint (count_audit (store, "update"), ==, 1);
  audit = ra_store_list_audit (store, "pipe_unit_costs", 0, &error);
  last = g_ptr_array_index (audit, audit->len - 1);
  g_assert_nonnull (strstr (last->before_json, "150"));
  g_assert_nonnull (strstr (last->after_json, "200"));
  label = ra_store_dup_undo_label (store);
  g_assert_cmpstr (label, ==, "Set unit cost of DN300");

  /* The same value again is not an edit. */
  g_assert_true (ra_store_set_pipe_unit_cost (store, 300, 200, &error));
  g_assert_cmpuint (count_audit (store, "update"), ==, 1);

  g_assert_true (ra_store_undo (store, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (cost_of (store, 300, &is_default), ==, 150);
  g_assert_true (is_default);
  g_assert_cmpuint (count_audit (store, "undo"), ==, 1);
  g_assert_true (ra_store_redo (store, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (cost_of (store, 300, NULL), ==, 200);
  g_assert_cmpuint (count_audit (store, "redo"), ==, 1);

  /* A new DN, then undo removes it again. */
  g_assert_true (ra_store_set_pipe_unit_cost (store, 350, 175, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (cost_of (store, 350, NULL), ==, 175);
  g_assert_cmpuint (count_audit (store, "insert"), ==, 1);
  g_assert_true (ra_store_undo (store, &error));
  g_assert_true (isnan (cost_of (store, 350, NULL)));

  /* Removal, undone. */
  g_assert_true (ra_store_remove_pipe_unit_cost (store, 100, &error));
  g_assert_no_error (error);
  g_assert_true (isnan (cost_of (store, 100, NULL)));
  g_assert_cmpuint (count_audit (store, "delete"), ==, 1);
  g_assert_true (ra_store_undo (store, &error));
  g_assert_cmpfloat (cost_of (store, 100, &is_default), ==, 60);
  g_assert_true (is_default);
  g_assert_false (ra_store_remove_pipe_unit_cost (store, 123, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The history survives a restart. */
  ra_store_close (store);
  g_clear_object (&store);
  store = nt_open (path);
  g_assert_true (ra_store_can_redo (store));
  g_assert_true (ra_store_undo (store, &error));   /* the DN300 edit is still undoable */
  g_assert_no_error (error);
  g_assert_cmpfloat (cost_of (store, 300, NULL), ==, 150);
}

static void
test_unit_costs_invalid (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = nt_new_project ();
  g_autoptr(RaStore) store = nt_open (path);

  g_assert_false (ra_store_set_pipe_unit_cost (store, 0, 10, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (ra_store_set_pipe_unit_cost (store, 300, -1, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (ra_store_set_pipe_unit_cost (store, 300, NAN, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_cmpuint (count_audit (store, "update"), ==, 0);
}

static void
raw_exec (const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static int
raw_int (const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int value = -1;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
test_migration_v1 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = nt_fixture_copy ();
  g_autoptr(RaStore) store = NULL;
  g_autoptr(RaNetworkReport) report = NULL;
  g_autoptr(GArray) costs = NULL;

  /* A version-1 file: the fixture without the version-2 table. */
  raw_exec (path, /* schema 5 -> 4 */ "DROP TRIGGER meta_row_version;DROP TRIGGER counties_row_version;DROP TRIGGER plants_row_version;DROP TRIGGER projects_row_version;DROP TRIGGER pipelines_row_version;DROP TRIGGER footprints_row_version;DROP TRIGGER built_up_areas_row_version;DROP TRIGGER pipe_unit_costs_row_version;DROP TRIGGER water_users_row_version;DROP TRIGGER user_demand_row_version;DROP TRIGGER plant_supply_row_version;DROP TRIGGER allocations_row_version;DROP TRIGGER ledger_row_version;DROP VIEW projects_v;ALTER TABLE meta DROP COLUMN row_version;ALTER TABLE counties DROP COLUMN row_version;ALTER TABLE plants DROP COLUMN row_version;ALTER TABLE projects DROP COLUMN row_version;ALTER TABLE pipelines DROP COLUMN row_version;ALTER TABLE footprints DROP COLUMN row_version;ALTER TABLE built_up_areas DROP COLUMN row_version;ALTER TABLE pipe_unit_costs DROP COLUMN row_version;ALTER TABLE water_users DROP COLUMN row_version;ALTER TABLE user_demand DROP COLUMN row_version;ALTER TABLE plant_supply DROP COLUMN row_version;ALTER TABLE allocations DROP COLUMN row_version;ALTER TABLE ledger DROP COLUMN row_version;CREATE VIEW projects_v AS SELECT id, code, name, adcode, source, status, batch,  in_service_year, investment_total, investment_2024_2025, start, prep_stage,  owner, scope, cap_industry, cap_agriculture, cap_ecological,  cap_urban_nonpotable, CASE WHEN coalesce (cap_industry, cap_agriculture,  cap_ecological, cap_urban_nonpotable) IS NULL THEN NULL  ELSE coalesce (cap_industry, 0) + coalesce (cap_agriculture, 0)  + coalesce (cap_ecological, 0) + coalesce (cap_urban_nonpotable, 0)  END AS cap_total, pipeline_km, storage_m3, treatment_m3_per_day, notes,  sort_key, geom, plant_id FROM projects;" /* schema 4 -> 1 */ "DROP VIEW projects_v; DROP INDEX projects_plant; ALTER TABLE projects DROP COLUMN plant_id; CREATE VIEW projects_v AS SELECT id, code, name, adcode, source, status, batch, in_service_year, investment_total, investment_2024_2025, start, prep_stage, owner, scope, cap_industry, cap_agriculture, cap_ecological, cap_urban_nonpotable, CASE WHEN coalesce (cap_industry, cap_agriculture, cap_ecological, cap_urban_nonpotable) IS NULL THEN NULL ELSE coalesce (cap_industry, 0) + coalesce (cap_agriculture, 0) + coalesce (cap_ecological, 0) + coalesce (cap_urban_nonpotable, 0) END AS cap_total, pipeline_km, storage_m3, treatment_m3_per_day, notes, sort_key, geom FROM projects; " "DROP TABLE ledger; DROP TABLE allocations; DROP TABLE plant_supply; DROP TABLE user_demand; DROP TABLE idx_water_users_geom; DROP TABLE water_users; DELETE FROM geometry_columns_auth WHERE f_table_name = 'water_users'; DELETE FROM geometry_columns_statistics WHERE f_table_name = 'water_users'; DELETE FROM geometry_columns_field_infos WHERE f_table_name = 'water_users'; DELETE FROM geometry_columns_time WHERE f_table_name = 'water_users'; DELETE FROM geometry_columns WHERE f_table_name = 'water_users'; ALTER TABLE plants DROP COLUMN effluent_standard; ALTER TABLE plants DROP COLUMN meets_standards; ALTER TABLE plants DROP COLUMN capacity_illustrative; " "DROP TABLE pipe_unit_costs; PRAGMA user_version = 1;");
  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, 1);

  store = nt_open (path);
  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, RA_STORE_SCHEMA_VERSION);
  costs = ra_store_list_pipe_unit_costs (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (costs->len, ==, 10);
  /* The data is kept. */
  g_assert_cmpint (ra_store_count_rows (store, "pipelines", NULL), ==, 4);
  g_assert_cmpint (ra_store_count_rows (store, "built_up_areas", NULL), ==, 4);
  g_assert_cmpint (ra_store_count_rows (store, "plants", NULL), ==, 6);
  g_assert_cmpint (ra_store_count_rows (store, "projects", NULL), ==, 2);
  report = ra_network_analyze (store, 2025, &error);
  g_assert_no_error (error);
  assert_rel (nt_area (report, "Density square")->density_km_per_km2, 0.75, 5e-3);
  /* A view-only version-1 file cannot be upgraded: a clear error. */
  ra_store_close (store);
  raw_exec (path, /* schema 5 -> 4 */ "DROP TRIGGER meta_row_version;DROP TRIGGER counties_row_version;DROP TRIGGER plants_row_version;DROP TRIGGER projects_row_version;DROP TRIGGER pipelines_row_version;DROP TRIGGER footprints_row_version;DROP TRIGGER built_up_areas_row_version;DROP TRIGGER pipe_unit_costs_row_version;DROP TRIGGER water_users_row_version;DROP TRIGGER user_demand_row_version;DROP TRIGGER plant_supply_row_version;DROP TRIGGER allocations_row_version;DROP TRIGGER ledger_row_version;DROP VIEW projects_v;ALTER TABLE meta DROP COLUMN row_version;ALTER TABLE counties DROP COLUMN row_version;ALTER TABLE plants DROP COLUMN row_version;ALTER TABLE projects DROP COLUMN row_version;ALTER TABLE pipelines DROP COLUMN row_version;ALTER TABLE footprints DROP COLUMN row_version;ALTER TABLE built_up_areas DROP COLUMN row_version;ALTER TABLE pipe_unit_costs DROP COLUMN row_version;ALTER TABLE water_users DROP COLUMN row_version;ALTER TABLE user_demand DROP COLUMN row_version;ALTER TABLE plant_supply DROP COLUMN row_version;ALTER TABLE allocations DROP COLUMN row_version;ALTER TABLE ledger DROP COLUMN row_version;CREATE VIEW projects_v AS SELECT id, code, name, adcode, source, status, batch,  in_service_year, investment_total, investment_2024_2025, start, prep_stage,  owner, scope, cap_industry, cap_agriculture, cap_ecological,  cap_urban_nonpotable, CASE WHEN coalesce (cap_industry, cap_agriculture,  cap_ecological, cap_urban_nonpotable) IS NULL THEN NULL  ELSE coalesce (cap_industry, 0) + coalesce (cap_agriculture, 0)  + coalesce (cap_ecological, 0) + coalesce (cap_urban_nonpotable, 0)  END AS cap_total, pipeline_km, storage_m3, treatment_m3_per_day, notes,  sort_key, geom, plant_id FROM projects;" /* schema 4 -> 1 */ "DROP VIEW projects_v; DROP INDEX projects_plant; ALTER TABLE projects DROP COLUMN plant_id; CREATE VIEW projects_v AS SELECT id, code, name, adcode, source, status, batch, in_service_year, investment_total, investment_2024_2025, start, prep_stage, owner, scope, cap_industry, cap_agriculture, cap_ecological, cap_urban_nonpotable, CASE WHEN coalesce (cap_industry, cap_agriculture, cap_ecological, cap_urban_nonpotable) IS NULL THEN NULL ELSE coalesce (cap_industry, 0) + coalesce (cap_agriculture, 0) + coalesce (cap_ecological, 0) + coalesce (cap_urban_nonpotable, 0) END AS cap_total, pipeline_km, storage_m3, treatment_m3_per_day, notes, sort_key, geom FROM projects; " "DROP TABLE ledger; DROP TABLE allocations; DROP TABLE plant_supply; DROP TABLE user_demand; DROP TABLE idx_water_users_geom; DROP TABLE water_users; DELETE FROM geometry_columns_auth WHERE f_table_name = 'water_users'; DELETE FROM geometry_columns_statistics WHERE f_table_name = 'water_users'; DELETE FROM geometry_columns_field_infos WHERE f_table_name = 'water_users'; DELETE FROM geometry_columns_time WHERE f_table_name = 'water_users'; DELETE FROM geometry_columns WHERE f_table_name = 'water_users'; ALTER TABLE plants DROP COLUMN effluent_standard; ALTER TABLE plants DROP COLUMN meets_standards; ALTER TABLE plants DROP COLUMN capacity_illustrative; " "DROP TABLE pipe_unit_costs; PRAGMA user_version = 1;");
  g_clear_object (&store);
  store = ra_store_open (path, RA_STORE_OPEN_READ_ONLY, &error);
  g_assert_null (store);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_READ_ONLY);
}

static void
test_store_readers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = nt_open (fixture);
  g_autoptr(GPtrArray) intakes = ra_store_list_plants (store, "intake", &error);
  g_autoptr(GPtrArray) plants = ra_store_list_plants (store, NULL, &error);
  g_autoptr(GPtrArray) pipes = ra_store_list_pipelines (store, &error);
  g_autoptr(GPtrArray) areas = ra_store_list_built_up_areas (store, &error);
  RaPipelineRecord *mine;
  RaPlantRecord *first;
  double lon, lat;

  g_assert_no_error (error);
  g_assert_cmpuint (intakes->len, ==, 5);
  g_assert_cmpuint (plants->len, ==, 6);
  first = g_ptr_array_index (intakes, 0);
  nt_gk_to_lonlat (501500, 4262000, &lon, &lat);
  g_assert_cmpfloat_with_epsilon (first->lon, lon, 1e-9);
  g_assert_cmpfloat_with_epsilon (first->lat, lat, 1e-9);
  g_assert_cmpuint (pipes->len, ==, 4);
  mine = g_ptr_array_index (pipes, 3);
  g_assert_cmpstr (mine->project_source, ==, "mine");
  g_assert_cmpfloat (mine->dn_mm, ==, 300);
  g_assert_nonnull (mine->wkb);
  g_assert_null (((RaPipelineRecord *) g_ptr_array_index (pipes, 2))->project_source);
  g_assert_cmpuint (areas->len, ==, 4);
  g_assert_nonnull (((RaBuiltUpAreaRecord *) g_ptr_array_index (areas, 0))->wkb);
}

int
main (int argc, char **argv)
{
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();
  fixture = nt_fixture_copy ();

  g_test_add_func ("/network/measure/line-vs-geod", test_measure_line_vs_geod);
  g_test_add_func ("/network/measure/polygon-mu", test_measure_polygon);
  g_test_add_func ("/network/measure/format", test_measure_format);
  g_test_add_func ("/network/lengths/geodesic", test_lengths);
  g_test_add_func ("/network/costs/flags-and-totals", test_costs);
  g_test_add_func ("/network/costs/after-unit-cost-edit", test_costs_after_edit);
  g_test_add_func ("/network/density/square", test_density_square);
  g_test_add_func ("/network/density/targets-by-year", test_density_targets_by_year);
  g_test_add_func ("/network/density/project-targets", test_density_project_targets);
  g_test_add_func ("/network/coverage/two-intakes", test_coverage_two_intakes);
  g_test_add_func ("/network/coverage/collinear-duplicate", test_coverage_collinear_duplicate);
  g_test_add_func ("/network/coverage/one-intake", test_coverage_one_intake);
  g_test_add_func ("/network/coverage/no-intake", test_coverage_no_intake);
  g_test_add_func ("/network/coverage/concave", test_coverage_concave);
  g_test_add_func ("/network/overlay/uncovered-layer", test_uncovered_layer);
  g_test_add_func ("/network/async", test_async);
  g_test_add_func ("/store/unit-costs/defaults", test_unit_costs_defaults);
  g_test_add_func ("/store/unit-costs/edit-undo-redo-audit", test_unit_costs_edit_undo);
  g_test_add_func ("/store/unit-costs/invalid", test_unit_costs_invalid);
  g_test_add_func ("/store/migration/v1-to-v2", test_migration_v1);
  g_test_add_func ("/store/network-readers", test_store_readers);
  status = g_test_run ();
  g_free (fixture);
  return status;
}
