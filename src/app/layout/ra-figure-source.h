/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include "ra-core.h"
#include "ra-layout.h"
#include "ra-map-view.h"
#include "ra-store.h"

G_BEGIN_DECLS

#define RA_TYPE_FIGURE_SOURCE (ra_figure_source_get_type ())
G_DECLARE_FINAL_TYPE (RaFigureSource, ra_figure_source, RA, FIGURE_SOURCE, GObject)

/* What print layouts are drawn from: a map as it is, the view a map view
 * shows on it, the open project (its name; the layouts saved in it) and
 * the year of the plan shown.  The window that shows the map keeps the
 * project and the year up to date; the layout editor and the export dialog
 * take a context from it whenever they draw anew. */
RaFigureSource  *ra_figure_source_new          (RaMap *map, RaMapView *view);
/* (nullable) (transfer none) */
RaStore         *ra_figure_source_get_store    (RaFigureSource *self);
void             ra_figure_source_set_store    (RaFigureSource *self, RaStore *store);
/* 0: no plan year shown. */
int              ra_figure_source_get_year     (RaFigureSource *self);
void             ra_figure_source_set_year     (RaFigureSource *self, int year);
/* The map, the view, the project's name, the year and today, now.
 * (transfer full) (nullable): NULL once the map view has gone. */
RaLayoutContext *ra_figure_source_dup_context  (RaFigureSource *self);

G_END_DECLS
