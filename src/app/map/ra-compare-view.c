/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ra-compare-view.h"
#include "ra-legend-view.h"
#include "ra-balance.h"
#include "ra-project-layers.h"
#include "ra-thematic-balance.h"

/* Years side by side.  Each side owns a map; the layers that are not the
 * plan's (pipelines, built-up areas...) are the window's own objects,
 * shared, and only the thematic layers differ.  A view change on one side
 * is copied to the other; the flag stops the echo. */

struct _RaCompareView
{
  GtkWidget        parent_instance;

  /* template widgets */
  GtkWidget       *box;
  RaMapView       *left_view;
  RaMapView       *right_view;
  GtkDropDown     *left_year;
  GtkDropDown     *right_year;
  RaLegendView    *left_legend_view;
  RaLegendView    *right_legend_view;
  GtkWidget       *left_legend_scroller;
  GtkWidget       *right_legend_scroller;
  GtkLabel        *left_summary;
  GtkLabel        *right_summary;
  GtkLabel        *title_label;

  /* owned */
  RaMap           *maps[2];
  int              years[2];
  RaPlan          *plan;
  RaStore         *store;
  RaThematicMode   mode;
  RaThematicFlags  flags;
  int             *plan_years;
  guint            n_plan_years;
  gboolean         syncing_view;
  gboolean         syncing_year;
};

G_DEFINE_FINAL_TYPE (RaCompareView, ra_compare_view, GTK_TYPE_WIDGET)

enum { YEAR_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static RaMapView *
side_view (RaCompareView *self, guint side)
{
  return side == 0 ? self->left_view : self->right_view;
}

RaMapView *
ra_compare_view_get_map_view (RaCompareView *self, guint side)
{
  g_return_val_if_fail (RA_IS_COMPARE_VIEW (self), NULL);
  g_return_val_if_fail (side < 2, NULL);
  return side_view (self, side);
}

RaMap *
ra_compare_view_get_map (RaCompareView *self, guint side)
{
  g_return_val_if_fail (RA_IS_COMPARE_VIEW (self), NULL);
  g_return_val_if_fail (side < 2, NULL);
  return self->maps[side];
}

int
ra_compare_view_get_year (RaCompareView *self, guint side)
{
  g_return_val_if_fail (RA_IS_COMPARE_VIEW (self), 0);
  g_return_val_if_fail (side < 2, 0);
  return self->years[side];
}

/* View sync -------------------------------------------------------------- */

static void
copy_view (RaCompareView *self, RaMapView *from, RaMapView *to)
{
  if (self->syncing_view || !ra_map_view_has_view (from))
    return;
  self->syncing_view = TRUE;
  ra_map_view_set_view (to, ra_map_view_get_view (from));
  self->syncing_view = FALSE;
}

static void
left_view_changed_cb (RaCompareView *self)
{
  copy_view (self, self->left_view, self->right_view);
}

static void
right_view_changed_cb (RaCompareView *self)
{
  copy_view (self, self->right_view, self->left_view);
}

void
ra_compare_view_set_view (RaCompareView *self, const RaView *view)
{
  g_return_if_fail (RA_IS_COMPARE_VIEW (self));
  g_return_if_fail (view != NULL);

  ra_map_view_set_view (self->left_view, view);   /* the right follows */
}

static RaLegendView *
side_legend (RaCompareView *self, guint side)
{
  return side == 0 ? self->left_legend_view : self->right_legend_view;
}

RaLegendView *
ra_compare_view_get_legend_view (RaCompareView *self, guint side)
{
  g_return_val_if_fail (RA_IS_COMPARE_VIEW (self), NULL);
  g_return_val_if_fail (side < 2, NULL);
  return side_legend (self, side);
}

const char *
ra_compare_view_get_summary (RaCompareView *self, guint side)
{
  g_return_val_if_fail (RA_IS_COMPARE_VIEW (self), NULL);
  g_return_val_if_fail (side < 2, NULL);
  return gtk_label_get_text (side == 0 ? self->left_summary : self->right_summary);
}

void
ra_compare_view_set_show_legend (RaCompareView *self, gboolean show_legend)
{
  g_return_if_fail (RA_IS_COMPARE_VIEW (self));

  gtk_widget_set_visible (self->left_legend_scroller, show_legend);
  gtk_widget_set_visible (self->right_legend_scroller, show_legend);
}

void
ra_compare_view_set_title (RaCompareView *self, const char *title)
{
  g_return_if_fail (RA_IS_COMPARE_VIEW (self));

  gtk_label_set_text (self->title_label, title != NULL ? title : "");
  gtk_widget_set_visible (GTK_WIDGET (self->title_label), title != NULL && *title != '\0');
}

/* The year's note (no data of its own...) and the city against its target. */
static void
update_summary (RaCompareView *self, guint side)
{
  GtkLabel *label = side == 0 ? self->left_summary : self->right_summary;
  g_autofree char *note = NULL, *summary = NULL, *text = NULL;

  if (self->plan != NULL && self->years[side] > 0)
    {
      note = ra_plan_dup_year_note (self->plan, self->years[side]);
      summary = ra_plan_dup_city_summary (self->plan, self->years[side]);
    }
  if (note != NULL && summary != NULL)
    text = g_strdup_printf ("%s\n%s", note, summary);
  gtk_label_set_text (label, text != NULL ? text : summary != NULL ? summary
                                                  : note != NULL ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL || summary != NULL || note != NULL);
}

void
ra_compare_view_set_render_scale (RaCompareView *self, double label_scale, double symbol_scale)
{
  g_return_if_fail (RA_IS_COMPARE_VIEW (self));

  ra_map_view_set_render_scale (self->left_view, label_scale, symbol_scale);
  ra_map_view_set_render_scale (self->right_view, label_scale, symbol_scale);
}

/* Thematic layers ----------------------------------------------------------- */

static GPtrArray *
build_year (RaCompareView *self, int year, GError **error)
{
  return ra_thematic_build_full (self->plan, self->store, year, self->mode, self->flags, error);
}

/* The water balance's layers of year (water users, flows, plant balance):
 * the window's are of its own year, which a side may not show.  Empty
 * when the project has no water users; a balance that cannot be made
 * leaves its layers out (the window says why). */
static GPtrArray *
build_balance_year (RaCompareView *self, int year)
{
  GPtrArray *layers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RaLayer) users = ra_project_layers_water_users (self->store, year, NULL);
  RaBalance *balance;

  if (users == NULL)
    return layers;
  g_ptr_array_add (layers, g_object_ref (users));
  balance = ra_balance_new_from_store (self->store, year, NULL, NULL);
  if (balance != NULL)
    {
      g_autoptr(GPtrArray) built = ra_thematic_balance_build (self->store, balance, NULL);

      for (guint i = 0; built != NULL && i < built->len; i++)
        g_ptr_array_add (layers, g_object_ref (g_ptr_array_index (built, i)));
      ra_balance_free (balance);
    }
  return layers;
}

static const char *
layer_role (RaLayer *layer)
{
  const char *role = ra_thematic_layer_role (layer);

  return role != NULL ? role : ra_thematic_balance_layer_role (layer);
}

gboolean
ra_compare_view_set_year (RaCompareView *self, guint side, int year)
{
  g_autoptr(GPtrArray) layers = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (RA_IS_COMPARE_VIEW (self), FALSE);
  g_return_val_if_fail (side < 2, FALSE);

  if (self->maps[side] == NULL || self->plan == NULL || !ra_plan_has_year (self->plan, year))
    return FALSE;
  if (self->years[side] != year)
    {
      layers = build_year (self, year, &error);
      if (layers == NULL)
        {
          g_warning ("Comparison: %s", error->message);
          return FALSE;
        }
      g_autoptr(GPtrArray) added = ra_thematic_replace_layers (self->maps[side], layers, &error);
      g_autoptr(GPtrArray) balance = build_balance_year (self, year);

      if (error != NULL)
        g_warning ("Comparison: %s", error->message);
      g_clear_error (&error);
      if (balance->len > 0)
        {
          g_autoptr(GPtrArray) added_balance =
            ra_thematic_balance_replace_layers (self->maps[side], balance, &error);

          if (error != NULL)
            g_warning ("Comparison: %s", error->message);
        }
      self->years[side] = year;
    }
  update_summary (self, side);
  g_signal_emit (self, signals[YEAR_CHANGED], 0, side);

  self->syncing_year = TRUE;
  for (guint i = 0; i < self->n_plan_years; i++)
    if (self->plan_years[i] == year)
      gtk_drop_down_set_selected (side == 0 ? self->left_year : self->right_year, i);
  self->syncing_year = FALSE;
  return TRUE;
}

static void
year_selected_cb (RaCompareView *self, GParamSpec *pspec, GtkDropDown *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->syncing_year || selected >= self->n_plan_years)
    return;
  ra_compare_view_set_year (self, dropdown == self->left_year ? 0 : 1,
                            self->plan_years[selected]);
}

/* A side's map: the base map's layers bottom to top, the thematic ones
 * replaced by layers (those base lacks go on top). */
static RaMap *
build_side_map (RaMap *base_map, GPtrArray *layers, GError **error)
{
  g_autoptr(RaMap) map = ra_map_new ();
  RaCrs *crs = ra_map_get_crs (base_map);
  g_autoptr(GPtrArray) placed = g_ptr_array_new ();

  if (crs != NULL && !ra_map_set_crs (map, crs, error))
    return NULL;

  for (guint i = ra_map_get_n_layers (base_map); i-- > 0;)
    {
      RaLayer *layer = ra_map_get_layer (base_map, i);
      const char *role = layer_role (layer);
      RaLayer *add = NULL;

      if (role != NULL)
        {
          for (guint k = 0; k < layers->len && add == NULL; k++)
            if (g_strcmp0 (layer_role (g_ptr_array_index (layers, k)), role) == 0)
              add = g_ptr_array_index (layers, k);
          if (add != NULL)
            {
              ra_layer_set_visible (add, ra_layer_get_visible (layer));
              ra_layer_set_opacity (add, ra_layer_get_opacity (layer));
              g_ptr_array_add (placed, add);
            }
        }
      else if (ra_layer_get_visible (layer))
        add = layer;

      if (add != NULL && !ra_map_add_layer (map, add, error))
        return NULL;
    }

  for (guint k = 0; k < layers->len; k++)
    {
      RaLayer *layer = g_ptr_array_index (layers, k);

      if (!g_ptr_array_find (placed, layer, NULL) && !ra_map_add_layer (map, layer, error))
        return NULL;
    }
  return g_steal_pointer (&map);
}

gboolean
ra_compare_view_setup (RaCompareView   *self,
                       RaMap           *base_map,
                       RaPlan          *plan,
                       RaStore         *store,
                       RaThematicMode   mode,
                       RaThematicFlags  flags,
                       int              left_year,
                       int              right_year,
                       GError         **error)
{
  const int *years;
  guint n = 0;
  g_autoptr(GtkStringList) list_left = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) list_right = gtk_string_list_new (NULL);
  int side_years[2] = { left_year, right_year };

  g_return_val_if_fail (RA_IS_COMPARE_VIEW (self), FALSE);
  g_return_val_if_fail (RA_IS_MAP (base_map), FALSE);
  g_return_val_if_fail (plan != NULL && store != NULL, FALSE);

  ra_compare_view_clear (self);
  self->plan = g_object_ref (plan);
  self->store = g_object_ref (store);
  self->mode = mode;
  self->flags = flags;

  years = ra_plan_get_years (plan, &n);
  self->plan_years = g_memdup2 (years, n * sizeof (int));
  self->n_plan_years = n;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("%d", years[i]);

      gtk_string_list_append (list_left, text);
      gtk_string_list_append (list_right, text);
    }
  self->syncing_year = TRUE;
  gtk_drop_down_set_model (self->left_year, G_LIST_MODEL (list_left));
  gtk_drop_down_set_model (self->right_year, G_LIST_MODEL (list_right));
  self->syncing_year = FALSE;

  for (guint side = 0; side < 2; side++)
    {
      g_autoptr(GPtrArray) layers = build_year (self, side_years[side], error);
      g_autoptr(GPtrArray) balance = NULL;

      if (layers == NULL)
        {
          ra_compare_view_clear (self);
          return FALSE;
        }
      balance = build_balance_year (self, side_years[side]);
      g_ptr_array_extend (layers, balance, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
      self->maps[side] = build_side_map (base_map, layers, error);
      if (self->maps[side] == NULL)
        {
          ra_compare_view_clear (self);
          return FALSE;
        }
      self->years[side] = 0;
      ra_map_view_set_map (side_view (self, side), self->maps[side]);
      self->years[side] = side_years[side];
      ra_compare_view_set_year (self, side, side_years[side]);   /* selects it */
    }
  /* A legend per side: the class breaks are the same in every year, but
   * the titles carry the year and a layer may draw in one year only. */
  ra_legend_view_set_map (self->left_legend_view, self->maps[0]);
  ra_legend_view_set_map (self->right_legend_view, self->maps[1]);
  return TRUE;
}

void
ra_compare_view_clear (RaCompareView *self)
{
  g_return_if_fail (RA_IS_COMPARE_VIEW (self));

  ra_legend_view_set_map (self->left_legend_view, NULL);
  ra_legend_view_set_map (self->right_legend_view, NULL);
  for (guint side = 0; side < 2; side++)
    {
      ra_map_view_set_map (side_view (self, side), NULL);
      /* The shared layers leave this map (and its signal handlers). */
      if (self->maps[side] != NULL)
        while (ra_map_get_n_layers (self->maps[side]) > 0)
          ra_map_remove_layer (self->maps[side], 0);
      g_clear_object (&self->maps[side]);
      self->years[side] = 0;
    }
  g_clear_object (&self->plan);
  g_clear_object (&self->store);
  g_clear_pointer (&self->plan_years, g_free);
  self->n_plan_years = 0;
}

/* GObject ------------------------------------------------------------------- */

static void
ra_compare_view_dispose (GObject *object)
{
  RaCompareView *self = RA_COMPARE_VIEW (object);

  if (self->left_view != NULL)
    ra_compare_view_clear (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), RA_TYPE_COMPARE_VIEW);
  G_OBJECT_CLASS (ra_compare_view_parent_class)->dispose (object);
}

static void
ra_compare_view_class_init (RaCompareViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ra_compare_view_dispose;

  /* A side shows another year (guint side). */
  signals[YEAR_CHANGED] = g_signal_new ("year-changed", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, G_TYPE_UINT);

  g_type_ensure (RA_TYPE_MAP_VIEW);
  g_type_ensure (RA_TYPE_LEGEND_VIEW);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "compareview");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/reclaimatlas/ReclaimAtlas/ra-compare-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RaCompareView, box);
  gtk_widget_class_bind_template_child (widget_class, RaCompareView, left_view);
  gtk_widget_class_bind_template_child (widget_class, RaCompareView, right_view);
  gtk_widget_class_bind_template_child (widget_class, RaCompareView, left_year);
  gtk_widget_class_bind_template_child (widget_class, RaCompareView, right_year);
  gtk_widget_class_bind_template_child (widget_class, RaCompareView, left_legend_view);
  gtk_widget_class_bind_template_child (widget_class, RaCompareView, right_legend_view);
  gtk_widget_class_bind_template_child (widget_class, RaCompareView, left_legend_scroller);
  gtk_widget_class_bind_template_child (widget_class, RaCompareView, right_legend_scroller);
  gtk_widget_class_bind_template_child (widget_class, RaCompareView, left_summary);
  gtk_widget_class_bind_template_child (widget_class, RaCompareView, right_summary);
  gtk_widget_class_bind_template_child (widget_class, RaCompareView, title_label);
  gtk_widget_class_bind_template_callback (widget_class, left_view_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, right_view_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, year_selected_cb);
}

static void
ra_compare_view_init (RaCompareView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ra_compare_view_new (void)
{
  return g_object_new (RA_TYPE_COMPARE_VIEW, NULL);
}
