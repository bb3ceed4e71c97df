/* SPDX-License-Identifier: GPL-3.0-or-later */
/* render's options and its streamed one-shot render (see ra-cli-render.h).
 * What the light render reaches from here makes no GDAL call: the program
 * reclaim-atlas-cli-render is linked from it with --gc-sections and without
 * GDAL, and draws shapefiles and GeoPackages (ra_cli_render_light); every other command,
 * and every other render, is reclaim-atlas-cli-commands' (ra-cli.c). */
#include "config.h"

#include <malloc.h>
#include <string.h>

#include <glib/gi18n.h>

#include "ra-cli-common.h"
#include "ra-cli-render.h"
#include "ra-export.h"
#include "ra-source-stream.h"
#include "ra-sqlite-readahead.h"
#include "ra-threads.h"

void
ra_cli_render_args_init (RaCliRenderArgs *a)
{
  memset (a, 0, sizeof *a);
  a->style_width = -1.0;
  a->marker_size = -1.0;
  a->margin_px = -1.0;
  a->raster_opacity = 1.0;
  a->width = 1600;
  a->height = 1200;
}

void
ra_cli_render_args_clear (RaCliRenderArgs *a)
{
  char **texts[] = { &a->out, &a->size, &a->crs_text, &a->bbox_text, &a->labels,
                     &a->style_fill, &a->style_stroke, &a->encoding };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    g_clear_pointer (texts[i], g_free);
}

static gboolean
parse_size (const char *text, int *w, int *h)
{
  char *end = NULL;
  gint64 a, b;

  a = g_ascii_strtoll (text, &end, 10);
  if (end == text || (*end != 'x' && *end != 'X'))
    return FALSE;
  text = end + 1;
  b = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0')
    return FALSE;
  if (a < 1 || b < 1 || a > 30000 || b > 30000)
    return FALSE;
  *w = (int) a;
  *h = (int) b;
  return TRUE;
}

static gboolean
parse_bbox (const char *text, RaBBox *bbox)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  double v[4];

  if (g_strv_length (parts) != 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      char *end = NULL;
      g_strstrip (parts[i]);
      v[i] = g_ascii_strtod (parts[i], &end);
      if (end == parts[i] || *end != '\0')
        return FALSE;
    }
  bbox->x0 = MIN (v[0], v[2]);
  bbox->x1 = MAX (v[0], v[2]);
  bbox->y0 = MIN (v[1], v[3]);
  bbox->y1 = MAX (v[1], v[3]);
  return bbox->x1 > bbox->x0 && bbox->y1 > bbox->y0;
}

/* One line on stderr unless quiet. */
static void
problem (gboolean quiet, const char *path, const char *msg)
{
  if (!quiet)
    ra_cli_print_problem (path, msg);
}

int
ra_cli_render_parse (int *argc, char ***argv, RaCliRenderArgs *a, gboolean quiet)
{
  GOptionEntry entries[] = {
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &a->encoding,
      N_("Text encoding of the attributes, overriding .cpg and detection (e.g. GB18030, BIG5, UTF-8, ISO-8859-1)"),
      N_("NAME") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &a->out, N_("Output file (.png, .pdf or .svg)"), N_("FILE") },
    { "size", 's', 0, G_OPTION_ARG_STRING, &a->size, N_("Image size in pixels (default 1600x1200)"), N_("WxH") },
    { "crs", 0, 0, G_OPTION_ARG_STRING, &a->crs_text, N_("Map CRS (default: picked from the data)"), N_("EPSG:n") },
    { "bbox", 0, 0, G_OPTION_ARG_STRING, &a->bbox_text, N_("Area to show, in the map CRS"), N_("x0,y0,x1,y1") },
    { "labels", 0, 0, G_OPTION_ARG_STRING, &a->labels, N_("Label features by this field"), N_("FIELD") },
    { "no-labels", 0, 0, G_OPTION_ARG_NONE, &a->no_labels, N_("Draw no labels"), NULL },
    { "no-pipe-labels", 0, 0, G_OPTION_ARG_NONE, &a->no_pipe_labels,
      N_("Draw no DN and length along pipelines (lines with a dn_mm field)"), NULL },
    { "hillshade", 0, 0, G_OPTION_ARG_NONE, &a->hillshade,
      N_("Draw one-band rasters (DEMs) as a hillshade"), NULL },
    { "tint", 0, 0, G_OPTION_ARG_NONE, &a->tint,
      N_("Draw one-band rasters (DEMs) as a hillshade with a hypsometric tint"), NULL },
    { "raster-opacity", 0, 0, G_OPTION_ARG_DOUBLE, &a->raster_opacity,
      N_("Opacity of raster layers, 0 to 1 (default 1)"), N_("A") },
    { "style-fill", 0, 0, G_OPTION_ARG_STRING, &a->style_fill,
      N_("Fill of polygons and point markers for every layer (#rrggbb[aa] or none)"), N_("COLOR") },
    { "style-stroke", 0, 0, G_OPTION_ARG_STRING, &a->style_stroke,
      N_("Outline of polygons and markers, colour of lines, for every layer (#rrggbb[aa] or none)"), N_("COLOR") },
    { "style-width", 0, 0, G_OPTION_ARG_DOUBLE, &a->style_width,
      N_("Outline and line width in pixels for every layer"), N_("PX") },
    { "marker-size", 0, 0, G_OPTION_ARG_DOUBLE, &a->marker_size,
      N_("Point marker diameter in pixels for every layer"), N_("PX") },
    { "threads", 0, 0, G_OPTION_ARG_INT, &a->threads,
      N_("Threads to read and draw with (default: 2 when there are two cores)"), N_("N") },
    { "margin", 0, 0, G_OPTION_ARG_DOUBLE, &a->margin_px,
      N_("Blank margin around the area shown, in pixels (default: 0.02 × the smaller side)"), N_("PX") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GError) error = NULL;

  ctx = g_option_context_new (_("INPUT... - draw vector data to PNG, PDF or SVG"));
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  if (quiet)
    g_option_context_set_help_enabled (ctx, FALSE);
  if (!g_option_context_parse (ctx, argc, argv, &error))
    {
      g_autofree char *msg = g_strdup_printf ("render: %s", error->message);
      problem (quiet, NULL, msg);
      return 2;
    }
  if (*argc < 2)
    {
      problem (quiet, NULL, _("render: no input file given"));
      return 2;
    }
  if (a->out == NULL)
    {
      problem (quiet, NULL, _("render: --out FILE is required"));
      return 2;
    }
  if (a->size != NULL && !parse_size (a->size, &a->width, &a->height))
    {
      g_autofree char *msg = g_strdup_printf (_("render: invalid --size '%s' (expected WxH)"), a->size);
      problem (quiet, NULL, msg);
      return 2;
    }
  if (a->bbox_text != NULL && !parse_bbox (a->bbox_text, &a->extent))
    {
      g_autofree char *msg = g_strdup_printf (_("render: invalid --bbox '%s' (expected x0,y0,x1,y1)"),
                                              a->bbox_text);
      problem (quiet, NULL, msg);
      return 2;
    }

  {
    RaColor c;
    struct { const char *opt, *text; } colors[] = {
      { "--style-fill", a->style_fill }, { "--style-stroke", a->style_stroke },
    };

    for (guint i = 0; i < G_N_ELEMENTS (colors); i++)
      if (colors[i].text != NULL && g_strcmp0 (colors[i].text, "none") != 0 &&
          !ra_color_parse (&c, colors[i].text))
        {
          g_autofree char *msg = g_strdup_printf (_("render: invalid %s '%s' (expected #rrggbb, #rrggbbaa or none)"),
                                                  colors[i].opt, colors[i].text);
          problem (quiet, NULL, msg);
          return 2;
        }
  }

  /* Fail before a possibly long load when the output cannot be written. */
  {
    g_autofree char *dir = g_path_get_dirname (a->out);

    if (ra_export_format_for_path (a->out) == RA_EXPORT_FORMAT_AUTO)
      {
        problem (quiet, a->out, _("unknown output format (use .png, .pdf or .svg)"));
        return 2;
      }
    if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
      {
        problem (quiet, a->out, _("cannot write the file (no such directory)"));
        return 1;
      }
  }
  if (a->threads < 0 || a->threads > 64)
    {
      g_autofree char *msg = g_strdup_printf (_("render: invalid --threads %d (expected 1 to 64)"), a->threads);
      problem (quiet, NULL, msg);
      return 2;
    }
  return -1;
}

void
ra_cli_render_view (const RaCliRenderArgs *a, RaView *view, RaRenderOptions *opts)
{
  ra_view_init (view, a->width, a->height);
  ra_view_fit_bbox (view, &a->extent, a->margin_px >= 0.0 ? a->margin_px : 0.02 * MIN (a->width, a->height));
  ra_render_options_init (opts);
  opts->draw_labels = !a->no_labels;
  opts->draw_line_labels = !a->no_pipe_labels;
}

/* A raster, or a file named as one (so a damaged GeoTIFF gets a raster's
 * error message, not a vector reader's). */
gboolean
ra_cli_has_raster_extension (const char *path)
{
  static const char * const exts[] = { ".tif", ".tiff", ".vrt", ".jp2", ".img", ".dem", ".asc" };
  g_autofree char *lower = g_ascii_strdown (path, -1);

  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    if (g_str_has_suffix (lower, exts[i]))
      return TRUE;
  return FALSE;
}

/* The allocator for one render, before anything is allocated: features
 * come and go one at a time, some of them megabytes; with glibc's defaults
 * every large one is a fresh mmap (a page fault per 4 KB page, then
 * munmap) and every free at the top of the heap gives pages back that the
 * next feature faults in again.  One arena per thread is not needed
 * either: the reading thread hands its geometries to the drawing one.
 * RA_RENDER_MALLOPT=0 leaves glibc's defaults. */
void
ra_cli_render_tune_malloc (void)
{
  const char *env = g_getenv ("RA_RENDER_MALLOPT");

  if (env != NULL && g_strcmp0 (env, "0") == 0)
    return;
  mallopt (M_MMAP_THRESHOLD, 64 * 1024 * 1024);
  mallopt (M_TRIM_THRESHOLD, 128 * 1024 * 1024);
  mallopt (M_ARENA_MAX, 2);
}

/* The render of a PNG, PDF or SVG of a given window in a given CRS without
 * labels streams each layer (ra-source-stream.h): every feature is read,
 * thinned, transformed and drawn, then dropped; no in-memory layer, no
 * spatial index.  Labels, thematic styles and rasters need the whole layer
 * (the in-memory path); RA_RENDER_STREAM=0 forces that path. */
int
ra_cli_render_streamed (int n_inputs, char **inputs, RaCrs *crs, const RaView *view,
                        const RaRenderOptions *opts, const RaCliRenderArgs *a,
                        RaCliStreamOpen open)
{
  g_autoptr(GPtrArray) streams = g_ptr_array_new_with_free_func ((GDestroyNotify) ra_source_stream_free);
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autoptr(GError) error = NULL;
  const char *env = g_getenv ("RA_RENDER_STREAM");
  RaBBox box;
  guint layer_seed = 0;

  if (env != NULL && g_strcmp0 (env, "0") == 0)
    return -1;
  /* Rasters are drawn by the in-memory path: a raster's name says so, or
   * else GDAL finds no vector layer in it (the full command's open). */
  for (int i = 0; i < n_inputs; i++)
    if (ra_cli_has_raster_extension (inputs[i]))
      return -1;

  /* The view with the margin, as the renderer culls. */
  ra_view_get_bbox (view, &box);
  snap = ra_map_snapshot_new_empty (crs);
  for (int i = 0; i < n_inputs; i++)
    {
      g_autoptr(GPtrArray) opened = NULL;
      int status = 1;

      opened = open (inputs[i], crs, &box, view->resolution, &status);
      if (opened == NULL)
        return status;
      while (opened->len > 0)
        {
          RaSourceStream *stream = g_ptr_array_steal_index (opened, 0);
          g_autoptr(RaStyle) style = NULL;
          RaGeomKind kind;

          g_ptr_array_add (streams, stream);
          g_ptr_array_add (paths, inputs[i]);
          /* Two threads: one reads ahead while the other draws: for lines
           * only.  Not for points: one costs less to read and draw than to
           * hand over (100 k points: 0.17 s of CPU instead of 0.14-0.15 s).
           * Not for polygons: their fills are drawn in pieces of 256 k
           * vertices (fewer would move outline pixels), so the counties
           * are drawn in one or two pieces, mostly after the last feature
           * is read: nothing overlaps, and the hand-over cost 0.02-0.03 s
           * of CPU and as much wall time (counties GPKG, EPSG:4326). */
          ra_source_stream_set_prefetch (stream, ra_get_n_threads () >= 2 &&
                                                 ra_source_stream_get_kind (stream) == RA_GEOM_LINE);
          kind = ra_source_stream_get_kind (stream);
          style = ra_style_new_default (kind != RA_GEOM_NONE ? kind : RA_GEOM_POLYGON, layer_seed++);
          if (a->style_fill != NULL && !ra_color_parse (&style->fill, a->style_fill))
            style->fill = (RaColor) { 0, 0, 0, 0 };
          if (a->style_stroke != NULL && !ra_color_parse (&style->stroke, a->style_stroke))
            style->stroke = (RaColor) { 0, 0, 0, 0 };
          if (a->style_width >= 0.0)
            style->stroke_width_px = a->style_width;
          if (a->marker_size > 0.0)
            style->marker_size_px = a->marker_size;
          ra_map_snapshot_add_stream (snap, ra_source_stream_get_name (stream), kind, style, 1.0,
                                      (RaFeatureNextFunc) ra_source_stream_next, stream);
        }
    }
  if (!ra_renderer_render_to_file (snap, view, opts, a->out, &error))
    {
      ra_cli_print_problem (NULL, error->message);
      return 1;
    }
  for (guint i = 0; i < streams->len; i++)
    {
      GPtrArray *w = ra_source_stream_get_warnings (g_ptr_array_index (streams, i));

      for (guint k = 0; w != NULL && k < w->len; k++)
        ra_cli_print_problem (g_ptr_array_index (paths, i), g_ptr_array_index (w, k));
    }
  return 0;
}

/* GeoPackages (SQLite) read page after page in 64 KB windows instead of
 * one pread per 4 KB page (ra-sqlite-readahead.h), when streamed;
 * RA_RENDER_SQLITE_READAHEAD=0 leaves SQLite as it is.  Before any open. */
void
ra_cli_render_readahead (void)
{
  const char *env = g_getenv ("RA_RENDER_SQLITE_READAHEAD");

  if (env == NULL || g_strcmp0 (env, "0") != 0)
    ra_sqlite_readahead_install ();
}

/* The stream of path without GDAL: a shapefile read with shapelib, a
 * GeoPackage with SQLite and SpatiaLite (each with PROJ), when that reads
 * it as OGR would; NULL otherwise. */
RaSourceStream *
ra_cli_render_open_light_stream (const char *path, RaCrs *crs, const RaBBox *box, double resolution)
{
  RaSourceStream *s = ra_source_stream_open_shapefile (path, crs, box, resolution);

  if (s == NULL)
    s = ra_source_stream_open_geopackage (path, crs, box, resolution);
  return s;
}

/* The light render's open: a shapefile or GeoPackage read without GDAL. */
static GPtrArray *
open_light (const char *path, RaCrs *crs, const RaBBox *box, double resolution, int *status)
{
  RaSourceStream *s = ra_cli_render_open_light_stream (path, crs, box, resolution);
  GPtrArray *streams;

  *status = -1;
  if (s == NULL)
    return NULL;
  streams = g_ptr_array_new_with_free_func ((GDestroyNotify) ra_source_stream_free);
  g_ptr_array_add (streams, s);
  return streams;
}

/* TRUE when path's name is one the light render may read. */
gboolean
ra_cli_render_light_name (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".shp") || g_str_has_suffix (lower, ".gpkg");
}

int
ra_cli_render_light (int argc, char **argv)
{
  g_autofree char *argv0 = NULL;
  g_autofree char **sub_argv = NULL;
  g_autoptr(RaCrs) crs = NULL;
  const char *env = g_getenv ("RA_RENDER_LIGHT");
  RaCliRenderArgs a;
  RaRenderOptions opts;
  RaView view;
  int sub_argc = argc - 1, status;

  if ((env != NULL && g_strcmp0 (env, "0") == 0) || argc < 3)
    return -1;
  /* As main gives it to the command: "reclaim-atlas-cli render" first.
   * The parser takes options out of the array, not the strings. */
  argv0 = g_strdup_printf ("%s %s", RA_CLI_PROG, argv[1]);
  sub_argv = g_new0 (char *, argc);
  sub_argv[0] = argv0;
  for (int i = 2; i < argc; i++)
    sub_argv[i - 1] = argv[i];

  ra_cli_render_args_init (&a);
  {
    char **parsed = sub_argv;

    status = ra_cli_render_parse (&sub_argc, &parsed, &a, TRUE);
  }
  if (status >= 0 || !a.no_labels || a.bbox_text == NULL || a.crs_text == NULL ||
      a.encoding != NULL || a.labels != NULL)
    {
      ra_cli_render_args_clear (&a);
      return -1;
    }
  for (int i = 1; i < sub_argc; i++)
    if (!ra_cli_render_light_name (sub_argv[i]))
      {
        ra_cli_render_args_clear (&a);
        return -1;
      }
  crs = ra_crs_new_from_user_input (a.crs_text, NULL);
  if (crs == NULL)
    {
      ra_cli_render_args_clear (&a);
      return -1;
    }

  ra_cli_render_tune_malloc ();
  ra_cli_render_readahead ();
  if (a.threads > 0)
    ra_set_max_threads ((guint) a.threads);
  ra_cli_render_view (&a, &view, &opts);
  opts.draw_line_labels = FALSE;
  status = ra_cli_render_streamed (sub_argc - 1, sub_argv + 1, crs, &view, &opts, &a, open_light);
  ra_cli_render_args_clear (&a);
  return status;
}
