/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Year switching on the Zhangye sample: rebuild the thematic layers for a
 * year, put them in a map and render 1920x1080, as the app does when the
 * year changes.  Prints timings; asserts nothing about them.
 * Run: meson test -C BUILDDIR --benchmark zhangye-year-switch -v */
#include "config.h"

#include "plan-test-util.h"
#include "ra-autocleanups.h"
#include "ra-thematic.h"

static double
switch_year (RaPlan *plan, RaStore *store, int year, double *build_ms, double *render_ms)
{
  gint64 t0 = g_get_monotonic_time (), t1, t2;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) layers = ra_thematic_build (plan, store, year, RA_THEMATIC_GAP, &error);
  g_autoptr(RaMap) map = ra_map_new ();
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autoptr(cairo_surface_t) surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1920, 1080);
  g_autoptr(cairo_t) cr = cairo_create (surface);
  RaView view;
  RaBBox extent;

  g_assert_no_error (error);
  t1 = g_get_monotonic_time ();
  for (guint i = 0; i < layers->len; i++)
    g_assert_true (ra_map_add_layer (map, g_ptr_array_index (layers, i), NULL));
  ra_map_get_extent (map, TRUE, &extent);
  ra_view_init (&view, 1920, 1080);
  ra_view_fit_bbox (&view, &extent, 30);
  snap = ra_map_snapshot_new (map);
  t2 = g_get_monotonic_time ();
  ra_renderer_draw (snap, &view, NULL, cr, NULL);
  *build_ms = (t1 - t0) / 1000.0;
  *render_ms = (g_get_monotonic_time () - t2) / 1000.0;
  return (g_get_monotonic_time () - t0) / 1000.0;
}

int
main (int argc, char **argv)
{
  g_autoptr(RaStore) store = NULL;
  g_autoptr(RaPlan) plan = NULL;
  guint n;
  const int *years;
  double build_ms, render_ms, total_ms, worst = 0;

  ra_core_init ();
  store = pt_open_sample ("zhangye");
  plan = pt_plan (store);
  years = ra_plan_get_years (plan, &n);

  total_ms = switch_year (plan, store, years[0], &build_ms, &render_ms);
  g_print ("first build (reads the county boundaries): %.1f ms (layers %.1f ms)\n", total_ms, build_ms);
  for (int round = 0; round < 3; round++)
    for (guint y = 0; y < n; y++)
      {
        total_ms = switch_year (plan, store, years[y], &build_ms, &render_ms);
        worst = MAX (worst, total_ms);
        if (round == 2)
          g_print ("year %d: layers %.1f ms, render 1920x1080 %.1f ms, all (layers, map, render) %.1f ms\n",
                   years[y], build_ms, render_ms, total_ms);
      }
  g_print ("worst year switch: %.1f ms (target: 50 ms)\n", worst);
  return 0;
}
