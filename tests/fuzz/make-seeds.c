/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writes the seed inputs of the style and layout harnesses (the text forms
 * of default styles and layouts) into DIR/style and DIR/layout.  The seeds
 * are committed under tests/fuzz/seeds; rerun after a format change:
 *   fuzz-make-seeds tests/fuzz/seeds */
#include "config.h"

#include <stdio.h>

#include "ra-core.h"
#include "ra-layout.h"

static void
save (const char *dir, const char *sub, const char *name, const char *text)
{
  g_autofree char *folder = g_build_filename (dir, sub, NULL);
  g_autofree char *path = g_build_filename (folder, name, NULL);

  g_mkdir_with_parents (folder, 0755);
  if (!g_file_set_contents (path, text, -1, NULL))
    g_error ("cannot write %s", path);
}

int
main (int argc, char **argv)
{
  if (argc != 2)
    return 2;
  ra_core_init ();
  for (int kind = RA_GEOM_POINT; kind <= RA_GEOM_POLYGON; kind++)
    {
      g_autoptr(RaStyle) style = ra_style_new_default (kind, (guint) kind);
      g_autofree char *name = g_strdup_printf ("default-%d", kind);
      g_autofree char *text = NULL;

      if (kind == RA_GEOM_POLYGON)
        ra_style_set_label_field (style, "name_zh");
      text = ra_style_to_string (style);
      save (argv[1], "style", name, text);
    }
  {
    g_autoptr(RaLayout) a4 = ra_layout_new_default (RA_PAGE_A4, FALSE, "来源：示例");
    g_autoptr(RaLayout) a3 = ra_layout_new_default (RA_PAGE_A3, TRUE, NULL);
    g_autofree char *t1 = ra_layout_to_string (a4);
    g_autofree char *t2 = ra_layout_to_string (a3);

    save (argv[1], "layout", "a4-portrait", t1);
    save (argv[1], "layout", "a3-landscape", t2);
  }
  return 0;
}
