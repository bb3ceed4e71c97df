/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The directory holding the shipped data (samples, licence notices):
 * $RA_DATADIR if set, else the installed PKGDATADIR if it exists, else the
 * source tree's data/ (running from a build directory). */
const char *ra_paths_get_data_dir (void);
/* (transfer full) path of a bundled sample's counties file ("zhangye",
 * "xinzhou"), or NULL if unknown. */
char       *ra_paths_get_sample   (const char *name);

/* Where the message catalogues are: $RA_LOCALEDIR if set (running from a
 * build tree: BUILDDIR/po), else the installed LOCALEDIR. */
const char *ra_paths_get_locale_dir (void);

G_END_DECLS
