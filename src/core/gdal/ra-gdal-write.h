/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Writing through GDAL: a layer copied to a vector file (the store's
 * export) and a plain table to CSV, XLSX or ODS (the plan's appendix
 * tables).  Errors are RA_ERROR and name the file; callers that report in
 * their own domain pass them on with ra_gdal_propagate_error. */

#include <gdal.h>
#include <glib.h>

G_BEGIN_DECLS

/* Opens a vector dataset read-only with one of drivers (NULL: any).  On
 * failure *why (optional, transfer full) is GDAL's last message.
 * Returns: (transfer full) (nullable) */
GDALDatasetH  ra_gdal_open_vector              (const char          *name,
                                                const char * const  *drivers,
                                                char               **why);

/* The driver that writes a vector file named path, by its extension
 * (.shp .gpkg .geojson .json .kml .dxf); NULL for any other. */
const char   *ra_gdal_vector_driver_for_path   (const char *path);

/* Copies the layer in_layer of src (transfer full: closed when done;
 * src_name: how messages name src) to a
 * new file out_path written by driver_name, as a layer named table (the
 * messages name the table too).  A Shapefile gets UTF-8 text and always a
 * .cpg; a DXF gets the geometries only.  notes receives a message for each
 * field that could not be written or was renamed (a Shapefile's 10 bytes)
 * and for each value the driver had to change.  Errors: RA_ERROR, or a
 * G_FILE_ERROR when the .cpg cannot be written. */
gboolean      ra_gdal_copy_layer               (GDALDatasetH  src,
                                                const char   *src_name,
                                                const char   *in_layer,
                                                const char   *out_path,
                                                const char   *driver_name,
                                                const char   *table,
                                                GPtrArray    *notes,
                                                GError      **error);

/* A table of text and number columns, one row at a time. */
typedef struct {
  const char          *name;        /* the layer (sheet) name */
  guint                n_columns;
  const char * const  *headers;     /* n_columns entries */
  const gboolean      *numeric;     /* n_columns entries */
  guint                n_rows;
  /* Row r's cells: text (NULL entries blank) in the text columns, values
   * (NAN blank) in the numeric ones; both arrays of n_columns entries. */
  void               (*get_row)     (gpointer             data,
                                     guint                r,
                                     const char * const **text,
                                     const double       **values);
  gpointer             data;
} RaGdalTable;

/* Writes table to path; the format follows the extension (.csv, .xlsx,
 * .ods).  An existing file is replaced. */
gboolean      ra_gdal_write_table              (const RaGdalTable *table,
                                                const char        *path,
                                                GError           **error);

/* Deflates len bytes of data into a zlib stream with GDAL's deflate
 * (libdeflate when GDAL has it) at level 1, for the renderer's PNG writer.
 * Returns: (transfer full) (nullable) free with g_free; *out_len its size. */
guchar       *ra_gdal_deflate                  (const guchar  *data,
                                                gsize          len,
                                                gsize         *out_len);

G_END_DECLS
