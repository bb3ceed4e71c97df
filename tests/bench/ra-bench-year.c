/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Year switching on the Zhangye sample, as the app does it: the map holds
 * the project's own layers (the plain counties and plants hidden under the
 * plan, the pipelines shown) and the thematic layers of the year shown; a
 * year change builds that year's thematic layers, puts them in place of
 * the old ones (ra_thematic_replace_layers), takes a snapshot and renders
 * 1920x1080 with labels.  Prints timings; asserts nothing about them.
 * Run: meson test -C BUILDDIR --benchmark zhangye-year-switch -v */
#include "config.h"

#include "plan-test-util.h"
#include "ra-autocleanups.h"
#include "ra-renderer.h"
#include "ra-source.h"
#include "ra-thematic.h"

typedef struct {
  double build_ms, map_ms, render_ms, total_ms;
} Timing;

static void
switch_year (RaPlan *plan, RaStore *store, RaMap *map, const RaView *view, int year,
             RaThematicMode mode, cairo_surface_t *image, Timing *t)
{
  gint64 t0 = g_get_monotonic_time (), t1, t2;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) layers = ra_thematic_build (plan, store, year, mode, &error);
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(RaMapSnapshot) snap = NULL;

  g_assert_no_error (error);
  t1 = g_get_monotonic_time ();
  added = ra_thematic_replace_layers (map, layers, &error);
  g_assert_no_error (error);
  snap = ra_map_snapshot_new (map);
  t2 = g_get_monotonic_time ();
  g_assert_true (ra_renderer_draw_image (snap, view, NULL, image, NULL, NULL));
  t->build_ms = (t1 - t0) / 1000.0;
  t->map_ms = (t2 - t1) / 1000.0;
  t->render_ms = (g_get_monotonic_time () - t2) / 1000.0;
  t->total_ms = (g_get_monotonic_time () - t0) / 1000.0;
}

int
main (int argc, char **argv)
{
  static const char * const tables[] = { "counties", "plants", "pipelines" };
  g_autoptr(RaStore) store = NULL;
  g_autoptr(RaPlan) plan = NULL;
  g_autoptr(RaMap) map = ra_map_new ();
  g_autoptr(cairo_surface_t) image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1920, 1080);
  guint n;
  const int *years;
  double worst = 0;
  RaView view;
  RaBBox extent;
  Timing t;

  ra_core_init ();
  store = pt_open_sample ("zhangye");
  plan = pt_plan (store);
  years = ra_plan_get_years (plan, &n);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RaLayer) layer = ra_source_load_layer (ra_store_get_path (store), tables[i], NULL, &error);

      if (g_error_matches (error, RA_ERROR, RA_ERROR_EMPTY))
        continue;   /* the sample has no pipelines drawn yet */
      g_assert_no_error (error);
      ra_layer_set_visible (layer, g_str_equal (tables[i], "pipelines"));
      g_assert_true (ra_map_add_layer (map, layer, NULL));
    }
  ra_map_get_extent (map, FALSE, &extent);
  ra_view_init (&view, 1920, 1080);
  ra_view_fit_bbox (&view, &extent, 30);
  g_print ("map CRS: %s\n", ra_crs_get_name (ra_map_get_crs (map)));

  switch_year (plan, store, map, &view, years[0], RA_THEMATIC_REUSE_RATE, image, &t);
  g_print ("first year (reads the county boundaries): %.1f ms\n", t.total_ms);
  for (int mode = RA_THEMATIC_REUSE_RATE; mode <= RA_THEMATIC_GAP; mode++)
    {
      g_print ("%s:\n", mode == RA_THEMATIC_GAP ? "gap to target" : "reuse rate, unmet hatched");
      for (int round = 0; round < 3; round++)
        for (guint y = 0; y < n; y++)
          {
            switch_year (plan, store, map, &view, years[y], mode, image, &t);
            worst = MAX (worst, t.total_ms);
            if (round == 2)
              g_print ("  year %d: layers %.1f ms, into the map %.1f ms, render 1920x1080 %.1f ms, "
                       "all %.1f ms\n", years[y], t.build_ms, t.map_ms, t.render_ms, t.total_ms);
          }
    }
  g_print ("worst year switch: %.1f ms (target: 50 ms)\n", worst);
  return 0;
}
