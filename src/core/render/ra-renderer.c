/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <cpl_conv.h>

#include "ra-paths.h"
#include "ra-autocleanups.h"
#include "ra-error.h"
#include "ra-legend.h"
#include "ra-renderer.h"
#include "ra-packed-private.h"

#define RA_DEFAULT_LABEL_FONT "Noto Sans CJK SC 10"
#define RA_SCALEBAR_FONT "Noto Sans CJK SC 9"
/* How often the feature loops look at the GCancellable. */
#define RA_CANCEL_EVERY 2000
/* cairo 1.16 is much slower on one giant path than on many small ones
 * (shared/bench/RESULTS.md), so batched strokes are flushed in chunks. */
#define RA_STROKE_CHUNK_VERTICES 512
/* Lines up to this width are stroked with cheaper joins, ends and
 * antialiasing (see draw_layer). */
#define RA_THIN_LINE_PX 1.25
/* Level of detail: vertex spacing below which vertices are dropped. */
#define RA_LOD_PX 1.0
/* cairo's 24.8 fixed point overflows near 8e6 px; keep well inside. */
#define RA_DEVICE_CLAMP 4.0e6
/* Fixed creation date so PDF output is reproducible. */
#define RA_PDF_CREATE_DATE "2024-01-01T00:00:00Z"

/* ------------------------------------------------------------------ */
/* Snapshot                                                           */

typedef struct {
  RaLayerData *data;      /* owned ref */
  RaStyle     *style;     /* owned copy */
  char        *name;      /* owned */
  double       opacity;
} SnapLayer;

struct _RaMapSnapshot {
  gatomicrefcount ref_count;
  /* owned */
  RaCrs     *crs;         /* nullable */
  GPtrArray *layers;      /* SnapLayer*, bottom to top */
};

static void
snap_layer_free (SnapLayer *sl)
{
  g_clear_pointer (&sl->data, ra_layer_data_unref);
  g_clear_pointer (&sl->style, ra_style_free);
  g_free (sl->name);
  g_free (sl);
}

/**
 * ra_map_snapshot_new:
 * @map: the map (main thread)
 *
 * Takes references to the current data of every visible layer with a copy
 * of its style and opacity, bottom layer first.
 *
 * Returns: (transfer full): a new snapshot
 */
RaMapSnapshot *
ra_map_snapshot_new (RaMap *map)
{
  RaMapSnapshot *snap;
  RaCrs *crs;
  guint n;

  g_return_val_if_fail (RA_IS_MAP (map), NULL);

  snap = g_new0 (RaMapSnapshot, 1);
  g_atomic_ref_count_init (&snap->ref_count);
  crs = ra_map_get_crs (map);
  snap->crs = crs != NULL ? ra_crs_ref (crs) : NULL;
  snap->layers = g_ptr_array_new_with_free_func ((GDestroyNotify) snap_layer_free);

  n = ra_map_get_n_layers (map);
  /* Position 0 is the top layer: walk from the bottom up. */
  for (guint i = n; i-- > 0;)
    {
      RaLayer *layer = ra_map_get_layer (map, i);
      const RaStyle *style;
      RaLayerData *data;
      SnapLayer *sl;

      if (layer == NULL || !ra_layer_get_visible (layer))
        continue;
      data = ra_layer_dup_data (layer);
      if (data == NULL)
        continue;

      sl = g_new0 (SnapLayer, 1);
      sl->data = data;
      style = ra_layer_get_style (layer);
      sl->style = style != NULL ? ra_style_copy (style)
                                : ra_style_new_default (ra_layer_get_kind (layer), i);
      sl->opacity = CLAMP (ra_layer_get_opacity (layer), 0.0, 1.0);
      sl->name = g_strdup (ra_layer_get_name (layer));
      g_ptr_array_add (snap->layers, sl);
    }
  return snap;
}

/**
 * ra_map_snapshot_ref:
 *
 * Returns: (transfer full): @snap
 */
RaMapSnapshot *
ra_map_snapshot_ref (RaMapSnapshot *snap)
{
  g_return_val_if_fail (snap != NULL, NULL);

  g_atomic_ref_count_inc (&snap->ref_count);
  return snap;
}

void
ra_map_snapshot_unref (RaMapSnapshot *snap)
{
  if (snap == NULL)
    return;
  if (!g_atomic_ref_count_dec (&snap->ref_count))
    return;
  g_clear_pointer (&snap->crs, ra_crs_unref);
  g_ptr_array_unref (snap->layers);
  g_free (snap);
}

/**
 * ra_map_snapshot_get_crs:
 *
 * Returns: (nullable) (transfer none): the map CRS at snapshot time
 */
RaCrs *
ra_map_snapshot_get_crs (RaMapSnapshot *snap)
{
  g_return_val_if_fail (snap != NULL, NULL);

  return snap->crs;
}

guint
ra_map_snapshot_get_n_layers (RaMapSnapshot *snap)
{
  g_return_val_if_fail (snap != NULL, 0);

  return snap->layers->len;
}

static SnapLayer *
snap_layer_at (RaMapSnapshot *snap, guint i)
{
  g_return_val_if_fail (snap != NULL, NULL);
  g_return_val_if_fail (i < snap->layers->len, NULL);

  return g_ptr_array_index (snap->layers, i);
}

/** ra_map_snapshot_get_layer_data: Returns: (transfer none) layer i's data (0 = bottom) */
RaLayerData *
ra_map_snapshot_get_layer_data (RaMapSnapshot *snap, guint i)
{
  SnapLayer *sl = snap_layer_at (snap, i);

  return sl != NULL ? sl->data : NULL;
}

/** ra_map_snapshot_get_layer_style: Returns: (transfer none) layer i's style */
const RaStyle *
ra_map_snapshot_get_layer_style (RaMapSnapshot *snap, guint i)
{
  SnapLayer *sl = snap_layer_at (snap, i);

  return sl != NULL ? sl->style : NULL;
}

/** ra_map_snapshot_get_layer_name: Returns: (transfer none) (nullable) layer i's name */
const char *
ra_map_snapshot_get_layer_name (RaMapSnapshot *snap, guint i)
{
  SnapLayer *sl = snap_layer_at (snap, i);

  return sl != NULL ? sl->name : NULL;
}

double
ra_map_snapshot_get_layer_opacity (RaMapSnapshot *snap, guint i)
{
  SnapLayer *sl = snap_layer_at (snap, i);

  return sl != NULL ? sl->opacity : 0.0;
}

void
ra_render_options_init (RaRenderOptions *opts)
{
  g_return_if_fail (opts != NULL);

  memset (opts, 0, sizeof *opts);
  opts->draw_background = TRUE;
  opts->background = (RaColor) { 1.0, 1.0, 1.0, 1.0 };
  opts->draw_labels = TRUE;
  opts->label_scale = 1.0;
  opts->symbol_scale = 1.0;
}

/* ------------------------------------------------------------------ */
/* World to device with pixel level of detail                         */

typedef struct {
  double cx, cy, inv_res, half_w, half_h;
} Xform;

static void
xform_init (Xform *xf, const RaView *view)
{
  xf->cx = view->cx;
  xf->cy = view->cy;
  xf->inv_res = 1.0 / view->resolution;
  xf->half_w = view->width / 2.0;
  xf->half_h = view->height / 2.0;
}

static inline void
xform_point (const Xform *xf, double x, double y, double *px, double *py)
{
  *px = CLAMP ((x - xf->cx) * xf->inv_res + xf->half_w, -RA_DEVICE_CLAMP, RA_DEVICE_CLAMP);
  *py = CLAMP (xf->half_h - (y - xf->cy) * xf->inv_res, -RA_DEVICE_CLAMP, RA_DEVICE_CLAMP);
}

/* Device-space copies of the visible parts after level of detail, so the
 * fill and the batched stroke pass do not transform twice. */
typedef struct {
  GArray *xy;          /* double pairs */
  GArray *part_start;  /* guint: first point of each part; one extra at the end */
  GArray *feat_start;  /* guint: first part of each feature; one extra at the end */
} DevBuf;

static void
dev_buf_init (DevBuf *buf)
{
  buf->xy = g_array_new (FALSE, FALSE, sizeof (double));
  buf->part_start = g_array_new (FALSE, FALSE, sizeof (guint));
  buf->feat_start = g_array_new (FALSE, FALSE, sizeof (guint));
}

static void
dev_buf_reset (DevBuf *buf)
{
  g_array_set_size (buf->xy, 0);
  g_array_set_size (buf->part_start, 0);
  g_array_set_size (buf->feat_start, 0);
}

static void
dev_buf_clear (DevBuf *buf)
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
static void
dev_buf_seal (DevBuf *buf)
{
  guint np = dev_buf_n_points (buf);
  guint nparts = buf->part_start->len;

  g_array_append_val (buf->part_start, np);
  g_array_append_val (buf->feat_start, nparts);
}

static inline guint
dev_buf_n_features (const DevBuf *buf)
{
  return buf->feat_start->len > 0 ? buf->feat_start->len - 1 : 0;
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

/* dev_buf_add_geometry for packed coordinates (big layers at full
 * detail): a step on the grid smaller than a pixel from the last kept
 * vertex is dropped before it is turned into a double or transformed, so a
 * coarse view of millions of vertices costs little more than decoding. */
static guint
dev_buf_add_packed (DevBuf *buf, const Xform *xf, const RaGeometry *geom)
{
  const RaPacked *pk = geom->packed;
  const guint8 *p = pk->bytes;
  const double ox = pk->ox, oy = pk->oy, q = pk->q;
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
          gint64 d;

          p = ra_packed_get_varint (p, &d);
          gx += d;
          p = ra_packed_get_varint (p, &d);
          gy += d;
          if (i > a && i + 1 < b && ABS (gx - lx) <= lim && ABS (gy - ly) <= lim)
            continue;
          xform_point (xf, ox + q * (double) gx, oy + q * (double) gy, &px, &py);
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

/* Appends one geometry, dropping consecutive vertices that fall within the
 * device pixel centred on the last kept one (less than RA_LOD_PX away in x
 * and in y; the last vertex of a part is always kept so rings and lines end
 * where they should).  Unlike a fixed pixel grid this also thins walks that
 * zig-zag across pixel borders, which halves the vertices of quantised
 * boundary data and matches QGIS's and MapServer's 1 px simplification. */
static guint
dev_buf_add_geometry (DevBuf *buf, const Xform *xf, const RaGeometry *geom, const double *gxy)
{
  guint kept = 0;
  guint part_index = buf->part_start->len;

  g_array_append_val (buf->feat_start, part_index);
  for (guint p = 0; p < geom->n_parts; p++)
    {
      guint a = geom->parts[p], b = geom->parts[p + 1];
      double last_x = -G_MAXDOUBLE, last_y = -G_MAXDOUBLE;
      double *out;
      guint start, w = 0;

      if (b <= a)
        continue;
      out = dev_buf_begin_part (buf, b - a, &start);
      for (guint i = a; i < b; i++)
        {
          double px, py;

          xform_point (xf, gxy[2 * i], gxy[2 * i + 1], &px, &py);
          if (fabs (px - last_x) < RA_LOD_PX && fabs (py - last_y) < RA_LOD_PX && i + 1 < b)
            continue;
          last_x = out[2 * w] = px;
          last_y = out[2 * w + 1] = py;
          w++;
        }
      dev_buf_end_part (buf, start, w);
      kept += w;
    }
  return kept;
}

static void
path_add_parts (cairo_t *cr, const DevBuf *buf, guint part0, guint part1, gboolean close)
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
static void
stroke_chunked (cairo_t *cr, const DevBuf *buf, gboolean close)
{
  const guint *ps = (const guint *) (gpointer) buf->part_start->data;
  guint n_parts = buf->part_start->len > 0 ? buf->part_start->len - 1 : 0;
  guint chunk_first = 0;

  cairo_new_path (cr);
  for (guint p = 0; p < n_parts; p++)
    {
      path_add_parts (cr, buf, p, p + 1, close);
      if (ps[p + 1] - ps[chunk_first] >= RA_STROKE_CHUNK_VERTICES || p + 1 == n_parts)
        {
          cairo_stroke (cr);
          chunk_first = p + 1;
        }
    }
  cairo_new_path (cr);
}

/* ------------------------------------------------------------------ */
/* Direct drawing into image surfaces                                 */
/*
 * cairo 1.16's stroker and scan converter cost about 300 ns per vertex of a
 * 1 px line, far more than the pixels they touch (shared/bench/RESULTS.md).
 * For the common cases of big layers, thin solid lines and outlines and
 * small point markers, the renderer writes the pixels itself when cr draws
 * straight onto an ARGB32/RGB24 image (no group, an integer translation,
 * a rectangular clip, OVER).  Anything else goes through cairo as before.
 */

typedef struct {
  guint32 *data;
  int      stride;          /* in pixels */
  int      tx, ty;          /* device = user + (tx, ty) */
  int      cx0, cy0, cx1, cy1;  /* clip, device pixels, [x0, x1) */
  cairo_surface_t *target;
} Raster;

static gboolean
raster_begin (cairo_t *cr, Raster *r)
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

static void
raster_end (Raster *r)
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
  double dx = x1 - x0, dy = y1 - y0;

  if (fabs (dx) >= fabs (dy))
    {
      double m, t;
      int c0, c1, step;

      if (dx == 0.0)
        return;
      if ((y0 < r->cy0 - 2 && y1 < r->cy0 - 2) || (y0 > r->cy1 + 2 && y1 > r->cy1 + 2))
        return;
      m = dy / dx;
      t = width * sqrt (1.0 + m * m);
      if (dx > 0)
        {
          c0 = (int) ceil (x0 - 0.5);
          c1 = last ? (int) floor (x1 - 0.5) : (int) ceil (x1 - 0.5) - 1;
          c0 = MAX (c0, r->cx0);
          c1 = MIN (c1, r->cx1 - 1);
          step = 1;
          if (c1 < c0)
            return;
        }
      else
        {
          c0 = (int) floor (x0 - 0.5);
          c1 = last ? (int) ceil (x1 - 0.5) : (int) floor (x1 - 0.5) + 1;
          c0 = MIN (c0, r->cx1 - 1);
          c1 = MAX (c1, r->cx0);
          step = -1;
          if (c1 > c0)
            return;
        }
      for (int c = c0;; c += step)
        {
          double yc = y0 + (c + 0.5 - x0) * m;
          guint32 *col = r->data + c;

          HAIRLINE_SPAN (yc, t, r->cy0, r->cy1, col + (gsize) k_ * r->stride);
          if (c == c1)
            break;
        }
    }
  else
    {
      double m = dx / dy, t;
      int c0, c1, step;

      if ((x0 < r->cx0 - 2 && x1 < r->cx0 - 2) || (x0 > r->cx1 + 2 && x1 > r->cx1 + 2))
        return;
      t = width * sqrt (1.0 + m * m);
      if (dy > 0)
        {
          c0 = (int) ceil (y0 - 0.5);
          c1 = last ? (int) floor (y1 - 0.5) : (int) ceil (y1 - 0.5) - 1;
          c0 = MAX (c0, r->cy0);
          c1 = MIN (c1, r->cy1 - 1);
          step = 1;
          if (c1 < c0)
            return;
        }
      else
        {
          c0 = (int) floor (y0 - 0.5);
          c1 = last ? (int) ceil (y1 - 0.5) : (int) floor (y1 - 0.5) + 1;
          c0 = MIN (c0, r->cy1 - 1);
          c1 = MAX (c1, r->cy0);
          step = -1;
          if (c1 > c0)
            return;
        }
      for (int c = c0;; c += step)
        {
          double xc = x0 + (c + 0.5 - y0) * m;
          guint32 *row = r->data + (gsize) c * r->stride;

          HAIRLINE_SPAN (xc, t, r->cx0, r->cx1, row + k_);
          if (c == c1)
            break;
        }
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

/* Lines and outlines up to this width are drawn by hairline_stroke. */
#define RA_HAIRLINE_MAX_PX 1.5

/* Strokes every part of buf (closed rings when close) with a solid colour
 * straight into the image behind cr; FALSE (nothing drawn) when cr is not
 * a plain image target or the line is too wide: the caller then strokes
 * with cairo. */
static gboolean
stroke_hairline (cairo_t *cr, const DevBuf *buf, gboolean close, const RaColor *color, double width,
                 GCancellable *cancellable)
{
  const double *xy = (const double *) (gpointer) buf->xy->data;
  const guint *ps = (const guint *) (gpointer) buf->part_start->data;
  guint n_parts = buf->part_start->len > 0 ? buf->part_start->len - 1 : 0;
  guint32 src = premultiplied_pixel (color);
  g_autoptr(GHashTable) dots = NULL;
  Raster r;

  if (!(width > 0.0) || width > RA_HAIRLINE_MAX_PX || !raster_begin (cr, &r))
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
  raster_end (&r);
  return TRUE;
}

/* Point markers as pre-rendered stamps: the marker drawn by cairo at 4 x 4
 * sub-pixel offsets, then copied (OVER) into the image per point.  100 k
 * markers: about 5 ms instead of cairo's path filling. */
#define RA_STAMP_SUB 4
#define RA_STAMP_MAX_PX 48

typedef struct {
  cairo_surface_t *tiles;   /* RA_STAMP_SUB^2 tiles of size x size, in a row */
  int              size, half;
} Stamp;

static void path_add_marker (cairo_t *cr, RaMarker marker, double x, double y, double r);
static void paint_marker_path (cairo_t *cr, const RaColor *fill, const RaStyleClass *pattern,
                               const RaColor *stroke);

static gboolean
stamp_init (Stamp *sp, RaMarker marker, double radius, const RaColor *fill,
            const RaColor *stroke, double stroke_width)
{
  double extent = radius * 1.25 + (stroke != NULL ? stroke_width / 2.0 : 0.0) + 1.5;
  cairo_t *cr;

  sp->tiles = NULL;
  if (!(extent * 2.0 <= RA_STAMP_MAX_PX))
    return FALSE;
  sp->half = (int) ceil (extent);
  sp->size = 2 * sp->half + 2;
  sp->tiles = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, sp->size * RA_STAMP_SUB * RA_STAMP_SUB,
                                          sp->size);
  if (cairo_surface_status (sp->tiles) != CAIRO_STATUS_SUCCESS)
    {
      g_clear_pointer (&sp->tiles, cairo_surface_destroy);
      return FALSE;
    }
  cr = cairo_create (sp->tiles);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_GRAY);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  cairo_set_line_width (cr, stroke_width);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (int qy = 0; qy < RA_STAMP_SUB; qy++)
    for (int qx = 0; qx < RA_STAMP_SUB; qx++)
      {
        int tile = qy * RA_STAMP_SUB + qx;

        cairo_save (cr);
        cairo_rectangle (cr, tile * sp->size, 0, sp->size, sp->size);
        cairo_clip (cr);
        cairo_new_path (cr);
        path_add_marker (cr, marker, tile * sp->size + sp->half + (double) qx / RA_STAMP_SUB,
                         sp->half + (double) qy / RA_STAMP_SUB, radius);
        paint_marker_path (cr, fill, NULL, stroke);
        cairo_restore (cr);
      }
  cairo_destroy (cr);
  cairo_surface_flush (sp->tiles);
  return TRUE;
}

static void
stamp_clear (Stamp *sp)
{
  g_clear_pointer (&sp->tiles, cairo_surface_destroy);
}

/* OVER of premultiplied s onto d, each channel d * (255 - sa) / 255
 * rounded as pixman does (so opaque stays exactly opaque). */
static inline guint32
over_pixel (guint32 s, guint32 d)
{
  guint32 inv = 255 - (s >> 24);
  guint32 rb = (d & 0x00ff00ffu) * inv + 0x00800080u;
  guint32 ag = ((d >> 8) & 0x00ff00ffu) * inv + 0x00800080u;

  rb = ((rb + ((rb >> 8) & 0x00ff00ffu)) >> 8) & 0x00ff00ffu;
  ag = ((ag + ((ag >> 8) & 0x00ff00ffu)) >> 8) & 0x00ff00ffu;
  return s + (rb | (ag << 8));
}

static void
stamp_at (const Raster *r, const Stamp *sp, double x, double y)
{
  const guint32 *tiles = (const guint32 *) (gpointer) cairo_image_surface_get_data (sp->tiles);
  int tstride = cairo_image_surface_get_stride (sp->tiles) / 4;
  double X = floor ((x + r->tx) * RA_STAMP_SUB + 0.5), Y = floor ((y + r->ty) * RA_STAMP_SUB + 0.5);
  int ix, iy, qx, qy, x0, y0;

  if (!(fabs (X) < 1e8 && fabs (Y) < 1e8))
    return;
  ix = (int) floor (X / RA_STAMP_SUB);
  iy = (int) floor (Y / RA_STAMP_SUB);
  qx = (int) X - ix * RA_STAMP_SUB;
  qy = (int) Y - iy * RA_STAMP_SUB;
  x0 = ix - sp->half;
  y0 = iy - sp->half;
  if (x0 >= r->cx1 || y0 >= r->cy1 || x0 + sp->size <= r->cx0 || y0 + sp->size <= r->cy0)
    return;
  tiles += (qy * RA_STAMP_SUB + qx) * sp->size;
  for (int j = MAX (0, r->cy0 - y0); j < sp->size && y0 + j < r->cy1; j++)
    {
      const guint32 *srow = tiles + (gsize) j * tstride;
      guint32 *drow = r->data + (gsize) (y0 + j) * r->stride + x0;

      for (int i = MAX (0, r->cx0 - x0); i < sp->size && x0 + i < r->cx1; i++)
        {
          guint32 s = srow[i];

          if (s == 0)
            continue;
          drow[i] = (s >> 24) == 255 ? s : over_pixel (s, drow[i]);
        }
    }
}

static void
path_add_marker (cairo_t *cr, RaMarker marker, double x, double y, double r)
{
  switch (marker)
    {
    case RA_MARKER_SQUARE:
      cairo_rectangle (cr, x - r, y - r, 2 * r, 2 * r);
      break;
    case RA_MARKER_TRIANGLE:
      {
        /* Equilateral, centred on its centroid, a little larger than the
         * circle so all markers look the same weight. */
        double R = r * 1.25;
        cairo_move_to (cr, x, y - R);
        cairo_line_to (cr, x + R * 0.8660254, y + R * 0.5);
        cairo_line_to (cr, x - R * 0.8660254, y + R * 0.5);
        cairo_close_path (cr);
      }
      break;
    case RA_MARKER_DIAMOND:
      {
        double R = r * 1.2;
        cairo_move_to (cr, x, y - R);
        cairo_line_to (cr, x + R, y);
        cairo_line_to (cr, x, y + R);
        cairo_line_to (cr, x - R, y);
        cairo_close_path (cr);
      }
      break;
    case RA_MARKER_CIRCLE:
    default:
      if (r <= 3.0)
        {
          /* A small circle as a 12-gon (at most 0.1 px off the circle):
           * no sin/cos and no curve flattening per marker, which is most
           * of the time of 100 k points drawn with cairo_arc. */
          static const double c12[12][2] = {
            { 1, 0 }, { 0.8660254, 0.5 }, { 0.5, 0.8660254 }, { 0, 1 },
            { -0.5, 0.8660254 }, { -0.8660254, 0.5 }, { -1, 0 }, { -0.8660254, -0.5 },
            { -0.5, -0.8660254 }, { 0, -1 }, { 0.5, -0.8660254 }, { 0.8660254, -0.5 },
          };

          cairo_move_to (cr, x + r * c12[0][0], y + r * c12[0][1]);
          for (int k = 1; k < 12; k++)
            cairo_line_to (cr, x + r * c12[k][0], y + r * c12[k][1]);
          cairo_close_path (cr);
          break;
        }
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      cairo_close_path (cr);
      break;
    }
}

static inline void
set_color (cairo_t *cr, const RaColor *c)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a);
}

static inline gboolean
color_visible (const RaColor *c)
{
  return c->a > 0.0;
}

/* ------------------------------------------------------------------ */
/* Labels                                                             */

typedef struct {
  double      x, y;        /* device anchor */
  double      priority;    /* bbox area (polygons) or length (lines) */
  int         kind_rank;   /* polygons before lines before points */
  guint       order;       /* stable tie-break: collection order */
  guint       layer;       /* index into the snapshot's layers */
  const char *text;        /* borrowed from the layer's attribute table */
  double      avoid_r;     /* > 0: a symbol (proportional or a point marker) of
                            * this radius sits on the anchor, so the label goes
                            * beside it */
  gboolean    marker;      /* beside a point marker: right of it first, as
                            * cartographers place point names */
} LabelCandidate;

static double
line_length (const RaGeometry *geom)
{
  g_auto(RaCoordScratch) coords = RA_COORD_SCRATCH_INIT;
  const double *xy = ra_geometry_coords (geom, &coords);
  double len = 0.0;

  for (guint p = 0; p < geom->n_parts; p++)
    for (guint i = geom->parts[p] + 1; i < geom->parts[p + 1]; i++)
      len += hypot (xy[2 * i] - xy[2 * i - 2], xy[2 * i + 1] - xy[2 * i - 1]);
  return len;
}

static int
compare_candidates (gconstpointer pa, gconstpointer pb)
{
  const LabelCandidate *a = pa, *b = pb;

  if (a->kind_rank != b->kind_rank)
    return a->kind_rank > b->kind_rank ? -1 : 1;
  if (a->priority != b->priority)
    return a->priority > b->priority ? -1 : 1;
  return a->order < b->order ? -1 : (a->order > b->order ? 1 : 0);
}

static gboolean
boxes_overlap (const RaBBox *a, const RaBBox *b)
{
  return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

static PangoFontDescription *
label_font_for_style (const RaStyle *style, double scale)
{
  const char *font = style->label_font != NULL && *style->label_font != '\0'
                     ? style->label_font : RA_DEFAULT_LABEL_FONT;
  PangoFontDescription *desc = pango_font_description_from_string (font);
  int size = pango_font_description_get_size (desc);

  if (size <= 0)
    size = 10 * PANGO_SCALE;
  if (!(scale > 0.0))
    scale = 1.0;
  if (pango_font_description_get_size_is_absolute (desc))
    pango_font_description_set_absolute_size (desc, size * scale);
  else
    pango_font_description_set_size (desc, (int) (size * scale + 0.5));
  return desc;
}

/* A Pango context whose text metrics do not depend on the target surface:
 * no metric hinting and unrounded glyph positions, so a label is placed
 * (and collides) identically on screen, in PNG, PDF and SVG. */
static PangoContext *
create_label_context (cairo_t *cr)
{
  PangoFontMap *font_map = pango_cairo_font_map_get_default ();
  PangoContext *ctx = pango_font_map_create_context (font_map);
  cairo_font_options_t *fo = cairo_font_options_create ();

  cairo_font_options_set_hint_metrics (fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (fo, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (ctx, fo);
  cairo_font_options_destroy (fo);
  pango_context_set_round_glyph_positions (ctx, FALSE);
  pango_cairo_update_context (cr, ctx);
  return ctx;
}

static gboolean
label_box_fits (const RaBBox *box, const RaView *view, GArray *placed)
{
  if (box->x0 < 0 || box->y0 < 0 || box->x1 > view->width || box->y1 > view->height)
    return FALSE;
  for (guint j = 0; j < placed->len; j++)
    if (boxes_overlap (box, &g_array_index (placed, RaBBox, j)))
      return FALSE;
  return TRUE;
}

/* obstacles: device boxes (proportional symbols) labels must not cover. */
static void
draw_labels (cairo_t *cr, RaMapSnapshot *snap, const RaView *view,
             const RaRenderOptions *opts, GArray *candidates, GArray *obstacles,
             RaRenderStats *stats)
{
  PangoContext *ctx;
  PangoLayout *layout;
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (RaBBox));
  g_autoptr(GPtrArray) fonts = g_ptr_array_new_with_free_func ((GDestroyNotify) pango_font_description_free);

  if (candidates->len == 0)
    return;

  g_array_append_vals (placed, obstacles->data, obstacles->len);
  g_array_sort (candidates, compare_candidates);
  for (guint i = 0; i < snap->layers->len; i++)
    {
      SnapLayer *sl = g_ptr_array_index (snap->layers, i);
      g_ptr_array_add (fonts, label_font_for_style (sl->style, opts->label_scale));
    }

  ctx = create_label_context (cr);
  layout = pango_layout_new (ctx);
  cairo_save (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  for (guint i = 0; i < candidates->len; i++)
    {
      const LabelCandidate *c = &g_array_index (candidates, LabelCandidate, i);
      const RaStyle *style = ((SnapLayer *) g_ptr_array_index (snap->layers, c->layer))->style;
      double halo = MAX (style->label_halo_px, 0.0) * (opts->label_scale > 0 ? opts->label_scale : 1.0);
      PangoRectangle logical;
      double w, h, ox = 0, oy = 0;
      RaBBox box = { 0 };
      gboolean ok = FALSE;

      pango_layout_set_font_description (layout, g_ptr_array_index (fonts, c->layer));
      pango_layout_set_text (layout, c->text, -1);
      pango_layout_get_extents (layout, NULL, &logical);
      w = (double) logical.width / PANGO_SCALE;
      h = (double) logical.height / PANGO_SCALE;

      /* Where the label may go, best first: beside a symbol on the anchor
       * (below, above, right, left; right, above, below, left beside a
       * point marker), or on the anchor.  A label whose anchor lies under a
       * symbol of another layer (a county's name under the projects at its
       * seat) goes beside that symbol the same way.  A polygon's name may
       * then move off symbols and other labels by a line or two, or by half
       * its width, staying near its anchor. */
      double ax = c->x, ay = c->y, avoid_r = c->avoid_r;
      double spots[2 * 20];
      guint n_pos = 0;

      if (avoid_r <= 0.0)
        for (guint j = 0; j < obstacles->len; j++)
          {
            const RaBBox *o = &g_array_index (obstacles, RaBBox, j);

            if (ax >= o->x0 && ax <= o->x1 && ay >= o->y0 && ay <= o->y1)
              {
                ax = (o->x0 + o->x1) / 2.0;
                ay = (o->y0 + o->y1) / 2.0;
                avoid_r = MAX (o->x1 - o->x0, o->y1 - o->y0) / 2.0;
                break;
              }
          }
      if (avoid_r > 0.0)
        {
          static const guint marker_order[] = { 2, 1, 0, 3 };
          double gap = avoid_r + halo + 1.0;

          for (guint n = 0; n < 4; n++)
            {
              guint pos = c->marker ? marker_order[n] : n;
              double cx = ax, cy = ay;

              switch (pos)
                {
                case 0: cy += gap + h / 2.0; break;
                case 1: cy -= gap + h / 2.0; break;
                case 2: cx += gap + w / 2.0; break;
                default: cx -= gap + w / 2.0; break;
                }
              spots[2 * n_pos] = cx;
              spots[2 * n_pos++ + 1] = cy;
            }
        }
      else
        {
          spots[2 * n_pos] = c->x;
          spots[2 * n_pos++ + 1] = c->y;
        }
      if (c->kind_rank == 2)
        {
          /* (half widths, lines) from the anchor */
          static const signed char ring[][2] = {
            { 0, -1 }, { 0, 1 }, { 0, -2 }, { 0, 2 }, { -1, 0 }, { 1, 0 },
            { -1, -1 }, { 1, -1 }, { -1, 1 }, { 1, 1 }, { 0, -3 }, { 0, 3 },
          };
          double line = h + 2.0 * halo;

          for (guint n = 0; n < G_N_ELEMENTS (ring); n++)
            {
              spots[2 * n_pos] = c->x + ring[n][0] * (w / 2.0 + halo);
              spots[2 * n_pos++ + 1] = c->y + ring[n][1] * line;
            }
        }
      g_assert (n_pos <= G_N_ELEMENTS (spots) / 2);

      for (guint n = 0; !ok && n < n_pos; n++)
        {
          double cx = spots[2 * n], cy = spots[2 * n + 1];

          /* Layout origin so the logical box is centred on (cx, cy). */
          ox = cx - w / 2.0 - (double) logical.x / PANGO_SCALE;
          oy = cy - h / 2.0 - (double) logical.y / PANGO_SCALE;
          box.x0 = cx - w / 2.0 - halo;
          box.x1 = cx + w / 2.0 + halo;
          box.y0 = cy - h / 2.0 - halo;
          box.y1 = cy + h / 2.0 + halo;
          ok = label_box_fits (&box, view, placed);
        }
      if (!ok)
        {
          if (stats)
            stats->n_labels_skipped++;
          continue;
        }
      g_array_append_val (placed, box);
      if (stats)
        {
          stats->n_labels++;
          if (stats->label_boxes)
            g_array_append_val (stats->label_boxes, box);
        }

      if (halo > 0.0 && color_visible (&style->label_halo))
        {
          cairo_new_path (cr);
          cairo_move_to (cr, ox, oy);
          pango_cairo_layout_path (cr, layout);
          set_color (cr, &style->label_halo);
          cairo_set_line_width (cr, 2.0 * halo);
          cairo_stroke (cr);
        }
      /* show_layout keeps the text as text in PDF (selectable, searchable). */
      cairo_move_to (cr, ox, oy);
      set_color (cr, &style->label_color);
      pango_cairo_show_layout (cr, layout);
      cairo_new_path (cr);
    }
  cairo_restore (cr);
  g_object_unref (layout);
  g_object_unref (ctx);
}

/* ------------------------------------------------------------------ */
/* Drawing                                                            */

/* A proportional symbol waiting to be drawn (largest first). */
typedef struct {
  double              x, y, d;     /* device centre and diameter */
  const RaStyleClass *cls;         /* (nullable): size_fill / size_stroke */
  guint               id;          /* the feature (pie values) */
} Symbol;

typedef struct {
  cairo_t            *cr;
  const RaView       *view;
  Xform               xf;
  RaBBox              query;
  GCancellable       *cancellable;
  RaRenderStats      *stats;
  GArray             *ids;
  DevBuf              polys, lines;
  GArray             *points;      /* double pairs in device space */
  GArray             *labels;      /* LabelCandidate */
  gboolean            want_labels;
  /* Thematic styles: the class of each feature in polys and lines and of
   * each point (const RaStyleClass*, parallel arrays); the layer's
   * proportional symbols; the device boxes of every symbol drawn so far,
   * which labels avoid. */
  GPtrArray          *poly_cls, *line_cls, *point_cls;
  GArray             *symbols;     /* Symbol */
  GArray             *obstacles;   /* RaBBox */
  RaCoordScratch      coords;      /* packed geometries decoded */
} DrawState;

static gboolean
is_cancelled (DrawState *st)
{
  return st->cancellable != NULL && g_cancellable_is_cancelled (st->cancellable);
}

static void
collect_label (DrawState *st, const SnapLayer *sl, guint layer_index, int field,
               guint id, const RaGeometry *geom, double avoid_r, gboolean marker)
{
  LabelCandidate c = { 0 };
  const char *text;
  double x, y;

  if (sl->data->attrs == NULL || id >= sl->data->attrs->n_features)
    return;
  text = ra_attr_table_get (sl->data->attrs, id, field);
  if (text == NULL || *text == '\0')
    return;
  if (!ra_geometry_label_point (geom, &x, &y))
    return;

  xform_point (&st->xf, x, y, &c.x, &c.y);
  c.text = text;
  c.layer = layer_index;
  c.order = st->labels->len;
  c.avoid_r = avoid_r;
  c.marker = marker;
  switch (geom->kind)
    {
    case RA_GEOM_POLYGON:
      c.kind_rank = 2;
      c.priority = (geom->bbox.x1 - geom->bbox.x0) * (geom->bbox.y1 - geom->bbox.y0);
      break;
    case RA_GEOM_LINE:
      c.kind_rank = 1;
      c.priority = line_length (geom);
      break;
    case RA_GEOM_POINT:
    case RA_GEOM_NONE:
    default:
      c.kind_rank = 0;
      c.priority = 0.0;
      break;
    }
  g_array_append_val (st->labels, c);
}

/* How one layer's thematic style applies to its features. */
typedef struct {
  const RaStyle *style;
  gboolean       color_features;  /* fill each feature with its class */
  gboolean       color_symbols;   /* colour proportional symbols by class */
  int            field;           /* colour field in the attributes, -1: none */
  GHashTable    *values;          /* (nullable) text -> class, all classes categories */
  gboolean       proportional;
  int            size_field;
  double         size_max;        /* value drawn at style->size_max_px */
  int            pie_fields[RA_STYLE_MAX_PIE_FIELDS];   /* -1: missing */
  guint          n_pie_fields;    /* 0: no pies */
} Theme;

static void
theme_init (Theme *th, const SnapLayer *sl)
{
  const RaStyle *style = sl->style;
  const RaAttrTable *attrs = sl->data->attrs;
  gboolean all_values = style->n_classes > 0;

  memset (th, 0, sizeof *th);
  th->style = style;
  th->field = -1;
  th->size_field = -1;
  switch (style->kind)
    {
    case RA_STYLE_CATEGORIZED:
    case RA_STYLE_GRADUATED:
      th->color_features = TRUE;
      break;
    case RA_STYLE_PROPORTIONAL:
      th->proportional = TRUE;
      th->color_symbols = style->n_classes > 0 && style->field != NULL;
      break;
    case RA_STYLE_SINGLE:
    default:
      return;
    }
  if (attrs != NULL && style->field != NULL)
    th->field = ra_attr_table_field_index (attrs, style->field);
  for (guint i = 0; i < style->n_classes; i++)
    if (style->classes[i].value == NULL)
      all_values = FALSE;
  /* Many categories: hash them (the first of equal values wins, as in
   * ra_style_class_for_value). */
  if (all_values && style->n_classes > 8)
    {
      th->values = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = style->n_classes; i-- > 0;)
        g_hash_table_insert (th->values, style->classes[i].value, &style->classes[i]);
    }
  if (th->proportional)
    {
      if (attrs != NULL && style->size_field != NULL)
        th->size_field = ra_attr_table_field_index (attrs, style->size_field);
      th->size_max = ra_style_size_max_in_table (style, attrs);
      th->n_pie_fields = attrs != NULL ? MIN (style->n_pie_fields, RA_STYLE_MAX_PIE_FIELDS) : 0;
      for (guint i = 0; i < th->n_pie_fields; i++)
        th->pie_fields[i] = ra_attr_table_field_index (attrs, style->pie_fields[i].field);
    }
}

static void
theme_clear (Theme *th)
{
  g_clear_pointer (&th->values, g_hash_table_unref);
}

static const RaStyleClass *
theme_class (const Theme *th, const RaAttrTable *attrs, guint id)
{
  const char *text = NULL;

  if (th->field >= 0 && attrs != NULL && id < attrs->n_features)
    text = ra_attr_table_get (attrs, id, th->field);
  if (th->values != NULL)
    {
      const RaStyleClass *cls;

      if (text == NULL || *text == '\0')
        return &th->style->no_data;
      cls = g_hash_table_lookup (th->values, text);
      return cls != NULL ? cls : &th->style->other;
    }
  return ra_style_class_for_value (th->style, text);
}

static double
theme_symbol_size (const Theme *th, const RaAttrTable *attrs, guint id)
{
  double v;

  if (th->size_field < 0 || attrs == NULL || id >= attrs->n_features)
    return 0.0;
  if (!ra_style_parse_number (ra_attr_table_get (attrs, id, th->size_field), &v))
    return 0.0;
  return ra_style_symbol_size_px (th->style, th->size_max, v);
}

static gboolean
colors_equal (const RaColor *a, const RaColor *b)
{
  return a->r == b->r && a->g == b->g && a->b == b->b && a->a == b->a;
}

/* The distinct classes in cls (usually a handful). */
static GPtrArray *
used_classes (GPtrArray *cls)
{
  GPtrArray *used = g_ptr_array_new ();
  gpointer last = NULL;

  for (guint i = 0; i < cls->len; i++)
    {
      gpointer c = g_ptr_array_index (cls, i);

      if (c == last)
        continue;
      last = c;
      if (!g_ptr_array_find (used, c, NULL))
        g_ptr_array_add (used, c);
    }
  return used;
}

/* Like stroke_chunked for the features of buf whose class (cls, parallel
 * to the features) has the given colour: the stroke of polygons, the fill
 * (line colour) and the pattern (dashes) of lines. */
static void
stroke_chunked_where (cairo_t *cr, const DevBuf *buf, gboolean close, GPtrArray *cls,
                      gboolean lines, const RaStyleClass *like)
{
  const guint *fs = (const guint *) (gpointer) buf->feat_start->data;
  const guint *ps = (const guint *) (gpointer) buf->part_start->data;
  guint nf = dev_buf_n_features (buf);
  guint pending = 0;

  cairo_new_path (cr);
  for (guint f = 0; f < nf; f++)
    {
      const RaStyleClass *c = g_ptr_array_index (cls, f);

      if (lines ? (!colors_equal (&c->fill, &like->fill) || c->pattern != like->pattern)
                : !colors_equal (&c->stroke, &like->stroke))
        continue;
      path_add_parts (cr, buf, fs[f], fs[f + 1], close);
      pending += ps[fs[f + 1]] - ps[fs[f]];
      if (pending >= RA_STROKE_CHUNK_VERTICES)
        {
          cairo_stroke (cr);
          pending = 0;
        }
    }
  if (pending > 0)
    cairo_stroke (cr);
  cairo_new_path (cr);
}

/* Outlines (polygons) or lines of a thematic layer: one batched pass per
 * distinct colour. */
static void
stroke_by_class (cairo_t *cr, const DevBuf *buf, gboolean close, GPtrArray *cls,
                 gboolean lines)
{
  g_autoptr(GPtrArray) used = used_classes (cls);
  g_autoptr(GPtrArray) done = g_ptr_array_new ();
  static const double dash[] = { 6.0, 3.0 };
  static const double dot[] = { 1.5, 3.0 };

  for (guint u = 0; u < used->len; u++)
    {
      const RaStyleClass *c = g_ptr_array_index (used, u);
      gboolean seen = FALSE;

      for (guint k = 0; k < done->len && !seen; k++)
        {
          const RaStyleClass *d = g_ptr_array_index (done, k);
          seen = lines ? colors_equal (&c->fill, &d->fill) && c->pattern == d->pattern
                       : colors_equal (&c->stroke, &d->stroke);
        }
      g_ptr_array_add (done, (gpointer) c);
      if (seen || !color_visible (lines ? &c->fill : &c->stroke))
        continue;

      set_color (cr, lines ? &c->fill : &c->stroke);
      if (lines && c->pattern == RA_PATTERN_HATCH)
        cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      else if (lines && c->pattern == RA_PATTERN_CROSS)
        cairo_set_dash (cr, dot, G_N_ELEMENTS (dot), 0);
      else
        cairo_set_dash (cr, NULL, 0, 0);
      stroke_chunked_where (cr, buf, close, cls, lines, c);
    }
  cairo_set_dash (cr, NULL, 0, 0);
}

/* Fills, hatches and outlines the current path (all nullable), then
 * clears it. */
static void
paint_marker_path (cairo_t *cr, const RaColor *fill, const RaStyleClass *pattern,
                   const RaColor *stroke)
{
  if (fill != NULL)
    {
      set_color (cr, fill);
      cairo_fill_preserve (cr);
    }
  if (pattern != NULL)
    ra_pattern_fill_path (cr, pattern->pattern, &pattern->pattern_color);
  if (stroke != NULL)
    {
      set_color (cr, stroke);
      cairo_stroke_preserve (cr);
    }
  cairo_new_path (cr);
}

static int
compare_symbols_larger_first (gconstpointer pa, gconstpointer pb)
{
  const Symbol *a = pa, *b = pb;

  return a->d > b->d ? -1 : (a->d < b->d ? 1 : 0);
}

/* Fills the circle of s with the wedges of its pie values, clockwise from
 * 12 o'clock; FALSE when it has none (all 0 or missing). */
static gboolean
fill_pie (cairo_t *cr, const Theme *th, const RaAttrTable *attrs, const Symbol *s)
{
  double values[RA_STYLE_MAX_PIE_FIELDS];
  double total = 0.0, angle = -G_PI / 2;
  double r = s->d / 2.0;

  if (th->n_pie_fields == 0 || attrs == NULL || s->id >= attrs->n_features)
    return FALSE;
  for (guint i = 0; i < th->n_pie_fields; i++)
    {
      values[i] = 0.0;
      if (th->pie_fields[i] >= 0 &&
          ra_style_parse_number (ra_attr_table_get (attrs, s->id, th->pie_fields[i]), &values[i]) &&
          values[i] > 0.0)
        total += values[i];
      else
        values[i] = 0.0;
    }
  if (!(total > 0.0) || !isfinite (total))
    return FALSE;
  for (guint i = 0; i < th->n_pie_fields; i++)
    {
      double sweep = 2 * G_PI * values[i] / total;

      if (values[i] <= 0.0)
        continue;
      cairo_new_path (cr);
      if (sweep >= 2 * G_PI - 1e-9)
        cairo_arc (cr, s->x, s->y, r, 0, 2 * G_PI);
      else
        {
          cairo_move_to (cr, s->x, s->y);
          cairo_arc (cr, s->x, s->y, r, angle, angle + sweep);
        }
      cairo_close_path (cr);
      set_color (cr, &th->style->pie_fields[i].fill);
      cairo_fill (cr);
      angle += sweep;
    }
  return TRUE;
}

static void
draw_symbols (DrawState *st, const RaStyle *style, const Theme *th, const RaAttrTable *attrs)
{
  cairo_t *cr = st->cr;
  double sw = MAX (style->stroke_width_px, 0.0);

  /* Larger first, so the small ones stay visible on top. */
  g_array_sort (st->symbols, compare_symbols_larger_first);
  cairo_set_line_width (cr, sw);
  for (guint i = 0; i < st->symbols->len; i++)
    {
      const Symbol *s = &g_array_index (st->symbols, Symbol, i);
      const RaColor *fill = s->cls != NULL ? &s->cls->fill : &style->size_fill;
      const RaColor *stroke = s->cls != NULL ? &s->cls->stroke : &style->size_stroke;
      double r = s->d / 2.0;
      RaBBox box = { s->x - r - sw / 2, s->y - r - sw / 2, s->x + r + sw / 2, s->y + r + sw / 2 };

      gboolean pie = fill_pie (cr, th, attrs, s);

      cairo_new_path (cr);
      cairo_arc (cr, s->x, s->y, r, 0, 2 * G_PI);
      cairo_close_path (cr);
      if (!pie && color_visible (fill))
        {
          set_color (cr, fill);
          cairo_fill_preserve (cr);
        }
      if (s->cls != NULL && s->cls->pattern != RA_PATTERN_NONE)
        ra_pattern_fill_path (cr, s->cls->pattern, &s->cls->pattern_color);
      if (sw > 0.0 && color_visible (stroke))
        {
          set_color (cr, stroke);
          cairo_stroke_preserve (cr);
        }
      cairo_new_path (cr);
      g_array_append_val (st->obstacles, box);
    }
}

/* Draws one layer; returns FALSE if cancelled (the cairo state is balanced
 * either way). */
static gboolean
draw_layer (DrawState *st, const SnapLayer *sl, guint layer_index)
{
  cairo_t *cr = st->cr;
  const RaLayerData *data = sl->data;
  const RaStyle *style = sl->style;
  double radius = MAX (style->marker_size_px, 1.0) / 2.0;
  double pad_px = MAX (style->stroke_width_px, 0.0) + radius + 2.0;
  gboolean do_fill = color_visible (&style->fill);
  gboolean do_stroke = color_visible (&style->stroke) && style->stroke_width_px > 0.0;
  gboolean grouped = sl->opacity < 1.0;
  gboolean markers;
  int label_field = -1;
  Theme th;
  RaBBox query;
  guint n_ids;

  if (data == NULL || data->n_features == 0 || sl->opacity <= 0.0)
    return TRUE;
  if (data->coarse != NULL)
    {
      /* Map units per device pixel: the CTM (print scales) and the
       * surface's device scale (HiDPI) included. */
      double ux = 1.0, uy = 0.0, dsx = 1.0, dsy = 1.0;

      cairo_user_to_device_distance (cr, &ux, &uy);
      cairo_surface_get_device_scale (cairo_get_target (cr), &dsx, &dsy);
      if (st->view->resolution / MAX (hypot (ux, uy) * MAX (dsx, dsy), 1e-9) >= data->coarse_resolution)
        data = data->coarse;
    }

  theme_init (&th, sl);
  /* Proportional symbols replace point markers. */
  markers = !th.proportional;
  if (th.proportional)
    /* Room for symbols up to twice the largest size (values up to 4x the maximum). */
    pad_px = MAX (pad_px, style->size_max_px + MAX (style->stroke_width_px, 0.0) + 2.0);

  query = st->query;
  query.x0 -= pad_px * st->view->resolution;
  query.x1 += pad_px * st->view->resolution;
  query.y0 -= pad_px * st->view->resolution;
  query.y1 += pad_px * st->view->resolution;

  g_array_set_size (st->ids, 0);
  if (data->index != NULL)
    ra_index_query (data->index, &query, st->ids);
  else
    for (guint i = 0; i < data->n_features; i++)
      if (data->geoms[i] != NULL && ra_bbox_intersects (&data->geoms[i]->bbox, &query))
        g_array_append_val (st->ids, i);
  n_ids = st->ids->len;
  if (n_ids == 0)
    {
      theme_clear (&th);
      return TRUE;
    }

  if (st->want_labels && style->label_field != NULL && data->attrs != NULL)
    label_field = ra_attr_table_field_index (data->attrs, style->label_field);

  dev_buf_reset (&st->polys);
  dev_buf_reset (&st->lines);
  g_array_set_size (st->points, 0);
  g_ptr_array_set_size (st->poly_cls, 0);
  g_ptr_array_set_size (st->line_cls, 0);
  g_ptr_array_set_size (st->point_cls, 0);
  g_array_set_size (st->symbols, 0);

  for (guint k = 0; k < n_ids; k++)
    {
      guint id = g_array_index (st->ids, guint, k);
      const RaStyleClass *cls = NULL;
      const RaGeometry *geom;
      const double *gxy;
      double avoid_r = 0.0;
      guint kept = 0;

      if (k % RA_CANCEL_EVERY == RA_CANCEL_EVERY - 1 && is_cancelled (st))
        {
          theme_clear (&th);
          return FALSE;
        }
      if (id >= data->n_features || (geom = data->geoms[id]) == NULL || geom->n_points == 0)
        continue;
      if (th.color_features || th.color_symbols)
        cls = theme_class (&th, data->attrs, id);

      switch (geom->kind)
        {
        case RA_GEOM_POLYGON:
          kept = geom->packed != NULL ? dev_buf_add_packed (&st->polys, &st->xf, geom)
                                      : dev_buf_add_geometry (&st->polys, &st->xf, geom, geom->xy);
          if (th.color_features)
            g_ptr_array_add (st->poly_cls, (gpointer) cls);
          break;
        case RA_GEOM_LINE:
          kept = geom->packed != NULL ? dev_buf_add_packed (&st->lines, &st->xf, geom)
                                      : dev_buf_add_geometry (&st->lines, &st->xf, geom, geom->xy);
          if (th.color_features)
            g_ptr_array_add (st->line_cls, (gpointer) cls);
          break;
        case RA_GEOM_POINT:
          gxy = ra_geometry_coords (geom, &st->coords);
          for (guint i = 0; markers && i < geom->n_points; i++)
            {
              double pt[2];
              xform_point (&st->xf, gxy[2 * i], gxy[2 * i + 1], &pt[0], &pt[1]);
              g_array_append_vals (st->points, pt, 2);
              if (th.color_features)
                g_ptr_array_add (st->point_cls, (gpointer) cls);
            }
          kept = geom->n_points;
          break;
        case RA_GEOM_NONE:
        default:
          continue;
        }
      if (th.proportional)
        {
          Symbol sym = { 0 };
          double x, y;

          sym.d = theme_symbol_size (&th, data->attrs, id);
          if (sym.d > 0.0 && ra_geometry_label_point (geom, &x, &y))
            {
              xform_point (&st->xf, x, y, &sym.x, &sym.y);
              sym.cls = th.color_symbols ? cls : NULL;
              sym.id = id;
              g_array_append_val (st->symbols, sym);
              avoid_r = sym.d / 2.0 + MAX (style->stroke_width_px, 0.0) / 2.0;
            }
        }
      if (st->stats)
        {
          st->stats->n_features++;
          st->stats->n_vertices += kept;
        }
      if (label_field >= 0 && geom->kind == RA_GEOM_POINT && markers && avoid_r == 0.0)
        {
          double r = MAX (style->marker_size_px, 0.0) / 2.0 + MAX (style->stroke_width_px, 0.0) / 2.0;

          collect_label (st, sl, layer_index, label_field, id, geom, r, TRUE);
        }
      else if (label_field >= 0)
        collect_label (st, sl, layer_index, label_field, id, geom, avoid_r, FALSE);
    }
  dev_buf_seal (&st->polys);
  dev_buf_seal (&st->lines);

  if (grouped)
    cairo_push_group (cr);
  cairo_save (cr);

  /* Polygons: each feature filled on its own (EVEN_ODD per feature, so
   * overlapping features do not punch holes in each other), then all the
   * outlines in batched paths, so shared borders are never half covered. */
  if (do_fill || th.color_features)
    {
      guint nf = dev_buf_n_features (&st->polys);
      const guint *fs = (const guint *) (gpointer) st->polys.feat_start->data;

      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
      set_color (cr, &style->fill);
      for (guint f = 0; f < nf; f++)
        {
          const RaStyleClass *cls = th.color_features ? g_ptr_array_index (st->poly_cls, f) : NULL;

          if (f % RA_CANCEL_EVERY == RA_CANCEL_EVERY - 1 && is_cancelled (st))
            goto cancelled;
          cairo_new_path (cr);
          path_add_parts (cr, &st->polys, fs[f], fs[f + 1], TRUE);
          if (cls == NULL)
            {
              cairo_fill (cr);
              continue;
            }
          if (color_visible (&cls->fill))
            {
              set_color (cr, &cls->fill);
              cairo_fill_preserve (cr);
            }
          if (cls->pattern != RA_PATTERN_NONE)
            ra_pattern_fill_path (cr, cls->pattern, &cls->pattern_color);
          cairo_new_path (cr);
        }
    }
  if (style->stroke_width_px > 0.0 && th.color_features && dev_buf_n_features (&st->polys) > 0)
    {
      cairo_set_line_width (cr, style->stroke_width_px);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      stroke_by_class (cr, &st->polys, TRUE, st->poly_cls, FALSE);
    }
  else if (do_stroke && dev_buf_n_features (&st->polys) > 0 &&
           !stroke_hairline (cr, &st->polys, TRUE, &style->stroke, style->stroke_width_px,
                            st->cancellable))
    {
      set_color (cr, &style->stroke);
      cairo_set_line_width (cr, style->stroke_width_px);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      stroke_chunked (cr, &st->polys, TRUE);
    }
  if (is_cancelled (st))
    goto cancelled;

  /* Lines take the stroke colour (a class's fill colour in thematic
   * styles); round joins and caps. */
  if (style->stroke_width_px > 0.0 && th.color_features && dev_buf_n_features (&st->lines) > 0)
    {
      cairo_set_line_width (cr, style->stroke_width_px);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      stroke_by_class (cr, &st->lines, FALSE, st->line_cls, TRUE);
    }
  else if (do_stroke && dev_buf_n_features (&st->lines) > 0 &&
           !stroke_hairline (cr, &st->lines, FALSE, &style->stroke, style->stroke_width_px,
                            st->cancellable))
    {
      set_color (cr, &style->stroke);
      cairo_set_line_width (cr, style->stroke_width_px);
      if (style->stroke_width_px <= RA_THIN_LINE_PX)
        {
          /* Thin lines: cairo's 4x4-sample antialiasing, bevel joins and
           * butt ends look the same at this width and halve cairo 1.16's
           * stroking time (200 k lines: 4.45 s -> 2.24 s of CPU). */
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);
          cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
          cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
        }
      else
        {
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
          cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
        }
      stroke_chunked (cr, &st->lines, FALSE);
    }

  /* Points: markers filled then outlined, in chunks (one run per class in
   * thematic styles). */
  if (st->points->len > 0 && (do_fill || do_stroke || th.color_features))
    {
      const double *xy = (const double *) (gpointer) st->points->data;
      guint np = st->points->len / 2;
      g_autoptr(GPtrArray) used = th.color_features ? used_classes (st->point_cls) : NULL;
      guint n_runs = used != NULL ? used->len : 1;

      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
      cairo_set_line_width (cr, style->stroke_width_px);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      for (guint run = 0; run < n_runs; run++)
        {
          const RaStyleClass *cls = used != NULL ? g_ptr_array_index (used, run) : NULL;
          const RaColor *fill = cls != NULL ? &cls->fill : &style->fill;
          const RaColor *stroke = cls != NULL ? &cls->stroke : &style->stroke;
          gboolean run_fill = color_visible (fill);
          gboolean run_stroke = color_visible (stroke) && style->stroke_width_px > 0.0;
          gboolean run_pattern = cls != NULL && cls->pattern != RA_PATTERN_NONE;
          guint chunk = 0;
          Stamp stamp;
          Raster ras;

          if (!run_pattern && (run_fill || run_stroke) &&
              np >= 64 && raster_begin (cr, &ras))
            {
              if (stamp_init (&stamp, style->marker, radius, run_fill ? fill : NULL,
                              run_stroke ? stroke : NULL, style->stroke_width_px))
                {
                  for (guint i = 0; i < np; i++)
                    if (cls == NULL || g_ptr_array_index (st->point_cls, i) == cls)
                      stamp_at (&ras, &stamp, xy[2 * i], xy[2 * i + 1]);
                  stamp_clear (&stamp);
                  raster_end (&ras);
                  continue;
                }
              raster_end (&ras);
            }
          cairo_new_path (cr);
          for (guint i = 0; i < np; i++)
            {
              if (cls != NULL && g_ptr_array_index (st->point_cls, i) != cls)
                continue;
              path_add_marker (cr, style->marker, xy[2 * i], xy[2 * i + 1], radius);
              if (++chunk == 512)
                {
                  paint_marker_path (cr, run_fill ? fill : NULL, run_pattern ? cls : NULL,
                                     run_stroke ? stroke : NULL);
                  chunk = 0;
                }
            }
          if (chunk > 0)
            paint_marker_path (cr, run_fill ? fill : NULL, run_pattern ? cls : NULL,
                               run_stroke ? stroke : NULL);
        }
    }

  /* Labels keep off point markers.  Bounded: with a dense point cloud the
   * placement would turn quadratic, and few of its labels fit anyway. */
  if (st->want_labels && st->points->len / 2 <= 5000)
    {
      const double *xy = (const double *) (gpointer) st->points->data;
      double r = radius + MAX (style->stroke_width_px, 0.0) / 2.0;

      for (guint i = 0; i < st->points->len / 2; i++)
        {
          RaBBox box = { xy[2 * i] - r, xy[2 * i + 1] - r, xy[2 * i] + r, xy[2 * i + 1] + r };

          g_array_append_val (st->obstacles, box);
        }
    }

  /* Proportional symbols on top of the layer's own geometry. */
  if (st->symbols->len > 0)
    draw_symbols (st, style, &th, data->attrs);

  cairo_restore (cr);
  if (grouped)
    {
      cairo_pop_group_to_source (cr);
      cairo_paint_with_alpha (cr, sl->opacity);
    }
  theme_clear (&th);
  return TRUE;

cancelled:
  cairo_restore (cr);
  if (grouped)
    cairo_pattern_destroy (cairo_pop_group (cr));
  theme_clear (&th);
  return FALSE;
}

/* Presentation mode: markers, proportional symbols and line widths grown
 * by scale (<= 0 or 1: as styled), on a copy of the layer's style so the
 * snapshot stays as it is for other threads. */
static gboolean
draw_layer_scaled (DrawState *st, const SnapLayer *sl, guint layer_index, double scale)
{
  SnapLayer scaled;
  g_autoptr(RaStyle) style = NULL;

  if (!(scale > 0.0) || scale == 1.0 || sl->style == NULL)
    return draw_layer (st, sl, layer_index);
  style = ra_style_copy (sl->style);
  style->stroke_width_px *= scale;
  style->marker_size_px *= scale;
  style->size_max_px *= scale;
  style->size_min_px *= scale;
  scaled = *sl;
  scaled.style = style;
  return draw_layer (st, &scaled, layer_index);
}

static gboolean draw_rows (RaMapSnapshot *snap, const RaView *view, const RaRenderOptions *opts,
                           cairo_t *cr, GCancellable *cancellable, RaRenderStats *stats,
                           int row0, int row1);

/**
 * ra_renderer_draw_with_stats:
 * @snap: what to draw
 * @view: where; its device pixels are @cr's user-space units
 * @opts: (nullable): options, defaults when NULL
 * @cr: any cairo context (image, PDF, SVG, a widget's snapshot)
 * @cancellable: (nullable): checked between layers and every ~2000 features
 * @stats: (nullable): counters, reset first
 *
 * Returns: FALSE if cancelled (the surface then holds a partial map)
 */
gboolean
ra_renderer_draw_with_stats (RaMapSnapshot         *snap,
                             const RaView          *view,
                             const RaRenderOptions *opts,
                             cairo_t               *cr,
                             GCancellable          *cancellable,
                             RaRenderStats         *stats)
{
  g_return_val_if_fail (snap != NULL, FALSE);
  g_return_val_if_fail (view != NULL, FALSE);
  g_return_val_if_fail (view->resolution > 0.0, FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);

  return draw_rows (snap, view, opts, cr, cancellable, stats, 0, view->height);
}

/* Draws what falls on device rows [row0, row1) of the view (cr may be
 * translated so only those rows land on its surface): the features are
 * culled to those rows, everything else is as for the whole view. */
static gboolean
draw_rows (RaMapSnapshot         *snap,
           const RaView          *view,
           const RaRenderOptions *opts,
           cairo_t               *cr,
           GCancellable          *cancellable,
           RaRenderStats         *stats,
           int                    row0,
           int                    row1)
{
  RaRenderOptions defaults;
  DrawState st = { 0 };
  gboolean ok = TRUE;

  if (opts == NULL)
    {
      ra_render_options_init (&defaults);
      opts = &defaults;
    }
  if (stats)
    {
      stats->n_features = 0;
      stats->n_vertices = 0;
      stats->n_labels = 0;
      stats->n_labels_skipped = 0;
    }

  st.cr = cr;
  st.view = view;
  st.cancellable = cancellable;
  st.stats = stats;
  st.want_labels = opts->draw_labels;
  xform_init (&st.xf, view);
  ra_view_get_bbox (view, &st.query);
  if (row0 > 0 || row1 < view->height)
    {
      st.query.y1 = view->cy + (view->height / 2.0 - row0) * view->resolution;
      st.query.y0 = view->cy + (view->height / 2.0 - row1) * view->resolution;
    }

  if (cancellable != NULL && g_cancellable_is_cancelled (cancellable))
    return FALSE;

  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_GRAY);
  cairo_new_path (cr);

  if (opts->draw_background)
    {
      cairo_save (cr);
      set_color (cr, &opts->background);
      cairo_rectangle (cr, 0, 0, view->width, view->height);
      cairo_fill (cr);
      cairo_restore (cr);
    }

  st.ids = g_array_new (FALSE, FALSE, sizeof (guint));
  dev_buf_init (&st.polys);
  dev_buf_init (&st.lines);
  st.points = g_array_new (FALSE, FALSE, sizeof (double));
  st.labels = g_array_new (FALSE, FALSE, sizeof (LabelCandidate));
  st.poly_cls = g_ptr_array_new ();
  st.line_cls = g_ptr_array_new ();
  st.point_cls = g_ptr_array_new ();
  st.symbols = g_array_new (FALSE, FALSE, sizeof (Symbol));
  st.obstacles = g_array_new (FALSE, FALSE, sizeof (RaBBox));

  for (guint i = 0; ok && i < snap->layers->len; i++)
    {
      if (is_cancelled (&st))
        ok = FALSE;
      else
        ok = draw_layer_scaled (&st, g_ptr_array_index (snap->layers, i), i,
                                opts->symbol_scale);
    }

  if (ok && is_cancelled (&st))
    ok = FALSE;
  if (ok && opts->draw_labels)
    draw_labels (cr, snap, view, opts, st.labels, st.obstacles, stats);

  g_array_unref (st.ids);
  ra_coord_scratch_clear (&st.coords);
  dev_buf_clear (&st.polys);
  dev_buf_clear (&st.lines);
  g_array_unref (st.points);
  g_array_unref (st.labels);
  g_ptr_array_unref (st.poly_cls);
  g_ptr_array_unref (st.line_cls);
  g_ptr_array_unref (st.point_cls);
  g_array_unref (st.symbols);
  g_array_unref (st.obstacles);
  cairo_restore (cr);
  return ok;
}

gboolean
ra_renderer_draw (RaMapSnapshot         *snap,
                  const RaView          *view,
                  const RaRenderOptions *opts,
                  cairo_t               *cr,
                  GCancellable          *cancellable)
{
  return ra_renderer_draw_with_stats (snap, view, opts, cr, cancellable, NULL);
}

/* ------------------------------------------------------------------ */
/* Both cores on one image                                            */

/* Horizontal bands per thread: more bands than threads balance the load
 * (the east of China holds far more detail than the west... and north and
 * south differ as much), fewer keep the features that cross band edges
 * from being prepared twice. */
#define RA_BANDS_PER_THREAD 2
/* Views smaller than this are drawn by one thread. */
#define RA_PARALLEL_MIN_PIXELS (256 * 256)

typedef struct {
  RaMapSnapshot         *snap;
  const RaView          *view;
  const RaRenderOptions *opts;
  GCancellable          *cancellable;
  guchar                *data;
  cairo_format_t         format;
  int                    stride;
  int                    n_bands;
  int                    next_band;   /* atomic */
  int                    cancelled;   /* atomic */
  RaRenderStats          stats[2];
} BandJob;

static gboolean
wants_labels (RaMapSnapshot *snap, const RaRenderOptions *opts)
{
  if (opts != NULL && !opts->draw_labels)
    return FALSE;
  for (guint i = 0; i < snap->layers->len; i++)
    {
      SnapLayer *sl = g_ptr_array_index (snap->layers, i);

      if (sl->style->label_field != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
draw_bands (BandJob *job, RaRenderStats *stats)
{
  int band;

  while ((band = g_atomic_int_add (&job->next_band, 1)) < job->n_bands)
    {
      int h = job->view->height;
      int row0 = (int) ((gint64) h * band / job->n_bands);
      int row1 = (int) ((gint64) h * (band + 1) / job->n_bands);
      g_autoptr(cairo_surface_t) part = NULL;
      g_autoptr(cairo_t) cr = NULL;
      RaRenderStats band_stats = { 0 };

      if (row1 <= row0)
        continue;
      /* A view of the rows of the shared image: no cairo object is shared
       * between threads and the bands never overlap. */
      part = cairo_image_surface_create_for_data (job->data + (gsize) row0 * job->stride,
                                                  job->format, job->view->width,
                                                  row1 - row0, job->stride);
      cr = cairo_create (part);
      cairo_translate (cr, 0, -row0);
      if (!draw_rows (job->snap, job->view, job->opts, cr, job->cancellable,
                      &band_stats, row0, row1))
        g_atomic_int_set (&job->cancelled, 1);
      cairo_surface_flush (part);
      stats->n_features += band_stats.n_features;
      stats->n_vertices += band_stats.n_vertices;
    }
}

static gpointer
draw_bands_thread (gpointer data)
{
  BandJob *job = data;

  draw_bands (job, &job->stats[1]);
  return NULL;
}

/**
 * ra_renderer_draw_image:
 * @image: an ARGB32 or RGB24 image surface of the view's size
 * @opts: (nullable): options, defaults when NULL
 * @cancellable: (nullable)
 * @stats: (nullable): counters; features and vertices are summed over the
 *   bands, so features crossing a band edge count once per band
 *
 * ra_renderer_draw for an image surface, on every core: the view is cut into
 * horizontal bands that worker threads draw side by side into @image.  The
 * pixels are those of ra_renderer_draw up to antialiasing rounding.  With
 * labels (placement is global) or a small view it simply calls
 * ra_renderer_draw.
 *
 * Returns: FALSE if cancelled
 */
gboolean
ra_renderer_draw_image (RaMapSnapshot         *snap,
                        const RaView          *view,
                        const RaRenderOptions *opts,
                        cairo_surface_t       *image,
                        GCancellable          *cancellable,
                        RaRenderStats         *stats)
{
  BandJob job = { 0 };
  cairo_format_t format;
  guint n_threads;
  GThread *helper = NULL;

  g_return_val_if_fail (snap != NULL, FALSE);
  g_return_val_if_fail (view != NULL, FALSE);
  g_return_val_if_fail (view->resolution > 0.0, FALSE);
  g_return_val_if_fail (image != NULL, FALSE);

  format = cairo_surface_get_type (image) == CAIRO_SURFACE_TYPE_IMAGE
           ? cairo_image_surface_get_format (image) : CAIRO_FORMAT_INVALID;
  n_threads = MIN (g_get_num_processors (), 2);
  if ((format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_RGB24) ||
      cairo_image_surface_get_width (image) != view->width ||
      cairo_image_surface_get_height (image) != view->height ||
      n_threads < 2 || (gint64) view->width * view->height < RA_PARALLEL_MIN_PIXELS ||
      wants_labels (snap, opts))
    {
      g_autoptr(cairo_t) cr = cairo_create (image);

      return ra_renderer_draw_with_stats (snap, view, opts, cr, cancellable, stats);
    }

  cairo_surface_flush (image);
  job.snap = snap;
  job.view = view;
  job.opts = opts;
  job.cancellable = cancellable;
  job.data = cairo_image_surface_get_data (image);
  job.format = format;
  job.stride = cairo_image_surface_get_stride (image);
  job.n_bands = (int) (n_threads * RA_BANDS_PER_THREAD);
  helper = g_thread_new ("ra-render-band", draw_bands_thread, &job);
  draw_bands (&job, &job.stats[0]);
  g_thread_join (helper);
  cairo_surface_mark_dirty (image);
  if (stats != NULL)
    {
      stats->n_features = job.stats[0].n_features + job.stats[1].n_features;
      stats->n_vertices = job.stats[0].n_vertices + job.stats[1].n_vertices;
      stats->n_labels = 0;
      stats->n_labels_skipped = 0;
    }
  return !g_atomic_int_get (&job.cancelled);
}

/* ------------------------------------------------------------------ */
/* PNG                                                                */

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
static cairo_status_t
write_png_fast (cairo_surface_t *image, const char *path)
{
  int w = cairo_image_surface_get_width (image);
  int h = cairo_image_surface_get_height (image);
  int stride = cairo_image_surface_get_stride (image);
  cairo_format_t format = cairo_image_surface_get_format (image);
  const guchar *data;
  gsize row_bytes = (gsize) w * 3 + 1;
  g_autofree guchar *raw = NULL;
  void *z;
  size_t z_len = 0;
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

  z = CPLZLibDeflate (raw, (gsize) h * row_bytes, 1, NULL, 0, &z_len);
  if (z == NULL)
    return CAIRO_STATUS_NO_MEMORY;
  crc_table_init ();
  f = fopen (path, "wb");
  if (f == NULL)
    {
      CPLFree (z);
      return CAIRO_STATUS_WRITE_ERROR;
    }
  ok = fwrite (signature, 1, 8, f) == 8 &&
       png_chunk (f, "IHDR", ihdr, sizeof ihdr) &&
       png_chunk (f, "IDAT", z, z_len) &&
       png_chunk (f, "IEND", NULL, 0);
  CPLFree (z);
  if (fclose (f) != 0)
    ok = FALSE;
  return ok ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* ------------------------------------------------------------------ */
/* Scale bar                                                          */

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

/* (transfer none) (nullable) a transform from crs to lon/lat for this thread. */
static RaTransform *
get_lonlat_transform (const RaCrs *crs)
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
  t = get_lonlat_transform (crs);
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

static void
draw_text_centred (cairo_t *cr, PangoLayout *layout, const char *text,
                   double x, double baseline_y)
{
  PangoRectangle logical;
  int baseline;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_extents (layout, NULL, &logical);
  baseline = pango_layout_get_baseline (layout);
  cairo_move_to (cr, x - (double) logical.width / PANGO_SCALE / 2.0,
                 baseline_y - (double) baseline / PANGO_SCALE);
  pango_cairo_layout_path (cr, layout);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
  cairo_set_line_width (cr, 3.0);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
  cairo_move_to (cr, x - (double) logical.width / PANGO_SCALE / 2.0,
                 baseline_y - (double) baseline / PANGO_SCALE);
  cairo_set_source_rgb (cr, 0, 0, 0);
  pango_cairo_show_layout (cr, layout);
}

/**
 * ra_renderer_draw_scalebar:
 *
 * Draws an alternating black/white bar of the length given by
 * ra_renderer_scalebar_length, bottom-left at (x, y), with "0" and the
 * length above its ends.
 */
void
ra_renderer_draw_scalebar (cairo_t *cr, const RaView *view, const RaCrs *crs,
                           double x, double y, double max_width_px)
{
  PangoLayout *layout;
  g_autofree char *label = NULL;
  PangoFontDescription *desc;
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

  layout = pango_cairo_create_layout (cr);
  desc = pango_font_description_from_string (RA_SCALEBAR_FONT);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  label = format_distance (meters);
  draw_text_centred (cr, layout, "0", x, y - bar_h - 3.0);
  draw_text_centred (cr, layout, label, x + width, y - bar_h - 3.0);
  g_object_unref (layout);
  cairo_restore (cr);
}

/* ------------------------------------------------------------------ */
/* Files                                                              */

typedef enum {
  FORMAT_UNKNOWN,
  FORMAT_PNG,
  FORMAT_PDF,
  FORMAT_SVG,
} FileFormat;

static FileFormat
format_for_path (const char *path)
{
  const char *dot = strrchr (path, '.');

  if (dot == NULL || strchr (dot, G_DIR_SEPARATOR) != NULL)
    return FORMAT_UNKNOWN;
  if (g_ascii_strcasecmp (dot, ".png") == 0)
    return FORMAT_PNG;
  if (g_ascii_strcasecmp (dot, ".pdf") == 0)
    return FORMAT_PDF;
  if (g_ascii_strcasecmp (dot, ".svg") == 0)
    return FORMAT_SVG;
  return FORMAT_UNKNOWN;
}

static gboolean
set_cairo_error (GError **error, const char *path, cairo_status_t status)
{
  g_autofree char *name = ra_path_display_name (path);

  g_set_error (error, RA_ERROR, RA_ERROR_WRITE, _("%s: cannot write the file (%s)"),
               name, cairo_status_to_string (status));
  return FALSE;
}

/**
 * ra_renderer_render_to_file:
 * @opts: (nullable): defaults when NULL; PNG always gets a white page
 *   below an optional background
 * @error: RA_ERROR_INVALID_ARGUMENT for an unknown extension,
 *   RA_ERROR_WRITE when the file cannot be written; messages name the file
 */
gboolean
ra_renderer_render_to_file (RaMapSnapshot *snap, const RaView *view,
                            const RaRenderOptions *opts,
                            const char *path, GError **error)
{
  g_autoptr(cairo_surface_t) surface = NULL;
  g_autoptr(cairo_t) cr = NULL;
  cairo_status_t status;
  FileFormat format;

  g_return_val_if_fail (snap != NULL, FALSE);
  g_return_val_if_fail (view != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  format = format_for_path (path);
  switch (format)
    {
    case FORMAT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, view->width, view->height);
      break;
    case FORMAT_PDF:
      /* Page in points; the map is drawn in 96 dpi pixels scaled to fit. */
      surface = cairo_pdf_surface_create (path, view->width * 72.0 / 96.0,
                                          view->height * 72.0 / 96.0);
      if (cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE,
                                        RA_PDF_CREATE_DATE);
      break;
    case FORMAT_SVG:
      surface = cairo_svg_surface_create (path, view->width, view->height);
      if (cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS)
        cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
      break;
    case FORMAT_UNKNOWN:
    default:
      {
        g_autofree char *name = ra_path_display_name (path);
        g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                     _("%s: unknown output format (use .png, .pdf or .svg)"), name);
        return FALSE;
      }
    }

  status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    return set_cairo_error (error, path, status);

  cr = cairo_create (surface);
  if (format == FORMAT_PDF)
    cairo_scale (cr, 72.0 / 96.0, 72.0 / 96.0);
  if (format == FORMAT_PNG)
    {
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
    }

  if (format == FORMAT_PNG)
    {
      /* Both cores; the image is only ours here. */
      g_clear_pointer (&cr, cairo_destroy);
      ra_renderer_draw_image (snap, view, opts, surface, NULL, NULL);
      cr = cairo_create (surface);
    }
  else
    ra_renderer_draw (snap, view, opts, cr, NULL);

  status = cairo_status (cr);
  if (status != CAIRO_STATUS_SUCCESS)
    return set_cairo_error (error, path, status);
  g_clear_pointer (&cr, cairo_destroy);

  if (format == FORMAT_PNG)
    {
      status = write_png_fast (surface, path);
      if (status == CAIRO_STATUS_INVALID_FORMAT)
        status = cairo_surface_write_to_png (surface, path);
    }
  else
    {
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  if (status != CAIRO_STATUS_SUCCESS)
    return set_cairo_error (error, path, status);
  return TRUE;
}
