/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The sample's facility ledger (台账): data/samples/<name>/ledger_*.csv. */

#include "ra-store.h"

G_BEGIN_DECLS

/* Loads the sample ledgers of dir (every ledger_*.csv, by name) into
 * store's ledger table, inside the sample builder's transaction and
 * without undo history (like the rest of the sample).  The files have the
 * headers the sample ships with (volumes in 10^4 m3); their facilities
 * must be plants of the store by name.  None is no error (the Xinzhou
 * sample has none). */
gboolean ra_store_sample_load_ledger (RaStore *self, const char *dir, GError **error);

G_END_DECLS
