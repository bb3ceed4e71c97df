/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ra-attribute-form.h"
#include "ra-project-editor.h"
#include "ra-window-private.h"

/* The inventory under the map (F8): a project chosen in it is highlighted
 * on the map and a project feature clicked on the map chooses its row;
 * adding, editing, duplicating and deleting projects; and the attribute
 * form of a drawn feature ("Edit Attributes…" in the identify popover). */

struct _RaWindowInventory
{
  gboolean syncing_selection;   /* the map and the inventory follow each other */
  gboolean pending;             /* a pending load of the window until its rows are in */
  gboolean held;                /* its rows wait for the map's first frame */
  guint    release_source;      /* or for this timeout, when no frame comes */
};

/* Longest wait of the inventory's rows for the map's first frame once the
 * tables are read (a hidden map draws none). */
#define RELEASE_TIMEOUT_MS 1000

/* Actions ------------------------------------------------------------------ */

static void
update_actions (RaWindow *self)
{
  RaStore *store = ra_window_get_store (self);
  gboolean has_store = store != NULL;
  gboolean writable = has_store && !ra_store_is_read_only (store);
  gboolean selected = has_store &&
                      ra_inventory_view_get_selected_project (self->inventory_view) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-project", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-project", selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.duplicate-project", selected && writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-project", selected && writable);
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
  RaWindowInventory *inv = self->inventory;
  RaStore *store = ra_window_get_store (self);

  if (project_id <= 0)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      RaLayer *layer = ra_project_session_find_layer (self->session, sources[i].table);
      int feature = find_feature (layer, sources[i].id_field, project_id);

      if (feature >= 0)
        {
          inv->syncing_selection = TRUE;
          ra_map_view_select_feature (self->map_view, layer, feature);
          if (zoom)
            {
              const RaView *view;

              /* Fit the shape, then step back to show what surrounds it. */
              ra_map_view_zoom_to_selection (self->map_view);
              view = ra_map_view_get_view (self->map_view);
              ra_map_view_zoom_at (self->map_view, 0.4, view->width / 2.0, view->height / 2.0);
            }
          inv->syncing_selection = FALSE;
          return;
        }
    }

  inv->syncing_selection = TRUE;
  ra_map_view_clear_selection (self->map_view);
  inv->syncing_selection = FALSE;
  if (zoom && store != NULL)
    {
      g_autoptr(RaProjectRecord) rec = ra_store_get_project (store, project_id, NULL);
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
  RaWindowInventory *inv = self->inventory;

  update_actions (self);
  if (inv->syncing_selection)
    return;
  highlight_project (self, ra_inventory_view_get_selected_project (view), TRUE);
}

void
_ra_window_inventory_map_selection_changed (RaWindow *self)
{
  RaWindowInventory *inv = self->inventory;
  RaLayer *layer = ra_map_view_get_selected_layer (self->map_view);
  int feature = ra_map_view_get_selected_feature (self->map_view);
  const char *table;
  gint64 project_id = 0;

  if (inv->syncing_selection || layer == NULL || feature < 0 ||
      !ra_project_session_has_layer (self->session, layer))
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

  inv->syncing_selection = TRUE;
  ra_inventory_view_select_project (self->inventory_view, project_id);
  inv->syncing_selection = FALSE;
}

/* Editing projects ---------------------------------------------------------- */

RaProjectEditor *
ra_window_edit_project (RaWindow *self, gint64 project_id)
{
  RaProjectEditor *editor;

  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  g_return_val_if_fail (ra_window_get_store (self) != NULL, NULL);

  editor = ra_project_editor_new (GTK_WINDOW (self), ra_window_get_store (self), project_id);
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

  if (!_ra_window_check_writable (self))
    return;
  id = ra_store_insert_project (ra_window_get_store (self), NULL, _("New project"), NULL, &error);
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

  if (ra_window_get_store (self) != NULL && id > 0)
    ra_window_edit_project (self, id);
}

static void
duplicate_project_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaWindow *self = RA_WINDOW (widget);
  gint64 id = ra_inventory_view_get_selected_project (self->inventory_view);
  g_autoptr(GError) error = NULL;
  gint64 copy;

  if (id <= 0 || !_ra_window_check_writable (self))
    return;
  copy = ra_store_duplicate_project (ra_window_get_store (self), id, &error);
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

  if (g_strcmp0 (response, "delete") != 0 || ra_window_get_store (self) == NULL)
    return;
  if (!ra_store_delete_project (ra_window_get_store (self), id, &error))
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

  if (id <= 0 || !_ra_window_check_writable (self))
    return;
  rec = ra_store_get_project (ra_window_get_store (self), id, NULL);
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

/* Editing the attributes of drawn features ------------------------------- */

static gboolean
is_feature_table (const char *table)
{
  return g_strcmp0 (table, "plants") == 0 || g_strcmp0 (table, "pipelines") == 0 ||
         g_strcmp0 (table, "footprints") == 0 || g_strcmp0 (table, "built_up_areas") == 0 ||
         g_strcmp0 (table, "water_users") == 0;
}

static gboolean
feature_editable (RaLayer *layer, gpointer data)
{
  RaWindow *self = data;
  RaStore *store = ra_window_get_store (self);

  return store != NULL && !ra_store_is_read_only (store) &&
         ra_project_session_has_layer (self->session, layer) &&
         is_feature_table (ra_layer_get_source_layer_name (layer));
}

/* A water user has an editor of its own (ra-window-balance.c); its
 * layer's feature ids are the users' ids. */
static gboolean
edit_water_user (RaWindow *self, RaLayer *layer, int feature)
{
  RaAttrTable *attrs = ra_layer_get_attrs (layer);

  if (g_strcmp0 (ra_layer_get_source_layer_name (layer), "water_users") != 0)
    return FALSE;
  if (feature_editable (layer, self) && attrs != NULL && feature >= 0 &&
      (guint) feature < attrs->n_features)
    ra_window_edit_water_user (self, attrs->fids[feature]);
  return TRUE;
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

  if (edit_water_user (self, layer, feature))
    return NULL;
  attrs = ra_layer_get_attrs (layer);
  if (!feature_editable (layer, self) || attrs == NULL || feature < 0 ||
      (guint) feature >= attrs->n_features || attrs->fids[feature] <= 0)
    return NULL;

  /* The row's id is the feature id SpatiaLite gives GDAL; the values are
   * those on the map (the layer reloads after every change). */
  form = ra_attribute_form_new_for_row (GTK_WINDOW (self), ra_window_get_store (self),
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
      if (value != NULL &&
          (g_str_equal (columns[i], "dn_mm") || g_str_equal (columns[i], "project_id")))
        value = number = g_strdup_printf ("%.0f", g_ascii_strtod (value, NULL));
      ra_attribute_form_set_field (form, columns[i], value);
    }
  ra_attribute_form_mark_loaded (form);
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

/* The session ---------------------------------------------------------------- */

/* The map first: on two cores, reading the inventory's 100,000 rows while
 * the project's tables are read and drawn would hold the first map up by a
 * third (docs/performance.md, issue 19); the rows are read in a worker
 * right after the first frame.  Until they are in, the window counts a
 * pending load. */
static void
end_pending (RaWindow *self)
{
  RaWindowInventory *inv = self->inventory;

  if (inv->pending)
    {
      inv->pending = FALSE;
      _ra_window_load_finished (self);
    }
}

static void
release_fill (RaWindow *self)
{
  RaWindowInventory *inv = self->inventory;

  g_clear_handle_id (&inv->release_source, g_source_remove);
  if (!inv->held)
    return;
  inv->held = FALSE;
  ra_inventory_view_hold_fill (self->inventory_view, FALSE);
}

static gboolean
release_timeout_cb (gpointer user_data)
{
  RaWindow *self = user_data;

  self->inventory->release_source = 0;
  release_fill (self);
  return G_SOURCE_REMOVE;
}

static void
render_done_cb (RaWindow *self)
{
  if (self->inventory->held && !ra_project_session_is_loading (self->session))
    release_fill (self);
}

static void
load_finished_cb (RaWindow *self)
{
  RaWindowInventory *inv = self->inventory;

  if (inv->held && inv->release_source == 0)
    inv->release_source = g_timeout_add (RELEASE_TIMEOUT_MS, release_timeout_cb, self);
}

static void
filling_cb (RaWindow *self)
{
  if (!ra_inventory_view_get_filling (self->inventory_view))
    end_pending (self);
}

static void
store_set_cb (RaWindow *self)
{
  RaWindowInventory *inv = self->inventory;
  RaStore *store = ra_window_get_store (self);

  g_clear_handle_id (&inv->release_source, g_source_remove);
  inv->held = store != NULL && ra_project_session_is_loading (self->session);
  ra_inventory_view_hold_fill (self->inventory_view, inv->held);
  if (store != NULL && !inv->pending)
    {
      inv->pending = TRUE;
      _ra_window_load_started (self);
    }
  ra_inventory_view_set_store (self->inventory_view, store);
  if (!ra_inventory_view_get_filling (self->inventory_view))
    end_pending (self);
  ra_map_view_set_store (self->map_view, ra_window_get_store (self));
  update_actions (self);
}

static void
layers_loaded_cb (RaWindow *self)
{
  /* The reload dropped the highlighted feature; find it again. */
  if (ra_inventory_view_get_selected_project (self->inventory_view) > 0)
    highlight_project (self, ra_inventory_view_get_selected_project (self->inventory_view), FALSE);
}

/* Setup ------------------------------------------------------------------- */

void
_ra_window_inventory_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.edit-feature", NULL, edit_feature_action);
  gtk_widget_class_install_action (widget_class, "win.add-project", NULL, add_project_action);
  gtk_widget_class_install_action (widget_class, "win.edit-project", NULL, edit_project_action);
  gtk_widget_class_install_action (widget_class, "win.duplicate-project", NULL,
                                   duplicate_project_action);
  gtk_widget_class_install_action (widget_class, "win.delete-project", NULL,
                                   delete_project_action);
}

void
_ra_window_inventory_init (RaWindow *self)
{
  g_autoptr(GPropertyAction) inventory_action = NULL;

  self->inventory = g_new0 (RaWindowInventory, 1);

  /* F8 and the header button show or hide the inventory under the map. */
  inventory_action = g_property_action_new ("show-inventory", self->inventory_view, "visible");
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (inventory_action));

  g_signal_connect_object (self->inventory_view, "notify::selected-project",
                           G_CALLBACK (inventory_selection_cb), self, 0);
  g_signal_connect_object (self->inventory_view, "project-activated",
                           G_CALLBACK (project_activated_cb), self, 0);
  g_signal_connect_object (self->session, "notify::store", G_CALLBACK (store_set_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "load-finished", G_CALLBACK (load_finished_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->map_view, "render-done", G_CALLBACK (render_done_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->inventory_view, "notify::filling", G_CALLBACK (filling_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "store-changed", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "connection-changed", G_CALLBACK (update_actions),
                           self, G_CONNECT_SWAPPED);
  /* After the plan's own answer: its layers are in place by then. */
  g_signal_connect_object (self->session, "layers-loaded", G_CALLBACK (layers_loaded_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  ra_map_view_set_editable_func (self->map_view, feature_editable, self);
  g_signal_connect_object (self->map_view, "edit-requested", G_CALLBACK (edit_requested_cb), self,
                           G_CONNECT_SWAPPED);
  update_actions (self);
}

void
_ra_window_inventory_dispose (RaWindow *self)
{
  if (self->inventory != NULL)
    g_clear_handle_id (&self->inventory->release_source, g_source_remove);
  if (self->map_view != NULL)
    ra_map_view_set_editable_func (self->map_view, NULL, NULL);
}
