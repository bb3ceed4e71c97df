/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ra-plan.h"

G_BEGIN_DECLS

/* The plan's indicators as JSON (reclaim-atlas-cli indicators --json):
 *
 *   {"project", "baseline_year", "horizon_year",
 *    "years": [{"year", "own_data", "note",
 *               "areas": [{"adcode", "name", "is_city", "status",
 *                          "use":                {"value", "provenance"},
 *                          "mine_use":           {"value", "provenance"},
 *                          "treated_wastewater": {"value", "provenance",
 *                                                 "from_year", "to_year"},
 *                          "rate_pct":           {"value", "provenance",
 *                                                 "conflict_value"},
 *                          "target": {"year", "use", "rate_pct", "provenance"},
 *                          "gap":    {"use", "rate_pts"}}]}]}
 *
 * Counties in adcode order, then the city.  A rate over 100 % is never a
 * value: "value" is null, "provenance" "conflict" and "conflict_value" the
 * figure.  Provenance keys: ra_plan_provenance_to_key.  note: the
 * translated note of a year without data of its own, else null.
 * year 0: every year of the plan.  (transfer full) */
char *ra_plan_indicators_to_json (RaPlan     *plan,
                                  int         year,
                                  const char *project_path);

G_END_DECLS
