/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GEOS helpers of the network analysis: WKB in, coordinates, geodesic
 * lengths (ra-geometry's PROJ geod) and polygons out, reprojection. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-network-private.h"



static void
geo_message (const char *message, void *user_data)
{
  Geo *geo = user_data;

  g_free (geo->last_error);
  geo->last_error = g_strdup (message);
}

void
geo_init (Geo *geo)
{
  memset (geo, 0, sizeof *geo);
  geo->ctx = GEOS_init_r ();
  GEOSContext_setErrorMessageHandler_r (geo->ctx, geo_message, geo);
  geo->wkb_reader = GEOSWKBReader_create_r (geo->ctx);
  geo->wkt_writer = GEOSWKTWriter_create_r (geo->ctx);
  GEOSWKTWriter_setTrim_r (geo->ctx, geo->wkt_writer, 1);
  /* 1e-9 degree is 0.1 mm: lossless for planning. */
  GEOSWKTWriter_setRoundingPrecision_r (geo->ctx, geo->wkt_writer, 9);
  GEOSWKTWriter_setOutputDimension_r (geo->ctx, geo->wkt_writer, 2);
}

void
geo_clear (Geo *geo)
{
  GEOSWKBReader_destroy_r (geo->ctx, geo->wkb_reader);
  GEOSWKTWriter_destroy_r (geo->ctx, geo->wkt_writer);
  GEOS_finish_r (geo->ctx);
  g_free (geo->last_error);
}

void
geo_destroy (Geo *geo, GEOSGeometry *g)
{
  if (g != NULL)
    GEOSGeom_destroy_r (geo->ctx, g);
}

GEOSGeometry *
geo_from_wkb (Geo *geo, GBytes *wkb)
{
  gsize size;
  const unsigned char *data;

  if (wkb == NULL)
    return NULL;
  data = g_bytes_get_data (wkb, &size);
  return GEOSWKBReader_read_r (geo->ctx, geo->wkb_reader, data, size);
}

char *
geo_to_wkt (Geo *geo, const GEOSGeometry *g)
{
  char *text = GEOSWKTWriter_write_r (geo->ctx, geo->wkt_writer, g);
  char *copy = g_strdup (text);

  GEOSFree_r (geo->ctx, text);
  return copy;
}

/* (transfer full) the coordinates of a line or ring as lon/lat pairs. */
double *
geo_coords (Geo *geo, const GEOSGeometry *line, guint *n_points)
{
  const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r (geo->ctx, line);
  unsigned int size = 0;
  double *xy;

  *n_points = 0;
  if (seq == NULL || !GEOSCoordSeq_getSize_r (geo->ctx, seq, &size) || size == 0)
    return NULL;
  xy = g_new (double, 2 * size);
  if (!GEOSCoordSeq_copyToBuffer_r (geo->ctx, seq, xy, 0, 0))
    {
      g_free (xy);
      return NULL;
    }
  *n_points = size;
  return xy;
}

/* Geodesic length (m) of the linear parts of a lon/lat geometry. */
double
geo_geodesic_length_m (Geo *geo, const GEOSGeometry *g)
{
  int type = GEOSGeomTypeId_r (geo->ctx, g);
  double total = 0;

  switch (type)
    {
    case GEOS_LINESTRING:
    case GEOS_LINEARRING:
      {
        guint n;
        g_autofree double *xy = geo_coords (geo, g, &n);

        return xy != NULL ? ra_geodesic_length_m (xy, n) : 0;
      }
    case GEOS_MULTILINESTRING:
    case GEOS_GEOMETRYCOLLECTION:
      for (int i = 0; i < GEOSGetNumGeometries_r (geo->ctx, g); i++)
        total += geo_geodesic_length_m (geo, GEOSGetGeometryN_r (geo->ctx, g, i));
      return total;
    default:
      return 0;   /* points (a line touching an area) have no length */
    }
}

static double
ring_area_m2 (Geo *geo, const GEOSGeometry *ring)
{
  guint n;
  g_autofree double *xy = geo_coords (geo, ring, &n);

  return xy != NULL ? ra_geodesic_area_m2 (xy, n) : 0;
}

/* Geodesic area (m²) of the polygonal parts of a lon/lat geometry. */
double
geo_geodesic_area_m2 (Geo *geo, const GEOSGeometry *g)
{
  int type = GEOSGeomTypeId_r (geo->ctx, g);
  double total = 0;

  switch (type)
    {
    case GEOS_POLYGON:
      total = ring_area_m2 (geo, GEOSGetExteriorRing_r (geo->ctx, g));
      for (int i = 0; i < GEOSGetNumInteriorRings_r (geo->ctx, g); i++)
        total -= ring_area_m2 (geo, GEOSGetInteriorRingN_r (geo->ctx, g, i));
      return MAX (total, 0);
    case GEOS_MULTIPOLYGON:
    case GEOS_GEOMETRYCOLLECTION:
      for (int i = 0; i < GEOSGetNumGeometries_r (geo->ctx, g); i++)
        total += geo_geodesic_area_m2 (geo, GEOSGetGeometryN_r (geo->ctx, g, i));
      return total;
    default:
      return 0;
    }
}

static void
add_ring (Geo *geo, const GEOSGeometry *ring, GArray *xy, GArray *parts)
{
  guint n, start = xy->len / 2;
  g_autofree double *coords = geo_coords (geo, ring, &n);

  /* GEOS closes rings explicitly; RaGeometry closes them implicitly. */
  if (coords == NULL || n < 4)
    return;
  g_array_append_vals (xy, coords, 2 * (n - 1));
  g_array_append_val (parts, start);
}

static void
collect_rings (Geo *geo, const GEOSGeometry *g, GArray *xy, GArray *parts)
{
  switch (GEOSGeomTypeId_r (geo->ctx, g))
    {
    case GEOS_POLYGON:
      add_ring (geo, GEOSGetExteriorRing_r (geo->ctx, g), xy, parts);
      for (int i = 0; i < GEOSGetNumInteriorRings_r (geo->ctx, g); i++)
        add_ring (geo, GEOSGetInteriorRingN_r (geo->ctx, g, i), xy, parts);
      break;
    case GEOS_MULTIPOLYGON:
    case GEOS_GEOMETRYCOLLECTION:
      for (int i = 0; i < GEOSGetNumGeometries_r (geo->ctx, g); i++)
        collect_rings (geo, GEOSGetGeometryN_r (geo->ctx, g, i), xy, parts);
      break;
    default:
      break;
    }
}

/* (transfer full) (nullable) the polygonal parts as a RaGeometry. */
RaGeometry *
geo_to_ra_polygon (Geo *geo, const GEOSGeometry *g)
{
  g_autoptr(GArray) xy = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) parts = g_array_new (FALSE, FALSE, sizeof (guint));
  RaGeometry *out;
  guint n_points;

  collect_rings (geo, g, xy, parts);
  if (parts->len == 0)
    return NULL;
  n_points = xy->len / 2;
  out = ra_geometry_new (RA_GEOM_POLYGON, n_points, parts->len);
  memcpy (out->xy, xy->data, xy->len * sizeof (double));
  memcpy (out->parts, parts->data, parts->len * sizeof (guint));
  out->parts[parts->len] = n_points;
  ra_geometry_update_bbox (out);
  return out;
}

static int
transform_xy (double *x, double *y, void *user_data)
{
  return ra_transform_point (user_data, x, y) ? 1 : 0;
}

/* (transfer full) (nullable) g with every coordinate transformed. */
GEOSGeometry *
geo_transform (Geo *geo, const GEOSGeometry *g, RaTransform *t)
{
  return GEOSGeom_transformXY_r (geo->ctx, g, transform_xy, t);
}

