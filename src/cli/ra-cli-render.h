/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The render command's options, and its streamed one-shot render (each
 * feature read, drawn and dropped).  Shared by the commands program
 * (ra-cli.c) and by the render program's render of shapefiles and
 * GeoPackages (ra_cli_render_light, ra-cli-render-main.c), which links no
 * GDAL. */

#include <glib.h>

#include "ra-crs.h"
#include "ra-source-stream.h"
#include "ra-renderer.h"
#include "ra-view.h"

G_BEGIN_DECLS

typedef struct {
  char    *out, *size, *crs_text, *bbox_text, *labels, *style_fill, *style_stroke, *encoding;
  double   style_width, marker_size, margin_px, raster_opacity;
  gboolean no_labels, no_pipe_labels, hillshade, tint;
  int      threads;
  /* From the texts, once ra_cli_render_parse succeeded. */
  int      width, height;
  RaBBox   extent;          /* when bbox_text != NULL */
} RaCliRenderArgs;

void ra_cli_render_args_init  (RaCliRenderArgs *args);
void ra_cli_render_args_clear (RaCliRenderArgs *args);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RaCliRenderArgs, ra_cli_render_args_clear)

/* Parses render's options out of argc/argv (argv[0] names the command;
 * the inputs are left in argv[1..]) and checks them and the output path.
 * Returns -1 when they are fine, else the exit status.  quiet: nothing is
 * printed and --help is an unknown option (the light render leaves every
 * message to the full command). */
int  ra_cli_render_parse      (int *argc, char ***argv, RaCliRenderArgs *args, gboolean quiet);

/* The view of args->extent and the render options of args. */
void ra_cli_render_view       (const RaCliRenderArgs *args, RaView *view, RaRenderOptions *opts);

/* A raster, or a file named as one. */
gboolean ra_cli_has_raster_extension (const char *path);

/* The allocator for one render (see ra-cli-render.c). */
void ra_cli_render_tune_malloc (void);

/* Opens the streams of one input; NULL with *status 1 (a problem, already
 * printed) or -1 (not to be streamed: nothing was printed). */
typedef GPtrArray *(*RaCliStreamOpen) (const char *path, RaCrs *crs, const RaBBox *box,
                                       double resolution, int *status);

/* Draws inputs streamed with args' styles into args->out.  Returns the exit
 * status, or -1 when an input cannot be streamed (then nothing was done). */
int  ra_cli_render_streamed   (int n_inputs, char **inputs, RaCrs *crs, const RaView *view,
                               const RaRenderOptions *opts, const RaCliRenderArgs *args,
                               RaCliStreamOpen open);

/* Installs the SQLite read-ahead for a streamed render (before any open;
 * RA_RENDER_SQLITE_READAHEAD=0: not). */
void ra_cli_render_readahead (void);
/* The stream of path read without GDAL (a shapefile with shapelib, a
 * GeoPackage with SQLite and SpatiaLite) when that reads it as OGR
 * would, else NULL (nothing printed).
 * Returns: (transfer full) (nullable) */
RaSourceStream *ra_cli_render_open_light_stream (const char *path, RaCrs *crs, const RaBBox *box,
                                                 double resolution);
/* TRUE when path's name (.shp, .gpkg) is one the light render may read. */
gboolean ra_cli_render_light_name (const char *path);

/* `render` when every input is a shapefile or GeoPackage read without
 * GDAL (ra_cli_render_open_light_stream) and the view is given (--crs, --bbox, --no-labels): argv as main's
 * (argv[1] is "render").  Returns the exit status, or -1 when the full
 * command must render (nothing was printed or written then).
 * RA_RENDER_LIGHT=0 always gives -1. */
int  ra_cli_render_light      (int argc, char **argv);

G_END_DECLS
