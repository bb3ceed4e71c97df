/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Main-loop helpers shared by the UI tests. */
typedef gboolean (*Condition) (gpointer data);

/* Iterates the default main context until cond (data) holds; FALSE after
 * timeout_s seconds. */
gboolean wait_for (Condition cond, gpointer data, double timeout_s);
/* Iterates the default main context for the given time. */
void     spin     (double seconds);

G_END_DECLS
