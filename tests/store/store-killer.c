/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test helper: edits a project in a loop and prints the number of each
 * edit after ra_store_update_project returned (i.e. after COMMIT), so the
 * parent knows which edits were acknowledged before it sent SIGKILL.
 * Usage: store-killer PROJECT FIRST_SEQ */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "ra-core.h"
#include "ra-store.h"

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  guint seq;

  if (argc != 3)
    return 2;
  ra_core_init ();
  seq = (guint) g_ascii_strtoull (argv[2], NULL, 10);
  store = ra_store_open (argv[1], RA_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    {
      fprintf (stderr, "store-killer: %s\n", error->message);
      return 1;
    }
  projects = ra_store_list_projects (store, &error);
  if (projects == NULL || projects->len == 0)
    return 1;
  for (;; seq++)
    {
      RaProjectRecord *p = g_ptr_array_index (projects, seq % projects->len);
      g_autofree char *text = g_strdup_printf ("kill-%u", seq);
      GValue v = G_VALUE_INIT;
      gboolean ok;

      g_value_init (&v, G_TYPE_STRING);
      g_value_set_string (&v, text);
      ok = ra_store_update_project (store, p->id, "notes", &v, &error);
      g_value_unset (&v);
      if (!ok)
        {
          fprintf (stderr, "store-killer: %s\n", error->message);
          return 1;
        }
      printf ("%u\n", seq);
      fflush (stdout);
    }
  return 0;
}
