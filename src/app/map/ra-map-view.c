/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ra-map-view.h"

/* The map widget: gestures, a cached texture and scheduling.  Drawing is the
 * core renderer's job (ra_renderer_draw); this widget only decides when and
 * at which view to call it, and shows the last image transformed to the
 * current view until the next one arrives. */

/* Quiet time after a view change (wheel steps, keys) before the sharp
 * render starts; the end of a drag starts it at once. */
#define RENDER_DELAY_MS     20
#define DRAG_THRESHOLD_PX   4.0
#define IDENTIFY_TOLERANCE_PX 5.0
#define FIT_MARGIN_PX       24.0
#define KEY_ZOOM_FACTOR     2.0
#define KEY_PAN_FRACTION    0.125

struct _RaMapView
{
  GtkWidget        parent_instance;

  /* owned */
  RaMap           *map;
  RaCrs           *crs;               /* CRS the current view is expressed in */
  GtkWidget       *popover;
  GtkWidget       *popover_title;
  GtkWidget       *popover_subtitle;
  GtkWidget       *popover_grid;
  GtkWidget       *popover_edit;    /* "Edit Attributes…" (win.edit-feature) */
  RaMapViewEditableFunc editable_func;
  gpointer         editable_data;

  RaView           view;
  gboolean         has_view;
  gboolean         pending_fit;
  RaBBox           pending_bbox;

  GdkTexture      *texture;
  cairo_surface_t *surface;
  RaView           texture_view;
  GCancellable    *render_cancellable;
  guint            render_source;
  guint            render_count;
  gboolean         show_labels;
  double           label_scale;       /* presentation mode: larger labels... */
  double           symbol_scale;      /* ...and symbols */

  /* gestures */
  RaView           drag_start_view;
  gboolean         drag_moved;
  RaView           zoom_start_view;
  double           pointer_x;
  double           pointer_y;
  gboolean         pointer_inside;
  gboolean         pressed;           /* a button is down (drag gesture or test) */
  guint            press_button;
  double           press_x;
  double           press_y;

  /* tool (borrowed) */
  const RaMapToolFuncs *tool_funcs;
  gpointer         tool;
  gboolean         tool_grab;         /* the tool took the current press */
  GtkWidget       *tool_menu;         /* owned */

  /* selection (identify) */
  RaLayer         *sel_layer;
  int              sel_feature;
  RaGeometry      *sel_geom;
  /* What sel_feature indexes, and its id there: new contents of the layer
   * (the plan's year) put other features at that index. */
  RaAttrTable     *sel_attrs;
  gint64           sel_fid;
};

G_DEFINE_FINAL_TYPE (RaMapView, ra_map_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MAP,
  PROP_SHOW_LABELS,
  N_PROPS
};

enum {
  CURSOR_MOVED,
  CURSOR_LEFT,
  VIEW_CHANGED,
  RENDER_DONE,
  SELECTION_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

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

static void schedule_render (RaMapView *self);

static void
cancel_render (RaMapView *self)
{
  if (self->render_cancellable != NULL)
    {
      g_cancellable_cancel (self->render_cancellable);
      g_clear_object (&self->render_cancellable);
    }
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RenderJob *job = task_data;
  cairo_surface_t *surface;
  gboolean ok;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        job->view.width * job->scale,
                                        job->view.height * job->scale);
  cairo_surface_set_device_scale (surface, job->scale, job->scale);
  /* Both cores (bands); at a HiDPI scale it draws through cairo as before. */
  ok = ra_renderer_draw_image (job->snap, &job->view, &job->opts, surface, cancellable, NULL);
  cairo_surface_flush (surface);

  if (!ok || g_cancellable_is_cancelled (cancellable))
    {
      cairo_surface_destroy (surface);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Render cancelled");
    }
  else
    g_task_return_pointer (task, surface, (GDestroyNotify) cairo_surface_destroy);
}

static void
render_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  RaMapView *self = RA_MAP_VIEW (object);
  GTask *task = G_TASK (result);
  RenderJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  cairo_surface_t *surface;
  int width, height, stride;

  if (g_task_get_cancellable (task) == self->render_cancellable)
    g_clear_object (&self->render_cancellable);

  surface = g_task_propagate_pointer (task, &error);
  if (surface == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Rendering failed: %s", error->message);
      return;
    }

  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);
  /* The texture borrows the surface's pixels; cairo ARGB32 is
   * GDK_MEMORY_DEFAULT (premultiplied BGRA in native byte order). */
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) stride * height,
                                      (GDestroyNotify) cairo_surface_destroy,
                                      cairo_surface_reference (surface));
  g_clear_object (&self->texture);
  self->texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes, stride);
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  self->surface = surface;
  self->texture_view = job->view;
  self->render_count++;

  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[RENDER_DONE], 0);
}

static void
start_render (RaMapView *self)
{
  g_autoptr(GTask) task = NULL;
  RenderJob *job;

  if (self->map == NULL || !self->has_view || self->view.width <= 0 || self->view.height <= 0)
    return;

  cancel_render (self);
  self->render_cancellable = g_cancellable_new ();

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

  task = g_task_new (self, self->render_cancellable, render_done_cb, NULL);
  g_task_set_source_tag (task, start_render);
  g_task_set_task_data (task, job, (GDestroyNotify) render_job_free);
  g_task_run_in_thread (task, render_thread);
}

static gboolean
render_timeout_cb (gpointer user_data)
{
  RaMapView *self = user_data;

  self->render_source = 0;
  start_render (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_render (RaMapView *self)
{
  /* A render for a view that is already stale is not worth finishing. */
  cancel_render (self);
  g_clear_handle_id (&self->render_source, g_source_remove);
  self->render_source = g_timeout_add (RENDER_DELAY_MS, render_timeout_cb, self);
}

void
ra_map_view_queue_render_now (RaMapView *self)
{
  g_return_if_fail (RA_IS_MAP_VIEW (self));

  if (self->render_source == 0)
    return;
  g_clear_handle_id (&self->render_source, g_source_remove);
  start_render (self);
}

static void
set_view_internal (RaMapView *self, const RaView *view)
{
  if (view->resolution <= 0 || !isfinite (view->resolution) ||
      !isfinite (view->cx) || !isfinite (view->cy))
    return;

  self->view = *view;
  self->has_view = TRUE;
  /* The attribute popover points at a pixel; once the map moves it would
   * point at the wrong place.  The highlight stays. */
  if (self->popover != NULL && gtk_widget_get_visible (self->popover))
    gtk_popover_popdown (GTK_POPOVER (self->popover));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[VIEW_CHANGED], 0);
  schedule_render (self);
}

/* Selection ------------------------------------------------------------- */

/* Takes layer/feature as the selection (the caller checked the index). */
static void
set_selection (RaMapView *self, RaLayer *layer, int feature)
{
  RaAttrTable *attrs = ra_layer_get_attrs (layer);

  g_set_object (&self->sel_layer, layer);
  self->sel_feature = feature;
  g_clear_pointer (&self->sel_attrs, ra_attr_table_unref);
  self->sel_attrs = attrs != NULL ? ra_attr_table_ref (attrs) : NULL;
  self->sel_fid = attrs != NULL && (guint) feature < attrs->n_features ? attrs->fids[feature] : -1;
}

/* After the selected layer changed: FALSE if the selected feature is gone.
 * Same contents (reprojected, refined) keep the index; new contents keep
 * the feature with the same id, wherever it now is. */
static gboolean
selection_follows_contents (RaMapView *self)
{
  RaAttrTable *attrs = ra_layer_get_attrs (self->sel_layer);

  if (attrs == self->sel_attrs)
    return TRUE;
  if (self->popover != NULL && gtk_widget_get_visible (self->popover))
    gtk_popover_popdown (GTK_POPOVER (self->popover));   /* its values are old */
  for (guint i = 0; attrs != NULL && self->sel_attrs != NULL && i < attrs->n_features; i++)
    if (attrs->fids[i] == self->sel_fid)
      {
        gboolean moved = (int) i != self->sel_feature;

        set_selection (self, self->sel_layer, (int) i);
        if (moved)
          g_signal_emit (self, signals[SELECTION_CHANGED], 0);
        return TRUE;
      }
  return FALSE;
}

static void
refresh_selection_geometry (RaMapView *self)
{
  g_autoptr(RaLayerData) data = NULL;

  g_clear_pointer (&self->sel_geom, ra_geometry_free);
  if (self->sel_layer == NULL)
    return;
  data = ra_layer_dup_data (self->sel_layer);
  if (data != NULL && self->sel_feature >= 0 && (guint) self->sel_feature < data->n_features &&
      data->geoms[self->sel_feature] != NULL)
    self->sel_geom = ra_geometry_copy (data->geoms[self->sel_feature]);
}

/* Whose features the identify popover offers to edit (its button activates
 * win.edit-feature on the selection); NULL: none. */
void
ra_map_view_set_editable_func (RaMapView *self, RaMapViewEditableFunc func, gpointer data)
{
  g_return_if_fail (RA_IS_MAP_VIEW (self));
  self->editable_func = func;
  self->editable_data = data;
}

gboolean
ra_map_view_is_popover_editable (RaMapView *self)
{
  g_return_val_if_fail (RA_IS_MAP_VIEW (self), FALSE);
  return self->popover != NULL && gtk_widget_get_visible (self->popover) &&
         gtk_widget_get_visible (self->popover_edit);
}

void
ra_map_view_clear_selection (RaMapView *self)
{
  g_return_if_fail (RA_IS_MAP_VIEW (self));

  if (self->sel_layer == NULL)
    return;
  g_clear_object (&self->sel_layer);
  g_clear_pointer (&self->sel_geom, ra_geometry_free);
  g_clear_pointer (&self->sel_attrs, ra_attr_table_unref);
  self->sel_feature = -1;
  if (self->popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->popover));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

static void
fill_popover (RaMapView *self)
{
  RaAttrTable *attrs = ra_layer_get_attrs (self->sel_layer);
  const RaStyle *style = ra_layer_get_style (self->sel_layer);
  GtkGrid *grid = GTK_GRID (self->popover_grid);
  const char *name = NULL;
  g_autofree char *title = NULL;
  GtkWidget *child;
  int label_field = -1;

  while ((child = gtk_widget_get_first_child (self->popover_grid)) != NULL)
    gtk_grid_remove (grid, child);

  /* Title the feature by what the map labels it with, if anything. */
  if (attrs != NULL && style != NULL && style->label_field != NULL)
    label_field = ra_attr_table_field_index (attrs, style->label_field);
  if (label_field >= 0)
    name = ra_attr_table_get (attrs, self->sel_feature, label_field);
  if (name == NULL || *name == '\0')
    name = title = g_strdup_printf (_("Feature %d"), self->sel_feature + 1);
  gtk_label_set_text (GTK_LABEL (self->popover_title), name);
  gtk_label_set_text (GTK_LABEL (self->popover_subtitle), ra_layer_get_name (self->sel_layer));
  gtk_widget_set_visible (self->popover_edit,
                          self->editable_func != NULL &&
                          self->editable_func (self->sel_layer, self->editable_data));

  if (attrs == NULL || attrs->n_fields == 0)
    {
      GtkWidget *label = gtk_label_new (_("No attributes"));
      gtk_widget_add_css_class (label, "dim-label");
      gtk_grid_attach (grid, label, 0, 0, 2, 1);
      return;
    }

  for (guint i = 0; i < attrs->n_fields; i++)
    {
      const char *value = ra_attr_table_get (attrs, self->sel_feature, i);
      GtkWidget *name_label = gtk_label_new (attrs->field_names[i]);
      GtkWidget *value_label = gtk_label_new (value != NULL ? value : _("(null)"));

      gtk_widget_add_css_class (name_label, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (name_label), 1.0);
      gtk_label_set_yalign (GTK_LABEL (name_label), 0.0);
      gtk_label_set_xalign (GTK_LABEL (value_label), 0.0);
      gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
      gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_max_width_chars (GTK_LABEL (value_label), 36);
      /* Wrapping labels ask for little width; give long values room. */
      if (value != NULL)
        gtk_label_set_width_chars (GTK_LABEL (value_label),
                                   MIN (24, (int) g_utf8_strlen (value, -1) * 2));
      if (value == NULL)
        gtk_widget_add_css_class (value_label, "dim-label");
      gtk_grid_attach (grid, name_label, 0, i, 1, 1);
      gtk_grid_attach (grid, value_label, 1, i, 1, 1);
    }
}

gboolean
ra_map_view_identify_at (RaMapView *self, double px, double py)
{
  double x, y, tolerance;
  guint n;

  g_return_val_if_fail (RA_IS_MAP_VIEW (self), FALSE);

  if (self->map == NULL || !self->has_view)
    return FALSE;

  ra_view_to_map (&self->view, px, py, &x, &y);
  tolerance = IDENTIFY_TOLERANCE_PX * self->view.resolution;
  n = ra_map_get_n_layers (self->map);

  /* Position 0 is the top layer: the one the user sees first. */
  for (guint i = 0; i < n; i++)
    {
      RaLayer *layer = ra_map_get_layer (self->map, i);
      g_autoptr(GArray) hits = NULL;

      if (!ra_layer_get_visible (layer))
        continue;
      hits = ra_layer_find_features_at (layer, x, y, tolerance);
      if (hits == NULL || hits->len == 0)
        continue;

      set_selection (self, layer, (int) g_array_index (hits, guint, 0));
      refresh_selection_geometry (self);
      fill_popover (self);
      gtk_popover_set_pointing_to (GTK_POPOVER (self->popover),
                                   &(GdkRectangle) { (int) px, (int) py, 1, 1 });
      gtk_popover_popup (GTK_POPOVER (self->popover));
      gtk_widget_queue_draw (GTK_WIDGET (self));
      g_signal_emit (self, signals[SELECTION_CHANGED], 0);
      return TRUE;
    }

  ra_map_view_clear_selection (self);
  return FALSE;
}

RaLayer *
ra_map_view_get_selected_layer (RaMapView *self)
{
  g_return_val_if_fail (RA_IS_MAP_VIEW (self), NULL);
  return self->sel_layer;
}

int
ra_map_view_get_selected_feature (RaMapView *self)
{
  g_return_val_if_fail (RA_IS_MAP_VIEW (self), -1);
  return self->sel_layer != NULL ? self->sel_feature : -1;
}

/* Selects a feature without showing its attributes: the inventory uses it to
 * highlight a project chosen in the table. */
void
ra_map_view_select_feature (RaMapView *self, RaLayer *layer, int feature)
{
  g_return_if_fail (RA_IS_MAP_VIEW (self));
  g_return_if_fail (RA_IS_LAYER (layer));

  if (feature < 0 || (guint) feature >= ra_layer_get_n_features (layer))
    {
      ra_map_view_clear_selection (self);
      return;
    }
  if (self->sel_layer == layer && self->sel_feature == feature &&
      self->sel_attrs == ra_layer_get_attrs (layer))
    return;
  set_selection (self, layer, feature);
  refresh_selection_geometry (self);
  if (self->popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->popover));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

void
ra_map_view_zoom_to_selection (RaMapView *self)
{
  g_return_if_fail (RA_IS_MAP_VIEW (self));

  if (self->sel_geom != NULL)
    ra_map_view_zoom_to_bbox (self, &self->sel_geom->bbox);
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

  if (self->sel_layer != NULL)
    {
      if (ra_map_find_layer (map, self->sel_layer) < 0 || !selection_follows_contents (self))
        ra_map_view_clear_selection (self);
      else
        refresh_selection_geometry (self);
    }

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
  set_view_internal (self, &v);
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
  ra_view_fit_bbox (&v, &b, FIT_MARGIN_PX);
  set_view_internal (self, &v);
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
  set_view_internal (self, &v);
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
  set_view_internal (self, &v);
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
  return self->render_source != 0 || self->render_cancellable != NULL;
}

/* Input ----------------------------------------------------------------- */

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
  set_view_internal (self, &v);
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
  set_view_internal (self, &v);
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
  g_signal_emit (self, signals[CURSOR_MOVED], 0, x, y);
}

static void
leave_cb (GtkEventControllerMotion *controller, RaMapView *self)
{
  self->pointer_inside = FALSE;
  g_signal_emit (self, signals[CURSOR_LEFT], 0);
}

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

/* Drawing --------------------------------------------------------------- */

static void
append_geometry_path (cairo_t *cr, const RaView *view, const RaGeometry *geom)
{
  for (guint part = 0; part < geom->n_parts; part++)
    {
      guint start = geom->parts[part], end = geom->parts[part + 1];

      for (guint i = start; i < end; i++)
        {
          double px, py;

          ra_view_to_device (view, geom->xy[2 * i], geom->xy[2 * i + 1], &px, &py);
          if (geom->kind == RA_GEOM_POINT)
            {
              cairo_new_sub_path (cr);
              cairo_arc (cr, px, py, 7.0, 0, 2 * G_PI);
            }
          else if (i == start)
            cairo_move_to (cr, px, py);
          else
            cairo_line_to (cr, px, py);
        }
      if (geom->kind == RA_GEOM_POLYGON)
        cairo_close_path (cr);
    }
}

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

  if (self->sel_geom != NULL && self->has_view)
    {
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &bounds);

      append_geometry_path (cr, &self->view, self->sel_geom);
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      if (self->sel_geom->kind != RA_GEOM_LINE)
        {
          cairo_set_source_rgba (cr, 1.0, 0.85, 0.1, 0.35);
          cairo_fill_preserve (cr);
        }
      cairo_set_source_rgba (cr, 1.0, 1.0, 1.0, 0.9);
      cairo_set_line_width (cr, 5.0);
      cairo_stroke_preserve (cr);
      cairo_set_source_rgba (cr, 0.93, 0.33, 0.0, 1.0);
      cairo_set_line_width (cr, 2.5);
      cairo_stroke (cr);
      cairo_destroy (cr);
    }

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
          g_signal_emit (self, signals[VIEW_CHANGED], 0);
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

  cancel_render (self);
  g_clear_handle_id (&self->render_source, g_source_remove);
  if (self->map != NULL)
    g_signal_handlers_disconnect_by_func (self->map, map_changed_cb, self);
  g_clear_object (&self->map);
  g_clear_pointer (&self->crs, ra_crs_unref);
  g_clear_object (&self->texture);
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  g_clear_object (&self->sel_layer);
  g_clear_pointer (&self->sel_geom, ra_geometry_free);
  g_clear_pointer (&self->sel_attrs, ra_attr_table_unref);
  g_clear_pointer (&self->popover, gtk_widget_unparent);
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
  signals[CURSOR_MOVED] =
    g_signal_new ("cursor-moved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  signals[CURSOR_LEFT] =
    g_signal_new ("cursor-left", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[VIEW_CHANGED] =
    g_signal_new ("view-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[RENDER_DONE] =
    g_signal_new ("render-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

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

  gtk_widget_class_set_css_name (widget_class, "mapview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static GtkWidget *
create_popover (RaMapView *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_widget_add_css_class (popover, "identify");
  self->popover_title = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->popover_title, "heading");
  gtk_label_set_xalign (GTK_LABEL (self->popover_title), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (self->popover_title), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), self->popover_title);
  self->popover_subtitle = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->popover_subtitle, "dim-label");
  gtk_widget_add_css_class (self->popover_subtitle, "caption");
  gtk_label_set_xalign (GTK_LABEL (self->popover_subtitle), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (self->popover_subtitle), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), self->popover_subtitle);

  self->popover_grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->popover_grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (self->popover_grid), 4);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->popover_grid);
  gtk_box_append (GTK_BOX (box), scrolled);
  /* Shown for the features the window can edit (ra_map_view_set_editable_func). */
  self->popover_edit = gtk_button_new_with_mnemonic (_("_Edit Attributes…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->popover_edit), "win.edit-feature");
  gtk_widget_set_halign (self->popover_edit, GTK_ALIGN_END);
  gtk_widget_set_visible (self->popover_edit, FALSE);
  gtk_box_append (GTK_BOX (box), self->popover_edit);

  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_popover_set_position (GTK_POPOVER (popover), GTK_POS_RIGHT);
  /* Not modal: the keyboard keeps driving the map while it is shown. */
  gtk_popover_set_autohide (GTK_POPOVER (popover), FALSE);
  gtk_widget_set_parent (popover, GTK_WIDGET (self));
  return popover;
}

static void
ra_map_view_init (RaMapView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkGesture *drag, *zoom;
  GtkEventController *scroll, *motion, *keys;

  self->show_labels = TRUE;
  self->label_scale = 1.0;
  self->symbol_scale = 1.0;
  self->sel_feature = -1;
  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_widget_set_vexpand (widget, TRUE);

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

  self->popover = create_popover (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Map"),
                                  -1);
}

GtkWidget *
ra_map_view_new (void)
{
  return g_object_new (RA_TYPE_MAP_VIEW, NULL);
}
