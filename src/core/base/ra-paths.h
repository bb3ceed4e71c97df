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

/* (transfer full) path as UTF-8 for messages: kept when it is UTF-8,
 * else converted from the locale's file name encoding, else from GB18030,
 * else from the encoding uchardet finds (a GBK name from a Chinese Windows zip),
 * else g_filename_display_name's replacement characters.  A PostgreSQL
 * connection URI or "key=value" string has its password replaced by ***. */
char       *ra_path_display_name (const char *path);

G_END_DECLS
