/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Import and export through GDAL.  An import reads a layer of any source
 * (ra-gdal-features), checks every row (columns, numbers, text encoding,
 * geometry type, validity, reprojection to EPSG:4490) and writes all of
 * them or none, as one undo step and one audit row; the report names
 * every bad row.  An export copies a project table to a vector file
 * (ra-gdal-write). */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ra-encoding.h"
#include "ra-gdal-error.h"
#include "ra-gdal-features.h"
#include "ra-gdal-geometry.h"
#include "ra-gdal-write.h"
#include "ra-paths.h"
#include "ra-source.h"
#include "ra-store-private.h"

/* ---- import ----------------------------------------------------------- */

typedef struct {
  const RaStoreColumn *column;
  int               source_index;
  const char       *source_name;
} ImportColumn;

/* A field read as a water user's demand of a year (10^4 m3/a). */
typedef struct {
  int         source_index;
  int         year;
  const char *source_name;
} DemandColumn;

/* The year of a column named demand_YYYY, 0 for any other name. */
static int
demand_year (const char *name)
{
  if (name == NULL || g_ascii_strncasecmp (name, "demand_", 7) != 0 || strlen (name) != 11)
    return 0;
  for (int i = 7; i < 11; i++)
    if (!g_ascii_isdigit (name[i]))
      return 0;
  return (int) g_ascii_strtoll (name + 7, NULL, 10);
}

static void
add_problem (GPtrArray *report, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
add_problem (GPtrArray *report, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (report, g_strdup_vprintf (format, args));
  va_end (args);
}

gboolean
ra_store_import_into (RaStore            *self,
                      const char         *path,
                      const char         *layer_name,
                      const char         *encoding,
                      const RaStoreTable *desc,
                      GHashTable         *field_map,
                      gboolean            record_undo,
                      guint              *n_imported,
                      GPtrArray          *report,
                      GError            **error)
{
  g_autofree char *display = ra_path_display_name (path);
  g_autoptr(RaGdalFeatures) features = NULL;
  g_autoptr(GArray) columns = g_array_new (FALSE, FALSE, sizeof (ImportColumn));
  g_autoptr(RaCrs) src_crs = NULL;
  g_autoptr(RaCrs) dst_crs = NULL;
  g_autoptr(RaTransform) transform = NULL;
  g_autoptr(RaStoreInserter) insert = NULL;
  g_autofree const RaStoreColumn **targets = NULL;
  g_autofree RaStoreValue *values = NULL;
  g_autofree char *crs_problem = NULL;
  const RaSourceText *text;
  GError *local = NULL;
  gint64 group = 0;
  guint row = 0, n_ok = 0;
  gboolean is_water_users = desc == ra_store_find_table ("water_users");
  /* Water users: demand_YYYY fields, into user_demand in the same step. */
  g_autoptr(GArray) demand = g_array_new (FALSE, FALSE, sizeof (DemandColumn));
  g_autofree double *demand_values = NULL;
  g_autoptr(RaStoreInserter) demand_insert = NULL;
  const RaStoreTable *demand_table = ra_store_find_table ("user_demand");
  guint n_demand = 0;

  ra_source_init ();
  /* A FIFO or device would block GDAL's first read forever. */
  if (g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (path, G_FILE_TEST_IS_REGULAR) &&
      !g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_IMPORT,
                   _("%s: not a regular file or folder (a pipe or device cannot be read as data)"), display);
      return FALSE;
    }
  if (encoding != NULL && *encoding != '\0' && !ra_encoding_is_known (encoding))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_IMPORT,
                   _("%s: unknown text encoding “%s” (try GB18030, BIG5, UTF-8 or ISO-8859-1)"),
                   display, encoding);
      return FALSE;
    }
  features = ra_gdal_features_open (path, layer_name, encoding, &crs_problem, &local);
  if (features == NULL)
    return ra_gdal_propagate_error (error, local, RA_STORE_ERROR, RA_STORE_ERROR_IMPORT);
  text = ra_gdal_features_get_text (features);

  /* Columns: mapping first, then same-named fields. */
  if (field_map != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, field_map);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          int idx = ra_gdal_features_get_field_index (features, key);
          const RaStoreColumn *col;

          /* Mapped to nothing: ignored, even when its name is a column's. */
          if (value == NULL || *(const char *) value == '\0')
            continue;
          col = ra_store_find_column (desc, value);

          if (idx < 0)
            add_problem (report, _("%s: the mapping names a field “%s” the layer does not have"),
                         display, (const char *) key);
          if (is_water_users && col == NULL && demand_year (value) != 0)
            {
              DemandColumn dc = { idx, demand_year (value), key };

              if (idx >= 0)
                g_array_append_val (demand, dc);
              continue;
            }
          if (col == NULL || strcmp (col->name, "sort_key") == 0)
            add_problem (report, _("%s: the mapping targets a column “%s” that %s does not have"),
                         display, (const char *) value, desc->name);
          if (idx >= 0 && col != NULL)
            {
              ImportColumn ic = { col, idx, key };
              g_array_append_val (columns, ic);
            }
        }
    }
  for (guint i = 0; i < ra_gdal_features_get_n_fields (features); i++)
    {
      const char *fname = ra_gdal_features_get_field_name (features, i);
      const RaStoreColumn *col = ra_store_find_column (desc, fname);
      gboolean taken = FALSE;

      if (field_map != NULL && g_hash_table_contains (field_map, fname))
        continue;
      if (is_water_users && col == NULL && demand_year (fname) != 0)
        {
          DemandColumn dc = { (int) i, demand_year (fname), fname };

          g_array_append_val (demand, dc);
          continue;
        }
      if (col == NULL)
        continue;
      for (guint j = 0; j < columns->len; j++)
        if (g_array_index (columns, ImportColumn, j).column == col)
          taken = TRUE;
      if (!taken)
        {
          ImportColumn ic = { col, i, fname };
          g_array_append_val (columns, ic);
        }
    }

  /* Required columns. */
  {
    const char *required = NULL;

    if (desc == ra_store_find_table ("counties"))
      required = "adcode";
    else if (desc == ra_store_find_table ("plants") || desc == ra_store_find_table ("water_users"))
      required = "name";
    if (required != NULL)
      {
        gboolean found = FALSE;

        for (guint j = 0; j < columns->len; j++)
          if (strcmp (g_array_index (columns, ImportColumn, j).column->name, required) == 0)
            found = TRUE;
        if (!found)
          add_problem (report, _("%s: no field for the required column “%s” of %s (map one with src=%s)"),
                       display, required, desc->name, required);
      }
    if (desc == ra_store_find_table ("counties"))
      {
        gboolean found = FALSE;

        for (guint j = 0; j < columns->len; j++)
          if (strcmp (g_array_index (columns, ImportColumn, j).column->name, "name_zh") == 0)
            found = TRUE;
        if (!found)
          add_problem (report, _("%s: no field for the required column “%s” of %s (map one with src=%s)"),
                       display, "name_zh", desc->name, "name_zh");
      }
  }

  if (crs_problem != NULL)
    add_problem (report, _("%s: %s; assign a known CRS (a .prj, or EPSG:n in the file) before importing"),
                 display, crs_problem);
  else if (!ra_gdal_features_has_crs (features))
    add_problem (report, _("%s: the layer has no coordinate reference system (add a .prj or assign one before importing)"),
                 display);
  else
    {
      g_autoptr(GError) local = NULL;

      src_crs = ra_gdal_features_dup_crs (features, RA_GDAL_CRS_DEFAULT);
      dst_crs = ra_crs_new_from_epsg (RA_STORE_SRID, &local);
      if (src_crs != NULL && dst_crs != NULL)
        transform = ra_transform_new (src_crs, dst_crs, &local);
      if (transform == NULL)
        add_problem (report, _("%s: cannot reproject to CGCS2000 (EPSG:4490): %s"), display,
                     local ? local->message : _("unknown CRS"));
    }
  if (report->len > 0)
    goto rejected;

  targets = g_new0 (const RaStoreColumn *, columns->len + 1);
  for (guint j = 0; j < columns->len; j++)
    targets[j] = g_array_index (columns, ImportColumn, j).column;
  values = g_new0 (RaStoreValue, columns->len + 1);

  /* From here a failure is the project's (busy, full disk...): named so. */
  if (!ra_store_tx_begin (self, error))
    return ra_store_prefix_error (error, self->named_path);
  insert = ra_store_inserter_new (self, desc, columns->len, targets, RA_STORE_GEOM_WKB, error);
  if (insert == NULL)
    goto fail;
  demand_values = g_new0 (double, demand->len + 1);
  if (demand->len > 0)
    {
      const RaStoreColumn *demand_columns[] = {
        ra_store_find_column (demand_table, "user_id"), ra_store_find_column (demand_table, "year"),
        ra_store_find_column (demand_table, "volume"),
      };

      demand_insert = ra_store_inserter_new (self, demand_table, G_N_ELEMENTS (demand_columns),
                                             demand_columns, RA_STORE_GEOM_NONE, error);
      if (demand_insert == NULL)
        goto fail;
    }

  ra_gdal_features_rewind (features);
  while (ra_gdal_features_next (features))
    {
      OGRGeometryH geom = ra_gdal_features_get_geometry (features);
      g_autofree char *row_name = NULL;
      g_autoptr(GBytes) wkb = NULL;
      g_autoptr(GPtrArray) decoded_texts = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) row_error = NULL;
      g_autofree char *reason = NULL;
      gboolean row_ok = TRUE, row_rejected = FALSE;
      gint64 id;

      row++;
      row_name = g_strdup_printf (_("%s: row %u (feature %" PRId64 ")"), display, row,
                                  ra_gdal_features_get_fid (features));
      for (guint j = 0; j <= columns->len; j++)
        values[j] = ra_store_value_text (NULL);

      for (guint j = 0; j < columns->len; j++)
        {
          ImportColumn *ic = &g_array_index (columns, ImportColumn, j);
          const char *value = ra_gdal_features_get_value (features, ic->source_index);
          double number;

          if (value == NULL)
            continue;
          if (ic->column->type == RA_STORE_COL_TEXT)
            {
              guint n_failed = 0;
              char *decoded = text->raw
                ? ra_source_decode_text (text->charset, value, NULL, &n_failed) : NULL;

              if (decoded != NULL)
                g_ptr_array_add (decoded_texts, decoded);

              if (text->raw && n_failed > 0)
                {
                  add_problem (report, _("%s: field “%s” is not valid %s text (choose the encoding)"),
                               row_name, ic->source_name, ra_encoding_display_name (text->charset));
                  row_ok = FALSE;
                }
              else if (!text->raw && !g_utf8_validate (value, -1, NULL))
                {
                  add_problem (report, _("%s: field “%s” is not valid UTF-8 text"),
                               row_name, ic->source_name);
                  row_ok = FALSE;
                }
              else
                {
                  const char *text_value = decoded != NULL ? decoded : value;
                  g_autoptr(GError) key_error = NULL;

                  /* The key lists of water users, said as such (not as a CHECK). */
                  if (is_water_users &&
                      !ra_store_water_check_user_value (ic->column->name, text_value, &key_error))
                    {
                      add_problem (report, "%s: %s", row_name, key_error->message);
                      row_ok = FALSE;
                    }
                  else
                    values[j] = ra_store_value_text (text_value);
                }
            }
          else if (!ra_store_parse_number (value, &number))
            {
              g_autofree char *shown = g_utf8_make_valid (value, -1);

              add_problem (report, _("%s: field “%s” is not a number: “%s”"),
                           row_name, ic->source_name, shown);
              row_ok = FALSE;
            }
          else if (ic->column->type == RA_STORE_COL_INT)
            values[j] = ra_store_value_int ((gint64) number);
          else
            values[j] = ra_store_value_real (number);
        }

      for (guint d = 0; d < demand->len; d++)
        {
          const DemandColumn *dc = &g_array_index (demand, DemandColumn, d);
          const char *value = ra_gdal_features_get_value (features, dc->source_index);

          demand_values[d] = NAN;
          if (value == NULL)
            continue;
          if (!ra_store_parse_number (value, &demand_values[d]) || demand_values[d] < 0)
            {
              g_autofree char *shown = g_utf8_make_valid (value, -1);

              /* TRANSLATORS: row, field name (demand_2030), the value */
              add_problem (report, _("%s: field “%s” is not a demand of at least 0 (10⁴ m³/a): “%s”"),
                           row_name, dc->source_name, shown);
              row_ok = FALSE;
            }
        }

      if (ra_gdal_geometry_is_empty (geom))
        {
          add_problem (report, _("%s: no geometry"), row_name);
          row_ok = FALSE;
        }
      else if (!ra_gdal_geometry_fits (geom, desc->geom_type))
        {
          add_problem (report, _("%s: a %s cannot go into %s (%s expected)"), row_name,
                       ra_gdal_geometry_type_name (geom), desc->name, desc->geom_type);
          row_ok = FALSE;
        }
      else if (!ra_gdal_geometry_is_valid (geom, &reason))
        {
          add_problem (report, _("%s: invalid geometry (%s)"), row_name, reason);
          row_ok = FALSE;
        }
      /* The store is lon/lat (EPSG:4490). */
      else if ((wkb = ra_gdal_geometry_reproject_wkb (geom, transform, 180.0, 90.0)) == NULL)
        {
          add_problem (report, _("%s: coordinates cannot be reprojected to EPSG:4490 or fall outside longitude ±180°, latitude ±90°"),
                       row_name);
          row_ok = FALSE;
        }
      else
        values[columns->len] = ra_store_value_blob (wkb);

      /* Keep checking every row so the report names all of them. */
      if (!row_ok || report->len > 0)
        continue;

      /* A full disk, a lock or a damaged file is no fault of the row:
       * stop and say what happened. */
      id = ra_store_inserter_run (insert, values, _("saving the change"), &row_rejected,
                                  &row_error);
      if (id == 0 && !row_rejected)
        {
          g_propagate_error (error, g_steal_pointer (&row_error));
          goto fail;
        }
      if (id == 0)
        {
          add_problem (report, "%s: %s", row_name, row_error->message);
          continue;
        }
      if (record_undo)
        {
          g_autofree char *after = NULL;
          gboolean ok;

          after = self->backend->snapshot_row (self->db, desc, id, &ok, error);
          if (!ok)
            goto fail;
          /* One audit row for the whole import (below), one undo group. */
          group = self->backend->undo_push (self->db, group, _("Import"), desc->name, id, NULL,
                                            after, error);
          if (group == 0)
            goto fail;
        }
      for (guint d = 0; d < demand->len; d++)
        {
          RaStoreValue dv[] = {
            ra_store_value_int (id),
            ra_store_value_int (g_array_index (demand, DemandColumn, d).year),
            ra_store_value_real (demand_values[d]),
          };
          g_autoptr(GError) demand_error = NULL;
          gboolean demand_rejected = FALSE;
          gint64 demand_id;

          if (isnan (demand_values[d]))
            continue;
          demand_id = ra_store_inserter_run (demand_insert, dv, _("saving the change"),
                                             &demand_rejected, &demand_error);
          if (demand_id == 0 && !demand_rejected)
            {
              g_propagate_error (error, g_steal_pointer (&demand_error));
              goto fail;
            }
          if (demand_id == 0)
            {
              add_problem (report, "%s: %s", row_name, demand_error->message);
              continue;
            }
          n_demand++;
          if (record_undo)
            {
              g_autofree char *after = NULL;
              gboolean ok;

              after = self->backend->snapshot_row (self->db, demand_table, demand_id, &ok, error);
              if (!ok)
                goto fail;
              group = self->backend->undo_push (self->db, group, _("Import"), demand_table->name,
                                                demand_id, NULL, after, error);
              if (group == 0)
                goto fail;
            }
        }
      n_ok++;
    }

  if (report->len > 0)
    {
      ra_store_tx_rollback (self);
      goto rejected;
    }
  if (row == 0)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_IMPORT,
                   _("%s: the layer has no features"), display);
      ra_store_tx_rollback (self);
      return FALSE;
    }
  if (!self->backend->write_import_audit (self->db, desc->name, path,
                                          ra_gdal_features_get_layer_name (features), n_ok, error))
    goto fail;
  if (n_demand > 0 &&
      !self->backend->write_import_audit (self->db, demand_table->name, path,
                                          ra_gdal_features_get_layer_name (features), n_demand,
                                          error))
    goto fail;
  if (!ra_store_tx_commit (self, error))
    return ra_store_prefix_error (error, self->named_path);
  if (n_imported != NULL)
    *n_imported = n_ok;
  ra_store_emit_changed (self, desc->name, 0);
  return TRUE;

rejected:
  g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_IMPORT,
               g_dngettext (GETTEXT_PACKAGE,
                            "%s: import rejected, nothing was written: %u problem (first: %s)",
                            "%s: import rejected, nothing was written: %u problems (first: %s)",
                            report->len),
               display, report->len, (const char *) g_ptr_array_index (report, 0));
  return FALSE;

fail:
  ra_store_tx_rollback (self);
  return ra_store_prefix_error (error, self->named_path);
}

gboolean
ra_store_import_layer (RaStore     *self,
                       const char  *path,
                       const char  *layer_name,
                       const char  *target_table,
                       GHashTable  *field_map,
                       guint       *n_imported,
                       GPtrArray  **report,
                       GError     **error)
{
  return ra_store_import_layer_encoded (self, path, layer_name, NULL, target_table, field_map,
                                        n_imported, report, error);
}

gboolean
ra_store_import_layer_encoded (RaStore     *self,
                               const char  *path,
                               const char  *layer_name,
                               const char  *encoding,
                               const char  *target_table,
                               GHashTable  *field_map,
                               guint       *n_imported,
                               GPtrArray  **report,
                               GError     **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  const RaStoreTable *desc;
  gboolean ok;

  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (n_imported != NULL)
    *n_imported = 0;
  if (!ra_store_check_writable (self, error))
    return ra_store_prefix_error (error, self->named_path);
  desc = ra_store_find_table (target_table);
  if (desc == NULL || !desc->importable)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_IMPORT,
                   _("cannot import into “%s”: choose plants, pipelines, footprints, counties, built_up_areas or water_users"),
                   target_table ? target_table : "");
      return ra_store_prefix_error (error, self->named_path);
    }
  ok = ra_store_import_into (self, path, layer_name, encoding, desc, field_map, TRUE, n_imported,
                             problems, error);
  if (report != NULL)
    *report = g_steal_pointer (&problems);
  return ok;
}

/* ---- export ----------------------------------------------------------- */

gboolean
ra_store_export_layer (RaStore     *self,
                       const char  *table,
                       const char  *out_path,
                       GPtrArray  **warnings,
                       GError     **error)
{
  g_autofree char *display = NULL;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  GDALDatasetH src;
  const char *driver_name;
  const RaStoreTable *desc;
  GError *local = NULL;

  g_return_val_if_fail (RA_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_path != NULL, FALSE);

  display = ra_path_display_name (out_path);
  if (!ra_store_check_open (self, error) || (desc = ra_store_lookup_table (table, error)) == NULL)
    return FALSE;
  driver_name = ra_gdal_vector_driver_for_path (out_path);
  if (driver_name == NULL)
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_EXPORT,
                   _("%s: unknown format; use .shp, .gpkg, .geojson, .kml or .dxf"), display);
      return FALSE;
    }
  if (g_file_test (out_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, RA_STORE_ERROR, RA_STORE_ERROR_EXPORT,
                   _("%s: file exists; choose another name"), display);
      return FALSE;
    }

  src = self->backend->gdal_open (self->db, error);
  if (src == NULL)
    return FALSE;
  /* projects: the view, so the derived cap_total goes out too. */
  if (!ra_gdal_copy_layer (src, self->path,
                           strcmp (desc->name, "projects") == 0 ? "projects_v" : desc->name,
                           out_path, driver_name, desc->name, notes, &local))
    return ra_gdal_propagate_error (error, local, RA_STORE_ERROR, RA_STORE_ERROR_EXPORT);
  if (warnings != NULL)
    *warnings = g_steal_pointer (&notes);
  return TRUE;
}
