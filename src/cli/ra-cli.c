/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reclaim-atlas-cli: the scriptable face of the core (no GTK).
 * Errors: non-zero exit and one line "reclaim-atlas-cli: FILE: problem". */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <cpl_error.h>

#include "ra-cli-common.h"
#include "ra-cli-export.h"
#include "ra-cli-ledger.h"
#include "ra-cli-network.h"
#include "ra-cli-balance.h"
#include "ra-cli-hydraulics.h"
#include "ra-cli-plan.h"
#include "ra-cli-project.h"
#include "ra-cli-render.h"
#include "ra-cli-server.h"
#include "ra-core.h"
#include "ra-export.h"
#include "ra-source-private.h"
#include "ra-source-stream.h"
#include "ra-sqlite-readahead.h"

#define PROG RA_CLI_PROG
#define N_SAMPLE_FEATURES 3

/* Warnings already mention the layer; prefix the file unless they name it. */
static void
print_layer_warnings (RaLayer *layer, const char *path)
{
  GPtrArray *warnings = ra_layer_get_warnings (layer);
  g_autofree char *base = g_path_get_basename (path);

  for (guint i = 0; warnings != NULL && i < warnings->len; i++)
    {
      const char *w = g_ptr_array_index (warnings, i);

      if (strstr (w, base) != NULL)
        ra_cli_print_problem (NULL, w);
      else
        ra_cli_print_problem (path, w);
    }
}

static const char *
kind_name (RaGeomKind kind)
{
  switch (kind)
    {
    case RA_GEOM_POINT:
      return _("point");
    case RA_GEOM_LINE:
      return _("line");
    case RA_GEOM_POLYGON:
      return _("polygon");
    case RA_GEOM_NONE:
    default:
      return _("none");
    }
}

static const char *
field_type_name (RaFieldType type)
{
  switch (type)
    {
    case RA_FIELD_STRING:
      return _("string");
    case RA_FIELD_INTEGER:
      return _("integer");
    case RA_FIELD_REAL:
      return _("real");
    case RA_FIELD_DATE:
      return _("date");
    case RA_FIELD_OTHER:
    default:
      return _("other");
    }
}

/* Loads every layer of path (for one view in view_crs at view_resolution
 * units per pixel, if given); on failure prints the one line and returns
 * NULL. */
static gboolean looks_like_raster (const char *path);

static GPtrArray *
load_all_layers (const char *path, const char *encoding, RaSourceLoadFlags flags, RaCrs *view_crs,
                 double view_resolution)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(GPtrArray) layers = g_ptr_array_new_with_free_func (g_object_unref);

  if (!ra_source_path_exists (path) && !strchr (path, ':'))
    {
      ra_cli_print_problem (path, _("No such file or directory"));
      return NULL;
    }
  /* A raster (GeoTIFF, VRT, MBTiles, ...) is one layer drawn under the vectors
   * in the order given. */
  if (looks_like_raster (path))
    {
      RaLayer *layer = ra_raster_open_layer (path, &error);

      if (layer == NULL)
        {
          ra_cli_print_problem (NULL, error->message);
          return NULL;
        }
      g_ptr_array_add (layers, layer);
      return g_steal_pointer (&layers);
    }
  names = ra_source_list_layers (path, &error);
  if (names == NULL)
    {
      ra_cli_print_problem (NULL, error ? error->message : _("cannot read the file"));
      return NULL;
    }
  for (guint i = 0; names[i] != NULL; i++)
    {
      RaLayer *layer = ra_source_load_layer_encoded (path, names[i], encoding, flags, view_crs,
                                                     view_resolution, NULL, &error);

      /* An empty table in a multi-layer source (a project with no pipelines
       * yet) is worth a line, not the whole render. */
      if (layer == NULL && names[1] != NULL && g_error_matches (error, RA_ERROR, RA_ERROR_EMPTY))
        {
          ra_cli_print_problem (NULL, error->message);
          g_clear_error (&error);
          continue;
        }
      if (layer == NULL)
        {
          ra_cli_print_problem (NULL, error->message);
          return NULL;
        }
      g_ptr_array_add (layers, layer);
    }
  if (layers->len == 0)
    {
      ra_cli_print_problem (path, _("no vector layers"));
      return NULL;
    }
  return g_steal_pointer (&layers);
}

/* ------------------------------------------------------------------ */
/* info                                                               */

static gboolean
looks_like_raster (const char *path)
{
  return ra_cli_has_raster_extension (path) || ra_raster_path_is_raster (path);
}

static void
print_layer_info (RaLayer *layer)
{
  RaCrs *crs = ra_layer_get_source_crs (layer);
  RaAttrTable *attrs = ra_layer_get_attrs (layer);
  const char *encoding = ra_layer_get_encoding (layer);
  GPtrArray *warnings = ra_layer_get_warnings (layer);
  g_autoptr(RaLayerData) data = NULL;
  g_autoptr(GError) error = NULL;
  RaBBox lonlat;

  g_print (_("Layer: %s\n"), ra_layer_get_name (layer));
  g_print (_("  Driver: %s\n"), ra_layer_get_driver (layer) ? ra_layer_get_driver (layer) : "?");
  g_print (_("  Geometry: %s\n"), kind_name (ra_layer_get_kind (layer)));
  g_print (_("  Features: %u\n"), ra_layer_get_n_features (layer));
  if (crs != NULL)
    {
      const char *auth = ra_crs_get_auth_id (crs);
      g_print (_("  CRS: %s (%s)\n"), ra_crs_get_name (crs), auth ? auth : _("no EPSG code"));
    }
  else
    g_print (_("  CRS: none\n"));

  /* Extent in the source CRS: "reproject" into the layer's own CRS (or, with
   * no CRS, into any, which keeps the coordinates). */
  if (crs != NULL)
    ra_layer_set_map_crs (layer, crs, &error);
  else
    {
      g_autoptr(RaCrs) any = ra_crs_new_from_epsg (4326, NULL);
      if (any != NULL)
        ra_layer_set_map_crs (layer, any, &error);
    }
  data = ra_layer_dup_data (layer);
  if (data != NULL && !ra_bbox_is_empty (&data->extent))
    g_print (_("  Extent: %.6f, %.6f, %.6f, %.6f\n"),
             data->extent.x0, data->extent.y0, data->extent.x1, data->extent.y1);
  if (ra_layer_get_extent_lonlat (layer, &lonlat))
    g_print (_("  Extent (lon/lat): %.6f, %.6f, %.6f, %.6f\n"),
             lonlat.x0, lonlat.y0, lonlat.x1, lonlat.y1);
  g_print (_("  Attribute encoding: %s\n"), encoding ? encoding : "UTF-8");

  if (attrs != NULL)
    {
      guint n_show = MIN (attrs->n_features, N_SAMPLE_FEATURES);

      g_print (_("  Fields (%u):\n"), attrs->n_fields);
      for (guint f = 0; f < attrs->n_fields; f++)
        g_print ("    %s: %s\n", attrs->field_names[f], field_type_name (attrs->field_types[f]));
      for (guint i = 0; i < n_show; i++)
        {
          g_autofree char *fid = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                  attrs->fids ? attrs->fids[i] : (gint64) i);
          g_print (_("  Feature %s:\n"), fid);
          for (guint f = 0; f < attrs->n_fields; f++)
            {
              const char *v = ra_attr_table_get (attrs, i, f);
              g_print ("    %s = %s\n", attrs->field_names[f], v ? v : "NULL");
            }
        }
    }
  if (warnings != NULL && warnings->len > 0)
    {
      g_print (_("  Warnings:\n"));
      for (guint i = 0; i < warnings->len; i++)
        g_print ("    %s\n", (const char *) g_ptr_array_index (warnings, i));
    }
  if (error != NULL)
    g_print (_("  Warning: %s\n"), error->message);
}

static const char *
raster_kind_name (RaRasterKind kind)
{
  switch (kind)
    {
    case RA_RASTER_RGB:
      return _("RGB");
    case RA_RASTER_RGBA:
      return _("RGBA");
    case RA_RASTER_PALETTE:
      return _("palette");
    case RA_RASTER_GREY:
    default:
      return _("grey (one band)");
    }
}

static void
print_raster_info (RaRaster *raster)
{
  RaCrs *crs = ra_raster_get_crs (raster);
  const char *auth = ra_crs_get_auth_id (crs);
  const char *attribution = ra_raster_get_attribution (raster);
  RaBBox e;
  double px, py, nodata;
  guint n_ovr = ra_raster_get_n_overviews (raster);

  ra_raster_get_extent (raster, &e);
  ra_raster_get_pixel_size (raster, &px, &py);
  g_print (_("Raster (%s)\n"), ra_raster_get_driver (raster));
  g_print (_("  Size: %d x %d pixels, %d band(s), %s\n"), ra_raster_get_width (raster),
           ra_raster_get_height (raster), ra_raster_get_n_bands (raster),
           raster_kind_name (ra_raster_get_kind (raster)));
  g_print (_("  CRS: %s (%s)\n"), ra_crs_get_name (crs), auth != NULL ? auth : "WKT");
  g_print (_("  Extent: %.10g, %.10g, %.10g, %.10g\n"), e.x0, e.y0, e.x1, e.y1);
  g_print (_("  Pixel size: %.10g x %.10g\n"), px, py);
  if (ra_raster_get_nodata (raster, &nodata))
    g_print (_("  Nodata: %.10g\n"), nodata);
  if (n_ovr == 0)
    g_print (_("  Overviews: none\n"));
  else
    {
      GString *s = g_string_new (NULL);

      for (guint i = 0; i < n_ovr; i++)
        {
          int w, h;

          ra_raster_get_overview_size (raster, i, &w, &h);
          g_string_append_printf (s, "%s%dx%d", i > 0 ? ", " : "", w, h);
        }
      g_print (_("  Overviews: %s\n"), s->str);
      g_string_free (s, TRUE);
    }
  if (attribution != NULL)
    g_print (_("  Attribution: %s\n"), attribution);
}

/* The tables with geometry of a PostgreSQL project, as layers (through the
 * store, which knows how GDAL reaches the server); NULL after printing the
 * problem. */
static GPtrArray *
load_server_layers (const char *name)
{
  static const char * const tables[] = {
    "counties", "plants", "projects", "pipelines", "footprints", "built_up_areas",
    "water_users", "projects_v",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = ra_store_open (name, RA_STORE_OPEN_READ_ONLY, &error);
  g_autoptr(GPtrArray) layers = g_ptr_array_new_with_free_func (g_object_unref);

  if (store == NULL)
    {
      ra_cli_print_problem (name, error->message);
      return NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      RaLayer *layer = ra_store_load_layer (store, tables[i], NULL, &error);

      /* An empty table is said and skipped, as in a file. */
      if (layer == NULL)
        {
          ra_cli_print_problem (name, error->message);
          g_clear_error (&error);
          continue;
        }
      g_ptr_array_add (layers, layer);
    }
  return g_steal_pointer (&layers);
}

static int
cmd_info (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *encoding = NULL;
  GOptionEntry entries[] = {
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding,
      N_("Text encoding of the attributes, overriding .cpg and detection (e.g. GB18030, BIG5, UTF-8, ISO-8859-1)"),
      N_("NAME") },
    { NULL }
  };
  int status = 0;

  ctx = g_option_context_new (_("DATA... - describe layers, CRS, extent and fields"));
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_autofree char *msg = g_strdup_printf ("info: %s", error->message);
      ra_cli_print_problem (NULL, msg);
      return 2;
    }
  if (argc < 2)
    {
      ra_cli_print_problem (NULL, _("info: no input file given"));
      return 2;
    }

  for (int a = 1; a < argc; a++)
    {
      g_autoptr(GPtrArray) layers = NULL;
      g_autofree char *name = ra_path_display_name (argv[a]);

      if (looks_like_raster (argv[a]))
        {
          g_autoptr(RaRaster) raster = ra_raster_open (argv[a], &error);

          if (raster == NULL)
            {
              ra_cli_print_problem (NULL, error->message);
              g_clear_error (&error);
              status = 1;
              continue;
            }
          g_print (_("File: %s\n"), name);
          print_raster_info (raster);
          continue;
        }
      if (ra_store_is_server_name (argv[a]))
        layers = load_server_layers (argv[a]);
      else
        layers = load_all_layers (argv[a], encoding, RA_SOURCE_LOAD_DEFAULT, NULL, 0.0);
      if (layers == NULL)
        {
          status = 1;
          continue;
        }
      g_print (_("File: %s\n"), name);
      for (guint i = 0; i < layers->len; i++)
        {
          /* Warnings are part of the report here (stdout), not repeated on stderr. */
          print_layer_info (g_ptr_array_index (layers, i));
        }
    }
  return status;
}

/* ------------------------------------------------------------------ */
/* render                                                             */

static const char *
default_label_field (RaLayer *layer, const char *requested)
{
  RaAttrTable *attrs = ra_layer_get_attrs (layer);

  if (attrs == NULL)
    return NULL;
  if (requested != NULL)
    return ra_attr_table_field_index (attrs, requested) >= 0 ? requested : NULL;
  return ra_layer_guess_label_field (layer);
}

/* RA_CLI_TIMING=1: the time of each stage of render on stderr (for
 * docs/performance.md). */
static void
stage_done (const char *stage, gint64 *t)
{
  static int enabled = -1;
  gint64 now = g_get_monotonic_time ();

  if (enabled < 0)
    enabled = g_getenv ("RA_CLI_TIMING") != NULL;
  if (enabled && *t > 0)
    g_printerr ("%s: timing: %-12s %.3f s\n", PROG, stage, (now - *t) / 1e6);
  *t = now;
}

/* Tells layer the coarsest detail the render needs (see
 * ra_layer_set_draw_resolution): the pixel size of the view of bbox (map
 * CRS), or else of the layer's own extent, which is never coarser than the
 * view of all layers. */
static void
hint_draw_resolution (RaMap *map, RaLayer *layer, const RaBBox *bbox,
                      int width, int height, double margin_px)
{
  g_autoptr(RaCrs) suggested = NULL;
  RaCrs *crs = ra_map_get_crs (map);
  RaBBox box;
  RaView view;

  if (crs == NULL)
    crs = suggested = ra_map_suggest_crs_for_layer (layer);
  if (crs == NULL)
    return;
  if (bbox != NULL)
    box = *bbox;
  else
    {
      g_autoptr(RaCrs) lonlat = ra_crs_new_from_epsg (4326, NULL);
      g_autoptr(RaTransform) t = NULL;
      RaBBox ll;

      if (lonlat == NULL || !ra_layer_get_extent_lonlat (layer, &ll))
        return;
      t = ra_transform_new (lonlat, crs, NULL);
      if (t == NULL || !ra_transform_bbox (t, &ll, &box))
        return;
    }
  ra_view_init (&view, width, height);
  ra_view_fit_bbox (&view, &box, margin_px);
  ra_layer_set_draw_resolution (layer, crs, view.resolution);
}

/* --hillshade, --tint and --raster-opacity for a raster layer; FALSE
 * after printing the problem. */
static gboolean
setup_raster_layer (RaLayer *layer, gboolean hillshade, gboolean tint, double opacity)
{
  RaRaster *raster = RA_RASTER (ra_layer_get_raster (layer));
  g_autoptr(GError) error = NULL;

  ra_layer_set_opacity (layer, CLAMP (opacity, 0.0, 1.0));
  if ((hillshade || tint) && ra_raster_get_kind (raster) == RA_RASTER_GREY &&
      !ra_raster_set_shading (raster, tint ? RA_RASTER_SHADE_TINTED : RA_RASTER_SHADE_HILLSHADE,
                              &error))
    {
      ra_cli_print_problem (NULL, error->message);
      return FALSE;
    }
  return TRUE;
}

/* The full command's open for a streamed render (ra_cli_render_streamed):
 * every layer of any vector file GDAL reads; shapefiles with shapelib and
 * GeoPackages with SQLite when they read as OGR would. */
static GPtrArray *
open_streams (const char *path, RaCrs *crs, const RaBBox *box, double resolution, int *status)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *opened;
  RaSourceStream *light;

  ra_cli_render_readahead ();
  *status = 1;
  if (!ra_source_path_exists (path) && !strchr (path, ':'))
    {
      ra_cli_print_problem (path, _("No such file or directory"));
      return NULL;
    }
  light = ra_cli_render_open_light_stream (path, crs, box, resolution);
  if (light != NULL)
    {
      opened = g_ptr_array_new_with_free_func ((GDestroyNotify) ra_source_stream_free);
      g_ptr_array_add (opened, light);
      return opened;
    }
  opened = ra_source_stream_open_all (path, crs, box, resolution, &error);
  if (opened == NULL)
    {
      if (ra_raster_path_is_raster (path))
        *status = -1;
      else
        ra_cli_print_problem (NULL, error ? error->message : _("cannot read the file"));
    }
  return opened;
}

static int
cmd_render (int argc, char **argv)
{
  g_auto(RaCliRenderArgs) a = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(RaMap) map = NULL;
  g_autoptr(RaMapSnapshot) snap = NULL;
  RaRenderOptions opts;
  RaView view;
  double view_resolution = 0.0;
  guint layer_seed = 0;
  gint64 t_stage = 0;
  int status;

  stage_done ("start", &t_stage);
  ra_cli_render_tune_malloc ();

  ra_cli_render_args_init (&a);
  status = ra_cli_render_parse (&argc, &argv, &a, FALSE);
  if (status >= 0)
    return status;

  const char *out = a.out, *crs_text = a.crs_text, *bbox_text = a.bbox_text, *labels = a.labels;
  const char *style_fill = a.style_fill, *style_stroke = a.style_stroke, *encoding = a.encoding;
  double style_width = a.style_width, marker_size = a.marker_size, margin_px = a.margin_px;
  gboolean no_labels = a.no_labels, no_pipe_labels = a.no_pipe_labels;
  gboolean hillshade = a.hillshade, tint = a.tint;
  double raster_opacity = a.raster_opacity;
  int width = a.width, height = a.height;
  RaBBox extent = a.extent;

  map = ra_map_new ();
  if (crs_text != NULL)
    {
      g_autoptr(RaCrs) crs = ra_crs_new_from_user_input (crs_text, &error);

      if (crs == NULL || !ra_map_set_crs (map, crs, &error))
        {
          g_autofree char *msg = g_strdup_printf ("--crs %s: %s", crs_text,
                                                  error ? error->message : _("unknown CRS"));
          ra_cli_print_problem (NULL, msg);
          return 1;
        }
    }
  if (a.threads > 0)
    ra_set_max_threads ((guint) a.threads);

  if (bbox_text != NULL && ra_map_get_crs (map) != NULL && no_labels)
    {
      ra_cli_render_view (&a, &view, &opts);
      opts.draw_labels = FALSE;
      opts.draw_line_labels = FALSE;
      status = ra_cli_render_streamed (argc - 1, argv + 1, ra_map_get_crs (map), &view, &opts,
                                       &a, open_streams);
      stage_done ("stream", &t_stage);
      if (status >= 0)
        return status;
    }

  /* A PNG of a given window in a given CRS: layers in that CRS need only
   * the detail of its pixels, and can drop the rest as they are read. */
  if (bbox_text != NULL && ra_map_get_crs (map) != NULL &&
      ra_export_format_for_path (out) == RA_EXPORT_FORMAT_PNG)
    {
      ra_view_init (&view, width, height);
      ra_view_fit_bbox (&view, &extent, margin_px >= 0.0 ? margin_px : 0.02 * MIN (width, height));
      view_resolution = view.resolution;
    }

  for (int a = 1; a < argc; a++)
    {
      /* Without labels no attribute value is drawn: GDAL need not parse them. */
      g_autoptr(GPtrArray) layers = load_all_layers (argv[a], encoding, no_labels ? RA_SOURCE_LOAD_NO_ATTRIBUTES
                                                                        : RA_SOURCE_LOAD_DEFAULT,
                                                     ra_map_get_crs (map), view_resolution);

      stage_done ("load", &t_stage);
      if (layers == NULL)
        return 1;
      for (guint i = 0; i < layers->len; i++)
        {
          RaLayer *layer = g_ptr_array_index (layers, i);
          const char *field = no_labels ? NULL : default_label_field (layer, labels);

          if (style_fill != NULL || style_stroke != NULL || style_width >= 0.0 || marker_size > 0.0)
            {
              g_autoptr(RaStyle) style = ra_style_copy (ra_layer_get_style (layer));

              if (style_fill != NULL && !ra_color_parse (&style->fill, style_fill))
                style->fill = (RaColor) { 0, 0, 0, 0 };
              if (style_stroke != NULL && !ra_color_parse (&style->stroke, style_stroke))
                style->stroke = (RaColor) { 0, 0, 0, 0 };
              if (style_width >= 0.0)
                style->stroke_width_px = style_width;
              if (marker_size > 0.0)
                style->marker_size_px = marker_size;
              ra_layer_set_style (layer, style);
            }
          /* A project's pipelines (or any lines with its dn_mm field):
           * DN and length along them, as the app shows them. */
          if (!no_labels && !no_pipe_labels && ra_layer_get_kind (layer) == RA_GEOM_LINE
              && ra_layer_get_attrs (layer) != NULL
              && ra_attr_table_field_index (ra_layer_get_attrs (layer), "dn_mm") >= 0
              && ra_layer_get_style (layer) != NULL
              && ra_layer_get_style (layer)->dn_label_field == NULL)
            {
              g_autoptr(RaStyle) style = ra_style_copy (ra_layer_get_style (layer));

              style->dn_label_field = g_strdup ("dn_mm");
              ra_layer_set_style (layer, style);
            }
          if (field != NULL && !no_labels)
            {
              g_autoptr(RaStyle) style = NULL;
              const RaStyle *current = ra_layer_get_style (layer);

              style = current ? ra_style_copy (current)
                              : ra_style_new_default (ra_layer_get_kind (layer), layer_seed);
              ra_style_set_label_field (style, field);
              ra_layer_set_style (layer, style);
            }
          layer_seed++;
          if (ra_layer_get_raster (layer) != NULL &&
              !setup_raster_layer (layer, hillshade, tint, raster_opacity))
            return 1;
          /* Raster output: reproject only the detail the image can show. */
          if (ra_export_format_for_path (out) == RA_EXPORT_FORMAT_PNG)
            hint_draw_resolution (map, layer, bbox_text != NULL ? &extent : NULL, width, height,
                                  margin_px >= 0.0 ? margin_px : 0.02 * MIN (width, height));
          if (!ra_map_add_layer (map, layer, &error))
            {
              ra_cli_print_problem (NULL, error->message);
              return 1;
            }
        }
    }

  if (bbox_text == NULL && !ra_map_get_extent (map, TRUE, &extent))
    {
      /* Say why: the first layer warning (invalid geometry, ...). */
      const char *why = NULL;

      for (guint i = 0; why == NULL && i < ra_map_get_n_layers (map); i++)
        {
          GPtrArray *w = ra_layer_get_warnings (ra_map_get_layer (map, i));

          if (w != NULL && w->len > 0)
            why = g_ptr_array_index (w, 0);
        }
      if (why != NULL)
        {
          g_autofree char *msg = g_strdup_printf ("%s (%s)", _("no geometries to draw"), why);
          ra_cli_print_problem (argv[1], msg);
        }
      else
        ra_cli_print_problem (argv[1], _("no geometries to draw"));
      return 1;
    }

  ra_view_init (&view, width, height);
  ra_view_fit_bbox (&view, &extent, margin_px >= 0.0 ? margin_px : 0.02 * MIN (width, height));
  ra_render_options_init (&opts);
  opts.draw_labels = !no_labels;
  opts.draw_line_labels = !no_pipe_labels;

  stage_done ("reproject", &t_stage);
  snap = ra_map_snapshot_new (map);
  if (!ra_renderer_render_to_file (snap, &view, &opts, out, &error))
    {
      ra_cli_print_problem (NULL, error->message);
      return 1;
    }
  stage_done ("draw+write", &t_stage);
  /* Warnings only after success: a failure is exactly one line. */
  for (guint i = 0; i < ra_map_get_n_layers (map); i++)
    {
      RaLayer *layer = ra_map_get_layer (map, i);
      const char *source = ra_layer_get_source_path (layer);

      print_layer_warnings (layer, source != NULL ? source : argv[1]);
    }
  return 0;
}

/* ------------------------------------------------------------------ */

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n", _("Usage:"));
  fprintf (stream, "  %s info DATA...\n", PROG);
  fprintf (stream, "  %s render INPUT... --out F.png|pdf|svg [--size WxH] [--crs EPSG:n] "
           "[--bbox x0,y0,x1,y1] [--labels FIELD]\n", PROG);
  fprintf (stream, "  %s sample zhangye|xinzhou OUT.sqlite\n", PROG);
  fprintf (stream, "  %s import PROJECT.sqlite DATA --into plants|pipelines|footprints|counties|built_up_areas|water_users "
           "[--layer L] [--map SRC=DST]...\n", PROG);
  fprintf (stream, "  %s table PROJECT.sqlite --appendix 1|2 --out F.csv|xlsx|ods\n", PROG);
  fprintf (stream, "  %s table PROJECT.sqlite --allocation [--year Y] --out F.csv|xlsx|ods\n", PROG);
  fprintf (stream, "  %s check PROJECT.sqlite [--json]\n", PROG);
  fprintf (stream, "  %s indicators PROJECT.sqlite [--year Y] [--json]\n", PROG);
  fprintf (stream, "  %s ledger PROJECT.sqlite [--import F [--encoding X]] [--chart F.png|pdf|svg --plant NAME --year Y] [--json]\n", PROG);
  fprintf (stream, "  %s export PROJECT.sqlite --out F.pdf|png|svg [--layout NAME] [--dpi N] [--year Y] "
           "[--atlas] [--page A4|A3|A2] [--portrait]\n", PROG);
  fprintf (stream, "  %s network PROJECT.sqlite [--json] [--year Y]\n", PROG);
  fprintf (stream, "  %s balance PROJECT.sqlite [--year Y] [--json] [--propose]\n", PROG);
  fprintf (stream, "  %s hydraulics PROJECT.sqlite [--year Y] [--json] [--inp F.inp] [--dem DEM.tif] "
           "[--formula hw|dw] [--profile NODE_ID --profile-out F.png|pdf|svg]\n", PROG);
  fprintf (stream, "  %s serve-init DB\n", PROG);
  fprintf (stream, "  %s serve-grant DB ROLE --planner|--editor ADCODE[,ADCODE]|--viewer|--revoke\n", PROG);
  fprintf (stream, "  %s push PROJECT.sqlite DB\n", PROG);
  fprintf (stream, "  %s pull DB PROJECT.sqlite\n", PROG);
  fprintf (stream, "%s\n", _("PROJECT is a project file or a PostgreSQL project (DB): "
                            "postgresql://… or service=NAME."));
  fprintf (stream, "%s\n", _("Run 'reclaim-atlas-cli COMMAND --help' for the options of a command."));
}

int
main (int argc, char **argv)
{
  const char *cmd;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, ra_paths_get_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname (PROG);

  ra_core_init ();
  /* GDAL's default handler prints to stderr; the core turns CPL errors into
   * GErrors, and this tool prints each of those once. */
  CPLSetErrorHandler (CPLQuietErrorHandler);

  if (argc < 2)
    {
      ra_cli_print_problem (NULL, _("no command given (try --help)"));
      return 2;
    }
  cmd = argv[1];
  if (g_str_equal (cmd, "--help") || g_str_equal (cmd, "-h") || g_str_equal (cmd, "help"))
    {
      print_usage (stdout);
      return 0;
    }
  if (g_str_equal (cmd, "--version"))
    {
      g_print ("%s %s\n", PROG, PACKAGE_VERSION);
      return 0;
    }

  /* Subcommand parsers see "reclaim-atlas-cli CMD" as argv[0]. */
  {
    g_autofree char *argv0 = g_strdup_printf ("%s %s", PROG, cmd);
    char **sub_argv = g_new0 (char *, argc);
    int sub_argc = argc - 1, status;

    sub_argv[0] = argv0;
    /* GOptionContext's "Usage:" line names the program by its prgname. */
    g_set_prgname (argv0);
    for (int i = 2; i < argc; i++)
      sub_argv[i - 1] = argv[i];

    static const struct {
      const char *name;
      int (*run) (int argc, char **argv);
    } commands[] = {
      { "info", cmd_info },
      { "render", cmd_render },
      { "sample", ra_cli_cmd_sample },
      { "import", ra_cli_cmd_import },
      { "table", ra_cli_cmd_table },
      { "check", ra_cli_cmd_check },
      { "indicators", ra_cli_cmd_indicators },
      { "ledger", ra_cli_cmd_ledger },
      { "export", ra_cli_cmd_export },
      { "network", ra_cli_cmd_network },
      { "balance", ra_cli_cmd_balance },
      { "hydraulics", ra_cli_cmd_hydraulics },
      { "serve-init", ra_cli_cmd_serve_init },
      { "serve-grant", ra_cli_cmd_serve_grant },
      { "push", ra_cli_cmd_push },
      { "pull", ra_cli_cmd_pull },
    };
    gboolean found = FALSE;

    for (guint i = 0; i < G_N_ELEMENTS (commands) && !found; i++)
      if (g_str_equal (cmd, commands[i].name))
        {
          status = commands[i].run (sub_argc, sub_argv);
          found = TRUE;
        }
    if (!found)
      {
        g_autofree char *msg = g_strdup_printf (_("unknown command '%s' (try --help)"), cmd);
        ra_cli_print_problem (NULL, msg);
        status = 2;
      }
    g_free (sub_argv);
    return status;
  }
}
