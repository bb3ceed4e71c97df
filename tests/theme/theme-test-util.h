/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include "ra-core.h"
#include "ra-autocleanups.h"
#include "ra-legend.h"

G_BEGIN_DECLS

/* (transfer full) the Zhangye counties layer in its source CRS. */
RaLayer    *tt_load_counties        (void);
/* (transfer full) adcode -> text of column in the sample's targets.csv for
 * year and kind ("actual", "target_min"), county rows only. */
GHashTable *tt_read_targets         (const char *year, const char *kind, const char *column);
/* (transfer full) the counties with one more field, values by adcode
 * (missing adcodes get NULL), under a new name. */
RaLayer    *tt_counties_with_field  (const char *name, const char *field, GHashTable *by_adcode);
/* (transfer full) a map holding layer (a ref is taken). */
RaMap      *tt_map_with             (RaLayer *layer);
/* A view fitting the map's extent with a margin. */
void        tt_fit_view             (RaMap *map, RaView *view, int width, int height);
/* (transfer full) an ARGB32 surface with the map drawn on white. */
cairo_surface_t *tt_render          (RaMapSnapshot *snap, const RaView *view, gboolean labels,
                                     RaRenderStats *stats);
/* Writes the surface under $RA_TEST_BUILDDIR/theme-output/name and logs
 * the path (for looking at it). */
void        tt_save_png             (cairo_surface_t *surface, const char *name);
/* Reads the RGB of a pixel (un-premultiplied over white). */
void        tt_pixel                (cairo_surface_t *surface, int x, int y, guint8 rgb[3]);
/* TRUE if rgb is within tolerance of the colour. */
gboolean    tt_pixel_is             (const guint8 rgb[3], const RaColor *color, int tolerance);

G_END_DECLS
