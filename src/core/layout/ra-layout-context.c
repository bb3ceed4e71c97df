/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a print layout is drawn from: the context (snapshot, view, inset
 * data, project, year, county, date), its copy for worker threads, the
 * inset's data, and text templates filled from it. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ra-error.h"
#include "ra-layout-private.h"
#include "ra-paths.h"
#include "ra-source.h"

/* ------------------------------------------------------------------ */
/* Context                                                             */

/**
 * ra_layout_context_copy:
 *
 * Returns: (transfer full): free with ra_layout_context_free
 */
RaLayoutContext *
ra_layout_context_copy (const RaLayoutContext *ctx)
{
  RaLayoutContext *copy;

  g_return_val_if_fail (ctx != NULL, NULL);

  copy = g_new0 (RaLayoutContext, 1);
  copy->snapshot = ctx->snapshot != NULL ? ra_map_snapshot_ref (ctx->snapshot) : NULL;
  copy->view = ctx->view != NULL ? ra_view_copy (ctx->view) : NULL;
  copy->inset = ctx->inset != NULL ? ra_layer_data_ref (ctx->inset) : NULL;
  copy->project_name = g_strdup (ctx->project_name);
  copy->year = ctx->year;
  copy->county = g_strdup (ctx->county);
  copy->date = g_strdup (ctx->date);
  copy->schematic_layers = (const char * const *) g_strdupv ((char **) ctx->schematic_layers);
  copy->highlight_county = ctx->highlight_county;
  copy->no_line_labels = ctx->no_line_labels;
  copy->export_date = g_strdup (ctx->export_date);
  copy->county_panel = ctx->county_panel != NULL ? ra_layout_county_panel_copy (ctx->county_panel)
                                                 : NULL;
  return copy;
}

/* Only for contexts made by ra_layout_context_copy. */
void
ra_layout_context_free (RaLayoutContext *ctx)
{
  if (ctx == NULL)
    return;
  g_clear_pointer (&ctx->snapshot, ra_map_snapshot_unref);
  g_clear_pointer ((RaView **) &ctx->view, ra_view_free);
  g_clear_pointer (&ctx->inset, ra_layer_data_unref);
  g_free ((char *) ctx->project_name);
  g_free ((char *) ctx->county);
  g_free ((char *) ctx->date);
  g_free ((char *) ctx->export_date);
  g_clear_pointer ((RaLayoutCountyPanel **) &ctx->county_panel, ra_layout_county_panel_free);
  g_strfreev ((char **) ctx->schematic_layers);
  g_free (ctx);
}

/**
 * ra_layout_load_inset:
 * @map_crs: the map CRS the inset is drawn in
 *
 * Returns: (transfer full) (nullable): the inset layer's data
 */
RaLayerData *
ra_layout_load_inset (const RaLayoutItem *inset, RaCrs *map_crs,
                      GCancellable *cancellable, GError **error)
{
  g_autoptr(RaLayer) layer = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (inset != NULL, NULL);
  g_return_val_if_fail (map_crs != NULL, NULL);

  if (inset->inset_source == NULL || *inset->inset_source == '\0')
    {
      g_set_error (error, RA_ERROR, RA_ERROR_NOT_FOUND, _("The inset has no data source"));
      return NULL;
    }
  if (g_path_is_absolute (inset->inset_source))
    path = g_strdup (inset->inset_source);
  else
    path = g_build_filename (ra_paths_get_data_dir (), inset->inset_source, NULL);
  layer = ra_source_load_layer (path, inset->inset_layer, cancellable, error);
  if (layer == NULL)
    return NULL;
  if (!ra_layer_set_map_crs (layer, map_crs, error))
    return NULL;
  return ra_layer_dup_data (layer);
}

/* ------------------------------------------------------------------ */
/* Text templates                                                      */

char *
ra_layout_format_scale (double n)
{
  g_autofree char *digits = g_strdup_printf ("%.0f", round (n));
  GString *s = g_string_new (NULL);
  gsize len = strlen (digits);

  /* Groups of three with a thin space, as printed scales are written. */
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (s, "\u2009");
      g_string_append_c (s, digits[i]);
    }
  return g_string_free (s, FALSE);
}

/* (transfer full) (nullable): the value, NULL when empty. */
static char *
variable_value (const char *name, gsize len, const RaLayoutContext *ctx, double scale)
{
  RaCrs *crs = ctx->snapshot != NULL ? ra_map_snapshot_get_crs (ctx->snapshot) : NULL;

#define IS(lit) (len == strlen (lit) && strncmp (name, lit, len) == 0)
  if (IS ("project"))
    return ctx->project_name != NULL && *ctx->project_name ? g_strdup (ctx->project_name) : NULL;
  if (IS ("year"))
    return ctx->year > 0 ? g_strdup_printf ("%d", ctx->year) : NULL;
  if (IS ("county"))
    return ctx->county != NULL && *ctx->county ? g_strdup (ctx->county) : NULL;
  if (IS ("date"))
    {
      gboolean has_date = ctx->date != NULL && *ctx->date;

      /* The data's date: the year shown, and how recent its figures are
       * (issue 17: it printed the day of the export). */
      if (ctx->year > 0 && has_date)
        /* Translators: {date} of a figure: the year shown, then the latest
         * ledger month or last edit of the project. */
        return g_strdup_printf (_("%d (data as of %s)"), ctx->year, ctx->date);
      if (ctx->year > 0)
        return g_strdup_printf ("%d", ctx->year);
      return has_date ? g_strdup (ctx->date) : NULL;
    }
  if (IS ("export_date"))
    return ctx->export_date != NULL && *ctx->export_date ? g_strdup (ctx->export_date) : NULL;
  if (IS ("scale"))
    return scale > 0.0 && isfinite (scale) ? ra_layout_format_scale (scale) : NULL;
  if (IS ("crs"))
    return crs != NULL ? g_strdup (ra_crs_get_name (crs)) : NULL;
#undef IS
  return g_strndup (name - 1, len + 2);   /* unknown: kept as typed */
}

/* Expands variables in [start, end); *any_empty set when one was empty. */
static void
expand_span (GString *out, const char *p, const char *end, const RaLayoutContext *ctx,
             double scale, gboolean *any_var, gboolean *any_empty)
{
  while (p < end)
    {
      const char *close;

      if (*p == '{' && (close = memchr (p, '}', end - p)) != NULL && close - p <= 16)
        {
          g_autofree char *v = variable_value (p + 1, close - p - 1, ctx, scale);

          *any_var = TRUE;
          if (v == NULL)
            *any_empty = TRUE;
          else
            g_string_append (out, v);
          p = close + 1;
        }
      else
        g_string_append_c (out, *p++);
    }
}

/**
 * ra_layout_expand_text:
 * @template_text: (nullable)
 * @scale_denominator: for {scale}; <= 0: empty
 *
 * Returns: (transfer full)
 */
char *
ra_layout_expand_text (const char *template_text, const RaLayoutContext *ctx,
                       double scale_denominator)
{
  GString *out = g_string_new (NULL);
  const char *p = template_text;

  g_return_val_if_fail (ctx != NULL, g_string_free (out, FALSE));

  while (p != NULL && *p != '\0')
    {
      const char *close = NULL;

      if (*p == '[')
        close = strchr (p, ']');
      if (close != NULL)
        {
          g_autoptr(GString) part = g_string_new (NULL);
          gboolean any_var = FALSE, any_empty = FALSE;

          expand_span (part, p + 1, close, ctx, scale_denominator, &any_var, &any_empty);
          if (!any_var)
            g_string_append_len (out, p, close - p + 1);   /* a literal [note] */
          else if (!any_empty)
            g_string_append (out, part->str);
          p = close + 1;
        }
      else
        {
          const char *next = strchr (p + 1, '[');
          gboolean any_var = FALSE, any_empty = FALSE;

          if (next == NULL)
            next = p + strlen (p);
          expand_span (out, p, next, ctx, scale_denominator, &any_var, &any_empty);
          p = next;
        }
    }
  return g_string_free (out, FALSE);
}
