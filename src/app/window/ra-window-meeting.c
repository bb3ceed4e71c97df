/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ra-compare-view.h"
#include "ra-export-dialog.h"
#include "ra-layout-editor.h"
#include "ra-views.h"
#include "ra-window-private.h"

/* Meeting mode and map figures: presentation mode (F5: fullscreen map,
 * larger labels and symbols, chrome hidden, the legend over the map, Esc
 * leaves), bookmarks (saved views in the project; PgUp/PgDn step through
 * them), two years side by side, and the print layout editor and map
 * export.
 *
 * Bookmarks for the counties: a sample project gets one per county the
 * first time it is opened with none (it is ours to write to); any other
 * project starts with none and gets them from Bookmarks ▸ One per County,
 * so opening a user's file never writes to it. */

#define PRESENT_LABEL_SCALE  1.6
#define PRESENT_SYMBOL_SCALE 1.5

static void reload_bookmarks (RaWindow *self);

/* Layout context ------------------------------------------------------------- */

RaLayoutContext *
ra_window_dup_layout_context (RaWindow *self)
{
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autofree char *project = NULL;
  g_autofree char *date = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  RaLayoutContext ctx = { 0 };

  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);

  snap = ra_map_snapshot_new (self->map);
  project = self->store != NULL ? ra_store_dup_project_name (self->store) : NULL;
  date = g_date_time_format (now, "%Y-%m-%d");
  ctx.snapshot = snap;
  ctx.view = ra_map_view_has_view (self->map_view) ? ra_map_view_get_view (self->map_view) : NULL;
  ctx.project_name = project;
  ctx.year = self->year;
  ctx.date = date;
  return ra_layout_context_copy (&ctx);
}

/* Presentation ------------------------------------------------------------------ */

gboolean
ra_window_get_presenting (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), FALSE);
  return self->presenting;
}

GtkWidget *
ra_window_get_presentation_legend (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return self->present_legend;
}

static RaMapView *
active_map_view (RaWindow *self)
{
  return self->comparing ? ra_compare_view_get_map_view (self->compare_view, 0) : self->map_view;
}

void
ra_window_set_presenting (RaWindow *self, gboolean presenting)
{
  double label_scale = presenting ? PRESENT_LABEL_SCALE : 1.0;
  double symbol_scale = presenting ? PRESENT_SYMBOL_SCALE : 1.0;

  g_return_if_fail (RA_IS_WINDOW (self));

  presenting = !!presenting;
  if (self->presenting == presenting)
    return;
  self->presenting = presenting;

  if (presenting)
    {
      self->saved_flap_reveal = adw_flap_get_reveal_flap (self->flap);
      self->saved_inventory_visible = gtk_widget_get_visible (GTK_WIDGET (self->inventory_view));
      adw_flap_set_reveal_flap (self->flap, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->inventory_view), FALSE);
      /* Tool palettes floating over the map are editing chrome too. */
      for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->map_overlay));
           child != NULL; child = gtk_widget_get_next_sibling (child))
        if (child != GTK_WIDGET (self->map_view) && child != self->present_legend_box &&
            child != GTK_WIDGET (self->compare_view) && gtk_widget_get_visible (child))
          {
            gtk_widget_set_visible (child, FALSE);
            g_ptr_array_add (self->present_hidden, g_object_ref (child));
          }
    }
  else
    {
      adw_flap_set_reveal_flap (self->flap, self->saved_flap_reveal);
      gtk_widget_set_visible (GTK_WIDGET (self->inventory_view), self->saved_inventory_visible);
      for (guint i = 0; i < self->present_hidden->len; i++)
        gtk_widget_set_visible (g_ptr_array_index (self->present_hidden, i), TRUE);
      g_ptr_array_set_size (self->present_hidden, 0);
    }
  gtk_widget_set_visible (self->header_bar, !presenting);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_revealer), !presenting);
  gtk_widget_set_visible (self->status_separator, !presenting);
  _ra_window_update_content (self);   /* the status bar */
  /* The comparison has a legend of its own. */
  gtk_widget_set_visible (self->present_legend_box, presenting && !self->comparing);
  if (self->compare_view != NULL)
    ra_compare_view_set_show_legend (self->compare_view, presenting);

  ra_map_view_set_render_scale (self->map_view, label_scale, symbol_scale);
  if (self->compare_view != NULL)
    ra_compare_view_set_render_scale (self->compare_view, label_scale, symbol_scale);

  if (presenting)
    gtk_window_fullscreen (GTK_WINDOW (self));
  else
    gtk_window_unfullscreen (GTK_WINDOW (self));
  gtk_widget_grab_focus (GTK_WIDGET (active_map_view (self)));
}

static void
presentation_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaWindow *self = RA_WINDOW (widget);

  ra_window_set_presenting (self, !self->presenting);
}

/* Comparison ---------------------------------------------------------------------- */

gboolean
ra_window_get_comparing (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), FALSE);
  return self->comparing;
}

RaCompareView *
ra_window_get_compare_view (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return self->compare_view;
}

/* The comparison starts where the main map is, once its views have a size
 * (before that a view would be replaced by the fit to the data). */
static gboolean
compare_initial_view_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  RaWindow *self = RA_WINDOW (user_data);
  RaMapView *left;

  if (!self->comparing)
    return G_SOURCE_REMOVE;
  left = ra_compare_view_get_map_view (self->compare_view, 0);
  if (gtk_widget_get_width (GTK_WIDGET (left)) <= 0)
    return G_SOURCE_CONTINUE;
  if (ra_map_view_has_view (self->map_view))
    {
      RaBBox bbox;

      /* What the main map showed, fitted into the narrower sides. */
      ra_view_get_bbox (ra_map_view_get_view (self->map_view), &bbox);
      ra_map_view_zoom_to_bbox (left, &bbox);
    }
  return G_SOURCE_REMOVE;
}

gboolean
ra_window_set_comparing (RaWindow *self, gboolean comparing)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (RA_IS_WINDOW (self), FALSE);

  comparing = !!comparing;
  if (self->comparing == comparing)
    return TRUE;

  if (comparing)
    {
      guint n = 0;
      const int *years = self->plan != NULL ? ra_plan_get_years (self->plan, &n) : NULL;
      int left, right;

      if (self->plan == NULL || self->store == NULL || n == 0)
        {
          ra_window_show_message (self, _("Open a project with a plan to compare its years"));
          return FALSE;
        }
      /* The year shown against the plan's last (or its first, from the last). */
      left = ra_plan_has_year (self->plan, self->year) ? self->year : years[0];
      right = years[n - 1];
      if (right == left)
        {
          left = years[0];
          right = self->year;
        }
      if (self->compare_view == NULL)
        {
          self->compare_view = RA_COMPARE_VIEW (ra_compare_view_new ());
          gtk_overlay_add_overlay (self->map_overlay, GTK_WIDGET (self->compare_view));
        }
      if (!ra_compare_view_setup (self->compare_view, self->map, self->plan, self->store,
                                  self->thematic_mode,
                                  _ra_window_plan_flags (self),
                                  left, right, &error))
        {
          ra_window_show_message (self, error->message);
          return FALSE;
        }
      self->comparing = TRUE;
      ra_compare_view_set_render_scale (self->compare_view,
                                        self->presenting ? PRESENT_LABEL_SCALE : 1.0,
                                        self->presenting ? PRESENT_SYMBOL_SCALE : 1.0);
      gtk_widget_set_visible (GTK_WIDGET (self->compare_view), TRUE);
      ra_compare_view_set_show_legend (self->compare_view, self->presenting);
      gtk_widget_add_tick_callback (GTK_WIDGET (self->compare_view), compare_initial_view_cb,
                                    self, NULL);
      gtk_widget_grab_focus (GTK_WIDGET (ra_compare_view_get_map_view (self->compare_view, 0)));
    }
  else
    {
      self->comparing = FALSE;
      ra_compare_view_clear (self->compare_view);
      gtk_widget_set_visible (GTK_WIDGET (self->compare_view), FALSE);
      gtk_widget_grab_focus (GTK_WIDGET (self->map_view));
    }
  gtk_widget_set_visible (self->present_legend_box, self->presenting && !self->comparing);
  return TRUE;
}

static void
compare_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaWindow *self = RA_WINDOW (widget);

  ra_window_set_comparing (self, !self->comparing);
}

/* Bookmarks ------------------------------------------------------------------------- */

GPtrArray *
ra_window_get_bookmarks (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return self->bookmarks;
}

int
ra_window_get_bookmark_index (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), -1);
  return self->bookmark_index;
}

gboolean
ra_window_go_to_bookmark (RaWindow *self, int index)
{
  RaMapView *view;
  RaBookmark *bookmark;
  RaCrs *crs;
  RaView v;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (RA_IS_WINDOW (self), FALSE);

  if (index < 0 || (guint) index >= self->bookmarks->len)
    return FALSE;
  bookmark = g_ptr_array_index (self->bookmarks, index);
  view = active_map_view (self);
  crs = ra_map_get_crs (self->map);
  if (crs == NULL)
    return FALSE;
  v = *ra_map_view_get_view (view);
  if (!ra_bookmark_apply (bookmark, &v, crs, &error))
    {
      ra_window_show_message (self, error->message);
      return FALSE;
    }
  ra_map_view_set_view (view, &v);
  self->bookmark_index = index;

  {
    g_autofree char *markup = g_markup_escape_text (bookmark->name, -1);
    AdwToast *toast;

    /* Stepping quickly renames the toast shown rather than queueing one
     * per step. */
    if (self->bookmark_toast != NULL)
      adw_toast_set_title (self->bookmark_toast, markup);
    else
      {
        toast = adw_toast_new (markup);
        adw_toast_set_timeout (toast, 2);
        g_set_weak_pointer (&self->bookmark_toast, toast);
        adw_toast_overlay_add_toast (self->toast_overlay, toast);
      }
  }
  return TRUE;
}

gboolean
ra_window_step_bookmark (RaWindow *self, int delta)
{
  int n;

  g_return_val_if_fail (RA_IS_WINDOW (self), FALSE);

  n = (int) self->bookmarks->len;
  if (n == 0)
    return FALSE;
  /* Round and round: a meeting goes through the counties and back. */
  if (self->bookmark_index < 0)
    return ra_window_go_to_bookmark (self, delta > 0 ? 0 : n - 1);
  return ra_window_go_to_bookmark (self, ((self->bookmark_index + delta) % n + n) % n);
}

static void
rebuild_bookmark_menus (RaWindow *self)
{
  g_menu_remove_all (self->bookmarks_menu);
  g_menu_remove_all (self->bookmarks_delete_menu);
  for (guint i = 0; i < self->bookmarks->len; i++)
    {
      RaBookmark *bookmark = g_ptr_array_index (self->bookmarks, i);
      g_autoptr(GMenuItem) go = g_menu_item_new (bookmark->name, NULL);
      g_autoptr(GMenuItem) del = g_menu_item_new (bookmark->name, NULL);

      g_menu_item_set_action_and_target_value (go, "win.bookmark-go", g_variant_new_int32 (i));
      g_menu_append_item (self->bookmarks_menu, go);
      g_menu_item_set_action_and_target_value (del, "win.bookmark-delete",
                                               g_variant_new_string (bookmark->name));
      g_menu_append_item (self->bookmarks_delete_menu, del);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.bookmark-next", self->bookmarks->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.bookmark-prev", self->bookmarks->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.bookmark-add", self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.bookmark-counties", self->store != NULL);
}

static void
reload_bookmarks (RaWindow *self)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_set_size (self->bookmarks, 0);
  self->bookmark_index = -1;
  if (self->store != NULL)
    list = ra_views_list_bookmarks (self->store, &error);
  if (list == NULL && error != NULL)
    ra_window_show_message (self, error->message);
  for (guint i = 0; list != NULL && i < list->len; i++)
    g_ptr_array_add (self->bookmarks, ra_bookmark_copy (g_ptr_array_index (list, i)));
  rebuild_bookmark_menus (self);
}

/* A project was opened: its bookmarks, made for the counties of a sample. */
static void
project_changed (RaWindow *self)
{
  g_autofree char *sample = NULL;

  self->bookmarks_generation = self->project_generation;
  reload_bookmarks (self);
  if (self->store == NULL || self->bookmarks->len > 0 || ra_store_is_read_only (self->store))
    return;
  sample = ra_views_dup_sample_name (self->store);
  if (sample != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (ra_views_create_county_bookmarks (self->store, ra_map_get_crs (self->map), &error) < 0)
        g_debug ("County bookmarks: %s", error->message);
      reload_bookmarks (self);
    }
}

static void
map_changed_cb (RaWindow *self)
{
  /* The map is emptied and refilled whenever a project is set; by its
   * first layers the store is in place. */
  if (self->bookmarks_generation != self->project_generation && self->store != NULL &&
      ra_map_get_n_layers (self->map) > 0)
    project_changed (self);
  else if (self->store == NULL && self->bookmarks->len > 0)
    reload_bookmarks (self);
}

static void
bookmark_go_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ra_window_go_to_bookmark (RA_WINDOW (widget), g_variant_get_int32 (param));
}

static void
bookmark_next_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ra_window_step_bookmark (RA_WINDOW (widget), 1);
}

static void
bookmark_prev_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ra_window_step_bookmark (RA_WINDOW (widget), -1);
}

static void
bookmark_delete_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaWindow *self = RA_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;
  if (!ra_views_delete_bookmark (self->store, g_variant_get_string (param, NULL), &error))
    ra_window_show_message (self, error->message);
  reload_bookmarks (self);
}

gboolean
ra_window_add_bookmark (RaWindow *self, const char *name, GError **error)
{
  RaCrs *crs;
  const RaView *view;
  g_autoptr(RaBookmark) bookmark = NULL;

  g_return_val_if_fail (RA_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  crs = ra_map_get_crs (self->map);
  view = ra_map_view_get_view (active_map_view (self));
  if (self->store == NULL || crs == NULL || !ra_map_view_has_view (active_map_view (self)))
    {
      g_set_error_literal (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                           _("Bookmarks are kept in a project: open or create one first"));
      return FALSE;
    }
  bookmark = ra_bookmark_new (name,
                              ra_crs_get_auth_id (crs) != NULL ? ra_crs_get_auth_id (crs)
                                                               : ra_crs_get_definition (crs),
                              view->cx, view->cy, ra_view_scale_denominator (view, crs));
  if (ra_views_save_bookmark (self->store, bookmark, error) == 0)
    return FALSE;
  reload_bookmarks (self);
  return TRUE;
}

static void
add_response_cb (AdwMessageDialog *dialog, const char *response, RaWindow *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (g_strcmp0 (response, "add") != 0 || name[0] == '\0')
    return;
  if (!ra_window_add_bookmark (self, name, &error))
    ra_window_show_message (self, error->message);
}

static void
bookmark_add_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaWindow *self = RA_WINDOW (widget);
  GtkWidget *dialog, *entry;
  /* Translators: default name of a new bookmark. */
  g_autofree char *suggested = g_strdup_printf (_("View %u"), self->bookmarks->len + 1);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Add Bookmark"),
                                   _("The current view is saved in the project under this name."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "add", _("_Add"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), suggested);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (add_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
bookmark_counties_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaWindow *self = RA_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  int n;

  if (self->store == NULL)
    return;
  n = ra_views_create_county_bookmarks (self->store, ra_map_get_crs (self->map), &error);
  if (n < 0)
    ra_window_show_message (self, error->message);
  reload_bookmarks (self);
}

/* Keys: Esc leaves the modes; PgUp/PgDn step through the bookmarks on a
 * map (anywhere while presenting), before the focused widget sees them. */
static gboolean
focus_in_popover (RaWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  return focus != NULL && gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL;
}

static gboolean
escape_cb (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  RaWindow *self = RA_WINDOW (widget);

  if (focus_in_popover (self))
    return FALSE;
  if (self->presenting)
    ra_window_set_presenting (self, FALSE);
  else if (self->comparing)
    ra_window_set_comparing (self, FALSE);
  else
    return FALSE;
  return TRUE;
}

static gboolean
page_key_cb (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  RaWindow *self = RA_WINDOW (widget);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (!self->presenting && !RA_IS_MAP_VIEW (focus))
    return FALSE;
  return ra_window_step_bookmark (self, g_variant_get_int32 (args));
}

static void
add_key (GtkShortcutController *controller, guint keyval, GtkShortcutFunc func, int arg)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keyval, 0),
                                            gtk_callback_action_new (func, NULL, NULL));

  gtk_shortcut_set_arguments (shortcut, g_variant_new_int32 (arg));
  gtk_shortcut_controller_add_shortcut (controller, shortcut);
}

/* Layouts and export ----------------------------------------------------------------- */

RaLayoutEditor *
ra_window_show_layout_editor (RaWindow *self)
{
  RaLayoutEditor *editor;

  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);

  editor = ra_layout_editor_new (self);
  gtk_window_present (GTK_WINDOW (editor));
  return editor;
}

RaExportDialog *
ra_window_show_export_dialog (RaWindow *self)
{
  g_autoptr(RaLayout) layout = NULL;
  g_autoptr(RaLayoutContext) ctx = NULL;
  g_autofree char *project = NULL;
  RaExportDialog *dialog;

  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);

  /* The project's first saved layout, else the default figure. */
  if (self->store != NULL)
    {
      g_auto(GStrv) names = ra_views_list_layouts (self->store, NULL);

      if (names != NULL && names[0] != NULL)
        layout = ra_views_load_layout (self->store, names[0], NULL);
      if (layout == NULL)
        layout = ra_views_new_default_layout (self->store, RA_PAGE_A4, TRUE);
      project = ra_store_dup_project_name (self->store);
    }
  else
    layout = ra_layout_new_default (RA_PAGE_A4, TRUE, NULL);
  ctx = ra_window_dup_layout_context (self);
  dialog = ra_export_dialog_new (GTK_WINDOW (self), layout, ctx, project);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
layout_editor_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ra_window_show_layout_editor (RA_WINDOW (widget));
}

static void
export_map_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ra_window_show_export_dialog (RA_WINDOW (widget));
}

/* Setup ------------------------------------------------------------------------------- */

void
_ra_window_meeting_class_init (GtkWidgetClass *widget_class)
{
  g_type_ensure (RA_TYPE_COMPARE_VIEW);

  gtk_widget_class_bind_template_child (widget_class, RaWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, RaWindow, map_overlay);
  gtk_widget_class_bind_template_child (widget_class, RaWindow, status_separator);
  gtk_widget_class_bind_template_child (widget_class, RaWindow, bookmarks_menu);
  gtk_widget_class_bind_template_child (widget_class, RaWindow, bookmarks_delete_menu);

  gtk_widget_class_install_action (widget_class, "win.presentation", NULL, presentation_action);
  gtk_widget_class_install_action (widget_class, "win.compare", NULL, compare_action);
  gtk_widget_class_install_action (widget_class, "win.bookmark-go", "i", bookmark_go_action);
  gtk_widget_class_install_action (widget_class, "win.bookmark-next", NULL, bookmark_next_action);
  gtk_widget_class_install_action (widget_class, "win.bookmark-prev", NULL, bookmark_prev_action);
  gtk_widget_class_install_action (widget_class, "win.bookmark-add", NULL, bookmark_add_action);
  gtk_widget_class_install_action (widget_class, "win.bookmark-delete", "s", bookmark_delete_action);
  gtk_widget_class_install_action (widget_class, "win.bookmark-counties", NULL,
                                   bookmark_counties_action);
  gtk_widget_class_install_action (widget_class, "win.layout-editor", NULL, layout_editor_action);
  gtk_widget_class_install_action (widget_class, "win.export-map", NULL, export_map_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.presentation", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "win.layout-editor", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.export-map", NULL);
}

void
_ra_window_meeting_init (RaWindow *self)
{
  GtkEventController *keys;
  GtkWidget *scroller;

  self->bookmarks = g_ptr_array_new_with_free_func ((GDestroyNotify) ra_bookmark_free);
  self->bookmark_index = -1;
  self->bookmarks_generation = G_MAXUINT;
  self->present_hidden = g_ptr_array_new_with_free_func (g_object_unref);

  /* The legend over the map while presenting: the sidebar's is hidden. */
  self->present_legend = ra_legend_view_new ();
  ra_legend_view_set_map (RA_LEGEND_VIEW (self->present_legend), self->map);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 560);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->present_legend);
  gtk_widget_set_halign (scroller, GTK_ALIGN_START);
  gtk_widget_set_valign (scroller, GTK_ALIGN_END);
  gtk_widget_set_margin_start (scroller, 16);
  gtk_widget_set_margin_bottom (scroller, 16);
  gtk_widget_add_css_class (scroller, "ra-map-card");
  gtk_widget_add_css_class (scroller, "ra-legend-card");
  gtk_widget_set_can_target (scroller, FALSE);
  gtk_widget_set_visible (scroller, FALSE);
  self->present_legend_box = scroller;
  gtk_overlay_add_overlay (self->map_overlay, scroller);

  keys = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  add_key (GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_Escape, escape_cb, 0);
  add_key (GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_Page_Down, page_key_cb, 1);
  add_key (GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_Page_Up, page_key_cb, -1);
  add_key (GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_KP_Page_Down, page_key_cb, 1);
  add_key (GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_KP_Page_Up, page_key_cb, -1);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  g_signal_connect_object (self->map, "changed", G_CALLBACK (map_changed_cb), self,
                           G_CONNECT_SWAPPED);
  rebuild_bookmark_menus (self);
}

void
_ra_window_meeting_dispose (RaWindow *self)
{
  if (self->compare_view != NULL)
    ra_compare_view_clear (self->compare_view);
  if (self->map != NULL)
    g_signal_handlers_disconnect_by_func (self->map, map_changed_cb, self);
  g_clear_pointer (&self->bookmarks, g_ptr_array_unref);
  g_clear_pointer (&self->present_hidden, g_ptr_array_unref);
  g_clear_weak_pointer (&self->bookmark_toast);
}
