/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <pango/pangocairo.h>

#include "ra-sketch-private.h"

/* The sketch's overlay over the map, in widget pixels: the hovered
 * feature, the edited one with its handles, the feature being drawn with a
 * rubber band to the cursor, the snap marker and the live measurement. */

/* Overlay ------------------------------------------------------------------- */

static void
path_vertices (cairo_t *cr, const RaView *view, const SkVertex *v, guint n, gboolean close,
               double dx, double dy)
{
  for (guint i = 0; i < n; i++)
    {
      double px, py;

      ra_view_to_device (view, v[i].x + dx, v[i].y + dy, &px, &py);
      if (i == 0)
        cairo_move_to (cr, px, py);
      else
        cairo_line_to (cr, px, py);
    }
  if (close && n > 2)
    cairo_close_path (cr);
}

static void
stroke_cased (cairo_t *cr, double r, double g, double b, double width)
{
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
  cairo_set_line_width (cr, width + 3);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, r, g, b);
  cairo_set_line_width (cr, width);
  cairo_stroke (cr);
}

static void
draw_dot (cairo_t *cr, double px, double py, double radius)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, px, py, radius, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 0.11, 0.42, 0.85);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
}

static void
draw_geometry_outline (cairo_t *cr, const RaView *view, const RaGeometry *g,
                       double r, double gr, double b)
{
  for (guint p = 0; p < g->n_parts; p++)
    for (guint i = g->parts[p]; i < g->parts[p + 1]; i++)
      {
        double px, py;

        ra_view_to_device (view, g->xy[2 * i], g->xy[2 * i + 1], &px, &py);
        if (g->kind == RA_GEOM_POINT)
          {
            cairo_new_sub_path (cr);
            cairo_arc (cr, px, py, 8, 0, 2 * G_PI);
          }
        else if (i == g->parts[p])
          cairo_move_to (cr, px, py);
        else
          cairo_line_to (cr, px, py);
        if (g->kind == RA_GEOM_POLYGON && i + 1 == g->parts[p + 1])
          cairo_close_path (cr);
      }
  stroke_cased (cr, r, gr, b, 2.5);
}

static void
draw_label (cairo_t *cr, double px, double py, const char *text, int width, int height)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans Bold 10");
  int tw, th;
  double x, y;

  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &tw, &th);
  /* Right of and below the cursor, flipped at the widget's edges. */
  x = px + 16;
  y = py + 16;
  if (x + tw + 12 > width)
    x = px - 16 - tw - 12;
  if (y + th + 8 > height)
    y = py - 16 - th - 8;
  cairo_new_path (cr);
  cairo_move_to (cr, x + 4, y);
  cairo_arc (cr, x + tw + 12 - 4, y + 4, 4, -G_PI / 2, 0);
  cairo_arc (cr, x + tw + 12 - 4, y + th + 8 - 4, 4, 0, G_PI / 2);
  cairo_arc (cr, x + 4, y + th + 8 - 4, 4, G_PI / 2, G_PI);
  cairo_arc (cr, x + 4, y + 4, 4, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, 0.1, 0.1, 0.12, 0.82);
  cairo_fill (cr);
  cairo_move_to (cr, x + 6, y + 4);
  cairo_set_source_rgb (cr, 1, 1, 1);
  pango_cairo_show_layout (cr, layout);
  pango_font_description_free (font);
  g_object_unref (layout);
}

void
_ra_sketch_tool_draw (gpointer tool, cairo_t *cr, const RaView *view)
{
  RaSketch *self = tool;
  double cx = self->cur_px, cy = self->cur_py;

  if (self->snap != RA_SKETCH_SNAP_NONE)
    ra_view_to_device (view, self->snap_x, self->snap_y, &cx, &cy);

  /* The hovered feature: what a click would pick. */
  if (self->hover_geom != NULL &&
      !(g_strcmp0 (self->hover_table, self->edit_table) == 0 && self->hover_id == self->edit_id))
    {
      if (self->tool == RA_SKETCH_TOOL_DELETE)
        draw_geometry_outline (cr, view, self->hover_geom, 0.85, 0.1, 0.1);
      else
        draw_geometry_outline (cr, view, self->hover_geom, 0.95, 0.55, 0.1);
    }

  /* The edited (or moved) feature with its handles. */
  if (self->edit_verts != NULL)
    {
      const SkVertex *v = (const SkVertex *) self->edit_verts->data;
      double dx = self->drag == DRAG_MOVE ? self->drag_dx : 0;
      double dy = self->drag == DRAG_MOVE ? self->drag_dy : 0;
      gboolean closed = self->edit_kind == RA_GEOM_POLYGON;

      for (guint p = 0; p < _ra_sketch_edit_n_parts (self); p++)
        {
          guint start = g_array_index (self->edit_parts, guint, p);
          guint end = g_array_index (self->edit_parts, guint, p + 1);

          if (self->edit_kind != RA_GEOM_POINT)
            {
              path_vertices (cr, view, v + start, end - start, closed, dx, dy);
              if (closed)
                {
                  cairo_set_source_rgba (cr, 0.11, 0.42, 0.85, 0.12);
                  cairo_fill_preserve (cr);
                }
              stroke_cased (cr, 0.11, 0.42, 0.85, 2.5);
            }
          if (self->tool != RA_SKETCH_TOOL_VERTICES)
            continue;
          /* Midpoint handles insert a vertex when dragged. */
          for (guint i = start; i < end && self->edit_kind != RA_GEOM_POINT; i++)
            {
              guint j = i + 1 < end ? i + 1 : start;
              double px, py;

              if (j == start && !closed)
                break;
              ra_view_to_device (view, (v[i].x + v[j].x) / 2, (v[i].y + v[j].y) / 2, &px, &py);
              cairo_new_path (cr);
              cairo_arc (cr, px, py, 3.5, 0, 2 * G_PI);
              cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
              cairo_fill_preserve (cr);
              cairo_set_source_rgba (cr, 0.11, 0.42, 0.85, 0.8);
              cairo_set_line_width (cr, 1.2);
              cairo_stroke (cr);
            }
        }
      for (guint i = 0; i < self->edit_verts->len; i++)
        {
          double px, py;

          ra_view_to_device (view, v[i].x + dx, v[i].y + dy, &px, &py);
          cairo_rectangle (cr, px - 4.5, py - 4.5, 9, 9);
          if ((int) i == self->active_vertex)
            cairo_set_source_rgb (cr, 0.95, 0.55, 0.1);
          else
            cairo_set_source_rgb (cr, 1, 1, 1);
          cairo_fill_preserve (cr);
          cairo_set_source_rgb (cr, 0.1, 0.1, 0.12);
          cairo_set_line_width (cr, 1.2);
          cairo_stroke (cr);
        }
    }

  /* A feature finished whose form is still open: drawn as it will be. */
  if (self->pending->len >= 2)
    {
      const SkVertex *v = (const SkVertex *) self->pending->data;
      guint n = self->pending->len;

      path_vertices (cr, view, v, n, self->pending_polygon, 0, 0);
      if (self->pending_polygon)
        {
          cairo_set_source_rgba (cr, 0.11, 0.42, 0.85, 0.15);
          cairo_fill_preserve (cr);
        }
      stroke_cased (cr, 0.11, 0.42, 0.85, 2.5);
    }

  /* The feature being drawn, with a rubber band to the cursor. */
  if (self->verts->len > 0)
    {
      const SkVertex *v = (const SkVertex *) self->verts->data;
      guint n = self->verts->len;
      gboolean polygon = self->tool == RA_SKETCH_TOOL_POLYGON;

      if (polygon && self->have_cursor && n >= 2)
        {
          path_vertices (cr, view, v, n, FALSE, 0, 0);
          cairo_line_to (cr, cx, cy);
          cairo_close_path (cr);
          cairo_set_source_rgba (cr, 0.11, 0.42, 0.85, 0.15);
          cairo_fill (cr);
        }
      path_vertices (cr, view, v, n, FALSE, 0, 0);
      if (n >= 2)
        stroke_cased (cr, 0.11, 0.42, 0.85, 2.5);
      else
        cairo_new_path (cr);
      if (self->have_cursor)
        {
          double lx, ly;
          static const double dash[] = { 6, 4 };

          ra_view_to_device (view, v[n - 1].x, v[n - 1].y, &lx, &ly);
          cairo_move_to (cr, lx, ly);
          cairo_line_to (cr, cx, cy);
          if (polygon && n >= 2)
            {
              double fx, fy;

              ra_view_to_device (view, v[0].x, v[0].y, &fx, &fy);
              cairo_line_to (cr, fx, fy);
            }
          cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
          stroke_cased (cr, 0.11, 0.42, 0.85, 1.8);
          cairo_set_dash (cr, NULL, 0, 0);
        }
      for (guint i = 0; i < n; i++)
        {
          double px, py;

          ra_view_to_device (view, v[i].x, v[i].y, &px, &py);
          draw_dot (cr, px, py, 4);
        }
    }

  /* What the next click snaps to: a square on a vertex, a cross on a segment. */
  if (self->snap != RA_SKETCH_SNAP_NONE)
    {
      cairo_set_line_width (cr, 2.5);
      if (self->snap == RA_SKETCH_SNAP_VERTEX)
        cairo_rectangle (cr, cx - 7, cy - 7, 14, 14);
      else
        {
          cairo_move_to (cr, cx - 7, cy - 7);
          cairo_line_to (cr, cx + 7, cy + 7);
          cairo_move_to (cr, cx + 7, cy - 7);
          cairo_line_to (cr, cx - 7, cy + 7);
        }
      cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
      cairo_set_line_width (cr, 4.5);
      cairo_stroke_preserve (cr);
      cairo_set_source_rgb (cr, 0.86, 0.1, 0.55);
      cairo_set_line_width (cr, 2.2);
      cairo_stroke (cr);
    }

  if (self->measure_text != NULL && self->have_cursor)
    draw_label (cr, cx, cy, self->measure_text, view->width, view->height);
}
