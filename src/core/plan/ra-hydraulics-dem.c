/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ground under the network: node elevations and samples along every
 * pipe (at each vertex and at most 50 m apart, chainage geodesic) from a
 * DEM, bilinear (ra_raster_sample_elevation), or flat at 0 m without one;
 * after the solve, the high points where air valves go and the stretches
 * where the grade line is less than the residual pressure above the
 * ground. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-error.h"
#include "ra-hydraulics-private.h"

typedef struct {
  RaRaster    *dem;
  RaTransform *to_dem;    /* EPSG:4490 -> the DEM's CRS; NULL: flat */
} Ground;

static gboolean
ground_at (Ground *g, double lon, double lat, double *z)
{
  double x = lon, y = lat;

  if (g->dem == NULL)
    {
      *z = 0;
      return TRUE;
    }
  if (!ra_transform_point (g->to_dem, &x, &y))
    return FALSE;
  return ra_raster_sample_elevation (g->dem, x, y, NULL, z, NULL);
}

static gboolean
not_covered (RaHydraulics *h, Ground *g, guint pipe, double lon, double lat, GError **error)
{
  g_autofree char *label = _ra_hydraulics_pipe_label (h, pipe);
  g_autofree char *name = g_path_get_basename (ra_raster_get_path (g->dem));

  g_set_error (error, RA_ERROR, RA_ERROR_NOT_FOUND,
               _("%s: the DEM “%s” does not cover it (no elevation at %.5f, %.5f)"),
               label, name, lon, lat);
  return FALSE;
}

/* A pipe that touches node. */
static guint
pipe_of_node (RaHydraulics *h, guint node)
{
  const RaHydraulicsNode *n = &g_array_index (h->nodes, RaHydraulicsNode, node);

  if (n->upstream_pipe >= 0)
    return (guint) n->upstream_pipe;
  for (guint p = 0; p < h->pipes->len; p++)
    if (g_array_index (h->pipes, RaHydraulicsPipe, p).from == node)
      return p;
  return 0;
}

static gboolean
sample_pipe (RaHydraulics *h, Ground *g, guint pipe, GError **error)
{
  RaHydraulicsPipe *p = &g_array_index (h->pipes, RaHydraulicsPipe, pipe);
  const RaHydraulicsGeom *geom = &g_array_index (h->geoms, RaHydraulicsGeom, pipe);
  const double *c = &g_array_index (h->coords, double, 2 * geom->first);
  double chainage = 0;

  p->first_sample = h->samples->len;
  for (guint v = 0; v < geom->n; v++)
    {
      double seg_m = v + 1 < geom->n ? ra_geodesic_length_m (c + 2 * v, 2) : 0;
      guint steps = v + 1 < geom->n ? MAX (1, (guint) ceil (seg_m / RA_HYDRAULICS_SAMPLE_STEP_M)) : 1;

      for (guint s = 0; s < steps; s++)
        {
          double t = (double) s / steps;
          RaHydraulicsSample sample = { pipe, chainage + t * seg_m, 0, 0, 0 };

          sample.lon = v + 1 < geom->n ? c[2 * v] + t * (c[2 * v + 2] - c[2 * v]) : c[2 * v];
          sample.lat = v + 1 < geom->n ? c[2 * v + 1] + t * (c[2 * v + 3] - c[2 * v + 1]) : c[2 * v + 1];
          if (!ground_at (g, sample.lon, sample.lat, &sample.ground_m))
            return not_covered (h, g, pipe, sample.lon, sample.lat, error);
          g_array_append_val (h->samples, sample);
        }
      chainage += seg_m;
    }
  p->n_samples = h->samples->len - p->first_sample;
  return TRUE;
}

gboolean
_ra_hydraulics_sample_ground (RaHydraulics *h, RaRaster *dem, GError **error)
{
  g_autoptr(RaCrs) lonlat = NULL;
  g_autoptr(RaTransform) to_dem = NULL;
  Ground g = { dem, NULL };

  h->flat_ground = dem == NULL;
  if (dem != NULL)
    {
      lonlat = ra_crs_new_from_epsg (4490, error);
      if (lonlat == NULL)
        return FALSE;
      to_dem = ra_transform_new (lonlat, ra_raster_get_crs (dem), error);
      if (to_dem == NULL)
        return FALSE;
      g.to_dem = to_dem;
    }
  for (guint n = 0; n < h->nodes->len; n++)
    {
      RaHydraulicsNode *node = &g_array_index (h->nodes, RaHydraulicsNode, n);

      if (!ground_at (&g, node->lon, node->lat, &node->elevation_m))
        return not_covered (h, &g, pipe_of_node (h, n), node->lon, node->lat, error);
    }
  g_array_set_size (h->samples, 0);
  for (guint p = 0; p < h->pipes->len; p++)
    if (!sample_pipe (h, &g, p, error))
      return FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------ */

static const RaHydraulicsSample *
sample (RaHydraulics *h, guint i)
{
  return &g_array_index (h->samples, RaHydraulicsSample, i);
}

/* High points along the network, where air valves go: a point above the
 * one upstream of it and not below those downstream, with the ground
 * falling by RA_HYDRAULICS_AIR_VALVE_RISE_M upstream before it climbs
 * higher, and downstream on some branch.  The walks cross from pipe to
 * pipe, so a crest at a tee, or one whose flanks lie in other pipes, is
 * found; a pipe's first sample is the same point as the last one of the
 * pipe upstream and is skipped. */
typedef struct {
  RaHydraulics *h;
  guint        *child_first;   /* node -> pipes leaving it (CSR) */
  guint        *children;
  GArray       *stack;
} Walk;

/* The sample upstream of i on the network, G_MAXUINT at a source. */
static guint
upstream_of (Walk *w, guint i)
{
  const RaHydraulicsSample *s = sample (w->h, i);
  const RaHydraulicsPipe *p = &g_array_index (w->h->pipes, RaHydraulicsPipe, s->pipe);
  int up;

  if (i > p->first_sample + 1)
    return i - 1;
  up = g_array_index (w->h->nodes, RaHydraulicsNode, p->from).upstream_pipe;
  if (i == p->first_sample + 1 && up >= 0)
    {
      const RaHydraulicsPipe *u = &g_array_index (w->h->pipes, RaHydraulicsPipe, up);

      return u->first_sample + u->n_samples - 1;
    }
  return i > p->first_sample ? i - 1 : G_MAXUINT;
}

/* Pushes the samples just downstream of i. */
static void
push_downstream (Walk *w, guint i)
{
  const RaHydraulicsSample *s = sample (w->h, i);
  const RaHydraulicsPipe *p = &g_array_index (w->h->pipes, RaHydraulicsPipe, s->pipe);

  if (i + 1 < p->first_sample + p->n_samples)
    {
      guint next = i + 1;

      g_array_append_val (w->stack, next);
      return;
    }
  for (guint k = w->child_first[p->to]; k < w->child_first[p->to + 1]; k++)
    {
      const RaHydraulicsPipe *c = &g_array_index (w->h->pipes, RaHydraulicsPipe, w->children[k]);
      guint next = c->first_sample + 1;

      if (c->n_samples >= 2)
        g_array_append_val (w->stack, next);
    }
}

static gboolean
falls_downstream (Walk *w, guint i, double top)
{
  guint visits = 0;

  g_array_set_size (w->stack, 0);
  push_downstream (w, i);
  /* bounded: a crest whose valley lies that far off is no crest */
  while (w->stack->len > 0 && visits++ < 20000)
    {
      guint k = g_array_index (w->stack, guint, w->stack->len - 1);
      double z = sample (w->h, k)->ground_m;

      g_array_set_size (w->stack, w->stack->len - 1);
      if (z > top)
        continue;
      if (top - z >= RA_HYDRAULICS_AIR_VALVE_RISE_M)
        return TRUE;
      push_downstream (w, k);
    }
  return FALSE;
}

static void
find_air_valves (RaHydraulics *h)
{
  guint nn = h->nodes->len, np = h->pipes->len;
  g_autofree guint *fill = g_new0 (guint, MAX (1, nn));
  Walk w = { h, g_new0 (guint, nn + 1), g_new (guint, MAX (1, np)),
             g_array_new (FALSE, FALSE, sizeof (guint)) };

  for (guint p = 0; p < np; p++)
    w.child_first[g_array_index (h->pipes, RaHydraulicsPipe, p).from + 1]++;
  for (guint n = 0; n < nn; n++)
    w.child_first[n + 1] += w.child_first[n];
  for (guint p = 0; p < np; p++)
    {
      guint from = g_array_index (h->pipes, RaHydraulicsPipe, p).from;

      w.children[w.child_first[from] + fill[from]++] = p;
    }
  for (guint i = 0; i < h->samples->len; i++)
    {
      const RaHydraulicsPipe *p = &g_array_index (h->pipes, RaHydraulicsPipe, sample (h, i)->pipe);
      double top = sample (h, i)->ground_m, low = top;
      guint up = upstream_of (&w, i), k;
      gboolean higher_after = FALSE;

      if (i == p->first_sample || up == G_MAXUINT || !(top > sample (h, up)->ground_m))
        continue;
      /* not below any point just downstream (a leaf's end is no crest) */
      g_array_set_size (w.stack, 0);
      push_downstream (&w, i);
      if (w.stack->len == 0)
        continue;
      for (guint s = 0; s < w.stack->len; s++)
        higher_after |= sample (h, g_array_index (w.stack, guint, s))->ground_m > top;
      if (higher_after)
        continue;
      for (k = up; k != G_MAXUINT && sample (h, k)->ground_m <= top; k = upstream_of (&w, k))
        low = MIN (low, sample (h, k)->ground_m);
      if (top - low >= RA_HYDRAULICS_AIR_VALVE_RISE_M && falls_downstream (&w, i, top))
        g_array_append_vals (h->air_valves, sample (h, i), 1);
    }
  g_free (w.child_first);
  g_free (w.children);
  g_array_unref (w.stack);
}

static void
low_pressure_of (RaHydraulics *h, const RaHydraulicsPipe *p, GPtrArray *ids)
{
  const RaHydraulicsNode *from = &g_array_index (h->nodes, RaHydraulicsNode, p->from);
  const RaHydraulicsNode *to = &g_array_index (h->nodes, RaHydraulicsNode, p->to);
  double residual = h->options.residual_m - 1e-6;
  int start = -1;
  gboolean any = FALSE;

  for (guint i = p->first_sample; i <= p->first_sample + p->n_samples; i++)
    {
      gboolean low = FALSE;

      if (i < p->first_sample + p->n_samples)
        {
          const RaHydraulicsSample *s = sample (h, i);
          double f = p->length_m > 0 ? s->chainage_m / p->length_m : 0;
          double hgl = from->head_m + f * (to->head_m - from->head_m);

          low = hgl - s->ground_m < residual;
        }
      if (low && start < 0)
        start = (int) i;
      else if (!low && start >= 0)
        {
          g_array_append_vals (h->low_pressure, sample (h, (guint) start), 1);
          g_array_append_vals (h->low_pressure, sample (h, i - 1), 1);
          start = -1;
          any = TRUE;
        }
    }
  if (any)
    g_ptr_array_add (ids, (gpointer) p->id);
}

void
_ra_hydraulics_find_profile_points (RaHydraulics *h)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  g_array_set_size (h->air_valves, 0);
  g_array_set_size (h->low_pressure, 0);
  find_air_valves (h);
  for (guint i = 0; i < h->pipes->len; i++)
    {
      const RaHydraulicsPipe *p = &g_array_index (h->pipes, RaHydraulicsPipe, i);

      low_pressure_of (h, p, ids);
    }
  if (ids->len > 0)
    {
      g_autoptr(GString) list = g_string_new (NULL);

      for (guint i = 0; i < MIN (ids->len, 10); i++)
        g_string_append_printf (list, "%s%s", i > 0 ? ", " : "", (const char *) g_ptr_array_index (ids, i));
      if (ids->len > 10)
        g_string_append_printf (list, _(" and %u more"), ids->len - 10);
      _ra_hydraulics_message (h, _("the grade line is less than %.1f m above the ground along %u pipes: %s"),
                              h->options.residual_m, ids->len, list->str);
    }
}
