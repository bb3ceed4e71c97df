/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ra-compare-view.h"
#include "ra-renderer.h"
#include "ra-window-private.h"

/* Meeting mode: presentation (F5: fullscreen map, larger labels and
 * symbols, chrome hidden, the legend over the map, Esc leaves) and two
 * years side by side (a RaCompareView over the map, made on first use).
 * PgUp/PgDn step through the bookmarks (ra-window-bookmarks.c) on a map,
 * and anywhere while presenting. */

#define PRESENT_LABEL_SCALE  RA_PRESENTATION_LABEL_SCALE
#define PRESENT_SYMBOL_SCALE RA_PRESENTATION_SYMBOL_SCALE

struct _RaWindowMeeting
{
  /* template widgets */
  GtkWidget     *header_bar;
  GtkWidget     *status_separator;
  GtkWidget     *banner_revealer;

  /* owned */
  GtkWidget     *present_legend;          /* RaLegendView over the map */
  GtkWidget     *present_legend_box;
  GtkLabel      *left_heading;            /* sidebar, comparing: "Left map: 2023" */
  GtkLabel      *right_heading;
  GtkWidget     *right_legend;            /* RaLegendView of the right year */
  GtkWidget     *right_legend_box;
  GtkWidget     *title_card;              /* title, year and the city's figures */
  GtkLabel      *title_label;
  GtkLabel      *year_label;
  GtkLabel      *summary_label;
  RaCompareView *compare_view;            /* (nullable) made on first use */
  gboolean       presenting;
  gboolean       comparing;
  gboolean       saved_flap_reveal;
  RaBBox         present_bbox;            /* what the map showed before presenting */
  gboolean       has_present_bbox;
  int            fit_width, fit_height;   /* the map's size seen by the last frame */
  guint          fit_frames;              /* frames it held */
  gboolean       saved_inventory_visible;
  GPtrArray     *present_hidden;          /* other overlays on the map hidden while presenting */
};

/* Presentation ------------------------------------------------------------------ */

/* What an official reads first: the plan's title, the year (and how its
 * figures are known) and the city against its target. */
static void update_sidebar_legends (RaWindow *self);

static void
update_title_card (RaWindow *self)
{
  RaWindowMeeting *mt = self->meeting;
  RaStore *store = ra_window_get_store (self);
  RaPlan *plan = ra_window_get_plan (self);
  int year = ra_window_get_year (self);
  g_autofree char *title = store != NULL ? ra_store_dup_project_name (store) : NULL;
  g_autofree char *year_text = NULL, *note = NULL, *summary = NULL;

  if (mt->title_card == NULL)
    return;
  if (plan != NULL && year > 0)
    {
      note = ra_plan_dup_year_note (plan, year);
      summary = ra_plan_dup_city_summary (plan, year);
    }
  if (year > 0)
    year_text = note != NULL ? g_strdup_printf ("%d · %s", year, note)
                             : g_strdup_printf ("%d", year);
  gtk_label_set_text (mt->title_label, title != NULL ? title : "");
  gtk_label_set_text (mt->year_label, year_text != NULL ? year_text : "");
  gtk_label_set_text (mt->summary_label, summary != NULL ? summary : "");
  gtk_widget_set_visible (GTK_WIDGET (mt->year_label), year_text != NULL);
  gtk_widget_set_visible (GTK_WIDGET (mt->summary_label), summary != NULL);
  /* The comparison covers the map: each side says its year's figures, and
   * the title goes over the left one. */
  gtk_widget_set_visible (mt->title_card, mt->presenting && !mt->comparing);
  if (mt->compare_view != NULL)
    ra_compare_view_set_title (mt->compare_view, mt->presenting ? title : NULL);
}

const char *
ra_window_get_presentation_summary (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return gtk_widget_get_visible (self->meeting->title_card)
         ? gtk_label_get_text (self->meeting->summary_label) : NULL;
}

gboolean
ra_window_get_presenting (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), FALSE);
  return self->meeting->presenting;
}

GtkWidget *
ra_window_get_presentation_legend (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return self->meeting->present_legend;
}

RaMapView *
_ra_window_get_active_map_view (RaWindow *self)
{
  RaWindowMeeting *mt = self->meeting;

  return mt->comparing ? ra_compare_view_get_map_view (mt->compare_view, 0) : self->map_view;
}

void
_ra_window_queue_label_keepout (RaWindow *self)
{
  ra_map_view_queue_overlay_keepout (self->map_view);
  if (self->meeting != NULL && self->meeting->compare_view != NULL)
    for (guint side = 0; side < 2; side++)
      ra_map_view_queue_overlay_keepout (
        ra_compare_view_get_map_view (self->meeting->compare_view, side));
}

/* Once the presentation's cards have their size, what the map showed
 * before goes into the part of the map they leave free (issue 17: the
 * legend card covered the west of the city). */
static gboolean
presentation_fit_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  RaWindow *self = RA_WINDOW (user_data);
  RaWindowMeeting *mt = self->meeting;
  GtkWidget *map = GTK_WIDGET (self->map_view);
  graphene_rect_t legend = GRAPHENE_RECT_INIT (0, 0, 0, 0), title = GRAPHENE_RECT_INIT (0, 0, 0, 0);
  double left = 0, top = 0;

  if (!mt->presenting)
    return G_SOURCE_REMOVE;
  /* The window going fullscreen resizes the map a few frames later (a
   * window manager's reply): fit once its size held for 5 frames. */
  if (gtk_widget_get_width (map) != mt->fit_width || gtk_widget_get_height (map) != mt->fit_height)
    {
      mt->fit_width = gtk_widget_get_width (map);
      mt->fit_height = gtk_widget_get_height (map);
      mt->fit_frames = 0;
      return G_SOURCE_CONTINUE;
    }
  if (++mt->fit_frames < 5)
    return G_SOURCE_CONTINUE;
  if (gtk_widget_get_visible (mt->present_legend_box)
      && (gtk_widget_get_width (mt->present_legend_box) <= 0
          || !gtk_widget_compute_bounds (mt->present_legend_box, map, &legend)))
    return G_SOURCE_CONTINUE;
  if (gtk_widget_get_visible (mt->title_card)
      && (gtk_widget_get_width (mt->title_card) <= 0
          || !gtk_widget_compute_bounds (mt->title_card, map, &title)))
    return G_SOURCE_CONTINUE;
  if (legend.size.width > 0)
    left = legend.origin.x + legend.size.width;
  if (title.size.height > 0)
    top = title.origin.y + title.size.height;
  ra_map_view_set_fit_insets (self->map_view, left, top, 0, 0);
  /* Labels keep off the cards too (a long county name beside the card). */
  _ra_window_queue_label_keepout (self);
  if (mt->has_present_bbox)
    ra_map_view_zoom_to_bbox (self->map_view, &mt->present_bbox);
  mt->has_present_bbox = FALSE;
  return G_SOURCE_REMOVE;
}

void
ra_window_set_presenting (RaWindow *self, gboolean presenting)
{
  RaWindowMeeting *mt;
  double label_scale = presenting ? PRESENT_LABEL_SCALE : 1.0;
  double symbol_scale = presenting ? PRESENT_SYMBOL_SCALE : 1.0;

  g_return_if_fail (RA_IS_WINDOW (self));

  mt = self->meeting;
  presenting = !!presenting;
  if (mt->presenting == presenting)
    return;
  mt->presenting = presenting;

  if (presenting)
    {
      mt->saved_flap_reveal = adw_flap_get_reveal_flap (self->flap);
      mt->saved_inventory_visible = gtk_widget_get_visible (GTK_WIDGET (self->inventory_view));
      adw_flap_set_reveal_flap (self->flap, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->inventory_view), FALSE);
      /* Tool palettes floating over the map are editing chrome too. */
      for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->map_overlay));
           child != NULL; child = gtk_widget_get_next_sibling (child))
        if (child != GTK_WIDGET (self->map_view) && child != mt->present_legend_box &&
            child != GTK_WIDGET (mt->compare_view) && gtk_widget_get_visible (child))
          {
            gtk_widget_set_visible (child, FALSE);
            g_ptr_array_add (mt->present_hidden, g_object_ref (child));
          }
    }
  else
    {
      adw_flap_set_reveal_flap (self->flap, mt->saved_flap_reveal);
      gtk_widget_set_visible (GTK_WIDGET (self->inventory_view), mt->saved_inventory_visible);
      for (guint i = 0; i < mt->present_hidden->len; i++)
        gtk_widget_set_visible (g_ptr_array_index (mt->present_hidden, i), TRUE);
      g_ptr_array_set_size (mt->present_hidden, 0);
    }
  gtk_widget_set_visible (mt->header_bar, !presenting);
  gtk_widget_set_visible (GTK_WIDGET (mt->banner_revealer), !presenting);
  gtk_widget_set_visible (mt->status_separator, !presenting);
  _ra_window_update_content (self);   /* the status bar */
  /* The comparison has a legend of its own. */
  gtk_widget_set_visible (mt->present_legend_box, presenting && !mt->comparing);
  update_title_card (self);
  if (mt->compare_view != NULL)
    ra_compare_view_set_show_legend (mt->compare_view, presenting);
  update_sidebar_legends (self);

  ra_map_view_set_render_scale (self->map_view, label_scale, symbol_scale);
  if (mt->compare_view != NULL)
    ra_compare_view_set_render_scale (mt->compare_view, label_scale, symbol_scale);

  if (presenting)
    {
      mt->has_present_bbox = ra_map_view_has_view (self->map_view);
      if (mt->has_present_bbox)
        ra_view_get_bbox (ra_map_view_get_view (self->map_view), &mt->present_bbox);
      mt->fit_width = mt->fit_height = -1;
      gtk_widget_add_tick_callback (GTK_WIDGET (self->map_view), presentation_fit_cb, self, NULL);
      gtk_window_fullscreen (GTK_WINDOW (self));
    }
  else
    {
      ra_map_view_set_fit_insets (self->map_view, 0, 0, 0, 0);
      _ra_window_queue_label_keepout (self);
      gtk_window_unfullscreen (GTK_WINDOW (self));
    }
  gtk_widget_grab_focus (GTK_WIDGET (_ra_window_get_active_map_view (self)));
}

static void
presentation_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaWindow *self = RA_WINDOW (widget);
  RaWindowMeeting *mt = self->meeting;

  ra_window_set_presenting (self, !mt->presenting);
}

/* Comparison ---------------------------------------------------------------------- */

gboolean
ra_window_get_comparing (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), FALSE);
  return self->meeting->comparing;
}

/* While comparing (not presenting) the sidebar's legend is the left
 * year's, under a heading, and the right year's follows (issue 17: the
 * comparison had a legend for the left year only). */
static void
update_sidebar_legends (RaWindow *self)
{
  RaWindowMeeting *mt = self->meeting;
  RaLegendView *main_legend = ra_window_get_legend_view (self);
  gboolean both = mt->comparing && mt->compare_view != NULL;

  if (mt->left_heading == NULL || main_legend == NULL)
    return;
  ra_legend_view_set_map (main_legend, both ? ra_compare_view_get_map (mt->compare_view, 0)
                                            : self->map);
  ra_legend_view_set_map (RA_LEGEND_VIEW (mt->right_legend),
                          both ? ra_compare_view_get_map (mt->compare_view, 1) : NULL);
  if (both)
    {
      g_autofree char *left = g_strdup_printf (_("Left map: %d"),
                                               ra_compare_view_get_year (mt->compare_view, 0));
      g_autofree char *right = g_strdup_printf (_("Right map: %d"),
                                                ra_compare_view_get_year (mt->compare_view, 1));

      gtk_label_set_text (mt->left_heading, left);
      gtk_label_set_text (mt->right_heading, right);
    }
  gtk_widget_set_visible (GTK_WIDGET (mt->left_heading), both);
  gtk_widget_set_visible (mt->right_legend_box, both);
}

static void
compare_year_changed_cb (RaWindow *self, guint side)
{
  update_sidebar_legends (self);
}

static GtkLabel *
legend_heading_new (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 8);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (label, "accent");
  gtk_widget_set_visible (label, FALSE);
  return GTK_LABEL (label);
}

/* Puts the compare headings and the right year's legend beside the
 * sidebar's legend. */
static void
add_sidebar_legends (RaWindow *self)
{
  RaWindowMeeting *mt = self->meeting;
  GtkWidget *main_legend = GTK_WIDGET (ra_window_get_legend_view (self));
  GtkWidget *box = main_legend != NULL ? gtk_widget_get_parent (main_legend) : NULL;

  if (!GTK_IS_BOX (box))
    return;
  mt->left_heading = legend_heading_new ();
  gtk_box_insert_child_after (GTK_BOX (box), GTK_WIDGET (mt->left_heading),
                              gtk_widget_get_prev_sibling (main_legend));
  mt->right_legend_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  mt->right_heading = legend_heading_new ();
  gtk_widget_set_visible (GTK_WIDGET (mt->right_heading), TRUE);
  mt->right_legend = ra_legend_view_new ();
  gtk_box_append (GTK_BOX (mt->right_legend_box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (mt->right_legend_box), GTK_WIDGET (mt->right_heading));
  gtk_box_append (GTK_BOX (mt->right_legend_box), mt->right_legend);
  gtk_widget_set_visible (mt->right_legend_box, FALSE);
  gtk_box_insert_child_after (GTK_BOX (box), mt->right_legend_box, main_legend);
}

GtkWidget *
ra_window_get_compare_legend (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return self->meeting->right_legend;
}

RaCompareView *
ra_window_get_compare_view (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return self->meeting->compare_view;
}

/* The comparison starts where the main map is, once its views have a size
 * (before that a view would be replaced by the fit to the data). */
static gboolean
compare_initial_view_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  RaWindow *self = RA_WINDOW (user_data);
  RaWindowMeeting *mt = self->meeting;
  RaMapView *left;

  if (!mt->comparing)
    return G_SOURCE_REMOVE;
  left = ra_compare_view_get_map_view (mt->compare_view, 0);
  if (gtk_widget_get_width (GTK_WIDGET (left)) <= 0)
    return G_SOURCE_CONTINUE;
  if (ra_map_view_has_view (self->map_view))
    {
      RaBBox bbox;

      /* What the main map showed, fitted into the narrower sides. */
      ra_view_get_bbox (ra_map_view_get_view (self->map_view), &bbox);
      ra_map_view_zoom_to_bbox (left, &bbox);
    }
  return G_SOURCE_REMOVE;
}

gboolean
ra_window_set_comparing (RaWindow *self, gboolean comparing)
{
  RaWindowMeeting *mt;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (RA_IS_WINDOW (self), FALSE);

  mt = self->meeting;
  comparing = !!comparing;
  if (mt->comparing == comparing)
    return TRUE;

  if (comparing)
    {
      RaPlan *plan = ra_window_get_plan (self);
      RaStore *store = ra_window_get_store (self);
      int year = ra_window_get_year (self);
      guint n = 0;
      const int *years = plan != NULL ? ra_plan_get_years (plan, &n) : NULL;
      int left, right;

      if (plan == NULL || store == NULL || n == 0)
        {
          ra_window_show_message (self, _("Open a project with a plan to compare its years"));
          return FALSE;
        }
      /* The year shown against the plan's last year with figures of its
       * own (years after it only hold its treated wastewater), or its
       * first, from there. */
      left = ra_plan_has_year (plan, year) ? year : years[0];
      right = years[n - 1];
      while (right > years[0] && !ra_plan_year_has_own_data (plan, right))
        right--;
      if (right == left)
        {
          left = years[0];
          right = year;
        }
      if (mt->compare_view == NULL)
        {
          mt->compare_view = RA_COMPARE_VIEW (ra_compare_view_new ());
          gtk_overlay_add_overlay (self->map_overlay, GTK_WIDGET (mt->compare_view));
          g_signal_connect_object (mt->compare_view, "year-changed",
                                   G_CALLBACK (compare_year_changed_cb), self, G_CONNECT_SWAPPED);
        }
      if (!ra_compare_view_setup (mt->compare_view, self->map, plan, store,
                                  ra_window_get_thematic_mode (self),
                                  _ra_window_plan_flags (self),
                                  left, right, &error))
        {
          ra_window_show_message (self, error->message);
          return FALSE;
        }
      mt->comparing = TRUE;
      ra_compare_view_set_render_scale (mt->compare_view,
                                        mt->presenting ? PRESENT_LABEL_SCALE : 1.0,
                                        mt->presenting ? PRESENT_SYMBOL_SCALE : 1.0);
      gtk_widget_set_visible (GTK_WIDGET (mt->compare_view), TRUE);
      ra_compare_view_set_show_legend (mt->compare_view, mt->presenting);
      gtk_widget_add_tick_callback (GTK_WIDGET (mt->compare_view), compare_initial_view_cb,
                                    self, NULL);
      gtk_widget_grab_focus (GTK_WIDGET (ra_compare_view_get_map_view (mt->compare_view, 0)));
    }
  else
    {
      mt->comparing = FALSE;
      ra_compare_view_clear (mt->compare_view);
      gtk_widget_set_visible (GTK_WIDGET (mt->compare_view), FALSE);
      gtk_widget_grab_focus (GTK_WIDGET (self->map_view));
    }
  gtk_widget_set_visible (mt->present_legend_box, mt->presenting && !mt->comparing);
  update_title_card (self);
  update_sidebar_legends (self);
  return TRUE;
}

static void
compare_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaWindow *self = RA_WINDOW (widget);
  RaWindowMeeting *mt = self->meeting;

  ra_window_set_comparing (self, !mt->comparing);
}

/* Keys ------------------------------------------------------------------------ */

/* Keys: Esc leaves the modes; PgUp/PgDn step through the bookmarks on a
 * map (anywhere while presenting), before the focused widget sees them. */
static gboolean
focus_in_popover (RaWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  return focus != NULL && gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL;
}

static gboolean
escape_cb (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  RaWindow *self = RA_WINDOW (widget);
  RaWindowMeeting *mt = self->meeting;

  if (focus_in_popover (self))
    return FALSE;
  if (mt->presenting)
    ra_window_set_presenting (self, FALSE);
  else if (mt->comparing)
    ra_window_set_comparing (self, FALSE);
  else
    return FALSE;
  return TRUE;
}

static gboolean
page_key_cb (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  RaWindow *self = RA_WINDOW (widget);
  RaWindowMeeting *mt = self->meeting;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (!mt->presenting && !RA_IS_MAP_VIEW (focus))
    return FALSE;
  return ra_window_step_bookmark (self, g_variant_get_int32 (args));
}

static void
add_key (GtkShortcutController *controller, guint keyval, GtkShortcutFunc func, int arg)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keyval, 0),
                                            gtk_callback_action_new (func, NULL, NULL));

  gtk_shortcut_set_arguments (shortcut, g_variant_new_int32 (arg));
  gtk_shortcut_controller_add_shortcut (controller, shortcut);
}


/* Setup ------------------------------------------------------------------- */

void
_ra_window_meeting_class_init (GtkWidgetClass *widget_class)
{
  g_type_ensure (RA_TYPE_COMPARE_VIEW);

  gtk_widget_class_bind_template_child_full (widget_class, "header_bar", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "status_separator", FALSE, 0);

  gtk_widget_class_install_action (widget_class, "win.presentation", NULL, presentation_action);
  gtk_widget_class_install_action (widget_class, "win.compare", NULL, compare_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.presentation", NULL);
}

void
_ra_window_meeting_init (RaWindow *self)
{
  RaWindowMeeting *mt = self->meeting = g_new0 (RaWindowMeeting, 1);
  GtkEventController *keys;
  GtkWidget *scroller;

  mt->header_bar = GTK_WIDGET (_ra_window_template_child (self, "header_bar"));
  mt->status_separator = GTK_WIDGET (_ra_window_template_child (self, "status_separator"));
  mt->banner_revealer = GTK_WIDGET (_ra_window_template_child (self, "banner_revealer"));
  mt->present_hidden = g_ptr_array_new_with_free_func (g_object_unref);

  /* The legend over the map while presenting: the sidebar's is hidden. */
  mt->present_legend = ra_legend_view_new ();
  ra_legend_view_set_map (RA_LEGEND_VIEW (mt->present_legend), self->map);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 560);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), mt->present_legend);
  gtk_widget_set_halign (scroller, GTK_ALIGN_START);
  gtk_widget_set_valign (scroller, GTK_ALIGN_END);
  gtk_widget_set_margin_start (scroller, 16);
  gtk_widget_set_margin_bottom (scroller, 16);
  gtk_widget_add_css_class (scroller, "ra-map-card");
  gtk_widget_add_css_class (scroller, "ra-legend-card");
  gtk_widget_set_can_target (scroller, FALSE);
  gtk_widget_set_visible (scroller, FALSE);
  mt->present_legend_box = scroller;
  gtk_overlay_add_overlay (self->map_overlay, scroller);

  add_sidebar_legends (self);

  /* The title card at the top, in presentation and comparison. */
  {
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

    mt->title_label = GTK_LABEL (gtk_label_new (NULL));
    mt->year_label = GTK_LABEL (gtk_label_new (NULL));
    mt->summary_label = GTK_LABEL (gtk_label_new (NULL));
    gtk_widget_add_css_class (GTK_WIDGET (mt->title_label), "title-2");
    gtk_widget_add_css_class (GTK_WIDGET (mt->year_label), "heading");
    gtk_label_set_wrap (mt->summary_label, TRUE);
    gtk_label_set_max_width_chars (mt->summary_label, 70);
    gtk_label_set_justify (mt->summary_label, GTK_JUSTIFY_CENTER);
    gtk_box_append (GTK_BOX (box), GTK_WIDGET (mt->title_label));
    gtk_box_append (GTK_BOX (box), GTK_WIDGET (mt->year_label));
    gtk_box_append (GTK_BOX (box), GTK_WIDGET (mt->summary_label));
    gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
    gtk_widget_set_valign (box, GTK_ALIGN_START);
    gtk_widget_set_margin_top (box, 12);
    gtk_widget_add_css_class (box, "ra-map-card");
    gtk_widget_set_can_target (box, FALSE);
    gtk_widget_set_visible (box, FALSE);
    mt->title_card = box;
    gtk_overlay_add_overlay (self->map_overlay, box);
    g_signal_connect_object (self->figure, "notify::year", G_CALLBACK (update_title_card), self,
                             G_CONNECT_SWAPPED);
  }

  keys = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  add_key (GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_Escape, escape_cb, 0);
  add_key (GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_Page_Down, page_key_cb, 1);
  add_key (GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_Page_Up, page_key_cb, -1);
  add_key (GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_KP_Page_Down, page_key_cb, 1);
  add_key (GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_KP_Page_Up, page_key_cb, -1);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

void
_ra_window_meeting_dispose (RaWindow *self)
{
  RaWindowMeeting *mt = self->meeting;

  if (mt == NULL)
    return;
  if (mt->compare_view != NULL)
    ra_compare_view_clear (mt->compare_view);
  g_clear_pointer (&mt->present_hidden, g_ptr_array_unref);
}
