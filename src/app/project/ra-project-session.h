/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include "ra-core.h"
#include "ra-store.h"

G_BEGIN_DECLS

#define RA_TYPE_PROJECT_SESSION (ra_project_session_get_type ())
G_DECLARE_FINAL_TYPE (RaProjectSession, ra_project_session, RA, PROJECT_SESSION, GObject)

/* The open project on a map: the store, and its spatial tables as layers
 * of the map (water users, plants, pipelines, projects, footprints, built-up areas,
 * counties).  Setting a store empties the map and loads the tables in a
 * worker; every change of the store, ours or another program's (polled),
 * reloads them, once a burst of changes is over, keeping each layer's
 * place, style and visibility.
 *
 * Signals:
 * ::load-started () / ::load-finished () a load of the tables began or
 *   ended (every start has one finish, also for a superseded load);
 * ::layers-loaded (gboolean first) the tables are on the map, first: the
 *   first time for this store;
 * ::store-changed (const char *table, gint64 row_id) the store's
 *   ::changed, passed on before the tables reload;
 * ::message (const char *text) something to tell the user;
 * notify::store a new store is set (its tables are loading). */
RaProjectSession *ra_project_session_new          (RaMap *map);
/* (nullable) (transfer none) */
RaStore          *ra_project_session_get_store    (RaProjectSession *self);
void              ra_project_session_set_store    (RaProjectSession *self, RaStore *store);
/* Counts the stores set: results of an older one are dropped. */
guint             ra_project_session_get_generation (RaProjectSession *self);
/* Whether the tables are being loaded. */
gboolean          ra_project_session_is_loading   (RaProjectSession *self);
/* (transfer none) (element-type RaLayer) the layers of the tables. */
GPtrArray        *ra_project_session_get_layers   (RaProjectSession *self);
gboolean          ra_project_session_has_layer    (RaProjectSession *self, RaLayer *layer);
/* (nullable) (transfer none) the layer of table. */
RaLayer          *ra_project_session_find_layer   (RaProjectSession *self, const char *table);
/* The year whose demand sizes the water users (the balance year); 0 (the
 * default): this year if there is demand in it, else the latest before.
 * Setting it rebuilds the water users in place. */
int               ra_project_session_get_year     (RaProjectSession *self);
void              ra_project_session_set_year     (RaProjectSession *self, int year);
/* Stops loading and polling for good (the window is closing). */
void              ra_project_session_close        (RaProjectSession *self);

/* The tables shown as layers, and their names for the user. */
gboolean          ra_project_table_is_layer       (const char *table);
const char       *ra_project_table_label          (const char *table);

G_END_DECLS
