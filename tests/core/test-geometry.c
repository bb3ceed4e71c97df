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

/* A wobbly ring of n vertices around (cx, cy) with radius r, plus a hole. */
static RaGeometry *
make_ring_with_hole (double cx, double cy, double r, guint n)
{
  RaGeometry *g = ra_geometry_new (RA_GEOM_POLYGON, n + 4, 2);

  for (guint i = 0; i < n; i++)
    {
      double a = 2 * G_PI * i / n, rr = r * (1.0 + 0.3 * sin (7 * a));

      g->xy[2 * i] = cx + rr * cos (a);
      g->xy[2 * i + 1] = cy + rr * sin (a);
    }
  g->parts[1] = n;
  g->xy[2 * n] = cx - r / 10;      g->xy[2 * n + 1] = cy - r / 10;
  g->xy[2 * n + 2] = cx + r / 10;  g->xy[2 * n + 3] = cy - r / 10;
  g->xy[2 * n + 4] = cx + r / 10;  g->xy[2 * n + 5] = cy + r / 10;
  g->xy[2 * n + 6] = cx - r / 10;  g->xy[2 * n + 7] = cy + r / 10;
  ra_geometry_update_bbox (g);
  return g;
}

static void
test_pack (void)
{
  /* Metres of a Gauss-Krüger zone: false easting 500 km, 4 000 km north. */
  RaBBox extent = { 300000, 3500000, 900000, 4500000 };
  double q = ra_pack_grid_step (&extent);
  g_autoptr(RaGeometry) plain = make_ring_with_hole (600000, 4000000, 20000, 5000);
  g_autoptr(RaGeometry) packed = ra_geometry_copy (plain);
  g_autoptr(RaGeometry) copy = NULL;
  g_autoptr(RaGeometry) thin_a = NULL;
  g_autoptr(RaGeometry) thin_b = NULL;
  g_autoptr(RaGeometry) bad = ra_geometry_copy (plain);
  g_autoptr(RaGeometry) neighbour = make_ring_with_hole (640000, 4000000, 20000, 5000);
  g_auto(RaCoordScratch) scratch = RA_COORD_SCRATCH_INIT;
  const double *xy;
  double ax, ay, bx, by;

  /* 2^-30 of a 1 000 km extent, a power of two: below a millimetre. */
  g_assert_cmpfloat (q, >, 0.0);
  g_assert_cmpfloat (q, <, 1e-3);
  g_assert_cmpfloat (q, ==, ldexp (1.0, ilogb (q)));
  g_assert_cmpfloat (ra_pack_grid_step (&RA_BBOX_EMPTY), ==, 0.0);

  ra_geometry_pack (packed, extent.x0, extent.y0, q);
  g_assert_true (ra_geometry_is_packed (packed));
  g_assert_null (packed->xy);
  g_assert_cmpuint (packed->n_points, ==, plain->n_points);
  g_test_message ("packed %" G_GSIZE_FORMAT " bytes, doubles %" G_GSIZE_FORMAT,
                  ra_geometry_heap_size (packed), ra_geometry_heap_size (plain));
  g_assert_cmpuint (ra_geometry_heap_size (packed) * 2, <, ra_geometry_heap_size (plain));
  xy = ra_geometry_coords (packed, &scratch);
  for (guint i = 0; i < 2 * plain->n_points; i++)
    g_assert_cmpfloat (fabs (xy[i] - plain->xy[i]), <=, q / 2);
  g_assert_cmpfloat (fabs (packed->bbox.x0 - plain->bbox.x0), <=, q / 2);
  g_assert_cmpfloat (fabs (packed->bbox.y1 - plain->bbox.y1), <=, q / 2);

  /* Everything that reads coordinates reads the packed ones. */
  g_assert_true (ra_geometry_contains_point (packed, 600000 + 15000, 4000000));
  g_assert_false (ra_geometry_contains_point (packed, 600000, 4000000));   /* the hole */
  g_assert_cmpfloat (fabs (ra_geometry_distance (packed, 700000, 4000000) -
                           ra_geometry_distance (plain, 700000, 4000000)), <, q);
  g_assert_true (ra_geometry_label_point (plain, &ax, &ay));
  g_assert_true (ra_geometry_label_point (packed, &bx, &by));
  g_assert_cmpfloat (fabs (ax - bx) + fabs (ay - by), <, 1.0);
  copy = ra_geometry_copy (packed);
  g_assert_false (ra_geometry_is_packed (copy));
  g_assert_cmpmem (copy->xy, sizeof (double) * 2 * copy->n_points, xy, sizeof (double) * 2 * copy->n_points);
  thin_a = ra_geometry_thin_copy (plain, 500.0);
  thin_b = ra_geometry_thin_copy (packed, 500.0);
  g_assert_cmpuint (thin_b->n_points, ==, thin_a->n_points);
  g_assert_false (ra_geometry_is_packed (thin_b));
  ra_geometry_thin (packed, 500.0);
  g_assert_false (ra_geometry_is_packed (packed));
  g_assert_cmpuint (packed->n_points, ==, thin_a->n_points);

  /* Neighbours on the same grid keep a shared vertex identical. */
  neighbour->xy[0] = plain->xy[0];
  neighbour->xy[1] = plain->xy[1];
  {
    g_autoptr(RaGeometry) p1 = ra_geometry_copy (plain);
    g_auto(RaCoordScratch) s2 = RA_COORD_SCRATCH_INIT;

    ra_geometry_pack (p1, extent.x0, extent.y0, q);
    ra_geometry_pack (neighbour, extent.x0, extent.y0, q);
    g_assert_cmpfloat (ra_geometry_coords (p1, &scratch)[0], ==, ra_geometry_coords (neighbour, &s2)[0]);
    g_assert_cmpfloat (ra_geometry_coords (p1, &scratch)[1], ==, ra_geometry_coords (neighbour, &s2)[1]);
  }

  /* A failed transform (HUGE_VAL) stays as doubles, as does a single point. */
  bad->xy[10] = HUGE_VAL;
  ra_geometry_pack (bad, extent.x0, extent.y0, q);
  g_assert_false (ra_geometry_is_packed (bad));
  {
    g_autoptr(RaGeometry) pt = ra_geometry_new (RA_GEOM_POINT, 1, 1);

    pt->xy[0] = 600000;
    pt->xy[1] = 4000000;
    ra_geometry_pack (pt, extent.x0, extent.y0, q);
    g_assert_false (ra_geometry_is_packed (pt));
  }
}

/* Geometries moved into one block keep everything: NULL entries, packed
 * and double coordinates, a geometry without points. */
static void
test_move_to_block (void)
{
  RaBBox extent = { 0, 0, 100000, 100000 };
  double q = ra_pack_grid_step (&extent);
  RaGeometry *geoms[5];
  g_autoptr(RaGeometry) ring = make_ring_with_hole (50000, 50000, 2000, 300);
  g_autoptr(RaGeometry) ring_packed = ra_geometry_copy (ring);
  g_auto(RaCoordScratch) s1 = RA_COORD_SCRATCH_INIT;
  g_auto(RaCoordScratch) s2 = RA_COORD_SCRATCH_INIT;
  gpointer block;

  ra_geometry_pack (ring_packed, 0, 0, q);
  geoms[0] = NULL;
  geoms[1] = ra_geometry_copy (ring);
  ra_geometry_pack (geoms[1], 0, 0, q);
  geoms[2] = ra_geometry_new (RA_GEOM_POINT, 1, 1);
  geoms[2]->xy[0] = 12.5;
  geoms[2]->xy[1] = -3.25;
  ra_geometry_update_bbox (geoms[2]);
  geoms[3] = ra_geometry_new (RA_GEOM_LINE, 0, 0);
  geoms[4] = ra_geometry_copy (ring);

  block = ra_geometry_move_to_block (geoms, G_N_ELEMENTS (geoms));
  g_assert_nonnull (block);
  g_assert_null (geoms[0]);
  g_assert_true ((guint8 *) geoms[1] >= (guint8 *) block);
  g_assert_true (ra_geometry_is_packed (geoms[1]));
  g_assert_cmpmem (ra_geometry_coords (geoms[1], &s1), sizeof (double) * 2 * ring->n_points,
                   ra_geometry_coords (ring_packed, &s2), sizeof (double) * 2 * ring->n_points);
  g_assert_cmpuint (geoms[1]->n_parts, ==, 2);
  g_assert_cmpuint (geoms[1]->parts[1], ==, 300);
  g_assert_cmpfloat (geoms[2]->xy[0], ==, 12.5);
  g_assert_cmpfloat (geoms[2]->bbox.y0, ==, -3.25);
  g_assert_cmpuint (geoms[3]->n_points, ==, 0);
  g_assert_cmpmem (geoms[4]->xy, sizeof (double) * 2 * ring->n_points,
                   ring->xy, sizeof (double) * 2 * ring->n_points);
  g_assert_true (ra_geometry_contains_point (geoms[4], 50000 + 1500, 50000));
  /* Copies out of the block are ordinary geometries. */
  {
    g_autoptr(RaGeometry) out = ra_geometry_copy (geoms[1]);

    g_assert_false (ra_geometry_is_packed (out));
    g_assert_cmpuint (out->n_points, ==, ring->n_points);
  }
  g_free (block);

  {
    RaGeometry *none[2] = { NULL, NULL };

    g_assert_null (ra_geometry_move_to_block (none, 2));
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/geometry/bbox", test_bbox);
  g_test_add_func ("/geometry/new-copy", test_new_copy);
  g_test_add_func ("/geometry/contains-distance", test_contains_distance);
  g_test_add_func ("/geometry/label-point", test_label_point);
  g_test_add_func ("/geometry/pack", test_pack);
  g_test_add_func ("/geometry/move-to-block", test_move_to_block);
  g_test_add_func ("/geometry/geodesic-length/geod-tool", test_geodesic_length);
  g_test_add_func ("/geometry/geodesic-area/one-degree-cell", test_geodesic_area);
  return g_test_run ();
}
