/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The renderer's direct drawing into image surfaces: thin solid lines and
 * outlines written pixel by pixel, for the common case of cr drawing
 * straight onto an ARGB32/RGB24 image. */
#include "config.h"

#include <math.h>

#include "ra-renderer-private.h"

/*
 * cairo 1.16's stroker and scan converter cost about 300 ns per vertex of a
 * 1 px line, far more than the pixels they touch (shared/bench/RESULTS.md).
 * For the common cases of big layers, thin solid lines and outlines and
 * small point markers, the renderer writes the pixels itself when cr draws
 * straight onto an ARGB32/RGB24 image (no group, an integer translation,
 * a rectangular clip, OVER).  Anything else goes through cairo as before.
 */

gboolean
ra_raster_begin (cairo_t *cr, Raster *r)
{
  cairo_surface_t *target = cairo_get_group_target (cr);
  cairo_format_t format;
  cairo_matrix_t m;
  cairo_rectangle_list_t *clip;
  double dx, dy;
  int w, h;

  if (target != cairo_get_target (cr) || cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE ||
      cairo_get_operator (cr) != CAIRO_OPERATOR_OVER || g_getenv ("RA_RENDER_CAIRO_ONLY") != NULL)
    return FALSE;
  format = cairo_image_surface_get_format (target);
  if (format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_RGB24)
    return FALSE;
  cairo_surface_get_device_offset (target, &dx, &dy);
  cairo_get_matrix (cr, &m);
  {
    double sx, sy;

    cairo_surface_get_device_scale (target, &sx, &sy);
    if (sx != 1.0 || sy != 1.0)
      return FALSE;
  }
  if (dx != 0.0 || dy != 0.0 || m.xx != 1.0 || m.yy != 1.0 || m.xy != 0.0 || m.yx != 0.0 ||
      m.x0 != floor (m.x0) || m.y0 != floor (m.y0) || fabs (m.x0) > 1e6 || fabs (m.y0) > 1e6)
    return FALSE;
  clip = cairo_copy_clip_rectangle_list (cr);
  if (clip->status != CAIRO_STATUS_SUCCESS || clip->num_rectangles > 1)
    {
      cairo_rectangle_list_destroy (clip);
      return FALSE;
    }
  w = cairo_image_surface_get_width (target);
  h = cairo_image_surface_get_height (target);
  r->tx = (int) m.x0;
  r->ty = (int) m.y0;
  r->cx0 = 0; r->cy0 = 0; r->cx1 = w; r->cy1 = h;
  if (clip->num_rectangles == 0)
    r->cx1 = r->cy1 = 0;
  else
    {
      const cairo_rectangle_t *c = &clip->rectangles[0];

      /* A clip that is not on whole pixels is left to cairo. */
      if (c->x != floor (c->x) || c->y != floor (c->y) ||
          c->width != floor (c->width) || c->height != floor (c->height))
        {
          cairo_rectangle_list_destroy (clip);
          return FALSE;
        }
      r->cx0 = MAX (0, (int) c->x + r->tx);
      r->cy0 = MAX (0, (int) c->y + r->ty);
      r->cx1 = MIN (w, (int) (c->x + c->width) + r->tx);
      r->cy1 = MIN (h, (int) (c->y + c->height) + r->ty);
    }
  cairo_rectangle_list_destroy (clip);
  cairo_surface_flush (target);
  r->target = target;
  r->data = (guint32 *) (gpointer) cairo_image_surface_get_data (target);
  r->stride = cairo_image_surface_get_stride (target) / 4;
  return r->data != NULL;
}

void
ra_raster_end (Raster *r)
{
  cairo_surface_mark_dirty (r->target);
}

/* OVER of a premultiplied colour (pixel layout) at coverage cov (0..255). */
static inline void
blend_solid (guint32 *p, guint32 src, guint32 cov)
{
  guint32 d = *p;
  guint32 rb, ag, inv;

  if (cov == 0)
    return;
  /* src * cov, both channel pairs at once */
  rb = (src & 0x00ff00ffu) * cov + 0x00800080u;
  rb = ((rb + ((rb >> 8) & 0x00ff00ffu)) >> 8) & 0x00ff00ffu;
  ag = ((src >> 8) & 0x00ff00ffu) * cov + 0x00800080u;
  ag = ((ag + ((ag >> 8) & 0x00ff00ffu)) >> 8) & 0x00ff00ffu;
  inv = 255 - (ag >> 16);
  /* + dst * (1 - alpha), rounded to nearest as pixman does: no channel
   * overflows (dst <= 255 gives at most inv, and src <= its alpha), and
   * an opaque pixel stays exactly opaque (so the fast PNG writer applies) */
  {
    guint32 drb = (d & 0x00ff00ffu) * inv + 0x00800080u;
    guint32 dag = ((d >> 8) & 0x00ff00ffu) * inv + 0x00800080u;

    drb = ((drb + ((drb >> 8) & 0x00ff00ffu)) >> 8) & 0x00ff00ffu;
    dag = ((dag + ((dag >> 8) & 0x00ff00ffu)) >> 8) & 0x00ff00ffu;
    *p = (rb + drb) | ((ag + dag) << 8);
  }
}

static inline guint32
premultiplied_pixel (const RaColor *c)
{
  double a = CLAMP (c->a, 0.0, 1.0);
  guint32 A = (guint32) lround (a * 255.0);
  guint32 R = (guint32) lround (CLAMP (c->r, 0.0, 1.0) * a * 255.0);
  guint32 G = (guint32) lround (CLAMP (c->g, 0.0, 1.0) * a * 255.0);
  guint32 B = (guint32) lround (CLAMP (c->b, 0.0, 1.0) * a * 255.0);

  return (A << 24) | (R << 16) | (G << 8) | B;
}

/* Adds the coverage of a line of thickness t (across the minor axis) centred
 * on v, to the minor-axis pixels [lo, hi) of one major-axis step. */
#define HAIRLINE_SPAN(v, t, lo, hi, PIXEL)                                   \
  G_STMT_START {                                                             \
    double v0_ = (v) - (t) / 2.0, v1_ = (v) + (t) / 2.0;                     \
    int k0_ = (int) floor (v0_), k1_ = (int) floor (v1_);                    \
    for (int k_ = MAX (k0_, (lo)); k_ <= k1_ && k_ < (hi); k_++)             \
      {                                                                      \
        double c_ = MIN (v1_, k_ + 1.0) - MAX (v0_, (double) k_);            \
        if (c_ > 0.0)                                                        \
          blend_solid (PIXEL, src, (guint32) (MIN (c_, 1.0) * 255.0 + 0.5)); \
      }                                                                      \
  } G_STMT_END

/* One segment (device coordinates), the steps whose centres lie in
 * [start, end) along the major axis, or [start, end] when last: consecutive
 * segments of a path meet without covering their shared pixel twice.  The
 * coverage across the line is that of a box of the line's width; cairo's
 * antialiased 1 px strokes look the same to within a few levels. */
static void
hairline_segment (const Raster *r, guint32 src, double width,
                  double x0, double y0, double x1, double y1, gboolean last)
{
  /* Walked along the major axis u (x or y), across the minor one v. */
  gboolean x_major = fabs (x1 - x0) >= fabs (y1 - y0);
  double u0 = x_major ? x0 : y0, u1 = x_major ? x1 : y1;
  double v0 = x_major ? y0 : x0, v1 = x_major ? y1 : x1;
  int ulo = x_major ? r->cx0 : r->cy0, uhi = x_major ? r->cx1 : r->cy1;
  int vlo = x_major ? r->cy0 : r->cx0, vhi = x_major ? r->cy1 : r->cx1;
  gsize ustep = x_major ? 1 : (gsize) r->stride, vstep = x_major ? (gsize) r->stride : 1;
  double du = u1 - u0, m, t;
  int c0, c1, step;

  if (du == 0.0)
    return;
  if ((v0 < vlo - 2 && v1 < vlo - 2) || (v0 > vhi + 2 && v1 > vhi + 2))
    return;
  m = (v1 - v0) / du;
  t = width * sqrt (1.0 + m * m);
  if (du > 0)
    {
      c0 = (int) ceil (u0 - 0.5);
      c1 = last ? (int) floor (u1 - 0.5) : (int) ceil (u1 - 0.5) - 1;
      c0 = MAX (c0, ulo);
      c1 = MIN (c1, uhi - 1);
      step = 1;
      if (c1 < c0)
        return;
    }
  else
    {
      c0 = (int) floor (u0 - 0.5);
      c1 = last ? (int) ceil (u1 - 0.5) : (int) floor (u1 - 0.5) + 1;
      c0 = MIN (c0, uhi - 1);
      c1 = MAX (c1, ulo);
      step = -1;
      if (c1 > c0)
        return;
    }
  for (int c = c0;; c += step)
    {
      double vc = v0 + (c + 0.5 - u0) * m;
      guint32 *line = r->data + (gsize) c * ustep;

      HAIRLINE_SPAN (vc, t, vlo, vhi, line + (gsize) k_ * vstep);
      if (c == c1)
        break;
    }
}

/* A dot of the line's width centred on (x, y), its ink spread over the
 * four nearest pixels. */
static void
hairline_dot (const Raster *r, guint32 src, double width, double x, double y)
{
  double fx = x - 0.5 - floor (x - 0.5), fy = y - 0.5 - floor (y - 0.5);
  int ix = (int) floor (x - 0.5), iy = (int) floor (y - 0.5);
  double ink = MIN (1.0, width) * 0.6;
  double wts[4] = { (1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy };

  if (!(fabs (x) < 1e7 && fabs (y) < 1e7))
    return;
  for (int k = 0; k < 4; k++)
    {
      int px = ix + (k & 1), py = iy + (k >> 1);

      if (px >= r->cx0 && px < r->cx1 && py >= r->cy0 && py < r->cy1)
        blend_solid (r->data + (gsize) py * r->stride + px, src,
                     (guint32) (MIN (1.0, ink * wts[k]) * 255.0 + 0.5));
    }
}

/* Lines and outlines up to this width are drawn by ra_raster_stroke_hairline. */
#define RA_HAIRLINE_MAX_PX 1.5

/* Strokes every part of buf (closed rings when close) with a solid colour
 * straight into the image behind cr; FALSE (nothing drawn) when cr is not
 * a plain image target or the line is too wide: the caller then strokes
 * with cairo. */
gboolean
ra_raster_stroke_hairline (cairo_t *cr, const DevBuf *buf, gboolean close,
                           const RaColor *color, double width, GCancellable *cancellable)
{
  const double *xy = (const double *) (gpointer) buf->xy->data;
  const guint *ps = (const guint *) (gpointer) buf->part_start->data;
  guint n_parts = buf->part_start->len > 0 ? buf->part_start->len - 1 : 0;
  guint32 src = premultiplied_pixel (color);
  g_autoptr(GHashTable) dots = NULL;
  Raster r;

  if (!(width > 0.0) || width > RA_HAIRLINE_MAX_PX || !ra_raster_begin (cr, &r))
    return FALSE;
  for (guint p = 0; p < n_parts; p++)
    {
      guint a = ps[p], b = ps[p + 1];

      double bx0 = xy[2 * a], bx1 = bx0, by0 = xy[2 * a + 1], by1 = by0;

      if (b <= a)
        continue;
      /* A stale render (the map moved on) stops here too. */
      if ((p & 4095) == 4095 && cancellable != NULL && g_cancellable_is_cancelled (cancellable))
        break;

      for (guint i = a + 1; i < b && bx1 - bx0 < 1.5 && by1 - by0 < 1.5; i++)
        {
          bx0 = MIN (bx0, xy[2 * i]);
          bx1 = MAX (bx1, xy[2 * i]);
          by0 = MIN (by0, xy[2 * i + 1]);
          by1 = MAX (by1, xy[2 * i + 1]);
        }
      if (bx1 - bx0 < 1.5 && by1 - by0 < 1.5)
        {
          /* A part within a pixel or so (an islet at this scale): a dot,
           * as cairo's round joins leave one. */
          double cx = (bx0 + bx1) / 2.0 + r.tx, cy = (by0 + by1) / 2.0 + r.ty;
          gpointer key;

          /* Islets of an archipelago in one pixel make one dot (cairo
           * unites them in one path) rather than a black blot. */
          if (!(fabs (cx) < 1e7 && fabs (cy) < 1e7))
            continue;
          key = GINT_TO_POINTER ((int) floor (cy) * 40009 + (int) floor (cx) + 1);
          if (dots == NULL)
            dots = g_hash_table_new (NULL, NULL);
          if (g_hash_table_add (dots, key))
            hairline_dot (&r, src, width, cx, cy);
          continue;
        }
      for (guint i = a; i + 1 < b; i++)
        hairline_segment (&r, src, width,
                          xy[2 * i] + r.tx, xy[2 * i + 1] + r.ty,
                          xy[2 * i + 2] + r.tx, xy[2 * i + 3] + r.ty,
                          !close && i + 2 == b);
      if (close && b - a >= 3)
        hairline_segment (&r, src, width,
                          xy[2 * (b - 1)] + r.tx, xy[2 * (b - 1) + 1] + r.ty,
                          xy[2 * a] + r.tx, xy[2 * a + 1] + r.ty, FALSE);
    }
  ra_raster_end (&r);
  return TRUE;
}
