/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include "ra-core.h"
#include "ra-store.h"

G_BEGIN_DECLS

/* A dialog editing every field of one project of the inventory.  Each field
 * is checked as it is typed (ra_store_validate_project_value) and the
 * message is shown at the field; Apply writes the changed fields through
 * ra_store_update_project (one transaction, audit row and undo step each)
 * and writes nothing while any field is invalid.  The capacity total is the
 * sum of the parts, shown and never typed.  A view-only project opens the
 * dialog read-only. */
#define RA_TYPE_PROJECT_EDITOR (ra_project_editor_get_type ())
G_DECLARE_FINAL_TYPE (RaProjectEditor, ra_project_editor, RA, PROJECT_EDITOR, AdwWindow)

RaProjectEditor *ra_project_editor_new          (GtkWindow *parent,
                                                 RaStore   *store,
                                                 gint64     project_id);
gint64           ra_project_editor_get_project_id (RaProjectEditor *self);
/* Writes the changed fields; FALSE when a field is invalid (nothing is
 * written then) or the store refused the change (the message is shown). */
gboolean         ra_project_editor_apply        (RaProjectEditor *self);
/* (transfer none) (nullable) the dialog open after Apply met someone
 * else's newer save of a field changed here: Keep Mine ("mine"), Take
 * Theirs ("theirs") or Decide Later ("cancel"). */
GtkWindow       *ra_project_editor_get_conflict_dialog (RaProjectEditor *self);
/* (nullable) the message shown above the fields (an error, view-only). */
const char      *ra_project_editor_get_message  (RaProjectEditor *self);
/* Whether Apply can be pressed. */
gboolean         ra_project_editor_can_apply    (RaProjectEditor *self);
/* TRUE when a field differs from the stored value. */
gboolean         ra_project_editor_has_changes  (RaProjectEditor *self);

/* What a user types or picks, for tests: field is a name from
 * ra_store_project_fields; choice fields (adcode, source, status, plant_id)
 * take the stored value (an adcode, "reclaimed", a plant's id, ...). */
void             ra_project_editor_set_field_text (RaProjectEditor *self,
                                                   const char      *field,
                                                   const char      *text);
/* (transfer full) */
char            *ra_project_editor_dup_field_text (RaProjectEditor *self,
                                                   const char      *field);
/* (nullable) the validation message shown at the field. */
const char      *ra_project_editor_get_field_message (RaProjectEditor *self,
                                                      const char      *field);
/* The derived capacity total as displayed. */
const char      *ra_project_editor_get_capacity_total_text (RaProjectEditor *self);

G_END_DECLS
