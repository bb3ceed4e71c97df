/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Projects and DEMs for the hydraulics tests: a new SpatiaLite project made
 * through the store's API, plants, users, pipelines and allocations in it,
 * synthetic GeoTIFF DEMs (never real terrain), and a generated branched
 * network. */

#include "ra-core.h"
#include "ra-store.h"
#include "ra-store-water.h"

G_BEGIN_DECLS

#define HT_YEAR 2030

/* (transfer full) a new empty project at path. */
RaStore *ht_project_new (const char *path);
gint64   ht_plant    (RaStore *store, const char *name, double lon, double lat);
gint64   ht_user     (RaStore *store, const char *name, double lon, double lat);
/* material nullable; wkt a LINESTRING in lon/lat. */
gint64   ht_pipeline (RaStore *store, const char *name, const char *material, const char *wkt);
void     ht_allocate (RaStore *store, gint64 user, gint64 plant, double volume_wan_m3_a);

/* Metres east and north to degrees at latitude lat (mean sphere). */
double   ht_dlon (double metres, double lat);
double   ht_dlat (double metres);

typedef double (*HtGroundFunc) (double lon, double lat, gpointer data);
/* A Float32 GeoTIFF in EPSG:4542 (CGCS2000 GK zone of 99°E) covering the
 * lon/lat box with px_m pixels, each the ground func gives at its centre. */
void     ht_write_dem (const char *path, double lon0, double lat0, double lon1, double lat1,
                       double px_m, HtGroundFunc func, gpointer data);

/* A comb: from a plant at (lon, lat), n_trunk trunk pipelines of 400 m
 * eastwards; from each trunk node a branch of 4 x 250 m northwards (every
 * other one starting from the middle of the trunk pipeline before, a tee)
 * with a user in its middle and one at its end; allocations of 5–17 10^4
 * m3/a; materials in turn PE100, ductile iron, steel, none.  Returns the
 * plant id; n_users (out, nullable). */
gint64   ht_build_comb (RaStore *store, const char *plant_name, double lon, double lat,
                        guint n_trunk, guint *n_users);

G_END_DECLS
