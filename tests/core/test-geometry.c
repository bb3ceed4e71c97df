/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>
#include <gio/gio.h>

#include "ra-core.h"

static void
test_bbox (void)
{
  RaBBox a, b = { 5, 5, 15, 15 }, c = { 20, 20, 30, 30 };
  RaBBox e = RA_BBOX_EMPTY;

  ra_bbox_init_empty (&a);
  g_assert_true (ra_bbox_is_empty (&a));
  g_assert_false (ra_bbox_intersects (&a, &b));
  ra_bbox_add_point (&a, 0, 0);
  g_assert_false (ra_bbox_is_empty (&a));
  ra_bbox_add_point (&a, 10, 10);
  g_assert_cmpfloat (a.x0, ==, 0);
  g_assert_cmpfloat (a.y1, ==, 10);
  g_assert_true (ra_bbox_intersects (&a, &b));
  g_assert_false (ra_bbox_intersects (&a, &c));
  g_assert_true (ra_bbox_contains_point (&a, 10, 0));   /* edges count */
  g_assert_false (ra_bbox_contains_point (&a, 10.1, 0));
  ra_bbox_union (&a, &e);
  g_assert_cmpfloat (a.x1, ==, 10);
  ra_bbox_union (&a, &c);
  g_assert_cmpfloat (a.x1, ==, 30);
  g_assert_cmpfloat (a.y0, ==, 0);
  ra_bbox_union (&e, &b);
  g_assert_cmpfloat (e.x0, ==, 5);
  g_assert_cmpfloat (e.y1, ==, 15);
}

/* Square 0..10 with a hole 4..6. */
static RaGeometry *
square_with_hole (void)
{
  static const double xy[] = { 0, 0, 10, 0, 10, 10, 0, 10,  4, 4, 4, 6, 6, 6, 6, 4 };
  RaGeometry *g = ra_geometry_new (RA_GEOM_POLYGON, 8, 2);

  memcpy (g->xy, xy, sizeof xy);
  g->parts[1] = 4;
  ra_geometry_update_bbox (g);
  return g;
}

static void
test_new_copy (void)
{
  g_autoptr(RaGeometry) g = square_with_hole ();
  g_autoptr(RaGeometry) c = ra_geometry_copy (g);

  g_assert_cmpuint (g->parts[0], ==, 0);
  g_assert_cmpuint (g->parts[2], ==, 8);
  g_assert_true (c->xy != g->xy);
  g_assert_cmpmem (c->xy, 16 * sizeof (double), g->xy, 16 * sizeof (double));
  g_assert_cmpmem (c->parts, 3 * sizeof (guint), g->parts, 3 * sizeof (guint));
  g_assert_cmpfloat (c->bbox.x1, ==, 10);
  ra_geometry_free (NULL);
}

static void
test_contains_distance (void)
{
  g_autoptr(RaGeometry) g = square_with_hole ();
  g_autoptr(RaGeometry) line = ra_geometry_new (RA_GEOM_LINE, 3, 1);
  g_autoptr(RaGeometry) pts = ra_geometry_new (RA_GEOM_POINT, 2, 2);

  g_assert_true (ra_geometry_contains_point (g, 2, 2));
  g_assert_false (ra_geometry_contains_point (g, 5, 5));   /* in the hole */
  g_assert_false (ra_geometry_contains_point (g, 12, 5));
  g_assert_cmpfloat (ra_geometry_distance (g, 2, 2), ==, 0);
  g_assert_cmpfloat_with_epsilon (ra_geometry_distance (g, 13, 14), 5, 1e-12);
  g_assert_cmpfloat_with_epsilon (ra_geometry_distance (g, 5, 5), 1, 1e-12);
  /* The closing edge (0,10)-(0,0) counts. */
  g_assert_cmpfloat_with_epsilon (ra_geometry_distance (g, -3, 5), 3, 1e-12);

  line->xy[0] = 0; line->xy[1] = 0;
  line->xy[2] = 10; line->xy[3] = 0;
  line->xy[4] = 10; line->xy[5] = 10;
  ra_geometry_update_bbox (line);
  g_assert_false (ra_geometry_contains_point (line, 5, 0));
  g_assert_cmpfloat_with_epsilon (ra_geometry_distance (line, 5, 2), 2, 1e-12);
  g_assert_cmpfloat_with_epsilon (ra_geometry_distance (line, 0, 10), 10, 1e-12);

  pts->parts[1] = 1;
  pts->xy[0] = 1; pts->xy[1] = 1;
  pts->xy[2] = 4; pts->xy[3] = 5;
  ra_geometry_update_bbox (pts);
  g_assert_cmpfloat_with_epsilon (ra_geometry_distance (pts, 4, 1), 3, 1e-12);
}

static void
test_label_point (void)
{
  /* A "C" whose centroid (about x = 3.7) lies in the notch, outside. */
  static const double c_shape[] = {
    0, 0, 10, 0, 10, 2, 2, 2, 2, 8, 10, 8, 10, 10, 0, 10,
  };
  g_autoptr(RaGeometry) g = ra_geometry_new (RA_GEOM_POLYGON, 8, 1);
  g_autoptr(RaGeometry) sq = square_with_hole ();
  g_autoptr(RaGeometry) line = ra_geometry_new (RA_GEOM_LINE, 5, 2);
  double x, y;

  memcpy (g->xy, c_shape, sizeof c_shape);
  ra_geometry_update_bbox (g);
  g_assert_true (ra_geometry_label_point (g, &x, &y));
  g_assert_true (ra_geometry_contains_point (g, x, y));

  /* Holed square: the centroid is in the hole. */
  g_assert_true (ra_geometry_label_point (sq, &x, &y));
  g_assert_true (ra_geometry_contains_point (sq, x, y));

  /* Convex: the centroid itself. */
  {
    g_autoptr(RaGeometry) s = ra_geometry_new (RA_GEOM_POLYGON, 4, 1);
    static const double xy[] = { 0, 0, 4, 0, 4, 2, 0, 2 };
    memcpy (s->xy, xy, sizeof xy);
    ra_geometry_update_bbox (s);
    g_assert_true (ra_geometry_label_point (s, &x, &y));
    g_assert_cmpfloat_with_epsilon (x, 2, 1e-12);
    g_assert_cmpfloat_with_epsilon (y, 1, 1e-12);
  }

  /* Line: middle vertex of the longest part. */
  {
    static const double xy[] = { 0, 0, 1, 0,   0, 5, 5, 5, 50, 5 };
    memcpy (line->xy, xy, sizeof xy);
    line->parts[1] = 2;
    ra_geometry_update_bbox (line);
    g_assert_true (ra_geometry_label_point (line, &x, &y));
    g_assert_cmpfloat (x, ==, 5);
    g_assert_cmpfloat (y, ==, 5);
  }
}

/* Sum of `geod -I +ellps=GRS80 -f %.3f` distances for consecutive points,
 * computed by PROJ's own tool at test time. */
static gboolean
geod_tool_length (const double *lonlat, guint n, double *out_m)
{
  g_autoptr(GString) input = g_string_new (NULL);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  double total = 0;

  for (guint i = 1; i < n; i++)
    g_string_append_printf (input, "%.9f %.9f %.9f %.9f\n",
                            lonlat[2 * i - 1], lonlat[2 * i - 2],
                            lonlat[2 * i + 1], lonlat[2 * i]);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                           &error, "geod", "-I", "+ellps=GRS80", "-f", "%.3f", NULL);
  if (proc == NULL)
    return FALSE;
  if (!g_subprocess_communicate_utf8 (proc, input->str, NULL, &out, NULL, &error))
    return FALSE;
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);
      guint nc = g_strv_length (cols);
      if (nc >= 3)
        total += g_ascii_strtod (cols[nc - 1], NULL);
    }
  *out_m = total;
  return TRUE;
}

static void
test_geodesic_length (void)
{
  /* Ganzhou seat -> Shandan -> Gaotai -> a point near Minle */
  static const double line[] = {
    100.415096, 38.944662, 101.088, 38.784, 99.819, 39.377, 100.816, 38.434,
  };
  g_autofree char *geod = g_find_program_in_path ("geod");
  double expected;
  double got = ra_geodesic_length_m (line, 4);

  if (geod == NULL ||
      !geod_tool_length (line, 4, &expected))
    {
      g_test_skip ("PROJ's geod tool is not available");
      return;
    }
  g_test_message ("ra: %.3f m, geod: %.3f m", got, expected);
  g_assert_cmpfloat (expected, >, 100000);
  /* geod prints millimetres, rounded per segment. */
  g_assert_cmpfloat (fabs (got - expected), <, 0.002);
  g_assert_cmpfloat (ra_geodesic_length_m (line, 1), ==, 0);
}

/* Area of the zone between two parallels over dlon on the GRS80 ellipsoid. */
static double
analytic_cell_area (double lat0, double lat1, double dlon_deg)
{
  const double a = 6378137.0, f = 1 / 298.257222101;
  const double e2 = f * (2 - f), e = sqrt (e2), b2 = a * a * (1 - e2);
  double q[2];
  double lats[2] = { lat0, lat1 };

  for (int i = 0; i < 2; i++)
    {
      double s = sin (lats[i] * G_PI / 180);
      q[i] = s / (2 * (1 - e2 * s * s)) + log ((1 + e * s) / (1 - e * s)) / (4 * e);
    }
  return dlon_deg * G_PI / 180 * b2 * (q[1] - q[0]);
}

static void
test_geodesic_area (void)
{
  /* 1 x 1 degree cell 100..101E, 38..39N.  The parallels are densified
   * so the geodesic edges hug them (their bulge is then ~1e-4 m). */
  enum { N = 200 };
  g_autofree double *ring = g_new (double, 2 * (2 * N + 2));
  guint k = 0;
  double expected = analytic_cell_area (38, 39, 1);
  double got;

  for (guint i = 0; i <= N; i++)
    {
      ring[k++] = 100 + (double) i / N;
      ring[k++] = 38;
    }
  for (guint i = 0; i <= N; i++)
    {
      ring[k++] = 101 - (double) i / N;
      ring[k++] = 39;
    }
  got = ra_geodesic_area_m2 (ring, k / 2);
  g_test_message ("ra: %.1f m2, analytic: %.1f m2", got, expected);
  g_assert_cmpfloat (expected, >, 9.0e9);
  g_assert_cmpfloat (expected, <, 9.8e9);
  g_assert_cmpfloat (fabs (got - expected) / expected, <, 1e-7);

  /* Orientation does not matter. */
  for (guint i = 0; i < k / 4; i++)
    {
      guint j = k / 2 - 1 - i;
      double tx = ring[2 * i], ty = ring[2 * i + 1];
      ring[2 * i] = ring[2 * j];
      ring[2 * i + 1] = ring[2 * j + 1];
      ring[2 * j] = tx;
      ring[2 * j + 1] = ty;
    }
  g_assert_cmpfloat (fabs (ra_geodesic_area_m2 (ring, k / 2) - got), <, 1.0);
  g_assert_cmpfloat (ra_geodesic_area_m2 (ring, 2), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/geometry/bbox", test_bbox);
  g_test_add_func ("/geometry/new-copy", test_new_copy);
  g_test_add_func ("/geometry/contains-distance", test_contains_distance);
  g_test_add_func ("/geometry/label-point", test_label_point);
  g_test_add_func ("/geometry/geodesic-length/geod-tool", test_geodesic_length);
  g_test_add_func ("/geometry/geodesic-area/one-degree-cell", test_geodesic_area);
  return g_test_run ();
}
