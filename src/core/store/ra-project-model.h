/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include "ra-store.h"

G_BEGIN_DECLS

/* One project of the inventory, for list and column views.  Read-only
 * properties mirror RaProjectRecord with dashes ("investment-total",
 * "cap-total", "county-name", "has-geometry", ...); numbers the plan leaves
 * blank read as NAN.  The object stays the same while the model lives and
 * notifies the properties that change, so selections survive edits.
 * Edits go through ra_store_update_project, never through the row. */
#define RA_TYPE_PROJECT_ROW (ra_project_row_get_type ())
G_DECLARE_FINAL_TYPE (RaProjectRow, ra_project_row, RA, PROJECT_ROW, GObject)

/* (transfer none) the row's current values. */
const RaProjectRecord *ra_project_row_get_record (RaProjectRow *self);
gint64                 ra_project_row_get_id     (RaProjectRow *self);

/* Totals of the rows that pass the filter; blanks count as 0. */
typedef struct {
  guint  n_projects;
  guint  n_without_geometry;
  double investment_total;       /* 10^4 yuan */
  double cap_industry;           /* 10^4 m3/a */
  double cap_agriculture;
  double cap_ecological;
  double cap_urban_nonpotable;
  double cap_total;
} RaProjectTotals;

/* A GListModel of RaProjectRow for the inventory: the projects of a store in
 * plan order, filtered by county (adcode), batch, status, source and a text
 * searched in name, code and owner (case-insensitive substring).  Filters
 * are properties ("county", "batch", "status", "source", "search"; NULL or
 * "" = any) and so are the totals ("n-projects", "total-investment",
 * "total-cap-industry", "total-cap-agriculture", "total-cap-ecological",
 * "total-cap-urban-nonpotable", "total-cap").  Follows the store's
 * ::changed signal, including changes another program made (when the UI
 * polls ra_store_poll_external_changes). */
#define RA_TYPE_PROJECT_MODEL (ra_project_model_get_type ())
G_DECLARE_FINAL_TYPE (RaProjectModel, ra_project_model, RA, PROJECT_MODEL, GObject)

/* Returns: (transfer full) */
RaProjectModel *ra_project_model_new          (RaStore *store);
/* ra_project_model_new that fills in a worker (a second connection): the
 * model is empty until the rows come in on this thread, then callback;
 * finish with ra_project_model_fill_finish.  Returns: (transfer full) */
RaProjectModel *ra_project_model_new_filling  (RaStore             *store,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean        ra_project_model_fill_finish  (RaProjectModel *self,
                                               GAsyncResult   *result,
                                               GError        **error);
/* (transfer full) (element-type utf8) the batches of all projects, each
 * once, in plan order (the filter's choices); blanks left out. */
GPtrArray      *ra_project_model_dup_batches  (RaProjectModel *self);
/* (transfer none) */
RaStore        *ra_project_model_get_store    (RaProjectModel *self);
void            ra_project_model_set_county   (RaProjectModel *self, const char *adcode);
void            ra_project_model_set_batch    (RaProjectModel *self, const char *batch);
void            ra_project_model_set_status   (RaProjectModel *self, const char *status);
void            ra_project_model_set_source   (RaProjectModel *self, const char *source);
void            ra_project_model_set_search   (RaProjectModel *self, const char *text);
void            ra_project_model_get_totals   (RaProjectModel *self, RaProjectTotals *totals);
/* Position of a project among the filtered rows, or G_MAXUINT (map click ->
 * row selection). */
guint           ra_project_model_find         (RaProjectModel *self, gint64 project_id);
/* Re-reads the store (called on ::changed; public for tests and "Reload"). */
gboolean        ra_project_model_reload       (RaProjectModel *self, GError **error);

/* (transfer full) project id (gint64*) -> drawn pipeline length in km
 * (double*): the geodesic length of every stored pipeline geometry, summed
 * by project.  Projects without drawn pipelines are absent. */
GHashTable *ra_project_drawn_pipeline_km (RaStore *store);

G_END_DECLS
