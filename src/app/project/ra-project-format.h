/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A project's numbers as the inventory and the project editor show them:
 * up to 12 significant digits, a missing value (NaN) blank.
 * (transfer full) */
char *ra_project_format_number (double value);
/* A number typed into a field: blank is a missing value (NaN); FALSE when
 * the text, all of it, is not a number. */
gboolean ra_project_format_parse_number (const char *text, double *value);

G_END_DECLS
