/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ui-test-util.h"
#include "ra-application.h"
#include "ra-balance-panel.h"
#include "ra-legend-view.h"
#include "ra-store-water.h"
#include "ra-thematic-balance.h"
#include "ra-window.h"
#include "ra-water-user-editor.h"
#include "ra-plant-supply-editor.h"
#include "ra-sketch.h"
#include "ra-field-display.h"

/* The water balance through the real window on a copy of the Zhangye
 * sample: the water users are a project layer with the sectors in the
 * legend; an allocation made with the panel's widgets reaches the store,
 * the panel's plant row and the map, and undo takes it back; a proposal
 * accepted writes allocations of origin "proposal" in one undo step.
 *
 * RA_TEST_SCREENSHOTS=DIR also writes the window and the balance window as
 * DIR/app-balance.png and DIR/balance-panel.png. */

#define YEAR 2030

typedef struct {
  RaApplication *app;
  RaWindow      *window;
  char          *tmpdir;
} Fixture;

static Fixture fx;

static RaLayer *
layer_with_role (const char *role)
{
  RaMap *map = ra_window_get_map (fx.window);

  for (guint i = 0; i < ra_map_get_n_layers (map); i++)
    if (g_strcmp0 (ra_thematic_balance_layer_role (ra_map_get_layer (map, i)), role) == 0)
      return ra_map_get_layer (map, i);
  return NULL;
}

static RaBalancePanel *
panel (void)
{
  return ra_window_get_balance_panel (fx.window);
}

static gboolean
balance_loaded (gpointer data)
{
  return ui_project_idle (fx.window) && layer_with_role ("water_users") != NULL &&
         layer_with_role ("plant_balance") != NULL &&
         ra_balance_panel_get_balance (panel ()) != NULL;
}

static gboolean
not_busy (gpointer data)
{
  return !ra_balance_panel_is_busy (panel ());
}

/* The year's allocation user <- plant in the store, NAN when none. */
static double
stored_allocation (gint64 user_id, gint64 plant_id, char **origin)
{
  g_autoptr(GPtrArray) allocs = ra_store_list_allocations (ra_window_get_store (fx.window), YEAR,
                                                           NULL);

  g_assert_nonnull (allocs);
  for (guint i = 0; i < allocs->len; i++)
    {
      const RaAllocationRecord *a = g_ptr_array_index (allocs, i);

      if (a->user_id == user_id && a->plant_id == plant_id)
        {
          if (origin != NULL)
            *origin = g_strdup (a->origin);
          return a->volume;
        }
    }
  return NAN;
}

static const RaBalancePlant *
balance_plant (gint64 plant_id)
{
  GArray *plants = ra_balance_get_plants (ra_balance_panel_get_balance (panel ()));

  for (guint i = 0; i < plants->len; i++)
    if (g_array_index (plants, RaBalancePlant, i).id == plant_id)
      return &g_array_index (plants, RaBalancePlant, i);
  return NULL;
}

/* An able user and a plant of its county that meets its standard. */
static void
pick_pair (gint64 *user_id, gint64 *plant_id)
{
  RaBalance *balance = ra_balance_panel_get_balance (panel ());
  GArray *users = ra_balance_get_users (balance);
  GArray *plants = ra_balance_get_plants (balance);

  for (guint i = 0; i < users->len; i++)
    {
      const RaBalanceUser *u = &g_array_index (users, RaBalanceUser, i);

      if (!u->able)
        continue;
      for (guint j = 0; j < plants->len; j++)
        {
          const RaBalancePlant *p = &g_array_index (plants, RaBalancePlant, j);

          if (g_strcmp0 (p->adcode, u->adcode) == 0 &&
              (u->standard == NULL || p->meets_standards == NULL ||
               strstr (p->meets_standards, u->standard) != NULL))
            {
              *user_id = u->id;
              *plant_id = p->id;
              return;
            }
        }
    }
  g_assert_not_reached ();
}

static void
test_layer_and_legend (void)
{
  RaLayer *users = layer_with_role ("water_users");
  const RaStyle *style = ra_layer_get_style (users);
  const RaLegend *legend;
  gboolean found_layer = FALSE, found_sector = FALSE;
  const char *industry = ra_water_sector_to_string ("high_water_industry");

  /* A project layer of the water_users table, named for people. */
  g_assert_cmpstr (ra_layer_get_source_layer_name (users), ==, "water_users");
  g_assert_null (strstr (ra_layer_get_name (users), "water_users"));
  g_assert_cmpint (style->kind, ==, RA_STYLE_PROPORTIONAL);
  g_assert_cmpstr (style->size_field, ==, RA_BALANCE_FIELD_DEMAND);
  g_assert_cmpstr (style->field, ==, RA_BALANCE_FIELD_SECTOR);
  g_assert_cmpuint (ra_layer_get_n_features (users), >, 10);

  spin (0.3);
  legend = ra_legend_view_get_legend (ra_window_get_legend_view (fx.window));
  g_assert_nonnull (legend);
  for (guint l = 0; l < legend->layers->len; l++)
    {
      const RaLegendLayer *ll = g_ptr_array_index (legend->layers, l);

      if (g_strcmp0 (ll->title, ra_layer_get_name (users)) != 0)
        continue;
      found_layer = TRUE;
      for (guint i = 0; i < ll->items->len; i++)
        {
          const RaLegendItem *item = g_ptr_array_index (ll->items, i);

          /* Sectors by their translated names, never their keys. */
          g_assert_null (strstr (item->label, "_"));
          found_sector |= g_strcmp0 (item->label, industry) == 0;
        }
    }
  g_assert_true (found_layer);
  g_assert_true (found_sector);
  g_assert_nonnull (layer_with_role ("flows"));
}

static void
test_allocate_by_hand (void)
{
  RaStore *store = ra_window_get_store (fx.window);
  gint64 user_id = 0, plant_id = 0;
  double before_plant, before_volume, volume;
  g_autofree char *origin = NULL;
  g_autofree char *expected = NULL;
  const char *shown;

  pick_pair (&user_id, &plant_id);
  before_plant = balance_plant (plant_id)->allocated;
  before_volume = stored_allocation (user_id, plant_id, NULL);
  volume = (isfinite (before_volume) ? before_volume : 0.0) + 7.5;

  g_assert_true (ra_balance_panel_choose_pair (panel (), user_id, plant_id, volume));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel ()), "balance.allocate", NULL));
  spin (0.2);

  g_assert_cmpfloat_with_epsilon (stored_allocation (user_id, plant_id, &origin), volume, 1e-9);
  g_assert_cmpstr (origin, ==, "hand");
  expected = g_strdup_printf ("%.1f", before_plant + 7.5);
  shown = ra_balance_panel_get_plant_allocated_text (panel (), plant_id);
  g_assert_cmpstr (shown, ==, expected);
  /* The map follows: the users layer carries the new allocation. */
  g_assert_nonnull (layer_with_role ("flows"));

  g_assert_true (ra_store_undo (store, NULL));
  spin (0.2);
  if (isfinite (before_volume))
    g_assert_cmpfloat_with_epsilon (stored_allocation (user_id, plant_id, NULL), before_volume, 1e-9);
  else
    g_assert_true (isnan (stored_allocation (user_id, plant_id, NULL)));
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("%.1f", before_plant);
  g_assert_cmpstr (ra_balance_panel_get_plant_allocated_text (panel (), plant_id), ==, expected);
}

static void
test_propose_accept (void)
{
  RaStore *store = ra_window_get_store (fx.window);
  const RaBalanceProposal *proposal, *greedy = NULL;
  g_autoptr(GPtrArray) allocs = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel ()), "balance.propose", NULL));
  g_assert_true (wait_for (not_busy, NULL, 60));
  g_assert_true (ra_balance_panel_has_proposal (panel ()));
  proposal = ra_balance_panel_get_proposal (panel (), &greedy);
  g_assert_nonnull (greedy);
  /* The optimum never serves less than the baseline. */
  g_assert_cmpfloat (proposal->served, >=, greedy->served - 1e-6);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel ()), "balance.accept", NULL));
  spin (0.2);
  g_assert_false (ra_balance_panel_has_proposal (panel ()));
  allocs = ra_store_list_allocations (store, YEAR, NULL);
  g_assert_nonnull (allocs);
  g_assert_cmpuint (allocs->len, >, 0);
  for (guint i = 0; i < allocs->len; i++)
    g_assert_cmpstr (((RaAllocationRecord *) g_ptr_array_index (allocs, i))->origin, ==,
                     "proposal");

  /* One undo step brings the hand allocations back. */
  g_assert_true (ra_store_undo (store, NULL));
  g_clear_pointer (&allocs, g_ptr_array_unref);
  allocs = ra_store_list_allocations (store, YEAR, NULL);
  for (guint i = 0; i < allocs->len; i++)
    g_assert_cmpstr (((RaAllocationRecord *) g_ptr_array_index (allocs, i))->origin, !=,
                     "proposal");
}

static RaWaterUserRecord *
stored_user (gint64 id)
{
  g_autoptr(GPtrArray) users = ra_store_list_water_users (ra_window_get_store (fx.window), NULL);

  for (guint i = 0; users != NULL && i < users->len; i++)
    if (((RaWaterUserRecord *) g_ptr_array_index (users, i))->id == id)
      return g_ptr_array_steal_index (users, i);
  return NULL;
}

static gboolean
user_exists (gint64 id)
{
  g_autoptr(RaWaterUserRecord) rec = stored_user (id);
  return rec != NULL;
}

static double
stored_demand (gint64 id, int year)
{
  g_autoptr(GPtrArray) demand = ra_store_list_user_demand (ra_window_get_store (fx.window), year,
                                                           NULL);

  for (guint i = 0; demand != NULL && i < demand->len; i++)
    if (((RaUserDemandRecord *) g_ptr_array_index (demand, i))->user_id == id)
      return ((RaUserDemandRecord *) g_ptr_array_index (demand, i))->volume;
  return NAN;
}

static const char *
users_layer_name_of (gint64 id)
{
  RaLayer *users = layer_with_role ("water_users");
  RaAttrTable *attrs = ra_layer_get_attrs (users);
  int field = ra_attr_table_field_index (attrs, RA_BALANCE_FIELD_NAME);

  for (guint i = 0; i < attrs->n_features; i++)
    if (attrs->fids[i] == id)
      return ra_attr_table_get (attrs, i, field);
  return NULL;
}

/* The editor's attribute change is one undo step; the map's users layer
 * and the store follow, undo takes both back. */
static void
test_edit_user (void)
{
  RaStore *store = ra_window_get_store (fx.window);
  gint64 user_id = 0, plant_id = 0;
  g_autoptr(RaWaterUserRecord) before = NULL;
  g_autoptr(RaWaterUserRecord) after = NULL;
  g_autoptr(RaWaterUserRecord) undone = NULL;
  g_autoptr(GError) error = NULL;
  RaWaterUserEditor *editor;

  pick_pair (&user_id, &plant_id);
  before = stored_user (user_id);
  editor = ra_window_edit_water_user (fx.window, user_id);
  g_assert_nonnull (editor);
  spin (0.2);
  g_assert_true (ra_water_user_editor_set_field (editor, "name", "测试用水户"));
  g_assert_true (ra_water_user_editor_set_field (editor, "sector", "coal_mining"));
  g_assert_true (ra_water_user_editor_set_field (editor, "able", "no"));
  g_assert_true (ra_water_user_editor_set_field (editor, "why_not", "离厂太远"));
  g_assert_false (ra_water_user_editor_set_field (editor, "sector", "steel"));
  g_assert_true (ra_water_user_editor_apply (editor, &error));
  g_assert_no_error (error);
  spin (0.3);

  after = stored_user (user_id);
  g_assert_cmpstr (after->name, ==, "测试用水户");
  g_assert_cmpstr (after->sector, ==, "coal_mining");
  g_assert_cmpstr (after->able, ==, "no");
  g_assert_cmpstr (after->why_not, ==, "离厂太远");
  g_assert_cmpstr (after->adcode, ==, before->adcode);
  g_assert_cmpstr (after->use_category, ==, before->use_category);
  g_assert_cmpstr (users_layer_name_of (user_id), ==, "测试用水户");

  /* One step takes every field back. */
  g_assert_true (ra_store_undo (store, NULL));
  spin (0.3);
  undone = stored_user (user_id);
  g_assert_cmpstr (undone->name, ==, before->name);
  g_assert_cmpstr (undone->sector, ==, before->sector);
  g_assert_cmpstr (undone->able, ==, before->able);
  g_assert_cmpstr (undone->why_not, ==, before->why_not);
  g_assert_cmpstr (users_layer_name_of (user_id), ==, before->name);
}

static const RaBalanceUser *
balance_user (gint64 user_id)
{
  GArray *users = ra_balance_get_users (ra_balance_panel_get_balance (panel ()));

  for (guint i = 0; i < users->len; i++)
    if (g_array_index (users, RaBalanceUser, i).id == user_id)
      return &g_array_index (users, RaBalanceUser, i);
  return NULL;
}

/* A year's demand through the editor: the store and the balance follow;
 * a figure the store refuses is shown and nothing is written. */
static void
test_edit_demand (void)
{
  RaStore *store = ra_window_get_store (fx.window);
  gint64 user_id = 0, plant_id = 0;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  RaWaterUserEditor *editor;
  double before, wanted;

  pick_pair (&user_id, &plant_id);
  before = stored_demand (user_id, YEAR);
  wanted = (isfinite (before) ? before : 0.0) + 12.5;

  /* Refused: not a number, then a negative volume (the store's check). */
  editor = ra_window_edit_water_user (fx.window, user_id);
  ra_water_user_editor_set_demand (editor, YEAR, "abc");
  g_assert_false (ra_water_user_editor_apply (editor, &error));
  g_clear_error (&error);
  ra_water_user_editor_set_demand (editor, YEAR, "-3");
  g_assert_false (ra_water_user_editor_apply (editor, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (isnan (before) ? isnan (stored_demand (user_id, YEAR))
                                : stored_demand (user_id, YEAR) == before);

  text = g_strdup_printf ("%.2f", wanted);
  ra_water_user_editor_set_demand (editor, YEAR, text);
  g_assert_true (ra_water_user_editor_apply (editor, &error));
  g_assert_no_error (error);
  spin (0.3);
  g_assert_cmpfloat_with_epsilon (stored_demand (user_id, YEAR), wanted, 1e-9);
  g_assert_cmpfloat_with_epsilon (balance_user (user_id)->demand, wanted, 1e-9);

  g_assert_true (ra_store_undo (store, NULL));
  spin (0.3);
  if (isnan (before))
    g_assert_true (isnan (stored_demand (user_id, YEAR)));
  else
    g_assert_cmpfloat_with_epsilon (stored_demand (user_id, YEAR), before, 1e-9);
}

/* A plant's capacity, standards met and supply of a year. */
static void
test_edit_plant (void)
{
  RaStore *store = ra_window_get_store (fx.window);
  gint64 user_id = 0, plant_id = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) plants = NULL;
  g_autoptr(GPtrArray) supply = NULL;
  RaPlantSupplyEditor *editor;
  const RaPlantDetailRecord *plant = NULL;
  const RaPlantSupplyRecord *year_supply = NULL;

  pick_pair (&user_id, &plant_id);
  editor = ra_window_edit_plant_supply (fx.window, plant_id);
  g_assert_nonnull (editor);
  g_assert_true (ra_plant_supply_editor_set_field (editor, "capacity_m3_per_day", "55000"));
  g_assert_true (ra_plant_supply_editor_set_field (editor, "GB 5084-2021", "no"));
  ra_plant_supply_editor_set_supply (editor, YEAR, "1500", "200");
  g_assert_true (ra_plant_supply_editor_apply (editor, &error));
  g_assert_no_error (error);
  spin (0.3);

  plants = ra_store_list_plant_details (store, NULL);
  for (guint i = 0; i < plants->len; i++)
    if (((RaPlantDetailRecord *) g_ptr_array_index (plants, i))->id == plant_id)
      plant = g_ptr_array_index (plants, i);
  g_assert_cmpfloat (plant->capacity_m3_per_day, ==, 55000);
  g_assert_true (plant->meets_standards == NULL || strstr (plant->meets_standards, "GB 5084") == NULL);
  supply = ra_store_list_plant_supply (store, YEAR, NULL);
  for (guint i = 0; i < supply->len; i++)
    if (((RaPlantSupplyRecord *) g_ptr_array_index (supply, i))->plant_id == plant_id)
      year_supply = g_ptr_array_index (supply, i);
  g_assert_nonnull (year_supply);
  g_assert_cmpfloat (year_supply->treated, ==, 1500);
  g_assert_cmpfloat (year_supply->committed_discharge, ==, 200);

  /* Two steps: the year's supply, then the plant's fields. */
  g_assert_true (ra_store_undo (store, NULL));
  g_assert_true (ra_store_undo (store, NULL));
  spin (0.3);
}

/* The editor of a new water user the point tool opened, NULL if none. */
static RaWaterUserEditor *
find_new_user_editor (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* (transfer none) */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (RA_IS_WATER_USER_EDITOR (w) &&
          ra_water_user_editor_get_user_id (RA_WATER_USER_EDITOR (w)) == 0 &&
          gtk_widget_get_visible (GTK_WIDGET (w)))
        return RA_WATER_USER_EDITOR (w);
    }
  return NULL;
}

/* A new user as a planner adds one: "Add Water User…" arms the point tool,
 * a click on the map (in 甘州区, at its seat) opens the editor with that
 * county preset; Apply writes the user, its place and its demand as one
 * undo step; the balance and the map's users layer show it; undo takes
 * all of it back. */
static void
test_add_user (void)
{
  RaStore *store = ra_window_get_store (fx.window);
  RaMapView *view = ra_window_get_map_view (fx.window);
  g_autoptr(GPtrArray) counties = ra_store_list_counties (store, NULL);
  g_autoptr(RaCrs) ll = ra_crs_new_from_epsg (4490, NULL);
  g_autoptr(RaTransform) t = NULL;
  g_autoptr(GPtrArray) users_before = ra_store_list_water_users (store, NULL);
  g_autoptr(GPtrArray) users_after = NULL;
  g_autoptr(GError) error = NULL;
  const RaCountyRecord *county = NULL;
  RaWaterUserRecord *added = NULL;
  RaWaterUserEditor *editor;
  double x, y, px, py;
  gint64 id;

  for (guint i = 0; i < counties->len; i++)
    if (g_strcmp0 (((RaCountyRecord *) g_ptr_array_index (counties, i))->adcode, "620702") == 0)
      county = g_ptr_array_index (counties, i);
  g_assert_nonnull (county);

  gtk_widget_activate_action (GTK_WIDGET (fx.window), "win.add-water-user", NULL);
  spin (0.2);
  g_assert_cmpint (ra_sketch_get_tool (ra_window_get_sketch (fx.window)), ==,
                   RA_SKETCH_TOOL_POINT);
  g_assert_cmpstr (ra_sketch_get_point_kind (ra_window_get_sketch (fx.window)), ==, "water_user");

  t = ra_transform_new (ll, ra_map_get_crs (ra_window_get_map (fx.window)), NULL);
  x = county->seat_lon;
  y = county->seat_lat;
  g_assert_true (ra_transform_point (t, &x, &y));
  ra_view_to_device (ra_map_view_get_view (view), x, y, &px, &py);
  ra_map_view_test_pointer (view, RA_MAP_POINTER_MOTION, px, py, 0, 0);
  ra_map_view_test_pointer (view, RA_MAP_POINTER_PRESS, px, py, GDK_BUTTON_PRIMARY, 0);
  ra_map_view_test_pointer (view, RA_MAP_POINTER_RELEASE, px, py, GDK_BUTTON_PRIMARY, 0);
  spin (0.3);

  editor = find_new_user_editor ();
  g_assert_nonnull (editor);
  /* No name: refused, nothing written, the editor stays. */
  g_assert_false (ra_water_user_editor_apply (editor, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (ra_store_count_rows (store, "water_users", NULL), ==, users_before->len);

  g_assert_true (ra_water_user_editor_set_field (editor, "name", "新增洗车场"));
  g_assert_true (ra_water_user_editor_set_field (editor, "sector", "urban_nonpotable"));
  g_assert_true (ra_water_user_editor_set_field (editor, "use_category", "urban_nonpotable"));
  g_assert_true (ra_water_user_editor_set_field (editor, "able", "yes"));
  ra_water_user_editor_set_demand (editor, YEAR, "3.5");
  g_assert_true (ra_water_user_editor_apply (editor, &error));
  g_assert_no_error (error);
  spin (0.5);
  g_assert_true (wait_for (balance_loaded, NULL, 30));

  users_after = ra_store_list_water_users (store, NULL);
  g_assert_cmpuint (users_after->len, ==, users_before->len + 1);
  for (guint i = 0; i < users_after->len; i++)
    if (g_strcmp0 (((RaWaterUserRecord *) g_ptr_array_index (users_after, i))->name,
                   "新增洗车场") == 0)
      added = g_ptr_array_index (users_after, i);
  g_assert_nonnull (added);
  id = added->id;
  g_assert_cmpstr (added->adcode, ==, "620702");
  g_assert_cmpstr (added->sector, ==, "urban_nonpotable");
  g_assert_cmpfloat_with_epsilon (added->lon, county->seat_lon, 1e-3);
  g_assert_cmpfloat_with_epsilon (added->lat, county->seat_lat, 1e-3);
  g_assert_cmpfloat (stored_demand (id, YEAR), ==, 3.5);
  g_assert_nonnull (balance_user (id));
  g_assert_cmpfloat (balance_user (id)->demand, ==, 3.5);
  g_assert_cmpstr (users_layer_name_of (id), ==, "新增洗车场");

  /* One undo step: the user and its demand. */
  g_assert_true (ra_store_undo (store, &error));
  g_assert_no_error (error);
  spin (0.5);
  g_assert_false (user_exists (id));
  g_assert_true (isnan (stored_demand (id, YEAR)));
  g_assert_cmpint (ra_store_count_rows (store, "water_users", NULL), ==, users_before->len);
  gtk_widget_activate_action (GTK_WIDGET (fx.window), "sketch.tool", "s", "select");
}

/* Delete from the Water Users table: asked first; "delete" removes the
 * user, its demand and its allocations of every year; undo brings all
 * back. */
static void
test_delete_user (void)
{
  RaStore *store = ra_window_get_store (fx.window);
  g_autoptr(GPtrArray) allocs_before = ra_store_list_allocations (store, 0, NULL);
  g_autoptr(GPtrArray) demand_before = ra_store_list_user_demand (store, 0, NULL);
  g_autoptr(GPtrArray) allocs_after = NULL, demand_after = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  gint64 id = 0;
  guint n_allocs = 0, n_demand = 0;

  g_assert_cmpuint (allocs_before->len, >, 0);
  id = ((RaAllocationRecord *) g_ptr_array_index (allocs_before, 0))->user_id;
  for (guint i = 0; i < allocs_before->len; i++)
    n_allocs += ((RaAllocationRecord *) g_ptr_array_index (allocs_before, i))->user_id == id;
  for (guint i = 0; i < demand_before->len; i++)
    n_demand += ((RaUserDemandRecord *) g_ptr_array_index (demand_before, i))->user_id == id;
  g_assert_cmpuint (n_demand, >, 0);

  /* Cancel changes nothing. */
  dialog = ra_window_delete_water_user (fx.window, id);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "cancel");
  spin (0.2);
  g_assert_true (user_exists (id));

  dialog = ra_window_delete_water_user (fx.window, id);
  adw_message_dialog_response (dialog, "delete");
  spin (0.5);
  g_assert_false (user_exists (id));
  allocs_after = ra_store_list_allocations (store, 0, NULL);
  demand_after = ra_store_list_user_demand (store, 0, NULL);
  g_assert_cmpuint (allocs_after->len, ==, allocs_before->len - n_allocs);
  g_assert_cmpuint (demand_after->len, ==, demand_before->len - n_demand);
  g_assert_true (wait_for (balance_loaded, NULL, 30));
  g_assert_null (balance_user (id));

  g_assert_true (ra_store_undo (store, &error));
  g_assert_no_error (error);
  spin (0.5);
  g_assert_true (user_exists (id));
  g_clear_pointer (&allocs_after, g_ptr_array_unref);
  g_clear_pointer (&demand_after, g_ptr_array_unref);
  allocs_after = ra_store_list_allocations (store, 0, NULL);
  demand_after = ra_store_list_user_demand (store, 0, NULL);
  g_assert_cmpuint (allocs_after->len, ==, allocs_before->len);
  g_assert_cmpuint (demand_after->len, ==, demand_before->len);
}

static void
collect_labels (GtkWidget *widget, GPtrArray *texts)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    g_ptr_array_add (texts, g_strdup (gtk_label_get_text (GTK_LABEL (widget))));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, texts);
}

/* Identifies the first feature of layer (at its first vertex) and checks
 * what the popover says: no raw field name of the layer, no number with
 * more than 2 decimals; expected among the texts.  Returns the layer
 * identified (it may be another project layer on top there). */
static RaLayer *
check_identify (RaLayer *layer, const char *expected)
{
  RaMapView *view = ra_window_get_map_view (fx.window);
  g_autoptr(RaLayerData) data = ra_layer_dup_data (layer);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRegex) long_number = g_regex_new ("\\d\\.\\d{3,}", 0, 0, NULL);
  RaAttrTable *attrs;
  RaLayer *hit;
  gboolean seen = FALSE;
  double px, py;

  g_assert_cmpuint (data->n_features, >, 0);
  {
    g_auto(RaCoordScratch) scratch = RA_COORD_SCRATCH_INIT;
    const double *xy = ra_geometry_coords (data->geoms[0], &scratch);

    ra_view_to_device (ra_map_view_get_view (view), xy[0], xy[1], &px, &py);
  }
  g_assert_true (ra_map_view_identify_at (view, px, py));
  spin (0.2);
  hit = ra_map_view_get_selected_layer (view);
  g_assert_nonnull (hit);
  g_assert_nonnull (ra_field_display_context (hit, ra_window_get_store (fx.window)));
  attrs = ra_layer_get_attrs (hit);
  collect_labels (GTK_WIDGET (view), texts);
  for (guint i = 0; i < texts->len; i++)
    {
      const char *t = g_ptr_array_index (texts, i);

      for (guint f = 0; f < attrs->n_fields; f++)
        if (g_strcmp0 (t, attrs->field_names[f]) == 0)
          g_error ("%s: the popover shows the raw field name “%s”", ra_layer_get_name (hit), t);
      if (g_regex_match (long_number, t, 0, NULL))
        g_error ("%s: the popover shows the unrounded number “%s”", ra_layer_get_name (hit), t);
      seen |= hit == layer && g_strcmp0 (t, expected) == 0;
    }
  if (hit == layer && !seen)
    g_error ("%s: the popover lacks “%s”", ra_layer_get_name (hit), expected);
  ra_map_view_clear_selection (view);
  return hit;
}

/* The identify popover on the balance's layers and the project's own
 * speaks words: labels, not column names; values rounded. */
static void
test_identify_labels (void)
{
  RaLayer *plants = layer_with_role ("plant_balance");
  RaLayer *users = layer_with_role ("water_users");
  RaLayer *flows = layer_with_role ("flows");

  g_assert_nonnull (plants);
  g_assert_nonnull (users);
  check_identify (plants, "Available (10⁴ m³/a)");
  check_identify (users, "Demand (10⁴ m³/a)");
  if (flows != NULL)
    check_identify (flows, "Allocated volume (10⁴ m³/a)");
  /* Values in words: a sector, not its key. */
  g_assert_cmpstr (ra_field_display_value ("water_users", "sector", "coal_mining", NULL), ==,
                   ra_water_sector_to_string ("coal_mining"));
  g_assert_cmpstr (ra_field_display_value ("plant_balance", "spare", "166.93333", NULL), ==,
                   "167");
  g_assert_cmpstr (ra_field_display_value ("pipelines", "dn_mm", "300.0", NULL), ==, "DN300");
  g_assert_null (ra_field_display_label ("plant_balance", "size"));
  g_assert_null (ra_field_display_label (NULL, "name"));
}

static void
save_png (GtkWidget *widget, const char *path)
{
  GdkPaintable *paintable = gtk_widget_paintable_new (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node != NULL && renderer != NULL)
    {
      texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
      gdk_texture_save_to_png (texture, path);
    }
  g_object_unref (paintable);
}

static void
test_screenshots (void)
{
  const char *dir = g_getenv ("RA_TEST_SCREENSHOTS");
  g_autofree char *app_png = NULL, *panel_png = NULL;

  if (dir == NULL)
    {
      g_test_skip ("RA_TEST_SCREENSHOTS not set");
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (fx.window), "win.show-balance", NULL);
  spin (1.0);
  app_png = g_build_filename (dir, "app-balance.png", NULL);
  panel_png = g_build_filename (dir, "balance-panel.png", NULL);
  save_png (GTK_WIDGET (fx.window), app_png);
  save_png (GTK_WIDGET (ra_window_get_balance_window (fx.window)), panel_png);
}

int
main (int argc, char *argv[])
{
  int status;

  fx.tmpdir = ui_test_isolate_data_home ("ra-balance");
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();

  /* A start without arguments opens (a fresh copy of) the Zhangye sample. */
  fx.window = ui_test_start_app (&fx.app);
  gtk_window_set_default_size (GTK_WINDOW (fx.window), 1400, 860);
  gtk_window_unmaximize (GTK_WINDOW (fx.window));
  ui_wait_project (fx.window);
  ra_window_set_year (fx.window, YEAR);
  ra_balance_panel_set_year (panel (), YEAR);
  g_assert_true (wait_for (balance_loaded, NULL, 60));

  g_test_add_func ("/ui/balance/layer-and-legend", test_layer_and_legend);
  g_test_add_func ("/ui/balance/allocate-by-hand", test_allocate_by_hand);
  g_test_add_func ("/ui/balance/propose-accept", test_propose_accept);
  g_test_add_func ("/ui/balance/edit-user", test_edit_user);
  g_test_add_func ("/ui/balance/edit-demand", test_edit_demand);
  g_test_add_func ("/ui/balance/edit-plant", test_edit_plant);
  g_test_add_func ("/ui/balance/identify-labels", test_identify_labels);
  g_test_add_func ("/ui/balance/add-user", test_add_user);
  g_test_add_func ("/ui/balance/delete-user", test_delete_user);
  g_test_add_func ("/ui/balance/screenshots", test_screenshots);

  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (fx.window));
  g_clear_object (&fx.app);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", fx.tmpdir);
    g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  }
  g_free (fx.tmpdir);
  return status;
}
