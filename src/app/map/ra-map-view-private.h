/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* RaMapView spans ra-map-view.c (the view, the map, rendering and
 * drawing), ra-map-view-input.c (gestures, keys, the tool, the map.*
 * actions) and ra-map-view-identify.c (the selection and its attribute
 * popover). */

#include "ra-map-view.h"
#include "ra-render-job.h"

G_BEGIN_DECLS

struct _RaMapView
{
  GtkWidget        parent_instance;

  /* owned: the map and the view (ra-map-view.c) */
  RaMap           *map;
  RaCrs           *crs;               /* CRS the current view is expressed in */
  RaView           view;
  gboolean         has_view;
  gboolean         pending_fit;
  double           fit_insets[4];     /* left, top, right, bottom px cards cover */
  RaBBox           label_keepout[4];  /* device boxes of those cards */
  guint            n_label_keepout;
  guint            keepout_idle;      /* overlay_keepout_idle pending */
  RaBBox           pending_bbox;

  /* owned: the last image and the render that replaces it */
  RaRenderJob     *render_job;
  GdkTexture      *texture;
  cairo_surface_t *surface;
  RaView           texture_view;
  guint            render_count;
  gboolean         show_labels;
  double           label_scale;       /* presentation mode: larger labels... */
  double           symbol_scale;      /* ...and symbols */

  /* gestures (ra-map-view-input.c) */
  RaView           drag_start_view;
  gboolean         drag_moved;
  RaView           zoom_start_view;
  double           pointer_x;
  double           pointer_y;
  gboolean         pointer_inside;
  gboolean         pressed;           /* a button is down (drag gesture or test) */
  guint            press_button;
  double           press_x;
  double           press_y;

  /* tool (borrowed) */
  const RaMapToolFuncs *tool_funcs;
  gpointer         tool;
  gboolean         tool_grab;         /* the tool took the current press */
  GtkWidget       *tool_menu;         /* owned */

  /* selection (identify, ra-map-view-identify.c) */
  GtkWidget       *popover;
  GtkWidget       *popover_title;
  GtkWidget       *popover_subtitle;
  GtkWidget       *popover_grid;
  GtkWidget       *popover_edit;      /* "Edit Attributes…": ::edit-requested */
  RaMapViewEditableFunc editable_func;
  RaStore         *store;             /* the open project, for the field catalogue */
  gpointer         editable_data;
  RaLayer         *sel_layer;
  int              sel_feature;
  RaGeometry      *sel_geom;
  /* What sel_feature indexes, and its id there: new contents of the layer
   * (the plan's year) put other features at that index. */
  RaAttrTable     *sel_attrs;
  gint64           sel_fid;
};

enum {
  RA_MAP_VIEW_CURSOR_MOVED,
  RA_MAP_VIEW_CURSOR_LEFT,
  RA_MAP_VIEW_VIEW_CHANGED,
  RA_MAP_VIEW_RENDER_DONE,
  RA_MAP_VIEW_SELECTION_CHANGED,
  RA_MAP_VIEW_EDIT_REQUESTED,
  RA_MAP_VIEW_N_SIGNALS
};

extern guint _ra_map_view_signals[RA_MAP_VIEW_N_SIGNALS];

/* ra-map-view.c */
/* Takes view (centre, resolution and size) as the current one. */
void     _ra_map_view_set_view           (RaMapView *self, const RaView *view);

/* ra-map-view-input.c */
void     _ra_map_view_input_class_init   (GtkWidgetClass *widget_class);
void     _ra_map_view_input_init         (RaMapView *self);

/* ra-map-view-identify.c */
void     _ra_map_view_identify_init      (RaMapView *self);
void     _ra_map_view_identify_dispose   (RaMapView *self);
/* The map changed: the selection follows its layer, or goes with it. */
void     _ra_map_view_selection_map_changed (RaMapView *self);
/* The view moved: the popover would point at the wrong place. */
void     _ra_map_view_popdown            (RaMapView *self);
/* The selected feature, highlighted over the map. */
void     _ra_map_view_draw_selection     (RaMapView             *self,
                                          GtkSnapshot           *snapshot,
                                          const graphene_rect_t *bounds);

G_END_DECLS
