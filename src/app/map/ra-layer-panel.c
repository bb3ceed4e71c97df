/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ra-crs-dialog.h"
#include "ra-layer-panel.h"
#include "ra-layer-row.h"
#include "ra-raster.h"
#include "ra-style-dialog.h"

/* The layer list of a map: a row per layer (RaLayerRow), top first, with
 * its menu (style, CRS, text encoding, zoom to, remove). */

struct _RaLayerPanel
{
  GtkBox              parent_instance;

  /* template widgets */
  GtkStack           *stack;
  GtkListView        *list_view;
  GtkBox             *opacity_box;
  GtkScale           *opacity_scale;

  /* owned */
  RaMap              *map;
  GtkSingleSelection *selection;
  gboolean            updating_opacity;
};

G_DEFINE_FINAL_TYPE (RaLayerPanel, ra_layer_panel, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_MAP,
  PROP_SHADING,
  N_PROPS
};

enum {
  ZOOM_TO_LAYER,
  MESSAGE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

RaLayer *
ra_layer_panel_get_selected_layer (RaLayerPanel *self)
{
  g_return_val_if_fail (RA_IS_LAYER_PANEL (self), NULL);

  if (self->selection == NULL)
    return NULL;
  return gtk_single_selection_get_selected_item (self->selection);
}

void
ra_layer_panel_select (RaLayerPanel *self, guint position)
{
  g_return_if_fail (RA_IS_LAYER_PANEL (self));

  if (self->selection != NULL)
    gtk_single_selection_set_selected (self->selection, position);
}

static guint
selected_position (RaLayerPanel *self)
{
  return self->selection != NULL ?
         gtk_single_selection_get_selected (self->selection) : GTK_INVALID_LIST_POSITION;
}

/* A layer read from a file whose text encoding can be undeclared. */
static gboolean
has_text_encoding (RaLayer *layer)
{
  const char *driver = layer != NULL ? ra_layer_get_driver (layer) : NULL;

  return layer != NULL && ra_layer_get_source_path (layer) != NULL &&
         (g_strcmp0 (driver, "ESRI Shapefile") == 0 || g_strcmp0 (driver, "CSV") == 0);
}

/* The selected layer's raster when it is an elevation model.  (nullable) */
static RaRaster *
selected_dem (RaLayerPanel *self)
{
  RaLayer *layer = ra_layer_panel_get_selected_layer (self);
  GObject *raster = layer != NULL ? ra_layer_get_raster (layer) : NULL;

  return raster != NULL && ra_raster_is_elevation (RA_RASTER (raster)) ? RA_RASTER (raster)
                                                                        : NULL;
}

static const char *
get_shading (RaLayerPanel *self)
{
  RaRaster *dem = selected_dem (self);

  return ra_raster_shading_to_key (dem != NULL ? ra_raster_get_shading (dem) : RA_RASTER_SHADE_NONE);
}

typedef struct {
  GWeakRef  panel;
  RaLayer  *layer;
} ShadingData;

static void
shading_done_cb (GObject *object, GAsyncResult *res, gpointer user_data)
{
  ShadingData *data = user_data;
  g_autoptr(RaLayer) layer = data->layer;
  g_autoptr(RaLayerPanel) self = g_weak_ref_get (&data->panel);
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (&data->panel);
  g_free (data);

  if (!ra_raster_set_shading_finish (RA_RASTER (object), res, &error))
    {
      g_autofree char *text = g_strdup_printf (_("“%s”: no hillshade: %s"),
                                               ra_layer_get_name (layer), error->message);

      if (self != NULL)
        g_signal_emit (self, signals[MESSAGE], 0, text);
      return;
    }
  ra_layer_emit_changed (layer);
}

/* Hillshade (made in a worker the first time, then cached), with a tint,
 * or the plain grey values of the selected DEM. */
static void
set_shading (RaLayerPanel *self, const char *key)
{
  RaRaster *dem = selected_dem (self);
  RaLayer *layer = ra_layer_panel_get_selected_layer (self);
  int i = ra_raster_shading_from_key (key);

  if (dem == NULL || i < 0)
    return;
  if (ra_raster_get_shading (dem) != (RaRasterShading) i)
    {
      ShadingData *data = g_new0 (ShadingData, 1);

      g_weak_ref_init (&data->panel, self);
      data->layer = g_object_ref (layer);
      ra_raster_set_shading_async (dem, i, NULL, shading_done_cb, data);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHADING]);
}

static void
update_actions (RaLayerPanel *self)
{
  RaLayer *layer = ra_layer_panel_get_selected_layer (self);
  guint pos = selected_position (self);
  guint n = self->map != NULL ? ra_map_get_n_layers (self->map) : 0;
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "layers.zoom-to-layer", layer != NULL);
  gtk_widget_action_set_enabled (widget, "layers.style", layer != NULL);
  gtk_widget_action_set_enabled (widget, "layers.assign-crs",
                                 layer != NULL && !ra_layer_has_crs (layer));
  gtk_widget_action_set_enabled (widget, "layers.text-encoding", has_text_encoding (layer));
  gtk_widget_action_set_enabled (widget, "layers.move-up", layer != NULL && pos > 0);
  gtk_widget_action_set_enabled (widget, "layers.move-down", layer != NULL && pos + 1 < n);
  gtk_widget_action_set_enabled (widget, "layers.remove", layer != NULL);
  gtk_widget_action_set_enabled (widget, "layers.shading", selected_dem (self) != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHADING]);

  self->updating_opacity = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->opacity_box), layer != NULL);
  gtk_range_set_value (GTK_RANGE (self->opacity_scale),
                       layer != NULL ? ra_layer_get_opacity (layer) * 100.0 : 100.0);
  self->updating_opacity = FALSE;

  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

static void
opacity_changed_cb (RaLayerPanel *self, GtkRange *range)
{
  RaLayer *layer = ra_layer_panel_get_selected_layer (self);

  if (self->updating_opacity || layer == NULL)
    return;
  ra_layer_set_opacity (layer, gtk_range_get_value (range) / 100.0);
}

/* Actions on the selected layer ------------------------------------------ */

static void
zoom_to_layer_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaLayerPanel *self = RA_LAYER_PANEL (widget);
  RaLayer *layer = ra_layer_panel_get_selected_layer (self);

  if (layer != NULL)
    g_signal_emit (self, signals[ZOOM_TO_LAYER], 0, layer);
}

static void
style_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaLayerPanel *self = RA_LAYER_PANEL (widget);
  RaLayer *layer = ra_layer_panel_get_selected_layer (self);
  RaStyleDialog *dialog;

  if (layer == NULL)
    return;
  dialog = ra_style_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), layer);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
assign_crs_apply_cb (RaCrsDialog *dialog, RaCrs *crs, RaLayer *layer)
{
  g_autoptr(GError) error = NULL;

  if (!ra_layer_assign_crs (layer, crs, &error))
    ra_crs_dialog_show_error (dialog, error->message);
}

static void
assign_crs_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaLayerPanel *self = RA_LAYER_PANEL (widget);
  RaLayer *layer = ra_layer_panel_get_selected_layer (self);
  g_autofree char *title = NULL;
  RaCrsDialog *dialog;

  if (layer == NULL)
    return;
  title = g_strdup_printf (_("Assign CRS to “%s”"), ra_layer_get_name (layer));
  dialog = ra_crs_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), title,
                              _("The file does not say which coordinate reference system "
                                "its coordinates are in. Choose the one it was made in; "
                                "the layer is then reprojected to the map."),
                              NULL);
  ra_crs_dialog_add_suggestion (dialog, "EPSG:4490", _("CGCS2000 (longitude/latitude)"));
  ra_crs_dialog_add_suggestion (dialog, "EPSG:4326", _("WGS 84 (longitude/latitude)"));
  ra_crs_dialog_add_suggestion (dialog, "EPSG:4549",
                                _("CGCS2000 / 3-degree Gauss-Kruger CM 120E"));
  ra_crs_dialog_add_suggestion (dialog, "EPSG:3857", _("Web Mercator"));
  g_signal_connect_object (dialog, "apply", G_CALLBACK (assign_crs_apply_cb), layer, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The encodings offered, as iconv names (NULL: detect). */
static const struct {
  const char *charset;
  const char *label;
} text_encodings[] = {
  { NULL, N_("Automatic (declared or detected)") },
  { "UTF-8", N_("UTF-8") },
  { "GB18030", N_("GB18030 / GBK (Simplified Chinese)") },
  { "BIG5", N_("Big5 (Traditional Chinese)") },
  { "ISO-8859-1", N_("Latin-1 (ISO-8859-1)") },
  { "WINDOWS-1252", N_("Windows-1252 (Western)") },
  { "SHIFT_JIS", N_("Shift_JIS (Japanese)") },
  { "EUC-KR", N_("EUC-KR (Korean)") },
};

typedef struct {
  RaLayerPanel *self;
  RaLayer      *old;
} ReloadData;

static void
reload_done_cb (GObject *object, GAsyncResult *res, gpointer user_data)
{
  ReloadData *data = user_data;
  g_autoptr(RaLayerPanel) self = data->self;
  g_autoptr(RaLayer) old = data->old;
  g_autoptr(RaSourceResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RaLayer *layer;
  int pos;

  g_free (data);
  result = ra_source_load_finish (res, &error);
  if (result == NULL || result->layers->len == 0)
    {
      GError *e = error != NULL ? error
                : (result != NULL && result->errors->len > 0 ? g_ptr_array_index (result->errors, 0) : NULL);

      g_signal_emit (self, signals[MESSAGE], 0, e != NULL ? e->message : _("the layer could not be read again"));
      return;
    }
  pos = self->map != NULL ? ra_map_find_layer (self->map, old) : -1;
  if (pos < 0)
    return;   /* removed meanwhile */
  layer = g_ptr_array_index (result->layers, 0);
  /* The same layer in the same place, with the same look. */
  ra_layer_set_style (layer, ra_layer_get_style (old));
  ra_layer_set_visible (layer, ra_layer_get_visible (old));
  ra_layer_set_opacity (layer, ra_layer_get_opacity (old));
  if (!ra_map_add_layer (self->map, layer, &error))
    {
      g_signal_emit (self, signals[MESSAGE], 0, error->message);
      return;
    }
  ra_map_remove_layer (self->map, (guint) pos + 1);
  ra_map_move_layer (self->map, 0, (guint) pos);
  ra_layer_panel_select (self, (guint) pos);
  {
    GPtrArray *warnings = ra_layer_get_warnings (layer);
    g_autofree char *text = NULL;

    if (warnings != NULL && warnings->len > 0)
      text = g_strdup_printf (_("“%s”: text encoding %s; %s"), ra_layer_get_name (layer),
                              ra_layer_get_encoding (layer),
                              (const char *) g_ptr_array_index (warnings, warnings->len - 1));
    else
      text = g_strdup_printf (_("“%s”: text encoding %s"), ra_layer_get_name (layer),
                              ra_layer_get_encoding (layer));
    g_signal_emit (self, signals[MESSAGE], 0, text);
  }
}

/**
 * ra_layer_panel_reload_with_encoding:
 * @charset: (nullable): an iconv name; NULL: declared or detected
 *
 * Reads layer's file again with its attribute text decoded from charset,
 * and puts the new layer in its place (style, visibility and opacity
 * kept).  What happened is said through the "message" signal.
 */
void
ra_layer_panel_reload_with_encoding (RaLayerPanel *self, RaLayer *layer, const char *charset)
{
  const char *names[2] = { NULL, NULL };
  ReloadData *data;

  g_return_if_fail (RA_IS_LAYER_PANEL (self));
  g_return_if_fail (RA_IS_LAYER (layer));

  if (self->map == NULL || ra_layer_get_source_path (layer) == NULL)
    return;
  names[0] = ra_layer_get_source_layer_name (layer);
  data = g_new0 (ReloadData, 1);
  data->self = g_object_ref (self);
  data->old = g_object_ref (layer);
  ra_source_load_encoded_async (ra_layer_get_source_path (layer), names[0] != NULL ? names : NULL,
                                ra_map_get_crs (self->map), charset, NULL, reload_done_cb, data);
}

static void
text_encoding_response_cb (AdwMessageDialog *dialog, const char *response, RaLayerPanel *self)
{
  GtkDropDown *drop = g_object_get_data (G_OBJECT (dialog), "drop-down");
  RaLayer *layer = g_object_get_data (G_OBJECT (dialog), "layer");
  guint i = gtk_drop_down_get_selected (drop);

  if (g_strcmp0 (response, "reload") != 0 || layer == NULL || i >= G_N_ELEMENTS (text_encodings))
    return;
  ra_layer_panel_reload_with_encoding (self, layer, text_encodings[i].charset);
}

static void
text_encoding_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaLayerPanel *self = RA_LAYER_PANEL (widget);
  RaLayer *layer = ra_layer_panel_get_selected_layer (self);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog, *drop;

  if (!has_text_encoding (layer))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (text_encodings); i++)
    gtk_string_list_append (labels, _(text_encodings[i].label));
  heading = g_strdup_printf (_("Text Encoding of “%s”"), ra_layer_get_name (layer));
  body = g_strdup_printf (_("Now: %s.\nIf names show as wrong characters, choose the encoding "
                            "the attributes were written in; the file is read again."),
                          ra_layer_get_encoding (layer) != NULL ? ra_layer_get_encoding (layer) : "UTF-8");
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading, body);
  drop = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Text encoding"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), drop);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "reload", _("_Read Again"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reload",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "reload");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "drop-down", drop);
  g_object_set_data_full (G_OBJECT (dialog), "layer", g_object_ref (layer), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (text_encoding_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
move_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaLayerPanel *self = RA_LAYER_PANEL (widget);
  guint pos = selected_position (self);
  guint n = self->map != NULL ? ra_map_get_n_layers (self->map) : 0;
  guint to;

  if (pos == GTK_INVALID_LIST_POSITION)
    return;
  if (g_str_equal (name, "layers.move-up"))
    {
      if (pos == 0)
        return;
      to = pos - 1;
    }
  else
    {
      if (pos + 1 >= n)
        return;
      to = pos + 1;
    }
  ra_map_move_layer (self->map, pos, to);
  gtk_single_selection_set_selected (self->selection, to);
  update_actions (self);
}

static void
remove_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaLayerPanel *self = RA_LAYER_PANEL (widget);
  guint pos = selected_position (self);

  if (pos == GTK_INVALID_LIST_POSITION)
    return;
  ra_map_remove_layer (self->map, pos);
  update_actions (self);
}

/* List items ------------------------------------------------------------- */

static void
row_menu_opened_cb (RaLayerRow *row, GtkListItem *item)
{
  RaLayerPanel *self = RA_LAYER_PANEL (gtk_widget_get_ancestor (GTK_WIDGET (row),
                                                                RA_TYPE_LAYER_PANEL));
  guint pos = gtk_list_item_get_position (item);

  if (self != NULL && pos != GTK_INVALID_LIST_POSITION)
    {
      gtk_single_selection_set_selected (self->selection, pos);
      update_actions (self);
    }
}

static void
setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item, RaLayerPanel *self)
{
  GtkWidget *row = ra_layer_row_new ();

  g_signal_connect (row, "menu-opened", G_CALLBACK (row_menu_opened_cb), item);
  gtk_list_item_set_child (item, row);
}

static void
bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, RaLayerPanel *self)
{
  ra_layer_row_set_layer (RA_LAYER_ROW (gtk_list_item_get_child (item)),
                          gtk_list_item_get_item (item));
}

static void
unbind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, RaLayerPanel *self)
{
  ra_layer_row_set_layer (RA_LAYER_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
selection_changed_cb (RaLayerPanel *self)
{
  update_actions (self);
}

static void
activate_cb (RaLayerPanel *self, guint position, GtkListView *list_view)
{
  RaLayer *layer = ra_map_get_layer (self->map, position);

  if (layer != NULL)
    g_signal_emit (self, signals[ZOOM_TO_LAYER], 0, layer);
}

RaMap *
ra_layer_panel_get_map (RaLayerPanel *self)
{
  g_return_val_if_fail (RA_IS_LAYER_PANEL (self), NULL);
  return self->map;
}

void
ra_layer_panel_set_map (RaLayerPanel *self, RaMap *map)
{
  g_return_if_fail (RA_IS_LAYER_PANEL (self));
  g_return_if_fail (map == NULL || RA_IS_MAP (map));

  if (self->map == map)
    return;

  if (self->map != NULL)
    g_signal_handlers_disconnect_by_func (self->map, update_actions, self);
  g_set_object (&self->map, map);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_func (self->selection, selection_changed_cb, self);
  g_clear_object (&self->selection);

  if (map != NULL)
    {
      self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (map)));
      gtk_single_selection_set_autoselect (self->selection, TRUE);
      gtk_single_selection_set_can_unselect (self->selection, TRUE);
      g_signal_connect_swapped (self->selection, "selection-changed",
                                G_CALLBACK (selection_changed_cb), self);
      g_signal_connect_object (map, "changed", G_CALLBACK (update_actions), self,
                               G_CONNECT_SWAPPED);
    }
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAP]);
}

static void
ra_layer_panel_dispose (GObject *object)
{
  RaLayerPanel *self = RA_LAYER_PANEL (object);

  if (self->map != NULL)
    g_signal_handlers_disconnect_by_func (self->map, update_actions, self);
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RA_TYPE_LAYER_PANEL);
  g_clear_object (&self->selection);
  g_clear_object (&self->map);

  G_OBJECT_CLASS (ra_layer_panel_parent_class)->dispose (object);
}

static void
ra_layer_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RaLayerPanel *self = RA_LAYER_PANEL (object);

  switch (prop_id)
    {
    case PROP_MAP:
      g_value_set_object (value, self->map);
      break;
    case PROP_SHADING:
      g_value_set_string (value, get_shading (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ra_layer_panel_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  RaLayerPanel *self = RA_LAYER_PANEL (object);

  switch (prop_id)
    {
    case PROP_MAP:
      ra_layer_panel_set_map (self, g_value_get_object (value));
      break;
    case PROP_SHADING:
      set_shading (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ra_layer_panel_class_init (RaLayerPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ra_layer_panel_dispose;
  object_class->get_property = ra_layer_panel_get_property;
  object_class->set_property = ra_layer_panel_set_property;

  properties[PROP_MAP] =
    g_param_spec_object ("map", NULL, NULL, RA_TYPE_MAP,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* The selected DEM's shading ("none", "hillshade", "tinted"): the state
   * of the layer menu's "layers.shading" radio items. */
  properties[PROP_SHADING] =
    g_param_spec_string ("shading", NULL, NULL, "none",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ZOOM_TO_LAYER] =
    g_signal_new ("zoom-to-layer", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, RA_TYPE_LAYER);
  signals[MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/reclaimatlas/ReclaimAtlas/ra-layer-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, RaLayerPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, RaLayerPanel, list_view);
  gtk_widget_class_bind_template_child (widget_class, RaLayerPanel, opacity_box);
  gtk_widget_class_bind_template_child (widget_class, RaLayerPanel, opacity_scale);
  gtk_widget_class_bind_template_callback (widget_class, opacity_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);

  gtk_widget_class_install_action (widget_class, "layers.zoom-to-layer", NULL, zoom_to_layer_action);
  gtk_widget_class_install_action (widget_class, "layers.style", NULL, style_action);
  gtk_widget_class_install_action (widget_class, "layers.assign-crs", NULL, assign_crs_action);
  gtk_widget_class_install_action (widget_class, "layers.text-encoding", NULL, text_encoding_action);
  gtk_widget_class_install_action (widget_class, "layers.move-up", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "layers.move-down", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "layers.remove", NULL, remove_action);
  gtk_widget_class_install_property_action (widget_class, "layers.shading", "shading");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "layers.remove", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "layers.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "layers.move-down", NULL);
}

static void
ra_layer_panel_init (RaLayerPanel *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  update_actions (self);
}

GtkWidget *
ra_layer_panel_new (void)
{
  return g_object_new (RA_TYPE_LAYER_PANEL, NULL);
}
