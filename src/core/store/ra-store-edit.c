/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Changing a project: the fields of a project and how a value for each is
 * checked (in the editor as it is typed, and again inside the change's
 * transaction), and the steps every change is made of: one transaction
 * holding the row's snapshot before and after, the statement, an audit row
 * and an undo record, then ::changed.  Projects are added, edited,
 * duplicated and deleted here; features drawn on the map in
 * ra-store-features.c. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-store-private.h"

/* ---- the steps of a change ------------------------------------------------ */

struct _RaStoreInserter {
  /* borrowed */
  const RaStoreBackend *backend;
  /* owned */
  RaStoreInsert        *insert;
};

RaStoreInserter *
ra_store_inserter_new (RaStore                    *self,
                       const RaStoreTable         *table,
                       guint                       n_columns,
                       const RaStoreColumn * const *columns,
                       RaStoreGeomInput            geom,
                       GError                    **error)
{
  RaStoreInsert *insert = self->backend->insert_prepare (self->db, table, n_columns, columns,
                                                         geom, error);
  RaStoreInserter *inserter;

  if (insert == NULL)
    return NULL;
  inserter = g_new0 (RaStoreInserter, 1);
  inserter->backend = self->backend;
  inserter->insert = insert;
  return inserter;
}

gint64
ra_store_inserter_run (RaStoreInserter     *inserter,
                       const RaStoreValue  *values,
                       const char          *what,
                       gboolean            *row_rejected,
                       GError             **error)
{
  return inserter->backend->insert_run (inserter->insert, values, what, row_rejected, error);
}

void
ra_store_inserter_free (RaStoreInserter *inserter)
{
  if (inserter == NULL)
    return;
  inserter->backend->insert_free (inserter->insert);
  g_free (inserter);
}

gint64
ra_store_insert_recorded (RaStore                    *self,
                          const RaStoreTable         *table,
                          guint                       n_columns,
                          const RaStoreColumn * const *columns,
                          const RaStoreValue         *values,
                          const RaStoreValue         *geom,
                          const char                 *label,
                          GError                    **error)
{
  return ra_store_insert_in_group (self, NULL, table, n_columns, columns, values, geom, label,
                                   error);
}

gint64
ra_store_insert_in_group (RaStore                    *self,
                          gint64                     *group,
                          const RaStoreTable         *table,
                          guint                       n_columns,
                          const RaStoreColumn * const *columns,
                          const RaStoreValue         *values,
                          const RaStoreValue         *geom,
                          const char                 *label,
                          GError                    **error)
{
  g_autofree RaStoreValue *all = g_new0 (RaStoreValue, n_columns + 1);
  g_autoptr(RaStoreInserter) inserter = NULL;
  g_autofree char *after = NULL;
  RaStoreGeomInput input = RA_STORE_GEOM_NONE;
  gboolean ok;
  gint64 id;

  if (geom != NULL)
    {
      input = geom->type == RA_STORE_VALUE_BLOB ? RA_STORE_GEOM_WKB : RA_STORE_GEOM_WKT;
      all[n_columns] = *geom;
    }
  if (n_columns > 0)
    memcpy (all, values, n_columns * sizeof (RaStoreValue));
  inserter = ra_store_inserter_new (self, table, n_columns, columns, input, error);
  if (inserter == NULL)
    return 0;
  id = ra_store_inserter_run (inserter, all, label, NULL, error);
  if (id == 0)
    return 0;
  after = self->backend->snapshot_row (self->db, table, id, &ok, error);
  if (!ok)
    return 0;
  if (!ra_store_record_change (self, group, label, table, id, "insert", NULL, after, error))
    return 0;
  return id;
}

/* The snapshot of a row that must exist; NULL (*ok FALSE) otherwise. */
static char *
snapshot_existing (RaStore *self, const RaStoreTable *table, gint64 id, GError **error)
{
  gboolean ok;
  char *before = self->backend->snapshot_row (self->db, table, id, &ok, error);

  if (ok && before == NULL)
    g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND,
                 _("%s: no row with id %" PRId64), table->name, id);
  return before;
}

gboolean
ra_store_update_recorded (RaStore                    *self,
                          const RaStoreTable         *table,
                          gint64                      id,
                          guint                       n_columns,
                          const RaStoreColumn * const *columns,
                          const RaStoreValue         *values,
                          const RaStoreValue         *geom,
                          const char                 *action,
                          const char                 *label,
                          GError                    **error)
{
  return ra_store_update_in_group (self, NULL, table, id, n_columns, columns, values, geom,
                                   action, label, error);
}

gboolean
ra_store_update_in_group (RaStore                    *self,
                          gint64                     *group,
                          const RaStoreTable         *table,
                          gint64                      id,
                          guint                       n_columns,
                          const RaStoreColumn * const *columns,
                          const RaStoreValue         *values,
                          const RaStoreValue         *geom,
                          const char                 *action,
                          const char                 *label,
                          GError                    **error)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gboolean ok;

  before = snapshot_existing (self, table, id, error);
  if (before == NULL ||
      !self->backend->update_row (self->db, table, id, n_columns, columns, values, geom, label,
                                  error))
    return FALSE;
  after = self->backend->snapshot_row (self->db, table, id, &ok, error);
  if (!ok)
    return FALSE;
  return ra_store_record_change (self, group, label, table, id, action, before, after, error);
}

gboolean
ra_store_find_ids (RaStore *self, const RaStoreTable *table, guint n,
                   const char * const *columns, const RaStoreValue *values, GArray *ids,
                   GError **error)
{
  g_autofree const RaStoreColumn **cols = g_new0 (const RaStoreColumn *, n + 1);

  for (guint i = 0; i < n; i++)
    {
      cols[i] = ra_store_find_column (table, columns[i]);
      g_assert (cols[i] != NULL);
    }
  return self->backend->find_ids (self->db, table, n, cols, values, ids, error);
}

gboolean
ra_store_delete_in_group (RaStore            *self,
                          gint64             *group,
                          const RaStoreTable *table,
                          gint64              id,
                          const char         *label,
                          GError            **error)
{
  g_autofree char *before = NULL;
  const RaStoreDependent *deps;
  guint n_deps;

  before = snapshot_existing (self, table, id, error);
  if (before == NULL)
    return FALSE;
  /* The rows that go with it first, each recorded: undo (newest first)
   * then brings the row back before them. */
  deps = ra_store_table_dependents (table, &n_deps);
  for (guint d = 0; d < n_deps; d++)
    {
      const RaStoreTable *dep = ra_store_find_table (deps[d].table);
      RaStoreValue key = ra_store_value_int (id);
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

      if (!ra_store_find_ids (self, dep, 1, &deps[d].column, &key, ids, error))
        return FALSE;
      for (guint i = 0; i < ids->len; i++)
        {
          gint64 dep_id = g_array_index (ids, gint64, i);

          if (deps[d].unlink)
            {
              const RaStoreColumn *column = ra_store_find_column (dep, deps[d].column);
              RaStoreValue none = ra_store_value_text (NULL);

              if (!ra_store_update_in_group (self, group, dep, dep_id, 1, &column, &none, NULL,
                                             "update", label, error))
                return FALSE;
            }
          else if (!ra_store_delete_in_group (self, group, dep, dep_id, label, error))
            return FALSE;
        }
    }
  return self->backend->delete_row (self->db, table, id, label, error) &&
         ra_store_record_change (self, group, label, table, id, "delete", before, NULL, error);
}

static gboolean
delete_at (RaStore            *self,
           const RaStoreTable *table,
           gint64              id,
           gint64              read_version,
           const char         *label,
           RaStoreConflict   **conflict,
           GError            **error)
{
  gint64 group = 0;

  if (!ra_store_tx_begin (self, error))
    return FALSE;
  return ra_store_tx_end (self,
                          ra_store_lock_version (self, table, id, read_version, TRUE, 0, NULL,
                                                 NULL, NULL, conflict, error) &&
                          ra_store_delete_in_group (self, &group, table, id, label, error),
                          table->name, id, error);
}

gboolean
ra_store_delete_recorded (RaStore            *self,
                          const RaStoreTable *table,
                          gint64              id,
                          const char         *label,
                          GError            **error)
{
  return delete_at (self, table, id, 0, label, NULL, error);
}

/* ---- the fields of a project and their values ---------------------------- */

typedef enum {
  FIELD_TEXT,
  FIELD_REQUIRED_TEXT,
  FIELD_COUNTY,
  FIELD_SOURCE,
  FIELD_STATUS,
  FIELD_YEAR,
  FIELD_AMOUNT,      /* non-negative number */
  FIELD_PLANT,       /* the id of a plant of the project; empty or 0: none */
} FieldKind;

typedef struct {
  const char *name;
  FieldKind   kind;
  const char *label;   /* N_() */
} FieldDesc;

static const FieldDesc project_fields[] = {
  { "code", FIELD_TEXT, N_("Code") },
  { "name", FIELD_REQUIRED_TEXT, N_("Project name") },
  { "adcode", FIELD_COUNTY, N_("County") },
  { "source", FIELD_SOURCE, N_("Water source") },
  { "status", FIELD_STATUS, N_("Status") },
  { "batch", FIELD_REQUIRED_TEXT, N_("Batch") },
  { "in_service_year", FIELD_YEAR, N_("In-service year") },
  { "investment_total", FIELD_AMOUNT, N_("Total investment (10⁴ yuan)") },
  { "investment_2024_2025", FIELD_AMOUNT, N_("Investment 2024–2025 (10⁴ yuan)") },
  { "start", FIELD_TEXT, N_("Start") },
  { "prep_stage", FIELD_TEXT, N_("Preparation stage") },
  { "owner", FIELD_TEXT, N_("Responsible unit") },
  { "scope", FIELD_TEXT, N_("Scope of works") },
  { "cap_industry", FIELD_AMOUNT, N_("Capacity for industry (10⁴ m³/a)") },
  { "cap_agriculture", FIELD_AMOUNT, N_("Capacity for agriculture (10⁴ m³/a)") },
  { "cap_ecological", FIELD_AMOUNT, N_("Capacity for ecology (10⁴ m³/a)") },
  { "cap_urban_nonpotable", FIELD_AMOUNT, N_("Capacity for urban non-potable use (10⁴ m³/a)") },
  { "pipeline_km", FIELD_AMOUNT, N_("Pipelines (km)") },
  { "storage_m3", FIELD_AMOUNT, N_("Storage (m³)") },
  { "treatment_m3_per_day", FIELD_AMOUNT, N_("Treatment (m³/d)") },
  { "notes", FIELD_TEXT, N_("Notes") },
  { "plant_id", FIELD_PLANT, N_("Plant expanded") },
};

#define YEAR_MIN 2023
#define YEAR_MAX 2035

const char * const *
ra_store_project_fields (void)
{
  static const char *names[G_N_ELEMENTS (project_fields) + 1];

  if (names[0] == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (project_fields); i++)
      names[i] = project_fields[i].name;
  return names;
}

static const FieldDesc *
find_project_field (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (project_fields); i++)
    if (strcmp (project_fields[i].name, name) == 0)
      return &project_fields[i];
  return NULL;
}

typedef struct {
  gboolean is_null;
  char    *text;      /* text fields */
  double   number;    /* number fields */
} FieldValue;

static void
field_value_clear (FieldValue *v)
{
  g_clear_pointer (&v->text, g_free);
}

gboolean
ra_store_parse_number (const char *text, double *out)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *end = NULL;
  double v;

  if (*copy == '\0')
    return FALSE;
  errno = 0;
  v = g_ascii_strtod (copy, &end);
  if (errno != 0 || end == copy || *end != '\0' || !isfinite (v))
    return FALSE;
  *out = v;
  return TRUE;
}

/* The stored text keeps its spaces; only the check ignores them. */
gboolean
ra_store_is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static gboolean
invalid (GError **error, const FieldDesc *f, const char *problem)
{
  g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
               "%s: %s", _(f->label), problem);
  return FALSE;
}

/* A plant id as text or a number: none when empty or 0, else the id of a
 * row of plants. */
static gboolean
normalize_plant (RaStore *self, const FieldDesc *f, const char *text, gboolean have_number,
                 double number, FieldValue *out, GError **error)
{
  const RaStoreTable *plants = ra_store_find_table ("plants");
  const RaStoreColumn id_column = { "id", RA_STORE_COL_INT };
  const RaStoreColumn *columns[] = { &id_column };
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) local = NULL;
  RaStoreValue key;

  if (!have_number && !ra_store_is_blank (text))
    {
      if (!ra_store_parse_number (text, &number))
        return invalid (error, f, _("must be the id of a plant"));
      have_number = TRUE;
    }
  if (!have_number || number == 0)
    {
      out->is_null = TRUE;
      return TRUE;
    }
  if (number != floor (number) || number < 0 || number > (double) G_MAXINT64 / 2)
    return invalid (error, f, _("must be the id of a plant"));
  key = ra_store_value_int ((gint64) number);
  if (!self->backend->find_ids (self->db, plants, 1, columns, &key, ids, &local))
    return invalid (error, f, local->message);
  if (ids->len == 0)
    {
      g_autofree char *msg = g_strdup_printf (_("no plant with id %" PRId64 " in this project"),
                                              (gint64) number);
      return invalid (error, f, msg);
    }
  out->number = number;
  return TRUE;
}

static gboolean
normalize_value (RaStore *self, const FieldDesc *f, const GValue *value, FieldValue *out,
                 GError **error)
{
  g_autofree char *text = NULL;
  gboolean have_number = FALSE;
  double number = 0;

  memset (out, 0, sizeof *out);

  if (value == NULL || !G_IS_VALUE (value))
    text = NULL;
  else if (G_VALUE_HOLDS_STRING (value))
    text = g_strdup (g_value_get_string (value));
  else if (G_VALUE_HOLDS_DOUBLE (value))
    number = g_value_get_double (value), have_number = TRUE;
  else if (G_VALUE_HOLDS_INT (value))
    number = g_value_get_int (value), have_number = TRUE;
  else if (G_VALUE_HOLDS_INT64 (value))
    number = (double) g_value_get_int64 (value), have_number = TRUE;
  else if (G_VALUE_HOLDS_UINT (value))
    number = g_value_get_uint (value), have_number = TRUE;
  else
    return invalid (error, f, _("unsupported value type"));

  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    return invalid (error, f, _("the text is not valid UTF-8"));

  if (f->kind == FIELD_PLANT)
    return normalize_plant (self, f, text, have_number, number, out, error);

  if (f->kind == FIELD_AMOUNT || f->kind == FIELD_YEAR)
    {
      if (!have_number && !ra_store_is_blank (text))
        {
          if (!ra_store_parse_number (text, &number))
            return invalid (error, f, _("must be a number"));
          have_number = TRUE;
        }
      if (!have_number)
        {
          out->is_null = TRUE;
          return TRUE;
        }
      if (!isfinite (number))
        return invalid (error, f, _("must be a number"));
      if (f->kind == FIELD_AMOUNT && number < 0)
        return invalid (error, f, _("must not be negative"));
      if (f->kind == FIELD_YEAR)
        {
          if (number != floor (number))
            return invalid (error, f, _("must be a whole year"));
          if (number < YEAR_MIN || number > YEAR_MAX)
            {
              g_autofree char *msg = g_strdup_printf (_("must be between %d and %d"),
                                                      YEAR_MIN, YEAR_MAX);
              return invalid (error, f, msg);
            }
        }
      out->number = number;
      return TRUE;
    }

  if (have_number)
    return invalid (error, f, _("expects text"));

  switch (f->kind)
    {
    case FIELD_TEXT:
      if (text == NULL)
        out->is_null = TRUE;
      out->text = g_steal_pointer (&text);
      return TRUE;
    case FIELD_REQUIRED_TEXT:
      if (ra_store_is_blank (text))
        return invalid (error, f, _("must not be empty"));
      out->text = g_steal_pointer (&text);
      return TRUE;
    case FIELD_COUNTY:
      if (text == NULL || *text == '\0')
        {
          out->is_null = TRUE;
          return TRUE;
        }
      if (!self->backend->county_exists (self->db, text))
        {
          g_autofree char *msg = g_strdup_printf (_("no county with code “%s” in this project"), text);
          return invalid (error, f, msg);
        }
      out->text = g_steal_pointer (&text);
      return TRUE;
    case FIELD_SOURCE:
      if (g_strcmp0 (text, "reclaimed") != 0 && g_strcmp0 (text, "mine") != 0)
        return invalid (error, f, _("must be “reclaimed” or “mine”"));
      out->text = g_steal_pointer (&text);
      return TRUE;
    case FIELD_STATUS:
      if (g_strcmp0 (text, "under_construction") != 0 && g_strcmp0 (text, "proposed") != 0 &&
          g_strcmp0 (text, "in_service") != 0)
        return invalid (error, f, _("must be “under_construction”, “proposed” or “in_service”"));
      out->text = g_steal_pointer (&text);
      return TRUE;
    case FIELD_YEAR:
    case FIELD_AMOUNT:
    case FIELD_PLANT:
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

gboolean
ra_store_validate_project_value (RaStore *self, const char *field, const GValue *value,
                                 GError **error)
{
  const FieldDesc *f;
  FieldValue v;
  gboolean ok;

  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  if (!ra_store_check_open (self, error))
    return FALSE;
  f = find_project_field (field);
  if (f == NULL)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                   _("projects have no field “%s”"), field ? field : "");
      return FALSE;
    }
  ok = normalize_value (self, f, value, &v, error);
  field_value_clear (&v);
  return ok;
}

/* ---- changing projects ----------------------------------------------------- */

gboolean
ra_store_update_project (RaStore *self, gint64 id, const char *field, const GValue *value,
                         GError **error)
{
  return ra_store_update_project_fields (self, id, 1, &field, value, NULL, error);
}

/* ra_store_update_project_fields, at read_version (0: unchecked). */
static gboolean
update_project_fields (RaStore            *self,
                       gint64              id,
                       gint64              read_version,
                       guint               n,
                       const char * const *fields,
                       const GValue       *values,
                       const GValue       *read_values,
                       guint              *failed,
                       gint64             *new_version,
                       RaStoreConflict   **conflict,
                       GError            **error)
{
  const RaStoreTable *table = ra_store_find_table ("projects");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *label = NULL;
  g_autofree const RaStoreColumn **columns = g_new0 (const RaStoreColumn *, n + 1);
  g_autofree RaStoreValue *row = g_new0 (RaStoreValue, n + 1);
  g_autofree FieldValue *normal = g_new0 (FieldValue, n + 1);
  const FieldDesc *first = NULL;
  gboolean ok;

  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  g_return_val_if_fail (n > 0 && fields != NULL && values != NULL, FALSE);

  if (!ra_store_check_writable (self, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (find_project_field (fields[i]) == NULL)
      {
        if (failed != NULL)
          *failed = i;
        g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                     _("projects have no field “%s”"), fields[i] ? fields[i] : "");
        return FALSE;
      }
  if (!ra_store_tx_begin (self, error))
    return FALSE;
  {
    g_autoptr(GPtrArray) mine = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) read = g_ptr_array_new_with_free_func (g_free);

    for (guint i = 0; read_version != 0 && i < n; i++)
      {
        g_ptr_array_add (mine, ra_store_value_dup_text (&values[i]));
        g_ptr_array_add (read, read_values != NULL ? ra_store_value_dup_text (&read_values[i])
                                                   : NULL);
      }
    if (!ra_store_lock_version (self, table, id, read_version, FALSE, n, fields,
                                (const char * const *) mine->pdata,
                                (const char * const *) read->pdata, conflict, error))
      goto fail;
  }
  before = snapshot_existing (self, table, id, error);
  if (before == NULL)
    goto fail;
  for (guint i = 0; i < n; i++)
    {
      const FieldDesc *f = find_project_field (fields[i]);
      FieldValue *v = &normal[i];

      if (first == NULL)
        first = f;
      /* f->name comes from the static field table, never from the caller. */
      columns[i] = ra_store_find_column (table, f->name);
      /* Validate inside the transaction: the county list cannot change under us. */
      if (!normalize_value (self, f, &values[i], v, error))
        {
          if (failed != NULL)
            *failed = i;
          goto fail;
        }
      if (v->is_null)
        row[i] = ra_store_value_text (NULL);
      else if (f->kind == FIELD_YEAR || f->kind == FIELD_PLANT)
        row[i] = ra_store_value_int ((gint64) v->number);
      else if (f->kind == FIELD_AMOUNT)
        row[i] = ra_store_value_real (v->number);
      else
        row[i] = ra_store_value_text (v->text);
    }
  /* One statement: the row's version moves on once per edit. */
  if (!self->backend->update_row (self->db, table, id, n, columns, row, NULL,
                                  _("saving the change"), error))
    goto fail;
  after = self->backend->snapshot_row (self->db, table, id, &ok, error);
  if (!ok)
    goto fail;
  if (new_version != NULL &&
      !self->backend->lock_row_version (self->db, table, id, new_version, error))
    goto fail;
  for (guint i = 0; i < n; i++)
    field_value_clear (&normal[i]);
  label = n == 1 ? g_strdup_printf (_("Edit %s"), _(first->label)) : g_strdup (_("Edit project"));
  return ra_store_tx_end (self,
                          ra_store_record_change (self, NULL, label, table, id, "update", before,
                                                  after, error),
                          "projects", id, error);

fail:
  for (guint i = 0; i < n; i++)
    field_value_clear (&normal[i]);
  ra_store_tx_rollback (self);
  return FALSE;
}

/**
 * ra_store_update_project_fields:
 * @fields: (array length=n): field names
 * @values: (array length=n): their new values
 * @failed: (out) (optional): the index of the field a RA_STORE_ERROR_INVALID_VALUE is about
 *
 * Sets several fields of one project as one edit: one transaction, one
 * undo step and one audit row; all of them or none.
 */
gboolean
ra_store_update_project_fields (RaStore            *self,
                                gint64              id,
                                guint               n,
                                const char * const *fields,
                                const GValue       *values,
                                guint              *failed,
                                GError            **error)
{
  return update_project_fields (self, id, 0, n, fields, values, NULL, failed, NULL, NULL, error);
}

/**
 * ra_store_update_project_fields_at:
 * @read_version: the row_version the project was read at (> 0)
 * @read_values: (array length=n) (nullable): the values as the user saw them
 * @new_version: (out) (optional): the version after the save
 * @conflict: (out) (optional) (transfer full): set on RA_STORE_ERROR_CONFLICT
 *
 * ra_store_update_project_fields, only if nobody changed the project since
 * it was read.
 */
gboolean
ra_store_update_project_fields_at (RaStore            *self,
                                   gint64              id,
                                   gint64              read_version,
                                   guint               n,
                                   const char * const *fields,
                                   const GValue       *values,
                                   const GValue       *read_values,
                                   guint              *failed,
                                   gint64             *new_version,
                                   RaStoreConflict   **conflict,
                                   GError            **error)
{
  g_return_val_if_fail (read_version > 0, FALSE);
  return update_project_fields (self, id, read_version, n, fields, values, read_values, failed,
                                new_version, conflict, error);
}

gint64
ra_store_insert_project (RaStore *self, const char *code, const char *name,
                         const char *adcode, GError **error)
{
  static const char * const names[] = { "code", "name", "adcode", "batch", "sort_key" };
  const RaStoreTable *table = ra_store_find_table ("projects");
  const RaStoreColumn *columns[G_N_ELEMENTS (names)];
  const FieldDesc *fname = find_project_field ("name");
  const FieldDesc *fcounty = find_project_field ("adcode");
  FieldValue v = { 0 };
  GValue gv = G_VALUE_INIT;
  gint64 sort_key, id;

  g_return_val_if_fail (RA_IS_STORE (self), 0);

  if (!ra_store_tx_begin (self, error))
    return 0;
  g_value_init (&gv, G_TYPE_STRING);
  g_value_set_string (&gv, name);
  if (!normalize_value (self, fname, &gv, &v, error))
    goto fail;
  field_value_clear (&v);
  g_value_set_string (&gv, adcode);
  if (!normalize_value (self, fcounty, &gv, &v, error))
    goto fail;
  field_value_clear (&v);

  if (!self->backend->next_sort_key (self->db, &sort_key, error))
    goto fail;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    columns[i] = ra_store_find_column (table, names[i]);
  {
    RaStoreValue values[] = {
      ra_store_value_text (code), ra_store_value_text (name),
      ra_store_value_text (adcode != NULL && *adcode != '\0' ? adcode : NULL),
      ra_store_value_text ("2026-2030"), ra_store_value_int (sort_key),
    };

    id = ra_store_insert_recorded (self, table, G_N_ELEMENTS (names), columns, values, NULL,
                                   _("Add project"), error);
  }
  g_value_unset (&gv);
  return ra_store_tx_end (self, id != 0, "projects", id, error) ? id : 0;

fail:
  g_value_unset (&gv);
  field_value_clear (&v);
  ra_store_tx_rollback (self);
  return 0;
}

gint64
ra_store_duplicate_project (RaStore *self, gint64 id, GError **error)
{
  const RaStoreTable *table = ra_store_find_table ("projects");
  g_autofree char *after = NULL;
  gboolean ok;
  gint64 new_id;

  g_return_val_if_fail (RA_IS_STORE (self), 0);

  if (!ra_store_tx_begin (self, error))
    return 0;
  new_id = self->backend->duplicate_project (self->db, table, id, _(" (copy)"), error);
  ok = new_id != 0;
  if (ok)
    after = self->backend->snapshot_row (self->db, table, new_id, &ok, error);
  ok = ok && ra_store_record_change (self, NULL, _("Duplicate project"), table, new_id, "insert",
                                     NULL, after, error);
  return ra_store_tx_end (self, ok, "projects", new_id, error) ? new_id : 0;
}

gboolean
ra_store_delete_project (RaStore *self, gint64 id, GError **error)
{
  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  if (!ra_store_check_writable (self, error))
    return FALSE;
  return ra_store_delete_recorded (self, ra_store_find_table ("projects"), id,
                                   _("Delete project"), error);
}

/**
 * ra_store_delete_row_at:
 * @conflict: (out) (optional) (transfer full): set on RA_STORE_ERROR_CONFLICT
 *
 * Deletes the row only if it is still at read_version.
 */
gboolean
ra_store_delete_row_at (RaStore          *self,
                        const char       *table,
                        gint64            id,
                        gint64            read_version,
                        RaStoreConflict **conflict,
                        GError          **error)
{
  const RaStoreTable *desc;
  g_autofree char *label = NULL;

  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  g_return_val_if_fail (read_version > 0, FALSE);
  if (!ra_store_check_writable (self, error) || (desc = ra_store_lookup_table (table, error)) == NULL)
    return FALSE;
  label = strcmp (desc->name, "projects") == 0 ? g_strdup (_("Delete project"))
                                                : g_strdup_printf (_("Delete from %s"), desc->name);
  return delete_at (self, desc, id, read_version, label, conflict, error);
}

gboolean
ra_store_delete_row (RaStore *self, const char *table, gint64 id, GError **error)
{
  const RaStoreTable *desc;
  g_autofree char *label = NULL;

  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  if (!ra_store_check_writable (self, error) || (desc = ra_store_lookup_table (table, error)) == NULL)
    return FALSE;
  label = g_strdup_printf (_("Delete from %s"), desc->name);
  return ra_store_delete_recorded (self, desc, id, label, error);
}
