/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How many threads the core's parallel work (reading a big layer,
 * reprojecting it, drawing an image in bands) may use: the cores, or fewer
 * when the process said so (the command line's --threads). */
void  ra_set_max_threads (guint n);   /* 0: as many as there are cores */
guint ra_get_n_threads   (void);

G_END_DECLS
