/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Packed coordinates (ra_geometry_pack): the layout, for the renderer's
 * decoding loop.  Not installed; core only. */
#pragma once

#include "ra-geometry.h"

G_BEGIN_DECLS

/* Each vertex as the zigzag LEB128 varints of its grid step from the
 * previous vertex (x, then y); the first from (0, 0).  Vertex i is at
 * (ox + q * gx, oy + q * gy) with gx, gy the running sums. */
struct _RaPacked {
  double ox, oy, q;
  guint  n_bytes;
  guint8 bytes[];
};

static inline const guint8 *
ra_packed_get_varint (const guint8 *p, gint64 *value)
{
  guint64 v = p[0], b;

  if (G_LIKELY (v < 0x80))
    p += 1;
  else
    {
      v &= 0x7f;
      b = p[1];
      v |= (b & 0x7f) << 7;
      if (b < 0x80)
        p += 2;
      else
        {
          b = p[2];
          v |= (b & 0x7f) << 14;
          if (b < 0x80)
            p += 3;
          else
            {
              guint shift = 21;

              p += 3;
              do
                {
                  b = *p++;
                  v |= (b & 0x7f) << shift;
                  shift += 7;
                }
              while (b >= 0x80 && shift < 64);
            }
        }
    }
  *value = (gint64) (v >> 1) ^ -(gint64) (v & 1);
  return p;
}

G_END_DECLS
