/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Runs another of reclaim-atlas-cli's programs in this process (execv) with
 * argv: the one beside the running program (a build tree), else the
 * installed one (RA_CLI_LIBEXECDIR).  Plain C and libc: the dispatcher
 * (ra-cli-main.c) links nothing else.  Returns only on failure, after one
 * line on stderr; the exit status to give then. */
int ra_cli_exec (const char *program, char **argv);

/* reclaim-atlas-cli's programs. */
#define RA_CLI_COMMANDS_PROGRAM "reclaim-atlas-cli-commands"
#define RA_CLI_RENDER_PROGRAM   "reclaim-atlas-cli-render"
