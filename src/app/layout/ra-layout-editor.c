/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ra-export.h"
#include "ra-layout-editor.h"
#include "ra-views.h"

/* The side panel edits the layout value in place and tells the preview;
 * the preview's drags edit it too and the panel follows.  `syncing` stops
 * the panel's own updates from coming back as edits. */

struct _RaLayoutEditor
{
  AdwWindow          parent_instance;

  /* template widgets */
  AdwToastOverlay   *toast_overlay;
  AdwWindowTitle    *window_title;
  GtkDropDown       *layout_dropdown;
  GtkToggleButton   *pan_button;
  RaLayoutPreview   *preview;
  AdwEntryRow       *name_row;
  AdwComboRow       *page_row;
  AdwComboRow       *orientation_row;
  GtkSpinButton     *margin_spin;
  AdwComboRow       *map_mode_row;
  GtkWidget         *scale_row;
  GtkSpinButton     *scale_spin;
  AdwComboRow       *county_row;
  GtkSwitch         *legend_switch;
  GtkSwitch         *scalebar_switch;
  GtkSwitch         *north_switch;
  GtkSwitch         *grid_north_switch;
  GtkSwitch         *inset_switch;
  GtkSwitch         *graticule_switch;
  AdwPreferencesGroup *texts_group;
  GtkWidget         *item_group;
  GtkSpinButton     *x_spin;
  GtkSpinButton     *y_spin;
  GtkSpinButton     *w_spin;
  GtkSpinButton     *h_spin;
  GtkSwitch         *frame_switch;

  /* owned */
  RaFigureSource    *source;         /* what the page is drawn from */
  RaStore           *store;
  RaLayout          *layout;
  RaLayoutContext   *ctx;
  RaLayerData       *inset;          /* loaded once for the preview */
  GCancellable      *cancellable;
  GStrv              counties;
  GStrv              layout_names;
  GPtrArray         *text_rows;
  gboolean           syncing;
};

G_DEFINE_FINAL_TYPE (RaLayoutEditor, ra_layout_editor, ADW_TYPE_WINDOW)

static const RaLayoutMapMode map_modes[] = {
  RA_LAYOUT_MAP_FIT_EXTENT, RA_LAYOUT_MAP_VIEW, RA_LAYOUT_MAP_SCALE, RA_LAYOUT_MAP_FIT_COUNTY,
};

static void sync_panel (RaLayoutEditor *self);

static void
show_toast (RaLayoutEditor *self, const char *text)
{
  g_autofree char *markup = g_markup_escape_text (text, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (markup));
}

RaLayout *
ra_layout_editor_get_layout (RaLayoutEditor *self)
{
  g_return_val_if_fail (RA_IS_LAYOUT_EDITOR (self), NULL);
  return self->layout;
}

RaLayoutPreview *
ra_layout_editor_get_preview (RaLayoutEditor *self)
{
  g_return_val_if_fail (RA_IS_LAYOUT_EDITOR (self), NULL);
  return self->preview;
}

/* Context ------------------------------------------------------------------ */

static void
apply_context (RaLayoutEditor *self)
{
  if (self->ctx == NULL)
    return;
  g_clear_pointer (&self->ctx->inset, ra_layer_data_unref);
  if (self->inset != NULL)
    self->ctx->inset = ra_layer_data_ref (self->inset);
  ra_layout_preview_set_context (self->preview, self->ctx);
}

typedef struct {
  RaLayoutItem *item;
  RaCrs        *crs;
} InsetJob;

static void
inset_job_free (InsetJob *job)
{
  g_clear_pointer (&job->item, ra_layout_item_free);
  g_clear_pointer (&job->crs, ra_crs_unref);
  g_free (job);
}

static void
inset_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  InsetJob *job = task_data;
  GError *error = NULL;
  RaLayerData *data = ra_layout_load_inset (job->item, job->crs, cancellable, &error);

  if (data == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, data, (GDestroyNotify) ra_layer_data_unref);
}

static void
inset_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  RaLayoutEditor *self = RA_LAYOUT_EDITOR (object);
  g_autoptr(GError) error = NULL;
  RaLayerData *data = g_task_propagate_pointer (G_TASK (result), &error);

  if (data == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && error != NULL)
        g_debug ("Inset: %s", error->message);
      return;
    }
  g_clear_pointer (&self->inset, ra_layer_data_unref);
  self->inset = data;
  apply_context (self);
}

/* The inset's source is read off the main thread, once. */
static void
load_inset (RaLayoutEditor *self)
{
  RaLayoutItem *inset = self->layout != NULL ? ra_layout_find_kind (self->layout, RA_LAYOUT_ITEM_INSET) : NULL;
  RaCrs *crs = self->ctx != NULL && self->ctx->snapshot != NULL
               ? ra_map_snapshot_get_crs (self->ctx->snapshot) : NULL;
  g_autoptr(GTask) task = NULL;
  InsetJob *job;

  if (self->inset != NULL || inset == NULL || crs == NULL || inset->inset_source == NULL)
    return;
  job = g_new0 (InsetJob, 1);
  job->item = ra_layout_item_copy (inset);
  job->crs = ra_crs_ref (crs);
  task = g_task_new (self, self->cancellable, inset_done_cb, NULL);
  g_task_set_source_tag (task, load_inset);
  g_task_set_task_data (task, job, (GDestroyNotify) inset_job_free);
  g_task_run_in_thread (task, inset_thread);
}

static void
refresh_context (RaLayoutEditor *self)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  RaLayoutContext *ctx = ra_figure_source_dup_context (self->source);

  /* The main window has gone: the page stays as it was last drawn. */
  if (ctx == NULL)
    return;
  g_clear_pointer (&self->ctx, ra_layout_context_free);
  self->ctx = ctx;
  g_clear_pointer (&self->counties, g_strfreev);
  if (self->ctx->snapshot != NULL)
    self->counties = ra_export_list_counties (self->ctx->snapshot);
  for (guint i = 0; self->counties != NULL && self->counties[i] != NULL; i++)
    gtk_string_list_append (list, self->counties[i]);
  self->syncing = TRUE;
  adw_combo_row_set_model (self->county_row, G_LIST_MODEL (list));
  self->syncing = FALSE;
  apply_context (self);
  load_inset (self);
  sync_panel (self);
}

static void
active_changed_cb (RaLayoutEditor *self)
{
  /* Back from the main window: the map may have changed (year, layers). */
  if (gtk_window_is_active (GTK_WINDOW (self)) && self->ctx != NULL)
    refresh_context (self);
}

/* Panel <- layout ------------------------------------------------------------ */

static void
text_changed_cb (AdwEntryRow *row, RaLayoutEditor *self)
{
  const char *id = g_object_get_data (G_OBJECT (row), "item-id");
  RaLayoutItem *item;

  if (self->syncing || self->layout == NULL ||
      (item = ra_layout_find_item (self->layout, id)) == NULL)
    return;
  g_free (item->text);
  item->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));
  ra_layout_preview_layout_changed (self->preview);
}

static char *
text_row_title (const RaLayoutItem *item)
{
  if (g_strcmp0 (item->id, "title") == 0)
    return g_strdup (_("Title"));
  if (g_strcmp0 (item->id, "subtitle") == 0)
    return g_strdup (_("Subtitle"));
  if (item->kind == RA_LAYOUT_ITEM_SCHEMATIC)
    return g_strdup (_("Schematic note"));
  if (item->kind == RA_LAYOUT_ITEM_LEGEND)
    return g_strdup (_("Legend heading"));
  if (item->kind == RA_LAYOUT_ITEM_INSET)
    return g_strdup (_("Inset caption"));
  /* Translators: a text box of a print layout, by its id ("source"). */
  return g_strdup_printf (_("Text “%s”"), item->id);
}

static void
rebuild_text_rows (RaLayoutEditor *self)
{
  for (guint i = 0; i < self->text_rows->len; i++)
    adw_preferences_group_remove (self->texts_group, g_ptr_array_index (self->text_rows, i));
  g_ptr_array_set_size (self->text_rows, 0);
  if (self->layout == NULL)
    return;

  for (guint i = 0; i < self->layout->items->len; i++)
    {
      RaLayoutItem *item = g_ptr_array_index (self->layout->items, i);
      g_autofree char *title = NULL;
      GtkWidget *row;

      if (item->kind != RA_LAYOUT_ITEM_TEXT && item->kind != RA_LAYOUT_ITEM_SCHEMATIC &&
          item->kind != RA_LAYOUT_ITEM_LEGEND && item->kind != RA_LAYOUT_ITEM_INSET)
        continue;
      title = text_row_title (item);
      row = adw_entry_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_editable_set_text (GTK_EDITABLE (row), item->text != NULL ? item->text : "");
      g_object_set_data_full (G_OBJECT (row), "item-id", g_strdup (item->id), g_free);
      g_signal_connect (row, "changed", G_CALLBACK (text_changed_cb), self);
      adw_preferences_group_add (self->texts_group, row);
      g_ptr_array_add (self->text_rows, row);
    }
}

static guint
map_mode_index (RaLayoutMapMode mode)
{
  for (guint i = 0; i < G_N_ELEMENTS (map_modes); i++)
    if (map_modes[i] == mode)
      return i;
  return 0;
}

static void
set_switch_for_kind (RaLayoutEditor *self, GtkSwitch *sw, RaLayoutItemKind kind)
{
  RaLayoutItem *item = ra_layout_find_kind (self->layout, kind);

  gtk_widget_set_sensitive (GTK_WIDGET (sw), item != NULL);
  gtk_switch_set_active (sw, item != NULL && item->visible);
}

static void
sync_item_group (RaLayoutEditor *self)
{
  const char *id = ra_layout_preview_get_selected (self->preview);
  RaLayoutItem *item = self->layout != NULL && id != NULL ? ra_layout_find_item (self->layout, id) : NULL;

  gtk_widget_set_sensitive (self->item_group, item != NULL);
  if (item == NULL)
    {
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->item_group), _("Selected Item"));
      return;
    }
  {
    /* Translators: the side panel's heading for the item chosen on the page. */
    g_autofree char *title = g_strdup_printf (_("Selected Item: %s"), item->id);
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->item_group), title);
  }
  self->syncing = TRUE;
  gtk_spin_button_set_value (self->x_spin, item->x_mm);
  gtk_spin_button_set_value (self->y_spin, item->y_mm);
  gtk_spin_button_set_value (self->w_spin, item->width_mm);
  gtk_spin_button_set_value (self->h_spin, item->height_mm);
  gtk_switch_set_active (self->frame_switch, item->frame);
  self->syncing = FALSE;
}

static void
sync_panel (RaLayoutEditor *self)
{
  RaLayoutItem *map, *north;
  guint county_index = GTK_INVALID_LIST_POSITION;

  if (self->layout == NULL)
    return;
  self->syncing = TRUE;
  adw_window_title_set_subtitle (self->window_title, self->layout->name);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->name_row)), self->layout->name) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->name_row), self->layout->name);
  adw_combo_row_set_selected (self->page_row, self->layout->page == RA_PAGE_A3 ? 1
                                              : self->layout->page == RA_PAGE_A2 ? 2 : 0);
  adw_combo_row_set_selected (self->orientation_row, ra_layout_is_landscape (self->layout) ? 1 : 0);
  gtk_spin_button_set_value (self->margin_spin, self->layout->margin_mm);

  map = ra_layout_find_kind (self->layout, RA_LAYOUT_ITEM_MAP);
  if (map != NULL)
    {
      RaLayoutGeometry geometry;

      adw_combo_row_set_selected (self->map_mode_row, map_mode_index (map->map_mode));
      if (map->map_mode == RA_LAYOUT_MAP_SCALE)
        gtk_spin_button_set_value (self->scale_spin, map->scale_denominator);
      else if (self->ctx != NULL && ra_layout_compute (self->layout, self->ctx, &geometry, NULL))
        gtk_spin_button_set_value (self->scale_spin, geometry.scale_denominator);
      gtk_widget_set_sensitive (self->scale_row, map->map_mode == RA_LAYOUT_MAP_SCALE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->county_row),
                                map->map_mode == RA_LAYOUT_MAP_FIT_COUNTY);
      for (guint i = 0; self->counties != NULL && self->counties[i] != NULL; i++)
        if (g_strcmp0 (self->counties[i], map->county) == 0)
          county_index = i;
      adw_combo_row_set_selected (self->county_row, county_index);
      gtk_switch_set_active (self->graticule_switch, map->graticule);
    }
  set_switch_for_kind (self, self->legend_switch, RA_LAYOUT_ITEM_LEGEND);
  set_switch_for_kind (self, self->scalebar_switch, RA_LAYOUT_ITEM_SCALEBAR);
  set_switch_for_kind (self, self->north_switch, RA_LAYOUT_ITEM_NORTH_ARROW);
  set_switch_for_kind (self, self->inset_switch, RA_LAYOUT_ITEM_INSET);
  north = ra_layout_find_kind (self->layout, RA_LAYOUT_ITEM_NORTH_ARROW);
  gtk_widget_set_sensitive (GTK_WIDGET (self->grid_north_switch), north != NULL);
  gtk_switch_set_active (self->grid_north_switch, north != NULL && north->grid_north);
  self->syncing = FALSE;
  sync_item_group (self);
}

static void
update_layout_list (RaLayoutEditor *self)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  guint selected = GTK_INVALID_LIST_POSITION;
  gboolean found = FALSE;

  g_clear_pointer (&self->layout_names, g_strfreev);
  self->layout_names = self->store != NULL ? ra_views_list_layouts (self->store, &error) : NULL;
  for (guint i = 0; self->layout_names != NULL && self->layout_names[i] != NULL; i++)
    {
      gtk_string_list_append (list, self->layout_names[i]);
      if (self->layout != NULL && g_strcmp0 (self->layout_names[i], self->layout->name) == 0)
        {
          selected = i;
          found = TRUE;
        }
    }
  /* The layout being edited is listed even before it is saved. */
  if (!found && self->layout != NULL)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      if (self->layout_names != NULL)
        g_strv_builder_addv (builder, (const char **) self->layout_names);
      g_strv_builder_add (builder, self->layout->name);
      g_strfreev (self->layout_names);
      self->layout_names = g_strv_builder_end (builder);
      gtk_string_list_append (list, self->layout->name);
      selected = g_strv_length (self->layout_names) - 1;
    }
  self->syncing = TRUE;
  gtk_drop_down_set_model (self->layout_dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (self->layout_dropdown, selected);
  self->syncing = FALSE;
}

static void
set_layout (RaLayoutEditor *self, RaLayout *layout)
{
  ra_layout_preview_set_layout (self->preview, NULL);
  g_clear_pointer (&self->layout, ra_layout_free);
  self->layout = layout;
  ra_layout_preview_set_layout (self->preview, layout);
  rebuild_text_rows (self);
  update_layout_list (self);
  load_inset (self);
  sync_panel (self);
}

/* Layouts in the project ------------------------------------------------------ */

gboolean
ra_layout_editor_save (RaLayoutEditor *self, GError **error)
{
  g_return_val_if_fail (RA_IS_LAYOUT_EDITOR (self), FALSE);

  if (self->store == NULL || self->layout == NULL)
    {
      g_set_error_literal (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT, _("No project is open"));
      return FALSE;
    }
  if (!ra_views_save_layout (self->store, self->layout, error))
    return FALSE;
  update_layout_list (self);
  return TRUE;
}

gboolean
ra_layout_editor_load (RaLayoutEditor *self, const char *name, GError **error)
{
  RaLayout *layout;

  g_return_val_if_fail (RA_IS_LAYOUT_EDITOR (self), FALSE);

  if (self->store == NULL)
    {
      g_set_error_literal (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT, _("No project is open"));
      return FALSE;
    }
  layout = ra_views_load_layout (self->store, name, error);
  if (layout == NULL)
    return FALSE;
  set_layout (self, layout);
  return TRUE;
}

static gboolean
name_taken (RaLayoutEditor *self, const char *name)
{
  for (guint i = 0; self->layout_names != NULL && self->layout_names[i] != NULL; i++)
    if (g_strcmp0 (self->layout_names[i], name) == 0)
      return TRUE;
  return FALSE;
}

void
ra_layout_editor_new_from_default (RaLayoutEditor *self)
{
  RaLayout *layout;

  g_return_if_fail (RA_IS_LAYOUT_EDITOR (self));

  layout = self->store != NULL ? ra_views_new_default_layout (self->store, RA_PAGE_A4, TRUE)
                               : ra_layout_new_default (RA_PAGE_A4, TRUE, NULL);
  if (name_taken (self, layout->name))
    for (guint n = 2;; n++)
      {
        /* Translators: name of a new print layout, "Layout 2". */
        g_autofree char *name = g_strdup_printf (_("Layout %u"), n);

        if (!name_taken (self, name))
          {
            g_free (layout->name);
            layout->name = g_steal_pointer (&name);
            break;
          }
      }
  set_layout (self, layout);
}

RaExportDialog *
ra_layout_editor_export (RaLayoutEditor *self)
{
  RaExportDialog *dialog;
  g_autofree char *project = NULL;

  g_return_val_if_fail (RA_IS_LAYOUT_EDITOR (self), NULL);
  g_return_val_if_fail (self->layout != NULL && self->ctx != NULL, NULL);

  project = self->store != NULL ? ra_store_dup_project_name (self->store) : NULL;
  dialog = ra_export_dialog_new (GTK_WINDOW (self), self->layout, self->ctx, project);
  ra_export_dialog_set_store (dialog, self->store);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/* Panel -> layout ---------------------------------------------------------------- */

static void
layout_selected_cb (RaLayoutEditor *self)
{
  guint selected = gtk_drop_down_get_selected (self->layout_dropdown);
  g_autoptr(GError) error = NULL;
  const char *name;

  if (self->syncing || self->layout_names == NULL || selected >= g_strv_length (self->layout_names))
    return;
  name = self->layout_names[selected];
  if (self->layout != NULL && g_strcmp0 (name, self->layout->name) == 0)
    return;
  if (!ra_layout_editor_load (self, name, &error))
    show_toast (self, error->message);
}

static void
name_changed_cb (RaLayoutEditor *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->name_row));

  if (self->syncing || self->layout == NULL || text[0] == '\0' ||
      g_strcmp0 (text, self->layout->name) == 0)
    return;
  g_free (self->layout->name);
  self->layout->name = g_strdup (text);
  adw_window_title_set_subtitle (self->window_title, text);
}

static void
page_changed_cb (RaLayoutEditor *self)
{
  static const RaPageSize pages[] = { RA_PAGE_A4, RA_PAGE_A3, RA_PAGE_A2 };
  guint page = adw_combo_row_get_selected (self->page_row);
  gboolean landscape = adw_combo_row_get_selected (self->orientation_row) == 1;

  if (self->syncing || self->layout == NULL || page >= G_N_ELEMENTS (pages))
    return;
  if (pages[page] == self->layout->page && landscape == ra_layout_is_landscape (self->layout))
    return;
  ra_layout_set_page (self->layout, pages[page], 0, 0, landscape, TRUE);
  ra_layout_preview_layout_changed (self->preview);
  sync_panel (self);
}

static void
margin_changed_cb (RaLayoutEditor *self)
{
  if (self->syncing || self->layout == NULL)
    return;
  self->layout->margin_mm = gtk_spin_button_get_value (self->margin_spin);
  ra_layout_preview_layout_changed (self->preview);
}

static void
map_mode_changed_cb (RaLayoutEditor *self)
{
  RaLayoutItem *map;
  guint index = adw_combo_row_get_selected (self->map_mode_row);
  RaLayoutGeometry geometry;
  gboolean have_geometry;

  if (self->syncing || self->layout == NULL || index >= G_N_ELEMENTS (map_modes) ||
      (map = ra_layout_find_kind (self->layout, RA_LAYOUT_ITEM_MAP)) == NULL ||
      map->map_mode == map_modes[index])
    return;

  /* A fixed scale starts from what the frame shows now. */
  have_geometry = self->ctx != NULL && ra_layout_compute (self->layout, self->ctx, &geometry, NULL);
  map->map_mode = map_modes[index];
  if (map->map_mode == RA_LAYOUT_MAP_SCALE && have_geometry)
    {
      map->scale_denominator = ra_layout_round_scale (geometry.scale_denominator);
      map->centre_lon = geometry.centre_lon;
      map->centre_lat = geometry.centre_lat;
    }
  else if (map->map_mode == RA_LAYOUT_MAP_FIT_COUNTY && map->county == NULL &&
           self->counties != NULL && self->counties[0] != NULL)
    map->county = g_strdup (self->counties[0]);
  else if (map->map_mode != RA_LAYOUT_MAP_SCALE)
    map->scale_denominator = 0;
  ra_layout_preview_layout_changed (self->preview);
  sync_panel (self);
}

static void
scale_changed_cb (RaLayoutEditor *self)
{
  RaLayoutItem *map;

  if (self->syncing || self->layout == NULL ||
      (map = ra_layout_find_kind (self->layout, RA_LAYOUT_ITEM_MAP)) == NULL ||
      map->map_mode != RA_LAYOUT_MAP_SCALE)
    return;
  map->scale_denominator = gtk_spin_button_get_value (self->scale_spin);
  ra_layout_preview_layout_changed (self->preview);
}

static void
county_changed_cb (RaLayoutEditor *self)
{
  RaLayoutItem *map;
  guint index = adw_combo_row_get_selected (self->county_row);

  if (self->syncing || self->layout == NULL || self->counties == NULL ||
      index >= g_strv_length (self->counties) ||
      (map = ra_layout_find_kind (self->layout, RA_LAYOUT_ITEM_MAP)) == NULL)
    return;
  g_free (map->county);
  map->county = g_strdup (self->counties[index]);
  ra_layout_preview_layout_changed (self->preview);
}

static void
set_kind_visible (RaLayoutEditor *self, RaLayoutItemKind kind, gboolean visible)
{
  RaLayoutItem *item = ra_layout_find_kind (self->layout, kind);

  if (item != NULL)
    item->visible = visible;
}

static void
toggle_changed_cb (RaLayoutEditor *self)
{
  RaLayoutItem *map, *north;

  if (self->syncing || self->layout == NULL)
    return;
  set_kind_visible (self, RA_LAYOUT_ITEM_LEGEND, gtk_switch_get_active (self->legend_switch));
  set_kind_visible (self, RA_LAYOUT_ITEM_SCALEBAR, gtk_switch_get_active (self->scalebar_switch));
  set_kind_visible (self, RA_LAYOUT_ITEM_NORTH_ARROW, gtk_switch_get_active (self->north_switch));
  set_kind_visible (self, RA_LAYOUT_ITEM_INSET, gtk_switch_get_active (self->inset_switch));
  if ((north = ra_layout_find_kind (self->layout, RA_LAYOUT_ITEM_NORTH_ARROW)) != NULL)
    north->grid_north = gtk_switch_get_active (self->grid_north_switch);
  if ((map = ra_layout_find_kind (self->layout, RA_LAYOUT_ITEM_MAP)) != NULL)
    map->graticule = gtk_switch_get_active (self->graticule_switch);
  ra_layout_preview_layout_changed (self->preview);
}

static void
geometry_changed_cb (RaLayoutEditor *self)
{
  const char *id = ra_layout_preview_get_selected (self->preview);
  RaLayoutItem *item;

  if (self->syncing || self->layout == NULL || id == NULL ||
      (item = ra_layout_find_item (self->layout, id)) == NULL)
    return;
  item->x_mm = gtk_spin_button_get_value (self->x_spin);
  item->y_mm = gtk_spin_button_get_value (self->y_spin);
  item->width_mm = gtk_spin_button_get_value (self->w_spin);
  item->height_mm = gtk_spin_button_get_value (self->h_spin);
  item->frame = gtk_switch_get_active (self->frame_switch);
  ra_layout_preview_layout_changed (self->preview);
}

static void
preview_layout_changed_cb (RaLayoutEditor *self)
{
  sync_panel (self);
}

static void
preview_selection_changed_cb (RaLayoutEditor *self)
{
  sync_item_group (self);
}

static void
pan_toggled_cb (RaLayoutEditor *self)
{
  ra_layout_preview_set_pan_mode (self->preview, gtk_toggle_button_get_active (self->pan_button));
}

/* Actions --------------------------------------------------------------------- */

static void
save_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaLayoutEditor *self = RA_LAYOUT_EDITOR (widget);
  g_autoptr(GError) error = NULL;

  if (!ra_layout_editor_save (self, &error))
    show_toast (self, error->message);
  else
    {
      /* Translators: toast after saving a print layout. */
      g_autofree char *text = g_strdup_printf (_("Layout “%s” saved in the project"),
                                               self->layout->name);
      show_toast (self, text);
    }
}

static void
new_default_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ra_layout_editor_new_from_default (RA_LAYOUT_EDITOR (widget));
}

static void
export_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ra_layout_editor_export (RA_LAYOUT_EDITOR (widget));
}

/* GObject ------------------------------------------------------------------------ */

static void
ra_layout_editor_dispose (GObject *object)
{
  RaLayoutEditor *self = RA_LAYOUT_EDITOR (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->preview != NULL)
    ra_layout_preview_set_layout (self->preview, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RA_TYPE_LAYOUT_EDITOR);
  g_clear_object (&self->source);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->layout, ra_layout_free);
  g_clear_pointer (&self->ctx, ra_layout_context_free);
  g_clear_pointer (&self->inset, ra_layer_data_unref);
  g_clear_pointer (&self->counties, g_strfreev);
  g_clear_pointer (&self->layout_names, g_strfreev);
  g_clear_pointer (&self->text_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (ra_layout_editor_parent_class)->dispose (object);
}

static void
ra_layout_editor_class_init (RaLayoutEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ra_layout_editor_dispose;

  g_type_ensure (RA_TYPE_LAYOUT_PREVIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/reclaimatlas/ReclaimAtlas/ra-layout-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, RaLayoutEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RaLayoutEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, RaLayoutEditor, layout_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RaLayoutEditor, pan_button);
  gtk_widget_class_bind_template_child (widget_class, RaLayoutEditor, preview);
  gtk_widget_class_bind_template_child (widget_class, RaLayoutEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, RaLayoutEditor, page_row);
  gtk_widget_class_bind_template_child (widget_class, RaLayoutEditor, orientation_row);
  gtk_widget_class_bind_template_child (widget_class, RaLayoutEditor, margin_spin);
  gtk_widget_class_bind_template_child (widget_class, RaLayoutEditor, map_mode_row);
  gtk_widget_class_bind_template_child (widget_class, RaLayoutEditor, scale_row);
  gtk_widget_class_bind_template_child (widget_class, RaLayoutEditor, scale_spin);
  gtk_widget_class_bind_template_child (widget_class, RaLayoutEditor, county_row);
  gtk_widget_class_bind_template_child (widget_class, RaLayoutEditor, legend_switch);
  gtk_widget_class_bind_template_child (widget_class, RaLayoutEditor, scalebar_switch);
  gtk_widget_class_bind_template_child (widget_class, RaLayoutEditor, north_switch);
  gtk_widget_class_bind_template_child (widget_class, RaLayoutEditor, grid_north_switch);
  gtk_widget_class_bind_template_child (widget_class, RaLayoutEditor, inset_switch);
  gtk_widget_class_bind_template_child (widget_class, RaLayoutEditor, graticule_switch);
  gtk_widget_class_bind_template_child (widget_class, RaLayoutEditor, texts_group);
  gtk_widget_class_bind_template_child (widget_class, RaLayoutEditor, item_group);
  gtk_widget_class_bind_template_child (widget_class, RaLayoutEditor, x_spin);
  gtk_widget_class_bind_template_child (widget_class, RaLayoutEditor, y_spin);
  gtk_widget_class_bind_template_child (widget_class, RaLayoutEditor, w_spin);
  gtk_widget_class_bind_template_child (widget_class, RaLayoutEditor, h_spin);
  gtk_widget_class_bind_template_child (widget_class, RaLayoutEditor, frame_switch);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, page_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, margin_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, map_mode_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, scale_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, county_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, toggle_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, geometry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, preview_layout_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, preview_selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, pan_toggled_cb);

  gtk_widget_class_install_action (widget_class, "layout.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "layout.new-default", NULL, new_default_action);
  gtk_widget_class_install_action (widget_class, "layout.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "layout.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "layout.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
ra_layout_editor_init (RaLayoutEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->text_rows = g_ptr_array_new ();
  g_signal_connect_object (self->layout_dropdown, "notify::selected",
                           G_CALLBACK (layout_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self, "notify::is-active", G_CALLBACK (active_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

RaLayoutEditor *
ra_layout_editor_new (GtkApplication *application, RaFigureSource *source)
{
  RaLayoutEditor *self;
  RaStore *store;
  g_auto(GStrv) names = NULL;

  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (RA_IS_FIGURE_SOURCE (source), NULL);

  self = g_object_new (RA_TYPE_LAYOUT_EDITOR, "application", application, NULL);
  self->source = g_object_ref (source);
  store = ra_figure_source_get_store (source);
  self->store = store != NULL ? g_object_ref (store) : NULL;

  refresh_context (self);
  names = self->store != NULL ? ra_views_list_layouts (self->store, NULL) : NULL;
  if (names == NULL || names[0] == NULL || !ra_layout_editor_load (self, names[0], NULL))
    set_layout (self, self->store != NULL
                      ? ra_views_new_default_layout (self->store, RA_PAGE_A4, TRUE)
                      : ra_layout_new_default (RA_PAGE_A4, TRUE, NULL));
  return self;
}
