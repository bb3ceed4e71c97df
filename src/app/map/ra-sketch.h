/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include "ra-core.h"
#include "ra-network.h"
#include "ra-map-view.h"

G_BEGIN_DECLS

/* The sketch tools: a controller fed by RaMapView with pointer and key
 * events in widget pixels (see RaMapToolFuncs), drawing its overlay with
 * cairo in the same pixels.  It draws new points, lines and polygons with
 * snapping and a live geodesic measurement, and edits the project's
 * features (vertices, move, delete) through the store: every edit is one
 * store transaction with undo, audit and crash safety.  A finished new
 * feature is not written here: ::finished hands its WKT (EPSG:4490) to the
 * attribute form. */

typedef enum {
  RA_SKETCH_TOOL_SELECT,
  RA_SKETCH_TOOL_POINT,
  RA_SKETCH_TOOL_LINE,
  RA_SKETCH_TOOL_POLYGON,
  RA_SKETCH_TOOL_VERTICES,
  RA_SKETCH_TOOL_MOVE,
  RA_SKETCH_TOOL_DELETE,
} RaSketchTool;

typedef enum {
  RA_SKETCH_SNAP_NONE,
  RA_SKETCH_SNAP_VERTEX,
  RA_SKETCH_SNAP_SEGMENT,
} RaSketchSnap;

/* Snap tolerance in widget pixels. */
#define RA_SKETCH_SNAP_PX 10.0

#define RA_TYPE_SKETCH (ra_sketch_get_type ())
G_DECLARE_FINAL_TYPE (RaSketch, ra_sketch, RA, SKETCH, GObject)

/* Installs itself as view's tool.  Returns: (transfer full) */
RaSketch     *ra_sketch_new             (RaMapView *view);
/* The project (nullable): edits are written to it, exact coordinates of
 * snapped vertices read from it. */
void          ra_sketch_set_store       (RaSketch *self, RaStore *store);
/* Layers to snap to and to pick features from (element-type RaLayer);
 * layers loaded from the store's tables are editable. */
void          ra_sketch_set_layers      (RaSketch *self, GPtrArray *layers);

RaSketchTool  ra_sketch_get_tool        (RaSketch *self);
void          ra_sketch_set_tool        (RaSketch *self, RaSketchTool tool);
/* What the point and polygon tools add: "plants" with a kind ("reclaimed_plant",
 * "intake", "storage", ...) for points, or "water_users" for the kind
 * "water_user"; "footprints" or "built_up_areas" for polygons. */
const char   *ra_sketch_get_point_kind  (RaSketch *self);
void          ra_sketch_set_point_kind  (RaSketch *self, const char *kind);
const char   *ra_sketch_get_polygon_table (RaSketch *self);
void          ra_sketch_set_polygon_table (RaSketch *self, const char *table);

/* Drawing commands (Enter, Backspace, Escape, and the context menu). */
gboolean      ra_sketch_finish          (RaSketch *self);
gboolean      ra_sketch_undo_vertex     (RaSketch *self);
gboolean      ra_sketch_cancel          (RaSketch *self);
guint         ra_sketch_get_n_vertices  (RaSketch *self);
/* A finished line or polygon stays drawn until its form is closed (saved
 * or not): the window clears it then.  The number of its vertices, 0 when
 * none is pending. */
void          ra_sketch_clear_pending   (RaSketch *self);
guint         ra_sketch_get_n_pending   (RaSketch *self);
/* Map coordinates of a vertex being drawn. */
gboolean      ra_sketch_get_vertex      (RaSketch *self, guint index, double *x, double *y);

/* What the cursor would snap to now, and where (map CRS). */
RaSketchSnap  ra_sketch_get_snap        (RaSketch *self, double *x, double *y);
/* (nullable) the live measurement label ("1.234 km", "0.250 km² · 375.0 亩"). */
const char   *ra_sketch_get_measure_text (RaSketch *self);

/* The feature the vertex tool edits (table NULL: none). */
const char   *ra_sketch_get_edit_table  (RaSketch *self);
gint64        ra_sketch_get_edit_id     (RaSketch *self);
gboolean      ra_sketch_edit_feature    (RaSketch *self, const char *table, gint64 id);
/* Vertices of the edited feature in map CRS: n and (x, y) of index i. */
guint         ra_sketch_get_edit_n_vertices (RaSketch *self);
gboolean      ra_sketch_get_edit_vertex (RaSketch *self, guint index, double *x, double *y);

/* Signals:
 * ::finished (const char *table, const char *wkt, const char *kind,
 *   double measure) a new feature was drawn (kind: the point kind for
 *   plants, else NULL; measure: km of a line, km² of a polygon);
 * ::message (const char *text) something to tell the user (errors);
 * ::context-menu (double px, double py) right click while drawing;
 * ::changed () anything the toolbar or menus show changed. */

G_END_DECLS
