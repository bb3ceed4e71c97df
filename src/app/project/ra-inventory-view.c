/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ra-inventory-view.h"
#include "ra-project-format.h"
#include "ra-project-model.h"

/* The project inventory widget: columns over RaProjectModel, search,
 * filters and a totals row that follows them. */

typedef enum {
  COL_TEXT,
  COL_SOURCE,
  COL_STATUS,
  COL_INT,
  COL_NUMBER,
  COL_BOOL,
} ColumnKind;

typedef struct {
  const char *property;   /* RaProjectRow property, notified on change */
  const char *title;
  ColumnKind  kind;
  gsize       offset;     /* into RaProjectRecord */
  int         width_chars;
} ColumnSpec;

#define REC(f) G_STRUCT_OFFSET (RaProjectRecord, f)

/* Every attribute, in the order of the plan's project table. */
static const ColumnSpec column_specs[] = {
  { "code", N_("Code"), COL_TEXT, REC (code), 4 },
  { "name", N_("Name"), COL_TEXT, REC (name), 26 },
  { "county-name", N_("County"), COL_TEXT, REC (county_name), 8 },
  { "source", N_("Source"), COL_SOURCE, REC (source), 6 },
  { "status", N_("Status"), COL_STATUS, REC (status), 11 },
  { "batch", N_("Batch"), COL_TEXT, REC (batch), 8 },
  { "in-service-year", N_("In Service"), COL_INT, REC (in_service_year), 5 },
  { "investment-total", N_("Investment"), COL_NUMBER, REC (investment_total), 7 },
  { "investment-2024-2025", N_("Invest. 2024–25"), COL_NUMBER, REC (investment_2024_2025), 7 },
  { "cap-industry", N_("Industry"), COL_NUMBER, REC (cap_industry), 5 },
  { "cap-agriculture", N_("Agriculture"), COL_NUMBER, REC (cap_agriculture), 5 },
  { "cap-ecological", N_("Ecology"), COL_NUMBER, REC (cap_ecological), 5 },
  { "cap-urban-nonpotable", N_("Urban"), COL_NUMBER, REC (cap_urban_nonpotable), 5 },
  { "cap-total", N_("Capacity"), COL_NUMBER, REC (cap_total), 5 },
  { "start", N_("Start"), COL_TEXT, REC (start), 7 },
  { "prep-stage", N_("Preparation"), COL_TEXT, REC (prep_stage), 8 },
  { "owner", N_("Responsible Unit"), COL_TEXT, REC (owner), 16 },
  { "pipeline-km", N_("Pipelines km"), COL_NUMBER, REC (pipeline_km), 5 },
  { "storage-m3", N_("Storage m³"), COL_NUMBER, REC (storage_m3), 7 },
  { "treatment-m3-per-day", N_("Treatment m³/d"), COL_NUMBER, REC (treatment_m3_per_day), 6 },
  { "has-geometry", N_("Geometry"), COL_BOOL, REC (has_geometry), 4 },
  { "scope", N_("Scope of Works"), COL_TEXT, REC (scope), 24 },
  { "notes", N_("Notes"), COL_TEXT, REC (notes), 12 },
};

#undef REC

static const char * const source_values[] = { "reclaimed", "mine", NULL };
static const char * const source_labels[] = { N_("Reclaimed"), N_("Mine water"), NULL };
static const char * const status_values[] = { "under_construction", "proposed", "in_service", NULL };
static const char * const status_labels[] = { N_("Under construction"), N_("Proposed"),
                                              N_("In service"), NULL };

struct _RaInventoryView
{
  GtkBox              parent_instance;

  /* template widgets */
  GtkSearchEntry     *search_entry;
  GtkDropDown        *county_dropdown;
  GtkDropDown        *batch_dropdown;
  GtkDropDown        *status_dropdown;
  GtkDropDown        *source_dropdown;
  GtkLabel           *count_label;
  GtkStack           *stack;
  GtkColumnView      *column_view;
  GtkLabel           *totals_label;

  /* owned */
  RaStore            *store;
  RaProjectModel     *model;
  GtkSortListModel   *sort_model;
  GtkSingleSelection *selection;
  GPtrArray          *sorters;         /* GtkCustomSorter per column */
  GPtrArray          *county_values;   /* adcode per county drop-down item, [0] = "" */
  GPtrArray          *batch_values;
  gint64              selected_project;
  gboolean            updating_filters;
  GCancellable       *fill_cancellable; /* the model's first fill */
  gboolean            filling;          /* its rows are being read */
  gboolean            fill_held;        /* a new store's rows wait for release */
};

G_DEFINE_FINAL_TYPE (RaInventoryView, ra_inventory_view, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SELECTED_PROJECT,
  PROP_FILLING,
  N_PROPS
};

enum {
  PROJECT_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Cells ------------------------------------------------------------------- */

static const char *
enum_label (const char * const *values, const char * const *labels, const char *value)
{
  for (guint i = 0; value != NULL && values[i] != NULL; i++)
    if (g_str_equal (values[i], value))
      return _(labels[i]);
  return value;
}

static char *
cell_text (const ColumnSpec *spec, const RaProjectRecord *rec)
{
  const guint8 *base = (const guint8 *) rec;

  switch (spec->kind)
    {
    case COL_TEXT:
      {
        const char *text = *(char * const *) (base + spec->offset);
        return g_strdup (text != NULL ? text : "");
      }
    case COL_SOURCE:
      return g_strdup (enum_label (source_values, source_labels,
                                   *(char * const *) (base + spec->offset)));
    case COL_STATUS:
      return g_strdup (enum_label (status_values, status_labels,
                                   *(char * const *) (base + spec->offset)));
    case COL_INT:
      {
        int v = *(const int *) (base + spec->offset);
        return v > 0 ? g_strdup_printf ("%d", v) : g_strdup ("");
      }
    case COL_NUMBER:
      {
        double v = *(const double *) (base + spec->offset);

        /* Lengths for reading: km to 2 decimals (drawn pipelines give
         * geodesic lengths to the millimetre). */
        if (g_str_equal (spec->property, "pipeline-km") && isfinite (v))
          return g_strdup_printf ("%.2f", v);
        return ra_project_format_number (v);
      }
    case COL_BOOL:
      return g_strdup (*(const gboolean *) (base + spec->offset) ? _("Yes") : _("No"));
    default:
      g_assert_not_reached ();
    }
}

static void
update_cell (GtkListItem *item)
{
  const ColumnSpec *spec = g_object_get_data (G_OBJECT (item), "ra-spec");
  RaProjectRow *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = NULL;

  if (row == NULL || label == NULL)
    return;
  text = cell_text (spec, ra_project_row_get_record (row));
  gtk_label_set_text (GTK_LABEL (label), text);
  if (spec->kind == COL_TEXT && spec->width_chars >= 12)
    gtk_widget_set_tooltip_text (label, *text != '\0' ? text : NULL);
  if (spec->kind == COL_BOOL)
    {
      if (ra_project_row_get_record (row)->has_geometry)
        gtk_widget_remove_css_class (label, "dim-label");
      else
        gtk_widget_add_css_class (label, "dim-label");
    }
}

static void
row_notify_cb (RaProjectRow *row, GParamSpec *pspec, GtkListItem *item)
{
  update_cell (item);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory, GtkListItem *item, const ColumnSpec *spec)
{
  GtkWidget *label = gtk_label_new (NULL);

  g_object_set_data (G_OBJECT (item), "ra-spec", (gpointer) spec);
  if (spec->kind == COL_NUMBER || spec->kind == COL_INT)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1.0);
      gtk_widget_add_css_class (label, "numeric");
    }
  else
    gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), spec->width_chars);
  gtk_label_set_max_width_chars (GTK_LABEL (label), MAX (spec->width_chars, 8));
  if (g_str_equal (spec->property, "cap-total"))
    gtk_widget_add_css_class (label, "heading");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory, GtkListItem *item, const ColumnSpec *spec)
{
  RaProjectRow *row = gtk_list_item_get_item (item);
  g_autofree char *signal = g_strconcat ("notify::", spec->property, NULL);
  gulong id;

  /* Rows stay the same objects across edits and notify what changed. */
  id = g_signal_connect (row, signal, G_CALLBACK (row_notify_cb), item);
  g_object_set_data (G_OBJECT (item), "ra-handler", GSIZE_TO_POINTER ((gsize) id));
  update_cell (item);
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory, GtkListItem *item, const ColumnSpec *spec)
{
  RaProjectRow *row = gtk_list_item_get_item (item);
  gulong id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (item), "ra-handler"));

  if (row != NULL && id != 0)
    g_signal_handler_disconnect (row, id);
  g_object_set_data (G_OBJECT (item), "ra-handler", NULL);
}

/* Sorting ----------------------------------------------------------------- */

static int
compare_rows (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const ColumnSpec *spec = user_data;
  const guint8 *ra = (const guint8 *) ra_project_row_get_record ((RaProjectRow *) a);
  const guint8 *rb = (const guint8 *) ra_project_row_get_record ((RaProjectRow *) b);

  switch (spec->kind)
    {
    case COL_TEXT:
    case COL_SOURCE:
    case COL_STATUS:
      {
        const char *ta = *(char * const *) (ra + spec->offset);
        const char *tb = *(char * const *) (rb + spec->offset);
        g_autofree char *ka = NULL;
        g_autofree char *kb = NULL;

        /* Blanks count as least (first ascending, last descending, like
         * zero); otherwise the locale's order. */
        if (ta == NULL || *ta == '\0')
          return (tb == NULL || *tb == '\0') ? 0 : -1;
        if (tb == NULL || *tb == '\0')
          return 1;
        ka = g_utf8_collate_key_for_filename (ta, -1);
        kb = g_utf8_collate_key_for_filename (tb, -1);
        return CLAMP (strcmp (ka, kb), -1, 1);
      }
    case COL_INT:
      {
        int va = *(const int *) (ra + spec->offset), vb = *(const int *) (rb + spec->offset);
        if (va <= 0 || vb <= 0)
          return va <= 0 ? (vb <= 0 ? 0 : -1) : 1;
        return (va > vb) - (va < vb);
      }
    case COL_NUMBER:
      {
        double va = *(const double *) (ra + spec->offset);
        double vb = *(const double *) (rb + spec->offset);
        if (isnan (va) || isnan (vb))
          return isnan (va) ? (isnan (vb) ? 0 : -1) : 1;
        return (va > vb) - (va < vb);
      }
    case COL_BOOL:
      {
        gboolean va = *(const gboolean *) (ra + spec->offset) != 0;
        gboolean vb = *(const gboolean *) (rb + spec->offset) != 0;
        return (va > vb) - (va < vb);
      }
    default:
      g_assert_not_reached ();
    }
}

static void
build_columns (RaInventoryView *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (column_specs); i++)
    {
      const ColumnSpec *spec = &column_specs[i];
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;
      GtkCustomSorter *sorter;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), (gpointer) spec);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), (gpointer) spec);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), (gpointer) spec);

      column = gtk_column_view_column_new (_(spec->title), factory);
      sorter = gtk_custom_sorter_new (compare_rows, (gpointer) spec, NULL);
      gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, g_str_equal (spec->property, "name"));
      g_object_set_data (G_OBJECT (column), "ra-spec", (gpointer) spec);
      g_ptr_array_add (self->sorters, sorter);
      gtk_column_view_append_column (self->column_view, column);
    }
}

static GtkColumnViewColumn *
find_column (RaInventoryView *self, const char *field)
{
  g_autofree char *property = g_strdelimit (g_strdup (field), "_", '-');
  GListModel *columns = gtk_column_view_get_columns (self->column_view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      const ColumnSpec *spec = g_object_get_data (G_OBJECT (column), "ra-spec");

      if (g_str_equal (spec->property, property))
        return column;
    }
  return NULL;
}

/* Totals ------------------------------------------------------------------ */

static void
update_totals (RaInventoryView *self)
{
  RaProjectTotals t = { 0 };
  g_autofree char *count = NULL;
  g_autofree char *totals = NULL;
  g_autofree char *investment = NULL;
  g_autofree char *industry = NULL;
  g_autofree char *agriculture = NULL;
  g_autofree char *ecology = NULL;
  g_autofree char *urban = NULL;
  g_autofree char *capacity = NULL;
  guint n_all = 0;

  if (self->model == NULL || self->filling)
    {
      /* A project's rows still to come (read in a worker). */
      gtk_label_set_text (self->count_label,
                          self->store != NULL ? _("Reading the projects…") : "");
      gtk_label_set_text (self->totals_label, "");
      return;
    }
  ra_project_model_get_totals (self->model, &t);
  n_all = (guint) MAX (0, ra_store_count_rows (self->store, "projects", NULL));

  count = g_strdup_printf (ngettext ("%u of %u project", "%u of %u projects", n_all),
                           t.n_projects, n_all);
  gtk_label_set_text (self->count_label, count);

  investment = ra_project_format_number (t.investment_total);
  industry = ra_project_format_number (t.cap_industry);
  agriculture = ra_project_format_number (t.cap_agriculture);
  ecology = ra_project_format_number (t.cap_ecological);
  urban = ra_project_format_number (t.cap_urban_nonpotable);
  capacity = ra_project_format_number (t.cap_total);
  /* TRANSLATORS: the inventory's totals row; units are 10⁴ yuan and 10⁴ m³/a */
  totals = g_strdup_printf (_("Total of %u shown: investment %s (10⁴ yuan) · capacity %s "
                              "(10⁴ m³/a): industry %s, agriculture %s, ecology %s, "
                              "urban non-potable %s"),
                            t.n_projects, investment, capacity, industry, agriculture, ecology,
                            urban);
  if (t.n_without_geometry > 0)
    {
      g_autofree char *with = g_strdup_printf (ngettext (" · %u without geometry",
                                                         " · %u without geometry",
                                                         t.n_without_geometry),
                                               t.n_without_geometry);
      g_autofree char *joined = g_strconcat (totals, with, NULL);

      g_free (totals);
      totals = g_steal_pointer (&joined);
    }
  gtk_label_set_text (self->totals_label, totals);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->totals_label), totals);
}

static void
model_notify_cb (RaInventoryView *self)
{
  update_totals (self);
}

/* Filters ----------------------------------------------------------------- */

static const char *
dropdown_value (GtkDropDown *dropdown, GPtrArray *values)
{
  guint pos = gtk_drop_down_get_selected (dropdown);

  if (values == NULL || pos == GTK_INVALID_LIST_POSITION || pos >= values->len)
    return NULL;
  return g_ptr_array_index (values, pos);
}

static GPtrArray *
static_values (const char * const *values)
{
  GPtrArray *array = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (array, g_strdup (""));
  for (guint i = 0; values[i] != NULL; i++)
    g_ptr_array_add (array, g_strdup (values[i]));
  return array;
}

static void
set_choices (GtkDropDown *dropdown, const char *all, GPtrArray *labels)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  gtk_string_list_append (list, all);
  for (guint i = 0; labels != NULL && i < labels->len; i++)
    gtk_string_list_append (list, g_ptr_array_index (labels, i));
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
}

static void
select_value (GtkDropDown *dropdown, GPtrArray *values, const char *value)
{
  guint pos = 0;

  for (guint i = 0; value != NULL && values != NULL && i < values->len; i++)
    if (g_str_equal (g_ptr_array_index (values, i), value))
      pos = i;
  gtk_drop_down_set_selected (dropdown, pos);
}

/* Counties and batches come from the project: rebuilt when it changes,
 * keeping what was chosen. */
static void
rebuild_dynamic_filters (RaInventoryView *self)
{
  g_autofree char *county = g_strdup (dropdown_value (self->county_dropdown, self->county_values));
  g_autofree char *batch = g_strdup (dropdown_value (self->batch_dropdown, self->batch_values));
  g_autoptr(GPtrArray) county_labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) batch_labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) counties = NULL;
  g_autoptr(GPtrArray) batches = NULL;
  GPtrArray *county_values = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *batch_values = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (county_values, g_strdup (""));
  g_ptr_array_add (batch_values, g_strdup (""));
  if (self->store != NULL)
    {
      counties = ra_store_list_counties (self->store, NULL);
      /* The model's rows, not another list of every project read here. */
      if (self->model != NULL)
        batches = ra_project_model_dup_batches (self->model);
    }
  for (guint i = 0; counties != NULL && i < counties->len; i++)
    {
      RaCountyRecord *c = g_ptr_array_index (counties, i);

      g_ptr_array_add (county_values, g_strdup (c->adcode));
      g_ptr_array_add (county_labels, g_strdup (c->name_zh != NULL ? c->name_zh : c->adcode));
    }
  /* Projects come in plan order, so batches do too (each once). */
  for (guint i = 0; batches != NULL && i < batches->len; i++)
    {
      g_ptr_array_add (batch_values, g_strdup (g_ptr_array_index (batches, i)));
      g_ptr_array_add (batch_labels, g_strdup (g_ptr_array_index (batches, i)));
    }

  self->updating_filters = TRUE;
  g_clear_pointer (&self->county_values, g_ptr_array_unref);
  g_clear_pointer (&self->batch_values, g_ptr_array_unref);
  self->county_values = county_values;
  self->batch_values = batch_values;
  set_choices (self->county_dropdown, _("All counties"), county_labels);
  set_choices (self->batch_dropdown, _("All batches"), batch_labels);
  select_value (self->county_dropdown, self->county_values, county);
  select_value (self->batch_dropdown, self->batch_values, batch);
  self->updating_filters = FALSE;
}

static GPtrArray *
status_filter_values (void)
{
  static GPtrArray *values;

  if (values == NULL)
    values = static_values (status_values);
  return values;
}

static GPtrArray *
source_filter_values (void)
{
  static GPtrArray *values;

  if (values == NULL)
    values = static_values (source_values);
  return values;
}

static void
apply_filters (RaInventoryView *self)
{
  const char *county, *batch, *status, *source;

  if (self->model == NULL || self->updating_filters)
    return;
  county = dropdown_value (self->county_dropdown, self->county_values);
  batch = dropdown_value (self->batch_dropdown, self->batch_values);
  status = dropdown_value (self->status_dropdown, status_filter_values ());
  source = dropdown_value (self->source_dropdown, source_filter_values ());
  ra_project_model_set_county (self->model, county);
  ra_project_model_set_batch (self->model, batch);
  ra_project_model_set_status (self->model, status);
  ra_project_model_set_source (self->model, source);
}

static void
filter_changed_cb (RaInventoryView *self)
{
  apply_filters (self);
}

static void
search_changed_cb (RaInventoryView *self)
{
  if (self->model != NULL)
    ra_project_model_set_search (self->model,
                                 gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

void
ra_inventory_view_set_search_text (RaInventoryView *self, const char *text)
{
  g_return_if_fail (RA_IS_INVENTORY_VIEW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  /* The entry reports after a delay; the model follows at once. */
  search_changed_cb (self);
}

void
ra_inventory_view_set_filter (RaInventoryView *self, RaInventoryFilter filter, const char *value)
{
  g_return_if_fail (RA_IS_INVENTORY_VIEW (self));

  switch (filter)
    {
    case RA_INVENTORY_FILTER_COUNTY:
      select_value (self->county_dropdown, self->county_values, value);
      break;
    case RA_INVENTORY_FILTER_BATCH:
      select_value (self->batch_dropdown, self->batch_values, value);
      break;
    case RA_INVENTORY_FILTER_STATUS:
      select_value (self->status_dropdown, status_filter_values (), value);
      break;
    case RA_INVENTORY_FILTER_SOURCE:
      select_value (self->source_dropdown, source_filter_values (), value);
      break;
    default:
      g_return_if_reached ();
    }
  apply_filters (self);
}

/* Selection --------------------------------------------------------------- */

static void
selection_changed_cb (RaInventoryView *self)
{
  RaProjectRow *row = self->selection != NULL
                      ? gtk_single_selection_get_selected_item (self->selection) : NULL;
  gint64 id = row != NULL ? ra_project_row_get_id (row) : 0;

  if (id == self->selected_project)
    return;
  self->selected_project = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_PROJECT]);
}

gint64
ra_inventory_view_get_selected_project (RaInventoryView *self)
{
  g_return_val_if_fail (RA_IS_INVENTORY_VIEW (self), 0);
  return self->selected_project;
}

static guint
find_shown (RaInventoryView *self, gint64 project_id)
{
  guint n;

  if (self->sort_model == NULL)
    return GTK_INVALID_LIST_POSITION;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->sort_model));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RaProjectRow) row = g_list_model_get_item (G_LIST_MODEL (self->sort_model), i);

      if (ra_project_row_get_id (row) == project_id)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

static void
scroll_to (RaInventoryView *self, guint position)
{
  /* GTK 4.8 has no gtk_column_view_scroll_to(); its inner list view
   * has the action. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      {
        gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
        return;
      }
}

void
ra_inventory_view_select_project (RaInventoryView *self, gint64 project_id)
{
  guint pos;

  g_return_if_fail (RA_IS_INVENTORY_VIEW (self));

  if (self->selection == NULL)
    return;
  pos = project_id > 0 ? find_shown (self, project_id) : GTK_INVALID_LIST_POSITION;
  gtk_single_selection_set_selected (self->selection, pos);
  if (pos != GTK_INVALID_LIST_POSITION)
    scroll_to (self, pos);
}

static void
activate_cb (RaInventoryView *self, guint position)
{
  g_autoptr(RaProjectRow) row = NULL;

  if (self->sort_model == NULL)
    return;
  row = g_list_model_get_item (G_LIST_MODEL (self->sort_model), position);
  if (row != NULL)
    g_signal_emit (self, signals[PROJECT_ACTIVATED], 0, ra_project_row_get_id (row));
}

/* Store ------------------------------------------------------------------- */

static void
store_changed_cb (RaStore *store, const char *table, gint64 row_id, RaInventoryView *self)
{
  if (table != NULL && !g_str_equal (table, "projects") && !g_str_equal (table, "counties"))
    return;
  /* Edited values may move rows: sort again (the rows notify, the sort
   * model does not listen to them). */
  for (guint i = 0; i < self->sorters->len; i++)
    gtk_sorter_changed (g_ptr_array_index (self->sorters, i), GTK_SORTER_CHANGE_DIFFERENT);
  if (table == NULL || g_str_equal (table, "counties") || row_id == 0 ||
      self->batch_values == NULL)
    rebuild_dynamic_filters (self);
  else
    {
      /* A new batch name typed in the editor should become a choice. */
      g_autoptr(RaProjectRecord) rec = ra_store_get_project (store, row_id, NULL);
      gboolean known = rec == NULL || rec->batch == NULL || *rec->batch == '\0';

      for (guint k = 0; k < self->batch_values->len && !known; k++)
        known = g_str_equal (g_ptr_array_index (self->batch_values, k), rec->batch);
      if (!known)
        rebuild_dynamic_filters (self);
    }
  update_totals (self);
  /* A deleted row takes the selection with it. */
  selection_changed_cb (self);
}

RaStore *
ra_inventory_view_get_store (RaInventoryView *self)
{
  g_return_val_if_fail (RA_IS_INVENTORY_VIEW (self), NULL);
  return self->store;
}

static void
fill_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(RaInventoryView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ra_project_model_fill_finish (RA_PROJECT_MODEL (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* another project (or none) since */
  if (error != NULL)
    g_warning ("Reading projects failed: %s", error->message);
  if ((gpointer) source != (gpointer) self->model)
    return;
  self->filling = FALSE;
  /* The batches are the rows' own. */
  rebuild_dynamic_filters (self);
  apply_filters (self);
  search_changed_cb (self);
  update_totals (self);
  selection_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILLING]);
}

/* The store's rows into a model read in a worker (a second connection):
 * this thread, and the map's first frame, do not wait for them. */
static void
start_fill (RaInventoryView *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);

  self->fill_cancellable = g_cancellable_new ();
  self->filling = TRUE;
  self->model = ra_project_model_new_filling (self->store, self->fill_cancellable, fill_done_cb,
                                              g_object_ref (self));
  self->sort_model = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->model)),
                                              sorter != NULL ? g_object_ref (sorter) : NULL);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sort_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->model, "notify", G_CALLBACK (model_notify_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  /* Search and status/source choices carry over to the new project. */
  apply_filters (self);
  search_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILLING]);
}

void
ra_inventory_view_set_store (RaInventoryView *self, RaStore *store)
{
  g_return_if_fail (RA_IS_INVENTORY_VIEW (self));
  g_return_if_fail (store == NULL || RA_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, model_notify_cb, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_func (self->selection, selection_changed_cb, self);
  g_cancellable_cancel (self->fill_cancellable);
  g_clear_object (&self->fill_cancellable);
  self->filling = FALSE;
  gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->model);
  g_clear_object (&self->store);

  if (store != NULL)
    {
      self->store = g_object_ref (store);
      g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self,
                               G_CONNECT_AFTER);
      if (!self->fill_held)
        start_fill (self);
    }
  rebuild_dynamic_filters (self);

  gtk_stack_set_visible_child_name (self->stack, store != NULL ? "table" : "empty");
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_entry), store != NULL);
  update_totals (self);
  selection_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

gboolean
ra_inventory_view_get_filling (RaInventoryView *self)
{
  g_return_val_if_fail (RA_IS_INVENTORY_VIEW (self), FALSE);
  return self->filling || (self->store != NULL && self->model == NULL);
}

void
ra_inventory_view_hold_fill (RaInventoryView *self, gboolean hold)
{
  g_return_if_fail (RA_IS_INVENTORY_VIEW (self));

  self->fill_held = hold;
  if (!hold && self->store != NULL && self->model == NULL)
    {
      start_fill (self);
      update_totals (self);
    }
}

/* Test hooks -------------------------------------------------------------- */

guint
ra_inventory_view_get_n_shown (RaInventoryView *self)
{
  g_return_val_if_fail (RA_IS_INVENTORY_VIEW (self), 0);
  return self->sort_model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->sort_model)) : 0;
}

double
ra_inventory_view_get_total (RaInventoryView *self, const char *field)
{
  RaProjectTotals t = { 0 };

  g_return_val_if_fail (RA_IS_INVENTORY_VIEW (self), NAN);
  if (self->model == NULL)
    return NAN;
  ra_project_model_get_totals (self->model, &t);
  if (g_strcmp0 (field, "investment_total") == 0)
    return t.investment_total;
  if (g_strcmp0 (field, "cap_industry") == 0)
    return t.cap_industry;
  if (g_strcmp0 (field, "cap_agriculture") == 0)
    return t.cap_agriculture;
  if (g_strcmp0 (field, "cap_ecological") == 0)
    return t.cap_ecological;
  if (g_strcmp0 (field, "cap_urban_nonpotable") == 0)
    return t.cap_urban_nonpotable;
  if (g_strcmp0 (field, "cap_total") == 0)
    return t.cap_total;
  g_return_val_if_reached (NAN);
}

const char *
ra_inventory_view_get_totals_text (RaInventoryView *self)
{
  g_return_val_if_fail (RA_IS_INVENTORY_VIEW (self), NULL);
  return gtk_label_get_text (self->totals_label);
}

void
ra_inventory_view_sort_by (RaInventoryView *self, const char *field, GtkSortType order)
{
  GtkColumnViewColumn *column;

  g_return_if_fail (RA_IS_INVENTORY_VIEW (self));
  column = find_column (self, field);
  g_return_if_fail (column != NULL);
  gtk_column_view_sort_by_column (self->column_view, column, order);
}

gint64
ra_inventory_view_get_shown_project (RaInventoryView *self, guint position)
{
  g_autoptr(RaProjectRow) row = NULL;

  g_return_val_if_fail (RA_IS_INVENTORY_VIEW (self), 0);
  if (self->sort_model == NULL)
    return 0;
  row = g_list_model_get_item (G_LIST_MODEL (self->sort_model), position);
  return row != NULL ? ra_project_row_get_id (row) : 0;
}

char *
ra_inventory_view_dup_cell_text (RaInventoryView *self, guint position, const char *column)
{
  g_autoptr(RaProjectRow) row = NULL;

  g_return_val_if_fail (RA_IS_INVENTORY_VIEW (self), NULL);
  if (self->sort_model == NULL ||
      (row = g_list_model_get_item (G_LIST_MODEL (self->sort_model), position)) == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (column_specs); i++)
    if (g_str_equal (column_specs[i].property, column))
      return cell_text (&column_specs[i], ra_project_row_get_record (row));
  return NULL;
}

/* GObject ----------------------------------------------------------------- */

static void
ra_inventory_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RaInventoryView *self = RA_INVENTORY_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SELECTED_PROJECT:
      g_value_set_int64 (value, self->selected_project);
      break;
    case PROP_FILLING:
      g_value_set_boolean (value, ra_inventory_view_get_filling (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ra_inventory_view_set_property (GObject *object, guint prop_id, const GValue *value,
                                GParamSpec *pspec)
{
  RaInventoryView *self = RA_INVENTORY_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      ra_inventory_view_set_store (self, g_value_get_object (value));
      break;
    case PROP_SELECTED_PROJECT:
      ra_inventory_view_select_project (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ra_inventory_view_dispose (GObject *object)
{
  RaInventoryView *self = RA_INVENTORY_VIEW (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RA_TYPE_INVENTORY_VIEW);
  g_cancellable_cancel (self->fill_cancellable);
  g_clear_object (&self->fill_cancellable);
  g_clear_object (&self->selection);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->model);
  g_clear_object (&self->store);
  g_clear_pointer (&self->sorters, g_ptr_array_unref);
  g_clear_pointer (&self->county_values, g_ptr_array_unref);
  g_clear_pointer (&self->batch_values, g_ptr_array_unref);

  G_OBJECT_CLASS (ra_inventory_view_parent_class)->dispose (object);
}

static void
ra_inventory_view_class_init (RaInventoryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ra_inventory_view_get_property;
  object_class->set_property = ra_inventory_view_set_property;
  object_class->dispose = ra_inventory_view_dispose;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, RA_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SELECTED_PROJECT] =
    g_param_spec_int64 ("selected-project", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FILLING] =
    g_param_spec_boolean ("filling", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PROJECT_ACTIVATED] =
    g_signal_new ("project-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/reclaimatlas/ReclaimAtlas/ra-inventory-view.ui");
  gtk_widget_class_set_css_name (widget_class, "inventoryview");
  gtk_widget_class_bind_template_child (widget_class, RaInventoryView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RaInventoryView, county_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RaInventoryView, batch_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RaInventoryView, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RaInventoryView, source_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RaInventoryView, count_label);
  gtk_widget_class_bind_template_child (widget_class, RaInventoryView, stack);
  gtk_widget_class_bind_template_child (widget_class, RaInventoryView, column_view);
  gtk_widget_class_bind_template_child (widget_class, RaInventoryView, totals_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
}

static void
ra_inventory_view_init (RaInventoryView *self)
{
  g_autoptr(GPtrArray) status = g_ptr_array_new ();
  g_autoptr(GPtrArray) source = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->sorters = g_ptr_array_new_with_free_func (g_object_unref);
  build_columns (self);

  for (guint i = 0; status_labels[i] != NULL; i++)
    g_ptr_array_add (status, (gpointer) _(status_labels[i]));
  for (guint i = 0; source_labels[i] != NULL; i++)
    g_ptr_array_add (source, (gpointer) _(source_labels[i]));
  self->updating_filters = TRUE;
  set_choices (self->status_dropdown, _("All statuses"), status);
  set_choices (self->source_dropdown, _("All sources"), source);
  self->updating_filters = FALSE;
  rebuild_dynamic_filters (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->column_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Project inventory"), -1);
  gtk_stack_set_visible_child_name (self->stack, "empty");
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_entry), FALSE);
}

GtkWidget *
ra_inventory_view_new (void)
{
  return g_object_new (RA_TYPE_INVENTORY_VIEW, NULL);
}
