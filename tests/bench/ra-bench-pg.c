/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ra-bench-pg: a project on a PostgreSQL server against the same project
 * in a file (issue 19, "Performance"); driven by pg-open-100k.sh, see
 * docs/performance.md.
 *
 *   ra-bench-pg generate FILE [--projects N] [--users N] [--pipelines N]
 *       A SYNTHETIC project file: the Zhangye sample (counties, plants, its
 *       plan) plus N projects with a small polygon each (default 100,000),
 *       N water users with a demand for 2025 (default 20,000) and N
 *       pipelines of 2-6 vertices, each belonging to a project (default
 *       10,000), scattered around the county seats from a fixed seed;
 *       every synthetic row says "synthetic" in its name or notes.
 *
 *   ra-bench-pg first-map PROJECT [--size WxH] [--label TEXT]
 *       One opening in the app's order: ra_store_open, the map's tables
 *       read by the project session (ra_store_load_layers_async, the water
 *       users built from their records), the first frame drawn by the core
 *       renderer in a worker at the window's default size (1280x800),
 *       fitted to the map's extent, as the map view does; then the
 *       inventory's rows, which the window has read in a worker on a second
 *       connection after the first frame (ra_project_model_new_filling).
 *       Prints one line: wall, CPU (user + system of this process, all
 *       threads) and max RSS up to the first frame, the stages, and when
 *       the inventory was filled.
 *
 *   ra-bench-pg round-trip PROJECT [--edits N] [--model-edits N]
 *       Client A (one connection) saves N edits of a project (one
 *       transaction with its audit row and, on a server, NOTIFY); client B
 *       (another connection) polls ra_store_poll_external_changes until it
 *       sees each and re-reads the changed row (ra_store_get_project),
 *       checking the new value.  A third client C with the inventory model
 *       attached (which re-reads the row a notification names, as the app's
 *       inventory does) is timed for the first --model-edits edits, checking
 *       the model's row holds the new value.
 *       Prints the median and p95 of save, of B's seeing and of the round
 *       trip (save + seeing), in ms. */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sqlite3.h>

#include "ra-core.h"
#include "ra-autocleanups.h"
#include "ra-project-model.h"
#include "ra-project-session.h"

#define DEFAULT_WIDTH 1280    /* the window's default size (gschema) */
#define DEFAULT_HEIGHT 800

static double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

static double
cpu_s (void)
{
  struct rusage u;

  getrusage (RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

static double
max_rss_mb (void)
{
  struct rusage u;

  getrusage (RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024.0;
}

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : (x > y ? 1 : 0);
}

/* Nearest-rank percentile (p in 0..100) of times (sorted here). */
static double
percentile (GArray *times, double p)
{
  guint k;

  if (times->len == 0)
    return 0;
  g_array_sort (times, compare_double);
  k = (guint) ceil (p / 100.0 * times->len);
  return g_array_index (times, double, MAX (k, 1) - 1);
}

/* ---- generate ------------------------------------------------------------- */

static gboolean
exec_sql (sqlite3 *db, const char *sql)
{
  char *msg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    {
      g_printerr ("ra-bench-pg: %s: %s\n", sql, msg);
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

static sqlite3_stmt *
prepare (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *st = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &st, NULL) != SQLITE_OK)
    g_printerr ("ra-bench-pg: %s: %s\n", sql, sqlite3_errmsg (db));
  return st;
}

static gboolean
step_reset (sqlite3 *db, sqlite3_stmt *st)
{
  gboolean ok = sqlite3_step (st) == SQLITE_DONE;

  if (!ok)
    g_printerr ("ra-bench-pg: %s\n", sqlite3_errmsg (db));
  sqlite3_reset (st);
  sqlite3_clear_bindings (st);
  return ok;
}

typedef struct {
  char   adcode[16];
  double lon, lat;
} Seat;

static int
generate (const char *path, int n_projects, int n_users, int n_pipelines)
{
  static const char * const statuses[] = { "proposed", "under_construction", "in_service" };
  static const char * const batches[] = { "2024", "2025", "2026", "2027", NULL };
  static const char * const sectors[] = { "high_water_industry", "urban_nonpotable", "coal_mining",
                                          "landscape_ecological", "agriculture", "other_industry" };
  static const char * const uses[] = { "industry", "urban_nonpotable", "industry", "landscape",
                                       "farmland", "industry" };
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = NULL;
  g_autoptr(GArray) seats = g_array_new (FALSE, FALSE, sizeof (Seat));
  g_autoptr(GRand) rand = g_rand_new_with_seed (19);
  sqlite3 *db;
  sqlite3_stmt *st;
  gint64 first_project = 0;
  double t0 = now_s ();

  if (!ra_store_build_sample (path, "zhangye", &error) ||
      (store = ra_store_open (path, RA_STORE_OPEN_DEFAULT, &error)) == NULL)
    {
      g_printerr ("ra-bench-pg: %s\n", error->message);
      return 1;
    }
  db = ra_store_get_db (store);
  if (!exec_sql (db, "BEGIN"))
    return 1;

  st = prepare (db, "SELECT adcode, seat_lon, seat_lat FROM counties"
                    " WHERE seat_lon IS NOT NULL ORDER BY adcode");
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      Seat s = { { 0 }, sqlite3_column_double (st, 1), sqlite3_column_double (st, 2) };

      g_strlcpy (s.adcode, (const char *) sqlite3_column_text (st, 0), sizeof s.adcode);
      g_array_append_val (seats, s);
    }
  sqlite3_finalize (st);
  if (seats->len == 0)
    {
      g_printerr ("ra-bench-pg: the sample has no county seats\n");
      return 1;
    }

  st = prepare (db, "SELECT coalesce (max (id), 0) + 1 FROM projects");
  sqlite3_step (st);
  first_project = sqlite3_column_int64 (st, 0);
  sqlite3_finalize (st);

  /* Projects: a small rotated rectangle (100-600 m) near a county seat. */
  st = prepare (db, "INSERT INTO projects (id, code, name, adcode, source, status, batch,"
                    " in_service_year, investment_total, cap_industry, cap_agriculture,"
                    " cap_ecological, owner, notes, sort_key, geom)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
                    " 'synthetic (ra-bench-pg)', ?1, CastToMultiPolygon (GeomFromText (?14, 4490)))");
  for (int i = 0; i < n_projects; i++)
    {
      const Seat *s = &g_array_index (seats, Seat, g_rand_int_range (rand, 0, (int) seats->len));
      double cx = s->lon + g_rand_double_range (rand, -0.6, 0.6);
      double cy = s->lat + g_rand_double_range (rand, -0.4, 0.4);
      double w = g_rand_double_range (rand, 0.001, 0.006), h = g_rand_double_range (rand, 0.001, 0.004);
      double a = g_rand_double_range (rand, 0, G_PI), ca = cos (a), sa = sin (a);
      double dx[4] = { -w, w, w, -w }, dy[4] = { -h, -h, h, h };
      g_autoptr(GString) wkt = g_string_new ("POLYGON((");
      g_autofree char *code = g_strdup_printf ("SYN-%06d", i + 1);
      g_autofree char *name = g_strdup_printf ("合成项目 %06d (synthetic)", i + 1);
      const char *batch = batches[g_rand_int_range (rand, 0, G_N_ELEMENTS (batches))];

      for (int k = 0; k <= 4; k++)
        {
          char x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE];

          g_ascii_formatd (x, sizeof x, "%.6f", cx + dx[k % 4] * ca - dy[k % 4] * sa);
          g_ascii_formatd (y, sizeof y, "%.6f", cy + dx[k % 4] * sa + dy[k % 4] * ca);
          g_string_append_printf (wkt, "%s%s %s", k > 0 ? "," : "", x, y);
        }
      g_string_append (wkt, "))");
      sqlite3_bind_int64 (st, 1, first_project + i);
      sqlite3_bind_text (st, 2, code, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (st, 3, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (st, 4, s->adcode, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (st, 5, g_rand_int_range (rand, 0, 10) == 0 ? "mine" : "reclaimed", -1,
                         SQLITE_STATIC);
      sqlite3_bind_text (st, 6, statuses[g_rand_int_range (rand, 0, 3)], -1, SQLITE_STATIC);
      if (batch != NULL)
        sqlite3_bind_text (st, 7, batch, -1, SQLITE_STATIC);
      sqlite3_bind_int (st, 8, g_rand_int_range (rand, 2024, 2031));
      sqlite3_bind_double (st, 9, round (g_rand_double_range (rand, 50, 20000)));
      sqlite3_bind_double (st, 10, round (g_rand_double_range (rand, 0, 300)) / 10.0);
      sqlite3_bind_double (st, 11, round (g_rand_double_range (rand, 0, 300)) / 10.0);
      if (g_rand_boolean (rand))
        sqlite3_bind_double (st, 12, round (g_rand_double_range (rand, 0, 100)) / 10.0);
      sqlite3_bind_text (st, 13, "合成业主 (synthetic)", -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 14, wkt->str, -1, SQLITE_TRANSIENT);
      if (!step_reset (db, st))
        return 1;
    }
  sqlite3_finalize (st);

  /* Water users and their demand in 2025. */
  {
    sqlite3_stmt *demand = prepare (db, "INSERT INTO user_demand (user_id, year, volume)"
                                        " VALUES (last_insert_rowid (), 2025, ?1)");

    st = prepare (db, "INSERT INTO water_users (name, adcode, sector, use_category, able,"
                      " location_approx, demand_illustrative, notes, geom)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, 1, 1, 'synthetic (ra-bench-pg)',"
                      " MakePoint (?6, ?7, 4490))");
    for (int i = 0; i < n_users; i++)
      {
        const Seat *s = &g_array_index (seats, Seat, g_rand_int_range (rand, 0, (int) seats->len));
        int sector = g_rand_int_range (rand, 0, G_N_ELEMENTS (sectors));
        g_autofree char *name = g_strdup_printf ("合成用户 %05d (synthetic)", i + 1);

        sqlite3_bind_text (st, 1, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (st, 2, s->adcode, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (st, 3, sectors[sector], -1, SQLITE_STATIC);
        sqlite3_bind_text (st, 4, uses[sector], -1, SQLITE_STATIC);
        sqlite3_bind_text (st, 5, g_rand_int_range (rand, 0, 4) == 0 ? "no" : "yes", -1,
                           SQLITE_STATIC);
        sqlite3_bind_double (st, 6, s->lon + g_rand_double_range (rand, -0.6, 0.6));
        sqlite3_bind_double (st, 7, s->lat + g_rand_double_range (rand, -0.4, 0.4));
        if (!step_reset (db, st))
          return 1;
        sqlite3_bind_double (demand, 1, round (g_rand_double_range (rand, 1, 500)) / 10.0);
        if (!step_reset (db, demand))
          return 1;
      }
    sqlite3_finalize (st);
    sqlite3_finalize (demand);
  }

  /* Pipelines: 2-6 vertices from a project's place outwards. */
  st = prepare (db, "INSERT INTO pipelines (project_id, name, dn_mm, material, status, notes, geom)"
                    " VALUES (?1, ?2, ?3, 'ductile iron', 'proposed', 'synthetic (ra-bench-pg)',"
                    " CastToMultiLinestring (GeomFromText (?4, 4490)))");
  {
    sqlite3_stmt *where = prepare (db, "SELECT X (Centroid (geom)), Y (Centroid (geom))"
                                       " FROM projects WHERE id = ?1");
    static const double dns[] = { 100, 150, 200, 300, 400, 500, 600, 800 };

    for (int i = 0; i < n_pipelines; i++)
      {
        gint64 project = first_project + g_rand_int_range (rand, 0, n_projects);
        g_autoptr(GString) wkt = g_string_new ("LINESTRING(");
        g_autofree char *name = g_strdup_printf ("合成管线 %05d (synthetic)", i + 1);
        int n = g_rand_int_range (rand, 2, 7);
        double x, y;

        sqlite3_bind_int64 (where, 1, project);
        if (sqlite3_step (where) != SQLITE_ROW)
          return 1;
        x = sqlite3_column_double (where, 0);
        y = sqlite3_column_double (where, 1);
        sqlite3_reset (where);
        for (int k = 0; k < n; k++)
          {
            char xs[G_ASCII_DTOSTR_BUF_SIZE], ys[G_ASCII_DTOSTR_BUF_SIZE];

            g_ascii_formatd (xs, sizeof xs, "%.6f", x);
            g_ascii_formatd (ys, sizeof ys, "%.6f", y);
            g_string_append_printf (wkt, "%s%s %s", k > 0 ? "," : "", xs, ys);
            x += g_rand_double_range (rand, -0.02, 0.02);
            y += g_rand_double_range (rand, -0.015, 0.015);
          }
        g_string_append (wkt, ")");
        sqlite3_bind_int64 (st, 1, project);
        sqlite3_bind_text (st, 2, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_double (st, 3, dns[g_rand_int_range (rand, 0, G_N_ELEMENTS (dns))]);
        sqlite3_bind_text (st, 4, wkt->str, -1, SQLITE_TRANSIENT);
        if (!step_reset (db, st))
          return 1;
      }
    sqlite3_finalize (where);
  }
  sqlite3_finalize (st);
  if (!exec_sql (db, "INSERT OR REPLACE INTO meta (key, value) VALUES ('project_name',"
                     " 'Synthetic 100k (ra-bench-pg)')") ||
      !exec_sql (db, "COMMIT"))
    return 1;
  g_clear_object (&store);   /* closed: the file whole on disk */
  g_print ("generated %s: %d projects, %d water users, %d pipelines (synthetic) in %.1f s\n",
           path, n_projects, n_users, n_pipelines, now_s () - t0);
  return 0;
}

/* ---- first map -------------------------------------------------------------- */

static void
layers_loaded_cb (RaProjectSession *session, gboolean first, gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
message_cb (RaProjectSession *session, const char *text, gpointer user_data)
{
  g_printerr ("ra-bench-pg: message: %s\n", text);
}

typedef struct {
  gboolean done;
  double   at;   /* now_s () when the rows were in */
} Filled;

static void
inventory_filled_cb (GObject *model, GAsyncResult *result, gpointer user_data)
{
  Filled *filled = user_data;
  g_autoptr(GError) error = NULL;

  if (!ra_project_model_fill_finish (RA_PROJECT_MODEL (model), result, &error))
    g_printerr ("ra-bench-pg: the inventory: %s\n", error->message);
  filled->at = now_s ();
  filled->done = TRUE;
}

typedef struct {
  RaMapSnapshot   *snap;
  RaView           view;
  cairo_surface_t *image;
  RaRenderStats    stats;
} Frame;

static void
frame_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Frame *frame = task_data;

  ra_renderer_draw_image (frame->snap, &frame->view, NULL, frame->image, NULL, &frame->stats);
  cairo_surface_flush (frame->image);
  g_task_return_boolean (task, TRUE);
}

static void
frame_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(double *) user_data = now_s ();
}

static int
first_map (const char *name, const char *label, int width, int height)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = NULL;
  g_autoptr(RaMap) map = NULL;
  g_autoptr(RaProjectSession) session = NULL;
  g_autoptr(RaProjectModel) model = NULL;
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autoptr(GTask) task = NULL;
  Frame frame = { 0 };
  Filled filled = { 0 };
  RaBBox extent;
  gboolean loaded = FALSE;
  double t0, c0, c_map, t_open, t_started, t_layers, t_render = 0, rss_map;
  guint64 n_features = 0;
  GPtrArray *layers;

  c0 = cpu_s ();
  t0 = now_s ();
  store = ra_store_open (name, RA_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    {
      g_printerr ("ra-bench-pg: %s\n", error->message);
      return 1;
    }
  t_open = now_s ();

  /* As the window sets the store on its session: the map's tables read in
   * a worker; the session's notify::store gives the inventory view the
   * store, whose model fills in a worker of its own (a second connection)
   * and hands its rows over on this thread when they are read. */
  map = ra_map_new ();
  session = ra_project_session_new (map);
  g_signal_connect (session, "layers-loaded", G_CALLBACK (layers_loaded_cb), &loaded);
  g_signal_connect (session, "message", G_CALLBACK (message_cb), NULL);
  ra_project_session_set_store (session, store);
  /* RA_BENCH_FILL (for comparing orders, not the app's): "with" starts
   * the inventory's fill with the tables, "after" once they are read;
   * unset, as the window does (ra-window-inventory.c), after the first
   * frame. */
  if (g_strcmp0 (g_getenv ("RA_BENCH_FILL"), "with") == 0)
    model = ra_project_model_new_filling (store, NULL, inventory_filled_cb, &filled);
  else if (g_strcmp0 (g_getenv ("RA_BENCH_FILL"), "before") == 0)
    {
      /* The order before the fourth run (docs/performance.md): the
       * session listed every project to learn whether any has a shape
       * (one ra_store_list_projects here), and the inventory filled on
       * this thread before anything else could run. */
      g_autoptr(GPtrArray) all = ra_store_list_projects (store, NULL);

      model = ra_project_model_new (store);
      filled.at = now_s ();
      filled.done = TRUE;
    }
  t_started = now_s ();
  while (!loaded)
    g_main_context_iteration (NULL, TRUE);
  t_layers = now_s ();
  if (model == NULL && g_strcmp0 (g_getenv ("RA_BENCH_FILL"), "after") == 0)
    model = ra_project_model_new_filling (store, NULL, inventory_filled_cb, &filled);

  layers = ra_project_session_get_layers (session);
  for (guint i = 0; i < layers->len; i++)
    n_features += ra_layer_get_n_features (g_ptr_array_index (layers, i));
  if (!ra_map_get_extent (map, TRUE, &extent))
    {
      g_printerr ("ra-bench-pg: nothing to draw\n");
      return 1;
    }
  /* The first frame as the map view draws it: in its render worker (both
   * cores when there are no labels), this thread free meanwhile. */
  ra_view_init (&frame.view, width, height);
  ra_view_fit_bbox (&frame.view, &extent, 0.01 * MIN (width, height));
  snap = ra_map_snapshot_new (map);
  frame.snap = snap;
  frame.image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  task = g_task_new (NULL, NULL, frame_done_cb, &t_render);
  g_task_set_task_data (task, &frame, NULL);
  g_task_run_in_thread (task, frame_thread);
  while (t_render == 0)
    g_main_context_iteration (NULL, TRUE);
  c_map = cpu_s () - c0;
  rss_map = max_rss_mb ();
  if (model == NULL)
    model = ra_project_model_new_filling (store, NULL, inventory_filled_cb, &filled);
  /* The inventory, when it has not come in yet. */
  while (!filled.done)
    g_main_context_iteration (NULL, TRUE);

  printf ("first-map %s: wall %.3f s  cpu %.3f s  max-rss %.0f MB  "
          "(open %.3f, started %.3f, layers %.3f [%u layers, %" G_GUINT64_FORMAT
          " features], first frame %.3f s at %dx%d, map CRS %s; inventory filled at %.3f s"
          " [%u projects]%s, cpu then %.3f s)\n",
          label, t_render - t0, c_map, rss_map, t_open - t0, t_started - t_open,
          t_layers - t_started, layers->len, n_features, t_render - t_layers, width, height,
          ra_map_get_crs (map) != NULL ? ra_crs_get_auth_id (ra_map_get_crs (map)) : "?",
          filled.at - t0, g_list_model_get_n_items (G_LIST_MODEL (model)),
          filled.at <= t_render ? ", before the frame" : ", after the frame",
          cpu_s () - c0);
  /* The extent in the map's CRS, for QGIS's frame (qgis-pg-render.py). */
  printf ("extent %s %.6f %.6f %.6f %.6f\n",
          ra_map_get_crs (map) != NULL ? ra_crs_get_auth_id (ra_map_get_crs (map)) : "?",
          frame.view.cx - frame.view.width * frame.view.resolution / 2.0,
          frame.view.cy - frame.view.height * frame.view.resolution / 2.0,
          frame.view.cx + frame.view.width * frame.view.resolution / 2.0,
          frame.view.cy + frame.view.height * frame.view.resolution / 2.0);
  if (g_getenv ("RA_BENCH_PNG") != NULL)
    cairo_surface_write_to_png (frame.image, g_getenv ("RA_BENCH_PNG"));
  cairo_surface_destroy (frame.image);
  ra_project_session_close (session);
  return 0;
}

/* ---- round trip -------------------------------------------------------------- */

static void
print_times (const char *what, GArray *ms)
{
  printf ("  %-44s median %7.2f ms  p95 %7.2f ms  (n = %u)\n", what, percentile (ms, 50),
          percentile (ms, 95), ms->len);
}

/* Polls store until it reports an outside change (at most 5 s). */
static gboolean
wait_for_change (RaStore *store)
{
  double until = now_s () + 5.0;

  while (!ra_store_poll_external_changes (store))
    if (now_s () > until)
      return FALSE;
  return TRUE;
}

static int
round_trip (const char *name, int n_edits, int n_model_edits)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) a = ra_store_open (name, RA_STORE_OPEN_DEFAULT, &error);
  g_autoptr(RaStore) b = a != NULL ? ra_store_open (name, RA_STORE_OPEN_DEFAULT, &error) : NULL;
  g_autoptr(RaStore) c = b != NULL ? ra_store_open (name, RA_STORE_OPEN_DEFAULT, &error) : NULL;
  g_autoptr(RaProjectModel) model = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(GArray) save = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) trip = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) model_seen = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) model_trip = g_array_new (FALSE, FALSE, sizeof (double));

  if (c == NULL || (projects = ra_store_list_projects (a, &error)) == NULL)
    {
      g_printerr ("ra-bench-pg: %s\n", error->message);
      return 1;
    }
  model = ra_project_model_new (c);
  /* Start from a quiet channel. */
  ra_store_poll_external_changes (b);
  ra_store_poll_external_changes (c);

  for (int i = 0; i < n_edits; i++)
    {
      const RaProjectRecord *target = g_ptr_array_index (projects, (guint) (i * 7919) % projects->len);
      g_auto(GValue) v = G_VALUE_INIT;
      g_autoptr(RaProjectRecord) again = NULL;
      double t0, t1, t2, t3;

      g_value_init (&v, G_TYPE_DOUBLE);
      g_value_set_double (&v, 1000.0 + i);
      t0 = now_s ();
      if (!ra_store_update_project (a, target->id, "investment_total", &v, &error))
        {
          g_printerr ("ra-bench-pg: saving: %s\n", error->message);
          return 1;
        }
      t1 = now_s ();
      /* B: sees the change, re-reads the row. */
      if (!wait_for_change (b) ||
          (again = ra_store_get_project (b, target->id, &error)) == NULL ||
          again->investment_total != 1000.0 + i)
        {
          g_printerr ("ra-bench-pg: client B did not see edit %d%s%s\n", i,
                      error != NULL ? ": " : "", error != NULL ? error->message : "");
          return 1;
        }
      t2 = now_s ();
      g_array_append_val (save, (double) { (t1 - t0) * 1000.0 });
      g_array_append_val (seen, (double) { (t2 - t1) * 1000.0 });
      g_array_append_val (trip, (double) { (t2 - t0) * 1000.0 });
      if (i < n_model_edits)
        {
          /* C: its inventory model reloads on the change (inside the poll). */
          t3 = now_s ();
          guint pos;
          g_autoptr(RaProjectRow) row = NULL;

          if (!wait_for_change (c))
            {
              g_printerr ("ra-bench-pg: client C did not see edit %d\n", i);
              return 1;
            }
          if ((pos = ra_project_model_find (model, target->id)) == G_MAXUINT ||
              (row = g_list_model_get_item (G_LIST_MODEL (model), pos)) == NULL ||
              ra_project_row_get_record (row)->investment_total != 1000.0 + i)
            {
              g_printerr ("ra-bench-pg: client C's inventory lacks edit %d\n", i);
              return 1;
            }
          g_array_append_val (model_seen, (double) { (now_s () - t3) * 1000.0 });
          g_array_append_val (model_trip, (double) { (now_s () - t3 + t1 - t0) * 1000.0 });
        }
      else if (i == n_model_edits)
        g_clear_object (&model);   /* C stops following */
    }
  printf ("round-trip %s (%u projects):\n", ra_store_is_server_name (name) ? "server" : "file",
          projects->len);
  print_times ("A saves (transaction + audit + notify)", save);
  print_times ("B sees it and re-reads the row", seen);
  print_times ("round trip (A saves .. B has the row)", trip);
  print_times ("C's inventory model refreshed", model_seen);
  print_times ("round trip with C's model refreshed", model_trip);
  printf ("  max-rss %.0f MB\n", max_rss_mb ());
  return 0;
}

int
main (int argc, char **argv)
{
  int n_projects = 100000, n_users = 20000, n_pipelines = 10000;
  int n_edits = 200, n_model_edits = 20;
  int width = DEFAULT_WIDTH, height = DEFAULT_HEIGHT;
  g_autofree char *size = NULL;
  g_autofree char *label = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "projects", 0, 0, G_OPTION_ARG_INT, &n_projects, "Projects to generate (100000)", "N" },
    { "users", 0, 0, G_OPTION_ARG_INT, &n_users, "Water users to generate (20000)", "N" },
    { "pipelines", 0, 0, G_OPTION_ARG_INT, &n_pipelines, "Pipelines to generate (10000)", "N" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size, "First frame's size (1280x800)", "WxH" },
    { "label", 0, 0, G_OPTION_ARG_STRING, &label, "Name of the run in the output", "TEXT" },
    { "edits", 0, 0, G_OPTION_ARG_INT, &n_edits, "Edits of the round trip (200)", "N" },
    { "model-edits", 0, 0, G_OPTION_ARG_INT, &n_model_edits,
      "Edits timed with the inventory model following (20)", "N" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("generate FILE | first-map PROJECT | round-trip PROJECT");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 3 ||
      (size != NULL && sscanf (size, "%dx%d", &width, &height) != 2) ||
      n_projects < 1 || n_users < 0 || n_pipelines < 0 || n_edits < 1)
    {
      g_printerr ("ra-bench-pg: %s\n", error != NULL ? error->message
                  : "usage: ra-bench-pg generate FILE | first-map PROJECT | round-trip PROJECT");
      return 2;
    }
  ra_core_init ();
  if (strcmp (argv[1], "generate") == 0)
    return generate (argv[2], n_projects, n_users, n_pipelines);
  if (strcmp (argv[1], "first-map") == 0)
    return first_map (argv[2], label != NULL ? label
                      : ra_store_is_server_name (argv[2]) ? "server" : "file", width, height);
  if (strcmp (argv[1], "round-trip") == 0)
    return round_trip (argv[2], n_edits, n_model_edits);
  g_printerr ("ra-bench-pg: unknown command %s\n", argv[1]);
  return 2;
}
