/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A DEM's hillshade and hypsometric tint: made once per source with
 * GDALDEMProcessing into GeoTIFFs with overviews in the user cache dir,
 * keyed by the source's path, size and mtime, then drawn like any raster
 * (ra-raster-draw.c warps them tile by tile). */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gdal.h>
#include <gdal_utils.h>
#include <cpl_conv.h>

#include "ra-autocleanups.h"
#include "ra-gdal-error.h"
#include "ra-paths.h"
#include "ra-raster-private.h"

/* Bump when the way the files are made changes. */
#define DEM_CACHE_VERSION "1"

/* Lowlands green, hills ochre, high ground brown, summits white: at
 * these fractions of the way from the lowest to the highest point. */
static const struct { double at; int r, g, b; } tint_ramp[] = {
  { 0.00, 87, 153, 92 },
  { 0.20, 150, 190, 110 },
  { 0.45, 228, 214, 150 },
  { 0.70, 186, 140, 96 },
  { 0.90, 160, 130, 120 },
  { 1.00, 250, 250, 250 },
};

/* The ramp in elevations (gdaldem's percentages would make it compute
 * statistics and print about it). */
static char *
tint_ramp_text (RaRaster *self)
{
  GString *s = g_string_new (NULL);
  double mm[2] = { 0, 1 };
  char num[G_ASCII_DTOSTR_BUF_SIZE];

  if (GDALComputeRasterMinMax (GDALGetRasterBand (self->ds, 1), FALSE, mm) != CE_None ||
      !(mm[1] > mm[0]))
    mm[1] = mm[0] + 1;
  if (self->has_nodata)
    g_string_append (s, "nv 0 0 0 0\n");
  for (guint i = 0; i < G_N_ELEMENTS (tint_ramp); i++)
    g_string_append_printf (s, "%s %d %d %d\n",
                            g_ascii_dtostr (num, sizeof num, mm[0] + tint_ramp[i].at * (mm[1] - mm[0])),
                            tint_ramp[i].r, tint_ramp[i].g, tint_ramp[i].b);
  return g_string_free (s, FALSE);
}

static char *
dem_cache_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "reclaim-atlas", "dem", NULL);
}

/* DIR/<sha1 of path, size, mtime, version>-what.tif */
static char *
dem_cache_path (RaRaster *self, const char *what)
{
  g_autofree char *dir = dem_cache_dir ();
  g_autofree char *key = NULL;
  g_autofree char *sum = NULL;
  g_autofree char *name = NULL;
  GStatBuf st = { 0 };

  if (g_stat (self->path, &st) != 0)
    memset (&st, 0, sizeof st);
  key = g_strdup_printf ("%s|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%s", self->path,
                         (gint64) st.st_size, (gint64) st.st_mtime, DEM_CACHE_VERSION);
  sum = g_compute_checksum_for_string (G_CHECKSUM_SHA1, key, -1);
  name = g_strdup_printf ("%s-%s.tif", sum, what);
  return g_build_filename (dir, name, NULL);
}

static gboolean
build_overviews (const char *path)
{
  g_auto(GDALDatasetH) ds = GDALOpen (path, GA_Update);
  int levels[16], n = 0;

  if (ds == NULL)
    return FALSE;
  for (int f = 2; n < 16 && MAX (GDALGetRasterXSize (ds), GDALGetRasterYSize (ds)) / f >= 256; f *= 2)
    levels[n++] = f;
  return n == 0 || GDALBuildOverviews (ds, "AVERAGE", n, levels, 0, NULL, NULL, NULL) == CE_None;
}

/* Runs GDALDEMProcessing (mode "hillshade" or "color-relief") on the
 * source into path, through a temporary file so a crash leaves no half. */
static gboolean
make_dem_file_locked (RaRaster *self, const char *mode, const char *path, GError **error)
{
  g_autofree char *dir = dem_cache_dir ();
  g_autofree char *tmp = g_strdup_printf ("%s.%d.tmp", path, (int) getpid ());
  g_autofree char *ramp = g_strdup_printf ("%s.ramp.txt", tmp);
  g_autofree char *ramp_text = NULL;
  RaGdalCapture cap;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  GDALDEMProcessingOptions *opts;
  GDALDatasetH out;
  gboolean relief = g_strcmp0 (mode, "color-relief") == 0;
  int usage_error = FALSE;

  if (relief)
    ramp_text = tint_ramp_text (self);
  if (g_mkdir_with_parents (dir, 0755) != 0 ||
      (relief && !g_file_set_contents (ramp, ramp_text, -1, NULL)))
    {
      g_autofree char *name = ra_path_display_name (dir);
      g_set_error (error, RA_ERROR, RA_ERROR_WRITE, _("%s: cannot write the cache (%s)"),
                   name, g_strerror (errno));
      return FALSE;
    }
  g_ptr_array_add (argv, "-of");
  g_ptr_array_add (argv, "GTiff");
  g_ptr_array_add (argv, "-co");
  g_ptr_array_add (argv, "TILED=YES");
  g_ptr_array_add (argv, "-co");
  g_ptr_array_add (argv, "COMPRESS=DEFLATE");
  if (relief)
    g_ptr_array_add (argv, "-alpha");
  else
    {
      g_ptr_array_add (argv, "-compute_edges");
      /* Degrees across, metres up. */
      if (ra_crs_is_geographic (self->crs))
        {
          g_ptr_array_add (argv, "-s");
          g_ptr_array_add (argv, "111120");
        }
    }
  g_ptr_array_add (argv, NULL);

  opts = GDALDEMProcessingOptionsNew ((char **) argv->pdata, NULL);
  ra_gdal_capture_begin (&cap, RA_GDAL_CAPTURE_FAILURES);
  out = GDALDEMProcessing (tmp, self->ds, mode, relief ? ramp : NULL, opts, &usage_error);
  GDALDEMProcessingOptionsFree (opts);
  if (relief)
    g_unlink (ramp);
  if (out == NULL)
    {
      g_autofree char *name = ra_path_display_name (self->path);
      g_autofree char *cause = ra_gdal_cause_suffix (cap.first_failure);

      g_unlink (tmp);
      g_set_error (error, RA_ERROR, RA_ERROR_FAILED, "%s: %s%s", name,
                   relief ? _("cannot compute the hypsometric tint")
                          : _("cannot compute the hillshade"), cause);
      ra_gdal_capture_end (&cap);
      return FALSE;
    }
  ra_gdal_capture_end (&cap);
  GDALClose (out);
  if (!build_overviews (tmp) || g_rename (tmp, path) != 0)
    {
      g_unlink (tmp);
      return ra_error_from_cpl (error, RA_ERROR_WRITE, path, _("cannot write the cache"));
    }
  return TRUE;
}

static GDALDatasetH
open_dem_file_locked (RaRaster *self, const char *mode, const char *what, GError **error)
{
  g_autofree char *path = dem_cache_path (self, what);
  GDALDatasetH ds;

  if (!g_file_test (path, G_FILE_TEST_EXISTS) &&
      !make_dem_file_locked (self, mode, path, error))
    return NULL;
  ds = GDALOpen (path, GA_ReadOnly);
  if (ds == NULL)
    ra_error_from_cpl (error, RA_ERROR_CORRUPT, path, _("cannot read the cache"));
  return ds;
}

gboolean
_ra_raster_dem_open_locked (RaRaster *self, RaRasterShading shading, GError **error)
{
  if (self->shade_ds == NULL)
    self->shade_ds = open_dem_file_locked (self, "hillshade", "hillshade", error);
  if (self->shade_ds == NULL)
    return FALSE;
  if (shading == RA_RASTER_SHADE_TINTED && self->tint_ds == NULL)
    self->tint_ds = open_dem_file_locked (self, "color-relief", "tint", error);
  return shading != RA_RASTER_SHADE_TINTED || self->tint_ds != NULL;
}

/**
 * ra_raster_set_shading:
 *
 * Returns: FALSE with @error for a raster of more than one band or when
 *   the cached files cannot be made (the shading is then unchanged)
 */
gboolean
ra_raster_set_shading (RaRaster *self, RaRasterShading shading, GError **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (RA_IS_RASTER (self), FALSE);

  if (shading != RA_RASTER_SHADE_NONE && self->kind != RA_RASTER_GREY)
    {
      g_autofree char *name = ra_path_display_name (self->path);
      g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                   _("%s: hillshade needs a one-band elevation raster"), name);
      return FALSE;
    }
  g_mutex_lock (&self->mutex);
  if (shading != RA_RASTER_SHADE_NONE)
    ok = _ra_raster_dem_open_locked (self, shading, error);
  if (ok && shading != self->shading)
    {
      self->shading = shading;
      if (shading != RA_RASTER_SHADE_TINTED)
        g_clear_pointer (&self->tint_ds, GDALClose);
      _ra_raster_cache_clear_locked (self);
    }
  g_mutex_unlock (&self->mutex);
  return ok;
}

RaRasterShading
ra_raster_get_shading (RaRaster *self)
{
  g_return_val_if_fail (RA_IS_RASTER (self), RA_RASTER_SHADE_NONE);
  return self->shading;
}

static void
set_shading_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;

  if (ra_raster_set_shading (RA_RASTER (source), GPOINTER_TO_INT (task_data), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * ra_raster_set_shading_async:
 * @cancellable: (nullable): checked before the work starts
 *
 * ra_raster_set_shading in a worker thread.
 */
void
ra_raster_set_shading_async (RaRaster *self, RaRasterShading shading, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RA_IS_RASTER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ra_raster_set_shading_async);
  g_task_set_task_data (task, GINT_TO_POINTER (shading), NULL);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, set_shading_thread);
}

/** ra_raster_set_shading_finish: Returns: FALSE with @error as ra_raster_set_shading */
gboolean
ra_raster_set_shading_finish (RaRaster *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ra_raster_set_shading_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
