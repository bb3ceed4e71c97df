/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The water balance of a year (DESIGN.md "Plan arithmetic", allocation):
 * plant supply, users' demand, allocations plant -> user along the
 * pipeline network, and their balance per plant, county and user; the
 * allocation proposal (GLPK linear program) and its greedy baseline; the
 * findings of rules 第七/八/十三条.  Volumes in 10^4 m3/a. */

#include <glib-object.h>
#include "ra-store.h"
#include "ra-store-water.h"
#include "ra-tables.h"

G_BEGIN_DECLS

typedef enum {
  RA_BALANCE_SUPPLY_GIVEN,        /* plant_supply rows of the year */
  RA_BALANCE_SUPPLY_FROM_COUNTY,  /* the county's treated wastewater (plan
                                   * indicators) shared by capacity */
  RA_BALANCE_SUPPLY_FROM_LEDGER,  /* the year's ledger months */
  RA_BALANCE_SUPPLY_UNKNOWN,
} RaBalanceSupplyOrigin;

/* Why a user is not (fully) served by a proposal. */
typedef enum {
  RA_BALANCE_LIMIT_NONE = 0,      /* fully served */
  RA_BALANCE_LIMIT_NOT_ABLE,      /* able = no */
  RA_BALANCE_LIMIT_NO_PLANT_IN_REACH,
  RA_BALANCE_LIMIT_SUPPLY,        /* the plants in reach are used up */
  RA_BALANCE_LIMIT_QUALITY,       /* plants in reach, none meets its standard */
  RA_BALANCE_LIMIT_PIPE_CAPACITY, /* an existing pipeline on the way is full */
} RaBalanceLimit;

typedef struct {
  gint64                id;
  const char           *name;
  const char           *adcode;
  /* 10^4 m3/a (m3/d x 365 / 10^4) in the balance's year: the design
   * capacity plus the treatment of the projects expanding the plant that
   * are in service by then (its expansions); NAN when the design capacity
   * is unknown. */
  double                capacity;
  double                treated;       /* NAN unknown */
  double                committed;     /* committed discharge, 0 when not given */
  double                available;     /* min (treated - committed, capacity), >= 0 */
  double                allocated;     /* sum of the year's allocations */
  RaBalanceSupplyOrigin origin;
  const char           *meets_standards;
  double                design_capacity;  /* 10^4 m3/a, the plant's own; NAN unknown */
  guint                 first_expansion;  /* its expansions: ra_balance_get_expansions */
  guint                 n_expansions;     /* [first, first + n) */
} RaBalancePlant;

/* A project that expands a plant (projects.plant_id) and is in service by
 * the balance's year (ra_plan_project_service_year): it raised the plant's
 * capacity by treatment_m3_per_day. */
typedef struct {
  gint64      plant_id;
  gint64      project_id;
  const char *code;                     /* nullable */
  const char *name;
  int         in_service_year;
  double      treatment_m3_per_day;
} RaBalanceExpansion;

typedef struct {
  gint64          id;
  const char     *name;
  const char     *adcode;
  const char     *sector;
  const char     *use_category;
  const char     *standard;         /* required standard (given or by use category) */
  gboolean        able;             /* able != "no" */
  double          demand;           /* the year's, NAN when none */
  double          allocated;
  double          unmet;            /* demand - allocated, >= 0; NAN without demand */
  RaBalanceLimit  limit;            /* set by a proposal, else NONE */
  gint64          nearest_plant_id; /* 0: none in reach */
  double          reach_km;         /* distance to the nearest plant or pipeline, km */
} RaBalanceUser;

typedef struct {
  const char *adcode;
  const char *name;
  double      supply;               /* sum of its plants' available */
  double      demand;               /* sum of its able users' demand */
  double      allocated;            /* allocated to its users */
  double      unmet;                /* sum of its able users' unmet */
} RaBalanceCounty;

typedef struct _RaBalance RaBalance;

/* Settings of a balance (defaults from ra_balance_options_init):
 * reach_km 5 (rules 第七/八条: an able user within it of a plant or a
 * pipeline must be allocated), snap_m 50 (pipeline ends snapped to plants,
 * users and other pipelines), new_pipe_dn_mm 300 (the unit cost used for a
 * new connection), design_velocity_m_s 1.0 (an existing pipeline carries
 * velocity x pi (DN/2)^2 for 24 h a day, 365 days), max_route_km 50 (the
 * longest route along existing pipelines a plant serves). */
typedef struct {
  double reach_km;
  double snap_m;
  double new_pipe_dn_mm;
  double design_velocity_m_s;
  double max_route_km;
} RaBalanceOptions;

void        ra_balance_options_init (RaBalanceOptions *options);
/* The project's settings (ra_store_dup_setting keys below), defaults for
 * what is not set or out of range.  ra_balance_new_from_store uses them
 * when given no options. */
#define RA_BALANCE_SETTING_REACH_KM     "balance.reach_km"
#define RA_BALANCE_SETTING_SNAP_M       "balance.snap_m"
#define RA_BALANCE_SETTING_NEW_PIPE_DN  "balance.new_pipe_dn_mm"
#define RA_BALANCE_SETTING_VELOCITY     "balance.design_velocity_m_s"
void        ra_balance_options_from_store (RaBalanceOptions *options, RaStore *store);

/* The year a balance shows when none is asked for: the current year if the
 * project has allocations or demand in it, else the latest year with
 * allocations before it, else the first with allocations, else the latest
 * year with demand, else the current year. */
int         ra_balance_default_year (RaStore *store, GError **error);

/* Reads everything a balance of year needs from the store (plants, supply,
 * users, demand, allocations, pipelines, unit costs, indicators for the
 * county fallback).  Returns: (transfer full) (nullable) */
RaBalance  *ra_balance_new_from_store (RaStore *store, int year,
                                       const RaBalanceOptions *options, GError **error);
void        ra_balance_free          (RaBalance *self);
int         ra_balance_get_year      (RaBalance *self);

/* (transfer none) arrays of the structs above, ordered by id / adcode. */
GArray     *ra_balance_get_plants    (RaBalance *self);   /* RaBalancePlant */
GArray     *ra_balance_get_users     (RaBalance *self);   /* RaBalanceUser */
GArray     *ra_balance_get_counties  (RaBalance *self);   /* RaBalanceCounty */
/* (transfer none) RaBalanceExpansion: by plant (in the order of the
 * plants), then in-service year and project id. */
GArray     *ra_balance_get_expansions (RaBalance *self);
/* (transfer none) (element-type RaAllocationRecord) the year's allocations. */
GPtrArray  *ra_balance_get_allocations (RaBalance *self);

/* Findings (RaPlanFinding, ra-plan-check.h) of the balance: unallocated
 * able users within reach, over-allocated plants, quality mismatches,
 * allocations below demand, unconnected pipelines.
 * Returns: (transfer full) GListModel of RaPlanFinding. */
GListModel *ra_balance_check         (RaBalance *self);

typedef struct {
  GPtrArray *allocations;    /* (element-type RaAllocationRecord) origin "proposal" */
  double     served;         /* total volume allocated */
  double     served_weighted;/* sum of volume x priority weight */
  double     new_pipe_km;    /* new connections the proposal needs */
  double     cost_wan;       /* their cost, 10^4 yuan */
  double     seconds;        /* solver wall time */
} RaBalanceProposal;

/* The optimum (GLPK): serves as much demand as the plants can give,
 * weighted by 第十二条 priority, at least new-pipe cost; sets each user's
 * limit.  Never serves less than ra_balance_propose_greedy.
 * Returns: (transfer full) (nullable) */
RaBalanceProposal *ra_balance_propose        (RaBalance *self, GError **error);
/* The nearest-plant greedy baseline. (transfer full) */
RaBalanceProposal *ra_balance_propose_greedy (RaBalance *self);
void               ra_balance_proposal_free  (RaBalanceProposal *proposal);

/* The allocation table a water bureau files (table --allocation): one row
 * per allocation: user, county, sector, use, standard, plant, volume,
 * demand, unmet; Chinese headers with units.  Write it with
 * ra_table_write.  Returns: (transfer full) RaTable (ra-tables.h) */
RaTable    *ra_balance_build_allocation_table (RaBalance *self);

/* balance --json: plants, counties, users, findings. (transfer full) */
char       *ra_balance_to_json        (RaBalance *self, const char *project_path);
/* A proposal as one JSON object: served, served_weighted, new_pipe_km,
 * cost_wan, seconds, allocations. (transfer full) */
char       *ra_balance_proposal_to_json (const RaBalanceProposal *proposal);
const char *ra_balance_limit_to_string (RaBalanceLimit limit);   /* translated */
const char *ra_balance_limit_to_key    (RaBalanceLimit limit);   /* untranslated */

G_END_DECLS
