/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The features of one GDAL layer, one at a time, for code that writes
 * them elsewhere (the store's import and its sample tables) rather than
 * into an RaLayer: field values as text, the geometry as OGR holds it.
 * Errors are RA_ERROR and name the file. */

#include <ogr_api.h>
#include "ra-crs.h"
#include "ra-gdal-crs.h"
#include "ra-source-private.h"

G_BEGIN_DECLS

typedef struct _RaGdalFeatures RaGdalFeatures;

/* Opens layer_name (NULL: the first) of any GDAL vector source, its text
 * decoded as a reader would (ra_source_text_setup; encoding nullable: the
 * user's choice).  *crs_problem (optional) as for ra_source_gdal_open.
 * Returns: (transfer full) (nullable) */
RaGdalFeatures     *ra_gdal_features_open          (const char   *path,
                                                    const char   *layer_name,
                                                    const char   *encoding,
                                                    char        **crs_problem,
                                                    GError      **error);
/* Opens the first layer of a CSV file through GDAL's CSV driver only, its
 * text as it is (RA_ERROR_NOT_FOUND when it cannot be read).
 * Returns: (transfer full) (nullable) */
RaGdalFeatures     *ra_gdal_features_open_csv      (const char   *path,
                                                    GError      **error);
void                ra_gdal_features_free          (RaGdalFeatures *features);

/* The layer's name as GDAL gives it. */
const char         *ra_gdal_features_get_layer_name (RaGdalFeatures *features);
guint               ra_gdal_features_get_n_fields  (RaGdalFeatures *features);
/* The field's name as the file has it (not decoded). */
const char         *ra_gdal_features_get_field_name (RaGdalFeatures *features, guint i);
/* -1 when the layer has no such field. */
int                 ra_gdal_features_get_field_index (RaGdalFeatures *features,
                                                      const char     *name);
/* How the layer's text is to be decoded (see ra-source-private.h). */
const RaSourceText *ra_gdal_features_get_text      (RaGdalFeatures *features);
/* Whether the layer declares a CRS, and that CRS (NULL when PROJ reads it
 * not).  Returns: (transfer full) (nullable) */
gboolean            ra_gdal_features_has_crs       (RaGdalFeatures *features);
RaCrs              *ra_gdal_features_dup_crs       (RaGdalFeatures *features,
                                                    RaGdalCrsFlags  flags);

/* Reading starts again at the first feature. */
void                ra_gdal_features_rewind        (RaGdalFeatures *features);
/* Moves to the next feature; FALSE after the last. */
gboolean            ra_gdal_features_next          (RaGdalFeatures *features);
/* Of the current feature: */
gint64              ra_gdal_features_get_fid       (RaGdalFeatures *features);
/* The value of field idx as text as the file has it; NULL when idx is
 * negative or the value is unset, null or empty.  (transfer none) valid
 * until the next ra_gdal_features_next. */
const char         *ra_gdal_features_get_value     (RaGdalFeatures *features, int idx);
const char         *ra_gdal_features_get_value_by_name (RaGdalFeatures *features,
                                                        const char     *name);
/* (transfer none) (nullable) the feature's own geometry: the caller may
 * change it in place (ra_gdal_geometry_reproject_wkb). */
OGRGeometryH        ra_gdal_features_get_geometry  (RaGdalFeatures *features);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaGdalFeatures, ra_gdal_features_free)

G_END_DECLS
