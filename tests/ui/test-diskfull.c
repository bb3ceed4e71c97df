/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "ui-test-util.h"
#include "ra-application.h"
#include "ra-import-dialog.h"
#include "ra-project-editor.h"
#include "ra-window.h"

/* A full disk during a save, through the real window (issue 8).  The test
 * process limits its own file size (RLIMIT_FSIZE, as a full disk or a quota
 * does; SIGXFSZ ignored, so write() fails with EFBIG), then applies a
 * project edit in the editor that cannot fit.  The edit fails with a
 * message that says why, nothing in the window takes it for saved, the app
 * keeps running; with the limit lifted a small edit is stored, and the file
 * passes PRAGMA integrity_check (read with sqlite3 directly) without any
 * trace of the failed edit.
 *
 * RLIMIT_FSIZE limits each file, not the disk: a write may not end past
 * the limit in any file.  An edit in WAL mode writes only the WAL (the
 * project file itself is written by checkpoints, after a commit), so the
 * limit is the WAL's size now plus a small margin: the WAL may grow by
 * MARGIN bytes, as on a disk with MARGIN bytes free.  (A limit above the
 * 7 MB project file would need an edit of more than 7 MB, and the editor's
 * entries hold at most 65535 bytes.)  The import, which can write any
 * amount, is tried against a limit above every file of the project. */

#define MARGIN (32 * 1024)
#define IMPORT_MARGIN (256 * 1024)
#define SMALL_NOTES "after the disk was full"

typedef struct {
  RaApplication   *app;
  RaWindow        *window;
  char            *tmpdir;
  char            *copy_path;
  gint64           project_id;
  char            *notes_before;
  RaProjectEditor *editor;       /* weak */
  struct rlimit    saved_limit;
  gboolean         limited;
  gsize            big_len;
} Fixture;

static Fixture fx;


static void
wait_loaded (void)
{
  ui_wait_project (fx.window);
}

static RaStore *
store (void)
{
  return ra_window_get_store (fx.window);
}

static goffset
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (goffset) st.st_size : 0;
}

/* The file-size limit: the soft limit only, so that it can be raised again
 * without privileges. */
static void
limit_file_size (rlim_t bytes)
{
  struct rlimit lim = fx.saved_limit;

  lim.rlim_cur = bytes;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &lim), ==, 0);
  fx.limited = TRUE;
}

static void
unlimit_file_size (void)
{
  if (!fx.limited)
    return;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &fx.saved_limit), ==, 0);
  fx.limited = FALSE;
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
widget_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
set_flag_idle (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
count_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

static gboolean
at_least_3 (gpointer data)
{
  return *(guint *) data >= 3;
}

static void
count_changed_cb (RaStore *s, const char *table, gint64 row_id, guint *count)
{
  (*count)++;
}

/* The text of the label in a revealed GtkRevealer under widget (the
 * editor's error banner), NULL when none is revealed. */
static const char *
revealed_label_text (GtkWidget *widget)
{
  if (GTK_IS_REVEALER (widget) && !gtk_revealer_get_reveal_child (GTK_REVEALER (widget)))
    return NULL;
  if (GTK_IS_LABEL (widget) && gtk_widget_get_ancestor (widget, GTK_TYPE_REVEALER) != NULL)
    return gtk_label_get_text (GTK_LABEL (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *text = revealed_label_text (child);

      if (text != NULL && *text != '\0')
        return text;
    }
  return NULL;
}

/* Notes of n_chars characters, three bytes each in UTF-8 (a survey
 * report pasted in). */
static char *
make_notes (guint n_chars)
{
  static const char * const words[] = { "再", "生", "水", "管", "网", "，" };
  GString *text = g_string_sized_new (n_chars * 3 + 1);

  for (guint i = 0; i < n_chars; i++)
    g_string_append (text, words[i % G_N_ELEMENTS (words)]);
  return g_string_free (text, FALSE);
}

/* The window answers: the main loop runs idle callbacks and the window
 * keeps drawing frames. */
static void
assert_window_responsive (void)
{
  gboolean idle_ran = FALSE;
  guint ticks = 0;
  guint tick_id;

  g_assert_true (RA_IS_WINDOW (fx.window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fx.window)));
  g_idle_add (set_flag_idle, &idle_ran);
  g_assert_true (wait_for (flag_set, &idle_ran, 10));
  tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (fx.window), count_tick, &ticks, NULL);
  gtk_widget_queue_draw (GTK_WIDGET (fx.window));
  g_assert_true (wait_for (at_least_3, &ticks, 10));
  gtk_widget_remove_tick_callback (GTK_WIDGET (fx.window), tick_id);
}

static gboolean
import_ready (gpointer dialog)
{
  return ra_import_dialog_is_ready (dialog);
}

static void
count_imported_cb (RaImportDialog *dialog, guint n, const char *table, guint *count)
{
  (*count)++;
}

/* (transfer none) the visible message dialog over parent, NULL if none. */
static AdwMessageDialog *
find_message_dialog (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)) &&
          gtk_window_get_transient_for (GTK_WINDOW (w)) == parent)
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

/* A GeoJSON of built-up areas whose notes add up to at least bytes. */
static char *
write_big_geojson (gsize bytes)
{
  char *path = g_build_filename (fx.tmpdir, "survey-areas.geojson", NULL);
  GString *json = g_string_sized_new (bytes + 64 * 1024);
  const gsize per_feature = 64 * 1024;
  guint n = (guint) (bytes / per_feature) + 1;
  g_autoptr(GError) error = NULL;

  g_string_append (json, "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\","
                         "\"properties\":{\"name\":\"urn:ogc:def:crs:OGC:1.3:CRS84\"}},"
                         "\"features\":[");
  for (guint i = 0; i < n; i++)
    {
      double x = 100.0 + (i % 20) * 0.01, y = 38.8 + (i / 20) * 0.01;

      g_string_append_printf (json, "%s{\"type\":\"Feature\",\"properties\":"
                              "{\"title\":\"Survey area %u\",\"remark\":\"",
                              i > 0 ? "," : "", i + 1);
      for (gsize k = 0; k < per_feature; k++)
        g_string_append_c (json, "survey remarks "[k % 15]);
      g_string_append_printf (json, "\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
                              "[[[%.3f,%.3f],[%.3f,%.3f],[%.3f,%.3f],[%.3f,%.3f],[%.3f,%.3f]]]}}",
                              x, y, x + 0.005, y, x + 0.005, y + 0.005, x, y + 0.005, x, y);
    }
  g_string_append (json, "]}");
  g_assert_true (g_file_set_contents (path, json->str, json->len, &error));
  g_assert_no_error (error);
  g_string_free (json, TRUE);
  return path;
}

static gint64
query_int_sqlite (const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (fx.copy_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static char *
integrity_sqlite (void)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *result;

  g_assert_cmpint (sqlite3_open_v2 (fx.copy_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return result;
}

/* Tests ---------------------------------------------------------------------- */

static void
test_edit_fails (void)
{
  g_autoptr(RaProjectRecord) after = NULL;
  g_autofree char *wal_path = g_strconcat (fx.copy_path, "-wal", NULL);
  g_autofree char *undo_label_before = NULL;
  g_autofree char *undo_label_after = NULL;
  g_autofree char *big = NULL;
  g_autofree char *shown = NULL;
  gboolean can_undo_before;
  guint messages_before, n_changed = 0;
  gulong handler;
  goffset db_size, wal_size;
  rlim_t limit;
  const char *error_text;
  gint64 t0;

  undo_label_before = ra_store_dup_undo_label (store ());
  can_undo_before = ra_store_can_undo (store ());

  /* The editor as a double click in the inventory opens it. */
  ra_window_select_project (fx.window, fx.project_id);
  fx.editor = ra_window_edit_project (fx.window, fx.project_id);
  g_object_add_weak_pointer (G_OBJECT (fx.editor), (gpointer *) &fx.editor);
  g_assert_true (wait_for (widget_mapped, fx.editor, 10));
  messages_before = ra_window_get_message_count (fx.window);

  /* Notes nearly as long as the entry takes (65535 bytes): they alone
   * are larger than the room left, and an edit writes them three times
   * (row, audit, undo). */
  big = make_notes (21000);
  fx.big_len = strlen (big);
  g_assert_cmpuint (fx.big_len, >, MARGIN);
  ra_project_editor_set_field_text (fx.editor, "notes", big);
  g_assert_null (ra_project_editor_get_field_message (fx.editor, "notes"));
  g_assert_true (ra_project_editor_has_changes (fx.editor));
  spin (0.1);

  /* The disk fills up: the WAL may grow by MARGIN bytes. */
  db_size = file_size (fx.copy_path);
  wal_size = file_size (wal_path);
  limit = (rlim_t) (wal_size + MARGIN);
  g_test_message ("project %" G_GOFFSET_FORMAT " B, WAL %" G_GOFFSET_FORMAT
                  " B, limit %lu B, notes %" G_GSIZE_FORMAT " B",
                  db_size, wal_size, (unsigned long) limit, fx.big_len);
  handler = g_signal_connect (store (), "changed", G_CALLBACK (count_changed_cb), &n_changed);
  limit_file_size (limit);
  t0 = g_get_monotonic_time ();
  g_assert_false (ra_project_editor_apply (fx.editor));
  g_test_message ("apply failed after %.2f s",
                  (g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC);

  /* The editor says what happened, in words a planner understands. */
  error_text = revealed_label_text (GTK_WIDGET (fx.editor));
  g_assert_nonnull (error_text);
  g_test_message ("editor: %s", error_text);
  g_assert_nonnull (strstr (error_text, "not saved"));
  g_assert_nonnull (strstr (error_text, "disk is full"));
  g_assert_null (ra_project_editor_get_field_message (fx.editor, "notes"));

  /* Nothing takes it for saved: the editor keeps the text as a pending
   * change, the store emitted no change, the undo step is the one before,
   * the window announced nothing, the stored notes are as they were. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fx.editor)));
  g_assert_true (ra_project_editor_has_changes (fx.editor));
  shown = ra_project_editor_dup_field_text (fx.editor, "notes");
  g_assert_cmpuint (strlen (shown), ==, fx.big_len);
  g_assert_cmpuint (n_changed, ==, 0);
  g_assert_cmpint (ra_store_can_undo (store ()), ==, can_undo_before);
  undo_label_after = ra_store_dup_undo_label (store ());
  g_assert_cmpstr (undo_label_after, ==, undo_label_before);
  g_assert_cmpuint (ra_window_get_message_count (fx.window), ==, messages_before);
  after = ra_store_get_project (store (), fx.project_id, NULL);
  g_assert_nonnull (after);
  g_assert_cmpstr (after->notes, ==, fx.notes_before);
  g_assert_cmpint (ra_inventory_view_get_selected_project (ra_window_get_inventory_view (fx.window)),
                   ==, fx.project_id);

  /* The app keeps running, still on the full disk. */
  assert_window_responsive ();
  g_assert_true (ra_window_get_store (fx.window) != NULL);
  g_assert_false (ra_store_is_read_only (store ()));
  g_signal_handler_disconnect (store (), handler);
}

static void
test_space_again (void)
{
  g_autoptr(RaProjectRecord) rec = NULL;
  guint n_changed = 0;
  gulong handler;

  g_assert_nonnull (fx.editor);
  unlimit_file_size ();

  /* With room again, the user shortens the notes and applies. */
  handler = g_signal_connect (store (), "changed", G_CALLBACK (count_changed_cb), &n_changed);
  ra_project_editor_set_field_text (fx.editor, "notes", SMALL_NOTES);
  g_assert_true (ra_project_editor_apply (fx.editor));
  g_assert_null (revealed_label_text (GTK_WIDGET (fx.editor)));
  g_assert_false (ra_project_editor_has_changes (fx.editor));
  g_assert_cmpuint (n_changed, >=, 1);
  g_signal_handler_disconnect (store (), handler);
  gtk_window_close (GTK_WINDOW (fx.editor));
  g_assert_true (wait_for (is_null, &fx.editor, 10));

  rec = ra_store_get_project (store (), fx.project_id, NULL);
  g_assert_nonnull (rec);
  g_assert_cmpstr (rec->notes, ==, SMALL_NOTES);
  g_assert_true (ra_store_can_undo (store ()));
  assert_window_responsive ();
}

static void
test_file_valid (void)
{
  g_autoptr(RaProjectRecord) rec = NULL;
  g_autofree char *integrity = integrity_sqlite ();
  g_autofree char *small = NULL;
  static const char * const largest[] = {
    "SELECT coalesce(max(length(notes)), 0) FROM projects",
    "SELECT coalesce(max(max(coalesce(length(before_json), 0),"
    " coalesce(length(after_json), 0))), 0) FROM audit",
    "SELECT coalesce(max(max(coalesce(length(before_json), 0),"
    " coalesce(length(after_json), 0))), 0) FROM app_undo",
  };

  /* The file as another program sees it, while the app has it open. */
  g_assert_cmpstr (integrity, ==, "ok");

  /* The failed edit left nothing behind: no row, audit entry or undo step
   * holds the big notes. */
  for (guint i = 0; i < G_N_ELEMENTS (largest); i++)
    g_assert_cmpint (query_int_sqlite (largest[i]), <, (gint64) fx.big_len);

  /* The small edit is there. */
  small = g_strdup_printf ("SELECT notes = '%s' FROM projects WHERE id = %" G_GINT64_FORMAT,
                           SMALL_NOTES, fx.project_id);
  g_assert_cmpint (query_int_sqlite (small), ==, 1);

  /* Closed and opened again in the window: the same. */
  ra_window_open_sample (fx.window, "zhangye");
  wait_loaded ();
  g_assert_cmpstr (ra_store_get_path (store ()), !=, fx.copy_path);
  g_assert_true (ra_window_open_project (fx.window, fx.copy_path));
  wait_loaded ();
  g_assert_cmpstr (ra_store_get_path (store ()), ==, fx.copy_path);
  g_assert_false (ra_store_is_read_only (store ()));
  rec = ra_store_get_project (store (), fx.project_id, NULL);
  g_assert_nonnull (rec);
  g_assert_cmpstr (rec->notes, ==, SMALL_NOTES);
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *integrity = ra_store_check_integrity (store (), &error);

    g_assert_no_error (error);
    g_assert_cmpstr (integrity, ==, "ok");
  }
}

/* An import, which can be of any size, on a disk with 256 kB left above
 * the project file and its WAL together. */
static void
test_import_fails (void)
{
  g_autofree char *wal_path = g_strconcat (fx.copy_path, "-wal", NULL);
  g_autofree char *source = NULL;
  g_autofree char *undo_label_before = NULL;
  g_autofree char *undo_label_after = NULL;
  g_autofree char *integrity = NULL;
  RaImportDialog *dialog;
  AdwMessageDialog *message;
  const char *body;
  gint64 n_areas = ra_store_count_rows (store (), "built_up_areas", NULL);
  guint n_changed = 0, n_imported = 0;
  gulong handler;
  goffset db_size, wal_size;
  rlim_t limit;

  db_size = file_size (fx.copy_path);
  wal_size = file_size (wal_path);
  limit = (rlim_t) (db_size + wal_size + IMPORT_MARGIN);
  source = write_big_geojson ((gsize) limit + 1024 * 1024);
  g_test_message ("project %" G_GOFFSET_FORMAT " B, WAL %" G_GOFFSET_FORMAT
                  " B, limit %lu B, import source %" G_GOFFSET_FORMAT " B",
                  db_size, wal_size, (unsigned long) limit, file_size (source));
  undo_label_before = ra_store_dup_undo_label (store ());

  dialog = ra_import_dialog_new (GTK_WINDOW (fx.window), store (), source);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "imported", G_CALLBACK (count_imported_cb), &n_imported);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (wait_for (import_ready, dialog, 30));
  ra_import_dialog_set_target (dialog, "built_up_areas");
  ra_import_dialog_set_mapping (dialog, "title", "name");
  ra_import_dialog_set_mapping (dialog, "remark", "notes");

  handler = g_signal_connect (store (), "changed", G_CALLBACK (count_changed_cb), &n_changed);
  limit_file_size (limit);
  g_assert_false (ra_import_dialog_import (dialog));

  /* The rejection names the problem. */
  message = find_message_dialog (GTK_WINDOW (dialog));
  g_assert_nonnull (message);
  body = adw_message_dialog_get_body (message);
  g_test_message ("import: %s: %s", adw_message_dialog_get_heading (message), body);
  g_assert_nonnull (strstr (body, "not saved"));
  g_assert_nonnull (strstr (body, "disk is full"));

  /* Nothing imported, nothing announced, the undo step is the one before. */
  g_assert_cmpuint (n_imported, ==, 0);
  g_assert_cmpuint (n_changed, ==, 0);
  g_assert_cmpint (ra_store_count_rows (store (), "built_up_areas", NULL), ==, n_areas);
  undo_label_after = ra_store_dup_undo_label (store ());
  g_assert_cmpstr (undo_label_after, ==, undo_label_before);
  assert_window_responsive ();
  g_signal_handler_disconnect (store (), handler);

  unlimit_file_size ();
  gtk_window_destroy (GTK_WINDOW (message));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (wait_for (is_null, &dialog, 10));

  integrity = integrity_sqlite ();
  g_assert_cmpstr (integrity, ==, "ok");
  g_assert_cmpint (query_int_sqlite ("SELECT count(*) FROM built_up_areas"), ==, n_areas);
  g_assert_cmpint (query_int_sqlite ("SELECT coalesce(max(length(notes)), 0) FROM built_up_areas"),
                   <, 64 * 1024);

  /* With room again, the app still edits the project. */
  {
    g_auto(GValue) value = G_VALUE_INIT;
    g_autoptr(GError) error = NULL;
    g_autoptr(RaProjectRecord) rec = NULL;

    g_value_init (&value, G_TYPE_STRING);
    g_value_set_string (&value, "after the import was rejected");
    g_assert_true (ra_store_update_project (store (), fx.project_id, "notes", &value, &error));
    g_assert_no_error (error);
    rec = ra_store_get_project (store (), fx.project_id, NULL);
    g_assert_cmpstr (rec->notes, ==, "after the import was rejected");
  }
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  int status;

  /* Past the limit write() must fail (EFBIG), not kill the process. */
  signal (SIGXFSZ, SIG_IGN);
  g_assert (getrlimit (RLIMIT_FSIZE, &fx.saved_limit) == 0);

  fx.tmpdir = ui_test_isolate_data_home ("ra-diskfull");
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();

  fx.window = ui_test_start_app (&fx.app);
  gtk_window_set_default_size (GTK_WINDOW (fx.window), 1200, 800);
  wait_loaded ();

  /* Edits go to a copy. */
  fx.copy_path = g_build_filename (fx.tmpdir, "zhangye-diskfull.sqlite", NULL);
  g_assert_true (ra_store_save_copy (store (), fx.copy_path, &error));
  g_assert_no_error (error);
  g_assert_true (ra_window_open_project (fx.window, fx.copy_path));
  wait_loaded ();

  projects = ra_store_list_projects (store (), NULL);
  g_assert_nonnull (projects);
  g_assert_cmpuint (projects->len, >, 0);
  fx.project_id = ((RaProjectRecord *) projects->pdata[0])->id;
  fx.notes_before = g_strdup (((RaProjectRecord *) projects->pdata[0])->notes);

  g_test_add_func ("/ui/diskfull/edit-fails", test_edit_fails);
  g_test_add_func ("/ui/diskfull/space-again", test_space_again);
  g_test_add_func ("/ui/diskfull/file-valid", test_file_valid);
  g_test_add_func ("/ui/diskfull/import-fails", test_import_fails);

  status = g_test_run ();

  unlimit_file_size ();
  if (fx.editor != NULL)
    gtk_window_destroy (GTK_WINDOW (fx.editor));
  gtk_window_destroy (GTK_WINDOW (fx.window));
  g_clear_object (&fx.app);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", fx.tmpdir);
    if (system (cmd) != 0)
      g_test_message ("could not remove %s", fx.tmpdir);
  }
  g_free (fx.tmpdir);
  g_free (fx.copy_path);
  g_free (fx.notes_before);
  return status;
}
