/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* reclaim-atlas-cli network PROJECT [--json] [--year Y]: pipeline lengths
 * and costs per project, pipeline density per built-up area against its
 * target, intake-point spacing and coverage.  argv as the dispatcher builds
 * it (argv[0] = "reclaim-atlas-cli network").  Returns 0 when the analysis
 * ran (unmet targets are not failures), 1 when the project cannot be read,
 * 2 on a usage error; errors are one line on stderr naming the file. */
int ra_cli_cmd_network (int argc, char **argv);
