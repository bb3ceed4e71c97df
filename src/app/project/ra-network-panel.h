/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include "ra-core.h"
#include "ra-network.h"

G_BEGIN_DECLS

/* The network checks of ra_network_analyze in the sidebar: pipeline length
 * and estimated cost per project, pipeline density per built-up area
 * against its target, intake spacing and coverage; and the switches for
 * the map overlays ("show-uncovered", "show-farthest" properties). */

#define RA_TYPE_NETWORK_PANEL (ra_network_panel_get_type ())
G_DECLARE_FINAL_TYPE (RaNetworkPanel, ra_network_panel, RA, NETWORK_PANEL, GtkBox)

GtkWidget             *ra_network_panel_new          (void);
/* Takes report (transfer full, nullable: no project). */
void                   ra_network_panel_set_report   (RaNetworkPanel  *self,
                                                      RaNetworkReport *report);
/* (transfer none) (nullable) */
const RaNetworkReport *ra_network_panel_get_report   (RaNetworkPanel *self);
void                   ra_network_panel_set_busy     (RaNetworkPanel *self, gboolean busy);
gboolean               ra_network_panel_get_show_uncovered (RaNetworkPanel *self);
gboolean               ra_network_panel_get_show_farthest  (RaNetworkPanel *self);
/* Everything the panel shows as text, one row a line (tests, copying).
 * Returns: (transfer full) */
char                  *ra_network_panel_dup_text     (RaNetworkPanel *self);

G_END_DECLS
