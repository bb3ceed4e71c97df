/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the hydraulics' files share (ra-hydraulics.c: the object, sizing and
 * solving; -catalogue.c: sizes and formulas; -load.c: the network from the
 * balance's input; -dem.c: the ground, air valves, low pressure; -inp.c:
 * EPANET; -json.c: JSON; -profile.c: the profile chart's data). */

#include "ra-hydraulics.h"
#include "ra-balance-private.h"
#include "ra-index.h"

G_BEGIN_DECLS

/* A pipe's polyline (lon/lat pairs in coords), in the direction of flow
 * once the network is oriented. */
typedef struct {
  guint first;    /* index of its first point (pair) in coords */
  guint n;
} RaHydraulicsGeom;

struct _RaHydraulics {
  int                  year;
  RaHydraulicsOptions  options;
  gboolean             flat_ground;
  GStringChunk        *strings;     /* ids and names */
  GArray              *nodes;       /* RaHydraulicsNode */
  GArray              *pipes;       /* RaHydraulicsPipe */
  GArray              *geoms;       /* RaHydraulicsGeom, by pipe */
  GArray              *coords;      /* double lon/lat pairs */
  GArray              *sources;     /* RaHydraulicsSource */
  GArray              *samples;     /* RaHydraulicsSample, by pipe */
  GArray              *air_valves;  /* RaHydraulicsSample */
  GArray              *low_pressure;/* RaHydraulicsSample pairs */
  GPtrArray           *messages;    /* utf8 */
  GArray              *order;       /* guint nodes, each after its upstream node */
  GHashTable          *typed_flows; /* gint64 pipeline id -> double L/s (nullable) */
  double               load_s, solve_s;
};

/* ra-hydraulics.c */
RaHydraulics *_ra_hydraulics_new (int year, const RaHydraulicsOptions *options);
const char   *_ra_hydraulics_intern (RaHydraulics *self, const char *s);
void          _ra_hydraulics_message (RaHydraulics *self, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* Sizes and solves a loaded network whose elevations are set. */
gboolean      _ra_hydraulics_solve (RaHydraulics *self, GError **error);
/* A pipe's label for messages: “pipeline 12 “name” (P12.2)”. (transfer full) */
char         *_ra_hydraulics_pipe_label (RaHydraulics *self, guint pipe);

/* ra-hydraulics-catalogue.c */
double        _ra_hydraulics_velocity (double flow_lps, double inner_mm);
double        _ra_hydraulics_velocity_head (double flow_lps, double inner_mm);

/* ra-hydraulics-snap.c: the pipelines' parts and the stations where
 * other parts' ends, plants and users join them. */
typedef struct {
  guint pipeline;     /* index into input->pipelines */
  guint first, n;     /* vertices in xy */
} RaSnapLine;

typedef struct {
  guint  line;
  guint  seg;         /* segment of the line; t along it */
  double t;
  double lon, lat;
} RaSnapStation;

typedef struct _RaSnap RaSnap;
struct _RaSnap {
  RaBalanceInput *in;
  double          snap_m;
  GArray         *xy;          /* double pairs */
  GArray         *lines;       /* RaSnapLine */
  GArray         *vline;       /* guint: vertex -> line */
  GArray         *stations;    /* RaSnapStation */
  GArray         *parent;      /* guint union-find over stations */
  GArray         *end_station; /* guint: 2 per line */
  RaIndex        *vindex;
  RaIndex        *sindex;
  GArray         *seg_line, *seg_k;   /* guint: global segment -> line, k */
  GArray         *plant_station;      /* int per plant record, -1 none */
  GArray         *user_station;       /* int per user record, -1 none */
};

/* Reads input's pipelines and joins ends, plants and users within snap_m. */
void          _ra_snap_build  (RaSnap *snap, RaBalanceInput *input, double snap_m);
void          _ra_snap_clear  (RaSnap *snap);
const double *_ra_snap_vertex (RaSnap *snap, guint v);
/* Union-find over the stations: the set's root. */
guint         _ra_snap_find   (RaSnap *snap, guint station);
void          _ra_snap_union  (RaSnap *snap, guint a, guint b);
/* (transfer full) the stations by line and position along it; stations at
 * one position are joined. */
guint        *_ra_snap_sorted_stations (RaSnap *snap);

/* ra-hydraulics-load.c: the network of input (borrowed) with the year's
 * allocations as demands; oriented from the sources.  Elevations 0. */
RaHydraulics *_ra_hydraulics_new_from_input (RaBalanceInput *input,
                                             const RaHydraulicsOptions *options,
                                             GError **error);

/* ra-hydraulics-dem.c: node elevations and the samples along every pipe
 * (every 50 m at most and at each vertex) from dem, or flat at 0. */
gboolean      _ra_hydraulics_sample_ground (RaHydraulics *self, RaRaster *dem, GError **error);
/* After solving: high points and low-pressure stretches. */
void          _ra_hydraulics_find_profile_points (RaHydraulics *self);

/* The whole run on a hand-built input (tests, benchmark): load, ground,
 * solve.  Returns: (transfer full) (nullable) */
/* typed_flows (nullable, borrowed for the call): pipeline id -> typed
 * design flow (L/s), as ra_hydraulics_set_design_flow keeps them. */
RaHydraulics *_ra_hydraulics_new_from_balance_input (RaBalanceInput *input,
                                                     GHashTable *typed_flows,
                                                     const RaHydraulicsOptions *options,
                                                     RaRaster *dem, GError **error);

#define RA_HYDRAULICS_SAMPLE_STEP_M 50.0
/* A high point rises at least this far above the lowest ground on each
 * side before the route climbs above it again. */
#define RA_HYDRAULICS_AIR_VALVE_RISE_M 1.0

G_END_DECLS
