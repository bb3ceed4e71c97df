/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ra-balance-panel.h"
#include "ra-thematic-balance.h"
#include "ra-window-private.h"

/* The water balance (Ctrl+B): the balance panel in a window of its own
 * beside the map, following the map's plan year; the water users' demand
 * year, and the flows and plant donuts on the map, following the panel.
 * Every change of the water tables reads the balance again before the
 * next frame, so the map shows an allocation as soon as it is made.  The
 * panel's rows open the water user and plant supply editors. */

struct _RaWindowBalance
{
  /* owned */
  RaBalancePanel *panel;
  GtkWindow      *window;            /* shows panel; hidden on close */
  guint           refresh_source;
};

static gboolean
is_water_table (const char *table)
{
  static const char * const tables[] = {
    "water_users", "user_demand", "plant_supply", "allocations", "plants", "pipelines",
    "ledger", "indicators", NULL
  };

  return table == NULL || g_strv_contains (tables, table);
}

/* The map --------------------------------------------------------------------- */

static void
update_map (RaWindow *self)
{
  RaWindowBalance *wb = self->balance;
  RaBalance *balance = ra_balance_panel_get_balance (wb->panel);
  RaStore *store = ra_window_get_store (self);
  g_autoptr(GPtrArray) layers = NULL;
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GError) error = NULL;

  if (self->map == NULL)
    return;
  /* Only for projects with water users: no empty layers elsewhere. */
  if (store == NULL || balance == NULL || ra_store_count_rows (store, "water_users", NULL) <= 0)
    {
      ra_thematic_balance_remove_layers (self->map);
      return;
    }
  layers = ra_thematic_balance_build (store, balance, &error);
  if (layers == NULL)
    {
      ra_window_show_message (self, error->message);
      return;
    }
  added = ra_thematic_balance_replace_layers (self->map, layers, &error);
  if (error != NULL)
    ra_window_show_message (self, error->message);
}

/* The panel ------------------------------------------------------------------- */

static gboolean
refresh_cb (gpointer user_data)
{
  RaWindow *self = user_data;

  self->balance->refresh_source = 0;
  ra_balance_panel_refresh (self->balance->panel);
  return G_SOURCE_REMOVE;
}

static void
schedule_refresh (RaWindow *self)
{
  RaWindowBalance *wb = self->balance;

  if (wb->refresh_source == 0)
    wb->refresh_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, refresh_cb, self, NULL);
}

static void
store_changed_cb (RaWindow *self, const char *table, gint64 row_id)
{
  if (is_water_table (table))
    schedule_refresh (self);
}

static void
store_set_cb (RaWindow *self)
{
  RaWindowBalance *wb = self->balance;

  g_clear_handle_id (&wb->refresh_source, g_source_remove);
  /* The year is chosen again once the new project's tables are in. */
  ra_balance_panel_set_year (wb->panel, 0);
  ra_balance_panel_set_store (wb->panel, ra_window_get_store (self));
}

static void
layers_loaded_cb (RaWindow *self, gboolean first)
{
  RaWindowBalance *wb = self->balance;

  /* A new project: the balance year is the map's, else the session's
   * choice for the water users. */
  if (ra_balance_panel_get_year (wb->panel) == 0)
    {
      int year = ra_window_get_year (self);

      if (year == 0 && ra_window_get_store (self) != NULL)
        year = ra_balance_default_year (ra_window_get_store (self), NULL);
      ra_balance_panel_set_year (wb->panel, year);
    }
  update_map (self);
}

static void
plan_year_cb (RaWindow *self)
{
  int year = ra_window_get_year (self);

  /* The balance follows the map's year; without a plan, its own. */
  if (year > 0)
    ra_balance_panel_set_year (self->balance->panel, year);
}

static void
panel_year_cb (RaWindow *self)
{
  ra_project_session_set_year (self->session, ra_balance_panel_get_year (self->balance->panel));
}

static void
panel_message_cb (RaWindow *self, const char *text)
{
  ra_window_show_message (self, text);
}

/* Editing --------------------------------------------------------------------- */

/* Over the balance window when it is shown, else over the main window. */
static GtkWindow *
editor_parent (RaWindow *self)
{
  GtkWindow *balance = self->balance->window;

  return gtk_widget_get_visible (GTK_WIDGET (balance)) ? balance : GTK_WINDOW (self);
}

/* An editor opened, or the reason it could not be read said in the window. */
static gpointer
present_editor (RaWindow *self, gpointer editor, const GError *error)
{
  if (editor == NULL)
    {
      ra_window_show_message (self, error->message);
      return NULL;
    }
  gtk_window_present (GTK_WINDOW (editor));
  return editor;
}

RaWaterUserEditor *
ra_window_edit_water_user (RaWindow *self, gint64 user_id)
{
  RaWaterUserEditor *editor;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  g_return_val_if_fail (ra_window_get_store (self) != NULL, NULL);

  editor = ra_water_user_editor_new (editor_parent (self), ra_window_get_store (self), user_id,
                                     ra_balance_panel_get_year (self->balance->panel), &error);
  return present_editor (self, editor, error);
}

RaPlantSupplyEditor *
ra_window_edit_plant_supply (RaWindow *self, gint64 plant_id)
{
  RaPlantSupplyEditor *editor;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  g_return_val_if_fail (ra_window_get_store (self) != NULL, NULL);

  editor = ra_plant_supply_editor_new (editor_parent (self), ra_window_get_store (self), plant_id,
                                       ra_balance_panel_get_year (self->balance->panel), &error);
  return present_editor (self, editor, error);
}

static void
edit_user_cb (RaWindow *self, gint64 user_id)
{
  ra_window_edit_water_user (self, user_id);
}

RaWaterUserEditor *
ra_window_add_water_user (RaWindow *self, const char *wkt)
{
  RaWaterUserEditor *editor;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  g_return_val_if_fail (wkt != NULL, NULL);

  if (ra_window_get_store (self) == NULL)
    return NULL;
  editor = ra_water_user_editor_new_at (editor_parent (self), ra_window_get_store (self), wkt,
                                        ra_balance_panel_get_year (self->balance->panel), &error);
  return present_editor (self, editor, error);
}

static void
delete_user_response_cb (AdwMessageDialog *dialog, const char *response, RaWindow *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (dialog), "ra-user-id");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "delete") != 0 || ra_window_get_store (self) == NULL)
    return;
  if (!ra_store_delete_row (ra_window_get_store (self), "water_users", *id, &error))
    ra_window_show_message (self, error->message);
  else
    ra_window_show_message (self, _("Water user deleted. Undo brings it back."));
}

AdwMessageDialog *
ra_window_delete_water_user (RaWindow *self, gint64 user_id)
{
  RaBalance *balance;
  const char *name = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  if (!_ra_window_check_writable (self))
    return NULL;
  balance = ra_balance_panel_get_balance (self->balance->panel);
  for (guint i = 0; balance != NULL && i < ra_balance_get_users (balance)->len; i++)
    {
      const RaBalanceUser *u = &g_array_index (ra_balance_get_users (balance), RaBalanceUser, i);
      if (u->id == user_id)
        name = u->name;
    }
  body = g_strdup_printf (_("“%s”, its demand and its allocations in every year are removed "
                            "from the project."), name != NULL ? name : "");
  dialog = adw_message_dialog_new (editor_parent (self), _("Delete Water User?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "ra-user-id", g_memdup2 (&user_id, sizeof user_id),
                          g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_user_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return ADW_MESSAGE_DIALOG (dialog);
}

static void
delete_user_cb (RaWindow *self, gint64 user_id)
{
  ra_window_delete_water_user (self, user_id);
}

static void
edit_plant_cb (RaWindow *self, gint64 plant_id)
{
  ra_window_edit_plant_supply (self, plant_id);
}

/* Actions ---------------------------------------------------------------------- */

static void
show_balance_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaWindow *self = RA_WINDOW (widget);

  if (ra_window_get_store (self) == NULL)
    {
      ra_window_show_message (self, _("Open a project first"));
      return;
    }
  gtk_window_present (self->balance->window);
}

/* The point tool for water users: the map takes the click, the editor the rest. */
static void
add_water_user_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaWindow *self = RA_WINDOW (widget);

  if (!_ra_window_check_writable (self))
    return;
  gtk_widget_activate_action (widget, "sketch.tool", "s", "point:water_user");
  gtk_window_present (GTK_WINDOW (self));
  ra_window_show_message (self, _("Click the map where the water user is"));
}

/* Setup ------------------------------------------------------------------------- */

RaBalancePanel *
ra_window_get_balance_panel (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return self->balance != NULL ? self->balance->panel : NULL;
}

GtkWindow *
ra_window_get_balance_window (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return self->balance != NULL ? self->balance->window : NULL;
}

void
_ra_window_balance_class_init (GtkWidgetClass *widget_class)
{
  g_type_ensure (RA_TYPE_BALANCE_PANEL);
  gtk_widget_class_install_action (widget_class, "win.show-balance", NULL, show_balance_action);
  gtk_widget_class_install_action (widget_class, "win.add-water-user", NULL,
                                   add_water_user_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK,
                                       "win.show-balance", NULL);
}

void
_ra_window_balance_init (RaWindow *self)
{
  RaWindowBalance *wb = self->balance = g_new0 (RaWindowBalance, 1);
  GtkWidget *box, *header;

  wb->panel = g_object_ref_sink (RA_BALANCE_PANEL (ra_balance_panel_new ()));
  /* Tables want width: a window of its own, as the network checks. */
  wb->window = g_object_new (ADW_TYPE_WINDOW,
                             "title", _("Water Balance"),
                             "transient-for", self,
                             "hide-on-close", TRUE,
                             "default-width", 760,
                             "default-height", 620,
                             NULL);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (_("Water Balance"), NULL));
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_vexpand (GTK_WIDGET (wb->panel), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (wb->panel));
  adw_window_set_content (ADW_WINDOW (wb->window), box);

  g_signal_connect_object (wb->panel, "balance-changed", G_CALLBACK (update_map), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (wb->panel, "notify::year", G_CALLBACK (panel_year_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (wb->panel, "message", G_CALLBACK (panel_message_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (wb->panel, "edit-user", G_CALLBACK (edit_user_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (wb->panel, "edit-plant", G_CALLBACK (edit_plant_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (wb->panel, "delete-user", G_CALLBACK (delete_user_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->figure, "notify::year", G_CALLBACK (plan_year_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::store", G_CALLBACK (store_set_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "store-changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "layers-loaded", G_CALLBACK (layers_loaded_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

void
_ra_window_balance_dispose (RaWindow *self)
{
  RaWindowBalance *wb = self->balance;

  if (wb == NULL)
    return;
  g_clear_handle_id (&wb->refresh_source, g_source_remove);
  if (wb->panel != NULL)
    ra_balance_panel_set_store (wb->panel, NULL);
  g_clear_object (&wb->panel);
  if (wb->window != NULL)
    gtk_window_destroy (g_steal_pointer (&wb->window));
}
