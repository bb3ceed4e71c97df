/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The network as an EPANET 2.2 input file, so engineers can go on in
 * EPANET: junctions with their ground elevation and design demand, each
 * plant's clear-water tank as a reservoir at its ground with a pump whose
 * one-point curve gives the head it needs (no pump when gravity is enough:
 * the plant is then the reservoir itself), pipes with length, bore and
 * roughness (minor losses as the K that matches the factor), LPS units,
 * H-W or D-W; the same ids as `hydraulics --json`. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ra-error.h"
#include "ra-hydraulics-private.h"

static void
num (GString *out, const char *format, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, g_ascii_formatd (buf, sizeof buf, format, v));
}

static gboolean
source_is_reservoir (RaHydraulics *h, const RaHydraulicsNode *node)
{
  const RaHydraulicsSource *src = &g_array_index (h->sources, RaHydraulicsSource, node->source);

  return node->kind == RA_HYDRAULICS_NODE_SOURCE && !(src->pump_head_m > 0 && src->flow_lps > 0);
}

static char *
build_inp (RaHydraulics *h)
{
  GString *out = g_string_new (NULL);
  gboolean dw = h->options.formula == RA_HYDRAULICS_DARCY_WEISBACH;

  g_string_append_printf (out, "[TITLE]\nReclaim Atlas hydraulics %d (%s)%s\n\n", h->year,
                          dw ? "Darcy-Weisbach" : "Hazen-Williams",
                          h->flat_ground ? ", flat ground (no DEM)" : "");
  g_string_append (out, "[JUNCTIONS]\n;ID\tElev(m)\tDemand(L/s)\n");
  for (guint i = 0; i < h->nodes->len; i++)
    {
      const RaHydraulicsNode *n = &g_array_index (h->nodes, RaHydraulicsNode, i);

      if (source_is_reservoir (h, n))
        continue;
      g_string_append_printf (out, "%s\t", n->id);
      num (out, "%.3f", n->elevation_m);
      g_string_append_c (out, '\t');
      num (out, "%.6f", n->demand_lps);
      g_string_append_c (out, '\n');
    }
  g_string_append (out, "\n[RESERVOIRS]\n;ID\tHead(m)\n");
  for (guint s = 0; s < h->sources->len; s++)
    {
      const RaHydraulicsSource *src = &g_array_index (h->sources, RaHydraulicsSource, s);
      const RaHydraulicsNode *n = &g_array_index (h->nodes, RaHydraulicsNode, src->node);

      if (source_is_reservoir (h, n))
        g_string_append_printf (out, "%s\t", n->id);
      else
        g_string_append_printf (out, "R%" G_GINT64_FORMAT "\t", src->plant_id);
      num (out, "%.3f", n->elevation_m);
      g_string_append_c (out, '\n');
    }
  g_string_append (out, "\n[PIPES]\n;ID\tNode1\tNode2\tLength(m)\tDiameter(mm)\tRoughness\tMinorLoss\tStatus\n");
  for (guint i = 0; i < h->pipes->len; i++)
    {
      const RaHydraulicsPipe *p = &g_array_index (h->pipes, RaHydraulicsPipe, i);

      g_string_append_printf (out, "%s\t%s\t%s\t", p->id,
                              g_array_index (h->nodes, RaHydraulicsNode, p->from).id,
                              g_array_index (h->nodes, RaHydraulicsNode, p->to).id);
      num (out, "%.3f", p->length_m);
      g_string_append_c (out, '\t');
      num (out, "%.3f", p->inner_mm);
      g_string_append_c (out, '\t');
      num (out, "%.6g", p->roughness);
      g_string_append_c (out, '\t');
      num (out, "%.8g", p->minor_k);
      /* DN and material for the reader */
      g_string_append_printf (out, "\tOpen\t;DN%.0f %s\n", p->dn_mm, ra_pipe_material_to_key (p->material));
    }
  g_string_append (out, "\n[PUMPS]\n;ID\tNode1\tNode2\tParameters\n");
  for (guint s = 0; s < h->sources->len; s++)
    {
      const RaHydraulicsSource *src = &g_array_index (h->sources, RaHydraulicsSource, s);
      const RaHydraulicsNode *n = &g_array_index (h->nodes, RaHydraulicsNode, src->node);

      if (source_is_reservoir (h, n))
        continue;
      g_string_append_printf (out, "PU%" G_GINT64_FORMAT "\tR%" G_GINT64_FORMAT "\t%s\tHEAD C%" G_GINT64_FORMAT "\n",
                              src->plant_id, src->plant_id, n->id, src->plant_id);
    }
  /* One point: EPANET fits h = 4/3 H - (H/3)(q/Q)^2 through it, which
   * gives exactly H at the design flow Q the branched network draws. */
  g_string_append (out, "\n[CURVES]\n;ID\tFlow(L/s)\tHead(m)\n");
  for (guint s = 0; s < h->sources->len; s++)
    {
      const RaHydraulicsSource *src = &g_array_index (h->sources, RaHydraulicsSource, s);

      if (source_is_reservoir (h, &g_array_index (h->nodes, RaHydraulicsNode, src->node)))
        continue;
      g_string_append_printf (out, "C%" G_GINT64_FORMAT "\t", src->plant_id);
      num (out, "%.6f", src->flow_lps);
      g_string_append_c (out, '\t');
      num (out, "%.4f", src->pump_head_m);
      g_string_append_c (out, '\n');
    }
  g_string_append_printf (out, "\n[OPTIONS]\nUnits\tLPS\nHeadloss\t%s\nAccuracy\t0.00001\nTrials\t200\n",
                          dw ? "D-W" : "H-W");
  g_string_append (out, "\n[COORDINATES]\n;Node\tX(lon)\tY(lat)\n");
  for (guint i = 0; i < h->nodes->len; i++)
    {
      const RaHydraulicsNode *n = &g_array_index (h->nodes, RaHydraulicsNode, i);

      g_string_append_printf (out, "%s\t", n->id);
      num (out, "%.7f", n->lon);
      g_string_append_c (out, '\t');
      num (out, "%.7f", n->lat);
      g_string_append_c (out, '\n');
      if (n->kind == RA_HYDRAULICS_NODE_SOURCE && !source_is_reservoir (h, n))
        {
          g_string_append_printf (out, "R%" G_GINT64_FORMAT "\t", n->record_id);
          num (out, "%.7f", n->lon - 0.0002);
          g_string_append_c (out, '\t');
          num (out, "%.7f", n->lat);
          g_string_append_c (out, '\n');
        }
    }
  /* the pipes' bends */
  g_string_append (out, "\n[VERTICES]\n;Link\tX(lon)\tY(lat)\n");
  for (guint i = 0; i < h->pipes->len; i++)
    {
      const RaHydraulicsPipe *p = &g_array_index (h->pipes, RaHydraulicsPipe, i);
      const RaHydraulicsGeom *g = &g_array_index (h->geoms, RaHydraulicsGeom, i);

      for (guint v = 1; v + 1 < g->n; v++)
        {
          g_string_append_printf (out, "%s\t", p->id);
          num (out, "%.7f", g_array_index (h->coords, double, 2 * (g->first + v)));
          g_string_append_c (out, '\t');
          num (out, "%.7f", g_array_index (h->coords, double, 2 * (g->first + v) + 1));
          g_string_append_c (out, '\n');
        }
    }
  g_string_append (out, "\n[END]\n");
  return g_string_free (out, FALSE);
}

/**
 * ra_hydraulics_write_inp:
 * Returns: FALSE with an error naming the file when it cannot be written
 */
gboolean
ra_hydraulics_write_inp (RaHydraulics *h, const char *path, GError **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (h != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  text = build_inp (h);
  if (!g_file_set_contents (path, text, -1, &local))
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, RA_ERROR, RA_ERROR_WRITE, _("%s: cannot write the EPANET file: %s"),
                   name, local->message);
      return FALSE;
    }
  return TRUE;
}
