/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ra-hydraulics.h"
#include "ra-profile-chart.h"
#include "ra-raster.h"
#include "ra-store.h"

G_BEGIN_DECLS

/* The longitudinal profile of a route (issue 18): from the plant feeding a
 * water user to it, the ground from the elevation model on the map (or
 * flat), the pipe, the hydraulic grade line, the pump head, the users and
 * air valves (ra_profile_chart_draw, the figures' own drawing); a pipe
 * table of the route (DN, flow, velocity, head loss); Export to PNG, PDF
 * or SVG.  The network is sized and solved by ra-hydraulics for the
 * window's year whenever it is shown or refreshed. */
#define RA_TYPE_PROFILE_WINDOW (ra_profile_window_get_type ())
G_DECLARE_FINAL_TYPE (RaProfileWindow, ra_profile_window, RA, PROFILE_WINDOW, AdwWindow)

RaProfileWindow *ra_profile_window_new        (GtkWindow *parent, GSettings *settings);
/* Solves the network of store for year with the ground of dem (nullable:
 * flat) and shows the route to the chosen user (kept when it still
 * exists, else the user that sets the first plant's pump head). */
void             ra_profile_window_update     (RaProfileWindow *self, RaStore *store, int year,
                                               RaRaster *dem);
/* Shows the route to the node ("U3"); FALSE when the network has none. */
gboolean         ra_profile_window_show_node  (RaProfileWindow *self, const char *node_id);
/* (nullable) (transfer none) what is drawn; NULL when the network could
 * not be solved (the error is shown instead). */
const RaProfileChartData *ra_profile_window_get_data  (RaProfileWindow *self);
/* (nullable) the error shown in place of the chart. */
const char      *ra_profile_window_get_error  (RaProfileWindow *self);
/* Writes the chart (.png, .pdf or .svg by the suffix). */
gboolean         ra_profile_window_export     (RaProfileWindow *self, const char *path,
                                               GError **error);

G_END_DECLS
