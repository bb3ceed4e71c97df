/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <cpl_error.h>

#include "ra-paths.h"
#include "ra-error.h"

G_DEFINE_QUARK (ra-error-quark, ra_error)

gboolean
ra_error_from_cpl (GError    **error,
                   RaErrorCode code,
                   const char *filename,
                   const char *what)
{
  const char *cpl = CPLGetLastErrorMsg ();
  g_autofree char *base = filename ? ra_path_display_name (filename) : NULL;

  if (cpl != NULL && *cpl != '\0')
    g_set_error (error, RA_ERROR, code, "%s: %s (%s)",
                 base ? base : "?", what, cpl);
  else
    g_set_error (error, RA_ERROR, code, "%s: %s", base ? base : "?", what);
  CPLErrorReset ();
  return FALSE;
}
