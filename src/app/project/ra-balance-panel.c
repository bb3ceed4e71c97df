/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <adwaita.h>
#include <glib/gi18n.h>

#include "ra-balance-panel.h"
#include "ra-plan-check.h"
#include "ra-project-format.h"

/* The water balance panel: the balance of a year as tables, allocation by
 * hand, and the optimiser's proposal.  The balance is read on the main
 * thread (the store is not shared across threads); the proposal runs in a
 * worker on a balance of its own, so the tables stay usable meanwhile. */

struct _RaBalancePanel
{
  GtkBox             parent_instance;

  /* template widgets */
  GtkDropDown       *year_dropdown;
  GtkLabel          *summary_label;
  GtkSpinner        *spinner;
  GtkRevealer       *proposal_revealer;
  GtkGrid           *proposal_grid;
  GtkDropDown       *user_dropdown;
  GtkDropDown       *plant_dropdown;
  GtkSpinButton     *volume_spin;
  GtkGrid           *plants_grid;
  GtkGrid           *counties_grid;
  GtkGrid           *users_grid;
  GtkListBox        *findings_list;

  /* owned */
  RaStore           *store;
  RaBalance         *balance;
  GArray            *years;            /* int, the year selector's */
  GArray            *user_ids;         /* gint64, the user drop-down's */
  GArray            *plant_ids;        /* gint64, the plant drop-down's */
  GHashTable        *plant_allocated;  /* plant id -> GtkLabel (borrowed from the grid) */
  GCancellable      *cancellable;      /* the running proposal */
  RaBalanceProposal *proposal;
  RaBalanceProposal *greedy;
  int                proposal_year;
  int                year;
  gboolean           syncing;
};

G_DEFINE_FINAL_TYPE (RaBalancePanel, ra_balance_panel, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_STORE,
  PROP_YEAR,
  N_PROPS
};

enum {
  MESSAGE,
  BALANCE_CHANGED,
  EDIT_USER,
  EDIT_PLANT,
  DELETE_USER,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void emit_message (RaBalancePanel *self, const char *text)
{
  g_signal_emit (self, signals[MESSAGE], 0, text);
}

/* Cells ---------------------------------------------------------------------- */

static char *
fmt (double v)
{
  return isfinite (v) ? g_strdup_printf ("%.1f", v) : g_strdup ("–");
}

static GtkWidget *
cell (GtkGrid *grid, int col, int row, const char *text, gboolean number)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), number ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), number ? 10 : 28);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  if (number)
    gtk_widget_add_css_class (label, "numeric");
  if (row == 0)
    gtk_widget_add_css_class (label, "heading");
  if (!number && text != NULL && *text != '\0')
    gtk_widget_set_tooltip_text (label, text);
  gtk_grid_attach (grid, label, col, row, 1, 1);
  return label;
}

static GtkWidget *
cell_num (GtkGrid *grid, int col, int row, double v)
{
  g_autofree char *text = fmt (v);
  return cell (grid, col, row, text, TRUE);
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static void
headers (GtkGrid *grid, const char * const *titles)
{
  for (int i = 0; titles[i] != NULL; i++)
    cell (grid, i, 0, _(titles[i]), i > 0);
}

static const char *
origin_text (RaBalanceSupplyOrigin origin)
{
  switch (origin)
    {
    case RA_BALANCE_SUPPLY_GIVEN: return _("plant figures of the year");
    case RA_BALANCE_SUPPLY_FROM_COUNTY: return _("county wastewater, shared by capacity");
    case RA_BALANCE_SUPPLY_FROM_LEDGER: return _("the year's ledger");
    case RA_BALANCE_SUPPLY_UNKNOWN:
    default: return _("unknown");
    }
}

/* A row's edit button: emits signal with the row's id. */
static void
edit_clicked_cb (GtkButton *button, RaBalancePanel *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (button), "ra-id");
  guint signal_id = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "ra-signal"));

  g_signal_emit (self, signal_id, 0, *id);
}

static void
row_button (RaBalancePanel *self, GtkGrid *grid, int col, int row, gint64 id, guint signal_id,
            const char *icon, const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_sensitive (button, self->store != NULL && !ra_store_is_read_only (self->store));
  g_object_set_data_full (G_OBJECT (button), "ra-id", g_memdup2 (&id, sizeof id), g_free);
  g_object_set_data (G_OBJECT (button), "ra-signal", GUINT_TO_POINTER (signal_id));
  g_signal_connect_object (button, "clicked", G_CALLBACK (edit_clicked_cb), self, 0);
  gtk_grid_attach (grid, button, col, row, 1, 1);
}

static void
edit_button (RaBalancePanel *self, GtkGrid *grid, int col, int row, gint64 id, guint signal_id,
             const char *tooltip)
{
  row_button (self, grid, col, row, id, signal_id, "document-edit-symbolic", tooltip);
}

/* The tables --------------------------------------------------------------- */

static void
fill_plants (RaBalancePanel *self)
{
  static const char * const titles[] = {
    N_("Plant"), N_("Capacity"), N_("Available"), N_("Allocated"), N_("Spare"),
    N_("Supply from"), NULL
  };
  GArray *plants = ra_balance_get_plants (self->balance);

  clear_grid (self->plants_grid);
  g_hash_table_remove_all (self->plant_allocated);
  headers (self->plants_grid, titles);
  gtk_widget_set_halign (gtk_grid_get_child_at (self->plants_grid, 5, 0), GTK_ALIGN_START);
  for (guint i = 0; i < plants->len; i++)
    {
      const RaBalancePlant *p = &g_array_index (plants, RaBalancePlant, i);
      double spare = isfinite (p->available) ? p->available - p->allocated : NAN;
      GtkWidget *alloc;
      int row = (int) i + 1;

      cell (self->plants_grid, 0, row, p->name, FALSE);
      cell_num (self->plants_grid, 1, row, p->capacity);
      cell_num (self->plants_grid, 2, row, p->available);
      alloc = cell_num (self->plants_grid, 3, row, p->allocated);
      g_hash_table_insert (self->plant_allocated, g_memdup2 (&p->id, sizeof p->id), alloc);
      if (isfinite (spare) && spare < -1e-9)
        {
          g_autofree char *text = g_strdup_printf (_("%.1f over"), -spare);
          GtkWidget *label = cell (self->plants_grid, 4, row, text, TRUE);
          gtk_widget_add_css_class (label, "error");
        }
      else
        cell_num (self->plants_grid, 4, row, spare);
      cell (self->plants_grid, 5, row, origin_text (p->origin), FALSE);
      edit_button (self, self->plants_grid, 6, row, p->id, signals[EDIT_PLANT],
                   _("Capacity, effluent and supply by year"));
    }
}

static const char *
county_name (RaBalance *balance, const char *adcode)
{
  GArray *counties = ra_balance_get_counties (balance);

  for (guint i = 0; adcode != NULL && i < counties->len; i++)
    {
      const RaBalanceCounty *c = &g_array_index (counties, RaBalanceCounty, i);
      if (g_strcmp0 (c->adcode, adcode) == 0)
        return c->name != NULL ? c->name : adcode;
    }
  return adcode != NULL ? adcode : "";
}

static void
fill_counties (RaBalancePanel *self)
{
  static const char * const titles[] = {
    N_("County"), N_("Supply"), N_("Demand"), N_("Allocated"), N_("Unmet"), NULL
  };
  GArray *counties = ra_balance_get_counties (self->balance);

  clear_grid (self->counties_grid);
  headers (self->counties_grid, titles);
  for (guint i = 0; i < counties->len; i++)
    {
      const RaBalanceCounty *c = &g_array_index (counties, RaBalanceCounty, i);
      int row = (int) i + 1;

      cell (self->counties_grid, 0, row, c->name != NULL ? c->name : c->adcode, FALSE);
      cell_num (self->counties_grid, 1, row, c->supply);
      cell_num (self->counties_grid, 2, row, c->demand);
      cell_num (self->counties_grid, 3, row, c->allocated);
      cell_num (self->counties_grid, 4, row, c->unmet);
    }
}

static void
fill_users (RaBalancePanel *self)
{
  static const char * const titles[] = {
    N_("Water user"), N_("County"), N_("Sector"), N_("Demand"), N_("Allocated"), N_("Unmet"),
    N_("Limit"), NULL
  };
  GArray *users = ra_balance_get_users (self->balance);

  clear_grid (self->users_grid);
  headers (self->users_grid, titles);
  for (int c = 1; c <= 2; c++)
    gtk_widget_set_halign (gtk_grid_get_child_at (self->users_grid, c, 0), GTK_ALIGN_START);
  gtk_widget_set_halign (gtk_grid_get_child_at (self->users_grid, 6, 0), GTK_ALIGN_START);
  for (guint i = 0; i < users->len; i++)
    {
      const RaBalanceUser *u = &g_array_index (users, RaBalanceUser, i);
      int row = (int) i + 1;
      const char *limit = !u->able ? ra_balance_limit_to_string (RA_BALANCE_LIMIT_NOT_ABLE)
                          : u->limit != RA_BALANCE_LIMIT_NONE ? ra_balance_limit_to_string (u->limit)
                          : "";

      cell (self->users_grid, 0, row, u->name, FALSE);
      cell (self->users_grid, 1, row, county_name (self->balance, u->adcode), FALSE);
      cell (self->users_grid, 2, row, u->sector != NULL ? ra_water_sector_to_string (u->sector) : "",
            FALSE);
      cell_num (self->users_grid, 3, row, u->demand);
      cell_num (self->users_grid, 4, row, u->allocated);
      cell_num (self->users_grid, 5, row, u->unmet);
      cell (self->users_grid, 6, row, limit, FALSE);
      edit_button (self, self->users_grid, 7, row, u->id, signals[EDIT_USER],
                   _("Edit the water user and its demand"));
      row_button (self, self->users_grid, 8, row, u->id, signals[DELETE_USER],
                  "user-trash-symbolic", _("Delete the water user, its demand and allocations"));
    }
}

static void
fill_findings (RaBalancePanel *self)
{
  g_autoptr(GListModel) findings = ra_balance_check (self->balance);
  GtkWidget *child;
  guint n = findings != NULL ? g_list_model_get_n_items (findings) : 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->findings_list))) != NULL)
    gtk_list_box_remove (self->findings_list, child);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RaPlanFinding) f = g_list_model_get_item (findings, i);
      GtkWidget *row = adw_action_row_new ();
      RaPlanSeverity severity = ra_plan_finding_get_severity (f);
      GtkWidget *image = gtk_image_new_from_icon_name (severity == RA_PLAN_SEVERITY_INFO
                                                       ? "dialog-information-symbolic"
                                                       : "dialog-warning-symbolic");

      gtk_widget_add_css_class (image, severity == RA_PLAN_SEVERITY_ERROR ? "error"
                                       : severity == RA_PLAN_SEVERITY_WARNING ? "warning" : "dim-label");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ra_plan_finding_get_message (f));
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
      gtk_list_box_append (self->findings_list, row);
    }
  if (n == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No findings"));
      gtk_list_box_append (self->findings_list, row);
    }
}

/* The hand allocation's choices: every user and plant, the selection kept
 * by id across refreshes. */
static void
fill_choices (RaBalancePanel *self)
{
  GArray *users = ra_balance_get_users (self->balance);
  GArray *plants = ra_balance_get_plants (self->balance);
  guint user_sel = gtk_drop_down_get_selected (self->user_dropdown);
  guint plant_sel = gtk_drop_down_get_selected (self->plant_dropdown);
  gint64 user_id = user_sel < self->user_ids->len ? g_array_index (self->user_ids, gint64, user_sel) : 0;
  gint64 plant_id = plant_sel < self->plant_ids->len ? g_array_index (self->plant_ids, gint64, plant_sel) : 0;
  g_autoptr(GtkStringList) user_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) plant_names = gtk_string_list_new (NULL);
  guint new_user = 0, new_plant = 0;

  self->syncing = TRUE;
  g_array_set_size (self->user_ids, 0);
  g_array_set_size (self->plant_ids, 0);
  for (guint i = 0; i < users->len; i++)
    {
      const RaBalanceUser *u = &g_array_index (users, RaBalanceUser, i);
      if (u->id == user_id)
        new_user = i;
      g_array_append_val (self->user_ids, u->id);
      gtk_string_list_append (user_names, u->name != NULL ? u->name : "");
    }
  for (guint i = 0; i < plants->len; i++)
    {
      const RaBalancePlant *p = &g_array_index (plants, RaBalancePlant, i);
      if (p->id == plant_id)
        new_plant = i;
      g_array_append_val (self->plant_ids, p->id);
      gtk_string_list_append (plant_names, p->name != NULL ? p->name : "");
    }
  gtk_drop_down_set_model (self->user_dropdown, G_LIST_MODEL (user_names));
  gtk_drop_down_set_model (self->plant_dropdown, G_LIST_MODEL (plant_names));
  gtk_drop_down_set_selected (self->user_dropdown, users->len > 0 ? new_user : GTK_INVALID_LIST_POSITION);
  gtk_drop_down_set_selected (self->plant_dropdown, plants->len > 0 ? new_plant : GTK_INVALID_LIST_POSITION);
  self->syncing = FALSE;
}

/* The allocation of the chosen pair, the volume field's start. */
static void
pair_selected_cb (RaBalancePanel *self)
{
  guint us = gtk_drop_down_get_selected (self->user_dropdown);
  guint ps = gtk_drop_down_get_selected (self->plant_dropdown);
  GPtrArray *allocs;
  double volume = 0.0;

  if (self->syncing || self->balance == NULL || us >= self->user_ids->len ||
      ps >= self->plant_ids->len)
    return;
  allocs = ra_balance_get_allocations (self->balance);
  for (guint i = 0; allocs != NULL && i < allocs->len; i++)
    {
      const RaAllocationRecord *a = g_ptr_array_index (allocs, i);
      if (a->user_id == g_array_index (self->user_ids, gint64, us) &&
          a->plant_id == g_array_index (self->plant_ids, gint64, ps))
        volume = a->volume;
    }
  gtk_spin_button_set_value (self->volume_spin, volume);
}

static void
update_actions (RaBalancePanel *self)
{
  gboolean writable = self->store != NULL && !ra_store_is_read_only (self->store);
  gboolean busy = self->cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "balance.allocate",
                                 writable && self->balance != NULL && self->user_ids->len > 0 &&
                                 self->plant_ids->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "balance.propose",
                                 self->balance != NULL && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "balance.accept",
                                 writable && self->proposal != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "balance.discard", self->proposal != NULL);
  gtk_spinner_set_spinning (self->spinner, busy);
}

static void
update_summary (RaBalancePanel *self)
{
  GArray *plants, *users;
  double available = 0, allocated = 0, demand = 0;
  g_autofree char *text = NULL;

  if (self->balance == NULL)
    {
      gtk_label_set_text (self->summary_label, self->store == NULL ? _("No project open") : "");
      return;
    }
  plants = ra_balance_get_plants (self->balance);
  users = ra_balance_get_users (self->balance);
  for (guint i = 0; i < plants->len; i++)
    {
      const RaBalancePlant *p = &g_array_index (plants, RaBalancePlant, i);
      if (isfinite (p->available))
        available += p->available;
      allocated += p->allocated;
    }
  for (guint i = 0; i < users->len; i++)
    {
      const RaBalanceUser *u = &g_array_index (users, RaBalanceUser, i);
      if (u->able && isfinite (u->demand))
        demand += u->demand;
    }
  /* TRANSLATORS: volumes in 10^4 m3/a */
  text = g_strdup_printf (_("Available %.1f · demand %.1f · allocated %.1f ×10⁴ m³/a"),
                          available, demand, allocated);
  gtk_label_set_text (self->summary_label, text);
}

/* Years --------------------------------------------------------------------- */

static int
compare_int (gconstpointer a, gconstpointer b)
{
  return *(const int *) a - *(const int *) b;
}

static void
add_year (RaBalancePanel *self, int year)
{
  for (guint i = 0; i < self->years->len; i++)
    if (g_array_index (self->years, int, i) == year)
      return;
  g_array_append_val (self->years, year);
  g_array_sort (self->years, compare_int);
}

/* The years with demand or allocations, and the one shown. */
static void
fill_years (RaBalancePanel *self)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  guint selected = GTK_INVALID_LIST_POSITION;

  if (self->store != NULL)
    {
      g_autoptr(GPtrArray) demand = ra_store_list_user_demand (self->store, 0, NULL);
      g_autoptr(GPtrArray) allocs = ra_store_list_allocations (self->store, 0, NULL);

      for (guint i = 0; demand != NULL && i < demand->len; i++)
        add_year (self, ((RaUserDemandRecord *) g_ptr_array_index (demand, i))->year);
      for (guint i = 0; allocs != NULL && i < allocs->len; i++)
        add_year (self, ((RaAllocationRecord *) g_ptr_array_index (allocs, i))->year);
    }
  if (self->year > 0)
    add_year (self, self->year);
  for (guint i = 0; i < self->years->len; i++)
    {
      g_autofree char *text = g_strdup_printf ("%d", g_array_index (self->years, int, i));
      gtk_string_list_append (list, text);
      if (g_array_index (self->years, int, i) == self->year)
        selected = i;
    }
  self->syncing = TRUE;
  gtk_drop_down_set_model (self->year_dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (self->year_dropdown, selected);
  self->syncing = FALSE;
}

static void
year_selected_cb (RaBalancePanel *self)
{
  guint selected = gtk_drop_down_get_selected (self->year_dropdown);

  if (self->syncing || selected >= self->years->len)
    return;
  ra_balance_panel_set_year (self, g_array_index (self->years, int, selected));
}

/* The proposal ---------------------------------------------------------------- */

static void
clear_proposal (RaBalancePanel *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->proposal, ra_balance_proposal_free);
  g_clear_pointer (&self->greedy, ra_balance_proposal_free);
  gtk_revealer_set_reveal_child (self->proposal_revealer, FALSE);
}

typedef struct {
  RaBalance         *balance;     /* owned: the worker's own */
  RaBalanceProposal *proposal;
  RaBalanceProposal *greedy;
} ProposeData;

static void
propose_data_free (ProposeData *data)
{
  g_clear_pointer (&data->balance, ra_balance_free);
  g_clear_pointer (&data->proposal, ra_balance_proposal_free);
  g_clear_pointer (&data->greedy, ra_balance_proposal_free);
  g_free (data);
}

static void
propose_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ProposeData *data = task_data;
  GError *error = NULL;

  data->greedy = ra_balance_propose_greedy (data->balance);
  if (g_task_return_error_if_cancelled (task))
    return;
  data->proposal = ra_balance_propose (data->balance, &error);
  if (data->proposal == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
show_proposal (RaBalancePanel *self)
{
  static const char * const rows[] = {
    N_("Served"), N_("Served, weighted by priority"), N_("New pipelines"), N_("Their cost"), NULL
  };
  const RaBalanceProposal *p[2] = { self->proposal, self->greedy };

  clear_grid (self->proposal_grid);
  cell (self->proposal_grid, 0, 0, "", FALSE);
  cell (self->proposal_grid, 1, 0, _("Proposal (optimum)"), TRUE);
  cell (self->proposal_grid, 2, 0, _("Nearest plant (baseline)"), TRUE);
  for (int r = 0; rows[r] != NULL; r++)
    cell (self->proposal_grid, 0, r + 1, _(rows[r]), FALSE);
  for (int c = 0; c < 2; c++)
    {
      g_autofree char *served = NULL, *weighted = NULL, *km = NULL, *cost = NULL;

      if (p[c] == NULL)
        continue;
      /* TRANSLATORS: a volume in 10^4 m3/a */
      served = g_strdup_printf (_("%.1f ×10⁴ m³/a"), p[c]->served);
      weighted = g_strdup_printf ("%.1f", p[c]->served_weighted);
      km = g_strdup_printf (_("%.1f km"), p[c]->new_pipe_km);
      cost = g_strdup_printf (_("%.1f ×10⁴ yuan"), p[c]->cost_wan);
      cell (self->proposal_grid, c + 1, 1, served, TRUE);
      cell (self->proposal_grid, c + 1, 2, weighted, TRUE);
      cell (self->proposal_grid, c + 1, 3, km, TRUE);
      cell (self->proposal_grid, c + 1, 4, cost, TRUE);
    }
  gtk_revealer_set_reveal_child (self->proposal_revealer, TRUE);
}

static void
propose_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(RaBalancePanel) self = user_data;
  ProposeData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          g_task_get_cancellable (G_TASK (result)) == self->cancellable)
        {
          g_clear_object (&self->cancellable);
          emit_message (self, error->message);
          update_actions (self);
        }
      return;
    }
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;   /* superseded */
  g_clear_object (&self->cancellable);
  self->proposal = g_steal_pointer (&data->proposal);
  self->greedy = g_steal_pointer (&data->greedy);
  self->proposal_year = ra_balance_get_year (data->balance);
  show_proposal (self);
  update_actions (self);
}

static void
propose_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaBalancePanel *self = RA_BALANCE_PANEL (widget);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  ProposeData *data;
  RaBalance *balance;

  if (self->store == NULL || self->year <= 0)
    return;
  clear_proposal (self);
  /* Read here (the store stays on this thread), solved there. */
  balance = ra_balance_new_from_store (self->store, self->year, NULL, &error);
  if (balance == NULL)
    {
      emit_message (self, error->message);
      return;
    }
  self->cancellable = g_cancellable_new ();
  data = g_new0 (ProposeData, 1);
  data->balance = balance;
  task = g_task_new (NULL, self->cancellable, propose_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, propose_action);
  g_task_set_task_data (task, data, (GDestroyNotify) propose_data_free);
  g_task_run_in_thread (task, propose_thread);
  update_actions (self);
}

static void
accept_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaBalancePanel *self = RA_BALANCE_PANEL (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;

  if (self->store == NULL || self->proposal == NULL)
    return;
  /* TRANSLATORS: an undo step, the year */
  label = g_strdup_printf (_("Accept the allocation proposal for %d"), self->proposal_year);
  if (!ra_store_replace_allocations (self->store, self->proposal_year,
                                     self->proposal->allocations, label, &error))
    {
      emit_message (self, error->message);
      return;
    }
  clear_proposal (self);
  ra_balance_panel_refresh (self);
}

static void
discard_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaBalancePanel *self = RA_BALANCE_PANEL (widget);

  clear_proposal (self);
  update_actions (self);
}

static void
allocate_action (GtkWidget *widget, const char *name, GVariant *param)
{
  RaBalancePanel *self = RA_BALANCE_PANEL (widget);
  guint us = gtk_drop_down_get_selected (self->user_dropdown);
  guint ps = gtk_drop_down_get_selected (self->plant_dropdown);
  g_autoptr(GError) error = NULL;

  if (self->store == NULL || self->year <= 0 || us >= self->user_ids->len ||
      ps >= self->plant_ids->len)
    return;
  gtk_spin_button_update (self->volume_spin);
  if (!ra_store_set_allocation (self->store, g_array_index (self->user_ids, gint64, us),
                                g_array_index (self->plant_ids, gint64, ps), self->year,
                                gtk_spin_button_get_value (self->volume_spin), NULL, &error))
    {
      emit_message (self, error->message);
      return;
    }
  /* The store's ::changed refreshes the window's map; the tables now. */
  ra_balance_panel_refresh (self);
}

/* Public ------------------------------------------------------------------------ */

GtkWidget *
ra_balance_panel_new (void)
{
  return g_object_new (RA_TYPE_BALANCE_PANEL, NULL);
}

RaStore *
ra_balance_panel_get_store (RaBalancePanel *self)
{
  g_return_val_if_fail (RA_IS_BALANCE_PANEL (self), NULL);
  return self->store;
}

void
ra_balance_panel_set_store (RaBalancePanel *self, RaStore *store)
{
  g_return_if_fail (RA_IS_BALANCE_PANEL (self));
  g_return_if_fail (store == NULL || RA_IS_STORE (store));

  if (self->store == store)
    return;
  g_set_object (&self->store, store);
  g_array_set_size (self->years, 0);
  ra_balance_panel_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

int
ra_balance_panel_get_year (RaBalancePanel *self)
{
  g_return_val_if_fail (RA_IS_BALANCE_PANEL (self), 0);
  return self->year;
}

void
ra_balance_panel_set_year (RaBalancePanel *self, int year)
{
  g_return_if_fail (RA_IS_BALANCE_PANEL (self));

  if (self->year == year)
    return;
  self->year = year;
  ra_balance_panel_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_YEAR]);
}

RaBalance *
ra_balance_panel_get_balance (RaBalancePanel *self)
{
  g_return_val_if_fail (RA_IS_BALANCE_PANEL (self), NULL);
  return self->balance;
}

void
ra_balance_panel_refresh (RaBalancePanel *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (RA_IS_BALANCE_PANEL (self));

  /* A proposal of other figures would be stale: a new one is asked for. */
  if (self->proposal != NULL || self->cancellable != NULL)
    clear_proposal (self);
  g_clear_pointer (&self->balance, ra_balance_free);
  fill_years (self);
  if (self->store != NULL && self->year > 0)
    {
      self->balance = ra_balance_new_from_store (self->store, self->year, NULL, &error);
      if (self->balance == NULL)
        emit_message (self, error->message);
    }
  if (self->balance != NULL)
    {
      fill_plants (self);
      fill_counties (self);
      fill_users (self);
      fill_findings (self);
      fill_choices (self);
    }
  else
    {
      clear_grid (self->plants_grid);
      clear_grid (self->counties_grid);
      clear_grid (self->users_grid);
      g_hash_table_remove_all (self->plant_allocated);
    }
  update_summary (self);
  update_actions (self);
  g_signal_emit (self, signals[BALANCE_CHANGED], 0);
}

gboolean
ra_balance_panel_choose_pair (RaBalancePanel *self, gint64 user_id, gint64 plant_id, double volume)
{
  guint us = GTK_INVALID_LIST_POSITION, ps = GTK_INVALID_LIST_POSITION;

  g_return_val_if_fail (RA_IS_BALANCE_PANEL (self), FALSE);

  for (guint i = 0; i < self->user_ids->len; i++)
    if (g_array_index (self->user_ids, gint64, i) == user_id)
      us = i;
  for (guint i = 0; i < self->plant_ids->len; i++)
    if (g_array_index (self->plant_ids, gint64, i) == plant_id)
      ps = i;
  if (us == GTK_INVALID_LIST_POSITION || ps == GTK_INVALID_LIST_POSITION)
    return FALSE;
  gtk_drop_down_set_selected (self->user_dropdown, us);
  gtk_drop_down_set_selected (self->plant_dropdown, ps);
  gtk_spin_button_set_value (self->volume_spin, volume);
  return TRUE;
}

const char *
ra_balance_panel_get_plant_allocated_text (RaBalancePanel *self, gint64 plant_id)
{
  GtkLabel *label;

  g_return_val_if_fail (RA_IS_BALANCE_PANEL (self), NULL);
  label = g_hash_table_lookup (self->plant_allocated, &plant_id);
  return label != NULL ? gtk_label_get_text (label) : NULL;
}

gboolean
ra_balance_panel_is_busy (RaBalancePanel *self)
{
  g_return_val_if_fail (RA_IS_BALANCE_PANEL (self), FALSE);
  return self->cancellable != NULL;
}

gboolean
ra_balance_panel_has_proposal (RaBalancePanel *self)
{
  g_return_val_if_fail (RA_IS_BALANCE_PANEL (self), FALSE);
  return self->proposal != NULL;
}

const RaBalanceProposal *
ra_balance_panel_get_proposal (RaBalancePanel *self, const RaBalanceProposal **greedy)
{
  g_return_val_if_fail (RA_IS_BALANCE_PANEL (self), NULL);
  if (greedy != NULL)
    *greedy = self->greedy;
  return self->proposal;
}

/* GObject ---------------------------------------------------------------------- */

static void
ra_balance_panel_dispose (GObject *object)
{
  RaBalancePanel *self = RA_BALANCE_PANEL (object);

  clear_proposal (self);
  g_clear_pointer (&self->balance, ra_balance_free);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), RA_TYPE_BALANCE_PANEL);
  G_OBJECT_CLASS (ra_balance_panel_parent_class)->dispose (object);
}

static void
ra_balance_panel_finalize (GObject *object)
{
  RaBalancePanel *self = RA_BALANCE_PANEL (object);

  g_array_unref (self->years);
  g_array_unref (self->user_ids);
  g_array_unref (self->plant_ids);
  g_hash_table_unref (self->plant_allocated);
  G_OBJECT_CLASS (ra_balance_panel_parent_class)->finalize (object);
}

static void
ra_balance_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RaBalancePanel *self = RA_BALANCE_PANEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_YEAR:
      g_value_set_int (value, self->year);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ra_balance_panel_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  RaBalancePanel *self = RA_BALANCE_PANEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      ra_balance_panel_set_store (self, g_value_get_object (value));
      break;
    case PROP_YEAR:
      ra_balance_panel_set_year (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ra_balance_panel_class_init (RaBalancePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ra_balance_panel_dispose;
  object_class->finalize = ra_balance_panel_finalize;
  object_class->get_property = ra_balance_panel_get_property;
  object_class->set_property = ra_balance_panel_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, RA_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_YEAR] =
    g_param_spec_int ("year", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[EDIT_USER] =
    g_signal_new ("edit-user", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[DELETE_USER] =
    g_signal_new ("delete-user", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[EDIT_PLANT] =
    g_signal_new ("edit-plant", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[BALANCE_CHANGED] =
    g_signal_new ("balance-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/reclaimatlas/ReclaimAtlas/ra-balance-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, RaBalancePanel, year_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RaBalancePanel, summary_label);
  gtk_widget_class_bind_template_child (widget_class, RaBalancePanel, spinner);
  gtk_widget_class_bind_template_child (widget_class, RaBalancePanel, proposal_revealer);
  gtk_widget_class_bind_template_child (widget_class, RaBalancePanel, proposal_grid);
  gtk_widget_class_bind_template_child (widget_class, RaBalancePanel, user_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RaBalancePanel, plant_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RaBalancePanel, volume_spin);
  gtk_widget_class_bind_template_child (widget_class, RaBalancePanel, plants_grid);
  gtk_widget_class_bind_template_child (widget_class, RaBalancePanel, counties_grid);
  gtk_widget_class_bind_template_child (widget_class, RaBalancePanel, users_grid);
  gtk_widget_class_bind_template_child (widget_class, RaBalancePanel, findings_list);
  gtk_widget_class_bind_template_callback (widget_class, year_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, pair_selected_cb);

  gtk_widget_class_install_action (widget_class, "balance.allocate", NULL, allocate_action);
  gtk_widget_class_install_action (widget_class, "balance.propose", NULL, propose_action);
  gtk_widget_class_install_action (widget_class, "balance.accept", NULL, accept_action);
  gtk_widget_class_install_action (widget_class, "balance.discard", NULL, discard_action);
}

static void
ra_balance_panel_init (RaBalancePanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->years = g_array_new (FALSE, FALSE, sizeof (int));
  self->user_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->plant_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->plant_allocated = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  update_summary (self);
  update_actions (self);
}
