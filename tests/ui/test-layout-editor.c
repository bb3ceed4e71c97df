/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "ui-test-util.h"
#include "ra-application.h"
#include "ra-export.h"
#include "ra-export-dialog.h"
#include "ra-layout-editor.h"
#include "ra-layout-preview.h"
#include "ra-thematic.h"
#include "ra-views.h"
#include "ra-window.h"

/* The print layout editor on the Zhangye sample: it opens on the default
 * layout; dragging an item (the preview's own drag code, driven at widget
 * coordinates) moves it by the right number of millimetres, which Save
 * keeps in the project file and a new editor reads back; corners resize;
 * Ctrl+drag pans the map frame.  Export from the editor runs in a worker
 * with progress while the main loop keeps turning, can be cancelled (its
 * file removed), and gives a 1-page PDF, or 6 pages for the atlas
 * (pdfinfo).
 *
 * RA_TEST_SCREENSHOTS=DIR also writes DIR/app-layout-editor.png. */

typedef struct {
  RaApplication  *app;
  RaWindow       *window;
  RaLayoutEditor *editor;
  char           *tmpdir;
} Fixture;

static Fixture fx;

static gboolean
thematic_loaded (gpointer data)
{
  RaMap *map = ra_window_get_map (fx.window);

  if (ra_window_get_pending_loads (fx.window) != 0 || ra_window_get_plan (fx.window) == NULL)
    return FALSE;
  for (guint i = 0; i < ra_map_get_n_layers (map); i++)
    if (g_strcmp0 (ra_thematic_layer_role (ra_map_get_layer (map, i)), "counties") == 0)
      return TRUE;
  return FALSE;
}

typedef struct {
  RaLayoutPreview *preview;
  guint            count;
} PreviewWait;

static gboolean
preview_settled (gpointer data)
{
  PreviewWait *w = data;

  return !ra_layout_preview_is_rendering (w->preview) &&
         ra_layout_preview_get_render_count (w->preview) > w->count;
}

static void
wait_preview (RaLayoutEditor *editor)
{
  PreviewWait w = { ra_layout_editor_get_preview (editor), 0 };

  w.count = ra_layout_preview_get_render_count (w.preview);
  spin (0.1);
  if (!ra_layout_preview_is_rendering (w.preview) && w.count > 0)
    w.count--;
  g_assert_true (wait_for (preview_settled, &w, 30));
}

static gboolean
widget_sized (gpointer data)
{
  return gtk_widget_get_width (GTK_WIDGET (data)) > 300;
}

static RaLayoutEditor *
open_editor (void)
{
  RaLayoutEditor *editor = ra_window_show_layout_editor (fx.window);

  gtk_window_set_default_size (GTK_WINDOW (editor), 1300, 820);
  g_assert_true (wait_for (widget_sized, ra_layout_editor_get_preview (editor), 10));
  wait_preview (editor);
  return editor;
}

static void
save_window_png (GtkWidget *window, const char *name)
{
  const char *dir = g_getenv ("RA_TEST_SCREENSHOTS");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width, height;

  if (dir == NULL)
    return;
  spin (0.5);
  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("wrote %s", path);
}

/* Pages of a PDF by pdfinfo; -1 if pdfinfo is missing. */
static int
pdf_pages (const char *path)
{
  g_autofree char *out = NULL;
  g_autofree char *quoted = g_shell_quote (path);
  g_autofree char *cmd = g_strdup_printf ("pdfinfo %s", quoted);
  int wait_status = 0;
  const char *pages;

  if (g_find_program_in_path ("pdfinfo") == NULL)
    return -1;
  g_assert_true (g_spawn_command_line_sync (cmd, &out, NULL, &wait_status, NULL));
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  pages = strstr (out, "Pages:");
  g_assert_nonnull (pages);
  return atoi (pages + strlen ("Pages:"));
}

/* Tests ------------------------------------------------------------------------ */

static void
test_opens_default (void)
{
  RaLayout *layout = ra_layout_editor_get_layout (fx.editor);
  g_auto(GStrv) saved = ra_views_list_layouts (ra_window_get_store (fx.window), NULL);

  g_assert_nonnull (layout);
  g_assert_true (saved == NULL || saved[0] == NULL);   /* nothing saved yet */
  g_assert_cmpstr (layout->name, ==, "Default");
  g_assert_true (ra_layout_is_landscape (layout));
  g_assert_nonnull (ra_layout_find_kind (layout, RA_LAYOUT_ITEM_MAP));
  g_assert_nonnull (ra_layout_find_item (layout, "legend"));
  g_assert_nonnull (ra_layout_find_item (layout, "title"));
  g_assert_cmpuint (ra_layout_preview_get_render_count (ra_layout_editor_get_preview (fx.editor)), >, 0);
  save_window_png (GTK_WIDGET (fx.editor), "app-layout-editor.png");
}

static void
centre_of (RaLayoutPreview *preview, const RaLayoutItem *item, double *x, double *y)
{
  ra_layout_preview_from_mm (preview, item->x_mm + item->width_mm / 2,
                             item->y_mm + item->height_mm / 2, x, y);
}

/* Drag the legend: its mm position changes by the drag / the preview's
 * scale; Save writes it to the project; a new editor reads it back. */
static void
test_move_save_reload (void)
{
  RaLayoutPreview *preview = ra_layout_editor_get_preview (fx.editor);
  RaLayout *layout = ra_layout_editor_get_layout (fx.editor);
  RaLayoutItem *legend = ra_layout_find_item (layout, "legend");
  g_autoptr(RaLayout) stored = NULL;
  g_autoptr(GError) error = NULL;
  RaLayoutEditor *again;
  double x, y, x0_mm = legend->x_mm, y0_mm = legend->y_mm, ax, ay, bx, by, px_per_mm;
  double w0_mm, h0_mm;
  RaLayoutItem *item;

  ra_layout_preview_from_mm (preview, 0, 0, &ax, &ay);
  ra_layout_preview_from_mm (preview, 10, 10, &bx, &by);
  px_per_mm = (bx - ax) / 10.0;
  g_assert_cmpfloat (px_per_mm, >, 0.5);

  centre_of (preview, legend, &x, &y);
  g_assert_cmpint (ra_layout_preview_drag_begin (preview, x, y, FALSE), ==, RA_LAYOUT_DRAG_MOVE);
  g_assert_cmpstr (ra_layout_preview_get_selected (preview), ==, "legend");
  ra_layout_preview_drag_update (preview, -20 * px_per_mm, 8 * px_per_mm);
  ra_layout_preview_drag_end (preview);
  g_assert_cmpfloat (fabs (legend->x_mm - (x0_mm - 20)), <, 0.11);
  g_assert_cmpfloat (fabs (legend->y_mm - (y0_mm + 8)), <, 0.11);
  wait_preview (fx.editor);

  /* The bottom-right corner resizes. */
  w0_mm = legend->width_mm;
  h0_mm = legend->height_mm;
  ra_layout_preview_from_mm (preview, legend->x_mm + legend->width_mm,
                             legend->y_mm + legend->height_mm, &x, &y);
  g_assert_cmpint (ra_layout_preview_drag_begin (preview, x, y, FALSE), ==, RA_LAYOUT_DRAG_RESIZE);
  ra_layout_preview_drag_update (preview, -5 * px_per_mm, -6 * px_per_mm);
  ra_layout_preview_drag_end (preview);
  g_assert_cmpfloat (fabs (legend->width_mm - (w0_mm - 5)), <, 0.11);
  g_assert_cmpfloat (fabs (legend->height_mm - (h0_mm - 6)), <, 0.11);
  g_assert_cmpfloat (fabs (legend->x_mm - (x0_mm - 20)), <, 0.11);

  /* Save (the editor's action) and read back from the file. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.editor), "layout.save", NULL));
  stored = ra_views_load_layout (ra_window_get_store (fx.window), layout->name, &error);
  g_assert_no_error (error);
  item = ra_layout_find_item (stored, "legend");
  g_assert_cmpfloat (fabs (item->x_mm - legend->x_mm), <, 1e-9);
  g_assert_cmpfloat (fabs (item->y_mm - legend->y_mm), <, 1e-9);
  g_assert_cmpfloat (fabs (item->width_mm - legend->width_mm), <, 1e-9);

  /* A new editor opens on the saved layout. */
  again = open_editor ();
  item = ra_layout_find_item (ra_layout_editor_get_layout (again), "legend");
  g_assert_cmpfloat (fabs (item->x_mm - (x0_mm - 20)), <, 0.11);
  g_assert_cmpfloat (fabs (item->y_mm - (y0_mm + 8)), <, 0.11);
  gtk_window_destroy (GTK_WINDOW (again));
  spin (0.2);
}

/* Ctrl+drag inside the frame pans it: a fixed centre at the same scale. */
static void
test_pan_frame (void)
{
  RaLayoutPreview *preview = ra_layout_editor_get_preview (fx.editor);
  RaLayout *layout = ra_layout_editor_get_layout (fx.editor);
  RaLayoutItem *map = ra_layout_find_kind (layout, RA_LAYOUT_ITEM_MAP);
  g_autoptr(RaLayoutContext) ctx = ra_window_dup_layout_context (fx.window);
  RaLayoutGeometry before, after;
  double x, y;

  g_assert_true (ra_layout_compute (layout, ctx, &before, NULL));
  /* Inside the frame, away from the north arrow and scale bar. */
  ra_layout_preview_from_mm (preview, map->x_mm + map->width_mm * 0.6,
                             map->y_mm + map->height_mm * 0.5, &x, &y);
  g_assert_cmpint (ra_layout_preview_drag_begin (preview, x, y, TRUE), ==, RA_LAYOUT_DRAG_PAN);
  ra_layout_preview_drag_update (preview, 60, 0);   /* content moves right: centre west */
  ra_layout_preview_drag_end (preview);
  g_assert_cmpint (map->map_mode, ==, RA_LAYOUT_MAP_SCALE);
  g_assert_true (ra_layout_compute (layout, ctx, &after, NULL));
  g_assert_cmpfloat (fabs (after.scale_denominator - before.scale_denominator) /
                     before.scale_denominator, <, 0.01);
  g_assert_cmpfloat (after.centre_lon, <, before.centre_lon);
  g_assert_cmpfloat (fabs (after.centre_lat - before.centre_lat), <, 0.01);
  wait_preview (fx.editor);

  /* Back to the default extent for the exports. */
  map->map_mode = RA_LAYOUT_MAP_FIT_EXTENT;
  map->scale_denominator = 0;
  ra_layout_preview_layout_changed (preview);
  wait_preview (fx.editor);
}

typedef struct {
  RaExportDialog *dialog;
  gint64          last_tick;
  gint64          max_gap;
  guint           ticks;
} Responsiveness;

static gboolean
tick_cb (gpointer data)
{
  Responsiveness *r = data;
  gint64 now = g_get_monotonic_time ();

  if (r->last_tick != 0)
    r->max_gap = MAX (r->max_gap, now - r->last_tick);
  r->last_tick = now;
  r->ticks++;
  return G_SOURCE_CONTINUE;
}

static gboolean
export_done (gpointer data)
{
  return !ra_export_dialog_is_running (RA_EXPORT_DIALOG (data));
}

static gboolean
export_started_pages (gpointer data)
{
  RaExportDialog *dialog = data;

  /* The page-0 call, then at least one finished page. */
  return !ra_export_dialog_is_running (dialog) || ra_export_dialog_get_n_progress (dialog) >= 2;
}

/* A 1-page PDF in a worker: progress arrives and the main loop keeps
 * turning (no gap over 250 ms). */
static void
test_export_pdf (void)
{
  g_autofree char *path = g_build_filename (fx.tmpdir, "figure.pdf", NULL);
  RaExportDialog *dialog = ra_layout_editor_export (fx.editor);
  Responsiveness r = { dialog, 0, 0, 0 };
  gint64 start, duration;
  guint source;
  const char * const *files;

  g_assert_nonnull (dialog);
  source = g_timeout_add (10, tick_cb, &r);
  start = g_get_monotonic_time ();
  ra_export_dialog_start (dialog, path, RA_EXPORT_FORMAT_PDF, 0, FALSE);
  g_assert_true (ra_export_dialog_is_running (dialog));
  g_assert_true (wait_for (export_done, dialog, 60));
  duration = g_get_monotonic_time () - start;
  g_source_remove (source);
  g_test_message ("PDF export: %.0f ms, %u ticks, longest gap %.0f ms, %u progress calls",
                  duration / 1000.0, r.ticks, r.max_gap / 1000.0,
                  ra_export_dialog_get_n_progress (dialog));

  g_assert_null (ra_export_dialog_get_error (dialog));
  files = ra_export_dialog_get_files (dialog);
  g_assert_nonnull (files);
  g_assert_cmpstr (files[0], ==, path);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (ra_export_dialog_get_n_progress (dialog), >=, 2);
  g_assert_cmpfloat (ra_export_dialog_get_fraction (dialog), ==, 1.0);
  g_assert_cmpuint (r.ticks, >, 0);
  /* Drawn on the main thread, the export would stall it for its whole
   * length; a loaded machine may stall it briefly anyway. */
  g_assert_cmpint (r.max_gap, <, MAX (250 * 1000, duration * 6 / 10));
  if (pdf_pages (path) >= 0)
    g_assert_cmpint (pdf_pages (path), ==, 1);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The atlas, cancelled after its first page: no file left behind. */
static void
test_export_cancel (void)
{
  g_autofree char *path = g_build_filename (fx.tmpdir, "atlas-cancelled.pdf", NULL);
  RaExportDialog *dialog = ra_layout_editor_export (fx.editor);
  const GError *error;

  ra_export_dialog_start (dialog, path, RA_EXPORT_FORMAT_PDF, 0, TRUE);
  g_assert_true (wait_for (export_started_pages, dialog, 60));
  g_assert_true (ra_export_dialog_is_running (dialog));
  g_test_message ("cancelling after %u progress calls (%.2f)",
                  ra_export_dialog_get_n_progress (dialog), ra_export_dialog_get_fraction (dialog));
  ra_export_dialog_cancel (dialog);
  g_assert_true (wait_for (export_done, dialog, 60));
  error = ra_export_dialog_get_error (dialog);
  g_assert_error ((GError *) error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (ra_export_dialog_get_files (dialog));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The whole atlas: one page per county. */
static void
test_export_atlas (void)
{
  g_autofree char *path = g_build_filename (fx.tmpdir, "atlas.pdf", NULL);
  RaExportDialog *dialog = ra_layout_editor_export (fx.editor);
  Responsiveness r = { dialog, 0, 0, 0 };
  gint64 start = g_get_monotonic_time (), duration;
  guint source = g_timeout_add (10, tick_cb, &r);

  ra_export_dialog_start (dialog, path, RA_EXPORT_FORMAT_PDF, 0, TRUE);
  g_assert_true (wait_for (export_done, dialog, 120));
  duration = g_get_monotonic_time () - start;
  g_source_remove (source);
  g_test_message ("atlas export: %.0f ms, %u ticks, longest gap %.0f ms",
                  duration / 1000.0, r.ticks, r.max_gap / 1000.0);
  g_assert_cmpint (r.max_gap, <, MAX (250 * 1000, duration * 4 / 10));
  g_assert_null (ra_export_dialog_get_error (dialog));
  g_assert_cmpuint (ra_export_dialog_get_n_progress (dialog), >=, 7);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  /* 6 county pages, each with its figures and projects (as the CLI's
   * atlas has them, issue 17), then the sample's ledger chart, then a
   * pipeline profile per plant feeding a network (issue 18). */
  if (pdf_pages (path) >= 0)
    {
      g_autoptr(GPtrArray) profiles = ra_export_atlas_profiles (ra_window_get_store (fx.window),
                                                                ra_window_get_year (fx.window),
                                                                NULL);

      g_assert_nonnull (profiles);
      g_assert_cmpuint (profiles->len, >=, 2);
      g_assert_cmpint (pdf_pages (path), ==, 7 + (int) profiles->len);
    }
  if (g_find_program_in_path ("pdftotext") != NULL)
    {
      g_autofree char *quoted = g_shell_quote (path);
      g_autofree char *cmd = g_strdup_printf ("pdftotext -f 1 -l 1 %s -", quoted);
      g_autofree char *text = NULL;
      int wait_status = 0;

      g_assert_true (g_spawn_command_line_sync (cmd, &text, NULL, &wait_status, NULL));
      g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
      g_test_message ("atlas page 1: %.200s", text);
      g_assert_nonnull (strstr (text, "key figures and projects in service"));
      g_assert_nonnull (strstr (text, "Reuse rate"));
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* File ▸ Export ▸ Map… of the main window: a PNG at 150 dpi. */
static void
test_export_from_window (void)
{
  g_autofree char *path = g_build_filename (fx.tmpdir, "window.png", NULL);
  RaExportDialog *dialog = ra_window_show_export_dialog (fx.window);
  g_autoptr(GdkTexture) texture = NULL;

  ra_export_dialog_start (dialog, path, RA_EXPORT_FORMAT_PNG, 150, FALSE);
  g_assert_true (wait_for (export_done, dialog, 60));
  g_assert_null (ra_export_dialog_get_error (dialog));
  texture = gdk_texture_new_from_filename (path, NULL);
  g_assert_nonnull (texture);
  /* The saved layout (A4 landscape) at 150 dpi: 1754 x 1240 px. */
  g_assert_cmpint (abs (gdk_texture_get_width (texture) - 1754), <=, 2);
  g_assert_cmpint (abs (gdk_texture_get_height (texture) - 1240), <=, 2);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  fx.tmpdir = ui_test_isolate_data_home ("ra-layout-editor");
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();

  fx.window = ui_test_start_app (&fx.app);
  gtk_window_set_default_size (GTK_WINDOW (fx.window), 1200, 800);
  gtk_window_unmaximize (GTK_WINDOW (fx.window));
  g_assert_true (wait_for (thematic_loaded, NULL, 60));
  spin (0.5);
  g_assert_true (wait_for (thematic_loaded, NULL, 60));
  g_assert_true (ra_window_set_year (fx.window, 2030));
  spin (0.3);
  fx.editor = open_editor ();

  g_test_add_func ("/ui/layout-editor/opens-default", test_opens_default);
  g_test_add_func ("/ui/layout-editor/move-save-reload", test_move_save_reload);
  g_test_add_func ("/ui/layout-editor/pan-frame", test_pan_frame);
  g_test_add_func ("/ui/layout-editor/export-pdf", test_export_pdf);
  g_test_add_func ("/ui/layout-editor/export-cancel", test_export_cancel);
  g_test_add_func ("/ui/layout-editor/export-atlas", test_export_atlas);
  g_test_add_func ("/ui/layout-editor/export-from-window", test_export_from_window);

  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (fx.editor));
  gtk_window_destroy (GTK_WINDOW (fx.window));
  g_clear_object (&fx.app);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", fx.tmpdir);
    g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  }
  g_free (fx.tmpdir);
  return status;
}
