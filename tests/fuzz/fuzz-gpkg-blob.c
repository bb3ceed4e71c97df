/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A GeoPackage geometry blob as the one-shot render's SQLite reader takes
 * it (ra_source_stream_open_geopackage: read in place when it has the
 * usual shape, else by SpatiaLite).  The first byte picks the layer's kind
 * (point, line, polygon); the rest is the geometry blob of the one feature
 * of a GeoPackage of that kind (a template made once with GDAL, without a
 * spatial index, so plain SQLite can write the blob), which is then
 * streamed and drawn on a small image. */
#include "config.h"

#include <sqlite3.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "fuzz-common.h"
#include "ra-source-stream.h"

/* A GeoPackage with one layer "t" of type, in EPSG:4326, of one feature. */
static char *
make_template (int kind)
{
  static const OGRwkbGeometryType types[3] = { wkbPoint, wkbLineString, wkbPolygon };
  static const char *wkts[3] = { "POINT (100 30)", "LINESTRING (90 20,110 40)",
                                 "POLYGON ((90 20,110 20,110 40,90 20))" };
  g_autofree char *name = g_strdup_printf ("template-%d.gpkg", kind);
  char *path = g_build_filename (fuzz_dir (), name, NULL);
  const char *options[] = { "SPATIAL_INDEX=NO", NULL };
  OGRSpatialReferenceH srs = OSRNewSpatialReference (NULL);
  GDALDatasetH ds;
  OGRLayerH layer;
  OGRFeatureH f;
  OGRGeometryH g = NULL;
  char *wkt = (char *) wkts[kind];

  OSRImportFromEPSG (srs, 4326);
  ds = GDALCreate (GDALGetDriverByName ("GPKG"), path, 0, 0, 0, GDT_Unknown, NULL);
  g_assert (ds != NULL);
  layer = GDALDatasetCreateLayer (ds, "t", srs, types[kind], (char **) options);
  g_assert (layer != NULL);
  f = OGR_F_Create (OGR_L_GetLayerDefn (layer));
  OGR_G_CreateFromWkt (&wkt, NULL, &g);
  OGR_F_SetGeometryDirectly (f, g);
  g_assert (OGR_L_CreateFeature (layer, f) == OGRERR_NONE);
  OGR_F_Destroy (f);
  GDALClose (ds);
  OSRDestroySpatialReference (srs);
  return path;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static char *templates[3];
  g_autofree char *bytes = NULL;
  g_autofree char *path = NULL;
  g_autoptr(RaCrs) crs = NULL;
  g_autoptr(RaSourceStream) stream = NULL;
  RaBBox box = { -180.0, -90.0, 180.0, 90.0 };
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  gsize len = 0;
  int kind;

  fuzz_init_once ();
  if (size < 1)
    return 0;
  kind = data[0] % 3;
  if (templates[kind] == NULL)
    templates[kind] = make_template (kind);
  if (!g_file_get_contents (templates[kind], &bytes, &len, NULL))
    g_error ("cannot read %s", templates[kind]);
  path = fuzz_write ("blob.gpkg", (const uint8_t *) bytes, len);
  g_assert (sqlite3_open (path, &db) == SQLITE_OK);
  g_assert (sqlite3_prepare_v2 (db, "UPDATE \"t\" SET geom = ?", -1, &st, NULL) == SQLITE_OK);
  sqlite3_bind_blob (st, 1, data + 1, (int) (size - 1), SQLITE_STATIC);
  g_assert (sqlite3_step (st) == SQLITE_DONE);
  sqlite3_finalize (st);
  sqlite3_close (db);

  crs = ra_crs_new_from_epsg (4326, NULL);
  stream = ra_source_stream_open_geopackage (path, crs, &box, 0.5);
  g_assert (stream != NULL);
  {
    g_autoptr(RaMapSnapshot) snap = ra_map_snapshot_new_empty (crs);
    g_autoptr(RaStyle) style = ra_style_new_default (ra_source_stream_get_kind (stream), 0);
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 64, 48);
    cairo_t *cr = cairo_create (surface);
    RaView view;

    ra_view_init (&view, 64, 48);
    ra_view_fit_bbox (&view, &box, 2);
    ra_map_snapshot_add_stream (snap, ra_source_stream_get_name (stream),
                                ra_source_stream_get_kind (stream), style, 1.0,
                                (RaFeatureNextFunc) ra_source_stream_next, stream);
    ra_renderer_draw (snap, &view, NULL, cr, NULL);
    cairo_destroy (cr);
    cairo_surface_destroy (surface);
    g_assert (ra_source_stream_next (stream) == NULL);
    g_assert (ra_source_stream_get_warnings (stream) != NULL);
  }
  return 0;
}
