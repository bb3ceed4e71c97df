/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ra-export.h"
#include "ra-figure-source.h"

/* The figures' own view of the main window's state: the map (shared), the
 * map view (weak: the editor may outlive the window it was opened from,
 * and then keeps the page it has), the store and the year.  Children ask
 * this object, never the window. */

struct _RaFigureSource
{
  GObject    parent_instance;

  /* borrowed (weak) */
  RaMapView *view;

  /* owned */
  RaMap     *map;
  RaStore   *store;
  int        year;
};

G_DEFINE_FINAL_TYPE (RaFigureSource, ra_figure_source, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_YEAR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

RaStore *
ra_figure_source_get_store (RaFigureSource *self)
{
  g_return_val_if_fail (RA_IS_FIGURE_SOURCE (self), NULL);
  return self->store;
}

void
ra_figure_source_set_store (RaFigureSource *self, RaStore *store)
{
  g_return_if_fail (RA_IS_FIGURE_SOURCE (self));
  g_return_if_fail (store == NULL || RA_IS_STORE (store));

  if (g_set_object (&self->store, store))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

int
ra_figure_source_get_year (RaFigureSource *self)
{
  g_return_val_if_fail (RA_IS_FIGURE_SOURCE (self), 0);
  return self->year;
}

void
ra_figure_source_set_year (RaFigureSource *self, int year)
{
  g_return_if_fail (RA_IS_FIGURE_SOURCE (self));

  if (self->year == year)
    return;
  self->year = year;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_YEAR]);
}

RaLayoutContext *
ra_figure_source_dup_context (RaFigureSource *self)
{
  g_autoptr(RaMapSnapshot) snap = NULL;
  g_autofree char *project = NULL;
  g_autofree char *date = NULL;
  g_autofree char *data_date = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  RaLayoutContext ctx = { 0 };

  g_return_val_if_fail (RA_IS_FIGURE_SOURCE (self), NULL);

  if (self->view == NULL)
    return NULL;
  snap = ra_map_snapshot_new (self->map);
  project = self->store != NULL ? ra_store_dup_project_name (self->store) : NULL;
  /* The data's date, not the day of the export (issue 17); that one is
   * {export_date}. */
  data_date = self->store != NULL ? ra_export_data_date (self->store) : NULL;
  date = g_date_time_format (now, "%Y-%m-%d");
  ctx.snapshot = snap;
  ctx.view = ra_map_view_has_view (self->view) ? ra_map_view_get_view (self->view) : NULL;
  ctx.project_name = project;
  ctx.year = self->year;
  ctx.date = data_date;
  ctx.export_date = date;
  return ra_layout_context_copy (&ctx);
}

static void
ra_figure_source_dispose (GObject *object)
{
  RaFigureSource *self = RA_FIGURE_SOURCE (object);

  g_clear_weak_pointer (&self->view);
  g_clear_object (&self->store);
  g_clear_object (&self->map);

  G_OBJECT_CLASS (ra_figure_source_parent_class)->dispose (object);
}

static void
ra_figure_source_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RaFigureSource *self = RA_FIGURE_SOURCE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_YEAR:
      g_value_set_int (value, self->year);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ra_figure_source_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  RaFigureSource *self = RA_FIGURE_SOURCE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      ra_figure_source_set_store (self, g_value_get_object (value));
      break;
    case PROP_YEAR:
      ra_figure_source_set_year (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ra_figure_source_class_init (RaFigureSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ra_figure_source_dispose;
  object_class->get_property = ra_figure_source_get_property;
  object_class->set_property = ra_figure_source_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, RA_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_YEAR] =
    g_param_spec_int ("year", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ra_figure_source_init (RaFigureSource *self)
{
}

RaFigureSource *
ra_figure_source_new (RaMap *map, RaMapView *view)
{
  RaFigureSource *self;

  g_return_val_if_fail (RA_IS_MAP (map), NULL);
  g_return_val_if_fail (RA_IS_MAP_VIEW (view), NULL);

  self = g_object_new (RA_TYPE_FIGURE_SOURCE, NULL);
  self->map = g_object_ref (map);
  g_set_weak_pointer (&self->view, view);
  return self;
}
