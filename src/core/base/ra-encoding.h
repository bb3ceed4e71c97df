/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Which character set undeclared attribute text is in (a shapefile
 * without .cpg, a CSV): uchardet looks at every text value that is not
 * UTF-8 already, each candidate is checked by decoding all of them, and
 * the guess says how sure it is. */

typedef enum {
  RA_ENCODING_SURE,      /* enough text, and every value decodes */
  RA_ENCODING_LIKELY,    /* every value decodes, but there was little text */
  RA_ENCODING_UNSURE,    /* some values do not decode in any candidate */
} RaEncodingConfidence;

typedef struct _RaEncodingGuesser RaEncodingGuesser;

RaEncodingGuesser *ra_encoding_guesser_new    (void);
void               ra_encoding_guesser_free   (RaEncodingGuesser *self);
/* Adds one text value (raw bytes, NUL-terminated). */
void               ra_encoding_guesser_add    (RaEncodingGuesser *self,
                                               const char        *text);
/* TRUE once enough text has been seen (more changes nothing). */
gboolean           ra_encoding_guesser_is_full (RaEncodingGuesser *self);
/* (transfer full) the iconv name of the guess ("UTF-8" when every value
 * was UTF-8 already); confidence and a short description of the evidence
 * ("9 characters in 3 values"), both optional. */
char              *ra_encoding_guesser_finish (RaEncodingGuesser    *self,
                                               RaEncodingConfidence *confidence,
                                               char                **evidence);

/* A name for people ("Big5", "GB18030", "Windows-1252") of an iconv name. */
const char        *ra_encoding_display_name   (const char *charset);

/* TRUE if iconv can decode from charset. */
gboolean           ra_encoding_is_known       (const char *charset);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaEncodingGuesser, ra_encoding_guesser_free)

G_END_DECLS
