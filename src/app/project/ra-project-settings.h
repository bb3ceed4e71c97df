/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include "ra-core.h"
#include "ra-store.h"

G_BEGIN_DECLS

/* Project settings: the pipe unit costs by DN (pipe_unit_costs in the
 * project file), each change one undoable store edit
 * (ra_store_set_pipe_unit_cost / ra_store_remove_pipe_unit_cost). */

#define RA_TYPE_PROJECT_SETTINGS (ra_project_settings_get_type ())
G_DECLARE_FINAL_TYPE (RaProjectSettings, ra_project_settings, RA, PROJECT_SETTINGS,
                      AdwPreferencesWindow)

/* Returns: (transfer none) the window owns itself. */
RaProjectSettings *ra_project_settings_new       (GtkWindow *parent, RaStore *store);
/* Sets the cost (10^4 yuan/km) of a DN as its spin button would. */
gboolean           ra_project_settings_set_cost  (RaProjectSettings *self, double dn_mm,
                                                  double cost_wan_per_km);

/* Sets a water-balance setting (RA_BALANCE_SETTING_*) as its spin button
 * would; FALSE for an unknown key. */
gboolean           ra_project_settings_set_balance (RaProjectSettings *self, const char *key,
                                                    double value);

G_END_DECLS
