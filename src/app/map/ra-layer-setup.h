/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include "ra-core.h"

G_BEGIN_DECLS

/* What the app does with a layer it has just read, from a file or from
 * the project: label it by the field the core picks, and bring big layers
 * opened with a quick first view to full detail in a worker (each is
 * redrawn, through its ::changed, when done). */
void ra_layer_setup_default_labels (RaLayer *layer);
/* layers (element-type RaLayer): those that need it are refined. */
void ra_layer_setup_refine_async   (GPtrArray *layers, GCancellable *cancellable);

G_END_DECLS
