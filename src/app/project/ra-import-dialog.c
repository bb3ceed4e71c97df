/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ra-import-dialog.h"
#include "ra-message-dialog.h"

/* The columns an import may fill, per table.  They mirror the project
 * schema in ra-store.c (id and geom are never mapped). */
static const struct {
  const char *table;
  const char *label;
  const char *columns[16];
} targets[] = {
  { "plants", N_("Plants"),
    { "name", "adcode", "kind", "capacity_m3_per_day", "location_approx", "notes", NULL } },
  { "pipelines", N_("Pipelines"),
    { "project_id", "name", "dn_mm", "material", "status", "notes", NULL } },
  { "footprints", N_("Project footprints"), { "project_id", "name", "notes", NULL } },
  { "counties", N_("Counties"),
    { "adcode", "name_zh", "name_en", "seat_lon", "seat_lat", NULL } },
  { "built_up_areas", N_("Built-up areas"), { "adcode", "name", "notes", NULL } },
  /* Fields named demand_YYYY (10⁴ m³/a) are read as the demand of that year. */
  { "water_users", N_("Water users"),
    { "name", "adcode", "sector", "use_category", "quality_standard", "source_now", "able",
      "why_not", "key_user", "location_approx", "demand_illustrative", "notes", NULL } },
};

typedef struct {
  char        *source;
  GtkDropDown *drop_down;
  GtkWidget   *row;
} Mapping;

struct _RaImportDialog
{
  AdwWindow            parent_instance;

  /* template widgets */
  AdwWindowTitle      *window_title;
  GtkWidget           *import_button;
  GtkWidget           *spinner;
  AdwComboRow         *table_row;
  AdwComboRow         *layer_row;
  AdwPreferencesGroup *fields_group;

  /* owned */
  RaStore             *store;
  char                *path;
  char               **layer_names;
  char               **fields;        /* of the chosen source layer */
  GPtrArray           *mappings;      /* Mapping* */
  GPtrArray           *report;
  GCancellable        *cancellable;
  gboolean             ready;
};

G_DEFINE_FINAL_TYPE (RaImportDialog, ra_import_dialog, ADW_TYPE_WINDOW)

enum {
  IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
mapping_free (Mapping *mapping)
{
  g_free (mapping->source);
  g_free (mapping);
}

static guint
current_target (RaImportDialog *self)
{
  guint pos = adw_combo_row_get_selected (self->table_row);

  return pos < G_N_ELEMENTS (targets) ? pos : 0;
}

/* Source fields ----------------------------------------------------------- */

typedef struct {
  char **layer_names;
  char **fields;
} SourceInfo;

static void
source_info_free (SourceInfo *info)
{
  g_strfreev (info->layer_names);
  g_strfreev (info->fields);
  g_free (info);
}

static void
read_source_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  RaImportDialog *self = source_object;
  const char *layer_name = task_data;
  SourceInfo *info = g_new0 (SourceInfo, 1);
  g_autoptr(RaLayer) layer = NULL;
  GError *error = NULL;
  RaAttrTable *attrs;

  info->layer_names = ra_source_list_layers (self->path, &error);
  if (info->layer_names == NULL)
    {
      source_info_free (info);
      g_task_return_error (task, error);
      return;
    }
  layer = ra_source_load_layer (self->path, (layer_name != NULL && *layer_name != '\0') ? layer_name : NULL,
                                cancellable, &error);
  if (layer == NULL)
    {
      source_info_free (info);
      g_task_return_error (task, error);
      return;
    }
  attrs = ra_layer_get_attrs (layer);
  info->fields = g_strdupv (attrs != NULL ? attrs->field_names : NULL);
  if (info->fields == NULL)
    info->fields = g_new0 (char *, 1);
  g_task_return_pointer (task, info, (GDestroyNotify) source_info_free);
}

static void
rebuild_mappings (RaImportDialog *self)
{
  const char * const *columns = targets[current_target (self)].columns;
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);

  for (guint i = 0; i < self->mappings->len; i++)
    adw_preferences_group_remove (self->fields_group,
                                  ((Mapping *) g_ptr_array_index (self->mappings, i))->row);
  g_ptr_array_set_size (self->mappings, 0);

  gtk_string_list_append (choices, _("(ignore)"));
  for (guint c = 0; columns[c] != NULL; c++)
    gtk_string_list_append (choices, columns[c]);

  for (guint i = 0; self->fields != NULL && self->fields[i] != NULL; i++)
    {
      Mapping *mapping = g_new0 (Mapping, 1);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *drop_down = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (choices)), NULL);
      guint selected = 0;

      /* Same name: mapped to itself by default. */
      for (guint c = 0; columns[c] != NULL; c++)
        if (g_ascii_strcasecmp (columns[c], self->fields[i]) == 0)
          selected = c + 1;
      gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down), selected);
      gtk_widget_set_valign (drop_down, GTK_ALIGN_CENTER);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), self->fields[i]);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), drop_down);
      adw_preferences_group_add (self->fields_group, row);

      mapping->source = g_strdup (self->fields[i]);
      mapping->drop_down = GTK_DROP_DOWN (drop_down);
      mapping->row = row;
      g_ptr_array_add (self->mappings, mapping);
    }
}

static void
read_source_done_cb (GObject *object, GAsyncResult *res, gpointer user_data)
{
  RaImportDialog *self = RA_IMPORT_DIALOG (object);
  g_autoptr(GError) error = NULL;
  SourceInfo *info = g_task_propagate_pointer (G_TASK (res), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, RA_ERROR, RA_ERROR_CANCELLED))
    return;
  gtk_widget_set_visible (self->spinner, FALSE);
  if (info == NULL)
    {
      GtkWidget *label = gtk_label_new (error->message);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "error");
      adw_preferences_group_add (self->fields_group, label);
      return;
    }

  if (self->layer_names == NULL)
    {
      g_autoptr(GtkStringList) names = gtk_string_list_new ((const char * const *) info->layer_names);

      self->layer_names = g_strdupv (info->layer_names);
      adw_combo_row_set_model (self->layer_row, G_LIST_MODEL (names));
      gtk_widget_set_visible (GTK_WIDGET (self->layer_row), g_strv_length (self->layer_names) > 1);
    }
  g_strfreev (self->fields);
  self->fields = g_strdupv (info->fields);
  source_info_free (info);

  rebuild_mappings (self);
  self->ready = TRUE;
  gtk_widget_set_sensitive (self->import_button, TRUE);
}

static void
read_source (RaImportDialog *self, const char *layer_name)
{
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->ready = FALSE;
  gtk_widget_set_sensitive (self->import_button, FALSE);
  gtk_widget_set_visible (self->spinner, TRUE);

  task = g_task_new (self, self->cancellable, read_source_done_cb, NULL);
  g_task_set_source_tag (task, read_source);
  g_task_set_task_data (task, g_strdup (layer_name), g_free);
  g_task_run_in_thread (task, read_source_thread);
}

static const char *
current_layer_name (RaImportDialog *self)
{
  guint pos = adw_combo_row_get_selected (self->layer_row);

  if (self->layer_names == NULL || pos >= g_strv_length (self->layer_names))
    return NULL;
  return self->layer_names[pos];
}

static void
layer_changed_cb (RaImportDialog *self)
{
  if (self->layer_names != NULL)
    read_source (self, current_layer_name (self));
}

static void
table_changed_cb (RaImportDialog *self)
{
  if (self->mappings != NULL)
    rebuild_mappings (self);
}

/* Importing --------------------------------------------------------------- */

static void
show_report (RaImportDialog *self, const char *message)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Import Rejected"), message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  if (self->report != NULL && self->report->len > 0)
    ra_message_dialog_add_lines (ADW_MESSAGE_DIALOG (dialog), self->report);
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
ra_import_dialog_import (RaImportDialog *self)
{
  const char *table;
  const char * const *columns;
  g_autoptr(GHashTable) field_map = NULL;
  g_autoptr(GError) error = NULL;
  guint n_imported = 0;

  g_return_val_if_fail (RA_IS_IMPORT_DIALOG (self), FALSE);
  if (!self->ready)
    return FALSE;

  table = targets[current_target (self)].table;
  columns = targets[current_target (self)].columns;
  field_map = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < self->mappings->len; i++)
    {
      Mapping *mapping = g_ptr_array_index (self->mappings, i);
      guint pos = gtk_drop_down_get_selected (mapping->drop_down);

      if (pos >= 1 && pos != GTK_INVALID_LIST_POSITION)
        g_hash_table_insert (field_map, mapping->source, (gpointer) columns[pos - 1]);
    }

  g_clear_pointer (&self->report, g_ptr_array_unref);
  if (!ra_store_import_layer (self->store, self->path, current_layer_name (self), table,
                              field_map, &n_imported, &self->report, &error))
    {
      show_report (self, error->message);
      return FALSE;
    }
  g_signal_emit (self, signals[IMPORTED], 0, n_imported, table);
  return TRUE;
}

static void
import_clicked_cb (RaImportDialog *self)
{
  if (ra_import_dialog_import (self))
    gtk_window_close (GTK_WINDOW (self));
}

/* Test hooks -------------------------------------------------------------- */

gboolean
ra_import_dialog_is_ready (RaImportDialog *self)
{
  g_return_val_if_fail (RA_IS_IMPORT_DIALOG (self), FALSE);
  return self->ready;
}

void
ra_import_dialog_set_target (RaImportDialog *self, const char *table)
{
  g_return_if_fail (RA_IS_IMPORT_DIALOG (self));

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    if (g_strcmp0 (targets[i].table, table) == 0)
      adw_combo_row_set_selected (self->table_row, i);
}

void
ra_import_dialog_set_mapping (RaImportDialog *self, const char *source_field,
                              const char *target_column)
{
  const char * const *columns;

  g_return_if_fail (RA_IS_IMPORT_DIALOG (self));
  columns = targets[current_target (self)].columns;

  for (guint i = 0; i < self->mappings->len; i++)
    {
      Mapping *mapping = g_ptr_array_index (self->mappings, i);
      guint selected = 0;

      if (g_strcmp0 (mapping->source, source_field) != 0)
        continue;
      for (guint c = 0; target_column != NULL && columns[c] != NULL; c++)
        if (g_str_equal (columns[c], target_column))
          selected = c + 1;
      gtk_drop_down_set_selected (mapping->drop_down, selected);
    }
}

GPtrArray *
ra_import_dialog_get_report (RaImportDialog *self)
{
  g_return_val_if_fail (RA_IS_IMPORT_DIALOG (self), NULL);
  return self->report;
}

/* GObject ----------------------------------------------------------------- */

static void
ra_import_dialog_dispose (GObject *object)
{
  RaImportDialog *self = RA_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RA_TYPE_IMPORT_DIALOG);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->layer_names, g_strfreev);
  g_clear_pointer (&self->fields, g_strfreev);
  g_clear_pointer (&self->mappings, g_ptr_array_unref);
  g_clear_pointer (&self->report, g_ptr_array_unref);

  G_OBJECT_CLASS (ra_import_dialog_parent_class)->dispose (object);
}

static void
ra_import_dialog_class_init (RaImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ra_import_dialog_dispose;

  signals[IMPORTED] =
    g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/reclaimatlas/ReclaimAtlas/ra-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RaImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, RaImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, RaImportDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, RaImportDialog, table_row);
  gtk_widget_class_bind_template_child (widget_class, RaImportDialog, layer_row);
  gtk_widget_class_bind_template_child (widget_class, RaImportDialog, fields_group);
  gtk_widget_class_bind_template_callback (widget_class, import_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, table_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, layer_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ra_import_dialog_init (RaImportDialog *self)
{
  g_autoptr(GtkStringList) tables = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    gtk_string_list_append (tables, _(targets[i].label));
  adw_combo_row_set_model (self->table_row, G_LIST_MODEL (tables));
  self->mappings = g_ptr_array_new_with_free_func ((GDestroyNotify) mapping_free);
}

RaImportDialog *
ra_import_dialog_new (GtkWindow *parent, RaStore *store, const char *path)
{
  RaImportDialog *self;
  g_autofree char *basename = NULL;

  g_return_val_if_fail (RA_IS_STORE (store), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (RA_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->path = g_strdup (path);
  basename = g_filename_display_basename (path);
  adw_window_title_set_subtitle (self->window_title, basename);
  read_source (self, NULL);
  return self;
}
