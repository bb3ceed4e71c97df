/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-plan.h"
#include "ra-store-water.h"


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
  GPtrArray  *plants;        /* RaPlantRecord* (ref of the input's array) */
  GPtrArray  *plant_supply;  /* RaPlantSupplyRecord* */
  GPtrArray  *ledger;        /* RaLedgerRecord* */
  GHashTable *wastewater_plants; /* adcode -> GArray of gint64: the county's wastewater plants */
  GHashTable *supply_treated;    /* "plant_id|year" -> double* treated (given figures only) */
  GHashTable *ledger_year;       /* "plant_id|year" -> LedgerYear* */
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

/* The ledger months of one plant in one year. */
typedef struct {
  guint  months;        /* bit m-1 set: month m has a treated figure */
  double treated;       /* their sum, 10^4 m3 */
  double reused;        /* reused by every use in those months, 10^4 m3 */
} LedgerYear;

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
  g_clear_pointer (&self->plants, g_ptr_array_unref);
  g_clear_pointer (&self->plant_supply, g_ptr_array_unref);
  g_clear_pointer (&self->ledger, g_ptr_array_unref);
  g_clear_pointer (&self->wastewater_plants, g_hash_table_unref);
  g_clear_pointer (&self->supply_treated, g_hash_table_unref);
  g_clear_pointer (&self->ledger_year, g_hash_table_unref);
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
  self->wastewater_plants = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                   (GDestroyNotify) g_array_unref);
  self->supply_treated = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->ledger_year = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
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
  input->plants = ra_store_list_plants (store, NULL, error);
  if (input->plants == NULL)
    return NULL;
  input->plant_supply = ra_store_list_plant_supply (store, 0, error);
  if (input->plant_supply == NULL)
    return NULL;
  input->ledger = ra_store_list_ledger (store, 0, error);
  if (input->ledger == NULL)
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
  g_clear_pointer (&input->plants, g_ptr_array_unref);
  g_clear_pointer (&input->plant_supply, g_ptr_array_unref);
  g_clear_pointer (&input->ledger, g_ptr_array_unref);
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
  /* The plan runs to its horizon, whatever its last milestone. */
  if (first <= RA_PLAN_HORIZON_YEAR)
    last = MAX (last, RA_PLAN_HORIZON_YEAR);
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

/* ------------------------------------------------------------------ */
/* Treated wastewater                                                  */

gboolean
ra_plan_plant_kind_treats_wastewater (const char *kind)
{
  /* A mine-water station treats mine drainage, not wastewater; intakes
   * and storage treat nothing. */
  return g_strcmp0 (kind, "wwtp") == 0 || g_strcmp0 (kind, "reclaimed_plant") == 0 ||
         g_strcmp0 (kind, "wetland") == 0;
}

static char *
plant_year_key (gint64 plant_id, int year)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "|%d", plant_id, year);
}

static void
index_plants (RaPlan *self)
{
  for (guint i = 0; self->plants != NULL && i < self->plants->len; i++)
    {
      RaPlantRecord *plant = g_ptr_array_index (self->plants, i);
      GArray *ids;

      if (plant->adcode == NULL || !ra_plan_plant_kind_treats_wastewater (plant->kind))
        continue;
      ids = g_hash_table_lookup (self->wastewater_plants, plant->adcode);
      if (ids == NULL)
        {
          ids = g_array_new (FALSE, FALSE, sizeof (gint64));
          g_hash_table_insert (self->wastewater_plants, g_strdup (plant->adcode), ids);
        }
      g_array_append_val (ids, plant->id);
    }
  for (guint i = 0; self->plant_supply != NULL && i < self->plant_supply->len; i++)
    {
      RaPlantSupplyRecord *rec = g_ptr_array_index (self->plant_supply, i);

      if (is_num (rec->treated) && rec->treated >= 0)
        g_hash_table_insert (self->supply_treated, plant_year_key (rec->plant_id, rec->year),
                             g_memdup2 (&rec->treated, sizeof (double)));
    }
  for (guint i = 0; self->ledger != NULL && i < self->ledger->len; i++)
    {
      RaLedgerRecord *rec = g_ptr_array_index (self->ledger, i);
      g_autofree char *key = NULL;
      LedgerYear *ly;
      int year, month;

      if (rec->month == NULL || strlen (rec->month) < 7 || rec->month[4] != '-' ||
          !is_num (rec->treated) || rec->treated < 0)
        continue;
      year = (int) g_ascii_strtoll (rec->month, NULL, 10);
      month = (int) g_ascii_strtoll (rec->month + 5, NULL, 10);
      if (year <= 0 || month < 1 || month > 12)
        continue;
      key = plant_year_key (rec->plant_id, year);
      ly = g_hash_table_lookup (self->ledger_year, key);
      if (ly == NULL)
        {
          ly = g_new0 (LedgerYear, 1);
          g_hash_table_insert (self->ledger_year, g_steal_pointer (&key), ly);
        }
      if (ly->months & (1u << (month - 1)))
        continue;   /* a month counted once */
      ly->months |= 1u << (month - 1);
      ly->treated += rec->treated;
      for (guint u = 0; u < G_N_ELEMENTS (rec->reused); u++)
        if (is_num (rec->reused[u]) && rec->reused[u] > 0)
          ly->reused += rec->reused[u];
    }
}

/* The treated wastewater of an area's wastewater plants in a year, from
 * their supply figures or (from_ledger) their 12 ledger months: NAN unless
 * the area has such plants and every one of them has its figure. */
static double
plants_treated (RaPlan *self, const char *adcode, int year, gboolean from_ledger)
{
  GArray *ids = adcode != NULL ? g_hash_table_lookup (self->wastewater_plants, adcode) : NULL;
  double sum = 0;

  if (ids == NULL || ids->len == 0)
    return NAN;
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *key = plant_year_key (g_array_index (ids, gint64, i), year);

      if (from_ledger)
        {
          LedgerYear *ly = g_hash_table_lookup (self->ledger_year, key);

          if (ly == NULL || ly->months != 0xfffu)
            return NAN;
          sum += ly->treated;
        }
      else
        {
          double *v = g_hash_table_lookup (self->supply_treated, key);

          if (v == NULL)
            return NAN;
          sum += *v;
        }
    }
  return sum;
}

/* The reclaimed water an area's wastewater plants reused in a year by
 * their ledgers: NAN unless every such plant has its 12 months. */
static double
ledger_reused (RaPlan *self, const char *adcode, int year)
{
  GArray *ids = adcode != NULL ? g_hash_table_lookup (self->wastewater_plants, adcode) : NULL;
  double sum = 0;

  if (ids == NULL || ids->len == 0)
    return NAN;
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *key = plant_year_key (g_array_index (ids, gint64, i), year);
      LedgerYear *ly = g_hash_table_lookup (self->ledger_year, key);

      if (ly == NULL || ly->months != 0xfffu)
        return NAN;
      sum += ly->reused;
    }
  return sum;
}

/* The treated wastewater an area's data give for a year, most direct
 * first; NAN (provenance NONE) when they give none. */
static double
known_treated (RaPlan *self, const char *adcode, int year, RaPlanProvenance *provenance)
{
  const RaIndicatorRecord *rec;
  double v;

  if (is_num (v = plants_treated (self, adcode, year, TRUE)))
    *provenance = RA_PLAN_PROVENANCE_FROM_LEDGER;
  else if (is_num (v = plants_treated (self, adcode, year, FALSE)))
    *provenance = RA_PLAN_PROVENANCE_FROM_PLANTS;
  else if (is_num (v = given_treated (self, adcode, year)))
    *provenance = RA_PLAN_PROVENANCE_GIVEN;
  else if ((rec = ra_plan_get_indicator (self, adcode, year, "actual")) != NULL &&
           is_num (v = baseline_treated (self, adcode, rec)))
    *provenance = RA_PLAN_PROVENANCE_DERIVED_FROM_ACTUALS;
  else if ((rec = ra_plan_get_indicator (self, adcode, year, "target_min")) != NULL &&
           is_num (rec->reclaimed_use) && is_num (rec->reclaimed_rate_pct) &&
           rec->reclaimed_rate_pct > 0)
    {
      /* The plan's own figure: its target use at its target rate. */
      v = rec->reclaimed_use / (rec->reclaimed_rate_pct / 100.0);
      *provenance = RA_PLAN_PROVENANCE_DERIVED_FROM_TARGETS;
    }
  else
    {
      v = NAN;
      *provenance = RA_PLAN_PROVENANCE_NONE;
    }
  return v;
}

static gboolean
provenance_is_known (RaPlanProvenance p)
{
  return p == RA_PLAN_PROVENANCE_GIVEN || p == RA_PLAN_PROVENANCE_FROM_PLANTS ||
         p == RA_PLAN_PROVENANCE_FROM_LEDGER || p == RA_PLAN_PROVENANCE_DERIVED_FROM_ACTUALS ||
         p == RA_PLAN_PROVENANCE_DERIVED_FROM_TARGETS;
}

/* Fills treated_wastewater and its provenance of an area's figures (one
 * per year): the known years, linear interpolation between them, the last
 * known value held after it -- but never the baseline's: holding it while
 * use grows is what made projected rates pass 100 %. */
static void
fill_treated (RaPlan *self, const char *adcode, RaPlanFigures *figs)
{
  guint n = self->years->len;

  for (guint yi = 0; yi < n; yi++)
    {
      RaPlanFigures *f = &figs[yi];

      f->treated_wastewater = known_treated (self, adcode, g_array_index (self->years, int, yi),
                                             &f->treated_provenance);
      f->treated_from_year = f->treated_to_year = 0;
    }
  for (guint yi = 0; yi < n; yi++)
    {
      RaPlanFigures *f = &figs[yi];
      int year = g_array_index (self->years, int, yi);
      int prev = -1, next = -1;

      if (provenance_is_known (f->treated_provenance))
        continue;
      for (guint j = yi; j-- > 0;)
        if (provenance_is_known (figs[j].treated_provenance))
          {
            prev = (int) j;
            break;
          }
      for (guint j = yi + 1; j < n; j++)
        if (provenance_is_known (figs[j].treated_provenance))
          {
            next = (int) j;
            break;
          }
      if (prev >= 0 && next >= 0)
        {
          int y0 = g_array_index (self->years, int, prev);
          int y1 = g_array_index (self->years, int, next);
          double v0 = figs[prev].treated_wastewater, v1 = figs[next].treated_wastewater;

          f->treated_wastewater = v0 + (v1 - v0) * (double) (year - y0) / (double) (y1 - y0);
          f->treated_provenance = RA_PLAN_PROVENANCE_INTERPOLATED;
          f->treated_from_year = y0;
          f->treated_to_year = y1;
        }
      else if (prev >= 0 && g_array_index (self->years, int, prev) != self->baseline_year)
        {
          f->treated_wastewater = figs[prev].treated_wastewater;
          f->treated_provenance = RA_PLAN_PROVENANCE_HELD;
          f->treated_from_year = g_array_index (self->years, int, prev);
        }
      else
        {
          f->treated_wastewater = NAN;
          f->treated_provenance = RA_PLAN_PROVENANCE_NONE;
        }
    }
}

/* The reuse rate of f from its use and treated wastewater, or the plan's
 * own figure (given_rate); over 100 % it is a conflict, not a value. */
static void
set_rate (RaPlanFigures *f, double given_rate)
{
  double rate = NAN;
  RaPlanProvenance provenance = RA_PLAN_PROVENANCE_NONE;

  f->conflict_rate_pct = NAN;
  if (is_num (given_rate))
    {
      rate = given_rate;
      provenance = RA_PLAN_PROVENANCE_GIVEN;
    }
  else if (is_num (f->reclaimed_use) && is_num (f->treated_wastewater) && f->treated_wastewater > 0)
    {
      rate = f->reclaimed_use / f->treated_wastewater * 100.0;
      provenance = f->is_baseline ? RA_PLAN_PROVENANCE_DERIVED_FROM_ACTUALS
                   : f->use_provenance == RA_PLAN_PROVENANCE_FROM_LEDGER &&
                     f->treated_provenance == RA_PLAN_PROVENANCE_FROM_LEDGER
                   ? RA_PLAN_PROVENANCE_FROM_LEDGER
                   : RA_PLAN_PROVENANCE_PROJECTED;
    }
  if (is_num (rate) && rate > 100.0 + 1e-9)
    {
      f->conflict_rate_pct = rate;
      rate = NAN;
      provenance = RA_PLAN_PROVENANCE_CONFLICT;
    }
  f->reuse_rate_pct = rate;
  f->rate_provenance = provenance;
}

/* Least direct first is largest. */
static int
provenance_rank (RaPlanProvenance p)
{
  switch (p)
    {
    case RA_PLAN_PROVENANCE_GIVEN: return 0;
    case RA_PLAN_PROVENANCE_FROM_LEDGER: return 1;
    case RA_PLAN_PROVENANCE_FROM_PLANTS: return 2;
    case RA_PLAN_PROVENANCE_DERIVED_FROM_ACTUALS: return 3;
    case RA_PLAN_PROVENANCE_DERIVED_FROM_TARGETS: return 4;
    case RA_PLAN_PROVENANCE_PROJECTED: return 5;
    case RA_PLAN_PROVENANCE_INTERPOLATED: return 6;
    case RA_PLAN_PROVENANCE_HELD: return 7;
    case RA_PLAN_PROVENANCE_CONFLICT: return 8;
    case RA_PLAN_PROVENANCE_NONE:
    default: return 9;
    }
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
  if (f->rate_provenance == RA_PLAN_PROVENANCE_CONFLICT)
    {
      /* Use and wastewater disagree: no rate, so no rate gap and no
       * verdict on the target; the use gap still says what it says. */
      if (is_num (f->target_reclaimed_use))
        f->gap_use = f->reclaimed_use - f->target_reclaimed_use;
      if (is_num (f->target_mine_use) && is_num (f->mine_use))
        {
          f->gap_mine = f->mine_use - f->target_mine_use;
          f->mine_met = f->gap_mine >= -1e-9;
        }
      f->status = RA_PLAN_STATUS_CONFLICT;
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
  double base_rec = NAN, base_mine = NAN;

  if (self->baseline_year > 0)
    base = ra_plan_get_indicator (self, area->adcode, self->baseline_year, "actual");
  if (base != NULL && is_num (base->reclaimed_use))
    {
      base_rec = base->reclaimed_use;
      base_mine = base->mine_use;
      if (!is_num (base_mine))
        base_mine = is_num (base->nonconventional_use) ? base->nonconventional_use - base_rec : 0.0;
    }
  fill_treated (self, area->adcode, area->figures);

  for (guint yi = 0; yi < self->years->len; yi++)
    {
      RaPlanFigures *f = &area->figures[yi];
      int year = g_array_index (self->years, int, yi);

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
      f->use_provenance = !is_num (f->reclaimed_use) ? RA_PLAN_PROVENANCE_NONE
                          : f->is_baseline ? RA_PLAN_PROVENANCE_GIVEN
                          : RA_PLAN_PROVENANCE_PROJECTED;
      /* A year the plants' ledgers cover is an actual year: what they
       * reused, not a projection (rule 第十八条's 台账). */
      if (!f->is_baseline)
        {
          double reused = ledger_reused (self, area->adcode, year);

          if (is_num (reused))
            {
              f->reclaimed_use = reused;
              f->use_provenance = RA_PLAN_PROVENANCE_FROM_LEDGER;
            }
        }
      f->nonconventional_use = f->reclaimed_use + f->mine_use;
      /* The baseline's rate is the plan's own figure. */
      set_rate (f, f->is_baseline ? base->reclaimed_rate_pct : NAN);
      compare_with_target (self, f);
    }
}

/* The city: sum of the counties plus projects without a county; from its
 * own rows when no county has figures.  Its treated wastewater is known
 * only when every county with a use has one; its provenance is the least
 * direct of theirs. */
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
  if (!counties_have_data)
    fill_treated (self, city->adcode, city->figures);

  for (guint yi = 0; yi < self->years->len; yi++)
    {
      RaPlanFigures *f = &city->figures[yi];
      int year = g_array_index (self->years, int, yi);
      gboolean treated_missing = FALSE;
      const RaPlanFigures *weakest = NULL;

      f->adcode = city->adcode;
      f->name = city->name;
      f->year = year;
      f->is_city = TRUE;
      f->reclaimed_use = f->mine_use = NAN;
      f->is_baseline = year == self->baseline_year &&
                       (counties_have_data || (base != NULL && is_num (base->reclaimed_use)));
      if (counties_have_data)
        {
          f->treated_wastewater = NAN;
          f->treated_from_year = f->treated_to_year = 0;
        }

      for (guint i = 0; i < self->areas->len; i++)
        {
          Area *a = g_ptr_array_index (self->areas, i);
          const RaPlanFigures *c = &a->figures[yi];

          if (a->is_city)
            continue;
          add_to (&f->reclaimed_use, c->reclaimed_use);
          add_to (&f->mine_use, c->mine_use);
          if (counties_have_data)
            add_to (&f->treated_wastewater, c->treated_wastewater);
          if (is_num (c->reclaimed_use) && !is_num (c->treated_wastewater))
            treated_missing = TRUE;
          if (is_num (c->reclaimed_use) &&
              (weakest == NULL ||
               provenance_rank (c->treated_provenance) > provenance_rank (weakest->treated_provenance)))
            weakest = c;
          f->added_reclaimed += c->added_reclaimed;
          f->added_mine += c->added_mine;
          for (int u = 0; u < RA_PLAN_N_USES; u++)
            f->cap_by_use[u] += c->cap_by_use[u];
          f->n_projects += c->n_projects;
        }
      if (counties_have_data)
        {
          if (treated_missing || weakest == NULL)
            {
              /* A partial sum would overstate the city's rate. */
              f->treated_wastewater = NAN;
              f->treated_provenance = RA_PLAN_PROVENANCE_NONE;
            }
          else
            {
              f->treated_provenance = weakest->treated_provenance;
              f->treated_from_year = weakest->treated_from_year;
              f->treated_to_year = weakest->treated_to_year;
            }
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

              f->reclaimed_use = base->reclaimed_use + f->added_reclaimed;
              f->mine_use = mine + f->added_mine;
            }
          else
            f->reclaimed_use = f->mine_use = NAN;
        }
      if (!is_num (f->mine_use) && is_num (f->reclaimed_use))
        f->mine_use = 0;
      f->nonconventional_use = f->reclaimed_use + f->mine_use;
      f->use_provenance = !is_num (f->reclaimed_use) ? RA_PLAN_PROVENANCE_NONE
                          : f->is_baseline ? RA_PLAN_PROVENANCE_GIVEN
                          : RA_PLAN_PROVENANCE_PROJECTED;
      set_rate (f, !counties_have_data && f->is_baseline ? base->reclaimed_rate_pct : NAN);
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
  self->plants = input->plants ? g_ptr_array_ref (input->plants) : NULL;
  self->plant_supply = input->plant_supply ? g_ptr_array_ref (input->plant_supply) : NULL;
  self->ledger = input->ledger ? g_ptr_array_ref (input->ledger) : NULL;

  index_indicators (self);
  index_plants (self);
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
    case RA_PLAN_STATUS_CONFLICT: return _("data conflict");
    case RA_PLAN_STATUS_NO_DATA:
    default: return _("no data");
    }
}

const char *
ra_plan_status_to_key (RaPlanStatus status)
{
  switch (status)
    {
    case RA_PLAN_STATUS_MET: return "met";
    case RA_PLAN_STATUS_UNMET: return "unmet";
    case RA_PLAN_STATUS_NO_TARGET: return "no_target";
    case RA_PLAN_STATUS_CONFLICT: return "conflict";
    case RA_PLAN_STATUS_NO_DATA:
    default: return "no_data";
    }
}

const char *
ra_plan_provenance_to_key (RaPlanProvenance provenance)
{
  switch (provenance)
    {
    case RA_PLAN_PROVENANCE_GIVEN: return "given";
    case RA_PLAN_PROVENANCE_FROM_PLANTS: return "from_plants";
    case RA_PLAN_PROVENANCE_FROM_LEDGER: return "from_ledger";
    case RA_PLAN_PROVENANCE_DERIVED_FROM_ACTUALS: return "derived_from_actuals";
    case RA_PLAN_PROVENANCE_DERIVED_FROM_TARGETS: return "derived_from_targets";
    case RA_PLAN_PROVENANCE_PROJECTED: return "projected";
    case RA_PLAN_PROVENANCE_INTERPOLATED: return "interpolated";
    case RA_PLAN_PROVENANCE_HELD: return "held";
    case RA_PLAN_PROVENANCE_CONFLICT: return "conflict";
    case RA_PLAN_PROVENANCE_NONE:
    default: return "none";
    }
}

const char *
ra_plan_provenance_to_string (RaPlanProvenance provenance)
{
  switch (provenance)
    {
    case RA_PLAN_PROVENANCE_GIVEN: return _("given");
    case RA_PLAN_PROVENANCE_FROM_PLANTS: return _("from the plants");
    case RA_PLAN_PROVENANCE_FROM_LEDGER: return _("from the ledger");
    case RA_PLAN_PROVENANCE_DERIVED_FROM_ACTUALS: return _("actual use ÷ actual rate");
    case RA_PLAN_PROVENANCE_DERIVED_FROM_TARGETS: return _("target use ÷ target rate");
    case RA_PLAN_PROVENANCE_PROJECTED: return _("projected");
    case RA_PLAN_PROVENANCE_INTERPOLATED: return _("interpolated");
    case RA_PLAN_PROVENANCE_HELD: return _("held at the last known year");
    case RA_PLAN_PROVENANCE_CONFLICT: return _("data conflict");
    case RA_PLAN_PROVENANCE_NONE:
    default: return _("unknown");
    }
}

RaPlanProvenance
ra_plan_get_year_provenance (RaPlan *self, int year, int *from_year, int *to_year)
{
  const RaPlanFigures *weakest = NULL;
  const char *city;

  g_return_val_if_fail (RA_IS_PLAN (self), RA_PLAN_PROVENANCE_NONE);

  if (from_year != NULL)
    *from_year = 0;
  if (to_year != NULL)
    *to_year = 0;
  for (guint c = 0; self->county_adcodes != NULL && self->county_adcodes[c] != NULL; c++)
    {
      const RaPlanFigures *f = ra_plan_get_figures (self, self->county_adcodes[c], year);

      if (f == NULL || (!is_num (f->reclaimed_use) && !is_num (f->treated_wastewater)))
        continue;
      if (weakest == NULL ||
          provenance_rank (f->treated_provenance) > provenance_rank (weakest->treated_provenance))
        weakest = f;
    }
  city = self->city_adcode;
  if (weakest == NULL && city != NULL)
    weakest = ra_plan_get_figures (self, city, year);
  if (weakest == NULL)
    return RA_PLAN_PROVENANCE_NONE;
  if (from_year != NULL)
    *from_year = weakest->treated_from_year;
  if (to_year != NULL)
    *to_year = weakest->treated_to_year;
  return weakest->treated_provenance;
}

gboolean
ra_plan_year_has_own_data (RaPlan *self, int year)
{
  g_return_val_if_fail (RA_IS_PLAN (self), FALSE);
  return ra_plan_has_year (self, year) &&
         provenance_is_known (ra_plan_get_year_provenance (self, year, NULL, NULL));
}

/**
 * ra_plan_dup_year_note:
 * Returns: (transfer full) (nullable)
 */
char *
ra_plan_dup_year_note (RaPlan *self, int year)
{
  int from, to;
  RaPlanProvenance p;
  char *note = NULL;
  g_autoptr(GString) own = NULL;

  g_return_val_if_fail (RA_IS_PLAN (self), NULL);

  if (!ra_plan_has_year (self, year))
    return NULL;
  p = ra_plan_get_year_provenance (self, year, &from, &to);
  switch (p)
    {
    case RA_PLAN_PROVENANCE_INTERPOLATED:
      /* TRANSLATORS: a year without figures of its own, e.g. "no data for
       * 2024: figures interpolated between 2023 and 2025" */
      note = g_strdup_printf (_("no data for %d: figures interpolated between %d and %d"),
                              year, from, to);
      break;
    case RA_PLAN_PROVENANCE_HELD:
      note = g_strdup_printf (_("no data for %d: treated wastewater held at its %d figure"),
                              year, from);
      break;
    case RA_PLAN_PROVENANCE_NONE:
      note = g_strdup_printf (_("no data for %d: treated wastewater unknown, no reuse rate"), year);
      break;
    default:
      return NULL;
    }
  /* The counties that do have figures of their own that year (a ledger,
   * plant figures) are named, so the note does not deny them. */
  for (guint c = 0; self->county_adcodes != NULL && self->county_adcodes[c] != NULL; c++)
    {
      const RaPlanFigures *f = ra_plan_get_figures (self, self->county_adcodes[c], year);

      if (f == NULL || !provenance_is_known (f->treated_provenance))
        continue;
      if (own == NULL)
        own = g_string_new (NULL);
      else
        /* TRANSLATORS: separates the counties listed after "except" */
        g_string_append (own, _(", "));
      /* TRANSLATORS: a county and where its figures come from, e.g.
       * "甘州区 (from the ledger)" */
      g_string_append_printf (own, _("%s (%s)"), f->name,
                              ra_plan_provenance_to_string (f->treated_provenance));
    }
  if (own != NULL)
    {
      /* TRANSLATORS: the note of a year, then the counties that have
       * figures of their own, e.g. "…; except 甘州区 (from the ledger)" */
      char *both = g_strdup_printf (_("%s; except %s"), note, own->str);

      g_free (note);
      note = both;
    }
  return note;
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

char *
ra_plan_dup_city_summary (RaPlan *self, int year)
{
  const char *city;
  const RaPlanFigures *f;
  const char *name;
  GString *text;

  g_return_val_if_fail (RA_IS_PLAN (self), NULL);
  city = ra_plan_get_city_adcode (self);
  if (city == NULL || (f = ra_plan_get_figures (self, city, year)) == NULL ||
      !isfinite (f->reclaimed_use))
    return NULL;
  name = ra_plan_get_area_name (self, city);
  text = g_string_new (NULL);
  /* TRANSLATORS: the city and the year, then the figures */
  g_string_append_printf (text, _("%s %d: reclaimed water use %.0f (10⁴ m³/a)"),
                          name != NULL ? name : city, year, f->reclaimed_use);
  if (f->status == RA_PLAN_STATUS_CONFLICT)
    g_string_append_printf (text, _(", reuse rate: data conflict (over 100 %%)"));
  else if (isfinite (f->reuse_rate_pct))
    g_string_append_printf (text, _(", reuse rate %.0f%%"), f->reuse_rate_pct);
  if (f->target_year > 0 && isfinite (f->target_rate_pct) && isfinite (f->gap_rate_pts))
    g_string_append_printf (text, _(" (target %.0f%% for %d, gap %+.0f pts)"),
                            f->target_rate_pct, f->target_year, f->gap_rate_pts);
  else if (f->target_year > 0 && isfinite (f->target_reclaimed_use) && isfinite (f->gap_use))
    g_string_append_printf (text, _(" (target %.0f for %d, gap %+.0f)"),
                            f->target_reclaimed_use, f->target_year, f->gap_use);
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, ", %u project in service",
                                             ", %u projects in service", f->n_projects),
                          f->n_projects);
  return g_string_free (text, FALSE);
}
