/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reclaim-atlas-cli network: a thin shell over ra-network. */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ra-core.h"
#include "ra-store.h"
#include "ra-network.h"
#include "ra-cli-common.h"
#include "ra-cli-network.h"

#define PROG RA_CLI_PROG

static const char *
or_dash (const char *text)
{
  return text != NULL && *text != '\0' ? text : "–";
}

static void
print_projects (const RaNetworkReport *report)
{
  for (guint i = 0; i < report->projects->len; i++)
    {
      const RaNetworkProject *p = g_ptr_array_index (report->projects, i);
      g_autofree char *label = NULL;

      if (p->project_id == 0)
        label = g_strdup (_("(no project)"));
      else
        label = g_strdup_printf ("%s %s", or_dash (p->code), or_dash (p->name));
      if (p->n_unpriced == 0)
        /* TRANSLATORS: one project's pipelines: label, count, km, cost in 10^4 yuan */
        g_print (ngettext ("    %s: %u pipeline, %.3f km, %.1f ×10⁴ yuan\n",
                           "    %s: %u pipelines, %.3f km, %.1f ×10⁴ yuan\n", p->n_pipelines),
                 label, p->n_pipelines, p->length_m / 1000.0, p->cost_wan);
      else
        /* TRANSLATORS: as above, with the number of pipelines that have no price */
        g_print (ngettext ("    %s: %u pipeline, %.3f km, at least %.1f ×10⁴ yuan (%u not priced)\n",
                           "    %s: %u pipelines, %.3f km, at least %.1f ×10⁴ yuan (%u not priced)\n",
                           p->n_pipelines),
                 label, p->n_pipelines, p->length_m / 1000.0, p->cost_wan, p->n_unpriced);
    }
}

static void
print_unpriced (const RaNetworkReport *report)
{
  gboolean header = FALSE;

  for (guint i = 0; i < report->pipelines->len; i++)
    {
      const RaNetworkPipeline *p = g_ptr_array_index (report->pipelines, i);
      g_autofree char *why = NULL;

      if (!isnan (p->cost_wan))
        continue;
      if (!header)
        g_print ("%s\n", _("  Not priced:"));
      header = TRUE;
      if (p->flags & RA_NETWORK_PIPE_NO_DN)
        why = g_strdup (_("no DN"));
      else
        /* TRANSLATORS: %g is a pipe diameter in mm */
        why = g_strdup_printf (_("no unit cost for DN%g"), p->dn_mm);
      g_print ("    #%" G_GINT64_FORMAT " %s: %.3f km, %s\n", p->pipeline_id, or_dash (p->name),
               p->length_m / 1000.0, why);
    }
}

static void
print_area (const RaNetworkReport *report, const RaNetworkArea *a)
{
  g_print ("  #%" G_GINT64_FORMAT " %s\n", a->area_id, or_dash (a->name));
  if (isnan (a->area_km2))
    {
      g_print ("%s\n", _("    no geometry"));
      return;
    }
  /* TRANSLATORS: built-up area: km², km of pipeline inside, km/km² */
  g_print (_("    area %.3f km², pipeline %.3f km, density %.3f km/km²"),
           a->area_km2, a->pipeline_km, a->density_km_per_km2);
  if (a->target_year > 0)
    /* TRANSLATORS: "; target 2025 ≥ 0.7: met" */
    g_print (_("; target %d ≥ %g: %s"), a->target_year, a->target_km_per_km2,
             a->meets_density ? _("met") : _("not met"));
  g_print ("\n");

  if (a->n_intakes == 0)
    g_print (_("    no intake points: uncovered %.3f km²\n"), a->uncovered_km2);
  else
    {
      if (a->n_intakes >= 2)
        /* TRANSLATORS: intake count, largest nearest-neighbour spacing, rule, verdict */
        g_print (_("    %u intake points, largest spacing %.0f m (maximum %.0f m): %s\n"),
                 a->n_intakes, a->max_intake_spacing_m, report->intake_spacing_max_m,
                 a->meets_spacing ? _("met") : _("not met"));
      else
        g_print (_("    1 intake point\n"));
      /* TRANSLATORS: largest distance to the nearest intake; uncovered km² beyond the radius */
      g_print (_("    farthest point %.0f m from an intake; uncovered beyond %.0f m: %.3f km²\n"),
               a->max_uncovered_distance_m, a->coverage_radius_m, a->uncovered_km2);
    }
}

static void
print_human (const RaNetworkReport *report, const char *path, const char *project_name)
{
  g_autofree char *display = ra_path_display_name (path);
  g_autoptr(GString) targets = g_string_new (NULL);

  g_print ("%s: %s\n", display, project_name);
  g_print (_("Year compared: %d\n"), report->year);

  if (report->n_unpriced == 0)
    /* TRANSLATORS: count, km, cost in 10^4 yuan */
    g_print (_("Pipelines: %u, %.3f km, estimated cost %.1f ×10⁴ yuan\n"),
             report->pipelines->len, report->total_length_m / 1000.0, report->total_cost_wan);
  else
    g_print (_("Pipelines: %u, %.3f km, estimated cost at least %.1f ×10⁴ yuan (%u not priced)\n"),
             report->pipelines->len, report->total_length_m / 1000.0, report->total_cost_wan,
             report->n_unpriced);
  print_projects (report);
  print_unpriced (report);
  if (report->n_default_costs > 0)
    g_print (_("  %u pipelines are priced with default unit costs: edit them in the project settings\n"),
             report->n_default_costs);

  for (guint i = 0; i < report->density_targets->len; i++)
    {
      const RaNetworkTarget *t = &g_array_index (report->density_targets, RaNetworkTarget, i);

      g_string_append_printf (targets, "%s%d ≥ %g", i > 0 ? ", " : "", t->year, t->km_per_km2);
    }
  /* TRANSLATORS: "2024 ≥ 0.5, 2025 ≥ 0.7 km/km² (project)" */
  g_print (_("Density targets: %s km/km² (%s)\n"), targets->str,
           report->density_targets->len > 0 &&
           g_array_index (report->density_targets, RaNetworkTarget, 0).from_project
           ? _("project") : _("default"));
  g_print (_("Intake spacing at most %.1f km (%s)\n"), report->intake_spacing_max_m / 1000.0,
           report->intake_spacing_from_project ? _("project") : _("default"));

  g_print (_("Built-up areas: %u\n"), report->areas->len);
  for (guint i = 0; i < report->areas->len; i++)
    print_area (report, g_ptr_array_index (report->areas, i));
  for (guint i = 0; i < report->warnings->len; i++)
    g_print (_("Warning: %s\n"), (const char *) g_ptr_array_index (report->warnings, i));
}

int
ra_cli_cmd_network (int argc, char **argv)
{
  gboolean json = FALSE;
  int year = 0;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the figures as JSON"), NULL },
    { "year", 0, 0, G_OPTION_ARG_INT, &year,
      N_("Compare with the targets in force in this year (default: this year)"), N_("YEAR") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = NULL;
  g_autoptr(RaNetworkReport) report = NULL;
  g_autofree char *project_name = NULL;
  g_autoptr(GPtrArray) warnings = NULL;

  ctx = g_option_context_new (_("PROJECT - pipeline lengths and costs, density, intake spacing"));
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      ra_cli_print_problem (NULL, error->message);
      return 2;
    }
  if (argc != 2)
    {
      ra_cli_print_problem (NULL, _("network: expected one project file"));
      return 2;
    }
  if (!ra_cli_project_exists (argv[1]))
    {
      ra_cli_print_problem (argv[1], _("no such file"));
      return 1;
    }
  store = ra_store_open (argv[1], RA_STORE_OPEN_DEFAULT, &error);
  if (store == NULL &&
      (g_error_matches (error, RA_STORE_ERROR, RA_STORE_ERROR_READ_ONLY) ||
       g_error_matches (error, RA_STORE_ERROR, RA_STORE_ERROR_BUSY)))
    {
      /* A view-only file can still be analysed if it needs no upgrade. */
      g_clear_error (&error);
      store = ra_store_open (argv[1], RA_STORE_OPEN_READ_ONLY, &error);
    }
  if (store == NULL)
    {
      ra_cli_print_problem (argv[1], error->message);
      return 1;
    }
  warnings = ra_cli_geometry_warnings (store);
  report = ra_network_analyze (store, year, &error);
  if (report == NULL)
    {
      ra_cli_print_problem (argv[1], error->message);
      return 1;
    }
  project_name = ra_store_dup_project_name (store);
  if (json)
    {
      g_autofree char *text = ra_network_report_to_json (report, project_name);

      g_print ("%s", text);
    }
  else
    print_human (report, argv[1], project_name);
  /* The figures are computed without them. */
  ra_cli_print_warnings (argv[1], warnings);
  return 0;
}
