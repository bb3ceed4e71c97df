/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Style deserialisation (the layer styles kept in the project file): any
 * text either fails cleanly or gives a style whose text form parses back to
 * the same text form. */
#include "config.h"

#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(RaStyle) style = NULL;

  fuzz_init_once ();
  style = ra_style_from_string (text, &error);
  if (style == NULL)
    {
      g_assert (error != NULL);
      return 0;
    }
  {
    g_autofree char *once = ra_style_to_string (style);
    g_autoptr(RaStyle) again = ra_style_from_string (once, &error);
    g_autofree char *twice = NULL;

    if (again == NULL)
      g_error ("a parsed style does not parse back: %s\n%s", error->message, once);
    twice = ra_style_to_string (again);
    if (g_strcmp0 (once, twice) != 0)
      g_error ("style text form not stable:\n%s\n---\n%s", once, twice);
  }
  return 0;
}
