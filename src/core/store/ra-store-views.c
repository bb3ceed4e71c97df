/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's side of saved views (bookmarks) and print layouts: the
 * checks ra-views.h documents, then the backend, which keeps them in the
 * project (SpatiaLite: ra-store-sqlite-views.c). */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-store-private.h"
#include "ra-store-views.h"

static const RaStoreField bookmark_fields[] = {
  { "id", RA_STORE_FIELD_INT64, G_STRUCT_OFFSET (RaBookmark, id) },
  { "name", RA_STORE_FIELD_TEXT, G_STRUCT_OFFSET (RaBookmark, name) },
  { "crs", RA_STORE_FIELD_TEXT, G_STRUCT_OFFSET (RaBookmark, crs) },
  { "center_x", RA_STORE_FIELD_DOUBLE_OR_NAN, G_STRUCT_OFFSET (RaBookmark, centre_x) },
  { "center_y", RA_STORE_FIELD_DOUBLE_OR_NAN, G_STRUCT_OFFSET (RaBookmark, centre_y) },
  { "scale", RA_STORE_FIELD_DOUBLE_OR_NAN, G_STRUCT_OFFSET (RaBookmark, scale_denominator) },
  { "rotation", RA_STORE_FIELD_DOUBLE_OR_NAN, G_STRUCT_OFFSET (RaBookmark, rotation_deg) },
};

static const RaStoreRecordDesc bookmark_desc =
  RA_STORE_RECORD_DESC (RaBookmark, bookmark_fields, ra_bookmark_free);

static const RaStoreField app_layer_fields[] = {
  { "id", RA_STORE_FIELD_INT64, G_STRUCT_OFFSET (RaAppLayer, id) },
  { "position", RA_STORE_FIELD_INT, G_STRUCT_OFFSET (RaAppLayer, position) },
  { "name", RA_STORE_FIELD_TEXT, G_STRUCT_OFFSET (RaAppLayer, name) },
  { "source", RA_STORE_FIELD_TEXT, G_STRUCT_OFFSET (RaAppLayer, source) },
  { "layer", RA_STORE_FIELD_TEXT, G_STRUCT_OFFSET (RaAppLayer, layer) },
  { "visible", RA_STORE_FIELD_BOOL, G_STRUCT_OFFSET (RaAppLayer, visible) },
  { "opacity", RA_STORE_FIELD_DOUBLE, G_STRUCT_OFFSET (RaAppLayer, opacity) },
  { "style_json", RA_STORE_FIELD_TEXT, G_STRUCT_OFFSET (RaAppLayer, style_json) },
};

void
ra_app_layer_free (RaAppLayer *layer)
{
  if (layer == NULL)
    return;
  g_free (layer->name);
  g_free (layer->source);
  g_free (layer->layer);
  g_free (layer->style_json);
  g_free (layer);
}

/** ra_app_layer_raster_style: Returns: (transfer full) */
char *
ra_app_layer_raster_style (const char *shading_key)
{
  return g_strdup_printf ("{\"kind\":\"raster\",\"shading\":\"%s\"}",
                          shading_key != NULL ? shading_key : "none");
}

gboolean
ra_app_layer_is_raster (const RaAppLayer *layer, char **shading_key)
{
  const char *json = layer != NULL ? layer->style_json : NULL;
  const char *p;

  if (shading_key != NULL)
    *shading_key = NULL;
  if (json == NULL || strstr (json, "\"kind\":\"raster\"") == NULL)
    return FALSE;
  if (shading_key != NULL && (p = strstr (json, "\"shading\":\"")) != NULL)
    {
      p += strlen ("\"shading\":\"");
      *shading_key = g_strndup (p, strcspn (p, "\""));
    }
  return TRUE;
}

static const RaStoreRecordDesc app_layer_desc =
  RA_STORE_RECORD_DESC (RaAppLayer, app_layer_fields, ra_app_layer_free);

gboolean
ra_store_views_check (RaStore *self, gboolean for_write, GError **error)
{
  if (self->db == NULL)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_FAILED, _("The project is closed"));
      return FALSE;
    }
  if (for_write && ra_store_is_read_only (self))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_READ_ONLY,
                   _("The project is open view-only"));
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
ra_store_list_bookmarks (RaStore *self, GError **error)
{
  GPtrArray *bookmarks;

  if (!ra_store_views_check (self, FALSE, error))
    return NULL;
  bookmarks = self->backend->query (self->db, RA_STORE_QUERY_BOOKMARKS, &bookmark_desc, NULL,
                                    error);
  /* A bookmark's name is never NULL. */
  for (guint i = 0; bookmarks != NULL && i < bookmarks->len; i++)
    {
      RaBookmark *b = g_ptr_array_index (bookmarks, i);

      if (b->name == NULL)
        b->name = g_strdup ("");
    }
  return bookmarks;
}

GPtrArray *
ra_store_list_app_layers (RaStore *self, GError **error)
{
  if (!ra_store_views_check (self, FALSE, error))
    return NULL;
  return self->backend->query (self->db, RA_STORE_QUERY_APP_LAYERS, &app_layer_desc, NULL,
                               error);
}

gboolean
ra_store_save_app_layers (RaStore *self, GPtrArray *layers, GError **error)
{
  g_return_val_if_fail (layers != NULL, FALSE);

  if (!ra_store_views_check (self, TRUE, error))
    return FALSE;
  for (guint i = 0; i < layers->len; i++)
    ((RaAppLayer *) g_ptr_array_index (layers, i))->position = (int) i;
  return self->backend->save_app_layers (self->db, layers, error);
}

static char *
project_folder (RaStore *self)
{
  const char *path = ra_store_get_path (self);

  return path != NULL && g_path_is_absolute (path) ? g_path_get_dirname (path) : NULL;
}

char *
ra_store_app_layer_source_to_stored (RaStore *self, const char *path)
{
  g_autofree char *folder = project_folder (self);
  g_autofree char *prefix = folder != NULL ? g_strconcat (folder, G_DIR_SEPARATOR_S, NULL) : NULL;

  g_return_val_if_fail (path != NULL, NULL);
  if (prefix != NULL && g_str_has_prefix (path, prefix) && path[strlen (prefix)] != '\0')
    return g_strdup (path + strlen (prefix));
  return g_strdup (path);
}

char *
ra_store_app_layer_source_to_path (RaStore *self, const char *stored)
{
  g_autofree char *folder = project_folder (self);

  g_return_val_if_fail (stored != NULL, NULL);
  /* Absolute, or a GDAL connection string ("WMTS:…", "<GDAL_WMS>…",
   * "/vsicurl/…"): as stored. */
  if (g_path_is_absolute (stored) || folder == NULL || strchr (stored, ':') != NULL
      || stored[0] == '<')
    return g_strdup (stored);
  return g_build_filename (folder, stored, NULL);
}

gboolean
ra_store_save_bookmarks (RaStore *self, GPtrArray *bookmarks, gint64 *last_id, GError **error)
{
  if (!ra_store_views_check (self, TRUE, error))
    return FALSE;
  return self->backend->save_bookmarks (self->db, bookmarks, last_id, error);
}

/* A delete of the backend's; missing (a message) when nothing had name. */
typedef gboolean (*DeleteNamed) (RaStoreDb *db, const char *name, gboolean *found,
                                 GError **error);

static gboolean
delete_named (RaStore *self, DeleteNamed delete, const char *name, const char *missing,
              GError **error)
{
  gboolean found = FALSE;

  if (!ra_store_views_check (self, TRUE, error) || !delete (self->db, name, &found, error))
    return FALSE;
  if (!found)
    {
      g_set_error_literal (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND, missing);
      return FALSE;
    }
  return TRUE;
}

gboolean
ra_store_delete_bookmark (RaStore *self, const char *name, GError **error)
{
  g_autofree char *missing = g_strdup_printf (_("No bookmark “%s”"), name);

  return delete_named (self, self->backend->delete_bookmark, name, missing, error);
}

gboolean
ra_store_save_layout_text (RaStore *self, const char *name, const char *text, GError **error)
{
  if (!ra_store_views_check (self, TRUE, error))
    return FALSE;
  return self->backend->save_layout (self->db, name, text, error);
}

gboolean
ra_store_load_layout_text (RaStore     *self,
                           const char  *name,
                           char       **text,
                           gsize       *length,
                           GError     **error)
{
  gboolean found = FALSE;

  if (!ra_store_views_check (self, FALSE, error))
    return FALSE;
  if (!self->backend->load_layout (self->db, name, text, length, &found, error))
    return FALSE;
  if (!found)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND, _("No layout “%s”"), name);
      return FALSE;
    }
  return TRUE;
}

GStrv
ra_store_list_layout_names (RaStore *self, GError **error)
{
  if (!ra_store_views_check (self, FALSE, error))
    return NULL;
  return self->backend->list_layouts (self->db, error);
}

gboolean
ra_store_delete_layout (RaStore *self, const char *name, GError **error)
{
  g_autofree char *missing = g_strdup_printf (_("No layout “%s”"), name);

  return delete_named (self, self->backend->delete_layout, name, missing, error);
}

char *
ra_store_dup_sample_name (RaStore *self)
{
  char *sample;

  if (self->db == NULL)
    return NULL;
  sample = self->backend->dup_meta (self->db, "sample");
  if (sample != NULL && *sample == '\0')
    g_clear_pointer (&sample, g_free);
  return sample;
}
