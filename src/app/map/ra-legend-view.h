/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include "ra-core.h"
#include "ra-legend.h"

G_BEGIN_DECLS

#define RA_TYPE_LEGEND_VIEW (ra_legend_view_get_type ())
G_DECLARE_FINAL_TYPE (RaLegendView, ra_legend_view, RA, LEGEND_VIEW, GtkWidget)

/* The legend of a map, drawn by the core (ra_legend_draw) from a snapshot
 * of the map's visible layers, so it shows what the renderer draws.  It is
 * rebuilt on every ::changed of the map. */
GtkWidget      *ra_legend_view_new        (void);
RaMap          *ra_legend_view_get_map    (RaLegendView *self);
void            ra_legend_view_set_map    (RaLegendView *self, RaMap *map);
/* (nullable) (transfer none) the legend shown; NULL without layers. */
const RaLegend *ra_legend_view_get_legend (RaLegendView *self);
/* Number of times the legend was rebuilt (for tests). */
guint           ra_legend_view_get_generation (RaLegendView *self);

G_END_DECLS
