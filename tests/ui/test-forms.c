/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The forms of a project, driven through the real window on a copy of the
 * Zhangye sample: the project editor's "Plant expanded" choice (set,
 * refused, undone, redone) and the import dialog's field mapping, which
 * names every target column in words, never by its column name. */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "ui-test-util.h"
#include "ra-application.h"
#include "ra-import-dialog.h"
#include "ra-project-editor.h"
#include "ra-window.h"

typedef struct {
  RaApplication *app;
  RaWindow      *window;
  char          *tmpdir;
  char          *copy_path;
} Fixture;

static Fixture fx;

static void
open_copy (void)
{
  g_assert_true (ra_window_open_project (fx.window, fx.copy_path));
  ui_wait_project (fx.window);
  g_assert_cmpstr (ra_store_get_path (ra_window_get_store (fx.window)), ==, fx.copy_path);
}

static RaProjectRecord *
project_coded (RaStore *store, const char *code)
{
  g_autoptr(GPtrArray) projects = ra_store_list_projects (store, NULL);

  for (guint i = 0; projects != NULL && i < projects->len; i++)
    {
      RaProjectRecord *p = g_ptr_array_index (projects, i);

      if (g_strcmp0 (p->code, code) == 0)
        return ra_store_get_project (store, p->id, NULL);
    }
  g_error ("no project %s", code);
  return NULL;
}

static gint64
plant_id_named (RaStore *store, const char *name)
{
  g_autoptr(GPtrArray) plants = ra_store_list_plants (store, NULL, NULL);

  for (guint i = 0; plants != NULL && i < plants->len; i++)
    if (g_strcmp0 (((RaPlantRecord *) plants->pdata[i])->name, name) == 0)
      return ((RaPlantRecord *) plants->pdata[i])->id;
  g_error ("no plant %s", name);
  return 0;
}

static gint64
stored_plant (RaStore *store, gint64 project_id)
{
  g_autoptr(RaProjectRecord) p = ra_store_get_project (store, project_id, NULL);

  g_assert_nonnull (p);
  return p->plant_id;
}

static gboolean
editor_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* P01 (a wetland in 临泽县) is set to expand 临泽县污水处理厂 in the
 * editor: applied as one undo step, undone and redone from the window; an
 * unknown plant is refused at the field. */
static void
test_editor_plant (void)
{
  RaStore *store;
  RaProjectEditor *editor;
  g_autoptr(RaProjectRecord) p01 = NULL;
  g_autofree char *plant_text = NULL;
  g_autofree char *shown = NULL;
  gint64 plant;

  open_copy ();
  store = ra_window_get_store (fx.window);
  p01 = project_coded (store, "P01");
  plant = plant_id_named (store, "临泽县污水处理厂");
  plant_text = g_strdup_printf ("%" G_GINT64_FORMAT, plant);
  g_assert_cmpint (p01->plant_id, ==, 0);

  editor = ra_window_edit_project (fx.window, p01->id);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  shown = ra_project_editor_dup_field_text (editor, "plant_id");
  g_assert_cmpstr (shown, ==, "");
  g_assert_false (ra_project_editor_has_changes (editor));

  /* A plant the project does not have: refused at the field, nothing written. */
  ra_project_editor_set_field_text (editor, "plant_id", "9999");
  g_assert_nonnull (ra_project_editor_get_field_message (editor, "plant_id"));
  g_test_message ("unknown plant: %s", ra_project_editor_get_field_message (editor, "plant_id"));
  g_assert_false (ra_project_editor_apply (editor));
  g_assert_cmpint (stored_plant (store, p01->id), ==, 0);

  /* One of its plants: applied. */
  ra_project_editor_set_field_text (editor, "plant_id", plant_text);
  g_assert_null (ra_project_editor_get_field_message (editor, "plant_id"));
  g_assert_true (ra_project_editor_has_changes (editor));
  g_assert_true (ra_project_editor_apply (editor));
  g_assert_cmpint (stored_plant (store, p01->id), ==, plant);
  gtk_window_close (GTK_WINDOW (editor));
  g_assert_true (wait_for (editor_gone, &editor, 5));

  /* Undo and redo from the window, like any other field. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.window), "win.undo", NULL));
  g_assert_cmpint (stored_plant (store, p01->id), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.window), "win.redo", NULL));
  g_assert_cmpint (stored_plant (store, p01->id), ==, plant);

  /* A new editor shows the stored choice; "(none)" clears it. */
  editor = ra_window_edit_project (fx.window, p01->id);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  g_clear_pointer (&shown, g_free);
  shown = ra_project_editor_dup_field_text (editor, "plant_id");
  g_assert_cmpstr (shown, ==, plant_text);
  ra_project_editor_set_field_text (editor, "plant_id", "");
  g_assert_true (ra_project_editor_apply (editor));
  g_assert_cmpint (stored_plant (store, p01->id), ==, 0);
  gtk_window_destroy (GTK_WINDOW (editor));
  g_assert_true (wait_for (editor_gone, &editor, 5));
}

static gboolean
import_ready (gpointer dialog)
{
  return ra_import_dialog_is_ready (dialog);
}

/* A choice that looks like a column name (lower case, digits, "_"). */
static gboolean
looks_raw (const char *label)
{
  if (strchr (label, '_') != NULL)
    return TRUE;
  for (const char *p = label; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

/* Every target's choices are words, the mapping still hands the store its
 * column names, and water users' demand is offered by year. */
static void
test_import_labels (void)
{
  static const char * const tables[] = { "plants", "pipelines", "footprints", "counties",
                                         "built_up_areas", "water_users" };
  g_autofree char *path = g_build_filename (fx.tmpdir, "users.geojson", NULL);
  RaStore *store = ra_window_get_store (fx.window);
  RaImportDialog *dialog;
  g_autoptr(GPtrArray) demand = NULL;
  gint64 n_users = ra_store_count_rows (store, "water_users", NULL);
  gboolean saw_2030 = FALSE, saw_2041 = FALSE;

  g_assert_true (g_file_set_contents (path,
    "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":"
    "{\"name\":\"urn:ogc:def:crs:OGC:1.3:CRS84\"}},\"features\":["
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"测试用户\",\"use_category\":\"industry\","
    "\"demand_2030\":\"12\",\"需水量2041\":\"15\"},"
    "\"geometry\":{\"type\":\"Point\",\"coordinates\":[100.45,38.93]}}]}", -1, NULL));

  dialog = ra_import_dialog_new (GTK_WINDOW (fx.window), store, path);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (wait_for (import_ready, dialog, 20));
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_auto(GStrv) columns = NULL;
      g_auto(GStrv) labels = NULL;

      ra_import_dialog_set_target (dialog, tables[t]);
      labels = ra_import_dialog_dup_choices (dialog, &columns);
      g_assert_cmpuint (g_strv_length (labels), ==, g_strv_length (columns) + 1);
      g_assert_cmpuint (g_strv_length (columns), >=, 3);
      for (guint i = 0; labels[i] != NULL; i++)
        {
          g_test_message ("%s: %s -> %s", tables[t], labels[i], i > 0 ? columns[i - 1] : "-");
          g_assert_false (looks_raw (labels[i]));
          g_assert_false (g_strv_contains ((const char * const *) columns, labels[i]));
          if (i > 0 && g_str_equal (columns[i - 1], "demand_2030"))
            saw_2030 = g_str_equal (labels[i], "Demand 2030 (10⁴ m³/a)");
          if (i > 0 && g_str_equal (columns[i - 1], "demand_2041"))
            saw_2041 = TRUE;
        }
    }
  /* 2030 is a plan year; 2041 is offered because a field names it. */
  g_assert_true (saw_2030);
  g_assert_true (saw_2041);

  /* The target stays water users: the mapping by label imports by column. */
  ra_import_dialog_set_mapping (dialog, "需水量2041", "demand_2041");
  /* "(ignore)" ignores a field even when its name is a column's. */
  ra_import_dialog_set_mapping (dialog, "use_category", NULL);
  g_assert_true (ra_import_dialog_import (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpint (ra_store_count_rows (store, "water_users", NULL), ==, n_users + 1);
  demand = ra_store_list_user_demand (store, 2041, NULL);
  g_assert_cmpuint (demand->len, ==, 1);
  g_assert_cmpfloat (((RaUserDemandRecord *) demand->pdata[0])->volume, ==, 15);
  g_clear_pointer (&demand, g_ptr_array_unref);
  demand = ra_store_list_user_demand (store, 2030, NULL);
  g_assert_cmpuint (demand->len, >=, 1);
  {
    g_autoptr(GPtrArray) users = ra_store_list_water_users (store, NULL);
    gboolean found = FALSE;

    for (guint i = 0; i < users->len; i++)
      {
        const RaWaterUserRecord *u = g_ptr_array_index (users, i);

        if (g_strcmp0 (u->name, "测试用户") == 0)
          {
            found = TRUE;
            g_assert_null (u->use_category);
          }
      }
    g_assert_true (found);
  }
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  fx.tmpdir = ui_test_isolate_data_home ("ra-forms");
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();

  /* A start without arguments opens the Zhangye sample project. */
  fx.window = ui_test_start_app (&fx.app);
  ui_wait_project (fx.window);

  /* Edits go to a copy, so the sample itself stays as built. */
  fx.copy_path = g_build_filename (fx.tmpdir, "zhangye-copy.sqlite", NULL);
  g_assert_true (ra_store_save_copy (ra_window_get_store (fx.window), fx.copy_path, &error));
  g_assert_no_error (error);

  g_test_add_func ("/ui/forms/editor-plant", test_editor_plant);
  g_test_add_func ("/ui/forms/import-labels", test_import_labels);

  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (fx.window));
  g_clear_object (&fx.app);
  {
    g_autofree char *cmd = g_strdup_printf ("chmod -R u+w '%s' && rm -rf '%s'", fx.tmpdir,
                                            fx.tmpdir);
    if (system (cmd) != 0)
      g_test_message ("could not remove %s", fx.tmpdir);
  }
  g_free (fx.tmpdir);
  g_free (fx.copy_path);
  return status;
}
