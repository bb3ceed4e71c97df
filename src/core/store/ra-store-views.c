/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's side of saved views (bookmarks) and print layouts: the
 * checks ra-views.h documents, then the backend, which keeps them in the
 * project (SpatiaLite: ra-store-sqlite-views.c). */
#include "config.h"

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
