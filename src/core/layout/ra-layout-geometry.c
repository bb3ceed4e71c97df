/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where things end up on a page: the map frame's view (fitted to the data,
 * a view, a box or a county, or at a fixed 1:n, rounded to a tidy scale),
 * the scale bar's length and the north arrow's angle to true north. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ra-autocleanups.h"
#include "ra-error.h"
#include "ra-layout-private.h"

/* ------------------------------------------------------------------ */
/* Geometry                                                            */

double
ra_layout_round_scale (double n)
{
  static const double steps[] = { 1.0, 1.2, 1.25, 1.5, 1.6, 1.75, 2.0, 2.2, 2.25, 2.5, 3.0, 3.5,
                                 4.0, 4.5, 5.0, 6.0, 7.0, 7.5, 8.0, 9.0, 10.0 };
  double decade;

  if (!(n > 0.0) || !isfinite (n))
    return n;
  decade = pow (10.0, floor (log10 (n)));
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] * decade >= n * (1.0 - 1e-9))
      return steps[i] * decade;
  return 10.0 * decade;
}

RaTransform *
ra_layout_lonlat_transform (const RaCrs *crs, gboolean to_lonlat)
{
  g_autoptr(RaCrs) lonlat = ra_crs_new_from_epsg (4326, NULL);

  if (crs == NULL || lonlat == NULL)
    return NULL;
  return to_lonlat ? ra_transform_new (crs, lonlat, NULL) : ra_transform_new (lonlat, crs, NULL);
}

double
ra_layout_true_north_angle (const RaCrs *crs, double x, double y)
{
  g_autoptr(RaTransform) to_ll = NULL;
  g_autoptr(RaTransform) from_ll = NULL;
  double pts[4], lon, lat;

  if (crs == NULL || ra_crs_is_geographic (crs))
    return 0.0;
  to_ll = ra_layout_lonlat_transform (crs, TRUE);
  from_ll = ra_layout_lonlat_transform (crs, FALSE);
  if (to_ll == NULL || from_ll == NULL)
    return NAN;
  lon = x;
  lat = y;
  if (!ra_transform_point (to_ll, &lon, &lat))
    return NAN;
  /* The meridian through the point, a short step either side: its
   * direction in the map is true north. */
  pts[0] = lon;
  pts[1] = lat - 0.005;
  pts[2] = lon;
  pts[3] = lat + 0.005;
  if (ra_transform_points (from_ll, pts, 2) != 0)
    return NAN;
  return atan2 (pts[2] - pts[0], pts[3] - pts[1]) * 180.0 / G_PI;
}

static gboolean
snapshot_extent (RaMapSnapshot *snap, RaBBox *out)
{
  ra_bbox_init_empty (out);
  for (guint i = 0; snap != NULL && i < ra_map_snapshot_get_n_layers (snap); i++)
    {
      RaLayerData *data = ra_map_snapshot_get_layer_data (snap, i);
      if (data != NULL && !ra_bbox_is_empty (&data->extent))
        ra_bbox_union (out, &data->extent);
    }
  return !ra_bbox_is_empty (out);
}

const RaGeometry *
ra_layout_find_county (RaMapSnapshot *snap, const char *county)
{
  static const char * const name_fields[] = { "name_zh", "name", "名称", "NAME" };

  if (snap == NULL || county == NULL || *county == '\0')
    return NULL;
  for (guint i = ra_map_snapshot_get_n_layers (snap); i-- > 0;)
    {
      RaLayerData *data = ra_map_snapshot_get_layer_data (snap, i);
      int f_code, f_name = -1;

      if (data == NULL || data->kind != RA_GEOM_POLYGON || data->attrs == NULL)
        continue;
      f_code = ra_attr_table_field_index (data->attrs, "adcode");
      for (guint k = 0; k < G_N_ELEMENTS (name_fields) && f_name < 0; k++)
        f_name = ra_attr_table_field_index (data->attrs, name_fields[k]);
      if (f_code < 0 && f_name < 0)
        continue;
      for (guint fi = 0; fi < data->n_features && fi < data->attrs->n_features; fi++)
        {
          if (data->geoms[fi] == NULL)
            continue;
          if ((f_code >= 0 && g_strcmp0 (ra_attr_table_get (data->attrs, fi, f_code), county) == 0) ||
              (f_name >= 0 && g_strcmp0 (ra_attr_table_get (data->attrs, fi, f_name), county) == 0))
            return data->geoms[fi];
        }
    }
  return NULL;
}

void
ra_layout_item_rect_px (const RaLayoutItem *item, double *x, double *y, double *w, double *h)
{
  *x = item->x_mm * RA_LAYOUT_PX_PER_MM;
  *y = item->y_mm * RA_LAYOUT_PX_PER_MM;
  *w = item->width_mm * RA_LAYOUT_PX_PER_MM;
  *h = item->height_mm * RA_LAYOUT_PX_PER_MM;
}

static gboolean
compute_map_view (const RaLayoutItem *map, const RaLayoutContext *ctx, RaView *view,
                  GError **error)
{
  RaCrs *crs = ctx->snapshot != NULL ? ra_map_snapshot_get_crs (ctx->snapshot) : NULL;
  double x, y, w, h, margin;
  RaBBox bbox;
  gboolean fit = TRUE;
  const char *county;
  const RaGeometry *geom;

  ra_layout_item_rect_px (map, &x, &y, &w, &h);
  ra_view_init (view, MAX (1, (int) ceil (w)), MAX (1, (int) ceil (h)));
  view->dpi = 96.0;
  margin = 4.0 * RA_LAYOUT_PX_PER_MM;

  switch (map->map_mode)
    {
    case RA_LAYOUT_MAP_VIEW:
      if (ctx->view != NULL && ctx->view->resolution > 0.0)
        {
          ra_view_get_bbox (ctx->view, &bbox);
          margin = 0.0;
          break;
        }
      if (!snapshot_extent (ctx->snapshot, &bbox))
        goto no_extent;
      break;
    case RA_LAYOUT_MAP_SCALE:
      {
        g_autoptr(RaTransform) t = ra_layout_lonlat_transform (crs, FALSE);
        double cx = map->centre_lon, cy = map->centre_lat;

        if (t == NULL || !ra_transform_point (t, &cx, &cy))
          {
            g_set_error (error, RA_ERROR, RA_ERROR_CRS,
                         _("The map frame's centre cannot be put in the map CRS"));
            return FALSE;
          }
        view->cx = cx;
        view->cy = cy;
        view->resolution = 1.0;
        ra_view_set_scale_denominator (view, crs, MAX (1.0, map->scale_denominator));
        fit = FALSE;
      }
      break;
    case RA_LAYOUT_MAP_FIT_BBOX:
      {
        g_autoptr(RaTransform) t = ra_layout_lonlat_transform (crs, FALSE);

        if (t == NULL || ra_bbox_is_empty (&map->bbox_lonlat) ||
            !ra_transform_bbox (t, &map->bbox_lonlat, &bbox))
          {
            g_set_error (error, RA_ERROR, RA_ERROR_CRS,
                         _("The map frame's area cannot be put in the map CRS"));
            return FALSE;
          }
        margin = 0.0;
      }
      break;
    case RA_LAYOUT_MAP_FIT_COUNTY:
      county = ctx->county != NULL ? ctx->county : map->county;
      geom = ra_layout_find_county (ctx->snapshot, county);
      if (geom == NULL)
        {
          g_set_error (error, RA_ERROR, RA_ERROR_NOT_FOUND,
                       _("No county '%s' on the map"), county != NULL ? county : "");
          return FALSE;
        }
      bbox = geom->bbox;
      break;
    case RA_LAYOUT_MAP_FIT_EXTENT:
    default:
      if (!snapshot_extent (ctx->snapshot, &bbox))
        goto no_extent;
      break;
    }

  if (fit)
    {
      if (!(bbox.x1 > bbox.x0) && !(bbox.y1 > bbox.y0))
        {
          /* A single point: 1 km around it. */
          bbox.x0 -= 500.0;
          bbox.x1 += 500.0;
          bbox.y0 -= 500.0;
          bbox.y1 += 500.0;
        }
      ra_view_fit_bbox (view, &bbox, margin);
      if (map->scale_denominator >= 1.0)
        ra_view_set_scale_denominator (view, crs, map->scale_denominator);
      else if (map->round_scale)
        ra_view_set_scale_denominator (view, crs,
                                       ra_layout_round_scale (ra_view_scale_denominator (view, crs)));
    }
  return view->resolution > 0.0 && isfinite (view->resolution);

no_extent:
  g_set_error (error, RA_ERROR, RA_ERROR_EMPTY, _("The map has nothing to show"));
  return FALSE;
}

double
ra_layout_scalebar_max_px (const RaLayoutItem *item)
{
  return MAX (1.0, item->width_mm * RA_LAYOUT_PX_PER_MM - 2 * 3.0 * RA_LAYOUT_PX_PER_MM);
}

gboolean
ra_layout_compute (const RaLayout *layout, const RaLayoutContext *ctx,
                   RaLayoutGeometry *out, GError **error)
{
  RaLayoutItem *map, *bar, *north;
  RaCrs *crs;

  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  map = ra_layout_find_kind (layout, RA_LAYOUT_ITEM_MAP);
  if (map == NULL)
    {
      g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT, _("The layout has no map frame"));
      return FALSE;
    }
  if (ctx->snapshot == NULL)
    {
      g_set_error (error, RA_ERROR, RA_ERROR_EMPTY, _("The map has nothing to show"));
      return FALSE;
    }
  crs = ra_map_snapshot_get_crs (ctx->snapshot);
  if (!compute_map_view (map, ctx, &out->map_view, error))
    return FALSE;
  out->map_x_px = map->x_mm * RA_LAYOUT_PX_PER_MM + map->width_mm * RA_LAYOUT_PX_PER_MM / 2.0
                  - out->map_view.width / 2.0;
  out->map_y_px = map->y_mm * RA_LAYOUT_PX_PER_MM + map->height_mm * RA_LAYOUT_PX_PER_MM / 2.0
                  - out->map_view.height / 2.0;
  out->scale_denominator = ra_view_scale_denominator (&out->map_view, crs);
  out->centre_lon = out->map_view.cx;
  out->centre_lat = out->map_view.cy;
  {
    g_autoptr(RaTransform) t = ra_layout_lonlat_transform (crs, TRUE);
    if (t != NULL)
      ra_transform_point (t, &out->centre_lon, &out->centre_lat);
  }

  bar = ra_layout_find_kind (layout, RA_LAYOUT_ITEM_SCALEBAR);
  if (bar != NULL)
    ra_renderer_scalebar_length (&out->map_view, crs, ra_layout_scalebar_max_px (bar),
                                 &out->scalebar_m, &out->scalebar_px);
  north = ra_layout_find_kind (layout, RA_LAYOUT_ITEM_NORTH_ARROW);
  if (north == NULL || north->grid_north)
    out->north_angle_deg = 0.0;
  else
    {
      out->north_angle_deg = ra_layout_true_north_angle (crs, out->map_view.cx, out->map_view.cy);
      if (!isfinite (out->north_angle_deg))
        out->north_angle_deg = 0.0;
    }
  return TRUE;
}
