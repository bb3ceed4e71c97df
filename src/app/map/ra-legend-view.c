/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ra-legend-view.h"

/* The legend widget: the core draws the legend of the map's visible
 * layers; this widget sizes itself to it and redraws on ::changed. */

#define PADDING 8.0

struct _RaLegendView
{
  GtkWidget  parent_instance;

  /* template widgets */
  GtkLabel  *empty_label;

  /* owned */
  RaMap     *map;
  RaLegend  *legend;
  char      *font;
  guint      generation;
};

G_DEFINE_FINAL_TYPE (RaLegendView, ra_legend_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MAP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
has_items (const RaLegend *legend)
{
  return legend != NULL && legend->layers->len > 0;
}

static void
rebuild (RaLegendView *self)
{
  g_clear_pointer (&self->legend, ra_legend_free);
  if (self->map != NULL && ra_map_get_n_layers (self->map) > 0)
    {
      g_autoptr(RaMapSnapshot) snap = ra_map_snapshot_new (self->map);

      self->legend = ra_legend_new_from_snapshot (snap);
    }
  self->generation++;
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), !has_items (self->legend));
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The legend's text follows the widget's font, at the same size as the
 * map's labels would be at 100 % scale. */
static void
update_font (RaLegendView *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  const PangoFontDescription *desc = pango_context_get_font_description (context);
  g_autoptr(PangoFontDescription) copy = desc != NULL ? pango_font_description_copy (desc)
                                                      : pango_font_description_from_string ("Sans 9");

  /* CJK first: county and class names are Chinese in the samples. */
  pango_font_description_set_family (copy, "Noto Sans CJK SC, Noto Sans, sans-serif");
  pango_font_description_set_size (copy, 9 * PANGO_SCALE);
  g_free (self->font);
  self->font = pango_font_description_to_string (copy);
}

static GtkSizeRequestMode
ra_legend_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
ra_legend_view_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  RaLegendView *self = RA_LEGEND_VIEW (widget);
  int label_min = 0, label_nat = 0;
  double w = 0, h = 0;

  gtk_widget_measure (GTK_WIDGET (self->empty_label), orientation, for_size,
                      &label_min, &label_nat, NULL, NULL);
  if (!has_items (self->legend))
    {
      *minimum = label_min;
      *natural = label_nat;
      return;
    }

  if (self->font == NULL)
    update_font (self);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      ra_legend_measure (self->legend, self->font, 10000, &w, &h);
      *minimum = MIN (160, (int) ceil (w + 2 * PADDING));
      *natural = (int) ceil (w + 2 * PADDING);
    }
  else
    {
      double max_width = for_size > 0 ? for_size - 2 * PADDING : 10000;

      ra_legend_measure (self->legend, self->font, MAX (max_width, 40), &w, &h);
      *minimum = *natural = (int) ceil (h + 2 * PADDING);
    }
}

static void
ra_legend_view_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  RaLegendView *self = RA_LEGEND_VIEW (widget);

  gtk_widget_allocate (GTK_WIDGET (self->empty_label), width, height, baseline, NULL);
}

static void
ra_legend_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  RaLegendView *self = RA_LEGEND_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (!has_items (self->legend))
    {
      gtk_widget_snapshot_child (widget, GTK_WIDGET (self->empty_label), snapshot);
      return;
    }
  if (self->font == NULL)
    update_font (self);

  /* The legend is drawn for paper (dark text on white), as in print. */
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  ra_legend_draw (self->legend, cr, PADDING, PADDING, width - 2 * PADDING, self->font);
  cairo_destroy (cr);
}

static void
ra_legend_view_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
{
  RaLegendView *self = RA_LEGEND_VIEW (widget);

  GTK_WIDGET_CLASS (ra_legend_view_parent_class)->css_changed (widget, change);
  g_clear_pointer (&self->font, g_free);
  gtk_widget_queue_resize (widget);
}

RaMap *
ra_legend_view_get_map (RaLegendView *self)
{
  g_return_val_if_fail (RA_IS_LEGEND_VIEW (self), NULL);
  return self->map;
}

void
ra_legend_view_set_map (RaLegendView *self, RaMap *map)
{
  g_return_if_fail (RA_IS_LEGEND_VIEW (self));
  g_return_if_fail (map == NULL || RA_IS_MAP (map));

  if (self->map == map)
    return;
  if (self->map != NULL)
    g_signal_handlers_disconnect_by_func (self->map, rebuild, self);
  g_set_object (&self->map, map);
  if (map != NULL)
    g_signal_connect_object (map, "changed", G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAP]);
}

const RaLegend *
ra_legend_view_get_legend (RaLegendView *self)
{
  g_return_val_if_fail (RA_IS_LEGEND_VIEW (self), NULL);
  return self->legend;
}

guint
ra_legend_view_get_generation (RaLegendView *self)
{
  g_return_val_if_fail (RA_IS_LEGEND_VIEW (self), 0);
  return self->generation;
}

static void
ra_legend_view_dispose (GObject *object)
{
  RaLegendView *self = RA_LEGEND_VIEW (object);

  if (self->map != NULL)
    g_signal_handlers_disconnect_by_func (self->map, rebuild, self);
  g_clear_object (&self->map);
  gtk_widget_dispose_template (GTK_WIDGET (self), RA_TYPE_LEGEND_VIEW);
  G_OBJECT_CLASS (ra_legend_view_parent_class)->dispose (object);
}

static void
ra_legend_view_finalize (GObject *object)
{
  RaLegendView *self = RA_LEGEND_VIEW (object);

  g_clear_pointer (&self->legend, ra_legend_free);
  g_free (self->font);
  G_OBJECT_CLASS (ra_legend_view_parent_class)->finalize (object);
}

static void
ra_legend_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RaLegendView *self = RA_LEGEND_VIEW (object);

  switch (prop_id)
    {
    case PROP_MAP:
      g_value_set_object (value, self->map);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ra_legend_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  RaLegendView *self = RA_LEGEND_VIEW (object);

  switch (prop_id)
    {
    case PROP_MAP:
      ra_legend_view_set_map (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ra_legend_view_class_init (RaLegendViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ra_legend_view_dispose;
  object_class->finalize = ra_legend_view_finalize;
  object_class->get_property = ra_legend_view_get_property;
  object_class->set_property = ra_legend_view_set_property;
  widget_class->get_request_mode = ra_legend_view_get_request_mode;
  widget_class->measure = ra_legend_view_measure;
  widget_class->size_allocate = ra_legend_view_size_allocate;
  widget_class->snapshot = ra_legend_view_snapshot;
  widget_class->css_changed = ra_legend_view_css_changed;

  properties[PROP_MAP] =
    g_param_spec_object ("map", NULL, NULL, RA_TYPE_MAP,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/reclaimatlas/ReclaimAtlas/ra-legend-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RaLegendView, empty_label);
  gtk_widget_class_set_css_name (widget_class, "legendview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ra_legend_view_init (RaLegendView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Map legend"),
                                  -1);
}

GtkWidget *
ra_legend_view_new (void)
{
  return g_object_new (RA_TYPE_LEGEND_VIEW, NULL);
}
