/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the files of RaLayer share: the instance struct and the helpers
 * that build and swap its data (ra-layer.c: the object and its
 * attributes; ra-layer-data.c: attribute tables and data blocks;
 * ra-layer-reproject.c: reprojection, packing and refinement). */

#include "ra-layer.h"

G_BEGIN_DECLS

struct _RaLayer
{
  GObject parent_instance;

  /* owned */
  char        *name;
  gboolean     visible;
  double       opacity;
  RaStyle     *style;
  RaGeomKind   kind;
  RaCrs       *source_crs;     /* nullable */
  char        *source_path;
  char        *source_layer_name;
  char        *driver;
  char        *encoding;
  GPtrArray   *warnings;       /* char* */
  char        *no_crs_warning; /* the entry of warnings added for a missing CRS */
  GObject     *raster;         /* nullable: a raster layer's RaRaster */
  char        *attribution;    /* nullable */

  /* while building (until the first finish_build) */
  guint        n_fields;
  char       **field_names;
  RaFieldType *field_types;
  GPtrArray   *build_geoms;
  GArray      *build_fids;
  GPtrArray   *build_values;

  /* guarded by mutex: readers may be on a render thread */
  GMutex       mutex;
  RaLayerData *source_data;    /* in the source CRS; immutable once built */
  RaLayerData *data;           /* in the map CRS */
  RaCrs       *map_crs;        /* nullable */
  gboolean     have_lonlat;
  RaBBox       extent_lonlat;
  RaCrs       *draw_crs;       /* nullable: the CRS draw_resolution is in */
  double       draw_resolution;
  double       data_resolution; /* the draw resolution data was made with (0: full detail) */
  gboolean     compact;         /* one copy of the coordinates: see ra_layer_set_compact */
};

RaLayerData *_ra_layer_data_new            (RaGeomKind    kind,
                                            RaGeometry  **geoms,
                                            guint         n,
                                            RaAttrTable  *attrs);
void         _ra_layer_finish_build_locked (RaLayer      *self);
RaLayerData *_ra_layer_ensure_source_data  (RaLayer      *self);
RaLayerData *_ra_layer_origin_locked       (RaLayer      *self,
                                            RaCrs       **crs);
RaLayerData *_ra_layer_drop_source_locked  (RaLayer      *self);
/* (transfer full) src in map_crs, thinned to draw_resolution (0: full
 * detail), packed if asked. */
RaLayerData *_ra_layer_reproject           (RaLayer      *self,
                                            RaLayerData  *src,
                                            RaCrs        *source_crs,
                                            RaCrs        *map_crs,
                                            double        draw_resolution,
                                            gboolean      pack,
                                            GError      **error);

G_END_DECLS
