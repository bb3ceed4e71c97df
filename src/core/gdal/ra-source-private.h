/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the files of ra-source share among themselves and with the rest of
 * src/core/gdal (the store's import reads through ra-gdal-features):
 * opening a GDAL source (catching a declared CRS that PROJ does not know),
 * setting up how its attribute text is decoded (declared, detected or
 * chosen encoding) and reading one layer of an open dataset. */

#include <gdal.h>
#include <ogr_api.h>
#include <glib.h>
#include "ra-source.h"

G_BEGIN_DECLS

/* TRUE if path exists: a file or folder, or a GDAL virtual path
 * (/vsizip/, /vsigzip/, /vsitar/ …) that VSIStat finds; a PostgreSQL
 * database ("PG:…") is taken to exist. */
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

/* The layer named layer_name (NULL: the first) of ds, opened from path;
 * NULL with an error naming both when there is none. */
OGRLayerH    ra_source_find_layer  (GDALDatasetH        ds,
                                    const char         *path,
                                    const char         *layer_name,
                                    GError            **error);

/* ra_source_gdal_open for a reader: a path that does not exist, a pipe, a
 * folder that is no dataset, a damaged file, an unknown format or a source
 * without layers is an RA_ERROR naming the file.  *crs_problem as for
 * ra_source_gdal_open (left NULL on failure).
 * Returns: (transfer full) (nullable) */
GDALDatasetH ra_source_open_dataset (const char          *path,
                                     const char * const  *open_options,
                                     char               **crs_problem,
                                     GError             **error);

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

/* A view the layer is loaded for (ra_source_load_layer_for_view). */
typedef struct {
  RaCrs  *crs;
  double  resolution;   /* crs units per pixel */
} RaSourceView;

/* Reads layer_name (NULL: the first) of ds, opened from path, into a layer
 * in its source CRS (reading the text of a shapefile without a declared
 * encoding raw, see ra_source_text_setup).  view (nullable): thin as it is
 * read for that view; encoding (nullable): the user's choice; crs_problem
 * (nullable): from ra_source_gdal_open, the layer is then left without a
 * CRS, with a warning.  Errors (RA_ERROR) name the file.
 * Returns: (transfer full) (nullable) */
RaLayer     *ra_source_read_layer  (GDALDatasetH          ds,
                                    const char           *path,
                                    const char           *layer_name,
                                    gboolean              skip_attributes,
                                    const RaSourceView   *view,
                                    const char           *encoding,
                                    const char           *crs_problem,
                                    GCancellable         *cancellable,
                                    GError              **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RaSourceText, ra_source_text_clear)

G_END_DECLS
