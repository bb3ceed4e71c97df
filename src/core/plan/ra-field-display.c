/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The field catalogue of the project's own layers (ra-field-display.h). */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-field-display.h"
#include "ra-plan.h"
#include "ra-store-water.h"
#include "ra-thematic-balance.h"
#include "ra-thematic.h"

typedef enum {
  SHOW_HIDDEN,
  SHOW_TEXT,
  SHOW_VOLUME,          /* 10^4 m3/a, to an integer */
  SHOW_PERCENT,         /* one decimal and "%" */
  SHOW_POINTS,          /* percentage points, one decimal */
  SHOW_INTEGER,
  SHOW_M3_PER_DAY,      /* to an integer */
  SHOW_DEGREES,         /* lon/lat, 5 decimals */
  SHOW_KM,              /* 2 decimals */
  SHOW_DN,              /* "DN300" */
  SHOW_COUNTY,          /* adcode -> name */
  SHOW_PROJECT,         /* project id -> code */
  SHOW_APPROX,          /* 0/1 location or figure marked approximate */
  SHOW_YES_NO,          /* "yes"/"no" or 0/1 */
  SHOW_SECTOR,
  SHOW_USE_CATEGORY,
  SHOW_WATER_SOURCE,
  SHOW_KEY_USER,
  SHOW_PLANT_KIND,
  SHOW_PROJECT_STATUS,
  SHOW_PROJECT_SOURCE,
  SHOW_PLAN_STATUS,
  SHOW_PROVENANCE,
  SHOW_ROUTE,
} Show;

typedef struct {
  const char *contexts;   /* space-separated, NULL: every context */
  const char *field;
  const char *label;      /* N_() */
  Show        show;
} Entry;

/* First match wins: context-specific entries before the general ones. */
static const Entry entries[] = {
  /* The plan's counties choropleth and its status layer. */
  { "counties status", "name_zh", N_("County"), SHOW_TEXT },
  { "counties status", "adcode", N_("Division code"), SHOW_TEXT },
  { "counties status", RA_THEMATIC_FIELD_STATUS, N_("Against the target"), SHOW_PLAN_STATUS },
  { "counties status", RA_THEMATIC_FIELD_RATE, N_("Reuse rate"), SHOW_PERCENT },
  { "counties status", "target_year", N_("Target year"), SHOW_TEXT },
  { "counties status", "target_rate_pct", N_("Target reuse rate"), SHOW_PERCENT },
  { "counties status", "reclaimed_use", N_("Reclaimed water use (10⁴ m³/a)"), SHOW_VOLUME },
  { "counties status", "target_use", N_("Target use (10⁴ m³/a)"), SHOW_VOLUME },
  { "counties status", "mine_use", N_("Mine water use (10⁴ m³/a)"), SHOW_VOLUME },
  { "counties status", "treated_wastewater", N_("Treated wastewater (10⁴ m³/a)"), SHOW_VOLUME },
  { "counties status", RA_THEMATIC_FIELD_PROVENANCE, N_("Treated wastewater from"),
    SHOW_PROVENANCE },
  { "counties status", "gap_use", N_("Gap to the target use (10⁴ m³/a)"), SHOW_VOLUME },
  { "counties status", RA_THEMATIC_FIELD_GAP, N_("Gap to the target rate (points)"),
    SHOW_POINTS },
  { "counties status", RA_THEMATIC_FIELD_VALUE, NULL, SHOW_HIDDEN },
  { "counties status", RA_THEMATIC_FIELD_LABEL, NULL, SHOW_HIDDEN },
  { "counties", "name_en", N_("English name"), SHOW_TEXT },
  { "counties", "seat_lon", N_("Seat longitude"), SHOW_DEGREES },
  { "counties", "seat_lat", N_("Seat latitude"), SHOW_DEGREES },

  /* Project symbols of the plan map. */
  { "projects", RA_THEMATIC_FIELD_CODES, N_("Projects"), SHOW_TEXT },
  { "projects", RA_THEMATIC_FIELD_CLASS, NULL, SHOW_HIDDEN },
  { "projects", RA_THEMATIC_FIELD_CAPACITY, N_("Capacity added (10⁴ m³/a)"), SHOW_VOLUME },
  { "projects", "n_projects", N_("Number of projects"), SHOW_INTEGER },
  { "projects", "service_year", N_("In service from"), SHOW_TEXT },
  { "projects", "in_service", N_("In service in the year shown"), SHOW_YES_NO },
  { "projects", "code", N_("Code"), SHOW_TEXT },
  { "projects", "batch", N_("Batch"), SHOW_TEXT },
  { "projects", "in_service_year", N_("In service from"), SHOW_TEXT },
  { "projects", "investment_total", N_("Investment (10⁴ yuan)"), SHOW_VOLUME },
  { "projects", "investment_2024_2025", N_("Investment 2024–2025 (10⁴ yuan)"), SHOW_VOLUME },
  { "projects", "pipeline_km", N_("Pipelines (km)"), SHOW_KM },
  { "projects", "storage_m3", N_("Storage (m³)"), SHOW_INTEGER },
  { "projects", "treatment_m3_per_day", N_("Treatment (m³/d)"), SHOW_M3_PER_DAY },
  { "projects", "start", N_("Start"), SHOW_TEXT },
  { "projects", "prep_stage", N_("Preparation stage"), SHOW_TEXT },
  { "projects", "owner", N_("Owner"), SHOW_TEXT },
  { "projects", "scope", N_("Scope of works"), SHOW_TEXT },
  { "projects", "sort_key", NULL, SHOW_HIDDEN },
  { "projects", "plant_id", NULL, SHOW_HIDDEN },
  { "projects", "source", N_("Source"), SHOW_PROJECT_SOURCE },
  { "projects", "status", N_("Status"), SHOW_PROJECT_STATUS },
  { NULL, RA_THEMATIC_FIELD_CAP_INDUSTRY, N_("Industry (10⁴ m³/a)"), SHOW_VOLUME },
  { NULL, RA_THEMATIC_FIELD_CAP_AGRICULTURE, N_("Agriculture (10⁴ m³/a)"), SHOW_VOLUME },
  { NULL, RA_THEMATIC_FIELD_CAP_ECOLOGICAL, N_("Ecology (10⁴ m³/a)"), SHOW_VOLUME },
  { NULL, RA_THEMATIC_FIELD_CAP_URBAN_NONPOTABLE, N_("Urban non-potable (10⁴ m³/a)"),
    SHOW_VOLUME },

  /* Water users: the project table and the balance's layer of it. */
  { "water_users", RA_BALANCE_FIELD_ID, NULL, SHOW_HIDDEN },
  { "water_users", RA_BALANCE_FIELD_NAME, N_("Water user"), SHOW_TEXT },
  { "water_users", RA_BALANCE_FIELD_SECTOR, N_("Sector"), SHOW_SECTOR },
  { "water_users", RA_BALANCE_FIELD_SECTOR_NAME, NULL, SHOW_HIDDEN },
  { "water_users", "use_category", N_("Use"), SHOW_USE_CATEGORY },
  { "water_users", "use_category_name", NULL, SHOW_HIDDEN },
  { "water_users", "standard", N_("Quality standard"), SHOW_TEXT },
  { "water_users", "quality_standard", N_("Quality standard"), SHOW_TEXT },
  { "water_users", "source_now", N_("Present source"), SHOW_WATER_SOURCE },
  { "water_users", "able", N_("Can use non-conventional water"), SHOW_YES_NO },
  { "water_users", "why_not", N_("Why not"), SHOW_TEXT },
  { "water_users", "key_user", N_("Key user (rule 002)"), SHOW_KEY_USER },
  { "water_users", RA_BALANCE_FIELD_DEMAND, N_("Demand (10⁴ m³/a)"), SHOW_VOLUME },
  { "water_users", RA_BALANCE_FIELD_ALLOCATED, N_("Allocated (10⁴ m³/a)"), SHOW_VOLUME },
  { "water_users", RA_BALANCE_FIELD_UNMET, N_("Unmet (10⁴ m³/a)"), SHOW_VOLUME },
  { "water_users", "demand_illustrative", N_("Demand figures"), SHOW_APPROX },

  /* Flows of the balance along pipelines. */
  { "flows", "pipeline_id", NULL, SHOW_HIDDEN },
  { "flows", RA_BALANCE_FIELD_NAME, N_("Pipeline"), SHOW_TEXT },
  { "flows", RA_BALANCE_FIELD_VOLUME, N_("Allocated volume (10⁴ m³/a)"), SHOW_VOLUME },
  { "flows", RA_BALANCE_FIELD_ROUTE, N_("Route"), SHOW_ROUTE },
  { "flows", "n_users", N_("Water users served"), SHOW_INTEGER },

  /* Plant balance donuts. */
  { "plant_balance", RA_BALANCE_FIELD_ID, NULL, SHOW_HIDDEN },
  { "plant_balance", RA_BALANCE_FIELD_NAME, N_("Plant"), SHOW_TEXT },
  { "plant_balance", RA_BALANCE_FIELD_AVAILABLE, N_("Available (10⁴ m³/a)"), SHOW_VOLUME },
  { "plant_balance", RA_BALANCE_FIELD_ALLOCATED, N_("Allocated (10⁴ m³/a)"), SHOW_VOLUME },
  { "plant_balance", RA_BALANCE_FIELD_WITHIN, NULL, SHOW_HIDDEN },
  { "plant_balance", RA_BALANCE_FIELD_SPARE, N_("Spare (10⁴ m³/a)"), SHOW_VOLUME },
  { "plant_balance", RA_BALANCE_FIELD_OVER, N_("Over-allocated (10⁴ m³/a)"), SHOW_VOLUME },
  { "plant_balance", RA_BALANCE_FIELD_SIZE, NULL, SHOW_HIDDEN },
  { "plant_balance", "capacity", N_("Capacity (10⁴ m³/a)"), SHOW_VOLUME },

  /* Plants, pipelines, footprints, built-up areas. */
  { "plants", "kind", N_("Kind"), SHOW_PLANT_KIND },
  { "plants", "capacity_m3_per_day", N_("Design capacity (m³/d)"), SHOW_M3_PER_DAY },
  { "plants", "effluent_standard", N_("Effluent standard"), SHOW_TEXT },
  { "plants", "meets_standards", N_("Meets the standards"), SHOW_TEXT },
  { "plants", "capacity_illustrative", N_("Capacity figure"), SHOW_APPROX },
  { "pipelines", "dn_mm", N_("Diameter"), SHOW_DN },
  { "pipelines", "material", N_("Material"), SHOW_TEXT },
  { "pipelines", "status", N_("Status"), SHOW_PROJECT_STATUS },
  { "pipelines footprints", "project_id", N_("Project"), SHOW_PROJECT },

  /* Everywhere. */
  { NULL, "name", N_("Name"), SHOW_TEXT },
  { NULL, "adcode", N_("County"), SHOW_COUNTY },
  { NULL, "year", N_("Year"), SHOW_TEXT },
  { NULL, "location_approx", N_("Location"), SHOW_APPROX },
  { NULL, "notes", N_("Notes"), SHOW_TEXT },
};

static const char * const known_contexts[] = {
  "counties", "status", "projects", "water_users", "flows", "plant_balance", "plants",
  "pipelines", "footprints", "built_up_areas", NULL,
};

gboolean
ra_field_display_known (const char *context)
{
  return context != NULL && g_strv_contains (known_contexts, context);
}

static gboolean
in_contexts (const char *list, const char *context)
{
  g_auto(GStrv) names = NULL;

  if (list == NULL)
    return TRUE;
  names = g_strsplit (list, " ", -1);
  return g_strv_contains ((const char * const *) names, context);
}

static const Entry *
find_entry (const char *context, const char *field)
{
  if (!ra_field_display_known (context) || field == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    if (strcmp (entries[i].field, field) == 0 && in_contexts (entries[i].contexts, context))
      return &entries[i];
  return NULL;
}

const char *
ra_field_display_context (RaLayer *layer, RaStore *store)
{
  const char *role, *table;

  g_return_val_if_fail (RA_IS_LAYER (layer), NULL);

  if ((role = ra_thematic_layer_role (layer)) != NULL ||
      (role = ra_thematic_balance_layer_role (layer)) != NULL)
    return ra_field_display_known (role) ? role : NULL;
  table = ra_layer_get_source_layer_name (layer);
  if (store != NULL && table != NULL &&
      g_strcmp0 (ra_layer_get_source_path (layer), ra_store_get_path (store)) == 0 &&
      ra_field_display_known (table))
    return table;
  return NULL;
}

const char *
ra_field_display_label (const char *context, const char *field)
{
  const Entry *e = find_entry (context, field);

  return e != NULL && e->show != SHOW_HIDDEN ? _(e->label) : NULL;
}

/* Numbers ------------------------------------------------------------------- */

static gboolean
parse (const char *value, double *out)
{
  char *end;

  if (value == NULL || *value == '\0')
    return FALSE;
  *out = g_ascii_strtod (value, &end);
  return *end == '\0' && isfinite (*out);
}

static char *
number (const char *value, int decimals, const char *suffix)
{
  double v;

  if (!parse (value, &v))
    return g_strdup (value != NULL ? value : "");
  /* -0 reads as 0. */
  if (fabs (v) < 0.5 * pow (10, -decimals))
    v = 0;
  return g_strdup_printf ("%.*f%s", decimals, v, suffix != NULL ? suffix : "");
}

/* Keys ----------------------------------------------------------------------- */

static const struct { const char *key; const char *label; } plant_kinds[] = {
  { "reclaimed_plant", N_("Reclaimed water plant") },
  { "wwtp", N_("Wastewater treatment plant") },
  { "intake", N_("Intake point") },
  { "storage", N_("Storage pond") },
  { "wetland", N_("Wetland") },
  { "mine_water_station", N_("Mine water station") },
};

static const struct { const char *key; const char *label; } project_statuses[] = {
  { "proposed", N_("Proposed") },
  { "under_construction", N_("Under construction") },
  { "in_service", N_("In service") },
};

const char * const *
ra_plant_kind_keys (void)
{
  static const char * const keys[] = {
    "reclaimed_plant", "wwtp", "intake", "storage", "wetland", "mine_water_station", NULL,
  };
  return keys;
}

const char *
ra_plant_kind_to_string (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (plant_kinds); i++)
    if (g_strcmp0 (plant_kinds[i].key, key) == 0)
      return _(plant_kinds[i].label);
  return NULL;
}

const char * const *
ra_project_status_keys (void)
{
  static const char * const keys[] = { "proposed", "under_construction", "in_service", NULL };
  return keys;
}

const char *
ra_project_status_to_string (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (project_statuses); i++)
    if (g_strcmp0 (project_statuses[i].key, key) == 0)
      return _(project_statuses[i].label);
  return NULL;
}

static const char *
plan_status (const char *key)
{
  for (int s = RA_PLAN_STATUS_NO_DATA; s <= RA_PLAN_STATUS_CONFLICT; s++)
    if (g_strcmp0 (ra_plan_status_to_key (s), key) == 0)
      return ra_plan_status_to_string (s);
  return NULL;
}

static const char *
provenance (const char *key)
{
  for (int p = RA_PLAN_PROVENANCE_NONE; p <= RA_PLAN_PROVENANCE_CONFLICT; p++)
    if (g_strcmp0 (ra_plan_provenance_to_key (p), key) == 0)
      return ra_plan_provenance_to_string (p);
  return NULL;
}

static const char *
yes_no (const char *value)
{
  if (g_strcmp0 (value, "yes") == 0 || g_strcmp0 (value, "1") == 0)
    return _("Yes");
  if (g_strcmp0 (value, "no") == 0 || g_strcmp0 (value, "0") == 0)
    return _("No");
  return NULL;
}

static char *
county_name (RaStore *store, const char *adcode)
{
  g_autoptr(GPtrArray) counties = NULL;

  if (store == NULL || adcode == NULL)
    return NULL;
  counties = ra_store_list_counties (store, NULL);
  for (guint i = 0; counties != NULL && i < counties->len; i++)
    {
      const RaCountyRecord *c = g_ptr_array_index (counties, i);

      if (g_strcmp0 (c->adcode, adcode) == 0 && c->name_zh != NULL)
        return g_strdup (c->name_zh);
    }
  return NULL;
}

static char *
project_code (RaStore *store, const char *value)
{
  g_autoptr(RaProjectRecord) rec = NULL;
  double id;

  if (store == NULL || !parse (value, &id) || id != floor (id) || id <= 0)
    return NULL;
  rec = ra_store_get_project (store, (gint64) id, NULL);
  if (rec == NULL)
    return NULL;
  if (rec->code != NULL && *rec->code != '\0')
    return g_strdup_printf ("%s %s", rec->code, rec->name != NULL ? rec->name : "");
  return g_strdup (rec->name);
}

char *
ra_field_display_value (const char *context, const char *field, const char *value,
                        RaStore *store)
{
  const Entry *e = find_entry (context, field);
  const char *word = NULL;
  char *text = NULL;

  if (value == NULL || *value == '\0')
    return g_strdup ("");
  if (e == NULL)
    return g_strdup (value);

  switch (e->show)
    {
    case SHOW_VOLUME:
    case SHOW_M3_PER_DAY:
      return number (value, 0, NULL);
    case SHOW_INTEGER:
      return number (value, 0, NULL);
    case SHOW_PERCENT:
      return number (value, 1, " %");
    case SHOW_POINTS:
      return number (value, 1, NULL);
    case SHOW_DEGREES:
      return number (value, 5, "°");
    case SHOW_KM:
      return number (value, 2, NULL);
    case SHOW_DN:
      {
        double dn;
        if (parse (value, &dn))
          return g_strdup_printf ("DN%.0f", dn);
        return g_strdup (value);
      }
    case SHOW_COUNTY:
      text = county_name (store, value);
      break;
    case SHOW_PROJECT:
      text = project_code (store, value);
      break;
    case SHOW_APPROX:
      if (g_strcmp0 (value, "1") == 0)
        word = g_strcmp0 (field, "location_approx") == 0 ? _("Approximate")
                                                          : _("Illustrative");
      else if (g_strcmp0 (value, "0") == 0)
        word = g_strcmp0 (field, "location_approx") == 0 ? _("As surveyed") : _("As given");
      break;
    case SHOW_YES_NO:
      word = yes_no (value);
      break;
    case SHOW_SECTOR:
      word = ra_water_sector_to_string (value);
      break;
    case SHOW_USE_CATEGORY:
      word = ra_water_use_category_to_string (value);
      break;
    case SHOW_WATER_SOURCE:
      word = ra_water_source_to_string (value);
      break;
    case SHOW_KEY_USER:
      if (g_strcmp0 (value, "key") == 0)
        word = _("Key user (10×10⁴ m³ a year or more)");
      else if (g_strcmp0 (value, "new_project") == 0)
        word = _("New or extended industrial project (2×10⁴ m³ a year or more)");
      break;
    case SHOW_PLANT_KIND:
      word = ra_plant_kind_to_string (value);
      break;
    case SHOW_PROJECT_STATUS:
      word = ra_project_status_to_string (value);
      break;
    case SHOW_PROJECT_SOURCE:
      if (g_strcmp0 (value, "reclaimed") == 0)
        word = _("Reclaimed water");
      else if (g_strcmp0 (value, "mine") == 0)
        word = _("Mine water");
      break;
    case SHOW_PLAN_STATUS:
      word = plan_status (value);
      break;
    case SHOW_PROVENANCE:
      word = provenance (value);
      break;
    case SHOW_ROUTE:
      if (g_strcmp0 (value, "pipeline") == 0)
        word = _("along a pipeline");
      else if (g_strcmp0 (value, "direct") == 0)
        word = _("no route yet (straight line)");
      break;
    case SHOW_TEXT:
    case SHOW_HIDDEN:
    default:
      break;
    }
  if (text != NULL)
    return text;
  return g_strdup (word != NULL ? word : value);
}
