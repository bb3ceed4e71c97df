/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The project's own feature layers, named and styled for the app's map
 * and for printed figures alike (issue 17: the CLI's figure left out the
 * plants and the pipelines the app shows). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ra-balance.h"
#include "ra-error.h"
#include "ra-project-layers.h"
#include "ra-store-water.h"
#include "ra-thematic-balance.h"

/* Top first, as the layer panel lists them. */
static const struct {
  const char *table;
  const char *label;
  const char *fill;     /* NULL: not styled here (the water users) */
  const char *stroke;
  double      stroke_width_px;
  double      marker_size_px;
} project_tables[] = {
  { "water_users", N_("Water users"), NULL, NULL, 0, 0 },
  { "plants", N_("Plants"), "#1f78b4", "#ffffff", 1.0, 8.0 },
  /* Dark purple: visible on every class of the reuse-rate blues and greens. */
  { "pipelines", N_("Pipelines"), "#00000000", "#54278f", 1.5, 0 },
  { "projects", N_("Projects"), "#b2df8a", "#33a02c", 1.0, 0 },
  { "footprints", N_("Project footprints"), "#a6cee3", "#1f78b4", 1.0, 0 },
  { "built_up_areas", N_("Built-up areas"), "#f6c9a0", "#c08050", 1.0, 0 },
  { "counties", N_("Counties"), "#f3efe2", "#7a7468", 0.9, 0 },
};

const char * const *
ra_project_layers_tables (void)
{
  static const char * const tables[] = {
    "water_users", "plants", "pipelines", "projects", "footprints", "built_up_areas",
    "counties", NULL
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (tables) == G_N_ELEMENTS (project_tables) + 1);
  return tables;
}

static int
table_index (const char *table)
{
  for (guint i = 0; table != NULL && i < G_N_ELEMENTS (project_tables); i++)
    if (g_str_equal (project_tables[i].table, table))
      return (int) i;
  return -1;
}

gboolean
ra_project_layers_is_table (const char *table)
{
  return table_index (table) >= 0;
}

const char *
ra_project_layers_label (const char *table)
{
  int i = table_index (table);

  return i >= 0 ? _(project_tables[i].label) : table;
}

/**
 * ra_project_layers_setup:
 *
 * Names and styles a table's layer as the app shows it.
 */
void
ra_project_layers_setup (RaLayer *layer, const char *table)
{
  int i;
  const char *field;
  g_autoptr(RaStyle) style = NULL;

  g_return_if_fail (RA_IS_LAYER (layer));

  i = table_index (table);
  if (i < 0 || project_tables[i].fill == NULL)
    return;
  ra_layer_set_name (layer, _(project_tables[i].label));
  style = ra_style_copy (ra_layer_get_style (layer));
  ra_color_parse (&style->fill, project_tables[i].fill);
  ra_color_parse (&style->stroke, project_tables[i].stroke);
  style->stroke_width_px = project_tables[i].stroke_width_px;
  if (project_tables[i].marker_size_px > 0.0)
    style->marker_size_px = project_tables[i].marker_size_px;
  /* Pipelines are cased: a white edge under a 2.5 px line reads on every
   * fill of the plan map, the reuse-rate blues and greens included. */
  if (g_str_equal (project_tables[i].table, "pipelines"))
    {
      style->stroke_width_px = MAX (style->stroke_width_px, 2.5);
      ra_color_parse (&style->casing, "#ffffff");
      style->casing_width_px = style->stroke_width_px + 2.5;
      /* DN and length along each pipe where the view leaves room (issue 18;
       * RaRenderOptions.draw_line_labels turns them off). */
      g_free (style->dn_label_field);
      style->dn_label_field = g_strdup ("dn_mm");
    }
  /* Names on the map are what planners look for first. */
  field = style->label_field == NULL ? ra_layer_guess_label_field (layer) : NULL;
  if (field != NULL)
    ra_style_set_label_field (style, field);
  ra_layer_set_style (layer, style);
}

/**
 * ra_project_layers_water_users:
 *
 * Returns: (transfer full) (nullable)
 */
RaLayer *
ra_project_layers_water_users (RaStore *store, int year, GError **error)
{
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GPtrArray) demand = NULL;
  g_autoptr(GPtrArray) allocations = NULL;
  RaLayer *layer;

  g_return_val_if_fail (RA_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (ra_store_count_rows (store, "water_users", NULL) <= 0)
    return NULL;
  if (year <= 0 && (year = ra_balance_default_year (store, error)) <= 0)
    return NULL;
  users = ra_store_list_water_users (store, error);
  if (users == NULL)
    return NULL;
  demand = ra_store_list_user_demand (store, 0, error);
  if (demand == NULL)
    return NULL;
  allocations = ra_store_list_allocations (store, year, error);
  if (allocations == NULL)
    return NULL;
  layer = ra_thematic_balance_users_layer (users, demand, allocations, year,
                                           ra_thematic_balance_demand_max (demand));
  ra_layer_set_source (layer, ra_store_get_path (store), "water_users", "SQLite");
  return layer;
}

/**
 * ra_project_layers_load:
 *
 * Returns: (transfer full) (element-type RaLayer) (nullable)
 */
GPtrArray *
ra_project_layers_load (RaStore *store, int year, GError **error)
{
  g_autoptr(GPtrArray) layers = g_ptr_array_new_with_free_func (g_object_unref);
  RaLayer *users;

  g_return_val_if_fail (RA_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Bottom first. */
  for (guint i = G_N_ELEMENTS (project_tables); i-- > 0;)
    {
      const char *table = project_tables[i].table;
      g_autoptr(RaLayer) layer = NULL;
      g_autoptr(GError) local = NULL;
      RaBBox ll;

      if (project_tables[i].fill == NULL || ra_store_count_rows (store, table, NULL) <= 0)
        continue;
      layer = ra_store_load_layer (store, table, NULL, &local);
      if (layer == NULL)
        {
          /* A table without geometries (projects before mapping) draws nothing. */
          if (g_error_matches (local, RA_ERROR, RA_ERROR_EMPTY))
            continue;
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      /* Rows without geometry draw nothing. */
      if (!ra_layer_get_extent_lonlat (layer, &ll) || ra_bbox_is_empty (&ll))
        continue;
      ra_project_layers_setup (layer, table);
      g_ptr_array_add (layers, g_steal_pointer (&layer));
    }
  users = ra_project_layers_water_users (store, year, error);
  if (users != NULL)
    g_ptr_array_add (layers, users);
  else if (error != NULL && *error != NULL)
    return NULL;
  return g_steal_pointer (&layers);
}

RaLayer *
ra_project_layers_find (GPtrArray *layers, const char *table)
{
  for (guint i = 0; layers != NULL && i < layers->len; i++)
    {
      RaLayer *layer = g_ptr_array_index (layers, i);

      if (g_strcmp0 (ra_layer_get_source_layer_name (layer), table) == 0)
        return layer;
    }
  return NULL;
}
