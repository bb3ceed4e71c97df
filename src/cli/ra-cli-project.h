/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The project commands of reclaim-atlas-cli.  Each takes the subcommand's
 * argv as the dispatcher builds it (argv[0] = "reclaim-atlas-cli CMD", then
 * the arguments), parses its options with GOptionContext and returns the
 * exit status: 0 success, 1 failure, 2 usage error.  Errors are one line on
 * stderr: "reclaim-atlas-cli: FILE: problem". */

int ra_cli_cmd_sample (int argc, char **argv);   /* sample NAME OUT.sqlite */
int ra_cli_cmd_import (int argc, char **argv);   /* import PROJECT DATA --into TABLE [--layer L] [--map SRC=DST]... */
int ra_cli_cmd_table  (int argc, char **argv);   /* table PROJECT --appendix 1|2 --out F.csv|xlsx|ods */
