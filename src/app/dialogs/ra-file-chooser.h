/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The app's native file choosers: modal to their window, opening in the
 * folder last used (the "last-folder" key of the app's settings), with
 * filters by file suffix.  The caller connects ::response, shows it with
 * gtk_native_dialog_show and destroys and unrefs it in its handler. */
GtkFileChooser *ra_file_chooser_new        (GtkWindow            *parent,
                                            GSettings            *settings,
                                            const char           *title,
                                            GtkFileChooserAction  action,
                                            const char           *accept);
/* A filter named name for the suffixes (without the dot, NULL-terminated). */
void            ra_file_chooser_add_filter (GtkFileChooser     *chooser,
                                            const char         *name,
                                            const char * const *suffixes);
/* path if it ends in one of suffixes (with the dot, any case), else path
 * with fallback appended. (transfer full) */
char           *ra_file_chooser_with_suffix (const char         *path,
                                             const char * const *suffixes,
                                             const char         *fallback);

G_END_DECLS
