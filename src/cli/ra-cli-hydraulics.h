/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* reclaim-atlas-cli hydraulics PROJECT [--year Y] [--json] [--inp F.inp]
 * [--dem DEM.tif] [--formula hw|dw] [--profile NODE_ID --profile-out F] */
int ra_cli_cmd_hydraulics (int argc, char **argv);
