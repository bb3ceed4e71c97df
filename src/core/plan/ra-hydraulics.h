/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Hydraulics of the pipeline network (issue 18, docs/hydraulics.md): the
 * pipelines of a project snapped into a network (at plants, water users and
 * other pipelines' ends), the design flow of each pipe from the year's
 * allocations with the peak factors, the DN the velocity window suggests
 * (next standard size of the material), the head loss (Hazen–Williams, or
 * Darcy–Weisbach with Colebrook–White) with minor losses as a factor, the
 * heads of a branched network from its one source, the head the source's
 * pump must add so every user keeps the residual pressure, the ground along
 * each pipe from a DEM (or flat), high points for air valves and stretches
 * where the grade line is less than the residual pressure above the ground.
 * Looped networks, networks fed by two plants, pipelines joined to no
 * plant, flows no DN carries and DEMs that miss the route are refused with
 * an error naming the pipeline, never solved wrong.
 *
 * Ids: nodes "S<plant id>" (a source; with a pump also its reservoir
 * "R<plant id>"), "U<user id>", "J<n>"; pipes "P<pipeline id>", or
 * "P<pipeline id>.<k>" for the k-th piece of a pipeline cut at tees and
 * users; pumps "PU<plant id>".  The .inp export and the JSON use the same. */

#include <glib.h>
#include "ra-store.h"
#include "ra-profile-chart.h"
#include "ra-raster.h"

G_BEGIN_DECLS

typedef enum {
  RA_HYDRAULICS_HAZEN_WILLIAMS,
  RA_HYDRAULICS_DARCY_WEISBACH,    /* friction factor by Colebrook–White */
} RaHydraulicsFormula;

typedef enum {
  RA_PIPE_MATERIAL_PE100,          /* GB/T 13663.2 SDR17 (PN 1.0 MPa); DN = outside diameter */
  RA_PIPE_MATERIAL_DUCTILE_IRON,   /* GB/T 13295 K9, cement-mortar lined */
  RA_PIPE_MATERIAL_STEEL,          /* welded steel (GB/T 3091, GB/T 9711) */
  RA_PIPE_N_MATERIALS
} RaPipeMaterial;

/* Settings of a run; defaults (ra_hydraulics_options_init) in brackets,
 * their sources in docs/hydraulics.md. */
typedef struct {
  double              daily_peak_factor;   /* Kd [1.3] */
  double              hourly_peak_factor;  /* Kh [1.5]: design flow = average x Kd x Kh */
  double              velocity_min_m_s;    /* [0.6] below: a warning (deposits) */
  double              velocity_max_m_s;    /* [1.5] the DN is the smallest that stays under it */
  RaHydraulicsFormula formula;             /* [Hazen–Williams] */
  double              minor_loss_factor;   /* [0.10] minor losses = factor x friction loss */
  double              residual_m;          /* [10.2] pressure every user keeps (0.1 MPa) */
  RaPipeMaterial      material;            /* [ductile iron] for pipelines naming none */
  double              cover_m;             /* [1.5] ground to the pipe's crown */
  double              snap_m;              /* [50] ends, plants and users join within it */
} RaHydraulicsOptions;

#define RA_HYDRAULICS_SETTING_DAILY_PEAK   "hydraulics.daily_peak_factor"
#define RA_HYDRAULICS_SETTING_HOURLY_PEAK  "hydraulics.hourly_peak_factor"
#define RA_HYDRAULICS_SETTING_VELOCITY_MIN "hydraulics.velocity_min_m_s"
#define RA_HYDRAULICS_SETTING_VELOCITY_MAX "hydraulics.velocity_max_m_s"
#define RA_HYDRAULICS_SETTING_FORMULA      "hydraulics.formula"        /* "hw" | "dw" */
#define RA_HYDRAULICS_SETTING_MINOR_LOSS   "hydraulics.minor_loss_factor"
#define RA_HYDRAULICS_SETTING_RESIDUAL_M   "hydraulics.residual_m"
#define RA_HYDRAULICS_SETTING_MATERIAL     "hydraulics.material"       /* "pe100" | "ductile_iron" | "steel" */
#define RA_HYDRAULICS_SETTING_COVER_M      "hydraulics.cover_m"
/* The snapping distance is the water balance's (balance.snap_m). */

/* A pipeline's design flow typed by hand (L/s, peak), a project setting
 * "hydraulics.design_flow_lps.<pipeline id>".  When it is more than the
 * allocations downstream of the pipeline need, the difference is taken
 * as a demand at the pipeline's downstream end (so flows upstream, the
 * .inp and EPANET agree); when less, the allocations' flow is kept and a
 * message says so.  Set NAN (or <= 0) to clear: one undoable edit. */
#define RA_HYDRAULICS_SETTING_DESIGN_FLOW  "hydraulics.design_flow_lps."
gboolean ra_hydraulics_set_design_flow (RaStore *store, gint64 pipeline_id, double flow_lps,
                                        GError **error);
/* NAN when none is typed. */
double   ra_hydraulics_get_design_flow (RaStore *store, gint64 pipeline_id);

void ra_hydraulics_options_init       (RaHydraulicsOptions *options);
/* The project's settings (keys above), defaults for what is not set or out
 * of range. */
void ra_hydraulics_options_from_store (RaHydraulicsOptions *options, RaStore *store);

/* ---- the pipe catalogue (ra-hydraulics-catalogue.c) ------------------- */

typedef struct {
  double dn_mm;        /* nominal size (PE: outside diameter) */
  double inner_mm;     /* bore used for velocity and head loss */
} RaPipeSize;

/* (transfer none) the standard sizes of material, increasing; n_sizes (out). */
const RaPipeSize *ra_pipe_catalogue_sizes (RaPipeMaterial material, guint *n_sizes);
/* Hazen–Williams C and Darcy–Weisbach roughness (mm) of material. */
double      ra_pipe_material_hw_c         (RaPipeMaterial material);
double      ra_pipe_material_roughness_mm (RaPipeMaterial material);
const char *ra_pipe_material_to_key       (RaPipeMaterial material);   /* "pe100"... */
const char *ra_pipe_material_to_string    (RaPipeMaterial material);   /* translated */
/* A pipeline's material text ("PE100", "HDPE", "球墨铸铁管", "DI", "钢管",
 * "steel"...) or a key; fallback when it names none of the three. */
RaPipeMaterial ra_pipe_material_parse     (const char *text, RaPipeMaterial fallback);
/* The smallest standard size whose velocity at flow_lps stays at or under
 * velocity_max_m_s; NULL when none does. */
const RaPipeSize *ra_pipe_catalogue_choose (RaPipeMaterial material, double flow_lps,
                                            double velocity_max_m_s);
/* Friction head loss in metres of length_m of pipe of bore inner_mm
 * carrying flow_lps: Hazen–Williams with C (EPANET's constant, so the two
 * agree), or Darcy–Weisbach with the Colebrook–White friction factor
 * (water at about 18 °C, EPANET's default viscosity; laminar 64/Re below
 * Re 2000). */
double ra_headloss_hazen_williams (double flow_lps, double inner_mm, double length_m, double c);
double ra_headloss_darcy_weisbach (double flow_lps, double inner_mm, double length_m,
                                   double roughness_mm);
/* 10^4 m3/a to L/s (365 days of 24 h). */
double ra_hydraulics_wan_m3_a_to_lps (double volume_wan_m3_a);

/* ---- the network and its solution ----------------------------------- */

typedef enum {
  RA_HYDRAULICS_NODE_SOURCE,      /* the plant's outlet, after its pump (the .inp
                                   * adds the tank before it: reservoir "R<plant
                                   * id>", pump "PU<plant id>") */
  RA_HYDRAULICS_NODE_JUNCTION,
  RA_HYDRAULICS_NODE_USER,
} RaHydraulicsNodeKind;

typedef struct {
  const char          *id;
  RaHydraulicsNodeKind kind;
  gint64               record_id;     /* plant or (first) user id; 0 for a junction */
  const char          *name;          /* plant or user name (nullable) */
  double               lon, lat;      /* EPSG:4490 */
  double               elevation_m;   /* ground (DEM), 0 on flat ground */
  double               demand_avg_lps;
  double               demand_lps;    /* design (peak) demand */
  double               head_m;
  double               pressure_m;    /* head - elevation */
  int                  upstream_pipe; /* index of the pipe feeding it, -1 at a source */
  guint                source;        /* index into the sources */
} RaHydraulicsNode;

typedef struct {
  const char     *id;
  gint64          pipeline_id;
  const char     *name;             /* the pipeline's (nullable) */
  guint           from, to;         /* node indices, in the direction of flow */
  double          length_m;         /* geodesic */
  double          flow_avg_lps;
  double          flow_lps;         /* design (peak) flow */
  RaPipeMaterial  material;
  double          dn_mm;            /* suggested */
  double          inner_mm;
  double          given_dn_mm;      /* the pipeline's own DN, NAN unset */
  double          typed_flow_lps;   /* the design flow typed for its pipeline, NAN none */
  double          velocity_m_s;
  double          roughness;        /* HW C, or DW roughness in mm */
  double          friction_m;       /* friction head loss */
  double          minor_k;          /* minor loss coefficient (K v^2/2g) */
  double          headloss_m;       /* friction + minor */
  gboolean        below_velocity;   /* velocity under the window */
  gboolean        given_dn_small;   /* the pipeline's DN is under the suggested one */
  guint           first_sample;     /* its profile samples, from its from-node: */
  guint           n_samples;        /* ra_hydraulics_get_samples [first, first + n) */
} RaHydraulicsPipe;

typedef struct {
  gint64      plant_id;
  const char *name;
  guint       node;                 /* its S node */
  double      flow_lps;             /* design flow it sends */
  double      pump_head_m;          /* 0: gravity is enough */
  guint       worst_node;           /* the user that sets the pump head */
} RaHydraulicsSource;

/* A point along a pipe: chainage from the pipe's from-node. */
typedef struct {
  guint  pipe;
  double chainage_m;
  double lon, lat;
  double ground_m;
} RaHydraulicsSample;

typedef struct _RaHydraulics RaHydraulics;

/* Reads the year's allocations, plants, users and pipelines from store
 * (through the water balance), snaps them into a network, sizes and solves
 * it.  dem (nullable): ground from it (bilinear, every 50 m at most and at
 * each vertex); without one the ground is flat at 0 m.  options NULL: the
 * project's.  Errors (RA_ERROR) name the pipeline: a loop, two plants
 * joined, a pipeline joined to no plant supplying in year, a flow no DN
 * carries, a DEM that does not cover it.
 * Returns: (transfer full) (nullable) */
RaHydraulics *ra_hydraulics_new_from_store (RaStore *store, int year,
                                            const RaHydraulicsOptions *options,
                                            RaRaster *dem, GError **error);
void          ra_hydraulics_free       (RaHydraulics *self);

int           ra_hydraulics_get_year   (RaHydraulics *self);
const RaHydraulicsOptions *ra_hydraulics_get_options (RaHydraulics *self);
/* (transfer none) arrays of the structs above. */
GArray       *ra_hydraulics_get_nodes   (RaHydraulics *self);  /* RaHydraulicsNode */
GArray       *ra_hydraulics_get_pipes   (RaHydraulics *self);  /* RaHydraulicsPipe */
GArray       *ra_hydraulics_get_sources (RaHydraulics *self);  /* RaHydraulicsSource */
GArray       *ra_hydraulics_get_samples (RaHydraulics *self);  /* RaHydraulicsSample */
/* High points where air valves go (RaHydraulicsSample), and the stretches
 * (RaHydraulicsSample pairs: start, end) where the grade line is less than
 * the residual pressure above the ground. (transfer none) */
GArray       *ra_hydraulics_get_air_valves    (RaHydraulics *self);
GArray       *ra_hydraulics_get_low_pressure  (RaHydraulics *self);
/* Warnings that did not stop the run, translated, each naming its pipe or
 * user (a user off the network, a velocity under the window...).
 * (transfer none) (element-type utf8) */
GPtrArray    *ra_hydraulics_get_messages (RaHydraulics *self);
/* TRUE when no DEM was given: elevations are 0. */
gboolean      ra_hydraulics_is_flat_ground (RaHydraulics *self);
/* Index of the node with id, -1 if none. */
int           ra_hydraulics_find_node   (RaHydraulics *self, const char *id);
/* Wall time of snapping (load) and of sizing + solving, seconds. */
void          ra_hydraulics_get_timing  (RaHydraulics *self, double *load_s, double *solve_s);

/* `hydraulics --json`: options, flat_ground, sources, nodes (id, kind,
 * name, elevation, demand, head, pressure), pipes (id, from, to, length,
 * flow, diameter, velocity, headloss...), air_valves, low_pressure,
 * messages.  (transfer full) */
char         *ra_hydraulics_to_json    (RaHydraulics *self);
/* EPANET 2.2 input file (LPS, H-W or D-W) with the same ids. */
gboolean      ra_hydraulics_write_inp  (RaHydraulics *self, const char *path, GError **error);
/* The profile from node_id's source to it: ground, pipe crown, grade line,
 * pump head, users with their pressure, junctions, air valves.
 * Returns: (transfer full) (nullable): NULL with an error for an unknown id
 *   or a source. */
RaProfileChartData *ra_hydraulics_profile (RaHydraulics *self, const char *node_id,
                                           GError **error);

G_END_DECLS
