/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <cairo.h>

#include "render-test-util.h"
#include "ra-legend.h"
#include "ra-png-writer.h"
#include "ra-threads.h"

#define GOLDEN_ZHANGYE RA_RENDER_TEST_DIR "/golden/zhangye-800x600.png"
#define PIXEL_THRESHOLD 48

typedef struct {
  char          *tmp;
  RaMap         *map;
  RaMapSnapshot *snap;
  RaView         view;
} Fixture;

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  g_autofree char *sample = rt_sample_path ();
  RaBBox extent;

  fx->tmp = rt_tmp_dir ();
  fx->map = rt_load_map (sample, "name_zh");
  fx->snap = ra_map_snapshot_new (fx->map);
  g_assert_true (ra_map_get_extent (fx->map, TRUE, &extent));
  ra_view_init (&fx->view, 800, 600);
  ra_view_fit_bbox (&fx->view, &extent, 12);
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  g_autoptr(GDir) dir = g_dir_open (fx->tmp, 0, NULL);
  const char *name;

  if (g_getenv ("RA_KEEP_TEST_OUTPUT") == NULL)
    {
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (fx->tmp, name, NULL);
          g_unlink (path);
        }
      g_rmdir (fx->tmp);
    }
  else
    g_test_message ("output kept in %s", fx->tmp);
  g_clear_pointer (&fx->snap, ra_map_snapshot_unref);
  g_clear_object (&fx->map);
  g_free (fx->tmp);
}

static char *
render (Fixture *fx, const char *name)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fx->tmp, name, NULL);

  g_assert_true (ra_renderer_render_to_file (fx->snap, &fx->view, NULL, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  return path;
}

/* Share of pixels in a PNG that are not (near) white: the map is drawn. */
static double
drawn_share (const char *png)
{
  g_autoptr(cairo_surface_t) s = cairo_image_surface_create_from_png (png);
  int w = cairo_image_surface_get_width (s), h = cairo_image_surface_get_height (s);
  int stride = cairo_image_surface_get_stride (s);
  const guint8 *d = cairo_image_surface_get_data (s);
  guint64 n = 0;

  g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const guint8 *p = d + y * stride + 4 * x;
        if (p[0] < 240 || p[1] < 240 || p[2] < 240)
          n++;
      }
  return (double) n / ((double) w * h);
}

static void
test_renderer_golden (Fixture *fx, gconstpointer data)
{
  g_autofree char *png = render (fx, "zhangye.png");
  double share;

  if (g_getenv ("RA_UPDATE_GOLDEN") != NULL)
    {
      g_autofree char *contents = NULL;
      gsize len;
      g_assert_true (g_file_get_contents (png, &contents, &len, NULL));
      g_assert_true (g_file_set_contents (GOLDEN_ZHANGYE, contents, len, NULL));
      g_test_message ("golden updated: %s", GOLDEN_ZHANGYE);
    }

  /* The six counties cover a good part of the frame. */
  g_assert_cmpfloat (drawn_share (png), >, 0.25);
  share = rt_image_diff_share (png, GOLDEN_ZHANGYE, PIXEL_THRESHOLD, NULL, NULL);
  g_test_message ("pixels differing from the golden: %.4f%%", 100 * share);
  g_assert_cmpfloat (share, <, 0.01);
}

static void
test_renderer_cancel (Fixture *fx, gconstpointer data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(cairo_surface_t) surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 600);
  g_autoptr(cairo_t) cr = cairo_create (surface);
  RaRenderStats stats = { 0 };

  g_assert_true (ra_renderer_draw_with_stats (fx->snap, &fx->view, NULL, cr, cancellable, &stats));
  g_assert_cmpuint (stats.n_features, ==, 6);
  g_assert_cmpuint (stats.n_vertices, >, 100);

  g_cancellable_cancel (cancellable);
  g_assert_false (ra_renderer_draw_with_stats (fx->snap, &fx->view, NULL, cr, cancellable, &stats));
  g_assert_cmpuint (stats.n_features, ==, 0);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
}

static void
check_labels_apart (GArray *boxes, const RaView *view)
{
  for (guint i = 0; i < boxes->len; i++)
    {
      const RaBBox *a = &g_array_index (boxes, RaBBox, i);

      g_assert_cmpfloat (a->x0, >=, 0);
      g_assert_cmpfloat (a->y0, >=, 0);
      g_assert_cmpfloat (a->x1, <=, view->width);
      g_assert_cmpfloat (a->y1, <=, view->height);
      g_assert_cmpfloat (a->x1 - a->x0, >, 10);
      for (guint j = i + 1; j < boxes->len; j++)
        {
          const RaBBox *b = &g_array_index (boxes, RaBBox, j);
          gboolean overlap = a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
          g_assert_false (overlap);
        }
    }
}

static void
test_renderer_labels (Fixture *fx, gconstpointer data)
{
  g_autoptr(cairo_surface_t) surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 600);
  g_autoptr(cairo_t) cr = cairo_create (surface);
  g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (RaBBox));
  RaRenderStats stats = { 0 };
  RaRenderOptions opts;

  ra_render_options_init (&opts);
  stats.label_boxes = boxes;
  g_assert_true (ra_renderer_draw_with_stats (fx->snap, &fx->view, &opts, cr, NULL, &stats));
  /* All six county names fit at this size. */
  g_assert_cmpuint (stats.n_labels, ==, 6);
  g_assert_cmpuint (boxes->len, ==, 6);
  check_labels_apart (boxes, &fx->view);

  /* Huge labels must collide: some are dropped, the rest stay apart.
   * (Labels that cannot fit inside their county go outside with a leader
   * line, so it takes bigger ones than it did.) */
  g_array_set_size (boxes, 0);
  opts.label_scale = 10.0;
  g_assert_true (ra_renderer_draw_with_stats (fx->snap, &fx->view, &opts, cr, NULL, &stats));
  g_assert_cmpuint (stats.n_labels, >=, 1);
  g_assert_cmpuint (stats.n_labels_skipped, >=, 1);
  g_assert_cmpuint (stats.n_labels + stats.n_labels_skipped, ==, 6);
  check_labels_apart (boxes, &fx->view);

  opts.draw_labels = FALSE;
  g_assert_true (ra_renderer_draw_with_stats (fx->snap, &fx->view, &opts, cr, NULL, &stats));
  g_assert_cmpuint (stats.n_labels, ==, 0);
}

/* Measures the drawn bar: the run of non-background pixels on a row
 * through the middle of the bar. */
static void
test_renderer_scalebar (Fixture *fx, gconstpointer data)
{
  RaCrs *crs = ra_map_snapshot_get_crs (fx->snap);
  const double max_widths[] = { 200, 150, 333, 90 };

  g_assert_nonnull (crs);
  g_assert_cmpint (ra_crs_get_epsg (crs), ==, 4542);

  for (guint k = 0; k < G_N_ELEMENTS (max_widths); k++)
    {
      g_autoptr(cairo_surface_t) surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 800, 600);
      g_autoptr(cairo_t) cr = cairo_create (surface);
      double meters, width_px, mantissa, drawn_m;
      const guint8 *d;
      int stride, first = -1, last = -1, row = 600 - 40 - 3;

      g_assert_true (ra_renderer_scalebar_length (&fx->view, crs, max_widths[k], &meters, &width_px));
      g_assert_cmpfloat (width_px, <=, max_widths[k]);
      g_assert_cmpfloat (width_px, >, max_widths[k] / 5.0 - 1e-9);
      mantissa = meters / pow (10, floor (log10 (meters)));
      g_assert_true (fabs (mantissa - 1) < 1e-9 || fabs (mantissa - 2) < 1e-9 || fabs (mantissa - 5) < 1e-9);

      /* Light blue background, so black and white segments both count. */
      cairo_set_source_rgb (cr, 0.6, 0.8, 1.0);
      cairo_paint (cr);
      ra_renderer_draw_scalebar (cr, &fx->view, crs, 20, 600 - 40, max_widths[k]);
      cairo_surface_flush (surface);
      d = cairo_image_surface_get_data (surface);
      stride = cairo_image_surface_get_stride (surface);
      for (int x = 0; x < 800; x++)
        {
          const guint8 *p = d + row * stride + 4 * x;
          gboolean bg = ABS (p[0] - 255) < 30 && ABS (p[1] - 204) < 30 && ABS (p[2] - 153) < 30;
          if (!bg)
            {
              if (first < 0)
                first = x;
              last = x;
            }
        }
      g_assert_cmpint (first, >=, 18);
      g_assert_cmpint (first, <=, 20);
      /* Nothing right of 20 + max width, the length label included: a
       * status bar as wide as that would cut it (issue 17). */
      for (int y = 0; y < 600; y++)
        for (int x = (int) ceil (20 + max_widths[k]) + 1; x < 800; x++)
          {
            const guint8 *p = d + y * stride + 4 * x;

            if (!(ABS (p[0] - 255) < 30 && ABS (p[1] - 204) < 30 && ABS (p[2] - 153) < 30))
              g_error ("max %.0f px: ink at x = %d, y = %d, past %.0f", max_widths[k], x, y,
                       20 + max_widths[k]);
          }
      /* The end pixels mix the black outline with the background: count
       * their coverage (red channel: background 153, black 0). */
      {
        double cov_first = (153.0 - d[row * stride + 4 * first + 2]) / 153.0;
        double cov_last = (153.0 - d[row * stride + 4 * last + 2]) / 153.0;
        double drawn_px = (last - first - 1) + CLAMP (cov_first, 0, 1) + CLAMP (cov_last, 0, 1);
        /* The 1 px outline is centred on the bar's ends: half a pixel each side. */
        drawn_px -= 1.0;
        drawn_m = drawn_px * fx->view.resolution * ra_crs_get_meters_per_unit (crs);
        g_test_message ("max %.0f px: %g m labelled, %.2f px drawn (%.2f expected), %.1f m measured",
                        max_widths[k], meters, drawn_px, width_px, drawn_m);
      }
      g_assert_cmpfloat (fabs (drawn_m - meters) / meters, <, 0.01);
    }
}

static void
test_renderer_vector_formats (Fixture *fx, gconstpointer data)
{
  g_autofree char *png = render (fx, "map.png");
  g_autofree char *pdf = render (fx, "map.pdf");
  g_autofree char *svg = render (fx, "map.svg");
  g_autofree char *pdf_prefix = g_build_filename (fx->tmp, "from-pdf", NULL);
  g_autofree char *pdf_png = g_build_filename (fx->tmp, "from-pdf.png", NULL);
  g_autofree char *svg_png = g_build_filename (fx->tmp, "from-svg.png", NULL);
  g_autofree char *fonts = NULL;
  int w = 0, h = 0;
  double share;

  /* A PDF page is px * 72/96 points, so 96 dpi gives back 800x600 pixels. */
  {
    const char *argv[] = { "pdftoppm", "-png", "-r", "96", "-singlefile", pdf, pdf_prefix, NULL };
    if (!rt_run_tool (argv, NULL))
      return;
  }
  share = rt_image_diff_share (png, pdf_png, PIXEL_THRESHOLD, &w, &h);
  g_test_message ("PDF vs PNG: %.3f%% pixels differ", 100 * share);
  g_assert_cmpint (w, ==, 800);
  g_assert_cmpint (h, ==, 600);
  g_assert_cmpfloat (share, <, 0.02);

  {
    const char *argv[] = { "pdffonts", pdf, NULL };
    if (!rt_run_tool (argv, &fonts))
      return;
  }
  g_test_message ("%s", fonts);
  g_assert_nonnull (strstr (fonts, "NotoSansCJK"));
  {
    /* The emb column of the Noto line says yes. */
    g_auto(GStrv) lines = g_strsplit (fonts, "\n", -1);
    gboolean embedded = FALSE;
    for (guint i = 0; lines[i]; i++)
      if (strstr (lines[i], "NotoSansCJK") && strstr (lines[i], " yes "))
        embedded = TRUE;
    g_assert_true (embedded);
  }

  {
    const char *argv[] = { "rsvg-convert", "-f", "png", "-o", svg_png, svg, NULL };
    if (!rt_run_tool (argv, NULL))
      return;
  }
  share = rt_image_diff_share (png, svg_png, PIXEL_THRESHOLD, &w, &h);
  g_test_message ("SVG vs PNG: %.3f%% pixels differ", 100 * share);
  g_assert_cmpfloat (share, <, 0.02);
}

static void
test_renderer_bad_file (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bad_ext = g_build_filename (fx->tmp, "map.bmp", NULL);
  g_autofree char *no_dir = g_build_filename (fx->tmp, "no-such-dir", "map.png", NULL);
  g_autofree char *no_dir_pdf = g_build_filename (fx->tmp, "no-such-dir", "map.pdf", NULL);

  g_assert_false (ra_renderer_render_to_file (fx->snap, &fx->view, NULL, bad_ext, &error));
  g_assert_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "map.bmp"));
  g_clear_error (&error);

  g_assert_false (ra_renderer_render_to_file (fx->snap, &fx->view, NULL, no_dir, &error));
  g_assert_error (error, RA_ERROR, RA_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "map.png"));
  g_clear_error (&error);

  g_assert_false (ra_renderer_render_to_file (fx->snap, &fx->view, NULL, no_dir_pdf, &error));
  g_assert_error (error, RA_ERROR, RA_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "map.pdf"));
}

/* Layer opacity blends the layer as a whole (shared borders are not darker). */
static void
test_renderer_opacity (Fixture *fx, gconstpointer data)
{
  g_autofree char *opaque = render (fx, "opaque.png");
  g_autofree char *faded = NULL;
  RaLayer *layer = ra_map_get_layer (fx->map, 0);

  ra_layer_set_opacity (layer, 0.3);
  g_clear_pointer (&fx->snap, ra_map_snapshot_unref);
  fx->snap = ra_map_snapshot_new (fx->map);
  faded = render (fx, "faded.png");
  g_assert_cmpfloat (rt_image_diff_share (opaque, faded, PIXEL_THRESHOLD, NULL, NULL), >, 0.05);

  ra_layer_set_visible (layer, FALSE);
  g_clear_pointer (&fx->snap, ra_map_snapshot_unref);
  fx->snap = ra_map_snapshot_new (fx->map);
  g_free (faded);
  faded = render (fx, "hidden.png");
  g_assert_cmpfloat (drawn_share (faded), <, 0.001);
}

static RaGeometry *
make_geometry (RaGeomKind kind, const double *xy, guint n_points, const guint *parts, guint n_parts)
{
  RaGeometry *g = ra_geometry_new (kind, n_points, n_parts);

  memcpy (g->xy, xy, sizeof (double) * 2 * n_points);
  memcpy (g->parts, parts, sizeof (guint) * (n_parts + 1));
  ra_geometry_update_bbox (g);
  return g;
}

static void
get_pixel (cairo_surface_t *s, int x, int y, int rgb[3])
{
  const guint8 *p = cairo_image_surface_get_data (s) + y * cairo_image_surface_get_stride (s) + 4 * x;

  rgb[0] = p[2];
  rgb[1] = p[1];
  rgb[2] = p[0];
}

#define assert_rgb(s, x, y, r, g, b) G_STMT_START {                                   \
    int px_[3];                                                                      \
    get_pixel ((s), (x), (y), px_);                                                  \
    if (ABS (px_[0] - (r)) > 10 || ABS (px_[1] - (g)) > 10 || ABS (px_[2] - (b)) > 10) \
      g_error ("pixel %d,%d is %d,%d,%d, expected %d,%d,%d", (x), (y),               \
               px_[0], px_[1], px_[2], (r), (g), (b));                               \
  } G_STMT_END

/* One layer holding a polygon with a hole, a line and a point (as DXF or
 * KML give): each feature is drawn by its own kind. */
static void
test_renderer_mixed_kinds (void)
{
  const double square[] = { -80, 20, -20, 20, -20, 80, -80, 80,   /* outer */
                            -60, 40, -40, 40, -40, 60, -60, 60 }; /* hole */
  const guint square_parts[] = { 0, 4, 8 };
  const double line[] = { 20, -50, 80, -50 };
  const guint line_parts[] = { 0, 2 };
  const double point[] = { 50, 50 };
  const guint point_parts[] = { 0, 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(RaCrs) crs = ra_crs_new_from_epsg (4542, &error);
  g_autoptr(RaLayer) layer = ra_layer_new ("mixed", RA_GEOM_POLYGON, NULL);
  g_autoptr(RaMap) map = ra_map_new ();
  g_autoptr(RaStyle) style = ra_style_new_default (RA_GEOM_POLYGON, 0);
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autoptr(cairo_surface_t) surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 200, 200);
  g_autoptr(cairo_t) cr = cairo_create (surface);
  RaView view = { 0, 0, 1, 200, 200, 96 };
  RaRenderStats stats = { 0 };

  g_assert_no_error (error);
  ra_layer_add_feature (layer, 1, make_geometry (RA_GEOM_POLYGON, square, 8, square_parts, 2), NULL);
  ra_layer_add_feature (layer, 2, make_geometry (RA_GEOM_LINE, line, 2, line_parts, 1), NULL);
  ra_layer_add_feature (layer, 3, make_geometry (RA_GEOM_POINT, point, 1, point_parts, 1), NULL);
  ra_color_parse (&style->fill, "#ff0000");
  ra_color_parse (&style->stroke, "#0000ff");
  style->stroke_width_px = 3;
  style->marker = RA_MARKER_SQUARE;
  style->marker_size_px = 20;
  ra_layer_set_style (layer, style);
  g_assert_true (ra_map_set_crs (map, crs, &error));
  g_assert_true (ra_map_add_layer (map, layer, &error));
  g_assert_no_error (error);
  snap = ra_map_snapshot_new (map);

  g_assert_true (ra_renderer_draw_with_stats (snap, &view, NULL, cr, NULL, &stats));
  cairo_surface_flush (surface);
  g_assert_cmpuint (stats.n_features, ==, 3);
  assert_rgb (surface, 30, 30, 255, 0, 0);     /* polygon fill */
  assert_rgb (surface, 50, 50, 255, 255, 255); /* the hole (EVEN_ODD) */
  assert_rgb (surface, 20, 50, 0, 0, 255);     /* polygon outline */
  assert_rgb (surface, 150, 150, 0, 0, 255);   /* the line, in the stroke colour */
  assert_rgb (surface, 150, 140, 255, 255, 255);
  assert_rgb (surface, 150, 50, 255, 0, 0);    /* square marker fill */
  assert_rgb (surface, 140, 50, 0, 0, 255);    /* its outline */
  assert_rgb (surface, 147, 43, 255, 0, 0);    /* a corner only a square covers */
  assert_rgb (surface, 150, 75, 255, 255, 255);
}

/* A cased line (pipelines): the casing shows on both sides of the stroke
 * over a dark fill; the style text keeps it. */
static void
test_renderer_cased_line (void)
{
  const double square[] = { -100, -100, 100, -100, 100, 100, -100, 100 };
  const guint square_parts[] = { 0, 4 };
  const double line[] = { -80, 0, 80, 0 };
  const guint line_parts[] = { 0, 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(RaCrs) crs = ra_crs_new_from_epsg (4542, &error);
  g_autoptr(RaLayer) fill = ra_layer_new ("fill", RA_GEOM_POLYGON, NULL);
  g_autoptr(RaLayer) pipes = ra_layer_new ("pipes", RA_GEOM_LINE, NULL);
  g_autoptr(RaMap) map = ra_map_new ();
  g_autoptr(RaStyle) fill_style = ra_style_new_default (RA_GEOM_POLYGON, 0);
  g_autoptr(RaStyle) style = ra_style_new_default (RA_GEOM_LINE, 0);
  g_autoptr(RaStyle) again = NULL;
  g_autofree char *text = NULL;
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autoptr(cairo_surface_t) surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 200, 200);
  g_autoptr(cairo_t) cr = cairo_create (surface);
  RaView view = { 0, 0, 1, 200, 200, 96 };

  g_assert_no_error (error);
  ra_layer_add_feature (fill, 1, make_geometry (RA_GEOM_POLYGON, square, 4, square_parts, 1), NULL);
  ra_layer_add_feature (pipes, 1, make_geometry (RA_GEOM_LINE, line, 2, line_parts, 1), NULL);
  ra_color_parse (&fill_style->fill, "#000000");
  ra_color_parse (&fill_style->stroke, "#000000");
  ra_layer_set_style (fill, fill_style);
  ra_color_parse (&style->stroke, "#0000ff");
  style->stroke_width_px = 4;
  ra_color_parse (&style->casing, "#ff0000");
  style->casing_width_px = 12;
  ra_layer_set_style (pipes, style);
  g_assert_true (ra_map_set_crs (map, crs, &error));
  g_assert_true (ra_map_add_layer (map, fill, &error));
  g_assert_true (ra_map_add_layer (map, pipes, &error));
  g_assert_cmpstr (ra_layer_get_name (ra_map_get_layer (map, 0)), ==, "pipes");
  snap = ra_map_snapshot_new (map);
  g_assert_true (ra_renderer_draw_with_stats (snap, &view, NULL, cr, NULL, NULL));
  cairo_surface_flush (surface);
  assert_rgb (surface, 100, 100, 0, 0, 255);   /* the line */
  assert_rgb (surface, 100, 96, 255, 0, 0);    /* its casing above */
  assert_rgb (surface, 100, 104, 255, 0, 0);   /* and below */
  assert_rgb (surface, 100, 115, 0, 0, 0);     /* the fill beyond */

  text = ra_style_to_string (style);
  again = ra_style_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (again->casing_width_px, ==, 12);
  g_assert_cmpfloat (again->casing.r, ==, 1.0);
}

/* A point's name goes beside its marker (right first) and never covers any
 * marker, so the plants of a project stay visible under their names. */
static void
test_renderer_point_labels (void)
{
  const double pts[] = { -100, 0, -100, 60, -100, -60 };
  const guint one[] = { 0, 1 };
  const char *names[] = { "甘州区污水处理厂", "临泽县污水处理厂", "高台县污水处理厂" };
  const char *field = "name";
  RaFieldType type = RA_FIELD_STRING;
  g_autoptr(GError) error = NULL;
  g_autoptr(RaCrs) crs = ra_crs_new_from_epsg (4542, &error);
  g_autoptr(RaLayer) layer = ra_layer_new ("plants", RA_GEOM_POINT, NULL);
  g_autoptr(RaMap) map = ra_map_new ();
  g_autoptr(RaStyle) style = ra_style_new_default (RA_GEOM_POINT, 0);
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autoptr(cairo_surface_t) surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 400, 300);
  g_autoptr(cairo_t) cr = cairo_create (surface);
  g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (RaBBox));
  RaView view = { 0, 0, 1, 400, 300, 96 };
  RaRenderStats stats = { 0 };
  double r;

  g_assert_no_error (error);
  ra_layer_set_fields (layer, 1, &field, &type);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      char **values = g_new0 (char *, 2);

      values[0] = g_strdup (names[i]);
      ra_layer_add_feature (layer, i + 1, make_geometry (RA_GEOM_POINT, pts + 2 * i, 1, one, 1), values);
    }
  ra_style_set_label_field (style, "name");
  style->marker_size_px = 10;
  ra_layer_set_style (layer, style);
  g_assert_true (ra_map_set_crs (map, crs, &error));
  g_assert_true (ra_map_add_layer (map, layer, &error));
  snap = ra_map_snapshot_new (map);
  stats.label_boxes = boxes;
  g_assert_true (ra_renderer_draw_with_stats (snap, &view, NULL, cr, NULL, &stats));

  g_assert_cmpuint (stats.n_labels, >=, 2);
  r = style->marker_size_px / 2.0 + style->stroke_width_px / 2.0;
  for (guint b = 0; b < boxes->len; b++)
    {
      const RaBBox *box = &g_array_index (boxes, RaBBox, b);

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          double px, py;

          ra_view_to_device (&view, pts[2 * i], pts[2 * i + 1], &px, &py);
          g_assert_false (box->x0 < px + r && px - r < box->x1 &&
                          box->y0 < py + r && py - r < box->y1);
        }
    }
  /* With room on the right, a name sits right of its marker. */
  {
    const RaBBox *box = &g_array_index (boxes, RaBBox, 0);
    double px, py;

    ra_view_to_device (&view, pts[0], pts[1], &px, &py);
    g_assert_cmpfloat (box->x0, >, px + r);
    g_assert_cmpfloat (box->y0, <, py);
    g_assert_cmpfloat (box->y1, >, py);
  }
  check_labels_apart (boxes, &view);
}

static void
paint_red (cairo_t *cr, gpointer data)
{
  gboolean *called = data;

  *called = TRUE;
  cairo_set_source_rgb (cr, 1, 0, 0);
  cairo_paint (cr);
}

/* An overlay drawn under the labels (the atlas page's county outline,
 * issue 17): what it paints is covered by the labels, not the reverse. */
static void
test_renderer_under_labels (void)
{
  const double pt[] = { 0, 0 };
  const guint one[] = { 0, 1 };
  const char *field = "name";
  RaFieldType type = RA_FIELD_STRING;
  g_autoptr(GError) error = NULL;
  g_autoptr(RaCrs) crs = ra_crs_new_from_epsg (4542, &error);
  g_autoptr(RaLayer) layer = ra_layer_new ("plants", RA_GEOM_POINT, NULL);
  g_autoptr(RaMap) map = ra_map_new ();
  g_autoptr(RaStyle) style = ra_style_new_default (RA_GEOM_POINT, 0);
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autoptr(cairo_surface_t) surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 300, 100);
  g_autoptr(cairo_t) cr = cairo_create (surface);
  RaView view = { 0, 0, 1, 300, 100, 96 };
  RaRenderOptions opts;
  gboolean called = FALSE;
  char **values = g_new0 (char *, 2);
  guint n_dark = 0;
  const guint8 *data;
  int stride;

  g_assert_no_error (error);
  ra_layer_set_fields (layer, 1, &field, &type);
  values[0] = g_strdup ("甘州区污水处理厂");
  ra_layer_add_feature (layer, 1, make_geometry (RA_GEOM_POINT, pt, 1, one, 1), values);
  ra_style_set_label_field (style, "name");
  ra_layer_set_style (layer, style);
  g_assert_true (ra_map_set_crs (map, crs, &error));
  g_assert_true (ra_map_add_layer (map, layer, &error));
  snap = ra_map_snapshot_new (map);

  ra_render_options_init (&opts);
  opts.under_labels = paint_red;
  opts.under_labels_data = &called;
  g_assert_true (ra_renderer_draw (snap, &view, &opts, cr, NULL));
  g_assert_true (called);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  /* The label's dark text shows over the red. */
  for (int y = 0; y < 100; y++)
    for (int x = 0; x < 300; x++)
      {
        guint32 px = *(const guint32 *) (data + y * stride + 4 * x);

        if (((px >> 16) & 0xff) < 80 && ((px >> 8) & 0xff) < 80)
          n_dark++;
      }
  g_assert_cmpuint (n_dark, >, 20);
}

/* A layer that draws nothing has no legend entry (issue 17: the 2023 map
 * listed project symbols although no project was drawn): proportional
 * symbols all of size 0 here. */
static void
test_legend_nothing_drawn (void)
{
  const double pts[] = { 0, 0, 50, 50 };
  const guint one[] = { 0, 1 };
  const char *field = "cap";
  RaFieldType type = RA_FIELD_REAL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RaCrs) crs = ra_crs_new_from_epsg (4542, &error);
  g_autoptr(RaLayer) layer = ra_layer_new ("Projects", RA_GEOM_POINT, NULL);
  g_autoptr(RaMap) map = ra_map_new ();
  g_autoptr(RaStyle) style = ra_style_new_default (RA_GEOM_POINT, 0);
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autoptr(RaLegend) legend = NULL;

  g_assert_no_error (error);
  ra_layer_set_fields (layer, 1, &field, &type);
  for (guint i = 0; i < 2; i++)
    {
      char **values = g_new0 (char *, 2);

      values[0] = g_strdup ("0");
      ra_layer_add_feature (layer, i + 1, make_geometry (RA_GEOM_POINT, pts + 2 * i, 1, one, 1),
                            values);
    }
  style->kind = RA_STYLE_PROPORTIONAL;
  style->size_field = g_strdup ("cap");
  style->size_max_value = 200;   /* the plan's scale: samples 200, 50, 20 */
  ra_layer_set_style (layer, style);
  g_assert_true (ra_map_set_crs (map, crs, &error));
  g_assert_true (ra_map_add_layer (map, layer, &error));
  snap = ra_map_snapshot_new (map);
  legend = ra_legend_new_from_snapshot (snap);
  g_assert_cmpuint (legend->layers->len, ==, 0);

  /* One symbol of some size: the layer and its samples are back. */
  {
    RaLayer *second = ra_layer_new ("Projects", RA_GEOM_POINT, NULL);
    char **values = g_new0 (char *, 2);
    g_autoptr(RaMapSnapshot) snap2 = NULL;
    g_autoptr(RaLegend) legend2 = NULL;

    ra_layer_set_fields (second, 1, &field, &type);
    values[0] = g_strdup ("120");
    ra_layer_add_feature (second, 1, make_geometry (RA_GEOM_POINT, pts, 1, one, 1), values);
    ra_layer_set_style (second, style);
    g_assert_true (ra_map_add_layer (map, second, &error));
    g_object_unref (second);
    snap2 = ra_map_snapshot_new (map);
    legend2 = ra_legend_new_from_snapshot (snap2);
    g_assert_cmpuint (legend2->layers->len, ==, 1);
    g_assert_cmpuint (((RaLegendLayer *) g_ptr_array_index (legend2->layers, 0))->items->len, >=, 2);
  }
}

typedef struct {
  Fixture         *fx;
  cairo_surface_t *surface;
  gboolean         ok;
} ThreadJob;

static gpointer
draw_in_thread (gpointer data)
{
  ThreadJob *job = data;
  g_autoptr(cairo_t) cr = cairo_create (job->surface);

  job->ok = ra_renderer_draw (job->fx->snap, &job->fx->view, NULL, cr, NULL);
  return NULL;
}

/* The snapshot is drawn from a worker thread (as the map widget does) and
 * gives the same pixels as on the main thread. */
static void
test_renderer_worker_thread (Fixture *fx, gconstpointer data)
{
  g_autofree char *main_png = g_build_filename (fx->tmp, "main.png", NULL);
  g_autofree char *thread_png = g_build_filename (fx->tmp, "thread.png", NULL);
  g_autoptr(cairo_surface_t) a = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 600);
  g_autoptr(cairo_surface_t) b = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 600);
  ThreadJob job = { fx, b, FALSE };
  GThread *thread;

  {
    g_autoptr(cairo_t) cr = cairo_create (a);
    g_assert_true (ra_renderer_draw (fx->snap, &fx->view, NULL, cr, NULL));
  }
  thread = g_thread_new ("render", draw_in_thread, &job);
  g_thread_join (thread);
  g_assert_true (job.ok);
  g_assert_cmpint (cairo_surface_write_to_png (a, main_png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_surface_write_to_png (b, thread_png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpfloat (rt_image_diff_share (main_png, thread_png, 8, NULL, NULL), <, 0.001);
}


/* Thin outlines and lines (the hairline rasteriser) and small markers (the
 * stamps), in half-transparent colours, over an opaque background leave
 * every pixel exactly opaque: a blend rounded down left alpha 254 here and
 * there, and the PNG export then fell back from its fast RGB writer to
 * cairo's (3-4x slower).  The PNG is written as RGB (colour type 2). */
static void
test_renderer_opaque_stays_opaque (void)
{
  g_autoptr(RaLayer) layer = ra_layer_new ("dense", RA_GEOM_LINE, NULL);
  g_autoptr(RaLayer) points = ra_layer_new ("dots", RA_GEOM_POINT, NULL);
  g_autoptr(RaMap) map = ra_map_new ();
  g_autoptr(RaStyle) style = ra_style_new_default (RA_GEOM_LINE, 0);
  g_autoptr(RaStyle) dot_style = ra_style_new_default (RA_GEOM_POINT, 0);
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autoptr(cairo_surface_t) surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 300, 300);
  g_autofree char *dir = rt_tmp_dir ();
  g_autofree char *png = g_build_filename (dir, "opaque.png", NULL);
  g_autofree char *bytes = NULL;
  g_autoptr(GError) error = NULL;
  RaView view = { 150, 150, 1, 300, 300, 96 };
  RaRenderOptions opts;
  gsize len = 0;
  guint64 not_opaque = 0;
  guint32 seed = 7;

  for (guint i = 0; i < 400; i++)
    {
      double xy[8];
      const guint parts[] = { 0, 4 };

      for (guint k = 0; k < 8; k++)
        {
          seed = seed * 1103515245u + 12345u;
          xy[k] = (seed >> 8) % 30000 / 100.0;
        }
      ra_layer_add_feature (layer, i, make_geometry (RA_GEOM_LINE, xy, 4, parts, 1), NULL);
    }
  for (guint i = 0; i < 2000; i++)
    {
      double xy[2];
      const guint parts[] = { 0, 1 };

      seed = seed * 1103515245u + 12345u;
      xy[0] = (seed >> 8) % 30000 / 100.0;
      seed = seed * 1103515245u + 12345u;
      xy[1] = (seed >> 8) % 30000 / 100.0;
      ra_layer_add_feature (points, i, make_geometry (RA_GEOM_POINT, xy, 1, parts, 1), NULL);
    }
  style->stroke = (RaColor) { 0.1, 0.3, 0.8, 0.7 };
  style->stroke_width_px = 1.0;
  ra_layer_set_style (layer, style);
  dot_style->fill = (RaColor) { 0.8, 0.2, 0.1, 0.6 };
  dot_style->stroke = (RaColor) { 0, 0, 0, 0 };
  dot_style->marker_size_px = 4;
  ra_layer_set_style (points, dot_style);
  g_assert_true (ra_map_add_layer (map, layer, NULL));
  g_assert_true (ra_map_add_layer (map, points, NULL));
  snap = ra_map_snapshot_new (map);
  ra_render_options_init (&opts);
  opts.draw_background = TRUE;
  opts.background = (RaColor) { 1, 1, 1, 1 };
  opts.draw_labels = FALSE;

  g_assert_true (ra_renderer_draw_image (snap, &view, &opts, surface, NULL, NULL));
  cairo_surface_flush (surface);
  for (int y = 0; y < 300; y++)
    {
      const guint32 *row = (const guint32 *) (gpointer) (cairo_image_surface_get_data (surface) +
                                                         y * cairo_image_surface_get_stride (surface));

      for (int x = 0; x < 300; x++)
        not_opaque += (row[x] >> 24) != 255;
    }
  g_assert_cmpuint (not_opaque, ==, 0);

  g_assert_true (ra_renderer_render_to_file (snap, &view, &opts, png, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (png, &bytes, &len, NULL));
  g_assert_cmpuint (len, >, 26);
  g_assert_cmpint ((guchar) bytes[25], ==, 2);   /* IHDR colour type: RGB, no alpha */
}

/* DN and length along pipes (issue 18): a 12 km line drawn east to west
 * gets "DN600 · 12.00 km" (the geodesic length, as the app shows it)
 * along it, upright, beside the line: dark text pixels in its box and none
 * on the line's far side; a steep line's label reads upwards; a line
 * 15 px long gets none (no text pixels around it); the option turns them
 * off; the PDF holds the text. */
static guint
count_dark (cairo_surface_t *surface, double x0, double y0, double x1, double y1)
{
  const guint8 *data;
  int stride, w, h;
  guint n = 0;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  w = cairo_image_surface_get_width (surface);
  h = cairo_image_surface_get_height (surface);
  for (int y = MAX (0, (int) y0); y < MIN (h, (int) ceil (y1)); y++)
    for (int x = MAX (0, (int) x0); x < MIN (w, (int) ceil (x1)); x++)
      {
        guint32 px = *(const guint32 *) (data + y * stride + 4 * x);

        /* the label's dark grey, not the line's red nor the white halo */
        if (((px >> 16) & 0xff) < 110 && ((px >> 8) & 0xff) < 110 && (px & 0xff) < 110)
          n++;
      }
  return n;
}

static void
test_renderer_pipe_labels (void)
{
  /* EPSG:4542 (CGCS2000 / 3-degree GK CM 102E): metres, near its meridian */
  const double x0 = 500000, y0 = 4300000;
  const double east_west[] = { x0 + 6000, y0, x0 - 6000, y0 };
  /* drawn southwards, 2 degrees off the grid: a steep line */
  const double vertical[] = { x0 - 10000, y0 + 3000, x0 - 10000 - 6000 * tan (G_PI / 90), y0 - 3000 };
  const double tiny[] = { x0 + 9000, y0 - 2000, x0 + 9600, y0 - 2000 };
  const guint one[] = { 0, 2 };
  const char *fields[] = { "name", "dn_mm" };
  RaFieldType types[] = { RA_FIELD_STRING, RA_FIELD_REAL };
  g_autoptr(GError) error = NULL;
  g_autoptr(RaCrs) crs = ra_crs_new_from_epsg (4542, &error);
  g_autoptr(RaCrs) lonlat = ra_crs_new_from_epsg (4490, &error);
  g_autoptr(RaTransform) to_lonlat = NULL;
  g_autoptr(RaLayer) layer = NULL;
  g_autoptr(RaMap) map = ra_map_new ();
  g_autoptr(RaStyle) style = ra_style_new_default (RA_GEOM_LINE, 0);
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autoptr(cairo_surface_t) surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 600, 200);
  g_autoptr(cairo_t) cr = cairo_create (surface);
  g_autoptr(GArray) places = g_array_new (FALSE, FALSE, sizeof (RaLabelPlace));
  g_autofree char *expected = NULL;
  g_autofree char *tmp = rt_tmp_dir ();
  g_autofree char *pdf = g_build_filename (tmp, "pipe-labels.pdf", NULL);
  g_autofree char *text = NULL;
  /* 40 m a pixel: the 12 km line is 300 px long */
  RaView view = { x0, y0, 40, 600, 200, 96 };
  RaRenderOptions opts;
  RaRenderStats stats = { 0 };
  const RaLabelPlace *main_label = NULL, *up_label = NULL;
  const double *lines[] = { east_west, vertical, tiny };
  double ll[4], km;

  g_assert_no_error (error);
  layer = ra_layer_new ("pipelines", RA_GEOM_LINE, crs);
  ra_layer_set_fields (layer, 2, fields, types);
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      char **values = g_new0 (char *, 3);

      values[0] = g_strdup_printf ("pipe %u", i);
      values[1] = g_strdup (i == 0 ? "600" : "300");
      ra_layer_add_feature (layer, i + 1, make_geometry (RA_GEOM_LINE, lines[i], 2, one, 1), values);
    }
  ra_color_parse (&style->stroke, "#ff0000");
  style->stroke_width_px = 2;
  style->dn_label_field = g_strdup ("dn_mm");
  ra_layer_set_style (layer, style);
  g_assert_true (ra_map_set_crs (map, crs, &error));
  g_assert_true (ra_map_add_layer (map, layer, &error));
  g_assert_no_error (error);
  snap = ra_map_snapshot_new (map);

  /* The expected text: the geodesic length of the line, 2 decimals. */
  to_lonlat = ra_transform_new (crs, lonlat, &error);
  g_assert_no_error (error);
  memcpy (ll, east_west, sizeof ll);
  g_assert_cmpuint (ra_transform_points (to_lonlat, ll, 2), ==, 0);
  km = ra_geodesic_length_m (ll, 2) / 1000.0;
  g_assert_cmpfloat_with_epsilon (km, 12.0, 0.01);
  expected = g_strdup_printf ("DN600 · %.2f km", km);

  ra_render_options_init (&opts);
  g_assert_true (opts.draw_line_labels);
  stats.label_places = places;
  g_assert_true (ra_renderer_draw_with_stats (snap, &view, &opts, cr, NULL, &stats));
  for (guint i = 0; i < places->len; i++)
    {
      const RaLabelPlace *p = &g_array_index (places, RaLabelPlace, i);

      g_assert_true (p->along);
      g_assert_cmpuint (p->feature, !=, 2);   /* the tiny line: none */
      if (p->feature == 0)
        main_label = p;
      else if (p->feature == 1)
        up_label = p;
    }
  g_assert_nonnull (main_label);
  g_assert_cmpstr (main_label->text, ==, expected);
  /* Upright along the east-west line, above it (y = 100 on screen). */
  g_assert_cmpfloat (fabs (main_label->angle), <, 1e-9);
  g_assert_cmpfloat (main_label->box.y1, <=, 100);
  g_assert_cmpfloat (main_label->box.y1, >, 85);
  g_assert_cmpfloat (main_label->box.x1 - main_label->box.x0, <, 300);
  g_assert_cmpuint (count_dark (surface, main_label->box.x0, main_label->box.y0,
                                main_label->box.x1, main_label->box.y1), >, 30);
  g_assert_cmpuint (count_dark (surface, 150, 103, 450, 130), ==, 0);
  /* The vertical line's reads upwards. */
  g_assert_nonnull (up_label);
  g_assert_nonnull (strstr (up_label->text, "DN300 · 6.0"));
  /* drawn southwards to a point 2 degrees west: reads upwards from that
   * end (-88 degrees), not downwards from the other (92) */
  g_assert_cmpfloat_with_epsilon (up_label->angle, -G_PI / 2.0 + G_PI / 90, 1e-6);
  /* The tiny line (x 525-540, y 150): no text around it. */
  g_assert_cmpuint (count_dark (surface, 495, 120, 570, 180), ==, 0);

  /* Off by the option: no label along any line, no text pixels. */
  g_array_set_size (places, 0);
  opts.draw_line_labels = FALSE;
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  g_assert_true (ra_renderer_draw_with_stats (snap, &view, &opts, cr, NULL, &stats));
  for (guint i = 0; i < places->len; i++)
    g_assert_false (g_array_index (places, RaLabelPlace, i).along);
  g_assert_cmpuint (count_dark (surface, 0, 0, 600, 200), ==, 0);

  /* The text in a PDF. */
  opts.draw_line_labels = TRUE;
  g_assert_true (ra_renderer_render_to_file (snap, &view, &opts, pdf, &error));
  g_assert_no_error (error);
  if (rt_run_tool ((const char *[]) { "pdftotext", pdf, "-", NULL }, &text))
    g_assert_nonnull (strstr (text, "DN600"));
}

/* Labels do not keep an image from being drawn on both cores: the bands
 * draw the features, one pass places the labels over the whole view.  The
 * labels are those of a single draw, in the same places (the same boxes, in
 * order), and the pixels the same but for antialiasing at band edges. */
static void
test_renderer_labels_on_bands (void)
{
  const char *field = "name";
  RaFieldType type = RA_FIELD_STRING;
  g_autoptr(RaLayer) polys = ra_layer_new ("areas", RA_GEOM_POLYGON, NULL);
  g_autoptr(RaLayer) points = ra_layer_new ("plants", RA_GEOM_POINT, NULL);
  g_autoptr(RaMap) map = ra_map_new ();
  g_autoptr(RaStyle) poly_style = ra_style_new_default (RA_GEOM_POLYGON, 0);
  g_autoptr(RaStyle) point_style = ra_style_new_default (RA_GEOM_POINT, 0);
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autoptr(cairo_surface_t) one = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 640, 400);
  g_autoptr(cairo_surface_t) two = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 640, 400);
  g_autoptr(cairo_t) cr = cairo_create (one);
  g_autoptr(GArray) boxes1 = g_array_new (FALSE, FALSE, sizeof (RaBBox));
  g_autoptr(GArray) boxes2 = g_array_new (FALSE, FALSE, sizeof (RaBBox));
  RaView view = { 320, 200, 1, 640, 400, 96 };
  RaRenderStats stats1 = { 0 }, stats2 = { 0 };
  RaRenderOptions opts;
  guint32 seed = 11;
  guint differ = 0;

  ra_layer_set_fields (polys, 1, &field, &type);
  ra_layer_set_fields (points, 1, &field, &type);
  for (guint i = 0; i < 60; i++)
    {
      const guint parts[] = { 0, 5 };
      double x, y, w, h;
      char **values = g_new0 (char *, 2);

      seed = seed * 1103515245u + 12345u;
      x = (seed >> 8) % 600;
      seed = seed * 1103515245u + 12345u;
      y = (seed >> 8) % 380;
      w = 20 + i % 40;
      h = 15 + i % 30;
      {
        double xy[10] = { x, y, x + w, y, x + w, y + h, x, y + h, x, y };

        values[0] = g_strdup_printf ("区域%u", i);
        ra_layer_add_feature (polys, i + 1, make_geometry (RA_GEOM_POLYGON, xy, 5, parts, 1),
                              values);
      }
    }
  for (guint i = 0; i < 150; i++)
    {
      const guint parts[] = { 0, 1 };
      double xy[2];
      char **values = g_new0 (char *, 2);

      seed = seed * 1103515245u + 12345u;
      xy[0] = (seed >> 8) % 640;
      seed = seed * 1103515245u + 12345u;
      xy[1] = (seed >> 8) % 400;
      values[0] = g_strdup_printf ("厂%u", i);
      ra_layer_add_feature (points, i + 1, make_geometry (RA_GEOM_POINT, xy, 1, parts, 1), values);
    }
  ra_style_set_label_field (poly_style, "name");
  ra_style_set_label_field (point_style, "name");
  point_style->marker_size_px = 6;
  ra_layer_set_style (polys, poly_style);
  ra_layer_set_style (points, point_style);
  g_assert_true (ra_map_add_layer (map, polys, NULL));
  g_assert_true (ra_map_add_layer (map, points, NULL));
  snap = ra_map_snapshot_new (map);
  ra_render_options_init (&opts);
  opts.draw_background = TRUE;
  opts.background = (RaColor) { 1, 1, 1, 1 };

  stats1.label_boxes = boxes1;
  stats2.label_boxes = boxes2;
  g_assert_true (ra_renderer_draw_with_stats (snap, &view, &opts, cr, NULL, &stats1));
  cairo_surface_flush (one);
  g_assert_true (ra_renderer_draw_image (snap, &view, &opts, two, NULL, &stats2));
  cairo_surface_flush (two);

  g_assert_cmpuint (stats1.n_labels, >, 20);
  g_assert_cmpuint (stats2.n_labels, ==, stats1.n_labels);
  g_assert_cmpuint (stats2.n_labels_skipped, ==, stats1.n_labels_skipped);
  g_assert_cmpuint (boxes2->len, ==, boxes1->len);
  for (guint b = 0; b < boxes1->len; b++)
    {
      const RaBBox *a = &g_array_index (boxes1, RaBBox, b);
      const RaBBox *c = &g_array_index (boxes2, RaBBox, b);

      g_assert_cmpfloat (a->x0, ==, c->x0);
      g_assert_cmpfloat (a->y0, ==, c->y0);
      g_assert_cmpfloat (a->x1, ==, c->x1);
      g_assert_cmpfloat (a->y1, ==, c->y1);
    }
  for (int y = 0; y < 400; y++)
    {
      const guint8 *r1 = cairo_image_surface_get_data (one) + y * cairo_image_surface_get_stride (one);
      const guint8 *r2 = cairo_image_surface_get_data (two) + y * cairo_image_surface_get_stride (two);

      for (int x = 0; x < 4 * 640; x++)
        if (ABS ((int) r1[x] - (int) r2[x]) > 24)
          {
            differ++;
            x += 3 - x % 4;
          }
    }
  /* Antialiasing where a feature crosses a band edge, nothing more. */
  g_assert_cmpuint (differ, <, 640 * 400 / 200);
}

/* The PNG writer's two halves (two threads) and its one stream give the
 * same pixels, those of the image: a noisy image (no long runs) whose
 * rows all differ, odd height, both written, read back by libpng through
 * cairo (which checks every CRC and the Adler-32). */
static void
test_png_writer_halves (void)
{
  g_autofree char *tmp = rt_tmp_dir ();
  const int w = 333, h = 517;
  g_autoptr(cairo_surface_t) img = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  guint32 state = 7u;
  guchar *data;
  int stride;

  data = cairo_image_surface_get_data (img);
  stride = cairo_image_surface_get_stride (img);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 *px = (guint32 *) (gpointer) (data + (gsize) y * stride + 4 * x);

        state = state * 1664525u + 1013904223u;
        /* flat bands with noise in some rows, so runs and literals mix */
        *px = 0xff000000u | ((y / 40) % 2 ? (state >> 8) & 0xffffff : 0xf2e6c8u + (guint32) (x / 50));
      }
  cairo_surface_mark_dirty (img);
  for (guint threads = 1; threads <= 2; threads++)
    {
      g_autofree char *name = g_strdup_printf ("halves-%u.png", threads);
      g_autofree char *path = g_build_filename (tmp, name, NULL);
      g_autoptr(cairo_surface_t) back = NULL;
      const guchar *bd;
      int bs;

      ra_set_max_threads (threads);
      g_assert_cmpint (ra_png_write_opaque (img, path), ==, CAIRO_STATUS_SUCCESS);
      back = cairo_image_surface_create_from_png (path);
      g_assert_cmpint (cairo_surface_status (back), ==, CAIRO_STATUS_SUCCESS);
      g_assert_cmpint (cairo_image_surface_get_width (back), ==, w);
      g_assert_cmpint (cairo_image_surface_get_height (back), ==, h);
      bd = cairo_image_surface_get_data (back);
      bs = cairo_image_surface_get_stride (back);
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          g_assert_cmphex (*(const guint32 *) (gconstpointer) (bd + (gsize) y * bs + 4 * x) | 0xff000000u,
                           ==, *(const guint32 *) (gconstpointer) (data + (gsize) y * stride + 4 * x));
    }
  ra_set_max_threads (0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/renderer/zhangye-golden", test_renderer_golden);
  ADD ("/renderer/cancel", test_renderer_cancel);
  ADD ("/renderer/labels-apart", test_renderer_labels);
  ADD ("/renderer/scalebar", test_renderer_scalebar);
  ADD ("/renderer/pdf-svg-match-png", test_renderer_vector_formats);
  ADD ("/renderer/bad-output", test_renderer_bad_file);
  ADD ("/renderer/opacity", test_renderer_opacity);
  ADD ("/renderer/worker-thread", test_renderer_worker_thread);
#undef ADD
  g_test_add_func ("/renderer/mixed-kinds", test_renderer_mixed_kinds);
  g_test_add_func ("/renderer/cased-line", test_renderer_cased_line);
  g_test_add_func ("/renderer/point-labels", test_renderer_point_labels);
  g_test_add_func ("/renderer/labels-on-bands", test_renderer_labels_on_bands);
  g_test_add_func ("/renderer/under-labels", test_renderer_under_labels);
  g_test_add_func ("/renderer/pipe-labels", test_renderer_pipe_labels);
  g_test_add_func ("/renderer/legend-nothing-drawn", test_legend_nothing_drawn);
  g_test_add_func ("/renderer/opaque-stays-opaque", test_renderer_opaque_stays_opaque);
  g_test_add_func ("/renderer/png-writer-halves", test_png_writer_halves);
  return g_test_run ();
}
