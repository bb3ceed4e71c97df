/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-autocleanups.h"
#include "ra-error.h"
#include "ra-gdal-geometry.h"
#include "ra-source.h"
#include "ra-thematic.h"

#define RAMP "YlGnBu"                /* sequential, colour-blind safe, greyscale-monotonic */
#define CACHE_KEY "ra-thematic-cache"

/* What is read once per plan: the county boundaries (EPSG:4490) and the
 * scaling that must not change between years. */
typedef struct {
  char        *path;
  RaLayerData *counties;      /* (nullable) boundaries from the project file */
  int          adcode_field;
  double       rate_breaks[8];
  guint        n_rate_breaks;
  double       size_max;      /* largest symbol value over every year */
  gboolean     size_max_known;
} Cache;

static void
cache_free (Cache *cache)
{
  g_free (cache->path);
  g_clear_pointer (&cache->counties, ra_layer_data_unref);
  g_free (cache);
}

/* EPSG:4490, looked up in PROJ's database once. */
static RaCrs *
crs_4490 (GError **error)
{
  static GMutex lock;
  static RaCrs *crs;
  RaCrs *result;

  g_mutex_lock (&lock);
  if (crs == NULL)
    crs = ra_crs_new_from_epsg (4490, error);
  result = crs != NULL ? ra_crs_ref (crs) : NULL;
  g_mutex_unlock (&lock);
  return result;
}

static gboolean
is_num (double v)
{
  return isfinite (v);
}

static char *
num_text (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!is_num (v))
    return NULL;
  return g_strdup (g_ascii_dtostr (buf, sizeof buf, v));
}

/* Breaks for the reuse-rate map, fixed over all the plan's years and
 * targets: round steps giving at most 6 classes, open at both ends. */
static void
compute_rate_breaks (RaPlan *plan, Cache *cache)
{
  static const double steps[] = { 5, 10, 20, 25, 50 };
  const char * const *counties = ra_plan_get_county_adcodes (plan);
  guint n_years;
  const int *years = ra_plan_get_years (plan, &n_years);
  double lo = INFINITY, hi = -INFINITY, step = 10;
  guint n = 0;

  for (guint c = 0; counties[c] != NULL; c++)
    for (guint y = 0; y < n_years; y++)
      {
        const RaPlanFigures *f = ra_plan_get_figures (plan, counties[c], years[y]);

        if (f == NULL)
          continue;
        if (is_num (f->reuse_rate_pct))
          {
            lo = MIN (lo, f->reuse_rate_pct);
            hi = MAX (hi, MIN (f->reuse_rate_pct, 100.0));
          }
        if (is_num (f->target_rate_pct))
          {
            lo = MIN (lo, f->target_rate_pct);
            hi = MAX (hi, f->target_rate_pct);
          }
      }
  if (!is_num (lo))
    {
      lo = 0;
      hi = 100;
    }
  for (guint s = 0; s < G_N_ELEMENTS (steps); s++)
    {
      step = steps[s];
      if (ceil (hi / step) - floor (lo / step) <= 6)
        break;
    }
  lo = floor (lo / step) * step;
  hi = MAX (ceil (hi / step) * step, lo + step);
  /* Inner breaks only: the lowest and highest classes are open. */
  cache->rate_breaks[n++] = -INFINITY;
  for (double b = lo + step; b < hi - 1e-9 && n < G_N_ELEMENTS (cache->rate_breaks) - 1; b += step)
    cache->rate_breaks[n++] = b;
  cache->rate_breaks[n++] = INFINITY;
  cache->n_rate_breaks = n;
}

static Cache *
get_cache (RaPlan *plan, RaStore *store, GError **error)
{
  Cache *cache = g_object_get_data (G_OBJECT (plan), CACHE_KEY);
  const char *path = store != NULL ? ra_store_get_path (store) : NULL;

  if (cache != NULL && g_strcmp0 (cache->path, path) == 0)
    return cache;

  cache = g_new0 (Cache, 1);
  cache->path = g_strdup (path);
  cache->adcode_field = -1;
  if (path != NULL && ra_store_count_rows (store, "counties", NULL) > 0)
    {
      g_autoptr(RaLayer) layer = ra_store_load_layer (store, "counties", NULL, error);
      g_autoptr(RaCrs) crs = NULL;

      if (layer == NULL)
        {
          cache_free (cache);
          return NULL;
        }
      crs = crs_4490 (error);
      if (crs == NULL || !ra_layer_set_map_crs (layer, crs, error))
        {
          cache_free (cache);
          return NULL;
        }
      cache->counties = ra_layer_dup_data (layer);
      cache->adcode_field = ra_attr_table_field_index (cache->counties->attrs, "adcode");
    }
  compute_rate_breaks (plan, cache);
  g_object_set_data_full (G_OBJECT (plan), CACHE_KEY, cache, (GDestroyNotify) cache_free);
  return cache;
}

/* ------------------------------------------------------------------ */
/* Counties                                                            */

static const char *
status_key (RaPlanStatus status)
{
  switch (status)
    {
    case RA_PLAN_STATUS_MET: return "met";
    case RA_PLAN_STATUS_UNMET: return "unmet";
    case RA_PLAN_STATUS_NO_TARGET: return "no_target";
    case RA_PLAN_STATUS_CONFLICT: return RA_THEMATIC_CONFLICT;
    case RA_PLAN_STATUS_NO_DATA:
    default: return "no_data";
    }
}

/**
 * ra_thematic_format_label:
 * Returns: (transfer full)
 */
char *
ra_thematic_format_label (const RaPlanFigures *f)
{
  gboolean use_short;

  g_return_val_if_fail (f != NULL, NULL);

  /* A rate over 100 % is never shown as a value. */
  if (f->status == RA_PLAN_STATUS_CONFLICT || (is_num (f->reuse_rate_pct) && f->reuse_rate_pct > 100.0))
    /* TRANSLATORS: map label of a county whose projected use exceeds its
     * treated wastewater: no rate is shown */
    return g_strdup_printf (_("%s: data conflict"), f->name);
  /* The labels show rates, nothing else: no figures, the name; figures
   * but no rate (treated wastewater unknown), said briefly. */
  if (!is_num (f->reuse_rate_pct))
    {
      if (!is_num (f->reclaimed_use) && !is_num (f->target_rate_pct) && !is_num (f->target_reclaimed_use))
        return g_strdup (f->name);
      /* TRANSLATORS: map label of a county without a reuse rate (its
       * treated wastewater is unknown) */
      return g_strdup_printf (_("%s: no rate"), f->name);
    }
  if (f->target_year > 0 && is_num (f->target_rate_pct))
    {
      /* Short of the target use with the rate reached: the rate's label,
       * marked, and the legend says what the mark means
       * (RA_THEMATIC_KEY_USE_SHORT). */
      use_short = f->status == RA_PLAN_STATUS_UNMET && is_num (f->gap_use) && f->gap_use < 0 &&
                  (!is_num (f->gap_rate_pts) || f->gap_rate_pts >= 0);
      /* 59.75 % of 60 % must not read "60% → 60%" when it is unmet. */
      if (f->status == RA_PLAN_STATUS_UNMET && !use_short &&
          f->reuse_rate_pct < f->target_rate_pct && round (f->reuse_rate_pct) >= f->target_rate_pct)
        /* TRANSLATORS: county, reuse rate → target rate */
        return g_strdup_printf (_("%s %.1f%% → %.0f%%"), f->name, f->reuse_rate_pct,
                                f->target_rate_pct);
      if (use_short)
        return g_strdup_printf ("%s %.0f%% → %.0f%%%s", f->name, f->reuse_rate_pct,
                                f->target_rate_pct, RA_THEMATIC_USE_SHORT_MARK);
      /* TRANSLATORS: county, reuse rate → target rate */
      return g_strdup_printf (_("%s %.0f%% → %.0f%%"), f->name, f->reuse_rate_pct,
                              f->target_rate_pct);
    }
  return g_strdup_printf ("%s %.0f%%", f->name, f->reuse_rate_pct);
}

/* The figures part of a county's label ("59% → 84%"), NULL when it has
 * no rate compared with a target. (transfer full) */
static char *
label_figures (const RaPlanFigures *f)
{
  g_autofree char *label = NULL;
  gsize name_len;

  if (f == NULL || f->status == RA_PLAN_STATUS_CONFLICT || !is_num (f->reuse_rate_pct) ||
      f->target_year <= 0 || !is_num (f->target_rate_pct))
    return NULL;
  label = ra_thematic_format_label (f);
  name_len = strlen (f->name);
  if (strncmp (label, f->name, name_len) != 0 || label[name_len] != ' ')
    return NULL;
  return g_strdup (label + name_len + 1);
}

/* Legend rows that explain the labels: what "59% → 84%" means, with
 * the figures of the first county that has them, and the mark of a use
 * short of its target.  Categories no feature has, drawn as nothing, so
 * only their text shows. */
static void
add_label_key (RaStyle *style, RaPlan *plan, const Cache *cache, int year)
{
  RaColor clear = { 1, 1, 1, 0 };
  g_autofree char *example = NULL;
  const RaPlanFigures *example_f = NULL;
  gboolean any_use_short = FALSE;

  for (guint i = 0; cache->counties != NULL && i < cache->counties->n_features; i++)
    {
      const char *adcode = cache->adcode_field >= 0
        ? ra_attr_table_get (cache->counties->attrs, i, cache->adcode_field) : NULL;
      const RaPlanFigures *f = ra_plan_get_figures (plan, adcode, year);
      g_autofree char *figures = label_figures (f);

      if (figures == NULL)
        continue;
      if (g_str_has_suffix (figures, RA_THEMATIC_USE_SHORT_MARK))
        any_use_short = TRUE;
      else if (example == NULL)
        {
          example = g_steal_pointer (&figures);
          example_f = f;
        }
    }
  if (example != NULL)
    {
      /* TRANSLATORS: legend row explaining the county labels, e.g.
       * "59% → 84%: reuse rate in 2023 → target rate for 2025" */
      g_autofree char *text = g_strdup_printf (_("%s: reuse rate in %d → target rate for %d"),
                                               example, year, example_f->target_year);

      ra_style_add_category (style, RA_THEMATIC_KEY_FORM, text, &clear);
      style->classes[style->n_classes - 1].stroke = clear;
    }
  if (any_use_short)
    {
      /* TRANSLATORS: legend row explaining the mark after a county's
       * label; keep the mark (*) */
      ra_style_add_category (style, RA_THEMATIC_KEY_USE_SHORT,
                             _("*: target rate reached, use still below the target use"),
                             &clear);
      style->classes[style->n_classes - 1].stroke = clear;
    }
}

/* "target met" and the like, saying so when the year's figures are not
 * its own (interpolated, held): a verdict on estimates reads as one.
 * (transfer full) */
static char *
qualify_verdict (RaPlan *plan, int year, const char *verdict)
{
  int from = 0, to = 0;

  if (plan == NULL)
    return g_strdup (verdict);
  /* to: unused, the heading names both years. */
  switch (ra_plan_get_year_provenance (plan, year, &from, &to))
    {
    case RA_PLAN_PROVENANCE_INTERPOLATED:
      /* TRANSLATORS: a legend verdict in a year without figures of its
       * own (the layer's heading says between which years), e.g.
       * "target met; interpolated figures" */
      return g_strdup_printf (_("%s; interpolated figures"), verdict);
    case RA_PLAN_PROVENANCE_HELD:
      /* TRANSLATORS: a legend verdict, e.g. "target met; figures held
       * from 2030" */
      return g_strdup_printf (_("%s; figures held from %d"), verdict, from);
    default:
      return g_strdup (verdict);
    }
}

/* The class of a data conflict: a dark red cross-hatch on white, so it
 * reads as "not a value" beside the ramp and apart from "no data" (grey). */
static void
add_conflict_class (RaStyle *style)
{
  RaColor white = { 1, 1, 1, 1 };
  RaStyleClass *cls;

  ra_style_add_category (style, RA_THEMATIC_CONFLICT,
                         _("data conflict (rate over 100 %)"),
                         &white);
  cls = &style->classes[style->n_classes - 1];
  cls->pattern = RA_PATTERN_CROSS;
  ra_color_parse (&cls->pattern_color, "#b2182bd9");
  ra_color_parse (&cls->stroke, "#4d4d4d");
}

static RaStyle *
counties_style (RaThematicMode mode, const Cache *cache, gboolean any_conflict, RaPlan *plan,
                int year)
{
  RaStyle *style = ra_style_new_default (RA_GEOM_POLYGON, 0);

  ra_color_parse (&style->stroke, "#4d4d4d");
  style->stroke_width_px = 1.0;
  /* "甘州区 48% → 50%" inside the county; where a project symbol covers
   * that point the renderer puts the label beside the symbol. */
  ra_style_set_label_field (style, RA_THEMATIC_FIELD_LABEL);
  ra_color_parse (&style->label_color, "#1a1a1a");
  ra_color_parse (&style->label_halo, "#ffffffe6");
  style->label_halo_px = 2.5;
  /* A county's name is never dropped, in presentation mode neither: it is
   * placed before any other label. */
  style->label_priority = 10.0;

  if (mode == RA_THEMATIC_GAP)
    {
      static const double breaks[] = { -INFINITY, -10.0, 0.0, INFINITY };
      const char *labels[] = {
        _("more than 10 points below target"),
        _("up to 10 points below target"),
        _("target met"),
      };
      /* Light to medium: "met" stays light enough for borders and labels. */
      const double t[] = { 0.0, 0.3, 0.55 };

      ra_style_set_graduated (style, RA_THEMATIC_FIELD_VALUE, RA_CLASSIFY_MANUAL,
                              breaks, G_N_ELEMENTS (breaks), RAMP);
      for (guint i = 0; i < style->n_classes; i++)
        {
          RaStyleClass *cls = &style->classes[i];

          g_free (cls->label);
          cls->label = i == 2 ? qualify_verdict (plan, year, labels[i]) : g_strdup (labels[i]);
          ra_color_ramp_sample (RAMP, t[i], &cls->fill);
          /* Not by colour alone: unmet classes are hatched. */
          cls->pattern = i < 2 ? RA_PATTERN_HATCH : RA_PATTERN_NONE;
          cls->pattern_color = (RaColor) { 0.15, 0.15, 0.15, 0.7 };
        }
    }
  else
    {
      ra_style_set_graduated (style, RA_THEMATIC_FIELD_VALUE, RA_CLASSIFY_MANUAL,
                              cache->rate_breaks, cache->n_rate_breaks, RAMP);
      /* The ramp's light two thirds: the darkest class stays light enough
       * for county borders, the unmet hatching and the symbols on top. */
      for (guint i = 0; i < style->n_classes; i++)
        {
          double t = style->n_classes > 1 ? 0.65 * i / (style->n_classes - 1) : 0.3;

          ra_color_ramp_sample (RAMP, t, &style->classes[i].fill);
          style->classes[i].pattern = RA_PATTERN_NONE;
        }
    }
  /* Only in the years that have one, so the legend shows what is drawn. */
  if (any_conflict)
    add_conflict_class (style);
  add_label_key (style, plan, cache, year);
  g_free (style->no_data.label);
  style->no_data.label = g_strdup (mode == RA_THEMATIC_GAP ? _("no target or no data") : _("no data"));
  ra_color_parse (&style->no_data.fill, "#f0f0f0");
  style->no_data.stroke = style->stroke;
  style->no_data.pattern = RA_PATTERN_CROSS;
  style->no_data.pattern_color = (RaColor) { 0.6, 0.6, 0.6, 0.6 };
  return style;
}

static RaStyle *
status_style (RaPlan *plan, int year, int target_year)
{
  RaStyle *style = ra_style_new_default (RA_GEOM_POLYGON, 0);
  RaColor clear = { 1, 1, 1, 0 };
  g_autofree char *unmet = NULL;
  g_autofree char *met = NULL;
  g_autofree char *unmet_q = NULL;
  g_autofree char *met_q = NULL;

  /* Before a target year the verdict is about the coming target, so a
   * county met in 2025 and "not yet" in 2026 reads as what it is. */
  if (target_year > year)
    {
      /* TRANSLATORS: legend: a county short of a later year's target */
      unmet = g_strdup_printf (_("not yet at the %d target (hatched)"), target_year);
      /* TRANSLATORS: legend: a county already at a later year's target */
      met = g_strdup_printf (_("already at the %d target"), target_year);
    }
  else
    {
      unmet = g_strdup (_("target not met (hatched)"));
      met = g_strdup (_("target met"));
    }
  unmet_q = qualify_verdict (plan, year, unmet);
  met_q = qualify_verdict (plan, year, met);

  style->kind = RA_STYLE_CATEGORIZED;
  g_free (style->field);
  style->field = g_strdup (RA_THEMATIC_FIELD_STATUS);
  style->fill = clear;
  ra_color_parse (&style->stroke, "#262626");
  style->stroke_width_px = 1.5;
  ra_style_set_label_field (style, NULL);
  ra_style_add_category (style, "unmet", unmet_q, &clear);
  style->classes[0].pattern = RA_PATTERN_HATCH;
  style->classes[0].pattern_color = (RaColor) { 0.1, 0.1, 0.1, 0.75 };
  ra_style_add_category (style, "met", met_q, &clear);
  /* No target, no data: nothing drawn over the colour. */
  style->other.fill = clear;
  style->other.stroke = clear;
  style->other.pattern = RA_PATTERN_NONE;
  style->no_data.fill = clear;
  style->no_data.stroke = clear;
  style->no_data.pattern = RA_PATTERN_NONE;
  return style;
}

static const char * const county_fields[] = {
  RA_THEMATIC_FIELD_ADCODE, RA_THEMATIC_FIELD_NAME, "year", RA_THEMATIC_FIELD_RATE,
  "target_year", "target_rate_pct", "reclaimed_use", "target_use", "mine_use",
  "treated_wastewater", RA_THEMATIC_FIELD_PROVENANCE, "gap_use", RA_THEMATIC_FIELD_GAP,
  RA_THEMATIC_FIELD_STATUS, RA_THEMATIC_FIELD_VALUE, RA_THEMATIC_FIELD_LABEL,
};
static const RaFieldType county_types[] = {
  RA_FIELD_STRING, RA_FIELD_STRING, RA_FIELD_INTEGER, RA_FIELD_REAL,
  RA_FIELD_INTEGER, RA_FIELD_REAL, RA_FIELD_REAL, RA_FIELD_REAL, RA_FIELD_REAL,
  RA_FIELD_REAL, RA_FIELD_STRING, RA_FIELD_REAL, RA_FIELD_REAL, RA_FIELD_STRING,
  RA_FIELD_STRING, RA_FIELD_STRING,
};
G_STATIC_ASSERT (G_N_ELEMENTS (county_fields) == G_N_ELEMENTS (county_types));

static char **
county_values (const RaPlanFigures *f, const char *adcode, int year, RaThematicMode mode)
{
  char **v = g_new0 (char *, G_N_ELEMENTS (county_fields));
  guint i = 0, rate_i, gap_i;

  v[i++] = g_strdup (adcode);
  v[i++] = g_strdup (f ? f->name : NULL);
  v[i++] = g_strdup_printf ("%d", year);
  if (f == NULL)
    return v;
  rate_i = i;
  v[i++] = num_text (f->reuse_rate_pct);
  v[i++] = f->target_year > 0 ? g_strdup_printf ("%d", f->target_year) : NULL;
  v[i++] = num_text (f->target_rate_pct);
  v[i++] = num_text (f->reclaimed_use);
  v[i++] = num_text (f->target_reclaimed_use);
  v[i++] = num_text (f->mine_use);
  v[i++] = num_text (f->treated_wastewater);
  v[i++] = g_strdup (ra_plan_provenance_to_key (f->treated_provenance));
  v[i++] = num_text (f->gap_use);
  /* Unmet by a hair must not print as "-0" and land among the met. */
  gap_i = i;
  v[i++] = (f->status == RA_PLAN_STATUS_UNMET && is_num (f->gap_pts) && f->gap_pts >= -1e-6)
           ? g_strdup ("-1e-6") : num_text (f->gap_pts);
  v[i++] = g_strdup (status_key (f->status));
  v[i++] = f->status == RA_PLAN_STATUS_CONFLICT ? g_strdup (RA_THEMATIC_CONFLICT)
           : g_strdup (v[mode == RA_THEMATIC_GAP ? gap_i : rate_i]);
  v[i++] = ra_thematic_format_label (f);
  g_assert (i == G_N_ELEMENTS (county_fields));
  return v;
}

/* ------------------------------------------------------------------ */
/* Projects                                                            */

static const char * const project_fields[] = {
  RA_THEMATIC_FIELD_CODES, "name", "adcode", "source", "status", RA_THEMATIC_FIELD_CLASS,
  RA_THEMATIC_FIELD_CAPACITY, "n_projects", "service_year", "in_service",
  /* In RaPlanUse order. */
  RA_THEMATIC_FIELD_CAP_INDUSTRY, RA_THEMATIC_FIELD_CAP_AGRICULTURE,
  RA_THEMATIC_FIELD_CAP_ECOLOGICAL, RA_THEMATIC_FIELD_CAP_URBAN_NONPOTABLE,
};
static const RaFieldType project_types[] = {
  RA_FIELD_STRING, RA_FIELD_STRING, RA_FIELD_STRING, RA_FIELD_STRING, RA_FIELD_STRING,
  RA_FIELD_STRING, RA_FIELD_REAL, RA_FIELD_INTEGER, RA_FIELD_INTEGER, RA_FIELD_STRING,
  RA_FIELD_REAL, RA_FIELD_REAL, RA_FIELD_REAL, RA_FIELD_REAL,
};
G_STATIC_ASSERT (RA_PLAN_N_USES == 4);
G_STATIC_ASSERT (G_N_ELEMENTS (project_fields) == G_N_ELEMENTS (project_types));

/* A symbol: one project with geometry, or the projects of one county,
 * source and status at its seat. */
typedef struct {
  double   x, y;
  gint64   first_id;   /* the first project's id: the feature id, the same every year */
  GString *codes;
  char    *name;
  char    *adcode;
  char    *source;
  char    *status;
  double   capacity;
  double   cap_by_use[RA_PLAN_N_USES];
  guint    n;
  int      service_year;   /* latest of the group */
  gboolean in_service;
  gboolean at_seat;
} Symbol;

static void
symbol_free (Symbol *s)
{
  g_string_free (s->codes, TRUE);
  g_free (s->name);
  g_free (s->adcode);
  g_free (s->source);
  g_free (s->status);
  g_free (s);
}

static const char *
project_status (const RaProjectRecord *p)
{
  return p->status != NULL ? p->status : "proposed";
}

static const char *
project_source (const RaProjectRecord *p)
{
  return g_strcmp0 (p->source, "mine") == 0 ? "mine" : "reclaimed";
}

/* The county seat (or a point inside the county) of adcode. */
static gboolean
seat_of (RaPlan *plan, const Cache *cache, const char *adcode, double *x, double *y)
{
  GPtrArray *counties = ra_plan_get_counties (plan);

  for (guint i = 0; i < counties->len; i++)
    {
      RaCountyRecord *c = g_ptr_array_index (counties, i);

      if (g_strcmp0 (c->adcode, adcode) == 0 && is_num (c->seat_lon) && is_num (c->seat_lat))
        {
          *x = c->seat_lon;
          *y = c->seat_lat;
          return TRUE;
        }
    }
  if (cache->counties != NULL && cache->adcode_field >= 0)
    for (guint i = 0; i < cache->counties->n_features; i++)
      if (cache->counties->geoms[i] != NULL &&
          g_strcmp0 (ra_attr_table_get (cache->counties->attrs, i, cache->adcode_field), adcode) == 0)
        return ra_geometry_label_point (cache->counties->geoms[i], x, y);
  return FALSE;
}

/* The centroid of a project's own geometry (footprint or route). */
static gboolean
project_point (RaStore *store, const RaProjectRecord *p, double *x, double *y)
{
  g_autofree char *wkt = NULL;

  if (store == NULL || !p->has_geometry)
    return FALSE;
  wkt = ra_store_get_geometry_wkt (store, "projects", p->id, NULL);
  if (wkt == NULL || !ra_gdal_wkt_centroid (wkt, x, y))
    return FALSE;
  return is_num (*x) && is_num (*y);
}

static GPtrArray *
collect_symbols (RaPlan *plan, RaStore *store, const Cache *cache, int year,
                 RaThematicFlags flags)
{
  GPtrArray *projects = ra_plan_get_projects (plan);
  GPtrArray *symbols = g_ptr_array_new_with_free_func ((GDestroyNotify) symbol_free);
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < projects->len; i++)
    {
      RaProjectRecord *p = g_ptr_array_index (projects, i);
      int sy = ra_plan_project_service_year (p);
      gboolean in_service = sy > 0 && sy <= year;
      double cap = is_num (p->cap_total) ? p->cap_total : 0;
      double x, y;
      Symbol *s = NULL;
      gboolean own = FALSE;

      if (!in_service && !(flags & RA_THEMATIC_ALL_PROJECTS))
        continue;
      if (project_point (store, p, &x, &y))
        own = TRUE;
      else if (!seat_of (plan, cache, p->adcode, &x, &y))
        continue;   /* nowhere to draw it; the check reports such projects */

      if (!own)
        {
          g_autofree char *key = g_strdup_printf ("%s|%s|%s|%d", p->adcode, project_source (p),
                                                  project_status (p), in_service);

          s = g_hash_table_lookup (groups, key);
          if (s == NULL)
            {
              s = g_new0 (Symbol, 1);
              g_hash_table_insert (groups, g_steal_pointer (&key), s);
            }
        }
      else
        s = g_new0 (Symbol, 1);

      if (s->codes == NULL)
        {
          s->codes = g_string_new (NULL);
          s->first_id = p->id;
          s->x = x;
          s->y = y;
          s->adcode = g_strdup (p->adcode);
          s->source = g_strdup (project_source (p));
          s->status = g_strdup (project_status (p));
          s->in_service = in_service;
          s->at_seat = !own;
          g_ptr_array_add (symbols, s);
        }
      if (s->codes->len > 0)
        g_string_append (s->codes, ", ");
      g_string_append (s->codes, p->code ? p->code : "?");
      if (s->name == NULL)
        s->name = g_strdup (p->name);
      s->capacity += cap;
      s->cap_by_use[RA_PLAN_USE_INDUSTRY] += is_num (p->cap_industry) ? p->cap_industry : 0;
      s->cap_by_use[RA_PLAN_USE_AGRICULTURE] += is_num (p->cap_agriculture) ? p->cap_agriculture : 0;
      s->cap_by_use[RA_PLAN_USE_ECOLOGICAL] += is_num (p->cap_ecological) ? p->cap_ecological : 0;
      s->cap_by_use[RA_PLAN_USE_URBAN_NONPOTABLE] +=
        is_num (p->cap_urban_nonpotable) ? p->cap_urban_nonpotable : 0;
      s->n++;
      s->service_year = MAX (s->service_year, sy);
    }
  return symbols;
}

static gboolean
symbols_have_class (GPtrArray *symbols, const char *source, const char *status)
{
  for (guint i = 0; i < symbols->len; i++)
    {
      Symbol *s = g_ptr_array_index (symbols, i);

      if (g_strcmp0 (s->source, source) == 0 && g_strcmp0 (s->status, status) == 0)
        return TRUE;
    }
  return FALSE;
}

/* present (nullable): only the classes of these symbols, so the legend
 * shows what is drawn. */
/* Colour-blind safe (Dark2), distinct in greyscale; in RaPlanUse order. */
static const char * const use_colors[RA_PLAN_N_USES] = {
  "#1b9e77", "#d95f02", "#7570b3", "#e7298a",
};

static RaStyle *
projects_style (double size_max, GPtrArray *present, gboolean pies)
{
  RaStyle *style = ra_style_new_default (RA_GEOM_POINT, 0);
  static const struct {
    const char *source, *status, *color;
    gboolean hollow;
  } kinds[] = {
    { "reclaimed", "in_service",         "#b35806", FALSE },
    { "reclaimed", "under_construction", "#e66101", FALSE },
    { "reclaimed", "proposed",           "#e66101", TRUE },
    { "mine",      "in_service",         "#542788", FALSE },
    { "mine",      "under_construction", "#5e3c99", FALSE },
    { "mine",      "proposed",           "#5e3c99", TRUE },
  };
  const char *labels[] = {
    _("reclaimed water, in service"),
    _("reclaimed water, under construction"),
    _("reclaimed water, proposed"),
    _("mine water, in service"),
    _("mine water, under construction"),
    _("mine water, proposed"),
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (kinds) == 6);

  style->kind = RA_STYLE_PROPORTIONAL;
  g_free (style->field);
  style->field = g_strdup (RA_THEMATIC_FIELD_CLASS);
  g_free (style->size_field);
  style->size_field = g_strdup (RA_THEMATIC_FIELD_CAPACITY);
  style->size_max_value = size_max;
  style->size_max_px = 44;
  style->size_min_px = 7;
  style->stroke_width_px = 2.0;
  /* No labels by default (the counties carry theirs); the style dialog
   * can label the symbols by their project codes. */
  ra_style_set_label_field (style, NULL);
  ra_color_parse (&style->label_color, "#1a1a1a");
  ra_color_parse (&style->label_halo, "#ffffffe6");
  style->label_halo_px = 2.5;
  ra_color_parse (&style->size_fill, "#e66101");
  ra_color_parse (&style->size_stroke, "#7f3b08");
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *value = g_strdup_printf ("%s|%s", kinds[i].source, kinds[i].status);
      RaColor color;
      RaStyleClass *cls;

      if (present != NULL && !symbols_have_class (present, kinds[i].source, kinds[i].status))
        continue;
      ra_color_parse (&color, kinds[i].color);
      ra_style_add_category (style, value, labels[i], &color);
      cls = &style->classes[style->n_classes - 1];
      cls->stroke = color;
      if (kinds[i].hollow)
        cls->fill = (RaColor) { 1, 1, 1, 0 };   /* hollow: a ring, the map shows through */
      else
        {
          cls->fill.a = 0.9;
          ra_color_parse (&cls->stroke, "#ffffff");
        }
    }
  style->other.fill = (RaColor) { 0.5, 0.5, 0.5, 0.8 };
  ra_color_parse (&style->other.stroke, "#ffffff");
  if (pies)
    {
      /* The wedges take the fill: the source shows in the outline and
       * "proposed" (otherwise hollow) as a white hatch over the wedges. */
      for (guint i = 0; i < style->n_classes; i++)
        {
          RaStyleClass *cls = &style->classes[i];

          if (cls->fill.a == 0.0)
            {
              ra_color_parse (&cls->fill, "#bdbdbd");
              cls->pattern = RA_PATTERN_HATCH;
              ra_color_parse (&cls->pattern_color, "#ffffffcc");
            }
          else
            {
              cls->stroke = cls->fill;
              cls->stroke.a = 1.0;
            }
        }
      for (int u = 0; u < RA_PLAN_N_USES; u++)
        {
          g_autofree char *field = g_strconcat ("cap_", ra_plan_use_to_key (u), NULL);
          RaColor color;

          ra_color_parse (&color, use_colors[u]);
          ra_style_add_pie_field (style, field, ra_plan_use_to_string (u), &color);
        }
    }
  return style;
}

/* The largest symbol over every year: with all projects of the last year. */
static double
max_symbol_value (RaPlan *plan, RaStore *store, Cache *cache)
{
  guint n_years;
  const int *years = ra_plan_get_years (plan, &n_years);
  g_autoptr(GPtrArray) all = NULL;
  double max = 0;

  if (cache->size_max_known)
    return cache->size_max;
  cache->size_max_known = TRUE;
  all = collect_symbols (plan, store, cache, n_years > 0 ? years[n_years - 1] : G_MAXINT,
                         RA_THEMATIC_ALL_PROJECTS);
  for (guint i = 0; i < all->len; i++)
    max = MAX (max, ((Symbol *) g_ptr_array_index (all, i))->capacity);
  /* No projects at all: 0, so the legend shows no made-up sizes. */
  cache->size_max = max;
  return cache->size_max;
}

/* ------------------------------------------------------------------ */

static RaLayer *
new_layer (const char *name, RaGeomKind kind, RaCrs *crs, const char *role,
           const char * const *fields, const RaFieldType *types, guint n_fields)
{
  RaLayer *layer = ra_layer_new (name, kind, crs);

  ra_layer_set_fields (layer, n_fields, fields, types);
  g_object_set_data (G_OBJECT (layer), RA_THEMATIC_ROLE_KEY, (gpointer) role);
  return layer;
}

const char *
ra_thematic_layer_role (RaLayer *layer)
{
  g_return_val_if_fail (RA_IS_LAYER (layer), NULL);
  return g_object_get_data (G_OBJECT (layer), RA_THEMATIC_ROLE_KEY);
}

GPtrArray *
ra_thematic_build (RaPlan *plan, RaStore *store, int year, RaThematicMode mode, GError **error)
{
  return ra_thematic_build_full (plan, store, year, mode, RA_THEMATIC_FLAGS_NONE, error);
}

/**
 * ra_thematic_build_full:
 * @store: (nullable): the project file (county boundaries, project
 *   geometries); without it only the projects are drawn, at county seats
 * Returns: (transfer full) (element-type RaLayer) (nullable)
 */
GPtrArray *
ra_thematic_build_full (RaPlan          *plan,
                        RaStore         *store,
                        int              year,
                        RaThematicMode   mode,
                        RaThematicFlags  flags,
                        GError         **error)
{
  g_autoptr(GPtrArray) layers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RaCrs) crs = NULL;
  g_autoptr(GPtrArray) symbols = NULL;
  Cache *cache;
  int target_year = 0;

  g_return_val_if_fail (RA_IS_PLAN (plan), NULL);
  g_return_val_if_fail (store == NULL || RA_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!ra_plan_has_year (plan, year))
    {
      guint n;
      const int *years = ra_plan_get_years (plan, &n);

      if (n == 0)
        g_set_error (error, RA_ERROR, RA_ERROR_EMPTY, _("the plan has no years with figures or targets"));
      else
        g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                     _("%d is outside the plan's years (%d–%d)"), year, years[0], years[n - 1]);
      return NULL;
    }
  crs = crs_4490 (error);
  if (crs == NULL)
    return NULL;
  cache = get_cache (plan, store, error);
  if (cache == NULL)
    return NULL;

  /* Counties, and the status overlay in rate mode. */
  if (cache->counties != NULL)
    {
      g_autofree char *name = NULL;
      g_autofree char *status_name = NULL;
      g_autoptr(RaLayer) counties = NULL;
      g_autoptr(RaLayer) status = NULL;
      g_autoptr(RaStyle) style = NULL;
      g_autofree char *note = ra_plan_dup_year_note (plan, year);
      gboolean any_conflict = FALSE;

      for (guint i = 0; i < cache->counties->n_features && target_year == 0; i++)
        {
          const char *adcode = cache->adcode_field >= 0
            ? ra_attr_table_get (cache->counties->attrs, i, cache->adcode_field) : NULL;
          const RaPlanFigures *f = ra_plan_get_figures (plan, adcode, year);

          if (f != NULL)
            target_year = f->target_year;
        }
      for (guint i = 0; i < cache->counties->n_features; i++)
        {
          const char *adcode = cache->adcode_field >= 0
            ? ra_attr_table_get (cache->counties->attrs, i, cache->adcode_field) : NULL;
          const RaPlanFigures *f = ra_plan_get_figures (plan, adcode, year);

          any_conflict |= f != NULL && f->status == RA_PLAN_STATUS_CONFLICT;
        }
      style = counties_style (mode, cache, any_conflict, plan, year);
      if (mode == RA_THEMATIC_GAP)
        name = target_year > 0
          /* TRANSLATORS: layer name: "2023 gap to the 2025 target (points)" */
          ? g_strdup_printf (_("%d: gap to the %d target (points)"), year, target_year)
          : g_strdup_printf (_("%d: gap to the target (points)"), year);
      else
        name = g_strdup_printf (_("%d: reuse rate (%%)"), year);
      /* A year without figures of its own says so where the map is read:
       * at the head of its legend, on screen and in print. */
      if (note != NULL)
        {
          g_autofree char *plain = g_steal_pointer (&name);

          /* TRANSLATORS: layer name · note on the year's data */
          name = g_strdup_printf (_("%s · %s"), plain, note);
        }

      counties = new_layer (name, RA_GEOM_POLYGON, crs, "counties", county_fields, county_types,
                            G_N_ELEMENTS (county_fields));
      if (mode == RA_THEMATIC_REUSE_RATE)
        {
          status_name = target_year > 0
            /* TRANSLATORS: layer name: "2023: against the 2025 target" */
            ? g_strdup_printf (_("%d: against the %d target"), year, target_year)
            : g_strdup_printf (_("%d: against the target"), year);
          status = new_layer (status_name, RA_GEOM_POLYGON, crs, "status", county_fields,
                              county_types, G_N_ELEMENTS (county_fields));
        }
      for (guint i = 0; i < cache->counties->n_features; i++)
        {
          const char *adcode = cache->adcode_field >= 0
            ? ra_attr_table_get (cache->counties->attrs, i, cache->adcode_field) : NULL;
          const RaPlanFigures *f = ra_plan_get_figures (plan, adcode, year);
          RaGeometry *geom = cache->counties->geoms[i];

          ra_layer_add_feature (counties, i, geom ? ra_geometry_copy (geom) : NULL,
                                county_values (f, adcode, year, mode));
          if (status != NULL)
            ra_layer_add_feature (status, i, geom ? ra_geometry_copy (geom) : NULL,
                                  county_values (f, adcode, year, mode));
        }
      ra_layer_set_style (counties, style);
      g_ptr_array_add (layers, g_steal_pointer (&counties));
      if (status != NULL)
        {
          g_autoptr(RaStyle) sstyle = status_style (plan, year, target_year);

          ra_layer_set_style (status, sstyle);
          g_ptr_array_add (layers, g_steal_pointer (&status));
        }
    }

  /* Projects as proportional symbols. */
  {
    g_autoptr(RaStyle) style = NULL;
    g_autofree char *name = (flags & RA_THEMATIC_ALL_PROJECTS)
      ? g_strdup_printf (_("Projects, capacity (10⁴ m³/a); in service by %d or later"), year)
      : g_strdup_printf (_("Projects in service by %d, capacity (10⁴ m³/a)"), year);
    g_autoptr(RaLayer) layer = new_layer (name, RA_GEOM_POINT, crs, "projects", project_fields,
                                          project_types, G_N_ELEMENTS (project_fields));

    symbols = collect_symbols (plan, store, cache, year, flags);
    style = projects_style (max_symbol_value (plan, store, cache), symbols,
                            (flags & RA_THEMATIC_PIES) != 0);
    for (guint i = 0; i < symbols->len; i++)
      {
        Symbol *s = g_ptr_array_index (symbols, i);
        RaGeometry *pt = ra_geometry_new (RA_GEOM_POINT, 1, 1);
        char **v = g_new0 (char *, G_N_ELEMENTS (project_fields));
        guint k = 0;

        pt->xy[0] = s->x;
        pt->xy[1] = s->y;
        pt->parts[0] = 0;
        pt->parts[1] = 1;
        ra_geometry_update_bbox (pt);
        v[k++] = g_strdup (s->codes->str);
        v[k++] = g_strdup (s->n == 1 ? s->name : NULL);
        v[k++] = g_strdup (s->adcode);
        v[k++] = g_strdup (s->source);
        v[k++] = g_strdup (s->status);
        v[k++] = g_strdup_printf ("%s|%s", s->source, s->status);
        v[k++] = num_text (s->capacity);
        v[k++] = g_strdup_printf ("%u", s->n);
        v[k++] = s->service_year > 0 ? g_strdup_printf ("%d", s->service_year) : NULL;
        v[k++] = g_strdup (s->in_service ? "yes" : "no");
        for (int u = 0; u < RA_PLAN_N_USES; u++)
          v[k++] = num_text (s->cap_by_use[u]);
        g_assert (k == G_N_ELEMENTS (project_fields));
        /* Keyed by a project, not by the position in this year's list, so
         * a selection on the map stays on it when the year changes. */
        ra_layer_add_feature (layer, s->first_id, pt, v);
      }
    ra_layer_set_style (layer, style);
    g_ptr_array_add (layers, g_steal_pointer (&layer));
  }
  return g_steal_pointer (&layers);
}

int
ra_thematic_find_role (RaMap *map, const char *role)
{
  g_return_val_if_fail (RA_IS_MAP (map), -1);

  for (guint i = 0; i < ra_map_get_n_layers (map); i++)
    if (g_strcmp0 (ra_thematic_layer_role (ra_map_get_layer (map, i)), role) == 0)
      return (int) i;
  return -1;
}

static gboolean
has_role (GPtrArray *layers, const char *role)
{
  for (guint i = 0; i < layers->len; i++)
    if (g_strcmp0 (ra_thematic_layer_role (g_ptr_array_index (layers, i)), role) == 0)
      return TRUE;
  return FALSE;
}

/**
 * ra_thematic_replace_layers:
 * @map: a map that may hold the thematic layers of another year or mode
 * @layers: (element-type RaLayer): from ra_thematic_build_full, bottom first
 * @error: the first layer that could not be put in (the others still are)
 *
 * Puts the contents of @layers into @map: the map's layer of each role
 * takes the new features, name and style (ra_layer_replace_contents), so
 * it keeps its place, visibility and opacity and the map's layer list does
 * not change; a role the map lacks is added on top; roles @layers lacks
 * (the status overlay in gap mode) are removed; other layers stay as they
 * are.
 *
 * Returns: (transfer container) (element-type RaLayer): the layers of
 *   @layers added to the map, on top, in the order of @layers (the caller
 *   may move them).
 */
GPtrArray *
ra_thematic_replace_layers (RaMap *map, GPtrArray *layers, GError **error)
{
  GPtrArray *added = g_ptr_array_new ();

  g_return_val_if_fail (RA_IS_MAP (map), added);
  g_return_val_if_fail (layers != NULL, added);

  for (guint i = ra_map_get_n_layers (map); i-- > 0;)
    {
      const char *role = ra_thematic_layer_role (ra_map_get_layer (map, i));

      if (role != NULL && !has_role (layers, role))
        ra_map_remove_layer (map, i);
    }

  for (guint i = 0; i < layers->len; i++)
    {
      RaLayer *layer = g_ptr_array_index (layers, i);
      int old_pos = ra_thematic_find_role (map, ra_thematic_layer_role (layer));
      g_autoptr(GError) add_error = NULL;
      gboolean ok;

      if (old_pos >= 0)
        ok = ra_layer_replace_contents (ra_map_get_layer (map, old_pos), layer, &add_error);
      else
        {
          ok = ra_map_add_layer (map, layer, &add_error);
          if (ok)
            g_ptr_array_add (added, layer);
        }
      if (!ok && error != NULL && *error == NULL)
        g_propagate_error (error, g_steal_pointer (&add_error));
    }
  return added;
}
