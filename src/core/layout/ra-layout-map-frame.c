/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The maps of a print layout: the map frame (the renderer at the frame's
 * view, the atlas county outlined, a labelled lon/lat graticule, the neat
 * line) and the inset locator map with the frame's extent on it. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>

#include "ra-autocleanups.h"
#include "ra-layout-private.h"
#include "ra-text.h"

static void
geometry_path (cairo_t *cr, const RaView *view, const RaGeometry *geom)
{
  g_auto(RaCoordScratch) coords = RA_COORD_SCRATCH_INIT;
  const double *xy = ra_geometry_coords (geom, &coords);

  for (guint part = 0; part < geom->n_parts; part++)
    {
      for (guint k = geom->parts[part]; k < geom->parts[part + 1]; k++)
        {
          double px, py;

          ra_view_to_device (view, xy[2 * k], xy[2 * k + 1], &px, &py);
          if (k == geom->parts[part])
            cairo_move_to (cr, px, py);
          else
            cairo_line_to (cr, px, py);
        }
      if (geom->kind == RA_GEOM_POLYGON)
        cairo_close_path (cr);
    }
}

static double
auto_graticule_step (double span_deg)
{
  static const double steps[] = { 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0 };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (span_deg / steps[i] <= 5.0)
      return steps[i];
  return 30.0;
}

static char *
format_degrees (double v, gboolean is_lon, double step)
{
  const char *hemi = is_lon ? (v < 0 ? "W" : "E") : (v < 0 ? "S" : "N");
  double a = fabs (v);
  int deg = (int) floor (a + 1e-9);
  int min = (int) round ((a - deg) * 60.0);

  if (min == 60)
    {
      deg++;
      min = 0;
    }
  if (step >= 1.0 || min == 0)
    return g_strdup_printf ("%d°%s", deg, hemi);
  return g_strdup_printf ("%d°%02d′%s", deg, min, hemi);
}

/* Lon/lat lines across the frame, labelled where they meet its edges. */
static void
draw_graticule (cairo_t *cr, const RaLayoutItem *map, const RaView *view, RaCrs *crs)
{
  g_autoptr(RaTransform) to_ll = ra_layout_lonlat_transform (crs, TRUE);
  g_autoptr(RaTransform) from_ll = ra_layout_lonlat_transform (crs, FALSE);
  RaBBox frame, ll;
  double step;
  const int n_seg = 64;

  if (to_ll == NULL || from_ll == NULL || ra_crs_is_geographic (crs))
    return;
  ra_view_get_bbox (view, &frame);
  if (!ra_transform_bbox (to_ll, &frame, &ll))
    return;
  step = map->graticule_deg > 0.0 ? map->graticule_deg
                                  : auto_graticule_step (MAX (ll.x1 - ll.x0, ll.y1 - ll.y0));
  if ((ll.x1 - ll.x0) / step > 200 || (ll.y1 - ll.y0) / step > 200)
    return;

  for (int pass = 0; pass < 2; pass++)
    {
      gboolean is_lon = pass == 0;
      double lo = is_lon ? ll.x0 : ll.y0, hi = is_lon ? ll.x1 : ll.y1;
      double olo = is_lon ? ll.y0 : ll.x0, ohi = is_lon ? ll.y1 : ll.x1;

      for (double v = ceil (lo / step) * step; v <= hi; v += step)
        {
          double pts[2 * (64 + 1)];
          g_autofree char *label = NULL;
          gboolean have_label = FALSE;
          double label_x = 0, label_y = 0;

          for (int i = 0; i <= n_seg; i++)
            {
              double o = olo + (ohi - olo) * i / n_seg;
              pts[2 * i] = is_lon ? v : o;
              pts[2 * i + 1] = is_lon ? o : v;
            }
          if (ra_transform_points (from_ll, pts, n_seg + 1) != 0)
            continue;
          cairo_new_path (cr);
          for (int i = 0; i <= n_seg; i++)
            {
              double px, py;

              ra_view_to_device (view, pts[2 * i], pts[2 * i + 1], &px, &py);
              if (i == 0)
                cairo_move_to (cr, px, py);
              else
                {
                  double qx, qy;

                  cairo_get_current_point (cr, &qx, &qy);
                  /* Meridians: where they cross the bottom edge; parallels:
                   * the left edge. */
                  if (!have_label && is_lon && (qy - view->height) * (py - view->height) <= 0 && qy != py)
                    {
                      label_x = qx + (px - qx) * (view->height - qy) / (py - qy);
                      label_y = view->height;
                      have_label = label_x > 20 && label_x < view->width - 20;
                    }
                  if (!have_label && !is_lon && qx * px <= 0 && qx != px)
                    {
                      label_x = 0;
                      label_y = qy + (py - qy) * (0 - qx) / (px - qx);
                      have_label = label_y > 20 && label_y < view->height - 20;
                    }
                  cairo_line_to (cr, px, py);
                }
            }
          cairo_set_source_rgba (cr, 0.45, 0.45, 0.5, 0.55);
          cairo_set_line_width (cr, 0.6);
          cairo_stroke (cr);

          if (have_label)
            {
              g_autoptr(PangoLayout) layout = ra_text_layout_new (cr, FONT_GRATICULE);
              int tw, th;

              label = format_degrees (v, is_lon, step);
              pango_layout_set_text (layout, label, -1);
              pango_layout_get_pixel_size (layout, &tw, &th);
              if (is_lon)
                ra_layout_draw_text (cr, label, FONT_GRATICULE, label_x - tw / 2.0,
                                     label_y - th - 1, -1, RA_LAYOUT_ALIGN_LEFT, TRUE);
              else
                ra_layout_draw_text (cr, label, FONT_GRATICULE, label_x + 2, label_y - th / 2.0,
                                     -1, RA_LAYOUT_ALIGN_LEFT, TRUE);
            }
        }
    }
}

/* The atlas page's county, outlined in red. */
typedef struct {
  const RaView     *view;
  const RaGeometry *geom;
} CountyOutline;

static void
draw_county_outline (cairo_t *cr, gpointer data)
{
  const CountyOutline *outline = data;

  geometry_path (cr, outline->view, outline->geom);
  cairo_set_source_rgba (cr, 0.80, 0.10, 0.10, 0.9);
  cairo_set_line_width (cr, 2.2);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
}

gboolean
ra_layout_draw_map (const RaLayoutItem *map, const RaLayoutContext *ctx,
                    const RaLayoutGeometry *geo, cairo_t *cr, GCancellable *cancellable,
                    GError **error)
{
  RaCrs *crs = ra_map_snapshot_get_crs (ctx->snapshot);
  double x, y, w, h;
  RaRenderOptions opts;
  CountyOutline outline = { NULL, NULL };

  ra_layout_item_rect_px (map, &x, &y, &w, &h);
  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  cairo_clip (cr);
  cairo_translate (cr, geo->map_x_px, geo->map_y_px);
  ra_render_options_init (&opts);
  opts.draw_background = FALSE;
  opts.draw_line_labels = !ctx->no_line_labels;
  outline.view = &geo->map_view;
  outline.geom = ctx->highlight_county && ctx->county != NULL
                 ? ra_layout_find_county (ctx->snapshot, ctx->county) : NULL;
  if (outline.geom != NULL)
    {
      /* Under the labels, which stay readable over it (issue 17). */
      opts.under_labels = draw_county_outline;
      opts.under_labels_data = &outline;
    }
  if (!ra_renderer_draw (ctx->snapshot, &geo->map_view, &opts, cr, cancellable))
    {
      cairo_restore (cr);
      return !g_cancellable_set_error_if_cancelled (cancellable, error);
    }
  if (map->graticule && crs != NULL)
    draw_graticule (cr, map, &geo->map_view, crs);
  cairo_restore (cr);

  /* Neat line. */
  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  cairo_set_source_rgb (cr, 0.15, 0.15, 0.15);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);
  cairo_restore (cr);
  return TRUE;
}

static gboolean
feature_highlighted (const RaLayoutItem *item, RaLayerData *data, guint i,
                     double cx, double cy, int field)
{
  if (field >= 0)
    return g_strcmp0 (ra_attr_table_get (data->attrs, i, field), item->highlight_value) == 0;
  return data->geoms[i] != NULL && data->kind == RA_GEOM_POLYGON &&
         ra_geometry_contains_point (data->geoms[i], cx, cy);
}

void
ra_layout_draw_inset (const RaLayoutItem *item, const RaLayoutContext *ctx,
                      const RaLayoutGeometry *geo, cairo_t *cr)
{
  RaLayerData *data = ctx->inset;
  double x, y, w, h, pad = 2.0 * RA_LAYOUT_PX_PER_MM, cap_h = 0;
  RaView view;
  RaBBox frame, extent;
  int field = -1;

  ra_layout_item_rect_px (item, &x, &y, &w, &h);
  if (item->frame)
    ra_layout_draw_box (cr, x, y, w, h);
  if (item->text != NULL && *item->text != '\0')
    {
      g_autofree char *caption = ra_layout_expand_text (item->text, ctx, 0);
      cap_h = ra_layout_draw_text (cr, caption, FONT_CAPTION, x + pad, y + pad * 0.6,
                                   w - 2 * pad, RA_LAYOUT_ALIGN_LEFT, FALSE);
    }
  if (data == NULL || ra_bbox_is_empty (&data->extent))
    return;

  ra_view_get_bbox (&geo->map_view, &frame);
  /* A locator of somewhere else (the Gansu outlines under a map of
   * Xinzhou, in Shanxi) would mislead: say so instead (issue 17). */
  {
    double fcx = (frame.x0 + frame.x1) / 2.0, fcy = (frame.y0 + frame.y1) / 2.0;

    if (fcx < data->extent.x0 || fcx > data->extent.x1 || fcy < data->extent.y0
        || fcy > data->extent.y1)
      {
        ra_layout_draw_text (cr, _("This map lies outside the locator map's data"),
                             FONT_CAPTION, x + pad, y + pad + cap_h + pad, w - 2 * pad,
                             RA_LAYOUT_ALIGN_LEFT, FALSE);
        return;
      }
  }
  extent = data->extent;
  ra_bbox_union (&extent, &frame);
  ra_view_init (&view, MAX (1, (int) (w - 2 * pad)), MAX (1, (int) (h - 2 * pad - cap_h)));
  ra_view_fit_bbox (&view, &extent, 2.0);
  if (item->highlight_field != NULL && data->attrs != NULL)
    field = ra_attr_table_field_index (data->attrs, item->highlight_field);

  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  cairo_clip (cr);
  cairo_translate (cr, x + pad, y + pad + cap_h);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < data->n_features; i++)
      {
        gboolean hl;

        if (data->geoms[i] == NULL)
          continue;
        hl = feature_highlighted (item, data, i, geo->map_view.cx, geo->map_view.cy, field);
        if (hl != (pass == 1))
          continue;
        geometry_path (cr, &view, data->geoms[i]);
        cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
        if (hl)
          cairo_set_source_rgb (cr, 0.99, 0.80, 0.55);
        else
          cairo_set_source_rgb (cr, 0.88, 0.88, 0.86);
        cairo_fill_preserve (cr);
        cairo_set_source_rgb (cr, hl ? 0.55 : 0.62, hl ? 0.35 : 0.62, hl ? 0.15 : 0.60);
        cairo_set_line_width (cr, hl ? 0.8 : 0.5);
        cairo_stroke (cr);
      }
  /* The main frame's extent. */
  {
    double x0, y0, x1, y1;

    ra_view_to_device (&view, frame.x0, frame.y1, &x0, &y0);
    ra_view_to_device (&view, frame.x1, frame.y0, &x1, &y1);
    cairo_rectangle (cr, x0, y0, MAX (2.0, x1 - x0), MAX (2.0, y1 - y0));
    cairo_set_source_rgb (cr, 0.80, 0.10, 0.10);
    cairo_set_line_width (cr, 1.2);
    cairo_stroke (cr);
  }
  cairo_restore (cr);
}
