/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ra-file-chooser.h"
#include "ra-window-private.h"

/* The project file: opening one (Open Project, recent projects, a project
 * file among the files opened, a bundled sample), creating one, saving a
 * copy, undo and redo, and what shows which project is open (the title,
 * the view-only banner).  The store and its layers on the map are the
 * session's (RaProjectSession); this part decides which store that is. */

#define MAX_RECENT_PROJECTS 8

struct _RaWindowProject
{
  /* template widgets */
  AdwWindowTitle *window_title;
  GtkRevealer    *banner_revealer;
  GtkLabel       *banner_label;
  GtkWidget      *undo_button;
  GtkWidget      *redo_button;
  GMenu          *recent_menu;
};

/* Accessors ---------------------------------------------------------------- */

const char *
ra_window_get_banner_text (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  if (!gtk_revealer_get_reveal_child (self->project->banner_revealer))
    return NULL;
  return gtk_label_get_text (self->project->banner_label);
}

/* Title, banner, undo state ------------------------------------------------ */

void
_ra_window_update_title (RaWindow *self)
{
  RaStore *store = ra_window_get_store (self);
  guint n = ra_map_get_n_layers (self->map);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *window_title = NULL;

  if (store != NULL)
    {
      const char *path = ra_store_get_path (store);
      g_autofree char *basename = ra_store_is_server_name (path) ? ra_path_display_name (path)
                                  : g_filename_display_basename (path);
      g_autofree char *name = ra_store_dup_project_name (store);

      title = (name != NULL && *name != '\0') ? g_steal_pointer (&name) : g_strdup (basename);
      if (self->pending_loads > 0)
        subtitle = g_strdup_printf (_("%s — loading…"), basename);
      else if (ra_store_is_read_only (store))
        subtitle = g_strdup_printf (_("%s — view only"), basename);
      else
        subtitle = g_steal_pointer (&basename);
    }
  else
    {
      title = g_strdup (_("Reclaim Atlas"));
      if (self->pending_loads > 0)
        subtitle = g_strdup (_("Loading…"));
      else if (n > 0)
        subtitle = g_strdup_printf (ngettext ("%u layer", "%u layers", n), n);
    }

  adw_window_title_set_title (self->project->window_title, title);
  adw_window_title_set_subtitle (self->project->window_title, subtitle != NULL ? subtitle : "");
  window_title = store != NULL ? g_strdup_printf (_("%s — Reclaim Atlas"), title)
                                     : g_strdup (title);
  gtk_window_set_title (GTK_WINDOW (self), window_title);
}

static void
update_banner (RaWindow *self)
{
  RaWindowProject *pr = self->project;
  RaStore *store = ra_window_get_store (self);

  if (store != NULL && !ra_store_is_connected (store))
    {
      gtk_label_set_text (pr->banner_label,
                          _("The connection to the database server is lost. The project is "
                            "view-only until it is back; reconnecting… Edits that were not "
                            "saved stay in their forms: save them again then."));
      gtk_revealer_set_reveal_child (pr->banner_revealer, TRUE);
    }
  else if (store != NULL && ra_store_is_read_only (store))
    {
      const char *reason = ra_store_get_read_only_reason (store);
      g_autofree char *text = g_strdup_printf (_("This project is open view-only: %s. "
                                                 "Save a copy to make changes."),
                                               reason != NULL ? reason : _("it cannot be written"));

      gtk_label_set_text (pr->banner_label, text);
      gtk_revealer_set_reveal_child (pr->banner_revealer, TRUE);
    }
  else
    gtk_revealer_set_reveal_child (pr->banner_revealer, FALSE);
}

static void
update_undo_state (RaWindow *self)
{
  RaStore *store = ra_window_get_store (self);
  gboolean writable = store != NULL && !ra_store_is_read_only (store);
  gboolean can_undo = writable && ra_store_can_undo (store);
  gboolean can_redo = writable && ra_store_can_redo (store);
  g_autofree char *undo_label = can_undo ? ra_store_dup_undo_label (store) : NULL;
  g_autofree char *redo_label = can_redo ? ra_store_dup_redo_label (store) : NULL;
  g_autofree char *undo_tip = NULL;
  g_autofree char *redo_tip = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", can_undo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo", can_redo);

  undo_tip = undo_label != NULL ? g_strdup_printf (_("Undo “%s” (Ctrl+Z)"), undo_label)
                                : g_strdup (_("Undo (Ctrl+Z)"));
  redo_tip = redo_label != NULL ? g_strdup_printf (_("Redo “%s” (Ctrl+Shift+Z)"), redo_label)
                                : g_strdup (_("Redo (Ctrl+Shift+Z)"));
  gtk_widget_set_tooltip_text (self->project->undo_button, undo_tip);
  gtk_widget_set_tooltip_text (self->project->redo_button, redo_tip);
}

/* Recent projects ---------------------------------------------------------- */

static void
rebuild_recent_menu (RaWindow *self)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-projects");

  g_menu_remove_all (self->project->recent_menu);
  for (guint i = 0; recent[i] != NULL; i++)
    {
      gboolean server = ra_store_is_server_name (recent[i]);
      g_autofree char *label = server ? ra_path_display_name (recent[i])
                                      : g_filename_display_basename (recent[i]);
      g_autoptr(GMenuItem) item = NULL;

      if (!server && !g_file_test (recent[i], G_FILE_TEST_EXISTS))
        continue;
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, "win.open-recent",
                                               g_variant_new_string (recent[i]));
      g_menu_append_item (self->project->recent_menu, item);
    }
}

/* Opening ------------------------------------------------------------------ */

static void
update_actions (RaWindow *self)
{
  RaStore *store = ra_window_get_store (self);

  /* (A server's copy is read from the server: not while it is away.) */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-copy",
                                 store != NULL && ra_store_is_connected (store));
}

static void
set_store (RaWindow *self, RaStore *store)
{
  /* The old project's rows and selection go before its layers do. */
  ra_inventory_view_set_store (self->inventory_view, NULL);
  ra_map_view_clear_selection (self->map_view);
  /* Empties the map and loads the new project's tables; the parts that
   * follow the project hear of it through the session's notify::store. */
  ra_project_session_set_store (self->session, store);
  update_banner (self);
  update_undo_state (self);
  update_actions (self);
  _ra_window_update_content (self);
}

/* Geometries the file holds but nothing can read are left off the map: said
 * once, when the project opens, as the CLI's commands warn (the plan check
 * lists every row). */
static void
warn_unreadable_geometries (RaWindow *self, RaStore *store, const char *path)
{
  g_autoptr(GPtrArray) problems = ra_store_list_unreadable_geometries (store, NULL, NULL);
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *display = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *message = NULL;

  if (problems == NULL || problems->len == 0)
    return;
  lines = ra_store_describe_geometry_problems (problems, 10);
  g_ptr_array_add (lines, NULL);
  joined = g_strjoinv ("; ", (char **) lines->pdata);
  display = g_filename_display_name (path);
  message = g_strdup_printf ("%s: %s", display, joined);
  ra_window_show_message (self, message);
}

/* The store opened from path becomes the project. */
void
_ra_window_take_store (RaWindow *self, RaStore *store, const char *path)
{
  set_store (self, store);
  _ra_window_remember_path (self, "recent-projects", MAX_RECENT_PROJECTS, path);
  warn_unreadable_geometries (self, store, path);
}

gboolean
ra_window_open_project (RaWindow *self, const char *path)
{
  g_autoptr(RaStore) store = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (RA_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (ra_store_is_server_name (path))
    {
      _ra_window_open_server (self, path);
      return TRUE;
    }
  store = ra_store_open (path, RA_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    {
      ra_window_show_message (self, error->message);
      return FALSE;
    }
  _ra_window_take_store (self, store, path);
  return TRUE;
}

static gboolean
looks_like_database (const char *path)
{
  static const char * const suffixes[] = { ".sqlite", ".sqlite3", ".db", ".spatialite",
                                           ".atlas", NULL };
  g_autofree char *lower = g_ascii_strdown (path, -1);

  for (guint i = 0; suffixes[i] != NULL; i++)
    if (g_str_has_suffix (lower, suffixes[i]))
      return TRUE;
  return FALSE;
}

gboolean
_ra_window_try_open_project (RaWindow *self, const char *path)
{
  g_autoptr(RaStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (!looks_like_database (path) || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return FALSE;

  store = ra_store_open (path, RA_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    {
      /* Someone else's SpatiaLite database: its tables open as layers. */
      if (g_error_matches (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_A_PROJECT))
        return FALSE;
      /* A damaged project (or a busy, newer one) is said, never opened as
       * plain layers: the same message as the CLI's. */
      ra_window_show_message (self, error->message);
      return TRUE;
    }
  _ra_window_take_store (self, store, path);
  return TRUE;
}

/* Samples ----------------------------------------------------------------- */

static char *
sample_project_path (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".sqlite", NULL);

  return g_build_filename (g_get_user_data_dir (), "reclaim-atlas", "samples", file, NULL);
}

static void
build_sample_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  const char *name = task_data;
  g_autofree char *path = sample_project_path (name);
  g_autofree char *dir = g_path_get_dirname (path);
  GError *error = NULL;

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved_errno = errno;
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               "%s: %s", dir, g_strerror (saved_errno));
      return;
    }
  /* The store builds it beside and renames it (a build cut short never
   * passes for a sample, and leaves nothing); its errors name the sample
   * file, e.g. a full disk. */
  if (!ra_store_build_sample (path, name, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&path), g_free);
}

static void
build_sample_done_cb (GObject      *object,
                      GAsyncResult *res,
                      gpointer      user_data)
{
  RaWindow *self = RA_WINDOW (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_task_propagate_pointer (G_TASK (res), &error);

  if (self->map == NULL)
    return;
  _ra_window_load_finished (self);
  if (path == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ra_window_show_message (self, error->message);
      return;
    }
  ra_window_open_project (self, path);
}

void
ra_window_open_sample (RaWindow *self, const char *name)
{
  g_autofree char *path = NULL;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RA_IS_WINDOW (self));

  if (g_strcmp0 (name, "zhangye") != 0 && g_strcmp0 (name, "xinzhou") != 0)
    {
      g_autofree char *text = g_strdup_printf (_("Unknown sample “%s”"), name);
      ra_window_show_message (self, text);
      return;
    }

  path = sample_project_path (name);
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      ra_window_open_project (self, path);
      return;
    }

  /* Built once, from the plan tables in the data folder, off the main
   * thread; later starts reuse the file (and its edits). */
  _ra_window_load_started (self);
  task = g_task_new (self, self->cancellable, build_sample_done_cb, NULL);
  g_task_set_source_tag (task, ra_window_open_sample);
  g_task_set_task_data (task, g_strdup (name), g_free);
  g_task_run_in_thread (task, build_sample_thread);
}

/* Undo and redo ------------------------------------------------------------ */

gboolean
_ra_window_check_writable (RaWindow *self)
{
  RaStore *store = ra_window_get_store (self);

  if (store == NULL)
    return FALSE;
  if (ra_store_is_read_only (store))
    {
      g_autofree char *text = g_strdup_printf (_("The project is view-only: %s"),
                                               ra_store_get_read_only_reason (store));
      ra_window_show_message (self, text);
      return FALSE;
    }
  return TRUE;
}

static void
undo_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaWindow *self = RA_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (_ra_window_check_writable (self) && !ra_store_undo (ra_window_get_store (self), &error))
    ra_window_show_message (self, error->message);
  update_undo_state (self);
}

static void
redo_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaWindow *self = RA_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (_ra_window_check_writable (self) && !ra_store_redo (ra_window_get_store (self), &error))
    ra_window_show_message (self, error->message);
  update_undo_state (self);
}

/* File choosers ----------------------------------------------------------- */

/* Choosers of one file, for this part and the tables part. */

typedef struct {
  RaWindow           *self;
  RaWindowChosenFunc  func;
  char               *target;
} ChooserData;

static void
chooser_response_cb (GtkNativeDialog *native, int response, gpointer user_data)
{
  ChooserData *data = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL && data->self->map != NULL)
        data->func (data->self, path, data->target);
    }
  g_object_unref (data->self);
  g_free (data->target);
  g_free (data);
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

GtkFileChooser *
_ra_window_new_chooser (RaWindow *self, const char *title, GtkFileChooserAction action,
                        const char *accept, const char *current_name, RaWindowChosenFunc func,
                        const char *target)
{
  GtkFileChooser *chooser;
  ChooserData *data = g_new0 (ChooserData, 1);

  chooser = ra_file_chooser_new (GTK_WINDOW (self), self->settings, title, action, accept);
  if (current_name != NULL)
    gtk_file_chooser_set_current_name (chooser, current_name);

  data->self = g_object_ref (self);
  data->func = func;
  data->target = g_strdup (target);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), data);
  return chooser;
}

/* The chooser already asked before replacing a file; the store's writers
 * only create new files. */
gboolean
_ra_window_make_room (RaWindow *self, const char *path)
{
  static const char * const sidecars[] = { "-wal", "-shm", "-journal", NULL };
  RaStore *store = ra_window_get_store (self);

  if (store != NULL && g_strcmp0 (ra_store_get_path (store), path) == 0)
    {
      ra_window_show_message (self, _("The open project cannot be replaced by itself"));
      return FALSE;
    }
  if (g_file_test (path, G_FILE_TEST_EXISTS) && g_unlink (path) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = ra_path_display_name (path);
      g_autofree char *text = g_strdup_printf ("%s: %s", display, g_strerror (saved_errno));

      ra_window_show_message (self, text);
      return FALSE;
    }
  for (guint i = 0; sidecars[i] != NULL; i++)
    {
      g_autofree char *side = g_strconcat (path, sidecars[i], NULL);
      g_unlink (side);
    }
  return TRUE;
}

static void
add_project_filters (GtkFileChooser *chooser)
{
  static const char * const project[] = { "sqlite", "sqlite3", "db", "spatialite", NULL };
  ra_file_chooser_add_filter (chooser, _("Reclaim Atlas project (SpatiaLite)"), project);
}

static void
new_project_chosen (RaWindow *self, const char *chosen, const char *target)
{
  static const char * const suffixes[] = { ".sqlite", ".sqlite3", ".db", ".spatialite", NULL };
  g_autofree char *path = ra_file_chooser_with_suffix (chosen, suffixes, ".sqlite");
  g_autoptr(RaStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (!_ra_window_make_room (self, path))
    return;
  store = ra_store_open (path, RA_STORE_OPEN_CREATE, &error);
  if (store == NULL)
    {
      ra_window_show_message (self, error->message);
      return;
    }
  set_store (self, store);
  _ra_window_remember_path (self, "recent-projects", MAX_RECENT_PROJECTS, path);
}

static void
new_project_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaWindow *self = RA_WINDOW (widget);
  GtkFileChooser *chooser = _ra_window_new_chooser (self, _("New Project"),
                                                    GTK_FILE_CHOOSER_ACTION_SAVE, _("C_reate"),
                                                    _("project.sqlite"), new_project_chosen, NULL);
  add_project_filters (chooser);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_project_chosen (RaWindow *self, const char *path, const char *target)
{
  ra_window_open_project (self, path);
}

static void
open_project_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaWindow *self = RA_WINDOW (widget);
  GtkFileChooser *chooser = _ra_window_new_chooser (self, _("Open Project"),
                                                    GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), NULL,
                                                    open_project_chosen, NULL);
  add_project_filters (chooser);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_recent_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ra_window_open_project (RA_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
save_copy_chosen (RaWindow *self, const char *chosen, const char *target)
{
  static const char * const suffixes[] = { ".sqlite", ".sqlite3", ".db", ".spatialite", NULL };
  g_autofree char *path = ra_file_chooser_with_suffix (chosen, suffixes, ".sqlite");
  g_autoptr(GError) error = NULL;
  g_autofree char *display = NULL;
  g_autofree char *text = NULL;
  RaStore *store = ra_window_get_store (self);

  if (store == NULL || !_ra_window_make_room (self, path))
    return;
  if (!ra_store_save_copy (store, path, &error))
    {
      ra_window_show_message (self, error->message);
      return;
    }
  display = ra_path_display_name (path);
  text = g_strdup_printf (_("Copy saved as %s"), display);
  ra_window_show_message (self, text);
}

static void
save_copy_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaWindow *self = RA_WINDOW (widget);
  g_autofree char *basename = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *suggested = NULL;
  GtkFileChooser *chooser;
  RaStore *store = ra_window_get_store (self);

  if (store == NULL)
    return;
  basename = g_path_get_basename (ra_store_get_path (store));
  stem = g_strndup (basename, strcspn (basename, "."));
  /* TRANSLATORS: file name suggested for a copy of a project; %s is its name */
  suggested = g_strdup_printf (_("%s (copy).sqlite"), stem);
  chooser = _ra_window_new_chooser (self, _("Save a Copy"), GTK_FILE_CHOOSER_ACTION_SAVE,
                                    _("_Save"), suggested, save_copy_chosen, NULL);
  add_project_filters (chooser);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The session ---------------------------------------------------------------- */

static void
store_changed_cb (RaWindow *self, const char *table, gint64 row_id)
{
  update_undo_state (self);
  _ra_window_update_title (self);
  update_actions (self);
}

static void
connection_changed_cb (RaWindow *self)
{
  RaStore *store = ra_window_get_store (self);

  update_banner (self);
  update_undo_state (self);
  _ra_window_update_title (self);
  update_actions (self);
  if (store != NULL && ra_store_is_connected (store))
    ra_window_show_message (self, _("Reconnected to the database server: the project is up to "
                                    "date and can be edited again."));
}

static void
layers_loaded_cb (RaWindow *self, gboolean first)
{
  /* A project opens on all of it, its top layer chosen in the panel. */
  if (!first)
    return;
  ra_map_view_zoom_to_extent (self->map_view);
  if (ra_map_get_n_layers (self->map) > 0)
    ra_layer_panel_select (self->layer_panel, 0);
}

/* Setup ------------------------------------------------------------------- */

void
_ra_window_project_class_init (GtkWidgetClass *widget_class)
{
  static const char * const children[] = {
    "window_title", "banner_label", "undo_button", "redo_button",
    "recent_menu",
  };

  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    gtk_widget_class_bind_template_child_full (widget_class, children[i], FALSE, 0);

  gtk_widget_class_install_action (widget_class, "win.new-project", NULL, new_project_action);
  gtk_widget_class_install_action (widget_class, "win.open-project", NULL, open_project_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.save-copy", NULL, save_copy_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
}

void
_ra_window_project_init (RaWindow *self)
{
  RaWindowProject *pr = self->project = g_new0 (RaWindowProject, 1);

  pr->window_title = ADW_WINDOW_TITLE (_ra_window_template_child (self, "window_title"));
  pr->banner_revealer = GTK_REVEALER (_ra_window_template_child (self, "banner_revealer"));
  pr->banner_label = GTK_LABEL (_ra_window_template_child (self, "banner_label"));
  pr->undo_button = GTK_WIDGET (_ra_window_template_child (self, "undo_button"));
  pr->redo_button = GTK_WIDGET (_ra_window_template_child (self, "redo_button"));
  pr->recent_menu = G_MENU (_ra_window_template_child (self, "recent_menu"));

  g_signal_connect_object (self->session, "store-changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "layers-loaded", G_CALLBACK (layers_loaded_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "connection-changed",
                           G_CALLBACK (connection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::recent-projects",
                           G_CALLBACK (rebuild_recent_menu), self, G_CONNECT_SWAPPED);
  rebuild_recent_menu (self);

  update_banner (self);
  update_undo_state (self);
  update_actions (self);
}

void
_ra_window_project_dispose (RaWindow *self)
{
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_func (self->settings, rebuild_recent_menu, self);
}
