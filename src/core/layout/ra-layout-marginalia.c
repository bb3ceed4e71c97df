/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The marginalia of a print layout: the north arrow (true or grid north),
 * the scale bar with the numeric scale, and the legend fitted to its box. */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "ra-layout-private.h"
#include "ra-legend.h"
#include "ra-render-symbols.h"
#include "ra-text.h"

void
ra_layout_draw_north_arrow (const RaLayoutItem *item, const RaLayoutGeometry *geo, cairo_t *cr)
{
  static const RaColor dark = { 0.1, 0.1, 0.1, 1 }, light = { 1, 1, 1, 1 };
  double x, y, w, h, cx, cy, len, half, a, tip_x, tip_y;
  g_autoptr(PangoLayout) layout = NULL;
  int tw, th;

  ra_layout_item_rect_px (item, &x, &y, &w, &h);
  layout = ra_text_layout_new (cr, FONT_NORTH);
  /* Translators: the letter on the north arrow (北 in Chinese). */
  pango_layout_set_text (layout, C_("north arrow", "N"), -1);
  pango_layout_get_pixel_size (layout, &tw, &th);

  len = MAX (10.0, h - th - 4.0);
  half = MIN (w / 2.0, len * 0.28);
  cx = x + w / 2.0;
  cy = y + th + 2.0 + len / 2.0;

  cairo_save (cr);
  cairo_translate (cr, cx, cy);
  cairo_rotate (cr, geo->north_angle_deg * G_PI / 180.0);
  /* A split kite: dark west half, light east half. */
  cairo_set_line_width (cr, 0.8);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (int side = -1; side <= 1; side += 2)
    {
      cairo_move_to (cr, 0, -len / 2.0);
      cairo_line_to (cr, side * half, len / 2.0);
      cairo_line_to (cr, 0, len / 2.0 - len * 0.22);
      cairo_close_path (cr);
      ra_paint_path (cr, side < 0 ? &dark : &light, RA_PATTERN_NONE, NULL, &dark);
    }
  cairo_restore (cr);
  /* The letter sits above the tip, upright. */
  a = geo->north_angle_deg * G_PI / 180.0;
  tip_x = cx + sin (a) * len / 2.0;
  tip_y = cy - cos (a) * len / 2.0;
  cairo_save (cr);
  ra_text_show (cr, layout, tip_x - tw / 2.0, tip_y - th - 1.0, &dark);
  cairo_restore (cr);
}

void
ra_layout_draw_scalebar (const RaLayoutItem *item, const RaLayoutContext *ctx,
                         const RaLayoutGeometry *geo, cairo_t *cr)
{
  RaCrs *crs = ra_map_snapshot_get_crs (ctx->snapshot);
  double x, y, w, h, pad = 3.0 * RA_LAYOUT_PX_PER_MM, bar_y;
  g_autofree char *scale = NULL;
  g_autofree char *text = NULL;

  ra_layout_item_rect_px (item, &x, &y, &w, &h);
  if (geo->scalebar_m <= 0.0)
    return;
  if (item->frame)
    ra_layout_draw_box (cr, x, y, MIN (w, geo->scalebar_px + 2 * pad + 18.0), h);
  /* The bar's labels sit above it; the numeric scale below. */
  bar_y = y + h * 0.58;
  ra_renderer_draw_scalebar (cr, &geo->map_view, crs, x + pad, bar_y,
                             ra_layout_scalebar_max_px (item));
  scale = ra_layout_format_scale (geo->scale_denominator);
  text = g_strdup_printf ("1:%s", scale);
  ra_layout_draw_text (cr, text, item->font != NULL ? item->font : FONT_SCALE,
                       x + pad, bar_y + 2.0, -1, RA_LAYOUT_ALIGN_LEFT, FALSE);
}

void
ra_layout_draw_legend (const RaLayoutItem *item, const RaLayoutContext *ctx, cairo_t *cr)
{
  g_autoptr(RaLegend) legend = ra_legend_new_from_snapshot (ctx->snapshot);
  double x, y, w, h, pad = 2.5 * RA_LAYOUT_PX_PER_MM, title_h = 0, lw = 0, lh = 0, box_h;
  double col_gap = 2 * pad, col_w, avail;
  g_autofree char *font = NULL;
  g_autofree char *title = NULL;
  /* Two columns when one does not fit even at the smallest type. */
  RaLegend columns[2] = { { NULL }, { NULL } };
  double col_h[2] = { 0, 0 };
  gboolean two = FALSE;
  int size;

  ra_layout_item_rect_px (item, &x, &y, &w, &h);
  if (item->text != NULL && *item->text != '\0')
    {
      g_autoptr(PangoLayout) layout = ra_text_layout_new (cr, FONT_LEGEND_TITLE);
      int th;

      title = ra_layout_expand_text (item->text, ctx, 0);
      pango_layout_set_width (layout, (int) ((w - 2 * pad) * PANGO_SCALE));
      pango_layout_set_text (layout, title, -1);
      pango_layout_get_pixel_size (layout, NULL, &th);
      title_h = th + 4.0;
    }
  avail = h - 2 * pad - title_h;
  /* The largest type from 9 pt down to 6 pt that fits the box. */
  for (size = 9; size >= 6; size--)
    {
      g_free (font);
      font = g_strdup_printf (RA_LAYOUT_FONT_FAMILY " %d", size);
      ra_legend_measure (legend, font, w - 2 * pad, &lw, &lh);
      if (lh <= avail)
        break;
    }
  col_w = (w - 2 * pad - col_gap) / 2;
  if (lh > avail && legend->layers->len > 1)
    {
      /* Layers stay whole and in order; the split that leaves the
       * shorter tallest column wins, with the largest type that fits. */
      for (size = 9; size >= 6 && !two; size--)
        {
          double best = INFINITY;
          guint best_k = 1;

          g_free (font);
          font = g_strdup_printf (RA_LAYOUT_FONT_FAMILY " %d", size);
          for (guint k = 1; k < legend->layers->len; k++)
            {
              double hh[2];

              for (int c = 0; c < 2; c++)
                {
                  g_autoptr(GPtrArray) part = g_ptr_array_new ();
                  RaLegend sub;

                  for (guint i = c == 0 ? 0 : k; i < (c == 0 ? k : legend->layers->len); i++)
                    g_ptr_array_add (part, g_ptr_array_index (legend->layers, i));
                  sub.layers = part;
                  ra_legend_measure (&sub, font, col_w, NULL, &hh[c]);
                }
              if (MAX (hh[0], hh[1]) < best)
                {
                  best = MAX (hh[0], hh[1]);
                  best_k = k;
                }
            }
          if (best <= avail || size == 6)
            {
              two = TRUE;
              for (int c = 0; c < 2; c++)
                {
                  columns[c].layers = g_ptr_array_new ();   /* borrowed layers */
                  for (guint i = c == 0 ? 0 : best_k; i < (c == 0 ? best_k : legend->layers->len); i++)
                    g_ptr_array_add (columns[c].layers, g_ptr_array_index (legend->layers, i));
                  ra_legend_measure (&columns[c], font, col_w, NULL, &col_h[c]);
                }
              lh = MAX (col_h[0], col_h[1]);
            }
        }
    }
  /* The box hugs its content: no empty white block under a short legend. */
  box_h = MIN (h, 2 * pad + title_h + lh);
  if (item->frame)
    ra_layout_draw_box (cr, x, y, w, box_h);
  if (title != NULL)
    ra_layout_draw_text (cr, title, FONT_LEGEND_TITLE, x + pad, y + pad, w - 2 * pad,
                         RA_LAYOUT_ALIGN_LEFT, FALSE);
  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, box_h);
  cairo_clip (cr);
  if (two)
    for (int c = 0; c < 2; c++)
      {
        ra_legend_draw (&columns[c], cr, x + pad + c * (col_w + col_gap), y + pad + title_h,
                        col_w, font);
        g_ptr_array_unref (columns[c].layers);
      }
  else
    ra_legend_draw (legend, cr, x + pad, y + pad + title_h, w - 2 * pad, font);
  cairo_restore (cr);
}
