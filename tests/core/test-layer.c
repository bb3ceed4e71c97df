/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ra-autocleanups.h"
#include "ra-core.h"
#include "ra-renderer.h"

/* A 3 x 1 row of unit squares in lon/lat with a "name" attribute, plus a
 * feature without geometry. */
static RaLayer *
make_layer (void)
{
  static const char * const names[] = { "name", "area" };
  static const RaFieldType types[] = { RA_FIELD_STRING, RA_FIELD_REAL };
  g_autoptr(RaCrs) ll = ra_crs_new_from_epsg (4490, NULL);
  RaLayer *layer = ra_layer_new ("squares", RA_GEOM_POLYGON, ll);

  ra_layer_set_fields (layer, 2, names, types);
  for (guint i = 0; i < 3; i++)
    {
      RaGeometry *g = ra_geometry_new (RA_GEOM_POLYGON, 4, 1);
      double x0 = 100 + i;
      double xy[] = { x0, 38, x0 + 1, 38, x0 + 1, 39, x0, 39 };
      char **values = g_new0 (char *, 2);

      memcpy (g->xy, xy, sizeof xy);
      values[0] = g_strdup_printf ("square %u", i);
      values[1] = NULL;
      ra_layer_add_feature (layer, 10 + i, g, values);
    }
  ra_layer_add_feature (layer, 99, NULL, NULL);
  return layer;
}

static void
count_cb (gpointer instance, gpointer pspec_or_null, guint *counter)
{
  (*counter)++;
}

static void
test_build_and_attrs (void)
{
  g_autoptr(RaLayer) layer = make_layer ();
  g_autoptr(RaLayerData) data = ra_layer_dup_data (layer);
  RaAttrTable *attrs = ra_layer_get_attrs (layer);

  g_assert_cmpuint (ra_layer_get_n_features (layer), ==, 4);
  g_assert_cmpuint (data->n_features, ==, 4);
  g_assert_null (data->geoms[3]);
  g_assert_cmpfloat (data->extent.x0, ==, 100);
  g_assert_cmpfloat (data->extent.x1, ==, 103);
  g_assert_cmpuint (ra_layer_get_warnings (layer)->len, ==, 0);
  g_assert_cmpint (ra_attr_table_field_index (attrs, "area"), ==, 1);
  g_assert_cmpint (ra_attr_table_field_index (attrs, "nope"), ==, -1);
  g_assert_cmpstr (ra_attr_table_get (attrs, 1, 0), ==, "square 1");
  g_assert_null (ra_attr_table_get (attrs, 1, 1));
  g_assert_null (ra_attr_table_get (attrs, 3, 0));
  g_assert_cmpint (attrs->fids[3], ==, 99);
  g_assert_true (data->attrs == attrs);
  /* The text lives in one block (no heap page pinned by small strings). */
  g_assert_nonnull (attrs->text_block);
  g_assert_true (ra_attr_table_get (attrs, 1, 0) >= attrs->text_block);
  {
    RaAttrTable *ref = ra_attr_table_ref (attrs);
    ra_attr_table_unref (ref);
  }
}

static void
test_properties (void)
{
  g_autoptr(RaLayer) layer = make_layer ();
  g_autoptr(RaStyle) style = ra_style_new_default (RA_GEOM_POLYGON, 3);
  g_autoptr(RaStyle) got = NULL;
  g_autofree char *name = NULL;
  guint notifies = 0;
  gboolean visible;
  double opacity;

  g_assert_nonnull (ra_layer_get_style (layer));
  g_assert_true (ra_layer_get_visible (layer));
  g_assert_cmpfloat (ra_layer_get_opacity (layer), ==, 1.0);
  g_signal_connect (layer, "notify", G_CALLBACK (count_cb), &notifies);

  ra_layer_set_name (layer, "renamed");
  ra_layer_set_name (layer, "renamed");
  g_assert_cmpuint (notifies, ==, 1);
  g_object_set (layer, "visible", FALSE, "opacity", 0.25, NULL);
  g_assert_cmpuint (notifies, ==, 3);
  ra_layer_set_opacity (layer, 0.25);
  g_assert_cmpuint (notifies, ==, 3);
  ra_style_set_label_field (style, "name");
  ra_layer_set_style (layer, style);
  g_assert_cmpuint (notifies, ==, 4);
  g_assert_true (ra_layer_get_style (layer) != style);   /* copied */
  g_assert_cmpstr (ra_layer_get_style (layer)->label_field, ==, "name");

  g_object_get (layer, "name", &name, "visible", &visible, "opacity", &opacity,
                "style", &got, NULL);
  g_assert_cmpstr (name, ==, "renamed");
  g_assert_false (visible);
  g_assert_cmpfloat (opacity, ==, 0.25);
  g_assert_cmpstr (got->label_field, ==, "name");
}

static void
test_reproject_keeps_old_snapshot (void)
{
  g_autoptr(RaLayer) layer = make_layer ();
  g_autoptr(RaCrs) gk = ra_crs_new_from_epsg (4542, NULL);
  g_autoptr(RaCrs) ll = ra_crs_new_from_epsg (4490, NULL);
  g_autoptr(RaLayerData) old = NULL;
  g_autoptr(RaLayerData) fresh = NULL;
  g_autoptr(RaLayerData) same = NULL;
  guint changed = 0;

  g_signal_connect (layer, "changed", G_CALLBACK (count_cb), &changed);
  g_assert_true (ra_layer_set_map_crs (layer, ll, NULL));
  old = ra_layer_dup_data (layer);
  g_assert_true (ra_layer_set_map_crs (layer, gk, NULL));
  fresh = ra_layer_dup_data (layer);
  g_assert_true (old != fresh);
  g_assert_cmpfloat (old->geoms[0]->xy[0], ==, 100);
  g_assert_cmpfloat (fresh->geoms[0]->xy[0], >, 500000);
  g_assert_true (fresh->attrs == old->attrs);   /* shared */
  g_assert_null (fresh->geoms[3]);
  g_assert_cmpuint (changed, ==, 0);
  /* Identity: the source snapshot itself. */
  g_assert_true (ra_layer_set_map_crs (layer, ll, NULL));
  same = ra_layer_dup_data (layer);
  g_assert_true (same == old);
}

typedef struct {
  RaLayer *layer;
  gint     stop;
  guint    reads;
} ReaderData;

static gpointer
reader_thread (gpointer user_data)
{
  ReaderData *rd = user_data;

  while (!g_atomic_int_get (&rd->stop))
    {
      g_autoptr(RaLayerData) data = ra_layer_dup_data (rd->layer);
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint));
      double sum = 0;

      ra_index_query (data->index, &data->extent, ids);
      g_assert_cmpuint (ids->len, ==, 3);
      for (guint i = 0; i < ids->len; i++)
        {
          RaGeometry *g = data->geoms[g_array_index (ids, guint, i)];
          for (guint k = 0; k < 2 * g->n_points; k++)
            sum += g->xy[k];
        }
      g_assert_true (isfinite (sum));
      rd->reads++;
    }
  return NULL;
}

/* A render thread keeps reading while the main thread reprojects. */
static void
test_concurrent_readers (void)
{
  g_autoptr(RaLayer) layer = make_layer ();
  g_autoptr(RaCrs) gk = ra_crs_new_from_epsg (4542, NULL);
  g_autoptr(RaCrs) merc = ra_crs_new_from_epsg (3857, NULL);
  ReaderData rd = { layer, 0, 0 };
  GThread *thread;

  g_assert_true (ra_layer_set_map_crs (layer, gk, NULL));
  thread = g_thread_new ("reader", reader_thread, &rd);
  for (guint i = 0; i < 40; i++)
    g_assert_true (ra_layer_set_map_crs (layer, i % 2 ? gk : merc, NULL));
  g_atomic_int_set (&rd.stop, 1);
  g_thread_join (thread);
  g_test_message ("%u reads", rd.reads);
}

static void
test_find_features (void)
{
  g_autoptr(RaLayer) layer = make_layer ();
  g_autoptr(GArray) hits = NULL;

  hits = ra_layer_find_features_at (layer, 101.5, 38.5, 0.01);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpuint (g_array_index (hits, guint, 0), ==, 1);
  g_clear_pointer (&hits, g_array_unref);

  /* On the shared edge x = 101 both squares match; outside, nearest first. */
  hits = ra_layer_find_features_at (layer, 103.05, 38.5, 0.1);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpuint (g_array_index (hits, guint, 0), ==, 2);
  g_clear_pointer (&hits, g_array_unref);
  hits = ra_layer_find_features_at (layer, 101.0, 38.5, 0.001);
  g_assert_cmpuint (hits->len, ==, 2);
  g_clear_pointer (&hits, g_array_unref);
  hits = ra_layer_find_features_at (layer, 110, 38.5, 1);
  g_assert_cmpuint (hits->len, ==, 0);
}

static void
test_extent_lonlat (void)
{
  g_autoptr(RaLayer) layer = make_layer ();
  g_autoptr(RaLayer) bare = ra_layer_new ("bare", RA_GEOM_POINT, NULL);
  RaBBox e;

  g_assert_true (ra_layer_get_extent_lonlat (layer, &e));
  g_assert_cmpfloat (fabs (e.x0 - 100), <, 1e-5);
  g_assert_cmpfloat (fabs (e.y1 - 39), <, 1e-5);
  g_assert_false (ra_layer_get_extent_lonlat (bare, &e));
  g_assert_cmpuint (ra_layer_get_warnings (bare)->len, ==, 1);
  g_assert_null (ra_map_suggest_crs_for_layer (bare));
}


/* A lon/lat ring of n vertices on a circle of 2° around (102, 38). */
static RaLayer *
make_dense_layer (guint n)
{
  g_autoptr(RaCrs) ll = ra_crs_new_from_epsg (4490, NULL);
  RaLayer *layer = ra_layer_new ("dense", RA_GEOM_POLYGON, ll);
  RaGeometry *g = ra_geometry_new (RA_GEOM_POLYGON, n, 1);

  for (guint i = 0; i < n; i++)
    {
      g->xy[2 * i] = 102 + 2 * cos (2 * G_PI * i / n);
      g->xy[2 * i + 1] = 38 + 2 * sin (2 * G_PI * i / n);
    }
  g->parts[0] = 0;
  g->parts[1] = n;
  ra_geometry_update_bbox (g);
  ra_layer_add_feature (layer, 1, g, NULL);
  return layer;
}

/* The app's quick first view of a big layer: simplified for a coarse
 * resolution, then refined to every vertex; a compact layer then keeps
 * only the map copy, and still goes back to its source coordinates, to
 * another map CRS and to a reassigned CRS exactly enough. */
static void
test_first_view_refine_compact (void)
{
  const guint n = 20000;
  g_autoptr(RaLayer) layer = make_dense_layer (n);
  g_autoptr(RaLayer) plain = make_dense_layer (n);
  g_autoptr(RaCrs) gk = ra_crs_new_from_epsg (4526, NULL);   /* CGCS2000 GK zone 34 */
  g_autoptr(RaCrs) merc = ra_crs_new_from_epsg (3857, NULL);
  g_autoptr(RaCrs) ll = ra_crs_new_from_epsg (4490, NULL);
  g_autoptr(RaLayerData) coarse = NULL, full = NULL, back = NULL, expect = NULL, got = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(RaCoordScratch) s1 = RA_COORD_SCRATCH_INIT;
  g_auto(RaCoordScratch) s2 = RA_COORD_SCRATCH_INIT;
  const double *a, *b;
  guint changed = 0;

  g_signal_connect (layer, "changed", G_CALLBACK (count_cb), &changed);
  ra_layer_set_compact (layer, TRUE);
  /* 4 km per pixel: the ring (1 200 km round) needs a few hundred vertices. */
  ra_layer_set_draw_resolution (layer, gk, 4000.0);
  g_assert_true (ra_layer_set_map_crs (layer, gk, &error));
  g_assert_no_error (error);
  coarse = ra_layer_dup_data (layer);
  g_assert_cmpuint (coarse->geoms[0]->n_points, <, n / 10);
  g_assert_true (ra_layer_needs_refine (layer));
  /* The same map CRS again does not redo the work. */
  g_assert_true (ra_layer_set_map_crs (layer, gk, &error));
  g_assert_true (ra_layer_dup_data (layer) == coarse);
  ra_layer_data_unref (coarse);

  g_assert_true (ra_layer_refine (layer, &error));
  g_assert_no_error (error);
  g_assert_false (ra_layer_needs_refine (layer));
  g_assert_false (ra_layer_refine (layer, NULL));
  g_assert_cmpuint (changed, ==, 0);   /* the caller emits, on its thread */
  ra_layer_emit_changed (layer);
  g_assert_cmpuint (changed, ==, 1);
  full = ra_layer_dup_data (layer);
  g_assert_cmpuint (full->geoms[0]->n_points, ==, n);
  /* Full detail of a compact layer is packed on a grid: a third of the
   * memory, the coordinates within half a grid step of the doubles. */
  g_assert_true (ra_geometry_is_packed (full->geoms[0]));
  g_assert_null (full->geoms[0]->xy);
  g_assert_cmpuint (ra_geometry_heap_size (full->geoms[0]), <, 16 * n / 2);
  g_assert_false (ra_geometry_is_packed (full->coarse->geoms[0]));
  /* Identify reads the packed coordinates: inside the ring, and near its
   * edge from outside. */
  {
    double cx = (full->extent.x0 + full->extent.x1) / 2, cy = (full->extent.y0 + full->extent.y1) / 2;
    const double *xy = ra_geometry_coords (full->geoms[0], &s1);
    double ex = -G_MAXDOUBLE, ey = 0;
    g_autoptr(GArray) inside = ra_layer_find_features_at (layer, cx, cy, 1.0);
    g_autoptr(GArray) near = NULL, far = NULL;

    for (guint i = 0; i < n; i++)
      if (xy[2 * i] > ex)
        {
          ex = xy[2 * i];
          ey = xy[2 * i + 1];
        }
    near = ra_layer_find_features_at (layer, ex + 50, ey, 100.0);
    far = ra_layer_find_features_at (layer, ex + 5000, ey, 100.0);

    g_assert_cmpuint (inside->len, ==, 1);
    g_assert_cmpuint (near->len, ==, 1);
    g_assert_cmpuint (far->len, ==, 0);
  }
  g_assert_cmpuint (ra_layer_get_n_features (layer), ==, 1);
  /* The first view stays for coarse views: the renderer draws it at
   * 4 km per pixel and coarser, full detail when zoomed in. */
  g_assert_nonnull (full->coarse);
  g_assert_cmpfloat (full->coarse_resolution, ==, 4000.0);
  g_assert_cmpuint (full->coarse->geoms[0]->n_points, <, n / 10);
  {
    g_autoptr(RaMap) map = ra_map_new ();
    g_autoptr(RaMapSnapshot) snap = NULL;
    g_autoptr(cairo_surface_t) surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 200, 200);
    g_autoptr(cairo_t) cr = cairo_create (surface);
    RaRenderStats coarse_stats = { 0 }, fine_stats = { 0 };
    RaView view;

    g_assert_true (ra_map_set_crs (map, gk, NULL));
    g_assert_true (ra_map_add_layer (map, layer, NULL));
    snap = ra_map_snapshot_new (map);
    ra_view_init (&view, 200, 200);
    ra_view_fit_bbox (&view, &full->extent, 0);
    view.resolution = 4000.0;
    g_assert_true (ra_renderer_draw_with_stats (snap, &view, NULL, cr, NULL, &coarse_stats));
    view.resolution = 100.0;
    g_assert_true (ra_renderer_draw_with_stats (snap, &view, NULL, cr, NULL, &fine_stats));
    g_test_message ("vertices drawn: %" G_GUINT64_FORMAT " at 4 km/px, %" G_GUINT64_FORMAT " at 100 m/px",
                    (guint64) coarse_stats.n_vertices, (guint64) fine_stats.n_vertices);
    g_assert_cmpuint (coarse_stats.n_vertices, <=, full->coarse->geoms[0]->n_points);
    g_assert_cmpuint (fine_stats.n_vertices, >, full->coarse->geoms[0]->n_points);
    ra_map_remove_layer (map, 0);

    /* The packed coordinates draw as the doubles do: the same layer kept
     * in doubles, same view at 100 m and 20 m per pixel. */
    {
      g_autoptr(RaLayer) twin = make_dense_layer (n);
      g_autoptr(RaMap) map2 = ra_map_new ();
      g_autoptr(RaMapSnapshot) snap2 = NULL;
      g_autoptr(cairo_surface_t) s_twin = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 200, 200);
      g_autoptr(cairo_t) cr_twin = cairo_create (s_twin);
      g_autoptr(RaLayerData) twin_data = NULL;
      RaRenderStats twin_stats = { 0 };

      ra_layer_set_style (twin, ra_layer_get_style (layer));
      g_assert_true (ra_map_set_crs (map2, gk, NULL));
      g_assert_true (ra_map_add_layer (map2, twin, NULL));
      twin_data = ra_layer_dup_data (twin);
      g_assert_false (ra_geometry_is_packed (twin_data->geoms[0]));
      g_assert_true (ra_map_add_layer (map, layer, NULL));
      snap = (ra_map_snapshot_unref (snap), ra_map_snapshot_new (map));
      snap2 = ra_map_snapshot_new (map2);
      for (guint k = 0; k < 2; k++)
        {
          guint differ = 0;
          const guint32 *pa, *pb;

          view.resolution = k == 0 ? 100.0 : 20.0;
          fine_stats = (RaRenderStats) { 0 };
          twin_stats = (RaRenderStats) { 0 };
          g_assert_true (ra_renderer_draw_with_stats (snap, &view, NULL, cr, NULL, &fine_stats));
          g_assert_true (ra_renderer_draw_with_stats (snap2, &view, NULL, cr_twin, NULL, &twin_stats));
          cairo_surface_flush (surface);
          cairo_surface_flush (s_twin);
          pa = (const guint32 *) cairo_image_surface_get_data (surface);
          pb = (const guint32 *) cairo_image_surface_get_data (s_twin);
          for (guint px = 0; px < 200 * 200; px++)
            differ += pa[px] != pb[px];
          g_test_message ("packed vs doubles at %.0f m/px: %u vs %u vertices, %u pixels differ",
                          view.resolution, (guint) fine_stats.n_vertices,
                          (guint) twin_stats.n_vertices, differ);
          g_assert_cmpuint (fine_stats.n_vertices, >, 0);
          g_assert_cmpuint (ABS ((int) fine_stats.n_vertices - (int) twin_stats.n_vertices), <=,
                            twin_stats.n_vertices / 100);
          g_assert_cmpuint (differ, <=, 200 * 200 / 500);
        }
      ra_map_remove_layer (map, 0);
    }
  }

  /* Compact, so another map CRS is made from the GK copy: as exact as
   * from the source. */
  g_assert_true (ra_layer_set_map_crs (plain, merc, NULL));
  g_assert_true (ra_layer_set_map_crs (layer, merc, &error));
  g_assert_no_error (error);
  expect = ra_layer_dup_data (plain);
  got = ra_layer_dup_data (layer);
  g_assert_cmpuint (got->geoms[0]->n_points, ==, n);
  a = ra_geometry_coords (got->geoms[0], &s1);
  b = ra_geometry_coords (expect->geoms[0], &s2);
  for (guint i = 0; i < 2 * n; i++)
    g_assert_cmpfloat (fabs (a[i] - b[i]), <, 1e-3);

  /* Back to no map CRS: the source coordinates. */
  g_assert_true (ra_layer_set_map_crs (layer, NULL, &error));
  back = ra_layer_dup_data (layer);
  a = ra_geometry_coords (back->geoms[0], &s1);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpfloat (fabs (a[2 * i] - (102 + 2 * cos (2 * G_PI * i / n))), <, 1e-8);
      g_assert_cmpfloat (fabs (a[2 * i + 1] - (38 + 2 * sin (2 * G_PI * i / n))), <, 1e-8);
    }

  /* A CRS assigned by hand to a compact layer in a map: the numbers of the
   * source are read in the new CRS (here the same numbers as GK metres
   * would be absurd, so assign WGS 84 lon/lat, about the same place). */
  g_assert_true (ra_layer_set_map_crs (layer, gk, NULL));
  {
    g_autoptr(RaCrs) wgs84 = ra_crs_new_from_epsg (4326, NULL);
    g_autoptr(RaLayerData) assigned = NULL;

    g_assert_true (ra_layer_assign_crs (layer, wgs84, &error));
    g_assert_no_error (error);
    assigned = ra_layer_dup_data (layer);
    for (guint i = 0; i < 2 * n; i += 997)
      g_assert_cmpfloat (fabs (ra_geometry_coords (assigned->geoms[0], &s1)[i] -
                               ra_geometry_coords (full->geoms[0], &s2)[i]), <, 2.0);
  }
}

/* A big layer already in the map CRS (no reprojection): compact packs its
 * one copy at once; it still goes to another map CRS as the doubles do. */
static void
test_compact_same_crs (void)
{
  const guint n = 20000;
  g_autoptr(RaLayer) layer = make_dense_layer (n);
  g_autoptr(RaLayer) plain = make_dense_layer (n);
  g_autoptr(RaCrs) ll = ra_crs_new_from_epsg (4490, NULL);
  g_autoptr(RaCrs) gk = ra_crs_new_from_epsg (4526, NULL);
  g_autoptr(RaLayerData) before = NULL, packed = NULL, a = NULL, b = NULL;
  g_auto(RaCoordScratch) s1 = RA_COORD_SCRATCH_INIT;
  g_auto(RaCoordScratch) s2 = RA_COORD_SCRATCH_INIT;
  const double *xa, *xb;

  g_assert_true (ra_layer_set_map_crs (layer, ll, NULL));
  before = ra_layer_dup_data (layer);
  g_assert_false (ra_geometry_is_packed (before->geoms[0]));
  /* As the app's load does: a first-view hint, compact; the refine worker
   * packs it and keeps a simplified copy for coarse views. */
  ra_layer_set_draw_resolution (layer, ll, 0.01);
  ra_layer_set_compact (layer, TRUE);
  /* The load then sets the map CRS again: still the same data. */
  g_assert_true (ra_layer_set_map_crs (layer, ll, NULL));
  {
    g_autoptr(RaLayerData) now = ra_layer_dup_data (layer);

    g_assert_true (now == before);
  }
  g_assert_true (ra_layer_needs_refine (layer));
  g_assert_true (ra_layer_refine (layer, NULL));
  g_assert_false (ra_layer_needs_refine (layer));
  g_assert_false (ra_layer_refine (layer, NULL));
  packed = ra_layer_dup_data (layer);
  g_assert_true (packed != before);
  g_assert_true (ra_geometry_is_packed (packed->geoms[0]));
  g_assert_nonnull (packed->geom_block);
  g_assert_nonnull (packed->coarse);
  g_assert_cmpfloat (packed->coarse_resolution, ==, 0.01);
  g_assert_cmpuint (packed->coarse->geoms[0]->n_points, <, n / 4);
  /* The snapshot taken before is untouched (a render may hold it). */
  g_assert_false (ra_geometry_is_packed (before->geoms[0]));
  g_assert_cmpfloat (fabs (ra_geometry_coords (packed->geoms[0], &s1)[0] - before->geoms[0]->xy[0]), <, 1e-8);

  g_assert_true (ra_layer_set_map_crs (layer, gk, NULL));
  g_assert_true (ra_layer_set_map_crs (plain, gk, NULL));
  a = ra_layer_dup_data (layer);
  b = ra_layer_dup_data (plain);
  g_assert_true (ra_geometry_is_packed (a->geoms[0]));
  xa = ra_geometry_coords (a->geoms[0], &s1);
  xb = ra_geometry_coords (b->geoms[0], &s2);
  for (guint i = 0; i < 2 * n; i++)
    g_assert_cmpfloat (fabs (xa[i] - xb[i]), <, 1e-3);
}

static gpointer
refine_thread (gpointer data)
{
  return GINT_TO_POINTER (ra_layer_refine (data, NULL));
}

/* A CRS assigned or new contents given while the refine worker runs: the
 * layer still ends at full detail (both are made at full detail; the
 * worker drops work they overtook). */
static void
test_refine_overtaken (void)
{
  const guint n = 200000;
  g_autoptr(RaCrs) gk = ra_crs_new_from_epsg (4526, NULL);
  g_autoptr(RaCrs) wgs84 = ra_crs_new_from_epsg (4326, NULL);
  static const guint delays_us[] = { 0, 500, 2000, 5000, 10000, 20000 };

  for (guint k = 0; k < 2 * G_N_ELEMENTS (delays_us); k++)
    {
      g_autoptr(RaLayer) layer = make_dense_layer (n);
      g_autoptr(RaLayer) other = make_dense_layer (n);
      g_autoptr(RaLayerData) data = NULL;
      GThread *worker;

      ra_layer_set_compact (layer, TRUE);
      ra_layer_set_draw_resolution (layer, gk, 4000.0);
      g_assert_true (ra_layer_set_map_crs (layer, gk, NULL));
      g_assert_true (ra_layer_needs_refine (layer));
      worker = g_thread_new ("refine", refine_thread, layer);
      g_usleep (delays_us[k % G_N_ELEMENTS (delays_us)]);
      if (k < G_N_ELEMENTS (delays_us))
        g_assert_true (ra_layer_assign_crs (layer, wgs84, NULL));
      else
        g_assert_true (ra_layer_replace_contents (layer, other, NULL));
      g_thread_join (worker);
      g_assert_false (ra_layer_needs_refine (layer));
      data = ra_layer_dup_data (layer);
      g_assert_cmpuint (data->geoms[0]->n_points, ==, n);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();

  g_test_add_func ("/layer/build-and-attrs", test_build_and_attrs);
  g_test_add_func ("/layer/properties", test_properties);
  g_test_add_func ("/layer/reproject-keeps-old-snapshot", test_reproject_keeps_old_snapshot);
  g_test_add_func ("/layer/concurrent-readers", test_concurrent_readers);
  g_test_add_func ("/layer/find-features-at", test_find_features);
  g_test_add_func ("/layer/extent-lonlat", test_extent_lonlat);
  g_test_add_func ("/layer/first-view-refine-compact", test_first_view_refine_compact);
  g_test_add_func ("/layer/compact-same-crs", test_compact_same_crs);
  g_test_add_func ("/layer/refine-overtaken", test_refine_overtaken);
  return g_test_run ();
}
