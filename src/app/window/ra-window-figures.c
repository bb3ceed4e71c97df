/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ra-export-dialog.h"
#include "ra-layout-editor.h"
#include "ra-views.h"
#include "ra-window-private.h"

/* Map figures: the print layout editor (Ctrl+P) and the map export dialog
 * (Ctrl+Shift+E).  Both draw from the window's RaFigureSource, which this
 * part keeps on the open project (the plan part keeps it on the year). */

RaLayoutContext *
ra_window_dup_layout_context (RaWindow *self)
{
  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);
  return ra_figure_source_dup_context (self->figure);
}

RaLayoutEditor *
ra_window_show_layout_editor (RaWindow *self)
{
  RaLayoutEditor *editor;

  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);

  editor = ra_layout_editor_new (gtk_window_get_application (GTK_WINDOW (self)), self->figure);
  gtk_window_present (GTK_WINDOW (editor));
  return editor;
}

RaExportDialog *
ra_window_show_export_dialog (RaWindow *self)
{
  g_autoptr(RaLayout) layout = NULL;
  g_autoptr(RaLayoutContext) ctx = NULL;
  g_autofree char *project = NULL;
  RaExportDialog *dialog;
  RaStore *store;

  g_return_val_if_fail (RA_IS_WINDOW (self), NULL);

  /* The project's first saved layout, else the default figure. */
  store = ra_window_get_store (self);
  if (store != NULL)
    {
      g_auto(GStrv) names = ra_views_list_layouts (store, NULL);

      if (names != NULL && names[0] != NULL)
        layout = ra_views_load_layout (store, names[0], NULL);
      if (layout == NULL)
        layout = ra_views_new_default_layout (store, RA_PAGE_A4, TRUE);
      project = ra_store_dup_project_name (store);
    }
  else
    layout = ra_layout_new_default (RA_PAGE_A4, TRUE, NULL);
  ctx = ra_window_dup_layout_context (self);
  dialog = ra_export_dialog_new (GTK_WINDOW (self), layout, ctx, project);
  ra_export_dialog_set_store (dialog, store);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
layout_editor_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ra_window_show_layout_editor (RA_WINDOW (widget));
}

static void
export_map_action (GtkWidget *widget, const char *name, GVariant *param)
{
  ra_window_show_export_dialog (RA_WINDOW (widget));
}

static void
store_set_cb (RaWindow *self)
{
  ra_figure_source_set_store (self->figure, ra_window_get_store (self));
}

/* Setup ------------------------------------------------------------------- */

void
_ra_window_figures_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.layout-editor", NULL, layout_editor_action);
  gtk_widget_class_install_action (widget_class, "win.export-map", NULL, export_map_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "win.layout-editor", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.export-map", NULL);
}

void
_ra_window_figures_init (RaWindow *self)
{
  g_signal_connect_object (self->session, "notify::store", G_CALLBACK (store_set_cb), self,
                           G_CONNECT_SWAPPED);
}
