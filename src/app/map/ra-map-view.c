/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ra-map-view-private.h"

/* The map widget: gestures, a cached texture and scheduling.  Drawing is the
 * core renderer's job (ra_renderer_draw); this widget only decides when and
 * at which view to call it, and shows the last image transformed to the
 * current view until the next one arrives.  This file holds the view, the
 * map and the rendering; input and identify are parts of their own
 * (ra-map-view-private.h). */

/* Quiet time after a view change (wheel steps, keys) before the sharp
 * render starts; the end of a drag starts it at once. */
#define RENDER_DELAY_MS     20
#define FIT_MARGIN_PX       24.0

G_DEFINE_FINAL_TYPE (RaMapView, ra_map_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MAP,
  PROP_SHOW_LABELS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
guint _ra_map_view_signals[RA_MAP_VIEW_N_SIGNALS];

/* Rendering ------------------------------------------------------------- */

typedef struct {
  RaMapSnapshot   *snap;
  RaView           view;
  RaRenderOptions  opts;
  int              scale;
} RenderJob;

static void
render_job_free (RenderJob *job)
{
  g_clear_pointer (&job->snap, ra_map_snapshot_unref);
  g_free (job);
}

static gpointer
render_prepare (gpointer owner)
{
  RaMapView *self = owner;
  RenderJob *job;

  if (self->map == NULL || !self->has_view || self->view.width <= 0 || self->view.height <= 0)
    return NULL;

  job = g_new0 (RenderJob, 1);
  job->snap = ra_map_snapshot_new (self->map);
  job->view = self->view;
  job->scale = MAX (1, gtk_widget_get_scale_factor (GTK_WIDGET (self)));
  ra_render_options_init (&job->opts);
  job->opts.draw_background = TRUE;
  job->opts.background = (RaColor) { 1.0, 1.0, 1.0, 1.0 };
  job->opts.draw_labels = self->show_labels;
  job->opts.label_scale = self->label_scale;
  job->opts.symbol_scale = self->symbol_scale;
  memcpy (job->opts.label_keepout, self->label_keepout, sizeof self->label_keepout);
  job->opts.n_label_keepout = self->n_label_keepout;
  return job;
}

static cairo_surface_t *
render_draw (gpointer data, GCancellable *cancellable)
{
  RenderJob *job = data;
  cairo_surface_t *surface;
  gboolean ok;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        job->view.width * job->scale,
                                        job->view.height * job->scale);
  cairo_surface_set_device_scale (surface, job->scale, job->scale);
  /* Both cores (bands); at a HiDPI scale it draws through cairo as before. */
  ok = ra_renderer_draw_image (job->snap, &job->view, &job->opts, surface, cancellable, NULL);
  cairo_surface_flush (surface);
  if (!ok)
    g_clear_pointer (&surface, cairo_surface_destroy);
  return surface;
}

static void
render_done (gpointer owner, GdkTexture *texture, cairo_surface_t *surface, gpointer data)
{
  RaMapView *self = owner;
  RenderJob *job = data;

  g_set_object (&self->texture, texture);
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  self->surface = cairo_surface_reference (surface);
  self->texture_view = job->view;
  self->render_count++;

  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, _ra_map_view_signals[RA_MAP_VIEW_RENDER_DONE], 0);
}

static const RaRenderJobFuncs render_funcs = {
  render_prepare,
  render_draw,
  render_done,
  (GDestroyNotify) render_job_free,
};

static void
schedule_render (RaMapView *self)
{
  if (self->render_job != NULL)
    ra_render_job_schedule (self->render_job);
}

void
ra_map_view_queue_render_now (RaMapView *self)
{
  g_return_if_fail (RA_IS_MAP_VIEW (self));

  if (self->render_job != NULL)
    ra_render_job_run_now (self->render_job);
}

void
_ra_map_view_set_view (RaMapView *self, const RaView *view)
{
  if (view->resolution <= 0 || !isfinite (view->resolution) ||
      !isfinite (view->cx) || !isfinite (view->cy))
    return;

  self->view = *view;
  self->has_view = TRUE;
  /* The attribute popover points at a pixel; once the map moves it would
   * point at the wrong place.  The highlight stays. */
  _ra_map_view_popdown (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, _ra_map_view_signals[RA_MAP_VIEW_VIEW_CHANGED], 0);
  ra_map_view_queue_overlay_keepout (self);
  schedule_render (self);
}

/* Cards over the map ------------------------------------------------------ */

static gboolean
overlay_keepout_idle (gpointer user_data)
{
  RaMapView *self = user_data;
  GtkWidget *widget = GTK_WIDGET (self), *overlay = gtk_widget_get_parent (widget);
  double area = (double) gtk_widget_get_width (widget) * gtk_widget_get_height (widget);
  RaBBox boxes[G_N_ELEMENTS (self->label_keepout)];
  guint n = 0;

  self->keepout_idle = 0;
  if (!GTK_IS_OVERLAY (overlay))
    return G_SOURCE_REMOVE;
  for (GtkWidget *child = gtk_widget_get_first_child (overlay);
       child != NULL && n < G_N_ELEMENTS (boxes); child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t r;

      if (child == widget || !gtk_widget_get_mapped (child)
          || !gtk_widget_compute_bounds (child, widget, &r) || r.size.width <= 0
          /* A whole view over this one (the comparison) is no card. */
          || r.size.width * r.size.height > 0.5 * area)
        continue;
      boxes[n++] = (RaBBox) { r.origin.x, r.origin.y, r.origin.x + r.size.width,
                              r.origin.y + r.size.height };
    }
  ra_map_view_set_label_keepout (self, boxes, n);
  return G_SOURCE_REMOVE;
}

void
ra_map_view_queue_overlay_keepout (RaMapView *self)
{
  g_return_if_fail (RA_IS_MAP_VIEW (self));

  if (self->keepout_idle == 0)
    self->keepout_idle = g_idle_add (overlay_keepout_idle, self);
}

/* Map ------------------------------------------------------------------- */

static void
map_changed_cb (RaMapView *self, RaMap *map)
{
  RaCrs *crs = ra_map_get_crs (map);

  if (crs != self->crs && (crs == NULL || self->crs == NULL || !ra_crs_equal (crs, self->crs)))
    {
      RaBBox old_bbox, new_bbox;
      gboolean refit = FALSE;

      /* Keep roughly the same area in sight after a CRS change. */
      if (self->has_view && self->crs != NULL && crs != NULL)
        {
          g_autoptr(RaTransform) t = ra_transform_new (self->crs, crs, NULL);

          ra_view_get_bbox (&self->view, &old_bbox);
          refit = t != NULL && ra_transform_bbox (t, &old_bbox, &new_bbox);
        }
      g_clear_pointer (&self->crs, ra_crs_unref);
      self->crs = crs != NULL ? ra_crs_ref (crs) : NULL;
      g_clear_object (&self->texture);
      self->has_view = FALSE;

      if (refit)
        ra_map_view_zoom_to_bbox (self, &new_bbox);
    }

  _ra_map_view_selection_map_changed (self);

  if (!self->has_view && !self->pending_fit)
    ra_map_view_zoom_to_extent (self);

  gtk_widget_queue_draw (GTK_WIDGET (self));
  schedule_render (self);
}

RaMap *
ra_map_view_get_map (RaMapView *self)
{
  g_return_val_if_fail (RA_IS_MAP_VIEW (self), NULL);
  return self->map;
}

void
ra_map_view_set_map (RaMapView *self, RaMap *map)
{
  g_return_if_fail (RA_IS_MAP_VIEW (self));
  g_return_if_fail (map == NULL || RA_IS_MAP (map));

  if (self->map == map)
    return;

  ra_map_view_clear_selection (self);
  if (self->map != NULL)
    g_signal_handlers_disconnect_by_func (self->map, map_changed_cb, self);
  g_set_object (&self->map, map);
  g_clear_pointer (&self->crs, ra_crs_unref);
  g_clear_object (&self->texture);
  self->has_view = FALSE;
  if (map != NULL)
    {
      g_signal_connect_object (map, "changed", G_CALLBACK (map_changed_cb), self,
                               G_CONNECT_SWAPPED);
      map_changed_cb (self, map);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAP]);
}

/* View API -------------------------------------------------------------- */

const RaView *
ra_map_view_get_view (RaMapView *self)
{
  g_return_val_if_fail (RA_IS_MAP_VIEW (self), NULL);
  return &self->view;
}

gboolean
ra_map_view_has_view (RaMapView *self)
{
  g_return_val_if_fail (RA_IS_MAP_VIEW (self), FALSE);
  return self->has_view;
}

void
ra_map_view_set_view (RaMapView *self, const RaView *view)
{
  RaView v;

  g_return_if_fail (RA_IS_MAP_VIEW (self));
  g_return_if_fail (view != NULL);

  /* The widget decides the device size; take centre and resolution. */
  v = self->view;
  v.cx = view->cx;
  v.cy = view->cy;
  v.resolution = view->resolution;
  _ra_map_view_set_view (self, &v);
}

void
ra_map_view_zoom_to_bbox (RaMapView *self, const RaBBox *bbox)
{
  RaBBox b;
  RaView v;

  g_return_if_fail (RA_IS_MAP_VIEW (self));
  g_return_if_fail (bbox != NULL);

  if (ra_bbox_is_empty (bbox))
    return;

  b = *bbox;
  /* A single point (or a tiny feature) still deserves a sensible zoom. */
  if (b.x1 - b.x0 <= 0 && b.y1 - b.y0 <= 0)
    {
      double pad = 500.0;

      if (self->crs != NULL)
        pad /= ra_crs_get_meters_per_unit (self->crs);
      b.x0 -= pad; b.x1 += pad; b.y0 -= pad; b.y1 += pad;
    }

  if (gtk_widget_get_width (GTK_WIDGET (self)) <= 0 || self->view.width <= 0)
    {
      self->pending_fit = TRUE;
      self->pending_bbox = b;
      return;
    }

  self->pending_fit = FALSE;
  v = self->view;
  ra_view_fit_bbox_inset (&v, &b, FIT_MARGIN_PX, self->fit_insets[0], self->fit_insets[1],
                          self->fit_insets[2], self->fit_insets[3]);
  _ra_map_view_set_view (self, &v);
}

void
ra_map_view_set_fit_insets (RaMapView *self, double left, double top, double right,
                            double bottom)
{
  g_return_if_fail (RA_IS_MAP_VIEW (self));

  self->fit_insets[0] = left;
  self->fit_insets[1] = top;
  self->fit_insets[2] = right;
  self->fit_insets[3] = bottom;
}

void
ra_map_view_zoom_to_extent (RaMapView *self)
{
  RaBBox bbox;

  g_return_if_fail (RA_IS_MAP_VIEW (self));

  if (self->map != NULL && ra_map_get_extent (self->map, TRUE, &bbox))
    ra_map_view_zoom_to_bbox (self, &bbox);
  else if (self->map != NULL && ra_map_get_extent (self->map, FALSE, &bbox))
    ra_map_view_zoom_to_bbox (self, &bbox);
}

void
ra_map_view_zoom_to_layer (RaMapView *self, RaLayer *layer)
{
  g_autoptr(RaLayerData) data = NULL;

  g_return_if_fail (RA_IS_MAP_VIEW (self));
  g_return_if_fail (RA_IS_LAYER (layer));

  data = ra_layer_dup_data (layer);
  if (data != NULL)
    ra_map_view_zoom_to_bbox (self, &data->extent);
}

void
ra_map_view_pan_px (RaMapView *self, double dx, double dy)
{
  RaView v;

  g_return_if_fail (RA_IS_MAP_VIEW (self));

  if (!self->has_view)
    return;
  v = self->view;
  ra_view_pan_px (&v, dx, dy);
  _ra_map_view_set_view (self, &v);
}

void
ra_map_view_zoom_at (RaMapView *self, double factor, double px, double py)
{
  RaView v;

  g_return_if_fail (RA_IS_MAP_VIEW (self));
  g_return_if_fail (factor > 0);

  if (!self->has_view)
    return;
  v = self->view;
  ra_view_zoom_at (&v, factor, px, py);
  _ra_map_view_set_view (self, &v);
}

gboolean
ra_map_view_get_show_labels (RaMapView *self)
{
  g_return_val_if_fail (RA_IS_MAP_VIEW (self), FALSE);
  return self->show_labels;
}

void
ra_map_view_set_show_labels (RaMapView *self, gboolean show_labels)
{
  g_return_if_fail (RA_IS_MAP_VIEW (self));

  show_labels = !!show_labels;
  if (self->show_labels == show_labels)
    return;
  self->show_labels = show_labels;
  schedule_render (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_LABELS]);
}

/* Presentation mode draws labels and symbols larger (RaRenderOptions). */
void
ra_map_view_set_render_scale (RaMapView *self, double label_scale, double symbol_scale)
{
  g_return_if_fail (RA_IS_MAP_VIEW (self));
  g_return_if_fail (label_scale > 0 && symbol_scale > 0);

  if (self->label_scale == label_scale && self->symbol_scale == symbol_scale)
    return;
  self->label_scale = label_scale;
  self->symbol_scale = symbol_scale;
  schedule_render (self);
}

void
ra_map_view_get_render_options (RaMapView *self, RaRenderOptions *opts)
{
  g_return_if_fail (RA_IS_MAP_VIEW (self));
  g_return_if_fail (opts != NULL);

  ra_render_options_init (opts);
  opts->draw_labels = self->show_labels;
  opts->label_scale = self->label_scale;
  opts->symbol_scale = self->symbol_scale;
  memcpy (opts->label_keepout, self->label_keepout, sizeof self->label_keepout);
  opts->n_label_keepout = self->n_label_keepout;
}

void
ra_map_view_set_label_keepout (RaMapView *self, const RaBBox *boxes, guint n_boxes)
{
  g_return_if_fail (RA_IS_MAP_VIEW (self));
  g_return_if_fail (boxes != NULL || n_boxes == 0);

  n_boxes = MIN (n_boxes, G_N_ELEMENTS (self->label_keepout));
  if (n_boxes == self->n_label_keepout
      && memcmp (boxes, self->label_keepout, n_boxes * sizeof *boxes) == 0)
    return;
  if (n_boxes > 0)
    memcpy (self->label_keepout, boxes, n_boxes * sizeof *boxes);
  self->n_label_keepout = n_boxes;
  schedule_render (self);
}

guint
ra_map_view_get_render_count (RaMapView *self)
{
  g_return_val_if_fail (RA_IS_MAP_VIEW (self), 0);
  return self->render_count;
}

cairo_surface_t *
ra_map_view_get_rendered_surface (RaMapView *self)
{
  g_return_val_if_fail (RA_IS_MAP_VIEW (self), NULL);
  return self->surface;
}

gboolean
ra_map_view_is_rendering (RaMapView *self)
{
  g_return_val_if_fail (RA_IS_MAP_VIEW (self), FALSE);
  return self->render_job != NULL && ra_render_job_is_busy (self->render_job);
}

/* Drawing --------------------------------------------------------------- */

static void
ra_map_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  RaMapView *self = RA_MAP_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, width, height);

  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 1, 1, 1, 1 }, &bounds);

  if (self->texture != NULL && self->has_view)
    {
      double s, tx, ty;

      ra_view_device_transform (&self->texture_view, &self->view, &s, &tx, &ty);
      gtk_snapshot_push_clip (snapshot, &bounds);
      gtk_snapshot_append_texture (snapshot, self->texture,
                                   &GRAPHENE_RECT_INIT (tx, ty,
                                                        self->texture_view.width * s,
                                                        self->texture_view.height * s));
      gtk_snapshot_pop (snapshot);
    }

  _ra_map_view_draw_selection (self, snapshot, &bounds);

  if (self->tool_funcs != NULL && self->tool_funcs->draw != NULL && self->has_view)
    {
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &bounds);

      self->tool_funcs->draw (self->tool, cr, &self->view);
      cairo_destroy (cr);
    }
}

static void
ra_map_view_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  RaMapView *self = RA_MAP_VIEW (widget);

  if (self->view.width != width || self->view.height != height)
    {
      if (self->view.width <= 0)
        ra_view_init (&self->view, width, height);
      else
        ra_view_set_size (&self->view, width, height);
      if (self->has_view)
        {
          g_signal_emit (self, _ra_map_view_signals[RA_MAP_VIEW_VIEW_CHANGED], 0);
          schedule_render (self);
        }
    }

  if (self->pending_fit && width > 0 && height > 0)
    ra_map_view_zoom_to_bbox (self, &self->pending_bbox);
  else if (!self->has_view && width > 0 && height > 0)
    ra_map_view_zoom_to_extent (self);

  if (self->popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->popover));
  if (self->tool_menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->tool_menu));
}

static void
ra_map_view_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  *minimum = 64;
  *natural = 480;
}

/* GObject --------------------------------------------------------------- */

static void
ra_map_view_dispose (GObject *object)
{
  RaMapView *self = RA_MAP_VIEW (object);

  ra_render_job_clear (&self->render_job);
  g_clear_handle_id (&self->keepout_idle, g_source_remove);
  if (self->map != NULL)
    g_signal_handlers_disconnect_by_func (self->map, map_changed_cb, self);
  g_clear_object (&self->map);
  g_clear_pointer (&self->crs, ra_crs_unref);
  g_clear_object (&self->texture);
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  _ra_map_view_identify_dispose (self);
  g_clear_pointer (&self->tool_menu, gtk_widget_unparent);

  G_OBJECT_CLASS (ra_map_view_parent_class)->dispose (object);
}

static void
ra_map_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RaMapView *self = RA_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_MAP:
      g_value_set_object (value, self->map);
      break;
    case PROP_SHOW_LABELS:
      g_value_set_boolean (value, self->show_labels);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ra_map_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  RaMapView *self = RA_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_MAP:
      ra_map_view_set_map (self, g_value_get_object (value));
      break;
    case PROP_SHOW_LABELS:
      ra_map_view_set_show_labels (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ra_map_view_class_init (RaMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ra_map_view_dispose;
  object_class->get_property = ra_map_view_get_property;
  object_class->set_property = ra_map_view_set_property;

  widget_class->snapshot = ra_map_view_snapshot;
  widget_class->size_allocate = ra_map_view_size_allocate;
  widget_class->measure = ra_map_view_measure;

  properties[PROP_MAP] =
    g_param_spec_object ("map", NULL, NULL, RA_TYPE_MAP,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SHOW_LABELS] =
    g_param_spec_boolean ("show-labels", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (x, y) in map CRS units. */
  _ra_map_view_signals[RA_MAP_VIEW_CURSOR_MOVED] =
    g_signal_new ("cursor-moved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  _ra_map_view_signals[RA_MAP_VIEW_CURSOR_LEFT] =
    g_signal_new ("cursor-left", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  _ra_map_view_signals[RA_MAP_VIEW_VIEW_CHANGED] =
    g_signal_new ("view-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  _ra_map_view_signals[RA_MAP_VIEW_RENDER_DONE] =
    g_signal_new ("render-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  _ra_map_view_signals[RA_MAP_VIEW_SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /* (layer, feature): "Edit Attributes…" in the popover was clicked. */
  _ra_map_view_signals[RA_MAP_VIEW_EDIT_REQUESTED] =
    g_signal_new ("edit-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, RA_TYPE_LAYER, G_TYPE_INT);

  _ra_map_view_input_class_init (widget_class);

  gtk_widget_class_set_css_name (widget_class, "mapview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ra_map_view_init (RaMapView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  self->show_labels = TRUE;
  self->label_scale = 1.0;
  self->symbol_scale = 1.0;
  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_widget_set_vexpand (widget, TRUE);

  self->render_job = ra_render_job_new (&render_funcs, self, RENDER_DELAY_MS);
  _ra_map_view_input_init (self);
  _ra_map_view_identify_init (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Map"),
                                  -1);
}

GtkWidget *
ra_map_view_new (void)
{
  return g_object_new (RA_TYPE_MAP_VIEW, NULL);
}
