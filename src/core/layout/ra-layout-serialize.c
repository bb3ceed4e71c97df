/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The text form of print layouts in the project file (a GKeyFile), and its
 * strict parser: anything malformed is refused with the key named. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <pango/pango.h>

#include "ra-error.h"
#include "ra-layout-private.h"

#define LAYOUT_FORMAT_VERSION 1
#define MAX_TEXT_BYTES 4096
#define MAX_FONT_BYTES 200
#define MAX_ID_BYTES 64
#define MAX_INPUT_BYTES (1024 * 1024)

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
  g_key_file_set_string (kf, "layout", "page", ra_layout_page_size_name (layout->page));
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
