/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ra-cli-exec.h"

#define _(s) dgettext (GETTEXT_PACKAGE, s)

int
ra_cli_exec (const char *program, char **argv)
{
  char self[PATH_MAX], path[PATH_MAX + 64];
  ssize_t n = readlink ("/proc/self/exe", self, sizeof self - 1);
  char *slash;

  if (n > 0)
    {
      self[n] = '\0';
      slash = strrchr (self, '/');
      if (slash != NULL)
        {
          *slash = '\0';
          snprintf (path, sizeof path, "%s/%s", self, program);
          if (access (path, X_OK) == 0)
            execv (path, argv);
        }
    }
  snprintf (path, sizeof path, "%s/%s", RA_CLI_LIBEXECDIR, program);
  execv (path, argv);
  /* As ra_paths_get_locale_dir, which needs GLib. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, getenv ("RA_LOCALEDIR") != NULL && *getenv ("RA_LOCALEDIR") != '\0'
                                   ? getenv ("RA_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  fprintf (stderr, "reclaim-atlas-cli: ");
  /* TRANSLATORS: the first %s is a program of Reclaim Atlas, the second why it cannot run */
  fprintf (stderr, _("cannot run %s (%s); reinstall Reclaim Atlas"), path, strerror (errno));
  fputc ('\n', stderr);
  return 1;
}
