/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ra-legend.h"
#include "ra-style-dialog.h"

/* Positions of kind_row's items. */
enum {
  KIND_SINGLE,
  KIND_CATEGORIZED,
  KIND_GRADUATED,
  KIND_PROPORTIONAL,
};

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
  AdwComboRow    *kind_row;
  AdwComboRow    *field_row;
  AdwComboRow    *method_row;
  AdwActionRow   *classes_row;
  GtkSpinButton  *classes_spin;
  AdwActionRow   *breaks_row;
  GtkEntry       *breaks_entry;
  AdwComboRow    *ramp_row;
  AdwActionRow   *size_row;
  GtkSpinButton  *size_spin;
  GtkLabel       *preview_error;
  GtkListBox     *preview_list;

  /* owned */
  RaLayer        *layer;
  GtkStringList  *fields;      /* "None" then the layer's field names */
  GtkStringList  *class_fields;   /* fields offered for the kind chosen */
  GtkStringList  *ramps;
  RaStyle        *preview;       /* (nullable) the style Apply would set */
  gboolean        loading;
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

/* Fields whose values are numbers (or empty), for graduated and
 * proportional styles. */
static gboolean
field_is_numeric (RaAttrTable *attrs, guint field)
{
  gboolean any = FALSE;

  if (attrs->field_types[field] == RA_FIELD_INTEGER || attrs->field_types[field] == RA_FIELD_REAL)
    return TRUE;
  for (guint i = 0; i < attrs->n_features; i++)
    {
      const char *text = ra_attr_table_get (attrs, i, field);
      double v;

      if (text == NULL || *text == '\0')
        continue;
      if (!ra_style_parse_number (text, &v))
        return FALSE;
      any = TRUE;
    }
  return any;
}

static const char *
selected_string (AdwComboRow *row)
{
  GListModel *model = adw_combo_row_get_model (row);
  guint selected = adw_combo_row_get_selected (row);

  if (model == NULL || selected == GTK_INVALID_LIST_POSITION ||
      selected >= g_list_model_get_n_items (model))
    return NULL;
  return gtk_string_list_get_string (GTK_STRING_LIST (model), selected);
}

static void
select_string (AdwComboRow *row, const char *value)
{
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; model != NULL && value != NULL && i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), value) == 0)
      {
        adw_combo_row_set_selected (row, i);
        return;
      }
}

/* The classification fields for the chosen kind, keeping the selection
 * when the field is offered again. */
static void
update_field_model (RaStyleDialog *self)
{
  RaAttrTable *attrs = ra_layer_get_attrs (self->layer);
  guint kind = adw_combo_row_get_selected (self->kind_row);
  g_autofree char *current = g_strdup (selected_string (self->field_row));
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  guint n = 0;

  for (guint i = 0; attrs != NULL && i < attrs->n_fields; i++)
    if (kind == KIND_CATEGORIZED || field_is_numeric (attrs, i))
      {
        gtk_string_list_append (list, attrs->field_names[i]);
        n++;
      }
  if (self->class_fields != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->class_fields)) == n)
    {
      gboolean same = TRUE;

      for (guint i = 0; i < n && same; i++)
        same = g_str_equal (gtk_string_list_get_string (self->class_fields, i),
                            gtk_string_list_get_string (list, i));
      if (same)
        return;
    }
  g_set_object (&self->class_fields, list);
  adw_combo_row_set_model (self->field_row, G_LIST_MODEL (list));
  select_string (self->field_row, current);
}

/* Inner breaks typed by the user: "10, 20, 50" makes < 10, 10 – 20,
 * 20 – 50, ≥ 50.  (transfer full) breaks with open ends, n_breaks (out). */
static double *
parse_manual_breaks (const char *text, guint *n_breaks, GError **error)
{
  g_auto(GStrv) parts = g_regex_split_simple ("[,;\\s，；]+", text != NULL ? text : "", 0, 0);
  g_autoptr(GArray) breaks = g_array_new (FALSE, FALSE, sizeof (double));
  double lowest = -INFINITY;

  g_array_append_val (breaks, lowest);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      double v;

      if (*parts[i] == '\0')
        continue;
      if (!ra_style_parse_number (parts[i], &v))
        {
          g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not a number"), parts[i]);
          return NULL;
        }
      if (v <= g_array_index (breaks, double, breaks->len - 1))
        {
          g_set_error_literal (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                               _("Breaks must increase from left to right"));
          return NULL;
        }
      g_array_append_val (breaks, v);
    }
  if (breaks->len < 2)
    {
      g_set_error_literal (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                           _("Type at least one break"));
      return NULL;
    }
  lowest = INFINITY;
  g_array_append_val (breaks, lowest);
  *n_breaks = breaks->len;
  return (double *) (gpointer) g_array_free (g_steal_pointer (&breaks), FALSE);
}

/* The style Apply would set, from the current settings; the core does
 * every classification.  (transfer full) (nullable) */
static RaStyle *
build_style (RaStyleDialog *self, GError **error)
{
  g_autoptr(RaStyle) style = ra_style_copy (ra_layer_get_style (self->layer));
  RaAttrTable *attrs = ra_layer_get_attrs (self->layer);
  guint kind = adw_combo_row_get_selected (self->kind_row);
  const char *field = selected_string (self->field_row);
  const char *ramp = selected_string (self->ramp_row);
  RaClassifyMethod method = (RaClassifyMethod) adw_combo_row_get_selected (self->method_row);
  guint n_classes = (guint) gtk_spin_button_get_value_as_int (self->classes_spin);

  if (kind == KIND_SINGLE)
    {
      ra_style_clear_classes (style);
      style->kind = RA_STYLE_SINGLE;
      return g_steal_pointer (&style);
    }
  if (field == NULL || attrs == NULL)
    {
      g_set_error_literal (error, RA_ERROR, RA_ERROR_NOT_FOUND,
                           kind == KIND_CATEGORIZED ? _("The layer has no fields")
                                                    : _("The layer has no numeric fields"));
      return NULL;
    }

  switch (kind)
    {
    case KIND_CATEGORIZED:
      if (!ra_style_build_categories (style, attrs, field, error))
        return NULL;
      break;

    case KIND_GRADUATED:
      if (method == RA_CLASSIFY_MANUAL)
        {
          guint n_breaks = 0;
          g_autofree double *breaks = parse_manual_breaks (gtk_editable_get_text (GTK_EDITABLE (self->breaks_entry)),
                                                           &n_breaks, error);
          if (breaks == NULL)
            return NULL;
          ra_style_set_graduated (style, field, RA_CLASSIFY_MANUAL, breaks, n_breaks, ramp);
        }
      else if (!ra_style_build_graduated (style, attrs, field, method, n_classes, ramp, error))
        return NULL;
      break;

    case KIND_PROPORTIONAL:
    default:
      ra_style_clear_classes (style);
      style->kind = RA_STYLE_PROPORTIONAL;
      g_clear_pointer (&style->field, g_free);
      g_free (style->size_field);
      style->size_field = g_strdup (field);
      style->size_max_value = 0;   /* the layer's largest value */
      style->size_max_px = gtk_spin_button_get_value (self->size_spin);
      if (style->size_min_px <= 0)
        style->size_min_px = 4;
      break;
    }
  return g_steal_pointer (&style);
}

static void
draw_swatch (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  const RaStyleClass *cls = data;

  cairo_rectangle (cr, 1.5, 1.5, width - 3, height - 3);
  cairo_set_source_rgba (cr, cls->fill.r, cls->fill.g, cls->fill.b, cls->fill.a);
  cairo_fill_preserve (cr);
  if (cls->pattern != RA_PATTERN_NONE)
    ra_pattern_fill_path (cr, cls->pattern, &cls->pattern_color);
  cairo_set_source_rgba (cr, cls->stroke.r, cls->stroke.g, cls->stroke.b, MAX (cls->stroke.a, 0.4));
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

static void
add_preview_row (RaStyleDialog *self, const char *title, const RaStyleClass *cls)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (cls != NULL)
    {
      GtkWidget *swatch = gtk_drawing_area_new ();

      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 28);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 18);
      gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
      /* The class lives in self->preview, which outlives the row's next
       * rebuild only until then: the rows are rebuilt with it. */
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch, (gpointer) cls, NULL);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), swatch);
    }
  gtk_list_box_append (self->preview_list, row);
}

static void
clear_preview_rows (RaStyleDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->preview_list))) != NULL)
    gtk_list_box_remove (self->preview_list, child);
}

/* Rows for what the layer will show, and which settings matter. */
static void
update_preview (RaStyleDialog *self)
{
  g_autoptr(GError) error = NULL;
  guint kind = adw_combo_row_get_selected (self->kind_row);
  gboolean graduated = kind == KIND_GRADUATED;
  gboolean manual = graduated &&
    adw_combo_row_get_selected (self->method_row) == RA_CLASSIFY_MANUAL;

  if (self->loading)
    return;

  update_field_model (self);
  gtk_widget_set_visible (GTK_WIDGET (self->field_row), kind != KIND_SINGLE);
  gtk_widget_set_visible (GTK_WIDGET (self->method_row), graduated);
  gtk_widget_set_visible (GTK_WIDGET (self->classes_row), graduated && !manual);
  gtk_widget_set_visible (GTK_WIDGET (self->breaks_row), manual);
  gtk_widget_set_visible (GTK_WIDGET (self->ramp_row), graduated);
  gtk_widget_set_visible (GTK_WIDGET (self->size_row), kind == KIND_PROPORTIONAL);
  /* Class colours replace the fill. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->fill_row), kind == KIND_SINGLE ||
                            kind == KIND_PROPORTIONAL);

  clear_preview_rows (self);
  g_clear_pointer (&self->preview, ra_style_free);
  self->preview = build_style (self, &error);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_error), self->preview == NULL);
  if (self->preview == NULL)
    {
      gtk_label_set_text (self->preview_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->preview_list), FALSE);
      return;
    }

  for (guint i = 0; i < self->preview->n_classes; i++)
    {
      g_autofree char *label = ra_style_class_dup_label (self->preview, &self->preview->classes[i]);
      add_preview_row (self, label, &self->preview->classes[i]);
    }
  if (kind == KIND_PROPORTIONAL)
    {
      double max = ra_style_size_max_in_table (self->preview, ra_layer_get_attrs (self->layer));
      g_autofree char *value = ra_style_format_number (self->preview, max);
      g_autofree char *text = g_strdup_printf (_("%s drawn %.0f px wide; smaller values by area"),
                                               value, self->preview->size_max_px);
      add_preview_row (self, text, NULL);
    }

  /* Manual breaks start from the last computed ones. */
  if (graduated && !manual && self->preview->n_classes > 1)
    {
      GString *text = g_string_new (NULL);

      for (guint i = 1; i < self->preview->n_classes; i++)
        {
          g_autofree char *num = ra_style_format_number (self->preview,
                                                         self->preview->classes[i].lower);
          g_string_append_printf (text, i > 1 ? ", %s" : "%s", num);
        }
      self->loading = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->breaks_entry), text->str);
      self->loading = FALSE;
      g_string_free (text, TRUE);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->preview_list),
                          gtk_widget_get_first_child (GTK_WIDGET (self->preview_list)) != NULL);
}

static void
settings_changed_cb (RaStyleDialog *self)
{
  update_preview (self);
}

void
ra_style_dialog_set_graduated (RaStyleDialog    *self,
                               const char       *field,
                               RaClassifyMethod  method,
                               guint             n_classes,
                               const char       *ramp)
{
  g_return_if_fail (RA_IS_STYLE_DIALOG (self));

  adw_combo_row_set_selected (self->kind_row, KIND_GRADUATED);
  select_string (self->field_row, field);
  adw_combo_row_set_selected (self->method_row, method);
  gtk_spin_button_set_value (self->classes_spin, n_classes);
  if (ramp != NULL)
    select_string (self->ramp_row, ramp);
  update_preview (self);
}

guint
ra_style_dialog_get_n_preview_classes (RaStyleDialog *self)
{
  g_return_val_if_fail (RA_IS_STYLE_DIALOG (self), 0);
  return self->preview != NULL ? self->preview->n_classes : 0;
}

gboolean
ra_style_dialog_apply (RaStyleDialog *self)
{
  g_autoptr(RaStyle) style = NULL;
  g_autoptr(GError) error = NULL;
  GdkRGBA rgba;
  guint selected;

  g_return_val_if_fail (RA_IS_STYLE_DIALOG (self), FALSE);

  style = build_style (self, &error);
  if (style == NULL)
    {
      gtk_label_set_text (self->preview_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->preview_error), TRUE);
      return FALSE;
    }
  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (self->fill_button), &rgba);
  rgba_to_color (&rgba, &style->fill);
  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (self->stroke_button), &rgba);
  rgba_to_color (&rgba, &style->stroke);
  if (style->kind == RA_STYLE_PROPORTIONAL)
    {
      style->size_fill = style->fill;
      style->size_stroke = style->stroke;
    }
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
  return TRUE;
}

static void
apply_clicked_cb (RaStyleDialog *self)
{
  if (ra_style_dialog_apply (self))
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

  /* The classification the layer has now. */
  self->loading = TRUE;
  self->ramps = gtk_string_list_new ((const char * const *) ra_color_ramp_list ());
  adw_combo_row_set_model (self->ramp_row, G_LIST_MODEL (self->ramps));
  select_string (self->ramp_row, style->ramp != NULL ? style->ramp : "YlGnBu");
  switch (style->kind)
    {
    case RA_STYLE_CATEGORIZED:
      adw_combo_row_set_selected (self->kind_row, KIND_CATEGORIZED);
      break;
    case RA_STYLE_GRADUATED:
      adw_combo_row_set_selected (self->kind_row, KIND_GRADUATED);
      adw_combo_row_set_selected (self->method_row, style->method);
      if (style->n_classes >= 2)
        gtk_spin_button_set_value (self->classes_spin, style->n_classes);
      break;
    case RA_STYLE_PROPORTIONAL:
      adw_combo_row_set_selected (self->kind_row, KIND_PROPORTIONAL);
      if (style->size_max_px > 0)
        gtk_spin_button_set_value (self->size_spin, style->size_max_px);
      break;
    case RA_STYLE_SINGLE:
    default:
      adw_combo_row_set_selected (self->kind_row, KIND_SINGLE);
      break;
    }
  if (style->kind == RA_STYLE_GRADUATED && style->method == RA_CLASSIFY_MANUAL)
    {
      GString *text = g_string_new (NULL);

      for (guint i = 1; i < style->n_classes; i++)
        {
          g_autofree char *num = ra_style_format_number (style, style->classes[i].lower);
          g_string_append_printf (text, i > 1 ? ", %s" : "%s", num);
        }
      gtk_editable_set_text (GTK_EDITABLE (self->breaks_entry), text->str);
      g_string_free (text, TRUE);
    }
  self->loading = FALSE;
  update_field_model (self);
  select_string (self->field_row, style->kind == RA_STYLE_PROPORTIONAL ? style->size_field
                                                                       : style->field);
  update_preview (self);
}

static void
ra_style_dialog_dispose (GObject *object)
{
  RaStyleDialog *self = RA_STYLE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), RA_TYPE_STYLE_DIALOG);
  g_clear_object (&self->layer);
  g_clear_object (&self->fields);
  g_clear_object (&self->class_fields);
  g_clear_object (&self->ramps);
  g_clear_pointer (&self->preview, ra_style_free);

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
  gtk_widget_class_bind_template_child (widget_class, RaStyleDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, RaStyleDialog, field_row);
  gtk_widget_class_bind_template_child (widget_class, RaStyleDialog, method_row);
  gtk_widget_class_bind_template_child (widget_class, RaStyleDialog, classes_row);
  gtk_widget_class_bind_template_child (widget_class, RaStyleDialog, classes_spin);
  gtk_widget_class_bind_template_child (widget_class, RaStyleDialog, breaks_row);
  gtk_widget_class_bind_template_child (widget_class, RaStyleDialog, breaks_entry);
  gtk_widget_class_bind_template_child (widget_class, RaStyleDialog, ramp_row);
  gtk_widget_class_bind_template_child (widget_class, RaStyleDialog, size_row);
  gtk_widget_class_bind_template_child (widget_class, RaStyleDialog, size_spin);
  gtk_widget_class_bind_template_child (widget_class, RaStyleDialog, preview_error);
  gtk_widget_class_bind_template_child (widget_class, RaStyleDialog, preview_list);
  gtk_widget_class_bind_template_callback (widget_class, settings_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, apply_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ra_style_dialog_init (RaStyleDialog *self)
{
  /* Signals from the template fire while it is built: wait for the layer. */
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->loading = FALSE;
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
