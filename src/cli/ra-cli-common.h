/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RA_CLI_PROG "reclaim-atlas-cli"

/* Prints exactly one line on stderr, "reclaim-atlas-cli: FILE: problem":
 * newlines a library put in the message are folded, and the file's name is
 * added unless the message already starts with it (the core's errors do). */
void ra_cli_print_problem (const char *path, const char *problem);

G_END_DECLS
