/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ra-sketch-private.h"

/* The sketch object: its API, the drawing commands (finish, undo a vertex,
 * cancel) and the store it writes to.  The parts that do the work are in
 * files of their own (ra-sketch-private.h). */

G_DEFINE_FINAL_TYPE (RaSketch, ra_sketch, G_TYPE_OBJECT)

guint _ra_sketch_signals[RA_SKETCH_N_SIGNALS];

const char * const _ra_sketch_feature_tables[] = {
  "plants", "pipelines", "footprints", "built_up_areas", "water_users", NULL
};

void
_ra_sketch_queue_draw (RaSketch *self)
{
  if (self->view != NULL)
    gtk_widget_queue_draw (GTK_WIDGET (self->view));
}

void
_ra_sketch_emit_message (RaSketch *self, const char *text)
{
  g_signal_emit (self, _ra_sketch_signals[RA_SKETCH_MESSAGE], 0, text);
}

/* Drawing commands ----------------------------------------------------------- */

void
_ra_sketch_emit_changed_state (RaSketch *self)
{
  _ra_sketch_update_measure (self);
  _ra_sketch_queue_draw (self);
  g_signal_emit (self, _ra_sketch_signals[RA_SKETCH_CHANGED], 0);
}

gboolean
ra_sketch_cancel (RaSketch *self)
{
  g_return_val_if_fail (RA_IS_SKETCH (self), FALSE);

  if (self->verts->len == 0 && self->drag == DRAG_NONE)
    return FALSE;
  g_array_set_size (self->verts, 0);
  if (self->drag == DRAG_VERTEX || self->drag == DRAG_MOVE)
    {
      /* Back to what is stored. */
      g_autofree char *table = g_strdup (self->edit_table);
      self->drag = DRAG_NONE;
      if (table != NULL)
        _ra_sketch_load_edit (self, table, self->edit_id);
    }
  self->drag = DRAG_NONE;
  _ra_sketch_emit_changed_state (self);
  return TRUE;
}

gboolean
ra_sketch_undo_vertex (RaSketch *self)
{
  g_return_val_if_fail (RA_IS_SKETCH (self), FALSE);

  if (self->verts->len == 0)
    return FALSE;
  g_array_set_size (self->verts, self->verts->len - 1);
  _ra_sketch_emit_changed_state (self);
  return TRUE;
}

gboolean
ra_sketch_finish (RaSketch *self)
{
  g_autofree char *wkt = NULL;
  g_autofree char *text = NULL;
  guint parts[2] = { 0, 0 };
  gboolean polygon;
  guint n;
  double measure = 0;

  g_return_val_if_fail (RA_IS_SKETCH (self), FALSE);

  polygon = self->tool == RA_SKETCH_TOOL_POLYGON;
  if (self->tool != RA_SKETCH_TOOL_LINE && !polygon)
    return FALSE;

  /* A repeated last vertex (double click) adds nothing. */
  n = self->verts->len;
  while (n >= 2 &&
         g_array_index (self->verts, SkVertex, n - 1).lon == g_array_index (self->verts, SkVertex, n - 2).lon &&
         g_array_index (self->verts, SkVertex, n - 1).lat == g_array_index (self->verts, SkVertex, n - 2).lat)
    n--;
  /* Closing on the first vertex is implied for polygons. */
  if (polygon && n >= 2 &&
      g_array_index (self->verts, SkVertex, n - 1).lon == g_array_index (self->verts, SkVertex, 0).lon &&
      g_array_index (self->verts, SkVertex, n - 1).lat == g_array_index (self->verts, SkVertex, 0).lat)
    n--;
  if (n < (polygon ? 3u : 2u))
    {
      _ra_sketch_emit_message (self, polygon ? _("A polygon needs at least three vertices")
                                  : _("A line needs at least two vertices"));
      return FALSE;
    }

  parts[1] = n;
  wkt = _ra_sketch_build_wkt (polygon ? RA_GEOM_POLYGON : RA_GEOM_LINE, (SkVertex *) self->verts->data,
                   parts, 1);
  {
    g_autofree double *ll = g_new (double, 2 * n);

    for (guint i = 0; i < n; i++)
      {
        ll[2 * i] = g_array_index (self->verts, SkVertex, i).lon;
        ll[2 * i + 1] = g_array_index (self->verts, SkVertex, i).lat;
      }
    measure = polygon ? ra_network_measure_polygon (ll, n, NULL, NULL)
                      : ra_network_measure_line_km (ll, n);
  }
  /* Kept on the map while its form is open (ra_sketch_clear_pending). */
  g_array_set_size (self->pending, 0);
  g_array_append_vals (self->pending, self->verts->data, n);
  self->pending_polygon = polygon;
  g_array_set_size (self->verts, 0);
  _ra_sketch_emit_changed_state (self);
  g_signal_emit (self, _ra_sketch_signals[RA_SKETCH_FINISHED], 0,
                 polygon ? self->polygon_table : "pipelines", wkt, NULL, measure);
  return TRUE;
}

void
ra_sketch_clear_pending (RaSketch *self)
{
  g_return_if_fail (RA_IS_SKETCH (self));
  if (self->pending->len == 0)
    return;
  g_array_set_size (self->pending, 0);
  _ra_sketch_queue_draw (self);
}

guint
ra_sketch_get_n_pending (RaSketch *self)
{
  g_return_val_if_fail (RA_IS_SKETCH (self), 0);
  return self->pending->len;
}

/* The map view calls these with the pointer, the keys and a cairo_t. */
static const RaMapToolFuncs tool_funcs = {
  _ra_sketch_tool_pointer,
  _ra_sketch_tool_key,
  _ra_sketch_tool_draw,
};

/* Store ------------------------------------------------------------------- */

static void
store_changed_cb (RaStore *store, const char *table, gint64 row_id, RaSketch *self)
{
  g_autofree char *edit_table = NULL;

  /* Undo, redo and our own writes: show the feature as stored. */
  if (self->edit_table == NULL || self->drag != DRAG_NONE ||
      (table != NULL && (g_strcmp0 (table, self->edit_table) != 0 ||
                         (row_id != 0 && row_id != self->edit_id))))
    return;
  edit_table = g_strdup (self->edit_table);
  _ra_sketch_load_edit (self, edit_table, self->edit_id);
  _ra_sketch_emit_changed_state (self);
}

/* API ------------------------------------------------------------------------ */

void
ra_sketch_set_store (RaSketch *self, RaStore *store)
{
  g_return_if_fail (RA_IS_SKETCH (self));
  g_return_if_fail (store == NULL || RA_IS_STORE (store));

  if (self->store == store)
    return;
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, 0);
  g_array_set_size (self->verts, 0);
  _ra_sketch_clear_edit (self);
  self->drag = DRAG_NONE;
  _ra_sketch_emit_changed_state (self);
}

void
ra_sketch_set_layers (RaSketch *self, GPtrArray *layers)
{
  g_return_if_fail (RA_IS_SKETCH (self));

  g_ptr_array_set_size (self->layers, 0);
  for (guint i = 0; layers != NULL && i < layers->len; i++)
    g_ptr_array_add (self->layers, g_object_ref (g_ptr_array_index (layers, i)));
  self->snap = RA_SKETCH_SNAP_NONE;
  self->snap_layer = NULL;
  _ra_sketch_update_hover (self);
  _ra_sketch_queue_draw (self);
}

RaSketchTool
ra_sketch_get_tool (RaSketch *self)
{
  g_return_val_if_fail (RA_IS_SKETCH (self), RA_SKETCH_TOOL_SELECT);
  return self->tool;
}

void
ra_sketch_set_tool (RaSketch *self, RaSketchTool tool)
{
  g_return_if_fail (RA_IS_SKETCH (self));

  if (self->tool == tool)
    return;
  g_array_set_size (self->verts, 0);
  self->drag = DRAG_NONE;
  self->snap = RA_SKETCH_SNAP_NONE;
  if (tool != RA_SKETCH_TOOL_VERTICES)
    _ra_sketch_clear_edit (self);
  self->tool = tool;
  _ra_sketch_update_hover (self);
  if (self->view != NULL)
    gtk_widget_set_cursor_from_name (GTK_WIDGET (self->view),
                                     tool == RA_SKETCH_TOOL_SELECT ? NULL : "crosshair");
  _ra_sketch_emit_changed_state (self);
}

const char *
ra_sketch_get_point_kind (RaSketch *self)
{
  g_return_val_if_fail (RA_IS_SKETCH (self), NULL);
  return self->point_kind;
}

void
ra_sketch_set_point_kind (RaSketch *self, const char *kind)
{
  g_return_if_fail (RA_IS_SKETCH (self));
  g_return_if_fail (kind != NULL);

  g_free (self->point_kind);
  self->point_kind = g_strdup (kind);
}

const char *
ra_sketch_get_polygon_table (RaSketch *self)
{
  g_return_val_if_fail (RA_IS_SKETCH (self), NULL);
  return self->polygon_table;
}

void
ra_sketch_set_polygon_table (RaSketch *self, const char *table)
{
  g_return_if_fail (RA_IS_SKETCH (self));
  g_return_if_fail (g_strcmp0 (table, "footprints") == 0 ||
                    g_strcmp0 (table, "built_up_areas") == 0);

  g_free (self->polygon_table);
  self->polygon_table = g_strdup (table);
}

guint
ra_sketch_get_n_vertices (RaSketch *self)
{
  g_return_val_if_fail (RA_IS_SKETCH (self), 0);
  return self->verts->len;
}

gboolean
ra_sketch_get_vertex (RaSketch *self, guint index, double *x, double *y)
{
  g_return_val_if_fail (RA_IS_SKETCH (self), FALSE);

  if (index >= self->verts->len)
    return FALSE;
  *x = g_array_index (self->verts, SkVertex, index).x;
  *y = g_array_index (self->verts, SkVertex, index).y;
  return TRUE;
}

RaSketchSnap
ra_sketch_get_snap (RaSketch *self, double *x, double *y)
{
  g_return_val_if_fail (RA_IS_SKETCH (self), RA_SKETCH_SNAP_NONE);

  if (x != NULL)
    *x = self->snap_x;
  if (y != NULL)
    *y = self->snap_y;
  return self->snap;
}

const char *
ra_sketch_get_measure_text (RaSketch *self)
{
  g_return_val_if_fail (RA_IS_SKETCH (self), NULL);
  return self->measure_text;
}

const char *
ra_sketch_get_edit_table (RaSketch *self)
{
  g_return_val_if_fail (RA_IS_SKETCH (self), NULL);
  return self->edit_table;
}

gint64
ra_sketch_get_edit_id (RaSketch *self)
{
  g_return_val_if_fail (RA_IS_SKETCH (self), 0);
  return self->edit_id;
}

gboolean
ra_sketch_edit_feature (RaSketch *self, const char *table, gint64 id)
{
  gboolean ok;

  g_return_val_if_fail (RA_IS_SKETCH (self), FALSE);

  ok = _ra_sketch_load_edit (self, table, id);
  _ra_sketch_emit_changed_state (self);
  return ok;
}

guint
ra_sketch_get_edit_n_vertices (RaSketch *self)
{
  g_return_val_if_fail (RA_IS_SKETCH (self), 0);
  return self->edit_verts != NULL ? self->edit_verts->len : 0;
}

gboolean
ra_sketch_get_edit_vertex (RaSketch *self, guint index, double *x, double *y)
{
  g_return_val_if_fail (RA_IS_SKETCH (self), FALSE);

  if (self->edit_verts == NULL || index >= self->edit_verts->len)
    return FALSE;
  *x = g_array_index (self->edit_verts, SkVertex, index).x;
  *y = g_array_index (self->edit_verts, SkVertex, index).y;
  return TRUE;
}

/* GObject -------------------------------------------------------------------- */

static void
ra_sketch_dispose (GObject *object)
{
  RaSketch *self = RA_SKETCH (object);

  if (self->view != NULL)
    {
      ra_map_view_set_tool (self->view, NULL, NULL);
      g_object_remove_weak_pointer (G_OBJECT (self->view), (gpointer *) &self->view);
      self->view = NULL;
    }
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->layers, g_ptr_array_unref);
  _ra_sketch_clear_edit (self);
  g_clear_pointer (&self->hover_table, g_free);
  g_clear_pointer (&self->hover_geom, ra_geometry_free);

  G_OBJECT_CLASS (ra_sketch_parent_class)->dispose (object);
}

static void
ra_sketch_finalize (GObject *object)
{
  RaSketch *self = RA_SKETCH (object);

  g_clear_pointer (&self->to_ll, ra_transform_free);
  g_clear_pointer (&self->from_ll, ra_transform_free);
  g_clear_pointer (&self->crs, ra_crs_unref);
  g_clear_pointer (&self->ll_crs, ra_crs_unref);
  g_clear_pointer (&self->verts, g_array_unref);
  g_clear_pointer (&self->pending, g_array_unref);
  g_free (self->point_kind);
  g_free (self->polygon_table);
  g_free (self->measure_text);

  G_OBJECT_CLASS (ra_sketch_parent_class)->finalize (object);
}

static void
ra_sketch_class_init (RaSketchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ra_sketch_dispose;
  object_class->finalize = ra_sketch_finalize;

  /* (table, wkt, kind, measure): measure is km for a line, km² for a polygon. */
  _ra_sketch_signals[RA_SKETCH_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING,
                  G_TYPE_DOUBLE);
  _ra_sketch_signals[RA_SKETCH_MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  _ra_sketch_signals[RA_SKETCH_CONTEXT_MENU] =
    g_signal_new ("context-menu", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  _ra_sketch_signals[RA_SKETCH_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
ra_sketch_init (RaSketch *self)
{
  self->verts = g_array_new (FALSE, FALSE, sizeof (SkVertex));
  self->pending = g_array_new (FALSE, FALSE, sizeof (SkVertex));
  self->layers = g_ptr_array_new_with_free_func (g_object_unref);
  self->ll_crs = ra_crs_new_from_epsg (RA_STORE_SRID, NULL);
  self->point_kind = g_strdup ("reclaimed_plant");
  self->polygon_table = g_strdup ("footprints");
  self->active_vertex = -1;
  self->snap_feature = -1;
  self->snap_own = -1;
}

RaSketch *
ra_sketch_new (RaMapView *view)
{
  RaSketch *self;

  g_return_val_if_fail (RA_IS_MAP_VIEW (view), NULL);

  self = g_object_new (RA_TYPE_SKETCH, NULL);
  self->view = view;
  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &self->view);
  ra_map_view_set_tool (view, &tool_funcs, self);
  return self;
}
