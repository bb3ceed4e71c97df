/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the parts of the renderer share (not for its clients):
 *   ra-render-snapshot.c   the snapshot of what to draw
 *   ra-render-device.c     world to device, level of detail, device buffers
 *   ra-render-raster.c     drawing straight into image surfaces (hairlines)
 *   ra-render-layer.c      one layer: culling, thematic classes, the passes
 *   ra-render-geometry.c   polygon fills and outlines, lines
 *   ra-render-symbols.c    point markers (as stamps on images), proportional
 *                          symbols, and what the legend shares
 *                          (ra-render-symbols.h)
 *   ra-render-labels.c     label candidates, placement and collision
 *   ra-render-scalebar.c   the scale bar
 *   ra-png-writer.c        the fast PNG writer
 *   ra-renderer.c          the public entry points, bands on two cores, files */

#include <cairo.h>
#include "ra-renderer.h"
#include "ra-render-symbols.h"

G_BEGIN_DECLS

/* How often the feature loops look at the GCancellable. */
#define RA_CANCEL_EVERY 2000
/* cairo 1.16 is much slower on one giant path than on many small ones
 * (shared/bench/RESULTS.md), so batched strokes are flushed in chunks. */
#define RA_STROKE_CHUNK_VERTICES 512
/* Lines up to this width are stroked with cheaper joins, ends and
 * antialiasing (see ra_render_stroke_features). */
#define RA_THIN_LINE_PX 1.25
/* Level of detail: vertex spacing below which vertices are dropped. */
#define RA_LOD_PX 1.0
/* cairo's 24.8 fixed point overflows near 8e6 px; keep well inside. */
#define RA_DEVICE_CLAMP 4.0e6

/* ------------------------------------------------------------------ */
/* Snapshot (ra-render-snapshot.c)                                    */

typedef struct {
  RaLayerData *data;      /* owned ref */
  RaStyle     *style;     /* owned copy */
  char        *name;      /* owned */
  double       opacity;
  GObject     *raster;    /* owned ref, nullable: a raster layer's RaRaster */
  char        *attribution; /* owned, nullable */
  /* A streamed layer (data NULL): its features come one at a time from
   * next (ra_map_snapshot_add_stream), read once. */
  RaFeatureNextFunc next;
  gpointer          next_data;
  /* A layer of the map (ra_map_snapshot_new): how its raster is drawn and
   * where a polygon's label goes.  A streamed layer needs neither, and
   * has neither: a program that draws streams alone then links no GDAL and
   * no GEOS (reclaim-atlas-cli, src/cli/meson.build). */
  gboolean (*paint_raster) (GObject *raster, cairo_t *cr, const RaView *view, RaCrs *map_crs,
                            double opacity, GCancellable *cancellable);
  gboolean (*label_pole)   (const RaGeometry *geom, double *x, double *y, double *r);
} SnapLayer;

struct _Xform;

struct _RaMapSnapshot {
  gatomicrefcount ref_count;
  /* owned */
  RaCrs     *crs;         /* nullable */
  GPtrArray *layers;      /* SnapLayer*, bottom to top */
  /* How labels are drawn (ra_render_draw_labels, with Pango): set for a
   * snapshot of a map; one of streams alone has no labels to draw, and a
   * program that draws only those links no Pango (as SnapLayer's
   * paint_raster and label_pole). */
  void (*draw_labels) (cairo_t *cr, RaMapSnapshot *snap, const RaView *view,
                       const struct _Xform *xf, const RaRenderOptions *opts,
                       GArray *candidates, GArray *obstacles, RaRenderStats *stats);
};

/* ------------------------------------------------------------------ */
/* World to device with pixel level of detail (ra-render-device.c)   */

typedef struct _Xform {
  double cx, cy, inv_res, half_w, half_h;
} Xform;

void ra_xform_init (Xform *xf, const RaView *view);

static inline void
ra_xform_point (const Xform *xf, double x, double y, double *px, double *py)
{
  *px = CLAMP ((x - xf->cx) * xf->inv_res + xf->half_w, -RA_DEVICE_CLAMP, RA_DEVICE_CLAMP);
  *py = CLAMP (xf->half_h - (y - xf->cy) * xf->inv_res, -RA_DEVICE_CLAMP, RA_DEVICE_CLAMP);
}

/* Device-space copies of the visible parts after level of detail, so the
 * fill and the batched stroke pass do not transform twice. */
typedef struct {
  GArray *xy;          /* double pairs */
  GArray *part_start;  /* guint: first point of each part; one extra at the end */
  GArray *feat_start;  /* guint: first part of each feature; one extra at the end */
} DevBuf;

void  ra_dev_buf_init         (DevBuf *buf);
void  ra_dev_buf_reset        (DevBuf *buf);
void  ra_dev_buf_clear        (DevBuf *buf);
void  ra_dev_buf_seal         (DevBuf *buf);
/* Appends one feature's parts (packed or not) after level of detail;
 * returns the number of vertices kept. */
guint ra_dev_buf_add          (DevBuf *buf, const Xform *xf, const RaGeometry *geom);

static inline guint
ra_dev_buf_n_features (const DevBuf *buf)
{
  return buf->feat_start->len > 0 ? buf->feat_start->len - 1 : 0;
}

/* Adds parts [part0, part1) of buf to the current path (closed rings when
 * close). */
void ra_dev_buf_path           (cairo_t *cr, const DevBuf *buf, guint part0, guint part1,
                                gboolean close);
/* Strokes every part of buf, a few thousand vertices per path. */
void ra_dev_buf_stroke_chunked (cairo_t *cr, const DevBuf *buf, gboolean close);

/* ------------------------------------------------------------------ */
/* Direct drawing into image surfaces (ra-render-raster.c)            */

typedef struct {
  guint32 *data;
  int      stride;          /* in pixels */
  int      tx, ty;          /* device = user + (tx, ty) */
  int      cx0, cy0, cx1, cy1;  /* clip, device pixels, [x0, x1) */
  cairo_surface_t *target;
} Raster;

/* FALSE when cr does not draw straight onto an ARGB32/RGB24 image (a
 * group, a transformation other than an integer translation, a clip that
 * is not one rectangle on whole pixels, another operator): then cairo
 * draws.  After TRUE, ra_raster_end marks the pixels dirty. */
gboolean ra_raster_begin         (cairo_t *cr, Raster *r);
void     ra_raster_end           (Raster *r);

/* Strokes every part of buf (closed rings when close) with a solid colour
 * straight into the image behind cr; FALSE (nothing drawn) when cr is not
 * a plain image target or the line is too wide: the caller then strokes
 * with cairo. */
gboolean ra_raster_stroke_hairline (cairo_t *cr, const DevBuf *buf, gboolean close,
                                    const RaColor *color, double width,
                                    GCancellable *cancellable);

/* ------------------------------------------------------------------ */
/* Drawing state                                                      */

/* Places tried for a label along a line: the middle of its longest
 * segment, then off-centre on it, then the next longest segments. */
#define RA_LINE_LABEL_SLOTS 5

/* A label waiting for its place (ra-render-labels.c). */
typedef struct {
  double      x, y;        /* device anchor */
  double      priority;    /* bbox area (polygons) or length (lines) */
  int         kind_rank;   /* polygons before lines before points */
  guint       order;       /* stable tie-break: collection order */
  guint       layer;       /* index into the snapshot's layers */
  const char *text;        /* borrowed from the layer's attribute table */
  double      avoid_r;     /* > 0: a symbol (proportional or a point marker) of
                            * this radius sits on the anchor, so the label goes
                            * beside it */
  gboolean    marker;      /* beside a point marker: right of it first, as
                            * cartographers place point names */
  double      label_priority; /* the style's: placed first, never dropped when > 0 */
  guint       feature;     /* the feature's index in its layer's data */
  /* Polygons: the geometry (borrowed from the snapshot's data, alive
   * while drawing) the label must stay inside, and the radius (device px)
   * of the largest circle inside it, centred on the anchor. */
  const RaGeometry *geom;
  double      pole_r;
  /* Along a line (RaStyle.dn_label_field): owned text, and the places to
   * try, best first: device centre on the line, its direction (radians,
   * kept upright) and the room along it (px). */
  char       *owned_text;
  guint       n_slots;
  struct { double x, y, angle, room; } slots[RA_LINE_LABEL_SLOTS];
  double      line_gap;    /* from the line's centre to the text's edge, px */
} LabelCandidate;

/* A proportional symbol waiting to be drawn (largest first). */
typedef struct {
  double              x, y, d;     /* device centre and diameter */
  const RaStyleClass *cls;         /* (nullable): size_fill / size_stroke */
  guint               id;          /* the feature (pie values) */
} Symbol;

typedef struct {
  cairo_t            *cr;
  const RaView       *view;
  Xform               xf;
  RaBBox              query;
  GCancellable       *cancellable;
  RaRenderStats      *stats;
  GArray             *ids;
  DevBuf              polys, lines;
  GArray             *points;      /* double pairs in device space */
  GArray             *labels;      /* LabelCandidate */
  gboolean            want_labels;
  gboolean            want_line_labels;  /* along lines (dn_label_field) */
  gboolean            labels_only; /* collect the labels and what they avoid,
                                    * paint no feature (the label pass after
                                    * ra_renderer_draw_image's bands) */
  RaCrs              *crs;         /* (nullable) borrowed: the map CRS, for
                                    * geodesic lengths */
  /* Thematic styles: the class of each feature in polys and lines and of
   * each point (const RaStyleClass*, parallel arrays); the layer's
   * proportional symbols; the device boxes of every symbol drawn so far,
   * which labels avoid. */
  GPtrArray          *poly_cls, *line_cls, *point_cls;
  /* Lines of a style with a width field: each line's width (double, px,
   * parallel to the line features). */
  GArray             *line_widths;
  GArray             *symbols;     /* Symbol */
  GArray             *obstacles;   /* RaBBox */
  RaCoordScratch      coords;      /* packed geometries decoded */
} DrawState;

static inline gboolean
ra_draw_state_is_cancelled (DrawState *st)
{
  return st->cancellable != NULL && g_cancellable_is_cancelled (st->cancellable);
}

/* How one layer's thematic style applies to its features
 * (ra-render-layer.c). */
typedef struct {
  const RaStyle *style;
  gboolean       color_features;  /* fill each feature with its class */
  gboolean       color_symbols;   /* colour proportional symbols by class */
  int            field;           /* colour field in the attributes, -1: none */
  GHashTable    *values;          /* (nullable) text -> class, all classes categories */
  gboolean       proportional;
  int            size_field;
  double         size_max;        /* value drawn at style->size_max_px */
  int            pie_fields[RA_STYLE_MAX_PIE_FIELDS];   /* -1: missing */
  guint          n_pie_fields;    /* 0: no pies */
  int            width_field;     /* line widths by value, -1: none */
  double         width_max;       /* value drawn at style->width_max_px */
} Theme;

/* ra-render-scalebar.c: (transfer none) (nullable) a transform from crs
 * to lon/lat, kept per thread (making one takes tens of ms). */
RaTransform *ra_render_lonlat_transform (const RaCrs *crs);

/* ra-renderer.c: the text of a line's label along it, from its nominal
 * diameter (mm; NAN or <= 0: none) and geodesic length (km; NAN: unknown):
 * "DN600 · 12.35 km", "DN600", "850.2 m"; NULL when neither is known.
 * (transfer full) */
char *ra_render_line_label_text (double dn_mm, double length_km);

/* ------------------------------------------------------------------ */
/* The passes                                                          */

/* ra-render-layer.c: draws one layer, its markers, lines and proportional
 * symbols grown by symbol_scale (presentation mode; <= 0 or 1: as
 * styled), and collects its label candidates; FALSE if cancelled (the
 * cairo state is balanced either way). */
gboolean ra_render_draw_layer (DrawState *st, const SnapLayer *sl, guint layer_index,
                               double symbol_scale);

/* ra-render-geometry.c: polygon fills (FALSE if cancelled), then outlines
 * (lines FALSE) or lines, from st->polys and st->lines (classes in
 * st->poly_cls and st->line_cls when th->color_features). */
gboolean   ra_render_fill_polygons   (DrawState *st, const RaStyle *style, const Theme *th);
void       ra_render_stroke_features (DrawState *st, const RaStyle *style, const Theme *th,
                                      gboolean lines);
/* (transfer container) the distinct classes in cls (usually a handful). */
GPtrArray *ra_render_used_classes    (GPtrArray *cls);

/* ra-render-symbols.c: point markers of radius (device px) at st->points;
 * the proportional symbols in st->symbols, largest first, each added to
 * st->obstacles. */
void ra_render_draw_markers (DrawState *st, const RaStyle *style, const Theme *th, double radius);
/* Symbols in drawing order: larger first (g_array_sort). */
int  ra_render_compare_symbols (gconstpointer a, gconstpointer b);
void ra_render_draw_symbols (DrawState *st, const RaStyle *style, const Theme *th,
                             const RaAttrTable *attrs);

/* ra-render-labels.c: a candidate for feature id's label (text from field),
 * beside a symbol of radius avoid_r (> 0) on its anchor; then the placement
 * of every candidate, best first, off obstacles and each other. */
void ra_render_collect_label (DrawState *st, const SnapLayer *sl, guint layer_index, int field,
                              guint id, const RaGeometry *geom, double avoid_r,
                              gboolean marker);
/* A candidate for a label along line feature id (geom as drawn; full:
 * its full detail, for the length): the DN in field dn_field (-1: none)
 * and the geodesic length, "DN600 · 12.35 km". */
void ra_render_collect_line_label (DrawState *st, const SnapLayer *sl, guint layer_index,
                                   int dn_field, guint id, const RaGeometry *geom,
                                   const RaGeometry *full);
/* Frees a candidate's own text (the labels array's clear function). */
void ra_render_label_candidate_clear (gpointer candidate);
void ra_render_draw_labels   (cairo_t *cr, RaMapSnapshot *snap, const RaView *view,
                              const Xform *xf, const RaRenderOptions *opts,
                              GArray *candidates, GArray *obstacles, RaRenderStats *stats);

G_END_DECLS
