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

gboolean
ra_project_format_parse_number (const char *text, double *value)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  char *end = NULL;
  double v;

  if (*stripped == '\0')
    {
      *value = NAN;
      return TRUE;
    }
  v = g_ascii_strtod (stripped, &end);
  if (end == stripped || *end != '\0' || !isfinite (v))
    return FALSE;
  *value = v;
  return TRUE;
}
