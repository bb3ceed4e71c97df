/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reclaim-atlas-cli-render: `reclaim-atlas-cli render` of shapefiles and
 * GeoPackages in a given view, drawn with shapelib or SQLite and
 * SpatiaLite, PROJ and cairo alone (ra_cli_render_light); anything else it
 * leaves, with the same words, to
 * reclaim-atlas-cli-commands.  Linked without GDAL (src/cli/meson.build). */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "ra-cli-exec.h"
#include "ra-cli-render.h"
#include "ra-paths.h"

int
main (int argc, char **argv)
{
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, ra_paths_get_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  status = ra_cli_render_light (argc, argv);
  if (status >= 0)
    return status;
  return ra_cli_exec (RA_CLI_COMMANDS_PROGRAM, argv);
}
