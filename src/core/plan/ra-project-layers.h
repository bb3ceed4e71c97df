/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include "ra-layer.h"
#include "ra-map.h"
#include "ra-store.h"

G_BEGIN_DECLS

/* The project's own feature layers (its spatial tables and the water
 * users), named and styled once, here, for the app's map and for printed
 * figures alike: what the app shows is what the CLI prints. */

/* The tables shown as layers, top first: "water_users", "plants",
 * "pipelines", "projects", "footprints", "built_up_areas", "counties".
 * (transfer none) NULL-terminated */
const char * const *ra_project_layers_tables (void);

/* Whether table is one of them. */
gboolean    ra_project_layers_is_table   (const char *table);

/* The translated name of a table's layer ("Plants"); table itself for
 * other tables.  (transfer none) */
const char *ra_project_layers_label      (const char *table);

/* Gives a freshly read table layer its name, its default style (fixed
 * colours per table, not the palette's next one) and its labels (the
 * field ra_layer_guess_label_field picks).  The water users keep their
 * name and thematic style (ra_thematic_balance_users_layer). */
void        ra_project_layers_setup      (RaLayer    *layer,
                                          const char *table);

/* The water users of year as a layer (demand and allocations of that year,
 * ra_thematic_balance_users_layer), its source set to the project's
 * "water_users" table.  year <= 0: ra_balance_default_year.  NULL without
 * water users, or with error set when they cannot be read.
 * Returns: (transfer full) (nullable) */
RaLayer    *ra_project_layers_water_users (RaStore  *store,
                                           int       year,
                                           GError  **error);

/* Every table layer of the project that has something to draw, read
 * synchronously and set up as above, bottom first (the water users, for
 * year, last).  Tables without rows or geometries are left out.
 * Returns: (transfer full) (element-type RaLayer) (nullable) */
GPtrArray  *ra_project_layers_load       (RaStore  *store,
                                          int       year,
                                          GError  **error);

/* The layer of table in layers (ra_layer_get_source_layer_name), NULL if
 * none.  (transfer none) */
RaLayer    *ra_project_layers_find       (GPtrArray  *layers,
                                          const char *table);

G_END_DECLS
