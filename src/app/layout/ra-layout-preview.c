/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ra-layout-preview.h"
#include "ra-render-job.h"

/* The page is drawn by the core in a worker (a page with its map takes
 * tens of milliseconds, more on A2) into an image at the widget's scale;
 * the last image stays on screen, stretched to the page's place, until the
 * next one arrives.  The selection outline and handles are drawn from the
 * layout itself on every frame, so a dragged item follows the pointer at
 * once and its content catches up with the next render. */

#define PAGE_PADDING_PX   16.0
#define HANDLE_PX         8.0
#define MIN_ITEM_MM       4.0
#define RENDER_DELAY_MS   40
#define DRAG_THRESHOLD_PX 3.0

struct _RaLayoutPreview
{
  GtkWidget         parent_instance;

  /* borrowed */
  RaLayout         *layout;

  /* owned */
  RaLayoutContext  *ctx;
  char             *selected;
  GdkTexture       *texture;
  RaRenderJob      *render_job;
  guint             render_count;
  gboolean          pan_mode;
  RaTransform      *to_lonlat;

  /* drag state */
  RaLayoutDragKind  drag_kind;
  int               drag_corner;      /* RESIZE: 0 top-left, 1 top-right, 2 bottom-right, 3 bottom-left */
  double            drag_x_mm, drag_y_mm, drag_w_mm, drag_h_mm;
  RaLayoutGeometry  drag_geometry;    /* PAN: the frame at the start */
  gboolean          drag_moved;
};

G_DEFINE_FINAL_TYPE (RaLayoutPreview, ra_layout_preview, GTK_TYPE_WIDGET)

enum {
  LAYOUT_CHANGED,
  SELECTION_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Geometry ------------------------------------------------------------------ */

/* Scale (widget px per layout px) and the page's top-left corner. */
static gboolean
page_placement (RaLayoutPreview *self, double *scale, double *ox, double *oy)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));
  double pw, ph, s;

  if (self->layout == NULL || w <= 2 * PAGE_PADDING_PX || h <= 2 * PAGE_PADDING_PX)
    return FALSE;
  pw = self->layout->width_mm * RA_LAYOUT_PX_PER_MM;
  ph = self->layout->height_mm * RA_LAYOUT_PX_PER_MM;
  s = MIN ((w - 2 * PAGE_PADDING_PX) / pw, (h - 2 * PAGE_PADDING_PX) / ph);
  if (!(s > 0))
    return FALSE;
  *scale = s;
  *ox = floor ((w - pw * s) / 2.0);
  *oy = floor ((h - ph * s) / 2.0);
  return TRUE;
}

void
ra_layout_preview_to_mm (RaLayoutPreview *self, double wx, double wy, double *x_mm, double *y_mm)
{
  double s = 1, ox = 0, oy = 0;

  g_return_if_fail (RA_IS_LAYOUT_PREVIEW (self));

  page_placement (self, &s, &ox, &oy);
  *x_mm = (wx - ox) / s / RA_LAYOUT_PX_PER_MM;
  *y_mm = (wy - oy) / s / RA_LAYOUT_PX_PER_MM;
}

void
ra_layout_preview_from_mm (RaLayoutPreview *self, double x_mm, double y_mm, double *wx, double *wy)
{
  double s = 1, ox = 0, oy = 0;

  g_return_if_fail (RA_IS_LAYOUT_PREVIEW (self));

  page_placement (self, &s, &ox, &oy);
  *wx = ox + x_mm * RA_LAYOUT_PX_PER_MM * s;
  *wy = oy + y_mm * RA_LAYOUT_PX_PER_MM * s;
}

/* Rendering ------------------------------------------------------------------ */

typedef struct {
  RaLayout        *layout;
  RaLayoutContext *ctx;
  int              width, height;   /* device pixels */
  double           scale;           /* device px per layout px */
} RenderJob;

static void
render_job_free (RenderJob *job)
{
  g_clear_pointer (&job->layout, ra_layout_free);
  g_clear_pointer (&job->ctx, ra_layout_context_free);
  g_free (job);
}

static gpointer
render_prepare (gpointer owner)
{
  RaLayoutPreview *self = owner;
  RenderJob *job;
  double s, ox, oy;
  int factor = MAX (1, gtk_widget_get_scale_factor (GTK_WIDGET (self)));

  if (self->layout == NULL || self->ctx == NULL || !page_placement (self, &s, &ox, &oy))
    return NULL;

  job = g_new0 (RenderJob, 1);
  job->layout = ra_layout_copy (self->layout);
  job->ctx = ra_layout_context_copy (self->ctx);
  job->scale = s * factor;
  job->width = MAX (1, (int) ceil (self->layout->width_mm * RA_LAYOUT_PX_PER_MM * job->scale));
  job->height = MAX (1, (int) ceil (self->layout->height_mm * RA_LAYOUT_PX_PER_MM * job->scale));
  return job;
}

static cairo_surface_t *
render_draw (gpointer data, GCancellable *cancellable)
{
  RenderJob *job = data;
  cairo_surface_t *surface;
  cairo_t *cr;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, job->width, job->height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, job->scale, job->scale);
  ok = ra_layout_draw (job->layout, job->ctx, cr, cancellable, &error);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* A page the core cannot lay out (no extent yet) is still a page. */
  if (!ok && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  if (!ok)
    g_debug ("Layout preview: %s", error->message);
  return surface;
}

static void
render_done (gpointer owner, GdkTexture *texture, cairo_surface_t *surface, gpointer data)
{
  RaLayoutPreview *self = owner;

  g_set_object (&self->texture, texture);
  self->render_count++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static const RaRenderJobFuncs render_funcs = {
  render_prepare,
  render_draw,
  render_done,
  (GDestroyNotify) render_job_free,
};

static void
schedule_render (RaLayoutPreview *self)
{
  if (self->render_job != NULL)
    ra_render_job_schedule (self->render_job);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* API ------------------------------------------------------------------------ */

RaLayout *
ra_layout_preview_get_layout (RaLayoutPreview *self)
{
  g_return_val_if_fail (RA_IS_LAYOUT_PREVIEW (self), NULL);
  return self->layout;
}

void
ra_layout_preview_set_layout (RaLayoutPreview *self, RaLayout *layout)
{
  g_return_if_fail (RA_IS_LAYOUT_PREVIEW (self));

  self->layout = layout;
  self->drag_kind = RA_LAYOUT_DRAG_NONE;
  if (self->selected != NULL && (layout == NULL || ra_layout_find_item (layout, self->selected) == NULL))
    ra_layout_preview_set_selected (self, NULL);
  g_clear_object (&self->texture);
  schedule_render (self);
}

void
ra_layout_preview_set_context (RaLayoutPreview *self, const RaLayoutContext *ctx)
{
  RaCrs *crs;

  g_return_if_fail (RA_IS_LAYOUT_PREVIEW (self));

  g_clear_pointer (&self->ctx, ra_layout_context_free);
  g_clear_pointer (&self->to_lonlat, ra_transform_free);
  if (ctx != NULL)
    {
      self->ctx = ra_layout_context_copy (ctx);
      crs = self->ctx->snapshot != NULL ? ra_map_snapshot_get_crs (self->ctx->snapshot) : NULL;
      if (crs != NULL)
        {
          g_autoptr(RaCrs) lonlat = ra_crs_new_from_epsg (4326, NULL);

          if (lonlat != NULL)
            self->to_lonlat = ra_transform_new (crs, lonlat, NULL);
        }
    }
  schedule_render (self);
}

void
ra_layout_preview_layout_changed (RaLayoutPreview *self)
{
  g_return_if_fail (RA_IS_LAYOUT_PREVIEW (self));

  if (self->selected != NULL &&
      (self->layout == NULL || ra_layout_find_item (self->layout, self->selected) == NULL))
    ra_layout_preview_set_selected (self, NULL);
  schedule_render (self);
}

const char *
ra_layout_preview_get_selected (RaLayoutPreview *self)
{
  g_return_val_if_fail (RA_IS_LAYOUT_PREVIEW (self), NULL);
  return self->selected;
}

void
ra_layout_preview_set_selected (RaLayoutPreview *self, const char *id)
{
  g_return_if_fail (RA_IS_LAYOUT_PREVIEW (self));

  if (g_strcmp0 (self->selected, id) == 0)
    return;
  g_free (self->selected);
  self->selected = g_strdup (id);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

gboolean
ra_layout_preview_get_pan_mode (RaLayoutPreview *self)
{
  g_return_val_if_fail (RA_IS_LAYOUT_PREVIEW (self), FALSE);
  return self->pan_mode;
}

void
ra_layout_preview_set_pan_mode (RaLayoutPreview *self, gboolean pan_mode)
{
  g_return_if_fail (RA_IS_LAYOUT_PREVIEW (self));

  self->pan_mode = !!pan_mode;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), self->pan_mode ? "grab" : NULL);
}

guint
ra_layout_preview_get_render_count (RaLayoutPreview *self)
{
  g_return_val_if_fail (RA_IS_LAYOUT_PREVIEW (self), 0);
  return self->render_count;
}

gboolean
ra_layout_preview_is_rendering (RaLayoutPreview *self)
{
  g_return_val_if_fail (RA_IS_LAYOUT_PREVIEW (self), FALSE);
  return self->render_job != NULL && ra_render_job_is_busy (self->render_job);
}

/* Hit testing and dragging ------------------------------------------------- */

static void
item_rect (RaLayoutPreview *self, const RaLayoutItem *item, double *x0, double *y0,
           double *x1, double *y1)
{
  ra_layout_preview_from_mm (self, item->x_mm, item->y_mm, x0, y0);
  ra_layout_preview_from_mm (self, item->x_mm + item->width_mm, item->y_mm + item->height_mm,
                             x1, y1);
}

/* The corner handle of the selected item under (x, y), -1 if none. */
static int
hit_handle (RaLayoutPreview *self, double x, double y)
{
  RaLayoutItem *item;
  double x0, y0, x1, y1;
  double cx[4], cy[4];

  if (self->selected == NULL || self->layout == NULL ||
      (item = ra_layout_find_item (self->layout, self->selected)) == NULL)
    return -1;
  item_rect (self, item, &x0, &y0, &x1, &y1);
  cx[0] = x0; cy[0] = y0;
  cx[1] = x1; cy[1] = y0;
  cx[2] = x1; cy[2] = y1;
  cx[3] = x0; cy[3] = y1;
  /* Bottom-right first: on a small item it is the one meant. */
  for (int k = 2, n = 0; n < 4; k = (k + 1) % 4, n++)
    if (fabs (x - cx[k]) <= HANDLE_PX && fabs (y - cy[k]) <= HANDLE_PX)
      return k;
  return -1;
}

/* The top-most visible item under (x, y). (nullable) */
static RaLayoutItem *
hit_item (RaLayoutPreview *self, double x, double y)
{
  if (self->layout == NULL)
    return NULL;
  for (guint i = self->layout->items->len; i-- > 0;)
    {
      RaLayoutItem *item = g_ptr_array_index (self->layout->items, i);
      double x0, y0, x1, y1;

      if (!item->visible)
        continue;
      item_rect (self, item, &x0, &y0, &x1, &y1);
      if (x >= x0 && x <= x1 && y >= y0 && y <= y1)
        return item;
    }
  return NULL;
}

RaLayoutDragKind
ra_layout_preview_drag_begin (RaLayoutPreview *self, double x, double y, gboolean ctrl)
{
  RaLayoutItem *item;
  int corner;

  g_return_val_if_fail (RA_IS_LAYOUT_PREVIEW (self), RA_LAYOUT_DRAG_NONE);

  self->drag_kind = RA_LAYOUT_DRAG_NONE;
  self->drag_moved = FALSE;
  if (self->layout == NULL)
    return RA_LAYOUT_DRAG_NONE;

  corner = (ctrl || self->pan_mode) ? -1 : hit_handle (self, x, y);
  if (corner >= 0)
    {
      item = ra_layout_find_item (self->layout, self->selected);
      self->drag_kind = RA_LAYOUT_DRAG_RESIZE;
      self->drag_corner = corner;
    }
  else
    {
      item = hit_item (self, x, y);
      if ((ctrl || self->pan_mode) && self->ctx != NULL)
        {
          RaLayoutItem *map = ra_layout_find_kind (self->layout, RA_LAYOUT_ITEM_MAP);
          double x0, y0, x1, y1;

          item = NULL;
          if (map != NULL && map->visible)
            {
              item_rect (self, map, &x0, &y0, &x1, &y1);
              if (x >= x0 && x <= x1 && y >= y0 && y <= y1 &&
                  ra_layout_compute (self->layout, self->ctx, &self->drag_geometry, NULL))
                {
                  item = map;
                  self->drag_kind = RA_LAYOUT_DRAG_PAN;
                }
            }
        }
      else if (item != NULL)
        self->drag_kind = RA_LAYOUT_DRAG_MOVE;
      ra_layout_preview_set_selected (self, item != NULL ? item->id : NULL);
    }

  if (item != NULL)
    {
      self->drag_x_mm = item->x_mm;
      self->drag_y_mm = item->y_mm;
      self->drag_w_mm = item->width_mm;
      self->drag_h_mm = item->height_mm;
    }
  return self->drag_kind;
}

void
ra_layout_preview_drag_update (RaLayoutPreview *self, double dx, double dy)
{
  RaLayoutItem *item;
  double s, ox, oy, dx_mm, dy_mm;

  g_return_if_fail (RA_IS_LAYOUT_PREVIEW (self));

  if (self->drag_kind == RA_LAYOUT_DRAG_NONE || self->selected == NULL ||
      (item = ra_layout_find_item (self->layout, self->selected)) == NULL ||
      !page_placement (self, &s, &ox, &oy))
    return;
  if (!self->drag_moved && hypot (dx, dy) < DRAG_THRESHOLD_PX)
    return;
  self->drag_moved = TRUE;
  dx_mm = dx / s / RA_LAYOUT_PX_PER_MM;
  dy_mm = dy / s / RA_LAYOUT_PX_PER_MM;

  switch (self->drag_kind)
    {
    case RA_LAYOUT_DRAG_MOVE:
      /* Whole tenths of a millimetre: tidy numbers in the side panel. */
      item->x_mm = round ((self->drag_x_mm + dx_mm) * 10.0) / 10.0;
      item->y_mm = round ((self->drag_y_mm + dy_mm) * 10.0) / 10.0;
      break;

    case RA_LAYOUT_DRAG_RESIZE:
      {
        double x0 = self->drag_x_mm, y0 = self->drag_y_mm;
        double x1 = x0 + self->drag_w_mm, y1 = y0 + self->drag_h_mm;

        if (self->drag_corner == 0 || self->drag_corner == 3)
          x0 = MIN (x0 + dx_mm, x1 - MIN_ITEM_MM);
        else
          x1 = MAX (x1 + dx_mm, x0 + MIN_ITEM_MM);
        if (self->drag_corner == 0 || self->drag_corner == 1)
          y0 = MIN (y0 + dy_mm, y1 - MIN_ITEM_MM);
        else
          y1 = MAX (y1 + dy_mm, y0 + MIN_ITEM_MM);
        item->x_mm = round (x0 * 10.0) / 10.0;
        item->y_mm = round (y0 * 10.0) / 10.0;
        item->width_mm = round ((x1 - x0) * 10.0) / 10.0;
        item->height_mm = round ((y1 - y0) * 10.0) / 10.0;
      }
      break;

    case RA_LAYOUT_DRAG_PAN:
      {
        const RaView *v = &self->drag_geometry.map_view;
        /* Layout pixels are the frame view's pixels (96 dpi). */
        double cx = v->cx - dx / s * v->resolution;
        double cy = v->cy + dy / s * v->resolution;

        if (self->to_lonlat == NULL || !ra_transform_point (self->to_lonlat, &cx, &cy) ||
            !isfinite (cx) || !isfinite (cy))
          return;
        item->map_mode = RA_LAYOUT_MAP_SCALE;
        item->scale_denominator = self->drag_geometry.scale_denominator;
        item->centre_lon = cx;
        item->centre_lat = cy;
      }
      break;

    case RA_LAYOUT_DRAG_NONE:
    default:
      return;
    }

  schedule_render (self);
  g_signal_emit (self, signals[LAYOUT_CHANGED], 0);
}

void
ra_layout_preview_drag_end (RaLayoutPreview *self)
{
  g_return_if_fail (RA_IS_LAYOUT_PREVIEW (self));

  self->drag_kind = RA_LAYOUT_DRAG_NONE;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), self->pan_mode ? "grab" : NULL);
}

static void
drag_begin_cb (GtkGestureDrag *gesture, double x, double y, RaLayoutPreview *self)
{
  GdkModifierType mods = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  RaLayoutDragKind kind;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  kind = ra_layout_preview_drag_begin (self, x, y, (mods & GDK_CONTROL_MASK) != 0);
  if (kind == RA_LAYOUT_DRAG_NONE)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                   kind == RA_LAYOUT_DRAG_PAN ? "grabbing"
                                   : kind == RA_LAYOUT_DRAG_RESIZE ? "nwse-resize" : "move");
}

static void
drag_update_cb (GtkGestureDrag *gesture, double dx, double dy, RaLayoutPreview *self)
{
  ra_layout_preview_drag_update (self, dx, dy);
}

static void
drag_end_cb (GtkGestureDrag *gesture, double dx, double dy, RaLayoutPreview *self)
{
  ra_layout_preview_drag_end (self);
}

/* Arrow keys nudge the selected item by a millimetre (Shift: ten). */
static void
nudge_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaLayoutPreview *self = RA_LAYOUT_PREVIEW (widget);
  RaLayoutItem *item;
  int dx, dy;

  if (self->layout == NULL || self->selected == NULL ||
      (item = ra_layout_find_item (self->layout, self->selected)) == NULL)
    return;
  g_variant_get (param, "(ii)", &dx, &dy);
  item->x_mm += dx;
  item->y_mm += dy;
  schedule_render (self);
  g_signal_emit (self, signals[LAYOUT_CHANGED], 0);
}

/* Drawing ------------------------------------------------------------------- */

static void
ra_layout_preview_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  RaLayoutPreview *self = RA_LAYOUT_PREVIEW (widget);
  double s, ox, oy, pw, ph;
  graphene_rect_t page;
  cairo_t *cr;

  if (!page_placement (self, &s, &ox, &oy))
    return;
  pw = self->layout->width_mm * RA_LAYOUT_PX_PER_MM * s;
  ph = self->layout->height_mm * RA_LAYOUT_PX_PER_MM * s;
  page = GRAPHENE_RECT_INIT (ox, oy, pw, ph);

  /* A sheet of paper with a soft shadow. */
  gtk_snapshot_append_outset_shadow (snapshot,
                                     &GSK_ROUNDED_RECT_INIT (ox, oy, pw, ph),
                                     &(GdkRGBA) { 0, 0, 0, 0.25 }, 0, 1, 0, 6);
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 1, 1, 1, 1 }, &page);
  if (self->texture != NULL)
    gtk_snapshot_append_texture (snapshot, self->texture, &page);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0,
                                                                 gtk_widget_get_width (widget),
                                                                 gtk_widget_get_height (widget)));
  /* The margins, faintly. */
  if (self->layout->margin_mm > 0)
    {
      double m = self->layout->margin_mm * RA_LAYOUT_PX_PER_MM * s;

      cairo_set_source_rgba (cr, 0.2, 0.4, 0.8, 0.25);
      cairo_set_line_width (cr, 1.0);
      cairo_set_dash (cr, (double[]) { 4, 4 }, 2, 0);
      cairo_rectangle (cr, ox + m + 0.5, oy + m + 0.5, pw - 2 * m - 1, ph - 2 * m - 1);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  if (self->selected != NULL)
    {
      RaLayoutItem *item = ra_layout_find_item (self->layout, self->selected);

      if (item != NULL)
        {
          double x0, y0, x1, y1;
          double cx[4], cy[4];

          item_rect (self, item, &x0, &y0, &x1, &y1);
          cairo_rectangle (cr, round (x0) + 0.5, round (y0) + 0.5, round (x1 - x0), round (y1 - y0));
          cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
          cairo_set_line_width (cr, 3.0);
          cairo_stroke_preserve (cr);
          cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
          cairo_set_line_width (cr, 1.5);
          cairo_stroke (cr);

          cx[0] = x0; cy[0] = y0;
          cx[1] = x1; cy[1] = y0;
          cx[2] = x1; cy[2] = y1;
          cx[3] = x0; cy[3] = y1;
          for (int k = 0; k < 4; k++)
            {
              cairo_rectangle (cr, round (cx[k] - HANDLE_PX / 2) + 0.5, round (cy[k] - HANDLE_PX / 2) + 0.5,
                               HANDLE_PX, HANDLE_PX);
              cairo_set_source_rgb (cr, 1, 1, 1);
              cairo_fill_preserve (cr);
              cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
              cairo_set_line_width (cr, 1.5);
              cairo_stroke (cr);
            }
        }
    }
  cairo_destroy (cr);
}

static void
ra_layout_preview_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  schedule_render (RA_LAYOUT_PREVIEW (widget));
}

static void
ra_layout_preview_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                           int *minimum, int *natural, int *minimum_baseline,
                           int *natural_baseline)
{
  *minimum = 200;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 760 : 560;
}

/* GObject --------------------------------------------------------------- */

static void
ra_layout_preview_dispose (GObject *object)
{
  RaLayoutPreview *self = RA_LAYOUT_PREVIEW (object);

  ra_render_job_clear (&self->render_job);
  g_clear_object (&self->texture);
  g_clear_pointer (&self->ctx, ra_layout_context_free);
  g_clear_pointer (&self->to_lonlat, ra_transform_free);
  g_clear_pointer (&self->selected, g_free);
  self->layout = NULL;

  G_OBJECT_CLASS (ra_layout_preview_parent_class)->dispose (object);
}

static void
ra_layout_preview_class_init (RaLayoutPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ra_layout_preview_dispose;
  widget_class->snapshot = ra_layout_preview_snapshot;
  widget_class->size_allocate = ra_layout_preview_size_allocate;
  widget_class->measure = ra_layout_preview_measure;

  signals[LAYOUT_CHANGED] =
    g_signal_new ("layout-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "preview.nudge", "(ii)", nudge_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "preview.nudge", "(ii)", -1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "preview.nudge", "(ii)", 1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "preview.nudge", "(ii)", 0, -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "preview.nudge", "(ii)", 0, 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_SHIFT_MASK, "preview.nudge", "(ii)", -10, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_SHIFT_MASK, "preview.nudge", "(ii)", 10, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_SHIFT_MASK, "preview.nudge", "(ii)", 0, -10);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_SHIFT_MASK, "preview.nudge", "(ii)", 0, 10);

  gtk_widget_class_set_css_name (widget_class, "layoutpreview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ra_layout_preview_init (RaLayoutPreview *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();

  self->render_job = ra_render_job_new (&render_funcs, self, RENDER_DELAY_MS);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Page preview"), -1);
}

GtkWidget *
ra_layout_preview_new (void)
{
  return g_object_new (RA_TYPE_LAYOUT_PREVIEW, NULL);
}
