/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The water balance's part of the store (schema version 3,
 * ra-store-water.h): the migration from version 2, the key lists, water
 * users as a feature table with their validation, the setters with undo,
 * redo and reopening, the cascade of a user's deletion, the import of
 * demand columns and the Zhangye sample's water tables.  Expected figures
 * are read off the sample's CSV files (data/samples/zhangye) by hand. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "ra-core.h"
#include "ra-plan.h"
#include "ra-store.h"
#include "ra-store-water.h"
#include "store-test-util.h"

static void
raw_exec (const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  char *msg = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    g_error ("%s: %s", sql, msg);
  sqlite3_close (db);
}

static int
raw_int (const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int value = -1;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static GHashTable *
fields_new (const char *first, ...) G_GNUC_NULL_TERMINATED;

/* name, value, name, value, ..., NULL */
static GHashTable *
fields_new (const char *first, ...)
{
  GHashTable *fields = g_hash_table_new (g_str_hash, g_str_equal);
  va_list args;

  va_start (args, first);
  for (const char *name = first; name != NULL; name = va_arg (args, const char *))
    g_hash_table_insert (fields, (gpointer) name, va_arg (args, char *));
  va_end (args);
  return fields;
}

static const RaWaterUserRecord *
find_user (GPtrArray *users, const char *name)
{
  for (guint i = 0; i < users->len; i++)
    {
      const RaWaterUserRecord *u = g_ptr_array_index (users, i);

      if (g_strcmp0 (u->name, name) == 0)
        return u;
    }
  return NULL;
}

/* A new user in 甘州区 (620702) at a point near the city. */
static gint64
add_user (RaStore *store, const char *name, const char *sector)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) fields = fields_new ("name", name, "adcode", "620702",
                                             "sector", sector, "use_category", "industry",
                                             "able", "yes", NULL);
  gint64 id = ra_store_insert_feature (store, "water_users", fields, "POINT (100.45 38.93)",
                                       &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* ---- keys ---------------------------------------------------------------- */

static void
test_keys (void)
{
  const char * const *sectors = ra_water_sector_keys ();
  const char * const *uses = ra_water_use_category_keys ();
  const char * const *sources = ra_water_source_keys ();

  /* Rule 第十二条's order, as the header lists it. */
  g_assert_cmpuint (g_strv_length ((char **) sectors), ==, 6);
  g_assert_cmpstr (sectors[0], ==, "high_water_industry");
  g_assert_cmpstr (sectors[1], ==, "urban_nonpotable");
  g_assert_cmpstr (sectors[2], ==, "coal_mining");
  g_assert_cmpstr (sectors[3], ==, "landscape_ecological");
  g_assert_cmpstr (sectors[4], ==, "agriculture");
  g_assert_cmpstr (sectors[5], ==, "other_industry");
  for (guint i = 0; sectors[i] != NULL; i++)
    {
      g_assert_cmpint (ra_water_sector_priority (sectors[i]), ==, (int) i + 1);
      g_assert_nonnull (ra_water_sector_to_string (sectors[i]));
    }
  g_assert_cmpint (ra_water_sector_priority ("steel"), ==, 0);
  g_assert_cmpint (ra_water_sector_priority (NULL), ==, 0);
  g_assert_null (ra_water_sector_to_string ("steel"));

  /* Rule 第十三条: a standard per use category, and the plan's uses. */
  g_assert_cmpuint (g_strv_length ((char **) uses), ==, 5);
  g_assert_cmpstr (ra_water_use_category_standard ("industry"), ==, "SL368-2006");
  g_assert_cmpstr (ra_water_use_category_standard ("urban_nonpotable"), ==, "GB/T 18920-2020");
  g_assert_cmpstr (ra_water_use_category_standard ("green_irrigation"), ==, "GB/T 25499-2010");
  g_assert_cmpstr (ra_water_use_category_standard ("landscape"), ==, "GB/T 18921-2019");
  g_assert_cmpstr (ra_water_use_category_standard ("farmland"), ==, "GB 5084-2021");
  g_assert_null (ra_water_use_category_standard ("swimming"));
  g_assert_cmpint (ra_water_use_category_plan_use ("industry"), ==, RA_PLAN_USE_INDUSTRY);
  g_assert_cmpint (ra_water_use_category_plan_use ("urban_nonpotable"), ==,
                   RA_PLAN_USE_URBAN_NONPOTABLE);
  g_assert_cmpint (ra_water_use_category_plan_use ("green_irrigation"), ==,
                   RA_PLAN_USE_URBAN_NONPOTABLE);
  g_assert_cmpint (ra_water_use_category_plan_use ("landscape"), ==, RA_PLAN_USE_ECOLOGICAL);
  g_assert_cmpint (ra_water_use_category_plan_use ("farmland"), ==, RA_PLAN_USE_AGRICULTURE);
  g_assert_cmpint (ra_water_use_category_plan_use ("swimming"), ==, -1);
  for (guint i = 0; uses[i] != NULL; i++)
    g_assert_nonnull (ra_water_use_category_to_string (uses[i]));

  g_assert_cmpuint (g_strv_length ((char **) sources), ==, 5);
  for (guint i = 0; sources[i] != NULL; i++)
    g_assert_nonnull (ra_water_source_to_string (sources[i]));
  g_assert_null (ra_water_source_to_string ("rain"));
}

/* ---- migration ------------------------------------------------------------ */

static void
test_migration_v2 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = NULL;
  g_autoptr(GPtrArray) plants = NULL;
  g_autoptr(GPtrArray) users = NULL;
  gint64 n_plants;

  n_plants = raw_int (path, "SELECT count(*) FROM plants");
  /* A version-2 file, as the previous release wrote it. */
  raw_exec (path, ST_SQL_SCHEMA_3_TO_2);
  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, 2);
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM sqlite_master WHERE name = 'water_users'"),
                   ==, 0);

  store = st_open (path);
  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, 3);
  g_assert_cmpint (RA_STORE_SCHEMA_VERSION, ==, 3);
  /* The new tables, empty; the plants kept, with the new columns. */
  g_assert_cmpint (ra_store_count_rows (store, "water_users", NULL), ==, 0);
  g_assert_cmpint (ra_store_count_rows (store, "user_demand", NULL), ==, 0);
  g_assert_cmpint (ra_store_count_rows (store, "plant_supply", NULL), ==, 0);
  g_assert_cmpint (ra_store_count_rows (store, "allocations", NULL), ==, 0);
  g_assert_cmpint (ra_store_count_rows (store, "ledger", NULL), ==, 0);
  g_assert_cmpint (ra_store_count_rows (store, "plants", NULL), ==, n_plants);
  plants = ra_store_list_plant_details (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plants->len, ==, n_plants);
  for (guint i = 0; i < plants->len; i++)
    {
      const RaPlantDetailRecord *p = g_ptr_array_index (plants, i);

      g_assert_null (p->effluent_standard);
      g_assert_null (p->meets_standards);
      g_assert_false (p->capacity_illustrative);
      g_assert_true (isfinite (p->lon) && isfinite (p->lat));
    }
  /* The geometry column is registered with its spatial index. */
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM geometry_columns"
                                  " WHERE f_table_name = 'water_users' AND srid = 4490"
                                  " AND geometry_type = 1 AND spatial_index_enabled = 1"), ==, 1);
  add_user (store, "新用户", "coal_mining");
  users = ra_store_list_water_users (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, 1);
  g_assert_cmpfloat_with_epsilon (((RaWaterUserRecord *) users->pdata[0])->lon, 100.45, 1e-9);

  /* A version-2 file that is view-only cannot be upgraded: said so. */
  g_clear_object (&store);
  raw_exec (path, ST_SQL_SCHEMA_3_TO_2);
  store = ra_store_open (path, RA_STORE_OPEN_READ_ONLY, &error);
  g_assert_null (store);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_READ_ONLY);
}

/* A version-3 file without a water table is damaged, and said so. */
static void
test_damaged_v3 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = NULL;

  raw_exec (path, "DROP TABLE ledger");
  store = ra_store_open (path, RA_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "table “ledger” is missing"));
}

/* ---- water users as a feature table --------------------------------------- */

static void
test_user_feature (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GHashTable) bad_sector = fields_new ("name", "钢厂", "sector", "steel", NULL);
  g_autoptr(GHashTable) bad_able = fields_new ("name", "钢厂", "able", "maybe", NULL);
  g_autoptr(GHashTable) no_name = fields_new ("sector", "coal_mining", NULL);
  g_autoptr(GHashTable) edit = fields_new ("key_user", "key", "able", "no",
                                           "why_not", "无管网", NULL);
  g_autoptr(GHashTable) bad_key = fields_new ("key_user", "big", NULL);
  const RaWaterUserRecord *u;
  gint64 n_users = ra_store_count_rows (store, "water_users", NULL);
  gint64 id;

  /* Refusals name the column, the value and the keys that are allowed. */
  g_assert_cmpint (ra_store_insert_feature (store, "water_users", bad_sector,
                                            "POINT (100 39)", &error), ==, 0);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "water_users.sector"));
  g_assert_nonnull (strstr (error->message, "“steel”"));
  g_assert_nonnull (strstr (error->message, "high_water_industry, urban_nonpotable"));
  g_clear_error (&error);
  g_assert_cmpint (ra_store_insert_feature (store, "water_users", bad_able, NULL, &error), ==, 0);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "water_users.able"));
  g_assert_nonnull (strstr (error->message, "yes, no"));
  g_clear_error (&error);
  g_assert_cmpint (ra_store_insert_feature (store, "water_users", no_name, NULL, &error), ==, 0);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "water_users.name"));
  g_clear_error (&error);
  g_assert_cmpint (ra_store_insert_feature (store, "water_users", NULL,
                                            "LINESTRING (100 39, 101 39)", &error), ==, 0);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_cmpint (ra_store_count_rows (store, "water_users", NULL), ==, n_users);

  id = add_user (store, "张掖某钢厂", "high_water_industry");
  g_assert_true (ra_store_update_feature (store, "water_users", id, edit, &error));
  g_assert_no_error (error);
  g_assert_false (ra_store_update_feature (store, "water_users", id, bad_key, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "water_users.key_user"));
  g_clear_error (&error);

  users = ra_store_list_water_users (store, &error);
  g_assert_no_error (error);
  u = find_user (users, "张掖某钢厂");
  g_assert_nonnull (u);
  g_assert_cmpint (u->id, ==, id);
  g_assert_cmpstr (u->adcode, ==, "620702");
  g_assert_cmpstr (u->sector, ==, "high_water_industry");
  g_assert_cmpstr (u->use_category, ==, "industry");
  g_assert_cmpstr (u->key_user, ==, "key");
  g_assert_cmpstr (u->able, ==, "no");
  g_assert_cmpstr (u->why_not, ==, "无管网");
  g_assert_null (u->quality_standard);
  g_assert_cmpfloat_with_epsilon (u->lon, 100.45, 1e-9);
  g_assert_cmpfloat_with_epsilon (u->lat, 38.93, 1e-9);

  /* Undo the edit, then the insertion. */
  g_assert_true (ra_store_undo (store, &error));
  g_assert_no_error (error);
  g_clear_pointer (&users, g_ptr_array_unref);
  users = ra_store_list_water_users (store, NULL);
  g_assert_null (find_user (users, "张掖某钢厂")->key_user);
  g_assert_true (ra_store_undo (store, &error));
  g_assert_cmpint (ra_store_count_rows (store, "water_users", NULL), ==, n_users);
  g_assert_true (ra_store_redo (store, &error));
  g_assert_cmpint (ra_store_count_rows (store, "water_users", NULL), ==, n_users + 1);
}

/* A GeoJSON layer of water users with a bad key: rejected as a whole, each
 * bad row named. */
static void
test_import_refused (void)
{
  static const char geojson[] =
    "{\"type\": \"FeatureCollection\", \"features\": ["
    "{\"type\": \"Feature\", \"properties\": {\"name\": \"甲\", \"sector\": \"coal_mining\"},"
    " \"geometry\": {\"type\": \"Point\", \"coordinates\": [100.4, 38.9]}},"
    "{\"type\": \"Feature\", \"properties\": {\"name\": \"乙\", \"sector\": \"steel\"},"
    " \"geometry\": {\"type\": \"Point\", \"coordinates\": [100.5, 38.9]}},"
    "{\"type\": \"Feature\", \"properties\": {\"name\": \"丙\", \"use_category\": \"drinking\"},"
    " \"geometry\": {\"type\": \"Point\", \"coordinates\": [100.6, 38.9]}}]}";
  g_autoptr(GError) error = NULL;
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autofree char *data = st_tmp_path (".geojson");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GPtrArray) report = NULL;
  gint64 n_users = ra_store_count_rows (store, "water_users", NULL);
  guint n = 0;

  g_assert_true (g_file_set_contents (data, geojson, -1, NULL));
  g_assert_false (ra_store_import_layer (store, data, NULL, "water_users", NULL, &n, &report,
                                         &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_IMPORT);
  g_assert_nonnull (strstr (error->message, "2 problems"));
  g_assert_cmpuint (report->len, ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (report, 0), "row 2"));
  g_assert_nonnull (strstr (g_ptr_array_index (report, 0), "water_users.sector: “steel”"));
  g_assert_nonnull (strstr (g_ptr_array_index (report, 1), "row 3"));
  g_assert_nonnull (strstr (g_ptr_array_index (report, 1), "water_users.use_category"));
  g_assert_cmpint (ra_store_count_rows (store, "water_users", NULL), ==, n_users);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();

  g_test_add_func ("/store/water/keys", test_keys);
  g_test_add_func ("/store/water/migration-v2", test_migration_v2);
  g_test_add_func ("/store/water/damaged-v3", test_damaged_v3);
  g_test_add_func ("/store/water/user-feature", test_user_feature);
  g_test_add_func ("/store/water/import-refused", test_import_refused);
  return g_test_run ();
}
