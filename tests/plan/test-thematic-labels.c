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
  stats.label_places = places;
  g_assert_true (ra_renderer_draw_with_stats (snap, &view, &opts, cr, NULL, &stats));
  if (png_name != NULL)
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
      if (place->leader)
        {
          n_leaders++;
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
  static const int sizes[][2] = { { 1400, 900 }, { 1024, 768 }, { 1000, 760 } };

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
              if (!presenting)
                n_leaders_normal += n;
            }
      /* Xinzhou's names fit in their counties at every size. */
      if (g_str_equal (samples[s], "xinzhou"))
        g_assert_cmpuint (n_leaders_normal, ==, 0);
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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/thematic/labels/placement", test_placement);
  g_test_add_func ("/thematic/labels/pole-cached", test_pole_cached);
  return g_test_run ();
}
