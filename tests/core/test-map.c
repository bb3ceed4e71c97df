/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "ra-core.h"

static char *
sample_path (const char *name)
{
  return g_build_filename (g_getenv ("RA_DATADIR"), "samples", name, "counties.geojson", NULL);
}

static char *
fixture_path (const char *name)
{
  return g_build_filename (g_getenv ("RA_TEST_DATA"), name, NULL);
}

static RaLayer *
load (const char *path)
{
  g_autoptr(GError) error = NULL;
  RaLayer *layer = ra_source_load_layer (path, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (layer);
  return layer;
}

static void
count_cb (gpointer instance, guint *counter)
{
  (*counter)++;
}

typedef struct {
  guint position, removed, added, calls;
} ItemsChanged;

static void
items_changed_cb (GListModel *model, guint position, guint removed, guint added,
                  ItemsChanged *ic)
{
  ic->position = position;
  ic->removed = removed;
  ic->added = added;
  ic->calls++;
}

/* The first layer with a CRS picks the GK zone nearest its centre:
 * Zhangye spans 97.39E..102.21E, centre 99.80E -> CM 99E -> EPSG:4542. */
static void
test_first_layer_zhangye (void)
{
  g_autofree char *path = sample_path ("zhangye");
  g_autoptr(RaMap) map = ra_map_new ();
  g_autoptr(RaLayer) layer = load (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(RaLayerData) data = NULL;
  RaBBox extent;

  g_assert_null (ra_map_get_crs (map));
  g_assert_true (ra_map_add_layer (map, layer, &error));
  g_assert_no_error (error);
  g_assert_nonnull (ra_map_get_crs (map));
  g_assert_cmpint (ra_crs_get_epsg (ra_map_get_crs (map)), ==, 4542);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (map)), ==, 1);
  g_assert_cmpuint (ra_layer_get_n_features (layer), ==, 6);

  data = ra_layer_dup_data (layer);
  g_assert_cmpuint (data->n_features, ==, 6);
  /* GK zone 33 false easting is 500 km (no zone prefix); northings ~4.2e6 m. */
  g_assert_true (ra_map_get_extent (map, FALSE, &extent));
  g_assert_cmpfloat (extent.x0, >, 200000);
  g_assert_cmpfloat (extent.x1, <, 800000);
  g_assert_cmpfloat (extent.y0, >, 4100000);
  g_assert_cmpfloat (extent.y1, <, 4450000);
}

static void
test_xinzhou_zone (void)
{
  g_autofree char *path = sample_path ("xinzhou");
  g_autoptr(RaLayer) layer = load (path);
  g_autoptr(RaCrs) crs = ra_map_suggest_crs_for_layer (layer);

  g_assert_cmpint (ra_crs_get_epsg (crs), ==, 4546);
}

static void
test_order_move_remove (void)
{
  g_autofree char *zy = sample_path ("zhangye");
  g_autofree char *xz = sample_path ("xinzhou");
  g_autofree char *gs = g_build_filename (g_getenv ("RA_DATADIR"), "samples", "gansu",
                                          "cities.geojson", NULL);
  g_autoptr(RaMap) map = ra_map_new ();
  g_autoptr(RaLayer) a = load (zy);
  g_autoptr(RaLayer) b = load (xz);
  g_autoptr(RaLayer) c = load (gs);
  ItemsChanged ic = { 0 };
  guint changed = 0;

  g_signal_connect (map, "items-changed", G_CALLBACK (items_changed_cb), &ic);
  g_signal_connect (map, "changed", G_CALLBACK (count_cb), &changed);

  g_assert_true (ra_map_add_layer (map, a, NULL));
  g_assert_cmpuint (ic.calls, ==, 1);
  g_assert_cmpuint (ic.position, ==, 0);
  g_assert_cmpuint (ic.added, ==, 1);
  g_assert_cmpuint (changed, >=, 1);
  g_assert_true (ra_map_add_layer (map, b, NULL));
  g_assert_true (ra_map_add_layer (map, c, NULL));
  /* Position 0 is the top: the last added. */
  g_assert_true (ra_map_get_layer (map, 0) == c);
  g_assert_true (ra_map_get_layer (map, 1) == b);
  g_assert_true (ra_map_get_layer (map, 2) == a);
  g_assert_cmpint (ra_map_find_layer (map, a), ==, 2);
  /* The CRS stays the one of the first layer. */
  g_assert_cmpint (ra_crs_get_epsg (ra_map_get_crs (map)), ==, 4542);

  ic.calls = 0;
  changed = 0;
  ra_map_move_layer (map, 2, 0);
  g_assert_true (ra_map_get_layer (map, 0) == a);
  g_assert_true (ra_map_get_layer (map, 1) == c);
  g_assert_true (ra_map_get_layer (map, 2) == b);
  g_assert_cmpuint (ic.calls, ==, 1);
  g_assert_cmpuint (ic.position, ==, 0);
  g_assert_cmpuint (ic.removed, ==, 3);
  g_assert_cmpuint (ic.added, ==, 3);
  g_assert_cmpuint (changed, ==, 1);

  /* Layer property changes reach the map. */
  changed = 0;
  ra_layer_set_visible (b, FALSE);
  g_assert_cmpuint (changed, ==, 1);
  ra_layer_set_visible (b, FALSE);
  g_assert_cmpuint (changed, ==, 1);
  ra_layer_set_opacity (b, 0.5);
  g_assert_cmpuint (changed, ==, 2);

  {
    RaBBox all, vis;
    g_assert_true (ra_map_get_extent (map, FALSE, &all));
    g_assert_true (ra_map_get_extent (map, TRUE, &vis));
    /* Xinzhou (hidden) lies east of Gansu: the visible extent is narrower. */
    g_assert_cmpfloat (vis.x1, <, all.x1);
  }

  ic.calls = 0;
  changed = 0;
  ra_map_remove_layer (map, 1);
  g_assert_cmpuint (ra_map_get_n_layers (map), ==, 2);
  g_assert_cmpint (ra_map_find_layer (map, c), ==, -1);
  g_assert_cmpuint (ic.calls, ==, 1);
  g_assert_cmpuint (ic.position, ==, 1);
  g_assert_cmpuint (ic.removed, ==, 1);
  g_assert_cmpuint (changed, ==, 1);
  /* A removed layer no longer signals the map. */
  ra_layer_set_visible (c, FALSE);
  g_assert_cmpuint (changed, ==, 1);

  {
    g_autoptr(RaLayer) item = g_list_model_get_item (G_LIST_MODEL (map), 1);
    g_assert_true (item == b);
    g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (map)) == RA_TYPE_LAYER);
    g_assert_null (g_list_model_get_item (G_LIST_MODEL (map), 2));
  }
}

static void
test_set_crs (void)
{
  g_autofree char *path = sample_path ("zhangye");
  g_autoptr(RaMap) map = ra_map_new ();
  g_autoptr(RaLayer) layer = load (path);
  g_autoptr(RaCrs) merc = ra_crs_new_from_epsg (3857, NULL);
  g_autoptr(RaCrs) ll = ra_crs_new_from_epsg (4326, NULL);
  g_autoptr(RaLayerData) before = NULL;
  g_autoptr(RaLayerData) after = NULL;
  g_autoptr(GError) error = NULL;
  guint changed = 0;
  RaBBox e;

  g_assert_true (ra_map_add_layer (map, layer, NULL));
  before = ra_layer_dup_data (layer);
  g_signal_connect (map, "changed", G_CALLBACK (count_cb), &changed);

  g_assert_true (ra_map_set_crs (map, merc, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpint (ra_crs_get_epsg (ra_map_get_crs (map)), ==, 3857);
  after = ra_layer_dup_data (layer);
  g_assert_true (before != after);
  /* The old snapshot stays intact for a renderer that still holds it. */
  g_assert_cmpfloat (before->extent.x0, >, 200000);
  g_assert_cmpfloat (before->extent.x1, <, 800000);
  /* 97.39E in web mercator: 6378137 * 97.394531 * pi / 180 */
  g_assert_cmpfloat (fabs (after->extent.x0 - 6378137.0 * 97.394531 * G_PI / 180), <, 1.0);

  g_assert_true (ra_map_set_crs (map, ll, &error));
  g_assert_true (ra_map_get_extent (map, FALSE, &e));
  g_assert_cmpfloat (fabs (e.x0 - 97.394531), <, 1e-5);
  g_assert_cmpfloat (fabs (e.y1 - 39.888672), <, 1e-5);
}

/* A layer without CRS does not pick the map CRS; a later one does; assigning
 * a CRS to the first reprojects it. */
static void
test_no_crs_layer (void)
{
  g_autofree char *nocrs = fixture_path ("counties-gk-noprj.shp");
  g_autofree char *zy = sample_path ("zhangye");
  g_autoptr(RaMap) map = ra_map_new ();
  g_autoptr(RaLayer) a = load (nocrs);
  g_autoptr(RaLayer) b = load (zy);
  g_autoptr(RaCrs) gk = ra_crs_new_from_epsg (4542, NULL);
  g_autoptr(RaLayerData) da = NULL;
  g_autoptr(RaLayerData) db = NULL;
  guint changed = 0;

  g_assert_false (ra_layer_has_crs (a));
  g_assert_true (ra_map_add_layer (map, a, NULL));
  g_assert_null (ra_map_get_crs (map));
  g_assert_true (ra_map_add_layer (map, b, NULL));
  g_assert_cmpint (ra_crs_get_epsg (ra_map_get_crs (map)), ==, 4542);

  g_signal_connect (map, "changed", G_CALLBACK (count_cb), &changed);
  g_assert_true (ra_map_set_crs (map, gk, NULL));
  g_assert_cmpuint (changed, ==, 0);   /* unchanged CRS: no redraw */
  g_assert_true (ra_layer_assign_crs (a, gk, NULL));
  g_assert_cmpuint (changed, ==, 1);
  da = ra_layer_dup_data (a);
  db = ra_layer_dup_data (b);
  g_assert_cmpfloat (fabs (da->extent.x0 - db->extent.x0), <, 1.0);
  g_assert_cmpfloat (fabs (da->extent.y1 - db->extent.y1), <, 1.0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();

  g_test_add_func ("/map/first-layer-crs/zhangye", test_first_layer_zhangye);
  g_test_add_func ("/map/first-layer-crs/xinzhou", test_xinzhou_zone);
  g_test_add_func ("/map/order-move-remove", test_order_move_remove);
  g_test_add_func ("/map/set-crs", test_set_crs);
  g_test_add_func ("/map/no-crs-layer", test_no_crs_layer);
  return g_test_run ();
}
