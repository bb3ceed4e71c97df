/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The data blocks a layer hands to renderers: attribute tables and
 * geometry arrays, reference-counted and immutable once built. */
#include "config.h"

#include <string.h>

#include "ra-layer-private.h"

/* ---- RaAttrTable ------------------------------------------------------ */

static void
attr_table_clear (gpointer data)
{
  RaAttrTable *table = data;
  gsize n = (gsize) table->n_fields * table->n_features;

  g_strfreev (table->field_names);
  g_free (table->field_types);
  g_free (table->fids);
  if (table->text_block != NULL)
    g_free (table->text_block);
  else
    for (gsize i = 0; i < n; i++)
      g_free (table->values[i]);
  g_free (table->values);
}

/** ra_attr_table_ref: Returns: (transfer full) table */
RaAttrTable *
ra_attr_table_ref (RaAttrTable *table)
{
  g_return_val_if_fail (table != NULL, NULL);
  return g_atomic_rc_box_acquire (table);
}

void
ra_attr_table_unref (RaAttrTable *table)
{
  g_return_if_fail (table != NULL);
  g_atomic_rc_box_release_full (table, attr_table_clear);
}

int
ra_attr_table_field_index (const RaAttrTable *table, const char *name)
{
  g_return_val_if_fail (table != NULL && name != NULL, -1);
  for (guint i = 0; i < table->n_fields; i++)
    if (g_strcmp0 (table->field_names[i], name) == 0)
      return (int) i;
  return -1;
}

/** ra_attr_table_get: Returns: (nullable) (transfer none) UTF-8 text */
const char *
ra_attr_table_get (const RaAttrTable *table, guint feature, guint field)
{
  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (feature < table->n_features && field < table->n_fields, NULL);
  return table->values[(gsize) feature * table->n_fields + field];
}

/* ---- RaLayerData ------------------------------------------------------ */

static void
layer_data_clear (gpointer p)
{
  RaLayerData *data = p;

  if (data->geom_block != NULL)
    g_free (data->geom_block);
  else
    for (guint i = 0; i < data->n_features; i++)
      ra_geometry_free (data->geoms[i]);
  g_free (data->geoms);
  g_clear_pointer (&data->index, ra_index_free);
  g_clear_pointer (&data->attrs, ra_attr_table_unref);
  g_clear_pointer (&data->coarse, ra_layer_data_unref);
}

/** ra_layer_data_ref: Returns: (transfer full) data */
RaLayerData *
ra_layer_data_ref (RaLayerData *data)
{
  g_return_val_if_fail (data != NULL, NULL);
  return g_atomic_rc_box_acquire (data);
}

void
ra_layer_data_unref (RaLayerData *data)
{
  g_return_if_fail (data != NULL);
  g_atomic_rc_box_release_full (data, layer_data_clear);
}

/* Takes geoms (n entries, array and elements); computes extent and index. */
RaLayerData *
_ra_layer_data_new (RaGeomKind kind, RaGeometry **geoms, guint n, RaAttrTable *attrs)
{
  RaLayerData *data = g_atomic_rc_box_new0 (RaLayerData);
  g_autofree RaBBox *boxes = g_new (RaBBox, MAX (n, 1));

  data->kind = kind;
  data->n_features = n;
  data->geoms = geoms;
  data->extent = RA_BBOX_EMPTY;
  data->attrs = ra_attr_table_ref (attrs);
  for (guint i = 0; i < n; i++)
    {
      boxes[i] = geoms[i] != NULL ? geoms[i]->bbox : RA_BBOX_EMPTY;
      ra_bbox_union (&data->extent, &boxes[i]);
    }
  data->index = ra_index_new (boxes, n);
  return data;
}

