/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The text of maps, legends and print layouts: one Pango set-up, so that a
 * text measures the same on screen and in PNG, PDF and SVG, and Chinese is
 * set in Noto Sans CJK SC. */

#include <cairo.h>
#include <pango/pangocairo.h>
#include "ra-style.h"

G_BEGIN_DECLS

#define RA_TEXT_FONT_FAMILY "Noto Sans CJK SC"

/* A Pango context whose text metrics do not depend on the target surface:
 * no metric hinting and unrounded glyph positions, so a text is laid out
 * (and a label placed) identically on every surface.  cr (nullable): the
 * context follows its transformation; NULL for measuring only.
 * (transfer full) */
PangoContext         *ra_text_context_new        (cairo_t *cr);

/* A layout in such a context for cr, set in font (a Pango description;
 * nullable: none set), whose family defaults to RA_TEXT_FONT_FAMILY.
 * (transfer full) */
PangoLayout          *ra_text_layout_new         (cairo_t *cr, const char *font);

/* A layout with the target surface's own metrics (hinted and rounded on
 * image surfaces), set in font: the scale bar's text, which has always
 * been set this way.  (transfer full) */
PangoLayout          *ra_text_surface_layout_new (cairo_t *cr, const char *font);

/* font (a Pango description) at scale times its size (10 pt when it has
 * none; scale <= 0: 1).  (transfer full) */
PangoFontDescription *ra_text_font_new_scaled    (const char *font, double scale);

/* Strokes the outline of layout, its top-left corner at (x, y), width
 * wide with round joins in color: the halo that keeps text readable over
 * a map.  Leaves no path. */
void                  ra_text_stroke_halo        (cairo_t       *cr,
                                                  PangoLayout   *layout,
                                                  double         x,
                                                  double         y,
                                                  const RaColor *color,
                                                  double         width);

/* Shows layout with its top-left corner at (x, y) in color, as text, so
 * that PDF text stays selectable and searchable. */
void                  ra_text_show               (cairo_t       *cr,
                                                  PangoLayout   *layout,
                                                  double         x,
                                                  double         y,
                                                  const RaColor *color);

G_END_DECLS
