/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "ra-view.h"

G_DEFINE_BOXED_TYPE (RaView, ra_view, ra_view_copy, ra_view_free)

#define RA_METERS_PER_INCH 0.0254
#define RA_DEFAULT_DPI 96.0

/**
 * ra_view_copy:
 * @view: a view
 *
 * Returns: (transfer full): a newly allocated copy of @view
 */
RaView *
ra_view_copy (const RaView *view)
{
  g_return_val_if_fail (view != NULL, NULL);

  return g_memdup2 (view, sizeof *view);
}

void
ra_view_free (RaView *view)
{
  g_free (view);
}

/**
 * ra_view_init:
 * @view: (out caller-allocates): the view to initialise
 *
 * Centre (0, 0), one map unit per pixel, 96 dpi.
 */
void
ra_view_init (RaView *view, int width, int height)
{
  g_return_if_fail (view != NULL);

  view->cx = 0.0;
  view->cy = 0.0;
  view->resolution = 1.0;
  view->width = MAX (width, 1);
  view->height = MAX (height, 1);
  view->dpi = RA_DEFAULT_DPI;
}

/* Keeps centre and resolution: resizing a window shows more or less map
 * around the same centre at the same scale. */
void
ra_view_set_size (RaView *view, int width, int height)
{
  g_return_if_fail (view != NULL);

  view->width = MAX (width, 1);
  view->height = MAX (height, 1);
}

void
ra_view_fit_bbox (RaView *view, const RaBBox *bbox, double margin_px)
{
  ra_view_fit_bbox_inset (view, bbox, margin_px, 0, 0, 0, 0);
}

void
ra_view_fit_bbox_inset (RaView *view, const RaBBox *bbox, double margin_px,
                        double left, double top, double right, double bottom)
{
  double avail_w, avail_h, bw, bh, res, area_cx, area_cy;

  g_return_if_fail (view != NULL);
  g_return_if_fail (bbox != NULL);

  if (ra_bbox_is_empty (bbox))
    return;

  margin_px = MAX (margin_px, 0.0);
  left = MAX (left, 0.0);
  top = MAX (top, 0.0);
  right = MAX (right, 0.0);
  bottom = MAX (bottom, 0.0);
  /* Insets that leave too little are ignored rather than squeezing the
   * map into a sliver. */
  if (view->width - left - right < view->width / 3.0)
    left = right = 0.0;
  if (view->height - top - bottom < view->height / 3.0)
    top = bottom = 0.0;
  avail_w = MAX (view->width - left - right - 2.0 * margin_px, 1.0);
  avail_h = MAX (view->height - top - bottom - 2.0 * margin_px, 1.0);
  bw = bbox->x1 - bbox->x0;
  bh = bbox->y1 - bbox->y0;
  res = MAX (bw / avail_w, bh / avail_h);
  /* A single point (or a degenerate box) keeps the current scale. */
  if (res > 0.0 && isfinite (res))
    view->resolution = res;

  /* The box's centre goes to the centre of the area left free. */
  area_cx = left + (view->width - left - right) / 2.0;
  area_cy = top + (view->height - top - bottom) / 2.0;
  view->cx = (bbox->x0 + bbox->x1) / 2.0 - (area_cx - view->width / 2.0) * view->resolution;
  view->cy = (bbox->y0 + bbox->y1) / 2.0 + (area_cy - view->height / 2.0) * view->resolution;
}

void
ra_view_to_device (const RaView *view, double x, double y, double *px, double *py)
{
  g_return_if_fail (view != NULL);

  if (px)
    *px = (x - view->cx) / view->resolution + view->width / 2.0;
  if (py)
    *py = view->height / 2.0 - (y - view->cy) / view->resolution;
}

void
ra_view_to_map (const RaView *view, double px, double py, double *x, double *y)
{
  g_return_if_fail (view != NULL);

  if (x)
    *x = view->cx + (px - view->width / 2.0) * view->resolution;
  if (y)
    *y = view->cy - (py - view->height / 2.0) * view->resolution;
}

void
ra_view_get_bbox (const RaView *view, RaBBox *out)
{
  double hw, hh;

  g_return_if_fail (view != NULL);
  g_return_if_fail (out != NULL);

  hw = view->width / 2.0 * view->resolution;
  hh = view->height / 2.0 * view->resolution;
  out->x0 = view->cx - hw;
  out->x1 = view->cx + hw;
  out->y0 = view->cy - hh;
  out->y1 = view->cy + hh;
}

void
ra_view_zoom_at (RaView *view, double factor, double px, double py)
{
  double mx, my;

  g_return_if_fail (view != NULL);
  g_return_if_fail (factor > 0.0);

  ra_view_to_map (view, px, py, &mx, &my);
  view->resolution /= factor;
  /* Solve to_device (mx, my) == (px, py) for the new centre. */
  view->cx = mx - (px - view->width / 2.0) * view->resolution;
  view->cy = my + (py - view->height / 2.0) * view->resolution;
}

void
ra_view_pan_px (RaView *view, double dx, double dy)
{
  g_return_if_fail (view != NULL);

  /* Dragging the content right shows what lies to the west: the centre
   * moves left; dragging down (device y grows) moves the centre north. */
  view->cx -= dx * view->resolution;
  view->cy += dy * view->resolution;
}

/* Ground metres covered by one map unit horizontally at the view centre. */
static double
ground_meters_per_unit (const RaView *view, const RaCrs *crs)
{
  double mpu = crs != NULL ? ra_crs_get_meters_per_unit (crs) : 1.0;

  if (!(mpu > 0.0))
    mpu = 1.0;
  if (crs != NULL && ra_crs_is_geographic (crs))
    {
      double lat = CLAMP (view->cy, -89.0, 89.0);
      mpu *= cos (lat * G_PI / 180.0);
    }
  return mpu;
}

static double
effective_dpi (const RaView *view)
{
  return view->dpi > 0.0 ? view->dpi : RA_DEFAULT_DPI;
}

/**
 * ra_view_scale_denominator:
 * @crs: (nullable): the map CRS; NULL is taken as metric
 *
 * Returns: n of the 1:n scale at the centre of @view.
 */
double
ra_view_scale_denominator (const RaView *view, const RaCrs *crs)
{
  double ground_m_per_px, device_m_per_px;

  g_return_val_if_fail (view != NULL, 0.0);

  ground_m_per_px = view->resolution * ground_meters_per_unit (view, crs);
  device_m_per_px = RA_METERS_PER_INCH / effective_dpi (view);
  return ground_m_per_px / device_m_per_px;
}

void
ra_view_set_scale_denominator (RaView *view, const RaCrs *crs, double denominator)
{
  double device_m_per_px;

  g_return_if_fail (view != NULL);
  g_return_if_fail (denominator > 0.0);

  device_m_per_px = RA_METERS_PER_INCH / effective_dpi (view);
  view->resolution = denominator * device_m_per_px / ground_meters_per_unit (view, crs);
}

void
ra_view_device_transform (const RaView *from, const RaView *to,
                          double *s, double *tx, double *ty)
{
  double scale;

  g_return_if_fail (from != NULL);
  g_return_if_fail (to != NULL);

  /* p_to = scale * p_from + t, derived from to_device (to, to_map (from, p)). */
  scale = from->resolution / to->resolution;
  if (s)
    *s = scale;
  if (tx)
    *tx = (from->cx - to->cx) / to->resolution + to->width / 2.0 - scale * from->width / 2.0;
  if (ty)
    *ty = (to->cy - from->cy) / to->resolution + to->height / 2.0 - scale * from->height / 2.0;
}
