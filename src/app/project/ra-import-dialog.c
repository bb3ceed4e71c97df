/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ra-import-dialog.h"
#include "ra-message-dialog.h"
#include "ra-plan.h"

/* A column an import may fill and the name a user sees for it. */
typedef struct {
  const char *column;
  const char *label;   /* N_() */
} TargetColumn;

/* The columns an import may fill, per table.  They mirror the project
 * schema (ra-store-tables.c; id and geom are never mapped).  The choices
 * show the labels; the mapping handed to the store keeps the columns. */
static const struct {
  const char   *table;
  const char   *label;
  TargetColumn  columns[16];
} targets[] = {
  { "plants", N_("Plants"),
    { { "name", N_("Name") }, { "adcode", N_("County code (adcode)") },
      { "kind", N_("Kind of plant") }, { "capacity_m3_per_day", N_("Design capacity (m³/d)") },
      { "location_approx", N_("Location approximate (1 = yes)") },
      { "notes", N_("Notes") }, { "effluent_standard", N_("Effluent standard") },
      { "meets_standards", N_("Standards its effluent meets (separated by “;”)") },
      { "capacity_illustrative", N_("Capacity illustrative (1 = yes)") }, { NULL, NULL } } },
  { "pipelines", N_("Pipelines"),
    { { "project_id", N_("Project (id)") }, { "name", N_("Name") },
      { "dn_mm", N_("Nominal diameter (DN, mm)") }, { "material", N_("Material") },
      { "status", N_("Status") }, { "notes", N_("Notes") }, { NULL, NULL } } },
  { "footprints", N_("Project footprints"),
    { { "project_id", N_("Project (id)") }, { "name", N_("Name") }, { "notes", N_("Notes") },
      { NULL, NULL } } },
  { "counties", N_("Counties"),
    { { "adcode", N_("County code (adcode)") }, { "name_zh", N_("Chinese name") },
      { "name_en", N_("English name") }, { "seat_lon", N_("Longitude of the county seat") },
      { "seat_lat", N_("Latitude of the county seat") }, { NULL, NULL } } },
  { "built_up_areas", N_("Built-up areas"),
    { { "adcode", N_("County code (adcode)") }, { "name", N_("Name") }, { "notes", N_("Notes") },
      { NULL, NULL } } },
  /* Demand columns (demand_YYYY, 10⁴ m³/a) are added by year: see
   * demand_years. */
  { "water_users", N_("Water users"),
    { { "name", N_("Name") }, { "adcode", N_("County code (adcode)") },
      { "sector", N_("Sector") }, { "use_category", N_("Use category") },
      { "quality_standard", N_("Required quality standard") },
      { "source_now", N_("Current source of water") },
      { "able", N_("Able to use non-conventional water (yes/no)") },
      { "why_not", N_("Why not able") }, { "key_user", N_("Key user") },
      { "location_approx", N_("Location approximate (1 = yes)") },
      { "demand_illustrative", N_("Demand illustrative (1 = yes)") },
      { "notes", N_("Notes") }, { NULL, NULL } } },
};

/* Water users' demand can be read for the plan's years and for any year a
 * source field names. */
#define DEMAND_FIRST_YEAR 2023

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
  GPtrArray           *choices;       /* target column of each choice after "(ignore)" */
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

/* The year of a field name that holds one (demand_2030, 需水量2030), 0 when
 * it holds none. */
static int
year_in_name (const char *name)
{
  for (const char *p = name; p != NULL && *p != '\0'; p++)
    if (g_ascii_isdigit (p[0]) && g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2])
        && g_ascii_isdigit (p[3]) && !g_ascii_isdigit (p[4])
        && (p == name || !g_ascii_isdigit (p[-1])))
      {
        int year = (int) g_ascii_strtoll (p, NULL, 10);

        if (year >= 2000 && year <= 2100)
          return year;
      }
  return 0;
}

static int
compare_int (gconstpointer a, gconstpointer b)
{
  return *(const int *) a - *(const int *) b;
}

/* The demand years offered: the plan's, and those the source's fields name. */
static GArray *
demand_years (RaImportDialog *self)
{
  GArray *years = g_array_new (FALSE, FALSE, sizeof (int));

  for (int y = DEMAND_FIRST_YEAR; y <= RA_PLAN_HORIZON_YEAR; y++)
    g_array_append_val (years, y);
  for (guint i = 0; self->fields != NULL && self->fields[i] != NULL; i++)
    {
      int y = year_in_name (self->fields[i]);
      gboolean known = FALSE;

      for (guint k = 0; k < years->len && !known; k++)
        known = g_array_index (years, int, k) == y;
      if (y != 0 && !known)
        g_array_append_val (years, y);
    }
  g_array_sort (years, compare_int);
  return years;
}

/* The choices of the current target: (ignore), then each column by its
 * label; self->choices holds the columns in the same order. */
static GtkStringList *
build_choices (RaImportDialog *self)
{
  guint t = current_target (self);
  GtkStringList *list = gtk_string_list_new (NULL);

  g_ptr_array_set_size (self->choices, 0);
  gtk_string_list_append (list, _("(ignore)"));
  for (const TargetColumn *c = targets[t].columns; c->column != NULL; c++)
    {
      gtk_string_list_append (list, _(c->label));
      g_ptr_array_add (self->choices, g_strdup (c->column));
    }
  if (g_str_equal (targets[t].table, "water_users"))
    {
      g_autoptr(GArray) years = demand_years (self);

      for (guint k = 0; k < years->len; k++)
        {
          int year = g_array_index (years, int, k);
          /* TRANSLATORS: an import target: a water user's demand in a year */
          g_autofree char *label = g_strdup_printf (_("Demand %d (10⁴ m³/a)"), year);

          gtk_string_list_append (list, label);
          g_ptr_array_add (self->choices, g_strdup_printf ("demand_%d", year));
        }
    }
  return list;
}

static void
rebuild_mappings (RaImportDialog *self)
{
  g_autoptr(GtkStringList) choices = NULL;

  for (guint i = 0; i < self->mappings->len; i++)
    adw_preferences_group_remove (self->fields_group,
                                  ((Mapping *) g_ptr_array_index (self->mappings, i))->row);
  g_ptr_array_set_size (self->mappings, 0);

  choices = build_choices (self);

  for (guint i = 0; self->fields != NULL && self->fields[i] != NULL; i++)
    {
      Mapping *mapping = g_new0 (Mapping, 1);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *drop_down = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (choices)), NULL);
      guint selected = 0;

      /* Same name: mapped to itself by default. */
      for (guint c = 0; c < self->choices->len; c++)
        if (g_ascii_strcasecmp (g_ptr_array_index (self->choices, c), self->fields[i]) == 0)
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
  g_autoptr(GHashTable) field_map = NULL;
  g_autoptr(GError) error = NULL;
  guint n_imported = 0;

  g_return_val_if_fail (RA_IS_IMPORT_DIALOG (self), FALSE);
  if (!self->ready)
    return FALSE;

  table = targets[current_target (self)].table;
  field_map = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < self->mappings->len; i++)
    {
      Mapping *mapping = g_ptr_array_index (self->mappings, i);
      guint pos = gtk_drop_down_get_selected (mapping->drop_down);

      if (pos >= 1 && pos != GTK_INVALID_LIST_POSITION && pos <= self->choices->len)
        g_hash_table_insert (field_map, mapping->source, g_ptr_array_index (self->choices, pos - 1));
      else if (pos == 0)
        /* "(ignore)" ignores the field even when its name is a column's. */
        g_hash_table_insert (field_map, mapping->source, (gpointer) "");
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
  g_return_if_fail (RA_IS_IMPORT_DIALOG (self));

  for (guint i = 0; i < self->mappings->len; i++)
    {
      Mapping *mapping = g_ptr_array_index (self->mappings, i);
      guint selected = 0;

      if (g_strcmp0 (mapping->source, source_field) != 0)
        continue;
      for (guint c = 0; target_column != NULL && c < self->choices->len; c++)
        if (g_str_equal (g_ptr_array_index (self->choices, c), target_column))
          selected = c + 1;
      gtk_drop_down_set_selected (mapping->drop_down, selected);
    }
}

char **
ra_import_dialog_dup_choices (RaImportDialog *self, char ***columns)
{
  GListModel *model;
  GStrvBuilder *labels = g_strv_builder_new ();
  char **out;

  g_return_val_if_fail (RA_IS_IMPORT_DIALOG (self), NULL);
  if (self->mappings->len > 0)
    {
      model = gtk_drop_down_get_model (((Mapping *) g_ptr_array_index (self->mappings, 0))->drop_down);
      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        g_strv_builder_add (labels, gtk_string_list_get_string (GTK_STRING_LIST (model), i));
    }
  out = g_strv_builder_end (labels);
  g_strv_builder_unref (labels);
  if (columns != NULL)
    {
      GStrvBuilder *b = g_strv_builder_new ();

      for (guint c = 0; c < self->choices->len; c++)
        g_strv_builder_add (b, g_ptr_array_index (self->choices, c));
      *columns = g_strv_builder_end (b);
      g_strv_builder_unref (b);
    }
  return out;
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
  g_clear_pointer (&self->choices, g_ptr_array_unref);
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
  self->choices = g_ptr_array_new_with_free_func (g_free);
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
