/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include "ra-store.h"

G_BEGIN_DECLS

/* A fresh temporary directory for this test program (removed at exit). */
const char *st_tmpdir           (void);
/* (transfer full) a new path inside st_tmpdir() ending in suffix. */
char       *st_tmp_path         (const char *suffix);
/* (transfer full) path of a private copy of the Zhangye sample (built once
 * per test program, then copied). */
char       *st_copy_sample      (const char *name);
/* Opens a project for writing, asserting success. */
RaStore    *st_open             (const char *path);
/* SQL (plain SQLite, no SpatiaLite needed) that takes a project of schema
 * version 3 back to version 2: the water-balance tables and the plants'
 * version-3 columns removed, user_version set to 2.  For tests of the
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

/* Runs argv, returns stdout; asserts exit status 0. */
char       *st_run              (const char * const *argv);

G_END_DECLS
