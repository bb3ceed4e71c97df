/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reclaim-atlas-cli ledger: a thin shell over ra-ledger and ra-ledger-chart. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "ra-core.h"
#include "ra-export.h"
#include "ra-ledger.h"
#include "ra-store.h"
#include "ra-store-water.h"
#include "ra-cli-common.h"
#include "ra-cli-ledger.h"

#define PROG RA_CLI_PROG

static const char * const use_keys[RA_LEDGER_N_USES] = {
  "industry", "agriculture", "ecological", "urban_nonpotable",
};

/* ---- JSON -------------------------------------------------------------- */

static void
json_string (GString *s, const char *text)
{
  g_autofree char *valid = NULL;

  if (text == NULL)
    {
      g_string_append (s, "null");
      return;
    }
  valid = g_utf8_make_valid (text, -1);
  g_string_append_c (s, '"');
  for (const unsigned char *p = (const unsigned char *) valid; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (s, "\\%c", *p);
      else if (*p < 0x20)
        g_string_append_printf (s, "\\u%04x", *p);
      else
        g_string_append_c (s, (char) *p);
    }
  g_string_append_c (s, '"');
}

static void
json_number (GString *s, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (v))
    g_string_append (s, "null");
  else
    {
      /* Rounded to what a ledger holds, without float noise. */
      g_ascii_formatd (buf, sizeof buf, "%.4f", v);
      for (char *end = buf + strlen (buf) - 1; end > buf && strchr (buf, '.') != NULL; end--)
        {
          if (*end == '0')
            *end = '\0';
          else
            {
              if (*end == '.')
                *end = '\0';
              break;
            }
        }
      g_string_append (s, buf);
    }
}

static void
json_volumes (GString *s, double inflow, double treated, const double reused[RA_LEDGER_N_USES],
              double reused_total, double discharged)
{
  g_string_append (s, "\"inflow\": ");
  json_number (s, inflow);
  g_string_append (s, ", \"treated\": ");
  json_number (s, treated);
  g_string_append (s, ", \"reused\": {");
  for (guint u = 0; u < RA_LEDGER_N_USES; u++)
    {
      g_string_append_printf (s, "%s\"%s\": ", u > 0 ? ", " : "", use_keys[u]);
      json_number (s, reused[u]);
    }
  g_string_append (s, "}, \"reused_total\": ");
  json_number (s, reused_total);
  g_string_append (s, ", \"discharged\": ");
  json_number (s, discharged);
}

static void
print_json (GPtrArray *rows, RaLedgerPlants *plants, GArray *plant_ids, const char *path)
{
  g_autoptr(GString) s = g_string_new ("{\n  \"project\": ");
  g_autofree char *display = ra_path_display_name (path);

  json_string (s, display);
  g_string_append (s, ",\n  \"unit\": \"10^4 m3\",\n  \"plants\": [");
  for (guint p = 0; p < plant_ids->len; p++)
    {
      gint64 id = g_array_index (plant_ids, gint64, p);
      g_autoptr(GArray) years = ra_ledger_list_years (rows, id);
      gboolean first = TRUE;

      g_string_append_printf (s, "%s\n    {\"plant_id\": %" G_GINT64_FORMAT ", \"name\": ",
                              p > 0 ? "," : "", id);
      json_string (s, ra_ledger_plants_get_name (plants, id));
      g_string_append (s, ",\n     \"years\": [");
      for (guint y = 0; y < years->len; y++)
        {
          int year = g_array_index (years, int, y);
          RaLedgerTotals t;

          ra_ledger_year_totals (rows, id, year, &t);
          g_string_append_printf (s, "%s{\"year\": %d, \"months\": %u, ", y > 0 ? ", " : "", year,
                                  t.n_months);
          json_volumes (s, t.inflow, t.treated, t.reused, t.reused_total, t.discharged);
          g_string_append (s, ", \"reuse_rate_pct\": ");
          json_number (s, t.treated > 0.0 ? 100.0 * t.reused_total / t.treated : NAN);
          g_string_append (s, "}");
        }
      g_string_append (s, "],\n     \"rows\": [");
      for (guint i = 0; i < rows->len; i++)
        {
          const RaLedgerRecord *r = g_ptr_array_index (rows, i);
          double total = NAN;

          if (r->plant_id != id)
            continue;
          for (guint u = 0; u < RA_LEDGER_N_USES; u++)
            if (!isnan (r->reused[u]))
              total = isnan (total) ? r->reused[u] : total + r->reused[u];
          g_string_append (s, first ? "\n       {\"month\": " : ",\n       {\"month\": ");
          first = FALSE;
          json_string (s, r->month);
          g_string_append (s, ", ");
          json_volumes (s, r->inflow, r->treated, r->reused, total, r->discharged);
          g_string_append (s, ", \"destination\": ");
          json_string (s, r->destination);
          g_string_append (s, ", \"quality\": ");
          json_string (s, r->quality);
          g_string_append (s, ", \"source_file\": ");
          json_string (s, r->source_file);
          g_string_append (s, "}");
        }
      g_string_append (s, "]}");
    }
  g_string_append (s, "\n  ]\n}\n");
  g_print ("%s", s->str);
}

/* ---- text -------------------------------------------------------------- */

static char *
volume_text (double v)
{
  return isnan (v) ? g_strdup ("–") : g_strdup_printf ("%.1f", v);
}

static void
print_human (GPtrArray *rows, RaLedgerPlants *plants, GArray *plant_ids, const char *path)
{
  g_autofree char *display = ra_path_display_name (path);

  g_print ("%s\n", display);
  if (plant_ids->len == 0)
    g_print ("%s\n", _("No ledger records."));
  for (guint p = 0; p < plant_ids->len; p++)
    {
      gint64 id = g_array_index (plant_ids, gint64, p);
      g_autoptr(GArray) years = ra_ledger_list_years (rows, id);

      g_print ("%s (#%" G_GINT64_FORMAT ")\n", ra_ledger_plants_get_name (plants, id), id);
      for (guint y = 0; y < years->len; y++)
        {
          int year = g_array_index (years, int, y);
          g_autofree char *inflow = NULL, *treated = NULL, *reused = NULL, *discharged = NULL;
          g_autofree char *u0 = NULL, *u1 = NULL, *u2 = NULL, *u3 = NULL;
          RaLedgerTotals t;

          ra_ledger_year_totals (rows, id, year, &t);
          inflow = volume_text (t.inflow);
          treated = volume_text (t.treated);
          reused = volume_text (t.reused_total);
          discharged = volume_text (t.discharged);
          u0 = volume_text (t.reused[0]);
          u1 = volume_text (t.reused[1]);
          u2 = volume_text (t.reused[2]);
          u3 = volume_text (t.reused[3]);
          /* TRANSLATORS: a plant's year in the ledger: year, months, volumes in 10^4 m3 */
          g_print (ngettext ("  %d (%u month): inflow %s, treated %s, reused %s, discharged %s ×10⁴ m³\n",
                             "  %d (%u months): inflow %s, treated %s, reused %s, discharged %s ×10⁴ m³\n",
                             t.n_months),
                   year, t.n_months, inflow, treated, reused, discharged);
          /* TRANSLATORS: the reused volume by use, 10^4 m3 */
          g_print (_("    reused by use: industry %s, agriculture %s, ecological %s, urban non-potable %s\n"),
                   u0, u1, u2, u3);
        }
    }
}

/* ---- the command ------------------------------------------------------- */

static gboolean
parse_size (const char *text, int *w, int *h)
{
  return text != NULL && sscanf (text, "%dx%d", w, h) == 2 && *w >= 16 && *h >= 16 &&
         *w <= 16000 && *h <= 16000;
}

static GArray *
plants_with_rows (GPtrArray *rows)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* rows are ordered by plant, then month. */
  for (guint i = 0; i < rows->len; i++)
    {
      const RaLedgerRecord *r = g_ptr_array_index (rows, i);

      if (ids->len == 0 || g_array_index (ids, gint64, ids->len - 1) != r->plant_id)
        g_array_append_val (ids, r->plant_id);
    }
  return ids;
}

static int
run_import (RaStore *store, const char *path, const char *file, const char *encoding,
            double tolerance_pct)
{
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *display = ra_path_display_name (path);
  RaLedgerReadOptions opts;
  guint n = 0;
  gboolean ok;

  ra_ledger_read_options_init (&opts);
  opts.encoding = encoding;
  if (tolerance_pct >= 0.0)
    opts.balance_tolerance = tolerance_pct / 100.0;
  ok = ra_ledger_import (store, file, &opts, &n, &report, &error);
  /* The report: every problem on stdout, warnings too. */
  for (guint i = 0; report != NULL && i < report->len; i++)
    g_print ("%s\n", ((RaLedgerIssue *) g_ptr_array_index (report, i))->message);
  if (!ok)
    {
      ra_cli_print_problem (file, error->message);
      return 1;
    }
  /* TRANSLATORS: rows, the ledger file, the project */
  g_print (ngettext ("Imported %u ledger row from %s into %s\n",
                     "Imported %u ledger rows from %s into %s\n", n),
           n, file, display);
  return 0;
}

static int
run_chart (RaStore *store, GPtrArray *rows, RaLedgerPlants *plants, const char *path,
           const char *out, const char *plant_name, int year, const char *size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = plants_with_rows (rows);
  RaLedgerChartData data;
  gint64 plant_id = 0;
  int width = 1200, height = 720;

  if (size != NULL && !parse_size (size, &width, &height))
    {
      g_autofree char *msg = g_strdup_printf (_("ledger: invalid --size '%s' (expected WxH)"), size);
      ra_cli_print_problem (NULL, msg);
      return 2;
    }
  if (ra_export_format_for_path (out) == RA_EXPORT_FORMAT_AUTO)
    {
      ra_cli_print_problem (out, _("unknown output format (use .png, .pdf or .svg)"));
      return 2;
    }
  if (plant_name != NULL)
    {
      plant_id = ra_ledger_plants_resolve (plant_name, plants);
      if (plant_id <= 0)
        {
          g_autofree char *msg = g_strdup_printf (_("no plant “%s” in the project"), plant_name);
          ra_cli_print_problem (path, msg);
          return 1;
        }
    }
  else if (ids->len == 1)
    plant_id = g_array_index (ids, gint64, 0);
  else
    {
      ra_cli_print_problem (path, ids->len == 0 ? _("the project has no ledger records")
                                                : _("the ledger has several plants: choose one with --plant NAME"));
      return ids->len == 0 ? 1 : 2;
    }
  if (year == 0)
    year = ra_ledger_latest_year (rows, plant_id);
  if (year == 0)
    {
      g_autofree char *msg = g_strdup_printf (_("no ledger records for %s"),
                                              ra_ledger_plants_get_name (plants, plant_id));
      ra_cli_print_problem (path, msg);
      return 1;
    }
  ra_ledger_chart_data_from_rows (rows, plant_id, ra_ledger_plants_get_name (plants, plant_id),
                                  year, &data);
  if (!ra_ledger_chart_write (&data, out, width, height, &error))
    {
      ra_cli_print_problem (out, error->message);
      return 1;
    }
  return 0;
}

int
ra_cli_cmd_ledger (int argc, char **argv)
{
  g_autofree char *import = NULL;
  g_autofree char *encoding = NULL;
  g_autofree char *chart = NULL;
  g_autofree char *plant = NULL;
  g_autofree char *size = NULL;
  gboolean json = FALSE;
  double tolerance = -1.0;
  int year = 0;
  GOptionEntry entries[] = {
    { "import", 'i', 0, G_OPTION_ARG_FILENAME, &import,
      N_("Read a monthly ledger (CSV, XLSX or ODS), validate it and store it"), N_("FILE") },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding,
      N_("Text encoding of a CSV ledger (e.g. GB18030, UTF-8)"), N_("NAME") },
    { "tolerance", 0, 0, G_OPTION_ARG_DOUBLE, &tolerance,
      N_("How far reused + discharged may be from treated, in percent (default 5)"), N_("PCT") },
    { "chart", 'c', 0, G_OPTION_ARG_FILENAME, &chart,
      N_("Draw the monthly chart of a plant to a PNG, PDF or SVG file"), N_("FILE") },
    { "plant", 'p', 0, G_OPTION_ARG_STRING, &plant,
      N_("The plant of the chart, by name or id"), N_("NAME") },
    { "year", 'y', 0, G_OPTION_ARG_INT, &year,
      N_("The year of the chart (default: the latest in the ledger)"), N_("YEAR") },
    { "size", 's', 0, G_OPTION_ARG_STRING, &size,
      N_("Chart size in pixels or points (default 1200x720)"), N_("WxH") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the ledger rows and year totals as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(RaLedgerPlants) plants = NULL;
  g_autoptr(GArray) ids = NULL;
  const char *path;

  ctx = g_option_context_new (_("PROJECT - import, chart and list the facility ledger (台账)"));
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_autofree char *msg = g_strdup_printf ("ledger: %s", error->message);
      ra_cli_print_problem (NULL, msg);
      return 2;
    }
  if (argc != 2)
    {
      ra_cli_print_problem (NULL, _("ledger: expected one project file"));
      return 2;
    }
  if ((import != NULL) + (chart != NULL) + (json != FALSE) > 1)
    {
      ra_cli_print_problem (NULL, _("ledger: choose one of --import, --chart and --json"));
      return 2;
    }
  if (year != 0 && (year < 1900 || year > 2200))
    {
      g_autofree char *msg = g_strdup_printf (_("ledger: --year %d is out of range"), year);
      ra_cli_print_problem (NULL, msg);
      return 2;
    }
  path = argv[1];
  if (!ra_cli_project_exists (path))
    {
      ra_cli_print_problem (path, _("No such file or directory"));
      return 1;
    }
  if (import != NULL && !g_file_test (import, G_FILE_TEST_EXISTS))
    {
      ra_cli_print_problem (import, _("No such file or directory"));
      return 1;
    }
  store = ra_store_open (path, import != NULL ? RA_STORE_OPEN_DEFAULT : RA_STORE_OPEN_READ_ONLY,
                         &error);
  if (store == NULL)
    {
      ra_cli_print_problem (path, error->message);
      return 1;
    }
  if (import != NULL)
    return run_import (store, path, import, encoding, tolerance);

  rows = ra_store_list_ledger (store, 0, &error);
  plants = rows != NULL ? ra_ledger_plants_new_from_store (store, &error) : NULL;
  if (plants == NULL)
    {
      ra_cli_print_problem (path, error->message);
      return 1;
    }
  if (chart != NULL)
    return run_chart (store, rows, plants, path, chart, plant, year, size);
  ids = plants_with_rows (rows);
  if (json)
    print_json (rows, plants, ids, path);
  else
    print_human (rows, plants, ids, path);
  return 0;
}
