/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What ra-crs.c's table generator (ra-crs-gen.c) and its tests see. */
#include "ra-crs.h"

G_BEGIN_DECLS

/* A CRS known without asking PROJ: what PROJ answered at build time for
 * "EPSG:epsg" (name, kind, metres per unit) and its ESRI WKT 1 on one line
 * (NULL if PROJ writes none), the .prj text a shapefile in it has. */
typedef struct {
  int         epsg;
  const char *name;
  gboolean    geographic;
  double      meters_per_unit;
  const char *esri_wkt;
} RaCrsKnown;

const RaCrsKnown *ra_crs_known_table (gsize *n_known);
/* As ra_crs_new_from_user_input, always asking PROJ. */
RaCrs *ra_crs_new_from_proj (const char *text, GError **error);
/* PROJ's ESRI WKT 1 of crs on one line (NULL if none). */
char  *ra_crs_proj_esri_wkt (const RaCrs *crs);

G_END_DECLS
