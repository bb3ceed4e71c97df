/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The allocation table a water bureau files (`table --allocation`): one
 * row per allocation of the year, written through ra_table_write (GDAL's
 * CSV, XLSX and ODS drivers) like the plan's appendix tables. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-balance-private.h"

/* ------------------------------------------------------------------ */
/* The allocation table                                                */

enum {
  COL_USER, COL_COUNTY, COL_SECTOR, COL_USE, COL_STANDARD, COL_PLANT,
  COL_VOLUME, COL_DEMAND, COL_UNMET, N_COLUMNS
};

static const char * const headers[N_COLUMNS] = {
  N_("Water user"), N_("County"), N_("Sector"), N_("Use"), N_("Required standard"),
  N_("Source plant"), N_("Allocated (10⁴ m³/a)"), N_("Demand (10⁴ m³/a)"),
  N_("Unmet (10⁴ m³/a)"),
};

static void
table_row_free (RaTableRow *row)
{
  g_strfreev (row->text);
  g_free (row->values);
  g_free (row);
}

static const char *
county_name (RaBalance *self, const char *adcode)
{
  for (guint i = 0; adcode != NULL && i < self->counties->len; i++)
    {
      const RaBalanceCounty *c = &g_array_index (self->counties, RaBalanceCounty, i);

      if (g_str_equal (c->adcode, adcode))
        return c->name != NULL ? c->name : c->adcode;
    }
  return adcode;
}

/**
 * ra_balance_build_allocation_table:
 * Returns: (transfer full)
 */
RaTable *
ra_balance_build_allocation_table (RaBalance *self)
{
  RaTable *table;
  GPtrArray *allocs;

  g_return_val_if_fail (self != NULL, NULL);

  table = g_new0 (RaTable, 1);
  table->name = g_strdup_printf ("allocation_%d", self->year);
  table->n_columns = N_COLUMNS;
  table->headers = g_new0 (char *, N_COLUMNS + 1);
  table->numeric = g_new0 (gboolean, N_COLUMNS);
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      table->headers[c] = g_strdup (_(headers[c]));
      table->numeric[c] = c >= COL_VOLUME;
    }
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) table_row_free);
  table->findings = g_ptr_array_new_with_free_func (g_free);

  allocs = self->input->allocations;
  for (guint i = 0; i < allocs->len; i++)
    {
      RaAllocationRecord *a = g_ptr_array_index (allocs, i);
      guint ui = GPOINTER_TO_UINT (g_hash_table_lookup (self->user_by_id, &a->user_id));
      guint pi = GPOINTER_TO_UINT (g_hash_table_lookup (self->plant_by_id, &a->plant_id));
      const RaBalanceUser *u;
      RaTableRow *row;

      if (a->year != self->year)
        continue;
      if (ui == 0)
        {
          g_autofree char *aid = g_strdup_printf ("%" G_GINT64_FORMAT, a->id);
          g_autofree char *uid = g_strdup_printf ("%" G_GINT64_FORMAT, a->user_id);

          g_ptr_array_add (table->findings,
                           g_strdup_printf (_("allocation %s names an unknown water user %s"), aid, uid));
          continue;
        }
      u = &g_array_index (self->users, RaBalanceUser, ui - 1);
      row = g_new0 (RaTableRow, 1);
      row->kind = RA_TABLE_ROW_ITEM;
      row->text = g_new0 (char *, N_COLUMNS + 1);
      row->values = g_new (double, N_COLUMNS);
      for (guint c = 0; c < N_COLUMNS; c++)
        row->values[c] = NAN;
      row->text[COL_USER] = g_strdup (u->name);
      row->text[COL_COUNTY] = g_strdup (county_name (self, u->adcode));
      row->text[COL_SECTOR] = g_strdup (u->sector ? ra_water_sector_to_string (u->sector) : NULL);
      row->text[COL_USE] = g_strdup (u->use_category ? ra_water_use_category_to_string (u->use_category) : NULL);
      row->text[COL_STANDARD] = g_strdup (u->standard);
      row->text[COL_PLANT] = g_strdup (pi > 0 ? g_array_index (self->plants, RaBalancePlant, pi - 1).name : NULL);
      row->values[COL_VOLUME] = a->volume;
      row->values[COL_DEMAND] = u->demand;
      row->values[COL_UNMET] = u->unmet;
      g_ptr_array_add (table->rows, row);
    }
  return table;
}
