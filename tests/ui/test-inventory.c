/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "ui-test-util.h"
#include "ra-application.h"
#include "ra-import-dialog.h"
#include "ra-inventory-view.h"
#include "ra-project-editor.h"
#include "ra-window.h"

/* The inventory, the project editor, undo/redo and the view-only banner,
 * driven through the real window on the Zhangye sample project.  Expected
 * numbers come from the plan table the sample is built from
 * (data/samples/zhangye/projects.csv), not from the code under test. */

typedef struct {
  RaApplication   *app;
  RaWindow        *window;
  RaInventoryView *inventory;
  char            *tmpdir;
  char            *copy_path;     /* a writable copy of the sample */
  GPtrArray       *csv;           /* GStrv per data row */
  char           **csv_header;
} Fixture;

static Fixture fx;


static void
wait_loaded (void)
{
  ui_wait_project (fx.window);
}

/* The plan table ------------------------------------------------------------ */

static void
load_csv (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("RA_DATADIR"), "samples", "zhangye",
                                            "projects.csv", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  /* The file has no quoted fields (checked here, so a change is noticed). */
  g_assert_null (strchr (text, '"'));
  fx.csv_header = g_strsplit (g_strchomp (lines[0]), ",", -1);
  fx.csv = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_strchomp (lines[i]);
      if (*lines[i] != '\0')
        g_ptr_array_add (fx.csv, g_strsplit (lines[i], ",", -1));
    }
}

static int
csv_column (const char *name)
{
  for (guint i = 0; fx.csv_header[i] != NULL; i++)
    if (g_str_equal (fx.csv_header[i], name))
      return (int) i;
  g_error ("projects.csv has no column %s", name);
  return -1;
}

static const char *
csv_get (guint row, const char *column)
{
  char **fields = g_ptr_array_index (fx.csv, row);
  int c = csv_column (column);

  g_assert_cmpint (c, <, (int) g_strv_length (fields));
  return fields[c];
}

/* Sum of a numeric column over the rows whose filter_column equals value
 * (filter_column NULL = all rows); blanks count as 0, as the plan does. */
static double
csv_sum (const char *column, const char *filter_column, const char *value, guint *n_rows)
{
  double sum = 0;
  guint n = 0;

  for (guint i = 0; i < fx.csv->len; i++)
    {
      const char *v;

      if (filter_column != NULL && g_strcmp0 (csv_get (i, filter_column), value) != 0)
        continue;
      n++;
      v = csv_get (i, column);
      if (v != NULL && *v != '\0')
        sum += g_ascii_strtod (v, NULL);
    }
  if (n_rows != NULL)
    *n_rows = n;
  return sum;
}

static gint64
project_id_for_code (RaStore *store, const char *code)
{
  g_autoptr(GPtrArray) projects = ra_store_list_projects (store, NULL);

  g_assert_nonnull (projects);
  for (guint i = 0; i < projects->len; i++)
    {
      RaProjectRecord *rec = g_ptr_array_index (projects, i);

      if (g_strcmp0 (rec->code, code) == 0)
        return rec->id;
    }
  g_error ("no project %s", code);
  return 0;
}

static RaLayer *
find_map_layer (const char *table)
{
  RaMap *map = ra_window_get_map (fx.window);

  for (guint i = 0; i < ra_map_get_n_layers (map); i++)
    {
      RaLayer *layer = ra_map_get_layer (map, i);

      if (g_strcmp0 (ra_layer_get_source_layer_name (layer), table) == 0)
        return layer;
    }
  return NULL;
}

static void
reset_filters (void)
{
  ra_inventory_view_set_search_text (fx.inventory, NULL);
  ra_inventory_view_set_filter (fx.inventory, RA_INVENTORY_FILTER_COUNTY, NULL);
  ra_inventory_view_set_filter (fx.inventory, RA_INVENTORY_FILTER_BATCH, NULL);
  ra_inventory_view_set_filter (fx.inventory, RA_INVENTORY_FILTER_STATUS, NULL);
  ra_inventory_view_set_filter (fx.inventory, RA_INVENTORY_FILTER_SOURCE, NULL);
}

static void
open_copy (void)
{
  g_assert_true (ra_window_open_project (fx.window, fx.copy_path));
  wait_loaded ();
  g_assert_cmpstr (ra_store_get_path (ra_window_get_store (fx.window)), ==, fx.copy_path);
}

/* Tests --------------------------------------------------------------------- */

static void
test_sample_opens (void)
{
  RaStore *store;
  g_autofree char *expected = NULL;

  wait_loaded ();
  store = ra_window_get_store (fx.window);
  g_assert_nonnull (store);
  expected = g_build_filename (g_get_user_data_dir (), "reclaim-atlas", "samples",
                               "zhangye.sqlite", NULL);
  g_assert_cmpstr (ra_store_get_path (store), ==, expected);
  g_assert_false (ra_store_is_read_only (store));
  g_assert_null (ra_window_get_banner_text (fx.window));

  /* 18 projects, as in the plan's table. */
  g_assert_cmpuint (fx.csv->len, ==, 18);
  g_assert_cmpuint (ra_inventory_view_get_n_shown (fx.inventory), ==, fx.csv->len);

  /* The project's spatial tables are on the map. */
  g_assert_nonnull (find_map_layer ("counties"));
  g_assert_nonnull (find_map_layer ("plants"));
  /* 6 county plants + the mine-water station of plants.csv. */
  g_assert_cmpuint (ra_layer_get_n_features (find_map_layer ("plants")), ==, 7);

  /* The window names the project. */
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (fx.window)), "Reclaim Atlas"));
}

static void
check_batch (const char *batch)
{
  guint n = 0;
  double investment = csv_sum ("investment_total", "batch", batch, &n);
  double capacity = csv_sum ("cap_total", "batch", batch, NULL);
  double ecology = csv_sum ("cap_ecological", "batch", batch, NULL);
  g_autofree char *investment_text = g_strdup_printf ("%.12g", investment);
  g_autofree char *capacity_text = g_strdup_printf ("%.12g", capacity);
  const char *totals;

  ra_inventory_view_set_filter (fx.inventory, RA_INVENTORY_FILTER_BATCH, batch);
  g_test_message ("batch %s: %u projects, investment %g, capacity %g", batch, n, investment,
                  capacity);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (ra_inventory_view_get_n_shown (fx.inventory), ==, n);
  g_assert_cmpfloat_with_epsilon (ra_inventory_view_get_total (fx.inventory, "investment_total"),
                                  investment, 1e-6);
  g_assert_cmpfloat_with_epsilon (ra_inventory_view_get_total (fx.inventory, "cap_total"),
                                  capacity, 1e-6);
  g_assert_cmpfloat_with_epsilon (ra_inventory_view_get_total (fx.inventory, "cap_ecological"),
                                  ecology, 1e-6);
  /* The totals row shows them. */
  totals = ra_inventory_view_get_totals_text (fx.inventory);
  g_assert_nonnull (strstr (totals, investment_text));
  g_assert_nonnull (strstr (totals, capacity_text));
}

static void
test_filter_totals (void)
{
  guint n_all = 0, n = 0;
  double all_investment = csv_sum ("investment_total", NULL, NULL, &n_all);

  reset_filters ();
  g_assert_cmpfloat_with_epsilon (ra_inventory_view_get_total (fx.inventory, "investment_total"),
                                  all_investment, 1e-6);

  check_batch ("2024");
  check_batch ("2025");
  check_batch ("2026-2030");
  ra_inventory_view_set_filter (fx.inventory, RA_INVENTORY_FILTER_BATCH, NULL);
  g_assert_cmpuint (ra_inventory_view_get_n_shown (fx.inventory), ==, n_all);

  /* Status and source. */
  csv_sum ("investment_total", "status", "under_construction", &n);
  ra_inventory_view_set_filter (fx.inventory, RA_INVENTORY_FILTER_STATUS, "under_construction");
  g_assert_cmpuint (ra_inventory_view_get_n_shown (fx.inventory), ==, n);
  ra_inventory_view_set_filter (fx.inventory, RA_INVENTORY_FILTER_STATUS, NULL);
  csv_sum ("investment_total", "source", "mine", &n);
  ra_inventory_view_set_filter (fx.inventory, RA_INVENTORY_FILTER_SOURCE, "mine");
  g_assert_cmpuint (ra_inventory_view_get_n_shown (fx.inventory), ==, n);
  g_assert_cmpfloat_with_epsilon (ra_inventory_view_get_total (fx.inventory, "cap_industry"),
                                  csv_sum ("cap_industry", "source", "mine", NULL), 1e-6);
  ra_inventory_view_set_filter (fx.inventory, RA_INVENTORY_FILTER_SOURCE, NULL);

  /* County. */
  csv_sum ("investment_total", "county_adcode", "620722", &n);
  ra_inventory_view_set_filter (fx.inventory, RA_INVENTORY_FILTER_COUNTY, "620722");
  g_assert_cmpuint (ra_inventory_view_get_n_shown (fx.inventory), ==, n);
  g_assert_cmpfloat_with_epsilon (ra_inventory_view_get_total (fx.inventory, "investment_total"),
                                  csv_sum ("investment_total", "county_adcode", "620722", NULL),
                                  1e-6);
  ra_inventory_view_set_filter (fx.inventory, RA_INVENTORY_FILTER_COUNTY, NULL);

  /* Search: a Chinese substring of names and units. */
  n = 0;
  for (guint i = 0; i < fx.csv->len; i++)
    if (strstr (csv_get (i, "name_zh"), "中水") != NULL ||
        strstr (csv_get (i, "owner_zh"), "中水") != NULL)
      n++;
  ra_inventory_view_set_search_text (fx.inventory, "中水");
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (ra_inventory_view_get_n_shown (fx.inventory), ==, n);
  reset_filters ();
  g_assert_cmpuint (ra_inventory_view_get_n_shown (fx.inventory), ==, n_all);
}

static void
test_sort (void)
{
  double best = -1;
  const char *best_code = NULL;
  RaStore *store = ra_window_get_store (fx.window);

  for (guint i = 0; i < fx.csv->len; i++)
    {
      const char *v = csv_get (i, "investment_total");
      if (*v != '\0' && g_ascii_strtod (v, NULL) > best)
        {
          best = g_ascii_strtod (v, NULL);
          best_code = csv_get (i, "id");
        }
    }
  ra_inventory_view_sort_by (fx.inventory, "investment_total", GTK_SORT_DESCENDING);
  g_assert_cmpint (ra_inventory_view_get_shown_project (fx.inventory, 0), ==,
                   project_id_for_code (store, best_code));
  ra_inventory_view_sort_by (fx.inventory, "code", GTK_SORT_ASCENDING);
  g_assert_cmpint (ra_inventory_view_get_shown_project (fx.inventory, 0), ==,
                   project_id_for_code (store, "P01"));
}

static double
stored_investment (RaStore *store, gint64 id)
{
  g_autoptr(RaProjectRecord) rec = ra_store_get_project (store, id, NULL);

  g_assert_nonnull (rec);
  return rec->investment_total;
}

static gboolean
editor_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
test_edit_undo_redo_reopen (void)
{
  RaStore *store;
  RaProjectEditor *editor;
  gint64 id;
  double before, total_before;
  guint n_audit;
  g_autoptr(GPtrArray) audit = NULL;
  gboolean saw_update = FALSE, saw_undo = FALSE, saw_redo = FALSE;

  open_copy ();
  store = ra_window_get_store (fx.window);
  id = project_id_for_code (store, "P03");
  before = stored_investment (store, id);
  g_assert_cmpfloat (before, ==, g_ascii_strtod (csv_get (2, "investment_total"), NULL));
  total_before = ra_inventory_view_get_total (fx.inventory, "investment_total");
  audit = ra_store_list_audit (store, "projects", id, NULL);
  n_audit = audit->len;
  g_clear_pointer (&audit, g_ptr_array_unref);

  /* Edit through the editor: set a value, apply. */
  ra_window_select_project (fx.window, id);
  g_assert_cmpint (ra_inventory_view_get_selected_project (fx.inventory), ==, id);
  editor = ra_window_edit_project (fx.window, id);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  ra_project_editor_set_field_text (editor, "investment_total", "6000");
  g_assert_null (ra_project_editor_get_field_message (editor, "investment_total"));
  g_assert_true (ra_project_editor_has_changes (editor));
  g_assert_true (ra_project_editor_apply (editor));
  gtk_window_close (GTK_WINDOW (editor));
  g_assert_true (wait_for (editor_gone, &editor, 5));

  g_assert_cmpfloat (stored_investment (store, id), ==, 6000);
  /* The totals row follows at once. */
  g_assert_cmpfloat_with_epsilon (ra_inventory_view_get_total (fx.inventory, "investment_total"),
                                  total_before - before + 6000, 1e-6);

  /* Undo: the header button names the step. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.window), "win.undo", NULL));
  g_assert_cmpfloat (stored_investment (store, id), ==, before);
  g_assert_cmpfloat_with_epsilon (ra_inventory_view_get_total (fx.inventory, "investment_total"),
                                  total_before, 1e-6);
  g_assert_true (ra_store_can_redo (store));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.window), "win.redo", NULL));
  g_assert_cmpfloat (stored_investment (store, id), ==, 6000);

  /* Close and reopen: the value and the audit trail are in the file. */
  ra_window_open_sample (fx.window, "zhangye");
  wait_loaded ();
  g_assert_cmpstr (ra_store_get_path (ra_window_get_store (fx.window)), !=, fx.copy_path);
  open_copy ();
  store = ra_window_get_store (fx.window);
  g_assert_cmpfloat (stored_investment (store, id), ==, 6000);
  g_assert_cmpfloat_with_epsilon (ra_inventory_view_get_total (fx.inventory, "investment_total"),
                                  total_before - before + 6000, 1e-6);

  audit = ra_store_list_audit (store, "projects", id, NULL);
  g_assert_nonnull (audit);
  g_assert_cmpuint (audit->len, >=, n_audit + 3);
  for (guint i = n_audit; i < audit->len; i++)
    {
      RaAuditRecord *a = g_ptr_array_index (audit, i);

      g_test_message ("audit %s %s by %s", a->at, a->action, a->user ? a->user : "?");
      g_assert_nonnull (a->at);
      g_assert_cmpint (a->row_id, ==, id);
      if (g_str_equal (a->action, "update"))
        saw_update = a->after_json != NULL && strstr (a->after_json, "6000") != NULL;
      else if (g_str_equal (a->action, "undo"))
        saw_undo = TRUE;
      else if (g_str_equal (a->action, "redo"))
        saw_redo = TRUE;
    }
  g_assert_true (saw_update);
  g_assert_true (saw_undo);
  g_assert_true (saw_redo);

  /* Undo survives the restart. */
  g_assert_true (ra_store_can_undo (store));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.window), "win.undo", NULL));
  g_assert_cmpfloat (stored_investment (store, id), ==, before);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.window), "win.redo", NULL));
}

/* A stored text longer than an entry holds (65 535 characters) is shown
 * cut and read-only, and Apply of another field keeps it whole. */
static void
test_long_text_kept (void)
{
  RaStore *store = ra_window_get_store (fx.window);
  gint64 id = project_id_for_code (store, "P04");
  g_autoptr(GString) notes = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RaProjectRecord) rec = NULL;
  g_autofree char *shown = NULL;
  const char *fields[] = { "notes" };
  GValue value = G_VALUE_INIT;
  RaProjectEditor *editor;

  while (g_utf8_strlen (notes->str, -1) < 70000)
    g_string_append (notes, "再生水利用 reuse; ");
  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, notes->str);
  g_assert_true (ra_store_update_project (store, id, fields[0], &value, &error));
  g_assert_no_error (error);
  g_value_unset (&value);

  editor = ra_window_edit_project (fx.window, id);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  g_assert_false (ra_project_editor_has_changes (editor));
  shown = ra_project_editor_dup_field_text (editor, "notes");
  g_assert_cmpint (g_utf8_strlen (shown, -1), <, 65536);
  ra_project_editor_set_field_text (editor, "investment_total", "4321");
  g_assert_true (ra_project_editor_has_changes (editor));
  g_assert_true (ra_project_editor_apply (editor));
  gtk_window_close (GTK_WINDOW (editor));
  g_assert_true (wait_for (editor_gone, &editor, 5));

  rec = ra_store_get_project (store, id, NULL);
  g_assert_nonnull (rec);
  g_assert_cmpfloat (rec->investment_total, ==, 4321);
  g_assert_cmpstr (rec->notes, ==, notes->str);
}

static void
test_invalid_value (void)
{
  RaStore *store = ra_window_get_store (fx.window);
  gint64 id = project_id_for_code (store, "P05");
  RaProjectEditor *editor;
  g_autoptr(GPtrArray) audit_before = ra_store_list_audit (store, NULL, 0, NULL);
  g_autoptr(GPtrArray) audit_after = NULL;
  g_autoptr(RaProjectRecord) before = ra_store_get_project (store, id, NULL);
  g_autoptr(RaProjectRecord) after = NULL;
  g_autofree char *expected_total = NULL;

  editor = ra_window_edit_project (fx.window, id);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);

  /* The total is derived from the parts. */
  expected_total = g_strdup_printf ("%.12g", before->cap_total);
  g_assert_cmpstr (ra_project_editor_get_capacity_total_text (editor), ==, expected_total);
  ra_project_editor_set_field_text (editor, "cap_agriculture", "8");
  g_free (expected_total);
  expected_total = g_strdup_printf ("%.12g", before->cap_total + 8);
  g_assert_cmpstr (ra_project_editor_get_capacity_total_text (editor), ==, expected_total);

  /* Messages at the field, as the value is typed. */
  ra_project_editor_set_field_text (editor, "investment_total", "-5");
  g_assert_nonnull (ra_project_editor_get_field_message (editor, "investment_total"));
  g_test_message ("investment: %s", ra_project_editor_get_field_message (editor, "investment_total"));
  ra_project_editor_set_field_text (editor, "cap_industry", "forty");
  g_assert_nonnull (ra_project_editor_get_field_message (editor, "cap_industry"));
  g_assert_cmpstr (ra_project_editor_get_capacity_total_text (editor), ==, "—");
  ra_project_editor_set_field_text (editor, "in_service_year", "1850");
  g_assert_nonnull (ra_project_editor_get_field_message (editor, "in_service_year"));
  ra_project_editor_set_field_text (editor, "name", "");
  g_assert_nonnull (ra_project_editor_get_field_message (editor, "name"));
  /* Valid fields carry no message. */
  g_assert_null (ra_project_editor_get_field_message (editor, "cap_agriculture"));

  /* Apply writes nothing, not even the valid change. */
  g_assert_false (ra_project_editor_apply (editor));
  g_assert_nonnull (ra_project_editor_get_field_message (editor, "investment_total"));
  after = ra_store_get_project (store, id, NULL);
  g_assert_cmpfloat (after->investment_total, ==, before->investment_total);
  g_assert_true (isnan (after->cap_agriculture) == isnan (before->cap_agriculture));
  if (!isnan (before->cap_agriculture))
    g_assert_cmpfloat (after->cap_agriculture, ==, before->cap_agriculture);
  g_assert_cmpstr (after->name, ==, before->name);
  audit_after = ra_store_list_audit (store, NULL, 0, NULL);
  g_assert_cmpuint (audit_after->len, ==, audit_before->len);

  /* Fixing the value clears its message. */
  ra_project_editor_set_field_text (editor, "investment_total", "300");
  g_assert_null (ra_project_editor_get_field_message (editor, "investment_total"));

  gtk_window_destroy (GTK_WINDOW (editor));
  g_assert_null (editor);
}

static gboolean
layer_present (gpointer table)
{
  return find_map_layer (table) != NULL && ra_window_get_pending_loads (fx.window) == 0;
}

static void
test_selection_shared (void)
{
  RaStore *store = ra_window_get_store (fx.window);
  RaMapView *map_view = ra_window_get_map_view (fx.window);
  gint64 with_geometry = project_id_for_code (store, "P07");
  gint64 without = project_id_for_code (store, "P08");
  g_autoptr(GError) error = NULL;
  guint messages;
  RaLayer *layer;
  const RaView *view;

  open_copy ();
  store = ra_window_get_store (fx.window);
  with_geometry = project_id_for_code (store, "P07");
  without = project_id_for_code (store, "P08");

  /* A project without geometry: a toast says so. */
  messages = ra_window_get_message_count (fx.window);
  ra_window_select_project (fx.window, without);
  g_assert_cmpuint (ra_window_get_message_count (fx.window), ==, messages + 1);
  g_assert_nonnull (strstr (ra_window_get_last_message (fx.window), "geometry"));
  g_assert_null (ra_map_view_get_selected_layer (map_view));

  /* Give one a shape; the map picks it up from the store's signal. */
  g_assert_true (ra_store_set_geometry_wkt (store, "projects", with_geometry,
                                            "POLYGON((99.55 39.05, 99.65 39.05, 99.65 39.12, "
                                            "99.55 39.12, 99.55 39.05))", &error));
  g_assert_no_error (error);
  g_assert_true (wait_for (layer_present, (gpointer) "projects", 20));
  layer = find_map_layer ("projects");

  /* Row -> map: highlighted and zoomed to. */
  ra_window_select_project (fx.window, with_geometry);
  g_assert_true (ra_map_view_get_selected_layer (map_view) == layer);
  g_assert_cmpint (ra_layer_get_attrs (layer)->fids[ra_map_view_get_selected_feature (map_view)],
                   ==, with_geometry);

  /* Map -> row: clicking the shape selects its row. */
  ra_window_select_project (fx.window, 0);
  g_assert_cmpint (ra_inventory_view_get_selected_project (fx.inventory), ==, 0);
  view = ra_map_view_get_view (map_view);
  g_assert_true (ra_map_view_identify_at (map_view, view->width / 2.0, view->height / 2.0));
  g_assert_true (ra_map_view_get_selected_layer (map_view) == layer);
  g_assert_cmpint (ra_inventory_view_get_selected_project (fx.inventory), ==, with_geometry);
  ra_map_view_clear_selection (map_view);

  /* Undo removes the shape again, and the layer with it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.window), "win.undo", NULL));
  spin (0.3);
  g_assert_true (wait_for (ui_project_idle, fx.window, 20));
}

typedef struct {
  gint64 id;
  double value;
} Expected;

static gboolean
shows_value (gpointer data)
{
  Expected *e = data;

  double p05 = g_ascii_strtod (csv_get (4, "investment_total"), NULL);

  return stored_investment (ra_window_get_store (fx.window), e->id) == e->value &&
         fabs (ra_inventory_view_get_total (fx.inventory, "investment_total") -
               csv_sum ("investment_total", NULL, NULL, NULL) + p05 - e->value) < 1e-6;
}

static void
test_external_change (void)
{
  g_autoptr(RaStore) other = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  Expected e;

  open_copy ();
  reset_filters ();
  /* Another program (here: a second connection) edits the file. */
  other = ra_store_open (fx.copy_path, RA_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  e.id = project_id_for_code (other, "P05");
  g_assert_cmpstr (csv_get (4, "id"), ==, "P05");
  g_assert_cmpfloat (stored_investment (other, e.id), ==,
                     g_ascii_strtod (csv_get (4, "investment_total"), NULL));
  e.value = 999;
  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, "999");
  g_assert_true (ra_store_update_project (other, e.id, "investment_total", &value, &error));
  g_assert_no_error (error);

  /* The window's timer notices and the totals follow. */
  g_assert_true (wait_for (shows_value, &e, 10));
  g_assert_true (ra_store_undo (other, &error));
  e.value = g_ascii_strtod (csv_get (4, "investment_total"), NULL);
  g_assert_true (wait_for (shows_value, &e, 10));
}

static void
test_read_only (void)
{
  g_autofree char *path = g_build_filename (fx.tmpdir, "read-only.sqlite", NULL);
  RaStore *store;
  RaProjectEditor *editor;
  const char *banner;
  gint64 id;
  double before;

  g_assert_true (ra_store_save_copy (ra_window_get_store (fx.window), path, NULL));
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);

  g_assert_true (ra_window_open_project (fx.window, path));
  wait_loaded ();
  store = ra_window_get_store (fx.window);
  g_assert_true (ra_store_is_read_only (store));

  /* The banner says why. */
  banner = ra_window_get_banner_text (fx.window);
  g_assert_nonnull (banner);
  g_test_message ("banner: %s", banner);
  g_assert_nonnull (strstr (banner, ra_store_get_read_only_reason (store)));
  g_assert_cmpuint (ra_inventory_view_get_n_shown (fx.inventory), ==, fx.csv->len);

  /* Edits are refused: undo does nothing, the editor is view-only. */
  id = project_id_for_code (store, "P01");
  before = stored_investment (store, id);
  g_assert_false (ra_store_can_undo (store) && !ra_store_is_read_only (store));
  gtk_widget_activate_action (GTK_WIDGET (fx.window), "win.undo", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fx.window), "win.add-project", NULL);
  g_assert_cmpint (ra_store_count_rows (store, "projects", NULL), ==, fx.csv->len);
  editor = ra_window_edit_project (fx.window, id);
  ra_project_editor_set_field_text (editor, "investment_total", "1");
  g_assert_false (ra_project_editor_apply (editor));
  g_assert_cmpfloat (stored_investment (store, id), ==, before);
  gtk_window_destroy (GTK_WINDOW (editor));

  /* A writable project hides the banner again. */
  open_copy ();
  g_assert_null (ra_window_get_banner_text (fx.window));
}

static gboolean
import_ready (gpointer dialog)
{
  return ra_import_dialog_is_ready (dialog);
}

static void
test_import (void)
{
  g_autofree char *good = g_build_filename (fx.tmpdir, "areas.geojson", NULL);
  g_autofree char *bad = g_build_filename (fx.tmpdir, "bad-plants.geojson", NULL);
  RaStore *store = ra_window_get_store (fx.window);
  RaImportDialog *dialog;
  GPtrArray *report;

  g_assert_true (g_file_set_contents (good,
    "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":"
    "{\"name\":\"urn:ogc:def:crs:OGC:1.3:CRS84\"}},\"features\":["
    "{\"type\":\"Feature\",\"properties\":{\"title\":\"甘州城区\",\"code\":\"620702\"},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[100.40,38.90],[100.50,38.90],"
    "[100.50,38.98],[100.40,38.98],[100.40,38.90]]]}}]}", -1, NULL));
  g_assert_true (g_file_set_contents (bad,
    "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":"
    "{\"name\":\"urn:ogc:def:crs:OGC:1.3:CRS84\"}},\"features\":["
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"A\",\"capacity_m3_per_day\":\"lots\"},"
    "\"geometry\":{\"type\":\"Point\",\"coordinates\":[100.4,38.9]}}]}", -1, NULL));

  /* Fields mapped by hand into built-up areas. */
  dialog = ra_import_dialog_new (GTK_WINDOW (fx.window), store, good);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (wait_for (import_ready, dialog, 20));
  ra_import_dialog_set_target (dialog, "built_up_areas");
  ra_import_dialog_set_mapping (dialog, "title", "name");
  ra_import_dialog_set_mapping (dialog, "code", "adcode");
  g_assert_true (ra_import_dialog_import (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpint (ra_store_count_rows (store, "built_up_areas", NULL), ==, 1);
  g_assert_true (wait_for (layer_present, (gpointer) "built_up_areas", 20));

  /* A bad row: rejected as a whole, the report names it. */
  dialog = ra_import_dialog_new (GTK_WINDOW (fx.window), store, bad);
  g_assert_true (wait_for (import_ready, dialog, 20));
  ra_import_dialog_set_target (dialog, "plants");
  g_assert_false (ra_import_dialog_import (dialog));
  report = ra_import_dialog_get_report (dialog);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->len, >=, 1);
  g_test_message ("report: %s", (const char *) g_ptr_array_index (report, 0));
  g_assert_cmpint (ra_store_count_rows (store, "plants", NULL), ==, 7);   /* the sample's 7 */
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Lengths for reading: the sample's drawn pipelines give their projects a
 * geodesic length in km, shown with 2 decimals, never "28.40464…". */
static void
test_length_rounded (void)
{
  guint n = ra_inventory_view_get_n_shown (fx.inventory), seen = 0;
  g_autoptr(GRegex) two = g_regex_new ("^[0-9]+\\.[0-9]{2}$", 0, 0, NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = ra_inventory_view_dup_cell_text (fx.inventory, i, "pipeline-km");

      g_assert_nonnull (text);
      if (*text == '\0')
        continue;
      g_test_message ("pipeline km: %s", text);
      /* Typed figures stay as typed; drawn ones have exactly 2 decimals. */
      if (strchr (text, '.') != NULL && strlen (strchr (text, '.')) > 3)
        g_error ("an unrounded length “%s” in the inventory", text);
      seen += g_regex_match (two, text, 0, NULL);
    }
  g_assert_cmpuint (seen, >, 0);
}

/* The map goes first (issue 19): while the project's tables are read and
 * its first frame drawn, the inventory waits (filling, no rows, the window
 * still loading); its rows come in afterwards, read in a worker, all 18. */
static void
filling_changed_cb (RaInventoryView *view, GParamSpec *pspec, guint *renders_then)
{
  if (!ra_inventory_view_get_filling (view) && *renders_then == G_MAXUINT)
    *renders_then = ra_map_view_get_render_count (ra_window_get_map_view (fx.window));
}

static void
test_after_first_frame (void)
{
  guint renders_before, renders_then = G_MAXUINT;
  gulong id;

  wait_loaded ();
  renders_before = ra_map_view_get_render_count (ra_window_get_map_view (fx.window));
  id = g_signal_connect (fx.inventory, "notify::filling", G_CALLBACK (filling_changed_cb),
                         &renders_then);
  g_assert_true (ra_window_open_project (fx.window, fx.copy_path));
  g_assert_true (ra_inventory_view_get_filling (fx.inventory));
  g_assert_cmpuint (ra_inventory_view_get_n_shown (fx.inventory), ==, 0);
  g_assert_cmpuint (ra_window_get_pending_loads (fx.window), >, 0);
  wait_loaded ();
  g_signal_handler_disconnect (fx.inventory, id);
  g_assert_false (ra_inventory_view_get_filling (fx.inventory));
  g_assert_cmpuint (ra_inventory_view_get_n_shown (fx.inventory), ==, fx.csv->len);
  /* The new project's first frame was drawn before its rows came in. */
  g_assert_cmpuint (renders_then, !=, G_MAXUINT);
  g_assert_cmpuint (renders_then, >, renders_before);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  fx.tmpdir = ui_test_isolate_data_home ("ra-inventory");
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();
  load_csv ();


  /* A start without arguments opens the Zhangye sample project. */
  fx.window = ui_test_start_app (&fx.app);
  fx.inventory = ra_window_get_inventory_view (fx.window);
  wait_loaded ();

  /* Edits go to a copy, so the sample itself stays as built. */
  fx.copy_path = g_build_filename (fx.tmpdir, "zhangye-copy.sqlite", NULL);
  g_assert_true (ra_store_save_copy (ra_window_get_store (fx.window), fx.copy_path, &error));
  g_assert_no_error (error);

  g_test_add_func ("/ui/inventory/sample-opens", test_sample_opens);
  g_test_add_func ("/ui/inventory/filter-totals", test_filter_totals);
  g_test_add_func ("/ui/inventory/sort", test_sort);
  g_test_add_func ("/ui/inventory/after-first-frame", test_after_first_frame);
  g_test_add_func ("/ui/inventory/length-rounded", test_length_rounded);
  g_test_add_func ("/ui/editor/edit-undo-redo-reopen", test_edit_undo_redo_reopen);
  g_test_add_func ("/ui/editor/invalid-value", test_invalid_value);
  g_test_add_func ("/ui/editor/long-text-kept", test_long_text_kept);
  g_test_add_func ("/ui/inventory/selection-shared", test_selection_shared);
  g_test_add_func ("/ui/inventory/external-change", test_external_change);
  g_test_add_func ("/ui/import/mapping-and-report", test_import);
  g_test_add_func ("/ui/project/read-only", test_read_only);

  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (fx.window));
  g_clear_object (&fx.app);
  g_chmod (fx.tmpdir, 0755);
  {
    g_autofree char *cmd = g_strdup_printf ("chmod -R u+w '%s' && rm -rf '%s'", fx.tmpdir,
                                            fx.tmpdir);
    if (system (cmd) != 0)
      g_test_message ("could not remove %s", fx.tmpdir);
  }
  g_free (fx.tmpdir);
  g_free (fx.copy_path);
  g_strfreev (fx.csv_header);
  g_ptr_array_unref (fx.csv);
  return status;
}
