/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Replays files (or every file in folders) through a harness's
 * LLVMFuzzerTestOneInput: how the kept fuzzer findings and the seed corpora
 * run as regression tests in a normal build (no libFuzzer needed). */
#include "config.h"

#include <stdio.h>
#include <glib.h>

int LLVMFuzzerTestOneInput (const unsigned char *data, size_t size);

static guint n_run;

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
run_path (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        if (name[0] != '.')
          g_ptr_array_add (names, g_strdup (name));
      g_ptr_array_sort (names, compare_names);
      for (guint i = 0; i < names->len; i++)
        {
          g_autofree char *child = g_build_filename (path, g_ptr_array_index (names, i), NULL);
          run_path (child);
        }
      return;
    }
  {
    g_autofree char *contents = NULL;
    gsize len = 0;

    if (!g_file_get_contents (path, &contents, &len, NULL))
      {
        fprintf (stderr, "cannot read %s\n", path);
        exit (1);
      }
    printf ("# %s (%" G_GSIZE_FORMAT " bytes)\n", path, len);
    fflush (stdout);
    LLVMFuzzerTestOneInput ((const unsigned char *) contents, len);
    n_run++;
  }
}

int
main (int argc, char **argv)
{
  for (int i = 1; i < argc; i++)
    run_path (argv[i]);
  printf ("1..1\nok 1 - %u inputs replayed without a crash\n", n_run);
  return 0;
}
