/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sample's ledger: a CSV of known headers read through GDAL as the
 * sample's other tables are, its rows inserted into ledger.  Its figures
 * pass the ledger import's validation (tests/plan/test-ledger.c reads the
 * same file with ra_ledger_read and compares). */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <glib/gi18n-lib.h>

#include "ra-gdal-error.h"
#include "ra-gdal-features.h"
#include "ra-paths.h"
#include "ra-store-private.h"
#include "ra-store-sample-ledger.h"

/* The sample's header -> the ledger column; volumes in 10^4 m3. */
static const struct {
  const char *header;
  const char *column;
  gboolean    volume;
} sample_columns[] = {
  { "月份", "month", FALSE },
  { "进水量(万m3)", "inflow", TRUE },
  { "处理量(万m3)", "treated", TRUE },
  { "工业回用量(万m3)", "reused_industry", TRUE },
  { "农业回用量(万m3)", "reused_agriculture", TRUE },
  { "生态回用量(万m3)", "reused_ecological", TRUE },
  { "城市杂用回用量(万m3)", "reused_urban_nonpotable", TRUE },
  { "外排量(万m3)", "discharged", TRUE },
  { "回用去向", "destination", FALSE },
  { "水质", "quality", FALSE },
};
#define PLANT_HEADER "设施"
#define N_SAMPLE_COLUMNS G_N_ELEMENTS (sample_columns)

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static gint64
plant_id_by_name (GPtrArray *plants, const char *name)
{
  for (guint i = 0; name != NULL && i < plants->len; i++)
    {
      const RaPlantRecord *p = g_ptr_array_index (plants, i);

      if (g_strcmp0 (p->name, name) == 0)
        return p->id;
    }
  return 0;
}

static gboolean
load_ledger_file (RaStore *self, const char *path, GError **error)
{
  const RaStoreTable *table = ra_store_find_table ("ledger");
  const RaStoreColumn *columns[N_SAMPLE_COLUMNS + 2];
  g_autoptr(RaGdalFeatures) f = NULL;
  g_autoptr(RaStoreInserter) insert = NULL;
  g_autoptr(GPtrArray) plants = NULL;
  g_autofree char *display = NULL;
  g_autofree char *basename = NULL;
  GError *local = NULL;

  display = ra_path_display_name (path);
  basename = g_path_get_basename (path);
  f = ra_gdal_features_open_csv (path, &local);
  if (f == NULL)
    return ra_gdal_propagate_error (error, local, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND);
  plants = ra_store_list_plants (self, NULL, error);
  if (plants == NULL)
    return FALSE;

  columns[0] = ra_store_find_column (table, "plant_id");
  for (guint i = 0; i < N_SAMPLE_COLUMNS; i++)
    columns[i + 1] = ra_store_find_column (table, sample_columns[i].column);
  columns[N_SAMPLE_COLUMNS + 1] = ra_store_find_column (table, "source_file");
  insert = ra_store_inserter_new (self, table, N_SAMPLE_COLUMNS + 2, columns, RA_STORE_GEOM_NONE,
                                  error);
  if (insert == NULL)
    return FALSE;

  while (ra_gdal_features_next (f))
    {
      RaStoreValue values[N_SAMPLE_COLUMNS + 2];
      const char *plant = ra_gdal_features_get_value_by_name (f, PLANT_HEADER);
      gint64 plant_id = plant_id_by_name (plants, plant);

      if (plant_id == 0)
        {
          g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_IMPORT,
                       _("%s: row %" PRId64 ": no plant “%s” in the sample"),
                       display, (int64_t) ra_gdal_features_get_fid (f) + 1, plant != NULL ? plant : "");
          return FALSE;
        }
      values[0] = ra_store_value_int (plant_id);
      for (guint i = 0; i < N_SAMPLE_COLUMNS; i++)
        {
          const char *text = ra_gdal_features_get_value_by_name (f, sample_columns[i].header);
          double v;

          if (!sample_columns[i].volume)
            values[i + 1] = ra_store_value_text (text);
          else if (text == NULL)
            values[i + 1] = ra_store_value_real (NAN);
          else if (ra_store_parse_number (text, &v) && v >= 0.0)
            values[i + 1] = ra_store_value_real (v);
          else
            {
              g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_IMPORT,
                           _("%s: row %" PRId64 ": “%s” is not a volume in column %s"),
                           display, (int64_t) ra_gdal_features_get_fid (f) + 1, text,
                           sample_columns[i].header);
              return FALSE;
            }
        }
      values[N_SAMPLE_COLUMNS + 1] = ra_store_value_text (basename);
      if (ra_store_inserter_run (insert, values, display, NULL, error) <= 0)
        return FALSE;
    }
  return TRUE;
}

gboolean
ra_store_sample_load_ledger (RaStore *self, const char *dir, GError **error)
{
  g_autoptr(GDir) d = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);

  d = g_dir_open (dir, 0, NULL);
  if (d == NULL)
    return TRUE;
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, "ledger_") && g_str_has_suffix (name, ".csv"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);

      if (!load_ledger_file (self, path, error))
        return FALSE;
    }
  return TRUE;
}
