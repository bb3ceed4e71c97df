/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include "ra-geometry.h"
#include "ra-layer.h"
#include "ra-store.h"

G_BEGIN_DECLS

/* Planning checks on the reclaimed-water network of a project file:
 *
 * - pipeline lengths (geodesic, GRS80/CGCS2000) and estimated costs from
 *   the project's unit-cost table by DN (pipe_unit_costs);
 * - pipeline density in each built-up area: km of reclaimed-water
 *   pipeline inside the area (lines clipped with GEOS, measured
 *   geodesically) per km² of the area (geodesic), against the target;
 * - intake points (plants of kind "intake") in each built-up area: the
 *   largest nearest-neighbour spacing, the largest distance from any point
 *   of the area to its nearest intake, and the uncovered zones (the area
 *   minus circles of half the maximum spacing around the intakes), computed
 *   in the area's CGCS2000 3-degree Gauss-Kruger zone and returned in
 *   EPSG:4490.
 *
 * Targets come from the project's plan_metrics (pipeline_density_min in
 * km/km², intake_spacing_max in km: Xinzhou's rules), else from the
 * defaults of ra_network_default_density_target() and
 * RA_NETWORK_DEFAULT_INTAKE_SPACING_KM.
 *
 * Everything here is plain data: the app shows it in a panel and as map
 * overlays, the CLI prints it. */

/* Xinzhou's rule: intake points at most 1.5 km apart. */
#define RA_NETWORK_DEFAULT_INTAKE_SPACING_KM 1.5
/* 1 亩 = 10000/15 m². */
#define RA_NETWORK_M2_PER_MU (10000.0 / 15.0)

typedef enum {
  RA_NETWORK_PIPE_OK             = 0,
  RA_NETWORK_PIPE_NO_GEOMETRY    = 1 << 0,  /* length 0, not drawn yet */
  RA_NETWORK_PIPE_NO_DN          = 1 << 1,  /* dn_mm not set: not priced */
  RA_NETWORK_PIPE_NO_UNIT_COST   = 1 << 2,  /* no unit cost for its DN: not priced */
  RA_NETWORK_PIPE_DEFAULT_COST   = 1 << 3,  /* priced with a seeded default unit cost */
  RA_NETWORK_PIPE_NOT_RECLAIMED  = 1 << 4,  /* belongs to a mine-water project: no density */
} RaNetworkPipeFlags;

/* One pipeline.  cost_wan is NAN when it cannot be priced (see flags). */
typedef struct {
  gint64              pipeline_id;
  gint64              project_id;            /* 0 = none */
  char               *name;                  /* nullable */
  double              dn_mm;                 /* NAN: not set */
  double              length_m;              /* geodesic */
  double              unit_cost_wan_per_km;  /* NAN: none */
  double              cost_wan;              /* 10^4 yuan; NAN: not priced */
  RaNetworkPipeFlags  flags;
} RaNetworkPipeline;

/* The pipelines of one planning project (project_id 0: pipelines that
 * belong to no project).  cost_wan sums the priced pipelines only; when
 * n_unpriced > 0 the cost is incomplete and must be shown so. */
typedef struct {
  gint64  project_id;
  char   *code;              /* nullable */
  char   *name;              /* nullable (project_id 0) */
  guint   n_pipelines;
  double  length_m;
  double  cost_wan;
  guint   n_unpriced;
} RaNetworkProject;

/* One target density (km/km²) for a year. */
typedef struct {
  int      year;
  double   km_per_km2;
  gboolean from_project;     /* read from the project's plan_metrics */
} RaNetworkTarget;

/* One built-up area.  Numbers that cannot be computed are NAN. */
typedef struct {
  gint64      area_id;
  char       *name;                    /* nullable */
  char       *adcode;                  /* nullable */
  double      area_km2;                /* geodesic */
  double      pipeline_km;             /* reclaimed-water pipeline inside the area */
  double      density_km_per_km2;
  int         target_year;             /* 0: no target */
  double      target_km_per_km2;       /* for the report's year; NAN: none */
  gboolean    meets_density;

  guint       n_intakes;               /* intake points inside the area (boundary included) */
  double      max_intake_spacing_m;    /* largest nearest-neighbour distance; NAN if < 2 intakes */
  double      max_uncovered_distance_m;/* farthest point of the area from its nearest intake;
                                        * NAN without intakes */
  double      farthest_lon;            /* that point, EPSG:4490; NAN without intakes */
  double      farthest_lat;
  double      coverage_radius_m;       /* half the maximum spacing */
  double      uncovered_km2;           /* geodesic; the whole area without intakes */
  /* n_intakes >= 2 and max_intake_spacing_m <= the maximum spacing, or a
   * single intake whose circle covers the whole area. */
  gboolean    meets_spacing;
  int         gk_epsg;                 /* metric CRS of the coverage geometry */
  char       *uncovered_wkt;           /* EPSG:4490 lon/lat (MULTI)POLYGON; NULL: fully covered */
  RaGeometry *uncovered;               /* the same as flat lon/lat coordinates; nullable */
} RaNetworkArea;

typedef struct {
  int         year;                    /* the year targets are compared for */
  GPtrArray  *pipelines;               /* (element-type RaNetworkPipeline) by id */
  GPtrArray  *projects;                /* (element-type RaNetworkProject) plan order, 0 last */
  GPtrArray  *areas;                   /* (element-type RaNetworkArea) by id */
  GArray     *density_targets;         /* (element-type RaNetworkTarget) by year */
  double      intake_spacing_max_m;
  gboolean    intake_spacing_from_project;
  guint       n_intakes;               /* every intake point of the project */

  double      total_length_m;
  double      total_cost_wan;          /* priced pipelines only */
  guint       n_unpriced;
  guint       n_default_costs;         /* pipelines priced with a seeded default */
  GPtrArray  *warnings;                /* (element-type utf8) translated, e.g. invalid geometry */
} RaNetworkReport;

/* Reads pipelines, intake points, built-up areas, unit costs and targets
 * from store and computes the report for year (0 = the current year).
 * Returns: (transfer full) (nullable) free with ra_network_report_free */
RaNetworkReport *ra_network_analyze        (RaStore              *store,
                                            int                   year,
                                            GError              **error);
/* The same without blocking: the project is read on the calling thread
 * (the store is not shared), the geometry runs in a worker thread. */
void             ra_network_analyze_async  (RaStore              *store,
                                            int                   year,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
/* Returns: (transfer full) (nullable) */
RaNetworkReport *ra_network_analyze_finish (RaStore              *store,
                                            GAsyncResult         *result,
                                            GError              **error);
void             ra_network_report_free    (RaNetworkReport *report);

/* (transfer none) (nullable) the project's entry (0 = no project). */
const RaNetworkProject *ra_network_report_find_project (const RaNetworkReport *report,
                                                        gint64                 project_id);
/* (transfer none) (nullable) */
const RaNetworkArea    *ra_network_report_find_area    (const RaNetworkReport *report,
                                                        gint64                 area_id);

/* A polygon layer (source CRS EPSG:4490) of the uncovered zones, one
 * feature per built-up area with uncovered land, fields area_id, name,
 * uncovered_km2, max_uncovered_m.  Call ra_layer_set_map_crs before drawing.
 * Returns: (transfer full) */
RaLayer         *ra_network_report_new_uncovered_layer (const RaNetworkReport *report);
/* The report as JSON (UTF-8, escaped; numbers that are NAN are null).
 * project_name (nullable) is written as "project".
 * Returns: (transfer full) */
char            *ra_network_report_to_json (const RaNetworkReport *report,
                                            const char            *project_name);

/* Built-in target density (km/km²) for year when the project gives none:
 * Xinzhou's rules, 0.5 in 2024, 0.7 in 2025, 0.8 from 2027 (the target of
 * the latest rule year <= year; before 2024 the 2024 rule). */
double           ra_network_default_density_target (int year);

/* ---- live measurement for sketch tools ---------------------------------- */

/* Geodesic length in km of a line of n_points lon/lat pairs (EPSG:4490). */
double           ra_network_measure_line_km (const double *lonlat, guint n_points);
/* Geodesic area of a ring of n_points lon/lat pairs (closed implicitly):
 * km2 and mu (亩) are both optional outs.  Returns the area in km². */
double           ra_network_measure_polygon (const double *lonlat, guint n_points,
                                             double *km2, double *mu);
/* Labels for the cursor, e.g. "1.234 km" and "0.250 km² · 375.0 亩".
 * Returns: (transfer full) */
char            *ra_network_format_length  (double km);
char            *ra_network_format_area    (double km2);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaNetworkReport, ra_network_report_free)

G_END_DECLS
