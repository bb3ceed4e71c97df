/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include "ra-core.h"

G_BEGIN_DECLS

#define RA_TYPE_CRS_DIALOG (ra_crs_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RaCrsDialog, ra_crs_dialog, RA, CRS_DIALOG, AdwWindow)

/* A small dialog asking for a CRS (EPSG:n, WKT, PROJ string).  "apply" is
 * emitted with the parsed RaCrs; a handler that cannot use it calls
 * ra_crs_dialog_show_error and the dialog stays open. */
RaCrsDialog *ra_crs_dialog_new            (GtkWindow  *parent,
                                           const char *title,
                                           const char *description,
                                           RaCrs      *current);  /* nullable */
void         ra_crs_dialog_add_suggestion (RaCrsDialog *self,
                                           const char  *text,      /* e.g. "EPSG:4539" */
                                           const char  *title);
void         ra_crs_dialog_show_error     (RaCrsDialog *self, const char *message);
void         ra_crs_dialog_set_text       (RaCrsDialog *self, const char *text);
/* Validates and applies the entered text, as the Apply button does. */
gboolean     ra_crs_dialog_apply          (RaCrsDialog *self);

G_END_DECLS
