/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's one way in for a project table as a layer
 * (ra_store_load_layer and its async form), and records read through the
 * table-driven row mapper agreeing with one another. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ra-core.h"
#include "ra-store.h"
#include "store-test-util.h"

static void
test_load_layer (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(RaLayer) layer = NULL;
  g_autoptr(RaLayer) direct = NULL;
  g_autoptr(GError) error = NULL;

  layer = ra_store_load_layer (store, "counties", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (layer);
  g_assert_cmpint (ra_layer_get_n_features (layer), ==, ra_store_count_rows (store, "counties", NULL));
  g_assert_nonnull (ra_layer_get_source_crs (layer));
  g_assert_cmpstr (ra_crs_get_auth_id (ra_layer_get_source_crs (layer)), ==, "EPSG:4490");

  /* The same as reading the file directly (a server project is no file). */
  if (!st_backend_is_pg ())
    {
      direct = ra_source_load_layer (path, "counties", NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (ra_layer_get_n_features (direct), ==, ra_layer_get_n_features (layer));
    }

  g_assert_null (ra_store_load_layer (store, "no_such_table", NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  ra_store_close (store);
  g_assert_null (ra_store_load_layer (store, "counties", NULL, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_FAILED);
}

typedef struct {
  GMainLoop      *loop;
  RaSourceResult *result;
  GError         *error;
  GObject        *source;
} AsyncData;

static void
loaded_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  AsyncData *data = user_data;

  data->source = source;
  data->result = ra_store_load_layers_finish (RA_STORE (source), res, &data->error);
  g_main_loop_quit (data->loop);
}

static void
test_load_layers_async (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  const char * const tables[] = { "counties", "plants", NULL };
  AsyncData data = { loop, NULL, NULL, NULL };

  ra_store_load_layers_async (store, tables, NULL, NULL, loaded_cb, &data);
  g_main_loop_run (loop);
  g_assert_no_error (data.error);
  g_assert_true (data.source == G_OBJECT (store));
  g_assert_nonnull (data.result);
  g_assert_cmpuint (data.result->layers->len, ==, 2);
  g_assert_cmpuint (data.result->errors->len, ==, 0);
  g_assert_cmpstr (data.result->path, ==, path);
  g_clear_pointer (&data.result, ra_source_result_free);

  /* A closed project fails as a whole. */
  ra_store_close (store);
  ra_store_load_layers_async (store, tables, NULL, NULL, loaded_cb, &data);
  g_main_loop_run (loop);
  g_assert_null (data.result);
  g_assert_error (data.error, RA_STORE_ERROR, RA_STORE_ERROR_FAILED);
  g_clear_error (&data.error);
}

static gboolean
same_number (double a, double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

static void
test_records_agree (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(GPtrArray) plants = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GArray) costs = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  projects = ra_store_list_projects (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (projects->len, >, 0);
  for (guint i = 0; i < projects->len; i++)
    {
      const RaProjectRecord *p = g_ptr_array_index (projects, i);
      g_autoptr(RaProjectRecord) one = ra_store_get_project (store, p->id, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (one->code, ==, p->code);
      g_assert_cmpstr (one->name, ==, p->name);
      g_assert_cmpstr (one->county_name, ==, p->county_name);
      g_assert_cmpint (one->in_service_year, ==, p->in_service_year);
      g_assert_true (same_number (one->cap_total, p->cap_total));
      g_assert_true (same_number (one->investment_total, p->investment_total));
      g_assert_cmpint (one->has_geometry, ==, p->has_geometry);
    }
  g_assert_null (ra_store_get_project (store, 999999, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  plants = ra_store_list_plants (store, "wwtp", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plants->len, >, 0);
  for (guint i = 0; i < plants->len; i++)
    {
      const RaPlantRecord *p = g_ptr_array_index (plants, i);

      g_assert_cmpstr (p->kind, ==, "wwtp");
      g_assert_true (p->location_approx);
      g_assert_true (isfinite (p->lon) && isfinite (p->lat));
      /* plants.csv gives every county plant an (illustrative) capacity. */
      g_assert_true (isfinite (p->capacity_m3_per_day) && p->capacity_m3_per_day > 0);
    }

  costs = ra_store_list_pipe_unit_costs (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (costs->len, ==, 10);
  g_assert_true (g_array_index (costs, RaPipeUnitCost, 0).is_default);
  g_assert_cmpfloat (g_array_index (costs, RaPipeUnitCost, 0).dn_mm, ==, 100);

  /* An edit's audit row holds the row after it. */
  id = ra_store_insert_pipeline (store, 0, "测试管线", "LINESTRING (100.4 38.9, 100.5 39.0)", &error);
  g_assert_no_error (error);
  audit = ra_store_list_audit (store, "pipelines", id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 1);
  g_assert_cmpstr (((RaAuditRecord *) g_ptr_array_index (audit, 0))->action, ==, "insert");
  g_assert_null (((RaAuditRecord *) g_ptr_array_index (audit, 0))->before_json);
  g_assert_nonnull (strstr (((RaAuditRecord *) g_ptr_array_index (audit, 0))->after_json, "测试管线"));
}

/* A table big enough to be read in two halves (a server's in two queries
 * on two connections, a GeoPackage-like split by id): every row once, with
 * its own id and attributes. */
static void
test_load_big_layer (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(RaLayer) layer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  RaAttrTable *attrs;
  int name_field;
  gint64 n_rows;

  for (guint i = 0; i < 2600; i++)
    {
      g_autofree char *name = g_strdup_printf ("测试管线 %u", i);
      g_autofree char *wkt = g_strdup_printf ("LINESTRING (%.4f 38.9, %.4f 39.0)",
                                              100.0 + i * 0.0001, 100.1 + i * 0.0001);
      gint64 id = ra_store_insert_pipeline (store, 0, name, wkt, &error);

      g_assert_no_error (error);
      g_hash_table_insert (names, g_memdup2 (&id, sizeof id), g_steal_pointer (&name));
    }
  n_rows = ra_store_count_rows (store, "pipelines", NULL);
  layer = ra_store_load_layer (store, "pipelines", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ra_layer_get_n_features (layer), ==, n_rows);
  attrs = ra_layer_get_attrs (layer);
  name_field = ra_attr_table_field_index (attrs, "name");
  g_assert_cmpint (name_field, >=, 0);
  for (guint f = 0; f < attrs->n_features; f++)
    {
      gint64 fid = attrs->fids[f];
      const char *expected = g_hash_table_lookup (names, &fid);

      g_assert_false (g_hash_table_contains (seen, &fid));
      g_hash_table_add (seen, g_memdup2 (&fid, sizeof fid));
      if (expected != NULL)
        g_assert_cmpstr (ra_attr_table_get (attrs, f, (guint) name_field), ==, expected);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, (guint) n_rows);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();

  g_test_add_func ("/store/layers/load", test_load_layer);
  g_test_add_func ("/store/layers/load-async", test_load_layers_async);
  g_test_add_func ("/store/layers/load-big", test_load_big_layer);
  g_test_add_func ("/store/records/agree", test_records_agree);
  return g_test_run ();
}
