/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The water balance's part of the project (ra-store-water.h): its records
 * and how they are read, and its edits — a user's demand, a plant's supply,
 * allocations (one, or a year's all at once), ledger months — each one
 * transaction with audit rows and one undo step.  Water users themselves
 * are a feature table (ra-store-features.c, ra-store-io.c); their key
 * lists are in ra-water-keys.c. */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-store-private.h"
#include "ra-store-water.h"

/* ---- descriptors ------------------------------------------------------- */

#define FIELD(Type, name, kind) { #name, RA_STORE_FIELD_##kind, G_STRUCT_OFFSET (Type, name) }

static const RaStoreField water_user_fields[] = {
  FIELD (RaWaterUserRecord, id, INT64),
  FIELD (RaWaterUserRecord, name, TEXT),
  FIELD (RaWaterUserRecord, adcode, TEXT),
  FIELD (RaWaterUserRecord, sector, TEXT),
  FIELD (RaWaterUserRecord, use_category, TEXT),
  FIELD (RaWaterUserRecord, quality_standard, TEXT),
  FIELD (RaWaterUserRecord, source_now, TEXT),
  FIELD (RaWaterUserRecord, able, TEXT),
  FIELD (RaWaterUserRecord, why_not, TEXT),
  FIELD (RaWaterUserRecord, key_user, TEXT),
  FIELD (RaWaterUserRecord, location_approx, BOOL),
  FIELD (RaWaterUserRecord, demand_illustrative, BOOL),
  FIELD (RaWaterUserRecord, notes, TEXT),
  FIELD (RaWaterUserRecord, lon, DOUBLE_OR_NAN),
  FIELD (RaWaterUserRecord, lat, DOUBLE_OR_NAN),
  FIELD (RaWaterUserRecord, row_version, INT64),
};

static const RaStoreField user_demand_fields[] = {
  FIELD (RaUserDemandRecord, user_id, INT64),
  FIELD (RaUserDemandRecord, year, INT),
  FIELD (RaUserDemandRecord, volume, DOUBLE_OR_NAN),
};

static const RaStoreField plant_supply_fields[] = {
  FIELD (RaPlantSupplyRecord, plant_id, INT64),
  FIELD (RaPlantSupplyRecord, year, INT),
  FIELD (RaPlantSupplyRecord, treated, DOUBLE_OR_NAN),
  FIELD (RaPlantSupplyRecord, committed_discharge, DOUBLE_OR_NAN),
};

static const RaStoreField plant_detail_fields[] = {
  FIELD (RaPlantDetailRecord, id, INT64),
  FIELD (RaPlantDetailRecord, name, TEXT),
  FIELD (RaPlantDetailRecord, adcode, TEXT),
  FIELD (RaPlantDetailRecord, kind, TEXT),
  FIELD (RaPlantDetailRecord, capacity_m3_per_day, DOUBLE_OR_NAN),
  FIELD (RaPlantDetailRecord, effluent_standard, TEXT),
  FIELD (RaPlantDetailRecord, meets_standards, TEXT),
  FIELD (RaPlantDetailRecord, location_approx, BOOL),
  FIELD (RaPlantDetailRecord, capacity_illustrative, BOOL),
  FIELD (RaPlantDetailRecord, lon, DOUBLE_OR_NAN),
  FIELD (RaPlantDetailRecord, lat, DOUBLE_OR_NAN),
  FIELD (RaPlantDetailRecord, row_version, INT64),
};

static const RaStoreField allocation_fields[] = {
  FIELD (RaAllocationRecord, id, INT64),
  FIELD (RaAllocationRecord, user_id, INT64),
  FIELD (RaAllocationRecord, plant_id, INT64),
  FIELD (RaAllocationRecord, year, INT),
  FIELD (RaAllocationRecord, volume, DOUBLE_OR_NAN),
  FIELD (RaAllocationRecord, origin, TEXT),
  FIELD (RaAllocationRecord, via_pipeline_ids, TEXT),
};

/* reused[] in RaPlanUse order, one column each. */
#define REUSED(i, column) \
  { column, RA_STORE_FIELD_DOUBLE_OR_NAN, \
    G_STRUCT_OFFSET (RaLedgerRecord, reused) + (i) * sizeof (double) }

static const RaStoreField ledger_fields[] = {
  FIELD (RaLedgerRecord, id, INT64),
  FIELD (RaLedgerRecord, plant_id, INT64),
  FIELD (RaLedgerRecord, month, TEXT),
  FIELD (RaLedgerRecord, inflow, DOUBLE_OR_NAN),
  FIELD (RaLedgerRecord, treated, DOUBLE_OR_NAN),
  REUSED (0, "reused_industry"),
  REUSED (1, "reused_agriculture"),
  REUSED (2, "reused_ecological"),
  REUSED (3, "reused_urban_nonpotable"),
  FIELD (RaLedgerRecord, discharged, DOUBLE_OR_NAN),
  FIELD (RaLedgerRecord, destination, TEXT),
  FIELD (RaLedgerRecord, quality, TEXT),
  FIELD (RaLedgerRecord, source_file, TEXT),
};

static const RaStoreRecordDesc water_user_desc =
  RA_STORE_RECORD_DESC (RaWaterUserRecord, water_user_fields, ra_water_user_record_free);
static const RaStoreRecordDesc user_demand_desc =
  RA_STORE_RECORD_DESC (RaUserDemandRecord, user_demand_fields, ra_user_demand_record_free);
static const RaStoreRecordDesc plant_supply_desc =
  RA_STORE_RECORD_DESC (RaPlantSupplyRecord, plant_supply_fields, ra_plant_supply_record_free);
static const RaStoreRecordDesc plant_detail_desc =
  RA_STORE_RECORD_DESC (RaPlantDetailRecord, plant_detail_fields, ra_plant_detail_record_free);
static const RaStoreRecordDesc allocation_desc =
  RA_STORE_RECORD_DESC (RaAllocationRecord, allocation_fields, ra_allocation_record_free);
static const RaStoreRecordDesc ledger_desc =
  RA_STORE_RECORD_DESC (RaLedgerRecord, ledger_fields, ra_ledger_record_free);

void
ra_water_user_record_free (RaWaterUserRecord *rec)
{
  ra_store_record_free (&water_user_desc, rec);
}

void
ra_user_demand_record_free (RaUserDemandRecord *rec)
{
  ra_store_record_free (&user_demand_desc, rec);
}

void
ra_plant_supply_record_free (RaPlantSupplyRecord *rec)
{
  ra_store_record_free (&plant_supply_desc, rec);
}

void
ra_plant_detail_record_free (RaPlantDetailRecord *rec)
{
  ra_store_record_free (&plant_detail_desc, rec);
}

void
ra_allocation_record_free (RaAllocationRecord *rec)
{
  ra_store_record_free (&allocation_desc, rec);
}

void
ra_ledger_record_free (RaLedgerRecord *rec)
{
  ra_store_record_free (&ledger_desc, rec);
}

/* ---- reading ----------------------------------------------------------- */

GPtrArray *
ra_store_list_water_users (RaStore *self, GError **error)
{
  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  return ra_store_query (self, RA_STORE_QUERY_WATER_USERS, &water_user_desc, NULL, error);
}

GPtrArray *
ra_store_list_user_demand (RaStore *self, int year, GError **error)
{
  RaStoreValue param = ra_store_value_int (year);

  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  return ra_store_query (self, RA_STORE_QUERY_USER_DEMAND, &user_demand_desc, &param, error);
}

GPtrArray *
ra_store_list_plant_supply (RaStore *self, int year, GError **error)
{
  RaStoreValue param = ra_store_value_int (year);

  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  return ra_store_query (self, RA_STORE_QUERY_PLANT_SUPPLY, &plant_supply_desc, &param, error);
}

GPtrArray *
ra_store_list_plant_details (RaStore *self, GError **error)
{
  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  return ra_store_query (self, RA_STORE_QUERY_PLANT_DETAILS, &plant_detail_desc, NULL, error);
}

GPtrArray *
ra_store_list_allocations (RaStore *self, int year, GError **error)
{
  RaStoreValue param = ra_store_value_int (year);

  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  return ra_store_query (self, RA_STORE_QUERY_ALLOCATIONS, &allocation_desc, &param, error);
}

GPtrArray *
ra_store_list_ledger (RaStore *self, gint64 plant_id, GError **error)
{
  RaStoreValue param = ra_store_value_int (plant_id);

  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  return ra_store_query (self, RA_STORE_QUERY_LEDGER, &ledger_desc, &param, error);
}

/* ---- checks ------------------------------------------------------------ */

#define WATER_YEAR_MIN 2000
#define WATER_YEAR_MAX 2100

static gboolean
check_year (int year, GError **error)
{
  if (year >= WATER_YEAR_MIN && year <= WATER_YEAR_MAX)
    return TRUE;
  g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
               _("year %d: a year between %d and %d is required"), year, WATER_YEAR_MIN,
               WATER_YEAR_MAX);
  return FALSE;
}

/* NAN (not given) or a finite volume of at least 0. */
static gboolean
check_volume (const char *what, double volume, GError **error)
{
  if (isnan (volume) || (isfinite (volume) && volume >= 0))
    return TRUE;
  g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
               /* TRANSLATORS: %s names the figure, e.g. "demand" */
               _("%s: a volume of at least 0 (10⁴ m³) is required"), what);
  return FALSE;
}

/* The id of the row of table whose columns equal values, 0 when none. */
static gboolean
find_one (RaStore *self, const char *table, guint n, const char * const *columns,
          const RaStoreValue *values, gint64 *id, GError **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  *id = 0;
  if (!ra_store_find_ids (self, ra_store_find_table (table), n, columns, values, ids, error))
    return FALSE;
  if (ids->len > 0)
    *id = g_array_index (ids, gint64, 0);
  return TRUE;
}

/* RA_STORE_ERROR_NOT_FOUND unless table has a row id. */
static gboolean
check_row (RaStore *self, const char *table, gint64 id, GError **error)
{
  RaStoreValue value = ra_store_value_int (id);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  const RaStoreTable *desc = ra_store_find_table (table);
  const RaStoreColumn id_column = { "id", RA_STORE_COL_INT };
  const RaStoreColumn *columns[] = { &id_column };

  if (!self->backend->find_ids (self->db, desc, 1, columns, &value, ids, error))
    return FALSE;
  if (ids->len > 0)
    return TRUE;
  if (strcmp (table, "water_users") == 0)
    g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND,
                 _("no water user with id %" PRId64), id);
  else
    g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND,
                 _("no plant with id %" PRId64), id);
  return FALSE;
}

/* Comma-separated pipeline ids (NULL: not routed). */
static gboolean
check_pipeline_ids (const char *ids, GError **error)
{
  g_auto(GStrv) parts = NULL;

  if (ids == NULL)
    return TRUE;
  parts = g_strsplit (ids, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 id;

      if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 1, G_MAXINT64, &id, NULL))
        {
          g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                       _("pipelines “%s”: comma-separated pipeline ids are expected"), ids);
          return FALSE;
        }
    }
  return TRUE;
}

/* ---- edits ------------------------------------------------------------- */

/* Sets the row of table found by keys (insert or update) or, values NULL,
 * deletes it; nothing when there is nothing to do (*changed FALSE). */
static gboolean
set_keyed_row (RaStore *self, gint64 *group, const char *table_name, guint n_keys,
               const char * const *names, const RaStoreValue *keys, guint n_values,
               const char * const *value_names, const RaStoreValue *values,
               const char *label, gboolean *changed, gint64 *row_id, GError **error)
{
  const RaStoreTable *table = ra_store_find_table (table_name);
  g_autofree const RaStoreColumn **columns = g_new0 (const RaStoreColumn *, n_keys + n_values);
  g_autofree RaStoreValue *all = g_new0 (RaStoreValue, n_keys + n_values);
  gint64 id;

  if (!find_one (self, table_name, n_keys, names, keys, &id, error))
    return FALSE;
  *row_id = id;
  if (values == NULL)
    {
      if (id == 0)
        return TRUE;
      *changed = TRUE;
      return ra_store_delete_in_group (self, group, table, id, label, error);
    }
  *changed = TRUE;
  for (guint i = 0; i < n_values; i++)
    {
      columns[i] = ra_store_find_column (table, value_names[i]);
      all[i] = values[i];
    }
  if (id != 0)
    return ra_store_update_in_group (self, group, table, id, n_values, columns, all, NULL,
                                     "update", label, error);
  for (guint i = 0; i < n_keys; i++)
    {
      columns[n_values + i] = ra_store_find_column (table, names[i]);
      all[n_values + i] = keys[i];
    }
  id = ra_store_insert_in_group (self, group, table, n_keys + n_values, columns, all, NULL,
                                 label, error);
  *row_id = id;
  return id != 0;
}

/* Ends a change made of set_keyed_row calls. */
static gboolean
end_change (RaStore *self, gboolean ok, gboolean changed, const char *table, gint64 row_id,
            GError **error)
{
  if (ok && !changed)
    {
      /* Clearing what was not there is no edit: no undo step. */
      ra_store_tx_rollback (self);
      return TRUE;
    }
  return ra_store_tx_end (self, ok, table, row_id, error);
}

gboolean
ra_store_set_user_demand (RaStore *self, gint64 user_id, int year, double volume,
                          GError **error)
{
  static const char * const keys[] = { "user_id", "year" };
  static const char * const names[] = { "volume" };
  RaStoreValue key_values[] = { ra_store_value_int (user_id), ra_store_value_int (year) };
  RaStoreValue values[] = { ra_store_value_real (volume) };
  gboolean changed = FALSE, ok;
  gint64 group = 0, row_id = 0;

  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  if (!ra_store_check_writable (self, error) || !check_year (year, error) ||
      !check_volume (_("demand"), volume, error))
    return FALSE;
  if (!ra_store_tx_begin (self, error))
    return FALSE;
  ok = check_row (self, "water_users", user_id, error) &&
       set_keyed_row (self, &group, "user_demand", 2, keys, key_values, 1, names,
                      isnan (volume) ? NULL : values,
                      isnan (volume) ? _("Clear demand") : _("Set demand"),
                      &changed, &row_id, error);
  return end_change (self, ok, changed, "user_demand", row_id, error);
}

gboolean
ra_store_set_plant_supply (RaStore *self, gint64 plant_id, int year, double treated,
                           double committed_discharge, GError **error)
{
  static const char * const keys[] = { "plant_id", "year" };
  static const char * const names[] = { "treated", "committed_discharge" };
  RaStoreValue key_values[] = { ra_store_value_int (plant_id), ra_store_value_int (year) };
  RaStoreValue values[] = { ra_store_value_real (treated), ra_store_value_real (committed_discharge) };
  gboolean clear = isnan (treated) && isnan (committed_discharge);
  gboolean changed = FALSE, ok;
  gint64 group = 0, row_id = 0;

  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  if (!ra_store_check_writable (self, error) || !check_year (year, error) ||
      !check_volume (_("treated wastewater"), treated, error) ||
      !check_volume (_("committed discharge"), committed_discharge, error))
    return FALSE;
  if (!ra_store_tx_begin (self, error))
    return FALSE;
  ok = check_row (self, "plants", plant_id, error) &&
       set_keyed_row (self, &group, "plant_supply", 2, keys, key_values, 2, names,
                      clear ? NULL : values,
                      clear ? _("Clear plant supply") : _("Set plant supply"),
                      &changed, &row_id, error);
  return end_change (self, ok, changed, "plant_supply", row_id, error);
}

/* The checks of an allocation's values; origin NULL allowed (a default). */
static gboolean
check_allocation (int year, double volume, const char *origin, const char *via,
                  GError **error)
{
  if (!check_year (year, error) || !check_pipeline_ids (via, error))
    return FALSE;
  if (!(isfinite (volume) && volume > 0))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                   _("allocation: a volume above 0 (10⁴ m³/a) is required"));
      return FALSE;
    }
  if (origin != NULL && strcmp (origin, "hand") != 0 && strcmp (origin, "proposal") != 0)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                   _("allocation: origin “%s” is neither “hand” nor “proposal”"), origin);
      return FALSE;
    }
  return TRUE;
}

gboolean
ra_store_set_allocation (RaStore *self, gint64 user_id, gint64 plant_id, int year,
                         double volume, const char *via_pipeline_ids, GError **error)
{
  static const char * const keys[] = { "user_id", "plant_id", "year" };
  static const char * const names[] = { "volume", "origin", "via_pipeline_ids" };
  RaStoreValue key_values[] = {
    ra_store_value_int (user_id), ra_store_value_int (plant_id), ra_store_value_int (year),
  };
  RaStoreValue values[] = {
    ra_store_value_real (volume), ra_store_value_text ("hand"),
    ra_store_value_text (via_pipeline_ids),
  };
  gboolean clear = isnan (volume) || volume == 0;
  gboolean changed = FALSE, ok;
  gint64 group = 0, row_id = 0;

  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  if (!ra_store_check_writable (self, error))
    return FALSE;
  if (clear ? !check_year (year, error)
            : !check_allocation (year, volume, NULL, via_pipeline_ids, error))
    return FALSE;
  if (!ra_store_tx_begin (self, error))
    return FALSE;
  ok = check_row (self, "water_users", user_id, error) &&
       check_row (self, "plants", plant_id, error) &&
       set_keyed_row (self, &group, "allocations", 3, keys, key_values, 3, names,
                      clear ? NULL : values,
                      clear ? _("Remove allocation") : _("Set allocation"),
                      &changed, &row_id, error);
  return end_change (self, ok, changed, "allocations", row_id, error);
}

gboolean
ra_store_replace_allocations (RaStore *self, int year, GPtrArray *allocs, const char *label,
                              GError **error)
{
  static const char * const year_column[] = { "year" };
  const RaStoreTable *table = ra_store_find_table ("allocations");
  const RaStoreColumn *columns[] = {
    ra_store_find_column (table, "user_id"), ra_store_find_column (table, "plant_id"),
    ra_store_find_column (table, "year"), ra_store_find_column (table, "volume"),
    ra_store_find_column (table, "origin"), ra_store_find_column (table, "via_pipeline_ids"),
  };
  RaStoreValue key = ra_store_value_int (year);
  g_autoptr(GArray) old = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char *step = label != NULL ? label : _("Replace allocations");
  gint64 group = 0;
  guint n = allocs != NULL ? allocs->len : 0;

  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  if (!ra_store_check_writable (self, error) || !check_year (year, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      const RaAllocationRecord *a = g_ptr_array_index (allocs, i);

      if (a->year != 0 && a->year != year)
        {
          g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                       _("allocation of user %" PRId64 ": year %d where %d is replaced"),
                       a->user_id, a->year, year);
          return FALSE;
        }
      if (!check_allocation (year, a->volume, a->origin, a->via_pipeline_ids, error))
        return FALSE;
    }
  if (!ra_store_tx_begin (self, error))
    return FALSE;
  if (!ra_store_find_ids (self, table, 1, year_column, &key, old, error))
    goto fail;
  if (old->len == 0 && n == 0)
    {
      ra_store_tx_rollback (self);
      return TRUE;
    }
  /* The old rows first: a new row may take the place (user, plant, year)
   * of an old one, and undo (newest first) restores them after. */
  for (guint i = 0; i < old->len; i++)
    if (!ra_store_delete_in_group (self, &group, table, g_array_index (old, gint64, i), step,
                                   error))
      goto fail;
  for (guint i = 0; i < n; i++)
    {
      const RaAllocationRecord *a = g_ptr_array_index (allocs, i);
      RaStoreValue values[] = {
        ra_store_value_int (a->user_id), ra_store_value_int (a->plant_id),
        ra_store_value_int (year), ra_store_value_real (a->volume),
        ra_store_value_text (a->origin != NULL ? a->origin : "proposal"),
        ra_store_value_text (a->via_pipeline_ids),
      };

      if (!check_row (self, "water_users", a->user_id, error) ||
          !check_row (self, "plants", a->plant_id, error) ||
          ra_store_insert_in_group (self, &group, table, G_N_ELEMENTS (columns), columns, values,
                                    NULL, step, error) == 0)
        goto fail;
    }
  return ra_store_tx_end (self, TRUE, "allocations", 0, error);

fail:
  ra_store_tx_rollback (self);
  return FALSE;
}

/* "YYYY-MM" with a month 01..12. */
static gboolean
check_month (const char *month, GError **error)
{
  if (month != NULL && strlen (month) == 7 && g_ascii_isdigit (month[0]) &&
      g_ascii_isdigit (month[1]) && g_ascii_isdigit (month[2]) && g_ascii_isdigit (month[3]) &&
      month[4] == '-' && g_ascii_isdigit (month[5]) && g_ascii_isdigit (month[6]))
    {
      int m = (month[5] - '0') * 10 + (month[6] - '0');

      if (m >= 1 && m <= 12)
        return TRUE;
    }
  g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
               _("ledger: month “%s” is not of the form YYYY-MM"), month != NULL ? month : "");
  return FALSE;
}

gboolean
ra_store_add_ledger (RaStore *self, GPtrArray *rows, const char *label, GError **error)
{
  static const char * const keys[] = { "plant_id", "month" };
  static const char * const names[] = {
    "inflow", "treated", "reused_industry", "reused_agriculture", "reused_ecological",
    "reused_urban_nonpotable", "discharged", "destination", "quality", "source_file",
  };
  const char *step = label != NULL ? label : _("Add ledger records");
  gboolean changed = FALSE;
  gint64 group = 0, row_id = 0;

  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  g_return_val_if_fail (rows != NULL, FALSE);
  if (!ra_store_check_writable (self, error))
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      const RaLedgerRecord *r = g_ptr_array_index (rows, i);

      if (!check_month (r->month, error) || !check_volume (_("inflow"), r->inflow, error) ||
          !check_volume (_("treated"), r->treated, error) ||
          !check_volume (_("reused"), r->reused[0], error) ||
          !check_volume (_("reused"), r->reused[1], error) ||
          !check_volume (_("reused"), r->reused[2], error) ||
          !check_volume (_("reused"), r->reused[3], error) ||
          !check_volume (_("discharged"), r->discharged, error))
        {
          g_prefix_error (error, "%s: ", r->month != NULL ? r->month : "");
          return FALSE;
        }
    }
  if (rows->len == 0)
    return TRUE;
  if (!ra_store_tx_begin (self, error))
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      const RaLedgerRecord *r = g_ptr_array_index (rows, i);
      RaStoreValue key_values[] = { ra_store_value_int (r->plant_id), ra_store_value_text (r->month) };
      RaStoreValue values[] = {
        ra_store_value_real (r->inflow), ra_store_value_real (r->treated),
        ra_store_value_real (r->reused[0]), ra_store_value_real (r->reused[1]),
        ra_store_value_real (r->reused[2]), ra_store_value_real (r->reused[3]),
        ra_store_value_real (r->discharged), ra_store_value_text (r->destination),
        ra_store_value_text (r->quality), ra_store_value_text (r->source_file),
      };

      if (!check_row (self, "plants", r->plant_id, error) ||
          !set_keyed_row (self, &group, "ledger", 2, keys, key_values, G_N_ELEMENTS (names),
                          names, values, step, &changed, &row_id, error))
        {
          ra_store_tx_rollback (self);
          return FALSE;
        }
    }
  return ra_store_tx_end (self, TRUE, "ledger", rows->len == 1 ? row_id : 0, error);
}
