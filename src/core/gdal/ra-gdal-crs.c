/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An OGR spatial reference as an RaCrs: by EPSG code where one can be
 * found, else by its WKT2 definition.  The source reader and the store's
 * import look for the code in slightly different ways (see the flags); both
 * are kept, so that what each reads stays as it was. */
#include "config.h"

#include <stdlib.h>
#include <cpl_conv.h>

#include "ra-autocleanups.h"
#include "ra-gdal-crs.h"

static gboolean
is_epsg (const char *auth)
{
  return auth != NULL && g_ascii_strcasecmp (auth, "EPSG") == 0;
}

/* The EPSG code of PROJ's best match when it is at least 70 % sure, 0 if none. */
static int
best_match_epsg (OGRSpatialReferenceH srs)
{
  int n = 0, epsg = 0;
  int *confidence = NULL;
  OGRSpatialReferenceH *matches = OSRFindMatches (srs, NULL, &n, &confidence);

  if (matches != NULL && n > 0 && confidence[0] >= 70)
    {
      const char *auth = OSRGetAuthorityName (matches[0], NULL);
      const char *code = OSRGetAuthorityCode (matches[0], NULL);

      if (code != NULL && is_epsg (auth))
        epsg = atoi (code);
    }
  if (matches != NULL)
    OSRFreeSRSArray (matches);
  CPLFree (confidence);
  return epsg;
}

RaCrs *
ra_gdal_crs_from_ogr (OGRSpatialReferenceH srs_in, RaGdalCrsFlags flags)
{
  g_auto(OGRSpatialReferenceH) srs = OSRClone (srs_in);
  gboolean find_matches = (flags & RA_GDAL_CRS_FIND_MATCHES) != 0;
  const char *auth, *code;
  const char *opts[] = { "FORMAT=WKT2_2019", NULL };
  char *wkt = NULL;
  RaCrs *crs = NULL;
  int epsg = 0;

  auth = OSRGetAuthorityName (srs, NULL);
  code = OSRGetAuthorityCode (srs, NULL);
  if (code != NULL && is_epsg (auth))
    epsg = atoi (code);
  if (epsg == 0 && find_matches)
    epsg = best_match_epsg (srs);
  /* Without matches only a CRS that names no authority is identified. */
  if (epsg == 0 && (find_matches || auth == NULL || code == NULL) &&
      OSRAutoIdentifyEPSG (srs) == OGRERR_NONE)
    {
      auth = OSRGetAuthorityName (srs, NULL);
      code = OSRGetAuthorityCode (srs, NULL);
      if (code != NULL && (find_matches || is_epsg (auth)))
        epsg = atoi (code);
    }
  if (epsg != 0)
    crs = ra_crs_new_from_epsg (epsg, NULL);
  if (crs == NULL && OSRExportToWktEx (srs, &wkt, opts) == OGRERR_NONE && wkt != NULL)
    crs = ra_crs_new_from_user_input (wkt, NULL);
  CPLFree (wkt);
  return crs;
}
