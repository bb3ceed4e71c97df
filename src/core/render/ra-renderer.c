/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The renderer's public entry points: drawing a snapshot for a view onto
 * any cairo context (layer by layer, then the labels), onto an image on
 * both cores, and into PNG, PDF or SVG files.  The parts are listed in
 * ra-renderer-private.h. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

#include <glib/gi18n-lib.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "ra-threads.h"
#include "ra-paths.h"
#include "ra-autocleanups.h"
#include "ra-error.h"
#include "ra-png-writer.h"
#include "ra-raster.h"
#include "ra-renderer-private.h"

/* Fixed creation date so PDF output is reproducible. */
#define RA_PDF_CREATE_DATE "2024-01-01T00:00:00Z"

void
ra_render_options_init (RaRenderOptions *opts)
{
  g_return_if_fail (opts != NULL);

  memset (opts, 0, sizeof *opts);
  opts->draw_background = TRUE;
  opts->background = (RaColor) { 1.0, 1.0, 1.0, 1.0 };
  opts->draw_labels = TRUE;
  opts->draw_line_labels = TRUE;
  opts->label_scale = 1.0;
  opts->symbol_scale = 1.0;
}

char *
ra_render_line_label_text (double dn_mm, double length_km)
{
  g_autofree char *length = NULL;

  /* Lengths as the app shows them (ra_network_format_length): metres to
   * one decimal below 1 km, else km to two. */
  if (isfinite (length_km) && length_km >= 0.0)
    length = length_km < 1.0
             /* TRANSLATORS: live length of a line being drawn, in metres */
             ? g_strdup_printf (_("%.1f m"), length_km * 1000.0)
             /* TRANSLATORS: live length of a line being drawn, in kilometres */
             : g_strdup_printf (_("%.2f km"), length_km);
  if (isfinite (dn_mm) && dn_mm > 0.0)
    {
      if (length != NULL)
        /* TRANSLATORS: label along a pipeline on the map: its nominal
         * diameter in mm and its length, e.g. "DN600 · 12.35 km" */
        return g_strdup_printf (_("DN%g · %s"), dn_mm, length);
      /* TRANSLATORS: label along a pipeline on the map without a known
       * length: its nominal diameter in mm, e.g. "DN600" */
      return g_strdup_printf (_("DN%g"), dn_mm);
    }
  return g_steal_pointer (&length);
}

static gboolean draw_rows (RaMapSnapshot *snap, const RaView *view, const RaRenderOptions *opts,
                           cairo_t *cr, GCancellable *cancellable, RaRenderStats *stats,
                           int row0, int row1, gboolean labels_only);

/**
 * ra_renderer_draw_with_stats:
 * @snap: what to draw
 * @view: where; its device pixels are @cr's user-space units
 * @opts: (nullable): options, defaults when NULL
 * @cr: any cairo context (image, PDF, SVG, a widget's snapshot)
 * @cancellable: (nullable): checked between layers and every ~2000 features
 * @stats: (nullable): counters, reset first
 *
 * Returns: FALSE if cancelled (the surface then holds a partial map)
 */
gboolean
ra_renderer_draw_with_stats (RaMapSnapshot         *snap,
                             const RaView          *view,
                             const RaRenderOptions *opts,
                             cairo_t               *cr,
                             GCancellable          *cancellable,
                             RaRenderStats         *stats)
{
  g_return_val_if_fail (snap != NULL, FALSE);
  g_return_val_if_fail (view != NULL, FALSE);
  g_return_val_if_fail (view->resolution > 0.0, FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);

  return draw_rows (snap, view, opts, cr, cancellable, stats, 0, view->height, FALSE);
}

/* Draws what falls on device rows [row0, row1) of the view (cr may be
 * translated so only those rows land on its surface): the features are
 * culled to those rows, everything else is as for the whole view. */
static gboolean
draw_rows (RaMapSnapshot         *snap,
           const RaView          *view,
           const RaRenderOptions *opts,
           cairo_t               *cr,
           GCancellable          *cancellable,
           RaRenderStats         *stats,
           int                    row0,
           int                    row1,
           gboolean               labels_only)
{
  RaRenderOptions defaults;
  DrawState st = { 0 };
  gboolean ok = TRUE;

  if (opts == NULL)
    {
      ra_render_options_init (&defaults);
      opts = &defaults;
    }
  if (stats)
    {
      stats->n_features = 0;
      stats->n_vertices = 0;
      stats->n_labels = 0;
      stats->n_labels_skipped = 0;
    }

  st.cr = cr;
  st.view = view;
  st.cancellable = cancellable;
  st.stats = stats;
  st.want_labels = opts->draw_labels;
  st.want_line_labels = opts->draw_labels && opts->draw_line_labels;
  st.labels_only = labels_only;
  st.crs = snap->crs;
  ra_xform_init (&st.xf, view);
  ra_view_get_bbox (view, &st.query);
  if (row0 > 0 || row1 < view->height)
    {
      st.query.y1 = view->cy + (view->height / 2.0 - row0) * view->resolution;
      st.query.y0 = view->cy + (view->height / 2.0 - row1) * view->resolution;
    }

  if (cancellable != NULL && g_cancellable_is_cancelled (cancellable))
    return FALSE;

  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_GRAY);
  cairo_new_path (cr);

  if (opts->draw_background && !labels_only)
    {
      cairo_save (cr);
      ra_cairo_set_color (cr, &opts->background);
      cairo_rectangle (cr, 0, 0, view->width, view->height);
      cairo_fill (cr);
      cairo_restore (cr);
    }

  st.ids = g_array_new (FALSE, FALSE, sizeof (guint));
  ra_dev_buf_init (&st.polys);
  ra_dev_buf_init (&st.lines);
  st.points = g_array_new (FALSE, FALSE, sizeof (double));
  st.labels = g_array_new (FALSE, FALSE, sizeof (LabelCandidate));
  g_array_set_clear_func (st.labels, ra_render_label_candidate_clear);
  st.poly_cls = g_ptr_array_new ();
  st.line_cls = g_ptr_array_new ();
  st.point_cls = g_ptr_array_new ();
  st.line_widths = g_array_new (FALSE, FALSE, sizeof (double));
  st.symbols = g_array_new (FALSE, FALSE, sizeof (Symbol));
  st.obstacles = g_array_new (FALSE, FALSE, sizeof (RaBBox));

  for (guint i = 0; ok && i < snap->layers->len; i++)
    {
      SnapLayer *sl = g_ptr_array_index (snap->layers, i);

      if (ra_draw_state_is_cancelled (&st))
        ok = FALSE;
      else if (sl->raster != NULL && labels_only)
        continue;
      else if (sl->raster != NULL)
        {
          /* A failed warp leaves the raster out, not the map. */
          if (snap->crs != NULL && sl->paint_raster != NULL)
            sl->paint_raster (sl->raster, cr, view, snap->crs, sl->opacity, cancellable);
          ok = !ra_draw_state_is_cancelled (&st);
        }
      else
        ok = ra_render_draw_layer (&st, sl, i, opts->symbol_scale);
    }

  if (ok && ra_draw_state_is_cancelled (&st))
    ok = FALSE;
  if (ok && opts->under_labels != NULL)
    {
      cairo_save (cr);
      opts->under_labels (cr, opts->under_labels_data);
      cairo_restore (cr);
    }
  if (ok && opts->draw_labels && snap->draw_labels != NULL)
    snap->draw_labels (cr, snap, view, &st.xf, opts, st.labels, st.obstacles, stats);

  g_array_unref (st.ids);
  ra_coord_scratch_clear (&st.coords);
  ra_dev_buf_clear (&st.polys);
  ra_dev_buf_clear (&st.lines);
  g_array_unref (st.points);
  g_array_unref (st.labels);
  g_ptr_array_unref (st.poly_cls);
  g_ptr_array_unref (st.line_cls);
  g_ptr_array_unref (st.point_cls);
  g_array_unref (st.line_widths);
  g_array_unref (st.symbols);
  g_array_unref (st.obstacles);
  cairo_restore (cr);
  return ok;
}

gboolean
ra_renderer_draw (RaMapSnapshot         *snap,
                  const RaView          *view,
                  const RaRenderOptions *opts,
                  cairo_t               *cr,
                  GCancellable          *cancellable)
{
  return ra_renderer_draw_with_stats (snap, view, opts, cr, cancellable, NULL);
}

/* ------------------------------------------------------------------ */
/* Both cores on one image                                            */

/* Horizontal bands per thread: more bands than threads balance the load
 * (the east of China holds far more detail than the west... and north and
 * south differ as much), fewer keep the features that cross band edges
 * from being prepared twice. */
#define RA_BANDS_PER_THREAD 2
/* Views smaller than this are drawn by one thread. */
#define RA_PARALLEL_MIN_PIXELS (256 * 256)

typedef struct {
  RaMapSnapshot         *snap;
  const RaView          *view;
  const RaRenderOptions *opts;
  GCancellable          *cancellable;
  guchar                *data;
  cairo_format_t         format;
  int                    stride;
  int                    n_bands;
  int                    next_band;   /* atomic */
  int                    cancelled;   /* atomic */
  RaRenderStats          stats[2];
} BandJob;

/* A streamed layer is read once, by one thread. */
static gboolean
has_streams (RaMapSnapshot *snap)
{
  for (guint i = 0; i < snap->layers->len; i++)
    if (((SnapLayer *) g_ptr_array_index (snap->layers, i))->next != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
wants_labels (RaMapSnapshot *snap, const RaRenderOptions *opts)
{
  if (opts != NULL && !opts->draw_labels)
    return FALSE;
  for (guint i = 0; i < snap->layers->len; i++)
    {
      SnapLayer *sl = g_ptr_array_index (snap->layers, i);

      if (sl->style->label_field != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
draw_bands (BandJob *job, RaRenderStats *stats)
{
  int band;

  while ((band = g_atomic_int_add (&job->next_band, 1)) < job->n_bands)
    {
      int h = job->view->height;
      int row0 = (int) ((gint64) h * band / job->n_bands);
      int row1 = (int) ((gint64) h * (band + 1) / job->n_bands);
      g_autoptr(cairo_surface_t) part = NULL;
      g_autoptr(cairo_t) cr = NULL;
      RaRenderStats band_stats = { 0 };

      if (row1 <= row0)
        continue;
      /* A view of the rows of the shared image: no cairo object is shared
       * between threads and the bands never overlap. */
      part = cairo_image_surface_create_for_data (job->data + (gsize) row0 * job->stride,
                                                  job->format, job->view->width,
                                                  row1 - row0, job->stride);
      cr = cairo_create (part);
      cairo_translate (cr, 0, -row0);
      if (!draw_rows (job->snap, job->view, job->opts, cr, job->cancellable,
                      &band_stats, row0, row1, FALSE))
        g_atomic_int_set (&job->cancelled, 1);
      cairo_surface_flush (part);
      stats->n_features += band_stats.n_features;
      stats->n_vertices += band_stats.n_vertices;
    }
}

static gpointer
draw_bands_thread (gpointer data)
{
  BandJob *job = data;

  draw_bands (job, &job->stats[1]);
  return NULL;
}

/**
 * ra_renderer_draw_image:
 * @image: an ARGB32 or RGB24 image surface of the view's size
 * @opts: (nullable): options, defaults when NULL
 * @cancellable: (nullable)
 * @stats: (nullable): counters; features and vertices are summed over the
 *   bands, so features crossing a band edge count once per band
 *
 * ra_renderer_draw for an image surface, on every core: the view is cut into
 * horizontal bands that worker threads draw side by side into @image.  The
 * pixels are those of ra_renderer_draw up to antialiasing rounding.  With
 * labels (placement is global) or a small view it simply calls
 * ra_renderer_draw.
 *
 * Returns: FALSE if cancelled
 */
gboolean
ra_renderer_draw_image (RaMapSnapshot         *snap,
                        const RaView          *view,
                        const RaRenderOptions *opts,
                        cairo_surface_t       *image,
                        GCancellable          *cancellable,
                        RaRenderStats         *stats)
{
  BandJob job = { 0 };
  RaRenderOptions band_opts;
  RaRenderStats label_stats = { 0 };
  gboolean labels;
  cairo_format_t format;
  guint n_threads;
  GThread *helper = NULL;

  g_return_val_if_fail (snap != NULL, FALSE);
  g_return_val_if_fail (view != NULL, FALSE);
  g_return_val_if_fail (view->resolution > 0.0, FALSE);
  g_return_val_if_fail (image != NULL, FALSE);

  format = cairo_surface_get_type (image) == CAIRO_SURFACE_TYPE_IMAGE
           ? cairo_image_surface_get_format (image) : CAIRO_FORMAT_INVALID;
  n_threads = MIN (ra_get_n_threads (), 2);
  if ((format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_RGB24) ||
      cairo_image_surface_get_width (image) != view->width ||
      cairo_image_surface_get_height (image) != view->height ||
      n_threads < 2 || (gint64) view->width * view->height < RA_PARALLEL_MIN_PIXELS ||
      has_streams (snap))
    {
      g_autoptr(cairo_t) cr = cairo_create (image);

      return ra_renderer_draw_with_stats (snap, view, opts, cr, cancellable, stats);
    }

  /* With labels (placed over the whole view): the bands draw the features
   * only, then one pass on this thread collects the labels as a single
   * draw does (the same candidates and obstacles, in the same order) and
   * draws them on top, last, as ra_renderer_draw does. */
  labels = wants_labels (snap, opts);
  if (opts == NULL)
    ra_render_options_init (&band_opts);
  else
    band_opts = *opts;
  if (labels)
    {
      band_opts.draw_labels = FALSE;
      band_opts.under_labels = NULL;
    }
  cairo_surface_flush (image);
  job.snap = snap;
  job.view = view;
  job.opts = &band_opts;
  job.cancellable = cancellable;
  job.data = cairo_image_surface_get_data (image);
  job.format = format;
  job.stride = cairo_image_surface_get_stride (image);
  job.n_bands = (int) (n_threads * RA_BANDS_PER_THREAD);
  helper = g_thread_new ("ra-render-band", draw_bands_thread, &job);
  draw_bands (&job, &job.stats[0]);
  g_thread_join (helper);
  cairo_surface_mark_dirty (image);
  if (labels && !g_atomic_int_get (&job.cancelled))
    {
      g_autoptr(cairo_t) cr = cairo_create (image);

      label_stats.label_boxes = stats != NULL ? stats->label_boxes : NULL;
      label_stats.label_places = stats != NULL ? stats->label_places : NULL;
      if (!draw_rows (snap, view, opts, cr, cancellable, &label_stats, 0, view->height, TRUE))
        g_atomic_int_set (&job.cancelled, 1);
      cairo_surface_flush (image);
    }
  if (stats != NULL)
    {
      stats->n_features = job.stats[0].n_features + job.stats[1].n_features;
      stats->n_vertices = job.stats[0].n_vertices + job.stats[1].n_vertices;
      stats->n_labels = label_stats.n_labels;
      stats->n_labels_skipped = label_stats.n_labels_skipped;
    }
  return !g_atomic_int_get (&job.cancelled);
}

/* ------------------------------------------------------------------ */
/* Files                                                              */

typedef enum {
  FORMAT_UNKNOWN,
  FORMAT_PNG,
  FORMAT_PDF,
  FORMAT_SVG,
} FileFormat;

static FileFormat
format_for_path (const char *path)
{
  const char *dot = strrchr (path, '.');

  if (dot == NULL || strchr (dot, G_DIR_SEPARATOR) != NULL)
    return FORMAT_UNKNOWN;
  if (g_ascii_strcasecmp (dot, ".png") == 0)
    return FORMAT_PNG;
  if (g_ascii_strcasecmp (dot, ".pdf") == 0)
    return FORMAT_PDF;
  if (g_ascii_strcasecmp (dot, ".svg") == 0)
    return FORMAT_SVG;
  return FORMAT_UNKNOWN;
}

static gboolean
set_cairo_error (GError **error, const char *path, cairo_status_t status)
{
  g_autofree char *name = ra_path_display_name (path);

  g_set_error (error, RA_ERROR, RA_ERROR_WRITE, _("%s: cannot write the file (%s)"),
               name, cairo_status_to_string (status));
  return FALSE;
}

/* The image of a PNG export, its pixels in memory of their own: in 2 MB
 * pages where the kernel gives them (transparent huge pages on request,
 * MADV_HUGEPAGE): the first touch of the 8 MB of a 1920x1080 image is then
 * four page faults instead of 2,025, which is what drawing into fresh
 * memory mostly costs (on a virtual machine each fault traps into the
 * host).  RA_RENDER_HUGEPAGE=0: cairo's own allocation. */
static cairo_surface_t *
new_export_image (int width, int height)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  static const cairo_user_data_key_t key;
  const gsize huge = 2 * 1024 * 1024;
  const char *env = g_getenv ("RA_RENDER_HUGEPAGE");
  int stride = cairo_format_stride_for_width (CAIRO_FORMAT_ARGB32, width);
  gsize size, alloc;
  guchar *data;
  cairo_surface_t *surface;

  if ((env != NULL && g_strcmp0 (env, "0") == 0) || stride <= 0 || height <= 0)
    return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  size = (gsize) stride * (gsize) height;
  if (size < huge)
    return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  alloc = (size + huge - 1) / huge * huge;
  data = aligned_alloc (huge, alloc);
  if (data == NULL)
    return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  madvise (data, alloc, MADV_HUGEPAGE);
  surface = cairo_image_surface_create_for_data (data, CAIRO_FORMAT_ARGB32, width, height, stride);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS ||
      cairo_surface_set_user_data (surface, &key, data, free) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      free (data);
      return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
    }
  return surface;
#else
  return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
#endif
}

/**
 * ra_renderer_render_to_file:
 * @opts: (nullable): defaults when NULL; PNG always gets a white page
 *   below an optional background
 * @error: RA_ERROR_INVALID_ARGUMENT for an unknown extension,
 *   RA_ERROR_WRITE when the file cannot be written; messages name the file
 */
gboolean
ra_renderer_render_to_file (RaMapSnapshot *snap, const RaView *view,
                            const RaRenderOptions *opts,
                            const char *path, GError **error)
{
  g_autoptr(cairo_surface_t) surface = NULL;
  g_autoptr(cairo_t) cr = NULL;
  cairo_status_t status;
  FileFormat format;

  g_return_val_if_fail (snap != NULL, FALSE);
  g_return_val_if_fail (view != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  format = format_for_path (path);
  switch (format)
    {
    case FORMAT_PNG:
      surface = new_export_image (view->width, view->height);
      break;
    case FORMAT_PDF:
      /* Page in points; the map is drawn in 96 dpi pixels scaled to fit. */
      surface = cairo_pdf_surface_create (path, view->width * 72.0 / 96.0,
                                          view->height * 72.0 / 96.0);
      if (cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE,
                                        RA_PDF_CREATE_DATE);
      break;
    case FORMAT_SVG:
      surface = cairo_svg_surface_create (path, view->width, view->height);
      if (cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS)
        cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
      break;
    case FORMAT_UNKNOWN:
    default:
      {
        g_autofree char *name = ra_path_display_name (path);
        g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                     _("%s: unknown output format (use .png, .pdf or .svg)"), name);
        return FALSE;
      }
    }

  status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    return set_cairo_error (error, path, status);

  cr = cairo_create (surface);
  if (format == FORMAT_PDF)
    cairo_scale (cr, 72.0 / 96.0, 72.0 / 96.0);
  /* A white page under the map, unless an opaque background covers it
   * anyway (one pass less over the image's 8 MB at 1920x1080). */
  if (format == FORMAT_PNG &&
      !(opts != NULL && opts->draw_background && opts->background.a >= 1.0))
    {
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
    }

  if (format == FORMAT_PNG)
    {
      /* Both cores; the image is only ours here. */
      g_clear_pointer (&cr, cairo_destroy);
      ra_renderer_draw_image (snap, view, opts, surface, NULL, NULL);
      cr = cairo_create (surface);
    }
  else
    ra_renderer_draw (snap, view, opts, cr, NULL);

  status = cairo_status (cr);
  if (status != CAIRO_STATUS_SUCCESS)
    return set_cairo_error (error, path, status);
  g_clear_pointer (&cr, cairo_destroy);

  if (format == FORMAT_PNG)
    {
      status = ra_png_write_opaque (surface, path);
      if (status == CAIRO_STATUS_INVALID_FORMAT)
        status = cairo_surface_write_to_png (surface, path);
    }
  else
    {
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  if (status != CAIRO_STATUS_SUCCESS)
    return set_cairo_error (error, path, status);
  return TRUE;
}
