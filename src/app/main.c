/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "ra-application.h"
#include "ra-core.h"

/* The reclaim-atlas program: the locale, then RaApplication. */

int
main (int argc, char *argv[])
{
  g_autoptr(RaApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, ra_paths_get_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  ra_core_init ();

  app = ra_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
