/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include "ra-core.h"
#include "ra-store.h"

G_BEGIN_DECLS

/* The project inventory: a sortable column per attribute over the core's
 * RaProjectModel, a search entry, filters by county, batch, status and
 * source, and a totals row that follows the filter.
 *
 * Properties: "store" (RaStore, nullable), "selected-project" (gint64 id,
 * 0 = none).  Signal "project-activated" (gint64 id): a row was activated
 * (double click, Enter), the window opens the editor. */
#define RA_TYPE_INVENTORY_VIEW (ra_inventory_view_get_type ())
G_DECLARE_FINAL_TYPE (RaInventoryView, ra_inventory_view, RA, INVENTORY_VIEW, GtkBox)

typedef enum {
  RA_INVENTORY_FILTER_COUNTY,   /* adcode */
  RA_INVENTORY_FILTER_BATCH,    /* "2024", "2025", "2026-2030" */
  RA_INVENTORY_FILTER_STATUS,   /* under_construction | proposed | in_service */
  RA_INVENTORY_FILTER_SOURCE,   /* reclaimed | mine */
} RaInventoryFilter;

GtkWidget  *ra_inventory_view_new                  (void);
RaStore    *ra_inventory_view_get_store            (RaInventoryView *self);
/* The store's projects are read in a worker (a second connection): the
 * rows come in a moment later; "filling" (boolean, notified) is TRUE until
 * they have. */
void        ra_inventory_view_set_store            (RaInventoryView *self, RaStore *store);
gboolean    ra_inventory_view_get_filling          (RaInventoryView *self);
/* While held, a store set here waits with its rows (the map's first frame
 * goes first on two cores); releasing starts reading them. */
void        ra_inventory_view_hold_fill            (RaInventoryView *self, gboolean hold);

gint64      ra_inventory_view_get_selected_project (RaInventoryView *self);
/* Selects (and scrolls to) a project; 0 or a project hidden by the filter
 * clears the selection. */
void        ra_inventory_view_select_project       (RaInventoryView *self, gint64 project_id);

/* What the search entry and the filter drop-downs set; value NULL = all. */
void        ra_inventory_view_set_search_text      (RaInventoryView *self, const char *text);
void        ra_inventory_view_set_filter           (RaInventoryView *self,
                                                    RaInventoryFilter filter,
                                                    const char *value);
/* Rows shown (after search and filters). */
guint       ra_inventory_view_get_n_shown          (RaInventoryView *self);
/* Totals of the rows shown.  field: investment_total, cap_industry,
 * cap_agriculture, cap_ecological, cap_urban_nonpotable or cap_total. */
double      ra_inventory_view_get_total            (RaInventoryView *self, const char *field);
/* The totals row as displayed. */
const char *ra_inventory_view_get_totals_text      (RaInventoryView *self);
/* Sorts by a column (a field name as above, or code, name, ...). */
void        ra_inventory_view_sort_by              (RaInventoryView *self, const char *field,
                                                    GtkSortType order);
/* The project id shown in row position (after filter and sort), 0 if none. */
gint64      ra_inventory_view_get_shown_project    (RaInventoryView *self, guint position);
/* The text a column (its property name, e.g. "pipeline-km") shows in the
 * row at position of the sorted view.  (transfer full) (nullable) */
char       *ra_inventory_view_dup_cell_text        (RaInventoryView *self, guint position,
                                                    const char *column);

G_END_DECLS
