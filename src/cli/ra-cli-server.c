/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reclaim-atlas-cli serve-init | serve-grant | push | pull: a project on a
 * PostgreSQL + PostGIS server, who may do what on it, and its file copies
 * (issue 19).  Thin shells over ra_store_open, ra_store_setup_roles,
 * ra_store_grant_role, ra_store_copy_project and, for working offline (a
 * county's part pulled into a file and merged back), ra-store-sync.h.
 *
 * serve-init makes the schema, the group roles and the row-level security
 * policies (docs/postgis.md, "Who may do what"); serve-grant puts a login
 * role into one group. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ra-core.h"
#include "ra-store.h"
#include "ra-store-sync.h"
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

/* A JSON value from the core (already JSON text), or null. */
static void
append_raw (GString *out, const char *raw)
{
  g_string_append (out, raw != NULL ? raw : "null");
}

static void
append_json_string (GString *out, const char *text)
{
  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if ((unsigned char) *p < 0x20)
            g_string_append_printf (out, "\\u%04x", (unsigned char) *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

static void
print_report_json (const char *server, const char *file, const RaSyncReport *report)
{
  g_autoptr(GString) out = g_string_new ("{\"server\":");

  append_json_string (out, server);
  g_string_append (out, ",\"file\":");
  append_json_string (out, file);
  g_string_append_printf (out, ",\"updated\":%u,\"inserted\":%u,\"deleted\":%u,"
                          "\"refreshed\":%u,\"resolved\":%u,\"not_pushed\":%u,"
                          "\"not_pushed_tables\":[",
                          report->n_updated, report->n_inserted, report->n_deleted,
                          report->n_refreshed, report->n_resolved, report->n_not_pushed);
  for (guint i = 0; i < report->not_pushed_tables->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_json_string (out, g_ptr_array_index (report->not_pushed_tables, i));
    }
  g_string_append (out, "],\"conflicts\":[");
  for (guint i = 0; i < report->conflicts->len; i++)
    {
      const RaSyncConflict *c = g_ptr_array_index (report->conflicts, i);

      g_string_append (out, i > 0 ? ",\n  {\"table\":" : "\n  {\"table\":");
      append_json_string (out, c->table_name);
      g_string_append_printf (out, ",\"row_id\":%" G_GINT64_FORMAT ",\"label\":", c->row_id);
      append_json_string (out, c->label);
      g_string_append (out, ",\"field\":");
      append_json_string (out, c->field);
      g_string_append (out, ",\"base\":");
      append_raw (out, c->base_value);
      g_string_append (out, ",\"file\":");
      append_raw (out, c->file_value);
      g_string_append (out, ",\"server\":");
      append_raw (out, c->server_value);
      g_string_append (out, ",\"server_user\":");
      append_json_string (out, c->server_user);
      g_string_append (out, ",\"server_at\":");
      append_json_string (out, c->server_at);
      g_string_append_c (out, '}');
    }
  g_string_append (out, report->conflicts->len > 0 ? "\n]}\n" : "]}\n");
  fputs (out->str, stdout);
}

/* A value for a line of text: long ones (a geometry) cut short. */
static char *
shown_value (const char *raw, gboolean row)
{
  if (raw == NULL)
    /* TRANSLATORS: a row's value in a conflict when one side deleted it */
    return g_strdup (row ? _("(deleted)") : "null");
  if (row)
    /* TRANSLATORS: a row's value in a conflict when one side kept and edited it */
    return g_strdup (_("(edited)"));
  if (g_utf8_strlen (raw, -1) > 60)
    {
      g_autofree char *head = g_utf8_substring (raw, 0, 57);

      return g_strconcat (head, "…", NULL);
    }
  return g_strdup (raw);
}

static void
print_report_text (const char *server, const char *file, const RaSyncReport *report)
{
  if (report->n_updated + report->n_inserted + report->n_deleted == 0)
    g_print (_("%s: nothing to push\n"), server);
  else
    g_print (_("%s: %u rows changed, %u added, %u deleted\n"), server, report->n_updated,
             report->n_inserted, report->n_deleted);
  if (report->n_refreshed > 0)
    g_print (_("%s: %u rows brought to the server's state\n"), file, report->n_refreshed);
  if (report->n_resolved > 0)
    g_print (_("%s: %u conflicts resolved\n"), file, report->n_resolved);
  if (report->n_not_pushed > 0)
    {
      g_autoptr(GString) tables = g_string_new (NULL);

      for (guint i = 0; i < report->not_pushed_tables->len; i++)
        g_string_append_printf (tables, "%s%s", i > 0 ? ", " : "",
                                (const char *) g_ptr_array_index (report->not_pushed_tables, i));
      {
        g_printerr (ngettext ("%s: %u row of the city's tables (%s) was changed in this county's "
                              "copy and is not pushed: it stays in the file; a city planner "
                              "makes that change on the server\n",
                              "%s: %u rows of the city's tables (%s) were changed in this county's "
                              "copy and are not pushed: they stay in the file; a city planner "
                              "makes those changes on the server\n", report->n_not_pushed),
                    file, report->n_not_pushed, tables->str);
      }
    }
  if (report->conflicts->len == 0)
    return;
  g_print (ngettext ("%s: %u conflict left: neither side was changed there\n",
                     "%s: %u conflicts left: neither side was changed there\n",
                     report->conflicts->len),
           file, report->conflicts->len);
  for (guint i = 0; i < report->conflicts->len; i++)
    {
      const RaSyncConflict *c = g_ptr_array_index (report->conflicts, i);
      gboolean row = g_strcmp0 (c->field, "(row)") == 0;
      g_autofree char *base = shown_value (c->base_value, FALSE);
      g_autofree char *mine = shown_value (c->file_value, row);
      g_autofree char *theirs = shown_value (c->server_value, row);

      g_print ("  %s:%" G_GINT64_FORMAT " %s — %s\n", c->table_name, c->row_id,
               c->label != NULL ? c->label : "", c->field);
      if (!row)
        g_print (_("    base %s\n"), base);
      g_print (_("    file %s\n"), mine);
      if (c->server_user != NULL)
        g_print (_("    server %s (last changed by %s at %s)\n"), theirs, c->server_user,
                 c->server_at != NULL ? c->server_at : "?");
      else
        g_print (_("    server %s\n"), theirs);
    }
  g_print (_("Settle them with --resolve mine|theirs, or row by row with "
             "--keep-mine TABLE:ID / --keep-theirs TABLE:ID, and push again.\n"));
}

/* The rows named by --keep-mine / --keep-theirs: TABLE:ID each. */
static gboolean
parse_rows (const char *option, char **rows, GPtrArray **out)
{
  *out = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; rows != NULL && rows[i] != NULL; i++)
    {
      const char *colon = strchr (rows[i], ':');
      char *end = NULL;
      gint64 id;

      if (colon != NULL)
        id = g_ascii_strtoll (colon + 1, &end, 10);
      if (colon == NULL || colon == rows[i] || end == colon + 1 || *end != '\0' || id <= 0)
        {
          g_autofree char *msg =
            /* TRANSLATORS: %s is an option, then what was given */
            g_strdup_printf (_("push: %s “%s”: expected TABLE:ID, e.g. projects:12"),
                             option, rows[i]);

          ra_cli_print_problem (NULL, msg);
          return FALSE;
        }
      g_ptr_array_add (*out, g_strdup (rows[i]));
    }
  return TRUE;
}

int
ra_cli_cmd_push (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStore) file = NULL;
  g_autoptr(RaStore) server = NULL;
  g_autoptr(RaSyncReport) report = NULL;
  g_autoptr(GPtrArray) keep_mine = NULL;
  g_autoptr(GPtrArray) keep_theirs = NULL;
  g_autofree char *display = NULL;
  g_autofree char *file_display = NULL;
  g_autofree char *resolve = NULL;
  g_auto(GStrv) mine_rows = NULL;
  g_auto(GStrv) theirs_rows = NULL;
  gboolean json = FALSE;
  gboolean pulled;
  RaSyncOptions options = { RA_SYNC_RESOLVE_NONE, NULL, NULL };
  guint n_rows = 0;
  GOptionEntry entries[] = {
    { "resolve", 0, 0, G_OPTION_ARG_STRING, &resolve,
      N_("Settle every conflict: mine (the file's values) or theirs (the server's)"),
      N_("mine|theirs") },
    { "keep-mine", 0, 0, G_OPTION_ARG_STRING_ARRAY, &mine_rows,
      N_("Settle the conflicts of one row with the file's values (repeatable)"),
      N_("TABLE:ID") },
    { "keep-theirs", 0, 0, G_OPTION_ARG_STRING_ARRAY, &theirs_rows,
      N_("Settle the conflicts of one row with the server's values (repeatable)"),
      N_("TABLE:ID") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print what was done and the conflicts as JSON"),
      NULL },
    { NULL },
  };

  ctx = g_option_context_new (_("FILE DB - copy a project file into an empty PostgreSQL "
                                "database, or merge a file pulled from it back"));
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  if (!parse_options (ctx, "push", &argc, &argv))
    return 2;
  if (argc != 3)
    {
      ra_cli_print_problem (NULL, _("push: expected a project file and a database"));
      return 2;
    }
  if (resolve != NULL)
    {
      if (strcmp (resolve, "mine") == 0)
        options.resolve = RA_SYNC_RESOLVE_MINE;
      else if (strcmp (resolve, "theirs") == 0)
        options.resolve = RA_SYNC_RESOLVE_THEIRS;
      else
        {
          ra_cli_print_problem (NULL, _("push: --resolve takes mine or theirs"));
          return 2;
        }
    }
  if (!parse_rows ("--keep-mine", mine_rows, &keep_mine) ||
      !parse_rows ("--keep-theirs", theirs_rows, &keep_theirs))
    return 2;
  options.keep_mine = keep_mine;
  options.keep_theirs = keep_theirs;
  if (!check_server_name ("push", argv[2]))
    return 2;
  if (!g_file_test (argv[1], G_FILE_TEST_EXISTS))
    {
      ra_cli_print_problem (argv[1], _("no such file"));
      return 1;
    }
  file = ra_store_open (argv[1], RA_STORE_OPEN_READ_ONLY, &error);
  if (file == NULL && g_error_matches (error, RA_STORE_ERROR, RA_STORE_ERROR_READ_ONLY))
    {
      /* A file of an older program: upgraded first (its schema steps, each a
       * transaction, as opening it in the app does), then pushed. */
      g_clear_error (&error);
      file = ra_store_open (argv[1], 0, &error);
    }
  if (file == NULL)
    {
      ra_cli_print_problem (argv[1], error->message);
      return 1;
    }
  pulled = ra_store_sync_get_origin (file, NULL, NULL, NULL);
  if (pulled)
    {
      /* A merge writes the server's state back into the file. */
      g_clear_object (&file);
      file = ra_store_open (argv[1], 0, &error);
      if (file == NULL)
        {
          ra_cli_print_problem (argv[1], error->message);
          return 1;
        }
      if (ra_store_is_read_only (file))
        {
          g_autofree char *msg =
            g_strdup_printf (_("a pulled file is updated by its push, but it opens view-only: %s"),
                             ra_store_get_read_only_reason (file));

          ra_cli_print_problem (argv[1], msg);
          return 1;
        }
    }
  server = ra_store_open (argv[2], RA_STORE_OPEN_CREATE, &error);
  if (server == NULL)
    {
      ra_cli_print_problem (argv[2], error->message);
      return 1;
    }
  display = ra_path_display_name (argv[2]);
  file_display = ra_path_display_name (argv[1]);
  if (is_fresh (server))
    {
      if (!ra_store_copy_project (file, server, &n_rows, &error))
        {
          ra_cli_print_problem (argv[2], error->message);
          return 1;
        }
      g_print (_("%s: %u rows copied\n"), display, n_rows);
      return 0;
    }
  if (!pulled)
    {
      ra_cli_print_problem (argv[2], _("the database already holds a project; push copies "
                                       "into an empty one, or merges back a file pulled from "
                                       "it (pull DB FILE)"));
      return 1;
    }
  report = ra_store_sync_push (file, server, &options, &error);
  if (report == NULL)
    {
      ra_cli_print_problem (argv[2], error->message);
      return 1;
    }
  if (json)
    print_report_json (display, file_display, report);
  else
    print_report_text (display, file_display, report);
  /* Conflicts left: the push is not complete. */
  return report->conflicts->len > 0 ? 3 : 0;
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
  g_autofree char *county = NULL;
  g_auto(GStrv) adcodes = NULL;
  guint n_rows = 0;
  GOptionEntry entries[] = {
    { "county", 0, 0, G_OPTION_ARG_STRING, &county,
      N_("Take only these counties' part (their projects, plants, water users and the rows "
         "that go with them), to work on offline and push back"),
      N_("ADCODE[,ADCODE]") },
    { NULL },
  };

  ctx = g_option_context_new (_("DB FILE - copy a PostgreSQL project, or a county's part of it, "
                                "into a new project file"));
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  if (!parse_options (ctx, "pull", &argc, &argv))
    return 2;
  if (argc != 3)
    {
      ra_cli_print_problem (NULL, _("pull: expected a database and a project file"));
      return 2;
    }
  if (county != NULL)
    {
      adcodes = g_strsplit (county, ",", -1);
      for (guint i = 0; adcodes[i] != NULL; i++)
        {
          g_strstrip (adcodes[i]);
          if (adcodes[i][0] == '\0')
            {
              ra_cli_print_problem (NULL, _("pull: --county takes county codes separated by "
                                            "commas, e.g. 620702,620721"));
              return 2;
            }
        }
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
  if (file == NULL ||
      !ra_store_sync_pull (server, file, argv[1], (const char * const *) adcodes, &n_rows,
                           &error))
    {
      /* A server's refusal names the server, a file's the file. */
      const char *at = file == NULL ? argv[2] : argv[1];

      g_clear_object (&file);
      g_unlink (part);
      ra_cli_print_problem (at, error->message);
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
  if (county != NULL)
    g_print (_("%s: %u rows copied (county %s), ready to work on offline and push back\n"),
             display, n_rows, county);
  else
    g_print (_("%s: %u rows copied\n"), display, n_rows);
  return 0;
}
