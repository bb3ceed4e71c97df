/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include "ra-layer.h"
#include "ra-map.h"
#include "ra-plan.h"

G_BEGIN_DECLS

/* The plan's thematic map for one year: counties coloured by reuse rate or
 * by the gap to the target, met/unmet also shown by a hatch, a data
 * conflict (a projected rate over 100 %) by its own cross-hatch and legend
 * entry instead of a colour, and the projects in service as proportional
 * symbols.  A year without data of its own says so in the counties
 * layer's name, which heads its legend ("2024: reuse rate (%) · no data
 * for 2024: figures interpolated between 2023 and 2025").  Class breaks and symbol
 * scaling are the same for every year of a plan, so switching years
 * recolours and resizes without changing the legend's meaning. */

typedef enum {
  RA_THEMATIC_REUSE_RATE,   /* counties: reuse rate (%), graduated; a hatch overlay marks unmet targets */
  RA_THEMATIC_GAP,          /* counties: gap to the target in rate points: > 10 below, <= 10 below, met */
} RaThematicMode;

typedef enum {
  RA_THEMATIC_FLAGS_NONE    = 0,
  RA_THEMATIC_ALL_PROJECTS  = 1 << 0,   /* also projects not yet in service by the year */
  RA_THEMATIC_PIES          = 1 << 1,   /* split project symbols into pies by use */
} RaThematicFlags;

/* Field names of the layers (for labels, queries and tests). */
#define RA_THEMATIC_FIELD_ADCODE   "adcode"
#define RA_THEMATIC_FIELD_NAME     "name_zh"
#define RA_THEMATIC_FIELD_RATE     "rate_pct"
#define RA_THEMATIC_FIELD_GAP      "gap_pts"
#define RA_THEMATIC_FIELD_STATUS   "status"      /* met | unmet | no_target | no_data | conflict */
/* What the counties are coloured by: the rate (RA_THEMATIC_REUSE_RATE) or
 * the gap (RA_THEMATIC_GAP) as a number, or RA_THEMATIC_CONFLICT when the
 * projected rate would pass 100 % (drawn hatched, never as a value). */
#define RA_THEMATIC_FIELD_VALUE    "map_value"
#define RA_THEMATIC_CONFLICT       "conflict"
/* How the county's treated wastewater (and so its rate) was obtained:
 * ra_plan_provenance_to_key. */
#define RA_THEMATIC_FIELD_PROVENANCE "treated_provenance"
#define RA_THEMATIC_FIELD_LABEL    "label"       /* "甘州区 48% → 50%" */
#define RA_THEMATIC_FIELD_CLASS    "class"       /* projects: "reclaimed|under_construction" ... */
#define RA_THEMATIC_FIELD_CAPACITY "cap_total"   /* projects: 10^4 m3/a */
#define RA_THEMATIC_FIELD_CODES    "codes"       /* projects: "P10, P11" */
/* Projects: capacity by use, 10^4 m3/a ("cap_" + ra_plan_use_to_key). */
#define RA_THEMATIC_FIELD_CAP_INDUSTRY         "cap_industry"
#define RA_THEMATIC_FIELD_CAP_AGRICULTURE      "cap_agriculture"
#define RA_THEMATIC_FIELD_CAP_ECOLOGICAL       "cap_ecological"
#define RA_THEMATIC_FIELD_CAP_URBAN_NONPOTABLE "cap_urban_nonpotable"

/* Layer names are translated; these keys are set as object data
 * "ra-thematic-role" on each layer: "counties", "status", "projects". */
#define RA_THEMATIC_ROLE_KEY "ra-thematic-role"

/* Builds the layers for year (a year of ra_plan_get_years), bottom first:
 * the counties choropleth (labels in RA_THEMATIC_FIELD_LABEL), in
 * RA_THEMATIC_REUSE_RATE mode a target-status overlay, then the project
 * symbols.  Projects without geometry are grouped by county, source and
 * status at their county seat.  Coordinates are EPSG:4490 (the layers'
 * source CRS); add them with ra_map_add_layer, which reprojects.
 * County boundaries are read from the project file once per plan and
 * cached on it.
 * Returns: (transfer full) (element-type RaLayer) (nullable) */
GPtrArray *ra_thematic_build      (RaPlan          *plan,
                                   RaStore         *store,
                                   int              year,
                                   RaThematicMode   mode,
                                   GError         **error);
/* Same, with flags. */
GPtrArray *ra_thematic_build_full (RaPlan          *plan,
                                   RaStore         *store,
                                   int              year,
                                   RaThematicMode   mode,
                                   RaThematicFlags  flags,
                                   GError         **error);

/* Puts layers into map in place of the thematic layers of the same roles
 * (keeping their place, visibility and opacity); removes roles layers
 * lacks.  Returns the layers without a predecessor (now on top). */
GPtrArray  *ra_thematic_replace_layers (RaMap     *map,
                                        GPtrArray *layers,
                                        GError   **error);

/* The role key of a layer built here ("counties", "status", "projects"),
 * NULL for other layers.  (transfer none) */
const char *ra_thematic_layer_role (RaLayer *layer);
/* The position in map of the thematic layer with role, -1 if none. */
int         ra_thematic_find_role  (RaMap *map, const char *role);

/* Legend rows of the counties layer that explain its labels (categories
 * no county has, drawn as nothing): "59% → 84%: reuse rate in 2023 →
 * target rate for 2025", and what RA_THEMATIC_USE_SHORT_MARK means. */
#define RA_THEMATIC_KEY_FORM       "label-key"
#define RA_THEMATIC_KEY_USE_SHORT  "label-key-use-short"
/* After a label whose rate reaches the target while the use does not. */
#define RA_THEMATIC_USE_SHORT_MARK "*"

/* The label of a county in a year, in one unit, rates: "甘州区 48% → 50%"
 * (rate and the target compared with; one decimal when whole percent
 * would hide a shortfall), "临泽县 87% → 84%*" when the rate is reached but
 * the use falls short (RA_THEMATIC_USE_SHORT_MARK), "肃南裕固族自治县: data
 * conflict" for a conflict (never a rate over 100 %), "山丹县: no rate"
 * when its treated wastewater is unknown, the name alone without any
 * figures.  (transfer full) */
char       *ra_thematic_format_label (const RaPlanFigures *figures);

G_END_DECLS
