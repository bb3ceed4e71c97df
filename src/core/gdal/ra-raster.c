/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RaRaster: opening a GDAL raster, its facts (size, bands, CRS, extent,
 * overviews, attribution), elevation sampling, and the map layer showing
 * it.  Drawing is in ra-raster-draw.c, hillshade in ra-raster-dem.c. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gdal.h>
#include <cpl_conv.h>
#include <ogr_srs_api.h>

#include "ra-autocleanups.h"
#include "ra-error.h"
#include "ra-gdal-error.h"
#include "ra-paths.h"
#include "ra-raster-private.h"

G_DEFINE_FINAL_TYPE (RaRaster, ra_raster, G_TYPE_OBJECT)

static void
ra_raster_finalize (GObject *object)
{
  RaRaster *self = RA_RASTER (object);

  _ra_raster_cache_clear_locked (self);
  g_clear_pointer (&self->tiles, g_hash_table_unref);
  g_clear_pointer (&self->ds, GDALClose);
  g_clear_pointer (&self->shade_ds, GDALClose);
  g_clear_pointer (&self->tint_ds, GDALClose);
  g_clear_pointer (&self->crs, ra_crs_unref);
  g_clear_pointer (&self->map_crs, ra_crs_unref);
  g_clear_pointer (&self->to_source, ra_transform_free);
  g_clear_pointer (&self->overviews, g_array_unref);
  g_free (self->path);
  g_free (self->driver);
  g_free (self->attribution);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (ra_raster_parent_class)->finalize (object);
}

static void
ra_raster_class_init (RaRasterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ra_raster_finalize;
}

static void
ra_raster_init (RaRaster *self)
{
  g_mutex_init (&self->mutex);
  self->overviews = g_array_new (FALSE, FALSE, sizeof (int));
  self->stats.last_overview = -1;
  _ra_raster_cache_init (self);
}

/* ------------------------------------------------------------------ */
/* Opening                                                            */

static gboolean
set_error (GError **error, RaErrorCode code, const char *path, const char *what)
{
  g_autofree char *name = ra_path_display_name (path);

  g_set_error (error, RA_ERROR, code, "%s: %s", name, what);
  return FALSE;
}

/* The CRS of ds as a RaCrs (EPSG code when it has one, else WKT2). */
static RaCrs *
dataset_crs (GDALDatasetH ds)
{
  OGRSpatialReferenceH srs = GDALGetSpatialRef (ds);
  const char *auth, *code;
  char *wkt = NULL;
  RaCrs *crs = NULL;

  if (srs == NULL)
    return NULL;
  auth = OSRGetAuthorityName (srs, NULL);
  code = OSRGetAuthorityCode (srs, NULL);
  if (auth != NULL && code != NULL && g_ascii_strcasecmp (auth, "EPSG") == 0)
    {
      g_autofree char *text = g_strdup_printf ("EPSG:%s", code);
      crs = ra_crs_new_from_user_input (text, NULL);
    }
  if (crs == NULL)
    {
      const char *opts[] = { "FORMAT=WKT2_2019", NULL };

      if (OSRExportToWktEx (srs, &wkt, opts) == OGRERR_NONE && wkt != NULL)
        crs = ra_crs_new_from_user_input (wkt, NULL);
      CPLFree (wkt);
    }
  return crs;
}

static RaRasterKind
dataset_kind (GDALDatasetH ds)
{
  int n = GDALGetRasterCount (ds);
  GDALRasterBandH b1 = GDALGetRasterBand (ds, 1);

  if (n >= 4 && GDALGetRasterColorInterpretation (GDALGetRasterBand (ds, 4)) == GCI_AlphaBand)
    return RA_RASTER_RGBA;
  if (n >= 3)
    return RA_RASTER_RGB;
  if (GDALGetRasterColorTable (b1) != NULL &&
      GDALGetRasterColorInterpretation (b1) == GCI_PaletteIndex)
    return RA_RASTER_PALETTE;
  return RA_RASTER_GREY;
}

/* GDAL metadata first, then a sidecar PATH.attribution.txt. */
static char *
find_attribution (GDALDatasetH ds, const char *path)
{
  static const char * const keys[] = {
    "ATTRIBUTION", "attribution", "COPYRIGHT", "TIFFTAG_COPYRIGHT", "copyright",
  };
  g_autofree char *sidecar = g_strconcat (path, ".attribution.txt", NULL);
  g_autofree char *text = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const char *v = GDALGetMetadataItem (ds, keys[i], NULL);

      if (v != NULL && *v != '\0')
        return g_strdup (v);
    }
  if (g_file_get_contents (sidecar, &text, NULL, NULL))
    {
      char *nl = strchr (text, '\n');

      if (nl != NULL)
        *nl = '\0';
      g_strstrip (text);
      if (*text != '\0' && g_utf8_validate (text, -1, NULL))
        return g_steal_pointer (&text);
    }
  return NULL;
}

static void
read_facts (RaRaster *self, GDALDatasetH ds)
{
  GDALRasterBandH b1 = GDALGetRasterBand (ds, 1);
  int has_nodata = FALSE;

  self->driver = g_strdup (GDALGetDriverShortName (GDALGetDatasetDriver (ds)));
  self->width = GDALGetRasterXSize (ds);
  self->height = GDALGetRasterYSize (ds);
  self->n_bands = GDALGetRasterCount (ds);
  self->kind = dataset_kind (ds);
  self->elevation = self->kind == RA_RASTER_GREY
                    && GDALGetRasterDataType (b1) != GDT_Byte
                    && GDALGetRasterColorInterpretation (b1) != GCI_AlphaBand;
  self->nodata = GDALGetRasterNoDataValue (b1, &has_nodata);
  self->has_nodata = has_nodata;
  for (int i = 0; i < GDALGetOverviewCount (b1); i++)
    {
      GDALRasterBandH o = GDALGetOverview (b1, i);
      int wh[2] = { GDALGetRasterBandXSize (o), GDALGetRasterBandYSize (o) };

      g_array_append_vals (self->overviews, wh, 2);
    }
  ra_bbox_init_empty (&self->extent);
  for (int c = 0; c < 4; c++)
    {
      double px = (c & 1) ? self->width : 0, py = (c & 2) ? self->height : 0;

      ra_bbox_add_point (&self->extent, self->gt[0] + px * self->gt[1] + py * self->gt[2],
                         self->gt[3] + px * self->gt[4] + py * self->gt[5]);
    }
  self->attribution = find_attribution (ds, self->path);
}

/**
 * ra_raster_open:
 * @path: a file, folder or GDAL connection string
 *
 * Returns: (transfer full) (nullable): the raster, or NULL with @error
 *   (RA_ERROR_NOT_FOUND, RA_ERROR_UNSUPPORTED, RA_ERROR_CRS) naming the file
 */
RaRaster *
ra_raster_open (const char *path, GError **error)
{
  g_autoptr(RaRaster) self = NULL;
  g_autoptr(RaCrs) crs = NULL;
  RaGdalCapture cap;
  GStatBuf st;
  GDALDatasetH ds;
  double gt[6];

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!strchr (path, ':') && !g_file_test (path, G_FILE_TEST_EXISTS) &&
      !g_str_has_prefix (path, "/vsi"))
    {
      set_error (error, RA_ERROR_NOT_FOUND, path, _("No such file or directory"));
      return NULL;
    }
  if (g_stat (path, &st) == 0 && !S_ISREG (st.st_mode) && !S_ISDIR (st.st_mode))
    {
      set_error (error, RA_ERROR_UNSUPPORTED, path, _("not a regular file"));
      return NULL;
    }
  ra_gdal_capture_begin (&cap, RA_GDAL_CAPTURE_FAILURES);
  ds = GDALOpenEx (path, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL, NULL);
  if (ds == NULL)
    {
      g_autofree char *name = ra_path_display_name (path);
      g_autofree char *cause = ra_gdal_cause_suffix (cap.first_failure);

      g_set_error (error, RA_ERROR, RA_ERROR_UNSUPPORTED, "%s: %s%s", name,
                   _("not a raster format GDAL can read, or a damaged file"), cause);
      ra_gdal_capture_end (&cap);
      return NULL;
    }
  ra_gdal_capture_end (&cap);
  if (GDALGetRasterCount (ds) < 1)
    {
      GDALClose (ds);
      set_error (error, RA_ERROR_UNSUPPORTED, path, _("no raster bands"));
      return NULL;
    }
  if (GDALGetGeoTransform (ds, gt) != CE_None)
    {
      GDALClose (ds);
      set_error (error, RA_ERROR_CRS, path,
                 _("the raster is not georeferenced (no geotransform); add a world file or use gdal_translate -a_ullr"));
      return NULL;
    }
  crs = dataset_crs (ds);
  if (crs == NULL)
    {
      GDALClose (ds);
      set_error (error, RA_ERROR_CRS, path,
                 _("the raster has no coordinate reference system; assign one with gdal_edit.py -a_srs"));
      return NULL;
    }
  CPLErrorReset ();

  self = g_object_new (RA_TYPE_RASTER, NULL);
  self->path = g_strdup (path);
  self->ds = ds;
  self->crs = g_steal_pointer (&crs);
  memcpy (self->gt, gt, sizeof gt);
  read_facts (self, ds);
  return g_steal_pointer (&self);
}

/**
 * ra_raster_path_is_raster:
 *
 * Returns: TRUE when @path opens in GDAL as a raster with bands and holds
 *   no vector layer
 */
gboolean
ra_raster_path_is_raster (const char *path)
{
  g_auto(GDALDatasetH) ds = NULL;
  GStatBuf st;
  gboolean raster;

  g_return_val_if_fail (path != NULL, FALSE);

  /* Reading a FIFO or a device would block: only files and folders (and
   * GDAL strings that are no path) are asked. */
  if (g_stat (path, &st) == 0 && !S_ISREG (st.st_mode) && !S_ISDIR (st.st_mode))
    return FALSE;
  if (GDALIdentifyDriverEx (path, GDAL_OF_RASTER, NULL, NULL) == NULL)
    return FALSE;
  CPLPushErrorHandler (CPLQuietErrorHandler);
  ds = GDALOpenEx (path, GDAL_OF_RASTER | GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
  CPLPopErrorHandler ();
  CPLErrorReset ();
  raster = ds != NULL && GDALGetRasterCount (ds) > 0 && GDALDatasetGetLayerCount (ds) == 0;
  return raster;
}

/* ------------------------------------------------------------------ */
/* Facts                                                              */

const char *
ra_raster_get_path (RaRaster *self)
{
  g_return_val_if_fail (RA_IS_RASTER (self), NULL);
  return self->path;
}

const char *
ra_raster_get_driver (RaRaster *self)
{
  g_return_val_if_fail (RA_IS_RASTER (self), NULL);
  return self->driver;
}

int
ra_raster_get_width (RaRaster *self)
{
  g_return_val_if_fail (RA_IS_RASTER (self), 0);
  return self->width;
}

int
ra_raster_get_height (RaRaster *self)
{
  g_return_val_if_fail (RA_IS_RASTER (self), 0);
  return self->height;
}

int
ra_raster_get_n_bands (RaRaster *self)
{
  g_return_val_if_fail (RA_IS_RASTER (self), 0);
  return self->n_bands;
}

RaRasterKind
ra_raster_get_kind (RaRaster *self)
{
  g_return_val_if_fail (RA_IS_RASTER (self), RA_RASTER_GREY);
  return self->kind;
}

static const char * const shading_keys[] = {
  [RA_RASTER_SHADE_NONE] = "none",
  [RA_RASTER_SHADE_HILLSHADE] = "hillshade",
  [RA_RASTER_SHADE_TINTED] = "tinted",
};

const char *
ra_raster_shading_to_key (RaRasterShading shading)
{
  return (guint) shading < G_N_ELEMENTS (shading_keys) ? shading_keys[shading] : "none";
}

int
ra_raster_shading_from_key (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (shading_keys); i++)
    if (g_strcmp0 (key, shading_keys[i]) == 0)
      return (int) i;
  return -1;
}

gboolean
ra_raster_is_elevation (RaRaster *self)
{
  g_return_val_if_fail (RA_IS_RASTER (self), FALSE);
  return self->elevation;
}

/** ra_raster_get_crs: Returns: (transfer none) */
RaCrs *
ra_raster_get_crs (RaRaster *self)
{
  g_return_val_if_fail (RA_IS_RASTER (self), NULL);
  return self->crs;
}

void
ra_raster_get_extent (RaRaster *self, RaBBox *out)
{
  g_return_if_fail (RA_IS_RASTER (self));
  *out = self->extent;
}

void
ra_raster_get_pixel_size (RaRaster *self, double *x, double *y)
{
  g_return_if_fail (RA_IS_RASTER (self));
  *x = hypot (self->gt[1], self->gt[4]);
  *y = hypot (self->gt[2], self->gt[5]);
}

guint
ra_raster_get_n_overviews (RaRaster *self)
{
  g_return_val_if_fail (RA_IS_RASTER (self), 0);
  return self->overviews->len / 2;
}

void
ra_raster_get_overview_size (RaRaster *self, guint i, int *width, int *height)
{
  g_return_if_fail (RA_IS_RASTER (self));
  g_return_if_fail (i < self->overviews->len / 2);
  *width = g_array_index (self->overviews, int, 2 * i);
  *height = g_array_index (self->overviews, int, 2 * i + 1);
}

gboolean
ra_raster_get_nodata (RaRaster *self, double *value)
{
  g_return_val_if_fail (RA_IS_RASTER (self), FALSE);
  if (self->has_nodata && value != NULL)
    *value = self->nodata;
  return self->has_nodata;
}

/** ra_raster_get_attribution: Returns: (nullable) (transfer none) */
const char *
ra_raster_get_attribution (RaRaster *self)
{
  g_return_val_if_fail (RA_IS_RASTER (self), NULL);
  return self->attribution;
}

void
ra_raster_set_attribution (RaRaster *self, const char *text)
{
  g_return_if_fail (RA_IS_RASTER (self));

  g_mutex_lock (&self->mutex);
  g_free (self->attribution);
  self->attribution = text != NULL && *text != '\0' ? g_strdup (text) : NULL;
  g_mutex_unlock (&self->mutex);
}

/* ------------------------------------------------------------------ */
/* Elevation                                                          */

/* Band 1 at pixel (col, row), clamped to the raster; FALSE on nodata. */
static gboolean
read_pixel_locked (RaRaster *self, int col, int row, double *v)
{
  GDALRasterBandH band = GDALGetRasterBand (self->ds, 1);

  col = CLAMP (col, 0, self->width - 1);
  row = CLAMP (row, 0, self->height - 1);
  if (GDALRasterIO (band, GF_Read, col, row, 1, 1, v, 1, 1, GDT_Float64, 0, 0) != CE_None)
    return FALSE;
  return !(self->has_nodata && (*v == self->nodata || (isnan (*v) && isnan (self->nodata))));
}

/**
 * ra_raster_sample_elevation:
 * @crs: (nullable): the CRS of (@x, @y); NULL: the raster's
 * @elevation: (out): band 1 interpolated bilinearly between pixel centres
 *
 * Returns: FALSE with @error outside the raster, on nodata or when the
 *   point cannot be transformed
 */
gboolean
ra_raster_sample_elevation (RaRaster *self, double x, double y, RaCrs *crs,
                            double *elevation, GError **error)
{
  double inv[6], px, py, fx, fy, v[4];
  int c0, r0;
  gboolean ok = TRUE;

  g_return_val_if_fail (RA_IS_RASTER (self), FALSE);
  g_return_val_if_fail (elevation != NULL, FALSE);

  if (crs != NULL && !ra_crs_equal (crs, self->crs))
    {
      g_autoptr(RaTransform) t = ra_transform_new (crs, self->crs, error);

      if (t == NULL)
        return FALSE;
      if (!ra_transform_point (t, &x, &y))
        return set_error (error, RA_ERROR_CRS, self->path,
                          _("the point cannot be transformed into the raster's CRS"));
    }
  if (!GDALInvGeoTransform (self->gt, inv))
    return set_error (error, RA_ERROR_CRS, self->path, _("the geotransform cannot be inverted"));
  px = inv[0] + x * inv[1] + y * inv[2];
  py = inv[3] + x * inv[4] + y * inv[5];
  if (px < 0 || py < 0 || px > self->width || py > self->height)
    return set_error (error, RA_ERROR_NOT_FOUND, self->path, _("the point lies outside the raster"));

  /* Between the four nearest pixel centres (clamped at the edges). */
  c0 = (int) floor (px - 0.5);
  r0 = (int) floor (py - 0.5);
  fx = (px - 0.5) - c0;
  fy = (py - 0.5) - r0;
  g_mutex_lock (&self->mutex);
  for (int k = 0; k < 4 && ok; k++)
    ok = read_pixel_locked (self, c0 + (k & 1), r0 + (k >> 1), &v[k]);
  g_mutex_unlock (&self->mutex);
  if (!ok)
    return set_error (error, RA_ERROR_NOT_FOUND, self->path, _("no elevation here (nodata)"));
  *elevation = (v[0] * (1 - fx) + v[1] * fx) * (1 - fy) + (v[2] * (1 - fx) + v[3] * fx) * fy;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* The layer                                                          */

#define FOOTPRINT_STEPS 32

/* The extent as a ring densified so it reprojects into a faithful extent. */
static RaGeometry *
footprint (RaRaster *self)
{
  RaGeometry *g = ra_geometry_new (RA_GEOM_POLYGON, 4 * FOOTPRINT_STEPS, 1);
  const RaBBox *e = &self->extent;
  guint k = 0;

  for (int side = 0; side < 4; side++)
    for (int s = 0; s < FOOTPRINT_STEPS; s++, k++)
      {
        double t = (double) s / FOOTPRINT_STEPS;
        double x = side == 0 ? e->x0 + t * (e->x1 - e->x0)
                 : side == 1 ? e->x1
                 : side == 2 ? e->x1 - t * (e->x1 - e->x0) : e->x0;
        double y = side == 0 ? e->y0
                 : side == 1 ? e->y0 + t * (e->y1 - e->y0)
                 : side == 2 ? e->y1 : e->y1 - t * (e->y1 - e->y0);

        g->xy[2 * k] = x;
        g->xy[2 * k + 1] = y;
      }
  g->parts[0] = 0;
  g->parts[1] = k;
  ra_geometry_update_bbox (g);
  return g;
}

/**
 * ra_raster_new_layer:
 *
 * Returns: (transfer full): a raster layer showing @self
 */
RaLayer *
ra_raster_new_layer (RaRaster *self)
{
  g_autofree char *base = NULL;
  RaLayer *layer;
  char *dot;

  g_return_val_if_fail (RA_IS_RASTER (self), NULL);

  base = g_path_get_basename (self->path);
  dot = strrchr (base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';
  layer = ra_layer_new_raster (base, G_OBJECT (self), self->crs, footprint (self));
  ra_layer_set_source (layer, self->path, NULL, self->driver);
  ra_layer_set_attribution (layer, self->attribution);
  return layer;
}

/** ra_raster_open_layer: Returns: (transfer full) (nullable) */
RaLayer *
ra_raster_open_layer (const char *path, GError **error)
{
  g_autoptr(RaRaster) raster = ra_raster_open (path, error);

  return raster != NULL ? ra_raster_new_layer (raster) : NULL;
}
