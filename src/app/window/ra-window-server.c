/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Open Server Project (issue 19): a project on a PostgreSQL + PostGIS
 * server, named by a connection URI ("postgresql://planner@db/zhangye") or
 * a service of ~/.pg_service.conf ("service=zhangye").  Connecting runs in
 * a worker (a server that does not answer takes up to 10 s), the window
 * stays usable meanwhile.  A server that asks for a password gets one typed
 * here: handed to libpq, never kept in settings, the recent list or logs;
 * a wrong one asks again.  The same path opens a server name from the
 * recent list and from the command line. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "ra-paths.h"
#include "ra-window-private.h"

typedef struct {
  char *name;
  char *password;   /* NULL: libpq's own sources */
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->name);
  if (data->password != NULL)
    memset (data->password, 0, strlen (data->password));
  g_free (data->password);
  g_free (data);
}

static void ask_password (RaWindow *self, const char *name, const char *problem);

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  GError *error = NULL;
  RaStore *store = ra_store_open_with_password (data->name, data->password,
                                                RA_STORE_OPEN_DEFAULT, &error);

  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

static void
open_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  RaWindow *self = RA_WINDOW (source);
  OpenData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = g_task_propagate_pointer (G_TASK (result), &error);

  _ra_window_load_finished (self);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (store == NULL)
    {
      if (g_error_matches (error, RA_STORE_ERROR, RA_STORE_ERROR_NEEDS_PASSWORD))
        ask_password (self, data->name, data->password != NULL ? error->message : NULL);
      else
        ra_window_show_message (self, error->message);
      return;
    }
  _ra_window_take_store (self, store, data->name);
}

/* Connects in a worker; the project opens when it answers. */
static void
open_server (RaWindow *self, const char *name, const char *password)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data = g_new0 (OpenData, 1);

  data->name = g_strdup (name);
  data->password = g_strdup (password);
  _ra_window_load_started (self);
  task = g_task_new (self, self->cancellable, open_done_cb, NULL);
  g_task_set_source_tag (task, open_server);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (task, open_thread);
}

void
_ra_window_open_server (RaWindow *self, const char *name)
{
  g_return_if_fail (RA_IS_WINDOW (self));
  g_return_if_fail (name != NULL);
  open_server (self, name, NULL);
}

/* The password ------------------------------------------------------------- */

static void
password_response_cb (AdwMessageDialog *dialog, const char *response, RaWindow *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  const char *name = g_object_get_data (G_OBJECT (dialog), "name");

  if (g_strcmp0 (response, "connect") == 0)
    open_server (self, name, gtk_editable_get_text (entry));
  /* What was typed goes with the dialog. */
  gtk_editable_set_text (entry, "");
}

static void
ask_password (RaWindow *self, const char *name, const char *problem)
{
  g_autofree char *shown = ra_path_display_name (name);
  g_autofree char *body = NULL;
  GtkWidget *dialog, *entry;

  body = g_strdup_printf (_("%s asks for a password. It is used for this connection only, "
                            "never saved."), shown);
  if (problem != NULL)
    {
      g_autofree char *with = g_strdup_printf ("%s\n\n%s", problem, body);

      g_free (body);
      body = g_steal_pointer (&with);
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Password"), body);
  /* (A hidden GtkEntry: with a GtkPasswordEntry, GTK 4.8 warned of an
   * invalid cast to it after its dialog closed, in ui/server.) */
  entry = gtk_entry_new ();
  gtk_entry_set_visibility (GTK_ENTRY (entry), FALSE);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_PASSWORD);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Password"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "connect", _("C_onnect"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "connect",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "connect");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data_full (G_OBJECT (dialog), "name", g_strdup (name), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (password_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* Open Server Project ------------------------------------------------------ */

static void
server_response_cb (AdwMessageDialog *dialog, const char *response, RaWindow *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autofree char *name = NULL;

  if (g_strcmp0 (response, "open") != 0)
    return;
  name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  if (*name == '\0')
    return;
  if (!ra_store_is_server_name (name))
    {
      g_autofree char *text =
        g_strdup_printf (_("“%s” is not a server project: give a postgresql:// address or "
                           "service=NAME (a project file opens with Open Project)"), name);

      ra_window_show_message (self, text);
      return;
    }
  open_server (self, name, NULL);
}

/* The last server opened, for the dialog to offer again. */
static char *
last_server (RaWindow *self)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-projects");

  for (guint i = 0; recent[i] != NULL; i++)
    if (ra_store_is_server_name (recent[i]))
      return g_strdup (recent[i]);
  return NULL;
}

GtkWindow *
ra_window_show_open_server (RaWindow *self)
{
  g_autofree char *last = NULL;
  GtkWidget *dialog, *entry;

  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Open Server Project"),
                                   _("A project on a PostgreSQL + PostGIS server that a city "
                                     "bureau and its counties share: its address, e.g. "
                                     "postgresql://planner@db.bureau.cn/zhangye, or a service "
                                     "of ~/.pg_service.conf, e.g. service=zhangye. A password "
                                     "comes from ~/.pgpass or is asked for; it is never "
                                     "saved."));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "postgresql://planner@db.bureau.cn/zhangye");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Server address"), -1);
  last = last_server (self);
  if (last != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), last);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "open", _("_Open"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "open");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (server_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
  return GTK_WINDOW (dialog);
}

static void
open_server_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ra_window_show_open_server (RA_WINDOW (widget));
}

void
_ra_window_server_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open-server", NULL, open_server_action);
}
