/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include "ra-geometry.h"
#include "ra-crs.h"

G_BEGIN_DECLS

/* A viewport onto the map: plain value type, copy by assignment.
 * Device y grows downwards; map y (northing) grows upwards. */
typedef struct {
  double cx, cy;        /* centre in map CRS units */
  double resolution;    /* map units per device pixel (> 0) */
  int    width, height; /* device pixels */
  double dpi;           /* device resolution for the 1:n scale (96 on screen) */
} RaView;

#define RA_TYPE_VIEW (ra_view_get_type ())
GType    ra_view_get_type      (void);
RaView  *ra_view_copy          (const RaView *view);
void     ra_view_free          (RaView *view);

void     ra_view_init          (RaView *view, int width, int height);
void     ra_view_set_size      (RaView *view, int width, int height);
/* Fits bbox with margin_px on every side, keeping the aspect ratio. */
void     ra_view_fit_bbox      (RaView *view, const RaBBox *bbox, double margin_px);
/* The same into the view less left, top, right and bottom px (what cards
 * over the map cover), centred there. */
void     ra_view_fit_bbox_inset (RaView *view, const RaBBox *bbox, double margin_px,
                                 double left, double top, double right, double bottom);
void     ra_view_to_device     (const RaView *view, double x, double y, double *px, double *py);
void     ra_view_to_map        (const RaView *view, double px, double py, double *x, double *y);
void     ra_view_get_bbox      (const RaView *view, RaBBox *out);
/* Zooms by factor (>1 zooms in) keeping the map point under (px, py) fixed. */
void     ra_view_zoom_at       (RaView *view, double factor, double px, double py);
/* Moves the content by (dx, dy) device pixels (drag semantics). */
void     ra_view_pan_px        (RaView *view, double dx, double dy);
/* The n of 1:n at the view centre for the given map CRS (geographic CRSs use
 * the ground distance of one pixel along the parallel... at the centre). */
double   ra_view_scale_denominator (const RaView *view, const RaCrs *crs);
/* Sets resolution so that the scale at the centre becomes 1:denominator. */
void     ra_view_set_scale_denominator (RaView *view, const RaCrs *crs, double denominator);
/* Affine mapping from one view's device pixels to another's: the cached
 * image rendered for `from` is drawn at scale s and offset (tx, ty) to
 * match `to` (used while panning/zooming before the re-render arrives). */
void     ra_view_device_transform (const RaView *from, const RaView *to,
                                   double *s, double *tx, double *ty);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaView, ra_view_free)

G_END_DECLS
