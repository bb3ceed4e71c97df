/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The charts' shared parts: text, axis steps and the PNG/PDF/SVG writer
 * (see ra-chart-private.h). */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "ra-chart-private.h"
#include "ra-error.h"
#include "ra-paths.h"
#include "ra-text.h"

PangoLayout *
ra_chart_text_layout (cairo_t *cr, double size_px, gboolean bold, const char *text)
{
  PangoLayout *layout = ra_text_layout_new (cr, NULL);
  PangoFontDescription *desc = pango_font_description_new ();

  pango_font_description_set_family (desc, RA_TEXT_FONT_FAMILY);
  pango_font_description_set_absolute_size (desc, size_px * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

void
ra_chart_text_size (PangoLayout *layout, double *w, double *h)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  *w = (double) logical.width / PANGO_SCALE;
  *h = (double) logical.height / PANGO_SCALE;
}

double
ra_chart_nice_step (double span, int n_ticks)
{
  double raw = span / MAX (n_ticks, 1);
  double mag;
  static const double steps[] = { 1.0, 2.0, 2.5, 5.0, 10.0 };

  if (!(raw > 0.0) || !isfinite (raw))
    return 1.0;
  mag = pow (10.0, floor (log10 (raw)));
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] * mag >= raw)
      return steps[i] * mag;
  return 10.0 * mag;
}

static gboolean
write_failed (const char *path, const char *why, GError **error)
{
  g_autofree char *name = ra_path_display_name (path);

  g_set_error (error, RA_ERROR, RA_ERROR_WRITE, _("%s: cannot write the file (%s)"), name, why);
  return FALSE;
}

static cairo_status_t
append_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* cairo's SVG holds glyph outlines only: the texts go into <title> and
 * <desc> after the opening <svg> tag, for screen readers and search. */
static char *
svg_with_texts (GByteArray *svg, const char * const *texts)
{
  g_autofree char *doc = g_strndup ((const char *) svg->data, svg->len);
  g_autoptr(GString) out = g_string_new (NULL);
  const char *open = strstr (doc, "<svg");
  const char *end = open != NULL ? strchr (open, '>') : NULL;
  g_autofree char *title = NULL;
  g_autofree char *desc = NULL;
  g_autofree char *joined = NULL;

  if (end == NULL || texts == NULL || texts[0] == NULL)
    return g_steal_pointer (&doc);
  title = g_markup_escape_text (texts[0], -1);
  joined = g_strjoinv ("\n", (char **) texts + 1);
  desc = g_markup_escape_text (joined, -1);
  g_string_append_len (out, doc, end + 1 - doc);
  g_string_append_printf (out, "\n<title>%s</title>\n<desc>%s</desc>", title, desc);
  g_string_append (out, end + 1);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
ra_chart_write (const char *path, int width, int height, const char * const *texts,
                RaChartDrawFunc draw, gconstpointer data, GError **error)
{
  g_autoptr(GByteArray) svg = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  cairo_rectangle_t rect = { 0, 0, width, height };
  const char *dot;
  enum { PNG, PDF, SVG } format;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (draw != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  dot = strrchr (path, '.');
  if (dot != NULL && g_ascii_strcasecmp (dot, ".png") == 0)
    format = PNG;
  else if (dot != NULL && g_ascii_strcasecmp (dot, ".pdf") == 0)
    format = PDF;
  else if (dot != NULL && g_ascii_strcasecmp (dot, ".svg") == 0)
    format = SVG;
  else
    {
      g_autofree char *name = ra_path_display_name (path);

      g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                   _("%s: unknown output format (use .png, .pdf or .svg)"), name);
      return FALSE;
    }
  if (width < 16 || height < 16 || width > 16000 || height > 16000)
    {
      g_autofree char *name = ra_path_display_name (path);

      g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                   _("%s: the chart size %d×%d is out of range"), name, width, height);
      return FALSE;
    }

  switch (format)
    {
    case PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
      break;
    case PDF:
      surface = cairo_pdf_surface_create (path, width, height);
      if (cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS)
        {
          /* Reproducible output: a fixed date, no clock. */
          cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE,
                                          "2024-01-01T00:00:00Z");
          cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Reclaim Atlas");
          if (texts != NULL && texts[0] != NULL)
            cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, texts[0]);
        }
      break;
    case SVG:
    default:
      svg = g_byte_array_new ();
      surface = cairo_svg_surface_create_for_stream (append_bytes, svg, width, height);
      break;
    }
  status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return write_failed (path, cairo_status_to_string (status), error);
    }
  cr = cairo_create (surface);
  draw (cr, &rect, data);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS)
    {
      if (format == PNG)
        status = cairo_surface_write_to_png (surface, path);
      else
        {
          cairo_surface_finish (surface);
          status = cairo_surface_status (surface);
        }
    }
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      if (format == PDF)
        g_unlink (path);
      return write_failed (path, cairo_status_to_string (status), error);
    }
  if (format == SVG)
    {
      g_autofree char *doc = svg_with_texts (svg, texts);
      g_autoptr(GError) local = NULL;

      if (!g_file_set_contents (path, doc, -1, &local))
        return write_failed (path, local->message, error);
    }
  return TRUE;
}
