/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ra-core.h"

static void
random_box (GRand *rand, RaBBox *b, double span, double max_size)
{
  double x = g_rand_double_range (rand, 0, span);
  double y = g_rand_double_range (rand, 0, span);

  b->x0 = x;
  b->y0 = y;
  b->x1 = x + g_rand_double_range (rand, 0, max_size);
  b->y1 = y + g_rand_double_range (rand, 0, max_size);
}

static void
check_against_brute_force (guint n, guint n_queries, guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree RaBBox *boxes = g_new (RaBBox, MAX (n, 1));
  g_autoptr(RaIndex) index = NULL;
  g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) want = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < n; i++)
    {
      random_box (rand, &boxes[i], 1000, 30);
      /* Some features have no geometry. */
      if (g_rand_int_range (rand, 0, 50) == 0)
        boxes[i] = RA_BBOX_EMPTY;
    }
  index = ra_index_new (boxes, n);

  for (guint q = 0; q < n_queries; q++)
    {
      RaBBox query;

      random_box (rand, &query, 1000, q % 10 == 0 ? 600 : 60);
      g_array_set_size (got, 0);
      g_array_set_size (want, 0);
      /* Appends after existing content. */
      {
        guint sentinel = G_MAXUINT;
        g_array_append_val (got, sentinel);
      }
      ra_index_query (index, &query, got);
      g_array_remove_index (got, 0);
      for (guint i = 0; i < n; i++)
        if (ra_bbox_intersects (&boxes[i], &query))
          g_array_append_val (want, i);
      g_assert_cmpuint (got->len, ==, want->len);
      if (want->len > 0)
        g_assert_cmpmem (got->data, got->len * sizeof (guint),
                         want->data, want->len * sizeof (guint));
    }
}

static void
test_random (void)
{
  check_against_brute_force (5000, 300, 42);
  check_against_brute_force (17, 100, 7);
  check_against_brute_force (256, 100, 8);
  check_against_brute_force (4097, 100, 9);
}

static void
test_small (void)
{
  RaBBox one = { 0, 0, 1, 1 }, q = { 0.5, 0.5, 2, 2 }, far = { 5, 5, 6, 6 };
  RaBBox empty = RA_BBOX_EMPTY;
  g_autoptr(RaIndex) none = ra_index_new (NULL, 0);
  g_autoptr(RaIndex) single = ra_index_new (&one, 1);
  g_autoptr(RaIndex) only_empty = ra_index_new (&empty, 1);
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (guint));

  ra_index_query (none, &q, out);
  g_assert_cmpuint (out->len, ==, 0);
  ra_index_query (only_empty, &q, out);
  g_assert_cmpuint (out->len, ==, 0);
  ra_index_query (single, &far, out);
  g_assert_cmpuint (out->len, ==, 0);
  ra_index_query (single, &empty, out);
  g_assert_cmpuint (out->len, ==, 0);
  ra_index_query (single, &q, out);
  g_assert_cmpuint (out->len, ==, 1);
  g_assert_cmpuint (g_array_index (out, guint, 0), ==, 0);
}

/* One far outlier (a broken coordinate) among 20 000 scattered points: the
 * tree is still packed by position (a small query reads few nodes) and
 * answers as a scan does. */
static void
test_outlier (void)
{
  const guint n = 20000;
  g_autofree RaBBox *boxes = g_new (RaBBox, n + 1);
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  RaBBox query = { 400, 400, 410, 410 };
  static const double outliers[] = { 1e300, -1e300, 1e15, 1.7e308 };

  for (guint k = 0; k < G_N_ELEMENTS (outliers); k++)
    {
      g_autoptr(RaIndex) index = NULL;
      g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (guint));
      guint want = 0;
      gsize visits;

      g_rand_set_seed (rand, 11);
      for (guint i = 0; i < n; i++)
        {
          double x = g_rand_double_range (rand, 0, 1000), y = g_rand_double_range (rand, 0, 1000);

          boxes[i] = (RaBBox) { x, y, x, y };
        }
      boxes[n] = (RaBBox) { outliers[k], outliers[k], outliers[k], outliers[k] };
      /* The last: a range wider than a double holds. */
      if (k == 3)
        boxes[n - 1] = (RaBBox) { -outliers[k], -outliers[k], -outliers[k], -outliers[k] };
      for (guint i = 0; i <= n; i++)
        want += ra_bbox_intersects (&boxes[i], &query);
      index = ra_index_new (boxes, n + 1);
      ra_index_query (index, &query, got);
      visits = ra_index_query_visits (index, &query);
      g_test_message ("outlier %g: %u hits, %" G_GSIZE_FORMAT " nodes read", outliers[k], got->len, visits);
      g_assert_cmpuint (got->len, ==, want);
      g_assert_cmpuint (visits, <, 400);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/index/small", test_small);
  g_test_add_func ("/index/random-vs-brute-force", test_random);
  g_test_add_func ("/index/outlier", test_outlier);
  return g_test_run ();
}
