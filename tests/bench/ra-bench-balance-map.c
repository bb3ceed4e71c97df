/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ra-bench-balance-map [--users N] [--size WxH] [--repeat N]
 *
 * The water balance on the map at city scale (issue 16): N water users
 * (default 20,000, a fixed seed, spread over Zhangye's extent, six sectors,
 * demand for one year) built into the users layer as the app builds it
 * (ra_thematic_balance_users_layer: categorized by sector, proportional to
 * demand), reprojected into EPSG:4542 and drawn full extent: the layer
 * build, the render on one thread and on two (medians), in the lines
 * ra-bench prints for its cases.  See docs/benchmark.md. */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <sys/resource.h>

#include "ra-core.h"
#include "ra-autocleanups.h"
#include "ra-thematic-balance.h"

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : (x > y ? 1 : 0);
}

static double
median (GArray *times)
{
  g_array_sort (times, compare_double);
  if (times->len == 0)
    return 0;
  if (times->len % 2 == 1)
    return g_array_index (times, double, times->len / 2);
  return (g_array_index (times, double, times->len / 2 - 1) +
          g_array_index (times, double, times->len / 2)) / 2.0;
}

static double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

int
main (int argc, char **argv)
{
  int n_users = 20000, repeat = 5, width = 1920, height = 1080, year = 2030;
  g_autofree char *size = NULL;
  GOptionEntry entries[] = {
    { "users", 0, 0, G_OPTION_ARG_INT, &n_users, "Water users (default 20000)", "N" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size, "Image size (default 1920x1080)", "WxH" },
    { "repeat", 0, 0, G_OPTION_ARG_INT, &repeat, "Renders to take the median of (default 5)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func ((GDestroyNotify) ra_water_user_record_free);
  g_autoptr(GPtrArray) demand = g_ptr_array_new_with_free_func ((GDestroyNotify) ra_user_demand_record_free);
  g_autoptr(GArray) render_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) parallel_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(RaLayer) layer = NULL;
  g_autoptr(RaMap) map = NULL;
  g_autoptr(RaCrs) crs = NULL;
  const char * const *sectors;
  guint n_sectors = 0;
  GRand *rand;
  RaRenderStats stats = { 0 };
  RaMapSnapshot *snap;
  cairo_surface_t *image;
  struct rusage usage;
  RaBBox extent;
  RaView view;
  double t0, t_build, t_proj;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("ra-bench-balance-map: %s\n", error->message);
      return 2;
    }
  if (size != NULL && sscanf (size, "%dx%d", &width, &height) != 2)
    {
      g_printerr ("ra-bench-balance-map: --size wants WxH\n");
      return 2;
    }
  ra_core_init ();

  /* Users over Zhangye's six counties, demand 0.5 to 500 x 10^4 m3/a
   * (log-uniform: many small users, a few large ones, as in a city). */
  sectors = ra_water_sector_keys ();
  while (sectors[n_sectors] != NULL)
    n_sectors++;
  rand = g_rand_new_with_seed (16);
  for (int i = 0; i < n_users; i++)
    {
      RaWaterUserRecord *u = g_new0 (RaWaterUserRecord, 1);
      RaUserDemandRecord *d = g_new0 (RaUserDemandRecord, 1);

      u->id = i + 1;
      u->name = g_strdup_printf ("用水户 %d", i + 1);
      u->adcode = g_strdup ("620702");
      u->sector = g_strdup (sectors[g_rand_int_range (rand, 0, (gint32) n_sectors)]);
      u->use_category = g_strdup ("industry");
      u->able = g_strdup ("yes");
      u->lon = g_rand_double_range (rand, 97.3, 102.2);
      u->lat = g_rand_double_range (rand, 37.8, 39.9);
      g_ptr_array_add (users, u);
      d->user_id = u->id;
      d->year = year;
      d->volume = 0.5 * pow (1000.0, g_rand_double (rand));
      g_ptr_array_add (demand, d);
    }
  g_rand_free (rand);

  /* 1. the layer, as the project session builds it */
  t0 = now_s ();
  layer = ra_thematic_balance_users_layer (users, demand, NULL, year,
                                           ra_thematic_balance_demand_max (demand));
  t_build = now_s () - t0;

  /* 2. into the map CRS */
  map = ra_map_new ();
  crs = ra_crs_new_from_epsg (4542, &error);
  if (crs == NULL || !ra_map_set_crs (map, crs, &error))
    {
      g_printerr ("ra-bench-balance-map: %s\n", error->message);
      return 1;
    }
  t0 = now_s ();
  if (!ra_map_add_layer (map, layer, &error))
    {
      g_printerr ("ra-bench-balance-map: %s\n", error->message);
      return 1;
    }
  t_proj = now_s () - t0;

  if (!ra_map_get_extent (map, TRUE, &extent))
    return 1;
  ra_view_init (&view, width, height);
  ra_view_fit_bbox (&view, &extent, 0.01 * MIN (width, height));
  snap = ra_map_snapshot_new (map);

  /* 3. full-extent render, one thread and two, medians of N */
  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  for (int r = 0; r < repeat; r++)
    {
      g_autoptr(cairo_t) cr = cairo_create (image);

      t0 = now_s ();
      ra_renderer_draw_with_stats (snap, &view, NULL, cr, NULL, &stats);
      cairo_surface_flush (image);
      g_array_append_val (render_times, (double) { now_s () - t0 });
    }
  for (int r = 0; r < repeat; r++)
    {
      t0 = now_s ();
      ra_renderer_draw_image (snap, &view, NULL, image, NULL, NULL);
      g_array_append_val (parallel_times, (double) { now_s () - t0 });
    }
  if (g_getenv ("RA_BENCH_PNG") != NULL)
    cairo_surface_write_to_png (image, g_getenv ("RA_BENCH_PNG"));

  getrusage (RUSAGE_SELF, &usage);
  g_print ("inputs:            %d water users (proportional + categorized by sector), year %d\n",
           n_users, year);
  g_print ("map CRS:           EPSG:4542\n");
  g_print ("size:              %dx%d, %d render(s)\n", width, height, repeat);
  g_print ("layer build:       %.3f s  (ra_thematic_balance_users_layer)\n", t_build);
  g_print ("reprojection:      %.3f s\n", t_proj);
  g_print ("render (median):   %.3f s  (%u features, %u labels)\n",
           median (render_times), stats.n_features, stats.n_labels);
  g_print ("render, 2 threads: %.3f s  (median; ra_renderer_draw_image)\n", median (parallel_times));
  g_print ("peak RSS:          %.1f MB\n", usage.ru_maxrss / 1024.0);

  cairo_surface_destroy (image);
  ra_map_snapshot_unref (snap);
  return 0;
}
