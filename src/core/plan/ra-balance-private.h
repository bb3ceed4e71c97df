/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the water balance's files share (ra-balance.c: model and balances;
 * -load.c: the store loader; -graph.c: snapping and reach; -propose.c:
 * GLPK optimum and greedy baseline; -check.c: findings; -json.c: JSON and
 * the allocation table). */

#include "ra-balance.h"
#include "ra-plan-check.h"
#include "ra-tables.h"

G_BEGIN_DECLS

/* Everything a balance of one year is computed from.  Arrays are
 * referenced, never copied; their free functions are their owner's (the
 * loader, a test or the benchmark fills them by hand). */
typedef struct {
  int         year;
  GPtrArray  *plants;          /* RaPlantDetailRecord*, every kind */
  GPtrArray  *supply;          /* RaPlantSupplyRecord* of the year */
  GPtrArray  *users;           /* RaWaterUserRecord* */
  GPtrArray  *demand;          /* RaUserDemandRecord* of the year */
  GPtrArray  *allocations;     /* RaAllocationRecord* of the year */
  GPtrArray  *pipelines;       /* RaPipelineRecord* (EPSG:4490 WKB) */
  GArray     *unit_costs;      /* RaPipeUnitCost, nullable */
  GPtrArray  *counties;        /* RaCountyRecord*, nullable */
  GPtrArray  *projects;        /* RaProjectRecord*, nullable: those with a
                                * plant_id expand that plant */
  /* adcode -> (double *) the county's treated wastewater of the year from
   * the plan (ra_plan_get_figures), nullable: no county fallback. */
  GHashTable *county_treated;
  /* RaLedgerRecord*, nullable: a plant with all 12 months of the year's
   * treated volume and no figure of its own is supplied from them. */
  GPtrArray  *ledger;
} RaBalanceInput;

RaBalanceInput *ra_balance_input_new  (int year);
void            ra_balance_input_free (RaBalanceInput *input);
/* Takes over input.  Returns: (transfer full) never NULL. */
RaBalance      *ra_balance_new_from_input (RaBalanceInput *input, const RaBalanceOptions *options);

/* A way for a user to be served by a plant. */
typedef struct {
  guint    user;           /* index into the balance's users */
  guint    plant;          /* index into the balance's plants */
  double   new_km;         /* new straight connection (0: on the network) */
  double   route_km;       /* along existing pipelines */
  double   cost_wan;       /* cost of the new connection, 10^4 yuan */
  guint    conn;           /* the new connection: 0 none, else a key shared by
                            * the user's candidates that use the same one */
  gboolean compatible;     /* the plant meets the user's standard */
  guint    route_first;    /* its pipelines: graph->route_pipes[first..+len] */
  guint    route_len;
} RaBalanceCandidate;

typedef struct {
  guint    n_pipes;                 /* = input pipelines */
  double  *pipe_capacity;           /* 10^4 m3/a from DN; NAN unknown */
  guint8  *pipe_free_ends;          /* ends (of its parts) that connect to nothing */
  guint8  *pipe_n_ends;
  gboolean *pipe_has_geometry;
  GArray  *candidates;              /* RaBalanceCandidate by user, then distance */
  guint   *user_first;              /* n_users + 1 offsets into candidates */
  GArray  *route_pipes;             /* guint pipeline indices */
  double   seconds;                 /* wall time of building it */
} RaBalanceGraph;

struct _RaBalance {
  int               year;
  RaBalanceOptions  options;
  RaBalanceInput   *input;          /* owned */
  GArray           *plants;         /* RaBalancePlant */
  GArray           *users;          /* RaBalanceUser */
  GArray           *counties;       /* RaBalanceCounty */
  GArray           *expansions;     /* RaBalanceExpansion, by plant */
  GPtrArray        *plant_records;  /* borrowed: RaPlantDetailRecord* by plant index */
  GPtrArray        *user_records;   /* borrowed: RaWaterUserRecord* by user index */
  GHashTable       *plant_by_id;    /* id -> index + 1 */
  GHashTable       *user_by_id;
  double            new_pipe_cost_wan_per_km;  /* NAN: no unit cost for the DN */
  RaBalanceGraph   *graph;          /* owned */
};

/* ra-balance.c */
double       _ra_balance_sector_weight (const char *sector);
const char  *_ra_balance_use_standard  (const char *use_category);
gboolean     _ra_balance_plant_meets   (const char *meets_standards, const char *standard);
gboolean     _ra_balance_is_supply_kind (const char *kind);
/* "12.5": the volume without trailing zeros. (transfer full) */
char        *_ra_balance_fmt (double v);

/* ra-balance-graph.c */
RaBalanceGraph *_ra_balance_graph_build (RaBalance *self);
void            _ra_balance_graph_free  (RaBalanceGraph *graph);
/* The DN's capacity, 10^4 m3/a, at velocity_m_s for 24 h a day. */
double          _ra_balance_pipe_capacity (double dn_mm, double velocity_m_s);
/* (transfer full) "3,5,7": the database ids of a candidate's pipelines. */
char           *_ra_balance_route_ids (RaBalance *self, const RaBalanceCandidate *c);

/* ra-balance-check.c: appends the findings (RaPlanFinding*, new refs) */
void            _ra_balance_check_into (RaBalance *self, GPtrArray *out);

/* ra-plan-check.c hook: appends the findings of the default year's balance
 * of store to findings (RaPlanFinding*); nothing when the project has no
 * water users or cannot be read. */
void            ra_balance_append_plan_findings (RaStore *store, GPtrArray *findings);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaBalanceInput, ra_balance_input_free)

G_END_DECLS
