/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The features of one GDAL layer one at a time, for the store: a data file
 * opened as the viewer opens it (a CRS PROJ does not know caught, text
 * decoded as declared, detected or chosen) for an import, or a CSV table
 * of a sample read as it is. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ra-autocleanups.h"
#include "ra-gdal-error.h"
#include "ra-gdal-features.h"
#include "ra-paths.h"

struct _RaGdalFeatures {
  /* owned */
  GDALDatasetH     ds;
  RaSourceText     text;      /* text.layer: the layer read (of text.raw_ds or ds) */
  OGRFeatureH      current;   /* (nullable) */
  GPtrArray       *values;    /* values of the current feature that are not text */
  /* borrowed */
  OGRFeatureDefnH  defn;
};

static RaGdalFeatures *
features_new (GDALDatasetH ds, OGRLayerH layer)
{
  RaGdalFeatures *features = g_new0 (RaGdalFeatures, 1);

  features->ds = ds;
  features->values = g_ptr_array_new_with_free_func (g_free);
  features->text.layer = layer;
  features->defn = OGR_L_GetLayerDefn (layer);
  return features;
}

RaGdalFeatures *
ra_gdal_features_open (const char  *path,
                       const char  *layer_name,
                       const char  *encoding,
                       char       **crs_problem,
                       GError     **error)
{
  g_autofree char *display = NULL;
  g_autofree char *first_failure = NULL;
  g_autoptr(RaGdalFeatures) features = NULL;
  GDALDatasetH ds;
  OGRLayerH layer;

  g_return_val_if_fail (path != NULL, NULL);

  display = ra_path_display_name (path);
  ds = ra_source_gdal_open (path, NULL, crs_problem, &first_failure);
  if (ds == NULL)
    {
      g_set_error (error, RA_ERROR, RA_ERROR_UNSUPPORTED,
                   _("%s: cannot be opened as vector data (%s)"), display,
                   first_failure != NULL ? first_failure : _("not a format GDAL reads"));
      return NULL;
    }
  layer = layer_name != NULL ? GDALDatasetGetLayerByName (ds, layer_name)
                             : GDALDatasetGetLayer (ds, 0);
  if (layer == NULL)
    {
      g_set_error (error, RA_ERROR, RA_ERROR_NOT_FOUND,
                   _("%s: no layer “%s”"), display, layer_name ? layer_name : "0");
      GDALClose (ds);
      return NULL;
    }
  features = features_new (ds, layer);
  /* Undeclared text (a shapefile without .cpg) is read raw and decoded
   * from the detected or chosen encoding, as when the layer is viewed. */
  ra_source_text_setup (ds, layer, path, encoding, &features->text);
  features->defn = OGR_L_GetLayerDefn (features->text.layer);
  return g_steal_pointer (&features);
}

RaGdalFeatures *
ra_gdal_features_open_csv (const char *path, GError **error)
{
  const char *allowed[] = { "CSV", NULL };
  GDALDatasetH ds;

  g_return_val_if_fail (path != NULL, NULL);

  ra_source_init ();
  ds = GDALOpenEx (path, GDAL_OF_VECTOR | GDAL_OF_READONLY, allowed, NULL, NULL);
  if (ds == NULL)
    {
      g_autofree char *display = ra_path_display_name (path);
      g_autofree char *why = ra_gdal_take_last_error ();

      g_set_error (error, RA_ERROR, RA_ERROR_NOT_FOUND,
                   _("%s: cannot read the table (%s)"), display, why);
      return NULL;
    }
  return features_new (ds, GDALDatasetGetLayer (ds, 0));
}

void
ra_gdal_features_free (RaGdalFeatures *features)
{
  if (features == NULL)
    return;
  g_clear_pointer (&features->current, OGR_F_Destroy);
  g_clear_pointer (&features->values, g_ptr_array_unref);
  ra_source_text_clear (&features->text);
  g_clear_pointer (&features->ds, GDALClose);
  g_free (features);
}

const char *
ra_gdal_features_get_layer_name (RaGdalFeatures *features)
{
  return OGR_L_GetName (features->text.layer);
}

guint
ra_gdal_features_get_n_fields (RaGdalFeatures *features)
{
  return (guint) OGR_FD_GetFieldCount (features->defn);
}

const char *
ra_gdal_features_get_field_name (RaGdalFeatures *features, guint i)
{
  return OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (features->defn, (int) i));
}

int
ra_gdal_features_get_field_index (RaGdalFeatures *features, const char *name)
{
  return OGR_FD_GetFieldIndex (features->defn, name);
}

const RaSourceText *
ra_gdal_features_get_text (RaGdalFeatures *features)
{
  return &features->text;
}

gboolean
ra_gdal_features_has_crs (RaGdalFeatures *features)
{
  return OGR_L_GetSpatialRef (features->text.layer) != NULL;
}

RaCrs *
ra_gdal_features_dup_crs (RaGdalFeatures *features, RaGdalCrsFlags flags)
{
  OGRSpatialReferenceH srs = OGR_L_GetSpatialRef (features->text.layer);

  return srs != NULL ? ra_gdal_crs_from_ogr (srs, flags) : NULL;
}

void
ra_gdal_features_rewind (RaGdalFeatures *features)
{
  g_ptr_array_set_size (features->values, 0);
  g_clear_pointer (&features->current, OGR_F_Destroy);
  OGR_L_ResetReading (features->text.layer);
}

gboolean
ra_gdal_features_next (RaGdalFeatures *features)
{
  g_ptr_array_set_size (features->values, 0);
  g_clear_pointer (&features->current, OGR_F_Destroy);
  features->current = OGR_L_GetNextFeature (features->text.layer);
  return features->current != NULL;
}

gint64
ra_gdal_features_get_fid (RaGdalFeatures *features)
{
  g_return_val_if_fail (features->current != NULL, -1);
  return (gint64) OGR_F_GetFID (features->current);
}

const char *
ra_gdal_features_get_value (RaGdalFeatures *features, int idx)
{
  const char *s;

  g_return_val_if_fail (features->current != NULL, NULL);
  if (idx < 0 || !OGR_F_IsFieldSetAndNotNull (features->current, idx))
    return NULL;
  s = OGR_F_GetFieldAsString (features->current, idx);
  if (s == NULL || *s == '\0')
    return NULL;
  /* GDAL formats a number into one buffer for every field: keep a copy. */
  if (OGR_F_GetFieldDefnRef (features->current, idx) != NULL &&
      OGR_Fld_GetType (OGR_F_GetFieldDefnRef (features->current, idx)) != OFTString)
    {
      char *copy = g_strdup (s);

      g_ptr_array_add (features->values, copy);
      return copy;
    }
  return s;
}

const char *
ra_gdal_features_get_value_by_name (RaGdalFeatures *features, const char *name)
{
  g_return_val_if_fail (features->current != NULL, NULL);
  return ra_gdal_features_get_value (features, OGR_F_GetFieldIndex (features->current, name));
}

OGRGeometryH
ra_gdal_features_get_geometry (RaGdalFeatures *features)
{
  g_return_val_if_fail (features->current != NULL, NULL);
  return OGR_F_GetGeometryRef (features->current);
}
