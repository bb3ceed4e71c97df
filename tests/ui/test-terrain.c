/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Terrain in the app (issue 18; the basemap of issue 17): a DEM added
 * through Add Data goes under the project's layers with its hillshade,
 * shows the elevation at the cursor, changes shading from the layer menu,
 * is kept in the project with its shading, and shows in the exported
 * figure (with its credit) and in presentation mode.  The DEM is made
 * here with GDAL: a hill of 800 m on a 1500 m plain around Zhangye, not
 * real terrain. */
#include "config.h"

#define _GNU_SOURCE

#include <math.h>
#include <string.h>
#include <gdal.h>
#include <ogr_srs_api.h>
#include <cpl_string.h>

#include <adwaita.h>

#include "ui-test-util.h"
#include "ra-export-dialog.h"
#include "ra-raster.h"
#include "ra-thematic.h"
#include "ra-views.h"

typedef struct {
  RaApplication *app;
  RaWindow      *window;
  RaMapView     *map_view;
  RaMap         *map;
  char          *tmpdir;
  char          *project;
  char          *sample;
  char          *dem;
} Fixture;

static Fixture fx;

/* The hill: centre, height above the plain, sigma (degrees). */
#define HILL_LON 100.45
#define HILL_LAT 38.93
#define PLAIN_M 1500.0
#define HILL_M 800.0
#define SIGMA 0.15

static double
hill_at (double lon, double lat)
{
  double d2 = (lon - HILL_LON) * (lon - HILL_LON) + (lat - HILL_LAT) * (lat - HILL_LAT);

  return PLAIN_M + HILL_M * exp (-d2 / (2 * SIGMA * SIGMA));
}

/* 400 × 400 Float32 in CGCS2000 lon/lat, 0.005° pixels, with a credit. */
static char *
make_dem (const char *dir)
{
  char *path = g_build_filename (dir, "hill-dem.tif", NULL);
  GDALDriverH drv = GDALGetDriverByName ("GTiff");
  GDALDatasetH ds = GDALCreate (drv, path, 400, 400, 1, GDT_Float32, NULL);
  double gt[6] = { HILL_LON - 1.0, 0.005, 0, HILL_LAT + 1.0, 0, -0.005 };
  OGRSpatialReferenceH srs = OSRNewSpatialReference (NULL);
  char *wkt = NULL;
  g_autofree float *row = g_new (float, 400);

  g_assert_nonnull (ds);
  GDALSetGeoTransform (ds, gt);
  OSRImportFromEPSG (srs, 4490);
  OSRExportToWkt (srs, &wkt);
  GDALSetProjection (ds, wkt);
  CPLFree (wkt);
  OSRDestroySpatialReference (srs);
  GDALSetMetadataItem (ds, "ATTRIBUTION", "Illustrative test DEM", NULL);
  for (int r = 0; r < 400; r++)
    {
      for (int c = 0; c < 400; c++)
        row[c] = (float) hill_at (gt[0] + (c + 0.5) * gt[1], gt[3] + (r + 0.5) * gt[5]);
      g_assert_cmpint (GDALRasterIO (GDALGetRasterBand (ds, 1), GF_Write, 0, r, 400, 1, row, 400,
                                     1, GDT_Float32, 0, 0), ==, CE_None);
    }
  GDALClose (ds);
  return path;
}

static RaLayer *
dem_layer (void)
{
  for (guint i = 0; i < ra_map_get_n_layers (fx.map); i++)
    {
      RaLayer *layer = ra_map_get_layer (fx.map, i);

      if (ra_layer_get_raster (layer) != NULL
          && g_str_has_suffix (ra_layer_get_source_path (layer), "hill-dem.tif"))
        return layer;
    }
  return NULL;
}

static RaLayer *
layer_named (const char *name)
{
  for (guint i = 0; i < ra_map_get_n_layers (fx.map); i++)
    if (g_strcmp0 (ra_layer_get_name (ra_map_get_layer (fx.map, i)), name) == 0)
      return ra_map_get_layer (fx.map, i);
  return NULL;
}

static gboolean
has_layer_named (gpointer name)
{
  return layer_named (name) != NULL && ra_window_get_pending_loads (fx.window) == 0;
}


static gboolean
has_dem (gpointer data)
{
  return dem_layer () != NULL && ra_window_get_pending_loads (fx.window) == 0;
}

static gboolean
shading_is (gpointer data)
{
  RaLayer *layer = dem_layer ();

  return layer != NULL
         && ra_raster_get_shading (RA_RASTER (ra_layer_get_raster (layer))) == (RaRasterShading) GPOINTER_TO_INT (data);
}

static GtkWidget *
find_by_id (GtkWidget *widget, const char *id)
{
  if (g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), id) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_id (child, id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
render_idle (gpointer data)
{
  guint count = GPOINTER_TO_UINT (data);

  return ra_map_view_get_render_count (fx.map_view) > count
         && !ra_map_view_is_rendering (fx.map_view);
}

/* The view redrawn, as an image (transfer full). */
static cairo_surface_t *
render_now (void)
{
  guint count = ra_map_view_get_render_count (fx.map_view);

  ra_map_view_queue_render_now (fx.map_view);
  g_assert_true (wait_for (render_idle, GUINT_TO_POINTER (count), 30));
  return cairo_surface_reference (ra_map_view_get_rendered_surface (fx.map_view));
}

/* Share of pixels that differ by more than 8 in a channel. */
static double
share_differing (cairo_surface_t *a, cairo_surface_t *b)
{
  int w = cairo_image_surface_get_width (a), h = cairo_image_surface_get_height (a);
  int stride = cairo_image_surface_get_stride (a);
  const guint8 *pa, *pb;
  guint differ = 0;

  g_assert_cmpint (w, ==, cairo_image_surface_get_width (b));
  g_assert_cmpint (h, ==, cairo_image_surface_get_height (b));
  cairo_surface_flush (a);
  cairo_surface_flush (b);
  pa = cairo_image_surface_get_data (a);
  pb = cairo_image_surface_get_data (b);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      for (int k = 0; k < 3; k++)
        if (abs (pa[y * stride + 4 * x + k] - pb[y * stride + 4 * x + k]) > 8)
          {
            differ++;
            break;
          }
  return (double) differ / ((double) w * h);
}

/* How much of the view the DEM changes: drawn, then hidden. */
static double
dem_share_of_view (void)
{
  RaLayer *layer = dem_layer ();
  cairo_surface_t *with, *without;
  double share;

  g_assert_true (ra_layer_get_visible (layer));
  ra_layer_set_visible (layer, FALSE);
  without = render_now ();
  ra_layer_set_visible (layer, TRUE);
  with = render_now ();
  share = share_differing (with, without);
  cairo_surface_destroy (with);
  cairo_surface_destroy (without);
  return share;
}

/* Add Data with a DEM: a raster layer under the project's layers, with
 * its hillshade, drawn, and the elevation at the cursor in the status bar. */
static void
test_add_dem (void)
{
  RaLayer *layer;
  RaRaster *raster;
  GtkWidget *label;
  g_autoptr(RaCrs) lonlat = ra_crs_new_from_epsg (4490, NULL);
  g_autoptr(RaTransform) to_map = NULL;
  double x = HILL_LON, y = HILL_LAT, z = 0;
  const char *text;

  ra_window_open_path (fx.window, fx.dem);
  g_assert_true (wait_for (has_dem, NULL, 60));
  layer = dem_layer ();
  raster = RA_RASTER (ra_layer_get_raster (layer));
  g_assert_true (ra_raster_is_elevation (raster));
  /* Under the vector layers: the last one. */
  g_assert_cmpint (ra_map_find_layer (fx.map, layer), ==, (int) ra_map_get_n_layers (fx.map) - 1);
  g_assert_true (wait_for (shading_is, GINT_TO_POINTER (RA_RASTER_SHADE_HILLSHADE), 60));

  ra_map_view_zoom_to_extent (fx.map_view);
  spin (0.3);
  g_assert_cmpfloat (dem_share_of_view (), >, 0.02);

  /* The cursor on the hill top: its height, within a few metres. */
  to_map = ra_transform_new (lonlat, ra_map_get_crs (fx.map), NULL);
  g_assert_true (ra_transform_point (to_map, &x, &y));
  g_signal_emit_by_name (fx.map_view, "cursor-moved", x, y);
  label = find_by_id (GTK_WIDGET (fx.window), "elevation_label");
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_get_visible (label));
  text = gtk_label_get_text (GTK_LABEL (label));
  g_test_message ("status bar: %s", text);
  g_assert_true (ra_raster_sample_elevation (raster, x, y, ra_map_get_crs (fx.map), &z, NULL));
  g_assert_cmpfloat (fabs (z - (PLAIN_M + HILL_M)), <, 5.0);
  {
    g_autofree char *expected = g_strdup_printf ("%.1f", z);
    g_assert_nonnull (strstr (text, expected));
  }

  /* Off the DEM: no elevation shown. */
  x = 80.0, y = 30.0;
  g_assert_true (ra_transform_point (to_map, &x, &y));
  g_signal_emit_by_name (fx.map_view, "cursor-moved", x, y);
  g_assert_false (gtk_widget_get_visible (label));
}

static GPtrArray *
stored_added_layers (void)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *records = ra_store_list_app_layers (ra_window_get_store (fx.window), &error);

  g_assert_no_error (error);
  return records;
}

static gboolean
stored_style_has (gpointer data)
{
  g_autoptr(GPtrArray) records = stored_added_layers ();

  for (guint i = 0; i < records->len; i++)
    {
      const RaAppLayer *l = g_ptr_array_index (records, i);

      if (l->style_json != NULL && strstr (l->style_json, data) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* The layer menu's shading items change it; the project keeps it, and the
 * DEM comes back shaded so, under the project's layers. */
static void
test_shading_kept (void)
{
  RaLayerPanel *panel = ra_window_get_layer_panel (fx.window);
  RaLayer *layer = dem_layer ();

  ra_layer_panel_select (panel, ra_map_find_layer (fx.map, layer));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "layers.shading", "s", "tinted"));
  g_assert_true (wait_for (shading_is, GINT_TO_POINTER (RA_RASTER_SHADE_TINTED), 60));
  g_assert_true (wait_for (stored_style_has, (gpointer) "\"shading\":\"tinted\"", 10));

  /* Away and back: restored with its shading, at the bottom. */
  g_assert_true (ra_window_open_project (fx.window, fx.sample));
  ui_wait_project (fx.window);
  g_assert_null (dem_layer ());
  g_assert_true (ra_window_open_project (fx.window, fx.project));
  ui_wait_project (fx.window);
  g_assert_true (wait_for (has_dem, NULL, 60));
  g_assert_true (wait_for (shading_is, GINT_TO_POINTER (RA_RASTER_SHADE_TINTED), 60));
  layer = dem_layer ();
  g_assert_cmpint (ra_map_find_layer (fx.map, layer), ==, (int) ra_map_get_n_layers (fx.map) - 1);

  /* Grey values again, from the menu. */
  ra_layer_panel_select (panel, ra_map_find_layer (fx.map, layer));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "layers.shading", "s", "none"));
  g_assert_true (wait_for (shading_is, GINT_TO_POINTER (RA_RASTER_SHADE_NONE), 60));
  g_assert_true (wait_for (stored_style_has, (gpointer) "\"shading\":\"none\"", 10));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "layers.shading", "s",
                                             "hillshade"));
  g_assert_true (wait_for (shading_is, GINT_TO_POINTER (RA_RASTER_SHADE_HILLSHADE), 60));
}

static gboolean
export_done (gpointer data)
{
  return !ra_export_dialog_is_running (RA_EXPORT_DIALOG (data));
}

static char *
run (const char *cmd)
{
  g_autofree char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (cmd, &out, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

/* The project's basemap is in the figure exported from the window (an
 * image, and its credit printed) and on the map in presentation mode. */
static void
test_basemap_in_figures (void)
{
  g_autofree char *path = g_build_filename (fx.tmpdir, "terrain.pdf", NULL);
  g_autofree char *quoted = g_shell_quote (path);
  g_autofree char *cmd = NULL;
  g_autofree char *text = NULL;
  g_autofree char *images = NULL;
  RaExportDialog *dialog;

  dialog = ra_window_show_export_dialog (fx.window);
  ra_export_dialog_start (dialog, path, RA_EXPORT_FORMAT_PDF, 0, FALSE);
  g_assert_true (wait_for (export_done, dialog, 120));
  g_assert_null (ra_export_dialog_get_error (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));

  cmd = g_strdup_printf ("pdftotext -layout %s -", quoted);
  text = run (cmd);
  g_assert_nonnull (strstr (text, "Illustrative test DEM"));
  g_clear_pointer (&cmd, g_free);
  cmd = g_strdup_printf ("pdfimages -list %s", quoted);
  images = run (cmd);
  g_test_message ("%s", images);
  /* Header, rule, then at least one image (the hillshade). */
  g_assert_cmpuint (g_strv_length (g_strsplit (images, "\n", -1)), >=, 4);

  /* Presentation mode keeps it on the map. */
  ra_window_set_presenting (fx.window, TRUE);
  spin (0.5);
  g_assert_true (ra_window_get_presenting (fx.window));
  g_assert_cmpfloat (dem_share_of_view (), >, 0.02);
  ra_window_set_presenting (fx.window, FALSE);
  spin (0.3);
}

static gboolean
settings_window_shown (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_PREFERENCES_WINDOW (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        {
          if (data != NULL)
            gtk_window_destroy (w);
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
stored_source_is (gpointer source)
{
  g_autoptr(GPtrArray) records = stored_added_layers ();

  for (guint i = 0; i < records->len; i++)
    if (g_strcmp0 (((RaAppLayer *) g_ptr_array_index (records, i))->source, source) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
file_contains (const char *path, const char *needle)
{
  g_autofree char *bytes = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
  return memmem (bytes, len, needle, strlen (needle)) != NULL;
}

/* Add Basemap: a folder of XYZ tiles drawn under the project's layers; a
 * 天地图 map asks for the key first, then comes with its labels; the project
 * keeps "tianditu:vec_w", never the key. */
static void
test_add_basemap (void)
{
  g_autofree char *tiles = g_build_filename (fx.tmpdir, "tiles", NULL);
  g_autofree char *xyz = g_strconcat ("xyz:", tiles, NULL);
  g_autofree char *tiles_name = g_strdup_printf ("Tiles: %s", "tiles");
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *key = "0123456789abcdef0123456789abcdef";
  RaLayer *base, *labels, *folder;
  g_autofree char *tile_dir = g_build_filename (tiles, "0", "0", NULL);
  g_autofree char *tile = g_build_filename (tile_dir, "0.png", NULL);
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 256, 256);
  cairo_t *cr = cairo_create (s);

  g_assert_cmpint (g_mkdir_with_parents (tile_dir, 0755), ==, 0);
  cairo_set_source_rgb (cr, 0.9, 0.1, 0.1);
  cairo_paint (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (s, tile), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (s);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.window), "win.add-basemap", "s", xyz));
  g_assert_true (wait_for (has_layer_named, tiles_name, 30));
  folder = layer_named (tiles_name);
  g_assert_nonnull (ra_layer_get_raster (folder));
  g_assert_true (wait_for (stored_source_is, xyz, 10));
  ra_map_remove_layer (fx.map, ra_map_find_layer (fx.map, folder));

  /* No key yet: the settings open, nothing is added. */
  g_settings_set_string (settings, "tianditu-key", "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.window), "win.add-basemap", "s",
                                             "tianditu:vec"));
  g_assert_true (wait_for (settings_window_shown, GINT_TO_POINTER (1), 10));
  g_assert_null (layer_named ("Tianditu vector map"));

  g_settings_set_string (settings, "tianditu-key", key);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.window), "win.add-basemap", "s",
                                             "tianditu:vec"));
  g_assert_true (wait_for (has_layer_named, (gpointer) "Tianditu vector labels", 30));
  base = layer_named ("Tianditu vector map");
  labels = layer_named ("Tianditu vector labels");
  g_assert_nonnull (base);
  /* The labels over their map, both under the project's layers. */
  g_assert_cmpint (ra_map_find_layer (fx.map, labels) + 1, ==, ra_map_find_layer (fx.map, base));
  g_assert_null (ra_layer_get_raster (ra_map_get_layer (fx.map, 0)));
  ra_layer_set_visible (base, FALSE);     /* no network here */
  ra_layer_set_visible (labels, FALSE);
  g_assert_true (wait_for (stored_source_is, (gpointer) "tianditu:cva_w", 10));
  {
    g_autoptr(GPtrArray) records = stored_added_layers ();
    guint n = 0;

    for (guint i = 0; i < records->len; i++)
      {
        const RaAppLayer *l = g_ptr_array_index (records, i);

        n += g_strcmp0 (l->source, "tianditu:vec_w") == 0 || g_strcmp0 (l->source, "tianditu:cva_w") == 0;
        g_assert_null (strstr (l->source, key));
      }
    g_assert_cmpuint (n, ==, 2);
  }
  g_assert_false (file_contains (fx.project, key));
  g_settings_set_string (settings, "tianditu-key", "");
}

static void
save_png (GtkWidget *widget, const char *path)
{
  GdkPaintable *paintable = gtk_widget_paintable_new (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node != NULL && renderer != NULL)
    {
      texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
      gdk_texture_save_to_png (texture, path);
    }
  g_object_unref (paintable);
}

static gboolean
shading_is_named (gpointer name)
{
  RaLayer *layer = layer_named (name);

  return layer != NULL && ra_layer_get_raster (layer) != NULL
         && ra_raster_get_shading (RA_RASTER (ra_layer_get_raster (layer))) == RA_RASTER_SHADE_HILLSHADE;
}

static GtkWidget *
find_entry (GtkWidget *widget)
{
  if (GTK_IS_ENTRY (widget) && gtk_widget_get_visible (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_entry (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
typed_entry_shows (gpointer text)
{
  GtkWidget *entry = find_entry (GTK_WIDGET (ra_window_get_profile_window (fx.window)));

  return entry != NULL && g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), text) == 0;
}

static gboolean
profile_flat (gpointer data)
{
  RaProfileWindow *profile = ra_window_get_profile_window (fx.window);
  const RaProfileChartData *d = profile != NULL ? ra_profile_window_get_data (profile) : NULL;

  return d != NULL && d->flat_ground == GPOINTER_TO_INT (data);
}

/* Water Balance ▸ Pipeline Profile: the route from a plant to a user over
 * the DEM on the map (ground sampled at most 50 m apart, from the hill),
 * its pipes, exported as a PDF figure; hiding the DEM makes it flat. */
static void
test_profile_window (void)
{
  RaProfileWindow *profile;
  const RaProfileChartData *d;
  g_autofree char *pdf = g_build_filename (fx.tmpdir, "profile.pdf", NULL);
  g_autofree char *png = g_build_filename (fx.tmpdir, "profile.png", NULL);
  g_autofree char *cmd = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
  RaLayer *dem = dem_layer ();

  g_assert_nonnull (dem);
  ra_layer_set_visible (dem, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.window), "win.show-profile", NULL));
  profile = ra_window_get_profile_window (fx.window);
  g_assert_nonnull (profile);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (profile)));
  g_assert_null (ra_profile_window_get_error (profile));
  d = ra_profile_window_get_data (profile);
  g_assert_nonnull (d);
  g_assert_false (d->flat_ground);
  g_assert_cmpuint (d->samples->len, >=, 10);
  for (guint i = 0; i < d->samples->len; i++)
    {
      const RaProfileSample *s = &g_array_index (d->samples, RaProfileSample, i);

      lo = MIN (lo, s->ground_m);
      hi = MAX (hi, s->ground_m);
      if (i > 0)
        g_assert_cmpfloat (s->chainage_m - g_array_index (d->samples, RaProfileSample, i - 1).chainage_m,
                           <=, 50.0 + 1e-6);
    }
  g_test_message ("profile %s: %u samples, ground %.1f..%.1f m", d->title, d->samples->len, lo, hi);
  g_assert_cmpfloat (lo, >=, PLAIN_M - 1.0);
  g_assert_cmpfloat (hi, <=, PLAIN_M + HILL_M + 1.0);
  g_assert_cmpfloat (hi - lo, >, 5.0);   /* the route climbs or descends the hill */

  /* Another user: its route. */
  g_assert_true (ra_profile_window_show_node (profile, "U1"));
  d = ra_profile_window_get_data (profile);
  g_assert_nonnull (strstr (d->title, "→"));

  g_assert_true (ra_profile_window_export (profile, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (ra_profile_window_export (profile, png, &error));
  g_assert_no_error (error);
  cmd = g_strdup_printf ("pdftotext %s -", pdf);
  text = run (cmd);
  g_assert_nonnull (strstr (text, "→"));

  /* A design flow typed in the pipe table: kept in the project, solved
   * again with it (the entry shows it back), undone. */
  {
    GtkWidget *entry = find_entry (GTK_WIDGET (profile));
    gint64 pipeline_id;
    g_autoptr(GError) undo_error = NULL;

    g_autofree char *before = g_strdup (ra_profile_window_get_data (profile)->subtitle);

    g_assert_nonnull (entry);
    pipeline_id = *(gint64 *) g_object_get_data (G_OBJECT (entry), "pipeline-id");
    gtk_editable_set_text (GTK_EDITABLE (entry), "x");
    g_signal_emit_by_name (entry, "activate");
    g_assert_true (gtk_widget_has_css_class (entry, "error"));
    g_assert_true (isnan (ra_hydraulics_get_design_flow (ra_window_get_store (fx.window),
                                                         pipeline_id)));
    gtk_editable_set_text (GTK_EDITABLE (entry), "2500");
    g_signal_emit_by_name (entry, "activate");
    g_assert_cmpfloat (ra_hydraulics_get_design_flow (ra_window_get_store (fx.window), pipeline_id),
                       ==, 2500.0);
    g_assert_true (wait_for (typed_entry_shows, (gpointer) "2500.0", 10));
    /* more water from the source, a larger pump head */
    g_assert_cmpstr (ra_profile_window_get_data (profile)->subtitle, !=, before);
    g_assert_true (ra_store_undo (ra_window_get_store (fx.window), &undo_error));
    g_assert_no_error (undo_error);
    g_assert_true (wait_for (typed_entry_shows, (gpointer) "", 10));
  }

  /* No DEM on the map: flat ground, said. */
  ra_layer_set_visible (dem, FALSE);
  g_assert_true (wait_for (profile_flat, GINT_TO_POINTER (TRUE), 10));
  ra_layer_set_visible (dem, TRUE);
  g_assert_true (wait_for (profile_flat, GINT_TO_POINTER (FALSE), 10));
  if (g_getenv ("RA_TEST_SCREENSHOTS") != NULL)
    {
      g_autofree char *shot = g_build_filename (g_getenv ("RA_TEST_SCREENSHOTS"),
                                                "app-profile.png", NULL);
      spin (1.0);
      g_test_message ("screenshot %s: %d x %d", shot, gtk_widget_get_width (GTK_WIDGET (profile)),
                      gtk_widget_get_height (GTK_WIDGET (profile)));
      save_png (GTK_WIDGET (profile), shot);
    }
  gtk_widget_set_visible (GTK_WIDGET (profile), FALSE);
}

/* RA_TEST_SCREENSHOTS=DIR with RA_TEST_DEM=an elevation model (the
 * illustrative one of tools/illustrative-dem.py): the window with the
 * DEM's hillshade under the counties (their fill at 60 %) and the profile
 * window over it, for the README. */
static void
test_screenshots (void)
{
  const char *dir = g_getenv ("RA_TEST_SCREENSHOTS");
  const char *dem_path = g_getenv ("RA_TEST_DEM");
  g_autofree char *base = NULL;
  g_autofree char *shot = NULL;
  RaProfileWindow *profile;
  int pos;

  if (dir == NULL || dem_path == NULL)
    {
      g_test_skip ("RA_TEST_SCREENSHOTS or RA_TEST_DEM not set");
      return;
    }
  base = g_path_get_basename (dem_path);
  *strrchr (base, '.') = '\0';     /* a raster layer is named after its file */
  for (RaLayer *l; (l = dem_layer ()) != NULL;)
    ra_map_remove_layer (fx.map, ra_map_find_layer (fx.map, l));
  ra_window_set_year (fx.window, 2030);
  ra_window_open_path (fx.window, dem_path);
  g_assert_true (wait_for (has_layer_named, base, 60));
  g_assert_true (wait_for (shading_is_named, base, 60));
  pos = ra_thematic_find_role (fx.map, "counties");
  if (pos >= 0)
    ra_layer_set_opacity (ra_map_get_layer (fx.map, pos), 0.6);
  ra_map_view_zoom_to_extent (fx.map_view);
  ra_map_view_zoom_to_layer (fx.map_view, ra_map_get_layer (fx.map, pos >= 0 ? pos : 0));
  spin (3.0);
  shot = g_build_filename (dir, "app-terrain.png", NULL);
  save_png (GTK_WIDGET (fx.window), shot);
  profile = ra_window_show_profile (fx.window, NULL);
  spin (1.5);
  g_clear_pointer (&shot, g_free);
  shot = g_build_filename (dir, "app-profile.png", NULL);
  save_png (GTK_WIDGET (profile), shot);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  fx.tmpdir = ui_test_isolate_data_home ("ra-terrain");
  /* The hillshade cache goes to a fresh folder. */
  {
    g_autofree char *cache = g_build_filename (fx.tmpdir, "cache", NULL);
    g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  }
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();

  fx.window = ui_test_start_app (&fx.app);
  fx.map_view = ra_window_get_map_view (fx.window);
  fx.map = ra_window_get_map (fx.window);
  ui_wait_project (fx.window);
  fx.sample = g_strdup (ra_store_get_path (ra_window_get_store (fx.window)));
  fx.project = g_build_filename (fx.tmpdir, "terrain.sqlite", NULL);
  g_assert_true (ra_store_save_copy (ra_window_get_store (fx.window), fx.project, &error));
  g_assert_no_error (error);
  g_assert_true (ra_window_open_project (fx.window, fx.project));
  ui_wait_project (fx.window);
  fx.dem = make_dem (fx.tmpdir);

  g_test_add_func ("/ui/terrain/add-dem", test_add_dem);
  g_test_add_func ("/ui/terrain/shading-kept", test_shading_kept);
  g_test_add_func ("/ui/terrain/basemap-in-figures", test_basemap_in_figures);
  g_test_add_func ("/ui/terrain/profile-window", test_profile_window);
  g_test_add_func ("/ui/terrain/add-basemap", test_add_basemap);
  g_test_add_func ("/ui/terrain/screenshots", test_screenshots);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (fx.window));
  g_clear_object (&fx.app);
  return status;
}
