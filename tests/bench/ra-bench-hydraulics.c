/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The hydraulics at scale (issue 18): a branched network of 50,000 pipes
 * (50 plants, each with a trunk of 100 pipelines of 300 m and from every
 * trunk node a branch of 9 pipelines of 200 m, a user at every branch
 * node: 45,000 users), built by hand as the water balance's input.  Prints
 * wall time, CPU time and peak RSS of snapping it into a network, sampling
 * the (flat) ground every 50 m, sizing and solving it, writing JSON and the
 * EPANET file; then runs EPANET 2.2 (node + epanet-js, tests/epanet) on
 * that file in the same run and prints its own solve time and how far its
 * heads and flows are from ours.  Goal: sizing and solving < 100 ms.
 *
 * With --dem the ground comes from a synthetic DEM over the whole region
 * (rolling terrain, 0.002° pixels, EPSG:4490) made first with GDAL.
 *
 *   ra-bench-hydraulics [--plants N] [--trunk N] [--branch N] [--formula hw|dw] [--dem] */
#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <glib/gstdio.h>

#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include "ra-core.h"
#include "balance-test-util.h"
#include "ra-hydraulics-private.h"

typedef struct {
  gint64 t_wall;
  double t_cpu;
} Mark;

static double
cpu_seconds (void)
{
  return (double) clock () / CLOCKS_PER_SEC;
}

static long
peak_rss_mb (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024;
}

static Mark
mark (void)
{
  return (Mark) { g_get_monotonic_time (), cpu_seconds () };
}

static void
report (const char *what, Mark m, const char *extra)
{
  g_print ("%-26s wall %8.3f s  cpu %8.3f s  peak RSS %5ld MB  %s\n", what,
           (g_get_monotonic_time () - m.t_wall) / 1e6, cpu_seconds () - m.t_cpu,
           peak_rss_mb (), extra ? extra : "");
}

#define M_PER_DEG 111195.08

/* Rolling terrain over lon0..lon1 x lat0..lat1: a plain rising eastwards
 * with hills of 20 m every few kilometres. */
static char *
make_dem (const char *dir, double lon0, double lat0, double lon1, double lat1)
{
  char *path = g_build_filename (dir, "terrain.tif", NULL);
  double px = 0.002, gt[6] = { lon0, px, 0, lat1, 0, -px };
  int w = (int) ceil ((lon1 - lon0) / px), h = (int) ceil ((lat1 - lat0) / px);
  GDALDatasetH ds = GDALCreate (GDALGetDriverByName ("GTiff"), path, w, h, 1, GDT_Float32, NULL);
  OGRSpatialReferenceH srs = OSRNewSpatialReference (NULL);
  g_autofree float *row = g_new (float, w);
  char *wkt = NULL;

  g_assert_nonnull (ds);
  GDALSetGeoTransform (ds, gt);
  OSRImportFromEPSG (srs, 4490);
  OSRExportToWkt (srs, &wkt);
  GDALSetProjection (ds, wkt);
  CPLFree (wkt);
  OSRDestroySpatialReference (srs);
  for (int r = 0; r < h; r++)
    {
      for (int c = 0; c < w; c++)
        {
          double x = c * px * 86000, y = r * px * M_PER_DEG;

          row[c] = (float) (1400 + 0.002 * x + 20 * sin (x / 2500) * cos (y / 1800));
        }
      g_assert_cmpint (GDALRasterIO (GDALGetRasterBand (ds, 1), GF_Write, 0, r, w, 1, row, w, 1,
                                     GDT_Float32, 0, 0), ==, CE_None);
    }
  GDALClose (ds);
  return path;
}

int
main (int argc, char **argv)
{
  int n_plants = 50, n_trunk = 100, n_branch = 9;
  gboolean with_dem = FALSE;
  g_autofree char *formula = NULL, *dem_path = NULL;
  g_autoptr(RaRaster) dem = NULL;
  GOptionEntry entries[] = {
    { "plants", 0, 0, G_OPTION_ARG_INT, &n_plants, "plants (one network each)", "N" },
    { "trunk", 0, 0, G_OPTION_ARG_INT, &n_trunk, "trunk pipelines per network", "N" },
    { "branch", 0, 0, G_OPTION_ARG_INT, &n_branch, "pipelines per branch", "N" },
    { "formula", 0, 0, G_OPTION_ARG_STRING, &formula, "hw or dw", "F" },
    { "dem", 0, 0, G_OPTION_ARG_NONE, &with_dem, "ground from a synthetic DEM", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RaBalanceInput) in = NULL;
  g_autofree char *tmp = NULL, *inp = NULL, *json_path = NULL, *json = NULL, *extra = NULL;
  RaHydraulicsOptions options;
  RaHydraulics *h;
  gint64 pipe_id = 1, user_id = 1, alloc_id = 1;
  Mark m;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  ra_core_init ();
  ra_hydraulics_options_init (&options);
  if (formula != NULL && g_str_equal (formula, "dw"))
    options.formula = RA_HYDRAULICS_DARCY_WEISBACH;

  m = mark ();
  in = bt_input_new (2030);
  for (int p = 0; p < n_plants; p++)
    {
      /* networks 0.5° apart on a grid: none snaps to another */
      double lon0 = 98.0 + (p % 10) * 0.5, lat0 = 37.0 + (p / 10) * 0.5;
      double kx = M_PER_DEG * cos (lat0 * G_PI / 180.0);
      double dx = 300 / kx, dy = 200 / M_PER_DEG;
      g_autofree char *pname = g_strdup_printf ("plant %d", p + 1);

      bt_add_plant (in, p + 1, pname, NULL, "reclaimed_plant", 1e6, NULL, lon0, lat0);
      for (int t = 0; t < n_trunk; t++)
        {
          double trunk[4] = { lon0 + t * dx, lat0, lon0 + (t + 1) * dx, lat0 };
          double side = t % 2 == 0 ? 1 : -1;

          bt_add_pipeline (in, pipe_id++, "trunk", NAN, trunk, 2);
          for (int b = 0; b < n_branch; b++)
            {
              double seg[4] = { trunk[2], lat0 + side * b * dy, trunk[2], lat0 + side * (b + 1) * dy };
              g_autofree char *uname = g_strdup_printf ("user %" G_GINT64_FORMAT, user_id);

              bt_add_pipeline (in, pipe_id++, "branch", NAN, seg, 2);
              bt_add_user (in, user_id, uname, NULL, "other_industry", "industry", "yes", 0.5,
                           seg[2], seg[3]);
              bt_add_allocation (in, alloc_id++, user_id, p + 1, 0.3 + 0.05 * (user_id % 7));
              user_id++;
            }
        }
    }
  extra = g_strdup_printf ("%d plants, %" G_GINT64_FORMAT " pipelines, %" G_GINT64_FORMAT " users",
                           n_plants, pipe_id - 1, user_id - 1);
  report ("build the input", m, extra);

  tmp = g_dir_make_tmp ("ra-bench-hydraulics-XXXXXX", NULL);
  if (with_dem)
    {
      m = mark ();
      dem_path = make_dem (tmp, 97.9, 36.7, 98.0 + 10 * 0.5, 37.3 + ((n_plants + 9) / 10) * 0.5);
      dem = ra_raster_open (dem_path, &error);
      g_assert_no_error (error);
      g_free (extra);
      extra = g_strdup_printf ("%d x %d px", ra_raster_get_width (dem), ra_raster_get_height (dem));
      report ("make the DEM", m, extra);
    }

  m = mark ();
  h = _ra_hydraulics_new_from_input (in, &options, &error);
  if (h == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_free (extra);
  extra = g_strdup_printf ("%u nodes, %u pipes", h->nodes->len, h->pipes->len);
  report ("snap into a network", m, extra);
  m = mark ();
  if (!_ra_hydraulics_sample_ground (h, dem, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_free (extra);
  extra = g_strdup_printf ("%u samples (%s)", h->samples->len, dem != NULL ? "DEM" : "flat ground");
  report ("ground every 50 m", m, extra);
  m = mark ();
  if (!_ra_hydraulics_solve (h, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_free (extra);
  extra = g_strdup_printf ("%s; solve_s %.4f (GOAL < 0.100 s); pump heads %.1f..%.1f m; %u air valves",
                           options.formula == RA_HYDRAULICS_DARCY_WEISBACH ? "D-W" : "H-W",
                           h->solve_s, g_array_index (h->sources, RaHydraulicsSource, 0).pump_head_m,
                           g_array_index (h->sources, RaHydraulicsSource, h->sources->len - 1).pump_head_m,
                           h->air_valves->len);
  report ("size and solve", m, extra);

  inp = g_build_filename (tmp, "network.inp", NULL);
  json_path = g_build_filename (tmp, "network.json", NULL);
  m = mark ();
  json = ra_hydraulics_to_json (h);
  report ("JSON", m, NULL);
  g_assert_true (g_file_set_contents (json_path, json, -1, NULL));
  m = mark ();
  if (!ra_hydraulics_write_inp (h, inp, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  report ("EPANET .inp", m, NULL);

  {
    g_autofree char *node = g_find_program_in_path ("node");
    g_autofree char *script = g_build_filename (RA_EPANET_DIR, "run-epanet.mjs", NULL);
    g_autofree char *pkg = g_build_filename (RA_EPANET_DIR, "node_modules", "epanet-js", "package.json", NULL);
    g_autofree char *out = NULL, *err = NULL;
    const char *args[] = { node, script, inp, json_path, NULL };
    int status = 0;

    if (node == NULL || !g_file_test (pkg, G_FILE_TEST_EXISTS))
      g_print ("EPANET                     skipped: %s\n",
               node == NULL ? "node is not installed" : "epanet-js is not installed (npm ci in tests/epanet)");
    else
      {
        m = mark ();
        g_assert_true (g_spawn_sync (NULL, (char **) args, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                                     &status, &error));
        /* its own open + solveH time is "seconds" in out */
        report ("EPANET 2.2 (node, total)", m, NULL);
        g_print ("EPANET says: %s%s", out, err != NULL ? err : "");
        if (out != NULL && strlen (out) > 2000)
          g_print ("\n");
      }
  }
  ra_hydraulics_free (h);
  if (g_getenv ("RA_BENCH_KEEP") == NULL)
    {
      g_unlink (inp);
      g_unlink (json_path);
      if (dem_path != NULL)
        g_unlink (dem_path);
      g_rmdir (tmp);
    }
  return 0;
}
