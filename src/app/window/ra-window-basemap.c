/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Add Basemap (issue 18): 天地图 (vector, imagery, terrain, each with its
 * label layer), OpenStreetMap, an XYZ address or a folder of tiles, drawn
 * under the project's layers through GDAL's WMS driver.  The 天地图 key is
 * the user's, kept in the settings ("tianditu-key"), set in Basemap
 * Settings; the project keeps only "tianditu:vec_w". */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include <string.h>

#include "ra-basemap.h"
#include "ra-window-private.h"

char *
_ra_window_basemap_connection (RaWindow *self, const char *source, GError **error)
{
  g_autofree char *key = g_settings_get_string (self->settings, "tianditu-key");

  return ra_basemap_connection (source, key, error);
}

/* Settings ----------------------------------------------------------------- */

static GtkWindow *
show_settings (RaWindow *self, const char *problem)
{
  GtkWidget *window = adw_preferences_window_new ();
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *row = adw_password_entry_row_new ();
  g_autofree char *description = NULL;

  gtk_window_set_title (GTK_WINDOW (window), _("Basemap Settings"));
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (window), FALSE);
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("Basemaps"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "ra-layer-raster-symbolic");

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Tianditu"));
  description = g_strconcat (problem != NULL ? problem : "", problem != NULL ? "\n" : "",
                             _("Tianditu's tiles need a key of your own (free for a registered "
                               "user at console.tianditu.gov.cn, type “browser”). It is kept in "
                               "your settings on this computer, never in a project file."),
                             NULL);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Tianditu key"));
  g_settings_bind (self->settings, "tianditu-key", row, "text", G_SETTINGS_BIND_DEFAULT);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

static void
settings_action (GtkWidget *widget, const char *name, GVariant *param)
{
  show_settings (RA_WINDOW (widget), NULL);
}

/* Adding ------------------------------------------------------------------- */

typedef struct {
  RaWindow  *self;
  GPtrArray *sources;   /* still to add, bottom first */
} AddData;

static void add_next (AddData *data);

static void
add_data_free (AddData *data)
{
  g_object_unref (data->self);
  g_ptr_array_unref (data->sources);
  g_free (data);
}

static void
opened_cb (GObject *object, GAsyncResult *res, gpointer user_data)
{
  AddData *data = user_data;
  RaWindow *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(RaLayer) layer = _ra_window_raster_open_finish (self, res, &error);

  _ra_window_load_finished (self);
  if (self->map == NULL)
    {
      add_data_free (data);
      return;
    }
  if (layer == NULL || !_ra_window_raster_add (self, layer, &error))
    {
      ra_window_show_message (self, error->message);
      add_data_free (data);
      return;
    }
  add_next (data);
}

static void
add_next (AddData *data)
{
  RaWindow *self = data->self;
  g_autofree char *source = NULL;
  g_autofree char *connection = NULL;
  g_autoptr(GError) error = NULL;

  if (data->sources->len == 0)
    {
      add_data_free (data);
      return;
    }
  source = g_ptr_array_steal_index (data->sources, 0);
  connection = _ra_window_basemap_connection (self, source, &error);
  if (connection == NULL)
    {
      if (g_str_has_prefix (source, "tianditu:"))
        show_settings (self, error->message);
      else
        ra_window_show_message (self, error->message);
      add_data_free (data);
      return;
    }
  _ra_window_load_started (self);
  _ra_window_raster_open_async (self, connection, RA_RASTER_SHADE_NONE, source, NULL, opened_cb,
                                data);
}

/**
 * _ra_window_add_basemap:
 * @source: a basemap source (ra-basemap.h), or "tianditu:vec", "tianditu:img",
 *   "tianditu:ter" for a 天地图 map with its labels
 *
 * Adds it under the project's layers.
 */
void
_ra_window_add_basemap (RaWindow *self, const char *source)
{
  AddData *data = g_new0 (AddData, 1);
  static const char * const pairs[][3] = {
    { "tianditu:vec", "tianditu:vec_w", "tianditu:cva_w" },
    { "tianditu:img", "tianditu:img_w", "tianditu:cia_w" },
    { "tianditu:ter", "tianditu:ter_w", "tianditu:cta_w" },
  };

  data->self = g_object_ref (self);
  data->sources = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    if (g_str_equal (source, pairs[i][0]))
      {
        g_ptr_array_add (data->sources, g_strdup (pairs[i][1]));
        g_ptr_array_add (data->sources, g_strdup (pairs[i][2]));
      }
  if (data->sources->len == 0)
    g_ptr_array_add (data->sources, g_strdup (source));
  add_next (data);
}

static void
add_basemap_action (GtkWidget *widget, const char *name, GVariant *param)
{
  _ra_window_add_basemap (RA_WINDOW (widget), g_variant_get_string (param, NULL));
}

/* XYZ address or tile folder ---------------------------------------------- */

static void
xyz_response_cb (AdwMessageDialog *dialog, const char *response, RaWindow *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autofree char *text = NULL;
  g_autofree char *source = NULL;

  if (g_strcmp0 (response, "add") != 0)
    return;
  text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  if (*text == '\0')
    return;
  source = g_strconcat ("xyz:", text, NULL);
  _ra_window_add_basemap (self, source);
}

static void
xyz_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaWindow *self = RA_WINDOW (widget);
  GtkWidget *dialog, *entry;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Add XYZ Tiles"),
                                   _("The address of a tile service with {z}, {x} and {y} "
                                     "(https://…/{z}/{x}/{y}.png), or the folder of a tile "
                                     "set on this computer (its Z/X/Y.png files)."));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("https://example.org/tiles/{z}/{x}/{y}.png"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Tile address or folder"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "add", _("_Add"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (xyz_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_ra_window_basemap_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.add-basemap", "s", add_basemap_action);
  gtk_widget_class_install_action (widget_class, "win.add-xyz-tiles", NULL, xyz_action);
  gtk_widget_class_install_action (widget_class, "win.basemap-settings", NULL, settings_action);
}
