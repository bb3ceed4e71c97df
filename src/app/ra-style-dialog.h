/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include "ra-core.h"

G_BEGIN_DECLS

#define RA_TYPE_STYLE_DIALOG (ra_style_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RaStyleDialog, ra_style_dialog, RA, STYLE_DIALOG, AdwWindow)

/* Edits the single-symbol style and opacity of a layer; Apply writes them
 * with ra_layer_set_style / ra_layer_set_opacity. */
RaStyleDialog *ra_style_dialog_new   (GtkWindow *parent, RaLayer *layer);
void           ra_style_dialog_apply (RaStyleDialog *self);

G_END_DECLS
