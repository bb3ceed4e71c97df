/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Legends: what the renderer draws for a snapshot, layer by layer (classes,
 * other / no data where something falls there, pie wedges, proportional
 * size samples), and its drawing with the renderer's own symbols, for the
 * legend panel and print layouts. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "ra-error.h"
#include "ra-legend.h"
#include "ra-text.h"

#define RA_LEGEND_FONT RA_TEXT_FONT_FAMILY " 9"

/* ------------------------------------------------------------------ */
/* Legend model                                                       */

static void
legend_item_free (RaLegendItem *item)
{
  g_free (item->label);
  g_free (item);
}

static void
legend_layer_free (RaLegendLayer *layer)
{
  g_free (layer->title);
  g_free (layer->field);
  g_ptr_array_unref (layer->items);
  g_free (layer);
}

void
ra_legend_free (RaLegend *legend)
{
  if (legend == NULL)
    return;
  g_ptr_array_unref (legend->layers);
  g_free (legend);
}

static RaLegendItem *
add_item (RaLegendLayer *layer, RaLegendSymbol symbol, const RaStyle *style, char *label)
{
  RaLegendItem *item = g_new0 (RaLegendItem, 1);

  item->symbol = symbol;
  item->fill = style->fill;
  item->stroke = style->stroke;
  item->stroke_width_px = style->stroke_width_px;
  item->marker = style->marker;
  item->size_px = style->marker_size_px;
  item->label = label;
  g_ptr_array_add (layer->items, item);
  return item;
}

/* Whether a class draws anything: a fill, an outline or a pattern. */
static gboolean
class_is_visible (const RaStyleClass *cls)
{
  return cls->fill.a > 0.0 || cls->stroke.a > 0.0 ||
         (cls->pattern != RA_PATTERN_NONE && cls->pattern_color.a > 0.0);
}

static void
add_class_item (RaLegendLayer *layer, RaLegendSymbol symbol, const RaStyle *style,
                const RaStyleClass *cls)
{
  RaLegendItem *item = add_item (layer, symbol, style, ra_style_class_dup_label (style, cls));

  item->fill = cls->fill;
  item->stroke = cls->stroke;
  item->pattern = cls->pattern;
  item->pattern_color = cls->pattern_color;
  if (symbol == RA_LEGEND_SYMBOL_CIRCLE)
    item->size_px = 12.0;
}

/* Round values 1, 2, 5 x 10^n not above v. */
static double
nice_floor (double v)
{
  double decade, f;

  if (!(v > 0.0) || !isfinite (v))
    return 0.0;
  decade = pow (10.0, floor (log10 (v)));
  f = v / decade;
  /* 1e-9: values such as 50 must stay 50, not 20. */
  if (f >= 5.0 - 1e-9)
    return 5.0 * decade;
  if (f >= 2.0 - 1e-9)
    return 2.0 * decade;
  return decade;
}

static char *
format_sample (double v)
{
  int decimals = v >= 1.0 ? 0 : (int) ceil (-log10 (v) - 1e-9);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char fmt[8];

  g_snprintf (fmt, sizeof fmt, "%%.%df", CLAMP (decimals, 0, 9));
  return g_strdup (g_ascii_formatd (buf, sizeof buf, fmt, v));
}

/* Whether the renderer draws any feature of data: a geometry with points,
 * and for proportional point layers (symbols replace the markers) a symbol
 * of some size.  A layer that draws nothing (the project symbols of a year
 * before any is in service) has no legend entry (issue 17). */
gboolean
ra_legend_layer_is_drawn (const RaLayerData *data, const RaStyle *style)
{
  gboolean symbols_only = style != NULL && style->kind == RA_STYLE_PROPORTIONAL &&
                          data->kind == RA_GEOM_POINT;
  int size_index = -1;
  double size_max = 0.0;

  if (symbols_only)
    {
      if (data->attrs == NULL || style->size_field == NULL ||
          (size_index = ra_attr_table_field_index (data->attrs, style->size_field)) < 0)
        return FALSE;
      size_max = ra_style_size_max_in_table (style, data->attrs);
    }
  for (guint f = 0; f < data->n_features; f++)
    {
      double v;

      if (data->geoms[f] == NULL || data->geoms[f]->n_points == 0)
        continue;
      if (!symbols_only)
        return TRUE;
      if (f < data->attrs->n_features &&
          ra_style_parse_number (ra_attr_table_get (data->attrs, f, size_index), &v) &&
          ra_style_symbol_size_px (style, size_max, v) > 0.0)
        return TRUE;
    }
  return FALSE;
}

/**
 * ra_legend_new_from_snapshot:
 *
 * Returns: (transfer full): the legend of what ra_renderer_draw draws
 *   for @snap
 */
RaLegend *
ra_legend_new_from_snapshot (RaMapSnapshot *snap)
{
  RaLegend *legend;
  guint n;

  g_return_val_if_fail (snap != NULL, NULL);

  legend = g_new0 (RaLegend, 1);
  legend->layers = g_ptr_array_new_with_free_func ((GDestroyNotify) legend_layer_free);
  n = ra_map_snapshot_get_n_layers (snap);

  /* The top layer (drawn last) comes first, as in the layer panel. */
  for (guint i = n; i-- > 0;)
    {
      const RaLayerData *data = ra_map_snapshot_get_layer_data (snap, i);
      const RaStyle *style = ra_map_snapshot_get_layer_style (snap, i);
      const char *name = ra_map_snapshot_get_layer_name (snap, i);
      RaLegendLayer *layer;
      RaLegendSymbol symbol;
      gboolean by_class;

      if (data == NULL || style == NULL || ra_map_snapshot_get_layer_opacity (snap, i) <= 0.0 ||
          !ra_legend_layer_is_drawn (data, style))
        continue;
      switch (data->kind)
        {
        case RA_GEOM_POLYGON: symbol = RA_LEGEND_SYMBOL_POLYGON; break;
        case RA_GEOM_LINE: symbol = RA_LEGEND_SYMBOL_LINE; break;
        case RA_GEOM_POINT: symbol = RA_LEGEND_SYMBOL_MARKER; break;
        case RA_GEOM_NONE:
        default:
          continue;   /* nothing is drawn */
        }

      layer = g_new0 (RaLegendLayer, 1);
      layer->title = g_strdup (name != NULL ? name : "");
      layer->kind = style->kind;
      layer->items = g_ptr_array_new_with_free_func ((GDestroyNotify) legend_item_free);
      g_ptr_array_add (legend->layers, layer);

      if (style->kind == RA_STYLE_SINGLE)
        {
          add_item (layer, symbol, style, g_strdup (layer->title));
          continue;
        }

      layer->field = g_strdup (style->kind == RA_STYLE_PROPORTIONAL && style->size_field != NULL
                               ? style->size_field : style->field);
      by_class = style->kind != RA_STYLE_PROPORTIONAL || (style->n_classes > 0 && style->field != NULL);
      if (style->kind == RA_STYLE_PROPORTIONAL)
        symbol = RA_LEGEND_SYMBOL_CIRCLE;

      if (by_class)
        {
          gboolean has_other = FALSE, has_no_data = FALSE, any_visible = FALSE;
          int index = data->attrs != NULL && style->field != NULL
                      ? ra_attr_table_field_index (data->attrs, style->field) : -1;

          /* A layer whose every feature falls in an invisible class draws
           * nothing (an overlay of unmet targets where no county has one,
           * issue 17): no entry. */
          for (guint f = 0; f < data->n_features && !any_visible; f++)
            if (data->geoms[f] != NULL && data->geoms[f]->n_points > 0)
              any_visible = class_is_visible (ra_style_class_for_value (
                style, index >= 0 && f < data->attrs->n_features
                       ? ra_attr_table_get (data->attrs, f, index) : NULL));
          if (!any_visible && style->kind != RA_STYLE_PROPORTIONAL)
            {
              g_ptr_array_remove_index (legend->layers, legend->layers->len - 1);
              continue;
            }

          for (guint c = 0; c < style->n_classes; c++)
            add_class_item (layer, symbol, style, &style->classes[c]);
          /* Other and no data only when something is drawn that way, using
           * the renderer's own lookup. */
          for (guint f = 0; f < data->n_features && !(has_other && has_no_data); f++)
            {
              const char *text;
              const RaStyleClass *cls;

              if (data->geoms[f] == NULL || data->geoms[f]->n_points == 0)
                continue;
              text = index >= 0 && f < data->attrs->n_features
                     ? ra_attr_table_get (data->attrs, f, index) : NULL;
              cls = ra_style_class_for_value (style, text);
              has_other |= cls == &style->other;
              has_no_data |= cls == &style->no_data;
            }
          /* A row for what is drawn invisibly (an overlay's "no verdict")
           * would explain nothing. */
          if (has_other && class_is_visible (&style->other))
            add_class_item (layer, symbol, style, &style->other);
          if (has_no_data && style->kind != RA_STYLE_PROPORTIONAL &&
              class_is_visible (&style->no_data))
            add_class_item (layer, symbol, style, &style->no_data);
        }

      /* Pie wedges: the fields some feature has a share of. */
      if (style->kind == RA_STYLE_PROPORTIONAL && data->attrs != NULL)
        for (guint p = 0; p < style->n_pie_fields; p++)
          {
            const RaStylePieField *pie = &style->pie_fields[p];
            int index = ra_attr_table_field_index (data->attrs, pie->field);
            gboolean used = FALSE;
            RaLegendItem *item;

            for (guint f = 0; index >= 0 && f < data->n_features && !used; f++)
              {
                double v;

                used = data->geoms[f] != NULL && data->geoms[f]->n_points > 0 &&
                       f < data->attrs->n_features &&
                       ra_style_parse_number (ra_attr_table_get (data->attrs, f, index), &v) &&
                       v > 0.0;
              }
            if (!used)
              continue;
            item = add_item (layer, RA_LEGEND_SYMBOL_CIRCLE, style,
                             g_strdup (pie->label != NULL ? pie->label : pie->field));
            item->size_px = 12.0;
            item->fill = pie->fill;
            item->stroke = (RaColor) { 1, 1, 1, 1 };
            item->stroke_width_px = 1.0;
          }

      if (style->kind == RA_STYLE_PROPORTIONAL)
        {
          double max = ra_style_size_max_in_table (style, data->attrs);
          double samples[3] = { nice_floor (max), nice_floor (max / 4.0), nice_floor (max / 16.0) };
          double last = G_MAXDOUBLE;

          for (guint k = 0; k < G_N_ELEMENTS (samples); k++)
            {
              RaLegendItem *item;

              if (!(samples[k] > 0.0) || samples[k] >= last)
                continue;
              last = samples[k];
              item = add_item (layer, RA_LEGEND_SYMBOL_CIRCLE, style, format_sample (samples[k]));
              item->value = samples[k];
              item->size_px = ra_style_symbol_size_px (style, max, samples[k]);
              if (by_class)
                {
                  /* Sizes only: hollow, the colours are the classes above. */
                  item->fill = (RaColor) { 0, 0, 0, 0 };
                  item->stroke = (RaColor) { 0.25, 0.25, 0.25, 1.0 };
                }
              else
                {
                  item->fill = style->size_fill;
                  item->stroke = style->size_stroke;
                }
            }
        }

      /* Line widths by value: up to three round values, at the renderer's
       * widths, in the colour of the lines when they have one. */
      if (symbol == RA_LEGEND_SYMBOL_LINE && style->width_field != NULL)
        {
          double max = ra_style_width_max_in_table (style, data->attrs);
          double samples[3] = { nice_floor (max), nice_floor (max / 3.0), nice_floor (max / 10.0) };
          double last = G_MAXDOUBLE;

          for (guint k = 0; k < G_N_ELEMENTS (samples); k++)
            {
              RaLegendItem *item;

              if (!(samples[k] > 0.0) || samples[k] >= last)
                continue;
              last = samples[k];
              item = add_item (layer, RA_LEGEND_SYMBOL_LINE, style, format_sample (samples[k]));
              item->value = samples[k];
              item->line_width_px = ra_style_line_width_px (style, max, samples[k]);
              if (style->kind != RA_STYLE_SINGLE)
                item->stroke = (RaColor) { 0.35, 0.35, 0.35, 1.0 };
            }
        }
    }
  return legend;
}

/* ------------------------------------------------------------------ */
/* Drawing                                                            */

#define SWATCH_W 22.0
#define SWATCH_H 13.0
#define GAP_PX 6.0
#define ROW_SPACING 3.0
#define LAYER_SPACING 8.0

static const RaColor text_color = { 0.1, 0.1, 0.1, 1.0 };

static void
draw_swatch (cairo_t *cr, const RaLegendItem *item, double x, double y, double w, double h)
{
  double cx = x + w / 2.0, cy = y + h / 2.0;
  double sw = CLAMP (item->stroke_width_px, 0.0, 3.0);

  cairo_save (cr);
  cairo_new_path (cr);
  switch (item->symbol)
    {
    case RA_LEGEND_SYMBOL_LINE:
      {
        /* Thematic lines take the class's fill colour, like the renderer. */
        const RaColor *color = item->pattern != RA_PATTERN_NONE || item->stroke.a <= 0.0
                               ? &item->fill : &item->stroke;

        cairo_move_to (cr, x + 1, cy);
        cairo_line_to (cr, x + w - 1, cy);
        cairo_set_line_width (cr, item->line_width_px > 0.0 ? item->line_width_px : MAX (sw, 1.0));
        cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
        ra_line_pattern_set_dash (cr, item->pattern);
        ra_cairo_set_color (cr, color);
        cairo_stroke (cr);
      }
      break;
    case RA_LEGEND_SYMBOL_MARKER:
    case RA_LEGEND_SYMBOL_CIRCLE:
      ra_marker_path (cr, item->symbol == RA_LEGEND_SYMBOL_MARKER ? item->marker : RA_MARKER_CIRCLE,
                      cx, cy, MAX (item->size_px, 1.0) / 2.0);
      cairo_set_line_width (cr, MAX (sw, 0.75));
      ra_paint_path (cr, &item->fill, item->pattern, &item->pattern_color,
                     sw > 0.0 ? &item->stroke : NULL);
      break;
    case RA_LEGEND_SYMBOL_POLYGON:
    default:
      cairo_rectangle (cr, x + 0.5, y + 0.5, w - 1.0, h - 1.0);
      cairo_set_line_width (cr, MAX (sw, 0.75));
      ra_paint_path (cr, &item->fill, item->pattern, &item->pattern_color, &item->stroke);
      break;
    }
  cairo_restore (cr);
}

/* Lays out (and, with cr, draws) the legend; returns its size. */
static void
legend_walk (const RaLegend *legend, cairo_t *cr, double x, double y,
             double max_width, const char *font, double *width, double *height)
{
  /* Pango 1.50 has no autoptr for its types. */
  PangoContext *ctx = ra_text_context_new (cr);
  PangoLayout *layout = pango_layout_new (ctx);
  PangoFontDescription *desc = pango_font_description_from_string (font != NULL ? font : RA_LEGEND_FONT);
  PangoFontDescription *bold = pango_font_description_copy (desc);
  double top = y, used_w = 0.0;

  pango_font_description_set_weight (bold, PANGO_WEIGHT_BOLD);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (!(max_width > 0.0))
    max_width = G_MAXINT / PANGO_SCALE;

  for (guint l = 0; l < legend->layers->len; l++)
    {
      const RaLegendLayer *layer = g_ptr_array_index (legend->layers, l);
      double col_w = SWATCH_W;
      double text_w;

      if (l > 0)
        y += LAYER_SPACING;
      for (guint i = 0; i < layer->items->len; i++)
        {
          const RaLegendItem *item = g_ptr_array_index (layer->items, i);
          if (item->symbol == RA_LEGEND_SYMBOL_CIRCLE || item->symbol == RA_LEGEND_SYMBOL_MARKER)
            col_w = MAX (col_w, item->size_px + 2.0);
        }
      text_w = MAX (max_width - col_w - GAP_PX, 20.0);

      /* Title (a single-symbol layer is just its swatch and name). */
      if (layer->kind != RA_STYLE_SINGLE)
        {
          int tw, th;

          pango_layout_set_font_description (layout, bold);
          pango_layout_set_width (layout, (int) (MIN (max_width, G_MAXINT / PANGO_SCALE) * PANGO_SCALE));
          pango_layout_set_text (layout, layer->title, -1);
          pango_layout_get_pixel_size (layout, &tw, &th);
          if (cr != NULL)
            ra_text_show (cr, layout, x, y, &text_color);
          used_w = MAX (used_w, tw);
          y += th + ROW_SPACING;
        }

      pango_layout_set_font_description (layout, desc);
      pango_layout_set_width (layout, (int) (text_w * PANGO_SCALE));
      for (guint i = 0; i < layer->items->len; i++)
        {
          const RaLegendItem *item = g_ptr_array_index (layer->items, i);
          double sh = SWATCH_H, row_h;
          int tw, th;

          if (item->symbol == RA_LEGEND_SYMBOL_CIRCLE || item->symbol == RA_LEGEND_SYMBOL_MARKER)
            sh = MAX (sh, item->size_px + 2.0);
          if (item->symbol == RA_LEGEND_SYMBOL_LINE && item->line_width_px > 0.0)
            sh = MAX (sh, item->line_width_px + 2.0);
          pango_layout_set_text (layout, item->label != NULL ? item->label : "", -1);
          pango_layout_get_pixel_size (layout, &tw, &th);
          row_h = MAX (sh, th);
          if (cr != NULL)
            {
              draw_swatch (cr, item, x, y + (row_h - sh) / 2.0, col_w, sh);
              ra_text_show (cr, layout, x + col_w + GAP_PX, y + (row_h - th) / 2.0,
                            &text_color);
            }
          used_w = MAX (used_w, col_w + GAP_PX + tw);
          y += row_h + ROW_SPACING;
        }
    }
  if (legend->layers->len > 0)
    y -= ROW_SPACING;

  pango_font_description_free (desc);
  pango_font_description_free (bold);
  g_object_unref (layout);
  g_object_unref (ctx);
  if (width)
    *width = MIN (used_w, max_width);
  if (height)
    *height = y - top;
}

/**
 * ra_legend_measure:
 * @font: (nullable): a Pango font description
 * @max_width: the width available (<= 0: unlimited)
 * @width: (out) (optional):
 * @height: (out) (optional):
 */
void
ra_legend_measure (const RaLegend *legend, const char *font, double max_width,
                   double *width, double *height)
{
  g_return_if_fail (legend != NULL);

  legend_walk (legend, NULL, 0, 0, max_width, font, width, height);
}

/**
 * ra_legend_draw:
 * @font: (nullable): a Pango font description
 *
 * Returns: the height drawn
 */
double
ra_legend_draw (const RaLegend *legend, cairo_t *cr, double x, double y,
                double max_width, const char *font)
{
  double height = 0.0;

  g_return_val_if_fail (legend != NULL, 0.0);
  g_return_val_if_fail (cr != NULL, 0.0);

  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_GRAY);
  legend_walk (legend, cr, x, y, max_width, font, NULL, &height);
  cairo_restore (cr);
  return height;
}
