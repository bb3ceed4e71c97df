/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The monthly chart of a facility's ledger (台账, rule 第十八条): one bar a
 * month for the treated volume, split into the water reused by use and the
 * water discharged, the inflow as a line with markers, an axis in
 * 10^4 m3, month labels, a title with the plant and the year, the year's
 * totals and a legend.  One function draws it on any cairo_t: the app's
 * dialog, the atlas page and the CLI's PNG, PDF and SVG.
 *
 * The chart sees plain numbers (no store type: the renderer sits above
 * the store); ra-ledger.h builds them from the store's ledger rows. */

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* The uses water is reused for, in RaPlanUse order. */
#define RA_LEDGER_N_USES 4

/* One month, volumes in 10^4 m3; NAN when not given. */
typedef struct {
  gboolean present;                 /* a ledger row exists for the month */
  double   inflow;
  double   treated;
  double   reused[RA_LEDGER_N_USES];
  double   discharged;
} RaLedgerChartMonth;

typedef struct {
  const char          *plant_name;  /* (nullable) */
  int                  year;
  RaLedgerChartMonth   months[12];  /* January first */
} RaLedgerChartData;

/* Every month absent. */
void     ra_ledger_chart_data_init (RaLedgerChartData *data,
                                    const char        *plant_name,
                                    int                year);

/* Draws the chart into rect (user units of cr; text sized from the
 * rectangle) with Pango text in the CJK font.  Paints a white background
 * over rect.  Leaves cr's state as it found it. */
void     ra_ledger_chart_draw      (cairo_t                 *cr,
                                    const cairo_rectangle_t *rect,
                                    const RaLedgerChartData *data);

/* Writes the chart to path, a .png (width x height pixels), .pdf or .svg
 * (width x height points; the SVG carries the chart's texts in its
 * <title> and <desc>, as cairo draws glyphs as outlines).  Errors
 * (RA_ERROR) name the file. */
gboolean ra_ledger_chart_write     (const RaLedgerChartData *data,
                                    const char              *path,
                                    int                      width,
                                    int                      height,
                                    GError                 **error);

/* The chart's texts (title, subtitle, month labels, legend), in order,
 * as drawn.  (transfer full) */
GStrv    ra_ledger_chart_dup_texts (const RaLedgerChartData *data);

G_END_DECLS
