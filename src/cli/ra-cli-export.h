/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* reclaim-atlas-cli export PROJECT --out F.pdf|png|svg [--layout NAME]
 * [--dpi N] [--year Y] [--atlas] [--page A4|A3|A2] [--landscape|--portrait]:
 * a print layout of the project (the default one unless --layout names a
 * saved one) to PDF, SVG or PNG; --atlas makes one page per county (a
 * multi-page PDF or numbered files).  argv as the dispatcher builds it
 * (argv[0] = "reclaim-atlas-cli export").  Returns 0 on success, 1 on
 * failure, 2 on a usage error; errors are one line on stderr
 * "reclaim-atlas-cli: FILE: problem". */
int ra_cli_cmd_export (int argc, char **argv);
