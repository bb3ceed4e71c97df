/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The water balance read from a project: the store's water tables, its
 * pipelines and unit costs, and the plan's treated wastewater by county
 * (the fallback of plant supply); the default year; the plan check's hook. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-balance-private.h"
#include "ra-plan.h"

/**
 * ra_balance_new_from_store:
 * @options: (nullable)
 * Returns: (transfer full) (nullable)
 */
RaBalance *
ra_balance_new_from_store (RaStore *store, int year, const RaBalanceOptions *options,
                           GError **error)
{
  g_autoptr(RaBalanceInput) in = NULL;
  g_autoptr(RaPlan) plan = NULL;
  RaBalanceOptions project_options;
  GPtrArray *counties;

  g_return_val_if_fail (RA_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  in = ra_balance_input_new (year);
  if ((in->plants = ra_store_list_plant_details (store, error)) == NULL
      || (in->supply = ra_store_list_plant_supply (store, year, error)) == NULL
      || (in->users = ra_store_list_water_users (store, error)) == NULL
      || (in->demand = ra_store_list_user_demand (store, year, error)) == NULL
      || (in->allocations = ra_store_list_allocations (store, year, error)) == NULL
      || (in->pipelines = ra_store_list_pipelines (store, error)) == NULL
      || (in->unit_costs = ra_store_list_pipe_unit_costs (store, error)) == NULL
      || (in->ledger = ra_store_list_ledger (store, 0, error)) == NULL)
    return NULL;

  /* The plan's treated wastewater of each county in the year: given,
   * derived from its targets or interpolated (ra-plan). */
  plan = ra_plan_new_from_store (store, error);
  if (plan == NULL)
    return NULL;
  counties = ra_plan_get_counties (plan);
  in->counties = g_ptr_array_ref (counties);
  /* Projects that expand a plant raise its capacity from their year. */
  in->projects = g_ptr_array_ref (ra_plan_get_projects (plan));
  in->county_treated = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < counties->len; i++)
    {
      RaCountyRecord *c = g_ptr_array_index (counties, i);
      const RaPlanFigures *fig = c->adcode ? ra_plan_get_figures (plan, c->adcode, year) : NULL;

      if (fig != NULL && isfinite (fig->treated_wastewater))
        g_hash_table_insert (in->county_treated, g_strdup (c->adcode),
                             g_memdup2 (&fig->treated_wastewater, sizeof (double)));
    }
  /* A plant drawn nowhere stands at its county's seat, as the samples
   * place them (schematic). */
  for (guint i = 0; i < in->plants->len; i++)
    {
      RaPlantDetailRecord *p = g_ptr_array_index (in->plants, i);

      if (isfinite (p->lon) && isfinite (p->lat))
        continue;
      for (guint k = 0; k < counties->len; k++)
        {
          RaCountyRecord *c = g_ptr_array_index (counties, k);

          if (p->adcode != NULL && g_strcmp0 (c->adcode, p->adcode) == 0
              && isfinite (c->seat_lon) && isfinite (c->seat_lat))
            {
              p->lon = c->seat_lon;
              p->lat = c->seat_lat;
            }
        }
    }
  if (options == NULL)
    {
      ra_balance_options_from_store (&project_options, store);
      options = &project_options;
    }
  return ra_balance_new_from_input (g_steal_pointer (&in), options);
}

/* A setting in its range, else the default. */
static double
setting (RaStore *store, const char *key, double fallback, double lo, double hi)
{
  double v = ra_store_get_setting_number (store, key, fallback);

  return isfinite (v) && v >= lo && v <= hi ? v : fallback;
}

void
ra_balance_options_from_store (RaBalanceOptions *options, RaStore *store)
{
  g_return_if_fail (options != NULL);
  g_return_if_fail (RA_IS_STORE (store));

  ra_balance_options_init (options);
  options->reach_km = setting (store, RA_BALANCE_SETTING_REACH_KM, options->reach_km, 0.01, 500);
  options->snap_m = setting (store, RA_BALANCE_SETTING_SNAP_M, options->snap_m, 0, 5000);
  options->new_pipe_dn_mm = setting (store, RA_BALANCE_SETTING_NEW_PIPE_DN, options->new_pipe_dn_mm,
                                     50, 4000);
  options->design_velocity_m_s = setting (store, RA_BALANCE_SETTING_VELOCITY,
                                          options->design_velocity_m_s, 0.1, 5);
}

static int
current_year (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_get_year (now);
}

int
ra_balance_default_year (RaStore *store, GError **error)
{
  g_autoptr(GPtrArray) allocs = NULL;
  g_autoptr(GPtrArray) demand = NULL;
  int now = current_year (), before = 0, after = 0, latest_demand = 0;

  g_return_val_if_fail (RA_IS_STORE (store), 0);
  allocs = ra_store_list_allocations (store, 0, error);
  if (allocs == NULL)
    return 0;
  demand = ra_store_list_user_demand (store, 0, error);
  if (demand == NULL)
    return 0;
  for (guint i = 0; i < allocs->len; i++)
    {
      int y = ((RaAllocationRecord *) g_ptr_array_index (allocs, i))->year;

      if (y == now)
        return now;
      if (y < now)
        before = MAX (before, y);
      else
        after = after == 0 ? y : MIN (after, y);
    }
  for (guint i = 0; i < demand->len; i++)
    {
      int y = ((RaUserDemandRecord *) g_ptr_array_index (demand, i))->year;

      if (y == now)
        return now;
      latest_demand = MAX (latest_demand, y);
    }
  if (before > 0)
    return before;
  if (after > 0)
    return after;
  return latest_demand > 0 ? latest_demand : now;
}

void
ra_balance_append_plan_findings (RaStore *store, GPtrArray *findings)
{
  g_autoptr(GError) error = NULL;
  RaBalance *balance;
  int year;

  g_return_if_fail (RA_IS_STORE (store));
  year = ra_balance_default_year (store, &error);
  if (year == 0)
    return;   /* a project the plan check reports on in its own way */
  balance = ra_balance_new_from_store (store, year, NULL, &error);
  if (balance == NULL)
    return;
  if (balance->users->len > 0)
    _ra_balance_check_into (balance, findings);
  ra_balance_free (balance);
}
