/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Raster layers (issue 18): synthetic rasters made here with GDAL, drawn
 * by the one renderer onto images, PDF and SVG, and checked pixel by
 * pixel; overviews, the tile cache, reprojection, nodata, opacity, the
 * DEM's hillshade and tint, elevation sampling, attribution. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>
#include <gdal.h>
#include <cpl_conv.h>
#include <ogr_srs_api.h>

#include "ra-core.h"
#include "ra-basemap.h"
#include "ra-raster.h"
#include "ra-layout.h"
#include "ra-views.h"
#include "ra-export.h"
#include "ra-autocleanups.h"

static char *tmpdir;

/* ------------------------------------------------------------------ */
/* Making rasters                                                     */

typedef double (*PixelFunc) (int band, int col, int row, int w, int h);

/* A GeoTIFF of w x h pixels, bands Byte (or Float32 when float_type) from
 * f, covering (x0, y1) top-left with pixel size px in EPSG:epsg. */
static char *
make_tiff (const char *name, int epsg, int w, int h, int bands, gboolean float_type,
           double x0, double y1, double px, PixelFunc f, const double *nodata,
           gboolean overviews, const char *attribution)
{
  char *path = g_build_filename (tmpdir, name, NULL);
  GDALDriverH drv = GDALGetDriverByName ("GTiff");
  GDALDatasetH ds;
  OGRSpatialReferenceH srs = OSRNewSpatialReference (NULL);
  double gt[6] = { x0, px, 0, y1, 0, -px };
  float *row = g_new (float, w);
  char *wkt = NULL;

  ds = GDALCreate (drv, path, w, h, bands, float_type ? GDT_Float32 : GDT_Byte, NULL);
  g_assert_nonnull (ds);
  GDALSetGeoTransform (ds, gt);
  if (epsg > 0)
    {
      OSRImportFromEPSG (srs, epsg);
      OSRExportToWkt (srs, &wkt);
      GDALSetProjection (ds, wkt);
      CPLFree (wkt);
    }
  OSRDestroySpatialReference (srs);
  for (int b = 1; b <= bands; b++)
    {
      GDALRasterBandH band = GDALGetRasterBand (ds, b);

      if (bands >= 3)
        GDALSetRasterColorInterpretation (band, b == 4 ? GCI_AlphaBand : GCI_RedBand + b - 1);
      if (nodata != NULL)
        GDALSetRasterNoDataValue (band, *nodata);
      for (int r = 0; r < h; r++)
        {
          for (int c = 0; c < w; c++)
            row[c] = (float) f (b, c, r, w, h);
          g_assert_cmpint (GDALRasterIO (band, GF_Write, 0, r, w, 1, row, w, 1, GDT_Float32, 0, 0),
                           ==, CE_None);
        }
    }
  if (attribution != NULL)
    GDALSetMetadataItem (ds, "ATTRIBUTION", attribution, NULL);
  if (overviews)
    {
      int levels[] = { 2, 4, 8 };
      g_assert_cmpint (GDALBuildOverviews (ds, "AVERAGE", 3, levels, 0, NULL, NULL, NULL), ==, CE_None);
    }
  GDALClose (ds);
  g_free (row);
  return path;
}

static double
gradient (int band, int col, int row, int w, int h)
{
  return col * 255.0 / (w - 1);
}

static double
red_flat (int band, int col, int row, int w, int h)
{
  return band == 1 ? 200 : 0;
}

/* Left half red, right half blue. */
static double
red_blue (int band, int col, int row, int w, int h)
{
  gboolean left = col < w / 2;

  return band == 1 ? (left ? 255 : 0) : band == 3 ? (left ? 0 : 255) : 0;
}

/* 100 with a nodata (0) square in the middle. */
static double
holed (int band, int col, int row, int w, int h)
{
  return (col >= w / 4 && col < 3 * w / 4 && row >= h / 4 && row < 3 * h / 4) ? 0 : 100;
}

/* Elevation: a plane z = 1000 + 2 col - 3 row (in pixels). */
static double
plane (int band, int col, int row, int w, int h)
{
  return 1000.0 + 2.0 * col - 3.0 * row;
}

/* A round hill 500 m high in the middle (sigma w / 20 pixels). */
static double
hill (int band, int col, int row, int w, int h)
{
  double dx = col - w / 2.0, dy = row - h / 2.0, r = w / 20.0;

  return 1000.0 + 500.0 * exp (-(dx * dx + dy * dy) / (2 * r * r));
}

/* ------------------------------------------------------------------ */
/* Drawing                                                            */

static RaMap *
map_in (int epsg)
{
  RaMap *map = ra_map_new ();
  g_autoptr(RaCrs) crs = ra_crs_new_from_epsg (epsg, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (ra_map_set_crs (map, crs, &error));
  g_assert_no_error (error);
  return map;
}

static RaLayer *
add_raster (RaMap *map, const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RaLayer) layer = ra_raster_open_layer (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (layer);
  g_assert_true (ra_map_add_layer (map, layer, &error));
  g_assert_no_error (error);
  return layer;  /* the map holds it */
}

static RaRaster *
layer_raster (RaLayer *layer)
{
  return RA_RASTER (ra_layer_get_raster (layer));
}

/* Draws map for a view fitting bbox (NULL: the map's extent) at w x h on a
 * white image, with both cores. */
static cairo_surface_t *
draw (RaMap *map, const RaBBox *bbox, int w, int h, RaView *view_out)
{
  g_autoptr(RaMapSnapshot) snap = ra_map_snapshot_new (map);
  cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  RaBBox extent;
  RaView view;

  if (bbox == NULL)
    {
      g_assert_true (ra_map_get_extent (map, TRUE, &extent));
      bbox = &extent;
    }
  ra_view_init (&view, w, h);
  ra_view_fit_bbox (&view, bbox, 0);
  g_assert_true (ra_renderer_draw_image (snap, &view, NULL, img, NULL, NULL));
  if (view_out != NULL)
    *view_out = view;
  return img;
}

static void
pixel (cairo_surface_t *img, int x, int y, int *r, int *g, int *b)
{
  guint32 v;

  cairo_surface_flush (img);
  v = *(guint32 *) (cairo_image_surface_get_data (img) + y * cairo_image_surface_get_stride (img) + 4 * x);
  *r = (v >> 16) & 0xff;
  *g = (v >> 8) & 0xff;
  *b = v & 0xff;
}

/* The device pixel of map point (x, y) in crs_from's coordinates. */
static void
device_of (const RaView *view, int epsg_from, int epsg_map, double x, double y, int *px, int *py)
{
  g_autoptr(RaCrs) from = ra_crs_new_from_epsg (epsg_from, NULL);
  g_autoptr(RaCrs) to = ra_crs_new_from_epsg (epsg_map, NULL);
  g_autoptr(RaTransform) t = ra_transform_new (from, to, NULL);
  double dx, dy;

  g_assert_true (ra_transform_point (t, &x, &y));
  ra_view_to_device (view, x, y, &dx, &dy);
  *px = (int) floor (dx);
  *py = (int) floor (dy);
}

/* ------------------------------------------------------------------ */
/* Tests                                                              */

static char *gradient_path;

static void
test_open_facts (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RaRaster) r = ra_raster_open (gradient_path, &error);
  RaBBox e;
  int w, h;

  g_assert_no_error (error);
  g_assert_cmpint (ra_raster_get_width (r), ==, 2000);
  g_assert_cmpint (ra_raster_get_height (r), ==, 2000);
  g_assert_cmpint (ra_raster_get_n_bands (r), ==, 1);
  g_assert_cmpint (ra_raster_get_kind (r), ==, RA_RASTER_GREY);
  g_assert_cmpint (ra_crs_get_epsg (ra_raster_get_crs (r)), ==, 4326);
  g_assert_cmpuint (ra_raster_get_n_overviews (r), ==, 3);
  ra_raster_get_overview_size (r, 1, &w, &h);
  g_assert_cmpint (w, ==, 500);
  ra_raster_get_extent (r, &e);
  g_assert_cmpfloat_with_epsilon (e.x0, 100.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (e.y1, 39.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (e.x1, 101.0, 1e-9);
  g_assert_true (ra_raster_path_is_raster (gradient_path));
}

static void
test_open_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *junk = g_build_filename (tmpdir, "junk.tif", NULL);
  g_autofree char *nocrs = NULL;
  RaRaster *r;

  r = ra_raster_open ("/nonexistent/dem.tif", &error);
  g_assert_null (r);
  g_assert_error (error, RA_ERROR, RA_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "dem.tif"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (junk, "II*\0garbage, not a tiff at all", 30, NULL));
  r = ra_raster_open (junk, &error);
  g_assert_null (r);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "junk.tif"));
  g_clear_error (&error);

  nocrs = make_tiff ("nocrs.tif", 0, 10, 10, 1, FALSE, 0, 10, 1, gradient, NULL, FALSE, NULL);
  r = ra_raster_open (nocrs, &error);
  g_assert_null (r);
  g_assert_error (error, RA_ERROR, RA_ERROR_CRS);
  g_assert_nonnull (strstr (error->message, "nocrs.tif"));
}

/* The full extent at 500 px reads the 500 px overview; 1:1 reads the
 * full resolution; the grey ramp runs from dark (west) to light (east). */
static void
test_render_gradient_overview (void)
{
  g_autoptr(RaMap) map = map_in (4326);
  RaLayer *layer = add_raster (map, gradient_path);
  RaRaster *raster = layer_raster (layer);
  g_autoptr(cairo_surface_t) img = NULL;
  RaRasterStats st;
  RaBBox zoom = { 100.2, 38.8, 100.2 + 0.05, 38.8 + 0.05 };
  int r, g, b;

  img = draw (map, NULL, 500, 500, NULL);
  ra_raster_get_stats (raster, &st);
  g_assert_cmpint (st.last_overview, ==, 1);
  g_assert_cmpuint (st.n_warps, >, 0);
  /* Never more source pixels than about the view's (tiles overhang). */
  g_assert_cmpuint (st.source_pixels, <=, (guint64) 4 * 768 * 768);
  pixel (img, 5, 250, &r, &g, &b);
  g_assert_cmpint (r, <, 20);
  g_assert_cmpint (r, ==, b);
  pixel (img, 494, 250, &r, &g, &b);
  g_assert_cmpint (r, >, 235);
  pixel (img, 250, 250, &r, &g, &b);
  g_assert_cmpint (ABS (r - 128), <, 8);

  /* 0.05° in 500 px is finer than the raster's 0.0005°: full resolution. */
  ra_raster_reset_stats (raster);
  g_clear_pointer (&img, cairo_surface_destroy);
  img = draw (map, &zoom, 500, 500, NULL);
  ra_raster_get_stats (raster, &st);
  g_assert_cmpint (st.last_overview, ==, -1);
  pixel (img, 250, 250, &r, &g, &b);
  /* Column 450 of 2000 (100.225°): 450 * 255 / 1999. */
  g_assert_cmpint (ABS (r - 57), <=, 2);
}

/* Panning by whole pixels reuses the tiles already warped. */
static void
test_render_pan_cache (void)
{
  g_autoptr(RaMap) map = map_in (4326);
  RaRaster *raster = layer_raster (add_raster (map, gradient_path));
  g_autoptr(RaMapSnapshot) snap = ra_map_snapshot_new (map);
  g_autoptr(cairo_surface_t) img = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 600, 400);
  RaBBox box = { 100.3, 38.3, 100.6, 38.5 };
  RaRasterStats first, second;
  RaView view;

  ra_view_init (&view, 600, 400);
  ra_view_fit_bbox (&view, &box, 0);
  ra_raster_reset_stats (raster);
  g_assert_true (ra_renderer_draw_image (snap, &view, NULL, img, NULL, NULL));
  ra_raster_get_stats (raster, &first);
  ra_view_pan_px (&view, 40, -25);
  g_assert_true (ra_renderer_draw_image (snap, &view, NULL, img, NULL, NULL));
  ra_raster_get_stats (raster, &second);
  g_assert_cmpuint (first.n_warps, >=, 6);
  /* At most a new row and column of tiles. */
  g_assert_cmpuint (second.n_warps - first.n_warps, <=, 6);
  g_assert_cmpuint (second.n_cache_hits, >=, first.n_warps - 2);
}

static RaLayer *
square_layer (int epsg, double x0, double y0, double x1, double y1)
{
  g_autoptr(RaCrs) crs = ra_crs_new_from_epsg (epsg, NULL);
  RaLayer *layer = ra_layer_new ("square", RA_GEOM_POLYGON, crs);
  RaGeometry *g = ra_geometry_new (RA_GEOM_POLYGON, 4, 1);
  g_autoptr(RaStyle) style = NULL;
  double xy[] = { x0, y0, x1, y0, x1, y1, x0, y1 };

  memcpy (g->xy, xy, sizeof xy);
  g->parts[0] = 0;
  g->parts[1] = 4;
  ra_geometry_update_bbox (g);
  ra_layer_add_feature (layer, 0, g, NULL);
  style = ra_style_copy (ra_layer_get_style (layer));
  style->fill = (RaColor) { 1, 0, 0, 1 };
  style->stroke = (RaColor) { 0, 0, 0, 0 };
  ra_layer_set_style (layer, style);
  return layer;
}

/* A vector polygon added after the raster is drawn over it; opacity 0.5
 * blends the raster halfway to the white page. */
static void
test_render_under_vector_opacity (void)
{
  g_autofree char *red = make_tiff ("red.tif", 4326, 100, 100, 3, FALSE, 100, 39, 0.01,
                                    red_flat, NULL, FALSE, NULL);
  g_autoptr(RaMap) map = map_in (4326);
  RaLayer *rl = add_raster (map, red);
  g_autoptr(RaLayer) sq = square_layer (4326, 100.4, 38.4, 100.6, 38.6);
  g_autoptr(cairo_surface_t) img = NULL;
  g_autoptr(GError) error = NULL;
  RaBBox box = { 100, 38, 101, 39 };
  int r, g, b;

  g_assert_true (ra_map_add_layer (map, sq, &error));
  img = draw (map, &box, 400, 400, NULL);
  pixel (img, 200, 200, &r, &g, &b);   /* inside the square */
  g_assert_cmpint (r, ==, 255);
  g_assert_cmpint (g, ==, 0);
  pixel (img, 50, 50, &r, &g, &b);     /* the raster */
  g_assert_cmpint (ABS (r - 200), <=, 1);
  g_assert_cmpint (g, ==, 0);
  g_assert_cmpint (b, ==, 0);

  ra_layer_set_opacity (rl, 0.5);
  g_clear_pointer (&img, cairo_surface_destroy);
  img = draw (map, &box, 400, 400, NULL);
  pixel (img, 50, 50, &r, &g, &b);
  g_assert_cmpint (ABS (r - 228), <=, 2);   /* (255 + 200) / 2 */
  g_assert_cmpint (ABS (g - 128), <=, 2);   /* (255 + 0) / 2 */
  pixel (img, 200, 200, &r, &g, &b);
  g_assert_cmpint (r, ==, 255);
  g_assert_cmpint (g, ==, 0);
}

static void
test_render_nodata (void)
{
  double nodata = 0;
  g_autofree char *path = make_tiff ("holed.tif", 4326, 200, 200, 1, FALSE, 100, 39, 0.005,
                                     holed, &nodata, FALSE, NULL);
  g_autoptr(RaMap) map = map_in (4326);
  g_autoptr(cairo_surface_t) img = NULL;
  RaBBox box = { 100, 38, 101, 39 };
  int r, g, b;

  add_raster (map, path);
  img = draw (map, &box, 400, 400, NULL);
  pixel (img, 200, 200, &r, &g, &b);      /* the hole: the white page */
  g_assert_cmpint (r, ==, 255);
  g_assert_cmpint (g, ==, 255);
  g_assert_cmpint (b, ==, 255);
  pixel (img, 20, 20, &r, &g, &b);        /* 100 everywhere else: one value, mid grey or black */
  g_assert_cmpint (r, <, 200);
  g_assert_cmpint (r, ==, b);
}

/* A raster in CGCS2000 / GK CM 114E drawn in a lon/lat map: the red half
 * lands west of the blue half where PROJ puts them. */
static void
test_render_reprojected (void)
{
  /* 20 km square around (500000, 3400000), 100 m pixels. */
  g_autofree char *path = make_tiff ("gk.tif", 4547, 200, 200, 3, FALSE, 490000, 3410000, 100,
                                     red_blue, NULL, FALSE, NULL);
  g_autoptr(RaMap) map = map_in (4326);
  g_autoptr(cairo_surface_t) img = NULL;
  RaView view;
  int px, py, r, g, b;

  add_raster (map, path);
  img = draw (map, NULL, 400, 400, &view);
  device_of (&view, 4547, 4326, 495000, 3400000, &px, &py);
  pixel (img, px, py, &r, &g, &b);
  g_assert_cmpint (r, >, 240);
  g_assert_cmpint (b, <, 15);
  device_of (&view, 4547, 4326, 505000, 3400000, &px, &py);
  pixel (img, px, py, &r, &g, &b);
  g_assert_cmpint (b, >, 240);
  g_assert_cmpint (r, <, 15);
  /* Outside the footprint (the map's corner holds the rotated square's
   * edge): transparent, the page shows. */
  device_of (&view, 4547, 4326, 490000 - 1500, 3410000 + 1500, &px, &py);
  if (px >= 0 && py >= 0 && px < 400 && py < 400)
    {
      pixel (img, px, py, &r, &g, &b);
      g_assert_cmpint (g, ==, 255);
    }
}

/* Left half opaque green, right half alpha 0. */
static double
half_alpha (int band, int col, int row, int w, int h)
{
  return band == 2 ? 180 : band == 4 ? (col < w / 2 ? 255 : 0) : 0;
}

/* A colour table (index 1 orange, 2 purple) and an RGBA image whose
 * alpha band hides half of it; a raster layer has no features to pick. */
static void
test_render_palette_rgba (void)
{
  g_autofree char *pal = g_build_filename (tmpdir, "palette.tif", NULL);
  g_autofree char *rgba = make_tiff ("rgba.tif", 4326, 100, 100, 4, FALSE, 100, 39, 0.01,
                                     half_alpha, NULL, FALSE, NULL);
  g_autoptr(RaMap) map = map_in (4326);
  g_autoptr(RaMap) map2 = map_in (4326);
  g_autoptr(cairo_surface_t) img = NULL;
  g_autoptr(GArray) hits = NULL;
  RaBBox box = { 100, 38, 101, 39 };
  RaLayer *layer;
  int r, g, b;

  {
    GDALDatasetH ds = GDALCreate (GDALGetDriverByName ("GTiff"), pal, 100, 100, 1, GDT_Byte, NULL);
    double gt[6] = { 100, 0.01, 0, 39, 0, -0.01 };
    GDALColorTableH ct = GDALCreateColorTable (GPI_RGB);
    GDALColorEntry orange = { 255, 140, 0, 255 }, purple = { 120, 0, 160, 255 };
    OGRSpatialReferenceH srs = OSRNewSpatialReference (NULL);
    char *wkt = NULL;
    guint8 row[100];

    OSRImportFromEPSG (srs, 4326);
    OSRExportToWkt (srs, &wkt);
    GDALSetProjection (ds, wkt);
    CPLFree (wkt);
    OSRDestroySpatialReference (srs);
    GDALSetGeoTransform (ds, gt);
    GDALSetColorEntry (ct, 1, &orange);
    GDALSetColorEntry (ct, 2, &purple);
    GDALSetRasterColorTable (GDALGetRasterBand (ds, 1), ct);
    GDALSetRasterColorInterpretation (GDALGetRasterBand (ds, 1), GCI_PaletteIndex);
    for (int c = 0; c < 100; c++)
      row[c] = c < 50 ? 1 : 2;
    for (int rr = 0; rr < 100; rr++)
      g_assert_cmpint (GDALRasterIO (GDALGetRasterBand (ds, 1), GF_Write, 0, rr, 100, 1, row, 100, 1,
                                     GDT_Byte, 0, 0), ==, CE_None);
    GDALDestroyColorTable (ct);
    GDALClose (ds);
  }
  layer = add_raster (map, pal);
  g_assert_cmpint (ra_raster_get_kind (layer_raster (layer)), ==, RA_RASTER_PALETTE);
  hits = ra_layer_find_features_at (layer, 100.5, 38.5, 0.1);
  g_assert_cmpuint (hits->len, ==, 0);
  g_assert_cmpint (ra_layer_get_kind (layer), ==, RA_GEOM_NONE);
  img = draw (map, &box, 200, 200, NULL);
  pixel (img, 50, 100, &r, &g, &b);
  g_assert_cmpint (r, ==, 255);
  g_assert_cmpint (g, ==, 140);
  pixel (img, 150, 100, &r, &g, &b);
  g_assert_cmpint (r, ==, 120);
  g_assert_cmpint (b, ==, 160);

  layer = add_raster (map2, rgba);
  g_assert_cmpint (ra_raster_get_kind (layer_raster (layer)), ==, RA_RASTER_RGBA);
  g_clear_pointer (&img, cairo_surface_destroy);
  img = draw (map2, &box, 200, 200, NULL);
  pixel (img, 50, 100, &r, &g, &b);
  g_assert_cmpint (g, ==, 180);
  g_assert_cmpint (r, ==, 0);
  pixel (img, 150, 100, &r, &g, &b);     /* alpha 0: the page */
  g_assert_cmpint (r, ==, 255);
  g_assert_cmpint (g, ==, 255);
}

static gboolean
file_contains (const char *path, const char *needle)
{
  g_autofree char *text = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &text, &len, NULL));
  /* PDF streams hold NUL bytes: no str* search. */
  for (gsize i = 0; i + strlen (needle) <= len; i++)
    if (memcmp (text + i, needle, strlen (needle)) == 0)
      return TRUE;
  return FALSE;
}

static void
test_export_pdf_svg (void)
{
  g_autofree char *red = make_tiff ("red2.tif", 4326, 100, 100, 3, FALSE, 100, 39, 0.01,
                                    red_flat, NULL, FALSE, NULL);
  g_autofree char *pdf = g_build_filename (tmpdir, "map.pdf", NULL);
  g_autofree char *svg = g_build_filename (tmpdir, "map.svg", NULL);
  g_autoptr(RaMap) map = map_in (4326);
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autoptr(GError) error = NULL;
  RaBBox box = { 100, 38, 101, 39 };
  RaView view;

  add_raster (map, red);
  snap = ra_map_snapshot_new (map);
  ra_view_init (&view, 300, 300);
  ra_view_fit_bbox (&view, &box, 0);
  g_assert_true (ra_renderer_render_to_file (snap, &view, NULL, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (ra_renderer_render_to_file (snap, &view, NULL, svg, &error));
  g_assert_no_error (error);
  g_assert_true (file_contains (pdf, "/Subtype /Image"));
  g_assert_true (file_contains (svg, "<image"));
}

static char *
make_hill (void)
{
  return make_tiff ("hill.tif", 4547, 300, 300, 1, TRUE, 485000, 3415000, 100, hill, NULL,
                    FALSE, NULL);
}

/* GDAL's light comes from the north-west: the south-east slope is the
 * darker; the hillshade file is made once, in the cache dir. */
static void
test_dem_hillshade (void)
{
  g_autofree char *path = make_hill ();
  g_autofree char *cache = g_build_filename (tmpdir, "cache", "reclaim-atlas", "dem", NULL);
  g_autoptr(RaMap) map = map_in (4547);
  RaRaster *raster = layer_raster (add_raster (map, path));
  g_autoptr(cairo_surface_t) img = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  RaView view;
  int px, py, nw, se, r, g, b;
  guint n_tifs = 0;
  const char *name;

  g_assert_true (ra_raster_set_shading (raster, RA_RASTER_SHADE_HILLSHADE, &error));
  g_assert_no_error (error);
  img = draw (map, NULL, 300, 300, &view);
  /* The hill's centre is (500000, 3400000), sigma 1.5 km: its steepest
   * slopes about 1.4 km out. */
  device_of (&view, 4547, 4547, 500000 - 1000, 3400000 + 1000, &px, &py);
  pixel (img, px, py, &nw, &g, &b);
  device_of (&view, 4547, 4547, 500000 + 1000, 3400000 - 1000, &px, &py);
  pixel (img, px, py, &se, &g, &b);
  g_assert_cmpint (se + 40, <, nw);
  g_assert_cmpint (se, ==, b);

  dir = g_dir_open (cache, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    n_tifs += g_str_has_suffix (name, "-hillshade.tif");
  g_assert_cmpuint (n_tifs, ==, 1);

  /* The tint: colour, still darker on the shadowed slope. */
  g_assert_true (ra_raster_set_shading (raster, RA_RASTER_SHADE_TINTED, &error));
  g_assert_no_error (error);
  g_clear_pointer (&img, cairo_surface_destroy);
  img = draw (map, NULL, 300, 300, &view);
  device_of (&view, 4547, 4547, 490000, 3390000, &px, &py);
  pixel (img, px, py, &r, &g, &b);
  g_assert_cmpint (g, >, b + 20);   /* lowland green */

  /* An RGB raster cannot be shaded. */
  {
    g_autofree char *red = make_tiff ("red3.tif", 4326, 10, 10, 3, FALSE, 100, 39, 0.01,
                                      red_flat, NULL, FALSE, NULL);
    g_autoptr(RaRaster) rgb = ra_raster_open (red, NULL);

    g_assert_false (ra_raster_set_shading (rgb, RA_RASTER_SHADE_HILLSHADE, &error));
    g_assert_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT);
  }
}

typedef struct {
  GError  *error;
  gboolean done;
} ShadeResult;

static void
on_shaded (GObject *source, GAsyncResult *result, gpointer data)
{
  ShadeResult *res = data;

  ra_raster_set_shading_finish (RA_RASTER (source), result, &res->error);
  res->done = TRUE;
}

/* The app's way: the hillshade made in a worker; the result on the main
 * context, the shading then in force. */
static void
test_dem_hillshade_async (void)
{
  g_autofree char *path = make_tiff ("hill2.tif", 4547, 200, 200, 1, TRUE, 490000, 3410000, 100,
                                     hill, NULL, FALSE, NULL);
  g_autoptr(RaRaster) r = ra_raster_open (path, NULL);
  ShadeResult res = { NULL, FALSE };

  ra_raster_set_shading_async (r, RA_RASTER_SHADE_TINTED, NULL, on_shaded, &res);
  while (!res.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (res.error);
  g_assert_cmpint (ra_raster_get_shading (r), ==, RA_RASTER_SHADE_TINTED);
}

/* Bilinear interpolation is exact on a plane. */
static void
test_dem_sample_plane (void)
{
  g_autofree char *path = make_tiff ("plane.tif", 4547, 100, 100, 1, TRUE, 500000, 3400000, 10,
                                     plane, NULL, FALSE, NULL);
  g_autoptr(RaRaster) r = ra_raster_open (path, NULL);
  g_autoptr(RaCrs) ll = ra_crs_new_from_epsg (4326, NULL);
  g_autoptr(RaCrs) gk = ra_crs_new_from_epsg (4547, NULL);
  g_autoptr(RaTransform) t = ra_transform_new (gk, ll, NULL);
  g_autoptr(GError) error = NULL;
  double pts[][2] = { { 500123.4, 3399876.5 }, { 500555.5, 3399500.25 }, { 500002, 3399998 } };
  double z, lon, lat;

  for (guint i = 0; i < G_N_ELEMENTS (pts); i++)
    {
      /* Pixel centre (col + 0.5, row + 0.5) holds 1000 + 2 col - 3 row. */
      double col = (pts[i][0] - 500000) / 10 - 0.5, row = (3400000 - pts[i][1]) / 10 - 0.5;
      double want = 1000 + 2 * col - 3 * row;

      if (i == 2)
        want = 1000;   /* within half a pixel of the corner: clamped to pixel (0, 0) */
      g_assert_true (ra_raster_sample_elevation (r, pts[i][0], pts[i][1], NULL, &z, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat_with_epsilon (z, want, 1e-6);

      /* The same point asked in lon/lat. */
      lon = pts[i][0];
      lat = pts[i][1];
      g_assert_true (ra_transform_point (t, &lon, &lat));
      g_assert_true (ra_raster_sample_elevation (r, lon, lat, ll, &z, &error));
      g_assert_cmpfloat_with_epsilon (z, want, 1e-3);
    }
  g_assert_false (ra_raster_sample_elevation (r, 400000, 3400000, NULL, &z, &error));
  g_assert_error (error, RA_ERROR, RA_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "plane.tif"));
}

static void
test_attribution (void)
{
  g_autofree char *path = make_tiff ("credited.tif", 4326, 10, 10, 1, FALSE, 100, 39, 0.1,
                                     gradient, NULL, FALSE, "© Synthetic Survey 2024");
  g_autofree char *side = make_tiff ("sidecar.tif", 4326, 10, 10, 1, FALSE, 100, 39, 0.1,
                                     gradient, NULL, FALSE, NULL);
  g_autofree char *side_txt = g_strconcat (side, ".attribution.txt", NULL);
  g_autoptr(RaLayer) layer = ra_raster_open_layer (path, NULL);
  g_autoptr(RaLayer) layer2 = NULL;
  g_autoptr(RaMap) map = map_in (4326);
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (ra_layer_get_attribution (layer), ==, "© Synthetic Survey 2024");
  g_assert_true (g_file_set_contents (side_txt, "Tiles © Example\nsecond line\n", -1, NULL));
  layer2 = ra_raster_open_layer (side, NULL);
  g_assert_cmpstr (ra_layer_get_attribution (layer2), ==, "Tiles © Example");
  g_assert_true (ra_map_add_layer (map, layer, &error));
  snap = ra_map_snapshot_new (map);
  g_assert_cmpstr (ra_map_snapshot_get_layer_attribution (snap, 0), ==, "© Synthetic Survey 2024");
  g_assert_nonnull (ra_map_snapshot_get_layer_raster (snap, 0));
}

/* The print layout's data-source line credits the raster. */
static void
test_layout_attribution (void)
{
  g_autofree char *path = make_tiff ("credited2.tif", 4326, 50, 50, 3, FALSE, 100, 39, 0.02,
                                     red_flat, NULL, FALSE, "Synthetic Survey 2024");
  g_autofree char *pdf = g_build_filename (tmpdir, "layout.pdf", NULL);
  g_autofree char *text = NULL;
  g_autoptr(RaMap) map = map_in (4326);
  g_autoptr(RaLayer) sq = square_layer (4326, 100.4, 38.4, 100.6, 38.6);
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autoptr(RaLayout) layout = ra_layout_new_default (RA_PAGE_A4, TRUE, "Data sources: tests.");
  g_autoptr(GError) error = NULL;
  RaLayoutContext ctx = { 0 };
  RaExportOptions opts;
  const char *argv[] = { "pdftotext", pdf, "-", NULL };

  add_raster (map, path);
  g_assert_true (ra_map_add_layer (map, sq, &error));
  snap = ra_map_snapshot_new (map);
  ctx.snapshot = snap;
  ra_export_options_init (&opts);
  g_assert_true (ra_export_layout (layout, &ctx, &opts, pdf, NULL, NULL, &error));
  g_assert_no_error (error);
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &text, NULL, NULL, NULL))
    {
      g_test_skip ("pdftotext is not installed");
      return;
    }
  g_assert_nonnull (strstr (text, "Data sources: tests."));
  g_assert_nonnull (strstr (text, "Synthetic Survey 2024"));
}

static int
run_cli (char **out, char **err, const char *first, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  va_list ap;
  int wait_status = 0;

  g_ptr_array_add (argv, (gpointer) RA_CLI_PATH);
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err,
                &wait_status, &error);
  g_assert_no_error (error);
  return WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

/* info describes the raster; render draws it under a GeoJSON polygon. */
static void
test_cli_info_render (void)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *geojson = g_build_filename (tmpdir, "square.geojson", NULL);
  g_autofree char *png = g_build_filename (tmpdir, "cli.png", NULL);
  g_autofree char *junk = g_build_filename (tmpdir, "broken.tif", NULL);
  g_autoptr(cairo_surface_t) img = NULL;
  int r, g, b;

  g_assert_cmpint (run_cli (&out, &err, "info", gradient_path, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "2000 x 2000 pixels, 1 band(s)"));
  g_assert_nonnull (strstr (out, "EPSG:4326"));
  g_assert_nonnull (strstr (out, "Overviews: 1000x1000, 500x500, 250x250"));
  g_assert_nonnull (strstr (out, "Extent: 100, 38, 101, 39"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_true (g_file_set_contents (geojson,
    "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[100.4,38.4],[100.6,38.4],"
    "[100.6,38.6],[100.4,38.6],[100.4,38.4]]]}}]}", -1, NULL));
  g_assert_cmpint (run_cli (&out, &err, "render", gradient_path, geojson, "--out", png,
                            "--size", "400x400", "--crs", "EPSG:4326", "--margin", "0",
                            "--style-fill", "#ff0000", "--no-labels", NULL), ==, 0);
  img = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (img), ==, CAIRO_STATUS_SUCCESS);
  pixel (img, 200, 200, &r, &g, &b);     /* the polygon, over the raster */
  g_assert_cmpint (r, ==, 255);
  g_assert_cmpint (g, ==, 0);
  pixel (img, 10, 200, &r, &g, &b);      /* the dark west of the gradient */
  g_assert_cmpint (r, <, 20);
  pixel (img, 390, 200, &r, &g, &b);     /* the light east */
  g_assert_cmpint (r, >, 235);
  g_assert_cmpint (r, ==, b);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A DEM in degrees as a hillshade (GDAL's scale for degrees): the
   * south-east slope of the hill is the darker. */
  {
    g_autofree char *dem = make_tiff ("hill-ll.tif", 4326, 300, 300, 1, TRUE, 100, 39, 0.001,
                                      hill, NULL, FALSE, NULL);
    g_autofree char *shaded = g_build_filename (tmpdir, "shaded.png", NULL);
    int nw, se;

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (&out, &err, "render", dem, "--out", shaded, "--size", "300x300",
                              "--margin", "0", "--crs", "EPSG:4326", "--hillshade", NULL), ==, 0);
    g_clear_pointer (&img, cairo_surface_destroy);
    img = cairo_image_surface_create_from_png (shaded);
    /* 10 px = 10 DEM pixels (1.1 km) NW and SE of the centre, where the
     * slope is about 10°: about 209 and 146 (without the scale for
     * degrees the slopes would be cliffs: black and white). */
    pixel (img, 140, 140, &nw, &g, &b);
    pixel (img, 160, 160, &se, &g, &b);
    g_assert_cmpint (se + 40, <, nw);
    g_assert_cmpint (se, >, 100);
    g_assert_cmpint (nw, <, 240);
  }

  /* A damaged raster: exit 1, one line naming the file. */
  g_assert_true (g_file_set_contents (junk, "not a tiff", -1, NULL));
  g_assert_cmpint (run_cli (&out, &err, "info", junk, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "broken.tif"));
  g_assert_nonnull (strstr (err, "raster"));
}

/* A 256 px PNG of one colour (cairo), for a tile folder. */
static void
write_tile (const char *dir, int z, int x, int y, double r, double g, double b)
{
  g_autofree char *zx = g_strdup_printf ("%s/%d/%d", dir, z, x);
  g_autofree char *file = g_strdup_printf ("%s/%d.png", zx, y);
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 256, 256);
  cairo_t *cr = cairo_create (s);

  g_assert_cmpint (g_mkdir_with_parents (zx, 0755), ==, 0);
  cairo_set_source_rgb (cr, r, g, b);
  cairo_paint (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (s, file), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (s);
}

/* Basemap sources: the 天地图 key goes into the connection only, a bad or
 * missing one is said; an XYZ folder is drawn through GDAL's WMS driver
 * (file://, no network): red tiles west, blue east at zoom 1. */
static void
test_basemap (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conn = NULL;
  g_autofree char *dir = g_build_filename (tmpdir, "tiles", NULL);
  g_autofree char *source = g_strconcat ("xyz:", dir, NULL);
  g_autoptr(RaRaster) raster = NULL;
  g_autoptr(RaMap) map = NULL;
  g_autoptr(RaLayer) layer = NULL;
  cairo_surface_t *img;
  RaBBox world = { -20037508.34, -20037508.34, 20037508.34, 20037508.34 };
  int r, g, b;

  g_assert_true (ra_basemap_is_source ("tianditu:vec_w"));
  g_assert_true (ra_basemap_is_source ("osm:standard"));
  g_assert_false (ra_basemap_is_source ("tianditu:nope"));
  g_assert_false (ra_basemap_is_source ("/data/dem.tif"));

  g_assert_null (ra_basemap_connection ("tianditu:vec_w", NULL, &error));
  g_assert_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "key"));
  g_clear_error (&error);
  g_assert_null (ra_basemap_connection ("tianditu:vec_w", "abc'; DROP", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  conn = ra_basemap_connection ("tianditu:img_w", "0123456789abcdef0123456789ABCDEF", &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (conn, "T=img_w&amp;"));
  g_assert_nonnull (strstr (conn, "tk=0123456789abcdef0123456789ABCDEF"));
  g_assert_nonnull (strstr (conn, "<Projection>EPSG:3857</Projection>"));
  /* Messages name the service, never the key. */
  {
    g_autofree char *name = ra_path_display_name (conn);

    g_assert_null (strstr (name, "0123456789abcdef"));
    g_assert_nonnull (strstr (name, "https://t0.tianditu.gov.cn/DataServer"));
  }
  g_clear_pointer (&conn, g_free);
  conn = ra_basemap_connection ("xyz:https://t.example/{z}/{x}/{y}.png", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (conn, "https://t.example/${z}/${x}/${y}.png"));
  g_clear_pointer (&conn, g_free);
  g_assert_null (ra_basemap_connection ("xyz:ftp://t.example/tiles", NULL, &error));
  g_assert_nonnull (strstr (error->message, "ftp://"));
  g_clear_error (&error);
  g_assert_null (ra_basemap_connection (source, NULL, &error));   /* no folder yet */
  g_assert_error (error, RA_ERROR, RA_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_nonnull (ra_basemap_attribution ("osm:standard"));

  write_tile (dir, 0, 0, 0, 0, 1, 0);
  write_tile (dir, 1, 0, 0, 1, 0, 0);
  write_tile (dir, 1, 0, 1, 1, 0, 0);
  write_tile (dir, 1, 1, 0, 0, 0, 1);
  write_tile (dir, 1, 1, 1, 0, 0, 1);
  conn = ra_basemap_connection (source, NULL, &error);
  g_assert_no_error (error);
  raster = ra_raster_open (conn, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ra_raster_get_width (raster), ==, 512);    /* zoom 1 */
  layer = ra_raster_new_layer (raster);
  map = map_in (3857);
  g_assert_true (ra_map_add_layer (map, layer, &error));
  img = draw (map, &world, 512, 512, NULL);
  pixel (img, 128, 256, &r, &g, &b);
  g_assert_cmpint (r, >, 200);
  g_assert_cmpint (b, <, 50);
  pixel (img, 384, 256, &r, &g, &b);
  g_assert_cmpint (b, >, 200);
  g_assert_cmpint (r, <, 50);
  cairo_surface_destroy (img);
}

static char *
pdf_text (const char *pdf)
{
  g_autofree char *quoted = g_shell_quote (pdf);
  g_autofree char *cmd = g_strdup_printf ("pdftotext -layout %s -", quoted);
  char *text = NULL;
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (cmd, &text, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return text;
}

/* The CLI's figure has the layers the app keeps on the project's map: a
 * DEM with its hillshade (its credit printed, an image in the PDF); an
 * online basemap is left out with a warning; the atlas ends with each
 * plant's pipeline profile over that DEM. */
static void
test_cli_export_kept (void)
{
  g_autofree char *project = g_build_filename (tmpdir, "kept.sqlite", NULL);
  g_autofree char *pdf = g_build_filename (tmpdir, "kept.pdf", NULL);
  g_autofree char *atlas = g_build_filename (tmpdir, "kept-atlas.pdf", NULL);
  g_autofree char *dem = make_tiff ("zy-dem.tif", 4326, 600, 400, 1, TRUE, 97.0, 40.0, 0.01,
                                    hill, NULL, FALSE, "Illustrative hill, not real terrain");
  g_autofree char *out = NULL, *err = NULL, *text = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) ra_app_layer_free);
  g_autoptr(GError) error = NULL;
  RaAppLayer *l;

  g_assert_cmpint (run_cli (&out, &err, "sample", "zhangye", project, NULL), ==, 0);
  {
    g_autoptr(RaStore) store = ra_store_open (project, 0, &error);

    g_assert_no_error (error);
    l = g_new0 (RaAppLayer, 1);
    l->name = g_strdup ("Terrain");
    l->source = g_strdup (dem);
    l->visible = TRUE;
    l->opacity = 1.0;
    l->style_json = ra_app_layer_raster_style ("hillshade");
    g_ptr_array_add (records, l);
    l = g_new0 (RaAppLayer, 1);
    l->name = g_strdup ("Tianditu vector map");
    l->source = g_strdup ("tianditu:vec_w");
    l->visible = TRUE;
    l->opacity = 1.0;
    l->style_json = ra_app_layer_raster_style ("none");
    g_ptr_array_add (records, l);
    g_assert_true (ra_store_save_app_layers (store, records, &error));
    g_assert_no_error (error);
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, "export", project, "--year", "2030", "--out", pdf, NULL),
                   ==, 0);
  g_assert_nonnull (strstr (err, "Tianditu vector map"));
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "Illustrative hill, not real terrain"));
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (&out, &err, "export", project, "--year", "2030", "--atlas", "--out",
                            atlas, NULL), ==, 0);
  text = pdf_text (atlas);
  /* The profile pages: "S1 甘州区污水处理厂 → U…" over the hill. */
  g_assert_nonnull (strstr (text, "→"));
  g_assert_nonnull (strstr (text, "Hydraulic grade line"));
  g_assert_null (strstr (text, "ground taken as flat"));
}

int
main (int argc, char **argv)
{
  g_autofree char *cache = NULL;
  int status;

  tmpdir = g_dir_make_tmp ("ra-raster-XXXXXX", NULL);
  cache = g_build_filename (tmpdir, "cache", NULL);
  /* Before GLib reads it: the hillshade goes into the test's own cache. */
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();
  gradient_path = make_tiff ("gradient.tif", 4326, 2000, 2000, 1, FALSE, 100, 39, 0.0005,
                             gradient, NULL, TRUE, NULL);

  g_test_add_func ("/raster/open/facts", test_open_facts);
  g_test_add_func ("/raster/open/errors", test_open_errors);
  g_test_add_func ("/raster/render/gradient-overview", test_render_gradient_overview);
  g_test_add_func ("/raster/render/pan-cache", test_render_pan_cache);
  g_test_add_func ("/raster/render/under-vector-opacity", test_render_under_vector_opacity);
  g_test_add_func ("/raster/render/nodata", test_render_nodata);
  g_test_add_func ("/raster/render/reprojected", test_render_reprojected);
  g_test_add_func ("/raster/render/palette-rgba", test_render_palette_rgba);
  g_test_add_func ("/raster/export/pdf-svg", test_export_pdf_svg);
  g_test_add_func ("/raster/dem/hillshade", test_dem_hillshade);
  g_test_add_func ("/raster/dem/sample-plane", test_dem_sample_plane);
  g_test_add_func ("/raster/dem/hillshade-async", test_dem_hillshade_async);
  g_test_add_func ("/raster/attribution", test_attribution);
  g_test_add_func ("/raster/cli/info-render", test_cli_info_render);
  g_test_add_func ("/raster/layout/attribution", test_layout_attribution);
  g_test_add_func ("/raster/basemap", test_basemap);
  g_test_add_func ("/raster/cli/export-kept", test_cli_export_kept);
  status = g_test_run ();
  g_free (gradient_path);
  if (status == 0)
    {
      g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
      (void) !system (cmd);
    }
  g_free (tmpdir);
  return status;
}
