/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sample projects (Zhangye, Xinzhou) built from the data directory:
 * the counties imported like any layer, the plan's tables read from CSV
 * through GDAL (ra-gdal-features) into indicators, plan_metrics and
 * projects, and for Zhangye the county wastewater treatment plants placed
 * at the county seats, then the water balance's tables (plants' capacity
 * and effluent, plant supply, water users and their demand, pipelines,
 * allocations) from plants.csv, water_users.csv, pipelines.csv and
 * allocations.csv.  Built beside the target under a temporary name and
 * renamed at the end, so there is never half a sample. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>
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

/* ---- the water balance's tables (Zhangye) --------------------------------- */

/* The fields named prefix + a four-digit year: their indexes and years. */
static GArray *
year_fields (RaGdalFeatures *f, const char *prefix)
{
  GArray *fields = g_array_new (FALSE, FALSE, sizeof (int) * 2);
  gsize n = strlen (prefix);

  for (guint i = 0; i < ra_gdal_features_get_n_fields (f); i++)
    {
      const char *name = ra_gdal_features_get_field_name (f, i);
      int pair[2];

      if (!g_str_has_prefix (name, prefix) || strlen (name) != n + 4 ||
          !g_ascii_isdigit (name[n]) || !g_ascii_isdigit (name[n + 1]) ||
          !g_ascii_isdigit (name[n + 2]) || !g_ascii_isdigit (name[n + 3]))
        continue;
      pair[0] = (int) i;
      pair[1] = (int) g_ascii_strtoll (name + n, NULL, 10);
      g_array_append_vals (fields, pair, 1);
    }
  return fields;
}

/* The id of the one row of table whose column holds value. */
static gboolean
find_by (RaStore *self, const char *table, const char *column, const char *value,
         const char *path, gint64 *id, GError **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  RaStoreValue key = ra_store_value_text (value);

  *id = 0;
  if (!ra_store_find_ids (self, ra_store_find_table (table), 1, &column, &key, ids, error))
    return FALSE;
  if (ids->len != 1)
    {
      g_autofree char *display = ra_path_display_name (path);

      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_IMPORT,
                   /* TRANSLATORS: file, table, column, value, number of rows */
                   _("%s: %s.%s “%s” names %u rows, not one"), display, table, column,
                   value != NULL ? value : "", ids->len);
      return FALSE;
    }
  *id = g_array_index (ids, gint64, 0);
  return TRUE;
}

/* WKT of the point at the row's lon/lat, NULL when both are blank. */
static gboolean
csv_point (RaGdalFeatures *f, const char *path, char **wkt, GError **error)
{
  char lon_text[G_ASCII_DTOSTR_BUF_SIZE], lat_text[G_ASCII_DTOSTR_BUF_SIZE];
  double lon, lat;

  *wkt = NULL;
  if (!csv_number (f, "lon", &lon, path, error) || !csv_number (f, "lat", &lat, path, error))
    return FALSE;
  if (isnan (lon) && isnan (lat))
    return TRUE;
  if (isnan (lon) || isnan (lat))
    {
      g_autofree char *display = ra_path_display_name (path);

      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_IMPORT,
                   _("%s: row %" PRId64 ": lon and lat must be given together"),
                   display, ra_gdal_features_get_fid (f));
      return FALSE;
    }
  *wkt = g_strdup_printf ("POINT (%s %s)", g_ascii_dtostr (lon_text, sizeof lon_text, lon),
                          g_ascii_dtostr (lat_text, sizeof lat_text, lat));
  return TRUE;
}

/* Values of the named columns of a row, in order (text as it is, numbers
 * parsed, INT columns whole). */
static gboolean
csv_values (RaGdalFeatures *f, const RaStoreTable *table, const char * const *csv_names,
            const char * const *columns, guint n, const char *path, RaStoreValue *values,
            GError **error)
{
  for (guint i = 0; i < n; i++)
    {
      const RaStoreColumn *c = ra_store_find_column (table, columns[i]);
      double v;

      g_assert (c != NULL);
      if (c->type == RA_STORE_COL_TEXT)
        {
          values[i] = ra_store_value_text (csv_get (f, csv_names[i]));
          continue;
        }
      if (!csv_number (f, csv_names[i], &v, path, error))
        return FALSE;
      values[i] = c->type == RA_STORE_COL_INT && !isnan (v) ? ra_store_value_int ((gint64) v)
                                                            : ra_store_value_real (v);
    }
  return TRUE;
}

/* plants.csv: the county plants (no lon/lat: already at the county seats)
 * get their capacity and effluent; the others (e.g. the mine-water
 * station) are added; treated_YYYY columns go to plant_supply. */
static gboolean
load_plants (RaStore *self, const char *path, GError **error)
{
  static const char * const csv_names[] = {
    "capacity_m3_per_day", "capacity_illustrative", "effluent_standard", "meets_standards",
    "name_zh", "county_adcode", "kind", "location_approx", "notes",
  };
  static const char * const columns[] = {
    "capacity_m3_per_day", "capacity_illustrative", "effluent_standard", "meets_standards",
    "name", "adcode", "kind", "location_approx", "notes",
  };
  enum { N_UPDATE = 4, N_ALL = G_N_ELEMENTS (columns) };
  static const char * const supply_names[] = { "plant_id", "year", "treated" };
  const RaStoreTable *plants = ra_store_find_table ("plants");
  const RaStoreColumn *cols[N_ALL];
  g_autoptr(RaGdalFeatures) f = open_csv (path, error);
  g_autoptr(RaStoreInserter) insert = NULL;
  g_autoptr(RaStoreInserter) supply = NULL;
  g_autoptr(GArray) treated = NULL;

  if (f == NULL)
    return FALSE;
  for (guint i = 0; i < N_ALL; i++)
    cols[i] = ra_store_find_column (plants, columns[i]);
  insert = ra_store_inserter_new (self, plants, N_ALL, cols, RA_STORE_GEOM_WKT, error);
  supply = plan_inserter (self, ra_store_find_table ("plant_supply"), supply_names,
                          G_N_ELEMENTS (supply_names), error);
  if (insert == NULL || supply == NULL)
    return FALSE;
  treated = year_fields (f, "treated_");
  while (ra_gdal_features_next (f))
    {
      RaStoreValue values[N_ALL + 1];
      g_autofree char *wkt = NULL;
      gint64 id;

      if (!csv_point (f, path, &wkt, error) ||
          !csv_values (f, plants, csv_names, columns, N_ALL, path, values, error))
        return FALSE;
      if (wkt == NULL)
        {
          if (!find_by (self, "plants", "name", csv_get (f, "name_zh"), path, &id, error) ||
              !self->backend->update_row (self->db, plants, id, N_UPDATE, cols, values, NULL,
                                          path, error))
            return FALSE;
        }
      else
        {
          values[N_ALL] = ra_store_value_text (wkt);
          if ((id = ra_store_inserter_run (insert, values, path, NULL, error)) == 0)
            return FALSE;
        }
      for (guint i = 0; i < treated->len; i++)
        {
          const int *pair = &g_array_index (treated, int, 2 * i);
          const char *text = ra_gdal_features_get_value (f, pair[0]);
          double volume;

          if (text == NULL)
            continue;
          if (!csv_number (f, ra_gdal_features_get_field_name (f, (guint) pair[0]), &volume,
                           path, error))
            return FALSE;
          {
            RaStoreValue sv[] = {
              ra_store_value_int (id), ra_store_value_int (pair[1]), ra_store_value_real (volume),
            };

            if (ra_store_inserter_run (supply, sv, path, NULL, error) == 0)
              return FALSE;
          }
        }
    }
  return TRUE;
}

/* water_users.csv: users at their (approximate) locations, demand_YYYY
 * columns into user_demand. */
static gboolean
load_water_users (RaStore *self, const char *path, GError **error)
{
  static const char * const csv_names[] = {
    "name_zh", "county_adcode", "sector", "use_category", "source_now", "able", "why_not",
    "key_user", "location_approx", "demand_illustrative", "notes",
  };
  static const char * const columns[] = {
    "name", "adcode", "sector", "use_category", "source_now", "able", "why_not",
    "key_user", "location_approx", "demand_illustrative", "notes",
  };
  enum { N = G_N_ELEMENTS (columns) };
  static const char * const demand_names[] = { "user_id", "year", "volume" };
  const RaStoreTable *users = ra_store_find_table ("water_users");
  const RaStoreColumn *cols[N];
  g_autoptr(RaGdalFeatures) f = open_csv (path, error);
  g_autoptr(RaStoreInserter) insert = NULL;
  g_autoptr(RaStoreInserter) demand = NULL;
  g_autoptr(GArray) years = NULL;

  if (f == NULL)
    return FALSE;
  for (guint i = 0; i < N; i++)
    cols[i] = ra_store_find_column (users, columns[i]);
  insert = ra_store_inserter_new (self, users, N, cols, RA_STORE_GEOM_WKT, error);
  demand = plan_inserter (self, ra_store_find_table ("user_demand"), demand_names,
                          G_N_ELEMENTS (demand_names), error);
  if (insert == NULL || demand == NULL)
    return FALSE;
  years = year_fields (f, "demand_");
  while (ra_gdal_features_next (f))
    {
      RaStoreValue values[N + 1];
      g_autofree char *wkt = NULL;
      gint64 id;

      if (!csv_point (f, path, &wkt, error) ||
          !csv_values (f, users, csv_names, columns, N, path, values, error))
        return FALSE;
      for (guint i = 0; i < N; i++)
        if (values[i].type == RA_STORE_VALUE_TEXT &&
            !ra_store_water_check_user_value (columns[i], values[i].text, error))
          return ra_store_prefix_error (error, path);
      values[N] = ra_store_value_text (wkt);
      if ((id = ra_store_inserter_run (insert, values, path, NULL, error)) == 0)
        return FALSE;
      for (guint i = 0; i < years->len; i++)
        {
          const int *pair = &g_array_index (years, int, 2 * i);
          double volume;

          if (!csv_number (f, ra_gdal_features_get_field_name (f, (guint) pair[0]), &volume,
                           path, error))
            return FALSE;
          if (isnan (volume))
            continue;
          {
            RaStoreValue dv[] = {
              ra_store_value_int (id), ra_store_value_int (pair[1]), ra_store_value_real (volume),
            };

            if (ra_store_inserter_run (demand, dv, path, NULL, error) == 0)
              return FALSE;
          }
        }
    }
  return TRUE;
}

/* pipelines.csv: schematic straight lines and the illustrative branched
 * networks of two plants (WKT, EPSG:4490 lon/lat), project_code
 * naming the project by its code. */
static gboolean
load_pipelines (RaStore *self, const char *path, GError **error)
{
  static const char * const csv_names[] = { "name_zh", "dn_mm", "material", "status", "notes" };
  static const char * const columns[] = { "name", "dn_mm", "material", "status", "notes",
                                          "project_id" };
  enum { N = G_N_ELEMENTS (columns) };
  const RaStoreTable *pipelines = ra_store_find_table ("pipelines");
  const RaStoreColumn *cols[N];
  g_autoptr(RaGdalFeatures) f = open_csv (path, error);
  g_autoptr(RaStoreInserter) insert = NULL;

  if (f == NULL)
    return FALSE;
  for (guint i = 0; i < N; i++)
    cols[i] = ra_store_find_column (pipelines, columns[i]);
  insert = ra_store_inserter_new (self, pipelines, N, cols, RA_STORE_GEOM_WKT, error);
  if (insert == NULL)
    return FALSE;
  while (ra_gdal_features_next (f))
    {
      RaStoreValue values[N + 1];
      const char *code = csv_get (f, "project_code");
      const char *wkt = csv_get (f, "wkt");
      gint64 project_id = 0;

      if (!csv_values (f, pipelines, csv_names, columns, N - 1, path, values, error))
        return FALSE;
      if (code != NULL && !find_by (self, "projects", "code", code, path, &project_id, error))
        return FALSE;
      if (wkt == NULL || !self->backend->check_geometry (self->db, pipelines, wkt, error))
        {
          if (wkt == NULL)
            g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_IMPORT, _("no geometry"));
          g_prefix_error (error, "%s: %s: ", path, csv_get (f, "name_zh"));
          return FALSE;
        }
      values[N - 1] = project_id != 0 ? ra_store_value_int (project_id) : ra_store_value_text (NULL);
      values[N] = ra_store_value_text (wkt);
      if (ra_store_inserter_run (insert, values, path, NULL, error) == 0)
        return FALSE;
    }
  return TRUE;
}

/* allocations.csv: allocations by the names of user and plant. */
static gboolean
load_allocations (RaStore *self, const char *path, GError **error)
{
  static const char * const names[] = { "user_id", "plant_id", "year", "volume", "origin" };
  g_autoptr(RaGdalFeatures) f = open_csv (path, error);
  g_autoptr(RaStoreInserter) insert = NULL;

  if (f == NULL)
    return FALSE;
  insert = plan_inserter (self, ra_store_find_table ("allocations"), names, G_N_ELEMENTS (names),
                          error);
  if (insert == NULL)
    return FALSE;
  while (ra_gdal_features_next (f))
    {
      gint64 user_id, plant_id;
      double volume;

      if (!find_by (self, "water_users", "name", csv_get (f, "user_name_zh"), path, &user_id,
                    error) ||
          !find_by (self, "plants", "name", csv_get (f, "plant_name_zh"), path, &plant_id,
                    error) ||
          !csv_number (f, "volume", &volume, path, error))
        return FALSE;
      {
        RaStoreValue values[] = {
          ra_store_value_int (user_id), ra_store_value_int (plant_id), csv_year (f),
          ra_store_value_real (volume), ra_store_value_text (csv_get (f, "origin")),
        };

        if (ra_store_inserter_run (insert, values, path, NULL, error) == 0)
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
      /* The water balance: illustrative capacities and demands, approximate
       * locations, schematic pipelines and an illustrative network
       * (data/samples/README.md). */
      {
        g_autofree char *plants = g_build_filename (dir, "plants.csv", NULL);
        g_autofree char *users = g_build_filename (dir, "water_users.csv", NULL);
        g_autofree char *pipelines = g_build_filename (dir, "pipelines.csv", NULL);
        g_autofree char *allocations = g_build_filename (dir, "allocations.csv", NULL);

        if (!load_plants (store, plants, error) || !load_water_users (store, users, error) ||
            !load_pipelines (store, pipelines, error) ||
            !load_allocations (store, allocations, error))
          goto fail_tx;
      }
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
