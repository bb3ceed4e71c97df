/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helper for the SIGKILL trials: repeats one kind of write on a project and
 * prints "SEQ\n" after each one returned successfully (acknowledged), so
 * the parent knows what must survive a SIGKILL at any moment.
 *
 *   hardening-killer import PROJECT WORKDIR FIRST_SEQ
 *       imports WORKDIR/in-SEQ.geojson (one polygon named kill-SEQ) into
 *       built_up_areas
 *   hardening-killer sketch PROJECT WORKDIR FIRST_SEQ
 *       even SEQ: inserts a pipeline named kill-SEQ (a drawn line);
 *       odd SEQ: sets the footprint of a project (a drawn polygon)
 *   hardening-killer export PROJECT WORKDIR FIRST_SEQ
 *       sets a project's notes to kill-SEQ, then exports projects to
 *       WORKDIR/out-SEQ.geojson
 *   hardening-killer bigedit PROJECT BYTES
 *       one edit of BYTES bytes of notes (for the disk-full trial); prints
 *       the error and exits 3 when the edit fails, then checks the store
 *       still answers. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "ra-core.h"
#include "ra-store.h"

static int
fail (const char *what, GError *error)
{
  fprintf (stderr, "hardening-killer: %s: %s\n", what, error ? error->message : "?");
  return 1;
}

static gboolean
write_input (const char *workdir, guint seq, char **path_out)
{
  double x = 100.0 + (seq % 500) * 0.001, y = 38.5 + (seq / 500 % 500) * 0.001;
  g_autofree char *path = g_strdup_printf ("%s/in-%u.geojson", workdir, seq);
  g_autofree char *text = g_strdup_printf (
    "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":"
    "{\"name\":\"urn:ogc:def:crs:OGC:1.3:CRS84\"}},\"features\":[{\"type\":\"Feature\","
    "\"properties\":{\"name\":\"kill-%u\",\"adcode\":\"620702\"},\"geometry\":{\"type\":\"Polygon\","
    "\"coordinates\":[[[%.4f,%.4f],[%.4f,%.4f],[%.4f,%.4f],[%.4f,%.4f]]]}}]}",
    seq, x, y, x + 0.0005, y, x + 0.0005, y + 0.0005, x, y);

  if (!g_file_set_contents (path, text, -1, NULL))
    return FALSE;
  *path_out = g_steal_pointer (&path);
  return TRUE;
}

static void
ack (guint seq)
{
  printf ("%u\n", seq);
  fflush (stdout);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  const char *mode;
  guint seq;

  if (argc < 4)
    return 2;
  ra_core_init ();
  mode = argv[1];
  store = ra_store_open (argv[2], RA_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    return fail ("open", error);
  projects = ra_store_list_projects (store, &error);
  if (projects == NULL || projects->len == 0)
    return fail ("list", error);

  if (g_str_equal (mode, "bigedit"))
    {
      gsize n = (gsize) g_ascii_strtoull (argv[3], NULL, 10);
      g_autofree char *text = g_malloc (n + 1);
      RaProjectRecord *p = g_ptr_array_index (projects, 0);
      g_autoptr(GPtrArray) again = NULL;
      GValue v = G_VALUE_INIT;
      gboolean ok;

      /* Varied text so nothing compresses it away. */
      for (gsize i = 0; i < n; i++)
        text[i] = 'a' + (char) ((i * 7 + i / 26) % 26);
      text[n] = '\0';
      g_value_init (&v, G_TYPE_STRING);
      g_value_set_string (&v, text);
      ok = ra_store_update_project (store, p->id, "notes", &v, &error);
      g_value_unset (&v);
      if (ok)
        {
          printf ("saved\n");
          return 0;
        }
      /* The message the user sees; then the store must still answer. */
      printf ("error: %s\n", error->message);
      g_clear_error (&error);
      again = ra_store_list_projects (store, &error);
      if (again == NULL || again->len != projects->len)
        return fail ("list after the failed edit", error);
      return 3;
    }

  seq = (guint) g_ascii_strtoull (argv[4], NULL, 10);
  for (;; seq++)
    {
      RaProjectRecord *p = g_ptr_array_index (projects, seq % projects->len);

      if (g_str_equal (mode, "import"))
        {
          g_autofree char *in = NULL;
          g_autoptr(GPtrArray) report = NULL;
          guint n = 0;

          if (!write_input (argv[3], seq, &in))
            return fail ("write input", NULL);
          if (!ra_store_import_layer (store, in, NULL, "built_up_areas", NULL, &n, &report, &error))
            return fail ("import", error);
          g_unlink (in);
        }
      else if (g_str_equal (mode, "sketch"))
        {
          double x = 100.0 + (seq % 500) * 0.001, y = 38.5 + (seq / 500 % 500) * 0.001;

          if (seq % 2 == 0)
            {
              g_autofree char *name = g_strdup_printf ("kill-%u", seq);
              g_autofree char *wkt = g_strdup_printf ("LINESTRING (%.4f %.4f, %.4f %.4f, %.4f %.4f)",
                                                      x, y, x + 0.01, y + 0.005, x + 0.02, y);

              if (ra_store_insert_pipeline (store, 0, name, wkt, &error) == 0)
                return fail ("insert pipeline", error);
            }
          else
            {
              g_autofree char *wkt = g_strdup_printf ("MULTIPOLYGON (((%.4f %.4f, %.4f %.4f, %.4f %.4f, %.4f %.4f)))",
                                                      x, y, x + 0.002, y, x + 0.002, y + 0.002, x, y);

              if (!ra_store_set_geometry_wkt (store, "projects", p->id, wkt, &error))
                return fail ("set geometry", error);
            }
        }
      else if (g_str_equal (mode, "export"))
        {
          g_autofree char *text = g_strdup_printf ("kill-%u", seq);
          g_autofree char *out = g_strdup_printf ("%s/out-%u.geojson", argv[3], seq);
          g_autoptr(GPtrArray) warnings = NULL;
          GValue v = G_VALUE_INIT;
          gboolean ok;

          g_value_init (&v, G_TYPE_STRING);
          g_value_set_string (&v, text);
          ok = ra_store_update_project (store, p->id, "notes", &v, &error);
          g_value_unset (&v);
          if (!ok)
            return fail ("update", error);
          if (!ra_store_export_layer (store, "projects", out, &warnings, &error))
            return fail ("export", error);
        }
      else
        return 2;
      ack (seq);
    }
  return 0;
}
