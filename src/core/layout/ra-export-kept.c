/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the printed figure takes from the project beyond its tables: the
 * files added to its map (a basemap, a DEM with its hillshade, another
 * county's roads), kept in the project by the app (app_layers), and the
 * pipeline profiles of the atlas (issue 18). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ra-balance.h"
#include "ra-basemap.h"
#include "ra-error.h"
#include "ra-export.h"
#include "ra-hydraulics.h"
#include "ra-paths.h"
#include "ra-raster.h"
#include "ra-source.h"
#include "ra-views.h"

static void
warn (GPtrArray *warnings, const RaAppLayer *record, const char *why)
{
  if (warnings != NULL)
    g_ptr_array_add (warnings, g_strdup_printf (_("The map layer “%s” (%s) is not drawn: %s"),
                                                record->name != NULL ? record->name : "",
                                                record->source, why));
}

/* A kept raster, opened with its shading.  (transfer full) (nullable) */
static RaLayer *
open_raster (RaStore *store, const RaAppLayer *record, const char *shading_key, GError **error)
{
  g_autofree char *path = ra_store_app_layer_source_to_path (store, record->source);
  g_autoptr(RaLayer) layer = ra_raster_open_layer (path, error);
  int shading = ra_raster_shading_from_key (shading_key);

  if (layer == NULL)
    return NULL;
  if (shading > 0
      && !ra_raster_set_shading (RA_RASTER (ra_layer_get_raster (layer)), shading, error))
    return NULL;
  return g_steal_pointer (&layer);
}

/**
 * ra_export_add_kept_layers:
 * @warnings: (nullable) (element-type utf8): what could not be drawn
 *
 * Adds the visible layers kept in the project's map (ra_store_list_app_layers)
 * to map as the app shows them: rasters under everything, in their order,
 * vectors on top.  Online basemaps are left out with a warning (their key
 * lives in the app's settings), and so are files that cannot be opened.
 * Returns: the number of layers added.
 */
guint
ra_export_add_kept_layers (RaMap *map, RaStore *store, GPtrArray *warnings)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = ra_store_list_app_layers (store, &error);
  guint n_rasters = 0, added = 0;

  if (records == NULL)
    {
      if (warnings != NULL)
        g_ptr_array_add (warnings, g_strdup (error->message));
      return 0;
    }
  for (guint i = 0; i < records->len; i++)
    {
      const RaAppLayer *record = g_ptr_array_index (records, i);
      g_autofree char *shading = NULL;
      g_autoptr(RaLayer) layer = NULL;
      g_autoptr(GError) e = NULL;
      gboolean raster;

      if (!record->visible || record->source == NULL)
        continue;
      if (ra_basemap_is_source (record->source))
        {
          warn (warnings, record, _("an online basemap is drawn by the app only, with the key "
                                    "in its settings"));
          continue;
        }
      raster = ra_app_layer_is_raster (record, &shading);
      if (raster)
        layer = open_raster (store, record, shading, &e);
      else
        {
          g_autofree char *path = ra_store_app_layer_source_to_path (store, record->source);

          layer = ra_source_load_layer (path, record->layer, NULL, &e);
        }
      if (layer == NULL)
        {
          warn (warnings, record, e->message);
          continue;
        }
      if (record->name != NULL && *record->name != '\0')
        ra_layer_set_name (layer, record->name);
      ra_layer_set_opacity (layer, record->opacity);
      if (!ra_map_add_layer (map, layer, &e))
        {
          warn (warnings, record, e->message);
          continue;
        }
      added++;
      if (raster)
        {
          /* Bottom first: above the kept rasters before it, under the rest. */
          ra_map_move_layer (map, 0, ra_map_get_n_layers (map) - 1 - n_rasters);
          n_rasters++;
        }
    }
  return added;
}

/* The first visible elevation model kept in the project.  (transfer full)
 * (nullable) */
RaRaster *
ra_export_open_kept_dem (RaStore *store)
{
  g_autoptr(GPtrArray) records = ra_store_list_app_layers (store, NULL);

  /* Top first, as the app picks the DEM under the cursor. */
  for (guint i = records != NULL ? records->len : 0; i-- > 0;)
    {
      const RaAppLayer *record = g_ptr_array_index (records, i);
      g_autofree char *path = NULL;
      g_autoptr(RaRaster) raster = NULL;

      if (!record->visible || !ra_app_layer_is_raster (record, NULL)
          || ra_basemap_is_source (record->source))
        continue;
      path = ra_store_app_layer_source_to_path (store, record->source);
      raster = ra_raster_open (path, NULL);
      if (raster != NULL && ra_raster_is_elevation (raster))
        return g_steal_pointer (&raster);
    }
  return NULL;
}

/**
 * ra_export_profile_pages:
 * @dem: (nullable): the ground; NULL: flat
 *
 * The atlas's profile pages for year: for each plant feeding a network,
 * the route to the user that sets its pump head.  A network that cannot
 * be solved (a loop...) gives none, with the reason in error.
 * Returns: (transfer full) (element-type RaProfileChartData) (nullable)
 */
GPtrArray *
ra_export_profile_pages (RaStore *store, int year, RaRaster *dem, GError **error)
{
  RaHydraulics *h = ra_hydraulics_new_from_store (store, year, NULL, dem, error);
  GPtrArray *pages;
  GArray *sources, *nodes;

  if (h == NULL)
    return NULL;
  pages = g_ptr_array_new_with_free_func ((GDestroyNotify) ra_profile_chart_data_free);
  sources = ra_hydraulics_get_sources (h);
  nodes = ra_hydraulics_get_nodes (h);
  for (guint i = 0; i < sources->len; i++)
    {
      const RaHydraulicsSource *s = &g_array_index (sources, RaHydraulicsSource, i);
      const RaHydraulicsNode *worst = &g_array_index (nodes, RaHydraulicsNode, s->worst_node);
      RaProfileChartData *data;

      if (worst->kind != RA_HYDRAULICS_NODE_USER)
        continue;
      data = ra_hydraulics_profile (h, worst->id, NULL);
      if (data != NULL)
        g_ptr_array_add (pages, data);
    }
  ra_hydraulics_free (h);
  return pages;
}

/**
 * ra_export_atlas_profiles:
 * @year: the atlas's year; <= 0: the water balance's default year
 * @warnings: (nullable) (element-type utf8): why there are none
 *
 * ra_export_profile_pages over the DEM kept in the project (flat without
 * one).  Returns: (transfer full) (nullable) (element-type RaProfileChartData)
 */
GPtrArray *
ra_export_atlas_profiles (RaStore *store, int year, GPtrArray *warnings)
{
  g_autoptr(RaRaster) dem = ra_export_open_kept_dem (store);
  g_autoptr(GError) error = NULL;
  GPtrArray *pages;

  if (year <= 0)
    year = ra_balance_default_year (store, NULL);
  if (year <= 0)
    return NULL;
  pages = ra_export_profile_pages (store, year, dem, &error);
  if (pages == NULL && warnings != NULL)
    g_ptr_array_add (warnings, g_strdup_printf (_("No pipeline profiles in the atlas: %s"),
                                                error->message));
  return pages;
}
