/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo.h>

#include "render-test-util.h"

char *
rt_sample_path (void)
{
  return ra_paths_get_sample ("zhangye");
}

RaMap *
rt_load_map (const char *path, const char *label_field)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = ra_source_list_layers (path, &error);
  RaMap *map = ra_map_new ();

  g_assert_no_error (error);
  g_assert_nonnull (names);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(RaLayer) layer = ra_source_load_layer (path, names[i], NULL, &error);

      g_assert_no_error (error);
      if (label_field != NULL)
        {
          g_autoptr(RaStyle) style = ra_style_copy (ra_layer_get_style (layer));
          ra_style_set_label_field (style, label_field);
          ra_layer_set_style (layer, style);
        }
      ra_map_add_layer (map, layer, &error);
      g_assert_no_error (error);
    }
  return map;
}

double
rt_image_diff_share (const char *png_a, const char *png_b, int threshold,
                     int *width_out, int *height_out)
{
  g_autoptr(cairo_surface_t) a = cairo_image_surface_create_from_png (png_a);
  g_autoptr(cairo_surface_t) b = cairo_image_surface_create_from_png (png_b);
  g_autoptr(cairo_surface_t) ca = NULL;
  g_autoptr(cairo_surface_t) cb = NULL;
  int w, h, sa, sb;
  const guint8 *da, *db;
  guint64 bad = 0;

  if (cairo_surface_status (a) != CAIRO_STATUS_SUCCESS ||
      cairo_surface_status (b) != CAIRO_STATUS_SUCCESS)
    return 1.0;
  w = cairo_image_surface_get_width (a);
  h = cairo_image_surface_get_height (a);
  if (width_out)
    *width_out = w;
  if (height_out)
    *height_out = h;
  if (w != cairo_image_surface_get_width (b) || h != cairo_image_surface_get_height (b))
    return 1.0;

  /* Flatten both onto white RGB24 so alpha and format don't matter. */
  ca = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  cb = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  for (int k = 0; k < 2; k++)
    {
      g_autoptr(cairo_t) cr = cairo_create (k == 0 ? ca : cb);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_set_source_surface (cr, k == 0 ? a : b, 0, 0);
      cairo_paint (cr);
    }
  cairo_surface_flush (ca);
  cairo_surface_flush (cb);
  da = cairo_image_surface_get_data (ca);
  db = cairo_image_surface_get_data (cb);
  sa = cairo_image_surface_get_stride (ca);
  sb = cairo_image_surface_get_stride (cb);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const guint8 *pa = da + y * sa + 4 * x, *pb = db + y * sb + 4 * x;
        for (int c = 0; c < 3; c++)
          if (ABS ((int) pa[c] - (int) pb[c]) > threshold)
            {
              bad++;
              break;
            }
      }
  return (double) bad / ((double) w * h);
}

gboolean
rt_run_tool (const char * const *argv, char **stdout_out)
{
  g_autofree char *prog = g_find_program_in_path (argv[0]);
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (prog == NULL)
    {
      g_autofree char *msg = g_strdup_printf ("%s is not installed", argv[0]);
      g_test_skip (msg);
      return FALSE;
    }
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                stdout_out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
  return TRUE;
}

char *
rt_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("ra-render-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}
