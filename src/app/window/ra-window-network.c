/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ra-network-panel.h"
#include "ra-project-settings.h"
#include "ra-window-private.h"

/* Network checks (Ctrl+Shift+K): pipeline lengths and costs, density in
 * built-up areas and intake spacing, run in a worker a moment after the
 * project's network changes, shown in a window of their own beside the
 * map, with the uncovered zones and the farthest points as map overlays;
 * and the project settings (unit costs, targets) they are computed with. */

#define NETWORK_DELAY_MS 300

struct _RaWindowNetwork
{
  /* owned */
  RaNetworkPanel *panel;
  GtkWindow      *window;            /* shows panel; hidden on close */
  GCancellable   *cancellable;
  guint           source;
  RaLayer        *uncovered_layer;
  RaLayer        *farthest_layer;
};

/* Overlays ------------------------------------------------------------------ */

static void
remove_overlay (RaWindow *self, RaLayer **layer)
{
  int pos;

  if (*layer == NULL)
    return;
  if ((pos = ra_map_find_layer (self->map, *layer)) >= 0)
    ra_map_remove_layer (self->map, pos);
  g_clear_object (layer);
}

static RaLayer *
new_farthest_layer (const RaNetworkReport *report)
{
  static const char * const names[] = { "area_id", "name", "distance_km" };
  static const RaFieldType types[] = { RA_FIELD_INTEGER, RA_FIELD_STRING, RA_FIELD_REAL };
  g_autoptr(RaCrs) crs = ra_crs_new_from_epsg (RA_STORE_SRID, NULL);
  RaLayer *layer = ra_layer_new (_("Farthest from an intake"), RA_GEOM_POINT, crs);

  ra_layer_set_fields (layer, G_N_ELEMENTS (names), names, types);
  for (guint i = 0; i < report->areas->len; i++)
    {
      const RaNetworkArea *a = g_ptr_array_index (report->areas, i);
      RaGeometry *geom;
      char **values;

      if (isnan (a->farthest_lon) || isnan (a->farthest_lat))
        continue;
      geom = ra_geometry_new (RA_GEOM_POINT, 1, 1);
      geom->xy[0] = a->farthest_lon;
      geom->xy[1] = a->farthest_lat;
      ra_geometry_update_bbox (geom);
      values = g_new0 (char *, G_N_ELEMENTS (names) + 1);
      values[0] = g_strdup_printf ("%" G_GINT64_FORMAT, a->area_id);
      values[1] = g_strdup (a->name);
      values[2] = g_strdup_printf ("%.3f", a->max_uncovered_distance_m / 1000.0);
      ra_layer_add_feature (layer, a->area_id, geom, values);
    }
  return layer;
}

static void
add_overlay (RaWindow *self, RaLayer *layer, const RaColor *fill, const RaColor *stroke)
{
  g_autoptr(RaStyle) style = ra_style_copy (ra_layer_get_style (layer));
  g_autoptr(GError) error = NULL;

  style->fill = *fill;
  style->stroke = *stroke;
  style->stroke_width_px = 1.5;
  style->marker_size_px = 12;
  ra_layer_set_style (layer, style);
  if (!ra_map_add_layer (self->map, layer, &error))
    ra_window_show_message (self, error->message);
}

static void
update_overlays (RaWindow *self)
{
  RaWindowNetwork *nw = self->network;
  const RaNetworkReport *report = ra_network_panel_get_report (nw->panel);

  remove_overlay (self, &nw->uncovered_layer);
  remove_overlay (self, &nw->farthest_layer);
  if (report == NULL)
    return;
  if (ra_network_panel_get_show_uncovered (nw->panel))
    {
      nw->uncovered_layer = ra_network_report_new_uncovered_layer (report);
      ra_layer_set_name (nw->uncovered_layer, _("Uncovered zones"));
      add_overlay (self, nw->uncovered_layer, &(RaColor) { 0.9, 0.2, 0.2, 0.3 },
                   &(RaColor) { 0.75, 0.1, 0.1, 0.9 });
    }
  if (ra_network_panel_get_show_farthest (nw->panel))
    {
      nw->farthest_layer = new_farthest_layer (report);
      add_overlay (self, nw->farthest_layer, &(RaColor) { 0.95, 0.45, 0.05, 1 },
                   &(RaColor) { 1, 1, 1, 1 });
    }
}

/* Network report ------------------------------------------------------------ */

static void
network_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RaWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  RaNetworkReport *report;

  report = ra_network_analyze_finish (RA_STORE (object), result, &error);
  if (self->map == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_pointer (&report, ra_network_report_free);
      return;   /* the window has gone, or a newer run replaces this one */
    }
  g_clear_object (&self->network->cancellable);
  ra_network_panel_set_busy (self->network->panel, FALSE);
  if (report == NULL)
    {
      /* A lost server connection is said by the window's banner. */
      if (g_error_matches (error, RA_STORE_ERROR, RA_STORE_ERROR_CONNECTION_LOST))
        g_message ("Network checks: %s", error->message);
      else
        g_warning ("Network checks failed: %s", error->message);
      return;
    }
  if (RA_STORE (object) != ra_window_get_store (self))
    {
      ra_network_report_free (report);
      return;
    }
  ra_network_panel_set_report (self->network->panel, report);
  update_overlays (self);
}

static gboolean
network_timeout_cb (gpointer user_data)
{
  RaWindow *self = user_data;
  RaWindowNetwork *nw = self->network;
  RaStore *store = ra_window_get_store (self);

  nw->source = 0;
  if (nw->cancellable != NULL)
    g_cancellable_cancel (nw->cancellable);
  g_clear_object (&nw->cancellable);
  if (store == NULL)
    {
      ra_network_panel_set_report (nw->panel, NULL);
      update_overlays (self);
      return G_SOURCE_REMOVE;
    }
  nw->cancellable = g_cancellable_new ();
  ra_network_panel_set_busy (nw->panel, TRUE);
  ra_network_analyze_async (store, ra_window_get_year (self), nw->cancellable, network_done_cb,
                            g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
schedule_network (RaWindow *self)
{
  RaWindowNetwork *nw = self->network;

  g_clear_handle_id (&nw->source, g_source_remove);
  nw->source = g_timeout_add (NETWORK_DELAY_MS, network_timeout_cb, self);
}

/* The project ------------------------------------------------------------------ */

static void
store_changed_cb (RaWindow *self, const char *table, gint64 row_id)
{
  static const char * const network_tables[] = {
    "pipelines", "plants", "built_up_areas", "projects", "pipe_unit_costs", "plan_metrics", NULL
  };

  if (table == NULL || g_strv_contains (network_tables, table))
    schedule_network (self);
}

static void
store_set_cb (RaWindow *self)
{
  RaWindowNetwork *nw = self->network;

  /* The map was emptied for the new project: the overlays went with it. */
  g_clear_object (&nw->uncovered_layer);
  g_clear_object (&nw->farthest_layer);
  schedule_network (self);
}

/* Actions ------------------------------------------------------------------- */

static void
show_network_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaWindow *self = RA_WINDOW (widget);

  gtk_window_present (self->network->window);
}

static void
project_settings_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaWindow *self = RA_WINDOW (widget);
  RaStore *store = ra_window_get_store (self);

  if (store == NULL)
    {
      ra_window_show_message (self, _("Open a project first"));
      return;
    }
  gtk_window_present (GTK_WINDOW (ra_project_settings_new (GTK_WINDOW (self), store)));
}

static void
network_settings_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  gtk_widget_activate_action (GTK_WIDGET (user_data), "win.project-settings", NULL);
}

/* Setup ---------------------------------------------------------------------- */

RaNetworkPanel *
ra_window_get_network_panel (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return self->network != NULL ? self->network->panel : NULL;
}

void
_ra_window_network_class_init (GtkWidgetClass *widget_class)
{
  g_type_ensure (RA_TYPE_NETWORK_PANEL);
  gtk_widget_class_install_action (widget_class, "win.show-network", NULL, show_network_action);
  gtk_widget_class_install_action (widget_class, "win.project-settings", NULL,
                                   project_settings_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.show-network", NULL);
}

void
_ra_window_network_init (RaWindow *self)
{
  static const GActionEntry network_entries[] = {
    { "project-settings", network_settings_activated, NULL, NULL, NULL, { 0 } },
  };
  RaWindowNetwork *nw = self->network = g_new0 (RaWindowNetwork, 1);
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  GtkWidget *box, *header;

  nw->panel = g_object_ref_sink (RA_NETWORK_PANEL (ra_network_panel_new ()));
  /* A window of its own beside the map: a third sidebar page would widen
   * the sidebar's switcher and fold the flap on small screens. */
  nw->window = g_object_new (ADW_TYPE_WINDOW,
                             "title", _("Network Checks"),
                             "transient-for", self,
                             "hide-on-close", TRUE,
                             "default-width", 400,
                             "default-height", 640,
                             NULL);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (_("Network Checks"), NULL));
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_vexpand (GTK_WIDGET (nw->panel), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (nw->panel));
  adw_window_set_content (ADW_WINDOW (nw->window), box);

  g_action_map_add_action_entries (G_ACTION_MAP (group), network_entries,
                                   G_N_ELEMENTS (network_entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (nw->window), "network", G_ACTION_GROUP (group));

  g_signal_connect_object (nw->panel, "notify::show-uncovered", G_CALLBACK (update_overlays),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (nw->panel, "notify::show-farthest", G_CALLBACK (update_overlays),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::store", G_CALLBACK (store_set_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "store-changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  schedule_network (self);
}

void
_ra_window_network_dispose (RaWindow *self)
{
  RaWindowNetwork *nw = self->network;

  if (nw == NULL)
    return;
  g_clear_handle_id (&nw->source, g_source_remove);
  if (nw->cancellable != NULL)
    g_cancellable_cancel (nw->cancellable);
  g_clear_object (&nw->cancellable);
  g_clear_object (&nw->panel);
  if (nw->window != NULL)
    gtk_window_destroy (g_steal_pointer (&nw->window));
  g_clear_object (&nw->uncovered_layer);
  g_clear_object (&nw->farthest_layer);
}
