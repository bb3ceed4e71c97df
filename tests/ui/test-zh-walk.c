/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libintl.h>
#include <locale.h>
#include <string.h>

#include <sqlite3.h>
#include <gdk/x11/gdkx.h>

#include "ui-test-util.h"
#include "ra-application.h"
#include "ra-balance-panel.h"
#include "ra-field-display.h"
#include "ra-plan.h"
#include "ra-store-water.h"
#include "ra-thematic.h"
#include "ra-views.h"
#include "ra-window.h"

/* The Chinese UI, read as a user would (issue 17): the app started under
 * zh_CN.UTF-8 with the real catalogue, every screen opened in turn (map and
 * its modes, inventory, ledger, plan check, network, water balance, project
 * settings, print layout and export, the identify popover on each layer,
 * the editors of a project, a water user and a plant, presentation and
 * comparison), and every text a widget shows walked: labels, tooltips,
 * placeholders, window titles, column titles, drop-down items and menu
 * entries.  It fails on
 *   - an English message of the catalogue shown untranslated,
 *   - a raw column or table name of the project file (project_id, dn_mm...),
 *   - an untranslated key of an enumeration (proposed, wwtp, coal_mining...),
 *   - any other all-English phrase (a string never marked for translation).
 * The list of what failed names the window and the widget. */

typedef struct {
  RaApplication *app;
  RaWindow      *window;
  char          *tmpdir;
  GHashTable    *msgids;      /* English msgids with a different translation */
  GHashTable    *columns;     /* column and table names of the project file */
  GHashTable    *keys;        /* enumeration keys */
  GHashTable    *reported;    /* "problem\ttext" already reported */
  GRegex        *english;     /* two or more English words and nothing else */
  GRegex        *word;        /* a word of ASCII letters, digits and _ */
  GPtrArray     *problems;
  const char    *screen;
  guint          n_texts;     /* widgets walked on this screen */
} Fixture;

static Fixture fx;

/* ---- what may not show ---------------------------------------------- */

static char *
po_unescape (const char *s)
{
  GString *out = g_string_new (NULL);

  for (; *s != '\0'; s++)
    {
      if (*s != '\\' || s[1] == '\0')
        {
          g_string_append_c (out, *s);
          continue;
        }
      s++;
      switch (*s)
        {
        case 'n': g_string_append_c (out, '\n'); break;
        case 't': g_string_append_c (out, '\t'); break;
        default:  g_string_append_c (out, *s); break;
        }
    }
  return g_string_free (out, FALSE);
}

/* The value of a po line `keyword "..."` and its continuation lines. */
static char *
po_string (char **lines, guint *i, const char *keyword)
{
  GString *value = g_string_new (NULL);
  const char *line = lines[*i] + strlen (keyword);

  for (;;)
    {
      const char *start = strchr (line, '"'), *end = strrchr (line, '"');
      g_autofree char *raw = NULL, *text = NULL;

      if (start != NULL && end > start)
        {
          raw = g_strndup (start + 1, end - start - 1);
          text = po_unescape (raw);
          g_string_append (value, text);
        }
      if (lines[*i + 1] == NULL || lines[*i + 1][0] != '"')
        break;
      line = lines[++*i];
    }
  return g_string_free (value, FALSE);
}

/* Every msgid of po/zh_CN.po whose translation differs from it. */
static void
load_msgids (const char *po_path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *msgid = NULL;

  g_assert_true (g_file_get_contents (po_path, &contents, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "msgid "))
        {
          g_free (msgid);
          msgid = po_string (lines, &i, "msgid ");
        }
      else if (g_str_has_prefix (lines[i], "msgid_plural "))
        {
          g_autofree char *plural = po_string (lines, &i, "msgid_plural ");

          if (strchr (plural, '%') == NULL && *plural != '\0')
            g_hash_table_add (fx.msgids, g_steal_pointer (&plural));
        }
      else if (g_str_has_prefix (lines[i], "msgstr") && msgid != NULL)
        {
          const char *kw = g_str_has_prefix (lines[i], "msgstr[") ? strchr (lines[i], ' ') : NULL;
          g_autofree char *msgstr = NULL;

          if (kw != NULL)
            msgstr = po_string (lines, &i, "msgstr[0] ");
          else
            msgstr = po_string (lines, &i, "msgstr ");
          /* Format strings never show as they are; what they produce is
           * caught by the English-phrase rule. */
          if (*msgid != '\0' && *msgstr != '\0' && g_strcmp0 (msgid, msgstr) != 0 &&
              strchr (msgid, '%') == NULL)
            g_hash_table_add (fx.msgids, g_strdup (msgid));
          g_clear_pointer (&msgid, g_free);
        }
    }
  g_assert_cmpuint (g_hash_table_size (fx.msgids), >, 500);
}

/* The user tables of the project file, their names and their columns. */
static void
load_columns (const char *db_path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *tables = NULL;
  static const char *const system[] = {
    "geometry_columns", "spatial_ref_sys", "spatialite_history", "sqlite_sequence",
    "views_geometry_columns", "virts_geometry_columns", "sql_statements_log",
    "data_licenses", "spatial_ref_sys_aux", "ElementaryGeometries", "KNN", "KNN2",
    "SpatialIndex", NULL
  };

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                     "SELECT name FROM sqlite_master WHERE type = 'table'"
                     " AND name NOT LIKE 'idx_%' AND name NOT LIKE '%geometry_columns%'"
                     " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'rtree%'",
                     -1, &tables, NULL), ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (tables, 0);
      sqlite3_stmt *cols = NULL;

      if (g_strv_contains (system, table))
        continue;
      g_hash_table_add (fx.columns, g_strdup (table));
      g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM pragma_table_info(?1)", -1,
                                           &cols, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (cols, 1, table, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (cols) == SQLITE_ROW)
        g_hash_table_add (fx.columns, g_strdup ((const char *) sqlite3_column_text (cols, 0)));
      sqlite3_finalize (cols);
    }
  sqlite3_finalize (tables);
  sqlite3_close (db);
  g_assert_true (g_hash_table_contains (fx.columns, "dn_mm"));
}

static void
add_keys (const char *const *keys)
{
  for (guint i = 0; keys[i] != NULL; i++)
    g_hash_table_add (fx.keys, g_strdup (keys[i]));
}

static void
load_keys (void)
{
  static const char *const more[] = {
    /* plan uses and county statuses (ra-plan.c, ra-thematic.h) */
    "industry", "agriculture", "ecological", "urban_nonpotable",
    "met", "unmet", "no_target", "no_data", "conflict", NULL
  };

  add_keys (ra_plant_kind_keys ());
  add_keys (ra_project_status_keys ());
  add_keys (ra_water_sector_keys ());
  add_keys (ra_water_use_category_keys ());
  add_keys (ra_water_source_keys ());
  add_keys (more);
}

/* ---- walking --------------------------------------------------------- */

static void
problem (const char *kind, const char *text, GtkWidget *widget)
{
  g_autofree char *key = g_strdup_printf ("%s\t%s", kind, text);
  GtkRoot *root = widget != NULL ? gtk_widget_get_root (widget) : NULL;
  const char *title = GTK_IS_WINDOW (root) ? gtk_window_get_title (GTK_WINDOW (root)) : NULL;
  GString *path = g_string_new (NULL);

  if (g_hash_table_contains (fx.reported, key))
    return;
  g_hash_table_add (fx.reported, g_steal_pointer (&key));
  for (GtkWidget *w = widget; w != NULL && path->len < 160; w = gtk_widget_get_parent (w))
    {
      g_string_prepend (path, G_OBJECT_TYPE_NAME (w));
      g_string_prepend_c (path, '/');
    }
  g_ptr_array_add (fx.problems,
                   g_strdup_printf ("[%s] %s “%s” in window “%s”: …%s", fx.screen, kind, text,
                                    title != NULL ? title : "?", path->str));
  g_string_free (path, TRUE);
}

static void
check_text (const char *raw, GtkWidget *widget, gboolean user_data)
{
  g_autofree char *text = NULL;
  g_autoptr(GMatchInfo) match = NULL;

  if (raw == NULL)
    return;
  text = g_strstrip (g_strdup (raw));
  if (*text == '\0')
    return;
  if (!user_data && g_hash_table_contains (fx.msgids, text))
    problem ("untranslated message", text, widget);
  if (g_hash_table_contains (fx.columns, text))
    problem ("raw column or table name", text, widget);
  g_regex_match (fx.word, text, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *w = g_match_info_fetch (match, 0);

      if (g_hash_table_contains (fx.keys, w))
        problem ("untranslated key", text, widget);
      else if (strchr (w, '_') != NULL && g_hash_table_contains (fx.columns, w))
        problem ("raw column name", text, widget);
      g_match_info_next (match, NULL);
    }
  if (!user_data && g_regex_match (fx.english, text, 0, NULL))
    problem ("English text", text, widget);
}

static void
check_markup (const char *markup, GtkWidget *widget)
{
  g_autofree char *text = NULL;

  if (markup != NULL && pango_parse_markup (markup, -1, 0, NULL, &text, NULL, NULL))
    check_text (text, widget, FALSE);
}

static void
walk_menu (GMenuModel *model, GtkWidget *owner)
{
  if (model == NULL)
    return;
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *label = NULL;
      g_autoptr(GMenuLinkIter) links = NULL;
      const char *name;
      GMenuModel *link;

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        check_text (label, owner, FALSE);
      links = g_menu_model_iterate_item_links (model, i);
      while (g_menu_link_iter_get_next (links, &name, &link))
        {
          walk_menu (link, owner);
          g_object_unref (link);
        }
    }
}

static void
walk (GtkWidget *widget)
{
  GParamSpec *placeholder;

  /* Key names (Page Up, E) are GTK's own, in its own catalogue. */
  if (GTK_IS_SHORTCUT_LABEL (widget))
    return;
  fx.n_texts++;
  if (GTK_IS_LABEL (widget))
    check_text (gtk_label_get_text (GTK_LABEL (widget)), widget, FALSE);
  else if (GTK_IS_EDITABLE (widget) && !GTK_IS_SPIN_BUTTON (widget))
    check_text (gtk_editable_get_text (GTK_EDITABLE (widget)), widget, TRUE);
  if (gtk_widget_get_tooltip_markup (widget) != NULL)
    check_markup (gtk_widget_get_tooltip_markup (widget), widget);
  else
    check_text (gtk_widget_get_tooltip_text (widget), widget, FALSE);
  placeholder = g_object_class_find_property (G_OBJECT_GET_CLASS (widget), "placeholder-text");
  if (placeholder != NULL && placeholder->value_type == G_TYPE_STRING)
    {
      g_autofree char *p = NULL;

      g_object_get (widget, "placeholder-text", &p, NULL);
      check_text (p, widget, FALSE);
    }
  if (GTK_IS_WINDOW (widget))
    check_text (gtk_window_get_title (GTK_WINDOW (widget)), widget, FALSE);
  if (GTK_IS_COLUMN_VIEW (widget))
    {
      GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (widget));

      for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
        {
          g_autoptr(GtkColumnViewColumn) col = g_list_model_get_item (columns, i);

          check_text (gtk_column_view_column_get_title (col), widget, FALSE);
        }
    }
  if (GTK_IS_DROP_DOWN (widget) && GTK_IS_STRING_LIST (gtk_drop_down_get_model (GTK_DROP_DOWN (widget))))
    {
      GListModel *items = gtk_drop_down_get_model (GTK_DROP_DOWN (widget));

      for (guint i = 0; i < g_list_model_get_n_items (items); i++)
        check_text (gtk_string_list_get_string (GTK_STRING_LIST (items), i), widget, FALSE);
    }
  if (GTK_IS_MENU_BUTTON (widget))
    walk_menu (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)), widget);
  if (GTK_IS_POPOVER_MENU (widget))
    walk_menu (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (widget)), widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    walk (child);
}

/* Walks every window of the app as it is now. */
static void
walk_all (const char *screen)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  spin (0.4);
  fx.screen = screen;
  fx.n_texts = 0;
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      walk (w);
    }
  g_test_message ("%s: %u widgets walked", screen, fx.n_texts);
}

/* ---- the screens ----------------------------------------------------- */

static void
activate (const char *action)
{
  gtk_widget_activate_action (GTK_WIDGET (fx.window), action, NULL);
  spin (0.6);
}

static void
close_other_windows (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i-- > 0;)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      if (w != GTK_WIDGET (fx.window) && w != GTK_WIDGET (ra_window_get_balance_window (fx.window)))
        gtk_window_close (GTK_WINDOW (w));
    }
  spin (0.3);
}

static void
identify_each_layer (void)
{
  RaMap *map = ra_window_get_map (fx.window);
  RaMapView *view = ra_window_get_map_view (fx.window);

  for (guint l = 0; l < ra_map_get_n_layers (map); l++)
    {
      RaLayer *layer = ra_map_get_layer (map, l);
      g_autoptr(RaLayerData) data = ra_layer_dup_data (layer);
      g_auto(RaCoordScratch) scratch = RA_COORD_SCRATCH_INIT;
      g_autofree char *screen = NULL;
      const double *xy;
      double px, py;

      if (!ra_layer_get_visible (layer) || data == NULL || data->n_features == 0)
        continue;
      xy = ra_geometry_coords (data->geoms[0], &scratch);
      ra_view_to_device (ra_map_view_get_view (view), xy[0], xy[1], &px, &py);
      if (!ra_map_view_identify_at (view, px, py))
        continue;
      screen = g_strdup_printf ("identify on %s", ra_layer_get_name (layer));
      walk_all (screen);
      ra_map_view_clear_selection (view);
    }
}

static gint64
first_id (GPtrArray *records, gsize id_offset)
{
  g_assert_nonnull (records);
  g_assert_cmpuint (records->len, >, 0);
  return G_STRUCT_MEMBER (gint64, g_ptr_array_index (records, 0), id_offset);
}

static void
test_walk (void)
{
  RaStore *store = ra_window_get_store (fx.window);
  g_autoptr(GPtrArray) users = NULL, plants = NULL;

  walk_all ("map 2030, reuse rate");
  ra_window_set_thematic_mode (fx.window, RA_THEMATIC_GAP);
  walk_all ("map 2030, gap");
  ra_window_set_thematic_mode (fx.window, RA_THEMATIC_REUSE_RATE);
  ra_window_set_year (fx.window, 2023);
  walk_all ("map 2023");
  ra_window_set_year (fx.window, 2035);
  walk_all ("map 2035");
  ra_window_set_year (fx.window, 2030);
  identify_each_layer ();

  activate ("win.show-inventory");
  walk_all ("inventory");
  activate ("win.show-ledger");
  walk_all ("ledger");
  activate ("win.show-plan-check");
  walk_all ("plan check");
  activate ("win.show-network");
  walk_all ("network");
  activate ("win.show-balance");
  walk_all ("water balance");
  close_other_windows ();
  activate ("win.show-profile");
  spin (0.5);
  walk_all ("pipeline profile");
  close_other_windows ();

  activate ("win.project-settings");
  walk_all ("project settings");
  close_other_windows ();

  ra_window_select_project (fx.window, 5);
  activate ("win.edit-project");
  walk_all ("project editor");
  close_other_windows ();

  users = ra_store_list_water_users (store, NULL);
  g_assert_nonnull (ra_window_edit_water_user (fx.window,
                      first_id (users, G_STRUCT_OFFSET (RaWaterUserRecord, id))));
  spin (0.5);
  walk_all ("water user editor");
  close_other_windows ();
  plants = ra_store_list_plant_details (store, NULL);
  g_assert_nonnull (ra_window_edit_plant_supply (fx.window,
                      first_id (plants, G_STRUCT_OFFSET (RaPlantDetailRecord, id))));
  spin (0.5);
  walk_all ("plant supply editor");
  close_other_windows ();

  ra_window_show_layout_editor (fx.window);
  spin (1.0);
  walk_all ("print layout");
  close_other_windows ();
  ra_window_show_export_dialog (fx.window);
  spin (0.5);
  walk_all ("export");
  close_other_windows ();

  ra_window_set_presenting (fx.window, TRUE);
  walk_all ("presentation");
  ra_window_set_presenting (fx.window, FALSE);
  g_assert_true (ra_window_set_comparing (fx.window, TRUE));
  spin (1.0);
  walk_all ("comparison");
  ra_window_set_comparing (fx.window, FALSE);

  for (guint i = 0; i < fx.problems->len; i++)
    g_printerr ("%s\n", (char *) g_ptr_array_index (fx.problems, i));
  g_assert_cmpuint (fx.problems->len, ==, 0);
}

static GtkWidget *
find_with_tooltip (GtkWidget *widget, const char *tooltip)
{
  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *hit = find_with_tooltip (child, tooltip);

      if (hit != NULL)
        return hit;
    }
  return NULL;
}

static GtkLabel *
shown_tooltip_label (GtkWidget *window)
{
  for (GtkWidget *child = gtk_widget_get_first_child (window); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_NATIVE (child) && g_strcmp0 (gtk_widget_get_css_name (child), "tooltip") == 0
        && gtk_widget_get_mapped (child))
      for (GtkWidget *box = gtk_widget_get_first_child (child); box != NULL;
           box = gtk_widget_get_next_sibling (box))
        for (GtkWidget *l = gtk_widget_get_first_child (box); l != NULL;
             l = gtk_widget_get_next_sibling (l))
          if (GTK_IS_LABEL (l) && gtk_widget_get_visible (l))
            return GTK_LABEL (l);
  return NULL;
}

static gboolean
tooltip_shown (gpointer window)
{
  return shown_tooltip_label (window) != NULL;
}

/* The pointer rests on the main menu button (moved by the X server, as a
 * mouse would); its tooltip "主菜单" shows on one line, not one character
 * per line as GTK 4.8 has it for Chinese. */
static void
test_tooltip_one_line (void)
{
  GtkWidget *button = find_with_tooltip (GTK_WIDGET (fx.window), gettext ("Main Menu"));
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (fx.window));
  Display *dpy = gdk_x11_display_get_xdisplay (gtk_widget_get_display (button));
  graphene_point_t p;
  double sx, sy;
  int rx, ry;
  Window child;
  GtkLabel *label;

  g_assert_nonnull (button);
  gtk_native_get_surface_transform (GTK_NATIVE (fx.window), &sx, &sy);
  g_assert_true (gtk_widget_compute_point (button, GTK_WIDGET (fx.window),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (button) / 2.f,
                                                                 gtk_widget_get_height (button) / 2.f),
                                           &p));
  XTranslateCoordinates (dpy, gdk_x11_surface_get_xid (surface), DefaultRootWindow (dpy),
                         (int) (p.x + sx), (int) (p.y + sy), &rx, &ry, &child);
  for (int i = 0; i < 3; i++)
    {
      XWarpPointer (dpy, None, DefaultRootWindow (dpy), 0, 0, 0, 0, rx + i, ry);
      XFlush (dpy);
      spin (0.2);
    }
  g_assert_true (wait_for (tooltip_shown, fx.window, 10));
  spin (0.3);
  label = shown_tooltip_label (GTK_WIDGET (fx.window));
  g_assert_cmpstr (gtk_label_get_text (label), ==, gettext ("Main Menu"));
  g_test_message ("tooltip “%s”: %d line(s)", gtk_label_get_text (label),
                  pango_layout_get_line_count (gtk_label_get_layout (label)));
  g_assert_cmpint (pango_layout_get_line_count (gtk_label_get_layout (label)), ==, 1);
  XWarpPointer (dpy, None, DefaultRootWindow (dpy), 0, 0, 0, 0, 0, 0);
  XFlush (dpy);
  spin (0.3);
}

/* The walk means something only if the UI speaks Chinese at all. */
static void
test_speaks_chinese (void)
{
  const char *messages = setlocale (LC_MESSAGES, NULL);

  if (messages == NULL || strstr (messages, "zh_CN") == NULL)
    g_error ("the zh_CN.UTF-8 locale is missing (LC_MESSAGES is “%s”); "
             "tools/bootstrap.sh installs it", messages != NULL ? messages : "(null)");
  g_assert_cmpstr (gettext ("Water Balance"), !=, "Water Balance");
}

int
main (int argc, char *argv[])
{
  const char *po = g_getenv ("RA_TEST_PO");
  int status;

  fx.tmpdir = ui_test_isolate_data_home ("ra-zh-walk");
  g_test_init (&argc, &argv, NULL);
  /* As main.c does: the app's messages are the default domain. */
  setlocale (LC_ALL, "");
  textdomain (GETTEXT_PACKAGE);
  ra_core_init ();
  fx.msgids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fx.columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fx.keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fx.reported = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fx.problems = g_ptr_array_new_with_free_func (g_free);
  fx.english = g_regex_new ("^[A-Za-z][a-z]+(?:[ -][A-Za-z][a-z]+)+[.:…]?$", 0, 0, NULL);
  fx.word = g_regex_new ("[A-Za-z_][A-Za-z0-9_]*", 0, 0, NULL);
  g_assert_nonnull (po);
  load_msgids (po);
  load_keys ();

  fx.window = ui_test_start_app (&fx.app);
  gtk_window_set_default_size (GTK_WINDOW (fx.window), 1400, 860);
  gtk_window_unmaximize (GTK_WINDOW (fx.window));
  ui_wait_project (fx.window);
  load_columns (ra_store_get_path (ra_window_get_store (fx.window)));
  ra_window_set_year (fx.window, 2030);

  g_test_add_func ("/ui/zh/speaks-chinese", test_speaks_chinese);
  g_test_add_func ("/ui/zh/tooltip-one-line", test_tooltip_one_line);
  g_test_add_func ("/ui/zh/walk", test_walk);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (fx.window));
  spin (0.2);
  g_object_unref (fx.app);
  return status;
}
