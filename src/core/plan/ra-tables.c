/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The plan document's appendix tables built from the store; written
 * through GDAL by ra-gdal-write. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-gdal-error.h"
#include "ra-gdal-write.h"
#include "ra-paths.h"
#include "ra-tables.h"

static void
table_row_free (RaTableRow *row)
{
  if (row == NULL)
    return;
  g_strfreev (row->text);
  g_free (row->values);
  g_free (row);
}

void
ra_table_free (RaTable *table)
{
  if (table == NULL)
    return;
  g_free (table->name);
  g_strfreev (table->headers);
  g_free (table->numeric);
  /* row->text may hold NULLs between texts (a blank cell), which
   * g_strfreev in table_row_free would stop at: free every cell here. */
  for (guint i = 0; table->rows != NULL && i < table->rows->len; i++)
    {
      RaTableRow *row = g_ptr_array_index (table->rows, i);

      for (guint c = 0; c < table->n_columns; c++)
        g_clear_pointer (&row->text[c], g_free);
    }
  g_clear_pointer (&table->rows, g_ptr_array_unref);
  g_clear_pointer (&table->findings, g_ptr_array_unref);
  g_free (table);
}

/* headers: translated column titles; numeric: which are numbers. */
static RaTable *
table_new (const char *name, guint n_columns, const char * const *headers,
           const gboolean *numeric)
{
  RaTable *table = g_new0 (RaTable, 1);

  table->name = g_strdup (name);
  table->n_columns = n_columns;
  table->headers = g_new0 (char *, n_columns + 1);
  table->numeric = g_new0 (gboolean, n_columns);
  for (guint i = 0; i < n_columns; i++)
    {
      table->headers[i] = g_strdup (_(headers[i]));
      table->numeric[i] = numeric[i];
    }
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) table_row_free);
  table->findings = g_ptr_array_new_with_free_func (g_free);
  return table;
}

static RaTableRow *
table_add_row (RaTable *table, RaTableRowKind kind)
{
  RaTableRow *row = g_new0 (RaTableRow, 1);

  row->kind = kind;
  row->text = g_new0 (char *, table->n_columns + 1);
  row->values = g_new (double, table->n_columns);
  for (guint i = 0; i < table->n_columns; i++)
    row->values[i] = NAN;
  g_ptr_array_add (table->rows, row);
  return row;
}

/* NAN-aware sum: blank + blank stays blank. */
static void
add_value (double *sum, double v)
{
  if (isnan (v))
    return;
  *sum = isnan (*sum) ? v : *sum + v;
}

/* ---- appendix 2: projects by batch ------------------------------------ */

enum {
  A2_NO,
  A2_NAME,
  A2_COUNTY,
  A2_SCOPE,
  A2_INVESTMENT,
  A2_INVESTMENT_2024_2025,
  A2_START,
  A2_PREP,
  A2_OWNER,
  A2_CAP_TOTAL,
  A2_CAP_INDUSTRY,
  A2_CAP_AGRICULTURE,
  A2_CAP_ECOLOGICAL,
  A2_CAP_URBAN,
  A2_N_COLUMNS
};

static const char * const a2_headers[A2_N_COLUMNS] = {
  N_("No."), N_("Project"), N_("County"), N_("Scope of works"),
  N_("Total investment (10⁴ yuan)"), N_("Investment 2024–2025 (10⁴ yuan)"),
  N_("Start"), N_("Preparation stage"), N_("Responsible unit"),
  N_("Capacity (10⁴ m³/a)"), N_("Industry"), N_("Agriculture"), N_("Ecology"),
  N_("Urban non-potable"),
};

static const gboolean a2_numeric[A2_N_COLUMNS] = {
  FALSE, FALSE, FALSE, FALSE, TRUE, TRUE, FALSE, FALSE, FALSE, TRUE, TRUE, TRUE, TRUE, TRUE,
};

static const int a2_summed[] = {
  A2_INVESTMENT, A2_INVESTMENT_2024_2025, A2_CAP_TOTAL, A2_CAP_INDUSTRY,
  A2_CAP_AGRICULTURE, A2_CAP_ECOLOGICAL, A2_CAP_URBAN,
};

static char *
batch_title (const char *batch, const char *status)
{
  if (g_strcmp0 (status, "under_construction") == 0)
    return g_strdup_printf (_("Subtotal %s (under construction)"), batch);
  if (g_strcmp0 (status, "in_service") == 0)
    return g_strdup_printf (_("Subtotal %s (in service)"), batch);
  return g_strdup_printf (_("Subtotal %s (proposed)"), batch);
}

static void
finish_subtotal (RaTable *table, RaTableRow *sums, const char *batch, const char *status)
{
  RaTableRow *row = table_add_row (table, RA_TABLE_ROW_SUBTOTAL);

  row->text[A2_NAME] = batch_title (batch ? batch : "?", status);
  for (guint i = 0; i < G_N_ELEMENTS (a2_summed); i++)
    {
      row->values[a2_summed[i]] = sums->values[a2_summed[i]];
      sums->values[a2_summed[i]] = NAN;
    }
}

static RaTable *
build_appendix2 (RaStore *store, GError **error)
{
  g_autoptr(GPtrArray) projects = ra_store_list_projects (store, error);
  g_autoptr(RaTable) table = NULL;
  RaTableRow sums = { 0 }, total = { 0 };
  double sum_values[A2_N_COLUMNS], total_values[A2_N_COLUMNS];
  const char *batch = NULL, *status = NULL;
  RaTableRow *row;

  if (projects == NULL)
    return NULL;
  table = table_new ("appendix2", A2_N_COLUMNS, a2_headers, a2_numeric);
  for (guint i = 0; i < A2_N_COLUMNS; i++)
    sum_values[i] = total_values[i] = NAN;
  sums.values = sum_values;
  total.values = total_values;

  for (guint i = 0; i < projects->len; i++)
    {
      RaProjectRecord *p = g_ptr_array_index (projects, i);
      double v[A2_N_COLUMNS];

      if (i > 0 && g_strcmp0 (p->batch, batch) != 0)
        finish_subtotal (table, &sums, batch, status);
      if (i == 0 || g_strcmp0 (p->batch, batch) != 0)
        batch = p->batch, status = p->status;

      row = table_add_row (table, RA_TABLE_ROW_ITEM);
      row->text[A2_NO] = g_strdup_printf ("%u", i + 1);
      row->text[A2_NAME] = g_strdup (p->name);
      row->text[A2_COUNTY] = g_strdup (p->county_name);
      row->text[A2_SCOPE] = g_strdup (p->scope);
      row->text[A2_START] = g_strdup (p->start);
      row->text[A2_PREP] = g_strdup (p->prep_stage);
      row->text[A2_OWNER] = g_strdup (p->owner);
      for (guint c = 0; c < A2_N_COLUMNS; c++)
        v[c] = NAN;
      v[A2_INVESTMENT] = p->investment_total;
      v[A2_INVESTMENT_2024_2025] = p->investment_2024_2025;
      v[A2_CAP_TOTAL] = p->cap_total;
      v[A2_CAP_INDUSTRY] = p->cap_industry;
      v[A2_CAP_AGRICULTURE] = p->cap_agriculture;
      v[A2_CAP_ECOLOGICAL] = p->cap_ecological;
      v[A2_CAP_URBAN] = p->cap_urban_nonpotable;
      for (guint k = 0; k < G_N_ELEMENTS (a2_summed); k++)
        {
          int c = a2_summed[k];

          row->values[c] = v[c];
          add_value (&sums.values[c], v[c]);
          add_value (&total.values[c], v[c]);
        }
    }
  if (projects->len > 0)
    finish_subtotal (table, &sums, batch, status);

  row = table_add_row (table, RA_TABLE_ROW_TOTAL);
  row->text[A2_NAME] = g_strdup (_("Total"));
  for (guint k = 0; k < G_N_ELEMENTS (a2_summed); k++)
    row->values[a2_summed[k]] = total.values[a2_summed[k]];
  return g_steal_pointer (&table);
}

/* ---- appendix 1: county targets --------------------------------------- */

static const struct {
  int         year;
  const char *kind;
} a1_blocks[] = {
  { 2023, "actual" }, { 2025, "target_min" }, { 2030, "target_min" },
};

enum {
  A1_MEASURE_NONCONVENTIONAL,
  A1_MEASURE_RECLAIMED,
  A1_MEASURE_MINE,
  A1_MEASURE_RATE,
  A1_N_MEASURES
};

#define A1_N_COLUMNS (2 + G_N_ELEMENTS (a1_blocks) * A1_N_MEASURES)

static const char * const a1_headers[A1_N_COLUMNS] = {
  N_("Area"), N_("Code"),
  N_("2023 non-conventional water use (10⁴ m³/a)"), N_("2023 reclaimed water use (10⁴ m³/a)"),
  N_("2023 mine water use (10⁴ m³/a)"), N_("2023 reclaimed water reuse rate (%)"),
  N_("2025 minimum non-conventional water use (10⁴ m³/a)"),
  N_("2025 minimum reclaimed water use (10⁴ m³/a)"),
  N_("2025 minimum mine water use (10⁴ m³/a)"), N_("2025 minimum reuse rate (%)"),
  N_("2030 minimum non-conventional water use (10⁴ m³/a)"),
  N_("2030 minimum reclaimed water use (10⁴ m³/a)"),
  N_("2030 minimum mine water use (10⁴ m³/a)"), N_("2030 minimum reuse rate (%)"),
};

static double
measure (const RaIndicatorRecord *rec, int m)
{
  switch (m)
    {
    case A1_MEASURE_NONCONVENTIONAL:
      return rec->nonconventional_use;
    case A1_MEASURE_RECLAIMED:
      return rec->reclaimed_use;
    case A1_MEASURE_MINE:
      return rec->mine_use;
    case A1_MEASURE_RATE:
    default:
      return rec->reclaimed_rate_pct;
    }
}

static const char * const measure_names[A1_N_MEASURES] = {
  "nonconventional_use", "reclaimed_use", "mine_use", "reclaimed_rate_pct",
};

static int
block_of (const RaIndicatorRecord *rec)
{
  for (guint b = 0; b < G_N_ELEMENTS (a1_blocks); b++)
    if (rec->year == a1_blocks[b].year && g_strcmp0 (rec->kind, a1_blocks[b].kind) == 0)
      return (int) b;
  return -1;
}

static RaTable *
build_appendix1 (RaStore *store, GError **error)
{
  g_autoptr(GPtrArray) indicators = ra_store_list_indicators (store, "targets", error);
  g_autoptr(GPtrArray) counties = NULL;
  g_autoptr(GHashTable) is_county = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) rows = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  g_autoptr(RaTable) table = NULL;
  gboolean numeric[A1_N_COLUMNS];
  RaTableRow *city, *source_city = NULL;
  const char *city_code = NULL, *city_name = NULL;
  guint n_county_rows = 0;

  if (indicators == NULL)
    return NULL;
  counties = ra_store_list_counties (store, error);
  if (counties == NULL)
    return NULL;
  for (guint i = 0; i < counties->len; i++)
    {
      RaCountyRecord *c = g_ptr_array_index (counties, i);
      g_hash_table_add (is_county, c->adcode);
    }

  for (guint i = 0; i < A1_N_COLUMNS; i++)
    numeric[i] = i >= 2;
  table = table_new ("appendix1", A1_N_COLUMNS, a1_headers, numeric);

  /* The city row goes first; it is filled from the counties below. */
  city = table_add_row (table, RA_TABLE_ROW_TOTAL);
  source_city = g_new0 (RaTableRow, 1);
  source_city->values = g_new (double, A1_N_COLUMNS);
  for (guint c = 0; c < A1_N_COLUMNS; c++)
    source_city->values[c] = NAN;

  for (guint i = 0; i < indicators->len; i++)
    {
      RaIndicatorRecord *rec = g_ptr_array_index (indicators, i);
      int b = block_of (rec);
      RaTableRow *row;

      if (b < 0)
        continue;
      if (g_hash_table_contains (is_county, rec->adcode))
        {
          row = g_hash_table_lookup (rows, rec->adcode);
          if (row == NULL)
            {
              row = g_new0 (RaTableRow, 1);
              row->kind = RA_TABLE_ROW_ITEM;
              row->text = g_new0 (char *, A1_N_COLUMNS + 1);
              row->values = g_new (double, A1_N_COLUMNS);
              for (guint c = 0; c < A1_N_COLUMNS; c++)
                row->values[c] = NAN;
              row->text[0] = g_strdup (rec->area_zh);
              row->text[1] = g_strdup (rec->adcode);
              g_hash_table_insert (rows, rec->adcode, row);
              g_ptr_array_add (order, row);
            }
        }
      else
        {
          row = source_city;
          city_code = rec->adcode;
          city_name = rec->area_zh;
        }
      for (int m = 0; m < A1_N_MEASURES; m++)
        row->values[2 + b * A1_N_MEASURES + m] = measure (rec, m);
    }

  /* Counties in the plan's order: by adcode, the city's own code first. */
  n_county_rows = order->len;
  for (guint i = 0; i < order->len; i++)
    {
      RaTableRow *row = g_ptr_array_index (order, i);

      g_ptr_array_add (table->rows, row);
      for (guint b = 0; b < G_N_ELEMENTS (a1_blocks); b++)
        for (int m = 0; m < A1_N_MEASURES; m++)
          if (m != A1_MEASURE_RATE)
            add_value (&city->values[2 + b * A1_N_MEASURES + m],
                       row->values[2 + b * A1_N_MEASURES + m]);
    }

  city->text[0] = g_strdup (city_name ? city_name : _("City"));
  city->text[1] = g_strdup (city_code);
  for (guint b = 0; b < G_N_ELEMENTS (a1_blocks); b++)
    for (int m = 0; m < A1_N_MEASURES; m++)
      {
        int c = 2 + b * A1_N_MEASURES + m;
        double listed = source_city->values[c];

        /* A rate is not a sum: the city's own figure stands. */
        if (m == A1_MEASURE_RATE || n_county_rows == 0)
          {
            city->values[c] = listed;
            continue;
          }
        if (!isnan (listed) && (isnan (city->values[c]) || fabs (listed - city->values[c]) > 1e-6))
          g_ptr_array_add (table->findings,
                           g_strdup_printf (_("%d %s %s: the source's city row gives %g but the counties sum to %g; the table uses the sum"),
                                            a1_blocks[b].year, a1_blocks[b].kind, measure_names[m],
                                            listed, isnan (city->values[c]) ? 0.0 : city->values[c]));
      }
  if (n_county_rows == 0)
    g_ptr_array_add (table->findings,
                     g_strdup (_("the project has no county figures: the city row is the source's own")));
  table_row_free (source_city);
  return g_steal_pointer (&table);
}

RaTable *
ra_tables_build_appendix (RaStore *store, int appendix, GError **error)
{
  g_return_val_if_fail (RA_IS_STORE (store), NULL);

  if (appendix == 1)
    return build_appendix1 (store, error);
  if (appendix == 2)
    return build_appendix2 (store, error);
  g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND,
               _("no appendix table %d (choose 1 or 2)"), appendix);
  return NULL;
}

/* ---- writing ---------------------------------------------------------- */

static void
table_get_row (gpointer data, guint r, const char * const **text, const double **values)
{
  const RaTable *table = data;
  const RaTableRow *row = g_ptr_array_index (table->rows, r);

  *text = (const char * const *) row->text;
  *values = row->values;
}

gboolean
ra_table_write (const RaTable *table, const char *path, GError **error)
{
  RaGdalTable out;
  GError *local = NULL;

  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  out = (RaGdalTable) {
    .name = table->name,
    .n_columns = table->n_columns,
    .headers = (const char * const *) table->headers,
    .numeric = table->numeric,
    .n_rows = table->rows->len,
    .get_row = table_get_row,
    .data = (gpointer) table,
  };
  if (!ra_gdal_write_table (&out, path, &local))
    return ra_gdal_propagate_error (error, local, RA_STORE_ERROR, RA_STORE_ERROR_EXPORT);
  return TRUE;
}

gboolean
ra_tables_write_appendix (RaStore     *store,
                          int          appendix,
                          const char  *path,
                          GPtrArray  **findings,
                          GError     **error)
{
  g_autoptr(RaTable) table = ra_tables_build_appendix (store, appendix, error);

  if (table == NULL || !ra_table_write (table, path, error))
    return FALSE;
  if (findings != NULL)
    *findings = g_ptr_array_ref (table->findings);
  return TRUE;
}
