/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include "ra-core.h"
#include "ra-map-view.h"
#include "ra-plan.h"
#include "ra-thematic.h"

G_BEGIN_DECLS

#define RA_TYPE_COMPARE_VIEW (ra_compare_view_get_type ())
G_DECLARE_FINAL_TYPE (RaCompareView, ra_compare_view, RA, COMPARE_VIEW, GtkWidget)

/* Two years of the plan side by side (side 0 left, 1 right): each side is
 * a map view of its own RaMap holding the base map's other layers (shared)
 * and that year's thematic layers (ra_thematic_build), in the base map's
 * order.  Pan and zoom are kept in sync both ways. */
GtkWidget     *ra_compare_view_new            (void);

/* Builds both sides from base_map (the window's map: its CRS, its visible
 * non-thematic layers, the places of its thematic ones) for the two years.
 * FALSE (with error) when the thematic layers cannot be built. */
gboolean       ra_compare_view_setup          (RaCompareView   *self,
                                               RaMap           *base_map,
                                               RaPlan          *plan,
                                               RaStore         *store,
                                               RaThematicMode   mode,
                                               RaThematicFlags  flags,
                                               int              left_year,
                                               int              right_year,
                                               GError         **error);
/* Drops both maps (leaving the comparison). */
void           ra_compare_view_clear          (RaCompareView *self);

gboolean       ra_compare_view_set_year       (RaCompareView *self, guint side, int year);
int            ra_compare_view_get_year       (RaCompareView *self, guint side);
/* (transfer none) */
RaMapView     *ra_compare_view_get_map_view   (RaCompareView *self, guint side);
/* (transfer none) (nullable) */
RaMap         *ra_compare_view_get_map        (RaCompareView *self, guint side);
/* Both sides show view (centre and resolution). */
void           ra_compare_view_set_view       (RaCompareView *self, const RaView *view);
/* A legend over each side, of that side's year (the window shows them
 * while presenting; its sidebar has them otherwise).  Signal
 * "year-changed" (guint side): a side shows another year. */
void           ra_compare_view_set_show_legend (RaCompareView *self, gboolean show_legend);
/* (transfer none) */
struct _RaLegendView *ra_compare_view_get_legend_view (RaCompareView *self, guint side);
/* What a side's card says under its year: the year's note and the city
 * against its target (ra_plan_dup_city_summary).  (transfer none) */
const char    *ra_compare_view_get_summary    (RaCompareView *self, guint side);
/* The project's title over the left year (NULL hides it; presentation). */
void           ra_compare_view_set_title      (RaCompareView *self, const char *title);
/* Presentation mode: see ra_map_view_set_render_scale. */
void           ra_compare_view_set_render_scale (RaCompareView *self, double label_scale,
                                                 double symbol_scale);

G_END_DECLS
