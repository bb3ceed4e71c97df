/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The snapshot of a map the renderer draws: references to the visible
 * layers' data with copies of their styles, taken on the main thread and
 * drawn from any thread. */
#include "config.h"

#include "ra-raster.h"
#include "ra-renderer-private.h"

static void
snap_layer_free (SnapLayer *sl)
{
  g_clear_pointer (&sl->data, ra_layer_data_unref);
  g_clear_pointer (&sl->style, ra_style_free);
  g_free (sl->name);
  g_clear_object (&sl->raster);
  g_free (sl->attribution);
  g_free (sl);
}

/**
 * ra_map_snapshot_new:
 * @map: the map (main thread)
 *
 * Takes references to the current data of every visible layer with a copy
 * of its style and opacity, bottom layer first.
 *
 * Returns: (transfer full): a new snapshot
 */
/* SnapLayer's paint_raster for a RaRaster. */
static gboolean
paint_raster (GObject *raster, cairo_t *cr, const RaView *view, RaCrs *map_crs, double opacity,
              GCancellable *cancellable)
{
  return ra_raster_paint (RA_RASTER (raster), cr, view, map_crs, opacity, cancellable);
}

RaMapSnapshot *
ra_map_snapshot_new (RaMap *map)
{
  RaMapSnapshot *snap;
  RaCrs *crs;
  guint n;

  g_return_val_if_fail (RA_IS_MAP (map), NULL);

  snap = g_new0 (RaMapSnapshot, 1);
  g_atomic_ref_count_init (&snap->ref_count);
  crs = ra_map_get_crs (map);
  snap->crs = crs != NULL ? ra_crs_ref (crs) : NULL;
  snap->draw_labels = ra_render_draw_labels;
  snap->layers = g_ptr_array_new_with_free_func ((GDestroyNotify) snap_layer_free);

  n = ra_map_get_n_layers (map);
  /* Position 0 is the top layer: walk from the bottom up. */
  for (guint i = n; i-- > 0;)
    {
      RaLayer *layer = ra_map_get_layer (map, i);
      const RaStyle *style;
      RaLayerData *data;
      SnapLayer *sl;

      if (layer == NULL || !ra_layer_get_visible (layer))
        continue;
      data = ra_layer_dup_data (layer);
      if (data == NULL)
        continue;

      sl = g_new0 (SnapLayer, 1);
      sl->data = data;
      style = ra_layer_get_style (layer);
      sl->style = style != NULL ? ra_style_copy (style)
                                : ra_style_new_default (ra_layer_get_kind (layer), i);
      sl->opacity = CLAMP (ra_layer_get_opacity (layer), 0.0, 1.0);
      sl->name = g_strdup (ra_layer_get_name (layer));
      sl->attribution = g_strdup (ra_layer_get_attribution (layer));
      if (ra_layer_get_raster (layer) != NULL)
        sl->raster = g_object_ref (ra_layer_get_raster (layer));
      sl->paint_raster = paint_raster;
      sl->label_pole = ra_geometry_pole_of_inaccessibility;
      g_ptr_array_add (snap->layers, sl);
    }
  return snap;
}

RaMapSnapshot *
ra_map_snapshot_new_empty (RaCrs *crs)
{
  RaMapSnapshot *snap = g_new0 (RaMapSnapshot, 1);

  g_atomic_ref_count_init (&snap->ref_count);
  snap->crs = crs != NULL ? ra_crs_ref (crs) : NULL;
  snap->layers = g_ptr_array_new_with_free_func ((GDestroyNotify) snap_layer_free);
  return snap;
}

void
ra_map_snapshot_add_stream (RaMapSnapshot     *snap,
                            const char        *name,
                            RaGeomKind         kind,
                            const RaStyle     *style,
                            double             opacity,
                            RaFeatureNextFunc  next,
                            gpointer           data)
{
  SnapLayer *sl;

  g_return_if_fail (snap != NULL);
  g_return_if_fail (next != NULL);

  sl = g_new0 (SnapLayer, 1);
  sl->style = style != NULL ? ra_style_copy (style)
                            : ra_style_new_default (kind, snap->layers->len);
  sl->opacity = CLAMP (opacity, 0.0, 1.0);
  sl->name = g_strdup (name);
  sl->next = next;
  sl->next_data = data;
  g_ptr_array_add (snap->layers, sl);
}

/**
 * ra_map_snapshot_ref:
 *
 * Returns: (transfer full): @snap
 */
RaMapSnapshot *
ra_map_snapshot_ref (RaMapSnapshot *snap)
{
  g_return_val_if_fail (snap != NULL, NULL);

  g_atomic_ref_count_inc (&snap->ref_count);
  return snap;
}

void
ra_map_snapshot_unref (RaMapSnapshot *snap)
{
  if (snap == NULL)
    return;
  if (!g_atomic_ref_count_dec (&snap->ref_count))
    return;
  g_clear_pointer (&snap->crs, ra_crs_unref);
  g_ptr_array_unref (snap->layers);
  g_free (snap);
}

/**
 * ra_map_snapshot_get_crs:
 *
 * Returns: (nullable) (transfer none): the map CRS at snapshot time
 */
RaCrs *
ra_map_snapshot_get_crs (RaMapSnapshot *snap)
{
  g_return_val_if_fail (snap != NULL, NULL);

  return snap->crs;
}

guint
ra_map_snapshot_get_n_layers (RaMapSnapshot *snap)
{
  g_return_val_if_fail (snap != NULL, 0);

  return snap->layers->len;
}

static SnapLayer *
snap_layer_at (RaMapSnapshot *snap, guint i)
{
  g_return_val_if_fail (snap != NULL, NULL);
  g_return_val_if_fail (i < snap->layers->len, NULL);

  return g_ptr_array_index (snap->layers, i);
}

/** ra_map_snapshot_get_layer_data: Returns: (transfer none) layer i's data (0 = bottom) */
RaLayerData *
ra_map_snapshot_get_layer_data (RaMapSnapshot *snap, guint i)
{
  SnapLayer *sl = snap_layer_at (snap, i);

  return sl != NULL ? sl->data : NULL;
}

/** ra_map_snapshot_get_layer_style: Returns: (transfer none) layer i's style */
const RaStyle *
ra_map_snapshot_get_layer_style (RaMapSnapshot *snap, guint i)
{
  SnapLayer *sl = snap_layer_at (snap, i);

  return sl != NULL ? sl->style : NULL;
}

/** ra_map_snapshot_get_layer_name: Returns: (transfer none) (nullable) layer i's name */
const char *
ra_map_snapshot_get_layer_name (RaMapSnapshot *snap, guint i)
{
  SnapLayer *sl = snap_layer_at (snap, i);

  return sl != NULL ? sl->name : NULL;
}

double
ra_map_snapshot_get_layer_opacity (RaMapSnapshot *snap, guint i)
{
  SnapLayer *sl = snap_layer_at (snap, i);

  return sl != NULL ? sl->opacity : 0.0;
}

/** ra_map_snapshot_get_layer_attribution: Returns: (transfer none) (nullable) */
const char *
ra_map_snapshot_get_layer_attribution (RaMapSnapshot *snap, guint i)
{
  SnapLayer *sl = snap_layer_at (snap, i);

  return sl != NULL ? sl->attribution : NULL;
}

/** ra_map_snapshot_get_layer_raster: Returns: (transfer none) (nullable) the RaRaster of a raster layer */
GObject *
ra_map_snapshot_get_layer_raster (RaMapSnapshot *snap, guint i)
{
  SnapLayer *sl = snap_layer_at (snap, i);

  return sl != NULL ? sl->raster : NULL;
}
