/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include "ra-store.h"

G_BEGIN_DECLS

/* A fresh temporary directory for this test program (removed at exit). */
const char *st_tmpdir           (void);
/* (transfer full) a new path inside st_tmpdir() ending in suffix. */
char       *st_tmp_path         (const char *suffix);
/* TRUE when the suite runs against the PostgreSQL backend
 * (RA_STORE_BACKEND=pg, inside tests/pg/pg-cluster.sh): st_copy_sample
 * then gives a server project. */
gboolean    st_backend_is_pg    (void);
/* A test that only a project file can run (it damages the file, reads it
 * with SQLite, copies it...) is skipped on the server backend, saying why. */
#define ST_FILE_ONLY(why)                                                  \
  G_STMT_START {                                                           \
    if (st_backend_is_pg ())                                               \
      {                                                                    \
        g_test_skip ("a project file only: " why);                         \
        return;                                                            \
      }                                                                    \
  } G_STMT_END
/* (transfer full) path of a private copy of the Zhangye sample (built once
 * per test program, then copied); with st_backend_is_pg, the URI of a new
 * server database holding it. */
char       *st_copy_sample      (const char *name);
/* Opens a project for writing, asserting success. */
RaStore    *st_open             (const char *path);
/* SQL (plain SQLite) that takes a project of schema version 5 back to
 * version 4: the row versions (column and trigger of every edited table)
 * removed and projects_v without row_version, user_version set to 4. */
#define ST_SQL_SCHEMA_5_TO_4                                                          \
  "DROP TRIGGER meta_row_version;"                                        \
  "DROP TRIGGER counties_row_version;"                                    \
  "DROP TRIGGER plants_row_version;"                                      \
  "DROP TRIGGER projects_row_version;"                                    \
  "DROP TRIGGER pipelines_row_version;"                                   \
  "DROP TRIGGER footprints_row_version;"                                  \
  "DROP TRIGGER built_up_areas_row_version;"                              \
  "DROP TRIGGER pipe_unit_costs_row_version;"                             \
  "DROP TRIGGER water_users_row_version;"                                 \
  "DROP TRIGGER user_demand_row_version;"                                 \
  "DROP TRIGGER plant_supply_row_version;"                                \
  "DROP TRIGGER allocations_row_version;"                                 \
  "DROP TRIGGER ledger_row_version;"                                      \
  "DROP VIEW projects_v;"                                                            \
  "ALTER TABLE meta DROP COLUMN row_version;"                                         \
  "ALTER TABLE counties DROP COLUMN row_version;"                                     \
  "ALTER TABLE plants DROP COLUMN row_version;"                                       \
  "ALTER TABLE projects DROP COLUMN row_version;"                                     \
  "ALTER TABLE pipelines DROP COLUMN row_version;"                                    \
  "ALTER TABLE footprints DROP COLUMN row_version;"                                   \
  "ALTER TABLE built_up_areas DROP COLUMN row_version;"                               \
  "ALTER TABLE pipe_unit_costs DROP COLUMN row_version;"                              \
  "ALTER TABLE water_users DROP COLUMN row_version;"                                  \
  "ALTER TABLE user_demand DROP COLUMN row_version;"                                  \
  "ALTER TABLE plant_supply DROP COLUMN row_version;"                                 \
  "ALTER TABLE allocations DROP COLUMN row_version;"                                  \
  "ALTER TABLE ledger DROP COLUMN row_version;"                                       \
  "CREATE VIEW projects_v AS SELECT id, code, name, adcode, source, status, batch,"   \
  "  in_service_year, investment_total, investment_2024_2025, start, prep_stage,"     \
  "  owner, scope, cap_industry, cap_agriculture, cap_ecological,"                    \
  "  cap_urban_nonpotable, CASE WHEN coalesce (cap_industry, cap_agriculture,"        \
  "  cap_ecological, cap_urban_nonpotable) IS NULL THEN NULL"                         \
  "  ELSE coalesce (cap_industry, 0) + coalesce (cap_agriculture, 0)"                 \
  "  + coalesce (cap_ecological, 0) + coalesce (cap_urban_nonpotable, 0)"             \
  "  END AS cap_total, pipeline_km, storage_m3, treatment_m3_per_day, notes,"         \
  "  sort_key, geom, plant_id FROM projects;"                                          \
  "PRAGMA user_version = 4;"
/* SQL (plain SQLite, no SpatiaLite needed) that takes a project of schema
 * version 4 back to version 3: projects without plant_id, projects_v as
 * version 1 made it, user_version set to 3. */
#define ST_SQL_SCHEMA_4_TO_3                                                          \
  "DROP VIEW projects_v; DROP INDEX projects_plant;"                                  \
  "ALTER TABLE projects DROP COLUMN plant_id;"                                        \
  "CREATE VIEW projects_v AS SELECT id, code, name, adcode, source, status, batch,"   \
  "  in_service_year, investment_total, investment_2024_2025, start, prep_stage,"     \
  "  owner, scope, cap_industry, cap_agriculture, cap_ecological,"                    \
  "  cap_urban_nonpotable, CASE WHEN coalesce (cap_industry, cap_agriculture,"        \
  "  cap_ecological, cap_urban_nonpotable) IS NULL THEN NULL"                         \
  "  ELSE coalesce (cap_industry, 0) + coalesce (cap_agriculture, 0)"                 \
  "  + coalesce (cap_ecological, 0) + coalesce (cap_urban_nonpotable, 0)"             \
  "  END AS cap_total, pipeline_km, storage_m3, treatment_m3_per_day, notes,"         \
  "  sort_key, geom FROM projects;"                                                   \
  "PRAGMA user_version = 3;"
/* SQL (plain SQLite, no SpatiaLite needed) that takes a project of schema
 * version 3 (ST_SQL_SCHEMA_4_TO_3 first) back to version 2: the
 * water-balance tables and the plants' version-3 columns removed, user_version set to 2.  For tests of the
 * migrations, which need a file of an older version. */
#define ST_SQL_SCHEMA_3_TO_2                                                          \
  "DROP TABLE ledger; DROP TABLE allocations; DROP TABLE plant_supply;"               \
  "DROP TABLE user_demand; DROP TABLE idx_water_users_geom; DROP TABLE water_users;"  \
  "DELETE FROM geometry_columns_auth WHERE f_table_name = 'water_users';"             \
  "DELETE FROM geometry_columns_statistics WHERE f_table_name = 'water_users';"       \
  "DELETE FROM geometry_columns_field_infos WHERE f_table_name = 'water_users';"      \
  "DELETE FROM geometry_columns_time WHERE f_table_name = 'water_users';"             \
  "DELETE FROM geometry_columns WHERE f_table_name = 'water_users';"                  \
  "ALTER TABLE plants DROP COLUMN effluent_standard;"                                 \
  "ALTER TABLE plants DROP COLUMN meets_standards;"                                   \
  "ALTER TABLE plants DROP COLUMN capacity_illustrative;"                             \
  "PRAGMA user_version = 2;"

/* The first column of the first row of sql on the file at path, read with
 * plain SQLite (behind the store's back); asserts there is a row. */
gint64      st_raw_int          (const char *path, const char *sql);

/* Runs argv, returns stdout; asserts exit status 0. */
char       *st_run              (const char * const *argv);

G_END_DECLS
