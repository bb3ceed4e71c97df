/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <glib/gi18n.h>

#include "ra-conflict-dialog.h"
#include "ra-project-editor.h"
#include "ra-project-format.h"
#include "ra-project-model.h"

/* The project editor: a row per field of a project, each checked as it
 * is typed; Apply writes the changed fields through the store. */

typedef enum {
  KIND_TEXT,
  KIND_NUMBER,
  KIND_COUNTY,
  KIND_SOURCE,
  KIND_STATUS,
  KIND_PLANT,     /* the plant the project expands: a drop-down of the project's plants */
} FieldKind;

typedef enum {
  GROUP_IDENTITY,
  GROUP_SCHEDULE,
  GROUP_CAPACITY,
  GROUP_WORKS,
} FieldGroup;

typedef struct {
  const char *name;
  const char *label;
  FieldKind   kind;
  FieldGroup  group;
} FieldSpec;

/* Every field the store lets the editor set, in the plan's order. */
static const FieldSpec field_specs[] = {
  { "code", N_("Code"), KIND_TEXT, GROUP_IDENTITY },
  { "name", N_("Name"), KIND_TEXT, GROUP_IDENTITY },
  { "adcode", N_("County"), KIND_COUNTY, GROUP_IDENTITY },
  { "source", N_("Water source"), KIND_SOURCE, GROUP_IDENTITY },
  { "status", N_("Status"), KIND_STATUS, GROUP_IDENTITY },
  { "owner", N_("Responsible unit"), KIND_TEXT, GROUP_IDENTITY },
  { "batch", N_("Batch"), KIND_TEXT, GROUP_SCHEDULE },
  { "in_service_year", N_("In-service year"), KIND_NUMBER, GROUP_SCHEDULE },
  { "start", N_("Start"), KIND_TEXT, GROUP_SCHEDULE },
  { "prep_stage", N_("Preparation stage"), KIND_TEXT, GROUP_SCHEDULE },
  { "investment_total", N_("Total investment (10⁴ yuan)"), KIND_NUMBER, GROUP_SCHEDULE },
  { "investment_2024_2025", N_("Investment 2024–2025 (10⁴ yuan)"), KIND_NUMBER, GROUP_SCHEDULE },
  { "cap_industry", N_("Industry"), KIND_NUMBER, GROUP_CAPACITY },
  { "cap_agriculture", N_("Agriculture"), KIND_NUMBER, GROUP_CAPACITY },
  { "cap_ecological", N_("Ecology"), KIND_NUMBER, GROUP_CAPACITY },
  { "cap_urban_nonpotable", N_("Urban non-potable use"), KIND_NUMBER, GROUP_CAPACITY },
  { "pipeline_km", N_("Pipelines (km)"), KIND_NUMBER, GROUP_WORKS },
  { "storage_m3", N_("Storage (m³)"), KIND_NUMBER, GROUP_WORKS },
  { "treatment_m3_per_day", N_("Treatment (m³/d)"), KIND_NUMBER, GROUP_WORKS },
  { "plant_id", N_("Plant expanded"), KIND_PLANT, GROUP_WORKS },
  { "scope", N_("Scope of works"), KIND_TEXT, GROUP_WORKS },
  { "notes", N_("Notes"), KIND_TEXT, GROUP_WORKS },
};

static const char * const source_values[] = { "reclaimed", "mine", NULL };
static const char * const source_labels[] = { N_("Reclaimed water"), N_("Mine water"), NULL };
static const char * const status_values[] = { "under_construction", "proposed", "in_service", NULL };
static const char * const status_labels[] = { N_("Under construction"), N_("Proposed"),
                                              N_("In service"), NULL };

typedef struct {
  const FieldSpec *spec;
  AdwActionRow    *row;
  GtkWidget       *widget;    /* GtkEntry or GtkDropDown */
  GPtrArray       *values;    /* drop-down: stored value of each item */
  char            *original;  /* stored value as text */
  char            *message;   /* validation message, NULL when valid */
  gboolean         too_long;  /* the stored text does not fit an entry: shown cut, kept */
  gboolean         editable;  /* the entry's editability apart from too_long */
} Field;

struct _RaProjectEditor
{
  AdwWindow        parent_instance;

  /* template widgets */
  AdwWindowTitle  *window_title;
  GtkWidget       *apply_button;
  GtkRevealer     *error_revealer;
  GtkLabel        *error_label;
  AdwPreferencesGroup *identity_group;
  AdwPreferencesGroup *schedule_group;
  AdwPreferencesGroup *capacity_group;
  AdwPreferencesGroup *works_group;

  /* owned */
  RaStore         *store;
  GPtrArray       *fields;      /* Field* in field_specs order */
  GtkLabel        *total_label;
  gint64           project_id;
  gint64           row_version; /* of the values the user started from */
  gboolean         may_edit;    /* the server's roles let this user edit the project */
  gboolean         loading;     /* filling widgets: no validation */
  gboolean         pipeline_km_drawn; /* the length comes from drawn pipelines */
};

G_DEFINE_FINAL_TYPE (RaProjectEditor, ra_project_editor, ADW_TYPE_WINDOW)

static void
field_free (Field *field)
{
  g_clear_pointer (&field->values, g_ptr_array_unref);
  g_free (field->original);
  g_free (field->message);
  g_free (field);
}

static Field *
find_field (RaProjectEditor *self, const char *name)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (g_strcmp0 (field->spec->name, name) == 0)
        return field;
    }
  return NULL;
}

/* Values as text ---------------------------------------------------------- */

static char *
record_field_text (const RaProjectRecord *rec, const char *name)
{
#define TEXT(f) if (g_str_equal (name, #f)) return g_strdup (rec->f != NULL ? rec->f : "")
#define NUMBER(f) if (g_str_equal (name, #f)) return ra_project_format_number (rec->f)
  TEXT (code);
  TEXT (name);
  TEXT (adcode);
  TEXT (source);
  TEXT (status);
  TEXT (batch);
  TEXT (start);
  TEXT (prep_stage);
  TEXT (owner);
  TEXT (scope);
  TEXT (notes);
  NUMBER (investment_total);
  NUMBER (investment_2024_2025);
  NUMBER (cap_industry);
  NUMBER (cap_agriculture);
  NUMBER (cap_ecological);
  NUMBER (cap_urban_nonpotable);
  NUMBER (pipeline_km);
  NUMBER (storage_m3);
  NUMBER (treatment_m3_per_day);
#undef TEXT
#undef NUMBER
  if (g_str_equal (name, "in_service_year"))
    return rec->in_service_year > 0 ? g_strdup_printf ("%d", rec->in_service_year)
                                    : g_strdup ("");
  if (g_str_equal (name, "plant_id"))
    return rec->plant_id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, rec->plant_id)
                             : g_strdup ("");
  g_return_val_if_reached (g_strdup (""));
}

static char *
field_dup_text (Field *field)
{
  if (GTK_IS_DROP_DOWN (field->widget))
    {
      guint pos = gtk_drop_down_get_selected (GTK_DROP_DOWN (field->widget));

      if (pos == GTK_INVALID_LIST_POSITION || pos >= field->values->len)
        return g_strdup ("");
      return g_strdup (g_ptr_array_index (field->values, pos));
    }
  return g_strdup (gtk_editable_get_text (GTK_EDITABLE (field->widget)));
}

static void
field_set_text (Field *field, const char *text)
{
  if (GTK_IS_DROP_DOWN (field->widget))
    {
      guint pos = GTK_INVALID_LIST_POSITION;

      for (guint i = 0; i < field->values->len; i++)
        if (g_strcmp0 (g_ptr_array_index (field->values, i), text) == 0)
          pos = i;
      /* A stored value the list does not know (an adcode of another
       * region) is still shown, so saving other fields keeps it. */
      if (pos == GTK_INVALID_LIST_POSITION && text != NULL && *text != '\0')
        {
          GtkStringList *list = GTK_STRING_LIST (gtk_drop_down_get_model (GTK_DROP_DOWN (field->widget)));

          gtk_string_list_append (list, text);
          g_ptr_array_add (field->values, g_strdup (text));
          pos = field->values->len - 1;
        }
      gtk_drop_down_set_selected (GTK_DROP_DOWN (field->widget),
                                  pos != GTK_INVALID_LIST_POSITION ? pos : 0);
    }
  else if (text != NULL && g_utf8_strlen (text, -1) > GTK_ENTRY_BUFFER_MAX_SIZE)
    {
      /* An entry holds 65 535 characters and would cut the rest silently
       * (and save the cut text with the next Apply): shown cut, read-only,
       * and left as stored. */
      g_autofree char *head = g_utf8_substring (text, 0, GTK_ENTRY_BUFFER_MAX_SIZE - 1);
      g_autofree char *tip =
        g_strdup_printf (_("Too long to edit here (%ld characters); kept as stored"),
                         g_utf8_strlen (text, -1));

      field->too_long = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (field->widget), head);
      gtk_editable_set_editable (GTK_EDITABLE (field->widget), FALSE);
      gtk_widget_set_tooltip_text (field->widget, tip);
    }
  else
    {
      if (field->too_long)
        {
          field->too_long = FALSE;
          gtk_editable_set_editable (GTK_EDITABLE (field->widget), field->editable);
          gtk_widget_set_tooltip_text (field->widget, NULL);
        }
      gtk_editable_set_text (GTK_EDITABLE (field->widget), text != NULL ? text : "");
    }
}

static gboolean
field_changed (Field *field)
{
  g_autofree char *text = NULL;

  if (field->too_long)
    return FALSE;
  text = field_dup_text (field);
  return g_strcmp0 (text, field->original) != 0;
}

/* Validation -------------------------------------------------------------- */

static void
show_field_message (RaProjectEditor *self, Field *field, const char *message)
{
  g_free (field->message);
  field->message = g_strdup (message);

  /* The message replaces the hint under the field's title. */
  adw_action_row_set_subtitle (field->row, message != NULL ? message : "");
  if (message != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (field->row), "ra-invalid");
      gtk_widget_add_css_class (field->widget, "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (field->row), "ra-invalid");
      gtk_widget_remove_css_class (field->widget, "error");
    }
}

static gboolean
validate_field (RaProjectEditor *self, Field *field)
{
  g_autofree char *text = field_dup_text (field);
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, text);
  if (!ra_store_validate_project_value (self->store, field->spec->name, &value, &error))
    {
      show_field_message (self, field, error->message);
      return FALSE;
    }
  show_field_message (self, field, NULL);
  return TRUE;
}

static void
update_total (RaProjectEditor *self)
{
  static const char * const parts[] = { "cap_industry", "cap_agriculture", "cap_ecological",
                                        "cap_urban_nonpotable" };
  double total = 0;
  gboolean any = FALSE, valid = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      Field *field = find_field (self, parts[i]);
      g_autofree char *text = g_strstrip (field_dup_text (field));
      char *end = NULL;
      double v;

      if (*text == '\0')
        continue;
      v = g_ascii_strtod (text, &end);
      if (end == text || *end != '\0' || !isfinite (v))
        {
          valid = FALSE;
          break;
        }
      total += v;
      any = TRUE;
    }

  if (!valid)
    gtk_label_set_text (self->total_label, "—");
  else if (!any)
    gtk_label_set_text (self->total_label, "");
  else
    {
      g_autofree char *text = ra_project_format_number (total);
      gtk_label_set_text (self->total_label, text);
    }
}

static void
update_apply (RaProjectEditor *self)
{
  gboolean invalid = FALSE;

  for (guint i = 0; i < self->fields->len; i++)
    invalid |= ((Field *) g_ptr_array_index (self->fields, i))->message != NULL;
  gtk_widget_set_sensitive (self->apply_button,
                            !ra_store_is_read_only (self->store) && !invalid && self->may_edit &&
                            ra_project_editor_has_changes (self));
}

static void
field_edited (RaProjectEditor *self, Field *field)
{
  if (self->loading)
    return;
  validate_field (self, field);
  if (g_str_has_prefix (field->spec->name, "cap_"))
    update_total (self);
  update_apply (self);
}

static void
entry_changed_cb (GtkEditable *editable, RaProjectEditor *self)
{
  field_edited (self, g_object_get_data (G_OBJECT (editable), "ra-field"));
}

static void
drop_down_selected_cb (GtkDropDown *drop_down, GParamSpec *pspec, RaProjectEditor *self)
{
  field_edited (self, g_object_get_data (G_OBJECT (drop_down), "ra-field"));
}

static void
show_error (RaProjectEditor *self, const char *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

/* Loading ----------------------------------------------------------------- */

/* Fills the widgets from the stored project.  Fields the user changed keep
 * the user's text when keep_edits is set (the store changed underneath). */
static gboolean
load_record (RaProjectEditor *self, gboolean keep_edits)
{
  g_autoptr(RaProjectRecord) rec = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;

  rec = ra_store_get_project (self->store, self->project_id, &error);
  if (rec == NULL)
    {
      show_error (self, error->message);
      return FALSE;
    }
  /* Drawn pipelines give the length: geodesic, never typed (as in the
   * inventory).  The field is then read-only. */
  {
    g_autoptr(GHashTable) drawn = ra_project_drawn_pipeline_km (self->store);
    double *km = g_hash_table_lookup (drawn, &self->project_id);

    self->pipeline_km_drawn = km != NULL;
    /* Shown for reading (km to 2 decimals); the field is read-only then. */
    if (km != NULL)
      rec->pipeline_km = round (*km * 100.0) / 100.0;
  }

  /* The version the user's changes start from: a save names it, so one
   * over someone else's newer save is a conflict, never silent. */
  if (!keep_edits || !ra_project_editor_has_changes (self))
    self->row_version = rec->row_version;

  /* A county editor on a server project edits its own counties' rows:
   * another county's project is shown, not editable (the server would
   * refuse; it says so at Apply too). */
  self->may_edit = ra_store_is_read_only (self->store) ||
                   ra_store_can_edit_county (self->store, rec->adcode);
  if (!self->may_edit)
    {
      g_autofree char *text =
        g_strdup_printf (_("View only: your role may not edit projects of %s."),
                         rec->county_name != NULL ? rec->county_name
                         : rec->adcode != NULL ? rec->adcode : _("no county"));
      show_error (self, text);
    }

  self->loading = TRUE;
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      g_autofree char *text = record_field_text (rec, field->spec->name);

      /* A field the user changed keeps the text typed and the value it
       * was changed from. */
      if (keep_edits && field_changed (field))
        continue;
      field_set_text (field, text);
      show_field_message (self, field, NULL);
      g_free (field->original);
      field->original = g_steal_pointer (&text);
      if (g_str_equal (field->spec->name, "pipeline_km") && GTK_IS_EDITABLE (field->widget))
        {
          field->editable = !self->pipeline_km_drawn && !ra_store_is_read_only (self->store);
          gtk_editable_set_editable (GTK_EDITABLE (field->widget), field->editable && !field->too_long);
          adw_action_row_set_subtitle (field->row, self->pipeline_km_drawn
                                       ? _("Geodesic length of the drawn pipelines") : NULL);
        }
    }
  self->loading = FALSE;

  subtitle = g_strdup_printf ("%s %s", rec->code != NULL ? rec->code : "",
                              rec->name != NULL ? rec->name : "");
  adw_window_title_set_subtitle (self->window_title, g_strstrip (subtitle));
  update_total (self);
  update_apply (self);
  return TRUE;
}

static void fill_plant_choices (RaProjectEditor *self, Field *field);

static void
store_changed_cb (RaStore *store, const char *table, gint64 row_id, RaProjectEditor *self)
{
  g_autoptr(RaProjectRecord) rec = NULL;

  /* A plant added, renamed or deleted: the choices follow, the choice
   * stays (a deleted plant's projects lose it in the store, and the
   * projects' change reloads the field). */
  if (table == NULL || g_str_equal (table, "plants"))
    {
      Field *field = find_field (self, "plant_id");

      if (field != NULL)
        fill_plant_choices (self, field);
    }
  if (table != NULL && (!g_str_equal (table, "projects") ||
                        (row_id != 0 && row_id != self->project_id)))
    return;

  /* Deleted (or its creation undone): nothing left to edit. */
  rec = ra_store_get_project (self->store, self->project_id, NULL);
  /* (Not when the server cannot be asked: the edits wait here.) */
  if (rec == NULL && ra_store_is_connected (self->store))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  load_record (self, TRUE);
}

/* A server's connection went or came back: what is typed stays, Apply
 * waits for the connection and then saves it. */
static void
connection_changed_cb (RaStore *store, RaProjectEditor *self)
{
  if (!ra_store_is_connected (store))
    show_error (self, _("The connection to the database server is lost: your changes stay "
                        "here and can be applied when it is back."));
  else if (ra_project_editor_has_changes (self))
    show_error (self, _("Reconnected to the database server: press Apply to save your "
                        "changes."));
  else
    show_error (self, NULL);
  update_apply (self);
}

/* Building ---------------------------------------------------------------- */

static GtkWidget *
make_drop_down (Field *field, const char * const *labels, const char * const *values)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  GtkWidget *drop_down;

  field->values = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; values[i] != NULL; i++)
    {
      gtk_string_list_append (list, labels[i]);
      g_ptr_array_add (field->values, g_strdup (values[i]));
    }
  drop_down = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&list)), NULL);
  return drop_down;
}

static GtkWidget *
make_county_drop_down (RaProjectEditor *self, Field *field)
{
  g_autoptr(GPtrArray) counties = ra_store_list_counties (self->store, NULL);
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  field->values = g_ptr_array_new_with_free_func (g_free);
  gtk_string_list_append (list, _("(none)"));
  g_ptr_array_add (field->values, g_strdup (""));
  for (guint i = 0; counties != NULL && i < counties->len; i++)
    {
      RaCountyRecord *county = g_ptr_array_index (counties, i);

      gtk_string_list_append (list, county->name_zh != NULL ? county->name_zh : county->adcode);
      g_ptr_array_add (field->values, g_strdup (county->adcode));
    }
  return gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&list)), NULL);
}

/* "(none)" and the project's plants by name, their ids as the values; the
 * selection is kept (by value) across a refill. */
static void
fill_plant_choices (RaProjectEditor *self, Field *field)
{
  g_autoptr(GPtrArray) plants = ra_store_list_plants (self->store, NULL, NULL);
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  g_autofree char *selected = field->values != NULL ? field_dup_text (field) : NULL;
  gboolean was_loading = self->loading;

  g_clear_pointer (&field->values, g_ptr_array_unref);
  field->values = g_ptr_array_new_with_free_func (g_free);
  gtk_string_list_append (list, _("(none)"));
  g_ptr_array_add (field->values, g_strdup (""));
  for (guint i = 0; plants != NULL && i < plants->len; i++)
    {
      RaPlantRecord *plant = g_ptr_array_index (plants, i);
      g_autofree char *label = plant->name != NULL && *plant->name != '\0'
        ? g_strdup (plant->name)
        /* TRANSLATORS: a plant without a name, by its id */
        : g_strdup_printf (_("Plant %" PRId64), plant->id);

      gtk_string_list_append (list, label);
      g_ptr_array_add (field->values, g_strdup_printf ("%" G_GINT64_FORMAT, plant->id));
    }
  if (field->widget == NULL)
    {
      field->widget = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&list)), NULL);
      return;
    }
  self->loading = TRUE;
  gtk_drop_down_set_model (GTK_DROP_DOWN (field->widget), G_LIST_MODEL (list));
  field_set_text (field, selected);
  self->loading = was_loading;
  if (!self->loading)
    field_edited (self, field);
}

static AdwPreferencesGroup *
group_for (RaProjectEditor *self, FieldGroup group)
{
  switch (group)
    {
    case GROUP_IDENTITY: return self->identity_group;
    case GROUP_SCHEDULE: return self->schedule_group;
    case GROUP_CAPACITY: return self->capacity_group;
    case GROUP_WORKS:
    default:             return self->works_group;
    }
}

static void
build_fields (RaProjectEditor *self)
{
  gboolean read_only = ra_store_is_read_only (self->store);
  const char * const *known = ra_store_project_fields ();

  for (guint i = 0; i < G_N_ELEMENTS (field_specs); i++)
    {
      const FieldSpec *spec = &field_specs[i];
      Field *field;
      GtkWidget *widget;

      /* Only what the store lets us set (it is the authority on fields). */
      if (!g_strv_contains (known, spec->name))
        continue;

      field = g_new0 (Field, 1);
      field->spec = spec;
      field->row = ADW_ACTION_ROW (adw_action_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (field->row), _(spec->label));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (field->row), FALSE);

      switch (spec->kind)
        {
        case KIND_COUNTY:
          widget = make_county_drop_down (self, field);
          break;
        case KIND_SOURCE:
          {
            const char *labels[G_N_ELEMENTS (source_labels)];
            for (guint k = 0; k < G_N_ELEMENTS (source_labels); k++)
              labels[k] = source_labels[k] != NULL ? _(source_labels[k]) : NULL;
            widget = make_drop_down (field, labels, source_values);
          }
          break;
        case KIND_STATUS:
          {
            const char *labels[G_N_ELEMENTS (status_labels)];
            for (guint k = 0; k < G_N_ELEMENTS (status_labels); k++)
              labels[k] = status_labels[k] != NULL ? _(status_labels[k]) : NULL;
            widget = make_drop_down (field, labels, status_values);
          }
          break;
        case KIND_PLANT:
          fill_plant_choices (self, field);
          widget = field->widget;
          break;
        case KIND_NUMBER:
          widget = gtk_entry_new ();
          gtk_entry_set_input_purpose (GTK_ENTRY (widget), GTK_INPUT_PURPOSE_NUMBER);
          gtk_editable_set_width_chars (GTK_EDITABLE (widget), 12);
          gtk_entry_set_alignment (GTK_ENTRY (widget), 1.0);
          break;
        case KIND_TEXT:
        default:
          widget = gtk_entry_new ();
          gtk_editable_set_width_chars (GTK_EDITABLE (widget), 28);
          gtk_widget_set_hexpand (widget, TRUE);
          break;
        }

      field->widget = widget;
      g_object_set_data (G_OBJECT (widget), "ra-field", field);
      gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (widget),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, field->row, NULL, -1);
      if (GTK_IS_DROP_DOWN (widget))
        {
          gtk_widget_set_sensitive (widget, !read_only);
          g_signal_connect (widget, "notify::selected", G_CALLBACK (drop_down_selected_cb), self);
        }
      else
        {
          field->editable = !read_only;
          gtk_editable_set_editable (GTK_EDITABLE (widget), !read_only);
          g_signal_connect (widget, "changed", G_CALLBACK (entry_changed_cb), self);
        }
      adw_action_row_add_suffix (field->row, widget);
      adw_preferences_group_add (group_for (self, spec->group), GTK_WIDGET (field->row));
      g_ptr_array_add (self->fields, field);
    }

  /* The total is derived: shown, never typed. */
  {
    AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Total"));
    adw_action_row_set_subtitle (row, _("Sum of the uses"));
    self->total_label = GTK_LABEL (gtk_label_new (""));
    gtk_label_set_selectable (self->total_label, TRUE);
    gtk_widget_add_css_class (GTK_WIDGET (self->total_label), "heading");
    gtk_widget_add_css_class (GTK_WIDGET (self->total_label), "numeric");
    adw_action_row_add_suffix (row, GTK_WIDGET (self->total_label));
    adw_preferences_group_add (self->capacity_group, GTK_WIDGET (row));
  }

  if (read_only)
    {
      const char *reason = ra_store_get_read_only_reason (self->store);
      g_autofree char *text = g_strdup_printf (_("View only: %s"),
                                               reason != NULL ? reason : _("the project cannot be changed"));
      gtk_window_set_title (GTK_WINDOW (self), _("Project (View Only)"));
      adw_window_title_set_title (self->window_title, _("Project (View Only)"));
      show_error (self, text);
    }
}

/* Conflicts ---------------------------------------------------------------- */

/* A field's label, or a value as the form shows it (a choice by its label). */
static char *
conflict_text (const char *name, const char *value, gboolean label, gpointer user_data)
{
  RaProjectEditor *self = user_data;
  Field *field = find_field (self, name);

  if (field == NULL)
    return NULL;
  if (label)
    return g_strdup (_(field->spec->label));
  if (field->values != NULL && GTK_IS_DROP_DOWN (field->widget))
    {
      GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (field->widget));

      for (guint i = 0; i < field->values->len; i++)
        if (g_strcmp0 (g_ptr_array_index (field->values, i), value) == 0 &&
            GTK_IS_STRING_LIST (model))
          return g_strdup (gtk_string_list_get_string (GTK_STRING_LIST (model), i));
    }
  return NULL;
}

static gboolean
close_idle_cb (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
conflict_done_cb (RaConflictOutcome outcome, gint64 new_version, const char *message,
                  gpointer user_data)
{
  RaProjectEditor *self = user_data;

  switch (outcome)
    {
    case RA_CONFLICT_KEPT_MINE:
      self->row_version = new_version;
      /* Written: the typed values are the stored ones now. */
      load_record (self, FALSE);
      show_error (self, NULL);
      /* Closed once the dialog (transient for it) is gone. */
      g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_idle_cb, g_object_ref (self),
                       g_object_unref);
      break;
    case RA_CONFLICT_TOOK_THEIRS:
      load_record (self, FALSE);
      show_error (self, _("The other save was kept; the form shows it."));
      break;
    case RA_CONFLICT_FAILED:
      show_error (self, message);
      break;
    case RA_CONFLICT_LATER:
    default:
      break;
    }
  update_apply (self);
}

static void
show_conflict (RaProjectEditor *self, const RaStoreConflict *conflict)
{
  g_autoptr(RaProjectRecord) rec = ra_store_get_project (self->store, self->project_id, NULL);
  g_autofree char *subject = NULL;

  subject = g_strdup_printf (_("Project %s %s"),
                             rec != NULL && rec->code != NULL ? rec->code : "",
                             rec != NULL && rec->name != NULL ? rec->name : "");
  show_error (self, _("Someone else saved this project while you were editing it: choose "
                      "whose values to keep."));
  ra_conflict_dialog_present (GTK_WINDOW (self), self->store, conflict, g_strstrip (subject),
                              conflict_text, self, conflict_done_cb, self);
}

const char *
ra_project_editor_get_message (RaProjectEditor *self)
{
  g_return_val_if_fail (RA_IS_PROJECT_EDITOR (self), NULL);
  if (!gtk_revealer_get_reveal_child (self->error_revealer))
    return NULL;
  return gtk_label_get_text (self->error_label);
}

gboolean
ra_project_editor_can_apply (RaProjectEditor *self)
{
  g_return_val_if_fail (RA_IS_PROJECT_EDITOR (self), FALSE);
  return gtk_widget_get_sensitive (self->apply_button);
}

GtkWindow *
ra_project_editor_get_conflict_dialog (RaProjectEditor *self)
{
  g_return_val_if_fail (RA_IS_PROJECT_EDITOR (self), NULL);
  return ra_conflict_dialog_find (GTK_WINDOW (self));
}

/* Applying ---------------------------------------------------------------- */

gboolean
ra_project_editor_has_changes (RaProjectEditor *self)
{
  g_return_val_if_fail (RA_IS_PROJECT_EDITOR (self), FALSE);

  for (guint i = 0; i < self->fields->len; i++)
    if (field_changed (g_ptr_array_index (self->fields, i)))
      return TRUE;
  return FALSE;
}

gboolean
ra_project_editor_apply (RaProjectEditor *self)
{
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  gboolean invalid = FALSE;

  g_return_val_if_fail (RA_IS_PROJECT_EDITOR (self), FALSE);

  if (ra_store_is_read_only (self->store))
    {
      const char *reason = ra_store_get_read_only_reason (self->store);
      g_autofree char *text = g_strdup_printf (_("View only: %s"), reason != NULL ? reason : "");

      show_error (self, text);
      return FALSE;
    }

  /* Check every changed field first: an invalid one means nothing is
   * written, not half of the changes. */
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (!field_changed (field))
        continue;
      if (!validate_field (self, field))
        invalid = TRUE;
      g_ptr_array_add (changed, field);
    }
  if (invalid)
    {
      update_apply (self);
      return FALSE;
    }

  /* Every changed field in one edit: one transaction and one undo step,
   * all of them or none. */
  if (changed->len > 0)
    {
      g_autofree const char **names = g_new0 (const char *, changed->len);
      g_autofree GValue *values = g_new0 (GValue, changed->len);
      g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) error = NULL;
      guint failed = 0;
      gboolean ok;

      for (guint i = 0; i < changed->len; i++)
        {
          Field *field = g_ptr_array_index (changed, i);
          char *text = field_dup_text (field);

          g_ptr_array_add (texts, text);
          names[i] = field->spec->name;
          g_value_init (&values[i], G_TYPE_STRING);
          g_value_set_string (&values[i], text);
        }
      g_autofree GValue *read_values = g_new0 (GValue, changed->len);
      g_autoptr(RaStoreConflict) conflict = NULL;
      gint64 new_version = 0;

      for (guint i = 0; i < changed->len; i++)
        {
          g_value_init (&read_values[i], G_TYPE_STRING);
          g_value_set_string (&read_values[i],
                              ((Field *) g_ptr_array_index (changed, i))->original);
        }
      ok = ra_store_update_project_fields_at (self->store, self->project_id, self->row_version,
                                              changed->len, names, values, read_values,
                                              &failed, &new_version, &conflict, &error);
      /* Someone else saved other fields meanwhile: nothing of theirs is
       * overwritten by saving these. */
      if (!ok && conflict != NULL && !ra_conflict_overlaps (conflict))
        {
          g_clear_error (&error);
          ok = ra_store_conflict_keep_mine (self->store, conflict, &new_version, NULL, &error);
        }
      for (guint i = 0; i < changed->len; i++)
        {
          g_value_unset (&values[i]);
          g_value_unset (&read_values[i]);
        }
      if (!ok && g_error_matches (error, RA_STORE_ERROR, RA_STORE_ERROR_CONFLICT) &&
          conflict != NULL)
        {
          show_conflict (self, conflict);
          update_apply (self);
          return FALSE;
        }
      if (ok)
        self->row_version = new_version;
      if (!ok)
        {
          if (g_error_matches (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE) &&
              failed < changed->len)
            show_field_message (self, g_ptr_array_index (changed, failed), error->message);
          else
            show_error (self, error->message);
          update_apply (self);
          return FALSE;
        }
      /* Written: these fields are no longer pending changes. */
      for (guint i = 0; i < changed->len; i++)
        {
          Field *field = g_ptr_array_index (changed, i);

          g_free (field->original);
          field->original = g_strdup (g_ptr_array_index (texts, i));
        }
    }

  show_error (self, NULL);
  update_apply (self);
  return TRUE;
}

static void
apply_clicked_cb (RaProjectEditor *self)
{
  if (ra_project_editor_apply (self))
    gtk_window_close (GTK_WINDOW (self));
}

/* Test hooks -------------------------------------------------------------- */

void
ra_project_editor_set_field_text (RaProjectEditor *self, const char *field_name,
                                  const char *text)
{
  Field *field;

  g_return_if_fail (RA_IS_PROJECT_EDITOR (self));
  field = find_field (self, field_name);
  g_return_if_fail (field != NULL);
  field_set_text (field, text);
}

char *
ra_project_editor_dup_field_text (RaProjectEditor *self, const char *field_name)
{
  Field *field;

  g_return_val_if_fail (RA_IS_PROJECT_EDITOR (self), NULL);
  field = find_field (self, field_name);
  g_return_val_if_fail (field != NULL, NULL);
  return field_dup_text (field);
}

const char *
ra_project_editor_get_field_message (RaProjectEditor *self, const char *field_name)
{
  Field *field;

  g_return_val_if_fail (RA_IS_PROJECT_EDITOR (self), NULL);
  field = find_field (self, field_name);
  g_return_val_if_fail (field != NULL, NULL);
  return field->message;
}

const char *
ra_project_editor_get_capacity_total_text (RaProjectEditor *self)
{
  g_return_val_if_fail (RA_IS_PROJECT_EDITOR (self), NULL);
  return gtk_label_get_text (self->total_label);
}

gint64
ra_project_editor_get_project_id (RaProjectEditor *self)
{
  g_return_val_if_fail (RA_IS_PROJECT_EDITOR (self), 0);
  return self->project_id;
}

/* GObject ----------------------------------------------------------------- */

static void
ra_project_editor_dispose (GObject *object)
{
  RaProjectEditor *self = RA_PROJECT_EDITOR (object);

  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
      g_signal_handlers_disconnect_by_func (self->store, connection_changed_cb, self);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), RA_TYPE_PROJECT_EDITOR);
  g_clear_object (&self->store);
  g_clear_pointer (&self->fields, g_ptr_array_unref);

  G_OBJECT_CLASS (ra_project_editor_parent_class)->dispose (object);
}

static void
ra_project_editor_class_init (RaProjectEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ra_project_editor_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/reclaimatlas/ReclaimAtlas/ra-project-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, RaProjectEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, RaProjectEditor, apply_button);
  gtk_widget_class_bind_template_child (widget_class, RaProjectEditor, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, RaProjectEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, RaProjectEditor, identity_group);
  gtk_widget_class_bind_template_child (widget_class, RaProjectEditor, schedule_group);
  gtk_widget_class_bind_template_child (widget_class, RaProjectEditor, capacity_group);
  gtk_widget_class_bind_template_child (widget_class, RaProjectEditor, works_group);
  gtk_widget_class_bind_template_callback (widget_class, apply_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ra_project_editor_init (RaProjectEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
}

RaProjectEditor *
ra_project_editor_new (GtkWindow *parent, RaStore *store, gint64 project_id)
{
  RaProjectEditor *self;

  g_return_val_if_fail (RA_IS_STORE (store), NULL);

  self = g_object_new (RA_TYPE_PROJECT_EDITOR, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->project_id = project_id;
  build_fields (self);
  load_record (self, FALSE);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, 0);
  g_signal_connect_object (store, "connection-changed", G_CALLBACK (connection_changed_cb), self,
                           0);
  return self;
}
