/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include "ra-store.h"

G_BEGIN_DECLS

/* The plan document's appendix tables built from a project file, and
 * written through GDAL's CSV, XLSX and ODS drivers.
 *
 * Appendix 1: county targets (2023 actual, 2025 and 2030 minimum targets);
 * the city row is the sum of the counties (a source city row that differs
 * is reported as a finding).  Rates cannot be summed: the city rate is the
 * source's.
 * Appendix 2: projects grouped by batch, each batch followed by a subtotal
 * row, then a grand total; investment in 10^4 yuan, capacity in 10^4 m3/a. */

typedef enum {
  RA_TABLE_ROW_ITEM,       /* a project or a county */
  RA_TABLE_ROW_SUBTOTAL,   /* a batch subtotal (appendix 2) */
  RA_TABLE_ROW_TOTAL,      /* grand total (appendix 2) or city row (appendix 1) */
} RaTableRowKind;

typedef struct {
  RaTableRowKind kind;
  char         **text;     /* n_columns entries; NULL for numbers and blanks */
  double        *values;   /* n_columns entries; NAN for text and blanks */
} RaTableRow;

typedef struct {
  char       *name;        /* layer name: "appendix1", "appendix2" */
  guint       n_columns;
  char      **headers;     /* NULL-terminated, n_columns entries, translated */
  gboolean   *numeric;     /* n_columns entries */
  GPtrArray  *rows;        /* RaTableRow* */
  GPtrArray  *findings;    /* char*: inconsistencies found in the source */
} RaTable;

/* Builds appendix table 1 or 2 from the store.
 * Returns: (transfer full) (nullable) */
RaTable  *ra_tables_build_appendix (RaStore *store, int appendix, GError **error);
void      ra_table_free            (RaTable *table);
/* Writes the table; the format follows the extension (.csv, .xlsx, .ods).
 * An existing file is replaced. */
gboolean  ra_table_write           (const RaTable *table, const char *path, GError **error);
/* Build + write in one call; findings (nullable out, transfer full, char*)
 * receives the table's findings. */
gboolean  ra_tables_write_appendix (RaStore     *store,
                                    int          appendix,
                                    const char  *path,
                                    GPtrArray  **findings,
                                    GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaTable, ra_table_free)

G_END_DECLS
