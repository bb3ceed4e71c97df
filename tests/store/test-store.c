/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The project file: schema, sample, edits with audit and undo, durability
 * under SIGKILL, two connections, read-only files, hostile text, import and
 * export. */
#include "config.h"

#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <sqlite3.h>
#include <spatialite.h>
#include <gdal.h>
#include <ogr_api.h>

#include "ra-core.h"
#include "ra-store.h"
#include "ra-tables.h"
#include "ra-undo.h"
#include "store-test-util.h"

static gint64
project_id_by_code (RaStore *store, const char *code)
{
  g_autoptr(GPtrArray) projects = ra_store_list_projects (store, NULL);

  for (guint i = 0; projects != NULL && i < projects->len; i++)
    {
      RaProjectRecord *p = g_ptr_array_index (projects, i);

      if (g_strcmp0 (p->code, code) == 0)
        return p->id;
    }
  g_assert_not_reached ();
  return 0;
}

static void
set_string (RaStore *store, gint64 id, const char *field, const char *text)
{
  g_autoptr(GError) error = NULL;
  GValue v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_STRING);
  g_value_set_string (&v, text);
  g_assert_true (ra_store_update_project (store, id, field, &v, &error));
  g_assert_no_error (error);
  g_value_unset (&v);
}

static gboolean
try_set_string (RaStore *store, gint64 id, const char *field, const char *text, GError **error)
{
  GValue v = G_VALUE_INIT;
  gboolean ok;

  g_value_init (&v, G_TYPE_STRING);
  g_value_set_string (&v, text);
  ok = ra_store_update_project (store, id, field, &v, error);
  g_value_unset (&v);
  return ok;
}

/* ---- sample ------------------------------------------------------------ */

static void
test_sample_zhangye (void)
{
  ST_FILE_ONLY ("it reads the file with SQLite (the server: tests/pg)");
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wkt = NULL;
  g_autofree char *name = NULL;
  RaProjectRecord *p1;

  g_assert_cmpint (ra_store_count_rows (store, "projects", NULL), ==, 18);
  /* 6 county plants + the mine-water station, 8 schematic straight
   * pipelines and the 11 pipes of the illustrative networks of 甘州区 and
   * 民乐县 (data/samples/zhangye/plants.csv, pipelines.csv). */
  g_assert_cmpint (ra_store_count_rows (store, "plants", NULL), ==, 7);
  g_assert_cmpint (ra_store_count_rows (store, "counties", NULL), ==, 6);
  g_assert_cmpint (ra_store_count_rows (store, "pipelines", NULL), ==, 19);
  g_assert_cmpint (ra_store_count_rows (store, "footprints", NULL), ==, 0);
  name = ra_store_dup_project_name (store);
  g_assert_nonnull (strstr (name, "张掖"));

  projects = ra_store_list_projects (store, &error);
  g_assert_no_error (error);
  p1 = g_ptr_array_index (projects, 0);
  g_assert_cmpstr (p1->code, ==, "P01");
  g_assert_cmpstr (p1->batch, ==, "2024");
  g_assert_cmpstr (p1->status, ==, "under_construction");
  g_assert_cmpstr (p1->county_name, ==, "临泽县");
  g_assert_cmpfloat (p1->investment_total, ==, 5179);
  g_assert_cmpfloat (p1->cap_total, ==, 46);
  g_assert_false (p1->has_geometry);
  for (guint i = 0; i < projects->len; i++)
    g_assert_false (((RaProjectRecord *) g_ptr_array_index (projects, i))->has_geometry);

  /* P12 has no investment in the plan: blank, not zero. */
  g_assert_true (isnan (((RaProjectRecord *) g_ptr_array_index (projects, 11))->investment_total));

  /* The plants sit on the county seats, flagged approximate. */
  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name, location_approx FROM plants"
                                             " WHERE adcode = '620702'", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "甘州区污水处理厂");
    g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 1);
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
  wkt = ra_store_get_geometry_wkt (store, "plants", 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (wkt);
  g_assert_true (g_str_has_prefix (wkt, "POINT"));
}

static void
test_sample_ogrinfo (void)
{
  ST_FILE_ONLY ("SpatiaLite metadata read by ogrinfo (the server: tests/pg/test-pg-cli.sh)");
  g_autofree char *path = st_copy_sample ("zhangye");
  const char *argv[] = { "ogrinfo", "-ro", "-so", "-al", path, NULL };
  g_autofree char *out = st_run (argv);
  static const struct { const char *layer, *type; } expect[] = {
    { "counties", "Multi Polygon" }, { "plants", "Point" }, { "projects", "Multi Polygon" },
    { "pipelines", "Multi Line String" }, { "footprints", "Multi Polygon" },
    { "built_up_areas", "Multi Polygon" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    {
      g_autofree char *needle = g_strdup_printf ("Layer name: %s\n", expect[i].layer);
      const char *at = strstr (out, needle);
      const char *next;
      g_autofree char *block = NULL;
      g_autofree char *type = g_strdup_printf ("Geometry: %s\n", expect[i].type);

      g_assert_nonnull (at);
      next = strstr (at + 1, "Layer name:");
      block = next ? g_strndup (at, next - at) : g_strdup (at);
      g_assert_nonnull (strstr (block, type));
      g_assert_nonnull (strstr (block, "ID[\"EPSG\",4490]"));
    }
  g_assert_nonnull (strstr (out, "Layer name: plants\n"));
  g_assert_nonnull (strstr (out, "Feature Count: 18\n"));

  {
    const char *sv[] = { "spatialite", path, "SELECT CheckSpatialMetaData();", NULL };
    g_autofree char *answer = st_run (sv);

    /* 3: current SpatiaLite layout (4.0+). */
    g_assert_cmpstr (g_strstrip (answer), ==, "3");
  }
}

static void
test_sample_xinzhou (void)
{
  g_autofree char *path = st_copy_sample ("xinzhou");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GPtrArray) ind = ra_store_list_indicators (store, NULL, NULL);
  gboolean found = FALSE;

  g_assert_cmpint (ra_store_count_rows (store, "counties", NULL), ==, 14);
  g_assert_cmpint (ra_store_count_rows (store, "projects", NULL), ==, 0);
  g_assert_cmpint (ra_store_count_rows (store, "plants", NULL), ==, 0);
  for (guint i = 0; i < ind->len; i++)
    {
      RaIndicatorRecord *r = g_ptr_array_index (ind, i);

      if (r->year == 2025 && g_strcmp0 (r->adcode, "140900") == 0)
        {
          g_assert_cmpfloat (r->reclaimed_use, ==, 2300);
          g_assert_cmpfloat (r->reclaimed_rate_pct, ==, 25);
          found = TRUE;
        }
    }
  g_assert_true (found);
}

static void
test_sample_refuses_existing (void)
{
  ST_FILE_ONLY ("samples are built as files");
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(GError) error = NULL;

  g_assert_false (ra_store_build_sample (path, "zhangye", &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (ra_store_build_sample (path, "atlantis", &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND);
}

/* ---- schema ------------------------------------------------------------ */

static void
raw_exec (const char *path, const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_schema_too_new (void)
{
  ST_FILE_ONLY ("it edits the file with SQLite (the server: /pg/store/open-refusals)");
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = NULL;

  raw_exec (path, "PRAGMA user_version = 99");
  store = ra_store_open (path, RA_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer version"));
}

static void
test_schema_not_a_project (void)
{
  g_autofree char *text = st_tmp_path (".sqlite");
  g_autofree char *other = st_tmp_path (".sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = NULL;

  g_assert_true (g_file_set_contents (text, "hello, this is not a database, but long enough to look like one....", -1, NULL));
  store = ra_store_open (text, RA_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_A_PROJECT);
  g_clear_error (&error);

  raw_exec (other, "CREATE TABLE foo (x)");
  store = ra_store_open (other, RA_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_A_PROJECT);
}

static void
test_schema_new_empty (void)
{
  g_autofree char *path = st_tmp_path (".sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = ra_store_open (path, RA_STORE_OPEN_CREATE, &error);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (ra_store_count_rows (store, "projects", NULL), ==, 0);
  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, RA_STORE_SCHEMA_VERSION);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  /* Opening without CREATE a file that does not exist fails. */
  {
    g_autofree char *missing = st_tmp_path (".sqlite");

    store = ra_store_open (missing, RA_STORE_OPEN_DEFAULT, &error);
    g_assert_null (store);
    g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND);
  }
}

/* ---- edits, audit, undo ------------------------------------------------- */

static void
test_edit_validation (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  gint64 id = project_id_by_code (store, "P05");
  static const struct { const char *field, *value, *needle; } bad[] = {
    { "investment_total", "-1", "negative" },
    { "investment_total", "12abc", "number" },
    { "cap_ecological", "lots", "number" },
    { "cap_industry", "-0.5", "negative" },
    { "adcode", "999999", "999999" },
    { "in_service_year", "2040", "2023" },
    { "in_service_year", "2024.5", "year" },
    { "name", "   ", "empty" },
    { "status", "dreaming", "under_construction" },
    { "source", "rain", "reclaimed" },
    { "no_such_field", "1", "no_such_field" },
  };
  g_autoptr(GPtrArray) audit_before = ra_store_list_audit (store, "projects", 0, NULL);
  g_autoptr(GPtrArray) audit_after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (try_set_string (store, id, bad[i].field, bad[i].value, &error));
      g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE);
      if (strstr (error->message, bad[i].needle) == NULL)
        g_error ("%s=%s: message “%s” lacks “%s”", bad[i].field, bad[i].value,
                 error->message, bad[i].needle);
    }
  /* The field is named in the message. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (try_set_string (store, id, "investment_total", "-3", &error));
    g_assert_nonnull (strstr (error->message, "investment"));
  }
  /* Numbers as GValue doubles, and valid strings. */
  {
    g_autoptr(GError) error = NULL;
    GValue v = G_VALUE_INIT;

    g_value_init (&v, G_TYPE_DOUBLE);
    g_value_set_double (&v, -2);
    g_assert_false (ra_store_validate_project_value (store, "cap_ecological", &v, &error));
    g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE);
    g_clear_error (&error);
    g_value_set_double (&v, 12.5);
    g_assert_true (ra_store_validate_project_value (store, "cap_ecological", &v, &error));
    g_assert_no_error (error);
    g_value_unset (&v);
  }
  set_string (store, id, "in_service_year", "2027");
  set_string (store, id, "adcode", "620721");
  audit_after = ra_store_list_audit (store, "projects", 0, NULL);
  /* Only the two valid edits were written. */
  g_assert_cmpuint (audit_after->len, ==, audit_before->len + 2);
}

static void
count_changed (RaStore *store, const char *table, gint64 row_id, guint *n)
{
  (*n)++;
}

static char *
project_text (RaStore *store, gint64 id, const char *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RaProjectRecord) rec = ra_store_get_project (store, id, &error);

  g_assert_no_error (error);
  if (strcmp (field, "name") == 0)
    return g_strdup (rec->name);
  if (strcmp (field, "notes") == 0)
    return g_strdup (rec->notes);
  if (strcmp (field, "owner") == 0)
    return g_strdup (rec->owner);
  g_assert_not_reached ();
  return NULL;
}

static const char *
json_has (const char *json, const char *needle)
{
  return json != NULL ? strstr (json, needle) : NULL;
}

static void
test_edit_audit_undo_redo (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autofree char *label = NULL;
  gint64 id = project_id_by_code (store, "P07");
  g_autofree char *original = project_text (store, id, "name");
  RaAuditRecord *last;
  guint n_changed = 0;

  g_signal_connect (store, "changed", G_CALLBACK (count_changed), &n_changed);
  g_assert_false (ra_store_can_undo (store));

  set_string (store, id, "name", "高台县中水回用管道改造提升工程（修订）");
  g_assert_cmpuint (n_changed, ==, 1);
  g_assert_true (ra_store_can_undo (store));
  g_assert_false (ra_store_can_redo (store));
  label = ra_store_dup_undo_label (store);
  g_assert_nonnull (label);

  audit = ra_store_list_audit (store, "projects", id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 1);
  last = g_ptr_array_index (audit, 0);
  g_assert_cmpstr (last->action, ==, "update");
  /* A file's edits are the login's, a server's the database role's. */
  g_assert_cmpstr (last->user, ==, st_backend_is_pg () ? g_getenv ("PGUSER") : g_get_user_name ());
  g_assert_cmpint (last->row_id, ==, id);
  g_assert_nonnull (json_has (last->before_json, original));
  g_assert_nonnull (json_has (last->after_json, "（修订）"));
  /* ISO 8601: date, 'T', time. */
  g_assert_true (strlen (last->at) >= 19 && last->at[10] == 'T');
  g_clear_pointer (&audit, g_ptr_array_unref);

  g_assert_true (ra_store_undo (store, &error));
  g_assert_no_error (error);
  {
    g_autofree char *now = project_text (store, id, "name");
    g_assert_cmpstr (now, ==, original);
  }
  g_assert_true (ra_store_can_redo (store));
  g_assert_true (ra_store_redo (store, &error));
  g_assert_no_error (error);
  {
    g_autofree char *now = project_text (store, id, "name");
    g_assert_cmpstr (now, ==, "高台县中水回用管道改造提升工程（修订）");
  }
  g_assert_cmpuint (n_changed, ==, 3);

  audit = ra_store_list_audit (store, "projects", id, NULL);
  g_assert_cmpuint (audit->len, ==, 3);
  g_assert_cmpstr (((RaAuditRecord *) g_ptr_array_index (audit, 1))->action, ==, "undo");
  g_assert_cmpstr (((RaAuditRecord *) g_ptr_array_index (audit, 2))->action, ==, "redo");

  /* Nothing more to redo; a new edit after an undo drops the redo stack. */
  g_assert_false (ra_store_redo (store, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOTHING_TO_UNDO);
  g_clear_error (&error);
  g_assert_true (ra_store_undo (store, NULL));
  set_string (store, id, "notes", "branch");
  g_assert_false (ra_store_can_redo (store));
}


/* Several fields in one edit: all or none, one undo step, one audit row,
 * one change signal; an invalid value names its field. */
static void
test_edit_several_fields (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  gint64 id = project_id_by_code (store, "P07");
  g_autofree char *name0 = project_text (store, id, "name");
  g_autofree char *notes0 = project_text (store, id, "notes");
  const char *fields[] = { "name", "notes", "cap_industry" };
  GValue values[3] = { G_VALUE_INIT, G_VALUE_INIT, G_VALUE_INIT };
  guint n_changed = 0, failed = 99;

  g_signal_connect (store, "changed", G_CALLBACK (count_changed), &n_changed);
  for (guint i = 0; i < 3; i++)
    g_value_init (&values[i], G_TYPE_STRING);
  g_value_set_string (&values[0], "新名称");
  g_value_set_string (&values[1], "备注");
  g_value_set_string (&values[2], "not a number");

  /* The third is invalid: nothing is written. */
  g_assert_false (ra_store_update_project_fields (store, id, 3, fields, values, &failed, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE);
  g_assert_cmpuint (failed, ==, 2);
  g_clear_error (&error);
  {
    g_autofree char *name = project_text (store, id, "name");
    g_assert_cmpstr (name, ==, name0);
  }
  g_assert_false (ra_store_can_undo (store));
  g_assert_cmpuint (n_changed, ==, 0);

  /* Two valid ones: one edit. */
  g_assert_true (ra_store_update_project_fields (store, id, 2, fields, values, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_changed, ==, 1);
  audit = ra_store_list_audit (store, "projects", id, NULL);
  g_assert_cmpuint (audit->len, ==, 1);
  {
    g_autofree char *name = project_text (store, id, "name");
    g_autofree char *notes = project_text (store, id, "notes");
    g_assert_cmpstr (name, ==, "新名称");
    g_assert_cmpstr (notes, ==, "备注");
  }
  /* One undo takes both back. */
  g_assert_true (ra_store_undo (store, &error));
  g_assert_no_error (error);
  g_assert_false (ra_store_can_undo (store));
  {
    g_autofree char *name = project_text (store, id, "name");
    g_autofree char *notes = project_text (store, id, "notes");
    g_assert_cmpstr (name, ==, name0);
    g_assert_cmpstr (notes, ==, notes0);
  }
  for (guint i = 0; i < 3; i++)
    g_value_unset (&values[i]);
}

static void
test_undo_redo_after_restart (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  gint64 id = project_id_by_code (store, "P03");
  g_autofree char *original = project_text (store, id, "owner");
  GValue v = G_VALUE_INIT;

  set_string (store, id, "owner", "民乐县水务局（变更）");
  g_value_init (&v, G_TYPE_DOUBLE);
  g_value_set_double (&v, 6000);
  g_assert_true (ra_store_update_project (store, id, "investment_total", &v, &error));
  g_assert_no_error (error);
  g_value_unset (&v);
  g_clear_object (&store);

  /* Restart: values are there, and undo still works, newest first. */
  store = st_open (path);
  {
    g_autoptr(RaProjectRecord) rec = ra_store_get_project (store, id, NULL);
    g_assert_cmpfloat (rec->investment_total, ==, 6000);
    g_assert_cmpstr (rec->owner, ==, "民乐县水务局（变更）");
  }
  g_assert_true (ra_store_can_undo (store));
  g_assert_true (ra_store_undo (store, &error));
  g_assert_no_error (error);
  {
    g_autoptr(RaProjectRecord) rec = ra_store_get_project (store, id, NULL);
    g_assert_cmpfloat (rec->investment_total, ==, 5556);
    g_assert_cmpstr (rec->owner, ==, "民乐县水务局（变更）");
  }
  g_clear_object (&store);

  store = st_open (path);
  g_assert_true (ra_store_undo (store, &error));
  g_assert_no_error (error);
  {
    g_autofree char *owner = project_text (store, id, "owner");
    g_assert_cmpstr (owner, ==, original);
  }
  g_clear_object (&store);

  /* Redo after another restart. */
  store = st_open (path);
  g_assert_true (ra_store_can_redo (store));
  g_assert_true (ra_store_redo (store, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  store = st_open (path);
  {
    g_autoptr(RaProjectRecord) rec = ra_store_get_project (store, id, NULL);
    g_assert_cmpstr (rec->owner, ==, "民乐县水务局（变更）");
    g_assert_cmpfloat (rec->investment_total, ==, 5556);
  }
  audit = ra_store_list_audit (store, "projects", id, NULL);
  g_assert_cmpuint (audit->len, ==, 5);
  g_assert_cmpstr (((RaAuditRecord *) g_ptr_array_index (audit, 0))->action, ==, "update");
  g_assert_cmpstr (((RaAuditRecord *) g_ptr_array_index (audit, 1))->action, ==, "update");
  g_assert_cmpstr (((RaAuditRecord *) g_ptr_array_index (audit, 2))->action, ==, "undo");
  g_assert_cmpstr (((RaAuditRecord *) g_ptr_array_index (audit, 3))->action, ==, "undo");
  g_assert_cmpstr (((RaAuditRecord *) g_ptr_array_index (audit, 4))->action, ==, "redo");
  {
    g_autofree char *integrity = ra_store_check_integrity (store, NULL);
    g_assert_cmpstr (integrity, ==, "ok");
  }
}

static void
test_edit_insert_duplicate_delete (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GError) error = NULL;
  gint64 id, copy, p09 = project_id_by_code (store, "P09");

  id = ra_store_insert_project (store, "P19", "新项目", "620702", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (ra_store_count_rows (store, "projects", NULL), ==, 19);
  g_assert_cmpint (ra_store_insert_project (store, "P20", "x", "000000", &error), ==, 0);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  copy = ra_store_duplicate_project (store, p09, &error);
  g_assert_no_error (error);
  {
    g_autoptr(RaProjectRecord) a = ra_store_get_project (store, p09, NULL);
    g_autoptr(RaProjectRecord) b = ra_store_get_project (store, copy, NULL);

    g_assert_cmpfloat (a->investment_total, ==, b->investment_total);
    g_assert_cmpfloat (a->cap_total, ==, b->cap_total);
    g_assert_true (g_str_has_prefix (b->name, a->name));
    g_assert_cmpstr (a->name, !=, b->name);
  }
  g_assert_cmpint (ra_store_count_rows (store, "projects", NULL), ==, 20);

  g_assert_true (ra_store_delete_project (store, p09, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ra_store_count_rows (store, "projects", NULL), ==, 19);
  g_assert_false (ra_store_delete_project (store, p09, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Undo the delete: the row comes back with the same id and values. */
  g_assert_true (ra_store_undo (store, &error));
  g_assert_no_error (error);
  {
    g_autoptr(RaProjectRecord) a = ra_store_get_project (store, p09, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (a->code, ==, "P09");
    g_assert_cmpfloat (a->investment_total, ==, 12522);
  }
  /* Undo the duplicate and the insert. */
  g_assert_true (ra_store_undo (store, NULL));
  g_assert_true (ra_store_undo (store, NULL));
  g_assert_cmpint (ra_store_count_rows (store, "projects", NULL), ==, 18);
  g_assert_true (ra_store_redo (store, NULL));
  g_assert_cmpint (ra_store_count_rows (store, "projects", NULL), ==, 19);
}

static void
test_edit_geometry (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GError) error = NULL;
  gint64 id = project_id_by_code (store, "P10");
  gint64 pipe;
  g_autofree char *wkt = NULL;

  g_assert_true (ra_store_set_geometry_wkt (store, "projects", id,
                                            "POLYGON((100.40 38.93, 100.42 38.93, 100.42 38.95, 100.40 38.95, 100.40 38.93))",
                                            &error));
  g_assert_no_error (error);
  wkt = ra_store_get_geometry_wkt (store, "projects", id, NULL);
  g_assert_true (g_str_has_prefix (wkt, "MULTIPOLYGON"));
  g_clear_pointer (&wkt, g_free);

  /* A bow tie is refused; so is a line in a polygon table. */
  g_assert_false (ra_store_set_geometry_wkt (store, "projects", id,
                                             "POLYGON((100 38, 101 39, 101 38, 100 39, 100 38))", &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (ra_store_set_geometry_wkt (store, "projects", id, "LINESTRING(100 38, 101 39)", &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  pipe = ra_store_insert_pipeline (store, id, "主管", "LINESTRING(100.40 38.93, 100.50 38.99)", &error);
  g_assert_no_error (error);
  g_assert_cmpint (pipe, >, 0);

  /* Undo pipeline, then the geometry (the sample's 19 pipelines stay). */
  g_assert_true (ra_store_undo (store, NULL));
  g_assert_cmpint (ra_store_count_rows (store, "pipelines", NULL), ==, 19);
  g_assert_true (ra_store_undo (store, NULL));
  wkt = ra_store_get_geometry_wkt (store, "projects", id, NULL);
  g_assert_null (wkt);
  g_assert_true (ra_store_redo (store, &error));
  g_assert_no_error (error);
  wkt = ra_store_get_geometry_wkt (store, "projects", id, NULL);
  g_assert_nonnull (wkt);
  {
    g_autoptr(RaProjectRecord) rec = ra_store_get_project (store, id, NULL);
    g_assert_true (rec->has_geometry);
  }
  /* Plant moved. */
  g_assert_true (ra_store_set_geometry_wkt (store, "plants", 1, "POINT(100.1 38.9)", &error));
  g_assert_no_error (error);
}

/* ---- features (sketch tools) ------------------------------------------- */

static void
test_edit_features (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GPtrArray) pipes = NULL;
  g_autoptr(RaGeometry) geom = NULL;
  gint64 project = project_id_by_code (store, "P10");
  g_autofree char *project_text = g_strdup_printf ("%" G_GINT64_FORMAT, project);
  gint64 plants_before = ra_store_count_rows (store, "plants", NULL);
  gint64 plant, pipe, area;
  RaPipelineRecord *rec = NULL;

  /* A point with its attributes: one row, one audit row, one undo step. */
  g_hash_table_insert (fields, "name", "取水口 1");
  g_hash_table_insert (fields, "kind", "intake");
  g_hash_table_insert (fields, "capacity_m3_per_day", "5000");
  plant = ra_store_insert_feature (store, "plants", fields, "POINT(100.5 38.9)", &error);
  g_assert_no_error (error);
  g_assert_cmpint (plant, >, 0);
  audit = ra_store_list_audit (store, "plants", plant, NULL);
  g_assert_cmpuint (audit->len, ==, 1);
  g_assert_cmpstr (((RaAuditRecord *) audit->pdata[0])->action, ==, "insert");
  g_assert_nonnull (strstr (((RaAuditRecord *) audit->pdata[0])->after_json, "取水口 1"));
  g_clear_pointer (&audit, g_ptr_array_unref);

  /* Coordinates come back bit-exact. */
  geom = ra_store_get_geometry (store, "plants", plant, &error);
  g_assert_no_error (error);
  g_assert_cmpint (geom->kind, ==, RA_GEOM_POINT);
  g_assert_cmpfloat (geom->xy[0], ==, 100.5);
  g_assert_cmpfloat (geom->xy[1], ==, 38.9);
  g_clear_pointer (&geom, ra_geometry_free);

  /* Bad values are refused, naming the field; nothing is written. */
  g_hash_table_insert (fields, "capacity_m3_per_day", "lots");
  g_assert_cmpint (ra_store_insert_feature (store, "plants", fields, "POINT(100 38)", &error), ==, 0);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "capacity_m3_per_day"));
  g_clear_error (&error);
  g_hash_table_remove_all (fields);
  g_hash_table_insert (fields, "no_such_column", "1");
  g_assert_cmpint (ra_store_insert_feature (store, "plants", fields, NULL, &error), ==, 0);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_cmpint (ra_store_insert_feature (store, "counties", NULL, NULL, &error), ==, 0);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (ra_store_count_rows (store, "plants", NULL), ==, plants_before + 1);

  /* A pipeline with project, DN, material and status in one step. */
  g_hash_table_remove_all (fields);
  g_hash_table_insert (fields, "project_id", project_text);
  g_hash_table_insert (fields, "dn_mm", "300");
  g_hash_table_insert (fields, "material", "球墨铸铁");
  g_hash_table_insert (fields, "status", "proposed");
  pipe = ra_store_insert_feature (store, "pipelines", fields,
                                  "LINESTRING(100.40 38.93, 100.45 38.95, 100.50 38.99)", &error);
  g_assert_no_error (error);
  geom = ra_store_get_geometry (store, "pipelines", pipe, NULL);
  g_assert_cmpint (geom->kind, ==, RA_GEOM_LINE);
  g_assert_cmpuint (geom->n_points, ==, 3);
  g_assert_cmpfloat (geom->xy[2], ==, 100.45);
  g_clear_pointer (&geom, ra_geometry_free);

  /* Attributes change through the same edit path. */
  g_hash_table_remove_all (fields);
  g_hash_table_insert (fields, "dn_mm", "400");
  g_hash_table_insert (fields, "material", "");
  g_assert_true (ra_store_update_feature (store, "pipelines", pipe, fields, &error));
  g_assert_no_error (error);
  pipes = ra_store_list_pipelines (store, NULL);
  for (guint i = 0; i < pipes->len; i++)
    if (((RaPipelineRecord *) pipes->pdata[i])->id == pipe)
      rec = pipes->pdata[i];
  g_assert_nonnull (rec);
  g_assert_cmpfloat (rec->dn_mm, ==, 400);
  g_assert_null (rec->material);
  g_assert_cmpint (rec->project_id, ==, project);
  g_clear_pointer (&pipes, g_ptr_array_unref);
  audit = ra_store_list_audit (store, "pipelines", pipe, NULL);
  g_assert_cmpuint (audit->len, ==, 2);
  g_assert_cmpstr (((RaAuditRecord *) audit->pdata[1])->action, ==, "update");
  g_clear_pointer (&audit, g_ptr_array_unref);

  /* Undo the attribute edit, then the insert; redo both. */
  g_assert_true (ra_store_undo (store, &error));
  pipes = ra_store_list_pipelines (store, NULL);
  g_assert_cmpfloat (((RaPipelineRecord *) pipes->pdata[pipes->len - 1])->dn_mm, ==, 300);
  g_clear_pointer (&pipes, g_ptr_array_unref);
  g_assert_true (ra_store_undo (store, &error));
  /* The sample's 19 pipelines (pipelines.csv) stay. */
  g_assert_cmpint (ra_store_count_rows (store, "pipelines", NULL), ==, 19);
  g_assert_true (ra_store_redo (store, &error));
  g_assert_true (ra_store_redo (store, &error));
  g_assert_no_error (error);
  pipes = ra_store_list_pipelines (store, NULL);
  g_assert_cmpfloat (((RaPipelineRecord *) pipes->pdata[pipes->len - 1])->dn_mm, ==, 400);

  /* A polygon: a built-up area; the ring comes back without its closing point. */
  g_hash_table_remove_all (fields);
  g_hash_table_insert (fields, "name", "城区");
  area = ra_store_insert_feature (store, "built_up_areas", fields,
                                  "POLYGON((100.40 38.93, 100.42 38.93, 100.42 38.95, 100.40 38.93))",
                                  &error);
  g_assert_no_error (error);
  geom = ra_store_get_geometry (store, "built_up_areas", area, NULL);
  g_assert_cmpint (geom->kind, ==, RA_GEOM_POLYGON);
  g_assert_cmpuint (geom->n_parts, ==, 1);
  g_assert_cmpuint (geom->n_points, ==, 3);
}

/* ---- hostile text ------------------------------------------------------ */

static char *
read_csv_cell (const char *csv, int row, int col)
{
  const char *allowed[] = { "CSV", NULL };
  GDALDatasetH ds = GDALOpenEx (csv, GDAL_OF_VECTOR | GDAL_OF_READONLY, allowed, NULL, NULL);
  OGRLayerH layer;
  OGRFeatureH f;
  char *value = NULL;

  g_assert_nonnull (ds);
  layer = GDALDatasetGetLayer (ds, 0);
  for (int i = 0; (f = OGR_L_GetNextFeature (layer)) != NULL; i++)
    {
      if (i == row)
        value = g_strdup (OGR_F_GetFieldAsString (f, col));
      OGR_F_Destroy (f);
    }
  GDALClose (ds);
  return value;
}

/* RFC 4180 reading that keeps every byte (GDAL's CSV reader folds a CR LF
 * inside a quoted field to LF, the file itself keeps it). */
static char *
raw_csv_cell (const char *csv, int row, int col)
{
  g_autofree char *text = NULL;
  g_autoptr(GString) cell = g_string_new (NULL);
  const char *p;
  int r = -1, c = 0;   /* row -1 is the header */

  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  for (p = text; *p != '\0';)
    {
      g_string_truncate (cell, 0);
      if (*p == '"')
        {
          for (p++; *p != '\0'; p++)
            {
              if (*p == '"' && p[1] == '"')
                g_string_append_c (cell, '"'), p++;
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              else
                g_string_append_c (cell, *p);
            }
        }
      else
        for (; *p != '\0' && *p != ',' && *p != '\n' && *p != '\r'; p++)
          g_string_append_c (cell, *p);
      if (r == row && c == col)
        return g_strdup (cell->str);
      if (*p == ',')
        c++, p++;
      else
        {
          if (*p == '\r')
            p++;
          if (*p == '\n')
            p++;
          r++, c = 0;
        }
    }
  return NULL;
}

static void
test_hostile_text (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GString) long_text = g_string_new (NULL);
  g_autofree char *gbk = NULL;
  gint64 id = project_id_by_code (store, "P01");
  const char *hostile[6];
  static const char gbk_bytes[] = "\xd5\xc5\xd2\xb4\xca\xd0\xce\xdb\xcb\xae\xb4\xa6\xc0\xed\xb3\xa7";

  for (int i = 0; i < 1000; i++)
    g_string_append (long_text, "再生水'\"\\;abc");
  g_assert_cmpuint (g_utf8_strlen (long_text->str, -1), ==, 10000);
  gbk = g_convert (gbk_bytes, -1, "UTF-8", "GBK", NULL, NULL, NULL);
  g_assert_cmpstr (gbk, ==, "张掖市污水处理厂");

  hostile[0] = "'); DROP TABLE projects;--";
  hostile[1] = "O'Brien \"quoted\" `back` \\backslash %s %n";
  hostile[2] = long_text->str;
  hostile[3] = "tab\there\nnew line\r\ncr bell\a esc\x1b del\x7f unit\x1f";
  hostile[4] = gbk;
  hostile[5] = "{\"json\": [1, 2]} <xml a='1'/> &amp; $(rm -rf /) ${HOME}";

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autofree char *csv = st_tmp_path (".csv");
      g_autofree char *cell = NULL;
      g_autoptr(GError) error = NULL;

      set_string (store, id, "name", hostile[i]);
      set_string (store, id, "owner", hostile[i]);
      g_clear_object (&store);
      store = st_open (path);
      g_assert_cmpint (ra_store_count_rows (store, "projects", NULL), ==, 18);
      {
        g_autofree char *name = project_text (store, id, "name");
        g_autofree char *owner = project_text (store, id, "owner");

        g_assert_cmpstr (name, ==, hostile[i]);
        g_assert_cmpstr (owner, ==, hostile[i]);
      }
      /* Appendix 2 CSV: P01 is the first row; column 1 is the name. */
      g_assert_true (ra_tables_write_appendix (store, 2, csv, NULL, &error));
      g_assert_no_error (error);
      cell = raw_csv_cell (csv, 0, 1);
      g_assert_cmpstr (cell, ==, hostile[i]);
      g_clear_pointer (&cell, g_free);
      cell = raw_csv_cell (csv, 0, 8);
      g_assert_cmpstr (cell, ==, hostile[i]);
      g_clear_pointer (&cell, g_free);
      /* And through GDAL's reader, except for its CR LF folding. */
      if (strchr (hostile[i], '\r') == NULL)
        {
          cell = read_csv_cell (csv, 0, 1);
          g_assert_cmpstr (cell, ==, hostile[i]);
        }
    }
  /* Undo all the way back through the hostile values and audit rows. */
  for (guint i = 0; i < 2 * G_N_ELEMENTS (hostile); i++)
    g_assert_true (ra_store_undo (store, NULL));
  {
    g_autofree char *name = project_text (store, id, "name");
    g_assert_cmpstr (name, ==, "临泽县梨园河水质提升与水量保障再生水利用工程");
  }
  {
    g_autofree char *integrity = ra_store_check_integrity (store, NULL);
    g_assert_cmpstr (integrity, ==, "ok");
  }
}

/* ---- read-only ---------------------------------------------------------- */

static void
test_read_only_file (void)
{
  ST_FILE_ONLY ("file permissions");
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  store = ra_store_open (path, RA_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_true (ra_store_is_read_only (store));
  g_assert_nonnull (strstr (ra_store_get_read_only_reason (store), "read-only"));
  g_assert_cmpint (ra_store_count_rows (store, "projects", NULL), ==, 18);
  id = project_id_by_code (store, "P01");

  g_assert_false (try_set_string (store, id, "name", "x", &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "view-only"));
  g_clear_error (&error);
  g_assert_false (ra_store_undo (store, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_cmpint (ra_store_insert_project (store, NULL, "x", NULL, &error), ==, 0);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_clear_object (&store);

  /* View-only on request, on a writable file. */
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  store = ra_store_open (path, RA_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (ra_store_is_read_only (store));
  g_assert_false (try_set_string (store, id, "name", "x", &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_READ_ONLY);
}

/* ---- two connections ----------------------------------------------------- */

static void
test_two_connections_see_changes (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) a = st_open (path);
  g_autoptr(RaStore) b = st_open (path);
  gint64 id = project_id_by_code (a, "P02");
  guint b_changed = 0;

  g_signal_connect (b, "changed", G_CALLBACK (count_changed), &b_changed);
  g_assert_false (ra_store_poll_external_changes (b));
  set_string (a, id, "notes", "from A");
  /* A's own commit is not an external change for A. */
  g_assert_false (ra_store_poll_external_changes (a));
  g_assert_true (ra_store_poll_external_changes (b));
  g_assert_cmpuint (b_changed, ==, 1);
  g_assert_false (ra_store_poll_external_changes (b));
  {
    g_autofree char *notes = project_text (b, id, "notes");
    g_assert_cmpstr (notes, ==, "from A");
  }
  set_string (b, id, "notes", "from B");
  g_assert_true (ra_store_poll_external_changes (a));
  {
    g_autofree char *notes = project_text (a, id, "notes");
    g_assert_cmpstr (notes, ==, "from B");
  }
}

typedef struct {
  char *path;
  guint hold_ms;
  GMutex lock;
  GCond cond;
  gboolean holding;
} Holder;

/* Holds the write lock for hold_ms from a plain SQLite connection. */
static gpointer
hold_write_lock (gpointer data)
{
  Holder *h = data;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (h->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE; UPDATE projects SET notes = 'holder' WHERE code = 'P04'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_mutex_lock (&h->lock);
  h->holding = TRUE;
  g_cond_signal (&h->cond);
  g_mutex_unlock (&h->lock);
  g_usleep (h->hold_ms * 1000);
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  return NULL;
}

static GThread *
start_holder (Holder *h)
{
  GThread *t = g_thread_new ("holder", hold_write_lock, h);

  g_mutex_lock (&h->lock);
  while (!h->holding)
    g_cond_wait (&h->cond, &h->lock);
  g_mutex_unlock (&h->lock);
  return t;
}

static void
test_two_connections_busy (void)
{
  ST_FILE_ONLY ("the write lock of SQLite");
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GError) error = NULL;
  gint64 id = project_id_by_code (store, "P05");
  Holder h = { .path = path, .hold_ms = 1500 };
  GThread *t;

  g_mutex_init (&h.lock);
  g_cond_init (&h.cond);

  /* Short timeout: the edit gives up with a clear message. */
  ra_store_set_busy_timeout (store, 200);
  t = start_holder (&h);
  g_assert_false (try_set_string (store, id, "notes", "lost?", &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "project is busy"));
  g_clear_error (&error);
  g_thread_join (t);
  {
    g_autofree char *notes = project_text (store, id, "notes");
    g_assert_null (notes);   /* the refused edit left no trace */
  }

  /* Long timeout: the edit waits for the other writer and then succeeds. */
  ra_store_set_busy_timeout (store, 10000);
  h.holding = FALSE;
  h.hold_ms = 300;
  t = start_holder (&h);
  set_string (store, id, "notes", "after waiting");
  g_thread_join (t);
  {
    g_autofree char *notes = project_text (store, id, "notes");
    g_autofree char *other = project_text (store, project_id_by_code (store, "P04"), "notes");
    g_autofree char *integrity = ra_store_check_integrity (store, NULL);

    g_assert_cmpstr (notes, ==, "after waiting");
    g_assert_cmpstr (other, ==, "holder");
    g_assert_cmpstr (integrity, ==, "ok");
  }
  g_mutex_clear (&h.lock);
  g_cond_clear (&h.cond);
}

/* ---- SIGKILL ----------------------------------------------------------- */

static void
test_kill_durability (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  const char *trials_env = g_getenv ("RA_KILL_TRIALS");
  guint trials = trials_env ? (guint) g_ascii_strtoull (trials_env, NULL, 10) : 30;
  g_autoptr(GHashTable) acked = g_hash_table_new (g_direct_hash, g_direct_equal);
  GRand *rand = g_rand_new ();
  guint next_seq = 0, total_acked = 0;

  for (guint trial = 0; trial < trials; trial++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *start = g_strdup_printf ("%u", next_seq);
      const char *argv[] = { RA_STORE_KILLER, path, start, NULL };
      g_autoptr(GString) out = g_string_new (NULL);
      GPid pid;
      int out_fd, status;
      gint64 deadline;
      char buf[4096];
      ssize_t n;

      g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                               NULL, NULL, &pid, NULL, &out_fd, NULL, &error));
      g_assert_no_error (error);
      /* Let it run 150..600 ms (opening the project takes ~150 ms on a
       * loaded machine), then kill it wherever it is. */
      deadline = g_get_monotonic_time () + g_rand_int_range (rand, 150, 600) * 1000;
      while (g_get_monotonic_time () < deadline)
        g_usleep (2000);
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      while ((n = read (out_fd, buf, sizeof buf)) > 0)
        g_string_append_len (out, buf, n);
      close (out_fd);
      g_spawn_close_pid (pid);

      /* Only complete lines are acknowledged edits. */
      {
        g_auto(GStrv) lines = g_strsplit (out->str, "\n", -1);
        guint n_lines = g_strv_length (lines);

        for (guint i = 0; i + 1 < n_lines; i++)
          {
            guint seq = (guint) g_ascii_strtoull (lines[i], NULL, 10);

            g_hash_table_add (acked, GUINT_TO_POINTER (seq + 1));
            next_seq = MAX (next_seq, seq + 1);
            total_acked++;
          }
      }
      /* The killed edit may or may not have committed; skip its number. */
      next_seq += 1;

      {
        g_autoptr(RaStore) store = st_open (path);
        g_autofree char *integrity = ra_store_check_integrity (store, &error);
        g_autoptr(GPtrArray) audit = ra_store_list_audit (store, "projects", 0, &error);
        g_autoptr(GHashTable) present = g_hash_table_new (g_direct_hash, g_direct_equal);
        GHashTableIter iter;
        gpointer key;

        g_assert_no_error (error);
        g_assert_cmpstr (integrity, ==, "ok");
        for (guint i = 0; i < audit->len; i++)
          {
            RaAuditRecord *r = g_ptr_array_index (audit, i);
            const char *mark = r->after_json ? strstr (r->after_json, "\"notes\":\"kill-") : NULL;

            if (mark != NULL)
              g_hash_table_add (present, GUINT_TO_POINTER ((guint) g_ascii_strtoull (mark + 14, NULL, 10) + 1));
          }
        g_hash_table_iter_init (&iter, acked);
        while (g_hash_table_iter_next (&iter, &key, NULL))
          if (!g_hash_table_contains (present, key))
            g_error ("trial %u: acknowledged edit %u is missing", trial, GPOINTER_TO_UINT (key) - 1);
      }
    }
  g_test_message ("%u trials, %u acknowledged edits, all present", trials, total_acked);
  g_assert_cmpuint (total_acked, >, 0);
  g_rand_free (rand);
}

/* ---- import ------------------------------------------------------------ */

static char *
fixture (const char *name)
{
  return g_build_filename (g_getenv ("RA_TEST_DATA"), name, NULL);
}

static char *
write_file (const char *suffix, const char *text)
{
  char *path = st_tmp_path (suffix);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
test_import_reprojects (void)
{
  g_autofree char *path = st_tmp_path (".sqlite");
  g_autofree char *gk = fixture ("counties-gk.shp");
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = ra_store_open (path, RA_STORE_OPEN_CREATE, &error);
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GPtrArray) counties = NULL;
  g_autofree char *wkt = NULL;
  guint n = 0;

  g_assert_no_error (error);
  g_assert_true (ra_store_import_layer (store, gk, NULL, "counties", NULL, &n, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpuint (report->len, ==, 0);
  counties = ra_store_list_counties (store, NULL);
  g_assert_cmpuint (counties->len, ==, 6);
  g_assert_cmpstr (((RaCountyRecord *) g_ptr_array_index (counties, 0))->name_zh, ==, "甘州区");

  /* Gauss-Kruger metres came back as CGCS2000 degrees. */
  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    void *cache = spatialite_alloc_connection ();

    g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    spatialite_init_ex (db, cache, 0);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT min (MbrMinX (geom)), max (MbrMaxX (geom)),"
                                             " min (MbrMinY (geom)), max (MbrMaxY (geom)), min (SRID (geom))"
                                             " FROM counties", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpfloat (sqlite3_column_double (stmt, 0), >, 97.0);
    g_assert_cmpfloat (sqlite3_column_double (stmt, 1), <, 102.5);
    g_assert_cmpfloat (sqlite3_column_double (stmt, 2), >, 37.5);
    g_assert_cmpfloat (sqlite3_column_double (stmt, 3), <, 40.5);
    g_assert_cmpint (sqlite3_column_int (stmt, 4), ==, 4490);
    sqlite3_finalize (stmt);
    sqlite3_close (db);
    spatialite_cleanup_ex (cache);
  }

  /* One undo step takes the whole import back. */
  g_assert_true (ra_store_undo (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ra_store_count_rows (store, "counties", NULL), ==, 0);
  g_assert_true (ra_store_redo (store, &error));
  g_assert_cmpint (ra_store_count_rows (store, "counties", NULL), ==, 6);
  wkt = ra_store_get_geometry_wkt (store, "counties", 1, NULL);
  g_assert_true (g_str_has_prefix (wkt, "MULTIPOLYGON"));
}

static void
test_import_mapping (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) map = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *src = write_file (".geojson",
    "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:OGC:1.3:CRS84\"}},"
    "\"features\":["
    "{\"type\":\"Feature\",\"properties\":{\"名称\":\"甘州区再生水厂\",\"规模\":\"20000\",\"类型\":\"reclaimed_plant\"},"
    " \"geometry\":{\"type\":\"Point\",\"coordinates\":[100.45,38.95]}},"
    "{\"type\":\"Feature\",\"properties\":{\"名称\":\"临泽取水点\",\"规模\":null,\"类型\":\"intake\"},"
    " \"geometry\":{\"type\":\"Point\",\"coordinates\":[100.17,39.15]}}]}");
  guint n = 0;

  g_hash_table_insert (map, "名称", "name");
  g_hash_table_insert (map, "规模", "capacity_m3_per_day");
  g_hash_table_insert (map, "类型", "kind");
  g_assert_true (ra_store_import_layer (store, src, NULL, "plants", map, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (ra_store_count_rows (store, "plants", NULL), ==, 9);   /* the sample's 7 + 2 imported */
}

static void
test_import_bad_rejected (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GPtrArray) audit_before = ra_store_list_audit (store, NULL, 0, NULL);
  g_autoptr(GPtrArray) audit_after = NULL;
  g_autofree char *bad = write_file (".geojson",
    "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:OGC:1.3:CRS84\"}},"
    "\"features\":["
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"good\",\"dn_mm\":\"300\"},"
    " \"geometry\":{\"type\":\"LineString\",\"coordinates\":[[100.4,38.9],[100.5,39.0]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"text in number\",\"dn_mm\":\"DN300\"},"
    " \"geometry\":{\"type\":\"LineString\",\"coordinates\":[[100.4,38.9],[100.5,39.0]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"polygon\",\"dn_mm\":\"200\"},"
    " \"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[100,38],[101,38],[101,39],[100,38]]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"no geometry\",\"dn_mm\":\"100\"}, \"geometry\":null},"
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"good too\",\"dn_mm\":\"150\"},"
    " \"geometry\":{\"type\":\"LineString\",\"coordinates\":[[100.6,38.9],[100.7,39.0]]}}]}");
  g_autofree char *no_crs = fixture ("counties-gk-noprj.shp");
  g_autofree char *invalid = fixture ("invalid.geojson");

  g_assert_false (ra_store_import_layer (store, bad, NULL, "pipelines", NULL, NULL, &report, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_IMPORT);
  g_assert_nonnull (strstr (error->message, "nothing was written"));
  g_assert_cmpuint (report->len, ==, 3);
  g_assert_nonnull (strstr (g_ptr_array_index (report, 0), "row 2"));
  g_assert_nonnull (strstr (g_ptr_array_index (report, 0), "DN300"));
  g_assert_nonnull (strstr (g_ptr_array_index (report, 1), "row 3"));
  g_assert_nonnull (strstr (g_ptr_array_index (report, 2), "row 4"));
  g_assert_cmpint (ra_store_count_rows (store, "pipelines", NULL), ==, 19);   /* the sample's */
  g_clear_error (&error);
  g_clear_pointer (&report, g_ptr_array_unref);

  /* Missing CRS. */
  g_assert_false (ra_store_import_layer (store, no_crs, NULL, "built_up_areas", NULL, NULL, &report, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_IMPORT);
  g_assert_nonnull (strstr (error->message, "coordinate reference system"));
  g_clear_error (&error);
  g_clear_pointer (&report, g_ptr_array_unref);

  /* Invalid geometries: each bad row named. */
  g_assert_false (ra_store_import_layer (store, invalid, NULL, "footprints", NULL, NULL, &report, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_IMPORT);
  g_assert_cmpuint (report->len, >=, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (report, 0), "row 1"));
  g_assert_nonnull (strstr (g_ptr_array_index (report, 0), "invalid geometry"));
  g_assert_nonnull (strstr (g_ptr_array_index (report, 1), "row 2"));
  g_assert_cmpint (ra_store_count_rows (store, "footprints", NULL), ==, 0);
  g_clear_error (&error);
  g_clear_pointer (&report, g_ptr_array_unref);

  /* Wrong columns: mapping to a column that does not exist, from a field that does not. */
  {
    g_autoptr(GHashTable) map = g_hash_table_new (g_str_hash, g_str_equal);

    g_hash_table_insert (map, "name", "diameter");
    g_hash_table_insert (map, "missing", "name");
    g_assert_false (ra_store_import_layer (store, bad, NULL, "pipelines", map, NULL, &report, &error));
    g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_IMPORT);
    g_assert_cmpuint (report->len, ==, 2);
    g_clear_error (&error);
    g_clear_pointer (&report, g_ptr_array_unref);
  }
  /* Counties without the required columns. */
  g_assert_false (ra_store_import_layer (store, bad, NULL, "counties", NULL, NULL, &report, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_IMPORT);
  g_clear_error (&error);

  /* Nothing at all was written: not even an audit row. */
  audit_after = ra_store_list_audit (store, NULL, 0, NULL);
  g_assert_cmpuint (audit_after->len, ==, audit_before->len);
  g_assert_false (ra_store_can_undo (store));
}

/* ---- export ------------------------------------------------------------ */

static void
test_export_shapefile (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autofree char *shp = st_tmp_path ("-projects.shp");
  g_autofree char *stem = g_strndup (shp, strlen (shp) - 4);
  g_autofree char *cpg = g_strconcat (stem, ".cpg", NULL);
  g_autofree char *cpg_text = NULL;
  gboolean saw_long = FALSE;

  g_assert_true (ra_store_export_layer (store, "projects", shp, &warnings, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (cpg, &cpg_text, NULL, NULL));
  g_assert_nonnull (strstr (cpg_text, "UTF-8"));
  for (guint i = 0; i < warnings->len; i++)
    if (strstr (g_ptr_array_index (warnings, i), "investment_2024_2025") != NULL)
      saw_long = TRUE;
  g_assert_true (saw_long);
  /* Scope texts over 254 bytes were cut by the DBF: said, not silent. */
  saw_long = FALSE;
  for (guint i = 0; i < warnings->len; i++)
    if (strstr (g_ptr_array_index (warnings, i), "truncated") != NULL)
      saw_long = TRUE;
  g_assert_true (saw_long);

  /* The names read back in Chinese through the .cpg, 18 rows. */
  {
    GDALDatasetH ds = GDALOpenEx (shp, GDAL_OF_VECTOR, NULL, NULL, NULL);
    OGRLayerH layer = GDALDatasetGetLayer (ds, 0);
    OGRFeatureH f;
    int name = OGR_FD_GetFieldIndex (OGR_L_GetLayerDefn (layer), "name");

    g_assert_cmpint (OGR_L_GetFeatureCount (layer, TRUE), ==, 18);
    f = OGR_L_GetNextFeature (layer);
    g_assert_cmpstr (OGR_F_GetFieldAsString (f, name), ==, "临泽县梨园河水质提升与水量保障再生水利用工程");
    OGR_F_Destroy (f);
    GDALClose (ds);
  }

  /* Existing files are not overwritten. */
  g_clear_pointer (&warnings, g_ptr_array_unref);
  g_assert_false (ra_store_export_layer (store, "projects", shp, &warnings, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_EXPORT);
}

static void
test_export_formats (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  static const char * const exts[] = { ".gpkg", ".geojson", ".kml", ".dxf", ".shp" };

  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    {
      g_autofree char *out = st_tmp_path (exts[i]);
      g_autoptr(GError) error = NULL;
      GDALDatasetH ds;

      g_assert_true (ra_store_export_layer (store, "plants", out, NULL, &error));
      g_assert_no_error (error);
      ds = GDALOpenEx (out, GDAL_OF_VECTOR, NULL, NULL, NULL);
      g_assert_nonnull (ds);
      /* The sample's 7 plants (6 county plants + the mine-water station). */
      g_assert_cmpint (OGR_L_GetFeatureCount (GDALDatasetGetLayer (ds, 0), TRUE), ==, 7);
      GDALClose (ds);
    }
  {
    g_autofree char *out = st_tmp_path (".xyz");
    g_autoptr(GError) error = NULL;

    g_assert_false (ra_store_export_layer (store, "plants", out, NULL, &error));
    g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_EXPORT);
  }
}

static void
test_save_copy (void)
{
  ST_FILE_ONLY ("Save a Copy writes the file (on a server: reclaim-atlas-cli pull)");
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autofree char *copy = st_tmp_path (".sqlite");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(RaStore) other = NULL;
  g_autoptr(GError) error = NULL;

  set_string (store, project_id_by_code (store, "P06"), "notes", "in the copy");
  g_assert_true (ra_store_save_copy (store, copy, &error));
  g_assert_no_error (error);
  g_assert_false (ra_store_save_copy (store, copy, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_FAILED);
  g_clear_error (&error);
  other = st_open (copy);
  {
    g_autofree char *notes = project_text (other, project_id_by_code (other, "P06"), "notes");
    g_assert_cmpstr (notes, ==, "in the copy");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();

  g_test_add_func ("/store/sample/zhangye", test_sample_zhangye);
  g_test_add_func ("/store/sample/ogrinfo-spatialite", test_sample_ogrinfo);
  g_test_add_func ("/store/sample/xinzhou", test_sample_xinzhou);
  g_test_add_func ("/store/sample/refuses-existing", test_sample_refuses_existing);
  g_test_add_func ("/store/schema/too-new", test_schema_too_new);
  g_test_add_func ("/store/schema/not-a-project", test_schema_not_a_project);
  g_test_add_func ("/store/schema/new-empty", test_schema_new_empty);
  g_test_add_func ("/store/edit/validation", test_edit_validation);
  g_test_add_func ("/store/edit/audit-undo-redo", test_edit_audit_undo_redo);
  g_test_add_func ("/store/edit/several-fields", test_edit_several_fields);
  g_test_add_func ("/store/undo/redo-after-restart", test_undo_redo_after_restart);
  g_test_add_func ("/store/edit/insert-duplicate-delete", test_edit_insert_duplicate_delete);
  g_test_add_func ("/store/edit/geometry", test_edit_geometry);
  g_test_add_func ("/store/edit/features", test_edit_features);
  g_test_add_func ("/store/edit/hostile-text", test_hostile_text);
  g_test_add_func ("/store/read-only/file", test_read_only_file);
  g_test_add_func ("/store/concurrency/see-changes", test_two_connections_see_changes);
  g_test_add_func ("/store/concurrency/busy", test_two_connections_busy);
  g_test_add_func ("/store/durability/kill", test_kill_durability);
  g_test_add_func ("/store/import/reprojects", test_import_reprojects);
  g_test_add_func ("/store/import/mapping", test_import_mapping);
  g_test_add_func ("/store/import/bad-rejected", test_import_bad_rejected);
  g_test_add_func ("/store/export/shapefile", test_export_shapefile);
  g_test_add_func ("/store/export/formats", test_export_formats);
  g_test_add_func ("/store/save-copy", test_save_copy);
  return g_test_run ();
}
