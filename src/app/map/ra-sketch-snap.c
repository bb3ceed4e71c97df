/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "ra-sketch-private.h"

/* What the sketch tools point at: the map CRS <-> EPSG:4490 transforms,
 * which layers are the project's tables, what a cursor position snaps to
 * (a vertex, else a segment) and which project feature it picks.  A vertex
 * snapped to a vertex of a project feature takes that vertex's stored
 * lon/lat bit for bit, so a pipeline drawn from plant to plant ends
 * exactly on them. */

#define PICK_PX          6.0   /* pick radius of features */

/* Transforms ---------------------------------------------------------------- */

gboolean
_ra_sketch_ensure_transforms (RaSketch *self)
{
  RaMap *map;
  RaCrs *crs;

  if (self->view == NULL || (map = ra_map_view_get_map (self->view)) == NULL ||
      (crs = ra_map_get_crs (map)) == NULL || self->ll_crs == NULL)
    return FALSE;
  if (self->crs != NULL && ra_crs_equal (self->crs, crs) && self->to_ll != NULL)
    return TRUE;

  g_clear_pointer (&self->to_ll, ra_transform_free);
  g_clear_pointer (&self->from_ll, ra_transform_free);
  g_clear_pointer (&self->crs, ra_crs_unref);
  self->to_ll = ra_transform_new (crs, self->ll_crs, NULL);
  self->from_ll = ra_transform_new (self->ll_crs, crs, NULL);
  if (self->to_ll == NULL || self->from_ll == NULL)
    {
      g_clear_pointer (&self->to_ll, ra_transform_free);
      g_clear_pointer (&self->from_ll, ra_transform_free);
      return FALSE;
    }
  self->crs = ra_crs_ref (crs);
  return TRUE;
}

gboolean
_ra_sketch_map_to_ll (RaSketch *self, double x, double y, double *lon, double *lat)
{
  *lon = x;
  *lat = y;
  return self->to_ll != NULL && ra_transform_point (self->to_ll, lon, lat) &&
         isfinite (*lon) && isfinite (*lat);
}

const RaView *
_ra_sketch_current_view (RaSketch *self)
{
  if (self->view == NULL || !ra_map_view_has_view (self->view))
    return NULL;
  return ra_map_view_get_view (self->view);
}

/* Layers ------------------------------------------------------------------- */

/* The store table a layer was loaded from, or NULL for other data. */
const char *
_ra_sketch_layer_table (RaSketch *self, RaLayer *layer)
{
  const char *table = ra_layer_get_source_layer_name (layer);

  if (self->store == NULL ||
      g_strcmp0 (ra_layer_get_source_path (layer), ra_store_get_path (self->store)) != 0 ||
      table == NULL || !g_strv_contains (_ra_sketch_feature_tables, table))
    return NULL;
  return table;
}

gint64
_ra_sketch_feature_id (RaLayerData *data, int feature)
{
  if (data->attrs == NULL || feature < 0 || (guint) feature >= data->attrs->n_features)
    return 0;
  return data->attrs->fids[feature];
}

/* Snapping ----------------------------------------------------------------- */

static double
segment_nearest (double px, double py, double ax, double ay, double bx, double by,
                 double *nx, double *ny)
{
  double dx = bx - ax, dy = by - ay;
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;

  t = CLAMP (t, 0.0, 1.0);
  *nx = ax + t * dx;
  *ny = ay + t * dy;
  return hypot (px - *nx, py - *ny);
}

static gboolean
snapping_enabled (RaSketch *self)
{
  return (self->state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) == 0;
}

/* Finds what (px, py) snaps to: the nearest vertex within the tolerance,
 * else the nearest point on a segment.  Sets self->snap*. */
void
_ra_sketch_compute_snap (RaSketch *self, double px, double py)
{
  const RaView *view = _ra_sketch_current_view (self);
  double x, y, tol, best_v, best_s;
  gboolean skip_edit = self->drag == DRAG_VERTEX;
  g_auto(RaCoordScratch) coords = RA_COORD_SCRATCH_INIT;

  self->snap = RA_SKETCH_SNAP_NONE;
  self->snap_layer = NULL;
  self->snap_feature = -1;
  self->snap_own = -1;
  if (view == NULL || !snapping_enabled (self))
    return;

  ra_view_to_map (view, px, py, &x, &y);
  tol = RA_SKETCH_SNAP_PX * view->resolution;
  best_v = best_s = tol;

  /* The sketch's own vertices: closing a ring, meeting its own line. */
  for (guint i = 0; i < self->verts->len; i++)
    {
      SkVertex *v = &g_array_index (self->verts, SkVertex, i);
      double d = hypot (v->x - x, v->y - y);

      if (d <= best_v)
        {
          best_v = d;
          self->snap = RA_SKETCH_SNAP_VERTEX;
          self->snap_x = v->x;
          self->snap_y = v->y;
          self->snap_own = i;
          self->snap_layer = NULL;
        }
    }

  for (guint l = 0; self->layers != NULL && l < self->layers->len; l++)
    {
      RaLayer *layer = g_ptr_array_index (self->layers, l);
      const char *table = _ra_sketch_layer_table (self, layer);
      g_autoptr(RaLayerData) data = NULL;
      g_autoptr(GArray) hits = NULL;
      RaBBox box = { x - tol, y - tol, x + tol, y + tol };

      if (!ra_layer_get_visible (layer) || (data = ra_layer_dup_data (layer)) == NULL ||
          data->index == NULL)
        continue;
      hits = g_array_new (FALSE, FALSE, sizeof (guint));
      ra_index_query (data->index, &box, hits);
      for (guint h = 0; h < hits->len; h++)
        {
          guint f = g_array_index (hits, guint, h);
          const RaGeometry *g = data->geoms[f];
          const double *gxy;

          if (g == NULL)
            continue;
          /* A dragged vertex must not snap to its own feature. */
          if (skip_edit && table != NULL && g_strcmp0 (table, self->edit_table) == 0 &&
              _ra_sketch_feature_id (data, f) == self->edit_id)
            continue;
          gxy = ra_geometry_coords (g, &coords);
          for (guint p = 0; p < g->n_parts; p++)
            {
              guint start = g->parts[p], end = g->parts[p + 1];

              for (guint i = start; i < end; i++)
                {
                  double vx = gxy[2 * i], vy = gxy[2 * i + 1];
                  double d = hypot (vx - x, vy - y);
                  guint j;

                  if (d <= best_v)
                    {
                      best_v = d;
                      self->snap = RA_SKETCH_SNAP_VERTEX;
                      self->snap_x = vx;
                      self->snap_y = vy;
                      self->snap_layer = layer;
                      self->snap_feature = f;
                      self->snap_own = -1;
                    }
                  if (g->kind == RA_GEOM_POINT)
                    continue;
                  j = i + 1 < end ? i + 1 : (g->kind == RA_GEOM_POLYGON ? start : G_MAXUINT);
                  if (j != G_MAXUINT && j != i && self->snap != RA_SKETCH_SNAP_VERTEX)
                    {
                      double nx, ny;

                      d = segment_nearest (x, y, vx, vy, gxy[2 * j], gxy[2 * j + 1], &nx, &ny);
                      if (d <= best_s)
                        {
                          best_s = d;
                          self->snap = RA_SKETCH_SNAP_SEGMENT;
                          self->snap_x = nx;
                          self->snap_y = ny;
                          self->snap_layer = layer;
                          self->snap_feature = f;
                        }
                    }
                }
            }
        }
    }
}

/* The vertex for a click at (px, py): snapped if something is in reach,
 * with the exact stored lon/lat of a snapped project vertex. */
gboolean
_ra_sketch_vertex_at (RaSketch *self, double px, double py, SkVertex *out)
{
  const RaView *view = _ra_sketch_current_view (self);

  if (view == NULL || !_ra_sketch_ensure_transforms (self))
    return FALSE;
  _ra_sketch_compute_snap (self, px, py);
  if (self->snap == RA_SKETCH_SNAP_NONE)
    ra_view_to_map (view, px, py, &out->x, &out->y);
  else
    {
      out->x = self->snap_x;
      out->y = self->snap_y;
    }
  if (!_ra_sketch_map_to_ll (self, out->x, out->y, &out->lon, &out->lat))
    return FALSE;

  if (self->snap == RA_SKETCH_SNAP_VERTEX && self->snap_own >= 0)
    {
      *out = g_array_index (self->verts, SkVertex, self->snap_own);
    }
  else if (self->snap == RA_SKETCH_SNAP_VERTEX && self->snap_layer != NULL)
    {
      const char *table = _ra_sketch_layer_table (self, self->snap_layer);
      g_autoptr(RaLayerData) data = ra_layer_dup_data (self->snap_layer);
      g_autoptr(RaGeometry) stored = NULL;
      double best = view->resolution;

      if (table != NULL &&
          (stored = ra_store_get_geometry (self->store, table,
                                           _ra_sketch_feature_id (data, self->snap_feature), NULL)) != NULL)
        for (guint i = 0; i < stored->n_points; i++)
          {
            double x = stored->xy[2 * i], y = stored->xy[2 * i + 1];

            if (ra_transform_point (self->from_ll, &x, &y) &&
                hypot (x - out->x, y - out->y) <= best)
              {
                best = hypot (x - out->x, y - out->y);
                out->lon = stored->xy[2 * i];
                out->lat = stored->xy[2 * i + 1];
              }
          }
    }
  return TRUE;
}


/* Picking features ----------------------------------------------------------- */

/* The editable project feature at (px, py): points before lines before
 * polygons.  Sets *table (static string) and *id; geom (nullable out) gets a
 * copy in map CRS. */
gboolean
_ra_sketch_pick_feature (RaSketch *self, double px, double py, const char **table, gint64 *id,
              RaGeometry **geom)
{
  const RaView *view = _ra_sketch_current_view (self);
  double x, y;

  if (view == NULL || self->layers == NULL)
    return FALSE;
  ra_view_to_map (view, px, py, &x, &y);
  for (RaGeomKind kind = RA_GEOM_POINT; kind <= RA_GEOM_POLYGON; kind++)
    for (guint l = 0; l < self->layers->len; l++)
      {
        RaLayer *layer = g_ptr_array_index (self->layers, l);
        const char *t = _ra_sketch_layer_table (self, layer);
        g_autoptr(GArray) hits = NULL;
        g_autoptr(RaLayerData) data = NULL;
        guint f;

        if (t == NULL || !ra_layer_get_visible (layer) || ra_layer_get_kind (layer) != kind)
          continue;
        hits = ra_layer_find_features_at (layer, x, y, PICK_PX * view->resolution);
        if (hits == NULL || hits->len == 0)
          continue;
        data = ra_layer_dup_data (layer);
        f = g_array_index (hits, guint, 0);
        if (f >= data->n_features || _ra_sketch_feature_id (data, f) == 0)
          continue;
        *table = g_intern_string (t);
        *id = _ra_sketch_feature_id (data, f);
        if (geom != NULL)
          *geom = data->geoms[f] != NULL ? ra_geometry_copy (data->geoms[f]) : NULL;
        return TRUE;
      }
  return FALSE;
}

void
_ra_sketch_update_hover (RaSketch *self)
{
  const char *table = NULL;
  gint64 id = 0;
  RaGeometry *geom = NULL;

  g_clear_pointer (&self->hover_table, g_free);
  g_clear_pointer (&self->hover_geom, ra_geometry_free);
  self->hover_id = 0;
  if (!self->have_cursor || self->drag != DRAG_NONE ||
      (self->tool != RA_SKETCH_TOOL_MOVE && self->tool != RA_SKETCH_TOOL_DELETE &&
       self->tool != RA_SKETCH_TOOL_VERTICES))
    return;
  if (_ra_sketch_pick_feature (self, self->cur_px, self->cur_py, &table, &id, &geom))
    {
      self->hover_table = g_strdup (table);
      self->hover_id = id;
      self->hover_geom = geom;
    }
}
