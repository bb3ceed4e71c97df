/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The GEOS side of the network analysis (ra-network-geos.c): one reentrant
 * context per analysis, WKB in, geodesic lengths and RaGeometry out. */

#define GEOS_USE_ONLY_R_API
#include <geos_c.h>

#include "ra-crs.h"
#include "ra-geometry.h"

G_BEGIN_DECLS

typedef struct {
  GEOSContextHandle_t  ctx;
  GEOSWKBReader       *wkb_reader;
  GEOSWKTWriter       *wkt_writer;
  char                *last_error;
} Geo;

void geo_init (Geo *geo);
void geo_clear (Geo *geo);
void geo_destroy (Geo *geo, GEOSGeometry *g);
GEOSGeometry *geo_from_wkb (Geo *geo, GBytes *wkb);
char *geo_to_wkt (Geo *geo, const GEOSGeometry *g);
double *geo_coords (Geo *geo, const GEOSGeometry *line, guint *n_points);
double geo_geodesic_length_m (Geo *geo, const GEOSGeometry *g);
double geo_geodesic_area_m2 (Geo *geo, const GEOSGeometry *g);
RaGeometry *geo_to_ra_polygon (Geo *geo, const GEOSGeometry *g);
GEOSGeometry *geo_transform (Geo *geo, const GEOSGeometry *g, RaTransform *t);
/* (transfer full) value with format, "" for NaN (ra-network.c). */
char *_ra_network_format_number (double value, const char *format);

G_END_DECLS
