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

/* Legend columns are no narrower than this, and at most so many. */
#define LEGEND_MIN_COLUMN_MM 25.0
#define LEGEND_MAX_COLUMNS 4

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

/* Legend columns ------------------------------------------------------ */

/* A legend cut into columns: each column a RaLegend of partial layers that
 * borrow the full legend's titles and items. */
typedef struct {
  GPtrArray *columns;   /* RaLegend*, each with borrowed layers */
  double     height;    /* the tallest column */
} LegendFlow;

static void
partial_layer_free (RaLegendLayer *layer)
{
  g_ptr_array_unref (layer->items);
  g_free (layer);
}

static void
column_free (RaLegend *column)
{
  g_ptr_array_unref (column->layers);
  g_free (column);
}

static RaLegend *
column_new (void)
{
  RaLegend *column = g_new0 (RaLegend, 1);

  column->layers = g_ptr_array_new_with_free_func ((GDestroyNotify) partial_layer_free);
  return column;
}

static void
legend_flow_clear (LegendFlow *flow)
{
  g_clear_pointer (&flow->columns, g_ptr_array_unref);
  flow->height = 0.0;
}

static double
column_height (RaLegend *column, const char *font, double col_w)
{
  double h = 0.0;

  ra_legend_measure (column, font, col_w, NULL, &h);
  return h;
}

/* Flows the legend's layers, in order, into columns no taller than
 * max_h: a layer goes whole into the column where it starts when it fits
 * there, else into the next one, and a layer taller than a column goes on
 * in the next one (its title repeated).  Never drops a row: FALSE when
 * more than max_cols columns are needed or a single row does not fit. */
static gboolean
legend_flow (const RaLegend *legend, const char *font, double col_w, double max_h,
             guint max_cols, LegendFlow *flow)
{
  RaLegend *column;

  legend_flow_clear (flow);
  flow->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) column_free);
  column = column_new ();
  g_ptr_array_add (flow->columns, column);

  for (guint l = 0; l < legend->layers->len; l++)
    {
      const RaLegendLayer *full = g_ptr_array_index (legend->layers, l);
      guint next = 0;

      while (next < full->items->len || (full->items->len == 0 && next == 0))
        {
          RaLegendLayer *part = g_new0 (RaLegendLayer, 1);
          guint fitted = 0;

          *part = *full;
          part->items = g_ptr_array_new ();
          g_ptr_array_add (column->layers, part);
          /* As many rows as fit in this column. */
          for (guint i = next; i < full->items->len; i++)
            {
              g_ptr_array_add (part->items, g_ptr_array_index (full->items, i));
              if (column_height (column, font, col_w) > max_h)
                {
                  g_ptr_array_remove_index (part->items, part->items->len - 1);
                  break;
                }
              fitted++;
            }
          if (full->items->len == 0)
            {
              /* A title alone. */
              if (column_height (column, font, col_w) <= max_h)
                {
                  next = 1;
                  continue;
                }
            }
          /* Keep a layer that fits a column of its own whole: move what
           * was started here to a fresh column. */
          else if (fitted > 0 && next + fitted < full->items->len && next == 0 &&
                   column->layers->len > 1)
            {
              RaLegend *probe = column_new ();
              RaLegendLayer *whole = g_new0 (RaLegendLayer, 1);

              *whole = *full;
              whole->items = g_ptr_array_ref (full->items);
              g_ptr_array_add (probe->layers, whole);
              if (column_height (probe, font, col_w) <= max_h)
                fitted = 0;   /* start over in the next column */
              column_free (probe);
            }

          if (fitted == 0)
            {
              g_ptr_array_remove (column->layers, part);   /* frees part */
              if (column->layers->len == 0)
                return FALSE;   /* not even one row fits an empty column */
            }
          next += fitted;
          if (next < full->items->len || (fitted == 0 && full->items->len == 0))
            {
              if (flow->columns->len >= max_cols)
                return FALSE;
              column = column_new ();
              g_ptr_array_add (flow->columns, column);
            }
        }
    }
  for (guint c = 0; c < flow->columns->len; c++)
    flow->height = MAX (flow->height,
                        column_height (g_ptr_array_index (flow->columns, c), font, col_w));
  return TRUE;
}

void
ra_layout_draw_legend (const RaLayoutItem *item, const RaLayoutContext *ctx, cairo_t *cr)
{
  g_autoptr(RaLegend) legend = ra_legend_new_from_snapshot (ctx->snapshot);
  double x, y, w, h, pad = 2.5 * RA_LAYOUT_PX_PER_MM, title_h = 0, box_h, avail, inner_w;
  double col_gap = 2 * pad, col_w = 0, scale = 1.0;
  g_autofree char *font = NULL;
  g_autofree char *title = NULL;
  LegendFlow flow = { NULL, 0 };
  gboolean fits = FALSE;
  guint max_cols;

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
  avail = MAX (h - 2 * pad - title_h, 1.0);
  inner_w = MAX (w - 2 * pad, 1.0);
  /* Columns of at least LEGEND_MIN_COLUMN_MM. */
  max_cols = (guint) CLAMP (floor ((inner_w + col_gap) /
                                   (LEGEND_MIN_COLUMN_MM * RA_LAYOUT_PX_PER_MM + col_gap)),
                            1, LEGEND_MAX_COLUMNS);

  /* Every class is shown, never cut (issue 17): the largest type from
   * 9 pt down to 6 pt, in as few columns as hold it at that size... */
  for (int size = 9; size >= 6 && !fits; size--)
    for (guint cols = 1; cols <= max_cols && !fits; cols++)
      {
        g_free (font);
        font = g_strdup_printf (RA_LAYOUT_FONT_FAMILY " %d", size);
        col_w = cols == 1 ? inner_w : (inner_w - (cols - 1) * col_gap) / cols;
        fits = legend_flow (legend, font, col_w, avail, cols, &flow);
      }
  /* ...else smaller still, the whole legend scaled down until it fits. */
  for (guint k = 0; !fits && k < 60; k++)
    {
      scale *= 0.92;
      col_w = ((inner_w - (max_cols - 1) * col_gap) / max_cols) / scale;
      fits = legend_flow (legend, font, col_w, avail / scale, max_cols, &flow);
    }
  if (!fits)
    {
      /* Degenerate boxes: one column, as small as it came. */
      legend_flow_clear (&flow);
      flow.columns = g_ptr_array_new_with_free_func ((GDestroyNotify) column_free);
      g_ptr_array_add (flow.columns, column_new ());
      for (guint l = 0; l < legend->layers->len; l++)
        {
          RaLegendLayer *part = g_new0 (RaLegendLayer, 1);

          *part = *(RaLegendLayer *) g_ptr_array_index (legend->layers, l);
          part->items = g_ptr_array_ref (part->items);
          g_ptr_array_add (((RaLegend *) g_ptr_array_index (flow.columns, 0))->layers, part);
        }
      col_w = inner_w / scale;
      flow.height = column_height (g_ptr_array_index (flow.columns, 0), font, col_w);
    }

  /* The box hugs its content: no empty white block under a short legend. */
  box_h = MIN (h, 2 * pad + title_h + flow.height * scale);
  if (item->frame)
    ra_layout_draw_box (cr, x, y, w, box_h);
  if (title != NULL)
    ra_layout_draw_text (cr, title, FONT_LEGEND_TITLE, x + pad, y + pad, w - 2 * pad,
                         RA_LAYOUT_ALIGN_LEFT, FALSE);
  cairo_save (cr);
  cairo_translate (cr, x + pad, y + pad + title_h);
  cairo_scale (cr, scale, scale);
  for (guint c = 0; c < flow.columns->len; c++)
    ra_legend_draw (g_ptr_array_index (flow.columns, c), cr, c * (col_w + col_gap / scale), 0,
                    col_w, font);
  cairo_restore (cr);
  legend_flow_clear (&flow);
}
