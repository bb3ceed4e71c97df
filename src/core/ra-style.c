/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ra-geometry.h"
#include "ra-style.h"

G_DEFINE_BOXED_TYPE (RaStyle, ra_style, ra_style_copy, ra_style_free)

#define RA_DEFAULT_LABEL_FONT "Noto Sans CJK SC 10"

/* Muted, print-friendly fills that stay distinguishable for common forms of
 * colour-blindness (from ColorBrewer's Set2/Pastel schemes). */
static const char * const fill_palette[] = {
  "#f2e6c8", "#b3e2cd", "#fdcdac", "#cbd5e8", "#f4cae4", "#e6f5c9", "#fff2ae",
};
static const char * const line_palette[] = {
  "#1f5fbf", "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e",
};

RaStyle *
ra_style_new_default (int kind_hint, guint seed)
{
  RaStyle *style = g_new0 (RaStyle, 1);

  style->stroke_width_px = 1.0;
  style->marker = RA_MARKER_CIRCLE;
  style->marker_size_px = 7.0;
  style->label_font = g_strdup (RA_DEFAULT_LABEL_FONT);
  ra_color_parse (&style->label_color, "#202020");
  ra_color_parse (&style->label_halo, "#ffffffe6");
  style->label_halo_px = 2.5;

  switch ((RaGeomKind) kind_hint)
    {
    case RA_GEOM_POLYGON:
      ra_color_parse (&style->fill, fill_palette[seed % G_N_ELEMENTS (fill_palette)]);
      ra_color_parse (&style->stroke, "#505050");
      break;
    case RA_GEOM_LINE:
      ra_color_parse (&style->fill, "#00000000");
      ra_color_parse (&style->stroke, line_palette[seed % G_N_ELEMENTS (line_palette)]);
      style->stroke_width_px = 1.5;
      break;
    case RA_GEOM_POINT:
    case RA_GEOM_NONE:
    default:
      ra_color_parse (&style->fill, "#d03020");
      ra_color_parse (&style->stroke, "#ffffff");
      break;
    }
  return style;
}

RaStyle *
ra_style_copy (const RaStyle *style)
{
  RaStyle *copy;

  g_return_val_if_fail (style != NULL, NULL);

  copy = g_memdup2 (style, sizeof *style);
  copy->label_field = g_strdup (style->label_field);
  copy->label_font = g_strdup (style->label_font);
  return copy;
}

void
ra_style_free (RaStyle *style)
{
  if (style == NULL)
    return;
  g_free (style->label_field);
  g_free (style->label_font);
  g_free (style);
}

void
ra_style_set_label_field (RaStyle *style, const char *field)
{
  g_return_if_fail (style != NULL);

  if (field != NULL && *field == '\0')
    field = NULL;
  if (g_strcmp0 (style->label_field, field) == 0)
    return;
  g_free (style->label_field);
  style->label_field = g_strdup (field);
}

static int
hex_digit (char c)
{
  return g_ascii_xdigit_value (c);
}

gboolean
ra_color_parse (RaColor *color, const char *text)
{
  int v[4] = { 0, 0, 0, 255 };
  size_t len;

  g_return_val_if_fail (color != NULL, FALSE);

  if (text == NULL || text[0] != '#')
    return FALSE;
  text++;
  len = strlen (text);
  if (len != 6 && len != 8)
    return FALSE;
  for (size_t i = 0; i < len / 2; i++)
    {
      int hi = hex_digit (text[2 * i]), lo = hex_digit (text[2 * i + 1]);
      if (hi < 0 || lo < 0)
        return FALSE;
      v[i] = hi * 16 + lo;
    }
  color->r = v[0] / 255.0;
  color->g = v[1] / 255.0;
  color->b = v[2] / 255.0;
  color->a = v[3] / 255.0;
  return TRUE;
}

char *
ra_color_to_string (const RaColor *color)
{
  g_return_val_if_fail (color != NULL, NULL);

#define RA_BYTE(c) ((int) CLAMP ((c) * 255.0 + 0.5, 0, 255))
  return g_strdup_printf ("#%02x%02x%02x%02x", RA_BYTE (color->r), RA_BYTE (color->g),
                          RA_BYTE (color->b), RA_BYTE (color->a));
#undef RA_BYTE
}
