/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Working offline (issue 19): a county's part of a server project copied
 * into a project file (`pull DB FILE --county ADCODE`), worked on without a
 * network and merged back (`push FILE DB`), edits made on both sides
 * meanwhile listed as conflicts, nothing overwritten and nothing lost.
 *
 * The file remembers where it came from (the server's name without its
 * password, the server's identity, the counties, the time) and a base
 * snapshot of every row it took, as the server had it and as the file
 * wrote it; a push compares each row of the file with its base and the
 * server's row with its base, field by field (ra-store-sync.c; the file's
 * own bookkeeping tables in ra-store-sync-file.c). */

#include "ra-store.h"

G_BEGIN_DECLS

/* How the conflicts of a push are settled. */
typedef enum {
  RA_SYNC_RESOLVE_NONE,     /* listed, neither side changed */
  RA_SYNC_RESOLVE_MINE,     /* the file's values win */
  RA_SYNC_RESOLVE_THEIRS,   /* the server's values win */
} RaSyncResolve;

typedef struct {
  RaSyncResolve  resolve;       /* for every conflict not named below */
  /* (element-type utf8) (nullable) "TABLE:ID" rows whose file values win */
  GPtrArray     *keep_mine;
  /* (element-type utf8) (nullable) "TABLE:ID" rows whose server values win */
  GPtrArray     *keep_theirs;
} RaSyncOptions;

/* One field edited differently on both sides.  Values are JSON text
 * ("null", a number, a quoted string); a row that is gone on one side has
 * field "(row)" and the value NULL there. */
typedef struct {
  char   *table_name;
  gint64  row_id;
  char   *label;          /* the row's code and name, or "" */
  char   *field;
  char   *base_value;     /* nullable */
  char   *file_value;     /* nullable: the row was deleted in the file */
  char   *server_value;   /* nullable: the row was deleted on the server */
  char   *server_user;    /* nullable: who changed it last, from the server's audit log */
  char   *server_at;      /* nullable: when */
} RaSyncConflict;

typedef struct {
  guint      n_updated;     /* rows changed on the server */
  guint      n_inserted;    /* rows added on the server */
  guint      n_deleted;     /* rows deleted on the server */
  guint      n_refreshed;   /* rows of the file brought to the server's state */
  guint      n_resolved;    /* conflicts settled by the options */
  /* (element-type RaSyncConflict) the conflicts left */
  GPtrArray *conflicts;
  /* A county's copy: rows of the city's tables (counties, settings, unit
   * costs, targets, views) the file changed, added or deleted, which its
   * push does not take to the server (they stay in the file). */
  guint      n_not_pushed;
  /* (element-type utf8) those tables */
  GPtrArray *not_pushed_tables;
} RaSyncReport;

void            ra_sync_conflict_free      (RaSyncConflict *conflict);
void            ra_sync_report_free        (RaSyncReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaSyncReport, ra_sync_report_free)

/* Copies into file (a new, empty project file) the part of server that
 * belongs to the counties (NULL: all of it, as ra_store_copy_project),
 * with what is needed to work on it: every county's boundary, the plan's
 * targets, the settings, unit costs, saved views and layouts; and records
 * where it came from (server_name shown without a password) and a base
 * snapshot of every row taken.  One transaction of file. */
gboolean        ra_store_sync_pull         (RaStore             *server,
                                            RaStore             *file,
                                            const char          *server_name,
                                            const char * const  *adcodes,
                                            guint               *n_rows,
                                            GError             **error);

/* TRUE when file was made by a pull (its origin recorded);
 * *server_name and *counties (transfer full, optional) say from where. */
gboolean        ra_store_sync_get_origin   (RaStore  *file,
                                            char    **server_name,
                                            char    **counties,
                                            char    **pulled_at);

/* Merges file (made by a pull of server) back into server: one transaction
 * of server (each change with its audit row, by the database role) and one
 * of file (brought to the server's state, its base renewed, the conflicts
 * left written into it).  Refused (RA_STORE_ERROR_NOT_A_PROJECT) when file
 * did not come from server.  Returns: (transfer full) (nullable) */
RaSyncReport   *ra_store_sync_push         (RaStore              *file,
                                            RaStore              *server,
                                            const RaSyncOptions  *options,
                                            GError              **error);

/* The conflicts written into file by its last push.
 * Returns: (transfer full) (element-type RaSyncConflict) (nullable) */
GPtrArray      *ra_store_sync_list_conflicts (RaStore *file, GError **error);

G_END_DECLS
