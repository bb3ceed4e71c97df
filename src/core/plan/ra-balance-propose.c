/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Allocation proposals: the optimum (a GLPK linear program over the
 * candidate pairs of the graph) and the nearest-plant greedy baseline it
 * must never do worse than; the binding limit of every user left short. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glpk.h>
#include <glib/gi18n-lib.h>

#include "ra-balance-private.h"

#define EPS 1e-6

static void
proposal_record_free (gpointer p)
{
  RaAllocationRecord *rec = p;

  g_free (rec->origin);
  g_free (rec->via_pipeline_ids);
  g_free (rec);
}

void
ra_balance_proposal_free (RaBalanceProposal *proposal)
{
  if (proposal == NULL)
    return;
  g_clear_pointer (&proposal->allocations, g_ptr_array_unref);
  g_free (proposal);
}

static double
user_weight (RaBalance *self, guint u)
{
  return _ra_balance_sector_weight (g_array_index (self->users, RaBalanceUser, u).sector);
}

/* What a user may take: its demand when it is able, else nothing. */
static double
user_need (RaBalance *self, guint u)
{
  const RaBalanceUser *user = &g_array_index (self->users, RaBalanceUser, u);

  return user->able && isfinite (user->demand) && user->demand > 0 ? user->demand : 0;
}

static double
plant_supply (RaBalance *self, guint p)
{
  double a = g_array_index (self->plants, RaBalancePlant, p).available;

  return isfinite (a) ? a : 0;
}

static const RaBalanceCandidate *
cand (RaBalance *self, guint k)
{
  return &g_array_index (self->graph->candidates, RaBalanceCandidate, k);
}

static guint
route_pipe (RaBalance *self, const RaBalanceCandidate *c, guint i)
{
  return g_array_index (self->graph->route_pipes, guint, c->route_first + i);
}

/* Whether a candidate can carry water at all in this model. */
static gboolean
usable (RaBalance *self, const RaBalanceCandidate *c)
{
  return c->compatible && user_need (self, c->user) > 0 && plant_supply (self, c->plant) > 0;
}

/* Builds the proposal from volumes x (one per candidate) and sets every
 * user's binding limit from the constraints the volumes leave tight. */
static RaBalanceProposal *
finish (RaBalance *self, const double *x, double seconds, gboolean set_limits)
{
  RaBalanceGraph *g = self->graph;
  RaBalanceProposal *prop = g_new0 (RaBalanceProposal, 1);
  guint n_users = self->users->len, n_plants = self->plants->len;
  g_autofree double *plant_used = g_new0 (double, MAX (1, n_plants));
  g_autofree double *pipe_used = g_new0 (double, MAX (1, g->n_pipes));
  g_autofree double *user_got = g_new0 (double, MAX (1, n_users));

  prop->allocations = g_ptr_array_new_with_free_func (proposal_record_free);
  prop->seconds = seconds;
  for (guint u = 0; u < n_users; u++)
    {
      g_autoptr(GHashTable) conns = g_hash_table_new (NULL, NULL);

      for (guint k = g->user_first[u]; k < g->user_first[u + 1]; k++)
        {
          const RaBalanceCandidate *c = cand (self, k);
          RaAllocationRecord *rec;

          if (x[k] <= EPS)
            continue;
          plant_used[c->plant] += x[k];
          user_got[u] += x[k];
          for (guint i = 0; i < c->route_len; i++)
            pipe_used[route_pipe (self, c, i)] += x[k];
          prop->served += x[k];
          prop->served_weighted += x[k] * user_weight (self, u);
          if (c->conn != 0 && !g_hash_table_contains (conns, GUINT_TO_POINTER (c->conn)))
            {
              g_hash_table_add (conns, GUINT_TO_POINTER (c->conn));
              prop->new_pipe_km += c->new_km;
              prop->cost_wan += c->cost_wan;
            }
          rec = g_new0 (RaAllocationRecord, 1);
          rec->user_id = g_array_index (self->users, RaBalanceUser, u).id;
          rec->plant_id = g_array_index (self->plants, RaBalancePlant, c->plant).id;
          rec->year = self->year;
          rec->volume = x[k];
          rec->origin = g_strdup ("proposal");
          rec->via_pipeline_ids = _ra_balance_route_ids (self, c);
          g_ptr_array_add (prop->allocations, rec);
        }
    }
  if (!set_limits)
    return prop;

  for (guint u = 0; u < n_users; u++)
    {
      RaBalanceUser *user = &g_array_index (self->users, RaBalanceUser, u);
      gboolean any = FALSE, any_compatible = FALSE, pipe_bound = FALSE;
      double need = user_need (self, u);

      user->limit = RA_BALANCE_LIMIT_NONE;
      if (!user->able)
        {
          user->limit = RA_BALANCE_LIMIT_NOT_ABLE;
          continue;
        }
      if (need <= 0 || user_got[u] >= need - EPS * MAX (1, need))
        continue;
      for (guint k = g->user_first[u]; k < g->user_first[u + 1]; k++)
        {
          const RaBalanceCandidate *c = cand (self, k);
          double avail = plant_supply (self, c->plant);
          gboolean supply_tight = avail - plant_used[c->plant] <= EPS * MAX (1, avail);
          gboolean pipe_tight = FALSE;

          any = TRUE;
          if (!c->compatible)
            continue;
          any_compatible = TRUE;
          for (guint i = 0; i < c->route_len; i++)
            {
              guint pipe = route_pipe (self, c, i);
              double cap = g->pipe_capacity[pipe];

              if (isfinite (cap) && cap - pipe_used[pipe] <= EPS * MAX (1, cap))
                pipe_tight = TRUE;
            }
          if (pipe_tight && !supply_tight)
            pipe_bound = TRUE;
        }
      if (!any)
        user->limit = RA_BALANCE_LIMIT_NO_PLANT_IN_REACH;
      else if (!any_compatible)
        user->limit = RA_BALANCE_LIMIT_QUALITY;
      else if (pipe_bound)
        user->limit = RA_BALANCE_LIMIT_PIPE_CAPACITY;
      else
        user->limit = RA_BALANCE_LIMIT_SUPPLY;
    }
  return prop;
}

/* ------------------------------------------------------------------ */
/* Greedy                                                              */

typedef struct {
  guint  user;
  double weight;
  double need;
} Order;

static int
compare_order (gconstpointer a, gconstpointer b)
{
  const Order *x = a, *y = b;

  if (x->weight != y->weight)
    return x->weight > y->weight ? -1 : 1;
  return (int) x->user - (int) y->user;
}

static double *
greedy_volumes (RaBalance *self)
{
  RaBalanceGraph *g = self->graph;
  guint n_users = self->users->len;
  double *x = g_new0 (double, MAX (1, g->candidates->len));
  g_autofree double *plant_left = g_new (double, MAX (1, self->plants->len));
  g_autofree double *pipe_left = g_new (double, MAX (1, g->n_pipes));
  g_autofree Order *order = g_new (Order, MAX (1, n_users));

  for (guint p = 0; p < self->plants->len; p++)
    plant_left[p] = plant_supply (self, p);
  for (guint i = 0; i < g->n_pipes; i++)
    pipe_left[i] = isfinite (g->pipe_capacity[i]) ? g->pipe_capacity[i] : INFINITY;
  for (guint u = 0; u < n_users; u++)
    order[u] = (Order) { u, user_weight (self, u), user_need (self, u) };
  qsort (order, n_users, sizeof (Order), compare_order);

  /* Users in priority order; each takes from its nearest compatible plant
   * that has water left (candidates are sorted by distance), then the next. */
  for (guint i = 0; i < n_users; i++)
    {
      guint u = order[i].user;
      double need = order[i].need;

      for (guint k = g->user_first[u]; k < g->user_first[u + 1] && need > EPS; k++)
        {
          const RaBalanceCandidate *c = cand (self, k);
          double take = MIN (need, plant_left[c->plant]);

          if (!c->compatible)
            continue;
          for (guint r = 0; r < c->route_len; r++)
            take = MIN (take, pipe_left[route_pipe (self, c, r)]);
          if (take <= EPS)
            continue;
          x[k] = take;
          need -= take;
          plant_left[c->plant] -= take;
          for (guint r = 0; r < c->route_len; r++)
            pipe_left[route_pipe (self, c, r)] -= take;
        }
    }
  return x;
}

/**
 * ra_balance_propose_greedy:
 * Returns: (transfer full)
 */
RaBalanceProposal *
ra_balance_propose_greedy (RaBalance *self)
{
  gint64 t0 = g_get_monotonic_time ();
  g_autofree double *x = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  x = greedy_volumes (self);
  return finish (self, x, (g_get_monotonic_time () - t0) / 1e6, FALSE);
}

/* ------------------------------------------------------------------ */
/* The linear program                                                  */

/* A row over the columns of a group (a plant or a pipeline), added only
 * when the columns' bounds together exceed its limit: the others cannot
 * bind, and leaving them out keeps the program small. */
typedef struct {
  GArray *cols;     /* int, 1-based column numbers */
  double  bound_sum;
} Group;

static void
group_add (Group *grp, int col, double ub)
{
  if (grp->cols == NULL)
    grp->cols = g_array_new (FALSE, FALSE, sizeof (int));
  g_array_append_val (grp->cols, col);
  grp->bound_sum += ub;
}

static void
add_group_row (glp_prob *lp, Group *grp, double limit, GArray *ind, GArray *val)
{
  int row;

  if (grp->cols == NULL || grp->bound_sum <= limit + EPS)
    return;
  row = glp_add_rows (lp, 1);
  glp_set_row_bnds (lp, row, GLP_UP, 0.0, limit);
  g_array_set_size (ind, 1);
  g_array_set_size (val, 1);
  for (guint i = 0; i < grp->cols->len; i++)
    {
      double one = 1.0;

      g_array_append_val (ind, g_array_index (grp->cols, int, i));
      g_array_append_val (val, one);
    }
  glp_set_mat_row (lp, row, (int) grp->cols->len, (const int *) (gpointer) ind->data,
                   (const double *) (gpointer) val->data);
}

/* What a unit served along a candidate costs: its new pipe spread over
 * the user's demand, and a little for the route's length. */
static double
unit_cost (RaBalance *self, const RaBalanceCandidate *c)
{
  return (c->cost_wan + 0.01 * c->route_km) / user_need (self, c->user);
}

static int
glpk_quiet (void *info, const char *s)
{
  return 1;   /* GLPK's terminal output is not ours to print */
}

/* Solves the program; x (out, one per candidate).  FALSE when GLPK fails. */
static gboolean
lp_volumes (RaBalance *self, double *x)
{
  RaBalanceGraph *g = self->graph;
  guint n_cand = g->candidates->len, n_users = self->users->len;
  g_autofree int *col_of = g_new0 (int, MAX (1, n_cand));
  g_autofree Group *plant_groups = g_new0 (Group, MAX (1, self->plants->len));
  g_autofree Group *pipe_groups = g_new0 (Group, MAX (1, g->n_pipes));
  g_autoptr(GArray) ind = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) val = g_array_new (FALSE, FALSE, sizeof (double));
  glp_prob *lp;
  glp_smcp parm;
  int n_cols = 0, status;
  double z1;
  gboolean ok = FALSE;

  for (guint k = 0; k < n_cand; k++)
    if (usable (self, cand (self, k)))
      col_of[k] = ++n_cols;
  if (n_cols == 0)
    return TRUE;

  glp_term_hook (glpk_quiet, NULL);
  lp = glp_create_prob ();
  glp_set_obj_dir (lp, GLP_MAX);
  glp_add_cols (lp, n_cols);
  for (guint k = 0; k < n_cand; k++)
    {
      const RaBalanceCandidate *c = cand (self, k);
      double ub;

      if (col_of[k] == 0)
        continue;
      ub = MIN (user_need (self, c->user), plant_supply (self, c->plant));
      glp_set_col_bnds (lp, col_of[k], GLP_DB, 0.0, ub);
      glp_set_obj_coef (lp, col_of[k], user_weight (self, c->user));
      group_add (&plant_groups[c->plant], col_of[k], ub);
      for (guint r = 0; r < c->route_len; r++)
        group_add (&pipe_groups[route_pipe (self, c, r)], col_of[k], ub);
    }

  /* users: sum over its plants <= demand (needed with two candidates or more) */
  for (guint u = 0; u < n_users; u++)
    {
      Group grp = { 0 };

      for (guint k = g->user_first[u]; k < g->user_first[u + 1]; k++)
        if (col_of[k] > 0)
          group_add (&grp, col_of[k], user_need (self, u));
      if (grp.cols != NULL && grp.cols->len > 1)
        {
          grp.bound_sum = INFINITY;
          add_group_row (lp, &grp, user_need (self, u), ind, val);
        }
      g_clear_pointer (&grp.cols, g_array_unref);
    }
  for (guint p = 0; p < self->plants->len; p++)
    {
      add_group_row (lp, &plant_groups[p], plant_supply (self, p), ind, val);
      g_clear_pointer (&plant_groups[p].cols, g_array_unref);
    }
  for (guint i = 0; i < g->n_pipes; i++)
    {
      if (isfinite (g->pipe_capacity[i]))
        add_group_row (lp, &pipe_groups[i], g->pipe_capacity[i], ind, val);
      g_clear_pointer (&pipe_groups[i].cols, g_array_unref);
    }

  glp_init_smcp (&parm);
  parm.msg_lev = GLP_MSG_OFF;
  glp_adv_basis (lp, 0);
  status = glp_simplex (lp, &parm);
  if (status != 0 || glp_get_status (lp) != GLP_OPT)
    goto out;

  /* Second pass: keep the weighted volume served and, among the ways to
   * serve it, spend the least on new pipe (cost per unit of the user's
   * demand), then prefer short routes.  The cost enters as at most half a
   * unit of weight (the smallest weight is 1), so giving up volume to save
   * pipe never pays. */
  z1 = glp_get_obj_val (lp);
  {
    int row = glp_add_rows (lp, 1);
    double unit_max = 0;

    for (guint k = 0; k < n_cand; k++)
      if (col_of[k] > 0)
        unit_max = MAX (unit_max, unit_cost (self, cand (self, k)));
    g_array_set_size (ind, 1);
    g_array_set_size (val, 1);
    for (guint k = 0; k < n_cand; k++)
      {
        const RaBalanceCandidate *c = cand (self, k);
        double w = user_weight (self, c->user);

        if (col_of[k] == 0)
          continue;
        g_array_append_val (ind, col_of[k]);
        g_array_append_val (val, w);
        glp_set_obj_coef (lp, col_of[k],
                          w - (unit_max > 0 ? 0.5 * unit_cost (self, c) / unit_max : 0));
      }
    glp_set_mat_row (lp, row, (int) ind->len - 1, (const int *) (gpointer) ind->data,
                     (const double *) (gpointer) val->data);
    glp_set_row_bnds (lp, row, GLP_LO, z1 - 1e-9 * MAX (1, fabs (z1)), 0.0);
    status = glp_simplex (lp, &parm);
  }
  if (status != 0 || glp_get_status (lp) != GLP_OPT)
    goto out;
  for (guint k = 0; k < n_cand; k++)
    x[k] = col_of[k] > 0 ? MAX (0, glp_get_col_prim (lp, col_of[k])) : 0;
  ok = TRUE;

out:
  glp_delete_prob (lp);
  glp_term_hook (NULL, NULL);
  return ok;
}

static double
weighted (RaBalance *self, const double *x)
{
  double sum = 0;

  for (guint k = 0; k < self->graph->candidates->len; k++)
    sum += x[k] * user_weight (self, cand (self, k)->user);
  return sum;
}

/**
 * ra_balance_propose:
 * Returns: (transfer full) (nullable)
 */
RaBalanceProposal *
ra_balance_propose (RaBalance *self, GError **error)
{
  guint n_cand;
  g_autofree double *x = NULL;
  g_autofree double *baseline = NULL;
  gint64 t0 = g_get_monotonic_time ();

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n_cand = self->graph->candidates->len;
  x = g_new0 (double, MAX (1, n_cand));
  baseline = greedy_volumes (self);
  /* The optimum never serves less weighted volume than the baseline: a
   * solver failure or a worse answer (numerical trouble) gives the
   * baseline's volumes. */
  if (!lp_volumes (self, x) || weighted (self, x) < weighted (self, baseline) - 1e-6)
    memcpy (x, baseline, sizeof (double) * MAX (1, n_cand));
  return finish (self, x, (g_get_monotonic_time () - t0) / 1e6, TRUE);
}
