/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Thematic styles built from a layer's attribute table: categories from
 * its distinct values, graduated classes from its numbers, and the value
 * a proportional style's largest symbol stands for.  Used by the renderer,
 * the legend and the style dialog. */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ra-error.h"
#include "ra-style-build.h"

/* Qualitative fills, colour-blind safe in the common forms and light
 * enough for labels on top: ColorBrewer Set2, then Set3. */
static const char * const category_palette[] = {
  "#66c2a5", "#fc8d62", "#8da0cb", "#e78ac3", "#a6d854", "#ffd92f", "#e5c494", "#b3b3b3",
  "#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462", "#b3de69", "#fccde5",
  "#d9d9d9", "#bc80bd", "#ccebc5", "#ffed6f",
};

static int
field_or_error (const RaAttrTable *attrs, const char *field, GError **error)
{
  int index = attrs != NULL && field != NULL ? ra_attr_table_field_index (attrs, field) : -1;

  if (index < 0)
    g_set_error (error, RA_ERROR, RA_ERROR_NOT_FOUND,
                 _("The layer has no field “%s”"), field != NULL ? field : "");
  return index;
}

typedef struct {
  const char *text;
  double      number;
} Distinct;

static int
compare_distinct_numbers (gconstpointer pa, gconstpointer pb)
{
  const Distinct *a = pa, *b = pb;

  if (a->number != b->number)
    return a->number < b->number ? -1 : 1;
  return strcmp (a->text, b->text);
}

static int
compare_distinct_texts (gconstpointer pa, gconstpointer pb)
{
  const Distinct *a = pa, *b = pb;
  int c = g_utf8_collate (a->text, b->text);

  return c != 0 ? c : strcmp (a->text, b->text);
}

/**
 * ra_style_build_categories:
 * @attrs: the layer's attribute table
 * @field: the field to categorize by
 *
 * Returns: FALSE with @error set if the field is missing or has too many
 *   distinct values (the style is then unchanged)
 */
gboolean
ra_style_build_categories (RaStyle           *style,
                           const RaAttrTable *attrs,
                           const char        *field,
                           GError           **error)
{
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GArray) distinct = NULL;
  gboolean all_numbers = TRUE;
  int index;

  g_return_val_if_fail (style != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((index = field_or_error (attrs, field, error)) < 0)
    return FALSE;

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  distinct = g_array_new (FALSE, FALSE, sizeof (Distinct));
  for (guint i = 0; i < attrs->n_features; i++)
    {
      const char *text = ra_attr_table_get (attrs, i, index);
      Distinct d = { text, 0.0 };

      if (text == NULL || *text == '\0' || g_hash_table_contains (seen, text))
        continue;
      if (distinct->len == RA_STYLE_MAX_CLASSES)
        {
          g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                       _("The field “%s” has more than %d different values, too many for categories"),
                       field, RA_STYLE_MAX_CLASSES);
          return FALSE;
        }
      g_hash_table_add (seen, (gpointer) text);
      if (all_numbers && !ra_style_parse_number (text, &d.number))
        all_numbers = FALSE;
      g_array_append_val (distinct, d);
    }
  g_array_sort (distinct, all_numbers ? compare_distinct_numbers : compare_distinct_texts);

  ra_style_clear_classes (style);
  style->kind = RA_STYLE_CATEGORIZED;
  g_free (style->field);
  style->field = g_strdup (field);
  for (guint i = 0; i < distinct->len; i++)
    {
      RaColor fill;

      ra_color_parse (&fill, category_palette[i % G_N_ELEMENTS (category_palette)]);
      ra_style_add_category (style, g_array_index (distinct, Distinct, i).text, NULL, &fill);
    }
  return TRUE;
}

/**
 * ra_style_build_graduated:
 * @method: not RA_CLASSIFY_MANUAL (use ra_style_set_graduated)
 * @ramp: (nullable): a name from ra_color_ramp_list
 *
 * Returns: FALSE with @error set if the field is missing or holds no
 *   number (the style is then unchanged)
 */
gboolean
ra_style_build_graduated (RaStyle           *style,
                          const RaAttrTable *attrs,
                          const char        *field,
                          RaClassifyMethod   method,
                          guint              n_classes,
                          const char        *ramp,
                          GError           **error)
{
  g_autoptr(GArray) values = NULL;
  g_autofree double *breaks = NULL;
  guint made;
  int index;

  g_return_val_if_fail (style != NULL, FALSE);
  g_return_val_if_fail (method != RA_CLASSIFY_MANUAL, FALSE);
  g_return_val_if_fail (n_classes >= 1 && n_classes <= RA_STYLE_MAX_CLASSES, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((index = field_or_error (attrs, field, error)) < 0)
    return FALSE;

  values = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < attrs->n_features; i++)
    {
      double v;
      if (ra_style_parse_number (ra_attr_table_get (attrs, i, index), &v))
        g_array_append_val (values, v);
    }
  breaks = g_new (double, n_classes + 1);
  made = ra_style_classify_numeric ((const double *) (gpointer) values->data, values->len,
                                    method, n_classes, breaks);
  if (made == 0)
    {
      g_set_error (error, RA_ERROR, RA_ERROR_EMPTY,
                   _("The field “%s” holds no numbers to classify"), field);
      return FALSE;
    }
  ra_style_set_graduated (style, field, method, breaks, made + 1, ramp);
  return TRUE;
}

/**
 * ra_style_size_max_in_table:
 * @attrs: (nullable): the layer's attributes
 *
 * Returns: the value shown at the largest symbol size
 */
double
ra_style_width_max_in_table (const RaStyle *style, const RaAttrTable *attrs)
{
  double max = 0.0;
  int index;

  g_return_val_if_fail (style != NULL, 0.0);

  if (style->width_max_value > 0.0)
    return style->width_max_value;
  if (attrs == NULL || style->width_field == NULL ||
      (index = ra_attr_table_field_index (attrs, style->width_field)) < 0)
    return 0.0;
  for (guint i = 0; i < attrs->n_features; i++)
    {
      double v;
      if (ra_style_parse_number (ra_attr_table_get (attrs, i, index), &v) && v > max)
        max = v;
    }
  return max;
}

double
ra_style_size_max_in_table (const RaStyle *style, const RaAttrTable *attrs)
{
  double max = 0.0;
  int index;

  g_return_val_if_fail (style != NULL, 0.0);

  if (style->size_max_value > 0.0)
    return style->size_max_value;
  if (attrs == NULL || style->size_field == NULL ||
      (index = ra_attr_table_field_index (attrs, style->size_field)) < 0)
    return 0.0;
  for (guint i = 0; i < attrs->n_features; i++)
    {
      double v;
      if (ra_style_parse_number (ra_attr_table_get (attrs, i, index), &v) && v > max)
        max = v;
    }
  return max;
}
