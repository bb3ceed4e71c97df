/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include "ra-core.h"
#include "ra-export.h"
#include "ra-layout.h"

G_BEGIN_DECLS

#define RA_TYPE_EXPORT_DIALOG (ra_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RaExportDialog, ra_export_dialog, RA, EXPORT_DIALOG, AdwWindow)

/* Exports a print layout to PDF, SVG or PNG (150/300/600 dpi), or as an
 * atlas (one page per county), with ra_export_layout_async: a progress bar
 * per page and a Cancel button; the window it belongs to stays usable.
 * The layout and context are copied.  suggested_name (nullable) is the
 * file name offered, without extension. */
RaExportDialog *ra_export_dialog_new          (GtkWindow             *parent,
                                               const RaLayout        *layout,
                                               const RaLayoutContext *ctx,
                                               const char            *suggested_name);
/* The project the layout shows (nullable): an atlas then carries each
 * county's figures and projects on its page and ends with the facility
 * ledgers' charts, as `reclaim-atlas-cli export --atlas` does. */
void            ra_export_dialog_set_store    (RaExportDialog *self,
                                               RaStore        *store);
/* Starts the export to path (what the file chooser does on accept). */
void            ra_export_dialog_start        (RaExportDialog *self,
                                               const char     *path,
                                               RaExportFormat  format,
                                               double          dpi,
                                               gboolean        atlas);
/* Cancels a running export (its files are removed); else closes. */
void            ra_export_dialog_cancel       (RaExportDialog *self);
gboolean        ra_export_dialog_is_running   (RaExportDialog *self);

/* Test hooks: progress callbacks so far, the last fraction, the result. */
guint           ra_export_dialog_get_n_progress (RaExportDialog *self);
double          ra_export_dialog_get_fraction (RaExportDialog *self);
/* (nullable) the error of the last export (cancelled included). */
const GError   *ra_export_dialog_get_error    (RaExportDialog *self);
/* (nullable) the files the last export wrote. */
const char * const *ra_export_dialog_get_files (RaExportDialog *self);

G_END_DECLS
