/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What ra-source shares with the store's import: opening a GDAL source
 * (catching a declared CRS that PROJ does not know) and setting up how its
 * attribute text is decoded (declared, detected or chosen encoding). */

#include <gdal.h>
#include <ogr_api.h>
#include <glib.h>

G_BEGIN_DECLS

/* TRUE if path exists: a file or folder, or a GDAL virtual path
 * (/vsizip/, /vsigzip/, /vsitar/ …) that VSIStat finds. */
gboolean     ra_source_path_exists (const char *path);

/* GDALOpenEx for vector data with GDAL's messages captured.  On success
 * *crs_problem (optional) is set when the source declares a CRS that
 * PROJ does not know (GDAL then falls back to WGS 84 silently): a
 * sentence naming the declared CRS where it can be read.  On failure
 * *first_failure (optional) is GDAL's first message. */
GDALDatasetH ra_source_gdal_open   (const char          *path,
                                    const char * const  *open_options,
                                    char               **crs_problem,
                                    char               **first_failure);

typedef struct {
  GDALDatasetH  raw_ds;     /* (nullable) owned: a reopen that gives raw bytes */
  OGRLayerH     layer;      /* the layer to read from (of raw_ds or of the caller's) */
  char         *charset;    /* (nullable) non-UTF-8 text is decoded from this */
  char         *label;      /* what the layer's encoding is, for people */
  char         *warning;    /* (nullable) when the guess is not sure */
  gboolean      raw;        /* text is undeclared (detected or chosen) */
  gboolean      chosen;     /* charset is the user's choice */
} RaSourceText;

/* Decides how the text of layer (of ds, from path) is decoded: a .cpg or
 * DBF language driver id is honoured (GDAL recodes); encoding (nullable)
 * overrides everything; otherwise a shapefile without a declaration or a
 * CSV is read raw and its text fields go through uchardet. */
void         ra_source_text_setup  (GDALDatasetH   ds,
                                    OGRLayerH      layer,
                                    const char    *path,
                                    const char    *encoding,
                                    RaSourceText  *out);
void         ra_source_text_clear  (RaSourceText  *text);

/* (transfer full) UTF-8 of s: kept when valid UTF-8, else decoded from
 * charset (GB18030 when NULL), else made valid.  *converted / *failed
 * (optional) count the decoded and the undecodable values. */
char        *ra_source_decode_text (const char    *charset,
                                    const char    *s,
                                    guint         *converted,
                                    guint         *failed);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RaSourceText, ra_source_text_clear)

G_END_DECLS
