/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "ra-project-format.h"

/* One way to write a project's numbers, so a value reads the same in the
 * inventory's cells and in the editor's fields. */

char *
ra_project_format_number (double value)
{
  if (isnan (value))
    return g_strdup ("");
  return g_strdup_printf ("%.12g", value);
}
