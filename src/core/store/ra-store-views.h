/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Core-internal (ra-views.c): the store's side of saved views (bookmarks)
 * and print layouts, kept in the project by its backend.  Each save is one
 * transaction of its own, without audit or undo; a view-only or closed
 * project is refused with the messages ra-views.h documents. */

#include "ra-store.h"
#include "ra-views.h"

G_BEGIN_DECLS

/* "The project is closed", or (for_write) "The project is open view-only". */
gboolean    ra_store_views_check          (RaStore *self, gboolean for_write, GError **error);

/* Returns: (transfer full) (element-type RaBookmark) (nullable) */
GPtrArray  *ra_store_list_bookmarks       (RaStore *self, GError **error);
/* Saves bookmarks (RaBookmark, replacing same-named ones) in one
 * transaction; *last_id (optional) is the id of the last. */
gboolean    ra_store_save_bookmarks       (RaStore    *self,
                                           GPtrArray  *bookmarks,
                                           gint64     *last_id,
                                           GError    **error);
gboolean    ra_store_delete_bookmark      (RaStore *self, const char *name, GError **error);

gboolean    ra_store_save_layout_text     (RaStore    *self,
                                           const char *name,
                                           const char *text,
                                           GError    **error);
/* The stored text of a layout and its length in bytes (*text NULL for a
 * row without text); RA_STORE_ERROR_NOT_FOUND when there is none. */
gboolean    ra_store_load_layout_text     (RaStore     *self,
                                           const char  *name,
                                           char       **text,
                                           gsize       *length,
                                           GError     **error);
/* Returns: (transfer full) (nullable) in the order saved. */
GStrv       ra_store_list_layout_names    (RaStore *self, GError **error);
gboolean    ra_store_delete_layout        (RaStore *self, const char *name, GError **error);

/* The sample the project was built from, NULL if none or closed. */
char       *ra_store_dup_sample_name      (RaStore *self);

G_END_DECLS
