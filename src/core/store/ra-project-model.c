/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The project inventory as a GListModel (RaProjectModel of RaProjectRow)
 * with filters and totals that follow the filter and the store's
 * ::changed signal; the inventory view binds to it. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-gdal-geometry.h"
#include "ra-project-model.h"

/* ---- RaProjectRow ------------------------------------------------------ */

struct _RaProjectRow {
  GObject parent_instance;

  /* owned */
  RaProjectRecord *record;
};

enum {
  ROW_PROP_0,
  ROW_PROP_ID,
  ROW_PROP_CODE,
  ROW_PROP_NAME,
  ROW_PROP_ADCODE,
  ROW_PROP_COUNTY_NAME,
  ROW_PROP_SOURCE,
  ROW_PROP_STATUS,
  ROW_PROP_BATCH,
  ROW_PROP_IN_SERVICE_YEAR,
  ROW_PROP_INVESTMENT_TOTAL,
  ROW_PROP_INVESTMENT_2024_2025,
  ROW_PROP_START,
  ROW_PROP_PREP_STAGE,
  ROW_PROP_OWNER,
  ROW_PROP_SCOPE,
  ROW_PROP_CAP_INDUSTRY,
  ROW_PROP_CAP_AGRICULTURE,
  ROW_PROP_CAP_ECOLOGICAL,
  ROW_PROP_CAP_URBAN_NONPOTABLE,
  ROW_PROP_CAP_TOTAL,
  ROW_PROP_PIPELINE_KM,
  ROW_PROP_STORAGE_M3,
  ROW_PROP_TREATMENT_M3_PER_DAY,
  ROW_PROP_NOTES,
  ROW_PROP_HAS_GEOMETRY,
  ROW_N_PROPS
};

static GParamSpec *row_properties[ROW_N_PROPS];

G_DEFINE_FINAL_TYPE (RaProjectRow, ra_project_row, G_TYPE_OBJECT)

/* The value of a property, read from a record; out is initialised here. */
static void
record_value (const RaProjectRecord *r, guint prop, GValue *out)
{
  const char *text = NULL;
  double number = 0;

  switch (prop)
    {
    case ROW_PROP_ID:
      g_value_init (out, G_TYPE_INT64);
      g_value_set_int64 (out, r->id);
      return;
    case ROW_PROP_IN_SERVICE_YEAR:
      g_value_init (out, G_TYPE_INT);
      g_value_set_int (out, r->in_service_year);
      return;
    case ROW_PROP_HAS_GEOMETRY:
      g_value_init (out, G_TYPE_BOOLEAN);
      g_value_set_boolean (out, r->has_geometry);
      return;
    case ROW_PROP_CODE: text = r->code; break;
    case ROW_PROP_NAME: text = r->name; break;
    case ROW_PROP_ADCODE: text = r->adcode; break;
    case ROW_PROP_COUNTY_NAME: text = r->county_name; break;
    case ROW_PROP_SOURCE: text = r->source; break;
    case ROW_PROP_STATUS: text = r->status; break;
    case ROW_PROP_BATCH: text = r->batch; break;
    case ROW_PROP_START: text = r->start; break;
    case ROW_PROP_PREP_STAGE: text = r->prep_stage; break;
    case ROW_PROP_OWNER: text = r->owner; break;
    case ROW_PROP_SCOPE: text = r->scope; break;
    case ROW_PROP_NOTES: text = r->notes; break;
    case ROW_PROP_INVESTMENT_TOTAL: number = r->investment_total; goto num;
    case ROW_PROP_INVESTMENT_2024_2025: number = r->investment_2024_2025; goto num;
    case ROW_PROP_CAP_INDUSTRY: number = r->cap_industry; goto num;
    case ROW_PROP_CAP_AGRICULTURE: number = r->cap_agriculture; goto num;
    case ROW_PROP_CAP_ECOLOGICAL: number = r->cap_ecological; goto num;
    case ROW_PROP_CAP_URBAN_NONPOTABLE: number = r->cap_urban_nonpotable; goto num;
    case ROW_PROP_CAP_TOTAL: number = r->cap_total; goto num;
    case ROW_PROP_PIPELINE_KM: number = r->pipeline_km; goto num;
    case ROW_PROP_STORAGE_M3: number = r->storage_m3; goto num;
    case ROW_PROP_TREATMENT_M3_PER_DAY: number = r->treatment_m3_per_day; goto num;
    default:
      g_assert_not_reached ();
    }
  g_value_init (out, G_TYPE_STRING);
  g_value_set_string (out, text);
  return;

num:
  g_value_init (out, G_TYPE_DOUBLE);
  g_value_set_double (out, number);
}

static gboolean
values_equal (const GValue *a, const GValue *b)
{
  switch (G_VALUE_TYPE (a))
    {
    case G_TYPE_STRING:
      return g_strcmp0 (g_value_get_string (a), g_value_get_string (b)) == 0;
    case G_TYPE_DOUBLE:
      {
        double x = g_value_get_double (a), y = g_value_get_double (b);
        return (isnan (x) && isnan (y)) || x == y;
      }
    case G_TYPE_INT:
      return g_value_get_int (a) == g_value_get_int (b);
    case G_TYPE_INT64:
      return g_value_get_int64 (a) == g_value_get_int64 (b);
    case G_TYPE_BOOLEAN:
      return g_value_get_boolean (a) == g_value_get_boolean (b);
    default:
      return FALSE;
    }
}

static void
ra_project_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RaProjectRow *self = RA_PROJECT_ROW (object);
  GValue v = G_VALUE_INIT;

  if (prop_id == 0 || prop_id >= ROW_N_PROPS)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  record_value (self->record, prop_id, &v);
  g_value_copy (&v, value);
  g_value_unset (&v);
}

static void
ra_project_row_finalize (GObject *object)
{
  RaProjectRow *self = RA_PROJECT_ROW (object);

  g_clear_pointer (&self->record, ra_project_record_free);
  G_OBJECT_CLASS (ra_project_row_parent_class)->finalize (object);
}

static GParamSpec *
string_prop (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
double_prop (const char *name)
{
  /* Blank numbers read as NAN; the default must lie in the range. */
  return g_param_spec_double (name, NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static void
ra_project_row_class_init (RaProjectRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = ra_project_row_get_property;
  object_class->finalize = ra_project_row_finalize;

  row_properties[ROW_PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  row_properties[ROW_PROP_CODE] = string_prop ("code");
  row_properties[ROW_PROP_NAME] = string_prop ("name");
  row_properties[ROW_PROP_ADCODE] = string_prop ("adcode");
  row_properties[ROW_PROP_COUNTY_NAME] = string_prop ("county-name");
  row_properties[ROW_PROP_SOURCE] = string_prop ("source");
  row_properties[ROW_PROP_STATUS] = string_prop ("status");
  row_properties[ROW_PROP_BATCH] = string_prop ("batch");
  row_properties[ROW_PROP_IN_SERVICE_YEAR] =
    g_param_spec_int ("in-service-year", NULL, NULL, 0, 9999, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  row_properties[ROW_PROP_INVESTMENT_TOTAL] = double_prop ("investment-total");
  row_properties[ROW_PROP_INVESTMENT_2024_2025] = double_prop ("investment-2024-2025");
  row_properties[ROW_PROP_START] = string_prop ("start");
  row_properties[ROW_PROP_PREP_STAGE] = string_prop ("prep-stage");
  row_properties[ROW_PROP_OWNER] = string_prop ("owner");
  row_properties[ROW_PROP_SCOPE] = string_prop ("scope");
  row_properties[ROW_PROP_CAP_INDUSTRY] = double_prop ("cap-industry");
  row_properties[ROW_PROP_CAP_AGRICULTURE] = double_prop ("cap-agriculture");
  row_properties[ROW_PROP_CAP_ECOLOGICAL] = double_prop ("cap-ecological");
  row_properties[ROW_PROP_CAP_URBAN_NONPOTABLE] = double_prop ("cap-urban-nonpotable");
  row_properties[ROW_PROP_CAP_TOTAL] = double_prop ("cap-total");
  row_properties[ROW_PROP_PIPELINE_KM] = double_prop ("pipeline-km");
  row_properties[ROW_PROP_STORAGE_M3] = double_prop ("storage-m3");
  row_properties[ROW_PROP_TREATMENT_M3_PER_DAY] = double_prop ("treatment-m3-per-day");
  row_properties[ROW_PROP_NOTES] = string_prop ("notes");
  row_properties[ROW_PROP_HAS_GEOMETRY] =
    g_param_spec_boolean ("has-geometry", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, ROW_N_PROPS, row_properties);
}

static void
ra_project_row_init (RaProjectRow *self)
{
}

/* Takes ownership of record. */
static RaProjectRow *
project_row_new (RaProjectRecord *record)
{
  RaProjectRow *self = g_object_new (RA_TYPE_PROJECT_ROW, NULL);

  self->record = record;
  return self;
}

/* Takes ownership of record; notifies what changed. */
static void
project_row_update (RaProjectRow *self, RaProjectRecord *record)
{
  RaProjectRecord *old = self->record;

  self->record = record;
  g_object_freeze_notify (G_OBJECT (self));
  for (guint p = 1; p < ROW_N_PROPS; p++)
    {
      GValue a = G_VALUE_INIT, b = G_VALUE_INIT;

      record_value (old, p, &a);
      record_value (record, p, &b);
      if (!values_equal (&a, &b))
        g_object_notify_by_pspec (G_OBJECT (self), row_properties[p]);
      g_value_unset (&a);
      g_value_unset (&b);
    }
  g_object_thaw_notify (G_OBJECT (self));
  ra_project_record_free (old);
}

const RaProjectRecord *
ra_project_row_get_record (RaProjectRow *self)
{
  g_return_val_if_fail (RA_IS_PROJECT_ROW (self), NULL);
  return self->record;
}

gint64
ra_project_row_get_id (RaProjectRow *self)
{
  g_return_val_if_fail (RA_IS_PROJECT_ROW (self), 0);
  return self->record->id;
}

/* ---- RaProjectModel ---------------------------------------------------- */

struct _RaProjectModel {
  GObject parent_instance;

  /* owned */
  RaStore    *store;
  gulong      changed_id;
  GHashTable *rows_by_id;   /* gint64* (owned) -> RaProjectRow*, every project */
  GPtrArray  *all;          /* RaProjectRow*, plan order */
  GPtrArray  *visible;      /* RaProjectRow*, filtered */
  char       *county;
  char       *batch;
  char       *status;
  char       *source;
  char       *search_folded;
  char       *search;
  RaProjectTotals totals;
  GHashTable *drawn_km;     /* gint64* -> double*: drawn pipelines' km by project */
  gboolean    filling;      /* ra_project_model_new_filling's worker still reads */
};

enum {
  PROP_0,
  PROP_STORE,
  PROP_COUNTY,
  PROP_BATCH,
  PROP_STATUS,
  PROP_SOURCE,
  PROP_SEARCH,
  PROP_N_ITEMS,
  PROP_N_PROJECTS,
  PROP_TOTAL_INVESTMENT,
  PROP_TOTAL_CAP_INDUSTRY,
  PROP_TOTAL_CAP_AGRICULTURE,
  PROP_TOTAL_CAP_ECOLOGICAL,
  PROP_TOTAL_CAP_URBAN_NONPOTABLE,
  PROP_TOTAL_CAP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void ra_project_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RaProjectModel, ra_project_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      ra_project_model_list_model_init))

static GType
ra_project_model_get_item_type (GListModel *model)
{
  return RA_TYPE_PROJECT_ROW;
}

static guint
ra_project_model_get_n_items (GListModel *model)
{
  return RA_PROJECT_MODEL (model)->visible->len;
}

static gpointer
ra_project_model_get_item (GListModel *model, guint position)
{
  RaProjectModel *self = RA_PROJECT_MODEL (model);

  if (position >= self->visible->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->visible, position));
}

static void
ra_project_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ra_project_model_get_item_type;
  iface->get_n_items = ra_project_model_get_n_items;
  iface->get_item = ra_project_model_get_item;
}

static gboolean
text_matches (const char *folded_needle, const char *haystack)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, folded_needle) != NULL;
}

static gboolean
passes_filter (RaProjectModel *self, const RaProjectRecord *r)
{
  if (self->county != NULL && g_strcmp0 (self->county, r->adcode) != 0)
    return FALSE;
  if (self->batch != NULL && g_strcmp0 (self->batch, r->batch) != 0)
    return FALSE;
  if (self->status != NULL && g_strcmp0 (self->status, r->status) != 0)
    return FALSE;
  if (self->source != NULL && g_strcmp0 (self->source, r->source) != 0)
    return FALSE;
  if (self->search_folded != NULL &&
      !text_matches (self->search_folded, r->name) &&
      !text_matches (self->search_folded, r->code) &&
      !text_matches (self->search_folded, r->owner))
    return FALSE;
  return TRUE;
}

static double
blank_as_zero (double v)
{
  return isnan (v) ? 0 : v;
}

static void
update_totals (RaProjectModel *self)
{
  RaProjectTotals t = { 0 };
  static const int props[] = {
    PROP_N_PROJECTS, PROP_TOTAL_INVESTMENT, PROP_TOTAL_CAP_INDUSTRY, PROP_TOTAL_CAP_AGRICULTURE,
    PROP_TOTAL_CAP_ECOLOGICAL, PROP_TOTAL_CAP_URBAN_NONPOTABLE, PROP_TOTAL_CAP,
  };
  gboolean changed;

  for (guint i = 0; i < self->visible->len; i++)
    {
      const RaProjectRecord *r = RA_PROJECT_ROW (g_ptr_array_index (self->visible, i))->record;

      t.n_projects++;
      if (!r->has_geometry)
        t.n_without_geometry++;
      t.investment_total += blank_as_zero (r->investment_total);
      t.cap_industry += blank_as_zero (r->cap_industry);
      t.cap_agriculture += blank_as_zero (r->cap_agriculture);
      t.cap_ecological += blank_as_zero (r->cap_ecological);
      t.cap_urban_nonpotable += blank_as_zero (r->cap_urban_nonpotable);
      t.cap_total += blank_as_zero (r->cap_total);
    }
  changed = memcmp (&t, &self->totals, sizeof t) != 0;
  self->totals = t;
  if (changed)
    {
      g_object_freeze_notify (G_OBJECT (self));
      for (guint i = 0; i < G_N_ELEMENTS (props); i++)
        g_object_notify_by_pspec (G_OBJECT (self), properties[props[i]]);
      g_object_thaw_notify (G_OBJECT (self));
    }
}

/* Recomputes the visible rows; emits items-changed only if they differ. */
static void
refilter (RaProjectModel *self)
{
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);
  guint old_n = self->visible->len;
  gboolean same;

  for (guint i = 0; i < self->all->len; i++)
    {
      RaProjectRow *row = g_ptr_array_index (self->all, i);

      if (passes_filter (self, row->record))
        g_ptr_array_add (fresh, g_object_ref (row));
    }
  same = fresh->len == old_n;
  for (guint i = 0; same && i < old_n; i++)
    same = g_ptr_array_index (fresh, i) == g_ptr_array_index (self->visible, i);
  if (!same)
    {
      g_ptr_array_unref (self->visible);
      self->visible = g_steal_pointer (&fresh);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->visible->len);
      if (old_n != self->visible->len)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
  update_totals (self);
}

GHashTable *
ra_project_drawn_pipeline_km (RaStore *store)
{
  g_autoptr(GPtrArray) pipes = ra_store_list_pipelines (store, NULL);
  GHashTable *km = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  for (guint i = 0; pipes != NULL && i < pipes->len; i++)
    {
      RaPipelineRecord *p = g_ptr_array_index (pipes, i);
      g_autoptr(RaGeometry) geom = NULL;
      double *sum;

      /* The list holds every geometry already: no query per pipeline. */
      if (p->project_id == 0 || p->wkb == NULL ||
          (geom = ra_gdal_geometry_from_wkb (g_bytes_get_data (p->wkb, NULL),
                                             g_bytes_get_size (p->wkb), RA_GEOM_LINE)) == NULL)
        continue;
      if ((sum = g_hash_table_lookup (km, &p->project_id)) == NULL)
        {
          sum = g_new0 (double, 1);
          g_hash_table_insert (km, g_memdup2 (&p->project_id, sizeof p->project_id), sum);
        }
      for (guint k = 0; k < geom->n_parts; k++)
        *sum += ra_geodesic_length_m (geom->xy + 2 * geom->parts[k],
                                      geom->parts[k + 1] - geom->parts[k]) / 1000.0;
    }
  return km;
}

/* A project with drawn pipelines shows their geodesic length (km, from
 * ra_project_drawn_pipeline_km), never a typed one; a project without keeps
 * the plan's figure. */
static void
apply_drawn_pipeline_km (GHashTable *km, GPtrArray *records)
{
  for (guint i = 0; i < records->len; i++)
    {
      RaProjectRecord *rec = g_ptr_array_index (records, i);
      double *sum = g_hash_table_lookup (km, &rec->id);

      if (sum != NULL)
        rec->pipeline_km = *sum;
    }
}

/* The order of ra_store_list_projects: batch (bytewise, none first),
 * sort_key, id. */
static int
plan_order (const RaProjectRecord *a, const RaProjectRecord *b)
{
  int c = g_strcmp0 (a->batch, b->batch);

  if (c != 0)
    return c;
  if (a->sort_key != b->sort_key)
    return a->sort_key < b->sort_key ? -1 : 1;
  return a->id < b->id ? -1 : a->id > b->id;
}

/* Where a row of rec goes in rows (RaProjectRow*, in plan order). */
static guint
plan_position (GPtrArray *rows, const RaProjectRecord *rec)
{
  guint lo = 0, hi = rows->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (plan_order (RA_PROJECT_ROW (g_ptr_array_index (rows, mid))->record, rec) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* One project added, changed or deleted (::changed ("projects", id)): reads
 * that row alone and moves it in or out of place, so that another editor's
 * edit costs one query, not the list of every project. */
static gboolean
update_one_project (RaProjectModel *self, gint64 id, GError **error)
{
  g_autoptr(GError) local = NULL;
  RaProjectRecord *rec = ra_store_get_project (self->store, id, &local);
  RaProjectRow *row = g_hash_table_lookup (self->rows_by_id, &id);
  g_autoptr(RaProjectRow) keep = row != NULL ? g_object_ref (row) : NULL;
  guint old_n = self->visible->len, pos = 0;
  gboolean was_visible = row != NULL && g_ptr_array_find (self->visible, row, &pos);
  gboolean moved = row == NULL, now_visible;
  double *km;

  if (rec == NULL && !g_error_matches (local, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (row != NULL && (rec == NULL || plan_order (row->record, rec) != 0))
    {
      g_ptr_array_remove (self->all, row);
      moved = TRUE;
    }
  if (was_visible && (rec == NULL || moved || !passes_filter (self, rec)))
    {
      g_ptr_array_remove_index (self->visible, pos);
      g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 0);
      was_visible = FALSE;
    }
  if (rec == NULL)
    {
      g_hash_table_remove (self->rows_by_id, &id);
    }
  else
    {
      if (self->drawn_km != NULL && (km = g_hash_table_lookup (self->drawn_km, &id)) != NULL)
        rec->pipeline_km = *km;
      if (row != NULL)
        project_row_update (row, rec);
      else
        {
          row = project_row_new (rec);
          keep = g_object_ref (row);
          g_hash_table_insert (self->rows_by_id, g_memdup2 (&id, sizeof id), row);
        }
      if (moved)
        g_ptr_array_insert (self->all, (int) plan_position (self->all, rec), g_object_ref (row));
      now_visible = passes_filter (self, rec);
      if (now_visible && !was_visible)
        {
          pos = plan_position (self->visible, rec);
          g_ptr_array_insert (self->visible, (int) pos, g_object_ref (row));
          g_list_model_items_changed (G_LIST_MODEL (self), pos, 0, 1);
        }
    }
  if (old_n != self->visible->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  update_totals (self);
  return TRUE;
}

/* A drawn pipeline added, changed or deleted: the lengths again, and the
 * projects whose length moved read again. */
static gboolean
update_drawn_km (RaProjectModel *self, GError **error)
{
  g_autoptr(GHashTable) old = g_steal_pointer (&self->drawn_km);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gint64 *id;
  double *km;

  self->drawn_km = ra_project_drawn_pipeline_km (self->store);
  if (old == NULL)
    old = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_hash_table_iter_init (&iter, self->drawn_km);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, (gpointer *) &km))
    {
      double *was = g_hash_table_lookup (old, id);

      if (was == NULL || *was != *km)
        g_array_append_val (ids, *id);
    }
  g_hash_table_iter_init (&iter, old);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
    if (!g_hash_table_contains (self->drawn_km, id))
      g_array_append_val (ids, *id);
  for (guint i = 0; i < ids->len; i++)
    if (g_hash_table_contains (self->rows_by_id, &g_array_index (ids, gint64, i)) &&
        !update_one_project (self, g_array_index (ids, gint64, i), error))
      return FALSE;
  return TRUE;
}

/* The records (stolen) become the rows, with the drawn lengths they were
 * given (km, stolen: kept for updating one project). */
static void
install_records (RaProjectModel *self, GPtrArray *records, GHashTable *km)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       g_object_unref);

  g_clear_pointer (&self->drawn_km, g_hash_table_unref);
  self->drawn_km = km;
  /* Steal the records out of the array: the rows own them from now on. */
  g_ptr_array_set_free_func (records, NULL);
  for (guint i = 0; i < records->len; i++)
    {
      RaProjectRecord *rec = g_ptr_array_index (records, i);
      RaProjectRow *row = g_hash_table_lookup (self->rows_by_id, &rec->id);

      if (row != NULL)
        {
          g_object_ref (row);
          project_row_update (row, rec);
        }
      else
        row = project_row_new (rec);
      g_ptr_array_add (all, g_object_ref (row));
      /* Own the key: a row's record is replaced on every reload. */
      g_hash_table_insert (by_id, g_memdup2 (&rec->id, sizeof rec->id), row);
    }
  g_ptr_array_set_size (records, 0);
  g_ptr_array_unref (self->all);
  self->all = g_steal_pointer (&all);
  g_hash_table_unref (self->rows_by_id);
  self->rows_by_id = g_steal_pointer (&by_id);
  refilter (self);
}

gboolean
ra_project_model_reload (RaProjectModel *self, GError **error)
{
  g_autoptr(GPtrArray) records = NULL;
  GHashTable *km;

  g_return_val_if_fail (RA_IS_PROJECT_MODEL (self), FALSE);

  records = ra_store_list_projects (self->store, error);
  if (records == NULL)
    return FALSE;
  km = ra_project_drawn_pipeline_km (self->store);
  apply_drawn_pipeline_km (km, records);
  install_records (self, records, km);
  return TRUE;
}

static void
on_store_changed (RaStore *store, const char *table, gint64 row_id, RaProjectModel *self)
{
  g_autoptr(GError) error = NULL;

  /* The first fill under way: it reads again if the projects changed. */
  if (self->filling)
    return;
  /* Counties matter too (county names), pipelines (drawn lengths); meta and
   * the rest do not. */
  if (table != NULL && strcmp (table, "projects") != 0 && strcmp (table, "counties") != 0 &&
      strcmp (table, "pipelines") != 0)
    return;
  /* One row: that row alone (an edit, here or by another editor). */
  if (table != NULL && row_id != 0 && strcmp (table, "projects") == 0)
    {
      if (!update_one_project (self, row_id, &error))
        g_warning ("Reading project %" G_GINT64_FORMAT " failed: %s", row_id, error->message);
      return;
    }
  if (table != NULL && row_id != 0 && strcmp (table, "pipelines") == 0)
    {
      if (!update_drawn_km (self, &error))
        g_warning ("Reading pipelines failed: %s", error->message);
      return;
    }
  if (!ra_project_model_reload (self, &error))
    g_warning ("Reloading projects failed: %s", error->message);
}

static gboolean
set_filter_string (RaProjectModel *self, char **field, const char *value, int prop)
{
  const char *v = (value != NULL && *value != '\0') ? value : NULL;

  if (g_strcmp0 (*field, v) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (v);
  if (field == &self->search)
    {
      g_free (self->search_folded);
      self->search_folded = v != NULL ? g_utf8_casefold (v, -1) : NULL;
    }
  refilter (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  return TRUE;
}

static void
ra_project_model_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RaProjectModel *self = RA_PROJECT_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE: g_value_set_object (value, self->store); break;
    case PROP_COUNTY: g_value_set_string (value, self->county); break;
    case PROP_BATCH: g_value_set_string (value, self->batch); break;
    case PROP_STATUS: g_value_set_string (value, self->status); break;
    case PROP_SOURCE: g_value_set_string (value, self->source); break;
    case PROP_SEARCH: g_value_set_string (value, self->search); break;
    case PROP_N_ITEMS: g_value_set_uint (value, self->visible->len); break;
    case PROP_N_PROJECTS: g_value_set_uint (value, self->totals.n_projects); break;
    case PROP_TOTAL_INVESTMENT: g_value_set_double (value, self->totals.investment_total); break;
    case PROP_TOTAL_CAP_INDUSTRY: g_value_set_double (value, self->totals.cap_industry); break;
    case PROP_TOTAL_CAP_AGRICULTURE: g_value_set_double (value, self->totals.cap_agriculture); break;
    case PROP_TOTAL_CAP_ECOLOGICAL: g_value_set_double (value, self->totals.cap_ecological); break;
    case PROP_TOTAL_CAP_URBAN_NONPOTABLE: g_value_set_double (value, self->totals.cap_urban_nonpotable); break;
    case PROP_TOTAL_CAP: g_value_set_double (value, self->totals.cap_total); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ra_project_model_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  RaProjectModel *self = RA_PROJECT_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_COUNTY: ra_project_model_set_county (self, g_value_get_string (value)); break;
    case PROP_BATCH: ra_project_model_set_batch (self, g_value_get_string (value)); break;
    case PROP_STATUS: ra_project_model_set_status (self, g_value_get_string (value)); break;
    case PROP_SOURCE: ra_project_model_set_source (self, g_value_get_string (value)); break;
    case PROP_SEARCH: ra_project_model_set_search (self, g_value_get_string (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Set on this thread while ra_project_model_new_filling constructs a model:
 * its first fill comes from a worker, not from constructed. */
static GPrivate fill_later;

static void
ra_project_model_constructed (GObject *object)
{
  RaProjectModel *self = RA_PROJECT_MODEL (object);
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (ra_project_model_parent_class)->constructed (object);
  g_assert (RA_IS_STORE (self->store));
  self->changed_id = g_signal_connect (self->store, "changed", G_CALLBACK (on_store_changed), self);
  if (g_private_get (&fill_later) == NULL && !ra_project_model_reload (self, &error))
    g_warning ("Reading projects failed: %s", error->message);
}

static void
ra_project_model_dispose (GObject *object)
{
  RaProjectModel *self = RA_PROJECT_MODEL (object);

  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (ra_project_model_parent_class)->dispose (object);
}

static void
ra_project_model_finalize (GObject *object)
{
  RaProjectModel *self = RA_PROJECT_MODEL (object);

  g_clear_pointer (&self->rows_by_id, g_hash_table_unref);
  g_clear_pointer (&self->all, g_ptr_array_unref);
  g_clear_pointer (&self->visible, g_ptr_array_unref);
  g_clear_pointer (&self->drawn_km, g_hash_table_unref);
  g_free (self->county);
  g_free (self->batch);
  g_free (self->status);
  g_free (self->source);
  g_free (self->search);
  g_free (self->search_folded);
  G_OBJECT_CLASS (ra_project_model_parent_class)->finalize (object);
}

static GParamSpec *
filter_prop (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
}

static GParamSpec *
total_prop (const char *name)
{
  return g_param_spec_double (name, NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static void
ra_project_model_class_init (RaProjectModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = ra_project_model_get_property;
  object_class->set_property = ra_project_model_set_property;
  object_class->constructed = ra_project_model_constructed;
  object_class->dispose = ra_project_model_dispose;
  object_class->finalize = ra_project_model_finalize;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, RA_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COUNTY] = filter_prop ("county");
  properties[PROP_BATCH] = filter_prop ("batch");
  properties[PROP_STATUS] = filter_prop ("status");
  properties[PROP_SOURCE] = filter_prop ("source");
  properties[PROP_SEARCH] = filter_prop ("search");
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PROJECTS] =
    g_param_spec_uint ("n-projects", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOTAL_INVESTMENT] = total_prop ("total-investment");
  properties[PROP_TOTAL_CAP_INDUSTRY] = total_prop ("total-cap-industry");
  properties[PROP_TOTAL_CAP_AGRICULTURE] = total_prop ("total-cap-agriculture");
  properties[PROP_TOTAL_CAP_ECOLOGICAL] = total_prop ("total-cap-ecological");
  properties[PROP_TOTAL_CAP_URBAN_NONPOTABLE] = total_prop ("total-cap-urban-nonpotable");
  properties[PROP_TOTAL_CAP] = total_prop ("total-cap");
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ra_project_model_init (RaProjectModel *self)
{
  self->rows_by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->all = g_ptr_array_new_with_free_func (g_object_unref);
  self->visible = g_ptr_array_new_with_free_func (g_object_unref);
}

RaProjectModel *
ra_project_model_new (RaStore *store)
{
  g_return_val_if_fail (RA_IS_STORE (store), NULL);
  return g_object_new (RA_TYPE_PROJECT_MODEL, "store", store, NULL);
}

RaStore *
ra_project_model_get_store (RaProjectModel *self)
{
  g_return_val_if_fail (RA_IS_PROJECT_MODEL (self), NULL);
  return self->store;
}

void
ra_project_model_set_county (RaProjectModel *self, const char *adcode)
{
  g_return_if_fail (RA_IS_PROJECT_MODEL (self));
  set_filter_string (self, &self->county, adcode, PROP_COUNTY);
}

void
ra_project_model_set_batch (RaProjectModel *self, const char *batch)
{
  g_return_if_fail (RA_IS_PROJECT_MODEL (self));
  set_filter_string (self, &self->batch, batch, PROP_BATCH);
}

void
ra_project_model_set_status (RaProjectModel *self, const char *status)
{
  g_return_if_fail (RA_IS_PROJECT_MODEL (self));
  set_filter_string (self, &self->status, status, PROP_STATUS);
}

void
ra_project_model_set_source (RaProjectModel *self, const char *source)
{
  g_return_if_fail (RA_IS_PROJECT_MODEL (self));
  set_filter_string (self, &self->source, source, PROP_SOURCE);
}

void
ra_project_model_set_search (RaProjectModel *self, const char *text)
{
  g_return_if_fail (RA_IS_PROJECT_MODEL (self));
  set_filter_string (self, &self->search, text, PROP_SEARCH);
}

void
ra_project_model_get_totals (RaProjectModel *self, RaProjectTotals *totals)
{
  g_return_if_fail (RA_IS_PROJECT_MODEL (self));
  g_return_if_fail (totals != NULL);
  *totals = self->totals;
}

guint
ra_project_model_find (RaProjectModel *self, gint64 project_id)
{
  g_return_val_if_fail (RA_IS_PROJECT_MODEL (self), G_MAXUINT);
  for (guint i = 0; i < self->visible->len; i++)
    if (RA_PROJECT_ROW (g_ptr_array_index (self->visible, i))->record->id == project_id)
      return i;
  return G_MAXUINT;
}

/* ---- the first fill in a worker ------------------------------------------ */

typedef struct {
  RaStore       *store;        /* the model's: ::changed while the worker reads */
  RaStoreReopen *reopen;       /* (nullable) the second connection's name */
  gulong         changed_id;
  gboolean       stale;        /* the projects changed after the worker began */
} FillData;

static void
fill_data_free (FillData *fill)
{
  g_clear_signal_handler (&fill->changed_id, fill->store);
  g_clear_object (&fill->store);
  g_clear_pointer (&fill->reopen, ra_store_reopen_free);
  g_free (fill);
}

static void
fill_store_changed (RaStore *store, const char *table, gint64 row_id, FillData *fill)
{
  /* What on_store_changed reloads for. */
  if (table == NULL || strcmp (table, "projects") == 0 || strcmp (table, "counties") == 0 ||
      strcmp (table, "pipelines") == 0)
    fill->stale = TRUE;
}

/* What the worker read. */
typedef struct {
  GPtrArray  *records;
  GHashTable *km;              /* ra_project_drawn_pipeline_km */
} FillRead;

static void
fill_read_free (FillRead *read)
{
  g_clear_pointer (&read->records, g_ptr_array_unref);
  g_clear_pointer (&read->km, g_hash_table_unref);
  g_free (read);
}

/* The worker: the projects and the drawn pipelines' lengths read on a
 * second, view-only connection of its own. */
static void
fill_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  RaStoreReopen *reopen = task_data;
  g_autoptr(RaStore) reader = NULL;
  g_autoptr(GPtrArray) records = NULL;
  FillRead *read;
  GError *error = NULL;

  if (reopen == NULL)
    {
      g_task_return_new_error (task, RA_STORE_ERROR, RA_STORE_ERROR_FAILED,
                               "the project is closed");
      return;
    }
  reader = ra_store_reopen_open (reopen, &error);
  if (reader == NULL || (records = ra_store_list_projects (reader, &error)) == NULL)
    {
      if (error == NULL)
        g_set_error (&error, RA_STORE_ERROR, RA_STORE_ERROR_FAILED, "no projects read");
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  read = g_new0 (FillRead, 1);
  read->km = ra_project_drawn_pipeline_km (reader);
  apply_drawn_pipeline_km (read->km, records);
  read->records = g_steal_pointer (&records);
  g_task_return_pointer (task, read, (GDestroyNotify) fill_read_free);
}

static void
fill_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) outer = user_data;
  RaProjectModel *self = g_task_get_source_object (outer);
  FillData *fill = g_task_get_task_data (outer);
  FillRead *read;
  g_autoptr(GError) error = NULL;
  GError *reload_error = NULL;

  read = g_task_propagate_pointer (G_TASK (result), &error);
  self->filling = FALSE;
  if (g_task_return_error_if_cancelled (outer))
    {
      g_clear_pointer (&read, fill_read_free);
      return;
    }
  if (read != NULL && !fill->stale)
    {
      install_records (self, read->records, g_steal_pointer (&read->km));
      fill_read_free (read);
      g_task_return_boolean (outer, TRUE);
      return;
    }
  /* The project changed while the worker read (its rows may be older than
   * the change), or the second connection failed: read here, as
   * ra_project_model_new does. */
  g_clear_pointer (&read, fill_read_free);
  if (error != NULL)
    g_debug ("inventory: reading in a worker failed (%s): reading on the main thread",
             error->message);
  if (!ra_project_model_reload (self, &reload_error))
    g_task_return_error (outer, reload_error);
  else
    g_task_return_boolean (outer, TRUE);
}

/**
 * ra_project_model_new_filling:
 * @cancellable: (nullable): stops the fill (the model stays empty)
 * @callback: (nullable): called on this thread once the rows are in
 *
 * ra_project_model_new whose first fill does not hold up this thread: the
 * model starts empty, the projects are read in a worker on a second,
 * view-only connection of the same project (ra_store_reopen_new), and the
 * rows come in at once on this thread (items-changed, the totals
 * notified), before @callback.  Changes to the store meanwhile are
 * followed as by ra_project_model_new.  Finish with
 * ra_project_model_fill_finish.
 *
 * Returns: (transfer full): the model, empty until filled
 */
RaProjectModel *
ra_project_model_new_filling (RaStore             *store,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  RaProjectModel *self;
  GTask *outer;
  g_autoptr(GTask) inner = NULL;
  FillData *fill;

  g_return_val_if_fail (RA_IS_STORE (store), NULL);

  g_private_set (&fill_later, GINT_TO_POINTER (1));
  self = g_object_new (RA_TYPE_PROJECT_MODEL, "store", store, NULL);
  g_private_set (&fill_later, NULL);
  self->filling = TRUE;

  fill = g_new0 (FillData, 1);
  fill->store = g_object_ref (store);
  fill->changed_id = g_signal_connect (store, "changed", G_CALLBACK (fill_store_changed), fill);
  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, ra_project_model_new_filling);
  g_task_set_task_data (outer, fill, (GDestroyNotify) fill_data_free);

  /* The worker owns its name and password; the outer task lives until it
   * is done (fill_read_cb holds it). */
  inner = g_task_new (NULL, cancellable, fill_read_cb, outer);
  g_task_set_task_data (inner, ra_store_reopen_new (store), (GDestroyNotify) ra_store_reopen_free);
  g_task_run_in_thread (inner, fill_thread);
  return self;
}

/**
 * ra_project_model_fill_finish:
 *
 * Returns: FALSE with @error when the projects could not be read (or the
 * fill was cancelled)
 */
gboolean
ra_project_model_fill_finish (RaProjectModel *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ra_project_model_new_filling,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ra_project_model_dup_batches:
 *
 * The batches of all the projects (whatever the filter), each once, in
 * plan order; blank batches left out.
 *
 * Returns: (transfer full) (element-type utf8)
 */
GPtrArray *
ra_project_model_dup_batches (RaProjectModel *self)
{
  GPtrArray *batches = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (RA_IS_PROJECT_MODEL (self), batches);

  for (guint i = 0; i < self->all->len; i++)
    {
      const char *batch = RA_PROJECT_ROW (g_ptr_array_index (self->all, i))->record->batch;

      if (batch != NULL && *batch != '\0' && g_hash_table_add (seen, (gpointer) batch))
        g_ptr_array_add (batches, g_strdup (batch));
    }
  return batches;
}
