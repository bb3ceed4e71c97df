/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ra-attribute-form.h"
#include "ra-network-panel.h"
#include "ra-project-settings.h"
#include "ra-sketch.h"
#include "ra-window-private.h"

/* The window's sketch tools (a floating toolbar over the map, "sketch.*"
 * actions and shortcuts), the attribute form of a finished feature, the
 * network panel in the sidebar with its map overlays, and the project
 * settings.  The tools themselves are RaSketch; this file wires them to the
 * open project. */

#define NETWORK_DELAY_MS 300

struct _RaWindowSketch
{
  /* owned */
  RaSketch           *sketch;
  GSimpleActionGroup *actions;
  GtkWidget          *toolbar;
  GMenuModel         *context_menu;
  RaNetworkPanel     *panel;
  GtkWindow          *network_window;   /* shows panel; hidden on close */
  RaStore            *store;            /* the store the tools were given */
  GCancellable       *network_cancellable;
  guint               network_source;
  RaLayer            *uncovered_layer;
  RaLayer            *farthest_layer;
};

static const struct {
  const char   *name;
  RaSketchTool  tool;
  const char   *option;   /* point kind or polygon table */
} tools[] = {
  { "select", RA_SKETCH_TOOL_SELECT, NULL },
  { "point:reclaimed_plant", RA_SKETCH_TOOL_POINT, "reclaimed_plant" },
  { "point:intake", RA_SKETCH_TOOL_POINT, "intake" },
  { "point:storage", RA_SKETCH_TOOL_POINT, "storage" },
  { "line", RA_SKETCH_TOOL_LINE, NULL },
  { "polygon:footprints", RA_SKETCH_TOOL_POLYGON, "footprints" },
  { "polygon:built_up_areas", RA_SKETCH_TOOL_POLYGON, "built_up_areas" },
  { "vertices", RA_SKETCH_TOOL_VERTICES, NULL },
  { "move", RA_SKETCH_TOOL_MOVE, NULL },
  { "delete", RA_SKETCH_TOOL_DELETE, NULL },
};

/* Overlays ------------------------------------------------------------------ */

static void
remove_overlay (RaWindow *self, RaLayer **layer)
{
  int pos;

  if (*layer == NULL)
    return;
  if ((pos = ra_map_find_layer (self->map, *layer)) >= 0)
    ra_map_remove_layer (self->map, pos);
  g_clear_object (layer);
}

static RaLayer *
new_farthest_layer (const RaNetworkReport *report)
{
  static const char * const names[] = { "area_id", "name", "distance_km" };
  static const RaFieldType types[] = { RA_FIELD_INTEGER, RA_FIELD_STRING, RA_FIELD_REAL };
  g_autoptr(RaCrs) crs = ra_crs_new_from_epsg (RA_STORE_SRID, NULL);
  RaLayer *layer = ra_layer_new (_("Farthest from an intake"), RA_GEOM_POINT, crs);

  ra_layer_set_fields (layer, G_N_ELEMENTS (names), names, types);
  for (guint i = 0; i < report->areas->len; i++)
    {
      const RaNetworkArea *a = g_ptr_array_index (report->areas, i);
      RaGeometry *geom;
      char **values;

      if (isnan (a->farthest_lon) || isnan (a->farthest_lat))
        continue;
      geom = ra_geometry_new (RA_GEOM_POINT, 1, 1);
      geom->xy[0] = a->farthest_lon;
      geom->xy[1] = a->farthest_lat;
      ra_geometry_update_bbox (geom);
      values = g_new0 (char *, G_N_ELEMENTS (names) + 1);
      values[0] = g_strdup_printf ("%" G_GINT64_FORMAT, a->area_id);
      values[1] = g_strdup (a->name);
      values[2] = g_strdup_printf ("%.3f", a->max_uncovered_distance_m / 1000.0);
      ra_layer_add_feature (layer, a->area_id, geom, values);
    }
  return layer;
}

static void
add_overlay (RaWindow *self, RaLayer *layer, const RaColor *fill, const RaColor *stroke)
{
  g_autoptr(RaStyle) style = ra_style_copy (ra_layer_get_style (layer));
  g_autoptr(GError) error = NULL;

  style->fill = *fill;
  style->stroke = *stroke;
  style->stroke_width_px = 1.5;
  style->marker_size_px = 12;
  ra_layer_set_style (layer, style);
  if (!ra_map_add_layer (self->map, layer, &error))
    ra_window_show_message (self, error->message);
}

static void
update_overlays (RaWindow *self)
{
  struct _RaWindowSketch *sk = self->sketch;
  const RaNetworkReport *report = ra_network_panel_get_report (sk->panel);

  remove_overlay (self, &sk->uncovered_layer);
  remove_overlay (self, &sk->farthest_layer);
  if (report == NULL)
    return;
  if (ra_network_panel_get_show_uncovered (sk->panel))
    {
      sk->uncovered_layer = ra_network_report_new_uncovered_layer (report);
      ra_layer_set_name (sk->uncovered_layer, _("Uncovered zones"));
      add_overlay (self, sk->uncovered_layer, &(RaColor) { 0.9, 0.2, 0.2, 0.3 },
                   &(RaColor) { 0.75, 0.1, 0.1, 0.9 });
    }
  if (ra_network_panel_get_show_farthest (sk->panel))
    {
      sk->farthest_layer = new_farthest_layer (report);
      add_overlay (self, sk->farthest_layer, &(RaColor) { 0.95, 0.45, 0.05, 1 },
                   &(RaColor) { 1, 1, 1, 1 });
    }
}

/* Network report ------------------------------------------------------------ */

static void
network_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RaWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  RaNetworkReport *report;

  report = ra_network_analyze_finish (RA_STORE (object), result, &error);
  if (self->sketch == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_pointer (&report, ra_network_report_free);
      return;
    }
  g_clear_object (&self->sketch->network_cancellable);
  ra_network_panel_set_busy (self->sketch->panel, FALSE);
  if (report == NULL)
    {
      g_warning ("Network checks failed: %s", error->message);
      return;
    }
  if (RA_STORE (object) != self->store)
    {
      ra_network_report_free (report);
      return;
    }
  ra_network_panel_set_report (self->sketch->panel, report);
  update_overlays (self);
}

static gboolean
network_timeout_cb (gpointer user_data)
{
  RaWindow *self = user_data;
  struct _RaWindowSketch *sk = self->sketch;

  sk->network_source = 0;
  if (sk->network_cancellable != NULL)
    g_cancellable_cancel (sk->network_cancellable);
  g_clear_object (&sk->network_cancellable);
  if (self->store == NULL)
    {
      ra_network_panel_set_report (sk->panel, NULL);
      update_overlays (self);
      return G_SOURCE_REMOVE;
    }
  sk->network_cancellable = g_cancellable_new ();
  ra_network_panel_set_busy (sk->panel, TRUE);
  ra_network_analyze_async (self->store, self->year, sk->network_cancellable, network_done_cb,
                            g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
schedule_network (RaWindow *self)
{
  struct _RaWindowSketch *sk = self->sketch;

  g_clear_handle_id (&sk->network_source, g_source_remove);
  sk->network_source = g_timeout_add (NETWORK_DELAY_MS, network_timeout_cb, self);
}

/* The project ------------------------------------------------------------------ */

static void
store_changed_cb (RaStore *store, const char *table, gint64 row_id, RaWindow *self)
{
  static const char * const network_tables[] = {
    "pipelines", "plants", "built_up_areas", "projects", "pipe_unit_costs", "plan_metrics", NULL
  };

  if (table == NULL || g_strv_contains (network_tables, table))
    schedule_network (self);
}

/* The project's own layers are what the tools snap to and edit. */
static void
map_changed_cb (RaWindow *self)
{
  struct _RaWindowSketch *sk = self->sketch;
  g_autoptr(GPtrArray) layers = g_ptr_array_new ();
  guint n = ra_map_get_n_layers (self->map);

  for (guint i = 0; self->store != NULL && i < n; i++)
    {
      RaLayer *layer = ra_map_get_layer (self->map, i);

      if (g_strcmp0 (ra_layer_get_source_path (layer), ra_store_get_path (self->store)) == 0)
        g_ptr_array_add (layers, layer);
    }
  ra_sketch_set_layers (sk->sketch, layers);
}

static void
store_set_cb (RaWindow *self)
{
  struct _RaWindowSketch *sk = self->sketch;

  if (sk->store == self->store)
    return;
  if (sk->store != NULL)
    g_signal_handlers_disconnect_by_func (sk->store, store_changed_cb, self);
  g_set_object (&sk->store, self->store);
  if (sk->store != NULL)
    g_signal_connect_object (sk->store, "changed", G_CALLBACK (store_changed_cb), self, 0);
  /* The map was emptied for the new project: the overlays went with it. */
  g_clear_object (&sk->uncovered_layer);
  g_clear_object (&sk->farthest_layer);
  ra_sketch_set_store (sk->sketch, self->store);
  map_changed_cb (self);
  schedule_network (self);
}

/* Sketch signals ----------------------------------------------------------- */

static void
form_saved_cb (RaAttributeForm *form, const char *table, gint64 id, RaWindow *self)
{
  if (g_str_equal (table, "pipelines"))
    ra_window_show_message (self, _("Pipeline saved; its length counts for the project"));
  else
    ra_window_show_message (self, _("Feature saved"));
}

static void
sketch_finished_cb (RaSketch *sketch, const char *table, const char *wkt, const char *kind,
                    double measure, RaWindow *self)
{
  RaAttributeForm *form;
  gint64 project_id;

  if (self->store == NULL || ra_store_is_read_only (self->store))
    {
      ra_window_show_message (self, _("Open a writable project to add features"));
      return;
    }
  form = ra_attribute_form_new (GTK_WINDOW (self), self->store, table, wkt, kind, measure);
  project_id = ra_inventory_view_get_selected_project (self->inventory_view);
  if (project_id > 0)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, project_id);
      ra_attribute_form_set_field (form, "project_id", text);
    }
  g_signal_connect_object (form, "saved", G_CALLBACK (form_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (form));
}

static void
sketch_message_cb (RaSketch *sketch, const char *text, RaWindow *self)
{
  ra_window_show_message (self, text);
}

static void
sketch_context_menu_cb (RaSketch *sketch, double px, double py, RaWindow *self)
{
  ra_map_view_popup_menu (self->map_view, self->sketch->context_menu, px, py);
}

static void
update_actions (RaWindow *self)
{
  struct _RaWindowSketch *sk = self->sketch;
  gboolean drawing = ra_sketch_get_n_vertices (sk->sketch) > 0;
  static const char * const names[] = { "finish", "undo-vertex", "cancel" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (sk->actions),
                                                                               names[i])),
                                 drawing);
}

/* Actions ------------------------------------------------------------------- */

/* What is drawn on, snapped to and edited must be seen: the plan map hides
 * the plants, for one. */
static void
show_editable_layers (RaWindow *self)
{
  static const char * const tables[] = { "plants", "pipelines", "footprints", "built_up_areas", NULL };
  guint n = ra_map_get_n_layers (self->map);

  for (guint i = 0; self->store != NULL && i < n; i++)
    {
      RaLayer *layer = ra_map_get_layer (self->map, i);

      if (g_strcmp0 (ra_layer_get_source_path (layer), ra_store_get_path (self->store)) == 0 &&
          ra_layer_get_source_layer_name (layer) != NULL &&
          g_strv_contains (tables, ra_layer_get_source_layer_name (layer)) &&
          !ra_layer_get_visible (layer))
        ra_layer_set_visible (layer, TRUE);
    }
}

static void
tool_change_state (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  RaWindow *self = user_data;
  struct _RaWindowSketch *sk = self->sketch;
  const char *name = g_variant_get_string (value, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    if (g_str_equal (tools[i].name, name))
      {
        if (tools[i].tool == RA_SKETCH_TOOL_POINT)
          ra_sketch_set_point_kind (sk->sketch, tools[i].option);
        else if (tools[i].tool == RA_SKETCH_TOOL_POLYGON)
          ra_sketch_set_polygon_table (sk->sketch, tools[i].option);
        /* Switching between two polygon targets restarts the drawing. */
        ra_sketch_set_tool (sk->sketch, RA_SKETCH_TOOL_SELECT);
        ra_sketch_set_tool (sk->sketch, tools[i].tool);
        if (tools[i].tool != RA_SKETCH_TOOL_SELECT)
          show_editable_layers (self);
        g_simple_action_set_state (action, value);
        if (tools[i].tool != RA_SKETCH_TOOL_SELECT)
          gtk_widget_grab_focus (GTK_WIDGET (self->map_view));
        return;
      }
}

static void
finish_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  RaWindow *self = user_data;
  ra_sketch_finish (self->sketch->sketch);
}

static void
undo_vertex_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  RaWindow *self = user_data;
  ra_sketch_undo_vertex (self->sketch->sketch);
}

static void
cancel_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  RaWindow *self = user_data;
  ra_sketch_cancel (self->sketch->sketch);
}

static void
show_network_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaWindow *self = RA_WINDOW (widget);

  gtk_window_present (self->sketch->network_window);
}

static void
project_settings_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaWindow *self = RA_WINDOW (widget);

  if (self->store == NULL)
    {
      ra_window_show_message (self, _("Open a project first"));
      return;
    }
  gtk_window_present (GTK_WINDOW (ra_project_settings_new (GTK_WINDOW (self), self->store)));
}

static void
network_settings_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  gtk_widget_activate_action (GTK_WIDGET (user_data), "win.project-settings", NULL);
}

/* Setup ---------------------------------------------------------------------- */

RaSketch *
ra_window_get_sketch (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return self->sketch != NULL ? self->sketch->sketch : NULL;
}

RaNetworkPanel *
ra_window_get_network_panel (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return self->sketch != NULL ? self->sketch->panel : NULL;
}

void
_ra_window_sketch_class_init (GtkWidgetClass *widget_class)
{
  static const struct { guint key; const char *tool; } keys[] = {
    { GDK_KEY_v, "select" }, { GDK_KEY_p, "point:reclaimed_plant" }, { GDK_KEY_l, "line" },
    { GDK_KEY_g, "polygon:footprints" }, { GDK_KEY_e, "vertices" }, { GDK_KEY_m, "move" },
    { GDK_KEY_x, "delete" },
  };

  g_type_ensure (RA_TYPE_NETWORK_PANEL);
  gtk_widget_class_install_action (widget_class, "win.show-network", NULL, show_network_action);
  gtk_widget_class_install_action (widget_class, "win.project-settings", NULL,
                                   project_settings_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.show-network", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_widget_class_add_binding_action (widget_class, keys[i].key, 0, "sketch.tool", "s",
                                         keys[i].tool);
}

void
_ra_window_sketch_init (RaWindow *self)
{
  static const GActionEntry entries[] = {
    { "tool", NULL, "s", "'select'", tool_change_state, { 0 } },
    { "finish", finish_activated, NULL, NULL, NULL, { 0 } },
    { "undo-vertex", undo_vertex_activated, NULL, NULL, NULL, { 0 } },
    { "cancel", cancel_activated, NULL, NULL, NULL, { 0 } },
  };
  g_autoptr(GtkBuilder) builder = NULL;
  struct _RaWindowSketch *sk = g_new0 (struct _RaWindowSketch, 1);

  self->sketch = sk;
  sk->sketch = ra_sketch_new (self->map_view);
  g_signal_connect_object (sk->sketch, "finished", G_CALLBACK (sketch_finished_cb), self, 0);
  g_signal_connect_object (sk->sketch, "message", G_CALLBACK (sketch_message_cb), self, 0);
  g_signal_connect_object (sk->sketch, "context-menu", G_CALLBACK (sketch_context_menu_cb),
                           self, 0);
  g_signal_connect_object (sk->sketch, "changed", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);

  sk->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (sk->actions), entries, G_N_ELEMENTS (entries),
                                   self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "sketch", G_ACTION_GROUP (sk->actions));
  update_actions (self);

  builder = gtk_builder_new_from_resource ("/cn/reclaimatlas/ReclaimAtlas/ra-sketch-toolbar.ui");
  sk->toolbar = g_object_ref (GTK_WIDGET (gtk_builder_get_object (builder, "toolbar")));
  sk->context_menu = g_object_ref (G_MENU_MODEL (gtk_builder_get_object (builder, "context_menu")));
  gtk_overlay_add_overlay (self->map_overlay, sk->toolbar);

  sk->panel = g_object_ref_sink (RA_NETWORK_PANEL (ra_network_panel_new ()));
  /* A window of its own beside the map: a third sidebar page would widen
   * the sidebar's switcher and fold the flap on small screens. */
  sk->network_window = g_object_new (ADW_TYPE_WINDOW,
                                     "title", _("Network Checks"),
                                     "transient-for", self,
                                     "hide-on-close", TRUE,
                                     "default-width", 400,
                                     "default-height", 640,
                                     NULL);
  {
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
    GtkWidget *header = adw_header_bar_new ();

    adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                     adw_window_title_new (_("Network Checks"), NULL));
    gtk_box_append (GTK_BOX (box), header);
    gtk_widget_set_vexpand (GTK_WIDGET (sk->panel), TRUE);
    gtk_box_append (GTK_BOX (box), GTK_WIDGET (sk->panel));
    adw_window_set_content (ADW_WINDOW (sk->network_window), box);
  }
  {
    static const GActionEntry network_entries[] = {
      { "project-settings", network_settings_activated, NULL, NULL, NULL, { 0 } },
    };
    g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();

    g_action_map_add_action_entries (G_ACTION_MAP (group), network_entries,
                                     G_N_ELEMENTS (network_entries), self);
    gtk_widget_insert_action_group (GTK_WIDGET (sk->network_window), "network",
                                    G_ACTION_GROUP (group));
  }
  g_signal_connect_object (sk->panel, "notify::show-uncovered", G_CALLBACK (update_overlays),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sk->panel, "notify::show-farthest", G_CALLBACK (update_overlays),
                           self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->map, "changed", G_CALLBACK (map_changed_cb), self,
                           G_CONNECT_SWAPPED);
  /* The inventory follows the open project: so do the tools. */
  g_signal_connect_object (self->inventory_view, "notify::store", G_CALLBACK (store_set_cb),
                           self, G_CONNECT_SWAPPED);
  store_set_cb (self);
}

void
_ra_window_sketch_dispose (RaWindow *self)
{
  struct _RaWindowSketch *sk = self->sketch;

  if (sk == NULL)
    return;
  self->sketch = NULL;
  g_clear_handle_id (&sk->network_source, g_source_remove);
  if (sk->network_cancellable != NULL)
    g_cancellable_cancel (sk->network_cancellable);
  g_clear_object (&sk->network_cancellable);
  if (sk->store != NULL)
    g_signal_handlers_disconnect_by_func (sk->store, store_changed_cb, self);
  g_clear_object (&sk->store);
  g_clear_object (&sk->sketch);
  g_clear_object (&sk->actions);
  g_clear_object (&sk->toolbar);
  g_clear_object (&sk->context_menu);
  g_clear_object (&sk->panel);
  if (sk->network_window != NULL)
    gtk_window_destroy (sk->network_window);
  g_clear_object (&sk->uncovered_layer);
  g_clear_object (&sk->farthest_layer);
  g_free (sk);
}
