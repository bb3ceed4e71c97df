/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the files of RaStore share: the object, its checks and
 * transactions, the tables it edits, the record descriptors and the edit
 * steps every change is made of.  None of it names SQL; the database is
 * reached through self->backend (ra-store-backend.h). */

#include "ra-store.h"
#include "ra-store-backend.h"

G_BEGIN_DECLS

struct _RaStore {
  GObject parent_instance;

  /* borrowed */
  const RaStoreBackend *backend;

  /* owned */
  char      *path;
  char      *named_path;         /* the file errors name (a sample's final name, not its .part) */
  RaStoreDb *db;                 /* NULL once closed */
  char      *read_only_reason;   /* NULL: writable */
  char      *lost_reason;        /* said while a server's connection is lost */
  gboolean   was_connected;      /* as last seen: ::connection-changed when it changes */
};

/* ---- ra-store.c: the object, checks, transactions ---------------------- */

/* ra_store_open for a file that errors call named_path (a sample built
 * under a temporary name). */
RaStore            *ra_store_open_named          (const char        *path,
                                                  const char        *named_path,
                                                  RaStoreOpenFlags   flags,
                                                  GError           **error);
/* "the project is closed" once closed. */
gboolean            ra_store_check_open          (RaStore *self, GError **error);
/* ra_store_check_open, and RA_STORE_ERROR_READ_ONLY when view-only. */
gboolean            ra_store_check_writable      (RaStore *self, GError **error);
/* A change: the write lock taken up front, so a busy file fails here
 * rather than half-way through. */
gboolean            ra_store_tx_begin            (RaStore *self, GError **error);
gboolean            ra_store_tx_commit           (RaStore *self, GError **error);
void                ra_store_tx_rollback         (RaStore *self);
void                ra_store_emit_changed        (RaStore *self, const char *table, gint64 row_id);
/* Ends a change begun with ra_store_tx_begin: when ok, commits and emits
 * ::changed (table, row_id); otherwise rolls back.  TRUE when saved. */
gboolean            ra_store_tx_end              (RaStore     *self,
                                                  gboolean     ok,
                                                  const char  *table,
                                                  gint64       row_id,
                                                  GError     **error);
/* Prefixes *error (if set) with the display name of path; returns FALSE. */
gboolean            ra_store_prefix_error        (GError **error, const char *path);

/* ---- ra-store-tables.c: the tables the store edits --------------------- */

const RaStoreTable *ra_store_find_table          (const char *name);
const RaStoreColumn *ra_store_find_column        (const RaStoreTable *table, const char *name);
/* A project table a caller names (not meta); RA_STORE_ERROR_NOT_FOUND otherwise. */
const RaStoreTable *ra_store_lookup_table        (const char *name, GError **error);
/* A table a sketch may add rows to and whose attributes it may set. */
const RaStoreTable *ra_store_lookup_feature_table (const char *name, GError **error);
/* The sample's plan tables (written by the sample only). */
extern const RaStoreTable ra_store_indicators_table;
extern const RaStoreTable ra_store_plan_metrics_table;
/* Every table, for scans. */
const RaStoreTable *ra_store_tables              (guint *n_tables);
/* A table whose rows (column = the parent's id) go with a parent row, or
 * with unlink, stay and lose the reference (column set to NULL). */
typedef struct {
  const char *parent;
  const char *table;
  const char *column;
  gboolean    unlink;
} RaStoreDependent;
/* The dependents of table, consecutive; NULL (*n 0) when none. */
const RaStoreDependent *ra_store_table_dependents (const RaStoreTable *table,
                                                   guint              *n_dependents);

/* ---- ra-store-records.c: record descriptors ------------------------------ */

extern const RaStoreRecordDesc ra_store_project_desc;
extern const RaStoreRecordDesc ra_store_county_desc;
extern const RaStoreRecordDesc ra_store_indicator_desc;
extern const RaStoreRecordDesc ra_store_audit_desc;
extern const RaStoreRecordDesc ra_store_pipeline_desc;
extern const RaStoreRecordDesc ra_store_plant_desc;
extern const RaStoreRecordDesc ra_store_built_up_area_desc;
extern const RaStoreRecordDesc ra_store_plan_metric_desc;
extern const RaStoreRecordDesc ra_store_pipe_unit_cost_desc;

/* self->backend->query after ra_store_check_open. */
GPtrArray          *ra_store_query               (RaStore                 *self,
                                                  RaStoreQuery             query,
                                                  const RaStoreRecordDesc *desc,
                                                  const RaStoreValue      *params,
                                                  GError                 **error);

/* ---- ra-store-history.c: audit and undo of a change ---------------------- */

/* Audit row + undo record for a row that changed from before to after;
 * group (optional) gathers changes into one undo step (0: a new one). */
gboolean            ra_store_record_change       (RaStore            *self,
                                                  gint64             *group,
                                                  const char         *label,
                                                  const RaStoreTable *table,
                                                  gint64              row_id,
                                                  const char         *action,
                                                  const char         *before,
                                                  const char         *after,
                                                  GError            **error);

/* ---- ra-store-edit.c: the steps of a change ------------------------------ */

/* Parses a number written by a planner: leading/trailing blanks allowed,
 * nothing else, finite. */
gboolean            ra_store_parse_number        (const char *text, double *out);
/* NULL or nothing but blanks. */
gboolean            ra_store_is_blank            (const char *text);

/* An insert statement made once and run for many rows (inside the
 * caller's transaction); see the backend's insert_prepare / insert_run. */
typedef struct _RaStoreInserter RaStoreInserter;

RaStoreInserter    *ra_store_inserter_new        (RaStore                    *self,
                                                  const RaStoreTable         *table,
                                                  guint                       n_columns,
                                                  const RaStoreColumn * const *columns,
                                                  RaStoreGeomInput            geom,
                                                  GError                    **error);
gint64              ra_store_inserter_run        (RaStoreInserter     *inserter,
                                                  const RaStoreValue  *values,
                                                  const char          *what,
                                                  gboolean            *row_rejected,
                                                  GError             **error);
void                ra_store_inserter_free       (RaStoreInserter *inserter);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaStoreInserter, ra_store_inserter_free)

/* Inserts a row (inside the caller's transaction) and records it; the
 * new id, 0 on error. */
gint64              ra_store_insert_recorded     (RaStore                    *self,
                                                  const RaStoreTable         *table,
                                                  guint                       n_columns,
                                                  const RaStoreColumn * const *columns,
                                                  const RaStoreValue         *values,
                                                  const RaStoreValue         *geom,
                                                  const char                 *label,
                                                  GError                    **error);
/* Changes one row (inside the caller's transaction): snapshot, update,
 * snapshot again, audit and undo.  RA_STORE_ERROR_NOT_FOUND without the row. */
gboolean            ra_store_update_recorded     (RaStore                    *self,
                                                  const RaStoreTable         *table,
                                                  gint64                      id,
                                                  guint                       n_columns,
                                                  const RaStoreColumn * const *columns,
                                                  const RaStoreValue         *values,
                                                  const RaStoreValue         *geom,
                                                  const char                 *action,
                                                  const char                 *label,
                                                  GError                    **error);
/* The _in_group forms of the steps above: the change joins the undo step
 * *group (0: a new one, whose id is stored there). */
gint64              ra_store_insert_in_group     (RaStore                    *self,
                                                  gint64                     *group,
                                                  const RaStoreTable         *table,
                                                  guint                       n_columns,
                                                  const RaStoreColumn * const *columns,
                                                  const RaStoreValue         *values,
                                                  const RaStoreValue         *geom,
                                                  const char                 *label,
                                                  GError                    **error);
gboolean            ra_store_update_in_group     (RaStore                    *self,
                                                  gint64                     *group,
                                                  const RaStoreTable         *table,
                                                  gint64                      id,
                                                  guint                       n_columns,
                                                  const RaStoreColumn * const *columns,
                                                  const RaStoreValue         *values,
                                                  const RaStoreValue         *geom,
                                                  const char                 *action,
                                                  const char                 *label,
                                                  GError                    **error);
/* Deletes a row and the rows that depend on it (ra_store_table_dependents),
 * each recorded, inside the caller's transaction. */
gboolean            ra_store_delete_in_group     (RaStore            *self,
                                                  gint64             *group,
                                                  const RaStoreTable *table,
                                                  gint64              id,
                                                  const char         *label,
                                                  GError            **error);
/* The ids of the rows of table whose named columns equal values. */
gboolean            ra_store_find_ids            (RaStore             *self,
                                                  const RaStoreTable  *table,
                                                  guint                n,
                                                  const char * const  *columns,
                                                  const RaStoreValue  *values,
                                                  GArray              *ids,
                                                  GError             **error);
/* Deletes one row (and its dependents) as a whole change (its own
 * transaction, audit, undo, ::changed). */
gboolean            ra_store_delete_recorded     (RaStore            *self,
                                                  const RaStoreTable *table,
                                                  gint64              id,
                                                  const char         *label,
                                                  GError            **error);

/* ---- ra-store-conflict.c: optimistic concurrency ------------------------- */

/* Inside the change's transaction: locks the row and, read_version > 0,
 * compares its version.  FALSE with RA_STORE_ERROR_CONFLICT (and
 * *conflict, transfer full, when asked for) when it moved on or the row
 * went: the fields are names (n, with the text of mine and read, both
 * nullable arrays) and their values now, or for a delete every column.
 * read_version 0: no check (the unchecked API). */
gboolean            ra_store_lock_version        (RaStore             *self,
                                                  const RaStoreTable  *table,
                                                  gint64               id,
                                                  gint64               read_version,
                                                  gboolean             is_delete,
                                                  guint                n,
                                                  const char * const  *names,
                                                  const char * const  *mine,
                                                  const char * const  *read,
                                                  RaStoreConflict    **conflict,
                                                  GError             **error);
/* Undo/redo: the row must look as the step left it (current and expected
 * snapshots; columns the expected one lacks are ignored); otherwise
 * RA_STORE_ERROR_CONFLICT naming the row and who changed it. */
gboolean            ra_store_undo_check_row      (RaStore            *self,
                                                  const RaStoreTable *table,
                                                  gint64              id,
                                                  const char         *current,
                                                  const char         *expected,
                                                  GError            **error);
/* A snapshot (flat JSON object) as column -> value text (NULL for null).
 * Returns: (transfer full) (nullable) */
GHashTable         *ra_store_parse_snapshot      (const char *json);
gboolean            ra_store_snapshot_matches    (const char *current, const char *expected);
/* (transfer full) (nullable) a double as the shortest text that reads
 * back the same (C locale); NULL for NAN. */
char               *ra_store_format_double       (double d);
/* (transfer full) (nullable) a GValue given to a save, as text. */
char               *ra_store_value_dup_text      (const GValue *value);

/* ---- ra-water-keys.c ---------------------------------------------------- */

/* Checks a value of a key column of water_users (sector, use_category,
 * source_now, able, key_user; other columns and NULL pass): the error
 * (RA_STORE_ERROR_INVALID_VALUE) names the column and lists the keys. */
gboolean            ra_store_water_check_user_value (const char  *column,
                                                     const char  *value,
                                                     GError     **error);

/* ---- ra-store-io.c ------------------------------------------------------ */

/* Imports a layer into table inside one transaction of its own;
 * record_undo FALSE for the sample (no undo history). */
gboolean            ra_store_import_into         (RaStore            *self,
                                                  const char         *path,
                                                  const char         *layer_name,
                                                  const char         *encoding,
                                                  const RaStoreTable *table,
                                                  GHashTable         *field_map,
                                                  gboolean            record_undo,
                                                  guint              *n_imported,
                                                  GPtrArray          *report,
                                                  GError            **error);

G_END_DECLS
