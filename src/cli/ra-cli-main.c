/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reclaim-atlas-cli: which program runs the command.  A render that names
 * a shapefile or a GeoPackage goes to reclaim-atlas-cli-render
 * (ra-cli-render-main.c), which draws shapefiles with shapelib and
 * GeoPackages with SQLite and SpatiaLite, with PROJ and cairo, and never
 * loads GDAL; every other command to reclaim-atlas-cli-commands (ra-cli.c).
 * GDAL and the hundred libraries it brings cost 35 ms of CPU to load
 * (libgdal is linked with BIND_NOW: ld.so binds each of its symbols before
 * main), a fifth of a one-shot render of China's counties (issue 20,
 * docs/performance.md).  This program links libc alone, and execv keeps
 * the process: its exit status, its rusage, its pid. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ra-cli-exec.h"

static int
ends_with (const char *s, const char *suffix)
{
  size_t a = strlen (s), b = strlen (suffix);

  return a >= b && strcmp (s + a - b, suffix) == 0;
}

/* TRUE when one of the words is the option name (alone, or with "=value"). */
static int
has_option (int argc, char **argv, const char *name)
{
  size_t n = strlen (name);

  for (int i = 2; i < argc; i++)
    if (strncmp (argv[i], name, n) == 0 && (argv[i][n] == '\0' || argv[i][n] == '='))
      return 1;
  return 0;
}

int
main (int argc, char **argv)
{
  const char *light = getenv ("RA_RENDER_LIGHT");

  /* A guess from the words alone: the render program checks the options
   * and the files, and runs the commands program with the same words when
   * it cannot draw them itself.  It draws only a given view without labels:
   * any other render (the common one: a file and --out) goes straight to
   * the commands program, without loading the render program first. */
  if (argc >= 3 && strcmp (argv[1], "render") == 0 && !(light != NULL && strcmp (light, "0") == 0) &&
      has_option (argc, argv, "--no-labels") && has_option (argc, argv, "--crs") &&
      has_option (argc, argv, "--bbox"))
    for (int i = 2; i < argc; i++)
      if (ends_with (argv[i], ".shp") || ends_with (argv[i], ".SHP") ||
          ends_with (argv[i], ".gpkg") || ends_with (argv[i], ".GPKG"))
        {
#ifdef HAVE_LIGHT_RENDER
          return ra_cli_exec (RA_CLI_RENDER_PROGRAM, argv);
#else
          break;
#endif
        }
  return ra_cli_exec (RA_CLI_COMMANDS_PROGRAM, argv);
}
