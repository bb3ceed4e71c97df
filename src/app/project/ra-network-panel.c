/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <adwaita.h>
#include <glib/gi18n.h>

#include "ra-network-panel.h"

/* The network checks panel: a report of ra_network_analyze as rows, and
 * the switches of its map overlays. */

struct _RaNetworkPanel
{
  GtkBox           parent_instance;

  /* template widgets */
  GtkLabel        *summary_label;
  GtkSpinner      *spinner;
  GtkSwitch       *uncovered_switch;
  GtkSwitch       *farthest_switch;
  GtkListBox      *projects_list;
  GtkListBox      *areas_list;
  GtkLabel        *warnings_label;

  /* owned */
  RaNetworkReport *report;
};

G_DEFINE_FINAL_TYPE (RaNetworkPanel, ra_network_panel, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_SHOW_UNCOVERED,
  PROP_SHOW_FARTHEST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
add_row (GtkListBox *list, const char *title, const char *subtitle, const char *icon)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (icon != NULL)
    {
      GtkWidget *image = gtk_image_new_from_icon_name (icon);
      gtk_widget_add_css_class (image, g_str_equal (icon, "emblem-ok-symbolic") ? "success"
                                                                                : "warning");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), image);
    }
  gtk_list_box_append (list, row);
}

static char *
format_cost (double cost_wan, guint n_unpriced)
{
  if (isnan (cost_wan))
    return g_strdup (_("not priced"));
  if (n_unpriced > 0)
    /* TRANSLATORS: estimated cost in 10^4 yuan, some pipelines not priced */
    return g_strdup_printf (ngettext ("≥ %.1f ×10⁴ yuan (%u pipeline not priced)",
                                      "≥ %.1f ×10⁴ yuan (%u pipelines not priced)", n_unpriced),
                            cost_wan, n_unpriced);
  /* TRANSLATORS: estimated cost in 10^4 yuan */
  return g_strdup_printf (_("%.1f ×10⁴ yuan"), cost_wan);
}

static void
fill (RaNetworkPanel *self)
{
  RaNetworkReport *r = self->report;
  g_autofree char *summary = NULL;

  clear_list (self->projects_list);
  clear_list (self->areas_list);
  gtk_widget_set_visible (GTK_WIDGET (self->warnings_label), FALSE);
  if (r == NULL)
    {
      gtk_label_set_text (self->summary_label, _("No project open"));
      return;
    }

  {
    g_autofree char *cost = format_cost (r->total_cost_wan, r->n_unpriced);
    summary = g_strdup_printf (_("%.2f km of pipeline · %s"), r->total_length_m / 1000.0, cost);
    gtk_label_set_text (self->summary_label, summary);
  }

  for (guint i = 0; i < r->projects->len; i++)
    {
      RaNetworkProject *p = g_ptr_array_index (r->projects, i);
      g_autofree char *title = NULL;
      g_autofree char *cost = format_cost (p->cost_wan, p->n_unpriced);
      g_autofree char *subtitle = NULL;

      if (p->project_id == 0)
        title = g_strdup (_("Without project"));
      else
        title = g_strdup_printf ("%s %s", p->code != NULL ? p->code : "",
                                 p->name != NULL ? p->name : "");
      subtitle = g_strdup_printf (ngettext ("%u pipeline · %.2f km · %s",
                                            "%u pipelines · %.2f km · %s", p->n_pipelines),
                                  p->n_pipelines, p->length_m / 1000.0, cost);
      add_row (self->projects_list, g_strstrip (title), subtitle, NULL);
    }
  if (r->projects->len == 0)
    add_row (self->projects_list, _("No pipelines drawn yet"),
             _("Draw one with the pipeline tool (L)"), NULL);

  for (guint i = 0; i < r->areas->len; i++)
    {
      RaNetworkArea *a = g_ptr_array_index (r->areas, i);
      g_autoptr(GString) sub = g_string_new (NULL);
      gboolean ok = a->meets_density && a->meets_spacing;

      if (!isnan (a->target_km_per_km2))
        g_string_append_printf (sub, _("Density %.2f km/km² (target ≥ %.2f in %d)"),
                                a->density_km_per_km2, a->target_km_per_km2, a->target_year);
      else
        g_string_append_printf (sub, _("Density %.2f km/km²"), a->density_km_per_km2);
      g_string_append_printf (sub, _(" · %.2f km in %.2f km²"), a->pipeline_km, a->area_km2);
      g_string_append_c (sub, '\n');
      if (a->n_intakes == 0)
        g_string_append (sub, _("No intake point"));
      else if (isnan (a->max_intake_spacing_m))
        g_string_append_printf (sub, _("1 intake point · farthest point %.2f km"),
                                a->max_uncovered_distance_m / 1000.0);
      else
        g_string_append_printf (sub, _("%u intake points · spacing up to %.2f km (≤ %.2f km) · "
                                       "farthest point %.2f km"),
                                a->n_intakes, a->max_intake_spacing_m / 1000.0,
                                r->intake_spacing_max_m / 1000.0,
                                a->max_uncovered_distance_m / 1000.0);
      if (a->uncovered_km2 > 0)
        g_string_append_printf (sub, _(" · uncovered %.2f km²"), a->uncovered_km2);
      add_row (self->areas_list, a->name != NULL ? a->name : _("Built-up area"), sub->str,
               ok ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
    }
  if (r->areas->len == 0)
    add_row (self->areas_list, _("No built-up areas"),
             _("Draw or import built-up areas to check density and intake coverage"), NULL);

  if (r->warnings->len > 0)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; i < r->warnings->len; i++)
        g_string_append_printf (text, "%s%s", i > 0 ? "\n" : "",
                                (const char *) g_ptr_array_index (r->warnings, i));
      gtk_label_set_text (self->warnings_label, text->str);
      gtk_widget_set_visible (GTK_WIDGET (self->warnings_label), TRUE);
    }
}

void
ra_network_panel_set_report (RaNetworkPanel *self, RaNetworkReport *report)
{
  g_return_if_fail (RA_IS_NETWORK_PANEL (self));

  g_clear_pointer (&self->report, ra_network_report_free);
  self->report = report;
  fill (self);
}

const RaNetworkReport *
ra_network_panel_get_report (RaNetworkPanel *self)
{
  g_return_val_if_fail (RA_IS_NETWORK_PANEL (self), NULL);
  return self->report;
}

void
ra_network_panel_set_busy (RaNetworkPanel *self, gboolean busy)
{
  g_return_if_fail (RA_IS_NETWORK_PANEL (self));
  gtk_spinner_set_spinning (self->spinner, busy);
}

gboolean
ra_network_panel_get_show_uncovered (RaNetworkPanel *self)
{
  g_return_val_if_fail (RA_IS_NETWORK_PANEL (self), FALSE);
  return gtk_switch_get_active (self->uncovered_switch);
}

gboolean
ra_network_panel_get_show_farthest (RaNetworkPanel *self)
{
  g_return_val_if_fail (RA_IS_NETWORK_PANEL (self), FALSE);
  return gtk_switch_get_active (self->farthest_switch);
}

static void
append_list_text (GString *out, GtkListBox *list)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row))
      g_string_append_printf (out, "%s: %s\n",
                              adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                              adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
}

char *
ra_network_panel_dup_text (RaNetworkPanel *self)
{
  GString *out;

  g_return_val_if_fail (RA_IS_NETWORK_PANEL (self), NULL);

  out = g_string_new (gtk_label_get_text (self->summary_label));
  g_string_append_c (out, '\n');
  append_list_text (out, self->projects_list);
  append_list_text (out, self->areas_list);
  return g_string_free (out, FALSE);
}

static void
switch_notify_cb (GtkSwitch *sw, GParamSpec *pspec, RaNetworkPanel *self)
{
  g_object_notify_by_pspec (G_OBJECT (self),
                            properties[sw == self->uncovered_switch ? PROP_SHOW_UNCOVERED
                                                                    : PROP_SHOW_FARTHEST]);
}

static void
ra_network_panel_get_property (GObject *object, guint prop_id, GValue *value,
                               GParamSpec *pspec)
{
  RaNetworkPanel *self = RA_NETWORK_PANEL (object);

  switch (prop_id)
    {
    case PROP_SHOW_UNCOVERED:
      g_value_set_boolean (value, gtk_switch_get_active (self->uncovered_switch));
      break;
    case PROP_SHOW_FARTHEST:
      g_value_set_boolean (value, gtk_switch_get_active (self->farthest_switch));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ra_network_panel_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  RaNetworkPanel *self = RA_NETWORK_PANEL (object);

  switch (prop_id)
    {
    case PROP_SHOW_UNCOVERED:
      gtk_switch_set_active (self->uncovered_switch, g_value_get_boolean (value));
      break;
    case PROP_SHOW_FARTHEST:
      gtk_switch_set_active (self->farthest_switch, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ra_network_panel_dispose (GObject *object)
{
  RaNetworkPanel *self = RA_NETWORK_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RA_TYPE_NETWORK_PANEL);
  g_clear_pointer (&self->report, ra_network_report_free);

  G_OBJECT_CLASS (ra_network_panel_parent_class)->dispose (object);
}

static void
ra_network_panel_class_init (RaNetworkPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ra_network_panel_dispose;
  object_class->get_property = ra_network_panel_get_property;
  object_class->set_property = ra_network_panel_set_property;

  /* The switches' state; they notify when toggled. */
  properties[PROP_SHOW_UNCOVERED] =
    g_param_spec_boolean ("show-uncovered", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SHOW_FARTHEST] =
    g_param_spec_boolean ("show-farthest", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/reclaimatlas/ReclaimAtlas/ra-network-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, RaNetworkPanel, summary_label);
  gtk_widget_class_bind_template_child (widget_class, RaNetworkPanel, spinner);
  gtk_widget_class_bind_template_child (widget_class, RaNetworkPanel, uncovered_switch);
  gtk_widget_class_bind_template_child (widget_class, RaNetworkPanel, farthest_switch);
  gtk_widget_class_bind_template_child (widget_class, RaNetworkPanel, projects_list);
  gtk_widget_class_bind_template_child (widget_class, RaNetworkPanel, areas_list);
  gtk_widget_class_bind_template_child (widget_class, RaNetworkPanel, warnings_label);
}

static void
ra_network_panel_init (RaNetworkPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->uncovered_switch, "notify::active",
                           G_CALLBACK (switch_notify_cb), self, 0);
  g_signal_connect_object (self->farthest_switch, "notify::active",
                           G_CALLBACK (switch_notify_cb), self, 0);
  fill (self);
}

GtkWidget *
ra_network_panel_new (void)
{
  return g_object_new (RA_TYPE_NETWORK_PANEL, NULL);
}
