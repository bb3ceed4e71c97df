/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ra-bench-raster RASTER [--size WxH]: what the map view pays for a big
 * raster (issue 18): the first frame at full extent (cold tile cache), then
 * pans of 100 px (only the new edge tiles are warped), zooms in by 2 at
 * the centre (a new level: cold), and back out (the level's tiles are still
 * cached).  The map CRS is the CGCS2000 zone picked for the raster, so
 * every tile is reprojected.  Per frame: wall ms, tiles warped, cache hits,
 * overview read, source pixels.  Make the raster with raster-peers.sh. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "ra-core.h"
#include "ra-raster.h"
#include "ra-autocleanups.h"

static void
frame (const char *what, RaMapSnapshot *snap, const RaView *view, RaRaster *raster,
       cairo_surface_t *img)
{
  RaRasterStats st;
  gint64 t0;

  ra_raster_reset_stats (raster);
  t0 = g_get_monotonic_time ();
  ra_renderer_draw_image (snap, view, NULL, img, NULL, NULL);
  ra_raster_get_stats (raster, &st);
  printf ("%-24s %8.1f ms  warps %3u  hits %3u  overview %2d  source px %9" G_GUINT64_FORMAT "\n",
          what, (g_get_monotonic_time () - t0) / 1000.0, st.n_warps, st.n_cache_hits,
          st.last_overview, st.source_pixels);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RaMap) map = NULL;
  g_autoptr(RaLayer) layer = NULL;
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autoptr(cairo_surface_t) img = NULL;
  RaRaster *raster;
  RaBBox extent;
  RaView view;
  int w = 1600, h = 1000;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s RASTER [WxH]\n", argv[0]);
      return 2;
    }
  if (argc > 2 && sscanf (argv[2], "%dx%d", &w, &h) != 2)
    return 2;
  ra_core_init ();
  layer = ra_raster_open_layer (argv[1], &error);
  map = ra_map_new ();
  if (layer == NULL || !ra_map_add_layer (map, layer, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  raster = RA_RASTER (ra_layer_get_raster (layer));
  printf ("%s: %d x %d, %u overviews; map CRS %s; view %d x %d\n", argv[1],
          ra_raster_get_width (raster), ra_raster_get_height (raster),
          ra_raster_get_n_overviews (raster), ra_crs_get_name (ra_map_get_crs (map)), w, h);
  snap = ra_map_snapshot_new (map);
  img = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  ra_map_get_extent (map, TRUE, &extent);
  ra_view_init (&view, w, h);
  ra_view_fit_bbox (&view, &extent, 0);

  frame ("full extent (cold)", snap, &view, raster, img);
  frame ("full extent (warm)", snap, &view, raster, img);
  for (int i = 0; i < 3; i++)
    {
      ra_view_pan_px (&view, 100, 0);
      frame ("pan 100 px", snap, &view, raster, img);
    }
  for (int z = 1; z <= 4; z++)
    {
      g_autofree char *what = g_strdup_printf ("zoom in x%d (cold)", 1 << z);

      ra_view_zoom_at (&view, 2.0, w / 2.0, h / 2.0);
      frame (what, snap, &view, raster, img);
      ra_view_pan_px (&view, -100, 50);
      frame ("  pan 100 px", snap, &view, raster, img);
    }
  for (int z = 3; z >= 0; z--)
    {
      g_autofree char *what = g_strdup_printf ("zoom out to x%d", 1 << z);

      ra_view_pan_px (&view, 100, -50);
      ra_view_zoom_at (&view, 0.5, w / 2.0, h / 2.0);
      frame (what, snap, &view, raster, img);
    }
  return 0;
}
