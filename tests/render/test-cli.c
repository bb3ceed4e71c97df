/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include <cairo.h>
#include "render-test-util.h"

typedef struct {
  int   status;
  char *out;
  char *err;
} CliResult;

static void
cli_result_clear (CliResult *r)
{
  g_free (r->out);
  g_free (r->err);
}

static void
run_cli (CliResult *r, const char *first, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  va_list ap;
  int wait_status = 0;

  g_ptr_array_add (argv, (gpointer) RA_CLI_PATH);
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  memset (r, 0, sizeof *r);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &r->out, &r->err, &wait_status, &error);
  g_assert_no_error (error);
  r->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; p && *p; p++)
    if (*p == '\n')
      n++;
  return n;
}

static void
test_cli_info (void)
{
  g_autofree char *sample = rt_sample_path ();
  CliResult r;

  run_cli (&r, "info", sample, NULL);
  g_test_message ("%s", r.out);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "甘州区"));
  g_assert_nonnull (strstr (r.out, "EPSG:4326"));
  g_assert_nonnull (strstr (r.out, "name_zh"));
  g_assert_nonnull (strstr (r.out, "polygon"));
  g_assert_nonnull (strstr (r.out, "Features: 6"));
  cli_result_clear (&r);
}

static void
test_cli_render (void)
{
  g_autofree char *sample = rt_sample_path ();
  g_autofree char *tmp = rt_tmp_dir ();
  /* The format by the extension, whatever its case. */
  const char *exts[] = { "png", "pdf", "svg", "Png", "PDF", "sVg" };
  const char *magic[] = { "\x89PNG", "%PDF", "<?xml", "\x89PNG", "%PDF", "<?xml" };

  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    {
      g_autofree char *name = g_strdup_printf ("map.%s", exts[i]);
      g_autofree char *out = g_build_filename (tmp, name, NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;
      CliResult r;

      run_cli (&r, "render", sample, "--out", out, "--size", "640x480", NULL);
      /* Warnings (the sample has invalid rings) are allowed, one line each. */
      g_assert_cmpint (r.status, ==, 0);
      {
        g_auto(GStrv) lines = g_strsplit (r.err, "\n", -1);
        for (guint l = 0; lines[l] && *lines[l]; l++)
          g_assert_true (g_str_has_prefix (lines[l], "reclaim-atlas-cli: "));
      }
      g_assert_true (g_file_get_contents (out, &contents, &len, NULL));
      g_assert_cmpuint (len, >, 1000);
      g_assert_true (memcmp (contents, magic[i], strlen (magic[i])) == 0);
      cli_result_clear (&r);
      g_unlink (out);
    }

  /* A PNG has the requested size. */
  {
    g_autofree char *out = g_build_filename (tmp, "sized.png", NULL);
    g_autoptr(cairo_surface_t) s = NULL;
    CliResult r;

    run_cli (&r, "render", sample, "--out", out, "--size", "320x200", "--crs", "EPSG:3857", NULL);
    g_assert_cmpint (r.status, ==, 0);
    s = cairo_image_surface_create_from_png (out);
    g_assert_cmpint (cairo_image_surface_get_width (s), ==, 320);
    g_assert_cmpint (cairo_image_surface_get_height (s), ==, 200);
    cli_result_clear (&r);
    g_unlink (out);
  }
  g_rmdir (tmp);
}

static void
check_one_line_error (CliResult *r, const char *must_name)
{
  g_test_message ("stderr: %s", r->err);
  g_assert_cmpint (r->status, !=, 0);
  g_assert_cmpuint (count_lines (r->err), ==, 1);
  g_assert_true (g_str_has_prefix (r->err, "reclaim-atlas-cli: "));
  g_assert_nonnull (strstr (r->err, must_name));
}

static void
test_cli_errors (void)
{
  g_autofree char *tmp = rt_tmp_dir ();
  g_autofree char *out = g_build_filename (tmp, "x.png", NULL);
  g_autofree char *junk = g_build_filename (tmp, "junk.geojson", NULL);
  g_autofree char *sample = rt_sample_path ();
  CliResult r;

  run_cli (&r, "info", "/nonexistent/missing-counties.shp", NULL);
  check_one_line_error (&r, "missing-counties.shp");
  cli_result_clear (&r);

  run_cli (&r, "render", "/nonexistent/missing-counties.shp", "--out", out, NULL);
  check_one_line_error (&r, "missing-counties.shp");
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  cli_result_clear (&r);

  g_assert_true (g_file_set_contents (junk, "{ \"type\": \"FeatureCollection\", \"features\": [", -1, NULL));
  run_cli (&r, "info", junk, NULL);
  check_one_line_error (&r, "junk.geojson");
  cli_result_clear (&r);

  run_cli (&r, "render", sample, "--out", "/nonexistent-dir/map.pdf", NULL);
  check_one_line_error (&r, "map.pdf");
  cli_result_clear (&r);

  run_cli (&r, "render", sample, "--out", "map.bmp", NULL);
  check_one_line_error (&r, "map.bmp");
  cli_result_clear (&r);

  run_cli (&r, "render", sample, "--out", out, "--size", "big", NULL);
  check_one_line_error (&r, "size");
  cli_result_clear (&r);

  run_cli (&r, "frobnicate", NULL);
  check_one_line_error (&r, "frobnicate");
  cli_result_clear (&r);

  g_unlink (junk);
  g_unlink (out);
  g_rmdir (tmp);
}

static void
test_cli_help (void)
{
  CliResult r;

  run_cli (&r, "render", "--help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "--out"));
  g_assert_nonnull (strstr (r.out, "--bbox"));
  cli_result_clear (&r);
}

/* render draws the DN and length along a project's pipelines where they
 * fit (甘州区's illustrative network seen from close by: its north-east
 * branch, DN700, 4.54 km, along its east-west stretch, which pdftotext
 * reads whole), and --no-pipe-labels leaves them out. */
static void
test_cli_render_pipe_labels (void)
{
  g_autofree char *tmp = rt_tmp_dir ();
  g_autofree char *project = g_build_filename (tmp, "zhangye.sqlite", NULL);
  g_autofree char *with = g_build_filename (tmp, "with.pdf", NULL);
  g_autofree char *without = g_build_filename (tmp, "without.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *text_without = NULL;
  CliResult r;

  run_cli (&r, "sample", "zhangye", project, NULL);
  g_assert_cmpint (r.status, ==, 0);
  cli_result_clear (&r);
  run_cli (&r, "render", project, "--out", with, "--size", "1200x800", "--crs", "EPSG:4490",
           "--bbox", "100.34,38.89,100.52,39.0", NULL);
  g_assert_cmpint (r.status, ==, 0);
  cli_result_clear (&r);
  run_cli (&r, "render", project, "--out", without, "--size", "1200x800", "--crs", "EPSG:4490",
           "--bbox", "100.34,38.89,100.52,39.0", "--no-pipe-labels", NULL);
  g_assert_cmpint (r.status, ==, 0);
  cli_result_clear (&r);
  if (!rt_run_tool ((const char *[]) { "pdftotext", with, "-", NULL }, &text) ||
      !rt_run_tool ((const char *[]) { "pdftotext", without, "-", NULL }, &text_without))
    return;
  g_assert_nonnull (strstr (text, "DN700 · 4.54 km"));
  g_assert_null (strstr (text_without, "DN"));
}

/* reclaim-atlas-cli alone (its programs neither beside it nor installed)
 * says which program it cannot run, and fails: it is the dispatcher of
 * src/cli/ra-cli-main.c. */
static void
test_cli_dispatcher_alone (void)
{
  g_autofree char *tmp = rt_tmp_dir ();
  g_autofree char *copy = g_build_filename (tmp, "reclaim-atlas-cli", NULL);
  g_autofree char *bytes = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { copy, "--version", NULL };
  gsize len = 0;
  int status = 0;

  if (g_file_test (RA_CLI_LIBEXECDIR "/reclaim-atlas-cli-commands", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("Reclaim Atlas is installed here: the copy would run the installed programs");
      return;
    }
  g_assert_true (g_file_get_contents (RA_CLI_PATH, &bytes, &len, &error));
  g_assert_true (g_file_set_contents (copy, bytes, (gssize) len, &error));
  g_assert_cmpint (g_chmod (copy, 0755), ==, 0);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (err, "reclaim-atlas-cli: "));
  g_assert_nonnull (strstr (err, RA_CLI_LIBEXECDIR "/reclaim-atlas-cli-commands"));
  g_assert_nonnull (strstr (err, "reinstall Reclaim Atlas"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/info", test_cli_info);
  g_test_add_func ("/cli/render", test_cli_render);
  g_test_add_func ("/cli/render-pipe-labels", test_cli_render_pipe_labels);
  g_test_add_func ("/cli/errors", test_cli_errors);
  g_test_add_func ("/cli/help", test_cli_help);
  g_test_add_func ("/cli/dispatcher-alone", test_cli_dispatcher_alone);
  return g_test_run ();
}
