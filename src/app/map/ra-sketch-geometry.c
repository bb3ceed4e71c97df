/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ra-sketch-private.h"

/* Geometry built from the sketch's vertices: WKT in EPSG:4490 for the
 * store (rings inside an odd number of others are holes), and the live
 * geodesic measurement shown next to the cursor. */

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
char *
_ra_sketch_build_wkt (RaGeomKind kind, const SkVertex *v, const guint *parts, guint n_parts)
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

void
_ra_sketch_update_measure (RaSketch *self)
{
  g_autoptr(GArray) pts = NULL;
  const RaView *view = _ra_sketch_current_view (self);

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
      if (_ra_sketch_map_to_ll (self, c.x, c.y, &c.lon, &c.lat))
        g_array_append_val (pts, c);
    }
  set_measure (self, measure_vertices (self->tool == RA_SKETCH_TOOL_POLYGON ? RA_GEOM_POLYGON
                                                                            : RA_GEOM_LINE,
                                       (SkVertex *) pts->data, pts->len));
}
