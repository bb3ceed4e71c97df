/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifdef HAVE_MALLOC_TRIM
#include <malloc.h>
#endif

#include "ra-layer-setup.h"

/* Files the user opens and the project's own tables go the same way onto
 * the map: the same labels, the same refinement. */

/* Names on the map are what planners look for first; the core decides
 * which field that is (the CLI uses the same rule). */
void
ra_layer_setup_default_labels (RaLayer *layer)
{
  const RaStyle *style = ra_layer_get_style (layer);
  const char *field;

  if (style == NULL || style->label_field != NULL)
    return;
  field = ra_layer_guess_label_field (layer);
  if (field != NULL)
    {
      g_autoptr(RaStyle) labelled = ra_style_copy (style);

      ra_style_set_label_field (labelled, field);
      ra_layer_set_style (layer, labelled);
    }
}

/* Big layers open with a quick first view (ra-source.c); their full
 * detail is reprojected here in a worker, and each is redrawn when done. */
typedef struct {
  GPtrArray    *layers;
  GCancellable *cancellable;
  GPtrArray    *changed;
} RefineWork;

/* Nice value of the refining thread: background work, which the first
 * frame (drawn on both cores meanwhile) and the user's input go before. */
#define REFINE_NICE 10

static gpointer
refine_work (gpointer data)
{
  RefineWork *work = data;

#if defined(__linux__) && defined(SYS_gettid)
  /* Per thread on Linux; a thread of its own, so it ends with it (an
   * unprivileged process cannot lower a nice value again). */
  setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), REFINE_NICE);
#endif
  for (guint i = 0; i < work->layers->len && !g_cancellable_is_cancelled (work->cancellable); i++)
    {
      RaLayer *layer = g_ptr_array_index (work->layers, i);

      if (ra_layer_refine (layer, NULL))
        g_ptr_array_add (work->changed, g_object_ref (layer));
    }
#ifdef HAVE_MALLOC_TRIM
  /* The dropped source copies were many mid-sized blocks: give their pages
   * back to the system rather than keep them in malloc's free lists. */
  if (work->changed->len > 0)
    malloc_trim (0);
#endif
  return NULL;
}

static void
refine_thread (GTask *task, gpointer source_object, gpointer task_data,
               GCancellable *cancellable)
{
  RefineWork work = { task_data, cancellable, g_ptr_array_new_with_free_func (g_object_unref) };

  g_thread_join (g_thread_new ("ra-refine", refine_work, &work));
  g_task_return_pointer (task, work.changed, (GDestroyNotify) g_ptr_array_unref);
}

static void
refine_done_cb (GObject *object, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GPtrArray) changed = g_task_propagate_pointer (G_TASK (res), NULL);

  for (guint i = 0; changed != NULL && i < changed->len; i++)
    ra_layer_emit_changed (g_ptr_array_index (changed, i));
}

void
ra_layer_setup_refine_async (GPtrArray *layers, GCancellable *cancellable)
{
  g_autoptr(GPtrArray) todo = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GTask) task = NULL;

  for (guint i = 0; i < layers->len; i++)
    if (ra_layer_needs_refine (g_ptr_array_index (layers, i)))
      g_ptr_array_add (todo, g_object_ref (g_ptr_array_index (layers, i)));
  if (todo->len == 0)
    return;
  task = g_task_new (NULL, cancellable, refine_done_cb, NULL);
  g_task_set_source_tag (task, ra_layer_setup_refine_async);
  g_task_set_task_data (task, g_steal_pointer (&todo), (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, refine_thread);
}
