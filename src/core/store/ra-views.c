/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Saved views (bookmarks) and print layouts of a project: the bookmark
 * type and how one moves a view, a bookmark per county, layouts as their
 * text.  The project keeps them through the store (ra-store-views.h); no
 * SQL here. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ra-error.h"
#include "ra-map.h"
#include "ra-store-views.h"
#include "ra-views.h"

#define BOOKMARK_WIDTH_PX 1600
#define BOOKMARK_HEIGHT_PX 1000

G_DEFINE_BOXED_TYPE (RaBookmark, ra_bookmark, ra_bookmark_copy, ra_bookmark_free)

RaBookmark *
ra_bookmark_new (const char *name, const char *crs, double centre_x, double centre_y,
                 double scale_denominator)
{
  RaBookmark *b = g_new0 (RaBookmark, 1);

  b->name = g_strdup (name != NULL ? name : "");
  b->crs = g_strdup (crs);
  b->centre_x = centre_x;
  b->centre_y = centre_y;
  b->scale_denominator = scale_denominator;
  return b;
}

RaBookmark *
ra_bookmark_copy (const RaBookmark *bookmark)
{
  RaBookmark *b;

  g_return_val_if_fail (bookmark != NULL, NULL);
  b = g_memdup2 (bookmark, sizeof *bookmark);
  b->name = g_strdup (bookmark->name);
  b->crs = g_strdup (bookmark->crs);
  return b;
}

void
ra_bookmark_free (RaBookmark *bookmark)
{
  if (bookmark == NULL)
    return;
  g_free (bookmark->name);
  g_free (bookmark->crs);
  g_free (bookmark);
}

gboolean
ra_bookmark_apply (const RaBookmark *bookmark, RaView *view, RaCrs *map_crs, GError **error)
{
  double x, y;

  g_return_val_if_fail (bookmark != NULL, FALSE);
  g_return_val_if_fail (view != NULL, FALSE);

  x = bookmark->centre_x;
  y = bookmark->centre_y;
  if (map_crs != NULL && bookmark->crs != NULL && *bookmark->crs != '\0')
    {
      g_autoptr(RaCrs) crs = ra_crs_new_from_user_input (bookmark->crs, error);
      g_autoptr(RaTransform) t = NULL;

      if (crs == NULL)
        return FALSE;
      t = ra_transform_new (crs, map_crs, error);
      if (t == NULL)
        return FALSE;
      if (!ra_transform_point (t, &x, &y))
        {
          g_set_error (error, RA_ERROR, RA_ERROR_CRS,
                       _("Bookmark “%s” lies outside the map CRS"), bookmark->name);
          return FALSE;
        }
    }
  if (!isfinite (x) || !isfinite (y) || !(bookmark->scale_denominator > 0.0))
    {
      g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                   _("Bookmark “%s” is damaged"), bookmark->name);
      return FALSE;
    }
  view->cx = x;
  view->cy = y;
  if (!(view->resolution > 0.0))
    view->resolution = 1.0;
  ra_view_set_scale_denominator (view, map_crs, bookmark->scale_denominator);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Bookmarks                                                           */

GPtrArray *
ra_views_list_bookmarks (RaStore *store, GError **error)
{
  g_return_val_if_fail (RA_IS_STORE (store), NULL);

  return ra_store_list_bookmarks (store, error);
}

static gboolean
valid_bookmark (const RaBookmark *b, GError **error)
{
  if (b->name == NULL || *b->name == '\0' || !g_utf8_validate (b->name, -1, NULL) ||
      !isfinite (b->centre_x) || !isfinite (b->centre_y) || !(b->scale_denominator > 0.0) ||
      !isfinite (b->scale_denominator))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                   _("A bookmark needs a name, a centre and a scale"));
      return FALSE;
    }
  return TRUE;
}

gint64
ra_views_save_bookmark (RaStore *store, const RaBookmark *bookmark, GError **error)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();
  gint64 id = 0;

  g_return_val_if_fail (RA_IS_STORE (store), 0);
  g_return_val_if_fail (bookmark != NULL, 0);

  if (!valid_bookmark (bookmark, error))
    return 0;
  g_ptr_array_add (one, (gpointer) bookmark);
  if (!ra_store_save_bookmarks (store, one, &id, error))
    return 0;
  return id;
}

gboolean
ra_views_delete_bookmark (RaStore *store, const char *name, GError **error)
{
  g_return_val_if_fail (RA_IS_STORE (store), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return ra_store_delete_bookmark (store, name, error);
}

int
ra_views_create_county_bookmarks (RaStore *store, RaCrs *map_crs, GError **error)
{
  g_autoptr(RaLayer) layer = NULL;
  g_autoptr(RaCrs) crs = NULL;
  g_autoptr(RaLayerData) data = NULL;
  g_autoptr(GPtrArray) bookmarks = g_ptr_array_new_with_free_func ((GDestroyNotify) ra_bookmark_free);
  g_autofree char *crs_text = NULL;
  int f_name, f_code;

  g_return_val_if_fail (RA_IS_STORE (store), -1);

  if (!ra_store_views_check (store, TRUE, error))
    return -1;
  layer = ra_store_load_layer (store, "counties", NULL, error);
  if (layer == NULL)
    return -1;
  crs = map_crs != NULL ? ra_crs_ref (map_crs) : ra_map_suggest_crs_for_layer (layer);
  if (crs == NULL || !ra_layer_set_map_crs (layer, crs, error))
    {
      if (crs == NULL)
        g_set_error (error, RA_ERROR, RA_ERROR_CRS, _("The counties have no CRS"));
      return -1;
    }
  crs_text = g_strdup (ra_crs_get_auth_id (crs) != NULL ? ra_crs_get_auth_id (crs)
                                                        : ra_crs_get_definition (crs));
  data = ra_layer_dup_data (layer);
  f_name = ra_attr_table_field_index (data->attrs, "name_zh");
  f_code = ra_attr_table_field_index (data->attrs, "adcode");
  for (guint i = 0; i < data->n_features && i < data->attrs->n_features; i++)
    {
      const char *name = f_name >= 0 ? ra_attr_table_get (data->attrs, i, f_name) : NULL;
      RaView view;
      RaBookmark *b;

      if (data->geoms[i] == NULL)
        continue;
      if (name == NULL || *name == '\0')
        name = f_code >= 0 ? ra_attr_table_get (data->attrs, i, f_code) : NULL;
      if (name == NULL || *name == '\0')
        continue;
      ra_view_init (&view, BOOKMARK_WIDTH_PX, BOOKMARK_HEIGHT_PX);
      view.dpi = 96.0;
      ra_view_fit_bbox (&view, &data->geoms[i]->bbox, 40.0);
      b = ra_bookmark_new (name, crs_text, view.cx, view.cy, ra_view_scale_denominator (&view, crs));
      /* The feature index, to sort by adcode below (so PgUp/PgDn walk
       * the counties in order); not saved. */
      b->id = i;
      g_ptr_array_add (bookmarks, b);
    }
  if (f_code >= 0)
    {
      /* Insertion order = adcode order. */
      for (guint a = 0; a < bookmarks->len; a++)
        for (guint c = a + 1; c < bookmarks->len; c++)
          {
            RaBookmark *ba = g_ptr_array_index (bookmarks, a);
            RaBookmark *bc = g_ptr_array_index (bookmarks, c);
            if (g_strcmp0 (ra_attr_table_get (data->attrs, (guint) ba->id, f_code),
                           ra_attr_table_get (data->attrs, (guint) bc->id, f_code)) > 0)
              {
                g_ptr_array_index (bookmarks, a) = bc;
                g_ptr_array_index (bookmarks, c) = ba;
              }
          }
    }

  if (!ra_store_save_bookmarks (store, bookmarks, NULL, error))
    return -1;
  return (int) bookmarks->len;
}

/* ------------------------------------------------------------------ */
/* Layouts                                                             */

gboolean
ra_views_save_layout (RaStore *store, const RaLayout *layout, GError **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (RA_IS_STORE (store), FALSE);
  g_return_val_if_fail (layout != NULL, FALSE);

  if (layout->name == NULL || *layout->name == '\0')
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                   _("A layout needs a name"));
      return FALSE;
    }
  text = ra_layout_to_string (layout);
  return ra_store_save_layout_text (store, layout->name, text, error);
}

RaLayout *
ra_views_load_layout (RaStore *store, const char *name, GError **error)
{
  g_autofree char *text = NULL;
  RaLayout *layout;
  gsize length;

  g_return_val_if_fail (RA_IS_STORE (store), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (!ra_store_load_layout_text (store, name, &text, &length, error))
    return NULL;
  layout = ra_layout_new_from_string (text, length, error);
  if (layout != NULL)
    {
      /* The row's name is the layout's name. */
      g_free (layout->name);
      layout->name = g_strdup (name);
    }
  return layout;
}

GStrv
ra_views_list_layouts (RaStore *store, GError **error)
{
  g_return_val_if_fail (RA_IS_STORE (store), NULL);

  return ra_store_list_layout_names (store, error);
}

gboolean
ra_views_delete_layout (RaStore *store, const char *name, GError **error)
{
  g_return_val_if_fail (RA_IS_STORE (store), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return ra_store_delete_layout (store, name, error);
}

char *
ra_views_dup_sample_name (RaStore *store)
{
  g_return_val_if_fail (RA_IS_STORE (store), NULL);

  return ra_store_dup_sample_name (store);
}

RaLayout *
ra_views_new_default_layout (RaStore *store, RaPageSize page, gboolean landscape)
{
  g_autofree char *sample = NULL;
  g_autofree char *note = NULL;

  g_return_val_if_fail (RA_IS_STORE (store), NULL);

  sample = ra_views_dup_sample_name (store);
  note = ra_layout_default_source_note (sample);
  return ra_layout_new_default (page, landscape, note);
}
