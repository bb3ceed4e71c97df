/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ra-crs-dialog.h"
#include "ra-raster.h"
#include "ra-window-private.h"

/* The map's status: the empty page or the map, the status bar under it
 * (the cursor in map units and in longitude/latitude, the scale, a scale
 * bar, the map CRS as a button), the map CRS dialog and the zoom
 * actions. */

struct _RaWindowStatus
{
  /* template widgets */
  GtkStack       *content_stack;
  GtkWidget      *status_box;
  GtkLabel       *lonlat_label;
  GtkLabel       *xy_label;
  GtkLabel       *elevation_label;
  GtkLabel       *scale_label;
  GtkDrawingArea *scalebar_area;
  GtkButton      *crs_button;

  /* owned */
  RaCrs          *lonlat_crs;
  RaTransform    *to_lonlat;
  RaCrs          *to_lonlat_src;   /* the map CRS to_lonlat is from */
};

void
_ra_window_status_update (RaWindow *self)
{
  RaWindowStatus *st = self->status;
  guint n = ra_map_get_n_layers (self->map);

  gtk_stack_set_visible_child_name (st->content_stack,
                                    n == 0 && self->pending_loads == 0 ? "empty" : "map");
  gtk_widget_set_visible (st->status_box, n > 0 && !ra_window_get_presenting (self));
}

void
_ra_window_status_selection_changed (RaWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-selection",
                                 ra_map_view_get_selected_layer (self->map_view) != NULL);
}

/* The status bar ------------------------------------------------------------ */

static char *
format_grouped (double value)
{
  g_autofree char *digits = g_strdup_printf ("%.0f", fabs (value));
  GString *out = g_string_new (value < 0 ? "-" : "");
  size_t len = strlen (digits);

  for (size_t i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

static void
update_scale (RaWindow *self)
{
  RaWindowStatus *st = self->status;
  RaCrs *crs = ra_map_get_crs (self->map);
  const RaView *view = ra_map_view_get_view (self->map_view);

  if (crs != NULL && ra_map_view_has_view (self->map_view))
    {
      g_autofree char *n = format_grouped (ra_view_scale_denominator (view, crs));
      g_autofree char *text = g_strdup_printf ("1:%s", n);

      gtk_label_set_text (st->scale_label, text);
    }
  else
    gtk_label_set_text (st->scale_label, "");
  gtk_widget_queue_draw (GTK_WIDGET (st->scalebar_area));
}

static void
update_crs (RaWindow *self)
{
  RaWindowStatus *st = self->status;
  RaCrs *crs = ra_map_get_crs (self->map);

  if (crs == NULL)
    {
      gtk_button_set_label (st->crs_button, _("No CRS"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (st->crs_button), _("Set Map CRS…"));
    }
  else
    {
      g_autofree char *tooltip = g_strdup_printf (_("Map CRS: %s\nClick to change"),
                                                  ra_crs_get_name (crs));

      gtk_button_set_label (st->crs_button,
                            ra_crs_get_auth_id (crs) != NULL ? ra_crs_get_auth_id (crs)
                                                             : ra_crs_get_name (crs));
      gtk_widget_set_tooltip_text (GTK_WIDGET (st->crs_button), tooltip);
    }

  if (st->to_lonlat_src != crs)
    {
      g_clear_pointer (&st->to_lonlat, ra_transform_free);
      g_clear_pointer (&st->to_lonlat_src, ra_crs_unref);
      if (crs != NULL && st->lonlat_crs != NULL)
        {
          st->to_lonlat = ra_transform_new (crs, st->lonlat_crs, NULL);
          st->to_lonlat_src = ra_crs_ref (crs);
        }
    }
}

static void
update_map (RaWindow *self)
{
  update_crs (self);
  update_scale (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-full",
                                 ra_map_get_n_layers (self->map) > 0);
}

static void
map_changed_cb (RaWindow *self)
{
  update_map (self);
  _ra_window_update_content (self);
}

static void
view_changed_cb (RaWindow *self)
{
  update_scale (self);
}

/* Ground elevation at (x, y) of the map CRS, or nothing off the model. */
static void
show_elevation (RaWindow *self, double x, double y)
{
  RaWindowStatus *st = self->status;
  RaRaster *dem = _ra_window_find_dem (self);
  double z;

  if (dem != NULL && ra_raster_sample_elevation (dem, x, y, ra_map_get_crs (self->map), &z, NULL))
    {
      g_autofree char *text = g_strdup_printf (_("Elevation %.1f m"), z);

      gtk_label_set_text (st->elevation_label, text);
      gtk_widget_set_visible (GTK_WIDGET (st->elevation_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (st->elevation_label), FALSE);
}

static void
cursor_moved_cb (RaWindow *self, double x, double y)
{
  RaWindowStatus *st = self->status;
  RaCrs *crs = ra_map_get_crs (self->map);
  g_autofree char *xy = NULL;
  double lon = x, lat = y;

  if (crs == NULL)
    return;

  if (ra_crs_is_geographic (crs))
    xy = g_strdup_printf ("x %.6f  y %.6f", x, y);
  else
    xy = g_strdup_printf ("X %.1f  Y %.1f", x, y);
  gtk_label_set_text (st->xy_label, xy);
  show_elevation (self, x, y);

  if (st->to_lonlat != NULL && ra_transform_point (st->to_lonlat, &lon, &lat) &&
      isfinite (lon) && isfinite (lat))
    {
      g_autofree char *ll = g_strdup_printf ("%.5f°%s  %.5f°%s",
                                             fabs (lon), lon >= 0 ? _("E") : _("W"),
                                             fabs (lat), lat >= 0 ? _("N") : _("S"));
      gtk_label_set_text (st->lonlat_label, ll);
    }
  else
    gtk_label_set_text (st->lonlat_label, "");
}

static void
cursor_left_cb (RaWindow *self)
{
  gtk_label_set_text (self->status->lonlat_label, "");
  gtk_label_set_text (self->status->xy_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->status->elevation_label), FALSE);
}

static void
draw_scalebar (GtkDrawingArea *area,
               cairo_t        *cr,
               int             width,
               int             height,
               gpointer        user_data)
{
  RaWindow *self = user_data;
  RaCrs *crs = ra_map_get_crs (self->map);

  if (crs == NULL || !ra_map_view_has_view (self->map_view))
    return;
  ra_renderer_draw_scalebar (cr, ra_map_view_get_view (self->map_view), crs,
                             6, height - 5, width - 12);
}

/* Map CRS dialog ----------------------------------------------------------- */

static void
map_crs_apply_cb (RaCrsDialog *dialog, RaCrs *crs, RaWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!ra_map_set_crs (self->map, crs, &error))
    ra_crs_dialog_show_error (dialog, error->message);
}

void
ra_window_show_crs_dialog (RaWindow *self)
{
  RaWindowStatus *st;
  RaCrsDialog *dialog;
  RaCrs *crs;

  g_return_if_fail (RA_IS_WINDOW (self));

  st = self->status;
  crs = ra_map_get_crs (self->map);
  dialog = ra_crs_dialog_new (GTK_WINDOW (self), _("Map CRS"),
                              _("The coordinate reference system the map is drawn in. "
                                "Layers are reprojected to it."),
                              crs);

  /* Offer the Gauss-Kruger zone of what is on screen first. */
  if (crs != NULL && st->to_lonlat != NULL && ra_map_view_has_view (self->map_view))
    {
      const RaView *view = ra_map_view_get_view (self->map_view);
      double lon = view->cx, lat = view->cy;
      int epsg;

      if (ra_transform_point (st->to_lonlat, &lon, &lat) &&
          (epsg = ra_crs_gk_zone_epsg_for_lon (lon)) > 0)
        {
          g_autofree char *code = g_strdup_printf ("EPSG:%d", epsg);
          g_autoptr(RaCrs) zone = ra_crs_new_from_epsg (epsg, NULL);
          g_autofree char *title = g_strdup_printf (_("%s (suited to the current view)"),
                                                    zone != NULL ? ra_crs_get_name (zone) : code);

          ra_crs_dialog_add_suggestion (dialog, code, title);
        }
    }
  ra_crs_dialog_add_suggestion (dialog, "EPSG:4490", _("CGCS2000 (longitude/latitude)"));
  ra_crs_dialog_add_suggestion (dialog, "EPSG:4326", _("WGS 84 (longitude/latitude)"));
  ra_crs_dialog_add_suggestion (dialog, "EPSG:3857", _("Web Mercator"));

  g_signal_connect_object (dialog, "apply", G_CALLBACK (map_crs_apply_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Actions ----------------------------------------------------------------- */

static void
set_crs_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ra_window_show_crs_dialog (RA_WINDOW (widget));
}

static void
zoom_full_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ra_map_view_zoom_to_extent (RA_WINDOW (widget)->map_view);
}

static void
zoom_selection_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ra_map_view_zoom_to_selection (RA_WINDOW (widget)->map_view);
}

/* Setup ------------------------------------------------------------------- */

void
_ra_window_status_class_init (GtkWidgetClass *widget_class)
{
  static const char * const children[] = {
    "status_box", "lonlat_label", "xy_label", "elevation_label", "scale_label", "scalebar_area",
    "crs_button",
  };

  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    gtk_widget_class_bind_template_child_full (widget_class, children[i], FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, view_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, cursor_moved_cb);
  gtk_widget_class_bind_template_callback (widget_class, cursor_left_cb);

  gtk_widget_class_install_action (widget_class, "win.set-crs", NULL, set_crs_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-full", NULL, zoom_full_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-selection", NULL, zoom_selection_action);
}

void
_ra_window_status_init (RaWindow *self)
{
  RaWindowStatus *st = self->status = g_new0 (RaWindowStatus, 1);

  st->content_stack = GTK_STACK (_ra_window_template_child (self, "content_stack"));
  st->status_box = GTK_WIDGET (_ra_window_template_child (self, "status_box"));
  st->lonlat_label = GTK_LABEL (_ra_window_template_child (self, "lonlat_label"));
  st->xy_label = GTK_LABEL (_ra_window_template_child (self, "xy_label"));
  st->elevation_label = GTK_LABEL (_ra_window_template_child (self, "elevation_label"));
  st->scale_label = GTK_LABEL (_ra_window_template_child (self, "scale_label"));
  st->scalebar_area = GTK_DRAWING_AREA (_ra_window_template_child (self, "scalebar_area"));
  st->crs_button = GTK_BUTTON (_ra_window_template_child (self, "crs_button"));
  st->lonlat_crs = ra_crs_new_from_epsg (4326, NULL);

  g_signal_connect_object (self->map, "changed", G_CALLBACK (map_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_drawing_area_set_draw_func (st->scalebar_area, draw_scalebar, self, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-selection", FALSE);
  update_map (self);
}

void
_ra_window_status_dispose (RaWindow *self)
{
  RaWindowStatus *st = self->status;

  if (st == NULL)
    return;
  if (self->map != NULL)
    g_signal_handlers_disconnect_by_func (self->map, map_changed_cb, self);
  g_clear_pointer (&st->to_lonlat, ra_transform_free);
  g_clear_pointer (&st->to_lonlat_src, ra_crs_unref);
  g_clear_pointer (&st->lonlat_crs, ra_crs_unref);
}
