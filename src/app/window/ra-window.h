/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include "ra-core.h"
#include "ra-map-view.h"
#include "ra-layer-panel.h"
#include "ra-project-editor.h"
#include "ra-inventory-view.h"
#include "ra-legend-view.h"
#include "ra-check-panel.h"
#include "ra-thematic.h"
#include "ra-compare-view.h"
#include "ra-export-dialog.h"
#include "ra-network-panel.h"
#include "ra-balance-panel.h"
#include "ra-plant-supply-editor.h"
#include "ra-water-user-editor.h"
#include "ra-sketch.h"
#include "ra-attribute-form.h"
#include "ra-profile-window.h"

G_BEGIN_DECLS

#define RA_TYPE_WINDOW (ra_window_get_type ())
G_DECLARE_FINAL_TYPE (RaWindow, ra_window, RA, WINDOW, AdwApplicationWindow)

/* The main window: the map with its layer list, legend and plan check in
 * the sidebar, the inventory under it, and the open project.  It is
 * composed of parts, one file each (ra-window-private.h). */

RaWindow     *ra_window_new              (AdwApplication *app);
RaMap        *ra_window_get_map          (RaWindow *self);
RaMapView    *ra_window_get_map_view     (RaWindow *self);
RaLayerPanel *ra_window_get_layer_panel  (RaWindow *self);

/* Opens a project file (a SpatiaLite database written by Reclaim Atlas) as
 * the window's project: its tables become map layers and its projects fill
 * the inventory.  A read-only or locked file opens view-only, with a banner.
 * Returns FALSE (and shows a toast) when it cannot be opened. */
/* A project file, or a server project's name ("postgresql://…",
 * "service=…"): that one is connected to in a worker and opens when it
 * answers (TRUE: started). */
gboolean      ra_window_open_project     (RaWindow *self, const char *path);
/* Open Server Project: the dialog asking for a server's address. */
GtkWindow    *ra_window_show_open_server (RaWindow *self);
/* (nullable) (transfer none) the open project. */
RaStore      *ra_window_get_store        (RaWindow *self);
RaInventoryView *ra_window_get_inventory_view (RaWindow *self);
/* Selects a project in the inventory (0 = none), highlighting it on the map. */
void          ra_window_select_project   (RaWindow *self, gint64 project_id);
/* Opens the editor on a project (transfer none; the dialog owns itself). */
RaProjectEditor *ra_window_edit_project  (RaWindow *self, gint64 project_id);
/* The attribute form of a feature of the project's plants, pipelines,
 * footprints or built-up areas (the identify popover's "Edit Attributes…");
 * NULL for any other layer or a read-only project.  A water user opens
 * its own editor instead (ra_window_edit_water_user) and gives NULL.
 * (transfer none) */
RaAttributeForm *ra_window_edit_feature  (RaWindow *self, RaLayer *layer, int feature);

/* Opens data files as layers, in worker threads; project files as the
 * project. */
void          ra_window_open_path        (RaWindow *self, const char *path);
/* Stops the files being opened (the header's stop button). */
void          ra_window_cancel_loads (RaWindow *self);
void          ra_window_open_files       (RaWindow *self, GFile **files, guint n_files);
/* Opens a bundled sample project ("zhangye", "xinzhou"), built once into
 * the user data folder. */
void          ra_window_open_sample      (RaWindow *self, const char *name);
/* Shows the file chooser. */
void          ra_window_show_open_dialog (RaWindow *self);
void          ra_window_show_crs_dialog  (RaWindow *self);
/* Shows a toast (plain text, not markup). */
void          ra_window_show_message     (RaWindow *self, const char *message);

/* The plan on the map.  (nullable) (transfer none) the plan of the open
 * project, rebuilt after each change of the store. */
RaPlan       *ra_window_get_plan          (RaWindow *self);
/* The year shown (0 without a plan); set_year returns FALSE for a year the
 * plan does not have. */
int           ra_window_get_year          (RaWindow *self);
gboolean      ra_window_set_year          (RaWindow *self, int year);
RaThematicMode ra_window_get_thematic_mode (RaWindow *self);
void          ra_window_set_thematic_mode (RaWindow *self, RaThematicMode mode);
/* Selects and zooms to a county of the thematic map; FALSE (and the whole
 * map) when it has no boundary there. */
gboolean      ra_window_zoom_to_county    (RaWindow *self, const char *adcode);
RaLegendView *ra_window_get_legend_view   (RaWindow *self);
RaCheckPanel *ra_window_get_check_panel   (RaWindow *self);
/* Milliseconds from the last year change to the end of its render, and
 * (out, nullable) those spent building and adding the layers; -1/0 before
 * any switch.  For the benchmark. */
double        ra_window_get_year_switch_ms (RaWindow *self, double *build_ms);

/* Meeting mode and map figures (ra-window-meeting.c).  Presentation:
 * fullscreen map with larger labels and symbols, chrome hidden, the legend
 * over the map; Esc leaves.  Comparison: two years side by side. */
gboolean      ra_window_get_presenting    (RaWindow *self);
void          ra_window_set_presenting    (RaWindow *self, gboolean presenting);
/* (transfer none) the RaLegendView shown over the map while presenting. */
GtkWidget    *ra_window_get_presentation_legend (RaWindow *self);
gboolean      ra_window_get_comparing     (RaWindow *self);
/* FALSE (and a message) without a plan to compare. */
gboolean      ra_window_set_comparing     (RaWindow *self, gboolean comparing);
/* (nullable) (transfer none) */
RaCompareView *ra_window_get_compare_view (RaWindow *self);
/* The sidebar legend of the right year while comparing.  (transfer none) */
GtkWidget    *ra_window_get_compare_legend (RaWindow *self);
/* The project's bookmarks (transfer none, element-type RaBookmark), the
 * one last gone to (-1: none); going moves the map (the comparison's
 * while comparing); step goes round. */
GPtrArray    *ra_window_get_bookmarks     (RaWindow *self);
int           ra_window_get_bookmark_index (RaWindow *self);
gboolean      ra_window_go_to_bookmark    (RaWindow *self, int index);
gboolean      ra_window_step_bookmark     (RaWindow *self, int delta);
/* Saves the current view as a bookmark of the project. */
gboolean      ra_window_add_bookmark      (RaWindow *self, const char *name, GError **error);
/* What print layouts are drawn from: the map as it is, the view, the
 * project's name, the year, today. (transfer full) */
RaLayoutContext *ra_window_dup_layout_context (RaWindow *self);
/* (transfer none) the editor / dialog, shown. */
struct _RaLayoutEditor *ra_window_show_layout_editor (RaWindow *self);
RaExportDialog *ra_window_show_export_dialog (RaWindow *self);

/* Sketch tools and network checks (ra-window-sketch.c).  (transfer none) */
RaSketch     *ra_window_get_sketch        (RaWindow *self);
RaNetworkPanel *ra_window_get_network_panel (RaWindow *self);
/* The water balance (ra-window-balance.c).  (transfer none) */
RaBalancePanel *ra_window_get_balance_panel (RaWindow *self);
/* Water Balance ▸ Pipeline Profile: the profile window (created on first
 * use), shown, on the route to node_id (nullable).  (transfer none) */
RaProfileWindow *ra_window_show_profile   (RaWindow *self, const char *node_id);
/* (nullable) (transfer none) the profile window, once shown. */
RaProfileWindow *ra_window_get_profile_window (RaWindow *self);
GtkWindow    *ra_window_get_balance_window (RaWindow *self);
/* Opens the editor of a water user (its attributes and demand by year) or
 * of a plant's capacity, effluent and supply by year, offering the balance
 * year.  (transfer none) (nullable): NULL when the row cannot be read
 * (said in the window). */
RaWaterUserEditor   *ra_window_edit_water_user   (RaWindow *self, gint64 user_id);
RaPlantSupplyEditor *ra_window_edit_plant_supply (RaWindow *self, gint64 plant_id);
/* The editor of a new water user at wkt (a POINT, EPSG:4490), as the
 * water-user point tool opens it.  (transfer none) (nullable) */
RaWaterUserEditor   *ra_window_add_water_user    (RaWindow *self, const char *wkt);
/* Asks whether to delete a water user (with its demand and allocations,
 * one undo step); "delete" deletes.  (transfer none) (nullable): NULL when
 * the project is not writable. */
AdwMessageDialog    *ra_window_delete_water_user (RaWindow *self, gint64 user_id);

/* The city summary the presentation / comparison title card shows; NULL
 * when the card is hidden.  (transfer none) */
const char   *ra_window_get_presentation_summary (RaWindow *self);

/* Test hooks. */
guint         ra_window_get_pending_loads (RaWindow *self);
guint         ra_window_get_message_count (RaWindow *self);
const char   *ra_window_get_last_message  (RaWindow *self);
/* (nullable) the view-only banner's text, NULL when it is hidden. */
const char   *ra_window_get_banner_text   (RaWindow *self);

G_END_DECLS
