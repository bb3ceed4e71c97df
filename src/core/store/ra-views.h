/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include "ra-crs.h"
#include "ra-layout.h"
#include "ra-store.h"
#include "ra-view.h"

G_BEGIN_DECLS

/* Saved views (bookmarks, table app_views) and print layouts (table
 * app_layouts) in the project file.  Every statement is parameterised and
 * every save is one transaction; a view-only project refuses saves with
 * RA_STORE_ERROR_READ_ONLY.  Call on the thread that opened the store. */

typedef struct {
  gint64  id;                 /* 0 until saved */
  char   *name;               /* owned, unique among bookmarks */
  char   *crs;                /* owned: CRS definition of the centre ("EPSG:4542") */
  double  centre_x, centre_y; /* in crs */
  double  scale_denominator;  /* 1:n at 96 dpi */
  double  rotation_deg;
} RaBookmark;

#define RA_TYPE_BOOKMARK (ra_bookmark_get_type ())
GType       ra_bookmark_get_type (void);
/* (transfer full) */
RaBookmark *ra_bookmark_new   (const char *name, const char *crs, double centre_x,
                               double centre_y, double scale_denominator);
RaBookmark *ra_bookmark_copy  (const RaBookmark *bookmark);
void        ra_bookmark_free  (RaBookmark *bookmark);
/* Moves view to the bookmark: centre transformed into map_crs, the scale
 * set for view->dpi.  FALSE (with error) if the CRS is unusable. */
gboolean    ra_bookmark_apply (const RaBookmark *bookmark, RaView *view, RaCrs *map_crs,
                               GError **error);

/* Returns: (transfer full) (element-type RaBookmark) (nullable) in the
 * order they were created. */
GPtrArray  *ra_views_list_bookmarks   (RaStore *store, GError **error);
/* Inserts, or replaces the bookmark of the same name.  Returns the id, 0 on error. */
gint64      ra_views_save_bookmark    (RaStore *store, const RaBookmark *bookmark, GError **error);
gboolean    ra_views_delete_bookmark  (RaStore *store, const char *name, GError **error);
/* One bookmark per county (named by name_zh, in adcode order) fitted to a
 * 1600 x 1000 px window at 96 dpi, in map_crs (nullable: the counties'
 * Gauss-Kruger zone).  One transaction; replaces same-named bookmarks.
 * Returns the number made, -1 on error. */
int         ra_views_create_county_bookmarks (RaStore *store, RaCrs *map_crs, GError **error);

/* Layouts, by name (the layout's own name). */
gboolean    ra_views_save_layout      (RaStore *store, const RaLayout *layout, GError **error);
/* Returns: (transfer full) (nullable) RA_STORE_ERROR_NOT_FOUND if absent;
 * RA_ERROR_INVALID_ARGUMENT if the stored text is damaged. */
RaLayout   *ra_views_load_layout      (RaStore *store, const char *name, GError **error);
/* Returns: (transfer full) (nullable) the names, in the order saved. */
GStrv       ra_views_list_layouts     (RaStore *store, GError **error);
gboolean    ra_views_delete_layout    (RaStore *store, const char *name, GError **error);

/* The sample a project was built from ("zhangye"), or NULL. (transfer full) */
char       *ra_views_dup_sample_name  (RaStore *store);
/* The default layout for the project, with its source note.
 * (transfer full) */
RaLayout   *ra_views_new_default_layout (RaStore *store, RaPageSize page, gboolean landscape);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaBookmark, ra_bookmark_free)

/* The map's layers that are not the project's own tables: files added
 * to the project's map (vector or raster: a basemap, a DEM), in map order
 * bottom first.  source: the file (relative to the project's folder when
 * it lies there, so a folder moved whole keeps working), layer: the
 * dataset's layer (NULL: the only one, or a raster), style_json: what else
 * the layer keeps ({"kind":"raster","shading":"hillshade"}...). */
typedef struct {
  gint64    id;
  int       position;
  char     *name;
  char     *source;
  char     *layer;
  gboolean  visible;
  double    opacity;
  char     *style_json;
} RaAppLayer;

void        ra_app_layer_free             (RaAppLayer *layer);
/* A raster's style_json with its shading key ("none", "hillshade",
 * "tinted").  (transfer full) */
char       *ra_app_layer_raster_style     (const char *shading_key);
/* TRUE when style_json is a raster's; *shading_key (nullable out,
 * transfer full) its shading key, NULL when unset. */
gboolean    ra_app_layer_is_raster        (const RaAppLayer *layer, char **shading_key);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaAppLayer, ra_app_layer_free)


/* Returns: (transfer full) (element-type RaAppLayer) (nullable) by position */
GPtrArray  *ra_store_list_app_layers      (RaStore *self, GError **error);
/* Replaces the project's added layers with layers (RaAppLayer, positions
 * taken from their order) in one transaction. */
gboolean    ra_store_save_app_layers      (RaStore *self, GPtrArray *layers, GError **error);
/* source as stored (relative to the project's folder when inside it) and
 * back (absolute).  (transfer full) */
char       *ra_store_app_layer_source_to_stored (RaStore *self, const char *path);
char       *ra_store_app_layer_source_to_path   (RaStore *self, const char *stored);

G_END_DECLS
