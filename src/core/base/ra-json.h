/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The few pieces every JSON writer of the core (plan check, network,
 * balance, hydraulics) appends to a GString. */

/* text as a JSON string (made valid UTF-8, control characters escaped);
 * NULL as null. */
void ra_json_string (GString *out, const char *text);
/* 10 significant digits (50.7, not 50.700000000000003); null if not finite. */
void ra_json_number (GString *out, double value);
/* ", " unless first, then "key": */
void ra_json_key    (GString *out, const char *key, gboolean first);

G_END_DECLS
