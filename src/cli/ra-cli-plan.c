/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reclaim-atlas-cli check and indicators: thin shells over ra-plan,
 * ra-plan-check and ra-plan-json. */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ra-core.h"
#include "ra-store.h"
#include "ra-plan.h"
#include "ra-plan-check.h"
#include "ra-plan-json.h"
#include "ra-cli-common.h"
#include "ra-cli-plan.h"

#define PROG RA_CLI_PROG

static void
print_human (GListModel *findings, const char *path)
{
  guint n = g_list_model_get_n_items (findings);
  guint counts[3] = { 0, 0, 0 };
  g_autofree char *display = ra_path_display_name (path);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RaPlanFinding) f = g_list_model_get_item (findings, i);
      guint n_numbers;
      const RaPlanNumber *numbers = ra_plan_finding_get_numbers (f, &n_numbers);

      counts[ra_plan_finding_get_severity (f)]++;
      g_print ("%s [%s] %s\n", ra_plan_severity_to_string (ra_plan_finding_get_severity (f)),
               ra_plan_finding_get_code (f), ra_plan_finding_get_message (f));
      for (guint k = 0; k < n_numbers; k++)
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];
          const char *value = isfinite (numbers[k].value)
            ? g_ascii_formatd (buf, sizeof buf, "%.6g", numbers[k].value) : "–";

          g_print ("    %s = %s  ← %s\n", numbers[k].label, value,
                   numbers[k].source ? numbers[k].source : "");
        }
    }
  /* TRANSLATORS: summary line of `check` */
  g_print (_("%s: %u findings (%u errors, %u warnings, %u notes)\n"), display, n,
           counts[RA_PLAN_SEVERITY_ERROR], counts[RA_PLAN_SEVERITY_WARNING],
           counts[RA_PLAN_SEVERITY_INFO]);
}

int
ra_cli_cmd_check (int argc, char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the findings as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = NULL;
  g_autoptr(RaPlan) plan = NULL;
  g_autoptr(GListModel) findings = NULL;

  ctx = g_option_context_new (_("PROJECT - list the plan's consistency findings"));
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      ra_cli_print_problem (NULL, error->message);
      return 2;
    }
  if (argc != 2)
    {
      ra_cli_print_problem (NULL, _("check: expected one project file"));
      return 2;
    }
  if (!ra_cli_project_exists (argv[1]))
    {
      ra_cli_print_problem (argv[1], _("no such file"));
      return 1;
    }
  store = ra_store_open (argv[1], RA_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    {
      ra_cli_print_problem (argv[1], error->message);
      return 1;
    }
  plan = ra_plan_new_from_store (store, &error);
  if (plan == NULL)
    {
      ra_cli_print_problem (argv[1], error->message);
      return 1;
    }
  findings = ra_plan_check_run (plan, store);
  if (json)
    {
      g_autofree char *display = ra_path_display_name (argv[1]);
      g_autofree char *text = ra_plan_check_to_json (findings, display);

      g_print ("%s", text);
    }
  else
    print_human (findings, argv[1]);
  return 0;
}

/* ------------------------------------------------------------------ */
/* indicators                                                          */

/* "1414", "2964.4", or "–" */
static char *
format_volume (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (v))
    return g_strdup ("–");
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.1f", v));
}

static void
print_indicators_year (RaPlan *plan, int year)
{
  const char * const *counties = ra_plan_get_county_adcodes (plan);
  const char *city = ra_plan_get_city_adcode (plan);
  g_autofree char *note = ra_plan_dup_year_note (plan, year);

  g_print ("%d%s%s\n", year, note != NULL ? " — " : "", note != NULL ? note : "");
  for (guint c = 0; ; c++)
    {
      const char *adcode = counties[c] != NULL ? counties[c] : city;
      const RaPlanFigures *f = adcode != NULL ? ra_plan_get_figures (plan, adcode, year) : NULL;

      if (f != NULL)
        {
          g_autofree char *use = format_volume (f->reclaimed_use);
          g_autofree char *treated = format_volume (f->treated_wastewater);
          g_autofree char *rate = NULL;
          g_autofree char *target = NULL;
          g_autofree char *gap = format_volume (f->gap_use);

          if (f->rate_provenance == RA_PLAN_PROVENANCE_CONFLICT)
            /* TRANSLATORS: a reuse rate over 100 %, not a value */
            rate = g_strdup_printf (_("conflict (%.0f%% computed)"), f->conflict_rate_pct);
          else
            rate = isfinite (f->reuse_rate_pct) ? g_strdup_printf ("%.1f%%", f->reuse_rate_pct)
                                                : g_strdup ("–");
          target = f->target_year > 0
            /* TRANSLATORS: target year: use at rate */
            ? g_strdup_printf (_("%d: %.0f at %.0f%%"), f->target_year, f->target_reclaimed_use,
                               f->target_rate_pct)
            : g_strdup ("–");
          g_print ("  %s\n", f->name);
          g_print ("    %s: %s (%s)\n", _("reclaimed water use"), use,
                   ra_plan_provenance_to_string (f->use_provenance));
          g_print ("    %s: %s (%s)\n", _("treated wastewater"), treated,
                   ra_plan_provenance_to_string (f->treated_provenance));
          g_print ("    %s: %s (%s)\n", _("reuse rate"), rate,
                   ra_plan_provenance_to_string (f->rate_provenance));
          g_print ("    %s: %s; %s: %s; %s\n", _("target"), target, _("use gap"), gap,
                   ra_plan_status_to_string (f->status));
        }
      if (counties[c] == NULL)
        break;
    }
}

int
ra_cli_cmd_indicators (int argc, char **argv)
{
  gboolean json = FALSE;
  int year = 0;
  GOptionEntry entries[] = {
    { "year", 'y', 0, G_OPTION_ARG_INT, &year, N_("Only this year (default: every year of the plan)"), N_("YEAR") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the indicators as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = NULL;
  g_autoptr(RaPlan) plan = NULL;
  guint n_years;
  const int *years;

  ctx = g_option_context_new (_("PROJECT - use, treated wastewater, reuse rate, target and gap by county and year, and how each figure was obtained"));
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_autofree char *msg = g_strdup_printf ("indicators: %s", error->message);
      ra_cli_print_problem (NULL, msg);
      return 2;
    }
  if (argc != 2)
    {
      ra_cli_print_problem (NULL, _("indicators: expected one project file"));
      return 2;
    }
  if (!ra_cli_project_exists (argv[1]))
    {
      ra_cli_print_problem (argv[1], _("no such file"));
      return 1;
    }
  store = ra_store_open (argv[1], RA_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    {
      ra_cli_print_problem (argv[1], error->message);
      return 1;
    }
  plan = ra_plan_new_from_store (store, &error);
  if (plan == NULL)
    {
      ra_cli_print_problem (argv[1], error->message);
      return 1;
    }
  years = ra_plan_get_years (plan, &n_years);
  if (n_years == 0)
    {
      ra_cli_print_problem (argv[1], _("the plan has no years with figures or targets"));
      return 1;
    }
  if (year != 0 && !ra_plan_has_year (plan, year))
    {
      g_autofree char *msg = g_strdup_printf (_("%d is outside the plan's years (%d–%d)"), year,
                                              years[0], years[n_years - 1]);
      ra_cli_print_problem (argv[1], msg);
      return 1;
    }
  if (json)
    {
      g_autofree char *display = ra_path_display_name (argv[1]);
      g_autofree char *text = ra_plan_indicators_to_json (plan, year, display);

      g_print ("%s", text);
      return 0;
    }
  for (guint y = 0; y < n_years; y++)
    if (year == 0 || years[y] == year)
      print_indicators_year (plan, years[y]);
  return 0;
}
