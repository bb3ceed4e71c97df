/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The history of a project: every change leaves an audit row and an undo
 * record holding the row's snapshot before and after (JSON, kept by the
 * backend), and undo or redo makes the rows look like those snapshots
 * again, as one change with audit rows of its own — unless someone else
 * changed such a row since (ra-store-conflict.c).  The stack lives in the
 * project file, so undo works after a restart. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ra-store-private.h"

gboolean
ra_store_record_change (RaStore            *self,
                        gint64             *group,
                        const char         *label,
                        const RaStoreTable *table,
                        gint64              row_id,
                        const char         *action,
                        const char         *before,
                        const char         *after,
                        GError            **error)
{
  gint64 g;

  if (!self->backend->write_audit (self->db, table->name, row_id, action, before, after, error))
    return FALSE;
  g = self->backend->undo_push (self->db, group != NULL ? *group : 0, label, table->name, row_id,
                                before, after, error);
  if (g == 0)
    return FALSE;
  if (group != NULL)
    *group = g;
  return TRUE;
}

GPtrArray *
ra_store_list_audit (RaStore *self, const char *table, gint64 row_id, GError **error)
{
  RaStoreValue params[] = { ra_store_value_text (table), ra_store_value_int (row_id) };

  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  return ra_store_query (self, RA_STORE_QUERY_AUDIT, &ra_store_audit_desc, params, error);
}

/* ---- undo / redo ------------------------------------------------------- */

gboolean
ra_store_can_undo (RaStore *self)
{
  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  return self->db != NULL && self->read_only_reason == NULL &&
         self->backend->undo_can (self->db, FALSE);
}

gboolean
ra_store_can_redo (RaStore *self)
{
  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  return self->db != NULL && self->read_only_reason == NULL &&
         self->backend->undo_can (self->db, TRUE);
}

char *
ra_store_dup_undo_label (RaStore *self)
{
  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  return self->db != NULL ? self->backend->undo_dup_label (self->db, FALSE) : NULL;
}

char *
ra_store_dup_redo_label (RaStore *self)
{
  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  return self->db != NULL ? self->backend->undo_dup_label (self->db, TRUE) : NULL;
}

static gboolean
undo_or_redo (RaStore *self, gboolean redo, GError **error)
{
  const RaStoreBackend *backend = self->backend;
  g_autoptr(GPtrArray) changes = NULL;
  const char *action = redo ? "redo" : "undo";
  const char *table_changed = NULL;
  gint64 row_changed = 0;

  if (!ra_store_tx_begin (self, error))
    return FALSE;
  changes = backend->undo_peek (self->db, redo, error);
  if (changes == NULL)
    goto fail;
  if (changes->len == 0)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOTHING_TO_UNDO,
                   redo ? _("nothing to redo") : _("nothing to undo"));
      goto fail;
    }
  for (guint i = 0; i < changes->len; i++)
    {
      RaUndoChange *change = g_ptr_array_index (changes, i);
      const RaStoreTable *desc = ra_store_find_table (change->table_name);
      const char *target = redo ? change->after_json : change->before_json;
      g_autofree char *current = NULL;
      gint64 version;
      gboolean ok;

      if (desc == NULL)
        {
          g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_FAILED,
                       _("the undo history names an unknown table “%s”"), change->table_name);
          goto fail;
        }
      /* The row locked, then compared with what the step left: a row
       * someone else changed since is a conflict, never overwritten. */
      if (!backend->lock_row_version (self->db, desc, change->row_id, &version, error))
        goto fail;
      current = backend->snapshot_row (self->db, desc, change->row_id, &ok, error);
      if (!ok ||
          !ra_store_undo_check_row (self, desc, change->row_id, current,
                                    redo ? change->before_json : change->after_json, error) ||
          !backend->restore_row (self->db, desc, change->row_id, target, error) ||
          !backend->write_audit (self->db, desc->name, change->row_id, action, current, target,
                                 error))
        goto fail;
      if (i == 0)
        table_changed = desc->name, row_changed = change->row_id;
      else if (g_strcmp0 (table_changed, desc->name) != 0)
        table_changed = NULL, row_changed = 0;
      else
        row_changed = 0;
    }
  return ra_store_tx_end (self,
                          backend->undo_mark_group (self->db,
                                                    ((RaUndoChange *) g_ptr_array_index (changes, 0))->group_id,
                                                    !redo, error),
                          table_changed, row_changed, error);

fail:
  ra_store_tx_rollback (self);
  return FALSE;
}

gboolean
ra_store_undo (RaStore *self, GError **error)
{
  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  if (!ra_store_check_writable (self, error))
    return FALSE;
  return undo_or_redo (self, FALSE, error);
}

gboolean
ra_store_redo (RaStore *self, GError **error)
{
  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  if (!ra_store_check_writable (self, error))
    return FALSE;
  return undo_or_redo (self, TRUE, error);
}
