/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* GDAL's (CPL's) messages turned into GErrors, in one place.  GDAL keeps
 * one error handler stack per thread, so a capture sees only the messages
 * of the thread that began it.  The functions of src/core/gdal report in
 * RA_ERROR; ra_gdal_propagate_error hands such an error on in the domain
 * of a caller (the store's) with its message unchanged. */

#include <glib.h>
#include "ra-error.h"

G_BEGIN_DECLS

typedef enum {
  RA_GDAL_CAPTURE_FAILURES = 0,       /* count failures, keep the first and last */
  RA_GDAL_CAPTURE_MESSAGES = 1 << 0,  /* also keep every message of any class */
} RaGdalCaptureFlags;

typedef struct {
  guint      n_failures;     /* CE_Failure and CE_Fatal */
  char      *first_failure;  /* (nullable) */
  char      *last_failure;   /* (nullable) */
  GPtrArray *messages;       /* (nullable) every non-empty message, with RA_GDAL_CAPTURE_MESSAGES */
} RaGdalCapture;

/* Pushes a handler that records into cap (until ra_gdal_capture_end); GDAL
 * prints nothing meanwhile. */
void      ra_gdal_capture_begin      (RaGdalCapture      *cap,
                                      RaGdalCaptureFlags  flags);
/* Pops the handler and frees what cap holds. */
void      ra_gdal_capture_end        (RaGdalCapture      *cap);

/* " (msg)" or "" when msg is NULL or empty; msg made valid UTF-8 (GDAL
 * quotes raw bytes of the file in its messages).  Returns: (transfer full) */
char     *ra_gdal_cause_suffix       (const char *msg);

/* GDAL's last error message of this thread (never NULL), and the error
 * state cleared.  Returns: (transfer full) */
char     *ra_gdal_take_last_error    (void);

/* Captures the last GDAL (CPL) error message into a GError, prefixed with
 * the file name.  Returns FALSE so callers can `return ra_error_from_cpl (...)`. */
gboolean  ra_error_from_cpl          (GError    **error,
                                      RaErrorCode code,
                                      const char *filename,
                                      const char *what);

/* Moves src into dest: an RA_ERROR becomes (domain, code) with the same
 * message, any other error is passed on as it is.  Returns FALSE. */
gboolean  ra_gdal_propagate_error    (GError    **dest,
                                      GError     *src,
                                      GQuark      domain,
                                      int         code);

G_END_DECLS
