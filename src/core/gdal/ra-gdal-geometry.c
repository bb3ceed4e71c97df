/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OGR geometries in one place: OGR → RaGeometry for the layers a source
 * reader makes (curves linearised, rings without their closing vertex,
 * coordinates no place has left out) and, bit-exact, for the store's WKB;
 * the store import's checks (type, validity through GEOS) and its
 * reprojection of a geometry in place. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "ra-gdal-error.h"
#include "ra-gdal-geometry.h"

/* ---- OGR to RaGeometry ---------------------------------------------------- */

RaGeomKind
ra_gdal_kind_of_type (OGRwkbGeometryType type)
{
  switch (wkbFlatten (type))
    {
    case wkbPoint:
    case wkbMultiPoint:
      return RA_GEOM_POINT;
    case wkbLineString:
    case wkbMultiLineString:
    case wkbCircularString:
    case wkbCompoundCurve:
    case wkbMultiCurve:
    case wkbLinearRing:
      return RA_GEOM_LINE;
    case wkbPolygon:
    case wkbMultiPolygon:
    case wkbCurvePolygon:
    case wkbMultiSurface:
    case wkbTriangle:
    case wkbTIN:
    case wkbPolyhedralSurface:
      return RA_GEOM_POLYGON;
    default:
      return RA_GEOM_NONE;
    }
}

/* The kind of the first non-empty simple member (for collections). */
static RaGeomKind
geometry_kind (OGRGeometryH g)
{
  OGRwkbGeometryType flat = wkbFlatten (OGR_G_GetGeometryType (g));

  if (flat == wkbGeometryCollection)
    {
      int n = OGR_G_GetGeometryCount (g);
      for (int i = 0; i < n; i++)
        {
          RaGeomKind k = geometry_kind (OGR_G_GetGeometryRef (g, i));
          if (k != RA_GEOM_NONE)
            return k;
        }
      return RA_GEOM_NONE;
    }
  return ra_gdal_kind_of_type (flat);
}

/* Walks the geometry; with geom == NULL only counts points and parts,
 * otherwise fills geom at *pt / *part. */
static void
walk_geometry (OGRGeometryH g, RaGeomKind want, RaGeometry *geom, guint *pt, guint *part)
{
  OGRwkbGeometryType flat = wkbFlatten (OGR_G_GetGeometryType (g));

  switch (flat)
    {
    case wkbPoint:
      if (want != RA_GEOM_POINT || OGR_G_IsEmpty (g))
        return;
      if (geom != NULL)
        {
          geom->parts[*part] = *pt;
          geom->xy[2 * *pt] = OGR_G_GetX (g, 0);
          geom->xy[2 * *pt + 1] = OGR_G_GetY (g, 0);
        }
      (*pt)++;
      (*part)++;
      return;

    case wkbLineString:
    case wkbLinearRing:
      {
        int n = OGR_G_GetPointCount (g);

        if (n <= 0 || want == RA_GEOM_POINT)
          return;
        if (geom != NULL)
          {
            double *dst = geom->xy + 2 * *pt;

            geom->parts[*part] = *pt;
            /* One bulk copy; Z and M are left out (flattened). */
            OGR_G_GetPoints (g, dst, 2 * sizeof (double), dst + 1, 2 * sizeof (double),
                             NULL, 0);
          }
        *pt += (guint) n;
        (*part)++;
        return;
      }

    case wkbPolygon:
    case wkbTriangle:
      {
        int n = OGR_G_GetGeometryCount (g);

        if (want != RA_GEOM_POLYGON)
          return;
        for (int i = 0; i < n; i++)
          walk_geometry (OGR_G_GetGeometryRef (g, i), want, geom, pt, part);
        return;
      }

    case wkbMultiPoint:
    case wkbMultiLineString:
    case wkbMultiPolygon:
    case wkbGeometryCollection:
    case wkbPolyhedralSurface:
    case wkbTIN:
      {
        int n = OGR_G_GetGeometryCount (g);

        for (int i = 0; i < n; i++)
          walk_geometry (OGR_G_GetGeometryRef (g, i), want, geom, pt, part);
        return;
      }

    default:
      return;
    }
}

/* Whether two vertices are equal as doubles (read from memory that may be
 * unaligned: a shapefile's record). */
static inline gboolean
same_vertex (const double *a, const double *b)
{
  double va[2], vb[2];

  memcpy (va, a, sizeof va);
  memcpy (vb, b, sizeof vb);
  return va[0] == vb[0] && va[1] == vb[1];
}

RaGdalGeomStatus
ra_gdal_geometry_finish (RaGeometry **geomp,
                         double       thin_tol,
                         double       max_x,
                         double       max_y)
{
  return ra_gdal_geometry_finish_from (geomp, NULL, thin_tol, max_x, max_y);
}

RaGdalGeomStatus
ra_gdal_geometry_finish_from (RaGeometry  **geomp,
                              const double *src,
                              double        thin_tol,
                              double        max_x,
                              double        max_y)
{
  /* One pass over the coordinates as the source gave them: each polygon
   * ring's repeated closing vertex dropped (rings are closed implicitly),
   * every coordinate checked (a non-finite one anywhere makes the geometry
   * invalid, whatever else is wrong with it; then coordinates out of range;
   * then rings of fewer than 3 points), thinned to thin_tol (loaded for one
   * view: only the detail it can show; the renderer's pixel rule, as
   * ra_geometry_thin) and the bbox of what is kept, compacting in place.
   * Four passes before (compaction, checks, thinning, bbox): 8 % of a
   * streamed render of the counties. */
  RaGeometry *geom = *geomp;
  const RaGeomKind kind = geom->kind;
  const guint n_parts = geom->n_parts;
  const double tol = thin_tol > 0.0 && kind != RA_GEOM_POINT ? thin_tol : 0.0;
  gboolean degenerate = FALSE;
  guint bad = 0;
  RaBBox bb = RA_BBOX_EMPTY;
  guint w = 0, next_a = geom->parts[0];
  double *xy = geom->xy;
  const double *in;
#ifdef __SSE2__
  const __m128d abs_mask = _mm_castsi128_pd (_mm_set1_epi64x (0x7fffffffffffffffLL));
  const __m128d max_v = _mm_set_pd (max_y, max_x);
  const __m128d tol_v = _mm_set1_pd (tol);
#endif

#ifndef __SSE2__
  /* (src may be unaligned: the scalar loop reads doubles in place.) */
  if (src != NULL)
    memcpy (xy, src, 2 * sizeof (double) * geom->n_points);
  src = NULL;
#endif
  in = src != NULL ? src : xy;

  /* A vertex is dropped when it is within tol of the last one kept in x
   * and in y (each part keeps its first and last).  A coordinate that is
   * not within ±max (NaN is not) marks the geometry bad; which way (not
   * finite, or out of range) is told below from the vertices kept, which
   * hold every non-finite one (NaN and inf are never within tol). */
  for (guint p = 0; p < n_parts; p++)
    {
      guint a = next_a, b = geom->parts[p + 1];

      next_a = b;
      /* (a ring may repeat its closing vertex more than once) */
      if (kind == RA_GEOM_POLYGON)
        {
          while (b - a >= 2 && same_vertex (in + 2 * a, in + 2 * (b - 1)))
            b--;
          if (b - a < 3)
            degenerate = TRUE;
        }
      geom->parts[p] = w;
      if (a >= b)
        continue;
#ifdef __SSE2__
      {
        /* x and y of a vertex in one register: a third of the
         * instructions of the scalar loop (this loop was a tenth of a
         * streamed render of the counties). */
        __m128d last = _mm_loadu_pd (in + 2 * a);

        bad |= (guint) _mm_movemask_pd (_mm_cmpnle_pd (_mm_and_pd (last, abs_mask), max_v));
        _mm_storeu_pd (xy + 2 * w, last);
        w++;
        for (guint i = a + 1; i + 1 < b; i++)
          {
            __m128d v = _mm_loadu_pd (in + 2 * i);
            __m128d d = _mm_and_pd (_mm_sub_pd (v, last), abs_mask);

            bad |= (guint) _mm_movemask_pd (_mm_cmpnle_pd (_mm_and_pd (v, abs_mask), max_v));
            if (_mm_movemask_pd (_mm_cmpnlt_pd (d, tol_v)) == 0)
              continue;
            _mm_storeu_pd (xy + 2 * w, v);
            w++;
            last = v;
          }
        if (b - a >= 2)
          {
            __m128d v = _mm_loadu_pd (in + 2 * (b - 1));

            bad |= (guint) _mm_movemask_pd (_mm_cmpnle_pd (_mm_and_pd (v, abs_mask), max_v));
            _mm_storeu_pd (xy + 2 * w, v);
            w++;
          }
      }
#else
      {
        double lx = 0.0, ly = 0.0;

        for (guint i = a; i < b; i++)
          {
            double x = in[2 * i], y = in[2 * i + 1];

            bad |= !(fabs (x) <= max_x) | !(fabs (y) <= max_y);
            if (i > a && i + 1 < b && fabs (x - lx) < tol && fabs (y - ly) < tol)
              continue;
            xy[2 * w] = lx = x;
            xy[2 * w + 1] = ly = y;
            w++;
          }
      }
#endif
    }
  geom->parts[n_parts] = w;
  if (bad)
    {
      /* A non-finite coordinate anywhere makes the geometry invalid,
       * whatever else is wrong with it; else coordinates out of range. */
      RaGdalGeomStatus why = RA_GDAL_GEOM_OUT_OF_RANGE;

      for (guint i = 0; i < w; i++)
        if (!isfinite (xy[2 * i]) || !isfinite (xy[2 * i + 1]))
          why = RA_GDAL_GEOM_INVALID;
      g_clear_pointer (geomp, ra_geometry_free);
      return why;
    }
  if (degenerate)
    {
      g_clear_pointer (geomp, ra_geometry_free);
      return RA_GDAL_GEOM_INVALID;
    }
  for (guint i = 0; i < w; i++)
    ra_bbox_add_point (&bb, xy[2 * i], xy[2 * i + 1]);
  if (w < geom->n_points)
    geom->xy = g_renew (double, geom->xy, 2 * (gsize) MAX (w, 1));
  geom->n_points = w;
  geom->bbox = bb;
  return RA_GDAL_GEOM_OK;
}

RaGeometry *
ra_gdal_geometry_convert (OGRGeometryH      src,
                          double            thin_tol,
                          double            max_x,
                          double            max_y,
                          RaGdalGeomStatus *status)
{
  OGRGeometryH linear = NULL;
  OGRGeometryH g = src;
  RaGeometry *geom = NULL;
  RaGeomKind kind;
  guint n_pts = 0, n_parts = 0, pt = 0, part = 0;

  *status = RA_GDAL_GEOM_EMPTY;
  if (src == NULL || OGR_G_IsEmpty (src))
    return NULL;

  if (OGR_G_HasCurveGeometry (src, TRUE))
    {
      linear = OGR_G_GetLinearGeometry (src, 0, NULL);
      if (linear == NULL)
        {
          *status = RA_GDAL_GEOM_INVALID;
          return NULL;
        }
      g = linear;
    }

  kind = geometry_kind (g);
  if (kind == RA_GEOM_NONE)
    goto out;
  walk_geometry (g, kind, NULL, &n_pts, &n_parts);
  if (n_pts == 0 || n_parts == 0)
    goto out;

  geom = ra_geometry_new_uninit (kind, n_pts, n_parts);
  walk_geometry (g, kind, geom, &pt, &part);
  g_assert (part == n_parts);
  *status = ra_gdal_geometry_finish (&geom, thin_tol, max_x, max_y);

out:
  if (linear != NULL)
    OGR_G_DestroyGeometry (linear);
  return geom;
}

/* Appends the vertices of an OGR geometry as parts (rings without their
 * closing point). */
static void
collect_ogr_parts (OGRGeometryH g, gboolean rings, GArray *xy, GArray *parts)
{
  int n_sub = OGR_G_GetGeometryCount (g);
  guint end;
  int n;

  if (n_sub > 0)
    {
      for (int i = 0; i < n_sub; i++)
        collect_ogr_parts (OGR_G_GetGeometryRef (g, i), rings, xy, parts);
      return;
    }
  n = OGR_G_GetPointCount (g);
  if (rings && n > 1 && OGR_G_GetX (g, 0) == OGR_G_GetX (g, n - 1) &&
      OGR_G_GetY (g, 0) == OGR_G_GetY (g, n - 1))
    n--;
  if (n <= 0)
    return;
  for (int i = 0; i < n; i++)
    {
      double p[2] = { OGR_G_GetX (g, i), OGR_G_GetY (g, i) };
      g_array_append_vals (xy, p, 2);
    }
  end = xy->len / 2;
  g_array_append_val (parts, end);
}

RaGeometry *
ra_gdal_geometry_from_wkb (gconstpointer wkb, gsize size, RaGeomKind kind)
{
  g_autoptr(GArray) xy = NULL;
  g_autoptr(GArray) parts = NULL;
  OGRGeometryH geom = NULL;
  RaGeometry *out;
  guint zero = 0;

  if (OGR_G_CreateFromWkb (wkb, NULL, &geom, (int) size) != OGRERR_NONE || geom == NULL)
    return NULL;
  xy = g_array_new (FALSE, FALSE, sizeof (double));
  parts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_val (parts, zero);
  collect_ogr_parts (geom, kind == RA_GEOM_POLYGON, xy, parts);
  OGR_G_DestroyGeometry (geom);
  if (xy->len == 0)
    return NULL;

  out = ra_geometry_new (kind, xy->len / 2, parts->len - 1);
  memcpy (out->xy, xy->data, xy->len * sizeof (double));
  memcpy (out->parts, parts->data, parts->len * sizeof (guint));
  ra_geometry_update_bbox (out);
  return out;
}

gboolean
ra_gdal_wkt_centroid (const char *wkt, double *x, double *y)
{
  OGRGeometryH geom = NULL, centroid;
  char *cursor = (char *) wkt;
  gboolean ok = FALSE;

  if (OGR_G_CreateFromWkt (&cursor, NULL, &geom) != OGRERR_NONE || geom == NULL)
    return FALSE;
  centroid = OGR_G_CreateGeometry (wkbPoint);
  if (OGR_G_Centroid (geom, centroid) == OGRERR_NONE && !OGR_G_IsEmpty (centroid))
    {
      *x = OGR_G_GetX (centroid, 0);
      *y = OGR_G_GetY (centroid, 0);
      ok = TRUE;
    }
  OGR_G_DestroyGeometry (centroid);
  OGR_G_DestroyGeometry (geom);
  return ok;
}

gboolean
ra_gdal_wkt_contains_point (const char *wkt, double x, double y)
{
  OGRGeometryH geom = NULL, point;
  char *cursor = (char *) wkt;
  gboolean inside;

  if (wkt == NULL || OGR_G_CreateFromWkt (&cursor, NULL, &geom) != OGRERR_NONE || geom == NULL)
    return FALSE;
  point = OGR_G_CreateGeometry (wkbPoint);
  OGR_G_SetPoint_2D (point, 0, x, y);
  inside = OGR_G_Contains (geom, point);
  OGR_G_DestroyGeometry (point);
  OGR_G_DestroyGeometry (geom);
  return inside;
}

/* ---- checks and reprojection (the store's import) ------------------------- */

gboolean
ra_gdal_geometry_is_empty (OGRGeometryH g)
{
  return g == NULL || OGR_G_IsEmpty (g);
}

const char *
ra_gdal_geometry_type_name (OGRGeometryH g)
{
  return OGR_G_GetGeometryName (g);
}

gboolean
ra_gdal_geometry_fits (OGRGeometryH g, const char *column_type)
{
  OGRwkbGeometryType flat = wkbFlatten (OGR_G_GetGeometryType (g));

  if (g_strcmp0 (column_type, "POINT") == 0)
    return flat == wkbPoint;
  if (g_strcmp0 (column_type, "MULTILINESTRING") == 0)
    return flat == wkbLineString || flat == wkbMultiLineString;
  return flat == wkbPolygon || flat == wkbMultiPolygon;
}

gboolean
ra_gdal_geometry_is_valid (OGRGeometryH g, char **reason)
{
  RaGdalCapture cap;
  gboolean valid;

  /* GEOS's verdict, with its reason instead of a warning on stderr. */
  ra_gdal_capture_begin (&cap, RA_GDAL_CAPTURE_MESSAGES);
  valid = OGR_G_IsValid (g);
  if (!valid && reason != NULL)
    *reason = g_strdup (cap.messages->len > 0 ? g_ptr_array_index (cap.messages, 0)
                                              : _("self-intersection or bad ring"));
  ra_gdal_capture_end (&cap);
  return valid;
}

/* Transforms every vertex of an OGR geometry in place. */
static gboolean
transform_in_place (OGRGeometryH g, RaTransform *t, double max_x, double max_y)
{
  int n_sub = OGR_G_GetGeometryCount (g);

  if (n_sub > 0)
    {
      for (int i = 0; i < n_sub; i++)
        if (!transform_in_place (OGR_G_GetGeometryRef (g, i), t, max_x, max_y))
          return FALSE;
      return TRUE;
    }
  for (int i = 0; i < OGR_G_GetPointCount (g); i++)
    {
      double x = OGR_G_GetX (g, i), y = OGR_G_GetY (g, i);

      /* 1e300 or inf would be kept as they are: refused. */
      if (!ra_transform_point (t, &x, &y) || !isfinite (x) || !isfinite (y) ||
          fabs (x) > max_x || fabs (y) > max_y)
        return FALSE;
      OGR_G_SetPoint_2D (g, i, x, y);
    }
  return TRUE;
}

GBytes *
ra_gdal_geometry_reproject_wkb (OGRGeometryH g, RaTransform *t, double max_x, double max_y)
{
  unsigned char *wkb;
  int size;

  OGR_G_FlattenTo2D (g);
  if (!transform_in_place (g, t, max_x, max_y))
    return NULL;
  size = OGR_G_WkbSize (g);
  wkb = g_malloc (size);
  OGR_G_ExportToWkb (g, wkbNDR, wkb);
  return g_bytes_new_take (wkb, size);
}
