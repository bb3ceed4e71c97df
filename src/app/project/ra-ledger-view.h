/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include "ra-core.h"
#include "ra-store.h"

G_BEGIN_DECLS

/* The facility ledger (台账) of the project: the monthly chart of a chosen
 * plant and year (ra_ledger_chart_draw, the same drawing as the atlas page
 * and the CLI's files), and "Import Ledger…", which reads a CSV, XLSX or
 * ODS ledger, validates it and stores it as one undo step, or lists every
 * problem and stores nothing.  Follows the store's changes (undo). */
#define RA_TYPE_LEDGER_VIEW (ra_ledger_view_get_type ())
G_DECLARE_FINAL_TYPE (RaLedgerView, ra_ledger_view, RA, LEDGER_VIEW, AdwWindow)

/* settings (nullable): the app's, for the file chooser's last folder. */
RaLedgerView *ra_ledger_view_new        (GtkWindow  *parent,
                                         RaStore    *store,
                                         GSettings  *settings);

/* Test hooks.  Imports path as "Import Ledger…" would (the report is then
 * shown); FALSE when it was refused. */
gboolean      ra_ledger_view_import     (RaLedgerView *self,
                                         const char   *path);
/* The plant and year shown (0 when none). */
gint64        ra_ledger_view_get_plant  (RaLedgerView *self);
int           ra_ledger_view_get_year   (RaLedgerView *self);
/* (nullable) (element-type utf8) the last import's report lines. */
GPtrArray    *ra_ledger_view_get_report (RaLedgerView *self);

G_END_DECLS
