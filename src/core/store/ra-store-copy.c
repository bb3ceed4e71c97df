/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copying a whole project from one store into another, whatever their
 * backends (issue 19: `push FILE DB` and `pull DB FILE`): every row of the
 * plan's tables, the audit log and the app's saved views, layouts and map
 * layers, with its id, in one transaction of the destination.  Rows go
 * through the backends' own snapshot and restore (JSON, geometry as hex
 * EWKB), the path undo takes, so nothing here names SQL; each keeps its
 * row_version.  The undo
 * history stays behind: it is each editor's own. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ra-store-private.h"
#include "ra-store-sync-private.h"

/* The tables RaStore does not edit, with every column a copy must keep. */
static const RaStoreColumn indicators_columns[] = {
  { "adcode", RA_STORE_COL_TEXT }, { "area_zh", RA_STORE_COL_TEXT },
  { "year", RA_STORE_COL_INT }, { "kind", RA_STORE_COL_TEXT }, { "origin", RA_STORE_COL_TEXT },
  { "reclaimed_use", RA_STORE_COL_REAL }, { "mine_use", RA_STORE_COL_REAL },
  { "nonconventional_use", RA_STORE_COL_REAL }, { "reclaimed_rate_pct", RA_STORE_COL_REAL },
  { "treated_wastewater", RA_STORE_COL_REAL }, { "binding", RA_STORE_COL_INT },
  { "note", RA_STORE_COL_TEXT }, { NULL, 0 },
};
static const RaStoreColumn audit_columns[] = {
  { "at", RA_STORE_COL_TEXT }, { "user", RA_STORE_COL_TEXT },
  { "table_name", RA_STORE_COL_TEXT }, { "row_id", RA_STORE_COL_INT },
  { "action", RA_STORE_COL_TEXT }, { "before_json", RA_STORE_COL_TEXT },
  { "after_json", RA_STORE_COL_TEXT }, { NULL, 0 },
};
static const RaStoreColumn app_layers_columns[] = {
  { "position", RA_STORE_COL_INT }, { "name", RA_STORE_COL_TEXT },
  { "source", RA_STORE_COL_TEXT }, { "layer", RA_STORE_COL_TEXT },
  { "visible", RA_STORE_COL_INT }, { "opacity", RA_STORE_COL_REAL },
  { "style_json", RA_STORE_COL_TEXT }, { NULL, 0 },
};
static const RaStoreColumn app_views_columns[] = {
  { "name", RA_STORE_COL_TEXT }, { "crs", RA_STORE_COL_TEXT },
  { "center_x", RA_STORE_COL_REAL }, { "center_y", RA_STORE_COL_REAL },
  { "scale", RA_STORE_COL_REAL }, { "rotation", RA_STORE_COL_REAL }, { NULL, 0 },
};
static const RaStoreColumn app_layouts_columns[] = {
  { "name", RA_STORE_COL_TEXT }, { "definition_json", RA_STORE_COL_TEXT }, { NULL, 0 },
};

static const RaStoreTable extra_tables[] = {
  { "indicators", NULL, indicators_columns, FALSE },
  { "plan_metrics", NULL, NULL, FALSE },   /* columns: ra_store_plan_metrics_table's */
  { "audit", NULL, audit_columns, FALSE },
  { "app_layers", NULL, app_layers_columns, FALSE },
  { "app_views", NULL, app_views_columns, FALSE },
  { "app_layouts", NULL, app_layouts_columns, FALSE },
};

/* Every table copied, parents before the rows that refer to them. */
GPtrArray *
ra_store_copy_tables (void)
{
  GPtrArray *list = g_ptr_array_new ();
  const RaStoreTable *tables;
  guint n;

  tables = ra_store_tables (&n);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (list, (gpointer) &tables[i]);
  for (guint i = 0; i < G_N_ELEMENTS (extra_tables); i++)
    g_ptr_array_add (list, (gpointer) (extra_tables[i].columns != NULL
                                       ? &extra_tables[i] : &ra_store_plan_metrics_table));
  return list;
}

/* Every row of table in to is gone. */
gboolean
ra_store_copy_clear_table (RaStore *to, const RaStoreTable *table, GError **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!to->backend->find_ids (to->db, table, 0, NULL, NULL, ids, error))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    if (!to->backend->restore_row (to->db, table, g_array_index (ids, gint64, i), NULL, error))
      return FALSE;
  return TRUE;
}

static gboolean
copy_table (RaStore *from, RaStore *to, const RaStoreTable *table, guint *n_rows,
            GError **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!from->backend->find_ids (from->db, table, 0, NULL, NULL, ids, error))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autofree char *json = NULL;
      gboolean ok = FALSE;

      json = from->backend->snapshot_row (from->db, table, id, &ok, error);
      if (!ok)
        return FALSE;
      if (json != NULL && !to->backend->restore_row (to->db, table, id, json, error))
        return FALSE;
      /* The row's version goes with it (a table the store edits): a
       * copy worked on offline still knows which version it read. */
      if (json != NULL && ra_store_find_table (table->name) == table)
        {
          gint64 version = 0;

          if (!from->backend->lock_row_version (from->db, table, id, &version, error) ||
              (version > 1 &&
               !to->backend->raise_row_version (to->db, table, id, version, error)))
            return FALSE;
        }
      (*n_rows)++;
    }
  return TRUE;
}

/**
 * ra_store_copy_project:
 * @from: the project copied
 * @to: a writable project, whose rows are all replaced
 * @n_rows: (out) (optional): the number of rows copied
 *
 * Copies every row of @from (plan tables, audit log, saved views, layouts
 * and map layers, ids kept) into @to, replacing what @to held, in one
 * transaction of @to: on an error @to is as it was.
 */
gboolean
ra_store_copy_project (RaStore  *from,
                       RaStore  *to,
                       guint    *n_rows,
                       GError  **error)
{
  g_autoptr(GPtrArray) tables = NULL;
  gboolean ok = TRUE;
  guint n = 0;

  g_return_val_if_fail (RA_IS_STORE (from), FALSE);
  g_return_val_if_fail (RA_IS_STORE (to), FALSE);

  if (!ra_store_check_open (from, error) || !ra_store_tx_begin (to, error))
    return FALSE;
  tables = ra_store_copy_tables ();
  for (guint i = tables->len; ok && i > 0; i--)
    ok = ra_store_copy_clear_table (to, g_ptr_array_index (tables, i - 1), error);
  for (guint i = 0; ok && i < tables->len; i++)
    ok = copy_table (from, to, g_ptr_array_index (tables, i), &n, error);
  if (!ra_store_tx_end (to, ok, NULL, 0, error))
    return FALSE;
  if (n_rows != NULL)
    *n_rows = n;
  return TRUE;
}
