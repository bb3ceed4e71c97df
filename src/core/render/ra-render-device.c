/* SPDX-License-Identifier: GPL-3.0-or-later */
/* World to device for the renderer: the view's transform, and device
 * buffers holding the visible parts of a layer's features after a pixel
 * level of detail, which the fill and stroke passes then draw from. */
#include "config.h"

#include <math.h>

#include "ra-packed-private.h"
#include "ra-renderer-private.h"

void
ra_xform_init (Xform *xf, const RaView *view)
{
  xf->cx = view->cx;
  xf->cy = view->cy;
  xf->inv_res = 1.0 / view->resolution;
  xf->half_w = view->width / 2.0;
  xf->half_h = view->height / 2.0;
}

void
ra_dev_buf_init (DevBuf *buf)
{
  buf->xy = g_array_new (FALSE, FALSE, sizeof (double));
  buf->part_start = g_array_new (FALSE, FALSE, sizeof (guint));
  buf->feat_start = g_array_new (FALSE, FALSE, sizeof (guint));
}

void
ra_dev_buf_reset (DevBuf *buf)
{
  g_array_set_size (buf->xy, 0);
  g_array_set_size (buf->part_start, 0);
  g_array_set_size (buf->feat_start, 0);
}

void
ra_dev_buf_clear (DevBuf *buf)
{
  g_clear_pointer (&buf->xy, g_array_unref);
  g_clear_pointer (&buf->part_start, g_array_unref);
  g_clear_pointer (&buf->feat_start, g_array_unref);
}

static guint
dev_buf_n_points (const DevBuf *buf)
{
  return buf->xy->len / 2;
}

/* Closes the part/feature lists so index i+1 is always valid. */
void
ra_dev_buf_seal (DevBuf *buf)
{
  guint np = dev_buf_n_points (buf);
  guint nparts = buf->part_start->len;

  g_array_append_val (buf->part_start, np);
  g_array_append_val (buf->feat_start, nparts);
}

/* Starts a part of at most n vertices; returns where to write them (then
 * dev_buf_end_part with the number written). */
static double *
dev_buf_begin_part (DevBuf *buf, guint n, guint *start)
{
  *start = dev_buf_n_points (buf);
  g_array_append_val (buf->part_start, *start);
  g_array_set_size (buf->xy, 2 * ((gsize) *start + n));
  return (double *) (gpointer) buf->xy->data + 2 * (gsize) *start;
}

static void
dev_buf_end_part (DevBuf *buf, guint start, guint written)
{
  g_array_set_size (buf->xy, 2 * ((gsize) start + written));
}

/* Appends one geometry, dropping consecutive vertices that fall within the
 * device pixel centred on the last kept one (less than RA_LOD_PX away in x
 * and in y; the last vertex of a part is always kept so rings and lines end
 * where they should).  Unlike a fixed pixel grid this also thins walks that
 * zig-zag across pixel borders, which halves the vertices of quantised
 * boundary data and matches QGIS's and MapServer's 1 px simplification.
 *
 * Packed coordinates (big layers at full detail): a step on the grid
 * smaller than a pixel from the last kept vertex is dropped before it is
 * turned into a double or transformed, so a coarse view of millions of
 * vertices costs little more than decoding. */
guint
ra_dev_buf_add (DevBuf *buf, const Xform *xf, const RaGeometry *geom)
{
  const RaPacked *pk = geom->packed;
  const guint8 *p = pk != NULL ? pk->bytes : NULL;
  const double *gxy = geom->xy;
  const double ox = pk != NULL ? pk->ox : 0.0, oy = pk != NULL ? pk->oy : 0.0;
  const double q = pk != NULL ? pk->q : 1.0;
  /* |step| <= lim grid units is less than RA_LOD_PX device pixels (kept a
   * hair inside, so only the device test below decides borderline steps). */
  const double t = RA_LOD_PX / (q * xf->inv_res) * (1.0 - 1e-9);
  const gint64 lim = t >= 1e15 ? (gint64) 1e15 : (gint64) ceil (t) - 1;
  guint kept = 0;
  guint part_index = buf->part_start->len;
  gint64 gx = 0, gy = 0;

  g_array_append_val (buf->feat_start, part_index);
  for (guint part = 0; part < geom->n_parts; part++)
    {
      guint a = geom->parts[part], b = geom->parts[part + 1];
      double last_x = -G_MAXDOUBLE, last_y = -G_MAXDOUBLE;
      gint64 lx = 0, ly = 0;
      double *out;
      guint start, w = 0;

      if (b <= a)
        continue;
      out = dev_buf_begin_part (buf, b - a, &start);
      for (guint i = a; i < b; i++)
        {
          double px, py;

          if (pk != NULL)
            {
              gint64 d;

              p = ra_packed_get_varint (p, &d);
              gx += d;
              p = ra_packed_get_varint (p, &d);
              gy += d;
              if (i > a && i + 1 < b && ABS (gx - lx) <= lim && ABS (gy - ly) <= lim)
                continue;
              ra_xform_point (xf, ox + q * (double) gx, oy + q * (double) gy, &px, &py);
            }
          else
            ra_xform_point (xf, gxy[2 * i], gxy[2 * i + 1], &px, &py);
          if (fabs (px - last_x) < RA_LOD_PX && fabs (py - last_y) < RA_LOD_PX && i + 1 < b)
            continue;
          last_x = out[2 * w] = px;
          last_y = out[2 * w + 1] = py;
          lx = gx;
          ly = gy;
          w++;
        }
      dev_buf_end_part (buf, start, w);
      kept += w;
    }
  return kept;
}

void
ra_dev_buf_path (cairo_t *cr, const DevBuf *buf, guint part0, guint part1, gboolean close)
{
  const double *xy = (const double *) (gpointer) buf->xy->data;
  const guint *ps = (const guint *) (gpointer) buf->part_start->data;

  for (guint p = part0; p < part1; p++)
    {
      guint a = ps[p], b = ps[p + 1];

      if (b <= a)
        continue;
      cairo_move_to (cr, xy[2 * a], xy[2 * a + 1]);
      for (guint i = a + 1; i < b; i++)
        cairo_line_to (cr, xy[2 * i], xy[2 * i + 1]);
      if (close)
        cairo_close_path (cr);
    }
}

/* Strokes every part of buf, a few thousand vertices per path. */
void
ra_dev_buf_stroke_chunked (cairo_t *cr, const DevBuf *buf, gboolean close)
{
  const guint *ps = (const guint *) (gpointer) buf->part_start->data;
  guint n_parts = buf->part_start->len > 0 ? buf->part_start->len - 1 : 0;
  guint chunk_first = 0;

  cairo_new_path (cr);
  for (guint p = 0; p < n_parts; p++)
    {
      ra_dev_buf_path (cr, buf, p, p + 1, close);
      if (ps[p + 1] - ps[chunk_first] >= RA_STROKE_CHUNK_VERTICES || p + 1 == n_parts)
        {
          cairo_stroke (cr);
          chunk_first = p + 1;
        }
    }
  cairo_new_path (cr);
}
