/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ra-render-job.h"

/* One render job serves one widget.  Each start cancels the render before
 * it and counts a generation, so a result that comes back late (its
 * thread finished just before the cancel) is never shown over a newer
 * one.  The task's source object is the job, not the widget: the worker
 * sees only the copied data, and a widget gone meanwhile is simply not
 * called (ra_render_job_stop). */

struct _RaRenderJob
{
  GObject                 parent_instance;

  /* borrowed */
  const RaRenderJobFuncs *funcs;
  gpointer                owner;          /* NULL once stopped */

  /* owned */
  GCancellable           *cancellable;    /* the render under way */
  guint                   source;         /* the quiet time */
  guint                   delay_ms;
  guint                   generation;
};

G_DEFINE_FINAL_TYPE (RaRenderJob, ra_render_job, G_TYPE_OBJECT)

typedef struct {
  const RaRenderJobFuncs *funcs;
  gpointer                data;
  guint                   generation;
} Work;

static void
work_free (Work *work)
{
  if (work->data != NULL && work->funcs->free_data != NULL)
    work->funcs->free_data (work->data);
  g_free (work);
}

static void
cancel (RaRenderJob *self)
{
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Work *work = task_data;
  cairo_surface_t *surface = work->funcs->render (work->data, cancellable);

  if (surface == NULL || g_cancellable_is_cancelled (cancellable))
    {
      g_clear_pointer (&surface, cairo_surface_destroy);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Render cancelled");
    }
  else
    g_task_return_pointer (task, surface, (GDestroyNotify) cairo_surface_destroy);
}

static void
render_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  RaRenderJob *self = RA_RENDER_JOB (object);
  GTask *task = G_TASK (result);
  Work *work = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  cairo_surface_t *surface;
  int width, height, stride;

  if (g_task_get_cancellable (task) == self->cancellable)
    g_clear_object (&self->cancellable);

  surface = g_task_propagate_pointer (task, &error);
  if (surface == NULL)
    return;   /* cancelled: a newer render replaces it */
  if (self->owner == NULL || work->generation != self->generation)
    {
      cairo_surface_destroy (surface);
      return;
    }

  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);
  /* The texture borrows the surface's pixels; cairo ARGB32 is
   * GDK_MEMORY_DEFAULT (premultiplied BGRA in native byte order). */
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) stride * height,
                                      (GDestroyNotify) cairo_surface_destroy,
                                      cairo_surface_reference (surface));
  texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes, stride);
  self->funcs->done (self->owner, texture, surface, work->data);
  cairo_surface_destroy (surface);
}

static void
start (RaRenderJob *self)
{
  g_autoptr(GTask) task = NULL;
  gpointer data;
  Work *work;

  if (self->owner == NULL || (data = self->funcs->prepare (self->owner)) == NULL)
    return;

  cancel (self);
  self->cancellable = g_cancellable_new ();
  work = g_new0 (Work, 1);
  work->funcs = self->funcs;
  work->data = data;
  work->generation = ++self->generation;

  task = g_task_new (self, self->cancellable, render_done_cb, NULL);
  g_task_set_source_tag (task, start);
  g_task_set_task_data (task, work, (GDestroyNotify) work_free);
  g_task_run_in_thread (task, render_thread);
}

static gboolean
timeout_cb (gpointer user_data)
{
  RaRenderJob *self = user_data;

  self->source = 0;
  start (self);
  return G_SOURCE_REMOVE;
}

void
ra_render_job_schedule (RaRenderJob *self)
{
  g_return_if_fail (RA_IS_RENDER_JOB (self));

  /* A render for a state that is already stale is not worth finishing. */
  cancel (self);
  g_clear_handle_id (&self->source, g_source_remove);
  if (self->owner != NULL)
    self->source = g_timeout_add (self->delay_ms, timeout_cb, self);
}

void
ra_render_job_run_now (RaRenderJob *self)
{
  g_return_if_fail (RA_IS_RENDER_JOB (self));

  if (self->source == 0)
    return;
  g_clear_handle_id (&self->source, g_source_remove);
  start (self);
}

gboolean
ra_render_job_is_busy (RaRenderJob *self)
{
  g_return_val_if_fail (RA_IS_RENDER_JOB (self), FALSE);
  return self->source != 0 || self->cancellable != NULL;
}

void
ra_render_job_stop (RaRenderJob *self)
{
  g_return_if_fail (RA_IS_RENDER_JOB (self));

  cancel (self);
  g_clear_handle_id (&self->source, g_source_remove);
  self->owner = NULL;
}

void
ra_render_job_clear (RaRenderJob **job)
{
  g_return_if_fail (job != NULL);

  /* A render under way holds a reference to the job: dropping ours alone
   * would leave it to deliver to an owner that has gone. */
  if (*job != NULL)
    ra_render_job_stop (*job);
  g_clear_object (job);
}

static void
ra_render_job_dispose (GObject *object)
{
  ra_render_job_stop (RA_RENDER_JOB (object));

  G_OBJECT_CLASS (ra_render_job_parent_class)->dispose (object);
}

static void
ra_render_job_class_init (RaRenderJobClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ra_render_job_dispose;
}

static void
ra_render_job_init (RaRenderJob *self)
{
}

RaRenderJob *
ra_render_job_new (const RaRenderJobFuncs *funcs, gpointer owner, guint delay_ms)
{
  RaRenderJob *self;

  g_return_val_if_fail (funcs != NULL && funcs->prepare != NULL && funcs->render != NULL &&
                        funcs->done != NULL, NULL);
  g_return_val_if_fail (owner != NULL, NULL);

  self = g_object_new (RA_TYPE_RENDER_JOB, NULL);
  self->funcs = funcs;
  self->owner = owner;
  self->delay_ms = delay_ms;
  return self;
}
