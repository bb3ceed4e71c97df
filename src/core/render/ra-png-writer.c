/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A fast PNG writer for opaque maps: 8-bit RGB, the "up" row filter and
 * GDAL's fast deflate (through gdal/). */
#include "config.h"

#include <stdio.h>

#include "ra-gdal-write.h"
#include "ra-png-writer.h"

static guint32 crc_table[256];

static void
crc_table_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      for (guint32 n = 0; n < 256; n++)
        {
          guint32 c = n;
          for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
          crc_table[n] = c;
        }
      g_once_init_leave (&done, 1);
    }
}

static guint32
crc_update (guint32 crc, const guchar *buf, gsize len)
{
  for (gsize i = 0; i < len; i++)
    crc = crc_table[(crc ^ buf[i]) & 0xff] ^ (crc >> 8);
  return crc;
}

static gboolean
png_chunk (FILE *f, const char *type, const guchar *data, gsize len)
{
  guchar head[8] = { len >> 24, len >> 16, len >> 8, len, type[0], type[1], type[2], type[3] };
  guint32 crc = crc_update (0xffffffffu, head + 4, 4);
  guchar tail[4];

  crc = crc_update (crc, data, len) ^ 0xffffffffu;
  tail[0] = crc >> 24;
  tail[1] = crc >> 16;
  tail[2] = crc >> 8;
  tail[3] = crc;
  return fwrite (head, 1, 8, f) == 8 && (len == 0 || fwrite (data, 1, len, f) == len) &&
         fwrite (tail, 1, 4, f) == 4;
}

/* Writes an opaque image as an 8-bit RGB PNG: "up" row filter and fast
 * deflate (GDAL's, which is libdeflate where GDAL was built with it).  A map
 * is mostly flat colour, so this is ~4x faster than cairo's writer (zlib's
 * default level with adaptive filters) for files about as small.  Returns
 * CAIRO_STATUS_INVALID_FORMAT when the image is not opaque RGB (the caller
 * then uses cairo's writer). */
cairo_status_t
ra_png_write_opaque (cairo_surface_t *image, const char *path)
{
  int w = cairo_image_surface_get_width (image);
  int h = cairo_image_surface_get_height (image);
  int stride = cairo_image_surface_get_stride (image);
  cairo_format_t format = cairo_image_surface_get_format (image);
  const guchar *data;
  gsize row_bytes = (gsize) w * 3 + 1;
  g_autofree guchar *raw = NULL;
  void *z;
  gsize z_len = 0;
  guchar ihdr[13] = { w >> 24, w >> 16, w >> 8, w, h >> 24, h >> 16, h >> 8, h,
                      8, 2, 0, 0, 0 };
  static const guchar signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  FILE *f;
  gboolean ok;

  if (format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_RGB24)
    return CAIRO_STATUS_INVALID_FORMAT;
  cairo_surface_flush (image);
  data = cairo_image_surface_get_data (image);
  raw = g_try_malloc ((gsize) h * row_bytes);
  if (raw == NULL)
    return CAIRO_STATUS_NO_MEMORY;
  for (int y = 0; y < h; y++)
    {
      const guint32 *src = (const guint32 *) (gconstpointer) (data + (gsize) y * stride);
      guchar *dst = raw + (gsize) y * row_bytes;

      dst[0] = y > 0 ? 2 : 0;   /* filter: up (none for the first row) */
      for (int x = 0; x < w; x++)
        {
          guint32 p = src[x];

          if (format == CAIRO_FORMAT_ARGB32 && (p >> 24) != 0xff)
            return CAIRO_STATUS_INVALID_FORMAT;
          dst[1 + 3 * x] = p >> 16;
          dst[2 + 3 * x] = p >> 8;
          dst[3 + 3 * x] = p;
        }
    }
  /* The up filter, last row first so each row still sees its raw
   * predecessor. */
  for (int y = h - 1; y > 0; y--)
    {
      guchar *row = raw + (gsize) y * row_bytes + 1;
      const guchar *prev = raw + (gsize) (y - 1) * row_bytes + 1;

      for (gsize i = 0; i < row_bytes - 1; i++)
        row[i] = (guchar) (row[i] - prev[i]);
    }

  z = ra_gdal_deflate (raw, (gsize) h * row_bytes, &z_len);
  if (z == NULL)
    return CAIRO_STATUS_NO_MEMORY;
  crc_table_init ();
  f = fopen (path, "wb");
  if (f == NULL)
    {
      g_free (z);
      return CAIRO_STATUS_WRITE_ERROR;
    }
  ok = fwrite (signature, 1, 8, f) == 8 &&
       png_chunk (f, "IHDR", ihdr, sizeof ihdr) &&
       png_chunk (f, "IDAT", z, z_len) &&
       png_chunk (f, "IEND", NULL, 0);
  g_free (z);
  if (fclose (f) != 0)
    ok = FALSE;
  return ok ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}
