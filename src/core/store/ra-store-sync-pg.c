/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Which server a project is on, and one snapshot for a push (issue 19,
 * working offline): the two statements of ra-store-sync.c that only the
 * PostgreSQL backend has.  Built with libpq only. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ra-store-pg.h"
#include "ra-store-sync-private.h"

static gboolean
check_server (RaStore *server, GError **error)
{
  if (server->backend != &ra_store_pg_backend)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_NOT_A_PROJECT,
                   _("not a PostgreSQL project"));
      return FALSE;
    }
  return ra_store_check_open (server, error);
}

char *
ra_sync_server_identity (RaStore *server, GError **error)
{
  g_autoptr(PGresult) res = NULL;

  if (!check_server (server, error))
    return NULL;
  /* The cluster's system identifier (initdb's, unique per cluster) and the
   * database: the same for a URI, a service name or another host name. */
  res = ra_store_pg_exec (server->db,
                          "SELECT (SELECT system_identifier FROM pg_control_system ())::text"
                          " || '/' || current_database ()",
                          0, NULL, _("asking the server who it is"), error);
  if (res == NULL)
    return NULL;
  return ra_store_pg_dup_text (res, 0, 0);
}

gboolean
ra_sync_server_isolate (RaStore *server, GError **error)
{
  if (!check_server (server, error))
    return FALSE;
  return ra_store_pg_run (server->db, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ",
                          0, NULL, _("starting a change"), error);
}
