/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pipeline lengths and costs, density in built-up areas and intake-point
 * coverage.  Geometry with the reentrant GEOS C API (one context per
 * analysis, so analyses may run in several threads), lengths and areas
 * geodesic through ra-geometry's PROJ geod functions. */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-crs.h"
#include "ra-error.h"
#include "ra-network.h"
#include "ra-network-private.h"

/* Buffers are polygons with 4 * QUAD_SEGS edges: the area of such a circle
 * is 0.04 % short of pi r^2. */
#define QUAD_SEGS 32

/* Built-in density targets (km of pipeline per km² of built-up area), used
 * only when the project's plan_metrics has no pipeline_density_min: the
 * rules of Xinzhou's plan (2024 >= 0.5, 2025 >= 0.7, 2027 >= 0.8). */
static const RaNetworkTarget default_density_targets[] = {
  { 2024, 0.5, FALSE },
  { 2025, 0.7, FALSE },
  { 2027, 0.8, FALSE },
};

/* ---- input (read on the caller's thread) --------------------------------- */

typedef struct {
  int        year;
  GPtrArray *pipelines;   /* RaPipelineRecord */
  GPtrArray *intakes;     /* RaPlantRecord */
  GPtrArray *areas;       /* RaBuiltUpAreaRecord */
  GPtrArray *projects;    /* RaProjectRecord */
  GPtrArray *metrics;     /* RaPlanMetricRecord */
  GArray    *unit_costs;  /* RaPipeUnitCost */
} NetInput;

static void
net_input_free (NetInput *in)
{
  if (in == NULL)
    return;
  g_clear_pointer (&in->pipelines, g_ptr_array_unref);
  g_clear_pointer (&in->intakes, g_ptr_array_unref);
  g_clear_pointer (&in->areas, g_ptr_array_unref);
  g_clear_pointer (&in->projects, g_ptr_array_unref);
  g_clear_pointer (&in->metrics, g_ptr_array_unref);
  g_clear_pointer (&in->unit_costs, g_array_unref);
  g_free (in);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NetInput, net_input_free)

static NetInput *
net_input_read (RaStore *store, int year, GError **error)
{
  g_autoptr(NetInput) in = g_new0 (NetInput, 1);

  if (year <= 0)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      year = g_date_time_get_year (now);
    }
  in->year = year;
  if ((in->pipelines = ra_store_list_pipelines (store, error)) == NULL ||
      (in->intakes = ra_store_list_plants (store, "intake", error)) == NULL ||
      (in->areas = ra_store_list_built_up_areas (store, error)) == NULL ||
      (in->projects = ra_store_list_projects (store, error)) == NULL ||
      (in->metrics = ra_store_list_plan_metrics (store, NULL, error)) == NULL ||
      (in->unit_costs = ra_store_list_pipe_unit_costs (store, error)) == NULL)
    return NULL;
  return g_steal_pointer (&in);
}

/* ---- targets ----------------------------------------------------------------- */

double
ra_network_default_density_target (int year)
{
  double value = default_density_targets[0].km_per_km2;

  for (guint i = 0; i < G_N_ELEMENTS (default_density_targets); i++)
    if (default_density_targets[i].year <= year)
      value = default_density_targets[i].km_per_km2;
  return value;
}

static gint
compare_target_year (gconstpointer a, gconstpointer b)
{
  const RaNetworkTarget *ta = a, *tb = b;

  return (ta->year > tb->year) - (ta->year < tb->year);
}

/* The project's targets of one metric by year (first row of a year wins),
 * or an empty array. */
static GArray *
metric_by_year (GPtrArray *metrics, const char *name)
{
  GArray *out = g_array_new (FALSE, TRUE, sizeof (RaNetworkTarget));

  for (guint i = 0; i < metrics->len; i++)
    {
      RaPlanMetricRecord *m = g_ptr_array_index (metrics, i);
      RaNetworkTarget t = { m->year, m->value, TRUE };
      gboolean seen = FALSE;

      if (g_strcmp0 (m->metric, name) != 0 || !isfinite (m->value) || m->year <= 0)
        continue;
      for (guint k = 0; k < out->len; k++)
        seen |= g_array_index (out, RaNetworkTarget, k).year == m->year;
      if (!seen)
        g_array_append_val (out, t);
    }
  g_array_sort (out, compare_target_year);
  return out;
}

/* The target in force in year: that of the latest target year <= year,
 * else the earliest one.  NULL for an empty list. */
static const RaNetworkTarget *
target_for_year (GArray *targets, int year)
{
  const RaNetworkTarget *best = NULL;

  for (guint i = 0; i < targets->len; i++)
    {
      const RaNetworkTarget *t = &g_array_index (targets, RaNetworkTarget, i);

      if (best == NULL || t->year <= year)
        best = t;
    }
  return best;
}

/* ---- report ------------------------------------------------------------------ */

static void
network_pipeline_free (RaNetworkPipeline *p)
{
  g_free (p->name);
  g_free (p);
}

static void
network_project_free (RaNetworkProject *p)
{
  g_free (p->code);
  g_free (p->name);
  g_free (p);
}

static void
network_area_free (RaNetworkArea *a)
{
  g_free (a->name);
  g_free (a->adcode);
  g_free (a->uncovered_wkt);
  g_clear_pointer (&a->uncovered, ra_geometry_free);
  g_free (a);
}

/**
 * ra_network_report_free:
 * @report: (transfer full) (nullable): a report
 */
void
ra_network_report_free (RaNetworkReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->pipelines, g_ptr_array_unref);
  g_clear_pointer (&report->projects, g_ptr_array_unref);
  g_clear_pointer (&report->areas, g_ptr_array_unref);
  g_clear_pointer (&report->density_targets, g_array_unref);
  g_clear_pointer (&report->warnings, g_ptr_array_unref);
  g_free (report);
}

static RaNetworkReport *
report_new (int year)
{
  RaNetworkReport *report = g_new0 (RaNetworkReport, 1);

  report->year = year;
  report->pipelines = g_ptr_array_new_with_free_func ((GDestroyNotify) network_pipeline_free);
  report->projects = g_ptr_array_new_with_free_func ((GDestroyNotify) network_project_free);
  report->areas = g_ptr_array_new_with_free_func ((GDestroyNotify) network_area_free);
  report->warnings = g_ptr_array_new_with_free_func (g_free);
  return report;
}

static void
add_warning (RaNetworkReport *report, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
add_warning (RaNetworkReport *report, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (report->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

static const RaPipeUnitCost *
find_unit_cost (GArray *costs, double dn_mm)
{
  for (guint i = 0; i < costs->len; i++)
    {
      const RaPipeUnitCost *c = &g_array_index (costs, RaPipeUnitCost, i);

      if (fabs (c->dn_mm - dn_mm) < 1e-6)
        return c;
    }
  return NULL;
}

static RaNetworkProject *
project_entry (RaNetworkReport *report, GHashTable *by_id, gint64 project_id)
{
  RaNetworkProject *p = g_hash_table_lookup (by_id, &project_id);

  if (p == NULL)
    {
      p = g_new0 (RaNetworkProject, 1);
      p->project_id = project_id;
      g_ptr_array_add (report->projects, p);
      g_hash_table_insert (by_id, &p->project_id, p);
    }
  return p;
}

/* Lengths and costs; fills lines[i] with the lon/lat GEOS geometry of
 * pipeline i when it counts for the density (reclaimed water). */
static void
measure_pipelines (Geo *geo, NetInput *in, RaNetworkReport *report, GPtrArray *lines)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) ordered = NULL;

  /* Projects in plan order, then the pipelines without a project. */
  for (guint i = 0; i < in->projects->len; i++)
    {
      RaProjectRecord *rec = g_ptr_array_index (in->projects, i);
      gboolean has_pipes = FALSE;

      for (guint k = 0; k < in->pipelines->len && !has_pipes; k++)
        has_pipes = ((RaPipelineRecord *) g_ptr_array_index (in->pipelines, k))->project_id == rec->id;
      if (has_pipes)
        {
          RaNetworkProject *p = project_entry (report, by_id, rec->id);

          p->code = g_strdup (rec->code);
          p->name = g_strdup (rec->name);
        }
    }

  for (guint i = 0; i < in->pipelines->len; i++)
    {
      RaPipelineRecord *rec = g_ptr_array_index (in->pipelines, i);
      RaNetworkPipeline *pipe = g_new0 (RaNetworkPipeline, 1);
      RaNetworkProject *project;
      GEOSGeometry *g = geo_from_wkb (geo, rec->wkb);
      const RaPipeUnitCost *unit = NULL;

      pipe->pipeline_id = rec->id;
      pipe->project_id = rec->project_id;
      pipe->name = g_strdup (rec->name);
      pipe->dn_mm = rec->dn_mm;
      pipe->unit_cost_wan_per_km = NAN;
      pipe->cost_wan = NAN;
      if (g == NULL)
        {
          if (rec->wkb != NULL)
            add_warning (report, _("pipeline %" PRId64 ": the geometry cannot be read (%s)"),
                         rec->id, geo->last_error ? geo->last_error : "WKB");
          pipe->flags |= RA_NETWORK_PIPE_NO_GEOMETRY;
        }
      else
        pipe->length_m = geo_geodesic_length_m (geo, g);

      if (isnan (rec->dn_mm))
        pipe->flags |= RA_NETWORK_PIPE_NO_DN;
      else if ((unit = find_unit_cost (in->unit_costs, rec->dn_mm)) == NULL)
        pipe->flags |= RA_NETWORK_PIPE_NO_UNIT_COST;
      else
        {
          pipe->unit_cost_wan_per_km = unit->cost_wan_per_km;
          pipe->cost_wan = pipe->length_m / 1000.0 * unit->cost_wan_per_km;
          if (unit->is_default)
            pipe->flags |= RA_NETWORK_PIPE_DEFAULT_COST;
        }
      if (g_strcmp0 (rec->project_source, "mine") == 0)
        pipe->flags |= RA_NETWORK_PIPE_NOT_RECLAIMED;

      project = project_entry (report, by_id, rec->project_id);
      project->n_pipelines++;
      project->length_m += pipe->length_m;
      report->total_length_m += pipe->length_m;
      if (isnan (pipe->cost_wan))
        {
          project->n_unpriced++;
          report->n_unpriced++;
        }
      else
        {
          project->cost_wan += pipe->cost_wan;
          report->total_cost_wan += pipe->cost_wan;
          if (pipe->flags & RA_NETWORK_PIPE_DEFAULT_COST)
            report->n_default_costs++;
        }

      if (g != NULL && !(pipe->flags & RA_NETWORK_PIPE_NOT_RECLAIMED))
        g_ptr_array_add (lines, g);
      else
        geo_destroy (geo, g);
      g_ptr_array_add (report->pipelines, pipe);
    }

  /* "No project" last. */
  ordered = g_ptr_array_new ();
  for (guint i = 0; i < report->projects->len; i++)
    {
      RaNetworkProject *p = g_ptr_array_index (report->projects, i);

      if (p->project_id != 0)
        g_ptr_array_add (ordered, p);
    }
  for (guint i = 0; i < report->projects->len; i++)
    {
      RaNetworkProject *p = g_ptr_array_index (report->projects, i);

      if (p->project_id == 0)
        g_ptr_array_add (ordered, p);
    }
  for (guint i = 0; i < ordered->len; i++)
    report->projects->pdata[i] = ordered->pdata[i];
}

/* A metric CRS for an area around lon: its CGCS2000 3-degree GK zone,
 * or outside China a transverse Mercator on lon. */
static RaCrs *
metric_crs_for_lon (double lon, int *epsg, GError **error)
{
  *epsg = ra_crs_gk_zone_epsg_for_lon (lon);
  if (*epsg != 0)
    return ra_crs_new_from_epsg (*epsg, error);
  else
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *def = g_strdup_printf ("+proj=tmerc +lon_0=%s +k=1 +x_0=500000 +y_0=0"
                                              " +ellps=GRS80 +units=m +no_defs",
                                              g_ascii_formatd (buf, sizeof buf, "%.6f", lon));

      return ra_crs_new_from_user_input (def, error);
    }
}

static double
point_distance_m (double lon0, double lat0, double lon1, double lat1)
{
  double xy[4] = { lon0, lat0, lon1, lat1 };

  return ra_geodesic_length_m (xy, 2);
}

/* Appends every coordinate of g (any type) to xy. */
static void
geo_collect_coords (Geo *geo, const GEOSGeometry *g, GArray *xy)
{
  switch (GEOSGeomTypeId_r (geo->ctx, g))
    {
    case GEOS_POINT:
    case GEOS_LINESTRING:
    case GEOS_LINEARRING:
      {
        guint n;
        g_autofree double *coords = geo_coords (geo, g, &n);

        if (coords != NULL)
          g_array_append_vals (xy, coords, 2 * n);
      }
      break;
    case GEOS_POLYGON:
      geo_collect_coords (geo, GEOSGetExteriorRing_r (geo->ctx, g), xy);
      for (int i = 0; i < GEOSGetNumInteriorRings_r (geo->ctx, g); i++)
        geo_collect_coords (geo, GEOSGetInteriorRingN_r (geo->ctx, g, i), xy);
      break;
    default:
      for (int i = 0; i < GEOSGetNumGeometries_r (geo->ctx, g); i++)
        geo_collect_coords (geo, GEOSGetGeometryN_r (geo->ctx, g, i), xy);
      break;
    }
}

/* The point of area farthest from its nearest site, exactly: the distance
 * to the nearest site is largest at a vertex of the area, at a Voronoi
 * vertex of the sites inside the area, or where a Voronoi edge crosses the
 * area's boundary.  Planar (metric CRS).  far_xy gets that point, near_xy
 * its nearest site. */
static gboolean
farthest_point (Geo *geo, const GEOSGeometry *area, const GEOSGeometry *sites,
                double far_xy[2], double near_xy[2])
{
  g_autoptr(GArray) site_xy = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) inner = g_array_new (FALSE, FALSE, sizeof (double));
  const GEOSPreparedGeometry *prepared = NULL;
  GEOSGeometry *edges = NULL, *boundary = NULL, *crossings = NULL;
  const double *s, *c;
  double best = -1;
  guint n_sites;

  geo_collect_coords (geo, sites, site_xy);
  geo_collect_coords (geo, area, candidates);
  n_sites = site_xy->len / 2;
  if (n_sites == 0 || candidates->len == 0)
    return FALSE;

  if (n_sites >= 2)
    {
      edges = GEOSVoronoiDiagram_r (geo->ctx, sites, area, 0, 1);
      boundary = GEOSBoundary_r (geo->ctx, area);
      if (edges == NULL || boundary == NULL)
        goto fail;
      crossings = GEOSIntersection_r (geo->ctx, edges, boundary);
      if (crossings == NULL)
        goto fail;
      geo_collect_coords (geo, crossings, candidates);
      /* Voronoi vertices count only inside the area. */
      geo_collect_coords (geo, edges, inner);
      prepared = GEOSPrepare_r (geo->ctx, area);
      for (guint i = 0; i + 1 < inner->len; i += 2)
        {
          double x = g_array_index (inner, double, i), y = g_array_index (inner, double, i + 1);
          GEOSGeometry *pt = GEOSGeom_createPointFromXY_r (geo->ctx, x, y);

          if (GEOSPreparedIntersects_r (geo->ctx, prepared, pt) == 1)
            {
              g_array_append_val (candidates, x);
              g_array_append_val (candidates, y);
            }
          geo_destroy (geo, pt);
        }
    }

  s = (const double *) site_xy->data;
  c = (const double *) candidates->data;
  for (guint i = 0; i < candidates->len / 2; i++)
    {
      double nearest = G_MAXDOUBLE;
      guint nearest_k = 0;

      for (guint k = 0; k < n_sites; k++)
        {
          double d = hypot (c[2 * i] - s[2 * k], c[2 * i + 1] - s[2 * k + 1]);

          if (d < nearest)
            nearest = d, nearest_k = k;
        }
      if (nearest > best)
        {
          best = nearest;
          far_xy[0] = c[2 * i];
          far_xy[1] = c[2 * i + 1];
          near_xy[0] = s[2 * nearest_k];
          near_xy[1] = s[2 * nearest_k + 1];
        }
    }

  if (prepared != NULL)
    GEOSPreparedGeom_destroy_r (geo->ctx, prepared);
  geo_destroy (geo, edges);
  geo_destroy (geo, boundary);
  geo_destroy (geo, crossings);
  return best >= 0;

fail:
  geo_destroy (geo, edges);
  geo_destroy (geo, boundary);
  return FALSE;
}

/* Intake spacing and coverage of one area (area_ll in lon/lat). */
static void
cover_area (Geo *geo, RaNetworkReport *report, RaNetworkArea *out, const GEOSGeometry *area_ll,
            const GEOSPreparedGeometry *prepared, GPtrArray *intakes, RaCrs *geographic)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RaCrs) metric = NULL;
  g_autoptr(RaTransform) to_metric = NULL;
  g_autoptr(RaTransform) to_geographic = NULL;
  g_autoptr(GArray) lonlat = g_array_new (FALSE, FALSE, sizeof (double));
  GEOSGeometry *centroid, *area_m = NULL, *points_m = NULL, *circles = NULL;
  GEOSGeometry *uncovered_m = NULL, *uncovered_ll = NULL;
  GEOSGeometry **points;
  double lon = 0;
  guint n = 0;

  out->coverage_radius_m = report->intake_spacing_max_m / 2;
  out->max_intake_spacing_m = NAN;
  out->max_uncovered_distance_m = NAN;
  out->farthest_lon = out->farthest_lat = NAN;
  out->uncovered_km2 = NAN;

  for (guint i = 0; i < intakes->len; i++)
    {
      RaPlantRecord *p = g_ptr_array_index (intakes, i);
      GEOSGeometry *pt;
      gboolean inside;

      if (!isfinite (p->lon) || !isfinite (p->lat))
        continue;
      pt = GEOSGeom_createPointFromXY_r (geo->ctx, p->lon, p->lat);
      inside = GEOSPreparedIntersects_r (geo->ctx, prepared, pt) == 1;
      geo_destroy (geo, pt);
      if (inside)
        {
          g_array_append_val (lonlat, p->lon);
          g_array_append_val (lonlat, p->lat);
        }
    }
  n = lonlat->len / 2;
  out->n_intakes = n;

  /* Largest nearest-neighbour spacing, geodesic. */
  if (n >= 2)
    {
      const double *xy = (const double *) lonlat->data;
      double worst = 0;

      for (guint i = 0; i < n; i++)
        {
          double nearest = G_MAXDOUBLE;

          for (guint k = 0; k < n; k++)
            if (k != i)
              nearest = MIN (nearest, point_distance_m (xy[2 * i], xy[2 * i + 1],
                                                        xy[2 * k], xy[2 * k + 1]));
          worst = MAX (worst, nearest);
        }
      out->max_intake_spacing_m = worst;
    }

  /* The metric CRS of the area. */
  centroid = GEOSGetCentroid_r (geo->ctx, area_ll);
  if (centroid != NULL)
    GEOSGeomGetX_r (geo->ctx, centroid, &lon);
  geo_destroy (geo, centroid);
  metric = metric_crs_for_lon (lon, &out->gk_epsg, &error);
  if (metric != NULL)
    to_metric = ra_transform_new (geographic, metric, &error);
  if (to_metric != NULL)
    to_geographic = ra_transform_new (metric, geographic, &error);
  if (to_geographic == NULL)
    {
      add_warning (report, _("built-up area %" PRId64 ": no metric CRS for the coverage (%s)"),
                   out->area_id, error->message);
      return;
    }

  if (n == 0)
    {
      /* Nothing covered: the whole area is the uncovered zone. */
      out->uncovered_km2 = out->area_km2;
      out->uncovered_wkt = geo_to_wkt (geo, area_ll);
      out->uncovered = geo_to_ra_polygon (geo, area_ll);
      out->meets_spacing = FALSE;
      return;
    }

  area_m = geo_transform (geo, area_ll, to_metric);
  points = g_new0 (GEOSGeometry *, n);
  for (guint i = 0; i < n; i++)
    {
      double x = g_array_index (lonlat, double, 2 * i);
      double y = g_array_index (lonlat, double, 2 * i + 1);

      ra_transform_point (to_metric, &x, &y);
      points[i] = GEOSGeom_createPointFromXY_r (geo->ctx, x, y);
    }
  /* The collection takes the points. */
  points_m = GEOSGeom_createCollection_r (geo->ctx, GEOS_MULTIPOINT, points, n);
  g_free (points);
  if (area_m == NULL || points_m == NULL)
    goto geos_failed;

  /* The farthest point of the area from every intake.  (GEOS 3.11's
   * GEOSLargestEmptyCircle searches only the intakes' own envelope and
   * loops forever on collinear intakes, so it is not used.) */
  {
    double far_xy[2], near_xy[2];

    if (!farthest_point (geo, area_m, points_m, far_xy, near_xy))
      goto geos_failed;
    if (ra_transform_point (to_geographic, &far_xy[0], &far_xy[1]) &&
        ra_transform_point (to_geographic, &near_xy[0], &near_xy[1]))
      {
        out->farthest_lon = far_xy[0];
        out->farthest_lat = far_xy[1];
        out->max_uncovered_distance_m = point_distance_m (far_xy[0], far_xy[1],
                                                          near_xy[0], near_xy[1]);
      }
  }

  circles = GEOSBuffer_r (geo->ctx, points_m, out->coverage_radius_m, QUAD_SEGS);
  if (circles == NULL)
    goto geos_failed;
  uncovered_m = GEOSDifference_r (geo->ctx, area_m, circles);
  if (uncovered_m == NULL)
    goto geos_failed;
  if (GEOSisEmpty_r (geo->ctx, uncovered_m))
    out->uncovered_km2 = 0;
  else
    {
      uncovered_ll = geo_transform (geo, uncovered_m, to_geographic);
      if (uncovered_ll == NULL)
        goto geos_failed;
      out->uncovered_km2 = geo_geodesic_area_m2 (geo, uncovered_ll) / 1e6;
      out->uncovered_wkt = geo_to_wkt (geo, uncovered_ll);
      out->uncovered = geo_to_ra_polygon (geo, uncovered_ll);
    }

  if (n >= 2)
    out->meets_spacing = out->max_intake_spacing_m <= report->intake_spacing_max_m + 1e-6;
  else
    out->meets_spacing = out->uncovered_km2 == 0;
  goto done;

geos_failed:
  add_warning (report, _("built-up area %" PRId64 ": the coverage cannot be computed (%s)"),
               out->area_id, geo->last_error ? geo->last_error : "GEOS");
done:
  geo_destroy (geo, area_m);
  geo_destroy (geo, points_m);
  geo_destroy (geo, circles);
  geo_destroy (geo, uncovered_m);
  geo_destroy (geo, uncovered_ll);
}

static void
measure_area (Geo *geo, NetInput *in, RaNetworkReport *report, RaBuiltUpAreaRecord *rec,
              GPtrArray *lines, RaCrs *geographic)
{
  RaNetworkArea *out = g_new0 (RaNetworkArea, 1);
  const RaNetworkTarget *target;
  const GEOSPreparedGeometry *prepared;
  GEOSGeometry *area;
  double pipe_m = 0;

  out->area_id = rec->id;
  out->name = g_strdup (rec->name);
  out->adcode = g_strdup (rec->adcode);
  out->area_km2 = out->pipeline_km = out->density_km_per_km2 = NAN;
  out->target_km_per_km2 = NAN;
  out->max_intake_spacing_m = out->max_uncovered_distance_m = NAN;
  out->farthest_lon = out->farthest_lat = NAN;
  out->coverage_radius_m = report->intake_spacing_max_m / 2;
  out->uncovered_km2 = NAN;
  g_ptr_array_add (report->areas, out);

  target = target_for_year (report->density_targets, report->year);
  if (target != NULL)
    {
      out->target_year = target->year;
      out->target_km_per_km2 = target->km_per_km2;
    }

  area = geo_from_wkb (geo, rec->wkb);
  if (area == NULL)
    {
      add_warning (report, _("built-up area %" PRId64 ": no geometry"), rec->id);
      return;
    }
  out->area_km2 = geo_geodesic_area_m2 (geo, area) / 1e6;
  prepared = GEOSPrepare_r (geo->ctx, area);

  for (guint i = 0; i < lines->len; i++)
    {
      const GEOSGeometry *line = g_ptr_array_index (lines, i);
      GEOSGeometry *inside;

      if (GEOSPreparedIntersects_r (geo->ctx, prepared, line) != 1)
        continue;
      inside = GEOSIntersection_r (geo->ctx, area, line);
      if (inside == NULL)
        {
          add_warning (report, _("built-up area %" PRId64 ": a pipeline cannot be clipped (%s)"),
                       rec->id, geo->last_error ? geo->last_error : "GEOS");
          continue;
        }
      pipe_m += geo_geodesic_length_m (geo, inside);
      geo_destroy (geo, inside);
    }
  out->pipeline_km = pipe_m / 1000.0;
  if (out->area_km2 > 0)
    out->density_km_per_km2 = out->pipeline_km / out->area_km2;
  out->meets_density = isfinite (out->density_km_per_km2) && isfinite (out->target_km_per_km2) &&
                       out->density_km_per_km2 >= out->target_km_per_km2;

  cover_area (geo, report, out, area, prepared, in->intakes, geographic);

  GEOSPreparedGeom_destroy_r (geo->ctx, prepared);
  geo_destroy (geo, area);
}

static RaNetworkReport *
compute (NetInput *in, GCancellable *cancellable, GError **error)
{
  g_autoptr(RaNetworkReport) report = report_new (in->year);
  g_autoptr(GArray) spacing = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();
  g_autoptr(RaCrs) geographic = NULL;
  const RaNetworkTarget *rule;
  Geo geo;

  geographic = ra_crs_new_from_epsg (RA_STORE_SRID, error);
  if (geographic == NULL)
    return NULL;

  report->density_targets = metric_by_year (in->metrics, "pipeline_density_min");
  if (report->density_targets->len == 0)
    g_array_append_vals (report->density_targets, default_density_targets,
                         G_N_ELEMENTS (default_density_targets));
  spacing = metric_by_year (in->metrics, "intake_spacing_max");
  rule = target_for_year (spacing, in->year);
  report->intake_spacing_max_m = (rule != NULL && rule->km_per_km2 > 0
                                  ? rule->km_per_km2 : RA_NETWORK_DEFAULT_INTAKE_SPACING_KM) * 1000.0;
  report->intake_spacing_from_project = rule != NULL && rule->km_per_km2 > 0;
  report->n_intakes = in->intakes->len;

  geo_init (&geo);
  measure_pipelines (&geo, in, report, lines);
  for (guint i = 0; i < in->areas->len && !g_cancellable_is_cancelled (cancellable); i++)
    measure_area (&geo, in, report, g_ptr_array_index (in->areas, i), lines, geographic);
  for (guint i = 0; i < lines->len; i++)
    geo_destroy (&geo, g_ptr_array_index (lines, i));
  geo_clear (&geo);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  return g_steal_pointer (&report);
}

/**
 * ra_network_analyze:
 * @store: an open project
 * @year: the year targets are compared for, 0 for the current year
 * @error: return location for a store error
 *
 * Returns: (transfer full) (nullable): the report
 */
RaNetworkReport *
ra_network_analyze (RaStore *store, int year, GError **error)
{
  g_autoptr(NetInput) in = NULL;

  g_return_val_if_fail (RA_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  in = net_input_read (store, year, error);
  if (in == NULL)
    return NULL;
  return compute (in, NULL, error);
}

static void
analyze_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  RaNetworkReport *report = compute (task_data, cancellable, &error);

  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) ra_network_report_free);
}

void
ra_network_analyze_async (RaStore             *store,
                          int                  year,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  NetInput *in;

  g_return_if_fail (RA_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, ra_network_analyze_async);
  in = net_input_read (store, year, &error);
  if (in == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, in, (GDestroyNotify) net_input_free);
  g_task_run_in_thread (task, analyze_thread);
}

/**
 * ra_network_analyze_finish:
 * Returns: (transfer full) (nullable): the report
 */
RaNetworkReport *
ra_network_analyze_finish (RaStore *store, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ra_network_analyze_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

const RaNetworkProject *
ra_network_report_find_project (const RaNetworkReport *report, gint64 project_id)
{
  g_return_val_if_fail (report != NULL, NULL);
  for (guint i = 0; i < report->projects->len; i++)
    {
      const RaNetworkProject *p = g_ptr_array_index (report->projects, i);

      if (p->project_id == project_id)
        return p;
    }
  return NULL;
}

const RaNetworkArea *
ra_network_report_find_area (const RaNetworkReport *report, gint64 area_id)
{
  g_return_val_if_fail (report != NULL, NULL);
  for (guint i = 0; i < report->areas->len; i++)
    {
      const RaNetworkArea *a = g_ptr_array_index (report->areas, i);

      if (a->area_id == area_id)
        return a;
    }
  return NULL;
}

char *
_ra_network_format_number (double value, const char *format)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return NULL;
  return g_strdup (g_ascii_formatd (buf, sizeof buf, format, value));
}

/**
 * ra_network_report_new_uncovered_layer:
 * Returns: (transfer full): a polygon layer in EPSG:4490
 */
RaLayer *
ra_network_report_new_uncovered_layer (const RaNetworkReport *report)
{
  static const char * const names[] = { "area_id", "name", "uncovered_km2", "max_uncovered_m" };
  static const RaFieldType types[] = {
    RA_FIELD_INTEGER, RA_FIELD_STRING, RA_FIELD_REAL, RA_FIELD_REAL,
  };
  g_autoptr(RaCrs) crs = ra_crs_new_from_epsg (RA_STORE_SRID, NULL);
  RaLayer *layer;

  g_return_val_if_fail (report != NULL, NULL);

  layer = ra_layer_new (_("Uncovered by intake points"), RA_GEOM_POLYGON, crs);
  ra_layer_set_fields (layer, G_N_ELEMENTS (names), names, types);
  for (guint i = 0; i < report->areas->len; i++)
    {
      const RaNetworkArea *a = g_ptr_array_index (report->areas, i);
      char **values;

      if (a->uncovered == NULL)
        continue;
      values = g_new0 (char *, G_N_ELEMENTS (names) + 1);
      values[0] = g_strdup_printf ("%" G_GINT64_FORMAT, a->area_id);
      values[1] = g_strdup (a->name);
      values[2] = _ra_network_format_number (a->uncovered_km2, "%.6f");
      values[3] = _ra_network_format_number (a->max_uncovered_distance_m, "%.1f");
      ra_layer_add_feature (layer, a->area_id, ra_geometry_copy (a->uncovered), values);
    }
  return layer;
}

/* ---- live measurement ---------------------------------------------------------- */

double
ra_network_measure_line_km (const double *lonlat, guint n_points)
{
  g_return_val_if_fail (lonlat != NULL || n_points == 0, 0);
  return ra_geodesic_length_m (lonlat, n_points) / 1000.0;
}

double
ra_network_measure_polygon (const double *lonlat, guint n_points, double *km2, double *mu)
{
  double m2;

  g_return_val_if_fail (lonlat != NULL || n_points == 0, 0);
  m2 = ra_geodesic_area_m2 (lonlat, n_points);
  if (km2 != NULL)
    *km2 = m2 / 1e6;
  if (mu != NULL)
    *mu = m2 / RA_NETWORK_M2_PER_MU;
  return m2 / 1e6;
}

/**
 * ra_network_format_length:
 * Returns: (transfer full): e.g. "850.2 m" below 1 km, else "1.23 km"
 * (rounded for reading, issue 17: m to 1 decimal, km to 2)
 */
char *
ra_network_format_length (double km)
{
  if (km < 1.0)
    /* TRANSLATORS: live length of a line being drawn, in metres */
    return g_strdup_printf (_("%.1f m"), km * 1000.0);
  /* TRANSLATORS: live length of a line being drawn, in kilometres */
  return g_strdup_printf (_("%.2f km"), km);
}

/**
 * ra_network_format_area:
 * Returns: (transfer full): e.g. "0.25 km² · 375.0 亩"
 */
char *
ra_network_format_area (double km2)
{
  /* TRANSLATORS: live area of a polygon being drawn: km² and mu (亩) */
  return g_strdup_printf (_("%.2f km² · %.1f mu"), km2, km2 * 1e6 / RA_NETWORK_M2_PER_MU);
}
