/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include "ra-geometry.h"

G_BEGIN_DECLS

/* An immutable, reference-counted coordinate reference system description.
 * It holds a definition string (an authority code such as "EPSG:4542", or
 * WKT) and metadata read once from PROJ, so it can be shared between threads;
 * PROJ objects themselves live only inside RaTransform (one PJ_CONTEXT each). */
typedef struct _RaCrs RaCrs;

#define RA_TYPE_CRS (ra_crs_get_type ())
GType ra_crs_get_type (void);

/* Accepts "EPSG:4542", "4542", "epsg:4326", WKT, PROJJSON or a PROJ string. */
RaCrs      *ra_crs_new_from_user_input (const char *text, GError **error);
RaCrs      *ra_crs_new_from_epsg       (int code, GError **error);
RaCrs      *ra_crs_ref                 (RaCrs *crs);
void        ra_crs_unref               (RaCrs *crs);
/* Definition usable with ra_crs_new_from_user_input (WKT2 if there is no code). */
const char *ra_crs_get_definition      (const RaCrs *crs);
/* Human-readable name, e.g. "CGCS2000 / 3-degree Gauss-Kruger CM 99E". */
const char *ra_crs_get_name            (const RaCrs *crs);
/* "EPSG:4542", or NULL when PROJ finds no authority code. */
const char *ra_crs_get_auth_id         (const RaCrs *crs);
int         ra_crs_get_epsg            (const RaCrs *crs); /* 0 if none */
gboolean    ra_crs_is_geographic       (const RaCrs *crs);
/* Metres per CRS unit along the axes (1 for metric projected CRSs; for a
 * geographic CRS the metres per degree of latitude, ~111 km). */
double      ra_crs_get_meters_per_unit (const RaCrs *crs);
gboolean    ra_crs_equal               (const RaCrs *a, const RaCrs *b);
/* TRUE when text is crs as PROJ writes it in ESRI's WKT 1 on one line (a
 * shapefile's .prj as GDAL and ArcGIS write it): a far cheaper question
 * than what text is (parsing it looks ESRI's names up in PROJ's
 * database, 3-5 ms). */
gboolean    ra_crs_is_esri_wkt         (const RaCrs *crs, const char *text);

/* EPSG code of the CGCS2000 3-degree Gauss-Kruger zone (EPSG:4534..4554,
 * "CM nnE" without zone prefix) whose central meridian is nearest lon;
 * 0 when lon is outside 73.5E..136.5E (then callers fall back to Web
 * Mercator or stay geographic). */
int         ra_crs_gk_zone_epsg_for_lon (double lon);

/* A coordinate operation between two CRSs with axis order normalised for
 * visualisation (x = easting/longitude).  Owns its PJ_CONTEXT, so use one
 * RaTransform per thread. */
typedef struct _RaTransform RaTransform;

RaTransform *ra_transform_new     (const RaCrs *src, const RaCrs *dst, GError **error);
RaTransform *ra_transform_copy    (const RaTransform *t);
void         ra_transform_free    (RaTransform *t);
/* Transforms n points in place (interleaved xy).  Points that fail become
 * HUGE_VAL; returns the number of points that failed. */
guint        ra_transform_points  (RaTransform *t, double *xy, guint n_points);
gboolean     ra_transform_point   (RaTransform *t, double *x, double *y);
/* Transforms a bbox by densifying its edges (21 points per edge). */
gboolean     ra_transform_bbox    (RaTransform *t, const RaBBox *in, RaBBox *out);
gboolean     ra_transform_is_identity (const RaTransform *t);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaCrs, ra_crs_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaTransform, ra_transform_free)

G_END_DECLS
