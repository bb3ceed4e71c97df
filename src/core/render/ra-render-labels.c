/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The renderer's labels: candidates collected while the layers are drawn,
 * then placed best first (styles of a higher label priority first, then
 * polygons by area, lines by length, then points), each beside the symbol
 * on its anchor or nearby, never over a symbol, another label or the edge
 * of the view, with a halo.  A polygon's label sits inside it, at its pole
 * of inaccessibility (ra_geometry_pole_of_inaccessibility) or near it;
 * only when it cannot fit inside does it go outside, with a leader line.
 * A label of a style with a priority above 0 (the plan's county names) is
 * never dropped: without a free place it goes where it collides least.
 * A line's DN and length (RaStyle.dn_label_field) go along it, rotated to
 * its longest segment and kept upright, beside the line, after every other
 * label, and are left out where the segment is too short for them. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ra-renderer-private.h"
#include "ra-text.h"

/* Room kept free at each end of the stretch of line a label runs along. */
#define LINE_LABEL_END_PX 6.0
/* A segment shorter on screen holds no label ("DN50 · 1.0 m" is wider):
 * its line is not even measured. */
#define LINE_LABEL_MIN_SEGMENT_PX 48.0
/* 10 degrees: how far past vertical a label along a line still reads
 * upwards rather than downwards. */
#define LINE_LABEL_STEEP (G_PI / 18.0)

/* Labels of styles without a font. */
#define RA_DEFAULT_LABEL_FONT RA_TEXT_FONT_FAMILY " 10"

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

  if (a->label_priority != b->label_priority)
    return a->label_priority > b->label_priority ? -1 : 1;
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

static double
overlap_area (const RaBBox *a, const RaBBox *b)
{
  double w = MIN (a->x1, b->x1) - MAX (a->x0, b->x0);
  double h = MIN (a->y1, b->y1) - MAX (a->y0, b->y0);

  return w > 0 && h > 0 ? w * h : 0.0;
}

/* Device to map units (the inverse of ra_xform_point, unclamped). */
static inline void
device_to_map (const Xform *xf, double px, double py, double *x, double *y)
{
  *x = (px - xf->half_w) / xf->inv_res + xf->cx;
  *y = xf->cy - (py - xf->half_h) / xf->inv_res;
}

/* Whether the segment (ax, ay)-(bx, by) meets the box (map units). */
static gboolean
segment_meets_box (double ax, double ay, double bx, double by, const RaBBox *b)
{
  double t0 = 0.0, t1 = 1.0;
  double dx = bx - ax, dy = by - ay;
  const double p[4] = { -dx, dx, -dy, dy };
  const double q[4] = { ax - b->x0, b->x1 - ax, ay - b->y0, b->y1 - ay };

  /* Liang-Barsky clipping: the part of the segment inside the box. */
  for (int i = 0; i < 4; i++)
    {
      if (p[i] == 0.0)
        {
          if (q[i] < 0.0)
            return FALSE;
        }
      else
        {
          double t = q[i] / p[i];

          if (p[i] < 0.0)
            t0 = MAX (t0, t);
          else
            t1 = MIN (t1, t);
          if (t0 > t1)
            return FALSE;
        }
    }
  return TRUE;
}

/* Whether the device box lies wholly inside the candidate's polygon: its
 * centre inside and no ring crossing it.  Quick when the box lies within
 * the largest inscribed circle around the anchor. */
static gboolean
box_inside_polygon (const LabelCandidate *c, const Xform *xf, const RaBBox *box,
                    RaCoordScratch *scratch)
{
  RaBBox m;
  double far2 = 0.0, cx, cy;
  const double *xy;
  const RaGeometry *geom = c->geom;

  for (int k = 0; k < 4; k++)
    {
      double px = k & 1 ? box->x1 : box->x0, py = k & 2 ? box->y1 : box->y0;

      far2 = MAX (far2, (px - c->x) * (px - c->x) + (py - c->y) * (py - c->y));
    }
  if (far2 <= c->pole_r * c->pole_r)
    return TRUE;

  device_to_map (xf, box->x0, box->y1, &m.x0, &m.y0);
  device_to_map (xf, box->x1, box->y0, &m.x1, &m.y1);
  if (m.x0 < geom->bbox.x0 || m.x1 > geom->bbox.x1 || m.y0 < geom->bbox.y0 || m.y1 > geom->bbox.y1)
    return FALSE;
  device_to_map (xf, (box->x0 + box->x1) / 2.0, (box->y0 + box->y1) / 2.0, &cx, &cy);
  if (!ra_geometry_contains_point (geom, cx, cy))
    return FALSE;
  xy = ra_geometry_coords (geom, scratch);
  for (guint p = 0; p < geom->n_parts; p++)
    {
      guint first = geom->parts[p], last = geom->parts[p + 1];

      for (guint i = first; i < last; i++)
        {
          guint j = i + 1 < last ? i + 1 : first;   /* rings close implicitly */
          double ax = xy[2 * i], ay = xy[2 * i + 1], bx = xy[2 * j], by = xy[2 * j + 1];

          if (MAX (ax, bx) < m.x0 || MIN (ax, bx) > m.x1 || MAX (ay, by) < m.y0 || MIN (ay, by) > m.y1)
            continue;
          if (segment_meets_box (ax, ay, bx, by, &m))
            return FALSE;
        }
    }
  return TRUE;
}

/* The point of the box nearest to (x, y). */
static void
box_nearest_point (const RaBBox *b, double x, double y, double *nx, double *ny)
{
  *nx = CLAMP (x, b->x0, b->x1);
  *ny = CLAMP (y, b->y0, b->y1);
}

/* A leader from the label's box to the point it labels: a thin dark line
 * on a light halo, ending in a dot on the anchor. */
static void
draw_leader (cairo_t *cr, const RaBBox *box, double ax, double ay, const RaStyle *style,
             double scale)
{
  double nx, ny;
  RaColor halo = style->label_halo;

  box_nearest_point (box, ax, ay, &nx, &ny);
  cairo_save (cr);
  cairo_move_to (cr, nx, ny);
  cairo_line_to (cr, ax, ay);
  cairo_new_sub_path (cr);
  cairo_arc (cr, ax, ay, 2.0 * scale, 0, 2 * G_PI);
  if (ra_color_visible (&halo))
    {
      halo.a = MAX (halo.a, 0.8);
      ra_cairo_set_color (cr, &halo);
      cairo_set_line_width (cr, 3.0 * scale);
      cairo_stroke_preserve (cr);
    }
  ra_cairo_set_color (cr, &style->label_color);
  cairo_set_line_width (cr, 1.0 * scale);
  cairo_stroke_preserve (cr);
  cairo_new_path (cr);
  cairo_arc (cr, ax, ay, 2.0 * scale, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_restore (cr);
}

static PangoFontDescription *
label_font_for_style (const RaStyle *style, double scale)
{
  return ra_text_font_new_scaled (style->label_font != NULL && *style->label_font != '\0'
                                  ? style->label_font : RA_DEFAULT_LABEL_FONT, scale);
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

/* A place tried for a label: the centre of its text box. */
typedef struct {
  double   cx, cy;
  gboolean leader;    /* outside its polygon: needs a leader line */
} Spot;

static void
add_spot (GArray *spots, double cx, double cy, gboolean leader)
{
  Spot s = { cx, cy, leader };

  g_array_append_val (spots, s);
}

/* Polygons: around the anchor, nearest first, up to a label's width
 * sideways and three text lines up or down, in eighths of the width and
 * halves of a line. */
#define INSIDE_DX 8
#define INSIDE_DY 6

static void
add_inside_spots (GArray *spots, double x, double y, double w, double line)
{
  static signed char offsets[(2 * INSIDE_DX + 1) * (2 * INSIDE_DY + 1)][2];
  static gsize once;

  if (g_once_init_enter (&once))
    {
      guint n = 0;

      for (int dy = -INSIDE_DY; dy <= INSIDE_DY; dy++)
        for (int dx = -INSIDE_DX; dx <= INSIDE_DX; dx++)
          if (dx != 0 || dy != 0)
            {
              offsets[n][0] = (signed char) dx;
              offsets[n++][1] = (signed char) dy;
            }
      /* Nearest first (a step up or down counts as two sideways, so a
       * label slides along its row first); insertion sort keeps the order
       * stable. */
      for (guint i = 1; i < n; i++)
        for (guint j = i; j > 0; j--)
          {
            int da = 4 * offsets[j][1] * offsets[j][1] + offsets[j][0] * offsets[j][0];
            int db = 4 * offsets[j - 1][1] * offsets[j - 1][1] + offsets[j - 1][0] * offsets[j - 1][0];
            signed char t0, t1;

            if (da >= db)
              break;
            t0 = offsets[j][0];
            t1 = offsets[j][1];
            offsets[j][0] = offsets[j - 1][0];
            offsets[j][1] = offsets[j - 1][1];
            offsets[j - 1][0] = t0;
            offsets[j - 1][1] = t1;
          }
      g_once_init_leave (&once, 1);
    }
  for (guint n = 0; n < G_N_ELEMENTS (offsets) - 1; n++)
    add_spot (spots, x + offsets[n][0] * w / 8.0, y + offsets[n][1] * line / 2.0, FALSE);
}

/* Polygons that cannot hold their label: around the anchor at growing
 * distances, in twelve directions (right and left first, where a wide
 * label's leader stays short). */
static void
add_leader_spots (GArray *spots, double x, double y, double w, double h, double pole_r)
{
  static const double dirs[12][2] = {
    { 1, 0 }, { -1, 0 }, { 0, -1 }, { 0, 1 }, { 1, -1 }, { -1, -1 }, { 1, 1 }, { -1, 1 },
    { 2, -1 }, { -2, -1 }, { 2, 1 }, { -2, 1 },
  };

  for (guint k = 0; k < 5; k++)
    for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
      {
        double len = hypot (dirs[d][0], dirs[d][1]);
        double ux = dirs[d][0] / len, uy = dirs[d][1] / len;
        /* From the anchor to the box's edge along (ux, uy), then a gap. */
        double edge = MIN (fabs (ux) > 1e-9 ? (w / 2.0) / fabs (ux) : G_MAXDOUBLE,
                           fabs (uy) > 1e-9 ? (h / 2.0) / fabs (uy) : G_MAXDOUBLE);
        double dist = edge + MAX (pole_r, 4.0) + 8.0 + k * h;

        add_spot (spots, x + ux * dist, y + uy * dist, TRUE);
      }
}

static void
spot_box (const Spot *s, double w, double h, double halo, RaBBox *text, RaBBox *box)
{
  text->x0 = s->cx - w / 2.0;
  text->x1 = s->cx + w / 2.0;
  text->y0 = s->cy - h / 2.0;
  text->y1 = s->cy + h / 2.0;
  box->x0 = text->x0 - halo;
  box->x1 = text->x1 + halo;
  box->y0 = text->y0 - halo;
  box->y1 = text->y1 + halo;
}

/* A box moved into the view where it fits there. */
static void
clamp_spot_into_view (Spot *s, double w, double h, double halo, const RaView *view)
{
  double hw = w / 2.0 + halo, hh = h / 2.0 + halo;

  if (2 * hw <= view->width)
    s->cx = CLAMP (s->cx, hw, view->width - hw);
  if (2 * hh <= view->height)
    s->cy = CLAMP (s->cy, hh, view->height - hh);
}

/* The places to try for candidate c's label of w x h, best first. */
static void
gather_spots (GArray *spots, const LabelCandidate *c, GArray *obstacles, double w, double h,
              double halo, double line)
{
  /* Beside a symbol on the anchor (below, above, right, left; right,
   * above, below, left beside a point marker), or on the anchor.  A label
   * whose anchor lies under a symbol of another layer (a county's name
   * under the projects at its seat) goes beside that symbol the same way.
   * A polygon's name may then move off symbols and other labels, staying
   * inside its polygon near its pole; failing that it goes outside
   * nearby, with a leader line. */
  double ax = c->x, ay = c->y, avoid_r = c->avoid_r;

  g_array_set_size (spots, 0);
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
          add_spot (spots, cx, cy, FALSE);
        }
    }
  else
    add_spot (spots, c->x, c->y, FALSE);
  if (c->geom != NULL)
    {
      add_inside_spots (spots, c->x, c->y, w, line);
      add_leader_spots (spots, c->x, c->y, w, h, c->pole_r);
    }
}

/* The first free spot: not outside (a polygon's label wholly inside it,
 * others anywhere), or outside (a polygon's label outside with a leader,
 * then across its edge near the anchor).  NULL when none is free. */
/* Whether a device box covers part of another polygon labelled in the
 * same layer (a neighbour), judged at its corners, edge midpoints and
 * centre. */
static gboolean
box_over_neighbour (const LabelCandidate *c, GArray *candidates, const Xform *xf,
                    const RaBBox *box)
{
  double pts[9][2];
  RaBBox m;

  for (int k = 0; k < 9; k++)
    {
      double px = box->x0 + (box->x1 - box->x0) * (k % 3) / 2.0;
      double py = box->y0 + (box->y1 - box->y0) * (k / 3) / 2.0;

      device_to_map (xf, px, py, &pts[k][0], &pts[k][1]);
    }
  device_to_map (xf, box->x0, box->y1, &m.x0, &m.y0);
  device_to_map (xf, box->x1, box->y0, &m.x1, &m.y1);
  for (guint i = 0; i < candidates->len; i++)
    {
      const LabelCandidate *o = &g_array_index (candidates, LabelCandidate, i);

      if (o == c || o->geom == NULL || o->layer != c->layer || !ra_bbox_intersects (&o->geom->bbox, &m))
        continue;
      for (int k = 0; k < 9; k++)
        if (ra_geometry_contains_point (o->geom, pts[k][0], pts[k][1]))
          return TRUE;
    }
  return FALSE;
}

static Spot *
find_spot (GArray *spots, const LabelCandidate *c, GArray *candidates, const RaView *view,
           const Xform *xf, GArray *placed, double w, double h, double halo, gboolean outside,
           RaCoordScratch *scratch)
{
  Spot *across = NULL, *over_neighbour = NULL;
  RaBBox text, box;

  for (guint n = 0; n < spots->len; n++)
    {
      Spot *sp = &g_array_index (spots, Spot, n);

      if (sp->leader != outside && !(outside && across == NULL))
        continue;
      spot_box (sp, w, h, halo, &text, &box);
      if (!label_box_fits (&box, view, placed))
        continue;
      if (c->geom == NULL)
        return sp;
      /* Outside, a label keeps off its neighbours where it can. */
      if (sp->leader && box_over_neighbour (c, candidates, xf, &text))
        {
          if (over_neighbour == NULL)
            over_neighbour = sp;
          continue;
        }
      if (sp->leader)
        return sp;
      if (box_inside_polygon (c, xf, &text, scratch))
        {
          if (!outside)
            return sp;
        }
      else if (outside && across == NULL)
        across = sp;
    }
  if (over_neighbour != NULL)
    return over_neighbour;
  if (across != NULL)
    across->leader = TRUE;
  return across;
}

/* ------------------------------------------------------------------ */
/* Along lines                                                         */

void
ra_render_label_candidate_clear (gpointer candidate)
{
  LabelCandidate *c = candidate;

  g_clear_pointer (&c->owned_text, g_free);
}

/* The geodesic length (km) of geom (map units of crs); NAN when the CRS
 * cannot be taken to lon/lat. */
static double
geodesic_length_km (DrawState *st, const RaGeometry *geom)
{
  RaTransform *t = st->crs != NULL ? ra_render_lonlat_transform (st->crs) : NULL;
  const double *xy;
  g_autofree double *ll = NULL;
  double m = 0.0;

  if (t == NULL)
    return NAN;
  xy = ra_geometry_coords (geom, &st->coords);
  ll = g_memdup2 (xy, sizeof (double) * 2 * geom->n_points);
  if (ra_transform_points (t, ll, geom->n_points) > 0)
    return NAN;
  for (guint p = 0; p < geom->n_parts; p++)
    m += ra_geodesic_length_m (ll + 2 * geom->parts[p], geom->parts[p + 1] - geom->parts[p]);
  return m / 1000.0;
}

typedef struct {
  double ax, ay, bx, by, len;
} DevSegment;

static int
compare_segments (gconstpointer pa, gconstpointer pb)
{
  const DevSegment *a = pa, *b = pb;

  return a->len > b->len ? -1 : (a->len < b->len ? 1 : 0);
}

void
ra_render_collect_line_label (DrawState *st, const SnapLayer *sl, guint layer_index, int dn_field,
                              guint id, const RaGeometry *geom, const RaGeometry *full)
{
  LabelCandidate c = { 0 };
  g_autoptr(GArray) segs = NULL;
  const double *xy;
  double dn = NAN, km, total_px = 0.0;
  char *text;

  if (dn_field >= 0 && sl->data->attrs != NULL && id < sl->data->attrs->n_features
      && !ra_style_parse_number (ra_attr_table_get (sl->data->attrs, id, dn_field), &dn))
    dn = NAN;

  /* The device segments, longest first; too short a line on screen gets
   * no label, and is not measured. */
  segs = g_array_new (FALSE, FALSE, sizeof (DevSegment));
  xy = ra_geometry_coords (geom, &st->coords);
  for (guint p = 0; p < geom->n_parts; p++)
    for (guint i = geom->parts[p] + 1; i < geom->parts[p + 1]; i++)
      {
        DevSegment sg;

        ra_xform_point (&st->xf, xy[2 * i - 2], xy[2 * i - 1], &sg.ax, &sg.ay);
        ra_xform_point (&st->xf, xy[2 * i], xy[2 * i + 1], &sg.bx, &sg.by);
        sg.len = hypot (sg.bx - sg.ax, sg.by - sg.ay);
        total_px += sg.len;
        if (sg.len >= LINE_LABEL_MIN_SEGMENT_PX)
          g_array_append_val (segs, sg);
      }
  if (segs->len == 0)
    return;
  g_array_sort (segs, compare_segments);

  km = geodesic_length_km (st, full);
  text = ra_render_line_label_text (dn, km);
  if (text == NULL)
    return;

  for (guint k = 0; k < segs->len && c.n_slots < RA_LINE_LABEL_SLOTS; k++)
    {
      const DevSegment *sg = &g_array_index (segs, DevSegment, k);
      double angle = atan2 (sg->by - sg->ay, sg->bx - sg->ax);
      /* The middle, then a third of the way from either end (room for a
       * label twice the distance to the nearer end). */
      static const double at[] = { 0.5, 1.0 / 3.0, 2.0 / 3.0 };

      /* Upright: text never reads upside down; along a steep line (within
       * LINE_LABEL_STEEP of vertical, a north-south pipe a little off the
       * grid) it reads upwards, as map lettering does. */
      if (angle >= G_PI / 2.0 - LINE_LABEL_STEEP)
        angle -= G_PI;
      else if (angle < -G_PI / 2.0 - LINE_LABEL_STEEP)
        angle += G_PI;
      for (guint j = 0; j < (k == 0 ? G_N_ELEMENTS (at) : 1) && c.n_slots < RA_LINE_LABEL_SLOTS; j++)
        {
          c.slots[c.n_slots].x = sg->ax + at[j] * (sg->bx - sg->ax);
          c.slots[c.n_slots].y = sg->ay + at[j] * (sg->by - sg->ay);
          c.slots[c.n_slots].angle = angle;
          c.slots[c.n_slots].room = 2.0 * MIN (at[j], 1.0 - at[j]) * sg->len;
          c.n_slots++;
        }
    }
  c.x = c.slots[0].x;
  c.y = c.slots[0].y;
  c.feature = id;
  c.layer = layer_index;
  c.order = st->labels->len;
  /* After every other label: names first, then what fits along the lines. */
  c.kind_rank = -1;
  c.priority = total_px;
  c.owned_text = text;
  c.text = text;
  c.line_gap = MAX (MAX (sl->style->stroke_width_px, sl->style->casing_width_px), 0.0) / 2.0 + 1.0;
  g_array_append_val (st->labels, c);
}

/* The device corners of a w x h box centred on (cx, cy), turned by angle,
 * and their bounding box grown by halo. */
static void
rotated_box (double cx, double cy, double w, double h, double angle, double halo, RaBBox *box)
{
  double ca = fabs (cos (angle)), sa = fabs (sin (angle));
  double hx = ca * w / 2.0 + sa * h / 2.0 + halo, hy = sa * w / 2.0 + ca * h / 2.0 + halo;

  box->x0 = cx - hx;
  box->x1 = cx + hx;
  box->y0 = cy - hy;
  box->y1 = cy + hy;
}

/* Places and draws candidate c along its line: the first slot with room
 * for the text whose box is free, the text above the line (in the text's
 * own frame), else below it.  FALSE when none is free. */
static gboolean
place_along (cairo_t *cr, PangoLayout *layout, const LabelCandidate *c, const RaStyle *style,
             const RaView *view, GArray *placed, double halo, RaLabelPlace *place)
{
  PangoRectangle logical;
  double w, h;

  pango_layout_set_alignment (layout, PANGO_ALIGN_LEFT);
  pango_layout_set_text (layout, c->text, -1);
  pango_layout_get_extents (layout, NULL, &logical);
  w = (double) logical.width / PANGO_SCALE;
  h = (double) logical.height / PANGO_SCALE;

  for (guint n = 0; n < c->n_slots; n++)
    {
      double a = c->slots[n].angle;
      /* Up in the text's frame (device y grows downwards). */
      double ux = sin (a), uy = -cos (a);

      if (c->slots[n].room < w + 2.0 * halo + 2.0 * LINE_LABEL_END_PX)
        continue;
      for (int side = 1; side >= -1; side -= 2)
        {
          double off = side * (c->line_gap + halo + h / 2.0);
          double cx = c->slots[n].x + ux * off, cy = c->slots[n].y + uy * off;
          RaBBox box;

          rotated_box (cx, cy, w, h, a, halo, &box);
          if (!label_box_fits (&box, view, placed))
            continue;
          g_array_append_val (placed, box);
          cairo_save (cr);
          cairo_translate (cr, cx, cy);
          cairo_rotate (cr, a);
          {
            double ox = -w / 2.0 - (double) logical.x / PANGO_SCALE;
            double oy = -h / 2.0 - (double) logical.y / PANGO_SCALE;

            if (halo > 0.0 && ra_color_visible (&style->label_halo))
              ra_text_stroke_halo (cr, layout, ox, oy, &style->label_halo, 2.0 * halo);
            ra_text_show (cr, layout, ox, oy, &style->label_color);
          }
          cairo_restore (cr);
          cairo_new_path (cr);
          place->box = box;
          place->anchor_x = c->slots[n].x;
          place->anchor_y = c->slots[n].y;
          place->angle = a;
          return TRUE;
        }
    }
  return FALSE;
}

/* obstacles: device boxes (proportional symbols) labels must not cover. */
void
ra_render_draw_labels (cairo_t *cr, RaMapSnapshot *snap, const RaView *view, const Xform *xf,
                       const RaRenderOptions *opts, GArray *candidates, GArray *obstacles,
                       RaRenderStats *stats)
{
  PangoContext *ctx;
  PangoLayout *layout;
  double scale = opts->label_scale > 0 ? opts->label_scale : 1.0;
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (RaBBox));
  g_autoptr(GArray) spots = g_array_new (FALSE, FALSE, sizeof (Spot));
  g_autoptr(GPtrArray) fonts = g_ptr_array_new_with_free_func ((GDestroyNotify) pango_font_description_free);
  g_auto(RaCoordScratch) scratch = RA_COORD_SCRATCH_INIT;
  guint keepout_first, keepout_end;

  if (candidates->len == 0)
    return;

  g_array_append_vals (placed, obstacles->data, obstacles->len);
  keepout_first = placed->len;
  g_array_append_vals (placed, opts->label_keepout, MIN (opts->n_label_keepout, G_N_ELEMENTS (opts->label_keepout)));
  keepout_end = placed->len;
  g_array_sort (candidates, compare_candidates);
  for (guint i = 0; i < snap->layers->len; i++)
    {
      SnapLayer *sl = g_ptr_array_index (snap->layers, i);
      g_ptr_array_add (fonts, label_font_for_style (sl->style, opts->label_scale));
    }

  ctx = ra_text_context_new (cr);
  layout = pango_layout_new (ctx);
  cairo_save (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  for (guint i = 0; i < candidates->len; i++)
    {
      const LabelCandidate *c = &g_array_index (candidates, LabelCandidate, i);
      const RaStyle *style = ((SnapLayer *) g_ptr_array_index (snap->layers, c->layer))->style;
      double halo = MAX (style->label_halo_px, 0.0) * scale;
      gboolean polygon = c->geom != NULL;
      gboolean required = c->label_priority > 0.0;
      gboolean anchor_in_view = c->x >= 0 && c->y >= 0 && c->x <= view->width && c->y <= view->height;
      PangoRectangle logical;
      double w, h, line;
      RaBBox box = { 0 }, text = { 0 };
      const Spot *chosen = NULL;
      Spot forced_spot = { 0 };
      gboolean forced = FALSE;
      gboolean leader;

      /* A polygon's label that fits inside nowhere on one line may fit on
       * two, broken at its first space (a county's name above its
       * figures); outside its polygon it stays on one line. */
      const char *space = polygon ? strchr (c->text, ' ') : NULL;
      g_autofree char *two_lines = NULL;
      guint n_variants = space != NULL ? 2 : 1;

      if (c->n_slots > 0)
        {
          RaLabelPlace place = { 0 };

          pango_layout_set_font_description (layout, g_ptr_array_index (fonts, c->layer));
          if (!place_along (cr, layout, c, style, view, placed, halo, &place))
            {
              if (stats)
                stats->n_labels_skipped++;
              continue;
            }
          if (stats)
            {
              stats->n_labels++;
              if (stats->label_boxes)
                g_array_append_val (stats->label_boxes, place.box);
              if (stats->label_places)
                {
                  place.layer = c->layer;
                  place.feature = c->feature;
                  place.along = TRUE;
                  g_strlcpy (place.text, c->text, sizeof place.text);
                  g_array_append_val (stats->label_places, place);
                }
            }
          continue;
        }

      pango_layout_set_font_description (layout, g_ptr_array_index (fonts, c->layer));
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      for (guint v = 0; v <= n_variants && chosen == NULL; v++)
        {
          /* v: one line, two lines, then one line again for the places
           * outside. */
          gboolean outside = v == n_variants;

          if (v == 1 && !outside)
            {
              two_lines = g_strdup (c->text);
              two_lines[space - c->text] = '\n';
            }
          pango_layout_set_text (layout, v == 1 && !outside ? two_lines : c->text, -1);
          pango_layout_get_extents (layout, NULL, &logical);
          w = (double) logical.width / PANGO_SCALE;
          h = (double) logical.height / PANGO_SCALE;
          /* One line of text (a two-line label is twice as tall). */
          line = (v == 1 && !outside ? h / 2.0 : h) + 2.0 * halo;
          if (outside && !polygon)
            break;
          gather_spots (spots, c, obstacles, w, h, halo, line);
          chosen = find_spot (spots, c, candidates, view, xf, placed, w, h, halo, outside, &scratch);
        }

      if (chosen == NULL && required && anchor_in_view)
        {
          /* Never dropped: where it covers the least of what is placed. */
          double best_cost = G_MAXDOUBLE;

          /* An anchor under a card over the map: beside the card too, with
           * a leader, so the name is seen. */
          for (guint k = keepout_first; k < keepout_end; k++)
            {
              const RaBBox *o = &g_array_index (placed, RaBBox, k);
              Spot escape[3] = {
                { o->x1 + halo + w / 2.0 + 4.0, c->y, TRUE },
                { c->x, o->y1 + halo + h / 2.0 + 4.0, TRUE },
                { c->x, o->y0 - halo - h / 2.0 - 4.0, TRUE },
              };

              if (c->x < o->x0 || c->x > o->x1 || c->y < o->y0 || c->y > o->y1)
                continue;
              g_array_append_vals (spots, escape, G_N_ELEMENTS (escape));
            }

          for (guint n = 0; n < spots->len; n++)
            {
              Spot sp = g_array_index (spots, Spot, n);
              double cost = 0.0;

              clamp_spot_into_view (&sp, w, h, halo, view);
              spot_box (&sp, w, h, halo, &text, &box);
              for (guint j = 0; j < placed->len; j++)
                cost += overlap_area (&box, &g_array_index (placed, RaBBox, j))
                        /* Under a card it would not be seen at all. */
                        * (j >= keepout_first && j < keepout_end ? 1e6 : 1.0);
              /* Inside spots carry no leader, so a tie goes to them. */
              if (cost < best_cost)
                {
                  best_cost = cost;
                  forced_spot = sp;
                  if (polygon)
                    forced_spot.leader = !box_inside_polygon (c, xf, &text, &scratch);
                }
            }
          forced = TRUE;
          chosen = &forced_spot;
        }

      if (chosen == NULL)
        {
          if (stats)
            stats->n_labels_skipped++;
          continue;
        }

      spot_box (chosen, w, h, halo, &text, &box);
      /* Across its polygon's edge but over its own anchor: no line. */
      leader = polygon && chosen->leader &&
               !(c->x >= text.x0 && c->x <= text.x1 && c->y >= text.y0 && c->y <= text.y1);
      g_array_append_val (placed, box);
      if (stats)
        {
          stats->n_labels++;
          if (stats->label_boxes)
            g_array_append_val (stats->label_boxes, box);
          if (stats->label_places)
            {
              RaLabelPlace place = { 0 };

              place.layer = c->layer;
              place.feature = c->feature;
              place.box = text;
              place.anchor_x = c->x;
              place.anchor_y = c->y;
              /* Across its edge counts as outside, line or not. */
              place.leader = polygon && chosen->leader;
              place.forced = forced;
              g_strlcpy (place.text, c->text, sizeof place.text);
              g_array_append_val (stats->label_places, place);
            }
        }

      if (leader)
        draw_leader (cr, &text, c->x, c->y, style, scale);
      {
        /* Layout origin so the logical box is centred on the spot. */
        double ox = chosen->cx - w / 2.0 - (double) logical.x / PANGO_SCALE;
        double oy = chosen->cy - h / 2.0 - (double) logical.y / PANGO_SCALE;

        if (halo > 0.0 && ra_color_visible (&style->label_halo))
          ra_text_stroke_halo (cr, layout, ox, oy, &style->label_halo, 2.0 * halo);
        ra_text_show (cr, layout, ox, oy, &style->label_color);
      }
      cairo_new_path (cr);
    }
  cairo_restore (cr);
  g_object_unref (layout);
  g_object_unref (ctx);
}

void
ra_render_collect_label (DrawState *st, const SnapLayer *sl, guint layer_index, int field,
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
  if (geom->kind == RA_GEOM_POLYGON)
    {
      double r;

      /* Computed once per geometry (cached in map units). */
      if (sl->label_pole == NULL || !sl->label_pole (geom, &x, &y, &r))
        return;
      c.geom = geom;
      c.pole_r = r * st->xf.inv_res;
    }
  else if (!ra_geometry_label_point (geom, &x, &y))
    return;

  ra_xform_point (&st->xf, x, y, &c.x, &c.y);
  c.feature = id;
  c.label_priority = sl->style->label_priority;
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
