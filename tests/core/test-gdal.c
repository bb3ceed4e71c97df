/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/core/gdal beside ra-source: GDAL's errors, CRSs of OGR layers in the
 * viewer's and the store's way, OGR geometries, features one at a time,
 * and the writers. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <ogr_api.h>
#include <cpl_error.h>

#include "ra-autocleanups.h"
#include "ra-core.h"
#include "ra-gdal-crs.h"
#include "ra-gdal-error.h"
#include "ra-gdal-features.h"
#include "ra-gdal-geometry.h"
#include "ra-gdal-write.h"

static char *
fixture (const char *name)
{
  return g_build_filename (g_getenv ("RA_TEST_DATA"), name, NULL);
}

static char *
tmp_path (const char *name)
{
  static char *dir = NULL;

  if (dir == NULL)
    dir = g_dir_make_tmp ("ra-test-gdal-XXXXXX", NULL);
  return g_build_filename (dir, name, NULL);
}

static void
test_error (void)
{
  GError *src = g_error_new (RA_ERROR, RA_ERROR_WRITE, "x.csv: cannot be written");
  g_autoptr(GError) dest = NULL;
  g_autofree char *suffix = NULL;
  g_autofree char *last = NULL;
  RaGdalCapture cap;

  g_assert_false (ra_gdal_propagate_error (&dest, src, G_FILE_ERROR, G_FILE_ERROR_FAILED));
  g_assert_error (dest, G_FILE_ERROR, G_FILE_ERROR_FAILED);
  g_assert_cmpstr (dest->message, ==, "x.csv: cannot be written");
  g_clear_error (&dest);
  /* Other domains pass as they are. */
  src = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "gone");
  ra_gdal_propagate_error (&dest, src, G_FILE_ERROR, G_FILE_ERROR_FAILED);
  g_assert_error (dest, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  suffix = ra_gdal_cause_suffix ("bad \xff byte");
  g_assert_true (g_str_has_prefix (suffix, " (bad "));
  g_assert_true (g_utf8_validate (suffix, -1, NULL));
  g_free (suffix);
  suffix = ra_gdal_cause_suffix (NULL);
  g_assert_cmpstr (suffix, ==, "");

  ra_gdal_capture_begin (&cap, RA_GDAL_CAPTURE_MESSAGES);
  CPLError (CE_Warning, CPLE_AppDefined, "a warning");
  CPLError (CE_Failure, CPLE_AppDefined, "first");
  CPLError (CE_Failure, CPLE_AppDefined, "second");
  g_assert_cmpuint (cap.n_failures, ==, 2);
  g_assert_cmpstr (cap.first_failure, ==, "first");
  g_assert_cmpstr (cap.last_failure, ==, "second");
  g_assert_cmpuint (cap.messages->len, ==, 3);
  ra_gdal_capture_end (&cap);
  last = ra_gdal_take_last_error ();
  g_assert_cmpstr (last, ==, "second");
  g_free (last);
  last = ra_gdal_take_last_error ();
  g_assert_cmpstr (last, ==, "");
}

static void
test_crs (void)
{
  g_autofree char *prj_path = fixture ("counties-gk.prj");
  g_autofree char *wkt = NULL;
  g_auto(OGRSpatialReferenceH) esri = OSRNewSpatialReference (NULL);
  g_auto(OGRSpatialReferenceH) epsg = OSRNewSpatialReference (NULL);
  g_autoptr(RaCrs) matched = NULL;
  g_autoptr(RaCrs) plain = NULL;
  g_autoptr(RaCrs) by_code = NULL;

  g_assert_true (g_file_get_contents (prj_path, &wkt, NULL, NULL));
  g_assert_cmpint (OSRSetFromUserInput (esri, wkt), ==, OGRERR_NONE);
  /* The viewer finds the EPSG code PROJ matches; the store keeps the WKT. */
  matched = ra_gdal_crs_from_ogr (esri, RA_GDAL_CRS_FIND_MATCHES);
  g_assert_nonnull (matched);
  g_assert_cmpstr (ra_crs_get_auth_id (matched), ==, "EPSG:4542");
  plain = ra_gdal_crs_from_ogr (esri, RA_GDAL_CRS_DEFAULT);
  g_assert_nonnull (plain);
  g_assert_null (ra_crs_get_auth_id (plain));

  g_assert_cmpint (OSRImportFromEPSG (epsg, 4490), ==, OGRERR_NONE);
  by_code = ra_gdal_crs_from_ogr (epsg, RA_GDAL_CRS_DEFAULT);
  g_assert_cmpstr (ra_crs_get_auth_id (by_code), ==, "EPSG:4490");
}

static void
test_geometry (void)
{
  OGRGeometryH g = NULL;
  char *cursor = (char *) "POLYGON ((0 0, 4 0, 4 2, 0 2, 0 0))";
  g_autoptr(RaGeometry) geom = NULL;
  g_autoptr(RaCrs) crs = ra_crs_new_from_epsg (4490, NULL);
  g_autoptr(RaTransform) identity = ra_transform_new (crs, crs, NULL);
  g_autoptr(GBytes) wkb = NULL;
  RaGdalGeomStatus status;
  double x = 0, y = 0;

  g_assert_true (ra_gdal_wkt_centroid ("POLYGON ((0 0, 4 0, 4 2, 0 2, 0 0))", &x, &y));
  g_assert_cmpfloat (x, ==, 2);
  g_assert_cmpfloat (y, ==, 1);
  g_assert_false (ra_gdal_wkt_centroid ("not wkt", &x, &y));

  g_assert_cmpint (OGR_G_CreateFromWkt (&cursor, NULL, &g), ==, OGRERR_NONE);
  g_assert_false (ra_gdal_geometry_is_empty (g));
  g_assert_true (ra_gdal_geometry_is_empty (NULL));
  g_assert_true (ra_gdal_geometry_fits (g, "MULTIPOLYGON"));
  g_assert_false (ra_gdal_geometry_fits (g, "POINT"));
  g_assert_true (ra_gdal_geometry_is_valid (g, NULL));
  g_assert_cmpint (ra_gdal_kind_of_type (OGR_G_GetGeometryType (g)), ==, RA_GEOM_POLYGON);

  /* To RaGeometry: the ring without its closing vertex, both ways. */
  geom = ra_gdal_geometry_convert (g, 0.0, 1e13, 1e13, &status);
  g_assert_cmpint (status, ==, RA_GDAL_GEOM_OK);
  g_assert_cmpuint (geom->n_points, ==, 4);
  g_clear_pointer (&geom, ra_geometry_free);
  wkb = ra_gdal_geometry_reproject_wkb (g, identity, 180.0, 90.0);
  g_assert_nonnull (wkb);
  geom = ra_gdal_geometry_from_wkb (g_bytes_get_data (wkb, NULL), g_bytes_get_size (wkb),
                                    RA_GEOM_POLYGON);
  g_assert_nonnull (geom);
  g_assert_cmpuint (geom->n_points, ==, 4);
  g_assert_cmpuint (geom->n_parts, ==, 1);
  g_assert_cmpfloat (geom->xy[2], ==, 4);
  /* Beyond the bounds: refused. */
  g_clear_pointer (&wkb, g_bytes_unref);
  g_assert_null (ra_gdal_geometry_reproject_wkb (g, identity, 3.0, 90.0));
  OGR_G_DestroyGeometry (g);

  /* A bow tie is invalid, with GEOS's reason. */
  cursor = (char *) "POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))";
  g_assert_cmpint (OGR_G_CreateFromWkt (&cursor, NULL, &g), ==, OGRERR_NONE);
  {
    g_autofree char *reason = NULL;

    g_assert_false (ra_gdal_geometry_is_valid (g, &reason));
    g_assert_nonnull (reason);
  }
  OGR_G_DestroyGeometry (g);
}

static void
get_row (gpointer data, guint r, const char * const **text, const double **values)
{
  static const char * const texts[2][2] = { { "甘州区", NULL }, { "合计", NULL } };
  static const double numbers[2][2] = { { NAN, 1.5 }, { NAN, NAN } };

  *text = texts[r];
  *values = numbers[r];
}

static void
test_features_and_writers (void)
{
  static const char * const headers[] = { "name", "value" };
  static const gboolean numeric[] = { FALSE, TRUE };
  RaGdalTable table = { "t", 2, headers, numeric, 2, get_row, NULL };
  g_autofree char *csv = tmp_path ("table.csv");
  g_autofree char *geojson = tmp_path ("counties.geojson");
  g_autofree char *source = g_build_filename (g_getenv ("RA_DATADIR"), "samples", "zhangye",
                                              "counties.geojson", NULL);
  g_autoptr(RaGdalFeatures) f = NULL;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(RaCrs) crs = NULL;
  GDALDatasetH src;
  guint n = 0;

  g_assert_cmpstr (ra_gdal_vector_driver_for_path ("A.SHP"), ==, "ESRI Shapefile");
  g_assert_cmpstr (ra_gdal_vector_driver_for_path ("a.json"), ==, "GeoJSON");
  g_assert_null (ra_gdal_vector_driver_for_path ("a.txt"));

  /* A table to CSV, read back one feature at a time. */
  g_assert_true (ra_gdal_write_table (&table, csv, &error));
  g_assert_no_error (error);
  f = ra_gdal_features_open_csv (csv, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ra_gdal_features_get_n_fields (f), ==, 2);
  g_assert_cmpint (ra_gdal_features_get_field_index (f, "value"), ==, 1);
  g_assert_true (ra_gdal_features_next (f));
  g_assert_cmpstr (ra_gdal_features_get_value_by_name (f, "name"), ==, "甘州区");
  g_assert_cmpstr (ra_gdal_features_get_value (f, 1), ==, "1.5");
  g_assert_true (ra_gdal_features_next (f));
  g_assert_null (ra_gdal_features_get_value (f, 1));
  g_assert_null (ra_gdal_features_get_value (f, -1));
  g_assert_false (ra_gdal_features_next (f));
  g_clear_pointer (&f, ra_gdal_features_free);
  g_assert_false (ra_gdal_write_table (&table, "table.txt", &error));
  g_assert_error (error, RA_ERROR, RA_ERROR_WRITE);
  g_clear_error (&error);

  /* A layer copied to another format. */
  src = ra_gdal_open_vector (source, NULL, NULL);
  g_assert_nonnull (src);
  g_assert_true (ra_gdal_copy_layer (src, source, "counties", geojson, "GeoJSON", "counties",
                                     notes, &error));
  g_assert_no_error (error);
  f = ra_gdal_features_open (geojson, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ra_gdal_features_has_crs (f));
  crs = ra_gdal_features_dup_crs (f, RA_GDAL_CRS_DEFAULT);
  g_assert_nonnull (crs);
  while (ra_gdal_features_next (f))
    {
      g_assert_false (ra_gdal_geometry_is_empty (ra_gdal_features_get_geometry (f)));
      n++;
    }
  g_assert_cmpuint (n, >, 0);
  g_clear_pointer (&f, ra_gdal_features_free);

  g_assert_null (ra_gdal_features_open (geojson, "no_layer", NULL, NULL, &error));
  g_assert_error (error, RA_ERROR, RA_ERROR_NOT_FOUND);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();

  g_test_add_func ("/gdal/error", test_error);
  g_test_add_func ("/gdal/crs", test_crs);
  g_test_add_func ("/gdal/geometry", test_geometry);
  g_test_add_func ("/gdal/features-and-writers", test_features_and_writers);
  return g_test_run ();
}
