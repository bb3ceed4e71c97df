/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Working offline (issue 19): `pull DB FILE --county ADCODE` copies a
 * county's part of a server project into a file and remembers a base
 * snapshot of every row it took; `push FILE DB` merges the file back.
 *
 * A row is compared field by field, each side with its own base (the
 * server's row with the server's snapshot of it at the pull, the file's
 * with the file's), so a value compares exactly as its backend wrote it
 * and a column both sides have in the same state (a row version, say) is
 * harmless.  A field changed on one side only takes that side's value; a
 * field changed on both sides to different values is a conflict: the row
 * is left as it is on both sides and listed, unless the options settle
 * it.  Rows added in the file get new ids on the server (the rows that
 * refer to them follow); rows deleted in the file are deleted on the
 * server unless changed there.  The server's changes are one transaction,
 * each with its audit row; then the file is brought to the server's state
 * (but for its conflicts) and its base renewed, so a second push finds
 * nothing to do.  Rows are read and written through the backends'
 * snapshot and restore (JSON), as undo and ra_store_copy_project do:
 * nothing here names SQL. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-json.h"
#include "ra-paths.h"
#include "ra-store-sync-private.h"

/* The tables merged back, parents before the rows that refer to them;
 * the others (counties, settings, unit costs, the plan's targets, views)
 * come along as context and are not pushed. */
static const char * const sync_tables[] = {
  "plants", "projects", "pipelines", "footprints", "built_up_areas",
  "water_users", "user_demand", "plant_supply", "allocations", "ledger",
};

static gboolean
is_sync_table (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (sync_tables); i++)
    if (strcmp (sync_tables[i], name) == 0)
      return TRUE;
  return FALSE;
}

/* The city's tables a copy carries along (counties, settings, unit costs,
 * targets, views): every copied table but the merged ones and the
 * server's audit log, parents first. */
static GPtrArray *
context_tables (void)
{
  g_autoptr(GPtrArray) all = ra_store_copy_tables ();
  GPtrArray *list = g_ptr_array_new ();

  for (guint i = 0; i < all->len; i++)
    {
      const RaStoreTable *t = g_ptr_array_index (all, i);

      if (!is_sync_table (t->name) && strcmp (t->name, "audit") != 0)
        g_ptr_array_add (list, (gpointer) t);
    }
  return list;
}

/* The columns that refer to a row of another merged table. */
static const struct {
  const char *column;
  const char *parent;
} references[] = {
  { "project_id", "projects" },
  { "plant_id", "plants" },
  { "user_id", "water_users" },
};

/* Columns never compared: the id, and a row version some server keeps. */
static gboolean
is_compared (const char *key)
{
  return strcmp (key, "id") != 0 && strcmp (key, "row_version") != 0;
}

void
ra_sync_conflict_free (RaSyncConflict *c)
{
  if (c == NULL)
    return;
  g_free (c->table_name);
  g_free (c->label);
  g_free (c->field);
  g_free (c->base_value);
  g_free (c->file_value);
  g_free (c->server_value);
  g_free (c->server_user);
  g_free (c->server_at);
  g_free (c);
}

void
ra_sync_report_free (RaSyncReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->conflicts, g_ptr_array_unref);
  g_clear_pointer (&report->not_pushed_tables, g_ptr_array_unref);
  g_free (report);
}

/* ---- a snapshot, parsed ------------------------------------------------- */

/* Snapshots are flat JSON objects (ra-store-backend.h: snapshot_row):
 * numbers, strings, null. */
typedef enum { FIELD_NULL, FIELD_STRING, FIELD_NUMBER, FIELD_OTHER } FieldKind;

typedef struct {
  char      *key;
  char      *raw;    /* the value's JSON text */
  FieldKind  kind;
  char      *str;    /* FIELD_STRING: decoded */
  double     num;    /* FIELD_NUMBER */
} Field;

static void
field_free (Field *f)
{
  g_free (f->key);
  g_free (f->raw);
  g_free (f->str);
  g_free (f);
}

static const char *
skip_blank (const char *p)
{
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
    p++;
  return p;
}

/* Reads a JSON string at p (at its quote); *out (optional) decoded. */
static const char *
parse_string (const char *p, char **out)
{
  GString *s = g_string_new (NULL);

  if (*p != '"')
    goto fail;
  for (p++; *p != '"'; p++)
    {
      if (*p == '\0')
        goto fail;
      if (*p != '\\')
        {
          g_string_append_c (s, *p);
          continue;
        }
      p++;
      switch (*p)
        {
        case '"': case '\\': case '/': g_string_append_c (s, *p); break;
        case 'b': g_string_append_c (s, '\b'); break;
        case 'f': g_string_append_c (s, '\f'); break;
        case 'n': g_string_append_c (s, '\n'); break;
        case 'r': g_string_append_c (s, '\r'); break;
        case 't': g_string_append_c (s, '\t'); break;
        case 'u':
          {
            char hex[5] = { 0 };
            gunichar c;

            for (int i = 0; i < 4; i++)
              if (!g_ascii_isxdigit (p[1 + i]))
                goto fail;
            memcpy (hex, p + 1, 4);
            c = (gunichar) strtoul (hex, NULL, 16);
            p += 4;
            if (c >= 0xD800 && c < 0xDC00 && p[1] == '\\' && p[2] == 'u')
              {
                char lo_hex[5] = { 0 };
                gunichar lo;

                for (int i = 0; i < 4; i++)
                  if (!g_ascii_isxdigit (p[3 + i]))
                    goto fail;
                memcpy (lo_hex, p + 3, 4);
                lo = (gunichar) strtoul (lo_hex, NULL, 16);
                c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
                p += 6;
              }
            g_string_append_unichar (s, c);
            break;
          }
        default:
          goto fail;
        }
    }
  if (out != NULL)
    *out = g_string_free (s, FALSE);
  else
    g_string_free (s, TRUE);
  return p + 1;

fail:
  g_string_free (s, TRUE);
  return NULL;
}

/* Returns: (transfer full) (element-type Field) (nullable): NULL for no
 * row (json NULL) or JSON that is not a flat object. */
static GPtrArray *
parse_row (const char *json)
{
  g_autoptr(GPtrArray) fields = NULL;
  const char *p;

  if (json == NULL)
    return NULL;
  fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  p = skip_blank (json);
  if (*p++ != '{')
    return NULL;
  p = skip_blank (p);
  if (*p == '}')
    return g_steal_pointer (&fields);
  for (;;)
    {
      Field *f = g_new0 (Field, 1);
      const char *start;

      g_ptr_array_add (fields, f);
      p = parse_string (skip_blank (p), &f->key);
      if (p == NULL)
        return NULL;
      p = skip_blank (p);
      if (*p++ != ':')
        return NULL;
      start = p = skip_blank (p);
      if (*p == '"')
        {
          p = parse_string (p, &f->str);
          if (p == NULL)
            return NULL;
          f->kind = FIELD_STRING;
        }
      else
        {
          while (*p != '\0' && *p != ',' && *p != '}' && *p != ' ' && *p != '\n')
            p++;
          if (p == start)
            return NULL;
          if (p - start == 4 && strncmp (start, "null", 4) == 0)
            f->kind = FIELD_NULL;
          else
            {
              char *end = NULL;
              g_autofree char *text = g_strndup (start, p - start);

              f->num = g_ascii_strtod (text, &end);
              f->kind = end != NULL && *end == '\0' ? FIELD_NUMBER : FIELD_OTHER;
            }
        }
      f->raw = g_strndup (start, p - start);
      p = skip_blank (p);
      if (*p == '}')
        break;
      if (*p++ != ',')
        return NULL;
    }
  return g_steal_pointer (&fields);
}

static Field *
find_field (GPtrArray *row, const char *key)
{
  for (guint i = 0; row != NULL && i < row->len; i++)
    {
      Field *f = g_ptr_array_index (row, i);

      if (strcmp (f->key, key) == 0)
        return f;
    }
  return NULL;
}

/* The same value (a missing field is the same as another missing one). */
static gboolean
field_equal (const Field *a, const Field *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (a->kind != b->kind)
    return FALSE;
  switch (a->kind)
    {
    case FIELD_NULL:
      return TRUE;
    case FIELD_STRING:
      /* Geometry as hex EWKB: one backend writes upper case, another may not. */
      return strcmp (a->str, b->str) == 0 || g_ascii_strcasecmp (a->str, b->str) == 0;
    case FIELD_NUMBER:
      return a->num == b->num || strcmp (a->raw, b->raw) == 0;
    case FIELD_OTHER:
    default:
      return strcmp (a->raw, b->raw) == 0;
    }
}

/* The compared keys whose value differs between before and after (both
 * rows present), in after's order, then before's. */
static GPtrArray *
changed_keys (GPtrArray *before, GPtrArray *after)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < after->len; i++)
    {
      Field *f = g_ptr_array_index (after, i);

      if (is_compared (f->key) && !field_equal (find_field (before, f->key), f))
        g_ptr_array_add (keys, g_strdup (f->key));
    }
  for (guint i = 0; i < before->len; i++)
    {
      Field *f = g_ptr_array_index (before, i);

      if (is_compared (f->key) && find_field (after, f->key) == NULL)
        g_ptr_array_add (keys, g_strdup (f->key));
    }
  return keys;
}

static gboolean
has_key (GPtrArray *keys, const char *key)
{
  for (guint i = 0; keys != NULL && i < keys->len; i++)
    if (strcmp (g_ptr_array_index (keys, i), key) == 0)
      return TRUE;
  return FALSE;
}

/* ---- the state of one push ----------------------------------------------- */

/* What the file's copy of a row becomes once the server's transaction is
 * in: old_id (when not 0) is removed first, then id takes json (NULL: the
 * row is gone). */
typedef struct {
  gint64  old_id;
  gint64  id;
  char   *json;
} Outcome;

static void
outcome_free (Outcome *o)
{
  g_free (o->json);
  g_free (o);
}

typedef struct {
  const RaStoreTable *table;
  GHashTable         *bases;      /* id → RaSyncBase */
  GHashTable         *id_map;     /* file id (gint64 *) → server id (gint64 *): rows added */
  GPtrArray          *outcomes;   /* Outcome */
  GArray             *deletes;    /* server ids deleted, after the inserts and updates */
  GPtrArray          *delete_before; /* their snapshots, for the audit */
} TableState;

static void
table_state_free (TableState *t)
{
  g_clear_pointer (&t->bases, g_hash_table_unref);
  g_clear_pointer (&t->id_map, g_hash_table_unref);
  g_clear_pointer (&t->outcomes, g_ptr_array_unref);
  g_clear_pointer (&t->deletes, g_array_unref);
  g_clear_pointer (&t->delete_before, g_ptr_array_unref);
  g_free (t);
}

/* The rows a server deletes with their parent (ON DELETE CASCADE). */
static const struct {
  const char *parent;
  const char *child;
  const char *column;
} cascades[] = {
  { "water_users", "user_demand", "user_id" },
  { "water_users", "allocations", "user_id" },
  { "plants", "allocations", "plant_id" },
  { "plants", "plant_supply", "plant_id" },
  { "plants", "ledger", "plant_id" },
};

typedef struct {
  RaStore             *file;
  RaStore             *server;
  sqlite3             *fdb;
  const RaSyncOptions *options;
  GPtrArray           *tables;    /* TableState, in sync_tables' order */
  RaSyncReport        *report;
  GHashTable          *gone;      /* "table:id" deleted on the server, not put back */
} Push;

static void
note_gone (Push *push, const char *table, gint64 id)
{
  g_hash_table_add (push->gone, g_strdup_printf ("%s:%" G_GINT64_FORMAT, table, id));
}

/* The parent (a row deleted on the server, not put back) that an added row
 * f of table would go with; NULL if none. */
static char *
gone_parent (Push *push, const char *table, GPtrArray *f)
{
  for (guint i = 0; i < G_N_ELEMENTS (cascades); i++)
    {
      Field *ref;
      char *key;

      if (strcmp (cascades[i].child, table) != 0 ||
          (ref = find_field (f, cascades[i].column)) == NULL || ref->kind != FIELD_NUMBER)
        continue;
      key = g_strdup_printf ("%s:%s", cascades[i].parent, ref->raw);
      if (g_hash_table_contains (push->gone, key))
        return key;
      g_free (key);
    }
  return NULL;
}

static TableState *
state_of (Push *push, const char *table)
{
  for (guint i = 0; i < push->tables->len; i++)
    {
      TableState *t = g_ptr_array_index (push->tables, i);

      if (strcmp (t->table->name, table) == 0)
        return t;
    }
  return NULL;
}

static void
add_outcome (TableState *t, gint64 old_id, gint64 id, const char *json)
{
  Outcome *o = g_new0 (Outcome, 1);

  o->old_id = old_id;
  o->id = id;
  o->json = g_strdup (json);
  g_ptr_array_add (t->outcomes, o);
}

/* A route (allocations.via_pipeline_ids: pipeline ids, comma-separated)
 * with the ids of pipelines added in the file replaced by their server
 * ids; NULL when none is. */
static char *
mapped_route (Push *push, const char *ids_text)
{
  TableState *pipes = state_of (push, "pipelines");
  g_auto(GStrv) ids = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean mapped = FALSE;

  if (pipes == NULL || pipes->id_map == NULL || ids_text == NULL)
    return NULL;
  ids = g_strsplit (ids_text, ",", -1);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      gint64 id = 0;
      gint64 *to = NULL;

      if (g_ascii_string_to_signed (g_strstrip (ids[i]), 10, 1, G_MAXINT64, &id, NULL))
        to = g_hash_table_lookup (pipes->id_map, &id);
      if (i > 0)
        g_string_append_c (out, ',');
      if (to != NULL)
        {
          g_string_append_printf (out, "%" G_GINT64_FORMAT, *to);
          mapped = TRUE;
        }
      else
        g_string_append (out, ids[i]);
    }
  return mapped ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

/* The server's id of a row the file refers to by its own id (a route:
 * its pipelines' ids, written into json_buf as a JSON string). */
static const char *
mapped_raw (Push *push, const char *column, const Field *f, char buf[32], GString *json_buf)
{
  if (strcmp (column, "via_pipeline_ids") == 0 && f->kind == FIELD_STRING)
    {
      g_autofree char *route = mapped_route (push, f->str);

      if (route == NULL)
        return f->raw;
      g_string_truncate (json_buf, 0);
      ra_json_string (json_buf, route);
      return json_buf->str;
    }
  for (guint i = 0; i < G_N_ELEMENTS (references); i++)
    if (strcmp (references[i].column, column) == 0 && f->kind == FIELD_NUMBER)
      {
        TableState *parent = state_of (push, references[i].parent);
        gint64 id = g_ascii_strtoll (f->raw, NULL, 10);
        gint64 *to = parent != NULL ? g_hash_table_lookup (parent->id_map, &id) : NULL;

        if (to != NULL)
          {
            g_snprintf (buf, 32, "%" G_GINT64_FORMAT, *to);
            return buf;
          }
      }
  return f->raw;
}

/* A row as JSON with id: server's fields, those of keys taken from the
 * file (references mapped to the server's ids); server NULL: the file's. */
static char *
build_row (Push *push, gint64 id, GPtrArray *server, GPtrArray *file, GPtrArray *keys)
{
  GString *json = g_string_new (NULL);
  GPtrArray *base = server != NULL ? server : file;

  g_string_append_printf (json, "{\"id\":%" G_GINT64_FORMAT, id);
  for (guint i = 0; i < base->len; i++)
    {
      Field *f = g_ptr_array_index (base, i);
      Field *mine = NULL;
      char buf[32];
      g_autoptr(GString) json_buf = g_string_new (NULL);

      if (strcmp (f->key, "id") == 0)
        continue;
      if (server == NULL || has_key (keys, f->key))
        mine = find_field (file, f->key);
      if (server != NULL && has_key (keys, f->key) && mine == NULL)
        continue;   /* a column the file does not have */
      g_string_append_printf (json, ",\"%s\":%s", f->key,
                              mine != NULL ? mapped_raw (push, f->key, mine, buf, json_buf) : f->raw);
    }
  /* Columns only the file has. */
  for (guint i = 0; server != NULL && file != NULL && i < file->len; i++)
    {
      Field *f = g_ptr_array_index (file, i);
      char buf[32];
      g_autoptr(GString) json_buf = g_string_new (NULL);

      if (has_key (keys, f->key) && find_field (server, f->key) == NULL)
        g_string_append_printf (json, ",\"%s\":%s", f->key,
                                mapped_raw (push, f->key, f, buf, json_buf));
    }
  g_string_append_c (json, '}');
  return g_string_free (json, FALSE);
}

/* The row's code and name, for the conflict list. */
static char *
row_label (GPtrArray *row)
{
  Field *code = find_field (row, "code");
  Field *name = find_field (row, "name");
  GString *s = g_string_new (NULL);

  if (code != NULL && code->kind == FIELD_STRING)
    g_string_append (s, code->str);
  if (name != NULL && name->kind == FIELD_STRING)
    g_string_append_printf (s, "%s%s", s->len > 0 ? " " : "", name->str);
  return g_string_free (s, FALSE);
}

static void
unreadable_row (GError **error, const RaStoreTable *table, gint64 id)
{
  g_autofree char *row = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  /* TRANSLATORS: a row id, then a table */
  g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_DAMAGED,
               _("row %s of “%s”: its snapshot cannot be read"), row, table->name);
}

static char *
snapshot (RaStore *store, const RaStoreTable *table, gint64 id, gboolean *ok, GError **error)
{
  return store->backend->snapshot_row (store->db, table, id, ok, error);
}

/* Writes json (NULL: deletes) over the server's row id, with its audit row. */
static gboolean
server_write (Push *push, const RaStoreTable *table, gint64 id, const char *action,
              const char *before, const char *json, char **after, GError **error)
{
  RaStore *server = push->server;
  g_autofree char *now = NULL;
  gboolean ok = FALSE;

  if (!server->backend->restore_row (server->db, table, id, json, error))
    return FALSE;
  if (json != NULL)
    {
      now = snapshot (server, table, id, &ok, error);
      if (!ok)
        return FALSE;
    }
  if (!server->backend->write_audit (server->db, table->name, id, action, before, now, error))
    return FALSE;
  if (after != NULL)
    *after = g_steal_pointer (&now);
  return TRUE;
}

/* The last change of the row in the server's audit log. */
static void
server_last_change (Push *push, const char *table, gint64 id, char **user, char **at)
{
  g_autoptr(GPtrArray) audit = ra_store_list_audit (push->server, table, id, NULL);

  if (audit != NULL && audit->len > 0)
    {
      RaAuditRecord *rec = g_ptr_array_index (audit, audit->len - 1);

      *user = g_strdup (rec->user);
      *at = g_strdup (rec->at);
    }
}

static void
add_conflict (Push *push, const RaStoreTable *table, gint64 id, const char *label,
              const char *field, const char *base, const char *mine, const char *theirs)
{
  RaSyncConflict *c = g_new0 (RaSyncConflict, 1);

  c->table_name = g_strdup (table->name);
  c->row_id = id;
  c->label = g_strdup (label);
  c->field = g_strdup (field);
  c->base_value = g_strdup (base);
  c->file_value = g_strdup (mine);
  c->server_value = g_strdup (theirs);
  server_last_change (push, table->name, id, &c->server_user, &c->server_at);
  g_ptr_array_add (push->report->conflicts, c);
}

static gboolean
named (GPtrArray *rows, const char *table, gint64 id)
{
  g_autofree char *key = g_strdup_printf ("%s:%" G_GINT64_FORMAT, table, id);

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    if (strcmp (g_ptr_array_index (rows, i), key) == 0)
      return TRUE;
  return FALSE;
}

static RaSyncResolve
resolution (Push *push, const char *table, gint64 id)
{
  if (named (push->options->keep_mine, table, id))
    return RA_SYNC_RESOLVE_MINE;
  if (named (push->options->keep_theirs, table, id))
    return RA_SYNC_RESOLVE_THEIRS;
  return push->options->resolve;
}

/* Updates the server's row with the file's changed keys (over the
 * server's current row) and notes the outcome. */
static gboolean
apply_update (Push *push, TableState *t, gint64 id, const char *s_json, GPtrArray *s,
              GPtrArray *f, GPtrArray *keys, GError **error)
{
  g_autofree char *merged = build_row (push, id, s, f, keys);
  g_autoptr(GPtrArray) m = parse_row (merged);
  g_autoptr(GPtrArray) diff = changed_keys (s, m);
  g_autofree char *after = NULL;

  if (diff->len == 0)
    {
      /* The file's changes are the server's already. */
      add_outcome (t, 0, id, s_json);
      return TRUE;
    }
  if (!server_write (push, t->table, id, "update", s_json, merged, &after, error))
    return FALSE;
  push->report->n_updated++;
  add_outcome (t, 0, id, after);
  return TRUE;
}

static void
queue_delete (TableState *t, gint64 id, const char *s_json)
{
  g_array_append_val (t->deletes, id);
  g_ptr_array_add (t->delete_before, g_strdup (s_json));
  add_outcome (t, id, id, NULL);
}

/* Whether the file added or edited a row that goes with row id of table
 * when the server deletes it: then that deletion, made on the server only,
 * is a conflict too, else the file's work on the child would go with it. */
static gboolean
file_children_edited (Push *push, const RaStoreTable *table, gint64 id, gboolean *edited,
                      GError **error)
{
  *edited = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (cascades) && !*edited; i++)
    {
      const RaStoreTable *child = ra_store_find_table (cascades[i].child);
      const char *columns[] = { cascades[i].column };
      RaStoreValue value = ra_store_value_int (id);
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GHashTable) bases = NULL;

      if (strcmp (cascades[i].parent, table->name) != 0)
        continue;
      if (!ra_store_find_ids (push->file, child, 1, columns, &value, ids, error) ||
          (ids->len > 0 && (bases = ra_sync_file_load_base (push->fdb, child->name, error)) == NULL))
        return FALSE;
      for (guint r = 0; r < ids->len && !*edited; r++)
        {
          gint64 cid = g_array_index (ids, gint64, r);
          const RaSyncBase *base = g_hash_table_lookup (bases, &cid);
          g_autofree char *json = NULL;
          g_autoptr(GPtrArray) now = NULL;
          g_autoptr(GPtrArray) then = NULL;
          g_autoptr(GPtrArray) keys = NULL;
          gboolean ok = FALSE;

          if (base == NULL || base->file_json == NULL)
            {
              *edited = TRUE;   /* added in the file */
              break;
            }
          json = snapshot (push->file, child, cid, &ok, error);
          if (!ok)
            return FALSE;
          now = parse_row (json);
          then = parse_row (base->file_json);
          if (now == NULL || then == NULL)
            {
              unreadable_row (error, child, cid);
              return FALSE;
            }
          keys = changed_keys (then, now);
          *edited = keys->len > 0;
        }
    }
  return TRUE;
}

/* One row the file took from the server. */
static gboolean
merge_row (Push *push, TableState *t, gint64 id, const RaSyncBase *base, GError **error)
{
  const RaStoreTable *table = t->table;
  g_autofree char *f_json = NULL;
  g_autofree char *s_json = NULL;
  g_autoptr(GPtrArray) f = NULL;
  g_autoptr(GPtrArray) s = NULL;
  g_autoptr(GPtrArray) bf = NULL;
  g_autoptr(GPtrArray) bs = NULL;
  g_autoptr(GPtrArray) f_keys = NULL;
  g_autoptr(GPtrArray) s_keys = NULL;
  g_autoptr(GPtrArray) clash = NULL;
  g_autofree char *label = NULL;
  gboolean ok = FALSE;
  gboolean f_changed, s_changed;
  RaSyncResolve how;

  f_json = snapshot (push->file, table, id, &ok, error);
  if (!ok)
    return FALSE;
  s_json = snapshot (push->server, table, id, &ok, error);
  if (!ok)
    return FALSE;
  f = parse_row (f_json);
  s = parse_row (s_json);
  bf = parse_row (base->file_json);
  bs = parse_row (base->server_json);
  if ((f_json != NULL && f == NULL) || (s_json != NULL && s == NULL) || bf == NULL || bs == NULL)
    {
      unreadable_row (error, table, id);
      return FALSE;
    }
  if (f != NULL)
    f_keys = changed_keys (bf, f);
  if (s != NULL)
    s_keys = changed_keys (bs, s);
  f_changed = f == NULL || f_keys->len > 0;
  s_changed = s == NULL || s_keys->len > 0;
  if (!f_changed && s == NULL)
    {
      /* Deleted on the server: with rows of it the file edited or added,
       * a conflict of the row (keep mine brings it back for them). */
      if (!file_children_edited (push, table, id, &f_changed, error))
        return FALSE;
    }

  if (!f_changed && !s_changed)
    return TRUE;
  if (!f_changed)
    {
      /* Changed on the server only: the file's copy is refreshed. */
      push->report->n_refreshed++;
      add_outcome (t, s == NULL ? id : 0, id, s_json);
      return TRUE;
    }
  if (!s_changed)
    {
      if (f == NULL)
        {
          queue_delete (t, id, s_json);
          return TRUE;
        }
      return apply_update (push, t, id, s_json, s, f, f_keys, error);
    }

  /* Changed on both sides. */
  if (f == NULL && s == NULL)
    {
      add_outcome (t, id, id, NULL);
      return TRUE;
    }
  if (f != NULL && s != NULL)
    {
      clash = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < f_keys->len; i++)
        {
          const char *key = g_ptr_array_index (f_keys, i);

          if (has_key (s_keys, key) && !field_equal (find_field (f, key), find_field (s, key)))
            g_ptr_array_add (clash, g_strdup (key));
        }
      if (clash->len == 0)
        return apply_update (push, t, id, s_json, s, f, f_keys, error);
    }

  how = resolution (push, table->name, id);
  if (how == RA_SYNC_RESOLVE_NONE)
    {
      label = row_label (f != NULL ? f : s);
      if (s == NULL)
        note_gone (push, table->name, id);
      if (f == NULL || s == NULL)
        add_conflict (push, table, id, label, "(row)", base->server_json, f_json, s_json);
      else
        for (guint i = 0; i < clash->len; i++)
          {
            const char *key = g_ptr_array_index (clash, i);
            Field *b = find_field (bs, key), *mine = find_field (f, key),
                  *theirs = find_field (s, key);

            add_conflict (push, table, id, label, key, b ? b->raw : NULL,
                          mine ? mine->raw : NULL, theirs ? theirs->raw : NULL);
          }
      return TRUE;
    }

  push->report->n_resolved++;
  if (how == RA_SYNC_RESOLVE_MINE)
    {
      if (f == NULL)
        {
          queue_delete (t, id, s_json);
          return TRUE;
        }
      if (s == NULL)
        {
          /* Deleted on the server, kept in the file: back it comes. */
          g_autofree char *row = build_row (push, id, NULL, f, NULL);
          g_autofree char *after = NULL;

          if (!server_write (push, table, id, "insert", NULL, row, &after, error))
            return FALSE;
          push->report->n_inserted++;
          add_outcome (t, 0, id, after);
          return TRUE;
        }
      return apply_update (push, t, id, s_json, s, f, f_keys, error);
    }

  /* Theirs: the server's row stays; the file's other changes still go. */
  if (s == NULL)
    note_gone (push, table->name, id);
  if (f == NULL || s == NULL)
    {
      add_outcome (t, s == NULL ? id : 0, id, s_json);
      return TRUE;
    }
  for (guint i = f_keys->len; i > 0; i--)
    if (has_key (clash, g_ptr_array_index (f_keys, i - 1)))
      g_ptr_array_remove_index (f_keys, i - 1);
  return apply_update (push, t, id, s_json, s, f, f_keys, error);
}

/* A row added in the file: a new row on the server. */
static gboolean
insert_row (Push *push, TableState *t, gint64 file_id, GError **error)
{
  const RaStoreTable *table = t->table;
  g_autoptr(GPtrArray) cols = g_ptr_array_new ();
  g_autoptr(GArray) values = g_array_new (FALSE, TRUE, sizeof (RaStoreValue));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(RaStoreInserter) inserter = NULL;
  g_autoptr(GPtrArray) f = NULL;
  g_autofree char *f_json = NULL;
  g_autofree char *row = NULL;
  g_autofree char *after = NULL;
  gboolean ok = FALSE;
  gint64 new_id;
  gint64 *key, *val;

  f_json = snapshot (push->file, table, file_id, &ok, error);
  if (!ok)
    return FALSE;
  f = parse_row (f_json);
  if (f == NULL)
    {
      unreadable_row (error, table, file_id);
      return FALSE;
    }
  /* Added to a row the server deleted: not inserted (the server would
   * refuse it); it goes with its parent if the server's side was taken,
   * else it stays in the file as a conflict of its own. */
  {
    g_autofree char *parent = gone_parent (push, table->name, f);

    if (parent != NULL)
      {
        g_autofree char *label = row_label (f);

        if (resolution (push, table->name, file_id) == RA_SYNC_RESOLVE_THEIRS)
          {
            push->report->n_resolved++;
            add_outcome (t, file_id, file_id, NULL);
          }
        else
          add_conflict (push, table, file_id, label, "(row)", NULL, f_json, NULL);
        return TRUE;
      }
  }
  /* Every column, the references mapped; the geometry comes with the
   * restore below, exactly as the file has it. */
  for (const RaStoreColumn *c = table->columns; c->name != NULL; c++)
    {
      Field *field = find_field (f, c->name);
      RaStoreValue v = RA_STORE_VALUE_INIT;
      char buf[32];
      g_autoptr(GString) json_buf = g_string_new (NULL);

      if (field != NULL && field->kind != FIELD_NULL)
        {
          const char *raw = mapped_raw (push, c->name, field, buf, json_buf);

          if (c->type == RA_STORE_COL_TEXT)
            {
              char *text = field->kind == FIELD_STRING && strcmp (c->name, "via_pipeline_ids") == 0
                           ? mapped_route (push, field->str) : NULL;

              if (text == NULL)
                text = g_strdup (field->kind == FIELD_STRING ? field->str : raw);

              g_ptr_array_add (texts, text);
              v = ra_store_value_text (text);
            }
          else if (c->type == RA_STORE_COL_INT)
            v = ra_store_value_int (g_ascii_strtoll (raw, NULL, 10));
          else
            v = ra_store_value_real (g_ascii_strtod (raw, NULL));
        }
      g_ptr_array_add (cols, (gpointer) c);
      g_array_append_val (values, v);
    }
  inserter = ra_store_inserter_new (push->server, table, cols->len,
                                    (const RaStoreColumn * const *) cols->pdata,
                                    RA_STORE_GEOM_NONE, error);
  if (inserter == NULL)
    return FALSE;
  new_id = ra_store_inserter_run (inserter, (const RaStoreValue *) values->data,
                                  _("adding a row"), NULL, error);
  if (new_id == 0)
    return FALSE;
  key = g_new (gint64, 1);
  val = g_new (gint64, 1);
  *key = file_id;
  *val = new_id;
  g_hash_table_insert (t->id_map, key, val);
  row = build_row (push, new_id, NULL, f, NULL);
  if (!server_write (push, table, new_id, "insert", NULL, row, &after, error))
    return FALSE;
  push->report->n_inserted++;
  add_outcome (t, file_id, new_id, after);
  return TRUE;
}

static int
compare_ids (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static GArray *
sorted_keys (GHashTable *table)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (ids, *(gint64 *) key);
  g_array_sort (ids, compare_ids);
  return ids;
}

/* ---- choosing a county's rows --------------------------------------------- */

/* The rows a pull takes: table name → (id → the server's snapshot). */
typedef struct {
  RaStore    *server;
  GHashTable *tables;
} Part;

static GHashTable *
part_rows (Part *part, const char *table)
{
  GHashTable *rows = g_hash_table_lookup (part->tables, table);

  if (rows == NULL)
    {
      rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
      g_hash_table_insert (part->tables, (gpointer) table, rows);
    }
  return rows;
}

static gboolean
part_take (Part *part, const char *table, gint64 id, GError **error)
{
  GHashTable *rows = part_rows (part, table);
  gint64 *key;
  char *json;
  gboolean ok = FALSE;

  if (g_hash_table_contains (rows, &id))
    return TRUE;
  json = snapshot (part->server, ra_store_find_table (table), id, &ok, error);
  if (!ok)
    return FALSE;
  if (json == NULL)
    return TRUE;
  key = g_new (gint64, 1);
  *key = id;
  g_hash_table_insert (rows, key, json);
  return TRUE;
}

/* Takes the rows of table whose column equals value. */
static gboolean
part_take_where (Part *part, const char *table, const char *column, RaStoreValue value,
                 GError **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char *columns[] = { column };

  if (!ra_store_find_ids (part->server, ra_store_find_table (table), column ? 1 : 0,
                          column ? columns : NULL, &value, ids, error))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    if (!part_take (part, table, g_array_index (ids, gint64, i), error))
      return FALSE;
  return TRUE;
}

/* Takes the rows of child whose column refers to a row of parent taken. */
static gboolean
part_take_children (Part *part, const char *parent, const char *child, const char *column,
                    GError **error)
{
  g_autoptr(GArray) ids = sorted_keys (part_rows (part, parent));

  for (guint i = 0; i < ids->len; i++)
    if (!part_take_where (part, child, column,
                          ra_store_value_int (g_array_index (ids, gint64, i)), error))
      return FALSE;
  return TRUE;
}

/* Takes the rows of parent that taken rows of child refer to by column
 * (a project's plant in another county, an allocation's user): the file
 * must hold what its rows refer to. */
static gboolean
part_take_referred (Part *part, const char *child, const char *column, const char *parent,
                    GError **error)
{
  GHashTableIter iter;
  gpointer value;
  g_autoptr(GArray) refs = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_hash_table_iter_init (&iter, part_rows (part, child));
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      g_autoptr(GPtrArray) row = parse_row (value);
      Field *f = find_field (row, column);

      if (f != NULL && f->kind == FIELD_NUMBER)
        {
          gint64 id = g_ascii_strtoll (f->raw, NULL, 10);

          g_array_append_val (refs, id);
        }
    }
  for (guint i = 0; i < refs->len; i++)
    if (!part_take (part, parent, g_array_index (refs, gint64, i), error))
      return FALSE;
  return TRUE;
}

/* The part of server that belongs to the counties (NULL: every row of the
 * merged tables).  Returns: (transfer full) (nullable) */
static GHashTable *
select_part (RaStore *server, const char * const *adcodes, GError **error)
{
  Part part = { server, NULL };
  g_autoptr(GHashTable) tables = NULL;
  static const char * const by_county[] = { "plants", "projects", "built_up_areas",
                                            "water_users" };

  tables = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                  (GDestroyNotify) g_hash_table_unref);
  part.tables = tables;
  for (guint i = 0; i < G_N_ELEMENTS (sync_tables); i++)
    part_rows (&part, sync_tables[i]);
  if (adcodes == NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (sync_tables); i++)
        if (!part_take_where (&part, sync_tables[i], NULL, ra_store_value_int (0), error))
          return NULL;
      return g_steal_pointer (&tables);
    }
  for (guint a = 0; adcodes[a] != NULL; a++)
    for (guint i = 0; i < G_N_ELEMENTS (by_county); i++)
      if (!part_take_where (&part, by_county[i], "adcode", ra_store_value_text (adcodes[a]),
                            error))
        return NULL;
  if (!part_take_children (&part, "projects", "pipelines", "project_id", error) ||
      !part_take_children (&part, "projects", "footprints", "project_id", error) ||
      !part_take_children (&part, "water_users", "user_demand", "user_id", error) ||
      !part_take_children (&part, "water_users", "allocations", "user_id", error) ||
      !part_take_children (&part, "plants", "allocations", "plant_id", error) ||
      !part_take_children (&part, "plants", "plant_supply", "plant_id", error) ||
      !part_take_children (&part, "plants", "ledger", "plant_id", error) ||
      !part_take_referred (&part, "projects", "plant_id", "plants", error) ||
      !part_take_referred (&part, "allocations", "plant_id", "plants", error) ||
      !part_take_referred (&part, "allocations", "user_id", "water_users", error))
    return NULL;
  return g_steal_pointer (&tables);
}

static sqlite3 *
file_db (RaStore *file, GError **error)
{
  if (!ra_store_check_open (file, error))
    return NULL;
  if (file->backend != &ra_store_sqlite_backend)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_A_PROJECT,
                   _("an offline copy must be a project file, not a server project"));
      return NULL;
    }
  return file->backend->get_handle (file->db);
}

static char **
origin_counties (sqlite3 *fdb)
{
  g_autofree char *counties = ra_sync_file_get_origin (fdb, "counties");

  if (counties == NULL || strcmp (counties, "*") == 0)
    return NULL;
  return g_strsplit (counties, ",", -1);
}

/* ---- pull ------------------------------------------------------------------ */

static gboolean
copy_row (RaStore *server, RaStore *file, sqlite3 *fdb, const RaStoreTable *table, gint64 id,
          const char *json, gboolean keep_base, GError **error)
{
  g_autofree char *file_json = NULL;
  gboolean ok = FALSE;

  if (!file->backend->restore_row (file->db, table, id, json, error))
    return FALSE;
  if (!keep_base)
    return TRUE;
  file_json = snapshot (file, table, id, &ok, error);
  if (!ok)
    return FALSE;
  return ra_sync_file_put_base (fdb, table->name, id, json, file_json, error);
}

static gboolean
pull_rows (RaStore *server, RaStore *file, sqlite3 *fdb, const char * const *adcodes,
           guint *n, GError **error)
{
  g_autoptr(GPtrArray) tables = ra_store_copy_tables ();
  g_autoptr(GHashTable) part = NULL;

  part = select_part (server, adcodes, error);
  if (part == NULL)
    return FALSE;
  for (guint i = tables->len; i > 0; i--)
    if (!ra_store_copy_clear_table (file, g_ptr_array_index (tables, i - 1), error))
      return FALSE;
  for (guint i = 0; i < tables->len; i++)
    {
      const RaStoreTable *table = g_ptr_array_index (tables, i);
      GHashTable *rows = g_hash_table_lookup (part, table->name);
      g_autoptr(GArray) ids = NULL;

      if (rows != NULL)
        {
          ids = sorted_keys (rows);
          for (guint r = 0; r < ids->len; r++)
            {
              gint64 id = g_array_index (ids, gint64, r);

              if (!copy_row (server, file, fdb, table, id, g_hash_table_lookup (rows, &id),
                             TRUE, error))
                return FALSE;
              (*n)++;
            }
          continue;
        }
      /* A county's copy leaves the server's audit log behind: it is the
       * server's history, of every county. */
      if (adcodes != NULL && strcmp (table->name, "audit") == 0)
        continue;
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      if (!server->backend->find_ids (server->db, table, 0, NULL, NULL, ids, error))
        return FALSE;
      for (guint r = 0; r < ids->len; r++)
        {
          gint64 id = g_array_index (ids, gint64, r);
          g_autofree char *json = NULL;
          gboolean ok = FALSE;

          json = snapshot (server, table, id, &ok, error);
          if (!ok)
            return FALSE;
          /* The city's tables with a base too: a whole copy pushes their
           * edits, a county's copy says which it keeps. */
          if (json != NULL &&
              !copy_row (server, file, fdb, table, id, json, strcmp (table->name, "audit") != 0,
                         error))
            return FALSE;
          (*n)++;
        }
    }
  return TRUE;
}

/**
 * ra_store_sync_pull:
 * @server: a server project
 * @file: a new project file, writable
 * @server_name: how @server was named (shown without its password)
 * @adcodes: (nullable) (array zero-terminated=1): the counties; NULL: all
 * @n_rows: (out) (optional): rows copied
 *
 * Copies the counties' part of @server into @file with its context and
 * records the origin and base of the copy, in one transaction of @file
 * (reading one snapshot of @server).
 */
gboolean
ra_store_sync_pull (RaStore             *server,
                    RaStore             *file,
                    const char          *server_name,
                    const char * const  *adcodes,
                    guint               *n_rows,
                    GError             **error)
{
  g_autofree char *identity = NULL;
  g_autofree char *display = NULL;
  g_autofree char *counties = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format_iso8601 (now);
  sqlite3 *fdb;
  gboolean ok;
  guint n = 0;

  g_return_val_if_fail (RA_IS_STORE (server), FALSE);
  g_return_val_if_fail (RA_IS_STORE (file), FALSE);

  fdb = file_db (file, error);
  if (fdb == NULL || !ra_store_check_open (server, error))
    return FALSE;
  for (guint i = 0; adcodes != NULL && adcodes[i] != NULL; i++)
    if (!server->backend->county_exists (server->db, adcodes[i]))
      {
        g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_FOUND,
                     _("no county with the code “%s” in the project"), adcodes[i]);
        return FALSE;
      }
  /* One snapshot of the server throughout (its transaction only reads). */
  if (!server->backend->begin (server->db, error))
    return FALSE;
  ok = ra_sync_server_isolate (server, error);
  identity = ok ? ra_sync_server_identity (server, error) : NULL;
  ok = identity != NULL && ra_store_tx_begin (file, error);
  if (!ok)
    {
      server->backend->rollback (server->db);
      return FALSE;
    }
  display = ra_path_display_name (server_name);
  counties = adcodes != NULL ? g_strjoinv (",", (char **) adcodes) : g_strdup ("*");
  ok = ra_sync_file_prepare (fdb, TRUE, error) &&
       pull_rows (server, file, fdb, adcodes, &n, error) &&
       ra_sync_file_set_origin (fdb, "server", display, error) &&
       ra_sync_file_set_origin (fdb, "server_identity", identity, error) &&
       ra_sync_file_set_origin (fdb, "counties", counties, error) &&
       ra_sync_file_set_origin (fdb, "context_base", "1", error) &&
       ra_sync_file_set_origin (fdb, "pulled_at", at, error);
  server->backend->rollback (server->db);
  if (!ra_store_tx_end (file, ok, NULL, 0, error))
    return FALSE;
  if (n_rows != NULL)
    *n_rows = n;
  return TRUE;
}

gboolean
ra_store_sync_get_origin (RaStore  *file,
                          char    **server_name,
                          char    **counties,
                          char    **pulled_at)
{
  sqlite3 *fdb;

  g_return_val_if_fail (RA_IS_STORE (file), FALSE);
  fdb = file_db (file, NULL);
  if (fdb == NULL || !ra_sync_file_has_origin (fdb))
    return FALSE;
  if (server_name != NULL)
    *server_name = ra_sync_file_get_origin (fdb, "server");
  if (counties != NULL)
    *counties = ra_sync_file_get_origin (fdb, "counties");
  if (pulled_at != NULL)
    *pulled_at = ra_sync_file_get_origin (fdb, "pulled_at");
  return TRUE;
}

GPtrArray *
ra_store_sync_list_conflicts (RaStore *file, GError **error)
{
  sqlite3 *fdb;

  g_return_val_if_fail (RA_IS_STORE (file), NULL);
  fdb = file_db (file, error);
  if (fdb == NULL)
    return NULL;
  return ra_sync_file_load_conflicts (fdb, error);
}

/* ---- push ------------------------------------------------------------------- */

/* The server's side: every merged table, then the deletions, rows that
 * refer to others first. */
/* A county's copy: the file's changes to the city's tables, counted (they
 * stay in the file; the server takes a county's rows only). */
static gboolean
count_not_pushed (Push *push, const RaStoreTable *table, GError **error)
{
  g_autoptr(GHashTable) bases = ra_sync_file_load_base (push->fdb, table->name, error);
  g_autoptr(GArray) file_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) in_file = g_hash_table_new (g_int64_hash, g_int64_equal);
  GHashTableIter iter;
  gint64 *id;
  RaSyncBase *base;
  guint n = 0;

  if (bases == NULL ||
      !push->file->backend->find_ids (push->file->db, table, 0, NULL, NULL, file_ids, error))
    return FALSE;
  for (guint r = 0; r < file_ids->len; r++)
    {
      gint64 *fid = &g_array_index (file_ids, gint64, r);

      g_hash_table_add (in_file, fid);
      if (!g_hash_table_contains (bases, fid))
        n++;   /* added */
    }
  g_hash_table_iter_init (&iter, bases);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, (gpointer *) &base))
    {
      g_autofree char *json = NULL;
      g_autoptr(GPtrArray) now = NULL;
      g_autoptr(GPtrArray) then = NULL;
      g_autoptr(GPtrArray) keys = NULL;
      gboolean ok = FALSE;

      if (!g_hash_table_contains (in_file, id) || base->file_json == NULL)
        {
          n++;   /* deleted, or there without a base of the file's */
          continue;
        }
      json = snapshot (push->file, table, *id, &ok, error);
      if (!ok)
        return FALSE;
      now = parse_row (json);
      then = parse_row (base->file_json);
      if (now == NULL || then == NULL)
        {
          unreadable_row (error, table, *id);
          return FALSE;
        }
      keys = changed_keys (then, now);
      n += keys->len > 0;
    }
  if (n > 0)
    {
      push->report->n_not_pushed += n;
      g_ptr_array_add (push->report->not_pushed_tables, g_strdup (table->name));
    }
  return TRUE;
}

static gboolean
push_server (Push *push, GError **error)
{
  g_autoptr(GPtrArray) merged = g_ptr_array_new ();
  g_autofree char *with_context = ra_sync_file_get_origin (push->fdb, "context_base");
  g_autofree char *counties = ra_sync_file_get_origin (push->fdb, "counties");

  /* The city's tables: merged like the others from a whole copy, counted
   * from a county's (a file pulled before they had a base: left alone). */
  if (g_strcmp0 (with_context, "1") == 0)
    {
      g_autoptr(GPtrArray) context = context_tables ();

      for (guint i = 0; i < context->len; i++)
        if (g_strcmp0 (counties, "*") == 0)
          g_ptr_array_add (merged, g_ptr_array_index (context, i));
        else if (!count_not_pushed (push, g_ptr_array_index (context, i), error))
          return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (sync_tables); i++)
    g_ptr_array_add (merged, (gpointer) ra_store_find_table (sync_tables[i]));

  for (guint i = 0; i < merged->len; i++)
    {
      TableState *t = g_new0 (TableState, 1);
      g_autoptr(GArray) base_ids = NULL;
      g_autoptr(GArray) file_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

      t->table = g_ptr_array_index (merged, i);
      t->id_map = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
      t->outcomes = g_ptr_array_new_with_free_func ((GDestroyNotify) outcome_free);
      t->deletes = g_array_new (FALSE, FALSE, sizeof (gint64));
      t->delete_before = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (push->tables, t);
      t->bases = ra_sync_file_load_base (push->fdb, t->table->name, error);
      if (t->bases == NULL)
        return FALSE;
      base_ids = sorted_keys (t->bases);
      for (guint r = 0; r < base_ids->len; r++)
        {
          gint64 id = g_array_index (base_ids, gint64, r);

          if (!merge_row (push, t, id, g_hash_table_lookup (t->bases, &id), error))
            return FALSE;
        }
      if (!push->file->backend->find_ids (push->file->db, t->table, 0, NULL, NULL, file_ids,
                                          error))
        return FALSE;
      for (guint r = 0; r < file_ids->len; r++)
        {
          gint64 id = g_array_index (file_ids, gint64, r);

          if (!g_hash_table_contains (t->bases, &id) && !insert_row (push, t, id, error))
            return FALSE;
        }
    }
  for (guint i = push->tables->len; i > 0; i--)
    {
      TableState *t = g_ptr_array_index (push->tables, i - 1);

      for (guint r = 0; r < t->deletes->len; r++)
        {
          gint64 id = g_array_index (t->deletes, gint64, r);

          if (!server_write (push, t->table, id, "delete",
                             g_ptr_array_index (t->delete_before, r), NULL, NULL, error))
            return FALSE;
          push->report->n_deleted++;
        }
    }
  return TRUE;
}

/* Rows of the counties added on the server since the pull: into the file. */
static gboolean
collect_server_new (Push *push, GError **error)
{
  g_auto(GStrv) counties = origin_counties (push->fdb);
  g_autoptr(GHashTable) part = NULL;

  part = select_part (push->server, (const char * const *) counties, error);
  if (part == NULL)
    return FALSE;
  for (guint i = 0; i < push->tables->len; i++)
    {
      TableState *t = g_ptr_array_index (push->tables, i);
      GHashTable *rows = g_hash_table_lookup (part, t->table->name);
      g_autoptr(GHashTable) added = g_hash_table_new (g_int64_hash, g_int64_equal);
      g_autoptr(GArray) ids = NULL;

      for (guint o = 0; o < t->outcomes->len; o++)
        {
          Outcome *out = g_ptr_array_index (t->outcomes, o);

          g_hash_table_add (added, &out->id);
        }
      if (rows == NULL)
        {
          /* A city's table of a whole copy: every row the server has. */
          ids = g_array_new (FALSE, FALSE, sizeof (gint64));
          if (!push->server->backend->find_ids (push->server->db, t->table, 0, NULL, NULL, ids,
                                                error))
            return FALSE;
        }
      else
        ids = sorted_keys (rows);
      for (guint r = 0; r < ids->len; r++)
        {
          gint64 id = g_array_index (ids, gint64, r);
          g_autofree char *json = NULL;
          gboolean ok = TRUE;

          if (g_hash_table_contains (t->bases, &id) || g_hash_table_contains (added, &id))
            continue;
          if (rows == NULL)
            {
              json = snapshot (push->server, t->table, id, &ok, error);
              if (!ok)
                return FALSE;
              if (json == NULL)
                continue;
            }
          add_outcome (t, 0, id, rows != NULL ? g_hash_table_lookup (rows, &id) : json);
          push->report->n_refreshed++;
        }
    }
  return TRUE;
}

/* The file's side: rows removed (those that refer to others first), then
 * every row written as the server has it, parents first, its base
 * renewed; the conflicts left written down. */
static gboolean
push_file (Push *push, GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format_iso8601 (now);

  for (guint i = push->tables->len; i > 0; i--)
    {
      TableState *t = g_ptr_array_index (push->tables, i - 1);

      for (guint o = 0; o < t->outcomes->len; o++)
        {
          Outcome *out = g_ptr_array_index (t->outcomes, o);

          if (out->old_id == 0)
            continue;
          if (!push->file->backend->restore_row (push->file->db, t->table, out->old_id, NULL,
                                                 error) ||
              !ra_sync_file_drop_base (push->fdb, t->table->name, out->old_id, error))
            return FALSE;
        }
    }
  for (guint i = 0; i < push->tables->len; i++)
    {
      TableState *t = g_ptr_array_index (push->tables, i);

      for (guint o = 0; o < t->outcomes->len; o++)
        {
          Outcome *out = g_ptr_array_index (t->outcomes, o);

          if (out->json != NULL &&
              !copy_row (push->server, push->file, push->fdb, t->table, out->id, out->json,
                         TRUE, error))
            return FALSE;
        }
    }
  return ra_sync_file_save_conflicts (push->fdb, push->report->conflicts, error) &&
         ra_sync_file_set_origin (push->fdb, "pushed_at", at, error);
}

/**
 * ra_store_sync_push:
 * @file: a project file made by ra_store_sync_pull, writable
 * @server: the server project it was pulled from, writable
 * @options: (nullable): how conflicts are settled (NULL: listed only)
 *
 * Merges @file back into @server (see the top of ra-store-sync.c).  On an
 * error neither side has changed.
 *
 * Returns: (transfer full) (nullable): what was done and the conflicts left
 */
RaSyncReport *
ra_store_sync_push (RaStore              *file,
                    RaStore              *server,
                    const RaSyncOptions  *options,
                    GError              **error)
{
  static const RaSyncOptions no_options = { RA_SYNC_RESOLVE_NONE, NULL, NULL };
  g_autoptr(RaSyncReport) report = g_new0 (RaSyncReport, 1);
  g_autoptr(GPtrArray) tables = NULL;
  g_autofree char *identity = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *origin_name = NULL;
  g_autoptr(GHashTable) gone = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Push push = { file, server, NULL, options ? options : &no_options, NULL, NULL, gone };
  gboolean ok;

  g_return_val_if_fail (RA_IS_STORE (file), NULL);
  g_return_val_if_fail (RA_IS_STORE (server), NULL);

  report->conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) ra_sync_conflict_free);
  report->not_pushed_tables = g_ptr_array_new_with_free_func (g_free);
  push.report = report;
  push.fdb = file_db (file, error);
  if (push.fdb == NULL || !ra_store_check_writable (file, error) ||
      !ra_store_check_writable (server, error))
    return NULL;
  recorded = ra_sync_file_get_origin (push.fdb, "server_identity");
  if (recorded == NULL)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_A_PROJECT,
                   _("the file was not pulled from a server (pull DB FILE makes such a copy), "
                     "so there is nothing to merge it with"));
      return NULL;
    }
  identity = ra_sync_server_identity (server, error);
  if (identity == NULL)
    return NULL;
  if (strcmp (identity, recorded) != 0)
    {
      origin_name = ra_sync_file_get_origin (push.fdb, "server");
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_A_PROJECT,
                   _("the file was pulled from another server project (%s), not this one; "
                     "push it back there"), origin_name ? origin_name : "?");
      return NULL;
    }

  tables = g_ptr_array_new_with_free_func ((GDestroyNotify) table_state_free);
  push.tables = tables;
  if (!ra_store_tx_begin (server, error))
    return NULL;
  if (!ra_sync_server_isolate (server, error) || !ra_store_tx_begin (file, error))
    {
      ra_store_tx_rollback (server);
      return NULL;
    }
  ok = push_server (&push, error) && collect_server_new (&push, error) &&
       push_file (&push, error);
  if (!ok)
    {
      ra_store_tx_rollback (server);
      ra_store_tx_rollback (file);
      return NULL;
    }
  /* The server first: if it fails, the file has not changed either. */
  if (!ra_store_tx_commit (server, error))
    {
      ra_store_tx_rollback (file);
      return NULL;
    }
  if (!ra_store_tx_commit (file, error))
    {
      g_prefix_error (error, _("the server has the changes, but the file could not be updated "
                               "(pull a new copy before working on): "));
      return NULL;
    }
  ra_store_emit_changed (server, NULL, 0);
  ra_store_emit_changed (file, NULL, 0);
  return g_steal_pointer (&report);
}

#ifndef HAVE_LIBPQ
char *
ra_sync_server_identity (RaStore *server, GError **error)
{
  g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_A_PROJECT,
               _("this build of Reclaim Atlas cannot open PostgreSQL projects (built without libpq)"));
  return NULL;
}

gboolean
ra_sync_server_isolate (RaStore *server, GError **error)
{
  return ra_sync_server_identity (server, error) != NULL;
}
#endif
