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

/* Captures the last GDAL (CPL) error message into a GError, prefixed with the
 * file name.  Returns FALSE so callers can `return ra_error_from_cpl (...)`. */
gboolean ra_error_from_cpl (GError    **error,
                            RaErrorCode code,
                            const char *filename,
                            const char *what);

G_END_DECLS
