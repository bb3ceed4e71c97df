/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tiled basemaps as GDAL WMS (TMS mini-driver) descriptions; see
 * ra-basemap.h.  Nothing here fetches a tile: GDAL does, when the raster
 * is drawn, and keeps what it fetched in the cache folder. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <stdlib.h>
#include <string.h>

#include "ra-basemap.h"
#include "ra-error.h"

typedef struct {
  const char *layer;     /* 天地图's layer code */
  const char *name;      /* N_() */
  int         bands;
} TiandituLayer;

static const TiandituLayer tianditu_layers[] = {
  { "vec_w", N_("Tianditu vector map"), 4 },
  { "cva_w", N_("Tianditu vector labels"), 4 },
  { "img_w", N_("Tianditu imagery"), 3 },
  { "cia_w", N_("Tianditu imagery labels"), 4 },
  { "ter_w", N_("Tianditu terrain"), 3 },
  { "cta_w", N_("Tianditu terrain labels"), 4 },
};

static const TiandituLayer *
find_tianditu (const char *source)
{
  if (!g_str_has_prefix (source, "tianditu:"))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (tianditu_layers); i++)
    if (g_str_equal (source + strlen ("tianditu:"), tianditu_layers[i].layer))
      return &tianditu_layers[i];
  return NULL;
}

gboolean
ra_basemap_is_source (const char *source)
{
  if (source == NULL)
    return FALSE;
  return find_tianditu (source) != NULL || g_strcmp0 (source, "osm:standard") == 0
         || (g_str_has_prefix (source, "xyz:") && source[4] != '\0');
}

/* {z} {x} {y} as GDAL's ${z} ${x} ${y}; a plain folder as a file:// URL of
 * its Z/X/Y.png tiles. */
static char *
xyz_server_url (const char *template)
{
  g_autoptr(GString) url = NULL;

  if (g_path_is_absolute (template) && strchr (template, '{') == NULL)
    {
      g_autofree char *uri = g_filename_to_uri (template, NULL, NULL);

      if (uri == NULL)
        return NULL;
      return g_strconcat (uri, "/${z}/${x}/${y}.png", NULL);
    }
  url = g_string_new (template);
  g_string_replace (url, "{z}", "${z}", 0);
  g_string_replace (url, "{x}", "${x}", 0);
  g_string_replace (url, "{y}", "${y}", 0);
  g_string_replace (url, "$${", "${", 0);   /* already in GDAL's form */
  return g_string_free (g_steal_pointer (&url), FALSE);
}

/* The deepest zoom level of a tile folder (its largest numeric subfolder);
 * -1 when it has none. */
static int
folder_max_level (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  int max = -1;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (*name != '\0' && strspn (name, "0123456789") == strlen (name) && strlen (name) <= 2)
      max = MAX (max, atoi (name));
  return max;
}

static char *
tile_cache_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "reclaim-atlas", "tiles", NULL);
}

static char *
wms_xml (const char *server_url, int bands, int max_level)
{
  g_autofree char *url = g_markup_escape_text (server_url, -1);
  g_autofree char *cache = tile_cache_dir ();
  g_autofree char *cache_xml = g_markup_escape_text (cache, -1);

  /* Web Mercator's square world, top-left origin, 256 px tiles; tiles the
   * server lacks (404, 204) draw as nothing, not as an error; a server that
   * does not answer costs a render 10 s at most, not curl's default. */
  return g_strdup_printf ("<GDAL_WMS>"
                          "<Service name=\"TMS\"><ServerUrl>%s</ServerUrl></Service>"
                          "<DataWindow>"
                          "<UpperLeftX>-20037508.342789244</UpperLeftX>"
                          "<UpperLeftY>20037508.342789244</UpperLeftY>"
                          "<LowerRightX>20037508.342789244</LowerRightX>"
                          "<LowerRightY>-20037508.342789244</LowerRightY>"
                          "<TileLevel>%d</TileLevel><TileCountX>1</TileCountX>"
                          "<TileCountY>1</TileCountY><YOrigin>top</YOrigin>"
                          "</DataWindow>"
                          "<Projection>EPSG:3857</Projection>"
                          "<BlockSizeX>256</BlockSizeX><BlockSizeY>256</BlockSizeY>"
                          "<BandsCount>%d</BandsCount>"
                          "<UserAgent>ReclaimAtlas/" PACKAGE_VERSION "</UserAgent>"
                          "<MaxConnections>4</MaxConnections><Timeout>10</Timeout>"
                          "<ZeroBlockHttpCodes>204,404</ZeroBlockHttpCodes>"
                          "<ZeroBlockOnServerException>true</ZeroBlockOnServerException>"
                          "<Cache><Path>%s</Path></Cache>"
                          "</GDAL_WMS>",
                          url, max_level, bands, cache_xml);
}

/**
 * ra_basemap_connection:
 *
 * Returns: (transfer full) (nullable) the GDAL connection string.
 */
char *
ra_basemap_connection (const char *source, const char *tianditu_key, GError **error)
{
  const TiandituLayer *td;

  g_return_val_if_fail (source != NULL, NULL);

  if ((td = find_tianditu (source)) != NULL)
    {
      g_autofree char *url = NULL;
      g_autofree char *key = NULL;

      if (tianditu_key == NULL || *g_strstrip (key = g_strdup (tianditu_key)) == '\0')
        {
          g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                       _("%s needs a Tianditu key: set yours in Add Basemap ▸ Basemap "
                         "Settings (it is kept in your settings, not in the project)"),
                       _(td->name));
          return NULL;
        }
      if (strspn (key, "0123456789abcdefABCDEF") != strlen (key))
        {
          g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                       _("The Tianditu key in Basemap Settings is not a key "
                         "(32 hexadecimal characters)"));
          return NULL;
        }
      url = g_strdup_printf ("https://t0.tianditu.gov.cn/DataServer?T=%s&x=${x}&y=${y}&l=${z}"
                             "&tk=%s", td->layer, key);
      return wms_xml (url, td->bands, 18);
    }
  if (g_strcmp0 (source, "osm:standard") == 0)
    return wms_xml ("https://tile.openstreetmap.org/${z}/${x}/${y}.png", 3, 19);
  if (g_str_has_prefix (source, "xyz:") && source[4] != '\0')
    {
      g_autofree char *url = xyz_server_url (source + 4);
      gboolean is_url = url != NULL && (g_str_has_prefix (url, "http://")
                                        || g_str_has_prefix (url, "https://")
                                        || g_str_has_prefix (url, "file://"));

      if (!is_url || strstr (url, "${z}") == NULL || strstr (url, "${x}") == NULL
          || strstr (url, "${y}") == NULL)
        {
          g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not a tile address: give an http(s) or file:// URL with "
                         "{z}, {x} and {y}, or a folder of Z/X/Y.png tiles"),
                       source + 4);
          return NULL;
        }
      if (g_path_is_absolute (source + 4) && strchr (source + 4, '{') == NULL)
        {
          int level = folder_max_level (source + 4);

          if (level < 0)
            {
              g_set_error (error, RA_ERROR, RA_ERROR_NOT_FOUND,
                           _("%s: no tile folders (0, 1, 2… holding X/Y.png) in it"),
                           source + 4);
              return NULL;
            }
          return wms_xml (url, 4, level);
        }
      return wms_xml (url, 4, 20);
    }
  g_set_error (error, RA_ERROR, RA_ERROR_UNSUPPORTED, _("“%s” is not a basemap source"), source);
  return NULL;
}

/** ra_basemap_display_name: Returns: (transfer full) */
char *
ra_basemap_display_name (const char *source)
{
  const TiandituLayer *td = find_tianditu (source);

  if (td != NULL)
    return g_strdup (_(td->name));
  if (g_strcmp0 (source, "osm:standard") == 0)
    return g_strdup (_("OpenStreetMap"));
  if (g_str_has_prefix (source, "xyz:"))
    {
      const char *t = source + 4;

      if (g_path_is_absolute (t) && strchr (t, '{') == NULL)
        {
          g_autofree char *base = g_path_get_basename (t);
          /* TRANSLATORS: a folder of map tiles */
          return g_strdup_printf (_("Tiles: %s"), base);
        }
      return g_strdup_printf (_("Tiles: %s"), t);
    }
  return g_strdup (source);
}

const char *
ra_basemap_attribution (const char *source)
{
  if (find_tianditu (source) != NULL)
    return _("Tianditu © National Platform for Common Geospatial Information Services");
  if (g_strcmp0 (source, "osm:standard") == 0)
    return _("© OpenStreetMap contributors");
  return NULL;
}
