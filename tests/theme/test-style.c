/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ra-core.h"
#include "ra-legend.h"

/* Sum of squared deviations from the class means for a partition of the
 * sorted values by lower bounds (lower <= v < upper, last class closed). */
static double
partition_ssd (const double *sorted, guint n, const double *breaks, guint k)
{
  double total = 0.0;

  for (guint c = 0; c < k; c++)
    {
      double sum = 0.0, sum2 = 0.0;
      guint m = 0;

      for (guint i = 0; i < n; i++)
        {
          double v = sorted[i];
          gboolean in = v >= breaks[c] && (v < breaks[c + 1] || (c + 1 == k && v <= breaks[c + 1]));
          if (!in)
            continue;
          sum += v;
          sum2 += v * v;
          m++;
        }
      if (m > 0)
        total += sum2 - sum * sum / m;
    }
  return total;
}

/* Exhaustive search of the best partition into k classes, splitting only
 * between distinct values. */
static double
brute_force_ssd (const double *sorted, guint n, guint k, guint first, guint c, double *breaks)
{
  double best = INFINITY;

  if (c == k)
    return partition_ssd (sorted, n, breaks, k);
  for (guint i = first; i < n; i++)
    {
      double ssd;

      if (sorted[i] == sorted[i - 1])
        continue;
      breaks[c] = sorted[i];
      ssd = brute_force_ssd (sorted, n, k, i + 1, c + 1, breaks);
      best = MIN (best, ssd);
    }
  return best;
}

static int
cmp_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static void
test_jenks_known (void)
{
  /* The example of the "jenks" npm package (and many Jenks tutorials):
   * upper class limits 15, 45, 120, i.e. classes {0.5 .. 15}, {31, 45},
   * {89.3, 112, 120}. */
  const double data[] = { 1, 2, 5, 15, 45, 89.3, 112, 31, 120, 0.5 };
  double breaks[4];

  g_assert_cmpuint (ra_style_classify_numeric (data, G_N_ELEMENTS (data), RA_CLASSIFY_JENKS, 3, breaks), ==, 3);
  g_assert_cmpfloat (breaks[0], ==, 0.5);
  g_assert_cmpfloat (breaks[1], ==, 31);
  g_assert_cmpfloat (breaks[2], ==, 89.3);
  g_assert_cmpfloat (breaks[3], ==, 120);
}

static void
test_jenks_jenkspy (void)
{
  /* jenkspy's documented small example: [1.2, 2.3, 5.0, 7.8] as class
   * maxima, i.e. lower bounds 1.2, 3.9, 7.1 here. */
  const double data[] = { 1.3, 7.1, 7.3, 2.3, 3.9, 4.1, 7.8, 1.2, 4.3, 7.3, 5.0, 4.3 };
  double breaks[4];

  g_assert_cmpuint (ra_style_classify_numeric (data, G_N_ELEMENTS (data), RA_CLASSIFY_JENKS, 3, breaks), ==, 3);
  g_assert_cmpfloat (breaks[0], ==, 1.2);
  g_assert_cmpfloat (breaks[1], ==, 3.9);
  g_assert_cmpfloat (breaks[2], ==, 7.1);
  g_assert_cmpfloat (breaks[3], ==, 7.8);
}

static void
test_jenks_optimal (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4);

  for (guint trial = 0; trial < 60; trial++)
    {
      guint n = 6 + trial % 9, k = 2 + trial % 3;
      double data[16], sorted[16], breaks[6], scratch[6];
      double ours, best;
      guint made;

      for (guint i = 0; i < n; i++)
        /* Some ties on purpose. */
        data[i] = trial % 2 ? g_rand_int_range (rand, 0, 12) : g_rand_double_range (rand, -50, 500);
      memcpy (sorted, data, sizeof data);
      qsort (sorted, n, sizeof (double), (int (*)(const void *, const void *)) cmp_double);

      made = ra_style_classify_numeric (data, n, RA_CLASSIFY_JENKS, k, breaks);
      g_assert_cmpuint (made, >=, 1);
      g_assert_cmpuint (made, <=, k);
      /* Strictly increasing; the last class may hold the maximum alone. */
      for (guint c = 0; c + 1 < made; c++)
        g_assert_cmpfloat (breaks[c], <, breaks[c + 1]);
      g_assert_cmpfloat (breaks[made - 1], <=, breaks[made]);
      g_assert_cmpfloat (breaks[0], ==, sorted[0]);
      g_assert_cmpfloat (breaks[made], ==, sorted[n - 1]);

      ours = partition_ssd (sorted, n, breaks, made);
      scratch[0] = sorted[0];
      scratch[made] = sorted[n - 1];
      best = brute_force_ssd (sorted, n, made, 1, 1, scratch);
      g_assert_cmpfloat_with_epsilon (ours, best, 1e-7 * MAX (1.0, best));
    }
}

static void
test_jenks_large_and_degenerate (void)
{
  g_autofree double *data = g_new (double, 20000);
  const double ties[] = { 1, 1, 1, 2, 2, NAN, INFINITY };
  double breaks[6];
  gint64 t0;
  guint made;

  for (guint i = 0; i < 20000; i++)
    data[i] = (i % 3 == 0 ? 10.0 : 200.0) + (i % 97);
  t0 = g_get_monotonic_time ();
  made = ra_style_classify_numeric (data, 20000, RA_CLASSIFY_JENKS, 5, breaks);
  g_test_message ("Jenks on 20000 values: %.0f ms", (g_get_monotonic_time () - t0) / 1000.0);
  g_assert_cmpuint (made, ==, 5);
  g_assert_cmpfloat (breaks[0], ==, 10.0);
  g_assert_cmpfloat (breaks[5], ==, 296.0);

  /* Fewer distinct values than classes; non-finite values ignored. */
  made = ra_style_classify_numeric (ties, G_N_ELEMENTS (ties), RA_CLASSIFY_JENKS, 4, breaks);
  g_assert_cmpuint (made, ==, 2);
  g_assert_cmpfloat (breaks[0], ==, 1);
  g_assert_cmpfloat (breaks[1], ==, 2);
  g_assert_cmpfloat (breaks[2], ==, 2);
  g_assert_cmpuint (ra_style_classify_numeric (ties, 0, RA_CLASSIFY_JENKS, 4, breaks), ==, 0);
  g_assert_cmpuint (ra_style_classify_numeric (ties, 3, RA_CLASSIFY_MANUAL, 2, breaks), ==, 0);
}

static void
test_quantile_equal (void)
{
  double data[100], breaks[6];

  for (guint i = 0; i < 100; i++)
    data[99 - i] = i + 1;
  g_assert_cmpuint (ra_style_classify_numeric (data, 100, RA_CLASSIFY_QUANTILE, 4, breaks), ==, 4);
  g_assert_cmpfloat (breaks[0], ==, 1);
  g_assert_cmpfloat (breaks[1], ==, 26);
  g_assert_cmpfloat (breaks[2], ==, 51);
  g_assert_cmpfloat (breaks[3], ==, 76);
  g_assert_cmpfloat (breaks[4], ==, 100);

  g_assert_cmpuint (ra_style_classify_numeric (data, 11, RA_CLASSIFY_EQUAL_INTERVAL, 5, breaks), ==, 5);
  /* data[0..10] = 100 .. 90 */
  for (guint i = 0; i <= 5; i++)
    g_assert_cmpfloat_with_epsilon (breaks[i], 90 + 2.0 * i, 1e-9);

  /* Quantiles never split equal values. */
  {
    const double skewed[] = { 0, 0, 0, 0, 0, 0, 0, 1, 2, 3 };
    g_assert_cmpuint (ra_style_classify_numeric (skewed, 10, RA_CLASSIFY_QUANTILE, 4, breaks), ==, 2);
    /* Ranks 3 and 5 fall in the zeros, rank 8 is the 2. */
    g_assert_cmpfloat (breaks[0], ==, 0);
    g_assert_cmpfloat (breaks[1], ==, 2);
    g_assert_cmpfloat (breaks[2], ==, 3);
  }
}

static void
test_class_lookup_and_labels (void)
{
  g_autoptr(RaStyle) style = ra_style_new_default (RA_GEOM_POLYGON, 0);
  /* Classes around a target of 50 %: below by > 10 points, by <= 10, met. */
  const double breaks[] = { -INFINITY, 40, 50, INFINITY };
  g_autofree char *l0 = NULL, *l1 = NULL, *l2 = NULL, *nd = NULL;

  ra_style_set_graduated (style, "rate", RA_CLASSIFY_MANUAL, breaks, 4, "Blues");
  g_assert_cmpint (style->kind, ==, RA_STYLE_GRADUATED);
  g_assert_cmpuint (style->n_classes, ==, 3);
  g_assert_cmpstr (style->ramp, ==, "Blues");
  g_assert_true (ra_style_class_for_value (style, "12.5") == &style->classes[0]);
  g_assert_true (ra_style_class_for_value (style, " 40 ") == &style->classes[1]);
  g_assert_true (ra_style_class_for_value (style, "49.999") == &style->classes[1]);
  g_assert_true (ra_style_class_for_value (style, "50") == &style->classes[2]);
  g_assert_true (ra_style_class_for_value (style, "1e6") == &style->classes[2]);
  g_assert_true (ra_style_class_for_value (style, NULL) == &style->no_data);
  g_assert_true (ra_style_class_for_value (style, "") == &style->no_data);
  g_assert_true (ra_style_class_for_value (style, "n/a") == &style->no_data);
  g_assert_true (ra_style_class_for_value (style, "50%") == &style->no_data);
  g_assert_cmpint (ra_style_class_index (style, &style->classes[2]), ==, 2);
  g_assert_cmpint (ra_style_class_index (style, &style->no_data), ==, -2);
  g_assert_cmpint (style->no_data.pattern, ==, RA_PATTERN_HATCH);

  /* Colours get darker class by class (greyscale printing). */
  for (guint i = 1; i < style->n_classes; i++)
    {
      const RaColor *a = &style->classes[i - 1].fill, *b = &style->classes[i].fill;
      g_assert_cmpfloat (0.3 * a->r + 0.59 * a->g + 0.11 * a->b, >, 0.3 * b->r + 0.59 * b->g + 0.11 * b->b);
    }

  l0 = ra_style_class_dup_label (style, &style->classes[0]);
  l1 = ra_style_class_dup_label (style, &style->classes[1]);
  l2 = ra_style_class_dup_label (style, &style->classes[2]);
  nd = ra_style_class_dup_label (style, &style->no_data);
  g_assert_cmpstr (l0, ==, "< 40");
  g_assert_cmpstr (l1, ==, "40 – 50");
  g_assert_cmpstr (l2, ==, "≥ 50");
  g_assert_cmpstr (nd, ==, "No data");

  /* A closed last class includes its maximum; outside is "other". */
  {
    const double closed[] = { 0, 100.0 / 3, 200.0 / 3, 100 };
    g_autofree char *label = NULL;

    ra_style_set_graduated (style, NULL, RA_CLASSIFY_EQUAL_INTERVAL, closed, 4, NULL);
    g_assert_cmpstr (style->field, ==, "rate");
    g_assert_true (ra_style_class_for_number (style, 100) == &style->classes[2]);
    g_assert_true (ra_style_class_for_number (style, 100.5) == &style->other);
    g_assert_true (ra_style_class_for_number (style, -1) == &style->other);
    label = ra_style_class_dup_label (style, &style->classes[1]);
    g_assert_cmpstr (label, ==, "33.33 – 66.67");
  }

  /* Categories match text exactly. */
  {
    g_autoptr(RaStyle) cat = ra_style_new_default (RA_GEOM_POLYGON, 0);
    RaColor red = { 1, 0, 0, 1 };

    cat->kind = RA_STYLE_CATEGORIZED;
    ra_style_add_category (cat, "在建", "Under construction", &red);
    ra_style_add_category (cat, "拟建", NULL, NULL);
    g_assert_true (ra_style_class_for_value (cat, "在建") == &cat->classes[0]);
    g_assert_true (ra_style_class_for_value (cat, "拟建") == &cat->classes[1]);
    g_assert_true (ra_style_class_for_value (cat, "已建") == &cat->other);
    g_assert_true (ra_style_class_for_value (cat, NULL) == &cat->no_data);
  }
}

static void
test_symbol_size (void)
{
  g_autoptr(RaStyle) style = ra_style_new_default (RA_GEOM_POINT, 0);

  style->size_max_px = 40;
  style->size_min_px = 4;
  g_assert_cmpfloat_with_epsilon (ra_style_symbol_size_px (style, 400, 400), 40, 1e-9);
  /* A quarter of the value: half the diameter, a quarter of the area. */
  g_assert_cmpfloat_with_epsilon (ra_style_symbol_size_px (style, 400, 100), 20, 1e-9);
  g_assert_cmpfloat_with_epsilon (ra_style_symbol_size_px (style, 400, 0.01), 4, 1e-9);
  g_assert_cmpfloat (ra_style_symbol_size_px (style, 400, 0), ==, 0);
  g_assert_cmpfloat (ra_style_symbol_size_px (style, 400, -3), ==, 0);
  g_assert_cmpfloat (ra_style_symbol_size_px (style, 0, 3), ==, 0);
}

static void
test_ramps (void)
{
  const char * const *names = ra_color_ramp_list ();
  RaColor c;

  g_assert_cmpuint (g_strv_length ((char **) names), >=, 4);
  for (guint i = 0; names[i] != NULL; i++)
    {
      double last = 2.0;
      for (int k = 0; k <= 10; k++)
        {
          double lum;
          g_assert_true (ra_color_ramp_sample (names[i], k / 10.0, &c));
          lum = 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
          /* Monotonic lightness: the classes stay ordered in greyscale. */
          g_assert_cmpfloat (lum, <, last);
          last = lum;
        }
    }
  g_assert_false (ra_color_ramp_sample ("NoSuchRamp", 0.5, &c));
}

static void
assert_styles_equal (const RaStyle *a, const RaStyle *b)
{
  g_autofree char *ta = ra_style_to_string (a);
  g_autofree char *tb = ra_style_to_string (b);

  g_assert_cmpstr (ta, ==, tb);
  g_assert_cmpint (a->kind, ==, b->kind);
  g_assert_cmpstr (a->field, ==, b->field);
  g_assert_cmpuint (a->n_classes, ==, b->n_classes);
  for (guint i = 0; i < a->n_classes; i++)
    {
      g_assert_cmpstr (a->classes[i].value, ==, b->classes[i].value);
      g_assert_cmpstr (a->classes[i].label, ==, b->classes[i].label);
      g_assert_true (a->classes[i].lower == b->classes[i].lower || a->classes[i].value != NULL);
      g_assert_true (a->classes[i].upper == b->classes[i].upper || a->classes[i].value != NULL);
      g_assert_cmpint (a->classes[i].pattern, ==, b->classes[i].pattern);
    }
}

static void
test_string_round_trip (void)
{
  g_autoptr(RaStyle) grad = ra_style_new_default (RA_GEOM_POLYGON, 3);
  g_autoptr(RaStyle) cat = ra_style_new_default (RA_GEOM_POINT, 1);
  g_autoptr(RaStyle) prop = ra_style_new_default (RA_GEOM_POLYGON, 2);
  const double breaks[] = { -INFINITY, -10, 0, INFINITY };
  RaStyle *styles[3];

  ra_style_set_graduated (grad, "gap_pts", RA_CLASSIFY_MANUAL, breaks, 4, "YlGnBu");
  grad->classes[2].pattern = RA_PATTERN_CROSS;
  grad->classes[2].label = g_strdup ("达标 met");
  ra_style_set_label_field (grad, "name_zh");

  cat->kind = RA_STYLE_CATEGORIZED;
  cat->field = g_strdup ("状态");
  ra_style_add_category (cat, "在建", "under [construction] = 1\nsecond line ; # x", NULL);
  ra_style_add_category (cat, "  padded  ", NULL, NULL);
  ra_style_add_category (cat, "\\back\\slash", NULL, NULL);

  prop->kind = RA_STYLE_PROPORTIONAL;
  prop->size_field = g_strdup ("cap_total");
  prop->size_max_value = 86.5;
  prop->size_max_px = 36;
  prop->size_min_px = 3;

  styles[0] = grad;
  styles[1] = cat;
  styles[2] = prop;
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = ra_style_to_string (styles[i]);
      g_autoptr(RaStyle) back = ra_style_from_string (text, &error);
      g_autoptr(RaStyle) copy = ra_style_copy (styles[i]);

      g_assert_no_error (error);
      g_assert_nonnull (back);
      assert_styles_equal (styles[i], back);
      assert_styles_equal (styles[i], copy);
    }

  /* The default single style survives too. */
  {
    g_autoptr(RaStyle) plain = ra_style_new_default (RA_GEOM_LINE, 0);
    g_autofree char *text = ra_style_to_string (plain);
    g_autoptr(RaStyle) back = ra_style_from_string (text, NULL);

    g_assert_nonnull (back);
    g_assert_cmpint (back->kind, ==, RA_STYLE_SINGLE);
    g_assert_cmpfloat (back->stroke_width_px, ==, plain->stroke_width_px);
    g_assert_cmpfloat (back->stroke.b, ==, plain->stroke.b);
  }
  g_assert_cmpstr (cat->classes[1].value, ==, "  padded  ");
}

static void
test_string_hostile (void)
{
  static const char * const bad[] = {
    "",
    "garbage",
    "[Style]\n",
    "[Style]\nVersion=2\n",
    "[Style]\nVersion=one\n",
    "[Other]\nVersion=1\n",
    "[Style]\nVersion=1\nKind=pie\n",
    "[Style]\nVersion=1\nClasses=1000000\n",
    "[Style]\nVersion=1\nClasses=-1\n",
    "[Style]\nVersion=1\nClasses=3abc\n",
    "[Style]\nVersion=1\nClasses=2\n[Class 0]\nLower=0\nUpper=1\n",
    "[Style]\nVersion=1\nFill=#zzzzzz\n",
    "[Style]\nVersion=1\nFill=red\n",
    "[Style]\nVersion=1\nStrokeWidth=nan\n",
    "[Style]\nVersion=1\nStrokeWidth=1e400\n",
    "[Style]\nVersion=1\nStrokeWidth=-1\n",
    "[Style]\nVersion=1\nMarkerSize=inf\n",
    "[Style]\nVersion=1\nSizeMaxValue=-5\n",
    "[Style]\nVersion=1\nMethod=magic\n",
    "[Style]\nVersion=1\nClasses=1\n[Class 0]\nLower=5\nUpper=1\n",
    "[Style]\nVersion=1\nClasses=1\n[Class 0]\nLower=nan\n",
    "[Style]\nVersion=1\nClasses=1\n[Class 0]\nPattern=dots\n",
    "[Style]\nVersion=1\n[NoData]\nFill=#12345\n",
    "[Style]\nVersion=1\nLabelField=\xff\xfe\n",
    "[Style\nVersion=1\n",
    "Version=1\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RaStyle) style = ra_style_from_string (bad[i], &error);

      if (style != NULL)
        g_error ("accepted hostile style %u: %s", i, bad[i]);
      g_assert_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (error->message);
    }

  {
    g_autoptr(GError) error = NULL;
    g_assert_null (ra_style_from_string (NULL, &error));
    g_assert_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT);
  }

  /* Too long. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GString) huge = g_string_new ("[Style]\nVersion=1\n# ");
    while (huge->len < 2 * 1024 * 1024)
      g_string_append (huge, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    g_assert_null (ra_style_from_string (huge->str, &error));
    g_assert_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT);
  }

  /* Random damage to a valid text: rejected or parsed, never a crash. */
  {
    g_autoptr(RaStyle) grad = ra_style_new_default (RA_GEOM_POLYGON, 3);
    const double breaks[] = { 0, 10, 20, 40 };
    g_autofree char *good = NULL;
    g_autoptr(GRand) rand = g_rand_new_with_seed (42);
    guint accepted = 0;

    ra_style_set_graduated (grad, "v", RA_CLASSIFY_MANUAL, breaks, 4, NULL);
    good = ra_style_to_string (grad);
    for (guint trial = 0; trial < 3000; trial++)
      {
        g_autofree char *text = g_strdup (good);
        gsize len = strlen (text);
        g_autoptr(GError) error = NULL;
        g_autoptr(RaStyle) style = NULL;

        for (guint k = 0; k < 1 + trial % 4; k++)
          text[g_rand_int_range (rand, 0, len)] = (char) g_rand_int_range (rand, 1, 256);
        style = ra_style_from_string (text, &error);
        g_assert_true ((style == NULL) != (error == NULL));
        if (style != NULL)
          {
            g_autofree char *again = ra_style_to_string (style);
            g_assert_nonnull (again);
            accepted++;
          }
      }
    g_test_message ("damaged texts still accepted: %u of 3000", accepted);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ra_core_init ();

  g_test_add_func ("/theme/classify/jenks-known", test_jenks_known);
  g_test_add_func ("/theme/classify/jenks-jenkspy", test_jenks_jenkspy);
  g_test_add_func ("/theme/classify/jenks-optimal", test_jenks_optimal);
  g_test_add_func ("/theme/classify/jenks-large-degenerate", test_jenks_large_and_degenerate);
  g_test_add_func ("/theme/classify/quantile-equal", test_quantile_equal);
  g_test_add_func ("/theme/style/class-lookup-labels", test_class_lookup_and_labels);
  g_test_add_func ("/theme/style/symbol-size", test_symbol_size);
  g_test_add_func ("/theme/style/ramps", test_ramps);
  g_test_add_func ("/theme/style/string-round-trip", test_string_round_trip);
  g_test_add_func ("/theme/style/string-hostile", test_string_hostile);
  return g_test_run ();
}
