/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "ui-test-util.h"
#include "ra-project-settings.h"
#include "ra-balance.h"
#include "ra-plan-check.h"
#include "ra-figure-source.h"
#include "ra-layout-editor.h"
#include "ra-layout-preview.h"
#include "ra-project-session.h"
#include "ra-render-job.h"

/* The app's parts that stand without the main window, each driven alone:
 *
 * - RaRenderJob (the map view's and the layout preview's renders): changes
 *   within the quiet time make one render; a render overtaken by a newer
 *   one is never delivered, the newer one is, once; run_now skips the
 *   quiet time; after stop nothing is prepared or delivered.
 * - RaProjectSession: a store's tables become labelled layers of a map,
 *   one load started and finished; a change to a table reloads it keeping
 *   the layer's visibility; a store set while the first still loads
 *   supersedes it (its load finishes, its layers never arrive).
 * - RaFigureSource and the layout editor built on it, with no RaWindow:
 *   the context carries the year and the project's name, the editor opens
 *   on the project's default layout and draws it; once the map view has
 *   gone the source gives no context and the editor keeps its page. */

static char *tmpdir;
static char *sample_path;

/* RaRenderJob ----------------------------------------------------------------- */

typedef struct {
  GMutex    lock;
  GCond     cond;
  gboolean  gate_open;
  guint     n_prepared;
  guint     n_rendered;     /* render funcs run (any thread) */
  guint     n_done;
  int       last_done;      /* the number of the render delivered last */
} JobState;

typedef struct {
  JobState *state;
  int       number;         /* the n-th prepare */
} JobData;

static gpointer
job_prepare (gpointer owner)
{
  JobState *state = owner;
  JobData *data = g_new0 (JobData, 1);

  data->state = state;
  data->number = ++state->n_prepared;
  return data;
}

static cairo_surface_t *
job_render (gpointer data, GCancellable *cancellable)
{
  JobData *job = data;
  JobState *state = job->state;

  g_mutex_lock (&state->lock);
  while (!state->gate_open && !g_cancellable_is_cancelled (cancellable))
    g_cond_wait_until (&state->cond, &state->lock, g_get_monotonic_time () + 5000);
  state->n_rendered++;
  g_mutex_unlock (&state->lock);
  return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 4, 3);
}

static void
job_done (gpointer owner, GdkTexture *texture, cairo_surface_t *surface, gpointer data)
{
  JobState *state = owner;

  g_assert_true (GDK_IS_TEXTURE (texture));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 4);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 3);
  state->n_done++;
  state->last_done = ((JobData *) data)->number;
}

static const RaRenderJobFuncs job_funcs = { job_prepare, job_render, job_done, g_free };

static void
job_state_init (JobState *state)
{
  memset (state, 0, sizeof *state);
  g_mutex_init (&state->lock);
  g_cond_init (&state->cond);
}

static void
job_state_clear (JobState *state)
{
  g_mutex_clear (&state->lock);
  g_cond_clear (&state->cond);
}

static void
open_gate (JobState *state, gboolean open)
{
  g_mutex_lock (&state->lock);
  state->gate_open = open;
  g_cond_broadcast (&state->cond);
  g_mutex_unlock (&state->lock);
}

static gboolean
job_idle (gpointer data)
{
  return !ra_render_job_is_busy (data);
}

static gboolean
job_rendering (gpointer data)
{
  JobState *state = data;
  gboolean started;

  g_mutex_lock (&state->lock);
  started = state->n_prepared > 0;
  g_mutex_unlock (&state->lock);
  return started;
}

static void
test_render_job_debounce (void)
{
  JobState state;
  g_autoptr(RaRenderJob) job = NULL;

  job_state_init (&state);
  job = ra_render_job_new (&job_funcs, &state, 200);
  state.gate_open = TRUE;
  g_assert_false (ra_render_job_is_busy (job));
  for (int i = 0; i < 3; i++)
    {
      ra_render_job_schedule (job);
      spin (0.01);
    }
  g_assert_true (ra_render_job_is_busy (job));
  g_assert_cmpuint (state.n_prepared, ==, 0);
  g_assert_true (wait_for (job_idle, job, 10));
  g_assert_cmpuint (state.n_prepared, ==, 1);
  g_assert_cmpuint (state.n_done, ==, 1);
  g_assert_cmpint (state.last_done, ==, 1);

  /* Nothing waits: run_now has nothing to start. */
  ra_render_job_run_now (job);
  g_assert_false (ra_render_job_is_busy (job));
  g_assert_cmpuint (state.n_prepared, ==, 1);

  /* A long quiet time, skipped. */
  ra_render_job_stop (job);
  g_clear_object (&job);
  job = ra_render_job_new (&job_funcs, &state, 60 * 1000);
  ra_render_job_schedule (job);
  ra_render_job_run_now (job);
  g_assert_cmpuint (state.n_prepared, ==, 2);
  g_assert_true (wait_for (job_idle, job, 10));
  g_assert_cmpuint (state.n_done, ==, 2);
  g_assert_cmpint (state.last_done, ==, 2);
  ra_render_job_stop (job);
  job_state_clear (&state);
}

static void
test_render_job_stale (void)
{
  JobState state;
  g_autoptr(RaRenderJob) job = NULL;

  job_state_init (&state);
  job = ra_render_job_new (&job_funcs, &state, 10);

  /* The first render blocks in its thread; a change meanwhile cancels it. */
  ra_render_job_schedule (job);
  g_assert_true (wait_for (job_rendering, &state, 10));
  ra_render_job_schedule (job);
  open_gate (&state, TRUE);
  g_assert_true (wait_for (job_idle, job, 10));
  spin (0.05);
  g_assert_cmpuint (state.n_prepared, ==, 2);
  g_assert_cmpuint (state.n_done, ==, 1);
  g_assert_cmpint (state.last_done, ==, 2);
  ra_render_job_stop (job);
  job_state_clear (&state);
}

static void
test_render_job_stop (void)
{
  JobState state;
  g_autoptr(RaRenderJob) job = NULL;

  job_state_init (&state);
  job = ra_render_job_new (&job_funcs, &state, 10);

  /* Stopped while waiting: never prepared. */
  ra_render_job_schedule (job);
  ra_render_job_stop (job);
  g_assert_false (ra_render_job_is_busy (job));
  spin (0.05);
  g_assert_cmpuint (state.n_prepared, ==, 0);
  ra_render_job_schedule (job);
  spin (0.05);
  g_assert_cmpuint (state.n_prepared, ==, 0);
  g_clear_object (&job);

  /* Stopped while rendering: the result is dropped. */
  job = ra_render_job_new (&job_funcs, &state, 10);
  ra_render_job_schedule (job);
  g_assert_true (wait_for (job_rendering, &state, 10));
  ra_render_job_stop (job);
  open_gate (&state, TRUE);
  spin (0.2);
  g_assert_cmpuint (state.n_prepared, ==, 1);
  g_assert_cmpuint (state.n_done, ==, 0);
  job_state_clear (&state);
}

/* RaProjectSession ----------------------------------------------------------------- */

typedef struct {
  guint    started;
  guint    finished;
  guint    loaded;
  guint    loaded_first;
  guint    changed;
  guint    messages;
} SessionCounts;

static void
count_started (RaProjectSession *session, SessionCounts *c)
{
  c->started++;
}

static void
count_finished (RaProjectSession *session, SessionCounts *c)
{
  c->finished++;
}

static void
count_loaded (RaProjectSession *session, gboolean first, SessionCounts *c)
{
  c->loaded++;
  if (first)
    c->loaded_first++;
}

static void
count_changed (RaProjectSession *session, const char *table, gint64 row_id, SessionCounts *c)
{
  c->changed++;
}

static void
count_message (RaProjectSession *session, const char *text, SessionCounts *c)
{
  g_test_message ("session: %s", text);
  c->messages++;
}

static RaProjectSession *
new_session (RaMap *map, SessionCounts *c)
{
  RaProjectSession *session = ra_project_session_new (map);

  g_signal_connect (session, "load-started", G_CALLBACK (count_started), c);
  g_signal_connect (session, "load-finished", G_CALLBACK (count_finished), c);
  g_signal_connect (session, "layers-loaded", G_CALLBACK (count_loaded), c);
  g_signal_connect (session, "store-changed", G_CALLBACK (count_changed), c);
  g_signal_connect (session, "message", G_CALLBACK (count_message), c);
  return session;
}

static RaStore *
open_sample (void)
{
  g_autoptr(GError) error = NULL;
  RaStore *store = ra_store_open (sample_path, RA_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  return store;
}

typedef struct {
  SessionCounts *counts;
  guint          loaded;
} LoadedWait;

static gboolean
loaded_more (gpointer data)
{
  LoadedWait *w = data;

  return w->counts->loaded > w->loaded && w->counts->started == w->counts->finished;
}

static void
test_session_load (void)
{
  g_autoptr(RaMap) map = ra_map_new ();
  SessionCounts c = { 0 };
  g_autoptr(RaProjectSession) session = new_session (map, &c);
  g_autoptr(RaStore) store = open_sample ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  LoadedWait w = { &c, 0 };
  RaLayer *counties, *plants, *users;
  g_autoptr(RaLayer) old_plants = NULL;
  GPtrArray *layers;
  gint64 id;

  ra_project_session_set_store (session, store);
  g_assert_true (ra_project_session_get_store (session) == store);
  g_assert_true (ra_project_session_is_loading (session));
  g_assert_cmpuint (c.started, ==, 1);
  g_assert_true (wait_for (loaded_more, &w, 60));
  g_assert_false (ra_project_session_is_loading (session));
  g_assert_cmpuint (c.finished, ==, 1);
  g_assert_cmpuint (c.loaded_first, ==, 1);
  g_assert_cmpuint (c.messages, ==, 0);

  /* Every table layer is on the map, named for the user, in table order
   * (the water users on top, then plants; counties at the bottom). */
  layers = ra_project_session_get_layers (session);
  g_assert_cmpuint (layers->len, >=, 2);
  g_assert_cmpuint (ra_map_get_n_layers (map), ==, layers->len);
  counties = ra_project_session_find_layer (session, "counties");
  plants = ra_project_session_find_layer (session, "plants");
  g_assert_nonnull (counties);
  g_assert_nonnull (plants);
  g_assert_true (ra_project_session_has_layer (session, counties));
  g_assert_cmpstr (ra_layer_get_name (counties), ==, ra_project_table_label ("counties"));
  g_assert_cmpstr (ra_layer_get_name (counties), ==, "Counties");
  users = ra_project_session_find_layer (session, "water_users");
  g_assert_nonnull (users);
  g_assert_cmpint (ra_map_find_layer (map, users), ==, 0);
  g_assert_cmpint (ra_map_find_layer (map, plants), ==, 1);
  g_assert_cmpint (ra_map_find_layer (map, counties), ==, (int) ra_map_get_n_layers (map) - 1);
  g_assert_true (ra_project_table_is_layer ("pipelines"));
  g_assert_false (ra_project_table_is_layer ("indicators"));

  /* A new plant reloads the plants table alone; the plants layer is
   * replaced where it was and keeps being hidden, the other layers are the
   * same objects (not read again). */
  ra_layer_set_visible (plants, FALSE);
  old_plants = g_object_ref (plants);
  w.loaded = c.loaded;
  g_hash_table_insert (fields, "name", "Intake 1");
  g_hash_table_insert (fields, "kind", "intake");
  id = ra_store_insert_feature (store, "plants", fields, "POINT(100.45 38.93)", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpuint (c.changed, >=, 1);
  g_assert_true (wait_for (loaded_more, &w, 60));
  g_assert_cmpuint (c.loaded_first, ==, 1);
  plants = ra_project_session_find_layer (session, "plants");
  g_assert_nonnull (plants);
  g_assert_false (ra_layer_get_visible (plants));
  g_assert_cmpint (ra_map_find_layer (map, plants), ==, 1);
  g_assert_cmpuint (ra_map_get_n_layers (map), ==, ra_project_session_get_layers (session)->len);
  g_assert_true (plants != old_plants);
  g_assert_true (ra_project_session_find_layer (session, "counties") == counties);
  g_assert_true (ra_project_session_find_layer (session, "water_users") == users);
  g_assert_cmpint (ra_map_find_layer (map, counties), ==, (int) ra_map_get_n_layers (map) - 1);

  /* Everything changed (::changed (NULL, 0), as after an undo of an import
   * or an outside change without names): every table read again. */
  w.loaded = c.loaded;
  g_signal_emit_by_name (store, "changed", NULL, (gint64) 0);
  g_assert_true (wait_for (loaded_more, &w, 60));
  g_assert_true (ra_project_session_find_layer (session, "counties") != counties);
  g_assert_true (ra_project_session_find_layer (session, "plants") != plants);
  g_assert_false (ra_layer_get_visible (ra_project_session_find_layer (session, "plants")));
  g_assert_cmpuint (ra_map_get_n_layers (map), ==, ra_project_session_get_layers (session)->len);

  ra_project_session_close (session);
  g_assert_null (ra_project_session_get_store (session));
}

static void
test_session_superseded (void)
{
  g_autoptr(RaMap) map = ra_map_new ();
  SessionCounts c = { 0 };
  g_autoptr(RaProjectSession) session = new_session (map, &c);
  g_autoptr(RaStore) first = open_sample ();
  g_autoptr(RaStore) second = open_sample ();
  LoadedWait w = { &c, 0 };
  guint generation = ra_project_session_get_generation (session);

  ra_project_session_set_store (session, first);
  ra_project_session_set_store (session, second);
  g_assert_cmpuint (ra_project_session_get_generation (session), ==, generation + 2);
  g_assert_true (wait_for (loaded_more, &w, 60));
  spin (0.3);
  g_assert_cmpuint (c.started, ==, 2);
  g_assert_cmpuint (c.finished, ==, 2);
  g_assert_cmpuint (c.loaded, ==, 1);
  g_assert_true (ra_project_session_get_store (session) == second);
  g_assert_cmpuint (ra_map_get_n_layers (map), ==, ra_project_session_get_layers (session)->len);

  /* No store: an empty map. */
  ra_project_session_set_store (session, NULL);
  g_assert_cmpuint (ra_map_get_n_layers (map), ==, 0);
  g_assert_cmpuint (ra_project_session_get_layers (session)->len, ==, 0);
  g_assert_false (ra_project_session_is_loading (session));
}

/* RaFigureSource and the layout editor ---------------------------------------- */

static gboolean
preview_drawn (gpointer data)
{
  RaLayoutPreview *preview = data;

  return ra_layout_preview_get_render_count (preview) > 0 &&
         !ra_layout_preview_is_rendering (preview);
}

static void
test_figure_source (void)
{
  g_autoptr(RaMap) map = ra_map_new ();
  SessionCounts c = { 0 };
  g_autoptr(RaProjectSession) session = new_session (map, &c);
  g_autoptr(RaStore) store = open_sample ();
  g_autoptr(RaFigureSource) source = NULL;
  g_autoptr(RaLayoutContext) ctx = NULL;
  g_autofree char *name = ra_store_dup_project_name (store);
  LoadedWait w = { &c, 0 };
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = ra_map_view_new ();
  RaLayoutEditor *editor;
  RaLayoutPreview *preview;

  ra_map_view_set_map (RA_MAP_VIEW (view), map);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 480);
  gtk_window_present (GTK_WINDOW (window));
  ra_project_session_set_store (session, store);
  g_assert_true (wait_for (loaded_more, &w, 60));

  source = ra_figure_source_new (map, RA_MAP_VIEW (view));
  ra_figure_source_set_store (source, store);
  ra_figure_source_set_year (source, 2030);
  g_assert_true (ra_figure_source_get_store (source) == store);
  g_assert_cmpint (ra_figure_source_get_year (source), ==, 2030);
  ctx = ra_figure_source_dup_context (source);
  g_assert_nonnull (ctx);
  g_assert_cmpint (ctx->year, ==, 2030);
  g_assert_cmpstr (ctx->project_name, ==, name);
  g_assert_nonnull (ctx->snapshot);
  g_assert_nonnull (ctx->date);

  /* The editor takes what it draws from the source alone. */
  editor = ra_layout_editor_new (NULL, source);
  gtk_window_set_default_size (GTK_WINDOW (editor), 1000, 700);
  gtk_window_present (GTK_WINDOW (editor));
  preview = ra_layout_editor_get_preview (editor);
  g_assert_nonnull (ra_layout_editor_get_layout (editor));
  g_assert_true (wait_for (preview_drawn, preview, 30));

  /* The map view goes (its window closed): no context any more, and the
   * editor, brought to the front, keeps the page it has. */
  gtk_window_destroy (GTK_WINDOW (window));
  spin (0.1);
  g_assert_null (ra_figure_source_dup_context (source));
  gtk_window_present (GTK_WINDOW (editor));
  spin (0.2);
  g_assert_nonnull (ra_layout_editor_get_layout (editor));
  gtk_window_destroy (GTK_WINDOW (editor));
  ra_project_session_close (session);
}

/* The water balance's settings in the project settings window: a reach
 * set there is stored in the project (one undo step), the balance check
 * uses it, and the window follows an undo.  昆仑生化 lies 1.33 km from the
 * sample's network, south of the east trunk of 甘州区's illustrative network
 * (100.47 38.925 below the trunk at 38.937; water_users.csv,
 * pipelines.csv): flagged unallocated within 5 km, not within 0.5 km. */
static gboolean
kunlun_flagged (RaStore *store)
{
  g_autoptr(GError) error = NULL;
  RaBalance *b = ra_balance_new_from_store (store, 2030, NULL, &error);
  g_autoptr(GListModel) findings = NULL;
  gboolean found = FALSE;

  g_assert_no_error (error);
  findings = ra_balance_check (b);
  for (guint i = 0; i < g_list_model_get_n_items (findings); i++)
    {
      g_autoptr(RaPlanFinding) f = g_list_model_get_item (findings, i);

      if (g_str_equal (ra_plan_finding_get_code (f), "user-unallocated") &&
          strstr (ra_plan_finding_get_message (f), "昆仑生化") != NULL)
        found = TRUE;
    }
  ra_balance_free (b);
  return found;
}

static void
test_settings_balance (void)
{
  g_autofree char *copy = g_build_filename (tmpdir, "settings.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = NULL;
  RaProjectSettings *win;
  g_autofree char *stored = NULL;

  g_assert_true (ra_store_build_sample (copy, "zhangye", &error));
  g_assert_no_error (error);
  store = ra_store_open (copy, RA_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_null (ra_store_dup_setting (store, RA_BALANCE_SETTING_REACH_KM));
  g_assert_true (kunlun_flagged (store));

  win = ra_project_settings_new (NULL, store);
  gtk_window_present (GTK_WINDOW (win));
  spin (0.2);
  g_assert_true (ra_project_settings_set_balance (win, RA_BALANCE_SETTING_REACH_KM, 0.5));
  g_assert_false (ra_project_settings_set_balance (win, "balance.no_such_setting", 1));
  stored = ra_store_dup_setting (store, RA_BALANCE_SETTING_REACH_KM);
  g_assert_cmpstr (stored, ==, "0.5");
  g_assert_false (kunlun_flagged (store));

  g_assert_true (ra_store_undo (store, &error));
  g_assert_no_error (error);
  spin (0.2);
  g_assert_null (ra_store_dup_setting (store, RA_BALANCE_SETTING_REACH_KM));
  g_assert_true (kunlun_flagged (store));
  /* The window shows the default again, and did not write it back. */
  g_assert_null (ra_store_dup_setting (store, RA_BALANCE_SETTING_REACH_KM));

  /* Kept in the file. */
  g_assert_true (ra_store_redo (store, &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (win));
  g_clear_object (&store);
  store = ra_store_open (copy, RA_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (ra_store_get_setting_number (store, RA_BALANCE_SETTING_REACH_KM, 5), ==, 0.5);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  tmpdir = ui_test_isolate_data_home ("ra-parts");
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();
  adw_init ();

  sample_path = g_build_filename (tmpdir, "zhangye.sqlite", NULL);
  g_assert_true (ra_store_build_sample (sample_path, "zhangye", &error));
  g_assert_no_error (error);

  g_test_add_func ("/ui/parts/render-job/debounce", test_render_job_debounce);
  g_test_add_func ("/ui/parts/render-job/stale", test_render_job_stale);
  g_test_add_func ("/ui/parts/render-job/stop", test_render_job_stop);
  g_test_add_func ("/ui/parts/session/load", test_session_load);
  g_test_add_func ("/ui/parts/session/superseded", test_session_superseded);
  g_test_add_func ("/ui/parts/figure-source", test_figure_source);
  g_test_add_func ("/ui/parts/settings/balance", test_settings_balance);

  status = g_test_run ();

  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
    g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  }
  g_free (sample_path);
  g_free (tmpdir);
  return status;
}
