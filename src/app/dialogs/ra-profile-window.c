/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ra-file-chooser.h"
#include "ra-profile-window.h"

struct _RaProfileWindow
{
  AdwWindow           parent_instance;

  GSettings          *settings;
  GtkWidget          *node_drop;      /* the users (and junctions) to route to */
  GtkStringList      *node_labels;
  GPtrArray          *node_ids;       /* char*, as node_labels */
  GtkWidget          *ground_label;
  GtkWidget          *stack;          /* "chart" or "error" */
  GtkWidget          *area;
  GtkWidget          *error_page;
  GtkWidget          *pipes_grid;
  GtkWidget          *messages_label;
  GtkWidget          *export_button;

  RaStore            *store;          /* weak: where typed design flows go */
  RaHydraulics       *hydraulics;
  RaProfileChartData *data;
  char               *node_id;        /* the route's end */
  char               *error;
  gboolean            filling;
};

G_DEFINE_FINAL_TYPE (RaProfileWindow, ra_profile_window, ADW_TYPE_WINDOW)

static void
draw_cb (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  RaProfileWindow *self = user_data;
  cairo_rectangle_t rect = { 0, 0, width, height };

  if (self->data != NULL)
    ra_profile_chart_draw (cr, &rect, self->data);
}

static GtkWidget *
cell (const char *text, gboolean numeric, gboolean header)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0 : 0.0);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  if (header)
    gtk_widget_add_css_class (label, "heading");
  return label;
}

static void show_error (RaProfileWindow *self, const char *text);

static void
typed_flow_activate_cb (GtkEntry *entry, RaProfileWindow *self)
{
  gint64 pipeline_id = *(gint64 *) g_object_get_data (G_OBJECT (entry), "pipeline-id");
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  g_autoptr(GError) error = NULL;
  char *end = NULL;
  double v = NAN;

  if (self->store == NULL)
    return;
  if (*text != '\0')
    {
      v = g_ascii_strtod (text, &end);
      if (end == text || *end != '\0' || !isfinite (v) || v <= 0)
        {
          gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
          gtk_widget_set_tooltip_text (GTK_WIDGET (entry),
                                       _("A flow in L/s, more than 0; empty: from the allocations"));
          return;
        }
    }
  /* One undoable edit; the window follows the change and solves again. */
  if (!ra_hydraulics_set_design_flow (self->store, pipeline_id, v, &error))
    show_error (self, error->message);
}

/* The design flow typed for a pipe's pipeline: empty means "from the
 * allocations". */
static GtkWidget *
typed_flow_entry (RaProfileWindow *self, const RaHydraulicsPipe *p)
{
  GtkWidget *entry = gtk_entry_new ();
  g_autofree char *name = g_strdup_printf (_("Design flow typed for %s (L/s)"), p->id);

  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 7);
  gtk_editable_set_alignment (GTK_EDITABLE (entry), 1.0);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("auto"));
  if (isfinite (p->typed_flow_lps))
    {
      g_autofree char *text = g_strdup_printf ("%.1f", p->typed_flow_lps);

      gtk_editable_set_text (GTK_EDITABLE (entry), text);
    }
  gtk_widget_set_tooltip_text (entry, _("Type a design flow for this pipeline (Enter), or leave "
                                        "it empty to take it from the allocations"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data_full (G_OBJECT (entry), "pipeline-id",
                          g_memdup2 (&p->pipeline_id, sizeof p->pipeline_id), g_free);
  g_signal_connect (entry, "activate", G_CALLBACK (typed_flow_activate_cb), self);
  return entry;
}

/* The pipes from the source to the route's end, upstream first. */
static void
fill_pipes (RaProfileWindow *self, int node)
{
  GArray *nodes = ra_hydraulics_get_nodes (self->hydraulics);
  GArray *pipes = ra_hydraulics_get_pipes (self->hydraulics);
  g_autoptr(GArray) route = g_array_new (FALSE, FALSE, sizeof (int));
  static const char *headers[] = {
    N_("Pipe"), N_("Pipeline"), N_("Length (m)"), N_("Design flow (L/s)"),
    N_("Typed flow (L/s)"), N_("DN"), N_("Material"), N_("Velocity (m/s)"), N_("Head loss (m)"),
    N_("Head at end (m)"),
  };
  GtkWidget *child;
  int row = 1;

  while ((child = gtk_widget_get_first_child (self->pipes_grid)) != NULL)
    gtk_grid_remove (GTK_GRID (self->pipes_grid), child);
  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    gtk_grid_attach (GTK_GRID (self->pipes_grid), cell (_(headers[c]), c >= 2 && c != 6, TRUE),
                     c, 0, 1, 1);
  for (int n = node; n >= 0;)
    {
      const RaHydraulicsNode *nd = &g_array_index (nodes, RaHydraulicsNode, n);

      if (nd->upstream_pipe < 0)
        break;
      g_array_prepend_val (route, nd->upstream_pipe);
      n = (int) g_array_index (pipes, RaHydraulicsPipe, nd->upstream_pipe).from;
    }
  for (guint i = 0; i < route->len; i++, row++)
    {
      const RaHydraulicsPipe *p = &g_array_index (pipes, RaHydraulicsPipe,
                                                  g_array_index (route, int, i));
      const RaHydraulicsNode *to = &g_array_index (nodes, RaHydraulicsNode, p->to);
      g_autofree char *len = g_strdup_printf ("%.1f", p->length_m);
      g_autofree char *flow = g_strdup_printf ("%.1f", p->flow_lps);
      g_autofree char *dn = g_strdup_printf ("DN%.0f", p->dn_mm);
      g_autofree char *vel = g_strdup_printf ("%.2f", p->velocity_m_s);
      g_autofree char *loss = g_strdup_printf ("%.2f", p->headloss_m);
      g_autofree char *head = g_strdup_printf ("%.2f", to->head_m);
      const char *texts[] = { p->id, p->name != NULL ? p->name : "", len, flow, NULL, dn,
                              ra_pipe_material_to_string (p->material), vel, loss, head };

      for (guint c = 0; c < G_N_ELEMENTS (texts); c++)
        {
          GtkWidget *label;

          if (c == 4)
            {
              gtk_grid_attach (GTK_GRID (self->pipes_grid), typed_flow_entry (self, p), c, row, 1, 1);
              continue;
            }
          label = cell (texts[c], c >= 2 && c != 6, FALSE);

          /* Long pipeline names give way to the figures; whole in the tooltip. */
          if (c == 1)
            {
              gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
              gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
              gtk_widget_set_hexpand (label, TRUE);
              gtk_widget_set_tooltip_text (label, texts[c]);
            }
          gtk_grid_attach (GTK_GRID (self->pipes_grid), label, c, row, 1, 1);
        }
    }
}

static void
show_error (RaProfileWindow *self, const char *text)
{
  g_free (self->error);
  self->error = g_strdup (text);
  g_clear_pointer (&self->data, ra_profile_chart_data_free);
  adw_status_page_set_description (ADW_STATUS_PAGE (self->error_page), text);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "error");
  gtk_widget_set_sensitive (self->export_button, FALSE);
}

gboolean
ra_profile_window_show_node (RaProfileWindow *self, const char *node_id)
{
  g_autoptr(GError) error = NULL;
  RaProfileChartData *data;
  int node;

  g_return_val_if_fail (RA_IS_PROFILE_WINDOW (self), FALSE);
  if (self->hydraulics == NULL || (node = ra_hydraulics_find_node (self->hydraulics, node_id)) < 0)
    return FALSE;
  data = ra_hydraulics_profile (self->hydraulics, node_id, &error);
  if (data == NULL)
    {
      show_error (self, error->message);
      return FALSE;
    }
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->data, ra_profile_chart_data_free);
  self->data = data;
  g_free (self->node_id);
  self->node_id = g_strdup (node_id);
  fill_pipes (self, node);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "chart");
  gtk_widget_set_sensitive (self->export_button, TRUE);
  gtk_widget_queue_draw (self->area);

  self->filling = TRUE;
  for (guint i = 0; i < self->node_ids->len; i++)
    if (g_str_equal (g_ptr_array_index (self->node_ids, i), node_id))
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->node_drop), i);
  self->filling = FALSE;
  return TRUE;
}

static void
node_chosen_cb (RaProfileWindow *self)
{
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->node_drop));

  if (self->filling || i == GTK_INVALID_LIST_POSITION || i >= self->node_ids->len)
    return;
  ra_profile_window_show_node (self, g_ptr_array_index (self->node_ids, i));
}

void
ra_profile_window_update (RaProfileWindow *self, RaStore *store, int year, RaRaster *dem)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *keep = g_strdup (self->node_id);
  g_autoptr(GString) messages = g_string_new (NULL);
  GArray *nodes, *sources;
  GPtrArray *list;
  g_autofree char *subtitle = NULL;

  g_return_if_fail (RA_IS_PROFILE_WINDOW (self));

  g_clear_pointer (&self->hydraulics, ra_hydraulics_free);
  g_set_weak_pointer (&self->store, store);
  self->filling = TRUE;
  gtk_string_list_splice (self->node_labels, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->node_labels)), NULL);
  g_ptr_array_set_size (self->node_ids, 0);
  self->filling = FALSE;

  {
    g_autofree char *dem_name = dem != NULL ? g_path_get_basename (ra_raster_get_path (dem)) : NULL;

    /* TRANSLATORS: the profile window's year and the ground's source */
    subtitle = dem != NULL ? g_strdup_printf (_("%d · ground from %s"), year, dem_name)
                           : g_strdup_printf (_("%d · ground taken as flat: no elevation model "
                                                "on the map"), year);
    gtk_label_set_text (GTK_LABEL (self->ground_label), subtitle);
    gtk_widget_set_tooltip_text (self->ground_label,
                                 dem != NULL ? ra_raster_get_path (dem) : subtitle);
  }

  self->hydraulics = store != NULL ? ra_hydraulics_new_from_store (store, year, NULL, dem, &error)
                                   : NULL;
  if (self->hydraulics == NULL)
    {
      show_error (self, error != NULL ? error->message : _("No project is open."));
      gtk_label_set_text (GTK_LABEL (self->messages_label), "");
      return;
    }

  nodes = ra_hydraulics_get_nodes (self->hydraulics);
  self->filling = TRUE;
  for (guint i = 0; i < nodes->len; i++)
    {
      const RaHydraulicsNode *n = &g_array_index (nodes, RaHydraulicsNode, i);
      g_autofree char *label = NULL;

      if (n->kind != RA_HYDRAULICS_NODE_USER)
        continue;
      label = g_strdup_printf ("%s %s", n->id, n->name != NULL ? n->name : "");
      gtk_string_list_append (self->node_labels, label);
      g_ptr_array_add (self->node_ids, g_strdup (n->id));
    }
  self->filling = FALSE;

  list = ra_hydraulics_get_messages (self->hydraulics);
  for (guint i = 0; list != NULL && i < list->len; i++)
    g_string_append_printf (messages, "%s%s", i > 0 ? "\n" : "",
                            (const char *) g_ptr_array_index (list, i));
  gtk_label_set_text (GTK_LABEL (self->messages_label), messages->str);
  gtk_widget_set_visible (self->messages_label, messages->len > 0);

  if (self->node_ids->len == 0)
    {
      show_error (self, _("No water user is reached by a pipeline in this year: draw or link "
                          "pipelines from a plant to its users first."));
      return;
    }
  if (keep != NULL && ra_profile_window_show_node (self, keep))
    return;
  /* The user that sets the first plant's pump head: the critical route. */
  sources = ra_hydraulics_get_sources (self->hydraulics);
  if (sources->len > 0)
    {
      const RaHydraulicsSource *s = &g_array_index (sources, RaHydraulicsSource, 0);

      if (ra_profile_window_show_node (self,
                                       g_array_index (nodes, RaHydraulicsNode, s->worst_node).id))
        return;
    }
  ra_profile_window_show_node (self, g_ptr_array_index (self->node_ids, 0));
}

const RaProfileChartData *
ra_profile_window_get_data (RaProfileWindow *self)
{
  g_return_val_if_fail (RA_IS_PROFILE_WINDOW (self), NULL);
  return self->data;
}

const char *
ra_profile_window_get_error (RaProfileWindow *self)
{
  g_return_val_if_fail (RA_IS_PROFILE_WINDOW (self), NULL);
  return self->error;
}

gboolean
ra_profile_window_export (RaProfileWindow *self, const char *path, GError **error)
{
  g_return_val_if_fail (RA_IS_PROFILE_WINDOW (self), FALSE);
  if (self->data == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           self->error != NULL ? self->error : _("No profile to export"));
      return FALSE;
    }
  /* A4 landscape proportions: 1600 × 900 px, or 842 × 474 pt. */
  if (g_str_has_suffix (path, ".png") || g_str_has_suffix (path, ".PNG"))
    return ra_profile_chart_write (self->data, path, 1600, 900, error);
  return ra_profile_chart_write (self->data, path, 842, 474, error);
}

static void
export_response_cb (GtkNativeDialog *native, int response, RaProfileWindow *self)
{
  static const char * const suffixes[] = { "png", "pdf", "svg", NULL };

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *chosen = g_file_get_path (file);
      g_autofree char *path = ra_file_chooser_with_suffix (chosen, suffixes, ".pdf");
      g_autoptr(GError) error = NULL;

      if (!ra_profile_window_export (self, path, &error))
        {
          GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                                      _("The Profile Was Not Exported"),
                                                      error->message);

          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (dialog));
        }
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
export_clicked_cb (RaProfileWindow *self)
{
  static const char * const png[] = { "png", NULL };
  static const char * const pdf[] = { "pdf", NULL };
  static const char * const svg[] = { "svg", NULL };
  GtkFileChooser *chooser;
  g_autofree char *name = g_strdup_printf ("%s-%s.pdf", _("profile"),
                                           self->node_id != NULL ? self->node_id : "");

  chooser = ra_file_chooser_new (GTK_WINDOW (self), self->settings, _("Export Profile"),
                                 GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"));
  ra_file_chooser_add_filter (chooser, _("PDF document"), pdf);
  ra_file_chooser_add_filter (chooser, _("SVG image"), svg);
  ra_file_chooser_add_filter (chooser, _("PNG image"), png);
  gtk_file_chooser_set_current_name (chooser, name);
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
ra_profile_window_dispose (GObject *object)
{
  RaProfileWindow *self = RA_PROFILE_WINDOW (object);

  g_clear_pointer (&self->hydraulics, ra_hydraulics_free);
  g_clear_weak_pointer (&self->store);
  g_clear_pointer (&self->data, ra_profile_chart_data_free);
  g_clear_pointer (&self->node_ids, g_ptr_array_unref);
  g_clear_pointer (&self->node_id, g_free);
  g_clear_pointer (&self->error, g_free);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (ra_profile_window_parent_class)->dispose (object);
}

static void
ra_profile_window_class_init (RaProfileWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ra_profile_window_dispose;
}

static void
ra_profile_window_init (RaProfileWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *title = adw_window_title_new (_("Pipeline Profile"), NULL);
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *to_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *to_label = gtk_label_new_with_mnemonic (_("Route _to"));
  GtkWidget *chart_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  self->node_ids = g_ptr_array_new_with_free_func (g_free);
  self->node_labels = gtk_string_list_new (NULL);
  gtk_window_set_title (GTK_WINDOW (self), _("Pipeline Profile"));
  gtk_window_set_default_size (GTK_WINDOW (self), 1100, 720);

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  self->export_button = gtk_button_new_with_mnemonic (_("_Export…"));
  gtk_widget_set_tooltip_text (self->export_button,
                               _("Save the profile as a figure (PDF, SVG or PNG)"));
  g_signal_connect_swapped (self->export_button, "clicked", G_CALLBACK (export_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->export_button);
  gtk_box_append (GTK_BOX (box), header);

  self->node_drop = gtk_drop_down_new (G_LIST_MODEL (self->node_labels), NULL);
  gtk_label_set_mnemonic_widget (GTK_LABEL (to_label), self->node_drop);
  gtk_widget_set_tooltip_text (self->node_drop,
                               _("The water user the route runs to from its plant"));
  g_signal_connect_swapped (self->node_drop, "notify::selected", G_CALLBACK (node_chosen_cb),
                            self);
  self->ground_label = gtk_label_new (NULL);
  gtk_label_set_ellipsize (GTK_LABEL (self->ground_label), PANGO_ELLIPSIZE_START);
  gtk_label_set_xalign (GTK_LABEL (self->ground_label), 1.0);
  gtk_widget_set_hexpand (self->ground_label, TRUE);
  gtk_widget_add_css_class (self->ground_label, "dim-label");
  gtk_box_append (GTK_BOX (to_box), to_label);
  gtk_box_append (GTK_BOX (to_box), self->node_drop);
  gtk_box_append (GTK_BOX (to_box), self->ground_label);

  self->area = gtk_drawing_area_new ();
  gtk_widget_set_vexpand (self->area, TRUE);
  gtk_widget_set_size_request (self->area, 600, 320);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->area), draw_cb, self, NULL);
  self->pipes_grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->pipes_grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (self->pipes_grid), 3);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->pipes_grid);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 180);
  gtk_box_append (GTK_BOX (chart_box), self->area);
  gtk_box_append (GTK_BOX (chart_box), scrolled);

  self->error_page = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (self->error_page), "dialog-warning-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (self->error_page), _("No Profile"));
  self->stack = gtk_stack_new ();
  gtk_widget_set_vexpand (self->stack, TRUE);
  gtk_stack_add_named (GTK_STACK (self->stack), chart_box, "chart");
  gtk_stack_add_named (GTK_STACK (self->stack), self->error_page, "error");

  self->messages_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->messages_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->messages_label), 0.0);
  gtk_widget_add_css_class (self->messages_label, "warning");
  gtk_widget_set_visible (self->messages_label, FALSE);

  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  gtk_widget_set_margin_top (content, 6);
  gtk_widget_set_margin_bottom (content, 12);
  gtk_box_append (GTK_BOX (content), to_box);
  gtk_box_append (GTK_BOX (content), self->stack);
  gtk_box_append (GTK_BOX (content), self->messages_label);
  gtk_box_append (GTK_BOX (box), content);
  adw_window_set_content (ADW_WINDOW (self), box);
}

RaProfileWindow *
ra_profile_window_new (GtkWindow *parent, GSettings *settings)
{
  RaProfileWindow *self = g_object_new (RA_TYPE_PROFILE_WINDOW, NULL);

  gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  gtk_window_set_hide_on_close (GTK_WINDOW (self), TRUE);
  self->settings = settings != NULL ? g_object_ref (settings) : NULL;
  return self;
}
