/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The network inventory ra-network measures: pipelines (with their
 * project's water source), plants and other points, built-up areas, the
 * city-level plan metrics, and the unit costs of pipelines by nominal
 * diameter, which the project settings edit (each edit one change with
 * audit and undo). */
#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "ra-store-private.h"

GPtrArray *
ra_store_list_pipelines (RaStore *self, GError **error)
{
  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  return ra_store_query (self, RA_STORE_QUERY_PIPELINES, &ra_store_pipeline_desc, NULL, error);
}

GPtrArray *
ra_store_list_plants (RaStore *self, const char *kind, GError **error)
{
  RaStoreValue param = ra_store_value_text (kind);

  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  return ra_store_query (self, RA_STORE_QUERY_PLANTS, &ra_store_plant_desc, &param, error);
}

GPtrArray *
ra_store_list_built_up_areas (RaStore *self, GError **error)
{
  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  return ra_store_query (self, RA_STORE_QUERY_BUILT_UP_AREAS, &ra_store_built_up_area_desc, NULL,
                         error);
}

GPtrArray *
ra_store_list_plan_metrics (RaStore *self, const char *metric, GError **error)
{
  RaStoreValue param = ra_store_value_text (metric);

  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  return ra_store_query (self, RA_STORE_QUERY_PLAN_METRICS, &ra_store_plan_metric_desc, &param,
                         error);
}

/* ---- unit costs ---------------------------------------------------------- */

GArray *
ra_store_list_pipe_unit_costs (RaStore *self, GError **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  GArray *costs;

  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  rows = ra_store_query (self, RA_STORE_QUERY_PIPE_UNIT_COSTS, &ra_store_pipe_unit_cost_desc,
                         NULL, error);
  if (rows == NULL)
    return NULL;
  costs = g_array_sized_new (FALSE, TRUE, sizeof (RaPipeUnitCost), rows->len);
  for (guint i = 0; i < rows->len; i++)
    g_array_append_vals (costs, g_ptr_array_index (rows, i), 1);
  return costs;
}

/* The unit cost of a DN (NULL if it has none, with *ok TRUE).
 * Returns: (transfer full) (nullable) */
static RaPipeUnitCost *
find_pipe_unit_cost (RaStore *self, double dn_mm, gboolean *ok, GError **error)
{
  RaStoreValue param = ra_store_value_real (dn_mm);
  g_autoptr(GPtrArray) rows = ra_store_query (self, RA_STORE_QUERY_PIPE_UNIT_COST,
                                              &ra_store_pipe_unit_cost_desc, &param, error);

  *ok = rows != NULL;
  if (rows == NULL || rows->len == 0)
    return NULL;
  return g_ptr_array_steal_index (rows, 0);
}

gboolean
ra_store_set_pipe_unit_cost (RaStore *self, double dn_mm, double cost_wan_per_km,
                             GError **error)
{
  const RaStoreTable *desc = ra_store_find_table ("pipe_unit_costs");
  const RaStoreColumn *columns[] = {
    ra_store_find_column (desc, "dn_mm"), ra_store_find_column (desc, "cost_wan_per_km"),
    ra_store_find_column (desc, "note"),
  };
  g_autofree RaPipeUnitCost *old = NULL;
  g_autofree char *label = NULL;
  gboolean ok;
  gint64 id;

  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  if (!(isfinite (dn_mm) && dn_mm > 0))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                   _("DN: a positive diameter in mm is required"));
      return FALSE;
    }
  if (!(isfinite (cost_wan_per_km) && cost_wan_per_km >= 0))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                   _("Unit cost: a number of at least 0 (10⁴ yuan/km) is required"));
      return FALSE;
    }
  if (!ra_store_tx_begin (self, error))
    return FALSE;
  old = find_pipe_unit_cost (self, dn_mm, &ok, error);
  if (!ok)
    return ra_store_tx_end (self, FALSE, NULL, 0, error);
  /* An unchanged, already confirmed value is not an edit. */
  if (old != NULL && old->cost_wan_per_km == cost_wan_per_km && !old->is_default)
    {
      ra_store_tx_rollback (self);
      return TRUE;
    }
  /* TRANSLATORS: undo label; %g is a pipe diameter in mm, e.g. "DN300" */
  label = g_strdup_printf (_("Set unit cost of DN%g"), dn_mm);
  if (old != NULL)
    {
      /* Setting the cost confirms it: the row is no longer the default. */
      RaStoreValue values[] = { ra_store_value_real (cost_wan_per_km), ra_store_value_text (NULL) };

      id = old->id;
      ok = ra_store_update_recorded (self, desc, id, 2, columns + 1, values, NULL, "update",
                                     label, error);
    }
  else
    {
      RaStoreValue values[] = { ra_store_value_real (dn_mm), ra_store_value_real (cost_wan_per_km) };

      id = ra_store_insert_recorded (self, desc, 2, columns, values, NULL, label, error);
      ok = id != 0;
    }
  return ra_store_tx_end (self, ok, desc->name, id, error);
}

gboolean
ra_store_remove_pipe_unit_cost (RaStore *self, double dn_mm, GError **error)
{
  g_autofree RaPipeUnitCost *cost = NULL;
  g_autofree char *label = NULL;
  gboolean ok;

  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  if (!ra_store_check_writable (self, error))
    return FALSE;
  cost = find_pipe_unit_cost (self, dn_mm, &ok, error);
  if (!ok)
    return FALSE;
  if (cost == NULL)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND,
                   _("no unit cost for DN%g"), dn_mm);
      return FALSE;
    }
  /* TRANSLATORS: undo label; %g is a pipe diameter in mm */
  label = g_strdup_printf (_("Remove unit cost of DN%g"), dn_mm);
  return ra_store_delete_recorded (self, ra_store_find_table ("pipe_unit_costs"), cost->id, label,
                                   error);
}
