/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "ra-map-view-private.h"

/* Input: the drag, pinch and wheel gestures that pan and zoom, a click
 * that identifies, the keys (map.* actions), and the tool (the sketch
 * tools) that sees pointer and key events first.  The tests feed pointer
 * events through the same handlers (ra_map_view_test_pointer). */

#define DRAG_THRESHOLD_PX   4.0
#define KEY_ZOOM_FACTOR     2.0
#define KEY_PAN_FRACTION    0.125

/* Pointer ----------------------------------------------------------------- */

/* Pointer handling shared by the gestures and the test entry. */
static void
pointer_press (RaMapView *self, double px, double py, guint button, GdkModifierType state)
{
  self->pressed = TRUE;
  self->press_button = button;
  self->press_x = px;
  self->press_y = py;
  self->drag_start_view = self->view;
  self->drag_moved = FALSE;
  self->tool_grab = self->tool_funcs != NULL &&
                    self->tool_funcs->pointer (self->tool, RA_MAP_POINTER_PRESS, px, py,
                                               button, state);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
pointer_motion (RaMapView *self, double px, double py, GdkModifierType state)
{
  RaView v;

  if (!self->pressed || self->tool_grab)
    {
      if (self->tool_funcs != NULL)
        self->tool_funcs->pointer (self->tool, RA_MAP_POINTER_MOTION, px, py,
                                   self->pressed ? self->press_button : 0, state);
      return;
    }
  /* Pan with the primary or middle button. */
  if (!self->has_view ||
      (self->press_button != GDK_BUTTON_PRIMARY && self->press_button != GDK_BUTTON_MIDDLE))
    return;
  if (!self->drag_moved && hypot (px - self->press_x, py - self->press_y) < DRAG_THRESHOLD_PX)
    return;
  if (!self->drag_moved)
    {
      self->drag_moved = TRUE;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
    }
  v = self->drag_start_view;
  ra_view_pan_px (&v, px - self->press_x, py - self->press_y);
  _ra_map_view_set_view (self, &v);
}

static void
pointer_release (RaMapView *self, double px, double py, GdkModifierType state)
{
  gboolean grabbed = self->tool_grab;

  self->pressed = FALSE;
  self->tool_grab = FALSE;
  gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
  if (grabbed)
    {
      self->tool_funcs->pointer (self->tool, RA_MAP_POINTER_RELEASE, px, py,
                                 self->press_button, state);
      return;
    }
  /* A primary click without drag identifies; the end of a pan brings the
   * sharp map without waiting for the quiet time. */
  if (!self->drag_moved && self->press_button == GDK_BUTTON_PRIMARY)
    ra_map_view_identify_at (self, self->press_x, self->press_y);
  else if (self->drag_moved)
    ra_map_view_queue_render_now (self);
}

static void
drag_begin_cb (GtkGestureDrag *gesture, double x, double y, RaMapView *self)
{
  GtkEventController *controller = GTK_EVENT_CONTROLLER (gesture);
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));

  pointer_press (self, x, y, button, gtk_event_controller_get_current_event_state (controller));
  if (self->tool_grab)
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
drag_update_cb (GtkGestureDrag *gesture, double ox, double oy, RaMapView *self)
{
  GtkEventController *controller = GTK_EVENT_CONTROLLER (gesture);
  gboolean was_moved = self->drag_moved;

  pointer_motion (self, self->press_x + ox, self->press_y + oy,
                  gtk_event_controller_get_current_event_state (controller));
  if (self->drag_moved && !was_moved)
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
drag_end_cb (GtkGestureDrag *gesture, double ox, double oy, RaMapView *self)
{
  GtkEventController *controller = GTK_EVENT_CONTROLLER (gesture);

  if (!self->pressed)
    return;
  pointer_release (self, self->press_x + ox, self->press_y + oy,
                   gtk_event_controller_get_current_event_state (controller));
}

static void
drag_cancel_cb (GtkGesture *gesture, GdkEventSequence *sequence, RaMapView *self)
{
  /* Another gesture (pinch zoom) took over: end without a click. */
  self->drag_moved = TRUE;
  if (self->pressed)
    pointer_release (self, self->press_x, self->press_y, 0);
}

/* Keys and the tool ------------------------------------------------------ */

static gboolean
key_pressed_cb (GtkEventControllerKey *controller, guint keyval, guint keycode,
                GdkModifierType state, RaMapView *self)
{
  return self->tool_funcs != NULL && self->tool_funcs->key (self->tool, keyval, state, TRUE);
}

static void
key_released_cb (GtkEventControllerKey *controller, guint keyval, guint keycode,
                 GdkModifierType state, RaMapView *self)
{
  if (self->tool_funcs != NULL)
    self->tool_funcs->key (self->tool, keyval, state, FALSE);
}

void
ra_map_view_set_tool (RaMapView *self, const RaMapToolFuncs *funcs, gpointer tool)
{
  g_return_if_fail (RA_IS_MAP_VIEW (self));

  self->tool_funcs = funcs;
  self->tool = funcs != NULL ? tool : NULL;
  self->tool_grab = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ra_map_view_popup_menu (RaMapView *self, GMenuModel *menu, double px, double py)
{
  g_return_if_fail (RA_IS_MAP_VIEW (self));
  g_return_if_fail (G_IS_MENU_MODEL (menu));

  if (self->tool_menu == NULL)
    {
      self->tool_menu = gtk_popover_menu_new_from_model (menu);
      gtk_popover_set_has_arrow (GTK_POPOVER (self->tool_menu), FALSE);
      gtk_widget_set_halign (self->tool_menu, GTK_ALIGN_START);
      gtk_widget_set_parent (self->tool_menu, GTK_WIDGET (self));
    }
  else
    gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->tool_menu), menu);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->tool_menu),
                               &(GdkRectangle) { (int) px, (int) py, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->tool_menu));
}

void
ra_map_view_test_pointer (RaMapView *self, RaMapPointerEvent type, double px, double py,
                          guint button, GdkModifierType state)
{
  g_return_if_fail (RA_IS_MAP_VIEW (self));

  self->pointer_x = px;
  self->pointer_y = py;
  self->pointer_inside = TRUE;
  switch (type)
    {
    case RA_MAP_POINTER_PRESS:
      pointer_press (self, px, py, button, state);
      break;
    case RA_MAP_POINTER_MOTION:
      pointer_motion (self, px, py, state);
      break;
    case RA_MAP_POINTER_RELEASE:
      if (self->pressed)
        pointer_release (self, px, py, state);
      break;
    default:
      g_return_if_reached ();
    }
}

gboolean
ra_map_view_test_key (RaMapView *self, guint keyval, GdkModifierType state)
{
  gboolean handled;

  g_return_val_if_fail (RA_IS_MAP_VIEW (self), FALSE);

  handled = key_pressed_cb (NULL, keyval, 0, state, self);
  key_released_cb (NULL, keyval, 0, state, self);
  return handled;
}

/* Wheel, pinch and motion ----------------------------------------------- */

static gboolean
scroll_cb (GtkEventControllerScroll *controller, double dx, double dy, RaMapView *self)
{
  double px, py, steps = dy;

  if (!self->has_view || dy == 0)
    return FALSE;

  /* Touchpads send pixel deltas; wheels send notches. */
  if (gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_SURFACE)
    steps = dy / 20.0;

  px = self->pointer_inside ? self->pointer_x : self->view.width / 2.0;
  py = self->pointer_inside ? self->pointer_y : self->view.height / 2.0;
  ra_map_view_zoom_at (self, pow (1.5, -steps), px, py);
  return TRUE;
}

static void
zoom_begin_cb (GtkGesture *gesture, GdkEventSequence *sequence, RaMapView *self)
{
  self->zoom_start_view = self->view;
}

static void
zoom_scale_changed_cb (GtkGestureZoom *gesture, double scale, RaMapView *self)
{
  double cx, cy;
  RaView v;

  if (!self->has_view || scale <= 0)
    return;
  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &cx, &cy))
    {
      cx = self->view.width / 2.0;
      cy = self->view.height / 2.0;
    }
  v = self->zoom_start_view;
  ra_view_zoom_at (&v, scale, cx, cy);
  _ra_map_view_set_view (self, &v);
}

static void
motion_cb (GtkEventControllerMotion *controller, double px, double py, RaMapView *self)
{
  double x, y;

  self->pointer_x = px;
  self->pointer_y = py;
  self->pointer_inside = TRUE;
  /* Motion while a button is down reaches the tool through the drag. */
  if (!self->pressed && self->tool_funcs != NULL)
    pointer_motion (self, px, py,
                    gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller)));
  if (!self->has_view)
    return;
  ra_view_to_map (&self->view, px, py, &x, &y);
  g_signal_emit (self, _ra_map_view_signals[RA_MAP_VIEW_CURSOR_MOVED], 0, x, y);
}

static void
leave_cb (GtkEventControllerMotion *controller, RaMapView *self)
{
  self->pointer_inside = FALSE;
  g_signal_emit (self, _ra_map_view_signals[RA_MAP_VIEW_CURSOR_LEFT], 0);
}

/* Actions ----------------------------------------------------------------- */

static void
zoom_in_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaMapView *self = RA_MAP_VIEW (widget);
  ra_map_view_zoom_at (self, KEY_ZOOM_FACTOR, self->view.width / 2.0, self->view.height / 2.0);
}

static void
zoom_out_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaMapView *self = RA_MAP_VIEW (widget);
  ra_map_view_zoom_at (self, 1.0 / KEY_ZOOM_FACTOR, self->view.width / 2.0, self->view.height / 2.0);
}

static void
zoom_full_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ra_map_view_zoom_to_extent (RA_MAP_VIEW (widget));
}

static void
zoom_selection_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ra_map_view_zoom_to_selection (RA_MAP_VIEW (widget));
}

static void
clear_selection_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ra_map_view_clear_selection (RA_MAP_VIEW (widget));
}

static void
pan_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaMapView *self = RA_MAP_VIEW (widget);
  int dx, dy;

  g_variant_get (param, "(ii)", &dx, &dy);
  /* dx/dy name the direction the view moves; the content moves the other way. */
  ra_map_view_pan_px (self, -dx * self->view.width * KEY_PAN_FRACTION,
                      -dy * self->view.height * KEY_PAN_FRACTION);
}


/* Parts of the widget ----------------------------------------------------- */

void
_ra_map_view_input_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "map.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "map.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "map.zoom-full", NULL, zoom_full_action);
  gtk_widget_class_install_action (widget_class, "map.zoom-selection", NULL, zoom_selection_action);
  gtk_widget_class_install_action (widget_class, "map.pan", "(ii)", pan_action);
  gtk_widget_class_install_action (widget_class, "map.clear-selection", NULL, clear_selection_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "map.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "map.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "map.zoom-full", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "map.zoom-full", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, 0, "map.zoom-full", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "map.clear-selection", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "map.pan", "(ii)", -1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "map.pan", "(ii)", 1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "map.pan", "(ii)", 0, -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "map.pan", "(ii)", 0, 1);
}

void
_ra_map_view_input_init (RaMapView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkGesture *drag, *zoom;
  GtkEventController *scroll, *motion, *keys;

  drag = gtk_gesture_drag_new ();
  /* Every button: tools take right clicks, the middle button pans. */
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), 0);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  g_signal_connect (drag, "cancel", G_CALLBACK (drag_cancel_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (drag));

  /* Before the key bindings, so a tool's Escape wins over clear-selection. */
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  g_signal_connect (keys, "key-released", G_CALLBACK (key_released_cb), self);
  gtk_widget_add_controller (widget, keys);

  zoom = gtk_gesture_zoom_new ();
  g_signal_connect (zoom, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect (zoom, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (zoom));

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (widget, scroll);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (widget, motion);
}
