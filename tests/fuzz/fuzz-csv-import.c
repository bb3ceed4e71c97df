/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CSV and plan-table import.  The first byte picks the path:
 *   bit 0 = 0: the rest is a CSV (with a lon/lat .prj beside it) imported
 *              into plants, pipelines, built_up_areas or counties (bits 1-2)
 *              of a sample project: rejected as a whole or imported;
 *   bit 0 = 1: the rest replaces one plan table of the Zhangye sample
 *              (projects.csv, targets.csv or history.csv by bits 1-2) and a
 *              sample project is built from it (ra_store_build_sample). */
#include "config.h"

#include "ra-store.h"
#include "fuzz-common.h"

static const char *prj_4326 =
  "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],"
  "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";

static char *sample_dir;       /* fake RA_DATADIR/samples/zhangye */
static char *project_path;
static RaStore *store;
static guint n_imports;

static void
copy_file (const char *from, const char *to)
{
  g_autofree char *contents = NULL;
  gsize len;

  if (!g_file_get_contents (from, &contents, &len, NULL) ||
      !g_file_set_contents (to, contents, len, NULL))
    g_error ("cannot copy %s to %s", from, to);
}

static void
reset_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *built = g_build_filename (fuzz_dir (), "pristine.sqlite", NULL);

  g_clear_object (&store);
  if (!g_file_test (built, G_FILE_TEST_EXISTS) && !ra_store_build_sample (built, "zhangye", &error))
    g_error ("cannot build the sample: %s", error->message);
  copy_file (built, project_path);
  store = ra_store_open (project_path, RA_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    g_error ("cannot open the sample: %s", error->message);
  n_imports = 0;
}

static void
init (void)
{
  const char *real = NULL;
  g_autofree char *data = NULL;
  static const char * const keep[] = { "counties.geojson", "targets.csv", "history.csv", "projects.csv", "plants.csv", "water_users.csv", "pipelines.csv", "allocations.csv", NULL };

  if (sample_dir != NULL)
    return;
  /* The real sample tables, copied where this harness may replace them. */
  real = g_getenv ("RA_DATADIR");
  data = g_build_filename (fuzz_dir (), "data", NULL);
  sample_dir = g_build_filename (data, "samples", "zhangye", NULL);
  g_mkdir_with_parents (sample_dir, 0700);
  for (guint i = 0; keep[i] != NULL; i++)
    {
      g_autofree char *from = g_build_filename (real ? real : SOURCE_DATADIR, "samples", "zhangye", keep[i], NULL);
      g_autofree char *to = g_build_filename (sample_dir, keep[i], NULL);
      copy_file (from, to);
    }
  g_setenv ("RA_DATADIR", data, TRUE);
  fuzz_init_once ();
  project_path = g_build_filename (fuzz_dir (), "project.sqlite", NULL);
  reset_store ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const char * const tables[] = { "plants", "pipelines", "built_up_areas", "counties" };
  static const char * const plan_tables[] = { "projects.csv", "targets.csv", "history.csv", "projects.csv" };
  g_autoptr(GError) error = NULL;

  init ();
  if (size < 1)
    return 0;
  if ((data[0] & 1) == 0)
    {
      g_autofree char *csv = fuzz_write ("in.csv", data + 1, size - 1);
      g_autofree char *prj = fuzz_write ("in.prj", (const uint8_t *) prj_4326, strlen (prj_4326));
      g_autoptr(GPtrArray) report = NULL;
      guint n = 0;

      if (ra_store_import_layer (store, csv, NULL, tables[(data[0] >> 1) & 3], NULL, &n, &report, &error))
        {
          /* Keep the project small: start again after some growth. */
          if (++n_imports > 200)
            reset_store ();
        }
      else
        g_assert (error != NULL);
      g_unlink (csv);
    }
  else
    {
      const char *table = plan_tables[(data[0] >> 1) & 3];
      g_autofree char *target = g_build_filename (sample_dir, table, NULL);
      g_autofree char *real = g_build_filename (g_getenv ("RA_SOURCE_DATADIR") ? g_getenv ("RA_SOURCE_DATADIR")
                                                                                : SOURCE_DATADIR,
                                                "samples", "zhangye", table, NULL);
      g_autofree char *out = g_build_filename (fuzz_dir (), "built.sqlite", NULL);

      if (!g_file_set_contents (target, (const char *) data + 1, (gssize) size - 1, NULL))
        g_error ("cannot write %s", target);
      g_unlink (out);
      if (!ra_store_build_sample (out, "zhangye", &error))
        g_assert (error != NULL && g_utf8_validate (error->message, -1, NULL));
      g_unlink (out);
      copy_file (real, target);
    }
  return 0;
}
