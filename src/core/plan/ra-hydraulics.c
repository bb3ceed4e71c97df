/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The hydraulics of a branched network: options and settings, design flows
 * (the demands accumulated downstream, peak factors), DN from the velocity
 * window, head losses, heads from each source, the pump head that keeps
 * every user at the residual pressure; the object and its accessors. */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-error.h"
#include "ra-hydraulics-private.h"

void
ra_hydraulics_options_init (RaHydraulicsOptions *o)
{
  g_return_if_fail (o != NULL);

  /* GB 50013-2018 ch. 4 (water demand) ranges: daily 1.1–1.5, hourly 1.2–1.6 */
  o->daily_peak_factor = 1.3;
  o->hourly_peak_factor = 1.5;
  /* 0.6 m/s: GB 50013-2018's least velocity of a transmission main;
   * 1.5 m/s: the economic velocity of mains in Chinese design practice */
  o->velocity_min_m_s = 0.6;
  o->velocity_max_m_s = 1.5;
  o->formula = RA_HYDRAULICS_HAZEN_WILLIAMS;
  o->minor_loss_factor = 0.10;
  o->residual_m = 10.2;           /* 0.1 MPa */
  o->material = RA_PIPE_MATERIAL_DUCTILE_IRON;
  o->cover_m = 1.5;               /* under the frost line of the north-west */
  o->snap_m = 50;
}

static double
setting (RaStore *store, const char *key, double fallback, double lo, double hi)
{
  double v = ra_store_get_setting_number (store, key, fallback);

  return isfinite (v) && v >= lo && v <= hi ? v : fallback;
}

void
ra_hydraulics_options_from_store (RaHydraulicsOptions *o, RaStore *store)
{
  g_autofree char *formula = NULL, *material = NULL;

  g_return_if_fail (o != NULL);
  g_return_if_fail (RA_IS_STORE (store));

  ra_hydraulics_options_init (o);
  o->daily_peak_factor = setting (store, RA_HYDRAULICS_SETTING_DAILY_PEAK, o->daily_peak_factor, 1, 5);
  o->hourly_peak_factor = setting (store, RA_HYDRAULICS_SETTING_HOURLY_PEAK, o->hourly_peak_factor, 1, 5);
  o->velocity_min_m_s = setting (store, RA_HYDRAULICS_SETTING_VELOCITY_MIN, o->velocity_min_m_s, 0, 5);
  o->velocity_max_m_s = setting (store, RA_HYDRAULICS_SETTING_VELOCITY_MAX, o->velocity_max_m_s, 0.1, 10);
  if (o->velocity_min_m_s >= o->velocity_max_m_s)
    o->velocity_min_m_s = 0;
  o->minor_loss_factor = setting (store, RA_HYDRAULICS_SETTING_MINOR_LOSS, o->minor_loss_factor, 0, 2);
  o->residual_m = setting (store, RA_HYDRAULICS_SETTING_RESIDUAL_M, o->residual_m, 0, 200);
  o->cover_m = setting (store, RA_HYDRAULICS_SETTING_COVER_M, o->cover_m, 0, 20);
  o->snap_m = setting (store, RA_BALANCE_SETTING_SNAP_M, o->snap_m, 0, 5000);
  formula = ra_store_dup_setting (store, RA_HYDRAULICS_SETTING_FORMULA);
  if (formula != NULL && g_ascii_strcasecmp (g_strstrip (formula), "dw") == 0)
    o->formula = RA_HYDRAULICS_DARCY_WEISBACH;
  material = ra_store_dup_setting (store, RA_HYDRAULICS_SETTING_MATERIAL);
  o->material = ra_pipe_material_parse (material, o->material);
}

/* ------------------------------------------------------------------ */

RaHydraulics *
_ra_hydraulics_new (int year, const RaHydraulicsOptions *options)
{
  RaHydraulics *h = g_new0 (RaHydraulics, 1);

  h->year = year;
  if (options != NULL)
    h->options = *options;
  else
    ra_hydraulics_options_init (&h->options);
  h->flat_ground = TRUE;
  h->strings = g_string_chunk_new (4096);
  h->nodes = g_array_new (FALSE, TRUE, sizeof (RaHydraulicsNode));
  h->pipes = g_array_new (FALSE, TRUE, sizeof (RaHydraulicsPipe));
  h->geoms = g_array_new (FALSE, TRUE, sizeof (RaHydraulicsGeom));
  h->coords = g_array_new (FALSE, FALSE, sizeof (double));
  h->sources = g_array_new (FALSE, TRUE, sizeof (RaHydraulicsSource));
  h->samples = g_array_new (FALSE, TRUE, sizeof (RaHydraulicsSample));
  h->air_valves = g_array_new (FALSE, TRUE, sizeof (RaHydraulicsSample));
  h->low_pressure = g_array_new (FALSE, TRUE, sizeof (RaHydraulicsSample));
  h->messages = g_ptr_array_new_with_free_func (g_free);
  h->order = g_array_new (FALSE, FALSE, sizeof (guint));
  return h;
}

void
ra_hydraulics_free (RaHydraulics *h)
{
  if (h == NULL)
    return;
  g_string_chunk_free (h->strings);
  g_array_unref (h->nodes);
  g_array_unref (h->pipes);
  g_array_unref (h->geoms);
  g_array_unref (h->coords);
  g_array_unref (h->sources);
  g_array_unref (h->samples);
  g_array_unref (h->air_valves);
  g_array_unref (h->low_pressure);
  g_ptr_array_unref (h->messages);
  g_array_unref (h->order);
  g_free (h);
}

const char *
_ra_hydraulics_intern (RaHydraulics *h, const char *s)
{
  return s != NULL ? g_string_chunk_insert_const (h->strings, s) : NULL;
}

void
_ra_hydraulics_message (RaHydraulics *h, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (h->messages, g_strdup_vprintf (format, args));
  va_end (args);
}

char *
_ra_hydraulics_pipe_label (RaHydraulics *h, guint pipe)
{
  const RaHydraulicsPipe *p = &g_array_index (h->pipes, RaHydraulicsPipe, pipe);

  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, p->pipeline_id);

  if (p->name != NULL && *p->name != '\0')
    /* TRANSLATORS: a pipe in messages: pipeline id, its name, the pipe's id */
    return g_strdup_printf (_("pipeline %s “%s” (%s)"), number, p->name, p->id);
  /* TRANSLATORS: a pipe in messages: pipeline id, the pipe's id */
  return g_strdup_printf (_("pipeline %s (%s)"), number, p->id);
}

/* One message for the pipes flagged: "N pipes …: P1, P2, … (and M more)". */
static void
summarise (RaHydraulics *h, GPtrArray *ids, const char *what)
{
  g_autoptr(GString) list = g_string_new (NULL);

  if (ids->len == 0)
    return;
  for (guint i = 0; i < MIN (ids->len, 10); i++)
    g_string_append_printf (list, "%s%s", i > 0 ? ", " : "", (const char *) g_ptr_array_index (ids, i));
  if (ids->len > 10)
    g_string_append_printf (list, _(" and %u more"), ids->len - 10);
  _ra_hydraulics_message (h, "%s: %s", what, list->str);
}

gboolean
_ra_hydraulics_solve (RaHydraulics *h, GError **error)
{
  const RaHydraulicsOptions *o = &h->options;
  double peak = o->daily_peak_factor * o->hourly_peak_factor;
  guint nn = h->nodes->len, np = h->pipes->len;
  g_autofree double *acc = g_new0 (double, MAX (1, nn));
  g_autofree double *acc_avg = g_new0 (double, MAX (1, nn));
  g_autofree double *rel = g_new0 (double, MAX (1, nn));
  g_autoptr(GPtrArray) slow = g_ptr_array_new ();
  g_autoptr(GPtrArray) small = g_ptr_array_new ();
  g_autoptr(GPtrArray) idle = g_ptr_array_new ();
  g_autoptr(GPtrArray) under = g_ptr_array_new ();
  gint64 t0 = g_get_monotonic_time ();

  /* design flows: each node's demand carried by every pipe upstream of it */
  for (guint k = h->order->len; k > 0; k--)
    {
      guint n = g_array_index (h->order, guint, k - 1);
      RaHydraulicsNode *node = &g_array_index (h->nodes, RaHydraulicsNode, n);

      node->demand_lps = node->demand_avg_lps * peak;
      acc[n] += node->demand_lps;
      acc_avg[n] += node->demand_avg_lps;
      if (node->upstream_pipe >= 0)
        {
          RaHydraulicsPipe *p = &g_array_index (h->pipes, RaHydraulicsPipe, node->upstream_pipe);
          const double *typed = h->typed_flows != NULL
                                ? g_hash_table_lookup (h->typed_flows, &p->pipeline_id) : NULL;

          p->typed_flow_lps = typed != NULL ? *typed : NAN;
          /* A typed design flow over what the users downstream take: the
           * rest leaves the network at the pipe's end (a demand there, so
           * flows upstream and the .inp agree). */
          if (typed != NULL && *typed > acc[n] + 1e-9)
            {
              double extra = *typed - acc[n];

              node->demand_lps += extra;
              node->demand_avg_lps += extra / peak;
              acc[n] += extra;
              acc_avg[n] += extra / peak;
            }
          else if (typed != NULL && *typed < acc[n] - 1e-9)
            g_ptr_array_add (under, (gpointer) p->id);

          p->flow_lps = acc[n];
          p->flow_avg_lps = acc_avg[n];
          acc[p->from] += acc[n];
          acc_avg[p->from] += acc_avg[n];
        }
    }
  summarise (h, under, _("the design flow typed for these pipes is less than their users "
                         "downstream take; the allocations' flow is used"));
  /* sizes and head losses */
  for (guint i = 0; i < np; i++)
    {
      RaHydraulicsPipe *p = &g_array_index (h->pipes, RaHydraulicsPipe, i);
      const RaPipeSize *size;
      double vh;

      if (p->flow_lps > 0)
        size = ra_pipe_catalogue_choose (p->material, p->flow_lps, o->velocity_max_m_s);
      else
        {
          guint n;

          size = ra_pipe_catalogue_sizes (p->material, &n);
        }
      if (size == NULL)
        {
          g_autofree char *label = _ra_hydraulics_pipe_label (h, i);
          guint n;
          const RaPipeSize *sizes = ra_pipe_catalogue_sizes (p->material, &n);

          g_set_error (error, RA_ERROR, RA_ERROR_INVALID_ARGUMENT,
                       _("%s: its design flow of %.1f L/s is more than the largest %s pipe in the catalogue (DN %.0f) carries at %.1f m/s"),
                       label, p->flow_lps, ra_pipe_material_to_string (p->material),
                       sizes[n - 1].dn_mm, o->velocity_max_m_s);
          return FALSE;
        }
      p->dn_mm = size->dn_mm;
      p->inner_mm = size->inner_mm;
      p->velocity_m_s = _ra_hydraulics_velocity (p->flow_lps, p->inner_mm);
      p->below_velocity = p->flow_lps > 0 && p->velocity_m_s < o->velocity_min_m_s;
      p->given_dn_small = isfinite (p->given_dn_mm) && p->given_dn_mm < p->dn_mm;
      if (p->below_velocity)
        g_ptr_array_add (slow, (gpointer) p->id);
      if (p->given_dn_small)
        g_ptr_array_add (small, (gpointer) p->id);
      if (!(p->flow_lps > 0))
        g_ptr_array_add (idle, (gpointer) p->id);
      if (o->formula == RA_HYDRAULICS_DARCY_WEISBACH)
        {
          p->roughness = ra_pipe_material_roughness_mm (p->material);
          p->friction_m = ra_headloss_darcy_weisbach (p->flow_lps, p->inner_mm, p->length_m, p->roughness);
        }
      else
        {
          p->roughness = ra_pipe_material_hw_c (p->material);
          p->friction_m = ra_headloss_hazen_williams (p->flow_lps, p->inner_mm, p->length_m, p->roughness);
        }
      /* minor losses as a share of friction, written to EPANET as the
       * coefficient K of K v^2/2g that gives the same loss */
      vh = _ra_hydraulics_velocity_head (p->flow_lps, p->inner_mm);
      p->minor_k = vh > 0 ? o->minor_loss_factor * p->friction_m / vh : 0;
      p->headloss_m = p->friction_m * (1 + o->minor_loss_factor);
    }
  summarise (h, slow, _("velocity under the window at the design flow (deposits: plan flushing)"));
  summarise (h, small, _("the pipeline's own DN is smaller than the suggested one"));
  summarise (h, idle, _("no allocated water flows through these pipes in the year (smallest DN shown)"));

  /* heads: losses from the source, then the pump head that keeps the
   * residual pressure at the worst user */
  for (guint k = 0; k < h->order->len; k++)
    {
      guint n = g_array_index (h->order, guint, k);
      RaHydraulicsNode *node = &g_array_index (h->nodes, RaHydraulicsNode, n);

      if (node->upstream_pipe >= 0)
        {
          RaHydraulicsPipe *p = &g_array_index (h->pipes, RaHydraulicsPipe, node->upstream_pipe);

          rel[n] = rel[p->from] + p->headloss_m;
        }
    }
  for (guint s = 0; s < h->sources->len; s++)
    {
      RaHydraulicsSource *src = &g_array_index (h->sources, RaHydraulicsSource, s);
      RaHydraulicsNode *sn = &g_array_index (h->nodes, RaHydraulicsNode, src->node);
      double need = -INFINITY;

      src->flow_lps = acc[src->node];
      src->worst_node = src->node;
      for (guint k = 0; k < h->order->len; k++)
        {
          guint n = g_array_index (h->order, guint, k);
          RaHydraulicsNode *node = &g_array_index (h->nodes, RaHydraulicsNode, n);
          double r;

          if (node->source != s || node->kind != RA_HYDRAULICS_NODE_USER || !(node->demand_lps > 0))
            continue;
          r = node->elevation_m + o->residual_m + rel[n] - sn->elevation_m;
          if (r > need)
            {
              need = r;
              src->worst_node = n;
            }
        }
      src->pump_head_m = MAX (0, need);
    }
  for (guint n = 0; n < nn; n++)
    {
      RaHydraulicsNode *node = &g_array_index (h->nodes, RaHydraulicsNode, n);
      const RaHydraulicsSource *src = &g_array_index (h->sources, RaHydraulicsSource, node->source);
      const RaHydraulicsNode *sn = &g_array_index (h->nodes, RaHydraulicsNode, src->node);

      node->head_m = sn->elevation_m + src->pump_head_m - rel[n];
      node->pressure_m = node->head_m - node->elevation_m;
    }
  _ra_hydraulics_find_profile_points (h);
  h->solve_s = (g_get_monotonic_time () - t0) / 1e6;
  return TRUE;
}

RaHydraulics *
_ra_hydraulics_new_from_balance_input (RaBalanceInput *input, GHashTable *typed_flows,
                                       const RaHydraulicsOptions *options,
                                       RaRaster *dem, GError **error)
{
  RaHydraulics *h = _ra_hydraulics_new_from_input (input, options, error);
  gboolean ok;

  if (h == NULL)
    return NULL;
  h->typed_flows = typed_flows;
  ok = _ra_hydraulics_sample_ground (h, dem, error) && _ra_hydraulics_solve (h, error);
  h->typed_flows = NULL;
  if (!ok)
    {
      ra_hydraulics_free (h);
      return NULL;
    }
  return h;
}

static char *
design_flow_key (gint64 pipeline_id)
{
  return g_strdup_printf (RA_HYDRAULICS_SETTING_DESIGN_FLOW "%" G_GINT64_FORMAT, pipeline_id);
}

double
ra_hydraulics_get_design_flow (RaStore *store, gint64 pipeline_id)
{
  g_autofree char *key = design_flow_key (pipeline_id);
  double v = ra_store_get_setting_number (store, key, NAN);

  return isfinite (v) && v > 0 ? v : NAN;
}

gboolean
ra_hydraulics_set_design_flow (RaStore *store, gint64 pipeline_id, double flow_lps,
                               GError **error)
{
  g_autofree char *key = design_flow_key (pipeline_id);
  g_autofree char *value = NULL;

  g_return_val_if_fail (RA_IS_STORE (store), FALSE);
  if (isfinite (flow_lps) && flow_lps > 0)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      value = g_strdup (g_ascii_dtostr (buf, sizeof buf, flow_lps));
    }
  return ra_store_set_setting (store, key, value, error);
}

/* The typed design flows of the input's pipelines.  (transfer full) (nullable) */
static GHashTable *
typed_flows (RaStore *store, RaBalanceInput *input)
{
  GHashTable *table = NULL;

  for (guint i = 0; input->pipelines != NULL && i < input->pipelines->len; i++)
    {
      const RaPipelineRecord *rec = g_ptr_array_index (input->pipelines, i);
      double v = ra_hydraulics_get_design_flow (store, rec->id);

      if (!isfinite (v))
        continue;
      if (table == NULL)
        table = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
      g_hash_table_insert (table, g_memdup2 (&rec->id, sizeof rec->id), g_memdup2 (&v, sizeof v));
    }
  return table;
}

/**
 * ra_hydraulics_new_from_store:
 * @options: (nullable): NULL for the project's settings
 * @dem: (nullable): ground elevations; NULL for flat ground
 * Returns: (transfer full) (nullable)
 */
RaHydraulics *
ra_hydraulics_new_from_store (RaStore *store, int year, const RaHydraulicsOptions *options,
                              RaRaster *dem, GError **error)
{
  RaHydraulicsOptions project;
  RaBalance *balance;
  RaHydraulics *h;
  g_autoptr(GHashTable) typed = NULL;

  g_return_val_if_fail (RA_IS_STORE (store), NULL);
  g_return_val_if_fail (dem == NULL || RA_IS_RASTER (dem), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    {
      ra_hydraulics_options_from_store (&project, store);
      options = &project;
    }
  /* the balance reads the year's allocations and places the plants drawn
   * nowhere at their county seats, as everywhere else */
  balance = ra_balance_new_from_store (store, year, NULL, error);
  if (balance == NULL)
    return NULL;
  typed = typed_flows (store, balance->input);
  h = _ra_hydraulics_new_from_balance_input (balance->input, typed, options, dem, error);
  ra_balance_free (balance);
  return h;
}

int
ra_hydraulics_get_year (RaHydraulics *h)
{
  g_return_val_if_fail (h != NULL, 0);
  return h->year;
}

const RaHydraulicsOptions *
ra_hydraulics_get_options (RaHydraulics *h)
{
  g_return_val_if_fail (h != NULL, NULL);
  return &h->options;
}

GArray *
ra_hydraulics_get_nodes (RaHydraulics *h)
{
  g_return_val_if_fail (h != NULL, NULL);
  return h->nodes;
}

GArray *
ra_hydraulics_get_pipes (RaHydraulics *h)
{
  g_return_val_if_fail (h != NULL, NULL);
  return h->pipes;
}

GArray *
ra_hydraulics_get_sources (RaHydraulics *h)
{
  g_return_val_if_fail (h != NULL, NULL);
  return h->sources;
}

GArray *
ra_hydraulics_get_samples (RaHydraulics *h)
{
  g_return_val_if_fail (h != NULL, NULL);
  return h->samples;
}

GArray *
ra_hydraulics_get_air_valves (RaHydraulics *h)
{
  g_return_val_if_fail (h != NULL, NULL);
  return h->air_valves;
}

GArray *
ra_hydraulics_get_low_pressure (RaHydraulics *h)
{
  g_return_val_if_fail (h != NULL, NULL);
  return h->low_pressure;
}

GPtrArray *
ra_hydraulics_get_messages (RaHydraulics *h)
{
  g_return_val_if_fail (h != NULL, NULL);
  return h->messages;
}

gboolean
ra_hydraulics_is_flat_ground (RaHydraulics *h)
{
  g_return_val_if_fail (h != NULL, TRUE);
  return h->flat_ground;
}

int
ra_hydraulics_find_node (RaHydraulics *h, const char *id)
{
  g_return_val_if_fail (h != NULL, -1);

  for (guint i = 0; id != NULL && i < h->nodes->len; i++)
    if (g_strcmp0 (g_array_index (h->nodes, RaHydraulicsNode, i).id, id) == 0)
      return (int) i;
  return -1;
}

void
ra_hydraulics_get_timing (RaHydraulics *h, double *load_s, double *solve_s)
{
  g_return_if_fail (h != NULL);
  if (load_s != NULL)
    *load_s = h->load_s;
  if (solve_s != NULL)
    *solve_s = h->solve_s;
}
