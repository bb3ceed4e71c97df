/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Optimistic concurrency (issue 19): a save names the row_version it read
 * the row at; inside the change's transaction the row is locked and its
 * version compared, and a row changed (or deleted) since is a conflict —
 * nothing written, RA_STORE_ERROR_CONFLICT, and an RaStoreConflict that
 * holds the values read, mine and theirs, so the user chooses: keep mine
 * (the same save again at their version) or take theirs (nothing written).
 * Undo and redo compare the row with the snapshot the step left instead,
 * so they never overwrite someone else's later edit either. */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-store-private.h"

/* ---- the boxed conflict --------------------------------------------------- */

static void
conflict_field_free (RaStoreConflictField *field)
{
  if (field == NULL)
    return;
  g_free (field->name);
  g_free (field->value_read);
  g_free (field->mine);
  g_free (field->theirs);
  g_free (field);
}

static RaStoreConflict *
conflict_new (void)
{
  RaStoreConflict *conflict = g_new0 (RaStoreConflict, 1);

  conflict->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) conflict_field_free);
  return conflict;
}

RaStoreConflict *
ra_store_conflict_copy (const RaStoreConflict *conflict)
{
  RaStoreConflict *copy;

  g_return_val_if_fail (conflict != NULL, NULL);
  copy = conflict_new ();
  copy->table = g_strdup (conflict->table);
  copy->row_id = conflict->row_id;
  copy->read_version = conflict->read_version;
  copy->their_version = conflict->their_version;
  copy->their_user = g_strdup (conflict->their_user);
  copy->their_at = g_strdup (conflict->their_at);
  copy->is_delete = conflict->is_delete;
  for (guint i = 0; conflict->fields != NULL && i < conflict->fields->len; i++)
    {
      const RaStoreConflictField *f = g_ptr_array_index (conflict->fields, i);
      RaStoreConflictField *c = g_new0 (RaStoreConflictField, 1);

      c->name = g_strdup (f->name);
      c->value_read = g_strdup (f->value_read);
      c->mine = g_strdup (f->mine);
      c->theirs = g_strdup (f->theirs);
      g_ptr_array_add (copy->fields, c);
    }
  return copy;
}

void
ra_store_conflict_free (RaStoreConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->table);
  g_free (conflict->their_user);
  g_free (conflict->their_at);
  g_clear_pointer (&conflict->fields, g_ptr_array_unref);
  g_free (conflict);
}

G_DEFINE_BOXED_TYPE (RaStoreConflict, ra_store_conflict, ra_store_conflict_copy,
                     ra_store_conflict_free)

const RaStoreConflictField *
ra_store_conflict_find_field (const RaStoreConflict *conflict, const char *name)
{
  g_return_val_if_fail (conflict != NULL, NULL);
  for (guint i = 0; conflict->fields != NULL && i < conflict->fields->len; i++)
    {
      const RaStoreConflictField *f = g_ptr_array_index (conflict->fields, i);

      if (g_strcmp0 (f->name, name) == 0)
        return f;
    }
  return NULL;
}

/* ---- values as text ---------------------------------------------------------- */

char *
ra_store_format_double (double d)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (d))
    return NULL;
  /* The shortest of 15, 16, 17 digits that reads back the same double. */
  for (int digits = 15; digits <= 17; digits++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (buf, sizeof buf, format, d);
      if (g_ascii_strtod (buf, NULL) == d)
        break;
    }
  return g_strdup (buf);
}

char *
ra_store_value_dup_text (const GValue *value)
{
  if (value == NULL || !G_IS_VALUE (value))
    return NULL;
  if (G_VALUE_HOLDS_STRING (value))
    return g_value_dup_string (value);
  if (G_VALUE_HOLDS_DOUBLE (value))
    return ra_store_format_double (g_value_get_double (value));
  if (G_VALUE_HOLDS_INT (value))
    return g_strdup_printf ("%d", g_value_get_int (value));
  if (G_VALUE_HOLDS_INT64 (value))
    return g_strdup_printf ("%" G_GINT64_FORMAT, g_value_get_int64 (value));
  if (G_VALUE_HOLDS_UINT (value))
    return g_strdup_printf ("%u", g_value_get_uint (value));
  return g_strdup_value_contents (value);
}

/* ---- snapshots read back ----------------------------------------------------- */

/* One JSON string at *p (after its opening quote), unescaped; the forms
 * the backends write (json_object and its PostgreSQL twin). */
static char *
parse_json_string (const char **p)
{
  GString *out = g_string_new (NULL);
  const char *s = *p;

  while (*s != '\0' && *s != '"')
    {
      if (*s != '\\')
        {
          g_string_append_c (out, *s++);
          continue;
        }
      s++;
      switch (*s)
        {
        case 'b': g_string_append_c (out, '\b'); s++; break;
        case 'f': g_string_append_c (out, '\f'); s++; break;
        case 'n': g_string_append_c (out, '\n'); s++; break;
        case 'r': g_string_append_c (out, '\r'); s++; break;
        case 't': g_string_append_c (out, '\t'); s++; break;
        case 'u':
          {
            char hex[5] = { 0 };
            gunichar c;

            for (int i = 0; i < 4 && s[i + 1] != '\0'; i++)
              hex[i] = s[i + 1];
            c = (gunichar) g_ascii_strtoull (hex, NULL, 16);
            s += 1 + strlen (hex);
            /* A surrogate pair (only SQLite writes one, for a character
             * outside the BMP it escapes): join the halves. */
            if (c >= 0xD800 && c < 0xDC00 && s[0] == '\\' && s[1] == 'u')
              {
                char low[5] = { 0 };

                for (int i = 0; i < 4 && s[i + 2] != '\0'; i++)
                  low[i] = s[i + 2];
                c = 0x10000 + ((c - 0xD800) << 10) +
                    ((gunichar) g_ascii_strtoull (low, NULL, 16) - 0xDC00);
                s += 2 + strlen (low);
              }
            g_string_append_unichar (out, c);
          }
          break;
        case '\0':
          break;
        default:
          g_string_append_c (out, *s++);
        }
    }
  if (*s == '"')
    s++;
  *p = s;
  return g_string_free (out, FALSE);
}

GHashTable *
ra_store_parse_snapshot (const char *json)
{
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *p = json;

  if (json == NULL)
    return NULL;
  while (*p != '\0' && *p != '{')
    p++;
  if (*p == '{')
    p++;
  for (;;)
    {
      g_autofree char *key = NULL;
      char *value = NULL;

      while (*p == ' ' || *p == ',' || *p == '\n')
        p++;
      if (*p != '"')
        break;
      p++;
      key = parse_json_string (&p);
      while (*p == ' ' || *p == ':')
        p++;
      if (*p == '"')
        {
          p++;
          value = parse_json_string (&p);
        }
      else
        {
          const char *start = p;

          while (*p != '\0' && *p != ',' && *p != '}' && *p != ' ')
            p++;
          if (!(p - start == 4 && strncmp (start, "null", 4) == 0))
            value = g_strndup (start, p - start);
        }
      g_hash_table_insert (values, g_steal_pointer (&key), value);
    }
  return g_steal_pointer (&values);
}

gboolean
ra_store_snapshot_matches (const char *current, const char *expected)
{
  g_autoptr(GHashTable) now = NULL;
  g_autoptr(GHashTable) want = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (current == NULL || expected == NULL)
    return current == expected;
  if (strcmp (current, expected) == 0)
    return TRUE;
  now = ra_store_parse_snapshot (current);
  want = ra_store_parse_snapshot (expected);
  /* A column the snapshot does not know (added by a later schema step)
   * is no change. */
  g_hash_table_iter_init (&iter, want);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gpointer found;

      if (!g_hash_table_lookup_extended (now, key, NULL, &found) ||
          g_strcmp0 (found, value) != 0)
        return FALSE;
    }
  return TRUE;
}

/* ---- checking a row's version ------------------------------------------------ */

/* Who made the row what it is now, and when: the latest audit row, if
 * it left the row as it is (current: its snapshot now, NULL when gone);
 * otherwise the change came from outside the program (QGIS, psql) and
 * both stay NULL. */
static void
last_audited_change (RaStore *self, const RaStoreTable *table, gint64 id, const char *current,
                     char **user, char **at)
{
  RaStoreValue params[] = { ra_store_value_text (table->name), ra_store_value_int (id) };
  g_autoptr(GPtrArray) rows = self->backend->query (self->db, RA_STORE_QUERY_AUDIT,
                                                    &ra_store_audit_desc, params, NULL);

  if (rows != NULL && rows->len > 0)
    {
      const RaAuditRecord *last = g_ptr_array_index (rows, rows->len - 1);

      if (!ra_store_snapshot_matches (current, last->after_json))
        return;
      *user = g_strdup (last->user);
      *at = g_strdup (last->at);
    }
}

static void
set_conflict_error (GError **error, const RaStoreConflict *c)
{
  if (c->their_version == 0 && c->their_user != NULL)
    g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_CONFLICT,
                 /* TRANSLATORS: table, row id, user, time */
                 _("%s, row %" PRId64 ": deleted by %s at %s since it was read; nothing was saved"),
                 c->table, c->row_id, c->their_user, c->their_at);
  else if (c->their_version == 0)
    g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_CONFLICT,
                 _("%s, row %" PRId64 ": deleted by someone else since it was read; nothing was saved"),
                 c->table, c->row_id);
  else if (c->their_user != NULL)
    g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_CONFLICT,
                 /* TRANSLATORS: table, row id, user, time */
                 _("%s, row %" PRId64 ": changed by %s (latest change at %s) since it was read; nothing was saved"),
                 c->table, c->row_id, c->their_user, c->their_at);
  else
    g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_CONFLICT,
                 _("%s, row %" PRId64 ": changed by someone else since it was read; nothing was saved"),
                 c->table, c->row_id);
}

gboolean
ra_store_lock_version (RaStore             *self,
                       const RaStoreTable  *table,
                       gint64               id,
                       gint64               read_version,
                       gboolean             is_delete,
                       guint                n,
                       const char * const  *names,
                       const char * const  *mine,
                       const char * const  *read,
                       RaStoreConflict    **conflict,
                       GError             **error)
{
  g_autoptr(RaStoreConflict) c = NULL;
  g_autoptr(GHashTable) theirs = NULL;
  g_autofree char *now = NULL;
  gint64 version;
  gboolean ok;

  if (!self->backend->lock_row_version (self->db, table, id, &version, error))
    return FALSE;
  if (read_version == 0)
    return TRUE;                  /* unchecked: any row (a missing one fails later) */
  if (version == read_version)
    return TRUE;

  c = conflict_new ();
  c->table = g_strdup (table->name);
  c->row_id = id;
  c->read_version = read_version;
  c->their_version = version;
  c->is_delete = is_delete;
  if (version != 0)
    {
      now = self->backend->snapshot_row (self->db, table, id, &ok, NULL);
      theirs = ra_store_parse_snapshot (now);
    }
  last_audited_change (self, table, id, now, &c->their_user, &c->their_at);
  if (is_delete)
    {
      /* Every column, as it is now. */
      for (const RaStoreColumn *col = table->columns; col->name != NULL; col++)
        {
          RaStoreConflictField *f = g_new0 (RaStoreConflictField, 1);

          f->name = g_strdup (col->name);
          f->theirs = theirs != NULL ? g_strdup (g_hash_table_lookup (theirs, col->name)) : NULL;
          g_ptr_array_add (c->fields, f);
        }
    }
  else
    for (guint i = 0; i < n; i++)
      {
        RaStoreConflictField *f = g_new0 (RaStoreConflictField, 1);

        f->name = g_strdup (names[i]);
        f->mine = g_strdup (mine != NULL ? mine[i] : NULL);
        f->value_read = g_strdup (read != NULL ? read[i] : NULL);
        f->theirs = theirs != NULL ? g_strdup (g_hash_table_lookup (theirs, names[i])) : NULL;
        g_ptr_array_add (c->fields, f);
      }
  set_conflict_error (error, c);
  if (conflict != NULL)
    *conflict = g_steal_pointer (&c);
  return FALSE;
}

gboolean
ra_store_undo_check_row (RaStore *self, const RaStoreTable *table, gint64 id,
                         const char *current, const char *expected, GError **error)
{
  g_autoptr(RaStoreConflict) c = NULL;

  if (ra_store_snapshot_matches (current, expected))
    return TRUE;
  c = conflict_new ();
  c->table = g_strdup (table->name);
  c->row_id = id;
  c->their_version = current != NULL ? 1 : 0;
  last_audited_change (self, table, id, current, &c->their_user, &c->their_at);
  set_conflict_error (error, c);
  g_prefix_error (error, "%s", _("cannot undo: "));
  return FALSE;
}

/* ---- the public calls -------------------------------------------------------- */

gint64
ra_store_get_row_version (RaStore *self, const char *table, gint64 id, GError **error)
{
  const RaStoreTable *desc;
  gint64 version = 0;

  g_return_val_if_fail (RA_IS_STORE (self), 0);
  if (!ra_store_check_open (self, error) || (desc = ra_store_lookup_table (table, error)) == NULL)
    return 0;
  if (!self->backend->lock_row_version (self->db, desc, id, &version, error))
    return 0;
  if (version == 0)
    g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND,
                 _("%s: no row with id %" PRId64), desc->name, id);
  return version;
}

gboolean
ra_store_conflict_keep_mine (RaStore                *self,
                             const RaStoreConflict  *conflict,
                             gint64                 *new_version,
                             RaStoreConflict       **new_conflict,
                             GError                **error)
{
  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  g_return_val_if_fail (conflict != NULL && conflict->table != NULL, FALSE);

  if (conflict->their_version == 0)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND,
                   _("%s: no row with id %" PRId64), conflict->table, conflict->row_id);
      return FALSE;
    }
  if (conflict->is_delete)
    return ra_store_delete_row_at (self, conflict->table, conflict->row_id,
                                   conflict->their_version, new_conflict, error);
  if (strcmp (conflict->table, "projects") == 0)
    {
      guint n = conflict->fields->len;
      g_autofree const char **names = g_new0 (const char *, n + 1);
      g_autofree GValue *values = g_new0 (GValue, n + 1);
      gboolean ok;

      for (guint i = 0; i < n; i++)
        {
          const RaStoreConflictField *f = g_ptr_array_index (conflict->fields, i);

          names[i] = f->name;
          g_value_init (&values[i], G_TYPE_STRING);
          g_value_set_string (&values[i], f->mine);
        }
      ok = ra_store_update_project_fields_at (self, conflict->row_id, conflict->their_version, n,
                                              names, values, NULL, NULL, new_version,
                                              new_conflict, error);
      for (guint i = 0; i < n; i++)
        g_value_unset (&values[i]);
      return ok;
    }
  else
    {
      g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < conflict->fields->len; i++)
        {
          const RaStoreConflictField *f = g_ptr_array_index (conflict->fields, i);

          g_hash_table_insert (fields, f->name, f->mine);
        }
      return ra_store_update_feature_at (self, conflict->table, conflict->row_id,
                                         conflict->their_version, fields, NULL, new_version,
                                         new_conflict, error);
    }
}

void
ra_store_conflict_take_theirs (RaStore *self, const RaStoreConflict *conflict)
{
  g_return_if_fail (RA_IS_STORE (self));
  g_return_if_fail (conflict != NULL);
  ra_store_emit_changed (self, conflict->table, conflict->row_id);
}
