/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ra-store.h"

G_BEGIN_DECLS

/* A save refused because someone else saved the row meanwhile
 * (RA_STORE_ERROR_CONFLICT, issue 19): every field with the value typed
 * here and the value saved meanwhile, and the choice — Keep Mine (saved
 * over theirs: one more audited, undoable edit), Take Theirs (nothing
 * written) or Decide Later (nothing written, the form keeps the typing). */

typedef enum {
  RA_CONFLICT_KEPT_MINE,
  RA_CONFLICT_TOOK_THEIRS,
  RA_CONFLICT_LATER,
  RA_CONFLICT_FAILED,      /* keeping mine failed: message says why */
} RaConflictOutcome;

/* A field's label (value_text NULL) or a value as the form shows it
 * (transfer full); NULL: the field name / the value itself. */
typedef char *(*RaConflictTextFunc)   (const char *field,
                                       const char *value,
                                       gboolean    label,
                                       gpointer    user_data);
/* new_version: the row's version after keeping mine (else 0). */
typedef void  (*RaConflictDoneFunc)   (RaConflictOutcome  outcome,
                                       gint64             new_version,
                                       const char        *message,
                                       gpointer           user_data);

/* TRUE when the other save changed a field this save changes (or deleted
 * the row): the user must choose.  FALSE: only other fields changed, and
 * keeping mine overwrites nothing of theirs. */
gboolean   ra_conflict_overlaps       (const RaStoreConflict *conflict);

/* Shows the dialog over parent (transfer none; it goes when answered);
 * done is called once with the outcome, after the store did it.  subject
 * names the row, e.g. "project P05 再生水厂". */
GtkWindow *ra_conflict_dialog_present (GtkWindow             *parent,
                                       RaStore               *store,
                                       const RaStoreConflict *conflict,
                                       const char            *subject,
                                       RaConflictTextFunc     text,
                                       gpointer               text_data,
                                       RaConflictDoneFunc     done,
                                       gpointer               done_data);

/* ra_store_update_feature_at (table, id, *row_version, fields, read_fields)
 * for a form: a clash with another save of other fields only is saved
 * without asking; one of these fields shows the dialog over form (done is
 * called with the choice, owner a GObject) and fails with
 * RA_STORE_ERROR_CONFLICT.  On success *row_version is the row's new one. */
gboolean   ra_conflict_save_feature   (GtkWindow          *form,
                                       RaStore            *store,
                                       const char         *table,
                                       gint64              id,
                                       gint64             *row_version,
                                       GHashTable         *fields,
                                       GHashTable         *read_fields,
                                       const char         *subject,
                                       RaConflictDoneFunc  done,
                                       gpointer            owner,
                                       GError            **error);

/* The dialog shown over parent, if any (for tests: answer it with
 * adw_message_dialog_response "mine", "theirs" or "cancel"). */
GtkWindow *ra_conflict_dialog_find    (GtkWindow *parent);

G_END_DECLS
