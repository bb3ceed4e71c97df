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

static const RaPlantDetailRecord *
find_plant (GPtrArray *plants, const char *name)
{
  for (guint i = 0; i < plants->len; i++)
    {
      const RaPlantDetailRecord *p = g_ptr_array_index (plants, i);

      if (g_strcmp0 (p->name, name) == 0)
        return p;
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
  ST_FILE_ONLY ("it takes the file back to an older schema with SQLite");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = NULL;
  g_autoptr(GPtrArray) plants = NULL;
  g_autoptr(GPtrArray) users = NULL;
  gint64 n_plants;

  n_plants = raw_int (path, "SELECT count(*) FROM plants");
  /* A version-2 file, as the previous release wrote it. */
  raw_exec (path, ST_SQL_SCHEMA_5_TO_4 ST_SQL_SCHEMA_4_TO_3 ST_SQL_SCHEMA_3_TO_2);
  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, 2);
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM sqlite_master WHERE name = 'water_users'"),
                   ==, 0);

  store = st_open (path);
  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, RA_STORE_SCHEMA_VERSION);
  g_assert_cmpint (RA_STORE_SCHEMA_VERSION, >=, 3);
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
  raw_exec (path, ST_SQL_SCHEMA_5_TO_4 ST_SQL_SCHEMA_4_TO_3 ST_SQL_SCHEMA_3_TO_2);
  store = ra_store_open (path, RA_STORE_OPEN_READ_ONLY, &error);
  g_assert_null (store);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_READ_ONLY);
}

/* A version-3 file without a water table is damaged, and said so. */
static void
test_damaged_v3 (void)
{
  ST_FILE_ONLY ("it damages the file with SQLite");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = NULL;

  raw_exec (path, "DROP TABLE ledger");
  store = ra_store_open (path, RA_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "table “ledger” is missing"));
}

/* ---- the plant a project expands (schema 4) ------------------------------- */

static gint64
plant_id_named (RaStore *store, const char *name)
{
  g_autoptr(GPtrArray) plants = ra_store_list_plant_details (store, NULL);

  for (guint i = 0; plants != NULL && i < plants->len; i++)
    {
      const RaPlantDetailRecord *p = g_ptr_array_index (plants, i);

      if (g_strcmp0 (p->name, name) == 0)
        return p->id;
    }
  g_error ("no plant %s", name);
  return 0;
}

static RaProjectRecord *
project_coded (RaStore *store, const char *code)
{
  g_autoptr(GPtrArray) projects = ra_store_list_projects (store, NULL);

  for (guint i = 0; projects != NULL && i < projects->len; i++)
    {
      RaProjectRecord *p = g_ptr_array_index (projects, i);

      if (g_strcmp0 (p->code, code) == 0)
        return ra_store_get_project (store, p->id, NULL);
    }
  g_error ("no project %s", code);
  return NULL;
}

static gboolean
set_project_plant (RaStore *store, gint64 project_id, const char *value, GError **error)
{
  g_auto(GValue) v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_STRING);
  g_value_set_string (&v, value);
  return ra_store_update_project (store, project_id, "plant_id", &v, error);
}

/* A version-3 file (no projects.plant_id) is upgraded: every project
 * expands no plant, and one can be set. */
static void
test_migration_v3 (void)
{
  ST_FILE_ONLY ("it takes the file back to an older schema with SQLite");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(RaProjectRecord) p01 = NULL;
  g_autofree char *id_text = NULL;
  gint64 n_projects = raw_int (path, "SELECT count(*) FROM projects");
  gint64 plant;

  raw_exec (path, ST_SQL_SCHEMA_5_TO_4 ST_SQL_SCHEMA_4_TO_3);
  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, 3);
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM pragma_table_info ('projects')"
                                  " WHERE name = 'plant_id'"), ==, 0);

  store = st_open (path);
  g_assert_cmpint (RA_STORE_SCHEMA_VERSION, >=, 4);
  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, RA_STORE_SCHEMA_VERSION);
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM pragma_table_info ('projects_v')"
                                  " WHERE name = 'plant_id'"), ==, 1);
  /* The view keeps its geometry registration (GDAL, QGIS read it). */
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM views_geometry_columns"
                                  " WHERE view_name = 'projects_v'"), ==, 1);
  projects = ra_store_list_projects (store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (projects->len, ==, n_projects);
  for (guint i = 0; i < projects->len; i++)
    g_assert_cmpint (((RaProjectRecord *) projects->pdata[i])->plant_id, ==, 0);

  plant = plant_id_named (store, "临泽县污水处理厂");
  p01 = project_coded (store, "P01");
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, plant);
  g_assert_true (set_project_plant (store, p01->id, id_text, &error));
  g_assert_no_error (error);
  g_clear_pointer (&p01, ra_project_record_free);
  p01 = project_coded (store, "P01");
  g_assert_cmpint (p01->plant_id, ==, plant);
}

/* Setting the plant a project expands: checked (an unknown id is refused,
 * naming the field), undone and audited; deleting the plant unlinks the
 * project in the same undo step, and undo links it again. */
static void
test_project_plant (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(RaProjectRecord) p = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autofree char *id_text = NULL;
  g_auto(GValue) v = G_VALUE_INIT;
  gint64 plant = plant_id_named (store, "临泽县污水处理厂");
  gint64 project_id, n_plants = ra_store_count_rows (store, "plants", NULL);

  p = project_coded (store, "P01");
  project_id = p->id;
  g_assert_cmpint (p->plant_id, ==, 0);

  /* No plant 9999: refused before anything is written. */
  g_assert_false (set_project_plant (store, project_id, "9999", &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "9999"));
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_value_init (&v, G_TYPE_STRING);
  g_value_set_string (&v, "9999");
  g_assert_false (ra_store_validate_project_value (store, "plant_id", &v, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (set_project_plant (store, project_id, "1.5", &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_clear_pointer (&p, ra_project_record_free);
  p = ra_store_get_project (store, project_id, NULL);
  g_assert_cmpint (p->plant_id, ==, 0);

  /* Set, undone, redone; audited. */
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, plant);
  g_assert_true (set_project_plant (store, project_id, id_text, &error));
  g_assert_no_error (error);
  g_clear_pointer (&p, ra_project_record_free);
  p = ra_store_get_project (store, project_id, NULL);
  g_assert_cmpint (p->plant_id, ==, plant);
  audit = ra_store_list_audit (store, "projects", project_id, NULL);
  g_assert_cmpstr (((RaAuditRecord *) audit->pdata[audit->len - 1])->action, ==, "update");
  g_assert_nonnull (strstr (((RaAuditRecord *) audit->pdata[audit->len - 1])->after_json,
                            "plant_id"));
  g_assert_true (ra_store_undo (store, &error));
  g_assert_no_error (error);
  g_clear_pointer (&p, ra_project_record_free);
  p = ra_store_get_project (store, project_id, NULL);
  g_assert_cmpint (p->plant_id, ==, 0);
  g_assert_true (ra_store_redo (store, &error));
  g_clear_pointer (&p, ra_project_record_free);
  p = ra_store_get_project (store, project_id, NULL);
  g_assert_cmpint (p->plant_id, ==, plant);
  /* Empty: none again. */
  g_assert_true (set_project_plant (store, project_id, "", &error));
  g_clear_pointer (&p, ra_project_record_free);
  p = ra_store_get_project (store, project_id, NULL);
  g_assert_cmpint (p->plant_id, ==, 0);
  g_assert_true (set_project_plant (store, project_id, id_text, &error));

  /* The plant deleted: the project stays, unlinked; one undo brings both. */
  g_assert_true (ra_store_delete_row (store, "plants", plant, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ra_store_count_rows (store, "plants", NULL), ==, n_plants - 1);
  g_clear_pointer (&p, ra_project_record_free);
  p = ra_store_get_project (store, project_id, NULL);
  g_assert_nonnull (p);
  g_assert_cmpint (p->plant_id, ==, 0);
  g_assert_true (ra_store_undo (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ra_store_count_rows (store, "plants", NULL), ==, n_plants);
  g_clear_pointer (&p, ra_project_record_free);
  p = ra_store_get_project (store, project_id, NULL);
  g_assert_cmpint (p->plant_id, ==, plant);
  /* And after a reopen. */
  g_clear_object (&store);
  store = st_open (path);
  g_clear_pointer (&p, ra_project_record_free);
  p = ra_store_get_project (store, project_id, NULL);
  g_assert_cmpint (p->plant_id, ==, plant);
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

/* ---- setters: undo, redo, reopening ----------------------------------------- */

static double
demand_of (RaStore *store, gint64 user_id, int year)
{
  g_autoptr(GPtrArray) rows = ra_store_list_user_demand (store, year, NULL);

  g_assert_nonnull (rows);
  for (guint i = 0; i < rows->len; i++)
    {
      const RaUserDemandRecord *d = g_ptr_array_index (rows, i);

      if (d->user_id == user_id)
        return d->volume;
    }
  return NAN;
}

static const RaAllocationRecord *
find_allocation (GPtrArray *allocs, gint64 user_id, gint64 plant_id)
{
  for (guint i = 0; i < allocs->len; i++)
    {
      const RaAllocationRecord *a = g_ptr_array_index (allocs, i);

      if (a->user_id == user_id && a->plant_id == plant_id)
        return a;
    }
  return NULL;
}

/* A user with its demand in one step (the editor's Add): bad figures
 * refuse the whole; undo removes user and demand together, redo brings
 * both.  The county at a point is the one whose boundary holds it. */
static void
test_insert_with_demand (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GHashTable) fields = fields_new ("name", "新用水户", "adcode", "620702", NULL);
  g_autofree char *county = NULL, *nowhere = NULL;
  const int years[] = { 2025, 2030, 2035 };
  const double volumes[] = { 1.5, NAN, 4.0 };
  const double bad[] = { 1.5, -2.0, 4.0 };
  gint64 n_users = ra_store_count_rows (store, "water_users", NULL);
  gint64 n_demand = ra_store_count_rows (store, "user_demand", NULL);
  gint64 id;

  g_assert_cmpint (ra_store_insert_water_user (store, fields, "POINT (100.45 38.93)", 3, years,
                                               bad, &error), ==, 0);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "2030"));
  g_clear_error (&error);
  g_assert_cmpint (ra_store_count_rows (store, "water_users", NULL), ==, n_users);

  id = ra_store_insert_water_user (store, fields, "POINT (100.45 38.93)", 3, years, volumes,
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpfloat (demand_of (store, id, 2025), ==, 1.5);
  g_assert_true (isnan (demand_of (store, id, 2030)));
  g_assert_cmpfloat (demand_of (store, id, 2035), ==, 4.0);
  g_assert_cmpint (ra_store_count_rows (store, "user_demand", NULL), ==, n_demand + 2);

  g_assert_true (ra_store_undo (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ra_store_count_rows (store, "water_users", NULL), ==, n_users);
  g_assert_cmpint (ra_store_count_rows (store, "user_demand", NULL), ==, n_demand);
  g_assert_true (ra_store_redo (store, &error));
  g_assert_cmpfloat (demand_of (store, id, 2035), ==, 4.0);
  g_assert_cmpint (ra_store_count_rows (store, "water_users", NULL), ==, n_users + 1);

  /* 张掖 city (甘州区) and 山丹 town; the sea is in no county. */
  county = ra_store_find_county_at (store, 100.45, 38.93, NULL);
  g_assert_cmpstr (county, ==, "620702");
  g_free (county);
  county = ra_store_find_county_at (store, 101.09, 38.78, NULL);
  g_assert_cmpstr (county, ==, "620725");
  nowhere = ra_store_find_county_at (store, 120.0, 30.0, NULL);
  g_assert_null (nowhere);
}

static RaStore *reopen (RaStore **store, const char *path);

/* The project of a pipeline (0: none), -1 when the pipeline is gone. */
static gint64
pipeline_project (RaStore *store, gint64 pipeline_id)
{
  g_autoptr(GPtrArray) pipes = ra_store_list_pipelines (store, NULL);

  for (guint i = 0; pipes != NULL && i < pipes->len; i++)
    if (((RaPipelineRecord *) g_ptr_array_index (pipes, i))->id == pipeline_id)
      return ((RaPipelineRecord *) g_ptr_array_index (pipes, i))->project_id;
  return -1;
}

/* A project deleted leaves its pipelines without a project; one undo (also
 * after a restart) links them again. */
static void
test_delete_project_relinks (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GPtrArray) pipes = ra_store_list_pipelines (store, NULL);
  gint64 project = 0;
  g_autoptr(GArray) linked = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < pipes->len && project == 0; i++)
    project = ((RaPipelineRecord *) g_ptr_array_index (pipes, i))->project_id;
  g_assert_cmpint (project, >, 0);
  for (guint i = 0; i < pipes->len; i++)
    if (((RaPipelineRecord *) g_ptr_array_index (pipes, i))->project_id == project)
      g_array_append_val (linked, ((RaPipelineRecord *) g_ptr_array_index (pipes, i))->id);

  g_assert_true (ra_store_delete_project (store, project, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < linked->len; i++)
    g_assert_cmpint (pipeline_project (store, g_array_index (linked, gint64, i)), ==, 0);

  reopen (&store, path);
  g_assert_true (ra_store_undo (store, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < linked->len; i++)
    g_assert_cmpint (pipeline_project (store, g_array_index (linked, gint64, i)), ==, project);
}

static RaStore *
reopen (RaStore **store, const char *path)
{
  g_clear_object (store);
  *store = st_open (path);
  return *store;
}

static void
test_set_demand (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GPtrArray) audit = NULL;
  gint64 user = add_user (store, "新建电厂", "high_water_industry");
  gint64 n_demand = ra_store_count_rows (store, "user_demand", NULL);

  /* Refusals. */
  g_assert_false (ra_store_set_user_demand (store, user, 2030, -1, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (ra_store_set_user_demand (store, user, 1800, 10, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "1800"));
  g_clear_error (&error);
  g_assert_false (ra_store_set_user_demand (store, 999999, 2030, 10, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (ra_store_set_user_demand (store, user, 2030, 25.5, &error));
  g_assert_no_error (error);
  g_assert_true (ra_store_set_user_demand (store, user, 2030, 30, &error));
  g_assert_cmpfloat (demand_of (store, user, 2030), ==, 30);
  g_assert_cmpint (ra_store_count_rows (store, "user_demand", NULL), ==, n_demand + 1);
  audit = ra_store_list_audit (store, "user_demand", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 2);

  /* Undo, then reopen and redo. */
  g_assert_true (ra_store_undo (store, &error));
  g_assert_cmpfloat (demand_of (store, user, 2030), ==, 25.5);
  reopen (&store, path);
  g_assert_true (ra_store_redo (store, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (demand_of (store, user, 2030), ==, 30);

  /* Clearing removes the row, as one step; clearing nothing is no step. */
  g_assert_true (ra_store_set_user_demand (store, user, 2030, NAN, &error));
  g_assert_true (isnan (demand_of (store, user, 2030)));
  g_assert_cmpint (ra_store_count_rows (store, "user_demand", NULL), ==, n_demand);
  g_assert_true (ra_store_set_user_demand (store, user, 2030, NAN, &error));
  g_assert_no_error (error);
  reopen (&store, path);
  g_assert_true (ra_store_undo (store, &error));
  g_assert_cmpfloat (demand_of (store, user, 2030), ==, 30);
}

static void
test_set_plant_supply (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GPtrArray) supply = NULL;
  g_autoptr(GPtrArray) plants = ra_store_list_plant_details (store, NULL);
  gint64 plant = ((RaPlantDetailRecord *) plants->pdata[0])->id;
  const RaPlantSupplyRecord *s = NULL;

  g_assert_false (ra_store_set_plant_supply (store, plant, 2030, -5, NAN, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (ra_store_set_plant_supply (store, 999999, 2030, 5, NAN, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (ra_store_set_plant_supply (store, plant, 2030, 2100, 300, &error));
  g_assert_no_error (error);
  g_assert_true (ra_store_set_plant_supply (store, plant, 2030, 2200, NAN, &error));
  reopen (&store, path);
  supply = ra_store_list_plant_supply (store, 2030, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < supply->len; i++)
    if (((RaPlantSupplyRecord *) supply->pdata[i])->plant_id == plant)
      s = supply->pdata[i];
  g_assert_nonnull (s);
  g_assert_cmpfloat (s->treated, ==, 2200);
  g_assert_true (isnan (s->committed_discharge));
  g_assert_true (ra_store_undo (store, &error));
  g_clear_pointer (&supply, g_ptr_array_unref);
  supply = ra_store_list_plant_supply (store, 2030, NULL);
  s = NULL;
  for (guint i = 0; i < supply->len; i++)
    if (((RaPlantSupplyRecord *) supply->pdata[i])->plant_id == plant)
      s = supply->pdata[i];
  g_assert_nonnull (s);
  g_assert_cmpfloat (s->treated, ==, 2100);
  g_assert_cmpfloat (s->committed_discharge, ==, 300);
  g_assert_true (ra_store_redo (store, &error));
  g_assert_no_error (error);
}

static void
test_set_allocation (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GPtrArray) allocs = NULL;
  g_autoptr(GPtrArray) plants = ra_store_list_plant_details (store, NULL);
  gint64 plant = ((RaPlantDetailRecord *) plants->pdata[0])->id;
  gint64 user = add_user (store, "新建化工", "high_water_industry");
  gint64 n = ra_store_count_rows (store, "allocations", NULL);
  const RaAllocationRecord *a;

  g_assert_false (ra_store_set_allocation (store, user, plant, 2030, -3, NULL, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (ra_store_set_allocation (store, user, plant, 2030, 3, "1,x", &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (ra_store_set_allocation (store, user, 999999, 2030, 3, NULL, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (ra_store_set_allocation (store, user, plant, 2030, 12, "1, 2", &error));
  g_assert_no_error (error);
  g_assert_cmpint (ra_store_count_rows (store, "allocations", NULL), ==, n + 1);
  reopen (&store, path);
  allocs = ra_store_list_allocations (store, 2030, &error);
  g_assert_no_error (error);
  a = find_allocation (allocs, user, plant);
  g_assert_nonnull (a);
  g_assert_cmpfloat (a->volume, ==, 12);
  g_assert_cmpstr (a->origin, ==, "hand");
  g_assert_cmpstr (a->via_pipeline_ids, ==, "1, 2");
  g_assert_cmpint (a->year, ==, 2030);

  /* 0 removes it; undo brings it back after a restart. */
  g_assert_true (ra_store_set_allocation (store, user, plant, 2030, 0, NULL, &error));
  g_assert_cmpint (ra_store_count_rows (store, "allocations", NULL), ==, n);
  reopen (&store, path);
  g_assert_true (ra_store_undo (store, &error));
  g_assert_cmpint (ra_store_count_rows (store, "allocations", NULL), ==, n + 1);
  g_assert_true (ra_store_redo (store, &error));
  g_assert_cmpint (ra_store_count_rows (store, "allocations", NULL), ==, n);
}

static void
test_replace_allocations (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) proposal = g_ptr_array_new_with_free_func ((GDestroyNotify) ra_allocation_record_free);
  g_autoptr(GPtrArray) other_year = NULL;
  g_autofree char *label = NULL;
  RaAllocationRecord *a, *bad;

  before = ra_store_list_allocations (store, 2030, &error);
  g_assert_no_error (error);
  /* allocations.csv: 14 rows for 2030 (and 14 each for 2023, 2025, 2035). */
  g_assert_cmpuint (before->len, ==, 14);
  /* Keep the first old allocation's place with a new volume, add none else. */
  a = g_new0 (RaAllocationRecord, 1);
  a->user_id = ((RaAllocationRecord *) before->pdata[0])->user_id;
  a->plant_id = ((RaAllocationRecord *) before->pdata[0])->plant_id;
  a->volume = 77;
  g_ptr_array_add (proposal, a);

  bad = g_new0 (RaAllocationRecord, 1);
  bad->user_id = a->user_id;
  bad->plant_id = a->plant_id;
  bad->volume = 0;
  g_ptr_array_add (proposal, bad);
  g_assert_false (ra_store_replace_allocations (store, 2030, proposal, "Proposal", &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_ptr_array_remove_index (proposal, 1);

  g_assert_true (ra_store_replace_allocations (store, 2030, proposal, "Accept proposal", &error));
  g_assert_no_error (error);
  after = ra_store_list_allocations (store, 2030, NULL);
  g_assert_cmpuint (after->len, ==, 1);
  g_assert_cmpstr (((RaAllocationRecord *) after->pdata[0])->origin, ==, "proposal");
  g_assert_cmpfloat (((RaAllocationRecord *) after->pdata[0])->volume, ==, 77);
  /* Other years untouched. */
  other_year = ra_store_list_allocations (store, 2025, NULL);
  g_assert_cmpuint (other_year->len, ==, 14);
  label = ra_store_dup_undo_label (store);
  g_assert_cmpstr (label, ==, "Accept proposal");

  /* One undo step restores all 14, also after a restart. */
  reopen (&store, path);
  g_assert_true (ra_store_undo (store, &error));
  g_assert_no_error (error);
  g_clear_pointer (&after, g_ptr_array_unref);
  after = ra_store_list_allocations (store, 2030, NULL);
  g_assert_cmpuint (after->len, ==, 14);
  for (guint i = 0; i < after->len; i++)
    {
      const RaAllocationRecord *x = after->pdata[i], *y = before->pdata[i];

      g_assert_cmpint (x->id, ==, y->id);
      g_assert_cmpfloat (x->volume, ==, y->volume);
      g_assert_cmpstr (x->origin, ==, "hand");
    }
  g_assert_true (ra_store_redo (store, &error));
  g_assert_cmpint (ra_store_count_rows (store, "allocations", NULL), ==, 14 + 14 + 14 + 1);
}

/* The ledger months of one plant. */
static guint
ledger_rows (RaStore *store, gint64 plant)
{
  g_autoptr(GPtrArray) rows = ra_store_list_ledger (store, plant, NULL);

  g_assert_nonnull (rows);
  return rows->len;
}

static void
test_add_ledger (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) ra_ledger_record_free);
  g_autoptr(GPtrArray) ledger = NULL;
  g_autoptr(GPtrArray) plants = ra_store_list_plant_details (store, NULL);
  /* The second plant: the sample's ledger (ledger_2024.csv) is the first's. */
  gint64 plant = ((RaPlantDetailRecord *) plants->pdata[1])->id;
  const RaLedgerRecord *r;

  for (int m = 1; m <= 2; m++)
    {
      RaLedgerRecord *rec = g_new0 (RaLedgerRecord, 1);

      rec->plant_id = plant;
      rec->month = g_strdup_printf ("2024-%02d", m);
      rec->inflow = 280 + m;
      rec->treated = 275;
      rec->reused[0] = 60;
      rec->reused[1] = NAN;
      rec->reused[2] = 50;
      rec->reused[3] = 10 * m;
      rec->discharged = 155;
      rec->destination = g_strdup ("黑河");
      rec->quality = g_strdup ("一级A");
      rec->source_file = g_strdup ("台账2024.xlsx");
      g_ptr_array_add (rows, rec);
    }
  /* A bad month refuses the whole batch. */
  g_free (((RaLedgerRecord *) rows->pdata[1])->month);
  ((RaLedgerRecord *) rows->pdata[1])->month = g_strdup ("2024-13");
  g_assert_false (ra_store_add_ledger (store, rows, NULL, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "2024-13"));
  g_clear_error (&error);
  g_assert_cmpint (ledger_rows (store, plant), ==, 0);
  g_free (((RaLedgerRecord *) rows->pdata[1])->month);
  ((RaLedgerRecord *) rows->pdata[1])->month = g_strdup ("2024-02");

  g_assert_true (ra_store_add_ledger (store, rows, "Import ledger", &error));
  g_assert_no_error (error);
  g_assert_cmpint (ledger_rows (store, plant), ==, 2);
  /* The same months again replace, not add. */
  ((RaLedgerRecord *) rows->pdata[0])->inflow = 300;
  g_assert_true (ra_store_add_ledger (store, rows, "Import ledger", &error));
  g_assert_cmpint (ledger_rows (store, plant), ==, 2);
  reopen (&store, path);
  ledger = ra_store_list_ledger (store, plant, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ledger->len, ==, 2);
  r = ledger->pdata[0];
  g_assert_cmpstr (r->month, ==, "2024-01");
  g_assert_cmpfloat (r->inflow, ==, 300);
  g_assert_cmpfloat (r->reused[0], ==, 60);
  g_assert_true (isnan (r->reused[1]));
  g_assert_cmpfloat (r->reused[3], ==, 10);
  g_assert_cmpstr (r->destination, ==, "黑河");
  g_assert_cmpfloat (((RaLedgerRecord *) ledger->pdata[1])->reused[3], ==, 20);

  /* Each add is one undo step. */
  g_assert_true (ra_store_undo (store, &error));
  g_clear_pointer (&ledger, g_ptr_array_unref);
  ledger = ra_store_list_ledger (store, plant, NULL);
  g_assert_cmpfloat (((RaLedgerRecord *) ledger->pdata[0])->inflow, ==, 281);
  g_assert_true (ra_store_undo (store, &error));
  g_assert_cmpint (ledger_rows (store, plant), ==, 0);
  g_assert_true (ra_store_redo (store, &error));
  g_assert_cmpint (ledger_rows (store, plant), ==, 2);
}

/* ---- deleting a user, a plant ------------------------------------------------ */

static void
test_cascade (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GPtrArray) users = ra_store_list_water_users (store, NULL);
  g_autoptr(GPtrArray) plants = ra_store_list_plant_details (store, NULL);
  const RaWaterUserRecord *power = find_user (users, "甘电投张掖发电厂");
  gint64 user = power->id;
  gint64 n_users = ra_store_count_rows (store, "water_users", NULL);
  gint64 n_demand = ra_store_count_rows (store, "user_demand", NULL);
  gint64 n_alloc = ra_store_count_rows (store, "allocations", NULL);
  gint64 mine = 0;

  /* water_users.csv: the power plant has demand in 2023, 2025, 2030, 2035;
   * allocations.csv: 4 allocations (2023, 2025, 2030, 2035). */
  g_assert_true (ra_store_delete_row (store, "water_users", user, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ra_store_count_rows (store, "water_users", NULL), ==, n_users - 1);
  g_assert_cmpint (ra_store_count_rows (store, "user_demand", NULL), ==, n_demand - 4);
  g_assert_cmpint (ra_store_count_rows (store, "allocations", NULL), ==, n_alloc - 4);

  /* One undo step brings all back, after a restart too. */
  reopen (&store, path);
  g_assert_true (ra_store_undo (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ra_store_count_rows (store, "water_users", NULL), ==, n_users);
  g_assert_cmpint (ra_store_count_rows (store, "user_demand", NULL), ==, n_demand);
  g_assert_cmpint (ra_store_count_rows (store, "allocations", NULL), ==, n_alloc);
  g_assert_cmpfloat (demand_of (store, user, 2030), ==, 540);
  g_assert_true (ra_store_redo (store, &error));
  g_assert_cmpint (ra_store_count_rows (store, "user_demand", NULL), ==, n_demand - 4);
  g_assert_true (ra_store_undo (store, &error));

  /* A plant takes its supply and allocations with it: the mine-water
   * station has 4 supply rows (treated_2023..2035) and 3 allocations. */
  for (guint i = 0; i < plants->len; i++)
    if (g_strcmp0 (((RaPlantDetailRecord *) plants->pdata[i])->kind, "mine_water_station") == 0)
      mine = ((RaPlantDetailRecord *) plants->pdata[i])->id;
  g_assert_cmpint (mine, >, 0);
  g_assert_true (ra_store_delete_row (store, "plants", mine, &error));
  g_assert_cmpint (ra_store_count_rows (store, "plant_supply", NULL), ==, 0);
  g_assert_cmpint (ra_store_count_rows (store, "allocations", NULL), ==, n_alloc - 4);
  g_assert_true (ra_store_undo (store, &error));
  g_assert_cmpint (ra_store_count_rows (store, "plant_supply", NULL), ==, 4);
  g_assert_cmpint (ra_store_count_rows (store, "allocations", NULL), ==, n_alloc);
}

/* ---- import with demand columns ---------------------------------------------- */

static void
test_import_demand (void)
{
  static const char geojson[] =
    "{\"type\": \"FeatureCollection\", \"features\": ["
    "{\"type\": \"Feature\", \"properties\": {\"名称\": \"甲厂\", \"sector\": \"coal_mining\","
    " \"demand_2025\": 12.5, \"demand_2030\": 20, \"需水2035\": 22},"
    " \"geometry\": {\"type\": \"Point\", \"coordinates\": [100.4, 38.9]}},"
    "{\"type\": \"Feature\", \"properties\": {\"名称\": \"乙园\", \"sector\": \"urban_nonpotable\","
    " \"demand_2025\": null, \"demand_2030\": 8, \"需水2035\": 9},"
    " \"geometry\": {\"type\": \"Point\", \"coordinates\": [100.5, 38.9]}}]}";
  static const char bad[] =
    "{\"type\": \"FeatureCollection\", \"features\": ["
    "{\"type\": \"Feature\", \"properties\": {\"name\": \"丙\", \"demand_2030\": -4},"
    " \"geometry\": {\"type\": \"Point\", \"coordinates\": [100.4, 38.9]}}]}";
  g_autoptr(GError) error = NULL;
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autofree char *data = st_tmp_path (".geojson");
  g_autofree char *bad_data = st_tmp_path (".geojson");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GHashTable) map = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GPtrArray) users = NULL;
  gint64 n_users = ra_store_count_rows (store, "water_users", NULL);
  gint64 n_demand = ra_store_count_rows (store, "user_demand", NULL);
  const RaWaterUserRecord *u;
  guint n = 0;

  g_assert_true (g_file_set_contents (data, geojson, -1, NULL));
  g_assert_true (g_file_set_contents (bad_data, bad, -1, NULL));
  g_hash_table_insert (map, "名称", "name");
  g_hash_table_insert (map, "需水2035", "demand_2035");

  /* A negative demand refuses the import, naming the field. */
  g_assert_false (ra_store_import_layer (store, bad_data, NULL, "water_users", NULL, &n,
                                         &report, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_IMPORT);
  g_assert_nonnull (strstr (g_ptr_array_index (report, 0), "demand_2030"));
  g_clear_error (&error);
  g_clear_pointer (&report, g_ptr_array_unref);

  g_assert_true (ra_store_import_layer (store, data, NULL, "water_users", map, &n, &report,
                                        &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  /* 甲: 2025, 2030, 2035; 乙: 2030, 2035. */
  g_assert_cmpint (ra_store_count_rows (store, "water_users", NULL), ==, n_users + 2);
  g_assert_cmpint (ra_store_count_rows (store, "user_demand", NULL), ==, n_demand + 5);
  users = ra_store_list_water_users (store, NULL);
  u = find_user (users, "甲厂");
  g_assert_nonnull (u);
  g_assert_cmpfloat (demand_of (store, u->id, 2025), ==, 12.5);
  g_assert_cmpfloat (demand_of (store, u->id, 2030), ==, 20);
  g_assert_cmpfloat (demand_of (store, u->id, 2035), ==, 22);
  u = find_user (users, "乙园");
  g_assert_true (isnan (demand_of (store, u->id, 2025)));
  g_assert_cmpfloat (demand_of (store, u->id, 2035), ==, 9);

  /* One undo step takes users and demand away. */
  reopen (&store, path);
  g_assert_true (ra_store_undo (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ra_store_count_rows (store, "water_users", NULL), ==, n_users);
  g_assert_cmpint (ra_store_count_rows (store, "user_demand", NULL), ==, n_demand);
  g_assert_true (ra_store_redo (store, &error));
  g_assert_cmpint (ra_store_count_rows (store, "user_demand", NULL), ==, n_demand + 5);

  /* Exported like any layer. */
  {
    g_autofree char *out = st_tmp_path (".gpkg");

    g_assert_true (ra_store_export_layer (store, "water_users", out, NULL, &error));
    g_assert_no_error (error);
  }
}

/* ---- the Zhangye sample -------------------------------------------------------- */

static void
test_sample (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GPtrArray) users = ra_store_list_water_users (store, &error);
  g_autoptr(GPtrArray) plants = ra_store_list_plant_details (store, &error);
  g_autoptr(GPtrArray) demand = ra_store_list_user_demand (store, 2030, &error);
  g_autoptr(GPtrArray) supply = ra_store_list_plant_supply (store, 0, &error);
  g_autoptr(GPtrArray) alloc = ra_store_list_allocations (store, 2030, &error);
  g_autoptr(GPtrArray) pipes = ra_store_list_pipelines (store, &error);
  g_autoptr(GPtrArray) projects = ra_store_list_projects (store, &error);
  const RaPlantDetailRecord *ganzhou, *mine;
  const RaWaterUserRecord *u;
  double ganzhou_all = 0, ganzhou_able = 0, alloc_ganzhou = 0;
  guint n_with_project = 0;

  g_assert_no_error (error);
  /* Rows of the CSV files, counted by hand. */
  g_assert_cmpuint (users->len, ==, 17);
  g_assert_cmpuint (plants->len, ==, 7);
  g_assert_cmpuint (supply->len, ==, 4);
  g_assert_cmpuint (pipes->len, ==, 19);
  g_assert_cmpuint (alloc->len, ==, 14);
  /* 17 users x 4 years, less 5 blank cells (昆仑生化 2023/2025, 乌江镇
   * 2023/2025, 肃南大河 2023). */
  g_assert_cmpint (ra_store_count_rows (store, "user_demand", NULL), ==, 63);
  /* 14 rows each for 2023, 2025, 2030 and 2035. */
  g_assert_cmpint (ra_store_count_rows (store, "allocations", NULL), ==, 56);

  /* 甘州区 (620702) in 2030: 540 + 130 + 30 + 700 + 220 + 80 = 1700 for the
   * users able to use reclaimed water, plus 50 for 乌江镇 (able = no). */
  for (guint i = 0; i < demand->len; i++)
    {
      const RaUserDemandRecord *d = demand->pdata[i];

      for (guint j = 0; j < users->len; j++)
        {
          const RaWaterUserRecord *w = users->pdata[j];

          if (w->id == d->user_id && g_strcmp0 (w->adcode, "620702") == 0)
            {
              ganzhou_all += d->volume;
              if (g_strcmp0 (w->able, "no") != 0)
                ganzhou_able += d->volume;
            }
        }
    }
  g_assert_cmpfloat_with_epsilon (ganzhou_all, 1750, 1e-9);
  g_assert_cmpfloat_with_epsilon (ganzhou_able, 1700, 1e-9);

  /* The county plant at the seat got its capacity and effluent. */
  ganzhou = find_plant (plants, "甘州区污水处理厂");
  g_assert_nonnull (ganzhou);
  g_assert_cmpfloat (ganzhou->capacity_m3_per_day, ==, 100000);
  g_assert_true (ganzhou->capacity_illustrative);
  g_assert_true (ganzhou->location_approx);
  g_assert_cmpstr (ganzhou->effluent_standard, ==, "GB 18918-2002 一级A");
  g_assert_cmpstr (ganzhou->meets_standards, ==,
                   "SL368-2006;GB/T 18920-2020;GB/T 25499-2010;GB/T 18921-2019;GB 5084-2021");
  /* 甘州区's 2030 allocations: 540 + 130 + 700 + 220 + 80 = 1670. */
  for (guint i = 0; i < alloc->len; i++)
    if (((RaAllocationRecord *) alloc->pdata[i])->plant_id == ganzhou->id)
      alloc_ganzhou += ((RaAllocationRecord *) alloc->pdata[i])->volume;
  g_assert_cmpfloat_with_epsilon (alloc_ganzhou, 1670, 1e-9);

  /* The mine-water station is added where plants.csv puts it. */
  mine = find_plant (plants, "山丹县花草滩煤矿矿井水处理站");
  g_assert_nonnull (mine);
  g_assert_cmpstr (mine->kind, ==, "mine_water_station");
  g_assert_cmpstr (mine->adcode, ==, "620725");
  g_assert_cmpfloat (mine->capacity_m3_per_day, ==, 3000);
  g_assert_null (mine->effluent_standard);
  g_assert_cmpfloat_with_epsilon (mine->lon, 101.06, 1e-9);
  g_assert_cmpfloat_with_epsilon (mine->lat, 38.615, 1e-9);
  for (guint i = 0; i < supply->len; i++)
    {
      const RaPlantSupplyRecord *s = supply->pdata[i];
      static const double treated[] = { 60, 80, 100, 100 };
      static const int years[] = { 2023, 2025, 2030, 2035 };

      g_assert_cmpint (s->plant_id, ==, mine->id);
      g_assert_cmpint (s->year, ==, years[i]);
      g_assert_cmpfloat (s->treated, ==, treated[i]);
      g_assert_true (isnan (s->committed_discharge));
    }

  /* A user as water_users.csv gives it. */
  u = find_user (users, "乌江镇" /* not a full name */);
  g_assert_null (u);
  u = find_user (users, "甘州区乌江镇农田灌溉");
  g_assert_nonnull (u);
  g_assert_cmpstr (u->sector, ==, "agriculture");
  g_assert_cmpstr (u->use_category, ==, "farmland");
  g_assert_cmpstr (u->source_now, ==, "surface");
  g_assert_cmpstr (u->able, ==, "no");
  g_assert_nonnull (strstr (u->why_not, "20 km"));
  g_assert_true (u->location_approx);
  g_assert_true (u->demand_illustrative);
  g_assert_cmpfloat_with_epsilon (u->lon, 100.38, 1e-9);
  g_assert_cmpfloat_with_epsilon (u->lat, 39.12, 1e-9);
  g_assert_cmpstr (find_user (users, "花草滩煤矿")->key_user, ==, "key");

  /* 12 of the 19 pipelines name a project code (pipelines.csv): 7 of the 8
   * straight lines, and 5 branches of the illustrative networks (P10
   * twice, P05, P03, P15), which took over the codes of the straight lines
   * they replace; the trunks name none. */
  for (guint i = 0; i < pipes->len; i++)
    if (((RaPipelineRecord *) pipes->pdata[i])->project_id != 0)
      n_with_project++;
  g_assert_cmpuint (n_with_project, ==, 12);
  for (guint i = 0; i < projects->len; i++)
    {
      const RaProjectRecord *p = projects->pdata[i];

      if (g_strcmp0 (p->code, "P05") == 0)
        for (guint j = 0; j < pipes->len; j++)
          if (((RaPipelineRecord *) pipes->pdata[j])->project_id == p->id)
            g_assert_nonnull (strstr (((RaPipelineRecord *) pipes->pdata[j])->name, "河西硅业"));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();

  g_test_add_func ("/store/water/keys", test_keys);
  g_test_add_func ("/store/water/migration-v2", test_migration_v2);
  g_test_add_func ("/store/water/damaged-v3", test_damaged_v3);
  g_test_add_func ("/store/water/migration-v3", test_migration_v3);
  g_test_add_func ("/store/water/project-plant", test_project_plant);
  g_test_add_func ("/store/water/user-feature", test_user_feature);
  g_test_add_func ("/store/water/insert-with-demand", test_insert_with_demand);
  g_test_add_func ("/store/water/delete-project-relinks", test_delete_project_relinks);
  g_test_add_func ("/store/water/import-refused", test_import_refused);
  g_test_add_func ("/store/water/set-demand", test_set_demand);
  g_test_add_func ("/store/water/set-plant-supply", test_set_plant_supply);
  g_test_add_func ("/store/water/set-allocation", test_set_allocation);
  g_test_add_func ("/store/water/replace-allocations", test_replace_allocations);
  g_test_add_func ("/store/water/add-ledger", test_add_ledger);
  g_test_add_func ("/store/water/cascade", test_cascade);
  g_test_add_func ("/store/water/import-demand", test_import_demand);
  g_test_add_func ("/store/water/sample", test_sample);
  return g_test_run ();
}
