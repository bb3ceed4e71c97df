/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <cairo.h>
#include "ra-map.h"
#include "ra-view.h"

G_BEGIN_DECLS

/* An immutable snapshot of what to draw: the visible layers' data (refs),
 * styles and opacity, bottom to top, plus the map CRS.  Taken on the main
 * thread, drawn from any thread. */
typedef struct _RaMapSnapshot RaMapSnapshot;

RaMapSnapshot *ra_map_snapshot_new   (RaMap *map);
RaMapSnapshot *ra_map_snapshot_ref   (RaMapSnapshot *snap);
void           ra_map_snapshot_unref (RaMapSnapshot *snap);
RaCrs         *ra_map_snapshot_get_crs (RaMapSnapshot *snap); /* (nullable) (transfer none) */
/* The snapshot's layers, 0 = bottom (drawn first).  All (transfer none),
 * valid while the snapshot lives. */
guint          ra_map_snapshot_get_n_layers      (RaMapSnapshot *snap);
RaLayerData   *ra_map_snapshot_get_layer_data    (RaMapSnapshot *snap, guint i);
const RaStyle *ra_map_snapshot_get_layer_style   (RaMapSnapshot *snap, guint i);
const char    *ra_map_snapshot_get_layer_name    (RaMapSnapshot *snap, guint i);
double         ra_map_snapshot_get_layer_opacity (RaMapSnapshot *snap, guint i);
/* (nullable) who to credit for layer i's data (ra_layer_get_attribution) */
const char    *ra_map_snapshot_get_layer_attribution (RaMapSnapshot *snap, guint i);
/* (nullable) layer i's RaRaster when it is a raster layer (painted, under
 * the layers above it, in its place in the order) */
GObject       *ra_map_snapshot_get_layer_raster  (RaMapSnapshot *snap, guint i);

/* A feature source the renderer reads as it draws: each call returns the
 * next feature's geometry in the snapshot's CRS, (transfer none) valid
 * until the next call; NULL after the last.  A one-shot render (the command
 * line's) streams a file through one (ra_source_stream_next) instead of
 * loading it into a layer. */
typedef const RaGeometry *(*RaFeatureNextFunc) (gpointer data);

/* An empty snapshot in crs (nullable), for streamed layers. */
RaMapSnapshot *ra_map_snapshot_new_empty  (RaCrs *crs);
/* Adds a layer on top whose features come from next (data borrowed: it
 * must outlive the drawing).  It has no attributes: a single style (style
 * is copied; NULL: a default for kind), no labels, drawn once; a snapshot
 * with one is drawn by one thread. */
void           ra_map_snapshot_add_stream (RaMapSnapshot     *snap,
                                           const char        *name,
                                           RaGeomKind         kind,
                                           const RaStyle     *style,
                                           double             opacity,
                                           RaFeatureNextFunc  next,
                                           gpointer           data);

typedef struct {
  gboolean draw_background;   /* paint background first */
  RaColor  background;
  gboolean draw_labels;
  /* Labels along lines (RaStyle.dn_label_field: a pipeline's DN and
   * length), with the other labels: TRUE by ra_render_options_init. */
  gboolean draw_line_labels;
  double   label_scale;       /* 1.0 normal; larger for presentation */
  double   symbol_scale;      /* markers, proportional symbols, line widths;
                               * 1.0 normal (<= 0 as 1.0); larger for presentation */
  /* (nullable) drawn after every layer's features and before the labels,
   * in the view's device pixels: an overlay the labels stay above (the
   * atlas page's county outline). */
  void   (*under_labels) (cairo_t *cr, gpointer data);
  gpointer under_labels_data;
  /* Device boxes labels keep out of (cards over the map in a meeting: the
   * legend, the title), as they keep off proportional symbols. */
  RaBBox   label_keepout[4];
  guint    n_label_keepout;
} RaRenderOptions;

void     ra_render_options_init (RaRenderOptions *opts);

/* THE renderer: draws polygons, lines, points and labels (Pango, with halos,
 * collision-free) for view onto cr, whatever its surface (image, PDF, SVG,
 * screen).  Thematic styles (RaStyle.kind) colour each feature by its class
 * (NULL or non-numeric values: the style's hatched "no data" class) and
 * draw proportional symbols at the features' label points, largest first,
 * on top of the layer; labels avoid those symbols.  Checks cancellable between layers and every few thousand
 * features; returns FALSE if cancelled. */
gboolean ra_renderer_draw       (RaMapSnapshot         *snap,
                                 const RaView          *view,
                                 const RaRenderOptions *opts,   /* nullable: defaults */
                                 cairo_t               *cr,
                                 GCancellable          *cancellable);

/* Counters filled by ra_renderer_draw_with_stats (for tests, the benchmark
 * and the app's debug overlay). */
/* Where a label went (RaRenderStats.label_places). */
typedef struct {
  guint    layer;            /* index of its layer in the snapshot, 0 = bottom */
  guint    feature;          /* the feature's index in the layer's data */
  RaBBox   box;              /* device box of the text (no halo) */
  double   anchor_x, anchor_y; /* device point it labels (a polygon's pole of
                              * inaccessibility) */
  gboolean leader;           /* not wholly inside its polygon: outside with a leader
                              * line to the anchor (or across the edge, over it) */
  gboolean forced;           /* a label that must not be dropped, placed where it
                              * collides least as no free place was left */
  gboolean along;            /* along its line (RaStyle.dn_label_field): box is
                              * the bounding box of the rotated text and its
                              * halo, the anchor the point on the line it is
                              * beside */
  double   angle;            /* the text's rotation in device space, radians
                              * clockwise: upright, in [-pi/2 - pi/18,
                              * pi/2 - pi/18) (steep lines read upwards); 0 when
                              * not along */
  char     text[128];        /* what it says (cut at 127 bytes) */
} RaLabelPlace;

/* Presentation mode's larger labels and symbols (the app's F5 and tests of
 * what it shows). */
#define RA_PRESENTATION_LABEL_SCALE  1.6
#define RA_PRESENTATION_SYMBOL_SCALE 1.5

typedef struct {
  guint   n_features;        /* features drawn (after culling) */
  guint   n_vertices;        /* vertices drawn after level of detail */
  guint   n_labels;          /* labels placed */
  guint   n_labels_skipped;  /* candidates dropped by collision or the view edge */
  GArray *label_boxes;       /* (nullable) caller-owned GArray of RaBBox: the device
                              * boxes (halo included) of placed labels are appended */
  GArray *label_places;      /* (nullable) caller-owned GArray of RaLabelPlace:
                              * appended for each placed label */
} RaRenderStats;

/* Same as ra_renderer_draw, and fills stats (nullable; counters are reset
 * first, label_boxes is only appended to). */
gboolean ra_renderer_draw_with_stats (RaMapSnapshot         *snap,
                                      const RaView          *view,
                                      const RaRenderOptions *opts,
                                      cairo_t               *cr,
                                      GCancellable          *cancellable,
                                      RaRenderStats         *stats);

/* ra_renderer_draw_with_stats onto an image surface (ARGB32 or RGB24, the
 * view's size) using both cores: horizontal bands drawn by two threads.
 * Falls back to one thread with labels (their placement is global), for
 * small views and other surfaces.  For the PNG export and the map widget's
 * worker. */
gboolean ra_renderer_draw_image      (RaMapSnapshot         *snap,
                                      const RaView          *view,
                                      const RaRenderOptions *opts,
                                      cairo_surface_t       *image,
                                      GCancellable          *cancellable,
                                      RaRenderStats         *stats);

/* Draws a metric scale bar (round length: 1, 2, 5 x 10^n m/km) no wider than
 * max_width_px with its left end at (x, y) (baseline).  Ground distance is
 * geodesic at the view centre. */
void     ra_renderer_draw_scalebar (cairo_t *cr, const RaView *view, const RaCrs *crs,
                                    double x, double y, double max_width_px);
/* The length (metres) and device width (px) such a scale bar would have. */
gboolean ra_renderer_scalebar_length (const RaView *view, const RaCrs *crs,
                                      double max_width_px, double *meters, double *width_px);

/* Renders to PNG, PDF or SVG by the file extension (.png .pdf .svg).
 * Vector formats keep text as text; PDF has a fixed creation date so output
 * is reproducible. */
gboolean ra_renderer_render_to_file (RaMapSnapshot *snap, const RaView *view,
                                     const RaRenderOptions *opts,
                                     const char *path, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaMapSnapshot, ra_map_snapshot_unref)

G_END_DECLS
