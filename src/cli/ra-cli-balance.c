/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reclaim-atlas-cli balance (and table --allocation): a thin shell over
 * ra-balance. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "ra-core.h"
#include "ra-store.h"
#include "ra-balance.h"
#include "ra-plan-check.h"
#include "ra-cli-common.h"
#include "ra-cli-balance.h"

#define PROG RA_CLI_PROG

static char *
num (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (v))
    return g_strdup ("–");
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.1f", v));
}

static const char *
or_dash (const char *s)
{
  return s != NULL && *s != '\0' ? s : "–";
}

static const char *
origin_to_string (RaBalanceSupplyOrigin origin)
{
  switch (origin)
    {
    case RA_BALANCE_SUPPLY_GIVEN: return _("given");
    case RA_BALANCE_SUPPLY_FROM_COUNTY: return _("county's treated wastewater, shared by capacity");
    case RA_BALANCE_SUPPLY_FROM_LEDGER: return _("from the ledger");
    case RA_BALANCE_SUPPLY_UNKNOWN:
    default: return _("unknown");
    }
}

static void
print_plants (RaBalance *balance)
{
  GArray *plants = ra_balance_get_plants (balance);
  GArray *expansions = ra_balance_get_expansions (balance);

  g_print ("%s\n", _("Plants (10⁴ m³/a): capacity, treated, available, allocated, origin of the treated volume"));
  for (guint i = 0; i < plants->len; i++)
    {
      const RaBalancePlant *p = &g_array_index (plants, RaBalancePlant, i);
      g_autofree char *cap = num (p->capacity), *tr = num (p->treated);
      g_autofree char *av = num (p->available), *al = num (p->allocated);

      g_print ("  %s  %s  %s  %s  %s  (%s)\n", or_dash (p->name), cap, tr, av, al,
               origin_to_string (p->origin));
      for (guint k = 0; k < p->n_expansions; k++)
        {
          const RaBalanceExpansion *e = &g_array_index (expansions, RaBalanceExpansion,
                                                        p->first_expansion + k);
          g_autofree char *added = num (e->treatment_m3_per_day * 365.0 / 1e4);
          g_autofree char *daily = g_strdup_printf ("%.0f", e->treatment_m3_per_day);
          g_autofree char *project = e->code != NULL && *e->code != '\0'
                                     ? g_strdup_printf ("%s %s", e->code, or_dash (e->name))
                                     : g_strdup (or_dash (e->name));

          /* TRANSLATORS: a project that raised a plant's capacity, e.g.
           * "    + P05 甘州区…扩建工程: +365.0 (10000 m³/d) from 2025" */
          g_print (_("    + %s: +%s (%s m³/d) from %d\n"), project, added,
                   daily, e->in_service_year);
        }
    }
}

static void
print_counties (RaBalance *balance)
{
  GArray *counties = ra_balance_get_counties (balance);

  g_print ("%s\n", _("Counties (10⁴ m³/a): supply, demand, allocated, unmet"));
  for (guint i = 0; i < counties->len; i++)
    {
      const RaBalanceCounty *c = &g_array_index (counties, RaBalanceCounty, i);
      g_autofree char *s = num (c->supply), *d = num (c->demand);
      g_autofree char *a = num (c->allocated), *u = num (c->unmet);

      g_print ("  %s  %s  %s  %s  %s\n", c->name ? c->name : c->adcode, s, d, a, u);
    }
}

static double
proposal_volume (RaBalanceProposal *p, gint64 user_id)
{
  double sum = 0;

  for (guint i = 0; p != NULL && i < p->allocations->len; i++)
    {
      RaAllocationRecord *a = g_ptr_array_index (p->allocations, i);

      if (a->user_id == user_id)
        sum += a->volume;
    }
  return sum;
}

static void
print_users (RaBalance *balance, RaBalanceProposal *opt, RaBalanceProposal *greedy)
{
  GArray *users = ra_balance_get_users (balance);

  if (opt != NULL)
    g_print ("%s\n", _("Users (10⁴ m³/a): demand, allocated, unmet, proposed (optimum), proposed (greedy), limit"));
  else
    g_print ("%s\n", _("Users (10⁴ m³/a): demand, allocated, unmet"));
  for (guint i = 0; i < users->len; i++)
    {
      const RaBalanceUser *u = &g_array_index (users, RaBalanceUser, i);
      g_autofree char *d = num (u->demand), *a = num (u->allocated), *m = num (u->unmet);

      if (opt != NULL)
        {
          g_autofree char *o = num (proposal_volume (opt, u->id));
          g_autofree char *g = num (proposal_volume (greedy, u->id));

          g_print ("  %s  %s  %s  %s  %s  %s  (%s)\n", or_dash (u->name), d, a, m, o, g,
                   ra_balance_limit_to_string (u->limit));
        }
      else
        g_print ("  %s  %s  %s  %s%s\n", or_dash (u->name), d, a, m,
                 u->able ? "" : _("  (not able to use reclaimed water)"));
    }
}

static void
print_findings (GListModel *findings)
{
  guint n = g_list_model_get_n_items (findings);

  g_print (_("Findings: %u\n"), n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RaPlanFinding) f = g_list_model_get_item (findings, i);

      g_print ("  %s [%s] %s\n", ra_plan_severity_to_string (ra_plan_finding_get_severity (f)),
               ra_plan_finding_get_code (f), ra_plan_finding_get_message (f));
    }
}

static void
print_proposal (const char *title, RaBalanceProposal *p)
{
  g_autofree char *s = num (p->served), *w = num (p->served_weighted);
  g_autofree char *km = num (p->new_pipe_km), *cost = num (p->cost_wan);

  g_print (_("%s: served %s×10⁴ m³/a (weighted %s), new pipe %s km costing %s×10⁴ yuan, %.3f s\n"),
           title, s, w, km, cost, p->seconds);
}

/* Opens the project and builds the year's balance; prints the problem. */
static RaBalance *
open_balance (const char *path, int *year, RaStore **store_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = NULL;
  RaBalance *balance;

  if (!ra_cli_project_exists (path))
    {
      ra_cli_print_problem (path, _("no such file"));
      return NULL;
    }
  store = ra_store_open (path, RA_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    {
      ra_cli_print_problem (path, error->message);
      return NULL;
    }
  if (*year == 0)
    *year = ra_balance_default_year (store, &error);
  if (*year == 0)
    {
      ra_cli_print_problem (path, error ? error->message : _("no year to balance"));
      return NULL;
    }
  balance = ra_balance_new_from_store (store, *year, NULL, &error);
  if (balance == NULL)
    {
      ra_cli_print_problem (path, error->message);
      return NULL;
    }
  if (store_out != NULL)
    *store_out = g_steal_pointer (&store);
  return balance;
}

int
ra_cli_cmd_balance (int argc, char **argv)
{
  gboolean json = FALSE, propose = FALSE;
  int year = 0;
  GOptionEntry entries[] = {
    { "year", 'y', 0, G_OPTION_ARG_INT, &year, N_("Year to balance (default: the current year, else the nearest with allocations)"), N_("YEAR") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the balance as JSON"), NULL },
    { "propose", 0, 0, G_OPTION_ARG_NONE, &propose,
      N_("Also print the optimal allocation proposal beside the greedy baseline (nothing is written)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) findings = NULL;
  RaBalance *balance;
  RaBalanceProposal *opt = NULL, *greedy = NULL;
  g_autofree char *display = NULL;

  ctx = g_option_context_new (_("PROJECT - plants, counties and users: available, allocated, unmet"));
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_autofree char *msg = g_strdup_printf ("balance: %s", error->message);

      ra_cli_print_problem (NULL, msg);
      return 2;
    }
  if (argc != 2)
    {
      ra_cli_print_problem (NULL, _("balance: expected one project file"));
      return 2;
    }
  balance = open_balance (argv[1], &year, NULL);
  if (balance == NULL)
    return 1;
  display = ra_path_display_name (argv[1]);
  if (propose)
    {
      greedy = ra_balance_propose_greedy (balance);
      opt = ra_balance_propose (balance, &error);
      if (opt == NULL)
        {
          ra_cli_print_problem (argv[1], error->message);
          ra_balance_proposal_free (greedy);
          ra_balance_free (balance);
          return 1;
        }
    }
  if (json)
    {
      g_autofree char *text = ra_balance_to_json (balance, display);
      GString *out = g_string_new (text);

      if (propose)
        {
          g_autofree char *o = ra_balance_proposal_to_json (opt);
          g_autofree char *g = ra_balance_proposal_to_json (greedy);

          /* into the balance's object, before its closing brace */
          g_string_truncate (out, strlen (text) - 3);
          g_string_append_printf (out, ",\n  \"proposal\": %s,\n  \"greedy\": %s\n}\n", o, g);
        }
      g_print ("%s", out->str);
      g_string_free (out, TRUE);
    }
  else
    {
      /* TRANSLATORS: heading of `balance`: the project and the year */
      g_print (_("Water balance of %s, %d\n"), display, year);
      print_plants (balance);
      print_counties (balance);
      print_users (balance, opt, greedy);
      findings = ra_balance_check (balance);
      print_findings (findings);
      if (propose)
        {
          print_proposal (_("Proposal (optimum, GLPK)"), opt);
          print_proposal (_("Greedy baseline (nearest plant)"), greedy);
        }
    }
  ra_balance_proposal_free (opt);
  ra_balance_proposal_free (greedy);
  ra_balance_free (balance);
  return 0;
}

int
ra_cli_balance_write_table (const char *project, int year, const char *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RaTable) table = NULL;
  g_autofree char *display = ra_path_display_name (project);
  RaBalance *balance = open_balance (project, &year, NULL);

  if (balance == NULL)
    return 1;
  table = ra_balance_build_allocation_table (balance);
  ra_balance_free (balance);
  if (!ra_table_write (table, out, &error))
    {
      ra_cli_print_problem (out, error->message);
      return 1;
    }
  for (guint i = 0; i < table->findings->len; i++)
    g_print (_("%s: finding: %s\n"), display, (const char *) g_ptr_array_index (table->findings, i));
  return 0;
}
