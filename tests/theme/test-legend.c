/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "theme-test-util.h"

static gboolean
colors_equal (const RaColor *a, const RaColor *b)
{
  return a->r == b->r && a->g == b->g && a->b == b->b && a->a == b->a;
}

/* Draws the legend beside nothing, saves it and checks measure == draw. */
static void
draw_and_check (const RaLegend *legend, const char *png)
{
  g_autoptr(cairo_surface_t) surface = NULL;
  g_autoptr(cairo_t) cr = NULL;
  double w = 0, h = 0, drawn;

  ra_legend_measure (legend, NULL, 220, &w, &h);
  g_assert_cmpfloat (w, >, 0);
  g_assert_cmpfloat (w, <=, 220);
  g_assert_cmpfloat (h, >, 0);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 240, (int) ceil (h) + 20);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  drawn = ra_legend_draw (legend, cr, 10, 10, 220, NULL);
  g_assert_cmpfloat_with_epsilon (drawn, h, 1e-6);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (surface);
  tt_save_png (surface, png);
}

static void
test_legend_graduated (void)
{
  g_autoptr(GHashTable) rates = tt_read_targets ("2023", "actual", "reclaimed_rate_pct");
  g_autoptr(RaLayer) layer = NULL;
  g_autoptr(RaStyle) style = NULL;
  g_autoptr(RaMap) map = NULL;
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autoptr(RaLegend) legend = NULL;
  const double breaks[] = { -INFINITY, 40, 50, INFINITY };
  RaLegendLayer *ll;

  layer = tt_counties_with_field ("再生水利用率 2023 (%)", "rate", rates);
  style = ra_style_copy (ra_layer_get_style (layer));
  ra_style_set_graduated (style, "rate", RA_CLASSIFY_MANUAL, breaks, 4, "YlGnBu");
  style->classes[2].pattern = RA_PATTERN_HATCH;   /* met: by pattern, too */
  ra_layer_set_style (layer, style);
  map = tt_map_with (layer);
  snap = ra_map_snapshot_new (map);
  legend = ra_legend_new_from_snapshot (snap);

  g_assert_cmpuint (legend->layers->len, ==, 1);
  ll = g_ptr_array_index (legend->layers, 0);
  g_assert_cmpstr (ll->title, ==, "再生水利用率 2023 (%)");
  g_assert_cmpint (ll->kind, ==, RA_STYLE_GRADUATED);
  g_assert_cmpstr (ll->field, ==, "rate");
  /* Every class and nothing else: every county has a value. */
  g_assert_cmpuint (ll->items->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      RaLegendItem *item = g_ptr_array_index (ll->items, i);
      g_autofree char *label = ra_style_class_dup_label (style, &style->classes[i]);

      g_assert_cmpint (item->symbol, ==, RA_LEGEND_SYMBOL_POLYGON);
      g_assert_cmpstr (item->label, ==, label);
      g_assert_true (colors_equal (&item->fill, &style->classes[i].fill));
      g_assert_cmpint (item->pattern, ==, style->classes[i].pattern);
    }
  g_assert_cmpstr (((RaLegendItem *) g_ptr_array_index (ll->items, 0))->label, ==, "< 40");
  g_assert_cmpstr (((RaLegendItem *) g_ptr_array_index (ll->items, 1))->label, ==, "40 – 50");
  g_assert_cmpstr (((RaLegendItem *) g_ptr_array_index (ll->items, 2))->label, ==, "≥ 50");
  draw_and_check (legend, "legend-graduated.png");

  /* A county without data adds the "no data" row; hidden layers vanish. */
  {
    g_autoptr(RaLegend) again = NULL;
    g_autoptr(RaMapSnapshot) snap2 = NULL;
    g_autoptr(RaLayer) holes = NULL;
    RaLegendItem *last;

    g_hash_table_remove (rates, "620702");
    holes = tt_counties_with_field ("有缺测", "rate", rates);
    ra_layer_set_style (holes, style);
    g_assert_true (ra_map_add_layer (map, holes, NULL));
    snap2 = ra_map_snapshot_new (map);
    again = ra_legend_new_from_snapshot (snap2);
    g_assert_cmpuint (again->layers->len, ==, 2);
    ll = g_ptr_array_index (again->layers, 0);    /* top first */
    g_assert_cmpstr (ll->title, ==, "有缺测");
    g_assert_cmpuint (ll->items->len, ==, 4);
    last = g_ptr_array_index (ll->items, 3);
    g_assert_cmpstr (last->label, ==, "No data");
    g_assert_cmpint (last->pattern, ==, RA_PATTERN_HATCH);

    ra_layer_set_visible (layer, FALSE);
    g_clear_pointer (&snap2, ra_map_snapshot_unref);
    g_clear_pointer (&again, ra_legend_free);
    snap2 = ra_map_snapshot_new (map);
    again = ra_legend_new_from_snapshot (snap2);
    g_assert_cmpuint (again->layers->len, ==, 1);
  }
}

static void
test_legend_categorized_single (void)
{
  g_autoptr(RaLayer) layer = tt_load_counties ();
  g_autoptr(RaLayer) plain = tt_load_counties ();
  g_autoptr(RaStyle) style = ra_style_copy (ra_layer_get_style (layer));
  g_autoptr(RaMap) map = ra_map_new ();
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autoptr(RaLegend) legend = NULL;
  RaLegendLayer *ll;

  g_assert_true (ra_style_build_categories (style, ra_layer_get_attrs (layer), "name_zh", NULL));
  ra_layer_set_style (layer, style);
  ra_layer_set_name (plain, "县界");
  g_assert_true (ra_map_add_layer (map, plain, NULL));
  g_assert_true (ra_map_add_layer (map, layer, NULL));
  snap = ra_map_snapshot_new (map);
  legend = ra_legend_new_from_snapshot (snap);

  g_assert_cmpuint (legend->layers->len, ==, 2);
  ll = g_ptr_array_index (legend->layers, 0);
  g_assert_cmpint (ll->kind, ==, RA_STYLE_CATEGORIZED);
  g_assert_cmpuint (ll->items->len, ==, 6);   /* no "other", no "no data" */
  for (guint i = 0; i < 6; i++)
    {
      RaLegendItem *item = g_ptr_array_index (ll->items, i);
      g_assert_cmpstr (item->label, ==, style->classes[i].value);
      g_assert_true (colors_equal (&item->fill, &style->classes[i].fill));
    }
  ll = g_ptr_array_index (legend->layers, 1);
  g_assert_cmpint (ll->kind, ==, RA_STYLE_SINGLE);
  g_assert_cmpuint (ll->items->len, ==, 1);
  g_assert_cmpstr (((RaLegendItem *) g_ptr_array_index (ll->items, 0))->label, ==, "县界");
  draw_and_check (legend, "legend-categorized.png");
}

static void
test_legend_proportional (void)
{
  g_autoptr(GHashTable) use = tt_read_targets ("2023", "actual", "reclaimed_use");
  g_autoptr(RaLayer) layer = tt_counties_with_field ("再生水利用量 (万m³/a)", "use", use);
  g_autoptr(RaStyle) style = ra_style_copy (ra_layer_get_style (layer));
  g_autoptr(RaMap) map = NULL;
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autoptr(RaLegend) legend = NULL;
  const double expected[] = { 1000, 200, 50 };   /* max 1414: 1414, 353, 88 rounded down */
  RaLegendLayer *ll;

  style->kind = RA_STYLE_PROPORTIONAL;
  style->size_field = g_strdup ("use");
  style->size_max_px = 50;
  ra_layer_set_style (layer, style);
  map = tt_map_with (layer);
  snap = ra_map_snapshot_new (map);
  legend = ra_legend_new_from_snapshot (snap);

  ll = g_ptr_array_index (legend->layers, 0);
  g_assert_cmpint (ll->kind, ==, RA_STYLE_PROPORTIONAL);
  g_assert_cmpstr (ll->field, ==, "use");
  g_assert_cmpuint (ll->items->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      RaLegendItem *item = g_ptr_array_index (ll->items, i);
      g_autofree char *text = g_strdup_printf ("%.0f", expected[i]);

      g_assert_cmpint (item->symbol, ==, RA_LEGEND_SYMBOL_CIRCLE);
      g_assert_cmpfloat (item->value, ==, expected[i]);
      g_assert_cmpstr (item->label, ==, text);
      /* The renderer's size for that value. */
      g_assert_cmpfloat (item->size_px, ==, ra_style_symbol_size_px (style, 1414, expected[i]));
      g_assert_true (colors_equal (&item->fill, &style->size_fill));
    }
  draw_and_check (legend, "legend-proportional.png");
}

/* Pie wedges: one row per pie field some feature has a share of, before
 * the size samples, in the wedge colour. */
static void
test_legend_pies (void)
{
  g_autoptr(GHashTable) use = tt_read_targets ("2023", "actual", "reclaimed_use");
  g_autoptr(RaLayer) layer = tt_counties_with_field ("再生水利用量 (万m³/a)", "use", use);
  g_autoptr(RaStyle) style = ra_style_copy (ra_layer_get_style (layer));
  g_autoptr(RaMap) map = NULL;
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autoptr(RaLegend) legend = NULL;
  RaColor green, orange, purple;
  RaLegendLayer *ll;
  RaLegendItem *item;

  g_assert_true (ra_color_parse (&green, "#1b9e77"));
  g_assert_true (ra_color_parse (&orange, "#d95f02"));
  g_assert_true (ra_color_parse (&purple, "#7570b3"));
  style->kind = RA_STYLE_PROPORTIONAL;
  style->size_field = g_strdup ("use");
  style->size_max_px = 50;
  ra_style_add_pie_field (style, "use", "industry", &green);
  ra_style_add_pie_field (style, "no_such_field", "agriculture", &orange);   /* never drawn */
  ra_style_add_pie_field (style, "seat_lon", NULL, &purple);                 /* label: the field */
  ra_layer_set_style (layer, style);
  map = tt_map_with (layer);
  snap = ra_map_snapshot_new (map);
  legend = ra_legend_new_from_snapshot (snap);

  ll = g_ptr_array_index (legend->layers, 0);
  g_assert_cmpuint (ll->items->len, ==, 2 + 3);
  item = g_ptr_array_index (ll->items, 0);
  g_assert_cmpstr (item->label, ==, "industry");
  g_assert_true (colors_equal (&item->fill, &green));
  item = g_ptr_array_index (ll->items, 1);
  g_assert_cmpstr (item->label, ==, "seat_lon");
  g_assert_true (colors_equal (&item->fill, &purple));
  item = g_ptr_array_index (ll->items, 2);
  g_assert_cmpfloat (item->value, ==, 1000);   /* then the sizes, as without pies */
  draw_and_check (legend, "legend-pies.png");
}


/* A star-shaped path hatched on an image surface (the tiled fast way) and
 * through a recording surface (the stroked lines, as in PDF and SVG) gives
 * the same pixels, for both patterns and at 1 and 2 pixels per unit. */
static void
test_pattern_tiled_matches_stroked (void)
{
  const RaColor ink = { 0.2, 0.1, 0.05, 0.8 };

  /* scale 1, 2: the CTM; 3: a HiDPI surface (device scale 2). */
  for (int pattern = RA_PATTERN_HATCH; pattern <= RA_PATTERN_CROSS; pattern++)
    for (int mode = 1; mode <= 3; mode++)
      {
        cairo_surface_t *out[2];
        int scale = mode == 1 ? 1 : 2;
        int w = 120 * scale, h = 100 * scale;
        gint64 differing = 0, inked = 0;

        for (int way = 0; way < 2; way++)
          {
            cairo_surface_t *target = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
            cairo_surface_t *rec = way == 1 ? cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL) : NULL;
            cairo_t *cr;

            /* HiDPI: the fast way on a device-scaled surface against the
             * stroked lines at a CTM scale of 2. */
            if (mode == 3 && rec == NULL)
              cairo_surface_set_device_scale (target, 2, 2);
            cr = cairo_create (rec != NULL ? rec : target);
            if (mode != 3 || rec != NULL)
              cairo_scale (cr, scale, scale);
            cairo_move_to (cr, 60, 3);
            for (int i = 1; i <= 10; i++)
              {
                double a = -G_PI / 2 + i * G_PI / 5, r = i % 2 ? 18 : 47;

                cairo_line_to (cr, 60 + r * cos (a), 50 + r * sin (a));
              }
            cairo_close_path (cr);
            ra_pattern_fill_path (cr, pattern, &ink);
            /* The path is left for an outline. */
            g_assert_true (cairo_has_current_point (cr));
            cairo_destroy (cr);
            if (rec != NULL)
              {
                cr = cairo_create (target);
                cairo_set_source_surface (cr, rec, 0, 0);
                cairo_paint (cr);
                cairo_destroy (cr);
                cairo_surface_destroy (rec);
              }
            cairo_surface_flush (target);
            out[way] = target;
          }
        for (int y = 0; y < h; y++)
          for (int x = 0; x < w; x++)
            {
              guint32 a = ((guint32 *) (cairo_image_surface_get_data (out[0]) + y * cairo_image_surface_get_stride (out[0])))[x];
              guint32 b = ((guint32 *) (cairo_image_surface_get_data (out[1]) + y * cairo_image_surface_get_stride (out[1])))[x];
              int da = abs ((int) (a >> 24) - (int) (b >> 24));

              inked += (a >> 24) > 0;
              differing += da > 40;
            }
        g_test_message ("pattern %d mode %d: %" G_GINT64_FORMAT " inked, %" G_GINT64_FORMAT " differ",
                        pattern, mode, inked, differing);
        /* About a third of the star is ink; edges may differ by antialiasing. */
        g_assert_cmpint (inked, >, (gint64) w * h / 20);
        g_assert_cmpint (differing, <, inked / 50);
        cairo_surface_destroy (out[0]);
        cairo_surface_destroy (out[1]);
      }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();

  g_test_add_func ("/theme/legend/graduated", test_legend_graduated);
  g_test_add_func ("/theme/legend/categorized-single", test_legend_categorized_single);
  g_test_add_func ("/theme/legend/proportional", test_legend_proportional);
  g_test_add_func ("/theme/legend/pies", test_legend_pies);
  g_test_add_func ("/theme/legend/pattern-tiled", test_pattern_tiled_matches_stroked);
  return g_test_run ();
}
