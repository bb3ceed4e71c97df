/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The desktop app on a server project (issue 19), on the throwaway cluster
 * of tests/pg/pg-cluster.sh (RA_PG_URI): Open Server Project, another
 * editor's changes arriving in the open window (inventory, map, plan
 * check), a dropped connection (view-only, said; the typed edit kept in
 * its form; reconnecting on its own; the edit saved then), and a server
 * that asks for a password. */
#include "config.h"

#include <string.h>
#include <libpq-fe.h>
#include <glib/gstdio.h>

#include "ui-test-util.h"
#include "ra-attribute-form.h"
#include "ra-check-panel.h"
#include "ra-inventory-view.h"
#include "ra-project-editor.h"
#include "ra-window.h"

typedef struct {
  RaApplication *app;
  RaWindow      *window;
  char          *tmpdir;
  char          *uri;       /* the server project: the Zhangye sample pushed */
  char          *db;        /* its database */
} Fixture;

static Fixture fx;

/* ---- the server behind the app's back ------------------------------------- */

static PGconn *
connect_db (const char *name)
{
  const char * const keys[] = { "dbname", NULL };
  const char * const values[] = { name, NULL };
  PGconn *conn = PQconnectdbParams (keys, values, 0);

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  return conn;
}

static char *
sql_text (PGconn *conn, const char *sql)
{
  PGresult *res = PQexec (conn, sql);
  char *text;

  if (PQresultStatus (res) != PGRES_TUPLES_OK && PQresultStatus (res) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (res));
  text = PQresultStatus (res) == PGRES_TUPLES_OK && PQntuples (res) > 0 &&
         !PQgetisnull (res, 0, 0) ? g_strdup (PQgetvalue (res, 0, 0)) : NULL;
  PQclear (res);
  return text;
}

static void
sql_run (const char *db, const char *sql)
{
  PGconn *conn = connect_db (db);

  g_free (sql_text (conn, sql));
  PQfinish (conn);
}

/* The Zhangye sample, built as a file and pushed into a new database. */
static void
make_server_project (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fx.tmpdir, "zhangye.sqlite", NULL);
  g_autoptr(RaStore) file = NULL;
  g_autoptr(RaStore) server = NULL;
  g_autofree char *create = NULL;
  guint n = 0;

  fx.db = g_strdup_printf ("ui_server_%d", (int) getpid ());
  create = g_strdup_printf ("CREATE DATABASE %s", fx.db);
  sql_run ("ra_test", create);
  sql_run (fx.db, "CREATE EXTENSION postgis");
  fx.uri = g_strdup_printf ("postgresql:///%s?host=%s&port=%s&user=%s", fx.db,
                            g_getenv ("PGHOST"), g_getenv ("PGPORT"), g_getenv ("PGUSER"));

  g_assert_true (ra_store_build_sample (path, "zhangye", &error));
  g_assert_no_error (error);
  file = ra_store_open (path, RA_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  server = ra_store_open (fx.uri, RA_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (ra_store_copy_project (file, server, &n, &error));
  g_assert_no_error (error);
}

/* ---- conditions ------------------------------------------------------------- */

static gboolean
server_project_open (gpointer data)
{
  RaStore *store = ra_window_get_store (fx.window);

  return ui_project_idle (fx.window) && store != NULL &&
         g_strcmp0 (ra_store_get_path (store), fx.uri) == 0;
}

static gint64
project_id_for_code (RaStore *store, const char *code)
{
  g_autoptr(GPtrArray) projects = ra_store_list_projects (store, NULL);

  g_assert_nonnull (projects);
  for (guint i = 0; i < projects->len; i++)
    {
      RaProjectRecord *p = g_ptr_array_index (projects, i);

      if (g_strcmp0 (p->code, code) == 0)
        return p->id;
    }
  g_error ("no project %s", code);
  return 0;
}

typedef struct {
  gint64      id;
  const char *name;
} ShownName;

static gboolean
inventory_shows_name (gpointer data)
{
  ShownName *want = data;
  RaInventoryView *inventory = ra_window_get_inventory_view (fx.window);

  for (guint i = 0; i < ra_inventory_view_get_n_shown (inventory); i++)
    if (ra_inventory_view_get_shown_project (inventory, i) == want->id)
      {
        g_autofree char *text = ra_inventory_view_dup_cell_text (inventory, i, "name");

        return g_strcmp0 (text, want->name) == 0;
      }
  return FALSE;
}

static RaLayer *
find_table_layer (const char *table)
{
  RaMap *map = ra_window_get_map (fx.window);

  for (guint i = 0; i < ra_map_get_n_layers (map); i++)
    {
      RaLayer *layer = ra_map_get_layer (map, i);

      if (g_strcmp0 (ra_layer_get_source_layer_name (layer), table) == 0)
        return layer;
    }
  return NULL;
}

static guint want_plants;

static gboolean
map_has_plants (gpointer data)
{
  RaLayer *layer = find_table_layer ("plants");

  return layer != NULL && ra_layer_get_n_features (layer) == want_plants;
}

static char *
check_texts (void)
{
  RaCheckPanel *panel = ra_window_get_check_panel (fx.window);
  GListModel *model = ra_check_panel_get_model (panel);
  g_autoptr(GString) all = g_string_new ("");

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autofree char *text = ra_check_panel_dup_row_text (panel, i);

      g_string_append_printf (all, "%s\n", text);
    }
  return g_string_free (g_steal_pointer (&all), FALSE);
}

static const char *check_wanted;

static gboolean
checks_mention (gpointer data)
{
  g_autofree char *texts = check_texts ();

  return strstr (texts, check_wanted) != NULL;
}

static gboolean
banner_says_lost (gpointer data)
{
  const char *banner = ra_window_get_banner_text (fx.window);

  return banner != NULL && strstr (banner, "connection") != NULL;
}

static gboolean
banner_gone (gpointer data)
{
  return ra_window_get_banner_text (fx.window) == NULL;
}

/* ---- tests ------------------------------------------------------------------ */

static void
test_open_server (void)
{
  RaStore *store;

  g_assert_true (ra_window_open_project (fx.window, fx.uri));
  g_assert_true (wait_for (server_project_open, NULL, 60));
  ui_wait_project (fx.window);
  store = ra_window_get_store (fx.window);
  g_assert_true (ra_store_is_connected (store));
  g_assert_false (ra_store_is_read_only (store));
  g_assert_cmpuint (ra_inventory_view_get_n_shown (ra_window_get_inventory_view (fx.window)),
                    ==, 18);
  g_assert_nonnull (find_table_layer ("plants"));
  g_assert_nonnull (find_table_layer ("counties"));
}

/* Another editor's commit reaches the open window's inventory, map and
 * plan check. */
static void
test_other_editor (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) other = ra_store_open (fx.uri, RA_STORE_OPEN_DEFAULT, &error);
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GValue) value = G_VALUE_INIT;
  ShownName want = { 0, "县里改的名字 renamed by a county" };
  RaLayer *plants;
  gint64 start;
  gint64 id;

  g_assert_no_error (error);
  g_assert_true (wait_for (server_project_open, NULL, 60));

  /* The inventory. */
  want.id = project_id_for_code (other, "P05");
  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, want.name);
  start = g_get_monotonic_time ();
  g_assert_true (ra_store_update_project (other, want.id, "name", &value, &error));
  g_assert_no_error (error);
  g_assert_true (wait_for (inventory_shows_name, &want, 10));
  g_test_message ("inventory shows another editor's change after %.0f ms",
                  (g_get_monotonic_time () - start) / 1000.0);

  /* The map. */
  plants = find_table_layer ("plants");
  g_assert_nonnull (plants);
  want_plants = ra_layer_get_n_features (plants) + 1;
  g_hash_table_insert (fields, (gpointer) "name", (gpointer) "另一位编辑的再生水厂");
  g_hash_table_insert (fields, (gpointer) "kind", (gpointer) "reclaimed_plant");
  start = g_get_monotonic_time ();
  id = ra_store_insert_feature (other, "plants", fields, "POINT (100.45 38.93)", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_true (wait_for (map_has_plants, NULL, 10));
  g_test_message ("map shows another editor's plant after %.0f ms",
                  (g_get_monotonic_time () - start) / 1000.0);

  /* The plan check: a capacity no county can take is a data conflict. */
  check_wanted = "data conflict";
  g_assert_false (checks_mention (NULL));
  g_value_set_string (&value, "99999");
  g_assert_true (ra_store_update_project (other, want.id, "cap_ecological", &value, &error));
  g_assert_no_error (error);
  g_assert_true (wait_for (checks_mention, NULL, 10));
  /* Put back, and the finding goes. */
  g_assert_true (ra_store_undo (other, &error));
  g_assert_no_error (error);
  g_assert_true (ra_store_undo (other, &error));
  g_assert_no_error (error);
  g_assert_true (ra_store_undo (other, &error));
  g_assert_no_error (error);
  want_plants--;
  g_assert_true (wait_for (map_has_plants, NULL, 10));
}

/* The connection drops while a change is typed: the window says so and
 * is view-only, the change stays in its form; the server back, the app
 * reconnects on its own and the change is saved with Apply. */
static void
test_dropped_connection (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *forbid = g_strdup_printf ("ALTER DATABASE %s ALLOW_CONNECTIONS false",
                                             fx.db);
  g_autofree char *allow = g_strdup_printf ("ALTER DATABASE %s ALLOW_CONNECTIONS true", fx.db);
  g_autofree char *terminate = NULL;
  g_autofree char *saved = NULL;
  RaStore *store = ra_window_get_store (fx.window);
  RaProjectEditor *editor;
  PGconn *conn;
  gint64 id;

  g_assert_true (wait_for (server_project_open, NULL, 60));
  id = project_id_for_code (store, "P03");
  editor = ra_project_editor_new (GTK_WINDOW (fx.window), store, id);
  gtk_window_present (GTK_WINDOW (editor));
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  ra_project_editor_set_field_text (editor, "notes", "断线时键入 typed while the line was down");

  /* The server drops the app's sessions and takes no new ones for now. */
  sql_run ("postgres", forbid);
  terminate = g_strdup_printf ("SELECT count(pg_terminate_backend (pid)) FROM pg_stat_activity "
                               "WHERE datname = '%s' AND application_name = 'reclaim-atlas'",
                               fx.db);
  sql_run ("postgres", terminate);

  g_assert_true (wait_for (banner_says_lost, NULL, 10));
  g_assert_true (ra_store_is_read_only (store));
  g_assert_false (ra_project_editor_apply (editor));
  /* Nothing lost: the editor is open with what was typed. */
  g_assert_nonnull (editor);
  g_assert_true (ra_project_editor_has_changes (editor));
  spin (1.0);
  g_assert_true (banner_says_lost (NULL));

  sql_run ("postgres", allow);
  g_assert_true (wait_for (banner_gone, NULL, 20));
  g_assert_true (ra_store_is_connected (store));
  g_assert_false (ra_store_is_read_only (store));
  g_assert_nonnull (editor);
  g_assert_true (ra_project_editor_has_changes (editor));
  g_assert_true (ra_project_editor_apply (editor));

  conn = connect_db (fx.db);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT notes FROM projects WHERE id = %"
                                            G_GINT64_FORMAT, id);
    saved = sql_text (conn, sql);
  }
  PQfinish (conn);
  g_assert_cmpstr (saved, ==, "断线时键入 typed while the line was down");
  if (editor != NULL)
    gtk_window_destroy (GTK_WINDOW (editor));
  g_assert_no_error (error);
}

static char *
stored_field (const char *column, gint64 id)
{
  PGconn *conn = connect_db (fx.db);
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM projects WHERE id = %" G_GINT64_FORMAT,
                                          column, id);
  char *text = sql_text (conn, sql);

  PQfinish (conn);
  return text;
}

static void
set_other (RaStore *other, gint64 id, const char *field, const char *text)
{
  g_autoptr(GError) error = NULL;
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, text);
  g_assert_true (ra_store_update_project (other, id, field, &value, &error));
  g_assert_no_error (error);
}

typedef struct {
  RaProjectEditor *editor;
  const char      *field;
  const char      *text;
} FieldShows;

static gboolean
editor_field_shows (gpointer data)
{
  FieldShows *want = data;
  g_autofree char *text = ra_project_editor_dup_field_text (want->editor, want->field);

  return g_strcmp0 (text, want->text) == 0;
}

/* Two editors save the same project: another's save arriving under a form
 * keeps what was typed; Apply over it shows both values and lets the user
 * choose (keep mine, take theirs); a save of other fields goes through
 * without asking and overwrites nothing. */
static void
test_conflict (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) other = ra_store_open (fx.uri, RA_STORE_OPEN_DEFAULT, &error);
  RaStore *store;
  RaProjectEditor *editor;
  GtkWindow *dialog;
  FieldShows shows;
  gint64 id;
  char *text;

  g_assert_no_error (error);
  g_assert_true (wait_for (server_project_open, NULL, 60));
  store = ra_window_get_store (fx.window);
  id = project_id_for_code (store, "P07");

  /* The same field on both sides: keep mine. */
  editor = ra_project_editor_new (GTK_WINDOW (fx.window), store, id);
  gtk_window_present (GTK_WINDOW (editor));
  ra_project_editor_set_field_text (editor, "owner", "市水务局 (mine)");
  set_other (other, id, "owner", "县水务局 (theirs)");
  set_other (other, id, "scope", "另一字段 other field");
  /* Their save arrives in the open form; the typed text stays. */
  shows = (FieldShows) { editor, "scope", "另一字段 other field" };
  g_assert_true (wait_for (editor_field_shows, &shows, 10));
  shows = (FieldShows) { editor, "owner", "市水务局 (mine)" };
  g_assert_true (editor_field_shows (&shows));
  g_assert_false (ra_project_editor_apply (editor));
  dialog = ra_project_editor_get_conflict_dialog (editor);
  g_assert_nonnull (dialog);
  text = stored_field ("owner", id);
  g_assert_cmpstr (text, ==, "县水务局 (theirs)");   /* nothing written yet */
  g_free (text);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "mine");
  text = stored_field ("owner", id);
  g_assert_cmpstr (text, ==, "市水务局 (mine)");
  g_free (text);
  text = stored_field ("scope", id);
  g_assert_cmpstr (text, ==, "另一字段 other field");
  g_free (text);
  spin (0.3);

  /* Take theirs: nothing written, the form shows theirs. */
  editor = ra_project_editor_new (GTK_WINDOW (fx.window), store, id);
  gtk_window_present (GTK_WINDOW (editor));
  ra_project_editor_set_field_text (editor, "owner", "我的第二次 (mine again)");
  set_other (other, id, "owner", "他们的第二次 (theirs again)");
  g_assert_false (ra_project_editor_apply (editor));
  dialog = ra_project_editor_get_conflict_dialog (editor);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "theirs");
  text = stored_field ("owner", id);
  g_assert_cmpstr (text, ==, "他们的第二次 (theirs again)");
  g_free (text);
  shows = (FieldShows) { editor, "owner", "他们的第二次 (theirs again)" };
  g_assert_true (editor_field_shows (&shows));
  g_assert_false (ra_project_editor_has_changes (editor));

  /* Different fields: saved without asking, theirs kept. */
  ra_project_editor_set_field_text (editor, "notes", "我的备注 my note");
  set_other (other, id, "prep_stage", "可研 their stage");
  g_assert_true (ra_project_editor_apply (editor));
  text = stored_field ("notes", id);
  g_assert_cmpstr (text, ==, "我的备注 my note");
  g_free (text);
  text = stored_field ("prep_stage", id);
  g_assert_cmpstr (text, ==, "可研 their stage");
  g_free (text);
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* A map feature's form: the same, through the attribute form. */
static void
test_feature_conflict (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) other = ra_store_open (fx.uri, RA_STORE_OPEN_DEFAULT, &error);
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  RaLayer *plants;
  RaAttributeForm *form;
  GtkWindow *dialog;
  gint64 id;
  char *text;

  g_assert_no_error (error);
  g_assert_true (wait_for (server_project_open, NULL, 60));
  plants = find_table_layer ("plants");
  g_assert_nonnull (plants);
  id = ra_layer_get_attrs (plants)->fids[0];
  form = ra_window_edit_feature (fx.window, plants, 0);
  g_assert_nonnull (form);
  g_object_add_weak_pointer (G_OBJECT (form), (gpointer *) &form);
  g_assert_true (ra_attribute_form_set_field (form, "name", "我的厂名 mine"));
  g_hash_table_insert (fields, (gpointer) "name", (gpointer) "他们的厂名 theirs");
  g_assert_true (ra_store_update_feature (other, "plants", id, fields, &error));
  g_assert_no_error (error);

  g_assert_cmpint (ra_attribute_form_save (form, &error), ==, 0);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  dialog = ra_attribute_form_get_conflict_dialog (form);
  g_assert_nonnull (dialog);
  {
    PGconn *conn = connect_db (fx.db);
    g_autofree char *sql = g_strdup_printf ("SELECT name FROM plants WHERE id = %" G_GINT64_FORMAT,
                                            id);
    text = sql_text (conn, sql);
    g_assert_cmpstr (text, ==, "他们的厂名 theirs");
    g_free (text);
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "mine");
    text = sql_text (conn, sql);
    g_assert_cmpstr (text, ==, "我的厂名 mine");
    g_free (text);
    PQfinish (conn);
  }
  g_assert_true (wait_for (pointer_cleared, &form, 10));
}

/* A county editor (roles and row-level security on the server) in the
 * app: another county's project is view-only in its editor, and Apply
 * anyway is refused by the server with a message and changes nothing; its
 * own county's project saves. */
static void
test_county_editor (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *owner_uri = g_strdup (fx.uri);
  g_autoptr(RaStore) owner = NULL;
  const char * const ganzhou[] = { "620702", NULL };
  g_autofree char *uri = NULL;
  g_autofree char *saved = NULL;
  RaProjectEditor *editor;
  RaStore *store;
  gint64 other_id = 0, own_id = 0;

  /* (fx.uri is the database owner's; the password test may have moved it) */
  g_free (owner_uri);
  owner_uri = g_strdup_printf ("postgresql:///%s?host=%s&port=%s&user=%s", fx.db,
                               g_getenv ("PGHOST"), g_getenv ("PGPORT"), g_getenv ("PGUSER"));
  owner = ra_store_open (owner_uri, RA_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (ra_store_setup_roles (owner, &error));
  g_assert_no_error (error);
  sql_run (fx.db, "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = "
                  "'ui_ganzhou') THEN CREATE ROLE ui_ganzhou LOGIN; END IF; END $$");
  g_assert_true (ra_store_grant_role (owner, "ui_ganzhou", RA_STORE_ROLE_COUNTY_EDITOR, ganzhou,
                                      &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) projects = ra_store_list_projects (owner, NULL);

    for (guint i = 0; i < projects->len; i++)
      {
        RaProjectRecord *p = g_ptr_array_index (projects, i);

        if (g_strcmp0 (p->adcode, "620722") == 0 && other_id == 0)
          other_id = p->id;
        if (g_strcmp0 (p->adcode, "620702") == 0 && own_id == 0)
          own_id = p->id;
      }
  }
  g_assert_cmpint (other_id, >, 0);
  g_assert_cmpint (own_id, >, 0);

  uri = g_strdup_printf ("postgresql:///%s?host=%s&port=%s&user=ui_ganzhou", fx.db,
                         g_getenv ("PGHOST"), g_getenv ("PGPORT"));
  g_free (fx.uri);
  fx.uri = g_strdup (uri);
  g_assert_true (ra_window_open_project (fx.window, uri));
  g_assert_true (wait_for (server_project_open, NULL, 30));
  store = ra_window_get_store (fx.window);
  g_assert_false (ra_store_is_read_only (store));

  /* Another county's project. */
  editor = ra_project_editor_new (GTK_WINDOW (fx.window), store, other_id);
  gtk_window_present (GTK_WINDOW (editor));
  ra_project_editor_set_field_text (editor, "notes", "不是我县的 not my county's");
  g_assert_nonnull (strstr (ra_project_editor_get_message (editor), "民乐县"));
  g_assert_false (ra_project_editor_can_apply (editor));
  g_assert_false (ra_project_editor_apply (editor));
  /* The server's refusal, said. */
  g_test_message ("refused: %s", ra_project_editor_get_message (editor));
  g_assert_nonnull (strstr (ra_project_editor_get_message (editor), "甘州区"));
  g_assert_true (ra_project_editor_has_changes (editor));
  saved = stored_field ("notes", other_id);
  g_assert_cmpstr (saved, !=, "不是我县的 not my county's");
  g_clear_pointer (&saved, g_free);
  gtk_window_destroy (GTK_WINDOW (editor));

  /* Its own. */
  editor = ra_project_editor_new (GTK_WINDOW (fx.window), store, own_id);
  gtk_window_present (GTK_WINDOW (editor));
  ra_project_editor_set_field_text (editor, "notes", "甘州区自己的 our own");
  g_assert_true (ra_project_editor_can_apply (editor));
  g_assert_true (ra_project_editor_apply (editor));
  saved = stored_field ("notes", own_id);
  g_assert_cmpstr (saved, ==, "甘州区自己的 our own");
}

static gboolean
password_dialog_shown (gpointer data)
{
  GtkWindow **found = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)) &&
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (w)), "Password") == 0)
        {
          *found = w;
          return TRUE;
        }
    }
  return FALSE;
}

/* A server asking for a password: the app asks, the typed one connects
 * and is kept nowhere (settings, recent list). */
static void
test_password (void)
{
  g_autofree char *grant = g_strdup_printf ("GRANT ALL ON DATABASE %s TO ra_password", fx.db);
  g_autofree char *uri = g_strdup_printf ("postgresql:///%s?host=%s&port=%s&user=ra_password",
                                          fx.db, g_getenv ("PGHOST"), g_getenv ("PGPORT"));
  g_autoptr(GSettings) settings = g_settings_new ("cn.reclaimatlas.ReclaimAtlas");
  g_auto(GStrv) recent = NULL;
  GtkWindow *dialog = NULL;
  GtkEditable *entry;

  sql_run (fx.db, grant);
  sql_run (fx.db, "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public "
                  "TO ra_password");
  sql_run (fx.db, "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ra_password");
  g_assert_true (ra_window_open_project (fx.window, uri));
  g_assert_true (wait_for (password_dialog_shown, &dialog, 20));
  entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_assert_nonnull (entry);
  gtk_editable_set_text (entry, "right-secret");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "connect");
  g_clear_pointer (&fx.uri, g_free);
  fx.uri = g_strdup (uri);
  g_assert_true (wait_for (server_project_open, NULL, 30));
  recent = g_settings_get_strv (settings, "recent-projects");
  for (guint i = 0; recent[i] != NULL; i++)
    g_assert_null (strstr (recent[i], "right-secret"));
  g_assert_true (g_strv_contains ((const char * const *) recent, uri));
}

int
main (int argc, char *argv[])
{
  int status;

  fx.tmpdir = ui_test_isolate_data_home ("ra-server");
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();
  if (g_getenv ("RA_PG_URI") == NULL)
    {
      g_test_skip ("needs the test cluster (tests/pg/pg-cluster.sh)");
      return g_test_run ();
    }
  make_server_project ();

  fx.window = ui_test_start_app (&fx.app);
  ui_wait_project (fx.window);

  g_test_add_func ("/ui/server/open", test_open_server);
  g_test_add_func ("/ui/server/other-editor", test_other_editor);
  g_test_add_func ("/ui/server/dropped-connection", test_dropped_connection);
  g_test_add_func ("/ui/server/conflict", test_conflict);
  g_test_add_func ("/ui/server/feature-conflict", test_feature_conflict);
  g_test_add_func ("/ui/server/password", test_password);
  g_test_add_func ("/ui/server/county-editor", test_county_editor);

  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (fx.window));
  g_clear_object (&fx.app);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", fx.tmpdir);
    if (system (cmd) != 0)
      g_test_message ("could not remove %s", fx.tmpdir);
  }
  g_free (fx.tmpdir);
  g_free (fx.uri);
  g_free (fx.db);
  return status;
}
