/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include "ra-geometry.h"
#include "ra-index.h"
#include "ra-crs.h"
#include "ra-style.h"

G_BEGIN_DECLS

typedef enum {
  RA_FIELD_STRING,
  RA_FIELD_INTEGER,
  RA_FIELD_REAL,
  RA_FIELD_DATE,
  RA_FIELD_OTHER,
} RaFieldType;

/* Immutable attribute table shared by every RaLayerData of a layer.
 * values[feature * n_fields + field] is UTF-8 text or NULL (SQL NULL). */
typedef struct {
  guint        n_fields;
  guint        n_features;
  char       **field_names;   /* NULL-terminated, n_fields entries */
  RaFieldType *field_types;
  gint64      *fids;
  char       **values;
  /* (nullable) the values' text, in one block (values point into it) */
  char        *text_block;
} RaAttrTable;

RaAttrTable *ra_attr_table_ref   (RaAttrTable *table);
void         ra_attr_table_unref (RaAttrTable *table);
int          ra_attr_table_field_index (const RaAttrTable *table, const char *name); /* -1 if absent */
const char  *ra_attr_table_get   (const RaAttrTable *table, guint feature, guint field);

/* Immutable, reference-counted snapshot of a layer's features in the map CRS
 * with a spatial index.  Safe to read from a render thread. */
typedef struct _RaLayerData RaLayerData;
struct _RaLayerData {
  RaGeomKind    kind;        /* dominant kind of the layer */
  guint         n_features;
  RaGeometry  **geoms;       /* n_features entries, NULL for a feature without geometry */
  RaIndex      *index;
  RaBBox        extent;      /* in map CRS; empty if no geometry */
  RaAttrTable  *attrs;
  /* (nullable) the same features with the vertices closer than half a
   * pixel of a view at coarse_resolution map units per pixel dropped: what
   * the renderer draws at that resolution or coarser (the app's first view
   * of a big layer, kept when full detail comes). */
  RaLayerData  *coarse;
  double        coarse_resolution;
  /* (nullable) the geometries live in this one block (a compact layer's
   * packed full detail): freed with the data, never one by one. */
  gpointer      geom_block;
};

RaLayerData *ra_layer_data_ref   (RaLayerData *data);
void         ra_layer_data_unref (RaLayerData *data);

#define RA_TYPE_LAYER (ra_layer_get_type ())
G_DECLARE_FINAL_TYPE (RaLayer, ra_layer, RA, LAYER, GObject)

/* Building a layer (used by RaSource; not thread-safe until finished). */
RaLayer     *ra_layer_new            (const char *name,
                                      RaGeomKind  kind,
                                      RaCrs      *source_crs);  /* nullable: no CRS */
void         ra_layer_set_fields     (RaLayer *self, guint n_fields,
                                      const char * const *names, const RaFieldType *types);
/* Takes ownership of geom (nullable) and of values (n_fields strings, or NULL). */
void         ra_layer_add_feature    (RaLayer *self, gint64 fid, RaGeometry *geom, char **values);
void         ra_layer_set_source     (RaLayer *self, const char *path, const char *layer_name,
                                      const char *driver);
void         ra_layer_set_encoding   (RaLayer *self, const char *encoding_description);
void         ra_layer_add_warning    (RaLayer *self, const char *message);

/* Reprojects the source geometries into map_crs and rebuilds the index.
 * A layer without a source CRS is taken to be in the map CRS already (and
 * carries a warning).  Thread-safe with respect to readers of the old data. */
gboolean     ra_layer_set_map_crs    (RaLayer *self, RaCrs *map_crs, GError **error);
/* Hint for one-off renders: the layer is drawn in map_crs at resolution (map
 * units per pixel) or coarser, so later reprojections into map_crs may drop,
 * before transforming, vertices closer than half a pixel.  NULL / 0 clears. */
void         ra_layer_set_draw_resolution (RaLayer *self, RaCrs *map_crs, double resolution);
/* Sets the CRS of a layer that had none (or a wrong one), then reprojects. */
gboolean     ra_layer_assign_crs     (RaLayer *self, RaCrs *source_crs, GError **error);
/* Takes the features, fields, CRS, name and style of from (same geometry
 * kind), reprojected into the map CRS; emits ::changed. */
gboolean     ra_layer_replace_contents (RaLayer *self, RaLayer *from, GError **error);
/* One copy of the coordinates (the map CRS's) once reprojected in full. */
void         ra_layer_set_compact    (RaLayer *self, gboolean compact);
/* A quick first view: data simplified by a draw resolution hint is brought
 * to full detail by ra_layer_refine (in a worker), and a compact layer
 * drawn as read is packed there; then emit ::changed on the main thread
 * with ra_layer_emit_changed. */
gboolean     ra_layer_needs_refine   (RaLayer *self);
gboolean     ra_layer_refine         (RaLayer *self, GError **error);
void         ra_layer_emit_changed   (RaLayer *self);

/* (transfer full) current data in the map CRS; never NULL after set_map_crs. */
RaLayerData *ra_layer_dup_data       (RaLayer *self);

const char  *ra_layer_get_name       (RaLayer *self);
void         ra_layer_set_name       (RaLayer *self, const char *name);
gboolean     ra_layer_get_visible    (RaLayer *self);
void         ra_layer_set_visible    (RaLayer *self, gboolean visible);
double       ra_layer_get_opacity    (RaLayer *self);
void         ra_layer_set_opacity    (RaLayer *self, double opacity);
const RaStyle *ra_layer_get_style    (RaLayer *self);
void         ra_layer_set_style      (RaLayer *self, const RaStyle *style); /* copies */
RaGeomKind   ra_layer_get_kind       (RaLayer *self);
guint        ra_layer_get_n_features (RaLayer *self);
RaCrs       *ra_layer_get_source_crs (RaLayer *self);  /* (nullable) (transfer none) */
gboolean     ra_layer_has_crs        (RaLayer *self);
const char  *ra_layer_get_source_path (RaLayer *self);
const char  *ra_layer_get_source_layer_name (RaLayer *self);
const char  *ra_layer_get_driver     (RaLayer *self);
const char  *ra_layer_get_encoding   (RaLayer *self);   /* (nullable) e.g. "GB18030 (detected)" */
/* (transfer none) warnings to show the user: no CRS, invalid geometries... */
GPtrArray   *ra_layer_get_warnings   (RaLayer *self);
RaAttrTable *ra_layer_get_attrs      (RaLayer *self);   /* (transfer none) */
/* Extent of the source data in lon/lat (EPSG:4326 axis order lon, lat); FALSE if no CRS. */
gboolean     ra_layer_get_extent_lonlat (RaLayer *self, RaBBox *out);

/* The field a planner would label this layer by: the first of name_zh,
 * 名称, name (any case) present in a polygon or point layer of at most 2000
 * features; NULL otherwise.  (transfer none) */
const char  *ra_layer_guess_label_field (RaLayer *self);

/* A raster layer: source is the raster object (a RaRaster from
 * src/core/gdal, kept opaque here) and footprint its extent as a polygon in
 * source_crs, which gives the layer its extent in the map CRS.  Its kind is
 * RA_GEOM_NONE (no legend entry, no features to pick); the renderer paints
 * the raster in its place in the layer order.  Returns: (transfer full) */
RaLayer     *ra_layer_new_raster     (const char *name, GObject *raster, RaCrs *source_crs,
                                      RaGeometry *footprint);
/* (nullable) (transfer none) the raster of a raster layer */
GObject     *ra_layer_get_raster     (RaLayer *self);
/* Who to credit for the data ("© OpenStreetMap contributors"); printed in
 * a print layout's data-source line.  (nullable) */
const char  *ra_layer_get_attribution (RaLayer *self);
void         ra_layer_set_attribution (RaLayer *self, const char *attribution);

/* Feature ids (indices into the attribute table) whose geometry lies within
 * tolerance (map units) of the map-CRS point, nearest first. */
GArray      *ra_layer_find_features_at (RaLayer *self, double x, double y, double tolerance); /* none on a raster layer */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaLayerData, ra_layer_data_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaAttrTable, ra_attr_table_unref)

G_END_DECLS
