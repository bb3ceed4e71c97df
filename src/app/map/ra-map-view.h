/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include "ra-core.h"
#include "ra-store.h"

G_BEGIN_DECLS

#define RA_TYPE_MAP_VIEW (ra_map_view_get_type ())
G_DECLARE_FINAL_TYPE (RaMapView, ra_map_view, RA, MAP_VIEW, GtkWidget)

GtkWidget       *ra_map_view_new                (void);
RaMap           *ra_map_view_get_map            (RaMapView *self);
void             ra_map_view_set_map            (RaMapView *self, RaMap *map);

/* The current viewport (in logical pixels of the widget). */
const RaView    *ra_map_view_get_view           (RaMapView *self);
void             ra_map_view_set_view           (RaMapView *self, const RaView *view);
gboolean         ra_map_view_has_view           (RaMapView *self);

void             ra_map_view_zoom_to_bbox       (RaMapView *self, const RaBBox *bbox);
void             ra_map_view_zoom_to_extent     (RaMapView *self);
/* Boxes of the view (widget px, up to 4) labels keep out of: the cards
 * over the map.  n_boxes 0 clears them. */
void             ra_map_view_set_label_keepout  (RaMapView *self, const RaBBox *boxes,
                                                 guint n_boxes);
/* The view is the child of a GtkOverlay: its labels keep off the other
 * overlay children (cards, toolbars) once laid out.  Done on every view
 * change; call it when a card shows, hides or resizes. */
void             ra_map_view_queue_overlay_keepout (RaMapView *self);
/* What cards over the map cover (px from each edge): fits (to the extent,
 * a box, a layer) put the data in the rest. */
void             ra_map_view_set_fit_insets     (RaMapView *self, double left, double top,
                                                 double right, double bottom);
void             ra_map_view_zoom_to_layer      (RaMapView *self, RaLayer *layer);
void             ra_map_view_zoom_to_selection  (RaMapView *self);
void             ra_map_view_pan_px             (RaMapView *self, double dx, double dy);
void             ra_map_view_zoom_at            (RaMapView *self, double factor, double px, double py);

gboolean         ra_map_view_get_show_labels    (RaMapView *self);
void             ra_map_view_set_show_labels    (RaMapView *self, gboolean show_labels);

/* Labels and symbols drawn larger (presentation mode); 1.0, 1.0 is normal.
 * get_render_options: what the next render uses. */
void             ra_map_view_set_render_scale   (RaMapView *self, double label_scale,
                                                 double symbol_scale);
void             ra_map_view_get_render_options (RaMapView *self, RaRenderOptions *opts);

/* Identify: selects the top-most visible feature within 5 px of (px, py),
 * shows its attributes and returns TRUE if one was found. */
gboolean         ra_map_view_identify_at        (RaMapView *self, double px, double py);
/* (nullable) (transfer none) layer of the selected feature. */
RaLayer         *ra_map_view_get_selected_layer (RaMapView *self);
int              ra_map_view_get_selected_feature (RaMapView *self); /* -1 if none */
void             ra_map_view_clear_selection    (RaMapView *self);
/* Which layers' features the identify popover offers to edit; its "Edit
 * Attributes…" emits ::edit-requested (RaLayer *layer, int feature). */
typedef gboolean (*RaMapViewEditableFunc) (RaLayer *layer, gpointer data);
void             ra_map_view_set_editable_func  (RaMapView *self, RaMapViewEditableFunc func,
                                                 gpointer data);
/* The open project (nullable): the identify popover shows the fields of
 * its layers and of the plan's thematic layers by their translated
 * labels, values in words and rounded (ra-field-display.h); other data
 * keeps its own field names. */
void             ra_map_view_set_store          (RaMapView *self, RaStore *store);
/* Whether the identify popover is up and offers "Edit Attributes…". */
gboolean         ra_map_view_is_popover_editable (RaMapView *self);
/* Selects (highlights) a feature of layer without the attribute popover. */
void             ra_map_view_select_feature     (RaMapView *self, RaLayer *layer, int feature);

/* For tests and export-what-you-see: number of renders finished and the
 * last rendered image (transfer none, ARGB32 at the widget's scale factor). */
guint            ra_map_view_get_render_count   (RaMapView *self);
cairo_surface_t *ra_map_view_get_rendered_surface (RaMapView *self);
gboolean         ra_map_view_is_rendering       (RaMapView *self);
/* Starts the render that is waiting out the debounce at once (after a
 * change the user waits for, such as switching the year); nothing when
 * none is pending. */
void             ra_map_view_queue_render_now   (RaMapView *self);

/* Tools (the sketch tools) see the map's pointer and key events first, in
 * widget pixels, and draw over the map.  A press the tool uses grabs the
 * pointer until its release; presses it leaves pan (primary or middle
 * button) or identify (primary click), as without a tool.  The wheel always
 * zooms. */
typedef enum {
  RA_MAP_POINTER_PRESS,
  RA_MAP_POINTER_MOTION,
  RA_MAP_POINTER_RELEASE,
} RaMapPointerEvent;

typedef struct {
  /* button is 0 for a motion without a pressed button. */
  gboolean (*pointer) (gpointer tool, RaMapPointerEvent type, double px, double py,
                       guint button, GdkModifierType state);
  gboolean (*key)     (gpointer tool, guint keyval, GdkModifierType state, gboolean pressed);
  void     (*draw)    (gpointer tool, cairo_t *cr, const RaView *view);
} RaMapToolFuncs;

/* tool (transfer none) must outlive the setting or be unset with NULL. */
void             ra_map_view_set_tool           (RaMapView *self, const RaMapToolFuncs *funcs,
                                                 gpointer tool);
/* Shows menu at (px, py), e.g. a tool's right-click menu. */
void             ra_map_view_popup_menu         (RaMapView *self, GMenuModel *menu,
                                                 double px, double py);
/* Test entries: GTK 4 cannot inject events, so tests feed these through the
 * same handlers the gestures and the key controller use. */
void             ra_map_view_test_pointer       (RaMapView *self, RaMapPointerEvent type,
                                                 double px, double py, guint button,
                                                 GdkModifierType state);
gboolean         ra_map_view_test_key           (RaMapView *self, guint keyval,
                                                 GdkModifierType state);

G_END_DECLS
