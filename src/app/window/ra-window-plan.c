/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ra-window-private.h"

/* The plan on the map: the thematic layers of the chosen year (counties by
 * reuse rate or gap to the target, project symbols), the year selector,
 * the legend and the plan check.  The plan is rebuilt from the store after
 * every change, so inventory edits show on the map. */

#define PLAN_REBUILD_DELAY_MS 150

static void apply_thematic (RaWindow *self);

/* Accessors ---------------------------------------------------------------- */

RaPlan *
ra_window_get_plan (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return self->plan;
}

int
ra_window_get_year (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), 0);
  return self->year;
}

RaThematicMode
ra_window_get_thematic_mode (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), RA_THEMATIC_REUSE_RATE);
  return self->thematic_mode;
}

RaLegendView *
ra_window_get_legend_view (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return self->legend_view;
}

RaCheckPanel *
ra_window_get_check_panel (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return self->check_panel;
}

double
ra_window_get_year_switch_ms (RaWindow *self, double *build_ms)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), -1);
  if (build_ms != NULL)
    *build_ms = self->year_build_ms;
  return self->year_switch_ms;
}

/* Years ---------------------------------------------------------------------- */

static int
year_index (RaWindow *self, int year)
{
  guint n = 0;
  const int *years = self->plan != NULL ? ra_plan_get_years (self->plan, &n) : NULL;

  for (guint i = 0; i < n; i++)
    if (years[i] == year)
      return (int) i;
  return -1;
}

static void
update_year_widgets (RaWindow *self)
{
  guint n = 0;
  const int *years = self->plan != NULL ? ra_plan_get_years (self->plan, &n) : NULL;
  int index = year_index (self, self->year);
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  gboolean changed = n != self->n_shown_years;

  for (guint i = 0; i < n && !changed; i++)
    if (self->shown_years[i] != years[i])
      changed = TRUE;

  self->syncing_year = TRUE;
  if (changed)
    {
      g_free (self->shown_years);
      self->shown_years = g_memdup2 (years, n * sizeof (int));
      self->n_shown_years = n;
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *text = g_strdup_printf ("%d", years[i]);
          gtk_string_list_append (list, text);
        }
      gtk_drop_down_set_model (self->year_dropdown, G_LIST_MODEL (list));
    }
  gtk_drop_down_set_selected (self->year_dropdown,
                              index >= 0 ? (guint) index : GTK_INVALID_LIST_POSITION);
  self->syncing_year = FALSE;

  gtk_widget_set_visible (self->year_box, n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.year-prev", index > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.year-next",
                                 index >= 0 && index + 1 < (int) n);
}

gboolean
ra_window_set_year (RaWindow *self, int year)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), FALSE);

  if (self->plan == NULL || !ra_plan_has_year (self->plan, year))
    return FALSE;
  if (self->year != year)
    {
      self->year = year;
      self->year_switch_start = g_get_monotonic_time ();
      apply_thematic (self);
      /* The user waits for this one: skip the map view's debounce. */
      ra_map_view_queue_render_now (self->map_view);
    }
  update_year_widgets (self);
  return TRUE;
}

static void
step_year (RaWindow *self, int delta)
{
  guint n = 0;
  const int *years = self->plan != NULL ? ra_plan_get_years (self->plan, &n) : NULL;
  int index = year_index (self, self->year) + delta;

  if (index >= 0 && index < (int) n)
    ra_window_set_year (self, years[index]);
}

static void
year_next_action (GtkWidget *widget, const char *name, GVariant *param)
{
  step_year (RA_WINDOW (widget), 1);
}

static void
year_prev_action (GtkWidget *widget, const char *name, GVariant *param)
{
  step_year (RA_WINDOW (widget), -1);
}

static void
year_selected_cb (GtkDropDown *dropdown, GParamSpec *pspec, RaWindow *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->syncing_year || selected == GTK_INVALID_LIST_POSITION ||
      selected >= self->n_shown_years)
    return;
  ra_window_set_year (self, self->shown_years[selected]);
}

/* ←/→ on the map step through the years while a plan is shown (panning
 * sideways moves to Shift+←/→); without a plan they pan as before. */
static gboolean
map_key_year_cb (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  RaWindow *self = RA_WINDOW (gtk_widget_get_root (widget));
  int delta = g_variant_get_int32 (args);

  if (self->plan == NULL || self->year == 0)
    return FALSE;
  step_year (self, delta);
  return TRUE;
}

static gboolean
map_key_pan_cb (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  /* The map view's own step, as its plain arrows would. */
  return gtk_widget_activate_action (widget, "map.pan", "(ii)", g_variant_get_int32 (args), 0);
}

static void
add_map_key (GtkShortcutController *controller, guint keyval, GdkModifierType mods,
             GtkShortcutFunc func, int delta)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keyval, mods),
                                            gtk_callback_action_new (func, NULL, NULL));

  gtk_shortcut_set_arguments (shortcut, g_variant_new_int32 (delta));
  gtk_shortcut_controller_add_shortcut (controller, shortcut);
}

/* Thematic layers ---------------------------------------------------------- */

/* The project's own layer of table (not a thematic one), -1 if none. */
static int
find_project_table (RaWindow *self, const char *table)
{
  for (guint i = 0; i < ra_map_get_n_layers (self->map); i++)
    {
      RaLayer *layer = ra_map_get_layer (self->map, i);

      if (ra_thematic_layer_role (layer) == NULL &&
          g_ptr_array_find (self->project_layers, layer, NULL) &&
          g_strcmp0 (ra_layer_get_source_layer_name (layer), table) == 0)
        return (int) i;
    }
  return -1;
}

static int
find_plain_counties (RaWindow *self)
{
  return find_project_table (self, "counties");
}

static void
remove_thematic_layers (RaWindow *self)
{
  gboolean any = FALSE;

  for (guint i = ra_map_get_n_layers (self->map); i-- > 0;)
    if (ra_thematic_layer_role (ra_map_get_layer (self->map, i)) != NULL)
      {
        ra_map_remove_layer (self->map, i);
        any = TRUE;
      }
  /* The project's map as it was: the reference layers come back. */
  if (any)
    for (guint i = 0; i < self->hidden_for_plan->len; i++)
      {
        RaLayer *layer = g_ptr_array_index (self->hidden_for_plan, i);

        if (ra_map_find_layer (self->map, layer) >= 0)
          ra_layer_set_visible (layer, TRUE);
      }
  g_ptr_array_set_size (self->hidden_for_plan, 0);
}

/* Puts layer (just added, on top) where a new layer of its role belongs:
 * the counties choropleth just above the project's plain counties (or at
 * the bottom), the target-status overlay just above the choropleth, the
 * project symbols above both. */
static void
place_new_layer (RaWindow *self, RaLayer *layer, const char *role)
{
  guint n = ra_map_get_n_layers (self->map);
  int below = -1, from;

  if (g_str_equal (role, "counties"))
    {
      below = find_plain_counties (self);
      if (below < 0)
        below = (int) n;   /* the bottom */
    }
  else if (g_str_equal (role, "status"))
    below = ra_thematic_find_role (self->map, "counties");
  else if (g_str_equal (role, "projects"))
    {
      /* Just above the choropleth and its status overlay rather than on
       * top, under the project's own plants and pipelines. */
      below = ra_thematic_find_role (self->map, "status");
      if (below < 0)
        below = ra_thematic_find_role (self->map, "counties");
    }

  from = ra_map_find_layer (self->map, layer);
  if (from >= 0 && below >= 0 && from != below)
    ra_map_move_layer (self->map, from, from < below ? below - 1 : below);
}

/* Replaces the thematic layers by those of self->year, keeping each role's
 * place, visibility and opacity and every other layer as it is. */
static void
apply_thematic (RaWindow *self)
{
  g_autoptr(GPtrArray) layers = NULL;
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GError) error = NULL;
  gboolean first;
  gint64 start = g_get_monotonic_time ();

  if (self->plan == NULL || self->store == NULL || self->year == 0 || !self->thematic_on)
    {
      remove_thematic_layers (self);
      return;
    }
  first = ra_thematic_find_role (self->map, "counties") < 0 &&
          ra_thematic_find_role (self->map, "projects") < 0;
  /* The first time, wait for the project's own layers, so the thematic
   * ones go in between them rather than under everything. */
  if (first && self->project_loading)
    return;

  layers = ra_thematic_build_full (self->plan, self->store, self->year, self->thematic_mode,
                                   _ra_window_plan_flags (self), &error);
  if (layers == NULL)
    {
      ra_window_show_message (self, error->message);
      return;
    }

  added = ra_thematic_replace_layers (self->map, layers, &error);
  if (error != NULL)
    ra_window_show_message (self, error->message);
  /* Bottom first, so "status" finds "counties" in place. */
  for (guint i = 0; i < added->len; i++)
    {
      RaLayer *layer = g_ptr_array_index (added, i);

      place_new_layer (self, layer, ra_thematic_layer_role (layer));
    }

  if (first)
    {
      /* The choropleth draws the counties: the plain layer would only
       * repeat them in the legend.  The plants stand at the county seats,
       * under the project symbols there.  Both stay in the layer list for
       * the user to show again. */
      static const char * const reference[] = { "counties", "plants" };

      for (guint i = 0; i < G_N_ELEMENTS (reference); i++)
        {
          int pos = find_project_table (self, reference[i]);

          RaLayer *layer = pos >= 0 ? ra_map_get_layer (self->map, pos) : NULL;

          if (layer != NULL && ra_layer_get_visible (layer))
            {
              ra_layer_set_visible (layer, FALSE);
              g_ptr_array_add (self->hidden_for_plan, g_object_ref (layer));
            }
        }
    }
  self->year_build_ms = (g_get_monotonic_time () - start) / 1000.0;
}

static void
map_render_done_cb (RaWindow *self)
{
  if (self->year_switch_start == 0)
    return;
  self->year_switch_ms = (g_get_monotonic_time () - self->year_switch_start) / 1000.0;
  self->year_switch_start = 0;
}

/* The plan ----------------------------------------------------------------- */

static void
rebuild_plan (RaWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) findings = NULL;
  guint n = 0;
  const int *years;

  g_clear_handle_id (&self->plan_source, g_source_remove);
  g_clear_object (&self->plan);
  if (self->store == NULL)
    {
      self->year = 0;
      remove_thematic_layers (self);
      ra_check_panel_set_model (self->check_panel, NULL);
      update_year_widgets (self);
      return;
    }

  self->plan = ra_plan_new_from_store (self->store, &error);
  if (self->plan == NULL)
    {
      ra_window_show_message (self, error->message);
      self->year = 0;
      remove_thematic_layers (self);
      ra_check_panel_set_model (self->check_panel, NULL);
      update_year_widgets (self);
      return;
    }

  /* Stay on the year shown; a new project opens on its baseline. */
  years = ra_plan_get_years (self->plan, &n);
  if (!ra_plan_has_year (self->plan, self->year))
    {
      int baseline = ra_plan_get_baseline_year (self->plan);

      self->year = baseline > 0 && ra_plan_has_year (self->plan, baseline) ? baseline
                   : n > 0 ? years[0] : 0;
    }

  findings = ra_plan_check_run (self->plan, self->store);
  ra_check_panel_set_model (self->check_panel, findings);
  apply_thematic (self);
  update_year_widgets (self);
}

static gboolean
plan_timeout_cb (gpointer user_data)
{
  RaWindow *self = user_data;

  self->plan_source = 0;
  rebuild_plan (self);
  return G_SOURCE_REMOVE;
}

void
_ra_window_plan_store_changed (RaWindow *self, const char *table)
{
  /* Plants, pipelines and built-up areas do not enter the plan. */
  if (table != NULL && !g_str_equal (table, "projects") && !g_str_equal (table, "indicators") &&
      !g_str_equal (table, "counties"))
    return;
  g_clear_handle_id (&self->plan_source, g_source_remove);
  self->plan_source = g_timeout_add (PLAN_REBUILD_DELAY_MS, plan_timeout_cb, self);
}

void
_ra_window_plan_set_store (RaWindow *self)
{
  /* set_store has emptied the map. */
  self->year = 0;
  g_ptr_array_set_size (self->hidden_for_plan, 0);
  rebuild_plan (self);
}

void
_ra_window_plan_project_loaded (RaWindow *self)
{
  /* The first load of a project: now the thematic layers can go in. */
  if (self->plan != NULL && ra_thematic_find_role (self->map, "counties") < 0 &&
      ra_thematic_find_role (self->map, "projects") < 0)
    apply_thematic (self);
}

/* Mode ---------------------------------------------------------------------- */

void
ra_window_set_thematic_mode (RaWindow *self, RaThematicMode mode)
{
  GAction *action;

  g_return_if_fail (RA_IS_WINDOW (self));

  action = g_action_map_lookup_action (G_ACTION_MAP (self), "thematic-mode");
  g_action_change_state (action, g_variant_new_string (mode == RA_THEMATIC_GAP ? "gap" : "rate"));
}

/* "rate", "gap" or "off" (the project's layers without the plan map). */
static void
thematic_mode_change_cb (GSimpleAction *action, GVariant *value, RaWindow *self)
{
  const char *name = g_variant_get_string (value, NULL);
  RaThematicMode mode = g_str_equal (name, "gap") ? RA_THEMATIC_GAP : RA_THEMATIC_REUSE_RATE;
  gboolean on = !g_str_equal (name, "off");

  g_simple_action_set_state (action, value);
  if (mode == self->thematic_mode && on == self->thematic_on)
    return;
  self->thematic_mode = mode;
  self->thematic_on = on;
  apply_thematic (self);
}

static void
all_projects_change_cb (GSimpleAction *action, GVariant *value, RaWindow *self)
{
  gboolean all = g_variant_get_boolean (value);

  g_simple_action_set_state (action, value);
  if (all == self->all_projects)
    return;
  self->all_projects = all;
  apply_thematic (self);
}

static void
pies_change_cb (GSimpleAction *action, GVariant *value, RaWindow *self)
{
  gboolean pies = g_variant_get_boolean (value);

  g_simple_action_set_state (action, value);
  if (pies == self->pie_symbols)
    return;
  self->pie_symbols = pies;
  apply_thematic (self);
}

RaThematicFlags
_ra_window_plan_flags (RaWindow *self)
{
  return (self->all_projects ? RA_THEMATIC_ALL_PROJECTS : RA_THEMATIC_FLAGS_NONE) |
         (self->pie_symbols ? RA_THEMATIC_PIES : RA_THEMATIC_FLAGS_NONE);
}

/* Plan check ------------------------------------------------------------------ */

static void
show_plan_check_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaWindow *self = RA_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, TRUE);
  gtk_stack_set_visible_child_name (self->sidebar_stack, "check");
}

gboolean
ra_window_zoom_to_county (RaWindow *self, const char *adcode)
{
  int pos;
  RaLayer *layer;
  RaAttrTable *attrs;
  int field;

  g_return_val_if_fail (RA_IS_WINDOW (self), FALSE);

  pos = ra_thematic_find_role (self->map, "counties");
  if (adcode == NULL || pos < 0)
    return FALSE;
  layer = ra_map_get_layer (self->map, pos);
  attrs = ra_layer_get_attrs (layer);
  field = ra_attr_table_field_index (attrs, RA_THEMATIC_FIELD_ADCODE);
  for (guint i = 0; field >= 0 && i < attrs->n_features; i++)
    if (g_strcmp0 (ra_attr_table_get (attrs, i, field), adcode) == 0)
      {
        const RaView *view;

        ra_map_view_select_feature (self->map_view, layer, (int) i);
        ra_map_view_zoom_to_selection (self->map_view);
        /* Step back a little to show the neighbours. */
        view = ra_map_view_get_view (self->map_view);
        ra_map_view_zoom_at (self->map_view, 0.6, view->width / 2.0, view->height / 2.0);
        return TRUE;
      }

  /* The city (or an area without a boundary): the whole map. */
  ra_map_view_clear_selection (self->map_view);
  ra_map_view_zoom_to_extent (self->map_view);
  return FALSE;
}

static void
finding_activated_cb (RaCheckPanel *panel, RaPlanFinding *finding, RaWindow *self)
{
  int year = ra_plan_finding_get_year (finding);

  /* A finding about a year shows that year's map. */
  if (year > 0 && self->plan != NULL && ra_plan_has_year (self->plan, year))
    ra_window_set_year (self, year);
  if (ra_plan_finding_get_adcode (finding) != NULL)
    ra_window_zoom_to_county (self, ra_plan_finding_get_adcode (finding));
}

/* Setup ------------------------------------------------------------------- */

void
_ra_window_plan_class_init (GtkWidgetClass *widget_class)
{
  g_type_ensure (RA_TYPE_LEGEND_VIEW);
  g_type_ensure (RA_TYPE_CHECK_PANEL);

  gtk_widget_class_bind_template_child (widget_class, RaWindow, year_box);
  gtk_widget_class_bind_template_child (widget_class, RaWindow, year_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RaWindow, legend_view);
  gtk_widget_class_bind_template_child (widget_class, RaWindow, check_panel);
  gtk_widget_class_bind_template_child (widget_class, RaWindow, sidebar_stack);

  gtk_widget_class_install_action (widget_class, "win.year-next", NULL, year_next_action);
  gtk_widget_class_install_action (widget_class, "win.year-prev", NULL, year_prev_action);
  gtk_widget_class_install_action (widget_class, "win.show-plan-check", NULL,
                                   show_plan_check_action);
}

void
_ra_window_plan_init (RaWindow *self)
{
  static const GActionEntry entries[] = {
    { "thematic-mode", NULL, "s", "'rate'", NULL },
    { "all-projects", NULL, NULL, "false", NULL },
    { "pies", NULL, NULL, "false", NULL },
  };
  GtkEventController *keys;
  GAction *action;

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "thematic-mode");
  g_signal_connect_object (action, "change-state", G_CALLBACK (thematic_mode_change_cb), self, 0);
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "all-projects");
  g_signal_connect_object (action, "change-state", G_CALLBACK (all_projects_change_cb), self, 0);
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "pies");
  g_signal_connect_object (action, "change-state", G_CALLBACK (pies_change_cb), self, 0);
  self->thematic_mode = RA_THEMATIC_REUSE_RATE;
  self->thematic_on = TRUE;
  self->hidden_for_plan = g_ptr_array_new_with_free_func (g_object_unref);

  g_signal_connect_object (self->year_dropdown, "notify::selected",
                           G_CALLBACK (year_selected_cb), self, 0);
  g_signal_connect_object (self->check_panel, "finding-activated",
                           G_CALLBACK (finding_activated_cb), self, 0);
  g_signal_connect_object (self->map_view, "render-done",
                           G_CALLBACK (map_render_done_cb), self, G_CONNECT_SWAPPED);
  ra_legend_view_set_map (self->legend_view, self->map);

  /* Captured before the map view's own arrow bindings (which pan). */
  keys = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  add_map_key (GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_Left, 0, map_key_year_cb, -1);
  add_map_key (GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_Right, 0, map_key_year_cb, 1);
  add_map_key (GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_Left, GDK_SHIFT_MASK, map_key_pan_cb, -1);
  add_map_key (GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_Right, GDK_SHIFT_MASK, map_key_pan_cb, 1);
  gtk_widget_add_controller (GTK_WIDGET (self->map_view), keys);

  update_year_widgets (self);
}

void
_ra_window_plan_dispose (RaWindow *self)
{
  g_clear_handle_id (&self->plan_source, g_source_remove);
  g_clear_object (&self->plan);
  g_clear_pointer (&self->shown_years, g_free);
  g_clear_pointer (&self->hidden_for_plan, g_ptr_array_unref);
}
