/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include "ra-renderer.h"

G_BEGIN_DECLS

/* ------------------------------------------------------------------ */
/* Thematic styles from data (these need RaAttrTable, hence live here
 * rather than in ra-style.h, which ra-layer.h includes).              */

/* Makes style categorized by field: one class per distinct non-empty value
 * (numbers sorted numerically when every value is a number, else by
 * g_utf8_collate), coloured from a colour-blind safe qualitative palette.
 * Fails (RA_ERROR_NOT_FOUND / RA_ERROR_INVALID_ARGUMENT) when the field is
 * missing or has more than RA_STYLE_MAX_CLASSES distinct values. */
gboolean ra_style_build_categories (RaStyle           *style,
                                    const RaAttrTable *attrs,
                                    const char        *field,
                                    GError           **error);

/* Makes style graduated by the numeric field: breaks by method (not
 * MANUAL) over the values that parse as numbers, colours from ramp
 * (nullable: style->ramp or "YlGnBu").  Fails when the field is missing or
 * has no numeric value. */
gboolean ra_style_build_graduated  (RaStyle           *style,
                                    const RaAttrTable *attrs,
                                    const char        *field,
                                    RaClassifyMethod   method,
                                    guint              n_classes,
                                    const char        *ramp,
                                    GError           **error);

/* The value drawn at style->size_max_px: style->size_max_value when > 0,
 * else the largest value of style->size_field in attrs (0 if none). */
double   ra_style_size_max_in_table (const RaStyle *style, const RaAttrTable *attrs);

/* ------------------------------------------------------------------ */
/* Legend model                                                        */

typedef enum {
  RA_LEGEND_SYMBOL_POLYGON,   /* a filled box with outline */
  RA_LEGEND_SYMBOL_LINE,      /* a horizontal line in the fill colour (lines) or stroke */
  RA_LEGEND_SYMBOL_MARKER,    /* a point marker */
  RA_LEGEND_SYMBOL_CIRCLE,    /* a proportional symbol of size_px */
} RaLegendSymbol;

/* One row of the legend: a swatch and its text. */
typedef struct {
  RaLegendSymbol symbol;
  RaColor        fill;
  RaColor        stroke;
  double         stroke_width_px;
  RaPattern      pattern;
  RaColor        pattern_color;
  RaMarker       marker;
  double         size_px;       /* marker or circle diameter */
  double         value;         /* CIRCLE: the value this size stands for */
  char          *label;         /* owned, UTF-8 */
} RaLegendItem;

/* The legend of one visible layer. */
typedef struct {
  char        *title;          /* owned: the layer name */
  RaStyleKind  kind;
  char        *field;          /* (nullable) owned: colour field (or size field) */
  GPtrArray   *items;          /* RaLegendItem*: classes, then other / no data,
                                * then pie wedges (the fields some feature has),
                                * then proportional size samples (largest first) */
} RaLegendLayer;

/* A legend: what ra_renderer_draw draws for a snapshot, top layer first.
 * "Other" and "No data" rows appear only when some feature falls in them;
 * proportional samples are up to three round values (1, 2, 5 x 10^n) not
 * above the maximum, drawn at the renderer's sizes. */
typedef struct {
  GPtrArray *layers;           /* RaLegendLayer* */
} RaLegend;

RaLegend *ra_legend_new_from_snapshot (RaMapSnapshot *snap);  /* (transfer full) */
void      ra_legend_free       (RaLegend *legend);

/* Size of the drawn legend for max_width (text wraps to fit) and font
 * (nullable: "Noto Sans CJK SC 9"). */
void      ra_legend_measure    (const RaLegend *legend,
                                const char     *font,
                                double          max_width,
                                double         *width,
                                double         *height);
/* Draws the legend with its top-left corner at (x, y); returns the height
 * used.  The same code serves the legend panel and print layouts. */
double    ra_legend_draw       (const RaLegend *legend,
                                cairo_t        *cr,
                                double          x,
                                double          y,
                                double          max_width,
                                const char     *font);

/* Shared with the renderer: a hatch or cross-hatch of color inside the
 * current path (which is kept), aligned to the user-space grid so
 * neighbouring features' hatches line up. */
void      ra_pattern_fill_path (cairo_t *cr, RaPattern pattern, const RaColor *color);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaLegend, ra_legend_free)

G_END_DECLS
