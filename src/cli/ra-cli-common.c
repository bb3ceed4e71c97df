/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ra-cli-common.h"
#include "ra-paths.h"

void
ra_cli_print_problem (const char *path, const char *problem)
{
  g_autofree char *display = path != NULL ? ra_path_display_name (path) : NULL;
  g_autofree char *base = display != NULL ? g_path_get_basename (display) : NULL;
  g_autofree char *line = NULL;

  if (problem == NULL)
    problem = "";
  if (display != NULL && !g_str_has_prefix (problem, display) && !g_str_has_prefix (problem, base))
    line = g_strdup_printf ("%s: %s", display, problem);
  else
    line = g_strdup (problem);
  g_strdelimit (line, "\r\n", ' ');
  g_strstrip (line);
  g_printerr ("%s: %s\n", RA_CLI_PROG, line);
}

void
ra_cli_print_warnings (const char *path, GPtrArray *warnings)
{
  g_autofree char *display = path != NULL ? ra_path_display_name (path) : NULL;

  for (guint i = 0; warnings != NULL && i < warnings->len; i++)
    {
      g_autofree char *line = NULL;

      if (display != NULL)
        line = g_strdup_printf ("%s: %s", display, (const char *) g_ptr_array_index (warnings, i));
      else
        line = g_strdup (g_ptr_array_index (warnings, i));
      g_strdelimit (line, "\r\n", ' ');
      /* TRANSLATORS: "reclaim-atlas-cli: warning: FILE: what" */
      g_printerr ("%s: %s: %s\n", RA_CLI_PROG, _("warning"), line);
    }
}

/* Ids named per warning line; the check command lists every row. */
#define MAX_IDS 20

GPtrArray *
ra_cli_geometry_warnings (RaStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = ra_store_list_unreadable_geometries (store, NULL, &error);
  GPtrArray *warnings;

  if (problems != NULL)
    return ra_store_describe_geometry_problems (problems, MAX_IDS);
  warnings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (warnings, g_strdup_printf (_("the geometries could not be checked: %s"),
                                              error->message));
  return warnings;
}

gboolean
ra_cli_project_exists (const char *project)
{
  return ra_store_is_server_name (project) || g_file_test (project, G_FILE_TEST_EXISTS);
}
