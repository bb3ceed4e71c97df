/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <cairo.h>
#include "ra-crs.h"
#include "ra-layer.h"
#include "ra-view.h"

G_BEGIN_DECLS

/* A GDAL raster source (GeoTIFF/COG, VRT, MBTiles, GeoPackage tiles, any
 * raster driver GDAL has, WMS/WMTS/XYZ through GDAL's own drivers) drawn
 * by the renderer: warped into the map CRS per view resolution from the
 * fitting overview, 256 px tiles cached so panning at one zoom reuses
 * them.  Thread-safe: the GDAL dataset and the cache are behind a mutex. */
#define RA_TYPE_RASTER (ra_raster_get_type ())
G_DECLARE_FINAL_TYPE (RaRaster, ra_raster, RA, RASTER, GObject)

typedef enum {
  RA_RASTER_GREY,      /* one band stretched min..max to a grey ramp */
  RA_RASTER_RGB,       /* three (or more) bands: red, green, blue */
  RA_RASTER_RGBA,      /* red, green, blue, alpha */
  RA_RASTER_PALETTE,   /* one band with a colour table */
} RaRasterKind;

typedef enum {
  RA_RASTER_SHADE_NONE,       /* as the kind says */
  RA_RASTER_SHADE_HILLSHADE,  /* a DEM: grey hillshade (GDAL's, NW light at 45°) */
  RA_RASTER_SHADE_TINTED,     /* hillshade times a hypsometric tint */
} RaRasterShading;

/* Opens path (a file, a folder GDAL reads, or a GDAL connection string such
 * as "WMTS:…" or "<GDAL_WMS>…"). Errors (RA_ERROR) name the file: not
 * found, not a raster GDAL knows, no georeferencing or no CRS.
 * Returns: (transfer full) (nullable) */
RaRaster     *ra_raster_open              (const char *path, GError **error);
/* TRUE when path opens as a raster with no vector layers (a GeoPackage or
 * MBTiles with tiles and no features counts as raster). */
gboolean      ra_raster_path_is_raster    (const char *path);

const char   *ra_raster_get_path          (RaRaster *self);
const char   *ra_raster_get_driver        (RaRaster *self);  /* GDAL short name */
int           ra_raster_get_width         (RaRaster *self);
int           ra_raster_get_height        (RaRaster *self);
int           ra_raster_get_n_bands       (RaRaster *self);
RaRasterKind  ra_raster_get_kind          (RaRaster *self);
RaCrs        *ra_raster_get_crs           (RaRaster *self);  /* (transfer none) */
/* Extent in the raster's own CRS. */
void          ra_raster_get_extent        (RaRaster *self, RaBBox *out);
/* Pixel size in CRS units (x, and y as a positive number). */
void          ra_raster_get_pixel_size    (RaRaster *self, double *x, double *y);
/* Overviews of band 1, finest first; sizes in pixels. */
guint         ra_raster_get_n_overviews   (RaRaster *self);
void          ra_raster_get_overview_size (RaRaster *self, guint i, int *width, int *height);
/* TRUE for what looks like elevation (a DEM): one band, no palette, and
 * values wider than bytes (Int16, Float32…).  The app offers (and starts
 * with) hillshade for these and shows the elevation at the cursor. */
gboolean      ra_raster_is_elevation      (RaRaster *self);
/* Nodata value of band 1; FALSE when none. */
gboolean      ra_raster_get_nodata        (RaRaster *self, double *value);

/* Attribution: the one set, else GDAL metadata (ATTRIBUTION, COPYRIGHT,
 * TIFFTAG_COPYRIGHT, a WMTS/WMS "attribution"), else the first line of a
 * sidecar PATH.attribution.txt.  (nullable) (transfer none) */
const char   *ra_raster_get_attribution   (RaRaster *self);
void          ra_raster_set_attribution   (RaRaster *self, const char *text);

/* Shading of a one-band elevation raster.  Hillshade (and the tint) are
 * computed once per source (path, size and mtime) into GeoTIFFs with
 * overviews in the user cache dir (XDG_CACHE_HOME/reclaim-atlas/dem);
 * the first draw after setting it pays for that.  FALSE with an error when
 * the raster is not one band, or the files cannot be made. */
gboolean      ra_raster_set_shading       (RaRaster *self, RaRasterShading shading,
                                           GError **error);
RaRasterShading ra_raster_get_shading     (RaRaster *self);
/* "none", "hillshade", "tinted" (what projects keep) and back; -1 for an
 * unknown key. */
const char   *ra_raster_shading_to_key    (RaRasterShading shading);
int           ra_raster_shading_from_key  (const char *key);
/* The same in a worker thread (making a big DEM's hillshade takes
 * seconds); callback on the caller's thread-default main context. */
void          ra_raster_set_shading_async (RaRaster *self, RaRasterShading shading,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback, gpointer user_data);
gboolean      ra_raster_set_shading_finish (RaRaster *self, GAsyncResult *result,
                                            GError **error);

/* The elevation (band 1's value) at (x, y) in crs (nullable: the raster's
 * own), interpolated bilinearly between the four nearest pixel centres.
 * FALSE with an error outside the raster or on nodata. */
gboolean      ra_raster_sample_elevation  (RaRaster *self, double x, double y, RaCrs *crs,
                                           double *elevation, GError **error);

/* Paints the raster for view (map CRS map_crs) onto cr with opacity, under
 * whatever cr's clip allows: the 256 px tiles of the view's resolution
 * that meet the clip come from the cache or are warped from the overview
 * that fits.  Safe from several threads.  FALSE if cancelled or a warp
 * failed (the failure goes to the log once; a map still draws). */
gboolean      ra_raster_paint             (RaRaster *self, cairo_t *cr, const RaView *view,
                                           RaCrs *map_crs, double opacity,
                                           GCancellable *cancellable);

/* Counters for tests and the benchmark. */
typedef struct {
  guint  n_warps;        /* tiles warped (cache misses) */
  guint  n_cache_hits;   /* tiles painted from the cache */
  int    last_overview;  /* overview of the last warp; -1: full resolution */
  guint64 source_pixels; /* source pixels the warps covered (at their overview) */
} RaRasterStats;

void          ra_raster_get_stats         (RaRaster *self, RaRasterStats *out);
void          ra_raster_reset_stats       (RaRaster *self);
/* Drops the cached tiles. */
void          ra_raster_clear_cache       (RaRaster *self);

/* A map layer showing the raster (its footprint in the map CRS is the
 * layer's extent; the renderer paints the raster instead of features).
 * Named after the file; attribution copied from the raster.
 * Returns: (transfer full) */
RaLayer      *ra_raster_new_layer         (RaRaster *self);
/* (transfer full) (nullable) ra_raster_open + ra_raster_new_layer. */
RaLayer      *ra_raster_open_layer        (const char *path, GError **error);

G_END_DECLS
