/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ra-views.h"
#include "ra-window-private.h"

/* Bookmarks: views saved in the project, in the Bookmarks menu, gone to by
 * name or stepped through with PgUp/PgDn (ra-window-meeting.c) on the main
 * map or the comparison's.
 *
 * Bookmarks for the counties: a sample project gets one per county the
 * first time it is opened with none (it is ours to write to); any other
 * project starts with none and gets them from Bookmarks ▸ One per County,
 * so opening a user's file never writes to it. */

struct _RaWindowBookmarks
{
  /* template */
  GMenu     *menu;             /* go to */
  GMenu     *delete_menu;

  /* owned */
  GPtrArray *bookmarks;        /* RaBookmark*, the project's */
  int        index;            /* last gone to; -1: none */
  guint      generation;       /* the session's generation they were read for */
  AdwToast  *toast;            /* (nullable) weak: the name of the bookmark gone to */
};

/* Going to a bookmark -------------------------------------------------------- */

GPtrArray *
ra_window_get_bookmarks (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return self->bookmarks->bookmarks;
}

int
ra_window_get_bookmark_index (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), -1);
  return self->bookmarks->index;
}

gboolean
ra_window_go_to_bookmark (RaWindow *self, int index)
{
  RaWindowBookmarks *bk;
  RaMapView *view;
  RaBookmark *bookmark;
  RaCrs *crs;
  RaView v;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (RA_IS_WINDOW (self), FALSE);

  bk = self->bookmarks;
  if (index < 0 || (guint) index >= bk->bookmarks->len)
    return FALSE;
  bookmark = g_ptr_array_index (bk->bookmarks, index);
  view = _ra_window_get_active_map_view (self);
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
  bk->index = index;

  {
    g_autofree char *markup = g_markup_escape_text (bookmark->name, -1);
    AdwToast *toast;

    /* Stepping quickly renames the toast shown rather than queueing one
     * per step. */
    if (bk->toast != NULL)
      adw_toast_set_title (bk->toast, markup);
    else
      {
        toast = adw_toast_new (markup);
        adw_toast_set_timeout (toast, 2);
        g_set_weak_pointer (&bk->toast, toast);
        adw_toast_overlay_add_toast (self->toast_overlay, toast);
      }
  }
  return TRUE;
}

gboolean
ra_window_step_bookmark (RaWindow *self, int delta)
{
  RaWindowBookmarks *bk;
  int n;

  g_return_val_if_fail (RA_IS_WINDOW (self), FALSE);

  bk = self->bookmarks;
  n = (int) bk->bookmarks->len;
  if (n == 0)
    return FALSE;
  /* Round and round: a meeting goes through the counties and back. */
  if (bk->index < 0)
    return ra_window_go_to_bookmark (self, delta > 0 ? 0 : n - 1);
  return ra_window_go_to_bookmark (self, ((bk->index + delta) % n + n) % n);
}

/* The project's bookmarks ------------------------------------------------------ */

static void
rebuild_menus (RaWindow *self)
{
  RaWindowBookmarks *bk = self->bookmarks;
  gboolean has_store = ra_window_get_store (self) != NULL;

  g_menu_remove_all (bk->menu);
  g_menu_remove_all (bk->delete_menu);
  for (guint i = 0; i < bk->bookmarks->len; i++)
    {
      RaBookmark *bookmark = g_ptr_array_index (bk->bookmarks, i);
      g_autoptr(GMenuItem) go = g_menu_item_new (bookmark->name, NULL);
      g_autoptr(GMenuItem) del = g_menu_item_new (bookmark->name, NULL);

      g_menu_item_set_action_and_target_value (go, "win.bookmark-go", g_variant_new_int32 (i));
      g_menu_append_item (bk->menu, go);
      g_menu_item_set_action_and_target_value (del, "win.bookmark-delete",
                                               g_variant_new_string (bookmark->name));
      g_menu_append_item (bk->delete_menu, del);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.bookmark-next", bk->bookmarks->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.bookmark-prev", bk->bookmarks->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.bookmark-add", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.bookmark-counties", has_store);
}

static void
reload_bookmarks (RaWindow *self)
{
  RaWindowBookmarks *bk = self->bookmarks;
  RaStore *store = ra_window_get_store (self);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_set_size (bk->bookmarks, 0);
  bk->index = -1;
  if (store != NULL)
    list = ra_views_list_bookmarks (store, &error);
  if (list == NULL && error != NULL)
    ra_window_show_message (self, error->message);
  for (guint i = 0; list != NULL && i < list->len; i++)
    g_ptr_array_add (bk->bookmarks, ra_bookmark_copy (g_ptr_array_index (list, i)));
  rebuild_menus (self);
}

/* A project was opened: its bookmarks, made for the counties of a sample. */
static void
project_changed (RaWindow *self)
{
  RaWindowBookmarks *bk = self->bookmarks;
  RaStore *store = ra_window_get_store (self);
  g_autofree char *sample = NULL;

  bk->generation = ra_project_session_get_generation (self->session);
  reload_bookmarks (self);
  if (store == NULL || bk->bookmarks->len > 0 || ra_store_is_read_only (store))
    return;
  sample = ra_views_dup_sample_name (store);
  if (sample != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (ra_views_create_county_bookmarks (store, ra_map_get_crs (self->map), &error) < 0)
        g_debug ("County bookmarks: %s", error->message);
      reload_bookmarks (self);
    }
}

static void
map_changed_cb (RaWindow *self)
{
  RaWindowBookmarks *bk = self->bookmarks;
  RaStore *store = ra_window_get_store (self);

  /* The map is emptied and refilled whenever a project is set; by its
   * first layers the store is in place. */
  if (bk->generation != ra_project_session_get_generation (self->session) && store != NULL &&
      ra_map_get_n_layers (self->map) > 0)
    project_changed (self);
  else if (store == NULL && bk->bookmarks->len > 0)
    reload_bookmarks (self);
}

gboolean
ra_window_add_bookmark (RaWindow *self, const char *name, GError **error)
{
  RaStore *store;
  RaMapView *map_view;
  RaCrs *crs;
  const RaView *view;
  g_autoptr(RaBookmark) bookmark = NULL;

  g_return_val_if_fail (RA_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  store = ra_window_get_store (self);
  map_view = _ra_window_get_active_map_view (self);
  crs = ra_map_get_crs (self->map);
  view = ra_map_view_get_view (map_view);
  if (store == NULL || crs == NULL || !ra_map_view_has_view (map_view))
    {
      g_set_error_literal (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                           _("Bookmarks are kept in a project: open or create one first"));
      return FALSE;
    }
  bookmark = ra_bookmark_new (name,
                              ra_crs_get_auth_id (crs) != NULL ? ra_crs_get_auth_id (crs)
                                                               : ra_crs_get_definition (crs),
                              view->cx, view->cy, ra_view_scale_denominator (view, crs));
  if (ra_views_save_bookmark (store, bookmark, error) == 0)
    return FALSE;
  reload_bookmarks (self);
  return TRUE;
}

/* Actions ----------------------------------------------------------------- */

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
  RaStore *store = ra_window_get_store (self);
  g_autoptr(GError) error = NULL;

  if (store == NULL)
    return;
  if (!ra_views_delete_bookmark (store, g_variant_get_string (param, NULL), &error))
    ra_window_show_message (self, error->message);
  reload_bookmarks (self);
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
  g_autofree char *suggested = g_strdup_printf (_("View %u"), self->bookmarks->bookmarks->len + 1);

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
  RaStore *store = ra_window_get_store (self);
  g_autoptr(GError) error = NULL;
  int n;

  if (store == NULL)
    return;
  n = ra_views_create_county_bookmarks (store, ra_map_get_crs (self->map), &error);
  if (n < 0)
    ra_window_show_message (self, error->message);
  reload_bookmarks (self);
}

/* Setup ------------------------------------------------------------------- */

void
_ra_window_bookmarks_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child_full (widget_class, "bookmarks_menu", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "bookmarks_delete_menu", FALSE, 0);

  gtk_widget_class_install_action (widget_class, "win.bookmark-go", "i", bookmark_go_action);
  gtk_widget_class_install_action (widget_class, "win.bookmark-next", NULL, bookmark_next_action);
  gtk_widget_class_install_action (widget_class, "win.bookmark-prev", NULL, bookmark_prev_action);
  gtk_widget_class_install_action (widget_class, "win.bookmark-add", NULL, bookmark_add_action);
  gtk_widget_class_install_action (widget_class, "win.bookmark-delete", "s", bookmark_delete_action);
  gtk_widget_class_install_action (widget_class, "win.bookmark-counties", NULL,
                                   bookmark_counties_action);
}

void
_ra_window_bookmarks_init (RaWindow *self)
{
  RaWindowBookmarks *bk = self->bookmarks = g_new0 (RaWindowBookmarks, 1);

  bk->menu = G_MENU (_ra_window_template_child (self, "bookmarks_menu"));
  bk->delete_menu = G_MENU (_ra_window_template_child (self, "bookmarks_delete_menu"));
  bk->bookmarks = g_ptr_array_new_with_free_func ((GDestroyNotify) ra_bookmark_free);
  bk->index = -1;
  bk->generation = G_MAXUINT;

  g_signal_connect_object (self->map, "changed", G_CALLBACK (map_changed_cb), self,
                           G_CONNECT_SWAPPED);
  rebuild_menus (self);
}

void
_ra_window_bookmarks_dispose (RaWindow *self)
{
  RaWindowBookmarks *bk = self->bookmarks;

  if (bk == NULL)
    return;
  if (self->map != NULL)
    g_signal_handlers_disconnect_by_func (self->map, map_changed_cb, self);
  g_clear_pointer (&bk->bookmarks, g_ptr_array_unref);
  g_clear_weak_pointer (&bk->toast);
}
