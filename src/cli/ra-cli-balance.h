/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once


/* reclaim-atlas-cli balance PROJECT [--year Y] [--json] [--propose] */
int ra_cli_cmd_balance (int argc, char **argv);
/* table PROJECT --allocation [--year Y] --out F: the year's allocation
 * table (year 0: the default year).  Returns the exit status. */
int ra_cli_balance_write_table (const char *project, int year, const char *out);

