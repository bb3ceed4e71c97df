/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The streamed render (issue 20: the command line's one-shot render reads,
 * transforms, draws and drops each feature, ra-source-stream.h and
 * ra_map_snapshot_add_stream) draws the same picture as the in-memory path
 * the app uses (a loaded RaLayer with its spatial index), for polygons
 * with holes, lines and points, in the source CRS and reprojected, the
 * whole layer and a window of it (the spatial filter), with more vertices
 * than the stream draws at once; and the command line gives the same PNG
 * either way (RA_RENDER_STREAM=0 forces the in-memory path); a shapefile
 * read by shapelib and a GeoPackage read by SQLite and SpatiaLite draw what
 * OGR's features draw; a GeoPackage read in SQLite windows draws what it
 * drew before. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "ra-source-stream.h"
#include "ra-sqlite-readahead.h"
#include "render-test-util.h"

/* At most this share of the pixels may differ by more than this much in
 * some channel (antialiasing rounding; the paths give identical pictures
 * today). */
#define MAX_DIFF_SHARE 0.0005
#define DIFF_THRESHOLD 16

static char *tmp_dir;

/* A deterministic pseudo-random number in [0, 1). */
static double
rnd (guint32 *state)
{
  *state = *state * 1664525u + 1013904223u;
  return (*state >> 8) / 16777216.0;
}

/* Writes a GeoPackage layer of kind (wkbPolygon, wkbLineString, wkbPoint)
 * in EPSG:4326 around China: n features, each of about n_vertices. */
static char *
make_layer (const char *driver, const char *ext, const char *name, OGRwkbGeometryType type,
            guint n, guint n_vertices)
{
  g_autofree char *file = g_strdup_printf ("%s.%s", name, ext);
  char *path = g_build_filename (tmp_dir, file, NULL);
  GDALDriverH drv = GDALGetDriverByName (driver);
  GDALDatasetH ds;
  OGRSpatialReferenceH srs = OSRNewSpatialReference (NULL);
  OGRLayerH layer;
  guint32 state = 12345u + (guint32) type;

  g_assert_nonnull (drv);
  OSRImportFromEPSG (srs, 4326);
  OSRSetAxisMappingStrategy (srs, OAMS_TRADITIONAL_GIS_ORDER);
  ds = GDALCreate (drv, path, 0, 0, 0, GDT_Unknown, NULL);
  g_assert_nonnull (ds);
  layer = GDALDatasetCreateLayer (ds, name, srs, type, NULL);
  g_assert_nonnull (layer);
  {
    OGRFieldDefnH fd = OGR_Fld_Create ("name", OFTString);
    OGR_L_CreateField (layer, fd, TRUE);
    OGR_Fld_Destroy (fd);
  }
  g_assert_cmpint (OGR_L_StartTransaction (layer), ==, OGRERR_NONE);
  for (guint i = 0; i < n; i++)
    {
      OGRFeatureH f = OGR_F_Create (OGR_L_GetLayerDefn (layer));
      OGRwkbGeometryType flat = wkbFlatten (type);
      OGRGeometryH g = OGR_G_CreateGeometry (flat == wkbMultiPolygon ? wkbPolygon
                                             : flat == wkbMultiLineString ? wkbLineString : flat);
      double cx = 75.0 + 55.0 * rnd (&state), cy = 20.0 + 28.0 * rnd (&state);
      double r = 0.3 + 1.5 * rnd (&state);
      g_autofree char *label = g_strdup_printf ("f%u", i);

      if (flat == wkbPoint)
        OGR_G_SetPoint_2D (g, 0, cx, cy);
      else if (flat == wkbLineString || flat == wkbMultiLineString)
        {
          double x = cx, y = cy;

          for (guint k = 0; k < n_vertices; k++)
            {
              x += (rnd (&state) - 0.45) * r * 0.1;
              y += (rnd (&state) - 0.5) * r * 0.1;
              OGR_G_AddPoint_2D (g, x, y);
            }
        }
      else
        {
          /* A wiggly ring with a hole in the middle of every other one. */
          for (int ring = 0; ring < (i % 2 ? 2 : 1); ring++)
            {
              OGRGeometryH lr = OGR_G_CreateGeometry (wkbLinearRing);
              double rr = ring == 0 ? r : r * 0.35;

              for (guint k = 0; k < n_vertices; k++)
                {
                  double a = 2.0 * G_PI * k / n_vertices * (ring == 0 ? 1.0 : -1.0);
                  double rad = rr * (1.0 + 0.15 * sin (7.0 * a) + 0.05 * rnd (&state));

                  OGR_G_AddPoint_2D (lr, cx + rad * cos (a), cy + rad * sin (a));
                }
              OGR_G_CloseRings (lr);
              OGR_G_AddGeometryDirectly (g, lr);
            }
        }
      /* Multi kinds: the geometry, and every other one a second (a
       * triangle or a segment to its east); 3D ones: z 0. */
      if (flat == wkbMultiPolygon || flat == wkbMultiLineString)
        {
          OGRGeometryH multi = OGR_G_CreateGeometry (flat);

          OGR_G_AddGeometryDirectly (multi, g);
          if (i % 2 == 0)
            {
              OGRGeometryH extra = OGR_G_CreateGeometry (flat == wkbMultiPolygon ? wkbPolygon : wkbLineString);
              OGRGeometryH line = flat == wkbMultiPolygon ? OGR_G_CreateGeometry (wkbLinearRing) : extra;

              OGR_G_AddPoint_2D (line, cx + 2.0 * r, cy);
              OGR_G_AddPoint_2D (line, cx + 3.0 * r, cy + 0.5 * r);
              if (flat == wkbMultiPolygon)
                {
                  OGR_G_AddPoint_2D (line, cx + 2.0 * r, cy + r);
                  OGR_G_CloseRings (line);
                  OGR_G_AddGeometryDirectly (extra, line);
                }
              OGR_G_AddGeometryDirectly (multi, extra);
            }
          g = multi;
        }
      if (OGR_GT_HasZ (type))
        OGR_G_Set3D (g, TRUE);
      OGR_F_SetFieldString (f, 0, label);
      OGR_F_SetGeometryDirectly (f, g);
      g_assert_cmpint (OGR_L_CreateFeature (layer, f), ==, OGRERR_NONE);
      OGR_F_Destroy (f);
    }
  g_assert_cmpint (OGR_L_CommitTransaction (layer), ==, OGRERR_NONE);
  GDALClose (ds);
  OSRDestroySpatialReference (srs);
  return path;
}

static char *
make_gpkg (const char *name, OGRwkbGeometryType type, guint n, guint n_vertices)
{
  return make_layer ("GPKG", "gpkg", name, type, n, n_vertices);
}

static RaStyle *
test_style (RaGeomKind kind)
{
  RaStyle *style = ra_style_new_default (kind, 0);

  switch (kind)
    {
    case RA_GEOM_POLYGON:
      g_assert_true (ra_color_parse (&style->fill, "#f2e6c8"));
      g_assert_true (ra_color_parse (&style->stroke, "#505050"));
      style->stroke_width_px = 1.0;
      break;
    case RA_GEOM_LINE:
      g_assert_true (ra_color_parse (&style->stroke, "#1f5fbf"));
      style->stroke_width_px = 1.0;
      break;
    default:
      g_assert_true (ra_color_parse (&style->fill, "#d03020"));
      style->stroke = (RaColor) { 0, 0, 0, 0 };
      style->marker_size_px = 4.0;
      break;
    }
  return style;
}

static cairo_surface_t *
new_white_image (const RaView *view)
{
  cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, view->width, view->height);
  cairo_t *cr = cairo_create (img);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_destroy (cr);
  return img;
}

/* The app's way: the layer loaded for the view, in a map, drawn from a
 * snapshot (on both cores where there are two). */
static cairo_surface_t *
draw_in_memory (const char *path, RaCrs *crs, const RaView *view, RaGeomKind kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RaMap) map = ra_map_new ();
  g_autoptr(RaLayer) layer = NULL;
  g_autoptr(RaStyle) style = test_style (kind);
  g_autoptr(RaMapSnapshot) snap = NULL;
  RaRenderOptions opts;
  cairo_surface_t *img = new_white_image (view);

  g_assert_true (ra_map_set_crs (map, crs, &error));
  layer = ra_source_load_layer_for_view (path, NULL, RA_SOURCE_LOAD_NO_ATTRIBUTES, crs,
                                         view->resolution, NULL, &error);
  g_assert_no_error (error);
  ra_layer_set_style (layer, style);
  ra_layer_set_draw_resolution (layer, crs, view->resolution);
  g_assert_true (ra_map_add_layer (map, layer, &error));
  snap = ra_map_snapshot_new (map);
  ra_render_options_init (&opts);
  opts.draw_labels = FALSE;
  opts.draw_background = FALSE;
  g_assert_true (ra_renderer_draw_image (snap, view, &opts, img, NULL, NULL));
  return img;
}

/* An opened stream drawn with the test style of kind (no labels, no
 * background) and read to the end; *n_features: the features drawn. */
static cairo_surface_t *
draw_stream (RaSourceStream *stream, RaCrs *crs, const RaView *view, RaGeomKind kind,
             guint *n_features)
{
  g_autoptr(RaStyle) style = test_style (kind);
  g_autoptr(RaMapSnapshot) snap = ra_map_snapshot_new_empty (crs);
  RaRenderOptions opts;
  RaRenderStats stats = { 0 };
  cairo_surface_t *img = new_white_image (view);

  ra_map_snapshot_add_stream (snap, ra_source_stream_get_name (stream), kind, style, 1.0,
                              (RaFeatureNextFunc) ra_source_stream_next, stream);
  ra_render_options_init (&opts);
  opts.draw_labels = FALSE;
  opts.draw_background = FALSE;
  g_assert_true (ra_renderer_draw_image (snap, view, &opts, img, NULL, &stats));
  g_assert_null (ra_source_stream_next (stream));
  *n_features = stats.n_features;
  return img;
}

/* The one-shot way: the features streamed through the same passes. */
static cairo_surface_t *
draw_streamed (const char *path, RaCrs *crs, const RaView *view, RaGeomKind kind,
               gboolean prefetch, guint *n_features)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RaSourceStream) stream = NULL;
  cairo_surface_t *img;
  RaBBox box;

  ra_view_get_bbox (view, &box);
  stream = ra_source_stream_open (path, NULL, crs, &box, view->resolution, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ra_source_stream_get_kind (stream), ==, kind);
  ra_source_stream_set_prefetch (stream, prefetch);
  img = draw_stream (stream, crs, view, kind, n_features);
  /* Nothing to warn about. */
  g_assert_cmpuint (ra_source_stream_get_warnings (stream)->len, ==, 0);
  return img;
}

/* Share of pixels that differ by more than DIFF_THRESHOLD; *n_drawn: the
 * pixels of a that are not white (so an empty picture cannot pass). */
static double
diff_share (cairo_surface_t *a, cairo_surface_t *b, guint *n_drawn)
{
  int w = cairo_image_surface_get_width (a), h = cairo_image_surface_get_height (a);
  int sa = cairo_image_surface_get_stride (a), sb = cairo_image_surface_get_stride (b);
  const guchar *da, *db;
  guint n_diff = 0;

  cairo_surface_flush (a);
  cairo_surface_flush (b);
  da = cairo_image_surface_get_data (a);
  db = cairo_image_surface_get_data (b);
  *n_drawn = 0;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 pa = *(const guint32 *) (gconstpointer) (da + (gsize) y * sa + 4 * x);
        guint32 pb = *(const guint32 *) (gconstpointer) (db + (gsize) y * sb + 4 * x);
        int d = 0;

        for (int c = 0; c < 24; c += 8)
          d = MAX (d, ABS ((int) ((pa >> c) & 0xff) - (int) ((pb >> c) & 0xff)));
        if (d > DIFF_THRESHOLD)
          n_diff++;
        if ((pa & 0xffffff) != 0xffffff)
          (*n_drawn)++;
      }
  return (double) n_diff / ((double) w * h);
}

typedef struct {
  const char         *name;
  OGRwkbGeometryType  type;
  RaGeomKind          kind;
  guint               n, n_vertices;
  int                 epsg;      /* the map CRS */
  double              zoom;      /* 1: the whole layer; > 1: a window of it */
} Case;

static void
test_same_picture (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *path = make_gpkg (c->name, c->type, c->n, c->n_vertices);
  g_autoptr(RaCrs) crs = ra_crs_new_from_epsg (c->epsg, NULL);
  g_autoptr(RaCrs) lonlat = ra_crs_new_from_epsg (4326, NULL);
  g_autoptr(RaTransform) t = ra_transform_new (lonlat, crs, NULL);
  RaBBox ll = { 74.0, 18.0, 132.0, 50.0 }, box;
  RaView view;

  g_assert_nonnull (t);
  g_assert_true (ra_transform_bbox (t, &ll, &box));
  if (c->zoom > 1.0)
    {
      double cx = (box.x0 + box.x1) / 2.0, cy = (box.y0 + box.y1) / 2.0;
      double hw = (box.x1 - box.x0) / (2.0 * c->zoom), hh = (box.y1 - box.y0) / (2.0 * c->zoom);

      box = (RaBBox) { cx - hw, cy - hh, cx + hw, cy + hh };
    }
  ra_view_init (&view, 960, 540);
  ra_view_fit_bbox (&view, &box, 0.0);

  for (int prefetch = 0; prefetch <= 1; prefetch++)
    {
      g_autoptr(cairo_surface_t) mem = draw_in_memory (path, crs, &view, c->kind);
      guint n_features = 0, n_drawn = 0;
      g_autoptr(cairo_surface_t) streamed = draw_streamed (path, crs, &view, c->kind, prefetch,
                                                           &n_features);
      double share = diff_share (streamed, mem, &n_drawn);

      g_test_message ("%s EPSG:%d zoom %g prefetch %d: %u features drawn, %u pixels drawn, "
                      "%.5f differ", c->name, c->epsg, c->zoom, prefetch, n_features, n_drawn, share);
      g_assert_cmpuint (n_features, >, 0);
      g_assert_cmpuint (n_drawn, >, 960 * 540 / 100);
      g_assert_cmpfloat (share, <=, MAX_DIFF_SHARE);
      /* A window reads only what it shows (the spatial filter). */
      if (c->zoom > 1.0)
        g_assert_cmpuint (n_features, <, c->n);
    }
}

/* The whole command line either way: the same PNG. */
static void
test_cli_same_png (void)
{
  g_autofree char *path = make_gpkg ("cli_polys", wkbPolygon, 300, 400);
  g_autofree char *png_mem = g_build_filename (tmp_dir, "cli-mem.png", NULL);
  g_autofree char *png_stream = g_build_filename (tmp_dir, "cli-stream.png", NULL);
  const char *pngs[2] = { png_mem, png_stream };
  int w = 0, h = 0;

  for (int i = 0; i < 2; i++)
    {
      const char *argv[] = { RA_CLI_PATH, "render", path, "--out", pngs[i], "--size", "800x450",
                             "--crs", "EPSG:3857", "--bbox", "8237000,2273000,14695000,6106000",
                             "--margin", "0", "--no-labels", "--threads", i == 0 ? "2" : "1",
                             "--style-fill", "#f2e6c8", "--style-stroke", "#505050", NULL };
      g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "RA_RENDER_STREAM",
                                            i == 0 ? "0" : "1", TRUE);
      g_autofree char *err = NULL;
      g_autoptr(GError) error = NULL;
      int status = 0;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                                   NULL, &err, &status, &error));
      g_assert_no_error (error);
      if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
        g_error ("render failed: %s", err);
    }
  g_assert_cmpfloat (rt_image_diff_share (png_mem, png_stream, DIFF_THRESHOLD, &w, &h), <=,
                     MAX_DIFF_SHARE);
  g_assert_cmpint (w, ==, 800);
  g_assert_cmpint (h, ==, 450);
}

static void add_shapefile_oddities (const char *path);

/* One render by the command line: its stderr, and whether GDAL and PROJ
 * were loaded (ld.so's list of the files it loaded, LD_DEBUG=files).
 * light FALSE: with RA_RENDER_LIGHT=0, by the commands program. */
static void
cli_render (const char *in, const char *png, const char *crs, const char *bbox, gboolean light,
            char **err, gboolean *loaded_gdal, gboolean *loaded_proj)
{
  static guint n_runs;
  g_autofree char *log_name = g_strdup_printf ("ld-%u", n_runs++);
  g_autofree char *log = g_build_filename (tmp_dir, log_name, NULL);
  const char *argv[] = { RA_CLI_PATH, "render", in, "--out", png, "--size", "640x360",
                         "--crs", crs, "--bbox", bbox, "--margin", "0", "--no-labels",
                         "--style-fill", "#f2e6c8", "--style-stroke", "#505050", NULL };
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  int status = 0;

  env = g_environ_setenv (env, "LD_DEBUG", "files", TRUE);
  env = g_environ_setenv (env, "LD_DEBUG_OUTPUT", log, TRUE);
  env = light ? g_environ_unsetenv (env, "RA_RENDER_LIGHT") : g_environ_setenv (env, "RA_RENDER_LIGHT", "0", TRUE);
  /* The commands program reads GeoPackages with OGR then. */
  env = light ? g_environ_unsetenv (env, "RA_RENDER_GPKG") : g_environ_setenv (env, "RA_RENDER_GPKG", "0", TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, err, &status, &error));
  g_assert_no_error (error);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("render %s failed: %s", in, *err);
  /* ld.so writes LD_DEBUG_OUTPUT.PID; execv keeps the pid. */
  *loaded_gdal = *loaded_proj = FALSE;
  dir = g_dir_open (tmp_dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, log_name) && name[strlen (log_name)] == '.')
      {
        g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
        g_autofree char *text = NULL;

        g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
        g_assert_nonnull (strstr (text, "libcairo"));
        *loaded_gdal |= strstr (text, "libgdal.so") != NULL;
        *loaded_proj |= strstr (text, "libproj.so") != NULL;
        if (strstr (in, "_z.gpkg") != NULL)
          g_assert_nonnull (strstr (text, "libspatialite.so"));
        g_unlink (path);
      }
}

/* The command line draws a shapefile or a GeoPackage it shows whole
 * without loading GDAL (reclaim-atlas-cli-render), and gives the PNG and
 * the messages the commands program gives with OGR; a window of it is the
 * commands program's (GDAL loaded), with the same PNG either way.  The
 * render program loads PROJ only for data not in the map's CRS. */
static void
test_cli_light (void)
{
  g_autofree char *polys = make_layer ("ESRI Shapefile", "shp", "light_polys", wkbPolygon, 200, 200);
  g_autofree char *lines = make_layer ("ESRI Shapefile", "shp", "light_lines", wkbLineString, 500, 40);
  g_autofree char *gpkg = make_gpkg ("light_gpkg", wkbPolygon, 50, 100);
  /* 3D: read by SpatiaLite, which the render program loads for it */
  g_autofree char *gpkg_z = make_gpkg ("light_gpkg_z", wkbPolygon25D, 50, 100);
  g_autofree char *gk = g_build_filename (RA_RENDER_TEST_DIR, "..", "data", "counties-gk.shp", NULL);
  g_autofree char *gk_bbox = NULL;
  struct {
    const char *in, *crs;
    char *bbox;
    gboolean light, proj;
  } cases[] = {
    { polys, "EPSG:4326", g_strdup ("60,5,145,62"), TRUE, FALSE },
    { lines, "EPSG:3857", g_strdup ("6600000,550000,16200000,8900000"), TRUE, TRUE },
    { gk, "EPSG:4326", NULL, TRUE, TRUE },
    { polys, "EPSG:4326", g_strdup ("95,25,115,40"), FALSE, TRUE },   /* a window */
    { gpkg, "EPSG:4326", g_strdup ("60,5,145,62"), TRUE, FALSE },
    { gpkg, "EPSG:3857", g_strdup ("6600000,550000,16200000,8900000"), TRUE, TRUE },
    { gpkg, "EPSG:4326", g_strdup ("95,25,115,40"), FALSE, TRUE },    /* a window */
    /* (SpatiaLite, loaded for a 3D blob, links PROJ) */
    { gpkg_z, "EPSG:4326", g_strdup ("60,5,145,62"), TRUE, TRUE },
  };

  add_shapefile_oddities (polys);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RaLayer) layer = ra_source_load_layer (gk, NULL, NULL, &error);
    RaBBox ll;

    g_assert_no_error (error);
    g_assert_true (ra_layer_get_extent_lonlat (layer, &ll));
    cases[2].bbox = g_strdup_printf ("%.6f,%.6f,%.6f,%.6f", ll.x0 - 0.1, ll.y0 - 0.1, ll.x1 + 0.1, ll.y1 + 0.1);
  }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *png_a = g_strdup_printf ("%s/light-%u-a.png", tmp_dir, i);
      g_autofree char *png_b = g_strdup_printf ("%s/light-%u-b.png", tmp_dir, i);
      g_autofree char *err_a = NULL, *err_b = NULL, *bytes_a = NULL, *bytes_b = NULL;
      gboolean gdal_a = TRUE, gdal_b = FALSE, proj_a = FALSE, proj_b = FALSE;
      gsize len_a = 0, len_b = 0;

      cli_render (cases[i].in, png_a, cases[i].crs, cases[i].bbox, TRUE, &err_a, &gdal_a, &proj_a);
      cli_render (cases[i].in, png_b, cases[i].crs, cases[i].bbox, FALSE, &err_b, &gdal_b, &proj_b);
      g_test_message ("%s in %s: GDAL loaded %d, PROJ %d; messages: %s", cases[i].in, cases[i].crs,
                      gdal_a, proj_a, err_a);
#ifdef HAVE_LIGHT_RENDER
      g_assert_true (gdal_a == !cases[i].light);
      g_assert_true (proj_a == cases[i].proj);
#else
      g_assert_true (gdal_a && proj_a);
#endif
      g_assert_true (gdal_b && proj_b);
      g_assert_cmpstr (err_a, ==, err_b);
      g_assert_true (g_file_get_contents (png_a, &bytes_a, &len_a, NULL));
      g_assert_true (g_file_get_contents (png_b, &bytes_b, &len_b, NULL));
      g_assert_cmpuint (len_a, ==, len_b);
      g_assert_true (memcmp (bytes_a, bytes_b, len_a) == 0);
      if (i == 0)
        g_assert_nonnull (strstr (err_a, "1 feature has invalid geometry"));
      g_free (cases[i].bbox);
    }

  /* A render the render program cannot draw (no --crs, --bbox and
   * --no-labels) goes straight to the commands program. */
  {
    g_autofree char *log = g_build_filename (tmp_dir, "ld-plain", NULL);
    g_autofree char *png = g_build_filename (tmp_dir, "plain.png", NULL);
    const char *argv[] = { RA_CLI_PATH, "render", gpkg, "--out", png, "--size", "320x180", NULL };
    g_auto(GStrv) env = g_get_environ ();
    g_autoptr(GError) error = NULL;
    g_autoptr(GDir) dir = NULL;
    const char *name;
    gboolean seen = FALSE;
    int status = 0;

    env = g_environ_setenv (env, "LD_DEBUG", "files", TRUE);
    env = g_environ_setenv (env, "LD_DEBUG_OUTPUT", log, TRUE);
    env = g_environ_unsetenv (env, "RA_RENDER_LIGHT");
    g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                 NULL, NULL, NULL, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
    dir = g_dir_open (tmp_dir, 0, &error);
    g_assert_no_error (error);
    while ((name = g_dir_read_name (dir)) != NULL)
      if (g_str_has_prefix (name, "ld-plain."))
        {
          g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
          g_autofree char *text = NULL;

          g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
          /* two programs started (ld.so names each by its argv[0], which
           * execv keeps): the dispatcher and the commands program */
          {
            guint n_programs = 0;

            for (const char *at = text; (at = strstr (at, "initialize program:")) != NULL; at++)
              n_programs++;
            g_assert_cmpuint (n_programs, ==, 2);
          }
          g_assert_nonnull (strstr (text, "libgdal.so"));
          seen = TRUE;
          g_unlink (path);
        }
    g_assert_true (seen);
  }
}

/* A shapefile in a projected CRS (Gauss-Krüger) drawn in lon/lat. */
static void
test_shapefile_reprojected (void)
{
  g_autofree char *path = g_build_filename (RA_RENDER_TEST_DIR, "..", "data", "counties-gk.shp", NULL);
  g_autoptr(RaCrs) crs = ra_crs_new_from_epsg (4326, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RaLayer) layer = ra_source_load_layer (path, NULL, NULL, &error);
  RaBBox ll;
  RaView view;
  guint n_features = 0, n_drawn = 0;

  g_assert_no_error (error);
  g_assert_true (ra_layer_get_extent_lonlat (layer, &ll));
  ra_view_init (&view, 640, 480);
  ra_view_fit_bbox (&view, &ll, 10.0);
  {
    g_autoptr(cairo_surface_t) mem = draw_in_memory (path, crs, &view, RA_GEOM_POLYGON);
    g_autoptr(cairo_surface_t) streamed = draw_streamed (path, crs, &view, RA_GEOM_POLYGON, TRUE,
                                                         &n_features);

    g_assert_cmpfloat (diff_share (streamed, mem, &n_drawn), <=, MAX_DIFF_SHARE);
    g_assert_cmpuint (n_drawn, >, 640 * 480 / 100);
  }
}

/* How stream_picture_full opens: OGR (and shapelib for a shapefile);
 * without GDAL, ra_source_stream_open_shapefile or _open_geopackage. */
enum { STREAM_OGR, STREAM_SHAPEFILE, STREAM_GPKG };

/* A stream's picture, features drawn and warnings (joined); light: how it
 * is opened (above). */
static cairo_surface_t *
stream_picture_full (const char *path, RaCrs *crs, const RaView *view, RaGeomKind kind,
                     int light, gboolean *shapelib, guint *n_features, char **warnings)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RaSourceStream) stream = NULL;
  g_autoptr(GString) w = g_string_new (NULL);
  GPtrArray *list;
  cairo_surface_t *img;
  RaBBox box;

  ra_view_get_bbox (view, &box);
  if (light == STREAM_SHAPEFILE)
    stream = ra_source_stream_open_shapefile (path, crs, &box, view->resolution);
  else if (light == STREAM_GPKG)
    stream = ra_source_stream_open_geopackage (path, crs, &box, view->resolution);
  else
    stream = ra_source_stream_open (path, NULL, crs, &box, view->resolution, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stream);
  *shapelib = ra_source_stream_uses_shapelib (stream);
  img = draw_stream (stream, crs, view, kind, n_features);
  list = ra_source_stream_get_warnings (stream);
  for (guint i = 0; i < list->len; i++)
    g_string_append_printf (w, "%s\n", (const char *) g_ptr_array_index (list, i));
  *warnings = g_string_free (g_steal_pointer (&w), FALSE);
  return img;
}

static cairo_surface_t *
stream_picture (const char *path, RaCrs *crs, const RaView *view, RaGeomKind kind,
                gboolean *shapelib, guint *n_features, char **warnings)
{
  return stream_picture_full (path, crs, view, kind, STREAM_OGR, shapelib, n_features, warnings);
}

/* Adds to a polygon layer a feature without geometry, with empty_polygon
 * one whose polygon is empty, and one whose only ring has two distinct
 * points (invalid). */
static void
add_oddities (OGRLayerH layer, gboolean empty_polygon)
{
  OGRFeatureH f = OGR_F_Create (OGR_L_GetLayerDefn (layer));
  OGRGeometryH poly, ring;

  g_assert_cmpint (OGR_L_CreateFeature (layer, f), ==, OGRERR_NONE);
  OGR_F_Destroy (f);
  if (empty_polygon)
    {
      f = OGR_F_Create (OGR_L_GetLayerDefn (layer));
      OGR_F_SetGeometryDirectly (f, OGR_G_CreateGeometry (wkbPolygon));
      g_assert_cmpint (OGR_L_CreateFeature (layer, f), ==, OGRERR_NONE);
      OGR_F_Destroy (f);
    }
  f = OGR_F_Create (OGR_L_GetLayerDefn (layer));
  poly = OGR_G_CreateGeometry (wkbPolygon);
  ring = OGR_G_CreateGeometry (wkbLinearRing);
  OGR_G_AddPoint_2D (ring, 100.0, 30.0);
  OGR_G_AddPoint_2D (ring, 101.0, 31.0);
  OGR_G_AddPoint_2D (ring, 100.0, 30.0);
  OGR_G_AddGeometryDirectly (poly, ring);
  OGR_F_SetGeometryDirectly (f, poly);
  g_assert_cmpint (OGR_L_CreateFeature (layer, f), ==, OGRERR_NONE);
  OGR_F_Destroy (f);
}

/* Adds to a polygon shapefile what OGR reads its own way: a feature
 * without geometry, one whose only ring has two distinct points (invalid)
 * and a record the .dbf marks deleted (kept by AUTO_REPACK=NO). */
static void
add_shapefile_oddities (const char *path)
{
  const char *open_options[] = { "AUTO_REPACK=NO", NULL };
  GDALDatasetH ds = GDALOpenEx (path, GDAL_OF_VECTOR | GDAL_OF_UPDATE, NULL, open_options, NULL);
  OGRLayerH layer;

  g_assert_nonnull (ds);
  layer = GDALDatasetGetLayer (ds, 0);
  add_oddities (layer, FALSE);
  g_assert_cmpint (OGR_L_DeleteFeature (layer, 5), ==, OGRERR_NONE);
  GDALClose (ds);
}

/* A shapefile read by shapelib draws what OGR's features draw, with the
 * same warnings: polygons with holes (and the oddities above), lines and
 * points; a window of it is read by OGR either way. */
static void
test_shapefile_shapelib (void)
{
  static const struct {
    const char *name;
    OGRwkbGeometryType type;
    RaGeomKind kind;
    guint n, n_vertices;
    double zoom;
  } cases[] = {
    { "shp_polys", wkbPolygon, RA_GEOM_POLYGON, 400, 300, 1.0 },
    { "shp_polys_window", wkbPolygon, RA_GEOM_POLYGON, 400, 300, 4.0 },
    { "shp_lines", wkbLineString, RA_GEOM_LINE, 1500, 60, 1.0 },
    { "shp_points", wkbPoint, RA_GEOM_POINT, 5000, 1, 1.0 },
  };
  g_autoptr(RaCrs) crs = ra_crs_new_from_epsg (4326, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = make_layer ("ESRI Shapefile", "shp", cases[i].name, cases[i].type,
                                          cases[i].n, cases[i].n_vertices);
      /* the whole layer (no spatial filter) at zoom 1 */
      RaBBox box = { 60.0, 5.0, 145.0, 62.0 };
      g_autofree char *w_shp = NULL, *w_ogr = NULL;
      gboolean used_shp = FALSE, used_ogr = TRUE;
      guint n_shp = 0, n_ogr = 0, n_drawn = 0;
      RaView view;

      if (cases[i].type == wkbPolygon)
        add_shapefile_oddities (path);
      if (cases[i].zoom > 1.0)
        {
          double cx = (box.x0 + box.x1) / 2.0, cy = (box.y0 + box.y1) / 2.0;
          double hw = (box.x1 - box.x0) / (2.0 * cases[i].zoom), hh = (box.y1 - box.y0) / (2.0 * cases[i].zoom);

          box = (RaBBox) { cx - hw, cy - hh, cx + hw, cy + hh };
        }
      ra_view_init (&view, 960, 540);
      ra_view_fit_bbox (&view, &box, 0.0);
      {
        g_autoptr(cairo_surface_t) mem = draw_in_memory (path, crs, &view, cases[i].kind);
        g_autoptr(cairo_surface_t) shp = stream_picture (path, crs, &view, cases[i].kind, &used_shp,
                                                         &n_shp, &w_shp);
        g_autoptr(cairo_surface_t) ogr = NULL;

        g_setenv ("RA_RENDER_SHAPELIB", "0", TRUE);
        ogr = stream_picture (path, crs, &view, cases[i].kind, &used_ogr, &n_ogr, &w_ogr);
        g_unsetenv ("RA_RENDER_SHAPELIB");
        g_test_message ("%s zoom %g: %u features by shapelib, %u by OGR; warnings: %s",
                        cases[i].name, cases[i].zoom, n_shp, n_ogr, w_shp);
#ifdef HAVE_SHAPELIB
        /* (a window of it is OGR's: its spatial index, exact filter) */
        g_assert_true (used_shp == (cases[i].zoom == 1.0));
#endif
        g_assert_false (used_ogr);
        g_assert_cmpfloat (diff_share (shp, ogr, &n_drawn), ==, 0.0);
        g_assert_cmpuint (n_drawn, >, 960 * 540 / 100);
        g_assert_cmpfloat (diff_share (shp, mem, &n_drawn), <=, MAX_DIFF_SHARE);
        g_assert_cmpstr (w_shp, ==, w_ogr);
        if (cases[i].type == wkbPolygon)
          g_assert_nonnull (strstr (w_shp, "1 feature has invalid geometry"));
#ifdef HAVE_SHAPELIB
        /* Without GDAL (the command line's light render): the same
         * picture and warnings for the whole layer; a window is not its. */
        if (cases[i].zoom == 1.0)
          {
            g_autofree char *w_light = NULL;
            gboolean used_light = FALSE;
            guint n_light = 0;
            g_autoptr(cairo_surface_t) light = stream_picture_full (path, crs, &view, cases[i].kind, STREAM_SHAPEFILE,
                                                                    &used_light, &n_light, &w_light);

            g_assert_true (used_light);
            g_assert_cmpuint (n_light, ==, n_shp);
            g_assert_cmpstr (w_light, ==, w_shp);
            g_assert_cmpfloat (diff_share (light, shp, &n_drawn), ==, 0.0);
          }
        else
          {
            RaBBox vb;

            ra_view_get_bbox (&view, &vb);
            g_assert_null (ra_source_stream_open_shapefile (path, crs, &vb, view.resolution));
          }
#endif
        if (cases[i].zoom > 1.0)
          g_assert_cmpuint (n_shp, <, cases[i].n - 1);
        else if (cases[i].type == wkbPolygon)
          /* every feature but the deleted one and the two added */
          g_assert_cmpuint (n_shp, ==, cases[i].n - 1);
        else
          g_assert_cmpuint (n_shp, ==, cases[i].n);
      }
    }
}

/* A shapefile whose .dbf has fewer records than the .shp is OGR's to read
 * (it reads as many features as the .dbf has records). */
static void
test_shapefile_dbf_fewer (void)
{
  g_autofree char *few = make_layer ("ESRI Shapefile", "shp", "shp_few", wkbPoint, 10, 1);
  g_autofree char *many = make_layer ("ESRI Shapefile", "shp", "shp_many", wkbPoint, 20, 1);
  g_autofree char *few_dbf = g_build_filename (tmp_dir, "shp_few.dbf", NULL);
  g_autofree char *many_dbf = g_build_filename (tmp_dir, "shp_many.dbf", NULL);
  g_autofree char *bytes = NULL;
  g_autofree char *w_default = NULL, *w_ogr = NULL;
  g_autoptr(RaCrs) crs = ra_crs_new_from_epsg (4326, NULL);
  g_autoptr(GError) error = NULL;
  RaBBox box = { 60.0, 5.0, 145.0, 62.0 };
  gboolean used = TRUE, used_ogr = TRUE;
  guint n = 0, n_ogr = 0, n_drawn = 0;
  gsize len = 0;
  RaView view;

  g_assert_true (g_file_get_contents (few_dbf, &bytes, &len, &error));
  g_assert_true (g_file_set_contents (many_dbf, bytes, (gssize) len, &error));
  ra_view_init (&view, 960, 540);
  ra_view_fit_bbox (&view, &box, 0.0);
  {
    g_autoptr(cairo_surface_t) a = stream_picture (many, crs, &view, RA_GEOM_POINT, &used, &n,
                                                   &w_default);
    g_autoptr(cairo_surface_t) b = NULL;

    g_setenv ("RA_RENDER_SHAPELIB", "0", TRUE);
    b = stream_picture (many, crs, &view, RA_GEOM_POINT, &used_ogr, &n_ogr, &w_ogr);
    g_unsetenv ("RA_RENDER_SHAPELIB");
    g_assert_false (used);
    g_assert_null (ra_source_stream_open_shapefile (many, crs, &box, view.resolution));
    g_assert_cmpuint (n, ==, n_ogr);
    g_assert_cmpstr (w_default, ==, w_ogr);
    g_assert_cmpfloat (diff_share (a, b, &n_drawn), ==, 0.0);
  }
}

/* Adds to a GeoPackage polygon layer what a reader must take care of: a
 * feature without geometry, an empty polygon, one whose only ring has two
 * distinct points (invalid) and, with corrupt, a geometry blob that is
 * none (a GeoPackage header, then bytes that are no WKB) and one that is
 * not even a header. */
static void
add_gpkg_oddities (const char *path, gboolean corrupt)
{
  GDALDatasetH ds = GDALOpenEx (path, GDAL_OF_VECTOR | GDAL_OF_UPDATE, NULL, NULL, NULL);
  OGRLayerH layer;

  g_assert_nonnull (ds);
  layer = GDALDatasetGetLayer (ds, 0);
  add_oddities (layer, TRUE);
  if (corrupt)
    {
      /* (through GDAL: the layer's triggers need its SQL functions) */
      g_autofree char *sql_a = g_strdup_printf ("UPDATE \"%s\" SET geom = X'47500001E6100000DEADBEEF0102' WHERE fid = 3",
                                                OGR_L_GetName (layer));
      g_autofree char *sql_b = g_strdup_printf ("UPDATE \"%s\" SET geom = X'0102' WHERE fid = 4",
                                                OGR_L_GetName (layer));

      GDALDatasetExecuteSQL (ds, sql_a, NULL, NULL);
      GDALDatasetExecuteSQL (ds, sql_b, NULL, NULL);
    }
  GDALClose (ds);
}

/* Warnings with the cause of the damage left out (" (...)" of a
 * "damaged:" line: GDAL words it, the SQLite reader its own way). */
static char *
warnings_without_cause (const char *warnings)
{
  g_auto(GStrv) lines = g_strsplit (warnings, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "damaged:") && strstr (lines[i], " (") != NULL)
      *strstr (lines[i], " (") = '\0';
  return g_strjoinv ("\n", lines);
}

/* A GeoPackage read with SQLite and SpatiaLite (no GDAL: the command
 * line's light render) draws what OGR's features draw, with the same
 * warnings: polygons with holes and the oddities above, lines, points,
 * multi kinds (read straight from the blob), 3D ones (read by
 * SpatiaLite) and a layer of any kind (GEOMETRY); a window of it, a file of
 * two layers or one without an EPSG CRS is OGR's. */
static void
test_gpkg_sqlite (void)
{
  static const struct {
    const char *name;
    OGRwkbGeometryType type;
    RaGeomKind kind;
    guint n, n_vertices;
    gboolean corrupt;
  } cases[] = {
    { "sq_polys", wkbPolygon, RA_GEOM_POLYGON, 400, 300, FALSE },
    { "sq_polys_corrupt", wkbPolygon, RA_GEOM_POLYGON, 50, 100, TRUE },
    { "sq_multipolys", wkbMultiPolygon, RA_GEOM_POLYGON, 300, 200, FALSE },
    { "sq_polys_z", wkbPolygon25D, RA_GEOM_POLYGON, 200, 200, FALSE },
    { "sq_lines", wkbLineString, RA_GEOM_LINE, 1500, 60, FALSE },
    { "sq_multilines_z", wkbMultiLineString25D, RA_GEOM_LINE, 800, 40, FALSE },
    { "sq_points", wkbPoint, RA_GEOM_POINT, 5000, 1, FALSE },
    { "sq_points_z", wkbPoint25D, RA_GEOM_POINT, 3000, 1, FALSE },
  };
  g_autoptr(RaCrs) crs = ra_crs_new_from_epsg (4326, NULL);
  g_autoptr(RaCrs) merc = ra_crs_new_from_epsg (3857, NULL);
  RaBBox box = { 60.0, 5.0, 145.0, 62.0 };
  RaView view;

  ra_view_init (&view, 960, 540);
  ra_view_fit_bbox (&view, &box, 0.0);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = make_gpkg (cases[i].name, cases[i].type, cases[i].n, cases[i].n_vertices);
      g_autofree char *w_sql = NULL, *w_ogr = NULL, *w_sql_plain = NULL, *w_ogr_plain = NULL;
      gboolean used = FALSE;
      guint n_sql = 0, n_ogr = 0, n_drawn = 0;
      g_autoptr(cairo_surface_t) sql = NULL;
      g_autoptr(cairo_surface_t) ogr = NULL;

      if (cases[i].kind == RA_GEOM_POLYGON)
        add_gpkg_oddities (path, cases[i].corrupt);
      sql = stream_picture_full (path, crs, &view, cases[i].kind, STREAM_GPKG, &used, &n_sql, &w_sql);
      ogr = stream_picture (path, crs, &view, cases[i].kind, &used, &n_ogr, &w_ogr);
      g_test_message ("%s: %u features by SQLite, %u by OGR; warnings: %s / %s",
                      cases[i].name, n_sql, n_ogr, w_sql, w_ogr);
      g_assert_cmpuint (n_sql, ==, n_ogr);
      g_assert_cmpfloat (diff_share (sql, ogr, &n_drawn), ==, 0.0);
      g_assert_cmpuint (n_drawn, >, 960 * 540 / 200);
      w_sql_plain = warnings_without_cause (w_sql);
      w_ogr_plain = warnings_without_cause (w_ogr);
      g_assert_cmpstr (w_sql_plain, ==, w_ogr_plain);
      if (cases[i].kind == RA_GEOM_POLYGON)
        g_assert_nonnull (strstr (w_sql, "1 feature has invalid geometry"));
      if (cases[i].corrupt)
        g_assert_nonnull (strstr (w_sql, "damaged: only"));
      else
        g_assert_null (strstr (w_sql, "damaged"));
    }

  /* A layer of any kind (GEOMETRY), as ogr2ogr makes of a GeoJSON that
   * mixes polygons and multi polygons: each feature of its own kind. */
  {
    static const char *wkts[] = {
      "POLYGON ((100 30,110 30,110 35,100 35,100 30),(102 31,104 31,104 33,102 31))",
      "MULTIPOLYGON (((80 40,85 40,85 45,80 40)),((86 40,90 40,90 44,86 40)))",
      "LINESTRING (75 20,130 48)",
      "MULTILINESTRING ((75 25,120 25),(75 26,120 27))",
      "POINT (115 40)",
      "MULTIPOINT ((116 41),(117 42))",
      "POINT Z (118 43 5)",
      "POLYGON Z ((120 20 1,125 20 1,125 25 1,120 20 1))",
      "GEOMETRYCOLLECTION (POLYGON ((90 20,95 20,95 25,90 20)),POINT (96 26))",
      "POLYGON EMPTY",
      NULL,
    };
    g_autofree char *path = g_build_filename (tmp_dir, "sq_mixed.gpkg", NULL);
    OGRSpatialReferenceH srs = OSRNewSpatialReference (NULL);
    g_autofree char *w_sql = NULL, *w_ogr = NULL;
    g_autoptr(cairo_surface_t) sql = NULL;
    g_autoptr(cairo_surface_t) ogr = NULL;
    gboolean used = FALSE;
    guint n_sql = 0, n_ogr = 0, n_drawn = 0;
    GDALDatasetH ds;
    OGRLayerH layer;

    OSRImportFromEPSG (srs, 4326);
    OSRSetAxisMappingStrategy (srs, OAMS_TRADITIONAL_GIS_ORDER);
    ds = GDALCreate (GDALGetDriverByName ("GPKG"), path, 0, 0, 0, GDT_Unknown, NULL);
    g_assert_nonnull (ds);
    layer = GDALDatasetCreateLayer (ds, "mixed", srs, wkbUnknown, NULL);
    g_assert_nonnull (layer);
    for (guint i = 0; i < G_N_ELEMENTS (wkts); i++)
      {
        OGRFeatureH f = OGR_F_Create (OGR_L_GetLayerDefn (layer));
        OGRGeometryH g = NULL;
        char *wkt = (char *) wkts[i];

        if (wkt != NULL)
          {
            g_assert_cmpint (OGR_G_CreateFromWkt (&wkt, NULL, &g), ==, OGRERR_NONE);
            OGR_F_SetGeometryDirectly (f, g);
          }
        g_assert_cmpint (OGR_L_CreateFeature (layer, f), ==, OGRERR_NONE);
        OGR_F_Destroy (f);
      }
    GDALClose (ds);
    OSRDestroySpatialReference (srs);
    sql = stream_picture_full (path, crs, &view, RA_GEOM_POLYGON, STREAM_GPKG, &used, &n_sql, &w_sql);
    ogr = stream_picture (path, crs, &view, RA_GEOM_POLYGON, &used, &n_ogr, &w_ogr);
    g_test_message ("sq_mixed: %u features by SQLite, %u by OGR; warnings: %s / %s", n_sql, n_ogr, w_sql, w_ogr);
    g_assert_cmpuint (n_sql, ==, 9);
    g_assert_cmpuint (n_sql, ==, n_ogr);
    g_assert_cmpstr (w_sql, ==, w_ogr);
    g_assert_cmpfloat (diff_share (sql, ogr, &n_drawn), ==, 0.0);
    g_assert_cmpuint (n_drawn, >, 960 * 540 / 200);
  }

  /* Reprojected: the same picture as OGR's. */
  {
    g_autofree char *path = g_build_filename (tmp_dir, "sq_lines.gpkg", NULL);
    g_autoptr(RaTransform) t = ra_transform_new (crs, merc, NULL);
    g_autofree char *w_sql = NULL, *w_ogr = NULL;
    g_autoptr(cairo_surface_t) sql = NULL;
    g_autoptr(cairo_surface_t) ogr = NULL;
    gboolean used = FALSE;
    guint n_sql = 0, n_ogr = 0, n_drawn = 0;
    RaBBox mbox;
    RaView mview;

    g_assert_true (ra_transform_bbox (t, &(RaBBox) { 60.0, 5.0, 145.0, 62.0 }, &mbox));
    ra_view_init (&mview, 800, 450);
    ra_view_fit_bbox (&mview, &mbox, 0.0);
    sql = stream_picture_full (path, merc, &mview, RA_GEOM_LINE, STREAM_GPKG, &used, &n_sql, &w_sql);
    ogr = stream_picture (path, merc, &mview, RA_GEOM_LINE, &used, &n_ogr, &w_ogr);
    g_assert_cmpuint (n_sql, ==, n_ogr);
    g_assert_cmpfloat (diff_share (sql, ogr, &n_drawn), ==, 0.0);
    g_assert_cmpuint (n_drawn, >, 800 * 450 / 200);
  }

  /* Not the SQLite reader's: a window, two layers, no EPSG CRS, and
   * RA_RENDER_GPKG=0. */
  {
    g_autofree char *path = g_build_filename (tmp_dir, "sq_points.gpkg", NULL);
    g_autofree char *two = make_gpkg ("sq_two", wkbPoint, 10, 1);
    g_autofree char *local = g_build_filename (tmp_dir, "sq_local.gpkg", NULL);
    RaBBox window = { 100.0, 30.0, 110.0, 35.0 };
    GDALDatasetH ds;
    OGRSpatialReferenceH srs = OSRNewSpatialReference (NULL);
    RaSourceStream *ok;

    ok = ra_source_stream_open_geopackage (path, crs, &box, view.resolution);
    g_assert_nonnull (ok);
    ra_source_stream_free (ok);
    g_assert_null (ra_source_stream_open_geopackage (path, crs, &window, view.resolution));
    g_setenv ("RA_RENDER_GPKG", "0", TRUE);
    g_assert_null (ra_source_stream_open_geopackage (path, crs, &box, view.resolution));
    g_unsetenv ("RA_RENDER_GPKG");

    ds = GDALOpenEx (two, GDAL_OF_VECTOR | GDAL_OF_UPDATE, NULL, NULL, NULL);
    g_assert_nonnull (ds);
    OSRImportFromEPSG (srs, 4326);
    g_assert_nonnull (GDALDatasetCreateLayer (ds, "second", srs, wkbPoint, NULL));
    GDALClose (ds);
    g_assert_null (ra_source_stream_open_geopackage (two, crs, &box, view.resolution));

    /* a CRS of its own (no EPSG code) */
    ds = GDALCreate (GDALGetDriverByName ("GPKG"), local, 0, 0, 0, GDT_Unknown, NULL);
    g_assert_nonnull (ds);
    g_assert_cmpint (OSRImportFromProj4 (srs, "+proj=tmerc +lat_0=0 +lon_0=101.3 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs"),
                     ==, OGRERR_NONE);
    g_assert_nonnull (GDALDatasetCreateLayer (ds, "local", srs, wkbPoint, NULL));
    GDALClose (ds);
    g_assert_null (ra_source_stream_open_geopackage (local, crs, &box, view.resolution));
    OSRDestroySpatialReference (srs);
  }
}

/* A GeoPackage of large blobs read through SQLite's windows
 * (ra-sqlite-readahead.h) draws what it drew before.  The shim stays the
 * process's default VFS: the same-picture cases, which GLib runs after
 * this, read through it too. */
static void
test_gpkg_readahead (void)
{
  g_autofree char *path = make_gpkg ("big_blobs", wkbPolygon, 60, 6000);
  g_autoptr(RaCrs) crs = ra_crs_new_from_epsg (4326, NULL);
  RaBBox box = { 74.0, 18.0, 132.0, 50.0 };
  g_autofree char *w_before = NULL, *w_after = NULL;
  gboolean shapelib = FALSE;
  guint n_before = 0, n_after = 0, n_drawn = 0, windows;
  RaView view;
  g_autoptr(cairo_surface_t) before = NULL;
  g_autoptr(cairo_surface_t) after = NULL;

  ra_view_init (&view, 960, 540);
  ra_view_fit_bbox (&view, &box, 0.0);
  before = stream_picture (path, crs, &view, RA_GEOM_POLYGON, &shapelib, &n_before, &w_before);
  g_assert_cmpuint (ra_sqlite_readahead_n_windows (), ==, 0);
  g_assert_true (ra_sqlite_readahead_install ());
  after = stream_picture (path, crs, &view, RA_GEOM_POLYGON, &shapelib, &n_after, &w_after);
  windows = ra_sqlite_readahead_n_windows ();
  g_test_message ("%u features, %u windows of 64 KB", n_after, windows);
  /* 60 blobs of 96 KB: most of them read in windows */
  g_assert_cmpuint (windows, >=, 60);
  g_assert_cmpuint (n_after, ==, 60);
  g_assert_cmpuint (n_before, ==, n_after);
  g_assert_cmpstr (w_before, ==, w_after);
  g_assert_cmpfloat (diff_share (before, after, &n_drawn), ==, 0.0);
  g_assert_cmpuint (n_drawn, >, 960 * 540 / 100);
}

int
main (int argc, char **argv)
{
  /* More vertices than the stream draws at once (65,536 for lines and
   * points, 262,144 for polygons), so its pieces meet. */
  static const Case cases[] = {
    { "polys", wkbPolygon, RA_GEOM_POLYGON, 700, 500, 4326, 1.0 },
    { "polys_3857", wkbPolygon, RA_GEOM_POLYGON, 400, 500, 3857, 1.0 },
    { "polys_window", wkbPolygon, RA_GEOM_POLYGON, 400, 300, 4326, 4.0 },
    { "lines", wkbLineString, RA_GEOM_LINE, 3000, 60, 4326, 1.0 },
    { "lines_gk", wkbLineString, RA_GEOM_LINE, 1500, 60, 4544, 1.0 },
    { "points", wkbPoint, RA_GEOM_POINT, 70000, 1, 4326, 1.0 },
  };
  g_autofree char *dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  ra_core_init ();
  dir = rt_tmp_dir ();
  tmp_dir = dir;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/render/stream/same-picture/%s", cases[i].name);

      g_test_add_data_func (name, &cases[i], test_same_picture);
    }
  g_test_add_func ("/render/stream/shapefile-reprojected", test_shapefile_reprojected);
  g_test_add_func ("/render/stream/shapefile-shapelib", test_shapefile_shapelib);
  g_test_add_func ("/render/stream/shapefile-dbf-fewer", test_shapefile_dbf_fewer);
  g_test_add_func ("/render/stream/cli-same-png", test_cli_same_png);
  g_test_add_func ("/render/stream/cli-light", test_cli_light);
  g_test_add_func ("/render/stream/gpkg-readahead", test_gpkg_readahead);
  g_test_add_func ("/render/stream/gpkg-sqlite", test_gpkg_sqlite);
  status = g_test_run ();
  return status;
}
