/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-plan-check.h"
#include "ra-balance-private.h"

/* ------------------------------------------------------------------ */
/* Figures the plan publishes that no table of the project file holds.  */

/* Keyed by the city's adcode, so they apply to that plan only.
 *
 * Source: 张掖市非常规水源利用规划（2023—2035年） (Zhangye non-conventional
 * water plan 2023-2035): the subtotal rows of its appendix table 2 (附表2,
 * per batch: investment 10^4 yuan / capacity 10^4 m3/a), and the 2023 city
 * reuse rate its text gives (50.5 %), which differs from appendix table 1
 * (51 %) and the history figure (50.7 %).  See data/samples/zhangye and
 * ../shared/data/README.md.  The store keeps the text's figure only in a
 * free-text note, hence this table. */
typedef struct {
  const char *city_adcode;
  const char *batch;            /* appendix 2 subtotal row; NULL: a rate */
  double      investment;       /* 10^4 yuan */
  double      capacity;         /* 10^4 m3/a */
  int         year;             /* rate rows */
  const char *area_adcode;
  double      rate_pct;
  const char *where;            /* where the plan prints it (not translated: a citation) */
} PublishedFigure;

static const PublishedFigure published[] = {
  { "620700", "2024",      23912, 272, 0, NULL, NAN, "附表2 小计 (appendix table 2 subtotal), 2024 在建" },
  { "620700", "2025",      34844, 475, 0, NULL, NAN, "附表2 小计 (appendix table 2 subtotal), 2025 拟建" },
  { "620700", "2026-2030", 78589, 612, 0, NULL, NAN, "附表2 小计 (appendix table 2 subtotal), 2026-2030 拟建" },
  { "620700", NULL, NAN, NAN, 2023, "620700", 50.5, "规划正文 现状 (plan text, current situation)" },
};

/* ------------------------------------------------------------------ */
/* RaPlanFinding                                                       */

struct _RaPlanFinding
{
  GObject parent_instance;

  /* owned */
  RaPlanSeverity severity;
  char          *code;
  char          *message;
  char          *adcode;
  int            year;
  GArray        *numbers;   /* RaPlanNumber */
};

G_DEFINE_FINAL_TYPE (RaPlanFinding, ra_plan_finding, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SEVERITY,
  PROP_CODE,
  PROP_MESSAGE,
  PROP_ADCODE,
  PROP_YEAR,
  PROP_SOURCES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
number_clear (gpointer p)
{
  RaPlanNumber *n = p;

  g_free (n->label);
  g_free (n->source);
}

static char *
dup_sources (RaPlanFinding *self)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < self->numbers->len; i++)
    {
      const RaPlanNumber *n = &g_array_index (self->numbers, RaPlanNumber, i);

      if (n->source == NULL || strstr (s->str, n->source) != NULL)
        continue;
      if (s->len > 0)
        g_string_append (s, "; ");
      g_string_append (s, n->source);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
ra_plan_finding_finalize (GObject *object)
{
  RaPlanFinding *self = RA_PLAN_FINDING (object);

  g_free (self->code);
  g_free (self->message);
  g_free (self->adcode);
  g_array_unref (self->numbers);
  G_OBJECT_CLASS (ra_plan_finding_parent_class)->finalize (object);
}

static void
ra_plan_finding_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RaPlanFinding *self = RA_PLAN_FINDING (object);

  switch (prop_id)
    {
    case PROP_SEVERITY: g_value_set_int (value, self->severity); break;
    case PROP_CODE: g_value_set_string (value, self->code); break;
    case PROP_MESSAGE: g_value_set_string (value, self->message); break;
    case PROP_ADCODE: g_value_set_string (value, self->adcode); break;
    case PROP_YEAR: g_value_set_int (value, self->year); break;
    case PROP_SOURCES: g_value_take_string (value, dup_sources (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ra_plan_finding_class_init (RaPlanFindingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = ra_plan_finding_finalize;
  object_class->get_property = ra_plan_finding_get_property;

  properties[PROP_SEVERITY] = g_param_spec_int ("severity", NULL, NULL,
                                                RA_PLAN_SEVERITY_INFO, RA_PLAN_SEVERITY_ERROR,
                                                RA_PLAN_SEVERITY_INFO, flags);
  properties[PROP_CODE] = g_param_spec_string ("code", NULL, NULL, NULL, flags);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, flags);
  properties[PROP_ADCODE] = g_param_spec_string ("adcode", NULL, NULL, NULL, flags);
  properties[PROP_YEAR] = g_param_spec_int ("year", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_SOURCES] = g_param_spec_string ("sources", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ra_plan_finding_init (RaPlanFinding *self)
{
  self->numbers = g_array_new (FALSE, TRUE, sizeof (RaPlanNumber));
  g_array_set_clear_func (self->numbers, number_clear);
}

RaPlanSeverity
ra_plan_finding_get_severity (RaPlanFinding *self)
{
  g_return_val_if_fail (RA_IS_PLAN_FINDING (self), RA_PLAN_SEVERITY_INFO);
  return self->severity;
}

const char *
ra_plan_finding_get_code (RaPlanFinding *self)
{
  g_return_val_if_fail (RA_IS_PLAN_FINDING (self), NULL);
  return self->code;
}

const char *
ra_plan_finding_get_message (RaPlanFinding *self)
{
  g_return_val_if_fail (RA_IS_PLAN_FINDING (self), NULL);
  return self->message;
}

const char *
ra_plan_finding_get_adcode (RaPlanFinding *self)
{
  g_return_val_if_fail (RA_IS_PLAN_FINDING (self), NULL);
  return self->adcode;
}

int
ra_plan_finding_get_year (RaPlanFinding *self)
{
  g_return_val_if_fail (RA_IS_PLAN_FINDING (self), 0);
  return self->year;
}

const RaPlanNumber *
ra_plan_finding_get_numbers (RaPlanFinding *self, guint *n)
{
  g_return_val_if_fail (RA_IS_PLAN_FINDING (self), NULL);
  if (n != NULL)
    *n = self->numbers->len;
  return (const RaPlanNumber *) (gpointer) self->numbers->data;
}

double
ra_plan_finding_find_value (RaPlanFinding *self, const char *source_part)
{
  g_return_val_if_fail (RA_IS_PLAN_FINDING (self), NAN);

  for (guint i = 0; i < self->numbers->len; i++)
    {
      const RaPlanNumber *n = &g_array_index (self->numbers, RaPlanNumber, i);

      if (source_part == NULL || (n->source != NULL && strstr (n->source, source_part) != NULL))
        return n->value;
    }
  return NAN;
}

/**
 * ra_plan_finding_new:
 * @message: (transfer full)
 * Returns: (transfer full)
 */
RaPlanFinding *
ra_plan_finding_new (RaPlanSeverity severity, const char *code, const char *adcode, int year,
                     char *message)
{
  RaPlanFinding *f = g_object_new (RA_TYPE_PLAN_FINDING, NULL);

  f->severity = severity;
  f->code = g_strdup (code);
  f->message = message;
  f->adcode = g_strdup (adcode);
  f->year = year;
  return f;
}

void
ra_plan_finding_add_number (RaPlanFinding *self, const char *label, double value,
                            const char *source)
{
  RaPlanNumber n = { g_strdup (label), value, g_strdup (source) };

  g_return_if_fail (RA_IS_PLAN_FINDING (self));
  g_array_append_val (self->numbers, n);
}

const char *
ra_plan_severity_to_string (RaPlanSeverity severity)
{
  switch (severity)
    {
    case RA_PLAN_SEVERITY_ERROR: return _("error");
    case RA_PLAN_SEVERITY_WARNING: return _("warning");
    case RA_PLAN_SEVERITY_INFO:
    default: return _("info");
    }
}

const char *
ra_plan_severity_to_key (RaPlanSeverity severity)
{
  switch (severity)
    {
    case RA_PLAN_SEVERITY_ERROR: return "error";
    case RA_PLAN_SEVERITY_WARNING: return "warning";
    case RA_PLAN_SEVERITY_INFO:
    default: return "info";
    }
}

/* ------------------------------------------------------------------ */
/* Building findings                                                   */

typedef struct {
  RaPlan    *plan;
  GPtrArray *findings;   /* RaPlanFinding* */
} Checker;

static RaPlanFinding *
add_finding (Checker *ck, RaPlanSeverity severity, const char *code, const char *adcode,
             int year, char *message /* (transfer full) */)
{
  RaPlanFinding *f = g_object_new (RA_TYPE_PLAN_FINDING, NULL);

  f->severity = severity;
  f->code = g_strdup (code);
  f->message = message;
  f->adcode = g_strdup (adcode);
  f->year = year;
  g_ptr_array_add (ck->findings, f);
  return f;
}

static void
add_number (RaPlanFinding *f, const char *label, double value, char *source /* transfer full */)
{
  RaPlanNumber n = { g_strdup (label), value, source };

  g_array_append_val (f->numbers, n);
}

/* "12.5" without trailing zeros, C locale. */
static char *
fmt (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (v))
    return g_strdup ("–");
  if (fabs (v - round (v)) < 1e-9)
    return g_strdup_printf ("%.0f", v);
  g_ascii_formatd (buf, sizeof buf, "%.2f", v);
  /* trim trailing zeros of the decimals */
  {
    char *end = buf + strlen (buf) - 1;

    while (end > buf && *end == '0')
      *end-- = '\0';
    if (*end == '.')
      *end = '\0';
  }
  return g_strdup (buf);
}

/* Where an indicator row comes from, as a person reads it: "张掖市 2023
 * actual, the plan's appendix table 1" (the origin the store records:
 * targets.csv is the Zhangye plan's appendix table 1). */
static const char *
origin_name (const char *origin)
{
  if (g_strcmp0 (origin, "targets") == 0)
    return _("the plan's appendix table 1");
  if (g_strcmp0 (origin, "history") == 0)
    return _("the history table");
  if (g_strcmp0 (origin, "xinzhou") == 0)
    return _("Xinzhou's implementation opinions");
  return origin != NULL ? origin : "?";
}

static char *
indicator_source (const RaIndicatorRecord *rec)
{
  const char *area = rec->area_zh != NULL ? rec->area_zh : rec->adcode;
  const char *kind = g_strcmp0 (rec->kind, "actual") == 0 ? _("actual")
                     : g_strcmp0 (rec->kind, "target_min") == 0 ? _("target") : rec->kind;

  /* TRANSLATORS: an indicator's source: area, year, "actual" or "target",
   * the table, e.g. "张掖市 2023 actual, the plan's appendix table 1" */
  return g_strdup_printf (_("%s %d %s, %s"), area != NULL ? area : "?", rec->year,
                          kind != NULL ? kind : "", origin_name (rec->origin));
}

static char *
project_source (const RaProjectRecord *p)
{
  /* TRANSLATORS: a project as the source of a figure: code and name */
  return g_strdup_printf (_("project %s %s"), p->code ? p->code : "",
                          p->name ? p->name : "");
}

static int
decimals_of (double v)
{
  for (int d = 0; d < 6; d++)
    {
      double scaled = v * pow (10, d);

      if (fabs (scaled - round (scaled)) < 1e-6)
        return d;
    }
  return 6;
}

/* Two published figures agree when the more precise one rounds to the
 * other (51 and 50.7 agree; 50.5 and 50.7 do not). */
static gboolean
agree (double a, double b)
{
  int d = MIN (decimals_of (a), decimals_of (b));

  return fabs (a - b) <= 0.5 * pow (10, -d) + 1e-9;
}

/* ------------------------------------------------------------------ */
/* The checks                                                          */

static const char *
area_name (Checker *ck, const char *adcode)
{
  const char *name = ra_plan_get_area_name (ck->plan, adcode);

  return name != NULL ? name : adcode;
}

/* The same actual figure (reuse rate, use) given differently by the
 * sources: appendix table 1, history, the plan's text. */
static void
check_value_sources (Checker *ck)
{
  GPtrArray *indicators = ra_plan_get_indicators (ck->plan);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < indicators->len; i++)
    {
      RaIndicatorRecord *first = g_ptr_array_index (indicators, i);
      g_autofree char *key = NULL;

      if (g_strcmp0 (first->kind, "actual") != 0 || first->adcode == NULL)
        continue;
      key = g_strdup_printf ("%s|%d", first->adcode, first->year);
      if (g_hash_table_contains (seen, key))
        continue;
      g_hash_table_add (seen, g_steal_pointer (&key));

      for (int measure = 0; measure < 2; measure++)
        {
          gboolean is_rate = measure == 0;
          g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
          g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_free);
          gboolean differ = FALSE;
          const RaPlanFigures *fig;
          g_autoptr(GString) list = g_string_new (NULL);
          RaPlanFinding *f;

          for (guint j = i; j < indicators->len; j++)
            {
              RaIndicatorRecord *rec = g_ptr_array_index (indicators, j);
              double v = is_rate ? rec->reclaimed_rate_pct : rec->reclaimed_use;

              if (g_strcmp0 (rec->kind, "actual") != 0 || rec->year != first->year ||
                  g_strcmp0 (rec->adcode, first->adcode) != 0 || !isfinite (v))
                continue;
              g_array_append_val (values, v);
              g_ptr_array_add (sources, indicator_source (rec));
            }
          for (guint p = 0; is_rate && p < G_N_ELEMENTS (published); p++)
            if (published[p].batch == NULL && published[p].year == first->year &&
                g_strcmp0 (published[p].area_adcode, first->adcode) == 0 &&
                g_strcmp0 (published[p].city_adcode, ra_plan_get_city_adcode (ck->plan)) == 0)
              {
                g_array_append_val (values, published[p].rate_pct);
                g_ptr_array_add (sources, g_strdup (published[p].where));
              }
          for (guint a = 0; a < values->len; a++)
            for (guint b = a + 1; b < values->len; b++)
              if (!agree (g_array_index (values, double, a), g_array_index (values, double, b)))
                differ = TRUE;
          if (!differ)
            continue;

          for (guint a = 0; a < values->len; a++)
            {
              g_autofree char *v = fmt (g_array_index (values, double, a));

              if (a > 0)
                g_string_append (list, ", ");
              g_string_append_printf (list, "%s (%s)", v,
                                      (const char *) g_ptr_array_index (sources, a));
            }
          f = add_finding (ck, RA_PLAN_SEVERITY_WARNING, is_rate ? "rate-sources" : "use-sources",
                           first->adcode, first->year,
                           is_rate
                           ? g_strdup_printf (_("%s %d: the sources give %u different reuse rates (%%): %s"),
                                              area_name (ck, first->adcode), first->year,
                                              values->len, list->str)
                           : g_strdup_printf (_("%s %d: the sources give %u different reclaimed-water uses: %s"),
                                              area_name (ck, first->adcode), first->year,
                                              values->len, list->str));
          for (guint a = 0; a < values->len; a++)
            add_number (f, is_rate ? _("reuse rate (%)") : _("reclaimed water use"),
                        g_array_index (values, double, a),
                        g_strdup (g_ptr_array_index (sources, a)));
          /* What the counties' figures give, for comparison. */
          fig = ra_plan_get_figures (ck->plan, first->adcode, first->year);
          if (is_rate && fig != NULL && fig->is_city && isfinite (fig->reuse_rate_pct))
            add_number (f, _("rate computed from the counties (use / treated wastewater)"),
                        fig->reuse_rate_pct, g_strdup (_("computed")));
        }
    }
}

/* The city row of each year and kind against the sum of its counties. */
static void
check_city_row (Checker *ck)
{
  static const char * const kinds[] = { "actual", "target_min" };
  const char *city = ra_plan_get_city_adcode (ck->plan);
  const char * const *counties = ra_plan_get_county_adcodes (ck->plan);
  GPtrArray *indicators = ra_plan_get_indicators (ck->plan);
  g_autoptr(GArray) years = g_array_new (FALSE, FALSE, sizeof (int));

  if (city == NULL || counties[0] == NULL)
    return;
  for (guint i = 0; i < indicators->len; i++)
    {
      RaIndicatorRecord *rec = g_ptr_array_index (indicators, i);
      gboolean dup = FALSE;

      if (g_strcmp0 (rec->adcode, city) != 0)
        continue;
      for (guint y = 0; y < years->len; y++)
        dup |= g_array_index (years, int, y) == rec->year;
      if (!dup)
        g_array_append_val (years, rec->year);
    }

  for (guint y = 0; y < years->len; y++)
    for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
      {
        int year = g_array_index (years, int, y);
        const RaIndicatorRecord *crow = ra_plan_get_indicator (ck->plan, city, year, kinds[k]);
        guint n_rows = 0;

        if (crow == NULL)
          continue;
        for (guint c = 0; counties[c] != NULL; c++)
          n_rows += ra_plan_get_indicator (ck->plan, counties[c], year, kinds[k]) != NULL;
        if (n_rows == 0)
          continue;

        for (int m = 0; m < 3; m++)
          {
            const char *label = m == 0 ? _("reclaimed water use") :
                                m == 1 ? _("mine water use") : _("non-conventional water use");
            double listed = m == 0 ? crow->reclaimed_use :
                            m == 1 ? crow->mine_use : crow->nonconventional_use;
            double sum = 0;
            gboolean any = FALSE;
            g_autofree char *a = NULL, *b = NULL;
            RaPlanFinding *f;

            for (guint c = 0; counties[c] != NULL; c++)
              {
                const RaIndicatorRecord *r = ra_plan_get_indicator (ck->plan, counties[c], year,
                                                                    kinds[k]);
                double v;

                if (r == NULL)
                  continue;
                v = m == 0 ? r->reclaimed_use : m == 1 ? r->mine_use : r->nonconventional_use;
                if (isfinite (v))
                  {
                    sum += v;
                    any = TRUE;
                  }
              }
            if (!isfinite (listed) || !any || fabs (listed - sum) < 0.5)
              continue;
            a = fmt (listed);
            b = fmt (sum);
            f = add_finding (ck, RA_PLAN_SEVERITY_ERROR, "city-row-vs-counties", city, year,
                             g_strdup_printf (_("%s %d %s, %s: the city row gives %s but its counties sum to %s"),
                                              area_name (ck, city), year, kinds[k], label, a, b));
            add_number (f, label, listed, indicator_source (crow));
            add_number (f, _("sum of the counties"), sum, g_strdup (_("computed")));
            for (guint c = 0; counties[c] != NULL; c++)
              {
                const RaIndicatorRecord *r = ra_plan_get_indicator (ck->plan, counties[c], year,
                                                                    kinds[k]);
                double v;

                if (r == NULL)
                  continue;
                v = m == 0 ? r->reclaimed_use : m == 1 ? r->mine_use : r->nonconventional_use;
                if (isfinite (v))
                  add_number (f, area_name (ck, counties[c]), v, indicator_source (r));
              }
          }
      }
}

/* Target increase since the baseline against the capacity of the projects
 * due by the target year, per area, source and target year. */
static void
check_targets_vs_projects (Checker *ck)
{
  int baseline = ra_plan_get_baseline_year (ck->plan);
  const char * const *counties = ra_plan_get_county_adcodes (ck->plan);
  GPtrArray *projects = ra_plan_get_projects (ck->plan);
  const int *tyears;
  guint n_tyears;
  g_autoptr(GPtrArray) areas = g_ptr_array_new ();

  if (baseline == 0)
    return;
  for (guint c = 0; counties[c] != NULL; c++)
    g_ptr_array_add (areas, (gpointer) counties[c]);
  if (ra_plan_get_city_adcode (ck->plan) != NULL)
    g_ptr_array_add (areas, (gpointer) ra_plan_get_city_adcode (ck->plan));
  tyears = ra_plan_get_target_years (ck->plan, &n_tyears);

  for (guint a = 0; a < areas->len; a++)
    for (guint t = 0; t < n_tyears; t++)
      for (int mine = 0; mine < 2; mine++)
        {
          const char *adcode = g_ptr_array_index (areas, a);
          int year = tyears[t];
          const RaIndicatorRecord *base = ra_plan_get_indicator (ck->plan, adcode, baseline, "actual");
          const RaIndicatorRecord *target = ra_plan_get_indicator (ck->plan, adcode, year, "target_min");
          const RaPlanFigures *fig = ra_plan_get_figures (ck->plan, adcode, year);
          gboolean is_city = fig != NULL && fig->is_city;
          double b, tv, increase, added;
          g_autoptr(GString) codes = g_string_new (NULL);
          g_autofree char *s_inc = NULL, *s_add = NULL, *s_b = NULL, *s_t = NULL;
          RaPlanFinding *f;

          if (base == NULL || target == NULL || fig == NULL)
            continue;
          b = mine ? base->mine_use : base->reclaimed_use;
          tv = mine ? target->mine_use : target->reclaimed_use;
          if (!isfinite (tv))
            continue;
          if (!isfinite (b))
            b = 0;
          increase = tv - b;
          added = mine ? fig->added_mine : fig->added_reclaimed;
          if (fabs (increase - added) < 0.5)
            continue;

          for (guint p = 0; p < projects->len; p++)
            {
              RaProjectRecord *proj = g_ptr_array_index (projects, p);
              int sy = ra_plan_project_service_year (proj);

              if ((!is_city && g_strcmp0 (proj->adcode, adcode) != 0) ||
                  (g_strcmp0 (proj->source, "mine") == 0) != mine ||
                  sy <= baseline || sy > year)
                continue;
              if (codes->len > 0)
                g_string_append (codes, ", ");
              g_string_append (codes, proj->code ? proj->code : "?");
            }
          s_inc = fmt (increase);
          s_add = fmt (added);
          s_b = fmt (b);
          s_t = fmt (tv);
          f = add_finding (ck, added < increase ? RA_PLAN_SEVERITY_WARNING : RA_PLAN_SEVERITY_INFO,
                           "target-vs-projects", adcode, year,
                           mine
                           ? g_strdup_printf (_("%s %d: the mine-water target rises by %s (%s → %s) but the projects due by then add %s (%s)"),
                                              area_name (ck, adcode), year, s_inc, s_b, s_t, s_add,
                                              codes->len ? codes->str : _("none"))
                           : g_strdup_printf (_("%s %d: the reclaimed-water target rises by %s (%s → %s) but the projects due by then add %s (%s)"),
                                              area_name (ck, adcode), year, s_inc, s_b, s_t, s_add,
                                              codes->len ? codes->str : _("none")));
          add_number (f, _("target increase"), increase, g_strdup (_("computed")));
          add_number (f, _("capacity of the projects due"), added,
                      codes->len ? g_strdup_printf (_("projects %s"), codes->str)
                                 : g_strdup (_("computed")));
          add_number (f, _("baseline use"), b, indicator_source (base));
          add_number (f, _("target use"), tv, indicator_source (target));
        }
}

/* The use an area is to reach at a milestone of a period: the baseline's
 * actual use, else the target of that year; NAN if the plan gives none. */
static double
milestone_use (Checker *ck, const char *adcode, int year, gboolean mine,
               const RaIndicatorRecord **row)
{
  int baseline = ra_plan_get_baseline_year (ck->plan);
  const RaIndicatorRecord *rec;
  double v;

  rec = ra_plan_get_indicator (ck->plan, adcode, year, year == baseline ? "actual" : "target_min");
  *row = rec;
  if (rec == NULL)
    return NAN;
  v = mine ? rec->mine_use : rec->reclaimed_use;
  /* A baseline without mine water used none. */
  if (!isfinite (v) && mine && year == baseline && isfinite (rec->reclaimed_use))
    v = 0;
  return v;
}

/* Each plan period (baseline -> first target year -> ... -> horizon): the
 * period's own target increment against the capacity of the projects
 * entering service in it, per area and source.  The cumulative check
 * (check_targets_vs_projects) lets an early surplus hide a later period
 * whose projects fall short; this one does not. */
static void
check_periods (Checker *ck)
{
  int baseline = ra_plan_get_baseline_year (ck->plan);
  const char * const *counties = ra_plan_get_county_adcodes (ck->plan);
  const char *city = ra_plan_get_city_adcode (ck->plan);
  GPtrArray *projects = ra_plan_get_projects (ck->plan);
  g_autoptr(GArray) milestones = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GPtrArray) areas = g_ptr_array_new ();
  guint n_tyears, n_years;
  const int *tyears = ra_plan_get_target_years (ck->plan, &n_tyears);
  const int *years = ra_plan_get_years (ck->plan, &n_years);

  if (baseline == 0 || n_tyears == 0)
    return;
  g_array_append_val (milestones, baseline);
  for (guint t = 0; t < n_tyears; t++)
    if (tyears[t] > baseline)
      g_array_append_val (milestones, tyears[t]);
  if (n_years > 0 && years[n_years - 1] > g_array_index (milestones, int, milestones->len - 1))
    g_array_append_val (milestones, years[n_years - 1]);
  for (guint c = 0; counties[c] != NULL; c++)
    g_ptr_array_add (areas, (gpointer) counties[c]);
  if (city != NULL)
    g_ptr_array_add (areas, (gpointer) city);

  for (guint m = 0; m + 1 < milestones->len; m++)
    {
      int from = g_array_index (milestones, int, m);
      int to = g_array_index (milestones, int, m + 1);
      gboolean any_target = FALSE;

      for (guint a = 0; a < areas->len; a++)
        for (int mine = 0; mine < 2; mine++)
          {
            const char *adcode = g_ptr_array_index (areas, a);
            gboolean is_city = g_strcmp0 (adcode, city) == 0 && counties[0] != NULL;
            const RaIndicatorRecord *row_from = NULL, *row_to = NULL;
            double v_from = milestone_use (ck, adcode, from, mine, &row_from);
            double v_to = milestone_use (ck, adcode, to, mine, &row_to);
            double increment, capacity = 0;
            g_autoptr(GString) codes = g_string_new (NULL);
            g_autofree char *s_inc = NULL, *s_cap = NULL, *s_from = NULL, *s_to = NULL;
            RaPlanFinding *f;

            if (row_to != NULL)
              any_target = TRUE;
            if (!isfinite (v_from) || !isfinite (v_to))
              continue;
            increment = v_to - v_from;
            if (increment <= 0.5)
              continue;
            for (guint p = 0; p < projects->len; p++)
              {
                RaProjectRecord *proj = g_ptr_array_index (projects, p);
                int sy = ra_plan_project_service_year (proj);

                if ((!is_city && g_strcmp0 (proj->adcode, adcode) != 0) ||
                    (g_strcmp0 (proj->source, "mine") == 0) != mine || sy <= from || sy > to)
                  continue;
                capacity += isfinite (proj->cap_total) ? proj->cap_total : 0;
                if (codes->len > 0)
                  g_string_append (codes, ", ");
                g_string_append (codes, proj->code ? proj->code : "?");
              }
            if (capacity >= increment - 0.5)
              continue;

            s_inc = fmt (increment);
            s_cap = fmt (capacity);
            s_from = fmt (v_from);
            s_to = fmt (v_to);
            f = add_finding (ck, RA_PLAN_SEVERITY_WARNING, "period-increment-uncovered", adcode, to,
                             mine
                             /* TRANSLATORS: area, period start → end, increment, use at start → end,
                              * capacity added, project codes */
                             ? g_strdup_printf (_("%s %d→%d: the mine-water target rises by %s in the period (%s → %s) but the projects entering service in it add %s (%s)"),
                                                area_name (ck, adcode), from, to, s_inc, s_from, s_to,
                                                s_cap, codes->len ? codes->str : _("none"))
                             : g_strdup_printf (_("%s %d→%d: the reclaimed-water target rises by %s in the period (%s → %s) but the projects entering service in it add %s (%s)"),
                                                area_name (ck, adcode), from, to, s_inc, s_from, s_to,
                                                s_cap, codes->len ? codes->str : _("none")));
            add_number (f, _("increment in the period"), increment, g_strdup (_("computed")));
            add_number (f, _("capacity entering service in the period"), capacity,
                        codes->len ? g_strdup_printf (_("projects %s"), codes->str)
                                   : g_strdup (_("computed")));
            add_number (f, from == baseline ? _("baseline use") : _("target use at the start of the period"), v_from,
                        indicator_source (row_from));
            add_number (f, _("target use"), v_to, indicator_source (row_to));
          }
      if (!any_target)
        add_finding (ck, RA_PLAN_SEVERITY_INFO, "period-no-target", city, to,
                     g_strdup_printf (_("the plan gives no targets for %d: the period %d→%d cannot be checked against its projects"),
                                      to, from, to));
    }
}

/* Appendix table 2: batch subtotals recomputed from the project rows and
 * compared with the plan's published subtotal rows. */
static void
check_appendix2 (Checker *ck)
{
  GPtrArray *projects = ra_plan_get_projects (ck->plan);
  const char *city = ra_plan_get_city_adcode (ck->plan);
  g_autoptr(GPtrArray) batches = g_ptr_array_new ();
  g_autoptr(GString) no_investment = g_string_new (NULL);
  guint n_no_investment = 0;

  for (guint p = 0; p < projects->len; p++)
    {
      RaProjectRecord *proj = g_ptr_array_index (projects, p);
      gboolean dup = FALSE;

      for (guint b = 0; b < batches->len; b++)
        dup |= g_strcmp0 (g_ptr_array_index (batches, b), proj->batch) == 0;
      if (!dup)
        g_ptr_array_add (batches, proj->batch);
      if (!isfinite (proj->investment_total))
        {
          if (no_investment->len > 0)
            g_string_append (no_investment, ", ");
          g_string_append (no_investment, proj->code ? proj->code : "?");
          n_no_investment++;
        }
    }

  for (guint b = 0; b < batches->len; b++)
    {
      const char *batch = g_ptr_array_index (batches, b);
      const PublishedFigure *pub = NULL;
      double inv = 0, cap = 0;
      guint n = 0;
      g_autofree char *s_inv = NULL, *s_cap = NULL;
      RaPlanFinding *f;

      for (guint p = 0; p < projects->len; p++)
        {
          RaProjectRecord *proj = g_ptr_array_index (projects, p);

          if (g_strcmp0 (proj->batch, batch) != 0)
            continue;
          if (isfinite (proj->investment_total))
            inv += proj->investment_total;
          if (isfinite (proj->cap_total))
            cap += proj->cap_total;
          n++;
        }
      for (guint i = 0; i < G_N_ELEMENTS (published); i++)
        if (published[i].batch != NULL && g_strcmp0 (published[i].batch, batch) == 0 &&
            g_strcmp0 (published[i].city_adcode, city) == 0)
          pub = &published[i];

      s_inv = fmt (inv);
      s_cap = fmt (cap);
      if (pub == NULL)
        f = add_finding (ck, RA_PLAN_SEVERITY_INFO, "appendix2-subtotal", NULL, 0,
                         g_strdup_printf (_("batch %s: %u projects, investment %s, capacity %s (the plan publishes no subtotal to compare with)"),
                                          batch ? batch : "?", n, s_inv, s_cap));
      else
        {
          gboolean same = fabs (inv - pub->investment) < 0.5 && fabs (cap - pub->capacity) < 0.5;
          g_autofree char *p_inv = fmt (pub->investment);
          g_autofree char *p_cap = fmt (pub->capacity);

          f = add_finding (ck, same ? RA_PLAN_SEVERITY_INFO : RA_PLAN_SEVERITY_ERROR,
                           "appendix2-subtotal", NULL, 0,
                           same
                           ? g_strdup_printf (_("batch %s: the %u project rows reproduce the plan's subtotal: investment %s, capacity %s"),
                                              batch, n, s_inv, s_cap)
                           : g_strdup_printf (_("batch %s: the %u project rows sum to investment %s, capacity %s but the plan's subtotal gives %s, %s"),
                                              batch, n, s_inv, s_cap, p_inv, p_cap));
        }
      add_number (f, _("investment from the rows (10⁴ yuan)"), inv,
                  g_strdup_printf (_("projects of batch %s"), batch ? batch : "?"));
      add_number (f, _("capacity from the rows (10⁴ m³/a)"), cap,
                  g_strdup_printf (_("projects of batch %s"), batch ? batch : "?"));
      if (pub != NULL)
        {
          add_number (f, _("published investment subtotal"), pub->investment, g_strdup (pub->where));
          add_number (f, _("published capacity subtotal"), pub->capacity, g_strdup (pub->where));
        }
    }

  if (n_no_investment > 0)
    {
      RaPlanFinding *f = add_finding (ck, RA_PLAN_SEVERITY_INFO, "project-no-investment", NULL, 0,
                                      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                    "%u project has no investment figure: %s",
                                                                    "%u projects have no investment figure: %s",
                                                                    n_no_investment),
                                                       n_no_investment, no_investment->str));
      for (guint p = 0; p < projects->len; p++)
        {
          RaProjectRecord *proj = g_ptr_array_index (projects, p);

          if (!isfinite (proj->investment_total))
            add_number (f, _("capacity (10⁴ m³/a)"), proj->cap_total, project_source (proj));
        }
    }
}

static void
check_projects (Checker *ck)
{
  GPtrArray *projects = ra_plan_get_projects (ck->plan);
  g_autoptr(GString) codes = g_string_new (NULL);
  guint n_missing = 0;

  for (guint p = 0; p < projects->len; p++)
    {
      RaProjectRecord *proj = g_ptr_array_index (projects, p);

      if (!proj->has_geometry)
        {
          if (codes->len > 0)
            g_string_append (codes, ", ");
          g_string_append (codes, proj->code ? proj->code : "?");
          n_missing++;
        }
      if (proj->adcode == NULL || ra_plan_get_area_name (ck->plan, proj->adcode) == NULL)
        {
          RaPlanFinding *f = add_finding (ck, RA_PLAN_SEVERITY_WARNING, "project-no-county",
                                          proj->adcode, 0,
                                          g_strdup_printf (_("project %s belongs to no county of the plan (adcode %s): counted for the city only"),
                                                           proj->code ? proj->code : "?",
                                                           proj->adcode ? proj->adcode : "–"));
          add_number (f, _("capacity (10⁴ m³/a)"), proj->cap_total, project_source (proj));
        }
      if (ra_plan_project_service_year (proj) == 0)
        {
          RaPlanFinding *f = add_finding (ck, RA_PLAN_SEVERITY_WARNING, "project-no-service-year",
                                          proj->adcode, 0,
                                          g_strdup_printf (_("project %s has neither an in-service year nor a batch: it is never counted"),
                                                           proj->code ? proj->code : "?"));
          add_number (f, _("capacity (10⁴ m³/a)"), proj->cap_total, project_source (proj));
        }
    }
  if (n_missing > 0)
    {
      RaPlanFinding *f = add_finding (ck, RA_PLAN_SEVERITY_WARNING, "project-no-geometry", NULL, 0,
                                      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                    "%u of %u projects has no geometry (drawn at its county seat): %s",
                                                                    "%u of %u projects have no geometry (drawn at their county seats): %s",
                                                                    n_missing),
                                                       n_missing, projects->len, codes->str));
      for (guint p = 0; p < projects->len; p++)
        {
          RaProjectRecord *proj = g_ptr_array_index (projects, p);

          if (!proj->has_geometry)
            add_number (f, _("capacity (10⁴ m³/a)"), proj->cap_total, project_source (proj));
        }
    }
}

/* Where a figure of f comes from, for a finding's numbers. */
static char *
treated_source (Checker *ck, const RaPlanFigures *f)
{
  const RaIndicatorRecord *t;

  switch (f->treated_provenance)
    {
    case RA_PLAN_PROVENANCE_DERIVED_FROM_TARGETS:
      t = ra_plan_get_indicator (ck->plan, f->adcode, f->year, "target_min");
      if (t != NULL)
        {
          g_autofree char *u = fmt (t->reclaimed_use), *r = fmt (t->reclaimed_rate_pct);
          g_autofree char *src = indicator_source (t);

          /* TRANSLATORS: "target use ÷ target rate: 90 ÷ 64% (indicators [targets]: ...)" */
          return g_strdup_printf (_("%s: %s ÷ %s%% (%s)"),
                                  ra_plan_provenance_to_string (f->treated_provenance), u, r, src);
        }
      break;
    case RA_PLAN_PROVENANCE_DERIVED_FROM_ACTUALS:
      t = ra_plan_get_indicator (ck->plan, f->adcode, f->year, "actual");
      if (t != NULL)
        {
          g_autofree char *src = indicator_source (t);

          return g_strdup_printf ("%s (%s)", ra_plan_provenance_to_string (f->treated_provenance), src);
        }
      break;
    case RA_PLAN_PROVENANCE_GIVEN:
      {
        static const char * const kinds[] = { "actual", "target_min", "forecast" };

        for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
          if ((t = ra_plan_get_indicator (ck->plan, f->adcode, f->year, kinds[k])) != NULL &&
              isfinite (t->treated_wastewater))
            return indicator_source (t);
      }
      break;
    case RA_PLAN_PROVENANCE_INTERPOLATED:
      return g_strdup_printf (_("interpolated between %d and %d"), f->treated_from_year,
                              f->treated_to_year);
    case RA_PLAN_PROVENANCE_HELD:
      return g_strdup_printf (_("held at its %d figure"), f->treated_from_year);
    case RA_PLAN_PROVENANCE_FROM_PLANTS:
      return g_strdup_printf (_("plant supply %d: the county's wastewater plants"), f->year);
    case RA_PLAN_PROVENANCE_FROM_LEDGER:
      return g_strdup_printf (_("ledger %d: 12 months of the county's wastewater plants"), f->year);
    default:
      break;
    }
  return g_strdup (ra_plan_provenance_to_string (f->treated_provenance));
}

/* "2030, 2031–2035" */
static char *
format_years (GArray *years)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < years->len;)
    {
      guint j = i;

      while (j + 1 < years->len &&
             g_array_index (years, int, j + 1) == g_array_index (years, int, j) + 1)
        j++;
      if (s->len > 0)
        g_string_append (s, ", ");
      if (j == i)
        g_string_append_printf (s, "%d", g_array_index (years, int, i));
      else
        g_string_append_printf (s, "%d–%d", g_array_index (years, int, i),
                                g_array_index (years, int, j));
      i = j + 1;
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* A projected rate over 100 %: use and treated wastewater disagree.  One
 * finding per area, with the numbers of its first such year and where
 * each comes from; the other years are listed. */
static void
check_conflicts (Checker *ck, const char *adcode, const int *years, guint n_years)
{
  g_autoptr(GArray) conflict_years = g_array_new (FALSE, FALSE, sizeof (int));
  const RaPlanFigures *first = NULL;
  g_autofree char *u = NULL, *t = NULL, *r = NULL, *list = NULL;
  g_autoptr(GString) codes = g_string_new (NULL);
  GPtrArray *projects = ra_plan_get_projects (ck->plan);
  int baseline = ra_plan_get_baseline_year (ck->plan);
  const RaIndicatorRecord *base;
  RaPlanFinding *f;

  for (guint y = 0; y < n_years; y++)
    {
      const RaPlanFigures *fig = ra_plan_get_figures (ck->plan, adcode, years[y]);

      if (fig == NULL || fig->status != RA_PLAN_STATUS_CONFLICT)
        continue;
      if (first == NULL)
        first = fig;
      g_array_append_val (conflict_years, years[y]);
    }
  if (first == NULL)
    return;

  u = fmt (first->reclaimed_use);
  t = fmt (first->treated_wastewater);
  r = fmt (first->conflict_rate_pct);
  list = format_years (conflict_years);
  f = add_finding (ck, RA_PLAN_SEVERITY_ERROR, "rate-conflict", adcode, first->year,
                   /* TRANSLATORS: county, years, use, treated wastewater, how the
                    * wastewater figure was obtained, the rate it would give */
                   g_strdup_printf (_("%s %s: data conflict: the projected reclaimed-water use %s exceeds the treated wastewater %s (%s), a reuse rate of %s%%; the rate is not shown"),
                                    first->name, list, u, t,
                                    ra_plan_provenance_to_string (first->treated_provenance), r));
  base = baseline > 0 ? ra_plan_get_indicator (ck->plan, adcode, baseline, "actual") : NULL;
  for (guint p = 0; p < projects->len; p++)
    {
      RaProjectRecord *proj = g_ptr_array_index (projects, p);
      int sy = ra_plan_project_service_year (proj);

      if ((!first->is_city && g_strcmp0 (proj->adcode, adcode) != 0) ||
          g_strcmp0 (proj->source, "mine") == 0 || sy <= baseline || sy > first->year)
        continue;
      if (codes->len > 0)
        g_string_append (codes, ", ");
      g_string_append (codes, proj->code ? proj->code : "?");
    }
  add_number (f, _("projected reclaimed water use"), first->reclaimed_use,
              g_strdup_printf (_("baseline %d + projects in service (%s)"), baseline,
                               codes->len > 0 ? codes->str : _("none")));
  if (base != NULL && !first->is_city)
    add_number (f, _("baseline use"), base->reclaimed_use, indicator_source (base));
  add_number (f, _("capacity of the projects in service"), first->added_reclaimed,
              codes->len > 0 ? g_strdup_printf (_("projects %s"), codes->str) : g_strdup (_("computed")));
  add_number (f, _("treated wastewater"), first->treated_wastewater, treated_source (ck, first));
  add_number (f, _("reuse rate it would give (%)"), first->conflict_rate_pct, g_strdup (_("computed")));
}

/* Outcomes: targets not met by the projects planned, and projections that
 * need a wastewater figure. */
static void
check_outcomes (Checker *ck)
{
  const char * const *counties = ra_plan_get_county_adcodes (ck->plan);
  g_autoptr(GPtrArray) areas = g_ptr_array_new ();
  const int *tyears;
  guint n_tyears, n_years;
  const int *years = ra_plan_get_years (ck->plan, &n_years);

  for (guint c = 0; counties[c] != NULL; c++)
    g_ptr_array_add (areas, (gpointer) counties[c]);
  if (ra_plan_get_city_adcode (ck->plan) != NULL)
    g_ptr_array_add (areas, (gpointer) ra_plan_get_city_adcode (ck->plan));
  tyears = ra_plan_get_target_years (ck->plan, &n_tyears);

  for (guint a = 0; a < areas->len; a++)
    {
      const char *adcode = g_ptr_array_index (areas, a);

      for (guint t = 0; t < n_tyears; t++)
        {
          const RaPlanFigures *fig = ra_plan_get_figures (ck->plan, adcode, tyears[t]);
          RaPlanFinding *f;

          if (fig == NULL || fig->target_year != tyears[t])
            continue;
          if (fig->status == RA_PLAN_STATUS_UNMET)
            {
              g_autofree char *u = fmt (fig->reclaimed_use), *tu = fmt (fig->target_reclaimed_use);
              g_autofree char *r = fmt (fig->reuse_rate_pct), *tr = fmt (fig->target_rate_pct);

              f = add_finding (ck, RA_PLAN_SEVERITY_WARNING, "target-unmet", adcode, tyears[t],
                               g_strdup_printf (_("%s %d: the projects planned do not reach the target: use %s of %s, rate %s%% of %s%%"),
                                                fig->name, tyears[t], u, tu, r, tr));
              add_number (f, _("projected reclaimed water use"), fig->reclaimed_use, g_strdup (_("computed")));
              add_number (f, _("target use"), fig->target_reclaimed_use, g_strdup (_("computed")));
              add_number (f, _("projected reuse rate (%)"), fig->reuse_rate_pct, g_strdup (_("computed")));
              add_number (f, _("target rate (%)"), fig->target_rate_pct, g_strdup (_("computed")));
            }
          /* Mine-water shortfalls are reported by check_targets_vs_projects. */
        }
      check_conflicts (ck, adcode, years, n_years);
    }
}

/* What the plan lacks to be computed at all. */
static void
check_coverage (Checker *ck)
{
  const char * const *counties = ra_plan_get_county_adcodes (ck->plan);
  const char *city = ra_plan_get_city_adcode (ck->plan);
  guint n_tyears, n_county_targets = 0, n_counties = g_strv_length ((char **) counties);
  const int *tyears = ra_plan_get_target_years (ck->plan, &n_tyears);

  if (ra_plan_get_baseline_year (ck->plan) == 0)
    add_finding (ck, RA_PLAN_SEVERITY_WARNING, "no-baseline", city, 0,
                 g_strdup (_("the project has no actual (baseline) figures: use and rates cannot be projected, only targets are shown")));
  if (n_tyears == 0)
    add_finding (ck, RA_PLAN_SEVERITY_WARNING, "no-targets", city, 0,
                 g_strdup (_("the project has no targets: nothing to check the projects against")));
  for (guint c = 0; counties[c] != NULL; c++)
    for (guint t = 0; t < n_tyears; t++)
      if (ra_plan_get_indicator (ck->plan, counties[c], tyears[t], "target_min") != NULL)
        {
          n_county_targets++;
          break;
        }
  if (n_tyears > 0 && n_counties > 0 && n_county_targets == 0)
    {
      g_autoptr(GString) list = g_string_new (NULL);
      RaPlanFinding *f;

      for (guint t = 0; t < n_tyears; t++)
        g_string_append_printf (list, "%s%d", t ? ", " : "", tyears[t]);
      f = add_finding (ck, RA_PLAN_SEVERITY_INFO, "city-targets-only", city, 0,
                       g_strdup_printf (_("targets are given for the whole city only (%s): the %u counties cannot be compared with targets"),
                                        list->str, n_counties));
      for (guint t = 0; t < n_tyears; t++)
        {
          const RaIndicatorRecord *r = ra_plan_get_indicator (ck->plan, city, tyears[t], "target_min");

          if (r == NULL)
            continue;
          if (isfinite (r->reclaimed_use))
            add_number (f, _("target use"), r->reclaimed_use, indicator_source (r));
          if (isfinite (r->reclaimed_rate_pct))
            add_number (f, _("target rate (%)"), r->reclaimed_rate_pct, indicator_source (r));
        }
    }
  if (ra_plan_get_projects (ck->plan)->len == 0)
    add_finding (ck, RA_PLAN_SEVERITY_INFO, "no-projects", city, 0,
                 g_strdup (_("the project lists no planned projects")));
}

/* Geometries the project file holds but nothing can read: each is left out
 * of maps and figures, so each is named (issue 14). */
static void
check_geometries (Checker *ck, RaStore *store)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  problems = ra_store_list_unreadable_geometries (store, NULL, &error);
  if (problems == NULL)
    {
      add_finding (ck, RA_PLAN_SEVERITY_ERROR, "geometry-unreadable", NULL, 0,
                   g_strdup_printf (_("the geometries could not be checked: %s"), error->message));
      return;
    }
  for (guint i = 0; i < problems->len; i++)
    {
      const RaGeometryProblem *p = g_ptr_array_index (problems, i);

      add_finding (ck, RA_PLAN_SEVERITY_ERROR, "geometry-unreadable", NULL, 0,
                   /* TRANSLATORS: table, row id, the problem */
                   g_strdup_printf (_("table “%s”, id %" PRId64 ": the geometry cannot be read and is left out of maps and figures (%s)"),
                                    p->table, p->id, p->problem));
    }
}

static gint
compare_severity (gconstpointer a, gconstpointer b)
{
  RaPlanFinding *x = *(RaPlanFinding * const *) a;
  RaPlanFinding *y = *(RaPlanFinding * const *) b;

  return (int) y->severity - (int) x->severity;
}

/**
 * ra_plan_check_run:
 * @store: (nullable)
 * Returns: (transfer full): a GListModel of RaPlanFinding
 */
GListModel *
ra_plan_check_run (RaPlan *plan, RaStore *store)
{
  Checker ck = { plan, NULL };
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func (g_object_unref);
  GListStore *list;

  g_return_val_if_fail (RA_IS_PLAN (plan), NULL);
  g_return_val_if_fail (store == NULL || RA_IS_STORE (store), NULL);

  ck.findings = findings;
  check_coverage (&ck);
  check_value_sources (&ck);
  check_city_row (&ck);
  check_targets_vs_projects (&ck);
  check_periods (&ck);
  check_outcomes (&ck);
  check_appendix2 (&ck);
  check_projects (&ck);
  if (store != NULL)
    check_geometries (&ck, store);
  if (store != NULL)
    ra_balance_append_plan_findings (store, findings);

  /* g_ptr_array_sort is a merge sort in GLib (stable). */
  g_ptr_array_sort (findings, compare_severity);
  list = g_list_store_new (RA_TYPE_PLAN_FINDING);
  g_list_store_splice (list, 0, 0, findings->pdata, findings->len);
  return G_LIST_MODEL (list);
}

/* ------------------------------------------------------------------ */
/* JSON                                                                */

static void
append_json_string (GString *out, const char *s)
{
  if (s == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) s; *p; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);   /* UTF-8 passes through */
        }
    }
  g_string_append_c (out, '"');
}

static void
append_json_number (GString *out, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* 10 significant digits: 50.7, not 50.700000000000003. */
  if (!isfinite (v))
    g_string_append (out, "null");
  else
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.10g", v));
}

/**
 * ra_plan_check_to_json:
 * @project_path: (nullable)
 * Returns: (transfer full)
 */
char *
ra_plan_check_to_json (GListModel *findings, const char *project_path)
{
  g_autoptr(GString) out = g_string_new ("{\n");
  guint counts[3] = { 0, 0, 0 };
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (findings), NULL);

  n = g_list_model_get_n_items (findings);
  g_string_append (out, "  \"project\": ");
  append_json_string (out, project_path);
  g_string_append (out, ",\n  \"findings\": [");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RaPlanFinding) f = g_list_model_get_item (findings, i);

      counts[f->severity]++;
      g_string_append (out, i ? ",\n    {" : "\n    {");
      g_string_append (out, "\"severity\": ");
      append_json_string (out, ra_plan_severity_to_key (f->severity));
      g_string_append (out, ", \"code\": ");
      append_json_string (out, f->code);
      g_string_append (out, ", \"adcode\": ");
      append_json_string (out, f->adcode);
      g_string_append (out, ", \"year\": ");
      if (f->year > 0)
        g_string_append_printf (out, "%d", f->year);
      else
        g_string_append (out, "null");
      g_string_append (out, ",\n     \"message\": ");
      append_json_string (out, f->message);
      g_string_append (out, ",\n     \"numbers\": [");
      for (guint k = 0; k < f->numbers->len; k++)
        {
          const RaPlanNumber *num = &g_array_index (f->numbers, RaPlanNumber, k);

          g_string_append (out, k ? ",\n       {" : "\n       {");
          g_string_append (out, "\"label\": ");
          append_json_string (out, num->label);
          g_string_append (out, ", \"value\": ");
          append_json_number (out, num->value);
          g_string_append (out, ", \"source\": ");
          append_json_string (out, num->source);
          g_string_append_c (out, '}');
        }
      g_string_append (out, "]}");
    }
  g_string_append_printf (out, "\n  ],\n  \"counts\": {\"info\": %u, \"warning\": %u, \"error\": %u}\n}\n",
                          counts[RA_PLAN_SEVERITY_INFO], counts[RA_PLAN_SEVERITY_WARNING],
                          counts[RA_PLAN_SEVERITY_ERROR]);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
