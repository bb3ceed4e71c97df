/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ra-attribute-form.h"
#include "ra-sketch.h"
#include "ra-window-private.h"

/* The window's sketch tools: a floating toolbar over the map, "sketch.*"
 * actions and their keys (V, P, L, G, E, M, X), and the attribute form of
 * a finished feature.  The tools themselves are RaSketch, given the map
 * view; this part hands them the open project and its layers. */

struct _RaWindowSketch
{
  /* owned */
  RaSketch           *sketch;
  GSimpleActionGroup *actions;
  GtkWidget          *toolbar;
  GMenuModel         *context_menu;
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
  { "point:water_user", RA_SKETCH_TOOL_POINT, "water_user" },
  { "line", RA_SKETCH_TOOL_LINE, NULL },
  { "polygon:footprints", RA_SKETCH_TOOL_POLYGON, "footprints" },
  { "polygon:built_up_areas", RA_SKETCH_TOOL_POLYGON, "built_up_areas" },
  { "vertices", RA_SKETCH_TOOL_VERTICES, NULL },
  { "move", RA_SKETCH_TOOL_MOVE, NULL },
  { "delete", RA_SKETCH_TOOL_DELETE, NULL },
};

/* The project ------------------------------------------------------------------ */

/* The project's own layers are what the tools snap to and edit. */
static void
map_changed_cb (RaWindow *self)
{
  RaStore *store = ra_window_get_store (self);
  g_autoptr(GPtrArray) layers = g_ptr_array_new ();
  guint n = ra_map_get_n_layers (self->map);

  for (guint i = 0; store != NULL && i < n; i++)
    {
      RaLayer *layer = ra_map_get_layer (self->map, i);

      if (g_strcmp0 (ra_layer_get_source_path (layer), ra_store_get_path (store)) == 0)
        g_ptr_array_add (layers, layer);
    }
  ra_sketch_set_layers (self->sketch->sketch, layers);
}

static void
store_set_cb (RaWindow *self)
{
  ra_sketch_set_store (self->sketch->sketch, ra_window_get_store (self));
  map_changed_cb (self);
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
  RaStore *store = ra_window_get_store (self);
  RaAttributeForm *form;
  gint64 project_id;

  if (store == NULL || ra_store_is_read_only (store))
    {
      ra_sketch_clear_pending (sketch);
      ra_window_show_message (self, _("Open a writable project to add features"));
      return;
    }
  if (g_str_equal (table, "water_users"))
    {
      /* A water user has its own editor: sector, use, demand by year. */
      ra_sketch_clear_pending (sketch);
      ra_window_add_water_user (self, wkt);
      return;
    }
  form = ra_attribute_form_new (GTK_WINDOW (self), store, table, wkt, kind, measure);
  project_id = ra_inventory_view_get_selected_project (self->inventory_view);
  if (project_id > 0)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, project_id);
      ra_attribute_form_set_field (form, "project_id", text);
    }
  g_signal_connect_object (form, "saved", G_CALLBACK (form_saved_cb), self, 0);
  /* The line stays on the map while its form is open. */
  g_signal_connect_object (form, "destroy", G_CALLBACK (ra_sketch_clear_pending), sketch,
                           G_CONNECT_SWAPPED);
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
  RaWindowSketch *sk = self->sketch;
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
  static const char * const tables[] = { "plants", "pipelines", "footprints", "built_up_areas",
                                         "water_users", NULL };
  RaStore *store = ra_window_get_store (self);
  guint n = ra_map_get_n_layers (self->map);

  for (guint i = 0; store != NULL && i < n; i++)
    {
      RaLayer *layer = ra_map_get_layer (self->map, i);

      if (g_strcmp0 (ra_layer_get_source_path (layer), ra_store_get_path (store)) == 0 &&
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
  RaWindowSketch *sk = self->sketch;
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

/* Setup ---------------------------------------------------------------------- */

RaSketch *
ra_window_get_sketch (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return self->sketch != NULL ? self->sketch->sketch : NULL;
}

void
_ra_window_sketch_class_init (GtkWidgetClass *widget_class)
{
  static const struct { guint key; const char *tool; } keys[] = {
    { GDK_KEY_v, "select" }, { GDK_KEY_p, "point:reclaimed_plant" }, { GDK_KEY_l, "line" },
    { GDK_KEY_g, "polygon:footprints" }, { GDK_KEY_e, "vertices" }, { GDK_KEY_m, "move" },
    { GDK_KEY_x, "delete" },
  };

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
  RaWindowSketch *sk = self->sketch = g_new0 (RaWindowSketch, 1);
  g_autoptr(GtkBuilder) builder = NULL;

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

  g_signal_connect_object (self->map, "changed", G_CALLBACK (map_changed_cb), self,
                           G_CONNECT_SWAPPED);
  /* The tools follow the open project. */
  g_signal_connect_object (self->session, "notify::store", G_CALLBACK (store_set_cb), self,
                           G_CONNECT_SWAPPED);
  store_set_cb (self);
}

void
_ra_window_sketch_dispose (RaWindow *self)
{
  RaWindowSketch *sk = self->sketch;

  if (sk == NULL)
    return;
  if (self->map != NULL)
    g_signal_handlers_disconnect_by_func (self->map, map_changed_cb, self);
  g_clear_object (&sk->sketch);
  g_clear_object (&sk->actions);
  g_clear_object (&sk->toolbar);
  g_clear_object (&sk->context_menu);
}
