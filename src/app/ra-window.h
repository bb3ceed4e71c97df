/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include "ra-core.h"
#include "ra-map-view.h"
#include "ra-layer-panel.h"
#include "ra-project-editor.h"
#include "ra-inventory-view.h"

G_BEGIN_DECLS

#define RA_TYPE_WINDOW (ra_window_get_type ())
G_DECLARE_FINAL_TYPE (RaWindow, ra_window, RA, WINDOW, AdwApplicationWindow)

RaWindow     *ra_window_new              (AdwApplication *app);
RaMap        *ra_window_get_map          (RaWindow *self);
RaMapView    *ra_window_get_map_view     (RaWindow *self);
RaLayerPanel *ra_window_get_layer_panel  (RaWindow *self);

/* Opens a project file (a SpatiaLite database written by Reclaim Atlas) as
 * the window's project: its tables become map layers and its projects fill
 * the inventory.  A read-only or locked file opens view-only, with a banner.
 * Returns FALSE (and shows a toast) when it cannot be opened. */
gboolean      ra_window_open_project     (RaWindow *self, const char *path);
/* (nullable) (transfer none) the open project. */
RaStore      *ra_window_get_store        (RaWindow *self);
RaInventoryView *ra_window_get_inventory_view (RaWindow *self);
/* Selects a project in the inventory (0 = none), highlighting it on the map. */
void          ra_window_select_project   (RaWindow *self, gint64 project_id);
/* Opens the editor on a project (transfer none; the dialog owns itself). */
RaProjectEditor *ra_window_edit_project  (RaWindow *self, gint64 project_id);

/* Opens data files as layers, in worker threads; project files as the
 * project. */
void          ra_window_open_path        (RaWindow *self, const char *path);
void          ra_window_open_files       (RaWindow *self, GFile **files, guint n_files);
/* Opens a bundled sample project ("zhangye", "xinzhou"), built once into
 * the user data folder. */
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
/* (nullable) the view-only banner's text, NULL when it is hidden. */
const char   *ra_window_get_banner_text   (RaWindow *self);

G_END_DECLS
