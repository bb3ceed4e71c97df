/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ra-resources.h"
#include "ra-window-private.h"

/* The main window's core: the type, what its parts share (the map, the
 * settings, the open project, the figure source, the count of loads and
 * the messages) and the order in which the parts are set up and taken
 * down.  Everything else is in a part of its own (ra-window-private.h). */

G_DEFINE_FINAL_TYPE (RaWindow, ra_window, ADW_TYPE_APPLICATION_WINDOW)

/* Messages ---------------------------------------------------------------- */

void
ra_window_show_message (RaWindow *self, const char *message)
{
  g_autofree char *markup = NULL;
  AdwToast *toast;

  g_return_if_fail (RA_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  g_debug ("Message: %s", message);
  /* Toast titles are Pango markup; file names may contain '&' or '<'. */
  markup = g_markup_escape_text (message, -1);
  toast = adw_toast_new (markup);
  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  self->message_count++;
  g_free (self->last_message);
  self->last_message = g_strdup (message);
}

guint
ra_window_get_message_count (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), 0);
  return self->message_count;
}

const char *
ra_window_get_last_message (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return self->last_message;
}

/* Accessors ---------------------------------------------------------------- */

guint
ra_window_get_pending_loads (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), 0);
  return self->pending_loads;
}

RaMap *
ra_window_get_map (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return self->map;
}

RaMapView *
ra_window_get_map_view (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return self->map_view;
}

RaLayerPanel *
ra_window_get_layer_panel (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return self->layer_panel;
}

RaStore *
ra_window_get_store (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return self->session != NULL ? ra_project_session_get_store (self->session) : NULL;
}

RaInventoryView *
ra_window_get_inventory_view (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return self->inventory_view;
}

/* Shared by the parts ------------------------------------------------------ */

void
_ra_window_update_content (RaWindow *self)
{
  _ra_window_load_update (self);
  _ra_window_status_update (self);
  _ra_window_update_title (self);
}

void
_ra_window_load_started (RaWindow *self)
{
  self->pending_loads++;
  _ra_window_update_content (self);
}

void
_ra_window_load_finished (RaWindow *self)
{
  g_assert (self->pending_loads > 0);
  self->pending_loads--;
  _ra_window_update_content (self);
}

/* Puts path first in the GSettings list key (at most max entries) and
 * its folder in last-folder.  GSettings holds UTF-8 only: a path in other
 * bytes (a GBK file name) is not remembered. */
void
_ra_window_remember_path (RaWindow *self, const char *key, guint max, const char *path)
{
  g_auto(GStrv) recent = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autofree char *folder = NULL;
  g_auto(GStrv) updated = NULL;
  guint n = 1;

  if (!g_utf8_validate (path, -1, NULL))
    return;
  /* A server's name with a password in it is not kept anywhere. */
  if (ra_store_is_server_name (path))
    {
      g_autofree char *shown = ra_path_display_name (path);

      if (g_strcmp0 (shown, path) != 0)
        return;
    }
  recent = g_settings_get_strv (self->settings, key);
  builder = g_strv_builder_new ();
  folder = g_path_get_dirname (path);
  g_strv_builder_add (builder, path);
  for (guint i = 0; recent[i] != NULL && n < max; i++)
    if (g_strcmp0 (recent[i], path) != 0)
      {
        g_strv_builder_add (builder, recent[i]);
        n++;
      }
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, key, (const char * const *) updated);
  if (!ra_store_is_server_name (path))
    g_settings_set_string (self->settings, "last-folder", folder);
}

/* Signals of the shared objects and of the template --------------------------- */

static void
session_message_cb (RaWindow *self, const char *message)
{
  ra_window_show_message (self, message);
}

static void
selection_changed_cb (RaWindow *self)
{
  _ra_window_status_selection_changed (self);
  _ra_window_inventory_map_selection_changed (self);
}

static void
zoom_to_layer_cb (RaWindow *self, RaLayer *layer)
{
  ra_map_view_zoom_to_layer (self->map_view, layer);
}

static void
panel_message_cb (RaWindow *self, const char *message)
{
  ra_window_show_message (self, message);
}

static void
toggle_sidebar_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaWindow *self = RA_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

/* GObject ---------------------------------------------------------------- */

static gboolean
ra_window_close_request (GtkWindow *window)
{
  RaWindow *self = RA_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  return GTK_WINDOW_CLASS (ra_window_parent_class)->close_request (window);
}

static void
ra_window_dispose (GObject *object)
{
  RaWindow *self = RA_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  _ra_window_added_layers_dispose (self);
  _ra_window_load_dispose (self);
  if (self->session != NULL)
    ra_project_session_close (self->session);
  _ra_window_inventory_dispose (self);
  _ra_window_plan_dispose (self);
  _ra_window_meeting_dispose (self);
  _ra_window_bookmarks_dispose (self);
  _ra_window_sketch_dispose (self);
  _ra_window_network_dispose (self);
  _ra_window_balance_dispose (self);
  _ra_window_project_dispose (self);
  _ra_window_status_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), RA_TYPE_WINDOW);
  g_clear_object (&self->session);
  g_clear_object (&self->figure);
  g_clear_object (&self->map);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->last_message, g_free);

  G_OBJECT_CLASS (ra_window_parent_class)->dispose (object);
}

static void
ra_window_finalize (GObject *object)
{
  RaWindow *self = RA_WINDOW (object);

  /* The parts released what they held at dispose; a handler that still
   * runs during it finds their state in place. */
  g_free (self->status);
  g_free (self->load);
  g_free (self->project);
  g_free (self->inventory);
  g_free (self->plan);
  g_free (self->meeting);
  g_free (self->bookmarks);
  g_free (self->sketch);
  g_free (self->network);
  g_free (self->balance);

  G_OBJECT_CLASS (ra_window_parent_class)->finalize (object);
}

static void
ra_window_class_init (RaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  /* Referencing the resource keeps it (and its constructor) in the link
   * of a static library. */
  (void) ra_get_resource ();

  object_class->dispose = ra_window_dispose;
  object_class->finalize = ra_window_finalize;
  window_class->close_request = ra_window_close_request;

  g_type_ensure (RA_TYPE_MAP_VIEW);
  g_type_ensure (RA_TYPE_LAYER_PANEL);
  g_type_ensure (RA_TYPE_INVENTORY_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/reclaimatlas/ReclaimAtlas/ra-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RaWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RaWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, RaWindow, map_overlay);
  gtk_widget_class_bind_template_child (widget_class, RaWindow, map_view);
  gtk_widget_class_bind_template_child (widget_class, RaWindow, layer_panel);
  gtk_widget_class_bind_template_child (widget_class, RaWindow, inventory_view);
  /* Looked up by name by two parts each (status and dnd; project and
   * meeting); a name is bound once. */
  gtk_widget_class_bind_template_child_full (widget_class, "content_stack", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "banner_revealer", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, zoom_to_layer_cb);
  gtk_widget_class_bind_template_callback (widget_class, panel_message_cb);

  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL, toggle_sidebar_action);

  _ra_window_status_class_init (widget_class);
  _ra_window_load_class_init (widget_class);
  _ra_window_basemap_class_init (widget_class);
  _ra_window_server_class_init (widget_class);
  _ra_window_profile_class_init (widget_class);
  _ra_window_project_class_init (widget_class);
  _ra_window_inventory_class_init (widget_class);
  _ra_window_tables_class_init (widget_class);
  _ra_window_plan_class_init (widget_class);
  _ra_window_meeting_class_init (widget_class);
  _ra_window_bookmarks_class_init (widget_class);
  _ra_window_figures_class_init (widget_class);
  _ra_window_sketch_class_init (widget_class);
  _ra_window_network_class_init (widget_class);
  _ra_window_balance_class_init (widget_class);
}

static void
ra_window_init (RaWindow *self)
{
  g_autoptr(GAction) labels_action = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  labels_action = g_settings_create_action (self->settings, "show-labels");
  g_action_map_add_action (G_ACTION_MAP (self), labels_action);
  g_settings_bind (self->settings, "show-labels", self->map_view, "show-labels",
                   G_SETTINGS_BIND_GET);

  self->map = ra_map_new ();
  self->session = ra_project_session_new (self->map);
  self->figure = ra_figure_source_new (self->map, self->map_view);
  g_signal_connect_object (self->session, "load-started", G_CALLBACK (_ra_window_load_started),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "load-finished", G_CALLBACK (_ra_window_load_finished),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "message", G_CALLBACK (session_message_cb),
                           self, G_CONNECT_SWAPPED);

  /* The order matters where parts answer the same signal: the status bar
   * follows the map first; the project's own reaction to a new store
   * (the inventory) comes before the plan's and the tools'. */
  _ra_window_status_init (self);
  ra_map_view_set_map (self->map_view, self->map);
  ra_layer_panel_set_map (self->layer_panel, self->map);
  _ra_window_load_init (self);
  _ra_window_dnd_init (self);
  _ra_window_project_init (self);
  _ra_window_inventory_init (self);
  _ra_window_tables_init (self);
  _ra_window_plan_init (self);
  _ra_window_meeting_init (self);
  _ra_window_bookmarks_init (self);
  _ra_window_figures_init (self);
  _ra_window_sketch_init (self);
  _ra_window_network_init (self);
  _ra_window_balance_init (self);
  _ra_window_added_layers_init (self);
  _ra_window_update_content (self);
}

RaWindow *
ra_window_new (AdwApplication *app)
{
  return g_object_new (RA_TYPE_WINDOW, "application", app, NULL);
}
