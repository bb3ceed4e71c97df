/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ra-core.h"
#include "ra-crs-private.h"

static RaCrs *
crs (int code)
{
  g_autoptr(GError) error = NULL;
  RaCrs *c = ra_crs_new_from_epsg (code, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c;
}

static void
transform_lonlat (int to, double lon, double lat, double *x, double *y)
{
  g_autoptr(RaCrs) src = crs (4326);
  g_autoptr(RaCrs) dst = crs (to);
  g_autoptr(GError) error = NULL;
  g_autoptr(RaTransform) t = ra_transform_new (src, dst, &error);

  g_assert_no_error (error);
  *x = lon;
  *y = lat;
  g_assert_true (ra_transform_point (t, x, y));
}

/* Expected values were obtained once with PROJ 9.1.1's cs2cs, e.g.
 *   printf '38.9 100.4\n' | cs2cs -f %.4f EPSG:4326 EPSG:4542
 * (cs2cs uses the EPSG axis order lat, lon -> northing, easting; the
 * values below are swapped to our x = easting, y = northing). */
static const struct {
  int    epsg;
  double lon, lat, x, y;
} known[] = {
  { 4542, 100.4, 38.9, 621450.0736, 4308334.4022 },
  { 4542, 101.6, 39.0, 725244.8928, 4321721.4461 },
  { 4543, 100.4, 38.9, 361199.0127, 4308619.7179 },
  { 4543, 101.6, 39.0, 465349.3792, 4318580.1039 },
  { 3857, 100.4, 38.9, 11176476.8756, 4707357.5363 },
  { 3857, 101.6, 39.0, 11310060.2646, 4721671.5726 },
};

static void
test_known_points (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      double x, y;

      transform_lonlat (known[i].epsg, known[i].lon, known[i].lat, &x, &y);
      g_test_message ("EPSG:%d %.4f %.4f", known[i].epsg, x, y);
      g_assert_cmpfloat (fabs (x - known[i].x), <, 0.001);
      g_assert_cmpfloat (fabs (y - known[i].y), <, 0.001);
    }
}

static void
test_batch_and_inverse (void)
{
  g_autoptr(RaCrs) ll = crs (4326);
  g_autoptr(RaCrs) gk = crs (4542);
  g_autoptr(RaTransform) fwd = ra_transform_new (ll, gk, NULL);
  g_autoptr(RaTransform) inv = ra_transform_new (gk, ll, NULL);
  double xy[] = { 100.4, 38.9, 101.6, 39.0, NAN, 1.0 };

  g_assert_false (ra_transform_is_identity (fwd));
  g_assert_cmpuint (ra_transform_points (fwd, xy, 3), ==, 1);
  g_assert_cmpfloat (fabs (xy[0] - 621450.0736), <, 0.001);
  g_assert_cmpfloat (fabs (xy[3] - 4321721.4461), <, 0.001);
  g_assert_cmpfloat (xy[4], ==, HUGE_VAL);
  g_assert_cmpuint (ra_transform_points (inv, xy, 2), ==, 0);
  g_assert_cmpfloat (fabs (xy[0] - 100.4), <, 1e-9);
  g_assert_cmpfloat (fabs (xy[1] - 38.9), <, 1e-9);
  g_assert_cmpfloat (fabs (xy[2] - 101.6), <, 1e-9);
}

/* CGCS2000 and WGS 84 agree to well under a metre for mapping. */
static void
test_cgcs2000_vs_wgs84 (void)
{
  g_autoptr(RaCrs) ll = crs (4326);
  g_autoptr(RaCrs) cgcs = crs (4490);
  g_autoptr(RaTransform) t = ra_transform_new (ll, cgcs, NULL);
  double x = 100.4, y = 38.9;

  g_assert_true (ra_crs_is_geographic (cgcs));
  g_assert_true (ra_transform_point (t, &x, &y));
  /* 1 m is ~1e-5 degrees. */
  g_assert_cmpfloat (fabs (x - 100.4), <, 1e-5);
  g_assert_cmpfloat (fabs (y - 38.9), <, 1e-5);
}

/* Xi'an 1980 has no published datum shift in the EPSG database here:
 * PROJ uses a ballpark transformation, which must stay within 200 m. */
static void
test_xian1980 (void)
{
  g_autoptr(RaCrs) gk_xian = crs (2378);
  double x, y, x2, y2;

  g_assert_cmpstr (ra_crs_get_name (gk_xian), ==, "Xian 1980 / 3-degree Gauss-Kruger CM 99E");
  transform_lonlat (2378, 100.4, 38.9, &x, &y);
  transform_lonlat (4542, 100.4, 38.9, &x2, &y2);
  g_assert_cmpfloat (hypot (x - x2, y - y2), <, 200);
  transform_lonlat (4610, 100.4, 38.9, &x, &y);
  g_assert_cmpfloat (fabs (x - 100.4), <, 0.003);
  g_assert_cmpfloat (fabs (y - 38.9), <, 0.003);
}

/* x is longitude even though EPSG:4326 and 4490 say lat, lon. */
static void
test_axis_order (void)
{
  g_autoptr(RaCrs) ll = crs (4490);
  g_autoptr(RaCrs) merc = crs (3857);
  g_autoptr(RaTransform) t = ra_transform_new (ll, merc, NULL);
  g_autoptr(RaTransform) back = ra_transform_new (merc, ll, NULL);
  double x = 100.4, y = 38.9;

  g_assert_true (ra_transform_point (t, &x, &y));
  g_assert_cmpfloat (x, >, 1.1e7);   /* easting from longitude */
  g_assert_true (ra_transform_point (back, &x, &y));
  g_assert_cmpfloat (fabs (x - 100.4), <, 1e-6);
  g_assert_cmpfloat (fabs (y - 38.9), <, 1e-6);
}

static void
test_gk_zone (void)
{
  g_assert_cmpint (ra_crs_gk_zone_epsg_for_lon (100.4), ==, 4542);
  g_assert_cmpint (ra_crs_gk_zone_epsg_for_lon (101.6), ==, 4543);
  g_assert_cmpint (ra_crs_gk_zone_epsg_for_lon (112.3), ==, 4546);
  g_assert_cmpint (ra_crs_gk_zone_epsg_for_lon (75.0), ==, 4534);
  g_assert_cmpint (ra_crs_gk_zone_epsg_for_lon (73.5), ==, 4534);
  g_assert_cmpint (ra_crs_gk_zone_epsg_for_lon (135.0), ==, 4554);
  g_assert_cmpint (ra_crs_gk_zone_epsg_for_lon (136.5), ==, 4554);
  g_assert_cmpint (ra_crs_gk_zone_epsg_for_lon (73.0), ==, 0);
  g_assert_cmpint (ra_crs_gk_zone_epsg_for_lon (137.0), ==, 0);
  g_assert_cmpint (ra_crs_gk_zone_epsg_for_lon (-100), ==, 0);
  g_assert_cmpint (ra_crs_gk_zone_epsg_for_lon (NAN), ==, 0);
  {
    g_autoptr(RaCrs) c = crs (4554);
    g_assert_cmpstr (ra_crs_get_name (c), ==, "CGCS2000 / 3-degree Gauss-Kruger CM 135E");
  }
}

/* Zhangye's data centre (97.39..102.21E -> 99.80E) is nearest CM 99E;
 * Xinzhou's (110.95..113.97E -> 112.46E) is nearest CM 111E. */
static void
test_gk_zone_zhangye (void)
{
  g_autoptr(RaCrs) c = NULL;
  int epsg = ra_crs_gk_zone_epsg_for_lon ((97.394531 + 102.206055) / 2);

  g_assert_cmpint (epsg, ==, 4542);
  c = crs (epsg);
  g_assert_cmpstr (ra_crs_get_name (c), ==, "CGCS2000 / 3-degree Gauss-Kruger CM 99E");
  g_assert_false (ra_crs_is_geographic (c));
  g_assert_cmpfloat (ra_crs_get_meters_per_unit (c), ==, 1.0);
}

static void
test_gk_zone_xinzhou (void)
{
  g_assert_cmpint (ra_crs_gk_zone_epsg_for_lon ((110.945312 + 113.968750) / 2), ==, 4546);
}

static void
test_user_input (void)
{
  static const char * const good[] = { "EPSG:4542", "4542", " epsg:4542 ", "4542\n" };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(RaCrs) c = ra_crs_new_from_user_input (good[i], &error);
      g_assert_no_error (error);
      g_assert_cmpint (ra_crs_get_epsg (c), ==, 4542);
      g_assert_cmpstr (ra_crs_get_auth_id (c), ==, "EPSG:4542");
      g_assert_cmpstr (ra_crs_get_definition (c), ==, "EPSG:4542");
    }

  {
    g_autoptr(RaCrs) c = ra_crs_new_from_user_input ("+proj=longlat +ellps=GRS80 +no_defs +type=crs", &error);
    g_assert_no_error (error);
    g_assert_true (ra_crs_is_geographic (c));
    g_assert_cmpfloat (fabs (ra_crs_get_meters_per_unit (c) - 111000), <, 1000);
    /* The definition can be parsed again. */
    {
      g_autoptr(RaCrs) again = ra_crs_new_from_user_input (ra_crs_get_definition (c), &error);
      g_assert_no_error (error);
      g_assert_true (ra_crs_equal (c, again));
    }
  }

  /* WKT of a known CRS gets its code back. */
  {
    g_autoptr(RaCrs) c = ra_crs_new_from_user_input (
      "PROJCS[\"CGCS2000_3_Degree_GK_CM_99E\",GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\","
      "DATUM[\"D_China_2000\",SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0],"
      "UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Gauss_Kruger\"],PARAMETER[\"False_Easting\",500000.0],"
      "PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",99.0],PARAMETER[\"Scale_Factor\",1.0],"
      "PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]", &error);
    g_assert_no_error (error);
    g_assert_cmpint (ra_crs_get_epsg (c), ==, 4542);
  }

  {
    static const char * const bad[] = { "garbage", "", "EPSG:999999", "epsg:", "12ab" };
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(RaCrs) c = ra_crs_new_from_user_input (bad[i], &error);
        g_assert_null (c);
        g_assert_error (error, RA_ERROR, RA_ERROR_CRS);
        g_clear_error (&error);
      }
  }
}

static void
test_refcount_equal (void)
{
  g_autoptr(RaCrs) a = crs (4542);
  g_autoptr(RaCrs) b = crs (4542);
  g_autoptr(RaCrs) c = crs (4543);
  RaCrs *r = ra_crs_ref (a);

  g_assert_true (r == a);
  ra_crs_unref (r);
  g_assert_true (ra_crs_equal (a, b));
  g_assert_false (ra_crs_equal (a, c));
  g_assert_false (ra_crs_equal (a, NULL));
  g_assert_true (G_TYPE_IS_BOXED (RA_TYPE_CRS));
  {
    g_autoptr(RaTransform) t = ra_transform_new (a, b, NULL);
    double x = 1, y = 2;
    g_assert_true (ra_transform_is_identity (t));
    g_assert_true (ra_transform_point (t, &x, &y));
    g_assert_cmpfloat (x, ==, 1);
  }
}

static void
test_bbox (void)
{
  g_autoptr(RaCrs) ll = crs (4326);
  g_autoptr(RaCrs) gk = crs (4542);
  g_autoptr(RaTransform) t = ra_transform_new (ll, gk, NULL);
  RaBBox in = { 97.394531, 37.627930, 102.206055, 39.888672 }, out;

  g_assert_true (ra_transform_bbox (t, &in, &out));
  /* The northern edge bulges: densified edges catch it. */
  g_assert_cmpfloat (out.x0, <, 400000);
  g_assert_cmpfloat (out.x1, >, 600000);
  g_assert_cmpfloat (out.y0, <, 4170000);
  g_assert_cmpfloat (out.y1, >, 4410000);
}

typedef struct {
  RaCrs  *src, *dst;
  double  out[200];
} CopyJob;

static gpointer
transform_in_thread (gpointer data)
{
  CopyJob *job = data;

  for (int round = 0; round < 20; round++)
    {
      g_autoptr(RaTransform) t = ra_transform_new (job->src, job->dst, NULL);

      g_assert_nonnull (t);
      for (guint i = 0; i < 100; i++)
        {
          job->out[2 * i] = 97.0 + i * 0.07;
          job->out[2 * i + 1] = 36.0 + i * 0.05;
        }
      g_assert_cmpuint (ra_transform_points (t, job->out, 100), ==, 0);
    }
  return NULL;
}

/* A transform made again (from the cache of looked-up operations), a copy
 * for another thread and transforms made on several threads at once all
 * give the numbers of the first. */
static void
test_transform_copy_cache (void)
{
  g_autoptr(RaCrs) ll = ra_crs_new_from_epsg (4490, NULL);
  g_autoptr(RaCrs) gk = ra_crs_new_from_epsg (4542, NULL);
  g_autoptr(RaCrs) merc = ra_crs_new_from_epsg (3857, NULL);
  g_autoptr(RaTransform) first = ra_transform_new (ll, gk, NULL);
  g_autoptr(RaTransform) again = ra_transform_new (ll, gk, NULL);
  g_autoptr(RaTransform) copy = ra_transform_copy (first);
  g_autoptr(RaTransform) other = ra_transform_new (ll, merc, NULL);
  double a[200], b[200], c[200], d[200];
  CopyJob jobs[3];
  GThread *threads[3];

  g_assert_nonnull (first);
  g_assert_nonnull (again);
  g_assert_nonnull (copy);
  for (guint i = 0; i < 100; i++)
    {
      a[2 * i] = b[2 * i] = c[2 * i] = d[2 * i] = 97.0 + i * 0.07;
      a[2 * i + 1] = b[2 * i + 1] = c[2 * i + 1] = d[2 * i + 1] = 36.0 + i * 0.05;
    }
  g_assert_cmpuint (ra_transform_points (first, a, 100), ==, 0);
  g_assert_cmpuint (ra_transform_points (again, b, 100), ==, 0);
  g_assert_cmpuint (ra_transform_points (copy, c, 100), ==, 0);
  g_assert_cmpuint (ra_transform_points (other, d, 100), ==, 0);
  g_assert_cmpmem (a, sizeof a, b, sizeof b);
  g_assert_cmpmem (a, sizeof a, c, sizeof c);
  /* Not the GK transform's numbers: the cache keys on both CRSs. */
  g_assert_cmpfloat (fabs (a[0] - d[0]), >, 1000);

  /* A datum change with several candidate operations (Beijing 1954 to
   * CGCS2000 lon/lat): the clone keeps PROJ's choice. */
  {
    g_autoptr(RaCrs) bj54 = ra_crs_new_from_epsg (4214, NULL);
    g_autoptr(RaTransform) t1 = ra_transform_new (bj54, ll, NULL);
    g_autoptr(RaTransform) t2 = ra_transform_new (bj54, ll, NULL);
    g_autoptr(RaTransform) t3 = t1 != NULL ? ra_transform_copy (t1) : NULL;
    double p1[200], p2[200], p3[200];

    g_assert_nonnull (t1);
    g_assert_nonnull (t2);
    g_assert_nonnull (t3);
    for (guint i = 0; i < 100; i++)
      {
        p1[2 * i] = p2[2 * i] = p3[2 * i] = 75.0 + i * 0.5;
        p1[2 * i + 1] = p2[2 * i + 1] = p3[2 * i + 1] = 20.0 + i * 0.3;
      }
    ra_transform_points (t1, p1, 100);
    ra_transform_points (t2, p2, 100);
    ra_transform_points (t3, p3, 100);
    g_assert_cmpmem (p1, sizeof p1, p2, sizeof p2);
    g_assert_cmpmem (p1, sizeof p1, p3, sizeof p3);
    g_test_message ("Beijing 1954 -> CGCS2000 at (100, 35): east shift %.1f m (0 when PROJ has only a ballpark operation)",
                    (p1[2 * 50] - (75.0 + 50 * 0.5)) * 111000 * cos (35 * G_PI / 180));
  }

  for (guint k = 0; k < G_N_ELEMENTS (jobs); k++)
    {
      jobs[k].src = ll;
      jobs[k].dst = k == 1 ? merc : gk;
      threads[k] = g_thread_new ("transform", transform_in_thread, &jobs[k]);
    }
  for (guint k = 0; k < G_N_ELEMENTS (jobs); k++)
    g_thread_join (threads[k]);
  g_assert_cmpmem (jobs[0].out, sizeof a, a, sizeof a);
  g_assert_cmpmem (jobs[2].out, sizeof a, a, sizeof a);
  g_assert_cmpmem (jobs[1].out, sizeof d, d, sizeof d);
}

/* The CRSs ra-crs.c knows without PROJ (its build-time table) are what
 * PROJ says of them now: name, kind, metres per unit, ESRI WKT; a .prj
 * is told apart by its text; anything else is still PROJ's. */
static void
test_known_table (void)
{
  gsize n = 0;
  const RaCrsKnown *known = ra_crs_known_table (&n);
  static const int must[] = { 4326, 4490, 3857, 4542, 4543, 4544, 4513, 4491 };

  g_assert_cmpuint (n, >=, 60);
  for (guint m = 0; m < G_N_ELEMENTS (must); m++)
    {
      gboolean found = FALSE;

      for (gsize i = 0; i < n; i++)
        found |= known[i].epsg == must[m];
      g_assert_true (found);
    }
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *def = g_strdup_printf ("EPSG:%d", known[i].epsg);
      g_autofree char *lower = g_strdup_printf ("  epsg:%d\n", known[i].epsg);
      g_autofree char *digits = g_strdup_printf ("%d", known[i].epsg);
      g_autoptr(GError) error = NULL;
      g_autoptr(RaCrs) by_proj = ra_crs_new_from_proj (def, &error);
      g_autoptr(RaCrs) c = ra_crs_new_from_user_input (def, &error);
      g_autoptr(RaCrs) c2 = ra_crs_new_from_user_input (lower, &error);
      g_autoptr(RaCrs) c3 = ra_crs_new_from_epsg (atoi (digits), &error);
      g_autofree char *esri = NULL, *esri_padded = NULL, *esri_other = NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (ra_crs_get_name (c), ==, ra_crs_get_name (by_proj));
      g_assert_cmpstr (ra_crs_get_auth_id (c), ==, ra_crs_get_auth_id (by_proj));
      g_assert_cmpstr (ra_crs_get_definition (c), ==, ra_crs_get_definition (by_proj));
      g_assert_cmpint (ra_crs_get_epsg (c), ==, ra_crs_get_epsg (by_proj));
      g_assert_cmpint (ra_crs_is_geographic (c), ==, ra_crs_is_geographic (by_proj));
      g_assert_cmpfloat (ra_crs_get_meters_per_unit (c), ==, ra_crs_get_meters_per_unit (by_proj));
      g_assert_true (ra_crs_equal (c, by_proj) && ra_crs_equal (c2, c) && ra_crs_equal (c3, c));
      g_assert_cmpstr (ra_crs_get_name (c2), ==, ra_crs_get_name (c));

      esri = ra_crs_proj_esri_wkt (by_proj);
      g_assert_cmpstr (known[i].esri_wkt, ==, esri);
      g_assert_nonnull (esri);
      esri_padded = g_strconcat ("\r\n ", esri, "\n", NULL);
      g_assert_true (ra_crs_is_esri_wkt (c, esri));
      g_assert_true (ra_crs_is_esri_wkt (c, esri_padded));
      esri_other = g_strdup (esri);
      esri_other[strlen (esri_other) - 3] ^= 1;
      g_assert_false (ra_crs_is_esri_wkt (c, esri_other));
    }

  /* a code outside the table, and a spelling of one inside it that the
   * table does not take ("EPSG:04326"): PROJ's answers, the same
   * question answered */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RaCrs) utm = ra_crs_new_from_user_input ("EPSG:32650", &error);
    g_autoptr(RaCrs) padded = ra_crs_new_from_user_input ("EPSG:04326", &error);
    g_autoptr(RaCrs) wgs84 = ra_crs_new_from_epsg (4326, &error);
    g_autofree char *utm_esri = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (ra_crs_get_name (utm), ==, "WGS 84 / UTM zone 50N");
    utm_esri = ra_crs_proj_esri_wkt (utm);
    g_assert_nonnull (utm_esri);
    g_assert_true (ra_crs_is_esri_wkt (utm, utm_esri));
    g_assert_false (ra_crs_is_esri_wkt (wgs84, utm_esri));
    g_assert_cmpint (ra_crs_get_epsg (padded), ==, 4326);
    g_assert_true (ra_crs_equal (padded, wgs84));
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/crs/known-points", test_known_points);
  g_test_add_func ("/crs/batch-and-inverse", test_batch_and_inverse);
  g_test_add_func ("/crs/cgcs2000-vs-wgs84", test_cgcs2000_vs_wgs84);
  g_test_add_func ("/crs/xian1980", test_xian1980);
  g_test_add_func ("/crs/axis-order", test_axis_order);
  g_test_add_func ("/crs/gk-zone/table", test_gk_zone);
  g_test_add_func ("/crs/gk-zone/zhangye", test_gk_zone_zhangye);
  g_test_add_func ("/crs/gk-zone/xinzhou", test_gk_zone_xinzhou);
  g_test_add_func ("/crs/user-input", test_user_input);
  g_test_add_func ("/crs/known-table", test_known_table);
  g_test_add_func ("/crs/refcount-equal", test_refcount_equal);
  g_test_add_func ("/crs/transform-bbox", test_bbox);
  g_test_add_func ("/crs/transform-copy-cache", test_transform_copy_cache);
  return g_test_run ();
}
