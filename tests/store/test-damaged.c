/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Damaged projects (issue 14): refused at open with the damage named, the
 * file untouched; geometries that cannot be read listed (and found by the
 * plan check) while the project opens; the CLI's project commands give one
 * line naming the project, or warnings after their output; messages name the
 * file at fault (import into a busy project or onto a full disk, table);
 * a sample built on a full disk says so and leaves nothing behind. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <cpl_error.h>

#include "ra-core.h"
#include "ra-plan.h"
#include "ra-plan-check.h"
#include "ra-store.h"
#include "ra-cli-export.h"
#include "ra-cli-network.h"
#include "ra-cli-plan.h"
#include "ra-cli-project.h"
#include "store-test-util.h"

/* ---- helpers ------------------------------------------------------------- */

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

/* The geometry of a row, as stored (NULL if none). */
static GBytes *
raw_geometry (const char *path, const char *table, gint64 id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT geom FROM \"%s\" WHERE id = ?1", table);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GBytes *bytes = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) == SQLITE_BLOB)
    bytes = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return bytes;
}

typedef enum { VALUE_TEXT, VALUE_BLOB, VALUE_INT } ValueKind;

/* Writes a raw value into a row's geom with plain SQLite: SpatiaLite's
 * triggers (which would refuse it, and need SpatiaLite) are set aside and
 * put back unchanged, as another program without them would. */
static void
raw_set_geometry (const char *path, const char *table, gint64 id, ValueKind kind,
                  gconstpointer data, gsize size)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE \"%s\" SET geom = ?1 WHERE id = ?2", table);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) defs = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name, sql FROM sqlite_master"
                                           " WHERE type = 'trigger' AND tbl_name = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (defs, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *drop = g_strdup_printf ("DROP TRIGGER \"%s\"", (char *) names->pdata[i]);

      g_assert_cmpint (sqlite3_exec (db, drop, NULL, NULL, NULL), ==, SQLITE_OK);
    }
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (kind == VALUE_TEXT)
    sqlite3_bind_text (stmt, 1, data, -1, SQLITE_TRANSIENT);
  else if (kind == VALUE_BLOB)
    sqlite3_bind_blob (stmt, 1, data, (int) size, SQLITE_TRANSIENT);
  else
    sqlite3_bind_int (stmt, 1, GPOINTER_TO_INT (data));
  sqlite3_bind_int64 (stmt, 2, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  for (guint i = 0; i < defs->len; i++)
    g_assert_cmpint (sqlite3_exec (db, defs->pdata[i], NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static GBytes *
file_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

static void
assert_contains (const char *text, const char *needle)
{
  if (text == NULL || strstr (text, needle) == NULL)
    g_error ("“%s” does not contain “%s”", text ? text : "(null)", needle);
}

/* Runs a CLI command function as the dispatcher would (args without
 * argv[0], NULL-terminated); its stdout and stderr are the caller's. */
typedef int (*CmdFunc) (int argc, char **argv);

static int
run_cmd (CmdFunc func, const char *cmd, const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char **copy = NULL;
  int status;

  g_ptr_array_add (argv, g_strdup_printf ("reclaim-atlas-cli %s", cmd));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);
  /* GOptionContext rearranges argv: hand it a shallow copy. */
  copy = g_memdup2 (argv->pdata, argv->len * sizeof (char *));
  status = func ((int) argv->len - 1, copy);
  fflush (stdout);
  fflush (stderr);
  return status;
}

/* A small file system that fills up (a tmpfs of size, e.g. "300k"), or NULL
 * when this process may not mount one (then the test is skipped). */
static char *
mount_small_disk (const char *size)
{
  g_autofree char *opts = g_strdup_printf ("size=%s,mode=0755", size);
  char *dir = g_build_filename (st_tmpdir (), "small-disk-XXXXXX", NULL);

  g_assert_nonnull (g_mkdtemp (dir));
  if (geteuid () != 0 || mount ("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV, opts) != 0)
    {
      g_test_message ("cannot mount a tmpfs at %s: %s", dir,
                      geteuid () != 0 ? "not root" : g_strerror (errno));
      g_rmdir (dir);
      g_free (dir);
      return NULL;
    }
  return dir;
}

static void
unmount_small_disk (char *dir)
{
  if (umount (dir) != 0)
    g_error ("umount %s: %s", dir, g_strerror (errno));
  g_rmdir (dir);
  g_free (dir);
}

static char *
list_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, (gpointer) name);
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* ---- open: structure --------------------------------------------------- */

static void
test_intact (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(RaStore) viewer = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  problems = ra_store_list_unreadable_geometries (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  viewer = ra_store_open (path, RA_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_nonnull (viewer);
}

static const struct {
  const char *sql;
  const char *needle;
} damages[] = {
  { "DROP TABLE counties", "table “counties” is missing" },
  { "DROP TABLE plants", "table “plants” is missing" },
  { "DROP TABLE indicators", "table “indicators” is missing" },
  { "DROP TABLE pipe_unit_costs", "table “pipe_unit_costs” is missing" },
  { "DROP TABLE geometry_columns", "table “geometry_columns” is missing" },
  { "DROP VIEW projects_v", "view “projects_v” is missing" },
  { "ALTER TABLE counties RENAME COLUMN name_zh TO name_cn",
    "column “name_zh” of table “counties” is missing" },
  { "ALTER TABLE plants DROP COLUMN capacity_m3_per_day",
    "column “capacity_m3_per_day” of table “plants” is missing" },
  { "DROP TABLE counties; CREATE VIEW counties AS SELECT 1 AS id",
    "“counties” is a view, not a table" },
  { "DROP VIEW projects_v; CREATE VIEW projects_v AS SELECT id, name FROM projects",
    "column “code” of view “projects_v” is missing" },
  { "DELETE FROM geometry_columns WHERE f_table_name = 'plants'",
    "the geometry column “geom” of table “plants” is not registered in geometry_columns" },
  { "UPDATE geometry_columns SET geometry_type = 3 WHERE f_table_name = 'counties'",
    "the geometry column of table “counties” is registered as POLYGON, not MULTIPOLYGON" },
  { "UPDATE geometry_columns SET srid = 4326 WHERE f_table_name = 'pipelines'",
    "the geometry column of table “pipelines” is registered with SRID 4326, not 4490" },
  { "DROP TABLE idx_plants_geom", "the spatial index of table “plants” is missing" },
  { "PRAGMA user_version = 0", "its schema version 0 is unknown" },
  { "PRAGMA user_version = -3", "its schema version -3 is unknown" },
};

static void
test_refused (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (damages); i++)
    {
      g_autofree char *path = st_copy_sample ("zhangye");
      g_autofree char *base = g_path_get_basename (path);
      g_autoptr(GBytes) before = NULL;

      raw_exec (path, damages[i].sql);
      before = file_bytes (path);
      for (int ro = 0; ro <= 1; ro++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(RaStore) store = NULL;
          g_autoptr(GBytes) after = NULL;

          store = ra_store_open (path, ro ? RA_STORE_OPEN_READ_ONLY : RA_STORE_OPEN_DEFAULT, &error);
          g_assert_null (store);
          g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_DAMAGED);
          g_test_message ("%s: %s", damages[i].sql, error->message);
          /* The file, then the damage. */
          g_assert_true (g_str_has_prefix (error->message, path));
          assert_contains (error->message, base);
          assert_contains (error->message, ": the project is damaged: ");
          assert_contains (error->message, damages[i].needle);
          /* Refused as it is: nothing written, not even the WAL switch. */
          after = file_bytes (path);
          g_assert_true (g_bytes_equal (before, after));
        }
    }
}

/* Several problems are named at once, the first few in full. */
static void
test_refused_many (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = NULL;

  raw_exec (path, "DROP TABLE plants; DROP TABLE pipelines; DROP TABLE audit; DROP TABLE meta;"
                  " DROP TABLE app_views; DROP TABLE app_layouts");
  store = ra_store_open (path, RA_STORE_OPEN_DEFAULT, &error);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_DAMAGED);
  assert_contains (error->message, "table “meta” is missing; table “plants” is missing; "
                                   "table “pipelines” is missing; table “audit” is missing; "
                                   "and 2 more problems");
}

static void
test_version (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = NULL;
  g_autofree char *newer = g_strdup_printf ("PRAGMA user_version = %d", RA_STORE_SCHEMA_VERSION + 1);

  raw_exec (path, newer);
  store = ra_store_open (path, RA_STORE_OPEN_READ_ONLY, &error);
  g_assert_null (store);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_TOO_NEW);
  g_clear_error (&error);

  /* Version 5: step 6 changes nothing in a file, so a view-only open reads
   * it as it is (the file stays at 5); a default open upgrades it. */
  raw_exec (path, "PRAGMA user_version = 5");
  store = ra_store_open (path, RA_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ra_store_count_rows (store, "projects", NULL), ==, 18);
  g_clear_object (&store);
  g_assert_cmpint (st_raw_int (path, "PRAGMA user_version"), ==, 5);
  store = ra_store_open (path, RA_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_cmpint (st_raw_int (path, "PRAGMA user_version"), ==, RA_STORE_SCHEMA_VERSION);

  /* Version 4 lacks row versions: view-only cannot upgrade it. */
  raw_exec (path, ST_SQL_SCHEMA_5_TO_4 "PRAGMA user_version = 4");
  store = ra_store_open (path, RA_STORE_OPEN_READ_ONLY, &error);
  g_assert_null (store);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);

  /* Version 1 (before pipe_unit_costs) is old, not damaged: upgraded. */
  raw_exec (path, ST_SQL_SCHEMA_4_TO_3 ST_SQL_SCHEMA_3_TO_2 "DROP TABLE pipe_unit_costs; PRAGMA user_version = 1");
  store = ra_store_open (path, RA_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (ra_store_count_rows (store, "pipe_unit_costs", NULL), >, 0);
}

/* An SQLite database without tables is someone's, not a project to fill. */
static void
test_empty_database (void)
{
  g_autofree char *path = st_tmp_path (".sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  raw_exec (path, "CREATE TABLE t (x); DROP TABLE t");
  before = file_bytes (path);
  store = ra_store_open (path, RA_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_A_PROJECT);
  assert_contains (error->message, "empty SQLite database");
  after = file_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
  g_clear_error (&error);

  /* Asked to create one, it does. */
  store = ra_store_open (path, RA_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ra_store_count_rows (store, "projects", NULL), ==, 0);
}

/* ---- geometries that cannot be read ------------------------------------- */

typedef struct {
  const char *table;
  gint64      id;
  const char *problem;
} Expected;

static const Expected expected_problems[] = {
  { "counties", 1, "text instead of a geometry" },
  { "counties", 2, "bytes that are not a SpatiaLite geometry" },
  { "counties", 3, "a damaged SpatiaLite geometry (cut short or overwritten)" },
  { "counties", 4, "a POINT where a MULTIPOLYGON is expected" },
  { "counties", 5, "SRID 4326 where 4490 is expected" },
  { "plants", 2, "a number instead of a geometry" },
  { "projects", 1, "text instead of a geometry" },
};

/* A copy of the sample with the geometries of expected_problems spoilt. */
static char *
spoilt_project (void)
{
  char *path = st_copy_sample ("zhangye");
  static const guint8 junk[] = { 7, 138, 13, 144, 19, 150, 25, 156, 31, 162, 37, 168, 43 };
  g_autoptr(GBytes) county3 = raw_geometry (path, "counties", 3);
  g_autoptr(GBytes) county5 = raw_geometry (path, "counties", 5);
  g_autoptr(GBytes) plant1 = raw_geometry (path, "plants", 1);
  g_autofree guint8 *srid = NULL;
  gsize size;

  g_assert_nonnull (county3);
  g_assert_nonnull (county5);
  g_assert_nonnull (plant1);
  raw_set_geometry (path, "counties", 1, VALUE_TEXT, "MULTIPOLYGON (((100 38, 101 38, 101 39, 100 38)))", 0);
  raw_set_geometry (path, "counties", 2, VALUE_BLOB, junk, sizeof junk);
  raw_set_geometry (path, "counties", 3, VALUE_BLOB, g_bytes_get_data (county3, NULL),
                    g_bytes_get_size (county3) / 2);
  raw_set_geometry (path, "counties", 4, VALUE_BLOB, g_bytes_get_data (plant1, NULL),
                    g_bytes_get_size (plant1));
  /* Bytes 2-5: the SRID, little-endian after 0x00 0x01. */
  srid = g_memdup2 (g_bytes_get_data (county5, &size), g_bytes_get_size (county5));
  g_assert_cmpint (srid[1], ==, 1);
  srid[2] = 4326 & 0xff;
  srid[3] = 4326 >> 8;
  srid[4] = srid[5] = 0;
  raw_set_geometry (path, "counties", 5, VALUE_BLOB, srid, size);
  raw_set_geometry (path, "plants", 2, VALUE_INT, GINT_TO_POINTER (42), 0);
  raw_set_geometry (path, "projects", 1, VALUE_TEXT, "not a polygon", 0);
  return path;
}

static void
test_unreadable_listed (void)
{
  g_autofree char *path = spoilt_project ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) counties = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) projects = NULL;

  /* Unreadable geometries are no reason to refuse the project. */
  store = ra_store_open (path, RA_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  problems = ra_store_list_unreadable_geometries (store, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    {
      const RaGeometryProblem *p = g_ptr_array_index (problems, i);

      g_test_message ("%s %" G_GINT64_FORMAT ": %s", p->table, p->id, p->problem);
    }
  g_assert_cmpuint (problems->len, ==, G_N_ELEMENTS (expected_problems));
  for (guint i = 0; i < problems->len; i++)
    {
      const RaGeometryProblem *p = g_ptr_array_index (problems, i);

      g_assert_cmpstr (p->table, ==, expected_problems[i].table);
      g_assert_cmpint (p->id, ==, expected_problems[i].id);
      g_assert_cmpstr (p->problem, ==, expected_problems[i].problem);
    }

  counties = ra_store_list_unreadable_geometries (store, "counties", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counties->len, ==, 5);

  /* One line per table and problem, naming the rows. */
  raw_set_geometry (path, "counties", 6, VALUE_TEXT, "POINT (1 2)", 0);
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = ra_store_list_unreadable_geometries (store, NULL, &error);
  g_assert_no_error (error);
  lines = ra_store_describe_geometry_problems (problems, 1);
  g_assert_cmpuint (lines->len, ==, 7);
  g_assert_cmpstr (lines->pdata[0], ==,
                   "table “counties”: 2 geometries cannot be read and are left out (id 1 … (1 more)): "
                   "text instead of a geometry");
  g_assert_cmpstr (lines->pdata[5], ==,
                   "table “plants”: 1 geometry cannot be read and is left out (id 2): "
                   "a number instead of a geometry");

  /* A project whose geometry is garbage has none (it is drawn at its
   * county seat and the check says so). */
  projects = ra_store_list_projects (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < projects->len; i++)
    g_assert_false (((RaProjectRecord *) projects->pdata[i])->has_geometry);
}

static void
test_unreadable_readers (void)
{
  g_autofree char *path = spoilt_project ();
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) plants = NULL;
  g_autoptr(RaProjectRecord) project = NULL;

  /* Readers leave them out rather than fail or invent coordinates. */
  g_assert_null (ra_store_get_geometry (store, "counties", 1, &error));
  g_assert_no_error (error);
  g_assert_null (ra_store_get_geometry (store, "counties", 2, &error));
  g_assert_no_error (error);
  plants = ra_store_list_plants (store, NULL, &error);
  g_assert_no_error (error);
  /* 6 county plants + the mine-water station of plants.csv. */
  g_assert_cmpuint (plants->len, ==, 7);

  /* A project given a real geometry has one again. */
  g_assert_true (ra_store_set_geometry_wkt (store, "projects", 1,
                                            "POLYGON ((100.4 38.9, 100.5 38.9, 100.5 39, 100.4 38.9))",
                                            &error));
  g_assert_no_error (error);
  project = ra_store_get_project (store, 1, &error);
  g_assert_no_error (error);
  g_assert_true (project->has_geometry);
}

static void
test_unreadable_check (void)
{
  g_autofree char *path = spoilt_project ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = ra_store_open (path, RA_STORE_OPEN_READ_ONLY, &error);
  g_autoptr(RaPlan) plan = NULL;
  g_autoptr(GListModel) findings = NULL;
  guint n_unreadable = 0;
  gboolean no_geometry = FALSE;

  g_assert_no_error (error);
  plan = ra_plan_new_from_store (store, &error);
  g_assert_no_error (error);
  findings = ra_plan_check_run (plan, store);
  for (guint i = 0; i < g_list_model_get_n_items (findings); i++)
    {
      g_autoptr(RaPlanFinding) f = g_list_model_get_item (findings, i);
      const char *code = ra_plan_finding_get_code (f);

      if (g_strcmp0 (code, "geometry-unreadable") == 0)
        {
          const Expected *e = &expected_problems[n_unreadable];
          g_autofree char *where = g_strdup_printf ("table “%s”, id %" G_GINT64_FORMAT ": ",
                                                    e->table, e->id);

          g_assert_cmpuint (n_unreadable, <, G_N_ELEMENTS (expected_problems));
          g_assert_cmpint (ra_plan_finding_get_severity (f), ==, RA_PLAN_SEVERITY_ERROR);
          g_assert_true (g_str_has_prefix (ra_plan_finding_get_message (f), where));
          assert_contains (ra_plan_finding_get_message (f), e->problem);
          n_unreadable++;
        }
      /* Garbage in a project's geometry does not count as a geometry. */
      if (g_strcmp0 (code, "project-no-geometry") == 0)
        {
          no_geometry = TRUE;
          assert_contains (ra_plan_finding_get_message (f), "18 of 18 projects");
        }
    }
  g_assert_cmpuint (n_unreadable, ==, G_N_ELEMENTS (expected_problems));
  g_assert_true (no_geometry);

  /* Without the store, only the plan's own checks. */
  g_clear_object (&findings);
  findings = ra_plan_check_run (plan, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (findings); i++)
    {
      g_autoptr(RaPlanFinding) f = g_list_model_get_item (findings, i);

      g_assert_cmpstr (ra_plan_finding_get_code (f), !=, "geometry-unreadable");
    }
}

/* ---- the CLI ------------------------------------------------------------- */

/* Each of the four project commands on a damaged project: exit 1, one line
 * naming the project and the damage. */
static void
test_cli_refused (void)
{
  g_autofree char *path = NULL;

  if (g_test_subprocess ())
    {
      const char *project = g_getenv ("RA_TEST_PROJECT");
      g_autofree char *out = st_tmp_path (".pdf");
      g_autofree char *csv = st_tmp_path (".csv");
      const char *check[] = { project, NULL };
      const char *export[] = { project, "--out", out, NULL };
      const char *table[] = { project, "--appendix", "1", "--out", csv, NULL };
      int failed = 0;

      failed += run_cmd (ra_cli_cmd_check, "check", check) == 1;
      failed += run_cmd (ra_cli_cmd_export, "export", export) == 1;
      failed += run_cmd (ra_cli_cmd_table, "table", table) == 1;
      failed += run_cmd (ra_cli_cmd_network, "network", check) == 1;
      /* The table names the project, not the CSV it never wrote. */
      g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
      exit (failed == 4 ? 0 : 1);
    }
  path = st_copy_sample ("zhangye");
  raw_exec (path, "DROP TABLE counties");
  g_setenv ("RA_TEST_PROJECT", path, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  {
    g_autofree char *line = g_strdup_printf ("reclaim-atlas-cli: %s: the project is damaged: "
                                             "table “counties” is missing\n", path);
    g_autofree char *four = g_strconcat (line, line, line, line, NULL);

    g_test_trap_assert_stderr (four);
  }
}

/* Unreadable geometries: check lists them, the others warn after their
 * output, naming the file, the table and the rows. */
static void
test_cli_warnings (void)
{
  g_autofree char *path = NULL;

  if (g_test_subprocess ())
    {
      const char *project = g_getenv ("RA_TEST_PROJECT");
      g_autofree char *out = st_tmp_path (".pdf");
      g_autofree char *csv = st_tmp_path (".csv");
      const char *check[] = { project, NULL };
      const char *export[] = { project, "--out", out, NULL };
      const char *table[] = { project, "--appendix", "1", "--out", csv, NULL };

      g_assert_cmpint (run_cmd (ra_cli_cmd_check, "check", check), ==, 0);
      g_assert_cmpint (run_cmd (ra_cli_cmd_export, "export", export), ==, 0);
      g_assert_cmpint (run_cmd (ra_cli_cmd_table, "table", table), ==, 0);
      g_assert_cmpint (run_cmd (ra_cli_cmd_network, "network", check), ==, 0);
      g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
      g_assert_true (g_file_test (csv, G_FILE_TEST_IS_REGULAR));
      exit (0);
    }
  path = st_copy_sample ("zhangye");
  raw_set_geometry (path, "counties", 2, VALUE_TEXT, "garbage", 0);
  raw_set_geometry (path, "plants", 4, VALUE_BLOB, "\x01\x02\x03", 3);
  g_setenv ("RA_TEST_PROJECT", path, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*error [geometry-unreadable] table “counties”, id 2: the geometry cannot be read*"
                             "(text instead of a geometry)\n"
                             "*error [geometry-unreadable] table “plants”, id 4: *"
                             "(bytes that are not a SpatiaLite geometry)\n*");
  {
    g_autofree char *w1 = g_strdup_printf ("reclaim-atlas-cli: warning: %s: table “counties”: 1 geometry "
                                           "cannot be read and is left out (id 2): text instead of a "
                                           "geometry\n", path);
    g_autofree char *w2 = g_strdup_printf ("reclaim-atlas-cli: warning: %s: table “plants”: 1 geometry "
                                           "cannot be read and is left out (id 4): bytes that are not a "
                                           "SpatiaLite geometry\n", path);
    g_autofree char *three = g_strconcat (w1, w2, w1, w2, w1, w2, NULL);

    /* export, table, network: two lines each; check: none (its findings). */
    g_test_trap_assert_stderr (three);
  }
}

/* table: a file it cannot write is named as the output, not the project. */
static void
test_cli_table_names_output (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *project = st_copy_sample ("zhangye");
      const char *args[] = { project, "--appendix", "2", "--out", "/nonexistent-dir/appendix.csv", NULL };

      exit (run_cmd (ra_cli_cmd_table, "table", args));
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("reclaim-atlas-cli: /nonexistent-dir/appendix.csv: *\n");
}

/* An import into a project another program is writing: the project is
 * busy, not the data file. */
static void
test_import_busy_names_project (void)
{
  g_autofree char *data = g_build_filename (g_getenv ("RA_TEST_DATA"), "counties-gk.shp", NULL);
  g_autofree char *data_base = g_path_get_basename (data);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = NULL;
  sqlite3 *other = NULL;

  if (g_test_subprocess ())
    {
      const char *args[] = { g_getenv ("RA_TEST_PROJECT"), data, "--into", "built_up_areas",
                             "--map", "name_zh=name", NULL };

      exit (run_cmd (ra_cli_cmd_import, "import", args));
    }
  path = st_copy_sample ("zhangye");
  store = st_open (path);
  /* Another program holds the write lock. */
  g_assert_cmpint (sqlite3_open (path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  ra_store_set_busy_timeout (store, 50);
  g_assert_false (ra_store_import_layer (store, data, NULL, "built_up_areas", NULL, NULL, NULL,
                                         &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_BUSY);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_null (strstr (error->message, data_base));
  g_clear_error (&error);

  /* The CLI's one line says the same. */
  g_setenv ("RA_TEST_PROJECT", path, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  {
    g_autofree char *line = g_strdup_printf ("reclaim-atlas-cli: %s: project is busy*\n", path);

    g_test_trap_assert_stderr (line);
  }
  g_assert_cmpint (sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);

  /* A data file that cannot be read is named as such. */
  {
    g_autofree char *missing = st_tmp_path (".geojson");

    g_assert_false (ra_store_import_layer (store, missing, NULL, "built_up_areas", NULL, NULL,
                                           NULL, &error));
    g_assert_true (g_str_has_prefix (error->message, missing));
  }
}

/* A GeoJSON of built-up areas with notes adding up to about bytes. */
static char *
write_big_geojson (gsize bytes)
{
  char *path = st_tmp_path (".geojson");
  GString *json = g_string_new ("{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\","
                                "\"properties\":{\"name\":\"urn:ogc:def:crs:OGC:1.3:CRS84\"}},"
                                "\"features\":[");
  const gsize per_feature = 64 * 1024;
  guint n = (guint) (bytes / per_feature) + 1;

  for (guint i = 0; i < n; i++)
    {
      double x = 100.0 + (i % 20) * 0.01, y = 38.8 + (i / 20) * 0.01;

      g_string_append_printf (json, "%s{\"type\":\"Feature\",\"properties\":{\"name\":\"area %u\","
                              "\"notes\":\"", i > 0 ? "," : "", i + 1);
      for (gsize k = 0; k < per_feature; k++)
        g_string_append_c (json, "survey remarks "[k % 15]);
      g_string_append_printf (json, "\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
                              "[[[%.3f,%.3f],[%.3f,%.3f],[%.3f,%.3f],[%.3f,%.3f]]]}}",
                              x, y, x + 0.005, y, x + 0.005, y + 0.005, x, y);
    }
  g_string_append (json, "]}");
  g_assert_true (g_file_set_contents (path, json->str, json->len, NULL));
  g_string_free (json, TRUE);
  return path;
}

/* An import onto a full disk: the project cannot grow, the data is fine. */
static void
test_import_disk_full_names_project (void)
{
  g_autofree char *sample = st_copy_sample ("zhangye");
  g_autofree char *data = NULL;
  g_autofree char *data_base = NULL;
  g_autofree char *size = NULL;
  g_autofree char *project = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  char *disk;
  gboolean ok;
  gint64 n_before = -1, n_after = -1;

  g_assert_cmpint (g_stat (sample, &st), ==, 0);
  /* Room for the project and 256 kB more. */
  size = g_strdup_printf ("%" G_GINT64_FORMAT "k", (gint64) st.st_size / 1024 + 256);
  disk = mount_small_disk (size);
  if (disk == NULL)
    {
      g_test_skip ("needs root to mount a small tmpfs (a full disk)");
      return;
    }
  data = write_big_geojson (2 * 1024 * 1024);
  data_base = g_path_get_basename (data);
  project = g_build_filename (disk, "full.sqlite", NULL);
  {
    g_autoptr(GFile) src = g_file_new_for_path (sample);
    g_autoptr(GFile) dst = g_file_new_for_path (project);

    ok = g_file_copy (src, dst, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  }
  if (ok)
    {
      g_autoptr(RaStore) store = ra_store_open (project, RA_STORE_OPEN_DEFAULT, &error);

      if (store != NULL)
        {
          n_before = ra_store_count_rows (store, "built_up_areas", NULL);
          ok = ra_store_import_layer (store, data, NULL, "built_up_areas", NULL, NULL, NULL, &error);
          n_after = ra_store_count_rows (store, "built_up_areas", NULL);
        }
      else
        ok = TRUE;   /* reported below */
    }
  message = g_strdup (error != NULL ? error->message : "(no error)");
  unmount_small_disk (disk);

  g_test_message ("%s", message);
  g_assert_false (ok);
  g_assert_true (g_str_has_prefix (message, project));
  assert_contains (message, "the disk is full");
  g_assert_null (strstr (message, data_base));
  g_assert_cmpint (n_before, ==, n_after);
}

/* reclaim-atlas-cli sample on small disks of many sizes: a full disk is said
 * as such, naming OUT.sqlite, in one line, and leaves nothing behind; a disk
 * with room gets a whole sample. */
static void
test_sample_disk_full (void)
{
  g_autofree char *sample = NULL;
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (gint64));
  static const double fractions[] = { 0.25, 0.5, 0.9, 1.1, 1.5, 1.85, 1.88, 1.91, 1.94, 1.97,
                                      2.0, 2.03, 2.2 };
  guint n_full = 0, n_built = 0;
  GStatBuf st;
  gint64 kb;

  if (g_test_subprocess ())
    {
      const char *args[] = { "zhangye", g_getenv ("RA_TEST_SAMPLE_OUT"), NULL };

      exit (run_cmd (ra_cli_cmd_sample, "sample", args));
    }
  sample = st_copy_sample ("zhangye");
  g_assert_cmpint (g_stat (sample, &st), ==, 0);
  /* The 300 kB disk, then around the sizes where the sample, its
   * WAL and then both fill the disk. */
  kb = 300;
  g_array_append_val (sizes, kb);
  for (guint i = 0; i < G_N_ELEMENTS (fractions); i++)
    {
      kb = (gint64) (fractions[i] * st.st_size / 1024);
      g_array_append_val (sizes, kb);
    }

  for (guint i = 0; i < sizes->len; i++)
    {
      g_autofree char *size = g_strdup_printf ("%" G_GINT64_FORMAT "k",
                                               g_array_index (sizes, gint64, i));
      g_autofree char *out = NULL;
      g_autofree char *left = NULL;
      g_autofree char *pattern = NULL;
      char *disk = mount_small_disk (size);
      gboolean passed;
      gint64 n_projects = -1;

      if (disk == NULL)
        {
          g_test_skip ("needs root to mount a small tmpfs (a full disk)");
          return;
        }
      out = g_build_filename (disk, "OUT.sqlite", NULL);
      g_setenv ("RA_TEST_SAMPLE_OUT", out, TRUE);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      passed = g_test_trap_has_passed ();
      /* Listed before the reader below, which may leave its WAL files. */
      left = list_dir (disk);
      if (passed)
        {
          g_autoptr(RaStore) store = ra_store_open (out, RA_STORE_OPEN_READ_ONLY, NULL);

          if (store != NULL)
            n_projects = ra_store_count_rows (store, "projects", NULL);
        }
      unmount_small_disk (disk);

      g_test_message ("%s disk: %s; left: [%s]", size, passed ? "built" : "failed", left);
      if (passed)
        {
          /* Built: the whole sample, nothing else. */
          n_built++;
          g_assert_cmpint (n_projects, ==, 18);
          g_assert_true (g_str_has_prefix (left, "OUT.sqlite"));
          g_assert_null (strstr (left, ".part"));
          g_test_trap_assert_stderr ("");
        }
      else
        {
          n_full++;
          pattern = g_strdup_printf ("reclaim-atlas-cli: %s: *the disk is full*\n", out);
          g_test_trap_assert_stderr (pattern);
          g_test_trap_assert_stdout ("");
          g_assert_cmpstr (left, ==, "");
        }
    }
  /* The small disks fill up, the large one does not. */
  g_assert_cmpuint (n_full, >=, 4);
  g_assert_cmpuint (n_built, >=, 1);
}

int
main (int argc, char **argv)
{
  /* As the CLI's main does: messages go out in the locale's (UTF-8) charset. */
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();
  /* As the CLI's main does: GDAL's messages become the core's errors. */
  CPLSetErrorHandler (CPLQuietErrorHandler);

  g_test_add_func ("/store/damaged/intact", test_intact);
  g_test_add_func ("/store/damaged/refused", test_refused);
  g_test_add_func ("/store/damaged/refused-many", test_refused_many);
  g_test_add_func ("/store/damaged/version", test_version);
  g_test_add_func ("/store/damaged/empty-database", test_empty_database);
  g_test_add_func ("/store/damaged/unreadable-listed", test_unreadable_listed);
  g_test_add_func ("/store/damaged/unreadable-readers", test_unreadable_readers);
  g_test_add_func ("/store/damaged/unreadable-check", test_unreadable_check);
  g_test_add_func ("/store/damaged/cli-refused", test_cli_refused);
  g_test_add_func ("/store/damaged/cli-warnings", test_cli_warnings);
  g_test_add_func ("/store/damaged/cli-table-names-output", test_cli_table_names_output);
  g_test_add_func ("/store/damaged/import-busy-names-project", test_import_busy_names_project);
  g_test_add_func ("/store/damaged/import-disk-full-names-project", test_import_disk_full_names_project);
  g_test_add_func ("/store/damaged/sample-disk-full", test_sample_disk_full);
  return g_test_run ();
}
