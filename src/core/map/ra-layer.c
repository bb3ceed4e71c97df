/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-error.h"
#include "ra-layer-private.h"

/* ---- RaLayer ---------------------------------------------------------- */


G_DEFINE_FINAL_TYPE (RaLayer, ra_layer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_VISIBLE,
  PROP_OPACITY,
  PROP_STYLE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
ra_layer_finalize (GObject *object)
{
  RaLayer *self = RA_LAYER (object);

  g_free (self->name);
  g_clear_pointer (&self->style, ra_style_free);
  g_clear_pointer (&self->source_crs, ra_crs_unref);
  g_free (self->source_path);
  g_free (self->source_layer_name);
  g_free (self->driver);
  g_free (self->encoding);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_clear_object (&self->raster);
  g_free (self->attribution);
  g_strfreev (self->field_names);
  g_free (self->field_types);
  g_clear_pointer (&self->build_geoms, g_ptr_array_unref);
  g_clear_pointer (&self->build_fids, g_array_unref);
  g_clear_pointer (&self->build_values, g_ptr_array_unref);
  g_clear_pointer (&self->source_data, ra_layer_data_unref);
  g_clear_pointer (&self->data, ra_layer_data_unref);
  g_clear_pointer (&self->map_crs, ra_crs_unref);
  g_clear_pointer (&self->draw_crs, ra_crs_unref);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (ra_layer_parent_class)->finalize (object);
}

static void
ra_layer_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RaLayer *self = RA_LAYER (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_VISIBLE:
      g_value_set_boolean (value, self->visible);
      break;
    case PROP_OPACITY:
      g_value_set_double (value, self->opacity);
      break;
    case PROP_STYLE:
      g_value_set_boxed (value, self->style);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ra_layer_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  RaLayer *self = RA_LAYER (object);

  switch (prop_id)
    {
    case PROP_NAME:
      ra_layer_set_name (self, g_value_get_string (value));
      break;
    case PROP_VISIBLE:
      ra_layer_set_visible (self, g_value_get_boolean (value));
      break;
    case PROP_OPACITY:
      ra_layer_set_opacity (self, g_value_get_double (value));
      break;
    case PROP_STYLE:
      if (g_value_get_boxed (value) != NULL)
        ra_layer_set_style (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ra_layer_class_init (RaLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ra_layer_finalize;
  object_class->get_property = ra_layer_get_property;
  object_class->set_property = ra_layer_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_VISIBLE] =
    g_param_spec_boolean ("visible", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_OPACITY] =
    g_param_spec_double ("opacity", NULL, NULL, 0.0, 1.0, 1.0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STYLE] =
    g_param_spec_boxed ("style", NULL, NULL, RA_TYPE_STYLE,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RaLayer::changed:
   * The features changed (CRS assigned or reprojected by the layer itself);
   * property changes are signalled with notify.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ra_layer_init (RaLayer *self)
{
  g_mutex_init (&self->mutex);
  self->visible = TRUE;
  self->opacity = 1.0;
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  self->build_geoms = g_ptr_array_new_with_free_func ((GDestroyNotify) ra_geometry_free);
  self->build_fids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->build_values = g_ptr_array_new_with_free_func (g_free);
  self->extent_lonlat = RA_BBOX_EMPTY;
}

/**
 * ra_layer_new:
 * @source_crs: (nullable) (transfer none): CRS of the coordinates added
 * Returns: (transfer full) an empty layer to fill with ra_layer_add_feature.
 */
RaLayer *
ra_layer_new (const char *name, RaGeomKind kind, RaCrs *source_crs)
{
  static guint style_seed = 0;
  RaLayer *self = g_object_new (RA_TYPE_LAYER, NULL);

  self->name = g_strdup (name != NULL ? name : "");
  self->kind = kind;
  self->style = ra_style_new_default (kind, g_atomic_int_add (&style_seed, 1));
  if (source_crs != NULL)
    self->source_crs = ra_crs_ref (source_crs);
  else
    {
      self->no_crs_warning =
        g_strdup (_("no coordinate reference system; shown unprojected in map coordinates — assign one"));
      g_ptr_array_add (self->warnings, self->no_crs_warning);
    }
  return self;
}

/**
 * ra_layer_new_raster:
 * @raster: (transfer none): the raster (referenced)
 * @source_crs: (transfer none): the raster's CRS
 * @footprint: (transfer full): its extent as a polygon in @source_crs
 *
 * Returns: (transfer full) a raster layer, built
 */
RaLayer *
ra_layer_new_raster (const char *name, GObject *raster, RaCrs *source_crs, RaGeometry *footprint)
{
  RaLayer *self;

  g_return_val_if_fail (G_IS_OBJECT (raster), NULL);
  g_return_val_if_fail (source_crs != NULL, NULL);

  self = ra_layer_new (name, RA_GEOM_NONE, source_crs);
  self->raster = g_object_ref (raster);
  ra_layer_add_feature (self, 0, footprint, NULL);
  return self;
}

/** ra_layer_get_raster: Returns: (nullable) (transfer none) */
GObject *
ra_layer_get_raster (RaLayer *self)
{
  g_return_val_if_fail (RA_IS_LAYER (self), NULL);
  return self->raster;
}

/** ra_layer_get_attribution: Returns: (nullable) (transfer none) */
const char *
ra_layer_get_attribution (RaLayer *self)
{
  g_return_val_if_fail (RA_IS_LAYER (self), NULL);
  return self->attribution;
}

void
ra_layer_set_attribution (RaLayer *self, const char *attribution)
{
  g_return_if_fail (RA_IS_LAYER (self));

  if (attribution != NULL && *attribution == '\0')
    attribution = NULL;
  g_free (self->attribution);
  self->attribution = g_strdup (attribution);
}

/**
 * ra_layer_set_fields:
 * Declares the attribute columns; call before adding features.
 */
void
ra_layer_set_fields (RaLayer *self, guint n_fields,
                     const char * const *names, const RaFieldType *types)
{
  g_return_if_fail (RA_IS_LAYER (self));
  /* Only while building (a compact layer may have dropped its source). */
  g_return_if_fail (self->build_geoms != NULL && self->build_geoms->len == 0);

  g_strfreev (self->field_names);
  g_free (self->field_types);
  self->n_fields = n_fields;
  self->field_names = g_new0 (char *, n_fields + 1);
  self->field_types = g_new0 (RaFieldType, MAX (n_fields, 1));
  for (guint i = 0; i < n_fields; i++)
    {
      self->field_names[i] = g_strdup (names[i]);
      self->field_types[i] = types != NULL ? types[i] : RA_FIELD_STRING;
    }
}

/**
 * ra_layer_add_feature:
 * @geom: (nullable) (transfer full)
 * @values: (nullable) (transfer full): n_fields strings (each nullable)
 */
void
ra_layer_add_feature (RaLayer *self, gint64 fid, RaGeometry *geom, char **values)
{
  g_return_if_fail (RA_IS_LAYER (self));
  g_return_if_fail (self->build_geoms != NULL);

  if (geom != NULL && ra_bbox_is_empty (&geom->bbox))
    ra_geometry_update_bbox (geom);
  g_ptr_array_add (self->build_geoms, geom);
  g_array_append_val (self->build_fids, fid);
  for (guint i = 0; i < self->n_fields; i++)
    g_ptr_array_add (self->build_values, values != NULL ? values[i] : NULL);
  g_free (values);
}

/* Turns the build arrays into the immutable source data.  Called with the
 * mutex held. */
void
_ra_layer_finish_build_locked (RaLayer *self)
{
  RaAttrTable *attrs;
  guint n;

  if (self->source_data != NULL || self->build_geoms == NULL)
    return;

  n = self->build_geoms->len;
  attrs = g_atomic_rc_box_new0 (RaAttrTable);
  attrs->n_fields = self->n_fields;
  attrs->n_features = n;
  attrs->field_names = self->field_names != NULL ? g_strdupv (self->field_names)
                                                 : g_new0 (char *, 1);
  attrs->field_types = self->field_types != NULL
    ? g_memdup2 (self->field_types, sizeof (RaFieldType) * MAX (self->n_fields, 1))
    : g_new0 (RaFieldType, 1);
  attrs->fids = (gint64 *) g_array_free (g_steal_pointer (&self->build_fids), FALSE);
  attrs->values = (char **) g_ptr_array_steal (self->build_values, NULL);
  g_clear_pointer (&self->build_values, g_ptr_array_unref);
  /* The text in one block: a big layer's hundreds of thousands of small
   * strings, read between its geometries, would otherwise pin every heap
   * page those geometries leave when they are reprojected and dropped. */
  {
    gsize total = 0, count = (gsize) n * attrs->n_fields;

    for (gsize i = 0; i < count; i++)
      if (attrs->values[i] != NULL)
        total += strlen (attrs->values[i]) + 1;
    if (total > 0)
      {
        char *w = attrs->text_block = g_malloc (total);

        for (gsize i = 0; i < count; i++)
          if (attrs->values[i] != NULL)
            {
              gsize len = strlen (attrs->values[i]) + 1;

              memcpy (w, attrs->values[i], len);
              g_free (attrs->values[i]);
              attrs->values[i] = w;
              w += len;
            }
      }
  }

  self->source_data = _ra_layer_data_new (self->kind,
                                      (RaGeometry **) g_ptr_array_steal (self->build_geoms, NULL),
                                      n, attrs);
  g_clear_pointer (&self->build_geoms, g_ptr_array_unref);
  ra_attr_table_unref (attrs);

  if (self->data == NULL)
    self->data = ra_layer_data_ref (self->source_data);
}

RaLayerData *
_ra_layer_ensure_source_data (RaLayer *self)
{
  RaLayerData *data;

  g_mutex_lock (&self->mutex);
  _ra_layer_finish_build_locked (self);
  data = ra_layer_data_ref (self->source_data != NULL ? self->source_data : self->data);
  g_mutex_unlock (&self->mutex);
  return data;
}

/* Called with the mutex held.  The coordinates to reproject from and
 * their CRS (both transfer full, the CRS nullable): the source data, or
 * the map data once a compact layer has dropped the source copy. */
RaLayerData *
_ra_layer_origin_locked (RaLayer *self, RaCrs **crs)
{
  _ra_layer_finish_build_locked (self);
  if (self->source_data != NULL)
    {
      *crs = self->source_crs != NULL ? ra_crs_ref (self->source_crs) : NULL;
      return ra_layer_data_ref (self->source_data);
    }
  *crs = self->map_crs != NULL ? ra_crs_ref (self->map_crs) : NULL;
  return ra_layer_data_ref (self->data);
}

/* Called with the mutex held, after self->data changed.  A compact layer
 * whose map data is complete (full detail, reprojected) drops the source
 * copy; returns it for the caller to unref outside the lock. */
RaLayerData *
_ra_layer_drop_source_locked (RaLayer *self)
{
  if (!self->compact || self->source_data == NULL || self->data == self->source_data ||
      self->data_resolution > 0.0 || self->source_crs == NULL || self->map_crs == NULL ||
      ra_crs_equal (self->source_crs, self->map_crs))
    return NULL;
  return g_steal_pointer (&self->source_data);
}

void
ra_layer_set_source (RaLayer *self, const char *path, const char *layer_name,
                     const char *driver)
{
  g_return_if_fail (RA_IS_LAYER (self));
  g_free (self->source_path);
  g_free (self->source_layer_name);
  g_free (self->driver);
  self->source_path = g_strdup (path);
  self->source_layer_name = g_strdup (layer_name);
  self->driver = g_strdup (driver);
}

void
ra_layer_set_encoding (RaLayer *self, const char *encoding_description)
{
  g_return_if_fail (RA_IS_LAYER (self));
  g_free (self->encoding);
  self->encoding = g_strdup (encoding_description);
}

void
ra_layer_add_warning (RaLayer *self, const char *message)
{
  g_return_if_fail (RA_IS_LAYER (self));
  g_return_if_fail (message != NULL);
  g_ptr_array_add (self->warnings, g_strdup (message));
}

/* Layers with more vertices than this are reprojected by two threads. */

/* Emits ::changed (on the main thread, after ra_layer_refine). */
void
ra_layer_emit_changed (RaLayer *self)
{
  g_return_if_fail (RA_IS_LAYER (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * ra_layer_assign_crs:
 * @source_crs: (transfer none)
 *
 * Declares the CRS of the source coordinates (e.g. a shapefile without
 * .prj), removes the "no CRS" warning, reprojects into the current map CRS
 * and emits ::changed.  On failure nothing changes.
 */
gboolean
ra_layer_assign_crs (RaLayer *self, RaCrs *source_crs, GError **error)
{
  g_autoptr(RaLayerData) src = NULL;
  g_autoptr(RaCrs) map_crs = NULL;
  RaLayerData *fresh, *old, *old_src, *dropped;
  RaCrs *old_crs;
  gboolean compact;

  g_return_val_if_fail (RA_IS_LAYER (self), FALSE);
  g_return_val_if_fail (source_crs != NULL, FALSE);

  g_mutex_lock (&self->mutex);
  _ra_layer_finish_build_locked (self);
  compact = self->compact;
  map_crs = self->map_crs != NULL ? ra_crs_ref (self->map_crs) : NULL;
  if (self->source_data != NULL)
    src = ra_layer_data_ref (self->source_data);
  else
    {
      /* A compact layer: the source coordinates back from the map's. */
      g_autoptr(RaLayerData) data = ra_layer_data_ref (self->data);
      g_autoptr(RaCrs) old_source = ra_crs_ref (self->source_crs);

      g_mutex_unlock (&self->mutex);
      src = _ra_layer_reproject (self, data, map_crs, old_source, 0.0, FALSE, error);
      if (src == NULL)
        return FALSE;
      g_mutex_lock (&self->mutex);
    }
  g_mutex_unlock (&self->mutex);

  /* At full detail, whatever the first-view hint: a refine still running
   * reads the old source and drops its work, and would leave coarse data
   * made here coarse for good. */
  fresh = _ra_layer_reproject (self, src, source_crs, map_crs, 0.0, compact, error);
  if (fresh == NULL)
    return FALSE;

  g_mutex_lock (&self->mutex);
  old = self->data;
  self->data = fresh;
  self->data_resolution = 0.0;
  g_clear_pointer (&self->draw_crs, ra_crs_unref);
  self->draw_resolution = 0.0;
  old_src = self->source_data;
  self->source_data = ra_layer_data_ref (src);
  old_crs = self->source_crs;
  self->source_crs = ra_crs_ref (source_crs);
  self->have_lonlat = FALSE;
  dropped = _ra_layer_drop_source_locked (self);
  g_mutex_unlock (&self->mutex);

  g_clear_pointer (&old, ra_layer_data_unref);
  g_clear_pointer (&old_src, ra_layer_data_unref);
  g_clear_pointer (&dropped, ra_layer_data_unref);
  g_clear_pointer (&old_crs, ra_crs_unref);
  if (self->no_crs_warning != NULL)
    {
      g_ptr_array_remove (self->warnings, self->no_crs_warning);
      self->no_crs_warning = NULL;
    }
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/**
 * ra_layer_replace_contents:
 * @self: a layer, usually in a map
 * @from: a layer of the same geometry kind holding the new contents
 *
 * Gives @self the features, fields, source CRS, name and style of @from,
 * reprojected into the map CRS of @self: a layer whose data changes (the
 * plan's year) stays the same object, keeping its place in the map, its
 * visibility and opacity.  On failure nothing changes.  Emits ::changed.
 */
gboolean
ra_layer_replace_contents (RaLayer *self, RaLayer *from, GError **error)
{
  g_autoptr(RaLayerData) src = NULL;
  g_autoptr(RaCrs) map_crs = NULL;
  RaLayerData *fresh, *old, *old_src, *dropped;
  RaCrs *old_crs;
  gboolean compact;

  g_return_val_if_fail (RA_IS_LAYER (self), FALSE);
  g_return_val_if_fail (RA_IS_LAYER (from), FALSE);

  if (from == self)
    return TRUE;
  if (from->kind != self->kind)
    {
      g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                   _("%s: the new contents are of another geometry type"), self->name);
      return FALSE;
    }
  src = _ra_layer_ensure_source_data (from);
  g_mutex_lock (&self->mutex);
  _ra_layer_finish_build_locked (self);
  compact = self->compact;
  map_crs = self->map_crs != NULL ? ra_crs_ref (self->map_crs) : NULL;
  g_mutex_unlock (&self->mutex);

  /* Full detail, as ra_layer_assign_crs. */
  fresh = _ra_layer_reproject (self, src, from->source_crs, map_crs, 0.0, compact, error);
  if (fresh == NULL)
    return FALSE;

  g_mutex_lock (&self->mutex);
  old = self->data;
  old_src = self->source_data;
  self->data = fresh;
  self->data_resolution = 0.0;
  g_clear_pointer (&self->draw_crs, ra_crs_unref);
  self->draw_resolution = 0.0;
  self->source_data = g_steal_pointer (&src);
  old_crs = self->source_crs;
  self->source_crs = from->source_crs != NULL ? ra_crs_ref (from->source_crs) : NULL;
  self->have_lonlat = FALSE;
  dropped = _ra_layer_drop_source_locked (self);
  g_mutex_unlock (&self->mutex);

  /* A render thread may still hold the old data; the last unref frees it. */
  g_clear_pointer (&old, ra_layer_data_unref);
  g_clear_pointer (&old_src, ra_layer_data_unref);
  g_clear_pointer (&dropped, ra_layer_data_unref);
  g_clear_pointer (&old_crs, ra_crs_unref);
  g_object_freeze_notify (G_OBJECT (self));
  ra_layer_set_name (self, from->name);
  ra_layer_set_style (self, from->style);
  g_object_thaw_notify (G_OBJECT (self));
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/**
 * ra_layer_dup_data:
 * Returns: (transfer full) the current data in the map CRS (the source
 * coordinates before the first ra_layer_set_map_crs).
 */
RaLayerData *
ra_layer_dup_data (RaLayer *self)
{
  RaLayerData *data;

  g_return_val_if_fail (RA_IS_LAYER (self), NULL);

  g_mutex_lock (&self->mutex);
  _ra_layer_finish_build_locked (self);
  data = ra_layer_data_ref (self->data);
  g_mutex_unlock (&self->mutex);
  return data;
}

const char *
ra_layer_get_name (RaLayer *self)
{
  g_return_val_if_fail (RA_IS_LAYER (self), NULL);
  return self->name;
}

void
ra_layer_set_name (RaLayer *self, const char *name)
{
  g_return_if_fail (RA_IS_LAYER (self));
  if (name == NULL)
    name = "";
  if (g_strcmp0 (self->name, name) == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

gboolean
ra_layer_get_visible (RaLayer *self)
{
  g_return_val_if_fail (RA_IS_LAYER (self), FALSE);
  return self->visible;
}

void
ra_layer_set_visible (RaLayer *self, gboolean visible)
{
  g_return_if_fail (RA_IS_LAYER (self));
  visible = !!visible;
  if (self->visible == visible)
    return;
  self->visible = visible;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE]);
}

double
ra_layer_get_opacity (RaLayer *self)
{
  g_return_val_if_fail (RA_IS_LAYER (self), 1.0);
  return self->opacity;
}

void
ra_layer_set_opacity (RaLayer *self, double opacity)
{
  g_return_if_fail (RA_IS_LAYER (self));
  opacity = CLAMP (opacity, 0.0, 1.0);
  if (self->opacity == opacity)
    return;
  self->opacity = opacity;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPACITY]);
}

/** ra_layer_get_style: Returns: (transfer none) */
const RaStyle *
ra_layer_get_style (RaLayer *self)
{
  g_return_val_if_fail (RA_IS_LAYER (self), NULL);
  return self->style;
}

void
ra_layer_set_style (RaLayer *self, const RaStyle *style)
{
  g_return_if_fail (RA_IS_LAYER (self));
  g_return_if_fail (style != NULL);
  if (style == self->style)
    return;
  g_clear_pointer (&self->style, ra_style_free);
  self->style = ra_style_copy (style);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STYLE]);
}

RaGeomKind
ra_layer_get_kind (RaLayer *self)
{
  g_return_val_if_fail (RA_IS_LAYER (self), RA_GEOM_NONE);
  return self->kind;
}

guint
ra_layer_get_n_features (RaLayer *self)
{
  guint n;

  g_return_val_if_fail (RA_IS_LAYER (self), 0);
  g_mutex_lock (&self->mutex);
  n = self->data != NULL ? self->data->n_features : self->build_geoms->len;
  g_mutex_unlock (&self->mutex);
  return n;
}

RaCrs *
ra_layer_get_source_crs (RaLayer *self)
{
  g_return_val_if_fail (RA_IS_LAYER (self), NULL);
  return self->source_crs;
}

gboolean
ra_layer_has_crs (RaLayer *self)
{
  g_return_val_if_fail (RA_IS_LAYER (self), FALSE);
  return self->source_crs != NULL;
}

const char *
ra_layer_get_source_path (RaLayer *self)
{
  g_return_val_if_fail (RA_IS_LAYER (self), NULL);
  return self->source_path;
}

const char *
ra_layer_get_source_layer_name (RaLayer *self)
{
  g_return_val_if_fail (RA_IS_LAYER (self), NULL);
  return self->source_layer_name;
}

const char *
ra_layer_get_driver (RaLayer *self)
{
  g_return_val_if_fail (RA_IS_LAYER (self), NULL);
  return self->driver;
}

const char *
ra_layer_get_encoding (RaLayer *self)
{
  g_return_val_if_fail (RA_IS_LAYER (self), NULL);
  return self->encoding;
}

GPtrArray *
ra_layer_get_warnings (RaLayer *self)
{
  g_return_val_if_fail (RA_IS_LAYER (self), NULL);
  return self->warnings;
}

RaAttrTable *
ra_layer_get_attrs (RaLayer *self)
{
  RaAttrTable *attrs;

  g_return_val_if_fail (RA_IS_LAYER (self), NULL);
  g_mutex_lock (&self->mutex);
  _ra_layer_finish_build_locked (self);
  /* Source and map data share one table, which lives until the layer's
   * contents are replaced. */
  attrs = self->data->attrs;
  g_mutex_unlock (&self->mutex);
  return attrs;
}

gboolean
ra_layer_get_extent_lonlat (RaLayer *self, RaBBox *out)
{
  g_autoptr(RaLayerData) src = NULL;
  g_autoptr(RaCrs) crs = NULL;
  g_autoptr(RaCrs) lonlat = NULL;
  g_autoptr(RaTransform) t = NULL;
  RaBBox box;

  g_return_val_if_fail (RA_IS_LAYER (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  g_mutex_lock (&self->mutex);
  if (self->have_lonlat)
    {
      *out = self->extent_lonlat;
      g_mutex_unlock (&self->mutex);
      return !ra_bbox_is_empty (out);
    }
  src = _ra_layer_origin_locked (self, &crs);
  g_mutex_unlock (&self->mutex);

  *out = RA_BBOX_EMPTY;
  if (crs == NULL || ra_bbox_is_empty (&src->extent))
    return FALSE;

  lonlat = ra_crs_new_from_epsg (4326, NULL);
  if (lonlat == NULL)
    return FALSE;
  t = ra_transform_new (crs, lonlat, NULL);
  if (t == NULL || !ra_transform_bbox (t, &src->extent, &box))
    return FALSE;

  g_mutex_lock (&self->mutex);
  self->extent_lonlat = box;
  self->have_lonlat = TRUE;
  g_mutex_unlock (&self->mutex);
  *out = box;
  return TRUE;
}

typedef struct {
  guint  id;
  double dist;
} Hit;

static int
cmp_hit (const void *a, const void *b)
{
  const Hit *ha = a, *hb = b;

  if (ha->dist != hb->dist)
    return ha->dist < hb->dist ? -1 : 1;
  return (ha->id > hb->id) - (ha->id < hb->id);
}

/**
 * ra_layer_find_features_at:
 * Returns: (transfer full) GArray of guint feature indices, nearest first.
 */
GArray *
ra_layer_find_features_at (RaLayer *self, double x, double y, double tolerance)
{
  g_autoptr(RaLayerData) data = NULL;
  g_autoptr(GArray) candidates = NULL;
  g_autoptr(GArray) hits = NULL;
  GArray *result;
  RaBBox query = { x - tolerance, y - tolerance, x + tolerance, y + tolerance };

  g_return_val_if_fail (RA_IS_LAYER (self), NULL);

  result = g_array_new (FALSE, FALSE, sizeof (guint));
  /* A raster layer's one feature is its footprint: nothing to identify. */
  if (self->raster != NULL)
    return result;
  data = ra_layer_dup_data (self);
  candidates = g_array_new (FALSE, FALSE, sizeof (guint));
  hits = g_array_new (FALSE, FALSE, sizeof (Hit));
  ra_index_query (data->index, &query, candidates);
  for (guint i = 0; i < candidates->len; i++)
    {
      guint id = g_array_index (candidates, guint, i);
      Hit hit = { id, ra_geometry_distance (data->geoms[id], x, y) };

      if (hit.dist <= tolerance)
        g_array_append_val (hits, hit);
    }
  if (hits->len > 1)
    qsort (hits->data, hits->len, sizeof (Hit), cmp_hit);
  for (guint i = 0; i < hits->len; i++)
    g_array_append_val (result, g_array_index (hits, Hit, i).id);
  return result;
}

const char *
ra_layer_guess_label_field (RaLayer *self)
{
  static const char * const candidates[] = {
    "name_zh", "NAME_ZH", "名称", "name", "NAME", "Name",
  };
  RaAttrTable *attrs;
  RaGeomKind kind;

  g_return_val_if_fail (RA_IS_LAYER (self), NULL);

  attrs = ra_layer_get_attrs (self);
  kind = ra_layer_get_kind (self);
  if (attrs == NULL || (kind != RA_GEOM_POLYGON && kind != RA_GEOM_POINT) ||
      ra_layer_get_n_features (self) > 2000)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      int idx = ra_attr_table_field_index (attrs, candidates[i]);

      if (idx >= 0)
        return attrs->field_names[idx];
    }
  return NULL;
}
