/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reclaim-atlas-cli serve-init | serve-grant | push | pull: a project on a
 * PostgreSQL + PostGIS server, who may do what on it, and its file copies
 * (issue 19).  Thin shells over ra_store_open, ra_store_setup_roles,
 * ra_store_grant_role and ra_store_copy_project.
 *
 * serve-init makes the schema, the group roles and the row-level security
 * policies (docs/postgis.md, "Who may do what"); serve-grant puts a login
 * role into one group. */
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
  if (!ra_store_setup_roles (store, &error))
    {
      ra_cli_print_problem (NULL, error->message);
      return 1;
    }
  display = ra_path_display_name (argv[1]);
  g_print (_("%s: project schema version %d ready\n"), display, RA_STORE_SCHEMA_VERSION);
  g_print (_("%s: roles ra_city_planner, ra_county_editor and ra_viewer and their "
             "row-level security ready (serve-grant makes users members)\n"), display);
  return 0;
}

int
ra_cli_cmd_serve_grant (int argc, char **argv)
{
  gboolean planner = FALSE, viewer = FALSE, revoke = FALSE;
  g_autofree char *editor = NULL;
  GOptionEntry entries[] = {
    { "planner", 0, 0, G_OPTION_ARG_NONE, &planner,
      N_("a city planner: edits everything"), NULL },
    { "editor", 0, 0, G_OPTION_ARG_STRING, &editor,
      N_("a county editor: edits the rows of these counties, reads the rest"),
      N_("ADCODE[,ADCODE]") },
    { "viewer", 0, 0, G_OPTION_ARG_NONE, &viewer, N_("a viewer: reads everything"), NULL },
    { "revoke", 0, 0, G_OPTION_ARG_NONE, &revoke, N_("no rights on the project any more"), NULL },
    { NULL },
  };
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) store = NULL;
  g_autofree char *display = NULL;
  g_auto(GStrv) adcodes = NULL;
  RaStoreRole role;

  ctx = g_option_context_new (_("DB ROLE - let a database login role plan, edit counties "
                                "or view a PostgreSQL project"));
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (ctx, _("ROLE is an existing login role; the administrator "
                                           "makes it (CREATE ROLE name LOGIN) and sets its "
                                           "password in psql (\\password name)."));
  if (!parse_options (ctx, "serve-grant", &argc, &argv))
    return 2;
  if (argc != 3 || planner + viewer + revoke + (editor != NULL) != 1)
    {
      ra_cli_print_problem (NULL, _("serve-grant: expected a database, a role and one of "
                                    "--planner, --editor ADCODE[,ADCODE], --viewer, --revoke"));
      return 2;
    }
  if (!check_server_name ("serve-grant", argv[1]))
    return 2;
  if (editor != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (editor, ",", -1);
      g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; parts[i] != NULL; i++)
        if (*g_strstrip (parts[i]) != '\0')
          g_ptr_array_add (kept, g_strdup (parts[i]));
      if (kept->len == 0)
        {
          ra_cli_print_problem (NULL, _("serve-grant: --editor needs the adcodes of the "
                                        "counties the role edits"));
          return 2;
        }
      g_ptr_array_add (kept, NULL);
      adcodes = (GStrv) g_ptr_array_free (g_steal_pointer (&kept), FALSE);
    }
  role = planner ? RA_STORE_ROLE_CITY_PLANNER : viewer ? RA_STORE_ROLE_VIEWER
         : editor != NULL ? RA_STORE_ROLE_COUNTY_EDITOR : RA_STORE_ROLE_NONE;
  store = ra_store_open (argv[1], RA_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    {
      ra_cli_print_problem (argv[1], error->message);
      return 1;
    }
  if (!ra_store_grant_role (store, argv[2], role, (const char * const *) adcodes, &error))
    {
      ra_cli_print_problem (NULL, error->message);
      return 1;
    }
  display = ra_path_display_name (argv[1]);
  switch (role)
    {
    case RA_STORE_ROLE_CITY_PLANNER:
      g_print (_("%s: %s is a city planner (edits everything)\n"), display, argv[2]);
      break;
    case RA_STORE_ROLE_COUNTY_EDITOR:
      {
        g_autofree char *list = g_strjoinv (", ", adcodes);

        g_print (_("%s: %s is a county editor of %s (reads the rest)\n"), display, argv[2], list);
      }
      break;
    case RA_STORE_ROLE_VIEWER:
      g_print (_("%s: %s is a viewer (reads everything)\n"), display, argv[2]);
      break;
    case RA_STORE_ROLE_NONE:
    default:
      g_print (_("%s: %s has no rights on the project any more\n"), display, argv[2]);
      break;
    }
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
