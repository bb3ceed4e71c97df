/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Guessing the character set of undeclared attribute text with uchardet
 * (Mozilla's universal charset detector, as Firefox and LibreOffice use).
 *
 * Only values that are not valid UTF-8 are looked at: UTF-8 (and plain
 * ASCII) text is kept as it is anyway.  uchardet's CJK probers rank text by
 * the frequency of its characters and give no answer below a minimum amount
 * of text (about 1 KB); a short sample (three county names) is fed to it
 * repeated up to that amount — the character frequencies are unchanged — and
 * a guess from fewer than 16 characters is marked as only "likely".  Every candidate (uchardet's
 * answer, and GB18030, the encoding of most Chinese data without a
 * declaration) is checked by decoding every value; the one that decodes
 * the most wins. */
#include "config.h"

#include <dlfcn.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <uchardet/uchardet.h>

#include "ra-encoding.h"

/* uchardet (a C++ library: it brings libstdc++) is loaded on the first
 * guess, by the soname of the library the build links (RA_UCHARDET_SONAME,
 * meson.build), so that a program that guesses nothing (a one-shot render
 * of a shapefile whose .cpg names its encoding) does not load it.  Without
 * it the guess is GB18030's alone. */
typedef struct {
  __typeof__ (uchardet_new)          *new_;
  __typeof__ (uchardet_handle_data)  *handle_data;
  __typeof__ (uchardet_data_end)     *data_end;
  __typeof__ (uchardet_get_charset)  *get_charset;
  __typeof__ (uchardet_delete)       *delete_;
} UchardetApi;

static const UchardetApi *
uchardet_api (void)
{
  static UchardetApi api;
  static const UchardetApi *result;
  static gsize once;

  if (g_once_init_enter (&once))
    {
      void *lib = dlopen (RA_UCHARDET_SONAME, RTLD_NOW | RTLD_LOCAL);

      if (lib != NULL)
        {
          *(void **) &api.new_ = dlsym (lib, "uchardet_new");
          *(void **) &api.handle_data = dlsym (lib, "uchardet_handle_data");
          *(void **) &api.data_end = dlsym (lib, "uchardet_data_end");
          *(void **) &api.get_charset = dlsym (lib, "uchardet_get_charset");
          *(void **) &api.delete_ = dlsym (lib, "uchardet_delete");
        }
      if (lib != NULL && api.new_ != NULL && api.handle_data != NULL && api.data_end != NULL &&
          api.get_charset != NULL && api.delete_ != NULL)
        result = &api;
      else
        g_warning ("uchardet (%s) could not be loaded: %s", RA_UCHARDET_SONAME,
                   lib == NULL ? dlerror () : "functions missing");
      g_once_init_leave (&once, 1);
    }
  return result;
}

/* Text looked at, at most (a county shapefile has a few KB of names). */
#define GUESS_BUDGET (4u << 20)
/* uchardet's CJK distribution analysis needs about this much. */
#define UCHARDET_MIN_BYTES 1024
/* Non-ASCII characters for a guess to count as sure (six county names
 * have twenty or so). */
#define SURE_MIN_CHARS 16

struct _RaEncodingGuesser {
  GString *text;        /* non-UTF-8 values, each followed by '\n' */
  guint    n_values;    /* of those */
  guint    n_all;       /* values seen */
};

RaEncodingGuesser *
ra_encoding_guesser_new (void)
{
  RaEncodingGuesser *self = g_new0 (RaEncodingGuesser, 1);

  self->text = g_string_new (NULL);
  return self;
}

void
ra_encoding_guesser_free (RaEncodingGuesser *self)
{
  if (self == NULL)
    return;
  g_string_free (self->text, TRUE);
  g_free (self);
}

gboolean
ra_encoding_guesser_is_full (RaEncodingGuesser *self)
{
  return self->text->len >= GUESS_BUDGET;
}

void
ra_encoding_guesser_add (RaEncodingGuesser *self, const char *text)
{
  if (text == NULL || *text == '\0')
    return;
  self->n_all++;
  if (g_utf8_validate (text, -1, NULL) || ra_encoding_guesser_is_full (self))
    return;
  /* A line break inside a value would split it in two for the check. */
  for (const char *p = text; *p != '\0'; p++)
    g_string_append_c (self->text, *p == '\n' ? ' ' : *p);
  g_string_append_c (self->text, '\n');
  self->n_values++;
}

gboolean
ra_encoding_is_known (const char *charset)
{
  GIConv cd;

  if (charset == NULL || *charset == '\0')
    return FALSE;
  cd = g_iconv_open ("UTF-8", charset);
  if (cd == (GIConv) -1)
    return FALSE;
  g_iconv_close (cd);
  return TRUE;
}

const char *
ra_encoding_display_name (const char *charset)
{
  static const struct { const char *iconv, *display; } names[] = {
    { "BIG5", "Big5" },
    { "BIG5-HKSCS", "Big5-HKSCS" },
    { "GB18030", "GB18030" },
    { "GBK", "GBK" },
    { "GB2312", "GB2312" },
    { "EUC-TW", "EUC-TW" },
    { "UTF-8", "UTF-8" },
    { "WINDOWS-1252", "Windows-1252" },
    { "ISO-8859-1", "Latin-1 (ISO-8859-1)" },
    { "SHIFT_JIS", "Shift_JIS" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (charset, names[i].iconv) == 0)
      return names[i].display;
  return charset;
}

/* Values of text that decode from charset; *n_chars: their non-ASCII
 * characters. */
static guint
count_decodable (RaEncodingGuesser *self, const char *charset, guint *n_chars)
{
  g_autofree char *all = NULL;
  guint n_ok = 0;

  *n_chars = 0;
  all = g_convert (self->text->str, self->text->len, "UTF-8", charset, NULL, NULL, NULL);
  if (all != NULL)
    {
      for (const char *p = all; *p != '\0'; p = g_utf8_next_char (p))
        if ((guchar) *p >= 0x80)
          (*n_chars)++;
      return self->n_values;
    }
  /* Some value does not decode: count them one by one. */
  for (const char *start = self->text->str; *start != '\0';)
    {
      const char *end = strchr (start, '\n');
      g_autofree char *one = g_convert (start, end - start, "UTF-8", charset, NULL, NULL, NULL);

      if (one != NULL)
        {
          n_ok++;
          for (const char *p = one; *p != '\0'; p = g_utf8_next_char (p))
            if ((guchar) *p >= 0x80)
              (*n_chars)++;
        }
      start = end + 1;
    }
  return n_ok;
}

char *
ra_encoding_guesser_finish (RaEncodingGuesser    *self,
                            RaEncodingConfidence *confidence,
                            char                **evidence)
{
  g_autofree char *detected = NULL;
  const char *candidates[2];
  const char *best = NULL;
  guint n_candidates = 0, best_ok = 0, best_chars = 0;
  const UchardetApi *uc;
  RaEncodingConfidence conf;

  if (self->n_values == 0)
    {
      if (confidence != NULL)
        *confidence = RA_ENCODING_SURE;
      if (evidence != NULL)
        *evidence = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u value, all UTF-8",
                                                  "%u values, all UTF-8", self->n_all),
                                     self->n_all);
      return g_strdup ("UTF-8");
    }

  if ((uc = uchardet_api ()) != NULL)
    {
      uchardet_t ud = uc->new_ ();
      const char *cs;

      uc->handle_data (ud, self->text->str, self->text->len);
      for (gsize fed = self->text->len; fed < UCHARDET_MIN_BYTES; fed += self->text->len)
        uc->handle_data (ud, self->text->str, self->text->len);
      uc->data_end (ud);
      cs = uc->get_charset (ud);
      if (cs != NULL && *cs != '\0' && g_ascii_strcasecmp (cs, "ASCII") != 0 &&
          ra_encoding_is_known (cs))
        detected = g_ascii_strup (cs, -1);
      uc->delete_ (ud);
    }

  if (detected != NULL)
    candidates[n_candidates++] = detected;
  if (detected == NULL || g_ascii_strcasecmp (detected, "GB18030") != 0)
    candidates[n_candidates++] = "GB18030";
  for (guint i = 0; i < n_candidates; i++)
    {
      guint n_chars = 0;
      guint n_ok = count_decodable (self, candidates[i], &n_chars);

      if (best == NULL || n_ok > best_ok)
        {
          best = candidates[i];
          best_ok = n_ok;
          best_chars = n_chars;
        }
    }

  if (best_ok < self->n_values || best != (const char *) detected)
    conf = RA_ENCODING_UNSURE;
  else if (best_chars < SURE_MIN_CHARS)
    conf = RA_ENCODING_LIKELY;
  else
    conf = RA_ENCODING_SURE;
  if (confidence != NULL)
    *confidence = conf;
  if (evidence != NULL)
    {
      g_autofree char *chars = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u character",
                                                             "%u characters", best_chars),
                                                best_chars);

      if (best_ok < self->n_values)
        *evidence = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "%s in %u value; %u of %u values do not decode",
                                                  "%s in %u values; %u of %u values do not decode",
                                                  best_ok),
                                     chars, best_ok, self->n_values - best_ok, self->n_values);
      else
        *evidence = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s in %u value",
                                                  "%s in %u values", self->n_values),
                                     chars, self->n_values);
    }
  return g_strdup (best);
}
