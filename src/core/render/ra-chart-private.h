/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the renderer's charts (the ledger's months, a pipeline's profile)
 * share: Pango text in the CJK font, round axis steps, and writing the
 * same drawing to PNG, PDF or SVG. */

#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>

G_BEGIN_DECLS

/* A layout of text at size_px (absolute), bold or not.  (transfer full) */
PangoLayout *ra_chart_text_layout (cairo_t *cr, double size_px, gboolean bold, const char *text);
/* The layout's logical size. */
void         ra_chart_text_size   (PangoLayout *layout, double *w, double *h);
/* A round step (1, 2, 2.5, 5 × 10^n) giving about n_ticks intervals up to
 * span. */
double       ra_chart_nice_step   (double span, int n_ticks);

typedef void (*RaChartDrawFunc) (cairo_t *cr, const cairo_rectangle_t *rect, gconstpointer data);

/* Writes draw (data) to path, a .png (width x height pixels), .pdf or .svg
 * (points).  texts: the chart's texts, title first: the PDF's title, and
 * the SVG's <title> and <desc> (cairo draws glyphs as outlines).  Errors
 * (RA_ERROR) name the file: unknown format, size out of range, cannot
 * write (a PDF half written is removed). */
gboolean     ra_chart_write       (const char *path, int width, int height,
                                   const char * const *texts,
                                   RaChartDrawFunc draw, gconstpointer data, GError **error);

G_END_DECLS
