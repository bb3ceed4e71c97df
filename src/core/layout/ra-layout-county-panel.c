/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An atlas page's county section (issue 17): the heading, the key figures
 * in one wrapped line, and the table of projects in service with the
 * target and the gap; measured and drawn with Pango. */
#include "config.h"

#include <math.h>

#include "ra-layout-private.h"
#include "ra-text.h"

#define FONT_PANEL_TITLE RA_LAYOUT_FONT_FAMILY " Bold 10"
#define FONT_PANEL_TEXT  RA_LAYOUT_FONT_FAMILY " 8"
#define FONT_PANEL_BOLD  RA_LAYOUT_FONT_FAMILY " Bold 8"
#define CELL_GAP_PX 10.0
#define ROW_GAP_PX 2.0

static const RaColor ink = { 0.1, 0.1, 0.1, 1.0 };

/**
 * ra_layout_county_panel_new:
 *
 * Returns: (transfer full) an empty panel for county
 */
RaLayoutCountyPanel *
ra_layout_county_panel_new (const char *county, guint n_columns)
{
  RaLayoutCountyPanel *panel = g_new0 (RaLayoutCountyPanel, 1);

  panel->county = g_strdup (county);
  panel->figures = g_ptr_array_new_with_free_func (g_free);
  panel->n_columns = MAX (n_columns, 1);
  panel->cells = g_ptr_array_new_with_free_func (g_free);
  return panel;
}

RaLayoutCountyPanel *
ra_layout_county_panel_copy (const RaLayoutCountyPanel *panel)
{
  RaLayoutCountyPanel *copy;

  g_return_val_if_fail (panel != NULL, NULL);

  copy = ra_layout_county_panel_new (panel->county, panel->n_columns);
  copy->title = g_strdup (panel->title);
  copy->n_total_rows = panel->n_total_rows;
  for (guint i = 0; i < panel->figures->len; i++)
    g_ptr_array_add (copy->figures, g_strdup (g_ptr_array_index (panel->figures, i)));
  for (guint i = 0; i < panel->cells->len; i++)
    g_ptr_array_add (copy->cells, g_strdup (g_ptr_array_index (panel->cells, i)));
  return copy;
}

void
ra_layout_county_panel_free (RaLayoutCountyPanel *panel)
{
  if (panel == NULL)
    return;
  g_free (panel->county);
  g_free (panel->title);
  g_ptr_array_unref (panel->figures);
  g_ptr_array_unref (panel->cells);
  g_free (panel);
}

static const char *
cell (const RaLayoutCountyPanel *panel, guint row, guint col)
{
  guint i = row * panel->n_columns + col;

  return i < panel->cells->len && g_ptr_array_index (panel->cells, i) != NULL
         ? g_ptr_array_index (panel->cells, i) : "";
}

/* Lays out (and with draw, draws) the panel at (x, y), w wide; returns
 * the height. */
static double
panel_walk (const RaLayoutCountyPanel *panel, cairo_t *cr, double x, double y, double w,
            gboolean draw)
{
  g_autoptr(PangoLayout) layout = ra_text_layout_new (cr, FONT_PANEL_TEXT);
  PangoFontDescription *text_font = pango_font_description_from_string (FONT_PANEL_TEXT);
  PangoFontDescription *bold_font = pango_font_description_from_string (FONT_PANEL_BOLD);
  PangoFontDescription *title_font = pango_font_description_from_string (FONT_PANEL_TITLE);
  guint n_cols = panel->n_columns, n_rows = panel->cells->len / n_cols;
  g_autofree double *col_w = g_new0 (double, n_cols);
  double top = y, total_w, line_x;
  guint wrap_col = n_cols > 2 ? 1 : 0;
  int tw, th;

  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width (layout, (int) (w * PANGO_SCALE));

  if (panel->title != NULL)
    {
      pango_layout_set_font_description (layout, title_font);
      pango_layout_set_text (layout, panel->title, -1);
      pango_layout_get_pixel_size (layout, &tw, &th);
      if (draw)
        ra_text_show (cr, layout, x, y, &ink);
      y += th + ROW_GAP_PX;
    }
  if (panel->figures->len > 0)
    {
      /* Borrowed strings: no free function. */
      g_autoptr(GPtrArray) parts = g_ptr_array_new ();
      g_autofree char *line = NULL;

      for (guint i = 0; i < panel->figures->len; i++)
        g_ptr_array_add (parts, g_ptr_array_index (panel->figures, i));
      g_ptr_array_add (parts, NULL);
      line = g_strjoinv ("   ·   ", (char **) parts->pdata);
      pango_layout_set_font_description (layout, text_font);
      pango_layout_set_text (layout, line, -1);
      pango_layout_get_pixel_size (layout, &tw, &th);
      if (draw)
        ra_text_show (cr, layout, x, y, &ink);
      y += th + 2 * ROW_GAP_PX;
    }

  /* The table: natural column widths; when too wide, the project names
   * wrap. */
  pango_layout_set_width (layout, -1);
  for (guint r = 0; r < n_rows; r++)
    for (guint c = 0; c < n_cols; c++)
      {
        pango_layout_set_font_description (layout, r == 0 || r >= n_rows - panel->n_total_rows
                                                   ? bold_font : text_font);
        pango_layout_set_text (layout, cell (panel, r, c), -1);
        pango_layout_get_pixel_size (layout, &tw, &th);
        col_w[c] = MAX (col_w[c], tw);
      }
  total_w = (n_cols - 1) * CELL_GAP_PX;
  for (guint c = 0; c < n_cols; c++)
    total_w += col_w[c];
  if (total_w > w)
    col_w[wrap_col] = MAX (col_w[wrap_col] - (total_w - w), 30.0);

  for (guint r = 0; r < n_rows; r++)
    {
      double row_h = 0.0, cx = x;
      gboolean bold = r == 0 || r >= n_rows - panel->n_total_rows;

      pango_layout_set_font_description (layout, bold ? bold_font : text_font);
      for (guint c = 0; c < n_cols; c++)
        {
          pango_layout_set_width (layout, (int) (col_w[c] * PANGO_SCALE));
          pango_layout_set_alignment (layout, c >= 2 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
          pango_layout_set_text (layout, cell (panel, r, c), -1);
          pango_layout_get_pixel_size (layout, &tw, &th);
          if (draw)
            ra_text_show (cr, layout, cx, y, &ink);
          row_h = MAX (row_h, th);
          cx += col_w[c] + CELL_GAP_PX;
        }
      /* Rules under the header and above the totals. */
      if (draw && (r == 0 || (panel->n_total_rows > 0 && r == n_rows - panel->n_total_rows - 1)))
        {
          line_x = MIN (cx - CELL_GAP_PX, x + w);
          cairo_save (cr);
          cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
          cairo_set_line_width (cr, 0.6);
          cairo_move_to (cr, x, y + row_h + ROW_GAP_PX / 2.0);
          cairo_line_to (cr, line_x, y + row_h + ROW_GAP_PX / 2.0);
          cairo_stroke (cr);
          cairo_restore (cr);
        }
      y += row_h + ROW_GAP_PX;
    }
  pango_font_description_free (text_font);
  pango_font_description_free (bold_font);
  pango_font_description_free (title_font);
  return y - top;
}

double
ra_layout_county_panel_measure (const RaLayoutCountyPanel *panel, cairo_t *cr, double w)
{
  g_return_val_if_fail (panel != NULL, 0.0);
  return panel_walk (panel, cr, 0, 0, w, FALSE);
}

void
ra_layout_county_panel_draw (const RaLayoutCountyPanel *panel, cairo_t *cr, double x, double y,
                             double w)
{
  g_return_if_fail (panel != NULL);
  cairo_save (cr);
  panel_walk (panel, cr, x, y, w, TRUE);
  cairo_restore (cr);
}
