/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The server commands of reclaim-atlas-cli (issue 19), as ra-cli-project.h
 * describes commands.  DB is a PostgreSQL project: "postgresql://…",
 * "postgres://…" or "service=NAME"; passwords come from ~/.pgpass,
 * PGPASSWORD or the service file, never from the command line's output. */

int ra_cli_cmd_serve_init (int argc, char **argv);   /* serve-init DB */
int ra_cli_cmd_serve_grant (int argc, char **argv);  /* serve-grant DB ROLE --planner|--editor A,B|--viewer|--revoke */
int ra_cli_cmd_push       (int argc, char **argv);   /* push FILE DB */
int ra_cli_cmd_pull       (int argc, char **argv);   /* pull DB FILE */
