/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Attribute decoding: the input is a .dbf (no .cpg, so the core guesses
 * UTF-8 or GB18030 byte by byte).  Whatever the bytes, every field name and
 * value that comes out must be valid UTF-8. */
#include "config.h"

#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *path = NULL;
  g_autoptr(RaLayer) layer = NULL;
  g_autoptr(GError) error = NULL;

  fuzz_init_once ();
  path = fuzz_write ("attr.dbf", data, size);
  layer = ra_source_load_layer (path, NULL, NULL, &error);
  if (layer != NULL)
    {
      RaAttrTable *attrs = ra_layer_get_attrs (layer);

      for (guint f = 0; attrs != NULL && f < attrs->n_fields; f++)
        g_assert (g_utf8_validate (attrs->field_names[f], -1, NULL));
      for (guint i = 0; attrs != NULL && i < attrs->n_features; i++)
        for (guint f = 0; f < attrs->n_fields; f++)
          {
            const char *v = ra_attr_table_get (attrs, i, f);
            g_assert (v == NULL || g_utf8_validate (v, -1, NULL));
          }
      g_assert (g_utf8_validate (ra_layer_get_encoding (layer), -1, NULL));
    }
  else
    g_assert (error != NULL && g_utf8_validate (error->message, -1, NULL));
  g_unlink (path);
  return 0;
}
