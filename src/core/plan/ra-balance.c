/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The water balance's model: plant supply (given, or the county's treated
 * wastewater shared by capacity), users' demand, the year's allocations and
 * their balance per plant, county and user (DESIGN.md "Plan arithmetic"). */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-balance-private.h"
#include "ra-plan.h"

void
ra_balance_options_init (RaBalanceOptions *options)
{
  g_return_if_fail (options != NULL);
  options->reach_km = 5.0;
  options->snap_m = 50.0;
  options->new_pipe_dn_mm = 300.0;
  options->design_velocity_m_s = 1.0;
  options->max_route_km = 50.0;
}

/* ------------------------------------------------------------------ */
/* Rules 第十二条 (priority) and 第十三条 (quality).                   */

/* Sector keys in the priority order of rule 第十二条 (ra-store-water.h);
 * "other_industry" is not on the rule's list and comes last. */
static const char * const sector_order[] = {
  "high_water_industry", "urban_nonpotable", "coal_mining",
  "landscape_ecological", "agriculture", "other_industry",
};

/* The objective's weight of a unit served: 6 for the first priority down
 * to 1 for the last and for users without a sector.  Integral steps keep
 * the order strict: no amount of lower-priority water outbids a unit of
 * higher-priority water at the same plant. */
double
_ra_balance_sector_weight (const char *sector)
{
  if (sector != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (sector_order); i++)
      if (g_str_equal (sector, sector_order[i]))
        return (double) (G_N_ELEMENTS (sector_order) - i);
  return 1.0;
}

const char *
_ra_balance_use_standard (const char *use_category)
{
  static const struct { const char *key, *standard; } table[] = {
    { "industry", "SL368-2006" },
    { "urban_nonpotable", "GB/T 18920-2020" },
    { "green_irrigation", "GB/T 25499-2010" },
    { "landscape", "GB/T 18921-2019" },
    { "farmland", "GB 5084-2021" },
  };

  if (use_category != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (table); i++)
      if (g_str_equal (use_category, table[i].key))
        return table[i].standard;
  return NULL;
}

/* Standards compare without spaces and case: "GB/T18920-2020" is
 * "GB/T 18920-2020". */
static char *
normalize_standard (const char *s)
{
  GString *out = g_string_new (NULL);

  for (const char *p = s; *p; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (out, g_ascii_toupper (*p));
  return g_string_free (out, FALSE);
}

/* TRUE when the plant's list of met standards (';'-separated) holds
 * standard, or when either is unknown (NULL): a check cannot tell. */
gboolean
_ra_balance_plant_meets (const char *meets_standards, const char *standard)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *want = NULL;

  if (meets_standards == NULL || standard == NULL || *standard == '\0')
    return TRUE;
  want = normalize_standard (standard);
  parts = g_strsplit_set (meets_standards, ";；,", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *have = normalize_standard (parts[i]);

      if (g_str_equal (have, want))
        return TRUE;
    }
  return FALSE;
}

/* Plants that give water: not intake points or storage. */
gboolean
_ra_balance_is_supply_kind (const char *kind)
{
  return kind == NULL || !(g_str_equal (kind, "intake") || g_str_equal (kind, "storage"));
}

static gboolean
is_wastewater_plant (const char *kind)
{
  return kind != NULL && g_str_equal (kind, "wwtp");
}

char *
_ra_balance_fmt (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *end;

  if (!isfinite (v))
    return g_strdup ("–");
  g_ascii_formatd (buf, sizeof buf, "%.2f", v);
  end = buf + strlen (buf) - 1;
  while (end > buf && *end == '0')
    *end-- = '\0';
  if (*end == '.')
    *end = '\0';
  return g_strdup (buf);
}

/* ------------------------------------------------------------------ */
/* Input                                                               */

RaBalanceInput *
ra_balance_input_new (int year)
{
  RaBalanceInput *input = g_new0 (RaBalanceInput, 1);

  input->year = year;
  return input;
}

void
ra_balance_input_free (RaBalanceInput *input)
{
  if (input == NULL)
    return;
  g_clear_pointer (&input->plants, g_ptr_array_unref);
  g_clear_pointer (&input->supply, g_ptr_array_unref);
  g_clear_pointer (&input->users, g_ptr_array_unref);
  g_clear_pointer (&input->demand, g_ptr_array_unref);
  g_clear_pointer (&input->allocations, g_ptr_array_unref);
  g_clear_pointer (&input->pipelines, g_ptr_array_unref);
  g_clear_pointer (&input->unit_costs, g_array_unref);
  g_clear_pointer (&input->counties, g_ptr_array_unref);
  g_clear_pointer (&input->projects, g_ptr_array_unref);
  g_clear_pointer (&input->county_treated, g_hash_table_unref);
  g_clear_pointer (&input->ledger, g_ptr_array_unref);
  g_free (input);
}

/* ------------------------------------------------------------------ */
/* Balances                                                            */

static gint64 *
key_new (gint64 id)
{
  return g_memdup2 (&id, sizeof id);
}

static guint
lookup_index (GHashTable *table, gint64 id)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (table, &id));
}

static double
unit_cost_for_dn (GArray *costs, double dn_mm)
{
  double best = NAN, best_gap = INFINITY;

  /* The DN's own row, else the nearest larger DN (a conservative price),
   * else the largest there is. */
  if (costs == NULL)
    return NAN;
  for (guint i = 0; i < costs->len; i++)
    {
      const RaPipeUnitCost *c = &g_array_index (costs, RaPipeUnitCost, i);
      double gap = c->dn_mm - dn_mm;

      if (fabs (gap) < 1e-9)
        return c->cost_wan_per_km;
      if (gap > 0 && gap < best_gap)
        {
          best_gap = gap;
          best = c->cost_wan_per_km;
        }
    }
  if (isnan (best) && costs->len > 0)
    best = g_array_index (costs, RaPipeUnitCost, costs->len - 1).cost_wan_per_km;
  return best;
}

static int
compare_expansion (gconstpointer a, gconstpointer b, gpointer unused)
{
  const RaBalanceExpansion *x = a, *y = b;

  if (x->in_service_year != y->in_service_year)
    return x->in_service_year < y->in_service_year ? -1 : 1;
  return x->project_id < y->project_id ? -1 : x->project_id > y->project_id;
}

/* The projects expanding plant rec that are in service by the balance's
 * year, appended to self->expansions; returns the treatment they add
 * (m3/d).  A project without a treatment figure or a year adds nothing. */
static double
collect_expansions (RaBalance *self, const RaPlantDetailRecord *rec, RaBalancePlant *p)
{
  GPtrArray *projects = self->input->projects;
  double added = 0;

  p->first_expansion = self->expansions->len;
  for (guint i = 0; projects != NULL && i < projects->len; i++)
    {
      const RaProjectRecord *project = g_ptr_array_index (projects, i);
      RaBalanceExpansion e = { 0 };

      if (project->plant_id != rec->id || !isfinite (project->treatment_m3_per_day)
          || project->treatment_m3_per_day <= 0)
        continue;
      e.in_service_year = ra_plan_project_service_year (project);
      if (e.in_service_year <= 0 || e.in_service_year > self->year)
        continue;
      e.plant_id = rec->id;
      e.project_id = project->id;
      e.code = project->code;
      e.name = project->name;
      e.treatment_m3_per_day = project->treatment_m3_per_day;
      g_array_append_val (self->expansions, e);
      added += e.treatment_m3_per_day;
    }
  p->n_expansions = self->expansions->len - p->first_expansion;
  if (p->n_expansions > 1)
    g_qsort_with_data (&g_array_index (self->expansions, RaBalanceExpansion, p->first_expansion),
                       p->n_expansions, sizeof (RaBalanceExpansion),
                       compare_expansion, NULL);
  return added;
}

static void
compute_plants (RaBalance *self)
{
  RaBalanceInput *in = self->input;
  g_autoptr(GHashTable) given = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  /* per county: treated given to its wastewater plants, and the capacity
   * of those that share the county's figure */
  g_autoptr(GHashTable) county_given = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) county_share_cap = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  if (in->supply != NULL)
    for (guint i = 0; i < in->supply->len; i++)
      {
        RaPlantSupplyRecord *s = g_ptr_array_index (in->supply, i);

        if (s->year == self->year)
          g_hash_table_insert (given, key_new (s->plant_id), s);
      }

  /* The year's ledger: per plant the months with a treated volume and
   * their sum. */
  g_autoptr(GHashTable) ledger_months = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                               g_free);
  g_autofree char *year_prefix = g_strdup_printf ("%04d-", self->year);

  for (guint i = 0; in->ledger != NULL && i < in->ledger->len; i++)
    {
      RaLedgerRecord *l = g_ptr_array_index (in->ledger, i);
      double *acc;

      if (l->month == NULL || !g_str_has_prefix (l->month, year_prefix) || !isfinite (l->treated))
        continue;
      acc = g_hash_table_lookup (ledger_months, &l->plant_id);
      if (acc == NULL)
        {
          acc = g_new0 (double, 2);
          g_hash_table_insert (ledger_months, key_new (l->plant_id), acc);
        }
      acc[0] += 1;            /* months (one row per plant and month) */
      acc[1] += l->treated;
    }

  for (guint i = 0; in->plants != NULL && i < in->plants->len; i++)
    {
      RaPlantDetailRecord *rec = g_ptr_array_index (in->plants, i);
      RaPlantSupplyRecord *s;
      RaBalancePlant p = { 0 };
      double *months;

      if (!_ra_balance_is_supply_kind (rec->kind))
        continue;
      p.id = rec->id;
      p.name = rec->name;
      p.adcode = rec->adcode;
      p.meets_standards = rec->meets_standards;
      {
        double added_m3_per_day = collect_expansions (self, rec, &p);

        /* An expansion adds to a known design capacity; on an unknown one
         * the total stays unknown. */
        p.design_capacity = isfinite (rec->capacity_m3_per_day)
                            ? rec->capacity_m3_per_day * 365.0 / 1e4 : NAN;
        p.capacity = isfinite (rec->capacity_m3_per_day)
                     ? (rec->capacity_m3_per_day + added_m3_per_day) * 365.0 / 1e4 : NAN;
      }
      p.treated = NAN;
      p.committed = 0;
      p.origin = RA_BALANCE_SUPPLY_UNKNOWN;
      s = g_hash_table_lookup (given, &rec->id);
      if (s != NULL && isfinite (s->committed_discharge))
        p.committed = s->committed_discharge;
      months = g_hash_table_lookup (ledger_months, &rec->id);
      if (s != NULL && isfinite (s->treated))
        {
          p.treated = s->treated;
          p.origin = RA_BALANCE_SUPPLY_GIVEN;
        }
      else if (months != NULL && months[0] >= 12)
        {
          /* A whole year of the facility's own records: counted as given
           * towards its county, as a plant_supply figure is. */
          p.treated = months[1];
          p.origin = RA_BALANCE_SUPPLY_FROM_LEDGER;
        }
      if (is_wastewater_plant (rec->kind) && rec->adcode != NULL)
        {
          gboolean own = p.origin == RA_BALANCE_SUPPLY_GIVEN ||
                         p.origin == RA_BALANCE_SUPPLY_FROM_LEDGER;
          GHashTable *t = own ? county_given : county_share_cap;
          double add = own ? p.treated : (isfinite (p.capacity) ? p.capacity : 0);
          double *sum = g_hash_table_lookup (t, rec->adcode);

          if (sum == NULL)
            {
              sum = g_new0 (double, 1);
              g_hash_table_insert (t, rec->adcode, sum);
            }
          *sum += add;
        }
      g_ptr_array_add (self->plant_records, rec);
      g_array_append_val (self->plants, p);
    }

  /* The county fallback: what the plan says the county treats, less what
   * its plants with given figures treat, shared among the others by
   * capacity.  Mine-water stations and other kinds only ever have their
   * own figures. */
  for (guint i = 0; i < self->plants->len; i++)
    {
      RaBalancePlant *p = &g_array_index (self->plants, RaBalancePlant, i);
      RaPlantDetailRecord *rec = g_ptr_array_index (self->plant_records, i);
      double *county, *share_cap, *given_sum;

      if (p->origin != RA_BALANCE_SUPPLY_UNKNOWN || !is_wastewater_plant (rec->kind)
          || p->adcode == NULL || in->county_treated == NULL)
        continue;
      county = g_hash_table_lookup (in->county_treated, p->adcode);
      share_cap = g_hash_table_lookup (county_share_cap, p->adcode);
      given_sum = g_hash_table_lookup (county_given, p->adcode);
      if (county == NULL || !isfinite (*county) || share_cap == NULL || *share_cap <= 0
          || !isfinite (p->capacity))
        continue;
      p->treated = MAX (0, *county - (given_sum ? *given_sum : 0)) * p->capacity / *share_cap;
      p->origin = RA_BALANCE_SUPPLY_FROM_COUNTY;
    }

  for (guint i = 0; i < self->plants->len; i++)
    {
      RaBalancePlant *p = &g_array_index (self->plants, RaBalancePlant, i);

      p->available = p->treated - p->committed;
      if (isfinite (p->capacity) && isfinite (p->available))
        p->available = MIN (p->available, p->capacity);
      if (isfinite (p->available))
        p->available = MAX (0, p->available);
      g_hash_table_insert (self->plant_by_id, key_new (p->id), GUINT_TO_POINTER (i + 1));
    }
}

static void
compute_users (RaBalance *self)
{
  RaBalanceInput *in = self->input;

  for (guint i = 0; in->users != NULL && i < in->users->len; i++)
    {
      RaWaterUserRecord *rec = g_ptr_array_index (in->users, i);
      RaBalanceUser u = { 0 };

      u.id = rec->id;
      u.name = rec->name;
      u.adcode = rec->adcode;
      u.sector = rec->sector;
      u.use_category = rec->use_category;
      u.standard = rec->quality_standard != NULL && *rec->quality_standard
                   ? rec->quality_standard : _ra_balance_use_standard (rec->use_category);
      u.able = rec->able == NULL || !g_str_equal (rec->able, "no");
      u.demand = NAN;
      u.limit = RA_BALANCE_LIMIT_NONE;
      u.reach_km = NAN;
      g_hash_table_insert (self->user_by_id, key_new (u.id), GUINT_TO_POINTER (i + 1));
      g_ptr_array_add (self->user_records, rec);
      g_array_append_val (self->users, u);
    }
  for (guint i = 0; in->demand != NULL && i < in->demand->len; i++)
    {
      RaUserDemandRecord *d = g_ptr_array_index (in->demand, i);
      guint k = lookup_index (self->user_by_id, d->user_id);

      if (k > 0 && d->year == self->year && isfinite (d->volume))
        g_array_index (self->users, RaBalanceUser, k - 1).demand = d->volume;
    }
}

static void
compute_allocated (RaBalance *self)
{
  RaBalanceInput *in = self->input;

  for (guint i = 0; in->allocations != NULL && i < in->allocations->len; i++)
    {
      RaAllocationRecord *a = g_ptr_array_index (in->allocations, i);
      guint u = lookup_index (self->user_by_id, a->user_id);
      guint p = lookup_index (self->plant_by_id, a->plant_id);

      if (a->year != self->year || !isfinite (a->volume))
        continue;
      if (u > 0)
        g_array_index (self->users, RaBalanceUser, u - 1).allocated += a->volume;
      if (p > 0)
        g_array_index (self->plants, RaBalancePlant, p - 1).allocated += a->volume;
    }
  for (guint i = 0; i < self->users->len; i++)
    {
      RaBalanceUser *u = &g_array_index (self->users, RaBalanceUser, i);

      u->unmet = isfinite (u->demand) ? MAX (0, u->demand - u->allocated) : NAN;
    }
}

static RaBalanceCounty *
county_for (RaBalance *self, GHashTable *index, const char *adcode)
{
  guint k = GPOINTER_TO_UINT (g_hash_table_lookup (index, adcode));
  RaBalanceCounty c = { 0 };

  if (k > 0)
    return &g_array_index (self->counties, RaBalanceCounty, k - 1);
  c.adcode = adcode;
  g_array_append_val (self->counties, c);
  g_hash_table_insert (index, (gpointer) adcode, GUINT_TO_POINTER (self->counties->len));
  return &g_array_index (self->counties, RaBalanceCounty, self->counties->len - 1);
}

static int
compare_county (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (((const RaBalanceCounty *) a)->adcode, ((const RaBalanceCounty *) b)->adcode);
}

static void
compute_counties (RaBalance *self)
{
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *counties = self->input->counties;

  for (guint i = 0; counties != NULL && i < counties->len; i++)
    {
      RaCountyRecord *rec = g_ptr_array_index (counties, i);

      if (rec->adcode != NULL)
        county_for (self, index, rec->adcode)->name = rec->name_zh;
    }
  for (guint i = 0; i < self->plants->len; i++)
    {
      RaBalancePlant *p = &g_array_index (self->plants, RaBalancePlant, i);

      if (p->adcode != NULL && isfinite (p->available))
        county_for (self, index, p->adcode)->supply += p->available;
      else if (p->adcode != NULL)
        county_for (self, index, p->adcode);
    }
  for (guint i = 0; i < self->users->len; i++)
    {
      RaBalanceUser *u = &g_array_index (self->users, RaBalanceUser, i);
      RaBalanceCounty *c;

      if (u->adcode == NULL)
        continue;
      c = county_for (self, index, u->adcode);
      c->allocated += u->allocated;
      if (u->able && isfinite (u->demand))
        {
          c->demand += u->demand;
          c->unmet += u->unmet;
        }
    }
  /* Only counties with plants or users. */
  for (guint i = self->counties->len; i > 0; i--)
    {
      RaBalanceCounty *c = &g_array_index (self->counties, RaBalanceCounty, i - 1);
      gboolean used = FALSE;

      for (guint k = 0; k < self->plants->len && !used; k++)
        used = g_strcmp0 (g_array_index (self->plants, RaBalancePlant, k).adcode, c->adcode) == 0;
      for (guint k = 0; k < self->users->len && !used; k++)
        used = g_strcmp0 (g_array_index (self->users, RaBalanceUser, k).adcode, c->adcode) == 0;
      if (!used)
        g_array_remove_index (self->counties, i - 1);
    }
  g_array_sort (self->counties, compare_county);
}

/* The nearest plant and the distance to the network from the graph. */
static void
compute_reach (RaBalance *self)
{
  RaBalanceGraph *g = self->graph;

  for (guint i = 0; i < self->users->len; i++)
    {
      RaBalanceUser *u = &g_array_index (self->users, RaBalanceUser, i);
      double best = INFINITY;

      for (guint k = g->user_first[i]; k < g->user_first[i + 1]; k++)
        {
          const RaBalanceCandidate *c = &g_array_index (g->candidates, RaBalanceCandidate, k);
          double d = c->new_km + c->route_km;

          if (d < best)
            {
              best = d;
              u->nearest_plant_id = g_array_index (self->plants, RaBalancePlant, c->plant).id;
            }
        }
    }
}

/**
 * ra_balance_new_from_input:
 * @input: (transfer full)
 * Returns: (transfer full)
 */
RaBalance *
ra_balance_new_from_input (RaBalanceInput *input, const RaBalanceOptions *options)
{
  RaBalance *self = g_new0 (RaBalance, 1);

  self->year = input->year;
  if (options != NULL)
    self->options = *options;
  else
    ra_balance_options_init (&self->options);
  self->input = input;
  self->plants = g_array_new (FALSE, TRUE, sizeof (RaBalancePlant));
  self->users = g_array_new (FALSE, TRUE, sizeof (RaBalanceUser));
  self->counties = g_array_new (FALSE, TRUE, sizeof (RaBalanceCounty));
  self->expansions = g_array_new (FALSE, TRUE, sizeof (RaBalanceExpansion));
  self->plant_records = g_ptr_array_new ();
  self->user_records = g_ptr_array_new ();
  self->plant_by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->user_by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  if (input->allocations == NULL)
    input->allocations = g_ptr_array_new ();
  self->new_pipe_cost_wan_per_km = unit_cost_for_dn (input->unit_costs, self->options.new_pipe_dn_mm);

  compute_plants (self);
  compute_users (self);
  compute_allocated (self);
  compute_counties (self);
  self->graph = _ra_balance_graph_build (self);
  compute_reach (self);
  return self;
}

void
ra_balance_free (RaBalance *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->graph, _ra_balance_graph_free);
  g_array_unref (self->plants);
  g_array_unref (self->users);
  g_array_unref (self->counties);
  g_array_unref (self->expansions);
  g_ptr_array_unref (self->plant_records);
  g_ptr_array_unref (self->user_records);
  g_hash_table_unref (self->plant_by_id);
  g_hash_table_unref (self->user_by_id);
  ra_balance_input_free (self->input);
  g_free (self);
}

int
ra_balance_get_year (RaBalance *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->year;
}

GArray *
ra_balance_get_plants (RaBalance *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->plants;
}

GArray *
ra_balance_get_users (RaBalance *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->users;
}

GArray *
ra_balance_get_counties (RaBalance *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->counties;
}

GArray *
ra_balance_get_expansions (RaBalance *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->expansions;
}

GPtrArray *
ra_balance_get_allocations (RaBalance *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->input->allocations;
}

const char *
ra_balance_limit_to_key (RaBalanceLimit limit)
{
  switch (limit)
    {
    case RA_BALANCE_LIMIT_NOT_ABLE: return "not_able";
    case RA_BALANCE_LIMIT_NO_PLANT_IN_REACH: return "no_plant_in_reach";
    case RA_BALANCE_LIMIT_SUPPLY: return "supply";
    case RA_BALANCE_LIMIT_QUALITY: return "quality";
    case RA_BALANCE_LIMIT_PIPE_CAPACITY: return "pipe_capacity";
    case RA_BALANCE_LIMIT_NONE:
    default: return "none";
    }
}

const char *
ra_balance_limit_to_string (RaBalanceLimit limit)
{
  switch (limit)
    {
    case RA_BALANCE_LIMIT_NOT_ABLE: return _("not able to use reclaimed water");
    case RA_BALANCE_LIMIT_NO_PLANT_IN_REACH: return _("no plant within reach");
    case RA_BALANCE_LIMIT_SUPPLY: return _("supply used up");
    case RA_BALANCE_LIMIT_QUALITY: return _("no plant in reach meets its quality standard");
    case RA_BALANCE_LIMIT_PIPE_CAPACITY: return _("pipeline capacity");
    case RA_BALANCE_LIMIT_NONE:
    default: return _("served");
    }
}
