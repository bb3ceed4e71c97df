/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Appendix tables 1 and 2, written through GDAL and read back the same way. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <cpl_conv.h>
#include <sqlite3.h>

#include "ra-core.h"
#include "ra-store.h"
#include "ra-tables.h"
#include "store-test-util.h"

typedef struct {
  char   *label;     /* column 1 (name / area) */
  char   *no;        /* column 0 */
  double *values;
  int     n;
} Row;

static void
row_free (Row *row)
{
  g_free (row->label);
  g_free (row->no);
  g_free (row->values);
  g_free (row);
}

/* Reads a written table back through OGR (every cell as text, parsed). */
static GPtrArray *
read_back (const char *path)
{
  const char *opts[] = { "HEADERS=FORCE", NULL };
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  GDALDatasetH ds;
  OGRLayerH layer;
  OGRFeatureH f;

  /* GDAL 3.6 takes the header switch as configuration options. */
  CPLSetConfigOption ("OGR_XLSX_HEADERS", "FORCE");
  CPLSetConfigOption ("OGR_ODS_HEADERS", "FORCE");
  ds = GDALOpenEx (path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL,
                   g_str_has_suffix (path, ".csv") ? NULL : opts, NULL);
  g_assert_nonnull (ds);
  layer = GDALDatasetGetLayer (ds, 0);
  while ((f = OGR_L_GetNextFeature (layer)) != NULL)
    {
      Row *row = g_new0 (Row, 1);

      row->n = OGR_F_GetFieldCount (f);
      row->no = g_strdup (OGR_F_IsFieldSetAndNotNull (f, 0) ? OGR_F_GetFieldAsString (f, 0) : "");
      row->label = g_strdup (OGR_F_GetFieldAsString (f, 1));
      row->values = g_new (double, row->n);
      for (int i = 0; i < row->n; i++)
        {
          const char *s = OGR_F_IsFieldSetAndNotNull (f, i) ? OGR_F_GetFieldAsString (f, i) : "";
          char *end = NULL;
          double v = g_ascii_strtod (s, &end);

          row->values[i] = (*s != '\0' && end != s && *end == '\0') ? v : NAN;
        }
      g_ptr_array_add (rows, row);
      OGR_F_Destroy (f);
    }
  GDALClose (ds);
  return rows;
}

/* Columns of appendix 2 in the plan's order. */
#define A2_INVESTMENT 4
#define A2_CAP_TOTAL 9

static void
check_appendix2 (const char *ext)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autofree char *out = st_tmp_path (ext);
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  static const double expect[][2] = { { 23912, 272 }, { 34844, 475 }, { 78589, 612 } };
  guint n_sub = 0, n_items = 0;
  Row *total;

  g_assert_true (ra_tables_write_appendix (store, 2, out, NULL, &error));
  g_assert_no_error (error);
  rows = read_back (out);
  /* 18 projects + 3 subtotals + 1 total */
  g_assert_cmpuint (rows->len, ==, 22);
  for (guint i = 0; i + 1 < rows->len; i++)
    {
      Row *r = g_ptr_array_index (rows, i);

      if (*r->no != '\0')
        {
          n_items++;
          continue;
        }
      g_assert_cmpuint (n_sub, <, 3);
      if (r->values[A2_INVESTMENT] != expect[n_sub][0] || r->values[A2_CAP_TOTAL] != expect[n_sub][1])
        g_error ("%s: subtotal %u (%s) is %g/%g, expected %g/%g", ext, n_sub, r->label,
                 r->values[A2_INVESTMENT], r->values[A2_CAP_TOTAL], expect[n_sub][0], expect[n_sub][1]);
      n_sub++;
    }
  g_assert_cmpuint (n_sub, ==, 3);
  g_assert_cmpuint (n_items, ==, 18);
  total = g_ptr_array_index (rows, rows->len - 1);
  g_assert_cmpfloat (total->values[A2_INVESTMENT], ==, 23912 + 34844 + 78589);
  g_assert_cmpfloat (total->values[A2_CAP_TOTAL], ==, 272 + 475 + 612);
  /* First row is P01, batch 2024 under construction. */
  g_assert_cmpstr (((Row *) g_ptr_array_index (rows, 0))->label, ==,
                   "临泽县梨园河水质提升与水量保障再生水利用工程");
  g_assert_nonnull (strstr (((Row *) g_ptr_array_index (rows, 4))->label, "2024"));
  g_assert_nonnull (strstr (((Row *) g_ptr_array_index (rows, 4))->label, "under construction"));
}

static void
test_appendix2_csv (void)
{
  check_appendix2 (".csv");
}

static void
test_appendix2_xlsx (void)
{
  check_appendix2 (".xlsx");
}

static void
test_appendix2_ods (void)
{
  check_appendix2 (".ods");
}

/* The subtotals follow edits (cap_total is derived, never stored). */
static void
test_appendix2_follows_edits (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) projects = ra_store_list_projects (store, NULL);
  g_autoptr(RaTable) table = NULL;
  RaProjectRecord *p1 = g_ptr_array_index (projects, 0);
  GValue v = G_VALUE_INIT;

  g_value_init (&v, G_TYPE_STRING);
  g_value_set_string (&v, "26");
  g_assert_true (ra_store_update_project (store, p1->id, "cap_ecological", &v, &error));
  g_assert_no_error (error);
  g_value_unset (&v);
  table = ra_tables_build_appendix (store, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (((RaTableRow *) g_ptr_array_index (table->rows, 4))->values[A2_CAP_TOTAL], ==, 282);
  g_assert_cmpint (((RaTableRow *) g_ptr_array_index (table->rows, 4))->kind, ==, RA_TABLE_ROW_SUBTOTAL);
}

/* targets.csv read with GDAL, independently of the store. */
static GHashTable *
source_city_row (void)
{
  g_autofree char *csv = g_build_filename (g_getenv ("RA_DATADIR"), "samples", "zhangye", "targets.csv", NULL);
  GHashTable *sums = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GDALDatasetH ds = GDALOpenEx (csv, GDAL_OF_VECTOR, NULL, NULL, NULL);
  OGRLayerH layer = GDALDatasetGetLayer (ds, 0);
  OGRFeatureH f;

  while ((f = OGR_L_GetNextFeature (layer)) != NULL)
    {
      const char *adcode = OGR_F_GetFieldAsString (f, OGR_F_GetFieldIndex (f, "adcode"));
      g_autofree char *key = g_strdup_printf ("%s/%s/%s", g_str_equal (adcode, "620700") ? "city" : "county",
                                              OGR_F_GetFieldAsString (f, OGR_F_GetFieldIndex (f, "year")),
                                              "reclaimed_use");
      double *sum = g_hash_table_lookup (sums, key);

      if (sum == NULL)
        {
          sum = g_new0 (double, 1);
          g_hash_table_insert (sums, g_steal_pointer (&key), sum);
        }
      *sum += g_ascii_strtod (OGR_F_GetFieldAsString (f, OGR_F_GetFieldIndex (f, "reclaimed_use")), NULL);
      OGR_F_Destroy (f);
    }
  GDALClose (ds);
  return sums;
}

static void
check_appendix1 (const char *ext)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autofree char *out = st_tmp_path (ext);
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GHashTable) source = source_city_row ();
  Row *city;

  g_assert_true (ra_tables_write_appendix (store, 1, out, &findings, &error));
  g_assert_no_error (error);
  /* targets.csv's city row equals the sum of its counties: no finding. */
  g_assert_cmpuint (findings->len, ==, 0);
  rows = read_back (out);
  g_assert_cmpuint (rows->len, ==, 7);
  city = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (city->label, ==, "620700");
  for (int c = 2; c < city->n; c++)
    {
      double sum = NAN;

      if ((c - 2) % 4 == 3)
        continue;   /* rates are not sums */
      for (guint r = 1; r < rows->len; r++)
        {
          double v = ((Row *) g_ptr_array_index (rows, r))->values[c];

          if (!isnan (v))
            sum = isnan (sum) ? v : sum + v;
        }
      g_assert_cmpfloat (city->values[c], ==, sum);
    }
  /* ...and it matches the source's own city row. */
  g_assert_cmpfloat (city->values[3], ==, *(double *) g_hash_table_lookup (source, "city/2023/reclaimed_use"));
  g_assert_cmpfloat (city->values[3], ==, *(double *) g_hash_table_lookup (source, "county/2023/reclaimed_use"));
  g_assert_cmpfloat (city->values[7], ==, 3213);
  g_assert_cmpfloat (city->values[11], ==, 3710);
  g_assert_cmpfloat (city->values[12], ==, 120);    /* 2030 mine water: 30 + 90 */
  g_assert_cmpfloat (city->values[13], ==, 65);     /* the city's own rate */
}

static void
test_appendix1_csv (void)
{
  check_appendix1 (".csv");
}

static void
test_appendix1_xlsx (void)
{
  check_appendix1 (".xlsx");
}

static void
test_appendix1_ods (void)
{
  check_appendix1 (".ods");
}

/* A city row that disagrees with its counties is reported, and the sum wins. */
static void
test_appendix1_finding (void)
{
  ST_FILE_ONLY ("it edits the file with SQLite");
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RaTable) table = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE indicators SET reclaimed_use = 2600"
                                     " WHERE adcode = '620700' AND year = 2023 AND origin = 'targets'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  store = st_open (path);
  table = ra_tables_build_appendix (store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (table->findings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (table->findings, 0), "2600"));
  g_assert_nonnull (strstr (g_ptr_array_index (table->findings, 0), "2520"));
  g_assert_cmpfloat (((RaTableRow *) g_ptr_array_index (table->rows, 0))->values[3], ==, 2520);
}

static void
test_bad_arguments (void)
{
  g_autofree char *path = st_copy_sample ("zhangye");
  g_autoptr(RaStore) store = st_open (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = st_tmp_path (".pdf");

  g_assert_false (ra_tables_write_appendix (store, 3, out, NULL, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (ra_tables_write_appendix (store, 2, out, NULL, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_EXPORT);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();

  g_test_add_func ("/store/tables/appendix2/csv", test_appendix2_csv);
  g_test_add_func ("/store/tables/appendix2/xlsx", test_appendix2_xlsx);
  g_test_add_func ("/store/tables/appendix2/ods", test_appendix2_ods);
  g_test_add_func ("/store/tables/appendix2/follows-edits", test_appendix2_follows_edits);
  g_test_add_func ("/store/tables/appendix1/csv", test_appendix1_csv);
  g_test_add_func ("/store/tables/appendix1/xlsx", test_appendix1_xlsx);
  g_test_add_func ("/store/tables/appendix1/ods", test_appendix1_ods);
  g_test_add_func ("/store/tables/appendix1/finding", test_appendix1_finding);
  g_test_add_func ("/store/tables/bad-arguments", test_bad_arguments);
  return g_test_run ();
}
