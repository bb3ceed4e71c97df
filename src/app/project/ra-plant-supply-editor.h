/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include "ra-core.h"
#include "ra-store.h"

G_BEGIN_DECLS

/* A plant's figures for the water balance: design capacity, effluent
 * standard, the reuse standards its effluent meets (rule 第十三条), and its
 * supply by year (treated wastewater, committed discharge).  Apply writes
 * the changed plant fields with ra_store_update_feature (one undo step)
 * and each changed year with ra_store_set_plant_supply (one undo step
 * each), then closes; a refusal is shown and the dialog stays open. */

#define RA_TYPE_PLANT_SUPPLY_EDITOR (ra_plant_supply_editor_get_type ())
G_DECLARE_FINAL_TYPE (RaPlantSupplyEditor, ra_plant_supply_editor, RA, PLANT_SUPPLY_EDITOR,
                      AdwWindow)

/* year: a year to offer besides those with figures (0: none).
 * Returns: (transfer none) the dialog owns itself; NULL with error when
 * the plant cannot be read. */
RaPlantSupplyEditor *ra_plant_supply_editor_new        (GtkWindow  *parent,
                                                        RaStore    *store,
                                                        gint64      plant_id,
                                                        int         year,
                                                        GError    **error);
/* Sets a field as the user would: "capacity_m3_per_day",
 * "effluent_standard" (text) or a reuse standard ("GB/T 18920-2020"...)
 * with value "yes" or "no".  FALSE when there is no such field. */
gboolean             ra_plant_supply_editor_set_field  (RaPlantSupplyEditor *self,
                                                        const char          *field,
                                                        const char          *value);
/* Types a year's figures (NULL: leave that field as it is). */
void                 ra_plant_supply_editor_set_supply (RaPlantSupplyEditor *self,
                                                        int                  year,
                                                        const char          *treated,
                                                        const char          *committed_discharge);
/* As the Apply button. */
gboolean             ra_plant_supply_editor_apply      (RaPlantSupplyEditor *self,
                                                        GError             **error);

G_END_DECLS
