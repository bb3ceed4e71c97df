/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The undo/redo stack of store changes.  Core-internal, part of the
 * SpatiaLite backend: the UI calls ra_store_undo/ra_store_redo; the
 * backend's connection owns one RaUndo.
 *
 * The stack lives in the project file (table app_undo) so undo works after
 * a restart.  A change is one row's full snapshot before and after, as JSON
 * (geometry as hex EWKB), so applying it is the same for attribute and
 * geometry edits, inserts (before = NULL) and deletes (after = NULL).
 * Changes that belong together (an import) share a group id and are undone
 * as one step.  Entries with undone = 1 form the redo stack; a new change
 * drops them.  All functions run inside the caller's transaction. */

#include <glib.h>
#include <sqlite3.h>
#include "ra-store-backend.h"   /* RaUndoChange */

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

typedef struct _RaUndo RaUndo;

/* db is borrowed and must outlive the RaUndo. */
RaUndo   *ra_undo_new        (sqlite3 *db);
void      ra_undo_free       (RaUndo *undo);

/* Records a change.  group_id 0 starts a new group (and drops the redo
 * stack); returns the group id used, 0 on error. */
gint64    ra_undo_push       (RaUndo      *undo,
                              gint64       group_id,
                              const char  *label,
                              const char  *table_name,
                              gint64       row_id,
                              const char  *before_json,
                              const char  *after_json,
                              GError     **error);
/* The changes of the group undo (redo = FALSE) or redo would apply, in the
 * order to apply them; an empty array when there is nothing to do.
 * Returns: (transfer full) (element-type RaUndoChange) (nullable) */
GPtrArray *ra_undo_peek      (RaUndo *undo, gboolean redo, GError **error);
/* Moves a group between the undo and the redo stack. */
gboolean  ra_undo_mark_group (RaUndo *undo, gint64 group_id, gboolean undone, GError **error);
gboolean  ra_undo_can        (RaUndo *undo, gboolean redo);
/* (transfer full) (nullable) */
char     *ra_undo_dup_label  (RaUndo *undo, gboolean redo);

/* Turns a failed SQLite call into a GError in RA_STORE_ERROR: BUSY/LOCKED
 * become RA_STORE_ERROR_BUSY ("project is busy"), READONLY becomes
 * RA_STORE_ERROR_READ_ONLY.  what says what was being done.  Returns FALSE. */
gboolean  ra_sqlite_set_error (GError    **error,
                               sqlite3    *db,
                               int         rc,
                               const char *what);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaUndo, ra_undo_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaUndoChange, ra_undo_change_free)

G_END_DECLS
