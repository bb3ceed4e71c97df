/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ra-field-display.h"
#include "ra-map-view-private.h"

/* Identify: a click selects the top-most feature under the pointer and a
 * popover shows its attributes; the selection is highlighted over the map
 * and follows its layer when the layer's contents change.  Which features
 * the popover offers to edit is the window's say (editable_func); the edit
 * itself is asked for with ::edit-requested. */

#define IDENTIFY_TOLERANCE_PX 5.0

/* Selection ------------------------------------------------------------- */

/* Takes layer/feature as the selection (the caller checked the index). */
static void
set_selection (RaMapView *self, RaLayer *layer, int feature)
{
  RaAttrTable *attrs = ra_layer_get_attrs (layer);

  g_set_object (&self->sel_layer, layer);
  self->sel_feature = feature;
  g_clear_pointer (&self->sel_attrs, ra_attr_table_unref);
  self->sel_attrs = attrs != NULL ? ra_attr_table_ref (attrs) : NULL;
  self->sel_fid = attrs != NULL && (guint) feature < attrs->n_features ? attrs->fids[feature] : -1;
}

/* After the selected layer changed: FALSE if the selected feature is gone.
 * Same contents (reprojected, refined) keep the index; new contents keep
 * the feature with the same id, wherever it now is. */
static gboolean
selection_follows_contents (RaMapView *self)
{
  RaAttrTable *attrs = ra_layer_get_attrs (self->sel_layer);

  if (attrs == self->sel_attrs)
    return TRUE;
  if (self->popover != NULL && gtk_widget_get_visible (self->popover))
    gtk_popover_popdown (GTK_POPOVER (self->popover));   /* its values are old */
  for (guint i = 0; attrs != NULL && self->sel_attrs != NULL && i < attrs->n_features; i++)
    if (attrs->fids[i] == self->sel_fid)
      {
        gboolean moved = (int) i != self->sel_feature;

        set_selection (self, self->sel_layer, (int) i);
        if (moved)
          g_signal_emit (self, _ra_map_view_signals[RA_MAP_VIEW_SELECTION_CHANGED], 0);
        return TRUE;
      }
  return FALSE;
}

static void
refresh_selection_geometry (RaMapView *self)
{
  g_autoptr(RaLayerData) data = NULL;

  g_clear_pointer (&self->sel_geom, ra_geometry_free);
  if (self->sel_layer == NULL)
    return;
  data = ra_layer_dup_data (self->sel_layer);
  if (data != NULL && self->sel_feature >= 0 && (guint) self->sel_feature < data->n_features &&
      data->geoms[self->sel_feature] != NULL)
    self->sel_geom = ra_geometry_copy (data->geoms[self->sel_feature]);
}

/* Whose features the identify popover offers to edit (its button emits
 * ::edit-requested for the selection); NULL: none. */
void
ra_map_view_set_editable_func (RaMapView *self, RaMapViewEditableFunc func, gpointer data)
{
  g_return_if_fail (RA_IS_MAP_VIEW (self));
  self->editable_func = func;
  self->editable_data = data;
}

void
ra_map_view_set_store (RaMapView *self, RaStore *store)
{
  g_return_if_fail (RA_IS_MAP_VIEW (self));
  g_set_object (&self->store, store);
}

gboolean
ra_map_view_is_popover_editable (RaMapView *self)
{
  g_return_val_if_fail (RA_IS_MAP_VIEW (self), FALSE);
  return self->popover != NULL && gtk_widget_get_visible (self->popover) &&
         gtk_widget_get_visible (self->popover_edit);
}

void
ra_map_view_clear_selection (RaMapView *self)
{
  g_return_if_fail (RA_IS_MAP_VIEW (self));

  if (self->sel_layer == NULL)
    return;
  g_clear_object (&self->sel_layer);
  g_clear_object (&self->store);
  g_clear_pointer (&self->sel_geom, ra_geometry_free);
  g_clear_pointer (&self->sel_attrs, ra_attr_table_unref);
  self->sel_feature = -1;
  if (self->popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->popover));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, _ra_map_view_signals[RA_MAP_VIEW_SELECTION_CHANGED], 0);
}

static void
fill_popover (RaMapView *self)
{
  RaAttrTable *attrs = ra_layer_get_attrs (self->sel_layer);
  const RaStyle *style = ra_layer_get_style (self->sel_layer);
  GtkGrid *grid = GTK_GRID (self->popover_grid);
  const char *name = NULL;
  g_autofree char *title = NULL;
  GtkWidget *child;
  int label_field = -1, row = 0;
  /* The project's own layers speak the user's language. */
  const char *context = ra_field_display_context (self->sel_layer, self->store);

  while ((child = gtk_widget_get_first_child (self->popover_grid)) != NULL)
    gtk_grid_remove (grid, child);

  /* Title the feature by what the map labels it with, if anything. */
  if (attrs != NULL && style != NULL && style->label_field != NULL)
    label_field = ra_attr_table_field_index (attrs, style->label_field);
  if (label_field < 0 && attrs != NULL && context != NULL)
    {
      label_field = ra_attr_table_field_index (attrs, "name");
      if (label_field < 0)
        label_field = ra_attr_table_field_index (attrs, "name_zh");
    }
  if (label_field >= 0)
    name = ra_attr_table_get (attrs, self->sel_feature, label_field);
  if (name == NULL || *name == '\0')
    name = title = g_strdup_printf (_("Feature %d"), self->sel_feature + 1);
  gtk_label_set_text (GTK_LABEL (self->popover_title), name);
  gtk_label_set_text (GTK_LABEL (self->popover_subtitle), ra_layer_get_name (self->sel_layer));
  gtk_widget_set_visible (self->popover_edit,
                          self->editable_func != NULL &&
                          self->editable_func (self->sel_layer, self->editable_data));

  if (attrs == NULL || attrs->n_fields == 0)
    {
      GtkWidget *label = gtk_label_new (_("No attributes"));
      gtk_widget_add_css_class (label, "dim-label");
      gtk_grid_attach (grid, label, 0, 0, 2, 1);
      return;
    }

  for (guint i = 0; i < attrs->n_fields; i++)
    {
      const char *raw = ra_attr_table_get (attrs, self->sel_feature, i);
      const char *field_label = attrs->field_names[i];
      g_autofree char *shown = NULL;
      const char *value = raw;
      GtkWidget *name_label, *value_label;

      if (context != NULL)
        {
          field_label = ra_field_display_label (context, attrs->field_names[i]);
          /* Internal keys, and for the project's layers anything empty. */
          if (field_label == NULL || raw == NULL || *raw == '\0')
            continue;
          value = shown = ra_field_display_value (context, attrs->field_names[i], raw,
                                                  self->store);
        }
      name_label = gtk_label_new (field_label);
      value_label = gtk_label_new (value != NULL ? value : _("(null)"));

      gtk_widget_add_css_class (name_label, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (name_label), 1.0);
      gtk_label_set_yalign (GTK_LABEL (name_label), 0.0);
      gtk_label_set_xalign (GTK_LABEL (value_label), 0.0);
      gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
      gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_max_width_chars (GTK_LABEL (value_label), 36);
      /* Wrapping labels ask for little width; give long values room. */
      if (value != NULL)
        gtk_label_set_width_chars (GTK_LABEL (value_label),
                                   MIN (24, (int) g_utf8_strlen (value, -1) * 2));
      if (value == NULL)
        gtk_widget_add_css_class (value_label, "dim-label");
      gtk_grid_attach (grid, name_label, 0, row, 1, 1);
      gtk_grid_attach (grid, value_label, 1, row, 1, 1);
      row++;
    }
}

gboolean
ra_map_view_identify_at (RaMapView *self, double px, double py)
{
  double x, y, tolerance;
  guint n;

  g_return_val_if_fail (RA_IS_MAP_VIEW (self), FALSE);

  if (self->map == NULL || !self->has_view)
    return FALSE;

  ra_view_to_map (&self->view, px, py, &x, &y);
  tolerance = IDENTIFY_TOLERANCE_PX * self->view.resolution;
  n = ra_map_get_n_layers (self->map);

  /* The feature under the cursor: the nearest in pixels, a point before a
   * line before an area at the same place (a plant on a pipeline on a
   * county), the top layer (position 0) first among equals. */
  {
    RaLayer *best = NULL;
    int best_feature = -1;
    double best_score = G_MAXDOUBLE;

    for (guint i = 0; i < n; i++)
      {
        RaLayer *layer = ra_map_get_layer (self->map, i);
        g_autoptr(GArray) hits = NULL;
        g_autoptr(RaLayerData) data = NULL;
        guint feature;
        double dist_px, score;

        if (!ra_layer_get_visible (layer))
          continue;
        hits = ra_layer_find_features_at (layer, x, y, tolerance);
        if (hits == NULL || hits->len == 0)
          continue;
        feature = g_array_index (hits, guint, 0);
        data = ra_layer_dup_data (layer);
        dist_px = data != NULL && feature < data->n_features && data->geoms[feature] != NULL
                  ? ra_geometry_distance (data->geoms[feature], x, y) / self->view.resolution
                  : IDENTIFY_TOLERANCE_PX;
        score = dist_px + (ra_layer_get_kind (layer) == RA_GEOM_POINT ? 0.0
                           : ra_layer_get_kind (layer) == RA_GEOM_LINE ? IDENTIFY_TOLERANCE_PX * 0.6
                           : IDENTIFY_TOLERANCE_PX * 1.2);
        if (score < best_score)
          {
            best_score = score;
            best = layer;
            best_feature = (int) feature;
          }
      }
    if (best != NULL)
      {
        set_selection (self, best, best_feature);
        refresh_selection_geometry (self);
        fill_popover (self);
        gtk_popover_set_pointing_to (GTK_POPOVER (self->popover),
                                     &(GdkRectangle) { (int) px, (int) py, 1, 1 });
        gtk_popover_popup (GTK_POPOVER (self->popover));
        gtk_widget_queue_draw (GTK_WIDGET (self));
        g_signal_emit (self, _ra_map_view_signals[RA_MAP_VIEW_SELECTION_CHANGED], 0);
        return TRUE;
      }
  }

  ra_map_view_clear_selection (self);
  return FALSE;
}

RaLayer *
ra_map_view_get_selected_layer (RaMapView *self)
{
  g_return_val_if_fail (RA_IS_MAP_VIEW (self), NULL);
  return self->sel_layer;
}

int
ra_map_view_get_selected_feature (RaMapView *self)
{
  g_return_val_if_fail (RA_IS_MAP_VIEW (self), -1);
  return self->sel_layer != NULL ? self->sel_feature : -1;
}

/* Selects a feature without showing its attributes: the inventory uses it to
 * highlight a project chosen in the table. */
void
ra_map_view_select_feature (RaMapView *self, RaLayer *layer, int feature)
{
  g_return_if_fail (RA_IS_MAP_VIEW (self));
  g_return_if_fail (RA_IS_LAYER (layer));

  if (feature < 0 || (guint) feature >= ra_layer_get_n_features (layer))
    {
      ra_map_view_clear_selection (self);
      return;
    }
  if (self->sel_layer == layer && self->sel_feature == feature &&
      self->sel_attrs == ra_layer_get_attrs (layer))
    return;
  set_selection (self, layer, feature);
  refresh_selection_geometry (self);
  if (self->popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->popover));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, _ra_map_view_signals[RA_MAP_VIEW_SELECTION_CHANGED], 0);
}

void
ra_map_view_zoom_to_selection (RaMapView *self)
{
  g_return_if_fail (RA_IS_MAP_VIEW (self));

  if (self->sel_geom != NULL)
    ra_map_view_zoom_to_bbox (self, &self->sel_geom->bbox);
}

/* The highlight --------------------------------------------------------- */

static void
append_geometry_path (cairo_t *cr, const RaView *view, const RaGeometry *geom)
{
  for (guint part = 0; part < geom->n_parts; part++)
    {
      guint start = geom->parts[part], end = geom->parts[part + 1];

      for (guint i = start; i < end; i++)
        {
          double px, py;

          ra_view_to_device (view, geom->xy[2 * i], geom->xy[2 * i + 1], &px, &py);
          if (geom->kind == RA_GEOM_POINT)
            {
              cairo_new_sub_path (cr);
              cairo_arc (cr, px, py, 7.0, 0, 2 * G_PI);
            }
          else if (i == start)
            cairo_move_to (cr, px, py);
          else
            cairo_line_to (cr, px, py);
        }
      if (geom->kind == RA_GEOM_POLYGON)
        cairo_close_path (cr);
    }
}

/* The popover ----------------------------------------------------------- */

static void
edit_clicked_cb (RaMapView *self)
{
  if (self->sel_layer != NULL)
    g_signal_emit (self, _ra_map_view_signals[RA_MAP_VIEW_EDIT_REQUESTED], 0,
                   self->sel_layer, self->sel_feature);
}

static GtkWidget *
create_popover (RaMapView *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_widget_add_css_class (popover, "identify");
  self->popover_title = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->popover_title, "heading");
  gtk_label_set_xalign (GTK_LABEL (self->popover_title), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (self->popover_title), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), self->popover_title);
  self->popover_subtitle = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->popover_subtitle, "dim-label");
  gtk_widget_add_css_class (self->popover_subtitle, "caption");
  gtk_label_set_xalign (GTK_LABEL (self->popover_subtitle), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (self->popover_subtitle), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), self->popover_subtitle);

  self->popover_grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->popover_grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (self->popover_grid), 4);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->popover_grid);
  gtk_box_append (GTK_BOX (box), scrolled);
  /* Shown for the features the window can edit (ra_map_view_set_editable_func). */
  self->popover_edit = gtk_button_new_with_mnemonic (_("_Edit Attributes…"));
  g_signal_connect_object (self->popover_edit, "clicked", G_CALLBACK (edit_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_set_halign (self->popover_edit, GTK_ALIGN_END);
  gtk_widget_set_visible (self->popover_edit, FALSE);
  gtk_box_append (GTK_BOX (box), self->popover_edit);

  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_popover_set_position (GTK_POPOVER (popover), GTK_POS_RIGHT);
  /* Not modal: the keyboard keeps driving the map while it is shown. */
  gtk_popover_set_autohide (GTK_POPOVER (popover), FALSE);
  gtk_widget_set_parent (popover, GTK_WIDGET (self));
  return popover;
}


/* Parts of the widget ----------------------------------------------------- */

void
_ra_map_view_selection_map_changed (RaMapView *self)
{
  if (self->sel_layer == NULL)
    return;
  if (ra_map_find_layer (self->map, self->sel_layer) < 0 || !selection_follows_contents (self))
    ra_map_view_clear_selection (self);
  else
    refresh_selection_geometry (self);
}

void
_ra_map_view_popdown (RaMapView *self)
{
  if (self->popover != NULL && gtk_widget_get_visible (self->popover))
    gtk_popover_popdown (GTK_POPOVER (self->popover));
}

void
_ra_map_view_draw_selection (RaMapView *self, GtkSnapshot *snapshot, const graphene_rect_t *bounds)
{
  cairo_t *cr;

  if (self->sel_geom == NULL || !self->has_view)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, bounds);
  append_geometry_path (cr, &self->view, self->sel_geom);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  if (self->sel_geom->kind != RA_GEOM_LINE)
    {
      cairo_set_source_rgba (cr, 1.0, 0.85, 0.1, 0.35);
      cairo_fill_preserve (cr);
    }
  cairo_set_source_rgba (cr, 1.0, 1.0, 1.0, 0.9);
  cairo_set_line_width (cr, 5.0);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgba (cr, 0.93, 0.33, 0.0, 1.0);
  cairo_set_line_width (cr, 2.5);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

void
_ra_map_view_identify_init (RaMapView *self)
{
  self->sel_feature = -1;
  self->popover = create_popover (self);
}

void
_ra_map_view_identify_dispose (RaMapView *self)
{
  g_clear_object (&self->sel_layer);
  g_clear_pointer (&self->sel_geom, ra_geometry_free);
  g_clear_pointer (&self->sel_attrs, ra_attr_table_unref);
  g_clear_pointer (&self->popover, gtk_widget_unparent);
}
