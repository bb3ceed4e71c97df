/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The renderer's polygons and lines: fills one feature at a time, outlines
 * and lines in batched paths (one pass per colour in thematic styles, or
 * hairlines written straight into image surfaces). */
#include "config.h"

#include "ra-renderer-private.h"

static gboolean
colors_equal (const RaColor *a, const RaColor *b)
{
  return a->r == b->r && a->g == b->g && a->b == b->b && a->a == b->a;
}

GPtrArray *
ra_render_used_classes (GPtrArray *cls)
{
  GPtrArray *used = g_ptr_array_new ();
  gpointer last = NULL;

  for (guint i = 0; i < cls->len; i++)
    {
      gpointer c = g_ptr_array_index (cls, i);

      if (c == last)
        continue;
      last = c;
      if (!g_ptr_array_find (used, c, NULL))
        g_ptr_array_add (used, c);
    }
  return used;
}

/* Like ra_dev_buf_stroke_chunked for the features of buf whose class (cls,
 * parallel to the features) has the given colour: the stroke of polygons,
 * the fill (line colour) and the pattern (dashes) of lines. */
static void
stroke_chunked_where (cairo_t *cr, const DevBuf *buf, gboolean close, GPtrArray *cls,
                      gboolean lines, const RaStyleClass *like)
{
  const guint *fs = (const guint *) (gpointer) buf->feat_start->data;
  const guint *ps = (const guint *) (gpointer) buf->part_start->data;
  guint nf = ra_dev_buf_n_features (buf);
  guint pending = 0;

  cairo_new_path (cr);
  for (guint f = 0; f < nf; f++)
    {
      const RaStyleClass *c = g_ptr_array_index (cls, f);

      if (lines ? (!colors_equal (&c->fill, &like->fill) || c->pattern != like->pattern)
                : !colors_equal (&c->stroke, &like->stroke))
        continue;
      ra_dev_buf_path (cr, buf, fs[f], fs[f + 1], close);
      pending += ps[fs[f + 1]] - ps[fs[f]];
      if (pending >= RA_STROKE_CHUNK_VERTICES)
        {
          cairo_stroke (cr);
          pending = 0;
        }
    }
  if (pending > 0)
    cairo_stroke (cr);
  cairo_new_path (cr);
}

/* Outlines (polygons) or lines of a thematic layer: one batched pass per
 * distinct colour. */
static void
stroke_by_class (cairo_t *cr, const DevBuf *buf, gboolean close, GPtrArray *cls,
                 gboolean lines)
{
  g_autoptr(GPtrArray) used = ra_render_used_classes (cls);
  g_autoptr(GPtrArray) done = g_ptr_array_new ();

  for (guint u = 0; u < used->len; u++)
    {
      const RaStyleClass *c = g_ptr_array_index (used, u);
      gboolean seen = FALSE;

      for (guint k = 0; k < done->len && !seen; k++)
        {
          const RaStyleClass *d = g_ptr_array_index (done, k);
          seen = lines ? colors_equal (&c->fill, &d->fill) && c->pattern == d->pattern
                       : colors_equal (&c->stroke, &d->stroke);
        }
      g_ptr_array_add (done, (gpointer) c);
      if (seen || !ra_color_visible (lines ? &c->fill : &c->stroke))
        continue;

      ra_cairo_set_color (cr, lines ? &c->fill : &c->stroke);
      ra_line_pattern_set_dash (cr, lines ? c->pattern : RA_PATTERN_NONE);
      stroke_chunked_where (cr, buf, close, cls, lines, c);
    }
  cairo_set_dash (cr, NULL, 0, 0);
}

/* Polygons: each feature filled on its own (EVEN_ODD per feature, so
 * overlapping features do not punch holes in each other); FALSE if
 * cancelled. */
gboolean
ra_render_fill_polygons (DrawState *st, const RaStyle *style, const Theme *th)
{
  cairo_t *cr = st->cr;
  guint nf = ra_dev_buf_n_features (&st->polys);
  const guint *fs = (const guint *) (gpointer) st->polys.feat_start->data;

  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  ra_cairo_set_color (cr, &style->fill);
  for (guint f = 0; f < nf; f++)
    {
      const RaStyleClass *cls = th->color_features ? g_ptr_array_index (st->poly_cls, f) : NULL;

      if (f % RA_CANCEL_EVERY == RA_CANCEL_EVERY - 1 && ra_draw_state_is_cancelled (st))
        return FALSE;
      cairo_new_path (cr);
      ra_dev_buf_path (cr, &st->polys, fs[f], fs[f + 1], TRUE);
      if (cls == NULL)
        {
          cairo_fill (cr);
          continue;
        }
      ra_paint_path (cr, ra_color_visible (&cls->fill) ? &cls->fill : NULL,
                     cls->pattern, &cls->pattern_color, NULL);
    }
  return TRUE;
}

/* Lines whose width follows a field: each line on its own, widest first
 * so narrow flows stay visible where lines meet; the colour is the class's
 * fill (thematic) or the stroke, with the class's dashes. */
static void
stroke_lines_by_width (DrawState *st, const RaStyle *style, const Theme *th)
{
  cairo_t *cr = st->cr;
  const DevBuf *buf = &st->lines;
  const guint *fs = (const guint *) (gpointer) buf->feat_start->data;
  const double *widths = (const double *) (gpointer) st->line_widths->data;
  guint nf = MIN (ra_dev_buf_n_features (buf), st->line_widths->len);
  g_autofree guint *order = g_new (guint, nf);
  guint n = 0;

  for (guint f = 0; f < nf; f++)
    if (widths[f] > 0.0)
      {
        /* Insertion by width, widest first (a handful to a few thousand). */
        guint k = n++;
        while (k > 0 && widths[order[k - 1]] < widths[f])
          {
            order[k] = order[k - 1];
            k--;
          }
        order[k] = f;
      }
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint k = 0; k < n; k++)
    {
      guint f = order[k];
      const RaStyleClass *cls = th->color_features ? g_ptr_array_index (st->line_cls, f) : NULL;
      const RaColor *color = cls != NULL ? &cls->fill : &style->stroke;

      if (!ra_color_visible (color))
        continue;
      cairo_new_path (cr);
      ra_dev_buf_path (cr, buf, fs[f], fs[f + 1], FALSE);
      cairo_set_line_width (cr, widths[f]);
      if (cls != NULL && cls->pattern != RA_PATTERN_NONE)
        {
          /* Dashes that stay dashes at any width: scaled, with flat ends. */
          double dash[2] = { MAX (6.0, 2.5 * widths[f]), MAX (3.0, 1.5 * widths[f]) };

          cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
          cairo_set_dash (cr, dash, 2, 0);
        }
      else
        {
          cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
          cairo_set_dash (cr, NULL, 0, 0);
        }
      ra_cairo_set_color (cr, color);
      cairo_stroke (cr);
    }
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_new_path (cr);
}

/* Outlines (polygons, after the fills, so shared borders are never half
 * covered) or lines in batched paths.  Lines take the stroke colour (a
 * class's fill colour in thematic styles); round joins and caps. */
void
ra_render_stroke_features (DrawState *st, const RaStyle *style, const Theme *th, gboolean lines)
{
  cairo_t *cr = st->cr;
  const DevBuf *buf = lines ? &st->lines : &st->polys;
  gboolean do_stroke = ra_color_visible (&style->stroke) && style->stroke_width_px > 0.0;

  if (lines && th->width_field >= 0)
    {
      if (ra_dev_buf_n_features (buf) > 0)
        stroke_lines_by_width (st, style, th);
      return;
    }
  if (style->stroke_width_px > 0.0 && th->color_features && ra_dev_buf_n_features (buf) > 0)
    {
      cairo_set_line_width (cr, style->stroke_width_px);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      if (lines)
        cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      stroke_by_class (cr, buf, !lines, lines ? st->line_cls : st->poly_cls, lines);
    }
  else if (do_stroke && ra_dev_buf_n_features (buf) > 0 &&
           !ra_raster_stroke_hairline (cr, buf, !lines, &style->stroke,
                                       style->stroke_width_px, st->cancellable))
    {
      /* The casing first, under the line: it reads on any fill. */
      if (lines && style->casing_width_px > style->stroke_width_px &&
          ra_color_visible (&style->casing))
        {
          ra_cairo_set_color (cr, &style->casing);
          cairo_set_line_width (cr, style->casing_width_px);
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
          cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
          ra_dev_buf_stroke_chunked (cr, buf, !lines);
        }
      ra_cairo_set_color (cr, &style->stroke);
      cairo_set_line_width (cr, style->stroke_width_px);
      if (lines && style->stroke_width_px <= RA_THIN_LINE_PX)
        {
          /* Thin lines: cairo's 4x4-sample antialiasing, bevel joins and
           * butt ends look the same at this width and halve cairo 1.16's
           * stroking time (200 k lines: 4.45 s -> 2.24 s of CPU). */
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);
          cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
          cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
        }
      else
        {
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
          if (lines)
            cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
        }
      ra_dev_buf_stroke_chunked (cr, buf, !lines);
    }
}
