/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ra-attribute-form.h"
#include "ra-conflict-dialog.h"
#include "ra-field-display.h"

/* Each choice row shows labels from a GtkStringList; values[i] is what the
 * store gets for choice i ("" = no value). */
typedef struct {
  AdwComboRow *row;
  GPtrArray   *values;   /* char* */
} Choice;

struct _RaAttributeForm
{
  AdwWindow       parent_instance;

  /* template widgets */
  AdwWindowTitle *window_title;
  AdwPreferencesGroup *group;
  AdwActionRow   *measure_row;
  AdwComboRow    *project_row;
  AdwEntryRow    *name_row;
  AdwComboRow    *kind_row;
  AdwEntryRow    *capacity_row;
  AdwComboRow    *dn_row;
  AdwEntryRow    *material_row;
  AdwComboRow    *status_row;
  AdwComboRow    *county_row;
  GtkLabel       *error_label;

  /* owned */
  RaStore        *store;
  char           *table;
  char           *wkt;        /* a new feature's geometry; NULL when editing row_id */
  gint64          row_id;
  gint64          row_version; /* the row's version when the form was filled */
  GHashTable     *shown;       /* (nullable) column -> text as filled (owned strings) */
  Choice          project;
  Choice          kind;
  Choice          dn;
  Choice          status;
  Choice          county;
};

G_DEFINE_FINAL_TYPE (RaAttributeForm, ra_attribute_form, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The popup's items wrap instead of being cut: project names run to 30
 * characters and more (issue 17). */
static void
list_item_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_list_item_set_child (item, label);
}

static void
list_item_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gtk_string_object_get_string (string));
}

static void
choice_init (Choice *choice, AdwComboRow *row)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  choice->row = row;
  choice->values = g_ptr_array_new_with_free_func (g_free);
  adw_combo_row_set_model (row, G_LIST_MODEL (gtk_string_list_new (NULL)));
  g_signal_connect (factory, "setup", G_CALLBACK (list_item_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (list_item_bind_cb), NULL);
  adw_combo_row_set_list_factory (row, factory);
}

static void
choice_add (Choice *choice, const char *label, const char *value)
{
  GtkStringList *list = GTK_STRING_LIST (adw_combo_row_get_model (choice->row));

  gtk_string_list_append (list, label);
  g_ptr_array_add (choice->values, g_strdup (value));
}

static gboolean
choice_select (Choice *choice, const char *value)
{
  for (guint i = 0; i < choice->values->len; i++)
    if (g_strcmp0 (g_ptr_array_index (choice->values, i), value != NULL ? value : "") == 0)
      {
        adw_combo_row_set_selected (choice->row, i);
        return TRUE;
      }
  return FALSE;
}

static const char *
choice_value (Choice *choice)
{
  guint i = adw_combo_row_get_selected (choice->row);

  return i < choice->values->len ? g_ptr_array_index (choice->values, i) : "";
}

static void
choice_clear (Choice *choice)
{
  g_clear_pointer (&choice->values, g_ptr_array_unref);
}

/* Choices ------------------------------------------------------------------ */

static void
fill_choices (RaAttributeForm *self)
{
  g_autoptr(GPtrArray) projects = ra_store_list_projects (self->store, NULL);
  g_autoptr(GPtrArray) counties = ra_store_list_counties (self->store, NULL);
  g_autoptr(GArray) costs = ra_store_list_pipe_unit_costs (self->store, NULL);
  choice_add (&self->project, _("No project"), "");
  for (guint i = 0; projects != NULL && i < projects->len; i++)
    {
      RaProjectRecord *rec = g_ptr_array_index (projects, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, rec->id);
      g_autofree char *label = rec->code != NULL && *rec->code != '\0'
                               ? g_strdup_printf ("%s %s", rec->code, rec->name)
                               : g_strdup (rec->name);
      choice_add (&self->project, label, id);
    }

  for (const char * const *k = ra_plant_kind_keys (); *k != NULL; k++)
    choice_add (&self->kind, ra_plant_kind_to_string (*k), *k);

  choice_add (&self->dn, _("Not set"), "");
  for (guint i = 0; costs != NULL && i < costs->len; i++)
    {
      RaPipeUnitCost *cost = &g_array_index (costs, RaPipeUnitCost, i);
      g_autofree char *label = g_strdup_printf ("DN%.0f", cost->dn_mm);
      g_autofree char *value = g_strdup_printf ("%.0f", cost->dn_mm);
      choice_add (&self->dn, label, value);
    }

  for (const char * const *k = ra_project_status_keys (); *k != NULL; k++)
    choice_add (&self->status, ra_project_status_to_string (*k), *k);

  choice_add (&self->county, _("None"), "");
  for (guint i = 0; counties != NULL && i < counties->len; i++)
    {
      RaCountyRecord *rec = g_ptr_array_index (counties, i);
      choice_add (&self->county, rec->name_zh, rec->adcode);
    }
}

/* Saving ------------------------------------------------------------------- */

static void
add_field (GHashTable *fields, const char *column, const char *value)
{
  g_hash_table_insert (fields, (gpointer) column, (gpointer) value);
}

/* The form's values by column, borrowed from its widgets. */
static void
collect_fields (RaAttributeForm *self, GHashTable *fields)
{
  const char *table = self->table;

  if (g_str_equal (table, "pipelines") || g_str_equal (table, "footprints"))
    add_field (fields, "project_id", choice_value (&self->project));
  add_field (fields, "name", gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  if (g_str_equal (table, "pipelines"))
    {
      add_field (fields, "dn_mm", choice_value (&self->dn));
      add_field (fields, "material", gtk_editable_get_text (GTK_EDITABLE (self->material_row)));
      add_field (fields, "status", choice_value (&self->status));
    }
  else if (g_str_equal (table, "plants"))
    {
      add_field (fields, "kind", choice_value (&self->kind));
      add_field (fields, "capacity_m3_per_day",
                 gtk_editable_get_text (GTK_EDITABLE (self->capacity_row)));
    }
  else if (g_str_equal (table, "built_up_areas"))
    add_field (fields, "adcode", choice_value (&self->county));
}

static gboolean
destroy_idle_cb (gpointer data)
{
  gtk_window_destroy (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
show_form_error (RaAttributeForm *self, const char *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
conflict_done_cb (RaConflictOutcome outcome, gint64 new_version, const char *message,
                  gpointer user_data)
{
  RaAttributeForm *self = user_data;

  switch (outcome)
    {
    case RA_CONFLICT_KEPT_MINE:
      g_signal_emit (self, signals[SAVED], 0, self->table, self->row_id);
      /* Gone once the dialog (transient for it) is. */
      g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, destroy_idle_cb, g_object_ref (self),
                       g_object_unref);
      break;
    case RA_CONFLICT_TOOK_THEIRS:
      /* The map shows theirs: nothing here is to be saved. */
      g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, destroy_idle_cb, g_object_ref (self),
                       g_object_unref);
      break;
    case RA_CONFLICT_FAILED:
      show_form_error (self, message);
      break;
    case RA_CONFLICT_LATER:
    default:
      break;
    }
}

void
ra_attribute_form_mark_loaded (RaAttributeForm *self)
{
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (RA_IS_ATTRIBUTE_FORM (self));
  if (self->wkt != NULL)
    return;
  collect_fields (self, fields);
  g_clear_pointer (&self->shown, g_hash_table_unref);
  self->shown = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_hash_table_iter_init (&iter, fields);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (self->shown, key, g_strdup (value));
  self->row_version = ra_store_get_row_version (self->store, self->table, self->row_id, NULL);
}

GtkWindow *
ra_attribute_form_get_conflict_dialog (RaAttributeForm *self)
{
  g_return_val_if_fail (RA_IS_ATTRIBUTE_FORM (self), NULL);
  return ra_conflict_dialog_find (GTK_WINDOW (self));
}

gint64
ra_attribute_form_save (RaAttributeForm *self, GError **error)
{
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) local_error = NULL;
  const char *table = self->table;
  gint64 id;

  g_return_val_if_fail (RA_IS_ATTRIBUTE_FORM (self), 0);

  collect_fields (self, fields);

  if (self->wkt == NULL && self->row_version > 0)
    {
      /* Saved at the version the form was filled from: over someone
       * else's newer save of these fields the user chooses. */
      g_autoptr(RaStoreConflict) conflict = NULL;
      gboolean ok;

      ok = ra_store_update_feature_at (self->store, table, self->row_id, self->row_version,
                                       fields, self->shown, NULL, &conflict, &local_error);
      if (!ok && conflict != NULL && !ra_conflict_overlaps (conflict))
        {
          g_clear_error (&local_error);
          ok = ra_store_conflict_keep_mine (self->store, conflict, NULL, NULL, &local_error);
        }
      if (!ok && conflict != NULL &&
          g_error_matches (local_error, RA_STORE_ERROR, RA_STORE_ERROR_CONFLICT))
        {
          g_autofree char *subject = g_strdup_printf ("%s %s",
                                                      adw_window_title_get_title (self->window_title),
                                                      gtk_editable_get_text (GTK_EDITABLE (self->name_row)));

          show_form_error (self, local_error->message);
          ra_conflict_dialog_present (GTK_WINDOW (self), self->store, conflict, subject, NULL,
                                      NULL, conflict_done_cb, self);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return 0;
        }
      id = ok ? self->row_id : 0;
    }
  else if (self->wkt == NULL)
    id = ra_store_update_feature (self->store, table, self->row_id, fields, &local_error)
         ? self->row_id : 0;
  else
    id = ra_store_insert_feature (self->store, table, fields, self->wkt, &local_error);
  if (id == 0)
    {
      gtk_label_set_text (self->error_label, local_error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }
  g_signal_emit (self, signals[SAVED], 0, table, id);
  gtk_window_destroy (GTK_WINDOW (self));
  return id;
}

static void
save_clicked_cb (RaAttributeForm *self)
{
  ra_attribute_form_save (self, NULL);
}

gboolean
ra_attribute_form_set_field (RaAttributeForm *self, const char *column, const char *value)
{
  g_return_val_if_fail (RA_IS_ATTRIBUTE_FORM (self), FALSE);
  g_return_val_if_fail (column != NULL, FALSE);

  {
    Choice *choice = g_str_equal (column, "project_id") ? &self->project
                     : g_str_equal (column, "kind") ? &self->kind
                     : g_str_equal (column, "dn_mm") ? &self->dn
                     : g_str_equal (column, "status") ? &self->status
                     : g_str_equal (column, "adcode") ? &self->county : NULL;

    if (choice != NULL)
      {
        if (choice_select (choice, value))
          return TRUE;
        /* A row's value the list does not offer (a DN without a unit
         * cost) stays a choice, so saving other fields keeps it. */
        if (self->wkt != NULL || value == NULL || *value == '\0')
          return FALSE;
        choice_add (choice, value, value);
        return choice_select (choice, value);
      }
  }
  if (g_str_equal (column, "name"))
    gtk_editable_set_text (GTK_EDITABLE (self->name_row), value != NULL ? value : "");
  else if (g_str_equal (column, "material"))
    gtk_editable_set_text (GTK_EDITABLE (self->material_row), value != NULL ? value : "");
  else if (g_str_equal (column, "capacity_m3_per_day"))
    gtk_editable_set_text (GTK_EDITABLE (self->capacity_row), value != NULL ? value : "");
  else
    return FALSE;
  return TRUE;
}

const char *
ra_attribute_form_get_table (RaAttributeForm *self)
{
  g_return_val_if_fail (RA_IS_ATTRIBUTE_FORM (self), NULL);
  return self->table;
}

/* GObject ------------------------------------------------------------------ */

static void
ra_attribute_form_dispose (GObject *object)
{
  RaAttributeForm *self = RA_ATTRIBUTE_FORM (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RA_TYPE_ATTRIBUTE_FORM);
  g_clear_object (&self->store);
  g_clear_pointer (&self->table, g_free);
  g_clear_pointer (&self->wkt, g_free);
  g_clear_pointer (&self->shown, g_hash_table_unref);
  choice_clear (&self->project);
  choice_clear (&self->kind);
  choice_clear (&self->dn);
  choice_clear (&self->status);
  choice_clear (&self->county);

  G_OBJECT_CLASS (ra_attribute_form_parent_class)->dispose (object);
}

static void
ra_attribute_form_class_init (RaAttributeFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ra_attribute_form_dispose;

  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/reclaimatlas/ReclaimAtlas/ra-attribute-form.ui");
  gtk_widget_class_bind_template_child (widget_class, RaAttributeForm, window_title);
  gtk_widget_class_bind_template_child (widget_class, RaAttributeForm, group);
  gtk_widget_class_bind_template_child (widget_class, RaAttributeForm, measure_row);
  gtk_widget_class_bind_template_child (widget_class, RaAttributeForm, project_row);
  gtk_widget_class_bind_template_child (widget_class, RaAttributeForm, name_row);
  gtk_widget_class_bind_template_child (widget_class, RaAttributeForm, kind_row);
  gtk_widget_class_bind_template_child (widget_class, RaAttributeForm, capacity_row);
  gtk_widget_class_bind_template_child (widget_class, RaAttributeForm, dn_row);
  gtk_widget_class_bind_template_child (widget_class, RaAttributeForm, material_row);
  gtk_widget_class_bind_template_child (widget_class, RaAttributeForm, status_row);
  gtk_widget_class_bind_template_child (widget_class, RaAttributeForm, county_row);
  gtk_widget_class_bind_template_child (widget_class, RaAttributeForm, error_label);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ra_attribute_form_init (RaAttributeForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  choice_init (&self->project, self->project_row);
  choice_init (&self->kind, self->kind_row);
  choice_init (&self->dn, self->dn_row);
  choice_init (&self->status, self->status_row);
  choice_init (&self->county, self->county_row);
}

/* The form of table with the rows it has; wkt NULL: editing row_id. */
static RaAttributeForm *
form_new (GtkWindow *parent, RaStore *store, const char *table, const char *wkt, gint64 row_id)
{
  RaAttributeForm *self;
  gboolean pipeline, point, footprint, area;

  self = g_object_new (RA_TYPE_ATTRIBUTE_FORM, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->table = g_strdup (table);
  self->wkt = g_strdup (wkt);
  self->row_id = row_id;
  fill_choices (self);

  pipeline = g_str_equal (table, "pipelines");
  point = g_str_equal (table, "plants");
  footprint = g_str_equal (table, "footprints");
  area = g_str_equal (table, "built_up_areas");

  if (wkt != NULL)
    adw_window_title_set_title (self->window_title,
                                pipeline ? _("New Pipeline")
                                : point ? _("New Point")
                                : footprint ? _("New Project Footprint")
                                : _("New Built-up Area"));
  else
    adw_window_title_set_title (self->window_title,
                                pipeline ? _("Edit Pipeline")
                                : point ? _("Edit Point")
                                : footprint ? _("Edit Project Footprint")
                                : _("Edit Built-up Area"));
  gtk_widget_set_visible (GTK_WIDGET (self->measure_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->project_row), pipeline || footprint);
  gtk_widget_set_visible (GTK_WIDGET (self->kind_row), point);
  gtk_widget_set_visible (GTK_WIDGET (self->capacity_row), point);
  gtk_widget_set_visible (GTK_WIDGET (self->dn_row), pipeline);
  gtk_widget_set_visible (GTK_WIDGET (self->material_row), pipeline);
  gtk_widget_set_visible (GTK_WIDGET (self->status_row), pipeline);
  gtk_widget_set_visible (GTK_WIDGET (self->county_row), area);
  return self;
}

RaAttributeForm *
ra_attribute_form_new_for_row (GtkWindow  *parent,
                               RaStore    *store,
                               const char *table,
                               gint64      id)
{
  g_return_val_if_fail (RA_IS_STORE (store), NULL);
  g_return_val_if_fail (table != NULL && id > 0, NULL);

  return form_new (parent, store, table, NULL, id);
}

RaAttributeForm *
ra_attribute_form_new (GtkWindow  *parent,
                       RaStore    *store,
                       const char *table,
                       const char *wkt,
                       const char *kind,
                       double      measure)
{
  RaAttributeForm *self;
  gboolean pipeline, point;
  g_autofree char *measure_text = NULL;

  g_return_val_if_fail (RA_IS_STORE (store), NULL);
  g_return_val_if_fail (table != NULL && wkt != NULL, NULL);

  self = form_new (parent, store, table, wkt, 0);
  pipeline = g_str_equal (table, "pipelines");
  point = g_str_equal (table, "plants");
  if (pipeline)
    measure_text = ra_network_format_length (measure);
  else if (!point)
    measure_text = ra_network_format_area (measure);
  gtk_widget_set_visible (GTK_WIDGET (self->measure_row), measure_text != NULL);
  if (measure_text != NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->measure_row),
                                     pipeline ? _("Geodesic length") : _("Geodesic area"));
      adw_action_row_set_subtitle (self->measure_row, measure_text);
    }
  if (point && kind != NULL)
    choice_select (&self->kind, kind);
  if (pipeline)
    choice_select (&self->status, "proposed");
  return self;
}
