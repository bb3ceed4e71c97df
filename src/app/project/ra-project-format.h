/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A project's numbers as the inventory and the project editor show them:
 * up to 12 significant digits, a missing value (NaN) blank.
 * (transfer full) */
char *ra_project_format_number (double value);

G_END_DECLS
