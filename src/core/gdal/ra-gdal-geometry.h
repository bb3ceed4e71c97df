/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* OGR geometries in one place: conversion to RaGeometry (for layers read
 * from a source and for the store's WKB), reprojection of an OGR geometry
 * in place, and the checks the store's import makes (type, validity). */

#include <ogr_api.h>
#include "ra-crs.h"
#include "ra-geometry.h"

G_BEGIN_DECLS

typedef enum {
  RA_GDAL_GEOM_OK,
  RA_GDAL_GEOM_EMPTY,
  RA_GDAL_GEOM_INVALID,       /* dropped: non-finite coordinates or degenerate rings */
  RA_GDAL_GEOM_OUT_OF_RANGE,  /* dropped: coordinates no CRS has (1e308, lon 5000) */
} RaGdalGeomStatus;

/* The kind of geometry an OGR type holds (RA_GEOM_NONE for collections
 * and unknown types). */
RaGeomKind  ra_gdal_kind_of_type        (OGRwkbGeometryType type);

/* Converts an OGR geometry to a RaGeometry of its dominant kind: curves
 * linearised, Z and M dropped, each polygon ring's repeated closing vertex
 * dropped, thinned to thin_tol (0: every vertex).  NULL (and why in
 * *status) when empty, invalid or beyond ±max_x / ±max_y.
 * Returns: (transfer full) (nullable) */
RaGeometry *ra_gdal_geometry_convert    (OGRGeometryH      src,
                                         double            thin_tol,
                                         double            max_x,
                                         double            max_y,
                                         RaGdalGeomStatus *status);

/* The last step of ra_gdal_geometry_convert, for a geometry filled with a
 * source's coordinates as they are (each ring with its closing vertex or
 * without): closing vertices dropped, coordinates checked, thinned to
 * thin_tol, bbox set.  Frees *geom and sets it to NULL unless
 * RA_GDAL_GEOM_OK. */
RaGdalGeomStatus ra_gdal_geometry_finish (RaGeometry **geom,
                                          double       thin_tol,
                                          double       max_x,
                                          double       max_y);
/* ra_gdal_geometry_finish reading the coordinates from src (nullable:
 * geom's own; else n_points x, y pairs, which may be unaligned, such as a
 * shapefile's record in memory) into geom's, which need not hold them. */
RaGdalGeomStatus ra_gdal_geometry_finish_from (RaGeometry  **geom,
                                               const double *src,
                                               double        thin_tol,
                                               double        max_x,
                                               double        max_y);

/* Reads WKB as a RaGeometry of kind, bit-exact: one part
 * per line string or ring, polygon rings without their closing point.
 * NULL when the bytes are no geometry or it has no vertex.
 * Returns: (transfer full) (nullable) */
RaGeometry *ra_gdal_geometry_from_wkb   (gconstpointer     wkb,
                                         gsize             size,
                                         RaGeomKind        kind);

/* The centroid of a geometry given as WKT; FALSE (x, y untouched) when the
 * text is no geometry or the centroid is empty. */
gboolean    ra_gdal_wkt_centroid        (const char *wkt,
                                         double     *x,
                                         double     *y);

/* TRUE when the geometry given as WKT contains the point (x, y) (GEOS,
 * through OGR); FALSE also when the text is no geometry. */
gboolean    ra_gdal_wkt_contains_point  (const char *wkt,
                                         double      x,
                                         double      y);

/* TRUE when g is NULL or empty. */
gboolean    ra_gdal_geometry_is_empty   (OGRGeometryH g);
/* The geometry's type name as OGR writes it ("POLYGON"). */
const char *ra_gdal_geometry_type_name  (OGRGeometryH g);
/* TRUE when g can go into a column of column_type ("POINT",
 * "MULTILINESTRING" or "MULTIPOLYGON"): a single geometry fits its multi
 * type. */
gboolean    ra_gdal_geometry_fits       (OGRGeometryH g,
                                         const char  *column_type);
/* GEOS's verdict; when invalid, *reason (optional, transfer full) is
 * GEOS's reason, without a warning on stderr. */
gboolean    ra_gdal_geometry_is_valid   (OGRGeometryH g,
                                         char       **reason);
/* Flattens g to 2D, transforms it in place with t and returns it as WKB
 * (little-endian, as OGR exports it); NULL when a vertex cannot be
 * transformed or lands beyond ±max_x / ±max_y (or is not finite).
 * Returns: (transfer full) (nullable) */
GBytes     *ra_gdal_geometry_reproject_wkb (OGRGeometryH  g,
                                            RaTransform  *t,
                                            double        max_x,
                                            double        max_y);

G_END_DECLS
