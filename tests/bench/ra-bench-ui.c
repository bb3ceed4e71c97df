/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ra-bench-ui [COUNTIES.gpkg [LINES.gpkg]] [--cycles N]
 *
 * The in-app figures of issue 7, measured on the real window and map widget
 * (run under Xvfb, like tests/ui): time to the first map after opening the
 * all-counties GeoPackage, the settled full-extent re-render (the worker's
 * ra_renderer_draw_image call, median of 3) of the counties, of the 200 k
 * lines and of both, frame times while panning and zooming through the
 * public API on every frame (frame clock: interval between frames and the
 * main thread's work per frame, p50/p95/max), the time from the end of a
 * gesture to the sharp map, and the RSS after loading and after N pan/zoom
 * cycles.  Targets are printed, never asserted.  Defaults: the data sets of
 * ../shared/bench/make-datasets.sh in /tmp/bench/data; exits 77 (skipped)
 * without them. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef HAVE_MALLOC_TRIM
#include <malloc.h>
#endif

#include "ra-application.h"
#include "ra-autocleanups.h"
#include "ra-window.h"

typedef struct {
  RaWindow   *window;
  RaMapView  *map_view;
  RaMap      *map;
  /* gesture */
  int         frame;          /* frames driven so far */
  int         n_frames;       /* to drive */
  int         cycle_frames;
  gint64      last_frame_time;
  gint64      update_start;   /* monotonic, µs: start of this frame's update */
  GArray     *intervals;      /* double ms between frames */
  GArray     *work;           /* double ms from update to after-paint */
  gboolean    done;
} Bench;

static Bench b;

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static long
rss_kb (const char *key)
{
  g_autofree char *text = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL) ||
      (p = strstr (text, key)) == NULL)
    return -1;
  return strtol (p + strlen (key), NULL, 10);
}

/* RA_BENCH_SMAPS=1: where the resident memory is, by mapping. */
static void
print_smaps (const char *when)
{
  g_autofree char *cmd = NULL;

  if (g_getenv ("RA_BENCH_SMAPS") == NULL)
    return;
  printf ("resident memory by mapping (%s):\n", when);
  fflush (stdout);
  cmd = g_strdup_printf ("awk '/^[0-9a-f]+-[0-9a-f]+ /{n=$6; if(n==\"\")n=\"[anon]\"} "
                         "/^Rss:/{r[n]+=$2} END{for(k in r) if (r[k] > 1024) print \"  \" int(r[k]/1024) \" MB \" k}' "
                         "/proc/%d/smaps | sort -k1 -rn | head -20", (int) getpid ());
  if (system (cmd) != 0)
    printf ("  (awk failed)\n");
}

static void
spin (double ms)
{
  double end = now_ms () + ms;

  while (now_ms () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
}

typedef gboolean (*Cond) (gpointer);

static gboolean
wait_for (Cond cond, gpointer data, double timeout_ms)
{
  double end = now_ms () + timeout_ms;

  while (!cond (data))
    {
      if (now_ms () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (200);
    }
  return TRUE;
}

static gboolean
loads_done (gpointer data)
{
  return ra_window_get_pending_loads (b.window) == 0;
}

static gboolean
rendered_after (gpointer data)
{
  return ra_map_view_get_render_count (b.map_view) > GPOINTER_TO_UINT (data) &&
         !ra_map_view_is_rendering (b.map_view);
}

static gboolean
all_refined (gpointer data)
{
  for (guint i = 0; i < ra_map_get_n_layers (b.map); i++)
    if (ra_layer_needs_refine (ra_map_get_layer (b.map, i)))
      return FALSE;
  return TRUE;
}

static gboolean
has_layers (gpointer data)
{
  return ra_map_get_n_layers (b.map) >= GPOINTER_TO_UINT (data);
}

static int
cmp_double (gconstpointer a, gconstpointer c)
{
  double x = *(const double *) a, y = *(const double *) c;
  return x < y ? -1 : x > y;
}

static double
pct (GArray *v, double p)
{
  guint i;

  if (v->len == 0)
    return NAN;
  g_array_sort (v, cmp_double);
  i = (guint) MIN (v->len - 1, floor (p * (v->len - 1) + 0.5));
  return g_array_index (v, double, i);
}

/* The worker's settled render at the widget's size: median of 3, ms. */
static double
settled_render_ms (guint *n_vertices)
{
  const RaView *view = ra_map_view_get_view (b.map_view);
  g_autoptr(GArray) t = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(cairo_surface_t) img = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                                view->width, view->height);
  g_autoptr(RaMapSnapshot) snap = ra_map_snapshot_new (b.map);
  RaRenderOptions opts;
  RaRenderStats stats = { 0 };

  /* The worker's options (ra-map-view.c render_prepare). */
  ra_render_options_init (&opts);
  opts.draw_labels = ra_map_view_get_show_labels (b.map_view);
  for (int i = 0; i < 3; i++)
    {
      double t0 = now_ms (), dt;

      ra_renderer_draw_image (snap, view, &opts, img, NULL, &stats);
      dt = now_ms () - t0;
      g_array_append_val (t, dt);
    }
  if (n_vertices)
    *n_vertices = stats.n_vertices;
  return pct (t, 0.5);
}

static void
after_paint_cb (GdkFrameClock *clock, gpointer data)
{
  if (b.update_start > 0)
    {
      double ms = (g_get_monotonic_time () - b.update_start) / 1000.0;

      g_array_append_val (b.work, ms);
      b.update_start = 0;
    }
}

/* One step of a cycle: pan right and back, zoom in and out (about the
 * pointer at the centre), so each cycle ends where it began. */
static gboolean
tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  gint64 ft = gdk_frame_clock_get_frame_time (clock);
  const RaView *view = ra_map_view_get_view (b.map_view);
  int step;

  if (b.last_frame_time > 0)
    {
      double ms = (ft - b.last_frame_time) / 1000.0;
      g_array_append_val (b.intervals, ms);
    }
  b.last_frame_time = ft;
  if (b.frame >= b.n_frames)
    {
      b.done = TRUE;
      return G_SOURCE_REMOVE;
    }
  b.update_start = g_get_monotonic_time ();
  step = b.frame % b.cycle_frames;
  if (step < 4)
    ra_map_view_pan_px (b.map_view, 24, 12);
  else if (step < 8)
    ra_map_view_pan_px (b.map_view, -24, -12);
  else if (step < 10)
    ra_map_view_zoom_at (b.map_view, 1.1, view->width / 2.0, view->height / 2.0);
  else
    ra_map_view_zoom_at (b.map_view, 1.0 / 1.1, view->width / 2.0, view->height / 2.0);
  b.frame++;
  return G_SOURCE_CONTINUE;
}

static gboolean
gesture_done (gpointer data)
{
  return b.done;
}

/* Drives cycles of gestures, pausing after every 10 for the sharp map;
 * appends the gesture-end -> sharp-map latencies to sharp (ms). */
static void
drive (int cycles, GArray *sharp)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (b.map_view));
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);

  for (int done = 0; done < cycles; done += 10)
    {
      int n = MIN (10, cycles - done);
      guint count;
      double t_end, t_sharp;

      b.frame = 0;
      b.n_frames = n * b.cycle_frames;
      b.done = FALSE;
      b.last_frame_time = 0;
      gtk_widget_add_tick_callback (GTK_WIDGET (b.map_view), tick_cb, NULL, NULL);
      if (!wait_for (gesture_done, NULL, 120000))
        g_printerr ("ra-bench-ui: gesture did not finish\n");
      t_end = now_ms ();
      count = ra_map_view_get_render_count (b.map_view);
      if (wait_for (rendered_after, GUINT_TO_POINTER (count), 30000))
        {
          t_sharp = now_ms () - t_end;
          g_array_append_val (sharp, t_sharp);
        }
    }
  g_signal_handler_disconnect (clock, handler);
}

static void
print_stats (const char *what, GArray *v)
{
  g_autoptr(GArray) copy = g_array_copy (v);
  double p50 = pct (copy, 0.5), p95 = pct (copy, 0.95), max = pct (copy, 1.0);

  printf ("%-44s p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms  (n = %u)\n", what, p50, p95, max, v->len);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = NULL;
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GArray) sharp = g_array_new (FALSE, FALSE, sizeof (double));
  RaApplication *app;
  GList *windows;
  const char *counties, *lines;
  int cycles = 100;
  double t0, first_map, counties_ms, lines_ms, both_ms;
  long rss_load, rss_after, rss_loaded_counties, rss_base, rss_loaded_lines;
  double full_detail_ms;
  guint count, n_vertices = 0;
  GOptionEntry entries[] = {
    { "cycles", 'n', 0, G_OPTION_ARG_INT, &cycles, "Pan/zoom cycles (100)", "N" },
    { NULL }
  };

  ctx = g_option_context_new ("[COUNTIES.gpkg [LINES.gpkg]] - in-app figures of issue 7");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_ignore_unknown_options (ctx, TRUE);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("ra-bench-ui: %s\n", error->message);
      return 2;
    }
  counties = argc > 1 ? argv[1] : "/tmp/bench/data/china_counties.gpkg";
  lines = argc > 2 ? argv[2] : "/tmp/bench/data/lines.gpkg";
  if (!g_file_test (counties, G_FILE_TEST_EXISTS) || !g_file_test (lines, G_FILE_TEST_EXISTS))
    {
      g_printerr ("ra-bench-ui: no %s or %s (run ../shared/bench/make-datasets.sh); skipped\n",
                  counties, lines);
      return 77;
    }

  data_home = g_dir_make_tmp ("ra-bench-ui-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  ra_core_init ();
  /* The application first: it picks GTK's renderer (and whether to load
   * GL at all) before GTK starts, as it does in the app. */
  app = ra_application_new ();
  gtk_init ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      g_printerr ("ra-bench-ui: %s\n", error->message);
      return 1;
    }
  g_application_activate (G_APPLICATION (app));
  windows = gtk_application_get_windows (GTK_APPLICATION (app));
  g_assert (windows != NULL);
  b.window = RA_WINDOW (windows->data);
  b.map_view = ra_window_get_map_view (b.window);
  b.map = ra_window_get_map (b.window);
  b.cycle_frames = 12;
  b.intervals = g_array_new (FALSE, FALSE, sizeof (double));
  b.work = g_array_new (FALSE, FALSE, sizeof (double));
  g_action_group_activate_action (G_ACTION_GROUP (b.window), "thematic-mode",
                                  g_variant_new_string ("off"));
  gtk_window_set_default_size (GTK_WINDOW (b.window), 1600, 1000);
  gtk_window_maximize (GTK_WINDOW (b.window));

  /* The window opens on the sample project: let it settle, then empty the
   * map so only the bench data is drawn. */
  wait_for (loads_done, NULL, 30000);
  spin (1500);
  while (ra_map_get_n_layers (b.map) > 0)
    ra_map_remove_layer (b.map, 0);
  spin (300);

  rss_base = rss_kb ("VmRSS:");
  print_smaps ("window before opening");
  /* Opening: from the file chosen to the first map on screen. */
  count = ra_map_view_get_render_count (b.map_view);
  t0 = now_ms ();
  ra_window_open_path (b.window, counties);
  if (!wait_for (has_layers, GUINT_TO_POINTER (1), 60000) ||
      !wait_for (rendered_after, GUINT_TO_POINTER (count), 60000))
    {
      g_printerr ("ra-bench-ui: %s did not load\n", counties);
      return 1;
    }
  first_map = now_ms () - t0;
  /* The first map is simplified for the whole extent; full detail follows
   * in a worker. */
  wait_for (all_refined, NULL, 60000);
  full_detail_ms = now_ms () - t0;
  spin (500);
  rss_loaded_counties = rss_kb ("VmRSS:");
  print_smaps ("counties loaded");
  {
    const RaView *v = ra_map_view_get_view (b.map_view);
    g_autofree char *crs = NULL;

    if (ra_map_get_crs (b.map) != NULL)
      crs = g_strdup (ra_crs_get_name (ra_map_get_crs (b.map)));
    printf ("map widget %d x %d px, map CRS %s, load average %s", v->width, v->height,
            crs ? crs : "(none)", "");
    {
      g_autofree char *load = NULL;
      g_file_get_contents ("/proc/loadavg", &load, NULL, NULL);
      printf ("%s", load ? load : "?\n");
    }
  }
  ra_map_view_zoom_to_extent (b.map_view);
  spin (400);
  counties_ms = settled_render_ms (&n_vertices);
  printf ("first map after opening the counties GPKG    %7.0f ms   (target <= 600)\n", first_map);
  printf ("  full detail in the map after                 %7.0f ms\n", full_detail_ms);
  printf ("settled re-render, all counties              %7.1f ms   (target <= 75; %u vertices drawn)\n",
          counties_ms, n_vertices);

  count = ra_map_view_get_render_count (b.map_view);
  ra_window_open_path (b.window, lines);
  if (!wait_for (has_layers, GUINT_TO_POINTER (2), 120000) ||
      !wait_for (rendered_after, GUINT_TO_POINTER (count), 60000))
    {
      g_printerr ("ra-bench-ui: %s did not load\n", lines);
      return 1;
    }
  wait_for (all_refined, NULL, 120000);
  spin (500);
  ra_map_view_zoom_to_extent (b.map_view);
  spin (400);
  both_ms = settled_render_ms (NULL);
  /* Lines alone: the counties hidden (the lines were added on top). */
  for (guint i = 0; i < ra_map_get_n_layers (b.map); i++)
    {
      RaLayer *layer = ra_map_get_layer (b.map, i);

      if (ra_layer_get_kind (layer) == RA_GEOM_POLYGON)
        ra_layer_set_visible (layer, FALSE);
    }
  lines_ms = settled_render_ms (NULL);
  for (guint i = 0; i < ra_map_get_n_layers (b.map); i++)
    ra_layer_set_visible (ra_map_get_layer (b.map, i), TRUE);
  printf ("settled re-render, 200 k lines               %7.1f ms   (target <= MapServer AGG's render)\n",
          lines_ms);
  printf ("settled re-render, counties + lines          %7.1f ms\n", both_ms);
  spin (1000);
  rss_loaded_lines = rss_kb ("VmRSS:");
  if (g_getenv ("RA_BENCH_SMAPS") != NULL)
    for (guint i = 0; i < ra_map_get_n_layers (b.map); i++)
      {
        g_autoptr(RaLayerData) data = ra_layer_dup_data (ra_map_get_layer (b.map, i));
        guint64 bytes = 0, points = 0, cbytes = 0, cpoints = 0;

        for (guint f = 0; f < data->n_features; f++)
          if (data->geoms[f] != NULL)
            {
              bytes += ra_geometry_heap_size (data->geoms[f]);
              points += data->geoms[f]->n_points;
            }
        for (guint f = 0; data->coarse != NULL && f < data->coarse->n_features; f++)
          if (data->coarse->geoms[f] != NULL)
            {
              cbytes += ra_geometry_heap_size (data->coarse->geoms[f]);
              cpoints += data->coarse->geoms[f]->n_points;
            }
        printf ("layer %u: %" G_GUINT64_FORMAT " vertices in %.1f MB%s; coarse copy %" G_GUINT64_FORMAT
                " vertices in %.1f MB\n", i, points, bytes / 1048576.0,
                data->geom_block != NULL ? " (one block)" : "", cpoints, cbytes / 1048576.0);
      }
#ifdef HAVE_MALLOC_TRIM
  if (g_getenv ("RA_BENCH_SMAPS") != NULL)
    {
      malloc_trim (0);
      printf ("RSS with the lines after malloc_trim: %ld MB\n", rss_kb ("VmRSS:") / 1024);
      print_smaps ("counties + lines, trimmed");
    }
#endif

  /* Ten cycles to warm up (the heap grows to what rendering needs): growth
   * is counted from there. */
  {
    g_autoptr(GArray) warm = g_array_new (FALSE, FALSE, sizeof (double));

    drive (10, warm);
    spin (1000);
  }
  g_array_set_size (b.intervals, 0);
  g_array_set_size (b.work, 0);
  rss_load = rss_kb ("VmRSS:");
  drive (cycles, sharp);
  spin (1000);
  rss_after = rss_kb ("VmRSS:");

  printf ("%d pan/zoom cycles (%d frames), counties + lines:\n", cycles, cycles * b.cycle_frames);
  print_stats ("  frame interval (frame clock)", b.intervals);
  print_stats ("  main-thread work per frame (update->paint)", b.work);
  print_stats ("  gesture end -> sharp map", sharp);
  printf ("   each:");
  for (guint i = 0; i < sharp->len; i++)
    printf (" %.0f", g_array_index (sharp, double, i));
  printf (" ms\n");
  printf ("  (targets: every frame <= 16 ms; sharp map <= 150 ms)\n");
  printf ("RSS: window before opening %ld MB, counties loaded %ld MB (the layer: %+ld MB), + lines %ld MB, "
          "after 10 warm-up cycles %ld MB, after the cycles %ld MB (growth %+ld MB), peak %ld MB"
          "   (target <= ~220 MB with the counties, no growth)\n",
          rss_base / 1024, rss_loaded_counties / 1024, (rss_loaded_counties - rss_base) / 1024,
          rss_loaded_lines / 1024, rss_load / 1024, rss_after / 1024, (rss_after - rss_load) / 1024,
          rss_kb ("VmHWM:") / 1024);

  gtk_window_destroy (GTK_WINDOW (b.window));
  spin (200);
  g_object_unref (app);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", data_home);
    if (system (cmd) != 0)
      g_printerr ("ra-bench-ui: could not remove %s\n", data_home);
  }
  return 0;
}
