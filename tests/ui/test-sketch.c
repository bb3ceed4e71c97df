/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <glib/gi18n.h>

#include "ui-test-util.h"
#include "ra-application.h"
#include "ra-attribute-form.h"
#include "ra-network-panel.h"
#include "ra-project-editor.h"
#include "ra-project-model.h"
#include "ra-sketch.h"
#include "ra-window.h"

/* The sketch tools driven through the real window on a copy of the Zhangye
 * sample, with synthetic pointer and key events fed to the map widget's
 * own handlers (ra_map_view_test_pointer/_key): a pipeline drawn between
 * two plants with snapping, a vertex inserted and one moved, undo and
 * redo; the stored geometry, its geodesic length (against PROJ's geod run
 * now) and the audit rows are checked.  Escape, Backspace and Ctrl too;
 * the drawn feature's attributes edited from its identify popover. */

#define OFFSET_PX 4.0   /* clicks land this far off the plants: snapping must fix it */

typedef struct {
  RaApplication *app;
  RaWindow      *window;
  RaMapView     *map_view;
  RaSketch      *sketch;
  char          *tmpdir;
  char          *copy_path;
  RaPlantRecord *plant_a;
  RaPlantRecord *plant_b;
  gint64         pipeline_id;
  char          *wkt_drawn;
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

/* Device pixels of a lon/lat (EPSG:4490) point. */
static void
lonlat_to_device (double lon, double lat, double *px, double *py)
{
  g_autoptr(RaCrs) ll = ra_crs_new_from_epsg (4490, NULL);
  g_autoptr(RaTransform) t = ra_transform_new (ll, ra_map_get_crs (ra_window_get_map (fx.window)),
                                               NULL);
  double x = lon, y = lat;

  g_assert_nonnull (t);
  g_assert_true (ra_transform_point (t, &x, &y));
  ra_view_to_device (ra_map_view_get_view (fx.map_view), x, y, px, py);
}

static void
map_to_device (double x, double y, double *px, double *py)
{
  ra_view_to_device (ra_map_view_get_view (fx.map_view), x, y, px, py);
}

/* Synthetic input ------------------------------------------------------------ */

static void
hover (double px, double py, GdkModifierType state)
{
  ra_map_view_test_pointer (fx.map_view, RA_MAP_POINTER_MOTION, px, py, 0, state);
}

static void
click (double px, double py, GdkModifierType state)
{
  hover (px, py, state);
  ra_map_view_test_pointer (fx.map_view, RA_MAP_POINTER_PRESS, px, py, GDK_BUTTON_PRIMARY, state);
  ra_map_view_test_pointer (fx.map_view, RA_MAP_POINTER_RELEASE, px, py, GDK_BUTTON_PRIMARY, state);
  spin (0.05);
}

static void
drag (double x0, double y0, double x1, double y1)
{
  hover (x0, y0, 0);
  ra_map_view_test_pointer (fx.map_view, RA_MAP_POINTER_PRESS, x0, y0, GDK_BUTTON_PRIMARY, 0);
  for (int i = 1; i <= 5; i++)
    ra_map_view_test_pointer (fx.map_view, RA_MAP_POINTER_MOTION,
                              x0 + (x1 - x0) * i / 5, y0 + (y1 - y0) * i / 5,
                              GDK_BUTTON_PRIMARY, GDK_BUTTON1_MASK);
  ra_map_view_test_pointer (fx.map_view, RA_MAP_POINTER_RELEASE, x1, y1, GDK_BUTTON_PRIMARY, 0);
  spin (0.05);
}

static void
key (guint keyval)
{
  ra_map_view_test_key (fx.map_view, keyval, 0);
}

static void
set_tool (const char *name)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.window), "sketch.tool", "s", name));
}

static RaAttributeForm *
find_form (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (RA_IS_ATTRIBUTE_FORM (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return RA_ATTRIBUTE_FORM (w);
    }
  return NULL;
}

/* Geometry ---------------------------------------------------------------- */

/* "x y" of the first or last coordinate of a WKT text. */
static char *
wkt_coord (const char *wkt, gboolean last)
{
  const char *start, *end;

  if (last)
    {
      end = wkt + strlen (wkt);
      while (end > wkt && (end[-1] == ')'))
        end--;
      start = end;
      while (start > wkt && start[-1] != ',' && start[-1] != '(')
        start--;
    }
  else
    {
      start = strrchr (wkt, '(') != NULL ? wkt : wkt;
      while (*start == ' ' || g_ascii_isalpha (*start) || *start == '(')
        start++;
      end = start;
      while (*end != '\0' && *end != ',' && *end != ')')
        end++;
    }
  while (*start == ' ')
    start++;
  return g_strndup (start, end - start);
}

/* The geodesic length of the stored pipeline according to PROJ's geod. */
static double
geod_length_m (gint64 id)
{
  g_autoptr(RaGeometry) geom = ra_store_get_geometry (store (), "pipelines", id, NULL);
  g_autoptr(GString) input = g_string_new (NULL);
  g_autofree char *cmd = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  int status = 0;
  double total = 0;

  g_assert_nonnull (geom);
  for (guint i = 0; i + 1 < geom->n_points; i++)
    g_string_append_printf (input, "%.15f %.15f %.15f %.15f\n",
                            geom->xy[2 * i + 1], geom->xy[2 * i],
                            geom->xy[2 * i + 3], geom->xy[2 * i + 2]);
  cmd = g_strdup_printf ("sh -c \"printf '%s' | geod -I +ellps=GRS80 -f %%.6f\"", input->str);
  g_assert_true (g_spawn_command_line_sync (cmd, &out, &err, &status, NULL));
  g_assert_cmpint (status, ==, 0);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);
      guint n = 0;
      double dist = 0;

      for (guint k = 0; fields[k] != NULL; k++)
        if (*fields[k] != '\0')
          {
            n++;
            dist = g_ascii_strtod (fields[k], NULL);
          }
      if (n == 3)
        total += dist;
    }
  return total;
}

static gboolean
pipelines_layer_has (gpointer data)
{
  RaLayer *layer = find_map_layer ("pipelines");

  return ui_project_idle (fx.window) && layer != NULL &&
         ra_layer_get_n_features (layer) == GPOINTER_TO_UINT (data);
}

/* The geodesic length of the sample's own pipelines (all but the drawn one). */
static double
sample_pipelines_m (void)
{
  static double total = -1;

  if (total < 0)
    {
      g_autoptr(GPtrArray) pipes = ra_store_list_pipelines (store (), NULL);

      total = 0;
      for (guint i = 0; i < pipes->len; i++)
        if (((RaPipelineRecord *) pipes->pdata[i])->id != fx.pipeline_id)
          total += geod_length_m (((RaPipelineRecord *) pipes->pdata[i])->id);
    }
  return total;
}

static gboolean
network_has_length (gpointer data)
{
  RaNetworkPanel *panel = ra_window_get_network_panel (fx.window);
  const RaNetworkReport *report = ra_network_panel_get_report (panel);

  return report != NULL &&
         fabs (report->total_length_m - sample_pipelines_m () - *(double *) data) < 1.0;
}

/* Tests ------------------------------------------------------------------------- */

static AdwComboRow *
find_combo_row (GtkWidget *widget, const char *title)
{
  if (ADW_IS_COMBO_ROW (widget)
      && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return ADW_COMBO_ROW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwComboRow *row = find_combo_row (child, title);

      if (row != NULL)
        return row;
    }
  return NULL;
}

static gboolean
shows_whole (GtkWidget *widget, const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget)
      && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return !pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (!GTK_IS_POPOVER (child) && shows_whole (child, text))
      return TRUE;
  return FALSE;
}

/* The chosen item of a form's drop-down shows whole, not cut to "张掖经济
 * 技术开发区中水…" (issue 17). */
static void
assert_choice_whole (GtkWidget *form, const char *title)
{
  AdwComboRow *row = find_combo_row (form, title);
  GObject *item;
  const char *text;

  g_assert_nonnull (row);
  item = adw_combo_row_get_selected_item (row);
  g_assert_true (GTK_IS_STRING_OBJECT (item));
  text = gtk_string_object_get_string (GTK_STRING_OBJECT (item));
  g_test_message ("%s: “%s”", title, text);
  if (!shows_whole (GTK_WIDGET (row), text))
    g_error ("the form's %s row does not show “%s” whole", title, text);
}

static void
test_draw_pipeline (void)
{
  g_autoptr(GPtrArray) projects = ra_store_list_projects (store (), NULL);
  RaProjectRecord *project = g_ptr_array_index (projects, 0);
  g_autofree char *project_text = g_strdup_printf ("%" G_GINT64_FORMAT, project->id);
  g_autofree char *wkt_a = ra_store_get_geometry_wkt (store (), "plants", fx.plant_a->id, NULL);
  g_autofree char *wkt_b = ra_store_get_geometry_wkt (store (), "plants", fx.plant_b->id, NULL);
  g_autofree char *coord_a = wkt_coord (wkt_a, FALSE);
  g_autofree char *coord_b = wkt_coord (wkt_b, FALSE);
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autoptr(RaGeometry) geom = NULL;
  g_autoptr(RaProjectModel) model = NULL;
  RaAttributeForm *form;
  double ax, ay, bx, by, sx, sy, mx, my, geod_m, project_m;
  double snap_x, snap_y;
  gint64 n_pipes = ra_store_count_rows (store (), "pipelines", NULL);

  set_tool ("line");
  g_assert_cmpint (ra_sketch_get_tool (fx.sketch), ==, RA_SKETCH_TOOL_LINE);
  lonlat_to_device (fx.plant_a->lon, fx.plant_a->lat, &ax, &ay);
  lonlat_to_device (fx.plant_b->lon, fx.plant_b->lat, &bx, &by);

  /* A few pixels off plant A: the cursor snaps to it, with a vertex marker. */
  hover (ax + OFFSET_PX, ay - OFFSET_PX + 1, 0);
  g_assert_cmpint (ra_sketch_get_snap (fx.sketch, &snap_x, &snap_y), ==, RA_SKETCH_SNAP_VERTEX);
  map_to_device (snap_x, snap_y, &sx, &sy);
  g_assert_cmpfloat_with_epsilon (sx, ax, 1e-6);
  g_assert_cmpfloat_with_epsilon (sy, ay, 1e-6);
  click (ax + OFFSET_PX, ay - OFFSET_PX + 1, 0);
  g_assert_cmpuint (ra_sketch_get_n_vertices (fx.sketch), ==, 1);

  /* Bend it off the straight line; the length shows next to the cursor. */
  mx = (ax + bx) / 2 + 60;
  my = (ay + by) / 2 - 50;
  hover (mx, my, 0);
  g_assert_cmpint (ra_sketch_get_snap (fx.sketch, NULL, NULL), ==, RA_SKETCH_SNAP_NONE);
  g_assert_nonnull (ra_sketch_get_measure_text (fx.sketch));
  g_assert_nonnull (strstr (ra_sketch_get_measure_text (fx.sketch), "km"));
  click (mx, my, 0);

  hover (bx - OFFSET_PX, by + OFFSET_PX, 0);
  g_assert_cmpint (ra_sketch_get_snap (fx.sketch, NULL, NULL), ==, RA_SKETCH_SNAP_VERTEX);
  if (g_getenv ("RA_SKETCH_PAUSE") != NULL)
    spin (g_ascii_strtod (g_getenv ("RA_SKETCH_PAUSE"), NULL));
  click (bx - OFFSET_PX, by + OFFSET_PX, 0);
  g_assert_cmpuint (ra_sketch_get_n_vertices (fx.sketch), ==, 3);

  /* Enter finishes: the attribute form opens; nothing is stored yet. */
  key (GDK_KEY_Return);
  g_assert_cmpuint (ra_sketch_get_n_vertices (fx.sketch), ==, 0);
  form = find_form ();
  g_assert_nonnull (form);
  g_assert_cmpstr (ra_attribute_form_get_table (form), ==, "pipelines");
  /* The line stays drawn while its form is open (issue 17). */
  g_assert_cmpuint (ra_sketch_get_n_pending (fx.sketch), ==, 3);
  g_assert_cmpint (ra_store_count_rows (store (), "pipelines", NULL), ==, n_pipes);
  g_assert_true (ra_attribute_form_set_field (form, "project_id", project_text));
  spin (0.3);
  assert_choice_whole (GTK_WIDGET (form), _("Project"));
  g_assert_true (ra_attribute_form_set_field (form, "dn_mm", "300"));
  g_assert_true (ra_attribute_form_set_field (form, "material", "球墨铸铁"));
  g_assert_true (ra_attribute_form_set_field (form, "status", "proposed"));
  fx.pipeline_id = ra_attribute_form_save (form, NULL);
  g_assert_cmpint (fx.pipeline_id, >, 0);
  spin (0.1);
  g_assert_cmpuint (ra_sketch_get_n_pending (fx.sketch), ==, 0);
  g_assert_cmpint (ra_store_count_rows (store (), "pipelines", NULL), ==, n_pipes + 1);

  /* The ends are the plants, to the last bit. */
  fx.wkt_drawn = ra_store_get_geometry_wkt (store (), "pipelines", fx.pipeline_id, NULL);
  first = wkt_coord (fx.wkt_drawn, FALSE);
  last = wkt_coord (fx.wkt_drawn, TRUE);
  g_assert_cmpstr (first, ==, coord_a);
  g_assert_cmpstr (last, ==, coord_b);
  geom = ra_store_get_geometry (store (), "pipelines", fx.pipeline_id, NULL);
  g_assert_cmpuint (geom->n_points, ==, 3);
  g_assert_cmpfloat (geom->xy[0], ==, fx.plant_a->lon);
  g_assert_cmpfloat (geom->xy[1], ==, fx.plant_a->lat);
  g_assert_cmpfloat (geom->xy[4], ==, fx.plant_b->lon);
  g_assert_cmpfloat (geom->xy[5], ==, fx.plant_b->lat);

  /* Its geodesic length, as geod measures it, reaches the project (the
   * inventory's model) and the network panel. */
  geod_m = geod_length_m (fx.pipeline_id);
  g_assert_cmpfloat (geod_m, >, 1000);
  /* The project's length counts the sample's schematic pipelines too. */
  project_m = geod_m;
  {
    g_autoptr(GPtrArray) pipes = ra_store_list_pipelines (store (), NULL);

    for (guint i = 0; i < pipes->len; i++)
      {
        const RaPipelineRecord *other = g_ptr_array_index (pipes, i);

        if (other->project_id == project->id && other->id != fx.pipeline_id)
          project_m += geod_length_m (other->id);
      }
  }
  model = ra_project_model_new (store ());
  {
    guint pos = ra_project_model_find (model, project->id);
    g_autoptr(RaProjectRow) row = g_list_model_get_item (G_LIST_MODEL (model), pos);

    g_assert_cmpuint (pos, !=, G_MAXUINT);
    g_assert_cmpfloat_with_epsilon (ra_project_row_get_record (row)->pipeline_km * 1000.0,
                                    project_m, 1.0);
  }
  /* ... and the project editor, where the drawn length is not typed. */
  {
    RaProjectEditor *editor = ra_project_editor_new (GTK_WINDOW (fx.window), store (), project->id);
    g_autofree char *text = ra_project_editor_dup_field_text (editor, "pipeline_km");

    g_assert_cmpfloat_with_epsilon (g_ascii_strtod (text, NULL) * 1000.0, project_m, 1.0);
    gtk_window_destroy (GTK_WINDOW (editor));
  }
  g_assert_true (wait_for (network_has_length, &geod_m, 30));
  {
    const RaNetworkReport *report =
      ra_network_panel_get_report (ra_window_get_network_panel (fx.window));
    const RaNetworkProject *p = ra_network_report_find_project (report, project->id);

    g_assert_nonnull (p);
    g_assert_cmpfloat_with_epsilon (p->length_m, project_m, 1.0);
    /* DN300 has a (default) unit cost: the pipeline is priced. */
    g_assert_false (isnan (p->cost_wan));
    g_assert_cmpfloat (p->cost_wan, >, 0);
  }

  /* The project's layers reload with the new pipeline. */
  g_assert_true (wait_for (pipelines_layer_has, GUINT_TO_POINTER (n_pipes + 1), 30));
}

static RaPipelineRecord *
find_pipeline (GPtrArray *pipes, gint64 id)
{
  for (guint i = 0; pipes != NULL && i < pipes->len; i++)
    if (((RaPipelineRecord *) g_ptr_array_index (pipes, i))->id == id)
      return g_ptr_array_index (pipes, i);
  return NULL;
}

/* The drawn pipeline's attributes changed later: identify it on the map,
 * "Edit Attributes…" in the popover, change the name and status, save
 * (one undo step); a layer that is not the project's drawn features offers
 * no such form. */
static void
test_edit_attributes (void)
{
  RaLayer *layer = find_map_layer ("pipelines");
  g_autoptr(RaLayerData) data = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) undone = NULL;
  RaPipelineRecord *rec;
  RaAttributeForm *form;
  double px, py;
  int feature = -1;

  g_assert_nonnull (layer);
  data = ra_layer_dup_data (layer);
  for (guint i = 0; i < data->n_features; i++)
    if (data->attrs->fids[i] == fx.pipeline_id)
      feature = (int) i;
  g_assert_cmpint (feature, >=, 0);
  before = ra_store_list_pipelines (store (), NULL);
  rec = find_pipeline (before, fx.pipeline_id);
  g_assert_nonnull (rec);
  g_assert_cmpstr (rec->status, ==, "proposed");

  /* Identify at the drawn bend: the popover offers to edit it. */
  set_tool ("select");
  {
    g_auto(RaCoordScratch) scratch = RA_COORD_SCRATCH_INIT;
    const double *xy = ra_geometry_coords (data->geoms[feature], &scratch);

    map_to_device (xy[2], xy[3], &px, &py);
  }
  g_assert_true (ra_map_view_identify_at (fx.map_view, px, py));
  g_assert_true (ra_map_view_get_selected_layer (fx.map_view) == layer);
  g_assert_true (ra_map_view_is_popover_editable (fx.map_view));
  if (g_getenv ("RA_SKETCH_PAUSE") != NULL)
    spin (g_ascii_strtod (g_getenv ("RA_SKETCH_PAUSE"), NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.window), "win.edit-feature", NULL));
  form = find_form ();
  if (g_getenv ("RA_SKETCH_PAUSE") != NULL)
    spin (g_ascii_strtod (g_getenv ("RA_SKETCH_PAUSE"), NULL));
  g_assert_nonnull (form);
  g_assert_cmpstr (ra_attribute_form_get_table (form), ==, "pipelines");
  g_assert_true (ra_attribute_form_set_field (form, "name", "东干渠改线"));
  g_assert_true (ra_attribute_form_set_field (form, "status", "under_construction"));
  g_assert_cmpint (ra_attribute_form_save (form, NULL), ==, fx.pipeline_id);

  after = ra_store_list_pipelines (store (), NULL);
  rec = find_pipeline (after, fx.pipeline_id);
  g_assert_cmpstr (rec->name, ==, "东干渠改线");
  g_assert_cmpstr (rec->status, ==, "under_construction");
  /* The fields not touched keep their values (the form started from them). */
  g_assert_cmpfloat (rec->dn_mm, ==, 300);
  g_assert_cmpstr (rec->material, ==, "球墨铸铁");
  g_assert_cmpint (rec->project_id, ==, find_pipeline (before, fx.pipeline_id)->project_id);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.window), "win.undo", NULL));
  undone = ra_store_list_pipelines (store (), NULL);
  rec = find_pipeline (undone, fx.pipeline_id);
  g_assert_cmpstr (rec->status, ==, "proposed");
  g_assert_cmpstr (rec->name, ==, find_pipeline (before, fx.pipeline_id)->name);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.window), "win.redo", NULL));

  /* The counties are the project's, but not drawn features: no form. */
  g_assert_nonnull (find_map_layer ("counties"));
  g_assert_null (ra_window_edit_feature (fx.window, find_map_layer ("counties"), 0));
  ra_map_view_clear_selection (fx.map_view);
  g_assert_true (wait_for (pipelines_layer_has,
                           GUINT_TO_POINTER (ra_store_count_rows (store (), "pipelines", NULL)), 30));
}

static GtkWidget *
find_button (GtkWidget *widget, const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The popover's own button: "Edit Attributes…" clicked opens the form of
 * the feature identified (the map view asks with ::edit-requested). */
static void
test_edit_attributes_popover (void)
{
  RaLayer *layer = find_map_layer ("pipelines");
  g_autoptr(RaLayerData) data = NULL;
  RaAttributeForm *form;
  GtkWidget *button;
  double px, py;
  int feature = -1;

  g_assert_nonnull (layer);
  data = ra_layer_dup_data (layer);
  for (guint i = 0; i < data->n_features; i++)
    if (data->attrs->fids[i] == fx.pipeline_id)
      feature = (int) i;
  g_assert_cmpint (feature, >=, 0);
  g_assert_null (find_form ());

  set_tool ("select");
  {
    g_auto(RaCoordScratch) scratch = RA_COORD_SCRATCH_INIT;
    const double *xy = ra_geometry_coords (data->geoms[feature], &scratch);

    map_to_device (xy[2], xy[3], &px, &py);
  }
  g_assert_true (ra_map_view_identify_at (fx.map_view, px, py));
  g_assert_true (ra_map_view_is_popover_editable (fx.map_view));
  button = find_button (GTK_WIDGET (fx.map_view), "_Edit Attributes…");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
  g_signal_emit_by_name (button, "clicked");
  form = find_form ();
  g_assert_nonnull (form);
  g_assert_cmpstr (ra_attribute_form_get_table (form), ==, "pipelines");
  gtk_window_destroy (GTK_WINDOW (form));
  ra_map_view_clear_selection (fx.map_view);
}

static void
test_edit_vertices_undo_redo (void)
{
  g_autofree char *wkt_inserted = NULL;
  g_autofree char *wkt_moved = NULL;
  g_autofree char *wkt = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(RaGeometry) geom = NULL;
  double x, y, p0x, p0y, p1x, p1y, vx, vy, geod_m;
  static const char * const expected[] = {
    "insert", "geometry", "geometry", "undo", "undo", "redo", "redo"
  };

  g_assert_cmpint (fx.pipeline_id, >, 0);
  set_tool ("vertices");

  /* Pick the pipeline by its bend. */
  g_assert_true (ra_sketch_get_vertex (fx.sketch, 0, &x, &y) == FALSE);
  {
    g_autoptr(RaGeometry) g = ra_store_get_geometry (store (), "pipelines", fx.pipeline_id, NULL);
    lonlat_to_device (g->xy[2], g->xy[3], &vx, &vy);
  }
  click (vx, vy, 0);
  g_assert_cmpstr (ra_sketch_get_edit_table (fx.sketch), ==, "pipelines");
  g_assert_cmpint (ra_sketch_get_edit_id (fx.sketch), ==, fx.pipeline_id);
  g_assert_cmpuint (ra_sketch_get_edit_n_vertices (fx.sketch), ==, 3);

  /* Drag the midpoint of the first segment: a vertex is inserted there. */
  g_assert_true (ra_sketch_get_edit_vertex (fx.sketch, 0, &x, &y));
  map_to_device (x, y, &p0x, &p0y);
  g_assert_true (ra_sketch_get_edit_vertex (fx.sketch, 1, &x, &y));
  map_to_device (x, y, &p1x, &p1y);
  drag ((p0x + p1x) / 2, (p0y + p1y) / 2, (p0x + p1x) / 2 - 30, (p0y + p1y) / 2 + 25);
  geom = ra_store_get_geometry (store (), "pipelines", fx.pipeline_id, NULL);
  g_assert_cmpuint (geom->n_points, ==, 4);
  g_assert_cmpfloat (geom->xy[0], ==, fx.plant_a->lon);
  g_assert_cmpfloat (geom->xy[7], ==, fx.plant_b->lat);
  g_clear_pointer (&geom, ra_geometry_free);
  wkt_inserted = ra_store_get_geometry_wkt (store (), "pipelines", fx.pipeline_id, NULL);
  g_assert_cmpstr (wkt_inserted, !=, fx.wkt_drawn);
  g_assert_cmpuint (ra_sketch_get_edit_n_vertices (fx.sketch), ==, 4);

  /* Move the bend (now vertex 2). */
  g_assert_true (ra_sketch_get_edit_vertex (fx.sketch, 2, &x, &y));
  map_to_device (x, y, &vx, &vy);
  drag (vx, vy, vx + 35, vy + 15);
  wkt_moved = ra_store_get_geometry_wkt (store (), "pipelines", fx.pipeline_id, NULL);
  g_assert_cmpstr (wkt_moved, !=, wkt_inserted);
  geom = ra_store_get_geometry (store (), "pipelines", fx.pipeline_id, NULL);
  g_assert_cmpuint (geom->n_points, ==, 4);
  g_assert_cmpfloat (geom->xy[0], ==, fx.plant_a->lon);
  g_assert_cmpfloat (geom->xy[6], ==, fx.plant_b->lon);
  g_clear_pointer (&geom, ra_geometry_free);

  /* Undo twice: back to the line as drawn; redo twice: as edited.  The
   * vertex tool follows what is stored. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.window), "win.undo", NULL));
  wkt = ra_store_get_geometry_wkt (store (), "pipelines", fx.pipeline_id, NULL);
  g_assert_cmpstr (wkt, ==, wkt_inserted);
  g_clear_pointer (&wkt, g_free);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.window), "win.undo", NULL));
  wkt = ra_store_get_geometry_wkt (store (), "pipelines", fx.pipeline_id, NULL);
  g_assert_cmpstr (wkt, ==, fx.wkt_drawn);
  g_clear_pointer (&wkt, g_free);
  g_assert_cmpuint (ra_sketch_get_edit_n_vertices (fx.sketch), ==, 3);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.window), "win.redo", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.window), "win.redo", NULL));
  wkt = ra_store_get_geometry_wkt (store (), "pipelines", fx.pipeline_id, NULL);
  g_assert_cmpstr (wkt, ==, wkt_moved);
  g_assert_cmpuint (ra_sketch_get_edit_n_vertices (fx.sketch), ==, 4);

  /* Every step is in the audit log. */
  audit = ra_store_list_audit (store (), "pipelines", fx.pipeline_id, NULL);
  g_assert_nonnull (audit);
  g_assert_cmpuint (audit->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < audit->len; i++)
    g_assert_cmpstr (((RaAuditRecord *) audit->pdata[i])->action, ==, expected[i]);

  /* The length the project and panel show follows the edits. */
  geod_m = geod_length_m (fx.pipeline_id);
  g_assert_true (wait_for (network_has_length, &geod_m, 30));

  key (GDK_KEY_Escape);
  g_assert_null (ra_sketch_get_edit_table (fx.sketch));
}

static void
test_escape_backspace_ctrl (void)
{
  gint64 n_pipes = ra_store_count_rows (store (), "pipelines", NULL);
  double ax, ay, x, y, sx, sy;
  const RaView *view;

  set_tool ("line");
  view = ra_map_view_get_view (fx.map_view);
  lonlat_to_device (fx.plant_a->lon, fx.plant_a->lat, &ax, &ay);

  /* Escape drops the line being drawn. */
  click (view->width * 0.2, view->height * 0.8, 0);
  click (view->width * 0.3, view->height * 0.85, 0);
  g_assert_cmpuint (ra_sketch_get_n_vertices (fx.sketch), ==, 2);
  g_assert_true (ra_map_view_test_key (fx.map_view, GDK_KEY_Escape, 0));
  g_assert_cmpuint (ra_sketch_get_n_vertices (fx.sketch), ==, 0);
  g_assert_null (find_form ());

  /* Backspace takes back the last vertex. */
  click (view->width * 0.2, view->height * 0.8, 0);
  click (view->width * 0.3, view->height * 0.85, 0);
  click (view->width * 0.4, view->height * 0.8, 0);
  key (GDK_KEY_BackSpace);
  g_assert_cmpuint (ra_sketch_get_n_vertices (fx.sketch), ==, 2);
  g_assert_true (ra_sketch_get_vertex (fx.sketch, 1, &x, &y));
  map_to_device (x, y, &sx, &sy);
  g_assert_cmpfloat_with_epsilon (sx, view->width * 0.3, 1e-6);
  key (GDK_KEY_Escape);

  /* Ctrl turns snapping off: the vertex stays where the click was. */
  hover (ax + OFFSET_PX, ay + OFFSET_PX, GDK_CONTROL_MASK);
  g_assert_cmpint (ra_sketch_get_snap (fx.sketch, NULL, NULL), ==, RA_SKETCH_SNAP_NONE);
  click (ax + OFFSET_PX, ay + OFFSET_PX, GDK_CONTROL_MASK);
  g_assert_true (ra_sketch_get_vertex (fx.sketch, 0, &x, &y));
  map_to_device (x, y, &sx, &sy);
  g_assert_cmpfloat_with_epsilon (sx, ax + OFFSET_PX, 1e-6);
  g_assert_cmpfloat_with_epsilon (sy, ay + OFFSET_PX, 1e-6);
  /* Without it, the same place snaps to the plant. */
  hover (ax + OFFSET_PX, ay + OFFSET_PX, 0);
  g_assert_cmpint (ra_sketch_get_snap (fx.sketch, NULL, NULL), ==, RA_SKETCH_SNAP_VERTEX);
  key (GDK_KEY_Escape);
  g_assert_cmpuint (ra_sketch_get_n_vertices (fx.sketch), ==, 0);

  /* Nothing was stored; the select tool identifies again. */
  g_assert_cmpint (ra_store_count_rows (store (), "pipelines", NULL), ==, n_pipes);
  set_tool ("select");
  g_assert_cmpint (ra_sketch_get_tool (fx.sketch), ==, RA_SKETCH_TOOL_SELECT);
}

/* A click on a plant where a pipeline ends picks the plant: points before
 * lines at the same place, whatever the layer order (issue 17). */
static void
test_pick_plant_over_pipeline (void)
{
  double px, py;

  RaMap *map = ra_window_get_map (fx.window);
  g_autoptr(GPtrArray) hidden = g_ptr_array_new ();
  int pipelines = -1;

  g_assert_cmpint (fx.pipeline_id, >, 0);
  set_tool ("select");
  /* Only the two layers in play, the pipelines on top. */
  for (guint i = 0; i < ra_map_get_n_layers (map); i++)
    {
      RaLayer *layer = ra_map_get_layer (map, i);
      const char *table = ra_layer_get_source_layer_name (layer);

      if (g_strcmp0 (table, "pipelines") == 0)
        pipelines = (int) i;
      else if (g_strcmp0 (table, "plants") != 0 && ra_layer_get_visible (layer))
        {
          ra_layer_set_visible (layer, FALSE);
          g_ptr_array_add (hidden, layer);
        }
    }
  g_assert_cmpint (pipelines, >=, 0);
  ra_map_move_layer (map, (guint) pipelines, 0);
  ra_layer_set_visible (find_map_layer ("plants"), TRUE);
  spin (0.2);

  lonlat_to_device (fx.plant_a->lon, fx.plant_a->lat, &px, &py);
  g_assert_true (ra_map_view_identify_at (fx.map_view, px + 1, py));
  g_assert_nonnull (ra_map_view_get_selected_layer (fx.map_view));
  g_assert_cmpstr (ra_layer_get_source_layer_name (ra_map_view_get_selected_layer (fx.map_view)),
                   ==, "plants");
  for (guint i = 0; i < hidden->len; i++)
    ra_layer_set_visible (g_ptr_array_index (hidden, i), TRUE);
  ra_map_view_clear_selection (fx.map_view);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) plants = NULL;
  int status;

  fx.tmpdir = ui_test_isolate_data_home ("ra-sketch");
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();

  fx.window = ui_test_start_app (&fx.app);
  fx.map_view = ra_window_get_map_view (fx.window);
  fx.sketch = ra_window_get_sketch (fx.window);
  gtk_window_set_default_size (GTK_WINDOW (fx.window), 1200, 800);
  wait_loaded ();

  /* Edits go to a copy. */
  fx.copy_path = g_build_filename (fx.tmpdir, "zhangye-sketch.sqlite", NULL);
  g_assert_true (ra_store_save_copy (store (), fx.copy_path, &error));
  g_assert_no_error (error);
  g_assert_true (ra_window_open_project (fx.window, fx.copy_path));
  wait_loaded ();

  /* Two plants (Ganzhou and Gaotai county seats) framed with room to spare. */
  plants = ra_store_list_plants (store (), NULL, NULL);
  g_assert_cmpuint (plants->len, >=, 3);
  fx.plant_a = plants->pdata[0];
  fx.plant_b = plants->pdata[2];
  {
    g_autoptr(RaCrs) ll = ra_crs_new_from_epsg (4490, NULL);
    g_autoptr(RaTransform) t = ra_transform_new (ll, ra_map_get_crs (ra_window_get_map (fx.window)),
                                                 NULL);
    RaBBox bbox = RA_BBOX_EMPTY;
    double pts[4] = { fx.plant_a->lon, fx.plant_a->lat, fx.plant_b->lon, fx.plant_b->lat };

    ra_transform_points (t, pts, 2);
    ra_bbox_add_point (&bbox, pts[0], pts[1]);
    ra_bbox_add_point (&bbox, pts[2], pts[3]);
    ra_map_view_zoom_to_bbox (fx.map_view, &bbox);
    spin (0.3);
  }

  g_test_add_func ("/ui/sketch/draw-pipeline", test_draw_pipeline);
  g_test_add_func ("/ui/sketch/pick-plant-over-pipeline", test_pick_plant_over_pipeline);
  g_test_add_func ("/ui/sketch/edit-vertices-undo-redo", test_edit_vertices_undo_redo);
  g_test_add_func ("/ui/sketch/escape-backspace-ctrl", test_escape_backspace_ctrl);
  /* Last: it adds to the pipeline's audit trail the tests above count. */
  g_test_add_func ("/ui/sketch/edit-attributes", test_edit_attributes);
  g_test_add_func ("/ui/sketch/edit-attributes-popover", test_edit_attributes_popover);

  status = g_test_run ();

  g_free (fx.wkt_drawn);
  gtk_window_destroy (GTK_WINDOW (fx.window));
  g_clear_object (&fx.app);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", fx.tmpdir);
    if (system (cmd) != 0)
      g_test_message ("could not remove %s", fx.tmpdir);
  }
  g_free (fx.tmpdir);
  g_free (fx.copy_path);
  return status;
}
