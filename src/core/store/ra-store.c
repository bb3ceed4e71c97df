/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RaStore, the project: the object and its ::changed signal, opening and
 * closing through a backend (ra-store-backend.h; SpatiaLite for now), the
 * checks and transactions every change goes through, the project's name,
 * and the one way the rest of the program loads a project table as a
 * layer.  Reading records is in ra-store-records.c, changes in
 * ra-store-edit.c and ra-store-features.c, undo in ra-store-history.c,
 * import and export in ra-store-io.c, samples in ra-store-sample.c, the
 * network inventory in ra-store-network.c, saved views in
 * ra-store-views.c. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

#include "ra-paths.h"
#include "ra-source.h"
#include "ra-store-private.h"

G_DEFINE_QUARK (ra-store-error-quark, ra_store_error)

enum {
  CHANGED,
  CONNECTION_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RaStore, ra_store, G_TYPE_OBJECT)

static void
ra_store_finalize (GObject *object)
{
  RaStore *self = RA_STORE (object);

  ra_store_close (self);
  g_free (self->path);
  g_free (self->named_path);
  g_free (self->read_only_reason);
  g_free (self->lost_reason);
  G_OBJECT_CLASS (ra_store_parent_class)->finalize (object);
}

static void
ra_store_class_init (RaStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ra_store_finalize;

  /**
   * RaStore::changed:
   * @table: (nullable): the table that changed, NULL for "reload everything"
   * @row_id: the row, 0 for many rows
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT64);

  /**
   * RaStore::connection-changed:
   *
   * A server's connection was lost or is back (ra_store_is_connected).
   */
  signals[CONNECTION_CHANGED] =
    g_signal_new ("connection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ra_store_init (RaStore *self)
{
  self->was_connected = TRUE;
}

/* ---- checks and transactions ------------------------------------------- */

gboolean
ra_store_check_open (RaStore *self, GError **error)
{
  if (self->db == NULL)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_FAILED,
                   _("the project is closed"));
      return FALSE;
    }
  return TRUE;
}

gboolean
ra_store_check_writable (RaStore *self, GError **error)
{
  if (!ra_store_check_open (self, error))
    return FALSE;
  if (!self->backend->connected (self->db))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_CONNECTION_LOST,
                   _("the connection to the database server is lost; nothing was saved. "
                     "Reconnecting…"));
      return FALSE;
    }
  if (self->read_only_reason != NULL)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_READ_ONLY,
                   _("the project is open view-only: %s"), self->read_only_reason);
      return FALSE;
    }
  return TRUE;
}

gboolean
ra_store_tx_begin (RaStore *self, GError **error)
{
  if (!ra_store_check_writable (self, error))
    return FALSE;
  return self->backend->begin (self->db, error);
}

gboolean
ra_store_tx_commit (RaStore *self, GError **error)
{
  return self->backend->commit (self->db, error);
}

void
ra_store_tx_rollback (RaStore *self)
{
  if (self->db != NULL)
    self->backend->rollback (self->db);
}

void
ra_store_emit_changed (RaStore *self, const char *table, gint64 row_id)
{
  g_signal_emit (self, signals[CHANGED], 0, table, row_id);
}

gboolean
ra_store_tx_end (RaStore *self, gboolean ok, const char *table, gint64 row_id, GError **error)
{
  if (!ok)
    {
      ra_store_tx_rollback (self);
      return FALSE;
    }
  if (!ra_store_tx_commit (self, error))
    return FALSE;
  ra_store_emit_changed (self, table, row_id);
  return TRUE;
}

gboolean
ra_store_prefix_error (GError **error, const char *path)
{
  if (error != NULL && *error != NULL)
    {
      g_autofree char *display = ra_path_display_name (path);

      g_prefix_error (error, "%s: ", display);
    }
  return FALSE;
}

/* ---- opening ----------------------------------------------------------- */

static RaStore *
open_full (const char        *path,
           const char        *named_path,
           const char        *password,
           RaStoreOpenFlags   flags,
           GError           **error)
{
  g_autoptr(RaStore) self = NULL;

  ra_source_init ();
  self = g_object_new (RA_TYPE_STORE, NULL);
  self->backend = &ra_store_sqlite_backend;
  if (ra_store_is_server_name (path))
    {
#ifdef HAVE_LIBPQ
      self->backend = &ra_store_pg_backend;
#else
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND,
                   _("this build of Reclaim Atlas cannot open PostgreSQL projects "
                     "(built without libpq)"));
      return ra_store_prefix_error (error, named_path), NULL;
#endif
    }
  self->path = g_strdup (path);
  self->named_path = g_strdup (named_path);
  self->db = self->backend->open (path, password, flags, &self->read_only_reason, error);
  if (self->db == NULL)
    return ra_store_prefix_error (error, named_path), NULL;
  return g_steal_pointer (&self);
}

RaStore *
ra_store_open_named (const char        *path,
                     const char        *named_path,
                     RaStoreOpenFlags   flags,
                     GError           **error)
{
  return open_full (path, named_path, NULL, flags, error);
}

RaStore *
ra_store_open_with_password (const char       *name,
                             const char       *password,
                             RaStoreOpenFlags  flags,
                             GError          **error)
{
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return open_full (name, name, password, flags, error);
}

RaStore *
ra_store_open (const char       *path,
               RaStoreOpenFlags  flags,
               GError          **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return ra_store_open_named (path, path, flags, error);
}

/* What a worker needs to open the project a second time. */
struct _RaStoreReopen {
  char *path;
  char *named_path;
  char *password;   /* (nullable) wiped when freed */
};

/**
 * ra_store_reopen_new:
 *
 * On the store's thread: what opening the same project again takes (its
 * name and, for a server, the password the connection was opened with, as
 * libpq holds it).  The password is kept by nothing else and wiped by
 * ra_store_reopen_free.
 *
 * Returns: (transfer full) (nullable): NULL when the store is closed
 */
RaStoreReopen *
ra_store_reopen_new (RaStore *self)
{
  RaStoreReopen *reopen;

  g_return_val_if_fail (RA_IS_STORE (self), NULL);

  if (self->db == NULL)
    return NULL;
  reopen = g_new0 (RaStoreReopen, 1);
  reopen->path = g_strdup (self->path);
  reopen->named_path = g_strdup (self->named_path);
  if (self->backend->dup_password != NULL)
    reopen->password = self->backend->dup_password (self->db);
  return reopen;
}

/**
 * ra_store_reopen_open:
 *
 * On any thread (a worker): a second, view-only store of the same project,
 * its own connection, used from then on by that thread only.
 *
 * Returns: (transfer full) (nullable)
 */
RaStore *
ra_store_reopen_open (RaStoreReopen *reopen, GError **error)
{
  g_return_val_if_fail (reopen != NULL, NULL);

  return open_full (reopen->path, reopen->named_path, reopen->password,
                    RA_STORE_OPEN_READ_ONLY, error);
}

void
ra_store_reopen_free (RaStoreReopen *reopen)
{
  if (reopen == NULL)
    return;
  if (reopen->password != NULL)
    memset (reopen->password, 0, strlen (reopen->password));
  g_free (reopen->password);
  g_free (reopen->path);
  g_free (reopen->named_path);
  g_free (reopen);
}

/**
 * ra_store_is_server_name:
 * @name: a project's name as given to ra_store_open
 *
 * TRUE for a PostgreSQL project: a "postgresql://" or "postgres://" URI,
 * or libpq's "service=NAME" (with or without more "key=value" words).
 */
gboolean
ra_store_is_server_name (const char *name)
{
  g_return_val_if_fail (name != NULL, FALSE);
  return g_str_has_prefix (name, "postgresql://") || g_str_has_prefix (name, "postgres://") ||
         g_str_has_prefix (name, "service=");
}

void
ra_store_close (RaStore *self)
{
  g_return_if_fail (RA_IS_STORE (self));
  g_clear_pointer (&self->db, self->backend->close);
}

const char *
ra_store_get_path (RaStore *self)
{
  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  return self->path;
}

/**
 * ra_store_get_db:
 *
 * The SpatiaLite backend's SQLite connection, for tests that damage a
 * project on purpose; the program itself goes through the store's own
 * functions only.
 *
 * Returns: (transfer none) (nullable): the SQLite connection, NULL once closed
 */
struct sqlite3 *
ra_store_get_db (RaStore *self)
{
  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  if (self->backend != &ra_store_sqlite_backend)
    return NULL;
  return self->db != NULL ? self->backend->get_handle (self->db) : NULL;
}

gboolean
ra_store_is_read_only (RaStore *self)
{
  g_return_val_if_fail (RA_IS_STORE (self), TRUE);
  return self->read_only_reason != NULL || !ra_store_is_connected (self);
}

const char *
ra_store_get_read_only_reason (RaStore *self)
{
  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  if (self->read_only_reason == NULL && !ra_store_is_connected (self))
    {
      if (self->lost_reason == NULL)
        self->lost_reason = g_strdup (_("the connection to the database server is lost; "
                                        "reconnecting"));
      return self->lost_reason;
    }
  return self->read_only_reason;
}

gboolean
ra_store_is_connected (RaStore *self)
{
  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  return self->db != NULL && self->backend->connected (self->db);
}

guint
ra_store_get_poll_interval (RaStore *self)
{
  g_return_val_if_fail (RA_IS_STORE (self), 2000);
  return self->backend->poll_interval_ms;
}

/* Emits ::connection-changed when the connection went or came back since
 * the last look. */
static void
note_connection (RaStore *self)
{
  gboolean connected = ra_store_is_connected (self);

  if (connected == self->was_connected)
    return;
  self->was_connected = connected;
  g_signal_emit (self, signals[CONNECTION_CHANGED], 0);
}

gboolean
ra_store_try_reconnect (RaStore *self, GError **error)
{
  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  if (self->db == NULL)
    return ra_store_check_open (self, error);
  /* (The loss may have been met by a read, not by the poll: said now.) */
  note_connection (self);
  if (self->backend->connected (self->db))
    return TRUE;
  if (self->backend->reconnect_step (self->db, error) != RA_STORE_RECONNECT_DONE)
    return FALSE;
  note_connection (self);
  /* Other editors may have changed anything meanwhile. */
  ra_store_emit_changed (self, NULL, 0);
  return TRUE;
}

/* ---- who may do what ----------------------------------------------------- */

gboolean
ra_store_can_edit_county (RaStore *self, const char *adcode)
{
  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  if (self->db == NULL || self->read_only_reason != NULL)
    return FALSE;
  if (self->backend->can_edit_county == NULL)
    return TRUE;
  return self->backend->can_edit_county (self->db, adcode);
}

static gboolean
roles_not_here (RaStore *self, GError **error)
{
  g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_FAILED,
               _("roles live on a PostgreSQL server; a project file has none"));
  return ra_store_prefix_error (error, self->named_path);
}

gboolean
ra_store_setup_roles (RaStore *self, GError **error)
{
  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  if (!ra_store_check_writable (self, error))
    return FALSE;
  if (self->backend->setup_roles == NULL)
    return roles_not_here (self, error);
  if (!self->backend->setup_roles (self->db, error))
    return ra_store_prefix_error (error, self->named_path);
  return TRUE;
}

gboolean
ra_store_grant_role (RaStore            *self,
                     const char         *login,
                     RaStoreRole         role,
                     const char * const *adcodes,
                     GError            **error)
{
  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  g_return_val_if_fail (login != NULL, FALSE);
  g_return_val_if_fail (role >= RA_STORE_ROLE_NONE && role <= RA_STORE_ROLE_CITY_PLANNER, FALSE);

  if (!ra_store_check_writable (self, error))
    return FALSE;
  if (self->backend->grant_role == NULL)
    return roles_not_here (self, error);
  if (role == RA_STORE_ROLE_COUNTY_EDITOR && (adcodes == NULL || adcodes[0] == NULL))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                   _("a county editor needs the counties it edits (adcodes)"));
      return FALSE;
    }
  if (!self->backend->grant_role (self->db, login, role, adcodes, error))
    return ra_store_prefix_error (error, self->named_path);
  return TRUE;
}

void
ra_store_set_busy_timeout (RaStore *self, int milliseconds)
{
  g_return_if_fail (RA_IS_STORE (self));
  if (self->db != NULL)
    self->backend->set_busy_timeout (self->db, MAX (milliseconds, 0));
}

static void
change_clear (gpointer data)
{
  g_free (((RaStoreChange *) data)->table);
}

static int
compare_ids (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Each changed row once, in id order, table by table in the order the
 * tables came; a table with more than EXTERNAL_ROWS_MAX rows, or changed
 * as a whole, once as (table, 0); when the backend could not tell what
 * changed, (NULL, 0). */
#define EXTERNAL_ROWS_MAX 200

static void
emit_external_changes (RaStore *self, GArray *changes)
{
  g_autoptr(GPtrArray) tables = g_ptr_array_new ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  if (changes->len == 0)
    {
      ra_store_emit_changed (self, NULL, 0);
      return;
    }
  for (guint i = 0; i < changes->len; i++)
    {
      RaStoreChange *c = &g_array_index (changes, RaStoreChange, i);
      GArray *of_table = NULL;

      for (guint t = 0; t < tables->len && of_table == NULL; t++)
        if (strcmp (g_ptr_array_index (tables, t), c->table) == 0)
          of_table = g_ptr_array_index (ids, t);
      if (of_table == NULL)
        {
          of_table = g_array_new (FALSE, FALSE, sizeof (gint64));
          g_ptr_array_add (tables, c->table);
          g_ptr_array_add (ids, of_table);
        }
      /* A single 0 stands for the whole table. */
      if (of_table->len == 1 && g_array_index (of_table, gint64, 0) == 0)
        continue;
      if (c->row_id == 0 || of_table->len >= EXTERNAL_ROWS_MAX)
        {
          g_array_set_size (of_table, 1);
          g_array_index (of_table, gint64, 0) = 0;
        }
      else
        g_array_append_val (of_table, c->row_id);
    }
  for (guint t = 0; t < tables->len; t++)
    {
      GArray *of_table = g_ptr_array_index (ids, t);

      g_array_sort (of_table, compare_ids);
      for (guint k = 0; k < of_table->len; k++)
        {
          gint64 id = g_array_index (of_table, gint64, k);

          if (k == 0 || id != g_array_index (of_table, gint64, k - 1))
            ra_store_emit_changed (self, g_ptr_array_index (tables, t), id);
        }
    }
}

gboolean
ra_store_poll_external_changes (RaStore *self)
{
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (RaStoreChange));

  g_array_set_clear_func (changes, change_clear);
  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  if (self->db == NULL)
    return FALSE;
  if (!self->backend->poll_changes (self->db, changes))
    {
      note_connection (self);
      return FALSE;
    }
  note_connection (self);
  emit_external_changes (self, changes);
  return TRUE;
}

char *
ra_store_check_integrity (RaStore *self, GError **error)
{
  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  if (!ra_store_check_open (self, error))
    return NULL;
  return self->backend->check_integrity (self->db, error);
}

/* Written as dest_path.part and renamed when whole: a failed copy leaves
 * no half project behind. */
static gboolean
copy_to_file (RaStore *self, const char *dest_path, GError **error)
{
  g_autofree char *part = g_strconcat (dest_path, ".part", NULL);
  g_autoptr(RaStore) file = NULL;
  guint n_rows = 0;

  g_unlink (part);
  file = ra_store_open_named (part, dest_path, RA_STORE_OPEN_CREATE, error);
  if (file == NULL || !ra_store_copy_project (self, file, &n_rows, error))
    {
      g_clear_object (&file);
      g_unlink (part);
      return FALSE;
    }
  /* Closing writes the WAL back into the file: one file to rename. */
  ra_store_close (file);
  if (g_rename (part, dest_path) != 0)
    {
      int saved = errno;
      g_autofree char *display = ra_path_display_name (dest_path);

      g_unlink (part);
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_FAILED, "%s: %s", display,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

gboolean
ra_store_save_copy (RaStore *self, const char *dest_path, GError **error)
{
  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);
  if (!ra_store_check_open (self, error))
    return FALSE;
  if (g_file_test (dest_path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *display = ra_path_display_name (dest_path);

      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_FAILED,
                   _("%s: file exists; choose another name"), display);
      return FALSE;
    }
  /* A server project: every row copied into a new file (as `pull`). */
  if (ra_store_is_server_name (self->path))
    return copy_to_file (self, dest_path, error);
  return self->backend->save_copy (self->db, dest_path, error);
}

/* ---- project name (meta) ----------------------------------------------- */

char *
ra_store_dup_project_name (RaStore *self)
{
  char *name = NULL;

  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  if (self->db != NULL)
    name = self->backend->dup_meta (self->db, "project_name");
  if ((name == NULL || *name == '\0') && ra_store_is_server_name (self->path))
    {
      g_free (name);
      name = ra_path_display_name (self->path);   /* without a password */
    }
  else if (name == NULL || *name == '\0')
    {
      g_free (name);
      name = g_path_get_basename (self->path);
    }
  return name;
}

gboolean
ra_store_set_project_name (RaStore *self, const char *name, GError **error)
{
  const RaStoreTable *meta = ra_store_find_table ("meta");
  const RaStoreColumn *column = ra_store_find_column (meta, "value");
  RaStoreValue value = ra_store_value_text (name);
  gint64 row_id;

  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!ra_store_tx_begin (self, error))
    return FALSE;
  row_id = self->backend->meta_row_id (self->db, "project_name");
  return ra_store_tx_end (self,
                          ra_store_update_recorded (self, meta, row_id, 1, &column, &value, NULL,
                                                    "update", _("Rename project"), error),
                          "meta", row_id, error);
}

/* ---- project settings (meta rows "setting.*") ------------------------------ */

/**
 * ra_store_dup_setting:
 * @key: a setting's name, e.g. "balance.reach_km"
 *
 * Returns: (transfer full) (nullable): its text, NULL when never set
 */
char *
ra_store_dup_setting (RaStore *self, const char *key)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);
  if (self->db == NULL)
    return NULL;
  name = g_strconcat ("setting.", key, NULL);
  return self->backend->dup_meta (self->db, name);
}

double
ra_store_get_setting_number (RaStore *self, const char *key, double fallback)
{
  g_autofree char *text = ra_store_dup_setting (self, key);
  double v;

  if (text == NULL || !ra_store_parse_number (text, &v))
    return fallback;
  return v;
}

/**
 * ra_store_set_setting:
 * @value: (nullable): NULL or blank clears it (back to the default)
 *
 * One transaction, audit row and undo step.
 */
gboolean
ra_store_set_setting (RaStore *self, const char *key, const char *value, GError **error)
{
  const RaStoreTable *meta = ra_store_find_table ("meta");
  const RaStoreColumn *columns[2] = { ra_store_find_column (meta, "key"),
                                      ra_store_find_column (meta, "value") };
  g_autofree char *name = NULL;
  g_autofree char *label = NULL;
  RaStoreValue values[2];
  gint64 row_id;
  gboolean ok;

  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL && *key != '\0', FALSE);

  if (!ra_store_check_writable (self, error))
    return FALSE;
  name = g_strconcat ("setting.", key, NULL);
  /* TRANSLATORS: the undo label of a project setting, e.g. "Set balance.reach_km" */
  label = g_strdup_printf (_("Change setting %s"), key);
  values[0] = ra_store_value_text (name);
  values[1] = ra_store_value_text (ra_store_is_blank (value) ? NULL : value);
  if (!ra_store_tx_begin (self, error))
    return FALSE;
  row_id = self->backend->meta_row_id (self->db, name);
  if (row_id > 0)
    ok = ra_store_update_recorded (self, meta, row_id, 1, &columns[1], &values[1], NULL,
                                   "update", label, error);
  else
    ok = (row_id = ra_store_insert_recorded (self, meta, 2, columns, values, NULL, label,
                                             error)) > 0;
  return ra_store_tx_end (self, ok, "meta", row_id, error);
}

/* ---- the project's tables as layers -------------------------------------- */

/**
 * ra_store_load_layer:
 * @table: a table (or view) of the project, e.g. "counties"
 *
 * The one way in for a module that draws or measures a project table:
 * ra_source_load_layer on the project as GDAL sees it.
 *
 * Returns: (transfer full) (nullable): the layer in EPSG:4490
 */
RaLayer *
ra_store_load_layer (RaStore       *self,
                     const char    *table,
                     GCancellable  *cancellable,
                     GError       **error)
{
  const char *gdal_name;
  RaLayer *layer;

  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  g_return_val_if_fail (table != NULL, NULL);

  if (!ra_store_check_open (self, error))
    return NULL;
  gdal_name = self->backend->gdal_name (self->db);
  layer = ra_source_load_layer (gdal_name, table, cancellable, error);
  /* GDAL's name of a server project ("PG:host=…") is no name for a
   * message: the caller names the project. */
  if (layer == NULL && error != NULL && *error != NULL && ra_store_is_server_name (self->path))
    {
      g_autofree char *display = ra_path_display_name (gdal_name);
      gsize n = strlen (display);

      if (strncmp ((*error)->message, display, n) == 0 && (*error)->message[n] == ':')
        {
          char *rest = g_strdup (g_strchug ((*error)->message + n + 1));

          g_free ((*error)->message);
          (*error)->message = rest;
        }
    }
  return layer;
}

static void
layers_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  RaSourceResult *loaded = ra_source_load_finish (result, &error);

  if (loaded == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* The project's own name, not how GDAL reached it (a server's "PG:…"). */
  g_free (loaded->path);
  loaded->path = g_strdup (RA_STORE (g_task_get_source_object (task))->path);
  g_task_return_pointer (task, loaded, (GDestroyNotify) ra_source_result_free);
}

/**
 * ra_store_load_layers_async:
 * @tables: (array zero-terminated=1): tables of the project
 * @map_crs: (nullable): as for ra_source_load_async
 *
 * ra_source_load_async for the project's tables, through the store.
 * Finish with ra_store_load_layers_finish.
 */
void
ra_store_load_layers_async (RaStore             *self,
                            const char * const  *tables,
                            RaCrs               *map_crs,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (RA_IS_STORE (self));
  g_return_if_fail (tables != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ra_store_load_layers_async);
  if (!ra_store_check_open (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  ra_source_load_async (self->backend->gdal_name (self->db), tables, map_crs, cancellable,
                        layers_loaded_cb, g_steal_pointer (&task));
}

/**
 * ra_store_load_layers_finish:
 * Returns: (transfer full) (nullable): as ra_source_load_finish
 */
RaSourceResult *
ra_store_load_layers_finish (RaStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ra_store_load_layers_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
