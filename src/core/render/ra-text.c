/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Pango set-up shared by the renderer's labels and scale bar, the
 * legend and print layouts: contexts with surface-independent metrics,
 * layouts in the CJK font, label fonts at a scale, halos and text shown as
 * text. */
#include "config.h"

#include "ra-render-symbols.h"
#include "ra-text.h"

/**
 * ra_text_context_new:
 * @cr: (nullable): the context the text will be drawn with
 *
 * Returns: (transfer full): a context with metric hinting off and
 *   unrounded glyph positions
 */
PangoContext *
ra_text_context_new (cairo_t *cr)
{
  PangoFontMap *font_map = pango_cairo_font_map_get_default ();
  PangoContext *ctx = pango_font_map_create_context (font_map);
  cairo_font_options_t *fo = cairo_font_options_create ();

  cairo_font_options_set_hint_metrics (fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (fo, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (ctx, fo);
  cairo_font_options_destroy (fo);
  pango_context_set_round_glyph_positions (ctx, FALSE);
  if (cr != NULL)
    pango_cairo_update_context (cr, ctx);
  return ctx;
}

static void
layout_set_font (PangoLayout *layout, const char *font)
{
  PangoFontDescription *desc;

  if (font == NULL)
    return;
  desc = pango_font_description_from_string (font);
  if (pango_font_description_get_family (desc) == NULL)
    pango_font_description_set_family (desc, RA_TEXT_FONT_FAMILY);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
}

/**
 * ra_text_layout_new:
 * @cr: (nullable): the context the text will be drawn with
 * @font: (nullable): a Pango font description
 *
 * Returns: (transfer full): a layout in a ra_text_context_new() context
 */
PangoLayout *
ra_text_layout_new (cairo_t *cr, const char *font)
{
  PangoContext *ctx = ra_text_context_new (cr);
  PangoLayout *layout = pango_layout_new (ctx);

  layout_set_font (layout, font);
  g_object_unref (ctx);
  return layout;
}

/**
 * ra_text_surface_layout_new:
 * @font: (nullable): a Pango font description
 *
 * Returns: (transfer full): a layout with cr's surface's font options
 */
PangoLayout *
ra_text_surface_layout_new (cairo_t *cr, const char *font)
{
  PangoLayout *layout;

  g_return_val_if_fail (cr != NULL, NULL);

  layout = pango_cairo_create_layout (cr);
  layout_set_font (layout, font);
  return layout;
}

/**
 * ra_text_font_new_scaled:
 * @font: a Pango font description
 *
 * Returns: (transfer full): free with pango_font_description_free()
 */
PangoFontDescription *
ra_text_font_new_scaled (const char *font, double scale)
{
  PangoFontDescription *desc = pango_font_description_from_string (font);
  int size = pango_font_description_get_size (desc);

  if (size <= 0)
    size = 10 * PANGO_SCALE;
  if (!(scale > 0.0))
    scale = 1.0;
  if (pango_font_description_get_size_is_absolute (desc))
    pango_font_description_set_absolute_size (desc, size * scale);
  else
    pango_font_description_set_size (desc, (int) (size * scale + 0.5));
  return desc;
}

void
ra_text_stroke_halo (cairo_t *cr, PangoLayout *layout, double x, double y,
                     const RaColor *color, double width)
{
  g_return_if_fail (cr != NULL);
  g_return_if_fail (PANGO_IS_LAYOUT (layout));
  g_return_if_fail (color != NULL);

  cairo_new_path (cr);
  cairo_move_to (cr, x, y);
  pango_cairo_layout_path (cr, layout);
  ra_cairo_set_color (cr, color);
  cairo_set_line_width (cr, width);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
}

void
ra_text_show (cairo_t *cr, PangoLayout *layout, double x, double y, const RaColor *color)
{
  g_return_if_fail (cr != NULL);
  g_return_if_fail (PANGO_IS_LAYOUT (layout));
  g_return_if_fail (color != NULL);

  cairo_move_to (cr, x, y);
  ra_cairo_set_color (cr, color);
  pango_cairo_show_layout (cr, layout);
}
