/* SPDX-License-Identifier: GPL-3.0-or-later */
/* VSIStatBufL is struct stat64 */
#define _LARGEFILE64_SOURCE 1
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>

#include "ra-autocleanups.h"
#include "ra-encoding.h"
#include "ra-error.h"
#include "ra-map.h"
#include "ra-paths.h"
#include "ra-source.h"
#include "ra-source-private.h"

/* GEOS validity checks cost about as much as reading; bound them.  Beyond
 * a budget of polygon vertices (all China's counties: 6.9 M vertices, where
 * the check took 0.75 s of a 1.3 s render) a layer is not checked at all:
 * a count over part of a layer would be wrong, and the renderer never
 * assumes valid geometry anyway. */
#define RA_VALIDITY_CHECK_MAX_FEATURES 20000
#define RA_VALIDITY_CHECK_MAX_VERTICES 300000
/* Layers with at least this many features are read by two threads, each
 * with its own dataset handle, when the driver can start in the middle
 * cheaply (shapefile record index, GeoPackage rowid range). */
#define RA_PARALLEL_READ_MIN_FEATURES 2000

void
ra_source_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      GDALAllRegister ();
      g_once_init_leave (&done, 1);
    }
}

/* ---- capturing GDAL errors -------------------------------------------- */

/* GDAL's error handler stack is per thread, so pushing one while reading
 * captures only this thread's messages. */
typedef struct {
  guint  n_failures;
  char  *first_failure;
  char  *last_failure;
} CplCapture;

static void CPL_STDCALL
capture_handler (CPLErr cls, CPLErrorNum num, const char *msg)
{
  CplCapture *cap = CPLGetErrorHandlerUserData ();

  if (cls != CE_Failure && cls != CE_Fatal)
    return;
  cap->n_failures++;
  if (cap->first_failure == NULL)
    cap->first_failure = g_strdup (msg);
  g_free (cap->last_failure);
  cap->last_failure = g_strdup (msg);
}

static void
capture_begin (CplCapture *cap)
{
  memset (cap, 0, sizeof *cap);
  CPLPushErrorHandlerEx (capture_handler, cap);
}

static void
capture_end (CplCapture *cap)
{
  CPLPopErrorHandler ();
  g_clear_pointer (&cap->first_failure, g_free);
  g_clear_pointer (&cap->last_failure, g_free);
}

/* " (GDAL: msg)" or "" */
static char *
cause_suffix (const char *msg)
{
  g_autofree char *valid = NULL;

  if (msg == NULL || *msg == '\0')
    return g_strdup ("");
  /* GDAL quotes raw bytes of the file (field names, values) in messages. */
  valid = g_utf8_make_valid (msg, -1);
  return g_strdup_printf (" (%s)", valid);
}

/* ---- opening ------------------------------------------------------------ */

static gboolean
looks_like_known_format (const char *path)
{
  GDALDriverH drv;

  drv = GDALIdentifyDriverEx (path, GDAL_OF_VECTOR, NULL, NULL);
  if (drv == NULL)
    return FALSE;
  /* The shapefile driver claims any *.shp by name; check the magic number
   * (9994, big-endian) before calling a file "damaged". */
  if (g_strcmp0 (GDALGetDriverShortName (drv), "ESRI Shapefile") == 0 &&
      g_str_has_suffix (path, ".shp"))
    {
      guchar head[4] = { 0 };
      FILE *f = fopen (path, "rb");
      gboolean ok = FALSE;

      if (f != NULL)
        {
          ok = fread (head, 1, 4, f) == 4 &&
               head[0] == 0 && head[1] == 0 && head[2] == 0x27 && head[3] == 0x0a;
          fclose (f);
        }
      return ok;
    }
  return TRUE;
}

gboolean
ra_source_path_exists (const char *path)
{
  VSIStatBufL st;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  if (!g_str_has_prefix (path, "/vsi"))
    return FALSE;
  ra_source_init ();
  return VSIStatExL (path, &st, VSI_STAT_EXISTS_FLAG) == 0;
}

/* A failure GDAL reports while it reads a source's CRS declaration. */
static gboolean
is_crs_failure (const char *msg)
{
  return msg != NULL &&
         (strstr (msg, "PROJ") != NULL || strstr (msg, "crs") != NULL ||
          strstr (msg, "CRS") != NULL || strstr (msg, "SRS") != NULL ||
          strstr (msg, "spatial reference") != NULL || strstr (msg, "projection") != NULL);
}

/* The CRS name a GeoJSON file declares ("crs": {"properties": {"name": …}}),
 * for the message; NULL when it cannot be read. */
static char *
declared_crs_name (const char *path)
{
  g_autoptr(GRegex) re = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  char head[65536];
  VSILFILE *f;
  size_t n;
  char *name = NULL;

  f = VSIFOpenL (path, "rb");
  if (f == NULL)
    return NULL;
  n = VSIFReadL (head, 1, sizeof head - 1, f);
  VSIFCloseL (f);
  head[n] = '\0';
  re = g_regex_new ("\"crs\"\\s*:\\s*\\{[^}]*?\"name\"\\s*:\\s*\"([^\"]{1,200})\"",
                    G_REGEX_RAW, 0, NULL);
  if (re != NULL && g_regex_match (re, head, 0, &match))
    {
      g_autofree char *raw = g_match_info_fetch (match, 1);

      name = g_utf8_make_valid (raw, -1);
    }
  return name;
}

GDALDatasetH
ra_source_gdal_open (const char          *path,
                     const char * const  *open_options,
                     char               **crs_problem,
                     char               **first_failure)
{
  GDALDatasetH ds;
  CplCapture cap;

  ra_source_init ();
  capture_begin (&cap);
  ds = GDALOpenEx (path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, open_options, NULL);
  if (ds == NULL && first_failure != NULL)
    *first_failure = g_strdup (cap.first_failure);
  if (ds != NULL && crs_problem != NULL && cap.n_failures > 0 &&
      (is_crs_failure (cap.first_failure) || is_crs_failure (cap.last_failure)))
    {
      g_autofree char *name = declared_crs_name (path);
      g_autofree char *why = g_utf8_make_valid (is_crs_failure (cap.first_failure)
                                                ? cap.first_failure : cap.last_failure, -1);

      if (name != NULL)
        *crs_problem = g_strdup_printf (_("the file declares the coordinate reference system “%s”, which PROJ does not know (%s)"),
                                        name, why);
      else
        *crs_problem = g_strdup_printf (_("the file declares a coordinate reference system that PROJ does not know (%s)"),
                                        why);
    }
  /* GDAL takes a GeoJSON "crs" name it cannot parse as WGS 84 without a
   * word: check the declaration itself. */
  if (ds != NULL && crs_problem != NULL && *crs_problem == NULL &&
      g_strcmp0 (GDALGetDriverShortName (GDALGetDatasetDriver (ds)), "GeoJSON") == 0)
    {
      g_autofree char *name = declared_crs_name (path);

      if (name != NULL)
        {
          g_auto(OGRSpatialReferenceH) srs = OSRNewSpatialReference (NULL);
          guint before = cap.n_failures;

          if (OSRSetFromUserInput (srs, name) != OGRERR_NONE || cap.n_failures > before)
            *crs_problem = g_strdup_printf (_("the file declares the coordinate reference system “%s”, which PROJ does not know (%s)"),
                                            name, cap.n_failures > before && cap.last_failure != NULL
                                                  ? cap.last_failure : _("not a CRS name PROJ can read"));
        }
    }
  capture_end (&cap);
  return ds;
}

static GDALDatasetH
open_dataset (const char *path, const char * const *open_options, char **crs_problem,
              GError **error)
{
  g_autofree char *display = ra_path_display_name (path);
  g_autofree char *first_failure = NULL;
  GDALDatasetH ds;

  ra_source_init ();

  if (!ra_source_path_exists (path))
    {
      g_set_error (error, RA_ERROR, RA_ERROR_NOT_FOUND,
                   _("%s: file not found"), display);
      return NULL;
    }
  /* A FIFO or device would block GDAL's first read forever. */
  if (g_file_test (path, G_FILE_TEST_EXISTS) &&
      !g_file_test (path, G_FILE_TEST_IS_REGULAR) && !g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, RA_ERROR, RA_ERROR_UNSUPPORTED,
                   _("%s: not a regular file or folder (a pipe or device cannot be read as data)"),
                   display);
      return NULL;
    }

  ds = ra_source_gdal_open (path, open_options, crs_problem, &first_failure);
  if (ds == NULL)
    {
      g_autofree char *cause = cause_suffix (first_failure);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        g_set_error (error, RA_ERROR, RA_ERROR_UNSUPPORTED,
                     _("%s: this folder is not a vector dataset (no shapefiles or other data GDAL can read)"),
                     display);
      else if (looks_like_known_format (path))
        g_set_error (error, RA_ERROR, RA_ERROR_CORRUPT,
                     _("%s: the file is damaged or truncated and cannot be opened%s"),
                     display, cause);
      else
        g_set_error (error, RA_ERROR, RA_ERROR_UNSUPPORTED,
                     _("%s: unsupported format: not a vector data format GDAL can read"),
                     display);
    }
  else if (GDALDatasetGetLayerCount (ds) == 0)
    {
      g_set_error (error, RA_ERROR, RA_ERROR_EMPTY,
                   _("%s: the file contains no vector layers"), display);
      g_clear_pointer (&ds, GDALClose);
    }
  if (ds == NULL && crs_problem != NULL)
    g_clear_pointer (crs_problem, g_free);
  return ds;
}

/**
 * ra_source_list_layers:
 * Returns: (transfer full) (nullable) NULL-terminated layer names.
 */
char **
ra_source_list_layers (const char *path, GError **error)
{
  g_auto(GDALDatasetH) ds = NULL;
  g_autoptr(GStrvBuilder) names = NULL;
  int n;

  g_return_val_if_fail (path != NULL, NULL);

  ds = open_dataset (path, NULL, NULL, error);
  if (ds == NULL)
    return NULL;
  names = g_strv_builder_new ();
  n = GDALDatasetGetLayerCount (ds);
  for (int i = 0; i < n; i++)
    {
      OGRLayerH layer = GDALDatasetGetLayer (ds, i);
      if (layer != NULL)
        g_strv_builder_add (names, OGR_L_GetName (layer));
    }
  return g_strv_builder_end (names);
}

/* ---- text decoding ------------------------------------------------------ */

typedef struct {
  const char *charset;    /* (nullable) decode non-UTF-8 text from; NULL: GB18030 */
  guint       n_converted; /* strings that were decoded */
  guint       n_failed;    /* strings that did not decode (made valid) */
} TextDecoder;

char *
ra_source_decode_text (const char *charset, const char *s, guint *converted, guint *failed)
{
  char *out;

  if (g_utf8_validate (s, -1, NULL))
    return g_strdup (s);
  out = g_convert (s, -1, "UTF-8", charset != NULL ? charset : "GB18030", NULL, NULL, NULL);
  if (out != NULL)
    {
      if (converted != NULL)
        (*converted)++;
      return out;
    }
  if (failed != NULL)
    (*failed)++;
  return g_utf8_make_valid (s, -1);
}

/* Returns (transfer full) UTF-8 text. */
static char *
decode_text (TextDecoder *dec, const char *s)
{
  return ra_source_decode_text (dec->charset, s, &dec->n_converted, &dec->n_failed);
}

/* ---- geometry conversion ------------------------------------------------ */

static RaGeomKind
kind_of_type (OGRwkbGeometryType flat)
{
  switch (flat)
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
  return kind_of_type (flat);
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

typedef enum {
  GEOM_OK,
  GEOM_EMPTY,
  GEOM_INVALID,   /* dropped: non-finite coordinates or degenerate rings */
  GEOM_OUT_OF_RANGE, /* dropped: coordinates no CRS has (1e308, lon 5000) */
} GeomStatus;

/* Coordinates beyond these are no place on Earth: degrees in a geographic
 * CRS (a little past ±180 for data crossing the antimeridian), anything
 * else (metres, feet, unknown units) beyond ten million kilometres. */
#define RA_MAX_LON 540.0
#define RA_MAX_LAT 91.0
#define RA_MAX_PROJECTED 1e13

/* Converts an OGR geometry to a RaGeometry (NULL when empty or dropped). */
static RaGeometry *
convert_geometry (OGRGeometryH src, double thin_tol, double max_x, double max_y,
                  GeomStatus *status)
{
  OGRGeometryH linear = NULL;
  OGRGeometryH g = src;
  RaGeometry *geom = NULL;
  RaGeomKind kind;
  guint n_pts = 0, n_parts = 0, pt = 0, part = 0;

  *status = GEOM_EMPTY;
  if (src == NULL || OGR_G_IsEmpty (src))
    return NULL;

  if (OGR_G_HasCurveGeometry (src, TRUE))
    {
      linear = OGR_G_GetLinearGeometry (src, 0, NULL);
      if (linear == NULL)
        {
          *status = GEOM_INVALID;
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

  geom = ra_geometry_new (kind, n_pts, n_parts);
  walk_geometry (g, kind, geom, &pt, &part);
  g_assert (part == n_parts);
  /* Polygon rings are closed implicitly: drop each ring's repeated closing
   * vertex, compacting in place. */
  if (kind == RA_GEOM_POLYGON)
    {
      guint w = 0;

      for (guint p = 0; p < n_parts; p++)
        {
          guint s = geom->parts[p];
          guint len = geom->parts[p + 1] - s;

          /* (a ring may repeat its closing vertex more than once) */
          while (len >= 2 &&
                 geom->xy[2 * s] == geom->xy[2 * (s + len - 1)] &&
                 geom->xy[2 * s + 1] == geom->xy[2 * (s + len - 1) + 1])
            len--;
          if (w != s)
            memmove (geom->xy + 2 * w, geom->xy + 2 * s, sizeof (double) * 2 * len);
          geom->parts[p] = w;
          w += len;
        }
      geom->n_points = w;
      geom->parts[n_parts] = w;
    }

  /* Validate: finite coordinates, rings of at least 3 points. */
  for (guint i = 0; i < 2 * geom->n_points; i++)
    if (!isfinite (geom->xy[i]))
      {
        *status = GEOM_INVALID;
        g_clear_pointer (&geom, ra_geometry_free);
        goto out;
      }
  for (guint i = 0; i < geom->n_points; i++)
    if (fabs (geom->xy[2 * i]) > max_x || fabs (geom->xy[2 * i + 1]) > max_y)
      {
        *status = GEOM_OUT_OF_RANGE;
        g_clear_pointer (&geom, ra_geometry_free);
        goto out;
      }
  if (kind == RA_GEOM_POLYGON)
    for (guint p = 0; p < geom->n_parts; p++)
      if (geom->parts[p + 1] - geom->parts[p] < 3)
        {
          *status = GEOM_INVALID;
          g_clear_pointer (&geom, ra_geometry_free);
          goto out;
        }
  /* Loaded for one view: only the detail it can show. */
  ra_geometry_thin (geom, thin_tol);
  ra_geometry_update_bbox (geom);
  *status = GEOM_OK;

out:
  if (linear != NULL)
    OGR_G_DestroyGeometry (linear);
  return geom;
}

/* ---- CRS ---------------------------------------------------------------- */

/* An EPSG code if GDAL can identify one with confidence >= 70 (so ESRI .prj
 * files of CGCS2000 GK zones become EPSG:45xx), else the WKT2 definition. */
static RaCrs *
crs_from_ogr (OGRSpatialReferenceH srs_in)
{
  g_auto(OGRSpatialReferenceH) srs = OSRClone (srs_in);
  const char *auth, *code;
  int epsg = 0;

  auth = OSRGetAuthorityName (srs, NULL);
  code = OSRGetAuthorityCode (srs, NULL);
  if (auth != NULL && code != NULL && g_ascii_strcasecmp (auth, "EPSG") == 0)
    epsg = atoi (code);
  if (epsg == 0)
    {
      int n = 0;
      int *confidence = NULL;
      OGRSpatialReferenceH *matches = OSRFindMatches (srs, NULL, &n, &confidence);

      if (matches != NULL && n > 0 && confidence[0] >= 70)
        {
          auth = OSRGetAuthorityName (matches[0], NULL);
          code = OSRGetAuthorityCode (matches[0], NULL);
          if (auth != NULL && code != NULL && g_ascii_strcasecmp (auth, "EPSG") == 0)
            epsg = atoi (code);
        }
      if (matches != NULL)
        OSRFreeSRSArray (matches);
      CPLFree (confidence);
    }
  if (epsg == 0 && OSRAutoIdentifyEPSG (srs) == OGRERR_NONE)
    {
      code = OSRGetAuthorityCode (srs, NULL);
      if (code != NULL)
        epsg = atoi (code);
    }
  if (epsg != 0)
    {
      RaCrs *crs = ra_crs_new_from_epsg (epsg, NULL);
      if (crs != NULL)
        return crs;
    }
  {
    char *wkt = NULL;
    const char *opts[] = { "FORMAT=WKT2_2019", NULL };
    RaCrs *crs = NULL;

    if (OSRExportToWktEx (srs, &wkt, opts) == OGRERR_NONE && wkt != NULL)
      crs = ra_crs_new_from_user_input (wkt, NULL);
    CPLFree (wkt);
    return crs;
  }
}

/* ---- reading a layer ---------------------------------------------------- */

static RaFieldType
field_type (OGRFieldType t)
{
  switch (t)
    {
    case OFTString:
    case OFTWideString:
      return RA_FIELD_STRING;
    case OFTInteger:
    case OFTInteger64:
      return RA_FIELD_INTEGER;
    case OFTReal:
      return RA_FIELD_REAL;
    case OFTDate:
    case OFTDateTime:
      return RA_FIELD_DATE;
    default:
      return RA_FIELD_OTHER;
    }
}

static OGRLayerH
find_layer (GDALDatasetH ds, const char *path, const char *layer_name, GError **error)
{
  OGRLayerH layer;

  layer = layer_name != NULL ? GDALDatasetGetLayerByName (ds, layer_name)
                             : GDALDatasetGetLayer (ds, 0);
  if (layer == NULL)
    {
      g_autofree char *display = ra_path_display_name (path);
      g_set_error (error, RA_ERROR, RA_ERROR_NOT_FOUND,
                   _("%s: there is no layer named “%s”"), display,
                   layer_name != NULL ? layer_name : "");
    }
  return layer;
}

static void
free_rows (GPtrArray *rows, guint n_fields)
{
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = rows->pdata[i];
      for (guint k = 0; row != NULL && k < n_fields; k++)
        g_free (row[k]);
      g_free (row);
    }
  g_ptr_array_set_size (rows, 0);
}

/* One reader: a run of features of one layer handle, read by one thread
 * (GDAL handles and error handlers are per thread). */
typedef struct {
  /* in */
  OGRLayerH     layer;
  GDALDatasetH  own_ds;          /* (nullable) owned: the second thread's handle */
  gint64        limit;           /* features to read; < 0: to the end */
  guint         n_fields;
  gboolean      skip_attributes;
  double        thin_tol;        /* source units; 0: every vertex */
  double        max_x, max_y;    /* coordinates beyond are out of range */
  gboolean      check_validity;
  guint         validity_budget; /* polygon vertices */
  GCancellable *cancellable;
  /* out */
  TextDecoder   dec;
  GPtrArray    *geoms;           /* RaGeometry* (nullable entries) */
  GPtrArray    *values;          /* char** rows (NULL when skipped) */
  GArray       *fids;            /* gint64 */
  guint         n_damaged, n_invalid_dropped, n_invalid_geos, n_out_of_range;
  guint         kind_count[4];
  guint         n_failures;
  char         *first_failure;
  gboolean      budget_exhausted;
  gboolean      cancelled;
} Reader;

static void
reader_init (Reader *rd, OGRLayerH layer, guint n_fields, const char *charset,
             GCancellable *cancellable)
{
  memset (rd, 0, sizeof *rd);
  rd->layer = layer;
  rd->limit = -1;
  rd->n_fields = n_fields;
  rd->cancellable = cancellable;
  rd->dec.charset = charset;
  rd->max_x = rd->max_y = RA_MAX_PROJECTED;
  rd->geoms = g_ptr_array_new_with_free_func ((GDestroyNotify) ra_geometry_free);
  rd->values = g_ptr_array_new ();
  rd->fids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

static void
reader_clear (Reader *rd)
{
  if (rd->values != NULL)
    free_rows (rd->values, rd->n_fields);
  g_clear_pointer (&rd->values, g_ptr_array_unref);
  g_clear_pointer (&rd->geoms, g_ptr_array_unref);
  g_clear_pointer (&rd->fids, g_array_unref);
  g_clear_pointer (&rd->first_failure, g_free);
  g_clear_pointer (&rd->own_ds, GDALClose);
}

static gpointer
reader_run (gpointer data)
{
  Reader *rd = data;
  guint checked_vertices = 0;
  CplCapture cap;

  capture_begin (&cap);
  while (rd->limit < 0 || (gint64) rd->geoms->len < rd->limit)
    {
      g_auto(OGRFeatureH) f = NULL;
      guint failures_before = cap.n_failures;
      OGRGeometryH og;
      RaGeometry *geom = NULL;
      GeomStatus status = GEOM_EMPTY;
      char **row = NULL;
      gint64 fid;

      if ((rd->geoms->len & 255) == 0 && g_cancellable_is_cancelled (rd->cancellable))
        {
          rd->cancelled = TRUE;
          break;
        }
      f = OGR_L_GetNextFeature (rd->layer);
      if (f == NULL)
        break;
      if (cap.n_failures > failures_before)
        rd->n_damaged++;

      og = OGR_F_GetGeometryRef (f);
      if (og != NULL)
        {
          geom = convert_geometry (og, rd->thin_tol, rd->max_x, rd->max_y, &status);
          if (status == GEOM_INVALID)
            rd->n_invalid_dropped++;
          else if (status == GEOM_OUT_OF_RANGE)
            rd->n_out_of_range++;
          else if (status == GEOM_OK && geom->kind == RA_GEOM_POLYGON && rd->check_validity &&
                   !rd->budget_exhausted)
            {
              guint before = cap.n_failures;

              checked_vertices += geom->n_points;
              if (checked_vertices > rd->validity_budget)
                rd->budget_exhausted = TRUE;
              else if (!OGR_G_IsValid (og))
                rd->n_invalid_geos++;
              /* GEOS complaints are not read errors. */
              cap.n_failures = before;
            }
          if (geom != NULL)
            rd->kind_count[geom->kind]++;
        }

      if (!rd->skip_attributes)
        {
          row = g_new0 (char *, MAX (rd->n_fields, 1));
          for (guint i = 0; i < rd->n_fields; i++)
            if (OGR_F_IsFieldSetAndNotNull (f, (int) i))
              row[i] = decode_text (&rd->dec, OGR_F_GetFieldAsString (f, (int) i));
        }
      g_ptr_array_add (rd->values, row);
      g_ptr_array_add (rd->geoms, geom);
      fid = OGR_F_GetFID (f);
      g_array_append_val (rd->fids, fid);
    }
  rd->n_failures = cap.n_failures;
  rd->first_failure = g_steal_pointer (&cap.first_failure);
  capture_end (&cap);
  return NULL;
}

/* Sets up rd2 to read the second half of the layer through its own handle
 * and limits rd1 to the first half; FALSE (nothing changed) when the driver
 * cannot start in the middle cheaply or the second handle fails. */
static gboolean
split_reader (Reader *rd1, Reader *rd2, const char *path, const char * const *open_options,
              const char *driver, gint64 expected)
{
  GDALDatasetH ds2;
  OGRLayerH layer2;
  const char *name = OGR_L_GetName (rd1->layer);
  gboolean is_shp = g_strcmp0 (driver, "ESRI Shapefile") == 0;
  gboolean is_gpkg = g_strcmp0 (driver, "GPKG") == 0;
  const char *fid_col = OGR_L_GetFIDColumn (rd1->layer);

  if (expected < RA_PARALLEL_READ_MIN_FEATURES || g_get_num_processors () < 2 ||
      !(is_shp || (is_gpkg && fid_col != NULL && *fid_col != '\0')))
    return FALSE;

  ds2 = GDALOpenEx (path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, open_options, NULL);
  if (ds2 == NULL)
    return FALSE;
  layer2 = GDALDatasetGetLayerByName (ds2, name);
  if (layer2 == NULL)
    {
      GDALClose (ds2);
      return FALSE;
    }

  if (is_shp)
    {
      /* Shapefile records are indexed by number. */
      gint64 half = expected / 2;

      if (OGR_L_SetNextByIndex (layer2, half) != OGRERR_NONE)
        {
          GDALClose (ds2);
          return FALSE;
        }
      rd1->limit = half;
    }
  else
    {
      /* GeoPackage features are rows of a table keyed by the FID: split
       * the FID range (the halves stay in rowid order). */
      g_autofree char *sql = g_strdup_printf ("SELECT MIN(\"%s\"), MAX(\"%s\") FROM \"%s\"",
                                              fid_col, fid_col, name);
      OGRLayerH res = NULL;
      OGRFeatureH row = NULL;
      gint64 lo = 0, hi = -1, mid;
      g_autofree char *where1 = NULL;
      g_autofree char *where2 = NULL;

      if (strchr (fid_col, '"') == NULL && strchr (name, '"') == NULL)
        res = GDALDatasetExecuteSQL (ds2, sql, NULL, NULL);
      if (res != NULL && (row = OGR_L_GetNextFeature (res)) != NULL)
        {
          lo = OGR_F_GetFieldAsInteger64 (row, 0);
          hi = OGR_F_GetFieldAsInteger64 (row, 1);
        }
      g_clear_pointer (&row, OGR_F_Destroy);
      if (res != NULL)
        GDALDatasetReleaseResultSet (ds2, res);
      if (hi <= lo)
        {
          GDALClose (ds2);
          return FALSE;
        }
      mid = lo + (hi - lo + 1) / 2;
      where1 = g_strdup_printf ("\"%s\" < %" G_GINT64_FORMAT, fid_col, mid);
      where2 = g_strdup_printf ("\"%s\" >= %" G_GINT64_FORMAT, fid_col, mid);
      if (OGR_L_SetAttributeFilter (rd1->layer, where1) != OGRERR_NONE ||
          OGR_L_SetAttributeFilter (layer2, where2) != OGRERR_NONE)
        {
          OGR_L_SetAttributeFilter (rd1->layer, NULL);
          GDALClose (ds2);
          return FALSE;
        }
      OGR_L_ResetReading (rd1->layer);
    }
  rd2->layer = layer2;
  rd2->own_ds = ds2;
  return TRUE;
}

/* Sets the fields GDAL need not parse at all. */
static void
ignore_all_fields (OGRLayerH layer, OGRFeatureDefnH defn, guint n_fields)
{
  g_autofree const char **names = g_new0 (const char *, n_fields + 2);
  guint n = 0;

  for (guint i = 0; i < n_fields; i++)
    names[n++] = OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, (int) i));
  names[n++] = "OGR_STYLE";
  OGR_L_SetIgnoredFields (layer, names);
}

/* ---- how attribute text is decoded ------------------------------------- */

/* Feeds every text field's values (and the field names) of layer to g;
 * geometry and other fields are not parsed. */
static void
guess_layer_encoding (OGRLayerH layer, RaEncodingGuesser *g)
{
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn (layer);
  int n_fields = OGR_FD_GetFieldCount (defn);
  g_autofree const char **ignored = g_new0 (const char *, n_fields + 3);
  g_autofree int *text_fields = g_new0 (int, MAX (n_fields, 1));
  int n_ignored = 0, n_text = 0;
  CplCapture cap;

  for (int i = 0; i < n_fields; i++)
    {
      OGRFieldDefnH fd = OGR_FD_GetFieldDefn (defn, i);

      ra_encoding_guesser_add (g, OGR_Fld_GetNameRef (fd));
      if (OGR_Fld_GetType (fd) == OFTString)
        text_fields[n_text++] = i;
      else
        ignored[n_ignored++] = OGR_Fld_GetNameRef (fd);
    }
  if (n_text == 0)
    return;
  ignored[n_ignored++] = "OGR_GEOMETRY";
  ignored[n_ignored++] = "OGR_STYLE";
  /* Damage is reported by the real read; here it only ends the look. */
  capture_begin (&cap);
  OGR_L_SetIgnoredFields (layer, ignored);
  OGR_L_ResetReading (layer);
  while (!ra_encoding_guesser_is_full (g))
    {
      g_auto(OGRFeatureH) f = OGR_L_GetNextFeature (layer);

      if (f == NULL)
        break;
      for (int k = 0; k < n_text; k++)
        if (OGR_F_IsFieldSetAndNotNull (f, text_fields[k]))
          ra_encoding_guesser_add (g, OGR_F_GetFieldAsString (f, text_fields[k]));
    }
  OGR_L_SetIgnoredFields (layer, NULL);
  OGR_L_ResetReading (layer);
  capture_end (&cap);
}

void
ra_source_text_clear (RaSourceText *text)
{
  g_clear_pointer (&text->raw_ds, GDALClose);
  g_clear_pointer (&text->charset, g_free);
  g_clear_pointer (&text->label, g_free);
  g_clear_pointer (&text->warning, g_free);
  text->layer = NULL;
}

void
ra_source_text_setup (GDALDatasetH   ds,
                      OGRLayerH      layer,
                      const char    *path,
                      const char    *encoding,
                      RaSourceText  *out)
{
  const char *driver = GDALGetDriverShortName (GDALGetDatasetDriver (ds));
  gboolean is_shapefile = g_strcmp0 (driver, "ESRI Shapefile") == 0;
  gboolean undeclared = g_strcmp0 (driver, "CSV") == 0;

  memset (out, 0, sizeof *out);
  out->layer = layer;
  if (encoding != NULL && *encoding != '\0')
    {
      out->charset = g_strdup (encoding);
      out->raw = TRUE;
      out->chosen = TRUE;
      out->label = g_strdup_printf (_("%s (chosen)"), ra_encoding_display_name (encoding));
    }
  else if (is_shapefile)
    {
      const char *from_cpg = GDALGetMetadataItem ((GDALMajorObjectH) layer, "ENCODING_FROM_CPG", "SHAPEFILE");
      const char *from_ldid = GDALGetMetadataItem ((GDALMajorObjectH) layer, "ENCODING_FROM_LDID", "SHAPEFILE");

      if (from_cpg != NULL && *from_cpg != '\0')
        out->label = g_strdup_printf (_("%s (.cpg)"), from_cpg);
      else if (from_ldid != NULL && *from_ldid != '\0')
        out->label = g_strdup_printf (_("%s (DBF language driver id)"), from_ldid);
      else
        undeclared = TRUE;
    }

  if (!out->raw && !undeclared)
    return;
  out->raw = TRUE;
  /* A shapefile: GDAL recodes from what it assumed (.cpg, language driver
   * id, or ISO-8859-1 depending on the version); read the raw bytes. */
  if (is_shapefile)
    {
      const char *source = GDALGetMetadataItem ((GDALMajorObjectH) layer, "SOURCE_ENCODING", "SHAPEFILE");

      if (source != NULL && *source != '\0')
        {
          const char *opts[] = { "ENCODING=", NULL };
          g_autofree char *lname = g_strdup (OGR_L_GetName (layer));

          out->raw_ds = GDALOpenEx (path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, opts, NULL);
          if (out->raw_ds != NULL)
            {
              OGRLayerH raw_layer = GDALDatasetGetLayerByName (out->raw_ds, lname);

              if (raw_layer != NULL)
                out->layer = raw_layer;
              else
                g_clear_pointer (&out->raw_ds, GDALClose);
            }
        }
    }
  if (out->chosen)
    return;

  {
    g_autoptr(RaEncodingGuesser) g = ra_encoding_guesser_new ();
    g_autofree char *evidence = NULL;
    const char *decl = is_shapefile ? _("no .cpg") : _("the format declares none");
    RaEncodingConfidence conf;
    const char *name;

    guess_layer_encoding (out->layer, g);
    out->charset = ra_encoding_guesser_finish (g, &conf, &evidence);
    name = ra_encoding_display_name (out->charset);
    if (g_strcmp0 (out->charset, "UTF-8") == 0)
      {
        out->label = g_strdup (is_shapefile ? _("UTF-8 (no .cpg)") : "UTF-8");
        return;
      }
    switch (conf)
      {
      case RA_ENCODING_SURE:
        out->label = g_strdup_printf (_("%s (detected, %s; sure: %s)"), name, decl, evidence);
        break;
      case RA_ENCODING_LIKELY:
        out->label = g_strdup_printf (_("%s (detected, %s; likely: only %s)"), name, decl, evidence);
        out->warning = g_strdup_printf (_("text encoding not declared (%s): guessed %s from only %s; if names look wrong, choose the encoding"),
                                        decl, name, evidence);
        break;
      case RA_ENCODING_UNSURE:
      default:
        out->label = g_strdup_printf (_("%s (guessed, %s; unsure: %s)"), name, decl, evidence);
        out->warning = g_strdup_printf (_("text encoding not declared (%s) and not recognised: decoded as %s, %s; choose the encoding"),
                                        decl, name, evidence);
        break;
      }
  }
}

/* Reads layer_name from an open dataset (reading the text of a shapefile
 * without a declared encoding raw, see ra_source_text_setup). */
/* A view the layer is loaded for (ra_source_load_layer_for_view). */
typedef struct {
  RaCrs  *crs;
  double  resolution;   /* crs units per pixel */
} LoadView;

static RaLayer *
load_layer_from_dataset (GDALDatasetH ds_in, const char *path, const char *layer_name,
                         gboolean skip_attributes, const LoadView *view,
                         const char *encoding_choice, const char *crs_problem,
                         GCancellable *cancellable, GError **error)
{
  g_autofree char *display = ra_path_display_name (path);
  g_autoptr(RaLayer) result = NULL;
  g_autoptr(RaCrs) crs = NULL;
  g_autoptr(GPtrArray) geoms = NULL;
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GArray) fids = NULL;
  Reader rd[2];
  guint n_readers = 1;
  gboolean budget_exhausted = FALSE;
  const char *raw_open_options[] = { "ENCODING=", NULL };
  g_auto(RaSourceText) text = { 0 };
  g_auto(GStrv) field_names = NULL;
  g_autofree RaFieldType *field_types = NULL;
  GDALDatasetH ds = ds_in;
  const char *driver;
  OGRLayerH layer;
  OGRFeatureDefnH defn;
  OGRSpatialReferenceH srs;
  TextDecoder dec = { NULL, 0, 0 };
  CplCapture cap;
  RaGeomKind kind;
  GIntBig expected;
  guint n_fields, n_damaged = 0, n_invalid_dropped = 0, n_invalid_geos = 0, n_out_of_range = 0;
  guint kind_count[4] = { 0 };
  gboolean check_validity;
  gboolean cancelled = FALSE;

  layer = find_layer (ds, path, layer_name, error);
  if (layer == NULL)
    return NULL;
  driver = GDALGetDriverShortName (GDALGetDatasetDriver (ds));
  ra_source_text_setup (ds, layer, path, encoding_choice, &text);
  if (text.raw_ds != NULL)
    {
      ds = text.raw_ds;
      layer = text.layer;
    }
  dec.charset = text.charset;

  defn = OGR_L_GetLayerDefn (layer);
  n_fields = (guint) OGR_FD_GetFieldCount (defn);
  field_names = g_new0 (char *, n_fields + 1);
  field_types = g_new0 (RaFieldType, MAX (n_fields, 1));
  for (guint i = 0; i < n_fields; i++)
    {
      OGRFieldDefnH fd = OGR_FD_GetFieldDefn (defn, (int) i);
      field_names[i] = decode_text (&dec, OGR_Fld_GetNameRef (fd));
      field_types[i] = field_type (OGR_Fld_GetType (fd));
    }

  srs = OGR_L_GetSpatialRef (layer);
  /* GDAL reads a CRS it does not know as WGS 84: say so, draw without. */
  if (srs != NULL && crs_problem == NULL)
    crs = crs_from_ogr (srs);

  expected = OGR_L_GetFeatureCount (layer, FALSE);
  check_validity = expected >= 0 && expected < RA_VALIDITY_CHECK_MAX_FEATURES;
  /* A file of more than ~16 bytes per vertex allowed (two doubles; text
   * formats take more) is not checked at all, so the budget is not spent
   * on a layer that will not be reported anyway. */
  {
    GStatBuf st;

    if (check_validity && g_stat (path, &st) == 0 && S_ISREG (st.st_mode) &&
        st.st_size / 16 > 4 * (gint64) RA_VALIDITY_CHECK_MAX_VERTICES)
      check_validity = FALSE;
  }

  reader_init (&rd[0], layer, n_fields, dec.charset, cancellable);
  reader_init (&rd[1], NULL, n_fields, dec.charset, cancellable);
  OGR_L_ResetReading (layer);
  if (split_reader (&rd[0], &rd[1], path, text.raw_ds != NULL ? raw_open_options : NULL, driver, expected))
    n_readers = 2;
  for (guint r = 0; r < n_readers; r++)
    {
      rd[r].skip_attributes = skip_attributes;
      /* In the view's CRS already: drop what falls in the same half pixel
       * as it is read (nothing to reproject, so nothing else would). */
      if (view != NULL && view->resolution > 0.0 && crs != NULL && ra_crs_equal (crs, view->crs))
        rd[r].thin_tol = 0.5 * view->resolution;
      rd[r].check_validity = check_validity;
      if (crs != NULL && ra_crs_is_geographic (crs))
        {
          rd[r].max_x = RA_MAX_LON;
          rd[r].max_y = RA_MAX_LAT;
        }
      rd[r].validity_budget = RA_VALIDITY_CHECK_MAX_VERTICES / n_readers;
      if (skip_attributes)
        ignore_all_fields (rd[r].layer, defn, n_fields);
    }
  if (n_readers == 2)
    {
      GThread *second = g_thread_new ("ra-source-read", reader_run, &rd[1]);

      reader_run (&rd[0]);
      g_thread_join (second);
    }
  else
    reader_run (&rd[0]);
  /* The dataset may be read again (other layers, the app's reload). */
  if (n_readers == 2)
    OGR_L_SetAttributeFilter (layer, NULL);
  if (skip_attributes)
    OGR_L_SetIgnoredFields (layer, NULL);

  geoms = g_steal_pointer (&rd[0].geoms);
  values = g_steal_pointer (&rd[0].values);
  fids = g_steal_pointer (&rd[0].fids);
  capture_begin (&cap);
  for (guint r = 0; r < n_readers; r++)
    {
      if (r > 0)
        {
          g_ptr_array_extend_and_steal (geoms, g_steal_pointer (&rd[r].geoms));
          g_ptr_array_extend_and_steal (values, g_steal_pointer (&rd[r].values));
          g_array_append_vals (fids, rd[r].fids->data, rd[r].fids->len);
        }
      cancelled |= rd[r].cancelled;
      n_damaged += rd[r].n_damaged;
      n_invalid_dropped += rd[r].n_invalid_dropped;
      n_invalid_geos += rd[r].n_invalid_geos;
      n_out_of_range += rd[r].n_out_of_range;
      budget_exhausted |= rd[r].budget_exhausted;
      dec.n_converted += rd[r].dec.n_converted;
      dec.n_failed += rd[r].dec.n_failed;
      for (guint k = 0; k < G_N_ELEMENTS (kind_count); k++)
        kind_count[k] += rd[r].kind_count[k];
      cap.n_failures += rd[r].n_failures;
      if (cap.first_failure == NULL && rd[r].first_failure != NULL)
        cap.first_failure = g_steal_pointer (&rd[r].first_failure);
    }
  for (guint r = 0; r < G_N_ELEMENTS (rd); r++)
    reader_clear (&rd[r]);
  /* Part of the layer checked: report nothing rather than a wrong count. */
  if (budget_exhausted)
    n_invalid_geos = 0;

  if (cancelled)
    {
      capture_end (&cap);
      free_rows (values, n_fields);
      g_set_error (error, RA_ERROR, RA_ERROR_CANCELLED,
                   _("%s: loading was cancelled"), display);
      return NULL;
    }

  {
    guint n_read = geoms->len;
    guint n_good = n_read - MIN (n_damaged, n_read);
    guint n_expected = expected >= 0 ? (guint) MAX (expected, (GIntBig) n_read) : n_read;
    g_autofree char *cause = cause_suffix (cap.first_failure);

    if (n_read == 0 && cap.n_failures == 0 && n_expected == 0)
      {
        capture_end (&cap);
        g_set_error (error, RA_ERROR, RA_ERROR_EMPTY,
                     _("%s: layer “%s” has no features"), display, OGR_L_GetName (layer));
        free_rows (values, n_fields);
        return NULL;
      }
    if (n_good == 0)
      {
        g_set_error (error, RA_ERROR, RA_ERROR_CORRUPT,
                     _("%s: the file is damaged or truncated; none of its %u features could be read%s"),
                     display, n_expected, cause);
        capture_end (&cap);
        free_rows (values, n_fields);
        return NULL;
      }

    /* The dominant kind: the declared one, else the most common read. */
    kind = kind_of_type (wkbFlatten (OGR_L_GetGeomType (layer)));
    if (kind == RA_GEOM_NONE)
      {
        guint best = 0;
        for (guint k = RA_GEOM_POINT; k <= RA_GEOM_POLYGON; k++)
          if (kind_count[k] > best)
            {
              best = kind_count[k];
              kind = k;
            }
      }

    {
      /* A shapefile's layer is named after its file (GBK bytes from a
       * Chinese Windows zip); the source keeps GDAL's name. */
      g_autofree char *shown = ra_path_display_name (OGR_L_GetName (layer));

      result = ra_layer_new (shown, kind, crs);
    }
    ra_layer_set_fields (result, n_fields, (const char * const *) field_names, field_types);
    for (guint i = 0; i < n_read; i++)
      ra_layer_add_feature (result, g_array_index (fids, gint64, i),
                            g_steal_pointer (&geoms->pdata[i]), values->pdata[i]);
    ra_layer_set_source (result, path, OGR_L_GetName (layer), driver);

    if (n_good < n_expected)
      {
        g_autofree char *msg =
          g_strdup_printf (_("damaged: only %u of %u features could be read%s"),
                           n_good, n_expected, cause);
        ra_layer_add_warning (result, msg);
      }
    capture_end (&cap);
  }

  if (n_invalid_dropped + n_invalid_geos > 0)
    {
      g_autofree char *msg = NULL;

      if (n_invalid_dropped > 0 && n_invalid_geos > 0)
        msg = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u feature has invalid geometry: %u self-intersecting or with unclosed rings (drawn as they are), %u with non-finite coordinates or rings of fewer than 3 points (not drawn)",
                                            "%u features have invalid geometry: %u self-intersecting or with unclosed rings (drawn as they are), %u with non-finite coordinates or rings of fewer than 3 points (not drawn)",
                                            n_invalid_geos + n_invalid_dropped),
                               n_invalid_geos + n_invalid_dropped, n_invalid_geos, n_invalid_dropped);
      else if (n_invalid_geos > 0)
        msg = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u feature has invalid geometry (self-intersecting or unclosed rings); it is drawn as it is",
                                            "%u features have invalid geometry (self-intersecting or unclosed rings); they are drawn as they are",
                                            n_invalid_geos),
                               n_invalid_geos);
      else
        msg = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u feature has invalid geometry (non-finite coordinates or rings with fewer than 3 points); it is not drawn",
                                            "%u features have invalid geometry (non-finite coordinates or rings with fewer than 3 points); they are not drawn",
                                            n_invalid_dropped),
                               n_invalid_dropped);
      ra_layer_add_warning (result, msg);
    }

  if (n_out_of_range > 0)
    {
      gboolean geographic = crs != NULL && ra_crs_is_geographic (crs);
      g_autofree char *range = geographic
        ? g_strdup_printf (_("longitude beyond ±%g° or latitude beyond ±%g°"), RA_MAX_LON, RA_MAX_LAT)
        : g_strdup_printf (_("beyond ±%g map units"), RA_MAX_PROJECTED);
      g_autofree char *msg =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u feature has coordinates no place on Earth has (%s, such as 1e308); it is not drawn",
                                      "%u features have coordinates no place on Earth has (%s, such as 1e308); they are not drawn",
                                      n_out_of_range),
                         n_out_of_range, range);
      ra_layer_add_warning (result, msg);
    }
  if (text.label != NULL)
    ra_layer_set_encoding (result, text.label);
  else
    ra_layer_set_encoding (result, dec.n_converted > 0 ? _("GB18030 (detected)") : "UTF-8");
  if (text.warning != NULL)
    ra_layer_add_warning (result, text.warning);
  if (dec.n_failed > 0)
    {
      g_autofree char *msg =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u text value does not decode from %s; its undecodable bytes are shown as �",
                                      "%u text values do not decode from %s; their undecodable bytes are shown as �",
                                      dec.n_failed),
                         dec.n_failed, ra_encoding_display_name (dec.charset != NULL ? dec.charset : "GB18030"));
      ra_layer_add_warning (result, msg);
    }
  if (crs_problem != NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("%s: shown without a CRS; assign one if you know it"),
                                              crs_problem);
      ra_layer_add_warning (result, msg);
    }

  return g_steal_pointer (&result);
}

/* An encoding chosen by the user that iconv does not know is refused. */
static gboolean
check_encoding (const char *path, const char *encoding, GError **error)
{
  if (encoding == NULL || *encoding == '\0' || ra_encoding_is_known (encoding))
    return TRUE;
  {
    g_autofree char *display = ra_path_display_name (path);

    g_set_error (error, RA_ERROR, RA_ERROR_UNSUPPORTED,
                 _("%s: unknown text encoding “%s” (try GB18030, BIG5, UTF-8 or ISO-8859-1)"),
                 display, encoding);
  }
  return FALSE;
}

/**
 * ra_source_load_layer:
 * Returns: (transfer full) (nullable) the layer in its source CRS.
 */
RaLayer *
ra_source_load_layer (const char    *path,
                      const char    *layer_name,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return ra_source_load_layer_encoded (path, layer_name, NULL, RA_SOURCE_LOAD_DEFAULT,
                                       NULL, 0.0, cancellable, error);
}

/**
 * ra_source_load_layer_with_flags:
 * @flags: RA_SOURCE_LOAD_NO_ATTRIBUTES: declare the fields but read no
 *   values (GDAL skips parsing them; every value is NULL), for drawing only
 * Returns: (transfer full) (nullable) the layer in its source CRS.
 */
RaLayer *
ra_source_load_layer_with_flags (const char         *path,
                                 const char         *layer_name,
                                 RaSourceLoadFlags   flags,
                                 GCancellable       *cancellable,
                                 GError            **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return ra_source_load_layer_encoded (path, layer_name, NULL, flags, NULL, 0.0,
                                       cancellable, error);
}

/**
 * ra_source_load_layer_for_view:
 * @crs: (nullable): the CRS of the one view the layer is loaded for
 * @resolution: that view's @crs units per pixel; 0: no view
 *
 * ra_source_load_layer_with_flags for a single render: a layer already in
 * @crs keeps, as it is read, only the vertices half a pixel or more apart
 * (the renderer's own rule), so it is fit for that view and coarser ones
 * only.  Other layers load in full (their reprojection thins them, see
 * ra_layer_set_draw_resolution).
 */
RaLayer *
ra_source_load_layer_for_view (const char         *path,
                               const char         *layer_name,
                               RaSourceLoadFlags   flags,
                               RaCrs              *crs,
                               double              resolution,
                               GCancellable       *cancellable,
                               GError            **error)
{
  return ra_source_load_layer_encoded (path, layer_name, NULL, flags, crs, resolution,
                                       cancellable, error);
}

/**
 * ra_source_load_layer_encoded:
 * @encoding: (nullable): the character set of the attribute text (an
 *   iconv name such as "BIG5"), overriding the file's declaration and the
 *   detection; NULL: declared or detected
 *
 * ra_source_load_layer_for_view with the text encoding chosen by the user.
 */
RaLayer *
ra_source_load_layer_encoded (const char         *path,
                              const char         *layer_name,
                              const char         *encoding,
                              RaSourceLoadFlags   flags,
                              RaCrs              *crs,
                              double              resolution,
                              GCancellable       *cancellable,
                              GError            **error)
{
  g_auto(GDALDatasetH) ds = NULL;
  g_autofree char *crs_problem = NULL;
  LoadView view = { crs, resolution };

  g_return_val_if_fail (path != NULL, NULL);

  if (!check_encoding (path, encoding, error))
    return NULL;
  ds = open_dataset (path, NULL, &crs_problem, error);
  if (ds == NULL)
    return NULL;
  return load_layer_from_dataset (ds, path, layer_name,
                                  (flags & RA_SOURCE_LOAD_NO_ATTRIBUTES) != 0,
                                  crs != NULL && resolution > 0.0 ? &view : NULL,
                                  encoding, crs_problem, cancellable, error);
}

/* ---- async -------------------------------------------------------------- */

void
ra_source_result_free (RaSourceResult *result)
{
  if (result == NULL)
    return;
  g_free (result->path);
  g_clear_pointer (&result->layers, g_ptr_array_unref);
  g_clear_pointer (&result->errors, g_ptr_array_unref);
  g_free (result);
}

typedef struct {
  char   *path;
  GStrv   layer_names;   /* nullable */
  RaCrs  *map_crs;       /* nullable */
  char   *encoding;      /* nullable */
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->path);
  g_strfreev (data->layer_names);
  g_clear_pointer (&data->map_crs, ra_crs_unref);
  g_free (data->encoding);
  g_free (data);
}

/* Layers with more vertices than this open with a quick first view. */
#define RA_FIRST_VIEW_MIN_POINTS 300000
/* The first view's detail: the whole layer in a view this many pixels
 * wide (more than a full-screen map window). */
#define RA_FIRST_VIEW_PX 2560.0

/* A big layer for the app: reprojected first at the detail of a view of
 * the whole layer (a fraction of the vertices through PROJ), refined to
 * full detail afterwards (ra_layer_refine), then kept as one copy. */
static void
prepare_first_view (RaLayer *layer, RaCrs *map_crs)
{
  g_autoptr(RaLayerData) data = ra_layer_dup_data (layer);
  g_autoptr(RaTransform) t = NULL;
  RaCrs *source_crs = ra_layer_get_source_crs (layer);
  guint64 n_points = 0;
  RaBBox box;

  if (ra_bbox_is_empty (&data->extent))
    return;
  if (ra_layer_get_kind (layer) == RA_GEOM_POINT)
    return;   /* points are not thinned or packed: nothing to gain */
  for (guint i = 0; i < data->n_features; i++)
    if (data->geoms[i] != NULL)
      n_points += data->geoms[i]->n_points;
  if (n_points < RA_FIRST_VIEW_MIN_POINTS)
    return;
  /* Only big layers: a small one keeps its source copy, which a CRS
   * assigned by hand or repeated map CRS changes then start from.  A big
   * one in the map CRS already is packed here (no reprojection to wait
   * for); drop the reference first so the unpacked copy can go. */
  g_clear_pointer (&data, ra_layer_data_unref);
  if (source_crs == NULL || ra_crs_equal (source_crs, map_crs))
    {
      /* No reprojection: drawn as read at once, packed by the refine
       * worker with a simplified copy for views of the whole layer (the
       * draw resolution hint). */
      if (ra_layer_set_map_crs (layer, map_crs, NULL))
        {
          data = ra_layer_dup_data (layer);
          ra_layer_set_draw_resolution (layer, map_crs,
                                        MAX (data->extent.x1 - data->extent.x0,
                                             data->extent.y1 - data->extent.y0) / RA_FIRST_VIEW_PX);
          g_clear_pointer (&data, ra_layer_data_unref);
          ra_layer_set_compact (layer, TRUE);
        }
      return;
    }
  ra_layer_set_compact (layer, TRUE);
  data = ra_layer_dup_data (layer);
  t = ra_transform_new (source_crs, map_crs, NULL);
  if (t != NULL && ra_transform_bbox (t, &data->extent, &box) && !ra_bbox_is_empty (&box))
    ra_layer_set_draw_resolution (layer, map_crs,
                                  MAX (box.x1 - box.x0, box.y1 - box.y0) / RA_FIRST_VIEW_PX);
}

static void
load_thread (GTask *task, gpointer source_object, gpointer task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_auto(GDALDatasetH) ds = NULL;
  g_autoptr(RaSourceResult) result = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(RaCrs) map_crs = data->map_crs != NULL ? ra_crs_ref (data->map_crs) : NULL;
  g_autofree char *crs_problem = NULL;
  GError *error = NULL;

  if (!check_encoding (data->path, data->encoding, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  ds = open_dataset (data->path, NULL, &crs_problem, &error);
  if (ds == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (data->layer_names != NULL)
    names = g_strdupv (data->layer_names);
  else
    {
      int n = GDALDatasetGetLayerCount (ds);
      names = g_new0 (char *, n + 1);
      for (int i = 0; i < n; i++)
        names[i] = g_strdup (OGR_L_GetName (GDALDatasetGetLayer (ds, i)));
    }

  result = g_new0 (RaSourceResult, 1);
  result->path = g_strdup (data->path);
  result->layers = g_ptr_array_new_with_free_func (g_object_unref);
  result->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(RaLayer) layer = NULL;
      GError *lerr = NULL;

      if (g_task_return_error_if_cancelled (task))
        return;
      layer = load_layer_from_dataset (ds, data->path, names[i], FALSE, NULL, data->encoding,
                                       crs_problem, cancellable, &lerr);
      /* For an empty map: the CRS it will take from its first layer. */
      if (layer != NULL && map_crs == NULL)
        map_crs = ra_map_suggest_crs_for_layer (layer);
      if (layer != NULL && map_crs != NULL)
        {
          prepare_first_view (layer, map_crs);
          if (!ra_layer_set_map_crs (layer, map_crs, &lerr))
            g_clear_object (&layer);
        }
      if (layer != NULL)
        g_ptr_array_add (result->layers, g_steal_pointer (&layer));
      else
        {
          /* Name the layer (after the file name) when it is not named yet. */
          if (lerr != NULL && strstr (lerr->message, names[i]) == NULL)
            {
              g_autofree char *display = ra_path_display_name (data->path);
              g_autofree char *head = g_strconcat (display, ": ", NULL);
              const char *rest = g_str_has_prefix (lerr->message, head)
                                 ? lerr->message + strlen (head) : lerr->message;
              char *msg = g_strdup_printf (_("%s: layer “%s”: %s"), display, names[i], rest);

              g_free (lerr->message);
              lerr->message = msg;
            }
          if (lerr != NULL)
            g_ptr_array_add (result->errors, lerr);
        }
    }
  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) ra_source_result_free);
}

void
ra_source_load_async (const char          *path,
                      const char * const  *layer_names,
                      RaCrs               *map_crs,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  ra_source_load_encoded_async (path, layer_names, map_crs, NULL, cancellable, callback, user_data);
}

/**
 * ra_source_load_encoded_async:
 * @encoding: (nullable): see ra_source_load_layer_encoded
 *
 * ra_source_load_async with the text encoding chosen by the user; finish
 * with ra_source_load_finish.
 */
void
ra_source_load_encoded_async (const char          *path,
                              const char * const  *layer_names,
                              RaCrs               *map_crs,
                              const char          *encoding,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (path != NULL);

  data = g_new0 (LoadData, 1);
  data->path = g_strdup (path);
  data->layer_names = layer_names != NULL ? g_strdupv ((char **) layer_names) : NULL;
  data->map_crs = map_crs != NULL ? ra_crs_ref (map_crs) : NULL;
  data->encoding = g_strdup (encoding);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ra_source_load_encoded_async);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * ra_source_load_finish:
 * Returns: (transfer full) (nullable) the result; NULL when the path could
 * not be opened at all (or the load was cancelled).
 */
RaSourceResult *
ra_source_load_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ra_source_load_encoded_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
