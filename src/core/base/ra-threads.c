/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The number of threads the core's parallel work may use (ra-threads.h). */
#include "config.h"

#include "ra-threads.h"

static guint max_threads;   /* 0: no limit but the cores */

void
ra_set_max_threads (guint n)
{
  g_atomic_int_set (&max_threads, n);
}

guint
ra_get_n_threads (void)
{
  guint n = g_get_num_processors ();
  guint max = (guint) g_atomic_int_get (&max_threads);

  return max > 0 ? MIN (n, max) : n;
}
