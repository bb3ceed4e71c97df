/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Tiled basemaps (issue 18): 天地图, OpenStreetMap, any XYZ service and a
 * folder of XYZ tiles, opened through GDAL's own WMS driver (its TMS
 * mini-driver) as raster sources.  A project keeps a basemap as a short
 * source that holds no secret:
 *
 *   "tianditu:vec_w"  天地图 vector map; also img_w (imagery), ter_w
 *                     (terrain) and their label layers cva_w, cia_w, cta_w
 *   "osm:standard"    OpenStreetMap's standard tiles
 *   "xyz:TEMPLATE"    a URL with {z}, {x} and {y} (http, https, file://),
 *                     or a folder holding Z/X/Y.png tiles
 *
 * The 天地图 key lives in the user's settings, never in the project: it is
 * added only when the source is turned into a GDAL connection. */

/* TRUE when source is one of the forms above. */
gboolean  ra_basemap_is_source     (const char *source);
/* The GDAL connection string (a <GDAL_WMS> description, tiles cached in
 * XDG_CACHE_HOME/reclaim-atlas/tiles).  tianditu_key: the user's key; a
 * 天地图 source without one is an error saying where to set it.
 * Returns: (transfer full) (nullable) */
char     *ra_basemap_connection    (const char *source, const char *tianditu_key, GError **error);
/* A name for the layer list ("天地图 矢量"...), translated.  (transfer full) */
char     *ra_basemap_display_name  (const char *source);
/* The credit the map must print.  (transfer none) (nullable) */
const char *ra_basemap_attribution (const char *source);

G_END_DECLS
