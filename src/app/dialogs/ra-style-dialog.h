/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include "ra-core.h"

G_BEGIN_DECLS

#define RA_TYPE_STYLE_DIALOG (ra_style_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RaStyleDialog, ra_style_dialog, RA, STYLE_DIALOG, AdwWindow)

/* Edits the style and opacity of a layer: single symbol, categorized by a
 * field, graduated by a numeric field (equal interval, quantile, natural
 * breaks, manual breaks; classes; colour ramp) or proportional symbols,
 * with a preview of the classes.  Classes come from the core
 * (ra_style_build_categories, ra_style_build_graduated).  Apply writes
 * them with ra_layer_set_style / ra_layer_set_opacity; it returns FALSE
 * (and shows why) when the settings make no style. */
RaStyleDialog *ra_style_dialog_new   (GtkWindow *parent, RaLayer *layer);
gboolean       ra_style_dialog_apply (RaStyleDialog *self);
/* Chooses a graduated style in the dialog (as the user would). */
void           ra_style_dialog_set_graduated (RaStyleDialog    *self,
                                              const char       *field,
                                              RaClassifyMethod  method,
                                              guint             n_classes,
                                              const char       *ramp);
/* Number of classes the preview shows (0 when the settings fail). */
guint          ra_style_dialog_get_n_preview_classes (RaStyleDialog *self);

G_END_DECLS
