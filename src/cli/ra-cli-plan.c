/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reclaim-atlas-cli check: a thin shell over ra-plan and ra-plan-check. */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ra-core.h"
#include "ra-store.h"
#include "ra-plan.h"
#include "ra-plan-check.h"
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
  if (!g_file_test (argv[1], G_FILE_TEST_EXISTS))
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
