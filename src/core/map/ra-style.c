/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ra-error.h"
#include "ra-geometry.h"
#include "ra-style.h"

G_DEFINE_BOXED_TYPE (RaStyle, ra_style, ra_style_copy, ra_style_free)

#define RA_DEFAULT_LABEL_FONT "Noto Sans CJK SC 10"

/* Muted, print-friendly fills that stay distinguishable for common forms of
 * colour-blindness (from ColorBrewer's Set2/Pastel schemes). */
static const char * const fill_palette[] = {
  "#f2e6c8", "#b3e2cd", "#fdcdac", "#cbd5e8", "#f4cae4", "#e6f5c9", "#fff2ae",
};
static const char * const line_palette[] = {
  "#1f5fbf", "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e",
};

RaStyle *
ra_style_new_default (int kind_hint, guint seed)
{
  RaStyle *style = g_new0 (RaStyle, 1);

  style->stroke_width_px = 1.0;
  style->marker = RA_MARKER_CIRCLE;
  style->marker_size_px = 7.0;
  style->label_font = g_strdup (RA_DEFAULT_LABEL_FONT);
  ra_color_parse (&style->label_color, "#202020");
  ra_color_parse (&style->label_halo, "#ffffffe6");
  style->label_halo_px = 2.5;

  style->kind = RA_STYLE_SINGLE;
  style->method = RA_CLASSIFY_JENKS;
  style->size_max_px = 40.0;
  style->size_min_px = 4.0;
  ra_color_parse (&style->size_fill, "#2c7fb8b3");
  ra_color_parse (&style->size_stroke, "#08306b");

  switch ((RaGeomKind) kind_hint)
    {
    case RA_GEOM_POLYGON:
      ra_color_parse (&style->fill, fill_palette[seed % G_N_ELEMENTS (fill_palette)]);
      ra_color_parse (&style->stroke, "#505050");
      break;
    case RA_GEOM_LINE:
      ra_color_parse (&style->fill, "#00000000");
      ra_color_parse (&style->stroke, line_palette[seed % G_N_ELEMENTS (line_palette)]);
      style->stroke_width_px = 1.5;
      break;
    case RA_GEOM_POINT:
    case RA_GEOM_NONE:
    default:
      ra_color_parse (&style->fill, "#d03020");
      ra_color_parse (&style->stroke, "#ffffff");
      break;
    }

  /* Grey, and hatched so that "no data" never reads as a light class. */
  ra_color_parse (&style->other.fill, "#c8c8c8");
  style->other.stroke = style->stroke;
  ra_color_parse (&style->no_data.fill, "#f4f4f4");
  style->no_data.stroke = style->stroke;
  style->no_data.pattern = RA_PATTERN_HATCH;
  ra_color_parse (&style->no_data.pattern_color, "#8c8c8c");
  return style;
}

static void
style_class_copy_strings (RaStyleClass *cls)
{
  cls->value = g_strdup (cls->value);
  cls->label = g_strdup (cls->label);
}

static void
style_class_clear (RaStyleClass *cls)
{
  g_clear_pointer (&cls->value, g_free);
  g_clear_pointer (&cls->label, g_free);
}

RaStyle *
ra_style_copy (const RaStyle *style)
{
  RaStyle *copy;

  g_return_val_if_fail (style != NULL, NULL);

  copy = g_memdup2 (style, sizeof *style);
  copy->label_field = g_strdup (style->label_field);
  copy->label_font = g_strdup (style->label_font);
  copy->dn_label_field = g_strdup (style->dn_label_field);
  copy->field = g_strdup (style->field);
  copy->ramp = g_strdup (style->ramp);
  copy->size_field = g_strdup (style->size_field);
  copy->width_field = g_strdup (style->width_field);
  copy->classes = style->n_classes > 0
                  ? g_memdup2 (style->classes, sizeof (RaStyleClass) * style->n_classes)
                  : NULL;
  for (guint i = 0; i < copy->n_classes; i++)
    style_class_copy_strings (&copy->classes[i]);
  style_class_copy_strings (&copy->other);
  style_class_copy_strings (&copy->no_data);
  copy->pie_fields = style->n_pie_fields > 0
                     ? g_memdup2 (style->pie_fields, sizeof (RaStylePieField) * style->n_pie_fields)
                     : NULL;
  for (guint i = 0; i < copy->n_pie_fields; i++)
    {
      copy->pie_fields[i].field = g_strdup (copy->pie_fields[i].field);
      copy->pie_fields[i].label = g_strdup (copy->pie_fields[i].label);
    }
  return copy;
}

void
ra_style_free (RaStyle *style)
{
  if (style == NULL)
    return;
  g_free (style->label_field);
  g_free (style->label_font);
  g_free (style->dn_label_field);
  ra_style_clear_classes (style);
  style_class_clear (&style->other);
  style_class_clear (&style->no_data);
  ra_style_clear_pie_fields (style);
  g_free (style->field);
  g_free (style->ramp);
  g_free (style->size_field);
  g_free (style->width_field);
  g_free (style);
}

void
ra_style_set_label_field (RaStyle *style, const char *field)
{
  g_return_if_fail (style != NULL);

  if (field != NULL && *field == '\0')
    field = NULL;
  if (g_strcmp0 (style->label_field, field) == 0)
    return;
  g_free (style->label_field);
  style->label_field = g_strdup (field);
}

static int
hex_digit (char c)
{
  return g_ascii_xdigit_value (c);
}

gboolean
ra_color_parse (RaColor *color, const char *text)
{
  int v[4] = { 0, 0, 0, 255 };
  size_t len;

  g_return_val_if_fail (color != NULL, FALSE);

  if (text == NULL || text[0] != '#')
    return FALSE;
  text++;
  len = strlen (text);
  if (len != 6 && len != 8)
    return FALSE;
  for (size_t i = 0; i < len / 2; i++)
    {
      int hi = hex_digit (text[2 * i]), lo = hex_digit (text[2 * i + 1]);
      if (hi < 0 || lo < 0)
        return FALSE;
      v[i] = hi * 16 + lo;
    }
  color->r = v[0] / 255.0;
  color->g = v[1] / 255.0;
  color->b = v[2] / 255.0;
  color->a = v[3] / 255.0;
  return TRUE;
}

char *
ra_color_to_string (const RaColor *color)
{
  g_return_val_if_fail (color != NULL, NULL);

#define RA_BYTE(c) ((int) CLAMP ((c) * 255.0 + 0.5, 0, 255))
  return g_strdup_printf ("#%02x%02x%02x%02x", RA_BYTE (color->r), RA_BYTE (color->g),
                          RA_BYTE (color->b), RA_BYTE (color->a));
#undef RA_BYTE
}

/* ------------------------------------------------------------------ */
/* Numbers and classification                                         */

/**
 * ra_style_parse_number:
 * @text: (nullable): attribute text
 * @value: (out): the number
 *
 * Returns: TRUE if all of @text (blanks aside) is a finite number
 */
gboolean
ra_style_parse_number (const char *text, double *value)
{
  char *end = NULL;
  double v;

  g_return_val_if_fail (value != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  while (g_ascii_isspace (*text))
    text++;
  if (*text == '\0')
    return FALSE;
  v = g_ascii_strtod (text, &end);
  if (end == text)
    return FALSE;
  while (g_ascii_isspace (*end))
    end++;
  if (*end != '\0' || !isfinite (v))
    return FALSE;
  *value = v;
  return TRUE;
}

static int
compare_doubles (gconstpointer pa, gconstpointer pb)
{
  double a = *(const double *) pa, b = *(const double *) pb;

  return a < b ? -1 : (a > b ? 1 : 0);
}

/* Fisher-Jenks by dynamic programming: the partition of the sorted values
 * v[0..n) into k contiguous classes with the least total sum of squared
 * deviations from the class means.  Class c starts at start[c].  Splits
 * only between distinct values (an optimal partition never needs to split
 * ties, and lower <= v < upper could not express it).  O(k n^2). */
static void
jenks_starts (const double *v, guint n, guint k, guint *start)
{
  g_autofree double *s1 = g_new0 (double, n + 1);
  g_autofree double *s2 = g_new0 (double, n + 1);
  g_autofree double *cost = g_new (double, (gsize) k * n);
  g_autofree guint *from = g_new0 (guint, (gsize) k * n);
  double shift = v[n / 2];   /* keeps the prefix sums small */

#define SSD(i, j) (s2[(j) + 1] - s2[i] - (s1[(j) + 1] - s1[i]) * (s1[(j) + 1] - s1[i]) / ((j) - (i) + 1))
#define COST(c, j) cost[(gsize) (c) * n + (j)]
#define FROM(c, j) from[(gsize) (c) * n + (j)]

  for (guint i = 0; i < n; i++)
    {
      double d = v[i] - shift;
      s1[i + 1] = s1[i] + d;
      s2[i + 1] = s2[i] + d * d;
    }
  for (guint j = 0; j < n; j++)
    {
      COST (0, j) = SSD (0, j);
      FROM (0, j) = 0;
    }
  for (guint c = 1; c < k; c++)
    for (guint j = 0; j < n; j++)
      {
        double best = INFINITY;
        guint best_i = 0;

        /* Class c spans [i, j]; classes 0..c-1 cover [0, i). */
        for (guint i = c; i <= j; i++)
          {
            double prev, total;

            if (v[i] == v[i - 1])
              continue;
            prev = COST (c - 1, i - 1);
            if (!isfinite (prev))
              continue;
            total = prev + SSD (i, j);
            if (total < best)
              {
                best = total;
                best_i = i;
              }
          }
        COST (c, j) = best;
        FROM (c, j) = best_i;
      }

  start[0] = 0;
  for (guint c = k - 1, j = n - 1; c > 0; c--)
    {
      start[c] = FROM (c, j);
      j = start[c] - 1;
    }
#undef SSD
#undef COST
#undef FROM
}

/* Jenks is quadratic: larger data sets are classified on an evenly spaced
 * sample of their sorted values (min and max included), as QGIS does. */
#define RA_JENKS_MAX_VALUES 3000

/**
 * ra_style_classify_numeric:
 * @values: (array length=n_values): the data, in any order
 * @breaks: (out caller-allocates) (array fixed-size=n_classes+1)
 *
 * Returns: the number of classes in @breaks
 */
guint
ra_style_classify_numeric (const double     *values,
                           gsize             n_values,
                           RaClassifyMethod  method,
                           guint             n_classes,
                           double           *breaks)
{
  g_autoptr(GArray) sorted = NULL;
  const double *v;
  guint n, n_distinct, k, made = 0;

  g_return_val_if_fail (values != NULL || n_values == 0, 0);
  g_return_val_if_fail (breaks != NULL, 0);
  g_return_val_if_fail (n_classes >= 1 && n_classes <= RA_STYLE_MAX_CLASSES, 0);

  if (method == RA_CLASSIFY_MANUAL)
    return 0;

  sorted = g_array_sized_new (FALSE, FALSE, sizeof (double), MIN (n_values, G_MAXUINT));
  for (gsize i = 0; i < n_values && sorted->len < G_MAXUINT / 4; i++)
    if (isfinite (values[i]))
      g_array_append_val (sorted, values[i]);
  if (sorted->len == 0)
    return 0;
  g_array_sort (sorted, compare_doubles);
  v = (const double *) (gpointer) sorted->data;
  n = sorted->len;

  n_distinct = 1;
  for (guint i = 1; i < n; i++)
    if (v[i] != v[i - 1])
      n_distinct++;
  k = MIN (n_classes, n_distinct);

  breaks[0] = v[0];
  if (k == 1)
    {
      breaks[1] = v[n - 1];
      return 1;
    }

  switch (method)
    {
    case RA_CLASSIFY_EQUAL_INTERVAL:
      k = n_classes;  /* empty classes are fine: the ranges are the point */
      for (guint i = 1; i < k; i++)
        breaks[i] = v[0] + (v[n - 1] - v[0]) * i / k;
      made = k;
      break;

    case RA_CLASSIFY_QUANTILE:
      /* Lower bound of class i: the value at rank i n / k; ties collapse
       * classes rather than splitting equal values. */
      made = 1;
      for (guint i = 1; i < k; i++)
        {
          guint rank = (guint) (((guint64) i * n + k / 2) / k);
          double b = v[MIN (rank, n - 1)];
          if (b > breaks[made - 1] && b < v[n - 1])
            breaks[made++] = b;
        }
      break;

    case RA_CLASSIFY_JENKS:
    default:
      {
        g_autofree double *sample = NULL;
        g_autofree guint *start = g_new (guint, k);
        const double *data = v;
        guint m = n;

        if (n > RA_JENKS_MAX_VALUES)
          {
            m = RA_JENKS_MAX_VALUES;
            sample = g_new (double, m);
            for (guint j = 0; j < m; j++)
              sample[j] = v[(guint) (((guint64) j * (n - 1)) / (m - 1))];
            data = sample;
            n_distinct = 1;
            for (guint j = 1; j < m; j++)
              if (data[j] != data[j - 1])
                n_distinct++;
            k = MIN (k, n_distinct);
          }
        jenks_starts (data, m, k, start);
        for (guint c = 1; c < k; c++)
          breaks[c] = data[start[c]];
        made = k;
      }
      break;
    }
  breaks[made] = v[n - 1];
  return made;
}

/* ------------------------------------------------------------------ */
/* Colour ramps                                                       */

typedef struct {
  const char *name;
  const char *colors[10];   /* light to dark, NULL-terminated */
} Ramp;

/* ColorBrewer sequential schemes (without their near-white first step, so
 * the lightest class still shows against the paper) and viridis, reversed
 * to run light to dark like the others. */
static const Ramp ramps[] = {
  { "YlGnBu", { "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#253494", "#081d58", NULL } },
  { "Blues", { "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b", NULL } },
  { "Greens", { "#e5f5e0", "#c7e9c0", "#a1d99b", "#74c476", "#41ab5d", "#238b45", "#006d2c", "#00441b", NULL } },
  { "YlOrRd", { "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#bd0026", "#800026", NULL } },
  { "viridis", { "#fde725", "#b5de2b", "#6ece58", "#35b779", "#1f9e89", "#26828e", "#31688e", "#3e4989", "#482878", "#440154" } },
};

static const char * const ramp_names[] = { "YlGnBu", "Blues", "Greens", "YlOrRd", "viridis", NULL };

/**
 * ra_color_ramp_list:
 *
 * Returns: (transfer none): the names of the built-in ramps
 */
const char * const *
ra_color_ramp_list (void)
{
  G_STATIC_ASSERT (G_N_ELEMENTS (ramp_names) == G_N_ELEMENTS (ramps) + 1);
  return ramp_names;
}

gboolean
ra_color_ramp_sample (const char *ramp, double t, RaColor *color)
{
  g_return_val_if_fail (color != NULL, FALSE);

  for (guint r = 0; ramp != NULL && r < G_N_ELEMENTS (ramps); r++)
    if (g_ascii_strcasecmp (ramps[r].name, ramp) == 0)
      {
        guint n = 0;
        double pos, f;
        guint i;
        RaColor a, b;

        while (n < G_N_ELEMENTS (ramps[r].colors) && ramps[r].colors[n] != NULL)
          n++;
        t = isfinite (t) ? CLAMP (t, 0.0, 1.0) : 0.0;
        pos = t * (n - 1);
        i = MIN ((guint) pos, n - 2);
        f = pos - i;
        ra_color_parse (&a, ramps[r].colors[i]);
        ra_color_parse (&b, ramps[r].colors[i + 1]);
        color->r = a.r + (b.r - a.r) * f;
        color->g = a.g + (b.g - a.g) * f;
        color->b = a.b + (b.b - a.b) * f;
        color->a = 1.0;
        return TRUE;
      }
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Classes                                                            */

void
ra_style_clear_classes (RaStyle *style)
{
  g_return_if_fail (style != NULL);

  for (guint i = 0; i < style->n_classes; i++)
    style_class_clear (&style->classes[i]);
  g_clear_pointer (&style->classes, g_free);
  style->n_classes = 0;
}

void
ra_style_add_pie_field (RaStyle       *style,
                        const char    *field,
                        const char    *label,
                        const RaColor *fill)
{
  RaStylePieField *pie;

  g_return_if_fail (style != NULL);
  g_return_if_fail (field != NULL);
  g_return_if_fail (fill != NULL);
  g_return_if_fail (style->n_pie_fields < RA_STYLE_MAX_PIE_FIELDS);

  style->pie_fields = g_renew (RaStylePieField, style->pie_fields, style->n_pie_fields + 1);
  pie = &style->pie_fields[style->n_pie_fields++];
  pie->field = g_strdup (field);
  pie->label = g_strdup (label);
  pie->fill = *fill;
}

void
ra_style_clear_pie_fields (RaStyle *style)
{
  g_return_if_fail (style != NULL);

  for (guint i = 0; i < style->n_pie_fields; i++)
    {
      g_free (style->pie_fields[i].field);
      g_free (style->pie_fields[i].label);
    }
  g_clear_pointer (&style->pie_fields, g_free);
  style->n_pie_fields = 0;
}

static void
set_string (char **where, const char *value)
{
  if (where == NULL || *where == value)
    return;
  g_free (*where);
  *where = g_strdup (value);
}

/**
 * ra_style_set_graduated:
 * @field: (nullable): the numeric field (NULL keeps style->field)
 * @breaks: (array length=n_breaks): non-decreasing class bounds
 * @ramp: (nullable): a name from ra_color_ramp_list
 */
void
ra_style_set_graduated (RaStyle          *style,
                        const char       *field,
                        RaClassifyMethod  method,
                        const double     *breaks,
                        guint             n_breaks,
                        const char       *ramp)
{
  RaColor probe;
  guint n;

  g_return_if_fail (style != NULL);
  g_return_if_fail (breaks != NULL && n_breaks >= 2 && n_breaks <= RA_STYLE_MAX_CLASSES + 1);

  if (field != NULL)
    set_string (&style->field, field);
  if (ramp != NULL && ra_color_ramp_sample (ramp, 0, &probe))
    set_string (&style->ramp, ramp);
  if (style->ramp == NULL || !ra_color_ramp_sample (style->ramp, 0, &probe))
    set_string (&style->ramp, "YlGnBu");

  ra_style_clear_classes (style);
  n = n_breaks - 1;
  style->kind = RA_STYLE_GRADUATED;
  style->method = method;
  style->classes = g_new0 (RaStyleClass, n);
  style->n_classes = n;
  for (guint i = 0; i < n; i++)
    {
      RaStyleClass *cls = &style->classes[i];

      cls->lower = breaks[i];
      cls->upper = MAX (breaks[i + 1], breaks[i]);
      ra_color_ramp_sample (style->ramp, n > 1 ? (double) i / (n - 1) : 0.5, &cls->fill);
      cls->stroke = style->stroke;
      cls->pattern_color = (RaColor) { 0.2, 0.2, 0.2, 0.8 };
    }
}

/**
 * ra_style_add_category:
 * @value: the attribute text matched
 * @label: (nullable): legend text (NULL: the value)
 * @fill: (nullable): NULL: a grey
 */
void
ra_style_add_category (RaStyle       *style,
                       const char    *value,
                       const char    *label,
                       const RaColor *fill)
{
  RaStyleClass *cls;

  g_return_if_fail (style != NULL);
  g_return_if_fail (value != NULL);
  g_return_if_fail (style->n_classes < RA_STYLE_MAX_CLASSES);

  style->classes = g_renew (RaStyleClass, style->classes, style->n_classes + 1);
  cls = &style->classes[style->n_classes++];
  memset (cls, 0, sizeof *cls);
  cls->value = g_strdup (value);
  cls->label = g_strdup (label);
  cls->lower = -INFINITY;
  cls->upper = INFINITY;
  if (fill != NULL)
    cls->fill = *fill;
  else
    ra_color_parse (&cls->fill, "#bdbdbd");
  cls->stroke = style->stroke;
  cls->pattern_color = (RaColor) { 0.2, 0.2, 0.2, 0.8 };
}

/**
 * ra_style_class_for_number:
 *
 * Returns: (transfer none): the numeric class holding @value, else
 *   &style->other (&style->no_data for NaN)
 */
const RaStyleClass *
ra_style_class_for_number (const RaStyle *style, double value)
{
  int last = -1;

  g_return_val_if_fail (style != NULL, NULL);

  if (isnan (value))
    return &style->no_data;
  for (guint i = 0; i < style->n_classes; i++)
    {
      const RaStyleClass *cls = &style->classes[i];

      if (cls->value != NULL)
        continue;
      last = (int) i;
      if (cls->lower <= value && value < cls->upper)
        return cls;
    }
  if (last >= 0 && value == style->classes[last].upper)
    return &style->classes[last];
  return &style->other;
}

/**
 * ra_style_class_for_value:
 * @text: (nullable): the feature's field text
 *
 * Returns: (transfer none): the matching class, &style->other or
 *   &style->no_data (NULL or empty text; non-numeric text when every class
 *   is a range)
 */
const RaStyleClass *
ra_style_class_for_value (const RaStyle *style, const char *text)
{
  gboolean has_ranges = FALSE, has_values = FALSE;
  double v;

  g_return_val_if_fail (style != NULL, NULL);

  if (text == NULL || *text == '\0')
    return &style->no_data;
  for (guint i = 0; i < style->n_classes; i++)
    {
      const RaStyleClass *cls = &style->classes[i];

      if (cls->value == NULL)
        has_ranges = TRUE;
      else
        {
          has_values = TRUE;
          if (strcmp (cls->value, text) == 0)
            return cls;
        }
    }
  if (!has_ranges)
    return &style->other;
  if (ra_style_parse_number (text, &v))
    return ra_style_class_for_number (style, v);
  return has_values ? &style->other : &style->no_data;
}

int
ra_style_class_index (const RaStyle *style, const RaStyleClass *cls)
{
  g_return_val_if_fail (style != NULL, -1);

  if (cls == &style->no_data)
    return -2;
  if (style->n_classes > 0 && cls >= style->classes && cls < style->classes + style->n_classes)
    return (int) (cls - style->classes);
  return -1;
}

/* Decimals for the style's range bounds: exact when two or fewer do, else
 * enough (at least two) to tell consecutive bounds apart. */
static int
style_decimals (const RaStyle *style)
{
  int exact = 0, distinct = 0;

  for (guint i = 0; i < style->n_classes; i++)
    {
      const RaStyleClass *cls = &style->classes[i];
      double b[2] = { cls->lower, cls->upper };

      if (cls->value != NULL)
        continue;
      for (int j = 0; j < 2; j++)
        {
          int d = 0;

          if (!isfinite (b[j]))
            continue;
          while (d < 6)
            {
              double scaled = b[j] * pow (10.0, d);
              if (fabs (scaled - round (scaled)) <= 1e-6 * MAX (1.0, fabs (scaled)))
                break;
              d++;
            }
          exact = MAX (exact, d);
        }
      if (isfinite (cls->lower) && isfinite (cls->upper) && cls->upper > cls->lower)
        {
          int d = 0;
          while (d < 6 && round (cls->lower * pow (10.0, d)) == round (cls->upper * pow (10.0, d)))
            d++;
          distinct = MAX (distinct, d);
        }
    }
  if (exact <= 2)
    return exact;
  return MAX (distinct, 2);
}

static char *
format_decimals (double value, int decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char fmt[8];

  if (value == 0.0)
    value = 0.0;   /* no "-0" */
  g_snprintf (fmt, sizeof fmt, "%%.%df", CLAMP (decimals, 0, 9));
  g_ascii_formatd (buf, sizeof buf, fmt, value);
  /* -0.001 rounds to "-0.00": show "0.00" */
  if (buf[0] == '-' && strspn (buf + 1, "0.") == strlen (buf + 1))
    return g_strdup (buf + 1);
  return g_strdup (buf);
}

/**
 * ra_style_format_number:
 *
 * Returns: (transfer full): @value with the decimals of the style's breaks
 */
char *
ra_style_format_number (const RaStyle *style, double value)
{
  g_return_val_if_fail (style != NULL, NULL);

  return format_decimals (value, style_decimals (style));
}

/**
 * ra_style_class_dup_label:
 *
 * Returns: (transfer full): the legend text of @cls
 */
char *
ra_style_class_dup_label (const RaStyle *style, const RaStyleClass *cls)
{
  int decimals;
  g_autofree char *lo = NULL;
  g_autofree char *hi = NULL;

  g_return_val_if_fail (style != NULL, NULL);
  g_return_val_if_fail (cls != NULL, NULL);

  if (cls->label != NULL && *cls->label != '\0')
    return g_strdup (cls->label);
  if (cls == &style->no_data)
    return g_strdup (_("No data"));
  if (cls == &style->other)
    return g_strdup (_("Other"));
  if (cls->value != NULL)
    return g_strdup (cls->value);

  decimals = style_decimals (style);
  lo = format_decimals (cls->lower, decimals);
  hi = format_decimals (cls->upper, decimals);
  if (!isfinite (cls->lower) && !isfinite (cls->upper))
    return g_strdup (_("All values"));
  if (!isfinite (cls->lower))
    return g_strdup_printf ("< %s", hi);
  if (!isfinite (cls->upper))
    return g_strdup_printf ("≥ %s", lo);
  if (cls->lower == cls->upper)
    return g_steal_pointer (&lo);
  return g_strdup_printf ("%s – %s", lo, hi);
}

/**
 * ra_style_symbol_size_px:
 * @max_value: the value drawn at style->size_max_px
 *
 * Returns: the diameter in device pixels, 0 when nothing is drawn
 */
double
ra_style_symbol_size_px (const RaStyle *style, double max_value, double value)
{
  double d;

  g_return_val_if_fail (style != NULL, 0.0);

  if (!isfinite (value) || value <= 0.0 || !isfinite (max_value) || max_value <= 0.0)
    return 0.0;
  /* Area, not diameter, is proportional to the value. */
  d = MAX (style->size_max_px, 0.0) * sqrt (value / max_value);
  return MAX (d, MAX (style->size_min_px, 0.0));
}

/**
 * ra_style_line_width_px:
 * @max_value: the value drawn at width_max_px
 *
 * Returns: the line width in device pixels, 0 when nothing is drawn
 */
double
ra_style_line_width_px (const RaStyle *style, double max_value, double value)
{
  double w;

  g_return_val_if_fail (style != NULL, 0.0);

  if (!isfinite (value) || value <= 0.0 || !isfinite (max_value) || max_value <= 0.0)
    return 0.0;
  /* A line's width, unlike a symbol's area, grows with the value itself. */
  w = MAX (style->width_max_px, 0.0) * MIN (value / max_value, 4.0);
  return MAX (w, MAX (style->width_min_px, 0.0));
}

/* ------------------------------------------------------------------ */
/* Text form                                                          */

#define RA_STYLE_FORMAT_VERSION 1
#define RA_STYLE_MAX_TEXT (1024 * 1024)
#define RA_STYLE_MAX_PX 10000.0

static const char * const kind_names[] = { "single", "categorized", "graduated", "proportional", NULL };
static const char * const method_names[] = { "equal-interval", "quantile", "jenks", "manual", NULL };
static const char * const marker_names[] = { "circle", "square", "triangle", "diamond", NULL };
static const char * const pattern_names[] = { "none", "hatch", "cross", NULL };

static void
kf_set_color (GKeyFile *kf, const char *group, const char *key, const RaColor *color)
{
  g_autofree char *text = ra_color_to_string (color);
  g_key_file_set_string (kf, group, key, text);
}

static void
kf_set_number (GKeyFile *kf, const char *group, const char *key, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isinf (value))
    g_key_file_set_string (kf, group, key, value > 0 ? "inf" : "-inf");
  else
    g_key_file_set_string (kf, group, key, g_ascii_dtostr (buf, sizeof buf, value));
}

static void
kf_set_optional_string (GKeyFile *kf, const char *group, const char *key, const char *value)
{
  if (value != NULL)
    g_key_file_set_string (kf, group, key, value);
}

static void
kf_set_class (GKeyFile *kf, const char *group, const RaStyleClass *cls, gboolean with_range)
{
  kf_set_optional_string (kf, group, "Value", cls->value);
  kf_set_optional_string (kf, group, "Label", cls->label);
  if (with_range && cls->value == NULL)
    {
      kf_set_number (kf, group, "Lower", cls->lower);
      kf_set_number (kf, group, "Upper", cls->upper);
    }
  kf_set_color (kf, group, "Fill", &cls->fill);
  kf_set_color (kf, group, "Stroke", &cls->stroke);
  g_key_file_set_string (kf, group, "Pattern", pattern_names[CLAMP (cls->pattern, 0, 2)]);
  kf_set_color (kf, group, "PatternColor", &cls->pattern_color);
}

/**
 * ra_style_to_string:
 *
 * Returns: (transfer full): the style as key-file text
 */
char *
ra_style_to_string (const RaStyle *style)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  const char *g = "Style";

  g_return_val_if_fail (style != NULL, NULL);

  g_key_file_set_integer (kf, g, "Version", RA_STYLE_FORMAT_VERSION);
  g_key_file_set_string (kf, g, "Kind", kind_names[CLAMP (style->kind, 0, RA_STYLE_PROPORTIONAL)]);
  kf_set_color (kf, g, "Fill", &style->fill);
  kf_set_color (kf, g, "Stroke", &style->stroke);
  kf_set_number (kf, g, "StrokeWidth", style->stroke_width_px);
  g_key_file_set_string (kf, g, "Marker", marker_names[CLAMP (style->marker, 0, RA_MARKER_DIAMOND)]);
  kf_set_number (kf, g, "MarkerSize", style->marker_size_px);
  kf_set_optional_string (kf, g, "LabelField", style->label_field);
  kf_set_optional_string (kf, g, "LabelFont", style->label_font);
  kf_set_optional_string (kf, g, "DnLabelField", style->dn_label_field);
  kf_set_color (kf, g, "LabelColor", &style->label_color);
  kf_set_color (kf, g, "LabelHalo", &style->label_halo);
  kf_set_number (kf, g, "LabelHaloWidth", style->label_halo_px);
  if (style->label_priority != 0.0)
    kf_set_number (kf, g, "LabelPriority", style->label_priority);
  if (style->casing_width_px > 0.0)
    {
      kf_set_color (kf, g, "Casing", &style->casing);
      kf_set_number (kf, g, "CasingWidth", style->casing_width_px);
    }
  kf_set_optional_string (kf, g, "Field", style->field);
  g_key_file_set_string (kf, g, "Method", method_names[CLAMP (style->method, 0, RA_CLASSIFY_MANUAL)]);
  kf_set_optional_string (kf, g, "Ramp", style->ramp);
  g_key_file_set_integer (kf, g, "Classes", (int) style->n_classes);
  kf_set_optional_string (kf, g, "SizeField", style->size_field);
  kf_set_number (kf, g, "SizeMaxValue", style->size_max_value);
  kf_set_number (kf, g, "SizeMaxWidth", style->size_max_px);
  kf_set_number (kf, g, "SizeMinWidth", style->size_min_px);
  kf_set_color (kf, g, "SizeFill", &style->size_fill);
  kf_set_color (kf, g, "SizeStroke", &style->size_stroke);

  for (guint i = 0; i < style->n_classes; i++)
    {
      g_autofree char *group = g_strdup_printf ("Class %u", i);
      kf_set_class (kf, group, &style->classes[i], TRUE);
    }
  kf_set_class (kf, "Other", &style->other, FALSE);
  kf_set_class (kf, "NoData", &style->no_data, FALSE);
  /* Written only when there are some, so older readers see no change. */
  if (style->n_pie_fields > 0)
    g_key_file_set_integer (kf, g, "PieFields", (int) style->n_pie_fields);
  for (guint i = 0; i < style->n_pie_fields; i++)
    {
      g_autofree char *group = g_strdup_printf ("Pie %u", i);

      g_key_file_set_string (kf, group, "Field", style->pie_fields[i].field);
      kf_set_optional_string (kf, group, "Label", style->pie_fields[i].label);
      kf_set_color (kf, group, "Fill", &style->pie_fields[i].fill);
    }
  /* Donut holes and line widths by value: also only when set. */
  if (style->pie_hole > 0.0)
    kf_set_number (kf, g, "PieHole", style->pie_hole);
  if (style->width_field != NULL)
    {
      kf_set_optional_string (kf, g, "WidthField", style->width_field);
      kf_set_number (kf, g, "WidthMaxValue", style->width_max_value);
      kf_set_number (kf, g, "WidthMax", style->width_max_px);
      kf_set_number (kf, g, "WidthMin", style->width_min_px);
    }
  return g_key_file_to_data (kf, NULL, NULL);
}

/* Readers: absent keys keep the default; present but malformed ones fail. */

static gboolean
bad_value (GError **error, const char *group, const char *key)
{
  g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
               _("Invalid style: bad value for “%s” in [%s]"), key, group);
  return FALSE;
}

static gboolean
kf_get_string (GKeyFile *kf, const char *group, const char *key, char **out, GError **error)
{
  g_autoptr(GError) local = NULL;
  char *value;

  if (!g_key_file_has_key (kf, group, key, NULL))
    return TRUE;
  value = g_key_file_get_string (kf, group, key, &local);
  if (value == NULL || !g_utf8_validate (value, -1, NULL) || strlen (value) > 4096)
    {
      g_free (value);
      return bad_value (error, group, key);
    }
  g_free (*out);
  *out = value;
  return TRUE;
}

static gboolean
kf_get_color (GKeyFile *kf, const char *group, const char *key, RaColor *out, GError **error)
{
  g_autofree char *text = NULL;

  if (!kf_get_string (kf, group, key, &text, error))
    return FALSE;
  if (text != NULL && !ra_color_parse (out, text))
    return bad_value (error, group, key);
  return TRUE;
}

static gboolean
kf_get_number (GKeyFile *kf, const char *group, const char *key, double lo, double hi,
               gboolean allow_inf, double *out, GError **error)
{
  g_autofree char *text = NULL;
  double v;

  if (!kf_get_string (kf, group, key, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (allow_inf && strcmp (text, "inf") == 0)
    v = INFINITY;
  else if (allow_inf && strcmp (text, "-inf") == 0)
    v = -INFINITY;
  else if (!ra_style_parse_number (text, &v) || v < lo || v > hi)
    return bad_value (error, group, key);
  *out = v;
  return TRUE;
}

static gboolean
kf_get_enum (GKeyFile *kf, const char *group, const char *key, const char * const *names,
             int *out, GError **error)
{
  g_autofree char *text = NULL;

  if (!kf_get_string (kf, group, key, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  for (int i = 0; names[i] != NULL; i++)
    if (strcmp (names[i], text) == 0)
      {
        *out = i;
        return TRUE;
      }
  return bad_value (error, group, key);
}

static gboolean
kf_get_class (GKeyFile *kf, const char *group, RaStyleClass *cls, GError **error)
{
  int pattern = cls->pattern;

  if (!kf_get_string (kf, group, "Value", &cls->value, error) ||
      !kf_get_string (kf, group, "Label", &cls->label, error) ||
      !kf_get_number (kf, group, "Lower", -G_MAXDOUBLE, G_MAXDOUBLE, TRUE, &cls->lower, error) ||
      !kf_get_number (kf, group, "Upper", -G_MAXDOUBLE, G_MAXDOUBLE, TRUE, &cls->upper, error) ||
      !kf_get_color (kf, group, "Fill", &cls->fill, error) ||
      !kf_get_color (kf, group, "Stroke", &cls->stroke, error) ||
      !kf_get_enum (kf, group, "Pattern", pattern_names, &pattern, error) ||
      !kf_get_color (kf, group, "PatternColor", &cls->pattern_color, error))
    return FALSE;
  cls->pattern = pattern;
  if (cls->value == NULL && !(cls->lower <= cls->upper))
    return bad_value (error, group, "Upper");
  return TRUE;
}

/**
 * ra_style_from_string:
 * @text: (nullable): ra_style_to_string's output
 * @error: RA_ERROR_INVALID_ARGUMENT naming the bad key
 *
 * Returns: (transfer full) (nullable): the style, NULL on error
 */
RaStyle *
ra_style_from_string (const char *text, GError **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(RaStyle) style = NULL;
  g_autoptr(GError) local = NULL;
  const char *g = "Style";
  int kind, method, marker;
  gint64 version, n_classes, n_pies;
  gsize len;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL || (len = strnlen (text, RA_STYLE_MAX_TEXT + 1)) > RA_STYLE_MAX_TEXT ||
      !g_utf8_validate (text, len, NULL) ||
      !g_key_file_load_from_data (kf, text, len, G_KEY_FILE_NONE, &local) ||
      !g_key_file_has_group (kf, g))
    {
      g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                   _("Invalid style: not a Reclaim Atlas style text"));
      return NULL;
    }
  version = g_key_file_get_int64 (kf, g, "Version", &local);
  if (local != NULL || version != RA_STYLE_FORMAT_VERSION)
    {
      g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                   _("Invalid style: unsupported version"));
      return NULL;
    }

  style = ra_style_new_default (RA_GEOM_POLYGON, 0);
  kind = style->kind;
  method = style->method;
  marker = style->marker;
  n_classes = 0;
  if (g_key_file_has_key (kf, g, "Classes", NULL))
    {
      n_classes = g_key_file_get_int64 (kf, g, "Classes", &local);
      if (local != NULL || n_classes < 0 || n_classes > RA_STYLE_MAX_CLASSES)
        {
          bad_value (error, g, "Classes");
          return NULL;
        }
    }

  n_pies = 0;
  if (g_key_file_has_key (kf, g, "PieFields", NULL))
    {
      n_pies = g_key_file_get_int64 (kf, g, "PieFields", &local);
      if (local != NULL || n_pies < 0 || n_pies > RA_STYLE_MAX_PIE_FIELDS)
        {
          bad_value (error, g, "PieFields");
          return NULL;
        }
    }

  if (!kf_get_enum (kf, g, "Kind", kind_names, &kind, error) ||
      !kf_get_color (kf, g, "Fill", &style->fill, error) ||
      !kf_get_color (kf, g, "Stroke", &style->stroke, error) ||
      !kf_get_number (kf, g, "StrokeWidth", 0, RA_STYLE_MAX_PX, FALSE, &style->stroke_width_px, error) ||
      !kf_get_enum (kf, g, "Marker", marker_names, &marker, error) ||
      !kf_get_number (kf, g, "MarkerSize", 0, RA_STYLE_MAX_PX, FALSE, &style->marker_size_px, error) ||
      !kf_get_string (kf, g, "LabelField", &style->label_field, error) ||
      !kf_get_string (kf, g, "LabelFont", &style->label_font, error) ||
      !kf_get_string (kf, g, "DnLabelField", &style->dn_label_field, error) ||
      !kf_get_color (kf, g, "LabelColor", &style->label_color, error) ||
      !kf_get_color (kf, g, "LabelHalo", &style->label_halo, error) ||
      !kf_get_number (kf, g, "LabelHaloWidth", 0, RA_STYLE_MAX_PX, FALSE, &style->label_halo_px, error) ||
      !kf_get_number (kf, g, "LabelPriority", 0, 100, FALSE, &style->label_priority, error) ||
      !kf_get_color (kf, g, "Casing", &style->casing, error) ||
      !kf_get_number (kf, g, "CasingWidth", 0, RA_STYLE_MAX_PX, FALSE, &style->casing_width_px,
                      error) ||
      !kf_get_string (kf, g, "Field", &style->field, error) ||
      !kf_get_enum (kf, g, "Method", method_names, &method, error) ||
      !kf_get_string (kf, g, "Ramp", &style->ramp, error) ||
      !kf_get_string (kf, g, "SizeField", &style->size_field, error) ||
      !kf_get_number (kf, g, "SizeMaxValue", 0, G_MAXDOUBLE, FALSE, &style->size_max_value, error) ||
      !kf_get_number (kf, g, "SizeMaxWidth", 0, RA_STYLE_MAX_PX, FALSE, &style->size_max_px, error) ||
      !kf_get_number (kf, g, "SizeMinWidth", 0, RA_STYLE_MAX_PX, FALSE, &style->size_min_px, error) ||
      !kf_get_color (kf, g, "SizeFill", &style->size_fill, error) ||
      !kf_get_color (kf, g, "SizeStroke", &style->size_stroke, error) ||
      !kf_get_number (kf, g, "PieHole", 0, 0.9, FALSE, &style->pie_hole, error) ||
      !kf_get_string (kf, g, "WidthField", &style->width_field, error) ||
      !kf_get_number (kf, g, "WidthMaxValue", 0, G_MAXDOUBLE, FALSE, &style->width_max_value, error) ||
      !kf_get_number (kf, g, "WidthMax", 0, RA_STYLE_MAX_PX, FALSE, &style->width_max_px, error) ||
      !kf_get_number (kf, g, "WidthMin", 0, RA_STYLE_MAX_PX, FALSE, &style->width_min_px, error))
    return NULL;
  style->kind = kind;
  style->method = method;
  style->marker = marker;

  if (n_classes > 0)
    {
      style->classes = g_new0 (RaStyleClass, n_classes);
      for (gint64 i = 0; i < n_classes; i++)
        {
          g_autofree char *group = g_strdup_printf ("Class %" G_GINT64_FORMAT, i);
          RaStyleClass *cls = &style->classes[i];

          /* Counted as it is filled, so a failure frees what was read. */
          style->n_classes++;
          cls->lower = -INFINITY;
          cls->upper = INFINITY;
          if (!g_key_file_has_group (kf, group))
            {
              g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                           _("Invalid style: class %d is missing"), (int) i);
              return NULL;
            }
          if (!kf_get_class (kf, group, cls, error))
            return NULL;
        }
    }
  if (g_key_file_has_group (kf, "Other") && !kf_get_class (kf, "Other", &style->other, error))
    return NULL;
  if (g_key_file_has_group (kf, "NoData") && !kf_get_class (kf, "NoData", &style->no_data, error))
    return NULL;
  for (gint64 i = 0; i < n_pies; i++)
    {
      g_autofree char *group = g_strdup_printf ("Pie %" G_GINT64_FORMAT, i);
      g_autofree char *field = NULL;
      g_autofree char *label = NULL;
      RaColor fill = style->size_fill;

      if (!g_key_file_has_group (kf, group))
        {
          g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                       _("Invalid style: pie field %d is missing"), (int) i);
          return NULL;
        }
      if (!kf_get_string (kf, group, "Field", &field, error) ||
          !kf_get_string (kf, group, "Label", &label, error) ||
          !kf_get_color (kf, group, "Fill", &fill, error))
        return NULL;
      if (field == NULL || *field == '\0')
        {
          bad_value (error, group, "Field");
          return NULL;
        }
      ra_style_add_pie_field (style, field, label, &fill);
    }
  return g_steal_pointer (&style);
}
