/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared set-up of the libFuzzer harnesses (tests/fuzz/README in
 * docs/reliability.md).  Each harness defines LLVMFuzzerTestOneInput; built
 * with -Dfuzzing=true it links libFuzzer, otherwise fuzz-main.c replays the
 * seeds and regressions through it as a normal test. */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <cpl_error.h>

#include "ra-core.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* A private scratch folder, on tmpfs when there is one (fast, no disk wear). */
static const char *
fuzz_dir (void)
{
  static char *dir = NULL;

  if (dir == NULL)
    {
      const char *base = g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm" : g_get_tmp_dir ();
      g_autofree char *tmpl = g_build_filename (base, "ra-fuzz-XXXXXX", NULL);

      dir = g_mkdtemp (g_steal_pointer (&tmpl));
      g_assert (dir != NULL);
    }
  return dir;
}

/* (transfer full) fuzz_dir()/name with data written to it. */
G_GNUC_UNUSED static char *
fuzz_write (const char *name, const uint8_t *data, size_t size)
{
  char *path = g_build_filename (fuzz_dir (), name, NULL);

  if (!g_file_set_contents (path, (const char *) data, (gssize) size, NULL))
    g_error ("cannot write %s", path);
  return path;
}

static void
fuzz_init_once (void)
{
  static gboolean done = FALSE;

  if (done)
    return;
  done = TRUE;
  ra_core_init ();
  /* GDAL reports bad input on stderr by default: noise at 1000 runs/s. */
  CPLSetErrorHandler (CPLQuietErrorHandler);
  /* A g_return_if_fail tripping inside the core is a bug worth a crash. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
}
