/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The CRS of a GDAL layer as an RaCrs, in one place. */

#include <ogr_srs_api.h>
#include "ra-crs.h"

G_BEGIN_DECLS

typedef enum {
  /* The store's import: the EPSG code the CRS names, or that GDAL
   * identifies when it names none; otherwise its WKT2. */
  RA_GDAL_CRS_DEFAULT      = 0,
  /* Viewing a source: also PROJ's best match when it is at least 70 %
   * sure (so ESRI .prj files of CGCS2000 GK zones become EPSG:45xx), and
   * the code GDAL identifies for any CRS not named by EPSG. */
  RA_GDAL_CRS_FIND_MATCHES = 1 << 0,
} RaGdalCrsFlags;

/* Returns: (transfer full) (nullable) NULL when PROJ reads neither. */
RaCrs *ra_gdal_crs_from_ogr (OGRSpatialReferenceH srs,
                             RaGdalCrsFlags       flags);

G_END_DECLS
