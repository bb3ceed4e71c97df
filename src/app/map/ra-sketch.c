/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "ra-sketch.h"

/* Vertices carry both their map position (what is drawn and snapped) and
 * their EPSG:4490 lon/lat (what is stored and measured).  A vertex snapped
 * to a vertex of a project feature takes that vertex's stored lon/lat bit
 * for bit, so a pipeline drawn from plant to plant ends exactly on them;
 * any other vertex is transformed from the map CRS. */

#define HANDLE_PX        7.0   /* pick radius of vertex and midpoint handles */
#define PICK_PX          6.0   /* pick radius of features */
#define CLICK_SLOP_PX    5.0   /* a double click stays within this */
#define MOVE_THRESHOLD_PX 3.0

typedef struct {
  double x, y;       /* map CRS */
  double lon, lat;   /* EPSG:4490 */
} SkVertex;

typedef enum {
  DRAG_NONE,
  DRAG_POINT,        /* point tool: placed on release */
  DRAG_VERTEX,       /* vertex tool: a vertex follows the pointer */
  DRAG_MOVE,         /* move tool: the feature follows the pointer */
} DragKind;

struct _RaSketch
{
  GObject        parent_instance;

  /* borrowed (weak) */
  RaMapView     *view;

  /* owned */
  RaStore       *store;
  GPtrArray     *layers;          /* RaLayer* */
  RaCrs         *crs;             /* map CRS the transforms are for */
  RaCrs         *ll_crs;          /* EPSG:4490 */
  RaTransform   *to_ll;
  RaTransform   *from_ll;
  RaSketchTool   tool;
  char          *point_kind;
  char          *polygon_table;

  /* drawing */
  GArray        *verts;           /* SkVertex */
  gint64         last_press_us;
  double         last_press_x;
  double         last_press_y;

  /* cursor and snapping */
  gboolean       have_cursor;
  double         cur_px, cur_py;
  GdkModifierType state;
  gboolean       space_down;
  RaSketchSnap   snap;
  double         snap_x, snap_y;
  RaLayer       *snap_layer;      /* borrowed from layers; NULL: own vertex */
  int            snap_feature;
  int            snap_own;        /* own vertex index, -1 */
  char          *measure_text;

  /* the edited feature (vertex and move tools) */
  char          *edit_table;
  gint64         edit_id;
  RaGeomKind     edit_kind;
  GArray        *edit_verts;      /* SkVertex */
  GArray        *edit_parts;      /* guint, n_parts + 1 */
  int            active_vertex;   /* -1: none */

  /* hovered feature (move, delete and vertex tools) */
  char          *hover_table;
  gint64         hover_id;
  RaGeometry    *hover_geom;      /* map CRS */

  /* pointer drag */
  DragKind       drag;
  int            drag_index;
  gboolean       drag_inserted;
  gboolean       drag_moved;
  double         drag_px, drag_py;
  double         drag_dx, drag_dy;  /* move tool offset, map units */
};

G_DEFINE_FINAL_TYPE (RaSketch, ra_sketch, G_TYPE_OBJECT)

enum {
  FINISHED,
  MESSAGE,
  CONTEXT_MENU,
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const feature_tables[] = {
  "plants", "pipelines", "footprints", "built_up_areas", NULL
};

static void update_hover (RaSketch *self);

/* Transforms ---------------------------------------------------------------- */

static gboolean
ensure_transforms (RaSketch *self)
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

static gboolean
map_to_ll (RaSketch *self, double x, double y, double *lon, double *lat)
{
  *lon = x;
  *lat = y;
  return self->to_ll != NULL && ra_transform_point (self->to_ll, lon, lat) &&
         isfinite (*lon) && isfinite (*lat);
}

static const RaView *
current_view (RaSketch *self)
{
  if (self->view == NULL || !ra_map_view_has_view (self->view))
    return NULL;
  return ra_map_view_get_view (self->view);
}

/* Layers ------------------------------------------------------------------- */

/* The store table a layer was loaded from, or NULL for other data. */
static const char *
layer_table (RaSketch *self, RaLayer *layer)
{
  const char *table = ra_layer_get_source_layer_name (layer);

  if (self->store == NULL ||
      g_strcmp0 (ra_layer_get_source_path (layer), ra_store_get_path (self->store)) != 0 ||
      table == NULL || !g_strv_contains (feature_tables, table))
    return NULL;
  return table;
}

static gint64
feature_id (RaLayerData *data, int feature)
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
static void
compute_snap (RaSketch *self, double px, double py)
{
  const RaView *view = current_view (self);
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
      const char *table = layer_table (self, layer);
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
              feature_id (data, f) == self->edit_id)
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
static gboolean
vertex_at (RaSketch *self, double px, double py, SkVertex *out)
{
  const RaView *view = current_view (self);

  if (view == NULL || !ensure_transforms (self))
    return FALSE;
  compute_snap (self, px, py);
  if (self->snap == RA_SKETCH_SNAP_NONE)
    ra_view_to_map (view, px, py, &out->x, &out->y);
  else
    {
      out->x = self->snap_x;
      out->y = self->snap_y;
    }
  if (!map_to_ll (self, out->x, out->y, &out->lon, &out->lat))
    return FALSE;

  if (self->snap == RA_SKETCH_SNAP_VERTEX && self->snap_own >= 0)
    {
      *out = g_array_index (self->verts, SkVertex, self->snap_own);
    }
  else if (self->snap == RA_SKETCH_SNAP_VERTEX && self->snap_layer != NULL)
    {
      const char *table = layer_table (self, self->snap_layer);
      g_autoptr(RaLayerData) data = ra_layer_dup_data (self->snap_layer);
      g_autoptr(RaGeometry) stored = NULL;
      double best = view->resolution;

      if (table != NULL &&
          (stored = ra_store_get_geometry (self->store, table,
                                           feature_id (data, self->snap_feature), NULL)) != NULL)
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

/* WKT ---------------------------------------------------------------------- */

static void
append_coord (GString *s, const SkVertex *v)
{
  char buf[2][G_ASCII_DTOSTR_BUF_SIZE];

  /* Shortest text that reads back as the same double. */
  g_string_append_printf (s, "%s %s", g_ascii_dtostr (buf[0], sizeof buf[0], v->lon),
                          g_ascii_dtostr (buf[1], sizeof buf[1], v->lat));
}

static void
append_ring (GString *s, const SkVertex *v, guint n, gboolean close)
{
  g_string_append_c (s, '(');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      append_coord (s, &v[i]);
    }
  if (close && n > 0)
    {
      g_string_append (s, ", ");
      append_coord (s, &v[0]);
    }
  g_string_append_c (s, ')');
}

static gboolean
ring_contains (const SkVertex *ring, guint n, double lon, double lat)
{
  gboolean inside = FALSE;

  for (guint i = 0, j = n - 1; i < n; j = i++)
    if (((ring[i].lat > lat) != (ring[j].lat > lat)) &&
        lon < (ring[j].lon - ring[i].lon) * (lat - ring[i].lat) / (ring[j].lat - ring[i].lat) +
              ring[i].lon)
      inside = !inside;
  return inside;
}

/* WKT of parts (parts: n_parts + 1 offsets) of kind. */
static char *
build_wkt (RaGeomKind kind, const SkVertex *v, const guint *parts, guint n_parts)
{
  GString *s = g_string_new (NULL);

  if (kind == RA_GEOM_POINT)
    {
      g_string_append (s, "POINT(");
      append_coord (s, &v[0]);
      g_string_append_c (s, ')');
    }
  else if (kind == RA_GEOM_LINE)
    {
      g_string_append (s, n_parts == 1 ? "LINESTRING" : "MULTILINESTRING(");
      for (guint p = 0; p < n_parts; p++)
        {
          if (p > 0)
            g_string_append (s, ", ");
          append_ring (s, v + parts[p], parts[p + 1] - parts[p], FALSE);
        }
      if (n_parts > 1)
        g_string_append_c (s, ')');
    }
  else
    {
      /* Rings inside an odd number of others are holes of the first outer
       * ring that holds them. */
      gboolean first = TRUE;

      g_string_append (s, "MULTIPOLYGON(");
      for (guint p = 0; p < n_parts; p++)
        {
          guint depth = 0;

          for (guint q = 0; q < n_parts; q++)
            if (q != p && ring_contains (v + parts[q], parts[q + 1] - parts[q],
                                         v[parts[p]].lon, v[parts[p]].lat))
              depth++;
          if (depth % 2 == 1)
            continue;
          g_string_append (s, first ? "(" : ", (");
          first = FALSE;
          append_ring (s, v + parts[p], parts[p + 1] - parts[p], TRUE);
          for (guint q = 0; q < n_parts; q++)
            if (q != p && ring_contains (v + parts[p], parts[p + 1] - parts[p],
                                         v[parts[q]].lon, v[parts[q]].lat))
              {
                g_string_append (s, ", ");
                append_ring (s, v + parts[q], parts[q + 1] - parts[q], TRUE);
              }
          g_string_append_c (s, ')');
        }
      g_string_append_c (s, ')');
    }
  return g_string_free (s, FALSE);
}

/* Measurement -------------------------------------------------------------- */

static void
set_measure (RaSketch *self, char *text)
{
  g_free (self->measure_text);
  self->measure_text = text;
}

static char *
measure_vertices (RaGeomKind kind, const SkVertex *v, guint n)
{
  g_autofree double *ll = g_new (double, 2 * MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      ll[2 * i] = v[i].lon;
      ll[2 * i + 1] = v[i].lat;
    }
  if (kind == RA_GEOM_POLYGON && n >= 3)
    {
      double km2 = ra_network_measure_polygon (ll, n, NULL, NULL);
      return ra_network_format_area (km2);
    }
  if (n >= 2)
    return ra_network_format_length (ra_network_measure_line_km (ll, n));
  return NULL;
}

static void
update_measure (RaSketch *self)
{
  g_autoptr(GArray) pts = NULL;
  const RaView *view = current_view (self);

  set_measure (self, NULL);
  if (self->drag == DRAG_VERTEX && self->edit_verts != NULL && self->edit_kind != RA_GEOM_POINT)
    {
      guint end = g_array_index (self->edit_parts, guint, 1);
      set_measure (self, measure_vertices (self->edit_kind,
                                           (SkVertex *) self->edit_verts->data, end));
      return;
    }
  if ((self->tool != RA_SKETCH_TOOL_LINE && self->tool != RA_SKETCH_TOOL_POLYGON) ||
      self->verts->len == 0 || view == NULL)
    return;

  pts = g_array_copy (self->verts);
  if (self->have_cursor)
    {
      SkVertex c;

      if (self->snap != RA_SKETCH_SNAP_NONE)
        {
          c.x = self->snap_x;
          c.y = self->snap_y;
        }
      else
        ra_view_to_map (view, self->cur_px, self->cur_py, &c.x, &c.y);
      if (map_to_ll (self, c.x, c.y, &c.lon, &c.lat))
        g_array_append_val (pts, c);
    }
  set_measure (self, measure_vertices (self->tool == RA_SKETCH_TOOL_POLYGON ? RA_GEOM_POLYGON
                                                                            : RA_GEOM_LINE,
                                       (SkVertex *) pts->data, pts->len));
}

static void
queue_draw (RaSketch *self)
{
  if (self->view != NULL)
    gtk_widget_queue_draw (GTK_WIDGET (self->view));
}

static void
emit_message (RaSketch *self, const char *text)
{
  g_signal_emit (self, signals[MESSAGE], 0, text);
}

/* The edited feature ------------------------------------------------------- */

static void
clear_edit (RaSketch *self)
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
static gboolean
load_edit (RaSketch *self, const char *table, gint64 id)
{
  g_autoptr(RaGeometry) geom = NULL;
  g_autofree char *table_copy = g_strdup (table);

  if (self->store == NULL || !ensure_transforms (self) ||
      (geom = ra_store_get_geometry (self->store, table, id, NULL)) == NULL)
    {
      clear_edit (self);
      return FALSE;
    }
  clear_edit (self);
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

static guint
edit_n_parts (RaSketch *self)
{
  return self->edit_parts != NULL ? self->edit_parts->len - 1 : 0;
}

static guint
edit_part_of (RaSketch *self, guint index)
{
  for (guint p = 0; p < edit_n_parts (self); p++)
    if (index < g_array_index (self->edit_parts, guint, p + 1))
      return p;
  return 0;
}

static gboolean
write_edit (RaSketch *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wkt = NULL;
  g_autofree char *table = g_strdup (self->edit_table);
  gint64 id = self->edit_id;

  if (self->edit_verts == NULL || self->store == NULL)
    return FALSE;
  wkt = build_wkt (self->edit_kind, (SkVertex *) self->edit_verts->data,
                   (guint *) self->edit_parts->data, edit_n_parts (self));
  if (!ra_store_set_geometry_wkt (self->store, table, id, wkt, &error))
    {
      emit_message (self, error->message);
      load_edit (self, table, id);
      return FALSE;
    }
  /* ::changed reloaded the feature as stored. */
  return TRUE;
}

/* Index of the vertex handle at (px, py), else -1; *mid_after gets the
 * index a midpoint handle there would insert after (-1: none). */
static int
hit_handle (RaSketch *self, double px, double py, int *mid_after)
{
  const RaView *view = current_view (self);
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
  for (guint p = 0; p < edit_n_parts (self); p++)
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

static void
insert_edit_vertex (RaSketch *self, guint after)
{
  guint part = edit_part_of (self, after);
  guint end = g_array_index (self->edit_parts, guint, part + 1);
  guint start = g_array_index (self->edit_parts, guint, part);
  SkVertex *a = &g_array_index (self->edit_verts, SkVertex, after);
  SkVertex *b = &g_array_index (self->edit_verts, SkVertex, after + 1 < end ? after + 1 : start);
  SkVertex mid = { (a->x + b->x) / 2, (a->y + b->y) / 2, 0, 0 };

  map_to_ll (self, mid.x, mid.y, &mid.lon, &mid.lat);
  g_array_insert_val (self->edit_verts, after + 1, mid);
  for (guint p = part + 1; p < self->edit_parts->len; p++)
    g_array_index (self->edit_parts, guint, p)++;
}

static gboolean
delete_edit_vertex (RaSketch *self, guint index)
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
      emit_message (self, self->edit_kind == RA_GEOM_POLYGON
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
  return write_edit (self);
}

/* Picking features ----------------------------------------------------------- */

/* The editable project feature at (px, py): points before lines before
 * polygons.  Sets *table (static string) and *id; geom (nullable out) gets a
 * copy in map CRS. */
static gboolean
pick_feature (RaSketch *self, double px, double py, const char **table, gint64 *id,
              RaGeometry **geom)
{
  const RaView *view = current_view (self);
  double x, y;

  if (view == NULL || self->layers == NULL)
    return FALSE;
  ra_view_to_map (view, px, py, &x, &y);
  for (RaGeomKind kind = RA_GEOM_POINT; kind <= RA_GEOM_POLYGON; kind++)
    for (guint l = 0; l < self->layers->len; l++)
      {
        RaLayer *layer = g_ptr_array_index (self->layers, l);
        const char *t = layer_table (self, layer);
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
        if (f >= data->n_features || feature_id (data, f) == 0)
          continue;
        *table = g_intern_string (t);
        *id = feature_id (data, f);
        if (geom != NULL)
          *geom = data->geoms[f] != NULL ? ra_geometry_copy (data->geoms[f]) : NULL;
        return TRUE;
      }
  return FALSE;
}

static void
update_hover (RaSketch *self)
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
  if (pick_feature (self, self->cur_px, self->cur_py, &table, &id, &geom))
    {
      self->hover_table = g_strdup (table);
      self->hover_id = id;
      self->hover_geom = geom;
    }
}

/* Drawing commands ----------------------------------------------------------- */

static void
emit_changed_state (RaSketch *self)
{
  update_measure (self);
  queue_draw (self);
  g_signal_emit (self, signals[CHANGED], 0);
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
        load_edit (self, table, self->edit_id);
    }
  self->drag = DRAG_NONE;
  emit_changed_state (self);
  return TRUE;
}

gboolean
ra_sketch_undo_vertex (RaSketch *self)
{
  g_return_val_if_fail (RA_IS_SKETCH (self), FALSE);

  if (self->verts->len == 0)
    return FALSE;
  g_array_set_size (self->verts, self->verts->len - 1);
  emit_changed_state (self);
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
      emit_message (self, polygon ? _("A polygon needs at least three vertices")
                                  : _("A line needs at least two vertices"));
      return FALSE;
    }

  parts[1] = n;
  wkt = build_wkt (polygon ? RA_GEOM_POLYGON : RA_GEOM_LINE, (SkVertex *) self->verts->data,
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
  g_array_set_size (self->verts, 0);
  emit_changed_state (self);
  g_signal_emit (self, signals[FINISHED], 0,
                 polygon ? self->polygon_table : "pipelines", wkt, NULL, measure);
  return TRUE;
}

/* Pointer and keys ------------------------------------------------------------ */

static guint
double_click_ms (void)
{
  GtkSettings *settings = gtk_settings_get_default ();
  int ms = 400;

  if (settings != NULL)
    g_object_get (settings, "gtk-double-click-time", &ms, NULL);
  return ms;
}

static gboolean
press (RaSketch *self, double px, double py, guint button)
{
  const RaView *view = current_view (self);
  const char *table = NULL;
  gint64 id = 0;

  if (view == NULL || self->tool == RA_SKETCH_TOOL_SELECT || button == GDK_BUTTON_MIDDLE ||
      (button == GDK_BUTTON_PRIMARY && self->space_down) || !ensure_transforms (self))
    return FALSE;

  switch (self->tool)
    {
    case RA_SKETCH_TOOL_POINT:
      if (button != GDK_BUTTON_PRIMARY)
        return FALSE;
      self->drag = DRAG_POINT;
      return TRUE;

    case RA_SKETCH_TOOL_LINE:
    case RA_SKETCH_TOOL_POLYGON:
      if (button == GDK_BUTTON_SECONDARY)
        {
          if (self->verts->len == 0)
            return FALSE;
          g_signal_emit (self, signals[CONTEXT_MENU], 0, px, py);
          return TRUE;
        }
      if (button != GDK_BUTTON_PRIMARY)
        return FALSE;
      {
        gint64 now = g_get_monotonic_time ();
        SkVertex v;

        if (self->verts->len > 0 &&
            now - self->last_press_us < (gint64) double_click_ms () * 1000 &&
            hypot (px - self->last_press_x, py - self->last_press_y) <= CLICK_SLOP_PX)
          {
            self->last_press_us = 0;
            ra_sketch_finish (self);
            return TRUE;
          }
        self->last_press_us = now;
        self->last_press_x = px;
        self->last_press_y = py;
        if (vertex_at (self, px, py, &v))
          g_array_append_val (self->verts, v);
        emit_changed_state (self);
        return TRUE;
      }

    case RA_SKETCH_TOOL_VERTICES:
      if (self->edit_verts != NULL)
        {
          int mid_after;
          int hit = hit_handle (self, px, py, &mid_after);

          if (hit >= 0 && button == GDK_BUTTON_SECONDARY)
            {
              delete_edit_vertex (self, hit);
              emit_changed_state (self);
              return TRUE;
            }
          if (button == GDK_BUTTON_PRIMARY && (hit >= 0 || mid_after >= 0))
            {
              self->drag = DRAG_VERTEX;
              self->drag_moved = FALSE;
              self->drag_inserted = hit < 0;
              self->drag_px = px;
              self->drag_py = py;
              if (hit < 0)
                {
                  insert_edit_vertex (self, mid_after);
                  hit = mid_after + 1;
                }
              self->drag_index = hit;
              self->active_vertex = hit;
              emit_changed_state (self);
              return TRUE;
            }
        }
      if (button != GDK_BUTTON_PRIMARY)
        return FALSE;
      if (pick_feature (self, px, py, &table, &id, NULL))
        {
          load_edit (self, table, id);
          update_hover (self);
          emit_changed_state (self);
          return TRUE;
        }
      if (self->edit_verts != NULL)
        {
          clear_edit (self);
          emit_changed_state (self);
        }
      return FALSE;

    case RA_SKETCH_TOOL_MOVE:
      if (button != GDK_BUTTON_PRIMARY || !pick_feature (self, px, py, &table, &id, NULL) ||
          !load_edit (self, table, id))
        return FALSE;
      self->drag = DRAG_MOVE;
      self->drag_moved = FALSE;
      self->drag_px = px;
      self->drag_py = py;
      self->drag_dx = self->drag_dy = 0;
      update_hover (self);
      queue_draw (self);
      return TRUE;

    case RA_SKETCH_TOOL_DELETE:
      if (button != GDK_BUTTON_PRIMARY || !pick_feature (self, px, py, &table, &id, NULL))
        return FALSE;
      {
        g_autoptr(GError) error = NULL;

        if (g_strcmp0 (table, self->edit_table) == 0 && id == self->edit_id)
          clear_edit (self);
        if (!ra_store_delete_row (self->store, table, id, &error))
          emit_message (self, error->message);
        else
          emit_message (self, _("Feature deleted (undo with Ctrl+Z)"));
        update_hover (self);
        emit_changed_state (self);
      }
      return TRUE;

    case RA_SKETCH_TOOL_SELECT:
    default:
      return FALSE;
    }
}

static void
motion (RaSketch *self, double px, double py)
{
  const RaView *view = current_view (self);

  self->have_cursor = TRUE;
  self->cur_px = px;
  self->cur_py = py;
  if (view == NULL)
    return;

  switch (self->drag)
    {
    case DRAG_VERTEX:
      {
        SkVertex *v = &g_array_index (self->edit_verts, SkVertex, self->drag_index);

        if (!self->drag_moved && hypot (px - self->drag_px, py - self->drag_py) < MOVE_THRESHOLD_PX)
          break;
        self->drag_moved = TRUE;
        compute_snap (self, px, py);
        if (self->snap != RA_SKETCH_SNAP_NONE)
          {
            v->x = self->snap_x;
            v->y = self->snap_y;
          }
        else
          ra_view_to_map (view, px, py, &v->x, &v->y);
        map_to_ll (self, v->x, v->y, &v->lon, &v->lat);
      }
      break;

    case DRAG_MOVE:
      if (!self->drag_moved && hypot (px - self->drag_px, py - self->drag_py) < MOVE_THRESHOLD_PX)
        break;
      self->drag_moved = TRUE;
      self->drag_dx = (px - self->drag_px) * view->resolution;
      self->drag_dy = -(py - self->drag_py) * view->resolution;
      break;

    case DRAG_POINT:
    case DRAG_NONE:
    default:
      if (self->tool == RA_SKETCH_TOOL_POINT || self->tool == RA_SKETCH_TOOL_LINE ||
          self->tool == RA_SKETCH_TOOL_POLYGON)
        compute_snap (self, px, py);
      else
        self->snap = RA_SKETCH_SNAP_NONE;
      update_hover (self);
      break;
    }
  update_measure (self);
  queue_draw (self);
}

static void
release (RaSketch *self, double px, double py)
{
  DragKind drag = self->drag;

  self->drag = DRAG_NONE;
  switch (drag)
    {
    case DRAG_POINT:
      {
        SkVertex v;
        guint parts[2] = { 0, 1 };
        g_autofree char *wkt = NULL;

        if (!vertex_at (self, px, py, &v))
          break;
        wkt = build_wkt (RA_GEOM_POINT, &v, parts, 1);
        g_signal_emit (self, signals[FINISHED], 0, "plants", wkt, self->point_kind, 0.0);
      }
      break;

    case DRAG_VERTEX:
      if (self->drag_moved)
        {
          SkVertex *v = &g_array_index (self->edit_verts, SkVertex, self->drag_index);
          SkVertex snapped;

          /* Drop it where it snaps, with the exact stored lon/lat there. */
          self->drag = DRAG_VERTEX;
          if (vertex_at (self, px, py, &snapped))
            *v = snapped;
          self->drag = DRAG_NONE;
        }
      if (self->drag_moved || self->drag_inserted)
        write_edit (self);
      break;

    case DRAG_MOVE:
      if (self->drag_moved && self->edit_verts != NULL)
        {
          for (guint i = 0; i < self->edit_verts->len; i++)
            {
              SkVertex *v = &g_array_index (self->edit_verts, SkVertex, i);

              v->x += self->drag_dx;
              v->y += self->drag_dy;
              map_to_ll (self, v->x, v->y, &v->lon, &v->lat);
            }
          write_edit (self);
        }
      /* The move tool keeps no edited feature. */
      clear_edit (self);
      break;

    case DRAG_NONE:
    default:
      break;
    }
  self->snap = RA_SKETCH_SNAP_NONE;
  update_hover (self);
  emit_changed_state (self);
}

static gboolean
tool_pointer (gpointer tool, RaMapPointerEvent type, double px, double py, guint button,
              GdkModifierType state)
{
  RaSketch *self = tool;

  self->state = state;
  switch (type)
    {
    case RA_MAP_POINTER_PRESS:
      self->have_cursor = TRUE;
      self->cur_px = px;
      self->cur_py = py;
      return press (self, px, py, button);
    case RA_MAP_POINTER_MOTION:
      motion (self, px, py);
      return self->drag != DRAG_NONE;
    case RA_MAP_POINTER_RELEASE:
      release (self, px, py);
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
tool_key (gpointer tool, guint keyval, GdkModifierType state, gboolean pressed)
{
  RaSketch *self = tool;
  GdkModifierType mask = 0;

  switch (keyval)
    {
    case GDK_KEY_Control_L: case GDK_KEY_Control_R: mask = GDK_CONTROL_MASK; break;
    case GDK_KEY_Alt_L: case GDK_KEY_Alt_R: mask = GDK_ALT_MASK; break;
    default: break;
    }
  if (mask != 0)
    {
      /* The key's own modifier is not in state yet (or still) here. */
      self->state = pressed ? (state | mask) : (state & ~mask);
      if (self->have_cursor && self->drag == DRAG_NONE)
        motion (self, self->cur_px, self->cur_py);
      return FALSE;
    }
  if (keyval == GDK_KEY_space)
    {
      self->space_down = pressed;
      return self->tool != RA_SKETCH_TOOL_SELECT;
    }
  if (!pressed)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Escape:
      if (ra_sketch_cancel (self))
        return TRUE;
      if (self->edit_verts != NULL)
        {
          clear_edit (self);
          emit_changed_state (self);
          return TRUE;
        }
      return FALSE;
    case GDK_KEY_BackSpace:
      return ra_sketch_undo_vertex (self);
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      if (self->verts->len == 0)
        return FALSE;
      ra_sketch_finish (self);
      return TRUE;
    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
      if (self->tool == RA_SKETCH_TOOL_VERTICES && self->active_vertex >= 0)
        {
          delete_edit_vertex (self, self->active_vertex);
          emit_changed_state (self);
          return TRUE;
        }
      return FALSE;
    default:
      return FALSE;
    }
}

/* Overlay ------------------------------------------------------------------- */

static void
path_vertices (cairo_t *cr, const RaView *view, const SkVertex *v, guint n, gboolean close,
               double dx, double dy)
{
  for (guint i = 0; i < n; i++)
    {
      double px, py;

      ra_view_to_device (view, v[i].x + dx, v[i].y + dy, &px, &py);
      if (i == 0)
        cairo_move_to (cr, px, py);
      else
        cairo_line_to (cr, px, py);
    }
  if (close && n > 2)
    cairo_close_path (cr);
}

static void
stroke_cased (cairo_t *cr, double r, double g, double b, double width)
{
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
  cairo_set_line_width (cr, width + 3);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, r, g, b);
  cairo_set_line_width (cr, width);
  cairo_stroke (cr);
}

static void
draw_dot (cairo_t *cr, double px, double py, double radius)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, px, py, radius, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 0.11, 0.42, 0.85);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
}

static void
draw_geometry_outline (cairo_t *cr, const RaView *view, const RaGeometry *g,
                       double r, double gr, double b)
{
  for (guint p = 0; p < g->n_parts; p++)
    for (guint i = g->parts[p]; i < g->parts[p + 1]; i++)
      {
        double px, py;

        ra_view_to_device (view, g->xy[2 * i], g->xy[2 * i + 1], &px, &py);
        if (g->kind == RA_GEOM_POINT)
          {
            cairo_new_sub_path (cr);
            cairo_arc (cr, px, py, 8, 0, 2 * G_PI);
          }
        else if (i == g->parts[p])
          cairo_move_to (cr, px, py);
        else
          cairo_line_to (cr, px, py);
        if (g->kind == RA_GEOM_POLYGON && i + 1 == g->parts[p + 1])
          cairo_close_path (cr);
      }
  stroke_cased (cr, r, gr, b, 2.5);
}

static void
draw_label (cairo_t *cr, double px, double py, const char *text, int width, int height)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans Bold 10");
  int tw, th;
  double x, y;

  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &tw, &th);
  /* Right of and below the cursor, flipped at the widget's edges. */
  x = px + 16;
  y = py + 16;
  if (x + tw + 12 > width)
    x = px - 16 - tw - 12;
  if (y + th + 8 > height)
    y = py - 16 - th - 8;
  cairo_new_path (cr);
  cairo_move_to (cr, x + 4, y);
  cairo_arc (cr, x + tw + 12 - 4, y + 4, 4, -G_PI / 2, 0);
  cairo_arc (cr, x + tw + 12 - 4, y + th + 8 - 4, 4, 0, G_PI / 2);
  cairo_arc (cr, x + 4, y + th + 8 - 4, 4, G_PI / 2, G_PI);
  cairo_arc (cr, x + 4, y + 4, 4, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, 0.1, 0.1, 0.12, 0.82);
  cairo_fill (cr);
  cairo_move_to (cr, x + 6, y + 4);
  cairo_set_source_rgb (cr, 1, 1, 1);
  pango_cairo_show_layout (cr, layout);
  pango_font_description_free (font);
  g_object_unref (layout);
}

static void
tool_draw (gpointer tool, cairo_t *cr, const RaView *view)
{
  RaSketch *self = tool;
  double cx = self->cur_px, cy = self->cur_py;

  if (self->snap != RA_SKETCH_SNAP_NONE)
    ra_view_to_device (view, self->snap_x, self->snap_y, &cx, &cy);

  /* The hovered feature: what a click would pick. */
  if (self->hover_geom != NULL &&
      !(g_strcmp0 (self->hover_table, self->edit_table) == 0 && self->hover_id == self->edit_id))
    {
      if (self->tool == RA_SKETCH_TOOL_DELETE)
        draw_geometry_outline (cr, view, self->hover_geom, 0.85, 0.1, 0.1);
      else
        draw_geometry_outline (cr, view, self->hover_geom, 0.95, 0.55, 0.1);
    }

  /* The edited (or moved) feature with its handles. */
  if (self->edit_verts != NULL)
    {
      const SkVertex *v = (const SkVertex *) self->edit_verts->data;
      double dx = self->drag == DRAG_MOVE ? self->drag_dx : 0;
      double dy = self->drag == DRAG_MOVE ? self->drag_dy : 0;
      gboolean closed = self->edit_kind == RA_GEOM_POLYGON;

      for (guint p = 0; p < edit_n_parts (self); p++)
        {
          guint start = g_array_index (self->edit_parts, guint, p);
          guint end = g_array_index (self->edit_parts, guint, p + 1);

          if (self->edit_kind != RA_GEOM_POINT)
            {
              path_vertices (cr, view, v + start, end - start, closed, dx, dy);
              if (closed)
                {
                  cairo_set_source_rgba (cr, 0.11, 0.42, 0.85, 0.12);
                  cairo_fill_preserve (cr);
                }
              stroke_cased (cr, 0.11, 0.42, 0.85, 2.5);
            }
          if (self->tool != RA_SKETCH_TOOL_VERTICES)
            continue;
          /* Midpoint handles insert a vertex when dragged. */
          for (guint i = start; i < end && self->edit_kind != RA_GEOM_POINT; i++)
            {
              guint j = i + 1 < end ? i + 1 : start;
              double px, py;

              if (j == start && !closed)
                break;
              ra_view_to_device (view, (v[i].x + v[j].x) / 2, (v[i].y + v[j].y) / 2, &px, &py);
              cairo_new_path (cr);
              cairo_arc (cr, px, py, 3.5, 0, 2 * G_PI);
              cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
              cairo_fill_preserve (cr);
              cairo_set_source_rgba (cr, 0.11, 0.42, 0.85, 0.8);
              cairo_set_line_width (cr, 1.2);
              cairo_stroke (cr);
            }
        }
      for (guint i = 0; i < self->edit_verts->len; i++)
        {
          double px, py;

          ra_view_to_device (view, v[i].x + dx, v[i].y + dy, &px, &py);
          cairo_rectangle (cr, px - 4.5, py - 4.5, 9, 9);
          if ((int) i == self->active_vertex)
            cairo_set_source_rgb (cr, 0.95, 0.55, 0.1);
          else
            cairo_set_source_rgb (cr, 1, 1, 1);
          cairo_fill_preserve (cr);
          cairo_set_source_rgb (cr, 0.1, 0.1, 0.12);
          cairo_set_line_width (cr, 1.2);
          cairo_stroke (cr);
        }
    }

  /* The feature being drawn, with a rubber band to the cursor. */
  if (self->verts->len > 0)
    {
      const SkVertex *v = (const SkVertex *) self->verts->data;
      guint n = self->verts->len;
      gboolean polygon = self->tool == RA_SKETCH_TOOL_POLYGON;

      if (polygon && self->have_cursor && n >= 2)
        {
          path_vertices (cr, view, v, n, FALSE, 0, 0);
          cairo_line_to (cr, cx, cy);
          cairo_close_path (cr);
          cairo_set_source_rgba (cr, 0.11, 0.42, 0.85, 0.15);
          cairo_fill (cr);
        }
      path_vertices (cr, view, v, n, FALSE, 0, 0);
      if (n >= 2)
        stroke_cased (cr, 0.11, 0.42, 0.85, 2.5);
      else
        cairo_new_path (cr);
      if (self->have_cursor)
        {
          double lx, ly;
          static const double dash[] = { 6, 4 };

          ra_view_to_device (view, v[n - 1].x, v[n - 1].y, &lx, &ly);
          cairo_move_to (cr, lx, ly);
          cairo_line_to (cr, cx, cy);
          if (polygon && n >= 2)
            {
              double fx, fy;

              ra_view_to_device (view, v[0].x, v[0].y, &fx, &fy);
              cairo_line_to (cr, fx, fy);
            }
          cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
          stroke_cased (cr, 0.11, 0.42, 0.85, 1.8);
          cairo_set_dash (cr, NULL, 0, 0);
        }
      for (guint i = 0; i < n; i++)
        {
          double px, py;

          ra_view_to_device (view, v[i].x, v[i].y, &px, &py);
          draw_dot (cr, px, py, 4);
        }
    }

  /* What the next click snaps to: a square on a vertex, a cross on a segment. */
  if (self->snap != RA_SKETCH_SNAP_NONE)
    {
      cairo_set_line_width (cr, 2.5);
      if (self->snap == RA_SKETCH_SNAP_VERTEX)
        cairo_rectangle (cr, cx - 7, cy - 7, 14, 14);
      else
        {
          cairo_move_to (cr, cx - 7, cy - 7);
          cairo_line_to (cr, cx + 7, cy + 7);
          cairo_move_to (cr, cx + 7, cy - 7);
          cairo_line_to (cr, cx - 7, cy + 7);
        }
      cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
      cairo_set_line_width (cr, 4.5);
      cairo_stroke_preserve (cr);
      cairo_set_source_rgb (cr, 0.86, 0.1, 0.55);
      cairo_set_line_width (cr, 2.2);
      cairo_stroke (cr);
    }

  if (self->measure_text != NULL && self->have_cursor)
    draw_label (cr, cx, cy, self->measure_text, view->width, view->height);
}

static const RaMapToolFuncs tool_funcs = {
  tool_pointer,
  tool_key,
  tool_draw,
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
  load_edit (self, edit_table, self->edit_id);
  emit_changed_state (self);
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
  clear_edit (self);
  self->drag = DRAG_NONE;
  emit_changed_state (self);
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
  update_hover (self);
  queue_draw (self);
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
    clear_edit (self);
  self->tool = tool;
  update_hover (self);
  if (self->view != NULL)
    gtk_widget_set_cursor_from_name (GTK_WIDGET (self->view),
                                     tool == RA_SKETCH_TOOL_SELECT ? NULL : "crosshair");
  emit_changed_state (self);
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

  ok = load_edit (self, table, id);
  emit_changed_state (self);
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
  clear_edit (self);
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
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING,
                  G_TYPE_DOUBLE);
  signals[MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[CONTEXT_MENU] =
    g_signal_new ("context-menu", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
ra_sketch_init (RaSketch *self)
{
  self->verts = g_array_new (FALSE, FALSE, sizeof (SkVertex));
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
