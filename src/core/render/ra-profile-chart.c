/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A pipeline route's longitudinal profile: ground, pipe, grade line, pump
 * head, users, air valves and low-pressure stretches, drawn on any
 * cairo_t; its PNG, PDF and SVG files call the same function. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ra-chart-private.h"
#include "ra-profile-chart.h"
#include "ra-render-symbols.h"

/* Where nothing says where the pipe lies: under the ground by the usual
 * cover of a water main. */
#define DEFAULT_COVER_M 1.2

static const RaColor ground_fill = { 0.85, 0.78, 0.64, 1.0 };
static const RaColor ground_line = { 0.55, 0.43, 0.25, 1.0 };
static const RaColor pipe_color = { 0.25, 0.25, 0.25, 1.0 };
static const RaColor hgl_color = { 0.12, 0.47, 0.71, 1.0 };
static const RaColor low_color = { 0.89, 0.10, 0.11, 1.0 };
static const RaColor user_color = { 0.90, 0.45, 0.10, 1.0 };
static const RaColor text_color = { 0.1, 0.1, 0.1, 1.0 };
static const RaColor grid_color = { 0.87, 0.87, 0.87, 1.0 };

RaProfileChartData *
ra_profile_chart_data_new (const char *title, const char *subtitle)
{
  RaProfileChartData *data = g_new0 (RaProfileChartData, 1);

  data->title = g_strdup (title);
  data->subtitle = g_strdup (subtitle);
  data->samples = g_array_new (FALSE, FALSE, sizeof (RaProfileSample));
  data->marks = g_array_new (FALSE, FALSE, sizeof (RaProfileMark));
  data->residual_m = 10.2;
  return data;
}

void
ra_profile_chart_data_free (RaProfileChartData *data)
{
  if (data == NULL)
    return;
  for (guint i = 0; i < data->marks->len; i++)
    g_free (g_array_index (data->marks, RaProfileMark, i).label);
  g_array_unref (data->marks);
  g_array_unref (data->samples);
  g_free (data->title);
  g_free (data->subtitle);
  g_free (data);
}

void
ra_profile_chart_data_add_sample (RaProfileChartData *data, double chainage_m, double ground_m,
                                  double pipe_m, double hgl_m)
{
  RaProfileSample s = { chainage_m, ground_m, pipe_m, hgl_m };

  g_return_if_fail (data != NULL);
  g_array_append_val (data->samples, s);
}

void
ra_profile_chart_data_add_mark (RaProfileChartData *data, RaProfileMarkKind kind,
                                double chainage_m, double value_m, const char *label)
{
  RaProfileMark m = { kind, chainage_m, value_m, g_strdup (label) };

  g_return_if_fail (data != NULL);
  g_array_append_val (data->marks, m);
}

static double
pipe_at (const RaProfileSample *s)
{
  return isfinite (s->pipe_m) ? s->pipe_m : s->ground_m - DEFAULT_COVER_M;
}

GArray *
ra_profile_chart_low_pressure (const RaProfileChartData *data)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (double));
  gboolean in = FALSE;
  double from = 0.0;

  for (guint i = 0; i < data->samples->len; i++)
    {
      const RaProfileSample *s = &g_array_index (data->samples, RaProfileSample, i);
      gboolean low = isfinite (s->hgl_m) && s->hgl_m - s->ground_m < data->residual_m - 1e-6;

      if (low && !in)
        from = s->chainage_m;
      else if (!low && in)
        {
          g_array_append_val (out, from);
          g_array_append_val (out, s->chainage_m);
        }
      in = low;
    }
  if (in && data->samples->len > 0)
    {
      double to = g_array_index (data->samples, RaProfileSample, data->samples->len - 1).chainage_m;

      g_array_append_val (out, from);
      g_array_append_val (out, to);
    }
  return out;
}

/* ---- texts ------------------------------------------------------------- */

static const char *
legend_label (guint i)
{
  switch (i)
    {
    case 0: return _("Ground");
    case 1: return _("Pipe");
    case 2: return _("Hydraulic grade line");
    case 3: return _("Less than the required pressure");
    case 4: return _("Water user");
    case 5: return _("Air valve (high point)");
    default: return "";
    }
}
#define N_LEGEND 6

static char *
flat_note (void)
{
  return g_strdup (_("No DEM: the ground is taken as flat"));
}

static char *
mark_text (const RaProfileMark *m)
{
  const char *label = m->label != NULL ? m->label : "";

  switch (m->kind)
    {
    case RA_PROFILE_MARK_SOURCE:
      return g_strdup_printf (_("%s: pump head %.1f m"), label, m->value_m);
    case RA_PROFILE_MARK_USER:
      return g_strdup_printf (_("%s: %.1f m"), label, m->value_m);
    case RA_PROFILE_MARK_AIR_VALVE:
      return g_strdup (_("air valve"));
    case RA_PROFILE_MARK_JUNCTION:
    default:
      return g_strdup (label);
    }
}

GStrv
ra_profile_chart_dup_texts (const RaProfileChartData *data)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  g_return_val_if_fail (data != NULL, NULL);
  g_strv_builder_add (b, data->title != NULL ? data->title : "");
  if (data->subtitle != NULL)
    g_strv_builder_add (b, data->subtitle);
  if (data->flat_ground)
    {
      g_autofree char *note = flat_note ();

      g_strv_builder_add (b, note);
    }
  g_strv_builder_add (b, _("Distance along the route (km)"));
  g_strv_builder_add (b, _("Elevation (m)"));
  for (guint i = 0; i < data->marks->len; i++)
    {
      g_autofree char *text = mark_text (&g_array_index (data->marks, RaProfileMark, i));

      g_strv_builder_add (b, text);
    }
  for (guint i = 0; i < N_LEGEND; i++)
    g_strv_builder_add (b, legend_label (i));
  return g_strv_builder_end (b);
}

/* ---- drawing ----------------------------------------------------------- */

typedef struct {
  double x0, y0, w, h;       /* plot area */
  double c0, c1, e0, e1;     /* chainage and elevation ranges */
} Plot;

static double
px (const Plot *p, double chainage)
{
  return p->x0 + (chainage - p->c0) / (p->c1 - p->c0) * p->w;
}

static double
py (const Plot *p, double elevation)
{
  return p->y0 + p->h - (elevation - p->e0) / (p->e1 - p->e0) * p->h;
}

static void
show_text (cairo_t *cr, double x, double y, double fs, gboolean bold, const char *text,
           double align_x, double align_y)
{
  g_autoptr(PangoLayout) layout = ra_chart_text_layout (cr, fs, bold, text);
  double w, h;

  ra_chart_text_size (layout, &w, &h);
  ra_cairo_set_color (cr, &text_color);
  cairo_move_to (cr, x - align_x * w, y - align_y * h);
  pango_cairo_show_layout (cr, layout);
}

static void
ranges (const RaProfileChartData *data, Plot *p)
{
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE, pad;

  p->c0 = 0.0;
  p->c1 = 1.0;
  for (guint i = 0; i < data->samples->len; i++)
    {
      const RaProfileSample *s = &g_array_index (data->samples, RaProfileSample, i);
      double v[3] = { s->ground_m, pipe_at (s), s->hgl_m };

      p->c1 = MAX (p->c1, s->chainage_m);
      for (guint k = 0; k < 3; k++)
        if (isfinite (v[k]))
          {
            lo = MIN (lo, v[k]);
            hi = MAX (hi, v[k]);
          }
    }
  if (lo > hi)
    lo = 0.0, hi = 10.0;
  pad = MAX ((hi - lo) * 0.08, 1.0);
  p->e0 = lo - pad;
  p->e1 = hi + pad;
}

static void
draw_axes (cairo_t *cr, const Plot *p, double fs)
{
  double step_c = ra_chart_nice_step ((p->c1 - p->c0) / 1000.0, 6) * 1000.0;
  double step_e = ra_chart_nice_step (p->e1 - p->e0, 5);

  cairo_set_line_width (cr, 1.0);
  for (double k = ceil (p->e0 / step_e); k * step_e <= p->e1 + 1e-9; k += 1.0)
    {
      /* k × step, not a running sum (no 0.30000000004), and + 0.0 so
       * that zero never prints as "-0". */
      double e = k * step_e + 0.0;
      g_autofree char *t = g_strdup_printf ("%g", e);

      ra_cairo_set_color (cr, &grid_color);
      cairo_move_to (cr, p->x0, py (p, e));
      cairo_line_to (cr, p->x0 + p->w, py (p, e));
      cairo_stroke (cr);
      show_text (cr, p->x0 - fs * 0.4, py (p, e), fs, FALSE, t, 1.0, 0.5);
    }
  for (double k = 0.0; k * step_c <= p->c1 + 1e-9; k += 1.0)
    {
      double c = k * step_c;
      g_autofree char *t = g_strdup_printf ("%g", c / 1000.0);

      show_text (cr, px (p, c), p->y0 + p->h + fs * 0.3, fs, FALSE, t, 0.5, 0.0);
    }
  ra_cairo_set_color (cr, &text_color);
  cairo_rectangle (cr, p->x0, p->y0, p->w, p->h);
  cairo_stroke (cr);
}

static void
draw_lines (cairo_t *cr, const RaProfileChartData *data, const Plot *p)
{
  GArray *s = data->samples;
  g_autoptr(GArray) low = ra_profile_chart_low_pressure (data);

  if (s->len < 2)
    return;
  /* The ground, filled down to the axis. */
  cairo_move_to (cr, px (p, g_array_index (s, RaProfileSample, 0).chainage_m), p->y0 + p->h);
  for (guint i = 0; i < s->len; i++)
    {
      const RaProfileSample *a = &g_array_index (s, RaProfileSample, i);

      cairo_line_to (cr, px (p, a->chainage_m), py (p, a->ground_m));
    }
  cairo_line_to (cr, px (p, g_array_index (s, RaProfileSample, s->len - 1).chainage_m),
                 p->y0 + p->h);
  cairo_close_path (cr);
  ra_cairo_set_color (cr, &ground_fill);
  cairo_fill_preserve (cr);
  ra_cairo_set_color (cr, &ground_line);
  cairo_set_line_width (cr, 1.2);
  cairo_stroke (cr);

  /* The pipe, then the grade line. */
  for (int pass = 0; pass < 2; pass++)
    {
      cairo_new_path (cr);
      for (guint i = 0; i < s->len; i++)
        {
          const RaProfileSample *a = &g_array_index (s, RaProfileSample, i);
          double e = pass == 0 ? pipe_at (a) : a->hgl_m;

          if (isfinite (e))
            cairo_line_to (cr, px (p, a->chainage_m), py (p, e));
        }
      ra_cairo_set_color (cr, pass == 0 ? &pipe_color : &hgl_color);
      cairo_set_line_width (cr, pass == 0 ? 2.5 : 2.0);
      if (pass == 0)
        cairo_set_dash (cr, (double[]) { 6.0, 3.0 }, 2, 0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  /* Where the grade line leaves too little pressure: red over it. */
  for (guint k = 0; k + 1 < low->len; k += 2)
    {
      double from = g_array_index (low, double, k), to = g_array_index (low, double, k + 1);

      cairo_new_path (cr);
      for (guint i = 0; i < s->len; i++)
        {
          const RaProfileSample *a = &g_array_index (s, RaProfileSample, i);

          if (a->chainage_m >= from - 1e-9 && a->chainage_m <= to + 1e-9 && isfinite (a->hgl_m))
            cairo_line_to (cr, px (p, a->chainage_m), py (p, a->hgl_m));
        }
      ra_cairo_set_color (cr, &low_color);
      cairo_set_line_width (cr, 4.0);
      cairo_stroke (cr);
    }
}

/* The ground (and the grade line) at chainage, linearly between samples. */
static void
at_chainage (GArray *s, double c, double *ground, double *hgl)
{
  *ground = *hgl = NAN;
  for (guint i = 0; i + 1 < s->len; i++)
    {
      const RaProfileSample *a = &g_array_index (s, RaProfileSample, i);
      const RaProfileSample *b = &g_array_index (s, RaProfileSample, i + 1);

      if (c >= a->chainage_m - 1e-9 && c <= b->chainage_m + 1e-9)
        {
          double t = b->chainage_m > a->chainage_m ? (c - a->chainage_m) / (b->chainage_m - a->chainage_m) : 0.0;

          *ground = a->ground_m + t * (b->ground_m - a->ground_m);
          *hgl = a->hgl_m + t * (b->hgl_m - a->hgl_m);
          return;
        }
    }
  if (s->len > 0)
    {
      const RaProfileSample *a = &g_array_index (s, RaProfileSample, s->len - 1);

      *ground = a->ground_m;
      *hgl = a->hgl_m;
    }
}

static void
draw_marks (cairo_t *cr, const RaProfileChartData *data, const Plot *p, double fs)
{
  for (guint i = 0; i < data->marks->len; i++)
    {
      const RaProfileMark *m = &g_array_index (data->marks, RaProfileMark, i);
      g_autofree char *text = mark_text (m);
      double g, h, x = px (p, m->chainage_m);
      /* Texts near an end of the route lean inwards, never off the chart. */
      double align = x > p->x0 + 0.8 * p->w ? 1.0 : x < p->x0 + 0.2 * p->w ? 0.0 : 0.5;

      at_chainage (data->samples, m->chainage_m, &g, &h);
      if (!isfinite (g))
        continue;
      switch (m->kind)
        {
        case RA_PROFILE_MARK_SOURCE:
          /* The pump head: an arrow from the ground up to the grade line. */
          ra_cairo_set_color (cr, &hgl_color);
          cairo_set_line_width (cr, 2.0);
          cairo_move_to (cr, x, py (p, g));
          cairo_line_to (cr, x, py (p, isfinite (h) ? h : g + m->value_m));
          cairo_stroke (cr);
          cairo_move_to (cr, x - fs * 0.35, py (p, isfinite (h) ? h : g) + fs * 0.6);
          cairo_line_to (cr, x, py (p, isfinite (h) ? h : g));
          cairo_line_to (cr, x + fs * 0.35, py (p, isfinite (h) ? h : g) + fs * 0.6);
          cairo_stroke (cr);
          show_text (cr, x + (align == 1.0 ? -fs * 0.5 : fs * 0.5),
                     py (p, isfinite (h) ? h : g) + fs * 0.4, fs, TRUE, text, align, 0.0);
          break;
        case RA_PROFILE_MARK_USER:
          ra_cairo_set_color (cr, &user_color);
          cairo_set_line_width (cr, 1.0);
          cairo_set_dash (cr, (double[]) { 3.0, 3.0 }, 2, 0);
          cairo_move_to (cr, x, py (p, g));
          cairo_line_to (cr, x, py (p, isfinite (h) ? h : g));
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
          cairo_arc (cr, x, py (p, g), fs * 0.35, 0, 2 * G_PI);
          cairo_fill (cr);
          show_text (cr, x + (align == 1.0 ? -fs * 0.5 : align == 0.0 ? fs * 0.5 : 0.0),
                     py (p, g) - fs * 0.5, fs * 0.9, FALSE, text, align, 1.0);
          break;
        case RA_PROFILE_MARK_AIR_VALVE:
          ra_cairo_set_color (cr, &pipe_color);
          cairo_move_to (cr, x, py (p, g) - fs * 0.9);
          cairo_line_to (cr, x - fs * 0.4, py (p, g) - fs * 0.2);
          cairo_line_to (cr, x + fs * 0.4, py (p, g) - fs * 0.2);
          cairo_close_path (cr);
          cairo_fill (cr);
          show_text (cr, x, py (p, g) - fs * 1.0, fs * 0.85, FALSE, text, align, 1.0);
          break;
        case RA_PROFILE_MARK_JUNCTION:
        default:
          ra_cairo_set_color (cr, &pipe_color);
          cairo_arc (cr, x, py (p, g - DEFAULT_COVER_M), fs * 0.2, 0, 2 * G_PI);
          cairo_fill (cr);
          break;
        }
    }
}

/* Lays the legend out in rows from (x, y) within width; draws it when
 * draw.  Returns the y below it. */
static double
draw_legend (cairo_t *cr, double x, double y, double width, double fs, gboolean draw)
{
  double cx = x, row_h = fs * 1.5;

  for (guint i = 0; i < N_LEGEND; i++)
    {
      g_autoptr(PangoLayout) layout = ra_chart_text_layout (cr, fs, FALSE, legend_label (i));
      double w, h, sw = fs * 2.0;

      ra_chart_text_size (layout, &w, &h);
      if (cx > x && cx + sw + fs * 0.4 + w > x + width)
        {
          cx = x;
          y += row_h;
        }
      if (!draw)
        {
          cx += sw + fs * 0.4 + w + fs * 1.2;
          continue;
        }
      switch (i)
        {
        case 0:
          ra_cairo_set_color (cr, &ground_fill);
          cairo_rectangle (cr, cx, y + fs * 0.2, sw, fs * 0.8);
          cairo_fill (cr);
          break;
        case 4:
          ra_cairo_set_color (cr, &user_color);
          cairo_arc (cr, cx + sw / 2, y + fs * 0.6, fs * 0.35, 0, 2 * G_PI);
          cairo_fill (cr);
          break;
        case 5:
          ra_cairo_set_color (cr, &pipe_color);
          cairo_move_to (cr, cx + sw / 2, y + fs * 0.1);
          cairo_line_to (cr, cx + sw / 2 - fs * 0.4, y + fs * 0.9);
          cairo_line_to (cr, cx + sw / 2 + fs * 0.4, y + fs * 0.9);
          cairo_close_path (cr);
          cairo_fill (cr);
          break;
        default:
          ra_cairo_set_color (cr, i == 1 ? &pipe_color : i == 2 ? &hgl_color : &low_color);
          cairo_set_line_width (cr, i == 3 ? 4.0 : 2.0);
          if (i == 1)
            cairo_set_dash (cr, (double[]) { 6.0, 3.0 }, 2, 0);
          cairo_move_to (cr, cx, y + fs * 0.6);
          cairo_line_to (cr, cx + sw, y + fs * 0.6);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
          break;
        }
      ra_cairo_set_color (cr, &text_color);
      cairo_move_to (cr, cx + sw + fs * 0.4, y);
      pango_cairo_show_layout (cr, layout);
      cx += sw + fs * 0.4 + w + fs * 1.2;
    }
  return y + row_h;
}

void
ra_profile_chart_draw (cairo_t *cr, const cairo_rectangle_t *rect,
                       const RaProfileChartData *data)
{
  double fs = CLAMP (MIN (rect->width / 60.0, rect->height / 30.0), 7.0, 18.0);
  double y = rect->y + fs * 0.8, left = rect->x + fs * 4.0, bottom;
  Plot p;

  g_return_if_fail (cr != NULL && rect != NULL && data != NULL);

  cairo_save (cr);
  cairo_rectangle (cr, rect->x, rect->y, rect->width, rect->height);
  cairo_clip (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);

  if (data->title != NULL)
    {
      show_text (cr, rect->x + rect->width / 2, y, fs * 1.3, TRUE, data->title, 0.5, 0.0);
      y += fs * 2.0;
    }
  if (data->subtitle != NULL || data->flat_ground)
    {
      g_autofree char *note = data->flat_ground ? flat_note () : NULL;
      g_autofree char *line = data->subtitle != NULL && note != NULL
                              ? g_strdup_printf ("%s · %s", data->subtitle, note)
                              : g_strdup (data->subtitle != NULL ? data->subtitle : note);

      show_text (cr, rect->x + rect->width / 2, y, fs, FALSE, line, 0.5, 0.0);
      y += fs * 1.8;
    }

  /* The legend's height first, from the bottom. */
  bottom = draw_legend (cr, rect->x + fs, 0, rect->width - 2 * fs, fs, FALSE);
  bottom = rect->y + rect->height - fs * 0.6 - bottom;

  p.x0 = left;
  p.y0 = y + fs;
  p.w = rect->x + rect->width - fs * 1.5 - left;
  p.h = bottom - fs * 3.2 - p.y0;
  if (p.w < 20 || p.h < 20)
    {
      cairo_restore (cr);
      return;
    }
  ranges (data, &p);
  show_text (cr, rect->x + fs * 0.5, p.y0 - fs * 1.4, fs, FALSE, _("Elevation (m)"), 0.0, 0.0);
  draw_axes (cr, &p, fs);
  cairo_save (cr);
  cairo_rectangle (cr, p.x0, p.y0, p.w, p.h);
  cairo_clip (cr);
  draw_lines (cr, data, &p);
  cairo_restore (cr);
  draw_marks (cr, data, &p, fs);
  show_text (cr, p.x0 + p.w / 2, p.y0 + p.h + fs * 1.5, fs, FALSE,
             _("Distance along the route (km)"), 0.5, 0.0);
  draw_legend (cr, rect->x + fs, bottom, rect->width - 2 * fs, fs, TRUE);
  cairo_restore (cr);
}

static void
draw_cb (cairo_t *cr, const cairo_rectangle_t *rect, gconstpointer data)
{
  ra_profile_chart_draw (cr, rect, data);
}

gboolean
ra_profile_chart_write (const RaProfileChartData *data, const char *path, int width, int height,
                        GError **error)
{
  g_auto(GStrv) texts = NULL;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  texts = ra_profile_chart_dup_texts (data);
  return ra_chart_write (path, width, height, (const char * const *) texts, draw_cb, data, error);
}
