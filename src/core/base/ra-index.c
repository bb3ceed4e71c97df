/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ra-index.h"

/* Packed sort-tile-recursive R-tree stored as flat arrays (like flatbush):
 * level 0 holds the item boxes in STR order, each upper level the unions of
 * RA_INDEX_NODE_SIZE consecutive boxes of the level below; the root is the
 * last box.  Items with empty boxes are left out (they match no query). */
#define RA_INDEX_NODE_SIZE 16

struct _RaIndex {
  guint   n_items;      /* items in the tree (non-empty boxes) */
  guint   n_levels;
  guint  *level_start;  /* n_levels + 1 offsets into boxes */
  RaBBox *boxes;
  guint  *ids;          /* n_items: id of each level-0 box */
  guint   id_limit;     /* every id is below this */
};

typedef struct {
  double cx, cy;
  guint  id;
} Entry;

/* Sorts e[0..n) by cx (or cy) with an LSD radix sort on the coordinate
 * scaled to 32 bits over its range: four counting passes instead of a
 * comparison sort (100 k points: ~1 ms instead of ~35).  Ties and
 * coordinates closer than 2^-32 of the range keep their order, which
 * is all the tree needs. */
static int
cmp_entry_x (const void *a, const void *b)
{
  const Entry *ea = a, *eb = b;

  if (ea->cx != eb->cx)
    return ea->cx < eb->cx ? -1 : 1;
  return (ea->id > eb->id) - (ea->id < eb->id);
}

static int
cmp_entry_y (const void *a, const void *b)
{
  const Entry *ea = a, *eb = b;

  if (ea->cy != eb->cy)
    return ea->cy < eb->cy ? -1 : 1;
  return (ea->id > eb->id) - (ea->id < eb->id);
}

static void
radix_sort_entries (Entry *e, guint n, gboolean by_y)
{
  g_autofree guint32 *keys = NULL, *keys_tmp = NULL;
  g_autofree Entry *tmp = NULL;
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE, scale;
  int (*cmp) (const void *, const void *) = by_y ? cmp_entry_y : cmp_entry_x;

  if (n < 2)
    return;
  for (guint i = 0; i < n; i++)
    {
      double v = by_y ? e[i].cy : e[i].cx;

      lo = MIN (lo, v);
      hi = MAX (hi, v);
    }
  if (!(hi > lo))
    return;
  if (!isfinite (hi - lo))
    {
      /* A range beyond doubles (coordinates near ±1e308): compare. */
      qsort (e, n, sizeof (Entry), cmp);
      return;
    }
  scale = 4294967295.0 / (hi - lo);
  keys = g_new (guint32, n);
  keys_tmp = g_new (guint32, n);
  tmp = g_new (Entry, n);
  for (guint i = 0; i < n; i++)
    {
      double k = ((by_y ? e[i].cy : e[i].cx) - lo) * scale;

      keys[i] = k >= 4294967295.0 ? G_MAXUINT32 : (guint32) MAX (k, 0.0);
    }
  for (guint shift = 0; shift < 32; shift += 8)
    {
      guint count[257] = { 0 };

      for (guint i = 0; i < n; i++)
        count[((keys[i] >> shift) & 0xff) + 1]++;
      for (guint b = 0; b < 256; b++)
        count[b + 1] += count[b];
      for (guint i = 0; i < n; i++)
        {
          guint d = count[(keys[i] >> shift) & 0xff]++;

          tmp[d] = e[i];
          keys_tmp[d] = keys[i];
        }
      memcpy (e, tmp, sizeof (Entry) * n);
      memcpy (keys, keys_tmp, sizeof (guint32) * n);
    }
  /* Entries the 32-bit keys could not tell apart (one far outlier makes a
   * step of the key wider than the rest of the data): sorted by
   * comparison, run by run.  Normal data has only short runs of ties. */
  for (guint a = 0; a < n;)
    {
      guint b = a + 1;

      while (b < n && keys[b] == keys[a])
        b++;
      if (b - a > 1)
        qsort (e + a, b - a, sizeof (Entry), cmp);
      a = b;
    }
}

/**
 * ra_index_new:
 * @boxes: (array length=n_boxes): item boxes; copied
 * Returns: (transfer full) a new index.
 */
RaIndex *
ra_index_new (const RaBBox *boxes, guint n_boxes)
{
  RaIndex *index = g_new0 (RaIndex, 1);
  g_autofree Entry *entries = NULL;
  GArray *starts;
  guint n = 0, total, level_n;

  g_return_val_if_fail (boxes != NULL || n_boxes == 0, index);

  entries = g_new (Entry, MAX (n_boxes, 1));
  for (guint i = 0; i < n_boxes; i++)
    {
      if (ra_bbox_is_empty (&boxes[i]))
        continue;
      entries[n].cx = (boxes[i].x0 + boxes[i].x1) / 2;
      entries[n].cy = (boxes[i].y0 + boxes[i].y1) / 2;
      entries[n].id = i;
      n++;
    }
  index->n_items = n;
  index->id_limit = n_boxes;
  if (n == 0)
    {
      index->level_start = g_new0 (guint, 1);
      return index;
    }

  /* STR: sort by x, cut into vertical slices of S * node_size items, sort
   * each slice by y. */
  {
    guint n_leaves = (n + RA_INDEX_NODE_SIZE - 1) / RA_INDEX_NODE_SIZE;
    guint s = (guint) ceil (sqrt ((double) n_leaves));
    guint slice = s * RA_INDEX_NODE_SIZE;

    radix_sort_entries (entries, n, FALSE);
    for (guint i = 0; i < n; i += slice)
      radix_sort_entries (entries + i, MIN (slice, n - i), TRUE);
  }

  starts = g_array_new (FALSE, FALSE, sizeof (guint));
  total = 0;
  level_n = n;
  while (TRUE)
    {
      g_array_append_val (starts, total);
      total += level_n;
      if (level_n == 1)
        break;
      level_n = (level_n + RA_INDEX_NODE_SIZE - 1) / RA_INDEX_NODE_SIZE;
    }
  g_array_append_val (starts, total);
  index->n_levels = starts->len - 1;
  index->level_start = (guint *) g_array_free (starts, FALSE);

  index->boxes = g_new (RaBBox, total);
  index->ids = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    {
      index->ids[i] = entries[i].id;
      index->boxes[i] = boxes[entries[i].id];
    }
  for (guint l = 1; l < index->n_levels; l++)
    {
      guint cs = index->level_start[l - 1], ce = index->level_start[l];
      guint out = index->level_start[l];

      for (guint c = cs; c < ce; c += RA_INDEX_NODE_SIZE, out++)
        {
          RaBBox b = RA_BBOX_EMPTY;

          for (guint k = c; k < MIN (c + RA_INDEX_NODE_SIZE, ce); k++)
            ra_bbox_union (&b, &index->boxes[k]);
          index->boxes[out] = b;
        }
      g_assert (out == index->level_start[l + 1]);
    }
  return index;
}

void
ra_index_free (RaIndex *index)
{
  if (index == NULL)
    return;
  g_free (index->level_start);
  g_free (index->boxes);
  g_free (index->ids);
  g_free (index);
}

static int
cmp_guint (const void *a, const void *b)
{
  guint ua = *(const guint *) a, ub = *(const guint *) b;
  return (ua > ub) - (ua < ub);
}

static void query_tree (const RaIndex *index, const RaBBox *query, GArray *out_guint,
                        gsize *visits);

void
ra_index_query (const RaIndex *index, const RaBBox *query, GArray *out_guint)
{
  g_return_if_fail (index != NULL && query != NULL && out_guint != NULL);
  query_tree (index, query, out_guint, NULL);
}

gsize
ra_index_query_visits (const RaIndex *index, const RaBBox *query)
{
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (guint));
  gsize visits = 0;

  g_return_val_if_fail (index != NULL && query != NULL, 0);
  query_tree (index, query, out, &visits);
  return visits;
}

static void
query_tree (const RaIndex *index, const RaBBox *query, GArray *out_guint, gsize *visits)
{
  guint stack_level[64], stack_pos[64];
  guint sp = 0, first_out;

  if (index->n_items == 0 || ra_bbox_is_empty (query))
    return;

  first_out = out_guint->len;
  /* Depth-first; each level is < 16x smaller, so 64 * 15 stack entries would
   * be needed only for absurd trees: the stack grows by at most
   * node_size - 1 per level. */
  {
    g_autofree guint *heap_level = NULL, *heap_pos = NULL;
    guint *lv = stack_level, *ps = stack_pos;
    guint cap = G_N_ELEMENTS (stack_level);
    guint need = index->n_levels * RA_INDEX_NODE_SIZE + 1;

    if (need > cap)
      {
        heap_level = g_new (guint, need);
        heap_pos = g_new (guint, need);
        lv = heap_level;
        ps = heap_pos;
      }
    lv[sp] = index->n_levels - 1;
    ps[sp] = index->level_start[index->n_levels - 1];
    sp++;
    while (sp > 0)
      {
        guint level, pos;

        sp--;
        level = lv[sp];
        pos = ps[sp];
        if (visits != NULL)
          (*visits)++;
        if (!ra_bbox_intersects (&index->boxes[pos], query))
          continue;
        if (level == 0)
          {
            g_array_append_val (out_guint, index->ids[pos]);
            continue;
          }
        {
          guint child0 = index->level_start[level - 1] +
                         (pos - index->level_start[level]) * RA_INDEX_NODE_SIZE;
          guint child_end = MIN (child0 + RA_INDEX_NODE_SIZE, index->level_start[level]);

          for (guint c = child0; c < child_end; c++)
            {
              lv[sp] = level - 1;
              ps[sp] = c;
              sp++;
            }
        }
      }
  }
  if (out_guint->len - first_out > 1)
    {
      guint n_hits = out_guint->len - first_out;
      guint *hits = &g_array_index (out_guint, guint, first_out);

      /* Many hits (a full view of 100 k points): mark them in a bitmap and
       * read it back in order, linear instead of a sort. */
      if (n_hits >= 4096 && n_hits >= index->id_limit / 64)
        {
          g_autofree guint64 *bits = g_new0 (guint64, index->id_limit / 64 + 1);
          guint k = 0;

          for (guint i = 0; i < n_hits; i++)
            bits[hits[i] >> 6] |= G_GUINT64_CONSTANT (1) << (hits[i] & 63);
          for (guint w = 0; w <= index->id_limit / 64; w++)
            for (guint64 b = bits[w]; b != 0; b &= b - 1)
              hits[k++] = w * 64 + (guint) __builtin_ctzll (b);
          g_assert (k == n_hits);
        }
      else
        qsort (hits, n_hits, sizeof (guint), cmp_guint);
    }
}
