/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reclaim-atlas-cli export: a thin shell over ra-layout, ra-export, ra-views. */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "ra-core.h"
#include "ra-export.h"
#include "ra-ledger.h"
#include "ra-store.h"
#include "ra-views.h"
#include "ra-cli-common.h"
#include "ra-cli-export.h"

#define PROG RA_CLI_PROG

int
ra_cli_cmd_export (int argc, char **argv)
{
  g_autofree char *out = NULL;
  g_autofree char *layout_name = NULL;
  g_autofree char *page_text = NULL;
  int dpi = 300, year = 0;
  gboolean atlas = FALSE, landscape = FALSE, portrait = FALSE, no_pipe_labels = FALSE;
  GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("Output file (.pdf, .png or .svg)"), N_("FILE") },
    { "layout", 'l', 0, G_OPTION_ARG_STRING, &layout_name, N_("A layout saved in the project (default: the default layout)"), N_("NAME") },
    { "dpi", 0, 0, G_OPTION_ARG_INT, &dpi, N_("PNG resolution: 150, 300 (default) or 600"), N_("N") },
    { "year", 'y', 0, G_OPTION_ARG_INT, &year, N_("Thematic map of the plan for this year"), N_("YEAR") },
    { "atlas", 0, 0, G_OPTION_ARG_NONE, &atlas, N_("One page per county (multi-page PDF or numbered files)"), NULL },
    { "page", 0, 0, G_OPTION_ARG_STRING, &page_text, N_("Page size: A4, A3 or A2"), N_("SIZE") },
    { "landscape", 0, 0, G_OPTION_ARG_NONE, &landscape, N_("Landscape page (the default layout's own)"), NULL },
    { "portrait", 0, 0, G_OPTION_ARG_NONE, &portrait, N_("Portrait page"), NULL },
    { "no-pipe-labels", 0, 0, G_OPTION_ARG_NONE, &no_pipe_labels,
      N_("Draw no DN and length along pipelines"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) octx = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = NULL;
  g_autoptr(RaMap) map = NULL;
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autoptr(RaLayout) layout = NULL;
  g_auto(GStrv) schematic = NULL;
  g_auto(GStrv) files = NULL;
  g_autofree char *project_name = NULL;
  g_autofree char *data_date = NULL;
  g_autoptr(GPtrArray) county_panels = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GPtrArray) ledger_pages = NULL;
  g_autoptr(GPtrArray) profile_pages = NULL;
  RaPageSize page = RA_PAGE_A4;
  RaExportOptions opts;
  RaLayoutContext ctx = { 0 };
  const char *path;

  octx = g_option_context_new (_("PROJECT - print the project's map to PDF, PNG or SVG"));
  g_option_context_add_main_entries (octx, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (octx, GETTEXT_PACKAGE);
  if (!g_option_context_parse (octx, &argc, &argv, &error))
    {
      g_autofree char *msg = g_strdup_printf ("export: %s", error->message);
      ra_cli_print_problem (NULL, msg);
      return 2;
    }
  if (argc != 2)
    {
      ra_cli_print_problem (NULL, argc < 2 ? _("export: no project file given")
                                    : _("export: give exactly one project file"));
      return 2;
    }
  path = argv[1];
  if (out == NULL)
    {
      ra_cli_print_problem (NULL, _("export: --out FILE is required"));
      return 2;
    }
  if (ra_export_format_for_path (out) == RA_EXPORT_FORMAT_AUTO)
    {
      ra_cli_print_problem (out, _("unknown output format (use .pdf, .png or .svg)"));
      return 2;
    }
  if (dpi < 72 || dpi > 1200)
    {
      g_autofree char *msg = g_strdup_printf (_("export: --dpi %d is out of range (use 150, 300 or 600)"), dpi);
      ra_cli_print_problem (NULL, msg);
      return 2;
    }
  if (page_text != NULL && (!ra_page_size_from_string (page_text, &page) || page == RA_PAGE_CUSTOM))
    {
      g_autofree char *msg = g_strdup_printf (_("export: unknown --page '%s' (use A4, A3 or A2)"), page_text);
      ra_cli_print_problem (NULL, msg);
      return 2;
    }
  if (landscape && portrait)
    {
      ra_cli_print_problem (NULL, _("export: --landscape and --portrait exclude each other"));
      return 2;
    }
  {
    g_autofree char *dir = g_path_get_dirname (out);
    if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
      {
        ra_cli_print_problem (out, _("cannot write the file (no such directory)"));
        return 1;
      }
  }
  if (!ra_cli_project_exists (path))
    {
      ra_cli_print_problem (path, _("No such file or directory"));
      return 1;
    }

  store = ra_store_open (path, RA_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    {
      ra_cli_print_problem (path, error->message);
      return 1;
    }
  project_name = ra_store_dup_project_name (store);
  warnings = ra_cli_geometry_warnings (store);

  if (layout_name != NULL)
    {
      layout = ra_views_load_layout (store, layout_name, &error);
      if (layout == NULL)
        {
          ra_cli_print_problem (path, error->message);
          return 1;
        }
      if (page_text != NULL || landscape || portrait)
        ra_layout_set_page (layout, page_text != NULL ? page : layout->page,
                            layout->width_mm, layout->height_mm,
                            landscape || (!portrait && ra_layout_is_landscape (layout)), TRUE);
    }
  else
    layout = ra_views_new_default_layout (store, page, !portrait);

  map = ra_export_build_project_map (store, year, &schematic, &error);
  if (map == NULL)
    {
      ra_cli_print_problem (path, error->message);
      return 1;
    }
  /* The files the app keeps on the project's map (a basemap, a DEM). */
  ra_export_add_kept_layers (map, store, warnings);
  snap = ra_map_snapshot_new (map);

  /* The date of the data, never the day of the export (issue 17). */
  data_date = ra_export_data_date (store);
  ctx.snapshot = snap;
  ctx.project_name = project_name;
  ctx.year = year;
  ctx.no_line_labels = no_pipe_labels;
  ctx.date = data_date;
  ctx.schematic_layers = (const char * const *) schematic;

  ra_export_options_init (&opts);
  opts.dpi = dpi;
  opts.atlas = atlas;
  /* The atlas ends with the facility ledgers' charts (台账). */
  if (atlas && (ledger_pages = ra_ledger_atlas_pages (store, 0, &error)) == NULL)
    {
      ra_cli_print_problem (path, error->message);
      return 1;
    }
  opts.ledger_pages = ledger_pages;
  /* ...and the pipeline profiles: each plant's route to the user that
   * sets its pump head. */
  if (atlas)
    profile_pages = ra_export_atlas_profiles (store, year, warnings);
  opts.profile_pages = profile_pages;
  /* Each county page carries the county's figures and projects, from the
   * plan analysis. */
  if (atlas)
    {
      g_autoptr(RaPlan) plan = ra_plan_new_from_store (store, &error);

      if (plan == NULL)
        {
          ra_cli_print_problem (path, error->message);
          return 1;
        }
      county_panels = ra_export_county_panels (plan, year);
    }
  opts.county_panels = county_panels;
  if (!ra_export_layout (layout, &ctx, &opts, out, &files, NULL, &error))
    {
      ra_cli_print_problem (out, error->message);
      return 1;
    }
  /* Drawn without them: said once the map is out. */
  ra_cli_print_warnings (path, warnings);
  return 0;
}
