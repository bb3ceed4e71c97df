/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reclaim-atlas-cli serve-init | push | pull: a project on a PostgreSQL +
 * PostGIS server and its file copies (issue 19).  Thin shells over
 * ra_store_open and ra_store_copy_project.
 *
 * serve-init makes the schema only; roles and row-level security are a
 * later stage of issue 19. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ra-core.h"
#include "ra-store.h"
#include "ra-cli-common.h"
#include "ra-cli-server.h"

static gboolean
parse_options (GOptionContext *ctx, const char *cmd, int *argc, char ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (ctx, argc, argv, &error))
    {
      g_autofree char *msg = g_strdup_printf ("%s: %s", cmd, error->message);

      ra_cli_print_problem (NULL, msg);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_server_name (const char *cmd, const char *name)
{
  if (!ra_store_is_server_name (name))
    {
      g_autofree char *msg =
        /* TRANSLATORS: %s is a command, e.g. "push" */
        g_strdup_printf (_("%s: DB must be a PostgreSQL connection (postgresql://… or service=…)"),
                         cmd);

      ra_cli_print_problem (NULL, msg);
      return FALSE;
    }
  return TRUE;
}

/* A server project with nothing in it but what its creation put there
 * (a push must not overwrite someone's work). */
static gboolean
is_fresh (RaStore *store)
{
  static const char * const tables[] = {
    "counties", "plants", "projects", "pipelines", "footprints", "built_up_areas",
    "water_users", "user_demand", "plant_supply", "allocations", "ledger",
  };

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (ra_store_count_rows (store, tables[i], NULL) != 0)
      return FALSE;
  return TRUE;
}

int
ra_cli_cmd_serve_init (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = NULL;
  g_autofree char *display = NULL;

  ctx = g_option_context_new (_("DB - create a project's tables on an empty PostgreSQL database"));
  if (!parse_options (ctx, "serve-init", &argc, &argv))
    return 2;
  if (argc != 2)
    {
      ra_cli_print_problem (NULL, _("serve-init: expected one database (postgresql://… or service=…)"));
      return 2;
    }
  if (!check_server_name ("serve-init", argv[1]))
    return 2;
  store = ra_store_open (argv[1], RA_STORE_OPEN_CREATE, &error);
  if (store == NULL)
    {
      ra_cli_print_problem (argv[1], error->message);
      return 1;
    }
  display = ra_path_display_name (argv[1]);
  g_print (_("%s: project schema version %d ready\n"), display, RA_STORE_SCHEMA_VERSION);
  return 0;
}

int
ra_cli_cmd_push (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) file = NULL;
  g_autoptr(RaStore) server = NULL;
  g_autofree char *display = NULL;
  guint n_rows = 0;

  ctx = g_option_context_new (_("FILE DB - copy a project file into an empty PostgreSQL database"));
  if (!parse_options (ctx, "push", &argc, &argv))
    return 2;
  if (argc != 3)
    {
      ra_cli_print_problem (NULL, _("push: expected a project file and a database"));
      return 2;
    }
  if (!check_server_name ("push", argv[2]))
    return 2;
  if (!g_file_test (argv[1], G_FILE_TEST_EXISTS))
    {
      ra_cli_print_problem (argv[1], _("no such file"));
      return 1;
    }
  file = ra_store_open (argv[1], RA_STORE_OPEN_READ_ONLY, &error);
  if (file == NULL)
    {
      ra_cli_print_problem (argv[1], error->message);
      return 1;
    }
  server = ra_store_open (argv[2], RA_STORE_OPEN_CREATE, &error);
  if (server == NULL)
    {
      ra_cli_print_problem (argv[2], error->message);
      return 1;
    }
  if (!is_fresh (server))
    {
      ra_cli_print_problem (argv[2], _("the database already holds a project; "
                                       "push copies into an empty one only"));
      return 1;
    }
  if (!ra_store_copy_project (file, server, &n_rows, &error))
    {
      ra_cli_print_problem (argv[2], error->message);
      return 1;
    }
  display = ra_path_display_name (argv[2]);
  g_print (_("%s: %u rows copied\n"), display, n_rows);
  return 0;
}

int
ra_cli_cmd_pull (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) server = NULL;
  g_autoptr(RaStore) file = NULL;
  g_autofree char *display = NULL;
  g_autofree char *part = NULL;
  guint n_rows = 0;

  ctx = g_option_context_new (_("DB FILE - copy a PostgreSQL project into a new project file"));
  if (!parse_options (ctx, "pull", &argc, &argv))
    return 2;
  if (argc != 3)
    {
      ra_cli_print_problem (NULL, _("pull: expected a database and a project file"));
      return 2;
    }
  if (!check_server_name ("pull", argv[1]))
    return 2;
  if (g_file_test (argv[2], G_FILE_TEST_EXISTS))
    {
      ra_cli_print_problem (argv[2], _("file exists; choose another name"));
      return 1;
    }
  server = ra_store_open (argv[1], RA_STORE_OPEN_READ_ONLY, &error);
  if (server == NULL)
    {
      ra_cli_print_problem (argv[1], error->message);
      return 1;
    }
  /* Built under a temporary name and renamed when whole: a failed pull
   * leaves no half project behind. */
  part = g_strconcat (argv[2], ".part", NULL);
  g_unlink (part);
  file = ra_store_open (part, RA_STORE_OPEN_CREATE, &error);
  if (file == NULL || !ra_store_copy_project (server, file, &n_rows, &error))
    {
      g_clear_object (&file);
      g_unlink (part);
      ra_cli_print_problem (argv[2], error->message);
      return 1;
    }
  /* Closing writes the WAL back into the file: one file to rename. */
  ra_store_close (file);
  if (g_rename (part, argv[2]) != 0)
    {
      int saved = errno;

      g_unlink (part);
      ra_cli_print_problem (argv[2], g_strerror (saved));
      return 1;
    }
  display = ra_path_display_name (argv[2]);
  g_print (_("%s: %u rows copied\n"), display, n_rows);
  return 0;
}
