/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ui-test-util.h"
#include "ra-application.h"
#include "ra-compare-view.h"
#include "ra-legend-view.h"
#include "ra-thematic.h"
#include "ra-views.h"
#include "ra-window.h"

/* Meeting mode through the real window on the Zhangye sample: F5 and Esc
 * (the window's own key bindings, activated as the keyboard would),
 * presentation with the chrome hidden and the legend over the map, the
 * county bookmarks the sample gets and PgUp/PgDn through them, ←/→ while
 * presenting, and two years side by side with their views in sync.
 *
 * RA_TEST_SCREENSHOTS=DIR also writes DIR/app-presentation.png and
 * DIR/app-compare.png (the README's screenshots). */

typedef struct {
  RaApplication *app;
  RaWindow      *window;
  char          *tmpdir;
} Fixture;

static Fixture fx;

static RaLayer *
layer_with_role (RaMap *map, const char *role)
{
  for (guint i = 0; i < ra_map_get_n_layers (map); i++)
    if (g_strcmp0 (ra_thematic_layer_role (ra_map_get_layer (map, i)), role) == 0)
      return ra_map_get_layer (map, i);
  return NULL;
}

static gboolean
thematic_loaded (gpointer data)
{
  return ra_window_get_pending_loads (fx.window) == 0 && ra_window_get_plan (fx.window) != NULL &&
         layer_with_role (ra_window_get_map (fx.window), "counties") != NULL;
}

typedef struct {
  RaMapView *view;
  guint      count;
} RenderWait;

static gboolean
render_settled (gpointer data)
{
  RenderWait *w = data;

  return !ra_map_view_is_rendering (w->view) && ra_map_view_get_render_count (w->view) > w->count;
}

/* Waits for view to render what it now shows. */
static void
wait_rendered (RaMapView *view)
{
  RenderWait w = { view, ra_map_view_get_render_count (view) };

  spin (0.05);
  if (!ra_map_view_is_rendering (view) && w.count > 0)
    w.count--;   /* nothing pending: the last render is current */
  g_assert_true (wait_for (render_settled, &w, 30));
}

/* Keys --------------------------------------------------------------------- */

/* Activates the shortcut for keyval (no modifiers) of widget's own
 * controllers (class key bindings and added shortcut controllers), as a
 * key press would: TRUE if one handled it. */
static gboolean
press_key_full (GtkWidget *widget, guint keyval, gboolean capture_only)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean found = FALSE;

  /* Capture-phase controllers first, like event propagation. */
  for (int pass = 0; pass < (capture_only ? 1 : 2); pass++)
    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
        gboolean capture;

        /* Only the widget's own (children's managed ones act elsewhere). */
        if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
            gtk_event_controller_get_widget (controller) != widget ||
            gtk_shortcut_controller_get_scope (GTK_SHORTCUT_CONTROLLER (controller)) != GTK_SHORTCUT_SCOPE_LOCAL)
          continue;
        capture = gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE;
        if ((pass == 0) != capture)
          continue;
        for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
          {
            g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
            GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

            if (!GTK_IS_KEYVAL_TRIGGER (trigger) ||
                gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) != keyval ||
                gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) != 0)
              continue;
            found = TRUE;
            if (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                              gtk_shortcut_get_arguments (shortcut)))
              return TRUE;
          }
      }
  if (!found)
    g_test_message ("no shortcut for %s on %s", gdk_keyval_name (keyval),
                    G_OBJECT_TYPE_NAME (widget));
  return FALSE;
}

static gboolean
press_key (GtkWidget *widget, guint keyval)
{
  return press_key_full (widget, keyval, FALSE);
}

/* Widgets ------------------------------------------------------------------ */

static GtkWidget *
find_descendant (GtkWidget *widget, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
save_window_png (const char *name)
{
  const char *dir = g_getenv ("RA_TEST_SCREENSHOTS");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width, height;

  if (dir == NULL)
    return;
  spin (2.5);   /* the bookmark's name toast goes */
  width = gtk_widget_get_width (GTK_WIDGET (fx.window));
  height = gtk_widget_get_height (GTK_WIDGET (fx.window));
  paintable = gtk_widget_paintable_new (GTK_WIDGET (fx.window));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  renderer = gtk_native_get_renderer (GTK_NATIVE (fx.window));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("wrote %s", path);
}

/* Geometry ------------------------------------------------------------------ */

/* The county of map whose name_zh is name. */
static const RaGeometry *
county_geometry (RaMap *map, const char *name, RaLayerData **data_out)
{
  RaLayer *counties = layer_with_role (map, "counties");
  RaLayerData *data = ra_layer_dup_data (counties);
  int field = ra_attr_table_field_index (data->attrs, RA_THEMATIC_FIELD_NAME);

  *data_out = data;
  for (guint i = 0; i < data->n_features; i++)
    if (g_strcmp0 (ra_attr_table_get (data->attrs, i, field), name) == 0)
      return data->geoms[i];
  return NULL;
}

/* The most frequent colour of view's rendered image inside geom. */
static guint32
dominant_colour (RaMapView *map_view, const RaGeometry *geom)
{
  cairo_surface_t *surface = ra_map_view_get_rendered_surface (map_view);
  const RaView *view = ra_map_view_get_view (map_view);
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  double scale, px0, py0, px1, py1;
  int width, height, stride;
  guchar *pixels;
  guint best_n = 0;
  guint32 best = 0;
  GHashTableIter iter;
  gpointer key, value;

  g_assert_nonnull (surface);
  cairo_surface_flush (surface);
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);
  pixels = cairo_image_surface_get_data (surface);
  scale = (double) width / view->width;

  ra_view_to_device (view, geom->bbox.x0, geom->bbox.y1, &px0, &py0);
  ra_view_to_device (view, geom->bbox.x1, geom->bbox.y0, &px1, &py1);
  for (int py = MAX (0, (int) py0); py < MIN (view->height, (int) py1); py++)
    for (int px = MAX (0, (int) px0); px < MIN (view->width, (int) px1); px++)
      {
        double x, y;
        guint32 rgb;
        int sx = (int) (px * scale), sy = (int) (py * scale);

        ra_view_to_map (view, px + 0.5, py + 0.5, &x, &y);
        if (!ra_geometry_contains_point (geom, x, y) || sx >= width || sy >= height)
          continue;
        rgb = *(guint32 *) (pixels + sy * stride + sx * 4) & 0xffffff;
        g_hash_table_insert (counts, GUINT_TO_POINTER (rgb),
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts,
                                                                  GUINT_TO_POINTER (rgb))) + 1));
      }
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (GPOINTER_TO_UINT (value) > best_n)
      {
        best_n = GPOINTER_TO_UINT (value);
        best = GPOINTER_TO_UINT (key);
      }
  g_assert_cmpuint (best_n, >, 30);
  return best;
}

/* Tests ---------------------------------------------------------------------- */

/* The sample got one bookmark per county, saved in the project file. */
static void
test_bookmarks_created (void)
{
  GPtrArray *bookmarks = ra_window_get_bookmarks (fx.window);
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (bookmarks->len, ==, 6);
  stored = ra_views_list_bookmarks (ra_window_get_store (fx.window), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 6);
  for (guint i = 0; i < bookmarks->len; i++)
    g_test_message ("bookmark %u: %s", i, ((RaBookmark *) g_ptr_array_index (bookmarks, i))->name);
}

static void
assert_centre_in_county (RaMapView *map_view, const char *name)
{
  g_autoptr(RaLayerData) data = NULL;
  const RaGeometry *geom = county_geometry (ra_window_get_map (fx.window), name, &data);
  const RaView *view = ra_map_view_get_view (map_view);
  RaBBox box;

  g_assert_nonnull (geom);
  /* The view is fitted to the county: its centre is the county's box's
   * centre, and the county fills the view. */
  g_assert_cmpfloat (fabs (view->cx - (geom->bbox.x0 + geom->bbox.x1) / 2), <, view->resolution * 2);
  g_assert_cmpfloat (fabs (view->cy - (geom->bbox.y0 + geom->bbox.y1) / 2), <, view->resolution * 2);
  ra_view_get_bbox (view, &box);
  g_assert_cmpfloat (box.x0, <=, geom->bbox.x1);
  g_assert_cmpfloat (box.x1, >=, geom->bbox.x0);
  g_assert_cmpfloat (box.x1 - box.x0, <, 3.0 * MAX (geom->bbox.x1 - geom->bbox.x0,
                                                    (geom->bbox.y1 - geom->bbox.y0) *
                                                    view->width / view->height));
}

/* PgDn/PgUp on the map step through the counties (round and round). */
static void
test_bookmark_keys (void)
{
  RaMapView *map_view = ra_window_get_map_view (fx.window);
  GPtrArray *bookmarks = ra_window_get_bookmarks (fx.window);

  gtk_widget_grab_focus (GTK_WIDGET (map_view));
  for (guint i = 0; i < bookmarks->len; i++)
    {
      RaBookmark *bookmark = g_ptr_array_index (bookmarks, i);

      g_assert_true (press_key (GTK_WIDGET (fx.window), GDK_KEY_Page_Down));
      g_assert_cmpint (ra_window_get_bookmark_index (fx.window), ==, (int) i);
      assert_centre_in_county (map_view, bookmark->name);
    }
  g_assert_true (press_key (GTK_WIDGET (fx.window), GDK_KEY_Page_Down));
  g_assert_cmpint (ra_window_get_bookmark_index (fx.window), ==, 0);
  g_assert_true (press_key (GTK_WIDGET (fx.window), GDK_KEY_Page_Up));
  g_assert_cmpint (ra_window_get_bookmark_index (fx.window), ==, (int) bookmarks->len - 1);
  assert_centre_in_county (map_view,
                           ((RaBookmark *) g_ptr_array_index (bookmarks, bookmarks->len - 1))->name);

  /* Elsewhere (a text field) the keys are theirs. */
  gtk_widget_grab_focus (GTK_WIDGET (ra_window_get_inventory_view (fx.window)));
  if (!RA_IS_MAP_VIEW (gtk_root_get_focus (GTK_ROOT (fx.window))))
    g_assert_false (press_key (GTK_WIDGET (fx.window), GDK_KEY_Page_Down));
  gtk_widget_grab_focus (GTK_WIDGET (map_view));
  ra_map_view_zoom_to_extent (map_view);
  wait_rendered (map_view);
}

static gboolean
is_fullscreen (gpointer data)
{
  return gtk_window_is_fullscreen (GTK_WINDOW (fx.window));
}

/* The data lies right of the presentation's legend card, not under it
 * (issue 17: the card covered the west of the city). */
static void
check_data_clear_of_legend (RaMapView *map_view, GtkWidget *legend)
{
  RaBBox extent;
  graphene_rect_t card;
  double x0, y0, x1, y1;

  g_assert_true (ra_map_get_extent (ra_map_view_get_map (map_view), TRUE, &extent));
  g_assert_true (gtk_widget_compute_bounds (legend, GTK_WIDGET (map_view), &card));
  ra_view_to_device (ra_map_view_get_view (map_view), extent.x0, extent.y1, &x0, &y0);
  ra_view_to_device (ra_map_view_get_view (map_view), extent.x1, extent.y0, &x1, &y1);
  g_test_message ("data %.0f..%.0f × %.0f..%.0f px, legend card right edge at %.0f px",
                  x0, x1, y0, y1, card.origin.x + card.size.width);
  g_assert_cmpfloat (x0, >=, card.origin.x + card.size.width - 1);
  g_assert_cmpfloat (x1, <=, gtk_widget_get_width (GTK_WIDGET (map_view)) + 1);
}

/* F5: fullscreen, chrome hidden, legend over the map, larger labels;
 * PgDn and ←/→ still work; Esc restores everything. */
static void
test_presentation (void)
{
  GtkWidget *window = GTK_WIDGET (fx.window);
  RaMapView *map_view = ra_window_get_map_view (fx.window);
  GtkWidget *header = find_descendant (window, ADW_TYPE_HEADER_BAR);
  AdwFlap *flap = ADW_FLAP (find_descendant (window, ADW_TYPE_FLAP));
  GtkWidget *layers;
  GtkWidget *inventory = GTK_WIDGET (ra_window_get_inventory_view (fx.window));
  GtkWidget *legend = ra_window_get_presentation_legend (fx.window);
  RaRenderOptions opts;
  int year;

  g_assert_nonnull (header);
  /* The sidebar (layers, legend) open, as planners keep it. */
  adw_flap_set_reveal_flap (flap, TRUE);
  layers = adw_flap_get_flap (flap);
  spin (0.5);
  g_assert_true (gtk_widget_get_mapped (header));
  g_assert_true (gtk_widget_get_mapped (layers));
  g_assert_true (gtk_widget_get_mapped (inventory));
  g_assert_false (gtk_widget_get_mapped (legend));

  g_assert_true (press_key (window, GDK_KEY_F5));
  g_assert_true (ra_window_get_presenting (fx.window));
  spin (0.5);
  /* Xvfb has no window manager to grant the request; with one it is. */
  if (!wait_for (is_fullscreen, NULL, 1.0))
    g_test_message ("fullscreen requested; no window manager granted it");
  g_assert_false (gtk_widget_get_mapped (header));
  g_assert_false (gtk_widget_get_mapped (layers));
  g_assert_false (gtk_widget_get_mapped (inventory));
  g_assert_true (gtk_widget_get_mapped (legend));
  g_assert_nonnull (ra_legend_view_get_legend (RA_LEGEND_VIEW (legend)));
  check_data_clear_of_legend (map_view, legend);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (fx.window)) == GTK_WIDGET (map_view));
  ra_map_view_get_render_options (map_view, &opts);
  g_assert_cmpfloat (opts.label_scale, >=, 1.5);
  g_assert_cmpfloat (opts.symbol_scale, >, 1.0);
  /* The map fills the window. */
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (map_view)), ==, gtk_widget_get_height (window));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (map_view)), ==, gtk_widget_get_width (window));

  /* Bookmarks and years keep working. */
  g_assert_true (press_key (window, GDK_KEY_Page_Down));
  g_assert_cmpint (ra_window_get_bookmark_index (fx.window), ==, 0);
  year = ra_window_get_year (fx.window);
  g_assert_true (press_key (GTK_WIDGET (map_view), GDK_KEY_Right));
  g_assert_cmpint (ra_window_get_year (fx.window), >, year);
  g_assert_true (press_key (GTK_WIDGET (map_view), GDK_KEY_Left));
  g_assert_cmpint (ra_window_get_year (fx.window), ==, year);
  ra_map_view_zoom_to_extent (map_view);
  check_data_clear_of_legend (map_view, legend);
  ra_window_set_year (fx.window, 2030);
  wait_rendered (map_view);
  save_window_png ("app-presentation.png");
  /* The title card: the city against its target (targets.csv: 张掖市
   * 2030 target rate 65 %), and the projects in service. */
  {
    const char *summary = ra_window_get_presentation_summary (fx.window);

    g_assert_nonnull (summary);
    g_test_message ("title card: %s", summary);
    g_assert_nonnull (strstr (summary, "张掖市 2030"));
    g_assert_nonnull (strstr (summary, "target 65% for 2030"));
    g_assert_nonnull (strstr (summary, "projects in service"));
  }

  g_assert_true (press_key (window, GDK_KEY_Escape));
  g_assert_false (ra_window_get_presenting (fx.window));
  spin (0.5);
  g_assert_null (ra_window_get_presentation_summary (fx.window));
  g_assert_false (gtk_window_is_fullscreen (GTK_WINDOW (fx.window)));
  g_assert_true (gtk_widget_get_mapped (header));
  g_assert_true (gtk_widget_get_mapped (layers));
  g_assert_true (gtk_widget_get_mapped (inventory));
  g_assert_false (gtk_widget_get_mapped (legend));
  ra_map_view_get_render_options (map_view, &opts);
  g_assert_cmpfloat (opts.label_scale, ==, 1.0);
  g_assert_cmpfloat (opts.symbol_scale, ==, 1.0);
  /* Esc outside the modes is the map's again (clears the selection). */
  g_assert_false (press_key_full (window, GDK_KEY_Escape, TRUE));
  ra_window_set_year (fx.window, 2023);
  wait_rendered (map_view);
}

static gboolean
views_equal (const RaView *a, const RaView *b)
{
  return fabs (a->cx - b->cx) < 1e-6 * MAX (1.0, fabs (a->cx)) &&
         fabs (a->cy - b->cy) < 1e-6 * MAX (1.0, fabs (a->cy)) &&
         fabs (a->resolution - b->resolution) < 1e-9 * a->resolution;
}

/* Two years side by side: each side its own year, views in sync. */
/* The divider between the sides is one colour top to bottom: nothing of
 * the main map under the comparison shows through (issue 17). */
static void
check_divider (RaCompareView *compare)
{
  /* What is under the comparison counts: the overlay holding it. */
  GtkWidget *widget = gtk_widget_get_parent (GTK_WIDGET (compare));
  GtkWidget *right = GTK_WIDGET (ra_compare_view_get_map_view (compare, 1));
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  GdkPaintable *paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guint8 *pixels = NULL;
  graphene_point_t at;
  int x;

  g_assert_true (gtk_widget_compute_point (right, widget, &GRAPHENE_POINT_INIT (0, 0), &at));
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  pixels = g_malloc ((gsize) w * h * 4);
  gdk_texture_download (texture, pixels, (gsize) w * 4);
  /* The column just left of the right map: the divider. */
  x = (int) at.x - 1;
  g_assert_cmpint (x, >, 0);
  for (int y = h / 5; y < h * 4 / 5; y++)
    {
      const guint8 *p = pixels + ((gsize) y * w + x) * 4;
      const guint8 *q = pixels + ((gsize) (h / 5) * w + x) * 4;

      if (memcmp (p, q, 4) != 0)
        g_error ("the divider at x = %d changes colour at y = %d: #%02x%02x%02x, not #%02x%02x%02x",
                 x, y, p[2], p[1], p[0], q[2], q[1], q[0]);
    }
  g_object_unref (paintable);
}

/* Side's legend is shown and its titles name year, never other; its card's
 * summary is the city's in year. */
static void
check_side_legend (RaCompareView *compare, guint side, int year, int other)
{
  RaLegendView *view = ra_compare_view_get_legend_view (compare, side);
  const RaLegend *legend;
  g_autofree char *y = g_strdup_printf ("%d", year), *o = g_strdup_printf ("%d", other);
  g_autofree char *city = g_strdup_printf ("张掖市 %d", year);
  gboolean named = FALSE;

  spin (0.2);
  g_assert_nonnull (view);
  legend = ra_legend_view_get_legend (view);
  g_assert_nonnull (legend);
  for (guint i = 0; i < legend->layers->len; i++)
    {
      const RaLegendLayer *layer = g_ptr_array_index (legend->layers, i);

      g_test_message ("side %u legend: %s", side, layer->title);
      named |= strstr (layer->title, y) != NULL;
      if (strstr (layer->title, o) != NULL && strstr (layer->title, "target") == NULL)
        g_error ("the %d side's legend shows “%s”", year, layer->title);
    }
  g_assert_true (named);
  g_test_message ("side %u card: %s", side, ra_compare_view_get_summary (compare, side));
  g_assert_nonnull (strstr (ra_compare_view_get_summary (compare, side), city));
}

static void
test_compare (void)
{
  GtkWidget *window = GTK_WIDGET (fx.window);
  RaCompareView *compare;
  RaMapView *left, *right, *main_view = ra_window_get_map_view (fx.window);
  RaView before;
  guint differing = 0;
  g_autoptr(RaLayerData) data = NULL;
  RaLayer *counties;
  int field;

  g_assert_true (ra_window_set_year (fx.window, 2023));
  g_assert_true (gtk_widget_activate_action (window, "win.compare", NULL));
  g_assert_true (ra_window_get_comparing (fx.window));
  compare = ra_window_get_compare_view (fx.window);
  g_assert_nonnull (compare);
  left = ra_compare_view_get_map_view (compare, 0);
  right = ra_compare_view_get_map_view (compare, 1);
  g_assert_cmpint (ra_compare_view_get_year (compare, 0), ==, 2023);
  g_assert_cmpint (ra_compare_view_get_year (compare, 1), ==, 2030);
  spin (0.3);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (left)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (right)));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (left)), >, 200);
  /* Starts on what the main map showed (fitted into the narrower side). */
  g_assert_cmpfloat (fabs (ra_map_view_get_view (left)->cx - ra_map_view_get_view (main_view)->cx), <, 1.0);
  g_assert_cmpfloat (fabs (ra_map_view_get_view (left)->cy - ra_map_view_get_view (main_view)->cy), <, 1.0);
  g_assert_true (views_equal (ra_map_view_get_view (left), ra_map_view_get_view (right)));

  /* Pan the right: the left follows; zoom the left: the right follows. */
  before = *ra_map_view_get_view (left);
  ra_map_view_pan_px (right, 120, -40);
  g_assert_true (views_equal (ra_map_view_get_view (left), ra_map_view_get_view (right)));
  g_assert_false (views_equal (ra_map_view_get_view (left), &before));
  ra_map_view_zoom_at (left, 0.8, 100, 100);
  g_assert_true (views_equal (ra_map_view_get_view (left), ra_map_view_get_view (right)));
  ra_map_view_pan_px (left, -120, 40);
  g_assert_true (views_equal (ra_map_view_get_view (left), ra_map_view_get_view (right)));

  /* Each side renders its own year: some county changes colour. */
  wait_rendered (left);
  wait_rendered (right);
  counties = layer_with_role (ra_compare_view_get_map (compare, 0), "counties");
  data = ra_layer_dup_data (counties);
  field = ra_attr_table_field_index (data->attrs, RA_THEMATIC_FIELD_NAME);
  for (guint i = 0; i < data->n_features; i++)
    {
      guint32 a = dominant_colour (left, data->geoms[i]);
      guint32 b = dominant_colour (right, data->geoms[i]);

      g_test_message ("%s: 2023 #%06x, 2030 #%06x", ra_attr_table_get (data->attrs, i, field), a, b);
      if (a != b)
        differing++;
    }
  g_assert_cmpuint (differing, >, 0);
  /* The main map was left alone. */
  g_assert_cmpint (ra_window_get_year (fx.window), ==, 2023);

  /* A legend per side, of its year; each side's card says the city's
   * figures of its year (issue 17: the legend was the left year's only). */
  check_side_legend (compare, 0, 2023, 2030);
  check_side_legend (compare, 1, 2030, 2023);
  check_divider (compare);
  /* Each side's labels keep off its cards (the year and figures card; the
   * right one's Done button too). */
  for (guint side = 0; side < 2; side++)
    {
      RaRenderOptions o;

      ra_map_view_get_render_options (ra_compare_view_get_map_view (compare, side), &o);
      g_test_message ("side %u: %u cards the labels keep off", side, o.n_label_keepout);
      g_assert_cmpuint (o.n_label_keepout, >=, side == 0 ? 1 : 2);
    }
  /* Not presenting, the sidebar has both: the left year's, then the
   * right's. */
  g_assert_true (ra_legend_view_get_map (ra_window_get_legend_view (fx.window))
                 == ra_compare_view_get_map (compare, 0));
  g_assert_true (gtk_widget_get_mapped (ra_window_get_compare_legend (fx.window)));
  g_assert_true (ra_legend_view_get_map (RA_LEGEND_VIEW (ra_window_get_compare_legend (fx.window)))
                 == ra_compare_view_get_map (compare, 1));

  /* A year selector per side. */
  g_assert_true (ra_compare_view_set_year (compare, 1, 2025));
  g_assert_cmpint (ra_compare_view_get_year (compare, 1), ==, 2025);
  check_side_legend (compare, 1, 2025, 2030);
  g_assert_true (ra_compare_view_set_year (compare, 1, 2030));
  if (g_getenv ("RA_TEST_SCREENSHOTS") != NULL)
    {
      GtkWidget *inventory = GTK_WIDGET (ra_window_get_inventory_view (fx.window));

      gtk_widget_set_visible (inventory, FALSE);
      spin (0.3);
      ra_map_view_zoom_to_extent (left);
      wait_rendered (left);
      wait_rendered (right);
      save_window_png ("app-compare.png");
      gtk_widget_set_visible (inventory, TRUE);
    }
  wait_rendered (right);

  /* PgDn moves both sides to the county. */
  gtk_widget_grab_focus (GTK_WIDGET (left));
  g_assert_true (press_key (window, GDK_KEY_Page_Down));
  g_assert_true (views_equal (ra_map_view_get_view (left), ra_map_view_get_view (right)));

  g_assert_true (press_key (window, GDK_KEY_Escape));
  g_assert_false (ra_window_get_comparing (fx.window));
  spin (0.2);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (compare)));
  g_assert_null (ra_compare_view_get_map (compare, 0));
  g_assert_true (ra_legend_view_get_map (ra_window_get_legend_view (fx.window))
                 == ra_window_get_map (fx.window));
  g_assert_false (gtk_widget_get_mapped (ra_window_get_compare_legend (fx.window)));
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  fx.tmpdir = ui_test_isolate_data_home ("ra-meeting");
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();


  /* A start without arguments opens the Zhangye sample project. */
  fx.window = ui_test_start_app (&fx.app);
  gtk_window_set_default_size (GTK_WINDOW (fx.window), 1400, 860);
  gtk_window_unmaximize (GTK_WINDOW (fx.window));
  g_assert_true (wait_for (thematic_loaded, NULL, 60));
  spin (0.3);
  g_assert_true (wait_for (thematic_loaded, NULL, 60));
  wait_rendered (ra_window_get_map_view (fx.window));

  g_test_add_func ("/ui/meeting/bookmarks-created", test_bookmarks_created);
  g_test_add_func ("/ui/meeting/bookmark-keys", test_bookmark_keys);
  g_test_add_func ("/ui/meeting/presentation", test_presentation);
  g_test_add_func ("/ui/meeting/compare", test_compare);

  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (fx.window));
  g_clear_object (&fx.app);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", fx.tmpdir);
    g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  }
  g_free (fx.tmpdir);
  return status;
}
