/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ra-import-dialog.h"
#include "ra-project-editor.h"
#include "ra-tables.h"
#include "ra-window-private.h"

#define MAX_RECENT_PROJECTS 8
#define POLL_INTERVAL_S 2
#define RELOAD_DELAY_MS 150

/* The project's spatial tables shown as map layers, top to bottom. */
static const struct {
  const char *table;
  const char *label;
} project_tables[] = {
  { "plants", N_("Plants") },
  { "pipelines", N_("Pipelines") },
  { "projects", N_("Projects") },
  { "footprints", N_("Project footprints") },
  { "built_up_areas", N_("Built-up areas") },
  { "counties", N_("Counties") },
};

static const char *
table_label (const char *table)
{
  for (guint i = 0; i < G_N_ELEMENTS (project_tables); i++)
    if (g_strcmp0 (project_tables[i].table, table) == 0)
      return _(project_tables[i].label);
  return table;
}

static gboolean
is_project_table (const char *table)
{
  for (guint i = 0; i < G_N_ELEMENTS (project_tables); i++)
    if (g_strcmp0 (project_tables[i].table, table) == 0)
      return TRUE;
  return FALSE;
}

static void update_project_actions (RaWindow *self);
static void schedule_reload (RaWindow *self);

/* Accessors ---------------------------------------------------------------- */

RaStore *
ra_window_get_store (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return self->store;
}

RaInventoryView *
ra_window_get_inventory_view (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return self->inventory_view;
}

const char *
ra_window_get_banner_text (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  if (!gtk_revealer_get_reveal_child (self->banner_revealer))
    return NULL;
  return gtk_label_get_text (self->banner_label);
}

/* Title, banner, undo state ------------------------------------------------ */

void
_ra_window_update_title (RaWindow *self)
{
  guint n = ra_map_get_n_layers (self->map);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *window_title = NULL;

  if (self->store != NULL)
    {
      g_autofree char *basename = g_filename_display_basename (ra_store_get_path (self->store));
      g_autofree char *name = ra_store_dup_project_name (self->store);

      title = (name != NULL && *name != '\0') ? g_steal_pointer (&name) : g_strdup (basename);
      if (self->pending_loads > 0)
        subtitle = g_strdup_printf (_("%s — loading…"), basename);
      else if (ra_store_is_read_only (self->store))
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

  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle != NULL ? subtitle : "");
  window_title = self->store != NULL ? g_strdup_printf (_("%s — Reclaim Atlas"), title)
                                     : g_strdup (title);
  gtk_window_set_title (GTK_WINDOW (self), window_title);
}

static void
update_banner (RaWindow *self)
{
  if (self->store != NULL && ra_store_is_read_only (self->store))
    {
      const char *reason = ra_store_get_read_only_reason (self->store);
      g_autofree char *text = g_strdup_printf (_("This project is open view-only: %s. "
                                                 "Save a copy to make changes."),
                                               reason != NULL ? reason : _("it cannot be written"));

      gtk_label_set_text (self->banner_label, text);
      gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
    }
  else
    gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
}

static void
update_undo_state (RaWindow *self)
{
  gboolean writable = self->store != NULL && !ra_store_is_read_only (self->store);
  gboolean can_undo = writable && ra_store_can_undo (self->store);
  gboolean can_redo = writable && ra_store_can_redo (self->store);
  g_autofree char *undo_label = can_undo ? ra_store_dup_undo_label (self->store) : NULL;
  g_autofree char *redo_label = can_redo ? ra_store_dup_redo_label (self->store) : NULL;
  g_autofree char *undo_tip = NULL;
  g_autofree char *redo_tip = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", can_undo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo", can_redo);

  undo_tip = undo_label != NULL ? g_strdup_printf (_("Undo “%s” (Ctrl+Z)"), undo_label)
                                : g_strdup (_("Undo (Ctrl+Z)"));
  redo_tip = redo_label != NULL ? g_strdup_printf (_("Redo “%s” (Ctrl+Shift+Z)"), redo_label)
                                : g_strdup (_("Redo (Ctrl+Shift+Z)"));
  gtk_widget_set_tooltip_text (self->undo_button, undo_tip);
  gtk_widget_set_tooltip_text (self->redo_button, redo_tip);
}

/* Recent projects ---------------------------------------------------------- */

static void
rebuild_recent_menu (RaWindow *self)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-projects");

  g_menu_remove_all (self->recent_menu);
  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autofree char *label = g_filename_display_basename (recent[i]);
      g_autoptr(GMenuItem) item = NULL;

      if (!g_file_test (recent[i], G_FILE_TEST_EXISTS))
        continue;
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, "win.open-recent",
                                               g_variant_new_string (recent[i]));
      g_menu_append_item (self->recent_menu, item);
    }
}

/* Project layers ----------------------------------------------------------- */

typedef struct {
  RaWindow *self;
  guint     generation;
} LoadData;

static void
remove_project_layers (RaWindow *self)
{
  for (guint i = 0; i < self->project_layers->len; i++)
    {
      int pos = ra_map_find_layer (self->map, g_ptr_array_index (self->project_layers, i));

      if (pos >= 0)
        ra_map_remove_layer (self->map, pos);
    }
  g_ptr_array_set_size (self->project_layers, 0);
}

static RaLayer *
find_project_layer (RaWindow *self, const char *table)
{
  for (guint i = 0; i < self->project_layers->len; i++)
    {
      RaLayer *layer = g_ptr_array_index (self->project_layers, i);

      if (g_strcmp0 (ra_layer_get_source_layer_name (layer), table) == 0)
        return layer;
    }
  return NULL;
}

static gboolean
any_project_has_geometry (RaStore *store)
{
  g_autoptr(GPtrArray) projects = ra_store_list_projects (store, NULL);

  for (guint i = 0; projects != NULL && i < projects->len; i++)
    if (((RaProjectRecord *) g_ptr_array_index (projects, i))->has_geometry)
      return TRUE;
  return FALSE;
}

static void highlight_project (RaWindow *self, gint64 project_id, gboolean zoom);

static void
project_layers_loaded_cb (GObject      *object,
                          GAsyncResult *res,
                          gpointer      user_data)
{
  LoadData *data = user_data;
  g_autoptr(RaWindow) self = data->self;
  g_autoptr(RaSourceResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint generation = data->generation;

  g_free (data);
  result = ra_source_load_finish (res, &error);
  if (self->map == NULL)
    return;   /* window closed */
  _ra_window_load_finished (self);
  if (generation != self->project_generation)
    return;   /* another project was opened meanwhile */
  self->project_loading = FALSE;
  if (self->reload_again)
    {
      self->reload_again = FALSE;
      schedule_reload (self);
      return;
    }

  if (result == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, RA_ERROR, RA_ERROR_CANCELLED))
        ra_window_show_message (self, error->message);
      return;
    }

  /* Bottom first: each layer added goes on top.  A reloaded table keeps the
   * place, style and visibility its layer had. */
  {
    g_autoptr(GPtrArray) old_layers = g_ptr_array_new_with_free_func (g_object_unref);
    guint n_new = result->layers != NULL ? result->layers->len : 0;

    for (guint k = 0; k < self->project_layers->len; k++)
      g_ptr_array_add (old_layers, g_object_ref (g_ptr_array_index (self->project_layers, k)));
    g_ptr_array_set_size (self->project_layers, 0);

    for (guint i = n_new; i-- > 0;)
      {
        RaLayer *layer = g_ptr_array_index (result->layers, i);
        const char *table = ra_layer_get_source_layer_name (layer);
        RaLayer *old = NULL;
        g_autoptr(GError) add_error = NULL;
        int old_pos = -1;

        for (guint k = 0; k < old_layers->len; k++)
          if (g_strcmp0 (ra_layer_get_source_layer_name (g_ptr_array_index (old_layers, k)),
                         table) == 0)
            {
              old = g_ptr_array_index (old_layers, k);
              old_pos = ra_map_find_layer (self->map, old);
            }

        ra_layer_set_name (layer, table_label (table));
        if (old != NULL)
          {
            ra_layer_set_style (layer, ra_layer_get_style (old));
            ra_layer_set_visible (layer, ra_layer_get_visible (old));
            ra_layer_set_opacity (layer, ra_layer_get_opacity (old));
          }
        else
          _ra_window_apply_default_labels (layer);

        if (!ra_map_add_layer (self->map, layer, &add_error))
          {
            ra_window_show_message (self, add_error->message);
            continue;
          }
        g_ptr_array_add (self->project_layers, g_object_ref (layer));
        if (old_pos >= 0)
          {
            /* The new layer is at 0, the old one moved to old_pos + 1. */
            ra_map_remove_layer (self->map, old_pos + 1);
            ra_map_move_layer (self->map, 0, old_pos);
          }
        if (old != NULL)
          g_ptr_array_remove (old_layers, old);
      }

    /* Tables that became empty. */
    for (guint k = 0; k < old_layers->len; k++)
      {
        int pos = ra_map_find_layer (self->map, g_ptr_array_index (old_layers, k));
        if (pos >= 0)
          ra_map_remove_layer (self->map, pos);
      }
  }

  for (guint i = 0; result->errors != NULL && i < result->errors->len; i++)
    {
      GError *layer_error = g_ptr_array_index (result->errors, i);
      ra_window_show_message (self, layer_error->message);
    }

  /* A big table opened with a quick first view: full detail in a worker,
   * as for files. */
  if (result->layers != NULL)
    _ra_window_refine_layers (self, result->layers);

  if (self->zoom_after_load)
    {
      self->zoom_after_load = FALSE;
      ra_map_view_zoom_to_extent (self->map_view);
      if (ra_map_get_n_layers (self->map) > 0)
        ra_layer_panel_select (self->layer_panel, 0);
    }

  _ra_window_plan_project_loaded (self);

  /* The reload dropped the highlighted feature; find it again. */
  if (ra_inventory_view_get_selected_project (self->inventory_view) > 0)
    highlight_project (self, ra_inventory_view_get_selected_project (self->inventory_view), FALSE);
}

static void
load_project_layers (RaWindow *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  LoadData *data;

  if (self->store == NULL)
    return;
  if (self->project_loading)
    {
      self->reload_again = TRUE;
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (project_tables); i++)
    {
      const char *table = project_tables[i].table;
      gboolean wanted;

      /* GDAL refuses empty layers, and a project without any geometry
       * would only add a layer that draws nothing. */
      if (g_str_equal (table, "projects"))
        wanted = any_project_has_geometry (self->store);
      else
        wanted = ra_store_count_rows (self->store, table, NULL) > 0;
      if (wanted)
        g_ptr_array_add (names, (gpointer) table);
    }
  if (names->len == 0)
    {
      remove_project_layers (self);
      return;
    }
  g_ptr_array_add (names, NULL);

  self->pending_loads++;
  self->project_loading = TRUE;
  _ra_window_update_content (self);

  data = g_new0 (LoadData, 1);
  data->self = g_object_ref (self);
  data->generation = self->project_generation;
  ra_source_load_async (ra_store_get_path (self->store), (const char * const *) names->pdata,
                        ra_map_get_crs (self->map), self->project_cancellable,
                        project_layers_loaded_cb, data);
}

static gboolean
reload_timeout_cb (gpointer user_data)
{
  RaWindow *self = user_data;

  self->reload_source = 0;
  load_project_layers (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reload (RaWindow *self)
{
  /* Edits come in bursts (an import, undoing it); reload once after. */
  if (self->reload_source != 0)
    g_source_remove (self->reload_source);
  self->reload_source = g_timeout_add (RELOAD_DELAY_MS, reload_timeout_cb, self);
}

/* Store signals ----------------------------------------------------------- */

static void
store_changed_cb (RaStore *store, const char *table, gint64 row_id, RaWindow *self)
{
  update_undo_state (self);
  _ra_window_update_title (self);
  update_project_actions (self);
  _ra_window_plan_store_changed (self, table);

  if (table == NULL || (is_project_table (table) && !g_str_equal (table, "projects")))
    schedule_reload (self);
  else if (g_str_equal (table, "projects"))
    {
      /* Attribute edits matter to the map only once projects have shapes. */
      if (find_project_layer (self, "projects") != NULL)
        schedule_reload (self);
      else if (row_id != 0)
        {
          g_autoptr(RaProjectRecord) rec = ra_store_get_project (store, row_id, NULL);
          if (rec != NULL && rec->has_geometry)
            schedule_reload (self);
        }
    }
}

static gboolean
poll_cb (gpointer user_data)
{
  RaWindow *self = user_data;

  /* Another program (a second window, the CLI) committed: the store emits
   * ::changed (NULL, 0) and everything refreshes from the file. */
  if (self->store != NULL)
    ra_store_poll_external_changes (self->store);
  return G_SOURCE_CONTINUE;
}

static void
set_store (RaWindow *self, RaStore *store)
{
  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
      ra_inventory_view_set_store (self->inventory_view, NULL);
      g_clear_object (&self->store);
    }
  g_cancellable_cancel (self->project_cancellable);
  g_clear_object (&self->project_cancellable);
  self->project_cancellable = g_cancellable_new ();
  self->project_generation++;
  self->project_loading = FALSE;
  self->reload_again = FALSE;
  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_clear_handle_id (&self->poll_source, g_source_remove);

  /* A project is a map of its own: what was shown before goes. */
  ra_map_view_clear_selection (self->map_view);
  g_ptr_array_set_size (self->project_layers, 0);
  while (ra_map_get_n_layers (self->map) > 0)
    ra_map_remove_layer (self->map, 0);

  if (store != NULL)
    {
      self->store = g_object_ref (store);
      g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, 0);
      ra_inventory_view_set_store (self->inventory_view, store);
      self->poll_source = g_timeout_add_seconds (POLL_INTERVAL_S, poll_cb, self);
      self->zoom_after_load = TRUE;
      load_project_layers (self);
    }

  _ra_window_plan_set_store (self);
  update_banner (self);
  update_undo_state (self);
  update_project_actions (self);
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

gboolean
ra_window_open_project (RaWindow *self, const char *path)
{
  g_autoptr(RaStore) store = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (RA_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  store = ra_store_open (path, RA_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    {
      ra_window_show_message (self, error->message);
      return FALSE;
    }
  set_store (self, store);
  _ra_window_remember_path (self, "recent-projects", MAX_RECENT_PROJECTS, path);
  warn_unreadable_geometries (self, store, path);
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
  set_store (self, store);
  _ra_window_remember_path (self, "recent-projects", MAX_RECENT_PROJECTS, path);
  warn_unreadable_geometries (self, store, path);
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
  self->pending_loads++;
  _ra_window_update_content (self);
  task = g_task_new (self, self->cancellable, build_sample_done_cb, NULL);
  g_task_set_source_tag (task, ra_window_open_sample);
  g_task_set_task_data (task, g_strdup (name), g_free);
  g_task_run_in_thread (task, build_sample_thread);
}

/* Selection shared between the inventory and the map ---------------------- */

static int
find_feature (RaLayer *layer, const char *id_field, gint64 id)
{
  RaAttrTable *attrs;
  int field = -1;

  if (layer == NULL || (attrs = ra_layer_get_attrs (layer)) == NULL)
    return -1;
  if (id_field != NULL && (field = ra_attr_table_field_index (attrs, id_field)) < 0)
    return -1;
  for (guint i = 0; i < attrs->n_features; i++)
    {
      gint64 value;

      if (field < 0)
        value = attrs->fids[i];
      else
        {
          const char *text = ra_attr_table_get (attrs, i, field);
          value = text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
        }
      if (value == id)
        return (int) i;
    }
  return -1;
}

static void
highlight_project (RaWindow *self, gint64 project_id, gboolean zoom)
{
  /* The project's own shape first, then its footprints, then pipelines. */
  static const struct { const char *table; const char *id_field; } sources[] = {
    { "projects", NULL },
    { "footprints", "project_id" },
    { "pipelines", "project_id" },
  };

  if (project_id <= 0)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      RaLayer *layer = find_project_layer (self, sources[i].table);
      int feature = find_feature (layer, sources[i].id_field, project_id);

      if (feature >= 0)
        {
          self->syncing_selection = TRUE;
          ra_map_view_select_feature (self->map_view, layer, feature);
          if (zoom)
            {
              const RaView *view;

              /* Fit the shape, then step back to show what surrounds it. */
              ra_map_view_zoom_to_selection (self->map_view);
              view = ra_map_view_get_view (self->map_view);
              ra_map_view_zoom_at (self->map_view, 0.4, view->width / 2.0, view->height / 2.0);
            }
          self->syncing_selection = FALSE;
          return;
        }
    }

  self->syncing_selection = TRUE;
  ra_map_view_clear_selection (self->map_view);
  self->syncing_selection = FALSE;
  if (zoom && self->store != NULL)
    {
      g_autoptr(RaProjectRecord) rec = ra_store_get_project (self->store, project_id, NULL);
      g_autofree char *text = NULL;

      if (rec == NULL)
        return;
      text = g_strdup_printf (_("“%s” has no geometry yet"), rec->name != NULL ? rec->name : "");
      ra_window_show_message (self, text);
    }
}

void
ra_window_select_project (RaWindow *self, gint64 project_id)
{
  g_return_if_fail (RA_IS_WINDOW (self));
  ra_inventory_view_select_project (self->inventory_view, project_id);
}

static void
inventory_selection_cb (RaInventoryView *view, GParamSpec *pspec, RaWindow *self)
{
  update_project_actions (self);
  if (self->syncing_selection)
    return;
  highlight_project (self, ra_inventory_view_get_selected_project (view), TRUE);
}

void
_ra_window_project_map_selection_changed (RaWindow *self)
{
  RaLayer *layer = ra_map_view_get_selected_layer (self->map_view);
  int feature = ra_map_view_get_selected_feature (self->map_view);
  const char *table;
  gint64 project_id = 0;

  if (self->syncing_selection || layer == NULL || feature < 0 ||
      !g_ptr_array_find (self->project_layers, layer, NULL))
    return;

  table = ra_layer_get_source_layer_name (layer);
  if (g_strcmp0 (table, "projects") == 0)
    project_id = ra_layer_get_attrs (layer)->fids[feature];
  else if (g_strcmp0 (table, "footprints") == 0 || g_strcmp0 (table, "pipelines") == 0)
    {
      RaAttrTable *attrs = ra_layer_get_attrs (layer);
      int field = ra_attr_table_field_index (attrs, "project_id");
      const char *text = field >= 0 ? ra_attr_table_get (attrs, feature, field) : NULL;

      project_id = text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
    }
  if (project_id <= 0)
    return;

  self->syncing_selection = TRUE;
  ra_inventory_view_select_project (self->inventory_view, project_id);
  self->syncing_selection = FALSE;
}

/* Editing ----------------------------------------------------------------- */

static gboolean
check_writable (RaWindow *self)
{
  if (self->store == NULL)
    return FALSE;
  if (ra_store_is_read_only (self->store))
    {
      g_autofree char *text = g_strdup_printf (_("The project is view-only: %s"),
                                               ra_store_get_read_only_reason (self->store));
      ra_window_show_message (self, text);
      return FALSE;
    }
  return TRUE;
}

static void
update_project_actions (RaWindow *self)
{
  gboolean has_store = self->store != NULL;
  gboolean writable = has_store && !ra_store_is_read_only (self->store);
  gboolean selected = has_store && ra_inventory_view_get_selected_project (self->inventory_view) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-copy", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-table", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-layer", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-project", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-project", selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.duplicate-project", selected && writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-project", selected && writable);
}

RaProjectEditor *
ra_window_edit_project (RaWindow *self, gint64 project_id)
{
  RaProjectEditor *editor;

  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  g_return_val_if_fail (self->store != NULL, NULL);

  editor = ra_project_editor_new (GTK_WINDOW (self), self->store, project_id);
  gtk_window_present (GTK_WINDOW (editor));
  return editor;
}

static void
project_activated_cb (RaInventoryView *view, gint64 project_id, RaWindow *self)
{
  ra_window_edit_project (self, project_id);
}

static void
add_project_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaWindow *self = RA_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!check_writable (self))
    return;
  id = ra_store_insert_project (self->store, NULL, _("New project"), NULL, &error);
  if (id == 0)
    {
      ra_window_show_message (self, error->message);
      return;
    }
  ra_window_select_project (self, id);
  ra_window_edit_project (self, id);
}

static void
edit_project_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaWindow *self = RA_WINDOW (widget);
  gint64 id = ra_inventory_view_get_selected_project (self->inventory_view);

  if (self->store != NULL && id > 0)
    ra_window_edit_project (self, id);
}

static void
duplicate_project_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaWindow *self = RA_WINDOW (widget);
  gint64 id = ra_inventory_view_get_selected_project (self->inventory_view);
  g_autoptr(GError) error = NULL;
  gint64 copy;

  if (id <= 0 || !check_writable (self))
    return;
  copy = ra_store_duplicate_project (self->store, id, &error);
  if (copy == 0)
    ra_window_show_message (self, error->message);
  else
    ra_window_select_project (self, copy);
}

static void
delete_response_cb (AdwMessageDialog *dialog, const char *response, RaWindow *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "project-id"));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "delete") != 0 || self->store == NULL)
    return;
  if (!ra_store_delete_project (self->store, id, &error))
    ra_window_show_message (self, error->message);
  else
    ra_window_show_message (self, _("Project deleted. Undo brings it back."));
}

static void
delete_project_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaWindow *self = RA_WINDOW (widget);
  gint64 id = ra_inventory_view_get_selected_project (self->inventory_view);
  g_autoptr(RaProjectRecord) rec = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (id <= 0 || !check_writable (self))
    return;
  rec = ra_store_get_project (self->store, id, NULL);
  if (rec == NULL)
    return;

  body = g_strdup_printf (_("“%s %s” and its values are removed from the inventory. "
                            "Its pipelines and footprints stay, without a project."),
                          rec->code != NULL ? rec->code : "", rec->name != NULL ? rec->name : "");
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Delete Project?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "project-id", GSIZE_TO_POINTER ((gsize) id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
undo_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaWindow *self = RA_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (check_writable (self) && !ra_store_undo (self->store, &error))
    ra_window_show_message (self, error->message);
  update_undo_state (self);
}

static void
redo_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaWindow *self = RA_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (check_writable (self) && !ra_store_redo (self->store, &error))
    ra_window_show_message (self, error->message);
  update_undo_state (self);
}

/* File choosers ----------------------------------------------------------- */

typedef void (*ChosenFunc) (RaWindow *self, const char *path, const char *target);

typedef struct {
  RaWindow   *self;
  ChosenFunc  func;
  char       *target;
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

static GtkFileChooser *
new_chooser (RaWindow *self, const char *title, GtkFileChooserAction action,
             const char *accept, const char *current_name, ChosenFunc func, const char *target)
{
  GtkFileChooserNative *native;
  g_autofree char *folder = g_settings_get_string (self->settings, "last-folder");
  ChooserData *data = g_new0 (ChooserData, 1);

  native = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, accept, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  if (folder != NULL && *folder != '\0' && g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) dir = g_file_new_for_path (folder);
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), dir, NULL);
    }
  if (current_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), current_name);

  data->self = g_object_ref (self);
  data->func = func;
  data->target = g_strdup (target);
  g_signal_connect (native, "response", G_CALLBACK (chooser_response_cb), data);
  return GTK_FILE_CHOOSER (native);
}

static void
show_chooser (GtkFileChooser *chooser)
{
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The chooser already asked before replacing a file; the store's writers
 * only create new files. */
static gboolean
make_room (RaWindow *self, const char *path)
{
  static const char * const sidecars[] = { "-wal", "-shm", "-journal", NULL };

  if (self->store != NULL && g_strcmp0 (ra_store_get_path (self->store), path) == 0)
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

static char *
with_suffix (const char *path, const char * const *suffixes, const char *fallback)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  for (guint i = 0; suffixes[i] != NULL; i++)
    if (g_str_has_suffix (lower, suffixes[i]))
      return g_strdup (path);
  return g_strconcat (path, fallback, NULL);
}

static void
add_project_filters (GtkFileChooser *chooser)
{
  static const char * const project[] = { "sqlite", "sqlite3", "db", "spatialite", NULL };
  _ra_window_add_file_filter (chooser, _("Reclaim Atlas project (SpatiaLite)"), project);
}

static void
new_project_chosen (RaWindow *self, const char *chosen, const char *target)
{
  static const char * const suffixes[] = { ".sqlite", ".sqlite3", ".db", ".spatialite", NULL };
  g_autofree char *path = with_suffix (chosen, suffixes, ".sqlite");
  g_autoptr(RaStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (!make_room (self, path))
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
  GtkFileChooser *chooser = new_chooser (self, _("New Project"), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("C_reate"), _("project.sqlite"),
                                         new_project_chosen, NULL);
  add_project_filters (chooser);
  show_chooser (chooser);
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
  GtkFileChooser *chooser = new_chooser (self, _("Open Project"), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), NULL, open_project_chosen, NULL);
  add_project_filters (chooser);
  show_chooser (chooser);
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
  g_autofree char *path = with_suffix (chosen, suffixes, ".sqlite");
  g_autoptr(GError) error = NULL;
  g_autofree char *display = NULL;
  g_autofree char *text = NULL;

  if (self->store == NULL || !make_room (self, path))
    return;
  if (!ra_store_save_copy (self->store, path, &error))
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

  if (self->store == NULL)
    return;
  basename = g_path_get_basename (ra_store_get_path (self->store));
  stem = g_strndup (basename, strcspn (basename, "."));
  /* TRANSLATORS: file name suggested for a copy of a project; %s is its name */
  suggested = g_strdup_printf (_("%s (copy).sqlite"), stem);
  chooser = new_chooser (self, _("Save a Copy"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                         suggested, save_copy_chosen, NULL);
  add_project_filters (chooser);
  show_chooser (chooser);
}

/* Tables and layers out ----------------------------------------------------- */

static void
show_list_dialog (RaWindow *self, const char *heading, const char *body, GPtrArray *lines)
{
  GtkWidget *dialog, *scrolled, *label;
  g_autofree char *joined = NULL;
  GString *text = g_string_new (NULL);

  for (guint i = 0; lines != NULL && i < lines->len; i++)
    {
      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, g_ptr_array_index (lines, i));
    }
  joined = g_string_free (text, FALSE);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  label = gtk_label_new (joined);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), label);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
export_table_chosen (RaWindow *self, const char *chosen, const char *target)
{
  static const char * const suffixes[] = { ".csv", ".xlsx", ".ods", NULL };
  g_autofree char *path = with_suffix (chosen, suffixes, ".xlsx");
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *display = g_filename_display_basename (path);
  g_autofree char *text = NULL;
  int appendix = atoi (target);

  if (self->store == NULL)
    return;
  if (!ra_tables_write_appendix (self->store, appendix, path, &findings, &error))
    {
      ra_window_show_message (self, error->message);
      return;
    }
  text = g_strdup_printf (_("Appendix table %d written to %s"), appendix, display);
  if (findings != NULL && findings->len > 0)
    show_list_dialog (self, text,
                      _("The project's source tables disagree in places; the table was written "
                        "from the project's values:"),
                      findings);
  else
    ra_window_show_message (self, text);
}

static void
export_table_action (GtkWidget *widget, const char *name, GVariant *param)
{
  static const char * const all[] = { "xlsx", "ods", "csv", NULL };
  static const char * const xlsx[] = { "xlsx", NULL };
  static const char * const ods[] = { "ods", NULL };
  static const char * const csv[] = { "csv", NULL };
  RaWindow *self = RA_WINDOW (widget);
  const char *target = g_variant_get_string (param, NULL);
  g_autofree char *title = g_strdup_printf (_("Export Appendix Table %s"), target);
  g_autofree char *suggested = g_strdup_printf ("appendix%s.xlsx", target);
  GtkFileChooser *chooser;

  if (self->store == NULL || (g_strcmp0 (target, "1") != 0 && g_strcmp0 (target, "2") != 0))
    return;
  chooser = new_chooser (self, title, GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), suggested,
                         export_table_chosen, target);
  _ra_window_add_file_filter (chooser, _("Tables (XLSX, ODS, CSV)"), all);
  _ra_window_add_file_filter (chooser, _("Excel workbook (XLSX)"), xlsx);
  _ra_window_add_file_filter (chooser, _("OpenDocument spreadsheet (ODS)"), ods);
  _ra_window_add_file_filter (chooser, _("Comma-separated values (CSV)"), csv);
  show_chooser (chooser);
}

static void
export_layer_chosen (RaWindow *self, const char *chosen, const char *table)
{
  static const char * const suffixes[] = { ".shp", ".gpkg", ".geojson", ".kml", ".dxf", NULL };
  g_autofree char *path = with_suffix (chosen, suffixes, ".gpkg");
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *display = g_filename_display_basename (path);
  g_autofree char *text = NULL;

  if (self->store == NULL || !make_room (self, path))
    return;
  if (!ra_store_export_layer (self->store, table, path, &warnings, &error))
    {
      ra_window_show_message (self, error->message);
      return;
    }
  text = g_strdup_printf (_("“%s” exported to %s"), table_label (table), display);
  if (warnings != NULL && warnings->len > 0)
    show_list_dialog (self, text, _("Check these before handing the file on:"), warnings);
  else
    ra_window_show_message (self, text);
}

static void
export_layer_action (GtkWidget *widget, const char *name, GVariant *param)
{
  static const char * const all[] = { "gpkg", "shp", "geojson", "kml", "dxf", NULL };
  static const char * const gpkg[] = { "gpkg", NULL };
  static const char * const shp[] = { "shp", NULL };
  static const char * const geojson[] = { "geojson", NULL };
  static const char * const kml[] = { "kml", NULL };
  static const char * const dxf[] = { "dxf", NULL };
  RaWindow *self = RA_WINDOW (widget);
  const char *table = g_variant_get_string (param, NULL);
  g_autofree char *title = NULL;
  g_autofree char *suggested = g_strdup_printf ("%s.gpkg", table);
  GtkFileChooser *chooser;

  if (self->store == NULL || !is_project_table (table))
    return;
  title = g_strdup_printf (_("Export “%s”"), table_label (table));
  chooser = new_chooser (self, title, GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), suggested,
                         export_layer_chosen, table);
  _ra_window_add_file_filter (chooser, _("GIS data (GeoPackage, Shapefile, GeoJSON, KML, DXF)"), all);
  _ra_window_add_file_filter (chooser, _("GeoPackage"), gpkg);
  _ra_window_add_file_filter (chooser, _("Shapefile"), shp);
  _ra_window_add_file_filter (chooser, _("GeoJSON"), geojson);
  _ra_window_add_file_filter (chooser, _("KML"), kml);
  _ra_window_add_file_filter (chooser, _("DXF drawing"), dxf);
  show_chooser (chooser);
}

/* Import ------------------------------------------------------------------ */

static void
import_done_cb (RaImportDialog *dialog, guint n_imported, const char *table, RaWindow *self)
{
  g_autofree char *text = g_strdup_printf (ngettext ("%u feature imported into “%s”",
                                                     "%u features imported into “%s”",
                                                     n_imported),
                                           n_imported, table_label (table));
  ra_window_show_message (self, text);
}

static void
import_chosen (RaWindow *self, const char *path, const char *target)
{
  RaImportDialog *dialog;

  if (!check_writable (self))
    return;
  dialog = ra_import_dialog_new (GTK_WINDOW (self), self->store, path);
  g_signal_connect_object (dialog, "imported", G_CALLBACK (import_done_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
import_action (GtkWidget *widget, const char *name, GVariant *param)
{
  static const char * const all[] = { "shp", "geojson", "json", "gpkg", "kml", "dxf", "gml",
                                      "tab", "mif", "fgb", "csv", "sqlite", NULL };
  RaWindow *self = RA_WINDOW (widget);
  GtkFileChooser *chooser;

  if (!check_writable (self))
    return;
  chooser = new_chooser (self, _("Import into Project"), GTK_FILE_CHOOSER_ACTION_OPEN,
                         _("_Choose"), NULL, import_chosen, NULL);
  _ra_window_add_file_filter (chooser, _("All supported vector data"), all);
  show_chooser (chooser);
}

/* Setup ------------------------------------------------------------------- */

/* Editing the attributes of drawn features ------------------------------- */

static gboolean
is_feature_table (const char *table)
{
  return g_strcmp0 (table, "plants") == 0 || g_strcmp0 (table, "pipelines") == 0 ||
         g_strcmp0 (table, "footprints") == 0 || g_strcmp0 (table, "built_up_areas") == 0;
}

static gboolean
feature_editable (RaLayer *layer, gpointer data)
{
  RaWindow *self = data;

  return self->store != NULL && !ra_store_is_read_only (self->store) &&
         self->project_layers != NULL && g_ptr_array_find (self->project_layers, layer, NULL) &&
         is_feature_table (ra_layer_get_source_layer_name (layer));
}

RaAttributeForm *
ra_window_edit_feature (RaWindow *self, RaLayer *layer, int feature)
{
  static const char * const columns[] = { "project_id", "name", "dn_mm", "material", "status",
                                          "kind", "capacity_m3_per_day", "adcode" };
  RaAttrTable *attrs;
  RaAttributeForm *form;

  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  g_return_val_if_fail (RA_IS_LAYER (layer), NULL);

  attrs = ra_layer_get_attrs (layer);
  if (!feature_editable (layer, self) || attrs == NULL || feature < 0 ||
      (guint) feature >= attrs->n_features || attrs->fids[feature] <= 0)
    return NULL;

  /* The row's id is the feature id SpatiaLite gives GDAL; the values are
   * those on the map (the layer reloads after every change). */
  form = ra_attribute_form_new_for_row (GTK_WINDOW (self), self->store,
                                        ra_layer_get_source_layer_name (layer),
                                        attrs->fids[feature]);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      int field = ra_attr_table_field_index (attrs, columns[i]);
      const char *value = field >= 0 ? ra_attr_table_get (attrs, feature, field) : NULL;
      g_autofree char *number = NULL;

      if (field < 0)
        continue;
      /* Choices hold integers ("300", "12"); a REAL column reads "300.0". */
      if (value != NULL && (g_str_equal (columns[i], "dn_mm") || g_str_equal (columns[i], "project_id")))
        value = number = g_strdup_printf ("%.0f", g_ascii_strtod (value, NULL));
      ra_attribute_form_set_field (form, columns[i], value);
    }
  gtk_window_present (GTK_WINDOW (form));
  return form;
}

static void
edit_requested_cb (RaWindow *self, RaLayer *layer, int feature)
{
  ra_window_edit_feature (self, layer, feature);
}

static void
edit_feature_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaWindow *self = RA_WINDOW (widget);
  RaLayer *layer = ra_map_view_get_selected_layer (self->map_view);

  if (layer != NULL)
    ra_window_edit_feature (self, layer, ra_map_view_get_selected_feature (self->map_view));
}

void
_ra_window_project_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.edit-feature", NULL, edit_feature_action);
  gtk_widget_class_install_action (widget_class, "win.new-project", NULL, new_project_action);
  gtk_widget_class_install_action (widget_class, "win.open-project", NULL, open_project_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.save-copy", NULL, save_copy_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "win.add-project", NULL, add_project_action);
  gtk_widget_class_install_action (widget_class, "win.edit-project", NULL, edit_project_action);
  gtk_widget_class_install_action (widget_class, "win.duplicate-project", NULL,
                                   duplicate_project_action);
  gtk_widget_class_install_action (widget_class, "win.delete-project", NULL,
                                   delete_project_action);
  gtk_widget_class_install_action (widget_class, "win.export-table", "s", export_table_action);
  gtk_widget_class_install_action (widget_class, "win.export-layer", "s", export_layer_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
}

void
_ra_window_project_init (RaWindow *self)
{
  g_autoptr(GPropertyAction) inventory_action = NULL;

  self->project_layers = g_ptr_array_new_with_free_func (g_object_unref);
  self->project_cancellable = g_cancellable_new ();

  /* F8 and the header button show or hide the inventory under the map. */
  inventory_action = g_property_action_new ("show-inventory", self->inventory_view, "visible");
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (inventory_action));

  g_signal_connect_object (self->inventory_view, "notify::selected-project",
                           G_CALLBACK (inventory_selection_cb), self, 0);
  g_signal_connect_object (self->inventory_view, "project-activated",
                           G_CALLBACK (project_activated_cb), self, 0);
  g_signal_connect_object (self->settings, "changed::recent-projects",
                           G_CALLBACK (rebuild_recent_menu), self, G_CONNECT_SWAPPED);
  rebuild_recent_menu (self);

  ra_map_view_set_editable_func (self->map_view, feature_editable, self);
  g_signal_connect_object (self->map_view, "edit-requested", G_CALLBACK (edit_requested_cb), self,
                           G_CONNECT_SWAPPED);

  update_banner (self);
  update_undo_state (self);
  update_project_actions (self);
}

void
_ra_window_project_dispose (RaWindow *self)
{
  if (self->map_view != NULL)
    ra_map_view_set_editable_func (self->map_view, NULL, NULL);
  g_cancellable_cancel (self->project_cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_clear_handle_id (&self->poll_source, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
  g_clear_object (&self->store);
  g_clear_object (&self->project_cancellable);
  g_clear_pointer (&self->project_layers, g_ptr_array_unref);
}
