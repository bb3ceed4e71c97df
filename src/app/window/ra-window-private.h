/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* RaWindow is composed as GNOME Text Editor composes its window: a small
 * core (ra-window.c) holding what every part shares, and one file per
 * part, each with its own state in a struct only that file reads:
 *
 *   ra-window-status.c     the map's status: empty page, status bar, CRS, zoom
 *   ra-window-load.c       opening data files as layers, the stop button
 *   ra-window-dnd.c        files dropped on the map
 *   ra-window-project.c    the project file: open, new, recent, samples, undo
 *   ra-window-inventory.c  the inventory beside the map: selection, editing
 *   ra-window-tables.c     appendix tables and layers out, data in
 *   ra-window-plan.c       the plan on the map: years, thematic layers, check
 *   ra-window-meeting.c    presentation mode and two years side by side
 *   ra-window-bookmarks.c  the project's saved views
 *   ra-window-figures.c    print layouts and map export
 *   ra-window-sketch.c     the sketch tools over the map
 *   ra-window-network.c    network checks and their overlays, settings
 *   ra-window-balance.c    the water balance: its window, the flows and donuts on the map
 *   ra-window-added-layers.c  files added to a project's map, kept in the project
 *
 * A part reaches its own widgets in the template by name
 * (_ra_window_template_child), the shared objects below through the
 * window, and other parts only through the functions declared here or the
 * public API of ra-window.h. */

#include "ra-figure-source.h"
#include "ra-project-session.h"
#include "ra-raster.h"
#include "ra-views.h"
#include "ra-window.h"

G_BEGIN_DECLS

typedef struct _RaWindowStatus     RaWindowStatus;
typedef struct _RaWindowLoad       RaWindowLoad;
typedef struct _RaWindowProject    RaWindowProject;
typedef struct _RaWindowInventory  RaWindowInventory;
typedef struct _RaWindowPlan       RaWindowPlan;
typedef struct _RaWindowMeeting    RaWindowMeeting;
typedef struct _RaWindowBookmarks  RaWindowBookmarks;
typedef struct _RaWindowSketch     RaWindowSketch;
typedef struct _RaWindowNetwork    RaWindowNetwork;
typedef struct _RaWindowBalance    RaWindowBalance;
typedef struct _RaWindowAddedLayers RaWindowAddedLayers;

struct _RaWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets several parts use */
  AdwToastOverlay      *toast_overlay;
  AdwFlap              *flap;
  GtkOverlay           *map_overlay;
  RaMapView            *map_view;
  RaLayerPanel         *layer_panel;
  RaInventoryView      *inventory_view;

  /* owned, shared by the parts */
  RaMap                *map;                /* NULL once disposed */
  GSettings            *settings;
  GCancellable         *cancellable;        /* cancelled when the window goes */
  RaProjectSession     *session;            /* the open project and its layers */
  RaFigureSource       *figure;             /* what print layouts are drawn from */
  guint                 pending_loads;      /* files, the project's tables, a sample */
  guint                 message_count;
  char                 *last_message;

  /* the parts (owned, each by its file) */
  RaWindowStatus       *status;
  RaWindowLoad         *load;
  RaWindowProject      *project;
  RaWindowInventory    *inventory;
  RaWindowPlan         *plan;
  RaWindowMeeting      *meeting;
  RaWindowBookmarks    *bookmarks;
  RaWindowSketch       *sketch;
  RaWindowNetwork      *network;
  RaWindowBalance      *balance;
  RaWindowAddedLayers  *added_layers;
};

/* A widget of the window's template, by its id; the part's class_init
 * declares it with gtk_widget_class_bind_template_child_full (.., 0) (a
 * name is declared once: one two parts look up is declared by the core). */
#define _ra_window_template_child(self, name) \
  gtk_widget_get_template_child (GTK_WIDGET (self), RA_TYPE_WINDOW, name)

/* Each part: class_init (template children, callbacks, actions), init
 * (after the template and the shared objects), dispose (release what it
 * holds; may run twice); a part without state or actions has fewer.  The
 * core frees the part structs at finalize. */
void     _ra_window_status_class_init    (GtkWidgetClass *widget_class);
void     _ra_window_status_init          (RaWindow *self);
void     _ra_window_status_dispose       (RaWindow *self);
void     _ra_window_load_class_init      (GtkWidgetClass *widget_class);
void     _ra_window_load_init            (RaWindow *self);
void     _ra_window_load_dispose         (RaWindow *self);
void     _ra_window_dnd_init             (RaWindow *self);
void     _ra_window_project_class_init   (GtkWidgetClass *widget_class);
void     _ra_window_project_init         (RaWindow *self);
void     _ra_window_project_dispose      (RaWindow *self);
void     _ra_window_inventory_class_init (GtkWidgetClass *widget_class);
void     _ra_window_inventory_init       (RaWindow *self);
void     _ra_window_inventory_dispose    (RaWindow *self);
void     _ra_window_tables_class_init    (GtkWidgetClass *widget_class);
void     _ra_window_tables_init          (RaWindow *self);
void     _ra_window_plan_class_init      (GtkWidgetClass *widget_class);
void     _ra_window_plan_init            (RaWindow *self);
void     _ra_window_plan_dispose         (RaWindow *self);
void     _ra_window_meeting_class_init   (GtkWidgetClass *widget_class);
void     _ra_window_meeting_init         (RaWindow *self);
void     _ra_window_meeting_dispose      (RaWindow *self);
void     _ra_window_bookmarks_class_init (GtkWidgetClass *widget_class);
void     _ra_window_bookmarks_init       (RaWindow *self);
void     _ra_window_bookmarks_dispose    (RaWindow *self);
void     _ra_window_figures_class_init   (GtkWidgetClass *widget_class);
void     _ra_window_figures_init         (RaWindow *self);
void     _ra_window_sketch_class_init    (GtkWidgetClass *widget_class);
void     _ra_window_sketch_init          (RaWindow *self);
void     _ra_window_sketch_dispose       (RaWindow *self);
void     _ra_window_network_class_init   (GtkWidgetClass *widget_class);
void     _ra_window_network_init         (RaWindow *self);
void     _ra_window_network_dispose      (RaWindow *self);
void     _ra_window_balance_class_init   (GtkWidgetClass *widget_class);
void     _ra_window_balance_init         (RaWindow *self);
void     _ra_window_balance_dispose      (RaWindow *self);
void     _ra_window_added_layers_init    (RaWindow *self);
void     _ra_window_added_layers_dispose (RaWindow *self);
/* ra-window-added-layers.c: the files added to the project's map are kept
 * in it; TRUE while they are being put back after the project opened. */
gboolean _ra_window_added_layers_restoring (RaWindow *self);
/* Saves a pending change of them at once (before closing, in tests). */
void     _ra_window_added_layers_save_now  (RaWindow *self);

/* ra-window-raster.c: raster layers (a basemap, a DEM).  shading is a
 * RaRasterShading or -1 (hillshade for a DEM, none for an image). */
void     _ra_window_raster_open_async    (RaWindow *self, const char *path, int shading,
                                          const char *basemap, GCancellable *cancellable,
                                          GAsyncReadyCallback callback, gpointer user_data);
RaLayer *_ra_window_raster_open_finish   (RaWindow *self, GAsyncResult *res, GError **error);
/* Adds it under the vector layers. */
gboolean _ra_window_raster_add           (RaWindow *self, RaLayer *layer, GError **error);
char    *_ra_window_raster_style_json    (RaLayer *layer);
/* basemap: the source ("tianditu:vec_w", "xyz:…") path is the GDAL
 * connection of (nullable); kept on the layer for the project. */
const char *_ra_window_raster_basemap_source (RaLayer *layer);
/* ra-window-profile.c: the pipeline profile window. */
void     _ra_window_profile_class_init   (GtkWidgetClass *widget_class);
/* The topmost visible elevation model on the map.  (nullable) */
RaRaster *_ra_window_find_dem            (RaWindow *self);
/* ra-window-server.c: Open Server Project, a typed password. */
void     _ra_window_server_class_init    (GtkWidgetClass *widget_class);
/* Connects to a server project in a worker and opens it (asks for a
 * password when the server wants one). */
void     _ra_window_open_server          (RaWindow *self, const char *name);
/* ra-window-project.c: the store opened from path (a file or a server
 * name) becomes the project. */
void     _ra_window_take_store           (RaWindow *self, RaStore *store, const char *path);

/* ra-window-basemap.c: Add Basemap and its settings (the 天地图 key). */
void     _ra_window_basemap_class_init   (GtkWidgetClass *widget_class);
/* The connection of a basemap source with the key from the settings.
 * (transfer full) (nullable) */
char    *_ra_window_basemap_connection   (RaWindow *self, const char *source, GError **error);
void     _ra_window_add_basemap          (RaWindow *self, const char *source);
int      _ra_window_raster_shading_from_record (const RaAppLayer *record, gboolean *is_raster);

/* ra-window.c */
/* The spinner, the empty page or the map, the status bar and the title. */
void     _ra_window_update_content       (RaWindow *self);
/* A load (a file, the project's tables, a sample) starts or ends. */
void     _ra_window_load_started         (RaWindow *self);
void     _ra_window_load_finished        (RaWindow *self);
/* Puts path first in the GSettings list key (at most max entries) and its
 * folder in last-folder. */
void     _ra_window_remember_path        (RaWindow   *self,
                                          const char *key,
                                          guint       max,
                                          const char *path);

/* ra-window-status.c */
/* Shows the empty page or the map, and the status bar. */
void     _ra_window_status_update        (RaWindow *self);
/* The map view's selection changed. */
void     _ra_window_status_selection_changed (RaWindow *self);

/* ra-window-load.c */
/* The spinner and the stop button. */
void     _ra_window_load_update          (RaWindow *self);

/* ra-window-project.c */
/* TRUE when path is a project file (it was then opened as the project). */
gboolean _ra_window_try_open_project     (RaWindow *self, const char *path);
/* Title and subtitle naming the project (or the layer count). */
void     _ra_window_update_title         (RaWindow *self);
/* FALSE (and a message saying why) without a project to write to. */
gboolean _ra_window_check_writable       (RaWindow *self);
/* Makes way for a file the user chose to replace (the store's writers only
 * create new files); FALSE (and a message) when it cannot. */
gboolean _ra_window_make_room            (RaWindow *self, const char *path);
/* A chooser of one file; func is called with its path when one is chosen
 * (and the window is still there).  Show it with gtk_native_dialog_show. */
typedef void (*RaWindowChosenFunc) (RaWindow *self, const char *path, const char *target);
GtkFileChooser *_ra_window_new_chooser   (RaWindow             *self,
                                          const char           *title,
                                          GtkFileChooserAction  action,
                                          const char           *accept,
                                          const char           *current_name,
                                          RaWindowChosenFunc    func,
                                          const char           *target);

/* ra-window-inventory.c */
/* The map view's selection changed: select the matching inventory row. */
void     _ra_window_inventory_map_selection_changed (RaWindow *self);

/* ra-window-plan.c */
/* The thematic flags of the "all-projects" and "pies" toggles. */
RaThematicFlags _ra_window_plan_flags    (RaWindow *self);

/* ra-window-meeting.c */
/* The map view PgUp/PgDn and bookmarks move: the comparison's left side
 * while comparing, else the main one. */
RaMapView *_ra_window_get_active_map_view (RaWindow *self);
/* Labels keep off the cards floating over the map (the sketch toolbar,
 * the presentation's legend and title): their boxes go to the map view
 * once the window is laid out (an idle). */
void       _ra_window_queue_label_keepout (RaWindow *self);

G_END_DECLS
