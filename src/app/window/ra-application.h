/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define RA_TYPE_APPLICATION (ra_application_get_type ())
G_DECLARE_FINAL_TYPE (RaApplication, ra_application, RA, APPLICATION, AdwApplication)

/* The Reclaim Atlas application: its main window (RaWindow), the app.*
 * actions and the files and --sample of the command line. */

RaApplication *ra_application_new (void);

G_END_DECLS
