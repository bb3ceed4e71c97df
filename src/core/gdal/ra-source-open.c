/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Opening a GDAL vector source for reading: whether a path exists (also
 * /vsizip/ and the like), GDAL's open with its messages captured, a
 * declared CRS that PROJ does not know caught (GDAL would take it as WGS 84
 * silently), and the message that names what is wrong with a file that
 * does not open (missing, a pipe, damaged, not a format GDAL reads). */
/* VSIStatBufL is struct stat64 */
#define _LARGEFILE64_SOURCE 1
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <cpl_vsi.h>

#include "ra-autocleanups.h"
#include "ra-error.h"
#include "ra-gdal-error.h"
#include "ra-paths.h"
#include "ra-source.h"
#include "ra-source-private.h"

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
  /* A PostgreSQL database (the store's server projects): whether it is
   * there only opening tells. */
  if (g_str_has_prefix (path, "PG:"))
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
  RaGdalCapture cap;

  ra_source_init ();
  ra_gdal_capture_begin (&cap, RA_GDAL_CAPTURE_FAILURES);
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
  ra_gdal_capture_end (&cap);
  return ds;
}

GDALDatasetH
ra_source_open_dataset (const char          *path,
                        const char * const  *open_options,
                        char               **crs_problem,
                        GError             **error)
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
      g_autofree char *cause = ra_gdal_cause_suffix (first_failure);

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
