/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A fast PNG writer for opaque maps: 8-bit RGB, the "up" row filter and
 * zlib's fastest level with run-length matching, row by row. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "ra-png-writer.h"
#include "ra-threads.h"

static gboolean
png_chunk (FILE *f, const char *type, const guchar *data, gsize len)
{
  guchar head[8] = { len >> 24, len >> 16, len >> 8, len, type[0], type[1], type[2], type[3] };
  /* zlib's CRC-32 is PNG's (and several times faster than a byte table) */
  uLong crc = crc32 (0L, head + 4, 4);
  guchar tail[4];

  if (len > 0)      /* (crc32 of NULL is its initial value) */
    crc = crc32 (crc, data, (uInt) len);
  tail[0] = crc >> 24;
  tail[1] = crc >> 16;
  tail[2] = crc >> 8;
  tail[3] = crc;
  return fwrite (head, 1, 8, f) == 8 && (len == 0 || fwrite (data, 1, len, f) == len) &&
         fwrite (tail, 1, 4, f) == 4;
}

/* The compressed bytes of one image, written as IDAT chunks of at most
 * this size as they come. */
#define RA_PNG_IDAT_BYTES 65536
/* Images of at least this many rows are compressed in two halves on two
 * threads when there are two. */
#define RA_PNG_SPLIT_MIN_ROWS 256

/* Deflates what z holds (flush: Z_NO_FLUSH or Z_FINISH) into IDAT chunks;
 * FALSE on a write or zlib error. */
static gboolean
deflate_rows (z_stream *z, guchar *out, FILE *f, int flush)
{
  for (;;)
    {
      int ret;

      z->next_out = out;
      z->avail_out = RA_PNG_IDAT_BYTES;
      ret = deflate (z, flush);
      if (ret == Z_STREAM_ERROR)
        return FALSE;
      if (z->avail_out < RA_PNG_IDAT_BYTES &&
          !png_chunk (f, "IDAT", out, RA_PNG_IDAT_BYTES - z->avail_out))
        return FALSE;
      if (flush == Z_FINISH ? ret == Z_STREAM_END : z->avail_out != 0)
        return TRUE;
    }
}

/* Row y of an opaque 32-bit image as a PNG row of 8-bit RGB: its filter
 * byte, then the bytes less those of the row above ("up"; none for the
 * first row), straight from the image. */
static void
filter_row (const guchar *data, int stride, int w, int y, guchar *filtered)
{
  const guint32 *src = (const guint32 *) (gconstpointer) (data + (gsize) y * stride);
  guchar *o = filtered + 1;

  if (y == 0)
    {
      filtered[0] = 0;
      for (int x = 0; x < w; x++)
        {
          guint32 p = src[x];

          o[3 * x] = p >> 16;
          o[3 * x + 1] = p >> 8;
          o[3 * x + 2] = p;
        }
      return;
    }
  {
    const guint32 *up = (const guint32 *) (gconstpointer) (data + (gsize) (y - 1) * stride);

    int x = 0;

    filtered[0] = 2;
    /* A map is mostly flat colour: where four pixels are those above
     * them, their twelve bytes are zeros (a third of the PNG's time went
     * to this loop). */
    while (x < w)
      {
        if (x + 4 <= w && memcmp (src + x, up + x, 4 * sizeof (guint32)) == 0)
          {
            memset (o + 3 * x, 0, 12);
            x += 4;
            continue;
          }
        for (int end = MIN (x + 4, w); x < end; x++)
          {
            guint32 p = src[x], q = up[x];

            o[3 * x] = (guchar) ((p >> 16) - (q >> 16));
            o[3 * x + 1] = (guchar) ((p >> 8) - (q >> 8));
            o[3 * x + 2] = (guchar) (p - q);
          }
      }
  }
}

/* Rows y0 to y1 of an image compressed on their own (raw deflate, no
 * zlib header): a part of the image's stream that ends on a byte (a sync
 * flush) or, for the last part, ends the stream. */
typedef struct {
  const guchar *data;
  int           stride, w, y0, y1;
  gboolean      last;
  GByteArray   *out;
  uLong         adler;      /* of the filtered rows */
  gboolean      ok;
} PngPart;

static gpointer
compress_part (gpointer data)
{
  PngPart *p = data;
  gsize row_bytes = (gsize) p->w * 3 + 1;
  g_autofree guchar *row = g_malloc (row_bytes);
  g_autofree guchar *buf = g_malloc (RA_PNG_IDAT_BYTES);
  z_stream z = { 0 };
  int flush = p->last ? Z_FINISH : Z_SYNC_FLUSH;

  p->ok = FALSE;
  p->adler = adler32 (0L, Z_NULL, 0);
  if (deflateInit2 (&z, 1, Z_DEFLATED, -15, 8, Z_RLE) != Z_OK)
    return NULL;
  for (int y = p->y0; y < p->y1; y++)
    {
      filter_row (p->data, p->stride, p->w, y, row);
      p->adler = adler32 (p->adler, row, (uInt) row_bytes);
      z.next_in = row;
      z.avail_in = (uInt) row_bytes;
      do
        {
          z.next_out = buf;
          z.avail_out = RA_PNG_IDAT_BYTES;
          if (deflate (&z, Z_NO_FLUSH) == Z_STREAM_ERROR)
            goto out;
          g_byte_array_append (p->out, buf, RA_PNG_IDAT_BYTES - z.avail_out);
        }
      while (z.avail_out == 0);
    }
  for (;;)
    {
      int ret;

      z.next_out = buf;
      z.avail_out = RA_PNG_IDAT_BYTES;
      ret = deflate (&z, flush);
      if (ret == Z_STREAM_ERROR)
        goto out;
      g_byte_array_append (p->out, buf, RA_PNG_IDAT_BYTES - z.avail_out);
      if (flush == Z_FINISH ? ret == Z_STREAM_END : z.avail_out != 0)
        break;
    }
  p->ok = TRUE;
out:
  deflateEnd (&z);
  return NULL;
}

/* The image data as one zlib stream compressed in two halves side by side
 * (a second thread for the top half): the halves' raw deflate data one
 * after the other (the first ends with a sync flush, so the second starts
 * on a byte with a fresh window) between a zlib header and the Adler-32 of
 * all the rows.  The file is a little larger (the bottom half cannot refer
 * back to the top); the pixels are the same.  Returns: (transfer full)
 * (nullable) */
static GByteArray *
compress_halves (const guchar *data, int stride, int w, int h)
{
  gsize row_bytes = (gsize) w * 3 + 1;
  PngPart top = { data, stride, w, 0, h / 2, FALSE, g_byte_array_new (), 0, FALSE };
  PngPart bottom = { data, stride, w, h / 2, h, TRUE, g_byte_array_new (), 0, FALSE };
  static const guchar zlib_head[2] = { 0x78, 0x01 };   /* deflate, 32 KB window, fastest */
  GByteArray *stream = NULL;
  GThread *thread;

  thread = g_thread_new ("ra-png", compress_part, &top);
  compress_part (&bottom);
  g_thread_join (thread);
  if (top.ok && bottom.ok)
    {
      uLong adler = adler32_combine (top.adler, bottom.adler,
                                     (z_off_t) ((gsize) (h - h / 2) * row_bytes));
      guchar tail[4] = { adler >> 24, adler >> 16, adler >> 8, adler };

      stream = g_byte_array_sized_new (top.out->len + bottom.out->len + 6);
      g_byte_array_append (stream, zlib_head, 2);
      g_byte_array_append (stream, top.out->data, top.out->len);
      g_byte_array_append (stream, bottom.out->data, bottom.out->len);
      g_byte_array_append (stream, tail, 4);
    }
  g_byte_array_unref (top.out);
  g_byte_array_unref (bottom.out);
  return stream;
}

/* Writes an opaque image as an 8-bit RGB PNG: the "up" row filter and
 * zlib's fastest level with run-length matching, one row at a time.  A map
 * is mostly flat colour, so the up filter turns most of it into runs of
 * zeros, which this compresses 1.5-2x faster than libdeflate's level 1 on a
 * whole-image buffer (and ~4x faster than cairo's writer, zlib's default
 * level with adaptive filters), for files 5-10 % larger; only a row is
 * held instead of two copies of the image (6 MB each at 1920x1080, every
 * page of them a page fault).  With two threads (ra_get_n_threads) a large
 * image is compressed in two halves side by side (compress_halves).
 * Returns CAIRO_STATUS_INVALID_FORMAT (nothing written) when the image is
 * not opaque RGB (the caller then uses cairo's writer). */
cairo_status_t
ra_png_write_opaque (cairo_surface_t *image, const char *path)
{
  int w = cairo_image_surface_get_width (image);
  int h = cairo_image_surface_get_height (image);
  int stride = cairo_image_surface_get_stride (image);
  cairo_format_t format = cairo_image_surface_get_format (image);
  const guchar *data;
  gsize row_bytes = (gsize) w * 3 + 1;
  g_autofree guchar *row = NULL;
  g_autofree guchar *out = NULL;
  g_autoptr(GByteArray) halves = NULL;
  guchar ihdr[13] = { w >> 24, w >> 16, w >> 8, w, h >> 24, h >> 16, h >> 8, h,
                      8, 2, 0, 0, 0 };
  static const guchar signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  z_stream z = { 0 };
  FILE *f;
  gboolean ok;

  if (format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_RGB24)
    return CAIRO_STATUS_INVALID_FORMAT;
  cairo_surface_flush (image);
  data = cairo_image_surface_get_data (image);
  if (format == CAIRO_FORMAT_ARGB32)
    for (int y = 0; y < h; y++)
      {
        const guint32 *src = (const guint32 *) (gconstpointer) (data + (gsize) y * stride);
        guint32 all = 0xffffffffu;

        for (int x = 0; x < w; x++)
          all &= src[x];
        if ((all >> 24) != 0xff)
          return CAIRO_STATUS_INVALID_FORMAT;
      }
  if (h >= RA_PNG_SPLIT_MIN_ROWS && ra_get_n_threads () >= 2)
    {
      halves = compress_halves (data, stride, w, h);
      if (halves == NULL)
        return CAIRO_STATUS_NO_MEMORY;
    }
  else
    {
      row = g_try_malloc (row_bytes);
      out = g_try_malloc (RA_PNG_IDAT_BYTES);
      if (row == NULL || out == NULL)
        return CAIRO_STATUS_NO_MEMORY;
      if (deflateInit2 (&z, 1, Z_DEFLATED, 15, 8, Z_RLE) != Z_OK)
        return CAIRO_STATUS_NO_MEMORY;
    }
  f = fopen (path, "wb");
  if (f == NULL)
    {
      if (halves == NULL)
        deflateEnd (&z);
      return CAIRO_STATUS_WRITE_ERROR;
    }
  ok = fwrite (signature, 1, 8, f) == 8 && png_chunk (f, "IHDR", ihdr, sizeof ihdr);
  if (halves != NULL)
    for (guint i = 0; ok && i < halves->len; i += RA_PNG_IDAT_BYTES)
      ok = png_chunk (f, "IDAT", halves->data + i, MIN ((gsize) RA_PNG_IDAT_BYTES, halves->len - i));
  else
    {
      for (int y = 0; ok && y < h; y++)
        {
          filter_row (data, stride, w, y, row);
          z.next_in = row;
          z.avail_in = (uInt) row_bytes;
          ok = deflate_rows (&z, out, f, Z_NO_FLUSH);
        }
      ok = ok && deflate_rows (&z, out, f, Z_FINISH);
      deflateEnd (&z);
    }
  ok = ok && png_chunk (f, "IEND", NULL, 0);
  if (fclose (f) != 0)
    ok = FALSE;
  return ok ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}
