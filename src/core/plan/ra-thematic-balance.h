/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include "ra-layer.h"
#include "ra-map.h"
#include "ra-store.h"
#include "ra-store-water.h"
#include "ra-balance.h"

G_BEGIN_DECLS

/* The water balance of a year on the map (issue 16), drawn by the one
 * renderer like every other layer:
 * - water users (用水户): categorized by sector (rule 第十二条, legend by
 *   the sectors' translated names), symbol area proportional to the year's
 *   demand;
 * - flows: the year's allocations along their pipelines, line width by
 *   the volume carried (an allocation without a route is drawn as a
 *   dashed straight line from the plant to the user);
 * - plant balance: a donut per plant, allocated against spare of the
 *   available supply (over-allocation as a third wedge), area
 *   proportional to the larger of available and allocated.
 * Coordinates are EPSG:4490 (the layers' source CRS); add them with
 * ra_map_add_layer, which reprojects.  Volumes in 10^4 m3/a. */

/* Fields of the water-users layer. */
#define RA_BALANCE_FIELD_ID          "id"
#define RA_BALANCE_FIELD_NAME        "name"
#define RA_BALANCE_FIELD_SECTOR      "sector"        /* key, the colour */
#define RA_BALANCE_FIELD_SECTOR_NAME "sector_name"   /* translated */
#define RA_BALANCE_FIELD_DEMAND      "demand"        /* the year's, the size */
#define RA_BALANCE_FIELD_ALLOCATED   "allocated"
#define RA_BALANCE_FIELD_UNMET       "unmet"
/* Fields of the flows layer. */
#define RA_BALANCE_FIELD_VOLUME      "volume"        /* the width */
#define RA_BALANCE_FIELD_ROUTE       "route"         /* "pipeline" | "direct" */
/* Fields of the plant-balance layer (pie wedges and size). */
#define RA_BALANCE_FIELD_AVAILABLE   "available"
#define RA_BALANCE_FIELD_WITHIN      "allocated_within"
#define RA_BALANCE_FIELD_SPARE       "spare"
#define RA_BALANCE_FIELD_OVER        "over_allocated"
#define RA_BALANCE_FIELD_SIZE        "size"

/* Set as object data on each layer built here: "water_users", "flows",
 * "plant_balance".  A key of its own, so the plan's thematic layers
 * (ra_thematic_replace_layers) never take these for theirs. */
#define RA_THEMATIC_BALANCE_ROLE_KEY "ra-thematic-balance-role"

/* The largest demand of any user in any year (element-type
 * RaUserDemandRecord, every year): the value drawn at the largest symbol,
 * so switching years resizes without changing the legend's meaning. */
double      ra_thematic_balance_demand_max   (GPtrArray *demand);

/* The style of the water-users layer: categorized by sector in the rule
 * 第十二条 order, proportional to RA_BALANCE_FIELD_DEMAND with size_max
 * drawn at the largest size (<= 0: the layer's maximum); labels by name
 * when label is TRUE.  (transfer full) */
RaStyle    *ra_thematic_balance_users_style  (double size_max, gboolean label);

/* The water users of year: users (element-type RaWaterUserRecord), their
 * demand of that year (element-type RaUserDemandRecord; other years are
 * ignored) and allocations (element-type RaAllocationRecord, nullable).
 * Feature ids are the users' ids; users without a location are left out.
 * Named "Water users, demand YEAR (10⁴ m³/a)" (translated), styled with
 * ra_thematic_balance_users_style (size_max).
 * Returns: (transfer full) */
RaLayer    *ra_thematic_balance_users_layer  (GPtrArray *users,
                                              GPtrArray *demand,
                                              GPtrArray *allocations,
                                              int        year,
                                              double     size_max);

/* The flows of the year's allocations (element-type RaAllocationRecord):
 * one line per pipeline carrying water, its width the sum of the volumes
 * routed along it (via_pipeline_ids, else the pipeline whose two ends lie
 * within snap_m of the plant and of the user), and one dashed straight
 * line per allocation without a route.  plants: element-type
 * RaPlantDetailRecord; users: RaWaterUserRecord; pipelines (nullable): the
 * pipelines table as ra_store_load_layer reads it (feature ids = ids).
 * Returns: (transfer full) */
RaLayer    *ra_thematic_balance_flows_layer  (GPtrArray *allocations,
                                              GPtrArray *plants,
                                              GPtrArray *users,
                                              RaLayer   *pipelines,
                                              double     snap_m,
                                              int        year);

/* The plants' balance as donuts: balance_plants (element-type
 * RaBalancePlant, from ra_balance_get_plants) placed at plants
 * (RaPlantDetailRecord, for the locations).  Returns: (transfer full) */
RaLayer    *ra_thematic_balance_plants_layer (GArray    *balance_plants,
                                              GPtrArray *plants,
                                              int        year);

/* The flows and the plant balance of balance's year (the water users are
 * a project layer, see ra_project_session), reading what else they need
 * from store.  Returns: (transfer full) (element-type RaLayer) (nullable) */
GPtrArray  *ra_thematic_balance_build        (RaStore   *store,
                                              RaBalance *balance,
                                              GError   **error);

/* As ra_thematic_replace_layers, for the roles above: the map's layer of
 * each role takes the new contents (keeping its place, visibility and
 * opacity), missing roles are added on top, roles layers lacks removed
 * (but for "water_users", the project session's layer).
 * Returns: (transfer container) the layers added. */
GPtrArray  *ra_thematic_balance_replace_layers (RaMap     *map,
                                                GPtrArray *layers,
                                                GError   **error);
/* Removes every layer built here from map. */
void        ra_thematic_balance_remove_layers  (RaMap *map);

/* The role of a layer built here, NULL for others. (transfer none) */
const char *ra_thematic_balance_layer_role (RaLayer *layer);

G_END_DECLS
