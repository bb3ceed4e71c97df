/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include "ra-layer.h"

G_BEGIN_DECLS

/* Reading any GDAL vector data source into RaLayers.
 *
 * Shapefile attributes: a .cpg (or a DBF language driver id) is honoured;
 * without either (and for CSV), text that is valid UTF-8 is kept and the
 * encoding of the rest is detected with uchardet (ra-encoding.h); the
 * layer records which encoding was used and how sure the guess is
 * (ra_layer_get_encoding, a warning when not sure), and the user can
 * choose another (ra_source_load_layer_encoded).
 *
 * A declared CRS that PROJ does not know leaves the layer without a CRS,
 * with a warning (GDAL alone would take it as WGS 84).
 *
 * Errors (RA_ERROR) always name the file and the problem in the message. */

/* Calls GDALAllRegister once; safe from any thread. */
void       ra_source_init          (void);

/* (transfer full) NULL-terminated names of the vector layers in path. */
char     **ra_source_list_layers   (const char *path, GError **error);

/* Loads one layer (by name; NULL = the first) in its source CRS.  Call
 * ra_layer_set_map_crs before drawing it.  Errors: unreadable, unsupported
 * format, truncated/corrupt, empty layer. */
RaLayer   *ra_source_load_layer    (const char    *path,
                                    const char    *layer_name,
                                    GCancellable  *cancellable,
                                    GError       **error);

typedef enum {
  RA_SOURCE_LOAD_DEFAULT       = 0,
  RA_SOURCE_LOAD_NO_ATTRIBUTES = 1 << 0,  /* field names only, every value NULL */
} RaSourceLoadFlags;

/* ra_source_load_layer with options; NO_ATTRIBUTES is for drawing only
 * (a render of a large layer without labels or thematic styles). */
RaLayer   *ra_source_load_layer_with_flags (const char         *path,
                                            const char         *layer_name,
                                            RaSourceLoadFlags   flags,
                                            GCancellable       *cancellable,
                                            GError            **error);

/* For one render in crs at resolution (crs units per pixel): a layer
 * already in crs keeps only the vertices half a pixel apart as it is read. */
RaLayer   *ra_source_load_layer_for_view (const char         *path,
                                          const char         *layer_name,
                                          RaSourceLoadFlags   flags,
                                          RaCrs              *crs,
                                          double              resolution,
                                          GCancellable       *cancellable,
                                          GError            **error);

/* ra_source_load_layer_for_view with the text encoding chosen by the user
 * (an iconv name such as "BIG5"; NULL: declared or detected).  An
 * encoding iconv does not know is an error naming it. */
RaLayer   *ra_source_load_layer_encoded (const char         *path,
                                         const char         *layer_name,
                                         const char         *encoding,
                                         RaSourceLoadFlags   flags,
                                         RaCrs              *crs,
                                         double              resolution,
                                         GCancellable       *cancellable,
                                         GError            **error);

/* Result of loading a whole source in a worker thread. */
typedef struct {
  char      *path;
  GPtrArray *layers;   /* RaLayer*, already in the map CRS */
  GPtrArray *errors;   /* GError*, one per layer that failed (message names file and layer) */
} RaSourceResult;

void       ra_source_result_free   (RaSourceResult *result);

/* Loads layer_names (NULL = every layer) of path in a GTask thread and
 * reprojects them into map_crs or, when it is NULL (an empty map), into the
 * CRS a map takes from the first of them (ra_map_suggest_crs_for_layer).
 * Layers of more than a few hundred thousand vertices come first simplified
 * for a view of the whole layer (ra_layer_needs_refine: call
 * ra_layer_refine in a worker) and are compact (ra_layer_set_compact).  The
 * callback runs on the caller's main context.  Fails as a whole only when
 * path cannot be opened. */
void            ra_source_load_async  (const char          *path,
                                       const char * const  *layer_names,
                                       RaCrs               *map_crs,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
/* ra_source_load_async with the text encoding chosen by the user. */
void            ra_source_load_encoded_async (const char          *path,
                                              const char * const  *layer_names,
                                              RaCrs               *map_crs,
                                              const char          *encoding,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
RaSourceResult *ra_source_load_finish (GAsyncResult *result, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaSourceResult, ra_source_result_free)

G_END_DECLS
