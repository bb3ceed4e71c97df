/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-error.h"
#include "ra-layer.h"

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
static RaLayerData *
layer_data_new (RaGeomKind kind, RaGeometry **geoms, guint n, RaAttrTable *attrs)
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

/* ---- RaLayer ---------------------------------------------------------- */

struct _RaLayer
{
  GObject parent_instance;

  /* owned */
  char        *name;
  gboolean     visible;
  double       opacity;
  RaStyle     *style;
  RaGeomKind   kind;
  RaCrs       *source_crs;     /* nullable */
  char        *source_path;
  char        *source_layer_name;
  char        *driver;
  char        *encoding;
  GPtrArray   *warnings;       /* char* */
  char        *no_crs_warning; /* the entry of warnings added for a missing CRS */

  /* while building (until the first finish_build) */
  guint        n_fields;
  char       **field_names;
  RaFieldType *field_types;
  GPtrArray   *build_geoms;
  GArray      *build_fids;
  GPtrArray   *build_values;

  /* guarded by mutex: readers may be on a render thread */
  GMutex       mutex;
  RaLayerData *source_data;    /* in the source CRS; immutable once built */
  RaLayerData *data;           /* in the map CRS */
  RaCrs       *map_crs;        /* nullable */
  gboolean     have_lonlat;
  RaBBox       extent_lonlat;
  RaCrs       *draw_crs;       /* nullable: the CRS draw_resolution is in */
  double       draw_resolution;
  double       data_resolution; /* the draw resolution data was made with (0: full detail) */
  gboolean     compact;         /* one copy of the coordinates: see ra_layer_set_compact */
};

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
static void
finish_build_locked (RaLayer *self)
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

  self->source_data = layer_data_new (self->kind,
                                      (RaGeometry **) g_ptr_array_steal (self->build_geoms, NULL),
                                      n, attrs);
  g_clear_pointer (&self->build_geoms, g_ptr_array_unref);
  ra_attr_table_unref (attrs);

  if (self->data == NULL)
    self->data = ra_layer_data_ref (self->source_data);
}

static RaLayerData *
ensure_source_data (RaLayer *self)
{
  RaLayerData *data;

  g_mutex_lock (&self->mutex);
  finish_build_locked (self);
  data = ra_layer_data_ref (self->source_data != NULL ? self->source_data : self->data);
  g_mutex_unlock (&self->mutex);
  return data;
}

/* Called with the mutex held.  The coordinates to reproject from and
 * their CRS (both transfer full, the CRS nullable): the source data, or
 * the map data once a compact layer has dropped the source copy. */
static RaLayerData *
origin_locked (RaLayer *self, RaCrs **crs)
{
  finish_build_locked (self);
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
static RaLayerData *
drop_source_locked (RaLayer *self)
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
#define RA_PARALLEL_REPROJECT_MIN_POINTS 200000

/* The largest number of map units per source unit over the layer's extent
 * (sampled on a grid), so a source tolerance of tol / scale is at most tol
 * in the map anywhere; 0 if it cannot be found. */
static double
max_map_scale (RaTransform *t, const RaBBox *extent)
{
  enum { N = 7 };
  double w = extent->x1 - extent->x0, h = extent->y1 - extent->y0;
  double d = MAX (w, h) * 1e-6, scale = 0.0;

  if (!(d > 0.0))
    return 0.0;
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++)
      {
        double x = extent->x0 + w * i / (N - 1), y = extent->y0 + h * j / (N - 1);
        double pts[6] = { x, y, x + d, y, x, y + d };

        if (ra_transform_points (t, pts, 3) != 0)
          continue;
        scale = MAX (scale, hypot (pts[2] - pts[0], pts[3] - pts[1]) / d);
        scale = MAX (scale, hypot (pts[4] - pts[0], pts[5] - pts[1]) / d);
      }
  return isfinite (scale) ? scale : 0.0;
}

typedef struct {
  RaLayerData  *src;
  RaGeometry  **geoms;
  guint         first, last;   /* features [first, last) */
  double        tol;           /* source units; 0: keep every vertex */
  RaTransform  *t;             /* (nullable) NULL: make one (this thread's) */
  const RaCrs  *source_crs, *map_crs;
  double        ox, oy, q;     /* q > 0: pack each geometry on this grid */
  gboolean      failed;
} ReprojectJob;

static gpointer
reproject_run (gpointer data)
{
  ReprojectJob *job = data;
  g_autoptr(RaTransform) own = NULL;
  RaTransform *t = job->t;

  /* PROJ objects are per thread: the second thread makes its own. */
  if (t == NULL)
    {
      own = ra_transform_new (job->source_crs, job->map_crs, NULL);
      if (own == NULL)
        {
          job->failed = TRUE;
          return NULL;
        }
      t = own;
    }
  for (guint i = job->first; i < job->last; i++)
    {
      RaGeometry *g;

      if (job->src->geoms[i] == NULL)
        continue;
      g = job->geoms[i] = ra_geometry_thin_copy (job->src->geoms[i], job->tol);
      ra_transform_points (t, g->xy, g->n_points);
      ra_geometry_update_bbox (g);
      /* Packed at once: the doubles of a big layer never all exist. */
      if (job->q > 0.0)
        ra_geometry_pack (g, job->ox, job->oy, job->q);
    }
  return NULL;
}

typedef struct {
  RaGeometry **geoms;
  guint        first, last;
  double       ox, oy, q;
} PackJob;

static gpointer
pack_run (gpointer data)
{
  PackJob *job = data;

  for (guint i = job->first; i < job->last; i++)
    if (job->geoms[i] != NULL)
      ra_geometry_pack (job->geoms[i], job->ox, job->oy, job->q);
  return NULL;
}

/* Packs n geometries on one grid over their extent (two threads for big
 * layers). */
static void
pack_geoms (RaGeometry **geoms, guint n, guint64 n_points)
{
  RaBBox extent = RA_BBOX_EMPTY;
  PackJob jobs[2];
  double q;

  for (guint i = 0; i < n; i++)
    if (geoms[i] != NULL)
      ra_bbox_union (&extent, &geoms[i]->bbox);
  q = ra_pack_grid_step (&extent);
  if (!(q > 0.0))
    return;
  jobs[0] = (PackJob) { geoms, 0, n, extent.x0, extent.y0, q };
  if (n_points >= RA_PARALLEL_REPROJECT_MIN_POINTS && g_get_num_processors () >= 2 && n >= 2)
    {
      GThread *helper;

      jobs[1] = jobs[0];
      jobs[0].last = jobs[1].first = n / 2;
      helper = g_thread_new ("ra-pack", pack_run, &jobs[1]);
      pack_run (&jobs[0]);
      g_thread_join (helper);
    }
  else
    pack_run (&jobs[0]);
}

/* Builds map-CRS data from the source data; NULL on error.  With
 * draw_resolution > 0 (map units per pixel of the coarsest view drawn)
 * vertices closer than half a pixel are dropped in the source CRS before
 * reprojecting, as QGIS simplifies before it reprojects: PROJ then sees a
 * fraction of the vertices (all China's counties into EPSG:3857: 0.84 s
 * for 6.9 M vertices otherwise). */
static RaLayerData *
reproject (RaLayer *self, RaLayerData *src, RaCrs *source_crs, RaCrs *map_crs,
           double draw_resolution, gboolean pack, GError **error)
{
  g_autoptr(RaTransform) t = NULL;
  g_autoptr(RaTransform) helper_t = NULL;
  RaGeometry **geoms;
  ReprojectJob jobs[2];
  guint64 n_points = 0;
  double tol = 0.0, ox = 0.0, oy = 0.0, q = 0.0;
  guint n_jobs = 1;
  RaBBox box;

  if (source_crs == NULL || map_crs == NULL || ra_crs_equal (source_crs, map_crs))
    return ra_layer_data_ref (src);

  t = ra_transform_new (source_crs, map_crs, error);
  if (t == NULL)
    return NULL;
  if (ra_transform_is_identity (t))
    return ra_layer_data_ref (src);

  if (draw_resolution > 0.0 && !ra_bbox_is_empty (&src->extent))
    {
      double scale = max_map_scale (t, &src->extent);

      if (scale > 0.0)
        tol = 0.5 * draw_resolution / scale;
    }
  for (guint i = 0; i < src->n_features; i++)
    if (src->geoms[i] != NULL)
      n_points += src->geoms[i]->n_points;
  if (n_points >= RA_PARALLEL_REPROJECT_MIN_POINTS && g_get_num_processors () >= 2)
    n_jobs = 2;

  /* The packing grid from the extent in the map CRS. */
  if (pack && tol == 0.0 && ra_transform_bbox (t, &src->extent, &box))
    {
      q = ra_pack_grid_step (&box);
      ox = box.x0;
      oy = box.y0;
    }
  geoms = g_new0 (RaGeometry *, MAX (src->n_features, 1));
  for (guint j = 0; j < n_jobs; j++)
    {
      jobs[j] = (ReprojectJob) { src, geoms, 0, src->n_features, tol, j == 0 ? t : NULL,
                                 source_crs, map_crs, ox, oy, q, FALSE };
    }
  if (n_jobs == 2)
    {
      /* Split at half the vertices. */
      guint64 acc = 0;
      guint split = 0;
      GThread *helper;

      while (split < src->n_features && acc < n_points / 2)
        {
          if (src->geoms[split] != NULL)
            acc += src->geoms[split]->n_points;
          split++;
        }
      jobs[0].last = split;
      jobs[1].first = split;
      /* The second thread's transform: a clone (a new lookup of the
       * operation costs 30-100 ms). */
      helper_t = ra_transform_copy (t);
      jobs[1].t = helper_t;
      helper = g_thread_new ("ra-reproject", reproject_run, &jobs[1]);
      reproject_run (&jobs[0]);
      g_thread_join (helper);
      if (jobs[1].failed)
        {
          /* No second transform: finish with this thread's. */
          jobs[1].t = t;
          reproject_run (&jobs[1]);
        }
    }
  else
    reproject_run (&jobs[0]);
  /* A compact layer at full detail: the coordinates packed on a grid of
   * 2^-30 of the extent, a third of the memory of doubles. */
  if (pack && tol == 0.0)
    {
      RaLayerData *data;
      gpointer block;

      if (!(q > 0.0))
        pack_geoms (geoms, src->n_features, n_points);
      /* One block in feature order: the renderer reads it sequentially
       * (separate allocations cost a cache miss or two per feature). */
      block = ra_geometry_move_to_block (geoms, src->n_features);
      data = layer_data_new (src->kind, geoms, src->n_features, src->attrs);
      data->geom_block = block;
      return data;
    }
  return layer_data_new (src->kind, geoms, src->n_features, src->attrs);
}

/**
 * ra_layer_set_draw_resolution:
 * @map_crs: (nullable): the CRS resolution is in; NULL clears the hint
 * @resolution: map units per device pixel of the most detailed view this
 *   layer will be drawn at; 0 clears the hint
 *
 * A hint for one-off renders (the command line's render and export): later
 * reprojections into @map_crs drop, in the source CRS and before
 * transforming, the vertices closer than half a pixel to the previous kept
 * one.  The map data then holds fewer vertices than the source; it looks
 * the same at @resolution and coarser.  Does not reproject by itself.
 */
void
ra_layer_set_draw_resolution (RaLayer *self, RaCrs *map_crs, double resolution)
{
  g_return_if_fail (RA_IS_LAYER (self));

  g_mutex_lock (&self->mutex);
  g_clear_pointer (&self->draw_crs, ra_crs_unref);
  self->draw_resolution = 0.0;
  if (map_crs != NULL && resolution > 0.0 && isfinite (resolution))
    {
      self->draw_crs = ra_crs_ref (map_crs);
      self->draw_resolution = resolution;
    }
  g_mutex_unlock (&self->mutex);
}

/* Called with the mutex held. */
static double
draw_resolution_for_locked (RaLayer *self, RaCrs *map_crs)
{
  if (self->draw_crs == NULL || map_crs == NULL || !ra_crs_equal (self->draw_crs, map_crs))
    return 0.0;
  return self->draw_resolution;
}

/**
 * ra_layer_set_map_crs:
 * @map_crs: (nullable): NULL keeps the source coordinates
 *
 * May run in a worker thread.  It does not emit ::changed; the map (or the
 * caller) signals the redraw.
 */
gboolean
ra_layer_set_map_crs (RaLayer *self, RaCrs *map_crs, GError **error)
{
  g_autoptr(RaLayerData) src = NULL;
  g_autoptr(RaCrs) from_crs = NULL;
  g_autoptr(RaCrs) source_crs = NULL;
  RaLayerData *fresh, *old, *dropped;
  gboolean have_source, compact;
  double resolution;

  g_return_val_if_fail (RA_IS_LAYER (self), FALSE);

  g_mutex_lock (&self->mutex);
  compact = self->compact;
  src = origin_locked (self, &from_crs);
  have_source = self->source_data != NULL;
  source_crs = self->source_crs != NULL ? ra_crs_ref (self->source_crs) : NULL;
  /* Without the source copy only full detail is left to work from. */
  resolution = have_source ? draw_resolution_for_locked (self, map_crs) : 0.0;
  /* Already there (the load worker reprojected it for this map). */
  if (map_crs != NULL && self->map_crs != NULL && ra_crs_equal (self->map_crs, map_crs) &&
      self->data_resolution == resolution)
    {
      g_mutex_unlock (&self->mutex);
      return TRUE;
    }
  g_mutex_unlock (&self->mutex);

  if (map_crs == NULL && !have_source)
    /* Back to the source coordinates, which a compact layer dropped. */
    fresh = reproject (self, src, from_crs, source_crs, 0.0, compact, error);
  else
    fresh = reproject (self, src, from_crs, map_crs, resolution, compact, error);
  if (fresh == NULL)
    return FALSE;

  g_mutex_lock (&self->mutex);
  old = self->data;
  self->data = fresh;
  /* Drawn as read (no transform): nothing was simplified. */
  self->data_resolution = fresh == src ? 0.0 : resolution;
  if (map_crs != NULL)
    ra_crs_ref (map_crs);
  g_clear_pointer (&self->map_crs, ra_crs_unref);
  self->map_crs = map_crs;
  if (map_crs == NULL && self->source_data == NULL)
    self->source_data = ra_layer_data_ref (fresh);
  dropped = drop_source_locked (self);
  g_mutex_unlock (&self->mutex);

  /* A render thread may still hold old; the last unref frees it. */
  g_clear_pointer (&old, ra_layer_data_unref);
  g_clear_pointer (&dropped, ra_layer_data_unref);
  return TRUE;
}

static guint64
count_points (const RaLayerData *data)
{
  guint64 n = 0;

  for (guint i = 0; i < data->n_features; i++)
    if (data->geoms[i] != NULL)
      n += data->geoms[i]->n_points;
  return n;
}

/**
 * ra_layer_set_compact:
 *
 * Keeps only one copy of the coordinates, in the map CRS, once they are
 * reprojected at full detail: half the memory of a big layer.  The source
 * coordinates come back through PROJ's inverse when they are needed again
 * (a CRS assigned by hand, the map without a CRS); a change of the map CRS
 * reprojects from the map coordinates.  That copy is packed on a grid
 * (ra_geometry_pack, in one block): a third of the memory again.  A layer
 * already in its map CRS (drawn as read) is packed by ra_layer_refine.
 */
/* Called with the mutex held: a compact layer drawn as read (no
 * reprojection) whose one copy is not packed yet. */
static gboolean
pack_pending_locked (RaLayer *self)
{
  return self->compact && self->source_data != NULL && self->data == self->source_data &&
         self->source_data->geom_block == NULL && self->data_resolution <= 0.0 &&
         self->map_crs != NULL &&
         (self->source_crs == NULL || ra_crs_equal (self->source_crs, self->map_crs));
}

/* Packs the one copy of a layer drawn as read (in a worker: ra_layer_refine),
 * with a simplified copy for coarse views when a first-view hint says how
 * coarse.  TRUE if the map data changed. */
static gboolean
pack_drawn_as_read (RaLayer *self)
{
  RaLayerData *same = NULL, *packed;
  RaGeometry **geoms;
  double coarse_resolution, q;
  gboolean swapped = FALSE;

  g_mutex_lock (&self->mutex);
  if (pack_pending_locked (self))
    {
      same = ra_layer_data_ref (self->source_data);
      coarse_resolution = draw_resolution_for_locked (self, self->map_crs);
    }
  g_mutex_unlock (&self->mutex);
  if (same == NULL)
    return FALSE;

  /* Copied and packed one by one: never a second copy in doubles. */
  geoms = g_new0 (RaGeometry *, MAX (same->n_features, 1));
  q = ra_pack_grid_step (&same->extent);
  for (guint i = 0; i < same->n_features; i++)
    if (same->geoms[i] != NULL)
      {
        geoms[i] = ra_geometry_copy (same->geoms[i]);
        ra_geometry_pack (geoms[i], same->extent.x0, same->extent.y0, q);
      }
  {
    gpointer block = ra_geometry_move_to_block (geoms, same->n_features);

    packed = layer_data_new (same->kind, geoms, same->n_features, same->attrs);
    packed->geom_block = block;
  }
  /* The level of detail for coarse views, as a reprojected big layer keeps
   * its first view. */
  if (coarse_resolution > 0.0)
    {
      RaGeometry **thin = g_new0 (RaGeometry *, MAX (same->n_features, 1));
      RaLayerData *coarse;

      for (guint i = 0; i < same->n_features; i++)
        if (same->geoms[i] != NULL)
          thin[i] = ra_geometry_thin_copy (same->geoms[i], 0.5 * coarse_resolution);
      coarse = layer_data_new (same->kind, thin, same->n_features, same->attrs);
      if (count_points (coarse) < count_points (same) / 4)
        {
          packed->coarse = coarse;
          packed->coarse_resolution = coarse_resolution;
        }
      else
        ra_layer_data_unref (coarse);
    }

  g_mutex_lock (&self->mutex);
  if (self->source_data == same && self->data == same && pack_pending_locked (self))
    {
      /* The layer's two references move to the packed copy. */
      self->source_data = ra_layer_data_ref (packed);
      self->data = g_steal_pointer (&packed);
      g_clear_pointer (&self->draw_crs, ra_crs_unref);
      self->draw_resolution = 0.0;
      swapped = TRUE;
    }
  g_mutex_unlock (&self->mutex);
  g_clear_pointer (&packed, ra_layer_data_unref);
  if (swapped)
    {
      ra_layer_data_unref (same);
      ra_layer_data_unref (same);
    }
  ra_layer_data_unref (same);
  return swapped;
}

void
ra_layer_set_compact (RaLayer *self, gboolean compact)
{
  RaLayerData *dropped;

  g_return_if_fail (RA_IS_LAYER (self));

  g_mutex_lock (&self->mutex);
  self->compact = !!compact;
  finish_build_locked (self);
  dropped = drop_source_locked (self);
  g_mutex_unlock (&self->mutex);
  g_clear_pointer (&dropped, ra_layer_data_unref);
}

/**
 * ra_layer_needs_refine:
 *
 * Whether the map data was simplified by a draw resolution hint and
 * ra_layer_refine would bring the full detail.
 */
gboolean
ra_layer_needs_refine (RaLayer *self)
{
  gboolean needs;

  g_return_val_if_fail (RA_IS_LAYER (self), FALSE);
  g_mutex_lock (&self->mutex);
  needs = (self->data_resolution > 0.0 && self->map_crs != NULL && self->source_data != NULL) ||
          pack_pending_locked (self);
  g_mutex_unlock (&self->mutex);
  return needs;
}

/**
 * ra_layer_refine:
 *
 * Reprojects at full detail a layer whose map data was simplified for a
 * quick first view (ra_layer_set_draw_resolution), and clears the hint.
 * Runs in a worker; does not emit ::changed (call ra_layer_emit_changed
 * on the main thread).  Work that a map CRS change overtook is dropped.
 *
 * Returns: TRUE if the map data changed.
 */
static gboolean refine_detail (RaLayer *self, GError **error);

gboolean
ra_layer_refine (RaLayer *self, GError **error)
{
  GError *local_error = NULL;
  gboolean changed;

  g_return_val_if_fail (RA_IS_LAYER (self), FALSE);

  changed = refine_detail (self, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  /* A compact layer drawn as read: packed (and given its coarse copy). */
  if (pack_drawn_as_read (self))
    changed = TRUE;
  return changed;
}

static gboolean
refine_detail (RaLayer *self, GError **error)
{
  g_autoptr(RaLayerData) src = NULL;
  g_autoptr(RaCrs) source_crs = NULL;
  g_autoptr(RaCrs) map_crs = NULL;
  RaLayerData *fresh, *old = NULL, *dropped = NULL;
  gboolean changed = FALSE, compact;

  g_return_val_if_fail (RA_IS_LAYER (self), FALSE);

  g_mutex_lock (&self->mutex);
  finish_build_locked (self);
  compact = self->compact;
  if (self->data_resolution <= 0.0 || self->map_crs == NULL || self->source_data == NULL)
    {
      g_mutex_unlock (&self->mutex);
      return FALSE;
    }
  src = ra_layer_data_ref (self->source_data);
  source_crs = self->source_crs != NULL ? ra_crs_ref (self->source_crs) : NULL;
  map_crs = ra_crs_ref (self->map_crs);
  g_mutex_unlock (&self->mutex);

  fresh = reproject (self, src, source_crs, map_crs, 0.0, compact, error);
  if (fresh == NULL)
    return FALSE;

  g_mutex_lock (&self->mutex);
  if (self->data_resolution > 0.0 && self->source_data == src && self->map_crs != NULL &&
      ra_crs_equal (self->map_crs, map_crs))
    {
      /* The first view stays, for views as coarse as it, when it is a
       * real saving (long lines of evenly spaced vertices hardly thin). */
      if (fresh != self->data && fresh != src &&
          count_points (self->data) < count_points (fresh) / 4)
        {
          fresh->coarse = self->data;
          fresh->coarse_resolution = self->data_resolution;
        }
      else
        old = self->data;
      self->data = fresh;
      self->data_resolution = 0.0;
      g_clear_pointer (&self->draw_crs, ra_crs_unref);
      self->draw_resolution = 0.0;
      dropped = drop_source_locked (self);
      changed = TRUE;
    }
  else
    old = fresh;
  g_mutex_unlock (&self->mutex);

  g_clear_pointer (&old, ra_layer_data_unref);
  g_clear_pointer (&dropped, ra_layer_data_unref);
  return changed;
}

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
  finish_build_locked (self);
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
      src = reproject (self, data, map_crs, old_source, 0.0, FALSE, error);
      if (src == NULL)
        return FALSE;
      g_mutex_lock (&self->mutex);
    }
  g_mutex_unlock (&self->mutex);

  /* At full detail, whatever the first-view hint: a refine still running
   * reads the old source and drops its work, and would leave coarse data
   * made here coarse for good. */
  fresh = reproject (self, src, source_crs, map_crs, 0.0, compact, error);
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
  dropped = drop_source_locked (self);
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
  src = ensure_source_data (from);
  g_mutex_lock (&self->mutex);
  finish_build_locked (self);
  compact = self->compact;
  map_crs = self->map_crs != NULL ? ra_crs_ref (self->map_crs) : NULL;
  g_mutex_unlock (&self->mutex);

  /* Full detail, as ra_layer_assign_crs. */
  fresh = reproject (self, src, from->source_crs, map_crs, 0.0, compact, error);
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
  dropped = drop_source_locked (self);
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
  finish_build_locked (self);
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
  finish_build_locked (self);
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
  src = origin_locked (self, &crs);
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
