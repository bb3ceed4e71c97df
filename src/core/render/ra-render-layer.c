/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One layer of the map: how its thematic style applies to its features,
 * the features in view (culled with the spatial index, at the level of
 * detail of the view, coarse data for small scales), and the passes that
 * draw them: fills, outlines and lines, markers, proportional symbols;
 * label candidates are collected on the way. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ra-renderer-private.h"
#include "ra-style-build.h"

/* ------------------------------------------------------------------ */
/* Thematic styles                                                    */

static void
theme_init (Theme *th, const SnapLayer *sl)
{
  const RaStyle *style = sl->style;
  const RaAttrTable *attrs = sl->data != NULL ? sl->data->attrs : NULL;
  gboolean all_values = style->n_classes > 0;

  memset (th, 0, sizeof *th);
  th->style = style;
  th->field = -1;
  th->size_field = -1;
  th->width_field = -1;
  /* Line widths by value, whatever colours the lines. */
  if (attrs != NULL && style->width_field != NULL &&
      (th->width_field = ra_attr_table_field_index (attrs, style->width_field)) >= 0)
    th->width_max = ra_style_width_max_in_table (style, attrs);
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
theme_line_width (const Theme *th, const RaAttrTable *attrs, guint id)
{
  double v;

  if (th->width_field < 0 || attrs == NULL || id >= attrs->n_features)
    return 0.0;
  if (!ra_style_parse_number (ra_attr_table_get (attrs, id, th->width_field), &v))
    return 0.0;
  return ra_style_line_width_px (th->style, th->width_max, v);
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

/* ------------------------------------------------------------------ */
/* Drawing                                                            */

/* Puts the features st->ids of data into the device buffers (points, and
 * the proportional symbols, in st->points and st->symbols), with their
 * classes, and collects their label candidates; FALSE if cancelled. */
static gboolean
collect_features (DrawState *st, const SnapLayer *sl, guint layer_index,
                  const RaLayerData *data, const Theme *th, int label_field, gboolean markers,
                  int dn_field, gboolean line_labels)
{
  const RaStyle *style = sl->style;

  for (guint k = 0; k < st->ids->len; k++)
    {
      guint id = g_array_index (st->ids, guint, k);
      const RaStyleClass *cls = NULL;
      const RaGeometry *geom;
      const double *gxy;
      double avoid_r = 0.0;
      guint kept = 0;

      if (k % RA_CANCEL_EVERY == RA_CANCEL_EVERY - 1 && ra_draw_state_is_cancelled (st))
        return FALSE;
      if (id >= data->n_features || (geom = data->geoms[id]) == NULL || geom->n_points == 0)
        continue;
      if (th->color_features || th->color_symbols)
        cls = theme_class (th, data->attrs, id);

      switch (geom->kind)
        {
        case RA_GEOM_POLYGON:
          kept = ra_dev_buf_add (&st->polys, &st->xf, geom);
          if (th->color_features)
            g_ptr_array_add (st->poly_cls, (gpointer) cls);
          break;
        case RA_GEOM_LINE:
          kept = ra_dev_buf_add (&st->lines, &st->xf, geom);
          if (th->color_features)
            g_ptr_array_add (st->line_cls, (gpointer) cls);
          if (th->width_field >= 0)
            {
              double w = theme_line_width (th, data->attrs, id);
              g_array_append_val (st->line_widths, w);
            }
          break;
        case RA_GEOM_POINT:
          gxy = ra_geometry_coords (geom, &st->coords);
          for (guint i = 0; markers && i < geom->n_points; i++)
            {
              double pt[2];
              ra_xform_point (&st->xf, gxy[2 * i], gxy[2 * i + 1], &pt[0], &pt[1]);
              g_array_append_vals (st->points, pt, 2);
              if (th->color_features)
                g_ptr_array_add (st->point_cls, (gpointer) cls);
            }
          kept = geom->n_points;
          break;
        case RA_GEOM_NONE:
        default:
          continue;
        }
      if (th->proportional)
        {
          Symbol sym = { 0 };
          double x, y;

          sym.d = theme_symbol_size (th, data->attrs, id);
          if (sym.d > 0.0 && ra_geometry_label_point (geom, &x, &y))
            {
              ra_xform_point (&st->xf, x, y, &sym.x, &sym.y);
              sym.cls = th->color_symbols ? cls : NULL;
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

          ra_render_collect_label (st, sl, layer_index, label_field, id, geom, r, TRUE);
        }
      else if (label_field >= 0)
        ra_render_collect_label (st, sl, layer_index, label_field, id, geom, avoid_r, FALSE);
      if (line_labels && geom->kind == RA_GEOM_LINE)
        /* The length from the full detail, as the app measures it. */
        ra_render_collect_line_label (st, sl, layer_index, dn_field, id, geom,
                                      id < sl->data->n_features && sl->data->geoms[id] != NULL
                                      ? sl->data->geoms[id] : geom);
    }
  return TRUE;
}

/* Empties the device buffers and what goes with them. */
static void
reset_buffers (DrawState *st)
{
  ra_dev_buf_reset (&st->polys);
  ra_dev_buf_reset (&st->lines);
  g_array_set_size (st->points, 0);
  g_ptr_array_set_size (st->poly_cls, 0);
  g_ptr_array_set_size (st->line_cls, 0);
  g_ptr_array_set_size (st->point_cls, 0);
  g_array_set_size (st->line_widths, 0);
  g_array_set_size (st->symbols, 0);
}

/* Labels keep off point markers.  Bounded: with a dense point cloud the
 * placement would turn quadratic, and few of its labels fit anyway. */
static void
add_marker_obstacles (DrawState *st, const RaStyle *style, double radius)
{
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
}

/* The passes over what was collected into the device buffers: fills, then
 * outlines and lines, point markers, proportional symbols (attrs: their
 * pie values, nullable); FALSE if cancelled (the cairo state is balanced
 * either way). */
static gboolean
draw_collected (DrawState *st, const RaStyle *style, const Theme *th,
                const RaAttrTable *attrs, double radius)
{
  cairo_t *cr = st->cr;
  gboolean do_fill = ra_color_visible (&style->fill);
  gboolean do_stroke = ra_color_visible (&style->stroke) && style->stroke_width_px > 0.0;

  ra_dev_buf_seal (&st->polys);
  ra_dev_buf_seal (&st->lines);
  cairo_save (cr);
  if ((do_fill || th->color_features) && !ra_render_fill_polygons (st, style, th))
    {
      cairo_restore (cr);
      return FALSE;
    }
  ra_render_stroke_features (st, style, th, FALSE);
  if (ra_draw_state_is_cancelled (st))
    {
      cairo_restore (cr);
      return FALSE;
    }
  ra_render_stroke_features (st, style, th, TRUE);
  if (st->points->len > 0 && (do_fill || do_stroke || th->color_features))
    ra_render_draw_markers (st, style, th, radius);

  add_marker_obstacles (st, style, radius);

  /* Proportional symbols on top of the layer's own geometry. */
  if (st->symbols->len > 0)
    ra_render_draw_symbols (st, style, th, attrs);
  cairo_restore (cr);
  return TRUE;
}

/* The label pass (labels_only): what draw_collected leaves for the labels,
 * in the same order, without painting: the markers' boxes, then the
 * proportional symbols', largest first as they are drawn. */
static void
add_obstacles_only (DrawState *st, const RaStyle *style, double radius)
{
  double sw = MAX (style->stroke_width_px, 0.0);

  add_marker_obstacles (st, style, radius);
  g_array_sort (st->symbols, ra_render_compare_symbols);
  for (guint i = 0; i < st->symbols->len; i++)
    {
      const Symbol *s = &g_array_index (st->symbols, Symbol, i);
      double r = s->d / 2.0;
      RaBBox box = { s->x - r - sw / 2, s->y - r - sw / 2, s->x + r + sw / 2, s->y + r + sw / 2 };

      g_array_append_val (st->obstacles, box);
    }
}

static gboolean draw_stream_layer (DrawState *st, const SnapLayer *sl);

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
  gboolean grouped = sl->opacity < 1.0;
  gboolean markers;
  int label_field = -1, dn_field = -1;
  gboolean line_labels;
  Theme th;
  RaBBox query;

  if (sl->next != NULL)
    return draw_stream_layer (st, sl);
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
  if (st->ids->len == 0)
    {
      theme_clear (&th);
      return TRUE;
    }

  if (st->want_labels && style->label_field != NULL && data->attrs != NULL)
    label_field = ra_attr_table_field_index (data->attrs, style->label_field);
  line_labels = st->want_line_labels && style->dn_label_field != NULL;
  if (line_labels && data->attrs != NULL)
    dn_field = ra_attr_table_field_index (data->attrs, style->dn_label_field);

  reset_buffers (st);
  if (!collect_features (st, sl, layer_index, data, &th, label_field, markers, dn_field,
                         line_labels))
    {
      theme_clear (&th);
      return FALSE;
    }
  if (st->labels_only)
    {
      add_obstacles_only (st, style, radius);
      theme_clear (&th);
      return TRUE;
    }
  if (grouped)
    cairo_push_group (cr);
  if (!draw_collected (st, style, &th, data->attrs, radius))
    goto cancelled;
  if (grouped)
    {
      cairo_pop_group_to_source (cr);
      cairo_paint_with_alpha (cr, sl->opacity);
    }
  theme_clear (&th);
  return TRUE;

cancelled:
  if (grouped)
    cairo_pattern_destroy (cairo_pop_group (cr));
  theme_clear (&th);
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* A streamed layer (ra_map_snapshot_add_stream)                      */

/* Vertices the device buffers of a streamed layer hold before they are
 * drawn and emptied.  Lines and points may be drawn in any number of
 * pieces: the same colour over itself gives the same pixels in any order.
 * Polygons are filled, then outlined, a piece at a time: a later piece's
 * fill can cover the antialiased half of an earlier piece's outline where
 * two polygons share a border, and the later polygon's own outline draws
 * that border again, so the pieces are large (the counties of all China at
 * 1920 px are one or two). */
#define RA_STREAM_CHUNK_VERTICES      65536
#define RA_STREAM_POLY_CHUNK_VERTICES 262144

/* Draws a layer whose features come one at a time from its source, in the
 * map CRS: culled to the view, put into the device buffers at the view's
 * level of detail, drawn by the same passes as a layer in memory whenever
 * the buffers fill up, and dropped.  Such a layer has no attributes: a
 * single style, no labels.  FALSE if cancelled. */
static gboolean
draw_stream_layer (DrawState *st, const SnapLayer *sl)
{
  cairo_t *cr = st->cr;
  const RaStyle *style = sl->style;
  double radius = MAX (style->marker_size_px, 1.0) / 2.0;
  double pad_px = MAX (style->stroke_width_px, 0.0) + radius + 2.0;
  gboolean grouped = sl->opacity < 1.0;
  const RaGeometry *geom;
  guint n = 0;
  Theme th;
  RaBBox query;

  if (sl->opacity <= 0.0)
    {
      /* Read to the end all the same: the source's warnings count it all. */
      while (sl->next (sl->next_data) != NULL)
        ;
      return TRUE;
    }
  theme_init (&th, sl);
  query = st->query;
  query.x0 -= pad_px * st->view->resolution;
  query.x1 += pad_px * st->view->resolution;
  query.y0 -= pad_px * st->view->resolution;
  query.y1 += pad_px * st->view->resolution;
  reset_buffers (st);
  if (grouped)
    cairo_push_group (cr);

  while ((geom = sl->next (sl->next_data)) != NULL)
    {
      const RaStyleClass *cls = NULL;
      guint kept = 0;

      if (++n % RA_CANCEL_EVERY == 0 && ra_draw_state_is_cancelled (st))
        goto cancelled;
      if (geom->n_points == 0 || !ra_bbox_intersects (&geom->bbox, &query))
        continue;
      if (th.color_features)
        cls = theme_class (&th, NULL, 0);
      switch (geom->kind)
        {
        case RA_GEOM_POLYGON:
          kept = ra_dev_buf_add (&st->polys, &st->xf, geom);
          if (th.color_features)
            g_ptr_array_add (st->poly_cls, (gpointer) cls);
          break;
        case RA_GEOM_LINE:
          kept = ra_dev_buf_add (&st->lines, &st->xf, geom);
          if (th.color_features)
            g_ptr_array_add (st->line_cls, (gpointer) cls);
          break;
        case RA_GEOM_POINT:
          {
            const double *gxy = ra_geometry_coords (geom, &st->coords);

            for (guint i = 0; i < geom->n_points; i++)
              {
                double pt[2];

                ra_xform_point (&st->xf, gxy[2 * i], gxy[2 * i + 1], &pt[0], &pt[1]);
                g_array_append_vals (st->points, pt, 2);
                if (th.color_features)
                  g_ptr_array_add (st->point_cls, (gpointer) cls);
              }
            kept = geom->n_points;
          }
          break;
        case RA_GEOM_NONE:
        default:
          continue;
        }
      if (st->stats)
        {
          st->stats->n_features++;
          st->stats->n_vertices += kept;
        }
      if (st->polys.xy->len / 2 >= RA_STREAM_POLY_CHUNK_VERTICES ||
          (st->lines.xy->len + st->points->len) / 2 >= RA_STREAM_CHUNK_VERTICES)
        {
          if (!draw_collected (st, style, &th, NULL, radius))
            goto cancelled;
          reset_buffers (st);
        }
    }
  if (!draw_collected (st, style, &th, NULL, radius))
    goto cancelled;
  reset_buffers (st);
  if (grouped)
    {
      cairo_pop_group_to_source (cr);
      cairo_paint_with_alpha (cr, sl->opacity);
    }
  theme_clear (&th);
  return TRUE;

cancelled:
  reset_buffers (st);
  if (grouped)
    cairo_pattern_destroy (cairo_pop_group (cr));
  theme_clear (&th);
  return FALSE;
}

/* Presentation mode: markers, proportional symbols and line widths grown
 * by scale (<= 0 or 1: as styled), on a copy of the layer's style so the
 * snapshot stays as it is for other threads. */
gboolean
ra_render_draw_layer (DrawState *st, const SnapLayer *sl, guint layer_index, double scale)
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
  style->width_max_px *= scale;
  style->width_min_px *= scale;
  scaled = *sl;
  scaled.style = style;
  return draw_layer (st, &scaled, layer_index);
}
