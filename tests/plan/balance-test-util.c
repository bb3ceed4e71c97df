/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "balance-test-util.h"

/* The store's record types, freed here so hand-built inputs need nothing
 * but the structs' layout. */
static void
plant_free (gpointer p)
{
  RaPlantDetailRecord *r = p;

  g_free (r->name);
  g_free (r->adcode);
  g_free (r->kind);
  g_free (r->effluent_standard);
  g_free (r->meets_standards);
  g_free (r);
}

static void
user_free (gpointer p)
{
  RaWaterUserRecord *r = p;

  g_free (r->name);
  g_free (r->adcode);
  g_free (r->sector);
  g_free (r->use_category);
  g_free (r->quality_standard);
  g_free (r->source_now);
  g_free (r->able);
  g_free (r->why_not);
  g_free (r->key_user);
  g_free (r->notes);
  g_free (r);
}

static void
allocation_free (gpointer p)
{
  RaAllocationRecord *r = p;

  g_free (r->origin);
  g_free (r->via_pipeline_ids);
  g_free (r);
}

RaBalanceInput *
bt_input_new (int year)
{
  RaBalanceInput *in = ra_balance_input_new (year);

  in->plants = g_ptr_array_new_with_free_func (plant_free);
  in->supply = g_ptr_array_new_with_free_func (g_free);
  in->users = g_ptr_array_new_with_free_func (user_free);
  in->demand = g_ptr_array_new_with_free_func (g_free);
  in->allocations = g_ptr_array_new_with_free_func (allocation_free);
  in->pipelines = g_ptr_array_new_with_free_func ((GDestroyNotify) ra_pipeline_record_free);
  in->unit_costs = g_array_new (FALSE, TRUE, sizeof (RaPipeUnitCost));
  in->county_treated = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return in;
}

void
bt_add_plant (RaBalanceInput *in, gint64 id, const char *name, const char *adcode,
              const char *kind, double capacity_m3_per_day, const char *meets,
              double lon, double lat)
{
  RaPlantDetailRecord *r = g_new0 (RaPlantDetailRecord, 1);

  r->id = id;
  r->name = g_strdup (name);
  r->adcode = g_strdup (adcode);
  r->kind = g_strdup (kind);
  r->capacity_m3_per_day = capacity_m3_per_day;
  r->meets_standards = g_strdup (meets);
  r->lon = lon;
  r->lat = lat;
  g_ptr_array_add (in->plants, r);
}

void
bt_add_supply (RaBalanceInput *in, gint64 plant_id, double treated, double committed)
{
  RaPlantSupplyRecord *r = g_new0 (RaPlantSupplyRecord, 1);

  r->plant_id = plant_id;
  r->year = in->year;
  r->treated = treated;
  r->committed_discharge = committed;
  g_ptr_array_add (in->supply, r);
}

void
bt_add_user (RaBalanceInput *in, gint64 id, const char *name, const char *adcode,
             const char *sector, const char *use_category, const char *able,
             double demand, double lon, double lat)
{
  RaWaterUserRecord *r = g_new0 (RaWaterUserRecord, 1);

  r->id = id;
  r->name = g_strdup (name);
  r->adcode = g_strdup (adcode);
  r->sector = g_strdup (sector);
  r->use_category = g_strdup (use_category);
  r->able = g_strdup (able);
  r->lon = lon;
  r->lat = lat;
  g_ptr_array_add (in->users, r);
  if (isfinite (demand))
    {
      RaUserDemandRecord *d = g_new0 (RaUserDemandRecord, 1);

      d->user_id = id;
      d->year = in->year;
      d->volume = demand;
      g_ptr_array_add (in->demand, d);
    }
}

void
bt_add_allocation (RaBalanceInput *in, gint64 id, gint64 user_id, gint64 plant_id, double volume)
{
  RaAllocationRecord *r = g_new0 (RaAllocationRecord, 1);

  r->id = id;
  r->user_id = user_id;
  r->plant_id = plant_id;
  r->year = in->year;
  r->volume = volume;
  r->origin = g_strdup ("hand");
  g_ptr_array_add (in->allocations, r);
}

void
bt_add_pipeline (RaBalanceInput *in, gint64 id, const char *name, double dn_mm,
                 const double *lonlat, guint n)
{
  RaPipelineRecord *r = g_new0 (RaPipelineRecord, 1);
  GByteArray *wkb = g_byte_array_new ();
  guint8 order = 1;
  guint32 type = GUINT32_TO_LE (2), count = GUINT32_TO_LE (n);

  /* ISO WKB, little-endian LINESTRING (the host is little-endian on the
   * machines we build on; the coordinates are written as they lie). */
  g_assert_cmpint (G_BYTE_ORDER, ==, G_LITTLE_ENDIAN);
  g_byte_array_append (wkb, &order, 1);
  g_byte_array_append (wkb, (guint8 *) &type, 4);
  g_byte_array_append (wkb, (guint8 *) &count, 4);
  g_byte_array_append (wkb, (const guint8 *) lonlat, (guint) (2 * n * sizeof (double)));
  r->id = id;
  r->name = g_strdup (name);
  r->dn_mm = dn_mm;
  r->status = g_strdup ("existing");
  r->wkb = g_byte_array_free_to_bytes (wkb);
  g_ptr_array_add (in->pipelines, r);
}

void
bt_add_unit_cost (RaBalanceInput *in, double dn_mm, double cost_wan_per_km)
{
  RaPipeUnitCost c = { in->unit_costs->len + 1, dn_mm, cost_wan_per_km, FALSE };

  g_array_append_val (in->unit_costs, c);
}

void
bt_set_county_treated (RaBalanceInput *in, const char *adcode, double treated)
{
  g_hash_table_insert (in->county_treated, g_strdup (adcode), g_memdup2 (&treated, sizeof treated));
}
