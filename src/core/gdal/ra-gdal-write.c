/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writing through GDAL: a layer of an open dataset copied to a new vector
 * file (the store exports its tables so), and a table of text and number
 * columns written to CSV, XLSX or ODS (the plan's appendix tables).  What a
 * driver has to change on the way is reported, not printed. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <ogr_api.h>
#include <cpl_error.h>
#include <cpl_conv.h>
#include <cpl_string.h>

#include "ra-autocleanups.h"
#include "ra-error.h"
#include "ra-gdal-error.h"
#include "ra-gdal-write.h"
#include "ra-paths.h"
#include "ra-source.h"

GDALDatasetH
ra_gdal_open_vector (const char *name, const char * const *drivers, char **why)
{
  GDALDatasetH ds;

  ra_source_init ();
  ds = GDALOpenEx (name, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, NULL, NULL);
  if (ds == NULL && why != NULL)
    *why = g_strdup (CPLGetLastErrorMsg ());
  return ds;
}

/* ---- a layer to a vector file ---------------------------------------- */

const char *
ra_gdal_vector_driver_for_path (const char *path)
{
  static const struct { const char *ext, *driver; } map[] = {
    { ".shp", "ESRI Shapefile" }, { ".gpkg", "GPKG" }, { ".geojson", "GeoJSON" },
    { ".json", "GeoJSON" }, { ".kml", "KML" }, { ".dxf", "DXF" },
  };
  g_autofree char *lower = g_ascii_strdown (path, -1);

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_str_has_suffix (lower, map[i].ext))
      return map[i].driver;
  return NULL;
}

/* "NAME: GDAL has no DRIVER driver" */
static gboolean
set_no_driver_error (GError **error, const char *display, const char *driver_name)
{
  g_set_error (error, RA_ERROR, RA_ERROR_WRITE,
               _("%s: GDAL has no %s driver"), display, driver_name);
  return FALSE;
}

/* "NAME: <what> (GDAL's last message)", and GDAL's error state cleared. */
static gboolean
set_last_error (GError **error, const char *format, const char *display)
{
  g_autofree char *why = ra_gdal_take_last_error ();

  g_set_error (error, RA_ERROR, RA_ERROR_WRITE, format, display, why);
  return FALSE;
}

gboolean
ra_gdal_copy_layer (GDALDatasetH  src,
                    const char   *src_name,
                    const char   *in_layer_name,
                    const char   *out_path,
                    const char   *driver_name,
                    const char   *table,
                    GPtrArray    *notes,
                    GError      **error)
{
  g_autofree char *display = ra_path_display_name (out_path);
  g_auto(GDALDatasetH) src_owned = src;
  g_auto(GDALDatasetH) dst = NULL;
  gboolean is_shp = strcmp (driver_name, "ESRI Shapefile") == 0;
  gboolean is_dxf = strcmp (driver_name, "DXF") == 0;
  GDALDriverH driver;
  OGRLayerH in_layer, out_layer;
  OGRFeatureDefnH in_defn;
  OGRFeatureH feature;
  RaGdalCapture cap;
  char **lco = NULL;

  in_layer = GDALDatasetGetLayerByName (src, in_layer_name);
  if (in_layer == NULL)
    {
      g_set_error (error, RA_ERROR, RA_ERROR_NOT_FOUND,
                   _("%s: GDAL does not see the table “%s”"), src_name, table);
      return FALSE;
    }
  in_defn = OGR_L_GetLayerDefn (in_layer);

  driver = GDALGetDriverByName (driver_name);
  if (driver == NULL)
    return set_no_driver_error (error, display, driver_name);
  dst = GDALCreate (driver, out_path, 0, 0, 0, GDT_Unknown, NULL);
  if (dst == NULL)
    return set_last_error (error, _("%s: cannot be created (%s)"), display);
  if (is_shp)
    lco = CSLSetNameValue (lco, "ENCODING", "UTF-8");   /* writes the .cpg */
  out_layer = GDALDatasetCreateLayer (dst, table, OGR_L_GetSpatialRef (in_layer),
                                      is_dxf ? wkbUnknown : OGR_L_GetGeomType (in_layer), lco);
  CSLDestroy (lco);
  if (out_layer == NULL)
    return set_last_error (error, _("%s: cannot create the layer (%s)"), display);

  if (!is_dxf)   /* DXF carries no attribute table */
    for (int i = 0; i < OGR_FD_GetFieldCount (in_defn); i++)
      {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn (in_defn, i);
        const char *name = OGR_Fld_GetNameRef (fd);

        CPLPushErrorHandler (CPLQuietErrorHandler);
        if (OGR_L_CreateField (out_layer, fd, TRUE) != OGRERR_NONE)
          g_ptr_array_add (notes, g_strdup_printf (_("%s: field “%s” could not be written"),
                                                   display, name));
        CPLPopErrorHandler ();
        if (is_shp && strlen (name) > 10)
          {
            OGRFeatureDefnH out_defn = OGR_L_GetLayerDefn (out_layer);
            int n = OGR_FD_GetFieldCount (out_defn);
            const char *got = n > 0 ? OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (out_defn, n - 1)) : "";

            g_ptr_array_add (notes,
                             g_strdup_printf (_("%s: field name “%s” is longer than the 10 bytes a Shapefile allows; it was written as “%s”"),
                                              display, name, got));
          }
      }

  /* What the driver has to cut or change (a Shapefile's 254-byte text
   * values, for one) is reported, not printed and forgotten. */
  ra_gdal_capture_begin (&cap, RA_GDAL_CAPTURE_MESSAGES);
  OGR_L_ResetReading (in_layer);
  while ((feature = OGR_L_GetNextFeature (in_layer)) != NULL)
    {
      g_auto(OGRFeatureH) in = feature;
      g_auto(OGRFeatureH) out = OGR_F_Create (OGR_L_GetLayerDefn (out_layer));

      if (is_dxf)
        OGR_F_SetGeometry (out, OGR_F_GetGeometryRef (in));
      else
        OGR_F_SetFrom (out, in, TRUE);
      if (OGR_L_CreateFeature (out_layer, out) != OGRERR_NONE)
        {
          g_set_error (error, RA_ERROR, RA_ERROR_WRITE,
                       _("%s: writing feature %" PRId64 " failed (%s)"), display,
                       (gint64) OGR_F_GetFID (in),
                       cap.messages->len > 0 ? (const char *) g_ptr_array_index (cap.messages, 0) : "?");
          ra_gdal_capture_end (&cap);
          return FALSE;
        }
    }
  g_clear_pointer (&dst, GDALClose);
  for (guint i = 0; i < cap.messages->len; i++)
    g_ptr_array_add (notes, g_strdup_printf ("%s: %s", display,
                                             (const char *) g_ptr_array_index (cap.messages, i)));
  ra_gdal_capture_end (&cap);

  if (is_shp)
    {
      /* The .cpg is what makes Chinese text readable elsewhere: make sure. */
      g_autofree char *stem = g_strndup (out_path, strlen (out_path) - 4);
      g_autofree char *cpg = g_strconcat (stem, ".cpg", NULL);

      if (!g_file_test (cpg, G_FILE_TEST_EXISTS) &&
          !g_file_set_contents (cpg, "UTF-8", -1, error))
        return FALSE;
    }
  return TRUE;
}

/* ---- a table to CSV, XLSX or ODS ------------------------------------- */

static const char *
table_driver_for_path (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".csv"))
    return "CSV";
  if (g_str_has_suffix (lower, ".xlsx"))
    return "XLSX";
  if (g_str_has_suffix (lower, ".ods"))
    return "ODS";
  return NULL;
}

gboolean
ra_gdal_write_table (const RaGdalTable *table, const char *path, GError **error)
{
  g_autofree char *display = NULL;
  g_auto(GDALDatasetH) ds = NULL;
  const char *driver_name;
  GDALDriverH driver;
  OGRLayerH layer;
  char **lco = NULL;

  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  display = ra_path_display_name (path);
  driver_name = table_driver_for_path (path);
  if (driver_name == NULL)
    {
      g_set_error (error, RA_ERROR, RA_ERROR_WRITE,
                   _("%s: unknown table format; use .csv, .xlsx or .ods"), display);
      return FALSE;
    }
  ra_source_init ();
  driver = GDALGetDriverByName (driver_name);
  if (driver == NULL)
    return set_no_driver_error (error, display, driver_name);
  /* The drivers refuse to overwrite; replacing is what "export" means here. */
  if (g_file_test (path, G_FILE_TEST_EXISTS) && g_unlink (path) != 0)
    {
      g_set_error (error, RA_ERROR, RA_ERROR_WRITE,
                   _("%s: cannot replace the existing file (%s)"), display, g_strerror (errno));
      return FALSE;
    }
  ds = GDALCreate (driver, path, 0, 0, 0, GDT_Unknown, NULL);
  if (ds == NULL)
    return set_last_error (error, _("%s: cannot be created (%s)"), display);
  layer = GDALDatasetCreateLayer (ds, table->name, NULL, wkbNone, lco);
  if (layer == NULL)
    return set_last_error (error, _("%s: cannot create the table (%s)"), display);
  for (guint c = 0; c < table->n_columns; c++)
    {
      OGRFieldDefnH fd = OGR_Fld_Create (table->headers[c], table->numeric[c] ? OFTReal : OFTString);
      OGRErr err = OGR_L_CreateField (layer, fd, TRUE);

      OGR_Fld_Destroy (fd);
      if (err != OGRERR_NONE)
        {
          g_autofree char *why = ra_gdal_take_last_error ();

          g_set_error (error, RA_ERROR, RA_ERROR_WRITE,
                       _("%s: cannot create column “%s” (%s)"), display, table->headers[c], why);
          return FALSE;
        }
    }
  for (guint r = 0; r < table->n_rows; r++)
    {
      g_auto(OGRFeatureH) f = OGR_F_Create (OGR_L_GetLayerDefn (layer));
      const char * const *text = NULL;
      const double *values = NULL;

      table->get_row (table->data, r, &text, &values);
      for (guint c = 0; c < table->n_columns; c++)
        {
          if (table->numeric[c] && !isnan (values[c]))
            OGR_F_SetFieldDouble (f, (int) c, values[c]);
          else if (!table->numeric[c] && text[c] != NULL)
            OGR_F_SetFieldString (f, (int) c, text[c]);
        }
      if (OGR_L_CreateFeature (layer, f) != OGRERR_NONE)
        {
          g_autofree char *why = ra_gdal_take_last_error ();

          g_set_error (error, RA_ERROR, RA_ERROR_WRITE,
                       _("%s: writing row %u failed (%s)"), display, r + 1, why);
          return FALSE;
        }
    }
  /* Closing flushes (XLSX and ODS are written at close); GDAL 3.6's
   * GDALClose returns nothing, so look at the error state instead. */
  CPLErrorReset ();
  GDALClose (g_steal_pointer (&ds));
  if (CPLGetLastErrorType () >= CE_Failure)
    return set_last_error (error, _("%s: cannot be written (%s)"), display);
  return TRUE;
}

guchar *
ra_gdal_deflate (const guchar *data, gsize len, gsize *out_len)
{
  size_t z_len = 0;
  void *z = CPLZLibDeflate (data, len, 1, NULL, 0, &z_len);
  guchar *copy;

  if (z == NULL)
    return NULL;
  /* CPL memory is freed with CPLFree; callers get GLib memory. */
  copy = g_memdup2 (z, z_len);
  CPLFree (z);
  *out_len = z_len;
  return copy;
}
