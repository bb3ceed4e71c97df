/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include "ra-core.h"
#include "ra-store.h"

G_BEGIN_DECLS

/* A water user's attributes (name, county, sector, key user, present
 * source, use category, quality standard, able / why not) and its demand
 * by year.  Apply writes the changed attributes with
 * ra_store_update_feature (one undo step, the store's checks; a refusal is
 * shown in the dialog, which stays open) and each changed year's demand
 * with ra_store_set_user_demand (one undo step each), then closes. */

#define RA_TYPE_WATER_USER_EDITOR (ra_water_user_editor_get_type ())
G_DECLARE_FINAL_TYPE (RaWaterUserEditor, ra_water_user_editor, RA, WATER_USER_EDITOR, AdwWindow)

/* year: a year to offer besides those with demand figures (0: none).
 * Returns: (transfer none) the dialog owns itself; NULL when the user
 * cannot be read (error set). */
RaWaterUserEditor *ra_water_user_editor_new        (GtkWindow  *parent,
                                                    RaStore    *store,
                                                    gint64      user_id,
                                                    int         year,
                                                    GError    **error);
/* A new water user at wkt (a POINT in EPSG:4490 lon/lat), its county
 * preset to the one the point is in.  Apply adds the user with its
 * attributes and demand as one undo step (ra_store_insert_water_user). */
RaWaterUserEditor *ra_water_user_editor_new_at     (GtkWindow  *parent,
                                                    RaStore    *store,
                                                    const char *wkt,
                                                    int         year,
                                                    GError    **error);
/* The user's id; 0 for a new user until Apply has added it. */
gint64             ra_water_user_editor_get_user_id (RaWaterUserEditor *self);
/* Sets a field as the user would: column of water_users (name, adcode,
 * sector, key_user, source_now, use_category, quality_standard, able,
 * why_not); a choice takes its key (NULL: not set).  FALSE when there is
 * no such field or choice. */
gboolean           ra_water_user_editor_set_field  (RaWaterUserEditor *self,
                                                    const char        *column,
                                                    const char        *value);
/* Types text into year's demand (adds the year when missing). */
void               ra_water_user_editor_set_demand (RaWaterUserEditor *self,
                                                    int                year,
                                                    const char        *text);
/* As the Apply button: TRUE when everything was written (the dialog is
 * then closed), FALSE with error (also shown in the dialog). */
gboolean           ra_water_user_editor_apply      (RaWaterUserEditor *self,
                                                    GError           **error);

G_END_DECLS
