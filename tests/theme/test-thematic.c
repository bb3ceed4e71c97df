/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "theme-test-util.h"

static void
test_categories_from_layer (void)
{
  g_autoptr(RaLayer) layer = tt_load_counties ();
  RaAttrTable *attrs = ra_layer_get_attrs (layer);
  g_autoptr(RaStyle) style = ra_style_copy (ra_layer_get_style (layer));
  g_autoptr(GError) error = NULL;
  int name = ra_attr_table_field_index (attrs, "name_zh");

  g_assert_cmpint (name, >=, 0);
  g_assert_true (ra_style_build_categories (style, attrs, "name_zh", &error));
  g_assert_no_error (error);
  g_assert_cmpint (style->kind, ==, RA_STYLE_CATEGORIZED);
  g_assert_cmpstr (style->field, ==, "name_zh");
  g_assert_cmpuint (style->n_classes, ==, attrs->n_features);
  g_assert_cmpuint (style->n_classes, ==, 6);
  for (guint i = 1; i < style->n_classes; i++)
    g_assert_cmpint (g_utf8_collate (style->classes[i - 1].value, style->classes[i].value), <=, 0);
  for (guint f = 0; f < attrs->n_features; f++)
    {
      const char *text = ra_attr_table_get (attrs, f, name);
      const RaStyleClass *cls = ra_style_class_for_value (style, text);

      g_assert_cmpint (ra_style_class_index (style, cls), >=, 0);
      g_assert_cmpstr (cls->value, ==, text);
    }
  g_assert_true (ra_style_class_for_value (style, "甘州区") != &style->other);
  g_assert_true (ra_style_class_for_value (style, "不存在县") == &style->other);

  /* Numbers sort as numbers. */
  g_assert_true (ra_style_build_categories (style, attrs, "seat_lon", &error));
  for (guint i = 1; i < style->n_classes; i++)
    g_assert_cmpfloat (g_ascii_strtod (style->classes[i - 1].value, NULL), <,
                       g_ascii_strtod (style->classes[i].value, NULL));

  g_assert_false (ra_style_build_categories (style, attrs, "no_such_field", &error));
  g_assert_error (error, RA_ERROR, RA_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (ra_style_build_graduated (style, attrs, "name_zh", RA_CLASSIFY_JENKS, 3, NULL, &error));
  g_assert_error (error, RA_ERROR, RA_ERROR_EMPTY);
  /* A failed build leaves the style as it was. */
  g_assert_cmpstr (style->field, ==, "seat_lon");
}

/* Device position of a feature's label point. */
static void
feature_anchor (const RaGeometry *geom, const RaView *view, int *px, int *py)
{
  double x, y, dx, dy;

  g_assert_true (ra_geometry_label_point (geom, &x, &y));
  ra_view_to_device (view, x, y, &dx, &dy);
  *px = (int) floor (dx);
  *py = (int) floor (dy);
}

/* The device pixel of a polygon farthest from its outline (on a 2 px
 * grid), so a small window around it holds nothing but the fill. */
static void
feature_interior (const RaGeometry *geom, const RaView *view, int *px, int *py)
{
  g_autoptr(RaGeometry) rings = ra_geometry_new (RA_GEOM_LINE, geom->n_points + geom->n_parts,
                                                 geom->n_parts);
  double x0, y0, x1, y1, best = -1;
  guint k = 0;

  /* The outline as closed lines, for distances to it. */
  for (guint p = 0; p < geom->n_parts; p++)
    {
      guint a = geom->parts[p], b = geom->parts[p + 1];
      rings->parts[p] = k;
      for (guint i = a; i <= b; i++)
        {
          guint j = i < b ? i : a;
          rings->xy[2 * k] = geom->xy[2 * j];
          rings->xy[2 * k + 1] = geom->xy[2 * j + 1];
          k++;
        }
    }
  rings->parts[geom->n_parts] = k;
  ra_geometry_update_bbox (rings);

  ra_view_to_device (view, geom->bbox.x0, geom->bbox.y1, &x0, &y0);
  ra_view_to_device (view, geom->bbox.x1, geom->bbox.y0, &x1, &y1);
  for (double dy = floor (y0); dy < y1; dy += 2)
    for (double dx = floor (x0); dx < x1; dx += 2)
      {
        double mx, my, d;

        ra_view_to_map (view, dx + 0.5, dy + 0.5, &mx, &my);
        if (!ra_geometry_contains_point (geom, mx, my))
          continue;
        d = ra_geometry_distance (rings, mx, my) / view->resolution;
        if (d > best)
          {
            best = d;
            *px = (int) dx;
            *py = (int) dy;
          }
      }
  g_assert_cmpfloat (best, >, 5.0);
}

static void
test_graduated_render (void)
{
  g_autoptr(GHashTable) rates = tt_read_targets ("2023", "actual", "reclaimed_rate_pct");
  g_autoptr(RaLayer) layer = tt_counties_with_field ("再生水利用率", "rate", rates);
  g_autoptr(RaStyle) style = ra_style_copy (ra_layer_get_style (layer));
  g_autoptr(GError) error = NULL;
  g_autoptr(RaMap) map = NULL;
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autoptr(RaLayerData) data = NULL;
  g_autoptr(cairo_surface_t) surface = NULL;
  g_autoptr(GHashTable) colours_used = g_hash_table_new (NULL, NULL);
  RaView view;
  int rate;

  g_assert_cmpuint (g_hash_table_size (rates), ==, 6);
  g_assert_true (ra_style_build_graduated (style, ra_layer_get_attrs (layer), "rate",
                                           RA_CLASSIFY_JENKS, 3, "YlGnBu", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (style->n_classes, ==, 3);
  ra_style_set_label_field (style, "name_zh");
  ra_layer_set_style (layer, style);

  map = tt_map_with (layer);
  tt_fit_view (map, &view, 800, 600);
  snap = ra_map_snapshot_new (map);
  surface = tt_render (snap, &view, FALSE, NULL);
  tt_save_png (surface, "graduated-rate-2023-nolabels.png");
  data = ra_layer_dup_data (layer);
  rate = ra_attr_table_field_index (data->attrs, "rate");

  for (guint f = 0; f < data->n_features; f++)
    {
      const char *text = ra_attr_table_get (data->attrs, f, rate);
      double v = g_ascii_strtod (text, NULL);
      const RaStyleClass *expected = NULL;
      int px = -1, py = -1;

      /* The class by hand: lower <= v < upper, the last one closed. */
      for (guint c = 0; c < style->n_classes && expected == NULL; c++)
        if (style->classes[c].lower <= v &&
            (v < style->classes[c].upper || (c + 1 == style->n_classes && v <= style->classes[c].upper)))
          expected = &style->classes[c];
      g_assert_nonnull (expected);
      g_hash_table_add (colours_used, (gpointer) expected);

      feature_interior (data->geoms[f], &view, &px, &py);
      for (int dy = -2; dy <= 2; dy++)
        for (int dx = -2; dx <= 2; dx++)
          {
            guint8 rgb[3];
            tt_pixel (surface, px + dx, py + dy, rgb);
            if (!tt_pixel_is (rgb, &expected->fill, 2))
              g_error ("county %u (rate %s) at %d,%d is #%02x%02x%02x, not its class colour",
                       f, text, px + dx, py + dy, rgb[0], rgb[1], rgb[2]);
          }
    }
  /* Six counties, three classes, all used by Jenks. */
  g_assert_cmpuint (g_hash_table_size (colours_used), ==, 3);

  {
    g_autoptr(cairo_surface_t) labelled = tt_render (snap, &view, TRUE, NULL);
    tt_save_png (labelled, "graduated-rate-2023.png");
  }
}

/* A county without a value: drawn with the hatched "no data" class. */
static void
test_no_data_hatch (void)
{
  g_autoptr(GHashTable) rates = tt_read_targets ("2023", "actual", "reclaimed_rate_pct");
  g_autoptr(RaLayer) layer = NULL;
  g_autoptr(RaStyle) style = NULL;
  g_autoptr(RaMap) map = NULL;
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autoptr(RaLayerData) data = NULL;
  g_autoptr(cairo_surface_t) surface = NULL;
  const double breaks[] = { 0, 40, 50, 100 };
  RaView view;
  int adcode;
  guint n_hatch = 0, n_ground = 0, n_other = 0;
  int px = -1, py = -1;

  g_hash_table_insert (rates, g_strdup ("620723"), g_strdup ("n/a"));   /* 临泽县: not a number */
  layer = tt_counties_with_field ("rate", "rate", rates);
  style = ra_style_copy (ra_layer_get_style (layer));
  ra_style_set_graduated (style, "rate", RA_CLASSIFY_MANUAL, breaks, 4, "Blues");
  ra_layer_set_style (layer, style);
  map = tt_map_with (layer);
  tt_fit_view (map, &view, 800, 600);
  snap = ra_map_snapshot_new (map);
  surface = tt_render (snap, &view, FALSE, NULL);
  tt_save_png (surface, "graduated-no-data.png");

  data = ra_layer_dup_data (layer);
  adcode = ra_attr_table_field_index (data->attrs, "adcode");
  for (guint f = 0; f < data->n_features; f++)
    if (g_strcmp0 (ra_attr_table_get (data->attrs, f, adcode), "620723") == 0)
      feature_anchor (data->geoms[f], &view, &px, &py);
  g_assert_cmpint (px, >=, 0);

  for (int dy = -8; dy < 8; dy++)
    for (int dx = -8; dx < 8; dx++)
      {
        guint8 rgb[3];
        tt_pixel (surface, px + dx, py + dy, rgb);
        if (tt_pixel_is (rgb, &style->no_data.fill, 3))
          n_ground++;
        else if (rgb[0] == rgb[1] && rgb[1] == rgb[2] && rgb[0] < 0xe0)
          n_hatch++;   /* grey hatch lines, antialiased */
        else
          n_other++;
      }
  g_test_message ("no-data window: %u ground, %u hatch, %u other", n_ground, n_hatch, n_other);
  g_assert_cmpuint (n_ground, >, 64);
  g_assert_cmpuint (n_hatch, >, 16);
  g_assert_cmpuint (n_other, ==, 0);
}

/* Darkness-weighted pixel count (black symbols on white) in [x0, x1). */
static double
coverage (cairo_surface_t *surface, int x0, int x1)
{
  double sum = 0.0;

  for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
    for (int x = x0; x < x1; x++)
      {
        guint8 rgb[3];
        tt_pixel (surface, x, y, rgb);
        sum += (255.0 - rgb[0]) / 255.0;
      }
  return sum;
}

static RaLayer *
point_layer (const double *xs, const char * const *values, const char * const *kinds, guint n)
{
  const char *names[] = { "cap", "status" };
  RaLayer *layer = ra_layer_new ("projects", RA_GEOM_POINT, NULL);

  ra_layer_set_fields (layer, 2, names, NULL);
  for (guint i = 0; i < n; i++)
    {
      RaGeometry *geom = ra_geometry_new (RA_GEOM_POINT, 1, 1);
      char **row = g_new0 (char *, 3);

      geom->xy[0] = xs[i];
      geom->xy[1] = 0;
      geom->parts[0] = 0;
      geom->parts[1] = 1;
      ra_geometry_update_bbox (geom);
      row[0] = g_strdup (values[i]);
      row[1] = g_strdup (kinds != NULL ? kinds[i] : NULL);
      ra_layer_add_feature (layer, i, geom, row);
    }
  return layer;
}

static void
point_view (RaView *view)
{
  ra_view_init (view, 300, 120);
  view->cx = 50;
  view->cy = 0;
  view->resolution = 1.0;
}

static void
test_proportional_area (void)
{
  const double xs[] = { 0, 100 };
  const char * const values[] = { "100", "400" };
  g_autoptr(RaLayer) layer = point_layer (xs, values, NULL, 2);
  g_autoptr(RaStyle) style = ra_style_copy (ra_layer_get_style (layer));
  g_autoptr(RaMap) map = NULL;
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autoptr(cairo_surface_t) surface = NULL;
  RaView view;
  double small, large;

  style->kind = RA_STYLE_PROPORTIONAL;
  style->size_field = g_strdup ("cap");
  style->size_max_value = 0;      /* the layer's maximum: 400 */
  style->size_max_px = 60;
  style->size_min_px = 4;
  style->size_fill = (RaColor) { 0, 0, 0, 1 };
  style->size_stroke = (RaColor) { 0, 0, 0, 0 };
  ra_layer_set_style (layer, style);
  map = tt_map_with (layer);
  point_view (&view);
  snap = ra_map_snapshot_new (map);
  surface = tt_render (snap, &view, FALSE, NULL);
  tt_save_png (surface, "proportional-area.png");

  /* Device x: 100 and 200. */
  small = coverage (surface, 0, 150);
  large = coverage (surface, 150, 300);
  g_test_message ("drawn areas: %.1f and %.1f px (ratio %.3f)", small, large, large / small);
  g_assert_cmpfloat (fabs (small - G_PI * 15 * 15) / (G_PI * 15 * 15), <, 0.02);
  g_assert_cmpfloat (fabs (large - G_PI * 30 * 30) / (G_PI * 30 * 30), <, 0.02);
  g_assert_cmpfloat (fabs (large / small - 4.0), <, 0.08);
}

static void
test_proportional_min_and_order (void)
{
  /* Two symbols on one spot and a tiny value far away. */
  const double xs[] = { 0, 0, 100 };
  const char * const values[] = { "400", "25", "0.001" };
  const char * const kinds[] = { "在建", "拟建", "拟建" };
  g_autoptr(RaLayer) layer = point_layer (xs, values, kinds, 3);
  g_autoptr(RaStyle) style = ra_style_copy (ra_layer_get_style (layer));
  g_autoptr(RaMap) map = NULL;
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autoptr(cairo_surface_t) surface = NULL;
  RaColor red = { 0.8, 0.1, 0.1, 1 }, blue = { 0.1, 0.2, 0.8, 1 };
  RaView view;
  guint8 rgb[3];
  double tiny;

  style->kind = RA_STYLE_PROPORTIONAL;
  style->field = g_strdup ("status");
  ra_style_add_category (style, "在建", NULL, &red);
  ra_style_add_category (style, "拟建", NULL, &blue);
  style->size_field = g_strdup ("cap");
  style->size_max_value = 400;
  style->size_max_px = 60;
  style->size_min_px = 6;
  style->classes[1].stroke = (RaColor) { 0, 0, 0, 0 };
  ra_layer_set_style (layer, style);
  map = tt_map_with (layer);
  point_view (&view);
  snap = ra_map_snapshot_new (map);
  surface = tt_render (snap, &view, FALSE, NULL);

  /* The small (blue) one is drawn after the large (red) one. */
  tt_pixel (surface, 100, 60, rgb);
  g_assert_true (tt_pixel_is (rgb, &blue, 2));
  tt_pixel (surface, 100 + 20, 60, rgb);
  g_assert_true (tt_pixel_is (rgb, &red, 2));
  /* The tiny value still shows, at the minimum size (diameter 6). */
  tiny = coverage (surface, 160, 300);
  g_test_message ("minimum symbol: %.1f px", tiny);
  g_assert_cmpfloat (tiny, >, 0.6 * G_PI * 9);
  g_assert_cmpfloat (tiny, <, 1.6 * G_PI * 9);
}

static gboolean
boxes_overlap (const RaBBox *a, const RaBBox *b)
{
  return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

static void
test_labels_avoid_symbols (void)
{
  g_autoptr(GHashTable) use = tt_read_targets ("2023", "actual", "reclaimed_use");
  g_autoptr(RaLayer) layer = tt_counties_with_field ("再生水利用量", "use", use);
  g_autoptr(RaStyle) style = ra_style_copy (ra_layer_get_style (layer));
  g_autoptr(RaMap) map = NULL;
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autoptr(RaLayerData) data = NULL;
  g_autoptr(cairo_surface_t) surface = NULL;
  g_autoptr(GArray) label_boxes = g_array_new (FALSE, FALSE, sizeof (RaBBox));
  RaRenderStats stats = { 0 };
  RaView view;
  double max;
  int field;

  style->kind = RA_STYLE_PROPORTIONAL;
  style->size_field = g_strdup ("use");
  style->size_max_px = 70;
  ra_style_set_label_field (style, "name_zh");
  ra_layer_set_style (layer, style);
  map = tt_map_with (layer);
  tt_fit_view (map, &view, 800, 600);
  snap = ra_map_snapshot_new (map);
  stats.label_boxes = label_boxes;
  surface = tt_render (snap, &view, TRUE, &stats);
  tt_save_png (surface, "proportional-labels.png");

  data = ra_layer_dup_data (layer);
  field = ra_attr_table_field_index (data->attrs, "use");
  max = ra_style_size_max_in_table (style, data->attrs);
  g_assert_cmpfloat (max, ==, 1414);   /* 甘州区, appendix table 1 */
  g_test_message ("labels placed %u, skipped %u", stats.n_labels, stats.n_labels_skipped);
  g_assert_cmpuint (stats.n_labels, >=, 5);

  for (guint f = 0; f < data->n_features; f++)
    {
      double v = g_ascii_strtod (ra_attr_table_get (data->attrs, f, field), NULL);
      double d = ra_style_symbol_size_px (style, max, v), x, y, px, py;
      RaBBox sym;

      g_assert_true (ra_geometry_label_point (data->geoms[f], &x, &y));
      ra_view_to_device (&view, x, y, &px, &py);
      sym = (RaBBox) { px - d / 2, py - d / 2, px + d / 2, py + d / 2 };
      for (guint i = 0; i < label_boxes->len; i++)
        g_assert_false (boxes_overlap (&sym, &g_array_index (label_boxes, RaBBox, i)));
    }
}

static void
test_categorized_points_lines (void)
{
  const double xs[] = { 0, 40, 80 };
  const char * const values[] = { "1", "2", "3" };
  const char * const kinds[] = { "在建", "拟建", NULL };
  g_autoptr(RaLayer) layer = point_layer (xs, values, kinds, 3);
  g_autoptr(RaStyle) style = ra_style_copy (ra_layer_get_style (layer));
  g_autoptr(RaMap) map = NULL;
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autoptr(cairo_surface_t) surface = NULL;
  g_autoptr(GError) error = NULL;
  RaView view;
  guint8 rgb[3];

  g_assert_true (ra_style_build_categories (style, ra_layer_get_attrs (layer), "status", &error));
  g_assert_cmpuint (style->n_classes, ==, 2);
  style->marker_size_px = 14;
  style->no_data.fill = (RaColor) { 0.9, 0.9, 0.2, 1 };
  ra_layer_set_style (layer, style);
  map = tt_map_with (layer);
  point_view (&view);
  snap = ra_map_snapshot_new (map);
  surface = tt_render (snap, &view, FALSE, NULL);

  tt_pixel (surface, 100, 60, rgb);
  g_assert_true (tt_pixel_is (rgb, &ra_style_class_for_value (style, "在建")->fill, 2));
  tt_pixel (surface, 140, 60, rgb);
  g_assert_true (tt_pixel_is (rgb, &ra_style_class_for_value (style, "拟建")->fill, 2));
  /* The marker without a value: no-data fill under its hatch. */
  {
    gboolean ground = FALSE;
    for (int dx = -3; dx <= 3; dx++)
      {
        tt_pixel (surface, 180 + dx, 60, rgb);
        ground |= tt_pixel_is (rgb, &style->no_data.fill, 3);
      }
    g_assert_true (ground);
  }
}

/* Pies: one symbol split 50 / 25 / 12.5 / 12.5 by four fields, clockwise
 * from 12 o'clock; one without pie values keeps its plain fill. */
static RaLayer *
pie_layer (void)
{
  const char *names[] = { "total", "cap_industry", "cap_agriculture", "cap_ecological",
                          "cap_urban_nonpotable" };
  const char * const rows[][5] = {
    { "100", "50", "25", "12.5", "12.5" },
    { "25", "0", NULL, "", "x" },
  };
  const double xs[] = { 50, 180 };
  RaLayer *layer = ra_layer_new ("pies", RA_GEOM_POINT, NULL);

  ra_layer_set_fields (layer, G_N_ELEMENTS (names), names, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      RaGeometry *geom = ra_geometry_new (RA_GEOM_POINT, 1, 1);
      char **row = g_new0 (char *, G_N_ELEMENTS (names) + 1);

      geom->xy[0] = xs[i];
      geom->xy[1] = 0;
      geom->parts[0] = 0;
      geom->parts[1] = 1;
      ra_geometry_update_bbox (geom);
      for (guint k = 0; k < G_N_ELEMENTS (names); k++)
        row[k] = g_strdup (rows[i][k]);
      ra_layer_add_feature (layer, i, geom, row);
    }
  return layer;
}

static void
pie_style (RaStyle *style)
{
  static const char * const colors[] = { "#1b9e77", "#d95f02", "#7570b3", "#e7298a" };
  static const char * const fields[] = { "cap_industry", "cap_agriculture", "cap_ecological",
                                         "cap_urban_nonpotable" };

  style->kind = RA_STYLE_PROPORTIONAL;
  g_free (style->size_field);
  style->size_field = g_strdup ("total");
  style->size_max_value = 100;
  style->size_max_px = 100;
  style->size_min_px = 4;
  style->stroke_width_px = 0;
  style->size_fill = (RaColor) { 0, 0, 0, 1 };
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      RaColor color;

      g_assert_true (ra_color_parse (&color, colors[i]));
      ra_style_add_pie_field (style, fields[i], NULL, &color);
    }
}

static void
test_proportional_pies (void)
{
  const double shares[] = { 0.5, 0.25, 0.125, 0.125 };
  g_autoptr(RaLayer) layer = pie_layer ();
  g_autoptr(RaStyle) style = ra_style_copy (ra_layer_get_style (layer));
  g_autoptr(RaStyle) parsed = NULL;
  g_autoptr(RaMap) map = NULL;
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autoptr(cairo_surface_t) surface = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  double counts[4] = { 0 }, n_disc = 0;
  RaView view;
  guint8 rgb[3];

  pie_style (style);
  ra_layer_set_style (layer, style);
  map = tt_map_with (layer);
  point_view (&view);   /* centres at device (150, 60) and (280, 60) */
  snap = ra_map_snapshot_new (map);
  surface = tt_render (snap, &view, FALSE, NULL);
  tt_save_png (surface, "proportional-pies.png");

  /* Wedge colours where expected (screen angles, clockwise from 12 o'clock). */
  {
    static const struct { double deg; guint wedge; } probes[] = {
      { 10, 0 }, { 90, 0 }, { 170, 0 }, { 190, 1 }, { 260, 1 }, { 290, 2 }, { 330, 3 }, { 355, 3 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
      {
        double a = probes[i].deg * G_PI / 180.0;
        int x = (int) floor (150 + 35 * sin (a)), y = (int) floor (60 - 35 * cos (a));

        tt_pixel (surface, x, y, rgb);
        g_assert_true (tt_pixel_is (rgb, &style->pie_fields[probes[i].wedge].fill, 2));
      }
  }
  /* Wedge areas (so angles) in proportion to the values. */
  for (int y = 10; y < 110; y++)
    for (int x = 100; x < 200; x++)
      {
        double dx = x + 0.5 - 150, dy = y + 0.5 - 60;

        if (dx * dx + dy * dy > 47.0 * 47.0)
          continue;
        n_disc++;
        tt_pixel (surface, x, y, rgb);
        for (guint w = 0; w < 4; w++)
          if (tt_pixel_is (rgb, &style->pie_fields[w].fill, 2))
            counts[w]++;
      }
  for (guint w = 0; w < 4; w++)
    {
      g_test_message ("wedge %u: %.3f of the disc", w, counts[w] / n_disc);
      g_assert_cmpfloat (fabs (counts[w] / n_disc - shares[w]), <, 0.015);
    }
  /* No pie values: the plain fill, the size still from the total. */
  tt_pixel (surface, 280, 60, rgb);
  g_assert_true (tt_pixel_is (rgb, &style->size_fill, 2));

  /* Kept by the text form; a style without pies writes none. */
  text = ra_style_to_string (style);
  parsed = ra_style_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parsed->n_pie_fields, ==, 4);
  for (guint w = 0; w < 4; w++)
    {
      g_assert_cmpstr (parsed->pie_fields[w].field, ==, style->pie_fields[w].field);
      g_assert_null (parsed->pie_fields[w].label);
      {
        g_autofree char *want = ra_color_to_string (&style->pie_fields[w].fill);
        g_autofree char *got = ra_color_to_string (&parsed->pie_fields[w].fill);

        g_assert_cmpstr (got, ==, want);
      }
    }
  ra_style_clear_pie_fields (style);
  g_clear_pointer (&text, g_free);
  text = ra_style_to_string (style);
  g_assert_null (strstr (text, "Pie"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();

  g_test_add_func ("/theme/thematic/categories-from-layer", test_categories_from_layer);
  g_test_add_func ("/theme/thematic/graduated-render", test_graduated_render);
  g_test_add_func ("/theme/thematic/no-data-hatch", test_no_data_hatch);
  g_test_add_func ("/theme/thematic/proportional-area", test_proportional_area);
  g_test_add_func ("/theme/thematic/proportional-min-order", test_proportional_min_and_order);
  g_test_add_func ("/theme/thematic/labels-avoid-symbols", test_labels_avoid_symbols);
  g_test_add_func ("/theme/thematic/categorized-points", test_categorized_points_lines);
  g_test_add_func ("/theme/thematic/proportional-pies", test_proportional_pies);
  return g_test_run ();
}
