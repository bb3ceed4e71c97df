/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The scale bar: a round ground length (1, 2 or 5 x 10^n m) measured
 * geodesically at the view centre, drawn as alternating black and white
 * segments with its length above. */
#include "config.h"

#include <math.h>

#include "ra-renderer-private.h"
#include "ra-text.h"

#define RA_SCALEBAR_FONT RA_TEXT_FONT_FAMILY " 9"

/* Making a PROJ transform takes tens of milliseconds, too slow for a scale
 * bar drawn with every frame, so each thread keeps its last one. */
typedef struct {
  RaCrs       *crs;     /* owned ref: the map CRS the transform is for */
  RaTransform *to_lonlat;
} LonLatCache;

static void
lonlat_cache_free (gpointer data)
{
  LonLatCache *cache = data;

  g_clear_pointer (&cache->crs, ra_crs_unref);
  g_clear_pointer (&cache->to_lonlat, ra_transform_free);
  g_free (cache);
}

static GPrivate lonlat_cache_key = G_PRIVATE_INIT (lonlat_cache_free);

/* (transfer none) (nullable) a transform from crs to lon/lat for this
 * thread: the scale bar's and the line labels' lengths. */
RaTransform *
ra_render_lonlat_transform (const RaCrs *crs)
{
  LonLatCache *cache = g_private_get (&lonlat_cache_key);
  g_autoptr(RaCrs) lonlat = NULL;

  if (cache == NULL)
    {
      cache = g_new0 (LonLatCache, 1);
      g_private_set (&lonlat_cache_key, cache);
    }
  if (cache->crs != NULL && (cache->crs == crs || ra_crs_equal (cache->crs, crs)))
    return cache->to_lonlat;

  g_clear_pointer (&cache->crs, ra_crs_unref);
  g_clear_pointer (&cache->to_lonlat, ra_transform_free);
  cache->crs = ra_crs_ref ((RaCrs *) crs);
  lonlat = ra_crs_new_from_epsg (4326, NULL);
  if (lonlat != NULL)
    cache->to_lonlat = ra_transform_new (crs, lonlat, NULL);
  return cache->to_lonlat;
}

/* Ground metres per device pixel along the horizontal through the view
 * centre: geodesic when the CRS can be taken to lon/lat, else nominal. */
static double
ground_meters_per_px (const RaView *view, const RaCrs *crs)
{
  double dpi = view->dpi > 0.0 ? view->dpi : 96.0;
  double nominal = ra_view_scale_denominator (view, crs) * 0.0254 / dpi;
  const double half_px = 50.0;
  RaTransform *t;
  double pts[4], d;

  if (crs == NULL)
    return nominal;
  t = ra_render_lonlat_transform (crs);
  if (t == NULL)
    return nominal;
  pts[0] = view->cx - half_px * view->resolution;
  pts[1] = view->cy;
  pts[2] = view->cx + half_px * view->resolution;
  pts[3] = view->cy;
  if (ra_transform_points (t, pts, 2) != 0)
    return nominal;
  d = ra_geodesic_length_m (pts, 2);
  if (!(d > 0.0) || !isfinite (d))
    return nominal;
  return d / (2.0 * half_px);
}

/**
 * ra_renderer_scalebar_length:
 * @crs: (nullable): the map CRS (NULL: metric)
 * @meters: (out) (optional): the round length, 1, 2 or 5 x 10^n m
 * @width_px: (out) (optional): its device width
 *
 * Returns: FALSE if no length fits (degenerate view or max_width_px < 1)
 */
gboolean
ra_renderer_scalebar_length (const RaView *view, const RaCrs *crs,
                             double max_width_px, double *meters, double *width_px)
{
  static const double steps[] = { 5.0, 2.0, 1.0 };
  double m_per_px, max_m, decade;

  g_return_val_if_fail (view != NULL, FALSE);

  if (!(view->resolution > 0.0) || !(max_width_px >= 1.0))
    return FALSE;
  m_per_px = ground_meters_per_px (view, crs);
  if (!(m_per_px > 0.0) || !isfinite (m_per_px))
    return FALSE;
  max_m = max_width_px * m_per_px;
  decade = pow (10.0, floor (log10 (max_m)));
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      double len = steps[i] * decade;
      if (len <= max_m * (1.0 + 1e-9))
        {
          if (meters)
            *meters = len;
          if (width_px)
            *width_px = len / m_per_px;
          return TRUE;
        }
    }
  return FALSE;
}

static char *
format_distance (double meters)
{
  if (meters >= 1000.0)
    return g_strdup_printf ("%g km", meters / 1000.0);
  return g_strdup_printf ("%g m", meters);
}

/* Centred over x, but never past right_limit (its halo included): a
 * label at the end of a bar as long as the room has it would be cut
 * (the status bar's "20 km", issue 17). */
static void
draw_text_centred (cairo_t *cr, PangoLayout *layout, const char *text,
                   double x, double baseline_y, double right_limit)
{
  static const RaColor halo = { 1, 1, 1, 0.9 }, ink = { 0, 0, 0, 1 };
  const double halo_w = 3.0;
  PangoRectangle ink_rect, logical;
  double left, top;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_extents (layout, &ink_rect, &logical);
  left = x - (double) logical.width / PANGO_SCALE / 2.0;
  left = MIN (left, right_limit - halo_w / 2.0
                    - (double) (ink_rect.x + ink_rect.width) / PANGO_SCALE);
  top = baseline_y - (double) pango_layout_get_baseline (layout) / PANGO_SCALE;
  ra_text_stroke_halo (cr, layout, left, top, &halo, halo_w);
  ra_text_show (cr, layout, left, top, &ink);
}

/**
 * ra_renderer_draw_scalebar:
 *
 * Draws an alternating black/white bar of the length given by
 * ra_renderer_scalebar_length, bottom-left at (x, y), with "0" and the
 * length above its ends; nothing is drawn right of x + max_width_px (the
 * length moves left of its end when centring it would pass there).
 */
void
ra_renderer_draw_scalebar (cairo_t *cr, const RaView *view, const RaCrs *crs,
                           double x, double y, double max_width_px)
{
  PangoLayout *layout;
  g_autofree char *label = NULL;
  double meters, width, seg_w, bar_h = 6.0;
  int n_seg;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (view != NULL);

  if (!ra_renderer_scalebar_length (view, crs, max_width_px, &meters, &width))
    return;

  /* 5 x 10^n splits into 5 segments, 1 and 2 x 10^n into 4. */
  n_seg = fabs (meters / pow (10.0, floor (log10 (meters))) - 5.0) < 1e-6 ? 5 : 4;
  seg_w = width / n_seg;

  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_GRAY);
  for (int i = 0; i < n_seg; i++)
    {
      cairo_rectangle (cr, x + i * seg_w, y - bar_h, seg_w, bar_h);
      if (i % 2 == 0)
        cairo_set_source_rgb (cr, 0, 0, 0);
      else
        cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill (cr);
    }
  cairo_rectangle (cr, x, y - bar_h, width, bar_h);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);

  layout = ra_text_surface_layout_new (cr, RA_SCALEBAR_FONT);
  label = format_distance (meters);
  draw_text_centred (cr, layout, "0", x, y - bar_h - 3.0, x + max_width_px);
  draw_text_centred (cr, layout, label, x + width, y - bar_h - 3.0, x + max_width_px);
  g_object_unref (layout);
  cairo_restore (cr);
}
