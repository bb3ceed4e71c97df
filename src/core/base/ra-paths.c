/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ra-core.h"
#include "ra-encoding.h"

/* A PostgreSQL project's name (ra_store_is_server_name, and any libpq
 * "key=value" string naming a password). */
static gboolean
is_connection_string (const char *path)
{
  return g_str_has_prefix (path, "postgresql://") || g_str_has_prefix (path, "postgres://") ||
         g_str_has_prefix (path, "service=") || strstr (path, "password") != NULL;
}

/* Messages and logs never show a password given in a connection string:
 * "postgresql://user:secret@host/db", "…?password=secret",
 * "host=h password='se cret'". */
static char *
redact_password (const char *conninfo)
{
  /* A URI: user:password@ and the password parameter; else libpq's
   * key=value words. */
  static const char * const uri_patterns[] = {
    "(://[^/?#@]*?:)[^/?#@]*@", "([?&]password=)[^&#]*", NULL,
  };
  static const char * const uri_replacements[] = { "\\1***@", "\\1***" };
  static const char * const kv_patterns[] = {
    "(\\bpassword\\s*=\\s*)('(?:[^'\\\\]|\\\\.)*'?|\\S+)", NULL,
  };
  static const char * const kv_replacements[] = { "\\1***" };
  gboolean uri = strstr (conninfo, "://") != NULL;
  const char * const *patterns = uri ? uri_patterns : kv_patterns;
  const char * const *replacements = uri ? uri_replacements : kv_replacements;
  char *text = g_utf8_make_valid (conninfo, -1);

  for (guint i = 0; patterns[i] != NULL; i++)
    {
      g_autoptr(GRegex) re = g_regex_new (patterns[i], G_REGEX_CASELESS, 0, NULL);
      char *next;

      if (re == NULL)
        continue;
      next = g_regex_replace (re, text, -1, 0, replacements[i], 0, NULL);
      if (next != NULL)
        {
          g_free (text);
          text = next;
        }
    }
  return text;
}

/* A tile service given as a GDAL WMS description (ra-basemap.c) is named
 * by its address without the query, which holds the user's key:
 * "tile service https://t0.tianditu.gov.cn/DataServer". */
static char *
tile_service_name (const char *xml)
{
  const char *url = strstr (xml, "<ServerUrl>");
  gsize len;

  if (url == NULL)
    return g_strdup (_("a tile service"));
  url += strlen ("<ServerUrl>");
  len = strcspn (url, "?<");
  {
    g_autofree char *address = g_strndup (url, len);

    /* TRANSLATORS: a basemap's tile server in messages */
    return g_strdup_printf (_("tile service %s"), address);
  }
}

char *
ra_path_display_name (const char *path)
{
  g_autoptr(RaEncodingGuesser) g = NULL;
  g_autofree char *charset = NULL;
  char *out;

  if (path == NULL)
    return NULL;
  if (g_str_has_prefix (path, "<GDAL_WMS>"))
    return tile_service_name (path);
  if (is_connection_string (path))
    return redact_password (path);
  if (g_utf8_validate (path, -1, NULL))
    return g_strdup (path);
  out = g_filename_to_utf8 (path, -1, NULL, NULL, NULL);
  if (out != NULL)
    return out;
  /* A name is a few characters, too little for a detector to tell GBK
   * from Latin-1 (every byte string is Latin-1): GB18030 first. */
  out = g_convert (path, -1, "UTF-8", "GB18030", NULL, NULL, NULL);
  if (out != NULL)
    return out;
  g = ra_encoding_guesser_new ();
  ra_encoding_guesser_add (g, path);
  charset = ra_encoding_guesser_finish (g, NULL, NULL);
  out = g_convert (path, -1, "UTF-8", charset, NULL, NULL, NULL);
  if (out != NULL)
    return out;
  return g_filename_display_name (path);
}

const char *
ra_paths_get_data_dir (void)
{
  static gsize dir = 0;

  if (g_once_init_enter (&dir))
    {
      const char *env = g_getenv ("RA_DATADIR");
      char *found;

      if (env != NULL && g_file_test (env, G_FILE_TEST_IS_DIR))
        found = g_strdup (env);
      else if (g_file_test (PKGDATADIR "/samples", G_FILE_TEST_IS_DIR))
        found = g_strdup (PKGDATADIR);
      else
        found = g_strdup (SOURCE_DATADIR);
      g_once_init_leave (&dir, (gsize) found);
    }
  return (const char *) dir;
}

char *
ra_paths_get_sample (const char *name)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (name != NULL, NULL);

  if (g_strcmp0 (name, "zhangye") != 0 && g_strcmp0 (name, "xinzhou") != 0)
    return NULL;
  path = g_build_filename (ra_paths_get_data_dir (), "samples", name, "counties.geojson", NULL);
  return g_steal_pointer (&path);
}

const char *
ra_paths_get_locale_dir (void)
{
  const char *env = g_getenv ("RA_LOCALEDIR");

  return (env != NULL && *env != '\0') ? env : LOCALEDIR;
}

void
ra_core_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      bindtextdomain (GETTEXT_PACKAGE, ra_paths_get_locale_dir ());
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      ra_source_init ();
      g_once_init_leave (&done, 1);
    }
}
