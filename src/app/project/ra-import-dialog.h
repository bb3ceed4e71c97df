/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include "ra-core.h"
#include "ra-store.h"

G_BEGIN_DECLS

/* Imports a GDAL layer into one of the project's spatial tables with a
 * field mapping (source field -> target column), through
 * ra_store_import_layer: all rows or none.  When the store rejects the
 * import, the report naming each bad row is shown.  Emits "imported"
 * (guint n_rows, const char *table) after a successful import. */
#define RA_TYPE_IMPORT_DIALOG (ra_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RaImportDialog, ra_import_dialog, RA, IMPORT_DIALOG, AdwWindow)

RaImportDialog *ra_import_dialog_new          (GtkWindow  *parent,
                                               RaStore    *store,
                                               const char *path);
/* Test hooks: TRUE once the source's fields are listed. */
gboolean        ra_import_dialog_is_ready     (RaImportDialog *self);
void            ra_import_dialog_set_target   (RaImportDialog *self, const char *table);
/* target NULL or "" = ignore the field. */
void            ra_import_dialog_set_mapping  (RaImportDialog *self,
                                               const char     *source_field,
                                               const char     *target_column);
/* Runs the import; on rejection the report is kept (and shown). */
gboolean        ra_import_dialog_import       (RaImportDialog *self);
/* For tests: the choices each source field's mapping offers, as shown
 * ("(ignore)" first), and (optional out) the target column of each choice
 * after it.  Empty before the source is read.
 * Returns: (transfer full) (array zero-terminated=1) */
char          **ra_import_dialog_dup_choices  (RaImportDialog *self,
                                               char         ***columns);
/* (nullable) (element-type utf8) the last rejection's report. */
GPtrArray      *ra_import_dialog_get_report   (RaImportDialog *self);

G_END_DECLS
