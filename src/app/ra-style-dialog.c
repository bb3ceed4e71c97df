/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ra-style-dialog.h"

struct _RaStyleDialog
{
  AdwWindow       parent_instance;

  /* template widgets */
  AdwWindowTitle *window_title;
  AdwActionRow   *fill_row;
  GtkColorButton *fill_button;
  GtkColorButton *stroke_button;
  GtkSpinButton  *stroke_width_spin;
  AdwPreferencesGroup *marker_group;
  GtkDropDown    *marker_dropdown;
  GtkSpinButton  *marker_size_spin;
  GtkDropDown    *label_dropdown;
  GtkScale       *opacity_scale;

  /* owned */
  RaLayer        *layer;
  GtkStringList  *fields;      /* "None" then the layer's field names */
};

G_DEFINE_FINAL_TYPE (RaStyleDialog, ra_style_dialog, ADW_TYPE_WINDOW)

static void
color_to_rgba (const RaColor *c, GdkRGBA *rgba)
{
  *rgba = (GdkRGBA) { c->r, c->g, c->b, c->a };
}

static void
rgba_to_color (const GdkRGBA *rgba, RaColor *c)
{
  *c = (RaColor) { rgba->red, rgba->green, rgba->blue, rgba->alpha };
}

void
ra_style_dialog_apply (RaStyleDialog *self)
{
  g_autoptr(RaStyle) style = NULL;
  GdkRGBA rgba;
  guint selected;

  g_return_if_fail (RA_IS_STYLE_DIALOG (self));

  style = ra_style_copy (ra_layer_get_style (self->layer));
  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (self->fill_button), &rgba);
  rgba_to_color (&rgba, &style->fill);
  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (self->stroke_button), &rgba);
  rgba_to_color (&rgba, &style->stroke);
  style->stroke_width_px = gtk_spin_button_get_value (self->stroke_width_spin);
  style->marker = (RaMarker) gtk_drop_down_get_selected (self->marker_dropdown);
  style->marker_size_px = gtk_spin_button_get_value (self->marker_size_spin);

  selected = gtk_drop_down_get_selected (self->label_dropdown);
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    ra_style_set_label_field (style, NULL);
  else
    ra_style_set_label_field (style, gtk_string_list_get_string (self->fields, selected));

  ra_layer_set_style (self->layer, style);
  ra_layer_set_opacity (self->layer, gtk_range_get_value (GTK_RANGE (self->opacity_scale)) / 100.0);
}

static void
apply_clicked_cb (RaStyleDialog *self)
{
  ra_style_dialog_apply (self);
  gtk_window_close (GTK_WINDOW (self));
}

static void
cancel_clicked_cb (RaStyleDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
load_layer (RaStyleDialog *self)
{
  const RaStyle *style = ra_layer_get_style (self->layer);
  RaAttrTable *attrs = ra_layer_get_attrs (self->layer);
  RaGeomKind kind = ra_layer_get_kind (self->layer);
  GdkRGBA rgba;
  guint label_pos = 0;

  adw_window_title_set_subtitle (self->window_title, ra_layer_get_name (self->layer));

  color_to_rgba (&style->fill, &rgba);
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->fill_button), &rgba);
  color_to_rgba (&style->stroke, &rgba);
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->stroke_button), &rgba);
  gtk_spin_button_set_value (self->stroke_width_spin, style->stroke_width_px);
  gtk_drop_down_set_selected (self->marker_dropdown, style->marker);
  gtk_spin_button_set_value (self->marker_size_spin, style->marker_size_px);
  gtk_range_set_value (GTK_RANGE (self->opacity_scale), ra_layer_get_opacity (self->layer) * 100.0);

  /* Lines have no fill; only points have markers. */
  gtk_widget_set_visible (GTK_WIDGET (self->fill_row), kind != RA_GEOM_LINE);
  gtk_widget_set_visible (GTK_WIDGET (self->marker_group), kind == RA_GEOM_POINT);

  self->fields = gtk_string_list_new (NULL);
  gtk_string_list_append (self->fields, _("None"));
  for (guint i = 0; attrs != NULL && i < attrs->n_fields; i++)
    {
      gtk_string_list_append (self->fields, attrs->field_names[i]);
      if (g_strcmp0 (attrs->field_names[i], style->label_field) == 0)
        label_pos = i + 1;
    }
  gtk_drop_down_set_model (self->label_dropdown, G_LIST_MODEL (self->fields));
  gtk_drop_down_set_selected (self->label_dropdown, label_pos);
}

static void
ra_style_dialog_dispose (GObject *object)
{
  RaStyleDialog *self = RA_STYLE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), RA_TYPE_STYLE_DIALOG);
  g_clear_object (&self->layer);
  g_clear_object (&self->fields);

  G_OBJECT_CLASS (ra_style_dialog_parent_class)->dispose (object);
}

static void
ra_style_dialog_class_init (RaStyleDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ra_style_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/reclaimatlas/ReclaimAtlas/ra-style-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RaStyleDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, RaStyleDialog, fill_row);
  gtk_widget_class_bind_template_child (widget_class, RaStyleDialog, fill_button);
  gtk_widget_class_bind_template_child (widget_class, RaStyleDialog, stroke_button);
  gtk_widget_class_bind_template_child (widget_class, RaStyleDialog, stroke_width_spin);
  gtk_widget_class_bind_template_child (widget_class, RaStyleDialog, marker_group);
  gtk_widget_class_bind_template_child (widget_class, RaStyleDialog, marker_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RaStyleDialog, marker_size_spin);
  gtk_widget_class_bind_template_child (widget_class, RaStyleDialog, label_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RaStyleDialog, opacity_scale);
  gtk_widget_class_bind_template_callback (widget_class, apply_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ra_style_dialog_init (RaStyleDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

RaStyleDialog *
ra_style_dialog_new (GtkWindow *parent, RaLayer *layer)
{
  RaStyleDialog *self;

  g_return_val_if_fail (RA_IS_LAYER (layer), NULL);

  self = g_object_new (RA_TYPE_STYLE_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->layer = g_object_ref (layer);
  load_layer (self);
  return self;
}
