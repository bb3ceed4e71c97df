/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "ra-core.h"

static void
test_view_fit (void)
{
  RaView view;
  RaBBox bbox = { 1000, 2000, 3000, 2500 };
  double px, py;

  ra_view_init (&view, 200, 100);
  ra_view_fit_bbox (&view, &bbox, 0);
  g_assert_cmpfloat_with_epsilon (view.resolution, 10.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (view.cx, 2000.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (view.cy, 2250.0, 1e-9);

  /* With a margin the bbox lies inside [margin, size - margin] and touches
   * it on the limiting axis. */
  ra_view_fit_bbox (&view, &bbox, 10);
  g_assert_cmpfloat_with_epsilon (view.resolution, 2000.0 / 180.0, 1e-9);
  ra_view_to_device (&view, bbox.x0, bbox.y1, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, 10.0, 1e-9);
  g_assert_cmpfloat (py, >=, 10.0 - 1e-9);
  ra_view_to_device (&view, bbox.x1, bbox.y0, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, 190.0, 1e-9);
  g_assert_cmpfloat (py, <=, 90.0 + 1e-9);
  /* North is up: the top edge of the bbox has the smaller device y. */
  {
    double py_top, py_bottom;
    ra_view_to_device (&view, 2000, bbox.y1, NULL, &py_top);
    ra_view_to_device (&view, 2000, bbox.y0, NULL, &py_bottom);
    g_assert_cmpfloat (py_top, <, py_bottom);
  }
}

static void
test_view_round_trip (void)
{
  RaView view = { 123.5, -77.25, 0.3, 640, 480, 96 };
  double px, py, x, y;

  ra_view_to_device (&view, 130.0, -70.0, &px, &py);
  ra_view_to_map (&view, px, py, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 130.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, -70.0, 1e-9);
  ra_view_to_device (&view, view.cx, view.cy, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, 320.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (py, 240.0, 1e-9);
}

static void
test_view_zoom_at (void)
{
  RaView view = { 500000, 4300000, 25, 800, 600, 96 };
  const double cursors[][2] = { { 37, 81 }, { 799, 0 }, { 400, 300 }, { 12.5, 590 } };
  const double factors[] = { 2.5, 0.5, 1.1, 1 / 1.1 };

  for (guint i = 0; i < G_N_ELEMENTS (cursors); i++)
    {
      double mx0, my0, mx1, my1, res0 = view.resolution;

      ra_view_to_map (&view, cursors[i][0], cursors[i][1], &mx0, &my0);
      ra_view_zoom_at (&view, factors[i], cursors[i][0], cursors[i][1]);
      ra_view_to_map (&view, cursors[i][0], cursors[i][1], &mx1, &my1);
      g_assert_cmpfloat_with_epsilon (mx1, mx0, 1e-6);
      g_assert_cmpfloat_with_epsilon (my1, my0, 1e-6);
      g_assert_cmpfloat_with_epsilon (view.resolution, res0 / factors[i], 1e-9);
    }
}

static void
test_view_pan (void)
{
  RaView view = { 100, 200, 2, 300, 200, 96 };
  double px0, py0, px1, py1;

  ra_view_to_device (&view, 150, 180, &px0, &py0);
  ra_view_pan_px (&view, 10, -20);
  ra_view_to_device (&view, 150, 180, &px1, &py1);
  /* Drag semantics: the content follows the pointer. */
  g_assert_cmpfloat_with_epsilon (px1, px0 + 10, 1e-9);
  g_assert_cmpfloat_with_epsilon (py1, py0 - 20, 1e-9);
  g_assert_cmpfloat_with_epsilon (view.cx, 80, 1e-9);
  g_assert_cmpfloat_with_epsilon (view.cy, 160, 1e-9);
}

static void
test_view_scale (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RaCrs) gk = ra_crs_new_from_epsg (4542, &error);
  g_autoptr(RaCrs) geo = NULL;
  RaView view = { 500000, 4300000, 100, 800, 600, 96 };
  double d, d_equator, d_60;

  g_assert_no_error (error);
  d = ra_view_scale_denominator (&view, gk);
  /* 100 m per pixel, a 96 dpi pixel is 0.0254/96 m. */
  g_assert_cmpfloat (fabs (d - 377952.755906), <, 1.0);

  view.dpi = 300;
  g_assert_cmpfloat (fabs (ra_view_scale_denominator (&view, gk) - 100 / (0.0254 / 300)), <, 1.0);
  view.dpi = 96;

  ra_view_set_scale_denominator (&view, gk, 50000);
  g_assert_cmpfloat_with_epsilon (ra_view_scale_denominator (&view, gk), 50000, 1e-6);
  g_assert_cmpfloat_with_epsilon (view.resolution, 50000 * 0.0254 / 96, 1e-9);

  /* Geographic: the pixel's ground size shrinks with cos(lat) along the parallel. */
  geo = ra_crs_new_from_epsg (4490, &error);
  g_assert_no_error (error);
  g_assert_true (ra_crs_is_geographic (geo));
  view = (RaView) { 100, 0, 0.001, 800, 600, 96 };
  d_equator = ra_view_scale_denominator (&view, geo);
  view.cy = 60;
  d_60 = ra_view_scale_denominator (&view, geo);
  g_assert_cmpfloat_with_epsilon (d_60 / d_equator, 0.5, 1e-9);
  g_assert_cmpfloat (fabs (d_equator - 0.001 * ra_crs_get_meters_per_unit (geo) / (0.0254 / 96)), <, 1.0);
  /* ~111 km per degree: sanity check on the CRS unit, not on our arithmetic. */
  g_assert_cmpfloat (ra_crs_get_meters_per_unit (geo), >, 110000);
  g_assert_cmpfloat (ra_crs_get_meters_per_unit (geo), <, 112000);

  view.cy = 38.9;
  ra_view_set_scale_denominator (&view, geo, 250000);
  g_assert_cmpfloat_with_epsilon (ra_view_scale_denominator (&view, geo), 250000, 1e-6);
}

static void
check_device_transform (const RaView *from, const RaView *to)
{
  const double pts[][2] = { { 0, 0 }, { 17, 300 }, { from->width, from->height }, { 400, 5 } };
  double s, tx, ty;

  ra_view_device_transform (from, to, &s, &tx, &ty);
  for (guint i = 0; i < G_N_ELEMENTS (pts); i++)
    {
      double mx, my, px, py;

      ra_view_to_map (from, pts[i][0], pts[i][1], &mx, &my);
      ra_view_to_device (to, mx, my, &px, &py);
      g_assert_cmpfloat_with_epsilon (s * pts[i][0] + tx, px, 1e-6);
      g_assert_cmpfloat_with_epsilon (s * pts[i][1] + ty, py, 1e-6);
    }
}

static void
test_view_device_transform (void)
{
  RaView from = { 500000, 4300000, 100, 800, 600, 96 };
  RaView to = from;
  double s, tx, ty;

  ra_view_device_transform (&from, &to, &s, &tx, &ty);
  g_assert_cmpfloat_with_epsilon (s, 1, 1e-12);
  g_assert_cmpfloat_with_epsilon (tx, 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (ty, 0, 1e-9);

  ra_view_pan_px (&to, 37, -12);
  ra_view_device_transform (&from, &to, &s, &tx, &ty);
  g_assert_cmpfloat_with_epsilon (s, 1, 1e-12);
  g_assert_cmpfloat_with_epsilon (tx, 37, 1e-9);
  g_assert_cmpfloat_with_epsilon (ty, -12, 1e-9);
  check_device_transform (&from, &to);

  ra_view_zoom_at (&to, 1.1, 200, 150);
  check_device_transform (&from, &to);
  ra_view_set_size (&to, 1024, 700);
  check_device_transform (&from, &to);
  check_device_transform (&to, &from);
}

static void
test_view_boxed (void)
{
  RaView view = { 1, 2, 3, 4, 5, 96 };
  g_autoptr(RaView) copy = ra_view_copy (&view);

  g_assert_true (G_TYPE_IS_BOXED (RA_TYPE_VIEW));
  g_assert_cmpmem (copy, sizeof *copy, &view, sizeof view);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();

  g_test_add_func ("/view/fit", test_view_fit);
  g_test_add_func ("/view/round-trip", test_view_round_trip);
  g_test_add_func ("/view/zoom-at-fixed-point", test_view_zoom_at);
  g_test_add_func ("/view/pan", test_view_pan);
  g_test_add_func ("/view/scale-denominator", test_view_scale);
  g_test_add_func ("/view/device-transform", test_view_device_transform);
  g_test_add_func ("/view/boxed", test_view_boxed);
  return g_test_run ();
}
