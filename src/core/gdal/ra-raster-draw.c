/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Drawing a RaRaster: the view is cut into 256 px tiles on a grid of its
 * resolution (anchored so that panning by whole pixels keeps it), each
 * tile warped by GDAL's warper into the map CRS from the overview that
 * fits, turned into premultiplied ARGB and kept in a small LRU cache. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <gdal.h>
#include <gdal_utils.h>
#include <cpl_conv.h>

#include "ra-autocleanups.h"
#include "ra-gdal-error.h"
#include "ra-raster-private.h"

#define TILE_PX 256
/* 160 tiles of 256 KiB: 40 MiB, a few screens. */
#define CACHE_TILES 160

typedef struct {
  char            *key;
  cairo_surface_t *surface;   /* nullable: nothing to draw there */
  GList            link;      /* in lru, data = the tile */
} Tile;

static void
tile_free (Tile *tile)
{
  g_free (tile->key);
  g_clear_pointer (&tile->surface, cairo_surface_destroy);
  g_free (tile);
}

void
_ra_raster_cache_init (RaRaster *self)
{
  self->tiles = g_hash_table_new (g_str_hash, g_str_equal);
  g_queue_init (&self->lru);
}

void
_ra_raster_cache_clear_locked (RaRaster *self)
{
  GList *link;

  /* The links live in the tiles: pop them, not g_queue_pop_head. */
  while ((link = g_queue_pop_head_link (&self->lru)) != NULL)
    {
      Tile *tile = link->data;

      g_hash_table_remove (self->tiles, tile->key);
      tile_free (tile);
    }
}

void
ra_raster_clear_cache (RaRaster *self)
{
  g_return_if_fail (RA_IS_RASTER (self));

  g_mutex_lock (&self->mutex);
  _ra_raster_cache_clear_locked (self);
  g_mutex_unlock (&self->mutex);
}

static Tile *
cache_lookup_locked (RaRaster *self, const char *key)
{
  Tile *tile = g_hash_table_lookup (self->tiles, key);

  if (tile != NULL)
    {
      g_queue_unlink (&self->lru, &tile->link);
      g_queue_push_head_link (&self->lru, &tile->link);
    }
  return tile;
}

static Tile *
cache_insert_locked (RaRaster *self, char *key, cairo_surface_t *surface)
{
  Tile *tile = g_new0 (Tile, 1);

  tile->key = key;
  tile->surface = surface;
  tile->link.data = tile;
  g_hash_table_insert (self->tiles, tile->key, tile);
  g_queue_push_head_link (&self->lru, &tile->link);
  while (self->lru.length > CACHE_TILES)
    {
      Tile *old = g_queue_pop_tail_link (&self->lru)->data;

      g_hash_table_remove (self->tiles, old->key);
      tile_free (old);
    }
  return tile;
}

void
ra_raster_get_stats (RaRaster *self, RaRasterStats *out)
{
  g_return_if_fail (RA_IS_RASTER (self));

  g_mutex_lock (&self->mutex);
  *out = self->stats;
  g_mutex_unlock (&self->mutex);
}

void
ra_raster_reset_stats (RaRaster *self)
{
  g_return_if_fail (RA_IS_RASTER (self));

  g_mutex_lock (&self->mutex);
  memset (&self->stats, 0, sizeof self->stats);
  self->stats.last_overview = -1;
  g_mutex_unlock (&self->mutex);
}

/* ------------------------------------------------------------------ */
/* Warping one tile                                                   */

/* The transform into the raster's CRS and the extent in map_crs, kept for
 * the last map CRS drawn. */
static gboolean
prepare_map_crs_locked (RaRaster *self, RaCrs *map_crs)
{
  g_autoptr(RaTransform) to_map = NULL;

  if (self->map_crs != NULL && ra_crs_equal (self->map_crs, map_crs))
    return TRUE;
  g_clear_pointer (&self->map_crs, ra_crs_unref);
  g_clear_pointer (&self->to_source, ra_transform_free);
  to_map = ra_transform_new (self->crs, map_crs, NULL);
  self->to_source = ra_transform_new (map_crs, self->crs, NULL);
  if (to_map == NULL || self->to_source == NULL)
    return FALSE;
  /* A world basemap has no extent in a Gauss-Kruger zone: try every tile
   * and let the warper leave what it cannot reach transparent. */
  if (!ra_transform_bbox (to_map, &self->extent, &self->map_extent))
    self->map_extent = (RaBBox) { -G_MAXDOUBLE, -G_MAXDOUBLE, G_MAXDOUBLE, G_MAXDOUBLE };
  self->map_crs = ra_crs_ref (map_crs);
  return TRUE;
}

/* The coarsest overview of src no coarser than the tile needs (its pixel
 * size in the source over the full-resolution one is factor); -1: full
 * resolution. */
static int
pick_overview (GDALDatasetH src, double factor, int *level_width)
{
  GDALRasterBandH b1 = GDALGetRasterBand (src, 1);
  int full = GDALGetRasterXSize (src), best = -1;

  *level_width = full;
  for (int i = 0; i < GDALGetOverviewCount (b1); i++)
    {
      int w = GDALGetRasterBandXSize (GDALGetOverview (b1, i));

      /* GDAL's -ovr AUTO allows a little coarser than asked, as here. */
      if (w > 0 && (double) full / w <= factor * 1.2 && w < *level_width)
        {
          best = i;
          *level_width = w;
        }
    }
  return best;
}

static GDALDatasetH
warp_locked (RaRaster *self, GDALDatasetH src, const RaBBox *box, const char *resampling,
             const char *type, GError **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  GDALWarpAppOptions *opts;
  GDALDatasetH out;
  RaBBox sbox;
  double src_w = GDALGetRasterXSize (src), factor = 1.0, side;
  int level = -2, level_width = (int) src_w, usage_error = FALSE;
  char num[4][G_ASCII_DTOSTR_BUF_SIZE];

  /* The source pixels of one tile pixel pick the overview. */
  if (ra_transform_bbox (self->to_source, box, &sbox))
    {
      double src_px = (self->extent.x1 - self->extent.x0) / src_w;

      factor = MAX ((sbox.x1 - sbox.x0), (sbox.y1 - sbox.y0)) / TILE_PX / src_px;
      level = pick_overview (src, factor, &level_width);
    }
  g_ptr_array_add (argv, g_strdup ("-of"));
  g_ptr_array_add (argv, g_strdup ("MEM"));
  g_ptr_array_add (argv, g_strdup ("-t_srs"));
  g_ptr_array_add (argv, g_strdup (ra_crs_get_definition (self->map_crs)));
  g_ptr_array_add (argv, g_strdup ("-te"));
  g_ascii_dtostr (num[0], sizeof num[0], box->x0);
  g_ascii_dtostr (num[1], sizeof num[1], box->y0);
  g_ascii_dtostr (num[2], sizeof num[2], box->x1);
  g_ascii_dtostr (num[3], sizeof num[3], box->y1);
  for (int i = 0; i < 4; i++)
    g_ptr_array_add (argv, g_strdup (num[i]));
  g_ptr_array_add (argv, g_strdup ("-ts"));
  g_ptr_array_add (argv, g_strdup_printf ("%d", TILE_PX));
  g_ptr_array_add (argv, g_strdup_printf ("%d", TILE_PX));
  g_ptr_array_add (argv, g_strdup ("-r"));
  g_ptr_array_add (argv, g_strdup (resampling));
  g_ptr_array_add (argv, g_strdup ("-ot"));
  g_ptr_array_add (argv, g_strdup (type));
  g_ptr_array_add (argv, g_strdup ("-dstalpha"));
  g_ptr_array_add (argv, g_strdup ("-ovr"));
  g_ptr_array_add (argv, level == -2 ? g_strdup ("AUTO")
                         : level < 0 ? g_strdup ("NONE") : g_strdup_printf ("%d", level));
  g_ptr_array_add (argv, NULL);

  opts = GDALWarpAppOptionsNew ((char **) argv->pdata, NULL);
  CPLErrorReset ();
  out = GDALWarp ("", NULL, 1, &src, opts, &usage_error);
  GDALWarpAppOptionsFree (opts);
  if (out == NULL)
    {
      ra_error_from_cpl (error, RA_ERROR_FAILED, self->path, _("cannot warp the raster"));
      return NULL;
    }
  self->stats.n_warps++;
  self->stats.last_overview = level < -1 ? -1 : level;
  /* The tile's side in pixels of the level read. */
  side = ceil (TILE_PX * factor * level_width / src_w);
  self->stats.source_pixels += (guint64) side * (guint64) side;
  return out;
}

/* ------------------------------------------------------------------ */
/* Colours                                                            */

static inline guint32
argb (guint r, guint g, guint b, guint a)
{
  /* cairo's ARGB32 is premultiplied. */
  return (a << 24) | ((r * a + 127) / 255) << 16 | ((g * a + 127) / 255) << 8 | ((b * a + 127) / 255);
}

static gboolean
read_bytes (GDALDatasetH ds, int band, guint8 *buf)
{
  return GDALRasterIO (GDALGetRasterBand (ds, band), GF_Read, 0, 0, TILE_PX, TILE_PX, buf,
                       TILE_PX, TILE_PX, GDT_Byte, 0, 0) == CE_None;
}

/* Fills px (TILE_PX² ARGB) from a warped tile of the raster itself;
 * returns whether any pixel shows. */
static gboolean
colour_plain_locked (RaRaster *self, GDALDatasetH w, guint32 *px)
{
  const gsize n = TILE_PX * TILE_PX;
  int nb = GDALGetRasterCount (w);
  g_autofree guint8 *alpha = g_malloc (n);
  g_autofree guint8 *c = g_malloc (3 * n);
  gboolean any = FALSE;

  if (!read_bytes (w, nb, alpha))
    return FALSE;
  if (self->kind == RA_RASTER_GREY)
    {
      g_autofree float *v = g_new (float, n);
      double span = self->max > self->min ? self->max - self->min : 1.0;

      if (GDALRasterIO (GDALGetRasterBand (w, 1), GF_Read, 0, 0, TILE_PX, TILE_PX, v,
                        TILE_PX, TILE_PX, GDT_Float32, 0, 0) != CE_None)
        return FALSE;
      for (gsize i = 0; i < n; i++)
        {
          guint g = (guint) CLAMP ((v[i] - self->min) / span * 255.0 + 0.5, 0, 255);

          px[i] = argb (g, g, g, alpha[i]);
          any |= alpha[i] != 0;
        }
      return any;
    }
  if (self->kind == RA_RASTER_PALETTE)
    {
      GDALColorTableH ct = GDALGetRasterColorTable (GDALGetRasterBand (self->ds, 1));
      int n_entries = GDALGetColorEntryCount (ct);

      if (!read_bytes (w, 1, c))
        return FALSE;
      for (gsize i = 0; i < n; i++)
        {
          const GDALColorEntry *e = c[i] < n_entries ? GDALGetColorEntry (ct, c[i]) : NULL;
          guint a = e != NULL ? (guint) e->c4 * alpha[i] / 255 : 0;

          px[i] = e != NULL ? argb (e->c1, e->c2, e->c3, a) : 0;
          any |= a != 0;
        }
      return any;
    }
  for (int b = 0; b < 3; b++)
    if (!read_bytes (w, b + 1, c + b * n))
      return FALSE;
  for (gsize i = 0; i < n; i++)
    {
      px[i] = argb (c[i], c[n + i], c[2 * n + i], alpha[i]);
      any |= alpha[i] != 0;
    }
  return any;
}

/* Hillshade, times the tint when there is one. */
static gboolean
colour_shaded (GDALDatasetH shade, GDALDatasetH tint, guint32 *px)
{
  const gsize n = TILE_PX * TILE_PX;
  g_autofree guint8 *s = g_malloc (2 * n);
  g_autofree guint8 *t = tint != NULL ? g_malloc (4 * n) : NULL;
  gboolean any = FALSE;

  if (!read_bytes (shade, 1, s) || !read_bytes (shade, GDALGetRasterCount (shade), s + n))
    return FALSE;
  for (int b = 0; tint != NULL && b < 4; b++)
    if (!read_bytes (tint, MIN (b + 1, GDALGetRasterCount (tint)), t + b * n))
      return FALSE;
  for (gsize i = 0; i < n; i++)
    {
      guint a = s[n + i], g = s[i];

      if (t != NULL)
        {
          /* Multiply, lifted so shadows keep their hue. */
          double f = 0.3 + 0.7 * g / 255.0;

          a = MIN (a, t[3 * n + i]);
          px[i] = argb ((guint) (t[i] * f), (guint) (t[n + i] * f), (guint) (t[2 * n + i] * f), a);
        }
      else
        px[i] = argb (g, g, g, a);
      any |= a != 0;
    }
  return any;
}

static void
ensure_minmax_locked (RaRaster *self)
{
  double mm[2];

  if (self->have_minmax)
    return;
  self->have_minmax = TRUE;
  CPLPushErrorHandler (CPLQuietErrorHandler);
  if (GDALComputeRasterMinMax (GDALGetRasterBand (self->ds, 1), TRUE, mm) == CE_None)
    {
      self->min = mm[0];
      self->max = mm[1];
    }
  CPLPopErrorHandler ();
}

/* (transfer full) (nullable): the tile's image, NULL when nothing shows. */
static cairo_surface_t *
make_tile_locked (RaRaster *self, const RaBBox *box, GError **error)
{
  g_autoptr(cairo_surface_t) surface = NULL;
  g_auto(GDALDatasetH) w = NULL;
  g_auto(GDALDatasetH) wt = NULL;
  guint32 *px;
  gboolean any;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, TILE_PX, TILE_PX);
  g_assert (cairo_image_surface_get_stride (surface) == TILE_PX * 4);
  cairo_surface_flush (surface);
  px = (guint32 *) cairo_image_surface_get_data (surface);
  if (self->shading != RA_RASTER_SHADE_NONE && self->shade_ds != NULL)
    {
      w = warp_locked (self, self->shade_ds, box, "bilinear", "Byte", error);
      if (w != NULL && self->tint_ds != NULL)
        wt = warp_locked (self, self->tint_ds, box, "bilinear", "Byte", error);
      if (w == NULL || (self->tint_ds != NULL && wt == NULL))
        return NULL;
      any = colour_shaded (w, wt, px);
    }
  else
    {
      gboolean grey = self->kind == RA_RASTER_GREY;

      if (grey)
        ensure_minmax_locked (self);
      /* Byte stays Byte: GDAL's warper has fast kernels for it. */
      gboolean byte = GDALGetRasterDataType (GDALGetRasterBand (self->ds, 1)) == GDT_Byte;

      w = warp_locked (self, self->ds, box, self->kind == RA_RASTER_PALETTE ? "near" : "bilinear",
                       grey && !byte ? "Float32" : "Byte", error);
      if (w == NULL)
        return NULL;
      any = colour_plain_locked (self, w, px);
    }
  cairo_surface_mark_dirty (surface);
  return any ? g_steal_pointer (&surface) : NULL;
}

/* ------------------------------------------------------------------ */
/* Painting                                                           */

/* The view's top-left on the tile grid: whole pixels plus a phase in
 * 1/256 px that stays the same while the view pans by whole pixels. */
static void
grid_origin (double g, gint64 *whole, int *phase)
{
  double f = floor (g);

  *phase = (int) lround ((g - f) * 256.0);
  *whole = (gint64) f;
  if (*phase >= 256)
    {
      *phase -= 256;
      (*whole)++;
    }
}

static gboolean
paint_tile_locked (RaRaster *self, cairo_t *cr, const RaView *view, gint64 i, gint64 j,
                   int phx, int phy, gint64 ox, gint64 oy, double opacity)
{
  double res = view->resolution;
  RaBBox box;
  char *key;
  Tile *tile;

  box.x0 = ((double) i * TILE_PX + phx / 256.0) * res;
  box.x1 = box.x0 + TILE_PX * res;
  box.y1 = -((double) j * TILE_PX + phy / 256.0) * res;
  box.y0 = box.y1 - TILE_PX * res;
  if (!ra_bbox_intersects (&box, &self->map_extent))
    return TRUE;
  key = g_strdup_printf ("%s|%.17g|%d|%d|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%d",
                         ra_crs_get_definition (self->map_crs), res, phx, phy, i, j,
                         self->shading);
  tile = cache_lookup_locked (self, key);
  if (tile != NULL)
    {
      g_free (key);
      self->stats.n_cache_hits++;
    }
  else
    {
      g_autoptr(GError) error = NULL;
      cairo_surface_t *surface = make_tile_locked (self, &box, &error);

      if (error != NULL)
        {
          /* A tile server that does not answer (offline) is no bug: said
           * in the log once, the rest of the map draws. */
          if (!self->warned)
            g_message ("%s", error->message);
          self->warned = TRUE;
          g_free (key);
          return FALSE;
        }
      tile = cache_insert_locked (self, key, surface);
    }
  if (tile->surface != NULL)
    {
      cairo_save (cr);
      cairo_set_source_surface (cr, tile->surface, (double) (i * TILE_PX - ox),
                                (double) (j * TILE_PX - oy));
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
      cairo_rectangle (cr, (double) (i * TILE_PX - ox), (double) (j * TILE_PX - oy),
                       TILE_PX, TILE_PX);
      cairo_clip (cr);
      cairo_paint_with_alpha (cr, opacity);
      cairo_restore (cr);
    }
  return TRUE;
}

/**
 * ra_raster_paint:
 * @cr: user space = the view's device pixels
 * @cancellable: (nullable): checked between tiles
 */
gboolean
ra_raster_paint (RaRaster *self, cairo_t *cr, const RaView *view, RaCrs *map_crs,
                 double opacity, GCancellable *cancellable)
{
  double res, cx0, cy0, cx1, cy1;
  gint64 ox, oy;
  int phx, phy;
  gboolean ok = TRUE;

  g_return_val_if_fail (RA_IS_RASTER (self), FALSE);
  g_return_val_if_fail (cr != NULL && view != NULL && map_crs != NULL, FALSE);

  if (opacity <= 0.0)
    return TRUE;
  res = view->resolution;
  grid_origin ((view->cx - view->width / 2.0 * res) / res, &ox, &phx);
  grid_origin (-(view->cy + view->height / 2.0 * res) / res, &oy, &phy);
  cairo_clip_extents (cr, &cx0, &cy0, &cx1, &cy1);
  cx0 = MAX (cx0, 0);
  cy0 = MAX (cy0, 0);
  cx1 = MIN (cx1, view->width);
  cy1 = MIN (cy1, view->height);
  if (cx1 <= cx0 || cy1 <= cy0)
    return TRUE;

  g_mutex_lock (&self->mutex);
  if (!prepare_map_crs_locked (self, map_crs))
    {
      g_mutex_unlock (&self->mutex);
      return FALSE;
    }
  for (gint64 j = (gint64) floor ((cy0 + oy) / TILE_PX);
       ok && j <= (gint64) floor ((cy1 - 1 + oy) / TILE_PX); j++)
    for (gint64 i = (gint64) floor ((cx0 + ox) / TILE_PX);
         ok && i <= (gint64) floor ((cx1 - 1 + ox) / TILE_PX); i++)
      {
        if (cancellable != NULL && g_cancellable_is_cancelled (cancellable))
          ok = FALSE;
        else
          ok = paint_tile_locked (self, cr, view, i, j, phx, phy, ox, oy, opacity);
      }
  g_mutex_unlock (&self->mutex);
  return ok;
}
