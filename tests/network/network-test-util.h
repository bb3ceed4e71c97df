/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ra-core.h"
#include "ra-store.h"
#include "ra-network.h"

G_BEGIN_DECLS

/* The hand-made geometries are given in CGCS2000 / 3-degree Gauss-Kruger
 * CM 111E (EPSG:4546), where a square of 2000 m sides is 4 km², and
 * converted to lon/lat (EPSG:4490) for the project. */
#define NT_GK_EPSG 4546

/* A private temporary directory, removed at exit (keep it: RA_TEST_KEEP). */
const char *nt_tmpdir          (void);
/* (transfer full) a new path in nt_tmpdir() ending in suffix. */
char       *nt_tmp_path        (const char *suffix);
/* GK (EPSG:4546) metres to lon/lat (EPSG:4490). */
void        nt_gk_to_lonlat    (double x, double y, double *lon, double *lat);
/* Creates an empty project at a new path and returns it (transfer full). */
char       *nt_new_project     (void);

/* The fixture project (built once per program, then copied):
 *   projects:  P01 "Reclaimed main" (reclaimed), M01 "Mine water" (mine)
 *   built-up areas (GK metres):
 *     "Density square"  500000..502000 x 4250000..4252000, no intakes
 *     "Two intakes"     500000..504000 x 4260000..4264000, intakes at
 *                       (501500, 4262000) and (502500, 4262000)
 *     "One intake"      506000..508000 x 4250000..4252000, intake at the centre
 *     "L shape"         520000..524000 x 4250000..4254000 without the
 *                       quadrant 522000..524000 x 4252000..4254000, intake at
 *                       (521000, 4251000)
 *   an intake outside every area at (506000, 4262000), a wwtp in the
 *   density square at (501000, 4251000);
 *   pipelines:
 *     "cross"  DN300, P01: (499000, 4251000) -> (501000, 4251000): 1 km in, 1 km out
 *     "inner"  DN350, P01: (500200, 4250500) -> (501800, 4250500): 1.6 km in
 *     "short"  no DN, no project: (501500, 4251200) -> (501500, 4251600): 0.4 km in
 *     "mine"   DN300, M01: (500100, 4251900) -> (501100, 4251900): mine water, not counted
 * so the density square holds 3 km of reclaimed-water pipeline: 0.75 km/km².
 * Returns: (transfer full) the path of a fresh copy. */
char       *nt_fixture_copy    (void);
/* Imports intake points (GK coordinates, n (x, y) pairs) into a project. */
void        nt_add_intakes     (const char *path, const double *xy, guint n);
/* Opens a project for writing, asserting success.  (transfer full) */
RaStore    *nt_open            (const char *path);

/* (transfer none) the entry of the report with that name, asserting it exists. */
const RaNetworkArea     *nt_area     (const RaNetworkReport *report, const char *name);
const RaNetworkPipeline *nt_pipeline (const RaNetworkReport *report, const char *name);

G_END_DECLS
