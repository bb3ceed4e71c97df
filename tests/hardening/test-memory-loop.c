/* SPDX-License-Identifier: GPL-3.0-or-later */
/* 100 cycles of what a session does over and over: open a data source and a
 * project, draw, pan and zoom, close everything.  Prints the resident set
 * size after the warm-up and at the end; memory must not grow with the
 * number of cycles (a leak of even one layer per cycle would show as
 * megabytes).  Under AddressSanitizer the quarantine holds freed memory on
 * purpose, so there the figures are printed but not judged (LeakSanitizer
 * judges instead).  RA_MEMORY_CYCLES overrides the cycle count. */
#include "config.h"

#include <stdio.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "ra-core.h"
#include "ra-store.h"

#if defined(__SANITIZE_ADDRESS__)
#define RA_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RA_SANITIZED 1
#endif
#endif

static gint64
rss_kib (void)
{
  g_autofree char *statm = NULL;
  long pages = 0, resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
    return -1;
  if (sscanf (statm, "%ld %ld", &pages, &resident) != 2)
    return -1;
  return (gint64) resident * (sysconf (_SC_PAGESIZE) / 1024);
}

static char *project_path;

static void
one_cycle (const char *data_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RaMap) map = ra_map_new ();
  g_autoptr(RaLayer) layer = NULL;
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autoptr(RaStore) store = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  RaRenderOptions opts;
  RaView view;
  RaBBox extent;

  layer = ra_source_load_layer (data_path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ra_map_add_layer (map, layer, &error));
  g_assert_no_error (error);
  g_assert_true (ra_map_get_extent (map, TRUE, &extent));

  store = ra_store_open (project_path, RA_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  projects = ra_store_list_projects (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (projects->len, >, 0);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 640, 480);
  cr = cairo_create (surface);
  ra_view_init (&view, 640, 480);
  ra_view_fit_bbox (&view, &extent, 10);
  ra_render_options_init (&opts);
  snap = ra_map_snapshot_new (map);
  /* Draw, then pan and zoom as a user would, drawing after each step. */
  for (int step = 0; step < 6; step++)
    {
      g_assert_true (ra_renderer_draw (snap, &view, &opts, cr, NULL));
      if (step % 2 == 0)
        ra_view_pan_px (&view, 37, -21);
      else
        ra_view_zoom_at (&view, step < 4 ? 1.6 : 0.5, 320, 240);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_open_render_close_loop (void)
{
  g_autofree char *data_path = g_build_filename (ra_paths_get_data_dir (), "samples", "zhangye",
                                                 "counties.geojson", NULL);
  const char *env = g_getenv ("RA_MEMORY_CYCLES");
  guint cycles = env ? (guint) g_ascii_strtoull (env, NULL, 10) : 100;
  guint warmup = MIN (10, cycles / 2);
  gint64 rss_warm = 0, rss_end, growth;

  for (guint i = 0; i < cycles; i++)
    {
      one_cycle (data_path);
      if (i + 1 == warmup)
        rss_warm = rss_kib ();
    }
  rss_end = rss_kib ();
  growth = rss_end - rss_warm;
  g_test_message ("RSS after %u warm-up cycles: %" G_GINT64_FORMAT " KiB; after %u cycles: %"
                  G_GINT64_FORMAT " KiB; growth %" G_GINT64_FORMAT " KiB (%.1f KiB per cycle)",
                  warmup, rss_warm, cycles, rss_end, growth,
                  (double) growth / MAX (1, cycles - warmup));
  printf ("# memory-loop: rss_warm_kib=%" G_GINT64_FORMAT " rss_end_kib=%" G_GINT64_FORMAT
          " cycles=%u growth_kib=%" G_GINT64_FORMAT "\n", rss_warm, rss_end, cycles, growth);
#ifndef RA_SANITIZED
  /* One leaked layer of the sample is ~1 MB: 90 of them would be ~90 MB.
   * A few MB of slack for allocator fragmentation and caches. */
  g_assert_cmpint (growth, <, 6 * 1024);
#endif
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  ra_core_init ();
  dir = g_dir_make_tmp ("ra-memory-loop-XXXXXX", &error);
  g_assert_no_error (error);
  project_path = g_build_filename (dir, "zhangye.sqlite", NULL);
  g_assert_true (ra_store_build_sample (project_path, "zhangye", &error));
  g_assert_no_error (error);

  g_test_add_func ("/hardening/memory/open-render-close-loop", test_open_render_close_loop);
  status = g_test_run ();

  {
    g_autofree char *wal = g_strconcat (project_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (project_path, "-shm", NULL);

    g_unlink (project_path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
  g_free (project_path);
  return status;
}
