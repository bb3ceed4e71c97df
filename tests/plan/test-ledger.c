/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The facility ledger (台账): reading CSV, XLSX and ODS alike, units,
 * every validation failure named and nothing kept, import + undo + reopen,
 * the chart in PNG, PDF and SVG, the sample's year totals by hand and the
 * `ledger` command. */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gdal.h>
#include <gdal_utils.h>
#include <cairo.h>

#include "plan-test-util.h"
#include "ra-cli-ledger.h"
#include "ra-ledger.h"
#include "ra-store-water.h"

#define PLANT_GANZHOU 1
#define PLANT_MINLE 3

static const char *ledger_header =
  "月份,设施,进水量(万m3),处理量(万m3),工业回用量(万m3),农业回用量(万m3),"
  "生态回用量(万m3),城市杂用回用量(万m3),外排量(万m3),回用去向,水质\n";

static gint64
resolve (const char *name, gpointer data)
{
  if (g_strcmp0 (name, "甘州区污水处理厂") == 0)
    return PLANT_GANZHOU;
  if (g_strcmp0 (name, "民乐县污水处理厂") == 0)
    return PLANT_MINLE;
  return 0;
}

static void
options (RaLedgerReadOptions *opts)
{
  ra_ledger_read_options_init (opts);
  opts->today_year = 2025;
  opts->today_month = 6;
}

static char *
write_file (const char *name, const char *text)
{
  char *path = g_build_filename (pt_tmpdir (), name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static char *
sample_ledger_path (void)
{
  return g_build_filename (g_getenv ("RA_DATADIR"), "samples", "zhangye", "ledger_2024.csv", NULL);
}

/* A copy of the sample's CSV through GDAL into driver's format, the
 * numbers typed (as a spreadsheet holds them). */
static char *
convert (const char *csv, const char *driver, const char *ext)
{
  g_autofree char *base = g_path_get_basename (csv);
  g_autofree char *name = g_strdup_printf ("%.*s.%s", (int) (strrchr (base, '.') - base), base, ext);
  char *out = g_build_filename (pt_tmpdir (), name, NULL);
  const char *open_options[] = { "AUTODETECT_TYPE=YES", NULL };
  char *args[] = { (char *) "-f", (char *) driver, (char *) "-nln", (char *) "ledger", NULL };
  GDALDatasetH src, dst;
  GDALVectorTranslateOptions *topts;
  int usage_error = 0;

  g_unlink (out);
  GDALAllRegister ();
  src = GDALOpenEx (csv, GDAL_OF_VECTOR, NULL, open_options, NULL);
  g_assert_nonnull (src);
  topts = GDALVectorTranslateOptionsNew (args, NULL);
  dst = GDALVectorTranslate (out, NULL, 1, &src, topts, &usage_error);
  g_assert_nonnull (dst);
  GDALClose (dst);
  GDALVectorTranslateOptionsFree (topts);
  GDALClose (src);
  return out;
}

static GPtrArray *
read_ok (const char *path, GPtrArray **report)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = NULL;
  RaLedgerReadOptions opts;

  options (&opts);
  g_assert_true (ra_ledger_read (path, &opts, resolve, NULL, &rows, report, &error));
  g_assert_no_error (error);
  return rows;
}

static void
assert_same_rows (GPtrArray *a, GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      const RaLedgerRecord *x = g_ptr_array_index (a, i), *y = g_ptr_array_index (b, i);

      g_assert_cmpint (x->plant_id, ==, y->plant_id);
      g_assert_cmpstr (x->month, ==, y->month);
      g_assert_cmpfloat_with_epsilon (x->inflow, y->inflow, 1e-9);
      g_assert_cmpfloat_with_epsilon (x->treated, y->treated, 1e-9);
      for (guint u = 0; u < 4; u++)
        g_assert_cmpfloat_with_epsilon (x->reused[u], y->reused[u], 1e-9);
      g_assert_cmpfloat_with_epsilon (x->discharged, y->discharged, 1e-9);
      g_assert_cmpstr (x->destination, ==, y->destination);
      g_assert_cmpstr (x->quality, ==, y->quality);
    }
}

static guint
count_level (GPtrArray *report, RaLedgerIssueLevel level)
{
  guint n = 0;

  for (guint i = 0; report != NULL && i < report->len; i++)
    if (((RaLedgerIssue *) g_ptr_array_index (report, i))->level == level)
      n++;
  return n;
}

/* ---- reading ----------------------------------------------------------- */

static void
test_formats_identical (void)
{
  g_autofree char *csv = sample_ledger_path ();
  g_autofree char *xlsx = convert (csv, "XLSX", "xlsx");
  g_autofree char *ods = convert (csv, "ODS", "ods");
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GPtrArray) from_csv = read_ok (csv, &report);
  g_autoptr(GPtrArray) from_xlsx = read_ok (xlsx, NULL);
  g_autoptr(GPtrArray) from_ods = read_ok (ods, NULL);
  const RaLedgerRecord *march;

  g_assert_cmpuint (from_csv->len, ==, 12);
  g_assert_cmpuint (count_level (report, RA_LEDGER_ISSUE_ERROR), ==, 0);
  g_assert_cmpuint (count_level (report, RA_LEDGER_ISSUE_WARNING), ==, 0);
  assert_same_rows (from_csv, from_xlsx);
  assert_same_rows (from_csv, from_ods);

  /* 2024-03 as the CSV has it. */
  march = g_ptr_array_index (from_csv, 2);
  g_assert_cmpstr (march->month, ==, "2024-03");
  g_assert_cmpint (march->plant_id, ==, PLANT_GANZHOU);
  g_assert_cmpfloat_with_epsilon (march->inflow, 243.3, 1e-9);
  g_assert_cmpfloat_with_epsilon (march->treated, 240.2, 1e-9);
  g_assert_cmpfloat_with_epsilon (march->reused[RA_PLAN_USE_ECOLOGICAL], 62.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (march->discharged, 147.2, 1e-9);
  g_assert_cmpstr (march->source_file, ==, "ledger_2024.csv");
  g_assert_nonnull (strstr (march->destination, "张掖国家湿地公园"));
}

static void
test_units_and_english (void)
{
  /* The same month in m3 with English headers and another month form. */
  g_autofree char *wan = write_file ("wan.csv", "month,plant,inflow (10^4 m3),treated (万m3),"
                                     "industry,agriculture,ecological,urban_nonpotable,"
                                     "discharged (10^4 m3),destination,quality\n"
                                     "2024-03,甘州区污水处理厂,243.3,240.2,27,0,62,4,147.2,电厂,一级A\n");
  g_autofree char *m3 = write_file ("m3.csv", "月份,facility,进水量(m3),处理量（立方米）,"
                                    "reused_industry (m3),reused_agriculture (m3),reused_ecological (m3),"
                                    "reused_urban_nonpotable (m3),外排量 m3,回用去向,水质\n"
                                    "2024年3月,甘州区污水处理厂,\"2,433,000\",2402000,270000,0,620000,40000,1472000,电厂,一级A\n");
  g_autofree char *excel = write_file ("serial.csv", "月份,设施,进水量(万立方米),处理量(万立方米),工业(万立方米),"
                                       "农业(万立方米),生态(万立方米),城市杂用(万立方米),外排量(万立方米)\n"
                                       "45352,甘州区污水处理厂,243.3,240.2,27,0,62,4,147.2\n");
  g_autoptr(GPtrArray) a = read_ok (wan, NULL);
  g_autoptr(GPtrArray) b = read_ok (m3, NULL);
  g_autoptr(GPtrArray) c = read_ok (excel, NULL);
  const RaLedgerRecord *ra = g_ptr_array_index (a, 0);
  const RaLedgerRecord *rb = g_ptr_array_index (b, 0);
  const RaLedgerRecord *rc = g_ptr_array_index (c, 0);

  g_assert_cmpstr (ra->month, ==, "2024-03");
  g_assert_cmpstr (rb->month, ==, "2024-03");
  g_assert_cmpstr (rc->month, ==, "2024-03");
  g_assert_cmpfloat_with_epsilon (rb->inflow, ra->inflow, 1e-9);
  g_assert_cmpfloat_with_epsilon (rb->treated, ra->treated, 1e-9);
  g_assert_cmpfloat_with_epsilon (rb->discharged, ra->discharged, 1e-9);
  g_assert_cmpfloat_with_epsilon (rc->treated, ra->treated, 1e-9);
  for (guint u = 0; u < 4; u++)
    {
      g_assert_cmpfloat_with_epsilon (rb->reused[u], ra->reused[u], 1e-9);
      g_assert_cmpfloat_with_epsilon (rc->reused[u], ra->reused[u], 1e-9);
    }
}

static void
test_month_forms (void)
{
  static const struct { const char *text; int year, month; } good[] = {
    { "2024-03", 2024, 3 }, { "2024/3", 2024, 3 }, { "2024/03/01", 2024, 3 },
    { "2024/03/01 00:00:00", 2024, 3 }, { "2024-03-01T00:00:00", 2024, 3 },
    { "2024年3月", 2024, 3 }, { "2024年12月份", 2024, 12 }, { "2024年3月1日", 2024, 3 },
    { "45352", 2024, 3 }, { "45657", 2024, 12 }, { "202403", 2024, 3 }, { " 2024.3 ", 2024, 3 },
  };
  static const char * const bad[] = {
    "", "March", "2024", "2024-13", "2024-00", "24-03", "2024-3x", "3/2024", "2024年13月", "12.5",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      int y = 0, m = 0;

      g_assert_true (ra_ledger_parse_month (good[i].text, &y, &m));
      g_assert_cmpint (y, ==, good[i].year);
      g_assert_cmpint (m, ==, good[i].month);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      int y, m;

      g_assert_false (ra_ledger_parse_month (bad[i], &y, &m));
    }
}

/* Each failure: FALSE, no rows, and a report line naming file, row, field. */
static void
test_validation (void)
{
  static const struct {
    const char *row;
    const char *expect;     /* in the report line */
  } cases[] = {
    { "2024-01,甘州区污水处理厂,236.8,abc,26.5,0,42,2,163.5,,", "row 2, 处理量(万m3): not a number (“abc”)" },
    { "2024-01,甘州区污水处理厂,236.8,234,-1,0,42,2,163.5,,", "row 2, 工业回用量(万m3): a volume cannot be negative" },
    { "2024-01,甘州区污水处理厂,200,234,26.5,0,42,2,163.5,,", "row 2, 处理量(万m3): treated 234.00 exceeds the inflow 200.00" },
    { "2024-01,甘州区污水处理厂,236.8,234,26.5,0,42,2,100,,", "row 2, 外排量(万m3): reused 70.50 + discharged 100.00 = 170.50, but treated is 234.00" },
    { "2024-13,甘州区污水处理厂,236.8,234,26.5,0,42,2,163.5,,", "row 2, 月份: not a month (“2024-13”" },
    { "2025-07,甘州区污水处理厂,236.8,234,26.5,0,42,2,163.5,,", "row 2, 月份: 2025-07 is in the future" },
    { "2024-01,某某污水处理厂,236.8,234,26.5,0,42,2,163.5,,", "row 2, 设施: unknown facility “某某污水处理厂”" },
    { "2024-01,甘州区污水处理厂,236.8,,26.5,0,42,2,163.5,,", "row 2, 处理量(万m3): no treated volume given" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      /* A good row first: all or nothing keeps it out too. */
      g_autofree char *text = g_strdup_printf ("%s%s\n%s\n", ledger_header, cases[i].row,
                                               "2024-02,甘州区污水处理厂,218.5,216.1,25,0,40,2,149.1,,");
      g_autofree char *name = g_strdup_printf ("bad-%u.csv", i);
      g_autofree char *path = write_file (name, text);
      g_autoptr(GPtrArray) rows = NULL;
      g_autoptr(GPtrArray) report = NULL;
      g_autoptr(GError) error = NULL;
      RaLedgerReadOptions opts;
      gboolean found = FALSE;

      options (&opts);
      g_assert_false (ra_ledger_read (path, &opts, resolve, NULL, &rows, &report, &error));
      g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_IMPORT);
      g_assert_null (rows);
      g_assert_nonnull (strstr (error->message, name));
      g_assert_nonnull (strstr (error->message, "nothing imported"));
      for (guint k = 0; k < report->len; k++)
        g_test_message ("%s", ((RaLedgerIssue *) g_ptr_array_index (report, k))->message);
      g_assert_cmpuint (count_level (report, RA_LEDGER_ISSUE_ERROR), ==, 1);
      for (guint k = 0; k < report->len; k++)
        {
          const RaLedgerIssue *issue = g_ptr_array_index (report, k);

          if (issue->level != RA_LEDGER_ISSUE_ERROR)
            continue;
          g_assert_true (g_str_has_prefix (issue->message, path));
          g_assert_cmpuint (issue->row, ==, 2);
          g_assert_nonnull (issue->field);
          if (strstr (issue->message, cases[i].expect) != NULL)
            found = TRUE;
          else
            g_test_message ("got: %s", issue->message);
        }
      g_assert_true (found);
    }
}

static void
test_duplicates_and_columns (void)
{
  g_autofree char *dup = write_file ("dup.csv", "月份,设施,处理量(万m3)\n"
                                     "2024-01,甘州区污水处理厂,234\n"
                                     "2024/1,甘州区污水处理厂,230\n"
                                     "2024-01,民乐县污水处理厂,40\n");
  g_autofree char *nomonth = write_file ("nomonth.csv", "设施,处理量(万m3)\n甘州区污水处理厂,234\n");
  g_autofree char *total = write_file ("total.csv", "月份,设施,处理量(万m3),回用量(万m3)\n2024-01,甘州区污水处理厂,234,70\n");
  g_autofree char *noplant = write_file ("noplant.csv", "月份,处理量(万m3)\n2024-01,234\n");
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GError) error = NULL;
  RaLedgerReadOptions opts;

  options (&opts);
  g_assert_false (ra_ledger_read (dup, &opts, resolve, NULL, &rows, &report, &error));
  g_assert_nonnull (strstr (error->message, "row 3, 月份: 2024-01 repeats row 2"));
  g_assert_null (rows);
  g_clear_error (&error);
  g_clear_pointer (&report, g_ptr_array_unref);

  g_assert_false (ra_ledger_read (nomonth, &opts, resolve, NULL, &rows, &report, &error));
  g_assert_nonnull (strstr (error->message, "no column for the month"));
  g_clear_error (&error);
  g_clear_pointer (&report, g_ptr_array_unref);

  g_assert_false (ra_ledger_read (total, &opts, resolve, NULL, &rows, &report, &error));
  g_assert_nonnull (strstr (error->message, "not split by use"));
  g_clear_error (&error);
  g_clear_pointer (&report, g_ptr_array_unref);

  /* Without a facility column: refused, unless a plant is chosen. */
  g_assert_false (ra_ledger_read (noplant, &opts, resolve, NULL, &rows, &report, &error));
  g_clear_error (&error);
  g_clear_pointer (&report, g_ptr_array_unref);
  opts.default_plant_id = PLANT_MINLE;
  g_assert_true (ra_ledger_read (noplant, &opts, resolve, NULL, &rows, &report, &error));
  g_assert_cmpint (((RaLedgerRecord *) g_ptr_array_index (rows, 0))->plant_id, ==, PLANT_MINLE);
}

/* Off within the tolerance: kept, with a warning; the tolerance is an option. */
static void
test_tolerance_warning (void)
{
  g_autofree char *text = g_strdup_printf ("%s%s\n", ledger_header,
                                           /* 70.5 + 155 = 225.5 vs 234: 3.6 % off */
                                           "2024-01,甘州区污水处理厂,236.8,234,26.5,0,42,2,155,,");
  g_autofree char *path = write_file ("warn.csv", text);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GError) error = NULL;
  RaLedgerReadOptions opts;

  options (&opts);
  g_assert_true (ra_ledger_read (path, &opts, resolve, NULL, &rows, &report, &error));
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpuint (count_level (report, RA_LEDGER_ISSUE_WARNING), ==, 1);
  g_assert_nonnull (strstr (((RaLedgerIssue *) g_ptr_array_index (report, 0))->message,
                            "row 2, 外排量(万m3): warning: reused 70.50 + discharged 155.00"));
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_clear_pointer (&report, g_ptr_array_unref);

  opts.balance_tolerance = 0.02;
  g_assert_false (ra_ledger_read (path, &opts, resolve, NULL, &rows, &report, &error));
  g_assert_nonnull (strstr (error->message, "tolerance 2.0 %"));
}

/* ---- totals ------------------------------------------------------------ */

/* The sample's year, summed by hand from data/samples/zhangye/ledger_2024.csv. */
static void
test_sample_totals (void)
{
  g_autofree char *csv = sample_ledger_path ();
  g_autoptr(GPtrArray) rows = read_ok (csv, NULL);
  RaLedgerTotals t;

  ra_ledger_year_totals (rows, PLANT_GANZHOU, 2024, &t);
  g_assert_cmpuint (t.n_months, ==, 12);
  g_assert_cmpfloat_with_epsilon (t.inflow, 2982.7, 1e-6);
  g_assert_cmpfloat_with_epsilon (t.treated, 2941.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (t.reused[RA_PLAN_USE_INDUSTRY], 332.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (t.reused[RA_PLAN_USE_AGRICULTURE], 60.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (t.reused[RA_PLAN_USE_ECOLOGICAL], 930.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (t.reused[RA_PLAN_USE_URBAN_NONPOTABLE], 120.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (t.reused_total, 1442.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (t.discharged, 1499.0, 1e-6);

  ra_ledger_year_totals (rows, PLANT_GANZHOU, 2023, &t);
  g_assert_cmpuint (t.n_months, ==, 0);
  g_assert_true (isnan (t.treated));
  g_assert_cmpint (ra_ledger_latest_year (rows, PLANT_GANZHOU), ==, 2024);
  g_assert_cmpint (ra_ledger_latest_year (rows, PLANT_MINLE), ==, 0);
}

/* ---- the chart --------------------------------------------------------- */

static void
test_chart_png_svg_pdf (void)
{
  g_autofree char *csv = sample_ledger_path ();
  g_autoptr(GPtrArray) rows = read_ok (csv, NULL);
  g_autofree char *png = g_build_filename (pt_tmpdir (), "chart.png", NULL);
  g_autofree char *svg = g_build_filename (pt_tmpdir (), "chart.svg", NULL);
  g_autofree char *pdf = g_build_filename (pt_tmpdir (), "chart.pdf", NULL);
  g_autofree char *svg_text = NULL;
  g_autoptr(GError) error = NULL;
  RaLedgerChartData data;
  cairo_surface_t *image;
  guint n_coloured = 0;

  ra_ledger_chart_data_from_rows (rows, PLANT_GANZHOU, "甘州区污水处理厂", 2024, &data);
  g_assert_true (data.months[6].present);
  g_assert_cmpfloat_with_epsilon (data.months[6].treated, 265.1, 1e-9);

  g_assert_true (ra_ledger_chart_write (&data, png, 900, 560, &error));
  g_assert_no_error (error);
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 900);
  {
    const unsigned char *px = cairo_image_surface_get_data (image);
    int stride = cairo_image_surface_get_stride (image);

    /* The ecological share's teal is drawn in the bars. */
    for (int y = 0; y < 560; y++)
      for (int x = 0; x < 900; x++)
        {
          guint32 v = *(const guint32 *) (px + y * stride + 4 * x);
          int r = (v >> 16) & 0xff, g = (v >> 8) & 0xff, b = v & 0xff;

          if (abs (r - 44) < 6 && abs (g - 165) < 6 && abs (b - 141) < 6)
            n_coloured++;
        }
  }
  cairo_surface_destroy (image);
  g_assert_cmpuint (n_coloured, >, 2000);

  g_assert_true (ra_ledger_chart_write (&data, svg, 900, 560, &error));
  g_assert_true (g_file_get_contents (svg, &svg_text, NULL, NULL));
  g_assert_nonnull (strstr (svg_text, "<title>甘州区污水处理厂"));
  g_assert_nonnull (strstr (svg_text, "2024"));
  g_assert_nonnull (strstr (svg_text, "Jan"));
  g_assert_nonnull (strstr (svg_text, "Dec"));
  g_assert_nonnull (strstr (svg_text, "<use"));   /* glyphs drawn */
  g_assert_nonnull (strstr (svg_text, "rgb(17.3%,64.7%,55.3%)"));

  g_assert_true (ra_ledger_chart_write (&data, pdf, 900, 560, &error));
  {
    g_autofree char *out = NULL;
    const char *argv[] = { "pdftotext", pdf, "-", NULL };

    if (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, &out, NULL, NULL, NULL))
      {
        g_assert_nonnull (strstr (out, "甘州区污水处理厂"));
        g_assert_nonnull (strstr (out, "Jun"));
        g_assert_nonnull (strstr (out, "2941"));   /* the year's treated total */
      }
  }

  g_assert_false (ra_ledger_chart_write (&data, "/tmp/x.bmp", 900, 560, &error));
  g_assert_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT);
}

/* ---- the project ------------------------------------------------------- */

static gint64
sample_plant (RaStore *store, const char *name)
{
  g_autoptr(RaLedgerPlants) plants = ra_ledger_plants_new_from_store (store, NULL);

  g_assert_nonnull (plants);
  return ra_ledger_plants_resolve (name, plants);
}

/* The sample stores its ledger as the reader reads the CSV. */
static void
test_sample_stored (void)
{
  g_autoptr(RaStore) store = pt_open_sample ("zhangye");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stored = ra_store_list_ledger (store, 0, &error);
  g_autofree char *csv = sample_ledger_path ();
  g_autoptr(GPtrArray) read = read_ok (csv, NULL);
  gint64 ganzhou = sample_plant (store, "甘州区污水处理厂");

  g_assert_no_error (error);
  g_assert_cmpint (ganzhou, ==, PLANT_GANZHOU);
  assert_same_rows (stored, read);
  g_assert_cmpstr (((RaLedgerRecord *) g_ptr_array_index (stored, 0))->source_file, ==, "ledger_2024.csv");
  /* Part of the sample, not an edit to undo. */
  g_assert_false (ra_store_can_undo (store));
}

static void
test_import_undo_reopen (void)
{
  g_autofree char *project = pt_sample_copy ("zhangye");
  g_autofree char *good = write_file ("minle_2024.csv",
                                      "月份,设施,进水量(m3),处理量(m3),工业回用量(m3),农业回用量(m3),"
                                      "生态回用量(m3),城市杂用回用量(m3),外排量(m3),回用去向,水质\n"
                                      "2024-01,民乐县污水处理厂,420000,410000,0,0,150000,10000,250000,湿地,一级A\n"
                                      "2024-02,民乐县污水处理厂,400000,395000,0,0,140000,10000,245000,湿地,一级A\n");
  g_autofree char *bad = write_file ("minle_bad.csv",
                                     "月份,设施,处理量(m3),外排量(m3),生态回用量(m3)\n"
                                     "2024-03,民乐县污水处理厂,400000,245000,140000\n"
                                     "2024-04,民乐县污水处理厂,400000,-1,140000\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autofree char *label = NULL;
  RaStore *store;
  RaLedgerReadOptions opts;
  gint64 minle;
  guint n = 0;
  gboolean audited = FALSE;

  options (&opts);
  store = ra_store_open (project, RA_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  minle = sample_plant (store, "民乐县污水处理厂");
  g_assert_cmpint (minle, >, 0);

  /* Refused: nothing stored, nothing to undo. */
  g_assert_false (ra_ledger_import (store, bad, &opts, &n, &report, &error));
  g_assert_error (error, RA_STORE_ERROR, RA_STORE_ERROR_IMPORT);
  g_assert_nonnull (strstr (error->message, "row 3, 外排量(m3)"));
  g_clear_error (&error);
  g_assert_cmpint (ra_store_count_rows (store, "ledger", NULL), ==, 12);
  g_assert_false (ra_store_can_undo (store));

  g_assert_true (ra_ledger_import (store, good, &opts, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  rows = ra_store_list_ledger (store, minle, &error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpfloat_with_epsilon (((RaLedgerRecord *) g_ptr_array_index (rows, 0))->treated, 41.0, 1e-9);
  g_assert_cmpstr (((RaLedgerRecord *) g_ptr_array_index (rows, 0))->source_file, ==, "minle_2024.csv");
  audit = ra_store_list_audit (store, "ledger", 0, &error);
  for (guint i = 0; i < audit->len; i++)
    {
      const RaAuditRecord *a = g_ptr_array_index (audit, i);

      if (a->after_json != NULL && strstr (a->after_json, "minle_2024.csv") != NULL)
        audited = TRUE;
    }
  g_assert_true (audited);
  label = ra_store_dup_undo_label (store);
  g_assert_nonnull (strstr (label, "minle_2024.csv"));

  /* One undo step takes both rows away, and it stays so after reopening. */
  g_assert_true (ra_store_undo (store, &error));
  g_assert_cmpint (ra_store_count_rows (store, "ledger", NULL), ==, 12);
  g_clear_object (&store);
  store = ra_store_open (project, RA_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ra_store_count_rows (store, "ledger", NULL), ==, 12);
  g_assert_true (ra_store_can_redo (store));
  g_assert_true (ra_store_redo (store, &error));
  g_assert_cmpint (ra_store_count_rows (store, "ledger", NULL), ==, 14);
  g_clear_object (&store);
}

/* ---- the command ------------------------------------------------------- */

static int
run_ledger (const char * const *args)
{
  char *argv[12] = { (char *) "reclaim-atlas-cli ledger" };
  int argc = 1;

  for (; args[argc - 1] != NULL && argc < 11; argc++)
    argv[argc] = (char *) args[argc - 1];
  return ra_cli_cmd_ledger (argc, argv);
}

/* Made once in the parent; the subprocesses find them by the environment. */
static const char *project_for_cli;

static void
test_cli_json (void)
{
  if (g_test_subprocess ())
    exit (run_ledger ((const char *[]) { project_for_cli, "--json", NULL }));
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*\"name\": \"甘州区污水处理厂\"*\"year\": 2024, \"months\": 12, \"inflow\": 2982.7, \"treated\": 2941,*"
                             "\"ecological\": 930,*\"reused_total\": 1442, \"discharged\": 1499*\"month\": \"2024-12\"*");
}

static void
test_cli_chart (void)
{
  g_autofree char *dir = g_path_get_dirname (project_for_cli);
  g_autofree char *png = g_build_filename (dir, "cli-chart.png", NULL);

  if (g_test_subprocess ())
    exit (run_ledger ((const char *[]) { project_for_cli, "--chart", png, "--plant", "甘州区污水处理厂",
                                         "--year", "2024", NULL }));
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("");
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
}

static void
test_cli_unknown_plant (void)
{
  if (g_test_subprocess ())
    exit (run_ledger ((const char *[]) { project_for_cli, "--chart", "/tmp/never.png", "--plant", "无名厂", NULL }));
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*no plant “无名厂”*");
}

static void
test_cli_import_refused (void)
{
  g_autofree char *dir = g_path_get_dirname (project_for_cli);
  g_autofree char *bad = g_build_filename (dir, "cli-bad.csv", NULL);

  if (g_test_subprocess ())
    exit (run_ledger ((const char *[]) { project_for_cli, "--import", bad, NULL }));
  g_assert_true (g_file_set_contents (bad, "月份,设施,处理量(万m3)\n2024-05,无名厂,12\n", -1, NULL));
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout ("*cli-bad.csv: row 2, 设施: unknown facility “无名厂”*");
  g_test_trap_assert_stderr ("reclaim-atlas-cli: *cli-bad.csv: 1 problem in the ledger, nothing imported: *\n");
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();
  /* Built once in the parent; the subprocesses reuse the path. */
  project_for_cli = g_getenv ("RA_LEDGER_TEST_PROJECT");
  if (project_for_cli == NULL)
    {
      char *copy = pt_sample_copy ("zhangye");

      g_setenv ("RA_LEDGER_TEST_PROJECT", copy, TRUE);
      project_for_cli = copy;
    }

  g_test_add_func ("/ledger/read/csv-xlsx-ods-identical", test_formats_identical);
  g_test_add_func ("/ledger/read/units-and-english", test_units_and_english);
  g_test_add_func ("/ledger/read/month-forms", test_month_forms);
  g_test_add_func ("/ledger/validate/each-failure-named", test_validation);
  g_test_add_func ("/ledger/validate/duplicates-and-columns", test_duplicates_and_columns);
  g_test_add_func ("/ledger/validate/tolerance-warning", test_tolerance_warning);
  g_test_add_func ("/ledger/totals/sample-by-hand", test_sample_totals);
  g_test_add_func ("/ledger/chart/png-svg-pdf", test_chart_png_svg_pdf);
  g_test_add_func ("/ledger/store/sample-stored", test_sample_stored);
  g_test_add_func ("/ledger/store/import-undo-reopen", test_import_undo_reopen);
  g_test_add_func ("/ledger/cli/json", test_cli_json);
  g_test_add_func ("/ledger/cli/chart", test_cli_chart);
  g_test_add_func ("/ledger/cli/unknown-plant", test_cli_unknown_plant);
  g_test_add_func ("/ledger/cli/import-refused", test_cli_import_refused);
  return g_test_run ();
}
