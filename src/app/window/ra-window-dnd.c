/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ra-window-private.h"

/* Files dropped on the map (or on the empty page before it) open as the
 * Open dialog's do: data files as layers, a project file as the project. */

static gboolean
drop_cb (GtkDropTarget *target, const GValue *value, double x, double y, RaWindow *self)
{
  GdkFileList *list;
  GSList *files;
  g_autoptr(GPtrArray) array = g_ptr_array_new ();

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  list = g_value_get_boxed (value);
  files = gdk_file_list_get_files (list);
  for (GSList *l = files; l != NULL; l = l->next)
    g_ptr_array_add (array, l->data);
  ra_window_open_files (self, (GFile **) array->pdata, array->len);
  g_slist_free (files);
  return array->len > 0;
}

void
_ra_window_dnd_init (RaWindow *self)
{
  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (_ra_window_template_child (self, "content_stack")),
                             GTK_EVENT_CONTROLLER (drop));
}
