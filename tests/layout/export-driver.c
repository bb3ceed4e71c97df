/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Runs `reclaim-atlas-cli export` without the dispatcher, so the layout
 * tests do not depend on how the CLI's commands are wired. */
#include "config.h"

#include <locale.h>
#include <cpl_error.h>
#include <glib/gi18n.h>

#include "ra-core.h"
#include "ra-cli-export.h"

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, ra_paths_get_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("reclaim-atlas-cli export");
  ra_core_init ();
  CPLSetErrorHandler (CPLQuietErrorHandler);
  argv[0] = (char *) "reclaim-atlas-cli export";
  return ra_cli_cmd_export (argc, argv);
}
