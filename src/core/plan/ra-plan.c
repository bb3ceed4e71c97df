/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-plan.h"

/* One county or the city, with its figures for every year of the plan. */
typedef struct {
  char          *adcode;
  char          *name;
  gboolean       is_city;
  RaPlanFigures *figures;   /* n_years entries */
} Area;

struct _RaPlan
{
  GObject parent_instance;

  /* owned */
  GPtrArray  *counties;      /* RaCountyRecord* (ref of the input's array) */
  GPtrArray  *indicators;    /* RaIndicatorRecord* */
  GPtrArray  *projects;      /* RaProjectRecord* */
  GHashTable *indicator_by_key; /* "adcode|year|kind" -> RaIndicatorRecord* (borrowed) */
  GHashTable *area_by_adcode;   /* adcode -> Area* (borrowed) */
  GPtrArray  *areas;            /* Area*: counties in adcode order, then the city */
  char      **county_adcodes;
  char       *city_adcode;
  GArray     *years;            /* int */
  GArray     *target_years;     /* int */
  int         baseline_year;
};

G_DEFINE_FINAL_TYPE (RaPlan, ra_plan, G_TYPE_OBJECT)

static void
area_free (Area *area)
{
  g_free (area->adcode);
  g_free (area->name);
  g_free (area->figures);
  g_free (area);
}

static void
ra_plan_finalize (GObject *object)
{
  RaPlan *self = RA_PLAN (object);

  g_clear_pointer (&self->indicator_by_key, g_hash_table_unref);
  g_clear_pointer (&self->area_by_adcode, g_hash_table_unref);
  g_clear_pointer (&self->areas, g_ptr_array_unref);
  g_clear_pointer (&self->counties, g_ptr_array_unref);
  g_clear_pointer (&self->indicators, g_ptr_array_unref);
  g_clear_pointer (&self->projects, g_ptr_array_unref);
  g_clear_pointer (&self->county_adcodes, g_strfreev);
  g_clear_pointer (&self->city_adcode, g_free);
  g_clear_pointer (&self->years, g_array_unref);
  g_clear_pointer (&self->target_years, g_array_unref);
  G_OBJECT_CLASS (ra_plan_parent_class)->finalize (object);
}

static void
ra_plan_class_init (RaPlanClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ra_plan_finalize;
}

static void
ra_plan_init (RaPlan *self)
{
  self->indicator_by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->area_by_adcode = g_hash_table_new (g_str_hash, g_str_equal);
  self->areas = g_ptr_array_new_with_free_func ((GDestroyNotify) area_free);
  self->years = g_array_new (FALSE, FALSE, sizeof (int));
  self->target_years = g_array_new (FALSE, FALSE, sizeof (int));
}

/* ------------------------------------------------------------------ */
/* Input                                                               */

/**
 * ra_plan_input_load:
 * Returns: (transfer full) (nullable): the store's records, NULL on error.
 */
RaPlanInput *
ra_plan_input_load (RaStore *store, GError **error)
{
  g_autoptr(RaPlanInput) input = g_new0 (RaPlanInput, 1);

  g_return_val_if_fail (RA_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  input->counties = ra_store_list_counties (store, error);
  if (input->counties == NULL)
    return NULL;
  input->indicators = ra_store_list_indicators (store, NULL, error);
  if (input->indicators == NULL)
    return NULL;
  input->projects = ra_store_list_projects (store, error);
  if (input->projects == NULL)
    return NULL;
  return g_steal_pointer (&input);
}

void
ra_plan_input_free (RaPlanInput *input)
{
  if (input == NULL)
    return;
  g_clear_pointer (&input->counties, g_ptr_array_unref);
  g_clear_pointer (&input->indicators, g_ptr_array_unref);
  g_clear_pointer (&input->projects, g_ptr_array_unref);
  g_free (input);
}

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static char *
indicator_key (const char *adcode, int year, const char *kind)
{
  return g_strdup_printf ("%s|%d|%s", adcode ? adcode : "", year, kind ? kind : "");
}

static gboolean
is_num (double v)
{
  return isfinite (v);
}

/* NAN + x = x: sums over rows where some cells are blank. */
static void
add_to (double *sum, double v)
{
  if (!is_num (v))
    return;
  *sum = is_num (*sum) ? *sum + v : v;
}

static int
compare_int (gconstpointer a, gconstpointer b)
{
  int x = *(const int *) a, y = *(const int *) b;

  return (x > y) - (x < y);
}

static void
add_year_unique (GArray *years, int year)
{
  for (guint i = 0; i < years->len; i++)
    if (g_array_index (years, int, i) == year)
      return;
  g_array_append_val (years, year);
}

/* Decimal places a number was written with (48.3 -> 1, 48 -> 0), so a
 * more precise copy of a rounded figure can be preferred. */
static int
decimals_of (double v)
{
  for (int d = 0; d < 6; d++)
    {
      double scaled = v * pow (10, d);

      if (fabs (scaled - round (scaled)) < 1e-6)
        return d;
    }
  return 6;
}

int
ra_plan_project_service_year (const RaProjectRecord *project)
{
  const char *batch, *dash;
  int first;

  g_return_val_if_fail (project != NULL, 0);

  if (project->in_service_year > 0)
    return project->in_service_year;
  batch = project->batch;
  if (batch == NULL || !g_ascii_isdigit (*batch))
    return 0;
  first = (int) g_ascii_strtoll (batch, NULL, 10);
  dash = strchr (batch, '-');
  if (dash != NULL && g_ascii_isdigit (dash[1]))
    return (int) g_ascii_strtoll (dash + 1, NULL, 10);
  /* Under construction in the batch year: in service the year after. */
  if (g_strcmp0 (project->status, "under_construction") == 0)
    return first + 1;
  return first;
}

static double
project_cap_by_use (const RaProjectRecord *p, RaPlanUse use)
{
  double v = NAN;

  switch (use)
    {
    case RA_PLAN_USE_INDUSTRY: v = p->cap_industry; break;
    case RA_PLAN_USE_AGRICULTURE: v = p->cap_agriculture; break;
    case RA_PLAN_USE_ECOLOGICAL: v = p->cap_ecological; break;
    case RA_PLAN_USE_URBAN_NONPOTABLE: v = p->cap_urban_nonpotable; break;
    case RA_PLAN_N_USES:
    default: break;
    }
  return is_num (v) ? v : 0.0;
}

static double
project_cap_total (const RaProjectRecord *p)
{
  if (is_num (p->cap_total))
    return p->cap_total;
  {
    double sum = 0;

    for (int u = 0; u < RA_PLAN_N_USES; u++)
      sum += project_cap_by_use (p, u);
    return sum;
  }
}

/* ------------------------------------------------------------------ */
/* Computation                                                         */

static void
index_indicators (RaPlan *self)
{
  for (guint i = 0; i < self->indicators->len; i++)
    {
      RaIndicatorRecord *rec = g_ptr_array_index (self->indicators, i);
      g_autofree char *key = NULL;
      RaIndicatorRecord *old;

      if (rec->adcode == NULL || rec->kind == NULL || rec->year <= 0)
        continue;
      key = indicator_key (rec->adcode, rec->year, rec->kind);
      old = g_hash_table_lookup (self->indicator_by_key, key);
      /* Appendix table 1 ("targets") is the plan's reference; other origins
       * fill in only what it lacks. */
      if (old == NULL || (g_strcmp0 (old->origin, "targets") != 0 &&
                          g_strcmp0 (rec->origin, "targets") == 0))
        g_hash_table_insert (self->indicator_by_key, g_steal_pointer (&key), rec);
    }
}

static int
compare_county_adcode (gconstpointer a, gconstpointer b)
{
  const RaCountyRecord *x = *(RaCountyRecord * const *) a;
  const RaCountyRecord *y = *(RaCountyRecord * const *) b;

  return g_strcmp0 (x->adcode, y->adcode);
}

static void
find_areas (RaPlan *self)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();
  const char *city_name = NULL;
  Area *city;

  for (guint i = 0; i < self->counties->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (self->counties, i));
  g_ptr_array_sort (sorted, compare_county_adcode);
  for (guint i = 0; i < sorted->len; i++)
    {
      RaCountyRecord *c = g_ptr_array_index (sorted, i);
      Area *area;

      if (c->adcode == NULL || g_hash_table_contains (self->area_by_adcode, c->adcode))
        continue;
      area = g_new0 (Area, 1);
      area->adcode = g_strdup (c->adcode);
      area->name = g_strdup (c->name_zh ? c->name_zh : c->adcode);
      g_ptr_array_add (self->areas, area);
      g_hash_table_insert (self->area_by_adcode, area->adcode, area);
      g_strv_builder_add (codes, c->adcode);
    }
  self->county_adcodes = g_strv_builder_end (codes);

  /* The city: an area of the indicators that is not a county (a code
   * ending in 00 preferred). */
  for (guint i = 0; i < self->indicators->len; i++)
    {
      RaIndicatorRecord *rec = g_ptr_array_index (self->indicators, i);

      if (rec->adcode == NULL || g_hash_table_contains (self->area_by_adcode, rec->adcode))
        continue;
      if (self->city_adcode == NULL ||
          (!g_str_has_suffix (self->city_adcode, "00") && g_str_has_suffix (rec->adcode, "00")))
        {
          g_free (self->city_adcode);
          self->city_adcode = g_strdup (rec->adcode);
          city_name = rec->area_zh;
        }
    }
  if (self->city_adcode == NULL && self->county_adcodes[0] != NULL &&
      strlen (self->county_adcodes[0]) >= 4)
    self->city_adcode = g_strdup_printf ("%.4s00", self->county_adcodes[0]);
  if (self->city_adcode == NULL)
    return;

  city = g_new0 (Area, 1);
  city->adcode = g_strdup (self->city_adcode);
  city->name = g_strdup (city_name ? city_name : _("City"));
  city->is_city = TRUE;
  g_ptr_array_add (self->areas, city);
  g_hash_table_insert (self->area_by_adcode, city->adcode, city);
}

static void
find_years (RaPlan *self)
{
  int first = G_MAXINT, last = 0;

  for (guint i = 0; i < self->indicators->len; i++)
    {
      RaIndicatorRecord *rec = g_ptr_array_index (self->indicators, i);

      if (rec->year <= 0 || rec->adcode == NULL ||
          !g_hash_table_contains (self->area_by_adcode, rec->adcode))
        continue;
      if (g_strcmp0 (rec->kind, "actual") == 0 && is_num (rec->reclaimed_use))
        self->baseline_year = MAX (self->baseline_year, rec->year);
      else if (g_strcmp0 (rec->kind, "target_min") == 0)
        add_year_unique (self->target_years, rec->year);
    }
  g_array_sort (self->target_years, compare_int);

  for (guint i = 0; i < self->target_years->len; i++)
    {
      int y = g_array_index (self->target_years, int, i);

      first = MIN (first, y);
      last = MAX (last, y);
    }
  for (guint i = 0; i < self->projects->len; i++)
    {
      int y = ra_plan_project_service_year (g_ptr_array_index (self->projects, i));

      if (y <= 0)
        continue;
      first = MIN (first, y);
      last = MAX (last, y);
    }
  if (self->baseline_year > 0)
    {
      first = self->baseline_year;
      last = MAX (last, self->baseline_year);
    }
  if (first == G_MAXINT)
    return;
  for (int y = first; y <= last; y++)
    g_array_append_val (self->years, y);
}

const RaIndicatorRecord *
ra_plan_get_indicator (RaPlan *self, const char *adcode, int year, const char *kind)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (RA_IS_PLAN (self), NULL);
  key = indicator_key (adcode, year, kind);
  return g_hash_table_lookup (self->indicator_by_key, key);
}

/* Treated wastewater of an area's baseline: its own figure, else use /
 * rate, taking the most precise rate any source gives for the same use
 * (appendix 1 rounds rates to whole percent). */
static double
baseline_treated (RaPlan *self, const char *adcode, const RaIndicatorRecord *base)
{
  double use = base->reclaimed_use, rate = base->reclaimed_rate_pct;

  if (is_num (base->treated_wastewater) && base->treated_wastewater > 0)
    return base->treated_wastewater;
  for (guint i = 0; i < self->indicators->len; i++)
    {
      RaIndicatorRecord *rec = g_ptr_array_index (self->indicators, i);

      if (rec == base || rec->year != base->year || g_strcmp0 (rec->adcode, adcode) != 0 ||
          g_strcmp0 (rec->kind, "actual") != 0)
        continue;
      if (is_num (rec->treated_wastewater) && rec->treated_wastewater > 0)
        return rec->treated_wastewater;
      if (is_num (rec->reclaimed_use) && fabs (rec->reclaimed_use - use) < 1e-6 &&
          is_num (rec->reclaimed_rate_pct) && rec->reclaimed_rate_pct > 0 &&
          (!is_num (rate) || decimals_of (rec->reclaimed_rate_pct) > decimals_of (rate)))
        rate = rec->reclaimed_rate_pct;
    }
  if (is_num (use) && is_num (rate) && rate > 0)
    return use / (rate / 100.0);
  return NAN;
}

/* Treated wastewater given for a later year (any kind of row). */
static double
given_treated (RaPlan *self, const char *adcode, int year)
{
  static const char * const kinds[] = { "actual", "target_min", "forecast" };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      const RaIndicatorRecord *rec = ra_plan_get_indicator (self, adcode, year, kinds[k]);

      if (rec != NULL && is_num (rec->treated_wastewater) && rec->treated_wastewater > 0)
        return rec->treated_wastewater;
    }
  return NAN;
}

int
ra_plan_next_target_year (RaPlan *self, const char *adcode, int year)
{
  g_return_val_if_fail (RA_IS_PLAN (self), 0);

  for (guint i = 0; i < self->target_years->len; i++)
    {
      int y = g_array_index (self->target_years, int, i);

      if (y >= year && ra_plan_get_indicator (self, adcode, y, "target_min") != NULL)
        return y;
    }
  return 0;
}

/* Fills the target, gaps and status of f from its projected figures. */
static void
compare_with_target (RaPlan *self, RaPlanFigures *f)
{
  const RaIndicatorRecord *t;
  double use_pts = NAN;
  gboolean has_target;

  f->gap_use = f->gap_mine = f->gap_rate_pts = f->gap_pts = NAN;
  f->target_reclaimed_use = f->target_mine_use = NAN;
  f->target_nonconventional_use = f->target_rate_pct = NAN;
  f->mine_met = TRUE;
  f->target_year = ra_plan_next_target_year (self, f->adcode, f->year);
  t = f->target_year > 0 ? ra_plan_get_indicator (self, f->adcode, f->target_year, "target_min")
                         : NULL;
  if (t != NULL)
    {
      f->target_reclaimed_use = t->reclaimed_use;
      f->target_mine_use = t->mine_use;
      f->target_nonconventional_use = t->nonconventional_use;
      f->target_rate_pct = t->reclaimed_rate_pct;
    }
  has_target = is_num (f->target_reclaimed_use) || is_num (f->target_rate_pct);
  if (!has_target)
    f->target_year = 0;

  if (!is_num (f->reclaimed_use))
    {
      f->status = RA_PLAN_STATUS_NO_DATA;
      return;
    }
  if (!has_target)
    {
      f->status = RA_PLAN_STATUS_NO_TARGET;
      return;
    }
  if (is_num (f->target_reclaimed_use))
    {
      f->gap_use = f->reclaimed_use - f->target_reclaimed_use;
      if (is_num (f->treated_wastewater) && f->treated_wastewater > 0)
        use_pts = f->gap_use / f->treated_wastewater * 100.0;
    }
  if (is_num (f->target_rate_pct) && is_num (f->reuse_rate_pct))
    f->gap_rate_pts = f->reuse_rate_pct - f->target_rate_pct;
  if (is_num (f->target_mine_use) && is_num (f->mine_use))
    {
      f->gap_mine = f->mine_use - f->target_mine_use;
      f->mine_met = f->gap_mine >= -1e-9;
    }

  f->gap_pts = f->gap_rate_pts;
  if (is_num (use_pts) && (!is_num (f->gap_pts) || use_pts < f->gap_pts))
    f->gap_pts = use_pts;
  /* A use shortfall with no wastewater figure to express it in points. */
  if (!is_num (use_pts) && is_num (f->gap_use) && f->gap_use < 0 &&
      (!is_num (f->gap_pts) || f->gap_pts >= 0))
    f->gap_pts = -G_MINDOUBLE;

  f->status = ((!is_num (f->gap_use) || f->gap_use >= -1e-9) &&
               (!is_num (f->gap_rate_pts) || f->gap_rate_pts >= -1e-9))
              ? RA_PLAN_STATUS_MET : RA_PLAN_STATUS_UNMET;
  if (f->status == RA_PLAN_STATUS_MET && is_num (f->gap_pts) && f->gap_pts < 0)
    f->gap_pts = 0;   /* within rounding */
}

static void
compute_county (RaPlan *self, Area *area)
{
  const RaIndicatorRecord *base = NULL;
  double base_rec = NAN, base_mine = NAN, base_treated = NAN;

  if (self->baseline_year > 0)
    base = ra_plan_get_indicator (self, area->adcode, self->baseline_year, "actual");
  if (base != NULL && is_num (base->reclaimed_use))
    {
      base_rec = base->reclaimed_use;
      base_mine = base->mine_use;
      if (!is_num (base_mine))
        base_mine = is_num (base->nonconventional_use) ? base->nonconventional_use - base_rec : 0.0;
      base_treated = baseline_treated (self, area->adcode, base);
    }

  for (guint yi = 0; yi < self->years->len; yi++)
    {
      RaPlanFigures *f = &area->figures[yi];
      int year = g_array_index (self->years, int, yi);
      double treated;

      f->adcode = area->adcode;
      f->name = area->name;
      f->year = year;
      f->is_city = FALSE;
      f->is_baseline = base != NULL && year == self->baseline_year;
      for (guint p = 0; p < self->projects->len; p++)
        {
          RaProjectRecord *proj = g_ptr_array_index (self->projects, p);
          int sy = ra_plan_project_service_year (proj);
          double cap = project_cap_total (proj);

          if (g_strcmp0 (proj->adcode, area->adcode) != 0 || sy <= 0 || sy > year ||
              (self->baseline_year > 0 && sy <= self->baseline_year))
            continue;
          if (g_strcmp0 (proj->source, "mine") == 0)
            f->added_mine += cap;
          else
            f->added_reclaimed += cap;
          for (int u = 0; u < RA_PLAN_N_USES; u++)
            f->cap_by_use[u] += project_cap_by_use (proj, u);
          f->n_projects++;
        }
      f->reclaimed_use = base_rec + f->added_reclaimed;   /* NAN stays NAN */
      f->mine_use = base_mine + f->added_mine;
      f->nonconventional_use = f->reclaimed_use + f->mine_use;
      treated = given_treated (self, area->adcode, year);
      f->treated_wastewater = is_num (treated) ? treated : base_treated;
      if (f->is_baseline && is_num (base->reclaimed_rate_pct))
        f->reuse_rate_pct = base->reclaimed_rate_pct;     /* the plan's own figure */
      else if (is_num (f->treated_wastewater) && f->treated_wastewater > 0)
        f->reuse_rate_pct = f->reclaimed_use / f->treated_wastewater * 100.0;
      else
        f->reuse_rate_pct = NAN;
      compare_with_target (self, f);
    }
}

/* The city: sum of the counties plus projects without a county; from its
 * own baseline row when no county has figures. */
static void
compute_city (RaPlan *self, Area *city)
{
  gboolean counties_have_data = FALSE;
  const RaIndicatorRecord *base = NULL;

  for (guint i = 0; i < self->areas->len; i++)
    {
      Area *a = g_ptr_array_index (self->areas, i);

      if (!a->is_city && self->years->len > 0 && is_num (a->figures[0].reclaimed_use))
        counties_have_data = TRUE;
    }
  if (!counties_have_data && self->baseline_year > 0)
    base = ra_plan_get_indicator (self, city->adcode, self->baseline_year, "actual");

  for (guint yi = 0; yi < self->years->len; yi++)
    {
      RaPlanFigures *f = &city->figures[yi];
      int year = g_array_index (self->years, int, yi);

      f->adcode = city->adcode;
      f->name = city->name;
      f->year = year;
      f->is_city = TRUE;
      f->reclaimed_use = f->mine_use = f->treated_wastewater = NAN;
      f->is_baseline = year == self->baseline_year &&
                       (counties_have_data || (base != NULL && is_num (base->reclaimed_use)));

      for (guint i = 0; i < self->areas->len; i++)
        {
          Area *a = g_ptr_array_index (self->areas, i);
          const RaPlanFigures *c = &a->figures[yi];

          if (a->is_city)
            continue;
          add_to (&f->reclaimed_use, c->reclaimed_use);
          add_to (&f->mine_use, c->mine_use);
          add_to (&f->treated_wastewater, c->treated_wastewater);
          f->added_reclaimed += c->added_reclaimed;
          f->added_mine += c->added_mine;
          for (int u = 0; u < RA_PLAN_N_USES; u++)
            f->cap_by_use[u] += c->cap_by_use[u];
          f->n_projects += c->n_projects;
        }
      /* Projects that belong to no county of the plan. */
      for (guint p = 0; p < self->projects->len; p++)
        {
          RaProjectRecord *proj = g_ptr_array_index (self->projects, p);
          int sy = ra_plan_project_service_year (proj);
          double cap = project_cap_total (proj);

          if ((proj->adcode != NULL && g_hash_table_contains (self->area_by_adcode, proj->adcode) &&
               g_strcmp0 (proj->adcode, city->adcode) != 0) ||
              sy <= 0 || sy > year || (self->baseline_year > 0 && sy <= self->baseline_year))
            continue;
          if (g_strcmp0 (proj->source, "mine") == 0)
            {
              f->added_mine += cap;
              add_to (&f->mine_use, counties_have_data || base != NULL ? cap : NAN);
            }
          else
            {
              f->added_reclaimed += cap;
              add_to (&f->reclaimed_use, counties_have_data || base != NULL ? cap : NAN);
            }
          for (int u = 0; u < RA_PLAN_N_USES; u++)
            f->cap_by_use[u] += project_cap_by_use (proj, u);
          f->n_projects++;
        }

      if (!counties_have_data)
        {
          if (base != NULL && is_num (base->reclaimed_use))
            {
              double mine = is_num (base->mine_use) ? base->mine_use : 0.0;
              double treated = baseline_treated (self, city->adcode, base);
              double given = given_treated (self, city->adcode, year);

              f->reclaimed_use = base->reclaimed_use + f->added_reclaimed;
              f->mine_use = mine + f->added_mine;
              f->treated_wastewater = is_num (given) ? given : treated;
            }
          else
            f->reclaimed_use = f->mine_use = f->treated_wastewater = NAN;
        }
      if (!is_num (f->mine_use) && is_num (f->reclaimed_use))
        f->mine_use = 0;
      f->nonconventional_use = f->reclaimed_use + f->mine_use;
      if (!counties_have_data && f->is_baseline && is_num (base->reclaimed_rate_pct))
        f->reuse_rate_pct = base->reclaimed_rate_pct;
      else if (is_num (f->treated_wastewater) && f->treated_wastewater > 0)
        f->reuse_rate_pct = f->reclaimed_use / f->treated_wastewater * 100.0;
      else
        f->reuse_rate_pct = NAN;
      compare_with_target (self, f);
    }
}

/**
 * ra_plan_new:
 * @input: the records; a reference to each array is taken
 * Returns: (transfer full)
 */
RaPlan *
ra_plan_new (const RaPlanInput *input)
{
  RaPlan *self;

  g_return_val_if_fail (input != NULL, NULL);

  self = g_object_new (RA_TYPE_PLAN, NULL);
  self->counties = input->counties ? g_ptr_array_ref (input->counties) : g_ptr_array_new ();
  self->indicators = input->indicators ? g_ptr_array_ref (input->indicators) : g_ptr_array_new ();
  self->projects = input->projects ? g_ptr_array_ref (input->projects) : g_ptr_array_new ();

  index_indicators (self);
  find_areas (self);
  find_years (self);
  for (guint i = 0; i < self->areas->len; i++)
    {
      Area *a = g_ptr_array_index (self->areas, i);

      a->figures = g_new0 (RaPlanFigures, MAX (self->years->len, 1));
    }
  for (guint i = 0; i < self->areas->len; i++)
    {
      Area *a = g_ptr_array_index (self->areas, i);

      if (!a->is_city)
        compute_county (self, a);
    }
  for (guint i = 0; i < self->areas->len; i++)
    {
      Area *a = g_ptr_array_index (self->areas, i);

      if (a->is_city)
        compute_city (self, a);
    }
  return self;
}

/**
 * ra_plan_new_from_store:
 * Returns: (transfer full) (nullable)
 */
RaPlan *
ra_plan_new_from_store (RaStore *store, GError **error)
{
  g_autoptr(RaPlanInput) input = ra_plan_input_load (store, error);

  if (input == NULL)
    return NULL;
  return ra_plan_new (input);
}

/* ------------------------------------------------------------------ */
/* Accessors                                                           */

int
ra_plan_get_baseline_year (RaPlan *self)
{
  g_return_val_if_fail (RA_IS_PLAN (self), 0);
  return self->baseline_year;
}

const int *
ra_plan_get_years (RaPlan *self, guint *n_years)
{
  g_return_val_if_fail (RA_IS_PLAN (self), NULL);
  if (n_years != NULL)
    *n_years = self->years->len;
  return (const int *) (gpointer) self->years->data;
}

const int *
ra_plan_get_target_years (RaPlan *self, guint *n_years)
{
  g_return_val_if_fail (RA_IS_PLAN (self), NULL);
  if (n_years != NULL)
    *n_years = self->target_years->len;
  return (const int *) (gpointer) self->target_years->data;
}

gboolean
ra_plan_has_year (RaPlan *self, int year)
{
  g_return_val_if_fail (RA_IS_PLAN (self), FALSE);
  return self->years->len > 0 && year >= g_array_index (self->years, int, 0) &&
         year <= g_array_index (self->years, int, self->years->len - 1);
}

const char *
ra_plan_get_city_adcode (RaPlan *self)
{
  g_return_val_if_fail (RA_IS_PLAN (self), NULL);
  return self->city_adcode;
}

const char * const *
ra_plan_get_county_adcodes (RaPlan *self)
{
  g_return_val_if_fail (RA_IS_PLAN (self), NULL);
  return (const char * const *) self->county_adcodes;
}

const char *
ra_plan_get_area_name (RaPlan *self, const char *adcode)
{
  Area *area;

  g_return_val_if_fail (RA_IS_PLAN (self), NULL);
  if (adcode == NULL)
    return NULL;
  area = g_hash_table_lookup (self->area_by_adcode, adcode);
  return area != NULL ? area->name : NULL;
}

GPtrArray *
ra_plan_get_projects (RaPlan *self)
{
  g_return_val_if_fail (RA_IS_PLAN (self), NULL);
  return self->projects;
}

GPtrArray *
ra_plan_get_counties (RaPlan *self)
{
  g_return_val_if_fail (RA_IS_PLAN (self), NULL);
  return self->counties;
}

GPtrArray *
ra_plan_get_indicators (RaPlan *self)
{
  g_return_val_if_fail (RA_IS_PLAN (self), NULL);
  return self->indicators;
}

const RaPlanFigures *
ra_plan_get_figures (RaPlan *self, const char *adcode, int year)
{
  Area *area;

  g_return_val_if_fail (RA_IS_PLAN (self), NULL);
  if (adcode == NULL || !ra_plan_has_year (self, year))
    return NULL;
  area = g_hash_table_lookup (self->area_by_adcode, adcode);
  if (area == NULL)
    return NULL;
  return &area->figures[year - g_array_index (self->years, int, 0)];
}

double
ra_plan_projected_use (RaPlan *self, const char *adcode, int year)
{
  const RaPlanFigures *f = ra_plan_get_figures (self, adcode, year);

  return f != NULL ? f->reclaimed_use : NAN;
}

const char *
ra_plan_status_to_string (RaPlanStatus status)
{
  switch (status)
    {
    case RA_PLAN_STATUS_MET: return _("target met");
    case RA_PLAN_STATUS_UNMET: return _("target not met");
    case RA_PLAN_STATUS_NO_TARGET: return _("no target");
    case RA_PLAN_STATUS_NO_DATA:
    default: return _("no data");
    }
}

const char *
ra_plan_use_to_key (RaPlanUse use)
{
  static const char * const keys[] = { "industry", "agriculture", "ecological", "urban_nonpotable" };

  g_return_val_if_fail (use < RA_PLAN_N_USES, NULL);
  return keys[use];
}

const char *
ra_plan_use_to_string (RaPlanUse use)
{
  switch (use)
    {
    case RA_PLAN_USE_INDUSTRY: return _("industry");
    case RA_PLAN_USE_AGRICULTURE: return _("agriculture");
    case RA_PLAN_USE_ECOLOGICAL: return _("ecological");
    case RA_PLAN_USE_URBAN_NONPOTABLE: return _("urban non-potable");
    case RA_PLAN_N_USES:
    default: return NULL;
    }
}
