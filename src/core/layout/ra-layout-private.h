/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the parts of ra-layout share (not for its clients):
 *   ra-layout.c             the model: pages, items, the default figure
 *   ra-layout-serialize.c   the text form in the project file
 *   ra-layout-context.c     what a layout is drawn from, and text templates
 *   ra-layout-geometry.c    where the map frame's view and 1:n end up
 *   ra-layout-draw.c        drawing a page: boxes, texts, item by item
 *   ra-layout-map-frame.c   the map frame (with graticule) and the inset
 *   ra-layout-marginalia.c  north arrow, scale bar and legend
 *   ra-layout-county-panel.c  an atlas page's county figures and table */

#include "ra-layout.h"

G_BEGIN_DECLS

#define MAX_PAGE_MM 5000.0
#define MIN_PAGE_MM 20.0

#define FONT_NOTE      RA_LAYOUT_FONT_FAMILY " 7"
#define FONT_CAPTION   RA_LAYOUT_FONT_FAMILY " 8"
#define FONT_LEGEND_TITLE RA_LAYOUT_FONT_FAMILY " Bold 10"
#define FONT_GRATICULE RA_LAYOUT_FONT_FAMILY " 7"
#define FONT_NORTH     RA_LAYOUT_FONT_FAMILY " Bold 10"
#define FONT_SCALE     RA_LAYOUT_FONT_FAMILY " 8"

/* ra-layout.c: "A4", "A3", "A2" or "custom". */
const char  *ra_layout_page_size_name   (RaPageSize page);

/* ra-layout-context.c: n of 1:n with its digits in groups of three.
 * (transfer full) */
char        *ra_layout_format_scale     (double n);

/* ra-layout-geometry.c */
/* The item's rectangle in layout pixels. */
void         ra_layout_item_rect_px     (const RaLayoutItem *item, double *x, double *y,
                                         double *w, double *h);
/* (transfer full) (nullable) a transform from crs to lon/lat (to_lonlat)
 * or back. */
RaTransform *ra_layout_lonlat_transform (const RaCrs *crs, gboolean to_lonlat);
/* (transfer none) (nullable) the county's geometry: a polygon layer with
 * an adcode field and a name field; the top-most such layer wins. */
const RaGeometry *ra_layout_find_county (RaMapSnapshot *snap, const char *county);
/* The longest scale bar the item holds. */
double       ra_layout_scalebar_max_px  (const RaLayoutItem *item);

/* ra-layout-draw.c */
/* A white box with a thin border behind an item. */
void         ra_layout_draw_box         (cairo_t *cr, double x, double y, double w, double h);
/* Text in font, wrapped to w (> 0), with an optional white halo (over the
 * map).  Returns the height. */
double       ra_layout_draw_text        (cairo_t *cr, const char *text, const char *font,
                                         double x, double y, double w, RaLayoutAlign align,
                                         gboolean halo);

/* ra-layout-map-frame.c; FALSE (error set) if cancelled */
gboolean     ra_layout_draw_map         (const RaLayoutItem *map, const RaLayoutContext *ctx,
                                         const RaLayoutGeometry *geo, cairo_t *cr,
                                         GCancellable *cancellable, GError **error);
void         ra_layout_draw_inset       (const RaLayoutItem *item, const RaLayoutContext *ctx,
                                         const RaLayoutGeometry *geo, cairo_t *cr);

/* ra-layout-marginalia.c */
void         ra_layout_draw_north_arrow (const RaLayoutItem *item, const RaLayoutGeometry *geo,
                                         cairo_t *cr);
void         ra_layout_draw_scalebar    (const RaLayoutItem *item, const RaLayoutContext *ctx,
                                         const RaLayoutGeometry *geo, cairo_t *cr);
void         ra_layout_draw_legend      (const RaLayoutItem *item, const RaLayoutContext *ctx,
                                         cairo_t *cr);

/* ra-layout-county-panel.c: the panel's height at width w (layout px). */
double       ra_layout_county_panel_measure (const RaLayoutCountyPanel *panel, cairo_t *cr,
                                             double w);
void         ra_layout_county_panel_draw    (const RaLayoutCountyPanel *panel, cairo_t *cr,
                                             double x, double y, double w);

G_END_DECLS
