/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ra-crs-gen OUT: writes ra-crs-table.h, the CRSs ra-crs.c knows without
 * asking PROJ, from PROJ's own answers (this program is built with
 * ra-crs.c and no table).  The codes: WGS 84 and CGCS2000 lon/lat, Web
 * Mercator, and CGCS2000's Gauss-Kruger zones (6- and 3-degree, with and
 * without the zone number in the false easting), the CRSs of the data
 * this tool reads and draws. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "ra-crs-private.h"

static void
put_string (FILE *f, const char *s)
{
  if (s == NULL)
    {
      fputs ("NULL", f);
      return;
    }
  fputc ('"', f);
  for (; *s; s++)
    {
      if (*s == '"' || *s == '\\')
        fprintf (f, "\\%c", *s);
      else if ((unsigned char) *s < 0x20 || (unsigned char) *s >= 0x7f)
        fprintf (f, "\\%03o", (unsigned char) *s);
      else
        fputc (*s, f);
    }
  fputc ('"', f);
}

int
main (int argc, char **argv)
{
  GArray *codes = g_array_new (FALSE, FALSE, sizeof (int));
  static const int fixed[] = { 4326, 4490, 3857 };
  FILE *f;

  if (argc != 2)
    {
      fprintf (stderr, "usage: ra-crs-gen OUT\n");
      return 2;
    }
  g_array_append_vals (codes, fixed, G_N_ELEMENTS (fixed));
  for (int code = 4491; code <= 4554; code++)   /* CGCS2000 / Gauss-Kruger */
    g_array_append_val (codes, code);

  f = fopen (argv[1], "w");
  if (f == NULL)
    {
      perror (argv[1]);
      return 1;
    }
  fputs ("/* Written by ra-crs-gen (src/core/base/ra-crs-gen.c) from PROJ's answers. */\n"
         "static const RaCrsKnown ra_crs_known[] = {\n", f);
  for (guint i = 0; i < codes->len; i++)
    {
      int code = g_array_index (codes, int, i);
      g_autofree char *def = g_strdup_printf ("EPSG:%d", code);
      g_autoptr(GError) error = NULL;
      g_autoptr(RaCrs) crs = ra_crs_new_from_proj (def, &error);
      g_autofree char *esri = NULL;

      if (crs == NULL)
        {
          fprintf (stderr, "ra-crs-gen: %s: %s\n", def, error->message);
          return 1;
        }
      if (g_strcmp0 (ra_crs_get_auth_id (crs), def) != 0 ||
          g_strcmp0 (ra_crs_get_definition (crs), def) != 0 || ra_crs_get_epsg (crs) != code)
        {
          fprintf (stderr, "ra-crs-gen: PROJ names %s %s\n", def, ra_crs_get_auth_id (crs));
          return 1;
        }
      esri = ra_crs_proj_esri_wkt (crs);
      fprintf (f, "  { %d, ", code);
      put_string (f, ra_crs_get_name (crs));
      fprintf (f, ", %s, %.17g,\n    ", ra_crs_is_geographic (crs) ? "TRUE" : "FALSE",
               ra_crs_get_meters_per_unit (crs));
      put_string (f, esri);
      fputs (" },\n", f);
    }
  fputs ("  { 0, NULL, FALSE, 0.0, NULL }\n};\n", f);
  g_array_free (codes, TRUE);
  if (fclose (f) != 0)
    {
      perror (argv[1]);
      return 1;
    }
  return 0;
}
