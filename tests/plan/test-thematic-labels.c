/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The plan map's county labels (issue 17): placed inside their county at
 * its pole of inaccessibility, off the neighbours, never dropped (also at
 * presentation size); and their texts in one unit per theme. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "plan-test-util.h"
#include "ra-autocleanups.h"
#include "ra-legend.h"
#include "ra-renderer.h"
#include "ra-thematic.h"

static RaLayer *
layer_with_role (GPtrArray *layers, const char *role)
{
  for (guint i = 0; i < layers->len; i++)
    if (g_strcmp0 (ra_thematic_layer_role (g_ptr_array_index (layers, i)), role) == 0)
      return g_ptr_array_index (layers, i);
  return NULL;
}

static GPtrArray *
build (RaPlan *plan, RaStore *store, int year, RaThematicMode mode)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *layers = ra_thematic_build (plan, store, year, mode, &error);

  g_assert_no_error (error);
  g_assert_nonnull (layers);
  return layers;
}

/* ------------------------------------------------------------------ */
/* Placement                                                            */

typedef struct {
  const char *sample;
  int         year;
  int         width, height;
  gboolean    presenting;
  const RaBBox *keepout;     /* (nullable) a card over the map, left */
} Case;

static void
device_to_map (const RaView *view, double px, double py, double *x, double *y)
{
  *x = view->cx + (px - view->width / 2.0) * view->resolution;
  *y = view->cy - (py - view->height / 2.0) * view->resolution;
}

/* Whether any of a grid of points over the device box lies in geom. */
static gboolean
box_touches (const RaView *view, const RaBBox *box, const RaGeometry *geom)
{
  for (int i = 0; i <= 16; i++)
    for (int j = 0; j <= 6; j++)
      {
        double x, y;

        device_to_map (view, box->x0 + (box->x1 - box->x0) * i / 16.0,
                       box->y0 + (box->y1 - box->y0) * j / 6.0, &x, &y);
        if (ra_geometry_contains_point (geom, x, y))
          return TRUE;
      }
  return FALSE;
}

/* Renders the sample's rate map for c and checks every county's label:
 * placed (never dropped), its anchor inside its own county, and, unless
 * it had to go outside with a leader, its text box inside its county and
 * off every neighbour.  Returns the number of leaders. */
static guint
check_case (RaStore *store, RaPlan *plan, const Case *c, const char *png_name)
{
  g_autoptr(GPtrArray) layers = build (plan, store, c->year, RA_THEMATIC_REUSE_RATE);
  g_autoptr(RaMap) map = ra_map_new ();
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autoptr(cairo_surface_t) surface = NULL;
  g_autoptr(cairo_t) cr = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) places = g_array_new (FALSE, FALSE, sizeof (RaLabelPlace));
  g_autoptr(RaLayerData) data = NULL;
  RaRenderStats stats = { 0 };
  RaRenderOptions opts;
  RaView view;
  RaBBox extent;
  guint n_counties, n_leaders = 0;
  int counties_index = -1;
  RaAttrTable *attrs;
  int f_name;

  for (guint i = 0; i < layers->len; i++)
    {
      g_assert_true (ra_map_add_layer (map, g_ptr_array_index (layers, i), &error));
      g_assert_no_error (error);
    }
  data = ra_layer_dup_data (ra_map_get_layer (map, ra_thematic_find_role (map, "counties")));
  attrs = data->attrs;
  f_name = ra_attr_table_field_index (attrs, RA_THEMATIC_FIELD_NAME);
  n_counties = data->n_features;

  g_assert_true (ra_map_get_extent (map, TRUE, &extent));
  ra_view_init (&view, c->width, c->height);
  /* The whole extent, under the card too (a planner zoomed in): the
   * labels keep out of it all the same. */
  ra_view_fit_bbox (&view, &extent, 20);
  snap = ra_map_snapshot_new (map);
  for (guint i = 0; i < ra_map_snapshot_get_n_layers (snap); i++)
    if (ra_map_snapshot_get_layer_data (snap, i) == data)
      counties_index = (int) i;
  g_assert_cmpint (counties_index, >=, 0);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, c->width, c->height);
  cr = cairo_create (surface);
  ra_render_options_init (&opts);
  opts.draw_background = TRUE;
  opts.background = (RaColor) { 1, 1, 1, 1 };
  if (c->presenting)
    {
      opts.label_scale = RA_PRESENTATION_LABEL_SCALE;
      opts.symbol_scale = RA_PRESENTATION_SYMBOL_SCALE;
    }
  if (c->keepout != NULL)
    {
      opts.label_keepout[0] = *c->keepout;
      opts.n_label_keepout = 1;
    }
  stats.label_places = places;
  g_assert_true (ra_renderer_draw_with_stats (snap, &view, &opts, cr, NULL, &stats));
  if (png_name != NULL && g_getenv ("RA_TEST_BUILDDIR") != NULL)
    {
      g_autofree char *dir = g_build_filename (g_getenv ("RA_TEST_BUILDDIR"), "plan-output", NULL);
      g_autofree char *path = g_build_filename (dir, png_name, NULL);

      g_mkdir_with_parents (dir, 0755);
      g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
      g_test_message ("wrote %s", path);
    }

  for (guint f = 0; f < n_counties; f++)
    {
      const char *name = ra_attr_table_get (attrs, f, f_name);
      const RaLabelPlace *place = NULL;
      double ax, ay;

      for (guint k = 0; k < places->len; k++)
        {
          const RaLabelPlace *p = &g_array_index (places, RaLabelPlace, k);

          if (p->layer == (guint) counties_index && p->feature == f)
            place = p;
        }
      /* Never dropped. */
      if (place == NULL)
        g_error ("%s %d %dx%d%s: %s has no label", c->sample, c->year, c->width, c->height,
                 c->presenting ? " presenting" : "", name);
      device_to_map (&view, place->anchor_x, place->anchor_y, &ax, &ay);
      g_assert_true (ra_geometry_contains_point (data->geoms[f], ax, ay));
      g_test_message ("%s %d %dx%d%s: %s%s%s", c->sample, c->year, c->width, c->height,
                      c->presenting ? " presenting" : "", name,
                      place->leader ? " (leader)" : "", place->forced ? " (forced)" : "");
      if (place->leader || place->forced)
        {
          /* Outside (or, forced, wherever it collided least): still its
           * county's, by the leader to the anchor inside it. */
          n_leaders += place->leader;
          continue;
        }
      /* Inside its own county: the box's corners and centre... */
      for (int k = 0; k < 5; k++)
        {
          double px = k == 4 ? (place->box.x0 + place->box.x1) / 2.0 : (k & 1 ? place->box.x1 : place->box.x0);
          double py = k == 4 ? (place->box.y0 + place->box.y1) / 2.0 : (k & 2 ? place->box.y1 : place->box.y0);
          double x, y;

          device_to_map (&view, px, py, &x, &y);
          if (!ra_geometry_contains_point (data->geoms[f], x, y))
            g_error ("%s %d: %s's label box sticks out of it", c->sample, c->year, name);
        }
      /* ...and over no neighbour. */
      for (guint g = 0; g < n_counties; g++)
        if (g != f && box_touches (&view, &place->box, data->geoms[g]))
          g_error ("%s %d %dx%d%s: %s's label crosses into %s", c->sample, c->year, c->width,
                   c->height, c->presenting ? " presenting" : "", name,
                   ra_attr_table_get (attrs, g, f_name));
    }
  /* None under the card. */
  for (guint a = 0; c->keepout != NULL && a < places->len; a++)
    {
      const RaLabelPlace *pa = &g_array_index (places, RaLabelPlace, a);
      const RaBBox *k = c->keepout;

      if (pa->box.x0 < k->x1 && k->x0 < pa->box.x1 && pa->box.y0 < k->y1 && k->y0 < pa->box.y1)
        g_error ("%s %d %dx%d: a label (%.0f,%.0f..%.0f,%.0f) lies under the card",
                 c->sample, c->year, c->width, c->height,
                 pa->box.x0, pa->box.y0, pa->box.x1, pa->box.y1);
    }
  /* Labels never overlap one another, forced ones aside. */
  for (guint a = 0; a < places->len; a++)
    for (guint b = a + 1; b < places->len; b++)
      {
        const RaLabelPlace *pa = &g_array_index (places, RaLabelPlace, a);
        const RaLabelPlace *pb = &g_array_index (places, RaLabelPlace, b);

        if (pa->forced || pb->forced)
          continue;
        g_assert_false (pa->box.x0 < pb->box.x1 && pb->box.x0 < pa->box.x1 &&
                        pa->box.y0 < pb->box.y1 && pb->box.y0 < pa->box.y1);
      }
  return n_leaders;
}

/* The print figure's size and the screen's, in normal view and in
 * presentation mode (bigger text and symbols), for both samples and the
 * years of issue 17. */
static void
test_placement (void)
{
  static const char * const samples[] = { "zhangye", "xinzhou" };
  static const int years[] = { 2023, 2025, 2030 };
  static const int sizes[][2] = { { 1400, 900 }, { 1024, 768 }, { 1000, 760 }, { 480, 300 }, { 320, 200 } };

  for (guint s = 0; s < G_N_ELEMENTS (samples); s++)
    {
      g_autoptr(RaStore) store = pt_open_sample (samples[s]);
      g_autoptr(RaPlan) plan = pt_plan (store);
      guint n_leaders_normal = 0;

      for (guint y = 0; y < G_N_ELEMENTS (years); y++)
        for (guint z = 0; z < G_N_ELEMENTS (sizes); z++)
          for (int presenting = 0; presenting < 2; presenting++)
            {
              Case c = { samples[s], years[y], sizes[z][0], sizes[z][1], presenting };
              g_autofree char *png = NULL;
              guint n;

              if (!ra_plan_has_year (plan, years[y]))
                continue;   /* Xinzhou's plan starts in 2025 */
              png = g_strdup_printf ("labels-%s-%d-%dx%d%s.png", c.sample, c.year,
                                                      c.width, c.height, presenting ? "-present" : "");
              n = check_case (store, plan, &c, png);

              /* On the app's screen there is room inside every county of
               * both samples; on smaller maps Zhangye's narrow counties
               * (and the project symbols on their poles) need leaders. */
              if (!presenting && sizes[z][0] == 1400)
                g_assert_cmpuint (n, ==, 0);
              if (!presenting && sizes[z][0] >= 1000)
                n_leaders_normal += n;
            }
      /* Xinzhou's names fit in their counties on maps this size. */
      if (g_str_equal (samples[s], "xinzhou"))
        g_assert_cmpuint (n_leaders_normal, ==, 0);
    }
}

/* Presentation: the legend card over the west of the map (the app's, at
 * 1400×900), the counties partly under it: no label goes under it
 * (issue 17: 肃南裕固族自治县's did). */
static void
test_keepout (void)
{
  static const char * const samples[] = { "zhangye", "xinzhou" };
  const RaBBox card = { 20, 210, 365, 780 };

  for (guint s = 0; s < G_N_ELEMENTS (samples); s++)
    {
      g_autoptr(RaStore) store = pt_open_sample (samples[s]);
      g_autoptr(RaPlan) plan = pt_plan (store);

      for (int year = 2025; year <= 2030; year += 5)
        {
          Case c = { samples[s], year, 1400, 900, TRUE, &card };
          g_autofree char *png = g_strdup_printf ("labels-%s-%d-keepout.png", c.sample, year);

          check_case (store, plan, &c, png);
        }
    }
}

/* The pole is computed once per geometry: drawing the same counties again
 * (another year's layers, the same boundaries) adds nothing to the
 * cache. */
static void
test_pole_cached (void)
{
  g_autoptr(RaStore) store = pt_open_sample ("zhangye");
  g_autoptr(RaPlan) plan = pt_plan (store);
  Case c = { "zhangye", 2023, 800, 600, FALSE };
  guint before;

  check_case (store, plan, &c, NULL);
  before = ra_geometry_pole_cache_size ();
  g_assert_cmpuint (before, >=, 6);
  c.year = 2030;
  check_case (store, plan, &c, NULL);
  g_assert_cmpuint (ra_geometry_pole_cache_size (), ==, before);
}

/* ------------------------------------------------------------------ */
/* Texts                                                                */

/* Checks the figures after a county's name: each number a whole or
 * one-decimal percentage of at most 100, nothing in another unit. */
static void
check_one_unit (const char *label, const char *name)
{
  const char *p;
  guint n_numbers = 0;

  g_assert_true (g_str_has_prefix (label, name));
  p = label + strlen (name);
  g_assert_null (strstr (p, "m³"));
  g_assert_null (strstr (p, "万"));
  while (*p != '\0')
    {
      if (g_ascii_isdigit (*p))
        {
          char *end = NULL;
          double v = g_ascii_strtod (p, &end);

          n_numbers++;
          if (*end != '%')
            g_error ("“%s”: %g is not a percentage", label, v);
          g_assert_cmpfloat (v, <=, 100.0);
          g_assert_cmpfloat (v, >=, 0.0);
          /* Whole percent, or one decimal where whole would hide a
           * shortfall. */
          g_assert_true (end - p <= 3 || (end[-2] == '.' && end - p <= 5));
          p = end;
        }
      else
        p++;
    }
  g_assert_cmpuint (n_numbers, <=, 2);
}

static const RaStyleClass *
class_with_value (const RaStyle *style, const char *value)
{
  for (guint i = 0; i < style->n_classes; i++)
    if (g_strcmp0 (style->classes[i].value, value) == 0)
      return &style->classes[i];
  return NULL;
}

/* Every county's label in 2023, 2025 and 2030 of both samples, and in
 * every other year of their plans (山丹县's "478 → 480 万m³" was 2026's),
 * both themes: one unit (rates), never over 100 %; the legend explains
 * the "59% → 84%" form. */
static void
test_texts (void)
{
  static const char * const samples[] = { "zhangye", "xinzhou" };

  for (guint s = 0; s < G_N_ELEMENTS (samples); s++)
    {
      g_autoptr(RaStore) store = pt_open_sample (samples[s]);
      g_autoptr(RaPlan) plan = pt_plan (store);
      guint n_years;
      const int *years = ra_plan_get_years (plan, &n_years);

      g_assert_true (ra_plan_has_year (plan, 2030));
      g_assert_true (ra_plan_has_year (plan, 2025));
      g_assert_true (ra_plan_has_year (plan, 2023) || g_str_equal (samples[s], "xinzhou"));
      for (guint y = 0; y < n_years; y++)
        for (int mode = 0; mode < 2; mode++)
          {
            g_autoptr(GPtrArray) layers = NULL;
            RaLayer *counties;
            RaAttrTable *attrs;
            int f_label, f_name;
            const RaStyleClass *key;
            guint n_with_figures = 0;

            if (!ra_plan_has_year (plan, years[y]))
              continue;
            layers = build (plan, store, years[y], mode);
            counties = layer_with_role (layers, "counties");
            attrs = ra_layer_get_attrs (counties);
            f_label = ra_attr_table_field_index (attrs, RA_THEMATIC_FIELD_LABEL);
            f_name = ra_attr_table_field_index (attrs, RA_THEMATIC_FIELD_NAME);
            for (guint i = 0; i < attrs->n_features; i++)
              {
                const char *label = ra_attr_table_get (attrs, i, f_label);

                g_test_message ("%s %d: %s", samples[s], years[y], label);
                check_one_unit (label, ra_attr_table_get (attrs, i, f_name));
                n_with_figures += strstr (label, "→") != NULL;
              }
            key = class_with_value (ra_layer_get_style (counties), RA_THEMATIC_KEY_FORM);
            if (n_with_figures > 0)
              {
                g_autofree char *expect = g_strdup_printf ("reuse rate in %d → target rate for ", years[y]);

                g_assert_nonnull (key);
                g_assert_nonnull (strstr (key->label, expect));
                g_assert_cmpfloat (key->fill.a, ==, 0.0);   /* text only */
              }
            else
              g_assert_null (key);
          }
    }
}

static const char *
label_of (GPtrArray *layers, const char *adcode)
{
  RaLayer *counties = layer_with_role (layers, "counties");
  RaAttrTable *attrs = ra_layer_get_attrs (counties);
  int f_adcode = ra_attr_table_field_index (attrs, RA_THEMATIC_FIELD_ADCODE);
  int f_label = ra_attr_table_field_index (attrs, RA_THEMATIC_FIELD_LABEL);

  for (guint i = 0; i < attrs->n_features; i++)
    if (g_strcmp0 (ra_attr_table_get (attrs, i, f_adcode), adcode) == 0)
      return ra_attr_table_get (attrs, i, f_label);
  g_assert_not_reached ();
  return NULL;
}

/* Zhangye's figures by year: the labels and the legend say why a county
 * is met one year and not the next. */
static void
test_zhangye_texts (void)
{
  g_autoptr(RaStore) store = pt_open_sample ("zhangye");
  g_autoptr(RaPlan) plan = pt_plan (store);
  g_autoptr(GPtrArray) l2023 = build (plan, store, 2023, RA_THEMATIC_REUSE_RATE);
  g_autoptr(GPtrArray) l2025 = build (plan, store, 2025, RA_THEMATIC_REUSE_RATE);
  g_autoptr(GPtrArray) l2026 = build (plan, store, 2026, RA_THEMATIC_REUSE_RATE);
  g_autoptr(GPtrArray) g2026 = build (plan, store, 2026, RA_THEMATIC_GAP);
  g_autoptr(GPtrArray) l2030 = build (plan, store, 2030, RA_THEMATIC_REUSE_RATE);
  const RaStyle *style;
  const RaStyleClass *cls;

  /* The legend row for the form, with the map's own first figures. */
  style = ra_layer_get_style (layer_with_role (l2023, "counties"));
  cls = class_with_value (style, RA_THEMATIC_KEY_FORM);
  g_assert_cmpstr (cls->label, ==, "48% → 50%: reuse rate in 2023 → target rate for 2025");
  g_assert_null (class_with_value (style, RA_THEMATIC_KEY_USE_SHORT));
  /* ...in the legend model the renderer's legend is drawn from. */
  {
    g_autoptr(RaMap) map = ra_map_new ();
    g_autoptr(RaMapSnapshot) snap = NULL;
    g_autoptr(RaLegend) legend = NULL;
    gboolean found = FALSE;

    for (guint i = 0; i < l2023->len; i++)
      g_assert_true (ra_map_add_layer (map, g_ptr_array_index (l2023, i), NULL));
    snap = ra_map_snapshot_new (map);
    legend = ra_legend_new_from_snapshot (snap);
    for (guint i = 0; i < legend->layers->len; i++)
      {
        RaLegendLayer *ll = g_ptr_array_index (legend->layers, i);

        for (guint k = 0; k < ll->items->len; k++)
          found |= g_strcmp0 (((RaLegendItem *) g_ptr_array_index (ll->items, k))->label,
                              cls->label) == 0;
      }
    g_assert_true (found);
  }

  /* 山丹县 (620725): met in 2025; in 2026 the rate is past the 2030
   * target's 60 % but the use (478) short of its 480: a rate, marked,
   * never "478 → 480 万m³"; in 2030 59.75 % of 60 %. */
  g_assert_cmpstr (label_of (l2025, "620725"), ==, "山丹县 64% → 60%");
  g_assert_cmpstr (label_of (l2026, "620725"), ==, "山丹县 63% → 60%*");
  g_assert_cmpstr (label_of (l2026, "620723"), ==, "临泽县 87% → 84%*");
  g_assert_cmpstr (label_of (l2030, "620725"), ==, "山丹县 59.8% → 60%");
  /* Met by a rounding hair is met: no decimal that looks like a miss. */
  g_assert_cmpstr (label_of (l2025, "620721"), ==, "肃南裕固族自治县 57% → 57%");
  style = ra_layer_get_style (layer_with_role (l2026, "counties"));
  cls = class_with_value (style, RA_THEMATIC_KEY_USE_SHORT);
  g_assert_nonnull (cls);
  g_assert_true (g_str_has_prefix (cls->label, RA_THEMATIC_USE_SHORT_MARK));

  /* The verdicts: 2025 against its own target, as given; 2026 against
   * 2030's, and saying its figures are interpolated. */
  style = ra_layer_get_style (layer_with_role (l2025, "status"));
  g_assert_cmpstr (class_with_value (style, "met")->label, ==, "target met");
  style = ra_layer_get_style (layer_with_role (l2026, "status"));
  g_assert_cmpstr (class_with_value (style, "met")->label, ==,
                   "already at the 2030 target; interpolated figures");
  g_assert_cmpstr (class_with_value (style, "unmet")->label, ==,
                   "not yet at the 2030 target (hatched); interpolated figures");
  style = ra_layer_get_style (layer_with_role (g2026, "counties"));
  g_assert_nonnull (strstr (style->classes[2].label, "interpolated"));
  style = ra_layer_get_style (layer_with_role (l2030, "status"));
  g_assert_cmpstr (class_with_value (style, "met")->label, ==, "target met");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/thematic/labels/placement", test_placement);
  g_test_add_func ("/thematic/labels/pole-cached", test_pole_cached);
  g_test_add_func ("/thematic/labels/keepout", test_keepout);
  g_test_add_func ("/thematic/labels/texts", test_texts);
  g_test_add_func ("/thematic/labels/zhangye-texts", test_zhangye_texts);
  return g_test_run ();
}
