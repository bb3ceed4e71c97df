/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include "ra-core.h"
#include "ra-layout.h"

G_BEGIN_DECLS

#define RA_TYPE_LAYOUT_PREVIEW (ra_layout_preview_get_type ())
G_DECLARE_FINAL_TYPE (RaLayoutPreview, ra_layout_preview, RA, LAYOUT_PREVIEW, GtkWidget)

/* The WYSIWYG page of a print layout: drawn by ra_layout_draw (the same
 * call as the export) in a worker thread, scaled to fit the widget.  Items
 * are selected by a click, moved by a drag and resized by their handles;
 * a drag inside the map frame with Ctrl held (or in pan mode) pans it,
 * which fixes the frame's centre and scale (RA_LAYOUT_MAP_SCALE).
 * Edits change the layout in place and emit ::layout-changed. */
typedef enum {
  RA_LAYOUT_DRAG_NONE = 0,
  RA_LAYOUT_DRAG_MOVE,
  RA_LAYOUT_DRAG_RESIZE,   /* the bottom-right handle (the others: by position) */
  RA_LAYOUT_DRAG_PAN,
} RaLayoutDragKind;

GtkWidget     *ra_layout_preview_new            (void);
/* (nullable) (transfer none) the layout edited; set takes a reference to
 * nothing: the caller keeps layout alive while it is set. */
RaLayout      *ra_layout_preview_get_layout     (RaLayoutPreview *self);
void           ra_layout_preview_set_layout     (RaLayoutPreview *self, RaLayout *layout);
/* What the page is drawn from; copied. */
void           ra_layout_preview_set_context    (RaLayoutPreview *self, const RaLayoutContext *ctx);
/* The layout was changed from outside (side panel): redraw. */
void           ra_layout_preview_layout_changed (RaLayoutPreview *self);

/* (nullable) the selected item's id. */
const char    *ra_layout_preview_get_selected   (RaLayoutPreview *self);
void           ra_layout_preview_set_selected   (RaLayoutPreview *self, const char *id);

gboolean       ra_layout_preview_get_pan_mode   (RaLayoutPreview *self);
void           ra_layout_preview_set_pan_mode   (RaLayoutPreview *self, gboolean pan_mode);

/* Widget pixels <-> page millimetres. */
void           ra_layout_preview_to_mm          (RaLayoutPreview *self, double wx, double wy,
                                                 double *x_mm, double *y_mm);
void           ra_layout_preview_from_mm        (RaLayoutPreview *self, double x_mm, double y_mm,
                                                 double *wx, double *wy);

/* The drag the pointer does, for keyboardless tests: begin at widget
 * point (x, y) (ctrl: as with Ctrl held), move by (dx, dy), end.
 * begin returns what the drag does. */
RaLayoutDragKind ra_layout_preview_drag_begin   (RaLayoutPreview *self, double x, double y,
                                                 gboolean ctrl);
void           ra_layout_preview_drag_update    (RaLayoutPreview *self, double dx, double dy);
void           ra_layout_preview_drag_end       (RaLayoutPreview *self);

/* Test hooks: finished renders, and whether one is pending or running. */
guint          ra_layout_preview_get_render_count (RaLayoutPreview *self);
gboolean       ra_layout_preview_is_rendering   (RaLayoutPreview *self);

G_END_DECLS
