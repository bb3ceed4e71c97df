/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include "ra-layer.h"

G_BEGIN_DECLS

/* The map: an ordered list of layers (a GListModel of RaLayer, position 0 is
 * the top layer, drawn last) and the map CRS they are shown in. */
#define RA_TYPE_MAP (ra_map_get_type ())
G_DECLARE_FINAL_TYPE (RaMap, ra_map, RA, MAP, GObject)

RaMap    *ra_map_new             (void);
/* (nullable) (transfer none) NULL until set or picked from the first layer. */
RaCrs    *ra_map_get_crs         (RaMap *self);
/* Reprojects every layer; on failure nothing changes. */
gboolean  ra_map_set_crs         (RaMap *self, RaCrs *crs, GError **error);
/* The CGCS2000 3-degree Gauss-Kruger zone whose central meridian is nearest
 * the centre of the layer's lon/lat extent; EPSG:3857 outside China's zones;
 * NULL when the layer has no CRS.  (transfer full) */
RaCrs    *ra_map_suggest_crs_for_layer (RaLayer *layer);

/* Adds on top.  When the map has no CRS yet, it takes the suggested CRS of
 * the first layer that has one.  The layer is reprojected into the map CRS. */
gboolean  ra_map_add_layer       (RaMap *self, RaLayer *layer, GError **error);
void      ra_map_remove_layer    (RaMap *self, guint position);
void      ra_map_move_layer      (RaMap *self, guint from, guint to);
RaLayer  *ra_map_get_layer       (RaMap *self, guint position); /* (transfer none) */
guint     ra_map_get_n_layers    (RaMap *self);
int       ra_map_find_layer      (RaMap *self, RaLayer *layer); /* -1 if absent */
/* Union of the extents of all (visible_only: visible) layers in the map CRS. */
gboolean  ra_map_get_extent      (RaMap *self, gboolean visible_only, RaBBox *out);

/* "changed" (no args): anything that needs a redraw (layers, order, style,
 * visibility, CRS).  "items-changed" of GListModel is emitted as well. */

G_END_DECLS
