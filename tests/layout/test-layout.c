/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Layout model: text form, templates, and the geometry on paper (scale
 * bar against geodesic ground distance, north arrow against PROJ's
 * meridian convergence). */
#include "config.h"

#include <math.h>
#include <string.h>
#include <proj.h>

#include "layout-test-util.h"

/* ------------------------------------------------------------------ */

static void
test_round_trip (void)
{
  g_autoptr(RaLayout) layout = ra_layout_new_default (RA_PAGE_A4, TRUE, "数据来源：测试\n第二行");
  g_autoptr(RaLayout) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;
  RaLayoutItem *map;

  map = ra_layout_find_kind (layout, RA_LAYOUT_ITEM_MAP);
  g_assert_nonnull (map);
  map->map_mode = RA_LAYOUT_MAP_FIT_BBOX;
  map->bbox_lonlat = (RaBBox) { 97.5, 37.5, 102.5, 40.0 };
  map->county = g_strdup ("甘州区");
  map->graticule_deg = 0.5;
  ra_layout_find_kind (layout, RA_LAYOUT_ITEM_NORTH_ARROW)->grid_north = TRUE;
  g_free (layout->name);
  layout->name = g_strdup ("图 1 = [张掖]; \"quoted\"");

  text = ra_layout_to_string (layout);
  back = ra_layout_new_from_string (text, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  g_assert_cmpstr (back->name, ==, layout->name);
  g_assert_cmpuint (back->items->len, ==, layout->items->len);
  g_assert_cmpfloat (back->width_mm, ==, 297.0);
  g_assert_cmpfloat (back->height_mm, ==, 210.0);
  g_assert_cmpstr (ra_layout_find_item (back, "source")->text, ==, "数据来源：测试\n第二行");
  g_assert_cmpint (ra_layout_find_kind (back, RA_LAYOUT_ITEM_MAP)->map_mode, ==, RA_LAYOUT_MAP_FIT_BBOX);
  g_assert_cmpfloat (ra_layout_find_kind (back, RA_LAYOUT_ITEM_MAP)->bbox_lonlat.x1, ==, 102.5);
  g_assert_true (ra_layout_find_kind (back, RA_LAYOUT_ITEM_NORTH_ARROW)->grid_north);
  text2 = ra_layout_to_string (back);
  g_assert_cmpstr (text, ==, text2);
}

static void
test_copy_and_page (void)
{
  g_autoptr(RaLayout) layout = ra_layout_new_default (RA_PAGE_A4, TRUE, NULL);
  g_autoptr(RaLayout) copy = ra_layout_copy (layout);
  RaLayoutItem *map;

  ra_layout_set_page (copy, RA_PAGE_A3, 0, 0, TRUE, TRUE);
  g_assert_cmpfloat (copy->width_mm, ==, 420.0);
  g_assert_cmpfloat (copy->height_mm, ==, 297.0);
  map = ra_layout_find_kind (copy, RA_LAYOUT_ITEM_MAP);
  g_assert_cmpfloat_with_epsilon (map->width_mm,
                                  ra_layout_find_kind (layout, RA_LAYOUT_ITEM_MAP)->width_mm * 420.0 / 297.0,
                                  1e-9);
  /* Every item of the default layouts stays on the page. */
  for (int orientation = 0; orientation < 2; orientation++)
    for (RaPageSize page = RA_PAGE_A4; page <= RA_PAGE_A2; page++)
      {
        g_autoptr(RaLayout) l = ra_layout_new_default (page, orientation == 0, NULL);

        g_assert_nonnull (ra_layout_find_kind (l, RA_LAYOUT_ITEM_LEGEND));
        g_assert_nonnull (ra_layout_find_kind (l, RA_LAYOUT_ITEM_SCALEBAR));
        g_assert_nonnull (ra_layout_find_kind (l, RA_LAYOUT_ITEM_NORTH_ARROW));
        g_assert_nonnull (ra_layout_find_kind (l, RA_LAYOUT_ITEM_INSET));
        for (guint i = 0; i < l->items->len; i++)
          {
            RaLayoutItem *item = g_ptr_array_index (l->items, i);
            g_assert_cmpfloat (item->x_mm, >=, l->margin_mm - 1e-6);
            g_assert_cmpfloat (item->y_mm, >=, l->margin_mm - 1e-6);
            g_assert_cmpfloat (item->x_mm + item->width_mm, <=, l->width_mm - l->margin_mm + 1e-6);
            g_assert_cmpfloat (item->y_mm + item->height_mm, <=, l->height_mm - l->margin_mm + 1e-6);
          }
      }
}

static const char *valid_header =
  "[layout]\nversion=1\nname=x\npage=A4\nwidth_mm=297\nheight_mm=210\nn_items=1\n";

static void
test_hostile (void)
{
  static const char * const items[] = {
    "[item 0]\nkind=map\nid=map\nx_mm=nan\n",
    "[item 0]\nkind=map\nid=map\nx_mm=inf\n",
    "[item 0]\nkind=map\nid=map\nx_mm=1e300\n",
    "[item 0]\nkind=map\nid=map\nwidth_mm=-5\n",
    "[item 0]\nkind=map\nid=map\nwidth_mm=12abc\n",
    "[item 0]\nkind=map\nid=map\nvisible=maybe\n",
    "[item 0]\nkind=bomb\nid=map\n",
    "[item 0]\nid=map\n",
    "[item 0]\nkind=map\nid='; DROP TABLE app_layouts; --\n",
    "[item 0]\nkind=map\nid=\n",
    "[item 0]\nkind=map\nid=map\nmap_mode=teleport\n",
    "[item 0]\nkind=map\nid=map\nmap_mode=scale\n",
    "[item 0]\nkind=map\nid=map\nmap_mode=scale\nscale_denominator=-1\n",
    "[item 0]\nkind=map\nid=map\nmap_mode=fit_bbox\n",
    "[item 0]\nkind=map\nid=map\nbbox_lonlat=1;2;3;\n",
    "[item 0]\nkind=map\nid=map\nbbox_lonlat=10;20;5;30;\n",
    "[item 0]\nkind=map\nid=map\nbbox_lonlat=10;20;500;30;\n",
    "[item 0]\nkind=map\nid=map\ncentre_lat=91\n",
    "[item 0]\nkind=map\nid=map\ntext=bell\x07\n",
    "[item 0]\nkind=map\nid=map\nfont=Noto Sans 100000\n",
    "[item 0]\nkind=map\nid=map\nalign=justified\n",
    "[item 0]\nkind=text\nid=title\n",                       /* no map frame */
  };
  static const char * const whole[] = {
    "",
    "garbage",
    "[layout]\nversion=2\nn_items=1\n[item 0]\nkind=map\nid=map\n",
    "[layout]\nn_items=1\n[item 0]\nkind=map\nid=map\n",
    "[layout]\nversion=1\nn_items=0\n",
    "[layout]\nversion=1\nn_items=100000\n[item 0]\nkind=map\nid=map\n",
    "[layout]\nversion=1\nn_items=-1\n",
    "[layout]\nversion=1\nn_items=2\n[item 0]\nkind=map\nid=map\n",
    "[layout]\nversion=1\npage=B5\nn_items=1\n[item 0]\nkind=map\nid=map\n",
    "[layout]\nversion=1\npage=custom\nn_items=1\n[item 0]\nkind=map\nid=map\n",
    "[layout]\nversion=1\nwidth_mm=1\nheight_mm=1\nn_items=1\n[item 0]\nkind=map\nid=map\n",
    "[layout]\nversion=1\nmargin_mm=-3\nn_items=1\n[item 0]\nkind=map\nid=map\n",
    "[layout]\nversion=1\nname=\xff\xfe\nn_items=1\n[item 0]\nkind=map\nid=map\n",
    "[layout]\nversion=1\nn_items=2\n[item 0]\nkind=map\nid=map\n[item 1]\nkind=map\nid=map2\n",
    "[layout]\nversion=1\nn_items=2\n[item 0]\nkind=map\nid=map\n[item 1]\nkind=text\nid=map\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autofree char *text = g_strconcat (valid_header, items[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(RaLayout) layout = ra_layout_new_from_string (text, -1, &error);

      if (layout != NULL)
        g_error ("accepted hostile item %u: %s", i, items[i]);
      g_assert_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT);
    }
  for (guint i = 0; i < G_N_ELEMENTS (whole); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RaLayout) layout = ra_layout_new_from_string (whole[i], -1, &error);

      if (layout != NULL)
        g_error ("accepted hostile layout %u: %s", i, whole[i]);
      g_assert_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT);
    }

  /* Embedded NUL, oversized input, overlong text. */
  {
    static const char with_nul[] = "[layout]\nversion=1\0\nn_items=1\n";
    g_autoptr(GError) error = NULL;
    g_autofree char *huge = g_malloc (2 * 1024 * 1024 + 1);
    g_autofree char *long_text = NULL;
    g_autoptr(GString) s = g_string_new (valid_header);

    g_assert_null (ra_layout_new_from_string (with_nul, sizeof with_nul - 1, &error));
    g_assert_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    memset (huge, 'a', 2 * 1024 * 1024);
    huge[2 * 1024 * 1024] = '\0';
    g_assert_null (ra_layout_new_from_string (huge, -1, &error));
    g_assert_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_string_append (s, "[item 0]\nkind=map\nid=map\ntext=");
    for (int k = 0; k < 5000; k++)
      g_string_append_c (s, 'x');
    g_string_append_c (s, '\n');
    g_assert_null (ra_layout_new_from_string (s->str, -1, &error));
    g_assert_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT);
  }

  /* The minimal valid layout is accepted (so the rejections above are about
   * the hostile part). */
  {
    g_autofree char *text = g_strconcat (valid_header, "[item 0]\nkind=map\nid=map\n", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(RaLayout) layout = ra_layout_new_from_string (text, -1, &error);

    g_assert_no_error (error);
    g_assert_nonnull (layout);
  }
}

static void
test_expand (void)
{
  RaLayoutContext ctx = { 0 };
  struct {
    const char *tmpl;
    const char *expected;
  } cases[] = {
    { "[{county} · ]{project}", "张掖" },
    { "[{year}年 · ]比例尺 1:{scale}", "比例尺 1:1\u2009500\u2009000" },
    { "[草案] {project}", "[草案] 张掖" },
    { "{unknown} {project", "{unknown} {project" },
    { "[unclosed {year}", "[unclosed " },
    { "", "" },
  };

  ctx.project_name = "张掖";
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = ra_layout_expand_text (cases[i].tmpl, &ctx, 1500000);
      g_assert_cmpstr (out, ==, cases[i].expected);
    }
  ctx.year = 2030;
  ctx.county = "甘州区";
  {
    g_autofree char *a = ra_layout_expand_text ("[{county} · ]{project}", &ctx, 0);
    g_autofree char *b = ra_layout_expand_text ("[{year}年 · ]x", &ctx, 0);
    g_assert_cmpstr (a, ==, "甘州区 · 张掖");
    g_assert_cmpstr (b, ==, "2030年 · x");
  }
}

static void
test_round_scale (void)
{
  g_assert_cmpfloat (ra_layout_round_scale (1000000), ==, 1000000);
  g_assert_cmpfloat (ra_layout_round_scale (1000001), ==, 1200000);
  g_assert_cmpfloat (ra_layout_round_scale (2130000), ==, 2200000);
  g_assert_cmpfloat (ra_layout_round_scale (9.3e5), ==, 1e6);
  g_assert_cmpfloat (ra_layout_round_scale (480), ==, 500);
}

/* ------------------------------------------------------------------ */
/* On paper                                                           */

/* Geodesic ground distance (m) of a horizontal segment of length_px layout
 * pixels centred on the frame centre, from the frame's view alone. */
static double
ground_distance_m (const RaView *view, RaCrs *crs, double length_px)
{
  g_autoptr(RaCrs) lonlat = ra_crs_new_from_epsg (4326, NULL);
  g_autoptr(RaTransform) t = ra_transform_new (crs, lonlat, NULL);
  double pts[4] = {
    view->cx - length_px / 2.0 * view->resolution, view->cy,
    view->cx + length_px / 2.0 * view->resolution, view->cy,
  };

  g_assert_nonnull (t);
  g_assert_cmpuint (ra_transform_points (t, pts, 2), ==, 0);
  return ra_geodesic_length_m (pts, 2);
}

/* The longest run of dark pixels on any row inside the rectangle. */
static int
longest_dark_run (cairo_surface_t *img, int x0, int y0, int x1, int y1)
{
  int stride = cairo_image_surface_get_stride (img);
  const guint8 *data = cairo_image_surface_get_data (img);
  int best = 0;

  x0 = MAX (0, x0);
  y0 = MAX (0, y0);
  x1 = MIN (cairo_image_surface_get_width (img), x1);
  y1 = MIN (cairo_image_surface_get_height (img), y1);
  for (int y = y0; y < y1; y++)
    {
      int run = 0;
      for (int x = x0; x < x1; x++)
        {
          const guint32 *px = (const guint32 *) (data + y * stride + 4 * x);
          int r = (*px >> 16) & 0xff, g = (*px >> 8) & 0xff, b = *px & 0xff;

          run = (r + g + b < 3 * 80) ? run + 1 : 0;
          best = MAX (best, run);
        }
    }
  return best;
}

/* Draws only the scale bar at dpi and measures it; checks the drawn length
 * against the labelled ground distance at the frame centre. */
static void
check_scalebar (RaLayout *layout, const RaLayoutContext *ctx)
{
  const double dpi = 600.0;
  RaLayoutGeometry geo;
  g_autoptr(GError) error = NULL;
  g_autoptr(RaLayout) only_bar = ra_layout_copy (layout);
  g_autoptr(cairo_surface_t) img = NULL;
  g_autoptr(cairo_t) cr = NULL;
  RaLayoutItem *bar;
  RaCrs *crs = ra_map_snapshot_get_crs (ctx->snapshot);
  double k = dpi / 96.0, drawn_px, ground;
  int run;

  g_assert_true (ra_layout_compute (layout, ctx, &geo, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (geo.scalebar_m, >, 0);

  for (guint i = 0; i < only_bar->items->len; i++)
    {
      RaLayoutItem *item = g_ptr_array_index (only_bar->items, i);
      item->visible = item->kind == RA_LAYOUT_ITEM_SCALEBAR;
    }
  bar = ra_layout_find_kind (only_bar, RA_LAYOUT_ITEM_SCALEBAR);
  bar->frame = FALSE;
  img = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                    (int) ceil (only_bar->width_mm / 25.4 * dpi),
                                    (int) ceil (only_bar->height_mm / 25.4 * dpi));
  cr = cairo_create (img);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, k, k);
  g_assert_true (ra_layout_draw (only_bar, ctx, cr, NULL, &error));
  g_assert_no_error (error);
  cairo_surface_flush (img);

  run = longest_dark_run (img, (int) (bar->x_mm / 25.4 * dpi), (int) (bar->y_mm / 25.4 * dpi),
                          (int) ((bar->x_mm + bar->width_mm) / 25.4 * dpi),
                          (int) ((bar->y_mm + bar->height_mm) / 25.4 * dpi));
  /* The bar's outline (1 layout px wide) reaches half a width past each end. */
  drawn_px = run / k - 1.0;
  ground = ground_distance_m (&geo.map_view, crs, drawn_px);
  g_test_message ("scale bar: label %.0f m, drawn %.2f mm, ground %.1f m at 1:%.0f",
                  geo.scalebar_m, drawn_px / RA_LAYOUT_PX_PER_MM, ground, geo.scale_denominator);
  g_assert_cmpfloat (fabs (ground - geo.scalebar_m) / geo.scalebar_m, <, 0.01);
}

static void
test_scalebar_fit (void)
{
  g_autoptr(RaLayout) layout = ra_layout_new_default (RA_PAGE_A4, TRUE, NULL);
  RaLayoutContext ctx;

  lt_sample_context (&ctx);
  check_scalebar (layout, &ctx);
}

static void
test_scalebar_fixed_scale (void)
{
  g_autoptr(RaLayout) layout = ra_layout_new_default (RA_PAGE_A3, FALSE, NULL);
  RaLayoutItem *map = ra_layout_find_kind (layout, RA_LAYOUT_ITEM_MAP);
  RaLayoutContext ctx;
  RaLayoutGeometry geo;
  g_autoptr(GError) error = NULL;

  lt_sample_context (&ctx);
  map->map_mode = RA_LAYOUT_MAP_SCALE;
  map->scale_denominator = 500000;
  map->centre_lon = 101.8;
  map->centre_lat = 38.4;
  g_assert_true (ra_layout_compute (layout, &ctx, &geo, &error));
  g_assert_no_error (error);
  /* 1:n on paper: one paper metre covers n grid metres (a metric CRS). */
  g_assert_cmpfloat_with_epsilon (geo.map_view.resolution * 96.0 / 0.0254, 500000, 0.5);
  g_assert_cmpfloat_with_epsilon (geo.scale_denominator, 500000, 0.5);
  g_assert_cmpfloat_with_epsilon (geo.centre_lon, 101.8, 1e-6);
  check_scalebar (layout, &ctx);
}

/* PROJ's meridian convergence (degrees) at lon/lat for a projected CRS. */
static double
proj_convergence_deg (const char *crs, double lon, double lat)
{
  PJ_CONTEXT *pc = proj_context_create ();
  PJ *crs_pj = proj_create (pc, crs);
  g_autofree char *def = NULL;
  PJ *p;
  PJ_COORD c = proj_coord (proj_torad (lon), proj_torad (lat), 0, 0);
  PJ_FACTORS f;

  /* The CRS's projection as PROJ itself states it, without "+type=crs":
   * a plain projection, which proj_factors evaluates at (lon, lat). */
  g_assert_nonnull (crs_pj);
  def = g_strdup (proj_as_proj_string (pc, crs_pj, PJ_PROJ_5, NULL));
  g_assert_nonnull (def);
  if (strstr (def, "+type=crs") != NULL)
    *strstr (def, "+type=crs") = '\0';
  p = proj_create (pc, def);
  g_assert_nonnull (p);
  f = proj_factors (p, c);
  g_assert_cmpint (proj_errno (p), ==, 0);
  proj_destroy (p);
  proj_destroy (crs_pj);
  proj_context_destroy (pc);
  return proj_todeg (f.meridian_convergence);
}

static void
test_north_arrow (void)
{
  g_autoptr(RaLayout) layout = ra_layout_new_default (RA_PAGE_A4, TRUE, NULL);
  RaLayoutItem *map = ra_layout_find_kind (layout, RA_LAYOUT_ITEM_MAP);
  RaLayoutContext ctx;
  RaLayoutGeometry geo;
  g_autoptr(GError) error = NULL;
  double gamma;

  lt_sample_context (&ctx);
  g_assert_cmpint (ra_crs_get_epsg (ra_map_snapshot_get_crs (ctx.snapshot)), ==, 4542);

  /* 2.5 degrees east of the zone's central meridian (99E). */
  map->map_mode = RA_LAYOUT_MAP_SCALE;
  map->scale_denominator = 1000000;
  map->centre_lon = 101.5;
  map->centre_lat = 38.5;
  g_assert_true (ra_layout_compute (layout, &ctx, &geo, &error));
  g_assert_no_error (error);
  gamma = proj_convergence_deg ("EPSG:4542", geo.centre_lon, geo.centre_lat);
  g_test_message ("convergence %.4f°, arrow %.4f°", gamma, geo.north_angle_deg);
  g_assert_cmpfloat (fabs (gamma), >, 1.0);
  /* East of the central meridian true north leans west of grid north:
   * the arrow turns anticlockwise by the convergence. */
  g_assert_cmpfloat (fabs (geo.north_angle_deg - (-gamma)), <, 0.1);

  /* West of it, the other way. */
  map->centre_lon = 97.6;
  g_assert_true (ra_layout_compute (layout, &ctx, &geo, &error));
  gamma = proj_convergence_deg ("EPSG:4542", geo.centre_lon, geo.centre_lat);
  g_assert_cmpfloat (gamma, <, -0.5);
  g_assert_cmpfloat (fabs (geo.north_angle_deg - (-gamma)), <, 0.1);

  /* Grid north on request. */
  ra_layout_find_kind (layout, RA_LAYOUT_ITEM_NORTH_ARROW)->grid_north = TRUE;
  g_assert_true (ra_layout_compute (layout, &ctx, &geo, &error));
  g_assert_cmpfloat (geo.north_angle_deg, ==, 0.0);
}

static void
test_fit_county (void)
{
  g_autoptr(RaLayout) layout = ra_layout_new_default (RA_PAGE_A4, TRUE, NULL);
  RaLayoutItem *map = ra_layout_find_kind (layout, RA_LAYOUT_ITEM_MAP);
  RaLayoutContext ctx;
  RaLayoutGeometry whole, county;
  g_autoptr(GError) error = NULL;

  lt_sample_context (&ctx);
  g_assert_true (ra_layout_compute (layout, &ctx, &whole, &error));
  map->map_mode = RA_LAYOUT_MAP_FIT_COUNTY;
  map->county = g_strdup ("620702");   /* 甘州区, by adcode */
  g_assert_true (ra_layout_compute (layout, &ctx, &county, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (county.scale_denominator, <, whole.scale_denominator / 2);
  /* Ganzhou's seat is near 100.45E 38.93N. */
  g_assert_cmpfloat (fabs (county.centre_lon - 100.45), <, 0.4);
  g_assert_cmpfloat (fabs (county.centre_lat - 38.93), <, 0.4);

  g_free (map->county);
  map->county = g_strdup ("不存在县");
  g_assert_false (ra_layout_compute (layout, &ctx, &county, &error));
  g_assert_error (error, RA_ERROR, RA_ERROR_NOT_FOUND);
}

static void
test_cancel_draw (void)
{
  g_autoptr(RaLayout) layout = ra_layout_new_default (RA_PAGE_A4, TRUE, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(cairo_surface_t) img = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 100, 100);
  g_autoptr(cairo_t) cr = cairo_create (img);
  g_autoptr(GError) error = NULL;
  RaLayoutContext ctx;

  lt_sample_context (&ctx);
  g_cancellable_cancel (cancellable);
  g_assert_false (ra_layout_draw (layout, &ctx, cr, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();

  g_test_add_func ("/layout/text/round-trip", test_round_trip);
  g_test_add_func ("/layout/text/hostile", test_hostile);
  g_test_add_func ("/layout/text/templates", test_expand);
  g_test_add_func ("/layout/page/copy-and-resize", test_copy_and_page);
  g_test_add_func ("/layout/scale/round", test_round_scale);
  g_test_add_func ("/layout/scalebar/fitted-frame", test_scalebar_fit);
  g_test_add_func ("/layout/scalebar/fixed-scale", test_scalebar_fixed_scale);
  g_test_add_func ("/layout/north-arrow/convergence", test_north_arrow);
  g_test_add_func ("/layout/map/fit-county", test_fit_county);
  g_test_add_func ("/layout/draw/cancel", test_cancel_draw);
  return g_test_run ();
}
