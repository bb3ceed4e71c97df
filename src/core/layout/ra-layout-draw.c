/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Drawing a print layout: the page item by item (each kind in its own
 * file, see ra-layout-private.h), text items and the schematic note, and
 * the boxes and texts items share. */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-error.h"
#include "ra-layout-private.h"
#include "ra-legend.h"
#include "ra-text.h"

static const RaColor halo_color = { 1, 1, 1, 0.9 };
static const RaColor ink_color = { 0.1, 0.1, 0.1, 1 };

void
ra_layout_draw_box (cairo_t *cr, double x, double y, double w, double h)
{
  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.92);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
  cairo_set_line_width (cr, 0.75);
  cairo_stroke (cr);
  cairo_restore (cr);
}

double
ra_layout_draw_text (cairo_t *cr, const char *text, const char *font, double x, double y,
                     double w, RaLayoutAlign align, gboolean halo)
{
  g_autoptr(PangoLayout) layout = ra_text_layout_new (cr, font);
  int height;

  pango_layout_set_text (layout, text, -1);
  if (w > 0)
    {
      pango_layout_set_width (layout, (int) (w * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_alignment (layout, align == RA_LAYOUT_ALIGN_CENTER ? PANGO_ALIGN_CENTER
                                      : align == RA_LAYOUT_ALIGN_RIGHT ? PANGO_ALIGN_RIGHT
                                      : PANGO_ALIGN_LEFT);
  cairo_save (cr);
  if (halo)
    ra_text_stroke_halo (cr, layout, x, y, &halo_color, 3.0);
  ra_text_show (cr, layout, x, y, &ink_color);
  cairo_restore (cr);
  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

/* Names of the snapshot's layers drawn as 示意 ("、"-joined), or NULL. */
static char *
schematic_layer_names (const RaLayoutContext *ctx)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = ra_map_snapshot_get_n_layers (ctx->snapshot); i-- > 0;)
    {
      RaLayerData *data = ra_map_snapshot_get_layer_data (ctx->snapshot, i);
      const char *name = ra_map_snapshot_get_layer_name (ctx->snapshot, i);
      gboolean schematic = FALSE;
      int f;

      if (ctx->schematic_layers != NULL && name != NULL &&
          g_strv_contains (ctx->schematic_layers, name))
        schematic = TRUE;
      if (!schematic && data != NULL && data->attrs != NULL &&
          (f = ra_attr_table_field_index (data->attrs, "location_approx")) >= 0)
        for (guint k = 0; k < data->attrs->n_features && !schematic; k++)
          schematic = g_strcmp0 (ra_attr_table_get (data->attrs, k, f), "1") == 0;
      /* A layer that draws nothing (the projects of a year before any is
       * in service) is not named either. */
      if (!schematic || data == NULL ||
          !ra_legend_layer_is_drawn (data, ra_map_snapshot_get_layer_style (ctx->snapshot, i)))
        continue;
      if (names->len > 0)
        /* Translators: separates layer names in the schematic note. */
        g_string_append (names, _(", "));
      g_string_append (names, name != NULL ? name : "?");
    }
  return names->len > 0 ? g_string_free (g_steal_pointer (&names), FALSE) : NULL;
}

/* The credits of the shown layers that carry one (a raster's "© ..."),
 * each once, bottom layer first; NULL when none does. */
static char *
layer_attributions (RaMapSnapshot *snap)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; snap != NULL && i < ra_map_snapshot_get_n_layers (snap); i++)
    {
      const char *a = ra_map_snapshot_get_layer_attribution (snap, i);

      if (a == NULL || !g_hash_table_add (seen, (gpointer) a))
        continue;
      g_string_append_printf (s, "%s%s", s->len > 0 ? "; " : "", a);
    }
  return s->len > 0 ? g_string_free (g_steal_pointer (&s), FALSE) : NULL;
}

static void
draw_text_item (const RaLayoutItem *item, const RaLayoutContext *ctx,
                const RaLayoutGeometry *geo, cairo_t *cr, const char *layers)
{
  g_autofree char *text = NULL;
  double x, y, w, h;

  ra_layout_item_rect_px (item, &x, &y, &w, &h);
  text = ra_layout_expand_text (item->text, ctx, geo->scale_denominator);
  if (layers != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (text, "{layers}", -1);
      g_free (text);
      text = g_strjoinv (layers, parts);
    }
  /* The data-source line credits the layers' sources (rasters' terms ask
   * for it). */
  if (g_strcmp0 (item->id, "source") == 0)
    {
      g_autofree char *credits = layer_attributions (ctx->snapshot);

      if (credits != NULL && strstr (text, credits) == NULL)
        {
          char *joined = *text != '\0' ? g_strdup_printf (_("%s Map data: %s."), text, credits)
                                       : g_strdup_printf (_("Map data: %s."), credits);
          g_free (text);
          text = joined;
        }
    }
  if (*text == '\0')
    return;
  if (item->frame)
    ra_layout_draw_box (cr, x, y, w, h);
  ra_layout_draw_text (cr, text, item->font != NULL ? item->font : FONT_NOTE,
                       x + (item->frame ? 4 : 0), y + (item->frame ? 3 : 0),
                       w - (item->frame ? 8 : 0), item->align, FALSE);
}

gboolean
ra_layout_draw (const RaLayout *layout, const RaLayoutContext *ctx, cairo_t *cr,
                GCancellable *cancellable, GError **error)
{
  RaLayoutGeometry geo;
  g_autoptr(RaLayout) room = NULL;
  double panel_x = 0, panel_y = 0, panel_w = 0, panel_h = 0;

  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);

  /* An atlas page's county section goes under its map: the frame gives up
   * the room, and what sat in its lower part (the scale bar) moves up. */
  if (ctx->county_panel != NULL && ra_layout_find_kind (layout, RA_LAYOUT_ITEM_MAP) != NULL)
    {
      RaLayoutItem *map;
      double mx, my, mw, mh, pad = 3.0 * RA_LAYOUT_PX_PER_MM, dh_mm;

      room = ra_layout_copy (layout);
      map = ra_layout_find_kind (room, RA_LAYOUT_ITEM_MAP);
      ra_layout_item_rect_px (map, &mx, &my, &mw, &mh);
      panel_w = MAX (mw - 2 * pad, 10.0);
      panel_h = ra_layout_county_panel_measure (ctx->county_panel, cr, panel_w) + 2 * pad;
      /* The map keeps at least half the frame; a longer table runs on
       * below rather than being cut. */
      dh_mm = MIN (panel_h, mh * 0.5) / RA_LAYOUT_PX_PER_MM;
      for (guint i = 0; i < room->items->len; i++)
        {
          RaLayoutItem *item = g_ptr_array_index (room->items, i);

          if (item == map)
            continue;
          if (item->y_mm >= map->y_mm && item->y_mm + item->height_mm <= map->y_mm + map->height_mm &&
              item->x_mm >= map->x_mm && item->x_mm + item->width_mm <= map->x_mm + map->width_mm &&
              item->y_mm + item->height_mm / 2.0 > map->y_mm + map->height_mm / 2.0)
            item->y_mm -= dh_mm;
        }
      map->height_mm -= dh_mm;
      panel_x = mx + pad;
      panel_y = my + mh - dh_mm * RA_LAYOUT_PX_PER_MM + pad;
      layout = room;
    }

  if (!ra_layout_compute (layout, ctx, &geo, error))
    return FALSE;

  for (guint i = 0; i < layout->items->len; i++)
    {
      const RaLayoutItem *item = g_ptr_array_index (layout->items, i);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!item->visible)
        continue;
      switch (item->kind)
        {
        case RA_LAYOUT_ITEM_MAP:
          if (!ra_layout_draw_map (item, ctx, &geo, cr, cancellable, error))
            return FALSE;
          break;
        case RA_LAYOUT_ITEM_TEXT:
          draw_text_item (item, ctx, &geo, cr, NULL);
          break;
        case RA_LAYOUT_ITEM_LEGEND:
          ra_layout_draw_legend (item, ctx, cr);
          break;
        case RA_LAYOUT_ITEM_SCALEBAR:
          ra_layout_draw_scalebar (item, ctx, &geo, cr);
          break;
        case RA_LAYOUT_ITEM_NORTH_ARROW:
          ra_layout_draw_north_arrow (item, &geo, cr);
          break;
        case RA_LAYOUT_ITEM_INSET:
          ra_layout_draw_inset (item, ctx, &geo, cr);
          break;
        case RA_LAYOUT_ITEM_SCHEMATIC:
          {
            g_autofree char *layers = schematic_layer_names (ctx);
            if (layers != NULL)
              draw_text_item (item, ctx, &geo, cr, layers);
          }
          break;
        default:
          break;
        }
    }
  if (room != NULL)
    ra_layout_county_panel_draw (ctx->county_panel, cr, panel_x, panel_y, panel_w);
  if (cairo_status (cr) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, RA_ERROR, RA_ERROR_WRITE, _("Drawing the layout failed: %s"),
                   cairo_status_to_string (cairo_status (cr)));
      return FALSE;
    }
  return TRUE;
}
