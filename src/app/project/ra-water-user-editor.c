/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ra-gdal-geometry.h"
#include "ra-project-format.h"
#include "ra-store-water.h"
#include "ra-conflict-dialog.h"
#include "ra-water-user-editor.h"

/* The water user editor: one window per user, filled from the store's
 * record; only the fields changed are written, so an edit never
 * overwrites what another window changed meanwhile in other fields. */

enum {
  CHOICE_COUNTY,
  CHOICE_SECTOR,
  CHOICE_KEY_USER,
  CHOICE_SOURCE,
  CHOICE_CATEGORY,
  CHOICE_ABLE,
  N_CHOICES
};

/* The water_users column of each choice. */
static const char * const choice_columns[N_CHOICES] = {
  "adcode", "sector", "key_user", "source_now", "use_category", "able",
};

struct _RaWaterUserEditor
{
  AdwWindow            parent_instance;

  /* template widgets */
  AdwWindowTitle      *window_title;
  GtkButton           *apply_button;
  GtkRevealer         *error_revealer;
  GtkLabel            *error_label;
  AdwEntryRow         *name_row;
  AdwComboRow         *county_row;
  AdwComboRow         *sector_row;
  AdwComboRow         *key_user_row;
  AdwComboRow         *source_row;
  AdwComboRow         *category_row;
  AdwEntryRow         *standard_row;
  AdwComboRow         *able_row;
  AdwEntryRow         *why_not_row;
  AdwPreferencesGroup *quality_group;
  AdwPreferencesGroup *demand_group;

  /* owned */
  RaStore             *store;
  gint64               user_id;            /* 0: a new user, not yet written */
  char                *wkt;                /* a new user's location */
  RaWaterUserRecord   *record;
  GPtrArray           *keys[N_CHOICES];   /* char* (NULL: not set) per row of each choice */
  GArray              *years;             /* int, one per demand row */
  GPtrArray           *demand_rows;       /* AdwEntryRow (borrowed from the group) */
  GHashTable          *demand;            /* year -> double*, as read */
};

G_DEFINE_FINAL_TYPE (RaWaterUserEditor, ra_water_user_editor, ADW_TYPE_WINDOW)

static AdwComboRow *
choice_row (RaWaterUserEditor *self, int choice)
{
  AdwComboRow *rows[N_CHOICES] = {
    self->county_row, self->sector_row, self->key_user_row, self->source_row,
    self->category_row, self->able_row,
  };
  return rows[choice];
}

static const char *
record_value (const RaWaterUserRecord *rec, const char *column)
{
  if (g_str_equal (column, "name")) return rec->name;
  if (g_str_equal (column, "adcode")) return rec->adcode;
  if (g_str_equal (column, "sector")) return rec->sector;
  if (g_str_equal (column, "key_user")) return rec->key_user;
  if (g_str_equal (column, "source_now")) return rec->source_now;
  if (g_str_equal (column, "use_category")) return rec->use_category;
  if (g_str_equal (column, "quality_standard")) return rec->quality_standard;
  if (g_str_equal (column, "able")) return rec->able;
  if (g_str_equal (column, "why_not")) return rec->why_not;
  return NULL;
}

static void
show_error (RaWaterUserEditor *self, const char *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

/* Choices ------------------------------------------------------------------ */

static const char *
key_user_label (const char *key)
{
  if (g_strcmp0 (key, "key") == 0)
    return _("Key user (10×10⁴ m³ a year or more)");
  if (g_strcmp0 (key, "new_project") == 0)
    return _("New or extended industrial project (2×10⁴ m³ a year or more)");
  return NULL;
}

static const char *
able_label (const char *key)
{
  if (g_strcmp0 (key, "yes") == 0)
    return _("Yes");
  if (g_strcmp0 (key, "no") == 0)
    return _("No");
  return NULL;
}

static char *
category_label (const char *key)
{
  return g_strdup_printf ("%s (%s)", ra_water_use_category_to_string (key),
                          ra_water_use_category_standard (key));
}

/* Fills a choice: a first row for "not set", then keys with their names;
 * a stored value the list lacks is kept as a row of its own, so opening
 * and applying never changes it. */
static void
fill_choice (RaWaterUserEditor *self, int choice, const char *none_label,
             const char * const *keys, GPtrArray *names)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  GPtrArray *row_keys = self->keys[choice];
  const char *current = record_value (self->record, choice_columns[choice]);
  guint selected = 0;

  g_ptr_array_set_size (row_keys, 0);
  gtk_string_list_append (list, none_label);
  g_ptr_array_add (row_keys, NULL);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      gtk_string_list_append (list, g_ptr_array_index (names, i));
      g_ptr_array_add (row_keys, g_strdup (keys[i]));
      if (g_strcmp0 (keys[i], current) == 0)
        selected = row_keys->len - 1;
    }
  if (current != NULL && selected == 0)
    {
      gtk_string_list_append (list, current);
      g_ptr_array_add (row_keys, g_strdup (current));
      selected = row_keys->len - 1;
    }
  adw_combo_row_set_model (choice_row (self, choice), G_LIST_MODEL (list));
  adw_combo_row_set_selected (choice_row (self, choice), selected);
}

static void
fill_choices (RaWaterUserEditor *self)
{
  g_autoptr(GPtrArray) counties = ra_store_list_counties (self->store, NULL);
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  static const char * const key_user_keys[] = { "key", "new_project", NULL };
  static const char * const able_keys[] = { "yes", "no", NULL };
  const char * const *keys;

  for (guint i = 0; counties != NULL && i < counties->len; i++)
    {
      const RaCountyRecord *c = g_ptr_array_index (counties, i);
      g_ptr_array_add (codes, g_strdup (c->adcode));
      g_ptr_array_add (names, g_strdup (c->name_zh != NULL ? c->name_zh : c->adcode));
    }
  g_ptr_array_add (codes, NULL);
  fill_choice (self, CHOICE_COUNTY, C_("county", "Not set"), (const char * const *) codes->pdata,
               names);

#define FILL(choice, none, key_list, label_expr)                      \
  G_STMT_START {                                                      \
    g_ptr_array_set_size (names, 0);                                  \
    keys = key_list;                                                  \
    for (guint i = 0; keys[i] != NULL; i++)                           \
      {                                                               \
        const char *key = keys[i];                                    \
        g_ptr_array_add (names, label_expr);                          \
      }                                                               \
    fill_choice (self, choice, none, keys, names);                    \
  } G_STMT_END

  FILL (CHOICE_SECTOR, C_("sector", "Not set"), ra_water_sector_keys (),
        g_strdup (ra_water_sector_to_string (key)));
  FILL (CHOICE_KEY_USER, C_("key user", "No"), key_user_keys, g_strdup (key_user_label (key)));
  FILL (CHOICE_SOURCE, C_("source", "Not set"), ra_water_source_keys (),
        g_strdup (ra_water_source_to_string (key)));
  FILL (CHOICE_CATEGORY, C_("use category", "Not set"), ra_water_use_category_keys (),
        category_label (key));
  FILL (CHOICE_ABLE, C_("able", "Unknown"), able_keys, g_strdup (able_label (key)));
#undef FILL
}

static const char *
selected_key (RaWaterUserEditor *self, int choice)
{
  guint selected = adw_combo_row_get_selected (choice_row (self, choice));

  return selected < self->keys[choice]->len ? g_ptr_array_index (self->keys[choice], selected)
                                             : NULL;
}

static void
category_changed_cb (RaWaterUserEditor *self)
{
  const char *standard = ra_water_use_category_standard (selected_key (self, CHOICE_CATEGORY));
  g_autofree char *text = NULL;

  /* TRANSLATORS: %s is a standard's code, e.g. GB/T 18920-2020 */
  if (standard != NULL)
    text = g_strdup_printf (_("A blank quality standard is the one the use category requires: %s."),
                            standard);
  adw_preferences_group_set_description (self->quality_group, text);
}

/* Demand ------------------------------------------------------------------- */

static int
compare_int (gconstpointer a, gconstpointer b)
{
  return *(const int *) a - *(const int *) b;
}

static AdwEntryRow *
demand_row (RaWaterUserEditor *self, int year)
{
  for (guint i = 0; i < self->years->len; i++)
    if (g_array_index (self->years, int, i) == year)
      return g_ptr_array_index (self->demand_rows, i);
  return NULL;
}

/* One row per year with figures of any user, and extra_year. */
static void
fill_demand (RaWaterUserEditor *self, int extra_year)
{
  g_autoptr(GPtrArray) demand = ra_store_list_user_demand (self->store, 0, NULL);
  g_autoptr(GArray) years = g_array_new (FALSE, FALSE, sizeof (int));

  for (guint i = 0; demand != NULL && i < demand->len; i++)
    {
      const RaUserDemandRecord *d = g_ptr_array_index (demand, i);
      gboolean seen = FALSE;

      if (d->user_id == self->user_id)
        g_hash_table_insert (self->demand, GINT_TO_POINTER (d->year),
                             g_memdup2 (&d->volume, sizeof d->volume));
      for (guint k = 0; k < years->len && !seen; k++)
        seen = g_array_index (years, int, k) == d->year;
      if (!seen)
        g_array_append_val (years, d->year);
    }
  if (extra_year > 0)
    {
      gboolean seen = FALSE;
      for (guint k = 0; k < years->len && !seen; k++)
        seen = g_array_index (years, int, k) == extra_year;
      if (!seen)
        g_array_append_val (years, extra_year);
    }
  g_array_sort (years, compare_int);
  for (guint i = 0; i < years->len; i++)
    ra_water_user_editor_set_demand (self, g_array_index (years, int, i), NULL);
}

/* Adds the row of year (in order) and returns it. */
static AdwEntryRow *
add_demand_row (RaWaterUserEditor *self, int year)
{
  AdwEntryRow *row = demand_row (self, year);
  g_autofree char *title = NULL, *text = NULL;
  const double *volume;

  if (row != NULL)
    return row;
  title = g_strdup_printf ("%d", year);
  row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_alignment (GTK_EDITABLE (row), 1.0);
  gtk_widget_add_css_class (GTK_WIDGET (row), "numeric");
  volume = g_hash_table_lookup (self->demand, GINT_TO_POINTER (year));
  text = ra_project_format_number (volume != NULL ? *volume : NAN);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  /* Years come sorted, but a year added later goes to the end. */
  adw_preferences_group_add (self->demand_group, GTK_WIDGET (row));
  g_array_append_val (self->years, year);
  g_ptr_array_add (self->demand_rows, row);
  return row;
}

/* Apply -------------------------------------------------------------------- */

static gboolean
apply_again_cb (gpointer data)
{
  ra_water_user_editor_apply (data, NULL);
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
  RaWaterUserEditor *self = user_data;

  if (outcome == RA_CONFLICT_KEPT_MINE)
    {
      /* The user's fields are saved; the rest (demand) goes now. */
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
apply (RaWaterUserEditor *self, GError **error)
{
  static const struct { const char *column; gsize offset; } entries[] = {
    { "name", G_STRUCT_OFFSET (RaWaterUserEditor, name_row) },
    { "quality_standard", G_STRUCT_OFFSET (RaWaterUserEditor, standard_row) },
    { "why_not", G_STRUCT_OFFSET (RaWaterUserEditor, why_not_row) },
  };
  g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GArray) volumes = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      GtkEditable *entry = G_STRUCT_MEMBER (GtkEditable *, self, entries[i].offset);
      g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
      const char *old = record_value (self->record, entries[i].column);

      if (g_strcmp0 (text, old != NULL ? old : "") != 0)
        g_hash_table_insert (fields, (gpointer) entries[i].column, g_steal_pointer (&text));
    }
  for (int c = 0; c < N_CHOICES; c++)
    {
      const char *key = selected_key (self, c);

      if (g_strcmp0 (key, record_value (self->record, choice_columns[c])) != 0)
        g_hash_table_insert (fields, (gpointer) choice_columns[c], g_strdup (key != NULL ? key : ""));
    }
  if (g_hash_table_contains (fields, "name") &&
      *(const char *) g_hash_table_lookup (fields, "name") == '\0')
    {
      g_set_error (error, RA_ERROR, RA_ERROR_FAILED, _("A water user needs a name."));
      return FALSE;
    }

  /* Every figure is read before anything is written. */
  for (guint i = 0; i < self->years->len; i++)
    {
      const char *text = gtk_editable_get_text (g_ptr_array_index (self->demand_rows, i));
      double v;

      if (!ra_project_format_parse_number (text, &v))
        {
          g_set_error (error, RA_ERROR, RA_ERROR_FAILED,
                       /* TRANSLATORS: demand of a year: “abc” is not a number */
                       _("Demand %d: “%s” is not a number"),
                       g_array_index (self->years, int, i), text);
          return FALSE;
        }
      g_array_append_val (volumes, v);
    }

  if (self->user_id == 0)
    {
      gint64 id;

      if (!g_hash_table_contains (fields, "name"))
        {
          g_set_error (error, RA_ERROR, RA_ERROR_FAILED, _("A water user needs a name."));
          return FALSE;
        }
      /* One undo step: the user, where it is and its demand. */
      id = ra_store_insert_water_user (self->store, fields, self->wkt, self->years->len,
                                       (const int *) (gpointer) self->years->data,
                                       (const double *) (gpointer) volumes->data, error);
      if (id == 0)
        return FALSE;
      self->user_id = id;
      return TRUE;
    }
  if (g_hash_table_size (fields) > 0)
    {
      /* Saved at the version read: a clash with someone else's save asks. */
      g_autoptr(GHashTable) read = g_hash_table_new (g_str_hash, g_str_equal);
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, fields);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_hash_table_insert (read, key, (gpointer) record_value (self->record, key));
      if (!ra_conflict_save_feature (GTK_WINDOW (self), self->store, "water_users",
                                     self->user_id, &self->record->row_version, fields, read,
                                     self->record->name, conflict_done_cb, self, error))
        return FALSE;
    }
  for (guint i = 0; i < self->years->len; i++)
    {
      int year = g_array_index (self->years, int, i);
      double v = g_array_index (volumes, double, i);
      const double *old = g_hash_table_lookup (self->demand, GINT_TO_POINTER (year));
      double was = old != NULL ? *old : NAN;

      if ((isnan (v) && isnan (was)) || v == was)
        continue;
      if (!ra_store_set_user_demand (self->store, self->user_id, year, v, error))
        return FALSE;
      /* Written: a second Apply after a later refusal does not repeat it. */
      g_hash_table_insert (self->demand, GINT_TO_POINTER (year), g_memdup2 (&v, sizeof v));
    }
  return TRUE;
}

gboolean
ra_water_user_editor_apply (RaWaterUserEditor *self, GError **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (RA_IS_WATER_USER_EDITOR (self), FALSE);

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
apply_clicked_cb (RaWaterUserEditor *self)
{
  ra_water_user_editor_apply (self, NULL);
}

/* Public ------------------------------------------------------------------- */

static RaWaterUserEditor *editor_new (GtkWindow *parent, RaStore *store, gint64 user_id,
                                      RaWaterUserRecord *record, int year);

RaWaterUserEditor *
ra_water_user_editor_new (GtkWindow *parent, RaStore *store, gint64 user_id, int year,
                          GError **error)
{
  g_autoptr(GPtrArray) users = NULL;
  RaWaterUserRecord *record = NULL;

  g_return_val_if_fail (RA_IS_STORE (store), NULL);

  users = ra_store_list_water_users (store, error);
  if (users == NULL)
    return NULL;
  for (guint i = 0; i < users->len && record == NULL; i++)
    if (((RaWaterUserRecord *) g_ptr_array_index (users, i))->id == user_id)
      record = g_ptr_array_steal_index (users, i);
  if (record == NULL)
    {
      g_set_error (error, RA_ERROR, RA_ERROR_FAILED,
                   _("The water user was not found (it may have been deleted)."));
      return NULL;
    }

  return editor_new (parent, store, user_id, record, year);
}

RaWaterUserEditor *
ra_water_user_editor_new_at (GtkWindow *parent, RaStore *store, const char *wkt, int year,
                             GError **error)
{
  RaWaterUserRecord *record;
  RaWaterUserEditor *self;
  double lon, lat;

  g_return_val_if_fail (RA_IS_STORE (store), NULL);
  g_return_val_if_fail (wkt != NULL, NULL);

  if (!ra_gdal_wkt_centroid (wkt, &lon, &lat))
    {
      g_set_error (error, RA_ERROR, RA_ERROR_FAILED, _("The location of the water user is not a point."));
      return NULL;
    }
  record = g_new0 (RaWaterUserRecord, 1);
  /* The county it is in; the planner may choose another. */
  record->adcode = ra_store_find_county_at (store, lon, lat, NULL);
  self = editor_new (parent, store, 0, record, year);
  self->wkt = g_strdup (wkt);
  gtk_window_set_title (GTK_WINDOW (self), _("New Water User"));
  adw_window_title_set_title (self->window_title, _("New Water User"));
  gtk_button_set_label (self->apply_button, _("_Add"));
  gtk_button_set_use_underline (self->apply_button, TRUE);
  /* Fields the new record has are not "changed"; it has none but the
   * county, which apply would otherwise skip. */
  g_clear_pointer (&self->record->adcode, g_free);
  return self;
}

static RaWaterUserEditor *
editor_new (GtkWindow *parent, RaStore *store, gint64 user_id, RaWaterUserRecord *record,
            int year)
{
  RaWaterUserEditor *self;

  self = g_object_new (RA_TYPE_WATER_USER_EDITOR, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->user_id = user_id;
  self->record = record;
  adw_window_title_set_subtitle (self->window_title, record->name);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), record->name != NULL ? record->name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->standard_row),
                         record->quality_standard != NULL ? record->quality_standard : "");
  gtk_editable_set_text (GTK_EDITABLE (self->why_not_row),
                         record->why_not != NULL ? record->why_not : "");
  fill_choices (self);
  category_changed_cb (self);
  fill_demand (self, year);
  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button), !ra_store_is_read_only (store));
  return self;
}

gint64
ra_water_user_editor_get_user_id (RaWaterUserEditor *self)
{
  g_return_val_if_fail (RA_IS_WATER_USER_EDITOR (self), 0);
  return self->user_id;
}

gboolean
ra_water_user_editor_set_field (RaWaterUserEditor *self, const char *column, const char *value)
{
  g_return_val_if_fail (RA_IS_WATER_USER_EDITOR (self), FALSE);
  g_return_val_if_fail (column != NULL, FALSE);

  if (g_str_equal (column, "name") || g_str_equal (column, "quality_standard") ||
      g_str_equal (column, "why_not"))
    {
      AdwEntryRow *row = g_str_equal (column, "name") ? self->name_row
                         : g_str_equal (column, "why_not") ? self->why_not_row
                         : self->standard_row;
      gtk_editable_set_text (GTK_EDITABLE (row), value != NULL ? value : "");
      return TRUE;
    }
  for (int c = 0; c < N_CHOICES; c++)
    {
      if (!g_str_equal (column, choice_columns[c]))
        continue;
      for (guint i = 0; i < self->keys[c]->len; i++)
        if (g_strcmp0 (g_ptr_array_index (self->keys[c], i), value) == 0)
          {
            adw_combo_row_set_selected (choice_row (self, c), i);
            return TRUE;
          }
      return FALSE;
    }
  return FALSE;
}

void
ra_water_user_editor_set_demand (RaWaterUserEditor *self, int year, const char *text)
{
  AdwEntryRow *row;

  g_return_if_fail (RA_IS_WATER_USER_EDITOR (self));

  row = add_demand_row (self, year);
  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* GObject ------------------------------------------------------------------ */

static void
ra_water_user_editor_dispose (GObject *object)
{
  RaWaterUserEditor *self = RA_WATER_USER_EDITOR (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->wkt, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), RA_TYPE_WATER_USER_EDITOR);
  G_OBJECT_CLASS (ra_water_user_editor_parent_class)->dispose (object);
}

static void
ra_water_user_editor_finalize (GObject *object)
{
  RaWaterUserEditor *self = RA_WATER_USER_EDITOR (object);

  g_clear_pointer (&self->record, ra_water_user_record_free);
  for (int c = 0; c < N_CHOICES; c++)
    g_ptr_array_unref (self->keys[c]);
  g_array_unref (self->years);
  g_ptr_array_unref (self->demand_rows);
  g_hash_table_unref (self->demand);
  G_OBJECT_CLASS (ra_water_user_editor_parent_class)->finalize (object);
}

static void
ra_water_user_editor_class_init (RaWaterUserEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ra_water_user_editor_dispose;
  object_class->finalize = ra_water_user_editor_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/reclaimatlas/ReclaimAtlas/ra-water-user-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, RaWaterUserEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, RaWaterUserEditor, apply_button);
  gtk_widget_class_bind_template_child (widget_class, RaWaterUserEditor, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, RaWaterUserEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, RaWaterUserEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, RaWaterUserEditor, county_row);
  gtk_widget_class_bind_template_child (widget_class, RaWaterUserEditor, sector_row);
  gtk_widget_class_bind_template_child (widget_class, RaWaterUserEditor, key_user_row);
  gtk_widget_class_bind_template_child (widget_class, RaWaterUserEditor, source_row);
  gtk_widget_class_bind_template_child (widget_class, RaWaterUserEditor, category_row);
  gtk_widget_class_bind_template_child (widget_class, RaWaterUserEditor, standard_row);
  gtk_widget_class_bind_template_child (widget_class, RaWaterUserEditor, able_row);
  gtk_widget_class_bind_template_child (widget_class, RaWaterUserEditor, why_not_row);
  gtk_widget_class_bind_template_child (widget_class, RaWaterUserEditor, quality_group);
  gtk_widget_class_bind_template_child (widget_class, RaWaterUserEditor, demand_group);
  gtk_widget_class_bind_template_callback (widget_class, apply_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, category_changed_cb);
}

static void
ra_water_user_editor_init (RaWaterUserEditor *self)
{
  for (int c = 0; c < N_CHOICES; c++)
    self->keys[c] = g_ptr_array_new_with_free_func (g_free);
  self->years = g_array_new (FALSE, FALSE, sizeof (int));
  self->demand_rows = g_ptr_array_new ();
  self->demand = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}
