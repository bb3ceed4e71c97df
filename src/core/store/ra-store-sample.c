/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sample projects (Zhangye, Xinzhou) built from the data directory:
 * the counties imported like any layer, the plan's tables read from CSV
 * through GDAL (ra-gdal-features) into indicators, plan_metrics and
 * projects, and for Zhangye the county wastewater treatment plants placed
 * at the county seats.  Built beside the target under a temporary name and
 * renamed at the end, so there is never half a sample. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ra-gdal-error.h"
#include "ra-gdal-features.h"
#include "ra-paths.h"
#include "ra-store-private.h"
#include "ra-store-sample-ledger.h"

/* ---- the plan's CSV tables ---------------------------------------------- */

/* The first layer of a CSV table of the sample, read as it is. */
static RaGdalFeatures *
open_csv (const char *path, GError **error)
{
  GError *local = NULL;
  RaGdalFeatures *features = ra_gdal_features_open_csv (path, &local);

  if (features == NULL)
    ra_gdal_propagate_error (error, local, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND);
  return features;
}

static const char *
csv_get (RaGdalFeatures *f, const char *name)
{
  return ra_gdal_features_get_value_by_name (f, name);
}

/* The year of a row, 0 when blank. */
static RaStoreValue
csv_year (RaGdalFeatures *f)
{
  const char *year = csv_get (f, "year");

  return ra_store_value_int (year ? (int) g_ascii_strtoll (year, NULL, 10) : 0);
}

/* NAN for blank; FALSE for text that is not a number. */
static gboolean
csv_number (RaGdalFeatures *f, const char *name, double *out, const char *path, GError **error)
{
  const char *text = csv_get (f, name);

  *out = NAN;
  if (text == NULL)
    return TRUE;
  if (!ra_store_parse_number (text, out))
    {
      g_autofree char *display = ra_path_display_name (path);
      /* The cell's bytes may be anything; the message must be UTF-8. */
      g_autofree char *shown = g_utf8_make_valid (text, -1);

      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_IMPORT,
                   _("%s: row %" PRId64 ": “%s” is not a number in column %s"),
                   display, ra_gdal_features_get_fid (f), shown, name);
      return FALSE;
    }
  return TRUE;
}

/* An inserter of the named columns of table (no geometry). */
static RaStoreInserter *
plan_inserter (RaStore *self, const RaStoreTable *table, const char * const *names,
               guint n_names, GError **error)
{
  g_autofree const RaStoreColumn **columns = g_new0 (const RaStoreColumn *, n_names);

  for (guint i = 0; i < n_names; i++)
    {
      columns[i] = ra_store_find_column (table, names[i]);
      g_assert (columns[i] != NULL);
    }
  return ra_store_inserter_new (self, table, n_names, columns, RA_STORE_GEOM_NONE, error);
}

static gboolean
load_targets (RaStore *self, const char *path, GError **error)
{
  static const char * const names[] = {
    "adcode", "area_zh", "year", "kind", "origin", "nonconventional_use", "reclaimed_use",
    "mine_use", "reclaimed_rate_pct", "binding",
  };
  g_autoptr(RaGdalFeatures) f = open_csv (path, error);
  g_autoptr(RaStoreInserter) insert = NULL;

  if (f == NULL)
    return FALSE;
  insert = plan_inserter (self, &ra_store_indicators_table, names, G_N_ELEMENTS (names), error);
  if (insert == NULL)
    return FALSE;
  while (ra_gdal_features_next (f))
    {
      double nc, rec, mine, rate;

      if (!csv_number (f, "nonconventional_use", &nc, path, error) ||
          !csv_number (f, "reclaimed_use", &rec, path, error) ||
          !csv_number (f, "mine_use", &mine, path, error) ||
          !csv_number (f, "reclaimed_rate_pct", &rate, path, error))
        return FALSE;
      {
        RaStoreValue values[] = {
          ra_store_value_text (csv_get (f, "adcode")), ra_store_value_text (csv_get (f, "county_zh")),
          csv_year (f), ra_store_value_text (csv_get (f, "kind")), ra_store_value_text ("targets"),
          ra_store_value_real (nc), ra_store_value_real (rec), ra_store_value_real (mine),
          ra_store_value_real (rate),
          ra_store_value_int (g_strcmp0 (csv_get (f, "binding"), "yes") == 0),
        };

        if (ra_store_inserter_run (insert, values, path, NULL, error) == 0)
          return FALSE;
      }
    }
  return TRUE;
}

static gboolean
load_history (RaStore *self, const char *path, GError **error)
{
  static const char * const indicator_names[] = {
    "adcode", "area_zh", "year", "kind", "origin", "reclaimed_use", "reclaimed_rate_pct", "note",
  };
  static const char * const metric_names[] = { "adcode", "area_zh", "year", "metric", "note" };
  g_autoptr(RaGdalFeatures) f = open_csv (path, error);
  g_autoptr(RaStoreInserter) indicator = NULL;
  g_autoptr(RaStoreInserter) metric = NULL;

  if (f == NULL)
    return FALSE;
  indicator = plan_inserter (self, &ra_store_indicators_table, indicator_names,
                             G_N_ELEMENTS (indicator_names), error);
  if (indicator == NULL)
    return FALSE;
  metric = plan_inserter (self, &ra_store_plan_metrics_table, metric_names,
                          G_N_ELEMENTS (metric_names), error);
  if (metric == NULL)
    return FALSE;
  while (ra_gdal_features_next (f))
    {
      double use, rate;
      gint64 id;

      if (!csv_number (f, "reclaimed_use", &use, path, error) ||
          !csv_number (f, "reclaimed_rate_pct", &rate, path, error))
        return FALSE;
      /* A row with no figures is a note (the mine-water remark), kept as such. */
      if (isnan (use) && isnan (rate))
        {
          RaStoreValue values[] = {
            ra_store_value_text (csv_get (f, "adcode")),
            ra_store_value_text (csv_get (f, "area_zh")), csv_year (f),
            ra_store_value_text ("history_note"), ra_store_value_text (csv_get (f, "note")),
          };

          id = ra_store_inserter_run (metric, values, path, NULL, error);
        }
      else
        {
          RaStoreValue values[] = {
            ra_store_value_text (csv_get (f, "adcode")),
            ra_store_value_text (csv_get (f, "area_zh")), csv_year (f),
            ra_store_value_text ("actual"), ra_store_value_text ("history"),
            ra_store_value_real (use), ra_store_value_real (rate),
            ra_store_value_text (csv_get (f, "note")),
          };

          id = ra_store_inserter_run (indicator, values, path, NULL, error);
        }
      if (id == 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_projects (RaStore *self, const char *path, GError **error)
{
  static const struct { const char *csv, *column; } text_cols[] = {
    { "id", "code" }, { "name_zh", "name" }, { "county_adcode", "adcode" },
    { "source", "source" }, { "status", "status" }, { "batch", "batch" },
    { "start", "start" }, { "prep_stage", "prep_stage" }, { "owner_zh", "owner" },
    { "scope_zh", "scope" },
  };
  static const char * const number_cols[] = {
    "investment_total", "investment_2024_2025", "cap_industry", "cap_agriculture",
    "cap_ecological", "cap_urban_nonpotable", "pipeline_km", "storage_m3",
    "treatment_m3_per_day",
  };
  enum { N_VALUES = 1 + G_N_ELEMENTS (text_cols) + G_N_ELEMENTS (number_cols) };
  g_autoptr(RaGdalFeatures) f = open_csv (path, error);
  g_autoptr(RaStoreInserter) insert = NULL;
  const char *names[N_VALUES];
  int n = 0, sort_key = 0;

  if (f == NULL)
    return FALSE;
  names[n++] = "sort_key";
  for (guint i = 0; i < G_N_ELEMENTS (text_cols); i++)
    names[n++] = text_cols[i].column;
  for (guint i = 0; i < G_N_ELEMENTS (number_cols); i++)
    names[n++] = number_cols[i];
  insert = plan_inserter (self, ra_store_find_table ("projects"), names, N_VALUES, error);
  if (insert == NULL)
    return FALSE;

  while (ra_gdal_features_next (f))
    {
      RaStoreValue values[N_VALUES];
      double parts = 0, listed;
      int idx = 0;

      values[idx++] = ra_store_value_int (++sort_key);
      for (guint i = 0; i < G_N_ELEMENTS (text_cols); i++)
        values[idx++] = ra_store_value_text (csv_get (f, text_cols[i].csv));
      for (guint i = 0; i < G_N_ELEMENTS (number_cols); i++)
        {
          double v;

          if (!csv_number (f, number_cols[i], &v, path, error))
            return FALSE;
          if (g_str_has_prefix (number_cols[i], "cap_") && !isnan (v))
            parts += v;
          values[idx++] = ra_store_value_real (v);
        }
      /* cap_total is derived; the file's own total must agree with the parts. */
      if (!csv_number (f, "cap_total", &listed, path, error))
        return FALSE;
      if (!isnan (listed) && fabs (listed - parts) > 1e-9)
        {
          g_autofree char *display = ra_path_display_name (path);

          g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_IMPORT,
                       _("%s: project %s: cap_total %g differs from the sum of its parts %g"),
                       display, csv_get (f, "id"), listed, parts);
          return FALSE;
        }
      {
        g_autofree char *what = g_strdup_printf ("%s: %s", path, csv_get (f, "id"));

        if (ra_store_inserter_run (insert, values, what, NULL, error) == 0)
          return FALSE;
      }
    }
  return TRUE;
}

/* Xinzhou's targets are city-level metrics: all go to plan_metrics, use and
 * rate also to indicators. */
static gboolean
load_city_metrics (RaStore *self, const char *path, const char *city_adcode, GError **error)
{
  static const char * const names[] = {
    "adcode", "area_zh", "year", "metric", "value", "unit", "note",
  };
  g_autoptr(RaGdalFeatures) f = open_csv (path, error);
  g_autoptr(RaStoreInserter) metric = NULL;

  if (f == NULL)
    return FALSE;
  metric = plan_inserter (self, &ra_store_plan_metrics_table, names, G_N_ELEMENTS (names), error);
  if (metric == NULL)
    return FALSE;
  while (ra_gdal_features_next (f))
    {
      const char *name = csv_get (f, "metric");
      RaStoreValue year = csv_year (f);
      double value;

      if (!csv_number (f, "value", &value, path, error))
        return FALSE;
      {
        RaStoreValue values[] = {
          ra_store_value_text (city_adcode), ra_store_value_text (csv_get (f, "area_zh")), year,
          ra_store_value_text (name), ra_store_value_real (value),
          ra_store_value_text (csv_get (f, "unit")), ra_store_value_text (csv_get (f, "note")),
        };

        if (ra_store_inserter_run (metric, values, path, NULL, error) == 0)
          return FALSE;
      }
      if (g_strcmp0 (name, "reclaimed_use") == 0 || g_strcmp0 (name, "reclaimed_rate_pct") == 0)
        {
          gboolean is_use = g_strcmp0 (name, "reclaimed_use") == 0;

          if (!self->backend->merge_city_target (self->db, city_adcode, csv_get (f, "area_zh"),
                                                 (int) year.i, is_use ? value : NAN,
                                                 is_use ? NAN : value, path, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* ---- building a sample ------------------------------------------------------ */

/* Removes what a sample build left beside path: the file, its WAL, shared
 * memory and rollback journal. */
static void
remove_partial (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
}

gboolean
ra_store_build_sample (const char *path, const char *name, GError **error)
{
  g_autoptr(RaStore) store = NULL;
  g_autoptr(GPtrArray) report = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = NULL;
  g_autofree char *counties = NULL;
  g_autofree char *part = NULL;
  g_autofree char *display = NULL;
  const RaStoreBackend *backend;
  gboolean zhangye;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = ra_path_display_name (path);
  zhangye = g_strcmp0 (name, "zhangye") == 0;
  if (!zhangye && g_strcmp0 (name, "xinzhou") != 0)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND,
                   _("unknown sample “%s” (choose zhangye or xinzhou)"), name ? name : "");
      return FALSE;
    }
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_FAILED,
                   _("%s: file exists; choose another name"), display);
      return FALSE;
    }
  dir = g_build_filename (ra_paths_get_data_dir (), "samples", name, NULL);
  counties = g_build_filename (dir, "counties.geojson", NULL);

  /* Built beside the target and renamed at the end: never a half sample.
   * Errors name the target, the file the user asked for. */
  part = g_strconcat (path, ".part", NULL);
  remove_partial (part);
  store = ra_store_open_named (part, path, RA_STORE_OPEN_CREATE, error);
  if (store == NULL)
    goto fail;
  backend = store->backend;

  if (!ra_store_import_into (store, counties, NULL, NULL, ra_store_find_table ("counties"), NULL,
                             FALSE, NULL, report, error))
    goto fail;

  if (!ra_store_tx_begin (store, error))
    goto fail;
  if (!backend->set_meta (store->db, "project_name",
                          zhangye ? "张掖市非常规水源利用规划（示例）" : "忻州市城市再生水利用（示例）",
                          error) ||
      !backend->set_meta (store->db, "sample", name, error))
    goto fail_tx;
  if (zhangye)
    {
      g_autofree char *targets = g_build_filename (dir, "targets.csv", NULL);
      g_autofree char *history = g_build_filename (dir, "history.csv", NULL);
      g_autofree char *projects = g_build_filename (dir, "projects.csv", NULL);

      /* The plan names the county wastewater treatment plants but gives no
       * coordinates: they are put at the county seats and flagged approximate. */
      if (!load_targets (store, targets, error) || !load_history (store, history, error) ||
          !load_projects (store, projects, error) ||
          !backend->place_county_plants (store->db, "污水处理厂",
                                         "示意位置：县城驻地，非实测坐标 (schematic: county seat, not surveyed)",
                                         error) ||
          !ra_store_sample_load_ledger (store, dir, error))
        goto fail_tx;
    }
  else
    {
      g_autofree char *targets = g_build_filename (dir, "targets.csv", NULL);
      g_autofree char *city = NULL;

      if (!backend->dup_city_adcode (store->db, &city, error) ||
          !load_city_metrics (store, targets, city, error))
        goto fail_tx;
    }
  if (!backend->write_audit (store->db, "meta", 0, "sample", NULL, NULL, error) ||
      !ra_store_tx_commit (store, error))
    goto fail;
  /* The whole sample into the file itself, checked: a journal left over
   * after a failed write would stay behind under the temporary name. */
  if (!backend->flush (store->db, error))
    goto fail;
  g_clear_object (&store);

  if (g_rename (part, path) != 0)
    {
      int saved = errno;

      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_FAILED,
                   _("%s: cannot be written (%s)"), display, g_strerror (saved));
      remove_partial (part);
      return FALSE;
    }
  return TRUE;

fail_tx:
  ra_store_tx_rollback (store);
fail:
  if (store != NULL)
    store->backend->explain_disk_full (store->db, error, _("building the sample"));
  g_clear_object (&store);
  remove_partial (part);
  if (error != NULL && *error != NULL && !g_str_has_prefix ((*error)->message, display))
    ra_store_prefix_error (error, path);
  return FALSE;
}
