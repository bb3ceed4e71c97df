/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ra-store.h"

G_BEGIN_DECLS

#define RA_CLI_PROG "reclaim-atlas-cli"

/* Prints exactly one line on stderr, "reclaim-atlas-cli: FILE: problem":
 * newlines a library put in the message are folded, and the file's name is
 * added unless the message already starts with it (the core's errors do). */
void ra_cli_print_problem (const char *path, const char *problem);

/* Prints "reclaim-atlas-cli: warning: FILE: warning" on stderr, one line
 * per warning (element-type utf8, nullable). */
void ra_cli_print_warnings (const char *path, GPtrArray *warnings);

/* The warnings about store's geometries that cannot be read (one line per
 * table and problem, naming the rows), to print once the command has
 * succeeded: its output is made without them.
 * Returns: (transfer full) (element-type utf8) */
GPtrArray *ra_cli_geometry_warnings (RaStore *store);

/* TRUE when project names a file that exists or a PostgreSQL project
 * ("postgresql://…", "service=…"), whose existence only opening tells. */
gboolean ra_cli_project_exists (const char *project);

G_END_DECLS
