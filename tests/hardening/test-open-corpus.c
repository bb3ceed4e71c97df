/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every input of the bad-input corpus through the app's open path
 * (ra_window_open_path, as a drop or the Open dialog does): the window stays
 * alive, a failure is a message naming the file, and the layers already on
 * the map stay.  Usage: test-open-corpus [--tap] (RA_CORPUS_DIR names the
 * generated corpus; RA_CORPUS_ONLY=substring narrows it). */
#include "config.h"

#include <string.h>

#include "ra-application.h"
#include "ra-window.h"

typedef struct {
  RaApplication *app;
  RaWindow      *window;
  RaMap         *map;
} Fixture;

static Fixture fx;

typedef struct {
  char *name;
  char *path;
  char *info;   /* expected CLI info outcome: ok | error | any */
} Entry;

static gboolean
wait_loads (double timeout_s)
{
  gint64 end = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);

  while (ra_window_get_pending_loads (fx.window) > 0)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      if (g_get_monotonic_time () > end)
        return FALSE;
      /* A source with many layers asks which to add: add them all. */
      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

          if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
            {
              adw_message_dialog_response (ADW_MESSAGE_DIALOG (w), "add");
              gtk_window_destroy (GTK_WINDOW (w));
              break;
            }
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  /* Let the idle work after the load (layer rows, toasts) run. */
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  return TRUE;
}

static gboolean
map_has_layer (RaLayer *layer)
{
  for (guint i = 0; i < ra_map_get_n_layers (fx.map); i++)
    if (ra_map_get_layer (fx.map, i) == layer)
      return TRUE;
  return FALSE;
}

static void
test_open_entry (gconstpointer data)
{
  const Entry *e = data;
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *base = g_path_get_basename (e->path);
  g_autofree char *display = ra_path_display_name (base);
  guint messages = ra_window_get_message_count (fx.window);
  gboolean project_like = g_str_has_suffix (e->path, ".sqlite");
  guint n_before;

  for (guint i = 0; i < ra_map_get_n_layers (fx.map); i++)
    g_ptr_array_add (before, g_object_ref (ra_map_get_layer (fx.map, i)));
  n_before = before->len;

  ra_window_open_path (fx.window, e->path);
  g_assert_true (wait_loads (60));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fx.window)));

  if (ra_window_get_message_count (fx.window) > messages)
    g_test_message ("%s: %s", e->name, ra_window_get_last_message (fx.window));

  if (g_strcmp0 (e->info, "error") == 0)
    {
      /* A failure is said, and says which file. */
      g_assert_cmpuint (ra_window_get_message_count (fx.window), >, messages);
      if (strstr (ra_window_get_last_message (fx.window), display) == NULL)
        g_error ("%s: the message does not name %s: %s", e->name, display,
                 ra_window_get_last_message (fx.window));
    }
  else if (g_strcmp0 (e->info, "ok") == 0 && !project_like)
    g_assert_cmpuint (ra_map_get_n_layers (fx.map), >, n_before);

  if (!project_like)
    {
      /* The layers already loaded stay; remove what this file added. */
      for (guint i = 0; i < before->len; i++)
        g_assert_true (map_has_layer (g_ptr_array_index (before, i)));
      for (guint i = 0; i < ra_map_get_n_layers (fx.map);)
        {
          RaLayer *layer = ra_map_get_layer (fx.map, i);
          gboolean old = FALSE;

          for (guint j = 0; j < before->len && !old; j++)
            old = g_ptr_array_index (before, j) == layer;
          if (old)
            i++;
          else
            ra_map_remove_layer (fx.map, i);
        }
    }
}

static void
entry_free (gpointer data)
{
  Entry *e = data;

  g_free (e->name);
  g_free (e->path);
  g_free (e->info);
  g_free (e);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (entry_free);
  g_autofree char *data_home = NULL;
  g_autofree char *manifest_path = NULL;
  g_autofree char *manifest = NULL;
  const char *corpus = g_getenv ("RA_CORPUS_DIR");
  const char *only = g_getenv ("RA_CORPUS_ONLY");
  g_auto(GStrv) lines = NULL;
  GList *windows;
  int status;

  data_home = g_dir_make_tmp ("ra-open-corpus-XXXXXX", NULL);
  g_assert (data_home != NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_test_init (&argc, &argv, NULL);
  ra_core_init ();

  g_assert_nonnull (corpus);
  manifest_path = g_build_filename (corpus, "manifest.tsv", NULL);
  g_assert_true (g_file_get_contents (manifest_path, &manifest, NULL, &error));
  lines = g_strsplit (manifest, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], "\t", -1);
      Entry *e;

      if (g_strv_length (f) < 6 || (only != NULL && strstr (f[0], only) == NULL))
        continue;
      e = g_new0 (Entry, 1);
      e->name = g_strdup (f[0]);
      /* "{corpus}" stands for the corpus folder inside a GDAL virtual path. */
      if (strstr (f[1], "{corpus}") != NULL)
        {
          g_auto(GStrv) parts = g_strsplit (f[1], "{corpus}", 2);

          e->path = g_strconcat (parts[0], corpus, parts[1], NULL);
        }
      else
        e->path = g_build_filename (corpus, f[1], NULL);
      e->info = g_strdup (f[2]);
      g_ptr_array_add (entries, e);
    }

  fx.app = ra_application_new ();
  g_application_set_flags (G_APPLICATION (fx.app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (fx.app), NULL, &error));
  g_assert_no_error (error);
  /* A user's launch: a window on the Zhangye sample, whose layers must stay. */
  g_application_activate (G_APPLICATION (fx.app));
  windows = gtk_application_get_windows (GTK_APPLICATION (fx.app));
  g_assert_nonnull (windows);
  fx.window = RA_WINDOW (windows->data);
  fx.map = ra_window_get_map (fx.window);
  g_assert_true (wait_loads (60));

  for (guint i = 0; i < entries->len; i++)
    {
      Entry *e = g_ptr_array_index (entries, i);
      g_autofree char *test_path = g_strdup_printf ("/hardening/open/%s", e->name);

      g_test_add_data_func (test_path, e, test_open_entry);
    }
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (fx.window));
  g_object_unref (fx.app);
  return status;
}
