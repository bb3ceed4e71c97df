/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* RaWindow spans ra-window.c (map, layers, files) and ra-window-project.c
 * (the project file: inventory, editing, undo, tables, import/export). */

#include "ra-inventory-view.h"
#include "ra-window.h"

G_BEGIN_DECLS

struct _RaWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  AdwFlap              *flap;
  GtkStack             *content_stack;
  RaLayerPanel         *layer_panel;
  RaMapView            *map_view;
  GtkSpinner           *loading_spinner;
  GtkLabel             *lonlat_label;
  GtkLabel             *xy_label;
  GtkLabel             *scale_label;
  GtkDrawingArea       *scalebar_area;
  GtkButton            *crs_button;
  GtkWidget            *status_box;
  GtkRevealer          *banner_revealer;
  GtkLabel             *banner_label;
  GtkPaned             *content_paned;
  RaInventoryView      *inventory_view;
  GtkWidget            *undo_button;
  GtkWidget            *redo_button;
  GMenu                *recent_menu;

  /* owned */
  RaMap                *map;
  GSettings            *settings;
  GCancellable         *cancellable;
  RaCrs                *lonlat_crs;
  RaTransform          *to_lonlat;
  RaCrs                *to_lonlat_src;
  guint                 pending_loads;
  guint                 message_count;
  char                 *last_message;

  /* owned: the open project */
  RaStore              *store;
  GPtrArray            *project_layers;      /* RaLayer*, loaded from the store's tables */
  GCancellable         *project_cancellable; /* layer loads of this project */
  guint                 poll_source;
  guint                 reload_source;
  guint                 project_generation;  /* drops results of superseded loads */
  gboolean              project_loading;
  gboolean              reload_again;
  gboolean              zoom_after_load;
  gboolean              syncing_selection;
};

/* ra-window.c */
void     _ra_window_update_content       (RaWindow *self);
void     _ra_window_load_finished        (RaWindow *self);
void     _ra_window_apply_default_labels (RaLayer *layer);
char    *_ra_window_join_warnings        (GPtrArray *warnings);
void     _ra_window_add_file_filter      (GtkFileChooser *chooser, const char *name,
                                          const char * const *suffixes);

/* ra-window-project.c */
void     _ra_window_project_class_init   (GtkWidgetClass *widget_class);
void     _ra_window_project_init         (RaWindow *self);
void     _ra_window_project_dispose      (RaWindow *self);
/* TRUE when path is a project file (it was then opened as the project). */
gboolean _ra_window_try_open_project     (RaWindow *self, const char *path);
/* The map view's selection changed: select the matching inventory row. */
void     _ra_window_project_map_selection_changed (RaWindow *self);
/* Title and subtitle naming the project (or the layer count). */
void     _ra_window_update_title         (RaWindow *self);

G_END_DECLS
