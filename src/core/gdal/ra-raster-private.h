/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the files of RaRaster share: ra-raster.c (opening, facts, sampling,
 * the layer), ra-raster-draw.c (warping tiles, colours, the tile cache),
 * ra-raster-dem.c (hillshade and tint files). */

#include <gdal.h>
#include "ra-raster.h"

G_BEGIN_DECLS

struct _RaRaster
{
  GObject parent_instance;

  /* owned, immutable after open */
  char         *path;
  char         *driver;
  int           width, height, n_bands;
  double        gt[6];
  RaCrs        *crs;
  RaBBox        extent;
  RaRasterKind  kind;
  gboolean      elevation;    /* one band of heights (not bytes, no palette) */
  GArray       *overviews;     /* int pairs: width, height */
  gboolean      has_nodata;
  double        nodata;

  /* guarded by mutex: the GDAL datasets are used by one thread at a time */
  GMutex        mutex;
  GDALDatasetH  ds;
  char         *attribution;
  gboolean      have_minmax;
  double        min, max;
  RaRasterShading shading;
  GDALDatasetH  shade_ds;      /* nullable: the hillshade file */
  GDALDatasetH  tint_ds;       /* nullable: the colour-relief file */
  GHashTable   *tiles;         /* key string -> Tile */
  GQueue        lru;           /* Tile*, most recent first */
  RaRasterStats stats;
  gboolean      warned;        /* a warp failure was logged */
  RaCrs        *map_crs;       /* nullable: the CRS of to_source and map_extent */
  RaTransform  *to_source;     /* map CRS -> raster CRS (used under the mutex only) */
  RaBBox        map_extent;    /* the extent in map_crs */
};

/* ra-raster-draw.c */
void _ra_raster_cache_init  (RaRaster *self);
void _ra_raster_cache_clear_locked (RaRaster *self);

/* ra-raster-dem.c: opens (making them first if needed) the hillshade and,
 * for TINTED, the colour-relief files of self; mutex held. */
gboolean _ra_raster_dem_open_locked (RaRaster *self, RaRasterShading shading, GError **error);

G_END_DECLS
