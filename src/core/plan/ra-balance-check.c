/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The water balance's findings: able users left without allocation within
 * reach of a plant or pipeline (rules 第七/八条), plants allocated above
 * what they have, allocations whose plant does not meet the user's
 * standard (第十三条), allocations below demand, pipelines whose ends
 * connect to nothing. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-balance-private.h"

#define TOL 1e-6

static const char *
name_or_id (const char *name, gint64 id, char **scratch)
{
  if (name != NULL && *name != '\0')
    return name;
  *scratch = g_strdup_printf ("#%" G_GINT64_FORMAT, id);
  return *scratch;
}

/* Where a figure comes from, in words a planner reads (issue 17): the
 * record by its name and year, not a table key. */
static char *
user_source (const RaBalanceUser *u, int year)
{
  g_autofree char *scratch = NULL;

  return g_strdup_printf (_("%s's demand for %d"), name_or_id (u->name, u->id, &scratch), year);
}

static char *
plant_source (const RaBalancePlant *p, int year)
{
  g_autofree char *scratch = NULL;

  return g_strdup_printf (_("%s's supply for %d"), name_or_id (p->name, p->id, &scratch), year);
}

static char *
allocation_source (int year)
{
  return g_strdup_printf (_("the allocations for %d"), year);
}

/* The user has plants in reach and none of them meets its standard. */
static gboolean
quality_blocks (RaBalance *self, guint user)
{
  const RaBalanceGraph *g = self->graph;
  gboolean any = FALSE;

  if (g == NULL)
    return FALSE;
  for (guint c = g->user_first[user]; c < g->user_first[user + 1]; c++)
    {
      if (g_array_index (g->candidates, RaBalanceCandidate, c).compatible)
        return FALSE;
      any = TRUE;
    }
  return any;
}

static void
check_unallocated (RaBalance *self, GPtrArray *out)
{
  for (guint i = 0; i < self->users->len; i++)
    {
      const RaBalanceUser *u = &g_array_index (self->users, RaBalanceUser, i);
      g_autofree char *scratch = NULL, *km = NULL, *src = NULL;
      RaPlanFinding *f;

      /* Rule 第八条: an able user gets an allocation; within reach of a
       * plant or a pipeline it can have one (第七条). */
      if (!u->able || u->allocated > 0 || !isfinite (u->reach_km)
          || u->reach_km > self->options.reach_km
          /* No demand figure for the year: nothing to allocate, nothing to
           * claim (the year has no data of its own for the user). */
          || !isfinite (u->demand) || u->demand <= 0)
        continue;
      km = _ra_balance_fmt (u->reach_km);
      if (quality_blocks (self, i))
        /* Rule 第十三条 is why: say so, the planner's fix is treatment. */
        f = ra_plan_finding_new (RA_PLAN_SEVERITY_WARNING, "user-unallocated", u->adcode, self->year,
                                 g_strdup_printf (_("%s can use reclaimed water and lies %s km from a plant or pipeline, but has no allocation in %d: no plant in reach meets its standard %s (rules 7, 8 and 13)"),
                                                  name_or_id (u->name, u->id, &scratch), km, self->year,
                                                  u->standard ? u->standard : "?"));
      else
        f = ra_plan_finding_new (RA_PLAN_SEVERITY_WARNING, "user-unallocated", u->adcode, self->year,
                                 g_strdup_printf (_("%s can use reclaimed water and lies %s km from a plant or pipeline, but has no allocation in %d (rules 7 and 8)"),
                                                  name_or_id (u->name, u->id, &scratch), km, self->year));
      src = user_source (u, self->year);
      ra_plan_finding_add_number (f, _("demand (10⁴ m³/a)"), u->demand, src);
      ra_plan_finding_add_number (f, _("distance to the network (km)"), u->reach_km, _("computed"));
      g_ptr_array_add (out, f);
    }
}

static void
check_over_allocated (RaBalance *self, GPtrArray *out)
{
  for (guint i = 0; i < self->plants->len; i++)
    {
      const RaBalancePlant *p = &g_array_index (self->plants, RaBalancePlant, i);
      g_autofree char *scratch = NULL, *a = NULL, *b = NULL, *src = NULL;
      RaPlanFinding *f;

      if (p->allocated <= 0 || (isfinite (p->available) && p->allocated <= p->available + TOL))
        continue;
      a = _ra_balance_fmt (p->allocated);
      if (isfinite (p->available))
        {
          b = _ra_balance_fmt (p->available);
          f = ra_plan_finding_new (RA_PLAN_SEVERITY_ERROR, "plant-over-allocated", p->adcode, self->year,
                                   g_strdup_printf (_("%s is allocated %s×10⁴ m³ in %d but has only %s×10⁴ m³ available"),
                                                    name_or_id (p->name, p->id, &scratch), a, self->year, b));
        }
      else
        f = ra_plan_finding_new (RA_PLAN_SEVERITY_WARNING, "plant-over-allocated", p->adcode, self->year,
                                 g_strdup_printf (_("%s is allocated %s×10⁴ m³ in %d but its treated volume is unknown"),
                                                  name_or_id (p->name, p->id, &scratch), a, self->year));
      src = plant_source (p, self->year);
      g_free (b);
      b = allocation_source (self->year);
      ra_plan_finding_add_number (f, _("allocated (10⁴ m³/a)"), p->allocated, b);
      ra_plan_finding_add_number (f, _("available (10⁴ m³/a)"), p->available, src);
      g_free (b);
      b = g_strdup_printf (_("%s's capacity (m³/d) × 365 / 10⁴"),
                           name_or_id (p->name, p->id, &scratch));
      ra_plan_finding_add_number (f, _("capacity (10⁴ m³/a)"), p->capacity, b);
      g_ptr_array_add (out, f);
    }
}

static void
check_allocations (RaBalance *self, GPtrArray *out)
{
  GPtrArray *allocs = self->input->allocations;

  for (guint i = 0; i < allocs->len; i++)
    {
      RaAllocationRecord *a = g_ptr_array_index (allocs, i);
      guint ui = GPOINTER_TO_UINT (g_hash_table_lookup (self->user_by_id, &a->user_id));
      guint pi = GPOINTER_TO_UINT (g_hash_table_lookup (self->plant_by_id, &a->plant_id));
      const RaBalanceUser *u;
      const RaBalancePlant *p;
      g_autofree char *s1 = NULL, *s2 = NULL, *v = NULL;
      RaPlanFinding *f;

      if (a->year != self->year || ui == 0 || pi == 0)
        continue;
      u = &g_array_index (self->users, RaBalanceUser, ui - 1);
      p = &g_array_index (self->plants, RaBalancePlant, pi - 1);
      if (p->meets_standards == NULL || u->standard == NULL
          || _ra_balance_plant_meets (p->meets_standards, u->standard))
        continue;
      v = _ra_balance_fmt (a->volume);
      /* Rule 第十三条: the use's standard. */
      f = ra_plan_finding_new (RA_PLAN_SEVERITY_ERROR, "quality-mismatch", u->adcode, self->year,
                               g_strdup_printf (_("%s needs water of %s, but %s, which is allocated to supply it %s×10⁴ m³ in %d, meets only %s (rule 13)"),
                                                name_or_id (u->name, u->id, &s1), u->standard,
                                                name_or_id (p->name, p->id, &s2), v, self->year,
                                                p->meets_standards));
      g_free (v);
      v = allocation_source (self->year);
      ra_plan_finding_add_number (f, _("allocated (10⁴ m³/a)"), a->volume, v);
      g_ptr_array_add (out, f);
    }
}

static void
check_below_demand (RaBalance *self, GPtrArray *out)
{
  for (guint i = 0; i < self->users->len; i++)
    {
      const RaBalanceUser *u = &g_array_index (self->users, RaBalanceUser, i);
      g_autofree char *scratch = NULL, *a = NULL, *d = NULL, *src = NULL;
      RaPlanFinding *f;

      if (!u->able || u->allocated <= 0 || !isfinite (u->demand)
          || u->allocated >= u->demand - TOL)
        continue;
      a = _ra_balance_fmt (u->allocated);
      d = _ra_balance_fmt (u->demand);
      f = ra_plan_finding_new (RA_PLAN_SEVERITY_WARNING, "allocation-below-demand", u->adcode, self->year,
                               g_strdup_printf (_("%s is allocated %s×10⁴ m³ in %d, below its demand of %s×10⁴ m³ (rule 8: a full allocation)"),
                                                name_or_id (u->name, u->id, &scratch), a, self->year, d));
      src = user_source (u, self->year);
      g_free (a);
      a = allocation_source (self->year);
      ra_plan_finding_add_number (f, _("allocated (10⁴ m³/a)"), u->allocated, a);
      ra_plan_finding_add_number (f, _("demand (10⁴ m³/a)"), u->demand, src);
      g_ptr_array_add (out, f);
    }
}

static void
check_pipelines (RaBalance *self, GPtrArray *out)
{
  RaBalanceGraph *g = self->graph;

  for (guint i = 0; i < g->n_pipes; i++)
    {
      RaPipelineRecord *rec = g_ptr_array_index (self->input->pipelines, i);
      g_autofree char *scratch = NULL, *src = NULL;
      g_autofree char *snap = _ra_balance_fmt (self->options.snap_m);
      gboolean all = g->pipe_free_ends[i] >= g->pipe_n_ends[i];
      RaPlanFinding *f;

      if (!g->pipe_has_geometry[i] || g->pipe_free_ends[i] == 0)
        continue;
      if (all)
        f = ra_plan_finding_new (RA_PLAN_SEVERITY_WARNING, "pipeline-unconnected", NULL, self->year,
                                 g_strdup_printf (_("Pipeline %s connects to no plant, user or other pipeline (within %s m)"),
                                                  name_or_id (rec->name, rec->id, &scratch),
                                                  snap));
      else
        f = ra_plan_finding_new (RA_PLAN_SEVERITY_INFO, "pipeline-unconnected", NULL, self->year,
                                 g_strdup_printf (_("Pipeline %s has an end that connects to no plant, user or other pipeline (within %s m)"),
                                                  name_or_id (rec->name, rec->id, &scratch),
                                                  snap));
      g_free (scratch);
      scratch = NULL;
      src = g_strdup_printf (_("pipeline %s"), name_or_id (rec->name, rec->id, &scratch));
      ra_plan_finding_add_number (f, _("unconnected ends"), g->pipe_free_ends[i], src);
      g_ptr_array_add (out, f);
    }
}

static int
compare_severity (gconstpointer a, gconstpointer b)
{
  RaPlanFinding *x = *(RaPlanFinding * const *) a;
  RaPlanFinding *y = *(RaPlanFinding * const *) b;

  return (int) ra_plan_finding_get_severity (y) - (int) ra_plan_finding_get_severity (x);
}

/* Appends the findings, most severe first (stable), to out. */
void
_ra_balance_check_into (RaBalance *self, GPtrArray *out)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);

  check_over_allocated (self, found);
  check_allocations (self, found);
  check_unallocated (self, found);
  check_below_demand (self, found);
  check_pipelines (self, found);
  g_ptr_array_sort (found, compare_severity);
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (out, g_object_ref (g_ptr_array_index (found, i)));
}

/**
 * ra_balance_check:
 * Returns: (transfer full): a GListModel of RaPlanFinding
 */
GListModel *
ra_balance_check (RaBalance *self)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  GListStore *list;

  g_return_val_if_fail (self != NULL, NULL);
  _ra_balance_check_into (self, found);
  list = g_list_store_new (RA_TYPE_PLAN_FINDING);
  g_list_store_splice (list, 0, 0, found->pdata, found->len);
  return G_LIST_MODEL (list);
}
