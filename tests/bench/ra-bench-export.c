/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Export of the Zhangye sample's default layout on an A3 page: PNG at
 * 300 dpi and vector PDF.  Prints timings (targets: PNG < 2 s, PDF < 1 s);
 * asserts nothing about them.
 * Run: meson test -C BUILDDIR --benchmark export-a3 -v */
#include "config.h"

#include <glib/gstdio.h>

#include "ra-core.h"
#include "ra-export.h"
#include "ra-views.h"

static double
export_ms (const RaLayout *layout, const RaLayoutContext *ctx, const char *path, double dpi)
{
  RaExportOptions opts;
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();

  ra_export_options_init (&opts);
  opts.dpi = dpi;
  if (!ra_export_layout (layout, ctx, &opts, path, NULL, NULL, &error))
    g_error ("%s", error->message);
  return (g_get_monotonic_time () - t0) / 1000.0;
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ra-bench-export-XXXXXX", NULL);
  g_autofree char *project = g_build_filename (dir, "zhangye.sqlite", NULL);
  g_autofree char *png = g_build_filename (dir, "a3.png", NULL);
  g_autofree char *pdf = g_build_filename (dir, "a3.pdf", NULL);
  g_autoptr(RaStore) store = NULL;
  g_autoptr(RaMap) map = NULL;
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autoptr(RaLayout) layout = NULL;
  g_autoptr(RaLayerData) inset = NULL;
  g_autofree char *name = NULL;
  g_auto(GStrv) schematic = NULL;
  RaLayoutContext ctx = { 0 };
  double best_png = G_MAXDOUBLE, best_pdf = G_MAXDOUBLE, first_png, first_pdf;
  const int repeat = argc > 1 ? MAX (1, atoi (argv[1])) : 3;
  gint64 t0;

  ra_core_init ();
  if (!ra_store_build_sample (project, "zhangye", &error))
    g_error ("%s", error->message);
  t0 = g_get_monotonic_time ();
  store = ra_store_open (project, RA_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  map = ra_export_build_project_map (store, 0, &schematic, &error);
  g_assert_no_error (error);
  snap = ra_map_snapshot_new (map);
  layout = ra_views_new_default_layout (store, RA_PAGE_A3, TRUE);
  name = ra_store_dup_project_name (store);
  inset = ra_layout_load_inset (ra_layout_find_kind (layout, RA_LAYOUT_ITEM_INSET),
                                ra_map_snapshot_get_crs (snap), NULL, &error);
  g_assert_no_error (error);
  g_print ("load project + inset: %.0f ms\n", (g_get_monotonic_time () - t0) / 1000.0);

  ctx.snapshot = snap;
  ctx.project_name = name;
  ctx.inset = inset;
  ctx.schematic_layers = (const char * const *) schematic;

  first_png = export_ms (layout, &ctx, png, 300);
  first_pdf = export_ms (layout, &ctx, pdf, 0);
  for (int i = 0; i < repeat; i++)
    {
      best_png = MIN (best_png, export_ms (layout, &ctx, png, 300));
      best_pdf = MIN (best_pdf, export_ms (layout, &ctx, pdf, 0));
    }
  g_print ("A3 300 dpi PNG (4961x3508): first %.0f ms, best of %d %.0f ms (target < 2000 ms)\n",
           first_png, repeat, best_png);
  g_print ("A3 PDF: first %.0f ms, best of %d %.0f ms (target < 1000 ms)\n",
           first_pdf, repeat, best_pdf);

  g_unlink (png);
  g_unlink (pdf);
  g_clear_object (&store);
  g_unlink (project);
  {
    g_autofree char *wal = g_strconcat (project, "-wal", NULL);
    g_autofree char *shm = g_strconcat (project, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
  return 0;
}
