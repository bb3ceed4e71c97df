/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ra-check-panel.h"

/* The plan check panel in the sidebar: a summary and a list of the
 * findings; activating one shows its year and county on the map. */

struct _RaCheckPanel
{
  GtkBox          parent_instance;

  /* template widgets */
  GtkLabel       *summary_label;
  GtkListView    *list_view;
  GtkStack       *stack;

  /* owned */
  GListModel     *findings;
  GtkNoSelection *selection;
};

G_DEFINE_FINAL_TYPE (RaCheckPanel, ra_check_panel, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_MODEL,
  N_PROPS
};

enum {
  FINDING_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
severity_icon (RaPlanSeverity severity)
{
  switch (severity)
    {
    case RA_PLAN_SEVERITY_ERROR:
      return "dialog-error-symbolic";
    case RA_PLAN_SEVERITY_WARNING:
      return "dialog-warning-symbolic";
    case RA_PLAN_SEVERITY_INFO:
    default:
      return "dialog-information-symbolic";
    }
}

static char *
format_value (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return g_strdup ("—");
  if (fabs (value - round (value)) < 1e-9)
    return g_strdup_printf ("%.0f", value);
  /* Plan figures have at most a few decimals; %g drops the noise. */
  g_ascii_formatd (buf, sizeof buf, "%.6g", value);
  return g_strdup (buf);
}

/* "label: value — source", one line per number. */
static char *
format_numbers (RaPlanFinding *finding)
{
  guint n = 0;
  const RaPlanNumber *numbers = ra_plan_finding_get_numbers (finding, &n);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *value = format_value (numbers[i].value);

      if (i > 0)
        g_string_append_c (text, '\n');
      /* TRANSLATORS: a number of a plan check finding: "label: value — source" */
      g_string_append_printf (text, _("%s: %s — %s"),
                              numbers[i].label != NULL ? numbers[i].label : "",
                              value,
                              numbers[i].source != NULL ? numbers[i].source : "");
    }
  return g_string_free (text, FALSE);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item, RaCheckPanel *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *message = gtk_label_new (NULL);
  GtkWidget *numbers = gtk_label_new (NULL);

  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_set_margin_top (icon, 2);
  gtk_widget_add_css_class (icon, "severity");
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (message), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_label_set_wrap (GTK_LABEL (numbers), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (numbers), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (numbers), 0);
  gtk_label_set_selectable (GTK_LABEL (numbers), FALSE);
  gtk_widget_add_css_class (numbers, "dim-label");
  gtk_widget_add_css_class (numbers, "caption");
  gtk_widget_add_css_class (numbers, "numbers");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), message);
  gtk_box_append (GTK_BOX (texts), numbers);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_widget_add_css_class (box, "finding");
  g_object_set_data (G_OBJECT (box), "icon", icon);
  g_object_set_data (G_OBJECT (box), "message", message);
  g_object_set_data (G_OBJECT (box), "numbers", numbers);
  gtk_list_item_set_child (item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item, RaCheckPanel *self)
{
  RaPlanFinding *finding = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *icon = g_object_get_data (G_OBJECT (box), "icon");
  GtkWidget *message = g_object_get_data (G_OBJECT (box), "message");
  GtkWidget *numbers = g_object_get_data (G_OBJECT (box), "numbers");
  RaPlanSeverity severity = ra_plan_finding_get_severity (finding);
  g_autofree char *numbers_text = format_numbers (finding);
  const char *adcode = ra_plan_finding_get_adcode (finding);

  gtk_image_set_from_icon_name (GTK_IMAGE (icon), severity_icon (severity));
  gtk_widget_set_tooltip_text (icon, ra_plan_severity_to_string (severity));
  gtk_widget_remove_css_class (icon, "error");
  gtk_widget_remove_css_class (icon, "warning");
  if (severity == RA_PLAN_SEVERITY_ERROR)
    gtk_widget_add_css_class (icon, "error");
  else if (severity == RA_PLAN_SEVERITY_WARNING)
    gtk_widget_add_css_class (icon, "warning");
  gtk_label_set_text (GTK_LABEL (message), ra_plan_finding_get_message (finding));
  gtk_label_set_text (GTK_LABEL (numbers), numbers_text);
  gtk_widget_set_visible (numbers, *numbers_text != '\0');
  gtk_widget_set_tooltip_text (box, adcode != NULL ? _("Click to show the county on the map")
                                                   : NULL);
  gtk_list_item_set_activatable (item, TRUE);
}

static void
activate_cb (GtkListView *list_view, guint position, RaCheckPanel *self)
{
  ra_check_panel_activate (self, position);
}

static void
update_summary (RaCheckPanel *self)
{
  guint counts[3] = { 0, 0, 0 };
  guint n = self->findings != NULL ? g_list_model_get_n_items (self->findings) : 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RaPlanFinding) finding = g_list_model_get_item (self->findings, i);
      RaPlanSeverity severity = ra_plan_finding_get_severity (finding);

      if (severity <= RA_PLAN_SEVERITY_ERROR)
        counts[severity]++;
    }
  if (self->findings == NULL)
    text = g_strdup (_("Open a project to check its plan."));
  else if (n == 0)
    text = g_strdup (_("No findings: the plan's figures agree."));
  else
    /* TRANSLATORS: summary of the plan check: errors, warnings, notes */
    text = g_strdup_printf (_("%u errors, %u warnings, %u notes"),
                            counts[RA_PLAN_SEVERITY_ERROR], counts[RA_PLAN_SEVERITY_WARNING],
                            counts[RA_PLAN_SEVERITY_INFO]);
  gtk_label_set_text (self->summary_label, text);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

GListModel *
ra_check_panel_get_model (RaCheckPanel *self)
{
  g_return_val_if_fail (RA_IS_CHECK_PANEL (self), NULL);
  return self->findings;
}

void
ra_check_panel_set_model (RaCheckPanel *self, GListModel *findings)
{
  g_return_if_fail (RA_IS_CHECK_PANEL (self));
  g_return_if_fail (findings == NULL || G_IS_LIST_MODEL (findings));

  if (self->findings == findings)
    return;
  g_set_object (&self->findings, findings);
  gtk_no_selection_set_model (self->selection, findings);
  update_summary (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

void
ra_check_panel_activate (RaCheckPanel *self, guint position)
{
  g_autoptr(RaPlanFinding) finding = NULL;

  g_return_if_fail (RA_IS_CHECK_PANEL (self));

  if (self->findings == NULL || position >= g_list_model_get_n_items (self->findings))
    return;
  finding = g_list_model_get_item (self->findings, position);
  g_signal_emit (self, signals[FINDING_ACTIVATED], 0, finding);
}

char *
ra_check_panel_dup_row_text (RaCheckPanel *self, guint position)
{
  g_autoptr(RaPlanFinding) finding = NULL;
  g_autofree char *numbers = NULL;

  g_return_val_if_fail (RA_IS_CHECK_PANEL (self), NULL);

  if (self->findings == NULL || position >= g_list_model_get_n_items (self->findings))
    return NULL;
  finding = g_list_model_get_item (self->findings, position);
  numbers = format_numbers (finding);
  return g_strdup_printf ("%s\n%s", ra_plan_finding_get_message (finding), numbers);
}

static void
ra_check_panel_dispose (GObject *object)
{
  RaCheckPanel *self = RA_CHECK_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RA_TYPE_CHECK_PANEL);
  g_clear_object (&self->selection);
  g_clear_object (&self->findings);
  G_OBJECT_CLASS (ra_check_panel_parent_class)->dispose (object);
}

static void
ra_check_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RaCheckPanel *self = RA_CHECK_PANEL (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->findings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ra_check_panel_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  RaCheckPanel *self = RA_CHECK_PANEL (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      ra_check_panel_set_model (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ra_check_panel_class_init (RaCheckPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ra_check_panel_dispose;
  object_class->get_property = ra_check_panel_get_property;
  object_class->set_property = ra_check_panel_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[FINDING_ACTIVATED] =
    g_signal_new ("finding-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, RA_TYPE_PLAN_FINDING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/reclaimatlas/ReclaimAtlas/ra-check-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, RaCheckPanel, summary_label);
  gtk_widget_class_bind_template_child (widget_class, RaCheckPanel, list_view);
  gtk_widget_class_bind_template_child (widget_class, RaCheckPanel, stack);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
  gtk_widget_class_set_css_name (widget_class, "checkpanel");
}

static void
ra_check_panel_init (RaCheckPanel *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->selection = gtk_no_selection_new (NULL);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  update_summary (self);
}

GtkWidget *
ra_check_panel_new (void)
{
  return g_object_new (RA_TYPE_CHECK_PANEL, NULL);
}
