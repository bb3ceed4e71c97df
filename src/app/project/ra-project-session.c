/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ra-layer-setup.h"
#include "ra-project-layers.h"
#include "ra-project-session.h"
#include "ra-store-water.h"
#include "ra-thematic-balance.h"

/* The project's tables become layers of the window's map through here and
 * only here.  Loads run in a worker; a generation counter drops the
 * results of a load that a newer store superseded, and a reload asked for
 * while one runs waits for it (reload_again).  Edits come in bursts (an
 * import, undoing it): the tables reload once after RELOAD_DELAY_MS of
 * quiet.  Another program (a second window, the CLI, another editor of a
 * server project) that commits is noticed by polling the store every
 * ra_store_get_poll_interval ms (a file 2 s, a server 250 ms): the store
 * then emits ::changed (NULL, 0) and everything refreshes.  A server's
 * connection that drops is noticed by the same timer, which then tries to
 * reconnect (a step a tick, never blocking) until it is back;
 * ::connection-changed tells the window both times.
 *
 * The water users are built from the store's records (not read through
 * GDAL): their layer carries the demand of the balance year, which lives in
 * another table, and is rebuilt in place when the year, a user, a demand
 * or an allocation changes. */

#define RELOAD_DELAY_MS 150

struct _RaProjectSession
{
  GObject       parent_instance;

  /* owned */
  RaMap        *map;              /* NULL once closed */
  RaStore      *store;
  GPtrArray    *layers;           /* RaLayer*, loaded from the store's tables */
  GCancellable *cancellable;      /* refinement; cancelled when closed */
  GCancellable *load_cancellable; /* layer loads of this store */
  guint         poll_source;
  guint         reload_source;
  guint         generation;       /* drops results of superseded loads */
  gboolean      loading;
  gboolean      reload_again;
  GHashTable   *dirty;            /* (nullable) tables to read again */
  gboolean      dirty_all;        /* every table to read again */
  gboolean      first_load;
  int           year;             /* the water users' demand year; 0: a default */
  guint         users_source;     /* the water users' rebuild, coalesced */
};

G_DEFINE_FINAL_TYPE (RaProjectSession, ra_project_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_YEAR,
  N_PROPS
};

enum {
  LOAD_STARTED,
  LOAD_FINISHED,
  LAYERS_LOADED,
  STORE_CHANGED,
  CONNECTION_CHANGED,
  MESSAGE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The project's spatial tables shown as map layers (ra-project-layers.h,
 * shared with printed figures). */
const char *
ra_project_table_label (const char *table)
{
  return ra_project_layers_label (table);
}

gboolean
ra_project_table_is_layer (const char *table)
{
  return ra_project_layers_is_table (table);
}

static void schedule_reload (RaProjectSession *self);
static void restart_reload_timer (RaProjectSession *self);

static void
emit_message (RaProjectSession *self, const char *text)
{
  g_signal_emit (self, signals[MESSAGE], 0, text);
}

/* Accessors ---------------------------------------------------------------- */

RaStore *
ra_project_session_get_store (RaProjectSession *self)
{
  g_return_val_if_fail (RA_IS_PROJECT_SESSION (self), NULL);
  return self->store;
}

guint
ra_project_session_get_generation (RaProjectSession *self)
{
  g_return_val_if_fail (RA_IS_PROJECT_SESSION (self), 0);
  return self->generation;
}

gboolean
ra_project_session_is_loading (RaProjectSession *self)
{
  g_return_val_if_fail (RA_IS_PROJECT_SESSION (self), FALSE);
  return self->loading;
}

GPtrArray *
ra_project_session_get_layers (RaProjectSession *self)
{
  g_return_val_if_fail (RA_IS_PROJECT_SESSION (self), NULL);
  return self->layers;
}

gboolean
ra_project_session_has_layer (RaProjectSession *self, RaLayer *layer)
{
  g_return_val_if_fail (RA_IS_PROJECT_SESSION (self), FALSE);
  return self->layers != NULL && g_ptr_array_find (self->layers, layer, NULL);
}

RaLayer *
ra_project_session_find_layer (RaProjectSession *self, const char *table)
{
  g_return_val_if_fail (RA_IS_PROJECT_SESSION (self), NULL);

  for (guint i = 0; self->layers != NULL && i < self->layers->len; i++)
    {
      RaLayer *layer = g_ptr_array_index (self->layers, i);

      if (g_strcmp0 (ra_layer_get_source_layer_name (layer), table) == 0)
        return layer;
    }
  return NULL;
}

/* Reading the tables ------------------------------------------------------- */

/* The one place the project's tables are read as layers: through the
 * store (its backend decides how). */
static void
read_tables_async (RaProjectSession    *self,
                   const char * const  *tables,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  ra_store_load_layers_async (self->store, tables, ra_map_get_crs (self->map),
                              self->load_cancellable, callback, user_data);
}

static RaSourceResult *
read_tables_finish (GObject *store, GAsyncResult *result, GError **error)
{
  return ra_store_load_layers_finish (RA_STORE (store), result, error);
}

/* Water users --------------------------------------------------------------- */

/* Without a year from the window: this year when there is demand in it,
 * else the latest year with demand before it, else the first. */
static int
default_year (GPtrArray *demand)
{
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  int now = g_date_time_get_year (today), best_before = 0, first = 0;

  for (guint i = 0; demand != NULL && i < demand->len; i++)
    {
      const RaUserDemandRecord *d = g_ptr_array_index (demand, i);

      if (d->year == now)
        return now;
      if (d->year < now && d->year > best_before)
        best_before = d->year;
      if (first == 0 || d->year < first)
        first = d->year;
    }
  return best_before > 0 ? best_before : first > 0 ? first : now;
}

/* The water users of the year as a layer of the "water_users" table;
 * NULL without users (or when they cannot be read: said as a message). */
static RaLayer *
water_users_of (RaStore *store, int year, GError **error)
{
  g_autoptr(GPtrArray) demand = NULL;

  if (ra_store_count_rows (store, "water_users", NULL) <= 0)
    return NULL;
  if (year <= 0 && (demand = ra_store_list_user_demand (store, 0, error)) != NULL)
    year = default_year (demand);
  return demand != NULL || year > 0 ? ra_project_layers_water_users (store, year, error) : NULL;
}

static RaLayer *
build_water_users (RaProjectSession *self)
{
  g_autoptr(GError) error = NULL;
  RaLayer *layer;

  if (self->store == NULL)
    return NULL;
  layer = water_users_of (self->store, self->year, &error);
  if (layer == NULL && error != NULL)
    emit_message (self, error->message);
  return layer;
}

/* The water users of a load, built in a worker on a second connection
 * while the tables are read (they are on the map's way to its first
 * frame). */
typedef struct {
  RaStoreReopen *reopen;
  int            year;
} UsersJob;

static void
users_job_free (UsersJob *job)
{
  g_clear_pointer (&job->reopen, ra_store_reopen_free);
  g_free (job);
}

typedef struct {
  RaLayer *layer;   /* (nullable) none, or not readable: error */
  GError  *error;
} UsersResult;

static void
users_result_free (UsersResult *result)
{
  g_clear_object (&result->layer);
  g_clear_error (&result->error);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UsersResult, users_result_free)

static void
users_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  UsersJob *job = task_data;
  g_autoptr(RaStore) reader = NULL;
  UsersResult *result;
  GError *error = NULL;

  if (job->reopen == NULL || (reader = ra_store_reopen_open (job->reopen, &error)) == NULL)
    {
      /* No second connection: the main thread builds them. */
      g_task_return_error (task, error != NULL ? error
                                                : g_error_new_literal (RA_ERROR, RA_ERROR_FAILED,
                                                                       "no second connection"));
      return;
    }
  result = g_new0 (UsersResult, 1);
  result->layer = water_users_of (reader, job->year, &result->error);
  g_task_return_pointer (task, result, (GDestroyNotify) users_result_free);
}

/* Rebuilds the water users in place (their place, style and visibility
 * kept), or adds or removes their layer. */
static void
refresh_water_users (RaProjectSession *self)
{
  RaLayer *old = ra_project_session_find_layer (self, "water_users");
  g_autoptr(RaLayer) fresh = NULL;
  g_autoptr(GError) error = NULL;

  if (self->map == NULL || self->loading)
    return;   /* the load under way builds them */
  fresh = build_water_users (self);
  if (fresh == NULL)
    {
      int pos = old != NULL ? ra_map_find_layer (self->map, old) : -1;

      if (pos >= 0)
        ra_map_remove_layer (self->map, pos);
      if (old != NULL)
        g_ptr_array_remove (self->layers, old);
      return;
    }
  if (old != NULL)
    {
      ra_layer_set_style (fresh, ra_layer_get_style (old));
      if (!ra_layer_replace_contents (old, fresh, &error))
        emit_message (self, error->message);
      return;
    }
  ra_layer_setup_default_labels (fresh);
  if (!ra_map_add_layer (self->map, fresh, &error))
    {
      emit_message (self, error->message);
      return;
    }
  g_ptr_array_add (self->layers, g_object_ref (fresh));
}

static gboolean
refresh_water_users_cb (gpointer user_data)
{
  RaProjectSession *self = user_data;

  self->users_source = 0;
  refresh_water_users (self);
  return G_SOURCE_REMOVE;
}

/* A burst of edits (an import, a proposal accepted) rebuilds once, yet
 * before the next frame: the map follows at once. */
static void
schedule_water_users (RaProjectSession *self)
{
  if (self->users_source == 0)
    self->users_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, refresh_water_users_cb, self, NULL);
}

int
ra_project_session_get_year (RaProjectSession *self)
{
  g_return_val_if_fail (RA_IS_PROJECT_SESSION (self), 0);
  return self->year;
}

void
ra_project_session_set_year (RaProjectSession *self, int year)
{
  g_return_if_fail (RA_IS_PROJECT_SESSION (self));

  if (self->year == year)
    return;
  self->year = year;
  g_clear_handle_id (&self->users_source, g_source_remove);
  refresh_water_users (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_YEAR]);
}

/* Project layers ----------------------------------------------------------- */

typedef struct {
  RaProjectSession *self;
  guint             generation;
  guint             pending;     /* the tables, the water users: still read */
  RaSourceResult   *result;      /* the tables' */
  GError           *error;
  int               users_year;  /* the year asked for (0: a default) */
  UsersResult      *users;       /* (nullable) built in the worker */
  GHashTable       *only;        /* (nullable) the tables read again; NULL: all */
} LoadData;

static void
remove_layers (RaProjectSession *self)
{
  for (guint i = 0; i < self->layers->len; i++)
    {
      int pos = ra_map_find_layer (self->map, g_ptr_array_index (self->layers, i));

      if (pos >= 0)
        ra_map_remove_layer (self->map, pos);
    }
  g_ptr_array_set_size (self->layers, 0);
}

/* Bottom first: each layer added goes on top.  A reloaded table keeps the
 * place, style and visibility its layer had.  With only (a set of table
 * names), the layers of other tables stay as they are. */
static void
replace_layers (RaProjectSession *self, GPtrArray *layers, GHashTable *only)
{
  g_autoptr(GPtrArray) old_layers = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_new = layers != NULL ? layers->len : 0;

  for (guint k = self->layers->len; k-- > 0;)
    {
      RaLayer *layer = g_ptr_array_index (self->layers, k);

      if (only == NULL || g_hash_table_contains (only, ra_layer_get_source_layer_name (layer)))
        {
          g_ptr_array_add (old_layers, g_object_ref (layer));
          g_ptr_array_remove_index (self->layers, k);
        }
    }

  for (guint i = n_new; i-- > 0;)
    {
      RaLayer *layer = g_ptr_array_index (layers, i);
      const char *table = ra_layer_get_source_layer_name (layer);
      RaLayer *old = NULL;
      g_autoptr(GError) add_error = NULL;
      int old_pos = -1;

      for (guint k = 0; k < old_layers->len; k++)
        if (g_strcmp0 (ra_layer_get_source_layer_name (g_ptr_array_index (old_layers, k)),
                       table) == 0)
          {
            old = g_ptr_array_index (old_layers, k);
            old_pos = ra_map_find_layer (self->map, old);
          }

      /* The water users' name says the year of their demand; the other
       * tables take their names and default styles from the core. */
      if (g_strcmp0 (table, "water_users") != 0)
        ra_project_layers_setup (layer, table);
      if (old != NULL)
        {
          ra_layer_set_style (layer, ra_layer_get_style (old));
          ra_layer_set_visible (layer, ra_layer_get_visible (old));
          ra_layer_set_opacity (layer, ra_layer_get_opacity (old));
        }
      else
        ra_layer_setup_default_labels (layer);

      if (!ra_map_add_layer (self->map, layer, &add_error))
        {
          emit_message (self, add_error->message);
          continue;
        }
      g_ptr_array_add (self->layers, g_object_ref (layer));
      if (old_pos >= 0)
        {
          /* The new layer is at 0, the old one moved to old_pos + 1. */
          ra_map_remove_layer (self->map, old_pos + 1);
          ra_map_move_layer (self->map, 0, old_pos);
        }
      if (old != NULL)
        g_ptr_array_remove (old_layers, old);
    }

  /* Tables that became empty. */
  for (guint k = 0; k < old_layers->len; k++)
    {
      int pos = ra_map_find_layer (self->map, g_ptr_array_index (old_layers, k));
      if (pos >= 0)
        ra_map_remove_layer (self->map, pos);
    }
}

static void load_done (LoadData *data);

static void
tables_loaded_cb (GObject *object, GAsyncResult *res, gpointer user_data)
{
  LoadData *data = user_data;

  data->result = read_tables_finish (object, res, &data->error);
  if (--data->pending == 0)
    load_done (data);
}

static void
users_built_cb (GObject *object, GAsyncResult *res, gpointer user_data)
{
  LoadData *data = user_data;

  /* NULL (no second connection): the main thread builds them. */
  data->users = g_task_propagate_pointer (G_TASK (res), NULL);
  if (--data->pending == 0)
    load_done (data);
}

/* Both parts of a load are in (the tables, the water users). */
static void
load_done (LoadData *data)
{
  g_autoptr(RaProjectSession) self = data->self;
  g_autoptr(RaSourceResult) result = data->result;
  g_autoptr(GError) error = data->error;
  g_autoptr(UsersResult) users = data->users;
  g_autoptr(GHashTable) only = data->only;
  guint generation = data->generation;
  gboolean users_fresh = users != NULL && data->users_year == self->year;
  gboolean first;

  g_free (data);
  if (users != NULL && !users_fresh)
    g_clear_pointer (&users, users_result_free);   /* another year since: built below */
  if (self->map == NULL)
    return;   /* closed */
  g_signal_emit (self, signals[LOAD_FINISHED], 0);
  if (generation != self->generation)
    return;   /* another project was opened meanwhile */
  self->loading = FALSE;
  if (self->reload_again)
    {
      self->reload_again = FALSE;
      restart_reload_timer (self);   /* what changed meanwhile (self->dirty) */
      return;
    }

  if (result == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, RA_ERROR, RA_ERROR_CANCELLED))
        emit_message (self, error->message);
      return;
    }

  {
    g_autoptr(GPtrArray) layers = g_ptr_array_new_with_free_func (g_object_unref);
    RaLayer *user_layer;

    if (only != NULL)
      user_layer = NULL;   /* the tables of other layers changed: the users stay */
    else if (users != NULL)
      {
        user_layer = g_steal_pointer (&users->layer);
        if (user_layer == NULL && users->error != NULL)
          emit_message (self, users->error->message);
      }
    else
      user_layer = build_water_users (self);
    /* Top first, as the tables are listed: the water users on top. */
    if (user_layer != NULL)
      g_ptr_array_add (layers, user_layer);
    for (guint i = 0; result->layers != NULL && i < result->layers->len; i++)
      g_ptr_array_add (layers, g_object_ref (g_ptr_array_index (result->layers, i)));
    replace_layers (self, layers, only);
  }
  for (guint i = 0; result->errors != NULL && i < result->errors->len; i++)
    {
      GError *layer_error = g_ptr_array_index (result->errors, i);
      emit_message (self, layer_error->message);
    }

  /* A big table opened with a quick first view: full detail in a worker,
   * as for files. */
  if (result->layers != NULL)
    ra_layer_setup_refine_async (result->layers, self->cancellable);

  first = self->first_load;
  self->first_load = FALSE;
  g_signal_emit (self, signals[LAYERS_LOADED], 0, first);
}

static void
load_tables (RaProjectSession *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GHashTable) only = NULL;
  LoadData *data;

  if (self->store == NULL)
    return;
  if (self->loading)
    {
      self->reload_again = TRUE;
      return;
    }

  /* Edits of some tables whose layers are on the map: those tables alone
   * (another editor's edit of the pipelines does not read 100,000 projects
   * again).  A table without a layer yet takes its place among the others:
   * all are read. */
  only = g_steal_pointer (&self->dirty);
  if (self->dirty_all)
    g_clear_pointer (&only, g_hash_table_unref);
  self->dirty_all = FALSE;
  if (only != NULL)
    {
      GHashTableIter iter;
      const char *table;

      g_hash_table_iter_init (&iter, only);
      while (only != NULL && g_hash_table_iter_next (&iter, (gpointer *) &table, NULL))
        if (ra_project_session_find_layer (self, table) == NULL)
          g_clear_pointer (&only, g_hash_table_unref);
    }

  for (const char * const *t = ra_project_layers_tables (); *t != NULL; t++)
    {
      const char *table = *t;
      gboolean wanted;

      if (only != NULL && !g_hash_table_contains (only, table))
        continue;

      /* GDAL refuses empty layers, and a project without any geometry
       * would only add a layer that draws nothing.  The water users are
       * built from records once the tables are read. */
      if (g_str_equal (table, "water_users"))
        wanted = FALSE;
      else if (g_str_equal (table, "projects"))
        wanted = ra_store_has_geometry (self->store, table, NULL) > 0;   /* not a list of all */
      else
        wanted = ra_store_count_rows (self->store, table, NULL) > 0;
      if (wanted)
        g_ptr_array_add (names, (gpointer) table);
    }
  if (names->len == 0 && only != NULL)
    {
      replace_layers (self, NULL, only);   /* the tables became empty */
      return;
    }
  if (names->len == 0)
    {
      remove_layers (self);
      refresh_water_users (self);
      return;
    }
  g_ptr_array_add (names, NULL);

  self->loading = TRUE;
  g_signal_emit (self, signals[LOAD_STARTED], 0);

  data = g_new0 (LoadData, 1);
  data->self = g_object_ref (self);
  data->generation = self->generation;
  data->pending = only != NULL ? 1 : 2;
  data->users_year = self->year;
  data->only = g_steal_pointer (&only);
  read_tables_async (self, (const char * const *) names->pdata, tables_loaded_cb, data);
  if (data->only == NULL)
  {
    g_autoptr(GTask) task = g_task_new (NULL, self->load_cancellable, users_built_cb, data);
    UsersJob *job = g_new0 (UsersJob, 1);

    job->reopen = ra_store_reopen_new (self->store);
    job->year = self->year;
    g_task_set_task_data (task, job, (GDestroyNotify) users_job_free);
    g_task_run_in_thread (task, users_thread);
  }
}

static gboolean
reload_timeout_cb (gpointer user_data)
{
  RaProjectSession *self = user_data;

  self->reload_source = 0;
  load_tables (self);
  return G_SOURCE_REMOVE;
}

static void
restart_reload_timer (RaProjectSession *self)
{
  if (self->reload_source != 0)
    g_source_remove (self->reload_source);
  self->reload_source = g_timeout_add (RELOAD_DELAY_MS, reload_timeout_cb, self);
}

static void
schedule_reload_table (RaProjectSession *self, const char *table)
{
  /* Edits come in bursts (an import, undoing it); reload once after. */
  if (table == NULL)
    {
      self->dirty_all = TRUE;
      g_clear_pointer (&self->dirty, g_hash_table_unref);
    }
  else if (!self->dirty_all)
    {
      if (self->dirty == NULL)
        self->dirty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_add (self->dirty, g_strdup (table));
    }
  restart_reload_timer (self);
}

static void
schedule_reload (RaProjectSession *self)
{
  schedule_reload_table (self, NULL);
}

/* The store ----------------------------------------------------------------- */

static void
store_changed_cb (RaStore *store, const char *table, gint64 row_id, RaProjectSession *self)
{
  g_signal_emit (self, signals[STORE_CHANGED], 0, table, row_id);

  if (g_strcmp0 (table, "water_users") == 0 || g_strcmp0 (table, "user_demand") == 0 ||
      g_strcmp0 (table, "allocations") == 0)
    schedule_water_users (self);
  else if (table == NULL)
    schedule_reload (self);
  else if (ra_project_table_is_layer (table) && !g_str_equal (table, "projects"))
    schedule_reload_table (self, table);
  else if (g_str_equal (table, "projects"))
    {
      /* Attribute edits matter to the map only once projects have shapes. */
      if (ra_project_session_find_layer (self, "projects") != NULL)
        schedule_reload_table (self, table);
      else if (row_id != 0)
        {
          g_autoptr(RaProjectRecord) rec = ra_store_get_project (store, row_id, NULL);
          if (rec != NULL && rec->has_geometry)
            schedule_reload_table (self, table);
        }
      else
        schedule_reload_table (self, table);
    }
}

static gboolean
poll_cb (gpointer user_data)
{
  RaProjectSession *self = user_data;

  if (self->store == NULL)
    return G_SOURCE_CONTINUE;
  if (ra_store_is_connected (self->store))
    ra_store_poll_external_changes (self->store);
  else
    ra_store_try_reconnect (self->store, NULL);
  return G_SOURCE_CONTINUE;
}

static void
connection_changed_cb (RaStore *store, RaProjectSession *self)
{
  g_signal_emit (self, signals[CONNECTION_CHANGED], 0);
}

static void
release_store (RaProjectSession *self)
{
  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
      g_signal_handlers_disconnect_by_func (self->store, connection_changed_cb, self);
    }
  g_clear_object (&self->store);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_clear_pointer (&self->dirty, g_hash_table_unref);
  self->dirty_all = FALSE;
  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_clear_handle_id (&self->users_source, g_source_remove);
}

void
ra_project_session_set_store (RaProjectSession *self, RaStore *store)
{
  g_return_if_fail (RA_IS_PROJECT_SESSION (self));
  g_return_if_fail (store == NULL || RA_IS_STORE (store));
  g_return_if_fail (self->map != NULL);

  release_store (self);
  self->load_cancellable = g_cancellable_new ();
  self->generation++;
  self->loading = FALSE;
  self->reload_again = FALSE;

  /* A project is a map of its own: what was shown before goes. */
  g_ptr_array_set_size (self->layers, 0);
  while (ra_map_get_n_layers (self->map) > 0)
    ra_map_remove_layer (self->map, 0);

  if (store != NULL)
    {
      self->store = g_object_ref (store);
      g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, 0);
      g_signal_connect_object (store, "connection-changed", G_CALLBACK (connection_changed_cb),
                               self, 0);
      self->poll_source = g_timeout_add (ra_store_get_poll_interval (store), poll_cb, self);
      self->first_load = TRUE;
      load_tables (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

void
ra_project_session_close (RaProjectSession *self)
{
  g_return_if_fail (RA_IS_PROJECT_SESSION (self));

  g_cancellable_cancel (self->cancellable);
  release_store (self);
  g_clear_object (&self->map);
  if (self->layers != NULL)
    g_ptr_array_set_size (self->layers, 0);
}

/* GObject -------------------------------------------------------------------- */

static void
ra_project_session_dispose (GObject *object)
{
  RaProjectSession *self = RA_PROJECT_SESSION (object);

  ra_project_session_close (self);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->layers, g_ptr_array_unref);

  G_OBJECT_CLASS (ra_project_session_parent_class)->dispose (object);
}

static void
ra_project_session_get_property (GObject *object, guint prop_id, GValue *value,
                                 GParamSpec *pspec)
{
  RaProjectSession *self = RA_PROJECT_SESSION (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_YEAR:
      g_value_set_int (value, self->year);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ra_project_session_class_init (RaProjectSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ra_project_session_dispose;
  object_class->get_property = ra_project_session_get_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, RA_TYPE_STORE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_YEAR] =
    g_param_spec_int ("year", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[LOAD_STARTED] =
    g_signal_new ("load-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  signals[LOAD_FINISHED] =
    g_signal_new ("load-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  signals[LAYERS_LOADED] =
    g_signal_new ("layers-loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  signals[STORE_CHANGED] =
    g_signal_new ("store-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT64);
  /* The store's server connection was lost or is back. */
  signals[CONNECTION_CHANGED] =
    g_signal_new ("connection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);
  signals[MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ra_project_session_init (RaProjectSession *self)
{
  self->layers = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
  self->load_cancellable = g_cancellable_new ();
}

RaProjectSession *
ra_project_session_new (RaMap *map)
{
  RaProjectSession *self;

  g_return_val_if_fail (RA_IS_MAP (map), NULL);

  self = g_object_new (RA_TYPE_PROJECT_SESSION, NULL);
  self->map = g_object_ref (map);
  return self;
}
