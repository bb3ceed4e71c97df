/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ra-layer-row.h"
#include "ra-raster.h"

/* One row of the layer list: visibility, geometry icon, name, warnings and a
 * menu whose items are the layer panel's "layers.*" actions. */

struct _RaLayerRow
{
  GtkWidget       parent_instance;

  /* template widgets */
  GtkWidget      *box;
  GtkCheckButton *visible_check;
  GtkImage       *kind_icon;
  GtkLabel       *name_label;
  GtkImage       *warning_icon;
  GtkMenuButton  *menu_button;

  /* owned */
  RaLayer        *layer;
  char           *warning_text;
};

G_DEFINE_FINAL_TYPE (RaLayerRow, ra_layer_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LAYER,
  N_PROPS
};

enum {
  MENU_OPENED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
kind_icon_name (RaGeomKind kind)
{
  switch (kind)
    {
    case RA_GEOM_POINT:
      return "ra-layer-point-symbolic";
    case RA_GEOM_LINE:
      return "ra-layer-line-symbolic";
    case RA_GEOM_POLYGON:
      return "ra-layer-polygon-symbolic";
    case RA_GEOM_NONE:
    default:
      return "ra-layer-table-symbolic";
    }
}

static const char *
kind_description (RaGeomKind kind)
{
  switch (kind)
    {
    case RA_GEOM_POINT:
      return _("Point layer");
    case RA_GEOM_LINE:
      return _("Line layer");
    case RA_GEOM_POLYGON:
      return _("Polygon layer");
    case RA_GEOM_NONE:
    default:
      return _("Table without geometry");
    }
}

static char *
raster_description (RaRaster *raster, const char *path, RaCrs *crs)
{
  const char *what;

  if (ra_raster_is_elevation (raster))
    what = ra_raster_get_shading (raster) == RA_RASTER_SHADE_NONE ? _("Elevation model")
           : ra_raster_get_shading (raster) == RA_RASTER_SHADE_TINTED
             ? _("Elevation model, hillshade with tint") : _("Elevation model, hillshade");
  else
    what = _("Raster image");
  /* TRANSLATORS: kind, width × height pixels, driver, path, CRS */
  return g_strdup_printf (_("%s, %d × %d pixels (%s)\n%s\nCRS: %s"), what,
                          ra_raster_get_width (raster), ra_raster_get_height (raster),
                          ra_raster_get_driver (raster), path != NULL ? path : "",
                          crs != NULL ? ra_crs_get_name (crs) : _("unknown"));
}

static void
update_row (RaLayerRow *self)
{
  g_autoptr(GString) warnings = NULL;
  g_autofree char *kind_tooltip = NULL;
  g_autofree char *path = NULL;
  GPtrArray *list;
  const char *encoding;
  GObject *raster;
  RaCrs *crs;

  g_clear_pointer (&self->warning_text, g_free);
  if (self->layer == NULL)
    return;

  gtk_label_set_text (self->name_label, ra_layer_get_name (self->layer));
  gtk_check_button_set_active (self->visible_check, ra_layer_get_visible (self->layer));
  raster = ra_layer_get_raster (self->layer);
  gtk_image_set_from_icon_name (self->kind_icon,
                                raster != NULL ? "ra-layer-raster-symbolic"
                                               : kind_icon_name (ra_layer_get_kind (self->layer)));

  crs = ra_layer_get_source_crs (self->layer);
  /* A file name in GBK bytes is no valid text for a tooltip. */
  path = ra_path_display_name (ra_layer_get_source_path (self->layer));
  if (raster != NULL)
    kind_tooltip = raster_description (RA_RASTER (raster), path, crs);
  else
    kind_tooltip = g_strdup_printf (ngettext ("%s, %u feature\n%s\nCRS: %s",
                                              "%s, %u features\n%s\nCRS: %s",
                                              ra_layer_get_n_features (self->layer)),
                                    kind_description (ra_layer_get_kind (self->layer)),
                                    ra_layer_get_n_features (self->layer),
                                    path != NULL ? path : "",
                                    crs != NULL ? ra_crs_get_name (crs) : _("unknown"));
  encoding = ra_layer_get_encoding (self->layer);
  if (encoding != NULL)
    {
      char *with_encoding = g_strdup_printf (_("%s\nAttribute encoding: %s"), kind_tooltip, encoding);
      g_free (kind_tooltip);
      kind_tooltip = with_encoding;
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_label), kind_tooltip);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->kind_icon), kind_tooltip);

  warnings = g_string_new (NULL);
  list = ra_layer_get_warnings (self->layer);
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      if (warnings->len > 0)
        g_string_append_c (warnings, '\n');
      g_string_append (warnings, g_ptr_array_index (list, i));
    }
  if (warnings->len > 0 && encoding != NULL)
    {
      g_string_append_c (warnings, '\n');
      g_string_append_printf (warnings, _("Attribute encoding: %s"), encoding);
    }

  if (warnings->len > 0)
    {
      self->warning_text = g_string_free (g_steal_pointer (&warnings), FALSE);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->warning_icon), self->warning_text);
      gtk_widget_set_visible (GTK_WIDGET (self->warning_icon), TRUE);
    }
  else
    {
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->warning_icon), NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->warning_icon), FALSE);
    }
}

static void
visible_toggled_cb (RaLayerRow *self, GtkCheckButton *check)
{
  gboolean active = gtk_check_button_get_active (check);

  if (self->layer != NULL && ra_layer_get_visible (self->layer) != active)
    ra_layer_set_visible (self->layer, active);
}

static void
menu_shown_cb (RaLayerRow *self)
{
  g_signal_emit (self, signals[MENU_OPENED], 0);
}

RaLayer *
ra_layer_row_get_layer (RaLayerRow *self)
{
  g_return_val_if_fail (RA_IS_LAYER_ROW (self), NULL);
  return self->layer;
}

void
ra_layer_row_set_layer (RaLayerRow *self, RaLayer *layer)
{
  g_return_if_fail (RA_IS_LAYER_ROW (self));
  g_return_if_fail (layer == NULL || RA_IS_LAYER (layer));

  if (self->layer == layer)
    return;
  if (self->layer != NULL)
    g_signal_handlers_disconnect_by_func (self->layer, update_row, self);
  g_set_object (&self->layer, layer);
  if (layer != NULL)
    {
      /* Contents, and the name, visibility and style set from elsewhere
       * (the plan's year, the plan hiding its reference layers). */
      g_signal_connect_object (layer, "changed", G_CALLBACK (update_row), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (layer, "notify", G_CALLBACK (update_row), self, G_CONNECT_SWAPPED);
    }
  update_row (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAYER]);
}

const char *
ra_layer_row_get_warning_text (RaLayerRow *self)
{
  g_return_val_if_fail (RA_IS_LAYER_ROW (self), NULL);
  return self->warning_text;
}

static void
ra_layer_row_dispose (GObject *object)
{
  RaLayerRow *self = RA_LAYER_ROW (object);

  if (self->layer != NULL)
    g_signal_handlers_disconnect_by_func (self->layer, update_row, self);
  g_clear_object (&self->layer);
  g_clear_pointer (&self->warning_text, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), RA_TYPE_LAYER_ROW);

  G_OBJECT_CLASS (ra_layer_row_parent_class)->dispose (object);
}

static void
ra_layer_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RaLayerRow *self = RA_LAYER_ROW (object);

  switch (prop_id)
    {
    case PROP_LAYER:
      g_value_set_object (value, self->layer);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ra_layer_row_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  RaLayerRow *self = RA_LAYER_ROW (object);

  switch (prop_id)
    {
    case PROP_LAYER:
      ra_layer_row_set_layer (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ra_layer_row_class_init (RaLayerRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ra_layer_row_dispose;
  object_class->get_property = ra_layer_row_get_property;
  object_class->set_property = ra_layer_row_set_property;

  properties[PROP_LAYER] =
    g_param_spec_object ("layer", NULL, NULL, RA_TYPE_LAYER,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted when the row's menu opens, so the panel can select the row
   * the menu's actions will apply to. */
  signals[MENU_OPENED] =
    g_signal_new ("menu-opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/reclaimatlas/ReclaimAtlas/ra-layer-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RaLayerRow, box);
  gtk_widget_class_bind_template_child (widget_class, RaLayerRow, visible_check);
  gtk_widget_class_bind_template_child (widget_class, RaLayerRow, kind_icon);
  gtk_widget_class_bind_template_child (widget_class, RaLayerRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, RaLayerRow, warning_icon);
  gtk_widget_class_bind_template_child (widget_class, RaLayerRow, menu_button);
  gtk_widget_class_bind_template_callback (widget_class, visible_toggled_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "layerrow");
}

static void
ra_layer_row_init (RaLayerRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (gtk_menu_button_get_popover (self->menu_button), "show",
                           G_CALLBACK (menu_shown_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
ra_layer_row_new (void)
{
  return g_object_new (RA_TYPE_LAYER_ROW, NULL);
}
