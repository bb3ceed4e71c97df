/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include "ra-core.h"

G_BEGIN_DECLS

#define RA_TYPE_LAYER_PANEL (ra_layer_panel_get_type ())
G_DECLARE_FINAL_TYPE (RaLayerPanel, ra_layer_panel, RA, LAYER_PANEL, GtkBox)

/* The layer list of a map.  Emits "zoom-to-layer" (RaLayer) for the map view
 * and "message" (a one-line, user-visible text) for the window's toasts. */
GtkWidget *ra_layer_panel_new                (void);
RaMap     *ra_layer_panel_get_map            (RaLayerPanel *self);
void       ra_layer_panel_set_map            (RaLayerPanel *self, RaMap *map);
/* (nullable) (transfer none) */
RaLayer   *ra_layer_panel_get_selected_layer (RaLayerPanel *self);
void       ra_layer_panel_select             (RaLayerPanel *self, guint position);
void       ra_layer_panel_reload_with_encoding (RaLayerPanel *self,
                                              RaLayer      *layer,
                                              const char   *charset);

G_END_DECLS
