/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ra-error.h"
#include "ra-map.h"

struct _RaMap
{
  GObject parent_instance;

  /* owned */
  GPtrArray *layers;   /* RaLayer*, index 0 = top */
  RaCrs     *crs;      /* nullable */
};

static void ra_map_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RaMap, ra_map, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, ra_map_list_model_init))

enum {
  PROP_0,
  PROP_CRS,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GType
ra_map_get_item_type (GListModel *model)
{
  return RA_TYPE_LAYER;
}

static guint
ra_map_get_n_items (GListModel *model)
{
  return RA_MAP (model)->layers->len;
}

static gpointer
ra_map_get_item (GListModel *model, guint position)
{
  RaMap *self = RA_MAP (model);

  if (position >= self->layers->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->layers, position));
}

static void
ra_map_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ra_map_get_item_type;
  iface->get_n_items = ra_map_get_n_items;
  iface->get_item = ra_map_get_item;
}

static void
emit_changed (RaMap *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_layer_notify (RaLayer *layer, GParamSpec *pspec, RaMap *self)
{
  emit_changed (self);
}

static gboolean set_crs_internal (RaMap *self, RaCrs *crs, GError **error);

static void
on_layer_changed (RaLayer *layer, RaMap *self)
{
  /* A layer that just got its CRS assigned may be the first with one. */
  if (self->crs == NULL && ra_layer_has_crs (layer))
    {
      g_autoptr(RaCrs) crs = ra_map_suggest_crs_for_layer (layer);
      g_autoptr(GError) error = NULL;

      if (crs != NULL && !set_crs_internal (self, crs, &error))
        g_warning ("Cannot set the map CRS: %s", error->message);
      else if (crs != NULL)
        return;  /* set_crs_internal emitted changed */
    }
  emit_changed (self);
}

static void
disconnect_layer (RaMap *self, RaLayer *layer)
{
  g_signal_handlers_disconnect_by_data (layer, self);
}

static void
ra_map_dispose (GObject *object)
{
  RaMap *self = RA_MAP (object);

  if (self->layers != NULL)
    {
      for (guint i = 0; i < self->layers->len; i++)
        disconnect_layer (self, g_ptr_array_index (self->layers, i));
      g_clear_pointer (&self->layers, g_ptr_array_unref);
    }
  g_clear_pointer (&self->crs, ra_crs_unref);
  G_OBJECT_CLASS (ra_map_parent_class)->dispose (object);
}

static void
ra_map_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RaMap *self = RA_MAP (object);

  switch (prop_id)
    {
    case PROP_CRS:
      g_value_set_boxed (value, self->crs);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ra_map_class_init (RaMapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ra_map_dispose;
  object_class->get_property = ra_map_get_property;

  /** RaMap:crs: the map CRS (read-only; use ra_map_set_crs). */
  properties[PROP_CRS] =
    g_param_spec_boxed ("crs", NULL, NULL, RA_TYPE_CRS,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ra_map_init (RaMap *self)
{
  self->layers = g_ptr_array_new_with_free_func (g_object_unref);
}

/** ra_map_new: Returns: (transfer full) an empty map without a CRS. */
RaMap *
ra_map_new (void)
{
  return g_object_new (RA_TYPE_MAP, NULL);
}

RaCrs *
ra_map_get_crs (RaMap *self)
{
  g_return_val_if_fail (RA_IS_MAP (self), NULL);
  return self->crs;
}

static gboolean
set_crs_internal (RaMap *self, RaCrs *crs, GError **error)
{
  g_autoptr(RaCrs) old = self->crs != NULL ? ra_crs_ref (self->crs) : NULL;
  guint done;

  for (done = 0; done < self->layers->len; done++)
    if (!ra_layer_set_map_crs (g_ptr_array_index (self->layers, done), crs, error))
      break;
  if (done < self->layers->len)
    {
      /* Roll back the layers already reprojected. */
      for (guint i = 0; i < done; i++)
        ra_layer_set_map_crs (g_ptr_array_index (self->layers, i), old, NULL);
      return FALSE;
    }
  g_clear_pointer (&self->crs, ra_crs_unref);
  self->crs = ra_crs_ref (crs);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CRS]);
  emit_changed (self);
  return TRUE;
}

gboolean
ra_map_set_crs (RaMap *self, RaCrs *crs, GError **error)
{
  g_return_val_if_fail (RA_IS_MAP (self), FALSE);
  g_return_val_if_fail (crs != NULL, FALSE);

  if (self->crs != NULL && ra_crs_equal (self->crs, crs))
    return TRUE;
  return set_crs_internal (self, crs, error);
}

RaCrs *
ra_map_suggest_crs_for_layer (RaLayer *layer)
{
  RaBBox ll;
  int epsg;

  g_return_val_if_fail (RA_IS_LAYER (layer), NULL);

  if (!ra_layer_has_crs (layer))
    return NULL;
  if (!ra_layer_get_extent_lonlat (layer, &ll))
    return ra_crs_ref (ra_layer_get_source_crs (layer));
  epsg = ra_crs_gk_zone_epsg_for_lon ((ll.x0 + ll.x1) / 2);
  return ra_crs_new_from_epsg (epsg != 0 ? epsg : 3857, NULL);
}

gboolean
ra_map_add_layer (RaMap *self, RaLayer *layer, GError **error)
{
  g_return_val_if_fail (RA_IS_MAP (self), FALSE);
  g_return_val_if_fail (RA_IS_LAYER (layer), FALSE);
  g_return_val_if_fail (ra_map_find_layer (self, layer) < 0, FALSE);

  if (self->crs == NULL && ra_layer_has_crs (layer))
    {
      g_autoptr(RaCrs) crs = ra_map_suggest_crs_for_layer (layer);

      if (crs == NULL)
        {
          g_set_error (error, RA_ERROR, RA_ERROR_CRS,
                       _("%s: cannot find a map coordinate system for this layer"),
                       ra_layer_get_name (layer));
          return FALSE;
        }
      if (!ra_layer_set_map_crs (layer, crs, error))
        return FALSE;
      /* Layers already in the map have no CRS, so this cannot fail for them
       * in any way other than reporting. */
      if (!set_crs_internal (self, crs, error))
        return FALSE;
    }
  else if (!ra_layer_set_map_crs (layer, self->crs, error))
    return FALSE;

  g_ptr_array_insert (self->layers, 0, g_object_ref (layer));
  g_signal_connect (layer, "notify", G_CALLBACK (on_layer_notify), self);
  g_signal_connect (layer, "changed", G_CALLBACK (on_layer_changed), self);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, 1);
  emit_changed (self);
  return TRUE;
}

void
ra_map_remove_layer (RaMap *self, guint position)
{
  RaLayer *layer;

  g_return_if_fail (RA_IS_MAP (self));
  g_return_if_fail (position < self->layers->len);

  layer = g_ptr_array_steal_index (self->layers, position);
  disconnect_layer (self, layer);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  emit_changed (self);
  g_object_unref (layer);
}

void
ra_map_move_layer (RaMap *self, guint from, guint to)
{
  RaLayer *layer;

  g_return_if_fail (RA_IS_MAP (self));
  g_return_if_fail (from < self->layers->len && to < self->layers->len);

  if (from == to)
    return;
  layer = g_ptr_array_steal_index (self->layers, from);
  g_ptr_array_insert (self->layers, to, layer);
  g_list_model_items_changed (G_LIST_MODEL (self), MIN (from, to), 
                              ABS ((int) from - (int) to) + 1,
                              ABS ((int) from - (int) to) + 1);
  emit_changed (self);
}

RaLayer *
ra_map_get_layer (RaMap *self, guint position)
{
  g_return_val_if_fail (RA_IS_MAP (self), NULL);
  g_return_val_if_fail (position < self->layers->len, NULL);
  return g_ptr_array_index (self->layers, position);
}

guint
ra_map_get_n_layers (RaMap *self)
{
  g_return_val_if_fail (RA_IS_MAP (self), 0);
  return self->layers->len;
}

int
ra_map_find_layer (RaMap *self, RaLayer *layer)
{
  guint pos;

  g_return_val_if_fail (RA_IS_MAP (self), -1);
  if (g_ptr_array_find (self->layers, layer, &pos))
    return (int) pos;
  return -1;
}

gboolean
ra_map_get_extent (RaMap *self, gboolean visible_only, RaBBox *out)
{
  RaBBox b = RA_BBOX_EMPTY;

  g_return_val_if_fail (RA_IS_MAP (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  for (guint i = 0; i < self->layers->len; i++)
    {
      RaLayer *layer = g_ptr_array_index (self->layers, i);
      g_autoptr(RaLayerData) data = NULL;

      if (visible_only && !ra_layer_get_visible (layer))
        continue;
      data = ra_layer_dup_data (layer);
      ra_bbox_union (&b, &data->extent);
    }
  *out = b;
  return !ra_bbox_is_empty (&b);
}
