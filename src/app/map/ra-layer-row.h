/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include "ra-core.h"

G_BEGIN_DECLS

#define RA_TYPE_LAYER_ROW (ra_layer_row_get_type ())
G_DECLARE_FINAL_TYPE (RaLayerRow, ra_layer_row, RA, LAYER_ROW, GtkWidget)

GtkWidget *ra_layer_row_new       (void);
RaLayer   *ra_layer_row_get_layer (RaLayerRow *self);
void       ra_layer_row_set_layer (RaLayerRow *self, RaLayer *layer);
/* The warnings tooltip text (NULL when the layer has no warnings); for tests. */
const char *ra_layer_row_get_warning_text (RaLayerRow *self);

G_END_DECLS
