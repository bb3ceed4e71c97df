/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ra-application.h"
#include "ra-window.h"

G_BEGIN_DECLS

/* Main-loop helpers shared by the UI tests. */
typedef gboolean (*Condition) (gpointer data);

/* Iterates the default main context until cond (data) holds; FALSE after
 * timeout_s seconds. */
gboolean wait_for (Condition cond, gpointer data, double timeout_s);
/* Iterates the default main context for the given time. */
void     spin     (double seconds);

/* A new temporary folder (PREFIX-XXXXXX, transfer full) whose "data-home"
 * becomes XDG_DATA_HOME, so the sample project is built afresh there.
 * (G_TEST_OPTION_ISOLATE_DIRS would also hide the session bus, which GTK
 * warns about, and warnings are fatal in tests.)  Call before g_test_init. */
char          *ui_test_isolate_data_home (const char *prefix);
/* Creates, registers and activates the application without arguments (its
 * window opens the Zhangye sample); returns that window. */
RaWindow      *ui_test_start_app         (RaApplication **app);
/* No load pending and a project open. */
gboolean       ui_project_idle           (gpointer window);
/* Waits for ui_project_idle, then once more after reloads (debounced) had
 * time to start. */
void           ui_wait_project           (RaWindow *window);

G_END_DECLS
