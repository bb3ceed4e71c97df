/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <libintl.h>

#include "ui-test-util.h"

gboolean
wait_for (Condition cond, gpointer data, double timeout_s)
{
  gint64 end = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);

  while (!cond (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

void
spin (double seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

char *
ui_test_isolate_data_home (const char *prefix)
{
  g_autofree char *template = g_strconcat (prefix, "-XXXXXX", NULL);
  char *tmpdir = g_dir_make_tmp (template, NULL);
  g_autofree char *data_home = NULL;

  g_assert (tmpdir != NULL);
  data_home = g_build_filename (tmpdir, "data-home", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  return tmpdir;
}

RaWindow *
ui_test_start_app (RaApplication **app)
{
  g_autoptr(GError) error = NULL;
  GList *windows;

  /* As main.c does: the app's messages are the default domain (a test
   * run under zh_CN then speaks Chinese). */
  textdomain (GETTEXT_PACKAGE);
  *app = ra_application_new ();
  g_application_set_flags (G_APPLICATION (*app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (*app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (*app));
  windows = gtk_application_get_windows (GTK_APPLICATION (*app));
  g_assert_nonnull (windows);
  return RA_WINDOW (windows->data);
}

gboolean
ui_project_idle (gpointer window)
{
  return ra_window_get_pending_loads (window) == 0 && ra_window_get_store (window) != NULL;
}

void
ui_wait_project (RaWindow *window)
{
  g_assert_true (wait_for (ui_project_idle, window, 60));
  spin (0.3);
  g_assert_true (wait_for (ui_project_idle, window, 60));
}
