/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ra-thematic: the plan's map by year. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "plan-test-util.h"
#include "ra-autocleanups.h"
#include "ra-legend.h"
#include "ra-renderer.h"
#include "ra-source.h"
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
build (RaPlan *plan, RaStore *store, int year, RaThematicMode mode, RaThematicFlags flags)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *layers = ra_thematic_build_full (plan, store, year, mode, flags, &error);

  g_assert_no_error (error);
  g_assert_nonnull (layers);
  return layers;
}

/* Class index of a county's feature in the counties layer. */
static int
county_class (RaLayer *layer, const char *adcode)
{
  RaAttrTable *attrs = ra_layer_get_attrs (layer);
  const RaStyle *style = ra_layer_get_style (layer);
  int f_adcode = ra_attr_table_field_index (attrs, RA_THEMATIC_FIELD_ADCODE);
  int f_value = ra_attr_table_field_index (attrs, style->field);

  g_assert_cmpint (f_adcode, >=, 0);
  g_assert_cmpint (f_value, >=, 0);
  for (guint i = 0; i < attrs->n_features; i++)
    if (g_strcmp0 (ra_attr_table_get (attrs, i, f_adcode), adcode) == 0)
      return ra_style_class_index (style,
                                   ra_style_class_for_value (style, ra_attr_table_get (attrs, i, f_value)));
  g_assert_not_reached ();
  return -3;
}

static const char *
county_attr (RaLayer *layer, const char *adcode, const char *field)
{
  RaAttrTable *attrs = ra_layer_get_attrs (layer);
  int f_adcode = ra_attr_table_field_index (attrs, RA_THEMATIC_FIELD_ADCODE);
  int f = ra_attr_table_field_index (attrs, field);

  for (guint i = 0; i < attrs->n_features; i++)
    if (g_strcmp0 (ra_attr_table_get (attrs, i, f_adcode), adcode) == 0)
      return ra_attr_table_get (attrs, i, f);
  return NULL;
}

/* Expected gap class from the CSVs: 0 = more than 10 points below the
 * next target, 1 = up to 10 below, 2 = met. */
static int
expected_gap_class (RaPlan *plan, const char *adcode, int year)
{
  g_autoptr(GPtrArray) targets = pt_read_sample_csv ("zhangye", "targets.csv");
  g_autoptr(GPtrArray) projects = pt_read_sample_csv ("zhangye", "projects.csv");
  double base = NAN, rec, treated = pt_treated_2023 (adcode), rate, t_use = NAN, t_rate = NAN;
  int t_year = 0;
  double gap;

  for (guint i = 0; i < targets->len; i++)
    {
      GHashTable *r = g_ptr_array_index (targets, i);
      int y = atoi (g_hash_table_lookup (r, "year"));

      if (!g_str_equal (g_hash_table_lookup (r, "adcode"), adcode))
        continue;
      if (g_str_equal (g_hash_table_lookup (r, "kind"), "actual"))
        base = pt_num (r, "reclaimed_use");
      else if (y >= year && (t_year == 0 || y < t_year))
        {
          t_year = y;
          t_use = pt_num (r, "reclaimed_use");
          t_rate = pt_num (r, "reclaimed_rate_pct");
        }
      if (y == year && g_str_equal (g_hash_table_lookup (r, "kind"), "actual"))
        rate = pt_num (r, "reclaimed_rate_pct");
    }
  rec = base;
  for (guint p = 0; p < projects->len; p++)
    {
      GHashTable *row = g_ptr_array_index (projects, p);

      if (g_str_equal (g_hash_table_lookup (row, "county_adcode"), adcode) &&
          g_str_equal (g_hash_table_lookup (row, "source"), "reclaimed") &&
          pt_due_year (row) <= year)
        rec += pt_num (row, "cap_total");
    }
  rate = year == ra_plan_get_baseline_year (plan) ? rate : rec / treated * 100;
  if (year != ra_plan_get_baseline_year (plan))
    rate = rec / treated * 100;
  gap = MIN (rate - t_rate, (rec - t_use) / treated * 100);
  return gap >= -1e-9 ? 2 : (gap >= -10 ? 1 : 0);
}

static void
test_counties_by_year (void)
{
  g_autoptr(RaStore) store = pt_open_sample ("zhangye");
  g_autoptr(RaPlan) plan = pt_plan (store);
  g_autoptr(GPtrArray) gap2023 = build (plan, store, 2023, RA_THEMATIC_GAP, 0);
  g_autoptr(GPtrArray) gap2030 = build (plan, store, 2030, RA_THEMATIC_GAP, 0);
  g_autoptr(GPtrArray) rate2023 = build (plan, store, 2023, RA_THEMATIC_REUSE_RATE, 0);
  g_autoptr(GPtrArray) rate2030 = build (plan, store, 2030, RA_THEMATIC_REUSE_RATE, 0);
  const char * const *counties = ra_plan_get_county_adcodes (plan);
  RaLayer *g23 = layer_with_role (gap2023, "counties");
  RaLayer *g30 = layer_with_role (gap2030, "counties");
  RaLayer *r23 = layer_with_role (rate2023, "counties");
  RaLayer *r30 = layer_with_role (rate2030, "counties");
  RaLayer *s30 = layer_with_role (rate2030, "status");
  guint n_changed = 0;

  g_assert_cmpuint (gap2023->len, ==, 2);      /* counties, projects */
  g_assert_cmpuint (rate2023->len, ==, 3);     /* counties, status, projects */
  g_assert_nonnull (s30);
  g_assert_cmpuint (ra_layer_get_n_features (g23), ==, 6);
  g_assert_cmpint (ra_layer_get_kind (g23), ==, RA_GEOM_POLYGON);
  g_assert_cmpint (ra_crs_get_epsg (ra_layer_get_source_crs (g23)), ==, 4490);
  /* Three gap classes, then the legend row explaining the labels. */
  g_assert_cmpuint (ra_layer_get_style (g23)->n_classes, ==, 3 + 1);
  g_assert_cmpstr (ra_layer_get_style (g23)->classes[3].value, ==, RA_THEMATIC_KEY_FORM);

  for (guint c = 0; counties[c] != NULL; c++)
    {
      int e23 = expected_gap_class (plan, counties[c], 2023);
      int e30 = expected_gap_class (plan, counties[c], 2030);

      g_assert_cmpint (county_class (g23, counties[c]), ==, e23);
      g_assert_cmpint (county_class (g30, counties[c]), ==, e30);
      n_changed += e23 != e30;
      /* The rate map recolours where the rate moves to another class. */
      if (county_class (r23, counties[c]) == county_class (r30, counties[c]))
        g_assert_cmpfloat (fabs (g_ascii_strtod (county_attr (r30, counties[c], RA_THEMATIC_FIELD_RATE), NULL) -
                                 g_ascii_strtod (county_attr (r23, counties[c], RA_THEMATIC_FIELD_RATE), NULL)), <, 25);
      /* Unmet is hatched, not shown by colour alone. */
      g_assert_cmpint (ra_layer_get_style (g23)->classes[e23].pattern != RA_PATTERN_NONE, ==, e23 < 2);
    }
  g_assert_cmpuint (n_changed, ==, 6);
  /* The rate classes are the same for every year. */
  g_assert_cmpuint (ra_layer_get_style (r23)->n_classes, ==, ra_layer_get_style (r30)->n_classes);
  for (guint i = 0; i < ra_layer_get_style (r23)->n_classes; i++)
    g_assert_cmpfloat (ra_layer_get_style (r23)->classes[i].lower, ==,
                       ra_layer_get_style (r30)->classes[i].lower);

  g_assert_cmpstr (county_attr (g23, "620702", RA_THEMATIC_FIELD_LABEL), ==, "甘州区 48% → 50%");
  /* The counties carry their labels, so hiding the symbols keeps them. */
  g_assert_cmpstr (ra_layer_get_style (g23)->label_field, ==, RA_THEMATIC_FIELD_LABEL);
  g_assert_null (ra_layer_get_style (layer_with_role (gap2023, "projects"))->label_field);
  g_assert_cmpstr (county_attr (g23, "620702", RA_THEMATIC_FIELD_STATUS), ==, "unmet");
  g_assert_cmpstr (county_attr (g30, "620702", RA_THEMATIC_FIELD_STATUS), ==, "met");
  g_assert_cmpstr (county_attr (s30, "620725", RA_THEMATIC_FIELD_STATUS), ==, "unmet");
  /* Shandan 2030 misses both: 59.75 % of 60 % (480 / 0.6 = 800 treated),
   * a decimal so that it does not read "60% → 60%". */
  g_assert_cmpstr (county_attr (g30, "620725", RA_THEMATIC_FIELD_LABEL), ==, "山丹县 59.8% → 60%");

  /* A year outside the plan is refused. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) none = ra_thematic_build (plan, store, 2040, RA_THEMATIC_GAP, &error);

    g_assert_null (none);
    g_assert_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT);
  }
}

/* Project symbols: one per county, source and status among the projects
 * in service by the year (none have geometry), capacities summed. */
static void
test_symbols (void)
{
  g_autoptr(RaStore) store = pt_open_sample ("zhangye");
  g_autoptr(RaPlan) plan = pt_plan (store);
  g_autoptr(GPtrArray) projects = pt_read_sample_csv ("zhangye", "projects.csv");
  static const int years[] = { 2023, 2024, 2025, 2027, 2030 };

  for (guint y = 0; y < G_N_ELEMENTS (years); y++)
    for (int all = 0; all < 2; all++)
      {
        /* Pies by use every other year. */
        gboolean pies = y % 2 == 1;
        g_autoptr(GPtrArray) layers = build (plan, store, years[y], RA_THEMATIC_GAP,
                                             (all ? RA_THEMATIC_ALL_PROJECTS : 0) |
                                             (pies ? RA_THEMATIC_PIES : 0));
        RaLayer *symbols = layer_with_role (layers, "projects");
        RaAttrTable *attrs = ra_layer_get_attrs (symbols);
        int f_cap = ra_attr_table_field_index (attrs, RA_THEMATIC_FIELD_CAPACITY);
        int f_class = ra_attr_table_field_index (attrs, RA_THEMATIC_FIELD_CLASS);
        guint n_symbols = 0;
        g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
        double cap = 0, drawn = 0;
        static const char * const use_fields[] = {
          RA_THEMATIC_FIELD_CAP_INDUSTRY, RA_THEMATIC_FIELD_CAP_AGRICULTURE,
          RA_THEMATIC_FIELD_CAP_ECOLOGICAL, RA_THEMATIC_FIELD_CAP_URBAN_NONPOTABLE,
        };
        double by_use[4] = { 0 }, drawn_by_use[4] = { 0 };
        const RaStyle *style = ra_layer_get_style (symbols);

        for (guint p = 0; p < projects->len; p++)
          {
            GHashTable *row = g_ptr_array_index (projects, p);
            gboolean due = pt_due_year (row) <= years[y];

            if (!due && !all)
              continue;
            g_hash_table_add (groups, g_strdup_printf ("%s|%s|%s|%d",
                                                       (char *) g_hash_table_lookup (row, "county_adcode"),
                                                       (char *) g_hash_table_lookup (row, "source"),
                                                       (char *) g_hash_table_lookup (row, "status"), due));
            cap += pt_num (row, "cap_total");
            for (guint u = 0; u < 4; u++)
              {
                double v = pt_num (row, use_fields[u]);

                by_use[u] += isfinite (v) ? v : 0;
              }
          }
        g_assert_cmpint (ra_layer_get_kind (symbols), ==, RA_GEOM_POINT);
        /* Every feature is a symbol with a class and a capacity. */
        for (guint i = 0; i < attrs->n_features; i++)
          {
            g_assert_nonnull (ra_attr_table_get (attrs, i, f_class));
            n_symbols++;
            drawn += g_ascii_strtod (ra_attr_table_get (attrs, i, f_cap), NULL);
            for (guint u = 0; u < 4; u++)
              {
                int f_use = ra_attr_table_field_index (attrs, use_fields[u]);

                g_assert_cmpint (f_use, >=, 0);
                drawn_by_use[u] += g_ascii_strtod (ra_attr_table_get (attrs, i, f_use), NULL);
              }
          }
        g_assert_cmpuint (n_symbols, ==, g_hash_table_size (groups));
        g_assert_cmpfloat_with_epsilon (drawn, cap, 1e-9);
        for (guint u = 0; u < 4; u++)
          g_assert_cmpfloat_with_epsilon (drawn_by_use[u], by_use[u], 1e-9);
        /* Pies on demand: the four uses, in their colours. */
        g_assert_cmpuint (style->n_pie_fields, ==, pies ? 4 : 0);
        for (guint u = 0; pies && u < 4; u++)
          g_assert_cmpstr (style->pie_fields[u].field, ==, use_fields[u]);
        g_assert_cmpint (ra_layer_get_style (symbols)->kind, ==, RA_STYLE_PROPORTIONAL);
        /* The same scale every year. */
        g_assert_cmpfloat (ra_layer_get_style (symbols)->size_max_value, ==, 378);
      }
}

/* Renders map + legend to a PNG and returns the placed label boxes. */
static void
render_year (RaPlan *plan, RaStore *store, int year, RaThematicMode mode, RaThematicFlags flags,
             const char *name, guint min_labels)
{
  g_autoptr(GPtrArray) layers = build (plan, store, year, mode, flags);
  g_autoptr(RaMap) map = ra_map_new ();
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autoptr(RaLegend) legend = NULL;
  g_autoptr(cairo_surface_t) surface = NULL;
  g_autoptr(cairo_t) cr = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (RaBBox));
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *title = NULL;
  RaRenderStats stats = { 0 };
  RaRenderOptions opts;
  RaView view;
  RaBBox extent;
  const int map_w = 1000, legend_w = 340, h = 760;

  for (guint i = 0; i < layers->len; i++)
    {
      g_assert_true (ra_map_add_layer (map, g_ptr_array_index (layers, i), &error));
      g_assert_no_error (error);
    }
  g_assert_true (ra_map_get_extent (map, TRUE, &extent));
  ra_view_init (&view, map_w, h);
  ra_view_fit_bbox (&view, &extent, 30);
  snap = ra_map_snapshot_new (map);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, map_w + legend_w, h);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  ra_render_options_init (&opts);
  stats.label_boxes = boxes;
  g_assert_true (ra_renderer_draw_with_stats (snap, &view, &opts, cr, NULL, &stats));
  legend = ra_legend_new_from_snapshot (snap);
  /* A legend entry for every layer that draws something (issue 17: none
   * for the project symbols of a year before any is in service). */
  {
    guint n_drawn = 0;

    for (guint i = 0; i < ra_map_snapshot_get_n_layers (snap); i++)
      n_drawn += ra_legend_layer_is_drawn (ra_map_snapshot_get_layer_data (snap, i),
                                           ra_map_snapshot_get_layer_style (snap, i));
    g_assert_cmpuint (n_drawn, >=, 1);
    g_assert_cmpuint (legend->layers->len, ==, n_drawn);
  }
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  ra_renderer_draw_scalebar (cr, &view, ra_map_get_crs (map), 24, h - 20, 160);
  ra_legend_draw (legend, cr, map_w + 10, 20, legend_w - 20, NULL);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);

  dir = g_build_filename (g_getenv ("RA_TEST_BUILDDIR"), "plan-output", NULL);
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  g_test_message ("wrote %s", path);
  /* Counties are labelled (all six on Zhangye), and no two labels overlap. */
  g_assert_cmpuint (stats.n_labels, >=, min_labels);
  for (guint a = 0; a < boxes->len; a++)
    for (guint b = a + 1; b < boxes->len; b++)
      g_assert_false (ra_bbox_intersects (&g_array_index (boxes, RaBBox, a),
                                          &g_array_index (boxes, RaBBox, b)));

}

static void
test_render (void)
{
  g_autoptr(RaStore) store = pt_open_sample ("zhangye");
  g_autoptr(RaPlan) plan = pt_plan (store);

  render_year (plan, store, 2023, RA_THEMATIC_GAP, 0, "zhangye-2023.png", 6);
  render_year (plan, store, 2030, RA_THEMATIC_GAP, 0, "zhangye-2030.png", 6);
  render_year (plan, store, 2025, RA_THEMATIC_REUSE_RATE, 0, "zhangye-2025-rate.png", 6);
  render_year (plan, store, 2030, RA_THEMATIC_GAP, RA_THEMATIC_ALL_PROJECTS | RA_THEMATIC_PIES,
               "zhangye-2030-pies.png", 6);
}

static void
test_xinzhou (void)
{
  g_autoptr(RaStore) store = pt_open_sample ("xinzhou");
  g_autoptr(RaPlan) plan = pt_plan (store);
  guint n;
  const int *years = ra_plan_get_years (plan, &n);

  render_year (plan, store, years[0], RA_THEMATIC_GAP, 0, "xinzhou.png", 10);
  for (guint y = 0; y < n; y++)
    for (int mode = 0; mode < 2; mode++)
      {
        g_autoptr(GPtrArray) layers = build (plan, store, years[y], mode, 0);
        RaLayer *counties = layer_with_role (layers, "counties");
        RaAttrTable *attrs = ra_layer_get_attrs (counties);
        int f_status = ra_attr_table_field_index (attrs, RA_THEMATIC_FIELD_STATUS);

        g_assert_cmpuint (attrs->n_features, ==, 14);
        for (guint i = 0; i < attrs->n_features; i++)
          g_assert_cmpstr (ra_attr_table_get (attrs, i, f_status), ==, "no_data");
        /* No projects, so no symbols; the counties are labelled. */
        g_assert_cmpuint (ra_layer_get_n_features (layer_with_role (layers, "projects")), ==, 0);
        g_assert_cmpstr (ra_layer_get_style (counties)->label_field, ==, RA_THEMATIC_FIELD_LABEL);
      }
}


static int
map_role (RaMap *map, const char *role)
{
  for (guint i = 0; i < ra_map_get_n_layers (map); i++)
    if (g_strcmp0 (ra_thematic_layer_role (ra_map_get_layer (map, i)), role) == 0)
      return (int) i;
  return -1;
}

/* A year and mode switch in a map: the thematic layers stay the same
 * objects in the same places with the user's visibility and opacity and
 * take the new year's figures, name and style, reprojected into the map
 * CRS; the status overlay goes in gap mode and comes back in rate mode;
 * other layers are untouched.  The county labels stay with the counties
 * when the project symbols are hidden. */
static void
test_replace_in_map (void)
{
  g_autoptr(RaStore) store = pt_open_sample ("zhangye");
  g_autoptr(RaPlan) plan = pt_plan (store);
  g_autoptr(RaMap) map = ra_map_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RaLayer) plants = ra_source_load_layer (ra_store_get_path (store), "plants", NULL, &error);
  g_autoptr(GPtrArray) y23 = build (plan, store, 2023, RA_THEMATIC_REUSE_RATE, 0);
  g_autoptr(GPtrArray) y30 = build (plan, store, 2030, RA_THEMATIC_GAP, 0);
  g_autoptr(GPtrArray) y25 = build (plan, store, 2025, RA_THEMATIC_REUSE_RATE, 0);
  g_autoptr(GPtrArray) added = NULL;
  RaLayer *counties, *projects;
  RaBBox before, after;
  int plants_pos;

  g_assert_no_error (error);
  g_assert_true (ra_map_add_layer (map, plants, NULL));
  added = ra_thematic_replace_layers (map, y23, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (added->len, ==, 3);   /* counties, status, projects: all new */
  g_assert_cmpuint (ra_map_get_n_layers (map), ==, 4);
  counties = ra_map_get_layer (map, map_role (map, "counties"));
  projects = ra_map_get_layer (map, map_role (map, "projects"));
  g_assert_true (counties == layer_with_role (y23, "counties"));
  ra_map_get_extent (map, FALSE, &before);
  /* The user's choices, and a new order: the plants at the bottom. */
  ra_layer_set_opacity (counties, 0.5);
  ra_layer_set_visible (projects, FALSE);
  ra_map_move_layer (map, ra_map_find_layer (map, plants), ra_map_get_n_layers (map) - 1);
  plants_pos = ra_map_find_layer (map, plants);
  g_assert_cmpint (county_class (counties, "620702"), ==, county_class (layer_with_role (y23, "counties"), "620702"));

  g_clear_pointer (&added, g_ptr_array_unref);
  added = ra_thematic_replace_layers (map, y30, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (added->len, ==, 0);
  g_assert_cmpint (map_role (map, "status"), <, 0);
  g_assert_cmpuint (ra_map_get_n_layers (map), ==, 3);
  g_assert_true (ra_map_get_layer (map, map_role (map, "counties")) == counties);
  g_assert_true (ra_map_get_layer (map, map_role (map, "projects")) == projects);
  g_assert_cmpint (ra_map_find_layer (map, plants), ==, plants_pos - 1);   /* status went */
  g_assert_cmpfloat (ra_layer_get_opacity (counties), ==, 0.5);
  g_assert_false (ra_layer_get_visible (projects));
  g_assert_cmpstr (ra_layer_get_name (counties), ==, ra_layer_get_name (layer_with_role (y30, "counties")));
  g_assert_cmpstr (ra_layer_get_style (counties)->field, ==, RA_THEMATIC_FIELD_VALUE);
  g_assert_cmpstr (county_attr (counties, "620702", "year"), ==, "2030");
  g_assert_cmpstr (county_attr (counties, "620702", RA_THEMATIC_FIELD_STATUS), ==, "met");
  g_assert_cmpuint (ra_layer_get_n_features (projects), ==,
                    ra_layer_get_n_features (layer_with_role (y30, "projects")));
  /* Still in the map CRS, not in the layers' EPSG:4490. */
  ra_map_get_extent (map, FALSE, &after);
  g_assert_cmpfloat_with_epsilon (after.x0, before.x0, 1e-6);
  g_assert_cmpfloat_with_epsilon (after.y1, before.y1, 1e-6);
  g_assert_cmpfloat (fabs (after.x0), >, 1000);   /* metres, not degrees */

  /* With the symbols hidden, the counties are still labelled. */
  {
    g_autoptr(RaMapSnapshot) snap = ra_map_snapshot_new (map);
    g_autoptr(cairo_surface_t) surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1000, 760);
    g_autoptr(cairo_t) cr = cairo_create (surface);
    RaRenderOptions opts;
    RaRenderStats stats = { 0 };
    RaView view;

    ra_view_init (&view, 1000, 760);
    ra_view_fit_bbox (&view, &after, 30);
    ra_render_options_init (&opts);
    g_assert_true (ra_renderer_draw_with_stats (snap, &view, &opts, cr, NULL, &stats));
    g_assert_cmpuint (stats.n_labels, >=, 6);
  }

  /* Back to rate mode: the status overlay returns, above the counties. */
  g_clear_pointer (&added, g_ptr_array_unref);
  added = ra_thematic_replace_layers (map, y25, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (added->len, ==, 1);
  g_assert_cmpstr (ra_thematic_layer_role (g_ptr_array_index (added, 0)), ==, "status");
  g_assert_true (ra_map_get_layer (map, map_role (map, "counties")) == counties);
  g_assert_cmpstr (county_attr (counties, "620702", "year"), ==, "2025");

  /* Contents of another geometry kind are refused, nothing changes. */
  g_assert_false (ra_layer_replace_contents (counties, projects, &error));
  g_assert_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (county_attr (counties, "620702", "year"), ==, "2025");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();

  g_test_add_func ("/thematic/counties/by-year", test_counties_by_year);
  g_test_add_func ("/thematic/projects/symbols", test_symbols);
  g_test_add_func ("/thematic/render/zhangye", test_render);
  g_test_add_func ("/thematic/xinzhou", test_xinzhou);
  g_test_add_func ("/thematic/replace-in-map", test_replace_in_map);
  return g_test_run ();
}
