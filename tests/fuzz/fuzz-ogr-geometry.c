/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Geometry conversion from OGR: the first byte picks the form of the rest.
 *   < 0x80: GeoJSON text, read from a file as the app reads one;
 *   else:   WKB, parsed by OGR and wrapped into a one-feature GeoJSON.
 * The layer is reprojected into a map CRS and drawn on a small image, so
 * odd coordinates (NaN, 1e300, empty rings) also meet the renderer. */
#include "config.h"

#include <ogr_api.h>
#include <cpl_conv.h>

#include "fuzz-common.h"

static void
load_and_draw (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RaLayer) layer = ra_source_load_layer (path, NULL, NULL, &error);
  g_autoptr(RaMap) map = NULL;
  g_autoptr(RaMapSnapshot) snap = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  RaView view;
  RaBBox extent;

  if (layer == NULL)
    {
      g_assert (error != NULL);
      return;
    }
  map = ra_map_new ();
  if (!ra_map_add_layer (map, layer, &error))
    return;
  ra_view_init (&view, 64, 48);
  if (ra_map_get_extent (map, TRUE, &extent))
    ra_view_fit_bbox (&view, &extent, 2);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 64, 48);
  cr = cairo_create (surface);
  snap = ra_map_snapshot_new (map);
  ra_renderer_draw (snap, &view, NULL, cr, NULL);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *path = NULL;

  fuzz_init_once ();
  if (size < 1)
    return 0;
  if (data[0] < 0x80)
    path = fuzz_write ("geom.geojson", data + 1, size - 1);
  else
    {
      OGRGeometryH g = NULL;
      char *json;
      g_autofree char *doc = NULL;

      if (OGR_G_CreateFromWkb (data + 1, NULL, &g, (int) (size - 1)) != OGRERR_NONE || g == NULL)
        return 0;
      json = OGR_G_ExportToJson (g);
      OGR_G_DestroyGeometry (g);
      if (json == NULL)
        return 0;
      doc = g_strdup_printf ("{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":"
                             "{\"name\":\"urn:ogc:def:crs:EPSG::4490\"}},\"features\":[{\"type\":\"Feature\","
                             "\"properties\":{\"name\":\"w\"},\"geometry\":%s}]}", json);
      CPLFree (json);
      path = fuzz_write ("geom.geojson", (const uint8_t *) doc, strlen (doc));
    }
  load_and_draw (path);
  g_unlink (path);
  return 0;
}
