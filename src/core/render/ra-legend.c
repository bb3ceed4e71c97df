/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "ra-error.h"
#include "ra-legend.h"

#define RA_LEGEND_FONT "Noto Sans CJK SC 9"
#define RA_PATTERN_SPACING_PX 6.0

/* ------------------------------------------------------------------ */
/* Patterns                                                           */

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
  cairo_set_source_rgba (tcr, color->r, color->g, color->b, color->a);
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
      cairo_set_source_rgba (cr, color->r, color->g, color->b, color->a);
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
/* Thematic styles from data                                          */

/* Qualitative fills, colour-blind safe in the common forms and light
 * enough for labels on top: ColorBrewer Set2, then Set3. */
static const char * const category_palette[] = {
  "#66c2a5", "#fc8d62", "#8da0cb", "#e78ac3", "#a6d854", "#ffd92f", "#e5c494", "#b3b3b3",
  "#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462", "#b3de69", "#fccde5",
  "#d9d9d9", "#bc80bd", "#ccebc5", "#ffed6f",
};

static int
field_or_error (const RaAttrTable *attrs, const char *field, GError **error)
{
  int index = attrs != NULL && field != NULL ? ra_attr_table_field_index (attrs, field) : -1;

  if (index < 0)
    g_set_error (error, RA_ERROR, RA_ERROR_NOT_FOUND,
                 _("The layer has no field “%s”"), field != NULL ? field : "");
  return index;
}

typedef struct {
  const char *text;
  double      number;
} Distinct;

static int
compare_distinct_numbers (gconstpointer pa, gconstpointer pb)
{
  const Distinct *a = pa, *b = pb;

  if (a->number != b->number)
    return a->number < b->number ? -1 : 1;
  return strcmp (a->text, b->text);
}

static int
compare_distinct_texts (gconstpointer pa, gconstpointer pb)
{
  const Distinct *a = pa, *b = pb;
  int c = g_utf8_collate (a->text, b->text);

  return c != 0 ? c : strcmp (a->text, b->text);
}

/**
 * ra_style_build_categories:
 * @attrs: the layer's attribute table
 * @field: the field to categorize by
 *
 * Returns: FALSE with @error set if the field is missing or has too many
 *   distinct values (the style is then unchanged)
 */
gboolean
ra_style_build_categories (RaStyle           *style,
                           const RaAttrTable *attrs,
                           const char        *field,
                           GError           **error)
{
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GArray) distinct = NULL;
  gboolean all_numbers = TRUE;
  int index;

  g_return_val_if_fail (style != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((index = field_or_error (attrs, field, error)) < 0)
    return FALSE;

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  distinct = g_array_new (FALSE, FALSE, sizeof (Distinct));
  for (guint i = 0; i < attrs->n_features; i++)
    {
      const char *text = ra_attr_table_get (attrs, i, index);
      Distinct d = { text, 0.0 };

      if (text == NULL || *text == '\0' || g_hash_table_contains (seen, text))
        continue;
      if (distinct->len == RA_STYLE_MAX_CLASSES)
        {
          g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                       _("The field “%s” has more than %d different values, too many for categories"),
                       field, RA_STYLE_MAX_CLASSES);
          return FALSE;
        }
      g_hash_table_add (seen, (gpointer) text);
      if (all_numbers && !ra_style_parse_number (text, &d.number))
        all_numbers = FALSE;
      g_array_append_val (distinct, d);
    }
  g_array_sort (distinct, all_numbers ? compare_distinct_numbers : compare_distinct_texts);

  ra_style_clear_classes (style);
  style->kind = RA_STYLE_CATEGORIZED;
  g_free (style->field);
  style->field = g_strdup (field);
  for (guint i = 0; i < distinct->len; i++)
    {
      RaColor fill;

      ra_color_parse (&fill, category_palette[i % G_N_ELEMENTS (category_palette)]);
      ra_style_add_category (style, g_array_index (distinct, Distinct, i).text, NULL, &fill);
    }
  return TRUE;
}

/**
 * ra_style_build_graduated:
 * @method: not RA_CLASSIFY_MANUAL (use ra_style_set_graduated)
 * @ramp: (nullable): a name from ra_color_ramp_list
 *
 * Returns: FALSE with @error set if the field is missing or holds no
 *   number (the style is then unchanged)
 */
gboolean
ra_style_build_graduated (RaStyle           *style,
                          const RaAttrTable *attrs,
                          const char        *field,
                          RaClassifyMethod   method,
                          guint              n_classes,
                          const char        *ramp,
                          GError           **error)
{
  g_autoptr(GArray) values = NULL;
  g_autofree double *breaks = NULL;
  guint made;
  int index;

  g_return_val_if_fail (style != NULL, FALSE);
  g_return_val_if_fail (method != RA_CLASSIFY_MANUAL, FALSE);
  g_return_val_if_fail (n_classes >= 1 && n_classes <= RA_STYLE_MAX_CLASSES, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((index = field_or_error (attrs, field, error)) < 0)
    return FALSE;

  values = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < attrs->n_features; i++)
    {
      double v;
      if (ra_style_parse_number (ra_attr_table_get (attrs, i, index), &v))
        g_array_append_val (values, v);
    }
  breaks = g_new (double, n_classes + 1);
  made = ra_style_classify_numeric ((const double *) (gpointer) values->data, values->len,
                                    method, n_classes, breaks);
  if (made == 0)
    {
      g_set_error (error, RA_ERROR, RA_ERROR_EMPTY,
                   _("The field “%s” holds no numbers to classify"), field);
      return FALSE;
    }
  ra_style_set_graduated (style, field, method, breaks, made + 1, ramp);
  return TRUE;
}

/**
 * ra_style_size_max_in_table:
 * @attrs: (nullable): the layer's attributes
 *
 * Returns: the value shown at the largest symbol size
 */
double
ra_style_size_max_in_table (const RaStyle *style, const RaAttrTable *attrs)
{
  double max = 0.0;
  int index;

  g_return_val_if_fail (style != NULL, 0.0);

  if (style->size_max_value > 0.0)
    return style->size_max_value;
  if (attrs == NULL || style->size_field == NULL ||
      (index = ra_attr_table_field_index (attrs, style->size_field)) < 0)
    return 0.0;
  for (guint i = 0; i < attrs->n_features; i++)
    {
      double v;
      if (ra_style_parse_number (ra_attr_table_get (attrs, i, index), &v) && v > max)
        max = v;
    }
  return max;
}

/* ------------------------------------------------------------------ */
/* Legend model                                                       */

static void
legend_item_free (RaLegendItem *item)
{
  g_free (item->label);
  g_free (item);
}

static void
legend_layer_free (RaLegendLayer *layer)
{
  g_free (layer->title);
  g_free (layer->field);
  g_ptr_array_unref (layer->items);
  g_free (layer);
}

void
ra_legend_free (RaLegend *legend)
{
  if (legend == NULL)
    return;
  g_ptr_array_unref (legend->layers);
  g_free (legend);
}

static RaLegendItem *
add_item (RaLegendLayer *layer, RaLegendSymbol symbol, const RaStyle *style, char *label)
{
  RaLegendItem *item = g_new0 (RaLegendItem, 1);

  item->symbol = symbol;
  item->fill = style->fill;
  item->stroke = style->stroke;
  item->stroke_width_px = style->stroke_width_px;
  item->marker = style->marker;
  item->size_px = style->marker_size_px;
  item->label = label;
  g_ptr_array_add (layer->items, item);
  return item;
}

static void
add_class_item (RaLegendLayer *layer, RaLegendSymbol symbol, const RaStyle *style,
                const RaStyleClass *cls)
{
  RaLegendItem *item = add_item (layer, symbol, style, ra_style_class_dup_label (style, cls));

  item->fill = cls->fill;
  item->stroke = cls->stroke;
  item->pattern = cls->pattern;
  item->pattern_color = cls->pattern_color;
  if (symbol == RA_LEGEND_SYMBOL_CIRCLE)
    item->size_px = 12.0;
}

/* Round values 1, 2, 5 x 10^n not above v. */
static double
nice_floor (double v)
{
  double decade, f;

  if (!(v > 0.0) || !isfinite (v))
    return 0.0;
  decade = pow (10.0, floor (log10 (v)));
  f = v / decade;
  /* 1e-9: values such as 50 must stay 50, not 20. */
  if (f >= 5.0 - 1e-9)
    return 5.0 * decade;
  if (f >= 2.0 - 1e-9)
    return 2.0 * decade;
  return decade;
}

static char *
format_sample (double v)
{
  int decimals = v >= 1.0 ? 0 : (int) ceil (-log10 (v) - 1e-9);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char fmt[8];

  g_snprintf (fmt, sizeof fmt, "%%.%df", CLAMP (decimals, 0, 9));
  return g_strdup (g_ascii_formatd (buf, sizeof buf, fmt, v));
}

/**
 * ra_legend_new_from_snapshot:
 *
 * Returns: (transfer full): the legend of what ra_renderer_draw draws
 *   for @snap
 */
RaLegend *
ra_legend_new_from_snapshot (RaMapSnapshot *snap)
{
  RaLegend *legend;
  guint n;

  g_return_val_if_fail (snap != NULL, NULL);

  legend = g_new0 (RaLegend, 1);
  legend->layers = g_ptr_array_new_with_free_func ((GDestroyNotify) legend_layer_free);
  n = ra_map_snapshot_get_n_layers (snap);

  /* The top layer (drawn last) comes first, as in the layer panel. */
  for (guint i = n; i-- > 0;)
    {
      const RaLayerData *data = ra_map_snapshot_get_layer_data (snap, i);
      const RaStyle *style = ra_map_snapshot_get_layer_style (snap, i);
      const char *name = ra_map_snapshot_get_layer_name (snap, i);
      RaLegendLayer *layer;
      RaLegendSymbol symbol;
      gboolean by_class;

      if (data == NULL || style == NULL || ra_map_snapshot_get_layer_opacity (snap, i) <= 0.0)
        continue;
      switch (data->kind)
        {
        case RA_GEOM_POLYGON: symbol = RA_LEGEND_SYMBOL_POLYGON; break;
        case RA_GEOM_LINE: symbol = RA_LEGEND_SYMBOL_LINE; break;
        case RA_GEOM_POINT: symbol = RA_LEGEND_SYMBOL_MARKER; break;
        case RA_GEOM_NONE:
        default:
          continue;   /* nothing is drawn */
        }

      layer = g_new0 (RaLegendLayer, 1);
      layer->title = g_strdup (name != NULL ? name : "");
      layer->kind = style->kind;
      layer->items = g_ptr_array_new_with_free_func ((GDestroyNotify) legend_item_free);
      g_ptr_array_add (legend->layers, layer);

      if (style->kind == RA_STYLE_SINGLE)
        {
          add_item (layer, symbol, style, g_strdup (layer->title));
          continue;
        }

      layer->field = g_strdup (style->kind == RA_STYLE_PROPORTIONAL && style->size_field != NULL
                               ? style->size_field : style->field);
      by_class = style->kind != RA_STYLE_PROPORTIONAL || (style->n_classes > 0 && style->field != NULL);
      if (style->kind == RA_STYLE_PROPORTIONAL)
        symbol = RA_LEGEND_SYMBOL_CIRCLE;

      if (by_class)
        {
          gboolean has_other = FALSE, has_no_data = FALSE;
          int index = data->attrs != NULL && style->field != NULL
                      ? ra_attr_table_field_index (data->attrs, style->field) : -1;

          for (guint c = 0; c < style->n_classes; c++)
            add_class_item (layer, symbol, style, &style->classes[c]);
          /* Other and no data only when something is drawn that way, using
           * the renderer's own lookup. */
          for (guint f = 0; f < data->n_features && !(has_other && has_no_data); f++)
            {
              const char *text;
              const RaStyleClass *cls;

              if (data->geoms[f] == NULL || data->geoms[f]->n_points == 0)
                continue;
              text = index >= 0 && f < data->attrs->n_features
                     ? ra_attr_table_get (data->attrs, f, index) : NULL;
              cls = ra_style_class_for_value (style, text);
              has_other |= cls == &style->other;
              has_no_data |= cls == &style->no_data;
            }
          if (has_other)
            add_class_item (layer, symbol, style, &style->other);
          if (has_no_data && style->kind != RA_STYLE_PROPORTIONAL)
            add_class_item (layer, symbol, style, &style->no_data);
        }

      /* Pie wedges: the fields some feature has a share of. */
      if (style->kind == RA_STYLE_PROPORTIONAL && data->attrs != NULL)
        for (guint p = 0; p < style->n_pie_fields; p++)
          {
            const RaStylePieField *pie = &style->pie_fields[p];
            int index = ra_attr_table_field_index (data->attrs, pie->field);
            gboolean used = FALSE;
            RaLegendItem *item;

            for (guint f = 0; index >= 0 && f < data->n_features && !used; f++)
              {
                double v;

                used = data->geoms[f] != NULL && data->geoms[f]->n_points > 0 &&
                       f < data->attrs->n_features &&
                       ra_style_parse_number (ra_attr_table_get (data->attrs, f, index), &v) &&
                       v > 0.0;
              }
            if (!used)
              continue;
            item = add_item (layer, RA_LEGEND_SYMBOL_CIRCLE, style,
                             g_strdup (pie->label != NULL ? pie->label : pie->field));
            item->size_px = 12.0;
            item->fill = pie->fill;
            item->stroke = (RaColor) { 1, 1, 1, 1 };
            item->stroke_width_px = 1.0;
          }

      if (style->kind == RA_STYLE_PROPORTIONAL)
        {
          double max = ra_style_size_max_in_table (style, data->attrs);
          double samples[3] = { nice_floor (max), nice_floor (max / 4.0), nice_floor (max / 16.0) };
          double last = G_MAXDOUBLE;

          for (guint k = 0; k < G_N_ELEMENTS (samples); k++)
            {
              RaLegendItem *item;

              if (!(samples[k] > 0.0) || samples[k] >= last)
                continue;
              last = samples[k];
              item = add_item (layer, RA_LEGEND_SYMBOL_CIRCLE, style, format_sample (samples[k]));
              item->value = samples[k];
              item->size_px = ra_style_symbol_size_px (style, max, samples[k]);
              if (by_class)
                {
                  /* Sizes only: hollow, the colours are the classes above. */
                  item->fill = (RaColor) { 0, 0, 0, 0 };
                  item->stroke = (RaColor) { 0.25, 0.25, 0.25, 1.0 };
                }
              else
                {
                  item->fill = style->size_fill;
                  item->stroke = style->size_stroke;
                }
            }
        }
    }
  return legend;
}

/* ------------------------------------------------------------------ */
/* Drawing                                                            */

#define SWATCH_W 22.0
#define SWATCH_H 13.0
#define GAP_PX 6.0
#define ROW_SPACING 3.0
#define LAYER_SPACING 8.0

/* Same metrics on every surface, like the renderer's labels. */
static PangoContext *
create_context (cairo_t *cr)
{
  PangoFontMap *font_map = pango_cairo_font_map_get_default ();
  PangoContext *ctx = pango_font_map_create_context (font_map);
  cairo_font_options_t *fo = cairo_font_options_create ();

  cairo_font_options_set_hint_metrics (fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (fo, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (ctx, fo);
  cairo_font_options_destroy (fo);
  pango_context_set_round_glyph_positions (ctx, FALSE);
  if (cr != NULL)
    pango_cairo_update_context (cr, ctx);
  return ctx;
}

static void
set_color (cairo_t *cr, const RaColor *c)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a);
}

static void
marker_path (cairo_t *cr, RaMarker marker, double x, double y, double r)
{
  switch (marker)
    {
    case RA_MARKER_SQUARE:
      cairo_rectangle (cr, x - r, y - r, 2 * r, 2 * r);
      break;
    case RA_MARKER_TRIANGLE:
      cairo_move_to (cr, x, y - 1.25 * r);
      cairo_line_to (cr, x + 1.25 * r * 0.8660254, y + 1.25 * r * 0.5);
      cairo_line_to (cr, x - 1.25 * r * 0.8660254, y + 1.25 * r * 0.5);
      cairo_close_path (cr);
      break;
    case RA_MARKER_DIAMOND:
      cairo_move_to (cr, x, y - 1.2 * r);
      cairo_line_to (cr, x + 1.2 * r, y);
      cairo_line_to (cr, x, y + 1.2 * r);
      cairo_line_to (cr, x - 1.2 * r, y);
      cairo_close_path (cr);
      break;
    case RA_MARKER_CIRCLE:
    default:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      cairo_close_path (cr);
      break;
    }
}

static void
draw_swatch (cairo_t *cr, const RaLegendItem *item, double x, double y, double w, double h)
{
  double cx = x + w / 2.0, cy = y + h / 2.0;
  double sw = CLAMP (item->stroke_width_px, 0.0, 3.0);

  cairo_save (cr);
  cairo_new_path (cr);
  switch (item->symbol)
    {
    case RA_LEGEND_SYMBOL_LINE:
      {
        static const double dash[] = { 6.0, 3.0 };
        static const double dot[] = { 1.5, 3.0 };
        /* Thematic lines take the class's fill colour, like the renderer. */
        const RaColor *color = item->pattern != RA_PATTERN_NONE || item->stroke.a <= 0.0
                               ? &item->fill : &item->stroke;

        cairo_move_to (cr, x + 1, cy);
        cairo_line_to (cr, x + w - 1, cy);
        cairo_set_line_width (cr, MAX (sw, 1.0));
        cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
        if (item->pattern == RA_PATTERN_HATCH)
          cairo_set_dash (cr, dash, 2, 0);
        else if (item->pattern == RA_PATTERN_CROSS)
          cairo_set_dash (cr, dot, 2, 0);
        set_color (cr, color);
        cairo_stroke (cr);
      }
      break;
    case RA_LEGEND_SYMBOL_MARKER:
    case RA_LEGEND_SYMBOL_CIRCLE:
      if (item->symbol == RA_LEGEND_SYMBOL_MARKER)
        marker_path (cr, item->marker, cx, cy, MAX (item->size_px, 1.0) / 2.0);
      else
        marker_path (cr, RA_MARKER_CIRCLE, cx, cy, MAX (item->size_px, 1.0) / 2.0);
      set_color (cr, &item->fill);
      cairo_fill_preserve (cr);
      ra_pattern_fill_path (cr, item->pattern, &item->pattern_color);
      if (sw > 0.0)
        {
          cairo_set_line_width (cr, MAX (sw, 0.75));
          set_color (cr, &item->stroke);
          cairo_stroke (cr);
        }
      break;
    case RA_LEGEND_SYMBOL_POLYGON:
    default:
      cairo_rectangle (cr, x + 0.5, y + 0.5, w - 1.0, h - 1.0);
      set_color (cr, &item->fill);
      cairo_fill_preserve (cr);
      ra_pattern_fill_path (cr, item->pattern, &item->pattern_color);
      cairo_set_line_width (cr, MAX (sw, 0.75));
      set_color (cr, &item->stroke);
      cairo_stroke (cr);
      break;
    }
  cairo_restore (cr);
}

/* Lays out (and, with cr, draws) the legend; returns its size. */
static void
legend_walk (const RaLegend *legend, cairo_t *cr, double x, double y,
             double max_width, const char *font, double *width, double *height)
{
  /* Pango 1.50 has no autoptr for its types. */
  PangoContext *ctx = create_context (cr);
  PangoLayout *layout = pango_layout_new (ctx);
  PangoFontDescription *desc = pango_font_description_from_string (font != NULL ? font : RA_LEGEND_FONT);
  PangoFontDescription *bold = pango_font_description_copy (desc);
  double top = y, used_w = 0.0;

  pango_font_description_set_weight (bold, PANGO_WEIGHT_BOLD);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (!(max_width > 0.0))
    max_width = G_MAXINT / PANGO_SCALE;

  for (guint l = 0; l < legend->layers->len; l++)
    {
      const RaLegendLayer *layer = g_ptr_array_index (legend->layers, l);
      double col_w = SWATCH_W;
      double text_w;

      if (l > 0)
        y += LAYER_SPACING;
      for (guint i = 0; i < layer->items->len; i++)
        {
          const RaLegendItem *item = g_ptr_array_index (layer->items, i);
          if (item->symbol == RA_LEGEND_SYMBOL_CIRCLE || item->symbol == RA_LEGEND_SYMBOL_MARKER)
            col_w = MAX (col_w, item->size_px + 2.0);
        }
      text_w = MAX (max_width - col_w - GAP_PX, 20.0);

      /* Title (a single-symbol layer is just its swatch and name). */
      if (layer->kind != RA_STYLE_SINGLE)
        {
          int tw, th;

          pango_layout_set_font_description (layout, bold);
          pango_layout_set_width (layout, (int) (MIN (max_width, G_MAXINT / PANGO_SCALE) * PANGO_SCALE));
          pango_layout_set_text (layout, layer->title, -1);
          pango_layout_get_pixel_size (layout, &tw, &th);
          if (cr != NULL)
            {
              cairo_move_to (cr, x, y);
              cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
              pango_cairo_show_layout (cr, layout);
            }
          used_w = MAX (used_w, tw);
          y += th + ROW_SPACING;
        }

      pango_layout_set_font_description (layout, desc);
      pango_layout_set_width (layout, (int) (text_w * PANGO_SCALE));
      for (guint i = 0; i < layer->items->len; i++)
        {
          const RaLegendItem *item = g_ptr_array_index (layer->items, i);
          double sh = SWATCH_H, row_h;
          int tw, th;

          if (item->symbol == RA_LEGEND_SYMBOL_CIRCLE || item->symbol == RA_LEGEND_SYMBOL_MARKER)
            sh = MAX (sh, item->size_px + 2.0);
          pango_layout_set_text (layout, item->label != NULL ? item->label : "", -1);
          pango_layout_get_pixel_size (layout, &tw, &th);
          row_h = MAX (sh, th);
          if (cr != NULL)
            {
              draw_swatch (cr, item, x, y + (row_h - sh) / 2.0, col_w, sh);
              cairo_move_to (cr, x + col_w + GAP_PX, y + (row_h - th) / 2.0);
              cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
              pango_cairo_show_layout (cr, layout);
            }
          used_w = MAX (used_w, col_w + GAP_PX + tw);
          y += row_h + ROW_SPACING;
        }
    }
  if (legend->layers->len > 0)
    y -= ROW_SPACING;

  pango_font_description_free (desc);
  pango_font_description_free (bold);
  g_object_unref (layout);
  g_object_unref (ctx);
  if (width)
    *width = MIN (used_w, max_width);
  if (height)
    *height = y - top;
}

/**
 * ra_legend_measure:
 * @font: (nullable): a Pango font description
 * @max_width: the width available (<= 0: unlimited)
 * @width: (out) (optional):
 * @height: (out) (optional):
 */
void
ra_legend_measure (const RaLegend *legend, const char *font, double max_width,
                   double *width, double *height)
{
  g_return_if_fail (legend != NULL);

  legend_walk (legend, NULL, 0, 0, max_width, font, width, height);
}

/**
 * ra_legend_draw:
 * @font: (nullable): a Pango font description
 *
 * Returns: the height drawn
 */
double
ra_legend_draw (const RaLegend *legend, cairo_t *cr, double x, double y,
                double max_width, const char *font)
{
  double height = 0.0;

  g_return_val_if_fail (legend != NULL, 0.0);
  g_return_val_if_fail (cr != NULL, 0.0);

  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_GRAY);
  legend_walk (legend, cr, x, y, max_width, font, NULL, &height);
  cairo_restore (cr);
  return height;
}
