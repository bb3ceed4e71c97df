/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Who may do what on a server project (issue 19), enforced by the
 * database, not only by the app: three group roles (cluster-wide names,
 * made once, reused by every project of the cluster), the table
 * editor_counties saying which counties a county editor edits, GRANTs, and
 * row-level security policies on every table whose rows belong to a
 * county.
 *
 *   ra_city_planner   edits everything (the project's owner and superusers
 *                     too: they bypass row-level security anyway)
 *   ra_county_editor  edits the rows of the counties editor_counties lists
 *                     for it (or for a role it belongs to); reads the rest
 *   ra_viewer         reads everything, writes nothing
 *
 * A row's county is its adcode (projects, plants, water_users,
 * built_up_areas, indicators, plan_metrics) or its parent's: pipelines and
 * footprints go with their project (one without a project with the
 * counties its geometry touches), user_demand and allocations with the
 * water user, plant_supply and ledger with the plant.  Rows of no county
 * and the project-wide tables (counties, meta, pipe_unit_costs, app_views,
 * app_layouts, app_layers) are the city planners'.  Every editor adds
 * audit rows in its own name; app_undo rows are each role's own.
 *
 * Row-level security hides a row from an UPDATE or DELETE it may not make
 * (the statement touches nothing, without an error) and refuses an INSERT
 * or a change that would take a row out of the editor's counties (42501):
 * the writes (ra-store-pg-write.c) hand both to ra_store_pg_refused, which
 * says in words who may edit what. */
#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-store-pg.h"

/* The group roles, in RaStoreRole's order after NONE. */
static const char * const group_roles[] = { "ra_viewer", "ra_county_editor", "ra_city_planner" };

/* A table whose rows belong to a county: how the policies test a row, and
 * how its county is found (its own adcode, or its parent's through key). */
typedef struct {
  const char *table;
  const char *may_edit;
  const char *parent;
  const char *key;
} GuardedTable;

static const GuardedTable guarded[] = {
  { "projects", "ra_may_edit_county (adcode)", NULL, NULL },
  { "plants", "ra_may_edit_county (adcode)", NULL, NULL },
  { "water_users", "ra_may_edit_county (adcode)", NULL, NULL },
  { "built_up_areas", "ra_may_edit_county (adcode)", NULL, NULL },
  { "indicators", "ra_may_edit_county (adcode)", NULL, NULL },
  { "plan_metrics", "ra_may_edit_county (adcode)", NULL, NULL },
  { "pipelines", "ra_may_edit_project (project_id, geom)", "projects", "project_id" },
  { "footprints", "ra_may_edit_project (project_id, geom)", "projects", "project_id" },
  { "user_demand", "ra_may_edit_water_user (user_id)", "water_users", "user_id" },
  { "allocations", "ra_may_edit_water_user (user_id)", "water_users", "user_id" },
  { "plant_supply", "ra_may_edit_plant (plant_id)", "plants", "plant_id" },
  { "ledger", "ra_may_edit_plant (plant_id)", "plants", "plant_id" },
};

/* The city planners' alone (besides reading). */
static const char * const city_tables[] = {
  "counties", "meta", "pipe_unit_costs", "app_views", "app_layouts", "app_layers",
};

/* Read by everyone, written by nobody but the owner. */
static const char * const read_tables[] = { "schema_version", "editor_counties", "projects_v" };

static const GuardedTable *
find_guarded (const char *table)
{
  for (guint i = 0; i < G_N_ELEMENTS (guarded); i++)
    if (strcmp (guarded[i].table, table) == 0)
      return &guarded[i];
  return NULL;
}

/* ---- serve-init: roles, GRANTs, policies --------------------------------- */

/* The functions the policies call.  SECURITY INVOKER: current_user is the
 * editor.  A role "is" a planner through ra_city_planner, by owning the
 * tables or by bypassing row-level security (a superuser). */
static const char security_functions[] =
  "CREATE TABLE IF NOT EXISTS editor_counties (role text NOT NULL,"
  "  adcode text NOT NULL REFERENCES counties (adcode) ON UPDATE CASCADE ON DELETE CASCADE,"
  "  PRIMARY KEY (role, adcode));"
  "CREATE OR REPLACE FUNCTION ra_is_planner () RETURNS boolean LANGUAGE sql STABLE AS $$"
  "  SELECT pg_has_role ('ra_city_planner', 'USAGE')"
  "    OR pg_has_role ((SELECT relowner FROM pg_class WHERE oid = 'projects'::regclass), 'USAGE')"
  "    OR coalesce ((SELECT rolsuper OR rolbypassrls FROM pg_roles"
  "                  WHERE rolname = current_user), false) $$;"
  /* A county editor: a member of ra_county_editor, and of a role that
   * editor_counties lists for the county (itself, or a bureau's group). */
  "CREATE OR REPLACE FUNCTION ra_may_edit_county (county text) RETURNS boolean"
  "  LANGUAGE sql STABLE AS $$"
  "  SELECT ra_is_planner () OR (pg_has_role ('ra_county_editor', 'USAGE') AND EXISTS"
  "    (SELECT 1 FROM editor_counties e JOIN pg_roles r ON r.rolname = e.role"
  "     WHERE e.adcode = county AND pg_has_role (r.oid, 'USAGE'))) $$;"
  /* A row of no county that has a place: the counties it touches. */
  "CREATE OR REPLACE FUNCTION ra_may_edit_place (g geometry) RETURNS boolean"
  "  LANGUAGE sql STABLE AS $$"
  "  SELECT ra_is_planner () OR (g IS NOT NULL AND EXISTS (SELECT 1 FROM counties c"
  "    WHERE c.geom && g AND ST_Intersects (c.geom, g) AND ra_may_edit_county (c.adcode))) $$;"
  "CREATE OR REPLACE FUNCTION ra_may_edit_project (project bigint, g geometry)"
  "  RETURNS boolean LANGUAGE sql STABLE AS $$"
  "  SELECT CASE WHEN project IS NULL THEN ra_may_edit_place (g)"
  "    ELSE EXISTS (SELECT 1 FROM projects p WHERE p.id = project"
  "                 AND ra_may_edit_county (p.adcode)) END $$;"
  "CREATE OR REPLACE FUNCTION ra_may_edit_water_user (water_user bigint) RETURNS boolean"
  "  LANGUAGE sql STABLE AS $$"
  "  SELECT EXISTS (SELECT 1 FROM water_users w WHERE w.id = water_user"
  "                 AND ra_may_edit_county (w.adcode)) $$;"
  "CREATE OR REPLACE FUNCTION ra_may_edit_plant (plant bigint) RETURNS boolean"
  "  LANGUAGE sql STABLE AS $$"
  "  SELECT EXISTS (SELECT 1 FROM plants p WHERE p.id = plant"
  "                 AND ra_may_edit_county (p.adcode)) $$;"
  /* serve-grant: a role in one group only.  The names are quoted by the
   * server (%I); they arrive as parameters. */
  "CREATE OR REPLACE FUNCTION ra_set_group (login text, grp text) RETURNS void"
  "  LANGUAGE plpgsql AS $$"
  "  DECLARE g text;"
  "  BEGIN"
  "    FOREACH g IN ARRAY ARRAY['ra_city_planner', 'ra_county_editor', 'ra_viewer'] LOOP"
  "      IF g = grp THEN"
  "        EXECUTE format ('GRANT %I TO %I', g, login);"
  "      ELSIF EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles a ON a.oid = m.roleid"
  "                    JOIN pg_roles b ON b.oid = m.member"
  "                    WHERE a.rolname = g AND b.rolname = login) THEN"
  "        EXECUTE format ('REVOKE %I FROM %I', g, login);"
  "      END IF;"
  "    END LOOP;"
  "  END $$;"
  "REVOKE ALL ON FUNCTION ra_set_group (text, text) FROM PUBLIC;";

/* The program's own constant statements, no values: PQexec runs them
 * together, inside the caller's transaction (as the schema's steps). */
static gboolean
run_script (RaStoreDb *db, const char *script, const char *what, GError **error)
{
  g_autoptr(PGresult) res = PQexec (db->conn, script);

  if (PQresultStatus (res) != PGRES_COMMAND_OK && PQresultStatus (res) != PGRES_TUPLES_OK)
    return ra_store_pg_set_error (error, db, res, what);
  return TRUE;
}

static gboolean
run_all (RaStoreDb *db, GPtrArray *statements, const char *what, GError **error)
{
  for (guint i = 0; i < statements->len; i++)
    if (!ra_store_pg_run (db, g_ptr_array_index (statements, i), 0, NULL, what, error))
      return FALSE;
  return TRUE;
}

/* The group roles that are missing; made when this role may make roles,
 * otherwise an error that says what an administrator must run. */
static gboolean
ensure_group_roles (RaStoreDb *db, const char *what, GError **error)
{
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autoptr(GString) commands = g_string_new (NULL);
  g_autoptr(PGresult) me = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (group_roles); i++)
    {
      RaStoreValue name = ra_store_value_text (group_roles[i]);
      g_autoptr(PGresult) res = ra_store_pg_exec (db, "SELECT count(*) FROM pg_roles"
                                                      " WHERE rolname = $1::text",
                                                  1, &name, what, error);

      if (res == NULL)
        return FALSE;
      if (ra_store_pg_get_int64 (res, 0, 0) == 0)
        {
          g_string_append_printf (missing, "%s%s", missing->len > 0 ? ", " : "", group_roles[i]);
          g_string_append_printf (commands, "CREATE ROLE %s NOLOGIN; ", group_roles[i]);
        }
    }
  if (missing->len == 0)
    return TRUE;
  me = ra_store_pg_exec (db, "SELECT current_user, rolsuper OR rolcreaterole FROM pg_roles"
                             " WHERE rolname = current_user", 0, NULL, what, error);
  if (me == NULL)
    return FALSE;
  if (!ra_store_pg_get_int64 (me, 0, 1))
    {
      const char *user = PQgetvalue (me, 0, 0);

      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_PERMITTED,
                   /* TRANSLATORS: the SQL and "serve-init" stay as they are */
                   _("the database role “%s” may not create roles (missing: %s); an "
                     "administrator runs once, as postgres: %sGRANT ra_city_planner, "
                     "ra_county_editor, ra_viewer TO %s WITH ADMIN OPTION; then run "
                     "serve-init again"),
                   user, missing->str, commands->str, user);
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (group_roles); i++)
    {
      /* Another serve-init of the cluster may have made it meanwhile. */
      g_autofree char *sql = g_strdup_printf ("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles"
                                              " WHERE rolname = '%s') THEN CREATE ROLE %s"
                                              " NOLOGIN; END IF; END $$", group_roles[i],
                                              group_roles[i]);

      if (!ra_store_pg_run (db, sql, 0, NULL, what, error))
        return FALSE;
    }
  return TRUE;
}

static void
add_policies (GPtrArray *sql, const char *table, const char *may_edit)
{
  g_ptr_array_add (sql, g_strdup_printf ("ALTER TABLE \"%s\" ENABLE ROW LEVEL SECURITY", table));
  g_ptr_array_add (sql, g_strdup_printf ("DROP POLICY IF EXISTS ra_read ON \"%s\"", table));
  g_ptr_array_add (sql, g_strdup_printf ("CREATE POLICY ra_read ON \"%s\" FOR SELECT"
                                         " USING (true)", table));
  g_ptr_array_add (sql, g_strdup_printf ("DROP POLICY IF EXISTS ra_insert ON \"%s\"", table));
  g_ptr_array_add (sql, g_strdup_printf ("CREATE POLICY ra_insert ON \"%s\" FOR INSERT"
                                         " WITH CHECK (%s)", table, may_edit));
  g_ptr_array_add (sql, g_strdup_printf ("DROP POLICY IF EXISTS ra_update ON \"%s\"", table));
  g_ptr_array_add (sql, g_strdup_printf ("CREATE POLICY ra_update ON \"%s\" FOR UPDATE"
                                         " USING (%s) WITH CHECK (%s)", table, may_edit,
                                         may_edit));
  g_ptr_array_add (sql, g_strdup_printf ("DROP POLICY IF EXISTS ra_delete ON \"%s\"", table));
  g_ptr_array_add (sql, g_strdup_printf ("CREATE POLICY ra_delete ON \"%s\" FOR DELETE"
                                         " USING (%s)", table, may_edit));
}

/* Everyone reads; the sequence of the table's ids is the editors'. */
static void
add_read_grants (GPtrArray *sql, const char *table, gboolean has_sequence)
{
  g_ptr_array_add (sql, g_strdup_printf ("REVOKE ALL ON \"%s\" FROM ra_viewer, ra_county_editor,"
                                         " ra_city_planner", table));
  g_ptr_array_add (sql, g_strdup_printf ("GRANT SELECT ON \"%s\" TO ra_viewer, ra_county_editor,"
                                         " ra_city_planner", table));
  if (has_sequence)
    g_ptr_array_add (sql, g_strdup_printf ("GRANT USAGE, SELECT, UPDATE ON SEQUENCE"
                                           " \"%s_id_seq\" TO ra_county_editor,"
                                           " ra_city_planner", table));
}

gboolean
ra_store_pg_setup_roles (RaStoreDb *db, GError **error)
{
  const char *what = _("setting up roles and row-level security");
  g_autoptr(GPtrArray) sql = g_ptr_array_new_with_free_func (g_free);

  if (!ra_store_pg_begin (db, error))
    return FALSE;
  if (!ra_store_pg_run (db, "SELECT pg_advisory_xact_lock (hashtext ('reclaim-atlas schema'))",
                        0, NULL, what, error) ||
      !ensure_group_roles (db, what, error) ||
      !run_script (db, security_functions, what, error))
    goto fail;

  for (guint i = 0; i < G_N_ELEMENTS (guarded); i++)
    {
      add_read_grants (sql, guarded[i].table, TRUE);
      g_ptr_array_add (sql, g_strdup_printf ("GRANT INSERT, UPDATE, DELETE ON \"%s\" TO"
                                             " ra_county_editor, ra_city_planner",
                                             guarded[i].table));
      add_policies (sql, guarded[i].table, guarded[i].may_edit);
    }
  for (guint i = 0; i < G_N_ELEMENTS (city_tables); i++)
    {
      add_read_grants (sql, city_tables[i], TRUE);
      g_ptr_array_add (sql, g_strdup_printf ("GRANT INSERT, UPDATE, DELETE ON \"%s\" TO"
                                             " ra_city_planner", city_tables[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (read_tables); i++)
    add_read_grants (sql, read_tables[i], FALSE);

  /* The audit log: every editor adds rows in its own name, nobody but the
   * owner changes or removes one. */
  add_read_grants (sql, "audit", TRUE);
  g_ptr_array_add (sql, g_strdup ("GRANT INSERT ON audit TO ra_county_editor, ra_city_planner"));
  g_ptr_array_add (sql, g_strdup ("ALTER TABLE audit ENABLE ROW LEVEL SECURITY"));
  g_ptr_array_add (sql, g_strdup ("DROP POLICY IF EXISTS ra_read ON audit"));
  g_ptr_array_add (sql, g_strdup ("CREATE POLICY ra_read ON audit FOR SELECT USING (true)"));
  g_ptr_array_add (sql, g_strdup ("DROP POLICY IF EXISTS ra_insert ON audit"));
  g_ptr_array_add (sql, g_strdup ("CREATE POLICY ra_insert ON audit FOR INSERT"
                                  " WITH CHECK (\"user\" = current_user)"));
  /* The undo history: each role's own rows only. */
  add_read_grants (sql, "app_undo", TRUE);
  g_ptr_array_add (sql, g_strdup ("GRANT INSERT, UPDATE, DELETE ON app_undo TO"
                                  " ra_county_editor, ra_city_planner"));
  g_ptr_array_add (sql, g_strdup ("ALTER TABLE app_undo ENABLE ROW LEVEL SECURITY"));
  g_ptr_array_add (sql, g_strdup ("DROP POLICY IF EXISTS ra_own ON app_undo"));
  g_ptr_array_add (sql, g_strdup ("CREATE POLICY ra_own ON app_undo USING (role = current_user)"
                                  " WITH CHECK (role = current_user)"));

  if (!run_all (db, sql, what, error) || !ra_store_pg_commit (db, error))
    goto fail;
  return TRUE;

fail:
  ra_store_pg_rollback (db);
  return FALSE;
}

/* ---- serve-grant --------------------------------------------------------- */

static gboolean
roles_set_up (RaStoreDb *db, gboolean *set_up, GError **error)
{
  g_autoptr(PGresult) res = ra_store_pg_exec (db, "SELECT to_regclass ('editor_counties')"
                                                  " IS NOT NULL AND to_regprocedure"
                                                  " ('ra_set_group(text,text)') IS NOT NULL",
                                              0, NULL, _("reading the project’s roles"), error);

  if (res == NULL)
    return FALSE;
  *set_up = ra_store_pg_get_int64 (res, 0, 0) != 0;
  return TRUE;
}

gboolean
ra_store_pg_grant_role (RaStoreDb *db, const char *login, RaStoreRole role,
                        const char * const *adcodes, GError **error)
{
  const char *what = _("granting the role");
  const char *group = role != RA_STORE_ROLE_NONE ? group_roles[role - 1] : NULL;
  RaStoreValue params[2] = { ra_store_value_text (login), ra_store_value_text (group) };
  g_autoptr(PGresult) found = NULL;
  g_autoptr(PGresult) summary = NULL;
  gboolean set_up = FALSE;

  if (!roles_set_up (db, &set_up, error))
    return FALSE;
  if (!set_up)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_FAILED,
                   _("the project has no roles yet; run reclaim-atlas-cli serve-init first"));
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (group_roles); i++)
    if (strcmp (login, group_roles[i]) == 0)
      {
        g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                     _("“%s” is one of the groups; name a user’s login role"), login);
        return FALSE;
      }
  if (!ra_store_pg_begin (db, error))
    return FALSE;
  found = ra_store_pg_exec (db, "SELECT count(*) FROM pg_roles WHERE rolname = $1::text",
                            1, params, what, error);
  if (found == NULL)
    goto fail;
  if (ra_store_pg_get_int64 (found, 0, 0) == 0)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND,
                   /* TRANSLATORS: the SQL and \password stay as they are */
                   _("no database role “%s”; an administrator makes it first (psql, as "
                     "postgres: CREATE ROLE \"%s\" LOGIN; then \\password \"%s\")"),
                   login, login, login);
      goto fail;
    }
  if (role == RA_STORE_ROLE_COUNTY_EDITOR)
    for (guint i = 0; adcodes[i] != NULL; i++)
      if (!ra_store_pg_county_exists (db, adcodes[i]))
        {
          g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                       _("no county with adcode “%s” in this project"), adcodes[i]);
          goto fail;
        }
  if (!ra_store_pg_run (db, "SELECT ra_set_group ($1::text, $2::text)", 2, params, what, error) ||
      !ra_store_pg_run (db, "DELETE FROM editor_counties WHERE role = $1::text", 1, params,
                        what, error))
    goto fail;
  if (role == RA_STORE_ROLE_COUNTY_EDITOR)
    for (guint i = 0; adcodes[i] != NULL; i++)
      {
        RaStoreValue row[2] = { params[0], ra_store_value_text (adcodes[i]) };

        if (!ra_store_pg_run (db, "INSERT INTO editor_counties (role, adcode)"
                                  " VALUES ($1::text, $2::text) ON CONFLICT DO NOTHING",
                              2, row, what, error))
          goto fail;
      }
  /* Audited like any change: who granted what to whom. */
  summary = ra_store_pg_exec (db, "SELECT json_build_object ('role', $1::text, 'group',"
                                  " $2::text, 'counties', (SELECT coalesce (json_agg (adcode"
                                  " ORDER BY adcode COLLATE \"C\"), '[]') FROM editor_counties"
                                  " WHERE role = $1::text))::text", 2, params, what, error);
  if (summary == NULL ||
      !ra_store_pg_write_audit (db, "editor_counties", 0, "grant", NULL,
                                PQgetvalue (summary, 0, 0), error) ||
      !ra_store_pg_commit (db, error))
    goto fail;
  return TRUE;

fail:
  ra_store_pg_rollback (db);
  return FALSE;
}

/* ---- what the user may edit ---------------------------------------------- */

static gboolean
has_security (RaStoreDb *db)
{
  g_autoptr(PGresult) res = ra_store_pg_exec (db, "SELECT to_regprocedure"
                                                  " ('ra_may_edit_county(text)') IS NOT NULL",
                                              0, NULL, "", NULL);

  return res != NULL && ra_store_pg_get_int64 (res, 0, 0) != 0;
}

gboolean
ra_store_pg_can_edit_county (RaStoreDb *db, const char *adcode)
{
  RaStoreValue v = ra_store_value_text (adcode);
  g_autoptr(PGresult) res = NULL;

  if (db->read_only)
    return FALSE;
  /* Without the policies, whoever may write the tables edits all rows. */
  if (!has_security (db))
    res = ra_store_pg_exec (db, "SELECT has_table_privilege ('projects', 'UPDATE')", 0, NULL,
                            "", NULL);
  else
    res = ra_store_pg_exec (db, "SELECT has_table_privilege ('projects', 'UPDATE')"
                                " AND ra_may_edit_county ($1::text)", 1, &v, "", NULL);
  return res != NULL && ra_store_pg_get_int64 (res, 0, 0) != 0;
}

char *
ra_store_pg_dup_view_only_reason (RaStoreDb *db)
{
  g_autoptr(PGresult) res = ra_store_pg_exec (db, "SELECT current_user,"
                                                  " has_table_privilege ('audit', 'INSERT')",
                                              0, NULL, "", NULL);

  if (res == NULL || ra_store_pg_get_int64 (res, 0, 1))
    return NULL;
  return g_strdup_printf (_("the database role “%s” may only read this project"),
                          PQgetvalue (res, 0, 0));
}

/* ---- a refused change, in words -------------------------------------------- */

/* "甘州区 (620702), 民乐县 (620722)": the counties the user may edit; NULL
 * for none. */
static char *
dup_editable_counties (RaStoreDb *db)
{
  g_autoptr(PGresult) res = ra_store_pg_exec (db, "SELECT string_agg (name_zh || ' (' || adcode"
                                                  " || ')', ', ' ORDER BY adcode COLLATE \"C\")"
                                                  " FROM counties WHERE ra_may_edit_county"
                                                  " (adcode)", 0, NULL, "", NULL);

  return res != NULL ? ra_store_pg_dup_text (res, 0, 0) : NULL;
}

/* The county of a row: *adcode and *name (transfer full, NULL for none),
 * *orphan when it has no parent row; FALSE when the row is not there. */
static gboolean
row_county (RaStoreDb *db, const GuardedTable *g, gint64 row_id, char **adcode, char **name,
            gboolean *orphan)
{
  g_autofree char *sql = NULL;
  g_autoptr(PGresult) res = NULL;
  RaStoreValue v = ra_store_value_int (row_id);

  *adcode = *name = NULL;
  *orphan = FALSE;
  if (g->parent == NULL)
    sql = g_strdup_printf ("SELECT x.adcode, c.name_zh, false FROM \"%s\" x"
                           " LEFT JOIN counties c ON c.adcode = x.adcode"
                           " WHERE x.id = $1::bigint", g->table);
  else
    sql = g_strdup_printf ("SELECT p.adcode, c.name_zh, p.id IS NULL FROM \"%s\" x"
                           " LEFT JOIN \"%s\" p ON p.id = x.\"%s\""
                           " LEFT JOIN counties c ON c.adcode = p.adcode"
                           " WHERE x.id = $1::bigint", g->table, g->parent, g->key);
  res = ra_store_pg_exec (db, sql, 1, &v, "", NULL);
  if (res == NULL || PQntuples (res) == 0)
    return FALSE;
  *adcode = ra_store_pg_dup_text (res, 0, 0);
  *name = ra_store_pg_dup_text (res, 0, 1);
  *orphan = ra_store_pg_get_int64 (res, 0, 2) != 0;
  return TRUE;
}

/* The server's roles refused a change of table: sets error to
 * RA_STORE_ERROR_NOT_PERMITTED saying who may edit what. */
static void
explain_refusal (RaStoreDb *db, const char *table, gint64 row_id, gboolean new_values,
                 GError **error)
{
  RaStoreValue v = ra_store_value_text (table);
  g_autoptr(PGresult) who = NULL;
  g_autofree char *counties = NULL;
  g_autofree char *may = NULL;
  g_autofree char *row = NULL;
  const GuardedTable *g = find_guarded (table);
  const char *user;

  who = ra_store_pg_exec (db, "SELECT current_user, has_table_privilege ('audit', 'INSERT'),"
                              " has_table_privilege ($1::text, 'INSERT, UPDATE, DELETE')",
                          1, &v, "", NULL);
  if (who == NULL)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_PERMITTED,
                   _("the server refused the change of %s: the database role may not make it"),
                   table);
      return;
    }
  user = PQgetvalue (who, 0, 0);
  if (!ra_store_pg_get_int64 (who, 0, 1))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_PERMITTED,
                   _("the server refused the change: the database role “%s” may only read "
                     "this project"), user);
      return;
    }
  if (!ra_store_pg_get_int64 (who, 0, 2) || g == NULL)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_PERMITTED,
                   _("the server refused the change: only city planners may change %s "
                     "(the database role “%s” may not)"), table, user);
      return;
    }
  counties = has_security (db) ? dup_editable_counties (db) : NULL;
  may = counties != NULL
        ? g_strdup_printf (_("the database role “%s” may edit only rows of %s"), user, counties)
        : g_strdup_printf (_("the database role “%s” may edit the rows of no county"), user);
  if (row_id == 0)
    row = g_strdup_printf (_("the new row of %s is not of those counties"), table);
  else if (new_values)
    row = g_strdup_printf (_("the change would take row %" PRId64 " of %s out of those counties"),
                           row_id, table);
  else
    {
      g_autofree char *adcode = NULL;
      g_autofree char *name = NULL;
      gboolean orphan = FALSE;

      if (row_county (db, g, row_id, &adcode, &name, &orphan) && orphan)
        /* Goes by its place: the counties its geometry touches. */
        row = g_strdup_printf (_("row %" PRId64 " of %s belongs to no project and lies "
                                 "outside those counties"), row_id, table);
      else if (adcode == NULL)
        row = g_strdup_printf (_("row %" PRId64 " of %s belongs to no county (only city planners "
                                 "may change it)"), row_id, table);
      else
        row = g_strdup_printf (_("row %" PRId64 " of %s belongs to %s (%s)"), row_id, table,
                               name != NULL ? name : adcode, adcode);
    }
  g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_PERMITTED,
               /* TRANSLATORS: "…: <who may edit what>; <whose row it is>" */
               _("the server refused the change: %s; %s"), may, row);
}

gboolean
ra_store_pg_refused (RaStoreDb *db, const char *table, gint64 row_id, gboolean new_values,
                     GError **error)
{
  /* A refused statement aborted the transaction: the explanation's
   * queries run after its rollback (the caller rolls back anyway). */
  if (PQtransactionStatus (db->conn) == PQTRANS_INERROR)
    ra_store_pg_rollback (db);
  g_clear_error (error);
  explain_refusal (db, table, row_id, new_values, error);
  return FALSE;
}

gboolean
ra_store_pg_check_touched (RaStoreDb *db, PGresult *res, const RaStoreTable *table,
                           gint64 row_id, gboolean deleting, GError **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(PGresult) exists = NULL;
  RaStoreValue v = ra_store_value_int (row_id);

  if (strcmp (PQcmdTuples (res), "0") != 0)
    return TRUE;
  /* Nothing touched: no such row, or row-level security hid it from the
   * change (which is no error to the server). */
  sql = g_strdup_printf ("SELECT count(*) FROM \"%s\" WHERE id = $1::bigint", table->name);
  exists = ra_store_pg_exec (db, sql, 1, &v, _("reading a row"), error);
  if (exists == NULL)
    return FALSE;
  if (ra_store_pg_get_int64 (exists, 0, 0) == 0)
    {
      if (deleting)
        return TRUE;
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND,
                   _("%s: no row with id %" PRId64), table->name, row_id);
      return FALSE;
    }
  return ra_store_pg_refused (db, table->name, row_id, FALSE, error);
}
