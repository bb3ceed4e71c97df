/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The facility ledger (台账, rule 第十八条): reading a monthly ledger from
 * any GDAL table (CSV, XLSX, ODS), validating it, storing it, and what is
 * derived from it (year totals, the chart's months).
 *
 * A ledger table has one row per facility and month.  Columns are found by
 * their header, in Chinese or English (see docs/ledger.md): 月份/month,
 * 设施/plant/facility, 进水量/inflow, 处理量/treated, the volume reused by
 * use (工业/农业/生态/城市杂用 or industry/agriculture/ecological/
 * urban_nonpotable, with or without 回用/reused), 外排量/discharged,
 * 回用去向/destination, 水质/quality.  A header's unit — "(万m3)",
 * "(m3)", "万立方米", "立方米" — converts its column to 10^4 m3.  Months
 * are "YYYY-MM", "YYYY/M", a date, an Excel date number or "2024年3月". */

#include "ra-ledger-chart.h"
#include "ra-store.h"
#include "ra-store-water.h"

G_BEGIN_DECLS

/* The plant a facility name in the table stands for: its id, 0 unknown. */
typedef gint64 (*RaLedgerPlantResolver) (const char *name,
                                         gpointer    user_data);

typedef struct {
  const char *encoding;            /* (nullable) a CSV's text encoding; NULL: detected */
  double      balance_tolerance;   /* reused + discharged vs treated, fraction of
                                    * treated; default 0.05 */
  double      inflow_tolerance;    /* treated above inflow, fraction; default 0.02 */
  int         today_year;          /* months after this one are refused; */
  int         today_month;         /* 0: the current month (local time) */
  gint64      default_plant_id;    /* the plant of a table without a facility
                                    * column; 0: such a table is refused */
} RaLedgerReadOptions;

void ra_ledger_read_options_init (RaLedgerReadOptions *opts);

typedef enum {
  RA_LEDGER_ISSUE_ERROR,           /* nothing is stored */
  RA_LEDGER_ISSUE_WARNING,         /* stored; worth a look */
} RaLedgerIssueLevel;

/* One line of the validation report. */
typedef struct {
  RaLedgerIssueLevel level;
  guint              row;          /* the table's row as a spreadsheet numbers it
                                    * (the header is row 1); 0: the whole file */
  char              *field;        /* (nullable) the column as the file names it */
  char              *message;      /* the whole line: "FILE: row N, FIELD: problem" */
} RaLedgerIssue;

void ra_ledger_issue_free (RaLedgerIssue *issue);

/* Reads and validates the ledger at path.  resolve (nullable: every
 * facility is unknown unless opts->default_plant_id) maps facility names
 * to plant ids.  On success *rows_out (transfer full, element-type
 * RaLedgerRecord, in file order; source_file = the file's name) holds
 * every row.  *report_out (optional, transfer full, element-type
 * RaLedgerIssue) always gets every error and warning.  All or nothing:
 * any error gives FALSE (RA_STORE_ERROR_IMPORT, naming the file, the
 * number of problems and the first) and no rows. */
gboolean   ra_ledger_read           (const char                *path,
                                     const RaLedgerReadOptions *opts,
                                     RaLedgerPlantResolver      resolve,
                                     gpointer                   resolve_data,
                                     GPtrArray                **rows_out,
                                     GPtrArray                **report_out,
                                     GError                   **error);

/* Resolves facility names against the project's plants: by name (spaces
 * ignored) or by id.  (transfer full) free with ra_ledger_plants_free. */
typedef struct _RaLedgerPlants RaLedgerPlants;
RaLedgerPlants *ra_ledger_plants_new_from_store (RaStore *store, GError **error);
void            ra_ledger_plants_free           (RaLedgerPlants *plants);
/* An RaLedgerPlantResolver over an RaLedgerPlants. */
gint64          ra_ledger_plants_resolve        (const char *name, gpointer plants);
/* (transfer none) (nullable) the plant's name. */
const char     *ra_ledger_plants_get_name       (RaLedgerPlants *plants, gint64 plant_id);

/* Reads path against store's plants and stores its rows with
 * ra_store_add_ledger (one transaction, one undo step, audit rows naming
 * the file).  *n_rows_out (optional): rows stored.  report_out as for
 * ra_ledger_read. */
gboolean   ra_ledger_import         (RaStore                   *store,
                                     const char                *path,
                                     const RaLedgerReadOptions *opts,
                                     guint                     *n_rows_out,
                                     GPtrArray                **report_out,
                                     GError                   **error);

/* The atlas's ledger pages: for every plant with ledger rows, in plant
 * order, its chart of year (0: its latest year; plants without rows in
 * year are left out).  Each element owns its plant name; free the array.
 * Returns: (transfer full) (element-type RaLedgerChartData) (nullable) */
GPtrArray *ra_ledger_atlas_pages    (RaStore                   *store,
                                     int                        year,
                                     GError                   **error);

/* A year's totals of one plant (10^4 m3): sums of the months that give
 * the figure (NAN when none does). */
typedef struct {
  guint  n_months;
  double inflow;
  double treated;
  double reused[RA_LEDGER_N_USES];
  double reused_total;
  double discharged;
} RaLedgerTotals;

/* rows: element-type RaLedgerRecord; plant_id 0: every plant. */
void       ra_ledger_year_totals    (GPtrArray      *rows,
                                     gint64          plant_id,
                                     int             year,
                                     RaLedgerTotals *out);

/* The months of plant_id in year from rows, for ra_ledger_chart_draw.
 * plant_name is borrowed by data. */
void       ra_ledger_chart_data_from_rows (GPtrArray         *rows,
                                           gint64             plant_id,
                                           const char        *plant_name,
                                           int                year,
                                           RaLedgerChartData *data);

/* Draws the chart of plant_id's year from rows (see ra_ledger_chart_draw). */
void       ra_ledger_draw_chart     (cairo_t                 *cr,
                                     const cairo_rectangle_t *rect,
                                     GPtrArray               *rows,
                                     gint64                   plant_id,
                                     const char              *plant_name,
                                     int                      year);

/* The years rows cover for plant_id (0: any), ascending.  (transfer full) */
GArray    *ra_ledger_list_years     (GPtrArray *rows, gint64 plant_id);
/* The latest year rows cover for plant_id (0: any); 0 when none. */
int        ra_ledger_latest_year    (GPtrArray *rows, gint64 plant_id);

/* Parses a month cell ("2024-03", "2024/3", "2024-03-01", "2024/03/01
 * 00:00:00", "2024年3月", an Excel date number such as 45352) into year and
 * month.  FALSE when it is none of these. */
gboolean   ra_ledger_parse_month    (const char *text, int *year, int *month);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaLedgerIssue, ra_ledger_issue_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaLedgerPlants, ra_ledger_plants_free)

G_END_DECLS
