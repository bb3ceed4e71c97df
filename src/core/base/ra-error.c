/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The core's error domain (GDAL's messages are turned into it by
 * src/core/gdal/ra-gdal-error.c). */
#include "config.h"

#include "ra-error.h"

G_DEFINE_QUARK (ra-error-quark, ra_error)
