/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The key lists of the water balance (ra-store-water.h) and their
 * translated names: the sectors of rule 第十二条 in its priority order, the
 * use categories of rule 第十三条 with the standard each requires, the
 * present sources of water; and the check of a water user's key column,
 * whose message lists the keys a planner may use.  The schema's CHECKs
 * (ra-store-schema.c, version 3) hold the same lists. */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-store-private.h"
#include "ra-store-water.h"

typedef struct {
  const char *key;
  const char *name;       /* N_() */
} KeyName;

/* RaPlanUse (ra-plan.h, a layer below the store may not include) by value;
 * tests/store/test-store-water.c checks they agree. */
enum {
  PLAN_USE_INDUSTRY = 0,
  PLAN_USE_AGRICULTURE = 1,
  PLAN_USE_ECOLOGICAL = 2,
  PLAN_USE_URBAN_NONPOTABLE = 3,
};

/* Rule 第十二条, in its order: the first is served first. */
static const KeyName sectors[] = {
  { "high_water_industry", N_("High-water-use industry") },
  { "urban_nonpotable", N_("Urban non-potable use") },
  { "coal_mining", N_("Coal mining and washing") },
  { "landscape_ecological", N_("Landscape and ecological water") },
  { "agriculture", N_("Agriculture") },
  { "other_industry", N_("Other industry") },
};

static const struct {
  const char *key;
  const char *name;       /* N_() */
  const char *standard;   /* rule 第十三条 */
  int         plan_use;
} use_categories[] = {
  { "industry", N_("Industrial use"), "SL368-2006", PLAN_USE_INDUSTRY },
  { "urban_nonpotable", N_("Urban non-potable use"), "GB/T 18920-2020",
    PLAN_USE_URBAN_NONPOTABLE },
  { "green_irrigation", N_("Green-space irrigation"), "GB/T 25499-2010",
    PLAN_USE_URBAN_NONPOTABLE },
  { "landscape", N_("Landscape and environmental use"), "GB/T 18921-2019",
    PLAN_USE_ECOLOGICAL },
  { "farmland", N_("Farmland irrigation"), "GB 5084-2021", PLAN_USE_AGRICULTURE },
};

static const KeyName sources[] = {
  { "groundwater", N_("Groundwater") },
  { "surface", N_("Surface water") },
  { "tap", N_("Tap water") },
  { "reclaimed", N_("Reclaimed water") },
  { "mine", N_("Mine water") },
};

/* The same keys, NULL-terminated, for callers. */
static const char * const sector_keys[] = {
  "high_water_industry", "urban_nonpotable", "coal_mining", "landscape_ecological",
  "agriculture", "other_industry", NULL,
};
static const char * const use_category_keys[] = {
  "industry", "urban_nonpotable", "green_irrigation", "landscape", "farmland", NULL,
};
static const char * const source_keys[] = {
  "groundwater", "surface", "tap", "reclaimed", "mine", NULL,
};
/* able: unknown is NULL; key_user: rule 002's key users (>= 10x10^4 m3/a)
 * and new industrial projects (from 2x10^4 m3/a). */
static const char * const able_keys[] = { "yes", "no", NULL };
static const char * const key_user_keys[] = { "key", "new_project", NULL };

G_STATIC_ASSERT (G_N_ELEMENTS (sector_keys) == G_N_ELEMENTS (sectors) + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (use_category_keys) == G_N_ELEMENTS (use_categories) + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (source_keys) == G_N_ELEMENTS (sources) + 1);

static const char *
name_of (const KeyName *list, guint n, const char *key)
{
  for (guint i = 0; key != NULL && i < n; i++)
    if (strcmp (list[i].key, key) == 0)
      return _(list[i].name);
  return NULL;
}

const char * const *
ra_water_sector_keys (void)
{
  return sector_keys;
}

const char *
ra_water_sector_to_string (const char *key)
{
  return name_of (sectors, G_N_ELEMENTS (sectors), key);
}

int
ra_water_sector_priority (const char *key)
{
  for (guint i = 0; key != NULL && i < G_N_ELEMENTS (sectors); i++)
    if (strcmp (sectors[i].key, key) == 0)
      return (int) i + 1;
  return 0;
}

const char * const *
ra_water_use_category_keys (void)
{
  return use_category_keys;
}

const char *
ra_water_use_category_to_string (const char *key)
{
  for (guint i = 0; key != NULL && i < G_N_ELEMENTS (use_categories); i++)
    if (strcmp (use_categories[i].key, key) == 0)
      return _(use_categories[i].name);
  return NULL;
}

const char *
ra_water_use_category_standard (const char *key)
{
  for (guint i = 0; key != NULL && i < G_N_ELEMENTS (use_categories); i++)
    if (strcmp (use_categories[i].key, key) == 0)
      return use_categories[i].standard;
  return NULL;
}

int
ra_water_use_category_plan_use (const char *key)
{
  for (guint i = 0; key != NULL && i < G_N_ELEMENTS (use_categories); i++)
    if (strcmp (use_categories[i].key, key) == 0)
      return use_categories[i].plan_use;
  return -1;
}

const char * const *
ra_water_source_keys (void)
{
  return source_keys;
}

const char *
ra_water_source_to_string (const char *key)
{
  return name_of (sources, G_N_ELEMENTS (sources), key);
}

/* ---- the check of a key column ----------------------------------------- */

gboolean
ra_store_water_check_user_value (const char *column, const char *value, GError **error)
{
  const char * const *keys = NULL;
  const char *what = NULL;
  g_autofree char *list = NULL;

  if (value == NULL)
    return TRUE;
  if (g_strcmp0 (column, "sector") == 0)
    keys = ra_water_sector_keys (), what = _("sector");
  else if (g_strcmp0 (column, "use_category") == 0)
    keys = ra_water_use_category_keys (), what = _("use category");
  else if (g_strcmp0 (column, "source_now") == 0)
    keys = ra_water_source_keys (), what = _("present source");
  else if (g_strcmp0 (column, "able") == 0)
    keys = able_keys, what = _("able to use non-conventional water");
  else if (g_strcmp0 (column, "key_user") == 0)
    keys = key_user_keys, what = _("key user");
  if (keys == NULL || g_strv_contains (keys, value))
    return TRUE;
  list = g_strjoinv (", ", (char **) keys);
  g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
               /* TRANSLATORS: water_users.sector: “steel” is not a sector (use one of: ...) */
               _("water_users.%s: “%s” is not a %s (use one of: %s)"),
               column, value, what, list);
  return FALSE;
}
