/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ra-core.h"
#include "ra-store.h"
#include "ra-plan.h"

G_BEGIN_DECLS

/* A private temporary directory, removed at exit (keep it: RA_TEST_KEEP). */
const char *pt_tmpdir        (void);
/* (transfer full) a fresh copy of the sample project "zhangye" or
 * "xinzhou" (built once per test program with ra_store_build_sample). */
char       *pt_sample_copy   (const char *name);
/* (transfer full) the store of a fresh sample copy. */
RaStore    *pt_open_sample   (const char *name);
/* (transfer full) the plan of a store. */
RaPlan     *pt_plan          (RaStore *store);

/* Reads a CSV file of the sample data (plain comma-separated, no quotes),
 * independent of the code under test.  (transfer full) (element-type
 * GHashTable) each row: column name -> text ("" for blanks). */
GPtrArray  *pt_read_sample_csv (const char *sample, const char *file);
/* The cell as a number; NAN when blank. */
double      pt_num           (GHashTable *row, const char *column);
/* The default in-service year of a projects.csv row by the rule written in
 * DESIGN.md ("Plan arithmetic"): under construction in 2024 -> 2025,
 * proposed 2025 -> 2025, proposed 2026-2030 -> 2030. */
int         pt_due_year      (GHashTable *row);
/* Treated wastewater of a county in 2023 from the CSVs: use / rate, with
 * history.csv's more precise rate where it gives one for the same use. */
double      pt_treated_2023  (const char *adcode);

G_END_DECLS
