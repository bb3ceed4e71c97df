/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include "ra-core.h"
#include "ra-network.h"

G_BEGIN_DECLS

/* The attributes of a feature just drawn: a pipeline's project, name, DN,
 * material and status; a point's name, kind and capacity; a footprint's
 * project and name; a built-up area's name and county.  Saving writes the
 * row with its geometry through ra_store_insert_feature (one undo step)
 * and closes; cancelling writes nothing. */

#define RA_TYPE_ATTRIBUTE_FORM (ra_attribute_form_get_type ())
G_DECLARE_FINAL_TYPE (RaAttributeForm, ra_attribute_form, RA, ATTRIBUTE_FORM, AdwWindow)

/* table: plants | pipelines | footprints | built_up_areas; wkt in EPSG:4490;
 * kind: a plant's kind (nullable); measure: km of a line, km² of a polygon.
 * Returns: (transfer none) the dialog owns itself. */
RaAttributeForm *ra_attribute_form_new    (GtkWindow  *parent,
                                           RaStore    *store,
                                           const char *table,
                                           const char *wkt,
                                           const char *kind,
                                           double      measure);
/* The attributes of an existing row (id) of those tables, to change:
 * the fields start empty (set them from the row with set_field); saving
 * writes them through ra_store_update_feature (one undo step). */
RaAttributeForm *ra_attribute_form_new_for_row (GtkWindow  *parent,
                                                RaStore    *store,
                                                const char *table,
                                                gint64      id);
const char      *ra_attribute_form_get_table (RaAttributeForm *self);
/* For a row's form: its fields as filled are what the user saw; a save
 * is made at the row's version of now, so a save over someone else's newer
 * save of these fields asks (ra-conflict-dialog) instead of overwriting. */
void             ra_attribute_form_mark_loaded (RaAttributeForm *self);
/* (transfer none) (nullable) the conflict dialog shown after a save. */
GtkWindow       *ra_attribute_form_get_conflict_dialog (RaAttributeForm *self);
/* Sets a field as the user would (column names of the table: project_id,
 * name, dn_mm, material, status, kind, capacity_m3_per_day, adcode);
 * FALSE when the form has no such field or choice. */
gboolean         ra_attribute_form_set_field (RaAttributeForm *self, const char *column,
                                              const char *value);
/* Writes the feature (as the Save button does); the new id (the row's id
 * when editing a row), 0 on error (shown in the form, which stays open). */
gint64           ra_attribute_form_save      (RaAttributeForm *self, GError **error);

/* Signal ::saved (const char *table, gint64 id). */

G_END_DECLS
