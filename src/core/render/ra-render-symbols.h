/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Symbol drawing that the renderer and the legend share, so a legend swatch
 * is drawn as the map draws the feature: marker shapes, fills with hatch
 * patterns and outlines, line dashes, colours.  The legend uses the
 * renderer, never the other way round. */

#include <cairo.h>
#include "ra-style.h"

G_BEGIN_DECLS

static inline void
ra_cairo_set_color (cairo_t *cr, const RaColor *c)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a);
}

static inline gboolean
ra_color_visible (const RaColor *c)
{
  return c->a > 0.0;
}

/* Adds a marker of radius r centred on (x, y) to the current path:
 * circles are arcs, triangles and diamonds a little larger than r so all
 * markers look the same weight. */
void ra_marker_path       (cairo_t *cr, RaMarker marker, double x, double y, double r);

/* Fills the current path with fill, hatches it with pattern in
 * pattern_color, outlines it with stroke at the current line width (fill
 * and stroke nullable: not done; pattern_color nullable for
 * RA_PATTERN_NONE), then clears it. */
void ra_paint_path        (cairo_t *cr, const RaColor *fill, RaPattern pattern,
                           const RaColor *pattern_color, const RaColor *stroke);

/* A hatch or cross-hatch of color inside the current path (which is
 * kept), aligned to the user-space grid so neighbouring features' hatches
 * line up. */
void ra_pattern_fill_path (cairo_t *cr, RaPattern pattern, const RaColor *color);

/* The dashes a pattern gives a line: dashed (hatch), dotted (cross), else
 * solid. */
void ra_line_pattern_set_dash (cairo_t *cr, RaPattern pattern);

G_END_DECLS
