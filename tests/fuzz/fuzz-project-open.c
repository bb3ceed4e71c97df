/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Project-file opening: the bytes are written to a .sqlite file and opened
 * view-only (no migration writes), then read the way the app reads a
 * project: name, projects, counties, indicators, audit, row counts. */
#include "config.h"

#include "ra-store.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const char * const tables[] = { "counties", "plants", "projects", "pipelines",
                                         "built_up_areas", "indicators", NULL };
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = NULL;

  fuzz_init_once ();
  path = fuzz_write ("project.sqlite", data, size);
  store = ra_store_open (path, RA_STORE_OPEN_READ_ONLY, &error);
  if (store != NULL)
    {
      g_autofree char *name = ra_store_dup_project_name (store);
      g_autoptr(GPtrArray) projects = ra_store_list_projects (store, NULL);
      g_autoptr(GPtrArray) counties = ra_store_list_counties (store, NULL);
      g_autoptr(GPtrArray) indicators = ra_store_list_indicators (store, NULL, NULL);
      g_autoptr(GPtrArray) audit = ra_store_list_audit (store, NULL, 0, NULL);

      g_assert (name != NULL);
      for (guint i = 0; tables[i] != NULL; i++)
        ra_store_count_rows (store, tables[i], NULL);
      for (guint i = 0; projects != NULL && i < MIN (projects->len, 4); i++)
        {
          RaProjectRecord *p = g_ptr_array_index (projects, i);
          g_autofree char *wkt = ra_store_get_geometry_wkt (store, "projects", p->id, NULL);
        }
      ra_store_close (store);
    }
  else
    g_assert (error != NULL);
  g_unlink (path);
  return 0;
}
