/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "network-test-util.h"

static char *tmpdir;
static guint counter;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

static void
cleanup (void)
{
  /* Each process (test subprocesses too) removes the directory it made. */
  if (tmpdir != NULL && g_getenv ("RA_TEST_KEEP") == NULL)
    remove_tree (tmpdir);
}

const char *
nt_tmpdir (void)
{
  if (tmpdir == NULL)
    {
      g_autoptr(GError) error = NULL;

      tmpdir = g_dir_make_tmp ("ra-network-XXXXXX", &error);
      g_assert_no_error (error);
      atexit (cleanup);
    }
  return tmpdir;
}

char *
nt_tmp_path (const char *suffix)
{
  return g_strdup_printf ("%s/f%u%s", nt_tmpdir (), ++counter, suffix);
}

void
nt_gk_to_lonlat (double x, double y, double *lon, double *lat)
{
  static RaTransform *t;

  if (t == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RaCrs) gk = ra_crs_new_from_epsg (NT_GK_EPSG, &error);
      g_autoptr(RaCrs) geographic = ra_crs_new_from_epsg (4490, &error);

      g_assert_no_error (error);
      t = ra_transform_new (gk, geographic, &error);
      g_assert_no_error (error);
    }
  g_assert_true (ra_transform_point (t, &x, &y));
  *lon = x;
  *lat = y;
}

char *
nt_new_project (void)
{
  g_autoptr(GError) error = NULL;
  char *path = nt_tmp_path (".sqlite");
  g_autoptr(RaStore) store = ra_store_open (path, RA_STORE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  ra_store_close (store);
  return path;
}

RaStore *
nt_open (const char *path)
{
  g_autoptr(GError) error = NULL;
  RaStore *store = ra_store_open (path, RA_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  g_assert_false (ra_store_is_read_only (store));
  return store;
}

/* ---- GeoJSON writing ------------------------------------------------------- */

static void
append_lonlat (GString *s, double x, double y)
{
  char bx[G_ASCII_DTOSTR_BUF_SIZE], by[G_ASCII_DTOSTR_BUF_SIZE];
  double lon, lat;

  nt_gk_to_lonlat (x, y, &lon, &lat);
  g_string_append_printf (s, "[%s, %s]", g_ascii_formatd (bx, sizeof bx, "%.10f", lon),
                          g_ascii_formatd (by, sizeof by, "%.10f", lat));
}

static void
append_coords (GString *s, const double *xy, guint n)
{
  g_string_append_c (s, '[');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      append_lonlat (s, xy[2 * i], xy[2 * i + 1]);
    }
  g_string_append_c (s, ']');
}

static GString *
collection_new (void)
{
  return g_string_new ("{\"type\": \"FeatureCollection\","
                       " \"crs\": {\"type\": \"name\", \"properties\": {\"name\": \"EPSG:4490\"}},"
                       " \"features\": [\n");
}

static void
feature_begin (GString *s, const char *properties)
{
  if (s->str[s->len - 2] == '}')
    g_string_insert (s, s->len - 1, ",");
  g_string_append_printf (s, "{\"type\": \"Feature\", \"properties\": {%s}, \"geometry\": ",
                          properties);
}

static void
add_point (GString *s, const char *properties, double x, double y)
{
  feature_begin (s, properties);
  g_string_append (s, "{\"type\": \"Point\", \"coordinates\": ");
  append_lonlat (s, x, y);
  g_string_append (s, "}}\n");
}

static void
add_line (GString *s, const char *properties, const double *xy, guint n)
{
  feature_begin (s, properties);
  g_string_append (s, "{\"type\": \"LineString\", \"coordinates\": ");
  append_coords (s, xy, n);
  g_string_append (s, "}}\n");
}

/* ring: open (the first point is repeated here). */
static void
add_polygon (GString *s, const char *properties, const double *ring, guint n)
{
  g_autofree double *closed = g_new (double, 2 * (n + 1));

  memcpy (closed, ring, 2 * n * sizeof (double));
  closed[2 * n] = ring[0];
  closed[2 * n + 1] = ring[1];
  feature_begin (s, properties);
  g_string_append (s, "{\"type\": \"Polygon\", \"coordinates\": [");
  append_coords (s, closed, n + 1);
  g_string_append (s, "]}}\n");
}

static void
import (RaStore *store, GString *collection, const char *table)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = nt_tmp_path (".geojson");
  guint n = 0;

  g_string_append (collection, "]}\n");
  g_assert_true (g_file_set_contents (path, collection->str, -1, &error));
  g_assert_no_error (error);
  g_assert_true (ra_store_import_layer (store, path, NULL, table, NULL, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, >, 0);
}

#define RECT(x0, y0, x1, y1) { x0, y0, x1, y0, x1, y1, x0, y1 }

static char *
build_fixture (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = nt_new_project ();
  g_autoptr(RaStore) store = nt_open (path);
  g_autoptr(GString) areas = collection_new ();
  g_autoptr(GString) plants = collection_new ();
  g_autoptr(GString) pipes = collection_new ();
  g_autofree char *p_cross = NULL, *p_inner = NULL, *p_mine = NULL;
  GValue mine = G_VALUE_INIT;
  gint64 p01, m01;
  const double square[] = RECT (500000, 4250000, 502000, 4252000);
  const double big[] = RECT (500000, 4260000, 504000, 4264000);
  const double small[] = RECT (506000, 4250000, 508000, 4252000);
  const double ell[] = { 520000, 4250000, 524000, 4250000, 524000, 4252000,
                         522000, 4252000, 522000, 4254000, 520000, 4254000 };
  const double cross[] = { 499000, 4251000, 501000, 4251000 };
  const double inner[] = { 500200, 4250500, 501800, 4250500 };
  const double shortl[] = { 501500, 4251200, 501500, 4251600 };
  const double minel[] = { 500100, 4251900, 501100, 4251900 };

  p01 = ra_store_insert_project (store, "P01", "Reclaimed main", NULL, &error);
  g_assert_no_error (error);
  m01 = ra_store_insert_project (store, "M01", "Mine water", NULL, &error);
  g_assert_no_error (error);
  g_value_init (&mine, G_TYPE_STRING);
  g_value_set_string (&mine, "mine");
  g_assert_true (ra_store_update_project (store, m01, "source", &mine, &error));
  g_assert_no_error (error);
  g_value_unset (&mine);

  add_polygon (areas, "\"name\": \"Density square\", \"adcode\": \"140902\"", square, 4);
  add_polygon (areas, "\"name\": \"Two intakes\", \"adcode\": \"140902\"", big, 4);
  add_polygon (areas, "\"name\": \"One intake\", \"adcode\": \"140902\"", small, 4);
  add_polygon (areas, "\"name\": \"L shape\", \"adcode\": \"140902\"", ell, 6);
  import (store, areas, "built_up_areas");

  add_point (plants, "\"name\": \"I1\", \"kind\": \"intake\"", 501500, 4262000);
  add_point (plants, "\"name\": \"I2\", \"kind\": \"intake\"", 502500, 4262000);
  add_point (plants, "\"name\": \"I-outside\", \"kind\": \"intake\"", 506000, 4262000);
  add_point (plants, "\"name\": \"I-centre\", \"kind\": \"intake\"", 507000, 4251000);
  add_point (plants, "\"name\": \"I-L\", \"kind\": \"intake\"", 521000, 4251000);
  add_point (plants, "\"name\": \"WWTP\", \"kind\": \"wwtp\"", 501000, 4251000);
  import (store, plants, "plants");

  p_cross = g_strdup_printf ("\"name\": \"cross\", \"dn_mm\": 300, \"project_id\": %" G_GINT64_FORMAT, p01);
  p_inner = g_strdup_printf ("\"name\": \"inner\", \"dn_mm\": 350, \"project_id\": %" G_GINT64_FORMAT, p01);
  p_mine = g_strdup_printf ("\"name\": \"mine\", \"dn_mm\": 300, \"project_id\": %" G_GINT64_FORMAT, m01);
  add_line (pipes, p_cross, cross, 2);
  add_line (pipes, p_inner, inner, 2);
  add_line (pipes, "\"name\": \"short\", \"dn_mm\": null, \"project_id\": null", shortl, 2);
  add_line (pipes, p_mine, minel, 2);
  import (store, pipes, "pipelines");

  ra_store_close (store);
  return g_steal_pointer (&path);
}

void
nt_add_intakes (const char *path, const double *xy, guint n)
{
  g_autoptr(RaStore) store = nt_open (path);
  g_autoptr(GString) plants = collection_new ();

  for (guint i = 0; i < n; i++)
    add_point (plants, "\"name\": \"added\", \"kind\": \"intake\"", xy[2 * i], xy[2 * i + 1]);
  import (store, plants, "plants");
}

char *
nt_fixture_copy (void)
{
  static char *master;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) src = NULL;
  g_autoptr(GFile) dst = NULL;
  char *path;

  if (master == NULL)
    master = build_fixture ();
  path = nt_tmp_path (".sqlite");
  src = g_file_new_for_path (master);
  dst = g_file_new_for_path (path);
  g_assert_true (g_file_copy (src, dst, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return path;
}

const RaNetworkArea *
nt_area (const RaNetworkReport *report, const char *name)
{
  for (guint i = 0; i < report->areas->len; i++)
    {
      const RaNetworkArea *a = g_ptr_array_index (report->areas, i);

      if (g_strcmp0 (a->name, name) == 0)
        return a;
    }
  g_error ("no built-up area named %s", name);
  return NULL;
}

const RaNetworkPipeline *
nt_pipeline (const RaNetworkReport *report, const char *name)
{
  for (guint i = 0; i < report->pipelines->len; i++)
    {
      const RaNetworkPipeline *p = g_ptr_array_index (report->pipelines, i);

      if (g_strcmp0 (p->name, name) == 0)
        return p;
    }
  g_error ("no pipeline named %s", name);
  return NULL;
}
