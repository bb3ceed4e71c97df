/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The water balance at scale (issue 16): a synthetic region of 500 plants,
 * 50,000 pipeline segments (each its own pipeline, a tree of 100 around
 * each plant) and 20,000 users (most near a plant's network, some
 * anywhere), from a fixed seed.  Prints wall time, CPU time and peak RSS of
 * building the model and graph, the checks, the optimal proposal and the
 * greedy baseline, and the volume each proposal serves.  Goals: checks
 * < 1 s, proposal < 10 s.
 *
 *   ra-bench-balance [--users N] [--plants N] [--segments N] [--seed S] */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "balance-test-util.h"

static const char * const sectors[] = {
  "high_water_industry", "urban_nonpotable", "coal_mining",
  "landscape_ecological", "agriculture", "other_industry",
};
static const char * const uses[] = {
  "industry", "urban_nonpotable", "green_irrigation", "landscape", "farmland",
};
static const double dns[] = { 200, 300, 400, 600 };

#define KM_LON (111.195 * 0.777)   /* km per degree of longitude near 39°N */
#define KM_LAT 111.195

typedef struct {
  gint64 t_wall;
  double t_cpu;
} Mark;

static double
cpu_seconds (void)
{
  return (double) clock () / CLOCKS_PER_SEC;
}

static long
peak_rss_mb (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024;
}

static Mark
mark (void)
{
  return (Mark) { g_get_monotonic_time (), cpu_seconds () };
}

static void
report (const char *what, Mark m, const char *extra)
{
  g_print ("%-22s wall %8.3f s  cpu %8.3f s  peak RSS %5ld MB  %s\n", what,
           (g_get_monotonic_time () - m.t_wall) / 1e6, cpu_seconds () - m.t_cpu,
           peak_rss_mb (), extra ? extra : "");
}

int
main (int argc, char **argv)
{
  int n_users = 20000, n_plants = 500, n_segments = 50000, seed = 16;
  GOptionEntry entries[] = {
    { "users", 0, 0, G_OPTION_ARG_INT, &n_users, "users", "N" },
    { "plants", 0, 0, G_OPTION_ARG_INT, &n_plants, "plants", "N" },
    { "segments", 0, 0, G_OPTION_ARG_INT, &n_segments, "pipeline segments", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "random seed", "S" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rng = NULL;
  RaBalanceInput *in;
  RaBalance *b;
  RaBalanceProposal *opt, *greedy;
  g_autoptr(GListModel) findings = NULL;
  g_autofree double *plon = NULL, *plat = NULL;
  GArray **verts;     /* per plant: its network's vertices (lon, lat) */
  double total_demand = 0, total_supply = 0;
  int cols = (int) ceil (sqrt (n_plants * 2.0)), seg_per_plant;
  gint64 pipe_id = 1;
  Mark m;
  char line[256];

  setlocale (LC_ALL, "C.UTF-8");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  rng = g_rand_new_with_seed ((guint32) seed);
  seg_per_plant = MAX (1, n_segments / MAX (1, n_plants));

  m = mark ();
  in = bt_input_new (2030);
  bt_add_unit_cost (in, 300, 120);
  plon = g_new (double, n_plants);
  plat = g_new (double, n_plants);
  verts = g_new0 (GArray *, n_plants);

  /* Plants on a jittered grid 25 km apart, in pairs 6 km apart (so some
   * users can choose between two plants). */
  for (int p = 0; p < n_plants; p++)
    {
      int cell = p / 2;
      double lon = 100.0 + (cell % cols) * 25.0 / KM_LON + g_rand_double_range (rng, -0.02, 0.02);
      double lat = 36.0 + (cell / cols) * 25.0 / KM_LAT + g_rand_double_range (rng, -0.02, 0.02);
      /* 10% meet only the landscape and farmland standards */
      const char *meets = g_rand_double (rng) < 0.1 ? "GB/T 18921-2019;GB 5084-2021"
        : "SL368-2006;GB/T 18920-2020;GB/T 25499-2010;GB/T 18921-2019;GB 5084-2021";
      g_autofree char *name = g_strdup_printf ("plant %d", p);

      if (p % 2 == 1)
        lon += 6.0 / KM_LON;
      plon[p] = lon;
      plat[p] = lat;
      bt_add_plant (in, p + 1, name, "620702", "wwtp", g_rand_double_range (rng, 5000, 100000),
                    meets, lon, lat);
      verts[p] = g_array_new (FALSE, FALSE, sizeof (double));
      g_array_append_val (verts[p], lon);
      g_array_append_val (verts[p], lat);
    }

  /* Each plant's network: a random tree of segments 0.3-1.0 km long, each
   * starting at a vertex already on the tree. */
  for (int p = 0; p < n_plants; p++)
    for (int s = 0; s < seg_per_plant && pipe_id <= n_segments; s++)
      {
        guint nv = verts[p]->len / 2, from = g_rand_int_range (rng, 0, (gint32) nv);
        double ang = g_rand_double_range (rng, 0, 2 * G_PI);
        double len = g_rand_double_range (rng, 0.3, 1.0);
        double xy[4];

        xy[0] = g_array_index (verts[p], double, 2 * from);
        xy[1] = g_array_index (verts[p], double, 2 * from + 1);
        xy[2] = xy[0] + len * cos (ang) / KM_LON;
        xy[3] = xy[1] + len * sin (ang) / KM_LAT;
        g_array_append_vals (verts[p], xy + 2, 2);
        bt_add_pipeline (in, pipe_id++, NULL, dns[g_rand_int_range (rng, 0, G_N_ELEMENTS (dns))], xy, 2);
      }

  /* Users: 75 % within 2 km of a vertex of some plant's network, the rest
   * anywhere in the region (many out of reach). */
  for (int u = 0; u < n_users; u++)
    {
      double lon, lat, demand = g_rand_double_range (rng, 5, 100);
      const char *sector = sectors[g_rand_int_range (rng, 0, G_N_ELEMENTS (sectors))];
      const char *use = uses[g_rand_int_range (rng, 0, G_N_ELEMENTS (uses))];

      if (g_rand_double (rng) < 0.75)
        {
          int p = g_rand_int_range (rng, 0, n_plants);
          guint v = g_rand_int_range (rng, 0, (gint32) (verts[p]->len / 2));
          double r = g_rand_double_range (rng, 0, 2.0), ang = g_rand_double_range (rng, 0, 2 * G_PI);

          lon = g_array_index (verts[p], double, 2 * v) + r * cos (ang) / KM_LON;
          lat = g_array_index (verts[p], double, 2 * v + 1) + r * sin (ang) / KM_LAT;
        }
      else
        {
          lon = 100.0 + g_rand_double_range (rng, 0, cols * 25.0 / KM_LON);
          lat = 36.0 + g_rand_double_range (rng, 0, (n_plants / 2.0 / cols + 1) * 25.0 / KM_LAT);
        }
      bt_add_user (in, u + 1, NULL, "620702", sector, use,
                   g_rand_double (rng) < 0.05 ? "no" : "yes", demand, lon, lat);
      total_demand += demand;
    }
  /* Supply short of demand overall (about 60 %), so plants compete. */
  for (int p = 0; p < n_plants; p++)
    {
      double treated = 0.6 * total_demand / n_plants * g_rand_double_range (rng, 0.5, 1.5);

      bt_add_supply (in, p + 1, treated, NAN);
      total_supply += treated;
    }
  for (int p = 0; p < n_plants; p++)
    g_array_unref (verts[p]);
  g_free (verts);
  g_snprintf (line, sizeof line, "(%d users, %d plants, %d segments; demand %.0f, supply %.0f ×10⁴ m³/a)",
              n_users, n_plants, (int) (pipe_id - 1), total_demand, total_supply);
  report ("synthetic input", m, line);

  m = mark ();
  b = ra_balance_new_from_input (in, NULL);
  {
    guint n_cand = b->graph->candidates->len;

    g_snprintf (line, sizeof line, "(graph alone %.3f s; %u candidate pairs, %.1f per user)",
                b->graph->seconds, n_cand, (double) n_cand / MAX (1, n_users));
  }
  report ("model + graph", m, line);

  m = mark ();
  findings = ra_balance_check (b);
  g_snprintf (line, sizeof line, "(%u findings)", g_list_model_get_n_items (findings));
  report ("checks", m, line);

  m = mark ();
  greedy = ra_balance_propose_greedy (b);
  g_snprintf (line, sizeof line, "(served %.1f, weighted %.1f, new pipe %.1f km)",
              greedy->served, greedy->served_weighted, greedy->new_pipe_km);
  report ("greedy baseline", m, line);

  m = mark ();
  opt = ra_balance_propose (b, &error);
  g_assert_no_error (error);
  g_snprintf (line, sizeof line, "(served %.1f, weighted %.1f, new pipe %.1f km, cost %.0f ×10⁴ yuan)",
              opt->served, opt->served_weighted, opt->new_pipe_km, opt->cost_wan);
  report ("optimal proposal", m, line);
  {
    guint limits[RA_BALANCE_LIMIT_PIPE_CAPACITY + 1] = { 0 };
    GArray *users = ra_balance_get_users (b);

    for (guint i = 0; i < users->len; i++)
      limits[g_array_index (users, RaBalanceUser, i).limit]++;
    g_print ("limits: none %u, not able %u, no plant in reach %u, supply %u, quality %u, pipe capacity %u\n",
             limits[0], limits[1], limits[2], limits[3], limits[4], limits[5]);
  }
  g_print ("optimum − greedy: served %+.1f, weighted %+.1f\n",
           opt->served - greedy->served, opt->served_weighted - greedy->served_weighted);
  if (opt->served_weighted < greedy->served_weighted - 1e-6)
    {
      g_printerr ("the optimum serves less weighted volume than the greedy baseline\n");
      return 1;
    }
  ra_balance_proposal_free (opt);
  ra_balance_proposal_free (greedy);
  ra_balance_free (b);
  return 0;
}
