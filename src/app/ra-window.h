/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include "ra-core.h"
#include "ra-map-view.h"
#include "ra-layer-panel.h"

G_BEGIN_DECLS

#define RA_TYPE_WINDOW (ra_window_get_type ())
G_DECLARE_FINAL_TYPE (RaWindow, ra_window, RA, WINDOW, AdwApplicationWindow)

RaWindow     *ra_window_new              (AdwApplication *app);
RaMap        *ra_window_get_map          (RaWindow *self);
RaMapView    *ra_window_get_map_view     (RaWindow *self);
RaLayerPanel *ra_window_get_layer_panel  (RaWindow *self);

/* Opens data files as layers, in worker threads. */
void          ra_window_open_path        (RaWindow *self, const char *path);
void          ra_window_open_files       (RaWindow *self, GFile **files, guint n_files);
void          ra_window_open_sample      (RaWindow *self, const char *name);
/* Shows the file chooser. */
void          ra_window_show_open_dialog (RaWindow *self);
void          ra_window_show_crs_dialog  (RaWindow *self);
/* Shows a toast (plain text, not markup). */
void          ra_window_show_message     (RaWindow *self, const char *message);

/* Test hooks. */
guint         ra_window_get_pending_loads (RaWindow *self);
guint         ra_window_get_message_count (RaWindow *self);
const char   *ra_window_get_last_message  (RaWindow *self);

G_END_DECLS
