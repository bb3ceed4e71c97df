/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The renderer's labels: candidates collected while the layers are drawn,
 * then placed best first (polygons by area, lines by length, then points),
 * each beside the symbol on its anchor or nearby, never over a symbol,
 * another label or the edge of the view, with a halo. */
#include "config.h"

#include <math.h>

#include "ra-renderer-private.h"
#include "ra-text.h"

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

/* obstacles: device boxes (proportional symbols) labels must not cover. */
void
ra_render_draw_labels (cairo_t *cr, RaMapSnapshot *snap, const RaView *view,
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

  ctx = ra_text_context_new (cr);
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

      if (halo > 0.0 && ra_color_visible (&style->label_halo))
        ra_text_stroke_halo (cr, layout, ox, oy, &style->label_halo, 2.0 * halo);
      ra_text_show (cr, layout, ox, oy, &style->label_color);
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
  if (!ra_geometry_label_point (geom, &x, &y))
    return;

  ra_xform_point (&st->xf, x, y, &c.x, &c.y);
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
