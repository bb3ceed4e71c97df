/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include "ra-store.h"
#include "ra-store-water.h"

G_BEGIN_DECLS

/* Plan indicators by area (county or city) and year, following "Plan
 * arithmetic" in DESIGN.md:
 *
 * - baseline year: the latest year with 'actual' indicators;
 * - years: baseline .. RA_PLAN_HORIZON_YEAR, or the latest target or
 *   in-service year when later (without a baseline: from the earliest
 *   target or in-service year);
 * - projected use in Y = baseline actual use + capacity of every project of
 *   the area and source with baseline < in-service year <= Y (projects in
 *   service by the baseline are taken to be in its actual use);
 * - treated wastewater of a county in a year, the first that applies:
 *   the ledger (12 months of every wastewater plant of the county), the
 *   plants' supply (every wastewater plant of the county has a figure),
 *   an indicator row's own figure, the baseline's actual use / rate, a
 *   target year's target use / target rate; between two such years
 *   interpolated linearly; after the last one held at its value (marked
 *   so); never held at the baseline.  Wastewater plants: kinds wwtp, reclaimed_plant,
 *   wetland (a mine-water station treats no wastewater);
 * - reuse rate = reclaimed use / treated wastewater; a projected rate
 *   over 100 % is a data conflict: status RA_PLAN_STATUS_CONFLICT, the
 *   rate NAN (never shown as a value) and conflict_rate_pct the figure;
 * - a target is met when projected reclaimed use >= target use and the
 *   projected rate >= target rate (mine water has its own gap and flag);
 * - the city row is the sum of its counties (and of projects without a
 *   county); the plan's own city row is kept apart for comparison; the
 *   city's provenance is the least direct of its counties';
 * - every figure records how it was obtained (RaPlanProvenance).
 *
 * Volumes are in 10^4 m3/a, rates in percent.  Missing numbers are NAN. */

typedef enum {
  RA_PLAN_USE_INDUSTRY,
  RA_PLAN_USE_AGRICULTURE,
  RA_PLAN_USE_ECOLOGICAL,
  RA_PLAN_USE_URBAN_NONPOTABLE,
  RA_PLAN_N_USES,
} RaPlanUse;

typedef enum {
  RA_PLAN_STATUS_NO_DATA = 0,   /* no baseline figures: nothing to compare */
  RA_PLAN_STATUS_NO_TARGET,     /* no target for this year or any later one */
  RA_PLAN_STATUS_MET,
  RA_PLAN_STATUS_UNMET,
  RA_PLAN_STATUS_CONFLICT,      /* projected use exceeds treated wastewater */
} RaPlanStatus;

/* The plan's horizon: years run to it at least. */
#define RA_PLAN_HORIZON_YEAR 2035

/* How a figure was obtained.  Keys (ra_plan_provenance_to_key) are
 * stable: they appear in `indicators --json`. */
typedef enum {
  RA_PLAN_PROVENANCE_NONE = 0,            /* "none": unknown */
  RA_PLAN_PROVENANCE_GIVEN,               /* "given": an indicator row of the year */
  RA_PLAN_PROVENANCE_FROM_PLANTS,         /* "from_plants": plant_supply of the year */
  RA_PLAN_PROVENANCE_FROM_LEDGER,         /* "from_ledger": the year's 12 ledger months */
  RA_PLAN_PROVENANCE_DERIVED_FROM_ACTUALS,/* "derived_from_actuals": actual use / actual rate */
  RA_PLAN_PROVENANCE_DERIVED_FROM_TARGETS,/* "derived_from_targets": target use / target rate */
  RA_PLAN_PROVENANCE_PROJECTED,           /* "projected": baseline + projects in service;
                                           * a rate: projected use / treated wastewater */
  RA_PLAN_PROVENANCE_INTERPOLATED,        /* "interpolated": between two known years */
  RA_PLAN_PROVENANCE_HELD,                /* "held": the last known year's value */
  RA_PLAN_PROVENANCE_CONFLICT,            /* "conflict": a rate over 100 %, not shown */
} RaPlanProvenance;

/* The figures of one area in one year.  Owned by the plan; strings
 * borrowed from it. */
typedef struct {
  const char  *adcode;
  const char  *name;
  int          year;
  gboolean     is_city;
  gboolean     is_baseline;          /* the baseline's actual figures */

  double       reclaimed_use;        /* actual (baseline) or projected */
  double       mine_use;
  double       nonconventional_use;  /* reclaimed + mine */
  double       treated_wastewater;
  double       reuse_rate_pct;       /* NAN when status is CONFLICT */
  double       conflict_rate_pct;    /* the rate over 100 % of a conflict, else NAN */

  /* How each figure was obtained.  treated_from_year / treated_to_year:
   * the known years an interpolated figure lies between (from_year: the
   * year a held figure comes from); 0 otherwise. */
  RaPlanProvenance use_provenance;
  RaPlanProvenance treated_provenance;
  RaPlanProvenance rate_provenance;
  int              treated_from_year;
  int              treated_to_year;

  /* Capacity of the projects in service by this year (added since the
   * baseline), by source and by use. */
  double       added_reclaimed;
  double       added_mine;
  double       cap_by_use[RA_PLAN_N_USES];
  guint        n_projects;           /* projects counted in added_* */

  /* The target compared with: this year's if the plan gives one, else the
   * next year that has one (the coming milestone); target_year 0: none. */
  int          target_year;
  double       target_reclaimed_use;
  double       target_mine_use;
  double       target_nonconventional_use;
  double       target_rate_pct;

  /* Projected minus target (negative = short of it). */
  double       gap_use;              /* reclaimed, 10^4 m3/a */
  double       gap_mine;             /* mine water, 10^4 m3/a; NAN: no target */
  double       gap_rate_pts;         /* percentage points */
  /* The worse of gap_rate_pts and gap_use expressed in rate points
   * (gap_use / treated wastewater): >= 0 exactly when the target is met. */
  double       gap_pts;
  RaPlanStatus status;
  gboolean     mine_met;             /* TRUE also when there is no mine target */
} RaPlanFigures;

/* What a plan is computed from: the store's records (element types as in
 * ra-store.h).  Fill it with ra_plan_input_load or by hand (tests). */
typedef struct {
  GPtrArray *counties;     /* RaCountyRecord* */
  GPtrArray *indicators;   /* RaIndicatorRecord*, every origin */
  GPtrArray *projects;     /* RaProjectRecord* */
  GPtrArray *plants;       /* (nullable) RaPlantRecord* */
  GPtrArray *plant_supply; /* (nullable) RaPlantSupplyRecord*, every year */
  GPtrArray *ledger;       /* (nullable) RaLedgerRecord* */
} RaPlanInput;

/* Returns: (transfer full) (nullable) the store's counties, indicators,
 * projects, plants, plant supply and ledger. */
RaPlanInput *ra_plan_input_load (RaStore *store, GError **error);
void         ra_plan_input_free (RaPlanInput *input);

#define RA_TYPE_PLAN (ra_plan_get_type ())
G_DECLARE_FINAL_TYPE (RaPlan, ra_plan, RA, PLAN, GObject)

/* Computes every figure from input (a reference to each array is taken).
 * Returns: (transfer full) never NULL. */
RaPlan      *ra_plan_new              (const RaPlanInput *input);
/* ra_plan_input_load + ra_plan_new.  Rebuild after the store's ::changed.
 * Returns: (transfer full) (nullable) */
RaPlan      *ra_plan_new_from_store   (RaStore *store, GError **error);

/* The year an area's capacity counts from: in_service_year when set, else
 * from the batch: "A-B" -> B; "A" -> A+1 when under construction in A,
 * else A.  0 when neither tells. */
int          ra_plan_project_service_year (const RaProjectRecord *project);

/* 0 when there are no actual figures. */
int          ra_plan_get_baseline_year (RaPlan *self);
/* (transfer none) ascending; n_years (out) */
const int   *ra_plan_get_years        (RaPlan *self, guint *n_years);
/* (transfer none) ascending years the plan gives targets for (any area). */
const int   *ra_plan_get_target_years (RaPlan *self, guint *n_years);
gboolean     ra_plan_has_year         (RaPlan *self, int year);

/* The city's adcode: the area of the indicators that is not a county, else
 * the counties' common prefix + "00".  (transfer none) (nullable) */
const char  *ra_plan_get_city_adcode  (RaPlan *self);
/* (transfer none) the counties' adcodes in adcode order (NULL-terminated). */
const char * const *ra_plan_get_county_adcodes (RaPlan *self);
/* (transfer none) (nullable) name of a county or the city. */
const char  *ra_plan_get_area_name    (RaPlan *self, const char *adcode);
/* (transfer none) (element-type RaProjectRecord) the projects planned. */
GPtrArray   *ra_plan_get_projects     (RaPlan *self);
/* (transfer none) (element-type RaCountyRecord) */
GPtrArray   *ra_plan_get_counties     (RaPlan *self);
/* (transfer none) (element-type RaIndicatorRecord) every indicator row. */
GPtrArray   *ra_plan_get_indicators   (RaPlan *self);

/* (transfer none) (nullable) the figures of a county or the city (computed
 * from the counties) in a year of ra_plan_get_years. */
const RaPlanFigures *ra_plan_get_figures (RaPlan *self, const char *adcode, int year);
/* Shortcut: projected (or baseline) reclaimed use; NAN if unknown. */
double       ra_plan_projected_use    (RaPlan *self, const char *adcode, int year);
/* The smallest year >= year with a target for adcode; 0 if none. */
int          ra_plan_next_target_year (RaPlan *self, const char *adcode, int year);
/* (transfer none) (nullable) the indicator row the plan gives for an area,
 * year and kind ("actual" or "target_min"), preferring origin "targets"
 * (appendix table 1). */
const RaIndicatorRecord *ra_plan_get_indicator (RaPlan *self, const char *adcode, int year,
                                                const char *kind);

/* Translated short name of a status ("met", "unmet"...). (transfer none) */
const char  *ra_plan_status_to_string (RaPlanStatus status);
/* Untranslated key of a status: "met", "unmet", "no_target", "no_data",
 * "conflict".  (transfer none) */
const char  *ra_plan_status_to_key    (RaPlanStatus status);
/* Untranslated key of a provenance ("given", "derived_from_targets"...)
 * and its translated name.  (transfer none) */
const char  *ra_plan_provenance_to_key    (RaPlanProvenance provenance);
const char  *ra_plan_provenance_to_string (RaPlanProvenance provenance);
/* Whether a kind of wastewater plant counts towards a county's treated
 * wastewater (wwtp, reclaimed_plant, wetland). */
gboolean     ra_plan_plant_kind_treats_wastewater (const char *kind);

/* How the treated wastewater of a year is known over the counties: the
 * least direct provenance of any county with figures (NONE when none has
 * one).  from_year / to_year (out, nullable): for INTERPOLATED the known
 * years it lies between, for HELD the year held; else 0. */
RaPlanProvenance ra_plan_get_year_provenance (RaPlan *self, int year,
                                              int *from_year, int *to_year);
/* TRUE when the year has treated-wastewater figures of its own (not
 * interpolated, held or missing). */
gboolean     ra_plan_year_has_own_data (RaPlan *self, int year);
/* A translated one-line note for a year without figures of its own
 * ("no data for 2024: figures interpolated between 2023 and 2025",
 * "no data for 2032: treated wastewater held at its 2030 figure"); NULL
 * for a year with its own figures.  (transfer full) (nullable) */
char        *ra_plan_dup_year_note     (RaPlan *self, int year);
/* The city's figures of a year in one translated line, for a title card
 * or a figure: "张掖市 2030: reclaimed water use 3740 (10⁴ m³/a), reuse
 * rate 58% (target 58% for 2030, gap 0 pts), 18 projects in service";
 * rates rounded to whole percent, volumes to integers, a conflict named
 * as one.  NULL when the plan has no city figures for the year.
 * (transfer full) (nullable) */
char        *ra_plan_dup_city_summary  (RaPlan *self, int year);
/* Untranslated key of a use: "industry", "agriculture", "ecological",
 * "urban_nonpotable". (transfer none) */
const char  *ra_plan_use_to_key       (RaPlanUse use);
const char  *ra_plan_use_to_string    (RaPlanUse use);   /* translated */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaPlanInput, ra_plan_input_free)

G_END_DECLS
