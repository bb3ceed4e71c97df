/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* RaWindow spans ra-window.c (map, layers, files), ra-window-project.c
 * (the project file: inventory, editing, undo, tables, import/export) and
 * ra-window-plan.c (the plan's thematic map by year, legend, plan check). */

#include "ra-check-panel.h"
#include "ra-compare-view.h"
#include "ra-inventory-view.h"
#include "ra-legend-view.h"
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
  GtkButton            *cancel_load_button;
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
  GtkWidget            *year_box;
  GtkDropDown          *year_dropdown;
  RaLegendView         *legend_view;
  RaCheckPanel         *check_panel;
  GtkStack             *sidebar_stack;

  /* owned */
  RaMap                *map;
  GSettings            *settings;
  GCancellable         *cancellable;
  GCancellable         *load_cancellable;    /* files being opened (the stop button) */
  RaCrs                *lonlat_crs;
  RaTransform          *to_lonlat;
  RaCrs                *to_lonlat_src;
  guint                 pending_loads;
  guint                 file_loads;          /* of pending_loads: files the stop button stops */
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

  /* owned: the plan on the map (ra-window-plan.c) */
  RaPlan               *plan;
  int                   year;                /* shown; 0: none */
  RaThematicMode        thematic_mode;
  gboolean              thematic_on;         /* FALSE: the project's layers only */
  GPtrArray            *hidden_for_plan;     /* RaLayer*: reference layers the plan map hid */
  gboolean              all_projects;
  gboolean              pie_symbols;         /* project symbols split by use */
  guint                 plan_source;         /* debounced rebuild after store changes */
  int                  *shown_years;         /* the year selector's years */
  guint                 n_shown_years;
  gboolean              syncing_year;
  gint64                year_switch_start;   /* monotonic µs; 0: no switch pending */
  double                year_switch_ms;      /* last switch: year change to render done */
  double                year_build_ms;       /* last switch: building and adding layers */

  /* meeting mode and map figures (ra-window-meeting.c) */
  GtkWidget            *header_bar;          /* template */
  GtkOverlay           *map_overlay;         /* template */
  GtkWidget            *status_separator;    /* template */
  GMenu                *bookmarks_menu;      /* template */
  GMenu                *bookmarks_delete_menu; /* template */
  GtkWidget            *present_legend;      /* RaLegendView over the map */
  GtkWidget            *present_legend_box;
  RaCompareView        *compare_view;        /* (nullable) made on first use */
  gboolean              presenting;
  gboolean              comparing;
  gboolean              saved_flap_reveal;
  gboolean              saved_inventory_visible;
  GPtrArray            *present_hidden;      /* other overlays on the map hidden while presenting */
  AdwToast             *bookmark_toast;      /* (nullable) weak: the name of the bookmark gone to */
  GPtrArray            *bookmarks;           /* owned RaBookmark*, the project's */
  int                   bookmark_index;      /* last gone to; -1: none */
  guint                 bookmarks_generation;/* project_generation they were read for */

  /* owned: sketch tools, network panel (ra-window-sketch.c) */
  struct _RaWindowSketch *sketch;
};

/* ra-window.c */
void     _ra_window_update_content       (RaWindow *self);
void     _ra_window_load_finished        (RaWindow *self);
void     _ra_window_refine_layers        (RaWindow *self, GPtrArray *layers);
void     _ra_window_apply_default_labels (RaLayer *layer);
char    *_ra_window_join_warnings        (GPtrArray *warnings);
void     _ra_window_remember_path        (RaWindow   *self,
                                          const char *key,
                                          guint       max,
                                          const char *path);
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

/* ra-window-plan.c */
void     _ra_window_plan_class_init      (GtkWidgetClass *widget_class);
void     _ra_window_plan_init            (RaWindow *self);
void     _ra_window_plan_dispose         (RaWindow *self);
/* The thematic flags of the "all-projects" and "pies" toggles. */
RaThematicFlags _ra_window_plan_flags    (RaWindow *self);
/* A new store (or none) was set; the map has been emptied. */
void     _ra_window_plan_set_store       (RaWindow *self);
/* The store's ::changed: rebuilds the plan soon when table feeds it. */
void     _ra_window_plan_store_changed   (RaWindow *self, const char *table);
/* The project's layers were (re)loaded. */
void     _ra_window_plan_project_loaded  (RaWindow *self);

/* ra-window-sketch.c */
void     _ra_window_sketch_class_init    (GtkWidgetClass *widget_class);
void     _ra_window_sketch_init          (RaWindow *self);
void     _ra_window_sketch_dispose       (RaWindow *self);

/* ra-window-meeting.c */
void     _ra_window_meeting_class_init   (GtkWidgetClass *widget_class);
void     _ra_window_meeting_init         (RaWindow *self);
void     _ra_window_meeting_dispose      (RaWindow *self);

G_END_DECLS
