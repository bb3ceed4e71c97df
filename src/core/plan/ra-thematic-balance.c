/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The water balance of a year as map layers: water users by sector sized
 * by demand, flows along pipelines with width by volume, plant donuts of
 * allocated against spare supply (ra-thematic-balance.h). */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-error.h"
#include "ra-thematic-balance.h"

/* Colours of the sectors in the rule 第十二条 order: qualitative (Dark2),
 * distinct for the common colour blindnesses, and distinct in greyscale
 * by lightness for the first four. */
static const struct {
  const char *key;
  const char *color;
} sector_colors[] = {
  { "high_water_industry",  "#d95f02" },
  { "urban_nonpotable",     "#7570b3" },
  { "coal_mining",          "#4d4d4d" },
  { "landscape_ecological", "#1b9e77" },
  { "agriculture",          "#e6ab02" },
  { "other_industry",       "#a6761d" },
};

#define COLOR_ALLOCATED "#2b8cbe"
#define COLOR_SPARE     "#d9f0d3"
#define COLOR_OVER      "#d7301f"
#define COLOR_FLOW      "#2b8cbe"

static RaCrs *
crs_4490 (void)
{
  static GMutex lock;
  static RaCrs *crs;
  RaCrs *result;

  g_mutex_lock (&lock);
  if (crs == NULL)
    crs = ra_crs_new_from_epsg (RA_STORE_SRID, NULL);
  result = crs != NULL ? ra_crs_ref (crs) : NULL;
  g_mutex_unlock (&lock);
  return result;
}

static char *
num_text (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (v))
    return NULL;
  return g_strdup (g_ascii_dtostr (buf, sizeof buf, v));
}

static RaGeometry *
point_new (double x, double y)
{
  RaGeometry *pt = ra_geometry_new (RA_GEOM_POINT, 1, 1);

  pt->xy[0] = x;
  pt->xy[1] = y;
  pt->parts[0] = 0;
  pt->parts[1] = 1;
  ra_geometry_update_bbox (pt);
  return pt;
}

static RaLayer *
new_layer (const char *name, RaGeomKind kind, const char *role,
           const char * const *fields, const RaFieldType *types, guint n_fields)
{
  g_autoptr(RaCrs) crs = crs_4490 ();
  RaLayer *layer = ra_layer_new (name, kind, crs);

  ra_layer_set_fields (layer, n_fields, fields, types);
  g_object_set_data (G_OBJECT (layer), RA_THEMATIC_BALANCE_ROLE_KEY, (gpointer) role);
  return layer;
}

const char *
ra_thematic_balance_layer_role (RaLayer *layer)
{
  g_return_val_if_fail (RA_IS_LAYER (layer), NULL);
  return g_object_get_data (G_OBJECT (layer), RA_THEMATIC_BALANCE_ROLE_KEY);
}

/* Sums the year's allocations per user (id -> double*). */
static GHashTable *
allocated_by_user (GPtrArray *allocations, int year)
{
  GHashTable *sums = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  for (guint i = 0; allocations != NULL && i < allocations->len; i++)
    {
      const RaAllocationRecord *a = g_ptr_array_index (allocations, i);
      double *sum;

      if (a->year != year || !isfinite (a->volume))
        continue;
      sum = g_hash_table_lookup (sums, &a->user_id);
      if (sum == NULL)
        {
          sum = g_new0 (double, 1);
          g_hash_table_insert (sums, g_memdup2 (&a->user_id, sizeof (gint64)), sum);
        }
      *sum += a->volume;
    }
  return sums;
}

/* ------------------------------------------------------------------ */
/* Water users                                                         */

static const char * const user_fields[] = {
  RA_BALANCE_FIELD_ID, RA_BALANCE_FIELD_NAME, "adcode", RA_BALANCE_FIELD_SECTOR,
  RA_BALANCE_FIELD_SECTOR_NAME, "use_category", "use_category_name", "standard",
  "source_now", "able", "why_not", "key_user", RA_BALANCE_FIELD_DEMAND,
  RA_BALANCE_FIELD_ALLOCATED, RA_BALANCE_FIELD_UNMET, "year",
};
static const RaFieldType user_types[] = {
  RA_FIELD_INTEGER, RA_FIELD_STRING, RA_FIELD_STRING, RA_FIELD_STRING,
  RA_FIELD_STRING, RA_FIELD_STRING, RA_FIELD_STRING, RA_FIELD_STRING,
  RA_FIELD_STRING, RA_FIELD_STRING, RA_FIELD_STRING, RA_FIELD_STRING, RA_FIELD_REAL,
  RA_FIELD_REAL, RA_FIELD_REAL, RA_FIELD_INTEGER,
};
G_STATIC_ASSERT (G_N_ELEMENTS (user_fields) == G_N_ELEMENTS (user_types));

double
ra_thematic_balance_demand_max (GPtrArray *demand)
{
  double max = 0.0;

  for (guint i = 0; demand != NULL && i < demand->len; i++)
    {
      const RaUserDemandRecord *d = g_ptr_array_index (demand, i);

      if (isfinite (d->volume) && d->volume > max)
        max = d->volume;
    }
  return max;
}

/**
 * ra_thematic_balance_users_style:
 * Returns: (transfer full)
 */
RaStyle *
ra_thematic_balance_users_style (double size_max, gboolean label)
{
  RaStyle *style = ra_style_new_default (RA_GEOM_POINT, 0);

  style->kind = RA_STYLE_PROPORTIONAL;
  g_free (style->field);
  style->field = g_strdup (RA_BALANCE_FIELD_SECTOR);
  g_free (style->size_field);
  style->size_field = g_strdup (RA_BALANCE_FIELD_DEMAND);
  style->size_max_value = MAX (size_max, 0.0);
  style->size_max_px = 36;
  style->size_min_px = 5;
  style->stroke_width_px = 1.0;
  ra_color_parse (&style->size_fill, "#7f7f7f");
  ra_color_parse (&style->size_stroke, "#ffffff");
  ra_style_set_label_field (style, label ? RA_BALANCE_FIELD_NAME : NULL);
  ra_color_parse (&style->label_color, "#1a1a1a");
  ra_color_parse (&style->label_halo, "#ffffffe6");
  style->label_halo_px = 2.0;
  for (guint i = 0; i < G_N_ELEMENTS (sector_colors); i++)
    {
      RaColor color;
      RaStyleClass *cls;

      ra_color_parse (&color, sector_colors[i].color);
      color.a = 0.85;
      ra_style_add_category (style, sector_colors[i].key,
                             ra_water_sector_to_string (sector_colors[i].key), &color);
      cls = &style->classes[style->n_classes - 1];
      ra_color_parse (&cls->stroke, "#ffffff");
    }
  style->other.fill = (RaColor) { 0.5, 0.5, 0.5, 0.8 };
  ra_color_parse (&style->other.stroke, "#ffffff");
  g_free (style->other.label);
  style->other.label = g_strdup (_("Other sector"));
  return style;
}

/**
 * ra_thematic_balance_users_layer:
 * Returns: (transfer full)
 */
RaLayer *
ra_thematic_balance_users_layer (GPtrArray *users, GPtrArray *demand, GPtrArray *allocations,
                                 int year, double size_max)
{
  g_autofree char *name = g_strdup_printf (_("Water users, demand %d (10⁴ m³/a)"), year);
  RaLayer *layer = new_layer (name, RA_GEOM_POINT, "water_users", user_fields, user_types,
                              G_N_ELEMENTS (user_fields));
  g_autoptr(GHashTable) demand_of = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) allocated_of = allocated_by_user (allocations, year);
  g_autoptr(RaStyle) style = NULL;
  guint n = 0;

  g_return_val_if_fail (users != NULL, layer);

  for (guint i = 0; demand != NULL && i < demand->len; i++)
    {
      RaUserDemandRecord *d = g_ptr_array_index (demand, i);

      if (d->year == year)
        g_hash_table_insert (demand_of, &d->user_id, &d->volume);
    }
  for (guint i = 0; i < users->len; i++)
    {
      const RaWaterUserRecord *u = g_ptr_array_index (users, i);
      const double *dv = g_hash_table_lookup (demand_of, &u->id);
      const double *av = g_hash_table_lookup (allocated_of, &u->id);
      double d = dv != NULL ? *dv : NAN;
      double a = av != NULL ? *av : 0.0;
      char **v;
      guint k = 0;

      if (!isfinite (u->lon) || !isfinite (u->lat))
        continue;
      v = g_new0 (char *, G_N_ELEMENTS (user_fields));
      v[k++] = g_strdup_printf ("%" G_GINT64_FORMAT, u->id);
      v[k++] = g_strdup (u->name);
      v[k++] = g_strdup (u->adcode);
      v[k++] = g_strdup (u->sector);
      v[k++] = g_strdup (u->sector != NULL ? ra_water_sector_to_string (u->sector) : NULL);
      v[k++] = g_strdup (u->use_category);
      v[k++] = g_strdup (u->use_category != NULL
                         ? ra_water_use_category_to_string (u->use_category) : NULL);
      v[k++] = g_strdup (u->quality_standard != NULL ? u->quality_standard
                         : u->use_category != NULL
                         ? ra_water_use_category_standard (u->use_category) : NULL);
      v[k++] = g_strdup (u->source_now != NULL ? ra_water_source_to_string (u->source_now) : NULL);
      v[k++] = g_strdup (g_strcmp0 (u->able, "yes") == 0 ? _("Yes")
                         : g_strcmp0 (u->able, "no") == 0 ? _("No") : NULL);
      v[k++] = g_strdup (u->why_not);
      v[k++] = g_strdup (g_strcmp0 (u->key_user, "key") == 0 ? _("Key user")
                         : g_strcmp0 (u->key_user, "new_project") == 0 ? _("New project") : NULL);
      v[k++] = num_text (d);
      v[k++] = num_text (a);
      v[k++] = isfinite (d) ? num_text (MAX (d - a, 0.0)) : NULL;
      v[k++] = g_strdup_printf ("%d", year);
      g_assert (k == G_N_ELEMENTS (user_fields));
      ra_layer_add_feature (layer, u->id, point_new (u->lon, u->lat), v);
      n++;
    }
  /* A year without demand figures says so rather than promise them. */
  if (g_hash_table_size (demand_of) == 0)
    {
      g_autofree char *none = g_strdup_printf (_("Water users (no demand figures for %d)"), year);
      ra_layer_set_name (layer, none);
    }
  /* Names on the map while they can be read; a city of users is a cloud. */
  style = ra_thematic_balance_users_style (size_max, n <= 200);
  ra_layer_set_style (layer, style);
  return layer;
}

/* ------------------------------------------------------------------ */
/* Flows                                                               */

static const char * const flow_fields[] = {
  "pipeline_id", RA_BALANCE_FIELD_NAME, RA_BALANCE_FIELD_VOLUME, RA_BALANCE_FIELD_ROUTE,
  "n_users", "year",
};
static const RaFieldType flow_types[] = {
  RA_FIELD_INTEGER, RA_FIELD_STRING, RA_FIELD_REAL, RA_FIELD_STRING, RA_FIELD_INTEGER,
  RA_FIELD_INTEGER,
};
G_STATIC_ASSERT (G_N_ELEMENTS (flow_fields) == G_N_ELEMENTS (flow_types));

typedef struct {
  double x, y;
  const char *name;
} Place;

/* Metres between two lon/lat points, on a sphere: enough for snapping. */
static double
distance_m (double lon0, double lat0, double lon1, double lat1)
{
  double k = G_PI / 180.0;
  double dx = (lon1 - lon0) * k * cos ((lat0 + lat1) / 2.0 * k);
  double dy = (lat1 - lat0) * k;

  return 6371008.8 * sqrt (dx * dx + dy * dy);
}

static gboolean
line_ends (const RaGeometry *g, double *x0, double *y0, double *x1, double *y1)
{
  RaCoordScratch scratch = { 0 };
  const double *xy;

  if (g == NULL || g->kind != RA_GEOM_LINE || g->n_points < 2)
    return FALSE;
  xy = ra_geometry_coords (g, &scratch);
  *x0 = xy[0];
  *y0 = xy[1];
  *x1 = xy[2 * (g->n_points - 1)];
  *y1 = xy[2 * (g->n_points - 1) + 1];
  ra_coord_scratch_clear (&scratch);
  return TRUE;
}

/* The pipeline (index into data) joining a and b, ends within snap_m; -1. */
static int
find_pipeline_between (const RaLayerData *data, const Place *a, const Place *b, double snap_m)
{
  for (guint i = 0; data != NULL && i < data->n_features; i++)
    {
      double x0, y0, x1, y1;

      if (!line_ends (data->geoms[i], &x0, &y0, &x1, &y1))
        continue;
      if ((distance_m (x0, y0, a->x, a->y) <= snap_m && distance_m (x1, y1, b->x, b->y) <= snap_m) ||
          (distance_m (x1, y1, a->x, a->y) <= snap_m && distance_m (x0, y0, b->x, b->y) <= snap_m))
        return (int) i;
    }
  return -1;
}

static int
find_fid (const RaLayerData *data, gint64 fid)
{
  for (guint i = 0; data != NULL && data->attrs != NULL && i < data->attrs->n_features; i++)
    if (data->attrs->fids[i] == fid)
      return (int) i;
  return -1;
}

/**
 * ra_thematic_balance_flows_layer:
 * Returns: (transfer full)
 */
RaLayer *
ra_thematic_balance_flows_layer (GPtrArray *allocations, GPtrArray *plants, GPtrArray *users,
                                 RaLayer *pipelines, double snap_m, int year)
{
  g_autofree char *name = g_strdup_printf (_("Flows %d, allocated volume (10⁴ m³/a)"), year);
  RaLayer *layer = new_layer (name, RA_GEOM_LINE, "flows", flow_fields, flow_types,
                              G_N_ELEMENTS (flow_fields));
  g_autoptr(GHashTable) plant_at = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  g_autoptr(GHashTable) user_at = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  g_autoptr(RaLayerData) data = NULL;
  g_autoptr(RaStyle) style = ra_style_new_default (RA_GEOM_LINE, 0);
  g_autofree double *carried = NULL;
  g_autofree guint *n_users = NULL;
  int name_field = -1;
  RaColor color;

  if (pipelines != NULL)
    {
      g_autoptr(RaCrs) crs = crs_4490 ();

      /* Lon/lat, where the plants and users are. */
      if (crs != NULL && ra_layer_set_map_crs (pipelines, crs, NULL))
        data = ra_layer_dup_data (pipelines);
      if (data != NULL && data->attrs != NULL)
        name_field = ra_attr_table_field_index (data->attrs, "name");
    }
  carried = g_new0 (double, data != NULL ? data->n_features + 1 : 1);
  n_users = g_new0 (guint, data != NULL ? data->n_features + 1 : 1);

  for (guint i = 0; plants != NULL && i < plants->len; i++)
    {
      RaPlantDetailRecord *p = g_ptr_array_index (plants, i);
      Place *pl;

      if (!isfinite (p->lon) || !isfinite (p->lat))
        continue;
      pl = g_new0 (Place, 1);
      *pl = (Place) { p->lon, p->lat, p->name };
      g_hash_table_insert (plant_at, &p->id, pl);
    }
  for (guint i = 0; users != NULL && i < users->len; i++)
    {
      RaWaterUserRecord *u = g_ptr_array_index (users, i);
      Place *pl;

      if (!isfinite (u->lon) || !isfinite (u->lat))
        continue;
      pl = g_new0 (Place, 1);
      *pl = (Place) { u->lon, u->lat, u->name };
      g_hash_table_insert (user_at, &u->id, pl);
    }

  for (guint i = 0; allocations != NULL && i < allocations->len; i++)
    {
      const RaAllocationRecord *a = g_ptr_array_index (allocations, i);
      const Place *from = g_hash_table_lookup (plant_at, &a->plant_id);
      const Place *to = g_hash_table_lookup (user_at, &a->user_id);
      gboolean routed = FALSE;

      if (a->year != year || !isfinite (a->volume) || a->volume <= 0.0)
        continue;
      if (a->via_pipeline_ids != NULL && *a->via_pipeline_ids != '\0' && data != NULL)
        {
          g_auto(GStrv) ids = g_strsplit (a->via_pipeline_ids, ",", -1);

          for (guint k = 0; ids[k] != NULL; k++)
            {
              int f = find_fid (data, g_ascii_strtoll (g_strstrip (ids[k]), NULL, 10));

              if (f < 0)
                continue;
              carried[f] += a->volume;
              n_users[f]++;
              routed = TRUE;
            }
        }
      if (!routed && from != NULL && to != NULL)
        {
          int f = find_pipeline_between (data, from, to, snap_m);

          if (f >= 0)
            {
              carried[f] += a->volume;
              n_users[f]++;
              routed = TRUE;
            }
        }
      if (!routed && from != NULL && to != NULL)
        {
          /* No route known: a straight dashed line says so. */
          RaGeometry *line = ra_geometry_new (RA_GEOM_LINE, 2, 1);
          char **v = g_new0 (char *, G_N_ELEMENTS (flow_fields));

          line->xy[0] = from->x;
          line->xy[1] = from->y;
          line->xy[2] = to->x;
          line->xy[3] = to->y;
          line->parts[0] = 0;
          line->parts[1] = 2;
          ra_geometry_update_bbox (line);
          v[1] = g_strdup_printf ("%s → %s", from->name != NULL ? from->name : "",
                                  to->name != NULL ? to->name : "");
          v[2] = num_text (a->volume);
          v[3] = g_strdup ("direct");
          v[4] = g_strdup ("1");
          v[5] = g_strdup_printf ("%d", year);
          /* Negative ids: no pipeline's. */
          ra_layer_add_feature (layer, -(a->id > 0 ? a->id : (gint64) i + 1), line, v);
        }
    }
  for (guint f = 0; data != NULL && f < data->n_features; f++)
    {
      char **v;

      if (carried[f] <= 0.0 || data->geoms[f] == NULL)
        continue;
      v = g_new0 (char *, G_N_ELEMENTS (flow_fields));
      v[0] = g_strdup_printf ("%" G_GINT64_FORMAT, data->attrs->fids[f]);
      v[1] = g_strdup (name_field >= 0 ? ra_attr_table_get (data->attrs, f, name_field) : NULL);
      v[2] = num_text (carried[f]);
      v[3] = g_strdup ("pipeline");
      v[4] = g_strdup_printf ("%u", n_users[f]);
      v[5] = g_strdup_printf ("%d", year);
      ra_layer_add_feature (layer, data->attrs->fids[f], ra_geometry_copy (data->geoms[f]), v);
    }

  style->kind = RA_STYLE_CATEGORIZED;
  g_free (style->field);
  style->field = g_strdup (RA_BALANCE_FIELD_ROUTE);
  style->width_field = g_strdup (RA_BALANCE_FIELD_VOLUME);
  style->width_max_px = 12;
  style->width_min_px = 1.5;
  style->stroke_width_px = 2.0;
  ra_style_set_label_field (style, NULL);
  ra_color_parse (&color, COLOR_FLOW);
  color.a = 0.8;
  ra_style_add_category (style, "pipeline", _("along a pipeline"), &color);
  ra_style_add_category (style, "direct", _("no route yet (straight line)"), &color);
  style->classes[1].pattern = RA_PATTERN_HATCH;   /* lines: dashed */
  ra_layer_set_style (layer, style);
  return layer;
}

/* ------------------------------------------------------------------ */
/* Plants                                                              */

static const char * const plant_fields[] = {
  RA_BALANCE_FIELD_ID, RA_BALANCE_FIELD_NAME, "adcode", RA_BALANCE_FIELD_AVAILABLE,
  RA_BALANCE_FIELD_ALLOCATED, RA_BALANCE_FIELD_WITHIN, RA_BALANCE_FIELD_SPARE,
  RA_BALANCE_FIELD_OVER, RA_BALANCE_FIELD_SIZE, "capacity", "year",
};
static const RaFieldType plant_types[] = {
  RA_FIELD_INTEGER, RA_FIELD_STRING, RA_FIELD_STRING, RA_FIELD_REAL, RA_FIELD_REAL,
  RA_FIELD_REAL, RA_FIELD_REAL, RA_FIELD_REAL, RA_FIELD_REAL, RA_FIELD_REAL, RA_FIELD_INTEGER,
};
G_STATIC_ASSERT (G_N_ELEMENTS (plant_fields) == G_N_ELEMENTS (plant_types));

/**
 * ra_thematic_balance_plants_layer:
 * Returns: (transfer full)
 */
RaLayer *
ra_thematic_balance_plants_layer (GArray *balance_plants, GPtrArray *plants, int year)
{
  g_autofree char *name = g_strdup_printf (_("Plants %d, allocated and spare supply (10⁴ m³/a)"),
                                           year);
  RaLayer *layer = new_layer (name, RA_GEOM_POINT, "plant_balance", plant_fields, plant_types,
                              G_N_ELEMENTS (plant_fields));
  g_autoptr(RaStyle) style = ra_style_new_default (RA_GEOM_POINT, 0);
  RaColor color;

  for (guint i = 0; balance_plants != NULL && i < balance_plants->len; i++)
    {
      const RaBalancePlant *bp = &g_array_index (balance_plants, RaBalancePlant, i);
      const RaPlantDetailRecord *where = NULL;
      double avail = isfinite (bp->available) ? bp->available : NAN;
      double alloc = isfinite (bp->allocated) ? bp->allocated : 0.0;
      char **v;
      guint k = 0;

      for (guint j = 0; plants != NULL && j < plants->len && where == NULL; j++)
        if (((RaPlantDetailRecord *) g_ptr_array_index (plants, j))->id == bp->id)
          where = g_ptr_array_index (plants, j);
      if (where == NULL || !isfinite (where->lon) || !isfinite (where->lat))
        continue;
      v = g_new0 (char *, G_N_ELEMENTS (plant_fields));
      v[k++] = g_strdup_printf ("%" G_GINT64_FORMAT, bp->id);
      v[k++] = g_strdup (bp->name != NULL ? bp->name : where->name);
      v[k++] = g_strdup (bp->adcode);
      v[k++] = num_text (avail);
      v[k++] = num_text (alloc);
      v[k++] = num_text (isfinite (avail) ? MIN (alloc, avail) : alloc);
      v[k++] = isfinite (avail) ? num_text (MAX (avail - alloc, 0.0)) : NULL;
      v[k++] = isfinite (avail) && alloc > avail ? num_text (alloc - avail) : NULL;
      v[k++] = num_text (isfinite (avail) ? MAX (avail, alloc) : alloc);
      v[k++] = num_text (bp->capacity);
      v[k++] = g_strdup_printf ("%d", year);
      g_assert (k == G_N_ELEMENTS (plant_fields));
      ra_layer_add_feature (layer, bp->id, point_new (where->lon, where->lat), v);
    }

  style->kind = RA_STYLE_PROPORTIONAL;
  g_free (style->size_field);
  style->size_field = g_strdup (RA_BALANCE_FIELD_SIZE);
  style->size_max_px = 48;
  style->size_min_px = 12;
  style->stroke_width_px = 1.5;
  style->pie_hole = 0.45;
  ra_color_parse (&style->size_fill, "#bdbdbd");
  ra_color_parse (&style->size_stroke, "#253494");
  ra_style_set_label_field (style, NULL);
  ra_color_parse (&color, COLOR_ALLOCATED);
  ra_style_add_pie_field (style, RA_BALANCE_FIELD_WITHIN, _("allocated"), &color);
  ra_color_parse (&color, COLOR_SPARE);
  ra_style_add_pie_field (style, RA_BALANCE_FIELD_SPARE, _("spare"), &color);
  ra_color_parse (&color, COLOR_OVER);
  ra_style_add_pie_field (style, RA_BALANCE_FIELD_OVER, _("over-allocated"), &color);
  ra_layer_set_style (layer, style);
  return layer;
}

/* ------------------------------------------------------------------ */

/**
 * ra_thematic_balance_build:
 * Returns: (transfer full) (element-type RaLayer) (nullable)
 */
GPtrArray *
ra_thematic_balance_build (RaStore *store, RaBalance *balance, GError **error)
{
  g_autoptr(GPtrArray) layers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) plants = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(RaLayer) pipelines = NULL;
  RaBalanceOptions options;
  int year;

  g_return_val_if_fail (RA_IS_STORE (store), NULL);
  g_return_val_if_fail (balance != NULL, NULL);

  year = ra_balance_get_year (balance);
  ra_balance_options_init (&options);
  plants = ra_store_list_plant_details (store, error);
  if (plants == NULL)
    return NULL;
  users = ra_store_list_water_users (store, error);
  if (users == NULL)
    return NULL;
  if (ra_store_count_rows (store, "pipelines", NULL) > 0)
    {
      g_autoptr(GError) pipe_error = NULL;

      /* Without pipelines the flows are straight lines: still a map. */
      pipelines = ra_store_load_layer (store, "pipelines", NULL, &pipe_error);
      if (pipelines == NULL)
        g_debug ("Flows without pipelines: %s", pipe_error->message);
    }
  g_ptr_array_add (layers, ra_thematic_balance_flows_layer (ra_balance_get_allocations (balance),
                                                            plants, users, pipelines,
                                                            MAX (options.snap_m, 200.0), year));
  g_ptr_array_add (layers, ra_thematic_balance_plants_layer (ra_balance_get_plants (balance),
                                                             plants, year));
  return g_steal_pointer (&layers);
}

static int
find_role (RaMap *map, const char *role)
{
  for (guint i = 0; i < ra_map_get_n_layers (map); i++)
    if (g_strcmp0 (ra_thematic_balance_layer_role (ra_map_get_layer (map, i)), role) == 0)
      return (int) i;
  return -1;
}

static gboolean
has_role (GPtrArray *layers, const char *role)
{
  for (guint i = 0; i < layers->len; i++)
    if (g_strcmp0 (ra_thematic_balance_layer_role (g_ptr_array_index (layers, i)), role) == 0)
      return TRUE;
  return FALSE;
}

/**
 * ra_thematic_balance_replace_layers:
 * Returns: (transfer container) (element-type RaLayer)
 */
GPtrArray *
ra_thematic_balance_replace_layers (RaMap *map, GPtrArray *layers, GError **error)
{
  GPtrArray *added = g_ptr_array_new ();

  g_return_val_if_fail (RA_IS_MAP (map), added);
  g_return_val_if_fail (layers != NULL, added);

  for (guint i = ra_map_get_n_layers (map); i-- > 0;)
    {
      const char *role = ra_thematic_balance_layer_role (ra_map_get_layer (map, i));

      /* The water users are a project layer: the session keeps them. */
      if (role != NULL && !g_str_equal (role, "water_users") && !has_role (layers, role))
        ra_map_remove_layer (map, i);
    }
  for (guint i = 0; i < layers->len; i++)
    {
      RaLayer *layer = g_ptr_array_index (layers, i);
      int old_pos = find_role (map, ra_thematic_balance_layer_role (layer));
      g_autoptr(GError) add_error = NULL;
      gboolean ok;

      if (old_pos >= 0)
        ok = ra_layer_replace_contents (ra_map_get_layer (map, old_pos), layer, &add_error);
      else
        {
          ok = ra_map_add_layer (map, layer, &add_error);
          if (ok)
            g_ptr_array_add (added, layer);
        }
      if (!ok && error != NULL && *error == NULL)
        g_propagate_error (error, g_steal_pointer (&add_error));
    }
  return added;
}

void
ra_thematic_balance_remove_layers (RaMap *map)
{
  g_return_if_fail (RA_IS_MAP (map));

  for (guint i = ra_map_get_n_layers (map); i-- > 0;)
    {
      const char *role = ra_thematic_balance_layer_role (ra_map_get_layer (map, i));

      /* The water users are a project layer: the session keeps them. */
      if (role != NULL && !g_str_equal (role, "water_users"))
        ra_map_remove_layer (map, i);
    }
}
