/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ra-conflict-dialog.h"
#include "ra-plant-supply-editor.h"
#include "ra-project-format.h"
#include "ra-store-water.h"

/* The plant supply editor: filled from the store's plant details and
 * supply rows; only what changed is written. */

typedef struct {
  int        year;
  GtkEntry  *treated;     /* borrowed from the row */
  GtkEntry  *committed;
  double     was_treated;
  double     was_committed;
} SupplyRow;

struct _RaPlantSupplyEditor
{
  AdwWindow            parent_instance;

  /* template widgets */
  AdwWindowTitle      *window_title;
  GtkButton           *apply_button;
  GtkRevealer         *error_revealer;
  GtkLabel            *error_label;
  AdwEntryRow         *capacity_row;
  AdwEntryRow         *effluent_row;
  AdwPreferencesGroup *standards_group;
  AdwPreferencesGroup *supply_group;

  /* owned */
  RaStore             *store;
  gint64               plant_id;
  RaPlantDetailRecord *record;
  GPtrArray           *standards;     /* char*, one per check */
  GPtrArray           *checks;        /* GtkCheckButton (borrowed) */
  GPtrArray           *others;        /* char*: standards met the list lacks, kept */
  GArray              *rows;          /* SupplyRow */
};

G_DEFINE_FINAL_TYPE (RaPlantSupplyEditor, ra_plant_supply_editor, ADW_TYPE_WINDOW)

static void
show_error (RaPlantSupplyEditor *self, const char *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

/* Standards ------------------------------------------------------------------ */

static void
fill_standards (RaPlantSupplyEditor *self)
{
  const char * const *categories = ra_water_use_category_keys ();
  g_auto(GStrv) met = g_strsplit (self->record->meets_standards != NULL
                                  ? self->record->meets_standards : "", ";", -1);

  for (guint i = 0; categories[i] != NULL; i++)
    {
      const char *standard = ra_water_use_category_standard (categories[i]);
      GtkWidget *row, *check;
      gboolean on = FALSE;

      if (g_ptr_array_find_with_equal_func (self->standards, standard, g_str_equal, NULL))
        continue;
      for (guint k = 0; met[k] != NULL; k++)
        on |= g_str_equal (g_strstrip (met[k]), standard);
      check = gtk_check_button_new ();
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), on);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), standard);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   ra_water_use_category_to_string (categories[i]));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (self->standards_group, row);
      g_ptr_array_add (self->standards, g_strdup (standard));
      g_ptr_array_add (self->checks, check);
    }
  for (guint k = 0; met[k] != NULL; k++)
    if (*met[k] != '\0' &&
        !g_ptr_array_find_with_equal_func (self->standards, met[k], g_str_equal, NULL))
      g_ptr_array_add (self->others, g_strdup (met[k]));
}

/* The standards met as the store keeps them, NULL for none. */
static char *
standards_text (RaPlantSupplyEditor *self)
{
  g_autoptr(GPtrArray) met = g_ptr_array_new ();

  for (guint i = 0; i < self->checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->checks, i)))
      g_ptr_array_add (met, g_ptr_array_index (self->standards, i));
  for (guint i = 0; i < self->others->len; i++)
    g_ptr_array_add (met, g_ptr_array_index (self->others, i));
  if (met->len == 0)
    return NULL;
  g_ptr_array_add (met, NULL);
  return g_strjoinv (";", (char **) met->pdata);
}

/* Supply by year --------------------------------------------------------------- */

static SupplyRow *
find_row (RaPlantSupplyEditor *self, int year)
{
  for (guint i = 0; i < self->rows->len; i++)
    if (g_array_index (self->rows, SupplyRow, i).year == year)
      return &g_array_index (self->rows, SupplyRow, i);
  return NULL;
}

static GtkEntry *
number_entry (const char *placeholder, const char *tooltip, double value)
{
  GtkWidget *entry = gtk_entry_new ();
  g_autofree char *text = ra_project_format_number (value);

  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 8);
  gtk_editable_set_alignment (GTK_EDITABLE (entry), 1.0);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_widget_set_tooltip_text (entry, tooltip);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (entry, "numeric");
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  return GTK_ENTRY (entry);
}

static SupplyRow *
add_row (RaPlantSupplyEditor *self, int year, double treated, double committed)
{
  SupplyRow row = { year, NULL, NULL, treated, committed };
  g_autofree char *title = g_strdup_printf ("%d", year);
  GtkWidget *action_row = adw_action_row_new ();
  SupplyRow *found = find_row (self, year);

  if (found != NULL)
    return found;
  row.treated = number_entry (_("treated"), _("Treated wastewater (10⁴ m³ a year)"), treated);
  row.committed = number_entry (_("committed"),
                                _("Discharge committed to rivers or ecology, not available for reuse (10⁴ m³ a year)"),
                                committed);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action_row), title);
  adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), GTK_WIDGET (row.treated));
  adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), GTK_WIDGET (row.committed));
  adw_preferences_group_add (self->supply_group, action_row);
  g_array_append_val (self->rows, row);
  return &g_array_index (self->rows, SupplyRow, self->rows->len - 1);
}

static int
compare_int (gconstpointer a, gconstpointer b)
{
  return *(const int *) a - *(const int *) b;
}

/* The years with supply figures of any plant or demand of any user, and
 * extra_year; this plant's figures where it has them. */
static void
fill_supply (RaPlantSupplyEditor *self, int extra_year)
{
  g_autoptr(GPtrArray) supply = ra_store_list_plant_supply (self->store, 0, NULL);
  g_autoptr(GPtrArray) demand = ra_store_list_user_demand (self->store, 0, NULL);
  g_autoptr(GArray) years = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GHashTable) seen = g_hash_table_new (g_direct_hash, g_direct_equal);

#define SEE(y) G_STMT_START { int y_ = (y);                                   \
    if (y_ > 0 && g_hash_table_add (seen, GINT_TO_POINTER (y_)))              \
      g_array_append_val (years, y_); } G_STMT_END
  for (guint i = 0; supply != NULL && i < supply->len; i++)
    SEE (((RaPlantSupplyRecord *) g_ptr_array_index (supply, i))->year);
  for (guint i = 0; demand != NULL && i < demand->len; i++)
    SEE (((RaUserDemandRecord *) g_ptr_array_index (demand, i))->year);
  SEE (extra_year);
#undef SEE
  g_array_sort (years, compare_int);
  for (guint i = 0; i < years->len; i++)
    {
      int year = g_array_index (years, int, i);
      double treated = NAN, committed = NAN;

      for (guint k = 0; supply != NULL && k < supply->len; k++)
        {
          const RaPlantSupplyRecord *s = g_ptr_array_index (supply, k);
          if (s->plant_id == self->plant_id && s->year == year)
            treated = s->treated, committed = s->committed_discharge;
        }
      add_row (self, year, treated, committed);
    }
}

/* Apply ---------------------------------------------------------------------- */

static gboolean
read_number (GtkEditable *entry, const char *what, int year, double *value, GError **error)
{
  if (ra_project_format_parse_number (gtk_editable_get_text (entry), value))
    return TRUE;
  if (year > 0)
    g_set_error (error, RA_ERROR, RA_ERROR_FAILED,
                 /* TRANSLATORS: “Treated wastewater 2030: “abc” is not a number” */
                 _("%s %d: “%s” is not a number"), what, year, gtk_editable_get_text (entry));
  else
    g_set_error (error, RA_ERROR, RA_ERROR_FAILED, _("%s: “%s” is not a number"), what,
                 gtk_editable_get_text (entry));
  return FALSE;
}

static gboolean
same (double a, double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

static gboolean
apply_again_cb (gpointer data)
{
  ra_plant_supply_editor_apply (data, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
destroy_again_cb (gpointer data)
{
  gtk_window_destroy (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
conflict_done_cb (RaConflictOutcome outcome, gint64 new_version, const char *message,
                  gpointer user_data)
{
  RaPlantSupplyEditor *self = user_data;

  if (outcome == RA_CONFLICT_KEPT_MINE)
    {
      /* The plant's fields are saved; the rest (supply by year) goes now. */
      self->record->row_version = new_version;
      g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, apply_again_cb, g_object_ref (self),
                       g_object_unref);
    }
  else if (outcome == RA_CONFLICT_TOOK_THEIRS)
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, destroy_again_cb, g_object_ref (self),
                     g_object_unref);
  else if (outcome == RA_CONFLICT_FAILED)
    show_error (self, message);
}

static gboolean
apply (RaPlantSupplyEditor *self, GError **error)
{
  g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *effluent = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->effluent_row))));
  g_autofree char *met = standards_text (self);
  double capacity;

  if (!read_number (GTK_EDITABLE (self->capacity_row), _("Design capacity"), 0, &capacity, error))
    return FALSE;
  for (guint i = 0; i < self->rows->len; i++)
    {
      SupplyRow *row = &g_array_index (self->rows, SupplyRow, i);
      double t, c;

      if (!read_number (GTK_EDITABLE (row->treated), _("Treated wastewater"), row->year, &t, error) ||
          !read_number (GTK_EDITABLE (row->committed), _("Committed discharge"), row->year, &c,
                        error))
        return FALSE;
      g_array_append_val (values, t);
      g_array_append_val (values, c);
    }

  if (!same (capacity, self->record->capacity_m3_per_day))
    g_hash_table_insert (fields, "capacity_m3_per_day",
                         isnan (capacity) ? g_strdup ("") : g_strdup_printf ("%.17g", capacity));
  if (g_strcmp0 (effluent, self->record->effluent_standard != NULL
                           ? self->record->effluent_standard : "") != 0)
    g_hash_table_insert (fields, "effluent_standard", g_strdup (effluent));
  if (g_strcmp0 (met, self->record->meets_standards) != 0)
    g_hash_table_insert (fields, "meets_standards", g_strdup (met != NULL ? met : ""));
  if (g_hash_table_size (fields) > 0)
    {
      /* Saved at the version read: a clash with someone else's save asks. */
      g_autoptr(GHashTable) read = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

      g_hash_table_insert (read, "capacity_m3_per_day",
                           isnan (self->record->capacity_m3_per_day) ? g_strdup ("")
                           : g_strdup_printf ("%.17g", self->record->capacity_m3_per_day));
      g_hash_table_insert (read, "effluent_standard", g_strdup (self->record->effluent_standard));
      g_hash_table_insert (read, "meets_standards", g_strdup (self->record->meets_standards));
      if (!ra_conflict_save_feature (GTK_WINDOW (self), self->store, "plants", self->plant_id,
                                     &self->record->row_version, fields, read,
                                     self->record->name, conflict_done_cb, self, error))
        return FALSE;
    }

  for (guint i = 0; i < self->rows->len; i++)
    {
      SupplyRow *row = &g_array_index (self->rows, SupplyRow, i);
      double t = g_array_index (values, double, 2 * i);
      double c = g_array_index (values, double, 2 * i + 1);

      if (same (t, row->was_treated) && same (c, row->was_committed))
        continue;
      if (!ra_store_set_plant_supply (self->store, self->plant_id, row->year, t, c, error))
        return FALSE;
      row->was_treated = t;
      row->was_committed = c;
    }
  return TRUE;
}

gboolean
ra_plant_supply_editor_apply (RaPlantSupplyEditor *self, GError **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (RA_IS_PLANT_SUPPLY_EDITOR (self), FALSE);

  if (!apply (self, &local_error))
    {
      show_error (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

static void
apply_clicked_cb (RaPlantSupplyEditor *self)
{
  ra_plant_supply_editor_apply (self, NULL);
}

/* Public ----------------------------------------------------------------------- */

RaPlantSupplyEditor *
ra_plant_supply_editor_new (GtkWindow *parent, RaStore *store, gint64 plant_id, int year,
                            GError **error)
{
  g_autoptr(GPtrArray) plants = NULL;
  RaPlantDetailRecord *record = NULL;
  RaPlantSupplyEditor *self;
  g_autofree char *capacity = NULL;

  g_return_val_if_fail (RA_IS_STORE (store), NULL);

  plants = ra_store_list_plant_details (store, error);
  if (plants == NULL)
    return NULL;
  for (guint i = 0; i < plants->len && record == NULL; i++)
    if (((RaPlantDetailRecord *) g_ptr_array_index (plants, i))->id == plant_id)
      record = g_ptr_array_steal_index (plants, i);
  if (record == NULL)
    {
      g_set_error (error, RA_ERROR, RA_ERROR_FAILED,
                   _("The plant was not found (it may have been deleted)."));
      return NULL;
    }

  self = g_object_new (RA_TYPE_PLANT_SUPPLY_EDITOR, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->plant_id = plant_id;
  self->record = record;
  adw_window_title_set_subtitle (self->window_title, record->name);
  capacity = ra_project_format_number (record->capacity_m3_per_day);
  gtk_editable_set_text (GTK_EDITABLE (self->capacity_row), capacity);
  gtk_editable_set_text (GTK_EDITABLE (self->effluent_row),
                         record->effluent_standard != NULL ? record->effluent_standard : "");
  fill_standards (self);
  fill_supply (self, year);
  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button), !ra_store_is_read_only (store));
  return self;
}

gboolean
ra_plant_supply_editor_set_field (RaPlantSupplyEditor *self, const char *field, const char *value)
{
  g_return_val_if_fail (RA_IS_PLANT_SUPPLY_EDITOR (self), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  if (g_str_equal (field, "capacity_m3_per_day") || g_str_equal (field, "effluent_standard"))
    {
      gtk_editable_set_text (GTK_EDITABLE (g_str_equal (field, "effluent_standard")
                                           ? self->effluent_row : self->capacity_row),
                             value != NULL ? value : "");
      return TRUE;
    }
  for (guint i = 0; i < self->standards->len; i++)
    if (g_str_equal (g_ptr_array_index (self->standards, i), field))
      {
        gtk_check_button_set_active (g_ptr_array_index (self->checks, i),
                                     g_strcmp0 (value, "yes") == 0);
        return TRUE;
      }
  return FALSE;
}

void
ra_plant_supply_editor_set_supply (RaPlantSupplyEditor *self, int year, const char *treated,
                                   const char *committed_discharge)
{
  SupplyRow *row;

  g_return_if_fail (RA_IS_PLANT_SUPPLY_EDITOR (self));

  row = add_row (self, year, NAN, NAN);
  if (treated != NULL)
    gtk_editable_set_text (GTK_EDITABLE (row->treated), treated);
  if (committed_discharge != NULL)
    gtk_editable_set_text (GTK_EDITABLE (row->committed), committed_discharge);
}

/* GObject ---------------------------------------------------------------------- */

static void
ra_plant_supply_editor_dispose (GObject *object)
{
  RaPlantSupplyEditor *self = RA_PLANT_SUPPLY_EDITOR (object);

  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), RA_TYPE_PLANT_SUPPLY_EDITOR);
  G_OBJECT_CLASS (ra_plant_supply_editor_parent_class)->dispose (object);
}

static void
ra_plant_supply_editor_finalize (GObject *object)
{
  RaPlantSupplyEditor *self = RA_PLANT_SUPPLY_EDITOR (object);

  g_clear_pointer (&self->record, ra_plant_detail_record_free);
  g_ptr_array_unref (self->standards);
  g_ptr_array_unref (self->checks);
  g_ptr_array_unref (self->others);
  g_array_unref (self->rows);
  G_OBJECT_CLASS (ra_plant_supply_editor_parent_class)->finalize (object);
}

static void
ra_plant_supply_editor_class_init (RaPlantSupplyEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ra_plant_supply_editor_dispose;
  object_class->finalize = ra_plant_supply_editor_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/reclaimatlas/ReclaimAtlas/ra-plant-supply-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, RaPlantSupplyEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, RaPlantSupplyEditor, apply_button);
  gtk_widget_class_bind_template_child (widget_class, RaPlantSupplyEditor, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, RaPlantSupplyEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, RaPlantSupplyEditor, capacity_row);
  gtk_widget_class_bind_template_child (widget_class, RaPlantSupplyEditor, effluent_row);
  gtk_widget_class_bind_template_child (widget_class, RaPlantSupplyEditor, standards_group);
  gtk_widget_class_bind_template_child (widget_class, RaPlantSupplyEditor, supply_group);
  gtk_widget_class_bind_template_callback (widget_class, apply_clicked_cb);
}

static void
ra_plant_supply_editor_init (RaPlantSupplyEditor *self)
{
  self->standards = g_ptr_array_new_with_free_func (g_free);
  self->checks = g_ptr_array_new ();
  self->others = g_ptr_array_new_with_free_func (g_free);
  self->rows = g_array_new (FALSE, FALSE, sizeof (SupplyRow));
  gtk_widget_init_template (GTK_WIDGET (self));
}
