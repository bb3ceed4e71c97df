/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The facility ledger (台账): a monthly table read through GDAL (CSV,
 * XLSX, ODS), its columns found by their Chinese or English headers and
 * their units, validated row by row into a report, stored all or nothing;
 * and the year totals and chart months derived from stored rows. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ra-encoding.h"
#include "ra-gdal-features.h"
#include "ra-ledger.h"
#include "ra-paths.h"
#include "ra-source-private.h"

#define WAN_M3_PER_M3 1e-4
/* A difference below this is rounding, not worth a warning. */
#define ROUNDING_WAN_M3 0.01
#define ROUNDING_FRACTION 0.001

void
ra_ledger_read_options_init (RaLedgerReadOptions *opts)
{
  g_return_if_fail (opts != NULL);

  memset (opts, 0, sizeof *opts);
  opts->balance_tolerance = 0.05;
  opts->inflow_tolerance = 0.02;
}

void
ra_ledger_issue_free (RaLedgerIssue *issue)
{
  if (issue == NULL)
    return;
  g_free (issue->field);
  g_free (issue->message);
  g_free (issue);
}

/* ---- months ------------------------------------------------------------ */

static gboolean
scan_int (const char **p, int min_digits, int max_digits, int *out)
{
  int n = 0, v = 0;

  while (g_ascii_isdigit (**p) && n < max_digits)
    {
      v = v * 10 + (**p - '0');
      (*p)++;
      n++;
    }
  if (n < min_digits || g_ascii_isdigit (**p))
    return FALSE;
  *out = v;
  return TRUE;
}

static gboolean
skip_prefix (const char **p, const char *prefix)
{
  if (!g_str_has_prefix (*p, prefix))
    return FALSE;
  *p += strlen (prefix);
  return TRUE;
}

static gboolean
valid_year_month (int year, int month)
{
  return year >= 1900 && year <= 2200 && month >= 1 && month <= 12;
}

gboolean
ra_ledger_parse_month (const char *text, int *year_out, int *month_out)
{
  g_autofree char *s = NULL;
  const char *p;
  int year = 0, month = 0, day = 0;
  gboolean chinese;

  g_return_val_if_fail (year_out != NULL && month_out != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  s = g_strstrip (g_strdup (text));
  p = s;

  /* Plain numbers: an Excel date (days since 1899-12-30) or YYYYMM. */
  {
    char *end = NULL;
    double v = g_ascii_strtod (s, &end);

    if (end != s && *end == '\0' && v == floor (v))
      {
        if (v >= 10000 && v <= 80000)
          {
            g_autoptr(GDate) date = g_date_new_dmy (30, G_DATE_DECEMBER, 1899);

            g_date_add_days (date, (guint) v);
            year = g_date_get_year (date);
            month = g_date_get_month (date);
          }
        else if (v >= 190001 && v <= 220012)
          {
            year = (int) v / 100;
            month = (int) v % 100;
          }
        if (!valid_year_month (year, month))
          return FALSE;
        *year_out = year;
        *month_out = month;
        return TRUE;
      }
  }

  if (!scan_int (&p, 4, 4, &year))
    return FALSE;
  chinese = skip_prefix (&p, "年");
  if (!chinese && *p != '-' && *p != '/' && *p != '.')
    return FALSE;
  if (!chinese)
    p++;
  if (!scan_int (&p, 1, 2, &month))
    return FALSE;
  if (chinese)
    {
      if (!skip_prefix (&p, "月"))
        return FALSE;
      skip_prefix (&p, "份");
      if (g_ascii_isdigit (*p) && (!scan_int (&p, 1, 2, &day) || !skip_prefix (&p, "日")))
        return FALSE;
    }
  else if (*p == '-' || *p == '/' || *p == '.')
    {
      p++;
      if (!scan_int (&p, 1, 2, &day))
        return FALSE;
    }
  /* A time after a date ("2024/03/01 00:00:00", "2024-03-01T00:00"). */
  if (*p != '\0' && !(day > 0 && (*p == ' ' || *p == 'T')))
    return FALSE;
  if (!valid_year_month (year, month) || day > 31)
    return FALSE;
  *year_out = year;
  *month_out = month;
  return TRUE;
}

/* ---- columns ----------------------------------------------------------- */

typedef enum {
  COL_IGNORED = -1,
  COL_MONTH,
  COL_PLANT,
  COL_INFLOW,
  COL_TREATED,
  COL_REUSED_0,             /* + RaPlanUse */
  COL_REUSED_TOTAL = COL_REUSED_0 + RA_LEDGER_N_USES,
  COL_DISCHARGED,
  COL_DESTINATION,
  COL_QUALITY,
  N_COLS,
  COL_UNKNOWN,
} ColumnRole;

static const struct {
  ColumnRole  role;
  const char *names;        /* normalised: lower case, no spaces, '_' or '-' */
} column_names[] = {
  { COL_MONTH, "月份|月|年月|日期|时间|month|date|period|yearmonth" },
  { COL_PLANT, "设施|设施名称|设施名|厂名|厂站|污水处理厂|处理厂|名称|plant|facility|name|plantname|facilityname" },
  { COL_INFLOW, "进水量|进水|污水进水量|inflow|influent|inflowvolume" },
  { COL_TREATED, "处理量|污水处理量|处理水量|treated|treatment|treatedvolume" },
  { COL_REUSED_TOTAL, "回用量|回用总量|回用量合计|回用合计|再生水利用量|利用量|reused|reuse|reusedtotal|totalreused" },
  { COL_DISCHARGED, "外排量|外排|排放量|外排水量|discharged|discharge|dischargedvolume" },
  { COL_DESTINATION, "回用去向|去向|destination|destinations" },
  { COL_QUALITY, "水质|出水水质|quality|waterquality|effluentquality" },
  { COL_IGNORED, "备注|说明|notes|note|remark|remarks|comment|comments|id|序号|fid" },
};

/* Uses, in RaPlanUse order. */
static const char * const use_names[RA_LEDGER_N_USES] = {
  "工业|工业用水|industry|industrial",
  "农业|农业用水|农田灌溉|agriculture|agricultural|farmland",
  "生态|生态环境|景观|生态景观|ecological|ecology|environment|landscape",
  "城市杂用|城市非饮用|城市非饮用水|杂用|urbannonpotable|urban|nonpotable",
};

static const char * const wan_units[] = {
  "万m3", "万m³", "万立方米", "万方", "万吨", "10^4m3", "10^4m³", "10⁴m³", "10⁴m3", "1e4m3",
  "wanm3",
};
static const char * const one_units[] = { "m3", "m³", "立方米", "吨", "cubicmeters", "cum" };

typedef struct {
  ColumnRole role;
  int        index;
  double     factor;        /* to 10^4 m3 */
  char      *header;        /* as the file names it (decoded) */
} Column;

static void
column_clear (Column *col)
{
  g_free (col->header);
}

static gboolean
in_list (const char *name, const char *list)
{
  g_auto(GStrv) names = g_strsplit (list, "|", -1);

  return g_strv_contains ((const char * const *) names, name);
}

static void
remove_all (GString *s, const char *what)
{
  const char *hit;

  while ((hit = strstr (s->str, what)) != NULL)
    g_string_erase (s, hit - s->str, strlen (what));
}

/* Finds header's role and unit (factor 1 for 10^4 m3, 1e-4 for m3, 0
 * when it names none). */
static ColumnRole
classify_header (const char *header, double *factor)
{
  g_autofree char *lower = g_utf8_strdown (header, -1);
  g_autoptr(GString) s = g_string_new (NULL);
  static const char * const separators[] = {
    " ", "\t", "_", "-", "(", ")", "（", "）", "[", "]", "【", "】", "/", ":", "：", "·",
    "，", ",", "　",
  };

  for (const char *p = lower; *p != '\0'; p = g_utf8_next_char (p))
    g_string_append_unichar (s, g_utf8_get_char (p));
  for (guint i = 0; i < G_N_ELEMENTS (separators); i++)
    remove_all (s, separators[i]);

  *factor = 0.0;
  for (guint i = 0; i < G_N_ELEMENTS (wan_units) && *factor == 0.0; i++)
    if (strstr (s->str, wan_units[i]) != NULL)
      {
        remove_all (s, wan_units[i]);
        *factor = 1.0;
      }
  for (guint i = 0; i < G_N_ELEMENTS (one_units) && *factor == 0.0; i++)
    if (g_str_has_suffix (s->str, one_units[i]))
      {
        g_string_truncate (s, s->len - strlen (one_units[i]));
        *factor = WAN_M3_PER_M3;
      }
  /* "(单位)" leftovers such as "月" of "m3/月" are part of no name. */
  if (*factor != 0.0)
    {
      remove_all (s, "每月");
      if (g_str_has_suffix (s->str, "月") && s->len > strlen ("月"))
        g_string_truncate (s, s->len - strlen ("月"));
    }

  for (guint i = 0; i < G_N_ELEMENTS (column_names); i++)
    if (in_list (s->str, column_names[i].names))
      return column_names[i].role;

  /* Reused by use: the use with or without 回用 / reused around it. */
  {
    static const char * const reuse_words[] = {
      "回用量", "回用水量", "回用", "再生水利用量", "利用量", "reused", "reuse", "volume",
    };
    g_autoptr(GString) use = g_string_new (s->str);

    for (guint i = 0; i < G_N_ELEMENTS (reuse_words); i++)
      remove_all (use, reuse_words[i]);
    for (guint u = 0; u < RA_LEDGER_N_USES; u++)
      if (use->len > 0 && in_list (use->str, use_names[u]))
        return COL_REUSED_0 + u;
  }
  return COL_UNKNOWN;
}

static gboolean
role_is_volume (ColumnRole role)
{
  return role == COL_INFLOW || role == COL_TREATED || role == COL_DISCHARGED ||
         (role >= COL_REUSED_0 && role <= COL_REUSED_TOTAL);
}

/* The role's name for messages when the table lacks it. */
static const char *
role_name (ColumnRole role)
{
  switch (role)
    {
    case COL_MONTH: return _("the month (月份/month)");
    case COL_PLANT: return _("the facility (设施/plant)");
    case COL_TREATED: return _("the treated volume (处理量/treated)");
    default: return "";
    }
}

/* ---- the report -------------------------------------------------------- */

typedef struct {
  const char *display;      /* the file's name */
  GPtrArray  *issues;
  guint       n_errors;
} Report;

G_GNUC_PRINTF (5, 6) static void
report_add (Report *report, RaLedgerIssueLevel level, guint row, const char *field,
            const char *format, ...)
{
  RaLedgerIssue *issue = g_new0 (RaLedgerIssue, 1);
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  issue->level = level;
  issue->row = row;
  issue->field = g_strdup (field);
  if (level == RA_LEDGER_ISSUE_WARNING)
    {
      char *w = g_strdup_printf (_("warning: %s"), what);

      g_free (what);
      what = w;
    }
  if (row > 0 && field != NULL)
    /* TRANSLATORS: "ledger.csv: row 5, 处理量(万m3): not a number (“abc”)" */
    issue->message = g_strdup_printf (_("%s: row %u, %s: %s"), report->display, row, field, what);
  else if (row > 0)
    issue->message = g_strdup_printf (_("%s: row %u: %s"), report->display, row, what);
  else
    issue->message = g_strdup_printf ("%s: %s", report->display, what);
  if (level == RA_LEDGER_ISSUE_ERROR)
    report->n_errors++;
  g_ptr_array_add (report->issues, issue);
}

/* ---- reading ----------------------------------------------------------- */

typedef struct {
  const RaLedgerReadOptions *opts;
  RaLedgerPlantResolver      resolve;
  gpointer                   resolve_data;
  Column                     cols[N_COLS];
  gboolean                   have[N_COLS];
  gboolean                   any_use;
  int                        today;     /* year * 12 + month - 1 */
  GHashTable                *seen;      /* "plant_id|YYYY-MM" -> row */
} Reader;

/* A cell as UTF-8 (undeclared CSV text decoded as detected or chosen),
 * stripped; NULL when empty.  (transfer full) */
static char *
cell_text (RaGdalFeatures *f, int idx)
{
  const RaSourceText *text = ra_gdal_features_get_text (f);
  const char *value = idx >= 0 ? ra_gdal_features_get_value (f, idx) : NULL;
  char *s;

  if (value == NULL)
    return NULL;
  s = text->raw ? ra_source_decode_text (text->charset, value, NULL, NULL)
                : ra_source_decode_text (NULL, value, NULL, NULL);
  g_strstrip (s);
  if (*s == '\0')
    g_clear_pointer (&s, g_free);
  return s;
}

/* A volume cell in 10^4 m3; NAN when empty.  FALSE (reported) when it is
 * not a number or negative. */
static gboolean
read_volume (Reader *r, Report *report, RaGdalFeatures *f, ColumnRole role, guint row,
             double *out)
{
  const Column *col = &r->cols[role];
  g_autofree char *text = NULL;
  g_autoptr(GString) clean = NULL;
  char *end = NULL;
  double v;

  *out = NAN;
  if (!r->have[role])
    return TRUE;
  text = cell_text (f, col->index);
  if (text == NULL)
    return TRUE;
  /* Thousands separators and spaces as spreadsheets write them. */
  clean = g_string_new (text);
  remove_all (clean, ",");
  remove_all (clean, " ");
  remove_all (clean, "，");
  v = g_ascii_strtod (clean->str, &end);
  if (end == clean->str || *end != '\0' || !isfinite (v))
    {
      report_add (report, RA_LEDGER_ISSUE_ERROR, row, col->header,
                  _("not a number (“%s”)"), text);
      return FALSE;
    }
  if (v < 0.0)
    {
      report_add (report, RA_LEDGER_ISSUE_ERROR, row, col->header,
                  _("a volume cannot be negative (%s)"), text);
      return FALSE;
    }
  *out = v * (col->factor > 0.0 ? col->factor : 1.0);
  return TRUE;
}

static gboolean
find_columns (Reader *r, Report *report, RaGdalFeatures *f)
{
  const RaSourceText *text = ra_gdal_features_get_text (f);
  guint n = ra_gdal_features_get_n_fields (f);
  gboolean ok = TRUE;

  for (guint i = 0; i < n; i++)
    {
      const char *raw = ra_gdal_features_get_field_name (f, i);
      g_autofree char *header = ra_source_decode_text (text->raw ? text->charset : NULL, raw,
                                                       NULL, NULL);
      double factor = 0.0;
      ColumnRole role;

      g_strstrip (header);
      role = classify_header (header, &factor);
      if (role == COL_IGNORED)
        continue;
      if (role == COL_UNKNOWN)
        {
          report_add (report, RA_LEDGER_ISSUE_WARNING, 0, NULL,
                      _("column “%s” is not a ledger column; ignored"), header);
          continue;
        }
      if (r->have[role])
        {
          report_add (report, RA_LEDGER_ISSUE_ERROR, 0, NULL,
                      _("columns “%s” and “%s” give the same figure"),
                      r->cols[role].header, header);
          ok = FALSE;
          continue;
        }
      if (role_is_volume (role) && factor == 0.0)
        report_add (report, RA_LEDGER_ISSUE_WARNING, 0, NULL,
                    _("column “%s” names no unit; read as 10⁴ m³"), header);
      r->have[role] = TRUE;
      r->cols[role].role = role;
      r->cols[role].index = (int) i;
      r->cols[role].factor = factor;
      r->cols[role].header = g_steal_pointer (&header);
      if (role >= COL_REUSED_0 && role < COL_REUSED_TOTAL)
        r->any_use = TRUE;
    }

  {
    static const ColumnRole required[] = { COL_MONTH, COL_TREATED };

    for (guint i = 0; i < G_N_ELEMENTS (required); i++)
      if (!r->have[required[i]])
        {
          report_add (report, RA_LEDGER_ISSUE_ERROR, 0, NULL, _("no column for %s"),
                      role_name (required[i]));
          ok = FALSE;
        }
  }
  if (!r->have[COL_PLANT] && r->opts->default_plant_id <= 0)
    {
      report_add (report, RA_LEDGER_ISSUE_ERROR, 0, NULL,
                  _("no column for %s, and no plant chosen"), role_name (COL_PLANT));
      ok = FALSE;
    }
  if (r->have[COL_REUSED_TOTAL] && !r->any_use)
    {
      report_add (report, RA_LEDGER_ISSUE_ERROR, 0, NULL,
                  _("the reused volume “%s” is not split by use: give columns for 工业/农业/生态/城市杂用 (industry, agriculture, ecological, urban_nonpotable)"),
                  r->cols[COL_REUSED_TOTAL].header);
      ok = FALSE;
    }
  return ok;
}

static gboolean
row_is_empty (RaGdalFeatures *f)
{
  for (guint i = 0; i < ra_gdal_features_get_n_fields (f); i++)
    {
      g_autofree char *t = cell_text (f, (int) i);

      if (t != NULL)
        return FALSE;
    }
  return TRUE;
}

static double
relative_gap (double a, double b)
{
  return b > 0.0 ? fabs (a - b) / b : (a > 0.0 ? INFINITY : 0.0);
}

/* Reads and checks one row; the record (transfer full) or NULL when the
 * row has errors (reported). */
static RaLedgerRecord *
read_row (Reader *r, Report *report, RaGdalFeatures *f, guint row, const char *source_file)
{
  RaLedgerRecord *rec = g_new0 (RaLedgerRecord, 1);
  g_autofree char *month_text = NULL;
  g_autofree char *plant_text = NULL;
  g_autofree char *key = NULL;
  guint errors_before = report->n_errors;
  double reused_total = NAN, reused_sum = NAN;
  gboolean volumes_ok;
  int year = 0, month = 0;

  rec->inflow = rec->treated = rec->discharged = NAN;
  for (guint u = 0; u < RA_LEDGER_N_USES; u++)
    rec->reused[u] = NAN;
  rec->source_file = g_strdup (source_file);

  /* Month. */
  month_text = cell_text (f, r->cols[COL_MONTH].index);
  if (month_text == NULL)
    report_add (report, RA_LEDGER_ISSUE_ERROR, row, r->cols[COL_MONTH].header, _("no month given"));
  else if (!ra_ledger_parse_month (month_text, &year, &month))
    report_add (report, RA_LEDGER_ISSUE_ERROR, row, r->cols[COL_MONTH].header,
                _("not a month (“%s”; use YYYY-MM, YYYY/M or 2024年3月)"), month_text);
  else if (year * 12 + month - 1 > r->today)
    report_add (report, RA_LEDGER_ISSUE_ERROR, row, r->cols[COL_MONTH].header,
                _("%04d-%02d is in the future"), year, month);
  else
    rec->month = g_strdup_printf ("%04d-%02d", year, month);

  /* Facility. */
  if (r->have[COL_PLANT])
    {
      plant_text = cell_text (f, r->cols[COL_PLANT].index);
      if (plant_text == NULL && r->opts->default_plant_id > 0)
        rec->plant_id = r->opts->default_plant_id;
      else if (plant_text == NULL)
        report_add (report, RA_LEDGER_ISSUE_ERROR, row, r->cols[COL_PLANT].header,
                    _("no facility given"));
      else
        {
          rec->plant_id = r->resolve != NULL ? r->resolve (plant_text, r->resolve_data) : 0;
          if (rec->plant_id <= 0)
            report_add (report, RA_LEDGER_ISSUE_ERROR, row, r->cols[COL_PLANT].header,
                        _("unknown facility “%s” (not a plant of the project)"), plant_text);
        }
    }
  else
    rec->plant_id = r->opts->default_plant_id;

  /* Volumes. */
  volumes_ok = read_volume (r, report, f, COL_INFLOW, row, &rec->inflow);
  if (read_volume (r, report, f, COL_TREATED, row, &rec->treated))
    {
      if (isnan (rec->treated))
        report_add (report, RA_LEDGER_ISSUE_ERROR, row, r->cols[COL_TREATED].header,
                    _("no treated volume given"));
    }
  else
    volumes_ok = FALSE;
  for (guint u = 0; u < RA_LEDGER_N_USES; u++)
    {
      if (!read_volume (r, report, f, COL_REUSED_0 + u, row, &rec->reused[u]))
        volumes_ok = FALSE;
      else if (r->have[COL_REUSED_0 + u] && isnan (rec->reused[u]))
        rec->reused[u] = 0.0;     /* an empty use cell: nothing reused for it */
    }
  if (!read_volume (r, report, f, COL_REUSED_TOTAL, row, &reused_total) ||
      !read_volume (r, report, f, COL_DISCHARGED, row, &rec->discharged))
    volumes_ok = FALSE;
  rec->destination = r->have[COL_DESTINATION] ? cell_text (f, r->cols[COL_DESTINATION].index) : NULL;
  rec->quality = r->have[COL_QUALITY] ? cell_text (f, r->cols[COL_QUALITY].index) : NULL;

  for (guint u = 0; u < RA_LEDGER_N_USES; u++)
    if (!isnan (rec->reused[u]))
      reused_sum = isnan (reused_sum) ? rec->reused[u] : reused_sum + rec->reused[u];

  /* Figures that are wrong themselves are not compared as well. */
  if (!volumes_ok)
    reused_sum = reused_total = NAN;

  /* Treated within inflow. */
  if (volumes_ok && !isnan (rec->treated) && !isnan (rec->inflow) && rec->treated > rec->inflow)
    {
      double over = relative_gap (rec->treated, rec->inflow);
      double tol = r->opts->inflow_tolerance;

      if (over > tol)
        report_add (report, RA_LEDGER_ISSUE_ERROR, row, r->cols[COL_TREATED].header,
                    _("treated %.2f exceeds the inflow %.2f by %.1f %% (tolerance %.1f %%)"),
                    rec->treated, rec->inflow, 100.0 * over, 100.0 * tol);
      else if (rec->treated - rec->inflow > ROUNDING_WAN_M3)
        report_add (report, RA_LEDGER_ISSUE_WARNING, row, r->cols[COL_TREATED].header,
                    _("treated %.2f exceeds the inflow %.2f by %.1f %% (within the tolerance of %.1f %%)"),
                    rec->treated, rec->inflow, 100.0 * over, 100.0 * tol);
    }

  /* Reused + discharged = treated. */
  if (!isnan (rec->treated) && !isnan (reused_sum) && !isnan (rec->discharged))
    {
      double out = reused_sum + rec->discharged;
      double gap = relative_gap (out, rec->treated);
      double tol = r->opts->balance_tolerance;
      const char *field = r->cols[COL_DISCHARGED].header;

      if (gap > tol)
        report_add (report, RA_LEDGER_ISSUE_ERROR, row, field,
                    _("reused %.2f + discharged %.2f = %.2f, but treated is %.2f (off by %.1f %%, tolerance %.1f %%)"),
                    reused_sum, rec->discharged, out, rec->treated, 100.0 * gap, 100.0 * tol);
      else if (fabs (out - rec->treated) > MAX (ROUNDING_WAN_M3, ROUNDING_FRACTION * rec->treated))
        report_add (report, RA_LEDGER_ISSUE_WARNING, row, field,
                    _("reused %.2f + discharged %.2f = %.2f, but treated is %.2f (off by %.1f %%, within the tolerance of %.1f %%)"),
                    reused_sum, rec->discharged, out, rec->treated, 100.0 * gap, 100.0 * tol);
    }
  else if (!isnan (rec->treated) && !isnan (reused_sum) && reused_sum > rec->treated * (1.0 + r->opts->balance_tolerance))
    report_add (report, RA_LEDGER_ISSUE_ERROR, row, r->cols[COL_TREATED].header,
                _("reused %.2f is more than treated %.2f"), reused_sum, rec->treated);

  /* A total column beside the split: the split must add up to it. */
  if (!isnan (reused_total) && !isnan (reused_sum) &&
      fabs (reused_total - reused_sum) > MAX (ROUNDING_WAN_M3, ROUNDING_FRACTION * reused_total))
    report_add (report, RA_LEDGER_ISSUE_WARNING, row, r->cols[COL_REUSED_TOTAL].header,
                _("the uses add up to %.2f, not %.2f"), reused_sum, reused_total);

  /* One row per facility and month. */
  if (rec->month != NULL && rec->plant_id > 0)
    {
      gpointer first;

      key = g_strdup_printf ("%" G_GINT64_FORMAT "|%s", rec->plant_id, rec->month);
      first = g_hash_table_lookup (r->seen, key);
      if (first != NULL)
        report_add (report, RA_LEDGER_ISSUE_ERROR, row, r->cols[COL_MONTH].header,
                    plant_text != NULL ? _("%s repeats row %u for the same facility")
                                       : _("%s repeats row %u"),
                    rec->month, GPOINTER_TO_UINT (first));
      else
        g_hash_table_insert (r->seen, g_steal_pointer (&key), GUINT_TO_POINTER (row));
    }

  if (report->n_errors > errors_before)
    {
      ra_ledger_record_free (rec);
      return NULL;
    }
  return rec;
}

gboolean
ra_ledger_read (const char *path, const RaLedgerReadOptions *opts_in,
                RaLedgerPlantResolver resolve, gpointer resolve_data,
                GPtrArray **rows_out, GPtrArray **report_out, GError **error)
{
  g_autoptr(RaGdalFeatures) f = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) ra_ledger_record_free);
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func ((GDestroyNotify) ra_ledger_issue_free);
  g_autofree char *display = NULL;
  g_autofree char *basename = NULL;
  g_autoptr(GError) local = NULL;
  RaLedgerReadOptions opts;
  Report report = { 0 };
  Reader r = { 0 };
  guint row = 1, n_rows = 0;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (rows_out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *rows_out = NULL;
  if (report_out != NULL)
    *report_out = NULL;
  if (opts_in != NULL)
    opts = *opts_in;
  else
    ra_ledger_read_options_init (&opts);
  if (!(opts.balance_tolerance >= 0.0))
    opts.balance_tolerance = 0.05;
  if (!(opts.inflow_tolerance >= 0.0))
    opts.inflow_tolerance = 0.02;

  display = ra_path_display_name (path);
  basename = g_path_get_basename (path);
  report.display = display;
  report.issues = issues;

  if (opts.encoding != NULL && *opts.encoding != '\0' && !ra_encoding_is_known (opts.encoding))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_IMPORT,
                   _("%s: unknown text encoding “%s” (try GB18030, BIG5, UTF-8 or ISO-8859-1)"),
                   display, opts.encoding);
      return FALSE;
    }
  f = ra_gdal_features_open (path, NULL, opts.encoding, NULL, &local);
  if (f == NULL)
    {
      g_set_error_literal (error, RA_STORE_ERROR, RA_STORE_ERROR_IMPORT, local->message);
      return FALSE;
    }

  r.opts = &opts;
  r.resolve = resolve;
  r.resolve_data = resolve_data;
  r.seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (opts.today_year > 0 && opts.today_month >= 1 && opts.today_month <= 12)
    r.today = opts.today_year * 12 + opts.today_month - 1;
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      r.today = g_date_time_get_year (now) * 12 + g_date_time_get_month (now) - 1;
    }

  if (find_columns (&r, &report, f))
    {
      ra_gdal_features_rewind (f);
      while (ra_gdal_features_next (f))
        {
          RaLedgerRecord *rec;

          row++;
          if (row_is_empty (f))
            continue;
          n_rows++;
          rec = read_row (&r, &report, f, row, basename);
          if (rec != NULL)
            g_ptr_array_add (rows, rec);
        }
      if (n_rows == 0)
        report_add (&report, RA_LEDGER_ISSUE_ERROR, 0, NULL, _("the ledger has no rows"));
    }
  for (guint i = 0; i < N_COLS; i++)
    column_clear (&r.cols[i]);
  g_hash_table_unref (r.seen);

  if (report.n_errors > 0)
    {
      const RaLedgerIssue *first = NULL;
      const char *what;

      for (guint i = 0; i < issues->len && first == NULL; i++)
        if (((RaLedgerIssue *) g_ptr_array_index (issues, i))->level == RA_LEDGER_ISSUE_ERROR)
          first = g_ptr_array_index (issues, i);
      what = first->message;
      if (g_str_has_prefix (what, display) && g_str_has_prefix (what + strlen (display), ": "))
        what += strlen (display) + 2;
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_IMPORT,
                   /* TRANSLATORS: file, number of problems, the first one */
                   ngettext ("%s: %u problem in the ledger, nothing imported: %s",
                             "%s: %u problems in the ledger, nothing imported (the first: %s)",
                             report.n_errors),
                   display, report.n_errors, what);
      if (report_out != NULL)
        *report_out = g_steal_pointer (&issues);
      return FALSE;
    }
  *rows_out = g_steal_pointer (&rows);
  if (report_out != NULL)
    *report_out = g_steal_pointer (&issues);
  return TRUE;
}

/* ---- derived figures --------------------------------------------------- */

static gboolean
row_month (const RaLedgerRecord *rec, int *year, int *month)
{
  return rec->month != NULL && sscanf (rec->month, "%d-%d", year, month) == 2 &&
         valid_year_month (*year, *month);
}

static void
add_to (double *acc, double v)
{
  if (!isnan (v))
    *acc = isnan (*acc) ? v : *acc + v;
}

void
ra_ledger_year_totals (GPtrArray *rows, gint64 plant_id, int year, RaLedgerTotals *out)
{
  g_return_if_fail (rows != NULL);
  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);
  out->inflow = out->treated = out->reused_total = out->discharged = NAN;
  for (guint u = 0; u < RA_LEDGER_N_USES; u++)
    out->reused[u] = NAN;
  for (guint i = 0; i < rows->len; i++)
    {
      const RaLedgerRecord *rec = g_ptr_array_index (rows, i);
      int y, m;

      if ((plant_id > 0 && rec->plant_id != plant_id) || !row_month (rec, &y, &m) || y != year)
        continue;
      out->n_months++;
      add_to (&out->inflow, rec->inflow);
      add_to (&out->treated, rec->treated);
      add_to (&out->discharged, rec->discharged);
      for (guint u = 0; u < RA_LEDGER_N_USES; u++)
        {
          add_to (&out->reused[u], rec->reused[u]);
          add_to (&out->reused_total, rec->reused[u]);
        }
    }
}

void
ra_ledger_chart_data_from_rows (GPtrArray *rows, gint64 plant_id, const char *plant_name,
                                int year, RaLedgerChartData *data)
{
  g_return_if_fail (rows != NULL);
  g_return_if_fail (data != NULL);

  ra_ledger_chart_data_init (data, plant_name, year);
  for (guint i = 0; i < rows->len; i++)
    {
      const RaLedgerRecord *rec = g_ptr_array_index (rows, i);
      RaLedgerChartMonth *month;
      int y, m;

      if ((plant_id > 0 && rec->plant_id != plant_id) || !row_month (rec, &y, &m) || y != year)
        continue;
      month = &data->months[m - 1];
      /* Several plants (plant_id 0): their months add up. */
      month->present = TRUE;
      add_to (&month->inflow, rec->inflow);
      add_to (&month->treated, rec->treated);
      add_to (&month->discharged, rec->discharged);
      for (guint u = 0; u < RA_LEDGER_N_USES; u++)
        add_to (&month->reused[u], rec->reused[u]);
    }
}

void
ra_ledger_draw_chart (cairo_t *cr, const cairo_rectangle_t *rect, GPtrArray *rows,
                      gint64 plant_id, const char *plant_name, int year)
{
  RaLedgerChartData data;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (rows != NULL);

  ra_ledger_chart_data_from_rows (rows, plant_id, plant_name, year, &data);
  ra_ledger_chart_draw (cr, rect, &data);
}

static int
compare_int (gconstpointer a, gconstpointer b)
{
  return *(const int *) a - *(const int *) b;
}

GArray *
ra_ledger_list_years (GPtrArray *rows, gint64 plant_id)
{
  GArray *years = g_array_new (FALSE, FALSE, sizeof (int));

  g_return_val_if_fail (rows != NULL, years);

  for (guint i = 0; i < rows->len; i++)
    {
      const RaLedgerRecord *rec = g_ptr_array_index (rows, i);
      gboolean known = FALSE;
      int y, m;

      if ((plant_id > 0 && rec->plant_id != plant_id) || !row_month (rec, &y, &m))
        continue;
      for (guint k = 0; k < years->len && !known; k++)
        known = g_array_index (years, int, k) == y;
      if (!known)
        g_array_append_val (years, y);
    }
  g_array_sort (years, compare_int);
  return years;
}

int
ra_ledger_latest_year (GPtrArray *rows, gint64 plant_id)
{
  g_autoptr(GArray) years = ra_ledger_list_years (rows, plant_id);

  return years->len > 0 ? g_array_index (years, int, years->len - 1) : 0;
}
