/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Makes SQLite's default VFS (the one GDAL opens GeoPackages with) read a
 * database it opened read-only in 64 KB windows once it reads it page
 * after page: a GeoPackage's geometry blobs are chains of 4 KB pages, each
 * read with its own pread (27,900 of them for the 113 MB of the counties);
 * one pread per 16 pages costs a third less.  Random reads go through as
 * they are.  A window lives only while SQLite holds the same lock (it is
 * dropped at every lock change and every write).  For a one-shot process
 * (the command line's render): call before GDAL opens the file.  Returns
 * FALSE when it could not be set up (nothing changed then). */
gboolean ra_sqlite_readahead_install (void);
/* Windows read so far (for tests). */
guint    ra_sqlite_readahead_n_windows (void);

G_END_DECLS
