/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GDAL's (CPL's) messages captured per thread and turned into GErrors: the
 * one implementation the source reader, the store's import and export and
 * the table writer share. */
#include "config.h"

#include <string.h>
#include <cpl_error.h>

#include "ra-gdal-error.h"
#include "ra-paths.h"

static void CPL_STDCALL
capture_handler (CPLErr cls, CPLErrorNum num, const char *msg)
{
  RaGdalCapture *cap = CPLGetErrorHandlerUserData ();

  if (cap->messages != NULL && msg != NULL && *msg != '\0')
    g_ptr_array_add (cap->messages, g_strdup (msg));
  if (cls != CE_Failure && cls != CE_Fatal)
    return;
  cap->n_failures++;
  if (cap->first_failure == NULL)
    cap->first_failure = g_strdup (msg);
  g_free (cap->last_failure);
  cap->last_failure = g_strdup (msg);
}

void
ra_gdal_capture_begin (RaGdalCapture *cap, RaGdalCaptureFlags flags)
{
  memset (cap, 0, sizeof *cap);
  if (flags & RA_GDAL_CAPTURE_MESSAGES)
    cap->messages = g_ptr_array_new_with_free_func (g_free);
  CPLPushErrorHandlerEx (capture_handler, cap);
}

void
ra_gdal_capture_end (RaGdalCapture *cap)
{
  CPLPopErrorHandler ();
  g_clear_pointer (&cap->first_failure, g_free);
  g_clear_pointer (&cap->last_failure, g_free);
  g_clear_pointer (&cap->messages, g_ptr_array_unref);
}

char *
ra_gdal_cause_suffix (const char *msg)
{
  g_autofree char *valid = NULL;

  if (msg == NULL || *msg == '\0')
    return g_strdup ("");
  /* GDAL quotes raw bytes of the file (field names, values) in messages. */
  valid = g_utf8_make_valid (msg, -1);
  return g_strdup_printf (" (%s)", valid);
}

char *
ra_gdal_take_last_error (void)
{
  const char *last = CPLGetLastErrorMsg ();
  char *msg = g_strdup (last != NULL ? last : "");

  CPLErrorReset ();
  return msg;
}

/* GDAL's message may quote a tile URL with the user's key (天地图's tk=). */
static char *
redact_keys (const char *text)
{
  g_autoptr(GRegex) re = g_regex_new ("([?&](tk|key|apikey|api_key|token|access_token)=)[^&\\s\"'<]*",
                                      G_REGEX_CASELESS, 0, NULL);

  return re != NULL ? g_regex_replace (re, text, -1, 0, "\\1***", 0, NULL) : g_strdup (text);
}

gboolean
ra_error_from_cpl (GError    **error,
                   RaErrorCode code,
                   const char *filename,
                   const char *what)
{
  g_autofree char *raw = ra_gdal_take_last_error ();
  g_autofree char *cpl = redact_keys (raw);
  g_autofree char *base = filename ? ra_path_display_name (filename) : NULL;

  if (*cpl != '\0')
    g_set_error (error, RA_ERROR, code, "%s: %s (%s)",
                 base ? base : "?", what, cpl);
  else
    g_set_error (error, RA_ERROR, code, "%s: %s", base ? base : "?", what);
  return FALSE;
}

gboolean
ra_gdal_propagate_error (GError **dest, GError *src, GQuark domain, int code)
{
  g_return_val_if_fail (src != NULL, FALSE);

  if (src->domain == RA_ERROR)
    {
      src->domain = domain;
      src->code = code;
    }
  g_propagate_error (dest, src);
  return FALSE;
}
