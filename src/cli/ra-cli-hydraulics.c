/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reclaim-atlas-cli hydraulics: a thin shell over ra-hydraulics (sizing and
 * solving the year's network, the EPANET file, the profile figure). */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "ra-core.h"
#include "ra-store.h"
#include "ra-balance.h"
#include "ra-hydraulics.h"
#include "ra-paths.h"
#include "ra-cli-common.h"
#include "ra-cli-hydraulics.h"

/* "1,234.5": thousands grouped for reading, digits after the point. */
static char *
num (double v, int digits)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE], fmt[16];
  g_autoptr(GString) out = NULL;
  const char *s, *dot;
  guint int_len;

  if (!isfinite (v))
    return g_strdup ("–");
  g_snprintf (fmt, sizeof fmt, "%%.%df", digits);
  s = g_ascii_formatd (buf, sizeof buf, fmt, v);
  out = g_string_new (NULL);
  if (*s == '-')
    g_string_append_c (out, *s++);
  dot = strchr (s, '.');
  int_len = dot != NULL ? (guint) (dot - s) : strlen (s);
  for (guint i = 0; i < int_len; i++)
    {
      if (i > 0 && (int_len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, s[i]);
    }
  if (dot != NULL)
    g_string_append (out, dot);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static const char *
kind_to_string (RaHydraulicsNodeKind kind)
{
  switch (kind)
    {
    case RA_HYDRAULICS_NODE_SOURCE: return _("source");
    case RA_HYDRAULICS_NODE_USER: return _("user");
    case RA_HYDRAULICS_NODE_JUNCTION:
    default: return _("junction");
    }
}

static void
print_text (RaHydraulics *h, const char *display)
{
  GArray *nodes = ra_hydraulics_get_nodes (h), *pipes = ra_hydraulics_get_pipes (h);
  GArray *sources = ra_hydraulics_get_sources (h), *valves = ra_hydraulics_get_air_valves (h);
  GPtrArray *messages = ra_hydraulics_get_messages (h);
  const RaHydraulicsOptions *o = ra_hydraulics_get_options (h);

  /* TRANSLATORS: heading of `hydraulics`: the project, the year, the formula */
  g_print (_("Hydraulics of %s, %d (%s, peak factors %.2f × %.2f, residual pressure %.1f m)\n"),
           display, ra_hydraulics_get_year (h),
           o->formula == RA_HYDRAULICS_DARCY_WEISBACH ? _("Darcy–Weisbach, Colebrook–White")
                                                      : _("Hazen–Williams"),
           o->daily_peak_factor, o->hourly_peak_factor, o->residual_m);
  if (ra_hydraulics_is_flat_ground (h))
    g_print ("%s\n", _("ground taken as flat (no DEM): elevations are 0 m"));
  g_print ("%s\n", _("Sources: id, plant, design flow L/s, pump head m, user that sets it"));
  for (guint i = 0; i < sources->len; i++)
    {
      const RaHydraulicsSource *s = &g_array_index (sources, RaHydraulicsSource, i);
      g_autofree char *q = num (s->flow_lps, 1), *hd = num (s->pump_head_m, 2);

      g_print ("  %s  %s  %s  %s  %s\n", g_array_index (nodes, RaHydraulicsNode, s->node).id,
               s->name ? s->name : "–", q, hd, g_array_index (nodes, RaHydraulicsNode, s->worst_node).id);
    }
  g_print ("%s\n", _("Pipes: id, from, to, length m, flow L/s, DN, material, velocity m/s, head loss m"));
  for (guint i = 0; i < pipes->len; i++)
    {
      const RaHydraulicsPipe *p = &g_array_index (pipes, RaHydraulicsPipe, i);
      g_autofree char *len = num (p->length_m, 1), *q = num (p->flow_lps, 2);
      g_autofree char *v = num (p->velocity_m_s, 2), *hl = num (p->headloss_m, 3);

      g_print ("  %s  %s  %s  %s  %s  DN%.0f  %s  %s  %s\n", p->id,
               g_array_index (nodes, RaHydraulicsNode, p->from).id,
               g_array_index (nodes, RaHydraulicsNode, p->to).id, len, q, p->dn_mm,
               ra_pipe_material_to_string (p->material), v, hl);
    }
  g_print ("%s\n", _("Nodes: id, kind, elevation m, demand L/s, head m, pressure m"));
  for (guint i = 0; i < nodes->len; i++)
    {
      const RaHydraulicsNode *n = &g_array_index (nodes, RaHydraulicsNode, i);
      g_autofree char *z = num (n->elevation_m, 2), *d = num (n->demand_lps, 2);
      g_autofree char *hd = num (n->head_m, 2), *pr = num (n->pressure_m, 2);

      g_print ("  %s  %s  %s  %s  %s  %s%s%s\n", n->id, kind_to_string (n->kind), z, d, hd, pr,
               n->name ? "  " : "", n->name ? n->name : "");
    }
  if (valves->len > 0)
    {
      g_print ("%s\n", _("Air valves (high points): pipe, chainage m, ground m"));
      for (guint i = 0; i < valves->len; i++)
        {
          const RaHydraulicsSample *s = &g_array_index (valves, RaHydraulicsSample, i);
          g_autofree char *c = num (s->chainage_m, 1), *z = num (s->ground_m, 2);

          g_print ("  %s  %s  %s\n", g_array_index (pipes, RaHydraulicsPipe, s->pipe).id, c, z);
        }
    }
  for (guint i = 0; i < messages->len; i++)
    g_print (_("%s: note: %s\n"), display, (const char *) g_ptr_array_index (messages, i));
}

int
ra_cli_cmd_hydraulics (int argc, char **argv)
{
  gboolean json = FALSE;
  int year = 0;
  g_autofree char *inp = NULL, *dem_path = NULL, *formula = NULL;
  g_autofree char *profile = NULL, *profile_out = NULL;
  GOptionEntry entries[] = {
    { "year", 'y', 0, G_OPTION_ARG_INT, &year, N_("Year of the allocations (default: as balance)"), N_("YEAR") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the network as JSON (the ids of the .inp)"), NULL },
    { "inp", 0, 0, G_OPTION_ARG_FILENAME, &inp, N_("Write the network as an EPANET 2.2 input file"), N_("FILE.inp") },
    { "dem", 0, 0, G_OPTION_ARG_FILENAME, &dem_path, N_("Ground elevations from this DEM (else flat ground)"), N_("DEM") },
    { "formula", 0, 0, G_OPTION_ARG_STRING, &formula, N_("Head loss formula: hw (Hazen–Williams) or dw (Darcy–Weisbach)"), N_("hw|dw") },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile, N_("Draw the profile from its source to this node"), N_("NODE_ID") },
    { "profile-out", 0, 0, G_OPTION_ARG_FILENAME, &profile_out, N_("The profile figure to write"), N_("F.png|pdf|svg") },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = NULL;
  g_autoptr(RaRaster) dem = NULL;
  g_autofree char *display = NULL;
  RaHydraulicsOptions options;
  RaHydraulics *h;
  const char *path;

  ctx = g_option_context_new (_("PROJECT - size and solve the year's pipeline network"));
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_autofree char *msg = g_strdup_printf ("hydraulics: %s", error->message);

      ra_cli_print_problem (NULL, msg);
      return 2;
    }
  if (argc != 2)
    {
      ra_cli_print_problem (NULL, _("hydraulics: expected one project file"));
      return 2;
    }
  if (formula != NULL && !g_str_equal (formula, "hw") && !g_str_equal (formula, "dw"))
    {
      ra_cli_print_problem (NULL, _("hydraulics: --formula takes hw or dw"));
      return 2;
    }
  if ((profile == NULL) != (profile_out == NULL))
    {
      ra_cli_print_problem (NULL, _("hydraulics: --profile and --profile-out go together"));
      return 2;
    }
  path = argv[1];
  if (!ra_cli_project_exists (path))
    {
      ra_cli_print_problem (path, _("no such file"));
      return 1;
    }
  store = ra_store_open (path, RA_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    {
      ra_cli_print_problem (path, error->message);
      return 1;
    }
  if (year == 0)
    year = ra_balance_default_year (store, &error);
  if (year == 0)
    {
      ra_cli_print_problem (path, error ? error->message : _("no year to solve"));
      return 1;
    }
  if (dem_path != NULL)
    {
      dem = ra_raster_open (dem_path, &error);
      if (dem == NULL)
        {
          ra_cli_print_problem (dem_path, error->message);
          return 1;
        }
    }
  ra_hydraulics_options_from_store (&options, store);
  if (formula != NULL)
    options.formula = g_str_equal (formula, "dw") ? RA_HYDRAULICS_DARCY_WEISBACH
                                                  : RA_HYDRAULICS_HAZEN_WILLIAMS;
  h = ra_hydraulics_new_from_store (store, year, &options, dem, &error);
  if (h == NULL)
    {
      ra_cli_print_problem (path, error->message);
      return 1;
    }
  display = ra_path_display_name (path);
  if (inp != NULL && !ra_hydraulics_write_inp (h, inp, &error))
    {
      ra_cli_print_problem (inp, error->message);
      ra_hydraulics_free (h);
      return 1;
    }
  if (profile != NULL)
    {
      g_autoptr(RaProfileChartData) data = ra_hydraulics_profile (h, profile, &error);

      if (data == NULL || !ra_profile_chart_write (data, profile_out, 1200, 600, &error))
        {
          ra_cli_print_problem (data == NULL ? path : profile_out, error->message);
          ra_hydraulics_free (h);
          return 1;
        }
    }
  if (json)
    {
      g_autofree char *text = ra_hydraulics_to_json (h);

      g_print ("%s", text);
    }
  else
    print_text (h, display);
  ra_hydraulics_free (h);
  return 0;
}
