/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ra-project-settings.h"
#include "ra-balance.h"

/* Project settings: the pipe unit costs by DN, each change one undoable
 * store edit. */

struct _RaProjectSettings
{
  AdwPreferencesWindow  parent_instance;

  /* template widgets */
  AdwPreferencesGroup  *costs_group;
  AdwEntryRow          *add_row;
  AdwPreferencesGroup  *balance_group;

  /* owned */
  RaStore              *store;
  GPtrArray            *rows;        /* GtkWidget*: the cost rows shown */
  GPtrArray            *balance_spins; /* GtkSpinButton*: one per balance setting */
  gboolean              rebuilding;
  gboolean              writing;     /* our own spin button commits */
};

G_DEFINE_FINAL_TYPE (RaProjectSettings, ra_project_settings, ADW_TYPE_PREFERENCES_WINDOW)

static void rebuild (RaProjectSettings *self);

static void
show_error (RaProjectSettings *self, const char *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

static void
cost_changed_cb (GtkSpinButton *spin, RaProjectSettings *self)
{
  double dn = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (spin), "dn"));
  g_autoptr(GError) error = NULL;

  if (self->rebuilding)
    return;
  self->writing = TRUE;
  if (!ra_store_set_pipe_unit_cost (self->store, dn, gtk_spin_button_get_value (spin), &error))
    show_error (self, error->message);
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (g_object_get_data (G_OBJECT (spin), "row")), "");
  self->writing = FALSE;
}

static void
remove_clicked_cb (GtkButton *button, RaProjectSettings *self)
{
  double dn = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "dn"));
  g_autoptr(GError) error = NULL;

  if (!ra_store_remove_pipe_unit_cost (self->store, dn, &error))
    show_error (self, error->message);
}

static void
add_apply_cb (RaProjectSettings *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->add_row));
  g_autoptr(GError) error = NULL;
  char *end = NULL;
  double dn = g_ascii_strtod (text, &end);

  if (end == text || *end != '\0' || !(dn > 0) || dn != floor (dn))
    {
      show_error (self, _("Enter a diameter in whole millimetres, e.g. 300"));
      return;
    }
  if (!ra_store_set_pipe_unit_cost (self->store, dn, 0, &error))
    show_error (self, error->message);
  else
    gtk_editable_set_text (GTK_EDITABLE (self->add_row), "");
}

static void
rebuild (RaProjectSettings *self)
{
  g_autoptr(GArray) costs = ra_store_list_pipe_unit_costs (self->store, NULL);
  gboolean writable = !ra_store_is_read_only (self->store);

  self->rebuilding = TRUE;
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->costs_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  for (guint i = 0; costs != NULL && i < costs->len; i++)
    {
      RaPipeUnitCost *cost = &g_array_index (costs, RaPipeUnitCost, i);
      g_autofree char *title = g_strdup_printf ("DN%.0f", cost->dn_mm);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *spin = gtk_spin_button_new_with_range (0, 100000, 10);
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      if (cost->is_default)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("default (placeholder)"));
      gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 1);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), cost->cost_wan_per_km);
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      gtk_widget_set_sensitive (spin, writable);
      g_object_set_data (G_OBJECT (spin), "dn", GUINT_TO_POINTER ((guint) cost->dn_mm));
      g_object_set_data (G_OBJECT (spin), "row", row);
      g_object_set_data (G_OBJECT (row), "spin", spin);
      g_signal_connect_object (spin, "value-changed", G_CALLBACK (cost_changed_cb), self, 0);
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      title, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);

      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove this diameter"));
      gtk_widget_set_sensitive (remove, writable);
      g_object_set_data (G_OBJECT (remove), "dn", GUINT_TO_POINTER ((guint) cost->dn_mm));
      g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

      adw_preferences_group_add (self->costs_group, row);
      g_ptr_array_add (self->rows, row);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_row), writable);
  self->rebuilding = FALSE;
}

/* The water balance's settings (ra-balance.h), stored in the project. */
typedef struct {
  const char *key;
  const char *title;
  const char *subtitle;
  double      lo, hi, step;
  guint       digits;
} BalanceSetting;

static const BalanceSetting balance_settings[] = {
  { RA_BALANCE_SETTING_REACH_KM, N_("Reach (km)"),
    N_("Distance from a plant or pipeline within which an able user must be allocated (rules 7 and 8)"),
    0.1, 500, 0.5, 1 },
  { RA_BALANCE_SETTING_SNAP_M, N_("Snapping tolerance (m)"),
    N_("Pipeline ends this close to a plant, a user or another pipeline are connected to it"),
    0, 5000, 10, 0 },
  { RA_BALANCE_SETTING_NEW_PIPE_DN, N_("New connection diameter (DN, mm)"),
    N_("The proposal prices new pipe at the unit cost of this diameter"),
    50, 4000, 50, 0 },
  { RA_BALANCE_SETTING_VELOCITY, N_("Design velocity (m/s)"),
    N_("What an existing pipeline can carry: its area times this velocity, 24 hours a day"),
    0.1, 5, 0.1, 1 },
};

static double
balance_value (const RaBalanceOptions *o, const char *key)
{
  if (g_str_equal (key, RA_BALANCE_SETTING_REACH_KM))
    return o->reach_km;
  if (g_str_equal (key, RA_BALANCE_SETTING_SNAP_M))
    return o->snap_m;
  if (g_str_equal (key, RA_BALANCE_SETTING_NEW_PIPE_DN))
    return o->new_pipe_dn_mm;
  return o->design_velocity_m_s;
}

static void
balance_changed_cb (GtkSpinButton *spin, RaProjectSettings *self)
{
  const BalanceSetting *bs = g_object_get_data (G_OBJECT (spin), "setting");
  char text[G_ASCII_DTOSTR_BUF_SIZE];
  g_autoptr(GError) error = NULL;

  if (self->rebuilding)
    return;
  g_ascii_formatd (text, sizeof text, "%.6g", gtk_spin_button_get_value (spin));
  self->writing = TRUE;
  if (!ra_store_set_setting (self->store, bs->key, text, &error))
    show_error (self, error->message);
  self->writing = FALSE;
}

static void
rebuild_balance (RaProjectSettings *self)
{
  RaBalanceOptions options;

  self->rebuilding = TRUE;
  ra_balance_options_from_store (&options, self->store);
  for (guint i = 0; i < self->balance_spins->len; i++)
    {
      GtkSpinButton *spin = g_ptr_array_index (self->balance_spins, i);
      const BalanceSetting *bs = g_object_get_data (G_OBJECT (spin), "setting");

      gtk_spin_button_set_value (spin, balance_value (&options, bs->key));
      gtk_widget_set_sensitive (GTK_WIDGET (spin), !ra_store_is_read_only (self->store));
    }
  self->rebuilding = FALSE;
}

static void
build_balance (RaProjectSettings *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (balance_settings); i++)
    {
      const BalanceSetting *bs = &balance_settings[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *spin = gtk_spin_button_new_with_range (bs->lo, bs->hi, bs->step);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(bs->title));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(bs->subtitle));
      gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), bs->digits);
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      g_object_set_data (G_OBJECT (spin), "setting", (gpointer) bs);
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _(bs->title), -1);
      g_signal_connect_object (spin, "value-changed", G_CALLBACK (balance_changed_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      adw_preferences_group_add (self->balance_group, row);
      g_ptr_array_add (self->balance_spins, spin);
    }
}

gboolean
ra_project_settings_set_balance (RaProjectSettings *self, const char *key, double value)
{
  g_return_val_if_fail (RA_IS_PROJECT_SETTINGS (self), FALSE);

  for (guint i = 0; i < self->balance_spins->len; i++)
    {
      GtkSpinButton *spin = g_ptr_array_index (self->balance_spins, i);
      const BalanceSetting *bs = g_object_get_data (G_OBJECT (spin), "setting");

      if (g_str_equal (bs->key, key))
        {
          gtk_spin_button_set_value (spin, value);
          return TRUE;
        }
    }
  return FALSE;
}

static void
store_changed_cb (RaStore *store, const char *table, gint64 row_id, RaProjectSettings *self)
{
  /* Rebuilding while a spin button commits would drop its focus: only
   * for changes made elsewhere (add, remove, undo, another program). */
  if (self->writing)
    return;
  if (table == NULL || g_str_equal (table, "meta"))
    rebuild_balance (self);
  if (table != NULL && !g_str_equal (table, "pipe_unit_costs"))
    return;
  rebuild (self);
}

gboolean
ra_project_settings_set_cost (RaProjectSettings *self, double dn_mm, double cost_wan_per_km)
{
  g_return_val_if_fail (RA_IS_PROJECT_SETTINGS (self), FALSE);

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
      g_autofree char *want = g_strdup_printf ("DN%.0f", dn_mm);

      if (g_str_equal (title, want))
        {
          GtkWidget *spin = g_object_get_data (G_OBJECT (row), "spin");
          gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), cost_wan_per_km);
          return TRUE;
        }
    }
  return FALSE;
}

static void
ra_project_settings_dispose (GObject *object)
{
  RaProjectSettings *self = RA_PROJECT_SETTINGS (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), RA_TYPE_PROJECT_SETTINGS);
  g_clear_object (&self->store);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->balance_spins, g_ptr_array_unref);

  G_OBJECT_CLASS (ra_project_settings_parent_class)->dispose (object);
}

static void
ra_project_settings_class_init (RaProjectSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ra_project_settings_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/reclaimatlas/ReclaimAtlas/ra-project-settings.ui");
  gtk_widget_class_bind_template_child (widget_class, RaProjectSettings, costs_group);
  gtk_widget_class_bind_template_child (widget_class, RaProjectSettings, add_row);
  gtk_widget_class_bind_template_child (widget_class, RaProjectSettings, balance_group);
  gtk_widget_class_bind_template_callback (widget_class, add_apply_cb);
}

static void
ra_project_settings_init (RaProjectSettings *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  self->balance_spins = g_ptr_array_new ();
  build_balance (self);
}

RaProjectSettings *
ra_project_settings_new (GtkWindow *parent, RaStore *store)
{
  RaProjectSettings *self;

  g_return_val_if_fail (RA_IS_STORE (store), NULL);

  self = g_object_new (RA_TYPE_PROJECT_SETTINGS, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, 0);
  rebuild (self);
  rebuild_balance (self);
  return self;
}
