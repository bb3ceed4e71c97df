/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ra-text: the one Pango set-up of labels, legends and layouts. */
#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "ra-core.h"
#include "ra-text.h"

#define SAMPLE_TEXT "张掖市再生水 Zhangye 2030"

static void
logical_extents (cairo_surface_t *surface, double scale, PangoRectangle *logical)
{
  cairo_t *cr = cairo_create (surface);
  PangoLayout *layout;

  cairo_scale (cr, scale, scale);
  layout = ra_text_layout_new (cr, RA_TEXT_FONT_FAMILY " 9");
  pango_layout_set_text (layout, SAMPLE_TEXT, -1);
  pango_layout_get_extents (layout, NULL, logical);
  g_object_unref (layout);
  cairo_destroy (cr);
}

/* A text measures the same on an image at any scale, in PDF and in SVG,
 * so labels collide and legends wrap identically everywhere. */
static void
test_text_metrics (void)
{
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 64, 64);
  cairo_surface_t *pdf = cairo_pdf_surface_create (NULL, 100, 100);
  cairo_surface_t *svg = cairo_svg_surface_create (NULL, 100, 100);
  PangoRectangle a, b, c, d;
  PangoContext *ctx;

  logical_extents (image, 1.0, &a);
  logical_extents (image, 300.0 / 96.0, &b);
  logical_extents (pdf, 72.0 / 96.0, &c);
  logical_extents (svg, 1.0, &d);
  g_assert_cmpint (a.width, >, 0);
  g_assert_cmpint (a.width, ==, b.width);
  g_assert_cmpint (a.width, ==, c.width);
  g_assert_cmpint (a.width, ==, d.width);
  g_assert_cmpint (a.height, ==, b.height);
  g_assert_cmpint (a.height, ==, c.height);
  g_assert_cmpint (a.height, ==, d.height);

  /* Without a cairo context: for measuring only. */
  ctx = ra_text_context_new (NULL);
  g_assert_false (pango_context_get_round_glyph_positions (ctx));
  g_object_unref (ctx);

  cairo_surface_destroy (image);
  cairo_surface_destroy (pdf);
  cairo_surface_destroy (svg);
}

static void
test_text_family (void)
{
  PangoLayout *layout = ra_text_layout_new (NULL, "Bold 12");
  const PangoFontDescription *desc = pango_layout_get_font_description (layout);

  /* A font without a family gets the CJK one; a named family is kept. */
  g_assert_cmpstr (pango_font_description_get_family (desc), ==, RA_TEXT_FONT_FAMILY);
  g_assert_cmpint (pango_font_description_get_weight (desc), ==, PANGO_WEIGHT_BOLD);
  g_object_unref (layout);

  layout = ra_text_layout_new (NULL, "Serif 12");
  desc = pango_layout_get_font_description (layout);
  g_assert_cmpstr (pango_font_description_get_family (desc), ==, "Serif");
  g_object_unref (layout);

  layout = ra_text_layout_new (NULL, NULL);
  g_assert_null (pango_layout_get_font_description (layout));
  g_object_unref (layout);
}

static void
test_text_font_scaled (void)
{
  PangoFontDescription *desc;

  desc = ra_text_font_new_scaled (RA_TEXT_FONT_FAMILY " 10", 1.5);
  g_assert_cmpint (pango_font_description_get_size (desc), ==, 15 * PANGO_SCALE);
  g_assert_false (pango_font_description_get_size_is_absolute (desc));
  pango_font_description_free (desc);

  /* No size: 10 pt; no scale: as given. */
  desc = ra_text_font_new_scaled (RA_TEXT_FONT_FAMILY, 2.0);
  g_assert_cmpint (pango_font_description_get_size (desc), ==, 20 * PANGO_SCALE);
  pango_font_description_free (desc);
  desc = ra_text_font_new_scaled (RA_TEXT_FONT_FAMILY " 9", 0.0);
  g_assert_cmpint (pango_font_description_get_size (desc), ==, 9 * PANGO_SCALE);
  pango_font_description_free (desc);

  desc = ra_text_font_new_scaled ("Sans 12px", 2.0);
  g_assert_true (pango_font_description_get_size_is_absolute (desc));
  g_assert_cmpint (pango_font_description_get_size (desc), ==, 24 * PANGO_SCALE);
  pango_font_description_free (desc);
}

/* The halo is drawn around the text and leaves no path behind; the text
 * is drawn in its colour on top. */
static void
test_text_halo (void)
{
  static const RaColor white = { 1, 1, 1, 1 }, black = { 0, 0, 0, 1 };
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 120, 40);
  cairo_t *cr = cairo_create (image);
  PangoLayout *layout = ra_text_layout_new (cr, RA_TEXT_FONT_FAMILY " 14");
  const guint32 *px;
  int stride;
  guint n_white = 0, n_black = 0;

  cairo_set_source_rgb (cr, 0.5, 0.5, 0.5);
  cairo_paint (cr);
  pango_layout_set_text (layout, "张掖", -1);
  ra_text_stroke_halo (cr, layout, 10, 5, &white, 4.0);
  g_assert_false (cairo_has_current_point (cr));
  ra_text_show (cr, layout, 10, 5, &black);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (image);

  px = (const guint32 *) (gconstpointer) cairo_image_surface_get_data (image);
  stride = cairo_image_surface_get_stride (image) / 4;
  for (int y = 0; y < 40; y++)
    for (int x = 0; x < 120; x++)
      {
        guint32 p = px[y * stride + x] & 0xffffff;

        n_white += p == 0xffffff;
        n_black += p == 0x000000;
      }
  g_assert_cmpuint (n_white, >, 20);
  g_assert_cmpuint (n_black, >, 20);

  g_object_unref (layout);
  cairo_destroy (cr);
  cairo_surface_destroy (image);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();

  g_test_add_func ("/render/text/metrics-same-on-every-surface", test_text_metrics);
  g_test_add_func ("/render/text/cjk-family-by-default", test_text_family);
  g_test_add_func ("/render/text/font-scaled", test_text_font_scaled);
  g_test_add_func ("/render/text/halo-then-text", test_text_halo);
  return g_test_run ();
}
