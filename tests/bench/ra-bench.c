/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ra-bench DATA... [--size 1920x1080] [--crs EPSG:n] [--repeat N]
 *
 * Times the stages the app goes through: open + load, reprojection into the
 * map CRS, a full-extent render (median of N; one thread, then both cores), and one frame of a cached
 * pan/zoom (the finished image painted shifted by 37 px and scaled 1.1x),
 * then prints the peak RSS.  See docs/benchmark.md. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#ifdef HAVE_MALLOC_TRIM
#include <malloc.h>
#endif

#include <cpl_error.h>

#include "ra-core.h"
#include "ra-autocleanups.h"

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
  g_autofree char *size = NULL;
  g_autofree char *crs_text = NULL;
  int repeat = 5, width = 1920, height = 1080;
  gboolean labels = FALSE, compact = FALSE;
  GOptionEntry entries[] = {
    { "size", 0, 0, G_OPTION_ARG_STRING, &size, "Image size (default 1920x1080)", "WxH" },
    { "crs", 0, 0, G_OPTION_ARG_STRING, &crs_text, "Map CRS (default: picked from the data)", "EPSG:n" },
    { "repeat", 0, 0, G_OPTION_ARG_INT, &repeat, "Renders to take the median of (default 5)", "N" },
    { "labels", 0, 0, G_OPTION_ARG_NONE, &labels, "Label by name_zh/name/NAME if present", NULL },
    { "compact", 0, 0, G_OPTION_ARG_NONE, &compact, "Keep layers as the app keeps big ones (one packed copy)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("DATA… — time load, reprojection, render and cached pan");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) layers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RaMap) map = ra_map_new ();
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autoptr(cairo_surface_t) image = NULL;
  g_autoptr(cairo_surface_t) frame = NULL;
  g_autoptr(GArray) render_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) blit_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) parallel_times = g_array_new (FALSE, FALSE, sizeof (double));
  RaRenderStats stats = { 0 };
  RaView view;
  RaBBox extent;
  struct rusage usage;
  double t0, t_load, t_proj;
  guint64 n_features = 0;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("ra-bench: %s\n", error->message);
      return 2;
    }
  if (argc < 2)
    {
      g_printerr ("ra-bench: no input given (try --help)\n");
      return 2;
    }
  if (size != NULL && sscanf (size, "%dx%d", &width, &height) != 2)
    {
      g_printerr ("ra-bench: invalid --size %s\n", size);
      return 2;
    }
  repeat = CLAMP (repeat, 1, 1000);
  ra_core_init ();
  CPLSetErrorHandler (CPLQuietErrorHandler);

  /* 1. open + load, in the source CRS */
  t0 = now_s ();
  for (int a = 1; a < argc; a++)
    {
      g_auto(GStrv) names = ra_source_list_layers (argv[a], &error);

      if (names == NULL)
        {
          g_printerr ("ra-bench: %s\n", error->message);
          return 1;
        }
      for (guint i = 0; names[i] != NULL; i++)
        {
          RaLayer *layer = ra_source_load_layer (argv[a], names[i], NULL, &error);

          if (layer == NULL)
            {
              g_printerr ("ra-bench: %s\n", error->message);
              return 1;
            }
          if (labels)
            {
              static const char * const fields[] = { "name_zh", "name", "NAME" };
              RaAttrTable *attrs = ra_layer_get_attrs (layer);
              for (guint f = 0; attrs != NULL && f < G_N_ELEMENTS (fields); f++)
                if (ra_attr_table_field_index (attrs, fields[f]) >= 0)
                  {
                    g_autoptr(RaStyle) style = ra_style_copy (ra_layer_get_style (layer));
                    ra_style_set_label_field (style, fields[f]);
                    ra_layer_set_style (layer, style);
                    break;
                  }
            }
          n_features += ra_layer_get_n_features (layer);
          g_ptr_array_add (layers, layer);
        }
    }
  t_load = now_s () - t0;

  /* 2. reprojection into the map CRS (with the spatial index build) */
  t0 = now_s ();
  if (crs_text != NULL)
    {
      g_autoptr(RaCrs) crs = ra_crs_new_from_user_input (crs_text, &error);
      if (crs == NULL || !ra_map_set_crs (map, crs, &error))
        {
          g_printerr ("ra-bench: --crs %s: %s\n", crs_text, error ? error->message : "unknown CRS");
          return 1;
        }
    }
  for (guint i = 0; i < layers->len; i++)
    if ((compact && (ra_layer_set_compact (g_ptr_array_index (layers, i), TRUE), FALSE)) ||
        !ra_map_add_layer (map, g_ptr_array_index (layers, i), &error))
      {
        g_printerr ("ra-bench: %s\n", error->message);
        return 1;
      }
  t_proj = now_s () - t0;
  {
    g_autofree char *status = NULL;
    const char *p;

#ifdef HAVE_MALLOC_TRIM
    {
      double t_trim = now_s ();

      malloc_trim (0);
      printf ("malloc_trim:        %.1f ms\n", (now_s () - t_trim) * 1000.0);
    }
#endif
    if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL) &&
        (p = strstr (status, "VmRSS:")) != NULL)
      printf ("RSS after loading:  %.1f MB (malloc_trim'd)\n", g_ascii_strtod (p + 6, NULL) / 1024.0);
#ifdef HAVE_MALLOC_TRIM
    {
      struct mallinfo2 mi = mallinfo2 ();

      printf ("malloc:             %.1f MB in use, %.1f MB free in its arenas, %.1f MB mmapped\n",
              mi.uordblks / 1048576.0, mi.fordblks / 1048576.0, mi.hblkhd / 1048576.0);
    }
#endif
  }
  /* What the layers hold: coordinates (packed or doubles) and attributes. */
  for (guint i = 0; i < layers->len; i++)
    {
      g_autoptr(RaLayerData) data = ra_layer_dup_data (g_ptr_array_index (layers, i));
      guint64 geom_bytes = 0, attr_bytes = 0, n_points = 0;
      guint n_packed = 0;

      for (guint f = 0; f < data->n_features; f++)
        if (data->geoms[f] != NULL)
          {
            geom_bytes += ra_geometry_heap_size (data->geoms[f]);
            n_points += data->geoms[f]->n_points;
            n_packed += ra_geometry_is_packed (data->geoms[f]);
          }
      for (guint64 v = 0; data->attrs != NULL && v < (guint64) data->attrs->n_features * data->attrs->n_fields; v++)
        attr_bytes += data->attrs->values[v] != NULL ? strlen (data->attrs->values[v]) + 1 : 0;
      printf ("layer %u:           %" G_GUINT64_FORMAT " vertices, geometries %.1f MB (%u of %u packed), "
              "attribute text %.1f MB in %" G_GUINT64_FORMAT " values\n",
              i, n_points, geom_bytes / 1048576.0, n_packed, data->n_features, attr_bytes / 1048576.0,
              data->attrs != NULL ? (guint64) data->attrs->n_features * data->attrs->n_fields : 0);
    }

  if (!ra_map_get_extent (map, TRUE, &extent))
    {
      g_printerr ("ra-bench: nothing to draw\n");
      return 1;
    }
  ra_view_init (&view, width, height);
  ra_view_fit_bbox (&view, &extent, 0.01 * MIN (width, height));
  snap = ra_map_snapshot_new (map);

  /* 3. full-extent render, median of N */
  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  for (int r = 0; r < repeat; r++)
    {
      g_autoptr(cairo_t) cr = cairo_create (image);

      t0 = now_s ();
      ra_renderer_draw_with_stats (snap, &view, NULL, cr, NULL, &stats);
      cairo_surface_flush (image);
      g_array_append_val (render_times, (double) { now_s () - t0 });
    }

  /* 3b. the same on both cores (ra_renderer_draw_image: horizontal bands
   * in two threads), as the PNG export draws */
  for (int r = 0; r < repeat; r++)
    {
      t0 = now_s ();
      ra_renderer_draw_image (snap, &view, NULL, image, NULL, NULL);
      g_array_append_val (parallel_times, (double) { now_s () - t0 });
    }

  /* 4. one frame of a cached pan/zoom: the finished image shifted by 37 px
   * and scaled 1.1x with the bilinear filter, as the map widget does it. */
  frame = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  for (int r = 0; r < MAX (repeat, 10); r++)
    {
      g_autoptr(cairo_t) cr = cairo_create (frame);

      t0 = now_s ();
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_translate (cr, 37, 37);
      cairo_scale (cr, 1.1, 1.1);
      cairo_set_source_surface (cr, image, 0, 0);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
      cairo_paint (cr);
      cairo_surface_flush (frame);
      g_array_append_val (blit_times, (double) { now_s () - t0 });
    }

  getrusage (RUSAGE_SELF, &usage);
  {
    RaCrs *crs = ra_map_get_crs (map);
    const char *auth = crs ? ra_crs_get_auth_id (crs) : NULL;

    g_print ("inputs:            %d file(s), %u layer(s), %" G_GUINT64_FORMAT " features\n",
             argc - 1, layers->len, n_features);
    g_print ("map CRS:           %s\n", auth ? auth : (crs ? ra_crs_get_name (crs) : "none"));
    g_print ("size:              %dx%d, %d render(s)\n", width, height, repeat);
    g_print ("open+load:         %.3f s\n", t_load);
    g_print ("reprojection:      %.3f s\n", t_proj);
    g_print ("render (median):   %.3f s  (%u features, %u vertices drawn, %u labels)\n",
             median (render_times), stats.n_features, stats.n_vertices, stats.n_labels);
    g_print ("render, 2 threads: %.3f s  (median; ra_renderer_draw_image, falls back to one thread with labels)\n",
             median (parallel_times));
    g_print ("cached pan frame:  %.4f s (median of %u)\n", median (blit_times), blit_times->len);
    g_print ("peak RSS:          %.1f MB\n", usage.ru_maxrss / 1024.0);
  }
  return 0;
}
