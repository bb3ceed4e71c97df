/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include "hydraulics-test-util.h"

#define M_PER_DEG 111195.08

RaStore *
ht_project_new (const char *path)
{
  g_autoptr(GError) error = NULL;
  RaStore *store = ra_store_open (path, RA_STORE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static char *
point_wkt (double lon, double lat)
{
  char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup_printf ("POINT (%s %s)", g_ascii_formatd (a, sizeof a, "%.9f", lon),
                          g_ascii_formatd (b, sizeof b, "%.9f", lat));
}

gint64
ht_plant (RaStore *store, const char *name, double lon, double lat)
{
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autofree char *wkt = point_wkt (lon, lat);
  gint64 id;

  g_hash_table_insert (fields, (gpointer) "name", (gpointer) name);
  g_hash_table_insert (fields, (gpointer) "kind", (gpointer) "reclaimed_plant");
  g_hash_table_insert (fields, (gpointer) "capacity_m3_per_day", (gpointer) "100000");
  id = ra_store_insert_feature (store, "plants", fields, wkt, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

gint64
ht_user (RaStore *store, const char *name, double lon, double lat)
{
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autofree char *wkt = point_wkt (lon, lat);
  gint64 id;

  g_hash_table_insert (fields, (gpointer) "name", (gpointer) name);
  g_hash_table_insert (fields, (gpointer) "sector", (gpointer) "other_industry");
  g_hash_table_insert (fields, (gpointer) "use_category", (gpointer) "industry");
  g_hash_table_insert (fields, (gpointer) "able", (gpointer) "yes");
  id = ra_store_insert_feature (store, "water_users", fields, wkt, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

gint64
ht_pipeline (RaStore *store, const char *name, const char *material, const char *wkt)
{
  g_autoptr(GError) error = NULL;
  gint64 id = ra_store_insert_pipeline (store, 0, name, wkt, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  if (material != NULL)
    {
      g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);

      g_hash_table_insert (fields, (gpointer) "material", (gpointer) material);
      g_assert_true (ra_store_update_feature (store, "pipelines", id, fields, &error));
      g_assert_no_error (error);
    }
  return id;
}

void
ht_allocate (RaStore *store, gint64 user, gint64 plant, double volume)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ra_store_set_allocation (store, user, plant, HT_YEAR, volume, NULL, &error));
  g_assert_no_error (error);
}

double
ht_dlon (double metres, double lat)
{
  return metres / (M_PER_DEG * cos (lat * G_PI / 180.0));
}

double
ht_dlat (double metres)
{
  return metres / M_PER_DEG;
}

void
ht_write_dem (const char *path, double lon0, double lat0, double lon1, double lat1,
              double px_m, HtGroundFunc func, gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RaCrs) ll = ra_crs_new_from_epsg (4490, &error);
  g_autoptr(RaCrs) gk = ra_crs_new_from_epsg (4542, &error);
  g_autoptr(RaTransform) fwd = ra_transform_new (ll, gk, &error);
  g_autoptr(RaTransform) inv = ra_transform_new (gk, ll, &error);
  RaBBox in = { lon0, lat0, lon1, lat1 }, box;
  OGRSpatialReferenceH srs = OSRNewSpatialReference (NULL);
  GDALDatasetH ds;
  char *wkt = NULL;
  int w, h;
  g_autofree float *row = NULL;

  g_assert_no_error (error);
  g_assert_true (ra_transform_bbox (fwd, &in, &box));
  w = (int) ceil ((box.x1 - box.x0) / px_m);
  h = (int) ceil ((box.y1 - box.y0) / px_m);
  ds = GDALCreate (GDALGetDriverByName ("GTiff"), path, w, h, 1, GDT_Float32, NULL);
  g_assert_nonnull (ds);
  {
    double gt[6] = { box.x0, px_m, 0, box.y1, 0, -px_m };

    GDALSetGeoTransform (ds, gt);
  }
  OSRImportFromEPSG (srs, 4542);
  OSRExportToWkt (srs, &wkt);
  GDALSetProjection (ds, wkt);
  CPLFree (wkt);
  OSRDestroySpatialReference (srs);
  row = g_new (float, w);
  for (int r = 0; r < h; r++)
    {
      for (int c = 0; c < w; c++)
        {
          double x = box.x0 + (c + 0.5) * px_m, y = box.y1 - (r + 0.5) * px_m;

          g_assert_true (ra_transform_point (inv, &x, &y));
          row[c] = (float) func (x, y, data);
        }
      g_assert_cmpint (GDALRasterIO (GDALGetRasterBand (ds, 1), GF_Write, 0, r, w, 1, row, w, 1,
                                     GDT_Float32, 0, 0), ==, CE_None);
    }
  GDALClose (ds);
}

static char *
line_wkt (const double *lonlat, guint n)
{
  GString *s = g_string_new ("LINESTRING (");

  for (guint i = 0; i < n; i++)
    {
      char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (s, "%s%s %s", i > 0 ? ", " : "",
                              g_ascii_formatd (a, sizeof a, "%.9f", lonlat[2 * i]),
                              g_ascii_formatd (b, sizeof b, "%.9f", lonlat[2 * i + 1]));
    }
  g_string_append_c (s, ')');
  return g_string_free (s, FALSE);
}

gint64
ht_build_comb (RaStore *store, const char *plant_name, double lon, double lat, guint n_trunk,
               guint *n_users)
{
  static const char *materials[] = { "PE100", "球墨铸铁管", "钢管", NULL };
  double dx = ht_dlon (400, lat), dy = ht_dlat (250);
  gint64 plant = ht_plant (store, plant_name, lon, lat);
  guint users = 0;

  for (guint i = 0; i < n_trunk; i++)
    {
      double trunk[4] = { lon + i * dx, lat, lon + (i + 1) * dx, lat };
      double branch[10];
      g_autofree char *tw = line_wkt (trunk, 2), *bw = NULL;
      g_autofree char *tn = g_strdup_printf ("%s trunk %u", plant_name, i + 1);
      g_autofree char *bn = g_strdup_printf ("%s branch %u", plant_name, i + 1);
      /* a tee on the middle of this trunk pipeline, or from its end */
      double bx = i % 2 == 1 ? lon + (i + 0.5) * dx : lon + (i + 1) * dx;

      ht_pipeline (store, tn, materials[i % 4], tw);
      for (guint k = 0; k < 5; k++)
        {
          /* a little to the side at each bend, so the vertices matter */
          branch[2 * k] = bx + (k % 2) * ht_dlon (30, lat);
          branch[2 * k + 1] = lat + k * dy;
        }
      bw = line_wkt (branch, 5);
      ht_pipeline (store, bn, materials[(i + 1) % 4], bw);
      for (guint u = 0; u < 2; u++)
        {
          g_autofree char *un = g_strdup_printf ("%s user %u.%u", plant_name, i + 1, u + 1);
          guint k = u == 0 ? 2 : 4;
          gint64 user = ht_user (store, un, branch[2 * k], branch[2 * k + 1]);

          ht_allocate (store, user, plant, 5 + (i * 7 + u * 3) % 13);
          users++;
        }
    }
  if (n_users != NULL)
    *n_users = users;
  return plant;
}
