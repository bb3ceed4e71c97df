/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Layout deserialisation (print layouts kept in the project file): any
 * bytes either fail cleanly or give a layout whose text form parses back to
 * the same text form. */
#include "config.h"

#include "ra-layout.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RaLayout) layout = NULL;

  fuzz_init_once ();
  layout = ra_layout_new_from_string ((const char *) data, (gssize) size, &error);
  if (layout == NULL)
    {
      g_assert (error != NULL);
      return 0;
    }
  {
    g_autofree char *once = ra_layout_to_string (layout);
    g_autoptr(RaLayout) again = ra_layout_new_from_string (once, -1, &error);
    g_autofree char *twice = NULL;

    if (again == NULL)
      g_error ("a parsed layout does not parse back: %s\n%s", error->message, once);
    twice = ra_layout_to_string (again);
    if (g_strcmp0 (once, twice) != 0)
      g_error ("layout text form not stable:\n%s\n---\n%s", once, twice);
  }
  return 0;
}
