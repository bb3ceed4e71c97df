/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

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
