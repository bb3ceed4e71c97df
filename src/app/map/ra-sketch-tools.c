/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ra-sketch-private.h"

/* The tool state machine: what a press, a motion and a release do with
 * each tool (place a point, add a vertex, drag a vertex or a feature,
 * delete), and the keys (Escape, Backspace, Enter, Delete, Space to pan,
 * Ctrl/Alt to drop snapping). */

#define CLICK_SLOP_PX    5.0   /* a double click stays within this */
#define MOVE_THRESHOLD_PX 3.0

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
  const RaView *view = _ra_sketch_current_view (self);
  const char *table = NULL;
  gint64 id = 0;

  if (view == NULL || self->tool == RA_SKETCH_TOOL_SELECT || button == GDK_BUTTON_MIDDLE ||
      (button == GDK_BUTTON_PRIMARY && self->space_down) || !_ra_sketch_ensure_transforms (self))
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
          g_signal_emit (self, _ra_sketch_signals[RA_SKETCH_CONTEXT_MENU], 0, px, py);
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
        if (_ra_sketch_vertex_at (self, px, py, &v))
          g_array_append_val (self->verts, v);
        _ra_sketch_emit_changed_state (self);
        return TRUE;
      }

    case RA_SKETCH_TOOL_VERTICES:
      if (self->edit_verts != NULL)
        {
          int mid_after;
          int hit = _ra_sketch_hit_handle (self, px, py, &mid_after);

          if (hit >= 0 && button == GDK_BUTTON_SECONDARY)
            {
              _ra_sketch_delete_edit_vertex (self, hit);
              _ra_sketch_emit_changed_state (self);
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
                  _ra_sketch_insert_edit_vertex (self, mid_after);
                  hit = mid_after + 1;
                }
              self->drag_index = hit;
              self->active_vertex = hit;
              _ra_sketch_emit_changed_state (self);
              return TRUE;
            }
        }
      if (button != GDK_BUTTON_PRIMARY)
        return FALSE;
      if (_ra_sketch_pick_feature (self, px, py, &table, &id, NULL))
        {
          _ra_sketch_load_edit (self, table, id);
          _ra_sketch_update_hover (self);
          _ra_sketch_emit_changed_state (self);
          return TRUE;
        }
      if (self->edit_verts != NULL)
        {
          _ra_sketch_clear_edit (self);
          _ra_sketch_emit_changed_state (self);
        }
      return FALSE;

    case RA_SKETCH_TOOL_MOVE:
      if (button != GDK_BUTTON_PRIMARY || !_ra_sketch_pick_feature (self, px, py, &table, &id, NULL) ||
          !_ra_sketch_load_edit (self, table, id))
        return FALSE;
      self->drag = DRAG_MOVE;
      self->drag_moved = FALSE;
      self->drag_px = px;
      self->drag_py = py;
      self->drag_dx = self->drag_dy = 0;
      _ra_sketch_update_hover (self);
      _ra_sketch_queue_draw (self);
      return TRUE;

    case RA_SKETCH_TOOL_DELETE:
      if (button != GDK_BUTTON_PRIMARY || !_ra_sketch_pick_feature (self, px, py, &table, &id, NULL))
        return FALSE;
      {
        g_autoptr(GError) error = NULL;

        if (g_strcmp0 (table, self->edit_table) == 0 && id == self->edit_id)
          _ra_sketch_clear_edit (self);
        if (!ra_store_delete_row (self->store, table, id, &error))
          _ra_sketch_emit_message (self, error->message);
        else
          _ra_sketch_emit_message (self, _("Feature deleted (undo with Ctrl+Z)"));
        _ra_sketch_update_hover (self);
        _ra_sketch_emit_changed_state (self);
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
  const RaView *view = _ra_sketch_current_view (self);

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
        _ra_sketch_compute_snap (self, px, py);
        if (self->snap != RA_SKETCH_SNAP_NONE)
          {
            v->x = self->snap_x;
            v->y = self->snap_y;
          }
        else
          ra_view_to_map (view, px, py, &v->x, &v->y);
        _ra_sketch_map_to_ll (self, v->x, v->y, &v->lon, &v->lat);
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
        _ra_sketch_compute_snap (self, px, py);
      else
        self->snap = RA_SKETCH_SNAP_NONE;
      _ra_sketch_update_hover (self);
      break;
    }
  _ra_sketch_update_measure (self);
  _ra_sketch_queue_draw (self);
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

        if (!_ra_sketch_vertex_at (self, px, py, &v))
          break;
        wkt = _ra_sketch_build_wkt (RA_GEOM_POINT, &v, parts, 1);
        g_signal_emit (self, _ra_sketch_signals[RA_SKETCH_FINISHED], 0,
                       g_strcmp0 (self->point_kind, "water_user") == 0 ? "water_users" : "plants",
                       wkt, self->point_kind, 0.0);
      }
      break;

    case DRAG_VERTEX:
      if (self->drag_moved)
        {
          SkVertex *v = &g_array_index (self->edit_verts, SkVertex, self->drag_index);
          SkVertex snapped;

          /* Drop it where it snaps, with the exact stored lon/lat there. */
          self->drag = DRAG_VERTEX;
          if (_ra_sketch_vertex_at (self, px, py, &snapped))
            *v = snapped;
          self->drag = DRAG_NONE;
        }
      if (self->drag_moved || self->drag_inserted)
        _ra_sketch_write_edit (self);
      break;

    case DRAG_MOVE:
      if (self->drag_moved && self->edit_verts != NULL)
        {
          for (guint i = 0; i < self->edit_verts->len; i++)
            {
              SkVertex *v = &g_array_index (self->edit_verts, SkVertex, i);

              v->x += self->drag_dx;
              v->y += self->drag_dy;
              _ra_sketch_map_to_ll (self, v->x, v->y, &v->lon, &v->lat);
            }
          _ra_sketch_write_edit (self);
        }
      /* The move tool keeps no edited feature. */
      _ra_sketch_clear_edit (self);
      break;

    case DRAG_NONE:
    default:
      break;
    }
  self->snap = RA_SKETCH_SNAP_NONE;
  _ra_sketch_update_hover (self);
  _ra_sketch_emit_changed_state (self);
}

gboolean
_ra_sketch_tool_pointer (gpointer tool, RaMapPointerEvent type, double px, double py, guint button,
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

gboolean
_ra_sketch_tool_key (gpointer tool, guint keyval, GdkModifierType state, gboolean pressed)
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
          _ra_sketch_clear_edit (self);
          _ra_sketch_emit_changed_state (self);
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
          _ra_sketch_delete_edit_vertex (self, self->active_vertex);
          _ra_sketch_emit_changed_state (self);
          return TRUE;
        }
      return FALSE;
    default:
      return FALSE;
    }
}
