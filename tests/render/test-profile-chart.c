/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The pipeline profile chart (issue 18): drawn from plain numbers (a
 * synthetic route over a hill), read back as pixels and as text. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "ra-core.h"
#include "ra-autocleanups.h"
#include "ra-profile-chart.h"
#include "render-test-util.h"

/* 3 km from a plant at 1500 m over a 40 m hill; the grade line falls
 * 8 m a km from 1540 m: over the hill top it leaves less than 10.2 m. */
static RaProfileChartData *
hill_route (void)
{
  RaProfileChartData *data = ra_profile_chart_data_new ("S1 → U2", "DN300 · 42 L/s · 2030");

  for (int i = 0; i <= 60; i++)
    {
      double c = i * 50.0;
      double ground = 1500.0 + 40.0 * exp (-pow ((c - 1500.0) / 400.0, 2));

      ra_profile_chart_data_add_sample (data, c, ground, NAN, 1540.0 - 8.0 * c / 1000.0);
    }
  ra_profile_chart_data_add_mark (data, RA_PROFILE_MARK_SOURCE, 0, 40.0, "S1 甘州区污水处理厂");
  ra_profile_chart_data_add_mark (data, RA_PROFILE_MARK_AIR_VALVE, 1500, NAN, NULL);
  ra_profile_chart_data_add_mark (data, RA_PROFILE_MARK_USER, 3000, 16.0, "U2 电厂");
  return data;
}

static void
test_low_pressure (void)
{
  g_autoptr(RaProfileChartData) data = hill_route ();
  g_autoptr(GArray) low = ra_profile_chart_low_pressure (data);

  /* ground + 10.2 > 1540 - 8c: around the top (c = 1500, ground 1540). */
  g_assert_cmpuint (low->len, ==, 2);
  g_assert_cmpfloat (g_array_index (low, double, 0), >, 900);
  g_assert_cmpfloat (g_array_index (low, double, 0), <, 1500);
  g_assert_cmpfloat (g_array_index (low, double, 1), >, 1500);
  g_assert_cmpfloat (g_array_index (low, double, 1), <, 2100);
}

static guint
count_colour (cairo_surface_t *surface, guint8 r, guint8 g, guint8 b, int x0, int x1)
{
  const guint8 *d = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint n = 0;

  cairo_surface_flush (surface);
  for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
    for (int x = x0; x < x1; x++)
      {
        const guint8 *p = d + y * stride + 4 * x;

        n += ABS (p[2] - r) < 12 && ABS (p[1] - g) < 12 && ABS (p[0] - b) < 12;
      }
  return n;
}

/* Red over the hill's top only, the grade line blue elsewhere. */
static void
test_pixels (void)
{
  g_autoptr(RaProfileChartData) data = hill_route ();
  g_autoptr(cairo_surface_t) surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1000, 500);
  g_autoptr(cairo_t) cr = cairo_create (surface);
  cairo_rectangle_t rect = { 0, 0, 1000, 500 };
  guint red_left, red_mid, red_right, blue;

  ra_profile_chart_draw (cr, &rect, data);
  red_left = count_colour (surface, 227, 26, 28, 0, 300);
  red_mid = count_colour (surface, 227, 26, 28, 380, 620);
  red_right = count_colour (surface, 227, 26, 28, 700, 1000);
  blue = count_colour (surface, 31, 120, 181, 0, 1000);
  g_test_message ("red %u | %u | %u, blue %u", red_left, red_mid, red_right, blue);
  g_assert_cmpuint (red_mid, >, 100);
  g_assert_cmpuint (red_left, <, 30);   /* the legend's swatch at most */
  g_assert_cmpuint (red_right, <, 30);
  g_assert_cmpuint (blue, >, 200);
}

/* The PDF says what it shows (pdftotext), the SVG carries its texts. */
static void
test_files (void)
{
  g_autoptr(RaProfileChartData) data = hill_route ();
  g_autofree char *dir = g_dir_make_tmp ("ra-profile-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "profile.pdf", NULL);
  g_autofree char *svg = g_build_filename (dir, "profile.svg", NULL);
  g_autofree char *png = g_build_filename (dir, "profile.png", NULL);
  g_autofree char *bad = g_build_filename (dir, "profile.doc", NULL);
  g_autofree char *text = NULL, *svg_text = NULL;
  g_autoptr(GError) error = NULL;

  data->flat_ground = TRUE;
  g_assert_true (ra_profile_chart_write (data, pdf, 842, 420, &error));
  g_assert_no_error (error);
  g_assert_true (ra_profile_chart_write (data, svg, 842, 420, &error));
  g_assert_true (ra_profile_chart_write (data, png, 1200, 600, &error));
  g_assert_false (ra_profile_chart_write (data, bad, 842, 420, &error));
  g_assert_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT);
  g_assert_true (g_file_get_contents (svg, &svg_text, NULL, NULL));
  g_assert_nonnull (strstr (svg_text, "<title>S1 → U2</title>"));
  if (rt_run_tool ((const char *[]) { "pdftotext", pdf, "-", NULL }, &text))
    {
      g_assert_nonnull (strstr (text, "S1 → U2"));
      g_assert_nonnull (strstr (text, "pump head 40.0 m"));
      g_assert_nonnull (strstr (text, "U2 电厂: 16.0 m"));
      g_assert_nonnull (strstr (text, "air valve"));
      g_assert_nonnull (strstr (text, "No DEM: the ground is taken as flat"));
      g_assert_nonnull (strstr (text, "Hydraulic grade line"));
    }
  /* Flat ground at 0 m: the elevation axis crosses zero, never "-0". */
  g_clear_error (&error);
  {
    g_autoptr(RaProfileChartData) flat = ra_profile_chart_data_new ("S1 → U2", NULL);
    g_autofree char *flat_text = NULL;

    flat->flat_ground = TRUE;
    ra_profile_chart_data_add_sample (flat, 0, 0, -1.5, 30);
    ra_profile_chart_data_add_sample (flat, 2500, 0, -1.5, 12);
    g_assert_true (ra_profile_chart_write (flat, pdf, 842, 420, &error));
    if (rt_run_tool ((const char *[]) { "pdftotext", "-layout", pdf, "-", NULL }, &flat_text))
      {
        g_assert_false (g_regex_match_simple ("(^|\\s)-0(\\s|$)", flat_text, G_REGEX_MULTILINE, 0));
        g_assert_true (g_regex_match_simple ("(^|\\s)0(\\s|$)", flat_text, G_REGEX_MULTILINE, 0));
      }
  }
  g_unlink (pdf);
  g_unlink (svg);
  g_unlink (png);
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();
  g_test_add_func ("/profile-chart/low-pressure", test_low_pressure);
  g_test_add_func ("/profile-chart/pixels", test_pixels);
  g_test_add_func ("/profile-chart/files", test_files);
  return g_test_run ();
}
