/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Symbols: what the renderer and the legend share to draw a feature's
 * symbol (marker shapes, fills with hatch patterns, line dashes), and the
 * renderer's point markers (stamped into image surfaces when there are
 * many) and proportional symbols (circles or pies, largest first). */
#include "config.h"

#include <math.h>

#include "ra-renderer-private.h"

#define RA_PATTERN_SPACING_PX 6.0

/* ------------------------------------------------------------------ */
/* Patterns                                                           */

/* Strokes the hatch lines of one tile of side s (user units) crossing the
 * square [0, s]², extended past it so the tile's edges join up. */
static void
hatch_tile_lines (cairo_t *cr, RaPattern pattern, double s)
{
  /* "/" lines x + y = c for c = 0, s, 2s */
  for (int i = 0; i <= 2; i++)
    {
      cairo_move_to (cr, i * s + s, -s);
      cairo_line_to (cr, i * s - 2 * s, 2 * s);
    }
  /* "\" lines x - y = c for c = -s, 0, s */
  if (pattern == RA_PATTERN_CROSS)
    for (int i = -1; i <= 1; i++)
      {
        cairo_move_to (cr, i * s - s, -s);
        cairo_line_to (cr, i * s + 2 * s, 2 * s);
      }
}

/* The fast way on an image surface drawn at a whole number of pixels per
 * hatch spacing (the screen, PNG at most scales): fills the path with a
 * repeating tile instead of clipping to it and stroking every line.  The
 * tile starts at the user-space origin like the stroked lines, so both
 * ways give the same picture.  FALSE if the target does not allow it. */
static gboolean
pattern_fill_tiled (cairo_t *cr, RaPattern pattern, const RaColor *color, double s)
{
  cairo_matrix_t m, pm;
  double k, dsx = 1.0, dsy = 1.0;
  int n;
  cairo_surface_t *tile;
  cairo_pattern_t *source;
  cairo_t *tcr;

  if (cairo_surface_get_type (cairo_get_target (cr)) != CAIRO_SURFACE_TYPE_IMAGE)
    return FALSE;
  cairo_get_matrix (cr, &m);
  /* Pixels per user unit: the CTM and the surface's device scale (HiDPI). */
  cairo_surface_get_device_scale (cairo_get_target (cr), &dsx, &dsy);
  if (dsx != dsy)
    return FALSE;
  m.xx *= dsx;
  m.yy *= dsy;
  k = m.xx;
  if (m.xy != 0.0 || m.yx != 0.0 || !(k > 0.0) || fabs (m.yy - k) > 1e-9 * k)
    return FALSE;
  n = (int) lround (s * k);
  if (n < 2 || n > 512 || fabs (n - s * k) > 1e-6)
    return FALSE;

  tile = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, n, n);
  tcr = cairo_create (tile);
  cairo_scale (tcr, k, k);
  ra_cairo_set_color (tcr, color);
  cairo_set_line_width (tcr, 1.0);
  hatch_tile_lines (tcr, pattern, s);
  cairo_stroke (tcr);
  cairo_destroy (tcr);

  source = cairo_pattern_create_for_surface (tile);
  cairo_surface_destroy (tile);
  cairo_pattern_set_extend (source, CAIRO_EXTEND_REPEAT);
  cairo_pattern_set_filter (source, CAIRO_FILTER_NEAREST);
  cairo_matrix_init_scale (&pm, k, k);   /* user units -> tile pixels */
  cairo_pattern_set_matrix (source, &pm);
  cairo_save (cr);
  cairo_set_source (cr, source);
  cairo_fill_preserve (cr);
  cairo_restore (cr);
  cairo_pattern_destroy (source);
  return TRUE;
}

/**
 * ra_pattern_fill_path:
 * @cr: a cairo context with a current path
 * @color: the colour of the hatch lines
 *
 * Strokes 45° hatch lines (and, for RA_PATTERN_CROSS, the other diagonal)
 * clipped to the current path, which is left in place for an outline.
 * The lines are x ± y = a multiple of the spacing in user space, so
 * neighbouring shapes' hatching lines up.
 */
void
ra_pattern_fill_path (cairo_t *cr, RaPattern pattern, const RaColor *color)
{
  cairo_path_t *path;
  double x0, y0, x1, y1;
  const double s = RA_PATTERN_SPACING_PX;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (color != NULL);

  if (pattern == RA_PATTERN_NONE || color->a <= 0.0)
    return;
  if (pattern_fill_tiled (cr, pattern, color, s))
    return;

  /* cairo_save does not save the path, so keep a copy for the caller. */
  path = cairo_copy_path (cr);
  cairo_save (cr);
  cairo_clip (cr);
  cairo_clip_extents (cr, &x0, &y0, &x1, &y1);
  if (x1 > x0 && y1 > y0)
    {
      ra_cairo_set_color (cr, color);
      cairo_set_line_width (cr, 1.0);
      cairo_set_dash (cr, NULL, 0, 0);
      /* "/" lines: x + y = c */
      for (double c = floor ((x0 + y0) / s) * s; c <= x1 + y1; c += s)
        {
          cairo_move_to (cr, c - y0, y0);
          cairo_line_to (cr, c - y1, y1);
        }
      /* "\" lines: x - y = c */
      if (pattern == RA_PATTERN_CROSS)
        for (double c = floor ((x0 - y1) / s) * s; c <= x1 - y0; c += s)
          {
            cairo_move_to (cr, c + y0, y0);
            cairo_line_to (cr, c + y1, y1);
          }
      cairo_stroke (cr);
    }
  cairo_restore (cr);
  cairo_new_path (cr);
  cairo_append_path (cr, path);
  cairo_path_destroy (path);
}


/* ------------------------------------------------------------------ */
/* Markers, fills and dashes                                          */

void
ra_marker_path (cairo_t *cr, RaMarker marker, double x, double y, double r)
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
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      cairo_close_path (cr);
      break;
    }
}

/* ra_marker_path for the map, where a small circle is a 12-gon (at most
 * 0.1 px off the circle): no sin/cos and no curve flattening per marker,
 * which is most of the time of 100 k points drawn with cairo_arc. */
static void
map_marker_path (cairo_t *cr, RaMarker marker, double x, double y, double r)
{
  static const double c12[12][2] = {
    { 1, 0 }, { 0.8660254, 0.5 }, { 0.5, 0.8660254 }, { 0, 1 },
    { -0.5, 0.8660254 }, { -0.8660254, 0.5 }, { -1, 0 }, { -0.8660254, -0.5 },
    { -0.5, -0.8660254 }, { 0, -1 }, { 0.5, -0.8660254 }, { 0.8660254, -0.5 },
  };

  if (marker == RA_MARKER_SQUARE || marker == RA_MARKER_TRIANGLE ||
      marker == RA_MARKER_DIAMOND || !(r <= 3.0))
    {
      ra_marker_path (cr, marker, x, y, r);
      return;
    }
  cairo_move_to (cr, x + r * c12[0][0], y + r * c12[0][1]);
  for (int k = 1; k < 12; k++)
    cairo_line_to (cr, x + r * c12[k][0], y + r * c12[k][1]);
  cairo_close_path (cr);
}

void
ra_paint_path (cairo_t *cr, const RaColor *fill, RaPattern pattern,
               const RaColor *pattern_color, const RaColor *stroke)
{
  if (fill != NULL)
    {
      ra_cairo_set_color (cr, fill);
      cairo_fill_preserve (cr);
    }
  if (pattern != RA_PATTERN_NONE)
    ra_pattern_fill_path (cr, pattern, pattern_color);
  if (stroke != NULL)
    {
      ra_cairo_set_color (cr, stroke);
      cairo_stroke_preserve (cr);
    }
  cairo_new_path (cr);
}

void
ra_line_pattern_set_dash (cairo_t *cr, RaPattern pattern)
{
  static const double dash[] = { 6.0, 3.0 };
  static const double dot[] = { 1.5, 3.0 };

  if (pattern == RA_PATTERN_HATCH)
    cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  else if (pattern == RA_PATTERN_CROSS)
    cairo_set_dash (cr, dot, G_N_ELEMENTS (dot), 0);
  else
    cairo_set_dash (cr, NULL, 0, 0);
}

/* ------------------------------------------------------------------ */
/* Point markers                                                      */

/* Point markers as pre-rendered stamps: the marker drawn by cairo at 4 x 4
 * sub-pixel offsets, then copied (OVER) into the image per point.  100 k
 * markers: about 5 ms instead of cairo's path filling. */
#define RA_STAMP_SUB 4
#define RA_STAMP_MAX_PX 48

typedef struct {
  cairo_surface_t *tiles;   /* RA_STAMP_SUB^2 tiles of size x size, in a row */
  int              size, half;
} Stamp;

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
        map_marker_path (cr, marker, tile * sp->size + sp->half + (double) qx / RA_STAMP_SUB,
                         sp->half + (double) qy / RA_STAMP_SUB, radius);
        ra_paint_path (cr, fill, RA_PATTERN_NONE, NULL, stroke);
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

/* Points: markers filled then outlined, in chunks (one run per class in
 * thematic styles). */
void
ra_render_draw_markers (DrawState *st, const RaStyle *style, const Theme *th, double radius)
{
  cairo_t *cr = st->cr;
  const double *xy = (const double *) (gpointer) st->points->data;
  guint np = st->points->len / 2;
  g_autoptr(GPtrArray) used = th->color_features ? ra_render_used_classes (st->point_cls) : NULL;
  guint n_runs = used != NULL ? used->len : 1;

  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  cairo_set_line_width (cr, style->stroke_width_px);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint run = 0; run < n_runs; run++)
    {
      const RaStyleClass *cls = used != NULL ? g_ptr_array_index (used, run) : NULL;
      const RaColor *fill = cls != NULL ? &cls->fill : &style->fill;
      const RaColor *stroke = cls != NULL ? &cls->stroke : &style->stroke;
      gboolean run_fill = ra_color_visible (fill);
      gboolean run_stroke = ra_color_visible (stroke) && style->stroke_width_px > 0.0;
      gboolean run_pattern = cls != NULL && cls->pattern != RA_PATTERN_NONE;
      RaPattern pattern = run_pattern ? cls->pattern : RA_PATTERN_NONE;
      const RaColor *pattern_color = run_pattern ? &cls->pattern_color : NULL;
      guint chunk = 0;
      Stamp stamp;
      Raster ras;

      if (!run_pattern && (run_fill || run_stroke) &&
          np >= 64 && ra_raster_begin (cr, &ras))
        {
          if (stamp_init (&stamp, style->marker, radius, run_fill ? fill : NULL,
                          run_stroke ? stroke : NULL, style->stroke_width_px))
            {
              for (guint i = 0; i < np; i++)
                if (cls == NULL || g_ptr_array_index (st->point_cls, i) == cls)
                  stamp_at (&ras, &stamp, xy[2 * i], xy[2 * i + 1]);
              stamp_clear (&stamp);
              ra_raster_end (&ras);
              continue;
            }
          ra_raster_end (&ras);
        }
      cairo_new_path (cr);
      for (guint i = 0; i < np; i++)
        {
          if (cls != NULL && g_ptr_array_index (st->point_cls, i) != cls)
            continue;
          map_marker_path (cr, style->marker, xy[2 * i], xy[2 * i + 1], radius);
          if (++chunk == 512)
            {
              ra_paint_path (cr, run_fill ? fill : NULL, pattern, pattern_color,
                             run_stroke ? stroke : NULL);
              chunk = 0;
            }
        }
      if (chunk > 0)
        ra_paint_path (cr, run_fill ? fill : NULL, pattern, pattern_color,
                       run_stroke ? stroke : NULL);
    }
}

/* ------------------------------------------------------------------ */
/* Proportional symbols                                               */

int
ra_render_compare_symbols (gconstpointer pa, gconstpointer pb)
{
  const Symbol *a = pa, *b = pb;

  return a->d > b->d ? -1 : (a->d < b->d ? 1 : 0);
}

/* The hole of a donut (style->pie_hole of the diameter), 0 for pies. */
static double
hole_radius (const RaStyle *style, double r)
{
  return style->pie_hole > 0.0 ? r * MIN (style->pie_hole, 0.9) : 0.0;
}

/* Adds the circle of radius r at (x, y) to the path, with a hole of
 * radius hole (> 0) cut out (drawn the other way round, so it is a hole
 * with either fill rule). */
static void
ring_path (cairo_t *cr, double x, double y, double r, double hole)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x, y, r, 0, 2 * G_PI);
  cairo_close_path (cr);
  if (hole > 0.0)
    {
      cairo_new_sub_path (cr);
      cairo_arc_negative (cr, x, y, hole, 2 * G_PI, 0);
      cairo_close_path (cr);
    }
}

/* Fills the circle of s with the wedges of its pie values, clockwise from
 * 12 o'clock (the ring outside the hole for donuts); FALSE when it has
 * none (all 0 or missing). */
static gboolean
fill_pie (cairo_t *cr, const Theme *th, const RaAttrTable *attrs, const Symbol *s)
{
  double values[RA_STYLE_MAX_PIE_FIELDS];
  double total = 0.0, angle = -G_PI / 2;
  double r = s->d / 2.0;
  double hole = hole_radius (th->style, r);

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
      if (hole > 0.0 && sweep >= 2 * G_PI - 1e-9)
        ring_path (cr, s->x, s->y, r, hole);
      else if (hole > 0.0)
        {
          cairo_arc (cr, s->x, s->y, r, angle, angle + sweep);
          cairo_arc_negative (cr, s->x, s->y, hole, angle + sweep, angle);
        }
      else if (sweep >= 2 * G_PI - 1e-9)
        cairo_arc (cr, s->x, s->y, r, 0, 2 * G_PI);
      else
        {
          cairo_move_to (cr, s->x, s->y);
          cairo_arc (cr, s->x, s->y, r, angle, angle + sweep);
        }
      cairo_close_path (cr);
      ra_cairo_set_color (cr, &th->style->pie_fields[i].fill);
      cairo_fill (cr);
      angle += sweep;
    }
  return TRUE;
}

void
ra_render_draw_symbols (DrawState *st, const RaStyle *style, const Theme *th,
                        const RaAttrTable *attrs)
{
  cairo_t *cr = st->cr;
  double sw = MAX (style->stroke_width_px, 0.0);

  /* Larger first, so the small ones stay visible on top. */
  g_array_sort (st->symbols, ra_render_compare_symbols);
  cairo_set_line_width (cr, sw);
  for (guint i = 0; i < st->symbols->len; i++)
    {
      const Symbol *s = &g_array_index (st->symbols, Symbol, i);
      const RaColor *fill = s->cls != NULL ? &s->cls->fill : &style->size_fill;
      const RaColor *stroke = s->cls != NULL ? &s->cls->stroke : &style->size_stroke;
      double r = s->d / 2.0;
      RaBBox box = { s->x - r - sw / 2, s->y - r - sw / 2, s->x + r + sw / 2, s->y + r + sw / 2 };

      gboolean pie = fill_pie (cr, th, attrs, s);
      double hole = th->n_pie_fields > 0 ? hole_radius (style, r) : 0.0;

      cairo_new_path (cr);
      if (hole > 0.0)
        ring_path (cr, s->x, s->y, r, hole);
      else
        {
          cairo_arc (cr, s->x, s->y, r, 0, 2 * G_PI);
          cairo_close_path (cr);
        }
      ra_paint_path (cr, !pie && ra_color_visible (fill) ? fill : NULL,
                     s->cls != NULL ? s->cls->pattern : RA_PATTERN_NONE,
                     s->cls != NULL ? &s->cls->pattern_color : NULL,
                     sw > 0.0 && ra_color_visible (stroke) ? stroke : NULL);
      g_array_append_val (st->obstacles, box);
    }
}
