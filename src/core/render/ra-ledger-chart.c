/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ledger's monthly chart: stacked bars (reused by use, discharged)
 * outlined at the treated volume, the inflow as a line, axis, month
 * labels, title, totals and legend, drawn on any cairo_t; and its PNG, PDF
 * and SVG files, which all call the same drawing function. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "ra-chart-private.h"
#include "ra-error.h"
#include "ra-ledger-chart.h"
#include "ra-paths.h"
#include "ra-render-symbols.h"
#include "ra-text.h"

/* Reused by use (RaPlanUse order), then discharged; the treated outline,
 * the inflow line, axes and grid. */
static const RaColor use_colors[RA_LEDGER_N_USES] = {
  { 0.231, 0.435, 0.714, 1.0 },   /* industry */
  { 0.545, 0.749, 0.353, 1.0 },   /* agriculture */
  { 0.173, 0.647, 0.553, 1.0 },   /* ecological */
  { 0.949, 0.647, 0.255, 1.0 },   /* urban non-potable */
};
static const RaColor discharged_color = { 0.74, 0.74, 0.74, 1.0 };
static const RaColor treated_color = { 0.15, 0.15, 0.15, 1.0 };
static const RaColor inflow_color = { 0.753, 0.224, 0.169, 1.0 };
static const RaColor text_color = { 0.1, 0.1, 0.1, 1.0 };
static const RaColor grid_color = { 0.85, 0.85, 0.85, 1.0 };
static const RaColor white = { 1.0, 1.0, 1.0, 1.0 };

void
ra_ledger_chart_data_init (RaLedgerChartData *data, const char *plant_name, int year)
{
  g_return_if_fail (data != NULL);

  memset (data, 0, sizeof *data);
  data->plant_name = plant_name;
  data->year = year;
  for (guint m = 0; m < 12; m++)
    {
      RaLedgerChartMonth *month = &data->months[m];

      month->inflow = month->treated = month->discharged = NAN;
      for (guint u = 0; u < RA_LEDGER_N_USES; u++)
        month->reused[u] = NAN;
    }
}

/* ---- texts ------------------------------------------------------------- */

static const char *
month_label (guint m)
{
  switch (m)
    {
    case 0: return C_("month", "Jan");
    case 1: return C_("month", "Feb");
    case 2: return C_("month", "Mar");
    case 3: return C_("month", "Apr");
    case 4: return C_("month", "May");
    case 5: return C_("month", "Jun");
    case 6: return C_("month", "Jul");
    case 7: return C_("month", "Aug");
    case 8: return C_("month", "Sep");
    case 9: return C_("month", "Oct");
    case 10: return C_("month", "Nov");
    default: return C_("month", "Dec");
    }
}

static const char *
use_label (guint use)
{
  switch (use)
    {
    case 0: return _("Reused: industry");
    case 1: return _("Reused: agriculture");
    case 2: return _("Reused: ecological");
    default: return _("Reused: urban non-potable");
    }
}

static char *
chart_title (const RaLedgerChartData *data)
{
  if (data->plant_name != NULL && *data->plant_name != '\0')
    /* TRANSLATORS: chart title: plant name, year */
    return g_strdup_printf (_("%s: monthly ledger %d"), data->plant_name, data->year);
  /* TRANSLATORS: chart title without a plant: year */
  return g_strdup_printf (_("Monthly ledger %d"), data->year);
}

static double
sum_or_nan (double acc, double v)
{
  if (isnan (v))
    return acc;
  return isnan (acc) ? v : acc + v;
}

static char *
format_volume (double v)
{
  return isnan (v) ? g_strdup ("–") : g_strdup_printf ("%.0f", v);
}

/* The year's totals, from the months drawn. */
static char *
chart_subtitle (const RaLedgerChartData *data)
{
  double inflow = NAN, treated = NAN, reused = NAN, discharged = NAN;
  g_autofree char *t_inflow = NULL, *t_treated = NULL, *t_reused = NULL, *t_discharged = NULL;
  g_autofree char *rate = NULL;
  guint n = 0;

  for (guint m = 0; m < 12; m++)
    {
      const RaLedgerChartMonth *month = &data->months[m];

      if (!month->present)
        continue;
      n++;
      inflow = sum_or_nan (inflow, month->inflow);
      treated = sum_or_nan (treated, month->treated);
      discharged = sum_or_nan (discharged, month->discharged);
      for (guint u = 0; u < RA_LEDGER_N_USES; u++)
        reused = sum_or_nan (reused, month->reused[u]);
    }
  if (n == 0)
    /* TRANSLATORS: the chart of a year without ledger rows */
    return g_strdup_printf (_("No ledger records for %d"), data->year);
  t_inflow = format_volume (inflow);
  t_treated = format_volume (treated);
  t_reused = format_volume (reused);
  t_discharged = format_volume (discharged);
  rate = !isnan (reused) && treated > 0.0 ? g_strdup_printf ("%.1f %%", 100.0 * reused / treated)
                                          : g_strdup ("–");
  /* TRANSLATORS: year totals under the ledger chart: months with records,
   * inflow, treated, reused, reuse rate, discharged (10^4 m3) */
  return g_strdup_printf (ngettext ("%u month: inflow %s, treated %s, reused %s (%s), discharged %s ×10⁴ m³",
                                    "%u months: inflow %s, treated %s, reused %s (%s), discharged %s ×10⁴ m³",
                                    n),
                          n, t_inflow, t_treated, t_reused, rate, t_discharged);
}

typedef struct {
  const char *label;
  int         kind;    /* 0 fill, 1 outline, 2 line with marker */
  RaColor     color;
} LegendEntry;

static guint
legend_entries (LegendEntry entries[RA_LEDGER_N_USES + 3])
{
  guint n = 0;

  entries[n++] = (LegendEntry) { _("Treated"), 1, treated_color };
  for (guint u = 0; u < RA_LEDGER_N_USES; u++)
    entries[n++] = (LegendEntry) { use_label (u), 0, use_colors[u] };
  entries[n++] = (LegendEntry) { _("Discharged"), 0, discharged_color };
  entries[n++] = (LegendEntry) { _("Inflow"), 2, inflow_color };
  return n;
}

GStrv
ra_ledger_chart_dup_texts (const RaLedgerChartData *data)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  LegendEntry entries[RA_LEDGER_N_USES + 3];
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  guint n;

  g_return_val_if_fail (data != NULL, NULL);

  title = chart_title (data);
  subtitle = chart_subtitle (data);
  g_strv_builder_add (b, title);
  g_strv_builder_add (b, subtitle);
  g_strv_builder_add (b, _("10⁴ m³"));
  for (guint m = 0; m < 12; m++)
    g_strv_builder_add (b, month_label (m));
  n = legend_entries (entries);
  for (guint i = 0; i < n; i++)
    g_strv_builder_add (b, entries[i].label);
  return g_strv_builder_end (b);
}

/* ---- drawing ----------------------------------------------------------- */

static double
month_top (const RaLedgerChartMonth *month)
{
  double stack = 0.0, top = 0.0;

  for (guint u = 0; u < RA_LEDGER_N_USES; u++)
    if (!isnan (month->reused[u]))
      stack += month->reused[u];
  if (!isnan (month->discharged))
    stack += month->discharged;
  top = stack;
  if (!isnan (month->treated))
    top = MAX (top, month->treated);
  if (!isnan (month->inflow))
    top = MAX (top, month->inflow);
  return top;
}

/* Lays the legend out in rows within width from (x, y); draws it when
 * draw is TRUE.  Returns its height. */
static double
legend_draw (cairo_t *cr, double x, double y, double width, double fs, gboolean draw)
{
  LegendEntry entries[RA_LEDGER_N_USES + 3];
  guint n = legend_entries (entries);
  double sw = fs * 1.4, gap = fs * 0.5, spacing = fs * 1.2;
  double cx = x, cy = y, row_h = fs * 1.5, total_w = 0.0;
  double widths[RA_LEDGER_N_USES + 3];
  PangoLayout *layouts[RA_LEDGER_N_USES + 3];

  for (guint i = 0; i < n; i++)
    {
      double tw, th;

      layouts[i] = ra_chart_text_layout (cr, fs, FALSE, entries[i].label);
      ra_chart_text_size (layouts[i], &tw, &th);
      widths[i] = sw + gap + tw;
      row_h = MAX (row_h, th);
      total_w += widths[i] + (i > 0 ? spacing : 0.0);
    }
  /* One row centred when it fits. */
  if (total_w <= width)
    cx = x + (width - total_w) / 2.0;
  for (guint i = 0; i < n; i++)
    {
      if (cx > x && cx + widths[i] > x + width)
        {
          cx = x;
          cy += row_h;
        }
      if (draw)
        {
          double my = cy + row_h / 2.0;

          switch (entries[i].kind)
            {
            case 0:
              cairo_rectangle (cr, cx, my - fs * 0.45, sw, fs * 0.9);
              ra_cairo_set_color (cr, &entries[i].color);
              cairo_fill (cr);
              break;
            case 1:
              cairo_rectangle (cr, cx + 0.5, my - fs * 0.45, sw - 1.0, fs * 0.9);
              ra_cairo_set_color (cr, &entries[i].color);
              cairo_set_line_width (cr, MAX (1.0, fs / 9.0));
              cairo_stroke (cr);
              break;
            default:
              cairo_move_to (cr, cx, my);
              cairo_line_to (cr, cx + sw, my);
              ra_cairo_set_color (cr, &entries[i].color);
              cairo_set_line_width (cr, MAX (1.2, fs / 7.0));
              cairo_stroke (cr);
              cairo_arc (cr, cx + sw / 2.0, my, fs * 0.28, 0, 2 * G_PI);
              cairo_fill (cr);
              break;
            }
          {
            double tw, th;

            ra_chart_text_size (layouts[i], &tw, &th);
            ra_text_show (cr, layouts[i], cx + sw + gap, my - th / 2.0, &text_color);
          }
        }
      cx += widths[i] + spacing;
    }
  for (guint i = 0; i < n; i++)
    g_object_unref (layouts[i]);
  return cy + row_h - y;
}

void
ra_ledger_chart_draw (cairo_t *cr, const cairo_rectangle_t *rect, const RaLedgerChartData *data)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autoptr(PangoLayout) title_layout = NULL;
  g_autoptr(PangoLayout) sub_layout = NULL;
  g_autoptr(PangoLayout) unit_layout = NULL;
  double fs, pad, tw, th, sw, sh, uw, uh, legend_h;
  double top, max_value = 0.0, step, axis_max, label_w = 0.0;
  double px0, px1, py0, py1, slot, bar_w;
  gboolean any = FALSE;
  int n_ticks;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (rect != NULL);
  g_return_if_fail (data != NULL);

  if (!(rect->width > 10.0 && rect->height > 10.0))
    return;
  cairo_save (cr);
  cairo_rectangle (cr, rect->x, rect->y, rect->width, rect->height);
  cairo_clip (cr);
  ra_cairo_set_color (cr, &white);
  cairo_paint (cr);

  fs = CLAMP (MIN (rect->width / 60.0, rect->height / 32.0), 6.0, 18.0);
  pad = fs;

  /* Title and the year's totals. */
  title = chart_title (data);
  subtitle = chart_subtitle (data);
  title_layout = ra_chart_text_layout (cr, fs * 1.35, TRUE, title);
  pango_layout_set_width (title_layout, (int) ((rect->width - 2 * pad) * PANGO_SCALE));
  pango_layout_set_alignment (title_layout, PANGO_ALIGN_CENTER);
  ra_chart_text_size (title_layout, &tw, &th);
  ra_text_show (cr, title_layout, rect->x + pad, rect->y + pad * 0.6, &text_color);
  top = rect->y + pad * 0.6 + th;
  sub_layout = ra_chart_text_layout (cr, fs * 0.95, FALSE, subtitle);
  pango_layout_set_width (sub_layout, (int) ((rect->width - 2 * pad) * PANGO_SCALE));
  pango_layout_set_alignment (sub_layout, PANGO_ALIGN_CENTER);
  ra_chart_text_size (sub_layout, &sw, &sh);
  ra_text_show (cr, sub_layout, rect->x + pad, top + fs * 0.2, &text_color);
  top += fs * 0.2 + sh + fs * 0.6;

  /* Legend at the bottom. */
  legend_h = legend_draw (cr, rect->x + pad, 0, rect->width - 2 * pad, fs, FALSE);
  legend_draw (cr, rect->x + pad, rect->y + rect->height - pad * 0.6 - legend_h,
               rect->width - 2 * pad, fs, TRUE);

  for (guint m = 0; m < 12; m++)
    if (data->months[m].present)
      {
        any = TRUE;
        max_value = MAX (max_value, month_top (&data->months[m]));
      }
  if (!(max_value > 0.0))
    max_value = 1.0;
  n_ticks = rect->height > 300 ? 5 : 4;
  step = ra_chart_nice_step (max_value, n_ticks);
  axis_max = ceil (max_value / step - 1e-9) * step;

  /* Tick labels decide the left margin. */
  for (double v = 0.0; v <= axis_max + step * 0.5; v += step)
    {
      g_autofree char *text = g_strdup_printf ("%g", v);
      g_autoptr(PangoLayout) l = ra_chart_text_layout (cr, fs * 0.9, FALSE, text);
      double w, h;

      ra_chart_text_size (l, &w, &h);
      label_w = MAX (label_w, w);
    }
  unit_layout = ra_chart_text_layout (cr, fs * 0.9, FALSE, _("10⁴ m³"));
  ra_chart_text_size (unit_layout, &uw, &uh);

  px0 = rect->x + pad + MAX (label_w + fs * 0.5, uw * 0.5);
  px1 = rect->x + rect->width - pad;
  py0 = top + uh + fs * 0.3;                                      /* plot top */
  py1 = rect->y + rect->height - pad * 0.6 - legend_h - fs * 2.4; /* plot bottom */
  if (py1 - py0 < fs * 3 || px1 - px0 < fs * 6)
    {
      cairo_restore (cr);
      return;
    }
  ra_text_show (cr, unit_layout, px0 - uw * 0.5, top, &text_color);

  /* Grid and the y axis. */
  cairo_set_line_width (cr, MAX (0.5, fs / 16.0));
  for (double v = 0.0; v <= axis_max + step * 0.5; v += step)
    {
      double y = py1 - (py1 - py0) * v / axis_max;
      g_autofree char *text = g_strdup_printf ("%g", v);
      g_autoptr(PangoLayout) l = ra_chart_text_layout (cr, fs * 0.9, FALSE, text);
      double w, h;

      cairo_move_to (cr, px0, y);
      cairo_line_to (cr, px1, y);
      ra_cairo_set_color (cr, &grid_color);
      cairo_stroke (cr);
      ra_chart_text_size (l, &w, &h);
      ra_text_show (cr, l, px0 - fs * 0.4 - w, y - h / 2.0, &text_color);
    }
  cairo_move_to (cr, px0, py0);
  cairo_line_to (cr, px0, py1);
  cairo_line_to (cr, px1, py1);
  ra_cairo_set_color (cr, &treated_color);
  cairo_set_line_width (cr, MAX (0.8, fs / 12.0));
  cairo_stroke (cr);

  slot = (px1 - px0) / 12.0;
  bar_w = slot * 0.62;
  for (guint m = 0; m < 12; m++)
    {
      const RaLedgerChartMonth *month = &data->months[m];
      double cx = px0 + slot * (m + 0.5);
      double x = cx - bar_w / 2.0, acc = 0.0;
      g_autoptr(PangoLayout) l = ra_chart_text_layout (cr, fs * 0.9, FALSE, month_label (m));
      double w, h;

      ra_chart_text_size (l, &w, &h);
      ra_text_show (cr, l, cx - w / 2.0, py1 + fs * 0.35, &text_color);
      if (!month->present)
        continue;

      /* Reused by use, then discharged, stacked from the axis. */
      for (guint part = 0; part <= RA_LEDGER_N_USES; part++)
        {
          double v = part < RA_LEDGER_N_USES ? month->reused[part] : month->discharged;
          double y0, y1;

          if (isnan (v) || v <= 0.0)
            continue;
          y0 = py1 - (py1 - py0) * acc / axis_max;
          acc += v;
          y1 = py1 - (py1 - py0) * acc / axis_max;
          cairo_rectangle (cr, x, y1, bar_w, y0 - y1);
          ra_cairo_set_color (cr, part < RA_LEDGER_N_USES ? &use_colors[part] : &discharged_color);
          cairo_fill (cr);
        }
      /* The treated volume outlined: a stack that does not reach it (or
       * overshoots) shows. */
      if (!isnan (month->treated) && month->treated > 0.0)
        {
          double y = py1 - (py1 - py0) * month->treated / axis_max;

          cairo_rectangle (cr, x, y, bar_w, py1 - y);
          ra_cairo_set_color (cr, &treated_color);
          cairo_set_line_width (cr, MAX (0.8, fs / 10.0));
          cairo_stroke (cr);
        }
    }

  /* Inflow: a line through the months that have it, a marker on each. */
  cairo_set_line_width (cr, MAX (1.2, fs / 6.0));
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  ra_cairo_set_color (cr, &inflow_color);
  {
    gboolean pen_down = FALSE;

    for (guint m = 0; m < 12; m++)
      {
        const RaLedgerChartMonth *month = &data->months[m];
        double cx = px0 + slot * (m + 0.5);

        if (!month->present || isnan (month->inflow))
          {
            pen_down = FALSE;
            continue;
          }
        if (pen_down)
          cairo_line_to (cr, cx, py1 - (py1 - py0) * month->inflow / axis_max);
        else
          cairo_move_to (cr, cx, py1 - (py1 - py0) * month->inflow / axis_max);
        pen_down = TRUE;
      }
    cairo_stroke (cr);
    for (guint m = 0; m < 12; m++)
      {
        const RaLedgerChartMonth *month = &data->months[m];

        if (!month->present || isnan (month->inflow))
          continue;
        cairo_arc (cr, px0 + slot * (m + 0.5), py1 - (py1 - py0) * month->inflow / axis_max,
                   fs * 0.3, 0, 2 * G_PI);
        cairo_fill (cr);
      }
  }
  if (!any)
    {
      g_autoptr(PangoLayout) l = ra_chart_text_layout (cr, fs * 1.1, FALSE, subtitle);
      double w, h;

      ra_chart_text_size (l, &w, &h);
      ra_text_show (cr, l, (px0 + px1 - w) / 2.0, (py0 + py1 - h) / 2.0, &text_color);
    }
  cairo_restore (cr);
}

/* ---- files ------------------------------------------------------------- */

static void
draw_cb (cairo_t *cr, const cairo_rectangle_t *rect, gconstpointer data)
{
  ra_ledger_chart_draw (cr, rect, data);
}

gboolean
ra_ledger_chart_write (const RaLedgerChartData *data, const char *path, int width, int height,
                       GError **error)
{
  g_auto(GStrv) texts = NULL;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  texts = ra_ledger_chart_dup_texts (data);
  return ra_chart_write (path, width, height, (const char * const *) texts, draw_cb, data, error);
}
