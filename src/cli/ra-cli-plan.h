/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* reclaim-atlas-cli check PROJECT [--json]: the plan's consistency
 * findings.  argv as the dispatcher builds it (argv[0] = "reclaim-atlas-cli
 * check").  Returns 0 when the check ran (findings are not failures), 1
 * when the project cannot be read, 2 on a usage error; errors are one line
 * on stderr naming the file. */
int ra_cli_cmd_check (int argc, char **argv);

/* reclaim-atlas-cli indicators PROJECT [--year Y] [--json]: use, treated
 * wastewater, rate, target and gap of every county and the city, each
 * figure with its provenance (ra-plan-json.h for the JSON).  Returns 0,
 * 1 when the project cannot be read or the year is not the plan's, 2 on
 * a usage error. */
int ra_cli_cmd_indicators (int argc, char **argv);
