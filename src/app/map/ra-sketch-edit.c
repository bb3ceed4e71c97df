/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ra-sketch-private.h"

/* The feature the vertex and move tools edit: read from the store, its
 * vertex and midpoint handles, vertices inserted and deleted, and written
 * back as one store edit (undo, audit) that reloads it as stored. */

#define HANDLE_PX        7.0   /* pick radius of vertex and midpoint handles */

/* The edited feature ------------------------------------------------------- */

void
_ra_sketch_clear_edit (RaSketch *self)
{
  g_clear_pointer (&self->edit_table, g_free);
  self->edit_id = 0;
  g_clear_pointer (&self->edit_verts, g_array_unref);
  g_clear_pointer (&self->edit_parts, g_array_unref);
  self->active_vertex = -1;
  if (self->drag == DRAG_VERTEX || self->drag == DRAG_MOVE)
    self->drag = DRAG_NONE;
}

/* (Re)reads the edited feature from the store. */
gboolean
_ra_sketch_load_edit (RaSketch *self, const char *table, gint64 id)
{
  g_autoptr(RaGeometry) geom = NULL;
  g_autofree char *table_copy = g_strdup (table);

  if (self->store == NULL || !_ra_sketch_ensure_transforms (self) ||
      (geom = ra_store_get_geometry (self->store, table, id, NULL)) == NULL)
    {
      _ra_sketch_clear_edit (self);
      return FALSE;
    }
  _ra_sketch_clear_edit (self);
  self->edit_table = g_steal_pointer (&table_copy);
  self->edit_id = id;
  self->edit_kind = geom->kind;
  self->edit_verts = g_array_sized_new (FALSE, FALSE, sizeof (SkVertex), geom->n_points);
  self->edit_parts = g_array_sized_new (FALSE, FALSE, sizeof (guint), geom->n_parts + 1);
  for (guint i = 0; i < geom->n_points; i++)
    {
      SkVertex v = { geom->xy[2 * i], geom->xy[2 * i + 1], geom->xy[2 * i], geom->xy[2 * i + 1] };

      ra_transform_point (self->from_ll, &v.x, &v.y);
      g_array_append_val (self->edit_verts, v);
    }
  g_array_append_vals (self->edit_parts, geom->parts, geom->n_parts + 1);
  return TRUE;
}

guint
_ra_sketch_edit_n_parts (RaSketch *self)
{
  return self->edit_parts != NULL ? self->edit_parts->len - 1 : 0;
}

static guint
edit_part_of (RaSketch *self, guint index)
{
  for (guint p = 0; p < _ra_sketch_edit_n_parts (self); p++)
    if (index < g_array_index (self->edit_parts, guint, p + 1))
      return p;
  return 0;
}

gboolean
_ra_sketch_write_edit (RaSketch *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wkt = NULL;
  g_autofree char *table = g_strdup (self->edit_table);
  gint64 id = self->edit_id;

  if (self->edit_verts == NULL || self->store == NULL)
    return FALSE;
  wkt = _ra_sketch_build_wkt (self->edit_kind, (SkVertex *) self->edit_verts->data,
                   (guint *) self->edit_parts->data, _ra_sketch_edit_n_parts (self));
  if (!ra_store_set_geometry_wkt (self->store, table, id, wkt, &error))
    {
      _ra_sketch_emit_message (self, error->message);
      _ra_sketch_load_edit (self, table, id);
      return FALSE;
    }
  /* ::changed reloaded the feature as stored. */
  return TRUE;
}

/* Index of the vertex handle at (px, py), else -1; *mid_after gets the
 * index a midpoint handle there would insert after (-1: none). */
int
_ra_sketch_hit_handle (RaSketch *self, double px, double py, int *mid_after)
{
  const RaView *view = _ra_sketch_current_view (self);
  double best = HANDLE_PX;
  int hit = -1;

  *mid_after = -1;
  if (view == NULL || self->edit_verts == NULL)
    return -1;
  for (guint i = 0; i < self->edit_verts->len; i++)
    {
      SkVertex *v = &g_array_index (self->edit_verts, SkVertex, i);
      double dx, dy;

      ra_view_to_device (view, v->x, v->y, &dx, &dy);
      if (hypot (dx - px, dy - py) <= best)
        {
          best = hypot (dx - px, dy - py);
          hit = i;
        }
    }
  if (hit >= 0 || self->edit_kind == RA_GEOM_POINT)
    return hit;

  best = HANDLE_PX;
  for (guint p = 0; p < _ra_sketch_edit_n_parts (self); p++)
    {
      guint start = g_array_index (self->edit_parts, guint, p);
      guint end = g_array_index (self->edit_parts, guint, p + 1);

      for (guint i = start; i < end; i++)
        {
          guint j = i + 1 < end ? i + 1 : start;
          SkVertex *a = &g_array_index (self->edit_verts, SkVertex, i);
          SkVertex *b = &g_array_index (self->edit_verts, SkVertex, j);
          double dx, dy;

          if (j == start && self->edit_kind != RA_GEOM_POLYGON)
            break;
          ra_view_to_device (view, (a->x + b->x) / 2, (a->y + b->y) / 2, &dx, &dy);
          if (hypot (dx - px, dy - py) <= best)
            {
              best = hypot (dx - px, dy - py);
              *mid_after = i;
            }
        }
    }
  return -1;
}

void
_ra_sketch_insert_edit_vertex (RaSketch *self, guint after)
{
  guint part = edit_part_of (self, after);
  guint end = g_array_index (self->edit_parts, guint, part + 1);
  guint start = g_array_index (self->edit_parts, guint, part);
  SkVertex *a = &g_array_index (self->edit_verts, SkVertex, after);
  SkVertex *b = &g_array_index (self->edit_verts, SkVertex, after + 1 < end ? after + 1 : start);
  SkVertex mid = { (a->x + b->x) / 2, (a->y + b->y) / 2, 0, 0 };

  _ra_sketch_map_to_ll (self, mid.x, mid.y, &mid.lon, &mid.lat);
  g_array_insert_val (self->edit_verts, after + 1, mid);
  for (guint p = part + 1; p < self->edit_parts->len; p++)
    g_array_index (self->edit_parts, guint, p)++;
}

gboolean
_ra_sketch_delete_edit_vertex (RaSketch *self, guint index)
{
  guint part, n, min;

  if (self->edit_verts == NULL || index >= self->edit_verts->len)
    return FALSE;
  part = edit_part_of (self, index);
  n = g_array_index (self->edit_parts, guint, part + 1) -
      g_array_index (self->edit_parts, guint, part);
  min = self->edit_kind == RA_GEOM_POLYGON ? 3 : self->edit_kind == RA_GEOM_LINE ? 2 : G_MAXUINT;
  if (n <= min)
    {
      _ra_sketch_emit_message (self, self->edit_kind == RA_GEOM_POLYGON
                          ? _("A polygon needs at least three vertices")
                          : self->edit_kind == RA_GEOM_LINE
                          ? _("A line needs at least two vertices")
                          : _("A point cannot lose its vertex; delete the feature instead"));
      return FALSE;
    }
  g_array_remove_index (self->edit_verts, index);
  for (guint p = part + 1; p < self->edit_parts->len; p++)
    g_array_index (self->edit_parts, guint, p)--;
  self->active_vertex = -1;
  return _ra_sketch_write_edit (self);
}
