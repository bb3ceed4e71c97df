/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* How a person reads the attributes of the project's own layers: a
 * translated label per field, values as words (a status, a sector, a
 * county's name, a project's code) and numbers rounded for reading
 * (volumes and capacities to integers, rates to one decimal), and the
 * internal fields (ids, sizes, style keys) left out.  Other data (a
 * user's shapefile) has no context and keeps its own field names.
 *
 * The context of a layer is its thematic role (ra_thematic_layer_role,
 * ra_thematic_balance_layer_role: "counties", "status", "projects",
 * "water_users", "flows", "plant_balance") or, for a layer of the project
 * file, its table ("plants", "pipelines", "footprints", "built_up_areas",
 * "water_users", "counties", "projects"): ra_field_display_context. */

#include <glib.h>
#include "ra-layer.h"
#include "ra-store.h"

G_BEGIN_DECLS

/* The context of a layer of the map; NULL for data that is not the
 * project's (store: the open project, nullable).  (transfer none) */
const char *ra_field_display_context (RaLayer *layer, RaStore *store);

/* The translated label of field in context; NULL when the field is not
 * shown to people (an internal key) or context knows no such field.
 * (transfer none) */
const char *ra_field_display_label   (const char *context, const char *field);

/* TRUE when context is one of the contexts above. */
gboolean    ra_field_display_known   (const char *context);

/* value (as the layer holds it, nullable) as a person reads it: a key in
 * words, a number rounded, an adcode as the county's name and a project
 * id as its code (store, nullable, gives both).  (transfer full) */
char       *ra_field_display_value   (const char *context, const char *field,
                                      const char *value, RaStore *store);

/* The kinds of plant (wwtp, reclaimed_plant, …) and the statuses of a
 * project or pipeline (proposed, under_construction, in_service), in the
 * order a form offers them, and their translated names (NULL for an
 * unknown key).  (transfer none) */
const char * const *ra_plant_kind_keys           (void);
const char         *ra_plant_kind_to_string      (const char *key);
const char * const *ra_project_status_keys       (void);
const char         *ra_project_status_to_string  (const char *key);

G_END_DECLS
