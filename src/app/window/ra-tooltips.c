/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ra-tooltips.h"

/* GTK's tooltip line: up to 50 average characters (its own cap). */
#define TOOLTIP_MAX_CHARS 50

static void
max_width_chars_cb (GtkLabel *label, GParamSpec *pspec, gpointer user_data)
{
  if (gtk_label_get_max_width_chars (label) < TOOLTIP_MAX_CHARS)
    gtk_label_set_max_width_chars (label, TOOLTIP_MAX_CHARS);
}

void
ra_tooltips_fix_label (GtkLabel *label)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  if (g_object_get_data (G_OBJECT (label), "ra-tooltip-fixed") != NULL)
    return;
  g_object_set_data (G_OBJECT (label), "ra-tooltip-fixed", label);
  g_signal_connect (label, "notify::max-width-chars", G_CALLBACK (max_width_chars_cb), NULL);
  max_width_chars_cb (label, NULL, NULL);
}

static void
fix_labels_below (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child))
        ra_tooltips_fix_label (GTK_LABEL (child));
      else
        fix_labels_below (child);
    }
}

/* GTK makes a window's tooltip popup on the first pointer motion over it
 * (a child native of the window, of the private type GtkTooltipWindow);
 * its label is fixed once it is there.  The popup is found by its CSS
 * name, "tooltip", which GTK documents. */
static void
motion_cb (GtkEventControllerMotion *motion, double x, double y, gpointer user_data)
{
  GtkWidget *window = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (motion));

  for (GtkWidget *child = gtk_widget_get_first_child (window); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_NATIVE (child) && g_strcmp0 (gtk_widget_get_css_name (child), "tooltip") == 0
        && g_object_get_data (G_OBJECT (child), "ra-tooltip-fixed") == NULL)
      {
        g_object_set_data (G_OBJECT (child), "ra-tooltip-fixed", child);
        fix_labels_below (child);
      }
}

static void
toplevels_changed_cb (GListModel *toplevels, guint position, guint removed, guint added,
                      gpointer user_data)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);
      GtkEventController *motion;

      if (g_object_get_data (G_OBJECT (window), "ra-tooltip-watch") != NULL)
        continue;
      g_object_set_data (G_OBJECT (window), "ra-tooltip-watch", window);
      motion = gtk_event_controller_motion_new ();
      gtk_event_controller_set_propagation_phase (motion, GTK_PHASE_CAPTURE);
      g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), NULL);
      gtk_widget_add_controller (window, motion);
    }
}

void
ra_tooltips_install (void)
{
  static gboolean done;
  GListModel *toplevels;

  if (done)
    return;
  done = TRUE;
  toplevels = gtk_window_get_toplevels ();
  g_signal_connect (toplevels, "items-changed", G_CALLBACK (toplevels_changed_cb), NULL);
  toplevels_changed_cb (toplevels, 0, 0, g_list_model_get_n_items (toplevels), NULL);
}
