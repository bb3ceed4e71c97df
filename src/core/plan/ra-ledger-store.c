/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ledger and the project: facility names resolved against the
 * project's plants, and the import that stores a validated ledger as one
 * undo step. */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-ledger.h"

/* ---- plants of the project --------------------------------------------- */

struct _RaLedgerPlants {
  GHashTable *by_name;      /* normalised name -> id */
  GHashTable *names;        /* id -> name */
};

static char *
normalise_name (const char *name)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c))
        g_string_append_unichar (s, c);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

RaLedgerPlants *
ra_ledger_plants_new_from_store (RaStore *store, GError **error)
{
  g_autoptr(GPtrArray) plants = NULL;
  RaLedgerPlants *self;

  g_return_val_if_fail (RA_IS_STORE (store), NULL);

  plants = ra_store_list_plants (store, NULL, error);
  if (plants == NULL)
    return NULL;
  self = g_new0 (RaLedgerPlants, 1);
  self->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = 0; i < plants->len; i++)
    {
      const RaPlantRecord *p = g_ptr_array_index (plants, i);

      if (p->name != NULL)
        g_hash_table_insert (self->by_name, normalise_name (p->name), (gpointer) (gintptr) p->id);
      g_hash_table_insert (self->names, g_memdup2 (&p->id, sizeof p->id),
                           g_strdup (p->name != NULL ? p->name : ""));
    }
  return self;
}

void
ra_ledger_plants_free (RaLedgerPlants *plants)
{
  if (plants == NULL)
    return;
  g_hash_table_unref (plants->by_name);
  g_hash_table_unref (plants->names);
  g_free (plants);
}

gint64
ra_ledger_plants_resolve (const char *name, gpointer data)
{
  RaLedgerPlants *plants = data;
  g_autofree char *key = NULL;
  gpointer id;
  char *end = NULL;
  gint64 n;

  if (plants == NULL || name == NULL)
    return 0;
  key = normalise_name (name);
  if (g_hash_table_lookup_extended (plants->by_name, key, NULL, &id))
    return (gint64) (gintptr) id;
  n = g_ascii_strtoll (key, &end, 10);
  if (end != key && *end == '\0' && n > 0 && g_hash_table_contains (plants->names, &n))
    return n;
  return 0;
}

const char *
ra_ledger_plants_get_name (RaLedgerPlants *plants, gint64 plant_id)
{
  g_return_val_if_fail (plants != NULL, NULL);
  return g_hash_table_lookup (plants->names, &plant_id);
}

/* ---- import ------------------------------------------------------------ */

gboolean
ra_ledger_import (RaStore *store, const char *path, const RaLedgerReadOptions *opts,
                  guint *n_rows_out, GPtrArray **report_out, GError **error)
{
  g_autoptr(RaLedgerPlants) plants = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (RA_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_rows_out != NULL)
    *n_rows_out = 0;
  if (report_out != NULL)
    *report_out = NULL;
  plants = ra_ledger_plants_new_from_store (store, error);
  if (plants == NULL)
    return FALSE;
  if (!ra_ledger_read (path, opts, ra_ledger_plants_resolve, plants, &rows, report_out, error))
    return FALSE;
  basename = g_path_get_basename (path);
  /* TRANSLATORS: the undo step of a ledger import; %s is the file */
  label = g_strdup_printf (_("Import ledger %s"), basename);
  if (!ra_store_add_ledger (store, rows, label, error))
    return FALSE;
  if (n_rows_out != NULL)
    *n_rows_out = rows->len;
  return TRUE;
}

/* ---- the atlas's pages ------------------------------------------------- */

GPtrArray *
ra_ledger_atlas_pages (RaStore *store, int year, GError **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(RaLedgerPlants) plants = NULL;
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_free);
  gint64 last = 0;

  g_return_val_if_fail (RA_IS_STORE (store), NULL);

  rows = ra_store_list_ledger (store, 0, error);
  if (rows == NULL)
    return NULL;
  plants = ra_ledger_plants_new_from_store (store, error);
  if (plants == NULL)
    return NULL;
  /* rows come by plant, then month. */
  for (guint i = 0; i < rows->len; i++)
    {
      const RaLedgerRecord *r = g_ptr_array_index (rows, i);
      const char *name;
      RaLedgerChartData *page;
      int page_year;
      gsize len;

      if (r->plant_id == last)
        continue;
      last = r->plant_id;
      page_year = year > 0 ? year : ra_ledger_latest_year (rows, r->plant_id);
      {
        g_autoptr(GArray) years = ra_ledger_list_years (rows, r->plant_id);
        gboolean has = FALSE;

        for (guint k = 0; k < years->len; k++)
          has = has || g_array_index (years, int, k) == page_year;
        if (!has)
          continue;
      }
      name = ra_ledger_plants_get_name (plants, r->plant_id);
      if (name == NULL)
        name = "";
      /* One block: the chart's months and the name it points to. */
      len = strlen (name) + 1;
      page = g_malloc (sizeof (RaLedgerChartData) + len);
      memcpy ((char *) (page + 1), name, len);
      ra_ledger_chart_data_from_rows (rows, r->plant_id, (const char *) (page + 1), page_year, page);
      g_ptr_array_add (pages, page);
    }
  return g_steal_pointer (&pages);
}
