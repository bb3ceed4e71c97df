/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The hydraulics (ra-hydraulics): the catalogue and DN choice, both head
 * loss formulas against values worked by hand, a branched network solved
 * through a real project file (flows, heads, pump head, ids, the .inp),
 * the refusals (loop, unconnected pipeline, two plants, a flow no DN
 * carries, a DEM that misses the route), and a synthetic DEM with a hill
 * driving the ground samples, the air valve, the low-pressure stretch and
 * the profile. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "ra-hydraulics.h"
#include "hydraulics-test-util.h"

static char *tmpdir;
static guint counter;

#define LON0 100.0
#define LAT0 38.9
#define PEAK (1.3 * 1.5)

static char *
tmp_path (const char *ext)
{
  return g_strdup_printf ("%s/h%u.%s", tmpdir, ++counter, ext);
}

static double
lps (double wan_m3_a)
{
  return wan_m3_a * 1e4 / (365.0 * 86400.0) * 1000.0;
}

static char *
line2 (double lon0, double lat0, double lon1, double lat1)
{
  char a[4][G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup_printf ("LINESTRING (%s %s, %s %s)", g_ascii_formatd (a[0], 40, "%.9f", lon0),
                          g_ascii_formatd (a[1], 40, "%.9f", lat0), g_ascii_formatd (a[2], 40, "%.9f", lon1),
                          g_ascii_formatd (a[3], 40, "%.9f", lat1));
}

static const RaHydraulicsPipe *
pipe_by_id (RaHydraulics *h, const char *id)
{
  GArray *pipes = ra_hydraulics_get_pipes (h);

  for (guint i = 0; i < pipes->len; i++)
    if (g_str_equal (g_array_index (pipes, RaHydraulicsPipe, i).id, id))
      return &g_array_index (pipes, RaHydraulicsPipe, i);
  g_error ("no pipe %s", id);
  return NULL;
}

static const RaHydraulicsNode *
node_by_id (RaHydraulics *h, const char *id)
{
  int i = ra_hydraulics_find_node (h, id);

  g_assert_cmpint (i, >=, 0);
  return &g_array_index (ra_hydraulics_get_nodes (h), RaHydraulicsNode, i);
}

/* ------------------------------------------------------------------ */

static void
test_catalogue (void)
{
  const RaPipeSize *s;
  guint n;

  /* 50 L/s: PE100 dn200 (bore 176.2 mm) runs at 2.05 m/s, dn250 (220.4) at 1.31 */
  s = ra_pipe_catalogue_choose (RA_PIPE_MATERIAL_PE100, 50, 1.5);
  g_assert_nonnull (s);
  g_assert_cmpfloat (s->dn_mm, ==, 250);
  g_assert_cmpfloat_with_epsilon (s->inner_mm, 220.4, 1e-9);
  s = ra_pipe_catalogue_choose (RA_PIPE_MATERIAL_PE100, 50, 2.1);
  g_assert_cmpfloat (s->dn_mm, ==, 200);
  /* ductile iron DN300: 326 - 2 x 7.2 - 2 x 3 */
  s = ra_pipe_catalogue_choose (RA_PIPE_MATERIAL_DUCTILE_IRON, 100, 1.5);
  g_assert_cmpfloat (s->dn_mm, ==, 300);
  g_assert_cmpfloat_with_epsilon (s->inner_mm, 305.6, 1e-9);
  /* each size is the smallest that keeps under the velocity */
  for (RaPipeMaterial m = 0; m < RA_PIPE_N_MATERIALS; m++)
    {
      const RaPipeSize *sizes = ra_pipe_catalogue_sizes (m, &n);

      for (double q = 1; q < 2000; q *= 1.37)
        {
          s = ra_pipe_catalogue_choose (m, q, 1.5);
          if (s == NULL)
            {
              double r = sizes[n - 1].inner_mm / 2000;

              g_assert_cmpfloat (q / 1000 / (G_PI * r * r), >, 1.5);
              continue;
            }
          g_assert_cmpfloat (q / 1000 / (G_PI * pow (s->inner_mm / 2000, 2)), <=, 1.5);
          if (s != sizes)
            g_assert_cmpfloat (q / 1000 / (G_PI * pow (s[-1].inner_mm / 2000, 2)), >, 1.5);
        }
    }
  g_assert_null (ra_pipe_catalogue_choose (RA_PIPE_MATERIAL_PE100, 5000, 1.5));
  g_assert_cmpint (ra_pipe_material_parse ("HDPE", RA_PIPE_MATERIAL_STEEL), ==, RA_PIPE_MATERIAL_PE100);
  g_assert_cmpint (ra_pipe_material_parse ("球墨铸铁管", RA_PIPE_MATERIAL_PE100), ==, RA_PIPE_MATERIAL_DUCTILE_IRON);
  g_assert_cmpint (ra_pipe_material_parse ("螺旋焊接钢管", RA_PIPE_MATERIAL_PE100), ==, RA_PIPE_MATERIAL_STEEL);
  g_assert_cmpint (ra_pipe_material_parse (NULL, RA_PIPE_MATERIAL_STEEL), ==, RA_PIPE_MATERIAL_STEEL);
  g_assert_cmpfloat (ra_pipe_material_hw_c (RA_PIPE_MATERIAL_PE100), ==, 140);
}

static void
test_hazen_williams (void)
{
  /* 50 L/s, d 300 mm, 1000 m, C 130.  By hand with the SI textbook form
   * h = 10.67 L Q^1.852 / (C^1.852 d^4.87) = 1.7785 m; EPANET's US-unit
   * constant (4.727, ft, cfs) gives 1.78009 m: within 0.1 % */
  double h = ra_headloss_hazen_williams (50, 300, 1000, 130);

  g_assert_cmpfloat_with_epsilon (h, 1.780093, 1e-5);
  g_assert_cmpfloat (fabs (h - 1.7785) / 1.7785, <, 1e-3);
  /* proportional to length, Q^1.852 */
  g_assert_cmpfloat_with_epsilon (ra_headloss_hazen_williams (50, 300, 2000, 130), 2 * h, 1e-9);
  g_assert_cmpfloat_with_epsilon (ra_headloss_hazen_williams (100, 300, 1000, 130), h * pow (2, 1.852), 1e-9);
  g_assert_cmpfloat (ra_headloss_hazen_williams (0, 300, 1000, 130), ==, 0);
}

static void
test_darcy_weisbach (void)
{
  /* 50 L/s, d 300 mm, e 0.1 mm, 1000 m, EPANET's viscosity 1.1E-5 ft2/s
   * = 1.02193E-6 m2/s, g = 32.2 ft/s2: v = 0.7074 m/s, Re = 207,652,
   * Colebrook–White f = 0.0178413 (iterated by hand from 0.02),
   * h = f L/d v^2/2g = 1.51593 m */
  g_assert_cmpfloat_with_epsilon (ra_headloss_darcy_weisbach (50, 300, 1000, 0.1), 1.515932, 1e-5);
  /* laminar: 0.1 L/s in 300 mm, Re 415: f = 64/Re, h = 5.2375e-5 m */
  g_assert_cmpfloat_with_epsilon (ra_headloss_darcy_weisbach (0.1, 300, 1000, 0.1), 5.23753e-5, 1e-9);
}

/* ------------------------------------------------------------------ */

typedef struct {
  RaStore *store;
  gint64   plant, trunk, branch, spur, u1, u2, u3;
  char    *path;
} Small;

/* A plant; a trunk 1000 m east with a user U1 at 500 m and a spur (tee)
 * from 250 m going 400 m south to U3; a branch from the trunk's end 600 m
 * north to U2. */
static void
small_network (Small *s)
{
  double e250 = ht_dlon (250, LAT0), e500 = ht_dlon (500, LAT0), e1000 = ht_dlon (1000, LAT0);
  g_autofree char *trunk = line2 (LON0, LAT0, LON0 + e1000, LAT0);
  g_autofree char *branch = line2 (LON0 + e1000, LAT0, LON0 + e1000, LAT0 + ht_dlat (600));
  g_autofree char *spur = line2 (LON0 + e250, LAT0, LON0 + e250, LAT0 - ht_dlat (400));

  s->path = tmp_path ("sqlite");
  s->store = ht_project_new (s->path);
  s->plant = ht_plant (s->store, "Plant A", LON0, LAT0);
  s->trunk = ht_pipeline (s->store, "trunk", "PE100", trunk);
  s->branch = ht_pipeline (s->store, "branch", "球墨铸铁管", branch);
  s->spur = ht_pipeline (s->store, "spur", NULL, spur);
  s->u1 = ht_user (s->store, "U one", LON0 + e500, LAT0 + ht_dlat (10));
  s->u2 = ht_user (s->store, "U two", LON0 + e1000, LAT0 + ht_dlat (600));
  s->u3 = ht_user (s->store, "U three", LON0 + e250, LAT0 - ht_dlat (400));
  ht_allocate (s->store, s->u1, s->plant, 10);
  ht_allocate (s->store, s->u2, s->plant, 20);
  ht_allocate (s->store, s->u3, s->plant, 5);
}

static void
small_clear (Small *s)
{
  g_clear_object (&s->store);
  g_free (s->path);
}

static RaHydraulics *
solve (RaStore *store, RaRaster *dem, GError **error)
{
  RaHydraulicsOptions o;

  ra_hydraulics_options_init (&o);
  return ra_hydraulics_new_from_store (store, HT_YEAR, &o, dem, error);
}

static void
test_branched (void)
{
  Small s;
  g_autoptr(GError) error = NULL;
  RaHydraulics *h;
  g_autofree char *t1 = NULL, *t2 = NULL, *t3 = NULL, *b = NULL, *sp = NULL, *u1 = NULL;
  g_autofree char *u2 = NULL, *u3 = NULL, *src = NULL, *json = NULL, *inp = NULL, *text = NULL;
  GArray *nodes, *pipes;
  const RaHydraulicsSource *source;
  double min_pressure = INFINITY;

  small_network (&s);
  h = solve (s.store, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (h);
  nodes = ra_hydraulics_get_nodes (h);
  pipes = ra_hydraulics_get_pipes (h);
  /* the trunk is cut at the tee (250 m) and at U1 (500 m) */
  g_assert_cmpuint (pipes->len, ==, 5);
  t1 = g_strdup_printf ("P%" G_GINT64_FORMAT ".1", s.trunk);
  t2 = g_strdup_printf ("P%" G_GINT64_FORMAT ".2", s.trunk);
  t3 = g_strdup_printf ("P%" G_GINT64_FORMAT ".3", s.trunk);
  b = g_strdup_printf ("P%" G_GINT64_FORMAT, s.branch);
  sp = g_strdup_printf ("P%" G_GINT64_FORMAT, s.spur);
  u1 = g_strdup_printf ("U%" G_GINT64_FORMAT, s.u1);
  u2 = g_strdup_printf ("U%" G_GINT64_FORMAT, s.u2);
  u3 = g_strdup_printf ("U%" G_GINT64_FORMAT, s.u3);
  src = g_strdup_printf ("S%" G_GINT64_FORMAT, s.plant);
  g_assert_cmpfloat (fabs (pipe_by_id (h, t1)->length_m - 250), <, 1);
  g_assert_cmpfloat (fabs (pipe_by_id (h, t2)->length_m - 250), <, 1);
  g_assert_cmpfloat (fabs (pipe_by_id (h, t3)->length_m - 500), <, 1.5);
  g_assert_cmpfloat (fabs (pipe_by_id (h, b)->length_m - 600), <, 1.5);
  /* design flows: the peak demand downstream of each pipe */
  g_assert_cmpfloat_with_epsilon (pipe_by_id (h, t1)->flow_lps, lps (35) * PEAK, 1e-9);
  g_assert_cmpfloat_with_epsilon (pipe_by_id (h, t2)->flow_lps, lps (30) * PEAK, 1e-9);
  g_assert_cmpfloat_with_epsilon (pipe_by_id (h, t3)->flow_lps, lps (20) * PEAK, 1e-9);
  g_assert_cmpfloat_with_epsilon (pipe_by_id (h, b)->flow_lps, lps (20) * PEAK, 1e-9);
  g_assert_cmpfloat_with_epsilon (pipe_by_id (h, sp)->flow_lps, lps (5) * PEAK, 1e-9);
  g_assert_cmpfloat_with_epsilon (pipe_by_id (h, t1)->flow_avg_lps, lps (35), 1e-9);
  /* materials: PE100 named, ductile iron named, the default for none */
  g_assert_cmpint (pipe_by_id (h, t1)->material, ==, RA_PIPE_MATERIAL_PE100);
  g_assert_cmpint (pipe_by_id (h, b)->material, ==, RA_PIPE_MATERIAL_DUCTILE_IRON);
  g_assert_cmpint (pipe_by_id (h, sp)->material, ==, RA_PIPE_MATERIAL_DUCTILE_IRON);
  /* flows run away from the source, heads fall by each pipe's loss
   * (Hazen–Williams with C by material, plus 10 % minor losses) */
  g_assert_cmpstr (g_array_index (nodes, RaHydraulicsNode, pipe_by_id (h, t1)->from).id, ==, src);
  g_assert_cmpstr (g_array_index (nodes, RaHydraulicsNode, pipe_by_id (h, t2)->to).id, ==, u1);
  for (guint i = 0; i < pipes->len; i++)
    {
      const RaHydraulicsPipe *p = &g_array_index (pipes, RaHydraulicsPipe, i);
      const RaHydraulicsNode *from = &g_array_index (nodes, RaHydraulicsNode, p->from);
      const RaHydraulicsNode *to = &g_array_index (nodes, RaHydraulicsNode, p->to);
      double f = ra_headloss_hazen_williams (p->flow_lps, p->inner_mm, p->length_m,
                                             ra_pipe_material_hw_c (p->material));

      g_assert_cmpfloat (f, >, 0);
      g_assert_cmpfloat_with_epsilon (p->headloss_m, 1.1 * f, 1e-12);
      g_assert_cmpfloat_with_epsilon (from->head_m - to->head_m, p->headloss_m, 1e-9);
      g_assert_true (ra_pipe_catalogue_choose (p->material, p->flow_lps, 1.5)->dn_mm == p->dn_mm);
    }
  /* the pump head leaves exactly the residual pressure at the worst user */
  source = &g_array_index (ra_hydraulics_get_sources (h), RaHydraulicsSource, 0);
  g_assert_cmpuint (ra_hydraulics_get_sources (h)->len, ==, 1);
  for (guint i = 0; i < nodes->len; i++)
    {
      const RaHydraulicsNode *n = &g_array_index (nodes, RaHydraulicsNode, i);

      g_assert_cmpfloat (n->elevation_m, ==, 0);
      if (n->kind == RA_HYDRAULICS_NODE_USER)
        min_pressure = MIN (min_pressure, n->pressure_m);
    }
  g_assert_cmpfloat_with_epsilon (min_pressure, 10.2, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (nodes, RaHydraulicsNode, source->worst_node).pressure_m,
                                  10.2, 1e-9);
  g_assert_cmpstr (g_array_index (nodes, RaHydraulicsNode, source->worst_node).id, ==, u2);
  g_assert_cmpfloat_with_epsilon (source->pump_head_m, node_by_id (h, src)->head_m, 1e-9);
  g_assert_cmpfloat_with_epsilon (source->pump_head_m,
                                  10.2 + pipe_by_id (h, t1)->headloss_m + pipe_by_id (h, t2)->headloss_m
                                  + pipe_by_id (h, t3)->headloss_m + pipe_by_id (h, b)->headloss_m, 1e-9);
  g_assert_cmpfloat_with_epsilon (source->flow_lps, lps (35) * PEAK, 1e-9);
  g_assert_cmpfloat_with_epsilon (node_by_id (h, u3)->demand_lps, lps (5) * PEAK, 1e-9);
  g_assert_true (ra_hydraulics_is_flat_ground (h));

  /* JSON and .inp under the same ids */
  json = ra_hydraulics_to_json (h);
  g_assert_nonnull (strstr (json, "\"flat_ground\": true"));
  inp = tmp_path ("inp");
  g_assert_true (ra_hydraulics_write_inp (h, inp, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (inp, &text, NULL, NULL));
  for (guint i = 0; i < pipes->len; i++)
    {
      const RaHydraulicsPipe *p = &g_array_index (pipes, RaHydraulicsPipe, i);
      g_autofree char *line = g_strdup_printf ("\n%s\t%s\t%s\t", p->id,
                                               g_array_index (nodes, RaHydraulicsNode, p->from).id,
                                               g_array_index (nodes, RaHydraulicsNode, p->to).id);
      g_autofree char *key = g_strdup_printf ("\"id\": \"%s\"", p->id);

      g_assert_nonnull (strstr (text, line));
      g_assert_nonnull (strstr (json, key));
    }
  for (guint i = 0; i < nodes->len; i++)
    {
      g_autofree char *line = g_strdup_printf ("\n%s\t", g_array_index (nodes, RaHydraulicsNode, i).id);

      g_assert_nonnull (strstr (text, line));
    }
  g_assert_nonnull (strstr (text, "[PUMPS]"));
  {
    g_autofree char *pump = g_strdup_printf ("\nPU%" G_GINT64_FORMAT "\tR%" G_GINT64_FORMAT "\t%s\tHEAD C",
                                             s.plant, s.plant, src);

    g_assert_nonnull (strstr (text, pump));
  }
  g_assert_nonnull (strstr (text, "Units\tLPS"));
  g_assert_nonnull (strstr (text, "Headloss\tH-W"));
  g_assert_nonnull (strstr (text, "[END]"));
  ra_hydraulics_free (h);
  small_clear (&s);
}

/* A design flow typed for a pipeline: more than its users take, the rest
 * leaves at its end (a demand there: the pipes upstream carry it too);
 * less, the allocations' flow stays and a message names the pipe; cleared,
 * all is as before.  Kept in the project as one undoable setting. */
static void
test_typed_design_flow (void)
{
  Small s;
  g_autoptr(GError) error = NULL;
  RaHydraulics *h;
  g_autofree char *t1 = NULL, *b = NULL;
  double branch_flow = lps (20) * PEAK, typed = branch_flow + 12.0;
  const RaHydraulicsNode *end;

  small_network (&s);
  t1 = g_strdup_printf ("P%" G_GINT64_FORMAT ".1", s.trunk);
  b = g_strdup_printf ("P%" G_GINT64_FORMAT, s.branch);
  g_assert_true (isnan (ra_hydraulics_get_design_flow (s.store, s.branch)));
  g_assert_true (ra_hydraulics_set_design_flow (s.store, s.branch, typed, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (ra_hydraulics_get_design_flow (s.store, s.branch), typed, 1e-9);

  h = solve (s.store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (pipe_by_id (h, b)->flow_lps, typed, 1e-9);
  g_assert_cmpfloat_with_epsilon (pipe_by_id (h, b)->typed_flow_lps, typed, 1e-9);
  g_assert_true (isnan (pipe_by_id (h, t1)->typed_flow_lps));
  g_assert_cmpfloat_with_epsilon (pipe_by_id (h, t1)->flow_lps, lps (35) * PEAK + 12.0, 1e-9);
  end = &g_array_index (ra_hydraulics_get_nodes (h), RaHydraulicsNode, pipe_by_id (h, b)->to);
  g_assert_cmpfloat_with_epsilon (end->demand_lps, typed, 1e-9);
  /* the source sends it all */
  g_assert_cmpfloat_with_epsilon (
    g_array_index (ra_hydraulics_get_sources (h), RaHydraulicsSource, 0).flow_lps,
    lps (35) * PEAK + 12.0, 1e-9);
  ra_hydraulics_free (h);

  /* Less than the users take: kept as allocated, said. */
  g_assert_true (ra_hydraulics_set_design_flow (s.store, s.branch, branch_flow / 2, &error));
  h = solve (s.store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (pipe_by_id (h, b)->flow_lps, branch_flow, 1e-9);
  {
    GPtrArray *messages = ra_hydraulics_get_messages (h);
    gboolean said = FALSE;

    for (guint i = 0; i < messages->len; i++)
      said |= strstr (g_ptr_array_index (messages, i), "typed") != NULL
              && strstr (g_ptr_array_index (messages, i), b) != NULL;
    g_assert_true (said);
  }
  ra_hydraulics_free (h);

  /* Cleared (and undone back to the typed value). */
  g_assert_true (ra_hydraulics_set_design_flow (s.store, s.branch, NAN, &error));
  g_assert_true (isnan (ra_hydraulics_get_design_flow (s.store, s.branch)));
  g_assert_true (ra_store_undo (s.store, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (ra_hydraulics_get_design_flow (s.store, s.branch),
                                  branch_flow / 2, 1e-9);
  small_clear (&s);
}

/* The project's settings drive a run given no options. */
static void
test_settings (void)
{
  Small s;
  g_autoptr(GError) error = NULL;
  RaHydraulicsOptions o;
  RaHydraulics *h;
  GArray *nodes;
  double min_p = INFINITY;
  g_autofree char *spur_id = NULL;

  small_network (&s);
  g_assert_true (ra_store_set_setting (s.store, RA_HYDRAULICS_SETTING_FORMULA, "dw", &error));
  g_assert_true (ra_store_set_setting (s.store, RA_HYDRAULICS_SETTING_RESIDUAL_M, "20", &error));
  g_assert_true (ra_store_set_setting (s.store, RA_HYDRAULICS_SETTING_MATERIAL, "steel", &error));
  g_assert_true (ra_store_set_setting (s.store, RA_HYDRAULICS_SETTING_DAILY_PEAK, "1.2", &error));
  g_assert_true (ra_store_set_setting (s.store, RA_HYDRAULICS_SETTING_HOURLY_PEAK, "99", &error));
  g_assert_no_error (error);
  ra_hydraulics_options_from_store (&o, s.store);
  g_assert_cmpint (o.formula, ==, RA_HYDRAULICS_DARCY_WEISBACH);
  g_assert_cmpfloat (o.residual_m, ==, 20);
  g_assert_cmpint (o.material, ==, RA_PIPE_MATERIAL_STEEL);
  g_assert_cmpfloat (o.daily_peak_factor, ==, 1.2);
  g_assert_cmpfloat (o.hourly_peak_factor, ==, 1.5);   /* out of range: the default */
  h = ra_hydraulics_new_from_store (s.store, HT_YEAR, NULL, NULL, &error);
  g_assert_no_error (error);
  nodes = ra_hydraulics_get_nodes (h);
  for (guint i = 0; i < nodes->len; i++)
    if (g_array_index (nodes, RaHydraulicsNode, i).kind == RA_HYDRAULICS_NODE_USER)
      min_p = MIN (min_p, g_array_index (nodes, RaHydraulicsNode, i).pressure_m);
  g_assert_cmpfloat_with_epsilon (min_p, 20, 1e-9);
  for (guint i = 0; i < ra_hydraulics_get_pipes (h)->len; i++)
    {
      const RaHydraulicsPipe *p = &g_array_index (ra_hydraulics_get_pipes (h), RaHydraulicsPipe, i);

      g_assert_cmpfloat_with_epsilon (p->friction_m, ra_headloss_darcy_weisbach (p->flow_lps, p->inner_mm,
                                                                                 p->length_m, p->roughness), 1e-12);
      g_assert_cmpfloat (p->roughness, ==, ra_pipe_material_roughness_mm (p->material));
      if (p->pipeline_id == s.spur)   /* names no material: the setting's */
        g_assert_cmpint (p->material, ==, RA_PIPE_MATERIAL_STEEL);
    }
  spur_id = g_strdup_printf ("P%" G_GINT64_FORMAT, s.spur);
  g_assert_cmpfloat_with_epsilon (pipe_by_id (h, spur_id)->flow_lps,
                                  lps (5) * 1.2 * 1.5, 1e-9);
  ra_hydraulics_free (h);
  small_clear (&s);
}

static void
assert_refused (RaStore *store, const char *needle1, const char *needle2)
{
  g_autoptr(GError) error = NULL;
  RaHydraulics *h = solve (store, NULL, &error);

  g_assert_null (h);
  g_assert_nonnull (error);
  if (g_test_verbose ())
    g_printerr ("%s\n", error->message);
  g_assert_nonnull (strstr (error->message, needle1));
  g_assert_nonnull (strstr (error->message, needle2));
}

static void
test_loop_refused (void)
{
  Small s;
  g_autofree char *close = NULL, *name = NULL;
  gint64 id;

  small_network (&s);
  /* the branch's end back to U3: a loop */
  close = line2 (LON0 + ht_dlon (1000, LAT0), LAT0 + ht_dlat (600), LON0 + ht_dlon (250, LAT0),
                 LAT0 - ht_dlat (400));
  id = ht_pipeline (s.store, "closing", NULL, close);
  name = g_strdup_printf ("pipeline %" G_GINT64_FORMAT " “closing”", id);
  assert_refused (s.store, name, "loop");
  small_clear (&s);
}

static void
test_disconnected_refused (void)
{
  Small s;
  g_autofree char *stray = NULL, *name = NULL;
  gint64 id;

  small_network (&s);
  stray = line2 (LON0 + 0.2, LAT0 + 0.1, LON0 + 0.21, LAT0 + 0.1);
  id = ht_pipeline (s.store, "stray", NULL, stray);
  name = g_strdup_printf ("pipeline %" G_GINT64_FORMAT " “stray”", id);
  assert_refused (s.store, name, "not connected to a plant");
  small_clear (&s);
}

static void
test_two_plants_refused (void)
{
  Small s;
  gint64 b;

  small_network (&s);
  b = ht_plant (s.store, "Plant B", LON0 + ht_dlon (1000, LAT0), LAT0 + ht_dlat (600));
  ht_allocate (s.store, s.u1, b, 3);
  assert_refused (s.store, "“Plant A”", "“Plant B”");
  small_clear (&s);
}

static void
test_over_capacity_refused (void)
{
  Small s;
  g_autofree char *name = NULL;

  small_network (&s);
  /* 60,000 x 10^4 m3/a: 1.9 m3/s average, 3.7 at peak: more than PE100
   * dn1200 carries at 1.5 m/s */
  ht_allocate (s.store, s.u1, s.plant, 60000);
  name = g_strdup_printf ("pipeline %" G_GINT64_FORMAT " “trunk” (P%" G_GINT64_FORMAT ".1)",
                          s.trunk, s.trunk);
  assert_refused (s.store, name, "catalogue");
  small_clear (&s);
}

static void
test_user_off_network (void)
{
  Small s;
  g_autoptr(GError) error = NULL;
  RaHydraulics *h;
  GPtrArray *msgs;
  gboolean found = FALSE;
  gint64 far;

  small_network (&s);
  far = ht_user (s.store, "far away", LON0, LAT0 + 0.05);
  ht_allocate (s.store, far, s.plant, 4);
  h = solve (s.store, NULL, &error);
  g_assert_no_error (error);
  msgs = ra_hydraulics_get_messages (h);
  for (guint i = 0; i < msgs->len; i++)
    found |= strstr (g_ptr_array_index (msgs, i), "“far away”") != NULL;
  g_assert_true (found);
  ra_hydraulics_free (h);
  small_clear (&s);
}

/* ------------------------------------------------------------------ */
/* A synthetic DEM: a plain at 1500 m rising 1 % northwards, and a round
 * hill 60 m high (sigma 300 m) 1480 m east of the plant. */

#define HILL_EAST_M 1480.0
static double hill_east_m = HILL_EAST_M;

static double
ground (double lon, double lat, gpointer data)
{
  double x = (lon - LON0) * 111195.08 * cos (LAT0 * G_PI / 180.0) - hill_east_m;
  double y = (lat - LAT0) * 111195.08;

  (void) data;
  return 1500 + 0.01 * y + 60 * exp (-(x * x + y * y) / (2 * 300.0 * 300.0));
}

typedef struct {
  RaStore *store;
  char    *path;
  gint64   plant, main, side, east, north;
  double   vertices[10];
} Hill;

/* A main 3 km east over the hill (vertices at 0, 700, 2300, 2700,
 * 3000 m) to a user, a side pipeline 1 km north from 2300 m to a user. */
static void
hill_network (Hill *s)
{
  static const double at[] = { 0, 700, 2300, 2700, 3000 };
  g_autoptr(GString) wkt = g_string_new ("LINESTRING (");
  g_autofree char *side = NULL;

  for (guint i = 0; i < 5; i++)
    {
      char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];

      s->vertices[2 * i] = LON0 + ht_dlon (at[i], LAT0);
      s->vertices[2 * i + 1] = LAT0 + (i == 3 ? ht_dlat (20) : 0);
      g_string_append_printf (wkt, "%s%s %s", i > 0 ? ", " : "",
                              g_ascii_formatd (a, sizeof a, "%.9f", s->vertices[2 * i]),
                              g_ascii_formatd (b, sizeof b, "%.9f", s->vertices[2 * i + 1]));
    }
  g_string_append_c (wkt, ')');
  side = line2 (s->vertices[4], s->vertices[5], s->vertices[4], LAT0 + ht_dlat (1000));
  s->path = tmp_path ("sqlite");
  s->store = ht_project_new (s->path);
  s->plant = ht_plant (s->store, "Hill plant", LON0, LAT0);
  s->main = ht_pipeline (s->store, "over the hill", "钢管", wkt->str);
  s->side = ht_pipeline (s->store, "side", "PE100", side);
  s->east = ht_user (s->store, "east", s->vertices[8], s->vertices[9]);
  s->north = ht_user (s->store, "north", s->vertices[4], LAT0 + ht_dlat (1000));
  ht_allocate (s->store, s->east, s->plant, 40);
  ht_allocate (s->store, s->north, s->plant, 10);
}

static RaRaster *
hill_dem (double east_m)
{
  g_autofree char *path = tmp_path ("tif");
  g_autoptr(GError) error = NULL;
  RaRaster *dem;

  ht_write_dem (path, LON0 - ht_dlon (300, LAT0), LAT0 - ht_dlat (300), LON0 + ht_dlon (east_m, LAT0),
                LAT0 + ht_dlat (1300), 10, ground, NULL);
  dem = ra_raster_open (path, &error);
  g_assert_no_error (error);
  return dem;
}

static void
test_dem_hill (void)
{
  Hill s;
  g_autoptr(RaRaster) dem = hill_dem (3300);
  g_autoptr(GError) error = NULL;
  g_autoptr(RaProfileChartData) profile = NULL;
  g_autoptr(GArray) low = NULL;
  g_autofree char *main_id = NULL, *east = NULL, *json = NULL, *src_id = NULL, *main2_id = NULL;
  RaHydraulics *h;
  GArray *samples, *valves, *nodes, *stretches;
  const RaHydraulicsPipe *mp;
  const RaHydraulicsSource *src;
  double min_p = INFINITY, prev = -1;
  gboolean valve_on_hill = FALSE, low_on_hill = FALSE, source_mark = FALSE, user_mark = FALSE;
  gboolean valve_mark = FALSE;

  hill_network (&s);
  h = solve (s.store, dem, &error);
  g_assert_no_error (error);
  g_assert_false (ra_hydraulics_is_flat_ground (h));
  /* the main is cut where the side pipeline joins it (2300 m) */
  main_id = g_strdup_printf ("P%" G_GINT64_FORMAT ".1", s.main);
  mp = pipe_by_id (h, main_id);
  /* geodesic on the ellipsoid, placed on the mean sphere: within 0.5 % */
  g_assert_cmpfloat (fabs (mp->length_m - 2300), <, 0.005 * 2300);
  samples = ra_hydraulics_get_samples (h);
  /* samples at most 50 m apart, the first and last at the pipe's ends,
   * every vertex among them, the ground bilinear from the DEM */
  g_assert_cmpuint (mp->n_samples, >=, 2300 / 50 + 2);
  for (guint k = 0; k < mp->n_samples; k++)
    {
      const RaHydraulicsSample *x = &g_array_index (samples, RaHydraulicsSample, mp->first_sample + k);

      if (k > 0)
        g_assert_cmpfloat (x->chainage_m - prev, <=, 50 + 1e-6);
      prev = x->chainage_m;
      g_assert_cmpfloat (fabs (x->ground_m - ground (x->lon, x->lat, NULL)), <, 0.05);
    }
  g_assert_cmpfloat (prev, ==, mp->length_m);
  for (guint v = 0; v < 3; v++)
    {
      gboolean seen = FALSE;

      for (guint k = 0; k < mp->n_samples && !seen; k++)
        {
          const RaHydraulicsSample *x = &g_array_index (samples, RaHydraulicsSample, mp->first_sample + k);

          seen = fabs (x->lon - s.vertices[2 * v]) < 1e-9 && fabs (x->lat - s.vertices[2 * v + 1]) < 1e-9;
        }
      g_assert_true (seen);
    }
  /* an air valve at the hill top, and only there */
  valves = ra_hydraulics_get_air_valves (h);
  for (guint i = 0; i < valves->len; i++)
    {
      const RaHydraulicsSample *v = &g_array_index (valves, RaHydraulicsSample, i);

      g_assert_cmpstr (g_array_index (ra_hydraulics_get_pipes (h), RaHydraulicsPipe, v->pipe).id, ==, main_id);
      g_assert_cmpfloat (fabs (v->chainage_m - HILL_EAST_M), <=, 50);
      valve_on_hill = TRUE;
    }
  g_assert_true (valve_on_hill);
  g_assert_cmpuint (valves->len, ==, 1);
  /* pump head: the residual pressure at the worst user, no less anywhere */
  nodes = ra_hydraulics_get_nodes (h);
  src = &g_array_index (ra_hydraulics_get_sources (h), RaHydraulicsSource, 0);
  for (guint i = 0; i < nodes->len; i++)
    {
      const RaHydraulicsNode *n = &g_array_index (nodes, RaHydraulicsNode, i);

      g_assert_cmpfloat (fabs (n->elevation_m - ground (n->lon, n->lat, NULL)), <, 0.05);
      if (n->kind == RA_HYDRAULICS_NODE_USER)
        min_p = MIN (min_p, n->pressure_m);
    }
  g_assert_cmpfloat_with_epsilon (min_p, 10.2, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (nodes, RaHydraulicsNode, src->worst_node).pressure_m, 10.2, 1e-9);
  src_id = g_strdup_printf ("S%" G_GINT64_FORMAT, s.plant);
  g_assert_cmpfloat_with_epsilon (src->pump_head_m,
                                  node_by_id (h, src_id)->head_m - node_by_id (h, src_id)->elevation_m, 1e-9);
  /* the hill rises above the grade line less the residual: flagged */
  stretches = ra_hydraulics_get_low_pressure (h);
  for (guint i = 0; i + 1 < stretches->len; i += 2)
    {
      const RaHydraulicsSample *a = &g_array_index (stretches, RaHydraulicsSample, i);
      const RaHydraulicsSample *b = &g_array_index (stretches, RaHydraulicsSample, i + 1);

      if (a->pipe == (guint) (mp - (RaHydraulicsPipe *) (gpointer) ra_hydraulics_get_pipes (h)->data)
          && a->chainage_m <= HILL_EAST_M && b->chainage_m >= HILL_EAST_M)
        low_on_hill = TRUE;
    }
  g_assert_true (low_on_hill);

  /* the profile to the east user */
  east = g_strdup_printf ("U%" G_GINT64_FORMAT, s.east);
  profile = ra_hydraulics_profile (h, east, &error);
  g_assert_no_error (error);
  g_assert_false (profile->flat_ground);
  g_assert_cmpfloat (profile->residual_m, ==, 10.2);
  prev = -1;
  for (guint k = 0; k < profile->samples->len; k++)
    {
      const RaProfileSample *x = &g_array_index (profile->samples, RaProfileSample, k);

      g_assert_cmpfloat (x->chainage_m, >, prev);
      g_assert_cmpfloat (x->chainage_m - MAX (prev, 0), <=, 50 + 1e-6);
      g_assert_cmpfloat_with_epsilon (x->pipe_m, x->ground_m - 1.5, 1e-9);
      prev = x->chainage_m;
    }
  main2_id = g_strdup_printf ("P%" G_GINT64_FORMAT ".2", s.main);
  g_assert_cmpfloat_with_epsilon (prev, mp->length_m + pipe_by_id (h, main2_id)->length_m, 1e-6);
  /* the grade line: the source's head at 0, the user's at the end */
  g_assert_cmpfloat_with_epsilon (g_array_index (profile->samples, RaProfileSample, 0).hgl_m,
                                  src->pump_head_m + g_array_index (nodes, RaHydraulicsNode, src->node).elevation_m, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (profile->samples, RaProfileSample, profile->samples->len - 1).hgl_m,
                                  node_by_id (h, east)->head_m, 1e-9);
  for (guint k = 0; k < profile->marks->len; k++)
    {
      const RaProfileMark *m = &g_array_index (profile->marks, RaProfileMark, k);

      if (m->kind == RA_PROFILE_MARK_SOURCE)
        source_mark = m->value_m == src->pump_head_m && m->chainage_m == 0;
      if (m->kind == RA_PROFILE_MARK_USER)
        user_mark = m->value_m == node_by_id (h, east)->pressure_m && fabs (m->chainage_m - prev) < 1e-6;
      if (m->kind == RA_PROFILE_MARK_AIR_VALVE)
        valve_mark = fabs (m->chainage_m - HILL_EAST_M) <= 50;
    }
  g_assert_true (source_mark);
  g_assert_true (user_mark);
  g_assert_true (valve_mark);
  low = ra_profile_chart_low_pressure (profile);
  g_assert_cmpuint (low->len, >=, 2);
  g_assert_null (ra_hydraulics_profile (h, "U999999", &error));
  g_assert_error (error, RA_ERROR, RA_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (ra_hydraulics_profile (h, src_id, &error));
  g_assert_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  json = ra_hydraulics_to_json (h);
  g_assert_nonnull (strstr (json, "\"flat_ground\": false"));
  g_assert_nonnull (strstr (json, "\"air_valves\": [\n    {\"pipe\": "));
  ra_hydraulics_free (h);
  g_clear_object (&s.store);
  g_free (s.path);
}

/* The hill's top on the tee where the side pipeline leaves the main: the
 * crest is the end of one pipe and the start of two, its flanks in each. */
static void
test_dem_air_valve_at_tee (void)
{
  Hill s;
  g_autoptr(RaRaster) dem = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *main_id = NULL;
  RaHydraulics *h;
  GArray *valves;
  const RaHydraulicsPipe *mp;
  const RaHydraulicsSample *v;

  hill_east_m = 2300;
  dem = hill_dem (3300);
  hill_network (&s);
  h = solve (s.store, dem, &error);
  hill_east_m = HILL_EAST_M;
  g_assert_no_error (error);
  main_id = g_strdup_printf ("P%" G_GINT64_FORMAT ".1", s.main);
  mp = pipe_by_id (h, main_id);
  valves = ra_hydraulics_get_air_valves (h);
  g_assert_cmpuint (valves->len, ==, 1);
  v = &g_array_index (valves, RaHydraulicsSample, 0);
  g_assert_cmpstr (g_array_index (ra_hydraulics_get_pipes (h), RaHydraulicsPipe, v->pipe).id, ==, main_id);
  g_assert_cmpfloat (v->chainage_m, ==, mp->length_m);
  g_assert_cmpfloat (fabs (v->lon - s.vertices[4]), <, 1e-9);
  ra_hydraulics_free (h);
  g_clear_object (&s.store);
  g_free (s.path);
}

static void
test_dem_not_covering (void)
{
  Hill s;
  g_autoptr(RaRaster) dem = hill_dem (2000);   /* the main runs to 3000 m */
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL, *base = g_path_get_basename (ra_raster_get_path (dem));
  RaHydraulics *h;

  hill_network (&s);
  h = solve (s.store, dem, &error);
  g_assert_null (h);
  g_assert_error (error, RA_ERROR, RA_ERROR_NOT_FOUND);
  name = g_strdup_printf ("pipeline %" G_GINT64_FORMAT " “over the hill”", s.main);
  g_assert_nonnull (strstr (error->message, name));
  g_assert_nonnull (strstr (error->message, base));
  g_clear_object (&s.store);
  g_free (s.path);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  ra_core_init ();
  tmpdir = g_dir_make_tmp ("ra-hydraulics-XXXXXX", NULL);
  g_test_add_func ("/hydraulics/catalogue/dn-choice", test_catalogue);
  g_test_add_func ("/hydraulics/headloss/hazen-williams", test_hazen_williams);
  g_test_add_func ("/hydraulics/headloss/darcy-weisbach", test_darcy_weisbach);
  g_test_add_func ("/hydraulics/solve/branched", test_branched);
  g_test_add_func ("/hydraulics/solve/user-off-network", test_user_off_network);
  g_test_add_func ("/hydraulics/solve/project-settings", test_settings);
  g_test_add_func ("/hydraulics/solve/typed-design-flow", test_typed_design_flow);
  g_test_add_func ("/hydraulics/refuse/loop", test_loop_refused);
  g_test_add_func ("/hydraulics/refuse/disconnected", test_disconnected_refused);
  g_test_add_func ("/hydraulics/refuse/two-plants", test_two_plants_refused);
  g_test_add_func ("/hydraulics/refuse/over-capacity", test_over_capacity_refused);
  g_test_add_func ("/hydraulics/dem/hill-profile", test_dem_hill);
  g_test_add_func ("/hydraulics/dem/air-valve-at-tee", test_dem_air_valve_at_tee);
  g_test_add_func ("/hydraulics/dem/not-covering", test_dem_not_covering);
  status = g_test_run ();
  if (g_getenv ("RA_TEST_KEEP") == NULL)
    {
      g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);

      if (system (cmd) != 0)
        g_printerr ("could not remove %s\n", tmpdir);
    }
  g_free (tmpdir);
  return status;
}
