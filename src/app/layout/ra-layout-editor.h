/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include "ra-core.h"
#include "ra-export-dialog.h"
#include "ra-figure-source.h"
#include "ra-layout-preview.h"

G_BEGIN_DECLS

#define RA_TYPE_LAYOUT_EDITOR (ra_layout_editor_get_type ())
G_DECLARE_FINAL_TYPE (RaLayoutEditor, ra_layout_editor, RA, LAYOUT_EDITOR, AdwWindow)

/* The print layout editor of the project of source (as it is now): a
 * WYSIWYG page (RaLayoutPreview) beside its settings; layouts are saved in
 * the project (app_layouts).  It opens on the first saved layout, else on
 * the default one (unsaved until Save).  The page is drawn from source's
 * map as it is when the editor is opened or comes to the front. */
RaLayoutEditor  *ra_layout_editor_new          (GtkApplication *application,
                                                RaFigureSource *source);

/* (transfer none) the layout being edited. */
RaLayout        *ra_layout_editor_get_layout   (RaLayoutEditor *self);
RaLayoutPreview *ra_layout_editor_get_preview  (RaLayoutEditor *self);
/* Saves the layout under its name (replacing one of the same name). */
gboolean         ra_layout_editor_save         (RaLayoutEditor *self, GError **error);
/* Loads a saved layout. */
gboolean         ra_layout_editor_load         (RaLayoutEditor *self, const char *name,
                                                GError **error);
/* A new layout from the default figure, named to be unique. */
void             ra_layout_editor_new_from_default (RaLayoutEditor *self);
/* The export dialog for the layout as it is (transfer none; shown). */
RaExportDialog  *ra_layout_editor_export       (RaLayoutEditor *self);

G_END_DECLS
