/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RA_ERROR (ra_error_quark ())

typedef enum {
  RA_ERROR_FAILED,
  RA_ERROR_NOT_FOUND,        /* file or layer missing */
  RA_ERROR_UNSUPPORTED,      /* not a vector format GDAL knows */
  RA_ERROR_CORRUPT,          /* truncated or damaged file */
  RA_ERROR_EMPTY,            /* no features / no layers */
  RA_ERROR_CRS,              /* CRS unknown or transform impossible */
  RA_ERROR_ENCODING,
  RA_ERROR_INVALID_ARGUMENT,
  RA_ERROR_CANCELLED,
  RA_ERROR_WRITE,
} RaErrorCode;

GQuark ra_error_quark (void);

/* GDAL's errors become GErrors in src/core/gdal (ra-gdal-error.h). */

G_END_DECLS
