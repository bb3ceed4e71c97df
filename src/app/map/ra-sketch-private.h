/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* RaSketch spans ra-sketch.c (the object, its API and drawing commands),
 * ra-sketch-tools.c (pointer and keys per tool), ra-sketch-snap.c
 * (transforms, snapping, picking), ra-sketch-edit.c (the edited feature),
 * ra-sketch-geometry.c (WKT and measurement) and ra-sketch-overlay.c
 * (drawing over the map).
 *
 * Vertices carry both their map position (what is drawn and snapped) and
 * their EPSG:4490 lon/lat (what is stored and measured).  A vertex snapped
 * to a vertex of a project feature takes that vertex's stored lon/lat bit
 * for bit, so a pipeline drawn from plant to plant ends exactly on them;
 * any other vertex is transformed from the map CRS. */

#include "ra-sketch.h"

G_BEGIN_DECLS

typedef struct {
  double x, y;       /* map CRS */
  double lon, lat;   /* EPSG:4490 */
} SkVertex;

typedef enum {
  DRAG_NONE,
  DRAG_POINT,        /* point tool: placed on release */
  DRAG_VERTEX,       /* vertex tool: a vertex follows the pointer */
  DRAG_MOVE,         /* move tool: the feature follows the pointer */
} DragKind;

struct _RaSketch
{
  GObject        parent_instance;

  /* borrowed (weak) */
  RaMapView     *view;

  /* owned */
  RaStore       *store;
  GPtrArray     *layers;          /* RaLayer* */
  RaCrs         *crs;             /* map CRS the transforms are for */
  RaCrs         *ll_crs;          /* EPSG:4490 */
  RaTransform   *to_ll;
  RaTransform   *from_ll;
  RaSketchTool   tool;
  char          *point_kind;
  char          *polygon_table;

  /* drawing */
  GArray        *verts;           /* SkVertex */
  GArray        *pending;         /* SkVertex: the feature finished, until its form closes */
  gboolean       pending_polygon;
  gint64         last_press_us;
  double         last_press_x;
  double         last_press_y;

  /* cursor and snapping */
  gboolean       have_cursor;
  double         cur_px, cur_py;
  GdkModifierType state;
  gboolean       space_down;
  RaSketchSnap   snap;
  double         snap_x, snap_y;
  RaLayer       *snap_layer;      /* borrowed from layers; NULL: own vertex */
  int            snap_feature;
  int            snap_own;        /* own vertex index, -1 */
  char          *measure_text;

  /* the edited feature (vertex and move tools) */
  char          *edit_table;
  gint64         edit_id;
  RaGeomKind     edit_kind;
  GArray        *edit_verts;      /* SkVertex */
  GArray        *edit_parts;      /* guint, n_parts + 1 */
  int            active_vertex;   /* -1: none */

  /* hovered feature (move, delete and vertex tools) */
  char          *hover_table;
  gint64         hover_id;
  RaGeometry    *hover_geom;      /* map CRS */

  /* pointer drag */
  DragKind       drag;
  int            drag_index;
  gboolean       drag_inserted;
  gboolean       drag_moved;
  double         drag_px, drag_py;
  double         drag_dx, drag_dy;  /* move tool offset, map units */
};

enum {
  RA_SKETCH_FINISHED,
  RA_SKETCH_MESSAGE,
  RA_SKETCH_CONTEXT_MENU,
  RA_SKETCH_CHANGED,
  RA_SKETCH_N_SIGNALS
};

extern guint _ra_sketch_signals[RA_SKETCH_N_SIGNALS];
/* The store tables the tools draw and edit. */
extern const char * const _ra_sketch_feature_tables[];

/* ra-sketch.c */
void          _ra_sketch_queue_draw          (RaSketch *self);
void          _ra_sketch_emit_message        (RaSketch *self, const char *text);
/* Measure, redraw and ::changed after a change of what is drawn. */
void          _ra_sketch_emit_changed_state  (RaSketch *self);

/* ra-sketch-tools.c: the RaMapToolFuncs the map view calls */
gboolean      _ra_sketch_tool_pointer        (gpointer tool, RaMapPointerEvent type, double px,
                                              double py, guint button, GdkModifierType state);
gboolean      _ra_sketch_tool_key            (gpointer tool, guint keyval, GdkModifierType state,
                                              gboolean pressed);

/* ra-sketch-overlay.c */
void          _ra_sketch_tool_draw           (gpointer tool, cairo_t *cr, const RaView *view);

/* ra-sketch-snap.c */
/* Transforms for the map's current CRS; FALSE without a map CRS. */
gboolean      _ra_sketch_ensure_transforms   (RaSketch *self);
gboolean      _ra_sketch_map_to_ll           (RaSketch *self, double x, double y, double *lon,
                                              double *lat);
/* (nullable) the map view's view, NULL before it has one. */
const RaView *_ra_sketch_current_view        (RaSketch *self);
/* The store table a layer was loaded from, or NULL for other data. */
const char   *_ra_sketch_layer_table         (RaSketch *self, RaLayer *layer);
gint64        _ra_sketch_feature_id          (RaLayerData *data, int feature);
/* Sets self->snap* to what (px, py) snaps to. */
void          _ra_sketch_compute_snap        (RaSketch *self, double px, double py);
/* The vertex for a click at (px, py), snapped if something is in reach. */
gboolean      _ra_sketch_vertex_at           (RaSketch *self, double px, double py,
                                              SkVertex *out);
/* The editable project feature at (px, py); *table is a static string. */
gboolean      _ra_sketch_pick_feature        (RaSketch *self, double px, double py,
                                              const char **table, gint64 *id, RaGeometry **geom);
/* The feature a click of the move, delete or vertex tool would pick. */
void          _ra_sketch_update_hover        (RaSketch *self);

/* ra-sketch-geometry.c */
/* WKT of parts (parts: n_parts + 1 offsets) of kind, in EPSG:4490. */
char         *_ra_sketch_build_wkt           (RaGeomKind kind, const SkVertex *v,
                                              const guint *parts, guint n_parts);
/* The live measurement of what is drawn or dragged. */
void          _ra_sketch_update_measure      (RaSketch *self);

/* ra-sketch-edit.c */
void          _ra_sketch_clear_edit          (RaSketch *self);
/* (Re)reads the edited feature from the store. */
gboolean      _ra_sketch_load_edit           (RaSketch *self, const char *table, gint64 id);
guint         _ra_sketch_edit_n_parts        (RaSketch *self);
gboolean      _ra_sketch_write_edit          (RaSketch *self);
/* Index of the vertex handle at (px, py), else -1; *mid_after gets the
 * index a midpoint handle there would insert after (-1: none). */
int           _ra_sketch_hit_handle          (RaSketch *self, double px, double py,
                                              int *mid_after);
void          _ra_sketch_insert_edit_vertex  (RaSketch *self, guint after);
gboolean      _ra_sketch_delete_edit_vertex  (RaSketch *self, guint index);

G_END_DECLS
