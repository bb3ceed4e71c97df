/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include "ra-core.h"
#include "ra-plan-check.h"

G_BEGIN_DECLS

#define RA_TYPE_CHECK_PANEL (ra_check_panel_get_type ())
G_DECLARE_FINAL_TYPE (RaCheckPanel, ra_check_panel, RA, CHECK_PANEL, GtkBox)

/* The plan check's findings (a GListModel of RaPlanFinding, as
 * ra_plan_check_run returns): severity, message, and the numbers with
 * where each comes from.  Activating a row emits "finding-activated"
 * (RaPlanFinding). */
GtkWidget     *ra_check_panel_new         (void);
/* (nullable) (transfer none) */
GListModel    *ra_check_panel_get_model   (RaCheckPanel *self);
void           ra_check_panel_set_model   (RaCheckPanel *self, GListModel *findings);
/* Activates the finding at position (as a click would). */
void           ra_check_panel_activate    (RaCheckPanel *self, guint position);
/* The text a row shows for a finding (message, numbers, sources), for
 * tests and copying.  (transfer full) */
char          *ra_check_panel_dup_row_text (RaCheckPanel *self, guint position);

G_END_DECLS
