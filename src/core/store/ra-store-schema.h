/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Core-internal (the SpatiaLite backend): the migrations of a project
 * file, what it must hold for the program to read it, checked when it is
 * opened, and the scan for geometries that cannot be read.  The check and
 * the scan work on the store's SQLite connection and only read. */

#include <glib.h>
#include <sqlite3.h>
#include "ra-store-sqlite.h"

G_BEGIN_DECLS

/* 'RAAT': lets `file` and other tools tell a project from any SQLite file. */
#define RA_STORE_APPLICATION_ID 0x52414154

/* Takes the schema from version from to RA_STORE_SCHEMA_VERSION in one
 * transaction (a full disk said as such). */
gboolean   ra_store_schema_migrate        (RaStoreDb *db, int from, GError **error);
gboolean   ra_store_schema_file_is_current (int version);

/* Checks the structure of a project at schema version (1 or later): every
 * table and view the program reads, with the columns it reads; each
 * geometry column's registration in geometry_columns (type, SRID) and, when
 * registered as indexed, its spatial index.  Cheap: sqlite_master, table_info
 * and geometry_columns only, no table is scanned.  On damage the error
 * (RA_STORE_ERROR_DAMAGED) reads "the project is damaged: PROBLEM[; ...]",
 * without the file name (the caller adds it).  Other SQLite failures are
 * reported as ra_sqlite_set_error does. */
gboolean   ra_store_schema_check          (sqlite3 *db, int version, GError **error);

/* The message of a schema version no project has (0 with tables, or
 * negative): RA_STORE_ERROR_DAMAGED. */
void       ra_store_schema_set_version_error (GError **error, int version);

/* Appends an RaGeometryProblem to problems for every row of table (a
 * trusted name: one of the store's own tables) whose geom value is not a
 * SpatiaLite geometry of geom_type ("POINT", "MULTIPOLYGON", ...) in srid. */
gboolean   ra_store_schema_scan_geometries (sqlite3    *db,
                                            const char *table,
                                            const char *geom_type,
                                            int         srid,
                                            GPtrArray  *problems,
                                            GError    **error);

G_END_DECLS
