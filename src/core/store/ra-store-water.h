/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The water balance's part of the project (schema version 3): water users
 * and their demand by year, plant supply by year, allocations (点对点配置)
 * and the facility ledger (台账, rule 第十八条).  Volumes in 10^4 m3/a
 * (ledger: 10^4 m3 per month), capacities in m3/d.  Every edit is one
 * transaction + audit row + undo record, like the rest of the store. */

#include "ra-store.h"

G_BEGIN_DECLS

/* A water user (用水户), table water_users (POINT, EPSG:4490).
 * sector: the rule 第十二条 list, as keys (priority order, 1 = first):
 *   "high_water_industry" (steel, thermal power, chemicals, pulp and paper,
 *   dyeing, electroplating), "urban_nonpotable" (greening, toilet flushing,
 *   street cleaning, car washing, dust control, fire fighting, sanitation),
 *   "coal_mining" (mining and washing), "landscape_ecological" (ornamental
 *   rivers and lakes, wetlands, ecological replenishment), "agriculture"
 *   (farming, forestry, animal husbandry, fishery), "other_industry".
 * use_category: the rule 第十三条 list, as keys; each has its standard:
 *   "industry" SL368-2006, "urban_nonpotable" GB/T 18920-2020,
 *   "green_irrigation" GB/T 25499-2010, "landscape" GB/T 18921-2019,
 *   "farmland" GB 5084-2021.
 * quality_standard: NULL = the use category's standard.
 * source_now: "groundwater" | "surface" | "tap" | "reclaimed" | "mine" | NULL.
 * able: "yes" | "no" | NULL (unknown); why_not: free text when "no".
 * key_user: rule 002: "key" (>= 10x10^4 m3/a), "new_project" (a new or
 *   extended industrial project from 2x10^4 m3/a), NULL otherwise. */
typedef struct {
  gint64    id;
  char     *name;
  char     *adcode;
  char     *sector;
  char     *use_category;
  char     *quality_standard;
  char     *source_now;
  char     *able;
  char     *why_not;
  char     *key_user;
  gboolean  location_approx;
  gboolean  demand_illustrative;
  char     *notes;
  double    lon;               /* NAN without geometry */
  double    lat;
  gint64    row_version;       /* when read (schema 5; ra-store.h) */
} RaWaterUserRecord;

/* user_demand: a user's demand in a year, 10^4 m3/a. */
typedef struct {
  gint64  user_id;
  int     year;
  double  volume;
} RaUserDemandRecord;

/* plant_supply: a plant's figures for a year (every one nullable = NAN):
 * treated wastewater and the discharge committed to rivers/ecology that is
 * not available for reuse, 10^4 m3/a. */
typedef struct {
  gint64  plant_id;
  int     year;
  double  treated;
  double  committed_discharge;
} RaPlantSupplyRecord;

/* allocations: volume from a plant to a user in a year.  origin "hand"
 * (set by a planner) or "proposal" (an accepted optimiser proposal);
 * via_pipeline_ids: the pipelines it flows along, comma-separated ids,
 * NULL = not routed. */
typedef struct {
  gint64  id;
  gint64  user_id;
  gint64  plant_id;
  int     year;
  double  volume;
  char   *origin;
  char   *via_pipeline_ids;
} RaAllocationRecord;

/* ledger (台账): one month of one facility (a plant).  month "YYYY-MM";
 * volumes 10^4 m3 in that month, NAN when not given; reused[] by
 * RaPlanUse order (industry, agriculture, ecological, urban non-potable). */
typedef struct {
  gint64  id;
  gint64  plant_id;
  char   *month;
  double  inflow;
  double  treated;
  double  reused[4];
  double  discharged;
  char   *destination;
  char   *quality;
  char   *source_file;
} RaLedgerRecord;

/* Plants gain (schema 3): effluent_standard (text, e.g. "GB 18918-2002 一级A")
 * and meets_standards: the reuse standards its effluent meets, separated
 * by ';' (e.g. "SL368-2006;GB/T 18921-2019;GB/T 25499-2010;GB 5084-2021");
 * NULL = unknown.  Read with ra_store_list_plant_details. */
typedef struct {
  gint64   id;
  char    *name;
  char    *adcode;
  char    *kind;
  double   capacity_m3_per_day;   /* NAN unknown */
  char    *effluent_standard;
  char    *meets_standards;
  gboolean location_approx;
  gboolean capacity_illustrative;
  double   lon;
  double   lat;
  gint64   row_version;           /* when read (schema 5; ra-store.h) */
} RaPlantDetailRecord;

/* (transfer full) (element-type …) ordered by id (demand, supply: by owner
 * id then year; allocations by year, user, plant; ledger by plant, month).
 * year 0 = every year. */
GPtrArray *ra_store_list_water_users    (RaStore *self, GError **error);
GPtrArray *ra_store_list_user_demand    (RaStore *self, int year, GError **error);
GPtrArray *ra_store_list_plant_supply   (RaStore *self, int year, GError **error);
GPtrArray *ra_store_list_plant_details  (RaStore *self, GError **error);
GPtrArray *ra_store_list_allocations    (RaStore *self, int year, GError **error);
GPtrArray *ra_store_list_ledger         (RaStore *self, gint64 plant_id /* 0 = all */,
                                         GError **error);

/* Water users are a feature table: ra_store_insert_feature /
 * ra_store_update_feature / ra_store_delete_row ("water_users") and
 * ra_store_import_layer (..., "water_users", ...) work on them, with their
 * validation (sector, use_category, able, key_user, source_now from the key
 * lists above).  Deleting a user deletes its demand and allocations in the
 * same undo step. */

/* Adds a water user: fields and wkt as ra_store_insert_feature, and its
 * demand of each of n_years years (volumes[i] for years[i]; NAN: none), in
 * one transaction and one undo step.  Returns the new id, 0 on error. */
gint64     ra_store_insert_water_user   (RaStore *self, GHashTable *fields, const char *wkt,
                                         guint n_years, const int *years, const double *volumes,
                                         GError **error);
/* Sets (volume finite >= 0) or clears (NAN) a user's demand in a year. */
gboolean   ra_store_set_user_demand     (RaStore *self, gint64 user_id, int year,
                                         double volume, GError **error);
/* Sets a plant's supply figures of a year (NAN = clear that figure). */
gboolean   ra_store_set_plant_supply    (RaStore *self, gint64 plant_id, int year,
                                         double treated, double committed_discharge,
                                         GError **error);
/* Sets the allocation user <- plant in year (volume > 0) or removes it
 * (volume 0 or NAN).  origin "hand". */
gboolean   ra_store_set_allocation      (RaStore *self, gint64 user_id, gint64 plant_id,
                                         int year, double volume, const char *via_pipeline_ids,
                                         GError **error);
/* Replaces every allocation of a year by allocs (element-type
 * RaAllocationRecord; id ignored; origin kept, "proposal" if NULL): one
 * transaction, one undo step labelled label. */
gboolean   ra_store_replace_allocations (RaStore *self, int year, GPtrArray *allocs,
                                         const char *label, GError **error);
/* Adds ledger rows (element-type RaLedgerRecord, id ignored), replacing
 * rows of the same plant and month: one transaction, one undo step. */
gboolean   ra_store_add_ledger          (RaStore *self, GPtrArray *rows, const char *label,
                                         GError **error);

void ra_water_user_record_free   (RaWaterUserRecord *rec);
void ra_user_demand_record_free  (RaUserDemandRecord *rec);
void ra_plant_supply_record_free (RaPlantSupplyRecord *rec);
void ra_plant_detail_record_free (RaPlantDetailRecord *rec);
void ra_allocation_record_free   (RaAllocationRecord *rec);
void ra_ledger_record_free       (RaLedgerRecord *rec);

/* Key lists (untranslated keys; _to_string: translated names). */
const char * const *ra_water_sector_keys       (void);   /* priority order */
const char         *ra_water_sector_to_string  (const char *key);
/* 1 = highest priority (第十二条 order), 0 for an unknown key. */
int                 ra_water_sector_priority   (const char *key);
const char * const *ra_water_use_category_keys (void);
const char         *ra_water_use_category_to_string (const char *key);
/* The standard rule 第十三条 requires for a use category ("SL368-2006"...). */
const char         *ra_water_use_category_standard (const char *key);
/* The plan use (RaPlanUse as int) a use category counts under:
 * industry -> industry, urban_nonpotable and green_irrigation -> urban
 * non-potable, landscape -> ecological, farmland -> agriculture; -1 unknown. */
int                 ra_water_use_category_plan_use (const char *key);
const char * const *ra_water_source_keys       (void);
const char         *ra_water_source_to_string  (const char *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaWaterUserRecord, ra_water_user_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RaAllocationRecord, ra_allocation_record_free)

G_END_DECLS
