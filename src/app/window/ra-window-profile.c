/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Water Balance ▸ Pipeline Profile (issue 18): the profile window for the
 * window's project and year, with the ground of the elevation model shown
 * on the map; it follows edits, the year and the map's DEM while open. */
#include "config.h"

#include <glib/gi18n.h>

#include "ra-profile-window.h"
#include "ra-window-private.h"

#define PROFILE_KEY "ra-profile-window"

/* The topmost visible elevation model on the map.  (nullable) */
RaRaster *
_ra_window_find_dem (RaWindow *self)
{
  for (guint i = 0; i < ra_map_get_n_layers (self->map); i++)
    {
      RaLayer *layer = ra_map_get_layer (self->map, i);
      GObject *raster = ra_layer_get_raster (layer);

      if (raster != NULL && ra_layer_get_visible (layer)
          && ra_raster_is_elevation (RA_RASTER (raster)))
        return RA_RASTER (raster);
    }
  return NULL;
}

RaProfileWindow *
ra_window_get_profile_window (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return g_object_get_data (G_OBJECT (self), PROFILE_KEY);
}

static void
refresh (RaWindow *self)
{
  RaProfileWindow *profile = ra_window_get_profile_window (self);

  if (profile == NULL || !gtk_widget_get_visible (GTK_WIDGET (profile)))
    return;
  ra_profile_window_update (profile, ra_project_session_get_store (self->session),
                            ra_window_get_year (self), _ra_window_find_dem (self));
}

static gboolean
refresh_idle (gpointer user_data)
{
  RaWindow *self = user_data;

  g_object_set_data (G_OBJECT (self), "ra-profile-refresh", NULL);
  refresh (self);
  return G_SOURCE_REMOVE;
}

/* Edits come in bursts (an import, undo of many): once, when idle. */
static void
queue_refresh (RaWindow *self)
{
  RaProfileWindow *profile = ra_window_get_profile_window (self);

  if (profile == NULL || !gtk_widget_get_visible (GTK_WIDGET (profile))
      || g_object_get_data (G_OBJECT (self), "ra-profile-refresh") != NULL)
    return;
  g_object_set_data (G_OBJECT (self), "ra-profile-refresh", GUINT_TO_POINTER (
    g_idle_add_full (G_PRIORITY_LOW, refresh_idle, g_object_ref (self), g_object_unref)));
}

static void
map_changed_cb (RaWindow *self)
{
  RaProfileWindow *profile = ra_window_get_profile_window (self);
  RaRaster *dem = _ra_window_find_dem (self);

  /* Only a change of the elevation model matters here. */
  if (profile != NULL && g_object_get_data (G_OBJECT (profile), "dem") != (gpointer) dem)
    {
      g_object_set_data (G_OBJECT (profile), "dem", dem);
      queue_refresh (self);
    }
}

/**
 * ra_window_show_profile:
 * @node_id: (nullable): the route's end ("U3"); NULL: the one shown, or the
 *   user that sets the pump head
 *
 * Returns: (transfer none) the profile window.
 */
RaProfileWindow *
ra_window_show_profile (RaWindow *self, const char *node_id)
{
  RaProfileWindow *profile;

  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);

  profile = ra_window_get_profile_window (self);
  if (profile == NULL)
    {
      profile = ra_profile_window_new (GTK_WINDOW (self), self->settings);
      g_object_set_data_full (G_OBJECT (self), PROFILE_KEY, profile,
                              (GDestroyNotify) gtk_window_destroy);
      g_signal_connect_object (self->session, "store-changed", G_CALLBACK (queue_refresh), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->session, "notify::store", G_CALLBACK (queue_refresh), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->figure, "notify::year", G_CALLBACK (queue_refresh), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->map, "changed", G_CALLBACK (map_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  gtk_window_present (GTK_WINDOW (profile));
  g_object_set_data (G_OBJECT (profile), "dem", _ra_window_find_dem (self));
  refresh (self);
  if (node_id != NULL && *node_id != '\0')
    ra_profile_window_show_node (profile, node_id);
  return profile;
}

static void
show_profile_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ra_window_show_profile (RA_WINDOW (widget), NULL);
}

void
_ra_window_profile_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.show-profile", NULL, show_profile_action);
}
