/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* reclaim-atlas-cli ledger PROJECT: the facility ledger (台账).
 *   --import F [--encoding X] [--tolerance PCT]   read, validate, store (one undo step)
 *   --chart OUT.png|pdf|svg [--plant NAME] [--year Y] [--size WxH]
 *   --json                                        rows and year totals
 *   (no option)                                   year totals per plant
 * argv as the dispatcher builds it (argv[0] = "reclaim-atlas-cli ledger").
 * Returns 0 on success, 1 when the project or the ledger cannot be read
 * or the ledger is refused (every problem on stdout, one line on stderr),
 * 2 on a usage error. */
int ra_cli_cmd_ledger (int argc, char **argv);
