/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "ui-test-util.h"
#include "ra-views.h"
#include "ra-application.h"
#include "ra-crs-dialog.h"
#include "ra-layer-row.h"
#include "ra-window.h"

/* The tests share one window, opened on the Zhangye sample as a user would,
 * and run in order: load, pan, zoom, identify, then the failure paths. */

typedef struct {
  RaApplication *app;
  RaWindow      *window;
  RaMapView     *map_view;
  RaMap         *map;
} Fixture;

static Fixture fx;

static gboolean
loads_done (gpointer data)
{
  return ra_window_get_pending_loads (fx.window) == 0;
}

static gboolean
render_after (gpointer data)
{
  guint count = GPOINTER_TO_UINT (data);

  return ra_map_view_get_render_count (fx.map_view) > count &&
         !ra_map_view_is_rendering (fx.map_view);
}

static void
wait_render_after (guint count)
{
  g_assert_true (wait_for (render_after, GUINT_TO_POINTER (count), 20));
}

/* Fraction of pixels of the rendered image inside the region (fractions of
 * width/height) whose colour is within tol of c. */
static double
colour_fraction (cairo_surface_t *surface, const RaColor *c,
                 double fx0, double fy0, double fx1, double fy1, int tol)
{
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data;
  int r = (int) round (c->r * 255), g = (int) round (c->g * 255), b = (int) round (c->b * 255);
  guint total = 0, hits = 0;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  for (int y = (int) (fy0 * h); y < (int) (fy1 * h); y++)
    for (int x = (int) (fx0 * w); x < (int) (fx1 * w); x++)
      {
        guint32 px = *(const guint32 *) (data + y * stride + 4 * x);
        int pr = (px >> 16) & 0xff, pg = (px >> 8) & 0xff, pb = px & 0xff;

        total++;
        if (ABS (pr - r) <= tol && ABS (pg - g) <= tol && ABS (pb - b) <= tol)
          hits++;
      }
  return total > 0 ? (double) hits / total : 0;
}

static const RaColor *
county_fill (void)
{
  RaLayer *layer = ra_map_get_layer (fx.map, ra_map_get_n_layers (fx.map) - 1);
  return &ra_layer_get_style (layer)->fill;
}

static gboolean
images_differ (cairo_surface_t *a, cairo_surface_t *b)
{
  int h = cairo_image_surface_get_height (a);
  int stride = cairo_image_surface_get_stride (a);
  guint differing = 0;

  if (cairo_image_surface_get_width (a) != cairo_image_surface_get_width (b) ||
      h != cairo_image_surface_get_height (b))
    return TRUE;
  for (int y = 0; y < h; y++)
    if (memcmp (cairo_image_surface_get_data (a) + y * stride,
                cairo_image_surface_get_data (b) + y * stride, stride) != 0)
      differing++;
  return differing > (guint) h / 10;
}

static void
test_load_sample (void)
{
  cairo_surface_t *surface;
  double fraction;

  g_assert_true (wait_for (loads_done, NULL, 30));
  /* The sample project: counties at the bottom, plants above. */
  g_assert_cmpuint (ra_map_get_n_layers (fx.map), >=, 1);
  g_assert_nonnull (ra_map_get_crs (fx.map));
  g_assert_true (ra_map_view_has_view (fx.map_view));
  wait_render_after (0);

  surface = ra_map_view_get_rendered_surface (fx.map_view);
  g_assert_nonnull (surface);
  g_assert_cmpint (cairo_image_surface_get_width (surface), >, 100);
  fraction = colour_fraction (surface, county_fill (), 0.3, 0.3, 0.7, 0.7, 6);
  g_test_message ("county fill covers %.0f%% of the centre", fraction * 100);
  g_assert_cmpfloat (fraction, >, 0.2);
}

static void
test_pan (void)
{
  RaView before = *ra_map_view_get_view (fx.map_view);
  const RaView *after;
  guint count = ra_map_view_get_render_count (fx.map_view);
  cairo_surface_t *old = cairo_surface_reference (ra_map_view_get_rendered_surface (fx.map_view));
  double ex, ey;

  ra_map_view_pan_px (fx.map_view, 120, -80);
  after = ra_map_view_get_view (fx.map_view);

  /* The content moved by (120, -80) px: the new centre is the map point that
   * was 120 px left of and 80 px below the old one. */
  ra_view_to_map (&before, before.width / 2.0 - 120, before.height / 2.0 + 80, &ex, &ey);
  g_assert_cmpfloat_with_epsilon (after->cx, ex, before.resolution * 1e-6);
  g_assert_cmpfloat_with_epsilon (after->cy, ey, before.resolution * 1e-6);
  g_assert_cmpfloat_with_epsilon (after->cx - before.cx, -120 * before.resolution,
                                  before.resolution * 1e-6);
  g_assert_cmpfloat (after->resolution, ==, before.resolution);

  wait_render_after (count);
  g_assert_true (images_differ (old, ra_map_view_get_rendered_surface (fx.map_view)));
  g_assert_cmpfloat (colour_fraction (ra_map_view_get_rendered_surface (fx.map_view),
                                      county_fill (), 0, 0, 1, 1, 6), >, 0.1);
  cairo_surface_destroy (old);
}

static void
test_zoom_at (void)
{
  RaView before = *ra_map_view_get_view (fx.map_view);
  const RaView *after;
  guint count = ra_map_view_get_render_count (fx.map_view);
  cairo_surface_t *old = cairo_surface_reference (ra_map_view_get_rendered_surface (fx.map_view));
  double px = before.width * 0.4, py = before.height * 0.55;
  double mx0, my0, mx1, my1;

  ra_view_to_map (&before, px, py, &mx0, &my0);
  ra_map_view_zoom_at (fx.map_view, 2.0, px, py);
  after = ra_map_view_get_view (fx.map_view);

  g_assert_cmpfloat_with_epsilon (after->resolution, before.resolution / 2.0,
                                  before.resolution * 1e-9);
  ra_view_to_map (after, px, py, &mx1, &my1);
  g_assert_cmpfloat_with_epsilon (mx1, mx0, before.resolution * 1e-6);
  g_assert_cmpfloat_with_epsilon (my1, my0, before.resolution * 1e-6);

  wait_render_after (count);
  g_assert_true (images_differ (old, ra_map_view_get_rendered_surface (fx.map_view)));
  g_assert_cmpfloat (colour_fraction (ra_map_view_get_rendered_surface (fx.map_view),
                                      county_fill (), 0, 0, 1, 1, 6), >, 0.1);
  cairo_surface_destroy (old);
}

static void
test_keyboard_actions (void)
{
  RaView before = *ra_map_view_get_view (fx.map_view);
  const RaView *after;
  RaBBox extent, visible;

  /* Right arrow: the view moves east. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.map_view), "map.pan", "(ii)", 1, 0));
  after = ra_map_view_get_view (fx.map_view);
  g_assert_cmpfloat (after->cx, >, before.cx);
  g_assert_cmpfloat_with_epsilon (after->cy, before.cy, before.resolution * 1e-6);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.map_view), "map.zoom-out", NULL));
  g_assert_cmpfloat_with_epsilon (ra_map_view_get_view (fx.map_view)->resolution,
                                  before.resolution * 2, before.resolution * 1e-9);

  /* Home: the whole extent is in sight again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.map_view), "map.zoom-full", NULL));
  g_assert_true (ra_map_get_extent (fx.map, TRUE, &extent));
  ra_view_get_bbox (ra_map_view_get_view (fx.map_view), &visible);
  g_assert_cmpfloat (visible.x0, <=, extent.x0);
  g_assert_cmpfloat (visible.x1, >=, extent.x1);
  g_assert_cmpfloat (visible.y0, <=, extent.y0);
  g_assert_cmpfloat (visible.y1, >=, extent.y1);
  wait_render_after (ra_map_view_get_render_count (fx.map_view));
}

static void
test_identify (void)
{
  cairo_surface_t *surface = ra_map_view_get_rendered_surface (fx.map_view);
  const RaView *view = ra_map_view_get_view (fx.map_view);
  RaBBox extent;
  double px, py;
  gboolean found;

  /* The middle of the county layer's extent falls inside Zhangye. */
  g_assert_nonnull (surface);
  g_assert_true (ra_map_get_extent (fx.map, TRUE, &extent));
  ra_view_to_device (view, (extent.x0 + extent.x1) / 2, (extent.y0 + extent.y1) / 2, &px, &py);
  found = ra_map_view_identify_at (fx.map_view, px, py);
  g_assert_true (found);
  g_assert_true (ra_map_view_get_selected_layer (fx.map_view) ==
                 ra_map_get_layer (fx.map, ra_map_get_n_layers (fx.map) - 1));
  g_assert_cmpint (ra_map_view_get_selected_feature (fx.map_view), >=, 0);

  /* Far outside: the selection is cleared. */
  ra_view_to_device (view, extent.x1 + (extent.x1 - extent.x0), extent.y1, &px, &py);
  g_assert_false (ra_map_view_identify_at (fx.map_view, CLAMP (px, 1, view->width - 2), 1));
}

static void
test_open_missing (void)
{
  guint messages = ra_window_get_message_count (fx.window);
  guint layers = ra_map_get_n_layers (fx.map);

  ra_window_open_path (fx.window, "/nonexistent/dir/pipelines.shp");
  g_assert_true (wait_for (loads_done, NULL, 20));
  g_assert_cmpuint (ra_window_get_message_count (fx.window), ==, messages + 1);
  g_assert_nonnull (strstr (ra_window_get_last_message (fx.window), "pipelines.shp"));
  g_assert_cmpuint (ra_map_get_n_layers (fx.map), ==, layers);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fx.window)));
}

static void
test_open_corrupt (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("RA_TEST_DATA"), "not-a-shapefile.shp", NULL);
  guint messages = ra_window_get_message_count (fx.window);
  guint layers = ra_map_get_n_layers (fx.map);

  ra_window_open_path (fx.window, path);
  g_assert_true (wait_for (loads_done, NULL, 20));
  g_assert_cmpuint (ra_window_get_message_count (fx.window), >, messages);
  g_assert_nonnull (strstr (ra_window_get_last_message (fx.window), "not-a-shapefile"));
  g_assert_cmpuint (ra_map_get_n_layers (fx.map), ==, layers);
}

static gboolean
find_row_warning (GtkWidget *widget, RaLayer *layer, const char **text)
{
  if (RA_IS_LAYER_ROW (widget) && ra_layer_row_get_layer (RA_LAYER_ROW (widget)) == layer)
    {
      *text = ra_layer_row_get_warning_text (RA_LAYER_ROW (widget));
      return TRUE;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    if (find_row_warning (c, layer, text))
      return TRUE;
  return FALSE;
}

static gboolean
row_exists (gpointer layer)
{
  const char *text;
  return find_row_warning (GTK_WIDGET (ra_window_get_layer_panel (fx.window)), layer, &text);
}

static void
test_open_without_crs (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("RA_TEST_DATA"), "counties-gk-noprj.shp", NULL);
  guint messages = ra_window_get_message_count (fx.window);
  guint layers = ra_map_get_n_layers (fx.map);
  const char *text = NULL;
  RaLayer *layer;

  ra_window_open_path (fx.window, path);
  g_assert_true (wait_for (loads_done, NULL, 20));
  g_assert_cmpuint (ra_map_get_n_layers (fx.map), ==, layers + 1);
  layer = ra_map_get_layer (fx.map, 0);
  g_assert_false (ra_layer_has_crs (layer));
  /* A toast and a warning icon on the row. */
  g_assert_cmpuint (ra_window_get_message_count (fx.window), >, messages);
  g_assert_true (wait_for (row_exists, layer, 5));
  find_row_warning (GTK_WIDGET (ra_window_get_layer_panel (fx.window)), layer, &text);
  g_assert_nonnull (text);
  g_test_message ("row warning: %s", text);

  ra_map_remove_layer (fx.map, 0);
  g_assert_cmpuint (ra_map_get_n_layers (fx.map), ==, layers);
}

static gboolean
find_message_dialog (gpointer out)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        {
          *(AdwMessageDialog **) out = ADW_MESSAGE_DIALOG (w);
          return TRUE;
        }
    }
  return FALSE;
}


static gboolean
layer_replaced (gpointer old)
{
  return ra_map_get_n_layers (fx.map) > 0 && ra_map_get_layer (fx.map, 0) != old;
}

static gboolean
layer_has_value (RaLayer *layer, const char *field, const char *value)
{
  RaAttrTable *attrs = ra_layer_get_attrs (layer);
  int f = attrs != NULL ? ra_attr_table_field_index (attrs, field) : -1;

  for (guint i = 0; f >= 0 && i < attrs->n_features; i++)
    if (g_strcmp0 (ra_attr_table_get (attrs, i, (guint) f), value) == 0)
      return TRUE;
  return FALSE;
}

/* Layer ▸ Text Encoding…: the GBK shapefile without .cpg read again as
 * Big5 (the names change, the layer keeps its place), then as detected. */
static void
test_text_encoding (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("RA_TEST_DATA"), "zhangye-gbk-nocpg.shp", NULL);
  RaLayerPanel *panel = ra_window_get_layer_panel (fx.window);
  AdwMessageDialog *dialog = NULL;
  GtkDropDown *drop;
  RaLayer *layer, *old;
  guint layers;

  g_assert_true (wait_for (loads_done, NULL, 60));
  layers = ra_map_get_n_layers (fx.map);
  ra_window_open_path (fx.window, path);
  g_assert_true (wait_for (loads_done, NULL, 20));
  g_assert_cmpuint (ra_map_get_n_layers (fx.map), ==, layers + 1);
  layer = ra_map_get_layer (fx.map, 0);
  g_assert_true (g_str_has_prefix (ra_layer_get_encoding (layer), "GB18030 (detected"));
  g_assert_true (layer_has_value (layer, "name_zh", "甘州区"));

  ra_layer_panel_select (panel, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "layers.text-encoding", NULL));
  g_assert_true (wait_for (find_message_dialog, &dialog, 5));
  drop = g_object_get_data (G_OBJECT (dialog), "drop-down");
  g_assert_nonnull (drop);
  gtk_drop_down_set_selected (drop, 3);   /* Big5 */
  old = layer;
  adw_message_dialog_response (dialog, "reload");
  g_assert_true (wait_for (layer_replaced, old, 20));
  layer = ra_map_get_layer (fx.map, 0);
  g_assert_cmpuint (ra_map_get_n_layers (fx.map), ==, layers + 1);
  g_assert_cmpstr (ra_layer_get_encoding (layer), ==, "Big5 (chosen)");
  g_assert_false (layer_has_value (layer, "name_zh", "甘州区"));
  g_assert_true (layer_has_value (layer, "name_en", "Ganzhou District"));

  old = layer;
  ra_layer_panel_reload_with_encoding (panel, layer, NULL);
  g_assert_true (wait_for (layer_replaced, old, 20));
  layer = ra_map_get_layer (fx.map, 0);
  g_assert_true (g_str_has_prefix (ra_layer_get_encoding (layer), "GB18030 (detected"));
  g_assert_true (layer_has_value (layer, "name_zh", "甘州区"));

  ra_map_remove_layer (fx.map, 0);
  g_assert_cmpuint (ra_map_get_n_layers (fx.map), ==, layers);
}

static void
test_open_multilayer_chooser (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("RA_TEST_DATA"), "layers.gpkg", NULL);
  guint layers = ra_map_get_n_layers (fx.map);
  AdwMessageDialog *dialog = NULL;

  /* Four layers: more than three, so the user chooses (all checked). */
  ra_window_open_path (fx.window, path);
  g_assert_true (wait_for (find_message_dialog, &dialog, 20));
  adw_message_dialog_response (dialog, "add");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (wait_for (loads_done, NULL, 20));
  g_assert_cmpuint (ra_map_get_n_layers (fx.map), >=, layers + 3);
  while (ra_map_get_n_layers (fx.map) > layers)
    ra_map_remove_layer (fx.map, 0);
}

static void
crs_apply_cb (RaCrsDialog *dialog, RaCrs *crs, gpointer data)
{
  *(int *) data = ra_crs_get_epsg (crs);
}


static gboolean
stop_button_hidden (gpointer data)
{
  GtkWidget *button = data;

  return !gtk_widget_get_visible (button);
}

/* Opening a file can be stopped from the header (the spinner is a stop
 * button): nothing of it is added, no error is shown, and the next file
 * opens as usual. */
/* The header's stop button: the loading spinner's parent. */
static GtkWidget *
find_stop_button (void)
{
  GtkWidget *spinner = NULL, *stop;
  g_autoptr(GPtrArray) todo = g_ptr_array_new ();

  g_ptr_array_add (todo, fx.window);
  while (todo->len > 0 && spinner == NULL)
    {
      GtkWidget *c = g_ptr_array_steal_index (todo, todo->len - 1);

      if (GTK_IS_SPINNER (c))
        spinner = c;
      for (GtkWidget *k = gtk_widget_get_first_child (c); k; k = gtk_widget_get_next_sibling (k))
        g_ptr_array_add (todo, k);
    }
  g_assert_nonnull (spinner);
  stop = gtk_widget_get_parent (spinner);
  g_assert_true (GTK_IS_BUTTON (stop));
  return stop;
}

static gboolean
loads_pending (gpointer data)
{
  return ra_window_get_pending_loads (fx.window) > 0;
}

static RaLayer *
project_layer (const char *table)
{
  for (guint i = 0; i < ra_map_get_n_layers (fx.map); i++)
    if (g_strcmp0 (ra_layer_get_source_layer_name (ra_map_get_layer (fx.map, i)), table) == 0)
      return ra_map_get_layer (fx.map, i);
  return NULL;
}

static gboolean
big_footprint_refined (gpointer data)
{
  RaLayer *layer = project_layer ("footprints");
  g_autoptr(RaLayerData) d = NULL;
  guint most = 0;

  if (layer == NULL || ra_window_get_pending_loads (fx.window) > 0 || ra_layer_needs_refine (layer))
    return FALSE;
  d = ra_layer_dup_data (layer);
  for (guint i = 0; i < d->n_features; i++)
    if (d->geoms[i] != NULL)
      most = MAX (most, d->geoms[i]->n_points);
  return most >= GPOINTER_TO_UINT (data);
}

static gboolean
footprints_gone (gpointer data)
{
  return project_layer ("footprints") == NULL;
}

/* A project table over 300 k vertices opens with a quick first view like a
 * file and reaches full detail too; the project's reload shows the spinner
 * but the stop button, which stops only files being opened, is disabled. */
static void
test_project_big_layer (void)
{
  RaStore *store = ra_window_get_store (fx.window);
  const guint n = 320000;
  g_autoptr(GString) wkt = g_string_new ("POLYGON((");
  g_autoptr(GError) error = NULL;
  GtkWidget *stop = find_stop_button ();
  gint64 id;

  g_assert_nonnull (store);
  g_assert_true (wait_for (loads_done, NULL, 30));
  for (guint i = 0; i < n; i++)
    {
      double a = 2 * G_PI * i / n;

      g_string_append_printf (wkt, "%.9f %.9f,", 100.45 + 0.05 * cos (a), 38.93 + 0.04 * sin (a));
    }
  g_string_append_printf (wkt, "%.9f %.9f))", 100.45 + 0.05, 38.93);
  id = ra_store_insert_feature (store, "footprints", NULL, wkt->str, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  g_assert_true (wait_for (loads_pending, NULL, 10));
  g_assert_true (gtk_widget_get_visible (stop));
  g_assert_false (gtk_widget_get_sensitive (stop));
  g_assert_true (wait_for (big_footprint_refined, GUINT_TO_POINTER (n), 60));

  /* The only footprint deleted: the table is empty, its layer goes without
   * reading anything (the other tables are not read again). */
  g_assert_true (ra_store_delete_row (store, "footprints", id, &error));
  g_assert_no_error (error);
  g_assert_true (wait_for (footprints_gone, NULL, 10));
  g_assert_true (wait_for (loads_done, NULL, 30));
}

static void
test_open_cancel (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ra-cancel-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "many-points.geojson", NULL);
  g_autoptr(GString) json = g_string_new ("{\"type\":\"FeatureCollection\",\"features\":[");
  guint messages = ra_window_get_message_count (fx.window);
  guint layers = ra_map_get_n_layers (fx.map);
  GtkWidget *stop = NULL;

  for (guint i = 0; i < 30000; i++)
    g_string_append_printf (json, "%s{\"type\":\"Feature\",\"properties\":{\"n\":%u},"
                            "\"geometry\":{\"type\":\"Point\",\"coordinates\":[%.5f,%.5f]}}",
                            i ? "," : "", i, 100.0 + (i % 200) * 0.01, 38.0 + (i / 200) * 0.01);
  g_string_append (json, "]}");
  g_assert_true (g_file_set_contents (path, json->str, json->len, NULL));

  ra_window_open_path (fx.window, path);
  stop = find_stop_button ();
  g_assert_true (gtk_widget_get_visible (stop));
  g_assert_true (gtk_widget_get_sensitive (stop));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.window), "win.cancel-load", NULL));
  g_assert_true (wait_for (loads_done, NULL, 20));
  g_assert_true (wait_for (stop_button_hidden, stop, 5));
  g_assert_cmpuint (ra_map_get_n_layers (fx.map), ==, layers);
  g_assert_cmpuint (ra_window_get_message_count (fx.window), ==, messages);

  /* The next open is not cancelled. */
  ra_window_open_path (fx.window, path);
  g_assert_true (wait_for (loads_done, NULL, 60));
  g_assert_cmpuint (ra_map_get_n_layers (fx.map), ==, layers + 1);
  g_assert_cmpuint (ra_layer_get_n_features (ra_map_get_layer (fx.map, 0)), ==, 30000);
  ra_map_remove_layer (fx.map, 0);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_crs_dialog (void)
{
  RaCrsDialog *dialog = ra_crs_dialog_new (GTK_WINDOW (fx.window), "Map CRS", "", NULL);
  int applied = 0;

  g_signal_connect (dialog, "apply", G_CALLBACK (crs_apply_cb), &applied);
  gtk_window_present (GTK_WINDOW (dialog));
  ra_crs_dialog_set_text (dialog, "EPSG:999999");
  g_assert_false (ra_crs_dialog_apply (dialog));
  g_assert_cmpint (applied, ==, 0);
  ra_crs_dialog_set_text (dialog, "EPSG:4490");
  g_assert_true (ra_crs_dialog_apply (dialog));
  g_assert_cmpint (applied, ==, 4490);
}

static void
test_set_map_crs (void)
{
  g_autoptr(RaCrs) crs = ra_crs_new_from_epsg (4490, NULL);
  guint count = ra_map_view_get_render_count (fx.map_view);

  g_assert_nonnull (crs);
  g_assert_true (ra_map_set_crs (fx.map, crs, NULL));
  wait_render_after (count);
  /* Still the same area in sight, now in degrees. */
  g_assert_cmpfloat (ra_map_view_get_view (fx.map_view)->cx, >, 95);
  g_assert_cmpfloat (ra_map_view_get_view (fx.map_view)->cx, <, 105);
  g_assert_cmpfloat (colour_fraction (ra_map_view_get_rendered_surface (fx.map_view),
                                      county_fill (), 0, 0, 1, 1, 6), >, 0.05);
}

static void
raw_exec (const char *path, const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* Text in a county's geometry, written as a program without SpatiaLite
 * would: its triggers set aside and put back. */
static void
raw_spoil_county (const char *path, gint64 id)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) defs = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name, sql FROM sqlite_master"
                                           " WHERE type = 'trigger' AND tbl_name = 'counties'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (defs, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_finalize (stmt);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *drop = g_strdup_printf ("DROP TRIGGER \"%s\"", (char *) names->pdata[i]);

      g_assert_cmpint (sqlite3_exec (db, drop, NULL, NULL, NULL), ==, SQLITE_OK);
    }
  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE counties SET geom = 'garbage' WHERE id = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  for (guint i = 0; i < defs->len; i++)
    g_assert_cmpint (sqlite3_exec (db, defs->pdata[i], NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* A damaged project (issue 14), opened from the Open dialog's path and by a
 * drop: refused with the message the CLI gives (the file and the damage),
 * the project open before and its map stay, the app keeps running.  A
 * project whose geometries cannot all be read opens, and says which. */
static void
test_open_damaged_project (void)
{
  RaStore *before = ra_window_get_store (fx.window);
  g_autofree char *sample = g_strdup (ra_store_get_path (before));
  g_autofree char *dir = g_dir_make_tmp ("ra-damaged-XXXXXX", NULL);
  g_autofree char *damaged = g_build_filename (dir, "zhangye-damaged.sqlite", NULL);
  g_autofree char *spoilt = g_build_filename (dir, "zhangye-spoilt.sqlite", NULL);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  guint messages, layers;

  g_assert_true (wait_for (loads_done, NULL, 30));
  g_assert_true (ra_store_save_copy (before, damaged, &error));
  g_assert_no_error (error);
  g_assert_true (ra_store_save_copy (before, spoilt, &error));
  g_assert_no_error (error);
  raw_exec (damaged, "DROP TABLE plants");
  expected = g_strdup_printf ("%s: the project is damaged: table “plants” is missing", damaged);

  messages = ra_window_get_message_count (fx.window);
  layers = ra_map_get_n_layers (fx.map);
  g_assert_false (ra_window_open_project (fx.window, damaged));
  g_assert_cmpuint (ra_window_get_message_count (fx.window), ==, messages + 1);
  g_assert_cmpstr (ra_window_get_last_message (fx.window), ==, expected);
  g_assert_true (ra_window_get_store (fx.window) == before);
  g_assert_cmpuint (ra_map_get_n_layers (fx.map), ==, layers);

  /* Dropped on the window (or given on the command line): the same. */
  ra_window_open_path (fx.window, damaged);
  g_assert_true (wait_for (loads_done, NULL, 20));
  g_assert_cmpuint (ra_window_get_message_count (fx.window), ==, messages + 2);
  g_assert_cmpstr (ra_window_get_last_message (fx.window), ==, expected);
  g_assert_true (ra_window_get_store (fx.window) == before);
  g_assert_cmpuint (ra_map_get_n_layers (fx.map), ==, layers);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fx.window)));

  /* Unreadable geometries: the project opens, the message names the rows. */
  raw_spoil_county (spoilt, 2);
  g_assert_true (ra_window_open_project (fx.window, spoilt));
  ui_wait_project (fx.window);
  g_assert_cmpstr (ra_store_get_path (ra_window_get_store (fx.window)), ==, spoilt);
  g_assert_cmpuint (ra_window_get_message_count (fx.window), ==, messages + 3);
  g_assert_nonnull (strstr (ra_window_get_last_message (fx.window),
                            "zhangye-spoilt.sqlite: table “counties”: 1 geometry cannot be read "
                            "and is left out (id 2): text instead of a geometry"));

  /* Back to the sample for the tests after this one. */
  g_assert_true (ra_window_open_project (fx.window, sample));
  ui_wait_project (fx.window);
  g_assert_cmpuint (ra_window_get_message_count (fx.window), ==, messages + 3);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    if (system (cmd) != 0)
      g_test_message ("could not remove %s", dir);
  }
}

static RaLayer *
layer_from (const char *suffix)
{
  for (guint i = 0; i < ra_map_get_n_layers (fx.map); i++)
    {
      RaLayer *layer = ra_map_get_layer (fx.map, i);
      const char *path = ra_layer_get_source_path (layer);

      if (path != NULL && g_str_has_suffix (path, suffix))
        return layer;
    }
  return NULL;
}

static gboolean
has_layer_from (gpointer suffix)
{
  return layer_from (suffix) != NULL;
}

static GPtrArray *
stored_added_layers (void)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *records = ra_store_list_app_layers (ra_window_get_store (fx.window), &error);

  g_assert_no_error (error);
  return records;
}

/* A file added to a project's map (a basemap) is kept in the project with
 * its visibility and opacity, relative to the project's folder, and comes
 * back when the project opens again; gone, it is said and kept listed. */
static void
test_added_layers_kept (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ra-added-XXXXXX", NULL);
  g_autofree char *project = g_build_filename (dir, "kept.sqlite", NULL);
  g_autofree char *basemap_dir = g_build_filename (dir, "basemap", NULL);
  g_autofree char *basemap = g_build_filename (basemap_dir, "cities.geojson", NULL);
  g_autofree char *moved = g_build_filename (dir, "moved", NULL);
  g_autofree char *sample = g_strdup (ra_store_get_path (ra_window_get_store (fx.window)));
  g_autofree char *contents = NULL;
  g_autofree char *src = g_build_filename (g_getenv ("RA_DATADIR"), "samples", "gansu",
                                           "cities.geojson", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  RaLayer *layer;
  RaAppLayer *record;
  guint messages;

  g_assert_true (ra_store_save_copy (ra_window_get_store (fx.window), project, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (basemap_dir, 0755), ==, 0);
  g_assert_true (g_file_get_contents (src, &contents, NULL, NULL));
  g_assert_true (g_file_set_contents (basemap, contents, -1, NULL));

  g_assert_true (ra_window_open_project (fx.window, project));
  ui_wait_project (fx.window);
  ra_window_open_path (fx.window, basemap);
  g_assert_true (wait_for (has_layer_from, (gpointer) "cities.geojson", 30));
  layer = layer_from ("cities.geojson");
  ra_layer_set_opacity (layer, 0.4);
  ra_layer_set_visible (layer, FALSE);
  spin (1.0);
  records = stored_added_layers ();
  g_assert_cmpuint (records->len, ==, 1);
  record = g_ptr_array_index (records, 0);
  g_assert_cmpstr (record->source, ==, "basemap" G_DIR_SEPARATOR_S "cities.geojson");
  g_assert_cmpfloat_with_epsilon (record->opacity, 0.4, 1e-9);
  g_assert_false (record->visible);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* Opened again (after another project): back as it was. */
  g_assert_true (ra_window_open_project (fx.window, sample));
  ui_wait_project (fx.window);
  g_assert_null (layer_from ("cities.geojson"));
  g_assert_true (ra_window_open_project (fx.window, project));
  ui_wait_project (fx.window);
  g_assert_true (wait_for (has_layer_from, (gpointer) "cities.geojson", 30));
  layer = layer_from ("cities.geojson");
  g_assert_false (ra_layer_get_visible (layer));
  g_assert_cmpfloat_with_epsilon (ra_layer_get_opacity (layer), 0.4, 1e-9);

  /* The folder moved away: said, and still listed after the map changes. */
  g_assert_cmpint (g_rename (basemap_dir, moved), ==, 0);
  g_assert_true (ra_window_open_project (fx.window, sample));
  ui_wait_project (fx.window);
  messages = ra_window_get_message_count (fx.window);
  g_assert_true (ra_window_open_project (fx.window, project));
  ui_wait_project (fx.window);
  spin (0.5);
  g_assert_cmpuint (ra_window_get_message_count (fx.window), >, messages);
  g_assert_nonnull (strstr (ra_window_get_last_message (fx.window), "could not be opened"));
  ra_layer_set_visible (ra_map_get_layer (fx.map, 0), !ra_layer_get_visible (ra_map_get_layer (fx.map, 0)));
  spin (1.0);
  records = stored_added_layers ();
  g_assert_cmpuint (records->len, ==, 1);

  g_assert_true (ra_window_open_project (fx.window, sample));
  ui_wait_project (fx.window);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    if (system (cmd) != 0)
      g_test_message ("could not remove %s", dir);
  }
}

static AdwFlap *
find_flap (GtkWidget *widget)
{
  if (ADW_IS_FLAP (widget))
    return ADW_FLAP (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwFlap *flap = find_flap (child);

      if (flap != NULL)
        return flap;
    }
  return NULL;
}

/* Prints the widgets below widget asking for more than min_px wide. */
static void
print_wide (GtkWidget *widget, int min_px, int depth)
{
  int min = 0;

  if (!gtk_widget_get_visible (widget))
    return;
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  if (min <= min_px)
    return;
  g_test_message ("%*s%s %s: at least %d px", depth * 2, "", G_OBJECT_TYPE_NAME (widget),
                  gtk_widget_get_name (widget), min);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    print_wide (child, min_px, depth + 1);
}

/* At 1280×800 (a common office laptop) the side panel is beside the map,
 * not folded over it (issue 17). */
static void
test_small_screen_sidebar (void)
{
  AdwFlap *flap = find_flap (GTK_WIDGET (fx.window));
  int width = gtk_widget_get_width (GTK_WIDGET (fx.window));

  g_assert_nonnull (flap);
  g_test_message ("window %d px wide", width);
  print_wide (adw_flap_get_content (flap), 500, 0);
  print_wide (adw_flap_get_flap (flap), 250, 0);
  {
    GtkRequisition fmin, cmin, smin;

    gtk_widget_get_preferred_size (adw_flap_get_flap (flap), &fmin, NULL);
    gtk_widget_get_preferred_size (adw_flap_get_content (flap), &cmin, NULL);
    gtk_widget_get_preferred_size (adw_flap_get_separator (flap), &smin, NULL);
    g_test_message ("side panel %d + separator %d + content %d px at least",
                    fmin.width, smin.width, cmin.width);
  }
  g_assert_cmpint (width, <=, 1280);
  g_assert_false (adw_flap_get_folded (flap));
  g_assert_true (adw_flap_get_reveal_flap (flap));
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = NULL;
  int status;

  /* The sample project is built into the user data folder: a fresh one. */
  data_home = ui_test_isolate_data_home ("ra-window");

  g_test_init (&argc, &argv, NULL);
  ra_core_init ();

  /* Activation is what a user's launch does: a window on the Zhangye sample. */
  fx.window = ui_test_start_app (&fx.app);
  fx.map_view = ra_window_get_map_view (fx.window);
  fx.map = ra_window_get_map (fx.window);
  /* These tests are about the plain map of the project's layers; the
   * plan's thematic map (tests/ui/test-thematic.c) is switched off. */
  g_action_group_activate_action (G_ACTION_GROUP (fx.window), "thematic-mode",
                                  g_variant_new_string ("off"));

  g_test_add_func ("/ui/window/load-sample", test_load_sample);
  g_test_add_func ("/ui/window/small-screen-sidebar", test_small_screen_sidebar);
  g_test_add_func ("/ui/window/pan", test_pan);
  g_test_add_func ("/ui/window/zoom-at", test_zoom_at);
  g_test_add_func ("/ui/window/keyboard-actions", test_keyboard_actions);
  g_test_add_func ("/ui/window/identify", test_identify);
  g_test_add_func ("/ui/window/open-missing", test_open_missing);
  g_test_add_func ("/ui/window/open-corrupt", test_open_corrupt);
  g_test_add_func ("/ui/window/open-damaged-project", test_open_damaged_project);
  g_test_add_func ("/ui/window/open-without-crs", test_open_without_crs);
  g_test_add_func ("/ui/window/open-multilayer-chooser", test_open_multilayer_chooser);
  g_test_add_func ("/ui/window/text-encoding", test_text_encoding);
  g_test_add_func ("/ui/window/open-cancel", test_open_cancel);
  g_test_add_func ("/ui/window/project-big-layer", test_project_big_layer);
  g_test_add_func ("/ui/crs-dialog/validate", test_crs_dialog);
  g_test_add_func ("/ui/window/set-map-crs", test_set_map_crs);
  g_test_add_func ("/ui/window/added-layers-kept", test_added_layers_kept);

  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (fx.window));
  g_clear_object (&fx.app);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", data_home);
    if (system (cmd) != 0)
      g_test_message ("could not remove %s", data_home);
  }
  return status;
}
