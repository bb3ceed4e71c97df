/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <glib/gstdio.h>

#include "ra-core.h"
#include "ra-encoding.h"
#include "ra-source-private.h"

static char *
fixture (const char *name)
{
  return g_build_filename (g_getenv ("RA_TEST_DATA"), name, NULL);
}

static char *
sample (const char *name)
{
  return g_build_filename (g_getenv ("RA_DATADIR"), "samples", name, "counties.geojson", NULL);
}

static RaLayer *
load_ok (const char *path, const char *layer_name)
{
  g_autoptr(GError) error = NULL;
  RaLayer *layer = ra_source_load_layer (path, layer_name, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (layer);
  return layer;
}

static gboolean
has_value (RaLayer *layer, const char *field, const char *value)
{
  RaAttrTable *attrs = ra_layer_get_attrs (layer);
  int f = ra_attr_table_field_index (attrs, field);

  g_assert_cmpint (f, >=, 0);
  for (guint i = 0; i < attrs->n_features; i++)
    if (g_strcmp0 (ra_attr_table_get (attrs, i, f), value) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
has_warning_containing (RaLayer *layer, const char *text)
{
  GPtrArray *w = ra_layer_get_warnings (layer);

  for (guint i = 0; i < w->len; i++)
    if (strstr (g_ptr_array_index (w, i), text) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_geojson_zhangye (void)
{
  g_autofree char *path = sample ("zhangye");
  g_autoptr(RaLayer) layer = load_ok (path, NULL);
  g_autoptr(RaLayerData) data = ra_layer_dup_data (layer);
  RaAttrTable *attrs = ra_layer_get_attrs (layer);
  static const char * const names[] = {
    "甘州区", "肃南裕固族自治县", "民乐县", "临泽县", "高台县", "山丹县",
  };

  g_assert_cmpstr (ra_layer_get_name (layer), ==, "counties");
  g_assert_cmpstr (ra_layer_get_driver (layer), ==, "GeoJSON");
  g_assert_cmpstr (ra_layer_get_source_path (layer), ==, path);
  g_assert_cmpuint (ra_layer_get_n_features (layer), ==, 6);
  g_assert_cmpint (ra_layer_get_kind (layer), ==, RA_GEOM_POLYGON);
  g_assert_true (ra_layer_has_crs (layer));
  g_assert_cmpint (ra_crs_get_epsg (ra_layer_get_source_crs (layer)), ==, 4326);
  g_assert_cmpstr (ra_layer_get_encoding (layer), ==, "UTF-8");
  /* The shipped sample was made valid (data/samples/README.md), so it loads
   * without warnings; invalid input is covered by /source/warning/invalid-geometry. */
  g_assert_cmpuint (ra_layer_get_warnings (layer)->len, ==, 0);
  g_assert_cmpuint (attrs->n_fields, ==, 5);
  g_assert_cmpstr (attrs->field_names[1], ==, "name_zh");
  g_assert_cmpint (attrs->field_types[3], ==, RA_FIELD_REAL);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_true (has_value (layer, "name_zh", names[i]));
  g_assert_cmpstr (ra_attr_table_get (attrs, 0, 0), ==, "620702");

  /* Lon/lat source, x = longitude. */
  g_assert_cmpfloat (fabs (data->extent.x0 - 97.394531), <, 1e-6);
  g_assert_cmpfloat (fabs (data->extent.y1 - 39.888672), <, 1e-6);
  for (guint i = 0; i < data->n_features; i++)
    {
      RaGeometry *g = data->geoms[i];
      double x, y;

      g_assert_nonnull (g);
      g_assert_cmpint (g->kind, ==, RA_GEOM_POLYGON);
      g_assert_cmpuint (g->parts[g->n_parts], ==, g->n_points);
      /* The closing vertex is implicit. */
      g_assert_false (g->xy[0] == g->xy[2 * (g->parts[1] - 1)] &&
                      g->xy[1] == g->xy[2 * (g->parts[1] - 1) + 1]);
      /* The county seat lies inside its county. */
      x = g_ascii_strtod (ra_attr_table_get (attrs, i, 3), NULL);
      y = g_ascii_strtod (ra_attr_table_get (attrs, i, 4), NULL);
      g_assert_true (ra_geometry_contains_point (g, x, y));
    }
}

static void
test_list_layers (void)
{
  g_autofree char *path = fixture ("layers.gpkg");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = ra_source_list_layers (path, &error);
  static const char * const expected[] = { "counties", "seats", "boundaries", "curves", NULL };

  g_assert_no_error (error);
  g_assert_cmpstrv (names, expected);
}

static void
test_gpkg_layers (void)
{
  g_autofree char *path = fixture ("layers.gpkg");
  g_autoptr(RaLayer) seats = load_ok (path, "seats");
  g_autoptr(RaLayer) lines = load_ok (path, "boundaries");
  g_autoptr(RaLayer) curves = load_ok (path, "curves");
  g_autoptr(RaLayer) first = load_ok (path, NULL);
  g_autoptr(RaLayerData) cd = ra_layer_dup_data (curves);

  g_assert_cmpstr (ra_layer_get_name (first), ==, "counties");
  g_assert_cmpstr (ra_layer_get_driver (first), ==, "GPKG");
  g_assert_cmpint (ra_layer_get_kind (seats), ==, RA_GEOM_POINT);
  g_assert_cmpuint (ra_layer_get_n_features (seats), ==, 6);
  g_assert_true (has_value (seats, "name_zh", "甘州区"));
  g_assert_cmpint (ra_layer_get_kind (lines), ==, RA_GEOM_LINE);
  g_assert_cmpuint (ra_layer_get_n_features (lines), ==, 14);

  /* Curves are linearised, Z dropped. */
  g_assert_cmpuint (cd->n_features, ==, 3);
  g_assert_cmpint (cd->geoms[0]->kind, ==, RA_GEOM_LINE);
  g_assert_cmpuint (cd->geoms[0]->n_points, >, 10);
  g_assert_cmpint (cd->geoms[1]->kind, ==, RA_GEOM_POLYGON);
  g_assert_cmpuint (cd->geoms[1]->n_points, >, 10);
  /* A circle of diameter 1 degree around (100.5, 38). */
  g_assert_true (ra_geometry_contains_point (cd->geoms[1], 100.5, 38.0));
  g_assert_cmpint (cd->geoms[2]->kind, ==, RA_GEOM_POINT);
  g_assert_cmpfloat (cd->geoms[2]->xy[0], ==, 100.4);
  g_assert_cmpfloat (cd->geoms[2]->xy[1], ==, 38.9);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RaLayer) none = ra_source_load_layer (path, "rivers", NULL, &error);
    g_assert_null (none);
    g_assert_error (error, RA_ERROR, RA_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "layers.gpkg"));
    g_assert_nonnull (strstr (error->message, "rivers"));
  }
}

/* GBK bytes, no .cpg, LDID 0: detected and decoded as GB18030. */
static void
test_gbk_no_cpg (void)
{
  g_autofree char *path = fixture ("zhangye-gbk-nocpg.shp");
  g_autoptr(RaLayer) layer = load_ok (path, NULL);

  g_assert_cmpstr (ra_layer_get_driver (layer), ==, "ESRI Shapefile");
  g_assert_cmpuint (ra_layer_get_n_features (layer), ==, 6);
  g_assert_true (has_value (layer, "name_zh", "甘州区"));
  g_assert_true (has_value (layer, "name_zh", "肃南裕固族自治县"));
  g_assert_true (has_value (layer, "name_en", "Ganzhou District"));
  /* The label also says how sure the detection is (issue 14). */
  g_assert_true (g_str_has_prefix (ra_layer_get_encoding (layer), "GB18030 (detected, no .cpg; sure: "));
}

static void
test_utf8_cpg (void)
{
  g_autofree char *path = fixture ("zhangye-utf8.shp");
  g_autoptr(RaLayer) layer = load_ok (path, NULL);

  g_assert_true (has_value (layer, "name_zh", "甘州区"));
  g_assert_cmpstr (ra_layer_get_encoding (layer), ==, "UTF-8 (.cpg)");
}

/* The counties in EPSG:4542 from a shapefile with an ESRI .prj overlay the
 * GeoJSON exactly in a map in EPSG:4542. */
static void
test_gk_shapefile_overlay (void)
{
  g_autofree char *shp = fixture ("counties-gk.shp");
  g_autofree char *json = sample ("zhangye");
  g_autoptr(RaLayer) gk = load_ok (shp, NULL);
  g_autoptr(RaLayer) ll = load_ok (json, NULL);
  g_autoptr(RaMap) map = ra_map_new ();
  g_autoptr(RaCrs) crs = ra_crs_new_from_epsg (4542, NULL);
  g_autoptr(RaLayerData) a = NULL;
  g_autoptr(RaLayerData) b = NULL;
  double worst = 0;

  g_assert_cmpstr (ra_crs_get_auth_id (ra_layer_get_source_crs (gk)), ==, "EPSG:4542");
  g_assert_false (has_warning_containing (gk, "coordinate reference system"));
  g_assert_true (ra_map_set_crs (map, crs, NULL));
  g_assert_true (ra_map_add_layer (map, gk, NULL));
  g_assert_true (ra_map_add_layer (map, ll, NULL));
  g_assert_cmpint (ra_crs_get_epsg (ra_map_get_crs (map)), ==, 4542);

  a = ra_layer_dup_data (gk);
  b = ra_layer_dup_data (ll);
  g_assert_cmpfloat (fabs (a->extent.x0 - b->extent.x0), <, 1.0);
  g_assert_cmpfloat (fabs (a->extent.y0 - b->extent.y0), <, 1.0);
  g_assert_cmpfloat (fabs (a->extent.x1 - b->extent.x1), <, 1.0);
  g_assert_cmpfloat (fabs (a->extent.y1 - b->extent.y1), <, 1.0);
  g_assert_cmpuint (a->n_features, ==, b->n_features);
  for (guint i = 0; i < a->n_features; i++)
    {
      g_assert_cmpuint (a->geoms[i]->n_points, ==, b->geoms[i]->n_points);
      for (guint k = 0; k < a->geoms[i]->n_points; k++)
        worst = MAX (worst, hypot (a->geoms[i]->xy[2 * k] - b->geoms[i]->xy[2 * k],
                                   a->geoms[i]->xy[2 * k + 1] - b->geoms[i]->xy[2 * k + 1]));
    }
  g_test_message ("largest vertex offset: %.6f m", worst);
  g_assert_cmpfloat (worst, <, 0.5);
}

#define assert_error_names_file(error, code, file) G_STMT_START { \
    g_assert_error (error, RA_ERROR, code);                       \
    g_assert_nonnull (strstr ((error)->message, file));           \
  } G_STMT_END

static void
test_error_missing (void)
{
  g_autofree char *path = fixture ("no-such-file.shp");
  g_autoptr(GError) error = NULL;

  g_assert_null (ra_source_load_layer (path, NULL, NULL, &error));
  assert_error_names_file (error, RA_ERROR_NOT_FOUND, "no-such-file.shp");
  g_clear_error (&error);
  g_assert_null (ra_source_list_layers (path, &error));
  assert_error_names_file (error, RA_ERROR_NOT_FOUND, "no-such-file.shp");
}

static void
test_error_directory (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ra-test-dir-XXXXXX", &error);
  g_autofree char *readme = NULL;
  g_autofree char *base = NULL;

  g_assert_no_error (error);
  readme = g_build_filename (dir, "README.txt", NULL);
  g_assert_true (g_file_set_contents (readme, "not data\n", -1, NULL));
  base = g_path_get_basename (dir);
  g_assert_null (ra_source_load_layer (dir, NULL, NULL, &error));
  assert_error_names_file (error, RA_ERROR_UNSUPPORTED, base);
  g_test_message ("%s", error->message);
  g_unlink (readme);
  g_rmdir (dir);
}

static void
test_error_unsupported (void)
{
  g_autofree char *path = fixture ("not-a-shapefile.shp");
  g_autofree char *text = fixture ("make-fixtures.sh");
  g_autoptr(GError) error = NULL;

  g_assert_null (ra_source_load_layer (path, NULL, NULL, &error));
  assert_error_names_file (error, RA_ERROR_UNSUPPORTED, "not-a-shapefile.shp");
  g_assert_nonnull (strstr (error->message, "unsupported format"));
  g_clear_error (&error);
  g_assert_null (ra_source_load_layer (text, NULL, NULL, &error));
  assert_error_names_file (error, RA_ERROR_UNSUPPORTED, "make-fixtures.sh");
}

static void
test_error_truncated (void)
{
  g_autofree char *half = fixture ("zhangye-truncated.shp");
  g_autofree char *header = fixture ("zhangye-header-only.shp");
  g_autoptr(GError) error = NULL;
  g_autoptr(RaLayer) layer = NULL;

  /* Nothing readable: an error. */
  g_assert_null (ra_source_load_layer (header, NULL, NULL, &error));
  assert_error_names_file (error, RA_ERROR_CORRUPT, "zhangye-header-only.shp");
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* Half the file: loaded, with a warning. */
  layer = ra_source_load_layer (half, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (layer);
  g_assert_cmpuint (ra_layer_get_warnings (layer)->len, ==, 1);
  g_test_message ("%s", (char *) g_ptr_array_index (ra_layer_get_warnings (layer), 0));
  g_assert_true (has_warning_containing (layer, "damaged: only "));
  g_assert_true (has_warning_containing (layer, " of 6 features could be read"));
}

static void
test_error_empty (void)
{
  g_autofree char *path = fixture ("empty.geojson");
  g_autoptr(GError) error = NULL;

  g_assert_null (ra_source_load_layer (path, NULL, NULL, &error));
  assert_error_names_file (error, RA_ERROR_EMPTY, "empty.geojson");
}

static void
test_invalid_geometry (void)
{
  g_autofree char *path = fixture ("invalid.geojson");
  g_autoptr(RaLayer) layer = load_ok (path, NULL);
  g_autoptr(RaLayerData) data = ra_layer_dup_data (layer);

  g_assert_cmpuint (data->n_features, ==, 4);
  g_assert_nonnull (data->geoms[0]);   /* bow tie: kept, drawn as it is */
  g_assert_null (data->geoms[1]);      /* two-point ring: dropped */
  g_assert_nonnull (data->geoms[2]);
  g_assert_null (data->geoms[3]);      /* no geometry */
  g_assert_true (has_value (layer, "name", "nothing"));
  g_assert_cmpuint (ra_layer_get_warnings (layer)->len, ==, 1);
  g_test_message ("%s", (char *) g_ptr_array_index (ra_layer_get_warnings (layer), 0));
  g_assert_true (has_warning_containing (layer, "2 features have invalid geometry: 1 self-intersecting"));
  g_assert_true (has_warning_containing (layer, "1 with non-finite coordinates or rings of fewer than 3 points"));
}

static void
test_no_crs (void)
{
  g_autofree char *path = fixture ("counties-gk-noprj.shp");
  g_autoptr(RaLayer) layer = load_ok (path, NULL);
  g_autoptr(RaCrs) gk = ra_crs_new_from_epsg (4542, NULL);
  g_autoptr(RaCrs) ll = ra_crs_new_from_epsg (4326, NULL);
  g_autoptr(RaLayerData) before = NULL;
  g_autoptr(RaLayerData) after = NULL;
  RaBBox e;

  g_assert_false (ra_layer_has_crs (layer));
  g_assert_true (has_warning_containing (layer, "no coordinate reference system"));
  g_assert_false (ra_layer_get_extent_lonlat (layer, &e));

  /* Drawn untransformed in a lon/lat map. */
  g_assert_true (ra_layer_set_map_crs (layer, ll, NULL));
  before = ra_layer_dup_data (layer);
  g_assert_cmpfloat (before->extent.x0, >, 100000);

  g_assert_true (ra_layer_assign_crs (layer, gk, NULL));
  g_assert_true (ra_layer_has_crs (layer));
  g_assert_false (has_warning_containing (layer, "no coordinate reference system"));
  after = ra_layer_dup_data (layer);
  g_assert_cmpfloat (fabs (after->extent.x0 - 97.39), <, 0.01);
  g_assert_cmpfloat (fabs (after->extent.y1 - 39.89), <, 0.01);
  g_assert_true (ra_layer_get_extent_lonlat (layer, &e));
  /* (the lon/lat box of the GK box is a little larger than the data's) */
  g_assert_cmpfloat (fabs (e.x1 - 102.21), <, 0.15);
  g_assert_cmpint (ra_crs_gk_zone_epsg_for_lon ((e.x0 + e.x1) / 2), ==, 4542);
}

typedef struct {
  GMainLoop      *loop;
  RaSourceResult *result;
  GError         *error;
} AsyncData;

static void
load_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  AsyncData *d = user_data;

  g_assert_null (source);
  d->result = ra_source_load_finish (res, &d->error);
  g_main_loop_quit (d->loop);
}

static void
run_async (const char *path, const char * const *names, RaCrs *crs,
           GCancellable *cancellable, AsyncData *d)
{
  d->loop = g_main_loop_new (NULL, FALSE);
  ra_source_load_async (path, names, crs, cancellable, load_done, d);
  g_main_loop_run (d->loop);
  g_main_loop_unref (d->loop);
}

static void
test_async (void)
{
  g_autofree char *path = fixture ("layers.gpkg");
  g_autoptr(RaCrs) gk = ra_crs_new_from_epsg (4542, NULL);
  AsyncData d = { 0 };

  run_async (path, NULL, gk, NULL, &d);
  g_assert_no_error (d.error);
  g_assert_nonnull (d.result);
  g_assert_cmpstr (d.result->path, ==, path);
  g_assert_cmpuint (d.result->layers->len, ==, 4);
  g_assert_cmpuint (d.result->errors->len, ==, 0);
  {
    RaLayer *counties = g_ptr_array_index (d.result->layers, 0);
    g_autoptr(RaLayerData) data = ra_layer_dup_data (counties);

    g_assert_cmpstr (ra_layer_get_name (counties), ==, "counties");
    /* Already in the map CRS (GK metres). */
    g_assert_cmpfloat (data->extent.x0, >, 200000);
  }
  g_clear_pointer (&d.result, ra_source_result_free);

  /* Per-layer errors are collected; the rest loads. */
  {
    static const char * const names[] = { "seats", "rivers", NULL };
    run_async (path, names, NULL, NULL, &d);
    g_assert_no_error (d.error);
    g_assert_cmpuint (d.result->layers->len, ==, 1);
    g_assert_cmpuint (d.result->errors->len, ==, 1);
    {
      GError *e = g_ptr_array_index (d.result->errors, 0);
      assert_error_names_file (e, RA_ERROR_NOT_FOUND, "layers.gpkg");
      g_assert_nonnull (strstr (e->message, "rivers"));
    }
    g_clear_pointer (&d.result, ra_source_result_free);
  }

  /* The whole source failing. */
  {
    g_autofree char *missing = fixture ("missing.gpkg");
    run_async (missing, NULL, NULL, NULL, &d);
    g_assert_null (d.result);
    assert_error_names_file (d.error, RA_ERROR_NOT_FOUND, "missing.gpkg");
    g_clear_error (&d.error);
  }

  /* Cancelled before it starts. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_cancellable_cancel (cancellable);
    run_async (path, NULL, NULL, cancellable, &d);
    g_assert_null (d.result);
    g_assert_error (d.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&d.error);
  }
}


static guint64
count_points (RaLayer *layer)
{
  g_autoptr(RaLayerData) data = ra_layer_dup_data (layer);
  guint64 n = 0;

  for (guint i = 0; i < data->n_features; i++)
    if (data->geoms[i] != NULL)
      n += data->geoms[i]->n_points;
  return n;
}

/* Loading for one view: a layer in the view's CRS keeps the vertices half
 * a pixel apart (every ring still closed by its first and last vertex),
 * one in another CRS loads in full; no view, in full. */
static void
test_load_for_view (void)
{
  g_autofree char *path = sample ("zhangye");
  g_autoptr(RaCrs) wgs84 = ra_crs_new_from_epsg (4326, NULL);
  g_autoptr(RaCrs) gk = ra_crs_new_from_epsg (4526, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RaLayer) full = ra_source_load_layer_for_view (path, NULL, RA_SOURCE_LOAD_DEFAULT, NULL, 0.0, NULL, &error);
  g_autoptr(RaLayer) coarse = ra_source_load_layer_for_view (path, NULL, RA_SOURCE_LOAD_DEFAULT, wgs84, 0.01, NULL, &error);
  g_autoptr(RaLayer) other = ra_source_load_layer_for_view (path, NULL, RA_SOURCE_LOAD_DEFAULT, gk, 1000.0, NULL, &error);
  g_autoptr(RaLayerData) data = NULL;
  g_autoptr(RaLayerData) full_data = NULL;

  g_assert_no_error (error);
  g_test_message ("vertices: %" G_GUINT64_FORMAT " in full, %" G_GUINT64_FORMAT " for a 0.01° view",
                  count_points (full), count_points (coarse));
  g_assert_cmpuint (count_points (coarse), <, count_points (full) / 3);
  g_assert_cmpuint (count_points (coarse), >=, 6 * 3);
  g_assert_cmpuint (count_points (other), ==, count_points (full));
  data = ra_layer_dup_data (coarse);
  full_data = ra_layer_dup_data (full);
  g_assert_cmpuint (data->n_features, ==, 6);
  for (guint i = 0; i < data->n_features; i++)
    {
      const RaGeometry *g = data->geoms[i], *f = full_data->geoms[i];

      g_assert_cmpuint (g->n_parts, ==, f->n_parts);
      /* The first vertex of every part stays, and nothing moves. */
      for (guint p = 0; p < g->n_parts; p++)
        {
          g_assert_cmpfloat (g->xy[2 * g->parts[p]], ==, f->xy[2 * f->parts[p]]);
          g_assert_cmpfloat (g->xy[2 * (g->parts[p + 1] - 1)], ==, f->xy[2 * (f->parts[p + 1] - 1)]);
        }
      g_assert_cmpfloat (fabs (g->bbox.x0 - f->bbox.x0), <, 0.01);
      g_assert_cmpfloat (fabs (g->bbox.y1 - f->bbox.y1), <, 0.01);
    }
  /* Attributes are read as usual. */
  g_assert_cmpstr (ra_attr_table_get (ra_layer_get_attrs (coarse), 0, 1), ==,
                   ra_attr_table_get (ra_layer_get_attrs (full), 0, 1));
}


/* ---- issue 14 ------------------------------------------------------------ */

static char *
encode (const char *utf8, const char *charset)
{
  char *out = g_convert (utf8, -1, charset, "UTF-8", NULL, NULL, NULL);

  g_assert_nonnull (out);
  return out;
}

/* The detector on its own: Big5, GBK, Latin-1 and UTF-8 values each come
 * back as their encoding, and how sure it is follows the amount of text. */
static void
test_encoding_guesser (void)
{
  static const struct { const char *charset, *expect; const char *names[4]; } cases[] = {
    { "BIG5", "BIG5", { "甘州區", "臨澤縣", "高臺縣", NULL } },
    { "GBK", "GB18030", { "甘州区", "临泽县", "高台县", NULL } },
    { "GB18030", "GB18030", { "肃南裕固族自治县", "民乐县", NULL } },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(RaEncodingGuesser) g = ra_encoding_guesser_new ();
      g_autofree char *cs = NULL;
      g_autofree char *evidence = NULL;
      RaEncodingConfidence conf;

      for (guint i = 0; cases[c].names[i] != NULL; i++)
        {
          g_autofree char *raw = encode (cases[c].names[i], cases[c].charset);
          ra_encoding_guesser_add (g, raw);
        }
      cs = ra_encoding_guesser_finish (g, &conf, &evidence);
      g_test_message ("%s: %s (%d, %s)", cases[c].charset, cs, conf, evidence);
      g_assert_cmpstr (cs, ==, cases[c].expect);
      g_assert_cmpint (conf, !=, RA_ENCODING_UNSURE);
    }
  {
    /* Latin-1: a Western single-byte set that decodes it the same. */
    g_autoptr(RaEncodingGuesser) g = ra_encoding_guesser_new ();
    g_autofree char *raw = encode ("Müller Straße Café", "ISO-8859-1");
    g_autofree char *cs = NULL;
    g_autofree char *back = NULL;

    ra_encoding_guesser_add (g, raw);
    cs = ra_encoding_guesser_finish (g, NULL, NULL);
    back = g_convert (raw, -1, "UTF-8", cs, NULL, NULL, NULL);
    g_assert_cmpstr (back, ==, "Müller Straße Café");
  }
  {
    /* UTF-8 only: sure, nothing to detect. */
    g_autoptr(RaEncodingGuesser) g = ra_encoding_guesser_new ();
    g_autofree char *cs = NULL;
    RaEncodingConfidence conf;

    ra_encoding_guesser_add (g, "甘州区");
    ra_encoding_guesser_add (g, "plain");
    cs = ra_encoding_guesser_finish (g, &conf, NULL);
    g_assert_cmpstr (cs, ==, "UTF-8");
    g_assert_cmpint (conf, ==, RA_ENCODING_SURE);
  }
  {
    /* Bytes no candidate decodes: unsure. */
    g_autoptr(RaEncodingGuesser) g = ra_encoding_guesser_new ();
    g_autofree char *cs = NULL;
    RaEncodingConfidence conf;

    ra_encoding_guesser_add (g, "\x81\x30\xff\xff");
    cs = ra_encoding_guesser_finish (g, &conf, NULL);
    g_assert_cmpint (conf, ==, RA_ENCODING_UNSURE);
  }
}

/* A GBK shapefile read with a chosen encoding: Big5 garbles the names and
 * says it was chosen; an unknown name is refused, naming it. */
static void
test_encoding_override (void)
{
  g_autofree char *path = fixture ("zhangye-gbk-nocpg.shp");
  g_autoptr(GError) error = NULL;
  g_autoptr(RaLayer) big5 = ra_source_load_layer_encoded (path, NULL, "BIG5", RA_SOURCE_LOAD_DEFAULT,
                                                          NULL, 0.0, NULL, &error);
  g_autoptr(RaLayer) gbk = NULL;
  g_autoptr(RaLayer) bad = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (ra_layer_get_encoding (big5), ==, "Big5 (chosen)");
  g_assert_false (has_value (big5, "name_zh", "甘州区"));
  g_assert_true (has_value (big5, "name_en", "Ganzhou District"));
  gbk = ra_source_load_layer_encoded (path, NULL, "GBK", RA_SOURCE_LOAD_DEFAULT, NULL, 0.0, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (has_value (gbk, "name_zh", "甘州区"));
  bad = ra_source_load_layer_encoded (path, NULL, "KLINGON-8", RA_SOURCE_LOAD_DEFAULT, NULL, 0.0, NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, RA_ERROR, RA_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "KLINGON-8"));
  g_assert_nonnull (strstr (error->message, "zhangye-gbk-nocpg.shp"));
}

static char *
write_temp (const char *name, const char *text)
{
  g_autofree char *dir = g_dir_make_tmp ("ra-test-source-XXXXXX", NULL);
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

/* A declared CRS PROJ does not know: no CRS and a warning naming it (GDAL
 * alone says WGS 84). */
static void
test_unknown_declared_crs (void)
{
  g_autofree char *path = write_temp ("unknown-crs.geojson",
    "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:999999\"}},"
    "\"features\":[{\"type\":\"Feature\",\"properties\":{\"name\":\"a\"},"
    "\"geometry\":{\"type\":\"Point\",\"coordinates\":[100.4,38.9]}}]}");
  g_autoptr(RaLayer) layer = load_ok (path, NULL);

  g_assert_false (ra_layer_has_crs (layer));
  g_assert_true (has_warning_containing (layer, "“EPSG:999999”, which PROJ does not know"));
}

/* A point at 1e308 among good ones: dropped with a warning, the extent is
 * the good points'. */
static void
test_far_coordinates (void)
{
  g_autofree char *path = write_temp ("far.geojson",
    "{\"type\":\"FeatureCollection\",\"features\":["
    "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Point\",\"coordinates\":[1e308,1e308]}},"
    "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Point\",\"coordinates\":[100.4,38.9]}}]}");
  g_autoptr(RaLayer) layer = load_ok (path, NULL);
  RaBBox ll;

  g_assert_true (has_warning_containing (layer, "1 feature has coordinates no place on Earth has"));
  g_assert_true (ra_layer_get_extent_lonlat (layer, &ll));
  g_assert_cmpfloat (ll.x1, <, 101.0);
  g_assert_cmpfloat (ll.y1, <, 39.0);
}

/* GDAL virtual paths are taken like files: a gzipped GeoJSON (written
 * with GIO's zlib compressor) through /vsigzip/. */
static void
test_vsi_paths (void)
{
  static const char text[] =
    "{\"type\":\"FeatureCollection\",\"features\":["
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"甘州区\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[100.4,38.9]}}]}";
  g_autofree char *plain = write_temp ("one.geojson", "x");
  g_autofree char *gz = g_strconcat (plain, ".gz", NULL);
  g_autofree char *vsi = g_strconcat ("/vsigzip/", gz, NULL);
  g_autofree char *missing = g_strconcat ("/vsizip/", gz, ".zip/x.shp", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (gz);
  g_autoptr(GFileOutputStream) out = g_file_replace (file, NULL, FALSE, 0, NULL, NULL);
  g_autoptr(GZlibCompressor) zc = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);
  g_autoptr(GOutputStream) zout = g_converter_output_stream_new (G_OUTPUT_STREAM (out), G_CONVERTER (zc));
  g_autoptr(RaLayer) layer = NULL;

  g_assert_true (g_output_stream_write_all (zout, text, strlen (text), NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (zout, NULL, NULL));
  g_assert_true (ra_source_path_exists (vsi));
  g_assert_false (ra_source_path_exists (missing));
  layer = load_ok (vsi, NULL);
  g_assert_cmpuint (ra_layer_get_n_features (layer), ==, 1);
  g_assert_true (has_value (layer, "name", "甘州区"));
}


/* File names in GBK bytes (a zip from a Chinese Windows PC) are shown
 * decoded; UTF-8 names are kept as they are. */
static void
test_path_display_name (void)
{
  g_autofree char *gbk = g_convert ("/data/张掖 县界.shp", -1, "GB18030", "UTF-8", NULL, NULL, NULL);
  g_autofree char *shown = ra_path_display_name (gbk);
  g_autofree char *kept = ra_path_display_name ("/data/张掖县界.shp");

  g_assert_cmpstr (shown, ==, "/data/张掖 县界.shp");
  g_assert_cmpstr (kept, ==, "/data/张掖县界.shp");
  g_assert_null (ra_path_display_name (NULL));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();

  g_test_add_func ("/source/geojson/zhangye", test_geojson_zhangye);
  g_test_add_func ("/source/encoding/guesser", test_encoding_guesser);
  g_test_add_func ("/source/encoding/override", test_encoding_override);
  g_test_add_func ("/source/crs/unknown-declared", test_unknown_declared_crs);
  g_test_add_func ("/source/far-coordinates", test_far_coordinates);
  g_test_add_func ("/source/vsi-paths", test_vsi_paths);
  g_test_add_func ("/source/path-display-name", test_path_display_name);
  g_test_add_func ("/source/load-for-view", test_load_for_view);
  g_test_add_func ("/source/list-layers/gpkg", test_list_layers);
  g_test_add_func ("/source/gpkg/kinds-curves-3d", test_gpkg_layers);
  g_test_add_func ("/source/encoding/gbk-no-cpg", test_gbk_no_cpg);
  g_test_add_func ("/source/encoding/utf8-cpg", test_utf8_cpg);
  g_test_add_func ("/source/crs/gk-shapefile-overlays-geojson", test_gk_shapefile_overlay);
  g_test_add_func ("/source/error/missing", test_error_missing);
  g_test_add_func ("/source/error/directory", test_error_directory);
  g_test_add_func ("/source/error/unsupported", test_error_unsupported);
  g_test_add_func ("/source/error/truncated", test_error_truncated);
  g_test_add_func ("/source/error/empty-layer", test_error_empty);
  g_test_add_func ("/source/warning/invalid-geometry", test_invalid_geometry);
  g_test_add_func ("/source/warning/no-crs-then-assign", test_no_crs);
  g_test_add_func ("/source/async", test_async);
  return g_test_run ();
}
