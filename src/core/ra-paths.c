/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ra-core.h"

const char *
ra_paths_get_data_dir (void)
{
  static gsize dir = 0;

  if (g_once_init_enter (&dir))
    {
      const char *env = g_getenv ("RA_DATADIR");
      char *found;

      if (env != NULL && g_file_test (env, G_FILE_TEST_IS_DIR))
        found = g_strdup (env);
      else if (g_file_test (PKGDATADIR "/samples", G_FILE_TEST_IS_DIR))
        found = g_strdup (PKGDATADIR);
      else
        found = g_strdup (SOURCE_DATADIR);
      g_once_init_leave (&dir, (gsize) found);
    }
  return (const char *) dir;
}

char *
ra_paths_get_sample (const char *name)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (name != NULL, NULL);

  if (g_strcmp0 (name, "zhangye") != 0 && g_strcmp0 (name, "xinzhou") != 0)
    return NULL;
  path = g_build_filename (ra_paths_get_data_dir (), "samples", name, "counties.geojson", NULL);
  return g_steal_pointer (&path);
}

const char *
ra_paths_get_locale_dir (void)
{
  const char *env = g_getenv ("RA_LOCALEDIR");

  return (env != NULL && *env != '\0') ? env : LOCALEDIR;
}

void
ra_core_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      bindtextdomain (GETTEXT_PACKAGE, ra_paths_get_locale_dir ());
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      ra_source_init ();
      g_once_init_leave (&done, 1);
    }
}
