/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reclaim-atlas-cli sample | import | table: thin shells over ra-store and
 * ra-tables; all the work and all the checks are in the core. */
#include "config.h"

#include <inttypes.h>

#include <string.h>
#include <glib/gi18n.h>

#include "ra-core.h"
#include "ra-store.h"
#include "ra-tables.h"
#include "ra-cli-common.h"
#include "ra-cli-project.h"
#include "ra-cli-balance.h"

#define PROG RA_CLI_PROG

static gboolean
parse_options (GOptionContext *ctx, const char *cmd, int *argc, char ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (ctx, argc, argv, &error))
    {
      g_autofree char *msg = g_strdup_printf ("%s: %s", cmd, error->message);
      ra_cli_print_problem (NULL, msg);
      return FALSE;
    }
  return TRUE;
}

int
ra_cli_cmd_sample (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = NULL;
  g_autofree char *display = NULL;
  g_autofree char *name = NULL;

  ctx = g_option_context_new (_("NAME OUT.sqlite - build a sample project (zhangye or xinzhou)"));
  if (!parse_options (ctx, "sample", &argc, &argv))
    return 2;
  if (argc != 3)
    {
      ra_cli_print_problem (NULL, _("sample: expected a sample name (zhangye or xinzhou) and an output file"));
      return 2;
    }
  if (!ra_store_build_sample (argv[2], argv[1], &error))
    {
      ra_cli_print_problem (argv[2], error->message);
      return 1;
    }
  /* Writable, so that closing removes the WAL files a reader would leave. */
  store = ra_store_open (argv[2], RA_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    {
      /* Built but unreadable is a failure, never a silent success. */
      ra_cli_print_problem (argv[2], error->message);
      return 1;
    }
  display = ra_path_display_name (argv[2]);
  name = ra_store_dup_project_name (store);
  g_print (_("%s: %s: %" PRId64 " counties, %" PRId64 " projects, %" PRId64 " plants\n"),
           display, name,
           ra_store_count_rows (store, "counties", NULL),
           ra_store_count_rows (store, "projects", NULL),
           ra_store_count_rows (store, "plants", NULL));
  return 0;
}

int
ra_cli_cmd_import (int argc, char **argv)
{
  g_autofree char *into = NULL;
  g_autofree char *layer = NULL;
  g_auto(GStrv) maps = NULL;
  g_autofree char *encoding = NULL;
  GOptionEntry entries[] = {
    { "into", 'i', 0, G_OPTION_ARG_STRING, &into,
      N_("Target table: plants, pipelines, footprints, counties, built_up_areas or water_users"), N_("TABLE") },
    { "layer", 'l', 0, G_OPTION_ARG_STRING, &layer, N_("Layer of DATA to import (default: the first)"), N_("NAME") },
    { "map", 'm', 0, G_OPTION_ARG_STRING_ARRAY, &maps,
      N_("Take column DST from field SRC (repeatable)"), N_("SRC=DST") },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding,
      N_("Text encoding of the attributes, overriding .cpg and detection (e.g. GB18030, BIG5, UTF-8, ISO-8859-1)"),
      N_("NAME") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = NULL;
  g_autoptr(GHashTable) field_map = NULL;
  g_autoptr(GPtrArray) report = NULL;
  guint n = 0;

  ctx = g_option_context_new (_("PROJECT DATA - import a GDAL layer into a project table"));
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  if (!parse_options (ctx, "import", &argc, &argv))
    return 2;
  if (argc != 3)
    {
      ra_cli_print_problem (NULL, _("import: expected a project file and a data file"));
      return 2;
    }
  if (into == NULL)
    {
      ra_cli_print_problem (NULL, _("import: --into TABLE is required (plants, pipelines, footprints, counties, built_up_areas or water_users)"));
      return 2;
    }
  if (maps != NULL)
    {
      field_map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      for (guint i = 0; maps[i] != NULL; i++)
        {
          const char *eq = strchr (maps[i], '=');

          if (eq == NULL || eq == maps[i] || eq[1] == '\0')
            {
              g_autofree char *msg = g_strdup_printf (_("import: --map expects SRC=DST, got “%s”"), maps[i]);
              ra_cli_print_problem (NULL, msg);
              return 2;
            }
          g_hash_table_insert (field_map, g_strndup (maps[i], eq - maps[i]), g_strdup (eq + 1));
        }
    }

  store = ra_store_open (argv[1], RA_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    {
      ra_cli_print_problem (argv[1], error->message);
      return 1;
    }
  if (ra_store_is_read_only (store))
    {
      g_autofree char *msg = g_strdup_printf (_("cannot import: %s"), ra_store_get_read_only_reason (store));
      ra_cli_print_problem (argv[1], msg);
      return 1;
    }
  if (!ra_store_import_layer_encoded (store, argv[2], layer, encoding, into, field_map, &n, &report, &error))
    {
      /* Every bad row on its own line, then the verdict. */
      g_autofree char *project_display = ra_path_display_name (argv[1]);

      for (guint i = 0; report != NULL && i < report->len; i++)
        ra_cli_print_problem (argv[2], g_ptr_array_index (report, i));
      /* The store names the file at fault: the data, or the project (busy,
       * full disk); a message naming neither is the data's. */
      ra_cli_print_problem (g_str_has_prefix (error->message, project_display) ? argv[1] : argv[2],
                            error->message);
      return 1;
    }
  {
    g_autofree char *display = ra_path_display_name (argv[1]);

    g_print (g_dngettext (GETTEXT_PACKAGE, "%s: imported %u feature into %s\n",
                          "%s: imported %u features into %s\n", n),
             display, n, into);
  }
  return 0;
}

int
ra_cli_cmd_table (int argc, char **argv)
{
  g_autofree char *out = NULL;
  int appendix = 0, year = 0;
  gboolean allocation = FALSE;
  GOptionEntry entries[] = {
    { "appendix", 'a', 0, G_OPTION_ARG_INT, &appendix,
      N_("1: county targets; 2: projects by batch"), N_("N") },
    { "allocation", 0, 0, G_OPTION_ARG_NONE, &allocation,
      N_("The allocation table of a year (users, plants, volumes)"), NULL },
    { "year", 'y', 0, G_OPTION_ARG_INT, &year, N_("Year of the allocation table"), N_("YEAR") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("Output file (.csv, .xlsx or .ods)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = NULL;
  g_autoptr(RaTable) table = NULL;
  g_autoptr(GPtrArray) warnings = NULL;

  ctx = g_option_context_new (_("PROJECT - write an appendix table of the plan"));
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  if (!parse_options (ctx, "table", &argc, &argv))
    return 2;
  if (argc != 2)
    {
      ra_cli_print_problem (NULL, _("table: expected one project file"));
      return 2;
    }
  if (allocation && out != NULL)
    return ra_cli_balance_write_table (argv[1], year, out);
  if (appendix != 1 && appendix != 2 && !allocation)
    {
      ra_cli_print_problem (NULL, _("table: --appendix must be 1 or 2"));
      return 2;
    }
  if (out == NULL)
    {
      ra_cli_print_problem (NULL, _("table: --out FILE is required (.csv, .xlsx or .ods)"));
      return 2;
    }
  store = ra_store_open (argv[1], RA_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    {
      ra_cli_print_problem (argv[1], error->message);
      return 1;
    }
  warnings = ra_cli_geometry_warnings (store);
  /* Reading is the project's business, writing the output's: each failure
   * names its own file. */
  table = ra_tables_build_appendix (store, appendix, &error);
  if (table == NULL)
    {
      ra_cli_print_problem (argv[1], error->message);
      return 1;
    }
  if (!ra_table_write (table, out, &error))
    {
      ra_cli_print_problem (out, error->message);
      return 1;
    }
  /* Findings are information about the source, not failures. */
  for (guint i = 0; i < table->findings->len; i++)
    {
      g_autofree char *display = ra_path_display_name (argv[1]);

      g_print (_("%s: finding: %s\n"), display, (const char *) g_ptr_array_index (table->findings, i));
    }
  ra_cli_print_warnings (argv[1], warnings);
  return 0;
}
