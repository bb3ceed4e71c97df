/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A fast PNG writer for opaque images (the renderer's PNG files). */

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Writes an opaque ARGB32 or RGB24 image as an 8-bit RGB PNG at path.
 * Returns CAIRO_STATUS_INVALID_FORMAT (nothing written) when the image is
 * not opaque RGB: the caller then uses cairo_surface_write_to_png. */
cairo_status_t ra_png_write_opaque (cairo_surface_t *image, const char *path);

G_END_DECLS
