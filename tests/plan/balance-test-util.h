/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Hand-built inputs of the water balance (tests and the benchmark fill
 * RaBalanceInput without a project file). */

#include "ra-balance-private.h"

G_BEGIN_DECLS

/* An input with empty arrays (their free functions set) for year. */
RaBalanceInput *bt_input_new (int year);

/* Appends a plant; meets: the standards it meets (';'), NULL unknown.
 * capacity m3/d. */
void bt_add_plant  (RaBalanceInput *in, gint64 id, const char *name, const char *adcode,
                    const char *kind, double capacity_m3_per_day, const char *meets,
                    double lon, double lat);
void bt_add_supply (RaBalanceInput *in, gint64 plant_id, double treated, double committed);
/* able: "yes", "no" or NULL. */
void bt_add_user   (RaBalanceInput *in, gint64 id, const char *name, const char *adcode,
                    const char *sector, const char *use_category, const char *able,
                    double demand, double lon, double lat);
void bt_add_allocation (RaBalanceInput *in, gint64 id, gint64 user_id, gint64 plant_id,
                        double volume);
/* A straight pipeline of n lon/lat points (ISO WKB LINESTRING). */
void bt_add_pipeline (RaBalanceInput *in, gint64 id, const char *name, double dn_mm,
                      const double *lonlat, guint n);
void bt_add_unit_cost (RaBalanceInput *in, double dn_mm, double cost_wan_per_km);
void bt_set_county_treated (RaBalanceInput *in, const char *adcode, double treated);

G_END_DECLS
