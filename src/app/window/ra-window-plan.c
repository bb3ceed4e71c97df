/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ra-window-private.h"

/* The plan on the map: the thematic layers of the chosen year (counties by
 * reuse rate or gap to the target, project symbols), the year selector,
 * the legend and the plan check.  The plan is rebuilt from the store after
 * every change, so inventory edits show on the map. */

#define PLAN_REBUILD_DELAY_MS 150

struct _RaWindowPlan
{
  /* template widgets */
  GtkWidget      *year_box;
  GtkDropDown    *year_dropdown;
  RaLegendView   *legend_view;
  RaCheckPanel   *check_panel;
  GtkStack       *sidebar_stack;

  /* owned */
  RaPlan         *plan;
  int             year;                /* shown; 0: none */
  RaThematicMode  thematic_mode;
  gboolean        thematic_on;         /* FALSE: the project's layers only */
  GPtrArray      *hidden_for_plan;     /* RaLayer*: reference layers the plan map hid */
  gboolean        all_projects;
  gboolean        pie_symbols;         /* project symbols split by use */
  guint           plan_source;         /* debounced rebuild after store changes */
  int            *shown_years;         /* the year selector's years */
  guint           n_shown_years;
  gboolean        syncing_year;
  gint64          year_switch_start;   /* monotonic µs; 0: no switch pending */
  double          year_switch_ms;      /* last switch: year change to render done */
  double          year_build_ms;       /* last switch: building and adding layers */
};

static void apply_thematic (RaWindow *self);

/* The year shown; print layouts are drawn for it too. */
static void
set_shown_year (RaWindow *self, int year)
{
  self->plan->year = year;
  ra_figure_source_set_year (self->figure, year);
}

/* Accessors ---------------------------------------------------------------- */

RaPlan *
ra_window_get_plan (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return self->plan->plan;
}

int
ra_window_get_year (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), 0);
  return self->plan->year;
}

RaThematicMode
ra_window_get_thematic_mode (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), RA_THEMATIC_REUSE_RATE);
  return self->plan->thematic_mode;
}

RaLegendView *
ra_window_get_legend_view (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return self->plan->legend_view;
}

RaCheckPanel *
ra_window_get_check_panel (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return self->plan->check_panel;
}

double
ra_window_get_year_switch_ms (RaWindow *self, double *build_ms)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), -1);
  if (build_ms != NULL)
    *build_ms = self->plan->year_build_ms;
  return self->plan->year_switch_ms;
}

/* Years ---------------------------------------------------------------------- */

static int
year_index (RaWindow *self, int year)
{
  RaWindowPlan *pl = self->plan;
  guint n = 0;
  const int *years = pl->plan != NULL ? ra_plan_get_years (pl->plan, &n) : NULL;

  for (guint i = 0; i < n; i++)
    if (years[i] == year)
      return (int) i;
  return -1;
}

static void
update_year_widgets (RaWindow *self)
{
  RaWindowPlan *pl = self->plan;
  guint n = 0;
  const int *years = pl->plan != NULL ? ra_plan_get_years (pl->plan, &n) : NULL;
  int index = year_index (self, pl->year);
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  gboolean changed = n != pl->n_shown_years;

  for (guint i = 0; i < n && !changed; i++)
    if (pl->shown_years[i] != years[i])
      changed = TRUE;

  pl->syncing_year = TRUE;
  if (changed)
    {
      g_free (pl->shown_years);
      pl->shown_years = g_memdup2 (years, n * sizeof (int));
      pl->n_shown_years = n;
      for (guint i = 0; i < n; i++)
        {
          RaPlanProvenance p = ra_plan_get_year_provenance (pl->plan, years[i], NULL, NULL);
          g_autofree char *text = NULL;

          /* A year without figures of its own is not offered as if it had. */
          if (p == RA_PLAN_PROVENANCE_INTERPOLATED)
            /* TRANSLATORS: year selector entry, e.g. "2024 (interpolated)" */
            text = g_strdup_printf (_("%d (interpolated)"), years[i]);
          else if (p == RA_PLAN_PROVENANCE_HELD)
            /* TRANSLATORS: year selector entry, e.g. "2032 (held at the last known year)" */
            text = g_strdup_printf (_("%d (held)"), years[i]);
          else
            text = g_strdup_printf ("%d", years[i]);
          gtk_string_list_append (list, text);
        }
      gtk_drop_down_set_model (pl->year_dropdown, G_LIST_MODEL (list));
    }
  gtk_drop_down_set_selected (pl->year_dropdown,
                              index >= 0 ? (guint) index : GTK_INVALID_LIST_POSITION);
  pl->syncing_year = FALSE;

  gtk_widget_set_visible (pl->year_box, n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.year-prev", index > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.year-next",
                                 index >= 0 && index + 1 < (int) n);
}

gboolean
ra_window_set_year (RaWindow *self, int year)
{
  RaWindowPlan *pl;

  g_return_val_if_fail (RA_IS_WINDOW (self), FALSE);

  pl = self->plan;
  if (pl->plan == NULL || !ra_plan_has_year (pl->plan, year))
    return FALSE;
  if (pl->year != year)
    {
      set_shown_year (self, year);
      pl->year_switch_start = g_get_monotonic_time ();
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
  RaWindowPlan *pl = self->plan;
  guint n = 0;
  const int *years = pl->plan != NULL ? ra_plan_get_years (pl->plan, &n) : NULL;
  int index = year_index (self, pl->year) + delta;

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
  RaWindowPlan *pl = self->plan;
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (pl->syncing_year || selected == GTK_INVALID_LIST_POSITION ||
      selected >= pl->n_shown_years)
    return;
  ra_window_set_year (self, pl->shown_years[selected]);
}

/* ←/→ on the map step through the years while a plan is shown (panning
 * sideways moves to Shift+←/→); without a plan they pan as before. */
static gboolean
map_key_year_cb (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  RaWindow *self = user_data;
  RaWindowPlan *pl = self->plan;
  int delta = g_variant_get_int32 (args);

  if (pl->plan == NULL || pl->year == 0)
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
add_map_key (RaWindow *self, GtkShortcutController *controller, guint keyval,
             GdkModifierType mods, GtkShortcutFunc func, int delta)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keyval, mods),
                                            gtk_callback_action_new (func, self, NULL));

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
          ra_project_session_has_layer (self->session, layer) &&
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
  RaWindowPlan *pl = self->plan;
  gboolean any = FALSE;

  for (guint i = ra_map_get_n_layers (self->map); i-- > 0;)
    if (ra_thematic_layer_role (ra_map_get_layer (self->map, i)) != NULL)
      {
        ra_map_remove_layer (self->map, i);
        any = TRUE;
      }
  /* The project's map as it was: the reference layers come back. */
  if (any)
    for (guint i = 0; i < pl->hidden_for_plan->len; i++)
      {
        RaLayer *layer = g_ptr_array_index (pl->hidden_for_plan, i);

        if (ra_map_find_layer (self->map, layer) >= 0)
          ra_layer_set_visible (layer, TRUE);
      }
  g_ptr_array_set_size (pl->hidden_for_plan, 0);
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

/* Replaces the thematic layers by those of the year shown, keeping each
 * role's place, visibility and opacity and every other layer as it is. */
static void
apply_thematic (RaWindow *self)
{
  RaWindowPlan *pl = self->plan;
  RaStore *store = ra_window_get_store (self);
  g_autoptr(GPtrArray) layers = NULL;
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GError) error = NULL;
  gboolean first;
  gint64 start = g_get_monotonic_time ();

  if (pl->plan == NULL || store == NULL || pl->year == 0 || !pl->thematic_on)
    {
      remove_thematic_layers (self);
      return;
    }
  first = ra_thematic_find_role (self->map, "counties") < 0 &&
          ra_thematic_find_role (self->map, "projects") < 0;
  /* The first time, wait for the project's own layers, so the thematic
   * ones go in between them rather than under everything. */
  if (first && ra_project_session_is_loading (self->session))
    return;

  layers = ra_thematic_build_full (pl->plan, store, pl->year, pl->thematic_mode,
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
       * repeat them in the legend.  It stays in the layer list for the
       * user to show again.  The plants stay shown, above the project
       * symbols, as printed figures show them (ra_export_build_project_map). */
      static const char * const reference[] = { "counties" };

      for (guint i = 0; i < G_N_ELEMENTS (reference); i++)
        {
          int pos = find_project_table (self, reference[i]);

          RaLayer *layer = pos >= 0 ? ra_map_get_layer (self->map, pos) : NULL;

          if (layer != NULL && ra_layer_get_visible (layer))
            {
              ra_layer_set_visible (layer, FALSE);
              g_ptr_array_add (pl->hidden_for_plan, g_object_ref (layer));
            }
        }
    }
  pl->year_build_ms = (g_get_monotonic_time () - start) / 1000.0;
}

static void
map_render_done_cb (RaWindow *self)
{
  RaWindowPlan *pl = self->plan;

  if (pl->year_switch_start == 0)
    return;
  pl->year_switch_ms = (g_get_monotonic_time () - pl->year_switch_start) / 1000.0;
  pl->year_switch_start = 0;
}

/* The plan ----------------------------------------------------------------- */

static void
rebuild_plan (RaWindow *self)
{
  RaWindowPlan *pl = self->plan;
  RaStore *store = ra_window_get_store (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) findings = NULL;
  guint n = 0;
  const int *years;

  g_clear_handle_id (&pl->plan_source, g_source_remove);
  g_clear_object (&pl->plan);
  if (store == NULL)
    {
      set_shown_year (self, 0);
      remove_thematic_layers (self);
      ra_check_panel_set_model (pl->check_panel, NULL);
      update_year_widgets (self);
      return;
    }

  pl->plan = ra_plan_new_from_store (store, &error);
  if (pl->plan == NULL)
    {
      ra_window_show_message (self, error->message);
      set_shown_year (self, 0);
      remove_thematic_layers (self);
      ra_check_panel_set_model (pl->check_panel, NULL);
      update_year_widgets (self);
      return;
    }

  /* Stay on the year shown; a new project opens on its baseline. */
  years = ra_plan_get_years (pl->plan, &n);
  if (!ra_plan_has_year (pl->plan, pl->year))
    {
      int baseline = ra_plan_get_baseline_year (pl->plan);

      set_shown_year (self, baseline > 0 && ra_plan_has_year (pl->plan, baseline) ? baseline
                            : n > 0 ? years[0] : 0);
    }

  findings = ra_plan_check_run (pl->plan, store);
  ra_check_panel_set_model (pl->check_panel, findings);
  apply_thematic (self);
  update_year_widgets (self);
}

static gboolean
plan_timeout_cb (gpointer user_data)
{
  RaWindow *self = user_data;
  RaWindowPlan *pl = self->plan;

  pl->plan_source = 0;
  rebuild_plan (self);
  return G_SOURCE_REMOVE;
}

/* The session ---------------------------------------------------------------- */

/* The store's ::changed: rebuilds the plan soon when table feeds it. */
static void
store_changed_cb (RaWindow *self, const char *table, gint64 row_id)
{
  RaWindowPlan *pl = self->plan;

  /* Plants, pipelines and built-up areas do not enter the plan. */
  if (table != NULL && !g_str_equal (table, "projects") && !g_str_equal (table, "indicators") &&
      !g_str_equal (table, "counties"))
    return;
  g_clear_handle_id (&pl->plan_source, g_source_remove);
  pl->plan_source = g_timeout_add (PLAN_REBUILD_DELAY_MS, plan_timeout_cb, self);
}

/* A new store (or none) was set; the map has been emptied. */
static void
store_set_cb (RaWindow *self)
{
  RaWindowPlan *pl = self->plan;

  set_shown_year (self, 0);
  g_ptr_array_set_size (pl->hidden_for_plan, 0);
  rebuild_plan (self);
}

/* The project's layers were (re)loaded. */
static void
layers_loaded_cb (RaWindow *self)
{
  RaWindowPlan *pl = self->plan;

  /* The first load of a project: now the thematic layers can go in. */
  if (pl->plan != NULL && ra_thematic_find_role (self->map, "counties") < 0 &&
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
  RaWindowPlan *pl = self->plan;
  const char *name = g_variant_get_string (value, NULL);
  RaThematicMode mode = g_str_equal (name, "gap") ? RA_THEMATIC_GAP : RA_THEMATIC_REUSE_RATE;
  gboolean on = !g_str_equal (name, "off");

  g_simple_action_set_state (action, value);
  if (mode == pl->thematic_mode && on == pl->thematic_on)
    return;
  pl->thematic_mode = mode;
  pl->thematic_on = on;
  apply_thematic (self);
}

static void
all_projects_change_cb (GSimpleAction *action, GVariant *value, RaWindow *self)
{
  RaWindowPlan *pl = self->plan;
  gboolean all = g_variant_get_boolean (value);

  g_simple_action_set_state (action, value);
  if (all == pl->all_projects)
    return;
  pl->all_projects = all;
  apply_thematic (self);
}

static void
pies_change_cb (GSimpleAction *action, GVariant *value, RaWindow *self)
{
  RaWindowPlan *pl = self->plan;
  gboolean pies = g_variant_get_boolean (value);

  g_simple_action_set_state (action, value);
  if (pies == pl->pie_symbols)
    return;
  pl->pie_symbols = pies;
  apply_thematic (self);
}

RaThematicFlags
_ra_window_plan_flags (RaWindow *self)
{
  RaWindowPlan *pl = self->plan;

  return (pl->all_projects ? RA_THEMATIC_ALL_PROJECTS : RA_THEMATIC_FLAGS_NONE) |
         (pl->pie_symbols ? RA_THEMATIC_PIES : RA_THEMATIC_FLAGS_NONE);
}

/* Plan check ------------------------------------------------------------------ */

static void
show_plan_check_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaWindow *self = RA_WINDOW (widget);
  RaWindowPlan *pl = self->plan;

  adw_flap_set_reveal_flap (self->flap, TRUE);
  gtk_stack_set_visible_child_name (pl->sidebar_stack, "check");
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
  RaWindowPlan *pl = self->plan;
  int year = ra_plan_finding_get_year (finding);

  /* A finding about a year shows that year's map. */
  if (year > 0 && pl->plan != NULL && ra_plan_has_year (pl->plan, year))
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

  gtk_widget_class_bind_template_child_full (widget_class, "year_box", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "year_dropdown", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "legend_view", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "check_panel", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "sidebar_stack", FALSE, 0);

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
  RaWindowPlan *pl = self->plan = g_new0 (RaWindowPlan, 1);
  GtkEventController *keys;
  GAction *action;

  pl->year_box = GTK_WIDGET (_ra_window_template_child (self, "year_box"));
  pl->year_dropdown = GTK_DROP_DOWN (_ra_window_template_child (self, "year_dropdown"));
  pl->legend_view = RA_LEGEND_VIEW (_ra_window_template_child (self, "legend_view"));
  pl->check_panel = RA_CHECK_PANEL (_ra_window_template_child (self, "check_panel"));
  pl->sidebar_stack = GTK_STACK (_ra_window_template_child (self, "sidebar_stack"));

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "thematic-mode");
  g_signal_connect_object (action, "change-state", G_CALLBACK (thematic_mode_change_cb), self, 0);
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "all-projects");
  g_signal_connect_object (action, "change-state", G_CALLBACK (all_projects_change_cb), self, 0);
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "pies");
  g_signal_connect_object (action, "change-state", G_CALLBACK (pies_change_cb), self, 0);
  pl->thematic_mode = RA_THEMATIC_REUSE_RATE;
  pl->thematic_on = TRUE;
  pl->hidden_for_plan = g_ptr_array_new_with_free_func (g_object_unref);

  g_signal_connect_object (pl->year_dropdown, "notify::selected",
                           G_CALLBACK (year_selected_cb), self, 0);
  g_signal_connect_object (pl->check_panel, "finding-activated",
                           G_CALLBACK (finding_activated_cb), self, 0);
  g_signal_connect_object (self->map_view, "render-done",
                           G_CALLBACK (map_render_done_cb), self, G_CONNECT_SWAPPED);
  ra_legend_view_set_map (pl->legend_view, self->map);
  g_signal_connect_object (self->session, "notify::store", G_CALLBACK (store_set_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "store-changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "layers-loaded", G_CALLBACK (layers_loaded_cb), self,
                           G_CONNECT_SWAPPED);

  /* Captured before the map view's own arrow bindings (which pan). */
  keys = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  add_map_key (self, GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_Left, 0, map_key_year_cb, -1);
  add_map_key (self, GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_Right, 0, map_key_year_cb, 1);
  add_map_key (self, GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_Left, GDK_SHIFT_MASK,
               map_key_pan_cb, -1);
  add_map_key (self, GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_Right, GDK_SHIFT_MASK,
               map_key_pan_cb, 1);
  gtk_widget_add_controller (GTK_WIDGET (self->map_view), keys);

  update_year_widgets (self);
}

void
_ra_window_plan_dispose (RaWindow *self)
{
  RaWindowPlan *pl = self->plan;

  if (pl == NULL)
    return;
  g_clear_handle_id (&pl->plan_source, g_source_remove);
  g_clear_object (&pl->plan);
  g_clear_pointer (&pl->shown_years, g_free);
  g_clear_pointer (&pl->hidden_for_plan, g_ptr_array_unref);
}
