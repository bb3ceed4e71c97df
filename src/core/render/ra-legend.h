/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Legends: the model of what ra_renderer_draw draws for a snapshot, and
 * its drawing for the legend panel and print layouts. */

#include <cairo.h>
#include "ra-renderer.h"
/* The legend's API includes the thematic styles built from data and the
 * hatch patterns it shares with the renderer. */
#include "ra-render-symbols.h"
#include "ra-style-build.h"

G_BEGIN_DECLS

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
  double         value;         /* CIRCLE, LINE by value: the value this size stands for */
  double         line_width_px; /* LINE by value (style->width_field): the width drawn
                                 * for value; 0: an ordinary line swatch */
  char          *label;         /* owned, UTF-8 */
} RaLegendItem;

/* The legend of one visible layer. */
typedef struct {
  char        *title;          /* owned: the layer name */
  RaStyleKind  kind;
  char        *field;          /* (nullable) owned: colour field (or size field) */
  GPtrArray   *items;          /* RaLegendItem*: classes, then other / no data,
                                * then pie wedges (the fields some feature has),
                                * then proportional size samples (largest first),
                                * then line width samples (widest first) */
} RaLegendLayer;

/* A legend: what ra_renderer_draw draws for a snapshot, top layer first.
 * "Other" and "No data" rows appear only when some feature falls in them;
 * proportional samples are up to three round values (1, 2, 5 x 10^n) not
 * above the maximum, drawn at the renderer's sizes. */
typedef struct {
  GPtrArray *layers;           /* RaLegendLayer* */
} RaLegend;

RaLegend *ra_legend_new_from_snapshot (RaMapSnapshot *snap);  /* (transfer full) */
/* Whether the renderer draws any feature of data with style (a symbol of
 * some size, for proportional point layers); a layer that draws nothing has
 * no legend entry, and no figure note names it. */
gboolean  ra_legend_layer_is_drawn (const RaLayerData *data, const RaStyle *style);
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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaLegend, ra_legend_free)

G_END_DECLS
