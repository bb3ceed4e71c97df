/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RaProjectModel: the inventory's GListModel with filters and totals that
 * follow the filter and the store. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ra-core.h"
#include "ra-store.h"
#include "ra-project-model.h"
#include "store-test-util.h"

static double
total_investment (RaProjectModel *model)
{
  double v = 0;

  g_object_get (model, "total-investment", &v, NULL);
  return v;
}

static double
total_cap (RaProjectModel *model)
{
  double v = 0;

  g_object_get (model, "total-cap", &v, NULL);
  return v;
}

static void
test_model_rows (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(RaProjectModel) model = ra_project_model_new (store);
  g_autoptr(RaProjectRow) first = NULL;
  g_autofree char *name = NULL;
  g_autofree char *county = NULL;
  double cap_total = 0, investment = 0;
  gboolean has_geometry = TRUE;
  RaProjectTotals totals;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == RA_TYPE_PROJECT_ROW);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 18);
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_object_get (first, "name", &name, "county-name", &county, "cap-total", &cap_total,
                "investment-total", &investment, "has-geometry", &has_geometry, NULL);
  g_assert_cmpstr (name, ==, "临泽县梨园河水质提升与水量保障再生水利用工程");
  g_assert_cmpstr (county, ==, "临泽县");
  g_assert_cmpfloat (cap_total, ==, 46);
  g_assert_cmpfloat (investment, ==, 5179);
  g_assert_false (has_geometry);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 18));

  ra_project_model_get_totals (model, &totals);
  g_assert_cmpuint (totals.n_projects, ==, 18);
  g_assert_cmpuint (totals.n_without_geometry, ==, 18);
  g_assert_cmpfloat (totals.investment_total, ==, 23912 + 34844 + 78589);
  g_assert_cmpfloat (totals.cap_total, ==, 272 + 475 + 612);
  g_assert_cmpfloat (totals.cap_industry + totals.cap_agriculture + totals.cap_ecological +
                     totals.cap_urban_nonpotable, ==, totals.cap_total);
}

static void
test_model_filters (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(RaProjectModel) model = ra_project_model_new (store);
  GListModel *list = G_LIST_MODEL (model);

  ra_project_model_set_batch (model, "2024");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 4);
  g_assert_cmpfloat (total_investment (model), ==, 23912);
  g_assert_cmpfloat (total_cap (model), ==, 272);

  g_object_set (model, "batch", "2025", NULL);
  g_assert_cmpfloat (total_investment (model), ==, 34844);
  g_assert_cmpfloat (total_cap (model), ==, 475);
  ra_project_model_set_batch (model, "2026-2030");
  g_assert_cmpfloat (total_investment (model), ==, 78589);
  g_assert_cmpfloat (total_cap (model), ==, 612);

  ra_project_model_set_source (model, "mine");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  ra_project_model_set_source (model, NULL);
  ra_project_model_set_batch (model, "");

  ra_project_model_set_county (model, "620722");   /* 民乐县 */
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 4);
  ra_project_model_set_status (model, "under_construction");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  ra_project_model_set_status (model, NULL);
  ra_project_model_set_county (model, NULL);

  /* Text: name, code or owner; case-insensitive. */
  ra_project_model_set_search (model, "中水");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 6);
  ra_project_model_set_search (model, "p1");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 9);   /* P10..P18 */
  ra_project_model_set_search (model, "青龙水务");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 3);
  ra_project_model_set_search (model, "nothing like this");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 0);
  g_assert_cmpfloat (total_investment (model), ==, 0);
  ra_project_model_set_search (model, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 18);
}

typedef struct {
  guint items_changed;
  guint notify_total;
  guint notify_name;
} Counts;

static void
on_items_changed (GListModel *list, guint pos, guint removed, guint added, Counts *c)
{
  c->items_changed++;
}

static void
on_notify (GObject *obj, GParamSpec *pspec, guint *n)
{
  (*n)++;
}

static void
test_model_live_updates (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(RaStore) other = st_open (path);
  g_autoptr(RaProjectModel) model = ra_project_model_new (store);
  g_autoptr(GError) error = NULL;
  g_autoptr(RaProjectRow) row = NULL;
  GListModel *list = G_LIST_MODEL (model);
  Counts counts = { 0 };
  GValue v = G_VALUE_INIT;
  gint64 id, new_id;

  ra_project_model_set_batch (model, "2024");
  row = g_list_model_get_item (list, 0);
  id = ra_project_row_get_id (row);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &counts);
  g_signal_connect (model, "notify::total-cap", G_CALLBACK (on_notify), &counts.notify_total);
  g_signal_connect (row, "notify::name", G_CALLBACK (on_notify), &counts.notify_name);

  /* An attribute edit: same row object, notified; totals follow. */
  g_value_init (&v, G_TYPE_STRING);
  g_value_set_string (&v, "56");
  g_assert_true (ra_store_update_project (store, id, "cap_urban_nonpotable", &v, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.items_changed, ==, 0);
  g_assert_cmpuint (counts.notify_total, ==, 1);
  g_assert_cmpfloat (total_cap (model), ==, 272 + 26);
  g_assert_cmpfloat (ra_project_row_get_record (row)->cap_total, ==, 72);
  g_assert_true (g_list_model_get_item (list, 0) == (gpointer) row);
  g_object_unref (row);

  g_value_set_string (&v, "改名的项目");
  g_assert_true (ra_store_update_project (store, id, "name", &v, &error));
  g_assert_cmpuint (counts.notify_name, ==, 1);
  g_value_unset (&v);

  /* Undo goes through the same path. */
  g_assert_true (ra_store_undo (store, NULL));
  g_assert_true (ra_store_undo (store, NULL));
  g_assert_cmpfloat (total_cap (model), ==, 272);

  /* Moving a project out of the filter changes the items. */
  g_value_init (&v, G_TYPE_STRING);
  g_value_set_string (&v, "2025");
  g_assert_true (ra_store_update_project (store, id, "batch", &v, &error));
  g_value_unset (&v);
  g_assert_cmpuint (counts.items_changed, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 3);
  g_assert_cmpuint (ra_project_model_find (model, id), ==, G_MAXUINT);

  /* Another program adds a project: seen after polling. */
  ra_project_model_set_batch (model, NULL);
  new_id = ra_store_insert_project (other, "P19", "外部新增项目", "620724", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 18);
  g_assert_true (ra_store_poll_external_changes (store));
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 19);
  g_assert_cmpuint (ra_project_model_find (model, new_id), !=, G_MAXUINT);
}

/* ---- following other editors ---------------------------------------------- */

typedef struct {
  guint   n_whole;      /* ::changed (NULL, 0) or (table, 0) */
  GArray *project_ids;  /* ::changed ("projects", id) */
} Heard;

static void
on_store_changed (RaStore *store, const char *table, gint64 row_id, Heard *heard)
{
  if (table == NULL || row_id == 0)
    heard->n_whole++;
  else if (g_str_equal (table, "projects"))
    g_array_append_val (heard->project_ids, row_id);
}

/* The model as updated row by row is the model read afresh: the same rows,
 * in the same order, with the same values, and the same totals. */
static void
assert_model_as_fresh (RaProjectModel *model, RaStore *store)
{
  g_autoptr(RaProjectModel) fresh = ra_project_model_new (store);
  GListModel *a = G_LIST_MODEL (model), *b = G_LIST_MODEL (fresh);
  g_autofree char *batch = NULL;
  RaProjectTotals ta, tb;

  g_object_get (model, "batch", &batch, NULL);
  ra_project_model_set_batch (fresh, batch);
  g_assert_cmpuint (g_list_model_get_n_items (a), ==, g_list_model_get_n_items (b));
  for (guint i = 0; i < g_list_model_get_n_items (a); i++)
    {
      g_autoptr(RaProjectRow) x = g_list_model_get_item (a, i);
      g_autoptr(RaProjectRow) y = g_list_model_get_item (b, i);
      const RaProjectRecord *rx = ra_project_row_get_record (x);
      const RaProjectRecord *ry = ra_project_row_get_record (y);

      g_assert_cmpint (rx->id, ==, ry->id);
      g_assert_cmpstr (rx->name, ==, ry->name);
      g_assert_cmpstr (rx->batch, ==, ry->batch);
      g_assert_cmpint (rx->row_version, ==, ry->row_version);
      g_assert_true ((isnan (rx->cap_total) && isnan (ry->cap_total)) ||
                     rx->cap_total == ry->cap_total);
      g_assert_true ((isnan (rx->pipeline_km) && isnan (ry->pipeline_km)) ||
                     fabs (rx->pipeline_km - ry->pipeline_km) < 1e-9);
    }
  ra_project_model_get_totals (model, &ta);
  ra_project_model_get_totals (fresh, &tb);
  g_assert_cmpuint (ta.n_projects, ==, tb.n_projects);
  g_assert_cmpfloat (ta.investment_total, ==, tb.investment_total);
  g_assert_cmpfloat (ta.cap_total, ==, tb.cap_total);
}

static void
set_project_text (RaStore *store, gint64 id, const char *column, const char *text)
{
  g_autoptr(GError) error = NULL;
  GValue v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_STRING);
  g_value_set_string (&v, text);
  g_assert_true (ra_store_update_project (store, id, column, &v, &error));
  g_assert_no_error (error);
  g_value_unset (&v);
}

static gint64
id_at (GListModel *list, guint position)
{
  g_autoptr(RaProjectRow) row = g_list_model_get_item (list, position);

  g_assert_nonnull (row);
  return ra_project_row_get_id (row);
}

/* After another editor's commit: the model heard of exactly that project
 * (a server names it), or of "something" (a file cannot tell). */
static void
poll_and_check (RaStore *store, RaProjectModel *model, Heard *heard, gint64 id)
{
  g_array_set_size (heard->project_ids, 0);
  heard->n_whole = 0;
  g_assert_true (ra_store_poll_external_changes (store));
  if (st_backend_is_pg ())
    {
      g_assert_cmpuint (heard->n_whole, ==, 0);
      g_assert_cmpuint (heard->project_ids->len, ==, 1);
      g_assert_cmpint (g_array_index (heard->project_ids, gint64, 0), ==, id);
    }
  else
    g_assert_cmpuint (heard->n_whole, ==, 1);
  assert_model_as_fresh (model, store);
}

/* Another editor's edits, one project at a time, reach an open inventory:
 * on a server as the rows that changed (one query each, the rest of the
 * model untouched), from a file as "something changed" (read again); the
 * model ends the same as one read afresh either way. */
static void
test_model_follows_others (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(RaStore) other = st_open (path);
  g_autoptr(RaProjectModel) model = ra_project_model_new (store);
  g_autoptr(GError) error = NULL;
  g_autoptr(RaProjectRow) kept = NULL;
  GListModel *list = G_LIST_MODEL (model);
  Heard heard = { 0, g_array_new (FALSE, FALSE, sizeof (gint64)) };
  const RaProjectRecord *kept_record;
  gint64 id, moved, new_id, pipe_id;

  g_signal_connect (store, "changed", G_CALLBACK (on_store_changed), &heard);
  kept = g_list_model_get_item (list, 17);
  kept_record = ra_project_row_get_record (kept);

  /* A value of one project. */
  id = id_at (list, 3);
  set_project_text (other, id, "cap_ecological", "123.5");
  poll_and_check (store, model, &heard, id);
  if (st_backend_is_pg ())
    {
      /* Only that row was read: the others keep their records. */
      g_autoptr(RaProjectRow) now = g_list_model_get_item (list, 17);

      g_assert_true (now == kept);
      g_assert_true (ra_project_row_get_record (now) == kept_record);
    }

  /* A project moved to another batch moves in the list. */
  moved = id_at (list, 0);
  set_project_text (other, moved, "batch", "2026-2030");
  poll_and_check (store, model, &heard, moved);
  g_assert_cmpint (id_at (list, 0), !=, moved);

  /* The same under a filter: it leaves the filtered rows, and comes back. */
  ra_project_model_set_batch (model, "2024");
  id = id_at (list, 1);
  set_project_text (other, id, "batch", "2025");
  poll_and_check (store, model, &heard, id);
  g_assert_cmpuint (ra_project_model_find (model, id), ==, G_MAXUINT);
  set_project_text (other, id, "batch", "2024");
  poll_and_check (store, model, &heard, id);
  g_assert_cmpuint (ra_project_model_find (model, id), ==, 1);
  ra_project_model_set_batch (model, NULL);

  /* A new project, and one deleted. */
  new_id = ra_store_insert_project (other, "P19", "外部新增项目", "620724", &error);
  g_assert_no_error (error);
  set_project_text (other, new_id, "batch", "2025");
  g_array_set_size (heard.project_ids, 0);
  g_assert_true (ra_store_poll_external_changes (store));
  assert_model_as_fresh (model, store);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 19);
  id = id_at (list, 5);
  g_assert_true (ra_store_delete_project (other, id, &error));
  g_assert_no_error (error);
  poll_and_check (store, model, &heard, id);
  g_assert_cmpuint (ra_project_model_find (model, id), ==, G_MAXUINT);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 18);

  /* A pipeline drawn for a project: its length is the drawn one. */
  pipe_id = ra_store_insert_pipeline (other, new_id, "外部管线",
                                      "LINESTRING(100.4 38.9, 100.5 38.95)", &error);
  g_assert_no_error (error);
  g_assert_cmpint (pipe_id, >, 0);
  g_assert_true (ra_store_poll_external_changes (store));
  assert_model_as_fresh (model, store);
  {
    g_autoptr(RaProjectRow) row =
      g_list_model_get_item (list, ra_project_model_find (model, new_id));

    g_assert_cmpfloat (ra_project_row_get_record (row)->pipeline_km, >, 9);
  }
  g_assert_true (ra_store_delete_row (other, "pipelines", pipe_id, &error));
  g_assert_no_error (error);
  g_assert_true (ra_store_poll_external_changes (store));
  assert_model_as_fresh (model, store);

  /* Nothing more: nothing heard. */
  g_assert_false (ra_store_poll_external_changes (store));
  g_array_unref (heard.project_ids);
}

typedef struct {
  gboolean done;
  gboolean ok;
} FillWait;

static void
on_filled (GObject *model, GAsyncResult *result, gpointer user_data)
{
  FillWait *wait = user_data;
  g_autoptr(GError) error = NULL;

  wait->ok = ra_project_model_fill_finish (RA_PROJECT_MODEL (model), result, &error);
  g_assert_no_error (error);
  wait->done = TRUE;
}

/* The same rows as ra_project_model_new, in the same order. */
static void
assert_same_rows (RaProjectModel *a, RaProjectModel *b)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (a));
  RaProjectTotals ta, tb;

  g_assert_cmpuint (n, ==, g_list_model_get_n_items (G_LIST_MODEL (b)));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RaProjectRow) ra = g_list_model_get_item (G_LIST_MODEL (a), i);
      g_autoptr(RaProjectRow) rb = g_list_model_get_item (G_LIST_MODEL (b), i);
      const RaProjectRecord *x = ra_project_row_get_record (ra);
      const RaProjectRecord *y = ra_project_row_get_record (rb);

      g_assert_cmpint (x->id, ==, y->id);
      g_assert_cmpstr (x->name, ==, y->name);
      g_assert_cmpstr (x->county_name, ==, y->county_name);
      g_assert_cmpint (x->has_geometry, ==, y->has_geometry);
      g_assert_true ((isnan (x->pipeline_km) && isnan (y->pipeline_km)) ||
                     x->pipeline_km == y->pipeline_km);
    }
  ra_project_model_get_totals (a, &ta);
  ra_project_model_get_totals (b, &tb);
  g_assert_cmpfloat (ta.cap_total, ==, tb.cap_total);
  g_assert_cmpfloat (ta.investment_total, ==, tb.investment_total);
}

/* The first fill read in a worker on a second connection: empty at once,
 * then the rows ra_project_model_new reads; a change while it reads is
 * not lost; a cancelled fill leaves the model empty. */
static void
on_filled_cancelled (GObject *model, GAsyncResult *result, gpointer user_data)
{
  FillWait *wait = user_data;
  g_autoptr(GError) error = NULL;

  wait->ok = ra_project_model_fill_finish (RA_PROJECT_MODEL (model), result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  wait->done = TRUE;
}

static void
test_model_filling (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(RaProjectModel) model = NULL;
  g_autoptr(RaProjectModel) reference = NULL;
  g_autoptr(RaProjectModel) changed = NULL;
  g_autoptr(RaProjectModel) cancelled = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) batches = NULL;
  g_autoptr(GError) error = NULL;
  FillWait wait = { 0 }, wait2 = { 0 };
  GValue v = G_VALUE_INIT;
  Counts counts = { 0 };
  gint64 id;

  model = ra_project_model_new_filling (store, NULL, on_filled, &wait);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &counts);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (wait.ok);
  g_assert_cmpuint (counts.items_changed, ==, 1);
  reference = ra_project_model_new (store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reference)), ==, 18);
  assert_same_rows (model, reference);
  batches = ra_project_model_dup_batches (model);
  g_assert_cmpuint (batches->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (batches, 0), ==, "2024");

  /* An edit while the worker reads: the rows are the edited ones. */
  wait.done = FALSE;
  changed = ra_project_model_new_filling (store, NULL, on_filled, &wait);
  {
    g_autoptr(RaProjectRow) row = g_list_model_get_item (G_LIST_MODEL (reference), 0);

    id = ra_project_row_get_id (row);
  }
  g_value_init (&v, G_TYPE_STRING);
  g_value_set_string (&v, "读取时改名");
  g_assert_true (ra_store_update_project (store, id, "name", &v, &error));
  g_assert_no_error (error);
  g_value_unset (&v);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  /* Nothing came in before the fill (the edit is in the fill's rows). */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (changed)), ==, 18);
  {
    g_autoptr(RaProjectRow) row = g_list_model_get_item (G_LIST_MODEL (changed), 0);

    g_assert_cmpstr (ra_project_row_get_record (row)->name, ==, "读取时改名");
  }
  assert_same_rows (changed, reference);

  /* Cancelled: nothing comes in, the callback says so. */
  cancelled = ra_project_model_new_filling (store, cancellable, on_filled_cancelled, &wait2);
  g_cancellable_cancel (cancellable);
  while (!wait2.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (wait2.ok);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (cancelled)), ==, 0);
}

/* Whether any project has a shape, without listing them. */
static void
test_has_geometry (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (ra_store_has_geometry (store, "projects", &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (ra_store_has_geometry (store, "counties", &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (ra_store_has_geometry (store, "no_such_table", &error), ==, -1);
  g_assert_nonnull (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();

  g_test_add_func ("/store/project-model/rows", test_model_rows);
  g_test_add_func ("/store/project-model/filters", test_model_filters);
  g_test_add_func ("/store/project-model/live-updates", test_model_live_updates);
  g_test_add_func ("/store/project-model/follows-others", test_model_follows_others);
  g_test_add_func ("/store/project-model/filling", test_model_filling);
  g_test_add_func ("/store/project-model/has-geometry", test_has_geometry);
  return g_test_run ();
}
