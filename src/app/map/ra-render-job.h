/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A debounced render in a worker thread, for the widgets that show an
 * image drawn by the core (the map view, the layout preview): schedule
 * after each change; once the quiet time has passed, what to draw is taken
 * on the main thread (prepare), drawn in a GTask thread (render) and the
 * image handed back on the main thread (done).  A newer schedule cancels
 * the render under way: only the latest one is delivered. */

typedef struct {
  /* Main thread: what to draw, copied now (a map snapshot, a layout);
   * NULL when there is nothing to draw yet. */
  gpointer          (*prepare)  (gpointer owner);
  /* Worker thread: data drawn into a new image; NULL when cancelled. */
  cairo_surface_t  *(*render)   (gpointer data, GCancellable *cancellable);
  /* Main thread: the image of the latest render, as a texture over the
   * surface's pixels (both transfer none), with the data it was drawn
   * from. */
  void              (*done)     (gpointer owner, GdkTexture *texture, cairo_surface_t *surface,
                                 gpointer data);
  GDestroyNotify      free_data;
} RaRenderJobFuncs;

#define RA_TYPE_RENDER_JOB (ra_render_job_get_type ())
G_DECLARE_FINAL_TYPE (RaRenderJob, ra_render_job, RA, RENDER_JOB, GObject)

/* funcs (static) are called with owner, which must call
 * ra_render_job_stop before it goes. */
RaRenderJob *ra_render_job_new      (const RaRenderJobFuncs *funcs, gpointer owner,
                                     guint delay_ms);
/* Cancels the render under way and starts the quiet time again. */
void         ra_render_job_schedule (RaRenderJob *self);
/* Starts the render that is waiting out the quiet time at once; nothing
 * when none is waiting. */
void         ra_render_job_run_now  (RaRenderJob *self);
/* Whether a render waits or runs. */
gboolean     ra_render_job_is_busy  (RaRenderJob *self);
/* Cancels everything; nothing is delivered to the owner any more. */
void         ra_render_job_stop     (RaRenderJob *self);
/* Stops *job and drops it (the owner's dispose). */
void         ra_render_job_clear    (RaRenderJob **job);

G_END_DECLS
