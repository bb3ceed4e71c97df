/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A layer's features streamed for one view, one at a time: read with OGR
 * (no attribute parsed, only what intersects the view when the source has a
 * spatial index), thinned to half a pixel in the source CRS and transformed
 * into the map CRS, then handed to the renderer and dropped.  The one-shot
 * render of the command line draws from it instead of building the app's
 * packed in-memory layer (RaLayer) with its spatial index. */

#include "ra-crs.h"
#include "ra-geometry.h"

G_BEGIN_DECLS

typedef struct _RaSourceStream RaSourceStream;

/* Opens layer_name (NULL: the first) of path for a view of bbox (map CRS
 * units; nullable: everything) at resolution map units per pixel in
 * map_crs (nullable: the source's coordinates as they are).  Errors are
 * RA_ERROR and name the file.
 * Returns: (transfer full) (nullable) */
RaSourceStream *ra_source_stream_open      (const char   *path,
                                            const char   *layer_name,
                                            RaCrs        *map_crs,
                                            const RaBBox *bbox,
                                            double        resolution,
                                            GError      **error);
/* A stream of every layer of path, from one open of it.  Errors as
 * ra_source_stream_open (a file with no vector layer is one).
 * Returns: (transfer full) (nullable) (element-type RaSourceStream) */
GPtrArray      *ra_source_stream_open_all  (const char   *path,
                                            RaCrs        *map_crs,
                                            const RaBBox *bbox,
                                            double        resolution,
                                            GError      **error);
/* The one layer of a shapefile read with shapelib and PROJ alone (no
 * GDAL call) when that gives what ra_source_stream_open_all would: a
 * point, line or polygon shapefile whose .dbf agrees with it, whose .prj
 * names an EPSG CRS and which bbox shows whole.  NULL otherwise, with no
 * error: open it with ra_source_stream_open_all then.
 * Returns: (transfer full) (nullable) */
RaSourceStream *ra_source_stream_open_shapefile (const char   *path,
                                                 RaCrs        *map_crs,
                                                 const RaBBox *bbox,
                                                 double        resolution);
/* The one feature table of a GeoPackage read with SQLite, SpatiaLite and
 * PROJ alone (no GDAL call) when that gives what ra_source_stream_open_all
 * would: a GeoPackage whose contents list one table, of points, lines or
 * polygons (or any of them), in an EPSG CRS, with its extent, which bbox shows whole.
 * NULL otherwise, with no error: open it with ra_source_stream_open_all.
 * Returns: (transfer full) (nullable) */
RaSourceStream *ra_source_stream_open_geopackage (const char   *path,
                                                  RaCrs        *map_crs,
                                                  const RaBBox *bbox,
                                                  double        resolution);
void            ra_source_stream_free      (RaSourceStream *stream);
/* From the first ra_source_stream_next on, a second thread reads ahead
 * (a few batches of features) while the caller draws.  Call before the
 * first ra_source_stream_next. */
void            ra_source_stream_set_prefetch (RaSourceStream *stream,
                                               gboolean        prefetch);

/* The layer's declared kind (RA_GEOM_NONE: mixed or unknown). */
RaGeomKind      ra_source_stream_get_kind  (RaSourceStream *stream);
/* TRUE when the geometry is read with shapelib (a shapefile, in a build
 * with it; RA_RENDER_SHAPELIB=0 turns it off), FALSE: through OGR. */
gboolean        ra_source_stream_uses_shapelib (RaSourceStream *stream);
/* The layer's name, for people.  (transfer none) */
const char     *ra_source_stream_get_name  (RaSourceStream *stream);

/* The next feature's geometry in the map CRS, thinned for the view; NULL
 * after the last.  (transfer none) valid until the next call. */
const RaGeometry *ra_source_stream_next    (RaSourceStream *stream);
/* After the last feature: the warnings about what could not be drawn
 * (damaged features, invalid or out-of-range coordinates, a CRS PROJ does
 * not know).  (transfer none) (element-type utf8) */
GPtrArray      *ra_source_stream_get_warnings (RaSourceStream *stream);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaSourceStream, ra_source_stream_free)

G_END_DECLS
