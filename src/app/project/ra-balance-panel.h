/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include "ra-core.h"
#include "ra-store.h"
#include "ra-balance.h"

G_BEGIN_DECLS

/* The water balance of a year (水量平衡): tables per plant (capacity,
 * available, allocated, spare, where the supply comes from), per county
 * (supply, demand, allocated, unmet) and per user (demand, allocated,
 * unmet, what limits it), the balance findings; allocation by hand
 * (user, plant, volume: ra_store_set_allocation) and the proposal
 * (ra_balance_propose in a worker, beside the greedy baseline) with
 * Accept (ra_store_replace_allocations, one undo step) and Discard.
 * The panel reads the store again after each of its changes
 * (ra_balance_panel_refresh; the window calls it on ::changed).
 *
 * Properties: "store" (RaStore, nullable), "year" (int, 0: none).
 * Signals: "message" (const char *text): something to tell the user;
 * "balance-changed" (): a new balance was read (the map redraws from
 * ra_balance_panel_get_balance); "edit-user" (gint64 user id) and
 * "edit-plant" (gint64 plant id): a row's edit button was pressed;
 * "delete-user" (gint64 user id): a user row's delete button was pressed
 * (the window asks and deletes). */
#define RA_TYPE_BALANCE_PANEL (ra_balance_panel_get_type ())
G_DECLARE_FINAL_TYPE (RaBalancePanel, ra_balance_panel, RA, BALANCE_PANEL, GtkBox)

GtkWidget  *ra_balance_panel_new        (void);
RaStore    *ra_balance_panel_get_store  (RaBalancePanel *self);
void        ra_balance_panel_set_store  (RaBalancePanel *self, RaStore *store);
int         ra_balance_panel_get_year   (RaBalancePanel *self);
/* Shows the balance of year (added to the year selector when new). */
void        ra_balance_panel_set_year   (RaBalancePanel *self, int year);
/* Reads the balance from the store again (cancels a running proposal). */
void        ra_balance_panel_refresh    (RaBalancePanel *self);
/* (nullable) (transfer none) the balance shown. */
RaBalance  *ra_balance_panel_get_balance (RaBalancePanel *self);

/* The hand allocation's widgets: chooses the user and the plant (FALSE
 * when either is not listed) and the volume, as a planner would. */
gboolean    ra_balance_panel_choose_pair (RaBalancePanel *self, gint64 user_id,
                                          gint64 plant_id, double volume);
/* The plants table's "allocated" cell of a plant as shown, NULL if the
 * plant is not listed.  (transfer none) */
const char *ra_balance_panel_get_plant_allocated_text (RaBalancePanel *self, gint64 plant_id);
/* Whether a proposal is running, and whether one is waiting for Accept. */
gboolean    ra_balance_panel_is_busy      (RaBalancePanel *self);
gboolean    ra_balance_panel_has_proposal (RaBalancePanel *self);
/* (nullable) (transfer none) the proposal waiting, and its baseline. */
const RaBalanceProposal *ra_balance_panel_get_proposal (RaBalancePanel *self,
                                                        const RaBalanceProposal **greedy);

G_END_DECLS
