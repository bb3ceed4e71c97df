/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Features drawn on the map (the sketch tools): rows of plants, pipelines,
 * footprints, built-up areas and water users added with their geometry, their
 * attributes set from the text a form holds, and any row's geometry set
 * or cleared.  WKT is checked by the backend before it is written. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-gdal-geometry.h"
#include "ra-store-private.h"
#include "ra-store-water.h"

gboolean
ra_store_set_geometry_wkt (RaStore *self, const char *table, gint64 id, const char *wkt,
                           GError **error)
{
  RaStoreValue geom = ra_store_value_text (wkt);
  const RaStoreTable *desc;

  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  if (!ra_store_check_writable (self, error) || (desc = ra_store_lookup_table (table, error)) == NULL)
    return FALSE;
  if (desc->geom_type == NULL)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                   _("%s has no geometry"), desc->name);
      return FALSE;
    }
  if (!ra_store_tx_begin (self, error))
    return FALSE;
  return ra_store_tx_end (self,
                          (wkt == NULL || self->backend->check_geometry (self->db, desc, wkt, error)) &&
                          ra_store_update_recorded (self, desc, id, 0, NULL, NULL, &geom, "geometry",
                                                    wkt != NULL ? _("Edit geometry")
                                                                : _("Remove geometry"), error),
                          desc->name, id, error);
}

gint64
ra_store_insert_pipeline (RaStore *self, gint64 project_id, const char *name, const char *wkt,
                          GError **error)
{
  const RaStoreTable *desc = ra_store_find_table ("pipelines");
  const RaStoreColumn *columns[] = {
    ra_store_find_column (desc, "project_id"), ra_store_find_column (desc, "name"),
  };
  RaStoreValue values[] = {
    project_id != 0 ? ra_store_value_int (project_id) : ra_store_value_text (NULL),
    ra_store_value_text (name),
  };
  RaStoreValue geom = ra_store_value_text (wkt);
  gint64 id = 0;

  g_return_val_if_fail (RA_IS_STORE (self), 0);
  if (!ra_store_tx_begin (self, error))
    return 0;
  if (wkt == NULL || self->backend->check_geometry (self->db, desc, wkt, error))
    id = ra_store_insert_recorded (self, desc, G_N_ELEMENTS (columns), columns, values, &geom,
                                   _("Add pipeline"), error);
  return ra_store_tx_end (self, id != 0, "pipelines", id, error) ? id : 0;
}

/* ---- attributes given as text --------------------------------------------- */

/* A column's value from the text a form holds: NULL or blank is SQL NULL,
 * text is stripped (the copy kept in owned), numbers must parse
 * completely.  The error names the column. */
static gboolean
value_from_text (const RaStoreTable *table, const RaStoreColumn *col, const char *text,
                 GPtrArray *owned, RaStoreValue *value, GError **error)
{
  double number;

  if (ra_store_is_blank (text))
    {
      *value = ra_store_value_text (NULL);
      return TRUE;
    }
  if (col->type == RA_STORE_COL_TEXT)
    {
      char *stripped = g_strstrip (g_strdup (text));

      if (strcmp (table->name, "water_users") == 0 &&
          !ra_store_water_check_user_value (col->name, stripped, error))
        {
          g_free (stripped);
          return FALSE;
        }
      g_ptr_array_add (owned, stripped);
      *value = ra_store_value_text (stripped);
      return TRUE;
    }
  if (!ra_store_parse_number (text, &number) ||
      (col->type == RA_STORE_COL_INT && number != floor (number)))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                   _("%s.%s: “%s” is not a number"), table->name, col->name, text);
      return FALSE;
    }
  *value = col->type == RA_STORE_COL_INT ? ra_store_value_int ((gint64) number)
                                         : ra_store_value_real (number);
  return TRUE;
}

/* The values of fields for columns; owned keeps the text they point to. */
static RaStoreValue *
values_from_text (const RaStoreTable *table, GPtrArray *columns, GHashTable *fields,
                  GPtrArray *owned, GError **error)
{
  g_autofree RaStoreValue *values = g_new0 (RaStoreValue, columns->len + 1);

  for (guint i = 0; i < columns->len; i++)
    {
      const RaStoreColumn *c = g_ptr_array_index (columns, i);

      if (!value_from_text (table, c, g_hash_table_lookup (fields, c->name), owned, &values[i],
                            error))
        return NULL;
    }
  return g_steal_pointer (&values);
}

/* Collects the columns of fields (checked against the table) in a stable
 * order.  Returns: (transfer container) (element-type RaStoreColumn) */
static GPtrArray *
feature_columns (const RaStoreTable *table, GHashTable *fields, GError **error)
{
  g_autoptr(GPtrArray) cols = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  if (fields == NULL)
    return g_steal_pointer (&cols);
  g_hash_table_iter_init (&iter, fields);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (ra_store_find_column (table, key) == NULL)
      {
        g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                     _("%s has no field “%s”"), table->name, (const char *) key);
        return NULL;
      }
  for (const RaStoreColumn *c = table->columns; c->name != NULL; c++)
    if (g_hash_table_contains (fields, c->name))
      g_ptr_array_add (cols, (gpointer) c);
  return g_steal_pointer (&cols);
}

static const char *
feature_label (const RaStoreTable *table, gboolean insert)
{
  if (strcmp (table->name, "plants") == 0)
    return insert ? _("Add point") : _("Edit point");
  if (strcmp (table->name, "pipelines") == 0)
    return insert ? _("Add pipeline") : _("Edit pipeline");
  if (strcmp (table->name, "footprints") == 0)
    return insert ? _("Add project footprint") : _("Edit project footprint");
  if (strcmp (table->name, "water_users") == 0)
    return insert ? _("Add water user") : _("Edit water user");
  return insert ? _("Add built-up area") : _("Edit built-up area");
}

/* The insert of ra_store_insert_feature; a water user's demand of each
 * year (n_years of years / volumes, NAN skipped) joins its undo step. */
static gint64
insert_feature (RaStore *self, const char *table, GHashTable *fields, const char *wkt,
                guint n_years, const int *years, const double *volumes, GError **error)
{
  g_autoptr(GPtrArray) cols = NULL;
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  g_autofree RaStoreValue *values = NULL;
  RaStoreValue geom = ra_store_value_text (wkt);
  const RaStoreTable *desc;
  gint64 id = 0, group = 0;

  g_return_val_if_fail (RA_IS_STORE (self), 0);
  if (!ra_store_check_writable (self, error) ||
      (desc = ra_store_lookup_feature_table (table, error)) == NULL)
    return 0;
  if ((cols = feature_columns (desc, fields, error)) == NULL)
    return 0;
  if ((strcmp (desc->name, "plants") == 0 || strcmp (desc->name, "water_users") == 0) &&
      (fields == NULL || ra_store_is_blank (g_hash_table_lookup (fields, "name"))))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                   _("%s.%s: a value is required"), desc->name, "name");
      return 0;
    }

  for (guint i = 0; i < n_years; i++)
    if (years[i] < 2000 || years[i] > 2100 || (!isnan (volumes[i]) && !(isfinite (volumes[i]) &&
                                                                       volumes[i] >= 0)))
      {
        g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_INVALID_VALUE,
                     /* TRANSLATORS: demand of a year: a volume of at least 0 is required */
                     _("demand %d: a volume of at least 0 (10⁴ m³) is required"), years[i]);
        return 0;
      }

  if (!ra_store_tx_begin (self, error))
    return 0;
  if ((wkt == NULL || self->backend->check_geometry (self->db, desc, wkt, error)) &&
      (values = values_from_text (desc, cols, fields, owned, error)) != NULL)
    id = ra_store_insert_in_group (self, &group, desc, cols->len,
                                   (const RaStoreColumn * const *) cols->pdata, values, &geom,
                                   feature_label (desc, TRUE), error);
  for (guint i = 0; id != 0 && i < n_years; i++)
    {
      const RaStoreTable *demand = ra_store_find_table ("user_demand");
      const RaStoreColumn *dcols[] = {
        ra_store_find_column (demand, "user_id"), ra_store_find_column (demand, "year"),
        ra_store_find_column (demand, "volume"),
      };
      RaStoreValue dvalues[] = {
        ra_store_value_int (id), ra_store_value_int (years[i]), ra_store_value_real (volumes[i]),
      };

      if (isnan (volumes[i]))
        continue;
      if (ra_store_insert_in_group (self, &group, demand, G_N_ELEMENTS (dcols), dcols, dvalues,
                                    NULL, feature_label (desc, TRUE), error) == 0)
        id = 0;
    }
  return ra_store_tx_end (self, id != 0, desc->name, id, error) ? id : 0;
}

gint64
ra_store_insert_feature (RaStore *self, const char *table, GHashTable *fields, const char *wkt,
                         GError **error)
{
  return insert_feature (self, table, fields, wkt, 0, NULL, NULL, error);
}

gint64
ra_store_insert_water_user (RaStore *self, GHashTable *fields, const char *wkt, guint n_years,
                            const int *years, const double *volumes, GError **error)
{
  g_return_val_if_fail (n_years == 0 || (years != NULL && volumes != NULL), 0);
  return insert_feature (self, "water_users", fields, wkt, n_years, years, volumes, error);
}

static gboolean
update_feature (RaStore          *self,
                const char       *table,
                gint64            id,
                gint64            read_version,
                GHashTable       *fields,
                GHashTable       *read_fields,
                gint64           *new_version,
                RaStoreConflict **conflict,
                GError          **error)
{
  g_autoptr(GPtrArray) cols = NULL;
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) mine = g_ptr_array_new ();
  g_autoptr(GPtrArray) read = g_ptr_array_new ();
  g_autofree RaStoreValue *values = NULL;
  const RaStoreTable *desc;
  gboolean ok;

  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  if (!ra_store_check_writable (self, error) ||
      (desc = ra_store_lookup_feature_table (table, error)) == NULL)
    return FALSE;
  if ((cols = feature_columns (desc, fields, error)) == NULL)
    return FALSE;
  if (cols->len == 0 && read_version == 0)
    return TRUE;
  for (guint i = 0; i < cols->len; i++)
    {
      const RaStoreColumn *c = g_ptr_array_index (cols, i);

      g_ptr_array_add (names, (gpointer) c->name);
      g_ptr_array_add (mine, g_hash_table_lookup (fields, c->name));
      g_ptr_array_add (read, read_fields != NULL ? g_hash_table_lookup (read_fields, c->name)
                                                 : NULL);
    }

  if (!ra_store_tx_begin (self, error))
    return FALSE;
  ok = ra_store_lock_version (self, desc, id, read_version, FALSE, cols->len,
                              (const char * const *) names->pdata,
                              (const char * const *) mine->pdata,
                              (const char * const *) read->pdata, conflict, error) &&
       (values = values_from_text (desc, cols, fields, owned, error)) != NULL &&
       (cols->len == 0 ||
        ra_store_update_recorded (self, desc, id, cols->len,
                                  (const RaStoreColumn * const *) cols->pdata, values, NULL,
                                  "update", feature_label (desc, FALSE), error)) &&
       (new_version == NULL ||
        self->backend->lock_row_version (self->db, desc, id, new_version, error));
  return ra_store_tx_end (self, ok, desc->name, id, error);
}

gboolean
ra_store_update_feature (RaStore *self, const char *table, gint64 id, GHashTable *fields,
                         GError **error)
{
  return update_feature (self, table, id, 0, fields, NULL, NULL, NULL, error);
}

/**
 * ra_store_update_feature_at:
 * @read_fields: (nullable): column -> the text the form showed
 * @new_version: (out) (optional): the version after the save
 * @conflict: (out) (optional) (transfer full): set on RA_STORE_ERROR_CONFLICT
 *
 * ra_store_update_feature, only if the row is still at read_version.
 */
gboolean
ra_store_update_feature_at (RaStore          *self,
                            const char       *table,
                            gint64            id,
                            gint64            read_version,
                            GHashTable       *fields,
                            GHashTable       *read_fields,
                            gint64           *new_version,
                            RaStoreConflict **conflict,
                            GError          **error)
{
  g_return_val_if_fail (read_version > 0, FALSE);
  return update_feature (self, table, id, read_version, fields, read_fields, new_version,
                         conflict, error);
}

char *
ra_store_find_county_at (RaStore *self, double lon, double lat, GError **error)
{
  g_autoptr(GPtrArray) counties = NULL;

  g_return_val_if_fail (RA_IS_STORE (self), NULL);
  if ((counties = ra_store_list_counties (self, error)) == NULL)
    return NULL;
  for (guint i = 0; i < counties->len; i++)
    {
      const RaCountyRecord *c = g_ptr_array_index (counties, i);
      g_autofree char *wkt = ra_store_get_geometry_wkt (self, "counties", c->id, NULL);

      if (wkt != NULL && ra_gdal_wkt_contains_point (wkt, lon, lat))
        return g_strdup (c->adcode);
    }
  return NULL;
}
