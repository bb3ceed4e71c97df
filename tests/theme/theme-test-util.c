/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "theme-test-util.h"

RaLayer *
tt_load_counties (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = ra_paths_get_sample ("zhangye");
  RaLayer *layer;

  g_assert_nonnull (path);
  layer = ra_source_load_layer (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (layer);
  return layer;
}

GHashTable *
tt_read_targets (const char *year, const char *kind, const char *column)
{
  g_autofree char *counties = ra_paths_get_sample ("zhangye");
  g_autofree char *dir = g_path_get_dirname (counties);
  g_autofree char *csv = g_build_filename (dir, "targets.csv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) header = NULL;
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  int col = -1, col_year = -1, col_kind = -1, col_adcode = -1;

  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  header = g_strsplit (g_strstrip (lines[0]), ",", -1);
  for (int i = 0; header[i] != NULL; i++)
    {
      if (strcmp (header[i], column) == 0) col = i;
      if (strcmp (header[i], "year") == 0) col_year = i;
      if (strcmp (header[i], "kind") == 0) col_kind = i;
      if (strcmp (header[i], "adcode") == 0) col_adcode = i;
    }
  g_assert_cmpint (col, >=, 0);
  for (guint l = 1; lines[l] != NULL; l++)
    {
      g_auto(GStrv) cells = g_strsplit (g_strstrip (lines[l]), ",", -1);

      if (g_strv_length (cells) <= (guint) MAX (col, MAX (col_year, col_kind)))
        continue;
      /* County rows only: city codes end in 00. */
      if (g_str_has_suffix (cells[col_adcode], "00"))
        continue;
      if (strcmp (cells[col_year], year) == 0 && strcmp (cells[col_kind], kind) == 0 && *cells[col] != '\0')
        g_hash_table_insert (table, g_strdup (cells[col_adcode]), g_strdup (cells[col]));
    }
  return table;
}

RaLayer *
tt_counties_with_field (const char *name, const char *field, GHashTable *by_adcode)
{
  g_autoptr(RaLayer) src = tt_load_counties ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RaLayerData) data = NULL;
  RaAttrTable *attrs;
  RaLayer *layer;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GArray) types = g_array_new (FALSE, FALSE, sizeof (RaFieldType));
  RaFieldType real = RA_FIELD_REAL;
  int adcode;

  /* Geometries in the source CRS: "reproject" into it. */
  g_assert_true (ra_layer_set_map_crs (src, ra_layer_get_source_crs (src), &error));
  g_assert_no_error (error);
  data = ra_layer_dup_data (src);
  attrs = data->attrs;
  adcode = ra_attr_table_field_index (attrs, "adcode");
  g_assert_cmpint (adcode, >=, 0);

  for (guint f = 0; f < attrs->n_fields; f++)
    {
      g_ptr_array_add (names, attrs->field_names[f]);
      g_array_append_val (types, attrs->field_types[f]);
    }
  g_ptr_array_add (names, (gpointer) field);
  g_array_append_val (types, real);

  layer = ra_layer_new (name, data->kind, ra_layer_get_source_crs (src));
  ra_layer_set_fields (layer, names->len, (const char * const *) names->pdata,
                       (const RaFieldType *) (gpointer) types->data);
  for (guint i = 0; i < data->n_features; i++)
    {
      char **values = g_new0 (char *, attrs->n_fields + 1);
      const char *code = ra_attr_table_get (attrs, i, adcode);

      for (guint f = 0; f < attrs->n_fields; f++)
        values[f] = g_strdup (ra_attr_table_get (attrs, i, f));
      values[attrs->n_fields] = g_strdup (g_hash_table_lookup (by_adcode, code));
      ra_layer_add_feature (layer, attrs->fids[i],
                            data->geoms[i] != NULL ? ra_geometry_copy (data->geoms[i]) : NULL,
                            values);
    }
  return layer;
}

RaMap *
tt_map_with (RaLayer *layer)
{
  g_autoptr(GError) error = NULL;
  RaMap *map = ra_map_new ();

  g_assert_true (ra_map_add_layer (map, layer, &error));
  g_assert_no_error (error);
  return map;
}

void
tt_fit_view (RaMap *map, RaView *view, int width, int height)
{
  RaBBox extent;

  g_assert_true (ra_map_get_extent (map, TRUE, &extent));
  ra_view_init (view, width, height);
  ra_view_fit_bbox (view, &extent, 12);
}

cairo_surface_t *
tt_render (RaMapSnapshot *snap, const RaView *view, gboolean labels, RaRenderStats *stats)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, view->width, view->height);
  g_autoptr(cairo_t) cr = cairo_create (surface);
  RaRenderOptions opts;

  ra_render_options_init (&opts);
  opts.draw_labels = labels;
  g_assert_true (ra_renderer_draw_with_stats (snap, view, &opts, cr, NULL, stats));
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (surface);
  return surface;
}

void
tt_save_png (cairo_surface_t *surface, const char *name)
{
  const char *builddir = g_getenv ("RA_TEST_BUILDDIR");
  g_autofree char *dir = g_build_filename (builddir != NULL ? builddir : g_get_tmp_dir (),
                                           "theme-output", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_mkdir_with_parents (dir, 0755);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  g_test_message ("wrote %s", path);
}

void
tt_pixel (cairo_surface_t *surface, int x, int y, guint8 rgb[3])
{
  const guint8 *d = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 px;
  guint a;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));
  memcpy (&px, d + y * stride + 4 * x, 4);
  a = px >> 24;
  /* Premultiplied ARGB composited over white. */
  rgb[0] = (guint8) MIN (255u, ((px >> 16) & 0xff) + (255 - a));
  rgb[1] = (guint8) MIN (255u, ((px >> 8) & 0xff) + (255 - a));
  rgb[2] = (guint8) MIN (255u, (px & 0xff) + (255 - a));
}

gboolean
tt_pixel_is (const guint8 rgb[3], const RaColor *color, int tolerance)
{
  return abs (rgb[0] - (int) (color->r * 255 + 0.5)) <= tolerance &&
         abs (rgb[1] - (int) (color->g * 255 + 0.5)) <= tolerance &&
         abs (rgb[2] - (int) (color->b * 255 + 0.5)) <= tolerance;
}
