/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Optimistic concurrency (issue 19): row versions, saves at the version
 * read, conflicts with both values, keep mine / take theirs, deletes and
 * undo over someone else's change.  Two RaStore handles on one project:
 * a file, or (RA_STORE_BACKEND=pg) a server database. */
#include "config.h"

#include <string.h>
#include <sqlite3.h>
#include <glib.h>

#include "ra-store.h"
#include "store-test-util.h"

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
  g_assert_not_reached ();
  return NULL;
}

static RaProjectRecord *
project_now (RaStore *store, gint64 id)
{
  g_autoptr(GError) error = NULL;
  RaProjectRecord *rec = ra_store_get_project (store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rec);
  return rec;
}

static guint
audit_rows (RaStore *store, const char *table, gint64 id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = ra_store_list_audit (store, table, id, &error);

  g_assert_no_error (error);
  return rows->len;
}

/* Saves notes at version, returning the outcome. */
static gboolean
save_notes_at (RaStore *store, gint64 id, gint64 version, const char *read, const char *text,
               gint64 *new_version, RaStoreConflict **conflict, GError **error)
{
  const char *field = "notes";
  GValue v = G_VALUE_INIT, r = G_VALUE_INIT;
  gboolean ok;

  g_value_init (&v, G_TYPE_STRING);
  g_value_set_string (&v, text);
  g_value_init (&r, G_TYPE_STRING);
  g_value_set_string (&r, read);
  ok = ra_store_update_project_fields_at (store, id, version, 1, &field, &v, &r, NULL,
                                          new_version, conflict, error);
  g_value_unset (&v);
  g_value_unset (&r);
  return ok;
}

static void
raw_exec (const char *path, const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* ---- versions ------------------------------------------------------------- */

/* A new row is at version 1; every edit moves it on by one, also one of
 * several fields; the records carry it. */
static void
test_versions (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(RaProjectRecord) rec = NULL;
  g_autoptr(GPtrArray) pipes = NULL;
  const char *fields[] = { "notes", "owner" };
  GValue values[2] = { G_VALUE_INIT, G_VALUE_INIT };
  gint64 id, v0, v;

  id = ra_store_insert_project (store, "X1", "新项目", NULL, &error);
  g_assert_no_error (error);
  rec = project_now (store, id);
  g_assert_cmpint (rec->row_version, ==, 1);
  g_assert_cmpint (ra_store_get_row_version (store, "projects", id, &error), ==, 1);
  g_assert_no_error (error);

  for (guint i = 0; i < 2; i++)
    {
      g_value_init (&values[i], G_TYPE_STRING);
      g_value_set_string (&values[i], i == 0 ? "n" : "o");
    }
  g_assert_true (ra_store_update_project_fields (store, id, 2, fields, values, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&rec, ra_project_record_free);
  rec = project_now (store, id);
  g_assert_cmpint (rec->row_version, ==, 2);
  for (guint i = 0; i < 2; i++)
    g_value_unset (&values[i]);

  /* Saving at the version read moves it on and says where to. */
  g_assert_true (save_notes_at (store, id, 2, "n", "m", &v, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (v, ==, 3);

  /* Feature records carry theirs too. */
  pipes = ra_store_list_pipelines (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pipes->len, >, 0);
  {
    RaPipelineRecord *p = g_ptr_array_index (pipes, 0);
    g_autoptr(GHashTable) f = g_hash_table_new (g_str_hash, g_str_equal);

    v0 = p->row_version;
    g_assert_cmpint (v0, >=, 1);
    g_hash_table_insert (f, "material", "PE");
    g_assert_true (ra_store_update_feature (store, "pipelines", p->id, f, &error));
    g_assert_no_error (error);
    g_assert_cmpint (ra_store_get_row_version (store, "pipelines", p->id, NULL), ==, v0 + 1);
  }
  g_assert_cmpint (ra_store_get_row_version (store, "projects", 999999, &error), ==, 0);
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND);
}

/* ---- two editors ------------------------------------------------------------- */

/* A reads, B saves, A saves at the old version: a conflict with both
 * values, nothing written; A keeps hers: one more audited save. */
static void
test_save_over_newer (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) a = st_open (path);
  g_autoptr(RaStore) b = st_open (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(RaProjectRecord) read_a = project_coded (a, "P02");
  g_autoptr(RaProjectRecord) read_b = project_now (b, read_a->id);
  g_autoptr(RaProjectRecord) now = NULL;
  g_autoptr(RaStoreConflict) conflict = NULL;
  g_autoptr(RaStoreConflict) again = NULL;
  g_autoptr(RaStoreConflict) copy = NULL;
  const RaStoreConflictField *f;
  gint64 id = read_a->id, v_b, v_a;
  guint n_audit = audit_rows (a, "projects", id);

  g_assert_cmpint (read_a->row_version, ==, read_b->row_version);
  g_assert_true (save_notes_at (b, id, read_b->row_version, read_b->notes, "B's notes", &v_b,
                                &conflict, &error));
  g_assert_no_error (error);
  g_assert_null (conflict);
  g_assert_cmpint (v_b, ==, read_b->row_version + 1);

  g_assert_false (save_notes_at (a, id, read_a->row_version, read_a->notes, "A's notes", &v_a,
                                 &conflict, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_CONFLICT);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_nonnull (conflict);
  g_assert_cmpstr (conflict->table, ==, "projects");
  g_assert_cmpint (conflict->row_id, ==, id);
  g_assert_cmpint (conflict->read_version, ==, read_a->row_version);
  g_assert_cmpint (conflict->their_version, ==, v_b);
  g_assert_false (conflict->is_delete);
  g_assert_nonnull (conflict->their_user);
  g_assert_nonnull (conflict->their_at);
  g_assert_cmpuint (conflict->fields->len, ==, 1);
  f = ra_store_conflict_find_field (conflict, "notes");
  g_assert_nonnull (f);
  g_assert_cmpstr (f->value_read, ==, read_a->notes);
  g_assert_cmpstr (f->mine, ==, "A's notes");
  g_assert_cmpstr (f->theirs, ==, "B's notes");
  /* Nothing written: the row holds B's value, one audit row more (B's). */
  now = project_now (a, id);
  g_assert_cmpstr (now->notes, ==, "B's notes");
  g_assert_cmpint (now->row_version, ==, v_b);
  g_assert_cmpuint (audit_rows (a, "projects", id), ==, n_audit + 1);

  /* The boxed copy is whole. */
  copy = g_boxed_copy (RA_TYPE_STORE_CONFLICT, conflict);
  g_assert_cmpstr (ra_store_conflict_find_field (copy, "notes")->theirs, ==, "B's notes");

  /* Take theirs writes nothing. */
  ra_store_conflict_take_theirs (a, conflict);
  g_assert_cmpuint (audit_rows (a, "projects", id), ==, n_audit + 1);

  /* Keep mine: saved over B's version, audited. */
  g_assert_true (ra_store_conflict_keep_mine (a, conflict, &v_a, &again, &error));
  g_assert_no_error (error);
  g_assert_null (again);
  g_assert_cmpint (v_a, ==, v_b + 1);
  g_clear_pointer (&now, ra_project_record_free);
  now = project_now (b, id);
  g_assert_cmpstr (now->notes, ==, "A's notes");
  g_assert_cmpint (now->row_version, ==, v_b + 1);
  g_assert_cmpuint (audit_rows (b, "projects", id), ==, n_audit + 2);

  /* Keep mine over a row that moved on yet again: a new conflict. */
  g_assert_true (save_notes_at (b, id, now->row_version, now->notes, "B again", NULL, NULL,
                                &error));
  g_assert_no_error (error);
  g_assert_false (ra_store_conflict_keep_mine (a, conflict, NULL, &again, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_CONFLICT);
  g_assert_nonnull (again);
  g_assert_cmpint (again->their_version, ==, v_b + 2);
  g_assert_cmpstr (ra_store_conflict_find_field (again, "notes")->theirs, ==, "B again");
  g_assert_cmpstr (ra_store_conflict_find_field (again, "notes")->mine, ==, "A's notes");
}

/* The same for a feature (the attribute form's save). */
static void
test_feature_conflict (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) a = st_open (path);
  g_autoptr(RaStore) b = st_open (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pipes = ra_store_list_pipelines (a, NULL);
  g_autoptr(RaStoreConflict) conflict = NULL;
  g_autoptr(GHashTable) mine = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) theirs = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);
  RaPipelineRecord *p = g_ptr_array_index (pipes, 0);
  gint64 v;
  const RaStoreConflictField *f;

  g_hash_table_insert (theirs, "name", "B 管线");
  g_hash_table_insert (theirs, "dn_mm", "400");
  g_assert_true (ra_store_update_feature_at (b, "pipelines", p->id, p->row_version, theirs, NULL,
                                             &v, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (v, ==, p->row_version + 1);

  g_hash_table_insert (mine, "name", "A 管线");
  g_hash_table_insert (mine, "dn_mm", "300");
  g_hash_table_insert (shown, "name", p->name);
  g_assert_false (ra_store_update_feature_at (a, "pipelines", p->id, p->row_version, mine, shown,
                                              NULL, &conflict, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  f = ra_store_conflict_find_field (conflict, "name");
  g_assert_cmpstr (f->value_read, ==, p->name);
  g_assert_cmpstr (f->mine, ==, "A 管线");
  g_assert_cmpstr (f->theirs, ==, "B 管线");
  f = ra_store_conflict_find_field (conflict, "dn_mm");
  g_assert_null (f->value_read);
  g_assert_cmpstr (f->mine, ==, "300");
  g_assert_cmpfloat (g_ascii_strtod (f->theirs, NULL), ==, 400);
  {
    g_autofree char *wkt = NULL;
    g_autoptr(GPtrArray) now = ra_store_list_pipelines (a, NULL);

    g_assert_cmpstr (((RaPipelineRecord *) now->pdata[0])->name, ==, "B 管线");
    (void) wkt;
  }
  g_assert_true (ra_store_conflict_keep_mine (a, conflict, &v, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) now = ra_store_list_pipelines (b, NULL);
    RaPipelineRecord *q = now->pdata[0];

    g_assert_cmpstr (q->name, ==, "A 管线");
    g_assert_cmpfloat (q->dn_mm, ==, 300);
    g_assert_cmpint (q->row_version, ==, v);
  }
}

/* A delete of a row changed meanwhile is a conflict; a save over a row
 * deleted meanwhile too. */
static void
test_delete_conflict (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) a = st_open (path);
  g_autoptr(RaStore) b = st_open (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(RaProjectRecord) read_a = project_coded (a, "P03");
  g_autoptr(RaStoreConflict) conflict = NULL;
  gint64 id = read_a->id;

  g_assert_true (save_notes_at (b, id, read_a->row_version, read_a->notes, "kept by B", NULL,
                                NULL, &error));
  g_assert_no_error (error);
  g_assert_false (ra_store_delete_row_at (a, "projects", id, read_a->row_version, &conflict,
                                          &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_true (conflict->is_delete);
  g_assert_cmpstr (ra_store_conflict_find_field (conflict, "notes")->theirs, ==, "kept by B");
  g_assert_cmpstr (ra_store_conflict_find_field (conflict, "code")->theirs, ==, "P03");
  g_assert_cmpint (ra_store_count_rows (a, "projects", NULL), >, 0);
  {
    g_autoptr(RaProjectRecord) still = project_now (a, id);
    g_assert_cmpstr (still->notes, ==, "kept by B");
  }
  /* Keep mine: the delete goes through. */
  g_assert_true (ra_store_conflict_keep_mine (a, conflict, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (ra_store_get_project (b, id, NULL));
  g_clear_pointer (&conflict, ra_store_conflict_free);

  /* B saves over the row A deleted: a conflict saying it is gone. */
  g_assert_false (save_notes_at (b, id, read_a->row_version + 1, "kept by B", "again", NULL,
                                 &conflict, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "deleted"));
  g_clear_error (&error);
  g_assert_cmpint (conflict->their_version, ==, 0);
  g_assert_null (ra_store_conflict_find_field (conflict, "notes")->theirs);
  g_assert_false (ra_store_conflict_keep_mine (b, conflict, NULL, NULL, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND);
}

/* Undo over a row someone else changed since: refused, nothing written,
 * the step kept; once the row is as the step left it, undo works. */
static void
test_undo_over_other_edit (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) a = st_open (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(RaProjectRecord) rec = project_coded (a, "P04");
  g_autoptr(RaProjectRecord) now = NULL;
  gint64 id = rec->id;
  g_autofree char *sql = NULL;

  g_assert_true (save_notes_at (a, id, rec->row_version, rec->notes, "A's edit", NULL, NULL,
                                &error));
  g_assert_no_error (error);
  if (st_backend_is_pg ())
    {
      /* Another role's edit leaves nothing on A's undo stack: a plain
       * server-side UPDATE (as psql or QGIS makes it) stands for it. */
      g_test_message ("the server case is in tests/pg (/pg/store/undo-over-psql-edit)");
      return;
    }
  /* Someone else's edit outside the program (QGIS, the spatialite shell). */
  sql = g_strdup_printf ("UPDATE projects SET notes = 'from QGIS' WHERE id = %" G_GINT64_FORMAT,
                         id);
  raw_exec (path, sql);
  g_assert_cmpint (st_raw_int (path, "SELECT max (row_version) FROM projects WHERE code = 'P04'"),
                   ==, rec->row_version + 2);
  g_assert_false (ra_store_undo (a, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_CONFLICT);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  now = project_now (a, id);
  g_assert_cmpstr (now->notes, ==, "from QGIS");
  g_assert_true (ra_store_can_undo (a));

  /* Back as A left it: undo goes through. */
  g_free (sql);
  sql = g_strdup_printf ("UPDATE projects SET notes = 'A''s edit' WHERE id = %" G_GINT64_FORMAT,
                         id);
  raw_exec (path, sql);
  g_assert_true (ra_store_undo (a, &error));
  g_assert_no_error (error);
  g_clear_pointer (&now, ra_project_record_free);
  now = project_now (a, id);
  g_assert_cmpstr (now->notes, ==, rec->notes);
  /* Redo over another change is refused likewise. */
  raw_exec (path, "UPDATE projects SET notes = 'later' WHERE code = 'P04'");
  g_assert_false (ra_store_redo (a, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_CONFLICT);
}

/* A version-4 file is upgraded: every edited table gets row_version (1),
 * and an UPDATE by another program moves it on. */
static void
test_migration_v4 (void)
{
  ST_FILE_ONLY ("it takes the file back to an older schema with SQLite");
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = NULL;
  g_autoptr(RaProjectRecord) rec = NULL;
  static const char * const tables[] = {
    "meta", "counties", "plants", "projects", "pipelines", "footprints", "built_up_areas",
    "pipe_unit_costs", "water_users", "user_demand", "plant_supply", "allocations", "ledger",
  };
  gint64 n = st_raw_int (path, "SELECT count(*) FROM projects");

  raw_exec (path, ST_SQL_SCHEMA_5_TO_4);
  g_assert_cmpint (st_raw_int (path, "PRAGMA user_version"), ==, 4);
  g_assert_cmpint (st_raw_int (path, "SELECT count(*) FROM pragma_table_info ('projects')"
                                     " WHERE name = 'row_version'"), ==, 0);
  store = st_open (path);
  g_assert_cmpint (st_raw_int (path, "PRAGMA user_version"), ==, RA_STORE_SCHEMA_VERSION);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM pragma_table_info ('%s')"
                                              " WHERE name = 'row_version' AND \"notnull\" = 1",
                                              tables[i]);
      g_autofree char *bad = g_strdup_printf ("SELECT count(*) FROM %s WHERE row_version <> 1",
                                              tables[i]);

      g_assert_cmpint (st_raw_int (path, sql), ==, 1);
      g_assert_cmpint (st_raw_int (path, bad), ==, 0);
    }
  g_assert_cmpint (st_raw_int (path, "SELECT count(*) FROM projects_v WHERE row_version = 1"), ==, n);
  g_assert_cmpint (st_raw_int (path, "SELECT count(*) FROM views_geometry_columns"
                                     " WHERE view_name = 'projects_v'"), ==, 1);
  rec = project_coded (store, "P01");
  g_assert_cmpint (rec->row_version, ==, 1);
  raw_exec (path, "UPDATE plants SET notes = 'x'; UPDATE plants SET notes = 'y'");
  g_assert_cmpint (st_raw_int (path, "SELECT min (row_version) FROM plants"), ==, 3);
  /* An UPDATE that sets the version lower is moved on all the same. */
  raw_exec (path, "UPDATE plants SET row_version = 1");
  g_assert_cmpint (st_raw_int (path, "SELECT min (row_version) FROM plants"), ==, 4);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/conflict/versions", test_versions);
  g_test_add_func ("/store/conflict/save-over-newer", test_save_over_newer);
  g_test_add_func ("/store/conflict/feature", test_feature_conflict);
  g_test_add_func ("/store/conflict/delete", test_delete_conflict);
  g_test_add_func ("/store/conflict/undo-over-other-edit", test_undo_over_other_edit);
  g_test_add_func ("/store/conflict/migration-v4", test_migration_v4);
  return g_test_run ();
}
